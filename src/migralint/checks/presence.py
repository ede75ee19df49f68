"""Checks about what a plan holds: required fields, expected values, lists
that must contain something."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import Any

from migralint import paths
from migralint.checks.base import (
    PATH,
    PATHS,
    PREDICATE,
    Context,
    Problem,
    as_list,
    check,
    label,
    listed_values,
    the_plan,
    uncached,
)
from migralint.i18n.values import N_, Listing, Phrase, Suffix, Word
from migralint.textutil import excerpt
from migralint.timeutil import humanize, parse_duration


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (list, dict, str)) and len(value) == 0)


@check(
    "require",
    "each item of `given` (the plan when omitted) that matches `where` has every field of "
    "`fields`; with `deadline_from` (a moment) and `deadline_before` (a duration), the "
    "message can say by when the missing field is due: the working day on or before the "
    "moment minus the duration",
    fills=("item", "field", "state", "deadline", "deadline_from", "deadline_before"),
    given=PATH,
    where=PREDICATE,
    fields={**PATHS, "required": True},
    non_empty={"type": "boolean"},
    deadline_from=PATH,
    deadline_before=PATH,
)
def require(
    ctx: Context,
    fields: str | list[str],
    given: str | None = None,
    where: Any = None,
    non_empty: bool = False,
    deadline_from: str | None = None,
    deadline_before: str | None = None,
) -> Iterator[Problem]:
    for pointer, item in ctx.items(given, where):
        for field in as_list(fields):
            found = ctx.select(field, pointer, item)
            if not found or all(v is None for _, v in found):
                missing = ctx.missing_pointer(field, pointer)
                params = _params(pointer, item, field, missing, "missing")
                if deadline_from and deadline_before:
                    due = _deadline(ctx, pointer, item, deadline_from, deadline_before)
                    if due is None:
                        continue  # nothing to compute from: other rules' business
                    params.update(due)
                yield Problem(missing, params)
            elif non_empty and all(_empty(v) for _, v in found):
                yield Problem(found[0][0], _params(pointer, item, field, found[0][0], "empty"))


def _deadline(
    ctx: Context, pointer: Any, item: Any, moment_path: str, duration_path: str
) -> dict[str, str] | None:
    from migralint import timeutil
    from migralint.checks.dates import _suggestion

    moments = ctx.moments(moment_path, pointer, item)
    duration = timeutil.parse_duration(ctx.value(duration_path, pointer, item))
    if not moments or duration is None:
        return None
    _, moment, _ = moments[0]
    due = duration.add_to(moment, -1)
    if due is None:
        return None
    return {
        "deadline": _suggestion(ctx, due, due, "after"),
        "deadline_from": ctx.describe(moment),
        "deadline_before": humanize(duration),
    }


def _params(pointer: Any, item: Any, field: str, missing: Any, state: str) -> dict[str, Any]:
    return {
        "item": label(pointer, item) if pointer else the_plan(),
        "field": field.lstrip("/"),
        "path": paths.dotted(missing),
        # Translators: a field is "missing", "empty" or "present" (`plan.owner` is missing).
        "state": Word("state", state),
    }


# The states a field is in, for the catalog (a message says `plan.owner` is missing).
_STATES = (Word("state", "missing"), Word("state", "empty"), Word("state", "present"))


@check(
    "forbid",
    "no item of `given` that matches `where` has any field of `fields`",
    fills=("item", "field", "state", "value"),
    given=PATH,
    where=PREDICATE,
    fields={**PATHS, "required": True},
)
def forbid(
    ctx: Context, fields: str | list[str], given: str | None = None, where: Any = None
) -> Iterator[Problem]:
    for pointer, item in ctx.items(given, where):
        for field in as_list(fields):
            for found, value in ctx.select(field, pointer, item):
                if value is not None:
                    params = _params(pointer, item, field, found, "present")
                    duration = parse_duration(value)
                    shown = humanize(duration) if duration else value
                    yield Problem(found, {**params, "value": shown})


_TEXT = {"type": "string"}
# The matchers `expect` takes besides `equals` and `one_of` (the predicate
# language's; see checks/base.py), in the order a message describes them.
_EXPECT_MATCHERS = {
    "not_in": (N_("not one of {value}"), {"type": "array", "minItems": 1}),
    "starts_with": (N_("starting with {value}"), _TEXT),
    "ends_with": (N_("ending with {value}"), _TEXT),
    "contains": (N_("containing {value}"), {}),
    "matches": (N_("matching {value}"), {"type": "string", "format": "regex"}),
    "min": (N_("at least {value}"), {"type": "number"}),
    "max": (N_("at most {value}"), {"type": "number"}),
}


@check(
    "expect",
    "in each item of `given` that matches `where`, `field` satisfies the matchers "
    "(`equals`, `one_of`, `not_in`, `starts_with`, `ends_with`, `contains`, `matches`, `min`, "
    "`max`; `ignore_case`); a missing field fails unless `skip_missing`",
    fills=("item", "field", "state", "value", "expected"),
    given=PATH,
    where=PREDICATE,
    field={**PATH, "required": True},
    equals={},
    one_of={"type": "array", "minItems": 1},
    **{name: dict(schema) for name, (_, schema) in _EXPECT_MATCHERS.items()},
    ignore_case={"type": "boolean"},
    skip_missing={"type": "boolean"},
)
def expect(
    ctx: Context,
    field: str,
    given: str | None = None,
    where: Any = None,
    equals: Any = None,
    one_of: builtins.list[Any] | None = None,
    skip_missing: bool = False,
    ignore_case: bool = False,
    **matchers: Any,
) -> Iterator[Problem]:
    predicate: dict[str, Any] = {}
    described = []
    if one_of is not None or equals is not None or not matchers:
        allowed = builtins.list(one_of) if one_of is not None else [equals]
        predicate["in"] = allowed
        shown = tuple(_show(a) for a in allowed)
        described.append(Listing(" or ".join(shown), shown, "or"))
    for name, (words, _) in _EXPECT_MATCHERS.items():
        if name in matchers:
            predicate[name] = matchers[name]
            described.append(Phrase(words, value=_show(matchers[name])))
    if ignore_case:
        predicate["ignore_case"] = True
    expected: str = Listing(" and ".join(described), tuple(described))
    if ignore_case:
        expected = Phrase(N_("{expected} (ignoring case)"), expected=expected)
    test = uncached({field: predicate})  # built per call: not kept in the predicate cache
    for pointer, item in ctx.items(given, where):
        found = ctx.select(field, pointer, item)
        values = [v for _, v in found if v is not None]
        if not values and skip_missing:
            continue
        if test(ctx, pointer, item):
            continue
        at = found[0][0] if found else ctx.missing_pointer(field, pointer)
        shown = values[0] if values else None
        yield Problem(
            at,
            {
                **_params(pointer, item, field, at, "present" if values else "missing"),
                "value": Word("state", "missing") if shown is None else _show(shown),
                "expected": expected,
            },
        )


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@check(
    "exists",
    "at least one item of `given` matches `where`",
    fills=("given",),
    given={**PATH, "required": True},
    where=PREDICATE,
    at=PATH,
)
def exists(ctx: Context, given: str, where: Any = None, at: str | None = None) -> Iterator[Problem]:
    if next(ctx.items(given, where), None) is not None:
        return
    # The list itself (or, when it is missing, the mapping that should hold it).
    pointer = paths.parse(at or given).static_path()
    yield Problem(pointer, {"path": paths.dotted(pointer), "given": given})


@check(
    "required-ids",
    "the list `given` has an item whose `key` is each of `ids` (only items matching `where` "
    "count; every list `given` selects is read); with `together`, every missing id is "
    'said in one finding (`missing`: "`build`, `uat` or `decommission`", `s`: a plural s)',
    fills=("id", "key", "missing", "s", "count"),
    given={**PATH, "required": True},
    where=PREDICATE,
    ids={"type": "array", "items": {"type": "string"}, "minItems": 1, "required": True},
    key={"type": "string"},
    together={"type": "boolean"},
)
def required_ids(
    ctx: Context,
    given: str,
    ids: list[str],
    key: str = "id",
    where: Any = None,
    together: bool = False,
) -> Iterator[Problem]:
    nodes = ctx.select(given)
    present = {
        str(item.get(key))
        for list_pointer, value in nodes
        if isinstance(value, list)
        for index, item in enumerate(value)
        if isinstance(item, dict)
        and (where is None or ctx.holds(where, (*list_pointer, index), item))
    }
    pointer = nodes[0][0] if nodes else ctx.missing_pointer(given)
    absent = [wanted for wanted in ids if wanted not in present]
    if together and absent:
        named = [f"`{excerpt(a)}`" for a in absent]
        said = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
        said = Listing(said, tuple(named), "or")
        yield Problem(
            pointer,
            {
                "id": absent[0],
                "path": paths.dotted(pointer),
                "key": key,
                "missing": said,
                "s": Suffix(len(absent) != 1),
                "count": len(absent),
            },
        )
        return
    for wanted in absent:
        yield Problem(
            pointer,
            {
                "id": wanted,
                "path": paths.dotted(pointer),
                "key": key,
                "missing": f"`{excerpt(wanted)}`",
                "s": Suffix(False),
                "count": 1,
            },
        )


@check(
    "list-includes",
    "the list at `list` (every list it selects) includes each of `values`, and the `key` of "
    "each item of `items` that matches `where`",
    fills=("value", "list"),
    list={**PATHS, "required": True},
    values={"type": "array"},
    items=PATH,
    where=PREDICATE,
    key={"type": "string"},
)
def list_includes(
    ctx: Context,
    list: str | builtins.list[str],
    values: Any = None,
    items: str | None = None,
    where: Any = None,
    key: str = "id",
) -> Iterator[Problem]:
    pointer, have = listed_values(ctx, list)
    wanted: builtins.list[tuple[str, str]] = [(str(v), "") for v in values or ()]
    if items:
        for item_pointer, item in ctx.items(items, where):
            if isinstance(item, dict) and isinstance(item.get(key), str):
                wanted.append((item[key], label(item_pointer, item)))
    shown = list if isinstance(list, str) else ", ".join(list)
    for value, _ in wanted:
        if value not in have:
            yield Problem(pointer, {"value": value, "path": paths.dotted(pointer), "list": shown})
