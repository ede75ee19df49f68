"""`migralint test`: rules are tested like code.

Two kinds of cases, each passing or failing on its own:

* a rule's ``examples``: the ``fail`` example must raise the rule, the
  ``pass`` example must raise nothing of it, and both must be valid plans
  apart from what the rule is about (see ``example_problem``);
* fixture plans annotated on their lines, as Semgrep's ``--test`` reads
  them: ``# expect: CODE`` (the rule must report on this line) and
  ``# ok: CODE`` (it must not). A comment on its own line applies to the
  next line that is neither blank nor only a comment; a comment after
  content applies to its own line.

Examples run against the rule alone, with its default options (they are the
rule's documentation). Fixtures are linted as ``check`` lints a plan: the
configuration that governs them, the bundled rules and every extra rule.
``run`` returns suites of cases, ``render_text`` / ``render_junit`` format
them, and ``execute`` (what the CLI calls) writes the report.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from migralint import config as configuration
from migralint import inputs, loader, resources
from migralint import rules as rulefiles
from migralint.errors import UsageError
from migralint.finding import Finding

# Bundled rules whose examples are not plan content: a missing file, a
# waiver's effect, a failing check, the report's cap. They are tested by
# the project's own tests, not from a snippet.
NOT_FROM_A_SNIPPET = frozenset({"PL008", "PL009", "PL010", "PL011", "PL012"})

# Reader findings that make an example or fixture something other than a
# plan: it does not parse, repeats a key, carries a tag, exceeds a limit,
# holds several documents, or is not format version 1. PL004 (a YAML 1.1
# ambiguity) is a mistake in an example too.
NOT_A_PLAN = ("PL001", "PL002", "PL003", "PL004", "PL005", "PL006", "PL007")
# What stops a fixture from being checked at all: its `ok:` lines would
# pass for no reason.
NOT_CHECKED = frozenset({"PL001", "PL003", "PL005", "PL006", "PL007", "PL008", "PL011"})

# Schema problems an example may have: it is a fragment, so what the schema
# requires (`plan.name`, `timeline`) may be absent.
FRAGMENT_ALLOWS = frozenset({"required"})

MAX_FILES = 10_000  # files one run reads from folders
PLAN_LIMIT = 10 * inputs.MB


@dataclass(frozen=True)
class Case:
    """One test: where it is written, what it is, and what went wrong (None: passed)."""

    file: str
    line: int
    name: str
    problem: str | None = None

    @property
    def passed(self) -> bool:
        return self.problem is None

    def line_text(self) -> str:
        return f"{self.file}:{self.line}: {self.problem}"


@dataclass
class Suite:
    """The cases of one rule file (its examples) or one fixture."""

    name: str
    cases: list[Case] = field(default_factory=list)


@dataclass
class Outcome:
    suites: list[Suite]

    @property
    def cases(self) -> list[Case]:
        return [case for suite in self.suites for case in suite.cases]

    @property
    def passed(self) -> int:
        return sum(1 for case in self.cases if case.passed)

    @property
    def failed(self) -> int:
        return sum(1 for case in self.cases if not case.passed)


# --- what the paths hold -------------------------------------------------------


def _shown(path: Path) -> str:
    """A path as the report shows it: relative to the working folder when
    inside it (a configuration's rule paths are absolute)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        relative = str(path)
    return inputs.shown(Path(relative if not relative.startswith("..") else path).as_posix())


def _yaml_files(folder: Path) -> list[Path]:
    """YAML files under ``folder``, sorted; hidden files and folders (a
    `.migralint.yaml`, `.git`) are passed over."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            found.append(Path(root) / name)
            if len(found) > MAX_FILES:
                raise UsageError(f"{inputs.shown(folder)}: more than {MAX_FILES:,} YAML files")
    return found


def _is_rule_file(data: Any) -> bool:
    return isinstance(data, dict) and "family" in data and "rules" in data


def collect(targets: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """(rule files, fixture plans) that ``targets`` name or hold. A rule file
    is a YAML mapping with `family` and `rules`; any other YAML file is a
    fixture."""
    rule_files: list[Path] = []
    fixtures: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            candidates = _yaml_files(path)
        elif path.exists():
            candidates = [path]
        else:
            raise UsageError(f"{inputs.shown(target)}: no such file or directory")
        for candidate in candidates:
            content = inputs.read_bounded(
                candidate, limit=PLAN_LIMIT, what="file", error=UsageError
            )
            kind = rule_files if _is_rule_file(loader.load(content).data) else fixtures
            kind.append(candidate)
    return rule_files, fixtures


# --- examples ------------------------------------------------------------------


def as_plan(snippet: str) -> tuple[str, int]:
    """The example as a plan, and how many lines were put before it: a
    snippet without `migralint:` gets `migralint: 1` on top."""
    if "migralint:" in snippet:
        return snippet, 0
    return "migralint: 1\n" + snippet, 1


def _schema_problems(data: Any) -> list[tuple[tuple, str]]:
    """(pointer, words) of every schema problem of ``data`` an example may
    not have: all but what a fragment leaves out."""
    from jsonschema.exceptions import best_match

    from migralint import schema

    if schema.is_valid(data):
        return []
    found = []
    for error in schema._validator().iter_errors(data):
        while error.validator in ("anyOf", "oneOf") and error.context:
            error = best_match(error.context)
        if error.validator in FRAGMENT_ALLOWS:
            continue
        found.extend((problem.pointer, problem.message) for problem in schema.explain(error))
    return found


def _excused(pointer: tuple, line: int, found: list[Finding]) -> bool:
    """Whether a schema problem at ``pointer`` (on ``line``) is what the
    rule's own findings are about: at a node the rule reports or one
    holding it, or, for a finding with no node (a reader diagnostic), on
    its line. A problem *inside* a reported item is not excused: the rule
    is about the item's one field, not every field of it."""
    for finding in found:
        other = _finding_pointer(finding)
        if not other:
            if finding.line == line:
                return True
        elif other[: len(pointer)] == pointer:
            return True
    return False


def example_problem(rule: rulefiles.Rule, kind: str) -> str | None:
    """What is wrong with the rule's ``kind`` example (``fail`` or ``pass``),
    or None.

    Valid means: it reads as a plan (no PL001-PL007 finding: it parses, has
    no duplicate key, no tag, one document, format version 1), and it has no
    schema problem (unknown key, wrong type, bad date or duration, value not
    allowed) apart from required fields a fragment leaves out and, in the
    `fail` example, what the rule itself reports (see ``_excused``)."""
    from migralint.engine import Engine

    snippet = rule.examples.get(kind)
    if not isinstance(snippet, str):
        return f"{rule.code} has no `{kind}` example"
    if rule.scope == "portfolio":
        return _portfolio_example_problem(rule, kind, snippet)
    text, shift = as_plan(snippet)
    doc = loader.load(text.encode("utf-8"))

    def at(line: int) -> str:
        return f"line {max(line - shift, 1)} of the example"

    for diag in doc.diagnostics:
        if diag.code in NOT_A_PLAN and diag.code != rule.code:
            return (
                f"{rule.code} example `{kind}` is not a valid plan: {at(diag.line)}: "
                f"{diag.code} {diag.message}"
            )
    found = [f for f in Engine([rule]).lint(doc, "example") if f.code == rule.code]
    if kind == "fail" and not found:
        return f"{rule.code} example `fail` raised nothing of {rule.code}"
    if kind == "pass" and found:
        first = found[0]
        return f"{rule.code} example `pass` raised {rule.code} at {at(first.line)}: {first.message}"
    if doc.readable and rule.code != "SC001":
        for pointer, message in _schema_problems(doc.data):
            line = doc.position(pointer)[0]
            if kind == "fail" and _excused(pointer, line, found):
                continue
            return f"{rule.code} example `{kind}` is not a valid plan: {at(line)}: {message}"
    return None


def portfolio_parts(snippet: str) -> list[tuple[str, int]]:
    """A portfolio rule's example: its plans, split at lines that are
    `---`, each with the number of lines before it in the example."""
    parts: list[tuple[str, int]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(snippet.splitlines(keepends=True)):
        if line.rstrip("\r\n") == "---":
            parts.append(("".join(current), start))
            current, start = [], number + 1
        else:
            current.append(line)
    parts.append(("".join(current), start))
    return parts


def _portfolio_example_problem(rule: rulefiles.Rule, kind: str, snippet: str) -> str | None:
    """``example_problem`` for a rule over several plans: the example's
    plans (separated by `---`) must each be valid, and checked together the
    `fail` example must raise the rule and the `pass` example must not."""
    from migralint.engine import Engine
    from migralint.portfolio import lint_together

    parts = portfolio_parts(snippet)
    if len(parts) < 2:
        return f"{rule.code} example `{kind}` holds one plan; separate its plans with `---` lines"
    docs = []
    for number, (part, before) in enumerate(parts, start=1):
        text, shift = as_plan(part)
        doc = loader.load(text.encode("utf-8"))
        for diag in doc.diagnostics:
            if diag.code in NOT_A_PLAN:
                line = max(diag.line - shift, 1) + before
                return (
                    f"{rule.code} example `{kind}` is not a valid plan: line {line} of the "
                    f"example (plan {number}): {diag.code} {diag.message}"
                )
        if doc.readable:
            for pointer, message in _schema_problems(doc.data):
                line = max(doc.position(pointer)[0] - shift, 1) + before
                return (
                    f"{rule.code} example `{kind}` is not a valid plan: line {line} of the "
                    f"example (plan {number}): {message}"
                )
        docs.append((f"plan {number}", doc))
    found = [f for f in lint_together(Engine([rule]), docs) if f.code == rule.code]
    if kind == "fail" and not found:
        return f"{rule.code} example `fail` raised nothing of {rule.code}"
    if kind == "pass" and found:
        first = found[0]
        return f"{rule.code} example `pass` raised {rule.code} in {first.path}: {first.message}"
    return None


def _finding_pointer(finding: Finding) -> tuple:
    """The plan pointer a finding is about, from its dotted path."""
    pointer: list[str | int] = []
    text = finding.pointer
    for part in text.replace("]", "").split("."):
        name, _, index = part.partition("[")
        if name:
            pointer.append(name)
        if index.isdigit():
            pointer.append(int(index))
    return tuple(pointer)


def _example_suite(name: str, rules: list[rulefiles.Rule], text: bytes | str) -> Suite:
    """The cases of one rule file's examples, placed on the file's lines."""
    doc = loader.load(text)
    entries = doc.data.get("rules") if isinstance(doc.data, dict) else None
    index_of = {
        entry.get("code"): number
        for number, entry in enumerate(entries or [])
        if isinstance(entry, dict)
    }
    suite = Suite(name)
    for rule in rules:
        if rule.code in NOT_FROM_A_SNIPPET:
            continue
        for kind in ("fail", "pass"):
            number = index_of.get(rule.code)
            pointer = ("rules", number, "examples", kind) if number is not None else ()
            line = doc.position(pointer)[0] if pointer else 1
            suite.cases.append(
                Case(name, line, f"{rule.code} example {kind}", example_problem(rule, kind))
            )
    return suite


def bundled_suites() -> list[Suite]:
    """The examples of every bundled rule, one suite per rule file."""
    by_file: dict[str, list[rulefiles.Rule]] = {}
    for rule in rulefiles.bundled_rules():
        by_file.setdefault(rule.file, []).append(rule)
    suites = []
    for entry in resources.rule_files():
        name = f"rules/{entry.name}"
        suites.append(_example_suite(name, by_file.get(name, []), entry.read_bytes()))
    return suites


# --- fixtures ------------------------------------------------------------------


@dataclass(frozen=True)
class Annotation:
    kind: str  # "expect" or "ok"
    code: str  # as written (a code or a rule name)
    line: int  # the line it applies to
    written: int  # the line it is written on


def annotations(text: str) -> tuple[list[Annotation], list[tuple[int, str]]]:
    """The `# expect:` and `# ok:` annotations of a fixture, and the
    (line, problem) of annotations that cannot be read. Only real YAML
    comments count: text inside a quoted or block scalar is data."""
    from migralint import waivers

    if text.startswith("\ufeff"):
        text = text[1:]
    breaks = [m.start() for m in waivers._BREAK.finditer(text)]
    starts = [0, *(m.end() for m in waivers._BREAK.finditer(text))]
    if "#" not in text:
        return [], []
    span_starts, span_ends = waivers._string_spans(text, starts)
    found: list[Annotation] = []
    problems: list[tuple[int, str]] = []
    pending: list[tuple[str, str, int]] = []  # own-line annotations waiting for their line
    for index, begin in enumerate(starts):
        end = breaks[index] if index < len(breaks) else len(text)
        number = index + 1
        hash_at = waivers._comment_start(text, begin, end, span_starts, span_ends)
        content = text[begin:hash_at] if hash_at is not None else text[begin:end]
        own_line = not content.strip()
        if not own_line and pending:
            found.extend(Annotation(k, c, number, w) for k, c, w in pending)
            pending = []
        if hash_at is None:
            continue
        comment = text[hash_at + 1 : end].strip()
        kind, colon, rest = comment.partition(":")
        kind = kind.strip()
        if not colon or kind not in ("expect", "ok"):
            continue
        codes = [code.strip() for code in rest.split(",")]
        if not rest.strip() or any(not code or not _is_word(code) for code in codes):
            problems.append(
                (number, f"cannot read the annotation `# {kind}:{rest}` (write `# {kind}: CODE`)")
            )
            continue
        if own_line:
            pending.extend((kind, code, number) for code in codes)
        else:
            found.extend(Annotation(kind, code, number, number) for code in codes)
    for _kind, _code, written in pending:
        problems.append((written, "the annotation applies to no line (nothing follows it)"))
    return found, problems


def _is_word(code: str) -> bool:
    return len(code) <= 100 and all(ch.isalnum() or ch in "-_" for ch in code)


def fixture_suite(path: Path, job: Any) -> Suite:
    """The cases of one annotated fixture, linted as `check` lints it."""
    from migralint import runner, suggest
    from migralint.discovery import Target

    name = _shown(path)
    suite = Suite(name)
    content = inputs.read_bounded(path, limit=PLAN_LIMIT, what="fixture", error=UsageError)
    text = content.decode("utf-8", errors="replace")
    found, problems = annotations(text)
    for line, problem in problems:
        suite.cases.append(Case(name, line, "annotation", problem))
    if not found and not problems:
        suite.cases.append(
            Case(
                name,
                1,
                "annotations",
                "no `# expect: CODE` or `# ok: CODE` annotation: the fixture tests nothing",
            )
        )
        return suite
    target = Target(str(path), explicit=True)
    config = runner.config_for(target, job)
    # A rule file under test that the fixture's own configuration names
    # already is loaded once, not twice.
    kept = tuple(f for f in job.rule_files if not any(_same(Path(f), r) for r in config.rules))
    job = replace(job, rule_files=kept)
    prepared = runner.prepare(config, job)
    by_key = {r.code: r.code for r in prepared.rules} | {r.name: r.code for r in prepared.rules}
    result = runner.lint_target(target, job)
    findings = result.findings
    asserted: dict[str, dict[int, str]] = {}  # code -> line -> kind
    for note in found:
        code = by_key.get(note.code)
        if code is None:
            hint = suggest.hint(note.code, sorted(by_key))
            suite.cases.append(
                Case(
                    name,
                    note.written,
                    f"{note.kind} {note.code}",
                    f"`# {note.kind}: {note.code}` names no rule of this run{hint}",
                )
            )
            continue
        asserted.setdefault(code, {})[note.line] = note.kind
    stoppers = [f for f in findings if f.code in NOT_CHECKED and f.code not in asserted]
    if stoppers:
        first = stoppers[0]
        suite.cases.append(
            Case(
                name,
                first.line,
                "fixture read",
                f"the fixture was not checked: {first.code} at line {first.line}: {first.message}",
            )
        )
    at_lines: dict[tuple[str, int], list[Finding]] = {}
    for finding in findings:
        if finding.code in asserted:
            at_lines.setdefault((finding.code, finding.line), []).append(finding)
    for code, lines in sorted(asserted.items()):
        for line, kind in sorted(lines.items()):
            hits = at_lines.get((code, line), [])
            problem = None
            if kind == "expect" and not hits:
                problem = (
                    f"expected {code} at line {line}, got nothing{_nearest(code, line, at_lines)}"
                )
            elif kind == "ok" and hits:
                problem = f"unexpected {code} at line {line} (annotated `ok`): {hits[0].message}"
            suite.cases.append(Case(name, line, f"{kind} {code} line {line}", problem))
        for (found_code, line), hits in sorted(at_lines.items()):
            if found_code == code and line not in lines:
                suite.cases.append(
                    Case(
                        name,
                        line,
                        f"unexpected {code} line {line}",
                        f"unexpected {code} at line {line}: {hits[0].message}",
                    )
                )
    suite.cases.sort(key=lambda case: (case.line, case.name))
    return suite


def _nearest(code: str, line: int, at_lines: dict[tuple[str, int], list[Finding]]) -> str:
    """Where the rule did report, when it reported elsewhere (a line off is
    the commonest mistake in a fixture)."""
    lines = sorted(number for found, number in at_lines if found == code)
    if not lines:
        return ""
    position = bisect.bisect_left(lines, line)
    near = min(lines[max(position - 1, 0) : position + 1], key=lambda n: abs(n - line))
    return f" (it reports at line {near})"


# --- the run -------------------------------------------------------------------


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def run(
    targets: tuple[str, ...] = (),
    rule_files: tuple[str, ...] = (),
    config_file: str | None = None,
) -> Outcome:
    """Every example of the rule files under test (the local ones: named by
    ``targets``, ``--rules`` or the configuration; else the bundled ones),
    then every fixture ``targets`` hold. Raises RuleFileError, ConfigError
    or UsageError (exit 2) for what cannot be tested."""
    from migralint import runner

    if config_file and not os.path.exists(config_file):
        raise UsageError(f"--config {config_file}: no such file")
    named_rules, fixtures = collect(targets)
    if config_file:
        config = configuration.load(Path(config_file))
    else:
        found = configuration.find(Path.cwd())
        config = configuration.load(found) if found else configuration.DEFAULT
    extra: list[Path] = [*(Path(p) for p in rule_files)]
    for path in named_rules:
        if not any(_same(path, other) for other in [*extra, *config.rules]):
            extra.append(path)
    local = [*config.rules, *extra]
    suites: list[Suite] = []
    loaded: list[rulefiles.Rule] = []
    for path in local:
        content = inputs.read_bounded(
            path, limit=inputs.RULE_FILE_LIMIT, what="rule file", error=rulefiles.RuleFileError
        )
        name = _shown(path)
        rules = rulefiles.load_rule_file(content, name)
        loaded.extend(rules)
        suites.append(_example_suite(name, rules, content))
    rulefiles.combine(rulefiles.bundled_rules(), loaded)  # codes and names unique
    if not local:
        suites = bundled_suites()
    job = runner.Job(
        config_file=config_file,
        rule_files=tuple(str(p) for p in extra),
        max_findings=0,  # every finding is asserted: no cap
    )
    suites.extend(fixture_suite(path, job) for path in fixtures)
    return Outcome(suites)


def render_text(outcome: Outcome) -> str:
    lines = [case.line_text() for case in outcome.cases if not case.passed]
    lines.append(summary(outcome))
    return "\n".join(lines) + "\n"


def summary(outcome: Outcome) -> str:
    return f"{outcome.passed} passed, {outcome.failed} failed"


def render_junit(outcome: Outcome) -> str:
    from migralint.reporters.junit import Case as JunitCase
    from migralint.reporters.junit import render_suites

    return render_suites(
        [
            (
                suite.name,
                [
                    JunitCase(
                        case.name,
                        suite.name,
                        None if case.passed else ("failure", case.problem or "", case.line_text()),
                    )
                    for case in suite.cases
                ],
            )
            for suite in outcome.suites
        ]
    )


def execute(
    targets: tuple[str, ...],
    rule_files: tuple[str, ...],
    config_file: str | None,
    output_format: str,
    output: str | None,
    force: bool,
) -> int:
    """`migralint test`: the report on stdout (or in ``output``), and the
    closing line on stderr when stdout holds XML or nothing; 0 when every
    case passes, 1 when one fails."""
    import sys

    outcome = run(targets, rule_files, config_file)
    text = render_junit(outcome) if output_format == "junit" else render_text(outcome)
    if output:
        from migralint.writing import write_atomically

        write_atomically(Path(output), text, force=force, what="report")
    else:
        sys.stdout.write(text)
    if output or output_format != "text":
        print(summary(outcome), file=sys.stderr)
    return 1 if outcome.failed else 0
