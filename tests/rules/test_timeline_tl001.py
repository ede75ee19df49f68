"""TL001 friday-afternoon-cutover: exact across time zones."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, at, line_of, lint, messages, mutate

CUTOVER = "at: 2025-03-11T10:00:00+01:00 "
LINE = line_of(EXAMPLE, CUTOVER)


def with_cutover(value: str) -> str:
    return mutate(EXAMPLE, CUTOVER, f"at: {value} ")


@pytest.mark.parametrize(
    ("value", "severity"),
    [
        ("2025-03-14T16:30:00+01:00", "error"),  # Friday 16:30 Berlin
        ("2025-03-14T15:30:00Z", "error"),  # the same instant, written in UTC
        ("2025-03-14T17:00:00", "error"),  # naive: read in Europe/Berlin
        ("2025-03-14T23:30:00-05:00", "warning"),  # Saturday 05:30 in Berlin
        ("2025-03-14T13:00:00+01:00", "warning"),  # Friday after noon: discouraged
        ("2025-03-16T10:00:00+01:00", "warning"),  # Sunday
    ],
)
def test_fires_in_the_plans_zone(value: str, severity: str) -> None:
    assert at(lint(with_cutover(value)), "TL001") == [(severity, LINE, 9)]


@pytest.mark.parametrize(
    "value",
    [
        "2025-03-11T10:00:00+01:00",  # Tuesday morning
        "2025-03-14T11:59:00+01:00",  # Friday morning
        "2025-03-14T10:30:00Z",  # 11:30 Berlin
        "2025-03-14T05:30:00-05:00",  # 11:30 Berlin
    ],
)
def test_passes_outside_the_windows(value: str) -> None:
    assert at(lint(with_cutover(value)), "TL001") == []


def test_message_names_the_local_time_and_what_to_do() -> None:
    (message,) = messages(lint(with_cutover("2025-03-14T15:30:00Z")), "TL001")
    assert message == (
        "cutover Friday 2025-03-14 16:30 Europe/Berlin is inside the forbidden window "
        "Friday from 16:00 (before the weekend); move it to an earlier working day, in the "
        "morning"
    )


def test_zone_changes_the_verdict() -> None:
    def in_new_york(value: str) -> str:
        return mutate(with_cutover(value), "timezone: Europe/Berlin", "timezone: America/New_York")

    # New York is on summer time from 9 March 2025: 15:30Z is 11:30 there.
    assert at(lint(in_new_york("2025-03-14T15:30:00Z")), "TL001") == []
    assert at(lint(in_new_york("2025-03-14T20:30:00Z")), "TL001") == [("error", LINE, 9)]
