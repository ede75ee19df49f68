"""The command line as users run it: real processes, exit codes, output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import EXAMPLE, EXAMPLE_PATH, mutate
from helpers import run_cli as run

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")


def test_clean_example_exits_0() -> None:
    result = run("check", str(EXAMPLE_PATH))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "no problems in 1 file\n"
    assert result.stderr == ""


def test_two_plans_one_broken_both_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    (tmp_path / "b.yaml").write_text("migralint: 1\nplan: {name: [x\n")
    result = run("check", "b.yaml", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "a.yaml:62:9: TL001 error cutover Friday 2025-03-14 16:30 Europe/Berlin"
    )
    assert lines[0].endswith("[friday-afternoon-cutover]")
    assert lines[1].startswith("b.yaml:3:1: PL001 error ")
    assert lines[-1] == "2 errors in 2 files (2 files checked)"
    assert "Traceback" not in result.stderr


def test_json_output(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    result = run("check", "--format", "json", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["findings"] == [
        {
            "path": "a.yaml",
            "line": 62,
            "column": 9,
            "code": "TL001",
            "name": "friday-afternoon-cutover",
            "severity": "error",
            "message": "cutover Friday 2025-03-14 16:30 Europe/Berlin is inside the forbidden "
            "window Friday from 16:00 (before the weekend); move it to an earlier working day, in the morning",
            "pointer": "timeline.cutover.at",
        }
    ]
    assert payload["summary"] == {
        "errors": 1,
        "warnings": 0,
        "infos": 0,
        "files": 1,
        "files_with_findings": 1,
        "waived": 0,
        "baselined": 0,
        "ignored": 0,
        "truncated": 0,
        "other_configs": [],
        "policy": [],
    }
    assert payload["files"] == [{"path": "a.yaml", "config": "defaults"}]


def test_fail_on_sets_the_threshold(tmp_path: Path) -> None:
    saturday = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-15T10:00:00+01:00 ")
    (tmp_path / "a.yaml").write_text(saturday)
    assert run("check", "a.yaml", "--select", "TL001", cwd=tmp_path).returncode == 0
    assert (
        run("check", "a.yaml", "--select", "TL001", "--fail-on", "warning", cwd=tmp_path).returncode
        == 1
    )


def test_select_and_ignore(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    assert (
        run("check", "a.yaml", "--ignore", "friday-afternoon-cutover", cwd=tmp_path).returncode == 0
    )
    assert run("check", "a.yaml", "--select", "CO", cwd=tmp_path).returncode == 0
    result = run("check", "a.yaml", "--select", "TLX01", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("migralint: error: command line: no rule matches `TLX01`")


def test_missing_path_is_a_finding_and_others_are_checked(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    result = run("check", "nope.yaml", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "nope.yaml:1:1: PL008 error no such file or directory [unreadable-file]" in result.stdout
    assert "a.yaml:62:9: TL001" in result.stdout


def test_directory_scan_finds_plans_only(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yaml").write_text(FRIDAY)
    (tmp_path / "plans" / "other.yml").write_text("name: not a plan\n")
    (tmp_path / "plans" / "notes.txt").write_text("migralint: 1\n")
    result = run("check", "plans", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "1 error in 1 file (1 file checked)"


def test_explicit_non_plan_gets_pl003(tmp_path: Path) -> None:
    (tmp_path / "other.yml").write_text("name: not a plan\n")
    result = run("check", "other.yml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("other.yml:1:1: PL003 error no `migralint` key")


def test_rules_lists_every_rule() -> None:
    result = run("rules")
    assert result.returncode == 0
    assert "TL001  friday-afternoon-cutover" in result.stdout
    count = int(result.stdout.splitlines()[-1].split()[0])
    assert count == len(result.stdout.splitlines()) - 1 >= 20


@pytest.mark.parametrize("key", ["TL001", "tl001", "friday-afternoon-cutover"])
def test_explain(key: str) -> None:
    result = run("explain", key)
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("TL001 friday-afternoon-cutover (error)\n")
    for part in ("Why:", "Source:", "Options (defaults):", "forbidden:", "Fails:", "Passes:"):
        assert part in out


def test_explain_unknown_rule_suggests() -> None:
    result = run("explain", "friday-afternon-cutover")
    assert result.returncode == 2
    assert result.stderr == (
        "migralint: error: no rule `friday-afternon-cutover`; did you mean "
        "`friday-afternoon-cutover`?\n"
    )


def test_usage_error_exits_2() -> None:
    result = run("check", "--format", "yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("migralint, version ")


def test_a_newline_in_a_value_keeps_a_finding_on_one_line(tmp_path: Path) -> None:
    plan = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-20T10:00:00+01:00 ")
    plan = mutate(plan, "    - {name: Spring sale,", '    - {name: "Spring\\nsale",')
    (tmp_path / "a.yaml").write_text(plan)
    result = run("check", "a.yaml", "--select", "TL002", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert all(line.startswith("a.yaml:") for line in lines[:-1])
    assert "`Spring\\nsale`" in result.stdout


def test_skip_non_plans_for_hooks(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(FRIDAY)
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    result = run("check", "--skip-non-plans", ".pre-commit-config.yaml", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "1 error in 1 file (1 file checked)"
    result = run("check", "--skip-non-plans", ".pre-commit-config.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "no problems in 0 files\n")
