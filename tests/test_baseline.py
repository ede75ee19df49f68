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
    assert result.stdout == "no problems in 1 file (2 in the baseline)\n"


def test_inserting_ten_lines_at_the_top_reports_nothing_new(repo: Path) -> None:
    (repo / "plan.yaml").write_text("# note\n" * 10 + DEFECTS)
    result = run("check", "plan.yaml", "--baseline", "baseline.json", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "no problems in 1 file (2 in the baseline)\n"


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


# A baseline from the pull request is input like any other --------------------

ENTRY = '{"path": "plan.yaml", "code": "TL001", "pointer": "timeline.cutover.at", "hash": "0123456789abcdef"'


def baseline_with(entry: str) -> str:
    return '{"migralint-baseline": 1, "findings": [' + entry + "]}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            baseline_with(ENTRY + ', "count": Infinity}'),
            "baseline.json: not a migralint baseline (invalid JSON: `Infinity` is not a number JSON allows)",
        ),
        (
            baseline_with(ENTRY + ', "count": -Infinity}'),
            "baseline.json: not a migralint baseline (invalid JSON: `-Infinity` is not a number JSON allows)",
        ),
        (
            baseline_with(ENTRY + ', "count": NaN}'),
            "baseline.json: not a migralint baseline (invalid JSON: `NaN` is not a number JSON allows)",
        ),
        (
            baseline_with(ENTRY + ', "count": 1e400}'),
            "baseline.json: findings[0].count: a whole number from 1 to 1,000,000 expected, got a number out of range",
        ),
        (
            baseline_with(ENTRY + ', "count": 1.5}'),
            "baseline.json: findings[0].count: a whole number from 1 to 1,000,000 expected, got 1.5",
        ),
        (
            baseline_with(ENTRY + ', "count": 0}'),
            "baseline.json: findings[0].count: a whole number from 1 to 1,000,000 expected, got 0",
        ),
        (
            baseline_with(ENTRY + ', "count": true}'),
            "baseline.json: findings[0].count: a whole number from 1 to 1,000,000 expected, got true",
        ),
        (
            baseline_with(ENTRY + ', "count": "2"}'),
            "baseline.json: findings[0].count: a whole number from 1 to 1,000,000 expected, got the string '2'",
        ),
        (
            baseline_with(ENTRY + ', "count": 10000000}'),
            "baseline.json: findings[0].count: a whole number from 1 to 1,000,000 expected, got 10000000",
        ),
        (
            baseline_with(ENTRY + ', "count": 1' + "0" * 5000 + "}"),
            "baseline.json: not a migralint baseline (invalid JSON: Exceeds the limit (4300 digits)",
        ),
        (
            baseline_with(ENTRY.replace('"0123456789abcdef"', '"x' + "A" * 500 + '"') + "}"),
            "baseline.json: findings[0].hash: 16 hexadecimal digits expected, got x"
            + "A" * 59
            + "…",
        ),
        (
            baseline_with(ENTRY.replace('"plan.yaml"', '"plan\\u0000.yaml"') + "}"),
            "baseline.json: findings[0].path: not a valid path (plan\\x00.yaml)",
        ),
        (
            baseline_with(ENTRY.replace('"plan.yaml"', "[]") + "}"),
            "baseline.json: findings[0].path: a string expected, got a list",
        ),
        (baseline_with("5"), "baseline.json: findings[0]: an object expected, got int"),
        (
            '{"migralint-baseline": 1, "findings": {}}',
            "baseline.json: findings: a list of findings expected",
        ),
        ('{"migralint-baseline": 1}', "baseline.json: findings: a list of findings expected"),
        (
            "[1, 2",
            "baseline.json:1:6: not a migralint baseline (invalid JSON: Expecting ',' delimiter)",
        ),
        (
            "[" * 100_000 + "]" * 100_000,
            "baseline.json: not a migralint baseline (nested too deeply to be one)",
        ),
        (
            '{"a": ' * 100_000 + "1" + "}" * 100_000,
            "baseline.json: not a migralint baseline (nested too deeply to be one)",
        ),
        (
            '{"migralint-baseline": 1, "findings": [' + "[" * 100_000 + "]" * 100_000 + "]}",
            "baseline.json: not a migralint baseline (nested too deeply to be one)",
        ),
    ],
)
def test_malformed_baseline_exits_2_naming_the_problem(
    repo: Path, content: str, message: str
) -> None:
    (repo / "baseline.json").write_text(content)
    result = run("check", "plan.yaml", "--baseline", "baseline.json", cwd=repo)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"migralint: error: {message}"), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert len(result.stderr) < 300


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("/dev/zero", "cannot read the baseline: it is a character device, not a regular file"),
        ("/dev/urandom", "cannot read the baseline: it is a character device, not a regular file"),
        ("fifo", "cannot read the baseline: it is a FIFO (named pipe), not a regular file"),
        ("folder", "cannot read the baseline: it is a directory, not a regular file"),
        ("huge", "the baseline is larger than 32 MB; baselines are limited to 32 MB"),
    ],
)
def test_baseline_that_is_a_device_fifo_or_huge_file_exits_2(
    repo: Path, kind: str, problem: str
) -> None:
    import os

    if kind == "fifo":
        os.mkfifo(repo / kind)
    elif kind == "folder":
        (repo / kind).mkdir()
    elif kind == "huge":
        with open(repo / kind, "wb") as handle:
            handle.truncate(32 * 1024 * 1024 + 1)
    result = run("check", "plan.yaml", "--baseline", kind, cwd=repo, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"migralint: error: {kind}: {problem}\n"


def test_baseline_holds_a_bounded_number_of_entries(repo: Path) -> None:
    from migralint import baseline

    entry = '{"path":"p","code":"A","pointer":"","hash":"0123456789abcdef"}'
    count = baseline.MAX_ENTRIES + 1
    (repo / "baseline.json").write_text(baseline_with(",".join([entry] * count)))
    result = run("check", "plan.yaml", "--baseline", "baseline.json", cwd=repo)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"migralint: error: baseline.json: findings: {count} entries; "
        "a baseline holds at most 500,000\n"
    )


def test_a_counted_baseline_entry_still_works(repo: Path) -> None:
    payload = json.loads((repo / "baseline.json").read_text())
    assert all(type(r["count"]) is int for r in payload["findings"])
    assert run("check", "plan.yaml", "--baseline", "baseline.json", cwd=repo).returncode == 0
