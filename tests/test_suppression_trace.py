"""Suppression leaves a trace: the summary line, the JSON summary and SARIF
say what was not reported and why.

The outside review silenced a Friday cutover with a baseline,
`per-file-ignores: {"*": [ALL]}`, configuration waivers for a whole family,
1,000 inline waivers and a nested `.migralint.yaml` replacing the root's:
each time the output said "no problems" and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate
from helpers import run_cli as run

CUTOVER = "at: 2025-03-11T10:00:00+01:00 "
FRIDAY = mutate(EXAMPLE, CUTOVER, "at: 2025-03-14T16:30:00+01:00 ")  # TL001 error
SATURDAY = mutate(EXAMPLE, CUTOVER, "at: 2025-03-15T10:00:00+01:00 ")  # TL001 warning
SCOPE = "    scope: [opt-outs, welcome-journey, abandoned-cart, crm-sync]\n"


def repo(tmp_path: Path, plan: str, config: str | None = None) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    if config is not None:
        (tmp_path / ".migralint.yaml").write_text(config, encoding="utf-8")
    return tmp_path


def summary_line(*args: str, cwd: Path) -> tuple[int, str]:
    result = run("check", *args, cwd=cwd)
    assert result.stderr == ""
    return result.returncode, result.stdout.splitlines()[-1]


def json_summary(*args: str, cwd: Path) -> dict:
    result = run("check", "--format", "json", *args, cwd=cwd)
    return json.loads(result.stdout)["summary"]


def test_per_file_ignores_of_everything_are_counted(tmp_path: Path) -> None:
    folder = repo(tmp_path, FRIDAY, 'per-file-ignores: {"*": [ALL]}\n')
    assert summary_line("plan.yaml", cwd=folder) == (
        0,
        "no problems in 1 file (1 ignored by per-file-ignores)",
    )
    assert json_summary("plan.yaml", cwd=folder)["ignored"] == 1


def test_configuration_waiver_of_a_whole_family_is_counted(tmp_path: Path) -> None:
    config = "waivers:\n  - {rule: TL, at: timeline, reason: CAB-1234 approved}\n"
    folder = repo(tmp_path, FRIDAY, config)
    assert summary_line("plan.yaml", cwd=folder) == (0, "no problems in 1 file (1 waived)")
    summary = json_summary("plan.yaml", cwd=folder)
    assert (summary["waived"], summary["errors"]) == (1, 0)


@pytest.mark.slow
def test_thousand_inline_waivers_are_counted(tmp_path: Path) -> None:
    entries = "".join(
        f'      - unknown-{n}  # migralint: disable=SC002 reason="CAB-{n}"\n' for n in range(1000)
    )
    known = "".join(f"      - {i}\n" for i in SCOPE[len("    scope: [") : -2].split(", "))
    plan = mutate(EXAMPLE, SCOPE, "    scope:\n" + known + entries)
    folder = repo(tmp_path, plan)
    code, line = summary_line("plan.yaml", cwd=folder)
    assert (code, line) == (0, "no problems in 1 file (1,000 waived)")


def test_waived_and_ignored_are_counted_beside_findings(tmp_path: Path) -> None:
    playbook = "  playbook: https://wiki.northwind.example/martech/esp-consolidation\n"
    team = "    team: [Dana Ortiz, Malik Chen, NewCloud onboarding engineer, CRM on-call]\n"
    plan = mutate(mutate(FRIDAY, playbook, ""), team, "")  # TL001, PR008 warning, DI009 info
    config = (
        "per-file-ignores: {'plan.yaml': [DI009]}\n"
        "waivers:\n  - {rule: TL001, at: timeline.cutover, reason: CAB-1234}\n"
    )
    folder = repo(tmp_path, plan, config)
    assert summary_line("plan.yaml", cwd=folder) == (
        0,
        "1 warning in 1 file (1 file checked; 1 waived, 1 ignored by per-file-ignores)",
    )


def test_baseline_is_counted_and_shown_with_show_waived(tmp_path: Path) -> None:
    folder = repo(tmp_path, FRIDAY)
    assert run("check", "--write-baseline", "b.json", "plan.yaml", cwd=folder).returncode == 0
    assert summary_line("--baseline", "b.json", "plan.yaml", cwd=folder) == (
        0,
        "no problems in 1 file (1 in the baseline)",
    )
    shown = run("check", "--baseline", "b.json", "--show-waived", "plan.yaml", cwd=folder)
    lines = shown.stdout.splitlines()
    assert lines[0] == "in the baseline (1):"
    assert lines[1].startswith("  plan.yaml:62:9: TL001 error cutover Friday 2025-03-14 16:30")


def test_nested_configuration_is_named_in_the_summary(tmp_path: Path) -> None:
    """An empty plans/.migralint.yaml replaces the root's (its fail-on is gone):
    the summary and the JSON name the configuration that governed the plan."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".migralint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / ".migralint.yaml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "plans" / "plan.yaml").write_text(SATURDAY, encoding="utf-8")
    (tmp_path / "root.yaml").write_text(EXAMPLE, encoding="utf-8")
    code, line = summary_line("plans/plan.yaml", "root.yaml", cwd=tmp_path)
    assert (code, line) == (
        0,
        "1 warning in 1 file (2 files checked; configured by plans/.migralint.yaml)",
    )
    result = run("check", "--format", "json", "plans/plan.yaml", "root.yaml", cwd=tmp_path)
    payload = json.loads(result.stdout)
    assert payload["files"] == [
        {"path": "plans/plan.yaml", "config": "plans/.migralint.yaml"},
        {"path": "root.yaml", "config": ".migralint.yaml"},
    ]
    assert payload["summary"]["other_configs"] == ["plans/.migralint.yaml"]
    # A pinned policy (--config) governs every file, and the summary has nothing to add.
    pinned = summary_line("--config", ".migralint.yaml", "plans/plan.yaml", cwd=tmp_path)
    assert pinned == (1, "1 warning in 1 file (1 file checked)")


def test_a_clean_run_with_nothing_suppressed_says_only_no_problems(tmp_path: Path) -> None:
    folder = repo(tmp_path, EXAMPLE)
    assert summary_line("plan.yaml", cwd=folder) == (0, "no problems in 1 file")
    summary = json_summary("plan.yaml", cwd=folder)
    assert [summary[k] for k in ("waived", "baselined", "ignored", "truncated")] == [0, 0, 0, 0]


@pytest.mark.parametrize(
    ("config", "code", "line"),
    [
        (  # the outside review's option override that neuters TL001's error part
            "options:\n  TL001: {forbidden: []}\n",
            0,
            "1 warning in 1 file (1 file checked; .migralint.yaml: options of TL001)",
        ),
        ("select: [PL001]\n", 0, "no problems in 1 file (.migralint.yaml: 79 rules off)"),
        (
            "severity: {TL001: info, TL003: info}\n",
            0,
            "1 info in 1 file (1 file checked; .migralint.yaml: severity of TL001, TL003)",
        ),
        (
            "ignore: [TL]\noptions: {DA003: {regulated: []}}\n",
            0,
            "no problems in 1 file (.migralint.yaml: 17 rules off, options of DA003)",
        ),
    ],
)
def test_configuration_that_relaxes_rules_says_so(
    tmp_path: Path, config: str, code: int, line: str
) -> None:
    folder = repo(tmp_path, FRIDAY, config)
    assert summary_line("plan.yaml", cwd=folder) == (code, line)
    assert json_summary("plan.yaml", cwd=folder)["policy"] == [
        line.split("; ")[-1].split("(")[-1].rstrip(")")
    ]


def test_command_line_selection_is_the_jobs_own_and_not_noted(tmp_path: Path) -> None:
    folder = repo(tmp_path, FRIDAY)
    assert summary_line("--select", "TL001", "plan.yaml", cwd=folder) == (
        1,
        "1 error in 1 file (1 file checked)",
    )
