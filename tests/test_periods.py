"""Periods that are not in the plan (periods.py), allowed windows and times
to the second, and the configuration's company-wide freezes (TL002)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import EXAMPLE, line_of, run_cli
from migralint import periods, rules
from migralint.checks.calendar import holiday_on
from migralint.errors import RuleFileError
from test_matchers import found, rule

BERLIN = ZoneInfo("Europe/Berlin")


def span(spec: dict, moment: object, countries: tuple[str, ...] = ("DE",)) -> object:
    return periods.containing(spec, moment, BERLIN, countries, holiday_on)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 12, 14), None),
        (dt.date(2025, 12, 15), (dt.date(2025, 12, 15), dt.date(2026, 1, 5))),
        (dt.date(2025, 12, 31), (dt.date(2025, 12, 15), dt.date(2026, 1, 5))),
        (dt.date(2026, 1, 5), (dt.date(2025, 12, 15), dt.date(2026, 1, 5))),
        (dt.date(2026, 1, 6), None),
        (
            dt.datetime(2026, 1, 5, 23, 59, tzinfo=BERLIN),
            (dt.date(2025, 12, 15), dt.date(2026, 1, 5)),
        ),
    ],
)
def test_yearly_period_wraps_the_year_end(day: object, expected: object) -> None:
    assert span({"yearly": {"from": "12-15", "to": "01-05"}}, day) == expected


def test_yearly_29_february_in_a_common_year_is_the_last_day_of_february() -> None:
    spec = {"yearly": {"from": "02-29", "to": "03-01"}}
    assert span(spec, dt.date(2025, 2, 28)) == (dt.date(2025, 2, 28), dt.date(2025, 3, 1))
    assert span(spec, dt.date(2024, 2, 28)) is None


@pytest.mark.parametrize(
    ("spec", "day", "expected"),
    [
        # January 2025 in Germany: the 1st is a holiday; the 4th and 5th a weekend.
        ({"first": 3, "of": "month"}, dt.date(2025, 1, 1), None),
        (
            {"first": 3, "of": "month"},
            dt.date(2025, 1, 2),
            (dt.date(2025, 1, 2), dt.date(2025, 1, 6)),
        ),
        ({"first": 3, "of": "month"}, dt.date(2025, 1, 4), None),
        (
            {"first": 3, "of": "month"},
            dt.date(2025, 1, 6),
            (dt.date(2025, 1, 2), dt.date(2025, 1, 6)),
        ),
        ({"first": 3, "of": "month"}, dt.date(2025, 1, 7), None),
        # The last 2 business days of Q1 2025: Friday 28 and Monday 31 March.
        (
            {"last": 2, "of": "quarter"},
            dt.date(2025, 3, 28),
            (dt.date(2025, 3, 28), dt.date(2025, 3, 31)),
        ),
        ({"last": 2, "of": "quarter"}, dt.date(2025, 3, 27), None),
        # The last business day of 2025 in Germany: 31 December (24-26 are not all holidays).
        (
            {"last": 1, "of": "year"},
            dt.date(2025, 12, 31),
            (dt.date(2025, 12, 31), dt.date(2025, 12, 31)),
        ),
        # October 2025: the 3rd is German Unity Day.
        (
            {"first": 3, "of": "month"},
            dt.date(2025, 10, 6),
            (dt.date(2025, 10, 1), dt.date(2025, 10, 6)),
        ),
    ],
)
def test_business_days(spec: dict, day: dt.date, expected: object) -> None:
    assert span({"business_days": spec}, day) == expected


def test_business_days_use_every_country_of_the_plan() -> None:
    spec = {"business_days": {"first": 1, "of": "month"}}
    # 3 October 2025 is a holiday in Germany, not in France.
    assert span(spec, dt.date(2025, 10, 1), ("FR",)) == (dt.date(2025, 10, 1),) * 2
    assert span(spec, dt.date(2025, 5, 2), ("DE", "FR")) == (dt.date(2025, 5, 2),) * 2
    assert span(spec, dt.date(2025, 5, 1), ("DE", "FR")) is None  # Labour Day in both


def test_literal_period_with_an_inclusive_end_date() -> None:
    spec = {"starts": "2025-03-20", "ends": "2025-03-24"}
    inside = dt.datetime(2025, 3, 24, 23, 0, tzinfo=BERLIN)
    assert span(spec, inside) == (dt.date(2025, 3, 20), dt.date(2025, 3, 24))
    assert span(spec, dt.datetime(2025, 3, 25, 0, 0, tzinfo=BERLIN)) is None


CUTOVER = "plan: {{timezone: Europe/Berlin}}\ntimeline:\n  cutover:\n    at: {at}\n"


@pytest.mark.parametrize(
    ("at", "fires"),
    [
        ("2025-03-11T07:00:00+01:00", False),
        ("2025-03-11T10:00:30+01:00", True),  # after a `to: "10:00"` limit
        ("2025-03-11T09:59:59+01:00", False),
        ("2025-03-13T09:00:00+01:00", True),  # a Thursday
        ("2025-03-11T06:59:59+01:00", True),
    ],
)
def test_allowed_windows_to_the_second(at: str, fires: bool) -> None:
    text = rule(
        """
        - check: time-window
          with:
            at: timeline.cutover.at
            mode: allowed
            windows: [{weekday: [monday, tuesday, wednesday], from: "07:00", to: "10:00"}]
        """,
        message="{value} outside {windows}",
    )
    result = found(text, CUTOVER.format(at=at))
    assert [(line, col) for line, col, _ in result] == ([(5, 9)] if fires else [])


def test_forbidden_window_message_shows_seconds_only_when_there_are_some() -> None:
    text = rule(
        "- check: time-window\n  with: {at: timeline.cutover.at, windows: [{weekday: tuesday, "
        'from: "10:00:00", to: "10:00:45"}]}',
        message="{value} at {time} in {window}",
    )
    assert found(text, CUTOVER.format(at="2025-03-11T10:00:30+01:00")) == [
        (
            5,
            9,
            "Tuesday 2025-03-11 10:00:30 Europe/Berlin at 10:00:30 in Tuesday 10:00:00-10:00:45",
        )
    ]


def test_inside_periods_allowed_mode() -> None:
    text = rule(
        """
        - check: inside-periods
          with:
            subjects: timeline.cutover.at
            mode: allowed
            periods: [{starts: 2025-03-01, ends: 2025-03-15, name: spring slot}]
        """,
        message="{value} not in {windows}",
    )
    assert found(text, CUTOVER.format(at="2025-03-11T10:00:00+01:00")) == []
    assert found(text, CUTOVER.format(at="2025-03-16T10:00:00+01:00")) == [
        (5, 9, "Sunday 2025-03-16 10:00 Europe/Berlin not in spring slot")
    ]


@pytest.mark.parametrize(
    ("period", "said"),
    [
        ("{yearly: {from: '02-30', to: '03-01'}}", "`02-30` is not a day of the year"),
        ("{starts: 2025-03-10, ends: 2025-03-01}", "ends (2025-03-01) before it starts"),
        ("{starts: not-a-date, ends: 2025-03-01}", "`starts: not-a-date` is not a date"),
        ("{business_days: {first: 3}}", "periods"),
        ("{yearly: {from: '12-01', to: '12-31'}, extra: 1}", "periods"),
    ],
)
def test_a_bad_period_in_a_rule_file_is_a_load_error(period: str, said: str) -> None:
    text = rule(
        f"- check: inside-periods\n  with: {{subjects: timeline.cutover.at, periods: [{period}]}}"
    )
    with pytest.raises(RuleFileError) as info:
        rules.load_rule_file(text, "local.yaml")
    assert str(info.value).startswith("local.yaml:")
    assert said in str(info.value)


def test_configuration_freezes_give_tl002(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".migralint.yaml").write_text(
        "freezes:\n  - {yearly: {from: '03-01', to: '03-31'}, name: March close}\n"
    )
    (tmp_path / "plan.yaml").write_text(EXAMPLE, encoding="utf-8")
    result = run_cli("check", "--select", "TL002", "plan.yaml", cwd=tmp_path)
    line = line_of(EXAMPLE, "at: 2025-03-11T10:00:00+01:00")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"plan.yaml:{line}:9: TL002 error cutover Tuesday 2025-03-11 10:00 Europe/Berlin is "
        "inside the freeze window `March close`, Saturday 2025-03-01 to Monday 2025-03-31; "
        "move the cutover outside the freeze [cutover-in-freeze-window]"
    )
    # Without the configuration the example is clean.
    (tmp_path / ".migralint.yaml").unlink()
    assert run_cli("check", "--select", "TL002", "plan.yaml", cwd=tmp_path).returncode == 0


def test_a_bad_configuration_freeze_is_exit_2_with_its_line(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".migralint.yaml").write_text(
        "fail-on: error\nfreezes:\n  - {starts: 2025-03-10, ends: 2025-03-01}\n"
    )
    (tmp_path / "plan.yaml").write_text(EXAMPLE, encoding="utf-8")
    result = run_cli("check", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("migralint: error: .migralint.yaml:3:5: freezes[0]: "), (
        result.stderr
    )
    assert "before it starts" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_config_schema_uses_the_period_schema() -> None:
    import json

    from migralint import resources

    schema = json.loads(resources.read_text("schemas", "config.schema.json"))
    assert schema["$defs"]["period"] == periods.PERIOD_SCHEMA
