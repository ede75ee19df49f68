"""The small path language rule files use to say *which* part of a plan.

    timeline.cutover.at               a field
    discovery.integrations[]          each item of a list
    timeline.phases[id=uat].ends      the items whose ``id`` is ``uat``
    testing.uat.coverage.*            each value of a mapping

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

_SEGMENT = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_-]*|\*)(?P<items>\[(?:(?P<key>[A-Za-z_][A-Za-z0-9_-]*)=(?P<value>[^\]]+))?\])?"
)


class PathSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Step:
    name: str  # a key, or "*" for every value of a mapping
    each: bool = False  # "[]": every item of the list
    match_key: str | None = None  # "[key=value]": items whose key equals value
    match_value: str | None = None


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
            for index, item in enumerate(child):
                if type(item) is dict and _same(item.get(match_key), step.match_value):
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
        match = _SEGMENT.fullmatch(part)
        if not match:
            raise PathSyntaxError(f"bad path segment `{part}` in `{text}`")
        steps.append(
            Step(
                name=match["name"],
                each=bool(match["items"]) and not match["key"],
                match_key=match["key"],
                match_value=match["value"],
            )
        )
    plain = all(s.name != "*" and not s.each and s.match_key is None for s in steps)
    return Path(text, tuple(steps), tuple(s.name for s in steps) if plain else None)


def dotted(path: PlanPath) -> str:
    """``('timeline', 'phases', 2, 'ends')`` -> ``timeline.phases[2].ends``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
