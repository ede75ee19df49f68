"""Dates at the ends of the calendar (years 1 and 9999), date-times near
them in any zone, and durations that reach past them pass the schema; no
rule may fail on them (a failure was an OverflowError that erased every
finding of the file), and the rules that can still judge them do."""

from __future__ import annotations

import re

import pytest

from helpers import EXAMPLE, at, codes, lint, messages, mutate
from migralint import timeutil

ENDS = [
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:59:59.999999+00:00",
    "9999-12-31T23:59",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:30",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-12:00",
]
LONG_DURATIONS = ["P9999Y", "P99999999D", "P120000M", "PT99999999999H", "P" + "9" * 5000 + "D"]
ZONES = ["Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12"]
MOMENT = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:\d{2})?)?\b")
DURATION = re.compile(r"\bP\d+[YMWD]\b|\bPT\d+[HMS]\b")


def no_rule_failed(text: str) -> list:
    found = lint(text)
    assert [f.message for f in found if f.code == "PL011"] == []
    return found


def in_zone(zone: str) -> str:
    return mutate(EXAMPLE, "timezone: Europe/Berlin", f"timezone: {zone}")


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("value", ENDS)
def test_calendar_end_in_every_date_field_breaks_no_rule(zone: str, value: str) -> None:
    text = in_zone(zone)
    assert len(MOMENT.findall(text)) > 30  # every date and date-time of the plan
    no_rule_failed(MOMENT.sub(value, text))


@pytest.mark.slow
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01T00:00:00+14:00", ENDS[5]])
def test_calendar_end_in_each_date_field_alone_breaks_no_rule(value: str) -> None:
    """One field at the end, every other one ordinary: the comparisons
    between an end of the calendar and ordinary moments."""
    lines = EXAMPLE.splitlines()
    for number, line in enumerate(lines):
        for match in MOMENT.finditer(line):
            changed = [*lines]
            changed[number] = line[: match.start()] + value + line[match.end() :]
            no_rule_failed("\n".join(changed) + "\n")


@pytest.mark.parametrize("value", LONG_DURATIONS)
def test_durations_past_the_calendar_break_no_rule(value: str) -> None:
    assert len(DURATION.findall(EXAMPLE)) >= 4
    no_rule_failed(DURATION.sub(value, EXAMPLE))
    for zone in ZONES:  # with the dates at the ends too
        no_rule_failed(DURATION.sub(value, MOMENT.sub("9999-12-31", in_zone(zone))))


def test_cutover_beyond_the_calendar_in_the_plan_zone_is_still_read() -> None:
    """23:59 UTC on 9999-12-31 is 00:59 on Saturday 1 January 10000 in Berlin:
    TL001 still sees a weekend cutover and says when it is."""
    text = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 9999-12-31T23:59:59+00:00 ")
    found = no_rule_failed(text)
    assert at(found, "TL001") == [("warning", 62, 9)]
    (message,) = messages(found, "TL001")
    assert message.startswith("cutover Saturday 10000-01-01 00:59:59 Europe/Berlin")


def test_span_whose_minimum_reaches_past_the_calendar_is_too_short() -> None:
    """A 12-day parallel run at the end of 9999: its 14-day minimum ends in
    year 10000, later than any end the plan can have, so it is too short."""
    text = mutate(
        EXAMPLE,
        "{id: parallel-run, starts: 2025-02-17, ends: 2025-03-10}",
        "{id: parallel-run, starts: 9999-12-20, ends: 9999-12-31}",
    )
    found = no_rule_failed(text)
    assert ("PR002", 59, 7) in [(f.code, f.line, f.column) for f in found]
    assert any("12 days" in m for m in messages(found, "PR002"))


def test_deadline_before_the_calendar_is_missed_by_any_notice() -> None:
    """A contract ending on 0001-03-01 with 90 days' notice had its deadline
    before year 1: any notice given is late."""
    text = mutate(
        EXAMPLE,
        "ends: 2025-06-30\n        notice_period: P90D",
        "ends: 0001-03-01\n        notice_period: P90D",
    )
    text = mutate(text, "notice_given: 2025-02-28", "notice_given: 0001-02-01")
    found = no_rule_failed(text)
    assert ("TL005", 30, 23) in [(f.code, f.line, f.column) for f in found]
    assert any(
        "(before 0001-01-01, the calendar's first day)" in m for m in messages(found, "TL005")
    )


def test_timeutil_never_overflows_at_the_ends() -> None:
    tz = timeutil.zone("Pacific/Kiritimati")
    last = dt_max = timeutil.instant(timeutil.parse_date("9999-12-31"), tz, end=True)
    assert (dt_max.year, dt_max.month, dt_max.day) == (9999, 12, 31)
    assert timeutil.next_day(timeutil.parse_date("9999-12-31")) is None
    assert timeutil.parse_duration("P1D").add_to(timeutil.parse_date("9999-12-31")) is None
    assert timeutil.parse_duration("P1D").add_to(timeutil.parse_date("0001-01-01"), -1) is None
    assert timeutil.parse_duration("P" + "9" * 5000 + "D").sort_key() > (0,)
    early = timeutil.parse_datetime("0001-01-01T00:00:00+00:00", None)
    assert timeutil.describe(early, timeutil.zone("Etc/GMT+12")) == (
        "Sunday 0000-12-31 12:00 Etc/GMT+12"
    )
    assert timeutil.local_date(early, timeutil.zone("Etc/GMT+12")) is None
    assert timeutil.compare(early, last, tz) == -1


# -- plan.countries: codes the holiday calendar knows -------------------------


@pytest.mark.parametrize(
    ("countries", "expected"),
    [
        ("[DE, ZZ]", [("warning", 14, 19, "`ZZ`", "")]),
        ("[UK]", [("warning", 14, 15, "`UK`", " (did you mean `GB`?)")]),
        ("[DE, US, XX, QQ]", [("warning", 14, 23, "`XX`", ""), ("warning", 14, 27, "`QQ`", "")]),
    ],
)
def test_unknown_country_code_is_a_finding(countries: str, expected: list) -> None:
    text = mutate(EXAMPLE, "countries: [DE, US]", f"countries: {countries}")
    found = no_rule_failed(text)
    sc004 = [f for f in found if f.code == "SC004"]
    assert [(f.severity, f.line, f.column) for f in sc004] == [e[:3] for e in expected]
    assert not [f for f in found if f.code == "TL003"]  # one finding per problem
    for finding, (*_, code, hint) in zip(sc004, expected, strict=True):
        assert finding.message.startswith("plan.countries[")
        assert finding.message.endswith(
            f": {code} is not an ISO 3166-1 alpha-2 code the public-holiday calendar "
            f"knows{hint}; holidays and the weekend there are not checked"
        )


@pytest.mark.parametrize("value", ["country_holidays", "holidays", "__class__", "de", "D", "DEU"])
def test_country_that_is_not_a_code_is_a_schema_error_and_never_reaches_the_calendar(
    value: str,
) -> None:
    """`country_holidays` made the holiday lookup call a function of the
    `holidays` module by name (TypeError, every finding lost)."""
    text = mutate(EXAMPLE, "countries: [DE, US]", f"countries: [{value}, DE]")
    text = mutate(text, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-12-24T10:00:00+01:00 ")
    found = no_rule_failed(text)
    assert ("SC001", 14, 15) in [(f.code, f.line, f.column) for f in found]
    # DE is still checked: the day before Christmas Day.
    assert any("Christmas Day (DE)" in m for m in messages(found, "TL003"))
    assert "PL011" not in codes(found)


def test_holiday_countries_are_known_to_the_installed_calendar() -> None:
    import holidays

    from migralint.checks.countries import ALIASES, HOLIDAY_COUNTRIES

    supported = set(holidays.list_supported_countries())
    assert supported >= HOLIDAY_COUNTRIES
    assert all(len(code) == 2 and code.isupper() for code in HOLIDAY_COUNTRIES)
    assert {"DE", "US", "GB", "FR", "NO"} <= HOLIDAY_COUNTRIES
    assert "UK" not in HOLIDAY_COUNTRIES and set(ALIASES.values()) <= HOLIDAY_COUNTRIES
