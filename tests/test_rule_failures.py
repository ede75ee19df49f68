"""A check that raises on a plan (a bug) becomes a PL011 finding of its own:
every other rule's findings are still reported in every format, nothing in
the configuration can hide it, and the run exits 3."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import EXAMPLE, lint, mutate
from migralint import rules
from migralint.checks import REGISTRY
from migralint.engine import Engine

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
TL001_AT = (62, 9)

# Runs migralint with the `holiday` check (TL003) replaced by one that raises,
# as a bug at the end of the calendar did.
BROKEN_CHECK = """\
import sys
from dataclasses import replace
from migralint.checks import REGISTRY

def broken(ctx, **arguments):
    raise OverflowError("date value out of range")
    yield

REGISTRY["holiday"] = replace(REGISTRY["holiday"], function=broken)
from migralint.cli import main
sys.argv[0] = "migralint"
main()
"""
MESSAGE = (
    "rule TL003 (holiday) could not check the plan: OverflowError: date value out of range; "
    "this is a bug in migralint, please report it"
)


def run_broken(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (folder / "plan.yaml").write_text(FRIDAY, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-c", BROKEN_CHECK, "check", "-j", "1", *args, "plan.yaml"],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
    )


def _text(out: str) -> list[tuple[str, int, int]]:
    found = []
    for line in out.splitlines():
        parts = line.split(": ", 1)[0].split(":")
        if len(parts) == 3 and line.split(" ")[1][:2].isalpha():
            found.append((line.split(" ")[1], int(parts[1]), int(parts[2])))
    return found


def _json(out: str) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in json.loads(out)["findings"]]


def _sarif(out: str) -> list[tuple[str, int, int]]:
    (run,) = json.loads(out)["runs"]
    found = []
    for result in run["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        found.append((result["ruleId"], region["startLine"], region["startColumn"]))
    assert "PL011" in {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    return found


def _github(out: str) -> list[tuple[str, int, int]]:
    found = []
    for line in out.splitlines():
        if line.startswith("::error "):
            fields = dict(p.split("=", 1) for p in line[8:].split("::")[0].split(","))
            found.append((fields["title"].split(" ")[0], int(fields["line"]), int(fields["col"])))
    return found


def _junit(out: str) -> list[tuple[str, int, int]]:
    root = ET.fromstring(out)
    failures = [f for f in root.iter("failure")]
    assert sum(int(s.get("failures", "0")) for s in root.iter("testsuite")) == len(failures)
    found = []
    for failure in failures:
        text = f"{failure.get('message', '')} {failure.text or ''}"
        for code, line, column in (("PL011", 1, 1), ("TL001", *TL001_AT)):
            if code in text and f":{line}:{column}" in text:
                found.append((code, line, column))
    return found


def _gitlab(out: str) -> list[tuple[str, int, int]]:
    found = []
    for issue in json.loads(out):
        # Code Quality reports carry lines only: the column is not compared.
        line = issue["location"]["lines"]["begin"]
        code = issue["check_name"].split(" ")[0]
        found.append((code, line, {"PL011": 1, "TL001": TL001_AT[1]}.get(code, 0)))
    return found


FORMATS = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
    "junit": _junit,
    "gitlab": _gitlab,
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_failing_rule_keeps_other_findings_in_every_format(tmp_path: Path, fmt: str) -> None:
    result = run_broken(tmp_path, "--format", fmt)
    assert result.returncode == 3, result.stderr
    found = FORMATS[fmt](result.stdout)
    assert ("PL011", 1, 1) in found, result.stdout
    assert ("TL001", *TL001_AT) in found, result.stdout
    assert "Traceback" not in result.stderr
    assert f"migralint: internal error: plan.yaml: {MESSAGE}" in result.stderr
    if fmt in ("json", "sarif", "gitlab", "github"):
        assert MESSAGE in result.stdout


def test_failing_rule_summary_never_says_no_problems(tmp_path: Path) -> None:
    result = run_broken(tmp_path)
    assert result.returncode == 3
    assert f"plan.yaml:1:1: PL011 error {MESSAGE} [rule-failed]" in result.stdout
    assert "no problems" not in result.stdout
    assert "2 errors in 1 file" in result.stdout


SUPPRESSIONS = {
    "ignore": ("ignore: [PL011, PL]\n", ()),
    "select": ("select: [TL]\n", ()),
    "severity": ("severity: {PL011: info}\n", ()),
    "per-file-ignores": ('per-file-ignores: {"*": [ALL]}\n', ()),
    "waiver": (
        "waivers:\n  - {rule: PL011, at: migralint, reason: CAB-1, approver: J. Doe}\n",
        (),
    ),
    "command-line": ("", ("--ignore", "PL011", "--select", "TL003,PL011")),
}


@pytest.mark.parametrize("how", sorted(SUPPRESSIONS))
def test_failing_rule_cannot_be_suppressed(tmp_path: Path, how: str) -> None:
    config, args = SUPPRESSIONS[how]
    (tmp_path / ".migralint.yaml").write_text(config, encoding="utf-8")
    result = run_broken(tmp_path, "--format", "json", *args)
    assert result.returncode == 3, result.stderr
    failed = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "PL011"]
    assert [(f["line"], f["column"], f["severity"], f["message"]) for f in failed] == [
        (1, 1, "error", MESSAGE)
    ]


def test_failing_rule_survives_an_inline_waiver_and_a_baseline(tmp_path: Path) -> None:
    waived = FRIDAY.replace(
        "migralint: 1\n", 'migralint: 1  # migralint: disable=PL011 reason="x"\n'
    )
    (tmp_path / "plan.yaml").write_text(waived)
    baseline = tmp_path / "baseline.json"
    wrote = run_broken(tmp_path, "--write-baseline", str(baseline))
    assert wrote.returncode == 3
    assert "PL011" not in baseline.read_text()  # a failure is never written to a baseline
    result = run_broken(tmp_path, "--format", "json", "--baseline", str(baseline))
    assert result.returncode == 3
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["PL011"]


def test_failing_rule_finding_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine keeps going after a failing rule, and the rule's message is
    the one its documentation shows."""
    from dataclasses import replace

    def broken(ctx: object, **arguments: object) -> object:
        raise OverflowError("date value out of range")

    monkeypatch.setitem(REGISTRY, "holiday", replace(REGISTRY["holiday"], function=broken))
    found = lint(FRIDAY, eng=Engine(list(rules.bundled_rules())))
    assert [(f.code, f.line, f.column, f.severity) for f in found if f.code == "PL011"] == [
        ("PL011", 1, 1, "error")
    ]
    assert [f.message for f in found if f.code == "PL011"] == [MESSAGE]
    assert ("TL001", *TL001_AT) in [(f.code, f.line, f.column) for f in found]
    (documented,) = [r for r in rules.bundled_rules() if r.code == "PL011"]
    shown = " ".join(line.lstrip("# ") for line in documented.examples["fail"].splitlines())
    assert "rule TL003 (holiday) could not check the plan: OverflowError:" in shown
    assert "this is a bug in migralint, please report it" in shown


def test_waiver_of_a_failed_rule_is_not_called_unused(tmp_path: Path) -> None:
    """The rule did not run to the end: removing its waiver might break the
    gate once the bug is fixed."""
    waiving = FRIDAY.replace(
        "migralint: 1\n", 'migralint: 1  # migralint: disable=TL003 reason="CAB-7 holiday"\n'
    )
    (tmp_path / "plan.yaml").write_text(waiving)
    result = subprocess.run(
        [sys.executable, "-c", BROKEN_CHECK, "check", "-j", "1", "--format", "json", "plan.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert "PL011" in codes and "PL010" not in codes
    # The same waiver on a plan where TL003 runs and finds nothing is unused.
    control = subprocess.run(
        [sys.executable, "-m", "migralint", "check", "--format", "json", "plan.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert "PL010" in [f["code"] for f in json.loads(control.stdout)["findings"]]
