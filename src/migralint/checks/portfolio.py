"""Checks over several plans at once (rules with `scope: portfolio`).

A portfolio check is two functions: ``extract`` reads one plan (through
the same ``Context`` as every check, where the plan is loaded, in a worker)
and returns plain, picklable facts with the positions of the nodes it may
report; ``compare`` reads the facts of every plan of the run and says which
nodes of which plans are in conflict. So a rule over many plans is as
declarative as any other: paths, durations and thresholds in a rule file.

Both are bounded: a value shared by many plans is compared through sorted
lists (bisect), never plan against plan when the group is large, and each
finding names at most a few of the other plans, with a count.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from migralint import paths, timeutil
from migralint.checks.base import DURATION, PATH, PATHS, Context, as_list, portfolio_check
from migralint.i18n.values import Day, Listing, Plural, RuleText

# Plans named in one finding (the rest are counted).
NAMED = 3
_max = max  # (the checks' `max` argument hides the builtin inside them)
# Groups up to this size are compared pair by pair; larger ones by sorted lists.
PAIRWISE = 64


@dataclass(frozen=True)
class Node:
    """A node a finding may be placed at: its dotted path and position."""

    pointer: str
    line: int
    column: int
    shown: str = ""  # the value as the message quotes it


@dataclass(frozen=True)
class Facts:
    """One plan, as ``compare`` sees it."""

    index: int  # the plan's place in the run (its file's order)
    label: str  # `Plan name (path/to/plan.yaml)`
    data: Any  # what the check's ``extract`` returned
    identity: str = ""  # files of one identity are versions of one plan: never compared


@dataclass(frozen=True)
class Conflict:
    """A node of one plan in conflict with other plans."""

    plan: int  # Facts.index
    node: Node
    params: dict[str, Any] = field(default_factory=dict)


def _node(ctx: Context, pointer: paths.PlanPath, shown: str = "") -> Node:
    line, column = ctx.doc.position(pointer)
    return Node(paths.dotted(pointer), line, column, shown)


def _normal(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = " ".join(str(value).split()).casefold()
    return text or None


def _instant(moment: Any, tz: dt.tzinfo) -> float | None:
    """Seconds since the epoch (a date is its midnight in the plan's zone)."""
    try:
        if isinstance(moment, dt.datetime):
            return moment.timestamp()
        if isinstance(moment, dt.date):
            return dt.datetime(moment.year, moment.month, moment.day, tzinfo=tz).timestamp()
    except (OverflowError, OSError, ValueError):  # at the calendar's edge
        return None
    return None


def _day(moment: Any) -> int | None:
    if isinstance(moment, dt.datetime):
        return moment.date().toordinal()
    if isinstance(moment, dt.date):
        return moment.toordinal()
    return None


def _others(labels: list[str], count: int) -> str:
    """The other plans a finding names: a few by their labels, the rest counted."""
    if not labels:
        return Plural("{n} other plan", "{n} other plans", count)
    named = tuple(labels[:NAMED])
    shown = ", ".join(named)
    more = count - min(len(labels), NAMED)
    if more <= 0:
        return Listing(shown, named)
    # Translators: the last item of a list of plans: "A, B, C and 4 more".
    rest = Plural("{n} more", "{n} more", more)
    return Listing(f"{shown} and {rest}", (*named, rest))


# --- close-and-sharing ---------------------------------------------------------

CONDITION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "moment": PATH,
        "within": DURATION,
        "starts": PATH,
        "ends": PATH,
        # How the finding says the plans are close; `{within}` is the duration in words.
        "says": {"type": "string", "minLength": 1},
    },
    "oneOf": [{"required": ["moment", "within"]}, {"required": ["starts", "ends"]}],
    "required": ["says"],
}


def _extract_sharing(ctx: Context, share: str | list[str], close: list[dict]) -> dict:
    shared = []
    for path in as_list(share):
        nodes: dict[str, Node] = {}
        for pointer, value in ctx.select(path):
            key = _normal(value)
            if key is not None and key not in nodes:
                nodes[key] = _node(ctx, pointer, str(value))
        shared.append(nodes)
    conditions = []
    for condition in close:
        if "moment" in condition:
            found = [_instant(m, ctx.tz) for _, m, _ in ctx.moments(condition["moment"])]
            conditions.append(("moment", next((m for m in found if m is not None), None)))
        else:
            starts = [_day(m) for _, m, _ in ctx.moments(condition["starts"])]
            ends = [_day(m) for _, m, _ in ctx.moments(condition["ends"])]
            span = None
            if starts and ends and starts[0] is not None and ends[0] is not None:
                span = (starts[0], ends[0]) if starts[0] <= ends[0] else None
            conditions.append(("span", span))
    return {"shared": shared, "close": conditions}


class _Closeness:
    """Which plans of a group are close to a plan, under one condition:
    moments within a duration of each other, or spans that overlap."""

    def __init__(self, kind: str, values: dict[int, Any], within: Any) -> None:
        self.kind, self.within = kind, within
        # Days and hours are a fixed length; months and years depend on when.
        self.fixed = (
            float(within.days * 86_400 + within.seconds)
            if within is not None and not within.years and not within.months
            else None
        )
        known = [(v, p) for p, v in values.items() if v is not None]
        self.values = values
        if kind == "moment":
            known.sort()
            self.keys = [v for v, _ in known]
            self.plans = [p for _, p in known]
        else:
            self.starts = sorted(v[0] for v, _ in known)
            self.ends = sorted(v[1] for v, _ in known)
            by_start = sorted(known)
            self.keys = [v[0] for v, _ in by_start]
            self.spans = [v for v, _ in by_start]
            self.plans = [p for _, p in by_start]

    def close(self, a: int, b: int) -> bool:
        first, second = self.values.get(a), self.values.get(b)
        if first is None or second is None:
            return False
        if self.kind == "moment":
            return abs(first - second) <= self._seconds(first)
        return first[0] <= second[1] and second[0] <= first[1]

    def _seconds(self, instant: float) -> float:
        if self.fixed is not None:
            return self.fixed
        try:
            moment = dt.datetime.fromtimestamp(instant, dt.UTC)
            later = self.within.add_to(moment)
        except (OverflowError, OSError, ValueError):  # an instant at the calendar's edge
            later = None
        if later is None:  # the longest the duration can be: 366-day years, 31-day months
            w = self.within
            return float((w.years * 366 + w.months * 31 + w.days) * 86_400 + w.seconds)
        return (later - moment).total_seconds()

    def around(self, plan: int, versions: list[int]) -> tuple[int, list[int]]:
        """How many other plans are close to ``plan``, and a few of them;
        ``versions`` (``plan`` among them) are versions of it and never
        count, unless there are so many that counting them out would cost
        more than the group itself (then they count)."""
        mine = self.values.get(plan)
        if mine is None:
            return 0, []
        skip = set(versions) if len(versions) <= PAIRWISE * 4 else {plan}
        if self.kind == "moment":
            reach = self._seconds(mine)
            low = bisect.bisect_left(self.keys, mine - reach)
            high = bisect.bisect_right(self.keys, mine + reach)
            count = high - low
            positions = range(low, min(high, low + PAIRWISE))
        else:
            start, end = mine
            # Spans that start by my end, minus those that ended before my start.
            count = bisect.bisect_right(self.starts, end) - bisect.bisect_left(self.ends, start)
            last = bisect.bisect_right(self.keys, end)
            positions = range(last - 1, max(last - 1 - PAIRWISE, -1), -1)
        count -= sum(1 for v in skip if v == plan or self.close(plan, v))
        some = []
        for position in positions:
            other = self.plans[position]
            if other in skip or (self.kind == "span" and self.spans[position][1] < mine[0]):
                continue
            some.append(other)
            if len(some) == NAMED:
                break
        return max(count, 0), some


def _compare_sharing(
    plans: list[Facts], share: str | list[str], close: list[dict]
) -> Iterator[Conflict]:
    facts = {p.index: p for p in plans}
    labels = {p.index: p.label for p in plans}
    identity = {p.index: p.identity for p in plans}
    reported: dict[int, set[str]] = {}  # plan -> the items already reported (first path wins)
    for number, _path in enumerate(as_list(share)):
        groups: dict[str, list[int]] = {}
        for plan in plans:
            for key in plan.data["shared"][number]:
                groups.setdefault(key, []).append(plan.index)
        for key, members in groups.items():
            if len({identity[m] for m in members}) < 2:
                continue
            measures = []
            for place, condition in enumerate(close):
                kind = "moment" if "moment" in condition else "span"
                values = {m: facts[m].data["close"][place][1] for m in members}
                within = (
                    timeutil.parse_duration(condition.get("within")) if kind == "moment" else None
                )
                said = timeutil.humanize(within) if within else ""
                says = RuleText(condition["says"], within=said)
                measures.append((says, _Closeness(kind, values, within)))
            versions: dict[str, list[int]] = {}
            for member in members:
                versions.setdefault(identity[member], []).append(member)
            small = len(members) <= PAIRWISE
            others_of = (
                {name: [m for m in members if identity[m] != name] for name in versions}
                if small
                else {}
            )
            for plan in members:
                node = facts[plan].data["shared"][number][key]
                item = _item(node.pointer)
                if item in reported.get(plan, ()):
                    continue
                mine = versions[identity[plan]]
                found = (
                    _close_pairwise(plan, others_of[identity[plan]], measures)
                    if small
                    else _close_counted(plan, mine, measures)
                )
                if found is None:
                    continue
                says, count, some = found
                reported.setdefault(plan, set()).add(item)
                names = [labels[o] for o in some]
                yield Conflict(
                    plan,
                    node,
                    {
                        "value": node.shown,
                        "how": says,
                        "count": count,
                        "other": names[0] if names else "",
                        "others": _others(names, count),
                    },
                )


def _close_pairwise(
    plan: int, others: list[int], measures: list[tuple[str, _Closeness]]
) -> tuple[str, int, list[int]] | None:
    """(what made them close, how many other plans, a few of them) for the
    first condition under which one of ``others`` (the plans of the group
    that are not versions of ``plan``) is close to it."""
    for says, measure in measures:
        close = [o for o in others if measure.close(plan, o)]
        if close:
            return says, len(close), close[:NAMED]
    return None


def _close_counted(
    plan: int, versions: list[int], measures: list[tuple[str, _Closeness]]
) -> tuple[str, int, list[int]] | None:
    """The same for a group of more than ``PAIRWISE`` plans, counted
    through sorted lists."""
    for says, measure in measures:
        count, some = measure.around(plan, versions)
        if count > 0:
            return says, count, some
    return None


def _item(pointer: str) -> str:
    """The list item a node belongs to: `platforms.legacy[0].name` ->
    `platforms.legacy[0]` (an item itself, `team[1]`, is its own)."""
    head, dot, last = pointer.rpartition(".")
    return head if dot and "[" not in last else pointer


portfolio_check(
    "shared-when-close",
    "a value at `share` (a person, a platform id) appears in two plans that are close in "
    "time: moments at `moment` within `within` of each other, or spans from `starts` to "
    "`ends` that overlap (any condition of `close`); reported at the value in each plan",
    fills=("value", "how", "count", "other", "others"),
    extract=_extract_sharing,
    compare=_compare_sharing,
    share={**PATHS, "required": True},
    close={"type": "array", "items": CONDITION, "minItems": 1, "required": True},
)


# --- concurrent-sum-at-most ----------------------------------------------------


def _extract_sum(
    ctx: Context,
    items: str,
    field: str,
    max: float,
    starts: str | list[str],
    ends: str | list[str],
    key: str = "name",
) -> dict:
    first = [d for _, m, _ in ctx.moments(starts) if (d := _day(m)) is not None]
    last = [d for _, m, _ in ctx.moments(ends) if (d := _day(m)) is not None]
    span = (min(first), _max(last)) if first and last else None
    if span is not None and span[0] > span[1]:
        span = None
    groups: dict[str, list[Any]] = {}
    for pointer, item in ctx.items(items):
        if type(item) is not dict:
            continue
        name = _normal(item.get(key))
        amount = item.get(field)
        if name is None or isinstance(amount, bool) or not isinstance(amount, (int, float)):
            continue
        if not 0 <= amount <= 1:  # out of range is the schema's finding
            continue
        group = groups.get(name)
        if group is None:
            groups[name] = [amount, _node(ctx, (*pointer, field), str(item.get(key)))]
        else:
            group[0] += amount
    return {"span": span, "people": {k: (v[0], v[1]) for k, v in groups.items()}}


def _compare_sum(
    plans: list[Facts],
    items: str,
    field: str,
    max: float,
    starts: str | list[str],
    ends: str | list[str],
    key: str = "name",
) -> Iterator[Conflict]:
    labels = {p.index: p.label for p in plans}
    # person -> identity -> (start, end, amount, plan, node): one entry per plan,
    # whichever version of it has the largest allocation.
    people: dict[str, dict[str, tuple[int, int, float, int, Node]]] = {}
    for plan in plans:
        span = plan.data["span"]
        if span is None:
            continue
        for name, (amount, node) in plan.data["people"].items():
            entry = (span[0], span[1], amount, plan.index, node)
            versions = people.setdefault(name, {})
            if plan.identity not in versions or versions[plan.identity][2] < amount:
                versions[plan.identity] = entry
    for versions in people.values():
        entries = list(versions.values())
        if len(entries) < 2:
            continue
        busiest = _busiest(entries)
        if busiest is None:
            continue
        total, members = busiest
        if total <= max + 1e-9 or len(members) < 2:
            continue
        start = _max(entries[m][0] for m in members)
        end = min(entries[m][1] for m in members)
        named = [labels[entries[o][3]] for o in members[: NAMED + 1]]
        for place, member in enumerate(members):
            _, _, amount, plan, node = entries[member]
            others = [n for n, name in enumerate(named) if n != place][:NAMED]
            others = [named[n] for n in others]
            yield Conflict(
                plan,
                node,
                {
                    "value": node.shown,
                    "total": round(total, 6),
                    "total_percent": f"{total:.0%}",
                    "max_percent": f"{max:.0%}",
                    "here_percent": f"{amount:.0%}",
                    "count": len(members) - 1,
                    "others": _others(others, len(members) - 1),
                    "from": Day(dt.date.fromordinal(start)),
                    "to": Day(dt.date.fromordinal(end)),
                },
            )


def _busiest(entries: list[tuple[int, int, float, int, Node]]) -> tuple[float, list[int]] | None:
    """The largest sum of amounts over entries whose spans share a day, and
    which entries make it (a sweep over starts and inclusive ends)."""
    events = []
    for number, (start, end, amount, _, _) in enumerate(entries):
        events.append((start, 1, number, amount))
        events.append((end + 1, 0, number, amount))  # ends before starts of the same day
    events.sort()
    total, best, best_at = 0.0, 0.0, -1
    for position, (_, starting, _, amount) in enumerate(events):
        total += amount if starting else -amount
        if starting and total > best + 1e-12:
            best, best_at = total, position
    if best_at < 0:
        return None
    active: set[int] = set()
    for _, starting, number, _ in events[: best_at + 1]:
        if starting:
            active.add(number)
        else:
            active.discard(number)
    return best, sorted(active)


portfolio_check(
    "concurrent-sum-at-most",
    "the `field` amounts of the items at `items` with the same `key` (a person's allocation) "
    "add up to at most `max` across the plans that run at the same time (each plan runs from "
    "the earliest moment at `starts` to the latest at `ends`); reported at the amount in each "
    "plan of the busiest overlap",
    fills=(
        "value",
        "total",
        "total_percent",
        "max_percent",
        "here_percent",
        "count",
        "others",
        "from",
        "to",
    ),
    extract=_extract_sum,
    compare=_compare_sum,
    items={**PATH, "required": True},
    field={"type": "string", "required": True},
    max={"type": "number", "minimum": 0, "required": True},
    starts={**PATHS, "required": True},
    ends={**PATHS, "required": True},
    key={"type": "string"},
)
