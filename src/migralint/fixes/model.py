"""What a fix is: edits of the text, and whether applying them is safe.

As ruff's: a fix is a list of edits, each a range of the text and its
replacement, marked safe (the plan means what it meant, only clearer) or
unsafe (it changes what the plan says). Nothing re-serialises the YAML: an
edit touches only its range, so comments, order, quoting and line endings
elsewhere stay as they were.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from migralint.finding import Finding


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (code-point offsets, end exclusive) by
    ``text``; ``start == end`` inserts."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    """The edits that resolve one finding, with an imperative title for
    editors (``Quote `NO` ``) and whether they keep the plan's meaning."""

    finding: Finding
    title: str
    safe: bool
    edits: tuple[Edit, ...]


def _overlaps(edit: Edit, other: Edit) -> bool:
    """Whether two edits touch the same text. Two insertions at one place
    overlap too: which goes first would be a guess."""
    if edit.start == other.start:
        return True
    return edit.start < other.end and other.start < edit.end


class _Taken:
    """The edits applied so far, sorted and disjoint: an edit overlaps one of
    them only if it overlaps its neighbour on either side (logarithmic)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.edits: list[Edit] = []

    def clashes(self, edit: Edit) -> bool:
        at = bisect.bisect_left(self.starts, edit.start)
        near = self.edits[max(at - 1, 0) : at + 1]
        return any(_overlaps(edit, other) for other in near)

    def add(self, edit: Edit) -> None:
        at = bisect.bisect_left(self.starts, edit.start)
        self.starts.insert(at, edit.start)
        self.edits.insert(at, edit)


def apply(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """Apply the fixes whose edits do not overlap an earlier-applied one (in
    the order given: the findings' order); returns the new text and the
    fixes applied."""
    applied: list[Fix] = []
    taken = _Taken()
    for fix in fixes:
        own = sorted(fix.edits, key=lambda e: (e.start, e.end))
        if not own or any(not 0 <= e.start <= e.end <= len(text) for e in own):
            continue
        if any(_overlaps(a, b) for a, b in itertools.pairwise(own)):
            continue
        if any(taken.clashes(edit) for edit in own):
            continue
        applied.append(fix)
        for edit in own:
            taken.add(edit)
    parts: list[str] = []
    at = 0
    for edit in taken.edits:
        parts.append(text[at : edit.start])
        parts.append(edit.text)
        at = edit.end
    parts.append(text[at:])
    return "".join(parts), applied
