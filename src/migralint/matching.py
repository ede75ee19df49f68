"""Rule selectors and file globs, prepared once so that matching a finding
costs the same whatever the number of waivers, ignores or globs.

A selector (``TL001``, ``TL``, ``friday-afternoon-cutover``) matches a rule
as ``selection.matches`` says: its name in lower case, or a family prefix
of its code (two letters and up to three digits). Both sides are turned
into keys, so "does any of these selectors match this finding" is a few
set look-ups instead of a loop over the selectors.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

_PREFIX = re.compile(r"[A-Z]{2}[0-9]{0,3}")  # selection._PREFIX
_MAX_PREFIX = 5

Key = tuple[str, str]


def selector_keys(selector: str) -> tuple[Key, ...]:
    """The keys a selector matches (``ALL`` is not special here)."""
    upper = selector.upper()
    if _PREFIX.fullmatch(upper):
        return (("name", selector.lower()), ("code", upper))
    return (("name", selector.lower()),)


def rule_keys(code: str, name: str) -> tuple[Key, ...]:
    """The keys under which any selector matching this rule is found."""
    prefixes = tuple(
        ("code", code[:k])
        for k in range(2, min(_MAX_PREFIX, len(code)) + 1)
        if _PREFIX.fullmatch(code[:k])
    )
    return (("name", name), *prefixes)


class SelectorSet:
    """Selectors (``ALL`` included) matched against a rule's code and name."""

    def __init__(self, selectors: Iterable[str] = ()) -> None:
        self.all = False
        self.keys: set[Key] = set()
        for selector in selectors:
            if selector.upper() == "ALL":
                self.all = True
            self.keys.update(selector_keys(selector))

    def __bool__(self) -> bool:
        return self.all or bool(self.keys)

    def matches(self, code: str, name: str) -> bool:
        return self.all or any(key in self.keys for key in rule_keys(code, name))


class RuleIndex:
    """The rules that exist in a run (selected or not): which codes a
    selector names, and the closest rule for a selector that names none."""

    def __init__(self, rules: Iterable[tuple[str, str]]) -> None:
        self._named: dict[Key, set[str]] = {}
        codes, names = set(), set()
        for code, name in rules:
            codes.add(code)
            names.add(name)
            for key in rule_keys(code, name):
                self._named.setdefault(key, set()).add(code)
        self._codes = sorted(codes)
        self._names = sorted(names)

    def named(self, selector: str) -> frozenset[str]:
        """The codes of the rules ``selector`` matches."""
        found: set[str] = set()
        for key in selector_keys(selector):
            found |= self._named.get(key, set())
        return frozenset(found)

    @lru_cache(maxsize=4096)  # noqa: B019 - one index per run; the set of rules is small
    def suggest(self, selector: str) -> str | None:
        """The closest rule code or name, if any is close (a bounded search:
        the candidates are the run's rules, the selector is cut short). Ties
        go to the first in order, so `TLX01` suggests `TL001`, not `TL015`."""
        import difflib  # only when a waiver names an unknown rule

        short = selector[:40]
        best: tuple[float, str] | None = None
        for probe, choices in ((short.upper(), self._codes), (short.lower(), self._names)):
            matcher = difflib.SequenceMatcher(b=probe)
            for choice in choices:
                matcher.set_seq1(choice)
                if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
                    continue
                ratio = matcher.ratio()
                if ratio >= 0.6 and (best is None or ratio > best[0]):
                    best = (ratio, choice)
        return best[1] if best else None


@dataclass(frozen=True)
class Glob:
    """A glob as per-file-ignores and waiver ``file:`` read it: it matches the
    path (relative to the configuration's folder, POSIX form) as a whole,
    ``*`` crossing ``/`` (``fnmatch``), or it matches the path's last
    components one by one (``PurePosixPath.match``: ``*.yaml`` matches
    ``a/b/x.yaml``; an absolute glob must match every component)."""

    pattern: str
    whole: re.Pattern[str]
    anchor: str  # "/" for an absolute glob, else ""
    parts: tuple[re.Pattern[str], ...]

    def matches(self, path: str, parts: tuple[str, ...] | None = None) -> bool:
        if self.whole.match(path):
            return True
        if not self.parts:  # PurePosixPath.match refuses an empty pattern
            return False
        parts = parts if parts is not None else PurePosixPath(path).parts
        if self.anchor:
            if not parts or parts[0] != self.anchor or len(parts) != len(self.parts) + 1:
                return False
        elif len(self.parts) > len(parts):
            return False
        return all(
            pat.match(part)
            for part, pat in zip(reversed(parts), reversed(self.parts), strict=False)
        )


@lru_cache(maxsize=65536)
def compile_glob(pattern: str) -> Glob:
    pure = PurePosixPath(pattern)
    parts = pure.parts[1:] if pure.anchor else pure.parts
    return Glob(
        pattern,
        re.compile(fnmatch.translate(pattern)),
        pure.anchor,
        tuple(re.compile(fnmatch.translate(part)) for part in parts),
    )


class FileIgnores:
    """``per-file-ignores``, compiled once per configuration: for a file,
    the selectors of every glob that matches it, as one SelectorSet."""

    def __init__(self, per_file_ignores: dict[str, tuple[str, ...]]) -> None:
        self._globs = [(compile_glob(p), tuple(s)) for p, s in per_file_ignores.items()]

    def __bool__(self) -> bool:
        return bool(self._globs)

    def for_file(self, relative: str) -> SelectorSet:
        parts = PurePosixPath(relative).parts
        selectors: list[str] = []
        for glob, chosen in self._globs:
            if glob.matches(relative, parts):
                selectors.extend(chosen)
        return SelectorSet(selectors)
