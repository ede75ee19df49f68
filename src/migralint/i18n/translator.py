"""One language's words and formats: the bundled catalogs (stdlib gettext
over the compiled ``.mo`` files), the user's catalogs for their own rule
files, and Babel for dates, weekdays, numbers, lists and durations.

English is the source language: its translator returns every text as it is
and never imports Babel, so English output stays what it always was and
costs nothing more.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import lru_cache
from typing import Any

from migralint.i18n import LOCALE_DIR, RTL

# The plural ending of the languages whose words take one, as rule messages
# write it after a word ("phase{s}"); Korean, Thai and Arabic add none.
_PLURAL_SUFFIX = {"en": "s", "es": "s", "fr": "s"}

# Babel's unit names for the parts of a Span.
_UNITS = {
    "year": "duration-year",
    "month": "duration-month",
    "week": "duration-week",
    "day": "duration-day",
    "hour": "duration-hour",
    "minute": "duration-minute",
    "second": "duration-second",
}


class Translator:
    """The words of one language. ``extra`` maps (context, English) to the
    translation, from the user's catalogs (their rule files' texts)."""

    def __init__(
        self, lang: str = "en", *, buddhist: bool = False, extra: dict | None = None
    ) -> None:
        self.lang = lang
        self.english = lang == "en"
        self.rtl = lang in RTL
        self.buddhist = buddhist and lang == "th"
        self.extra = extra or {}
        self._by_text: dict[str, str] | None = None
        if self.english:
            self._code = self._rules = gettext.NullTranslations()
        else:
            self._code = gettext.translation("migralint", LOCALE_DIR, [lang])
            self._rules = gettext.translation("rules", LOCALE_DIR, [lang])
            from babel import Locale

            self.locale = Locale.parse(lang)

    @property
    def tag(self) -> str:
        """The language as BCP 47 says it (SARIF's `language`, HTML's `lang`)."""
        return "th-u-ca-buddhist" if self.buddhist else self.lang

    # -- words -----------------------------------------------------------
    def gettext(self, message: str) -> str:
        return message if self.english else self._code.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.english:
            return singular if n == 1 else plural
        return self._code.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return message if self.english else self._code.pgettext(context, message)

    def rule(self, context: str, text: str) -> str:
        """A rule file's text (context: the rule's code, or the family's):
        the user's catalogs first, then the bundled rules' catalog."""
        if self.english or not text:
            return text
        found = self.extra.get((context, text))
        if found:
            return found
        return self._rules.pgettext(context, text)

    def rule_text(self, text: str) -> str:
        """A rule file's text whose rule the caller does not know (a check's
        argument): the translation any rule gives it."""
        if self.english or not text:
            return text
        for (_, english), said in self.extra.items():
            if english == text:
                return said
        if self._by_text is None:
            catalog = getattr(self._rules, "_catalog", {})
            self._by_text = {
                key.split("\x04", 1)[-1]: value
                for key, value in catalog.items()
                if isinstance(key, str) and value
            }
        return self._by_text.get(text, text)

    @property
    def plural_suffix(self) -> str:
        """The ending a rule's message adds to a word for more than one ("phase{s}")."""
        return _PLURAL_SUFFIX.get(self.lang, "")

    def __call__(self, message: str, /, **params: Any) -> str:
        """A message of the code with its values: ``tr("{n} files", n=3)``."""
        text = self.gettext(message)
        if not params:
            return text
        if not self.english:
            params = {k: self.value(v) for k, v in params.items()}
        return text.format_map(params)

    def plural(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        """A message with a count, in the form for that count; ``{n}`` is the
        count with its thousands grouped (``1,024 files``)."""
        text = self.ngettext(singular, plural, n)
        if self.english:
            return text.format_map({"n": f"{n:,}", **params})
        return text.format_map(
            {"n": self.number(n), **{k: self.value(v) for k, v in params.items()}}
        )

    def value(self, value: Any) -> Any:
        """A message's value in this language (numbers grouped from 10,000)."""
        if self.english:
            return value
        localize = getattr(value, "localize", None)
        if localize is not None:
            return localize(self)
        if type(value) is int and abs(value) >= 10_000:
            return self.number(value)
        return value

    # -- formats ---------------------------------------------------------
    def number(self, n: int | float) -> str:
        if self.english:
            return str(n)
        return _number(self.lang, n)

    def moment(self, moment: dt.date, zone: str = "") -> str:
        """A date with its weekday, or a wall-clock date-time with its time
        zone's IANA name: ``viernes, 14 de marzo de 2025, 16:30 Europe/Berlin``."""
        if isinstance(moment, dt.datetime):
            clock = "HH:mm:ss" if moment.second else "HH:mm"
            return _moment(self.lang, self.buddhist, moment.replace(tzinfo=None), clock, zone)
        return _date(self.lang, self.buddhist, moment, "full")

    def day(self, day: dt.date) -> str:
        return _date(self.lang, self.buddhist, day, "long")

    def weekday(self, index: int) -> str:
        return _weekday(self.lang, index)

    def span(self, parts: tuple[tuple[float, str], ...], sign: str = "") -> str:
        return _span(self.lang, parts, sign)

    def listing(self, items: list[str], style: str = "standard") -> str:
        if self.english:
            return ", ".join(items)
        from babel.lists import format_list

        return format_list(items, style=style, locale=self.locale) if items else ""


ENGLISH = Translator("en")


@lru_cache(maxsize=64)
def translator(lang: str, buddhist: bool = False) -> Translator:
    """The translator of a bundled language (cached: catalogs are read once)."""
    return ENGLISH if lang == "en" else Translator(lang, buddhist=buddhist)


# Babel's formatting, cached: a run formats the same few dates many times.
@lru_cache(maxsize=4096)
def _number(lang: str, n: int | float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(n, locale=lang)


def _year_pattern(lang: str, buddhist: bool, pattern: str, year: int) -> str:
    """``pattern`` with its year fields as the Buddhist era's year (Babel
    formats the Gregorian calendar only; the era's year is the Gregorian
    plus 543, and the era's name in CLDR's Thai is พ.ศ.)."""
    if not buddhist:
        return pattern
    import re

    pattern = re.sub(r"G+", "'พ.ศ.'", pattern)
    return re.sub(r"y+", f"'{year + 543}'", pattern)


@lru_cache(maxsize=4096)
def _date(lang: str, buddhist: bool, day: dt.date, width: str) -> str:
    from babel.dates import format_date, get_date_format

    pattern = get_date_format(width, locale=lang).pattern
    if buddhist and "G" not in pattern:
        pattern = pattern.replace("y", "G y", 1)
    if lang == "fr" and day.day == 1:
        # French writes the first of a month as an ordinal, "le mardi 1er avril"
        # (CLDR's pattern gives "1 avril"); its patterns hold one lone "d".
        pattern = pattern.replace("d", "'1er'", 1) if pattern.count("d") == 1 else pattern
    return format_date(day, _year_pattern(lang, buddhist, pattern, day.year), locale=lang)


@lru_cache(maxsize=4096)
def _moment(lang: str, buddhist: bool, moment: dt.datetime, clock: str, zone: str) -> str:
    from babel.dates import format_time, get_datetime_format

    day = _date(lang, buddhist, moment.date(), "full")
    time = format_time(moment.time(), clock, locale=lang)
    pattern = get_datetime_format("medium", locale=lang).replace("'", "")
    joined = pattern.replace("{1}", day).replace("{0}", time)
    return f"{joined} {zone}" if zone else joined


@lru_cache(maxsize=64)
def _weekday(lang: str, index: int) -> str:
    from babel.dates import get_day_names

    return get_day_names("wide", locale=lang)[index]


@lru_cache(maxsize=4096)
def _span(lang: str, parts: tuple[tuple[float, str], ...], sign: str) -> str:
    from babel.lists import format_list
    from babel.units import format_unit

    said = [format_unit(amount, _UNITS[unit], length="long", locale=lang) for amount, unit in parts]
    if not said:
        return ""
    try:  # "2주 2일", not "2주 및 2일"; some locales' unit lists are incomplete in CLDR
        return sign + format_list(said, style=_SPAN_LIST.get(lang, "standard"), locale=lang)
    except KeyError:
        return sign + format_list(said, locale=lang)


# How a language joins the parts of a duration (CLDR's list styles).
_SPAN_LIST = {"ko": "unit", "th": "unit"}
