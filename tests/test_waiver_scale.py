"""Waivers and ignores cost findings plus entries, not findings x entries.

Before: 8,000 inline waivers took over 120 s, 4,000 configuration waivers
57 s, 2,000 non-matching per-file-ignores globs x 4,000 findings 64.5 s
(all well over 60 s on the 2-core machine). Now each takes a few seconds; the
bounds below leave room for a loaded machine and fail for any quadratic.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

import pytest

from helpers import EXAMPLE
from helpers import run_cli as run
from migralint.matching import FileIgnores, compile_glob

BOUND = 20.0  # seconds; the old code needed 57 s to over 120 s
NAME = "  name: Northwind ESP consolidation\n"


def timed_check(repo: Path, keys: str, config: str) -> tuple[subprocess.CompletedProcess, float]:
    (repo / ".git").mkdir(exist_ok=True)
    (repo / ".migralint.yaml").write_text(config)
    (repo / "plan.yaml").write_text(EXAMPLE.replace(NAME, NAME + keys, 1))
    start = time.monotonic()
    # (every finding counted: --max-findings would otherwise cap them at 100 per rule)
    result = run(
        "check", "plan.yaml", "--format", "json", "--max-findings", "0", cwd=repo, timeout=300
    )
    return result, time.monotonic() - start


@pytest.mark.slow
def test_8000_inline_waivers_each_covering_a_finding(tmp_path: Path) -> None:
    # Every unknown key is an SC001 error, each waived on its own line.
    keys = "".join(
        f'  bogus_{i}: 1  # migralint: disable=SC001 reason="CAB-{i}"\n' for i in range(8000)
    )
    result, took = timed_check(tmp_path, keys, "")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert json.loads(result.stdout)["findings"] == []
    assert took < BOUND, f"{took:.1f} s"


@pytest.mark.slow
def test_4000_configuration_waivers(tmp_path: Path) -> None:
    keys = "".join(f"  bogus_{i}: 1\n" for i in range(4000))
    config = "waivers:\n" + "".join(
        f"  - {{rule: SC001, at: plan.bogus_{i}, reason: CAB-{i}}}\n" for i in range(4000)
    )
    result, took = timed_check(tmp_path, keys, config)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert json.loads(result.stdout)["findings"] == []
    assert took < BOUND, f"{took:.1f} s"


@pytest.mark.slow
def test_2000_non_matching_globs_x_4000_findings(tmp_path: Path) -> None:
    keys = "".join(f"  bogus_{i}: 1\n" for i in range(4000))
    config = "per-file-ignores:\n" + "".join(
        f"  'nomatch-{i}/**/*.yaml': [SC001]\n" for i in range(2000)
    )
    result, took = timed_check(tmp_path, keys, config)
    assert result.returncode == 1
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert codes == {"SC001"}
    assert took < BOUND, f"{took:.1f} s"


def test_many_identical_configuration_waivers_stay_linear(tmp_path: Path) -> None:
    # One path, one rule, 3,000 times over: each finding is covered by every
    # waiver; marking them used is still done once per waiver.
    keys = "".join(f"  bogus_{i}: 1\n" for i in range(300))
    config = "waivers:\n" + "  - {rule: SC001, at: plan, reason: CAB}\n" * 3000
    result, took = timed_check(tmp_path, keys, config)
    assert result.returncode == 0, result.stdout[-2000:]
    assert json.loads(result.stdout)["findings"] == []
    assert took < BOUND, f"{took:.1f} s"


# The globs of per-file-ignores and of waiver `file:` keep the meaning they
# had: fnmatch over the whole relative path, or PurePosixPath.match (Python
# 3.11: the last components, one by one; an absolute glob must match all).
GLOBS = [
    ("plans/legacy-*.yaml", "plans/legacy-a.yaml", True),
    ("plans/legacy-*.yaml", "plans/b.yaml", False),
    ("*.yaml", "a/b/x.yaml", True),
    ("*", "a/b/x.yaml", True),
    ("b/*.yaml", "a/b/x.yaml", True),
    ("a/*.yaml", "a/b/x.yaml", True),  # fnmatch: `*` crosses `/`
    ("a/*/x.yaml", "a/b/x.yaml", True),
    ("a/?/x.yaml", "a/b/x.yaml", True),
    ("c/*.yaml", "a/b/x.yaml", False),
    ("x.yaml", "a/b/x.yaml", True),
    ("a/b/x.yaml/extra", "a/b/x.yaml", False),
    ("/a/b/x.yaml", "a/b/x.yaml", False),
    ("/a/*/x.yaml", "/a/b/x.yaml", True),
    ("/b/x.yaml", "/a/b/x.yaml", False),
    ("**/*.yaml", "a/b/x.yaml", True),
    ("nomatch-1/**/*.yaml", "plan.yaml", False),
    ("[ab]/b/x.yaml", "a/b/x.yaml", True),
    ("[!a]/b/x.yaml", "a/b/x.yaml", False),
    ("*.YAML", "a/b/x.yaml", False),
    ("", "plan.yaml", False),
    (".", "plan.yaml", False),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), GLOBS)
def test_compiled_globs_keep_their_meaning(pattern: str, path: str, expected: bool) -> None:
    assert compile_glob(pattern).matches(path) is expected
    ignores = FileIgnores({pattern: ("TL001",)})
    assert ignores.for_file(path).matches("TL001", "friday-afternoon-cutover") is expected


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="PurePath.match of Python 3.11")
@pytest.mark.parametrize(
    ("pattern", "path", "expected"), [g for g in GLOBS if g[0] not in ("", ".")]
)
def test_compiled_globs_agree_with_the_standard_library(
    pattern: str, path: str, expected: bool
) -> None:
    old = fnmatch.fnmatch(path, pattern) or PurePosixPath(path).match(pattern)
    assert old is expected


@pytest.mark.slow
def test_8000_waivers_of_unknown_rules_get_bounded_suggestions(tmp_path: Path) -> None:
    # Each unknown rule would cost a comparison with every rule: only the
    # first few of a file get a did-you-mean.
    keys = "".join(
        f'  # migralint: disable=QQ{i:05d},friday-cutoverr{i} reason="r"\n' for i in range(8000)
    )
    result, took = timed_check(tmp_path, keys, "")
    assert took < BOUND, f"{took:.1f} s"
    findings = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in findings] == ["PL009"] * 8000
    assert findings[0]["message"].endswith("did you mean `friday-afternoon-cutover`?")
    assert findings[-1]["message"] == (
        "waiver of QQ07999, friday-cutoverr7999 names the unknown rule `QQ07999`; "
        "names the unknown rule `friday-cutoverr7999`"
    )
