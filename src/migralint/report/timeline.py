"""The geometry of a timeline, in the SVG's user units: where a moment
falls, which ticks the axis carries, which events share one mark, which
labels fit. Pure functions over plain numbers: chart.py says what the
events are, this module says where they go, and the templates draw them.

Moments are measured in days (proleptic Gregorian ordinals, as floats). A
date stands for its whole day: as a point it sits at the day's middle, as
the first or last day of a span it covers the day from start to end.

The work is linear in the number of events (after one sort), and the
marks it returns are bounded whatever their number: events of one kind
that fall within a few units share a mark that counts them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from migralint import timeutil
from migralint.i18n.translator import ENGLISH, Translator

Moment = dt.date | dt.datetime

WIDTH = 1200.0
GUTTER = 168.0  # lane and row titles, left of the plot
RIGHT_MARGIN = 20.0
AXIS_HEIGHT = 30.0
BOTTOM_MARGIN = 8.0
# Labels are 10 units high; a character is about 0.6 of that wide.
CHAR_WIDTH = 6.0
LABEL_GAP = 6.0
LABEL_LINE = 12.0
LABEL_CHARS = 34  # the longest label drawn (the tooltip and the table hold the rest)
ROW_TITLE_CHARS = 24  # a row's title, in the gutter
MARK_ZONE = 20.0  # the height of a row's markers or bars
SPAN_ROW = 18.0  # a row of bars with its title in the gutter
TITLE_LINE = 16.0
CLUSTER_GAP = 6.0  # point events of a kind closer than this share one mark
MAX_MARKS = 240  # per lane: beyond, clusters widen until the lane holds fewer
MIN_BAR = 2.0  # a one-day span on a long axis still shows
PAD_SHARE = 0.03  # the domain reaches a little beyond the first and last events
MIN_PAD_DAYS = 3.0
MIN_SPAN_DAYS = 14.0
TICK_SPACING = 72.0  # at least this far apart
CYCLE_DAYS = 146_097  # 400 Gregorian years


# --- time as a number --------------------------------------------------------


def position(moment: Moment, tz: dt.tzinfo | None = None) -> float:
    """``moment`` in days: a date is the middle of its day; a date-time is
    its time of day on the wall clock of ``tz`` (its own offset when None)."""
    if isinstance(moment, dt.datetime):
        local, years = timeutil.wall_clock(moment, tz) if moment.tzinfo else (moment, 0)
        seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        return local.toordinal() + years // 400 * CYCLE_DAYS + seconds / 86400
    return moment.toordinal() + 0.5


def span(start: Moment, end: Moment | None, tz: dt.tzinfo | None = None) -> tuple[float, float]:
    """The days a span covers, ``end`` being its inclusive last day (a
    date-time end is the instant itself): from the start of its first day
    to the end of its last."""
    first = position(start, tz)
    first = first if isinstance(start, dt.datetime) else math.floor(first)
    if end is None:
        return first, first if isinstance(start, dt.datetime) else first + 1
    last = position(end, tz)
    last = last if isinstance(end, dt.datetime) else math.floor(last) + 1
    return first, max(first, last)


def to_date(days: float) -> dt.date:
    """The day ``days`` falls on, within the calendar."""
    ordinal = min(max(math.floor(days), 1), dt.date.max.toordinal())
    return dt.date.fromordinal(ordinal)


def domain(days: Iterable[float]) -> tuple[float, float] | None:
    """The axis's first and last day for a plan's own moments: their range,
    padded a little, at least two weeks wide; None without any."""
    low = high = None
    for value in days:
        if low is None or value < low:
            low = value
        if high is None or value > high:
            high = value
    if low is None or high is None:
        return None
    pad = max((high - low) * PAD_SHARE, MIN_PAD_DAYS)
    low, high = low - pad, high + pad
    if high - low < MIN_SPAN_DAYS:
        middle = (low + high) / 2
        low, high = middle - MIN_SPAN_DAYS / 2, middle + MIN_SPAN_DAYS / 2
    return low, high


@dataclass(frozen=True)
class Scale:
    """Days ``start``..``end`` drawn from ``x0`` to ``x1``."""

    start: float
    end: float
    x0: float = GUTTER
    x1: float = WIDTH - RIGHT_MARGIN

    def x(self, days: float) -> float:
        return self.x0 + (days - self.start) * (self.x1 - self.x0) / (self.end - self.start)

    def clip(self, first: float, last: float) -> tuple[float, float] | None:
        """The part of a span inside the domain, None when it is outside (a
        span that only touches the domain's edge is outside)."""
        if last < self.start or first > self.end:
            return None
        if last > first and (last <= self.start or first >= self.end):
            return None
        return max(first, self.start), min(last, self.end)

    def contains(self, days: float) -> bool:
        return self.start <= days <= self.end


# --- the axis ----------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    day: dt.date


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# (unit, its length in days): the finest that fits is chosen.
UNITS: tuple[tuple[str, float], ...] = (
    ("day", 1),
    ("week", 7),
    ("month", 30.44),
    ("quarter", 91.31),
    ("half", 182.62),
    *((f"{n}y", 365.2425 * n) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)),
)


def tick_unit(scale: Scale) -> str:
    """The finest unit whose ticks stay ``TICK_SPACING`` apart."""
    most = max(1, int((scale.x1 - scale.x0) // TICK_SPACING))
    days = scale.end - scale.start
    for unit, length in UNITS:
        if days / length <= most:
            return unit
    return UNITS[-1][0]


def ticks(scale: Scale, tr: Translator = ENGLISH) -> list[Tick]:
    """The axis's ticks: days, Mondays, months, quarters, half-years or
    years, whichever is the finest that leaves room for the labels (in
    ``tr``'s language: its abbreviated month names, its order of day,
    month and year, its era's years)."""
    unit = tick_unit(scale)
    days = list(_tick_days(unit, scale))
    out = []
    previous_year = None
    for day in days:
        if not tr.english:
            label = tick_label(tr, unit, day, day.year == previous_year)
        elif unit == "day":
            label = f"{day.day} {MONTHS[day.month - 1]}"
        elif unit in ("week", "month"):
            short = MONTHS[day.month - 1]
            short = f"{day.day} {short}" if unit == "week" else short
            label = short if day.year == previous_year else f"{short} {day.year}"
        elif unit in ("quarter", "half"):
            label = f"{MONTHS[day.month - 1]} {day.year}"
        else:
            label = str(day.year)
        previous_year = day.year
        out.append(Tick(round(scale.x(day.toordinal()), 1), label, day))
    return out


# The axis's labels as CLDR's skeletons: (unit, with the year) -> skeleton.
_SKELETONS = {
    ("day", False): "MMMd",
    ("day", True): "MMMd",
    ("week", False): "yMMMd",
    ("week", True): "MMMd",
    ("month", False): "yMMM",
    ("month", True): "LLL",
    ("quarter", False): "yMMM",
    ("half", False): "yMMM",
}


def tick_label(tr: Translator, unit: str, day: dt.date, same_year: bool) -> str:
    """A tick's label in ``tr``'s language: ``14 mars``, ``3월``, ``mars 2025``."""
    if unit in ("quarter", "half"):
        same_year = False
    skeleton = _SKELETONS.get((unit, same_year), "y")
    return _tick_label(tr.lang, tr.buddhist, skeleton, day)


@lru_cache(maxsize=8192)
def _tick_label(lang: str, buddhist: bool, skeleton: str, day: dt.date) -> str:
    from babel.dates import format_date, get_month_names

    from migralint.i18n.translator import _year_pattern

    if skeleton == "LLL":  # the month alone: its stand-alone abbreviated name
        return get_month_names("abbreviated", context="stand-alone", locale=lang)[day.month]
    pattern = _skeleton_pattern(lang, skeleton)
    return format_date(day, _year_pattern(lang, buddhist, pattern, day.year), locale=lang)


@lru_cache(maxsize=64)
def _skeleton_pattern(lang: str, skeleton: str) -> str:
    from babel import Locale
    from babel.dates import match_skeleton

    locale = Locale.parse(lang)
    found = match_skeleton(skeleton, locale.datetime_skeletons) or skeleton
    return locale.datetime_skeletons[found].pattern if found in locale.datetime_skeletons else "y"


def _tick_days(unit: str, scale: Scale) -> Iterable[dt.date]:
    first = math.ceil(scale.start)
    last = math.floor(scale.end)
    lowest, highest = 1, dt.date.max.toordinal()
    first, last = max(first, lowest), min(last, highest)
    if first > last:
        return
    if unit in ("day", "week"):
        day = dt.date.fromordinal(first)
        if unit == "week":
            day = dt.date.fromordinal(min(first + (7 - day.weekday()) % 7, highest))
        step = 1 if unit == "day" else 7
        ordinal = day.toordinal()
        while ordinal <= last:
            yield dt.date.fromordinal(ordinal)
            ordinal += step
        return
    if unit in ("month", "quarter", "half"):
        step = {"month": 1, "quarter": 3, "half": 6}[unit]
        start = dt.date.fromordinal(first)
        index = start.year * 12 + start.month - 1
        if start.day != 1:
            index += 1
        index += -index % step
        while True:
            year, month = divmod(index, 12)
            if year > 9999:
                return
            day = dt.date(year, month + 1, 1)
            if day.toordinal() > last:
                return
            yield day
            index += step
        return
    every = int(unit[:-1])
    start = dt.date.fromordinal(first)
    year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    year += -year % every
    while year <= 9999:
        day = dt.date(year, 1, 1)
        if day.toordinal() > last:
            return
        yield day
        year += every


# --- marks -------------------------------------------------------------------


@dataclass
class Item:
    """One thing to draw: a point (``end`` None) or a span of days.

    ``many`` names a cluster of them: the English noun (``export
    deadlines``), or what says a count of them (``3 export deadlines``,
    in the page's language); ``rank``
    decides a cluster's kind (its highest-ranked member's: a cluster of
    findings takes its worst severity); ``priority`` places labels first;
    ``backdrop`` shades the whole plot (``band``) or rules it (``line``)."""

    kind: str
    label: str
    start: float
    end: float | None = None
    many: str | Callable[[int], str] = ""
    rank: int = 0
    priority: int = 0
    backdrop: str = ""
    shape: str = "circle"  # a point's marker (see shape_path)
    size: float = 5.0
    ref: Any = None


SAMPLE = 12  # the members a mark remembers (its tooltip names a few)


@dataclass
class Mark:
    kind: str
    x: float
    x2: float | None  # a bar's right end; None for a point
    count: int
    first: Item  # the leftmost it stands for
    last: Item
    lead: Item  # the one with the highest priority (a cluster of findings links to it)
    sample: list[Item]
    label: str = ""
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"
    line: int = -1  # the label's line under the row, -1 when it has none
    y: float = 0.0  # the middle of the row's mark zone
    priority: int = 0
    path: str = ""  # a point's marker
    shape: str = "circle"
    size: float = 5.0
    title: str = ""  # filled in by the page
    href: str = ""

    @property
    def width(self) -> float:
        return 0.0 if self.x2 is None else self.x2 - self.x


def cluster(points: list[tuple[float, Item]], gap: float) -> list[list[tuple[float, Item]]]:
    """Points sorted by x in groups: a group takes every point within
    ``gap`` of its first one (so that a group never creeps along a dense
    run of points)."""
    groups: list[list[tuple[float, Item]]] = []
    for point in points:
        if groups and point[0] - groups[-1][0][0] <= gap:
            groups[-1].append(point)
        else:
            groups.append([point])
    return groups


def point_mark(group: list[tuple[float, Item]]) -> Mark:
    items = [item for _, item in group]
    best = max(items, key=lambda item: item.rank)
    lead = max(items, key=lambda item: item.priority)
    return Mark(
        kind=best.kind,
        x=round((group[0][0] + group[-1][0]) / 2, 1),
        x2=None,
        count=len(items),
        first=items[0],
        last=items[-1],
        lead=lead,
        sample=items[:SAMPLE],
        priority=lead.priority,
        label=_cluster_label(lead, len(items)),
        shape=best.shape,
        size=best.size,
    )


def _cluster_label(first: Item, count: int) -> str:
    """A mark's label: its item's, or how many it stands for."""
    if count == 1:
        return first.label
    if first.many:
        many = first.many
        return f"{count:,} {many}" if isinstance(many, str) else many(count)
    return f"{first.label} +{count - 1:,}"


def point_marks(items: list[Item], scale: Scale, by_kind: bool = True) -> list[Mark]:
    """The marks of a lane's point events: clustered per kind (or all
    together), with the gap widened until the lane holds at most
    ``MAX_MARKS``."""
    groups: dict[str, list[tuple[float, Item]]] = {}
    for item in items:
        if scale.contains(item.start):
            groups.setdefault(item.kind if by_kind else "", []).append((scale.x(item.start), item))
    for points in groups.values():
        points.sort(key=lambda point: point[0])
    gap = CLUSTER_GAP
    while True:
        clustered = [cluster(points, gap) for points in groups.values()]
        if sum(len(c) for c in clustered) <= MAX_MARKS or gap > WIDTH:
            break
        gap *= 2
    marks = [point_mark(group) for kind_groups in clustered for group in kind_groups]
    marks.sort(key=lambda mark: mark.x)
    return marks


Piece = tuple[float, float, Item]  # a span's left and right x, and the span


def pack(spans: list[Piece], rows: int) -> list[list[Piece]]:
    """Spans sorted by start in at most ``rows`` rows, each in the first row
    where it does not touch the one before; with every row taken, in the
    row that ends first (where it overlaps, and is merged into a cluster)."""
    out: list[list[Piece]] = []
    ends: list[float] = []
    for piece in spans:
        left = piece[0]
        index = next((n for n, end in enumerate(ends) if end + LABEL_GAP / 2 <= left), -1)
        if index < 0:
            if len(out) < rows:
                out.append([])
                ends.append(-math.inf)
                index = len(out) - 1
            else:
                index = min(range(len(ends)), key=ends.__getitem__)
        out[index].append(piece)
        ends[index] = max(ends[index], piece[1])
    return out


def bar_marks(row: list[Piece]) -> list[Mark]:
    """A row's bars, overlapping bars of one kind merged into one mark."""
    marks: list[Mark] = []
    open_: dict[str, Mark] = {}
    for left, right, item in row:
        right = max(right, left + MIN_BAR)
        mark = open_.get(item.kind)
        if mark is not None and mark.x2 is not None and left <= mark.x2 + MIN_BAR / 2:
            mark.x2 = round(max(mark.x2, right), 1)
            mark.count += 1
            mark.last = item
            if len(mark.sample) < SAMPLE:
                mark.sample.append(item)
            mark.priority = max(mark.priority, item.priority)
            continue
        mark = Mark(
            kind=item.kind,
            x=round(left, 1),
            x2=round(right, 1),
            count=1,
            first=item,
            last=item,
            lead=item,
            sample=[item],
            label=item.label,
            priority=item.priority,
        )
        open_[item.kind] = mark
        marks.append(mark)
    for mark in marks:
        if mark.count > 1:
            mark.label = _cluster_label(mark.first, mark.count)
    return marks


def place_labels(marks: list[Mark], scale: Scale, lines: int = 2) -> int:
    """Give each mark's label a line under its row where it overlaps no
    other label (cutover and rollback first, then left to right); a label
    with no room is left out: the mark's tooltip and the table say it.
    Returns how many lines are used."""
    taken: list[tuple[list[float], list[float]]] = [([], []) for _ in range(lines)]
    used = 0
    for mark in sorted(marks, key=lambda m: (-m.priority, m.x)):
        text = excerpt_label(mark.label)
        if not text:
            continue
        width = len(text) * CHAR_WIDTH
        left = mark.x + 2 if mark.x2 is None else mark.x
        anchor = "start"
        if left + width > scale.x1 + RIGHT_MARGIN - 2:
            right = (mark.x - 2) if mark.x2 is None else mark.x2
            left, anchor = right - width, "end"
        for line, (lefts, rights) in enumerate(taken):
            at = bisect.bisect_left(lefts, left)
            if at > 0 and rights[at - 1] + LABEL_GAP > left:
                continue
            if at < len(lefts) and lefts[at] < left + width + LABEL_GAP:
                continue
            lefts.insert(at, left)
            rights.insert(at, left + width)
            mark.label = text
            mark.line = line
            mark.anchor = anchor
            mark.label_x = round(left if anchor == "start" else left + width, 1)
            used = max(used, line + 1)
            break
    return used


def excerpt_label(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- lanes -------------------------------------------------------------------


@dataclass
class Row:
    title: str
    marks: list[Mark]
    y: float = 0.0
    height: float = 0.0
    lines: int = 0  # label lines under the marks


@dataclass
class Lane:
    key: str
    title: str
    rows: list[Row]
    y: float = 0.0
    height: float = 0.0


@dataclass
class LaneSpec:
    """What a lane holds and how: ``points`` (one row of clustered
    markers, labels under them), ``each`` (a row per span, titled in the
    gutter; packed beyond ``max_rows``) or ``pack`` (spans packed in rows,
    labels under them)."""

    key: str
    title: str
    items: list[Item]
    how: str = "points"
    max_rows: int = 6
    by_kind: bool = True


@dataclass
class Backdrop:
    kind: str
    x: float
    x2: float | None  # None: a rule at x


@dataclass
class Drawing:
    scale: Scale
    ticks: list[Tick]
    lanes: list[Lane]
    backdrops: list[Backdrop]
    width: float = WIDTH
    height: float = 0.0
    plot_top: float = AXIS_HEIGHT
    plot_bottom: float = 0.0
    today_x: float | None = None

    def marks(self) -> Iterable[Mark]:
        for lane in self.lanes:
            for row in lane.rows:
                yield from row.marks


def layout(
    specs: list[LaneSpec], scale: Scale, today: float | None = None, tr: Translator = ENGLISH
) -> Drawing:
    """Lanes top to bottom (empty ones left out), each row's marks, label
    lines and height; backdrops for the items that shade or rule the plot."""
    lanes: list[Lane] = []
    backdrops: list[Backdrop] = []
    y = AXIS_HEIGHT
    for spec in specs:
        rows = _rows(spec, scale)
        if not rows:
            continue
        lane = Lane(spec.key, spec.title, rows, y=y)
        if rows[0].title:
            y += TITLE_LINE  # the lane's title on a line of its own, above the rows' titles
        for row in rows:
            row.y = y
            row.height = (SPAN_ROW if spec.how == "each" else MARK_ZONE) + row.lines * LABEL_LINE
            middle = y + (SPAN_ROW if spec.how == "each" else MARK_ZONE) / 2
            for mark in row.marks:
                mark.y = round(middle, 1)
                if mark.x2 is None:
                    mark.path = shape_path(mark.shape, mark.x, mark.y, mark.size)
                if mark.line >= 0:
                    zone = SPAN_ROW if spec.how == "each" else MARK_ZONE
                    mark.label_y = round(y + zone + (mark.line + 1) * LABEL_LINE - 3, 1)
                if mark.first.backdrop:
                    band = mark.first.backdrop == "band"
                    backdrops.append(Backdrop(mark.kind, mark.x, mark.x2 if band else None))
            y += row.height
        lane.height = y - lane.y
        y += 4
        lanes.append(lane)
    backdrops.sort(key=lambda b: b.x2 is None)  # shading under the rules
    drawing = Drawing(scale, ticks(scale, tr), lanes, backdrops)
    drawing.plot_bottom = y
    drawing.height = y + BOTTOM_MARGIN
    if today is not None and scale.contains(today):
        drawing.today_x = round(scale.x(today), 1)
    return drawing


def _rows(spec: LaneSpec, scale: Scale) -> list[Row]:
    if spec.how == "points":
        marks = point_marks(spec.items, scale, spec.by_kind)
        if not marks:
            return []
        row = Row("", marks)
        row.lines = place_labels(marks, scale)
        return [row]
    spans = []
    for item in spec.items:
        clipped = scale.clip(item.start, item.start if item.end is None else item.end)
        if clipped is not None:
            spans.append((scale.x(clipped[0]), scale.x(clipped[1]), item))
    if not spans:
        return []
    if spec.how == "each" and len(spans) <= spec.max_rows:
        rows = []
        for piece in spans:
            marks = bar_marks([piece])
            rows.append(Row(excerpt_label(piece[2].label, ROW_TITLE_CHARS), marks))
        return rows
    spans.sort(key=lambda piece: piece[0])
    out = []
    for packed in pack(spans, spec.max_rows):
        marks = bar_marks(packed)
        row = Row("", marks)
        row.lines = place_labels(marks, scale, lines=1)
        out.append(row)
    return out


# --- shapes ------------------------------------------------------------------


def shape_path(shape: str, x: float, y: float, size: float = 6.0) -> str:
    """The SVG path of a marker centred on (x, y)."""
    s = size
    if shape == "diamond":
        return f"M{x:.1f} {y - s:.1f}L{x + s:.1f} {y:.1f}L{x:.1f} {y + s:.1f}L{x - s:.1f} {y:.1f}Z"
    if shape == "triangle":
        return f"M{x:.1f} {y - s:.1f}L{x + s:.1f} {y + s * 0.8:.1f}L{x - s:.1f} {y + s * 0.8:.1f}Z"
    if shape == "triangle-down":
        return f"M{x - s:.1f} {y - s * 0.8:.1f}L{x + s:.1f} {y - s * 0.8:.1f}L{x:.1f} {y + s:.1f}Z"
    if shape == "square":
        h = s * 0.8
        return f"M{x - h:.1f} {y - h:.1f}h{2 * h:.1f}v{2 * h:.1f}h{-2 * h:.1f}Z"
    if shape == "bar":
        return f"M{x - 1.5:.1f} {y - s:.1f}h3v{2 * s:.1f}h-3Z"
    # a circle, as two arcs
    arc = f"a{s:.1f} {s:.1f} 0 1 0"
    return f"M{x - s:.1f} {y:.1f}{arc} {2 * s:.1f} 0{arc} {-2 * s:.1f} 0Z"


# --- a lane per plan ---------------------------------------------------------

STACK_ROW = 18.0


def stack(
    rows: list[tuple[str, str, list[Item]]], scale: Scale, tr: Translator = ENGLISH
) -> Drawing:
    """One row per (key, title, items), titled in the gutter: the
    portfolio's lanes, spans as bars and points as markers, no labels."""
    lanes = []
    y = AXIS_HEIGHT
    for key, title, items in rows:
        spans = []
        points = []
        for item in items:
            if item.end is None:
                points.append(item)
                continue
            clipped = scale.clip(item.start, item.end)
            if clipped is not None:
                spans.append((scale.x(clipped[0]), scale.x(clipped[1]), item))
        spans.sort(key=lambda piece: piece[0])
        marks = [*bar_marks(spans), *point_marks(points, scale)]
        for mark in marks:
            mark.y = round(y + STACK_ROW / 2, 1)
            if mark.x2 is None:
                mark.path = shape_path(mark.shape, mark.x, mark.y, mark.size)
        row = Row(title, marks, y, STACK_ROW)
        lanes.append(Lane(key, title, [row], y, STACK_ROW))
        y += STACK_ROW
    drawing = Drawing(scale, ticks(scale, tr), lanes, [])
    drawing.plot_bottom = y
    drawing.height = y + BOTTOM_MARGIN
    return drawing
