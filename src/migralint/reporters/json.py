"""One JSON object: ``{"findings": [...], "summary": {...}, "files": [...]}``,
keys in a fixed order.

``summary`` always counts what was not reported and why (``waived``,
``baselined``, ``ignored``, ``truncated``); ``files`` names, per file, the
configuration that governed it. Strings are escaped as in the text format:
JSON would carry a C1 or bidi character raw, and whoever prints a message
from it should not have to know."""

from __future__ import annotations

import json

from migralint.finding import Finding
from migralint.reporters import Report, safe, summary_counts
from migralint.textutil import escape


def _finding(f: Finding) -> dict:
    f = safe(f)
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


def _optional(text: str | None) -> str | None:
    return None if text is None else escape(text)


def render(report: Report) -> str:
    counts = summary_counts(report.findings)
    payload: dict = {"findings": [_finding(f) for f in report.findings]}
    if report.show_waived:
        payload["waived"] = [
            {
                **_finding(item.finding),
                "reason": _optional(item.waiver.reason),
                "approver": _optional(item.waiver.approver),
                "expires": item.waiver.expires.isoformat() if item.waiver.expires else None,
                "waiver": f"{escape(item.waiver.source)}:{item.waiver.line}",
            }
            for item in report.waived
        ]
        payload["baselined"] = [_finding(f) for f in report.baselined]
    payload["summary"] = {
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "files": len(report.files),
        "files_with_findings": len({f.path for f in report.findings}),
        "waived": len(report.waived),
        "baselined": len(report.baselined),
        "ignored": report.ignored,
        "truncated": report.truncated,
        "other_configs": list(report.other_configs),
        "policy": list(report.policy),
    }
    payload["files"] = [
        {"path": path, "config": report.configs.get(path, "defaults")} for path in report.files
    ]
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
