"""TL002-TL015: timeline and contract, exact positions, across zones and DST."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, ROOT, at, codes, lint, messages, mutate

CUTOVER = "at: 2025-03-11T10:00:00+01:00 "
PHASES = {
    "discovery": "    - {id: discovery, starts: 2024-06-03, ends: 2024-07-31}\n",
    "build": "    - {id: build, starts: 2024-08-01, ends: 2024-12-20}\n",
    "uat": "    - {id: uat, starts: 2025-01-06, ends: 2025-02-14}\n",
    "parallel-run": "    - {id: parallel-run, starts: 2025-02-17, ends: 2025-03-10}\n",
    "decommission": "    - {id: decommission, starts: 2025-04-14, ends: 2025-05-16}\n",
}
TARGET = (
    "  target:\n    id: newcloud\n    name: NewCloud Messaging\n    category: esp\n"
    "    contract:\n      starts: 2024-05-01\n"
    "    retention: P10Y            # how long the target platform keeps data it holds\n"
)
WARMUP = "ip_warmup: {starts: 2025-01-20, ends: 2025-03-07}"
TL_CODES = {f"TL{n:03d}" for n in range(1, 16)}


def pos(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """(line, column), 1-based, where the ``occurrence``-th ``needle`` starts
    (comment lines skipped)."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        start = line.find(needle)
        while start >= 0:
            seen += 1
            if seen == occurrence:
                return number, start + 1
            start = line.find(needle, start + 1)
    raise AssertionError(f"{needle!r} not found")


def field_pos(text: str, key: str, value: str, occurrence: int = 1) -> tuple[int, int]:
    """Where the value of ``key: value`` starts."""
    line, column = pos(text, f"{key}: {value}", occurrence)
    return line, column + len(key) + 2


def found(text: str, code: str) -> list[tuple[str, int, int]]:
    return at(lint(text), code)


def with_cutover(value: str, text: str = EXAMPLE) -> str:
    return mutate(text, CUTOVER, f"at: {value} ")


def cutover_pos(text: str) -> tuple[int, int]:
    line, column = pos(text, "  at: ")
    return line, column + 6


def test_clean_example_has_no_timeline_findings() -> None:
    assert codes(lint(EXAMPLE)) & TL_CODES == set()


# -- TL002 cutover-in-freeze-window -------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2025-03-20T10:00:00+01:00",  # first day of the Spring sale freeze
        "2025-03-24T17:00:00+01:00",  # last day: an `ends` date is inclusive
        "2025-03-24T22:30:00Z",  # 23:30 in Berlin on the last day
        "2025-03-19T23:30:00Z",  # 00:30 in Berlin on the first day
    ],
)
def test_tl002_cutover_inside_a_freeze(value: str) -> None:
    text = with_cutover(value)
    assert found(text, "TL002") == [("error", *cutover_pos(text))]


@pytest.mark.parametrize(
    "value",
    [
        "2025-03-25T10:00:00+01:00",  # the day after the freeze
        "2025-03-24T23:30:00Z",  # 00:30 on 25 March in Berlin, though 24 March in UTC
        "2025-03-19T22:30:00Z",  # 23:30 on 19 March in Berlin
    ],
)
def test_tl002_cutover_outside_the_freeze(value: str) -> None:
    assert found(with_cutover(value), "TL002") == []


def test_tl002_message() -> None:
    (message,) = messages(lint(with_cutover("2025-03-21T10:00:00+01:00")), "TL002")
    assert message == (
        "cutover Friday 2025-03-21 10:00 Europe/Berlin is inside the freeze window "
        "`Spring sale`, Thursday 2025-03-20 to Monday 2025-03-24; move the cutover "
        "outside the freeze"
    )


def test_tl002_workflow_switch_inside_a_freeze() -> None:
    text = mutate(
        EXAMPLE,
        "switch_off_legacy: 2025-03-11T10:30:00+01:00",
        "switch_off_legacy: 2025-03-21",
    )
    result = lint(text)
    line, column = pos(text, "2025-03-21")
    assert at(result, "TL002") == [("error", line, column)]
    assert messages(result, "TL002") == [
        "workflow `abandoned-cart`: switch off legacy Friday 2025-03-21 is inside the freeze "
        "window `Spring sale`, Thursday 2025-03-20 to Monday 2025-03-24; switch it outside "
        "the freeze"
    ]


def test_tl002_each_switch_is_reported() -> None:
    text = EXAMPLE.replace("2025-03-11T10:", "2025-03-20T10:")
    # the cutover, then two workflows x two switches, each at its own node
    expected = [("error", *cutover_pos(text))]
    for occurrence in (1, 2):
        for key in ("switch_off_legacy", "switch_on_target"):
            line, column = pos(text, f"{key}: 2025-03-20T10", occurrence)
            expected.append(("error", line, column + len(key) + 2))
    assert found(text, "TL002") == sorted(expected)
    assert len(expected) == 5


FREEZE_AT = "    - {name: Spring sale, starts: 2025-03-20, ends: 2025-03-24}"
FREEZE_DATETIMES = (
    "    - {name: Spring sale, starts: 2025-03-20T00:00:00+01:00, ends: 2025-03-24T18:00:00+01:00}"
)


@pytest.mark.parametrize(
    ("value", "inside"),
    [
        ("2025-03-24", True),  # a date stands for the start of its day: before 18:00
        ("2025-03-25", False),
        ("2025-03-24T17:59:00+01:00", True),
        ("2025-03-24T18:00:00+01:00", True),  # a date-time end is the instant itself
        ("2025-03-24T18:30:00+01:00", False),
        ("2025-03-19T23:30:00Z", True),  # 00:30 Berlin on the first day
    ],
)
def test_tl002_first_campaign_against_date_time_windows(value: str, inside: bool) -> None:
    text = mutate(EXAMPLE, FREEZE_AT, FREEZE_DATETIMES)
    text = mutate(text, "first_campaign: 2025-02-18", f"first_campaign: {value}")
    expected = [("error", *field_pos(text, "first_campaign", value))] if inside else []
    assert found(text, "TL002") == expected


def test_tl002_first_campaign_message() -> None:
    text = mutate(EXAMPLE, "first_campaign: 2025-02-18", "first_campaign: 2025-03-24")
    assert messages(lint(text), "TL002") == [
        "the first campaign Monday 2025-03-24 is inside the freeze window `Spring sale`, "
        "Thursday 2025-03-20 to Monday 2025-03-24; send it outside the freeze"
    ]


def test_tl002_unnamed_window_is_named_by_its_path() -> None:
    text = mutate(EXAMPLE, "{name: Spring sale, starts:", "{starts:")
    text = with_cutover("2025-03-21T10:00:00+01:00", text)
    (message,) = messages(lint(text), "TL002")
    assert "inside the freeze window `timeline.freeze_windows[1]`," in message


# -- TL003 cutover-on-holiday -------------------------------------------------


def with_countries(text: str, countries: str) -> str:
    return mutate(text, "countries: [DE, US]", f"countries: {countries}")


@pytest.mark.parametrize(
    ("value", "countries", "message_part"),
    [
        ("2025-12-25T10:00:00+01:00", "[DE]", "falls on Christmas Day (DE)"),
        ("2025-05-01T10:00:00+02:00", "[DE]", "falls on Labor Day (DE)"),
        (
            "2025-12-24T10:00:00+01:00",
            "[DE]",
            "falls the working day before 2025-12-25, Christmas Day (DE)",
        ),
        # Good Friday is itself a holiday in Germany
        ("2025-04-18T10:00:00+02:00", "[DE]", "falls on Good Friday (DE)"),
        (
            "2025-04-17T10:00:00+02:00",
            "[DE]",
            "falls the working day before 2025-04-18, Good Friday (DE)",
        ),
        # In France only Easter Monday is: the Friday before it is the working day before
        (
            "2025-04-18T10:00:00+02:00",
            "[FR]",
            "falls the working day before 2025-04-21, Easter Monday (FR)",
        ),
        ("2025-11-27T10:00:00+01:00", "[US]", "falls on Thanksgiving Day (US)"),
        (
            "2025-11-26T10:00:00+01:00",
            "[DE, US]",
            "falls the working day before 2025-11-27, Thanksgiving Day (US)",
        ),
        # 23:30 UTC on 24 December is 00:30 on Christmas Day in Berlin
        ("2025-12-24T23:30:00Z", "[DE]", "falls on Christmas Day (DE)"),
    ],
)
def test_tl003_holidays(value: str, countries: str, message_part: str) -> None:
    text = with_countries(with_cutover(value), countries)
    result = lint(text)
    assert at(result, "TL003") == [("warning", *cutover_pos(text))]
    (message,) = messages(result, "TL003")
    assert message_part in message


def test_tl003_full_message() -> None:
    text = with_countries(with_cutover("2025-12-24T23:30:00Z"), "[DE]")
    assert messages(lint(text), "TL003") == [
        "cutover Thursday 2025-12-25 00:30 Europe/Berlin falls on Christmas Day (DE); move it "
        "to an ordinary working day, with the team and the vendor's support at hand for the "
        "days after"
    ]


@pytest.mark.parametrize(
    ("value", "countries"),
    [
        ("2025-11-27T10:00:00+01:00", "[DE]"),  # Thanksgiving is not a German holiday
        ("2025-11-26T10:00:00+01:00", "[DE]"),
        ("2025-04-17T10:00:00+02:00", "[US]"),  # neither Easter day is a US holiday
        ("2025-04-18T10:00:00+02:00", "[US]"),
        ("2025-12-23T10:00:00+01:00", "[DE]"),  # 24 December is a working day
        # 22:30 UTC on Labour Day is 00:30 on Friday 2 May in Berlin
        ("2025-05-01T22:30:00Z", "[DE]"),
    ],
)
def test_tl003_ordinary_days(value: str, countries: str) -> None:
    assert found(with_countries(with_cutover(value), countries), "TL003") == []


def test_tl003_without_countries() -> None:
    text = mutate(with_cutover("2025-12-25T10:00:00+01:00"), "  countries: [DE, US]", "  #")
    assert found(text, "TL003") == []


# -- TL004 retirement-after-contract-end --------------------------------------

LEGACYMAIL_EXT = "extension: month-to-month   #"
TEXTBLAST_EXT = "        extension: month-to-month\n  target:"


def legacymail(text: str, ends: str | None = None, extension: str | None = None) -> str:
    if ends is not None:
        text = mutate(
            text,
            "        ends: 2025-06-30\n        notice_period: P90D",
            f"        ends: {ends}\n        notice_period: P90D",
        )
    if extension is not None:
        text = mutate(text, LEGACYMAIL_EXT, f"extension: {extension}   #")
    return text


@pytest.mark.parametrize(("extension", "severity"), [("none", "error"), ("annual", "warning")])
def test_tl004_contract_ends_before_retirement(extension: str, severity: str) -> None:
    text = legacymail(EXAMPLE, ends="2025-04-30", extension=extension)
    assert found(text, "TL004") == [(severity, *pos(text, "2025-04-30"))]


def test_tl004_month_to_month_passes() -> None:
    assert found(legacymail(EXAMPLE, ends="2025-04-30"), "TL004") == []


def test_tl004_missing_extension_is_none() -> None:
    text = legacymail(EXAMPLE, ends="2025-04-30")
    text = mutate(
        text,
        "        extension: month-to-month   # none | month-to-month | annual: "
        "what the vendor offers if the plan slips\n",
        "",
    )
    assert found(text, "TL004") == [("error", *pos(text, "2025-04-30"))]


def test_tl004_messages() -> None:
    text = legacymail(EXAMPLE, ends="2025-04-30", extension="annual")
    assert messages(lint(text), "TL004") == [
        "legacy `legacymail` contract ends Wednesday 2025-04-30, 2 weeks and 2 days before "
        "timeline.retirement Friday 2025-05-16, and the fallback is an annual extension; "
        "negotiate month to month instead of paying for another year"
    ]
    text = legacymail(EXAMPLE, ends="2025-04-30", extension="none")
    assert messages(lint(text), "TL004") == [
        "legacy `legacymail` contract ends Wednesday 2025-04-30, 2 weeks and 2 days before "
        "timeline.retirement Friday 2025-05-16, and no extension is agreed; retire by the "
        "contract end or negotiate a month-to-month extension"
    ]


def test_tl004_retiring_on_the_last_contract_day_passes() -> None:
    text = legacymail(EXAMPLE, ends="2025-05-16", extension="none")
    assert found(text, "TL004") == []
    text = legacymail(EXAMPLE, ends="2025-05-15", extension="none")
    assert found(text, "TL004") == [("error", *pos(text, "2025-05-15"))]


def test_tl004_one_finding_per_contract_with_its_own_severity() -> None:
    text = mutate(EXAMPLE, "retirement: 2025-05-16", "retirement: 2025-07-01")
    text = legacymail(text, extension="annual")
    text = mutate(text, TEXTBLAST_EXT, "        extension: none\n  target:")
    assert found(text, "TL004") == [
        ("warning", *pos(text, "2025-06-30", 1)),
        ("error", *pos(text, "2025-06-30", 2)),
    ]


def test_tl004_decommission_end_when_no_retirement_date() -> None:
    text = mutate(EXAMPLE, "  retirement: 2025-05-16       #", "  #")
    text = mutate(text, "ends: 2025-05-16}", "ends: 2025-07-01}")
    text = legacymail(text, extension="none")
    assert found(text, "TL004") == [("error", *pos(text, "2025-06-30", 1))]
    (message,) = messages(lint(text), "TL004")
    assert "1 day before the `decommission` phase ends Tuesday 2025-07-01" in message


# -- TL005 termination-notice-late --------------------------------------------

NOTICE = "notice_given: 2025-02-28"


@pytest.mark.parametrize(("given", "late"), [("2025-04-01", False), ("2025-04-02", True)])
def test_tl005_deadline_is_ends_minus_notice_period(given: str, late: bool) -> None:
    # 2025-06-30 minus 90 days is 2025-04-01
    text = mutate(EXAMPLE, NOTICE, f"notice_given: {given}")
    expected = [("warning", *field_pos(text, "notice_given", given))] if late else []
    assert found(text, "TL005") == expected


def test_tl005_message() -> None:
    text = mutate(EXAMPLE, NOTICE, "notice_given: 2025-04-15")
    assert messages(lint(text), "TL005") == [
        "legacy `legacymail` termination notice Tuesday 2025-04-15 is 2 weeks after the "
        "deadline Tuesday 2025-04-01, 90 days before the contract end Monday 2025-06-30; "
        "the contract renews itself: give notice by the deadline or negotiate the end with the "
        "vendor now"
    ]


@pytest.mark.parametrize(("given", "late"), [("2025-03-30", False), ("2025-03-31", True)])
def test_tl005_notice_period_in_calendar_months(given: str, late: bool) -> None:
    text = mutate(EXAMPLE, "notice_period: P90D", "notice_period: P3M")
    text = mutate(text, NOTICE, f"notice_given: {given}")
    expected = [("warning", *field_pos(text, "notice_given", given))] if late else []
    assert found(text, "TL005") == expected


def test_tl005_missing_notice_points_at_the_contract() -> None:
    text = mutate(EXAMPLE, f"        {NOTICE}\n", "")
    assert found(text, "TL005") == [("warning", *pos(text, "ends: 2025-06-30", 1))]


def test_tl005_contract_that_does_not_renew_needs_no_notice() -> None:
    text = mutate(EXAMPLE, "        notice_given: 2025-03-31\n", "")  # textblast: auto_renews none
    assert found(text, "TL005") == []
    text = mutate(EXAMPLE, "notice_given: 2025-03-31", "notice_given: 2025-06-29")
    assert found(text, "TL005") == []


def test_tl005_unstated_auto_renewal_counts_as_renewing() -> None:
    text = mutate(EXAMPLE, "        auto_renews: annual    # none | monthly | annual\n", "")
    text = mutate(text, NOTICE, "notice_given: 2025-04-02")
    assert found(text, "TL005") == [("warning", *field_pos(text, "notice_given", "2025-04-02"))]


@pytest.mark.parametrize(("given", "late"), [("2025-06-30", False), ("2025-07-01", True)])
def test_tl005_without_notice_period(given: str, late: bool) -> None:
    text = mutate(EXAMPLE, "        notice_period: P90D    # ISO 8601 duration\n", "")
    text = mutate(text, NOTICE, f"notice_given: {given}")
    expected = [("warning", *field_pos(text, "notice_given", given))] if late else []
    assert found(text, "TL005") == expected


# -- TL006 unrealistic-duration -----------------------------------------------


def with_kickoff(value: str, text: str = EXAMPLE) -> str:
    return mutate(text, "kickoff: 2024-06-03", f"kickoff: {value}")


@pytest.mark.parametrize(
    ("kickoff", "cutover", "severity"),
    [
        ("2024-12-12", "2025-03-11T10:00:00+01:00", "warning"),  # 3 months end 12 March
        ("2024-12-12", "2025-03-11T22:30:00Z", "warning"),  # 23:30 on 11 March in Berlin
        ("2023-09-11", "2025-03-11T10:00:00+01:00", "info"),  # 18 months end 11 March 00:00
    ],
)
def test_tl006_fires(kickoff: str, cutover: str, severity: str) -> None:
    text = with_cutover(cutover, with_kickoff(kickoff))
    assert found(text, "TL006") == [(severity, *cutover_pos(text))]


@pytest.mark.parametrize(
    ("kickoff", "cutover"),
    [
        ("2024-12-11", "2025-03-11T10:00:00+01:00"),  # exactly 3 months and 10 hours
        ("2024-12-12", "2025-03-11T23:30:00Z"),  # 00:30 on 12 March in Berlin
        ("2023-09-12", "2025-03-11T10:00:00+01:00"),  # just under 18 months
    ],
)
def test_tl006_passes(kickoff: str, cutover: str) -> None:
    assert found(with_cutover(cutover, with_kickoff(kickoff)), "TL006") == []


@pytest.mark.parametrize(
    ("cutover", "short"), [("2025-03-31T22:30:00Z", False), ("2025-03-31T21:30:00Z", True)]
)
def test_tl006_months_end_at_local_midnight_across_dst(cutover: str, short: bool) -> None:
    # kickoff 2025-01-01 + 3 months = 2025-04-01 00:00 in Berlin, which is summer time
    # by then (+02:00): 2025-03-31 22:00 UTC, not 23:00
    text = with_cutover(cutover, with_kickoff("2025-01-01"))
    expected = [("warning", *cutover_pos(text))] if short else []
    assert found(text, "TL006") == expected


def test_tl006_messages() -> None:
    text = with_kickoff("2025-01-06")
    assert messages(lint(text), "TL006") == [
        "the migration runs 9 weeks and 1 day from kickoff Monday 2025-01-06 to Tuesday 2025-03-11 10:00 "
        "Europe/Berlin, less than 3 months; it can be done, at a far higher cost and "
        "with workarounds left behind: give the plan more time"
    ]


def test_tl006_without_cutover_measures_to_retirement() -> None:
    text = mutate(
        EXAMPLE, "    at: 2025-03-11T10:00:00+01:00      # Tuesday morning, Berlin time\n", ""
    )
    assert found(with_kickoff("2025-02-16", text), "TL006") == []
    text = with_kickoff("2025-02-17", text)
    line, column = pos(text, "retirement: 2025-05-16")
    assert found(text, "TL006") == [("warning", line, column + 12)]


# -- TL007 rfp-lead-time-short ------------------------------------------------


@pytest.mark.parametrize(("rfp", "short"), [("2023-05-16", False), ("2023-05-17", True)])
def test_tl007_two_years_to_retirement(rfp: str, short: bool) -> None:
    text = mutate(EXAMPLE, "rfp: 2023-01-16", f"rfp: {rfp}")
    line, column = pos(text, "retirement: 2025-05-16")
    expected = [("warning", line, column + 12)] if short else []
    assert found(text, "TL007") == expected


def test_tl007_message() -> None:
    text = mutate(EXAMPLE, "rfp: 2023-01-16", "rfp: 2024-03-01")
    assert messages(lint(text), "TL007") == [
        "an enterprise plan with 1 year and 2 months from the RFP Friday 2024-03-01 to the retirement "
        "Friday 2025-05-16, less than 2 years; allow more time before the old platform is shut "
        "off, or secure a short extension of its contract now"
    ]


def test_tl007_only_for_enterprises() -> None:
    text = mutate(EXAMPLE, "rfp: 2023-01-16", "rfp: 2024-03-01")
    text = mutate(text, "size: enterprise", "size: mid-market")
    assert found(text, "TL007") == []


@pytest.mark.parametrize(("rfp", "short"), [("2023-05-17", False), ("2023-05-18", True)])
def test_tl007_decommission_end_counts_whole(rfp: str, short: bool) -> None:
    text = mutate(EXAMPLE, "  retirement: 2025-05-16       #", "  #")
    text = mutate(text, "rfp: 2023-01-16", f"rfp: {rfp}")
    expected = [("warning", *pos(text, "2025-05-16}"))] if short else []
    assert found(text, "TL007") == expected


# -- TL008 phase-order --------------------------------------------------------


def phases_pos(text: str) -> tuple[int, int]:
    return pos(text, "- {id: ", 1)


def test_tl008_required_phase_missing() -> None:
    text = mutate(EXAMPLE, PHASES["uat"], "")
    result = lint(text)
    assert at(result, "TL008") == [("error", *phases_pos(text))]
    assert messages(result, "TL008") == [
        "timeline.phases has no `uat` phase; a migration to a target platform needs discovery, "
        "build, uat, parallel-run and decommission phases"
    ]


def test_tl008_every_missing_phase_is_reported() -> None:
    text = mutate(mutate(EXAMPLE, PHASES["uat"], ""), PHASES["build"], "")
    result = lint(text)
    assert at(result, "TL008") == [("error", *phases_pos(text))]  # one finding for both
    assert messages(result, "TL008") == [
        "timeline.phases has no `build` or `uat` phases; a migration to a target platform needs "
        "discovery, build, uat, parallel-run and decommission phases"
    ]


def test_tl008_no_phases_points_at_the_timeline() -> None:
    text = EXAMPLE
    for line in PHASES.values():
        text = mutate(text, line, "")
    text = mutate(text, "  phases:\n", "")
    assert found(text, "TL008") == [("error", *pos(text, "rfp: 2023-01-16"))]


def test_tl008_retire_plan_needs_discovery_and_decommission_only() -> None:
    text = mutate(EXAMPLE, TARGET, "")
    text = mutate(mutate(text, PHASES["uat"], ""), PHASES["parallel-run"], "")
    assert found(text, "TL008") == []
    text = mutate(text, PHASES["discovery"], "")
    result = lint(text)
    assert at(result, "TL008") == [("error", *phases_pos(text))]
    assert messages(result, "TL008") == [
        "timeline.phases has no `discovery` phase; retiring a tool without replacement needs "
        "at least discovery and decommission phases"
    ]


def test_tl008_phase_ends_before_it_starts() -> None:
    text = mutate(
        EXAMPLE, "starts: 2024-08-01, ends: 2024-12-20", "starts: 2024-08-01, ends: 2024-07-31"
    )
    result = lint(text)
    assert at(result, "TL008") == [("error", *field_pos(text, "2024-08-01, ends", "2024-07-31"))]
    assert messages(result, "TL008") == [
        "phase `build` ends Wednesday 2024-07-31, 1 day before it starts on "
        "Thursday 2024-08-01; fix its dates"
    ]


def test_tl008_one_day_phase_passes() -> None:
    text = mutate(
        EXAMPLE, "starts: 2024-08-01, ends: 2024-12-20", "starts: 2024-08-01, ends: 2024-08-01"
    )
    assert found(text, "TL008") == []


def uat_ends(value: str, text: str = EXAMPLE) -> str:
    return mutate(
        text, "starts: 2025-01-06, ends: 2025-02-14", f"starts: 2025-01-06, ends: {value}"
    )


@pytest.mark.parametrize(
    ("ends", "cutover", "late"),
    [
        # `ends` is inclusive and compares as a date with the cutover's local date
        ("2025-03-12", "2025-03-11T10:00:00+01:00", True),
        ("2025-03-11", "2025-03-11T10:00:00+01:00", False),  # ends on the cutover's day
        ("2025-03-10", "2025-03-11T10:00:00+01:00", False),
        ("2025-03-11", "2025-03-10T22:30:00Z", True),  # 23:30 on 10 March in Berlin
        ("2025-03-10", "2025-03-10T22:30:00Z", False),
        ("2025-03-11", "2025-03-10T23:30:00Z", False),  # 00:30 on 11 March in Berlin
    ],
)
def test_tl008_uat_ends_after_cutover(ends: str, cutover: str, late: bool) -> None:
    text = with_cutover(cutover, uat_ends(ends))
    line, column = pos(text, f"ends: {ends}}}")
    expected = [("error", line, column + 6)] if late else []
    assert found(text, "TL008") == expected


def test_tl008_uat_message() -> None:
    assert messages(lint(uat_ends("2025-03-12")), "TL008") == [
        "the uat phase runs through Wednesday 2025-03-12, after the cutover Tuesday 2025-03-11 10:00 "
        "Europe/Berlin; finish and sign off UAT before the cutover"
    ]


@pytest.mark.parametrize(("starts", "early"), [("2025-03-11", True), ("2025-03-12", False)])
def test_tl008_decommission_starts_before_cutover(starts: str, early: bool) -> None:
    text = mutate(EXAMPLE, "decommission, starts: 2025-04-14", f"decommission, starts: {starts}")
    line, column = pos(text, f"starts: {starts}")
    expected = [("error", line, column + 8)] if early else []
    assert found(text, "TL008") == expected


def test_tl008_decommission_message() -> None:
    text = mutate(EXAMPLE, "decommission, starts: 2025-04-14", "decommission, starts: 2025-03-03")
    assert messages(lint(text), "TL008") == [
        "the decommission phase starts Monday 2025-03-03, before the cutover Tuesday 2025-03-11 10:00 "
        "Europe/Berlin; decommission the legacy only after the cutover (and its "
        "rollback window)"
    ]


# -- TL009 milestone-after-retirement -----------------------------------------


@pytest.mark.parametrize(("ends", "late"), [("2025-05-16", False), ("2025-05-17", True)])
def test_tl009_phase_ends_after_retirement(ends: str, late: bool) -> None:
    text = mutate(
        EXAMPLE, "starts: 2025-04-14, ends: 2025-05-16", f"starts: 2025-04-14, ends: {ends}"
    )
    line, column = pos(text, f"ends: {ends}}}")
    expected = [("error", line, column + 6)] if late else []
    assert found(text, "TL009") == expected


def test_tl009_phase_message() -> None:
    text = mutate(EXAMPLE, "ends: 2025-05-16}", "ends: 2025-05-30}")
    assert messages(lint(text), "TL009") == [
        "phase `decommission` ends Friday 2025-05-30, 2 weeks after the retirement "
        "Friday 2025-05-16; end it by the retirement date, or move the retirement (and check "
        "the contracts)"
    ]


@pytest.mark.parametrize(
    ("cutover", "late"),
    [
        ("2025-05-16T23:30:00+02:00", False),  # during the retirement day
        ("2025-05-16T21:30:00Z", False),  # 23:30 in Berlin
        ("2025-05-17T00:00:00+02:00", True),
        ("2025-05-16T22:30:00Z", True),  # 00:30 on 17 May in Berlin
    ],
)
def test_tl009_cutover_after_retirement(cutover: str, late: bool) -> None:
    text = with_cutover(cutover)
    expected = [("error", *cutover_pos(text))] if late else []
    assert found(text, "TL009") == expected


def test_tl009_cutover_message_and_no_double_report() -> None:
    text = mutate(EXAMPLE, "retirement: 2025-05-16", "retirement: 2025-03-10")
    result = lint(text)
    line, column = pos(text, "ends: 2025-05-16}")
    # the decommission phase and the cutover, once each
    assert at(result, "TL009") == [("error", line, column + 6), ("error", *cutover_pos(text))]
    assert messages(result, "TL009")[1] == (
        "cutover Tuesday 2025-03-11 10:00 Europe/Berlin falls after the retirement date "
        "Monday 2025-03-10; the legacy is off by then: cut over before it, or move the "
        "retirement"
    )


# -- TL010 cutover-offset-mismatch --------------------------------------------


@pytest.mark.parametrize(
    ("value", "wrong"),
    [
        ("2025-07-01T10:00:00+01:00", True),  # the classic slip: winter offset in summer
        ("2025-07-01T10:00:00+02:00", False),
        ("2025-07-01T08:00:00Z", False),
        ("2025-07-01T08:00:00+00:00", False),
        ("2025-07-01T10:00:00", False),  # no offset: read in the plan's zone
        ("2025-03-29T10:00:00+02:00", True),  # summer offset the day before the switch
        ("2025-03-30T01:30:00+01:00", False),  # 00:30 UTC: still winter time
        ("2025-03-30T03:30:00+01:00", True),  # 02:30 UTC: Berlin is on +02:00 since 01:00 UTC
        ("2025-03-30T03:30:00+02:00", False),
        ("2025-10-26T02:30:00+02:00", False),  # the repeated hour, first time
        ("2025-10-26T02:30:00+01:00", False),  # the repeated hour, second time
        ("2025-10-27T10:00:00+02:00", True),
    ],
)
def test_tl010_offsets_around_daylight_saving(value: str, wrong: bool) -> None:
    text = with_cutover(value)
    expected = [("warning", *cutover_pos(text))] if wrong else []
    assert found(text, "TL010") == expected


def test_tl010_message() -> None:
    assert messages(lint(with_cutover("2025-07-01T10:00:00+01:00")), "TL010") == [
        "timeline.cutover.at: 2025-07-01T10:00:00+01:00 is written with +01:00, but "
        "Europe/Berlin is on +02:00 on 2025-07-01, so it means 2025-07-01 11:00 local time; "
        "write +02:00 (or UTC with Z)"
    ]


def test_tl010_reads_every_date_time() -> None:
    text = mutate(
        EXAMPLE,
        "switch_on_target: 2025-03-11T10:30:00+01:00",
        "switch_on_target: 2025-03-11T10:30:00+02:00",
    )
    text = mutate(
        text,
        "decision_deadline: 2025-03-17T12:00:00+01:00",
        "decision_deadline: 2025-03-13T12:00:00-05:00",
    )
    line, column = pos(text, "2025-03-11T10:30:00+02:00")
    deadline = pos(text, "2025-03-13T12:00:00-05:00")
    assert found(text, "TL010") == [("warning", *deadline), ("warning", line, column)]


def test_tl010_zone_decides() -> None:
    text = with_cutover("2025-07-01T10:00:00-04:00")
    assert found(text, "TL010") == [("warning", *cutover_pos(text))]
    # -04:00 is New York's summer offset; the plan's other (Berlin) offsets are not
    in_new_york = mutate(text, "timezone: Europe/Berlin", "timezone: America/New_York")
    flagged = found(in_new_york, "TL010")
    assert ("warning", *cutover_pos(text)) not in flagged
    assert (
        "warning",
        *field_pos(text, "decision_deadline", "2025-03-17T12:00:00+01:00"),
    ) in flagged
    in_utc = mutate(EXAMPLE, "timezone: Europe/Berlin", "timezone: UTC")
    assert found(in_utc, "TL010") == []


# -- TL011 ip-warmup-misplaced ------------------------------------------------


def with_warmup(starts: str, ends: str, text: str = EXAMPLE) -> str:
    return mutate(text, WARMUP, f"ip_warmup: {{starts: {starts}, ends: {ends}}}")


@pytest.mark.parametrize(("starts", "early"), [("2024-12-20", True), ("2024-12-21", False)])
def test_tl011_warmup_starts_before_build_ends(starts: str, early: bool) -> None:
    text = with_warmup(starts, "2025-03-07")
    expected = [("warning", *field_pos(text, "ip_warmup: {starts", starts))] if early else []
    assert found(text, "TL011") == expected


@pytest.mark.parametrize(
    ("ends", "cutover", "late"),
    [
        ("2025-03-12", "2025-03-11T10:00:00+01:00", True),
        ("2025-03-11", "2025-03-11T10:00:00+01:00", False),  # last day is the cutover's day
        ("2025-03-11", "2025-03-10T22:30:00Z", True),  # 23:30 on 10 March in Berlin
        ("2025-03-11", "2025-03-10T23:30:00Z", False),  # 00:30 on 11 March in Berlin
    ],
)
def test_tl011_warmup_ends_after_cutover(ends: str, cutover: str, late: bool) -> None:
    text = with_cutover(cutover, with_warmup("2025-01-20", ends))
    expected = [("warning", *field_pos(text, "2025-01-20, ends", ends))] if late else []
    assert found(text, "TL011") == expected


def test_tl011_both_ends_and_messages() -> None:
    text = with_warmup("2024-11-04", "2025-03-12")
    result = lint(text)
    assert at(result, "TL011") == [
        ("warning", *pos(text, "2024-11-04")),
        ("warning", *pos(text, "2025-03-12")),
    ]
    assert messages(result, "TL011") == [
        "the IP warm-up starts Monday 2024-11-04, before the build phase ends on Friday 2024-12-20"
        "; let the integrations take shape first and start warming up after the build",
        "the IP warm-up runs through Wednesday 2025-03-12, after the cutover Tuesday 2025-03-11 10:00 "
        "Europe/Berlin; finish warming up the target's IPs before they carry the "
        "full volume",
    ]


# -- TL012 first-send-before-uat ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "early"),
    [
        ("2025-02-14", True),  # UAT's last day
        ("2025-02-15", False),
        ("2025-02-14T23:30:00+01:00", True),
        ("2025-02-15T00:00:00+01:00", False),
        ("2025-02-14T22:30:00Z", True),  # 23:30 in Berlin
        ("2025-02-14T23:30:00Z", False),  # 00:30 on 15 February in Berlin
        ("2025-01-31", True),
    ],
)
def test_tl012_first_campaign_against_uat_end(value: str, early: bool) -> None:
    text = mutate(EXAMPLE, "first_campaign: 2025-02-18", f"first_campaign: {value}")
    expected = [("warning", *field_pos(text, "first_campaign", value))] if early else []
    assert found(text, "TL012") == expected


def test_tl012_message() -> None:
    text = mutate(EXAMPLE, "first_campaign: 2025-02-18", "first_campaign: 2025-02-14T15:00:00")
    assert messages(lint(text), "TL012") == [
        "the first campaign Friday 2025-02-14 15:00 Europe/Berlin goes out before the uat "
        "phase is over: UAT runs through Friday 2025-02-14; send from the target only after "
        "UAT sign-off, or waive this for a deliberate test send"
    ]


# -- TL013 dual-running-too-long ----------------------------------------------

PARALLEL = "{id: parallel-run, starts: 2025-02-17, ends: 2025-03-10}"


@pytest.mark.parametrize(("ends", "long"), [("2025-05-17", False), ("2025-05-18", True)])
def test_tl013_parallel_run_length(ends: str, long: bool) -> None:
    text = mutate(EXAMPLE, PARALLEL, f"{{id: parallel-run, starts: 2025-02-17, ends: {ends}}}")
    expected = [("warning", *pos(text, "{id: parallel-run"))] if long else []
    assert found(text, "TL013") == expected


def test_tl013_message_and_retire_plans() -> None:
    text = mutate(EXAMPLE, PARALLEL, "{id: parallel-run, starts: 2025-02-17, ends: 2025-05-18}")
    assert messages(lint(text), "TL013") == [
        "the parallel run lasts 13 weeks, from Monday 2025-02-17 to Sunday 2025-05-18, more "
        "than 90 days: both platforms are being paid for; shorten it or cut over sooner"
    ]
    assert found(mutate(text, TARGET, ""), "TL013") == []


# -- TL014 ip-warmup-too-short ------------------------------------------------


@pytest.mark.parametrize(("ends", "short"), [("2025-02-16", False), ("2025-02-15", True)])
def test_tl014_warmup_length(ends: str, short: bool) -> None:
    text = with_warmup("2025-01-20", ends)
    line, column = pos(text, "ip_warmup: {")
    expected = [("warning", line, column + 11)] if short else []
    assert found(text, "TL014") == expected


def test_tl014_message() -> None:
    assert messages(lint(with_warmup("2025-01-20", "2025-02-15")), "TL014") == [
        "the IP warm-up lasts 3 weeks and 6 days, from Monday 2025-01-20 to Saturday 2025-02-15, less "
        "than 4 weeks; ramp a new IP's volume gradually over at least 4 weeks"
    ]


# -- TL015 peak-season-cutover ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "peak"),
    [
        ("2025-10-30T10:00:00+01:00", False),
        ("2025-10-31T10:00:00+01:00", True),  # 28 days before Black Friday (28 November)
        ("2025-10-30T23:30:00Z", True),  # 00:30 on 31 October in Berlin
        ("2025-12-08T10:00:00+01:00", True),  # 7 days after Cyber Monday (1 December)
        ("2025-12-08T23:30:00Z", False),  # 00:30 on 9 December in Berlin
        ("2025-12-09T10:00:00+01:00", False),
        ("2026-12-07T10:00:00+01:00", True),  # 2026: Black Friday 27 November
        ("2026-12-08T10:00:00+01:00", False),
        ("2026-10-29T10:00:00+01:00", False),
    ],
)
def test_tl015_retail_peak(value: str, peak: bool) -> None:
    text = with_cutover(value)
    expected = [("warning", *cutover_pos(text))] if peak else []
    assert found(text, "TL015") == expected


def test_tl015_message_and_other_industries() -> None:
    text = with_cutover("2025-11-18T10:00:00+01:00")
    assert messages(lint(text), "TL015") == [
        "cutover Tuesday 2025-11-18 10:00 Europe/Berlin falls in the retail peak, "
        "2025-10-31 to 2025-12-08 (Black Friday 2025-11-28, Cyber Monday 2025-12-01); move it "
        "out of the highest-revenue weeks"
    ]
    assert found(mutate(text, "industry: retail", "industry: media"), "TL015") == []


# -- robustness, rule examples and the findings example -----------------------


def test_skeleton_plan() -> None:
    result = lint("migralint: 1\nplan: {name: x}\ntimeline: {}\n")
    # a plan without a target must still have discovery and decommission phases
    assert [(f.code, f.line, f.column) for f in result if f.code in TL_CODES] == [("TL008", 3, 11)]
    assert messages(result, "TL008") == [
        "timeline.phases has no `discovery` or `decommission` phases; retiring a tool without "
        "replacement needs at least discovery and decommission phases"
    ]


WRONG_TYPES = """\
migralint: 1
plan: {name: x, timezone: Europe/Berlin, countries: DE, size: enterprise, industry: retail}
platforms:
  legacy:
    - just a string
    - {id: a, contract: month to month}
    - {id: b, contract: [2025-06-30]}
    - {id: c, contract: {ends: [x], notice_period: 5, notice_given: {a: 1}, auto_renews: [1]}}
  target: [newcloud]
timeline:
  rfp: [2023-01-16]
  kickoff: {a: 1}
  retirement: 20250516
  phases: soon
  cutover: [2025-03-11T10:00:00+01:00]
  freeze_windows: {name: x, starts: 2025-03-20, ends: 2025-03-24}
discovery:
  workflows: welcome-journey
sending:
  ip_warmup: [2025-01-20, 2025-03-07]
  first_campaign: [2025-02-18]
"""

WRONG_TYPES_2 = """\
migralint: 1
plan: [x]
platforms: [legacymail]
timeline:
  phases: [1, [2], {id: [uat]}, {id: uat, starts: 5, ends: true}]
  cutover: {at: 5}
  freeze_windows: [1, {starts: 2025-03-20}, {starts: x, ends: y}, {starts: 2025-03-20, ends: [1]}]
discovery:
  workflows: [1, {id: w, switch_off_legacy: [1]}]
sending: nope
"""


@pytest.mark.parametrize("text", [WRONG_TYPES, WRONG_TYPES_2])
def test_wrong_types_raise_nothing(text: str) -> None:
    result = lint(text)
    assert "SC001" in codes(result)
    assert codes(result) & TL_CODES <= {"TL005", "TL008"}


def test_wrong_types_findings() -> None:
    result = lint(WRONG_TYPES)
    tl = [(f.code, f.line, f.column) for f in result if f.code in TL_CODES]
    # legacy c renews (auto_renews is not `none`) with an unreadable notice_given; the
    # phases are a string, so no phase is found
    assert tl == [("TL008", 14, 11)]
    assert [(f.code, f.line, f.column) for f in lint(WRONG_TYPES_2) if f.code in TL_CODES] == [
        ("TL008", 5, 11)
    ]


def test_findings_example() -> None:
    text = (ROOT / "examples" / "findings" / "timeline.yaml").read_text(encoding="utf-8")
    result = lint(text)
    warmup_line, warmup_column = pos(text, "ip_warmup: {")
    assert [(f.code, f.severity, f.line, f.column) for f in result if f.code in TL_CODES] == [
        ("TL005", "warning", *pos(text, "2025-04-15")),
        ("TL004", "warning", *pos(text, "2025-04-30")),
        ("TL010", "warning", *pos(text, "2025-03-13T12:00:00+02:00")),
        ("TL014", "warning", warmup_line, warmup_column + 11),
        ("TL011", "warning", *pos(text, "2024-12-02")),
        ("TL002", "error", *pos(text, "2025-02-18")),
    ]
