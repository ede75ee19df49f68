"""English is the source language: every output people or programs read in
English is byte for byte what it was before migralint spoke other
languages. The golden files were made by the release before (see
tests/golden/README.md for how to remake them after a deliberate change)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "english"
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


def _stable(text: str) -> str:
    """What differs from one machine or minute to the next: JUnit's
    timestamp and host, SARIF's checkout folder."""
    text = re.sub(r'timestamp="[^"]*" hostname="[^"]*"', 'timestamp="T" hostname="H"', text)
    return re.sub(r'"uri": "file://[^"]*/"', '"uri": "file:///ROOT/"', text)


@pytest.mark.parametrize("output_format", FORMATS)
def test_check_in_english_is_unchanged(output_format: str) -> None:
    result = run_cli(
        "check",
        "--format",
        output_format,
        "--show-waived",
        "--statistics",
        "examples/findings",
        cwd=ROOT,
    )
    assert result.returncode == 1
    expected = (GOLDEN / f"check.{output_format}").read_text(encoding="utf-8")
    assert _stable(result.stdout + result.stderr) == _stable(expected)


def test_explicit_english_is_the_same_as_no_language() -> None:
    result = run_cli("check", "--lang", "en", "examples/findings", cwd=ROOT)
    expected = (GOLDEN / "check.text").read_text(encoding="utf-8")
    # (the golden run also had --show-waived and --statistics)
    assert result.stdout.splitlines()[0] == expected.splitlines()[0]
    assert result.stdout.splitlines()[-1] == expected.splitlines()[-1]


def test_rules_and_explain_in_english_are_unchanged() -> None:
    listed = run_cli("rules", cwd=ROOT)
    assert listed.stdout == (GOLDEN / "rules.txt").read_text(encoding="utf-8")
    codes = [
        line.split()[0] for line in listed.stdout.splitlines() if re.match(r"[A-Z]{2}\d{3} ", line)
    ]
    explained = "".join(run_cli("explain", code, cwd=ROOT).stdout for code in codes)
    assert explained == (GOLDEN / "explain.txt").read_text(encoding="utf-8")
