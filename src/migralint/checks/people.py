"""Checks first needed by the communication, governance and readiness rules."""

from __future__ import annotations
