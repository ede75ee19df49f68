"""The translatable text of a rule file, for Babel's `pybabel extract`.

A rule's words are data, not code, so xgettext cannot find them: this
extractor reads a rule file and yields each text a reader sees, with the
rule's code as its gettext context (``pgettext("TL001", summary)``). It is
registered as the Babel extraction method ``migralint-rules``, so that an
organisation extracts its own rule files the same way:

    # babel.cfg
    [migralint-rules: policies/**.yaml]

    pybabel extract -F babel.cfg -o policies/locale/rules.pot .

The bundled catalogs are built with it (``python -m migralint.i18n.build``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

import yaml

# Fields of a rule whose text is shown to people; codes, names, options and
# example plans are identifiers and stay as they are.
RULE_FIELDS = ("summary", "rationale", "details", "source", "message")
PART_FIELDS = ("message", "case")
FAMILY_FIELDS = ("title", "description")

# The prose of an example's comment (`at: ...   # Friday afternoon in Berlin`):
# a `#` at the start of a line or after a blank, its text up to the end of the
# line. A comment that is a command or a waiver is an identifier, not prose.
_COMMENT = re.compile(r"(?:^|(?<=\s))#[ ]?([^\n]*)")
_NOT_PROSE = re.compile(r"migralint\b")


def example_comments(example: str) -> list[str]:
    """The prose comments of an example plan, in order."""
    found = []
    for line in example.splitlines():
        match = _COMMENT.search(line)
        if match:
            text = match.group(1).strip()
            if text and not _NOT_PROSE.match(text):
                found.append(text)
    return found


def messages(data: Any) -> Iterator[tuple[str, str, str]]:
    """``(context, text, what)`` for every translatable text of a parsed rule
    file: the family's title and description (context: the family code),
    then each rule's fields, parts and example comments (context: its code)."""
    if not isinstance(data, dict):
        return
    family = data.get("family")
    for key in FAMILY_FIELDS:
        if isinstance(family, str) and isinstance(data.get(key), str):
            yield family, data[key], f"family {family}: {key}"
    for rule in data.get("rules") or ():
        if not isinstance(rule, dict) or not isinstance(rule.get("code"), str):
            continue
        code = rule["code"]
        for key in RULE_FIELDS:
            if isinstance(rule.get(key), str):
                yield code, rule[key], f"{code} {rule.get('name', '')}: {key}"
        for number, part in enumerate(rule.get("then") or (), 1):
            for key in PART_FIELDS if isinstance(part, dict) else ():
                if isinstance(part.get(key), str):
                    yield code, part[key], f"{code} {rule.get('name', '')}: part {number} {key}"
            for text in _says(part.get("with") if isinstance(part, dict) else None):
                yield code, text, f"{code}: how part {number} says plans are close ({{how}})"
        for kind, example in (rule.get("examples") or {}).items():
            if isinstance(example, str):
                for text in example_comments(example):
                    yield code, text, f"{code}: comment in the {kind} example"


def _says(args: Any) -> Iterator[str]:
    """The `says:` texts of a portfolio check's arguments (how a finding
    says two plans are close: "whose cutover is within {within} of this one")."""
    stack = [args]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("says"), str):
                yield item["says"]
            stack.extend(reversed([v for k, v in item.items() if k != "says"]))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def extract_rules(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel's extraction interface: ``(lineno, funcname, messages, comments)``.

    Each text is a ``pgettext`` call, its context the rule's code, its
    comment saying which field of which rule it is."""
    node = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    data = yaml.safe_load(yaml.serialize(node)) if node is not None else None
    lines = _lines(node)
    for context, text, what in messages(data):
        yield lines.get(text, 1), "pgettext", (context, text), [what]


def _lines(node: Any) -> dict[str, int]:
    """The first line each scalar's text appears on (for the catalog's references)."""
    found: dict[str, int] = {}
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.ScalarNode):
            found.setdefault(item.value, item.start_mark.line + 1)
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(reversed(item.value))
        elif isinstance(item, yaml.MappingNode):
            for key, value in reversed(item.value):
                stack.extend((value, key))
    return found


def extract_starter(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict
) -> Iterator[tuple[int, str, str, list[str]]]:
    """The prose comments of a YAML template (the starter plan of ``init``)."""
    from migralint.i18n.comments import blocks

    for line, _, kind, message in blocks(fileobj.read().decode("utf-8")):
        yield line, "gettext", message, [f"a comment of the starter plan ({kind})"]
