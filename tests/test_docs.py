"""docs/rules.md is generated from the rule files and must be up to date."""

from __future__ import annotations

from helpers import ROOT
from migralint import docgen, rules


def test_rule_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == docgen.render(rules.bundled_rules()), (
        "docs/rules.md is out of date: run `python -m migralint.docgen`"
    )


def test_every_rule_has_a_section_and_an_anchor() -> None:
    text = docgen.render(rules.bundled_rules())
    for rule in rules.bundled_rules():
        assert f"\n### {rule.code} {rule.name}\n" in text
        assert f"(#{docgen.anchor(rule)})" in text
