"""Waivers: auditable suppressions, inline or in configuration.

Inline, a YAML comment on the finding's line or on its own line just above::

    # migralint: disable=TL001 reason="CAB-1234 approved" approver="J. Doe" expires=2025-04-01

In configuration, keyed by plan path so they survive reformatting::

    waivers:
      - {rule: TL001, at: timeline.cutover.at, reason: "...", approver: J. Doe, expires: 2025-04-01}

Only a real YAML comment is a directive: text inside a quoted or block
scalar is string data, whatever it looks like. A comment that starts like a
directive (``# migralint:`` in any case, or ``# migralint disable...``) and
is not a valid one is PL009 and waives nothing; so is a waiver without a
reason or naming a rule that does not exist. An expired waiver waives
nothing and the finding says so; a valid waiver that waives nothing is
reported (PL010, info) so stale waivers do not pile up, unless a rule it
names did not run on the file (not selected, ignored for the file, or
skipped because the plan could not be read), since then nobody knows.

Every look-up is indexed (by covered line or plan path, and by rule key),
so the work is linear in findings plus waivers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import yaml

from migralint import paths
from migralint.config import ConfigWaiver
from migralint.finding import Finding
from migralint.i18n.translator import ENGLISH, Translator
from migralint.i18n.values import N_, Clauses, Day, Phrase
from migralint.matching import RuleIndex, compile_glob, rule_keys, selector_keys
from migralint.textutil import excerpt
from migralint.timeutil import parse_date

try:  # the scanner only tells where the strings are; libyaml is ~10x faster
    from yaml import CSafeLoader as _Scanner
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Scanner  # type: ignore[assignment]

_KNOWN_KEYS = {"reason", "approver", "expires"}
_EXAMPLE = '`# migralint: disable=TL001 reason="..."`'

# A `#`, then `migralint` in any case: a comment that may be a directive.
# Cheap enough to screen every plan with (the plan's own `migralint: 1` key
# has no `#`).
_CANDIDATE = re.compile(r"#[ \t]*migralint", re.IGNORECASE)
# What makes a comment directive-like: `migralint:`, or `migralint` then
# `disable`/`enable` with the colon forgotten (`migralint disable=`,
# `migralint-disable=`). Prose such as `# migralint checks this` is not.
_DIRECTIVE = re.compile(
    r"#[ \t]*(?P<word>migralint)(?:[ \t]*(?P<colon>:)|(?:[ \t]+|-)(?=(?:disable|enable)\b))",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Line breaks as YAML (and libyaml's marks) count them, as in loader.py.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_STRING_STYLES = {'"', "'", "|", ">"}
_BLOCK_STYLES = {"|", ">"}


@dataclass(frozen=True)
class Waiver:
    rules: tuple[str, ...]
    reason: str | None
    approver: str | None
    expires: dt.date | None
    line: int  # where the waiver is written
    column: int
    covers: tuple[int, ...] = ()  # inline: the plan lines it covers
    at: str | None = None  # configuration: the plan path it covers
    source: str = ""  # the file the waiver is written in
    problems: tuple[str, ...] = ()
    named: frozenset[str] = field(default=frozenset(), compare=False)  # the codes it names
    directive: bool = True  # False: a comment that only looks like a directive

    @property
    def valid(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        parts = [Phrase(N_("reason: {reason}"), reason=self.reason)]
        if self.approver:
            parts.append(Phrase(N_("approver: {approver}"), approver=self.approver))
        if self.expires:
            parts.append(Phrase(N_("expires: {day}"), day=Day(self.expires)))
        return Clauses(tuple(parts))

    def rules_text(self) -> str:
        return excerpt(", ".join(self.rules)) if self.rules else "?"


@dataclass(frozen=True)
class Waived:
    finding: Finding
    waiver: Waiver


# --- where the comments are -------------------------------------------------


def has_candidates(text: str) -> bool:
    """Whether any comment may be a directive (a screen: false positives only)."""
    return _CANDIDATE.search(text) is not None


def parse_inline(text: str, source: str, rules: RuleIndex) -> list[Waiver]:
    """Every directive comment of a plan's text: valid waivers, and PL009
    material for the comments that look like directives but are not."""
    if not has_candidates(text):
        return []
    hinted = _Rules(rules)
    if text.startswith("\ufeff"):  # libyaml does not count the byte order mark
        text = text[1:]
    breaks = [m.start() for m in _BREAK.finditer(text)]
    starts = [0, *(m.end() for m in _BREAK.finditer(text))]
    span_starts, span_ends = _string_spans(text, starts)
    waivers: list[Waiver] = []
    done_line = -1
    for candidate in _CANDIDATE.finditer(text):
        index = bisect.bisect_right(starts, candidate.start()) - 1
        if index == done_line:
            continue  # a line has one comment; it was looked at already
        done_line = index
        begin = starts[index]
        end = breaks[index] if index < len(breaks) else len(text)
        hash_at = _comment_start(text, begin, end, span_starts, span_ends)
        if hash_at is None:
            continue
        match = _DIRECTIVE.match(text, hash_at, end)
        if match is None:
            continue
        own_line = not text[begin:hash_at].strip()
        number = index + 1
        covers = (number + 1,) if own_line else (number,)
        waivers.append(
            _directive(text, match, end, number, hash_at - begin + 1, covers, source, hinted)
        )
    return waivers


def _comment_start(
    text: str, begin: int, end: int, span_starts: list[int], span_ends: list[int]
) -> int | None:
    """Where the comment of the line ``text[begin:end]`` starts: the first
    `#` at the line's start or after a blank that is not inside a string."""
    at = text.find("#", begin, end)
    while at != -1:
        span = bisect.bisect_right(span_starts, at) - 1
        if span >= 0 and at < span_ends[span]:
            at = text.find("#", span_ends[span], end)  # skip the whole string
            continue
        if at == begin or text[at - 1] in " \t":
            return at
        at = text.find("#", at + 1, end)
    return None


def _string_spans(text: str, starts: list[int]) -> tuple[list[int], list[int]]:
    """The [start, end) offsets of the quoted and block scalars, in order
    (they never overlap). A plain scalar cannot hold a comment-like `#`
    (a blank then `#` ends it), so plain scalars need no span.

    Past a scanning error (the plan does not parse, and only the error is
    reported) nothing more is known: the rest is read line by line, a `#`
    at a line's start or after a blank starting a comment."""
    span_starts: list[int] = []
    span_ends: list[int] = []
    scanner = _Scanner(text)
    scalar = yaml.tokens.ScalarToken
    try:
        while True:
            token = scanner.get_token()
            if token is None or isinstance(token, yaml.tokens.StreamEndToken):
                break
            if type(token) is not scalar or token.style not in _STRING_STYLES:
                continue
            start, stop = token.start_mark, token.end_mark
            if token.style in _BLOCK_STYLES:
                # The header line (`|2-  # a comment`) is not content.
                if start.line + 1 >= len(starts):
                    continue
                begin = starts[start.line + 1]
            else:
                begin = starts[start.line] + start.column
            finish = starts[stop.line] + stop.column if stop.line < len(starts) else len(text)
            if finish > begin:
                span_starts.append(begin)
                span_ends.append(finish)
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return span_starts, span_ends


# --- reading a directive ----------------------------------------------------


def _directive(
    text: str,
    match: re.Match[str],
    end: int,
    line: int,
    column: int,
    covers: tuple[int, ...],
    source: str,
    rules: _Rules,
) -> Waiver:
    def malformed(problem: str) -> Waiver:
        return Waiver(
            (), None, None, None, line, column, covers, None, source, (problem,), directive=False
        )

    if match["word"] != "migralint":
        return malformed(Phrase(_LOWER_CASE, example=_EXAMPLE))
    if not match["colon"]:
        return malformed(
            Phrase(N_("`migralint` must be followed by `:`, as in {example}"), example=_EXAMPLE)
        )
    rest_at = match.end()
    while rest_at < end and text[rest_at] in " \t":
        rest_at += 1
    rest = text[rest_at:end]
    word = _NAME.match(rest)
    if not rest.strip():
        return malformed(Phrase(N_("the directive is empty; write {example}"), example=_EXAMPLE))
    if word is None:
        return malformed(
            Phrase(
                N_("cannot read the directive `{text}`; write {example}"),
                text=excerpt(rest),
                example=_EXAMPLE,
            )
        )
    name = word.group()
    after = rest[word.end() :]
    if name == "disable":
        if after.startswith("="):
            return _parse_fields(after[1:], line, column, covers, source, rules)
        if after.lstrip(" \t").startswith("="):
            return malformed(Phrase(N_("write `disable=` with no blank before `=`")))
        return malformed(
            Phrase(
                N_("`disable` must be followed by `=` and the rules it waives, as in {example}"),
                example=_EXAMPLE,
            )
        )
    lower = name.lower()
    if lower == "disable":
        return malformed(Phrase(_LOWER_CASE, example=_EXAMPLE))
    if lower == "enable":
        return malformed(
            Phrase(
                N_(
                    "`enable` is not supported: a waiver covers only its own line (or the next "
                    "one, on a line of its own), so there is nothing to switch back on"
                )
            )
        )
    if lower.startswith("disable"):
        template = (
            N_(
                "unknown directive `{name}`; did you mean `disable`? (file-wide waivers are "
                "not supported; list the lines or use a configuration waiver)"
            )
            if "file" in lower
            else N_(
                "unknown directive `{name}`; did you mean `disable`? (a waiver covers its own "
                "line, or the next one when it stands on a line of its own)"
            )
        )
        return malformed(Phrase(template, name=excerpt(name)))
    import difflib

    close = difflib.get_close_matches(lower[:40], ["disable"], n=1)
    template = (
        N_("unknown directive `{name}`; did you mean `disable`?")
        if close
        else N_("unknown directive `{name}`; the only directive is `disable=`")
    )
    return malformed(Phrase(template, name=excerpt(name)))


_LOWER_CASE = N_("write the directive in lower case, as in {example}")
# What shlex says of a waiver it cannot split into words.
_SHLEX_WORDS = frozenset({N_("No closing quotation"), N_("No escaped character")})


def _parse_fields(
    rest: str,
    line: int,
    column: int,
    covers: tuple[int, ...],
    source: str,
    rules: _Rules,
) -> Waiver:
    import shlex

    problems: list[str] = []
    try:
        words = shlex.split(rest, comments=False, posix=True)
    except ValueError as exc:
        words = rest.split()
        error = str(exc)
        said = Phrase(error) if error in _SHLEX_WORDS else error
        problems.append(Phrase(N_("cannot read the waiver ({error})"), error=said))
    # `disable=TL001,TL003 reason=...`; a first word with `=` is a field
    # (`disable= reason=...` names no rule).
    first_is_rules = bool(words) and "=" not in words[0]
    names = tuple(r for r in words[0].split(",") if r) if first_is_rules else ()
    fields: dict[str, str] = {}
    for word in words[1:] if first_is_rules else words:
        key, sep, value = word.partition("=")
        if not sep or key not in _KNOWN_KEYS:
            problems.append(
                Phrase(
                    N_("unknown waiver field `{field}` (known: approver, expires, reason)"),
                    field=excerpt(word),
                )
            )
            continue
        fields[key] = value
    return _make(names, fields, line, column, covers, None, source, problems, rules)


def _make(
    names: tuple[str, ...],
    fields: dict[str, str | None],
    line: int,
    column: int,
    covers: tuple[int, ...],
    at: str | None,
    source: str,
    problems: list[str],
    rules: _Rules,
) -> Waiver:
    if not names:
        problems.append(Phrase(N_("names no rule (disable=CODE)")))
    named: set[str] = set()
    for selector in names:
        codes = rules.named(selector)
        named |= codes
        if codes:
            continue
        if selector.upper() == "ALL":
            problems.append(Phrase(N_("names `ALL`; a waiver names the rules it waives")))
            continue
        close = rules.suggest(selector)
        if close:
            problems.append(
                Phrase(
                    N_("names the unknown rule `{rule}`; did you mean `{choice}`?"),
                    rule=excerpt(selector),
                    choice=close,
                )
            )
        else:
            problems.append(Phrase(N_("names the unknown rule `{rule}`"), rule=excerpt(selector)))
    reason = (fields.get("reason") or "").strip() or None
    if reason is None:
        problems.append(Phrase(N_('has no reason; add reason="..." so auditors know why')))
    expires = None
    if fields.get("expires"):
        expires = parse_date(fields["expires"])
        if expires is None:
            problems.append(
                Phrase(
                    N_("expiry `{value}` is not a date (YYYY-MM-DD)"),
                    value=excerpt(fields["expires"]),
                )
            )
    return Waiver(
        rules=names,
        reason=reason,
        approver=(fields.get("approver") or None),
        expires=expires,
        line=line,
        column=column,
        covers=covers,
        at=at,
        source=source,
        problems=tuple(problems),
        named=frozenset(named),
    )


def from_config(
    entries: tuple[ConfigWaiver, ...], config_path: str, plan_rel: str, rules: RuleIndex
) -> list[Waiver]:
    """The configuration waivers that apply to the plan at ``plan_rel``
    (its path relative to the configuration's folder, POSIX form)."""
    return [
        waiver
        for entry, waiver in zip(entries, _config_waivers(entries, config_path, rules), strict=True)
        if not entry.file or compile_glob(entry.file).matches(plan_rel)
    ]


@lru_cache(maxsize=64)
def _config_waivers(
    entries: tuple[ConfigWaiver, ...], config_path: str, rules: RuleIndex
) -> tuple[Waiver, ...]:
    """Read once per configuration, however many plans it governs."""
    hinted = _Rules(rules)
    return tuple(
        _make(
            entry.rules,
            {"reason": entry.reason, "approver": entry.approver, "expires": entry.expires},
            entry.line,
            entry.column,
            (),
            entry.at,
            config_path,
            [],
            hinted,
        )
        for entry in entries
    )


class _Rules:
    """The run's rules as one file's waivers see them: a did-you-mean costs
    a comparison with every rule, so only the first few unknown rules of a
    file get one (a file may name thousands)."""

    HINTS = 20

    def __init__(self, index: RuleIndex) -> None:
        self.named = index.named
        self._suggest = index.suggest
        self._left = self.HINTS

    def suggest(self, selector: str) -> str | None:
        if self._left <= 0:
            return None
        self._left -= 1
        return self._suggest(selector)


# --- applying them ----------------------------------------------------------


@dataclass
class Outcome:
    findings: list[Finding]  # what is still reported (including waiver findings)
    waived: list[Waived]


class _Bucket:
    """The valid waivers under one key, in the order they were written."""

    __slots__ = ("active", "active_used", "expired")

    def __init__(self) -> None:
        self.active: list[int] = []
        self.expired: list[int] = []
        self.active_used = False


def apply(
    findings: list[Finding],
    waivers: list[Waiver],
    today: dt.date,
    ran: Iterable[str],
    make_finding: Callable[[str, str, int, int, str], Finding | None],
    tr: Translator = ENGLISH,
) -> Outcome:
    """Waive what valid, unexpired waivers cover; report the waivers' own
    problems, and the valid waivers that waive nothing although every rule
    they name ran (``ran``: the codes that ran on this file). A finding
    whose waiver expired says so in ``tr``'s language, as it says the rest."""
    inline: dict[tuple, _Bucket] = {}
    config: dict[tuple, _Bucket] = {}
    for index, waiver in enumerate(waivers):
        if not waiver.valid:
            continue
        expired = waiver.expires is not None and waiver.expires < today
        keys = {k for selector in waiver.rules for k in selector_keys(selector)}
        if waiver.at is not None:
            where = _normal_at(waiver.at)
            places = [(config, (where, key)) for key in keys]
        else:
            places = [(inline, (waiver.source, n, key)) for n in waiver.covers for key in keys]
        for table, place in places:
            bucket = table.get(place)
            if bucket is None:
                bucket = table[place] = _Bucket()
            (bucket.expired if expired else bucket.active).append(index)

    kept: list[Finding] = []
    waived: list[Waived] = []
    used: set[int] = set()
    for finding in findings:
        buckets = _buckets(finding, inline, config)
        first = min((b.active[0] for b in buckets if b.active), default=None)
        if first is not None:
            for bucket in buckets:
                bucket.active_used = bucket.active_used or bool(bucket.active)
            waived.append(Waived(finding, waivers[first]))
            continue
        late = min((b.expired[0] for b in buckets if b.expired), default=None)
        if late is not None:
            waiver = waivers[late]
            day = Day(waiver.expires)
            if waiver.approver:
                said = Phrase(
                    N_(
                        "{message} (waiver by {approver} expired on {day}; "
                        "renew it or fix the plan)"
                    ),
                    message=finding.message,
                    approver=excerpt(waiver.approver),
                    day=day,
                )
            else:
                said = Phrase(
                    N_("{message} (waiver expired on {day}; renew it or fix the plan)"),
                    message=finding.message,
                    day=day,
                )
            finding = replace(finding, message=str(tr.value(said)))
            used.add(late)
        kept.append(finding)
    for table in (inline, config):
        for bucket in table.values():
            if bucket.active_used:
                used.update(bucket.active)

    ran = set(ran)
    for index, waiver in enumerate(waivers):
        if not waiver.valid:
            problems = Clauses(waiver.problems)
            if waiver.directive:
                message = Phrase(
                    N_("waiver of {rules} {problems}"),
                    rules=waiver.rules_text(),
                    problems=problems,
                )
            else:
                message = Phrase(N_("not a waiver: {problems}"), problems=problems)
            made = make_finding("PL009", waiver.source, waiver.line, waiver.column, message)
        elif index not in used and waiver.named <= ran:
            made = make_finding(
                "PL010",
                waiver.source,
                waiver.line,
                waiver.column,
                Phrase(
                    N_("waiver of {rules} waives nothing here; remove it ({waiver})"),
                    rules=waiver.rules_text(),
                    waiver=_shown(waiver.describe(), 120),
                ),
            )
        else:
            continue
        if made is not None:
            kept.append(made)
    return Outcome(kept, waived)


def _shown(said: str, limit: int) -> str:
    """``said`` as a message quotes it: itself when it is short and safe to
    show (then it can say itself in the reader's language), else its
    excerpt (English)."""
    cut = excerpt(said, limit)
    return said if cut == said else cut


def _buckets(finding: Finding, inline: dict, config: dict) -> list[_Bucket]:
    keys = rule_keys(finding.code, finding.name)
    found = []
    if inline:
        for key in keys:
            bucket = inline.get((finding.path, finding.line, key))
            if bucket is not None:
                found.append(bucket)
    if config:
        for prefix in _prefixes(finding.pointer):
            for key in keys:
                bucket = config.get((prefix, key))
                if bucket is not None:
                    found.append(bucket)
    return found


def _prefixes(pointer: str) -> list[str]:
    """The plan paths a waiver's ``at`` may name to cover ``pointer``: the
    pointer itself and each of its ancestors (``a``, ``a.b``, ``a.b[0]``)."""
    found = [pointer[:i] for i, char in enumerate(pointer) if char in ".["]
    found.append(pointer)
    return found


@lru_cache(maxsize=65536)
def _normal_at(at: str) -> str:
    """``at`` as finding pointers spell it (config.dotted_matches)."""
    return paths.dotted(tuple(at.split("."))) if at else at
