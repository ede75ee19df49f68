"""The small path language rule files use to say *which* part of a plan.

    timeline.cutover.at               a field
    discovery.integrations[]          each item of a list
    timeline.phases[id=uat].ends      the items whose ``id`` is ``uat``
    timeline.phases[id!=uat]          the items whose ``id`` is not ``uat``
    discovery.integrations[direction in (inbound, bidirectional)]
                                      the items whose ``direction`` is one of these
    discovery.integrations[kind not in (manual, sftp)]
                                      the items whose ``kind`` is none of these
    testing.uat.coverage.*            each value of a mapping
    discovery.integrations[].x-cost-center
                                      an extension field (``x-`` keys)

A path is parsed once, when the rule file is loaded; selecting is a walk
over plain data that yields ``(plan_path, value)`` pairs for the nodes that
exist. Nothing here evaluates code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

PlanPath = tuple[str | int, ...]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_USAGE = "write [key=value], [key!=value], [key in (a, b)] or [key not in (a, b)]"


class PathSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Step:
    name: str  # a key, or "*" for every value of a mapping
    each: bool = False  # "[]": every item of the list
    match_key: str | None = None  # "[key=value]": items whose key is one of the values
    match_value: str | None = None
    match_values: tuple[str, ...] = ()  # all the values of `in (...)` (one for `=`)
    negate: bool = False  # "!=" and "not in": items whose key is none of them

    def accepts(self, item: Any) -> bool:
        if type(item) is not dict:
            return False
        value = item.get(self.match_key)
        hit = any(_same(value, text) for text in self.match_values)
        return hit is not self.negate


@dataclass(frozen=True)
class Path:
    text: str
    steps: tuple[Step, ...]
    # The keys of a path without wildcards or filters (the common case), so
    # selecting it is a plain walk down dictionaries.
    names: tuple[str, ...] | None = None

    @property
    def leaf(self) -> str:
        """The last field name (``ends`` for ``timeline.phases[].ends``)."""
        return self.steps[-1].name if self.steps else ""

    def select(self, data: Any, base: PlanPath = ()) -> list[tuple[PlanPath, Any]]:
        """Every existing node the path names, with its plan path."""
        if self.names is not None:
            node = data
            for name in self.names:
                if type(node) is not dict or name not in node:
                    return []
                node = node[name]
            return [((*base, *self.names), node)]
        nodes: list[tuple[PlanPath, Any]] = [(base, data)]
        for step in self.steps:
            nodes = _step(nodes, step)
            if not nodes:
                break
        return nodes

    def first(self, data: Any, base: PlanPath = ()) -> tuple[PlanPath, Any] | None:
        found = self.select(data, base)
        return found[0] if found else None

    def static_path(self, base: PlanPath = ()) -> PlanPath:
        """The plan path of a path without wildcards (where a missing node would be)."""
        return (*base, *(s.name for s in self.steps))

    def parent(self) -> Path:
        return parse(self.text.rsplit(".", 1)[0] if "." in self.text else "")

    def __str__(self) -> str:
        return self.text


def _step(nodes: list[tuple[PlanPath, Any]], step: Step) -> list[tuple[PlanPath, Any]]:
    out: list[tuple[PlanPath, Any]] = []
    name, each, match_key = step.name, step.each, step.match_key
    for path, value in nodes:
        if type(value) is not dict:
            continue
        if name == "*":
            children = [((*path, k), v) for k, v in value.items()]
        elif name in value:
            children = [((*path, name), value[name])]
        else:
            continue
        for child_path, child in children:
            if not (each or match_key):
                out.append((child_path, child))
                continue
            if type(child) is not list:
                continue
            if match_key is None:
                out.extend(((*child_path, index), item) for index, item in enumerate(child))
                continue
            accepts = step.accepts
            for index, item in enumerate(child):
                if accepts(item):
                    out.append(((*child_path, index), item))
    return out


def _same(value: Any, text: str | None) -> bool:
    if isinstance(value, bool):
        return str(value).lower() == text
    return value is not None and str(value) == text


@lru_cache(maxsize=2048)
def parse(text: str) -> Path:
    """Parse a path; raises PathSyntaxError naming the bad part."""
    if not isinstance(text, str):
        raise PathSyntaxError(f"a path must be a string, not {type(text).__name__}")
    if text in ("", "."):
        return Path("", ())
    steps = []
    for part in text.split("."):
        steps.append(_segment(part, text))
    plain = all(s.name != "*" and not s.each and s.match_key is None for s in steps)
    return Path(text, tuple(steps), tuple(s.name for s in steps) if plain else None)


def _segment(part: str, text: str) -> Step:
    """One dot-separated segment: a name (or ``*``), then optionally
    ``[]`` or a filter. Parsed by hand: a rule file comes from a pull
    request, and nothing here backtracks."""
    name, bracket, rest = part.partition("[")
    if not (name == "*" or _NAME.fullmatch(name)) or (bracket and not rest.endswith("]")):
        raise PathSyntaxError(f"bad path segment `{part}` in `{text}`")
    if not bracket:
        return Step(name=name)
    inside = rest[:-1].strip()
    if not inside:
        return Step(name=name, each=True)
    bad = PathSyntaxError(f"bad filter `[{rest[:-1]}]` in `{text}` ({_USAGE})")
    if "]" in inside or "[" in inside:
        raise bad
    if "(" in inside:
        head, _, values_text = inside.partition("(")
        words = head.split()
        if not values_text.endswith(")") or words[1:] not in (["in"], ["not", "in"]):
            raise bad
        key = words[0]
        values = tuple(v.strip() for v in values_text[:-1].split(","))
        if any(not v or "(" in v or ")" in v for v in values):
            raise PathSyntaxError(f"empty or bad value in `[{rest[:-1]}]` in `{text}` ({_USAGE})")
        negate = len(words) == 3
    else:
        negate = "!=" in inside
        key, _, value = inside.partition("!=" if negate else "=")
        key, value = key.strip(), value.strip()
        if not value or "=" in value:
            raise bad
        values = (value,)
    if not _NAME.fullmatch(key):
        raise bad
    return Step(name=name, match_key=key, match_value=values[0], match_values=values, negate=negate)


def dotted(path: PlanPath) -> str:
    """``('timeline', 'phases', 2, 'ends')`` -> ``timeline.phases[2].ends``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
