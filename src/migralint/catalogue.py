"""Describe the rules and the checks: `migralint rules`, `explain` and
`checks`, in text or JSON. The rules are those a run would see: the bundled
catalogue plus the local rule files of the configuration (found from the
current folder, or `--config`) and of `--rules`."""

from __future__ import annotations

import inspect
import json
import os
import re
import textwrap
from pathlib import Path
from typing import Any

from migralint import rules as rulefiles
from migralint.errors import UsageError
from migralint.i18n.translator import ENGLISH, Translator
from migralint.i18n.values import Phrase


def available_rules(
    config_file: str | None = None, rule_files: tuple[str, ...] = ()
) -> list[rulefiles.Rule]:
    """The bundled rules, then the local ones, as `check` combines them."""
    from migralint import config as configuration

    if config_file:
        if not os.path.exists(config_file):
            raise UsageError(Phrase("--config {path}: no such file", path=config_file))
        config = configuration.load(Path(config_file))
    else:
        found = configuration.find(Path.cwd())
        config = configuration.load(found) if found else configuration.DEFAULT
    extra = [*config.rules, *(Path(p) for p in rule_files)]
    bundled = rulefiles.bundled_rules()
    if not extra:
        return list(bundled)
    return rulefiles.combine(bundled, rulefiles.load_extra_rules(extra))


def shown_file(name: str) -> str:
    """A rule's file as the reader knows it: relative to the current folder
    when it is inside it (a configuration names its rule files absolutely)."""
    path = Path(name)
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return name
    return name


def severities(rule: rulefiles.Rule) -> list[str]:
    """Every severity a rule reports with: its own, then its parts' own."""
    found = [rule.severity]
    for then in rule.then:
        if then.severity and then.severity not in found:
            found.append(then.severity)
    return found


# Rules


def rules_text(rules: list[rulefiles.Rule], tr: Translator = ENGLISH) -> str:
    width = max(len(r.name) for r in rules)
    levels = {r.code: "/".join(_severity(tr, s) for s in severities(r)) for r in rules}
    level_width = max(7, *(len(v) for v in levels.values()))
    lines = []
    for r in rules:
        # One line a rule; a two-severity rule says when each applies.
        said = f" ({severity_text(r, tr)})" if len(severities(r)) > 1 else ""
        summary = tr.rule(r.code, r.summary)
        lines.append(
            f"{r.code}  {r.name:<{width}}  {levels[r.code]:<{level_width}}  {summary}{said}"
        )
    return "\n".join(lines) + "\n" + tr.plural("{n} rules", "{n} rules", len(rules)) + "\n"


def _severity(tr: Translator, severity: str) -> str:
    from migralint.reporters.text import severity_word

    return severity if tr.english else severity_word(tr, severity)


def rule_record(rule: rulefiles.Rule, tr: Translator = ENGLISH) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": rule.severity,
        "severities": severities(rule),
        "severity_text": severity_text(rule, tr),
        "summary": tr.rule(rule.code, rule.summary),
        "source": tr.rule(rule.code, rule.source),
        "file": shown_file(rule.file),
        "options": rule.options,
    }


def rules_json(rules: list[rulefiles.Rule], tr: Translator = ENGLISH) -> str:
    return json.dumps([rule_record(r, tr) for r in rules], indent=2, default=str) + "\n"


def find_rule(rules: list[rulefiles.Rule], key: str) -> rulefiles.Rule:
    wanted = key.strip()
    for rule in rules:
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    from migralint import suggest
    from migralint.textutil import excerpt

    choices = [r.code for r in rules] + [r.name for r in rules]
    hint = suggest.hint(wanted, choices) or Phrase("; `migralint rules` lists them")
    raise UsageError(Phrase("no rule `{key}`{hint}", key=excerpt(key), hint=hint))


def severity_text(rule: rulefiles.Rule, tr: Translator = ENGLISH) -> str:
    """``error``, or every severity with when it applies: ``error; warning
    when the cutover falls in a discouraged window``."""
    parts = [_severity(tr, rule.severity)]
    for then in rule.then:
        if then.severity and then.severity != rule.severity:
            severity = _severity(tr, then.severity)
            if then.case:
                case = tr.rule(rule.code, then.case)
                said = tr("{severity} when {case}", severity=severity, case=case)
            else:
                said = severity
            if said not in parts:
                parts.append(said)
    return tr.pgettext("list separator", "; ").join(parts)


_BLANKS = re.compile(r"[ \t\n\r\f\v]+")


def explain_text(rule: rulefiles.Rule, tr: Translator = ENGLISH) -> str:
    # Words are split at ASCII blanks only: French keeps its narrow no-break
    # spaces before `;` and `:` (str.split would break the line there).
    wrap = lambda text: textwrap.fill(" ".join(_BLANKS.split(text.strip())), width=88)  # noqa: E731
    say = lambda text: tr.rule(rule.code, text)  # noqa: E731
    severity = _severity(tr, rule.severity)
    out = [f"{rule.code} {rule.name} ({severity})", "", wrap(say(rule.summary)), ""]
    if len(severities(rule)) > 1:
        out += [wrap(tr("Severity: {text}.", text=severity_text(rule, tr))), ""]
    out += [tr("Why:"), textwrap.indent(wrap(say(rule.rationale)), "  "), ""]
    out += [tr("Source: {source}", source=say(rule.source)), ""]
    if rule.file and rule not in rulefiles.bundled_rules():
        out += [tr("Defined in: {file}", file=shown_file(rule.file)), ""]
    if rule.details:
        out += [tr("Details:"), textwrap.indent(wrap(say(rule.details)), "  "), ""]
    if rule.options:
        out.append(tr("Options (defaults):"))
        import yaml

        dumped = yaml.safe_dump(rule.options, default_flow_style=None, sort_keys=False)
        out += [textwrap.indent(dumped.rstrip(), "  "), ""]
    else:
        out += [tr("Options: none"), ""]
    for label, kind in ((tr("Fails:"), "fail"), (tr("Passes:"), "pass")):
        example = _commented(rule.examples[kind], rule.code, tr)
        out += [label, textwrap.indent(example.rstrip(), "  "), ""]
    return "\n".join(out)


def _commented(example: str, code: str, tr: Translator) -> str:
    """An example plan with its prose comments in the reader's language."""
    if tr.english:
        return example
    from migralint.i18n.extract import example_comments

    for text in example_comments(example):
        said = tr.rule(code, text)
        if said != text:
            example = example.replace(f"# {text}", f"# {said}", 1)
    return example


# Checks


def type_name(schema: dict[str, Any]) -> str:
    """An argument's JSON Schema in words: `path`, `duration`, `list of path`..."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:  # keys spelt out, whatever it requires
        return "{" + ", ".join(schema["properties"]) + "}"
    if "anyOf" in schema or "oneOf" in schema:
        return " or ".join(type_name(s) for s in schema.get("anyOf", schema.get("oneOf")))
    if kind == "string":
        return {"plan-path": "path"}.get(schema.get("format", ""), schema.get("format", "string"))
    if kind == "array":
        items = schema.get("items")
        return f"list of {type_name(items)}" if items else "list"
    if isinstance(kind, list):
        return " or ".join(kind)
    return kind or "any"


def check_record(name: str) -> dict[str, Any]:
    from migralint.checks import REGISTRY

    spec = REGISTRY[name]
    required = set(spec.args_schema.get("required", []))
    parameters = inspect.signature(spec.function).parameters
    arguments = []
    for key, schema in spec.args_schema.get("properties", {}).items():
        argument: dict[str, Any] = {
            "name": key,
            "type": type_name(schema),
            "required": key in required,
        }
        default = parameters[key].default if key in parameters else inspect.Parameter.empty
        if key not in required and default not in (inspect.Parameter.empty, None):
            argument["default"] = default
        argument["schema"] = schema
        arguments.append(argument)
    return {
        "name": name,
        "scope": spec.scope,
        "summary": spec.summary,
        "arguments": arguments,
        "fills": ["path", *(f for f in spec.fills if f != "path")],
    }


def checks_json() -> str:
    from migralint.checks import REGISTRY

    return json.dumps([check_record(n) for n in sorted(REGISTRY)], indent=2, default=str) + "\n"


def checks_text() -> str:
    from migralint.checks import REGISTRY

    out = []
    for name in sorted(REGISTRY):
        record = check_record(name)
        scope = " (portfolio: rules of `scope: portfolio`)" if record["scope"] != "plan" else ""
        out.append(f"{name}{scope}: {record['summary']}")
        for arg in record["arguments"]:
            if arg["required"]:
                state = "required"
            elif "default" in arg:
                state = f"default {json.dumps(arg['default'], default=str)}"
            else:
                state = "optional"
            out.append(f"    {arg['name']}: {arg['type']} ({state})")
        if not record["arguments"]:
            out.append("    (no arguments)")
        out.append(f"    fills: {', '.join('{' + f + '}' for f in record['fills'])}")
        out.append("")
    return "\n".join(out)
