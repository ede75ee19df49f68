"""The findings cap: at most N findings of one rule in one file are reported.

One plan can make one rule fire thousands of times (an anchored value
aliased a thousand times, ten thousand repeated keys); past a point more of
the same finding tells a reviewer nothing and only makes the report huge.
What the cap hides is never silent: each rule it cut gets one PL012
finding saying how many were not shown, at the first hidden one, with the
severity of the most severe finding it hides, so the cap never changes the
exit code nor the summary's verdict.

The cap applies to what would be reported: after per-file-ignores, waivers
and the baseline, so a hidden finding is never one that would have been
suppressed anyway and a suppressed one never takes a reported one's place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from migralint.engine import CEILING
from migralint.finding import SEVERITY_RANK, Finding

DEFAULT_MAX_FINDINGS = 100
CODE, NAME = "PL012", "findings-truncated"
# Findings about the run itself are never hidden: a rule that failed, and
# the cap's own findings.
NEVER_HIDDEN = frozenset({"PL011", CODE})


@dataclass(frozen=True)
class Capped:
    findings: list[Finding]  # what is reported, PL012 findings included, in order
    hidden: int  # findings not reported (loader diagnostics not recorded included)


def cap(
    findings: list[Finding],
    limit: int,
    path: str,
    dropped: dict[str, tuple[int, str]] | None = None,
    stopped: set[str] | frozenset[str] = frozenset(),
) -> Capped:
    """``findings`` (one file's, sorted) with at most ``limit`` per rule;
    ``dropped`` counts, per code, findings the loader did not even record
    (with the severity they would have had); ``stopped`` names the rules that
    stopped at the engine's ceiling, whose count is only a lower bound.
    ``limit`` 0 means no cap (the loader's counts are still reported)."""
    seen: Counter[str] = Counter()
    kept: list[Finding] = []
    first_hidden: dict[str, Finding] = {}
    hidden: Counter[str] = Counter()
    worst: dict[str, str] = {}
    for finding in findings:
        code = finding.code
        if code in NEVER_HIDDEN or not limit or seen[code] < limit:
            seen[code] += 1
            kept.append(finding)
            continue
        first_hidden.setdefault(code, finding)
        hidden[code] += 1
        if SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst.get(code, "info")]:
            worst[code] = finding.severity
    # The loader kept the first diagnostics of each code and counted the rest.
    for code, (count, severity) in (dropped or {}).items():
        if count <= 0 or code in NEVER_HIDDEN:
            continue
        hidden[code] += count
        if SEVERITY_RANK[severity] > SEVERITY_RANK[worst.get(code, "info")]:
            worst[code] = severity
    for code in stopped:
        if code not in NEVER_HIDDEN:
            hidden[code] += 0  # a rule that stopped is said to have, even with nothing hidden
            worst.setdefault(code, _severity_of(code, findings))
    if not hidden:
        return Capped(findings, 0)
    for code, count in sorted(hidden.items()):
        at = first_hidden.get(code)
        line, column = (at.line, at.column) if at else (1, 1)
        kept.append(
            Finding(
                at.path if at else path,
                line,
                column,
                CODE,
                NAME,
                worst.get(code, "info"),
                _message(code, count, limit, code in stopped),
            )
        )
    return Capped(sorted(kept, key=Finding.sort_key), sum(hidden.values()))


def _severity_of(code: str, findings: list[Finding]) -> str:
    ranks = [f.severity for f in findings if f.code == code] or ["info"]
    return max(ranks, key=SEVERITY_RANK.__getitem__)


def _message(code: str, count: int, limit: int, stopped: bool = False) -> str:
    if stopped:
        return (
            f"rule {code} stopped after {CEILING:,} findings in this file; "
            f"{f'{count:,} of them and ' if count else ''}any after them are not shown"
        )
    more = f"{count:,} more {code} finding{'' if count == 1 else 's'} in this file"
    verb = "is" if count == 1 else "are"
    if limit:
        return f"{more} {verb} not shown (--max-findings {limit})"
    return f"{more} {verb} not shown (the reader records at most so many of one kind)"
