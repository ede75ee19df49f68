"""Positions in a plan's text, and where its scalars are.

Findings carry YAML's positions: 1-based lines broken where YAML breaks
them (``\\r\\n``, ``\\r``, ``\\n``, NEL, LS, PS) and 1-based columns in code
points, a byte order mark not counted. Fixes edit the text at code-point
offsets; the language server speaks LSP's positions: 0-based lines broken
at ``\\r\\n``, ``\\r`` and ``\\n`` only, and columns in UTF-16 code units (an
emoji is two). ``Lines`` converts between them in logarithmic time.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import yaml

try:  # libyaml: the same reader, and positions, as the loader's
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
LSP_BREAK = re.compile("\r\n|[\r\n]")
BOM = "\ufeff"


class Lines:
    """The starts of a text's lines, under one set of line breaks."""

    def __init__(self, text: str, breaks: re.Pattern[str] = YAML_BREAK) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in breaks.finditer(text))]
        # Where each line's text ends (before its break).
        self.ends = [m.start() for m in breaks.finditer(text)] + [len(text)]
        self.bom = 1 if text.startswith(BOM) else 0

    def __len__(self) -> int:
        return len(self.starts)

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line``, without its break."""
        if not 1 <= line <= len(self.starts):
            return ""
        start = self.starts[line - 1] + (self.bom if line == 1 else 0)
        return self.text[start : self.ends[line - 1]]

    def offset(self, line: int, column: int) -> int:
        """The offset of 1-based (line, column) in code points; past the end
        of the line, the line's end; past the last line, the text's end."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[line - 1] + (self.bom if line == 1 else 0)
        return min(start + max(column, 1) - 1, self.ends[line - 1])

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[index] + (self.bom if index == 0 else 0)
        return index + 1, max(offset - start, 0) + 1

    # --- LSP: 0-based lines, UTF-16 columns --------------------------------

    def to_utf16(self, offset: int) -> tuple[int, int]:
        """The 0-based (line, UTF-16 character) of an offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[index]
        offset = min(offset, self.ends[index])
        return index, utf16_length(self.text[start:offset])

    def from_utf16(self, line: int, character: int) -> int:
        """The offset of a 0-based (line, UTF-16 character); a character in
        the middle of a surrogate pair or past the line's end is clamped."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.ends[line]
        units = 0
        offset = start
        while offset < end and units < character:
            units += 2 if ord(self.text[offset]) > 0xFFFF else 1
            if units > character:
                break
            offset += 1
        return offset


def line_break(text: str) -> str:
    """The text's own line ending, for lines a fix inserts: its first
    ``\\r\\n``, ``\\r`` or ``\\n`` (``\\n`` when it has none). NEL, LS and PS
    end a line for YAML 1.1 readers only: editors and YAML 1.2 readers would
    see an inserted line joined to the next."""
    found = LSP_BREAK.search(text)
    return found.group() if found else "\n"


def readable(text: str) -> str:
    """``text`` with each lone surrogate (which JSON can carry, and no
    encoding can write) replaced by ``?``: offsets stay the same."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


@dataclass(frozen=True)
class Scalar:
    """A scalar of the text: where it starts and ends (code-point offsets),
    its value as written (before typing), its style (``""`` when plain) and
    whether it is a mapping's key."""

    start: int
    end: int
    value: str
    style: str
    key: bool

    @property
    def plain(self) -> bool:
        return not self.style


def scalars(text: str, lines: Lines | None = None) -> dict[int, Scalar]:
    """The text's scalars by their start offset, as far as it parses (a
    syntax error ends the list, never raises)."""
    lines = lines or Lines(text)
    found: dict[int, Scalar] = {}
    # Per open collection: whether it is a mapping, and whether its next
    # scalar is a key.
    stack: list[list[bool]] = []
    parser = _Loader(readable(text))
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            is_key = bool(stack) and stack[-1][0] and stack[-1][1]
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                if isinstance(event, yaml.ScalarEvent):
                    start = lines.offset(event.start_mark.line + 1, event.start_mark.column + 1)
                    end = lines.offset(event.end_mark.line + 1, event.end_mark.column + 1)
                    found[start] = Scalar(start, end, event.value, event.style or "", is_key)
                if stack and stack[-1][0]:
                    stack[-1][1] = not stack[-1][1]
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if stack and stack[-1][0]:
                    stack[-1][1] = not stack[-1][1]
                stack.append([isinstance(event, yaml.MappingStartEvent), True])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) and stack:
                stack.pop()
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return found


def scalar_at(found: dict[int, Scalar], offset: int) -> Scalar | None:
    """The scalar that covers ``offset`` (its end included, as a cursor
    just after a word is on it)."""
    starts = sorted(found) if not isinstance(found, _Sorted) else found.order
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return None
    scalar = found[starts[index]]
    return scalar if scalar.start <= offset <= scalar.end else None


class _Sorted(dict):
    order: list[int]


def indexed(found: dict[int, Scalar]) -> dict[int, Scalar]:
    """``found`` with its starts kept in order, for repeated look-ups."""
    out = _Sorted(found)
    out.order = sorted(found)
    return out
