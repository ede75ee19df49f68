"""The line format: ``path:line:col: CODE severity message [rule-name]``."""

from __future__ import annotations

from migralint.reporters import Report, summary_counts


def line(finding) -> str:  # type: ignore[no-untyped-def]
    return (
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.severity} "
        f"{finding.message} [{finding.name}]"
    )


def summary(report: Report) -> str:
    counts = summary_counts(report.findings)
    files = len(report.files)
    checked = f"{files} file" + ("" if files == 1 else "s")
    if not report.findings:
        return f"no problems in {checked}"
    parts = [
        f"{n} {word}" + ("" if n == 1 else "s")
        for word, n in (
            ("error", counts["error"]),
            ("warning", counts["warning"]),
            ("info", counts["info"]),
        )
        if n
    ]
    with_findings = len({f.path for f in report.findings})
    where = f"{with_findings} file" + ("" if with_findings == 1 else "s")
    return f"{', '.join(parts)} in {where} ({checked} checked)"


def render(report: Report) -> str:
    lines = [line(f) for f in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
