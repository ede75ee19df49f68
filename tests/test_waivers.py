"""Waivers: inline and in configuration, with reasons, approvers and expiry."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers import EXAMPLE, line_of, mutate
from helpers import run_cli as run

CUTOVER = "    at: 2025-03-11T10:00:00+01:00      # Tuesday morning, Berlin time\n"
FRIDAY_LINE = "    at: 2025-03-14T16:30:00+01:00\n"
VALID = '    # migralint: disable=TL001 reason="CAB-1234 approved Friday window" approver="J. Doe" expires=2099-04-01\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def plan(repo: Path, text: str) -> Path:
    path = repo / "plan.yaml"
    path.write_text(text)
    return path


def findings(result: subprocess.CompletedProcess[str]) -> list[tuple[str, int, int, str]]:
    payload = json.loads(result.stdout)
    return [(f["code"], f["line"], f["column"], f["severity"]) for f in payload["findings"]]


def test_valid_waiver_on_the_line_above(repo: Path) -> None:
    plan(repo, mutate(EXAMPLE, CUTOVER, VALID + FRIDAY_LINE))
    result = run("check", "plan.yaml", "--format", "json", "--show-waived", cwd=repo)
    assert result.returncode == 0
    payload = json.loads(result.stdout)
    assert payload["findings"] == []
    (waived,) = payload["waived"]
    assert (waived["code"], waived["line"], waived["column"]) == ("TL001", 63, 9)
    assert waived["reason"] == "CAB-1234 approved Friday window"
    assert waived["approver"] == "J. Doe"
    assert waived["expires"] == "2099-04-01"
    assert waived["waiver"] == "plan.yaml:62"


def test_show_waived_in_text_for_auditors(repo: Path) -> None:
    plan(repo, mutate(EXAMPLE, CUTOVER, VALID + FRIDAY_LINE))
    result = run("check", "plan.yaml", "--show-waived", cwd=repo)
    assert "waived (1):" in result.stdout
    assert (
        "reason: CAB-1234 approved Friday window; approver: J. Doe; expires: 2099-04-01 (plan.yaml:62)"
        in result.stdout
    )


def test_trailing_waiver_on_the_same_line(repo: Path) -> None:
    line = '    at: 2025-03-14T16:30:00+01:00  # migralint: disable=friday-afternoon-cutover reason="CAB-9"\n'
    plan(repo, mutate(EXAMPLE, CUTOVER, line))
    assert run("check", "plan.yaml", cwd=repo).returncode == 0


def test_a_waiver_covers_only_its_rule(repo: Path) -> None:
    waiver = '    # migralint: disable=TL003 reason="holiday accepted"\n'
    plan(repo, mutate(EXAMPLE, CUTOVER, waiver + FRIDAY_LINE))
    result = run("check", "plan.yaml", "--format", "json", cwd=repo)
    assert ("TL001", 63, 9, "error") in findings(result)
    assert ("PL010", 62, 5, "info") in findings(result)


def test_waiver_without_reason_is_a_finding_and_waives_nothing(repo: Path) -> None:
    plan(
        repo,
        mutate(EXAMPLE, CUTOVER, "    # migralint: disable=TL001 approver=J.Doe\n" + FRIDAY_LINE),
    )
    result = run("check", "plan.yaml", "--format", "json", cwd=repo)
    assert result.returncode == 1
    assert findings(result) == [("PL009", 62, 5, "error"), ("TL001", 63, 9, "error")]
    message = json.loads(result.stdout)["findings"][0]["message"]
    assert message == 'waiver of TL001 has no reason; add reason="..." so auditors know why'


def test_expired_waiver_stops_waiving_and_says_so(repo: Path) -> None:
    expired = VALID.replace("2099-04-01", "2025-04-01")
    plan(repo, mutate(EXAMPLE, CUTOVER, expired + FRIDAY_LINE))
    result = run("check", "plan.yaml", cwd=repo)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(
        "plan.yaml:63:9: TL001 error cutover Friday 2025-03-14 16:30"
    )
    assert "(waiver by J. Doe expired on 2025-04-01; renew it or fix the plan)" in result.stdout


def test_unused_waiver_is_reported_as_info(repo: Path) -> None:
    plan(repo, mutate(EXAMPLE, CUTOVER, VALID + CUTOVER))
    result = run("check", "plan.yaml", "--format", "json", cwd=repo)
    assert result.returncode == 0  # info is below the default fail level
    assert findings(result) == [("PL010", 62, 5, "info")]


def test_bad_expiry_date(repo: Path) -> None:
    plan(repo, mutate(EXAMPLE, CUTOVER, VALID.replace("2099-04-01", "2099-13-01") + FRIDAY_LINE))
    result = run("check", "plan.yaml", "--format", "json", cwd=repo)
    assert findings(result) == [("PL009", 62, 5, "error"), ("TL001", 63, 9, "error")]


CONFIG_WAIVER = """\
waivers:
  - rule: TL001
    at: timeline.cutover.at
    reason: CAB-1234 approved Friday window
    approver: J. Doe
    expires: 2099-04-01
"""


def test_config_waiver_survives_inserting_lines_above(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text(CONFIG_WAIVER)
    friday = mutate(EXAMPLE, CUTOVER, FRIDAY_LINE)
    plan(repo, friday)
    assert run("check", "plan.yaml", cwd=repo).returncode == 0
    moved = "# notes\n" * 10 + friday
    plan(repo, moved)
    result = run("check", "plan.yaml", "--show-waived", "--format", "json", cwd=repo)
    assert result.returncode == 0
    (waived,) = json.loads(result.stdout)["waived"]
    assert waived["line"] == line_of(moved, "at: 2025-03-14T16:30") == 72
    assert waived["waiver"] == ".migralint.yaml:2"


def test_config_waiver_unused_is_reported_at_the_config(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text(CONFIG_WAIVER)
    plan(repo, EXAMPLE)
    result = run("check", "plan.yaml", "--format", "json", cwd=repo)
    payload = json.loads(result.stdout)
    assert [(f["path"], f["code"], f["line"], f["column"]) for f in payload["findings"]] == [
        (".migralint.yaml", "PL010", 2, 5)
    ]


def test_config_waiver_limited_to_a_file_glob(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text(CONFIG_WAIVER + "    file: other-*.yaml\n")
    plan(repo, mutate(EXAMPLE, CUTOVER, FRIDAY_LINE))
    result = run("check", "plan.yaml", "--format", "json", cwd=repo)
    assert ("TL001", 62, 9, "error") in findings(result)
