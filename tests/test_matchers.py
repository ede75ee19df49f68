"""The rule language's text and number matchers, path set filters, and
list arguments that read every node a path selects: each with a plan that
fires at an exact line and column and one that does not."""

from __future__ import annotations

import textwrap
import time

import pytest

from helpers import lint
from migralint import rules
from migralint.engine import Engine
from migralint.errors import RuleFileError

HEADER = "family: LO\ntitle: Local\nrules:\n"


def rule(then: str, message: str = "{item}: {path}", options: str = "") -> str:
    body = textwrap.indent(textwrap.dedent(then).strip(), "      ")
    opts = f"    options: {options}\n" if options else ""
    return (
        HEADER
        + "  - code: LO001\n    name: local-one\n    severity: warning\n"
        + "    summary: s.\n    rationale: r.\n    source: s\n"
        + opts
        + f"    then:\n{body}\n"
        + f'    message: "{message}"\n'
        + "    examples: {fail: 'plan: {}', pass: 'plan: {}'}\n"
    )


def found(rule_text: str, plan: str) -> list[tuple[int, int, str]]:
    loaded = rules.load_rule_file(rule_text, "local.yaml")
    out = lint("migralint: 1\n" + textwrap.dedent(plan), eng=Engine(loaded))
    return [(f.line, f.column, f.message) for f in out if f.code == "LO001"]


INTEGRATIONS = """\
discovery:
  integrations:
    - id: crm-sync
      kind: api
      direction: inbound
      owner: CRM team
    - id: Web_Forms
      kind: webhook
      direction: outbound
      owner: qa Web team
    - id: loyalty-feed
      kind: sftp
      direction: bidirectional
      owner: Loyalty squad
"""


def test_matches_uses_a_pattern() -> None:
    text = rule(
        """
        - check: expect
          with: {given: "discovery.integrations[]", field: id, matches: "^[a-z0-9]+(-[a-z0-9]+)*$"}
        """,
        message="{item}: `{value}` is not {expected}",
    )
    assert found(text, INTEGRATIONS) == [
        (8, 11, "Web_Forms: `Web_Forms` is not matching ^[a-z0-9]+(-[a-z0-9]+)*$")
    ]


@pytest.mark.parametrize(
    ("matcher", "ids"),
    [
        ("{starts_with: qa}", ["Web_Forms"]),
        ("{starts_with: QA}", []),
        ("{starts_with: QA, ignore_case: true}", ["Web_Forms"]),
        ("{ends_with: team}", ["crm-sync", "Web_Forms"]),
        ("{ends_with: TEAM, ignore_case: true}", ["crm-sync", "Web_Forms"]),
        ("{contains: Web}", ["Web_Forms"]),
        ("{contains: web}", []),
        ("{contains: web, ignore_case: true}", ["Web_Forms"]),
        ("{matches: '^(CRM|Loyalty) '}", ["crm-sync", "loyalty-feed"]),
        ("{matches: '^(crm|loyalty) ', ignore_case: true}", ["crm-sync", "loyalty-feed"]),
        ("{equals: crm team, ignore_case: true}", ["crm-sync"]),
        ("{in: [CRM TEAM, LOYALTY SQUAD], ignore_case: true}", ["crm-sync", "loyalty-feed"]),
        ("{not_in: [CRM TEAM, LOYALTY SQUAD], ignore_case: true}", ["Web_Forms"]),
    ],
)
def test_text_matchers_in_where(matcher: str, ids: list[str]) -> None:
    text = rule(
        f"""
        - check: require
          with: {{given: "discovery.integrations[]", where: {{owner: {matcher}}}, fields: system}}
        """,
        message="{item}",
    )
    lines = {"crm-sync": 4, "Web_Forms": 8, "loyalty-feed": 12}  # after the header
    assert found(text, INTEGRATIONS) == [(lines[i], 7, i) for i in ids]


def test_contains_on_a_list_still_means_holds_this_value() -> None:
    text = rule(
        """
        - check: require
          with: {given: "discovery.integrations[]", where: {x-tags: {contains: crm}}, fields: system}
        """,
        message="{item}",
    )
    plan = """\
discovery:
  integrations:
    - {id: a, x-tags: [crm, web]}
    - {id: b, x-tags: [crmx]}
    - {id: c, x-tags: crm-ish}
"""
    # `a` holds the value crm; `b`'s list holds crmx (no); `c` is a string holding "crm".
    assert [line for line, _, _ in found(text, plan)] == [4, 6]


def test_min_and_max_on_numbers() -> None:
    text = rule(
        """
        - check: expect
          with: {given: "team.members[]", field: allocation, min: 0.1, max: 1}
        """,
        message="{item}: {value} is not {expected}",
    )
    plan = """\
team:
  members:
    - {name: A, allocation: 0.5}
    - {name: B, allocation: 1.5}
    - {name: C, allocation: 0}
    - {name: D, allocation: true}
"""
    assert found(text, plan) == [
        (5, 29, "B: 1.5 is not at least 0.1 and at most 1"),
        (6, 29, "C: 0 is not at least 0.1 and at most 1"),
        (7, 29, "D: true is not at least 0.1 and at most 1"),
    ]


@pytest.mark.parametrize(
    ("given", "ids"),
    [
        (
            "discovery.integrations[direction in (inbound, bidirectional)]",
            ["crm-sync", "loyalty-feed"],
        ),
        ("discovery.integrations[direction not in (inbound, bidirectional)]", ["Web_Forms"]),
        ("discovery.integrations[kind!=api]", ["Web_Forms", "loyalty-feed"]),
        ("discovery.integrations[kind=api]", ["crm-sync"]),
    ],
)
def test_path_set_filters(given: str, ids: list[str]) -> None:
    text = rule(f'- check: require\n  with: {{given: "{given}", fields: system}}', message="{item}")
    assert [m for _, _, m in found(text, INTEGRATIONS)] == ids


def test_a_bad_filter_is_a_load_error_naming_it() -> None:
    text = rule(
        '- check: require\n  with: {given: "discovery.integrations[kind in api]", fields: x}'
    )
    with pytest.raises(RuleFileError, match=r"bad filter `\[kind in api\]`"):
        rules.load_rule_file(text, "local.yaml")


PEOPLE = """\
team:
  members:
    - {name: Dana Ortiz, role: migration lead}
    - {name: Malik Chen, role: QA lead}
communication:
  stakeholders:
    - {group: Finance analytics team}
discovery:
  manual_processes:
    - id: weekly-export
      owner: Finance analytics team
    - id: list-cleanup
      owner: Malik Chen
    - id: vip-refresh
      owner: Someone Else
"""


def test_listed_in_reads_every_node_of_several_paths() -> None:
    text = rule(
        """
        - check: listed-in
          with:
            items: discovery.manual_processes[]
            key: owner
            list:
              - team.members[].name
              - communication.stakeholders[].group
        """,
        message="{item}: {value} is not in {list}",
    )
    assert found(text, PEOPLE) == [
        (
            16,
            14,
            "vip-refresh: Someone Else is not in team.members[].name or communication.stakeholders[].group",
        )
    ]


def test_list_includes_reads_every_list_selected() -> None:
    text = rule(
        """
        - check: list-includes
          with: {list: "timeline.phases[].x-deliverables", values: [signoff, runbook]}
        """,
        message="{list} lacks {value}",
    )
    plan = """\
timeline:
  phases:
    - {id: a, x-deliverables: [runbook]}
    - {id: b, x-deliverables: [signoff]}
"""
    assert found(text, plan) == []
    assert found(text, plan.replace("[signoff]", "[other]")) == [
        (4, 31, "timeline.phases[].x-deliverables lacks signoff")
    ]


def test_required_ids_with_where() -> None:
    text = rule(
        """
        - check: required-ids
          with: {given: timeline.phases, where: {x-status: {not_equals: cancelled}}, ids: [uat]}
        """,
        message="no {id}",
    )
    plan = "timeline:\n  phases:\n    - {id: uat, x-status: cancelled}\n    - {id: build}\n"
    assert found(text, plan) == [(4, 5, "no uat")]
    assert found(text, plan.replace("cancelled", "done")) == []


def test_references_with_given_and_where() -> None:
    text = rule(
        """
        - check: references
          with:
            given: discovery.manual_processes[]
            where: {x-kind: {not_equals: external}}
            refs: owner
            ids: team.members[].name
        """,
        message="{value} unknown",
    )
    plan = """\
team:
  members: [{name: Dana}]
discovery:
  manual_processes:
    - {id: a, owner: Dana}
    - {id: b, owner: Zed}
    - {id: c, owner: Zed, x-kind: external}
"""
    assert found(text, plan) == [(7, 22, "Zed unknown")]


def test_a_pattern_re2_cannot_run_is_refused_when_the_file_loads() -> None:
    text = rule('- check: expect\n  with: {field: plan.name, matches: "(a)\\\\1"}')
    with pytest.raises(RuleFileError) as info:
        rules.load_rule_file(text, "local.yaml")
    assert "local.yaml:" in str(info.value)
    assert "linear time" in str(info.value)


def test_a_backtracking_pattern_runs_in_linear_time() -> None:
    """`(a+)+$` against 200,000 a's and a `!` takes exponential time in a
    backtracking engine; here it costs about what a plain pattern costs."""
    evil = rule(
        """
        - check: require
          with: {given: "discovery.integrations[]", where: {id: {matches: "(a+)+$"}}, fields: id}
        """
    )
    plain = evil.replace("(a+)+$", "^b")
    plan = "discovery:\n  integrations:\n" + "".join(
        f"    - {{id: {'a' * 20_000}!{n}}}\n" for n in range(10)
    )

    def timed(text: str) -> float:
        start = time.perf_counter()
        assert found(text, plan) == []
        return time.perf_counter() - start

    timed(plain)
    assert timed(evil) < 10 * timed(plain) + 0.5


def test_unique_with_where() -> None:
    text = rule(
        """
        - check: unique
          with: {lists: timeline.phases, where: {x-status: {not_equals: cancelled}}}
        """,
        message="{value} twice",
    )
    plan = (
        "timeline:\n  phases:\n    - {id: a, x-status: cancelled}\n    - {id: a}\n    - {id: a}\n"
    )
    assert found(text, plan) == [(6, 12, "a twice")]
