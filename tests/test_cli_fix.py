"""`migralint check --fix / --unsafe-fixes / --diff` as users run it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from helpers import ROOT
from helpers import run_cli as run

READING = (ROOT / "examples" / "findings" / "reading.yaml").read_text(encoding="utf-8")
READING_FIXED = READING.replace("[DE, US, NO]      #", '[DE, US, "NO"]      #')
PL002 = (
    "reading.yaml:55:3: PL002 error duplicate key `retirement` (first at line 54); YAML readers "
    "silently keep only the last value of `timeline.retirement` [duplicate-key]\n"
)
OFFSET = (
    "migralint: 1\nplan: {name: Northwind, timezone: Europe/Berlin}\n"
    "timeline:\n  cutover:\n    at: 2025-06-10T10:00:00+01:00   # June\n"
)


def test_fix_applies_the_safe_fix_and_reports_the_rest(tmp_path: Path) -> None:
    assert READING_FIXED != READING
    (tmp_path / "reading.yaml").write_text(READING, encoding="utf-8")
    result = run("check", "--fix", "reading.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout == PL002 + "1 error in 1 file (1 file checked)\n"
    assert result.stderr == "fixed 1 finding in 1 file; 1 remains\n"
    assert (tmp_path / "reading.yaml").read_bytes() == READING_FIXED.encode("utf-8")
    again = run("check", "--fix", "reading.yaml", cwd=tmp_path)
    assert again.stdout == result.stdout
    assert again.stderr == "fixed 0 findings; 1 remains\n"
    assert [p.name for p in tmp_path.iterdir()] == ["reading.yaml"]  # no temporary file left


def test_diff_prints_the_fix_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "reading.yaml").write_text(READING, encoding="utf-8")
    result = run("check", "--diff", "reading.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "--- a/reading.yaml\n"
        "+++ b/reading.yaml\n"
        "@@ -11,7 +11,7 @@\n"
        "   size: enterprise             # small | mid-market | enterprise\n"
        "   industry: retail             # retail | financial-services | healthcare | insurance "
        "| public-sector | education | media | travel | other\n"
        "   jurisdictions: [EU, US]      # regions whose consent and retention law applies\n"
        "-  countries: [DE, US, NO]      # PL004: unquoted NO\n"
        '+  countries: [DE, US, "NO"]      # PL004: unquoted NO\n'
        "   timezone: Europe/Berlin      # IANA zone; every naive date-time in the plan is read "
        "in it\n"
        "   owner: Dana Ortiz (Marketing Operations)\n"
        "   executive_sponsor:\n"
    )
    assert result.stderr == "would fix 1 finding in 1 file\n"
    assert (tmp_path / "reading.yaml").read_text(encoding="utf-8") == READING


def test_diff_with_nothing_to_fix_exits_0(tmp_path: Path) -> None:
    (tmp_path / "reading.yaml").write_text(READING_FIXED, encoding="utf-8")
    result = run("check", "--diff", "reading.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "nothing to fix\n")


def test_diff_of_a_file_without_a_final_newline(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("migralint: 1\nplan: {name: N}", encoding="utf-8")
    result = run("check", "--diff", "--select", "PL004", "p.yaml", cwd=tmp_path)
    assert result.stdout == (
        "--- a/p.yaml\n+++ b/p.yaml\n@@ -1,2 +1,2 @@\n migralint: 1\n"
        "-plan: {name: N}\n\\ No newline at end of file\n"
        '+plan: {name: "N"}\n\\ No newline at end of file\n'
    )


def test_diff_reads_standard_input_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "migralint", "check", "--diff", "--select", "PL", "-"],
        input="plan: {name: Northwind, countries: [DE, NO]}\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    # Two rounds: the header first, then PL004 (PL003 stops every other rule).
    assert result.stdout == (
        "--- a/-\n+++ b/-\n@@ -1 +1,2 @@\n-plan: {name: Northwind, countries: [DE, NO]}\n"
        '+migralint: 1\n+plan: {name: Northwind, countries: [DE, "NO"]}\n'
    )
    assert result.stderr == "would fix 2 findings in 1 file\n"


def test_unsafe_fixes_only_when_asked(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(OFFSET, encoding="utf-8")
    result = run("check", "--fix", "--select", "TL010", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 0  # TL010 is a warning
    assert result.stdout.startswith("plan.yaml:5:9: TL010 warning ")
    assert result.stderr == "fixed 0 findings; 1 remains; 1 more fixable with --unsafe-fixes\n"
    assert plan.read_text(encoding="utf-8") == OFFSET
    result = run("check", "--fix", "--unsafe-fixes", "--select", "TL010", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "no problems in 1 file\n"
    assert result.stderr == "fixed 1 finding in 1 file; none remain\n"
    assert plan.read_text(encoding="utf-8") == OFFSET.replace("+01:00", "+02:00")


def test_rounds_until_no_fix_applies(tmp_path: Path) -> None:
    # The header comes first; only then do PL004 and SC001 run on the plan.
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(
        b"plan: {name: Northwind, countries: [DE, NO]}\r\ntimeline:\r\n  kickof: 2025-01-06\r\n"
    )
    result = run("check", "--fix", "--select", "PL,SC", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "no problems in 1 file\n"
    assert result.stderr == "fixed 3 findings in 1 file; none remain\n"
    assert plan.read_bytes() == (
        b'migralint: 1\r\nplan: {name: Northwind, countries: [DE, "NO"]}\r\n'
        b"timeline:\r\n  kickoff: 2025-01-06\r\n"
    )


def test_a_file_with_a_syntax_error_is_never_touched(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    content = b"migralint: 1\nplan: {name: Northwind, countries: [NO]}\nbad: [\n"
    plan.write_bytes(content)
    before = os.stat(plan).st_mtime_ns
    result = run("check", "--fix", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "PL001 error" in result.stdout
    assert "PL004 warning" in result.stdout
    assert result.stderr == "fixed 0 findings; 2 remain\n"
    assert plan.read_bytes() == content
    assert os.stat(plan).st_mtime_ns == before


def test_a_file_that_is_not_utf8_is_never_touched(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    content = b"migralint: 1\nplan: {name: Northwind, countries: [NO]}  # caf\xe9\n"
    plan.write_bytes(content)
    run("check", "--fix", "plan.yaml", cwd=tmp_path)
    assert plan.read_bytes() == content


def test_only_reported_findings_are_fixed(tmp_path: Path) -> None:
    (tmp_path / "reading.yaml").write_text(READING, encoding="utf-8")
    result = run("check", "--fix", "--ignore", "PL004", "reading.yaml", cwd=tmp_path)
    assert result.stderr == "fixed 0 findings; 1 remains\n"
    assert (tmp_path / "reading.yaml").read_text(encoding="utf-8") == READING


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_fixed_file_keeps_its_mode_and_bom(tmp_path: Path) -> None:
    plan = tmp_path / "reading.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + READING.encode("utf-8"))
    plan.chmod(0o640)
    result = run("check", "--fix", "reading.yaml", cwd=tmp_path)
    assert result.stderr == "fixed 1 finding in 1 file; 1 remains\n"
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640
    assert plan.read_bytes() == b"\xef\xbb\xbf" + READING_FIXED.encode("utf-8")


def test_quiet_and_other_formats_print_no_summary(tmp_path: Path) -> None:
    (tmp_path / "reading.yaml").write_text(READING, encoding="utf-8")
    result = run("check", "--fix", "--format", "json", "reading.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    assert '"PL002"' in result.stdout and '"PL004"' not in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--unsafe-fixes", "p.yaml"), "--unsafe-fixes widens --fix or --diff"),
        (("--fix", "-"), "--fix cannot write back to standard input"),
        (("--fix", "--write-baseline", "b.json", "p.yaml"), "--write-baseline records findings"),
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    (tmp_path / "p.yaml").write_text(READING, encoding="utf-8")
    result = run("check", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert words in result.stderr
    assert (tmp_path / "p.yaml").read_text(encoding="utf-8") == READING
