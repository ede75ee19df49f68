"""Words the report shows: counts, severities, moments and plan strings
made safe to print, in the reader's language (say.py: the run's translator
as the templates use it).

English is the language the page was written in: every function here says
in English exactly what the report has always said, at the same cost, and
asks the translator only for another language."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from migralint import timeutil
from migralint.i18n.translator import ENGLISH, Translator
from migralint.i18n.values import N_, Day
from migralint.textutil import escape as escape_controls
from migralint.textutil import excerpt

SEVERITY_TITLES = {
    "error": N_("Errors"),
    "warning": N_("Warnings"),
    "info": N_("For information"),
}
# The legend's entry for the findings of a severity.
SEVERITY_FINDINGS = {
    "error": N_("error finding"),
    "warning": N_("warning finding"),
    "info": N_("info finding"),
}
# The shape a severity is drawn with (colour is never the only sign).
SEVERITY_SHAPES = {"error": "diamond", "warning": "triangle", "info": "circle"}


def severity_word(severity: str, tr: Translator = ENGLISH) -> str:
    """A severity as a finding's badge says it: the word of `check`'s lines."""
    if tr.english:
        return severity
    if severity == "error":
        return tr.pgettext("severity", "error")
    if severity == "warning":
        return tr.pgettext("severity", "warning")
    if severity == "info":
        return tr.pgettext("severity", "info")
    return severity


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def count(n: int, tr: Translator = ENGLISH) -> str:
    """A count as a sentence of the page says it (``1,024``)."""
    return f"{n:,}" if tr.english else tr.number(n)


def counts_text(errors: int, warnings: int, infos: int = 0, tr: Translator = ENGLISH) -> str:
    """``no errors, 2 warnings``; infos only when there are some."""
    if tr.english:
        parts = [
            plural(errors, "error") if errors else "no errors",
            plural(warnings, "warning") if warnings else "no warnings",
        ]
        if infos:
            parts.append(f"{infos:,} for information")
        return ", ".join(parts)
    return _counts(tr, errors, warnings, infos)


@lru_cache(maxsize=4096)
def _counts(tr: Translator, errors: int, warnings: int, infos: int) -> str:
    parts = [
        tr.plural("{n} error", "{n} errors", errors) if errors else tr.gettext("no errors"),
        tr.plural("{n} warning", "{n} warnings", warnings)
        if warnings
        else tr.gettext("no warnings"),
    ]
    if infos:
        parts.append(tr.plural("{n} for information", "{n} for information", infos))
    return tr.pgettext("list separator", ", ").join(parts)


@lru_cache(maxsize=8192)
def _text(value: str, limit: int) -> str:
    return excerpt(value, limit) if limit else escape_controls(value)


def text(value: object, limit: int = 200) -> str:
    """A string from a plan, a file or a configuration, as the page shows it:
    control and bidi characters escaped, and at most ``limit`` characters."""
    if value is None:
        return ""
    return _text(value if isinstance(value, str) else str(value), limit)


def moment(value: dt.date | dt.datetime, tz: dt.tzinfo | None, tr: Translator = ENGLISH) -> str:
    """``Tuesday 2025-03-11 10:00 Europe/Berlin``, ``Monday 2025-02-17``."""
    # Equal instants at other offsets are equal keys: the offset is part of it.
    offset = value.utcoffset() if isinstance(value, dt.datetime) else None
    said = _moment(value, tz, offset)
    return said if tr.english else tr.value(said)


@lru_cache(maxsize=8192)
def _moment(value: dt.date | dt.datetime, tz: dt.tzinfo | None, offset: object) -> str:
    try:
        return timeutil.describe(value, tz)
    except (OverflowError, ValueError):
        return value.isoformat()


def day(value: dt.date, tr: Translator = ENGLISH) -> str:
    """A date without its weekday: ``2025-04-18`` in English."""
    return value.isoformat() if tr.english else tr.value(Day(value))


def period(
    start: dt.date | dt.datetime,
    end: dt.date | dt.datetime | None,
    tz: dt.tzinfo | None,
    tr: Translator = ENGLISH,
) -> str:
    if end is None or end == start:
        return moment(start, tz, tr)
    if tr.english:
        return f"{moment(start, tz)} to {moment(end, tz)}"
    return tr("{start} to {end}", start=moment(start, tz, tr), end=moment(end, tz, tr))
