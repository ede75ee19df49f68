"""Configuration overrides by plan content, severity overrides per part,
and `check --trace`."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EXAMPLE, line_of, mutate, run_cli

SMALL = mutate(EXAMPLE, "  size: enterprise ", "  size: mid-market ")
SATURDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00", "at: 2025-03-15T10:00:00+01:00")
FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00", "at: 2025-03-14T16:30:00+01:00")
CUTOVER = line_of(EXAMPLE, "at: 2025-03-11T10:00:00+01:00")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def lint(repo: Path, config: str, *args: str, **plans: str) -> tuple[int, list[str], str]:
    (repo / ".migralint.yaml").write_text(config)
    names = {f"{n}.yaml" for n in plans}
    for name, text in plans.items():
        (repo / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = run_cli("check", *args, *(f"{n}.yaml" for n in plans), cwd=repo)
    found = [line for line in result.stdout.splitlines() if line.split(":")[0] in names]
    return result.returncode, found, result.stderr


OVERRIDE = """\
overrides:
  - when: {plan.size: {equals: enterprise}}
    options: {PR002: {min: P28D}}
"""


def test_an_override_applies_only_to_the_plans_it_matches(repo: Path) -> None:
    code, found, err = lint(repo, OVERRIDE, "--select", "PR002", big=EXAMPLE, small=SMALL)
    assert code == 0, err  # PR002 is a warning
    line = line_of(EXAMPLE, "id: parallel-run")
    assert found == [
        f"big.yaml:{line}:7: PR002 warning the parallel run lasts 3 weeks and 1 day (Monday 2025-02-17 "
        "to Monday 2025-03-10), less than 4 weeks; let the weekly and monthly processes run "
        "at least once on both platforms [parallel-run-too-short]"
    ]


def test_later_overrides_win_and_may_set_severity(repo: Path) -> None:
    config = OVERRIDE + (
        "  - when: {plan.industry: {equals: retail}}\n"
        "    options: {PR002: {min: P21D}}\n"
        "    severity: {PR002: error}\n"
    )
    code, found, _ = lint(repo, config, "--select", "PR002", big=EXAMPLE)
    assert code == 0 and found == []  # 22 days is at least 21
    config = config.replace("P21D", "P30D")
    code, found, _ = lint(repo, config, "--select", "PR002", big=EXAMPLE)
    assert code == 1
    assert [f.split(" ")[1:3] for f in found] == [["PR002", "error"]]


@pytest.mark.parametrize(
    ("severity", "saturday", "friday"),
    [
        ("{TL001: {error: warning, warning: info}}", "info", "warning"),
        ("{TL001: info}", "info", "info"),
        ("{TL001: {warning: error}}", "error", "error"),
    ],
)
def test_severity_per_part_keeps_the_parts_distinct(
    repo: Path, severity: str, saturday: str, friday: str
) -> None:
    _, found, _ = lint(
        repo, f"severity: {severity}\n", "--select", "TL001", sat=SATURDAY, fri=FRIDAY
    )
    assert [(f.split(":")[0], f.split(" ")[2]) for f in found] == [
        ("fri.yaml", friday),
        ("sat.yaml", saturday),
    ]


@pytest.mark.parametrize(
    ("config", "said"),
    [
        (
            "overrides:\n  - when: {plan.sise: {equals: enterprise}}\n    options: {PR002: {min: P28D}}\n",
            ".migralint.yaml:2:5: overrides[0].when: `plan.sise`: no field `sise` under `plan`; "
            "did you mean `size`?",
        ),
        (
            "overrides:\n  - when: {plan.size: {equals: enterprise}}\n    options: {PR02: {min: P28D}}\n",
            "overrides[0].options: no rule `PR02`; did you mean `PR002`?",
        ),
        (
            "overrides:\n  - when: {plan.size: {equals: enterprise}}\n    options: {PR002: {mni: P28D}}\n",
            "rule PR002 has no option `mni`; did you mean `min`?",
        ),
        (
            "overrides:\n  - when: {plan.size: {equals: enterprise}}\n",
            ".migralint.yaml:2:5:",
        ),
        ("severity: {TL001: {error: fatal}}\n", ".migralint.yaml:1:"),
    ],
)
def test_a_bad_override_is_exit_2_with_its_position(repo: Path, config: str, said: str) -> None:
    code, _, err = lint(repo, config, big=EXAMPLE)
    assert code == 2, err
    assert said in err
    assert err.startswith("migralint: error: .migralint.yaml:") and "Traceback" not in err


def test_trace_shows_when_parts_and_findings(repo: Path) -> None:
    code, found, err = lint(repo, "", "--trace", "TL001,PR002", fri=FRIDAY, small=SMALL)
    assert code == 1
    assert f"fri.yaml:{CUTOVER}:9: TL001 error" in "\n".join(found)
    lines = [line for line in err.splitlines() if line.startswith("trace TL001 fri.yaml")]
    assert lines[0] == "trace TL001 fri.yaml: no `when`: runs"
    assert f"part 1 (time-window): walked -, matched 1: {CUTOVER}:9 error" in lines[1]
    assert any(
        line.startswith("trace PR002 small.yaml: part 1 (span-bounds): walked 1")
        for line in err.splitlines()
    )
    # Only the traced rules are traced, and stdout carries findings only.
    assert not any(line.startswith("trace") for line in found)
    assert {line.split(" ")[1] for line in err.splitlines() if line.startswith("trace")} == {
        "TL001",
        "PR002",
    }


def test_trace_of_a_rule_whose_when_fails(repo: Path) -> None:
    plan = mutate(EXAMPLE, "  target:\n", "  x-target:\n")
    _, _, err = lint(repo, "", "--select", "PR", "--trace", "PR005", p=plan)
    assert "trace PR005 p.yaml: the rule's `when` does not hold: not run" in err


def test_trace_of_an_unknown_rule_is_a_usage_error(repo: Path) -> None:
    code, _, err = lint(repo, "", "--trace", "TL01", p=EXAMPLE)
    assert code == 2
    assert "--trace: no rule `TL01`; did you mean `TL0" in err
