"""PR001-PR008: parallel run, testing and cutover readiness."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, ROOT, at, line_of, lint, messages, mutate
from migralint import rules
from migralint.engine import Engine

TARGET_BLOCK = """  target:
    id: newcloud
    name: NewCloud Messaging
    category: esp
    contract:
      starts: 2024-05-01
    retention: P10Y            # how long the target platform keeps data it holds
"""
PARALLEL = "    - {id: parallel-run, starts: 2025-02-17, ends: 2025-03-10}\n"
DECOMMISSION = "    - {id: decommission, starts: 2025-04-14, ends: 2025-05-16}\n"
CUTOVER_AT = "at: 2025-03-11T10:00:00+01:00 "
SCOPE = "scope: [opt-outs, welcome-journey, abandoned-cart, crm-sync]"
DEADLINE = "decision_deadline: 2025-03-17T12:00:00+01:00"
TEAM = "    team: [Dana Ortiz, Malik Chen, NewCloud onboarding engineer, CRM on-call]\n"
UAT_BLOCK = """  uat:
    plan: https://wiki.northwind.example/martech/esp-uat
    coverage:
      triggers: {inventoried: 42, tested: 42}
      templates: {inventoried: 180, tested: 180}
      inbound_apis: {inventoried: 3, tested: 3}
"""


def column(text: str, line: int, needle: str) -> int:
    """1-based column of ``needle`` on ``line``."""
    return text.splitlines()[line - 1].index(needle) + 1


def without_target(text: str = EXAMPLE) -> str:
    return mutate(text, TARGET_BLOCK, "")


def in_zone(text: str, zone: str) -> str:
    return mutate(text, "timezone: Europe/Berlin", f"timezone: {zone}")


def test_the_clean_example_is_ready() -> None:
    found = lint(EXAMPLE)
    for code in ("PR001", "PR002", "PR003", "PR004", "PR005", "PR006", "PR007", "PR008"):
        assert at(found, code) == [], code


# -- PR001 parallel-run-missing -------------------------------------------------


def test_pr001_no_parallel_run_phase_at_the_phase_list() -> None:
    text = mutate(EXAMPLE, PARALLEL, "")
    assert at(lint(text), "PR001") == [("error", line_of(text, "- {id: discovery"), 5)]


def test_pr001_not_for_a_plan_without_target() -> None:
    assert at(lint(without_target(mutate(EXAMPLE, PARALLEL, ""))), "PR001") == []


def test_pr001_no_phases_at_all_points_at_the_timeline() -> None:
    text = mutate(EXAMPLE, "  phases:\n", "  stages:\n")  # a typo hides the phases
    assert at(lint(text), "PR001") == [("error", line_of(text, "rfp: 2023-01-16"), 3)]


# -- PR002 parallel-run-too-short -----------------------------------------------


@pytest.mark.parametrize(
    ("starts", "ends", "fires"),
    [
        ("2025-02-26", "2025-03-10", True),  # 13 days, the ends day counted
        ("2025-02-25", "2025-03-10", False),  # 14 days
        ("2025-03-10", "2025-03-10", True),  # a single day
    ],
)
def test_pr002_length_counts_the_ends_day(starts: str, ends: str, fires: bool) -> None:
    text = mutate(
        EXAMPLE, PARALLEL, f"    - {{id: parallel-run, starts: {starts}, ends: {ends}}}\n"
    )
    expected = [("warning", line_of(text, "id: parallel-run"), 7)] if fires else []
    assert at(lint(text), "PR002") == expected


def test_pr002_message_and_option() -> None:
    text = mutate(
        EXAMPLE, PARALLEL, "    - {id: parallel-run, starts: 2025-03-03, ends: 2025-03-09}\n"
    )
    assert messages(lint(text), "PR002") == [
        "the parallel run lasts 7 days (Monday 2025-03-03 to Sunday 2025-03-09), less than "
        "2 weeks; let the weekly and monthly processes run at least once on both platforms"
    ]


# -- PR003 parallel-run-after-cutover -------------------------------------------


def with_cutover(value: str, text: str = EXAMPLE) -> str:
    return mutate(text, CUTOVER_AT, f"at: {value} ")


@pytest.mark.parametrize(
    ("cutover", "fires"),
    [
        ("2025-02-17T00:00:00+01:00", True),  # the run starts at the cutover
        ("2025-02-16T22:30:00Z", True),  # 23:30 in Berlin, the evening before
        ("2025-02-16T23:30:00Z", False),  # 00:30 in Berlin: the run started at 00:00
        ("2025-02-17T00:30:00", False),  # naive, read in Berlin
    ],
)
def test_pr003_start_of_day_in_the_plans_zone(cutover: str, fires: bool) -> None:
    text = with_cutover(cutover)
    line = line_of(text, "id: parallel-run")
    expected = [("error", line, column(text, line, "2025-02-17"))] if fires else []
    # The run's end (2025-03-10) is after any of these cutovers' days as well.
    expected.append(("error", line, column(text, line, "2025-03-10")))
    assert at(lint(text), "PR003") == expected


def test_pr003_zone_changes_the_verdict() -> None:
    text = in_zone(with_cutover("2025-02-16T23:30:00Z"), "UTC")
    line = line_of(text, "id: parallel-run")
    found = lint(text)
    assert at(found, "PR003")[0] == ("error", line, column(text, line, "2025-02-17"))
    assert messages(found, "PR003")[0] == (
        "the parallel run starts Monday 2025-02-17, at or after the cutover "
        "(Sunday 2025-02-16 23:30 UTC); run both platforms before the cutover"
    )


@pytest.mark.parametrize(
    ("ends", "cutover", "fires"),
    [
        ("2025-03-11", "2025-03-11T10:00:00+01:00", False),  # ends on the cutover's day
        ("2025-03-12", "2025-03-11T10:00:00+01:00", True),
        ("2025-03-11", "2025-03-10T22:30:00Z", True),  # 23:30 on 10 March in Berlin
        ("2025-03-11", "2025-03-10T23:30:00Z", False),  # 00:30 on 11 March in Berlin
    ],
)
def test_pr003_a_run_that_ends_after_the_cutover_s_day(
    ends: str, cutover: str, fires: bool
) -> None:
    text = mutate(
        EXAMPLE,
        "parallel-run, starts: 2025-02-17, ends: 2025-03-10",
        f"parallel-run, starts: 2025-02-17, ends: {ends}",
    )
    text = with_cutover(cutover, text)
    line = line_of(text, "id: parallel-run")
    expected = [("error", line, column(text, line, ends))] if fires else []
    assert at(lint(text), "PR003") == expected


def test_pr003_ends_message() -> None:
    text = mutate(
        EXAMPLE,
        "parallel-run, starts: 2025-02-17, ends: 2025-03-10",
        "parallel-run, starts: 2025-02-17, ends: 2025-03-14",
    )
    assert messages(lint(text), "PR003") == [
        "the parallel run ends Friday 2025-03-14, after the cutover's day (Tuesday 2025-03-11 10:00 "
        "Europe/Berlin); the legacy stops sending at the cutover, so end the run by "
        "then"
    ]


# -- PR004 opt-outs-untested ----------------------------------------------------


def with_scope(scope: str, text: str = EXAMPLE) -> str:
    return mutate(text, SCOPE, f"scope: {scope}")


def scope_position(text: str) -> tuple[int, int]:
    line = line_of(text, "scope: ")
    return line, column(text, line, "scope: ") + len("scope: ")


def workflow_id(text: str, workflow: str) -> tuple[int, int]:
    line = line_of(text, f"- id: {workflow}")
    return line, column(text, line, workflow)


def test_pr004_opt_outs_missing_is_an_error_at_the_scope() -> None:
    text = with_scope("[welcome-journey, abandoned-cart, crm-sync]")
    found = lint(text)
    assert at(found, "PR004") == [("error", *scope_position(text))]
    assert messages(found, "PR004") == [
        "the parallel-run scope (testing.parallel_run.scope) lacks `opt-outs`; test opt-out "
        "and exclusion handling end to end while both platforms run"
    ]


def test_pr004_a_missing_always_on_workflow_is_a_warning_at_the_workflow() -> None:
    text = with_scope("[opt-outs, welcome-journey, crm-sync]")
    found = lint(text)
    assert at(found, "PR004") == [("warning", *workflow_id(text, "abandoned-cart"))]
    assert messages(found, "PR004") == [
        "always-on workflow `abandoned-cart` is not in the parallel-run scope "
        "(testing.parallel_run.scope); add it so its switch-off in the legacy and switch-on "
        "in the target are tested end to end"
    ]


def test_pr004_every_missing_value_is_reported() -> None:
    # Opt-outs and both always-on journeys missing: three findings, none hidden
    # by the one-finding-per-node rule.
    text = with_scope("[crm-sync]")
    assert at(lint(text), "PR004") == [
        ("warning", *workflow_id(text, "welcome-journey")),
        ("warning", *workflow_id(text, "abandoned-cart")),
        ("error", *scope_position(text)),
    ]


def test_pr004_workflows_that_are_not_always_on_need_not_be_in_scope() -> None:
    # country-language-rules, rfv-scoring and winback-2019 are not in the scope.
    assert at(lint(EXAMPLE), "PR004") == []


def test_pr004_a_retired_always_on_workflow_need_not_be_in_scope() -> None:
    text = mutate(
        EXAMPLE,
        "    - id: winback-2019\n      kind: campaign\n",
        "    - id: winback-2019\n      kind: campaign\n      always_on: true\n",
    )
    assert at(lint(text), "PR004") == []
    # ...but an always-on workflow not decided yet must be (DI003 reports the rest).
    text = mutate(
        EXAMPLE,
        "    - id: winback-2019\n      kind: campaign\n      disposition: retire\n",
        "    - id: winback-2019\n      kind: campaign\n      always_on: true\n",
    )
    assert at(lint(text), "PR004") == [("warning", *workflow_id(text, "winback-2019"))]


def test_pr004_no_scope_at_all() -> None:
    text = mutate(EXAMPLE, f"    {SCOPE}\n", "")
    assert at(lint(text), "PR004") == [
        ("warning", *workflow_id(text, "welcome-journey")),
        ("warning", *workflow_id(text, "abandoned-cart")),
        ("error", line_of(text, "fallback: legacymail", 2), 5),  # the parallel_run mapping
    ]


def test_pr004_scope_of_the_wrong_type_includes_nothing() -> None:
    text = with_scope("opt-outs")
    assert [s for s, _, _ in at(lint(text), "PR004")] == ["warning", "warning", "error"]


def test_pr004_not_for_a_plan_without_target() -> None:
    assert at(lint(without_target(with_scope("[crm-sync]"))), "PR004") == []


# -- PR005 uat-plan-missing ------------------------------------------------------


def test_pr005_no_uat_at_the_testing_mapping() -> None:
    text = mutate(EXAMPLE, UAT_BLOCK, "")
    found = lint(text)
    assert at(found, "PR005") == [("error", line_of(text, "parallel_run:"), 3)]
    assert messages(found, "PR005") == [
        "there is a target platform but `testing.uat` is missing; write a UAT plan that shows "
        "what is tested and approved before the cutover"
    ]


def test_pr005_empty_uat_counts_as_missing() -> None:
    text = mutate(EXAMPLE, UAT_BLOCK, "  uat: {}\n")
    found = lint(text)
    assert at(found, "PR005") == [("error", line_of(text, "uat: {}"), 8)]
    assert "`testing.uat` is empty" in messages(found, "PR005")[0]


def test_pr005_no_testing_section_at_all() -> None:
    text = mutate(EXAMPLE, "testing:\n" + UAT_BLOCK, "testing:\n")
    text = mutate(text, "testing:\n  parallel_run:\n", "parallel_run_notes:\n")
    assert at(lint(text), "PR005") == [("error", 5, 1)]  # the plan's root mapping


def test_pr005_not_for_a_plan_without_target() -> None:
    assert at(lint(without_target(mutate(EXAMPLE, UAT_BLOCK, ""))), "PR005") == []


# -- PR006 uat-coverage-incomplete ----------------------------------------------

TRIGGERS = "triggers: {inventoried: 42, tested: 42}"


def test_pr006_tested_below_inventoried_at_the_tested_count() -> None:
    text = mutate(EXAMPLE, TRIGGERS, "triggers: {inventoried: 42, tested: 40}")
    line = line_of(text, "triggers:")
    found = lint(text)
    assert at(found, "PR006") == [("error", line, column(text, line, "40"))]
    assert messages(found, "PR006") == [
        "UAT coverage testing.uat.coverage.triggers: 40 of 42 tested (2 untested); test every "
        "one before the cutover"
    ]


def test_pr006_every_line_is_read_including_added_ones() -> None:
    text = mutate(
        EXAMPLE,
        "inbound_apis: {inventoried: 3, tested: 3}",
        "inbound_apis: {inventoried: 3, tested: 0}\n      sms_flows: {inventoried: 5, tested: 4}",
    )
    apis, sms = line_of(text, "inbound_apis:"), line_of(text, "sms_flows:")
    assert at(lint(text), "PR006") == [
        ("error", apis, column(text, apis, "0}")),
        ("error", sms, column(text, sms, "4}")),
    ]


def test_pr006_no_tested_count_is_reported_at_the_line() -> None:
    text = mutate(EXAMPLE, TRIGGERS, "triggers: {inventoried: 42}")
    line = line_of(text, "triggers:")
    found = lint(text)
    assert at(found, "PR006") == [("error", line, column(text, line, "{"))]
    assert messages(found, "PR006") == [
        "UAT coverage testing.uat.coverage.triggers has `inventoried` and no `tested` count; "
        "test every one and record how many were tested"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "triggers: {inventoried: 42, tested: 43}",  # more tested than inventoried
        "triggers: {inventoried: 0}",  # nothing to test
        "triggers: {tested: 12}",  # no inventory: nothing to compare with
    ],
)
def test_pr006_passes(line: str) -> None:
    assert at(lint(mutate(EXAMPLE, TRIGGERS, line)), "PR006") == []


def test_pr006_not_for_a_plan_without_target() -> None:
    text = without_target(mutate(EXAMPLE, TRIGGERS, "triggers: {inventoried: 42, tested: 40}"))
    assert at(lint(text), "PR006") == []


# -- PR007 no-fallback -----------------------------------------------------------


def test_pr007_no_fallback_at_the_rollback_mapping() -> None:
    text = mutate(EXAMPLE, "      fallback: legacymail\n", "")
    found = lint(text)
    assert at(found, "PR007") == [("error", line_of(text, "criteria:"), 7)]
    assert messages(found, "PR007") == [
        "the cutover has no rollback fallback (timeline.cutover.rollback.fallback); keep a "
        "legacy platform available until the rollback decision deadline"
    ]


def test_pr007_no_rollback_at_all_points_at_the_cutover() -> None:
    text = mutate(
        EXAMPLE,
        "    rollback:\n      fallback: legacymail\n"
        "      criteria: Deliverability below 95% or any opt-out not reflected within 1 hour\n"
        f"      {DEADLINE}\n",
        "",
    )
    assert at(lint(text), "PR007") == [("error", line_of(text, CUTOVER_AT), 5)]


def with_decommission(starts: str, deadline: str, text: str = EXAMPLE) -> str:
    text = mutate(
        text, DECOMMISSION, f"    - {{id: decommission, starts: {starts}, ends: 2025-05-16}}\n"
    )
    return mutate(text, DEADLINE, f"decision_deadline: {deadline}")


def decommission_start(text: str) -> tuple[int, int]:
    line = line_of(text, "id: decommission")
    return line, column(text, line, "starts: ") + len("starts: ")


@pytest.mark.parametrize(
    ("starts", "deadline", "fires"),
    [
        # a date-time deadline on the day the decommission starts (at 00:00)
        ("2025-03-13", "2025-03-13T12:00:00+01:00", True),
        ("2025-03-14", "2025-03-13T12:00:00+01:00", False),
        # a deadline date counts whole: decommission must start the day after
        ("2025-04-14", "2025-04-14", True),
        ("2025-04-14", "2025-04-13", False),
        # Berlin is on summer time (+02:00) from 30 March: 00:00 on 14 April is 22:00Z
        ("2025-04-14", "2025-04-13T22:30:00Z", True),
        ("2025-04-14", "2025-04-13T21:30:00Z", False),
        ("2025-04-14", "2025-04-13T23:30:00", False),  # naive: read in Berlin
        ("2025-04-14", "2025-04-14T00:30:00+01:00", True),  # the +01:00 slip: 01:30 in Berlin
    ],
)
def test_pr007_decommission_after_the_decision_deadline(
    starts: str, deadline: str, fires: bool
) -> None:
    text = with_decommission(starts, deadline)
    expected = [("error", *decommission_start(text))] if fires else []
    assert at(lint(text), "PR007") == expected


def test_pr007_message_names_both_moments() -> None:
    text = with_decommission("2025-03-13", "2025-03-13T12:00:00+01:00")
    assert messages(lint(text), "PR007") == [
        "decommission starts Thursday 2025-03-13, before the rollback decision deadline "
        "(Thursday 2025-03-13 12:00 Europe/Berlin) has passed; keep the fallback running "
        "until the decision is taken"
    ]


def test_pr007_zone_changes_the_verdict() -> None:
    text = in_zone(with_decommission("2025-04-14", "2025-04-13T22:30:00Z"), "UTC")
    assert at(lint(text), "PR007") == []


def test_pr007_a_retirement_needs_no_fallback_but_keeps_the_deadline() -> None:
    text = without_target(mutate(EXAMPLE, "      fallback: legacymail\n", ""))
    assert at(lint(text), "PR007") == []
    text = without_target(with_decommission("2025-03-13", "2025-03-13T12:00:00+01:00"))
    assert at(lint(text), "PR007") == [("error", *decommission_start(text))]


# -- PR008 cutover-team-missing --------------------------------------------------


def test_pr008_no_team_at_the_cutover_mapping() -> None:
    text = mutate(EXAMPLE, TEAM, "")
    found = lint(text)
    assert at(found, "PR008") == [("warning", line_of(text, CUTOVER_AT), 5)]
    assert messages(found, "PR008") == [
        "the cutover team (timeline.cutover.team) is missing; name the people on hand at the "
        "cutover and in the hours after it"
    ]


def test_pr008_empty_team_at_the_list() -> None:
    text = mutate(EXAMPLE, TEAM, "    team: []\n")
    found = lint(text)
    assert at(found, "PR008") == [("warning", line_of(text, "team: []"), 11)]
    assert "(timeline.cutover.team) is empty" in messages(found, "PR008")[0]


def test_pr008_a_retirement_with_a_cutover_needs_a_team_too() -> None:
    text = without_target(mutate(EXAMPLE, TEAM, ""))
    assert at(lint(text), "PR008") == [("warning", line_of(text, CUTOVER_AT), 5)]


def test_pr008_not_for_a_retirement_without_cutover() -> None:
    start = EXAMPLE.index("  cutover:\n")
    end = EXAMPLE.index("  freeze_windows:\n")
    text = without_target(EXAMPLE[:start] + EXAMPLE[end:])
    assert at(lint(text), "PR008") == []


# -- robustness -------------------------------------------------------------------

SKELETON = "migralint: 1\nplan: {name: x}\ntimeline: {}\n"


def test_skeleton_plan() -> None:
    assert [f for f in lint(SKELETON) if f.code.startswith("PR")] == []
    with_target = SKELETON + "platforms: {target: {id: newcloud}}\n"
    assert [
        (f.code, f.severity, f.line, f.column) for f in lint(with_target) if f.code.startswith("PR")
    ] == [
        ("PR005", "error", 1, 1),  # testing is missing (PR004 stays silent): the root mapping
        ("PR001", "error", 3, 11),  # `timeline: {}`
        ("PR007", "error", 3, 11),
        ("PR008", "warning", 3, 11),
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("testing:\n", "testing: [uat, parallel_run]\nx_testing:\n"),
        (SCOPE, "scope: {opt-outs: true}"),
        ("  workflows:\n", "  workflows: welcome-journey\n  x_workflows:\n"),
        ("    coverage:\n", "    coverage: [triggers]\n    x_coverage:\n"),
        (TRIGGERS, "triggers: [42, 40]"),
        (TRIGGERS, "triggers: {inventoried: '42', tested: true}"),
        (TEAM, "    team: Dana Ortiz\n"),
        ("  phases:\n", "  phases: {parallel-run: soon}\n  x_phases:\n"),
        ("      fallback: legacymail\n", "      fallback: [legacymail]\n"),
        ("  cutover:\n", "  cutover: 2025-03-11\n  x_cutover:\n"),
        (DEADLINE, "decision_deadline: [2025-03-13]"),
    ],
)
def test_wrong_types_do_not_crash(old: str, new: str) -> None:
    lint(mutate(EXAMPLE, old, new))


# -- the listed-in check (people.py), through a local rule file --------------------

LISTED_IN_RULES = """
family: LO
title: Local
rules:
  - code: LO001
    name: always-on-in-scope
    severity: warning
    summary: s
    rationale: r
    source: s
    then:
      - check: listed-in
        with:
          items: discovery.workflows[]
          where: {always_on: {equals: true}, disposition: {not_equals: retire}}
          list: testing.parallel_run.scope
    message: "{item}|{value}|{list}|{path}"
    examples: {fail: x, pass: y}
"""


def listed_in(text: str) -> list[tuple[str, int, int, str]]:
    eng = Engine(rules.load_rule_file(LISTED_IN_RULES, "local.yaml"))
    return [(f.severity, f.line, f.column, f.message) for f in lint(text, eng=eng)]


def test_listed_in_reports_each_item_at_its_key() -> None:
    text = with_scope("[opt-outs, crm-sync]")
    welcome, cart = workflow_id(text, "welcome-journey"), workflow_id(text, "abandoned-cart")
    assert listed_in(text) == [
        (
            "warning",
            *welcome,
            "welcome-journey|welcome-journey|testing.parallel_run.scope|discovery.workflows[0].id",
        ),
        (
            "warning",
            *cart,
            "abandoned-cart|abandoned-cart|testing.parallel_run.scope|discovery.workflows[1].id",
        ),
    ]
    assert listed_in(EXAMPLE) == []


def test_listed_in_skips_items_that_do_not_match_where() -> None:
    text = mutate(
        with_scope("[opt-outs, welcome-journey]"),
        "      disposition: migrate\n      switch_off_legacy: 2025-03-11T10:30:00+01:00\n",
        "      disposition: retire\n      switch_off_legacy: 2025-03-11T10:30:00+01:00\n",
    )
    assert listed_in(text) == []


@pytest.mark.parametrize(
    ("old", "new", "count"),
    [
        (SCOPE, "scope: opt-outs", 2),  # not a list: lists nothing
        (f"    {SCOPE}\n", "", 2),  # missing
        (SCOPE, "scope: [opt-outs, welcome-journey, abandoned-cart, true, 3, [x]]", 0),
        ("    - id: welcome-journey\n", "    - id: [welcome-journey]\n", 0),  # no usable id
        ("  workflows:\n", "  workflows: {welcome-journey: true}\n  x_workflows:\n", 0),
    ],
)
def test_listed_in_odd_data(old: str, new: str, count: int) -> None:
    assert len(listed_in(mutate(EXAMPLE, old, new))) == count


# -- the findings example ------------------------------------------------------------


def test_findings_example() -> None:
    path = ROOT / "examples" / "findings" / "readiness.yaml"
    found = lint(path.read_text(encoding="utf-8"), str(path))
    mine = [(f.code, f.severity) for f in found if f.code[:2] in ("PR", "FE", "CM", "GV")]
    assert mine == [
        ("PR007", "error"),
        ("PR008", "warning"),
        ("PR004", "warning"),
        ("PR006", "error"),
        ("PR004", "error"),
    ]
