"""Words the report shows: counts, severities, moments and plan strings
made safe to print."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from migralint import timeutil
from migralint.textutil import escape, excerpt

SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "For information"}
# The shape a severity is drawn with (colour is never the only sign).
SEVERITY_SHAPES = {"error": "diamond", "warning": "triangle", "info": "circle"}


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def counts_text(errors: int, warnings: int, infos: int = 0) -> str:
    """``no errors, 2 warnings``; infos only when there are some."""
    parts = [
        plural(errors, "error") if errors else "no errors",
        plural(warnings, "warning") if warnings else "no warnings",
    ]
    if infos:
        parts.append(f"{infos:,} for information")
    return ", ".join(parts)


@lru_cache(maxsize=8192)
def _text(value: str, limit: int) -> str:
    return excerpt(value, limit) if limit else escape(value)


def text(value: object, limit: int = 200) -> str:
    """A string from a plan, a file or a configuration, as the page shows it:
    control and bidi characters escaped, and at most ``limit`` characters."""
    if value is None:
        return ""
    return _text(value if isinstance(value, str) else str(value), limit)


def moment(value: dt.date | dt.datetime, tz: dt.tzinfo | None) -> str:
    """``Tuesday 2025-03-11 10:00 Europe/Berlin``, ``Monday 2025-02-17``."""
    # Equal instants at other offsets are equal keys: the offset is part of it.
    offset = value.utcoffset() if isinstance(value, dt.datetime) else None
    return _moment(value, tz, offset)


@lru_cache(maxsize=8192)
def _moment(value: dt.date | dt.datetime, tz: dt.tzinfo | None, offset: object) -> str:
    try:
        return timeutil.describe(value, tz)
    except (OverflowError, ValueError):
        return value.isoformat()


def period(start: dt.date | dt.datetime, end: dt.date | dt.datetime | None, tz) -> str:  # type: ignore[no-untyped-def]
    if end is None or end == start:
        return moment(start, tz)
    return f"{moment(start, tz)} to {moment(end, tz)}"
