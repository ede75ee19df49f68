"""Generate docs/rules.md from the rule files: ``python -m migralint.docgen``.

The same rule entries feed ``migralint explain``; a test fails when the
committed reference is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from migralint import rules as rulefiles

HEADER = """\
# Rule reference

Generated from `rules/*.yaml` by `python -m migralint.docgen`; do not edit by hand.
`migralint explain CODE` prints the same text in a terminal.

Every rule has a stable code and a name; both are accepted wherever a rule is named
(`--select`, `--ignore`, `explain`). Each finding points at the line and column of the
node it is about; for a missing field, at the mapping that should hold it.
"""


def anchor(rule: rulefiles.Rule) -> str:
    """The GitHub anchor of a rule's heading (``### TL001 friday-afternoon-cutover``)."""
    return f"{rule.code.lower()}-{rule.name}"


def _paragraph(text: str) -> str:
    return " ".join(text.split())


def render(rules: tuple[rulefiles.Rule, ...] | list[rulefiles.Rule]) -> str:
    out = [HEADER, "| code | name | severity | summary |", "| --- | --- | --- | --- |"]
    for rule in rules:
        summary = rule.summary.replace("|", "\\|")
        out.append(
            f"| [{rule.code}](#{anchor(rule)}) | {rule.name} | {rule.severity} | {summary} |"
        )
    family = None
    for rule in rules:
        if rule.family != family:
            family = rule.family
            out += ["", f"## {rule.family} — {rule.family_title}", ""]
            if rule.family_description:
                out += [rule.family_description, ""]
        out += [f"### {rule.code} {rule.name}", "", f"**Severity:** {rule.severity}", ""]
        out += [_paragraph(rule.summary), ""]
        if rule.details:
            out += [f"**What it checks.** {_paragraph(rule.details)}", ""]
        out += [f"**Why.** {_paragraph(rule.rationale)}", ""]
        out += [f"**Source.** {_paragraph(rule.source)}", ""]
        if rule.options:
            out += [
                "**Options** (defaults; change them under `options:` in the configuration):",
                "",
            ]
            out += ["```yaml", yaml.safe_dump(rule.options, sort_keys=False).rstrip(), "```", ""]
        else:
            out += ["**Options.** None.", ""]
        out += ["**Fails:**", "", "```yaml", rule.examples["fail"].rstrip(), "```", ""]
        out += ["**Passes:**", "", "```yaml", rule.examples["pass"].rstrip(), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    default = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    parser = argparse.ArgumentParser(
        prog="python -m migralint.docgen",
        description="Write the rule catalogue (docs/rules.md) from the bundled rule files.",
    )
    parser.add_argument(
        "output", nargs="?", type=Path, default=default, help="where to write it [docs/rules.md]"
    )
    target = parser.parse_args(argv).output
    # From the rule files themselves, not the generated module (which may lag).
    target.write_text(render(rulefiles.validate_bundled()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
