"""Checks first needed by the discovery and inventory rules (generic all the same)."""

from __future__ import annotations
