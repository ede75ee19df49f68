"""examples/policies/: ten ordinary organisation policies in the rule
language, each with a failing and a passing fixture plan, pass
`migralint test examples/policies` (the issue's acceptance list)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from migralint import policytest, rules

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "examples" / "policies"
CODES = [f"OP{n:03d}" for n in range(1, 11)]


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_every_policy_is_in_the_rule_file() -> None:
    loaded = rules.load_rule_file((FOLDER / "policies.yaml").read_bytes(), "policies.yaml")
    assert [r.code for r in loaded] == CODES


@pytest.mark.parametrize("code", CODES)
def test_each_policy_has_a_failing_and_a_passing_fixture(code: str) -> None:
    names = sorted(p.name for p in FOLDER.glob(f"{code.lower()}-*.yaml"))
    assert any(n.endswith(".fail.yaml") for n in names), names
    assert any(n.endswith(".pass.yaml") for n in names), names
    for name in names:
        text = (FOLDER / name).read_text(encoding="utf-8")
        if name.endswith(".fail.yaml"):
            assert f"# expect: {code}" in text, name
        elif name.endswith(".pass.yaml"):
            assert f"# ok: {code}" in text and f"# expect: {code}" not in text, name


def test_migralint_test_passes_on_the_example_policies() -> None:
    outcome = policytest.run((os.path.relpath(FOLDER),))
    assert [c.line_text() for c in outcome.cases if not c.passed] == []
    assert outcome.failed == 0
    assert outcome.passed >= 2 * len(CODES) + 2 * len(CODES)
