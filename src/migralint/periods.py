"""Periods that are not in the plan: written in a rule's options or in the
configuration (a company-wide freeze list), in three forms.

    {starts: 2025-12-15, ends: 2026-01-05, name: year-end freeze}
                         a literal period (dates or date-times; an `ends`
                         date is inclusive, as in the plan)
    {yearly: {from: "12-15", to: "01-05"}, name: year-end freeze}
                         every year, from one month-day to another; it may
                         wrap the year end
    {business_days: {first: 3, of: month}, name: month-end billing}
                         the first (or `last`) N business days of each
                         month, quarter or year, business days being
                         weekdays that are not public holidays in any of the
                         plan's countries

``containing`` finds, for one moment, the concrete span of a period that
holds it. Each form costs a bounded amount of work per moment (at most a
year of days), whatever the moment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from migralint import timeutil
from migralint.i18n.values import N_, Phrase

_MONTH_DAY = {"type": "string", "pattern": r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}
_MOMENT = {"type": "string", "minLength": 10, "maxLength": 40}
_NAME = {"type": "string", "minLength": 1, "maxLength": 200}

PERIOD_SCHEMA: dict[str, Any] = {
    "format": "period",
    "description": "A period: {starts, ends}, {yearly: {from: MM-DD, to: MM-DD}} or "
    "{business_days: {first|last: N, of: month|quarter|year}}, each with an optional name.",
    "oneOf": [
        {
            "type": "object",
            "required": ["starts", "ends"],
            "additionalProperties": False,
            "properties": {"starts": _MOMENT, "ends": _MOMENT, "name": _NAME},
        },
        {
            "type": "object",
            "required": ["yearly"],
            "additionalProperties": False,
            "properties": {
                "yearly": {
                    "type": "object",
                    "required": ["from", "to"],
                    "additionalProperties": False,
                    "properties": {"from": _MONTH_DAY, "to": _MONTH_DAY},
                },
                "name": _NAME,
            },
        },
        {
            "type": "object",
            "required": ["business_days"],
            "additionalProperties": False,
            "properties": {
                "business_days": {
                    "type": "object",
                    "required": ["of"],
                    "minProperties": 2,
                    "maxProperties": 2,
                    "additionalProperties": False,
                    "properties": {
                        "first": {"type": "integer", "minimum": 1, "maximum": 260},
                        "last": {"type": "integer", "minimum": 1, "maximum": 260},
                        "of": {"enum": ["month", "quarter", "year"]},
                    },
                },
                "name": _NAME,
            },
        },
    ],
}

_MONTH_DAY_RE = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")

Holiday = Callable[[str, dt.date], "str | None"]


class PeriodError(ValueError):
    pass


def is_period(spec: Any) -> bool:
    """A jsonschema format check: raises PeriodError in plain words."""
    said = problem(spec) if isinstance(spec, dict) else None
    if said:
        raise PeriodError(said)
    return True


def problem(spec: Any) -> str | None:
    """What is wrong with a period the schema accepted (a bad date, a
    month-day that no year has, an end before its start), or None."""
    if not isinstance(spec.get("yearly", spec.get("starts", "")), (str, dict)):
        return None
    if isinstance(spec.get("yearly"), dict):
        if not all(isinstance(spec["yearly"].get(k), str) for k in ("from", "to")):
            return None
        if not all(_MONTH_DAY_RE.fullmatch(spec["yearly"][k]) for k in ("from", "to")):
            return None
        for key in ("from", "to"):
            month, day = (int(part) for part in spec["yearly"][key].split("-"))
            if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
                return Phrase(N_("`{value}` is not a day of the year"), value=spec["yearly"][key])
        return None
    if isinstance(spec.get("starts"), str) and isinstance(spec.get("ends"), str):
        starts = timeutil.parse_moment(spec["starts"], dt.UTC)
        ends = timeutil.parse_moment(spec["ends"], dt.UTC)
        for key, value in (("starts", starts), ("ends", ends)):
            if value is None:
                return Phrase(
                    N_("`{key}: {value}` is not a date or a date-time"), key=key, value=spec[key]
                )
        if timeutil.compare(ends, starts, dt.UTC, True, False) < 0:
            return Phrase(
                N_("the period ends ({ends}) before it starts ({starts})"),
                ends=spec["ends"],
                starts=spec["starts"],
            )
    return None


def name_of(spec: dict[str, Any]) -> str:
    """How a message names a period: its name, else its form in words."""
    if isinstance(spec.get("name"), str) and spec["name"]:
        return spec["name"]
    if "yearly" in spec:
        return Phrase(
            N_("every year {start} to {end}"),
            start=spec["yearly"]["from"],
            end=spec["yearly"]["to"],
        )
    if "business_days" in spec:
        days = spec["business_days"]
        side = "first" if "first" in days else "last"
        return Phrase(_BUSINESS_DAYS[(side, days["of"])], n=days[side])
    return Phrase(N_("{start} to {end}"), start=spec["starts"], end=spec["ends"])


_BUSINESS_DAYS = {
    ("first", "month"): N_("the first {n} business days of the month"),
    ("first", "quarter"): N_("the first {n} business days of the quarter"),
    ("first", "year"): N_("the first {n} business days of the year"),
    ("last", "month"): N_("the last {n} business days of the month"),
    ("last", "quarter"): N_("the last {n} business days of the quarter"),
    ("last", "year"): N_("the last {n} business days of the year"),
}


def containing(
    spec: dict[str, Any],
    moment: dt.date | dt.datetime,
    tz: dt.tzinfo,
    countries: Iterable[str] = (),
    holiday: Holiday | None = None,
) -> tuple[Any, Any] | None:
    """The (start, end) of the span of ``spec`` that holds ``moment`` (an
    ``end`` date is inclusive), or None."""
    if "starts" in spec:
        start = timeutil.parse_moment(spec["starts"], tz)
        end = timeutil.parse_moment(spec["ends"], tz)
        if start is None or end is None:
            return None
        return (start, end) if within(moment, start, end, tz) else None
    day = timeutil.local_date(moment, tz)
    if day is None:
        return None
    if "yearly" in spec:
        return _yearly(spec["yearly"], day)
    return _business_days(spec["business_days"], day, tuple(countries), holiday)


def within(moment: Any, start: Any, end: Any, tz: dt.tzinfo) -> bool:
    """Whether ``moment`` falls inside ``start``..``end``: a date stands for
    the start of its day in the plan's zone, except an ``end`` date, which
    is inclusive (the whole day); two dates compare as calendar days."""
    if timeutil.compare(moment, start, tz) < 0:
        return False
    if not isinstance(moment, dt.datetime) and not isinstance(end, dt.datetime):
        return moment <= end
    point = timeutil.instant(moment, tz)
    if isinstance(end, dt.datetime):
        return point <= end
    return point < timeutil.instant(end, tz, end=True)


def _on(year: int, month_day: str) -> dt.date | None:
    month, day = (int(part) for part in month_day.split("-"))
    if not 1 <= year <= 9999:
        return None
    if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = 28  # 29 February in a common year: the last day of February
    return dt.date(year, month, day)


def _yearly(spec: dict[str, str], day: dt.date) -> tuple[dt.date, dt.date] | None:
    start_md, end_md = spec["from"], spec["to"]
    candidates = (
        [(day.year, day.year)]
        if start_md <= end_md
        else [
            (day.year - 1, day.year),
            (day.year, day.year + 1),
        ]
    )
    for start_year, end_year in candidates:
        start, end = _on(start_year, start_md), _on(end_year, end_md)
        if start is not None and end is not None and start <= day <= end:
            return start, end
    return None


def _bounds(of: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if of == "month":
        first = day.replace(day=1)
        months = 1
    elif of == "quarter":
        first = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        months = 3
    else:
        first = day.replace(month=1, day=1)
        months = 12
    end_month = first.month - 1 + months
    year, month = first.year + end_month // 12, end_month % 12 + 1
    if year > 9999:
        return first, dt.date(9999, 12, 31)
    return first, dt.date(year, month, 1) - dt.timedelta(days=1)


def _business_days(
    spec: dict[str, Any], day: dt.date, countries: tuple[str, ...], holiday: Holiday | None
) -> tuple[dt.date, dt.date] | None:
    first, last = _bounds(spec["of"], day)
    side = "first" if "first" in spec else "last"
    wanted = spec[side]

    from migralint.checks.countries import weekend

    days_off = weekend(list(countries))

    def working(candidate: dt.date) -> bool:
        if candidate.weekday() in days_off:
            return False
        return holiday is None or not any(holiday(c, candidate) for c in countries)

    found: list[dt.date] = []
    step = dt.timedelta(days=1 if side == "first" else -1)
    candidate = first if side == "first" else last
    while first <= candidate <= last and len(found) < wanted:
        if working(candidate):
            found.append(candidate)
        if candidate in (dt.date.min, dt.date.max):
            break
        candidate += step
    if not found:
        return None
    start, end = (found[0], found[-1]) if side == "first" else (found[-1], found[0])
    if not (start <= day <= end) or not working(day):
        return None
    return start, end
