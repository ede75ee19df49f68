"""migralint: a linter for marketing-technology migration plans."""

from __future__ import annotations

__version__ = "0.1.0"
