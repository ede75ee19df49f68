"""Every rule's own examples (shown by `explain` and in docs/rules.md) do
what they say, as `migralint test` runs them: the failing snippet fires the
rule, the passing one does not, and both are valid plans apart from what the
rule is about."""

from __future__ import annotations

import pytest

from migralint import policytest, rules
from migralint import runner as runner_module
from migralint.discovery import Target

# Findings of the file itself or of the command line, not of a plan's content:
# tested in test_reading.py, test_cli.py and test_waivers.py. No plan triggers
# PL011 (a bug in a check): test_rule_failures.py makes a check raise and
# compares the finding with the documented example. PL012 needs the runner's
# cap: its examples are run through the runner below.
NOT_FROM_A_SNIPPET = policytest.NOT_FROM_A_SNIPPET
RULES = [r for r in rules.bundled_rules() if r.code not in NOT_FROM_A_SNIPPET]


def as_plan(snippet: str) -> str:
    return policytest.as_plan(snippet)[0]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_failing_example_fires(rule: rules.Rule) -> None:
    assert policytest.example_problem(rule, "fail") is None


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_example_passes(rule: rules.Rule) -> None:
    assert policytest.example_problem(rule, "pass") is None


def test_the_bundled_catalogue_passes_migralint_test() -> None:
    outcome = policytest.run(())
    assert [c.line_text() for c in outcome.cases if not c.passed] == []
    assert [s.name for s in outcome.suites] == [
        f"rules/{entry.name}" for entry in policytest.resources.rule_files()
    ]
    assert outcome.passed == 2 * len(RULES)


@pytest.mark.parametrize("kind", ["fail", "pass"])
def test_findings_truncated_examples_do_what_they_say(kind: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """PL012 is a finding of the run (the cap), so its examples run through
    the runner with the `--max-findings` their first line names."""
    import re

    (rule,) = [r for r in rules.bundled_rules() if r.code == "PL012"]
    snippet = as_plan(rule.examples[kind])
    limit = int(re.search(r"--max-findings (\d+)", snippet).group(1))
    (tmp_path / ".git").mkdir()
    path = tmp_path / "plan.yaml"
    path.write_text(snippet, encoding="utf-8")
    result = runner_module.lint_target(
        Target(str(path), explicit=True), runner_module.Job(max_findings=limit)
    )
    fired = [f for f in result.findings if f.code == "PL012"]
    assert bool(fired) == (kind == "fail"), snippet
