"""Code actions, as text edits on the plan: every fix (fixes/), a waiver
comment for a finding, and the command that explains a rule."""

from __future__ import annotations

import datetime as dt
import functools
import re

from migralint.finding import Finding
from migralint.textpos import Lines, Scalar, line_break

WAIVER_DAYS = 30  # a waiver the editor writes expires this far ahead
# Findings no waiver applies to: a failed rule, a file that could not be read.
NOT_WAIVABLE = frozenset({"PL001", "PL006", "PL008", "PL011"})
# A directive comment on a line of its own, which waives the next line.
# (Matched after the line's indentation, so that no search restarts inside it.)
_OWN_LINE_WAIVER = re.compile(r"#[ \t]*migralint:[ \t]*disable=(?P<rules>[^ \t]*)")


def waiver_edit(
    text: str,
    finding: Finding,
    today: dt.date,
    approver: str,
    lines: Lines | None = None,
    spanning: list[Scalar] | None = None,
) -> tuple[int, int, str] | None:
    """The edit (start, end, new text; code-point offsets) that waives
    ``finding`` with a comment: on a line of its own above the finding's
    line, with ``reason="TODO"`` for the author to fill in. When the line
    above already holds a waiver (of another finding of that line), the
    rule joins its list instead, so that neither is pushed off its line.
    None when no comment can go there: the line starts inside a scalar that
    spans lines (``spanning``, from ``multiline_scalars``), where a comment
    would be text of the scalar or end it."""
    if finding.code in NOT_WAIVABLE or finding.line < 1:
        return None
    lines = lines or Lines(text)
    if finding.line > len(lines):
        return None
    line_start = lines.offset(finding.line, 1)
    if spanning is None:
        spanning = multiline_scalars(text, lines)
    if any(s.start < line_start < s.end for s in spanning):
        return None
    line_text = lines.line_text(finding.line)
    above = lines.line_text(finding.line - 1) if finding.line > 1 else ""
    indent_above = len(above) - len(above.lstrip(" \t"))
    existing = _OWN_LINE_WAIVER.match(above, indent_above)
    if existing:
        if finding.code in existing["rules"].split(","):
            return None
        at = lines.offset(finding.line - 1, existing.end("rules") + 1)
        return at, at, f",{finding.code}"
    indent = line_text[: len(line_text) - len(line_text.lstrip(" "))]
    expires = today + dt.timedelta(days=WAIVER_DAYS)
    comment = (
        f'{indent}# migralint: disable={finding.code} reason="TODO" '
        f'approver="{approver}" expires={expires.isoformat()}'
    )
    return line_start, line_start, comment + line_break(text)


def multiline_scalars(text: str, lines: Lines) -> list[Scalar]:
    """The scalars of ``text`` that span more than one line."""
    from migralint.textpos import scalars

    return [
        s
        for s in scalars(text, lines).values()
        if lines.position(s.start)[0] != lines.position(s.end)[0]
    ]


@functools.lru_cache(maxsize=1)
def approver() -> str:
    """Who approves a waiver the editor writes: git's user.name, else the
    login name; quotes and controls taken out."""
    import getpass
    import subprocess

    name = ""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
        name = done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    if not name:
        try:
            name = getpass.getuser()
        except Exception:
            name = ""
    name = re.sub(r"[\"\\\x00-\x1f\x7f]", "", name)[:60].strip()
    return name or "TODO"
