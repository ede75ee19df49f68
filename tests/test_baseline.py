"""Baselines record today's findings by content, not by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate
from helpers import run_cli as run

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
DEFECTS = mutate(FRIDAY, "  owner: Dana Ortiz (Marketing Operations)\n", "")  # + GV003


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plan.yaml").write_text(DEFECTS)
    result = run("check", "plan.yaml", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "wrote 2 finding(s) to the baseline baseline.json\n"
    return tmp_path


def test_baseline_file_is_keyed_by_content(repo: Path) -> None:
    payload = json.loads((repo / "baseline.json").read_text())
    assert payload["migralint-baseline"] == 1
    assert [(f["path"], f["code"], f["pointer"]) for f in payload["findings"]] == [
        ("plan.yaml", "GV003", "plan.owner"),
        ("plan.yaml", "TL001", "timeline.cutover.at"),
    ]
    assert all("line" not in f for f in payload["findings"])


def test_known_findings_are_not_reported(repo: Path) -> None:
    result = run("check", "plan.yaml", "--baseline", "baseline.json", cwd=repo)
    assert result.returncode == 0
    assert result.stdout == "no problems in 1 file\n"


def test_inserting_ten_lines_at_the_top_reports_nothing_new(repo: Path) -> None:
    (repo / "plan.yaml").write_text("# note\n" * 10 + DEFECTS)
    result = run("check", "plan.yaml", "--baseline", "baseline.json", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "no problems in 1 file\n"


def test_a_new_defect_is_reported_alone(repo: Path) -> None:
    text = "# note\n" * 10 + mutate(
        DEFECTS, "      fallback: legacymail", "      fallback: legacy-mail"
    )
    (repo / "plan.yaml").write_text(text)
    result = run("check", "plan.yaml", "--baseline", "baseline.json", "--format", "json", cwd=repo)
    assert result.returncode == 1
    found = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("SC002", 74, 17)]


def test_never_overwrites_without_force(repo: Path) -> None:
    before = (repo / "baseline.json").read_text()
    (repo / "plan.yaml").write_text(EXAMPLE)
    result = run("check", "plan.yaml", "--write-baseline", "baseline.json", cwd=repo)
    assert result.returncode == 2
    assert result.stderr == (
        "migralint: error: baseline.json exists; not overwriting the baseline "
        "(use --force to replace it)\n"
    )
    assert (repo / "baseline.json").read_text() == before
    result = run("check", "plan.yaml", "--write-baseline", "baseline.json", "--force", cwd=repo)
    assert result.returncode == 0
    assert json.loads((repo / "baseline.json").read_text())["findings"] == []
    assert [p.name for p in repo.iterdir() if p.name.startswith(".baseline")] == []


def test_a_broken_baseline_is_a_usage_error(repo: Path) -> None:
    (repo / "baseline.json").write_text("{not json")
    result = run("check", "plan.yaml", "--baseline", "baseline.json", cwd=repo)
    assert result.returncode == 2
    assert result.stderr == (
        "migralint: error: baseline.json:1:2: not a migralint baseline "
        "(invalid JSON: Expecting property name enclosed in double quotes)\n"
    )
