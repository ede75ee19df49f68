"""The weekend follows the plan's countries: TL001's default windows, TL003's
working day before a holiday, and business-day windows."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, at, line_of, lint, messages, mutate
from migralint.checks import countries

CUTOVER = "at: 2025-03-11T10:00:00+01:00 "
LINE = line_of(EXAMPLE, CUTOVER)


def plan(cutover: str, where: str = "[SA]", zone: str = "Asia/Riyadh") -> str:
    text = mutate(EXAMPLE, CUTOVER, f"at: {cutover} ")
    text = mutate(text, "countries: [DE, US]", f"countries: {where}")
    return mutate(text, "timezone: Europe/Berlin", f"timezone: {zone}")


def test_the_weekend_table_matches_the_holiday_calendar() -> None:
    import holidays

    for code in sorted(countries.HOLIDAY_COUNTRIES):
        assert countries.weekend_of(code) == frozenset(holidays.country_holidays(code).weekend), (
            code
        )


@pytest.mark.parametrize(
    ("cutover", "where", "expected"),
    [
        # Saudi Arabia: the weekend is Friday-Saturday.
        ("2025-03-13T17:00:00", "[SA]", [("error", LINE, 9)]),  # Thursday afternoon
        ("2025-03-13T13:00:00", "[SA]", [("warning", LINE, 9)]),  # Thursday after noon
        ("2025-03-14T10:00:00", "[SA]", [("warning", LINE, 9)]),  # Friday: the weekend
        ("2025-03-16T10:00:00", "[SA]", []),  # Sunday morning: a working day
        ("2025-03-14T17:00:00", "[SA]", [("warning", LINE, 9)]),  # Friday 17:00: weekend
        # Germany: Friday afternoon, as always.
        ("2025-03-14T17:00:00", "[DE]", [("error", LINE, 9)]),
        ("2025-03-13T17:00:00", "[DE]", []),
        ("2025-03-16T10:00:00", "[DE]", [("warning", LINE, 9)]),
        # Both: all of their weekend days (Friday-Sunday), and Thursday before them.
        ("2025-03-13T17:00:00", "[DE, SA]", [("error", LINE, 9)]),
        ("2025-03-16T10:00:00", "[DE, SA]", [("warning", LINE, 9)]),
        ("2025-03-14T11:00:00", "[DE, SA]", [("warning", LINE, 9)]),
        # No countries: Saturday-Sunday.
        ("2025-03-14T17:00:00", "[]", [("error", LINE, 9)]),
    ],
)
def test_tl001_defaults_follow_the_countries_weekend(
    cutover: str, where: str, expected: list
) -> None:
    assert at(lint(plan(cutover, where)), "TL001") == expected


def test_tl001_messages_name_the_days() -> None:
    assert messages(lint(plan("2025-03-13T17:00:00")), "TL001") == [
        "cutover Thursday 2025-03-13 17:00 Asia/Riyadh is inside the forbidden window "
        "Thursday from 16:00 (before the weekend); move it to an earlier working day, in the "
        "morning"
    ]
    assert messages(lint(plan("2025-03-14T10:00:00", "[DE, SA]")), "TL001") == [
        "cutover Friday 2025-03-14 10:00 Asia/Riyadh is inside the discouraged window the "
        "weekend (Friday-Sunday); prefer a morning early in the working week, with the team at "
        "hand for the days after"
    ]


def test_tl001_explicit_weekday_windows_still_win() -> None:
    from migralint import rules
    from migralint.engine import Engine

    eng = Engine(
        list(rules.bundled_rules()),
        options={"TL001": {"forbidden": [{"weekday": "friday", "from": "16:00"}]}},
    )
    # Thursday 17:00 is no longer forbidden; the default discouraged windows still apply.
    assert at(lint(plan("2025-03-13T17:00:00"), eng=eng), "TL001") == [("warning", LINE, 9)]
    assert at(lint(plan("2025-03-14T17:00:00"), eng=eng), "TL001") == [("error", LINE, 9)]


def test_tl003_the_working_day_before_a_holiday_follows_the_weekend() -> None:
    # Saudi National Day, Tuesday 23 September 2025: the working day before is Monday.
    found = lint(plan("2025-09-22T10:00:00"))
    assert at(found, "TL003") == [("warning", LINE, 9)]
    assert "the working day before 2025-09-23" in messages(found, "TL003")[0]
    # A Thursday before a Sunday holiday is not "the working day before" in Germany's
    # week (Friday is), but it is in Saudi Arabia's.
    import datetime as dt

    from migralint.checks.calendar import _next_working_day

    thursday = dt.date(2025, 3, 13)
    assert _next_working_day("SA", thursday) == dt.date(2025, 3, 16)
    assert _next_working_day("DE", thursday) == dt.date(2025, 3, 14)


def test_business_days_skip_the_countries_weekend() -> None:
    import datetime as dt

    from migralint import periods

    spec = {"business_days": {"first": 2, "of": "month"}}
    # March 2025 starts on a Saturday: in Germany the first two working days are
    # Monday 3 and Tuesday 4; in Saudi Arabia Sunday 2 and Monday 3.
    tz = dt.UTC
    assert periods.containing(spec, dt.date(2025, 3, 4), tz, ("DE",)) is not None
    assert periods.containing(spec, dt.date(2025, 3, 2), tz, ("DE",)) is None
    assert periods.containing(spec, dt.date(2025, 3, 2), tz, ("SA",)) is not None
    assert periods.containing(spec, dt.date(2025, 3, 4), tz, ("SA",)) is None
