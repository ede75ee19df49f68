"""One JSON object: ``{"findings": [...], "summary": {...}}``, keys in a fixed order."""

from __future__ import annotations

import json

from migralint.finding import Finding
from migralint.reporters import Report, summary_counts


def _finding(f: Finding) -> dict:
    return {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "pointer": f.pointer,
    }


def render(report: Report) -> str:
    counts = summary_counts(report.findings)
    payload: dict = {"findings": [_finding(f) for f in report.findings]}
    if report.show_waived:
        payload["waived"] = [
            {
                **_finding(item.finding),
                "reason": item.waiver.reason,
                "approver": item.waiver.approver,
                "expires": item.waiver.expires.isoformat() if item.waiver.expires else None,
                "waiver": f"{item.waiver.source}:{item.waiver.line}",
            }
            for item in report.waived
        ]
    payload["summary"] = {
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "files": len(report.files),
        "files_with_findings": len({f.path for f in report.findings}),
    }
    if report.show_waived:
        payload["summary"]["waived"] = len(report.waived)
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
