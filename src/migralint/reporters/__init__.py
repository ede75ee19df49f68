"""Reporters only format: a ``Report`` in, text out. ``REPORTER_BY_NAME``
maps each ``--format`` to its module's ``render``; modules are imported
only when their format is asked for.

Every string a plan, a file name or a configuration decides (paths,
messages, rule names of extra rule files, waiver reasons and approvers,
source lines) is escaped before any format sees it: ``Report`` escapes its
findings on the way in, and the formats escape what else they print, so no
control or bidi character reaches a terminal, a CI log or a report, in any
format (JSON included: a consumer may print its strings as they are)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from migralint.finding import Finding
from migralint.textutil import escape

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
    quiet: bool = False  # findings only, no summary (text)
    gitignored: int = 0  # files and folders a folder search passed over by .gitignore
    # What was not reported, and why (the summary always says so).
    baselined: list[Finding] = field(default_factory=list)  # in the baseline
    ignored: int = 0  # by per-file-ignores
    truncated: int = 0  # over --max-findings (each cut rule has a PL012 finding)
    configs: dict[str, str] = field(default_factory=dict)  # file -> the configuration governing it
    other_configs: tuple[str, ...] = ()  # configurations other than the run's own
    # What configurations changed about the bundled rules: `.migralint.yaml:
    # 64 rules off, options of TL001` (the rules still run, but differently).
    policy: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # One place where every finding is made safe to print, whichever
        # format prints it (the reporters escape the rest themselves).
        set_ = object.__setattr__
        set_(self, "findings", [safe(f) for f in self.findings])
        set_(self, "baselined", [safe(f) for f in self.baselined])
        set_(self, "files", [escape(p) for p in self.files])
        set_(self, "configs", {escape(p): escape(c) for p, c in self.configs.items()})
        set_(self, "other_configs", tuple(escape(c) for c in self.other_configs))
        set_(self, "policy", tuple(escape(c) for c in self.policy))
        set_(self, "sources", {escape(p): lines for p, lines in self.sources.items()})


def safe(finding: Finding) -> Finding:
    """``finding`` with every text field escaped (the same object when
    nothing needed it, which is almost always)."""
    fields = {}
    for name in ("path", "code", "name", "message", "pointer"):
        value = getattr(finding, name)
        shown = escape(value)
        if shown != value:
            fields[name] = shown
    return replace(finding, **fields) if fields else finding


def suppressed_notes(report: Report) -> list[str]:
    """What the run did not report, and why: `4 waived`, `2 in the baseline`..."""
    notes = []
    if report.waived:
        notes.append(f"{len(report.waived):,} waived")
    if report.baselined:
        notes.append(f"{len(report.baselined):,} in the baseline")
    if report.ignored:
        notes.append(f"{report.ignored:,} ignored by per-file-ignores")
    if report.truncated:
        notes.append(f"{report.truncated:,} not shown over --max-findings")
    if report.gitignored:
        notes.append(f"{report.gitignored:,} passed over by .gitignore")
    return notes


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
