"""Dates, date-times and ISO 8601 durations as the plan format defines them.

The standard library parses dates and date-times but has no ISO 8601
duration type and no calendar (month/year) arithmetic, so the small
``Duration`` below fills that gap instead of pulling in a dependency for
thirty lines.

A *moment* in a plan is either a ``datetime.date`` or an aware
``datetime.datetime``. A date compared with a date-time stands for the start
of that day in the plan's time zone; an ``ends`` date is inclusive, so it
stands for the end of that day (the start of the next).

The calendar ends: ``datetime`` holds years 1 to 9999 only, and a plan may
say ``9999-12-31`` or ``0001-01-01T00:00+14:00``. Nothing here overflows:
the end of 9999-12-31 is clamped to the last instant the calendar holds, a
moment shifted past either end is ``None`` ("beyond the calendar", which
callers read as later or earlier than every moment), and a moment whose wall
clock in another zone falls outside the calendar is read 400 years nearer
the middle (the Gregorian calendar repeats exactly every 400 years, weekdays
included) so that its weekday, time of day and offset are still right.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from migralint.i18n.values import Moment, Span

# The plan format's forms, written once in the subset of regular expressions
# that Python and ECMAScript read alike (ASCII digits, no \d, which matches
# any script's digits in Python), so that the plan schema carries the same
# patterns and editors accept exactly what migralint accepts (a test checks
# that the schema's copies match). The calendar is in the pattern: months of
# 30 and 31 days, 29 February in leap years only, years 0001 to 9999.
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_DAY = f"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_TIME = (
    "[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]+)?)?"
    "(?:[Zz]|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?"
)
_DURATION = (
    "P(?!$)(?:(?P<years>[0-9]+)Y)?(?:(?P<months>[0-9]+)M)?(?:(?P<weeks>[0-9]+)W)?"
    "(?:(?P<days>[0-9]+)D)?"
    "(?:T(?=[0-9])(?:(?P<hours>[0-9]+)H)?(?:(?P<minutes>[0-9]+)M)?(?:(?P<seconds>[0-9]+)S)?)?"
)
PATTERNS = {
    "date": f"^{_DAY}$",
    "date-time": f"^{_DAY}{_TIME}$",
    "moment": f"^{_DAY}(?:{_TIME})?$",
    "duration": "^" + re.sub(r"\?P<[a-z]+>", "", _DURATION) + "$",
}
# fullmatch: `$` alone would also accept a trailing newline.
_DATE_RE = re.compile(_DAY)
_DATETIME_RE = re.compile(_DAY + _TIME)
_DURATION_RE = re.compile(_DURATION.replace("(?!$)", "(?!\\Z)"))

# The Gregorian calendar repeats every 400 years: 146,097 days, 20,871 weeks.
CYCLE_YEARS = 400
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UTC = dt.UTC


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo | None:
    """The IANA zone ``name``, or None when it does not exist."""
    if not isinstance(name, str) or not name or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def parse_date(text: object) -> dt.date | None:
    if not isinstance(text, str) or not _DATE_RE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_datetime(text: object, tz: dt.tzinfo | None) -> dt.datetime | None:
    """An aware date-time; a naive one is read in ``tz`` (UTC when unknown)."""
    if not isinstance(text, str) or not _DATETIME_RE.fullmatch(text):
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace(",", ".").replace("z", "Z"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz or UTC)
    return value


def parse_moment(text: object, tz: dt.tzinfo | None) -> dt.date | dt.datetime | None:
    """A date or an aware date-time, whichever ``text`` is."""
    return parse_date(text) or parse_datetime(text, tz)


def has_explicit_offset(text: str) -> bool:
    return bool(_DATETIME_RE.fullmatch(text)) and bool(
        re.search(r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$", text)
    )


def is_date(text: object) -> bool:
    return parse_date(text) is not None


def is_datetime(text: object) -> bool:
    return parse_datetime(text, UTC) is not None


def is_moment(text: object) -> bool:
    return is_date(text) or is_datetime(text)


def is_duration(text: object) -> bool:
    return parse_duration(text) is not None


def instant(moment: dt.date | dt.datetime, tz: dt.tzinfo, end: bool = False) -> dt.datetime:
    """The instant a moment stands for: a date is the start of its day in ``tz``
    (the start of the next day when ``end``, since ``ends`` dates are inclusive)."""
    if isinstance(moment, dt.datetime):
        return moment
    if end and moment == dt.date.max:
        # The start of year 10000 does not exist: the last instant that does.
        return dt.datetime.max.replace(tzinfo=tz)
    day = moment + dt.timedelta(days=1) if end else moment
    return dt.datetime(day.year, day.month, day.day, tzinfo=tz)


def in_zone(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """``moment`` as wall-clock time in ``tz``, for calendar arithmetic; when
    that wall clock falls outside the calendar, ``moment`` as written."""
    try:
        return moment.astimezone(tz)
    except OverflowError:
        return moment


def wall_clock(moment: dt.datetime, tz: dt.tzinfo | None) -> tuple[dt.datetime, int]:
    """``moment`` read on the wall clock of ``tz`` (its own when None), as
    ``(local, years)``: ``local`` has the right weekday, time of day and UTC
    offset, and its real year is ``local.year + years``. ``years`` is 0
    except at the calendar's ends, where the moment is read one 400-year
    cycle nearer the middle."""
    if tz is None:
        return moment, 0
    try:
        return moment.astimezone(tz), 0
    except OverflowError:
        years = CYCLE_YEARS if moment.year > 5000 else -CYCLE_YEARS
        return moment.replace(year=moment.year - years).astimezone(tz), years


def local_date(moment: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.date | None:
    """The calendar day of ``moment`` in ``tz``, or None beyond the calendar."""
    local, years = wall_clock(instant(moment, tz), tz)
    return local.date() if years == 0 else None


def next_day(day: dt.date) -> dt.date | None:
    """The day after ``day``, or None after 9999-12-31."""
    return None if day == dt.date.max else day + dt.timedelta(days=1)


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date, for any year
    (H. Hinnant's algorithm: plain integers, so it cannot overflow)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def compare(
    a: dt.date | dt.datetime,
    b: dt.date | dt.datetime,
    tz: dt.tzinfo,
    a_end: bool = False,
    b_end: bool = False,
) -> int:
    """-1, 0 or 1 as ``a`` is before, at or after ``b``.

    Two dates compare as calendar days, and so does an inclusive ``ends``
    date with a date-time (the date-time's day in ``tz``: the period runs
    through that whole day, so a training that ends on 2027-04-21 is done
    "by 2027-04-21 09:00"); otherwise both become instants."""
    a_date, b_date = not isinstance(a, dt.datetime), not isinstance(b, dt.datetime)
    if a_date and b_date:
        left, right = a, b
    elif (a_date and a_end) or (b_date and b_end):
        left = a if a_date else local_date(a, tz)
        right = b if b_date else local_date(b, tz)
        if left is None or right is None:  # beyond the calendar: as instants
            left, right = instant(a, tz, a_end), instant(b, tz, b_end)
    else:
        left, right = instant(a, tz, a_end), instant(b, tz, b_end)
    return (left > right) - (left < right)


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 duration with calendar parts kept apart (P1M is a month, not 30 days)."""

    years: int = 0
    months: int = 0
    days: int = 0
    seconds: int = 0
    text: str = ""

    def add_to(self, moment: dt.date | dt.datetime, sign: int = 1) -> dt.date | dt.datetime | None:
        """``moment`` plus (or, with ``sign=-1``, minus) this duration, or None
        when the result is beyond the calendar (before year 1, after 9999).

        Months are added on the calendar, clamping the day (31 Jan + P1M = 28/29 Feb)."""
        total_months = moment.month - 1 + sign * (self.years * 12 + self.months)
        year, month = moment.year + total_months // 12, total_months % 12 + 1
        if year < 1 or year > 9999:
            return None
        day = min(moment.day, calendar.monthrange(year, month)[1])
        moved = moment.replace(year=year, month=month, day=day)
        try:
            if isinstance(moved, dt.datetime):
                return moved + sign * dt.timedelta(days=self.days, seconds=self.seconds)
            # A date plus hours: move by whole days only; sub-day parts are
            # meaningless on a calendar day.
            return moved + sign * dt.timedelta(days=self.days + self.seconds // 86400)
        except OverflowError:  # past the calendar's end, or more days than timedelta holds
            return None

    def approx_days(self) -> float:
        return self.years * 365.2425 + self.months * 30.436875 + self.days + self.seconds / 86400

    def sort_key(self) -> tuple:
        """A total order: compare by adding both durations to one fixed date
        (2001-01-01), in plain integers so that no duration overflows."""
        months = self.years * 12 + self.months
        days = _days_from_civil(2001 + months // 12, months % 12 + 1, 1) + self.days
        return (days * 86400 + self.seconds,)

    def __str__(self) -> str:
        return humanize(self)


def parse_duration(text: object) -> Duration | None:
    """An ISO 8601 duration, or None for anything else (of any type)."""
    if not isinstance(text, str):
        return None
    return _parse_duration(text)


@lru_cache(maxsize=1024)
def _parse_duration(text: str) -> Duration | None:
    match = _DURATION_RE.fullmatch(text)
    if not match:
        return None
    parts = {k: _amount(v) for k, v in match.groupdict().items()}
    return Duration(
        years=parts["years"],
        months=parts["months"],
        days=parts["weeks"] * 7 + parts["days"],
        seconds=parts["hours"] * 3600 + parts["minutes"] * 60 + parts["seconds"],
        text=text,
    )


# Any part this large is far beyond the calendar already; saturating keeps
# int() away from numbers of thousands of digits (which it refuses).
_MAX_DIGITS = 18


def _amount(digits: str | None) -> int:
    if not digits:
        return 0
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS


def _plural(n: int | float, word: str) -> str:
    return f"{n:g} {word}" + ("" if n == 1 else "s")


def _said(parts: list[tuple[float, str]], joiner: str, sign: str = "") -> Span:
    """``parts`` as English says them, keeping the parts for other languages."""
    text = joiner.join(_plural(n, word) for n, word in parts)
    return Span(sign + text, tuple(parts), sign)


def humanize(duration: Duration) -> str:
    """Say a duration as people do: ``P24M`` -> "24 months", ``PT15M`` -> "15 minutes"."""
    parts: list[tuple[float, str]] = []
    if duration.years:
        parts.append((duration.years, "year"))
    if duration.months:
        parts.append((duration.months, "month"))
    if duration.days:
        if duration.days % 7 == 0 and not (duration.years or duration.months):
            parts.append((duration.days // 7, "week"))
        else:
            parts.append((duration.days, "day"))
    seconds = duration.seconds
    for size, word in ((3600, "hour"), (60, "minute"), (1, "second")):
        if seconds >= size:
            parts.append((seconds // size, word))
            seconds %= size
    return _said(parts, " ") if parts else Span("0 days", ((0, "day"),))


def humanize_timedelta(delta: dt.timedelta) -> str:
    """A measured gap as people say it: minutes and hours up to two days,
    then days, then weeks and days (from two weeks), then months (from
    sixteen weeks) and years: "26 hours and 30 minutes", "9 days",
    "9 weeks and 4 days", "5 months", "1 year and 2 months". Parts of the
    smallest unit shown are dropped, never rounded up (a plan that runs
    67.4 days does not run 68)."""
    seconds = int(abs(delta.total_seconds()))
    sign = "-" if delta.total_seconds() < 0 else ""
    days = seconds // 86400
    if seconds < 2 * 86400 and (seconds % 86400 or not days):
        hours, minutes = seconds // 3600, seconds % 3600 // 60
        if not hours:
            return _said([(minutes, "minute")], "", sign)
        return _said(_and((hours, "hour"), (minutes, "minute")), " and ", sign)
    if days < 14:
        return _said([(days, "day")], "", sign)
    if days < 112:
        return _said(_and((days // 7, "week"), (days % 7, "day")), " and ", sign)
    months = int((days + 1) / 30.436875)  # a day of slack: 730 days are 2 years
    years, months = divmod(months, 12)
    if not years:
        return _said([(months, "month")], "", sign)
    return _said(_and((years, "year"), (months, "month")), " and ", sign)


def _and(first: tuple[int, str], second: tuple[int, str]) -> list[tuple[float, str]]:
    return [first, second] if second[0] else [first]


def describe(moment: dt.date | dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """A moment as a person reads it, weekday first and never in parentheses
    (messages put it in theirs): ``Friday 2025-03-14 16:30 Europe/Berlin``,
    ``Monday 2025-02-17``."""
    if isinstance(moment, dt.datetime):
        local, years = wall_clock(moment, tz)
        zone_name = getattr(tz, "key", None) or local.tzname() or "UTC"
        # Seconds only where they say something (a 10:00:30 cutover is not 10:00).
        clock = "%H:%M:%S" if local.second else "%H:%M"
        day = f"{local.year + years:04d}-{local:%m-%d} {local.strftime(clock)}"
        text = f"{WEEKDAYS[local.weekday()].title()} {day} {zone_name}"
        # Beyond the calendar's years, only the English form says it.
        return Moment(text, local, zone_name) if not years else text
    return Moment(f"{WEEKDAYS[moment.weekday()].title()} {moment.isoformat()}", moment)
