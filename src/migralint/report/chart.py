"""A plan's timeline as the template draws it: the plan's events and its
dated findings as lanes of marks (timeline.py places them), each mark's
tooltip, the legend, and the table that says the same in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from migralint import agenda, timeutil
from migralint.report import timeline, words
from migralint.report.timeline import Item, LaneSpec

# (key, title, kinds, how, rows): top to bottom, under the findings' lane.
LANES: tuple[tuple[str, str, tuple[str, ...], str, int], ...] = (
    ("phases", "Phases", ("phase",), "each", 12),
    (
        "milestones",
        "Cutover, milestones",
        ("milestone", "cutover", "rollback", "retirement", "report"),
        "points",
        1,
    ),
    ("windows", "Freezes, retail peaks", ("freeze", "peak"), "pack", 4),
    ("calendar", "Holidays, weekends", ("holiday", "weekend"), "pack", 2),
    ("contracts", "Contracts", ("contract-end", "notice"), "points", 1),
    ("data", "Data exports", ("export",), "points", 1),
    ("sending", "Opt-out sync, warm-up", ("sync", "warmup"), "pack", 3),
    ("launches", "Sending, features", ("first-campaign", "parity", "launch"), "points", 1),
    ("training", "Training", ("training",), "pack", 4),
    ("people", "Stakeholder notices", ("notify",), "points", 1),
)
LANE_OF = {kind: lane for lane in LANES for kind in lane[2]}

SHAPES = {
    "milestone": "circle",
    "cutover": "diamond",
    "rollback": "square",
    "retirement": "square",
    "report": "circle",
    "contract-end": "square",
    "notice": "triangle-down",
    "export": "triangle",
    "first-campaign": "circle",
    "parity": "diamond",
    "launch": "triangle",
    "notify": "circle",
}
# What a cluster of each kind is called.
MANY = {
    "phase": "phases",
    "milestone": "milestones",
    "retirement": "retirements",
    "report": "reports due",
    "freeze": "freeze windows",
    "peak": "retail peaks",
    "holiday": "holidays",
    "weekend": "weekends",
    "contract-end": "contract ends",
    "notice": "notice deadlines",
    "export": "export deadlines",
    "sync": "opt-out syncs",
    "warmup": "warm-ups",
    "first-campaign": "first campaigns",
    "parity": "parity dates",
    "launch": "feature launches",
    "training": "trainings",
    "notify": "stakeholder notices",
}
BACKDROPS = {
    "cutover": "line",
    "rollback": "line",
    "freeze": "band",
    "peak": "band",
    "holiday": "band",
    "weekend": "band",
}
PRIORITY = {"cutover": 3, "rollback": 2, "freeze": 1}
SEVERITY_RANK = {"error": 2, "warning": 1, "info": 0}
TABLE_ROWS = 300
TITLE_NAMES = 6  # findings a cluster's tooltip names


@dataclass
class Pinned:
    """A finding with a date: its number within the plan, and where."""

    number: int
    severity: str
    code: str
    message: str
    moment: Any


@dataclass
class TableRow:
    kind: str
    label: str
    when: str
    line: int
    href: str


@dataclass
class LegendEntry:
    css: str
    words: str
    shape: str  # a marker's shape, or "bar" for a span


@dataclass
class Chart:
    figure_id: str
    title: str
    desc: str
    drawing: timeline.Drawing
    legend: list[LegendEntry]
    rows: list[TableRow]
    more: str = ""  # "and 8,000 more: 7,990 export deadlines, ..." beyond the table's cap
    extent: tuple[float, float] | None = None  # the plan's own first and last day (portfolio)
    css: str = "timeline"  # the figure's class: `closeup` for the weeks around the cutover
    # Its markers link to findings: the picture is then a group (a role="img" hides
    # its links from assistive technology), named by the same title and description.
    linked: bool = False
    heading: str = ""  # the close-up's heading


def zone_of(plan: agenda.PlanView) -> dt.tzinfo | None:
    return timeutil.zone(plan.timezone or "UTC")


def build(
    plan: agenda.PlanView,
    pinned: list[Pinned],
    index: int,
    today: dt.date,
    name: str,
    finding_at_line: dict[int, int] | None = None,
    window: tuple[float, float] | None = None,
) -> Chart | None:
    """The plan's timeline, or None when nothing is dated. ``index`` is the
    plan's number in the page (its ids); ``finding_at_line`` maps a plan
    line to the first finding on it (the table links to it). With
    ``window`` (days), the close-up of those days only: every event and
    pinned finding outside it is left out, spans are cut at its edges."""
    tz = zone_of(plan)
    spans = [timeline.span(e.start, e.end, tz) for e in plan.events]
    if window is not None:
        keep = [n for n, (a, b) in enumerate(spans) if b >= window[0] and a <= window[1]]
        plan = replace(plan, events=[plan.events[n] for n in keep])
        spans = [spans[n] for n in keep]
        pinned = [p for p in pinned if window[0] <= timeline.position(p.moment, tz) <= window[1]]
    own = [e for e in plan.events if e.pointer]
    spread = [day for e, pair in zip(plan.events, spans, strict=True) if e.pointer for day in pair]
    pins = [timeline.position(p.moment, tz) for p in pinned]
    reach = window or timeline.domain([*spread, *pins])
    if reach is None:
        return None
    scale = timeline.Scale(*reach)
    items: dict[str, list[Item]] = {lane[0]: [] for lane in LANES}
    other: list[Item] = []
    shown: list[tuple[float, agenda.Event]] = []
    for event, (first, last) in zip(plan.events, spans, strict=True):
        if event.pointer and (window is None or event.end is None):
            # A date's point is its day's middle, a date-time's its instant.
            middle = first if isinstance(event.start, dt.datetime) else first + 0.5
        else:
            # Calendar facts are clipped to the plan's own dates, never widen them.
            clipped = scale.clip(first, last)
            if clipped is None:
                continue
            first, last = clipped
            middle = (first + last) / 2
        shown.append((first, event))
        lane = LANE_OF.get(event.kind)
        how = lane[3] if lane else ("points" if event.end is None else "pack")
        item = Item(
            kind=event.kind,
            label="" if event.kind == "weekend" else words.text(event.label, 80),
            start=middle if how == "points" else first,
            end=None if how == "points" else last,
            many=MANY.get(event.kind, "dates"),
            priority=PRIORITY.get(event.kind, 0),
            backdrop=BACKDROPS.get(event.kind, ""),
            shape=SHAPES.get(event.kind, "circle"),
            size=7.0 if event.kind == "cutover" else 5.0,
            ref=event,
        )
        (items[lane[0]] if lane else other).append(item)
    findings = [
        Item(
            kind=p.severity,
            label=str(p.number),
            start=pins[n],
            rank=SEVERITY_RANK.get(p.severity, 0),
            priority=-p.number,
            shape=words.SEVERITY_SHAPES.get(p.severity, "circle"),
            size=7.0,
            ref=p,
        )
        for n, p in enumerate(pinned)
    ]
    specs = [LaneSpec("findings", "Findings", findings, "points", by_kind=False)]
    specs += [LaneSpec(key, title, items[key], how, rows) for key, title, _, how, rows in LANES]
    specs.append(LaneSpec("other", "Other dates", other, "pack", 3))
    drawing = timeline.layout(specs, scale, timeline.position(today))
    figure = f"timeline-{index}" if window is None else f"closeup-{index}"
    for lane in drawing.lanes:
        for row in lane.rows:
            for mark in row.marks:
                if lane.key == "findings":
                    mark.title = _finding_title(mark)
                    mark.href = f"#finding-{index}-{mark.lead.ref.number}"
                else:
                    mark.title = event_title(mark, tz)
    first_day = timeline.to_date(scale.start)
    last_day = timeline.to_date(scale.end)
    # A close-up's events are in the whole timeline's table already.
    rows, more = _table(shown, tz, index, finding_at_line or {}) if window is None else ([], "")
    return Chart(
        figure_id=figure,
        title=f"Timeline of {name}" if window is None else f"{name}: the weeks around the cutover",
        css="timeline" if window is None else "closeup",
        linked=bool(pinned),
        desc=_desc(plan, own, pinned, first_day, last_day, tz),
        drawing=drawing,
        legend=legend(drawing),
        rows=rows,
        more=more,
        extent=(min(spread), max(spread)) if spread else None,
    )


def event_title(mark: timeline.Mark, tz: dt.tzinfo | None) -> str:
    first: agenda.Event = mark.first.ref
    what = agenda.KINDS.get(mark.kind, mark.kind)
    if mark.count == 1:
        return f"{what}: {words.text(first.label, 120)}, {words.period(first.start, first.end, tz)}"
    last: agenda.Event = mark.last.ref
    many = MANY.get(mark.kind, "dates")
    if first.start == last.start and first.end == last.end:
        return f"{mark.count:,} {many}, all {words.period(first.start, first.end, tz)}"
    start = words.moment(first.start, tz)
    end = words.moment(last.end or last.start, tz)
    return f"{mark.count:,} {many}, from {start} to {end}"


def _finding_title(mark: timeline.Mark) -> str:
    lead: Pinned = mark.lead.ref
    said = f"{lead.severity} {lead.code}: {lead.message}"
    if mark.count == 1:
        return f"Finding {lead.number}, {said}"
    numbers = sorted(item.ref.number for item in mark.sample)
    named = ", ".join(str(n) for n in numbers[:TITLE_NAMES])
    if mark.count > len(numbers[:TITLE_NAMES]):
        named += ", …"
    return f"{mark.count:,} findings ({named}); finding {lead.number}, {said}"


def _desc(
    plan: agenda.PlanView,
    own: list[agenda.Event],
    pinned: list[Pinned],
    first: dt.date,
    last: dt.date,
    tz: dt.tzinfo | None,
) -> str:
    parts = [f"From {first.isoformat()} to {last.isoformat()}."]
    cutover = plan.cutover
    if cutover is not None:
        parts.append(f"Cutover {words.moment(cutover, tz)}.")
    rollback = next((e.start for e in own if e.kind == "rollback"), None)
    if rollback is not None:
        parts.append(f"Rollback decision deadline {words.moment(rollback, tz)}.")
    phases = sum(1 for e in own if e.kind == "phase")
    parts.append(
        f"{words.plural(phases, 'phase')}, {words.plural(len(own), 'dated event')} in the plan, "
        f"{words.plural(len(pinned), 'finding')} pinned at dates."
    )
    parts.append("The table after the chart lists the events in words.")
    return " ".join(parts)


def _table(
    shown: list[tuple[float, agenda.Event]],
    tz: dt.tzinfo | None,
    index: int,
    finding_at_line: dict[int, int],
) -> tuple[list[TableRow], str]:
    ordered = sorted(shown, key=lambda pair: pair[0])
    rows = []
    for _, event in ordered[:TABLE_ROWS]:
        number = finding_at_line.get(event.line) if event.line else None
        rows.append(
            TableRow(
                kind=agenda.KINDS.get(event.kind, event.kind),
                label=words.text(event.label, 120),
                when=words.period(event.start, event.end, tz),
                line=event.line,
                href=f"#finding-{index}-{number}" if number else "",
            )
        )
    rest = ordered[TABLE_ROWS:]
    if not rest:
        return rows, ""
    counts: dict[str, int] = {}
    for _, event in rest:
        counts[event.kind] = counts.get(event.kind, 0) + 1
    said = ", ".join(
        f"{n:,} {MANY.get(kind, kind)}" for kind, n in sorted(counts.items(), key=lambda p: -p[1])
    )
    return rows, f"and {len(rest):,} more: {said}"


def legend(drawing: timeline.Drawing) -> list[LegendEntry]:
    """The kinds drawn, in the order agenda lists them, then the severities."""
    kinds = {
        (lane.key == "findings", mark.kind)
        for lane in drawing.lanes
        for row in lane.rows
        for mark in row.marks
    }
    out = []
    for kind, what in agenda.KINDS.items():
        if (False, kind) in kinds:
            out.append(LegendEntry(f"k-{kind}", what, SHAPES.get(kind, "bar")))
    for severity, shape in words.SEVERITY_SHAPES.items():
        if (True, severity) in kinds:
            out.append(LegendEntry(f"sev-{severity}", f"{severity} finding", shape))
    return out
