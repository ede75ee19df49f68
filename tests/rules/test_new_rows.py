"""SC004 unknown-country, TL016 rollback-deadline-before-cutover, TL017
nonexistent-local-time, GV004 placeholder-left: exact positions, whole
messages."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, at, codes, lint, messages, mutate

DEADLINE = "decision_deadline: 2025-03-17T12:00:00+01:00"
CUTOVER = "at: 2025-03-11T10:00:00+01:00 "


def test_the_clean_example_has_none_of_them() -> None:
    assert not codes(lint(EXAMPLE)) & {"SC004", "TL016", "TL017", "GV004"}


# --- TL016 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "deadline",
    [
        "2025-03-10T18:00:00+01:00",
        "2025-03-11T10:00:00+01:00",  # at the cutover: no time to decide
        "2025-03-11",  # a date: the start of that day
    ],
)
def test_tl016_a_deadline_at_or_before_the_cutover(deadline: str) -> None:
    text = mutate(EXAMPLE, DEADLINE, f"decision_deadline: {deadline}")
    found = lint(text)
    assert at(found, "TL016") == [("error", 67, 26)]
    (message,) = messages(found, "TL016")
    shown = message.removeprefix("the rollback decision deadline ").split(" is not after ")[0]
    assert shown.split()[1] == deadline[:10]  # Monday 2025-03-10 18:00 Europe/Berlin
    assert " is not after the cutover Tuesday 2025-03-11 10:00 Europe/Berlin; " in message
    assert message.endswith(
        "set it after the cutover, when the first days on the new platform show whether to "
        "roll back"
    )


@pytest.mark.parametrize("deadline", ["2025-03-11T10:01:00+01:00", "2025-03-12"])
def test_tl016_a_deadline_after_the_cutover_passes(deadline: str) -> None:
    text = mutate(EXAMPLE, DEADLINE, f"decision_deadline: {deadline}")
    assert "TL016" not in codes(lint(text))


# --- TL017 ------------------------------------------------------------------


def test_tl017_a_time_in_the_spring_forward_gap() -> None:
    text = mutate(EXAMPLE, CUTOVER, "at: 2025-03-30T02:30:00 ")
    found = lint(text)
    assert at(found, "TL017") == [("warning", 62, 9)]
    assert messages(found, "TL017") == [
        "timeline.cutover.at: 2025-03-30T02:30:00 does not exist in Europe/Berlin (on "
        "2025-03-30 the clocks jump from 02:00 to 03:00); it may mean 2025-03-30 01:30 +01:00 "
        "(00:30 UTC) or 2025-03-30 03:30 +02:00 (01:30 UTC): write the offset you mean"
    ]


def test_tl017_a_time_in_the_autumn_overlap_elsewhere_in_the_plan() -> None:
    text = mutate(EXAMPLE, DEADLINE, "decision_deadline: 2025-10-26T02:30:00")
    found = lint(text)
    assert at(found, "TL017") == [("warning", 67, 26)]
    assert messages(found, "TL017") == [
        "timeline.cutover.rollback.decision_deadline: 2025-10-26T02:30:00 happens twice in "
        "Europe/Berlin (on 2025-10-26 the clocks go back from 03:00 to 02:00); it may mean "
        "2025-10-26 02:30 +02:00 (00:30 UTC) or 2025-10-26 02:30 +01:00 (01:30 UTC): write "
        "the offset you mean"
    ]


def test_tl017_new_york_and_an_offset_or_an_ordinary_hour_pass() -> None:
    text = mutate(EXAMPLE, "timezone: Europe/Berlin", "timezone: America/New_York")
    gap = mutate(text, CUTOVER, "at: 2025-03-09T02:15:00 ")
    assert messages(lint(gap), "TL017")[0].startswith(
        "timeline.cutover.at: 2025-03-09T02:15:00 does not exist in America/New_York (on "
        "2025-03-09 the clocks jump from 02:00 to 03:00); it may mean 2025-03-09 01:15 -05:00 "
        "(06:15 UTC) or 2025-03-09 03:15 -04:00 (07:15 UTC)"
    )
    for ok in ("2025-03-30T02:30:00+02:00", "2025-03-30T03:30:00", "2025-10-26T03:30:00"):
        assert "TL017" not in codes(lint(mutate(EXAMPLE, CUTOVER, f"at: {ok} "))), ok


# --- SC004 ------------------------------------------------------------------


def test_sc004_names_the_iso_code_of_an_alias() -> None:
    text = mutate(EXAMPLE, "countries: [DE, US]", "countries: [DE, UK]")
    found = lint(text)
    assert at(found, "SC004") == [("warning", 14, 19)]
    assert messages(found, "SC004") == [
        "plan.countries[1]: `UK` is not an ISO 3166-1 alpha-2 code the public-holiday calendar "
        "knows (did you mean `GB`?); holidays and the weekend there are not checked"
    ]


# --- GV004 ------------------------------------------------------------------


def test_gv004_every_todo_value_and_not_comments_or_other_words() -> None:
    text = mutate(EXAMPLE, "  owner: Dana Ortiz (Marketing Operations)", "  owner: TODO")
    text = mutate(text, "    role: CMO", "    role: TODO role  # TODO: ask HR")
    text = mutate(text, "  name: Northwind ESP consolidation", "  name: Northwind TODOs")
    found = lint(text)
    assert at(found, "GV004") == [("warning", 16, 10), ("warning", 19, 11)]
    assert messages(found, "GV004") == [
        "plan.owner is still the placeholder `TODO`; fill it in",
        "plan.executive_sponsor.role is still the placeholder `TODO role`; fill it in",
    ]


def test_gv004_reports_each_placeholder_of_a_fresh_starter_plan(tmp_path, monkeypatch) -> None:
    from migralint.commands import init_plan

    monkeypatch.chdir(tmp_path)
    init_plan("plan.yaml")
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    found = [f for f in lint(text) if f.code == "GV004"]
    todo_values = [
        line
        for line in text.splitlines()
        if "TODO" in line.split("#", 1)[0] and not line.lstrip().startswith("#")
    ]
    assert len(found) >= len(todo_values) > 5
    assert {f.line for f in found} == {
        n for n, line in enumerate(text.splitlines(), 1) if line in todo_values
    }
