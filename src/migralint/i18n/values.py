"""Values that a message says in its reader's language.

Checks, the loader and the commands compose parts of messages: a moment, a
date, a duration, a phrase ("the working day before 2025-04-18,"). Each is
made here as a ``str`` whose text is the English, exactly as migralint has
always printed it, and which also keeps what it takes to say it in another
language: the moment, the parts of the duration, the phrase's template and
values. English output therefore never changes; a translator (``Translator``
in ``translator.py``) asks a value for its ``localize``. Nothing here imports
Babel: values are built on every run, localized only in other languages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def _rebuild(cls: type, text: str, state: dict[str, Any]) -> Localized:
    value = str.__new__(cls, text)
    value.__dict__.update(state)
    return value


class Localized(str):
    """English text that can say itself in another language."""

    def localize(self, tr: Any) -> str:  # pragma: no cover - every kind defines it
        raise NotImplementedError

    def __reduce__(self) -> tuple:  # findings cross processes with what they need
        return _rebuild, (type(self), str(self), self.__dict__)


def localize(value: Any, tr: Any) -> Any:
    """``value`` in ``tr``'s language when it knows how to say itself, else as it is."""
    return value.localize(tr) if isinstance(value, Localized) else value


class Phrase(Localized):
    """A sentence or part of one that code composes: ``Phrase(N_("on {day}"),
    day=...)``. Its template is a catalog message (extracted by the keyword
    ``Phrase``); its values may be Localized themselves."""

    def __new__(cls, template: str, /, **params: Any) -> Phrase:
        value = super().__new__(cls, template.format_map(params) if params else template)
        value.template = template
        value.params = params
        return value

    def localize(self, tr: Any) -> str:
        template = tr.gettext(self.template)
        if not self.params:
            return template
        return template.format_map({k: localize(v, tr) for k, v in self.params.items()})


class Word(Localized):
    """A word or two whose sense only a context gives (gettext's ``pgettext``):
    ``Word("gap", "long")`` ("long after the deadline") is not the "long" of
    a period that is too long. Extracted by the keyword ``Word``."""

    def __new__(cls, context: str, text: str, /) -> Word:
        value = super().__new__(cls, text)
        value.context = context
        value.text = text
        return value

    def localize(self, tr: Any) -> str:
        return tr.pgettext(self.context, self.text)


class Plural(Localized):
    """A phrase with a count, in the plural form the language gives that
    count: ``Plural(N_("{n} file"), N_("{n} files"), n)``."""

    def __new__(cls, singular: str, plural: str, n: int, /, **params: Any) -> Plural:
        template = singular if n == 1 else plural
        value = super().__new__(cls, template.format_map({"n": f"{n:,}", **params}))
        value.forms = (singular, plural)
        value.n = n
        value.params = params
        return value

    def localize(self, tr: Any) -> str:
        template = tr.ngettext(*self.forms, self.n)
        params = {k: localize(v, tr) for k, v in self.params.items()}
        return template.format_map({"n": tr.number(self.n), **params})


class Number(Localized):
    """A number with its thousands grouped (``10,000`` in English)."""

    def __new__(cls, n: int | float) -> Number:
        value = super().__new__(cls, f"{n:,}")
        value.n = n
        return value

    def localize(self, tr: Any) -> str:
        return tr.number(self.n)


class Moment(Localized):
    """A date-time as read in a time zone, or a date: ``Friday 2025-03-14
    16:30 Europe/Berlin``, ``Monday 2025-02-17`` in English."""

    def __new__(cls, text: str, moment: dt.date, zone: str = "") -> Moment:
        value = super().__new__(cls, text)
        value.moment = moment  # the wall-clock time already, for date-times
        value.zone = zone
        return value

    def localize(self, tr: Any) -> str:
        return tr.moment(self.moment, self.zone)


class Day(Localized):
    """A date without its weekday (``2025-04-18`` in English)."""

    def __new__(cls, day: dt.date) -> Day:
        value = super().__new__(cls, day.isoformat())
        value.day = day
        return value

    def localize(self, tr: Any) -> str:
        return tr.day(self.day)


class Weekday(Localized):
    """The name of a day of the week, Monday being 0 (``Friday``)."""

    NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

    def __new__(cls, index: int) -> Weekday:
        value = super().__new__(cls, cls.NAMES[index])
        value.index = index
        return value

    def localize(self, tr: Any) -> str:
        return tr.weekday(self.index)


class Span(Localized):
    """A length of time in whole units: ``2 weeks and 2 days``. ``parts``
    are (amount, unit) with unit one of year, month, week, day, hour,
    minute, second; ``joined`` says how English joined them."""

    def __new__(cls, text: str, parts: tuple[tuple[float, str], ...], sign: str = "") -> Span:
        value = super().__new__(cls, text)
        value.parts = parts
        value.sign = sign
        return value

    def localize(self, tr: Any) -> str:
        return tr.span(self.parts, self.sign)


class Listing(Localized):
    """Items said as a list (``a, b and c``); English as given."""

    def __new__(cls, text: str, items: tuple[Any, ...], style: str = "standard") -> Listing:
        value = super().__new__(cls, text)
        value.items = items
        value.style = style
        return value

    def localize(self, tr: Any) -> str:
        return tr.listing([localize(item, tr) for item in self.items], self.style)


class RuleText(Localized):
    """A text of a rule file that a check fills (a portfolio check's `says:`,
    "whose cutover is within {within} of this one"): in English the rule's
    words with the values put in, in another language the rules catalog's."""

    def __new__(cls, text: str, /, **params: Any) -> RuleText:
        said = text
        for name, filled in params.items():
            said = said.replace("{" + name + "}", str(filled))
        value = super().__new__(cls, said)
        value.text = text
        value.params = params
        return value

    def localize(self, tr: Any) -> str:
        said = tr.rule_text(self.text)
        for name, filled in self.params.items():
            said = said.replace("{" + name + "}", str(localize(filled, tr)))
        return said


class Suffix(Localized):
    """The plural ending a rule's message writes after a word ("no {missing}
    phase{s}"): English's ``s`` or nothing; in another language the ending
    its words take, or none (Korean, Thai and Arabic words do not)."""

    def __new__(cls, plural: bool) -> Suffix:
        value = super().__new__(cls, "s" if plural else "")
        value.plural = plural
        return value

    def localize(self, tr: Any) -> str:
        return tr.plural_suffix if self.plural else ""


class Clauses(Localized):
    """Clauses said one after another (``a; b; c`` in English), each in the
    reader's language, joined as the language joins them."""

    def __new__(cls, items: tuple[Any, ...]) -> Clauses:
        value = super().__new__(cls, "; ".join(items))
        value.items = tuple(items)
        return value

    def localize(self, tr: Any) -> str:
        return tr.pgettext("list separator", "; ").join(localize(item, tr) for item in self.items)


def N_(message: str) -> str:
    """Mark a text for the catalog where it is defined; it is translated where shown."""
    return message
