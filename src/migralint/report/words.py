"""Words the report shows: counts, severities, moments and plan strings
made safe to print, in the reader's language (``Say``: the run's
translator as the page uses it).

English is the language the page was written in: every function here says
in English exactly what the report has always said, at the same cost, and
asks the translator only for another language."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

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

_BDI = Markup("<bdi>%s</bdi>")
_LTR = Markup(' dir="ltr"')
_NOTHING = Markup("")


class Say:
    """The run's translator as the page uses it, one per rendering (its
    lookups are cached for the page): ``say("text {x}", x=...)`` is the
    message in the reader's language as markup, its values escaped, and in
    a right-to-left page each value isolated in ``<bdi>`` (a value that is
    markup already, ``<code>`` or a link, isolates itself). ``text`` says
    the same without isolation (for attributes and the SVG's titles).

    English returns each message as it is written (the templates' own
    text, trusted) and formats its values as the templates always did:
    ``{n}`` ungrouped. A translation is escaped, so a catalog cannot put
    markup in the page."""

    def __init__(self, tr: Translator = ENGLISH) -> None:
        self.tr = tr
        self.english = tr.english
        self.rtl = tr.rtl
        self.lang = tr.tag
        # On a right-to-left page, what stays left to right says so (codes, source, the timeline).
        self.ltr = _LTR if tr.rtl else _NOTHING
        self.separator = ", " if tr.english else tr.pgettext("list separator", ", ")
        self.severity_titles = {k: self.tr.gettext(v) for k, v in SEVERITY_TITLES.items()}
        self._templates: dict[str, str] = {}
        self._said: dict[str, Markup] = {}

    # -- messages --------------------------------------------------------
    def _template(self, message: str) -> str:
        found = self._templates.get(message)
        if found is None:
            found = message if self.english else str(escape(self.tr.gettext(message)))
            self._templates[message] = found
        return found

    def _values(self, params: dict[str, Any], isolate: bool) -> dict[str, Any]:
        if self.english:
            return {k: escape(v) for k, v in params.items()}
        value = self.tr.value
        if not isolate or not self.rtl:
            return {k: escape(value(v)) for k, v in params.items()}
        return {k: v if isinstance(v, Markup) else _BDI % value(v) for k, v in params.items()}

    def __call__(self, message: str, /, **params: Any) -> Markup:
        if not params:
            found = self._said.get(message)
            if found is None:
                found = self._said[message] = Markup(self._template(message))
            return found
        return Markup(self._template(message).format_map(self._values(params, True)))

    def text(self, message: str, /, **params: Any) -> Markup:
        """A message for an attribute or a text-only element: no isolation."""
        if not params:
            return self(message)
        return Markup(self._template(message).format_map(self._values(params, False)))

    def plural(self, singular: str, plural: str, n: int, /, **params: Any) -> Markup:
        """A message with a count in the form for it; ``{n}`` is the count
        (ungrouped in English, as the templates printed it)."""
        if self.english:
            template = singular if n == 1 else plural
            return Markup(template.format_map({"n": n, **self._values(params, True)}))
        template = str(escape(self.tr.ngettext(singular, plural, n)))
        values = self._values(params, True)
        number = self.tr.number(n)
        values["n"] = _BDI % number if self.rtl else number
        return Markup(template.format_map(values))

    # -- values ----------------------------------------------------------
    def iso(self, value: Any) -> Markup:
        """A value from the plan or the run (a path, a name, a date) as the
        page shows it; isolated in ``<bdi>`` on a right-to-left page."""
        return _BDI % value if self.rtl else escape(value)

    @staticmethod
    def markup(*parts: Any) -> Markup:
        """Markup for a message's value: the template's own text (trusted)
        and values (escaped), in turn: ``markup('<a href="#', anchor, '">')``."""
        return Markup("").join(
            Markup(part) if number % 2 == 0 else escape(part) for number, part in enumerate(parts)
        )

    def join(self, items: list[Any]) -> Markup:
        """Items, the language's list separator between them."""
        if self.rtl:
            return Markup(self.separator).join(_BDI % item for item in items)
        return Markup(escape(self.separator)).join(items)


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
