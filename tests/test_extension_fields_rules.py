"""Extension fields: keys starting with `x-` are accepted anywhere in a plan
(the OpenAPI convention), never reported as unknown, and rule paths may name
them."""

from __future__ import annotations

from pathlib import Path

from helpers import EXAMPLE, at, codes, line_of, lint, mutate, run_cli
from migralint import rules
from migralint.engine import Engine

EXTENDED = mutate(
    mutate(
        mutate(EXAMPLE, "migralint: 1\n", "migralint: 1\nx-reviewed-by: PMO\n"),
        "    - id: crm-sync\n",
        "    - id: crm-sync\n      x-cost-center: CC-1001\n      x-tags: {tier: [gold]}\n",
    ),
    "    - id: ecommerce-events\n",
    "    - id: ecommerce-events\n      x-cost-center: CC-9999\n",
)

LOCAL = """\
family: XC
title: Cost centres
rules:
  - code: XC001
    name: retired-cost-center
    severity: error
    summary: An integration is charged to the retired cost centre CC-9999.
    rationale: Finance closed CC-9999; work charged to it is lost.
    source: Finance policy 12
    then:
      - check: forbid
        with:
          given: "discovery.integrations[]"
          where: {x-cost-center: {equals: CC-9999}}
          fields: x-cost-center
    message: "integration `{item}` is charged to the retired cost centre"
    examples:
      fail: |
        discovery:
          integrations:
            - {id: a, x-cost-center: CC-9999}
      pass: |
        discovery:
          integrations:
            - {id: a, x-cost-center: CC-1001}
"""


def test_the_example_is_valid_without_extension_fields() -> None:
    assert lint(EXAMPLE) == []


def test_extension_fields_at_several_levels_are_clean() -> None:
    assert "x-" not in EXAMPLE
    assert lint(EXTENDED) == []


def test_a_key_not_starting_with_x_dash_is_still_unknown() -> None:
    plan = mutate(EXTENDED, "x-reviewed-by: PMO", "xreviewed-by: PMO")
    findings = lint(plan)
    assert codes(findings) == {"SC001"}
    assert at(findings, "SC001") == [("error", line_of(plan, "xreviewed-by"), 1)]


def test_an_unknown_key_beside_extension_fields_is_the_only_one_reported() -> None:
    plan = mutate(
        EXTENDED, "      x-cost-center: CC-1001\n", "      x-cost-center: CC-1001\n      sytem: x\n"
    )
    findings = lint(plan)
    line = line_of(plan, "sytem: x")
    assert at(findings, "SC001") == [("error", line, 7)]
    assert len(findings) == 1


def test_a_rule_about_an_extension_field_fires_at_its_position(tmp_path: Path) -> None:
    local = rules.load_rule_file(LOCAL, "local.yaml")
    eng = Engine([*rules.bundled_rules(), *local])
    findings = lint(EXTENDED, eng=eng)
    line = line_of(EXTENDED, "x-cost-center: CC-9999")
    assert at(findings, "XC001") == [("error", line, 22)]
    assert [f.message for f in findings] == [
        "integration `ecommerce-events` is charged to the retired cost centre"
    ]
    assert lint(mutate(EXTENDED, "CC-9999", "CC-1002"), eng=eng) == []


def test_a_rule_about_an_extension_field_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text(LOCAL)
    (tmp_path / "plan.yaml").write_text(EXTENDED)
    result = run_cli(
        "check",
        "--rules",
        "local.yaml",
        "--select",
        "XC",
        "--no-show-source",
        "plan.yaml",
        cwd=tmp_path,
    )
    line = line_of(EXTENDED, "x-cost-center: CC-9999")
    assert result.stdout.splitlines()[0] == (
        f"plan.yaml:{line}:22: XC001 error integration `ecommerce-events` is charged "
        "to the retired cost centre [retired-cost-center]"
    )
    assert result.returncode == 1


SELECTING = LOCAL.replace(
    """      - check: forbid
        with:
          given: "discovery.integrations[]"
          where: {x-cost-center: {equals: CC-9999}}
          fields: x-cost-center""",
    """      - check: expect
        when: {"discovery.integrations[].x-tags.tier": {contains: gold}}
        with:
          given: "discovery.integrations[x-cost-center=CC-9999]"
          field: x-cost-center
          one_of: [CC-1001]""",
)


def test_paths_filters_and_predicates_may_name_extension_fields() -> None:
    assert SELECTING != LOCAL
    eng = Engine([*rules.bundled_rules(), *rules.load_rule_file(SELECTING, "local.yaml")])
    line = line_of(EXTENDED, "x-cost-center: CC-9999")
    assert at(lint(EXTENDED, eng=eng), "XC001") == [("error", line, 22)]
    # The filter selects by the extension field: CC-2002 is not CC-1001, but
    # the filter passes over it.
    assert lint(mutate(EXTENDED, "CC-9999", "CC-2002"), eng=eng) == []
    # The `when` reads a key inside an extension mapping: without it, the rule is off.
    untagged = mutate(EXTENDED, "      x-tags: {tier: [gold]}\n", "")
    assert lint(untagged, eng=eng) == []
