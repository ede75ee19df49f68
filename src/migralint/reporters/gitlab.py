"""GitLab Code Quality: a JSON array of issues (description, check_name,
fingerprint, severity, location.path, location.lines.begin). No BOM."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import PurePath

from migralint.reporters import Report, root_relative, safe, source_root

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report) -> str:
    seen: Counter[str] = Counter()
    issues = []
    root = source_root()  # GitLab requires paths relative to the project
    for f in map(safe, report.findings):  # escaped as in every format
        path = root_relative(f.path, root) or PurePath(f.path).as_posix()
        basis = f"{path}\0{f.code}\0{f.fingerprint or f.pointer or f.message}"
        seen[basis] += 1  # identical findings stay distinct, and stable across runs
        digest = hashlib.sha256(f"{basis}\0{seen[basis]}".encode()).hexdigest()
        issues.append(
            {
                "description": f"{f.code} {f.message}",
                "check_name": f"{f.code} {f.name}",
                "fingerprint": digest,
                "severity": _SEVERITY[f.severity],
                "location": {"path": path, "lines": {"begin": f.line}},
                "categories": ["Bug Risk"],
                "type": "issue",
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
