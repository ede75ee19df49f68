"""FE001-FE002: new features and parity."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, ROOT, at, line_of, lint, messages, mutate

LAUNCH = "launch: 2025-06-02"
PARITY = (
    "  parity: 2025-04-14           # the date the new platform does everything the old one did\n"
)


def with_launch(value: str, text: str = EXAMPLE) -> str:
    return mutate(text, LAUNCH, f"launch: {value}")


def without_parity(text: str = EXAMPLE) -> str:
    return mutate(text, PARITY, "")


def launch_at(text: str) -> tuple[int, int]:
    return line_of(text, "launch:"), 15


def test_the_clean_example_passes() -> None:
    found = lint(EXAMPLE)
    assert at(found, "FE001") == []
    assert at(found, "FE002") == []


# -- FE001 new-feature-before-parity ---------------------------------------------


@pytest.mark.parametrize(
    ("launch", "severity"),
    [
        ("2025-03-03", "error"),  # before parity (2025-04-14)
        ("2025-04-13", "error"),
        ("2025-04-14", "warning"),  # on the parity day, before the retirement (2025-05-16)
        ("2025-04-14T09:00:00+02:00", "warning"),
        ("2025-04-13T23:30:00+02:00", "error"),  # the evening before parity, in Berlin
        ("2025-04-13T23:30:00Z", "warning"),  # 01:30 on 14 April in Berlin
        ("2025-05-15", "warning"),
        ("2025-05-15T23:30:00", "warning"),  # naive: read in Berlin, before 16 May
        ("2025-05-15T21:30:00Z", "warning"),  # 23:30 on 15 May in Berlin
    ],
)
def test_fe001_severity_by_launch(launch: str, severity: str) -> None:
    text = with_launch(launch)
    assert at(lint(text), "FE001") == [(severity, *launch_at(text))]


@pytest.mark.parametrize(
    "launch",
    [
        "2025-05-16",  # the retirement day: two dates compare as days
        "2025-05-16T08:00:00",  # the retirement date stands for the start of its day
        "2025-05-15T22:30:00Z",  # 00:30 on 16 May in Berlin
        "2025-06-02",
    ],
)
def test_fe001_passes_from_the_retirement_day(launch: str) -> None:
    assert at(lint(with_launch(launch)), "FE001") == []


def test_fe001_zone_changes_the_verdict() -> None:
    text = mutate(with_launch("2025-04-13T23:30:00Z"), "timezone: Europe/Berlin", "timezone: UTC")
    assert at(lint(text), "FE001") == [("error", *launch_at(text))]


def test_fe001_messages() -> None:
    text = with_launch("2025-03-03")
    assert messages(lint(text), "FE001") == [
        "new feature `predictive-send-time` launches Monday 2025-03-03, before features.parity "
        "(Monday 2025-04-14); reach parity first, then launch what is new"
    ]
    text = with_launch("2025-05-05")
    assert messages(lint(text), "FE001") == [
        "new feature `predictive-send-time` launches Monday 2025-05-05, before the legacy is "
        "retired (Friday 2025-05-16); launch it once the team runs one platform"
    ]


@pytest.mark.parametrize(
    ("launch", "severity"),
    [
        ("2025-03-11", "error"),  # the day of the cutover stands for its start, before 10:00
        ("2025-03-11T09:59:00+01:00", "error"),
        ("2025-03-11T10:00:00+01:00", "warning"),  # at the cutover: not before it
        ("2025-03-12", "warning"),
    ],
)
def test_fe001_falls_back_to_the_cutover_without_parity(launch: str, severity: str) -> None:
    text = without_parity(with_launch(launch))
    assert at(lint(text), "FE001") == [(severity, *launch_at(text))]


def test_fe001_each_feature_at_its_launch() -> None:
    text = mutate(
        EXAMPLE,
        "      replicable_on_legacy: false\n",
        "      replicable_on_legacy: false\n"
        "    - {id: ai-subject-lines, launch: 2025-03-20}\n"
        "    - {id: sms-two-way, launch: 2025-05-01}\n",
    )
    ai, sms = line_of(text, "ai-subject-lines"), line_of(text, "sms-two-way")
    lines = text.splitlines()
    assert at(lint(text), "FE001") == [
        ("error", ai, lines[ai - 1].index("2025") + 1),
        ("warning", sms, lines[sms - 1].index("2025") + 1),
    ]


# -- FE002 parity-undefined ------------------------------------------------------


def test_fe002_new_features_without_parity_at_the_features_mapping() -> None:
    text = without_parity()
    found = lint(text)
    assert at(found, "FE002") == [("warning", line_of(text, "  new:"), 3)]
    assert messages(found, "FE002") == [
        "`features.new` lists new features but `features.parity` is missing; set the date the "
        "target does everything the legacy did, and launch new features after it"
    ]


def test_fe002_no_new_features_no_parity_needed() -> None:
    start = EXAMPLE.index("  new:\n    - id: predictive-send-time")
    end = EXAMPLE.index("communication:")
    text = without_parity(EXAMPLE[:start] + "  new: []\n\n" + EXAMPLE[end:])
    assert at(lint(text), "FE002") == []
    text = without_parity(EXAMPLE[:start] + "\n" + EXAMPLE[end:])
    assert at(lint(text), "FE002") == []


# -- robustness -------------------------------------------------------------------


def test_skeleton_plan() -> None:
    found = lint("migralint: 1\nplan: {name: x}\ntimeline: {}\n")
    assert [f for f in found if f.code.startswith("FE")] == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("features:\n", "features: [parity]\nx_features:\n"),
        ("  new:\n", "  new: predictive-send-time\n  x_new:\n"),
        ("  new:\n", "  new: {predictive-send-time: 2025-06-02}\n  x_new:\n"),
        (LAUNCH, "launch: [2025-06-02]"),
        (PARITY, "  parity: soon\n"),
        ("    - id: predictive-send-time\n", "    - predictive-send-time\n    - id: x\n"),
    ],
)
def test_wrong_types_do_not_crash(old: str, new: str) -> None:
    lint(mutate(EXAMPLE, old, new))


# -- the findings example ------------------------------------------------------------


def test_findings_example() -> None:
    path = ROOT / "examples" / "findings" / "features.yaml"
    found = lint(path.read_text(encoding="utf-8"), str(path))
    mine = [(f.code, f.severity) for f in found if f.code[:2] in ("PR", "FE", "CM", "GV")]
    assert mine == [("FE002", "warning"), ("FE001", "error"), ("FE001", "warning")]
