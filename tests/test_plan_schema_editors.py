"""The plan schema as editors read it: the date, date-time, moment and
duration patterns say exactly what migralint accepts, the version is the
constant 1, and every enum value has its own description.

The run through the real yaml-language-server is in
test_yaml_language_server.py; here the schema itself is checked, and the
strings that both it and the node test feed to the patterns are built.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from helpers import EXAMPLE, line_of, lint, mutate
from migralint import schema, timeutil

PLAN = schema.plan_schema()
DEFS = PLAN["$defs"]
CHECKS = {
    "date": timeutil.is_date,
    "date-time": timeutil.is_datetime,
    "moment": timeutil.is_moment,
    "duration": timeutil.is_duration,
}
YEARS = ["0000", "0001", "0004", "0100", "0400", "1900", "2000", "2023", "2024", "2025", "2100"]
YEARS += ["9996", "9999", "02025", "202", "2O25"]
MONTHS = [f"{m:02d}" for m in range(14)] + ["1", "001"]
DAYS = [f"{d:02d}" for d in range(33)] + ["1"]
TIMES = ["00:00", "23:59", "24:00", "10:60", "9:00", "10:00:00", "10:00:59", "10:00:60"]
TIMES += ["10:00:00.5", "10:00:00,125", "10:00:00.", "10:00.5", "1000"]
OFFSETS = ["", "Z", "z", "+01", "+0100", "+01:00", "-00:00", "+23:59", "+24:00", "+01:60"]
OFFSETS += ["+1:00", "+01:0", "+01:00:00", " +01:00", "UTC"]
ODD = ["", " ", "2025-03-11\n", "2025-03-11 ", " 2025-03-11", "P1D\n", "２０２５-03-11"]
ODD += ["٢٠٢٥-03-11", "2025-03-11T10:00\n", "P٣D", "2025/03/11", "11.03.2025", "2025-3-11"]
DURATIONS = ["P", "PT", "P1D", "P0D", "P7Y", "P24M", "P6W", "P1DT12H", "PT15M", "PT1S", "P1Y2M3W4D"]
DURATIONS += ["P1DT", "P1H", "PT1D", "P-1D", "P1.5D", "p1d", "P1D1Y", "1D", "P 1D", "P99999999999D"]


def samples() -> list[str]:
    """Dates over leap and common years and every month and day number,
    date-times over times and offsets, durations, and near misses."""
    dates = ["-".join(parts) for parts in itertools.product(YEARS, MONTHS, DAYS)]
    date_times = [
        f"{day}{sep}{time}{offset}"
        for day in ("2025-03-11", "2024-02-29", "2025-02-29", "0001-01-01", "9999-12-31")
        for sep in ("T", "t", " ", "_")
        for time in TIMES
        for offset in OFFSETS
    ]
    return dates + date_times + DURATIONS + ODD


SAMPLES = samples()


def test_the_schema_carries_the_formats_patterns():
    for name in CHECKS:
        assert DEFS[name]["pattern"] == timeutil.PATTERNS[name], name
    # RFC 3339's date-time (offset required) is not the plan's: editors must not apply it.
    assert DEFS["date-time"]["format"] == "plan-date-time"
    assert '"format": "date-time"' not in schema.resources.read_text("schemas", "plan.schema.json")


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_each_pattern_accepts_exactly_what_migralint_accepts(name):
    pattern = re.compile(DEFS[name]["pattern"])
    # jsonschema applies patterns with re.search, where `$` also matches before
    # a final newline; the format check refuses those (see the test below).
    for text in SAMPLES:
        if text.endswith("\n"):
            continue
        assert bool(pattern.search(text)) == CHECKS[name](text), (name, text)


def test_every_date_the_pattern_accepts_exists_and_every_real_one_is_accepted():
    pattern = re.compile(DEFS["date"]["pattern"])
    accepted = 0
    for text in SAMPLES:
        if text.endswith("\n"):
            continue
        try:
            real = len(text) == 10 and text.isascii() and bool(dt.date.fromisoformat(text))
        except ValueError:
            real = False
        assert bool(pattern.search(text)) == real, text
        accepted += real
    # Twelve real sample years (0000 and the malformed ones are not), five of them leap.
    assert accepted == 12 * 365 + 5


def test_a_trailing_newline_is_refused():
    for text in ("2025-03-11\n", "2025-03-11T10:00\n", "P1D\n"):
        assert not timeutil.is_moment(text) and not timeutil.is_duration(text)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "ends: 2025-06-30\n        notice_period: P90D",
            "ends: 2025-02-30\n        notice_period: P90D",
            "platforms.legacy[0].contract.ends: '2025-02-30' is not a date (YYYY-MM-DD)",
        ),
        (
            "ends: 2025-06-30\n        notice_period: P90D",
            "ends: 2025-06-30T10:00+01:60\n        notice_period: P90D",
            "platforms.legacy[0].contract.ends: '2025-06-30T10:00+01:60' is not a date (YYYY-MM-DD)",
        ),
        (
            "notice_period: P90D",
            "notice_period: P٩0D",
            "platforms.legacy[0].contract.notice_period: 'P٩0D' is not an ISO 8601 duration (P7Y, P24M, P14D, PT15M)",
        ),
    ],
)
def test_a_value_the_pattern_refuses_gets_one_finding_in_words(old, new, message):
    plan = mutate(EXAMPLE, old, new)
    changed = new.split("\n")[0]
    line = line_of(plan, changed)
    col = plan.splitlines()[line - 1].index(changed.split(": ")[1]) + 1
    findings = [f for f in lint(plan) if f.code == "SC001"]
    assert [(f.line, f.column, f.message) for f in findings] == [(line, col, message)]


def test_naive_date_times_are_valid():
    plan = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-11T10:00       ")
    assert "SC001" not in {f.code for f in lint(plan)}


def test_the_version_is_the_constant_one_with_a_default():
    version = PLAN["properties"]["migralint"]
    assert version["const"] == 1 and version["default"] == 1


def _enums(node, where=""):
    if isinstance(node, dict):
        if "enum" in node:
            yield where, node
        for key, value in node.items():
            yield from _enums(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _enums(value, f"{where}/{index}")


def test_every_enum_value_has_its_own_description():
    enums = list(_enums(PLAN))
    assert len(enums) >= 14
    for where, node in enums:
        descriptions = node.get("enumDescriptions")
        assert descriptions and len(descriptions) == len(node["enum"]), where
        assert all(isinstance(d, str) and d.endswith(".") for d in descriptions), where
        assert len(set(descriptions)) == len(descriptions), where


def test_editors_say_the_same_words_as_migralint():
    for name in CHECKS:
        fmt = DEFS[name]["format"]
        assert schema._FORMATS[fmt][1] in DEFS[name]["patternErrorMessage"], name
