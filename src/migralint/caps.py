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
from migralint.i18n.translator import ENGLISH, Translator
from migralint.i18n.values import N_, Number, Phrase, Plural

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
    tr: Translator = ENGLISH,
) -> Capped:
    """``findings`` (one file's, sorted) with at most ``limit`` per rule;
    ``dropped`` counts, per code, findings the loader did not even record
    (with the severity they would have had); ``stopped`` names the rules that
    stopped at the engine's ceiling, whose count is only a lower bound.
    ``limit`` 0 means no cap (the loader's counts are still reported).
    PL012's messages are in ``tr``'s language."""
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
                str(tr.value(_message(code, count, limit, code in stopped))),
            )
        )
    return Capped(sorted(kept, key=Finding.sort_key), sum(hidden.values()))


def _severity_of(code: str, findings: list[Finding]) -> str:
    ranks = [f.severity for f in findings if f.code == code] or ["info"]
    return max(ranks, key=SEVERITY_RANK.__getitem__)


def _message(code: str, count: int, limit: int, stopped: bool = False) -> str:
    if stopped:
        if not count:
            return Phrase(
                N_(
                    "rule {code} stopped after {ceiling} findings in this file; "
                    "any after them are not shown"
                ),
                code=code,
                ceiling=Number(CEILING),
            )
        return Plural(
            "rule {code} stopped after {ceiling} findings in this file; "
            "{n} of them and any after them are not shown",
            "rule {code} stopped after {ceiling} findings in this file; "
            "{n} of them and any after them are not shown",
            count,
            code=code,
            ceiling=Number(CEILING),
        )
    if limit:
        return Plural(
            "{n} more {code} finding in this file is not shown (--max-findings {limit})",
            "{n} more {code} findings in this file are not shown (--max-findings {limit})",
            count,
            code=code,
            limit=limit,
        )
    return Plural(
        "{n} more {code} finding in this file is not shown "
        "(the reader records at most so many of one kind)",
        "{n} more {code} findings in this file are not shown "
        "(the reader records at most so many of one kind)",
        count,
        code=code,
    )
