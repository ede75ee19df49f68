"""Checks first needed by the communication, governance and readiness rules (generic all the same)."""

from __future__ import annotations
