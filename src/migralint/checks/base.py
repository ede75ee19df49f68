"""What every check shares: the registry, the context it reads a plan through,
the ``Problem`` it reports, and the predicate language of ``when``/``where``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from migralint import paths, timeutil
from migralint.i18n.values import N_, Phrase
from migralint.loader import Document, PlanPath

CheckFunction = Callable[..., Iterable["Problem"]]


@dataclass(frozen=True)
class CheckSpec:
    name: str
    function: CheckFunction
    args_schema: dict[str, Any]
    summary: str
    # The message fields the check fills in for each problem (``path`` is
    # always filled, by the engine); a rule's message may use only these and
    # the rule's options.
    fills: tuple[str, ...] = ()
    # "plan": ``function`` reports problems of one plan. "portfolio":
    # ``function`` extracts one plan's facts and ``compare`` reads the facts
    # of every plan of the run (checks/portfolio.py).
    scope: str = "plan"
    compare: CheckFunction | None = None


REGISTRY: dict[str, CheckSpec] = {}


def check(
    name: str, summary: str, *, fills: tuple[str, ...] = (), **properties: Any
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check with the JSON Schema (properties) of its arguments
    and the message fields it fills (``fills``).

    A property whose schema has ``"required": True`` is required; that flag
    is moved to the object's ``required`` list."""

    schema = _args_schema(properties)

    def register(function: CheckFunction) -> CheckFunction:
        REGISTRY[name] = CheckSpec(name, function, schema, summary, tuple(fills))
        return function

    return register


def _args_schema(properties: dict[str, Any]) -> dict[str, Any]:
    required = [key for key, spec in properties.items() if spec.pop("required", False)]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def portfolio_check(
    name: str,
    summary: str,
    *,
    extract: CheckFunction,
    compare: CheckFunction,
    fills: tuple[str, ...] = (),
    **properties: Any,
) -> None:
    """Register a check over several plans: ``extract(ctx, **args)`` reads
    one plan, ``compare(facts, **args)`` every plan's (see checks/portfolio.py)."""
    schema = _args_schema(properties)
    REGISTRY[name] = CheckSpec(
        name, extract, schema, summary, tuple(fills), scope="portfolio", compare=compare
    )


# Argument schemas shared by many checks.
PATH = {"type": "string", "format": "plan-path"}
PATHS = {"anyOf": [PATH, {"type": "array", "items": PATH, "minItems": 1}]}
DURATION = {"type": "string", "format": "duration"}
PREDICATE = {"$ref": "#/$defs/predicate"}


@dataclass(frozen=True)
class Problem:
    """What a check says: where (a plan path), and values for the message."""

    pointer: PlanPath
    params: dict[str, Any] = field(default_factory=dict)
    on_key: bool = False  # point at the key (unknown keys), not the value


class Context:
    """A read-only view of one plan for the checks: selection by path, typed
    values (moments in the plan's zone, durations) and predicates."""

    def __init__(
        self, doc: Document, tz: dt.tzinfo, tz_name: str, freezes: tuple[Any, ...] = ()
    ) -> None:
        self.doc = doc
        # The configuration's company-wide freezes (periods.PERIOD_SCHEMA).
        self.freezes = freezes
        self.data = doc.data if isinstance(doc.data, dict) else {}
        self.tz = tz
        self.tz_name = tz_name
        self._moments: dict[PlanPath, Any] = {}

    # -- selection -------------------------------------------------------
    def select(
        self, path: str, base: PlanPath = (), item: Any = None
    ) -> list[tuple[PlanPath, Any]]:
        """Nodes named by ``path``: relative to ``item`` (at ``base``) when
        given, unless the path starts with ``/``."""
        if path[:1] == "/":
            return paths.parse(path[1:]).select(self.data)
        if item is None:
            if base:
                return []
            item = self.data
        return paths.parse(path).select(item, base)

    def value(self, path: str, base: PlanPath = (), item: Any = None) -> Any:
        found = self.select(path, base, item)
        return found[0][1] if found else None

    def items(self, given: str | None, where: Any = None) -> Iterator[tuple[PlanPath, Any]]:
        """The items a check walks: each node of ``given`` (the root when
        None) that satisfies ``where``."""
        nodes = [((), self.data)] if not given else self.select(given)
        for pointer, item in nodes:
            if where is None or self.holds(where, pointer, item):
                yield pointer, item

    def missing_pointer(self, path: str, base: PlanPath = ()) -> PlanPath:
        """Where a missing node would be: findings point at the mapping that
        should hold it, which ``Document.position`` resolves."""
        if path.startswith("/"):
            return paths.parse(path[1:]).static_path()
        return paths.parse(path).static_path(base)

    # -- typed values ----------------------------------------------------
    def moment(self, pointer: PlanPath, value: Any) -> dt.date | dt.datetime | None:
        if pointer not in self._moments:
            self._moments[pointer] = timeutil.parse_moment(value, self.tz)
        return self._moments[pointer]

    def moments(
        self, spec: str | list[str], base: PlanPath = (), item: Any = None
    ) -> list[tuple[PlanPath, Any, bool]]:
        """(pointer, moment, is_inclusive_end) for each parseable node."""
        out = []
        for path in as_list(spec):
            is_end = paths.parse(path.lstrip("/")).leaf == "ends"
            for pointer, value in self.select(path, base, item):
                moment = self.moment(pointer, value)
                if moment is not None:
                    out.append((pointer, moment, is_end))
        return out

    def first_moment(
        self, spec: str | list[str], base: PlanPath = (), item: Any = None
    ) -> tuple[PlanPath, Any, bool] | None:
        """The first alternative of ``spec`` that is present and parseable."""
        for path in as_list(spec):
            found = self.moments(path, base, item)
            if found:
                return found[0]
        return None

    def describe(self, moment: Any) -> str:
        return timeutil.describe(moment, self.tz if isinstance(moment, dt.datetime) else None)

    # -- predicates ------------------------------------------------------
    def holds(self, predicate: Any, base: PlanPath = (), item: Any = None) -> bool:
        """Evaluate a ``when``/``where`` predicate.

        A predicate is a mapping of path -> matcher (all must hold), or
        ``{all: [...]}``, ``{any: [...]}``, ``{not: predicate}``, or a list
        (all must hold). Matchers: present, non_empty, equals, not_equals,
        in, not_in, contains, contains_any, starts_with, ends_with, matches,
        min, max (and the ``ignore_case`` flag). Positive matchers hold when some
        selected node matches; negative ones when none does. Predicates are
        compiled once into small functions (a check applies one predicate
        to every item of a list)."""
        return compiled(predicate)(self, base, item)


Compiled = Callable[[Context, PlanPath, Any], bool]
_COMPILED: dict[int, tuple[Any, Compiled]] = {}


def compiled(predicate: Any) -> Compiled:
    """The compiled form of a predicate, cached by identity (rule files'
    predicates live as long as the engine that applies them)."""
    entry = _COMPILED.get(id(predicate))
    if entry is not None and entry[0] is predicate:
        return entry[1]
    function = _compile(predicate)
    _COMPILED[id(predicate)] = (predicate, function)
    return function


def uncached(predicate: Any) -> Compiled:
    """The compiled form of a predicate a check builds itself (not cached)."""
    return _compile(predicate)


def _all(parts: list[Compiled]) -> Compiled:
    if len(parts) == 1:
        return parts[0]
    return lambda ctx, base, item: all(part(ctx, base, item) for part in parts)


def _compile(predicate: Any) -> Compiled:
    if isinstance(predicate, list):
        return _all([_compile(p) for p in predicate]) if predicate else (lambda *_: True)
    parts: list[Compiled] = []
    for key, matcher in predicate.items():
        if key == "all":
            parts.append(_all([_compile(p) for p in matcher]) if matcher else (lambda *_: True))
        elif key == "any":
            subs = [_compile(p) for p in matcher]
            parts.append(lambda ctx, base, item, subs=subs: any(s(ctx, base, item) for s in subs))
        elif key == "not":
            sub = _compile(matcher)
            parts.append(lambda ctx, base, item, sub=sub: not sub(ctx, base, item))
        else:
            parts.append(_leaf(key, list(matcher.items())))
    return _all(parts) if parts else (lambda *_: True)


def _leaf(key: str, ops: list[tuple[str, Any]]) -> Compiled:
    path = paths.parse(key.lstrip("/"))
    if key.startswith("/") or path.names is None or len(path.names) != 1:

        def values(ctx: Context, base: PlanPath, item: Any) -> list[Any]:
            return [v for _, v in ctx.select(key, base, item)]

    else:
        name = path.names[0]

        def values(ctx: Context, base: PlanPath, item: Any) -> list[Any]:
            node = item if item is not None else (None if base else ctx.data)
            return [node[name]] if type(node) is dict and name in node else []

    fold = any(op == "ignore_case" and arg is True for op, arg in ops)
    tests = [matcher(op, arg, fold) for op, arg in ops if op != "ignore_case"]
    if len(tests) == 1:
        test = tests[0]
        return lambda ctx, base, item: test(values(ctx, base, item))
    return lambda ctx, base, item: all(t(values(ctx, base, item)) for t in tests)


def _non_empty(value: Any) -> bool:
    return value is not None and not (isinstance(value, (list, dict, str)) and len(value) == 0)


def _equal(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def matcher(op: str, arg: Any, ignore_case: bool = False) -> Callable[[list[Any]], bool]:
    """The test one matcher applies to the values a path selects.

    Positive matchers hold when some value matches; ``not_equals`` and
    ``not_in`` when none does. Text matchers (``starts_with``, ``ends_with``,
    ``matches``, and ``contains`` on a string) look at strings only; with
    ``ignore_case`` they, ``equals`` and ``in`` compare case-insensitively."""
    if op == "present":
        return lambda values: any(v is not None for v in values) is bool(arg)
    if op == "non_empty":
        return lambda values: any(_non_empty(v) for v in values) is bool(arg)
    if op == "min":
        return lambda values: any(_is_number(v) and v >= arg for v in values)
    if op == "max":
        return lambda values: any(_is_number(v) and v <= arg for v in values)
    if op == "matches":
        from migralint import patterns

        compiled_pattern = patterns.compile(arg, ignore_case)
        return lambda values: any(
            isinstance(v, str) and compiled_pattern.search(v) is not None for v in values
        )
    norm = _fold if ignore_case else (lambda v: v)
    arg = [norm(a) for a in arg] if op in ("in", "not_in", "contains_any") else norm(arg)
    if op == "equals":
        return lambda values: any(_equal(norm(v), arg) for v in values)
    if op == "not_equals":
        return lambda values: not any(_equal(norm(v), arg) for v in values)
    if op == "in":
        return lambda values: any(any(_equal(norm(v), a) for a in arg) for v in values)
    if op == "not_in":
        return lambda values: not any(any(_equal(norm(v), a) for a in arg) for v in values)
    if op == "starts_with":
        return lambda values: any(isinstance(v, str) and norm(v).startswith(arg) for v in values)
    if op == "ends_with":
        return lambda values: any(isinstance(v, str) and norm(v).endswith(arg) for v in values)
    if op == "contains":

        def contains(values: list[Any]) -> bool:
            for v in values:
                if isinstance(v, list) and any(_equal(norm(x), arg) for x in v):
                    return True
                if isinstance(v, str) and isinstance(arg, str) and arg in norm(v):
                    return True
            return False

        return contains
    if op == "contains_any":
        return lambda values: any(
            isinstance(v, list) and any(_equal(norm(x), a) for x in v for a in arg) for v in values
        )
    raise ValueError(f"unknown matcher {op}")  # the rule-file schema makes this unreachable


def _match(op: str, arg: Any, values: list[Any]) -> bool:
    return matcher(op, arg)(values)


MATCHERS = (
    "present",
    "non_empty",
    "equals",
    "not_equals",
    "in",
    "not_in",
    "contains",
    "contains_any",
    "starts_with",
    "ends_with",
    "matches",
    "min",
    "max",
    "ignore_case",
)


def listed_values(ctx: Context, spec: str | list[str]) -> tuple[PlanPath, set[str]]:
    """The values listed at ``spec`` (one path or several): the scalar items
    of every list it selects and every scalar it selects, as strings; and
    where a message points (the first node, else where the first path's node
    would be)."""
    listed: set[str] = set()
    pointer: PlanPath | None = None
    for path in as_list(spec):
        # A value itself counts where the path walks items
        # (`team.members[].name`); a plain path must name a list.
        walks = paths.parse(path.lstrip("/")).names is None
        for at, node in ctx.select(path):
            if pointer is None:
                pointer = at
            if not isinstance(node, list) and not walks:
                continue
            for value in node if isinstance(node, list) else [node]:
                if isinstance(value, (str, int)) and not isinstance(value, bool):
                    listed.add(str(value))
    if pointer is None:
        pointer = ctx.missing_pointer(as_list(spec)[0])
    return pointer, listed


def as_list(spec: str | list[str]) -> list[str]:
    """A path argument given as one path or a list of them."""
    return [spec] if isinstance(spec, str) else list(spec)


def the_plan() -> str:
    """How a message names the plan itself where it names an item."""
    return Phrase(N_("the plan"))


def label(pointer: PlanPath, item: Any) -> str:
    """How a message names an item: its id (or name), else its plan path."""
    if isinstance(item, dict):
        for key in ("id", "name", "group", "audience", "need"):
            if isinstance(item.get(key), (str, int)) and not isinstance(item.get(key), bool):
                return str(item[key])
    return paths.dotted(pointer)
