"""Reporters only format: a ``Report`` in, text out. ``REPORTER_BY_NAME``
maps each ``--format`` to its function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from migralint.finding import Finding


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: list[str]  # every file checked, in order
    rules: list = field(default_factory=list)  # the rules that ran (for formats that describe them)


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def _text(report: Report) -> str:
    from migralint.reporters.text import render

    return render(report)


def _json(report: Report) -> str:
    from migralint.reporters.json import render

    return render(report)


REPORTER_BY_NAME: dict[str, Callable[[Report], str]] = {"text": _text, "json": _json}
