"""What the commands do, apart from parsing arguments (cli.py) and
formatting findings (reporters/)."""

from __future__ import annotations

import sys
import textwrap

import yaml

from migralint import discovery
from migralint import rules as rulefiles
from migralint.engine import Engine
from migralint.errors import UsageError
from migralint.finding import SEVERITY_RANK
from migralint.reporters import REPORTER_BY_NAME, Report
from migralint.runner import lint_target
from migralint.selection import select_rules


def run_check(
    paths: list[str],
    *,
    output_format: str = "text",
    fail_on: str = "error",
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    max_file_size: int = 10 * 1024 * 1024,
    rule_files: list[str] | None = None,
    debug: bool = False,
) -> int:
    from pathlib import Path

    available = rulefiles.combine(
        rulefiles.bundled_rules(), rulefiles.load_extra_rules([Path(f) for f in rule_files or []])
    )
    rules = select_rules(available, select or [], ignore or [])
    engine = Engine(rules)
    targets = discovery.collect(paths)
    findings = []
    files = []
    internal = []
    for target in targets:
        result = lint_target(target, engine, max_file_size)
        if result.skipped:
            continue
        files.append(result.path)
        findings.extend(result.findings)
        if result.internal_error:
            internal.append(result.internal_error)
    findings.sort(key=lambda f: f.sort_key())
    report = Report(findings=findings, files=files, rules=rules)
    sys.stdout.write(REPORTER_BY_NAME[output_format](report))
    for message in internal:
        print(f"migralint: internal error: {message}", file=sys.stderr)
    if internal:
        return 3
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in findings) else 0


def rules_table() -> str:
    rules = rulefiles.bundled_rules()
    width = max(len(r.name) for r in rules)
    lines = [f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}" for r in rules]
    return "\n".join(lines) + f"\n{len(rules)} rules\n"


def find_rule(key: str) -> rulefiles.Rule:
    wanted = key.strip()
    for rule in rulefiles.bundled_rules():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    from difflib import get_close_matches

    choices = [r.code for r in rulefiles.bundled_rules()] + [
        r.name for r in rulefiles.bundled_rules()
    ]
    close = get_close_matches(wanted, choices, n=1)
    hint = f"; did you mean `{close[0]}`?" if close else "; `migralint rules` lists them"
    raise UsageError(f"no rule `{key}`{hint}")


def explain_rule(key: str) -> str:
    rule = find_rule(key)
    wrap = lambda text: textwrap.fill(" ".join(text.split()), width=88)  # noqa: E731
    out = [f"{rule.code} {rule.name} ({rule.severity})", "", wrap(rule.summary), ""]
    out += ["Why:", textwrap.indent(wrap(rule.rationale), "  "), ""]
    out += [f"Source: {rule.source}", ""]
    if rule.details:
        out += ["Details:", textwrap.indent(wrap(rule.details), "  "), ""]
    if rule.options:
        out.append("Options (defaults):")
        dumped = yaml.safe_dump(rule.options, default_flow_style=None, sort_keys=False)
        out += [textwrap.indent(dumped.rstrip(), "  "), ""]
    else:
        out += ["Options: none", ""]
    out += ["Fails:", textwrap.indent(rule.examples["fail"].rstrip(), "  "), ""]
    out += ["Passes:", textwrap.indent(rule.examples["pass"].rstrip(), "  "), ""]
    return "\n".join(out)


def checks_table() -> str:
    from migralint.checks import REGISTRY

    out = []
    for name in sorted(REGISTRY):
        spec = REGISTRY[name]
        props = spec.args_schema.get("properties", {})
        required = set(spec.args_schema.get("required", []))
        args = ", ".join(f"{k}{'' if k in required else '?'}" for k in props) or "(none)"
        out.append(f"{name}({args})\n    {spec.summary}")
    return "\n".join(out) + "\n"
