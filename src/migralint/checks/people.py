"""Checks first needed by the communication, governance and readiness rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from migralint import paths
from migralint.checks.base import PATH, PREDICATE, Context, Problem, check, label


@check(
    "listed-in",
    "the `key` of each item of `items` that matches `where` is listed in the list at `list` "
    "(reported at each item's `key`)",
    fills=("item", "value", "list"),
    items={**PATH, "required": True},
    where=PREDICATE,
    key={"type": "string"},
    list={**PATH, "required": True},
)
def listed_in(
    ctx: Context, items: str, list: str, where: Any = None, key: str = "id"
) -> Iterator[Problem]:
    """Unlike `list-includes`, which reports every missing value at the list
    (one finding there per rule), this reports each unlisted item at its own
    `key`, so that every one is seen. Params: `item`, `value`, `list` (the
    list's path), `path`. A list that is missing or is not a list lists
    nothing; items without a string or number `key` are skipped."""
    found = ctx.select(list)
    pointer = found[0][0] if found else ctx.missing_pointer(list)
    values = found[0][1] if found and isinstance(found[0][1], type([])) else []
    listed = {str(v) for v in values if isinstance(v, (str, int)) and not isinstance(v, bool)}
    for item_pointer, item in ctx.items(items, where):
        if not isinstance(item, dict):
            continue
        value = item.get(key)
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            continue
        if str(value) in listed:
            continue
        yield Problem(
            (*item_pointer, key),
            {
                "item": label(item_pointer, item),
                "value": str(value),
                "list": paths.dotted(pointer),
                "path": paths.dotted((*item_pointer, key)),
            },
        )
