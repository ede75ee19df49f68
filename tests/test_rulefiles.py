"""Rule files are validated when loaded: a bad one is a one-line error
naming the file, the position, the rule and the problem (exit 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLE_PATH, LOCAL_RULE
from migralint import rules
from migralint.errors import RuleFileError

GOOD = LOCAL_RULE


def load(text: str) -> list[rules.Rule]:
    return rules.load_rule_file(text, "local.yaml")


def error(text: str) -> str:
    with pytest.raises(RuleFileError) as info:
        load(text)
    return str(info.value)


def test_good_file_loads() -> None:
    (rule,) = load(GOOD)
    assert (rule.code, rule.name, rule.severity) == (
        "LO001",
        "integration-system-missing",
        "warning",
    )


def test_invalid_yaml() -> None:
    assert error("family: [LO\n").startswith("local.yaml:2:1: ")


def test_unknown_check() -> None:
    message = error(GOOD.replace("check: require", "check: eval"))
    assert message.startswith("local.yaml:11:16: rule LO001: unknown check `eval` (known: ")


def test_bad_arguments() -> None:
    message = error(GOOD.replace("fields: system", "field: system"))
    assert message.startswith("local.yaml:12:15: rule LO001: check `require`: ")
    assert "'fields' is a required property" in message


def test_bad_path_in_arguments() -> None:
    message = error(GOOD.replace("fields: system", "fields: 'sys tem'"))
    assert (
        message
        == "local.yaml:12:59: rule LO001: check `require`: fields: bad path segment `sys tem` in `sys tem`"
    )


def test_schema_violation_names_the_rule() -> None:
    message = error(GOOD.replace("severity: warning", "severity: fatal"))
    assert message.startswith(
        "local.yaml:6:15: rule LO001: rules[0].severity: the string 'fatal' is not one of error, warning, info"
    )


def test_code_outside_family() -> None:
    assert "code does not belong to family LO" in error(GOOD.replace("code: LO001", "code: TL901"))


def test_template_cannot_reach_attributes() -> None:
    message = error(GOOD.replace("has no `system`", "{item.__class__}"))
    assert "message field `{item.__class__}` must be a plain name" in message


def test_undefined_option() -> None:
    text = GOOD.replace("fields: system}", "fields: {option: wanted}}")
    assert "refers to option `wanted`, which the rule does not define" in error(text)


def test_duplicate_code_with_bundled_rules() -> None:
    extra = load(
        GOOD.replace("code: LO001", "code: LO001").replace("integration-system-missing", "schema")
    )
    with pytest.raises(RuleFileError) as info:
        rules.combine(rules.bundled_rules(), extra)
    assert "`schema` is already used by rule SC001" in str(info.value)


def test_extra_rules_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text(GOOD)
    plan = tmp_path / "plan.yaml"
    plan.write_text(EXAMPLE_PATH.read_text().replace("      system: Loyalty app\n", ""))
    run = [sys.executable, "-m", "migralint", "check", "--rules", "local.yaml", "plan.yaml"]
    result = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0  # a warning only
    assert (
        "plan.yaml:99:7: LO001 warning integration `loyalty-signups` has no `system`"
        in result.stdout
    )
    (tmp_path / "local.yaml").write_text(GOOD.replace("check: require", "check: eval"))
    result = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("migralint: error: local.yaml:11:16: rule LO001: unknown check")
    assert len(result.stderr.splitlines()) == 1


def test_every_bundled_rule_loads_and_is_documented() -> None:
    bundled = rules.validate_bundled()  # the full validation, not the cache
    assert len({r.code for r in bundled}) == len(bundled)
    for rule in bundled:
        assert rule.rationale and rule.source and rule.examples["fail"] and rule.examples["pass"]


def test_options_reach_the_rule_level_when() -> None:
    from helpers import EXAMPLE, lint
    from migralint.engine import Engine

    text = GOOD.replace(
        "    then:\n",
        "    options: {industries: [retail]}\n    when: {plan.industry: {in: {option: industries}}}\n    then:\n",
    )
    (rule,) = load(text)
    plan = EXAMPLE.replace("      system: Loyalty app\n", "")
    assert [f.code for f in lint(plan, eng=Engine([rule]))] == ["LO001"]
    quiet = Engine([rule], options={"LO001": {"industries": ["healthcare"]}})
    assert lint(plan, eng=quiet) == []


# The outside review's attack: a pull request's rule file in the bundled PL
# family, with a gate rule that always fires and sorts before every other.
GATE_ATTACK = """\
family: PL
title: Reading the file
rules:
  - code: PL000
    name: always-fine
    severity: info
    gate: true
    summary: Always fires.
    rationale: x
    source: x
    then:
      - check: require
        with: {given: plan, fields: x-nothing-here}
    message: "all good"
    examples: {fail: x, pass: y}
"""
FRIDAY_PLAN = EXAMPLE_PATH.read_text().replace(
    "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 "
)


def test_extra_rule_file_cannot_switch_off_bundled_rules(tmp_path: Path) -> None:
    (tmp_path / "pl.yaml").write_text(GATE_ATTACK)
    (tmp_path / "plan.yaml").write_text(FRIDAY_PLAN)
    run = [sys.executable, "-m", "migralint", "check", "--rules", "pl.yaml"]
    run += ["--select", "ALL", "--fail-on", "warning", "plan.yaml"]
    result = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stdout
    assert result.stderr == (
        "migralint: error: pl.yaml:1:9: rule PL000: family PL is reserved for the bundled "
        "rules (CM, CO, DA, DI, FE, GV, PL, PR, SC, TL, XP); give local rules a family of their own\n"
    )
    # The same file in the configuration's `rules:`.
    (tmp_path / ".migralint.yaml").write_text("rules: [pl.yaml]\n")
    result = subprocess.run(
        [sys.executable, "-m", "migralint", "check", "plan.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("migralint: error: ")
    assert "pl.yaml:1:9: rule PL000: family PL is reserved" in result.stderr


@pytest.mark.parametrize("family", sorted(rules.bundled_families()))
def test_extra_rule_file_cannot_use_bundled_family(family: str) -> None:
    text = GATE_ATTACK.replace("family: PL", f"family: {family}").replace("PL000", f"{family}999")
    message = error(text.replace("    gate: true\n", ""))
    assert message.startswith(f"local.yaml:1:9: rule {family}999: family {family} is reserved")


def test_bundled_families_come_from_the_bundled_rules() -> None:
    assert rules.bundled_families() == {r.code[:2] for r in rules.bundled_rules()}
    assert {"PL", "SC", "DI", "DA", "TL", "CO", "PR", "FE", "CM", "GV"} <= rules.bundled_families()


@pytest.mark.parametrize("value", ["true", "false"])
def test_extra_rule_file_cannot_gate(value: str) -> None:
    text = GATE_ATTACK.replace("family: PL", "family: LO").replace("PL000", "LO000")
    message = error(text.replace("gate: true", f"gate: {value}"))
    assert message == (
        "local.yaml:7:5: rule LO000: `gate` is reserved for the bundled rules "
        "(a local rule cannot stop other rules)"
    )


def test_local_rules_run_after_bundled_rules_and_cannot_stop_them() -> None:
    from helpers import lint
    from migralint.engine import Engine

    text = GATE_ATTACK.replace("family: PL", "family: LO").replace("PL000", "LO000")
    (local,) = load(text.replace("    gate: true\n", ""))
    combined = rules.combine(rules.bundled_rules(), [local])
    assert combined[-1] is local
    assert list(combined[:-1]) == list(rules.bundled_rules())
    found = lint(FRIDAY_PLAN, eng=Engine(combined))
    assert ("TL001", "error", 62, 9) in [(f.code, f.severity, f.line, f.column) for f in found]
    assert "LO000" in {f.code for f in found}
    # The second lock: a rule that claims to gate never reaches the engine.
    forged = rules.Rule(**{**local.__dict__, "gate": True})
    with pytest.raises(RuleFileError, match="reserved for the bundled rules"):
        rules.combine(rules.bundled_rules(), [forged])


def test_local_family_with_firing_rule_does_not_hide_tl001(tmp_path: Path) -> None:
    text = GATE_ATTACK.replace("family: PL", "family: LO").replace("PL000", "LO000")
    (tmp_path / "lo.yaml").write_text(text.replace("    gate: true\n", ""))
    (tmp_path / "plan.yaml").write_text(FRIDAY_PLAN)
    run = [sys.executable, "-m", "migralint", "check", "--rules", "lo.yaml"]
    run += ["--select", "ALL", "--fail-on", "warning", "plan.yaml"]
    result = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr
    assert (
        "plan.yaml:62:9: TL001 error cutover Friday 2025-03-14 16:30 Europe/Berlin" in result.stdout
    )
    assert "LO000 info all good" in result.stdout


def _nested(kind: str, levels: int) -> str:
    """GOOD with one field nested ``levels`` predicate levels deep."""
    leaf = "{plan.name: {present: true}}"
    if kind == "when-not":
        when = "{not: " * levels + leaf + "}" * levels
        return GOOD.replace("    then:\n", f"    when: {when}\n    then:\n")
    if kind == "when-list":
        when = "[" * levels + leaf + "]" * levels
        return GOOD.replace("    then:\n", f"    when: {when}\n    then:\n")
    if kind == "then-when":
        when = "{not: " * levels + leaf + "}" * levels
        return GOOD.replace(
            "      - check: require\n", f"      - check: require\n        when: {when}\n"
        )
    if kind == "where":
        where = "{not: " * levels + "{system: {present: true}}" + "}" * levels
        return GOOD.replace("fields: system}", f"fields: system, where: {where}}}")
    if kind == "options":
        value = "[" * levels + "x" + "]" * levels
        return GOOD.replace("    then:\n", f"    options: {{deep: {value}}}\n    then:\n")
    raise AssertionError(kind)


NESTED = {
    "when-not": ("when", 10),
    "when-list": ("when", 10),
    "then-when": ("then[0].when", 12),
    "where": ("then[0].with", 12),
    "options": ("options", 10),
}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_rule_file_predicate_nested_190_levels_is_exit_2(tmp_path: Path, kind: str) -> None:
    """`not` nested 190 levels deep raised RecursionError (exit 3)."""
    field_name, line = NESTED[kind]
    message = error(_nested(kind, 190))
    assert message.startswith(f"local.yaml:{line}:")
    assert message.endswith(
        f": rule LO001: `{field_name}` is nested more than 32 levels deep "
        "(predicates and arguments may nest at most 32 levels)"
    )
    (tmp_path / "deep.yaml").write_text(_nested(kind, 190))
    (tmp_path / "plan.yaml").write_text(EXAMPLE_PATH.read_text())
    run = [sys.executable, "-m", "migralint", "check", "--rules", "deep.yaml", "plan.yaml"]
    result = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"migralint: error: deep.yaml:{line}:")
    assert "nested more than 32 levels deep" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_rule_file_predicate_nesting_limit_is_exact() -> None:
    """32 levels (mappings and lists each count one) load and work; 33 do not."""
    (rule,) = load(_nested("when-not", 30))  # 30 `not`s, the leaf and its matcher
    assert rule.when is not None
    from helpers import EXAMPLE, lint
    from migralint.engine import Engine

    plan = EXAMPLE.replace("      system: Loyalty app\n", "")
    # An even number of `not`s is the leaf itself; an odd one its negation.
    assert [f.code for f in lint(plan, eng=Engine([rule]))] == ["LO001"]
    (odd,) = load(_nested("when-not", 29))
    assert lint(plan, eng=Engine([odd])) == []
    assert "nested more than 32 levels deep" in error(_nested("when-not", 31))


@pytest.mark.parametrize("bad", ["schema", "check"])
def test_rule_file_with_thousands_of_bad_rules_reports_the_first_quickly(bad: str) -> None:
    """A 50 MB rule file took 123 s and 7.9 GB: validation collected every
    error of the whole file. Now it stops at the first bad rule (under the
    1 MB size limit: 2,000 bad rules)."""
    import time

    head, entry = GOOD.split("rules:\n")
    parts = []
    for index in range(2000):
        rule = entry.replace("LO001", f"LO{index % 1000:03d}")
        rule = rule.replace("integration-system-missing", f"rule-{index}")
        if bad == "schema":
            rule = rule.replace("severity: warning", "severity: fatal")
        else:
            rule = rule.replace("check: require", "check: eval")
        parts.append(rule)
    text = head + "rules:\n" + "".join(parts)
    assert 800_000 < len(text) < 1_000_000
    started = time.perf_counter()
    message = error(text)
    assert time.perf_counter() - started < 10  # was: minutes at 50 MB, every error collected
    if bad == "schema":
        assert message.startswith("local.yaml:6:15: rule LO000: rules[0].severity: the string")
    else:
        assert message.startswith("local.yaml:11:16: rule LO000: unknown check `eval`")


def test_rule_message_template_is_bounded() -> None:
    """A local rule's message is repeated in every finding it makes: a
    megabyte-long template made a report of a hundred megabytes per plan."""
    long_message = "x" * 1001
    text = LOCAL_RULE.replace(
        'message: "integration `{item}` has no `system`; name the system it connects"',
        f'message: "{long_message}"',
    )
    assert "does not meet the schema's `maxLength`" in error(text)
    assert len(error(text)) < 300
    load(text.replace(long_message, "x" * 1000))


def test_misspelt_check_name_suggests_the_nearest() -> None:
    message = error(GOOD.replace("check: require", "check: requrie"))
    assert message.startswith(
        "local.yaml:11:16: rule LO001: unknown check `requrie`; did you mean `require`? (known: "
    )
