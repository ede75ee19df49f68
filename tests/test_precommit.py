"""Acceptance test of .pre-commit-hooks.yaml with the real `pre-commit` tool.

`pre-commit try-repo` installs the hook from this checkout (with its
uncommitted changes to tracked files) into its own virtual environment, as a
user's `.pre-commit-config.yaml` would, and runs it on files of a scratch plan
repository. Each run builds that environment (pip, a few seconds to a minute),
hence the module is marked slow.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]  # the checkout whose hook is tested
FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
TL001 = (
    "friday.yaml:62:9: TL001 error cutover 2025-03-14 16:30 (Friday, Europe/Berlin) is inside "
    "the forbidden window Friday from 16:00; move it to Tuesday-Thursday morning "
    "[friday-afternoon-cutover]"
)
TIMEOUT = 300


def _unavailable(reason: str) -> None:
    """Skip, except under CI, where a missing prerequisite fails the test."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the pre-commit acceptance test", pytrace=False)
    pytest.skip(reason)


def _git_env() -> dict[str, str]:
    """The environment without GIT_* variables (set when pytest runs inside a git hook)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", *args], cwd=cwd, env=_git_env(), check=True, capture_output=True, timeout=60
    )


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch git repository of plans, its files added to the index."""
    if importlib.util.find_spec("pre_commit") is None:
        _unavailable(
            f"the `pre-commit` package is not importable by {sys.executable} "
            "(install the test extras: pip install -e '.[test]')"
        )
    if shutil.which("git") is None:
        _unavailable("`git` is not on PATH; pre-commit needs it")
    if not (REPO / ".git").exists():
        _unavailable(f"{REPO} is not a git checkout; `pre-commit try-repo` needs one")
    repo = tmp_path_factory.mktemp("precommit") / "plans"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _git("config", "user.name", "Plan Author", cwd=repo)
    _git("config", "user.email", "plans@example.com", cwd=repo)
    (repo / "clean.yaml").write_bytes((REPO / "examples" / "northwind-clean.yaml").read_bytes())
    (repo / "friday.yaml").write_text(FRIDAY, encoding="utf-8")
    # Not YAML by name, though a failing plan by content: the hook must never see it.
    (repo / "notes.txt").write_text(FRIDAY, encoding="utf-8")
    # YAML, but not a plan (the repository's own pre-commit configuration).
    (repo / "settings.yaml").write_text("repos: []\n", encoding="utf-8")
    _git("add", "clean.yaml", "friday.yaml", "notes.txt", "settings.yaml", cwd=repo)
    return repo


def try_repo(plans: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo <checkout> migralint --files ...` with a private cache
    (PRE_COMMIT_HOME); --verbose shows the hook's output when it passes too."""
    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(plans.parent / "cache")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "migralint"]
    start = time.monotonic()
    result = subprocess.run(
        [*command, "--color", "never", "--verbose", "--files", *files],
        cwd=plans,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    print(f"pre-commit try-repo --files {' '.join(files)}: {time.monotonic() - start:.1f} s")
    return result


def status(output: str) -> str:
    """The hook's status on pre-commit's `migralint.....Passed` line."""
    match = re.search(r"^migralint\.*(?:\(no files to check\))?(\w+)$", output, re.MULTILINE)
    assert match, output
    return match[1]


def test_clean_plan_passes(plans: Path) -> None:
    result = try_repo(plans, "clean.yaml")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert status(result.stdout) == "Passed"
    assert "no problems in 1 file" in result.stdout  # --verbose shows the hook's output


def test_friday_cutover_fails_with_the_finding(plans: Path) -> None:
    result = try_repo(plans, "friday.yaml")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert status(result.stdout) == "Failed"
    assert "- hook id: migralint" in result.stdout
    assert "- exit code: 1" in result.stdout
    assert TL001 in result.stdout.splitlines()
    assert "1 error in 1 file (1 file checked)" in result.stdout


def test_non_yaml_file_is_not_passed_to_the_hook(plans: Path) -> None:
    result = try_repo(plans, "notes.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert status(result.stdout) == "Skipped"
    assert "(no files to check)" in result.stdout

    # Beside a plan: only the plan reaches migralint.
    result = try_repo(plans, "notes.txt", "clean.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert status(result.stdout) == "Passed"
    assert "no problems in 1 file" in result.stdout
    assert "notes.txt" not in result.stdout


def test_yaml_that_is_not_a_plan_passes(plans: Path) -> None:
    result = try_repo(plans, "settings.yaml", "clean.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert status(result.stdout) == "Passed"
    assert "no problems in 1 file" in result.stdout
