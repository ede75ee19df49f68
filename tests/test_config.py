"""Configuration: found upwards from the plan, validated, overridden by flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate
from helpers import run_cli as run

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
SATURDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-15T10:00:00+01:00 ")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the repository root: the search stops here
    (tmp_path / "plans").mkdir()
    return tmp_path


def test_found_from_the_plans_folder_upwards(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text("ignore: [TL001]\n")
    (repo / "plans" / "a.yaml").write_text(FRIDAY)
    assert run("check", "plans/a.yaml", cwd=repo).returncode == 0
    # A closer file wins.
    (repo / "plans" / ".migralint.yaml").write_text("select: [TL]\n")
    assert run("check", "plans/a.yaml", cwd=repo).returncode == 1


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".migralint.yaml").write_text("ignore: [TL001]\n")
    inner = tmp_path / "repo"
    (inner / ".git").mkdir(parents=True)
    (inner / "a.yaml").write_text(FRIDAY)
    assert run("check", "a.yaml", cwd=inner).returncode == 1


def test_pyproject_table(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.migralint]\nignore = ["friday-afternoon-cutover"]\n'
    )
    (repo / "plans" / "a.yaml").write_text(FRIDAY)
    assert run("check", "plans/a.yaml", cwd=repo).returncode == 0


def test_explicit_config_file(repo: Path) -> None:
    (repo / "ci.yaml").write_text("ignore: [TL]\n")
    (repo / "plans" / "a.yaml").write_text(FRIDAY)
    assert run("check", "--config", "ci.yaml", "plans/a.yaml", cwd=repo).returncode == 0
    result = run("check", "--config", "nope.yaml", "plans/a.yaml", cwd=repo)
    assert result.returncode == 2
    assert result.stderr == "migralint: error: --config nope.yaml: no such file\n"


def test_flags_override_the_file(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text("ignore: [TL001]\nfail-on: warning\n")
    (repo / "plans" / "a.yaml").write_text(FRIDAY)
    assert run("check", "--ignore", "CO", "plans/a.yaml", cwd=repo).returncode == 1
    (repo / "plans" / "a.yaml").write_text(SATURDAY)
    assert run("check", "plans/a.yaml", "--select", "TL001", cwd=repo).returncode == 1  # fail-on
    assert (
        run("check", "plans/a.yaml", "--select", "TL001", "--fail-on", "error", cwd=repo).returncode
        == 0
    )


def test_select_a_family_runs_only_that_family(repo: Path) -> None:
    plan = mutate(FRIDAY, "  owner: Dana Ortiz (Marketing Operations)\n", "")  # GV003 too
    (repo / "plans" / "a.yaml").write_text(plan)
    result = run("check", "--select", "TL", "--format", "json", "plans/a.yaml", cwd=repo)
    import json

    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert codes == {"TL001"}


def test_severity_and_options(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text(
        "severity: {TL001: warning}\n"
        "options:\n"
        "  friday-afternoon-cutover:\n"
        '    forbidden: [{weekday: tuesday, from: "09:00"}]\n'
    )
    (repo / "plans" / "a.yaml").write_text(EXAMPLE)  # Tuesday 10:00: now forbidden
    result = run("check", "plans/a.yaml", "--select", "TL001", cwd=repo)
    assert result.returncode == 0
    assert (
        "TL001 warning cutover Tuesday 2025-03-11 10:00 Europe/Berlin is inside the forbidden window Tuesday from 09:00"
        in result.stdout
    )


def test_per_file_ignores(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text("per-file-ignores:\n  'plans/legacy-*.yaml': [TL001]\n")
    (repo / "plans" / "legacy-a.yaml").write_text(FRIDAY)
    (repo / "plans" / "b.yaml").write_text(FRIDAY)
    result = run("check", "plans", cwd=repo)
    assert "plans/b.yaml:62:9: TL001" in result.stdout
    assert "legacy-a.yaml:62:9: TL001" not in result.stdout


def test_extra_rule_files_relative_to_the_config(repo: Path) -> None:
    (repo / "rules").mkdir()
    (repo / "rules" / "local.yaml").write_text(
        "family: LO\ntitle: Local\nrules:\n"
        "  - code: LO001\n    name: sponsor-is-cmo\n    severity: error\n"
        "    summary: The sponsor is the CMO.\n    rationale: House rule.\n    source: Handbook\n"
        "    then:\n      - check: expect\n"
        "        with: {given: plan.executive_sponsor, field: role, equals: CEO}\n"
        "    message: 'sponsor role is {value}, expected {expected}'\n"
        "    examples: {fail: x, pass: y}\n"
    )
    (repo / ".migralint.yaml").write_text("rules: [rules/local.yaml]\n")
    (repo / "plans" / "a.yaml").write_text(EXAMPLE)
    result = run("check", "plans/a.yaml", cwd=repo)
    assert result.returncode == 1
    assert (
        "plans/a.yaml:19:11: LO001 error sponsor role is CMO, expected CEO [sponsor-is-cmo]"
        in result.stdout
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "selct: [TL]\n",
            ".migralint.yaml:1:1: selct: unknown key `selct`; did you mean `select`?",
        ),
        (
            "fail-on: fatal\n",
            ".migralint.yaml:1:10: fail-on: the string 'fatal' is not one of error, warning, info",
        ),
        ("select: [TLX]\n", ".migralint.yaml: no rule matches `TLX`"),
        ("severity: {TL999: error}\n", ".migralint.yaml: severity: no rule `TL999`"),
        (
            "options: {TL001: {forbiden: []}}\n",
            ".migralint.yaml:1:19: options.TL001: rule TL001 has no option `forbiden`; did you mean `forbidden`?",
        ),
        (
            "options: {TL001: {forbidden: [{weekday: fryday}]}}\n",
            ".migralint.yaml:1:41: options.TL001.forbidden[0].weekday: `fryday` is not a weekday "
            "(monday ... sunday); did you mean `friday`?",
        ),
        ("rules: [missing.yaml]\n", "missing.yaml: cannot read the rule file"),
        ("select: [TL\n", ".migralint.yaml:2:1: "),
    ],
)
def test_configuration_errors_exit_2(repo: Path, content: str, message: str) -> None:
    (repo / ".migralint.yaml").write_text(content)
    (repo / "plans" / "a.yaml").write_text(EXAMPLE)
    result = run("check", "plans/a.yaml", cwd=repo)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
