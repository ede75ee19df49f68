"""One file at a time: read (within limits), lint, apply waivers and
per-file ignores, fingerprint. A broken file becomes findings, never an
exception that stops the run.

``Job`` holds everything a worker needs as plain, picklable data, so files
can be linted in parallel processes; each process builds its engines once.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from migralint import caps, loader
from migralint import config as configuration
from migralint import rules as rulefiles
from migralint.discovery import Target
from migralint.engine import CEILING, RULE_FAILED, Engine, InternalError
from migralint.finding import Finding
from migralint.i18n import catalogs as i18n_catalogs
from migralint.i18n.values import N_, Phrase
from migralint.inputs import size_text
from migralint.matching import FileIgnores, RuleIndex, SelectorSet
from migralint.selection import select_rules, validate_selectors

DEFAULT_MAX_FINDINGS = caps.DEFAULT_MAX_FINDINGS

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


@dataclass(frozen=True)
class Job:
    """The settings of a run that shape how each file is linted."""

    config_file: str | None = None  # --config: one file for every plan
    select: tuple[str, ...] | None = None  # command-line overrides (None: the config's)
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()  # added to the select list in force
    extend_ignore: tuple[str, ...] = ()  # added to the ignore list in force
    rule_files: tuple[str, ...] = ()
    max_file_size: int | None = None
    today: dt.date = field(default_factory=dt.date.today)
    fingerprints: bool = False  # for baselines, SARIF and GitLab (costs a hash per finding)
    keep_lines: bool = False  # the source lines travel back only when carets are shown
    skip_non_plans: bool = False  # files named explicitly but without `migralint:` are skipped
    max_findings: int | None = None  # --max-findings (None: the configuration's, else 100)
    defer_cap: bool = False  # a baseline applies first: the command caps after it
    trace: frozenset[str] = frozenset()  # --trace: rule codes whose evaluation is shown
    keep_plan: bool = False  # the plan's dated events travel back (reports that draw them)
    portfolio: bool = False  # several plans: portfolio rules extract each plan's facts
    lang: str = "en"  # the language of messages (i18n.LANGUAGES)
    buddhist: bool = False  # Thai dates in the Buddhist era's years


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    waived: list = field(default_factory=list)
    internal_error: str | None = None
    skipped: bool = False  # found in a directory, but not a plan
    lines: list[str] = field(default_factory=list)
    fail_on: str | None = None  # the configuration's fail level for this file
    config: str = "defaults"  # the configuration that governed the file (its label)
    ignored: int = 0  # findings not reported because of per-file-ignores
    hidden: int = 0  # findings not reported because of the cap (counted in PL012)
    max_findings: int = DEFAULT_MAX_FINDINGS  # the cap that applies to the file
    dropped: dict[str, tuple[int, str]] = field(default_factory=dict)  # loader: code -> not kept
    stopped: frozenset[str] = frozenset()  # rules that stopped at the engine's ceiling
    plan: object = None  # agenda.PlanView, under Job.keep_plan
    # Under Job.portfolio: what portfolio rules compare, (code, part) -> (facts, bound part);
    # the plan's label in other plans' messages; its valid waivers (which apply to the
    # portfolio findings too); the text of the lines those findings may be on (fingerprints).
    facts: dict = field(default_factory=dict)
    label: str = ""
    identity: str = ""
    waivers: list = field(default_factory=list)
    line_texts: dict[int, str] = field(default_factory=dict)


@dataclass
class Prepared:
    config: configuration.Config
    engine: Engine
    rules: list[rulefiles.Rule]  # the selected rules, in the engine's order
    known: RuleIndex  # every rule of the run, selected or not (waivers name them)
    ignores: FileIgnores  # per-file-ignores, globs compiled once


_PREPARED: dict[tuple, Prepared] = {}


def config_for(target: Target, job: Job) -> configuration.Config:
    if job.config_file:
        return _load_config(str(Path(job.config_file).resolve()))
    # A folder that could not be searched is governed like the files beside it.
    searched = os.path.isdir(target.path) and target.problem is None
    folder = Path(target.path) if searched else Path(target.path).parent
    found = configuration.find(folder if str(folder) else Path("."))
    return _load_config(str(found)) if found else configuration.DEFAULT


_CONFIGS: dict[str, configuration.Config] = {}


def _load_config(path: str) -> configuration.Config:
    if path not in _CONFIGS:
        _CONFIGS[path] = configuration.load(Path(path))
    return _CONFIGS[path]


def prepare(config: configuration.Config, job: Job) -> Prepared:
    """The rules and engine for plans governed by ``config`` (cached)."""
    cache_key = (
        config.label,
        job.select,
        job.ignore,
        job.extend_select,
        job.extend_ignore,
        job.rule_files,
        job.lang,
        job.buddhist,
    )
    if cache_key in _PREPARED:
        return _PREPARED[cache_key]
    extra = [*config.rules, *(Path(p) for p in job.rule_files)]
    available = rulefiles.combine(rulefiles.bundled_rules(), rulefiles.load_extra_rules(extra))
    # Flags override the file: a --select on the command line replaces the
    # file's select *and* ignore (unless --ignore is given too).
    select = list(job.select) if job.select is not None else list(config.select)
    if job.ignore is not None:
        ignore = list(job.ignore)
    else:
        ignore = [] if job.select is not None else list(config.ignore)
    if select and job.extend_select:  # an empty select list selects every rule already
        select += job.extend_select
    ignore += job.extend_ignore
    command_line = Phrase(N_("command line"))
    validate_selectors(available, [*job.extend_select, *job.extend_ignore], command_line)
    origin = command_line if job.select is not None or job.ignore is not None else config.label
    chosen = select_rules(available, select, ignore, origin)
    for globs in config.per_file_ignores.values():
        validate_selectors(available, globs, f"{config.label}: per-file-ignores")
    severity, options = configuration.rule_settings(config, available)
    engine = Engine(
        chosen,
        severity=severity,
        options=options,
        freezes=config.freezes,
        overrides=configuration.overrides_for(config, available),
        trace=frozenset(resolve_traced(available, job.trace)),
        translator=i18n_catalogs.translator_for(job.lang, job.buddhist, config.translations),
    )
    prepared = Prepared(
        config,
        engine,
        chosen,
        RuleIndex((r.code, r.name) for r in available),
        FileIgnores(config.per_file_ignores),
    )
    _PREPARED[cache_key] = prepared
    return prepared


def resolve_traced(available: list, traced: frozenset[str]) -> list[str]:
    """The codes `--trace` names (codes or names; a misspelt one is a usage
    error with a suggestion)."""
    return [configuration.resolve_rule(available, key, "--trace").code for key in sorted(traced)]


def _unreadable(message: str) -> loader.Document:
    doc = loader.Document(readable=False)
    doc.diagnostics.append(loader.Diagnostic("PL008", 1, 1, message))
    return doc


def read_document(target: Target, max_size: int, max_diagnostics: int = 0) -> loader.Document:
    path = target.path
    if target.problem:  # a folder discovery could not search
        doc = loader.Document(readable=False)
        doc.diagnostics.append(loader.Diagnostic(target.problem[0], 1, 1, target.problem[1]))
        return doc
    if target.content is not None:  # standard input, read up to the limit
        content = target.content
    elif target.missing:
        return _unreadable(Phrase(N_("no such file or directory")))
    elif not os.path.isfile(path):
        return _unreadable(Phrase(N_("not a regular file")))
    else:
        try:
            with open(path, "rb") as handle:
                content = handle.read(max_size + 1)
        except OSError as exc:
            # (the system's words for why, as it says them)
            return _unreadable(
                Phrase(N_("cannot read the file: {reason}"), reason=exc.strerror or str(exc))
            )
    if len(content) > max_size:
        doc = loader.Document(readable=False)
        size = _file_size(path, target, len(content))
        message = Phrase(
            N_(
                "the file is {size}, larger than the {limit} limit, and is not "
                "checked (raise the limit with --max-file-size)"
            ),
            size=size,
            limit=size_text(max_size),
        )
        doc.diagnostics.append(loader.Diagnostic("PL006", 1, 1, message))
        return doc
    if max_diagnostics:
        return loader.load(content, max_diagnostics=max_diagnostics)
    return loader.load(content)


def _file_size(path: str, target: Target, read: int) -> str:
    """The file's size in words (``12.5 MB``); from standard input, only
    what was read is known (``more than 10 MB``)."""
    if target.content is None:
        try:
            return size_text(os.stat(path).st_size, exact=False)
        except OSError:
            pass
    return Phrase(N_("more than {size}"), size=size_text(read - 1, exact=False))


def _relative(path: str, root: Path) -> str:
    try:
        return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(path).as_posix()


_NO_IGNORES = SelectorSet()


def _ignored(findings: list[Finding], ignored: SelectorSet) -> tuple[list[Finding], int]:
    """The findings per-file-ignores leave, and how many they took away.
    ``ignored`` is what the file's globs select, worked out once per file."""
    if not ignored:
        return findings, 0
    kept = [f for f in findings if not ignored.matches(f.code, f.name)]
    return kept, len(findings) - len(kept)


def _ran(
    prepared: Prepared, doc: loader.Document, found: list[Finding], ignored: SelectorSet
) -> set[str]:
    """The codes of the rules that ran on this file: selected, not ignored
    for it, and not stopped (an unreadable plan, or a gate rule such as
    PL003 that fired, stops every rule that reads the plan)."""
    fired = {f.code for f in found}
    ran: set[str] = set()
    stopped = not doc.readable
    for rule in prepared.rules:  # the engine's order
        if rule.scope == "portfolio":  # they run over several plans (portfolio.py)
            continue
        diagnostic = all(then.check == "file-diagnostic" for then in rule.then)
        if (diagnostic or not stopped) and not ignored.matches(rule.code, rule.name):
            ran.add(rule.code)
        if rule.gate and not diagnostic and rule.code in fired:
            stopped = True
    return ran


def lint_target(target: Target, job: Job) -> FileResult:
    config = config_for(target, job)
    prepared = prepare(config, job)
    max_size = job.max_file_size or config.max_file_size or DEFAULT_MAX_FILE_SIZE
    limit = next(
        n for n in (job.max_findings, config.max_findings, DEFAULT_MAX_FINDINGS) if n is not None
    )
    # The reader keeps as many diagnostics of one code as a rule may make
    # (the engine's ceiling), not the report's cap: waivers and the baseline
    # come after it, and must see every finding they might suppress.
    doc = read_document(target, max_size, CEILING if limit else sys.maxsize)
    # The plan's tree lives until the file is done: keep it out of the cyclic
    # collector's scans (refcounting still frees it; it holds no cycles).
    gc.freeze()
    if _passed_over(target, job, doc, max_size):
        return FileResult(target.path, skipped=True)
    try:
        stopped: set[str] = set()
        failures: set[str] = set()  # a rule that failed did not run: its waivers are not unused
        facts: dict | None = {} if job.portfolio else None
        findings = prepared.engine.lint(
            doc,
            target.path,
            ceiling=CEILING if limit else None,
            stopped=stopped,
            failures=failures,
            facts=facts,
        )
    except InternalError as exc:
        return FileResult(target.path, internal_error=str(exc))
    # A rule that failed is reported whatever the configuration says: no
    # per-file-ignore or waiver applies to PL011.
    failed = [f for f in findings if f.code == RULE_FAILED]
    if failed:
        findings = [f for f in findings if f.code != RULE_FAILED]
    relative = _relative(target.path, config.root)
    ignored = prepared.ignores.for_file(relative) if prepared.ignores else _NO_IGNORES
    found = findings
    findings, _ignored_count = _ignored(findings, ignored)
    waived: list = []
    found_waivers: list = []
    from migralint import waivers

    if config.waivers or waivers.has_candidates(doc.text):  # a directive comment, cheaply
        found_waivers = waivers.parse_inline(doc.text, target.path, prepared.known)
        found_waivers += waivers.from_config(config.waivers, config.label, relative, prepared.known)
        outcome = waivers.apply(
            findings,
            found_waivers,
            job.today,
            _ran(prepared, doc, found, ignored) - failures,
            prepared.engine.make,
            prepared.engine.translator,
        )
        # The waivers' own findings (PL009, PL010) obey per-file-ignores too.
        findings, _more = _ignored(outcome.findings, ignored)
        _ignored_count += _more
        waived = outcome.waived
    findings += failed
    lines = doc.text.splitlines() if job.fingerprints or job.keep_lines else []
    if job.fingerprints:
        findings = [replace(f, fingerprint=_fingerprint(f, lines)) for f in findings]
    findings.sort(key=Finding.sort_key)
    dropped = _dropped(doc, prepared, ignored)
    hidden = 0
    if not job.defer_cap:  # what is reported is capped: after ignores and waivers
        capped = caps.cap(
            findings, limit, target.path, dropped, stopped, prepared.engine.translator
        )
        findings, hidden = capped.findings, capped.hidden
    portfolio: dict = {}
    if facts:
        from migralint.portfolio import plan_identity, plan_label, texts_of

        portfolio = {
            "facts": facts,
            "label": plan_label(doc.data, target.path),
            "identity": plan_identity(doc.data, target.path),
            "waivers": [w for w in found_waivers if w.valid],
            "line_texts": texts_of(facts, doc.text) if job.fingerprints else {},
        }
    view = None
    if job.keep_plan:
        from migralint import agenda

        view = agenda.view(doc, pins={f.pointer for f in findings})
    return FileResult(
        target.path,
        findings,
        waived,
        plan=view,
        lines=lines if job.keep_lines else [],
        fail_on=config.fail_on,
        internal_error="; ".join(f"{target.path}: {f.message}" for f in failed) or None,
        config=config.label,
        ignored=_ignored_count,
        hidden=hidden,
        max_findings=limit,
        dropped=dropped,
        stopped=frozenset(stopped),
        **portfolio,
    )


def _dropped(
    doc: loader.Document, prepared: Prepared, ignored: SelectorSet
) -> dict[str, tuple[int, str]]:
    """The loader's diagnostics it counted but did not keep, of rules that
    run and are not ignored for this file: code -> (count, severity)."""
    counts = getattr(doc, "dropped", None) or {}
    rules = {r.code: r for r in prepared.rules}
    out = {}
    for code, count in counts.items():
        rule = rules.get(code)
        if rule is None or count <= 0:
            continue
        severity = prepared.engine.severity.get(code, rule.severity)
        if ignored.matches(code, rule.name):
            continue
        out[code] = (count, severity)
    return out


def _fingerprint(finding: Finding, lines: list[str]) -> str:
    from migralint import baseline

    text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
    return baseline.content_hash(finding, text)


def _is_plan(data: object) -> bool:
    return isinstance(data, dict) and "migralint" in data


def _passed_over(target: Target, job: Job, doc: loader.Document, max_size: int) -> bool:
    """Whether a file found in a folder, or named under --skip-non-plans, is
    not a plan and so not reported. One that loads is a plan when its root
    has `migralint`; one that does not load is reported when it plausibly is
    a plan (discovery.plausibly_plan), or could not be read at all."""
    if (target.explicit and not job.skip_non_plans) or target.problem:
        return False
    if doc.readable:
        return not _is_plan(doc.data)
    from migralint.discovery import plausibly_plan, unreadable_may_be_plan

    if target.content is not None:  # standard input, an editor's unsaved text
        return not plausibly_plan(target.content)

    return not unreadable_may_be_plan(target.path, max_size)
