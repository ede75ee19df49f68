"""Checks first needed by the timeline and contract rules (generic all the same)."""

from __future__ import annotations
