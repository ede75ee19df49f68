"""The audit section: what was not reported and why (waivers, with reason,
approver and expiry; the baseline), and how the run was configured."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from migralint.report import words
from migralint.reporters import safe, suppressed_notes
from migralint.textutil import escape

MAX_ROWS = 1000  # per table; the rest are counted


@dataclass(frozen=True)
class WaivedRow:
    plan: str  # the plan section's anchor, "" when the file has none
    path: str
    line: int
    code: str
    message: str
    reason: str
    approver: str
    expires: str
    expired: bool
    where: str  # where the waiver is written


@dataclass(frozen=True)
class BaselinedRow:
    plan: str
    path: str
    line: int
    code: str
    message: str


@dataclass(frozen=True)
class ConfigRow:
    config: str
    fail_level: str
    files: int


@dataclass
class Audit:
    waived: list[WaivedRow]
    waived_count: int
    expired_count: int
    baselined: list[BaselinedRow]
    baselined_count: int
    configs: list[ConfigRow]
    policy: list[str]
    other_configs: list[str]
    notes: list[str]
    selected_rules: int
    bundled_rules: int
    fail_levels: list[str] = field(default_factory=list)

    @property
    def waived_more(self) -> int:
        return self.waived_count - len(self.waived)

    @property
    def baselined_more(self) -> int:
        return self.baselined_count - len(self.baselined)


def build(report: Any, today: dt.date, plans: dict[str, int], bundled: int) -> Audit:
    """``plans`` maps a file (as the report names it) to its plan's number;
    the words are in the report's language (``report.tr``)."""

    def anchor(path: str) -> str:
        number = plans.get(path)
        return f"#plan-{number}" if number else ""

    waived = []
    expired = 0
    for item in report.waived:
        finding, waiver = safe(item.finding), item.waiver
        late = waiver.expires is not None and waiver.expires < today
        expired += late
        if len(waived) < MAX_ROWS:
            waived.append(
                WaivedRow(
                    plan=anchor(finding.path),
                    path=finding.path,
                    line=finding.line,
                    code=finding.code,
                    message=finding.message,
                    reason=words.text(waiver.reason, 400),
                    approver=words.text(waiver.approver, 160),
                    expires=waiver.expires.isoformat() if waiver.expires else "",
                    expired=late,
                    where=f"{escape(waiver.source)}:{waiver.line}" if waiver.source else "",
                )
            )
    baselined = [
        BaselinedRow(anchor(f.path), f.path, f.line, f.code, f.message)
        for f in report.baselined[:MAX_ROWS]
    ]
    grouped: dict[tuple[str, str], int] = {}
    for path in report.files:
        key = (report.configs.get(path, "defaults"), report.fail_levels.get(path, "error"))
        grouped[key] = grouped.get(key, 0) + 1
    levels = sorted({level for _, level in grouped})
    tr = report.tr
    return Audit(
        waived=waived,
        waived_count=len(report.waived),
        expired_count=expired,
        baselined=baselined,
        baselined_count=len(report.baselined),
        configs=[ConfigRow(_config(c, tr), level, n) for (c, level), n in sorted(grouped.items())],
        policy=list(report.policy),
        other_configs=list(report.other_configs),
        notes=suppressed_notes(report),
        selected_rules=len(report.rules),
        bundled_rules=bundled,
        fail_levels=levels,
    )


def _config(label: str, tr: Any) -> str:
    """A configuration as the audit names it: its file, or the defaults."""
    return tr.gettext("defaults") if label == "defaults" and not tr.english else label
