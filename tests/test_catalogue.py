"""`migralint rules`, `explain` and `checks`: what a rule author sees,
local rules included (found from the current folder as `check` finds them,
or given with `--config` and `--rules`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli
from migralint import catalogue, rules

LOCAL = """\
family: LO
title: Local conventions
rules:
  - code: LO001
    name: integration-system-missing
    severity: warning
    summary: An integration does not say which system it connects.
    rationale: Nobody can switch off what nobody can find.
    source: Northwind migration handbook
    options:
      fields: [system]
    then:
      - check: require
        with: {given: "discovery.integrations[]", fields: {option: fields}}
    message: "integration `{item}` has no `system`; name the system it connects"
    examples:
      fail: |
        discovery:
          integrations: [{id: crm-sync}]
      pass: |
        discovery:
          integrations: [{id: crm-sync, system: Salesforce CRM}]
"""

OTHER = (
    LOCAL.replace("family: LO", "family: LP")
    .replace("LO001", "LP001")
    .replace("integration-system-missing", "integration-system-unnamed")
)

BUNDLED = len(rules.bundled_rules())


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "local.yaml").write_text(LOCAL)
    (tmp_path / ".migralint.yaml").write_text("rules: [rules/local.yaml]\n")
    return tmp_path


def _local_line(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith("LO001"))


def test_rules_lists_the_local_rules_of_the_configuration_found_here(project: Path) -> None:
    result = run_cli("rules", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{BUNDLED + 1} rules"
    assert lines[-2] == _local_line(result.stdout)  # after every bundled rule
    assert " ".join(_local_line(result.stdout).split()) == (
        "LO001 integration-system-missing warning "
        "An integration does not say which system it connects."
    )


def test_rules_from_a_subfolder_finds_the_configuration_above(project: Path) -> None:
    (project / "plans").mkdir()
    result = run_cli("rules", cwd=project / "plans")
    assert result.stdout.splitlines()[-1] == f"{BUNDLED + 1} rules"


def test_rules_without_a_configuration_lists_the_bundled_ones(tmp_path: Path) -> None:
    result = run_cli("rules", cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == f"{BUNDLED} rules"
    assert "LO001" not in result.stdout


def test_rules_with_config_and_rules_options(project: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "other.yaml").write_text(OTHER)
    config = str(project / ".migralint.yaml")
    result = run_cli(
        "rules", "--config", config, "--rules", str(project / "other.yaml"), cwd=elsewhere
    )
    assert result.returncode == 0, result.stderr
    codes = [line.split()[0] for line in result.stdout.splitlines()[:-1]]
    assert codes[-2:] == ["LO001", "LP001"]
    assert result.stdout.splitlines()[-1] == f"{BUNDLED + 2} rules"
    only_rules = run_cli("rules", "--rules", str(project / "other.yaml"), cwd=elsewhere)
    assert only_rules.stdout.splitlines()[-1] == f"{BUNDLED + 1} rules"
    assert "LP001" in only_rules.stdout and "LO001" not in only_rules.stdout


def test_a_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("rules", "--config", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "migralint: error: --config nope.yaml: no such file\n"


def test_a_broken_local_rule_file_is_a_one_line_error(project: Path) -> None:
    (project / "rules" / "local.yaml").write_text(LOCAL.replace("check: require", "check: requir"))
    result = run_cli("rules", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("migralint: error: ")
    assert "rules/local.yaml:13:16: rule LO001: " in result.stderr
    assert "did you mean `require`?" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_explain_a_local_rule(project: Path) -> None:
    result = run_cli("explain", "LO001", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "LO001 integration-system-missing (warning)\n\n"
        "An integration does not say which system it connects.\n\n"
        "Why:\n  Nobody can switch off what nobody can find.\n\n"
        "Source: Northwind migration handbook\n\n"
        "Defined in: rules/local.yaml\n\n"
        "Options (defaults):\n  fields: [system]\n\n"
        "Fails:\n  discovery:\n    integrations: [{id: crm-sync}]\n"
    )
    by_name = run_cli("explain", "integration-system-missing", cwd=project)
    assert by_name.stdout == result.stdout
    given = run_cli(
        "explain", "LO001", "--rules", "rules/local.yaml", "--config", "none.toml", cwd=project
    )
    assert given.returncode == 2  # a missing --config is an error, not the defaults
    (project / "none.toml").write_text("")
    given = run_cli(
        "explain", "LO001", "--rules", "rules/local.yaml", "--config", "none.toml", cwd=project
    )
    assert given.returncode == 0, given.stderr
    assert "\nDefined in: rules/local.yaml\n" in given.stdout
    assert "Defined in" not in run_cli("explain", "TL001").stdout


def test_explain_a_misspelt_local_code_suggests_it(project: Path) -> None:
    result = run_cli("explain", "LO01", cwd=project)
    assert result.returncode == 2
    assert result.stderr == "migralint: error: no rule `LO01`; did you mean `LO001`?\n"
    elsewhere = run_cli(
        "explain",
        "integration-system-mising",
        "--rules",
        str(project / "rules" / "local.yaml"),
        cwd=project.parent,
    )
    assert elsewhere.stderr == (
        "migralint: error: no rule `integration-system-mising`; did you mean "
        "`integration-system-missing`?\n"
    )


def test_explain_of_a_local_code_without_its_configuration_fails(tmp_path: Path) -> None:
    result = run_cli("explain", "LO001", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("migralint: error: no rule `LO001`")


def test_explain_shows_every_severity_of_a_two_severity_rule() -> None:
    out = run_cli("explain", "TL001").stdout
    assert out.startswith("TL001 friday-afternoon-cutover (error)\n")
    assert (
        "\nSeverity: error; warning when the cutover falls in a discouraged window (by default "
        "the\nlast working day before the weekend from 12:00, and the weekend).\n"
    ) in out


def test_rules_json(project: Path) -> None:
    result = run_cli("rules", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == BUNDLED + 1
    assert records[-1] == {
        "code": "LO001",
        "name": "integration-system-missing",
        "family": "LO",
        "severity": "warning",
        "severities": ["warning"],
        "severity_text": "warning",
        "summary": "An integration does not say which system it connects.",
        "source": "Northwind migration handbook",
        "file": "rules/local.yaml",
        "options": {"fields": ["system"]},
    }
    tl001 = next(r for r in records if r["code"] == "TL001")
    assert tl001["severities"] == ["error", "warning"]
    assert tl001["file"] == "rules/timeline.yaml"
    assert set(tl001["options"]) >= {"forbidden"}


def test_checks_text_shows_types_requirement_defaults_and_fills() -> None:
    result = run_cli("checks")
    assert result.returncode == 0
    blocks = result.stdout.split("\n\n")
    require = next(b for b in blocks if b.startswith("require:"))
    assert require == (
        "require: each item of `given` (the plan when omitted) that matches `where` has every "
        "field of `fields`; with `deadline_from` (a moment) and `deadline_before` (a duration), "
        "the message can say by when the missing field is due: the working day on or before the "
        "moment minus the duration\n"
        "    given: path (optional)\n"
        "    where: predicate (optional)\n"
        "    fields: path or list of path (required)\n"
        "    non_empty: boolean (default false)\n"
        "    deadline_from: path (optional)\n"
        "    deadline_before: path (optional)\n"
        "    fills: {path}, {item}, {field}, {state}, {deadline}, {deadline_from}, "
        "{deadline_before}"
    )
    exists = next(b for b in blocks if b.startswith("exists:"))
    assert "    given: path (required)\n" in exists
    date_order = next(b for b in blocks if b.startswith("date-order:"))
    assert "    fail_if: one of after, at-or-after, at-or-before, before (required)\n" in date_order
    assert '    shift_direction: one of earlier, later (default "earlier")\n' in date_order
    assert "    shift: duration (optional)\n" in date_order


def test_checks_json() -> None:
    result = run_cli("checks", "--format", "json")
    assert result.returncode == 0
    records = {r["name"]: r for r in json.loads(result.stdout)}
    from migralint.checks import REGISTRY

    assert set(records) == set(REGISTRY)
    require = records["require"]
    assert require["fills"] == [
        "path",
        "item",
        "field",
        "state",
        "deadline",
        "deadline_from",
        "deadline_before",
    ]
    arguments = {a["name"]: a for a in require["arguments"]}
    assert list(arguments) == [
        "given",
        "where",
        "fields",
        "non_empty",
        "deadline_from",
        "deadline_before",
    ]
    assert arguments["fields"]["required"] is True
    assert arguments["fields"]["type"] == "path or list of path"
    assert arguments["given"] == {
        "name": "given",
        "type": "path",
        "required": False,
        "schema": {"type": "string", "format": "plan-path"},
    }
    assert arguments["non_empty"]["default"] is False


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ({"type": "string"}, "string"),
        ({"type": "string", "format": "plan-path"}, "path"),
        ({"type": "string", "format": "duration"}, "duration"),
        ({"type": "array", "items": {"type": "string"}}, "list of string"),
        ({"enum": ["a", "b"]}, "one of a, b"),
        ({"anyOf": [{"type": "integer"}, {"type": "array"}]}, "integer or list"),
        ({"$ref": "#/$defs/predicate"}, "predicate"),
        ({}, "any"),
    ],
)
def test_type_names(schema: dict, words: str) -> None:
    assert catalogue.type_name(schema) == words
