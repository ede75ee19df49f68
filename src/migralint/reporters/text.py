"""The line format: ``path:line:col: CODE severity message [rule-name]``,
with the source line and a caret under the column when asked (or on a
terminal), colour only on a terminal and never with NO_COLOR.

The last line is always the summary, and it always says what the run did
not report and why (waived, in the baseline, ignored by per-file-ignores,
over --max-findings), and which configurations other than the run's own
governed files, so a suppression never passes unseen."""

from __future__ import annotations

from collections import Counter

from migralint.finding import Finding
from migralint.i18n.translator import ENGLISH, Translator
from migralint.reporters import Report, safe, summary_counts, suppressed_notes
from migralint.textutil import escape

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_MAX_CONFIGS_SHOWN = 2


def line(finding: Finding, color: bool = False, tr: Translator = ENGLISH) -> str:
    finding = safe(finding)  # (already escaped when it comes from a Report)
    where = f"{finding.path}:{finding.line}:{finding.column}:"
    severity = finding.severity if tr.english else severity_word(tr, finding.severity)
    if color:
        where = f"{_BOLD}{where}{_RESET}"
        severity = f"{_COLORS[finding.severity]}{severity}{_RESET}"
        code, name = f"{_BOLD}{finding.code}{_RESET}", f"{_DIM}[{finding.name}]{_RESET}"
        return f"{where} {code} {severity} {finding.message} {name}"
    return f"{where} {finding.code} {severity} {finding.message} [{finding.name}]"


def severity_word(tr: Translator, severity: str) -> str:
    """A severity as the reader's language says it (English: as it is)."""
    if severity == "error":
        return tr.pgettext("severity", "error")
    if severity == "warning":
        return tr.pgettext("severity", "warning")
    return tr.pgettext("severity", "info")


def summary(report: Report) -> str:
    tr = report.tr
    counts = summary_counts(report.findings)
    checked = tr.plural("{n} file", "{n} files", len(report.files))
    # `4 waived, 2 in the baseline`, then the other configurations, `;` between.
    notes = (
        [tr.pgettext("list separator", ", ").join(suppressed_notes(report))]
        if suppressed_notes(report)
        else []
    )
    if report.other_configs:
        shown = ", ".join(report.other_configs[:_MAX_CONFIGS_SHOWN])
        more = len(report.other_configs) - _MAX_CONFIGS_SHOWN
        if more > 0:
            notes.append(
                tr.plural(
                    "configured by {shown} and {n} more",
                    "configured by {shown} and {n} more",
                    more,
                    shown=shown,
                )
            )
        else:
            notes.append(tr("configured by {shown}", shown=shown))
    notes.extend(report.policy)
    if not report.findings:
        if notes:
            joined = tr.pgettext("list separator", "; ").join(notes)
            return tr("no problems in {checked} ({notes})", checked=checked, notes=joined)
        return tr("no problems in {checked}", checked=checked)
    parts = []
    if counts["error"]:
        parts.append(tr.plural("{n} error", "{n} errors", counts["error"]))
    if counts["warning"]:
        parts.append(tr.plural("{n} warning", "{n} warnings", counts["warning"]))
    if counts["info"]:
        parts.append(tr.plural("{n} info", "{n} infos", counts["info"]))
    files = len({f.path for f in report.findings})
    with_findings = tr.plural("{n} file", "{n} files", files)
    return tr(
        "{counts} in {files} ({checked})",
        counts=tr.pgettext("list separator", ", ").join(parts),
        files=with_findings,
        checked=tr.pgettext("list separator", "; ").join(
            [tr("{checked} checked", checked=checked), *notes]
        ),
    )


def _source(finding: Finding, lines: list[str]) -> list[str]:
    if not 0 < finding.line <= len(lines):
        return []
    text = lines[finding.line - 1].expandtabs(1)
    gutter = f"{finding.line:>5} | "
    # The caret stays under the column however wide the escapes before it
    # are, and however wide the characters (Korean, Thai, Arabic, emoji):
    # columns count code points, the caret's offset counts terminal cells.
    width = display_width(escape(text[: finding.column - 1]))
    return [gutter + escape(text), " " * (len(gutter) + width) + "^"]


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes: 2 for a wide character, 0 for a
    combining mark (Thai vowels, Arabic harakat), 1 otherwise."""
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def statistics(findings: list[Finding]) -> list[str]:
    """A count per rule, the most first (as ruff does), by code on a tie."""
    counts = Counter((f.code, f.name) for f in findings)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [f"{n:>5}  {code}  {escape(name)}" for (code, name), n in ordered]


def render(report: Report) -> str:
    out = []
    for finding in report.findings:
        out.append(line(finding, report.color, report.tr))
        if report.show_source:
            out.extend(_source(finding, report.sources.get(finding.path, [])))
    if report.show_waived and report.waived:
        out.append(report.tr("waived ({n}):", n=f"{len(report.waived):,}"))
        for item in report.waived:
            waiver = item.waiver
            out.append(f"  {line(item.finding, tr=report.tr)}")
            out.append(f"    {escape(waiver.describe())} ({escape(waiver.source)}:{waiver.line})")
    if report.show_waived and report.baselined:
        out.append(report.tr("in the baseline ({n}):", n=f"{len(report.baselined):,}"))
        out.extend(f"  {line(finding, tr=report.tr)}" for finding in report.baselined)
    if report.statistics:
        out.extend(statistics(report.findings))
    if not report.quiet:
        out.append(summary(report))
    return "\n".join(out) + ("\n" if out else "")
