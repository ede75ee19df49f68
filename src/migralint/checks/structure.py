"""Checks about the plan as a document: what the loader found, the schema,
ids and references, numbers that must add up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from migralint import paths, suggest
from migralint.checks.base import PATH, PATHS, PREDICATE, Context, Problem, as_list, check, label
from migralint.i18n.values import N_, Phrase, Word
from migralint.textutil import excerpt


@check(
    "file-diagnostic",
    "what the YAML reader reported under this rule's code (syntax, duplicate keys, version, "
    "YAML 1.1 readings, limits)",
    fills=("message",),
)
def file_diagnostic(ctx: Context) -> Iterator[Problem]:
    # The engine hands these over directly (see engine.py); the check exists
    # so that rule files name the source of every finding.
    return iter(())


@check(
    "format-version",
    "the file's root is a mapping whose `key` is one of the `supported` format versions",
    fills=("problem", "versions"),
    key={"type": "string"},
    supported={"type": "array", "items": {"type": "integer"}, "minItems": 1},
)
def format_version(
    ctx: Context, key: str = "migralint", supported: list[int] = (1,)
) -> Iterator[Problem]:
    data = ctx.doc.data
    versions = ", ".join(str(v) for v in supported)
    if data is None:
        problem = Phrase(N_("the file is empty (or holds only comments)"))
    elif not isinstance(data, dict):
        if isinstance(data, list):
            problem = Phrase(N_("the file holds a list, not a mapping"))
        else:
            problem = Phrase(N_("the file holds a single value, not a mapping"))
    elif key not in data:
        problem = Phrase(N_("no `{key}` key: this file is not a migralint plan"), key=key)
    elif isinstance(data[key], bool) or data[key] not in supported:
        value = data[key]
        if isinstance(value, str) and value.strip() in {str(v) for v in supported}:
            # `migralint: "1"`: the right number, written as a string.
            said = Phrase(
                N_(
                    '`{key}: "{quoted}"` is the string "{quoted}"; '
                    "the version must be the number {number}, without quotes"
                ),
                key=key,
                quoted=excerpt(value),
                number=value.strip(),
            )
        else:
            said = Phrase(
                N_("`{key}: {value}` is not a format version this release understands"),
                key=key,
                value=excerpt(str(value)),
            )
        yield Problem((key,), {"problem": said, "versions": versions})
        return
    else:
        return
    yield Problem((), {"problem": problem, "versions": versions})


@check("schema", "the plan validates against schemas/plan.schema.json", fills=("message",))
def schema(ctx: Context) -> Iterator[Problem]:
    from migralint import schema as plan_schema

    for error in plan_schema.validate(ctx.data):
        yield Problem(error.pointer, {"message": error.message}, on_key=error.on_key)


@check(
    "unique",
    "within each list of `lists`, no two items (that match `where`) share the same `key`",
    fills=("value", "key", "list", "first_line"),
    lists={**PATHS, "required": True},
    key={"type": "string"},
    where=PREDICATE,
)
def unique(
    ctx: Context, lists: str | list[str], key: str = "id", where: Any = None
) -> Iterator[Problem]:
    for spec in as_list(lists):
        for list_pointer, items in ctx.select(spec):
            if not isinstance(items, list):
                continue
            first: dict[str, int] = {}
            for index, item in enumerate(items):
                if not isinstance(item, dict) or not isinstance(item.get(key), (str, int)):
                    continue
                if where is not None and not ctx.holds(where, (*list_pointer, index), item):
                    continue
                value = str(item[key])
                if value in first:
                    earlier = (*list_pointer, first[value], key)
                    line = ctx.doc.position(earlier)[0]
                    yield Problem(
                        (*list_pointer, index, key),
                        {
                            "value": value,
                            "key": key,
                            "list": paths.dotted(list_pointer),
                            "first_line": line,
                        },
                    )
                else:
                    first[value] = index


@check(
    "references",
    "each value at `refs` (in each item of `given` that matches `where`, when given) names an "
    "id found at `ids`, or one of `also`",
    fills=("value", "known", "suggestion"),
    refs={**PATHS, "required": True},
    ids={**PATHS, "required": True},
    also={"type": "array", "items": {"type": "string"}},
    given=PATH,
    where=PREDICATE,
)
def references(
    ctx: Context,
    refs: str | list[str],
    ids: str | list[str],
    also: list[str] | None = None,
    given: str | None = None,
    where: Any = None,
) -> Iterator[Problem]:
    known = {str(v) for spec in as_list(ids) for _, v in ctx.select(spec) if v is not None}
    allowed = known | set(also or ())
    # Built once per check, not per finding: the list of ids and an index
    # that makes each suggestion cost the same however many ids there are.
    shortlist = _shortlist(sorted(known))
    suggester, budget = suggest.Suggester(allowed), suggest.Budget()
    items = ctx.items(given, where) if given else [((), None)]
    for base, item in items:
        for spec in as_list(refs):
            for pointer, value in ctx.select(spec, base, item):
                if not isinstance(value, (str, int)) or isinstance(value, bool):
                    continue
                if str(value) not in allowed:
                    yield Problem(
                        pointer,
                        {
                            "value": value,
                            "path": paths.dotted(pointer),
                            "known": shortlist,
                            "suggestion": suggest.hint(str(value), suggester, budget=budget),
                        },
                    )


def _shortlist(names: list[str], limit: int = 12) -> str:
    if not names:
        # Translators: the known ids of a list that has none.
        return Word("ids", "none")
    shown = ", ".join(excerpt(name, 40) for name in names[:limit])  # ids come from the plan
    if len(names) <= limit:
        return shown
    more = len(names) - limit
    return Phrase(N_("{ids} and {more} more"), ids=shown, more=more)


_OPERATORS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


@check(
    "compare-numbers",
    "in each item of `given`, `left` `op` `right` holds (numbers; missing sides are skipped)",
    fills=("item", "left", "right", "left_value", "right_value", "gap"),
    given={**PATH, "required": True},
    where=PREDICATE,
    left={**PATH, "required": True},
    op={"enum": sorted(_OPERATORS), "required": True},
    right={**PATH, "required": True},
)
def compare_numbers(
    ctx: Context, given: str, left: str, op: str, right: str, where: Any = None
) -> Iterator[Problem]:
    for pointer, item in ctx.items(given, where):
        a, b = ctx.value(left, pointer, item), ctx.value(right, pointer, item)
        na, nb = _number(a), _number(b)
        if na is None or nb is None or _OPERATORS[op](na, nb):
            continue
        at = ctx.select(left, pointer, item)[0][0]
        yield Problem(
            at,
            {
                "item": label(pointer, item),
                "left": left,
                "right": right,
                "left_value": a,
                "right_value": b,
                "gap": _fmt(abs(na - nb)),
            },
        )


def _fmt(number: float) -> str:
    return f"{number:g}"


@check(
    "sum-at-most",
    "items of `given` (that match `where`) grouped by `group_by`: the `field` values of a "
    "group add up to at most `max` (`total_percent` and `max_percent` say them as percentages)",
    fills=("group", "total", "max", "field", "total_percent", "max_percent"),
    given={**PATH, "required": True},
    where=PREDICATE,
    field={"type": "string", "required": True},
    group_by={"type": "string", "required": True},
    max={"type": "number", "required": True},
)
def sum_at_most(
    ctx: Context,
    given: str,
    field: str,
    group_by: str,
    max: float,
    where: Any = None,
) -> Iterator[Problem]:
    """A case of `aggregate`: the sum per group, at the item that tips it over."""
    from migralint.checks.aggregate import aggregate

    for problem in aggregate(
        ctx,
        given,
        where=where,
        measure="sum",
        field=field,
        group_by=group_by,
        max=max,
        at="tipping",
    ):
        params = problem.params
        yield Problem(
            problem.pointer,
            {
                "group": params["group"],
                "total": params["value"],
                "max": params["max"],
                "field": field,
                "total_percent": _percent(float(params["value"])),
                "max_percent": _percent(max),
            },
        )


def _strings(root: Any) -> set[str]:
    """The distinct string values below ``root`` (not the keys)."""
    found: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _percent(share: float) -> str:
    return f"{round(share * 100, 1):g}%"


@check(
    "no-value-matches",
    "no string value anywhere below `under` (the whole plan when omitted) matches the "
    "pattern `matches` (RE2); keys are not values",
    fills=("path", "value"),
    under={**PATH},
    matches={"type": "string", "format": "regex", "required": True},
    ignore_case={"type": "boolean"},
)
def no_value_matches(
    ctx: Context, matches: str, under: str | None = None, ignore_case: bool = False
) -> Iterator[Problem]:
    from migralint import patterns

    found = patterns.searcher(matches, ignore_case)
    roots = ctx.select(under) if under else [((), ctx.data)]
    for root_pointer, root in roots:
        # Most plans hold no match: look first without building a pointer
        # for every node, then walk again for the pointers of the matches.
        if not any(map(found, _strings(root))):
            continue
        # An explicit stack, in document order: no depth can exhaust Python's.
        stack: list[tuple[tuple, Any]] = [(root_pointer, root)]
        while stack:
            pointer, node = stack.pop()
            if isinstance(node, dict):
                stack.extend(((*pointer, k), v) for k, v in reversed(node.items()))
            elif isinstance(node, list):
                stack.extend(((*pointer, i), v) for i, v in reversed(list(enumerate(node))))
            elif isinstance(node, str) and found(node):
                yield Problem(pointer, {"path": paths.dotted(pointer), "value": excerpt(node)})
