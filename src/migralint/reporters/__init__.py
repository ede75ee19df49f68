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
from migralint.i18n.translator import ENGLISH, Translator
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
    fail_levels: dict[str, str] = field(default_factory=dict)  # file -> its --fail-on level
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
    tr: Translator = ENGLISH  # the language of what people read (machine formats: English)

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
        set_(self, "fail_levels", {escape(p): v for p, v in self.fail_levels.items()})


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
    tr = report.tr
    notes = []
    if report.waived:
        notes.append(tr("{n} waived", n=_count(tr, len(report.waived))))
    if report.baselined:
        notes.append(tr("{n} in the baseline", n=_count(tr, len(report.baselined))))
    if report.ignored:
        notes.append(tr("{n} ignored by per-file-ignores", n=_count(tr, report.ignored)))
    if report.truncated:
        notes.append(tr("{n} not shown over --max-findings", n=_count(tr, report.truncated)))
    if report.gitignored:
        notes.append(tr("{n} passed over by .gitignore", n=_count(tr, report.gitignored)))
    return notes


def _count(tr: Translator, n: int) -> str:
    return f"{n:,}" if tr.english else tr.number(n)


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def help_uri(rule) -> str | None:  # type: ignore[no-untyped-def]
    """The rule's section of docs/rules.md, for a bundled rule only: users'
    own rules have no page there (their help text travels in the report)."""
    from migralint.rules import bundled_rules

    bundled = {(r.code, r.name) for r in bundled_rules()}
    if (rule.code, rule.name) not in bundled:
        return None
    return f"{HELP_BASE}#{rule.code.lower()}-{rule.name}"


def source_root() -> str:
    """The folder that CI formats name files from: the CI's workspace
    (GITHUB_WORKSPACE, CI_PROJECT_DIR), else the repository holding the
    working folder, else the working folder; absolute, normalised."""
    import os

    from migralint.inputs import repository_root

    for variable in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        value = os.environ.get(variable)
        if value and os.path.isabs(value):
            return os.path.normpath(value)
    found = repository_root(os.getcwd())
    return os.path.normpath(str(found) if found else os.getcwd())


def root_relative(path: str, root: str) -> str | None:
    """``path`` relative to ``root``, with `/`; None when it is outside."""
    import os
    from pathlib import PurePath

    absolute = os.path.normpath(os.path.abspath(path))
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive (Windows)
        return None
    if relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative):
        return None
    return PurePath(relative).as_posix()


def _lazy(name: str) -> Callable[[Report], str]:
    def render(report: Report) -> str:
        return importlib.import_module(f"migralint.reporters.{name}").render(report)

    return render


REPORTER_BY_NAME: dict[str, Callable[[Report], str]] = {name: _lazy(name) for name in FORMATS}
