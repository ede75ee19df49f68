"""Fixes: exact text edits that resolve findings, shared by `check --fix`
and the language server.

A fix never re-serialises the YAML: it edits the finding's own range and
leaves every other byte as it was (comments, order, quoting, line endings,
a byte order mark). Safe fixes keep what the plan means and only make it
unambiguous; unsafe ones change it, and are applied only when asked.

    PL004  safe    quote a value a YAML 1.1 reader types differently (`NO`,
                   `16:00`), or write an octal-looking number as YAML 1.2
                   reads it (`0755` -> `755`)
    SC001  safe    rename an unknown key to the one close known key
    PL003  safe    add the missing `migralint: 1` header
    TL010  unsafe  write the zone's real offset, keeping the wall-clock time
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from migralint.finding import Finding
from migralint.fixes import header, keys, offsets, yaml11
from migralint.fixes.model import Edit, Fix, apply
from migralint.fixes.source import Source

__all__ = ["FIXABLE", "Edit", "Fix", "apply", "fixes_for"]

# One explicit registry: rule code -> the function that fixes its findings.
_FIXERS: dict[str, Callable[[Source, Finding], Fix | None]] = {
    "PL003": header.fix,
    "PL004": yaml11.fix,
    "SC001": keys.fix,
    "TL010": offsets.fix,
}
FIXABLE = frozenset(_FIXERS)


def fixes_for(text: str, findings: Iterable[Finding]) -> list[Fix]:
    """One Fix per fixable finding (safe and unsafe both; callers filter on
    ``.safe``), in the findings' order. What a fix needs is read from
    ``text`` itself; never raises, whatever the text."""
    if not isinstance(text, str):
        return []
    source = Source(text)
    out: list[Fix] = []
    for finding in findings:
        fixer = _FIXERS.get(getattr(finding, "code", None))  # type: ignore[arg-type]
        if fixer is None:
            continue
        try:
            found = fixer(source, finding)
        except Exception:  # a fixer's bug costs its fix, never the caller's request
            found = None
        if found is not None:
            out.append(found)
    return out
