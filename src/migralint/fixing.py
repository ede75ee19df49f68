"""`check --fix`, `--unsafe-fixes` and `--diff`: lint, fix, lint again.

Fixes are applied in rounds: each round lints every plan as `check` does
(configuration, waivers, baseline and caps alike), with the files fixed so
far read from memory, and fixes only the findings it reports. A fix can
make room for another (the `migralint: 1` header lets every other rule
run), so rounds go on until none applies, at most ``MAX_ROUNDS``. Then each
changed file is written once, atomically, keeping its mode; the report is
the last round's. ``--diff`` writes nothing and prints the changes instead.

A file is fixed only when its bytes are strict UTF-8 (a byte order mark is
kept) and it reads as YAML: never one with a syntax error (PL001), one
that could not be read whole (PL006, PL008), or one that changed on disk
while it was being fixed.
"""

from __future__ import annotations

import difflib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from migralint import commands, fixes
from migralint.commands import CheckSettings, Run
from migralint.errors import UsageError
from migralint.finding import Finding
from migralint.reporters import REPORTER_BY_NAME
from migralint.textutil import escape

MAX_ROUNDS = 10
# A file with one of these findings is never edited: it did not read whole.
UNTOUCHABLE = frozenset({"PL001", "PL006", "PL008"})


@dataclass
class _Plan:
    """One file being fixed: its bytes as read, and its text now."""

    path: str
    original: bytes
    text: str
    stdin: bool = False
    fixed: int = 0

    @property
    def changed(self) -> bool:
        return self.text.encode("utf-8") != self.original


def run(settings: CheckSettings) -> int:
    if settings.fix and not settings.diff and "-" in settings.paths:
        raise UsageError(
            "--fix cannot write back to standard input; --diff prints the fixes of `-`"
        )
    to_terminal = settings.output is None and sys.stdout.isatty()
    show_source = settings.show_source if settings.show_source is not None else to_terminal
    job = commands._job(settings, show_source)
    plans: dict[str, _Plan | None] = {}  # None: a file that is not fixed
    stdin: tuple[str, bytes] | None = None
    rounds = 0
    while True:
        contents = {p.path: p.text.encode("utf-8") for p in plans.values() if p and not p.stdin}
        piped = next((p for p in plans.values() if p and p.stdin), None)
        if piped is not None:  # standard input is read once; later rounds read its fixed text
            stdin = (piped.path, piped.text.encode("utf-8"))
        targets, results, counts, lint_job = commands._lint(settings, job, contents, stdin)
        if stdin is None:
            stdin = next(((t.path, t.content) for t in targets if t.content is not None), None)
        findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
        color = commands._color(settings, to_terminal) and not settings.diff
        report = commands._report(
            settings, lint_job, targets, results, counts, findings, show_source, color
        )
        internal = [r.internal_error for r in results if r.internal_error]
        last = rounds == MAX_ROUNDS
        applied, unsafe_left = _fix_round(
            settings, report.findings, results, targets, plans, apply=not last
        )
        if not applied or last:
            break
        rounds += 1
    changed = sorted((p for p in plans.values() if p and p.changed), key=lambda p: p.path)
    fixed = sum(p.fixed for p in changed)
    summary = settings.output_format == "text" and not settings.quiet
    if settings.diff:
        commands.write_output(settings, "".join(_diff(p) for p in changed), "diff", exact=True)
        if summary:
            print(_would_fix(fixed, len(changed), unsafe_left, settings), file=sys.stderr)
        if internal:  # said, and exit 3
            return Run(results, report, internal, targets, lint_job).exit_code()
        return 1 if changed and not settings.exit_zero else 0
    _write(changed)
    text = REPORTER_BY_NAME[settings.output_format](report)
    commands.write_output(settings, text)
    if settings.statistics and settings.output_format != "text":
        from migralint.reporters.text import statistics

        print("\n".join(statistics(report.findings)), file=sys.stderr)
    if summary:
        remaining = len(report.findings)
        print(_fixed(fixed, len(changed), remaining, unsafe_left, settings), file=sys.stderr)
    return Run(results, report, internal, targets, lint_job).exit_code(settings.exit_zero)


def _fix_round(
    settings: CheckSettings,
    reported: list[Finding],
    results: list,
    targets: list,
    plans: dict[str, _Plan | None],
    apply: bool = True,
) -> tuple[int, int]:
    """Apply, in memory, the fixes of the reported findings; (how many were
    applied, how many unsafe ones were left out). Without ``apply``, only
    count them."""
    by_path: dict[str, list[Finding]] = {}
    for finding in reported:
        by_path.setdefault(finding.path, []).append(finding)
    untouchable = {r.path for r in results if r.internal_error}
    untouchable |= {f.path for r in results for f in r.findings if f.code in UNTOUCHABLE}
    untouchable |= {f.path for f in reported if f.code in UNTOUCHABLE}
    by_target = {t.path: t for t in targets}
    applied = unsafe_left = 0
    for path, found in by_path.items():
        if path in untouchable or not any(f.code in fixes.FIXABLE for f in found):
            continue
        if path not in plans:
            plans[path] = _read(by_target.get(path), path, settings.max_file_size)
        plan = plans[path]
        if plan is None:
            continue
        offered = fixes.fixes_for(plan.text, found)
        taken = [f for f in offered if f.safe or settings.unsafe_fixes]
        unsafe_left += len(offered) - len(taken)
        if not taken or not _reads_whole(plan.text):
            continue
        if not apply:
            applied += len(taken)
            continue
        text, done = fixes.apply(plan.text, taken)
        if done and text != plan.text:
            plan.text = text
            plan.fixed += len(done)
            applied += len(done)
    return applied, unsafe_left


def _read(target: object, path: str, limit: int | None = None) -> _Plan | None:
    """The file as it is now, when it may be fixed: strict UTF-8."""
    content = getattr(target, "content", None)
    is_stdin = content is not None
    if content is None:
        from migralint.runner import DEFAULT_MAX_FILE_SIZE

        limit = max(limit or 0, DEFAULT_MAX_FILE_SIZE)
        try:
            with open(path, "rb") as handle:
                content = handle.read(limit + 1)
        except OSError:
            return None
        if len(content) > limit:  # grown past the limit since it was linted
            return None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _Plan(path, content, text, stdin=is_stdin)


def _reads_whole(text: str) -> bool:
    from migralint import loader

    return loader.load(text).readable


def _write(changed: list[_Plan]) -> None:
    """Each fixed file once, atomically, in its own mode, through a link to
    the file it names; a file that changed on disk meanwhile is left alone."""
    from migralint.writing import write_atomically

    problems = []
    for plan in changed:
        real = os.path.realpath(plan.path)
        shown = escape(plan.path)
        try:
            with open(real, "rb") as handle:
                now = handle.read(len(plan.original) + 1)
            mode = stat.S_IMODE(os.stat(real).st_mode)
        except OSError as exc:
            problems.append(f"cannot fix {shown}: {exc.strerror or exc}")
            continue
        if now != plan.original:
            problems.append(f"{shown} changed while it was being fixed; not written")
            continue
        try:
            write_atomically(Path(real), plan.text, force=True, mode=mode)
        except UsageError as exc:
            problems.append(str(exc))
    if problems:
        error = UsageError(problems[0])
        error.problems = problems  # type: ignore[attr-defined]
        raise error


def _diff(plan: _Plan) -> str:
    """The file's changes as a unified diff, labelled ``a/PATH`` and
    ``b/PATH`` (``patch -p1`` and ``git apply`` take it); lines keep their
    own endings."""
    before = plan.original.decode("utf-8").split("\n")
    after = plan.text.split("\n")
    old = [line + "\n" for line in before[:-1]] + ([before[-1]] if before[-1] else [])
    new = [line + "\n" for line in after[:-1]] + ([after[-1]] if after[-1] else [])
    name = plan.path.replace(os.sep, "/")
    out = []
    for line in difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _unsafe_hint(unsafe_left: int, settings: CheckSettings) -> str:
    if not unsafe_left or settings.unsafe_fixes:
        return ""
    return f"; {unsafe_left:,} more fixable with --unsafe-fixes"


def _fixed(
    fixed: int, files: int, remaining: int, unsafe_left: int, settings: CheckSettings
) -> str:
    """``fixed 1 finding in 1 file; 1 remains``."""
    where = f" in {_count(files, 'file')}" if files else ""
    left = (
        "none remain"
        if not remaining
        else f"{remaining:,} {'remains' if remaining == 1 else 'remain'}"
    )
    return f"fixed {_count(fixed, 'finding')}{where}; {left}{_unsafe_hint(unsafe_left, settings)}"


def _would_fix(fixed: int, files: int, unsafe_left: int, settings: CheckSettings) -> str:
    """``would fix 1 finding in 1 file``."""
    if not fixed:
        return f"nothing to fix{_unsafe_hint(unsafe_left, settings)}"
    return (
        f"would fix {_count(fixed, 'finding')} in {_count(files, 'file')}"
        f"{_unsafe_hint(unsafe_left, settings)}"
    )
