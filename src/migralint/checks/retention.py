"""Checks first needed by the data, retention and consent rules (generic all the same)."""

from __future__ import annotations
