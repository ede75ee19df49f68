"""Mistakes in a rule file are caught when it loads (exit 2), every one of
them at once up to a limit, each with file:line:col, the rule's code, the
problem in plain words and a did-you-mean where a name is near."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli
from migralint import rules
from migralint.errors import RuleFileError
from test_matchers import rule


def problems(text: str) -> list[str]:
    with pytest.raises(RuleFileError) as info:
        rules.load_rule_file(text, "local.yaml")
    return info.value.problems


REQUIRE = '- check: require\n  with: {given: "discovery.integrations[]", fields: system}'


def test_a_typo_in_a_path_names_the_segment_and_the_near_name() -> None:
    text = rule(REQUIRE.replace("integrations[]", "integration[]"))
    assert problems(text) == [
        "local.yaml:12:23: rule LO001: given `discovery.integration[]`: no field "
        "`integration` under `discovery`; did you mean `integrations`?"
    ]


def test_a_predicate_on_a_missing_field() -> None:
    text = rule(
        "- check: require\n  when: {plan.sise: {equals: enterprise}}\n"
        '  with: {given: "discovery.integrations[]", fields: system}'
    )
    assert problems(text) == [
        "local.yaml:12:27: rule LO001: `plan.sise`: no field `sise` under `plan`; "
        "did you mean `size`?"
    ]


def test_relative_paths_are_checked_against_the_items_of_given() -> None:
    text = rule(
        '- check: require\n  with: {given: "discovery.integrations[]", '
        "where: {kidn: {equals: api}}, fields: sytem}"
    )
    assert problems(text) == [
        "local.yaml:12:65: rule LO001: where `kidn`: no field `kidn` under the items of "
        "`discovery.integrations[]`; did you mean `kind`?",
        "local.yaml:12:89: rule LO001: fields `sytem`: no field `sytem` under the items of "
        "`discovery.integrations[]`; did you mean `system`?",
    ]


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (
            "discovery.integrations.id",
            "`integrations` is a list: write `[]` after it to walk its items",
        ),
        (
            "discovery.integrations[kidn=api]",
            "the items of `integrations` have no field `kidn`; did you mean `kind`?",
        ),
        ("plan.name.first", "`name` is a single value, with no field `first`"),
    ],
)
def test_a_bad_path_says_which_segment_is_wrong(given: str, said: str) -> None:
    (problem,) = problems(rule(REQUIRE.replace("discovery.integrations[]", given)))
    assert problem == f"local.yaml:12:23: rule LO001: given `{given}`: {said}"


def test_extension_fields_and_free_mappings_are_accepted() -> None:
    for given in ("discovery.integrations[].x-cost-center", "x-org.anything.below"):
        text = rule(f'- check: require\n  with: {{given: "{given}", fields: x}}')
        assert rules.load_rule_file(text, "local.yaml")


def test_an_unknown_message_field() -> None:
    (problem,) = problems(rule(REQUIRE, message="{item} has no {fiel}"))
    assert problem == (
        "local.yaml:13:14: rule LO001: message field `{fiel}` is not one that check "
        "`require` fills; did you mean `field`? (it fills: deadline, deadline_before, deadline_from, field, item, path, state)"
    )


def test_a_rule_option_may_be_a_message_field() -> None:
    text = rule(REQUIRE, message="{item}: see {handbook}", options="{handbook: wiki}")
    assert rules.load_rule_file(text, "local.yaml")


def test_a_wrongly_typed_option_is_refused_where_it_is_used() -> None:
    text = rule(
        '- check: require\n  with: {given: "discovery.integrations[]", '
        "where: {kind: {in: {option: kinds}}}, fields: system}",
        options="{kinds: api}",
    )
    assert problems(text) == [
        "local.yaml:13:70: rule LO001: check `require`: where.kind.in: option `kinds` is "
        '"api", but `in` needs a list'
    ]


def test_a_wrongly_typed_option_in_when() -> None:
    text = rule(
        "- check: require\n  when: {plan.industry: {in: {option: industries}}}\n"
        '  with: {given: "discovery.integrations[]", fields: system}',
        options="{industries: retail}",
    )
    assert problems(text) == [
        "local.yaml:13:36: rule LO001: when: plan.industry.in: option `industries` is "
        '"retail", but `in` needs a list'
    ]


def test_a_misspelt_check_name_suggests_the_nearest() -> None:
    (problem,) = problems(rule(REQUIRE.replace("check: require", "check: requir")))
    assert problem.startswith(
        "local.yaml:11:16: rule LO001: unknown check `requir`; did you mean `require`? (known: "
    )


def test_a_misspelt_key_says_the_key_and_the_near_name() -> None:
    text = rule(REQUIRE).replace("rationale:", "rationalle:")
    assert problems(text) == [
        "local.yaml:8:5: rule LO001: rules[0].rationalle: unknown key `rationalle`; "
        "did you mean `rationale`?"
    ]


def test_the_family_says_what_form_a_family_takes() -> None:
    assert problems(rule(REQUIRE).replace("family: LO", "family: local")) == [
        "local.yaml:1:9: family `local` is not a family code: a family is two capital "
        "letters (such as `LO`), and every rule's code starts with it (LO001)"
    ]


def test_every_error_of_a_file_is_reported_together() -> None:
    one = rule(REQUIRE.replace("integrations[]", "integration[]"))
    body = one.split("rules:\n", 1)[1]
    second = body.replace("LO001", "LO002").replace("local-one", "local-two")
    second = second.replace("check: require", "check: requir").replace(
        "integration[]", "integrations[]"
    )
    third = body.replace("LO001", "LO003").replace("local-one", "local-three")
    third = third.replace("rationale:", "rationalle:")
    found = problems(one + second + third)
    assert [p.split(": ", 2)[1] for p in found] == ["rule LO001", "rule LO002", "rule LO003"]
    assert [p.split(":")[1] for p in found] == ["12", "22", "30"]


def test_problems_stop_at_a_limit() -> None:
    body = rule(REQUIRE.replace("integrations[]", "integration[]")).split("rules:\n", 1)[1]
    many = "".join(
        body.replace("LO001", f"LO{n:03d}").replace("local-one", f"local-{n}") for n in range(1, 60)
    )
    found = problems("family: LO\ntitle: Local\nrules:\n" + many)
    assert len(found) == rules.MAX_PROBLEMS + 1
    assert found[-1] == "local.yaml: stopped after 20 problems; fix these and load again"


def test_the_cli_prints_every_problem_on_its_own_line_and_exits_2(tmp_path: Path) -> None:
    one = rule(REQUIRE.replace("integrations[]", "integration[]"))
    second = one.split("rules:\n", 1)[1].replace("LO001", "LO002").replace("local-one", "b")
    (tmp_path / "local.yaml").write_text(one + second)
    (tmp_path / "plan.yaml").write_text(EXAMPLE, encoding="utf-8")
    result = run_cli("check", "--rules", "local.yaml", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert [line.split(": rule ")[0] for line in lines] == [
        "migralint: error: local.yaml:12:23",
        "migralint: error: local.yaml:23:23",
    ]
    assert "Traceback" not in result.stderr


def test_every_bundled_rule_passes_the_load_time_checks() -> None:
    from migralint import resources

    for entry in resources.rule_files():
        assert rules.load_rule_file(entry.read_bytes(), f"rules/{entry.name}", bundled=True)
