"""One JSON object: ``{"findings": [...], "summary": {...}}``, keys in a fixed order."""

from __future__ import annotations

import json

from migralint.reporters import Report, summary_counts


def render(report: Report) -> str:
    counts = summary_counts(report.findings)
    payload = {
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "code": f.code,
                "name": f.name,
                "severity": f.severity,
                "message": f.message,
                "pointer": f.pointer,
            }
            for f in report.findings
        ],
        "summary": {
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
            "files": len(report.files),
            "files_with_findings": len({f.path for f in report.findings}),
        },
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
