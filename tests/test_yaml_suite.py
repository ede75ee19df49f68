"""The official YAML test suite (402 cases, 94 of them invalid YAML) through
migralint: never a traceback, every file reported, invalid YAML reported as
such, and every position inside the file it names."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from helpers import SHARED, shared_dir
from migralint.discovery import Target
from migralint.runner import Job, lint_target

CORPUS = ("corpora", "yaml-test-suite")
_CORPUS_PATH = SHARED.joinpath(*CORPUS)
CASES = (
    sorted(p.name for p in _CORPUS_PATH.iterdir() if (p / "in.yaml").is_file())
    if _CORPUS_PATH.is_dir()
    else []
)

# What tells a file is not valid YAML: a syntax error, a limit, or a second
# document (the read stops at the second `---`, before any later error).
INVALID_YAML_CODES = {"PL001", "PL006", "PL007"}

# Invalid cases that libyaml, the C parser PyYAML binds and migralint reads
# with, accepts: it is more lenient than the YAML 1.2 spec on comments without
# a space before `#`, on indentation inside flow collections and quoted
# scalars, and on `-` as a plain scalar in a flow sequence. migralint has no
# grammar of its own, so these files read as data (and get PL003: not a plan).
# The list is exact: a libyaml upgrade that rejects one of them makes the test
# fail, so the list can shrink.
LIBYAML_ACCEPTS = {
    "9C9N",  # flow sequence lines not indented under their block key
    "9JBA",  # `]#invalid`: comment without a space after a flow sequence
    "CVW2",  # `,#invalid`: comment without a space inside a flow sequence
    "DK95-01",  # a TAB as indentation of a double-quoted scalar's continuation line
    "G5U8",  # `- [-, -]`: `-` as a plain scalar in a flow sequence
    "MUS6-00",  # `%YAML 1.1#...`: comment without a space after a directive
    "QB6E",  # multi-line double-quoted value not indented under its key
    "S98Z",  # block scalar whose leading empty line is more indented than its content
    "SU5Z",  # `"value"# invalid comment`: no space before `#`
    "X4QW",  # `># comment`: no space between a block scalar indicator and `#`
    "Y79Y-003",  # a TAB as indentation inside a flow sequence
    "YJV2",  # `[-]`: `-` as a plain scalar in a flow sequence
}

# libyaml's line breaks (YAML 1.1): CR, LF, CRLF, NEL, LS, PS.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def file_lines(content: bytes) -> list[str]:
    text = content.decode("utf-8", errors="replace")
    lines = _BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def position_problems(findings: list, content: bytes) -> list[str]:
    """Findings whose line/column lie outside the file (a column may point
    just past a line's last character, where a missing token was expected)."""
    lines = file_lines(content)
    bad = []
    for f in findings:
        if not 1 <= f.line <= len(lines) + 1 or f.column < 1:
            bad.append(f"{f.code} at {f.line}:{f.column} ({len(lines)} lines)")
        elif f.column > (len(lines[f.line - 1]) if f.line <= len(lines) else 0) + 1:
            bad.append(f"{f.code} at {f.line}:{f.column}: past the end of the line")
    return bad


def test_corpus_is_complete() -> None:
    corpus = shared_dir(*CORPUS)
    assert len(CASES) == 402
    assert sum((corpus / case / "error").exists() for case in CASES) == 94


def test_all_cases_in_one_run() -> None:
    corpus = shared_dir(*CORPUS)
    paths = [f"{case}/in.yaml" for case in CASES]
    result = subprocess.run(
        [sys.executable, "-m", "migralint", "check", "--format", "json", *paths],
        capture_output=True,
        text=True,
        cwd=corpus,
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    # None of these files is a plan: each gets at least PL001 or PL003, errors.
    assert result.returncode == 1, result.stdout[-2000:]
    payload = json.loads(result.stdout)
    found: dict[str, set[str]] = defaultdict(set)
    for finding in payload["findings"]:
        found[finding["path"]].add(finding["code"])
    assert sorted(found) == sorted(paths)
    assert [p for p in paths if not found[p] & {"PL001", "PL003"}] == []
    assert payload["summary"]["files"] == 402
    assert payload["summary"]["files_with_findings"] == 402

    invalid = [case for case in CASES if (corpus / case / "error").exists()]
    accepted = {case for case in invalid if not found[f"{case}/in.yaml"] & INVALID_YAML_CODES}
    assert accepted == LIBYAML_ACCEPTS
    # What libyaml accepts is still reported, as not a plan.
    assert all(found[f"{case}/in.yaml"] == {"PL003"} for case in accepted)


@pytest.mark.parametrize("case", CASES)
def test_each_case_in_process(case: str) -> None:
    corpus = shared_dir(*CORPUS)
    path = corpus / case / "in.yaml"
    result = lint_target(Target(str(path), explicit=True), Job())
    assert result.internal_error is None
    assert not result.skipped
    assert result.findings, "a file named on the command line always gets a finding here"
    assert position_problems(result.findings, path.read_bytes()) == []
    for finding in result.findings:
        assert finding.path == str(path)
        assert "\n" not in finding.message


def test_valid_cases_reported_as_broken_do_not_grow() -> None:
    """The reverse direction: how much valid YAML is reported as broken
    (PL001) or over a limit (PL006)."""
    corpus = shared_dir(*CORPUS)
    wrong = {}
    for case in CASES:
        if (corpus / case / "error").exists():
            continue
        path = Path(corpus / case / "in.yaml")
        result = lint_target(Target(str(path), explicit=True), Job())
        codes = {f.code for f in result.findings}
        if "PL001" in codes or "PL006" in codes:
            wrong[case] = sorted(codes)
    # libyaml implements YAML 1.1 and rejects 51 of the 308 valid cases
    # (YAML 1.2 forms of flow mappings and plain scalars, tabs, anchors with
    # `:` or other punctuation, unknown directives, `%YAML 1.2`...): a known
    # limit of the reader, each reported as PL001 at its position. The count
    # may only go down; none of them is a limit (PL006).
    assert all("PL006" not in codes for codes in wrong.values())
    assert len(wrong) <= 51, sorted(wrong)
