"""Reporters only format: a ``Report`` in, text out. ``REPORTER_BY_NAME``
maps each ``--format`` to its module's ``render``; modules are imported
only when their format is asked for."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from migralint.finding import Finding

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")
HELP_BASE = "https://github.com/migralint/migralint/blob/main/docs/rules.md"


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: list[str]  # every file checked, in order
    rules: list = field(default_factory=list)  # the rules that ran (formats that describe them)
    waived: list = field(default_factory=list)  # waivers.Waived, for --show-waived
    sources: dict[str, list[str]] = field(default_factory=dict)  # path -> lines, for carets
    show_waived: bool = False
    show_source: bool = False
    color: bool = False
    statistics: bool = False


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def help_uri(rule) -> str:  # type: ignore[no-untyped-def]
    return f"{HELP_BASE}#{rule.code.lower()}-{rule.name}"


def _lazy(name: str) -> Callable[[Report], str]:
    def render(report: Report) -> str:
        return importlib.import_module(f"migralint.reporters.{name}").render(report)

    return render


REPORTER_BY_NAME: dict[str, Callable[[Report], str]] = {name: _lazy(name) for name in FORMATS}
