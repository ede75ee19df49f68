"""Checks first needed by the communication, governance and readiness rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from migralint import paths
from migralint.checks.base import (
    PATH,
    PATHS,
    PREDICATE,
    Context,
    Problem,
    check,
    label,
    listed_values,
)
from migralint.i18n.values import Listing


@check(
    "listed-in",
    "the `key` of each item of `items` that matches `where` is listed in the list at `list` "
    "(or in any of several paths: every node they select counts) (reported at each item's `key`)",
    fills=("item", "value", "list"),
    items={**PATH, "required": True},
    where=PREDICATE,
    key={"type": "string"},
    list={**PATHS, "required": True},
)
def listed_in(
    ctx: Context, items: str, list: str | list[str], where: Any = None, key: str = "id"
) -> Iterator[Problem]:
    """Unlike `list-includes`, which reports every missing value at the list
    (one finding there per rule), this reports each unlisted item at its own
    `key`, so that every one is seen. Params: `item`, `value`, `list` (the
    list's path), `path`. A list that is missing or is not a list lists
    nothing; items without a string or number `key` are skipped. Every node
    the paths select counts: a list's items, or a value itself
    (``team.members[].name``)."""
    pointer, listed = listed_values(ctx, list)
    shown = (
        paths.dotted(pointer)
        if isinstance(list, str)
        else Listing(" or ".join(list), tuple(list), "or")
    )
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
                "list": shown,
                "path": paths.dotted((*item_pointer, key)),
            },
        )
