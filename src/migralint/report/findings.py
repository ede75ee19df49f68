"""Findings as the page lists them: numbered within their plan, grouped by
severity then rule family, each with the plan lines around it and its
rule's reasons and remedy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from migralint.finding import SEVERITIES, Finding
from migralint.i18n.translator import ENGLISH, Translator
from migralint.report import words
from migralint.reporters import help_uri

CONTEXT_LINES = 2  # shown before and after the finding's line
LINE_WINDOW = 160  # characters of a long source line shown around the column
_FAMILY = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Segment:
    """A run of a message: plain text, or `code` (between backticks)."""

    text: str
    code: bool = False


@dataclass(frozen=True)
class SourceLine:
    number: int
    before: str  # the text before the column (all of it off the finding's line)
    at: str = ""  # the character at the column
    after: str = ""
    focus: bool = False


@dataclass(frozen=True)
class RuleView:
    code: str
    name: str
    summary: str
    rationale: str
    details: str
    source: str
    fails: str
    passes: str
    help: str | None


@dataclass
class FindingView:
    number: int
    anchor: str
    code: str
    name: str
    severity: str
    family: str
    family_title: str
    message: list[Segment]
    fix: list[Segment]
    line: int
    column: int
    pointer: str
    rule: RuleView | None
    source: list[SourceLine]
    when: str = ""  # the date it is pinned at, in words
    severity_word: str = ""  # its severity as the page says it (error, in English)


@dataclass
class Group:
    """The findings of one severity and one rule family."""

    severity: str
    family: str
    title: str
    findings: list[FindingView] = field(default_factory=list)


def family_of(code: str) -> str:
    found = _FAMILY.match(code)
    return found.group().upper() if found else code


def segments(message: str) -> list[Segment]:
    """A message's plain runs and `code` runs (an unpaired backtick stays)."""
    parts = message.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: keep the last one as text
        parts = [*parts[:-2], parts[-2] + "`" + parts[-1]]
    return [Segment(part, bool(n % 2)) for n, part in enumerate(parts) if part]


def fix_of(message: str) -> str:
    """What the message says to do: the part after its first `; ` (the
    house style is `what is wrong; what to do`), outside backticks."""
    if "; " not in message:
        return ""
    done = 0  # characters before the current part
    for number, part in enumerate(message.split("`")):
        at = part.find("; ") if number % 2 == 0 else -1  # even parts are outside backticks
        if at >= 0:
            rest = message[done + at + 2 :].strip()
            return rest[:1].upper() + rest[1:] if rest else ""
        done += len(part) + 1
    return ""


class Rules:
    """The run's rules by code, each described once however many findings
    it has, in ``tr``'s language (its catalogs of rule texts)."""

    def __init__(self, rules: list, tr: Translator = ENGLISH) -> None:
        self.tr = tr
        self._rules = {rule.code: rule for rule in rules}
        self._views: dict[str, RuleView | None] = {}
        self._families: dict[str, tuple[str, str]] = {}

    def rule(self, code: str) -> Any:
        return self._rules.get(code)

    def family(self, code: str) -> tuple[str, str]:
        """(the family's letters, its title): TL, Timeline and contract."""
        found = self._families.get(code)
        if found is None:
            rule = self._rules.get(code)
            family = (rule.family if rule else "") or family_of(code)
            said = (rule.family_title if rule else "") or family
            if not self.tr.english and rule and rule.family_title:
                said = self.tr.rule(family, rule.family_title)
            title = words.text(said, 120)
            found = self._families[code] = (family, title)
        return found

    def view(self, code: str) -> RuleView | None:
        if code in self._views:
            return self._views[code]
        rule = self._rules.get(code)
        view = None
        if rule is not None:
            examples = rule.examples or {}
            tr = self.tr
            view = RuleView(
                code=words.text(rule.code, 40),
                name=words.text(rule.name, 120),
                summary=_prose(tr.rule(code, rule.summary)),
                rationale=_prose(tr.rule(code, rule.rationale)),
                details=_prose(tr.rule(code, rule.details)),
                source=_prose(tr.rule(code, rule.source)),
                fails=_block(_commented(examples.get("fail", ""), code, tr)),
                passes=_block(_commented(examples.get("pass", ""), code, tr)),
                help=help_uri(rule),
            )
        self._views[code] = view
        return view


def _commented(example: str | None, code: str, tr: Translator) -> str | None:
    """An example plan with its prose comments in the reader's language."""
    if tr.english or not example:
        return example
    from migralint.catalogue import _commented as commented

    return commented(example, code, tr)


def _prose(text: str | None) -> str:
    return words.text(" ".join((text or "").split()), 4000)


def _block(text: str | None) -> str:
    """An example's lines, each escaped (tabs and line breaks kept)."""
    lines = (text or "").rstrip().splitlines()[:40]
    return "\n".join(words.text(line.replace("\t", "    "), 200) for line in lines)


def source_lines(lines: list[str], line: int, column: int) -> list[SourceLine]:
    """The finding's line with ``CONTEXT_LINES`` around it, the finding's
    column singled out; a long line is cut to a window around the column."""
    if not lines or not 1 <= line <= len(lines):
        return []
    out = []
    for number in range(max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES) + 1):
        text = lines[number - 1].rstrip("\r\n")
        if number != line:
            out.append(SourceLine(number, _window(text, 0)))
            continue
        index = max(0, min(column - 1, len(text)))
        start = max(0, index - LINE_WINDOW // 2)
        before = ("…" if start else "") + words.text(text[start:index], 0)
        at = words.text(text[index : index + 1], 0)
        after = _window(text[index + 1 :], 0, LINE_WINDOW // 2)
        out.append(SourceLine(number, before, at or " ", after, True))
    return out


def _window(text: str, start: int, width: int = LINE_WINDOW) -> str:
    piece = text[start : start + width]
    return words.text(piece, 0) + ("…" if len(text) > start + width else "")


def view(
    finding: Finding,
    number: int,
    plan_index: int,
    rules: Rules,
    lines: list[str],
) -> FindingView:
    family, title = rules.family(finding.code)
    return FindingView(
        number=number,
        anchor=f"finding-{plan_index}-{number}",
        code=finding.code,
        name=finding.name,
        severity=finding.severity,
        family=family,
        family_title=title,
        message=segments(finding.message),
        fix=segments(fix_of(finding.message)),
        line=finding.line,
        column=finding.column,
        pointer=finding.pointer,
        rule=rules.view(finding.code),
        source=source_lines(lines, finding.line, finding.column),
        severity_word=finding.severity
        if rules.tr.english
        else words.severity_word(finding.severity, rules.tr),
    )


def order(findings: list[Finding], rules: Rules) -> list[Finding]:
    """Worst first, then by family, then by place in the file."""
    rank = {severity: n for n, severity in enumerate(SEVERITIES)}
    return sorted(
        findings,
        key=lambda f: (rank.get(f.severity, 9), rules.family(f.code)[0], f.sort_key()),
    )


def groups(views: list[FindingView]) -> list[Group]:
    out: list[Group] = []
    for item in views:
        if not out or (out[-1].severity, out[-1].family) != (item.severity, item.family):
            out.append(Group(item.severity, item.family, item.family_title))
        out[-1].findings.append(item)
    return out
