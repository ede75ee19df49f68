"""Measuring a selection: how many items, or the sum, minimum, maximum or
number of distinct values of a field, compared with bounds, optionally per
group. One pass over the items, whatever the measure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from migralint import paths
from migralint.checks.base import PATH, PREDICATE, REGISTRY, Context, Problem, check

MEASURES = ("count", "sum", "min", "max", "distinct")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _fmt(number: float) -> str:
    return f"{round(number, 6):g}"


class _Group:
    """What one group's items add up to so far."""

    __slots__ = ("count", "first", "seen", "tipping", "value", "values")

    def __init__(self, first: paths.PlanPath) -> None:
        self.first = first  # where the group's first item is
        self.value: float | None = None
        self.values: set[str] = set()
        self.count = 0
        self.tipping: paths.PlanPath | None = None  # the item that took a sum over `max`


@check(
    "aggregate",
    "the items of `given` that match `where` (per `group_by` value when given): their "
    "`measure` (count, or the sum, min, max or number of distinct values of `field`) is at "
    "least `min` and at most `max`",
    fills=("value", "measure", "field", "group", "min", "max", "bound", "count", "given"),
    given={**PATH, "required": True},
    where=PREDICATE,
    measure={"enum": list(MEASURES)},
    field=PATH,
    group_by=PATH,
    min={"type": "number"},
    max={"type": "number"},
    at={"enum": ["list", "first", "tipping"]},
)
def aggregate(
    ctx: Context,
    given: str,
    where: Any = None,
    measure: str = "count",
    field: str | None = None,
    group_by: str | None = None,
    min: float | None = None,
    max: float | None = None,
    at: str | None = None,
) -> Iterator[Problem]:
    """Findings point at ``at``: ``list`` (the list, or where it should be:
    the default without ``group_by``), ``first`` (the group's first item:
    the default with it) or ``tipping`` (for a sum over ``max``, the item
    that took it over; else the first item). An empty selection counts 0
    and has no sum, minimum or maximum: only ``count`` and ``distinct``
    report it (against ``min``). Values that are not numbers (booleans
    included) do not add up; ``distinct`` counts values as text."""
    if measure != "count" and not field:
        return  # rulecheck refuses this at load time; nothing to measure
    # The list itself, for findings about the whole selection.
    text = given.lstrip("/")
    last = text.rsplit(".", 1)[-1]
    where_list = paths.parse(text[: text.rindex("[")]) if "[" in last else None
    groups: dict[str, _Group] = {}
    for pointer, item in ctx.items(given, where):
        key = ""
        if group_by:
            group_value = ctx.value(group_by, pointer, item)
            if not isinstance(group_value, (str, int)) or isinstance(group_value, bool):
                continue
            key = str(group_value)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(pointer)
        if measure == "count":
            group.count += 1
            continue
        found = ctx.select(field, pointer, item)
        if not found:
            continue
        at_field, raw = found[0]
        if measure == "distinct":
            if raw is not None and not isinstance(raw, (dict, list)):
                group.values.add(str(raw))
            group.count += 1
            continue
        number = _number(raw)
        if number is None:
            continue
        group.count += 1
        if group.value is None:
            group.value = number
        elif measure == "sum":
            group.value += number
        elif measure == "min":
            group.value = number if number < group.value else group.value
        else:
            group.value = number if number > group.value else group.value
        if (
            measure == "sum"
            and max is not None
            and group.tipping is None
            and group.value > max + 1e-9
        ):
            group.tipping = at_field
    if not groups and not group_by and measure in ("count", "distinct"):
        groups[""] = _Group(())
    for key, group in groups.items():
        if measure == "count":
            value: float | None = group.count
        elif measure == "distinct":
            value = len(group.values)
        else:
            value = group.value
        if value is None:
            continue
        for side, bound in (("min", min), ("max", max)):
            if bound is None:
                continue
            if (side == "min" and value >= bound - 1e-9) or (
                side == "max" and value <= bound + 1e-9
            ):
                continue
            where = at or ("first" if group_by else "list")
            if where == "tipping" and side == "max" and group.tipping is not None:
                pointer = group.tipping
            elif where in ("first", "tipping") and group.first:
                pointer = group.first
            elif where_list is not None:
                found = where_list.select(ctx.data)
                pointer = found[0][0] if found else ctx.missing_pointer(str(where_list))
            else:
                pointer = group.first or ctx.missing_pointer(given.rstrip("[]"))
            yield Problem(
                pointer,
                {
                    "value": _fmt(value),
                    "measure": measure,
                    "field": field or "",
                    "group": key,
                    "min": "" if min is None else _fmt(min),
                    "max": "" if max is None else _fmt(max),
                    "bound": _fmt(bound),
                    "count": group.count,
                    "given": given,
                },
            )


# What the argument schema alone cannot say with properties: a measure of a
# field needs `field`, and a comparison needs a bound.
REGISTRY["aggregate"].args_schema.update(
    {
        "if": {"required": ["measure"], "properties": {"measure": {"not": {"const": "count"}}}},
        "then": {"required": ["field"]},
        "anyOf": [{"required": ["min"]}, {"required": ["max"]}],
    }
)
