"""Waivers: auditable suppressions, inline or in configuration.

Inline, a YAML comment on the finding's line or on its own line just above::

    # migralint: disable=TL001 reason="CAB-1234 approved" approver="J. Doe" expires=2025-04-01

In configuration, keyed by plan path so they survive reformatting::

    waivers:
      - {rule: TL001, at: timeline.cutover.at, reason: "...", approver: J. Doe, expires: 2025-04-01}

A waiver needs a reason (PL009 otherwise, and it waives nothing); an expired
waiver waives nothing and the finding says so; a valid waiver that waives
nothing is reported (PL010, info) so stale waivers do not pile up.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from migralint.config import ConfigWaiver, dotted_matches
from migralint.finding import Finding
from migralint.timeutil import parse_date

_INLINE = re.compile(r"#\s*migralint:\s*disable=(?P<rest>.*)$")
_KNOWN_KEYS = {"reason", "approver", "expires"}


@dataclass(frozen=True)
class Waiver:
    rules: tuple[str, ...]
    reason: str | None
    approver: str | None
    expires: dt.date | None
    line: int  # where the waiver is written
    column: int
    covers: tuple[int, ...] = ()  # inline: the plan lines it covers
    at: str | None = None  # configuration: the plan path it covers
    source: str = ""  # the file the waiver is written in
    problems: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        parts = [f"reason: {self.reason}"]
        if self.approver:
            parts.append(f"approver: {self.approver}")
        if self.expires:
            parts.append(f"expires: {self.expires.isoformat()}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Waived:
    finding: Finding
    waiver: Waiver


def parse_inline(text: str, source: str) -> list[Waiver]:
    """Every ``# migralint: disable=...`` comment of a plan's text."""
    waivers = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "migralint:" not in line:
            continue
        match = _INLINE.search(line)
        if not match:
            continue
        column = match.start() + 1
        own_line = not line[: match.start()].strip()
        covers = (number + 1,) if own_line else (number,)
        waivers.append(_parse_fields(match["rest"], number, column, covers, source))
    return waivers


def _parse_fields(
    rest: str, line: int, column: int, covers: tuple[int, ...], source: str
) -> Waiver:
    import shlex

    problems: list[str] = []
    try:
        words = shlex.split(rest, comments=False, posix=True)
    except ValueError as exc:
        words = rest.split()
        problems.append(f"cannot read the waiver ({exc})")
    rules = tuple(r for r in (words[0].split(",") if words else []) if r)
    fields: dict[str, str] = {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep or key not in _KNOWN_KEYS:
            problems.append(f"unknown waiver field `{word}` (known: approver, expires, reason)")
            continue
        fields[key] = value
    return _make(rules, fields, line, column, covers, None, source, problems)


def _make(
    rules: tuple[str, ...],
    fields: dict[str, str | None],
    line: int,
    column: int,
    covers: tuple[int, ...],
    at: str | None,
    source: str,
    problems: list[str],
) -> Waiver:
    if not rules:
        problems.append("names no rule (disable=CODE)")
    reason = (fields.get("reason") or "").strip() or None
    if reason is None:
        problems.append('has no reason; add reason="..." so auditors know why')
    expires = None
    if fields.get("expires"):
        expires = parse_date(fields["expires"])
        if expires is None:
            problems.append(f"expiry `{fields['expires']}` is not a date (YYYY-MM-DD)")
    return Waiver(
        rules=rules,
        reason=reason,
        approver=(fields.get("approver") or None),
        expires=expires,
        line=line,
        column=column,
        covers=covers,
        at=at,
        source=source,
        problems=tuple(problems),
    )


def from_config(entries: tuple[ConfigWaiver, ...], config_path: str, plan_rel: str) -> list[Waiver]:
    """The configuration waivers that apply to the plan at ``plan_rel``
    (its path relative to the configuration's folder, POSIX form)."""
    waivers = []
    for entry in entries:
        if entry.file and not _glob_match(plan_rel, entry.file):
            continue
        fields = {"reason": entry.reason, "approver": entry.approver, "expires": entry.expires}
        waivers.append(
            _make(entry.rules, fields, entry.line, entry.column, (), entry.at, config_path, [])
        )
    return waivers


@dataclass
class Outcome:
    findings: list[Finding]  # what is still reported (including waiver findings)
    waived: list[Waived]


def apply(
    findings: list[Finding],
    waivers: list[Waiver],
    today: dt.date,
    matches_rule: Callable[[str, Finding], bool],
    make_finding: Callable[[str, str, int, int, str], Finding | None],
) -> Outcome:
    """Waive what valid, unexpired waivers cover; report the waivers' own problems."""
    kept: list[Finding] = []
    waived: list[Waived] = []
    used: set[int] = set()
    for finding in findings:
        covering = [
            (index, w)
            for index, w in enumerate(waivers)
            if any(matches_rule(r, finding) for r in w.rules) and _covers(w, finding)
        ]
        active = [
            (i, w) for i, w in covering if w.valid and (w.expires is None or w.expires >= today)
        ]
        if active:
            index, waiver = active[0]
            used.update(i for i, _ in active)
            waived.append(Waived(finding, waiver))
            continue
        expired = [w for _, w in covering if w.valid and w.expires is not None]
        if expired:
            waiver = expired[0]
            by = f" by {waiver.approver}" if waiver.approver else ""
            note = (
                f" (waiver{by} expired on {waiver.expires.isoformat()}; renew it or fix the plan)"
            )
            finding = replace(finding, message=finding.message + note)
            used.update(i for i, w in covering if w is waiver)
        kept.append(finding)
    for index, waiver in enumerate(waivers):
        if not waiver.valid:
            made = make_finding(
                "PL009",
                waiver.source,
                waiver.line,
                waiver.column,
                f"waiver of {', '.join(waiver.rules) or '?'} " + "; ".join(waiver.problems),
            )
        elif index not in used:
            made = make_finding(
                "PL010",
                waiver.source,
                waiver.line,
                waiver.column,
                f"waiver of {', '.join(waiver.rules)} waives nothing here; remove it "
                f"({waiver.describe()})",
            )
        else:
            continue
        if made is not None:
            kept.append(made)
    return Outcome(kept, waived)


def _glob_match(path: str, pattern: str) -> bool:
    return fnmatch.fnmatch(path, pattern) or PurePosixPath(path).match(pattern)


def _covers(waiver: Waiver, finding: Finding) -> bool:
    if waiver.at is not None:
        return dotted_matches(finding.pointer, waiver.at)
    return finding.path == waiver.source and finding.line in waiver.covers
