"""The comments of a YAML template (the starter plan of ``init``) as
catalog messages, and the template with its comments in another language.

A run of full-line comments at one indentation is one paragraph (one
message, re-wrapped when translated); a comment after a value is one
message. Lines that are not prose stay as they are: a comment indented
inside the ``#`` (a command to run), a modeline (``yaml-language-server:``),
and a list of a field's values (``replace | retire | consolidate``).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from typing import Any

# `key: value   # comment`: the value part ends before blanks and a `#`.
_TRAILING = re.compile(r"(?<=\s)#\s?(.*)$")
WIDTH = 78


def _choices(text: str) -> bool:
    """A field's values, ``replace | retire | consolidate``: identifiers."""
    parts = text.split(" | ")
    return len(parts) > 1 and all(p and not set(p) - _WORD for p in parts)


_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-")


def _prose(text: str) -> bool:
    modeline = text.startswith("yaml-language-server:")
    return bool(text) and not modeline and not _choices(text)


def blocks(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(first line, lines, kind, message) of each translatable comment: kind
    is ``paragraph`` (full-line comments, joined) or ``trailing``."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip(" ")
        if stripped.startswith("#"):
            indent = len(line) - len(stripped)
            start, words = index, []
            while index < len(lines):
                current = lines[index]
                body = current[indent:] if current.startswith(" " * indent + "#") else None
                if body is None:
                    break
                said = body[1:]
                if not said.strip() or said.startswith("  ") or not _prose(said.strip()):
                    break
                words.append(said.strip())
                index += 1
            if words:
                yield start + 1, len(words), "paragraph", " ".join(words)
            else:
                index += 1
            continue
        match = _TRAILING.search(line) if "#" in line else None
        if match and _prose(match.group(1).strip()):
            yield index + 1, 1, "trailing", match.group(1).strip()
        index += 1


def translated(text: str, tr: Any) -> str:
    """``text`` with its prose comments in ``tr``'s language (as it is in English)."""
    if tr.english:
        return text
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    found = {line: (count, kind, message) for line, count, kind, message in blocks(text)}
    index = 0
    while index < len(lines):
        number = index + 1
        if number not in found:
            out.append(lines[index])
            index += 1
            continue
        count, kind, message = found[number]
        said = tr.gettext(message)
        line = lines[index]
        if kind == "trailing":
            match = _TRAILING.search(line.rstrip("\n"))
            assert match is not None
            out.append(line[: match.start()] + "# " + said + "\n")
            index += 1
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        index += count
        wrapped = textwrap.wrap(said, width=WIDTH - len(indent) - 2) or [""]
        out.extend(f"{indent}# {part}\n" for part in wrapped)
    return "".join(out)
