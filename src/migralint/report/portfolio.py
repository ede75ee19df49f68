"""Several plans at once: the index of plans (verdict and counts), and one
timeline with a lane per plan (its phases, freeze windows, cutover and
rollback deadline) on a shared axis."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from migralint import agenda
from migralint.i18n.translator import ENGLISH, Translator
from migralint.report import chart, timeline, words
from migralint.report.timeline import Item

KINDS = ("phase", "freeze", "cutover", "rollback")
LANE_TITLE = 26  # characters of a plan's name in its lane


@dataclass(frozen=True)
class IndexRow:
    index: int
    anchor: str
    name: str
    path: str
    verdict: str
    css: str
    errors: int
    warnings: int
    infos: int
    cross_plan: int
    cutover: str


@dataclass
class Portfolio:
    rows: list[IndexRow]
    drawing: timeline.Drawing | None
    desc: str
    ready: int
    cross_plan: int
    legend: list[chart.LegendEntry]


def build(
    plans: list[Any], results: list[Any], today: dt.date, tr: Translator = ENGLISH
) -> Portfolio:
    """``plans`` are the page's plan sections, ``results`` the run's files
    in the same order; the words are in ``tr``'s language."""
    not_dated = "not dated" if tr.english else tr.gettext("not dated")
    rows = []
    lanes: list[tuple[str, str, list[Item]]] = []
    names: dict[str, int] = {}
    for page in plans:
        names[page.name] = names.get(page.name, 0) + 1
    reach: list[float] = []
    for page, result in zip(plans, results, strict=True):
        plan = result.plan if isinstance(result.plan, agenda.PlanView) else None
        tz = chart.zone_of(plan) if plan else None
        cutover = plan.cutover if plan else None
        rows.append(
            IndexRow(
                index=page.index,
                anchor=page.anchor,
                name=page.name,
                path=page.path,
                verdict=page.verdict.word,
                css=page.verdict.css,
                errors=page.verdict.errors,
                warnings=page.verdict.warnings,
                infos=page.verdict.infos,
                cross_plan=page.cross_plan,
                cutover=words.moment(cutover, tz, tr) if cutover is not None else not_dated,
            )
        )
        items = []
        if page.chart is not None and page.chart.extent is not None:
            reach += page.chart.extent
        for event in plan.events if plan else ():
            if event.pointer and event.kind in KINDS:
                first, last = timeline.span(event.start, event.end, tz)
                point = event.kind in ("cutover", "rollback")
                items.append(
                    Item(
                        kind=event.kind,
                        label="",
                        start=timeline.position(event.start, tz) if point else first,
                        end=None if point else last,
                        many=chart.MANY.get(event.kind, "dates")
                        if tr.english
                        else chart.many(event.kind, tr),
                        priority=chart.PRIORITY.get(event.kind, 0),
                        shape=chart.SHAPES.get(event.kind, "circle"),
                        size=6.0 if event.kind == "cutover" else 4.0,
                        ref=event,
                    )
                )
        # Plans of one name are told apart by their files.
        title = page.name if names[page.name] == 1 else os.path.basename(page.path) or page.path
        lanes.append((str(page.index), _short(title), items))
    bounds = timeline.domain(reach)
    drawing = None
    if bounds is not None:
        drawing = timeline.stack(lanes, timeline.Scale(*bounds), tr)
        for lane, result in zip(drawing.lanes, results, strict=True):
            tz = chart.zone_of(result.plan) if isinstance(result.plan, agenda.PlanView) else None
            for mark in lane.rows[0].marks:
                said = chart.event_title(mark, tz, tr)
                if tr.english:
                    mark.title = f"{lane.title}: {said}"
                else:
                    # Translators: a tooltip of the portfolio's timeline: a plan's name, an event.
                    mark.title = tr("{plan}: {event}", plan=lane.title, event=said)
        if drawing.scale.contains(timeline.position(today)):
            drawing.today_x = round(drawing.scale.x(timeline.position(today)), 1)
    ready = sum(1 for row in rows if row.css == "verdict-ready")
    if tr.english:
        plans = words.plural(len(rows), "plan")
        desc = f"{plans}, {ready:,} ready for cutover approval."
    else:
        said = words.count(ready, tr)
        desc = tr.plural(
            "{n} plan, {ready} ready for cutover approval.",
            "{n} plans, {ready} ready for cutover approval.",
            len(rows),
            ready=said,
        )
    if bounds is not None:
        first, last = timeline.to_date(bounds[0]), timeline.to_date(bounds[1])
        if tr.english:
            desc += (
                f" From {first.isoformat()} to {last.isoformat()}: a lane per plan with its "
                "phases, freeze windows, cutover and rollback decision deadline."
            )
        else:
            desc += tr.pgettext("sentence separator", " ") + tr(
                "From {first} to {last}: a lane per plan with its phases, freeze windows, "
                "cutover and rollback decision deadline.",
                first=words.day(first, tr),
                last=words.day(last, tr),
            )
    return Portfolio(
        rows=rows,
        drawing=drawing,
        desc=desc,
        ready=ready,
        cross_plan=sum(row.cross_plan for row in rows),
        legend=chart.legend(drawing, tr) if drawing else [],
    )


def _short(title: str) -> str:
    return title if len(title) <= LANE_TITLE else title[: LANE_TITLE - 1] + "…"
