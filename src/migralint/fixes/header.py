"""PL003: a plan without the `migralint: 1` header gets it.

Only for a block mapping at the root that has no `migralint` key at all (a
wrong version is the author's to change): the line is inserted before the
root's first key, with its indentation, so leading comments, a `%YAML`
directive or `---` stay above it. The file's own line break ends it.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from migralint import loader, textpos
from migralint.finding import Finding
from migralint.fixes.model import Edit, Fix
from migralint.fixes.source import Source

try:
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

HEADER = "migralint: 1"
TITLE = "Add the `migralint: 1` header"


def fix(source: Source, finding: Finding) -> Fix | None:
    doc = source.doc
    if not doc.readable or type(doc.data) is not dict or "migralint" in doc.data:
        return None
    if not _block_mapping_root(source.text):
        return None
    first = _first_key(source)
    if first is None:
        return None
    line, column = source.lines.position(first.start)
    indent = source.lines.line_text(line)[: column - 1]
    if indent.strip(" "):
        return None  # something else before the key on its line (an anchor, a tag)
    edit = Edit(first.start, first.start, HEADER + source.line_break + indent)
    if not _adds_only_the_header(source.text, edit, doc.data):
        return None
    return Fix(finding, TITLE, True, (edit,))


def _block_mapping_root(text: str) -> bool:
    """Whether the first document's root is a block mapping (events up to it)."""
    parser = _Parser(text)
    try:
        for _ in range(4):  # stream start, document start, then the root
            event = parser.get_event()
            if isinstance(event, yaml.MappingStartEvent):
                return not event.flow_style
            if not isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent)):
                return False
    except yaml.YAMLError:
        return False
    finally:
        parser.dispose()
    return False


def _first_key(source: Source) -> textpos.Scalar | None:
    if not source.scalars:
        return None
    first = source.scalars[min(source.scalars)]
    return first if first.key else None


def _adds_only_the_header(text: str, edit: Edit, data: dict) -> bool:
    """Whether the edited text reads as the same plan with the header first."""
    after = loader.load(text[: edit.start] + edit.text + text[edit.end :])
    if not after.readable or type(after.data) is not dict:
        return False
    keys = list(after.data)
    if not keys or keys[0] != "migralint" or after.data["migralint"] != 1:
        return False
    rest = dict(after.data)
    del rest["migralint"]
    return _same(rest, data)


def _same(one: Any, other: Any) -> bool:
    """Equal data, NaN equal to itself (a plan may hold `.nan`)."""
    if isinstance(one, float) and isinstance(other, float) and math.isnan(one):
        return math.isnan(other)
    if type(one) is not type(other):
        return False
    if type(one) is dict:
        return list(one) == list(other) and all(_same(v, other[k]) for k, v in one.items())
    if type(one) is list:
        return len(one) == len(other) and all(_same(a, b) for a, b in zip(one, other, strict=True))
    return one == other
