"""Text that an input controls, made safe to show: escaped and cut short.

A plan, a file name or a configuration decides these strings, so none of
them may reach a terminal, a CI log or a report as raw control characters
(a forged summary line, an ANSI escape, a bidi override), and none may
make a message as long as the value it quotes.
"""

from __future__ import annotations

import re
import reprlib

EXCERPT_LIMIT = 60
ELLIPSIS = "…"

# C0 and C1 controls, DEL, and the Unicode bidi and line/paragraph
# separators that can reorder or break a line on screen; and lone
# surrogates: a file name's bytes that are not UTF-8 (b"\x9b" would reach
# the terminal as the 8-bit CSI control, and no UTF-8 report can hold them).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 3
_SHORT_REPR.maxdict = _SHORT_REPR.maxlist = _SHORT_REPR.maxtuple = _SHORT_REPR.maxset = 6
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = EXCERPT_LIMIT


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` with every control and bidi character shown as an escape."""
    return _UNSAFE.sub(_escape_one, text)


def excerpt(value: object, limit: int = EXCERPT_LIMIT) -> str:
    """A short, escaped excerpt of ``value`` for a message: at most
    ``limit`` characters of it, then an ellipsis when cut."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (dict, list, tuple, set)):
        text = _SHORT_REPR.repr(value)  # never builds the whole container's text
    else:
        text = str(value)
    cut = len(text) > limit
    if cut:
        text = text[:limit]
    return escape(text) + (ELLIPSIS if cut else "")
