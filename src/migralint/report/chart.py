"""A plan's timeline as the template draws it: the plan's events and its
dated findings as lanes of marks (timeline.py places them), each mark's
tooltip, the legend, and the table that says the same in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from migralint import agenda, timeutil
from migralint.i18n.translator import ENGLISH, Translator
from migralint.i18n.values import N_
from migralint.report import timeline, words
from migralint.report.timeline import Item, LaneSpec

# (key, title, kinds, how, rows): top to bottom, under the findings' lane.
LANES: tuple[tuple[str, str, tuple[str, ...], str, int], ...] = (
    ("phases", N_("Phases"), ("phase",), "each", 12),
    (
        "milestones",
        N_("Cutover, milestones"),
        ("milestone", "cutover", "rollback", "retirement", "report"),
        "points",
        1,
    ),
    ("windows", N_("Freezes, retail peaks"), ("freeze", "peak"), "pack", 4),
    ("calendar", N_("Holidays, weekends"), ("holiday", "weekend"), "pack", 2),
    ("contracts", N_("Contracts"), ("contract-end", "notice"), "points", 1),
    ("data", N_("Data exports"), ("export",), "points", 1),
    ("sending", N_("Opt-out sync, warm-up"), ("sync", "warmup"), "pack", 3),
    ("launches", N_("Sending, features"), ("first-campaign", "parity", "launch"), "points", 1),
    ("training", N_("Training"), ("training",), "pack", 4),
    ("people", N_("Stakeholder notices"), ("notify",), "points", 1),
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
# A count of each kind in another language (English says the nouns of MANY).
COUNTED: dict[str, Callable[[Translator, int], str]] = {
    "phase": lambda tr, n: tr.plural("{n} phase", "{n} phases", n),
    "milestone": lambda tr, n: tr.plural("{n} milestone", "{n} milestones", n),
    "retirement": lambda tr, n: tr.plural("{n} retirement", "{n} retirements", n),
    "report": lambda tr, n: tr.plural("{n} report due", "{n} reports due", n),
    "freeze": lambda tr, n: tr.plural("{n} freeze window", "{n} freeze windows", n),
    "peak": lambda tr, n: tr.plural("{n} retail peak", "{n} retail peaks", n),
    "holiday": lambda tr, n: tr.plural("{n} holiday", "{n} holidays", n),
    "weekend": lambda tr, n: tr.plural("{n} weekend", "{n} weekends", n),
    "contract-end": lambda tr, n: tr.plural("{n} contract end", "{n} contract ends", n),
    "notice": lambda tr, n: tr.plural("{n} notice deadline", "{n} notice deadlines", n),
    "export": lambda tr, n: tr.plural("{n} export deadline", "{n} export deadlines", n),
    "sync": lambda tr, n: tr.plural("{n} opt-out sync", "{n} opt-out syncs", n),
    "warmup": lambda tr, n: tr.plural("{n} warm-up", "{n} warm-ups", n),
    "first-campaign": lambda tr, n: tr.plural("{n} first campaign", "{n} first campaigns", n),
    "parity": lambda tr, n: tr.plural("{n} parity date", "{n} parity dates", n),
    "launch": lambda tr, n: tr.plural("{n} feature launch", "{n} feature launches", n),
    "training": lambda tr, n: tr.plural("{n} training", "{n} trainings", n),
    "notify": lambda tr, n: tr.plural("{n} stakeholder notice", "{n} stakeholder notices", n),
}


def _dates(tr: Translator, n: int) -> str:  # a kind that has no words of its own
    return tr.plural("{n} date", "{n} dates", n)


def many(kind: str, tr: Translator = ENGLISH) -> str | Any:
    """What a cluster of ``kind`` is called (timeline.Item.many): the
    English noun, or in another language what says a count of them."""
    if tr.english:
        return MANY.get(kind, "dates")
    return _counter(tr, kind)


@lru_cache(maxsize=512)
def _counter(tr: Translator, kind: str) -> Any:
    say = COUNTED.get(kind, _dates)
    return lambda n: say(tr, n)


def counted(kind: str, n: int, tr: Translator = ENGLISH) -> str:
    """``3 export deadlines``; English has always said the plural here, for one too."""
    if tr.english:
        return f"{n:,} {MANY.get(kind, kind)}"
    return COUNTED.get(kind, _dates)(tr, n)


@lru_cache(maxsize=64)
def kind_words(tr: Translator) -> dict[str, str]:
    """What each kind of event is called (agenda.KINDS) in ``tr``'s language."""
    return {kind: tr.gettext(what) for kind, what in agenda.KINDS.items()}


@lru_cache(maxsize=64)
def lane_titles(tr: Translator) -> dict[str, str]:
    titles = {key: tr.gettext(title) for key, title, *_ in LANES}
    titles["findings"] = tr.gettext("Findings")
    titles["other"] = tr.gettext("Other dates")
    return titles


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
    tr: Translator = ENGLISH,
) -> Chart | None:
    """The plan's timeline, or None when nothing is dated. ``index`` is the
    plan's number in the page (its ids); ``finding_at_line`` maps a plan
    line to the first finding on it (the table links to it). With
    ``window`` (days), the close-up of those days only: every event and
    pinned finding outside it is left out, spans are cut at its edges.
    Its words are in ``tr``'s language."""
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
    english = tr.english
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
            label=""
            if event.kind == "weekend"
            else words.text(event.label, 80)
            if english
            else event_label(event, tr, 80),
            start=middle if how == "points" else first,
            end=None if how == "points" else last,
            many=MANY.get(event.kind, "dates") if english else many(event.kind, tr),
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
    titles = lane_titles(tr)
    specs = [LaneSpec("findings", titles["findings"], findings, "points", by_kind=False)]
    specs += [LaneSpec(key, titles[key], items[key], how, rows) for key, _, _, how, rows in LANES]
    specs.append(LaneSpec("other", titles["other"], other, "pack", 3))
    drawing = timeline.layout(specs, scale, timeline.position(today), tr)
    figure = f"timeline-{index}" if window is None else f"closeup-{index}"
    for lane in drawing.lanes:
        for row in lane.rows:
            for mark in row.marks:
                if lane.key == "findings":
                    mark.title = _finding_title(mark, tr)
                    mark.href = f"#finding-{index}-{mark.lead.ref.number}"
                else:
                    mark.title = event_title(mark, tz, tr)
    first_day = timeline.to_date(scale.start)
    last_day = timeline.to_date(scale.end)
    # A close-up's events are in the whole timeline's table already.
    rows, more = _table(shown, tz, index, finding_at_line or {}, tr) if window is None else ([], "")
    if tr.english:
        title = f"Timeline of {name}" if window is None else f"{name}: the weeks around the cutover"
    elif window is None:
        title = tr("Timeline of {name}", name=name)
    else:
        title = tr("{name}: the weeks around the cutover", name=name)
    return Chart(
        figure_id=figure,
        title=title,
        css="timeline" if window is None else "closeup",
        linked=bool(pinned),
        desc=_desc(plan, own, pinned, first_day, last_day, tz, tr),
        drawing=drawing,
        legend=legend(drawing, tr),
        rows=rows,
        more=more,
        extent=(min(spread), max(spread)) if spread else None,
    )


def event_title(mark: timeline.Mark, tz: dt.tzinfo | None, tr: Translator = ENGLISH) -> str:
    if not tr.english:
        return _event_title(mark, tz, tr)
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


def _event_title(mark: timeline.Mark, tz: dt.tzinfo | None, tr: Translator) -> str:
    first: agenda.Event = mark.first.ref
    if mark.count == 1:
        return tr(
            "{kind}: {label}, {when}",
            kind=kind_words(tr).get(mark.kind, mark.kind),
            label=event_label(first, tr, 120),
            when=words.period(first.start, first.end, tz, tr),
        )
    last: agenda.Event = mark.last.ref
    events = counted(mark.kind, mark.count, tr)
    if first.start == last.start and first.end == last.end:
        return tr(
            "{events}, all {when}",
            events=events,
            when=words.period(first.start, first.end, tz, tr),
        )
    return tr(
        "{events}, from {start} to {end}",
        events=events,
        start=words.moment(first.start, tz, tr),
        end=words.moment(last.end or last.start, tz, tr),
    )


def event_label(event: agenda.Event, tr: Translator, limit: int) -> str:
    """An event's label as the page shows it: the plan's words as they are,
    the agenda's own (``cutover``, ``weekend (DE)``) in ``tr``'s language."""
    if tr.english:
        return words.text(event.label, limit)
    return words.text(_event_label(tr, event.kind, event.label), limit)


@lru_cache(maxsize=4096)
def _event_label(tr: Translator, kind: str, label: str) -> str:
    said = agenda.say_label(kind, label, tr)
    return label if said is None else said


def _finding_title(mark: timeline.Mark, tr: Translator = ENGLISH) -> str:
    lead: Pinned = mark.lead.ref
    if tr.english:
        said = f"{lead.severity} {lead.code}: {lead.message}"
    else:
        said = tr(
            "{severity} {code}: {message}",
            severity=words.severity_word(lead.severity, tr),
            code=lead.code,
            message=lead.message,
        )
    if mark.count == 1:
        if tr.english:
            return f"Finding {lead.number}, {said}"
        return tr("Finding {number}, {finding}", number=lead.number, finding=said)
    numbers = sorted(item.ref.number for item in mark.sample)
    separator = ", " if tr.english else tr.pgettext("list separator", ", ")
    named = separator.join(str(n) for n in numbers[:TITLE_NAMES])
    if mark.count > len(numbers[:TITLE_NAMES]):
        named += separator + "…"
    if tr.english:
        return f"{mark.count:,} findings ({named}); finding {lead.number}, {said}"
    return tr.plural(
        "{n} finding ({numbers}); finding {number}, {finding}",
        "{n} findings ({numbers}); finding {number}, {finding}",
        mark.count,
        numbers=named,
        number=lead.number,
        finding=said,
    )


def _desc(
    plan: agenda.PlanView,
    own: list[agenda.Event],
    pinned: list[Pinned],
    first: dt.date,
    last: dt.date,
    tz: dt.tzinfo | None,
    tr: Translator = ENGLISH,
) -> str:
    cutover = plan.cutover
    rollback = next((e.start for e in own if e.kind == "rollback"), None)
    phases = sum(1 for e in own if e.kind == "phase")
    if not tr.english:
        return _desc_in(tr, cutover, rollback, phases, len(own), len(pinned), first, last, tz)
    parts = [f"From {first.isoformat()} to {last.isoformat()}."]
    if cutover is not None:
        parts.append(f"Cutover {words.moment(cutover, tz)}.")
    if rollback is not None:
        parts.append(f"Rollback decision deadline {words.moment(rollback, tz)}.")
    parts.append(
        f"{words.plural(phases, 'phase')}, {words.plural(len(own), 'dated event')} in the plan, "
        f"{words.plural(len(pinned), 'finding')} pinned at dates."
    )
    parts.append("The table after the chart lists the events in words.")
    return " ".join(parts)


def _desc_in(
    tr: Translator,
    cutover: Any,
    rollback: Any,
    phases: int,
    events: int,
    pinned: int,
    first: dt.date,
    last: dt.date,
    tz: dt.tzinfo | None,
) -> str:
    parts = [tr("From {first} to {last}.", first=words.day(first, tr), last=words.day(last, tr))]
    if cutover is not None:
        parts.append(tr("Cutover {moment}.", moment=words.moment(cutover, tz, tr)))
    if rollback is not None:
        parts.append(
            tr("Rollback decision deadline {moment}.", moment=words.moment(rollback, tz, tr))
        )
    parts.append(
        tr(
            "{phases}, {events} in the plan, {findings} pinned at dates.",
            phases=tr.plural("{n} phase", "{n} phases", phases),
            events=tr.plural("{n} dated event", "{n} dated events", events),
            findings=tr.plural("{n} finding", "{n} findings", pinned),
        )
    )
    parts.append(tr("The table after the chart lists the events in words."))
    return tr.pgettext("sentence separator", " ").join(parts)


def _table(
    shown: list[tuple[float, agenda.Event]],
    tz: dt.tzinfo | None,
    index: int,
    finding_at_line: dict[int, int],
    tr: Translator = ENGLISH,
) -> tuple[list[TableRow], str]:
    ordered = sorted(shown, key=lambda pair: pair[0])
    rows = []
    english = tr.english
    kinds = agenda.KINDS if english else kind_words(tr)
    for _, event in ordered[:TABLE_ROWS]:
        number = finding_at_line.get(event.line) if event.line else None
        rows.append(
            TableRow(
                kind=kinds.get(event.kind, event.kind),
                label=words.text(event.label, 120) if english else event_label(event, tr, 120),
                when=words.period(event.start, event.end, tz, tr),
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
    separator = ", " if tr.english else tr.pgettext("list separator", ", ")
    said = separator.join(
        counted(kind, n, tr) for kind, n in sorted(counts.items(), key=lambda p: -p[1])
    )
    if tr.english:
        return rows, f"and {len(rest):,} more: {said}"
    return rows, tr.plural(
        "and {n} more: {events}", "and {n} more: {events}", len(rest), events=said
    )


def legend(drawing: timeline.Drawing, tr: Translator = ENGLISH) -> list[LegendEntry]:
    """The kinds drawn, in the order agenda lists them, then the severities."""
    kinds = {
        (lane.key == "findings", mark.kind)
        for lane in drawing.lanes
        for row in lane.rows
        for mark in row.marks
    }
    out = []
    said = agenda.KINDS if tr.english else kind_words(tr)
    for kind, what in said.items():
        if (False, kind) in kinds:
            out.append(LegendEntry(f"k-{kind}", what, SHAPES.get(kind, "bar")))
    for severity, shape in words.SEVERITY_SHAPES.items():
        if (True, severity) in kinds:
            what = (
                f"{severity} finding"
                if tr.english
                else tr.gettext(words.SEVERITY_FINDINGS[severity])
            )
            out.append(LegendEntry(f"sev-{severity}", what, shape))
    return out
