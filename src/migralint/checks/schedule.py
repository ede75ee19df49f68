"""Checks first needed by the timeline and contract rules (generic all the same)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from migralint import paths, timeutil
from migralint.checks.base import PATH, PATHS, PREDICATE, Context, Problem, check, label


def _within(ctx: Context, moment: Any, start: Any, end: Any) -> bool:
    """Whether ``moment`` falls inside the period ``start``..``end``.

    Either bound may be a date or a date-time. A date stands for the start
    of its day in the plan's zone, except the ``end`` date, which is
    inclusive (the whole day); two dates compare as calendar days."""
    if timeutil.compare(moment, start, ctx.tz) < 0:
        return False
    if not isinstance(moment, dt.datetime) and not isinstance(end, dt.datetime):
        return moment <= end
    point = timeutil.instant(moment, ctx.tz)
    if isinstance(end, dt.datetime):
        return point <= end
    return point < timeutil.instant(end, ctx.tz, end=True)


@check(
    "inside-periods",
    "no moment at `subjects` (in each item of `given`) falls inside a period of the list "
    "`periods` (each with `starts` and `ends`, dates or date-times; an `ends` date is inclusive)",
    fills=("value", "window", "starts", "ends", "item", "what"),
    subjects={**PATHS, "required": True},
    periods={**PATH, "required": True},
    given=PATH,
    where=PREDICATE,
)
def inside_periods(
    ctx: Context,
    subjects: str | list[str],
    periods: str,
    given: str | None = None,
    where: Any = None,
) -> Iterator[Problem]:
    """Params: ``value`` (the moment), ``window`` (the period's name, else its
    path), ``starts``, ``ends``, ``item`` (the item's id), ``path``, ``what``
    (the subject's field name in words)."""
    spans = []
    for pointer, period in ctx.select(periods.lstrip("/") + "[]"):
        if not isinstance(period, dict):
            continue
        start = ctx.moment((*pointer, "starts"), period.get("starts"))
        end = ctx.moment((*pointer, "ends"), period.get("ends"))
        if start is None or end is None:
            continue
        name = period.get("name")
        spans.append(
            (name if isinstance(name, str) and name else paths.dotted(pointer), start, end)
        )
    if not spans:
        return
    for base, item in ctx.items(given, where):
        for pointer, moment, _ in ctx.moments(subjects, base, item):
            for name, start, end in spans:
                if not _within(ctx, moment, start, end):
                    continue
                yield Problem(
                    pointer,
                    {
                        "value": ctx.describe(moment),
                        "window": name,
                        "starts": ctx.describe(start),
                        "ends": ctx.describe(end),
                        "item": label(base, item) if base else "the plan",
                        "path": paths.dotted(pointer),
                        "what": str(pointer[-1]).replace("_", " "),
                    },
                )
                break
