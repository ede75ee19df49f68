"""Checks about the order of moments and the length of periods.

Moments are dates or date-times; a date compared with a date-time is the
start of that day in the plan's zone, and an ``ends`` date is inclusive
(see timeutil). Missing or unreadable values are skipped: presence is other
rules' business, form is the schema's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from migralint import paths, timeutil
from migralint.checks.base import (
    DURATION,
    PATH,
    PATHS,
    PREDICATE,
    Context,
    Problem,
    check,
    label,
    the_plan,
)
from migralint.i18n.values import N_, Day, Phrase, Span, Word
from migralint.textutil import excerpt
from migralint.timeutil import Duration, humanize, parse_duration

_FAIL_IF = {
    "before": lambda c: c < 0,
    "after": lambda c: c > 0,
    "at-or-before": lambda c: c <= 0,
    "at-or-after": lambda c: c >= 0,
}


def spoken(ctx: Context, pointer: tuple) -> str:
    """A plan path as a message says it: an item of a list by its id, not its
    index ("the `build` phase starts", "platforms.legacy[id=legacymail].
    contract.ends"), else the dotted path."""
    if (
        len(pointer) == 4
        and pointer[:2] == ("timeline", "phases")
        and pointer[3] in ("starts", "ends")
    ):
        timeline = ctx.data.get("timeline") if isinstance(ctx.data, dict) else None
        phases = timeline.get("phases") if isinstance(timeline, dict) else None
        index = pointer[2]
        phase = (
            phases[index]
            if isinstance(phases, list) and isinstance(index, int) and 0 <= index < len(phases)
            else None
        )
        if isinstance(phase, dict) and isinstance(phase.get("id"), str):
            template = N_("the `{phase}` phase starts") if pointer[3] == "starts" else _ENDS
            return Phrase(template, phase=excerpt(phase["id"]))
    parts: list[Any] = []
    node: Any = ctx.data
    for part in pointer:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            item = node[part]
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[id={excerpt(ident)}]" if isinstance(ident, str) else part)
            node = item
        else:
            parts.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.startswith("[id="):
            text += part
        else:
            text += ("." if text else "") + str(part)
    return text


_ENDS = N_("the `{phase}` phase ends")


def _suggestion(ctx: Context, target: Any, moment: Any, fail_if: str) -> str:
    """The limit a message suggests: for a field that holds a date, a date
    (not a date-time), moved to the nearest working day of the plan's
    countries on the side that satisfies the rule; else the moment itself."""
    if isinstance(moment, dt.datetime) or target is None:
        return ctx.describe(target)
    day = timeutil.local_date(target, ctx.tz) if isinstance(target, dt.datetime) else target
    if day is None:
        return ctx.describe(target)
    # "after" fails: the date must be at or before the limit, so look earlier.
    step = -1 if fail_if in ("after", "at-or-after") else 1
    if fail_if == "at-or-after" and not isinstance(target, dt.datetime):
        day = _step(day, -1)
    elif fail_if == "at-or-before" and not isinstance(target, dt.datetime):
        day = _step(day, 1)
    for _ in range(31):
        if day is None or _working(ctx, day):
            break
        day = _step(day, step)
    return ctx.describe(day) if day is not None else ctx.describe(target)


def _step(day: dt.date, step: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=step)
    except OverflowError:
        return None


def _working(ctx: Context, day: dt.date) -> bool:
    from migralint.checks.calendar import holiday_on
    from migralint.checks.countries import weekend

    codes = ctx.value("plan.countries")
    if day.weekday() in weekend(codes):
        return False
    listed = [c for c in codes if isinstance(c, str)] if isinstance(codes, list) else []
    return not any(holiday_on(c, day) for c in listed)


def _gap(a: Any, b: Any, tz: dt.tzinfo, a_end: bool, b_end: bool) -> str:
    if not isinstance(a, dt.datetime) and not isinstance(b, dt.datetime):
        return timeutil.humanize_timedelta(dt.timedelta(days=abs((a - b).days)))
    delta = timeutil.instant(a, tz, a_end) - timeutil.instant(b, tz, b_end)
    return timeutil.humanize_timedelta(abs(delta))


def _shifted(moment: Any, shift: Duration | None, direction: str, tz: dt.tzinfo) -> Any:
    """``moment`` moved by ``shift`` on the plan's calendar: a date-time is
    moved as wall-clock time in the plan's zone, so P30D across a daylight
    saving change is 30 calendar days, not 720 hours. None when the result
    is beyond the calendar (see ``_BEYOND``)."""
    if shift is None:
        return moment
    if isinstance(moment, dt.datetime):
        moment = timeutil.in_zone(moment, tz)
    return shift.add_to(moment, -1 if direction == "earlier" else 1)


# A limit shifted past an end of the calendar is earlier (or later) than
# every moment a plan can hold: how each compares with it, and how it reads.
_BEYOND = {
    "earlier": (
        1,
        Phrase(N_("(before {day}, the calendar's first day)"), day=Day(dt.date.min)),
    ),
    "later": (-1, Phrase(N_("(after {day}, the calendar's last day)"), day=Day(dt.date.max))),
}


@check(
    "date-order",
    "each `subject` moment is not `fail_if` (before/after/at-or-before/at-or-after) the "
    "`reference` moment, optionally shifted by the duration at `shift_field` and then by `shift`",
    fills=(
        "item",
        "subject",
        "subject_value",
        "reference",
        "reference_value",
        "limit",
        "shift",
        "gap",
    ),
    given=PATH,
    where=PREDICATE,
    subject={**PATHS, "required": True},
    reference={**PATHS, "required": True},
    aggregate={"enum": ["earliest", "latest"]},
    fail_if={"enum": sorted(_FAIL_IF), "required": True},
    shift=DURATION,
    shift_field=PATH,
    shift_direction={"enum": ["earlier", "later"]},
)
def date_order(
    ctx: Context,
    subject: str | list[str],
    reference: str | list[str],
    fail_if: str,
    given: str | None = None,
    where: Any = None,
    aggregate: str | None = None,
    shift: str | None = None,
    shift_field: str | None = None,
    shift_direction: str = "earlier",
) -> Iterator[Problem]:
    fails = _FAIL_IF[fail_if]
    for base, item in ctx.items(given, where):
        ref = _reference(ctx, reference, aggregate, base, item)
        if ref is None:
            continue
        ref_pointer, ref_moment, ref_end = ref
        amount = parse_duration(shift) if shift else None
        target, shown = ref_moment, humanize(amount) if amount else ""
        if shift_field:
            # The duration the plan states first, then the rule's margin on
            # top of it: "`ends` minus `notice_period`, minus P14D more".
            stated = parse_duration(ctx.value(shift_field, base, item))
            if stated is None:
                continue
            target = _shifted(target, stated, shift_direction, ctx.tz)
            shown = (
                Phrase(N_("{stated} + {more}"), stated=humanize(stated), more=humanize(amount))
                if amount
                else humanize(stated)
            )
        if target is not None:
            target = _shifted(target, amount, shift_direction, ctx.tz)
        beyond = _BEYOND[shift_direction] if target is None else None
        for pointer, moment, is_end in ctx.moments(subject, base, item):
            if pointer == ref_pointer:
                continue
            if beyond is not None:
                order = beyond[0]
            else:
                order = timeutil.compare(moment, target, ctx.tz, is_end, ref_end)
            if not fails(order):
                continue
            yield Problem(
                pointer,
                {
                    "item": label(base, item) if base else the_plan(),
                    "subject": spoken(ctx, pointer),
                    "subject_value": ctx.describe(moment),
                    "reference": spoken(ctx, ref_pointer),
                    "reference_value": ctx.describe(ref_moment),
                    "limit": beyond[1] if beyond else _suggestion(ctx, target, moment, fail_if),
                    "shift": shown,
                    "gap": Word("gap", "long")
                    if beyond
                    else _gap(moment, target, ctx.tz, is_end, ref_end),
                },
            )


def _reference(
    ctx: Context, spec: str | list[str], aggregate: str | None, base: Any, item: Any
) -> tuple[Any, Any, bool] | None:
    if aggregate is None:
        return ctx.first_moment(spec, base, item)
    found = ctx.moments(spec, base, item)
    if not found:
        return None

    def key(entry: tuple[Any, Any, bool]) -> dt.datetime:
        return timeutil.instant(entry[1], ctx.tz, entry[2])

    return min(found, key=key) if aggregate == "earliest" else max(found, key=key)


@check(
    "span-bounds",
    "the period from `start` to `end` (an `ends` date counts whole) is at least `min` "
    "and at most `max` long",
    fills=("item", "start", "end", "length", "limit", "too"),
    given=PATH,
    where=PREDICATE,
    start={**PATHS, "required": True},
    end={**PATHS, "required": True},
    min=DURATION,
    max=DURATION,
    at={"enum": ["start", "end", "item"]},
)
def span_bounds(
    ctx: Context,
    start: str | list[str],
    end: str | list[str],
    given: str | None = None,
    where: Any = None,
    min: str | None = None,
    max: str | None = None,
    at: str = "end",
) -> Iterator[Problem]:
    lower, upper = parse_duration(min), parse_duration(max)
    for base, item in ctx.items(given, where):
        first = ctx.first_moment(start, base, item)
        last = ctx.first_moment(end, base, item)
        if first is None or last is None:
            continue
        start_pointer, start_moment, _ = first
        end_pointer, end_moment, end_flag = last
        if isinstance(start_moment, dt.datetime) or isinstance(end_moment, dt.datetime):
            # Wall-clock arithmetic in the plan's zone (P3M is three calendar months).
            begin = timeutil.in_zone(timeutil.instant(start_moment, ctx.tz), ctx.tz)
            finish: Any = timeutil.instant(end_moment, ctx.tz, end_flag)
            length = finish - begin
        else:
            # Two dates: an inclusive end counts its whole day; in day numbers,
            # since the day after 9999-12-31 does not exist.
            begin, finish = start_moment, end_moment.toordinal() + (1 if end_flag else 0)
            length = dt.timedelta(days=finish - begin.toordinal())
        pointer = {"start": start_pointer, "end": end_pointer, "item": base}[at]
        # Translators: a period is too short or too long ("too short").
        for bound, too in ((lower, Word("too", "short")), (upper, Word("too", "long"))):
            if bound is None:
                continue
            # A limit beyond the calendar is later than any end a plan can hold.
            limit = bound.add_to(begin)
            if limit is None:
                over, under = False, True
            elif isinstance(limit, dt.datetime):
                over, under = limit < finish, limit > finish
            else:
                over, under = limit.toordinal() < finish, limit.toordinal() > finish
            if (too == "short" and under) or (too == "long" and over):
                yield Problem(
                    pointer,
                    {
                        "item": label(base, item) if base else the_plan(),
                        "start": ctx.describe(start_moment),
                        "end": ctx.describe(end_moment),
                        "length": timeutil.humanize_timedelta(length),
                        "limit": humanize(bound),
                        "too": too,
                    },
                )


@check(
    "duration-bounds",
    "the duration at `value` is at least `min` (or the duration at `min_field`) and at "
    "most `max` (or the duration at `max_field`)",
    fills=("item", "value", "limit", "limit_source"),
    given=PATH,
    where=PREDICATE,
    value={**PATH, "required": True},
    min=DURATION,
    max=DURATION,
    min_field=PATH,
    max_field=PATH,
)
def duration_bounds(
    ctx: Context,
    value: str,
    given: str | None = None,
    where: Any = None,
    min: str | None = None,
    max: str | None = None,
    min_field: str | None = None,
    max_field: str | None = None,
) -> Iterator[Problem]:
    for base, item in ctx.items(given, where):
        found = ctx.select(value, base, item)
        if not found:
            continue
        pointer, raw = found[0]
        amount = parse_duration(raw)
        if amount is None:
            continue
        bounds = []
        for literal, field, side in ((min, min_field, "min"), (max, max_field, "max")):
            source = "" if literal is None else Phrase(N_("the default"))
            limit = parse_duration(literal) if literal else None
            if field:
                limit = parse_duration(ctx.value(field, base, item))
                source = paths.dotted(ctx.missing_pointer(field, base))
            if limit is not None:
                bounds.append((side, limit, source))
        for side, limit, source in bounds:
            shorter = amount.sort_key() < limit.sort_key()
            longer = amount.sort_key() > limit.sort_key()
            if (side == "min" and shorter) or (side == "max" and longer):
                yield Problem(
                    pointer,
                    {
                        "item": label(base, item) if base else the_plan(),
                        "value": humanize(amount),
                        "limit": humanize(limit),
                        "limit_source": source,
                        "path": paths.dotted(pointer),
                    },
                )


@check(
    "some-before",
    "some item of `given` has its `field` moment at least `lead` before `reference`",
    fills=("lead", "reference_value", "limit", "count"),
    given={**PATH, "required": True},
    field={**PATH, "required": True},
    reference={**PATHS, "required": True},
    lead=DURATION,
)
def some_before(
    ctx: Context, given: str, field: str, reference: str | list[str], lead: str | None = None
) -> Iterator[Problem]:
    ref = ctx.first_moment(reference)
    if ref is None:
        return
    _, ref_moment, ref_end = ref
    amount = parse_duration(lead) if lead else None
    deadline = _shifted(ref_moment, amount, "earlier", ctx.tz)
    items = ctx.select(given)
    for base, item in items:
        for _, moment, is_end in ctx.moments(field, base, item):
            # A deadline before the calendar's first day: nothing is early enough.
            if deadline is not None and (
                timeutil.compare(moment, deadline, ctx.tz, is_end, ref_end) <= 0
            ):
                return
    # The list itself (or, when it is missing, the mapping that should hold it).
    pointer = paths.parse(given).static_path()
    yield Problem(
        pointer,
        {
            "lead": humanize(amount) if amount else Span("0 days", ((0, "day"),)),
            "reference_value": ctx.describe(ref_moment),
            "limit": ctx.describe(deadline) if deadline is not None else _BEYOND["earlier"][1],
            "count": len(items),
        },
    )


@check(
    "offset-matches-zone",
    "every date-time with an explicit offset uses UTC or the offset the plan's time zone "
    "really has at that moment",
    fills=("value", "offset", "zone", "zone_offset", "local", "date"),
)
def offset_matches_zone(ctx: Context) -> Iterator[Problem]:
    if ctx.tz_name in ("UTC", "Etc/UTC"):
        return
    found: list[tuple[tuple, str]] = []
    _date_times(ctx.data, [], found)
    for pointer, value in found:
        if not timeutil.has_explicit_offset(value):
            continue
        moment = timeutil.parse_datetime(value, ctx.tz)
        if moment is None:
            continue
        written = moment.utcoffset()
        if written == dt.timedelta(0):
            continue
        local, years = timeutil.wall_clock(moment, ctx.tz)
        real = local.utcoffset()
        if written == real:
            continue
        day = f"{local.year + years:04d}-{local:%m-%d}"
        # Beyond the calendar's years, only the English form says the date.
        date: str = day if years else Day(local.date())
        yield Problem(
            pointer,
            {
                "value": value,
                "offset": _offset(written),
                "zone": ctx.tz_name,
                "zone_offset": _offset(real),
                "local": Phrase(N_("{day} {time}"), day=date, time=f"{local:%H:%M}"),
                "date": date,
                "path": paths.dotted(pointer),
            },
        )


def _offset(delta: dt.timedelta | None) -> str:
    if delta is None:
        return "?"
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _looks_like_date_time(value: str) -> bool:
    return len(value) >= 16 and value[4] == "-" and value[10] in "Tt "


def _date_times(node: Any, path: list, out: list[tuple[tuple, str]]) -> None:
    """Every string of the plan that looks like a date-time, with its plan
    path (the path is built only for those; depth is bounded by the loader)."""
    items = node.items() if type(node) is dict else enumerate(node) if type(node) is list else ()
    for key, value in items:
        kind = type(value)
        if kind is str:
            if _looks_like_date_time(value):
                out.append(((*path, key), value))
        elif kind is dict or kind is list:
            path.append(key)
            _date_times(value, path, out)
            path.pop()
