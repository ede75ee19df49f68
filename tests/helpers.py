"""Lint plan text in-process and pick findings apart (yamllint's
``RuleTestCase.check`` style: expectations inline, exact positions)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from migralint import loader, rules
from migralint.engine import Engine
from migralint.finding import Finding

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PATH = ROOT / "examples" / "northwind-clean.yaml"
EXAMPLE = EXAMPLE_PATH.read_text(encoding="utf-8")
SHARED = ROOT.parent / "shared"

_ENGINE: Engine | None = None


def engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine(list(rules.bundled_rules()))
    return _ENGINE


def lint(text: str | bytes, path: str = "plan.yaml", eng: Engine | None = None) -> list[Finding]:
    content = text.encode("utf-8") if isinstance(text, str) else text
    found = (eng or engine()).lint(loader.load(content), path)
    return sorted(found, key=Finding.sort_key)


def mutate(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace ``old`` by ``new``; ``old`` must occur exactly ``count`` times,
    so a test cannot silently stop changing the plan."""
    found = text.count(old)
    assert found == count, f"expected {count} occurrence(s) of {old!r}, found {found}"
    return text.replace(old, new)


def at(findings: list[Finding], code: str) -> list[tuple[str, int, int]]:
    """(severity, line, column) of each finding of ``code``."""
    return [(f.severity, f.line, f.column) for f in findings if f.code == code]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def messages(findings: list[Finding], code: str) -> list[str]:
    return [f.message for f in findings if f.code == code]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found")


def unavailable(skip: str, fail: str) -> None:
    """A prerequisite is missing: skip with ``skip``, except under CI, where
    its absence is a failure, said by ``fail``."""
    import pytest

    if os.environ.get("CI"):
        pytest.fail(fail, pytrace=False)
    pytest.skip(skip)


def shared_dir(*parts: str) -> Path:
    """A folder of ../shared; tests skip without it, except under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        unavailable(
            f"{path} is not available (the shared corpora sit beside the checkout)",
            f"{path} is missing; CI must run with ../shared beside the checkout",
        )
    return path


def tool(name: str, why: str) -> str:
    """The path of the program ``name``; tests skip without it, except under
    CI, where ``.ci/run`` installs it and its absence is a failure."""
    import shutil

    found = shutil.which(name)
    if not found:
        unavailable(
            f"`{name}` is not on PATH ({why}); `.ci/run` installs it",
            f"`{name}` is not on PATH; CI must install it ({why})",
        )
    return found


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """``migralint ARGS`` as a user runs it: a real process, its output and exit code."""
    return subprocess.run(
        [sys.executable, "-m", "migralint", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


# A small local rule file that reuses an existing check (the README's example).
LOCAL_RULE = """\
family: LO
title: Local conventions
rules:
  - code: LO001
    name: integration-system-missing
    severity: warning
    summary: An integration does not say which system it connects.
    rationale: Nobody can switch off what nobody can find.
    source: Northwind migration handbook
    then:
      - check: require
        with: {given: "discovery.integrations[]", fields: system}
    message: "integration `{item}` has no `system`; name the system it connects"
    examples:
      fail: "x"
      pass: "y"
"""
