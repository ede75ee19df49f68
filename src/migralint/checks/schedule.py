"""Checks first needed by the timeline and contract rules (generic all the same)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from migralint import paths
from migralint import periods as _periods
from migralint.checks.base import PATH, PATHS, PREDICATE, Context, Problem, check, label, the_plan
from migralint.i18n.values import Clauses


def _within(ctx: Context, moment: Any, start: Any, end: Any) -> bool:
    """Whether ``moment`` falls inside the period ``start``..``end`` (see
    periods.within)."""
    return _periods.within(moment, start, end, ctx.tz)


@check(
    "inside-periods",
    "no moment at `subjects` (in each item of `given`) falls inside one of `periods` (a plan "
    "path to a list of `starts`/`ends`, or periods written in the rule: literal, `yearly`, "
    "`business_days`), nor, with `freezes`, inside the configuration's freezes; with "
    "`mode: allowed`, every moment must fall inside one of them",
    fills=("value", "window", "starts", "ends", "item", "what", "windows"),
    subjects={**PATHS, "required": True},
    periods={"anyOf": [PATH, {"type": "array", "items": _periods.PERIOD_SCHEMA}]},
    freezes={"type": "boolean"},
    countries=PATH,
    mode={"enum": ["forbidden", "allowed"]},
    given=PATH,
    where=PREDICATE,
)
def inside_periods(
    ctx: Context,
    subjects: str | list[str],
    periods: str | list[dict[str, Any]] | None = None,
    given: str | None = None,
    where: Any = None,
    freezes: bool = False,
    countries: str = "plan.countries",
    mode: str = "forbidden",
) -> Iterator[Problem]:
    """Params: ``value`` (the moment), ``window`` (the period's name, else its
    path or form), ``starts``, ``ends``, ``item`` (the item's id), ``path``,
    ``what`` (the subject's field name in words), ``windows`` (in allowed
    mode: the periods, in words)."""
    spans: list[tuple[str, Any, Any]] = []
    specs: list[dict[str, Any]] = []
    if isinstance(periods, str):
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
    elif periods:
        specs.extend(periods)
    if freezes:
        specs.extend(ctx.freezes)
    if not spans and not specs:
        return
    codes = ctx.value(countries)
    codes = [c for c in codes if isinstance(c, str)] if isinstance(codes, list) else []
    from migralint.checks.calendar import holiday_on

    def hit(moment: Any) -> tuple[str, Any, Any] | None:
        for name, start, end in spans:
            if _within(ctx, moment, start, end):
                return name, start, end
        for spec in specs:
            span = _periods.containing(spec, moment, ctx.tz, codes, holiday_on)
            if span is not None:
                return _periods.name_of(spec), span[0], span[1]
        return None

    allowed = mode == "allowed"
    described = Clauses(
        tuple([name for name, _, _ in spans] + [_periods.name_of(s) for s in specs])
    )
    for base, item in ctx.items(given, where):
        for pointer, moment, _ in ctx.moments(subjects, base, item):
            found = hit(moment)
            if (found is None) is not allowed:
                continue
            name, start, end = found or ("", None, None)
            yield Problem(
                pointer,
                {
                    "value": ctx.describe(moment),
                    "window": name,
                    "starts": ctx.describe(start) if start is not None else "",
                    "ends": ctx.describe(end) if end is not None else "",
                    "item": label(base, item) if base else the_plan(),
                    "path": paths.dotted(pointer),
                    "what": str(pointer[-1]).replace("_", " "),
                    "windows": described,
                },
            )
