"""Rules x checks -> findings for one loaded plan.

The engine stamps code, name and severity on what checks report, formats
the rule's message, and places each finding at its node. It knows nothing
of files on disk, the terminal or output formats.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field, replace
from typing import Any

from migralint import paths, textutil, timeutil
from migralint.checks import REGISTRY, Context
from migralint.finding import SEVERITY_RANK, Finding
from migralint.i18n.translator import ENGLISH, Translator
from migralint.i18n.values import N_, Localized, Phrase
from migralint.loader import Document
from migralint.rules import Rule, Then

DEFAULT_ZONE = "UTC"


# A check that raised on a plan: a bug in migralint. It becomes a finding of
# its own (the other rules' findings are still reported) and the run exits 3.
# It is never subject to select/ignore, severity overrides, per-file-ignores,
# waivers or a baseline: those switch rules off, and this is not a rule's
# verdict on the plan but a failure to give one.
RULE_FAILED = "PL011"
RULE_FAILED_NAME = "rule-failed"


# The findings one rule may make in one file before it stops: far above any
# report's cap (``--max-findings``, 100 by default), so waivers and ignores
# still see every finding a real plan makes, while a million schema errors
# in a list of a million bad country codes cost what ten thousand do.
CEILING = 10_000


class InternalError(Exception):
    """A failure outside the checks: a bug in migralint, reported with exit 3."""


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "?"


_FORMATTER = string.Formatter()


def render(template: str, params: dict[str, Any], limits: dict[str, int] | None = None) -> str:
    """The rule's message with its parameters filled in. Every value is a
    short, escaped excerpt: a plan decides them, so none may make a message
    as long as the value it quotes (an aliased megabyte quoted a thousand
    times) or carry a control or bidi character to a terminal. The template
    itself comes from a rule file and is escaped as a whole too."""
    limits = limits or _COMPOSED
    values = _Params(
        {k: _text(v, limits.get(k, textutil.EXCERPT_LIMIT)) for k, v in params.items()}
    )
    return textutil.escape(_FORMATTER.vformat(template, (), values))


_LOCALIZED_LIMIT = 400


# Parameters that are text migralint composed itself (a schema or reader
# message, a did-you-mean clause), which excerpt the values they quote: cut
# only far beyond any message of their own.
_COMPOSED = {"message": 1000, "suggestion": 200, "problem": 500, "others": 400, "other": 200}


def _text(value: Any, limit: int = textutil.EXCERPT_LIMIT) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) < _SHORT_INT:
        return str(value)  # (str() of a huge int is slow, or refused: excerpted below)
    if isinstance(value, (float, timeutil.Duration)):
        return textutil.excerpt(str(value), limit)
    if isinstance(value, int):
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    return textutil.excerpt(value, limit)


_SHORT_INT = 10**30


@dataclass
class Engine:
    rules: list[Rule]
    severity: dict[str, str] = field(default_factory=dict)  # code -> severity override
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> option overrides
    # The configuration's company-wide freezes (periods.PERIOD_SCHEMA), which
    # `inside-periods` reads with `freezes: true` (TL002 does).
    freezes: tuple[Any, ...] = ()
    # Configuration overrides by plan content: (predicate, options, severity)
    # each, applied in order to the plans whose root satisfies the predicate.
    overrides: tuple[tuple[Any, dict[str, dict[str, Any]], dict[str, Any]], ...] = ()
    # Rule codes whose evaluation is written to stderr (`check --trace`).
    trace: frozenset[str] = frozenset()
    # The language of messages: rules' templates from its catalogs, the
    # values they quote in its formats (English: as they are).
    translator: Translator = ENGLISH

    def __post_init__(self) -> None:
        self._bound = self._bind(self.options)
        self._by_code = {rule.code: rule for rule in self.rules}
        # The rules bound for each combination of overrides that held on
        # some plan: a few in practice, and bounded.
        self._variants: dict[tuple[int, ...], tuple[list, dict[str, Any]]] = {}

    def _bind(self, options: dict[str, dict[str, Any]]) -> list:
        return [
            (rule, rule.bound_when(options.get(rule.code)), rule.bind(options.get(rule.code)))
            for rule in self.rules
        ]

    def _settings(self, ctx: Context) -> tuple[list, dict[str, Any]]:
        """The bound rules and severity overrides for this plan: the
        configuration's, then every override whose `when` holds, in order."""
        if not self.overrides:
            return self._bound, self.severity
        held = tuple(i for i, (when, _, _) in enumerate(self.overrides) if ctx.holds(when))
        if not held:
            return self._bound, self.severity
        variant = self._variants.get(held)
        if variant is None:
            options = {code: dict(values) for code, values in self.options.items()}
            severity = dict(self.severity)
            for index in held:
                _, more_options, more_severity = self.overrides[index]
                for code, values in more_options.items():
                    options[code] = {**options.get(code, {}), **values}
                severity.update(more_severity)
            variant = (self._bind(options), severity)
            if len(self._variants) < 64:
                self._variants[held] = variant
        return variant

    def say(self, code: str, template: str, params: dict[str, Any]) -> str:
        """Rule ``code``'s message ``template`` with ``params``, in the run's language."""
        tr = self.translator
        if tr.english:
            return render(template, params)
        # A part migralint composed (a window, a clock change) may say in
        # more characters what English says within the excerpt's limit.
        limits = dict(_COMPOSED)
        for key, value in params.items():
            if isinstance(value, Localized) and key not in limits:
                limits[key] = _LOCALIZED_LIMIT
        values = {k: tr.value(v) for k, v in params.items()}
        return render(tr.rule(code, template), values, limits)

    def make(self, code: str, path: str, line: int, column: int, message: str) -> Finding | None:
        """A finding of rule ``code`` found outside the checks (waivers), or
        None when that rule is not selected."""
        rule = self._by_code.get(code)
        if rule is None:
            return None
        return self._finding(rule, rule.severity, path, line, column, message, ())

    def lint(
        self,
        doc: Document,
        path: str,
        *,
        ceiling: int | None = CEILING,
        stopped: set[str] | None = None,
        failures: set[str] | None = None,
        facts: dict[tuple[str, int], tuple[Any, Then, Any]] | None = None,
    ) -> list[Finding]:
        """The findings of every rule on ``doc``. A rule stops after ``ceiling``
        findings (None: never) and its code is added to ``stopped``: a plan
        can make one rule fire a million times, and the report shows at most
        ``--max-findings`` of them anyway. The codes of rules whose check
        raised are added to ``failures``. Rules of scope `portfolio` run only
        when ``facts`` is given: each part's extract is stored there, under
        (code, part), with the part as bound for this plan."""
        findings: list[Finding] = []
        for diag in doc.diagnostics:
            rule = self._by_code.get(diag.code)
            if rule is not None:
                findings.append(
                    self._finding(
                        rule, rule.severity, path, diag.line, diag.column, diag.message, ()
                    )
                )
        if not doc.readable:
            return findings

        zone_name = _zone_name(doc.data)
        tz = timeutil.zone(zone_name) or timeutil.zone(DEFAULT_ZONE)
        ctx = Context(
            doc, tz, zone_name if timeutil.zone(zone_name) else DEFAULT_ZONE, self.freezes
        )
        bound, severity = self._settings(ctx)
        for rule, when, thens in bound:
            if rule.scope == "portfolio":
                if facts is not None:
                    override = severity.get(rule.code)
                    self._extract(rule, when, thens, ctx, path, facts, findings, failures, override)
                continue
            failing = "when"
            found: list[tuple[int, Finding]] = []
            tracing = rule.code in self.trace
            try:
                if when is not None and not ctx.holds(when):
                    if tracing:
                        _trace(path, rule.code, "the rule's `when` does not hold: not run")
                    continue
                if tracing:
                    said = "the rule's `when` holds" if when is not None else "no `when`: runs"
                    _trace(path, rule.code, said)
                for part, then in enumerate(thens):
                    if then.check == "file-diagnostic":
                        continue
                    failing = then.check
                    before = len(found)
                    stop = self._apply(rule, then, ctx, doc, path, part, found, ceiling, severity)
                    if tracing:
                        _trace_part(ctx, path, rule.code, part, then, found[before:])
                    if stop:
                        if stopped is not None:
                            stopped.add(rule.code)
                        break
            except Exception as exc:  # a bug in one rule must not hide the others
                findings.extend(_most_severe_part(found))
                findings.append(rule_failed(path, rule.code, failing, exc, self.translator))
                if failures is not None:
                    failures.add(rule.code)
                continue
            findings.extend(_most_severe_part(found))
            if found and rule.gate:
                break
        return findings

    def _extract(
        self,
        rule: Rule,
        when: Any,
        thens: list[Then],
        ctx: Context,
        path: str,
        facts: dict[tuple[str, int], tuple[Any, Then, Any]],
        findings: list[Finding],
        failures: set[str] | None,
        override: Any = None,
    ) -> None:
        """One plan's facts for a portfolio rule (compared in portfolio.py),
        with the part as bound for this plan and its severity override."""
        failing = "when"
        try:
            if when is not None and not ctx.holds(when):
                return
            for part, then in enumerate(thens):
                if then.when is not None and not ctx.holds(then.when):
                    continue
                failing = then.check
                extracted = REGISTRY[then.check].function(ctx, **then.args)
                facts[(rule.code, part)] = (extracted, then, override)
        except Exception as exc:  # a bug in one rule must not hide the others
            findings.append(rule_failed(path, rule.code, failing, exc, self.translator))
            if failures is not None:
                failures.add(rule.code)

    def placed(
        self,
        code: str,
        then: Then,
        where: tuple[str, int, int, str],
        message: str,
        override: Any = None,
    ) -> Finding | None:
        """A finding of rule ``code`` made outside this plan's checks (a
        portfolio rule's) at ``where`` (path, line, column, pointer), with
        the severity override that held for the plan (``override``)."""
        rule = self._by_code.get(code)
        if rule is None:
            return None
        path, line, column, pointer = where
        severity = then.severity or rule.severity
        overrides = {code: override} if override is not None else {}
        finding = self._finding(rule, severity, path, line, column, message, (), overrides)
        finding = replace(finding, pointer=pointer)
        return replace(finding, name=then.name) if then.name else finding

    def _finding(
        self,
        rule: Rule,
        severity: str,
        path: str,
        line: int,
        col: int,
        msg: str,
        pointer: tuple,
        overrides: dict[str, Any] | None = None,
    ) -> Finding:
        # A message composed outside the rule's template (the loader's, a
        # waiver's, a portfolio rule's) says itself in the run's language.
        msg = str(msg) if self.translator.english else str(self.translator.value(msg))
        override = (self.severity if overrides is None else overrides).get(rule.code)
        if isinstance(override, dict):
            # Per part: {error: warning, warning: info} keeps the parts apart.
            severity = override.get(severity, severity)
        elif override is not None:
            severity = override
        return Finding(path, line, col, rule.code, rule.name, severity, msg, paths.dotted(pointer))

    def _apply(
        self,
        rule: Rule,
        then: Then,
        ctx: Context,
        doc: Document,
        path: str,
        part: int,
        found: list[tuple[int, Finding]],
        ceiling: int | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> bool:
        """Apply one part of a rule, adding its findings to ``found``; True when
        the rule reached ``ceiling`` findings and stopped."""
        if then.when is not None and not ctx.holds(then.when):
            return False
        for problem in REGISTRY[then.check].function(ctx, **then.args):
            if ceiling is not None and len(found) >= ceiling:
                return True
            pointer = tuple(problem.pointer)
            line, col = doc.key_position(pointer) if problem.on_key else doc.position(pointer)
            params = {"path": paths.dotted(pointer), **problem.params}
            message = self.say(rule.code, then.message or "", params)
            severity = then.severity or rule.severity
            finding = self._finding(rule, severity, path, line, col, message, pointer, overrides)
            if then.name:  # a case with a name of its own (the code stays the rule's)
                finding = replace(finding, name=then.name)
            found.append((part, finding))
        return False


def _trace(path: str, code: str, text: str) -> None:
    import sys

    print(f"trace {code} {textutil.escape(path)}: {text}", file=sys.stderr, flush=True)


def _trace_part(ctx: Context, path: str, code: str, part: int, then: Any, made: list) -> None:
    """One part of a traced rule: its check, whether its `when` held, how
    many items its `given` (or `items`) selected, and where each finding is."""
    if then.when is not None and not ctx.holds(then.when):
        _trace(path, code, f"part {part + 1} ({then.check}): its `when` does not hold: skipped")
        return
    walked = "-"
    for key in ("given", "items"):
        if isinstance(then.args.get(key), str):
            walked = str(len(ctx.select(then.args[key])))
            break
    where = ", ".join(f"{f.line}:{f.column} {f.severity}" for _, f in made) or "no finding"
    _trace(
        path,
        code,
        f"part {part + 1} ({then.check}): walked {walked}, matched {len(made)}: {where}",
    )


def rule_failed(
    path: str, code: str, check: str, exc: BaseException, tr: Translator = ENGLISH
) -> Finding:
    """The PL011 finding for a rule whose check raised: which rule, which
    check, the exception in short, and that this is a bug to report."""
    problem = textutil.excerpt(f"{type(exc).__name__}: {exc}", limit=200)
    message = Phrase(
        N_(
            "rule {code} ({check}) could not check the plan: {problem}; "
            "this is a bug in migralint, please report it"
        ),
        code=code,
        check=check,
        problem=problem,
    )
    text = str(tr.value(message))
    return Finding(path, 1, 1, RULE_FAILED, RULE_FAILED_NAME, "error", text)


def _most_severe_part(found: list[tuple[int, Finding]]) -> list[Finding]:
    """When several parts of one rule report the same node (an error
    threshold and a warning threshold, a forbidden and a discouraged
    window), keep the most severe part's findings only; findings of one
    part are all kept."""
    parts_by_node: dict[str, dict[int, list[Finding]]] = {}
    for part, finding in found:
        items = parts_by_node.setdefault(finding.pointer, {}).setdefault(part, [])
        if finding not in items:  # the same words at the same place say it once
            items.append(finding)
    kept = []
    for pointer, parts in parts_by_node.items():
        if not pointer or len(parts) == 1:
            for items in parts.values():
                kept.extend(items)
            continue
        best = max(parts, key=lambda p: (SEVERITY_RANK[parts[p][0].severity], -p))
        kept.extend(parts[best])
    return kept


def _zone_name(data: Any) -> str:
    plan = data.get("plan") if isinstance(data, dict) else None
    name = plan.get("timezone") if isinstance(plan, dict) else None
    return name if isinstance(name, str) else DEFAULT_ZONE
