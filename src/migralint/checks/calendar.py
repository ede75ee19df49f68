"""Checks that need a calendar: weekday/time windows in the plan's zone,
windows the plan declares (freezes), public holidays, the retail peak."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from migralint import paths, timeutil
from migralint.checks.base import DURATION, PATH, PATHS, Context, Problem, as_list, check
from migralint.checks.countries import (
    ALIASES,
    HOLIDAY_COUNTRIES,
    SATURDAY_SUNDAY,
    before_weekend,
    weekend,
    weekend_of,
)
from migralint.i18n.values import N_, Clauses, Day, Listing, Phrase, Weekday, Word
from migralint.timeutil import WEEKDAYS, parse_duration

_TIME = {
    "type": "string",
    "pattern": r"^(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?$|^24:00(?::00)?$",
    "x-means": "a time of day (HH:MM or HH:MM:SS)",
}
# Days named by the plan's countries: their weekend, and the last working
# day before it (Friday where the weekend is Saturday-Sunday, Thursday where
# it is Friday-Saturday).
RELATIVE_DAYS = ("before-weekend", "weekend")
_DAY_NAMES = [*WEEKDAYS, *RELATIVE_DAYS]
_WINDOW = {
    "type": "object",
    "properties": {
        "weekday": {
            "anyOf": [
                {"enum": _DAY_NAMES},
                {"type": "array", "items": {"enum": _DAY_NAMES}, "minItems": 1},
            ],
            "x-means": "a weekday (monday ... sunday)",
            "x-choices": _DAY_NAMES,
        },
        "from": _TIME,
        "to": _TIME,
    },
    "required": ["weekday"],
    "additionalProperties": False,
}


def _seconds(text: str | None, default: int) -> int:
    """Seconds since midnight of ``HH:MM`` or ``HH:MM:SS``."""
    if not text:
        return default
    parts = [int(p) for p in text.split(":")]
    return parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) == 3 else 0)


def _resolved(days: str | list[str], weekend: frozenset[int]) -> list[str]:
    """A window's weekdays with `weekend` and `before-weekend` read for the
    plan's weekend, in week order."""
    named = [days] if isinstance(days, str) else days
    numbers: set[int] = set()
    for day in named:
        if day == "weekend":
            numbers |= weekend
        elif day == "before-weekend":
            numbers |= before_weekend(weekend)
        else:
            numbers.add(WEEKDAYS.index(day))
    return [WEEKDAYS[n] for n in sorted(numbers)]


def _describe_window(window: dict[str, Any], weekend: frozenset[int] = SATURDAY_SUNDAY) -> str:
    days = _resolved(window["weekday"], weekend)
    said = tuple(Weekday(WEEKDAYS.index(d)) for d in days)
    names: str = Listing(" or ".join(said), said, "or")
    if window["weekday"] == "weekend":
        numbers = [WEEKDAYS.index(d) for d in days]
        run = len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1))
        if run:
            names = Phrase(N_("{first}-{last}"), first=said[0], last=said[-1])
        names = Phrase(N_("the weekend ({days})"), days=names)
    start, end = window.get("from"), window.get("to")
    if start and end:
        shown = Phrase(N_("{days} {start}-{end}"), days=names, start=start, end=end)
    elif start:
        shown = Phrase(N_("{days} from {start}"), days=names, start=start)
    elif end:
        shown = Phrase(N_("{days} until {end}"), days=names, end=end)
    else:
        shown = (
            names if window["weekday"] == "weekend" else Phrase(N_("{days} (all day)"), days=names)
        )
    if window["weekday"] == "before-weekend":
        shown = Phrase(N_("{window} (before the weekend)"), window=shown)
    return shown


@check(
    "time-window",
    "no moment at `at`, read in the plan's time zone, falls inside one of `windows` "
    "(weekday, optional from/to local times, HH:MM or HH:MM:SS, `to` excluded); with "
    "`mode: allowed`, every moment must fall inside one of them. A weekday may be "
    "`weekend` or `before-weekend` (the last working day before it): the weekend of the "
    "countries at `countries` (all of their weekend days), Saturday-Sunday without them",
    fills=("value", "window", "weekday", "time", "zone", "windows"),
    at={**PATHS, "required": True},
    windows={"type": "array", "items": _WINDOW, "required": True},
    mode={"enum": ["forbidden", "allowed"]},
    countries=PATH,
)
def time_window(
    ctx: Context,
    at: str | list[str],
    windows: list[dict[str, Any]],
    mode: str = "forbidden",
    countries: str | None = None,
) -> Iterator[Problem]:
    allowed = mode == "allowed"
    days_off = weekend(ctx.value(countries)) if countries else SATURDAY_SUNDAY
    resolved = [_resolved(w["weekday"], days_off) for w in windows]
    for pointer, moment, _ in ctx.moments(at):
        # Weekday and time of day are right even where the local date is
        # beyond the calendar (see timeutil.wall_clock).
        local, _years = timeutil.wall_clock(timeutil.instant(moment, ctx.tz), ctx.tz)
        weekday = WEEKDAYS[local.weekday()]
        second = local.hour * 3600 + local.minute * 60 + local.second
        inside = None
        for window, days in zip(windows, resolved, strict=True):
            if weekday not in days:
                continue
            if _seconds(window.get("from"), 0) <= second < _seconds(window.get("to"), 86400):
                inside = window
                break
        if (inside is None) is not allowed:
            continue
        yield Problem(
            pointer,
            {
                "value": timeutil.describe(timeutil.instant(moment, ctx.tz), ctx.tz),
                "window": _describe_window(inside, days_off) if inside else "",
                "weekday": Weekday(local.weekday()),
                "time": f"{local:%H:%M:%S}" if local.second else f"{local:%H:%M}",
                "zone": ctx.tz_name,
                "path": paths.dotted(pointer),
                "windows": Clauses(tuple(_describe_window(w, days_off) for w in windows)),
            },
        )


@lru_cache(maxsize=128)
def _holidays(country: str, year: int) -> dict[dt.date, str] | None:
    """The public holidays of ``country`` in ``year`` (None when unknown).

    Importing the `holidays` package and computing a year cost more than
    linting a plan, so a known country's year is cached on disk (see
    cache.py: signed, bounded, and validated here as strictly as any
    input); an entry that does not validate is recomputed."""
    if country not in HOLIDAY_COUNTRIES:
        # Only codes from the package's own list reach it: it looks a code up
        # as an attribute of its module, so `country_holidays` would be found.
        return None
    from migralint import cache

    release = _holidays_release()
    cacheable = _CACHEABLE_COUNTRY(country) is not None and 1 <= year <= 9999
    entry_key = cache.key(country, str(year), release)
    if cacheable:
        days = _cached_days(cache.get("holidays", entry_key), country, year, release)
        if days is not None:
            return days
    import holidays  # imported here: it is large and only this check needs it

    try:
        found: dict[dt.date, str] | None = dict(
            holidays.country_holidays(country, years=year).items()
        )
    except (NotImplementedError, KeyError, ValueError):
        found = None
    # Only a country the calendar knows is cached: unknown names (a plan may
    # list thousands) cost a lookup each, never a file.
    if cacheable and found is not None and country in holidays.list_supported_countries():
        value = {
            "country": country,
            "year": year,
            "release": release,
            "days": {day.isoformat(): str(name) for day, name in sorted(found.items())},
        }
        cache.put("holidays", entry_key, value)
    return found


# A country code as the cache keys it: two capital letters (ISO 3166-1 alpha-2).
_CACHEABLE_COUNTRY = re.compile(r"[A-Z]{2}").fullmatch
_MAX_HOLIDAY_NAME = 500


def _cached_days(value: object, country: str, year: int, release: str) -> dict | None:
    """The holidays in a cache entry, if it is exactly what ``_holidays``
    writes for this country, year and release; else None (recompute)."""
    if not isinstance(value, dict) or set(value) != {"country", "year", "release", "days"}:
        return None
    if value["country"] != country or value["release"] != release:
        return None
    if type(value["year"]) is not int or value["year"] != year:
        return None
    days = value["days"]
    if not isinstance(days, dict) or len(days) > 366:
        return None
    table: dict[dt.date, str] = {}
    for day, name in days.items():
        if not isinstance(name, str) or not name or len(name) > _MAX_HOLIDAY_NAME:
            return None
        if not (isinstance(day, str) and len(day) == 10 and day[4] == "-" and day[7] == "-"):
            return None
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            return None
        if date.year != year:
            return None
        table[date] = name
    return table


@lru_cache(maxsize=1)
def _holidays_release() -> str:
    """Which `holidays` data is installed, without importing the package."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("holidays")
    origin = spec.origin if spec and spec.origin else ""
    try:
        stat = os.stat(origin)
    except OSError:
        return origin
    return f"{origin}:{stat.st_size}:{stat.st_mtime_ns}"


def _holiday(country: str, day: dt.date) -> str | None:
    table = _holidays(country, day.year)
    return table.get(day) if table else None


def holiday_on(country: str, day: dt.date) -> str | None:
    """The public holiday of ``country`` on ``day`` (a code the calendar does
    not know has none)."""
    return _holiday(country, day)


def _next_working_day(country: str, day: dt.date) -> dt.date | None:
    """The next day after ``day`` outside the country's weekend; None past
    the calendar's last day."""
    days_off = weekend_of(country)
    nxt = timeutil.next_day(day)
    while nxt is not None and nxt.weekday() in days_off:
        nxt = timeutil.next_day(nxt)
    return nxt


@check(
    "holiday",
    "no moment at `at` falls on a public holiday of a country listed at `countries`, "
    "or (with `day_before`) on the working day before one",
    fills=("value", "date", "holiday", "country", "when"),
    at={**PATHS, "required": True},
    countries={**PATH, "required": True},
    day_before={"type": "boolean"},
)
def holiday(
    ctx: Context, at: str | list[str], countries: str, day_before: bool = True
) -> Iterator[Problem]:
    codes = ctx.value(countries)
    if not isinstance(codes, list):
        return
    codes = [c for c in codes if isinstance(c, str)]
    for pointer, moment, _ in ctx.moments(at):
        day = timeutil.local_date(moment, ctx.tz)
        if day is None:  # no holiday calendar beyond the calendar's ends
            continue
        for country in codes:
            name = _holiday(country, day)
            # Translators: a moment falls "on" a holiday (the message names it after).
            when = Word("holiday", "on")
            following = _next_working_day(country, day) if day_before else None
            if name is None and following is not None and day.weekday() not in weekend_of(country):
                name = _holiday(country, following)
                when = Phrase(N_("the working day before {day},"), day=Day(following))
            if name:
                yield Problem(
                    pointer,
                    {
                        "value": ctx.describe(moment),
                        "date": Day(day),
                        "holiday": name,
                        "country": country,
                        "when": when,
                        "path": paths.dotted(pointer),
                    },
                )
                break


@check(
    "holiday-country",
    "every code at `at` that has the form of an ISO 3166-1 alpha-2 code is one the "
    "public-holiday calendar knows (the form itself is the schema's business)",
    fills=("value", "hint"),
    at={**PATH, "required": True},
)
def holiday_country(ctx: Context, at: str) -> Iterator[Problem]:
    for pointer, code in ctx.select(at):
        if not isinstance(code, str) or len(code) != 2 or not code.isascii():
            continue
        if not code.isupper() or not code.isalpha() or code in HOLIDAY_COUNTRIES:
            continue
        alias = ALIASES.get(code)
        yield Problem(
            pointer,
            {
                "value": code,
                "hint": Phrase(N_(" (did you mean `{code}`?)"), code=alias) if alias else "",
                "path": paths.dotted(pointer),
            },
        )


@check(
    "local-time",
    "each date-time at `at` written without an offset names a wall-clock time that the "
    "plan's zone has exactly once: not in a spring-forward gap, not in an autumn overlap",
    fills=("value", "zone", "problem", "change", "first", "second"),
    at={**PATHS, "required": True},
)
def local_time(ctx: Context, at: str | list[str]) -> Iterator[Problem]:
    if ctx.tz is None:
        return
    for path in as_list(at):
        for pointer, value in ctx.select(path):
            if not isinstance(value, str) or timeutil.has_explicit_offset(value):
                continue
            moment = timeutil.parse_datetime(value, None)
            if moment is None:
                continue
            found = clock_change(moment.replace(tzinfo=None), ctx.tz)
            if found is None:
                continue
            problem, change, first, second = found
            yield Problem(
                pointer,
                {
                    "value": value,
                    "zone": ctx.tz_name or str(ctx.tz),
                    "problem": problem,
                    "change": change,
                    "first": first,
                    "second": second,
                    "path": paths.dotted(pointer),
                },
            )


def clock_change(naive: dt.datetime, tz: dt.tzinfo) -> tuple[str, str, str, str] | None:
    """For a wall-clock time in a gap or an overlap of ``tz``: (what is wrong,
    the clock change in words, the two instants it may mean, earlier first);
    None for a time that exists once."""
    try:
        early = naive.replace(tzinfo=tz, fold=0)
        late = naive.replace(tzinfo=tz, fold=1)
        before, after = early.utcoffset(), late.utcoffset()
        if before is None or after is None or before == after:
            return None
        instants = sorted({early.astimezone(dt.UTC), late.astimezone(dt.UTC)})
    except (OverflowError, ValueError):
        return None
    exists = early.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) == naive
    # The change itself: the first minute on the new offset, between the two.
    low, high = instants[0], instants[-1]
    while high - low > dt.timedelta(minutes=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == low.astimezone(tz).utcoffset():
            low = middle
        else:
            high = middle
    switch = high.replace(second=0, microsecond=0)
    old = (switch + low.astimezone(tz).utcoffset()).replace(tzinfo=None)
    new = (switch + high.astimezone(tz).utcoffset()).replace(tzinfo=None)
    change = Phrase(
        _GO_BACK if exists else _JUMP,
        day=Day(old.date()),
        old=old.strftime("%H:%M"),
        new=new.strftime("%H:%M"),
    )

    def shown(instant: dt.datetime) -> str:
        local = instant.astimezone(tz)
        offset = local.strftime("%z")
        return Phrase(
            N_("{day} {time} {offset} ({utc} UTC)"),
            day=Day(local.date()),
            time=f"{local:%H:%M}",
            offset=f"{offset[:3]}:{offset[3:]}",
            utc=f"{instant:%H:%M}",
        )

    problem = Phrase(N_("happens twice") if exists else N_("does not exist"))
    return problem, change, shown(instants[0]), shown(instants[-1])


_GO_BACK = N_("on {day} the clocks go back from {old} to {new}")
_JUMP = N_("on {day} the clocks jump from {old} to {new}")


def us_retail_peak(year: int) -> tuple[dt.date, dt.date]:
    """Black Friday (the day after the fourth Thursday of November) and Cyber Monday."""
    first = dt.date(year, 11, 1)
    thanksgiving = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thanksgiving + dt.timedelta(days=1), thanksgiving + dt.timedelta(days=4)


@check(
    "retail-peak",
    "no moment at `at` falls between `before` ahead of Black Friday and `after` past "
    "Cyber Monday of its year",
    fills=("value", "starts", "ends", "black_friday", "cyber_monday"),
    at={**PATHS, "required": True},
    before={**DURATION, "required": True},
    after={**DURATION, "required": True},
)
def retail_peak(ctx: Context, at: str | list[str], before: str, after: str) -> Iterator[Problem]:
    ahead, past = parse_duration(before), parse_duration(after)
    for pointer, moment, _ in ctx.moments(at):
        day = timeutil.local_date(moment, ctx.tz)
        if day is None:  # no retail peak beyond the calendar's ends
            continue
        black_friday, cyber_monday = us_retail_peak(day.year)
        # A window reaching past an end of the calendar stops at that end.
        start = ahead.add_to(black_friday, -1) or dt.date.min
        end = past.add_to(cyber_monday) or dt.date.max
        if start <= day <= end:
            yield Problem(
                pointer,
                {
                    "value": ctx.describe(moment),
                    "starts": Day(start),
                    "ends": Day(end),
                    "black_friday": Day(black_friday),
                    "cyber_monday": Day(cyber_monday),
                    "path": paths.dotted(pointer),
                },
            )
