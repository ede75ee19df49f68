"""The plan's dated events and pins (agenda.py), as the report and the
calendar read them."""

from __future__ import annotations

import datetime as dt

from helpers import EXAMPLE
from migralint import agenda, loader

DOC = loader.load(EXAMPLE.encode("utf-8"))


def test_every_dated_node_without_pins_given() -> None:
    view = agenda.view(DOC)
    assert view.pin("timeline.cutover.at").isoformat() == "2025-03-11T10:00:00+01:00"
    assert view.pin("timeline.phases[1]") == dt.date(2024, 8, 1)  # its first date, `starts`
    assert view.pin("team.members[0]") is None


def test_only_the_pinned_nodes_are_looked_up() -> None:
    wanted = {"timeline.phases[1]", "data.datasets[2].export_by", "team.members[0].allocation"}
    view = agenda.view(DOC, pins=wanted)
    assert set(view.dates) == wanted
    assert view.pin("timeline.phases[1]") == dt.date(2024, 8, 1)
    assert view.pin("data.datasets[2].export_by") == dt.date(2025, 2, 10)
    # Looked up and undated: not guessed from anything else.
    assert view.pin("team.members[0].allocation") is None
    assert view.events == agenda.view(DOC).events  # the events do not depend on pins


def test_weekends_and_holidays_span_four_weeks_either_side_of_the_cutover() -> None:
    view = agenda.view(DOC)
    weekends = [e for e in view.events if e.kind == "weekend"]
    assert (weekends[0].start, weekends[-1].end) == (dt.date(2025, 2, 15), dt.date(2025, 4, 6))
    assert [e.label for e in view.events if e.kind == "holiday"] == ["Washington's Birthday (US)"]


def test_a_plan_view_travels_between_processes() -> None:
    import pickle

    view = agenda.view(DOC)
    view.pin("timeline.cutover")  # fills its caches, which are not pickled
    again = pickle.loads(pickle.dumps(view))
    assert "_sorted" not in again.__dict__ and "_order_of" not in again.__dict__
    assert again.pin("timeline.cutover") == view.pin("timeline.cutover")
