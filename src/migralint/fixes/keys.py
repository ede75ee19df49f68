"""SC001: an unknown key with exactly one close known key is renamed to it.

Only when the mapping does not have that key already (the rename would make
a duplicate), and only in the key's own quoting style: a plain key stays
plain, so a name that would need quotes there is not offered.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from migralint import loader, paths, suggest
from migralint.finding import Finding
from migralint.fixes.model import Edit, Fix
from migralint.fixes.source import QUOTES, Source
from migralint.textutil import excerpt

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def fix(source: Source, finding: Finding) -> Fix | None:
    if "unknown key `" not in finding.message:
        return None
    scalar = source.scalar(finding)
    if scalar is None or not scalar.key or scalar.style not in ("", *QUOTES):
        return None
    if source.simple(scalar) is None:
        return None
    error = _unknown_keys(source).get(finding.pointer)
    if error is None or source.doc.key_position(error.pointer) != (finding.line, finding.column):
        return None
    key = error.pointer[-1]
    if key != scalar.value:
        return None
    name = _only_close(key, error.choices)
    if name is None or f"did you mean `{name}`?" not in error.message:
        return None
    mapping = _node(source.doc.data, error.pointer[:-1])
    if not isinstance(mapping, dict) or name in mapping:
        return None
    if not _NAME.fullmatch(name) or loader._plain_reading(name) != (name, None):
        return None
    text = f"{scalar.style}{name}{scalar.style}"
    title = f"Rename `{excerpt(key)}` to `{name}`"
    return Fix(finding, title, True, (Edit(scalar.start, scalar.end, text),))


def _unknown_keys(source: Source) -> dict[str, Any]:
    """The schema's unknown keys, by the dotted path their findings carry."""
    found = source.memo.get("unknown keys")
    if found is None:
        from migralint import schema

        found = {}
        if source.doc.readable and source.doc.data is not None:
            for error in schema.validate(source.doc.data):
                if error.on_key and error.choices and error.pointer:
                    found.setdefault(paths.dotted(error.pointer), error)
        source.memo["unknown keys"] = found
    return found  # type: ignore[return-value]


def _only_close(key: str, choices: tuple[str, ...]) -> str | None:
    """The one choice as close to ``key`` as a suggestion needs, when exactly
    one is (the same similarity as the did-you-mean); None otherwise."""
    if not 0 < len(key) <= suggest.MAX_WORD or len(choices) > suggest.MAX_CANDIDATES:
        return None
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    close = []
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.ratio() >= suggest.CUTOFF:
            close.append(choice)
    if len(close) != 1 or suggest.closest(key, choices) != close[0]:
        return None
    return close[0]


def _node(data: Any, pointer: tuple) -> Any:
    for part in pointer:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
