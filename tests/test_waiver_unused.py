"""A waiver is called unused (PL010) only when every rule it names ran on
the file and none of their findings matched it: a waiver of a rule that did
not run (not selected, ignored for the file, or stopped) may be needed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers import EXAMPLE, line_of, mutate
from helpers import run_cli as run

CUTOVER = "    at: 2025-03-11T10:00:00+01:00      # Tuesday morning, Berlin time\n"
FRIDAY_LINE = "    at: 2025-03-14T16:30:00+01:00\n"
WAIVER = '    # migralint: disable={rules} reason="CAB-1234 approved Friday window"\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def check(repo: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    (repo / "plan.yaml").write_text(text)
    return run("check", "plan.yaml", "--format", "json", *args, cwd=repo)


def found(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str, int, int]]:
    return [
        (f["path"], f["code"], f["line"], f["column"])
        for f in json.loads(result.stdout)["findings"]
    ]


FRIDAY_WAIVED = mutate(EXAMPLE, CUTOVER, WAIVER.format(rules="TL001") + FRIDAY_LINE)


@pytest.mark.parametrize(
    "args",
    [("--ignore", "TL001"), ("--select", "PL010"), ("--select", "PL"), ("--ignore", "TL")],
)
def test_waiver_of_a_rule_that_did_not_run_is_not_unused(repo: Path, args: tuple) -> None:
    result = check(repo, FRIDAY_WAIVED, *args)
    assert (result.returncode, found(result)) == (0, [])


def test_waiver_of_a_rule_ignored_for_the_file_is_not_unused(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text("per-file-ignores:\n  'plan.yaml': [TL001]\n")
    result = check(repo, FRIDAY_WAIVED)
    assert (result.returncode, found(result)) == (0, [])


def test_configuration_waiver_of_an_unselected_rule_is_not_unused(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text(
        "waivers:\n  - {rule: TL001, at: timeline.cutover.at, reason: CAB-1234}\n"
    )
    result = check(repo, mutate(EXAMPLE, CUTOVER, FRIDAY_LINE), "--ignore", "TL001")
    assert (result.returncode, found(result)) == (0, [])
    # ...and once TL001 runs again, the same waiver still holds the gate.
    result = check(repo, mutate(EXAMPLE, CUTOVER, FRIDAY_LINE))
    assert (result.returncode, found(result)) == (0, [])


def test_family_waiver_is_unused_only_if_every_rule_of_it_ran(repo: Path) -> None:
    tuesday = mutate(EXAMPLE, CUTOVER, WAIVER.format(rules="TL") + CUTOVER)
    line = line_of(tuesday, "disable=TL ")
    result = check(repo, tuesday, "--ignore", "TL005")
    assert (result.returncode, found(result)) == (0, [])
    result = check(repo, tuesday)
    assert found(result) == [("plan.yaml", "PL010", line, 5)]


def test_waiver_after_a_gate_that_fired_is_not_unused(repo: Path) -> None:
    # PL003 (an unsupported format version) stops every other rule.
    text = FRIDAY_WAIVED.replace("migralint: 1", "migralint: 2", 1)
    result = check(repo, text)
    assert [code for _, code, _, _ in found(result)] == ["PL003"]


def test_waiver_in_a_plan_that_does_not_parse_is_not_unused(repo: Path) -> None:
    text = FRIDAY_WAIVED + "broken: [\n"
    result = check(repo, text)
    assert [code for _, code, _, _ in found(result)] == ["PL001"]


def test_waiver_that_waives_nothing_with_every_rule_run_is_still_pl010(repo: Path) -> None:
    tuesday = mutate(EXAMPLE, CUTOVER, WAIVER.format(rules="TL001") + CUTOVER)
    result = check(repo, tuesday, "--select", "TL001,PL010")
    assert found(result) == [("plan.yaml", "PL010", line_of(tuesday, "disable=TL001"), 5)]
    message = json.loads(result.stdout)["findings"][0]["message"]
    assert message == (
        "waiver of TL001 waives nothing here; remove it (reason: CAB-1234 approved Friday window)"
    )


def test_per_file_ignores_hide_waiver_findings_too(repo: Path) -> None:
    (repo / ".migralint.yaml").write_text("per-file-ignores:\n  '*.yaml': [PL010]\n")
    tuesday = mutate(EXAMPLE, CUTOVER, WAIVER.format(rules="TL001") + CUTOVER)
    result = check(repo, tuesday)
    assert (result.returncode, found(result)) == (0, [])
