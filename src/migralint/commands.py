"""What the commands do, apart from parsing arguments (cli.py) and
formatting findings (reporters/)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from migralint import discovery
from migralint import rules as rulefiles
from migralint.engine import RULE_FAILED
from migralint.errors import UsageError
from migralint.finding import SEVERITY_RANK, Finding
from migralint.i18n.values import N_, Phrase
from migralint.reporters import REPORTER_BY_NAME, Report
from migralint.runner import FileResult, Job, config_for, lint_target, prepare


@dataclass(frozen=True)
class CheckSettings:
    paths: tuple[str, ...] = (".",)
    output_format: str = "text"
    output: str | None = None
    force: bool = False
    fail_on: str | None = None  # None: the configuration's, else error
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    rule_files: tuple[str, ...] = ()
    config_file: str | None = None
    max_file_size: int | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    show_waived: bool = False
    show_source: bool | None = None  # None: on a terminal
    color: bool | None = None  # None: on a terminal without NO_COLOR
    statistics: bool = False
    jobs: int | None = None  # None: the number of cores
    skip_non_plans: bool = False
    max_findings: int | None = None  # None: the configuration's, else 100; 0: no cap
    today: dt.date | None = None
    exclude: tuple[str, ...] | None = None  # None: discovery.DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    trace: tuple[str, ...] = ()
    stdin_filename: str | None = None  # the name of the plan read from `-`
    exit_zero: bool = False
    quiet: bool = False
    respect_gitignore: bool = True
    fix: bool = False  # write the safe fixes into the files (fixing.py)
    unsafe_fixes: bool = False  # and the unsafe ones
    diff: bool = False  # print the fixes as a unified diff, write nothing
    lang: str | None = None  # --lang (None: the configuration's, else the locale's)


def lint_all(targets: list, job: Job, jobs: int) -> list[FileResult]:
    """Lint every target, in parallel processes when it pays; results come
    back in the targets' order whatever order the workers finish in."""
    if jobs <= 1 or len(targets) < PARALLEL_THRESHOLD:
        return [lint_target(t, job) for t in targets]
    from migralint import workers

    return workers.lint_in_parallel(targets, job, jobs, lint_target)


PARALLEL_THRESHOLD = 16


def _color(settings: CheckSettings, to_terminal: bool) -> bool:
    """--color/--no-color, else NO_COLOR (which wins), else FORCE_COLOR, else
    whether the output is a terminal (https://no-color.org, force-color.org)."""
    if settings.color is not None:
        return settings.color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return to_terminal


def _read_stdin(settings: CheckSettings, job: Job) -> tuple[str, bytes] | None:
    """(the name the plan from `-` goes by, its bytes up to one past its
    limit), when `-` is among the paths."""
    if "-" not in settings.paths:
        return None
    name = settings.stdin_filename or "-"
    limit = settings.max_file_size
    if limit is None:
        from migralint.runner import DEFAULT_MAX_FILE_SIZE

        config = config_for(discovery.Target(name, explicit=True), job)
        limit = config.max_file_size or DEFAULT_MAX_FILE_SIZE
    stream = sys.stdin.buffer if sys.stdin is not None else None
    content = stream.read(limit + 1) if stream is not None else b""
    return name, content


@dataclass
class Run:
    """What a run found, as every command that reports it needs it: the
    per-file results (with the plans' events under ``keep_plan``), the
    report the formats render, and the internal errors."""

    results: list[FileResult]
    report: Report
    internal: list[str]
    targets: list
    job: Job

    def exit_code(self, exit_zero: bool = False) -> int:
        for message in self.internal:
            print(f"migralint: internal error: {message}", file=sys.stderr)
        if self.internal:
            return EXIT_INTERNAL
        if exit_zero:
            return 0
        levels = self.report.fail_levels
        return 1 if any(report_fails(f, levels) for f in self.report.findings) else 0


def language(
    explicit: str | None, config_file: str | None = None, machine: bool = False
) -> tuple[str, bool]:
    """The run's language (i18n.choose), the configuration's `language` read
    from the run's own configuration (`--config`, else the one found from
    the working folder)."""
    from migralint import config as configuration
    from migralint import i18n

    configured = None
    if explicit is None and not machine:
        found = Path(config_file) if config_file else configuration.find(Path.cwd())
        if found is not None and found.exists():
            configured = configuration.load(found).language
    return i18n.choose(explicit, configured, dict(os.environ), machine=machine)


def _job(settings: CheckSettings, show_source: bool, keep_plan: bool = False) -> Job:
    from migralint import i18n

    machine = settings.output_format in i18n.MACHINE_FORMATS
    lang, buddhist = language(settings.lang, settings.config_file, machine)
    return Job(
        lang=lang,
        buddhist=buddhist,
        config_file=settings.config_file,
        select=settings.select,
        ignore=settings.ignore,
        extend_select=settings.extend_select,
        extend_ignore=settings.extend_ignore,
        rule_files=settings.rule_files,
        max_file_size=settings.max_file_size,
        today=settings.today or dt.date.today(),
        skip_non_plans=settings.skip_non_plans,
        fingerprints=bool(
            settings.baseline
            or settings.write_baseline
            or settings.output_format in ("sarif", "gitlab")
        ),
        keep_lines=show_source,
        max_findings=settings.max_findings,
        # A baseline (read or written) sees every finding; the cap comes after it.
        defer_cap=bool(settings.baseline or settings.write_baseline),
        trace=frozenset(settings.trace),
        keep_plan=keep_plan,
    )


def _lint(
    settings: CheckSettings,
    job: Job,
    contents: dict[str, bytes] | None = None,
    stdin: tuple[str, bytes] | None = None,
) -> tuple[list, list[FileResult], dict[str, int], Job]:
    """Find the plans, lint them, and leave out the files that are not plans;
    when there are several, compare them (portfolio rules). ``contents``
    stands in for the files of those paths (the fixed text, under --fix);
    ``stdin`` for standard input once it has been read."""
    exclude = discovery.DEFAULT_EXCLUDE if settings.exclude is None else settings.exclude
    if settings.config_file and not os.path.exists(settings.config_file):
        raise UsageError(Phrase("--config {path}: no such file", path=settings.config_file))
    counts: dict[str, int] = {}
    targets = discovery.collect(
        settings.paths,
        exclude=(*exclude, *settings.extend_exclude),
        limit=max(settings.max_file_size or 0, discovery.DEFAULT_SCREEN_LIMIT),
        respect_gitignore=settings.respect_gitignore,
        counts=counts,
        stdin=stdin or _read_stdin(settings, job),
    )
    if contents:
        targets = [
            replace(t, content=contents[t.path]) if t.path in contents and not t.problem else t
            for t in targets
        ]
    # Configuration and rule-file errors surface here, before any worker starts.
    portfolio = False
    for target in targets:
        prepared = prepare(config_for(target, job), job)
        portfolio = portfolio or any(r.scope == "portfolio" for r in prepared.rules)
    if portfolio and len(targets) > 1:
        job = replace(job, portfolio=True)
    jobs = settings.jobs if settings.jobs is not None else (os.cpu_count() or 1)
    results = lint_all(targets, job, jobs)
    passed_over = sum(r.skipped for r in results)
    results = [r for r in results if not r.skipped]
    if not results:
        _no_plans(settings.paths, passed_over, counts.get("gitignored", 0))
    if job.portfolio:
        from migralint import portfolio as portfolios

        failed = portfolios.apply(results, targets, job)
        if failed:
            results[0].internal_error = "; ".join(
                m for m in (results[0].internal_error, *failed) if m
            )
    return targets, results, counts, job


def _report(
    settings: CheckSettings,
    job: Job,
    targets: list,
    results: list[FileResult],
    counts: dict[str, int],
    findings: list[Finding],
    show_source: bool,
    color: bool,
) -> Report:
    baselined: list[Finding] = []
    if settings.baseline:
        findings, baselined = _apply_baseline(Path(settings.baseline), results, findings, job)
    rules = _rules_that_ran(targets, job)
    if any(f.code == RULE_FAILED for f in findings) and RULE_FAILED not in {r.code for r in rules}:
        rules += [r for r in rulefiles.bundled_rules() if r.code == RULE_FAILED]
    from migralint.i18n.translator import translator

    return Report(
        tr=translator(job.lang, job.buddhist),
        findings=findings,
        files=sorted(r.path for r in results),  # the order of the arguments does not matter
        rules=rules,
        waived=sorted((w for r in results for w in r.waived), key=lambda w: w.finding.sort_key()),
        sources={r.path: r.lines for r in results},
        show_waived=settings.show_waived,
        show_source=show_source,
        color=color,
        quiet=settings.quiet,
        fail_levels={r.path: settings.fail_on or r.fail_on or "error" for r in results},
        gitignored=counts.get("gitignored", 0),
        statistics=settings.statistics and settings.output_format == "text",
        baselined=baselined,
        ignored=sum(r.ignored for r in results),
        truncated=sum(r.hidden for r in results),
        configs={r.path: r.config for r in results},
        other_configs=_other_configs(results, job),
        policy=_policy(targets, job),
    )


def collect(settings: CheckSettings, *, keep_plan: bool = False, show_source: bool = True) -> Run:
    """Lint as `check` does (configuration, selection, waivers, baseline
    and caps alike) for the commands that report in other shapes (`report`,
    `calendar`): the plans' dated events come back under ``keep_plan``."""
    targets, results, counts, job = _lint(settings, _job(settings, show_source, keep_plan))
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    internal = [r.internal_error for r in results if r.internal_error]
    report = _report(settings, job, targets, results, counts, findings, show_source, False)
    return Run(results, report, internal, targets, job)


def run_check(settings: CheckSettings) -> int:
    if settings.fix or settings.diff:
        from migralint import fixing

        return fixing.run(settings)
    to_terminal = settings.output is None and sys.stdout.isatty()
    show_source = settings.show_source if settings.show_source is not None else to_terminal
    targets, results, counts, job = _lint(settings, _job(settings, show_source))
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    internal = [r.internal_error for r in results if r.internal_error]
    if settings.write_baseline:
        from migralint import baseline

        count = baseline.write(
            Path(settings.write_baseline),
            [(f, f.fingerprint) for f in findings if f.code != RULE_FAILED],
            force=settings.force,
        )
        print(
            f"wrote {count} finding(s) to the baseline {settings.write_baseline}", file=sys.stderr
        )
        return EXIT_INTERNAL if internal else 0
    color = _color(settings, to_terminal)
    report = _report(settings, job, targets, results, counts, findings, show_source, color)
    text = REPORTER_BY_NAME[settings.output_format](report)
    write_output(settings, text)
    if settings.statistics and settings.output_format != "text":
        from migralint.reporters.text import statistics

        print("\n".join(statistics(report.findings)), file=sys.stderr)
    return Run(results, report, internal, targets, job).exit_code(settings.exit_zero)


def write_output(
    settings: CheckSettings, text: str, what: str = "report", exact: bool = False
) -> None:
    """The report to ``--output`` (atomically, never over a file without
    ``--force``), else to standard output; under ``exact`` its line endings
    reach standard output untranslated (a calendar's CRLF, on Windows too)."""
    if settings.output:
        from migralint.writing import write_atomically

        write_atomically(Path(settings.output), text, force=settings.force, what=what)
    elif exact and hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)


def run_report(settings: CheckSettings) -> int:
    """`migralint report`: the HTML report (report/)."""
    _needs("jinja2", "report", "Jinja2")
    _not_to_terminal(settings, N_("an HTML report"))
    run = collect(settings, keep_plan=True)
    from migralint.report import render

    write_output(settings, render(run, settings.today or dt.date.today()))
    return run.exit_code(settings.exit_zero)


def run_calendar(settings: CheckSettings) -> int:
    """`migralint calendar`: the plans' dates as iCalendar (ics.py)."""
    _needs("icalendar", "calendar", "icalendar")
    _not_to_terminal(settings, N_("a calendar"))
    run = collect(settings, keep_plan=True)
    from migralint.ics import render

    write_output(settings, render(run), what="calendar", exact=True)
    return run.exit_code(settings.exit_zero)


def run_lsp() -> int:
    """`migralint lsp`: the language server (lsp/), until the editor stops it."""
    _needs("pygls", "lsp", "pygls")
    from migralint.lsp.server import serve

    serve()
    return 0


def _needs(module: str, extra: str, package: str) -> None:
    """A command whose dependency is an extra says how to install it."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise UsageError(
            Phrase(
                "`migralint {extra}` needs {package}, which is not installed: "
                "pip install 'migralint[{extra}]'",
                extra=extra,
                package=package,
            )
        )


def _not_to_terminal(settings: CheckSettings, what: str) -> None:
    if settings.output is None and sys.stdout.isatty():
        raise UsageError(
            Phrase("give -o FILE: {what} is not for a terminal (or redirect it)", what=Phrase(what))
        )


def report_fails(finding: Finding, levels: dict[str, str]) -> bool:
    """Whether the finding is at or above its file's fail level."""
    level = levels.get(finding.path, "error")
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[level]


EXIT_INTERNAL = 3


def _apply_baseline(
    path: Path, results: list[FileResult], findings: list[Finding], job: Job | None = None
) -> tuple[list[Finding], list[Finding]]:
    """(what the baseline does not account for, capped per file as the
    runner caps without a baseline, in the run's language; what it does
    account for)."""
    from migralint import baseline, caps
    from migralint.i18n.translator import translator

    tr = translator(job.lang, job.buddhist) if job is not None else translator("en")

    counts, base = baseline.load(path)
    failed = [f for f in findings if f.code == RULE_FAILED]  # a failed rule is never baselined
    kept = [(f, f.fingerprint) for f in findings if f.code != RULE_FAILED]
    fresh = [*baseline.new_findings(kept, counts, base), *failed]
    new_ids = {id(f) for f in fresh}
    baselined = [f for f in findings if id(f) not in new_ids]
    reported: list[Finding] = []
    for result in results:
        mine = [f for f in result.findings if id(f) in new_ids]
        capped = caps.cap(
            mine, result.max_findings, result.path, result.dropped, result.stopped, tr
        )
        result.hidden = capped.hidden
        reported += capped.findings
    return sorted(reported, key=Finding.sort_key), baselined


def _other_configs(results: list[FileResult], job: Job) -> tuple[str, ...]:
    """The configurations that governed files, other than the run's own
    (`--config`, else the one found from the working folder): a nested
    configuration replaces the root's, and the summary says so."""
    if job.config_file:
        return ()
    from migralint import config as configuration

    found = configuration.find(Path.cwd())
    own = configuration.Config(path=found).label if found else configuration.DEFAULT.label
    return tuple(sorted({r.config for r in results} - {own}))


def _policy(targets: list, job: Job) -> tuple[str, ...]:
    """What each configuration changes about the bundled rules, so that a
    configuration that switches rules off, relaxes a threshold or lowers a
    severity is never silent: `.migralint.yaml: 64 rules off, options of
    TL001`. Rules the command line leaves out are the job's own choice."""
    bundled = {r.code for r in rulefiles.bundled_rules()}
    notes: dict[str, str] = {}
    for target in targets:
        config = config_for(target, job)
        if config.path is None or config.label in notes:
            continue
        prepared = prepare(config, job)
        parts = []
        if job.select is None and job.ignore is None and not job.extend_ignore:
            off = len(bundled - {r.code for r in prepared.rules})
            if off:
                parts.append(f"{off:,} rule{'' if off == 1 else 's'} off")
        for what, codes in (
            ("options", sorted(set(prepared.engine.options) & bundled)),
            ("severity", sorted(set(prepared.engine.severity) & bundled)),
        ):
            if codes:
                more = f" and {len(codes) - 3:,} more" if len(codes) > 3 else ""
                parts.append(f"{what} of {', '.join(codes[:3])}{more}")
        if parts:
            notes[config.label] = f"{config.label}: {', '.join(parts)}"
    return tuple(notes[label] for label in sorted(notes))


def _no_plans(paths: tuple[str, ...], passed_over: int, gitignored: int = 0) -> None:
    """A run over folders that found no plan checked nothing: that is an
    error, not a pass. Named files that are all non-plans (a pre-commit run
    under --skip-non-plans) are a pass, said in one line."""
    from migralint.textutil import escape

    folders = [p for p in paths if os.path.isdir(p)]
    if folders:
        names = ", ".join(escape(f) for f in folders)
        hint = (
            Phrase(
                "; {n} passed over by .gitignore (--no-respect-gitignore checks them)",
                n=f"{gitignored:,}",
            )
            if gitignored
            else ""
        )
        raise UsageError(
            Phrase(
                "no plans found under {names} ({definition}){hint}",
                names=names,
                definition=Phrase(discovery.PLAN_DEFINITION),
                hint=hint,
            )
        )
    if passed_over:
        noun = "file" if passed_over == 1 else "files"
        print(
            f"migralint: no plans among {passed_over} {noun} (files without a `migralint` key "
            "are passed over under --skip-non-plans)",
            file=sys.stderr,
        )


def _rules_that_ran(targets: list, job: Job) -> list:
    seen: dict[str, object] = {}
    for target in targets or []:
        for rule in prepare(config_for(target, job), job).rules:
            seen.setdefault(rule.code, rule)
    if not seen:
        return list(rulefiles.bundled_rules())
    return sorted(seen.values(), key=rulefiles.rule_order)


def rules_table(
    config_file: str | None = None,
    rule_files: tuple[str, ...] = (),
    output_format: str = "text",
    lang: str | None = None,
) -> str:
    """Every rule a run from here would see, local ones included."""
    from migralint import catalogue

    found = catalogue.available_rules(config_file, rule_files)
    if output_format == "json":
        return catalogue.rules_json(found, reader_translator(lang, config_file, machine=True))
    return catalogue.rules_text(found, reader_translator(lang, config_file))


def explain_rule(
    key: str,
    config_file: str | None = None,
    rule_files: tuple[str, ...] = (),
    lang: str | None = None,
) -> str:
    from migralint import catalogue

    found = catalogue.available_rules(config_file, rule_files)
    rule = catalogue.find_rule(found, key)
    return catalogue.explain_text(rule, reader_translator(lang, config_file))


def reader_translator(lang: str | None, config_file: str | None = None, machine: bool = False):
    """The translator of a command that describes rules: the run's language,
    with the catalogs the run's configuration names for its rule files."""
    from migralint import config as configuration
    from migralint.i18n.catalogs import translator_for

    chosen, buddhist = language(lang, config_file, machine)
    if chosen == "en":
        return translator_for("en", False)
    found = Path(config_file) if config_file else configuration.find(Path.cwd())
    folders = configuration.load(found).translations if found is not None else ()
    return translator_for(chosen, buddhist, folders)


def checks_table(output_format: str = "text") -> str:
    from migralint import catalogue

    return catalogue.checks_json() if output_format == "json" else catalogue.checks_text()


def init_plan(path: str, lang: str | None = None, today: dt.date | None = None) -> str:
    """Write the starter plan to ``path`` (``plan.yaml`` inside it when it is
    a folder or ends with a separator); never over an existing file."""
    import re
    from importlib import resources as importlib_resources

    if path.endswith(("/", os.sep)) or os.path.isdir(path):
        os.makedirs(path, exist_ok=True)
        path = os.path.join(path, "plan.yaml")
    template = (
        importlib_resources.files("migralint") / "templates" / "starter-plan.yaml"
    ).read_text(encoding="utf-8")
    from migralint.i18n.comments import translated
    from migralint.writing import write_atomically

    tr = reader_translator(lang)
    template = translated(template, tr)
    cutover = starter_cutover(today or dt.date.today())
    text = re.sub(
        r"@@C([+-]\d+)@@",
        lambda m: (cutover + dt.timedelta(days=int(m.group(1)))).isoformat(),
        template,
    ).replace("@@PATH@@", path)
    write_atomically(Path(path), text, what="file", hint="give another path")
    return tr(
        "wrote a starter plan to {path}; fill in the TODOs, then run: migralint check {path}",
        path=path,
    )


# The starter plan's kickoff is this many days before its cutover, and its
# first date should be a few weeks ahead of the day it is written.
STARTER_LEAD = 253 + 28
STARTER_COUNTRIES = ("DE",)


def starter_cutover(today: dt.date) -> dt.date:
    """The starter plan's cutover day: the first Tuesday at least
    ``STARTER_LEAD`` days ahead that is neither a public holiday nor the
    working day before one in the starter's countries, and clear of the
    retail peak (the other dates keep their distances from it)."""
    from migralint.checks.calendar import _next_working_day, holiday_on, us_retail_peak

    day = today + dt.timedelta(days=STARTER_LEAD)
    day += dt.timedelta(days=(1 - day.weekday()) % 7)  # Tuesday is weekday 1
    for _ in range(104):  # two years of Tuesdays is far more than any calendar needs
        following = [_next_working_day(c, day) for c in STARTER_COUNTRIES]
        black_friday, cyber_monday = us_retail_peak(day.year)
        clear = not any(holiday_on(c, day) for c in STARTER_COUNTRIES) and not any(
            f is not None and holiday_on(c, f)
            for c, f in zip(STARTER_COUNTRIES, following, strict=True)
        )
        peak = black_friday - dt.timedelta(days=28) <= day <= cyber_monday + dt.timedelta(days=7)
        if clear and not peak:
            return day
        day += dt.timedelta(days=7)
    return day
