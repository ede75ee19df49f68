"""Messages a migration lead would write: durations as people say them,
suggested dates on working days and as dates, items by their id, the
deadline computed, percentages, plain words for the YAML mistakes people
make, and both severities of a two-severity rule."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import EXAMPLE, at, line_of, lint, messages, mutate
from helpers import run_cli as run
from migralint.timeutil import humanize_timedelta


@pytest.mark.parametrize(
    ("delta", "said"),
    [
        (dt.timedelta(minutes=45), "45 minutes"),
        (dt.timedelta(minutes=1590), "26 hours and 30 minutes"),
        (dt.timedelta(days=1), "1 day"),
        (dt.timedelta(days=9), "9 days"),
        (dt.timedelta(days=67.4), "9 weeks and 4 days"),
        (dt.timedelta(days=14), "2 weeks"),
        (dt.timedelta(days=166), "5 months"),
        (dt.timedelta(days=441), "1 year and 2 months"),
        (dt.timedelta(days=730), "2 years"),
        (-dt.timedelta(days=3), "-3 days"),
    ],
)
def test_durations_as_people_say_them(delta: dt.timedelta, said: str) -> None:
    assert humanize_timedelta(delta) == said


def test_tl007_says_months_not_days() -> None:
    text = mutate(EXAMPLE, "  rfp: 2023-01-16", "  rfp: 2024-12-01")
    assert messages(lint(text), "TL007") == [
        "an enterprise plan with 5 months from the RFP Sunday 2024-12-01 to the retirement "
        "Friday 2025-05-16, less than 2 years; allow more time before the old platform is shut "
        "off, or secure a short extension of its contract now"
    ]


def test_cm002_suggests_a_working_day_as_a_date() -> None:
    text = mutate(EXAMPLE, "notify_by: 2024-12-02", "notify_by: 2025-03-01")
    found = messages(lint(text), "CM002")
    # 30 days before the cutover (Tuesday 2025-03-11 10:00) is Sunday 2025-02-09:
    # the working day on or before it is Friday 2025-02-07.
    assert found[0].endswith("; notify them by Friday 2025-02-07")


def test_a_phase_is_named_by_its_id_without_nested_parentheses() -> None:
    text = mutate(EXAMPLE, "    starts: 2025-02-10\n", "    starts: 2025-03-01\n")
    assert messages(lint(text), "CO001") == [
        "opt-out sync starts Saturday 2025-03-01, after the `parallel-run` phase starts "
        "(Monday 2025-02-17), when both platforms can already send; start it by then"
    ]


def test_tl005_computes_the_deadline() -> None:
    text = mutate(EXAMPLE, "        notice_given: 2025-02-28\n", "")
    assert messages(lint(text), "TL005") == [
        "legacy `legacymail` contract renews itself unless terminated and has no "
        "`notice_given`; give notice by Tuesday 2025-04-01 (`ends` Monday 2025-06-30 minus 90 "
        "days), or it renews for another term"
    ]


def test_gv002_percentages_and_no_second_word_on_a_schema_error() -> None:
    members = "team:\n  members:\n"
    base = EXAMPLE[: EXAMPLE.index(members)]
    plan = base + (
        "team:\n  members:\n"
        "    - {name: Dana Ortiz, role: migration lead, allocation: 0.8}\n"
        "    - {name: Dana Ortiz, role: CRM administrator, allocation: 0.3}\n"
        "    - {name: Malik Chen, role: developer, allocation: 60}\n"
    )
    found = lint(plan)
    assert messages(found, "GV002") == [
        "team member `Dana Ortiz` is allocated 110% of their time in total, more than 100% "
        "(full time); reduce their other allocations or add people"
    ]
    assert any("allocation: 60 must be at most 1" in m for m in messages(found, "SC001"))


def test_pl003_a_quoted_version_says_it_must_be_a_number() -> None:
    text = mutate(EXAMPLE, "migralint: 1\n", 'migralint: "1"\n')
    assert messages(lint(text), "PL003") == [
        '`migralint: "1"` is the string "1"; the version must be the number 1, without quotes; '
        "start the file with `migralint: 1` (this release understands version 1)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "position"),
    [
        ("  name: Northwind ESP consolidation", "\tname: Northwind ESP consolidation", (8, 1)),
        ("  organization: Northwind", "  \torganization: Northwind", (9, 3)),
    ],
)
def test_a_tab_used_for_indentation_says_so(old: str, new: str, position: tuple) -> None:
    found = lint(mutate(EXAMPLE, old, new))
    assert at(found, "PL001") == [("error", *position)]
    assert messages(found, "PL001") == [
        "a tab indents this line, and tabs cannot indent YAML; use spaces"
    ]


def test_explain_and_rules_show_both_severities() -> None:
    explained = run("explain", "TL004").stdout
    assert "Severity: error; warning when the only fallback is an annual extension." in (explained)
    listed = run("rules").stdout.splitlines()
    line = next(line for line in listed if line.startswith("PR004 "))
    assert "error/warning" in line
    assert line.endswith(
        "or an always-on workflow (warning). "
        "(error; warning when an always-on workflow is not in the scope)"
    )


def test_pr004_always_on_workflows_have_a_name_of_their_own() -> None:
    scope = line_of(EXAMPLE, "scope: ")
    text = EXAMPLE.splitlines(keepends=True)
    line = text[scope - 1]
    text[scope - 1] = line[: line.index("scope: ")] + "scope: [opt-outs]\n"
    found = [f for f in lint("".join(text)) if f.code == "PR004"]
    assert found and {f.name for f in found} == {"always-on-workflow-untested"}
