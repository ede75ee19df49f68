"""The timeline's geometry (report/timeline.py) and the plan's chart
(report/chart.py): exact positions, ticks, clusters and pins."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from migralint import agenda
from migralint.report import chart, timeline
from migralint.report.timeline import Item, Scale

D = dt.date
BERLIN = ZoneInfo("Europe/Berlin")


def day(y: int, m: int, d: int) -> float:
    return D(y, m, d).toordinal()


# --- time as a number


def test_a_date_is_the_middle_of_its_day() -> None:
    assert timeline.position(D(2025, 3, 11)) == day(2025, 3, 11) + 0.5


def test_a_date_time_is_read_on_the_plans_wall_clock() -> None:
    # Written at +02:00 while Berlin keeps +01:00 in March: 11:00 in Berlin.
    moment = dt.datetime(2025, 3, 13, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert timeline.position(moment, BERLIN) == day(2025, 3, 13) + 11 / 24
    assert timeline.position(moment) == day(2025, 3, 13) + 12 / 24


def test_a_span_covers_its_first_and_last_day_whole() -> None:
    assert timeline.span(D(2025, 1, 1), D(2025, 1, 31)) == (day(2025, 1, 1), day(2025, 2, 1))
    assert timeline.span(D(2025, 1, 1), None) == (day(2025, 1, 1), day(2025, 1, 2))


def test_the_x_of_a_date_on_a_known_domain() -> None:
    scale = Scale(day(2025, 1, 1), day(2025, 1, 1) + 100, 0, 1000)
    assert scale.x(timeline.position(D(2025, 1, 11))) == 105.0
    assert scale.x(day(2025, 1, 1)) == 0
    assert scale.x(day(2025, 1, 1) + 100) == 1000


def test_the_domain_is_padded_and_at_least_two_weeks() -> None:
    assert timeline.domain([0, 100]) == (-3, 103)  # the minimum pad, 3 days
    assert timeline.domain([0, 1000]) == (-30, 1030)  # 3 % each side
    assert timeline.domain([50.5]) == (43.5, 57.5)
    assert timeline.domain([]) is None


# --- ticks


@pytest.mark.parametrize(
    ("days", "unit"),
    [(10, "day"), (60, "week"), (365, "month"), (3 * 365, "quarter"), (20 * 365, "2y")],
)
def test_the_finest_tick_unit_that_fits(days: int, unit: str) -> None:
    start = day(2025, 1, 1)
    assert timeline.tick_unit(Scale(start, start + days)) == unit


def test_month_ticks_name_the_year_once_and_at_january() -> None:
    scale = Scale(day(2024, 11, 15), day(2025, 11, 15))
    labels = [t.label for t in timeline.ticks(scale)]
    assert labels == [
        "Dec 2024",
        "Jan 2025",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
    ]
    first = timeline.ticks(scale)[0]
    assert first.day == D(2024, 12, 1)
    assert first.x == round(scale.x(day(2024, 12, 1)), 1)


def test_week_ticks_are_mondays() -> None:
    ticks = timeline.ticks(Scale(day(2025, 3, 1), day(2025, 4, 10)))
    assert [t.day for t in ticks] == [D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 17),
                                       D(2025, 3, 24), D(2025, 3, 31), D(2025, 4, 7)]  # fmt: skip
    assert ticks[0].label == "3 Mar 2025" and ticks[1].label == "10 Mar"


def test_ticks_at_the_ends_of_the_calendar() -> None:
    late = timeline.ticks(Scale(day(9990, 1, 1), dt.date.max.toordinal() + 30))
    assert [t.label for t in late][-1] == "9999"
    early = timeline.ticks(Scale(-30, day(1, 3, 1)))
    assert early[0].day == D(1, 1, 1)


# --- clusters


def points(n: int, at: float, kind: str = "export") -> list[Item]:
    return [Item(kind, f"export d-{i}", at, many="export deadlines") for i in range(n)]


def test_a_thousand_events_within_a_day_are_one_cluster() -> None:
    scale = Scale(day(2025, 1, 1), day(2025, 12, 31))
    marks = timeline.point_marks(points(1000, day(2025, 5, 9) + 0.5), scale)
    assert len(marks) == 1
    (mark,) = marks
    assert mark.count == 1000
    assert mark.label == "1,000 export deadlines"
    assert mark.first.label == "export d-0" and mark.last.label == "export d-999"
    assert len(mark.sample) == timeline.SAMPLE


def test_events_a_few_units_apart_stay_apart() -> None:
    scale = Scale(0, 100, 0, 1000)  # 10 units a day
    marks = timeline.point_marks([*points(1, 10), *points(1, 11), *points(2, 10.3)], scale)
    assert [(m.x, m.count) for m in marks] == [(101.5, 3), (110.0, 1)]


def test_kinds_cluster_apart() -> None:
    scale = Scale(0, 100, 0, 1000)
    marks = timeline.point_marks([*points(3, 10), *points(2, 10, kind="launch")], scale)
    assert sorted((m.kind, m.count) for m in marks) == [("export", 3), ("launch", 2)]


def test_a_lane_holds_a_bounded_number_of_marks() -> None:
    scale = Scale(0, 10_000)
    items = [Item("export", "e", n + 0.5) for n in range(10_000)]
    marks = timeline.point_marks(items, scale)
    assert len(marks) <= timeline.MAX_MARKS
    assert sum(m.count for m in marks) == 10_000


def test_a_cluster_of_findings_takes_the_worst_severity_and_the_first_number() -> None:
    scale = Scale(0, 100, 0, 1000)
    items = [
        Item("warning", "4", 50, rank=1, priority=-4),
        Item("error", "2", 50.1, rank=2, priority=-2),
        Item("info", "9", 50.2, rank=0, priority=-9),
    ]
    (mark,) = timeline.point_marks(items, scale, by_kind=False)
    assert (mark.kind, mark.count, mark.lead.label, mark.label) == ("error", 3, "2", "2 +2")


def test_spans_pack_into_rows_and_merge_when_rows_run_out() -> None:
    a, b, c = Item("training", "a", 0), Item("training", "b", 0), Item("training", "c", 0)
    rows = timeline.pack([(0, 100, a), (50, 150, b), (60, 90, c)], rows=2)
    assert [[piece[2].label for piece in row] for row in rows] == [["a", "c"], ["b"]]
    (merged,) = timeline.bar_marks(rows[0])
    assert (merged.x, merged.x2, merged.count) == (0, 100, 2)


def test_labels_stagger_and_the_cutover_goes_first() -> None:
    scale = Scale(0, 100, 0, 1000)
    marks = timeline.point_marks(
        [
            Item("milestone", "kickoff", 10),
            Item("notice", "notice deadline", 10.8),
            Item("launch", "launch", 11.6),
            Item("cutover", "cutover", 12.4, priority=3),
        ],
        scale,
    )
    used = timeline.place_labels(marks, scale)
    lines = {m.first.label: m.line for m in marks}
    assert used == 2
    assert lines == {"cutover": 0, "kickoff": 1, "notice deadline": -1, "launch": -1}
    cutover = next(m for m in marks if m.kind == "cutover")
    # Just right of its marker (and of the rule through it), under the row.
    assert (cutover.label_x, cutover.anchor, cutover.label) == (cutover.x + 2, "start", "cutover")


# --- the plan's chart


def plan_view(events: list[agenda.Event]) -> agenda.PlanView:
    return agenda.PlanView(name="p", timezone="Europe/Berlin", countries=("DE",), events=events)


def drawn(result: chart.Chart) -> dict[str, list[timeline.Mark]]:
    out: dict[str, list[timeline.Mark]] = {}
    for mark in result.drawing.marks():
        out.setdefault(mark.kind, []).append(mark)
    return out


def test_the_domain_ignores_calendar_facts_and_clips_them() -> None:
    plan = plan_view(
        [
            agenda.Event("phase", "build", D(2025, 1, 6), D(2025, 2, 28), "timeline.phases[0]", 5),
            agenda.Event("cutover", "cutover", D(2025, 3, 4), None, "timeline.cutover.at", 7),
            # Calendar facts: one beyond the plan, one across its last day.
            agenda.Event("peak", "retail peak 2025", D(2025, 10, 31), D(2025, 12, 8)),
            agenda.Event("weekend", "weekend", D(2025, 3, 1), D(2025, 3, 2)),
            agenda.Event("holiday", "a long holiday", D(2025, 3, 6), D(2025, 3, 12)),
        ]
    )
    result = chart.build(plan, [], 1, D(2024, 1, 1), "p")
    assert result is not None
    scale = result.drawing.scale
    assert (scale.start, scale.end) == timeline.domain([day(2025, 1, 6), day(2025, 3, 5)])
    marks = drawn(result)
    assert "peak" not in marks  # outside the plan's dates: not drawn, never widening them
    (weekend,) = marks["weekend"]
    assert (weekend.x, weekend.x2) == (
        round(scale.x(day(2025, 3, 1)), 1),
        round(scale.x(day(2025, 3, 3)), 1),
    )
    (holiday,) = marks["holiday"]
    assert holiday.x2 == round(scale.x(scale.end), 1) == scale.x1  # clipped at the domain's end
    kinds = [row.kind for row in result.rows]
    assert kinds == ["phase", "weekend", "cutover", "public holiday"]


def test_a_pinned_finding_sits_at_its_date() -> None:
    plan = plan_view(
        [
            agenda.Event("phase", "uat", D(2025, 1, 6), D(2025, 2, 14), "timeline.phases[0]", 5),
            agenda.Event("first-campaign", "first campaign", D(2025, 2, 18), None, "x", 9),
        ]
    )
    pins = [
        chart.Pinned(1, "error", "TL002", "inside a freeze", D(2025, 2, 18)),
        # A pin beyond the plan's events widens the domain to include it.
        chart.Pinned(2, "warning", "TL004", "late", D(2025, 6, 30)),
    ]
    result = chart.build(plan, pins, 3, D(2024, 1, 1), "p")
    assert result is not None
    scale = result.drawing.scale
    assert scale.end > day(2025, 6, 30)
    marks = drawn(result)
    (error,) = marks["error"]
    (warning,) = marks["warning"]
    assert error.x == round(scale.x(day(2025, 2, 18) + 0.5), 1)
    assert error.x == marks["first-campaign"][0].x
    assert (error.href, warning.href) == ("#finding-3-1", "#finding-3-2")
    assert error.title == "Finding 1, error TL002: inside a freeze"
    assert [entry.words for entry in result.legend] == [
        "phase",
        "first campaign",
        "error finding",
        "warning finding",
    ]


def test_nothing_dated_draws_nothing() -> None:
    assert chart.build(plan_view([]), [], 1, D(2025, 1, 1), "p") is None
    calendar_only = plan_view([agenda.Event("holiday", "Easter Monday", D(2025, 4, 21))])
    assert chart.build(calendar_only, [], 1, D(2025, 1, 1), "p") is None


def test_thousands_of_dates_make_a_bounded_chart_and_table() -> None:
    events = [
        agenda.Event(
            "export",
            f"export d-{n}",
            D(2025, 5, 9) + dt.timedelta(days=n % 30),
            None,
            f"data.datasets[{n}].export_by",
            100 + n,
        )
        for n in range(5000)
    ]
    events += [
        agenda.Event(
            "phase",
            f"phase-{n}",
            D(2025, 1, 1) + dt.timedelta(days=n % 200),
            D(2025, 1, 10) + dt.timedelta(days=n % 200),
            f"timeline.phases[{n}]",
            9,
        )
        for n in range(3000)
    ]
    result = chart.build(plan_view(events), [], 1, D(2025, 1, 1), "p")
    assert result is not None
    marks = list(result.drawing.marks())
    assert len(marks) < 1500
    assert sum(m.count for m in marks if m.kind == "export") == 5000
    assert sum(m.count for m in marks if m.kind == "phase") == 3000
    phases = next(lane for lane in result.drawing.lanes if lane.key == "phases")
    assert len(phases.rows) == 12
    assert {row.title for row in phases.rows} == {""}  # packed: no row is one phase
    assert len(result.rows) == chart.TABLE_ROWS
    # The table lists the first 300 by date (phases, from January), then counts the rest.
    assert result.more == "and 7,700 more: 5,000 export deadlines, 2,700 phases"


def test_a_rows_title_fits_the_gutter() -> None:
    long = "x" * 200
    plan = plan_view(
        [agenda.Event("phase", long, D(2025, 1, 6), D(2025, 2, 14), "timeline.phases[0]", 5)]
    )
    result = chart.build(plan, [], 1, D(2024, 1, 1), "p")
    assert result is not None
    (row,) = next(lane for lane in result.drawing.lanes if lane.key == "phases").rows
    assert row.title == "x" * 23 + "…"
    assert len(row.title) * timeline.CHAR_WIDTH < timeline.GUTTER - 16
