"""CO001-CO007: consent and opt-outs, at exact positions."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, ROOT, at, line_of, lint, messages, mutate
from migralint import rules
from migralint.engine import Engine

CO_CODES = [f"CO{n:03d}" for n in range(1, 8)]
SKELETON = "migralint: 1\nplan: {name: x}\ntimeline: {}\n"

TARGET_BLOCK = (
    "  target:\n"
    "    id: newcloud\n"
    "    name: NewCloud Messaging\n"
    "    category: esp\n"
    "    contract:\n"
    "      starts: 2024-05-01\n"
    "    retention: P10Y            # how long the target platform keeps data it holds\n"
)

CONSENT = line_of(EXAMPLE, "consent:") + 1  # the mapping starts at its first key
PREFERENCE_CENTER = line_of(EXAMPLE, "    legacy: true")
MAPPING_COMPLETE = line_of(EXAMPLE, "mapping_complete: true")
SYNC = line_of(EXAMPLE, "direction: bidirectional   #")  # first key of opt_out_sync
FREQUENCY = line_of(EXAMPLE, "frequency: PT15M")
STARTS = line_of(EXAMPLE, "    starts: 2025-02-10")
ENDS = line_of(EXAMPLE, "    ends: 2025-04-14")
ORDER_UPDATES = line_of(EXAMPLE, "- id: order-updates")
SUPPRESSION = line_of(EXAMPLE, "- id: suppression-list")
SUPPRESSION_EXPORT = line_of(EXAMPLE, "export_by: 2025-02-10")


def retire_plan(text: str = EXAMPLE) -> str:
    """``text`` as a retirement without replacement (no target platform)."""
    text = mutate(text, "kind: consolidate ", "kind: retire ")
    return mutate(text, TARGET_BLOCK, "")


def cut(text: str, start: str, end: str) -> str:
    """``text`` without the lines from ``start`` up to (not including) ``end``."""
    assert text.count(start) == 1 and text.count(end) == 1
    head, rest = text.split(start, 1)
    return head + end + rest.split(end, 1)[1]


def co(text: str) -> list[tuple[str, str, int, int]]:
    """(code, severity, line, column) of every CO finding."""
    return [(f.code, f.severity, f.line, f.column) for f in lint(text) if f.code in CO_CODES]


def test_clean_example_has_no_consent_findings() -> None:
    assert co(EXAMPLE) == []
    assert co(retire_plan()) == []


# -- CO001 opt-out-sync-missing ---------------------------------------------

SYNC_BLOCK_START = "  opt_out_sync:\n"


def without_sync(text: str = EXAMPLE) -> str:
    return cut(text, SYNC_BLOCK_START, "  new_preference_areas:\n")


def with_sync(starts: str = "2025-02-10", ends: str = "2025-04-14", text: str = EXAMPLE) -> str:
    text = mutate(text, "    starts: 2025-02-10\n", f"    starts: {starts}\n")
    return mutate(text, "    ends: 2025-04-14\n", f"    ends: {ends}\n")


def test_co001_sync_missing_points_at_consent() -> None:
    found = lint(without_sync())
    assert at(found, "CO001") == [("error", CONSENT, 3)]
    assert messages(found, "CO001") == [
        "there is a target platform but no `consent.opt_out_sync`; plan how opt-outs recorded "
        "in either platform reach the other while both can send"
    ]


def test_co001_no_consent_section_at_all() -> None:
    text = cut(EXAMPLE, "consent:\n", "testing:\n")
    # the root mapping starts at its first key, after the header comment
    assert at(lint(text), "CO001") == [("error", line_of(text, "migralint: 1"), 1)]


def test_co001_sync_without_window_points_at_the_sync() -> None:
    text = mutate(EXAMPLE, "    starts: 2025-02-10\n", "")
    found = lint(text)
    assert at(found, "CO001") == [("error", SYNC, 5)]
    assert messages(found, "CO001") == [
        "opt-out sync has no `starts`; give the window it runs, from the parallel run "
        "(or first send) to the decommission"
    ]


@pytest.mark.parametrize(
    ("starts", "fires"),
    [
        ("2025-02-18", True),  # the parallel run starts 2025-02-17, the first send 2025-02-18
        ("2025-02-17", False),
        ("2025-02-17T08:00:00+01:00", True),  # a date stands for the start of its day in Berlin
        ("2025-02-16T23:30:00Z", True),  # 00:30 on the 17th in Berlin
        ("2025-02-16T22:30:00Z", False),  # 23:30 on the 16th in Berlin
        ("2025-02-17T00:00:00", False),  # naive: read in Europe/Berlin
    ],
)
def test_co001_sync_starting_too_late(starts: str, fires: bool) -> None:
    assert at(lint(with_sync(starts=starts)), "CO001") == ([("error", STARTS, 13)] if fires else [])


def test_co001_start_message_names_the_earlier_reference() -> None:
    found = lint(with_sync(starts="2025-02-18"))
    assert messages(found, "CO001") == [
        "opt-out sync starts Tuesday 2025-02-18, after the `parallel-run` phase starts "
        "(Monday 2025-02-17), when both platforms can already send; start it by then"
    ]


def test_co001_first_campaign_before_the_parallel_run_sets_the_start() -> None:
    text = mutate(EXAMPLE, "first_campaign: 2025-02-18", "first_campaign: 2025-02-12")
    found = lint(with_sync(starts="2025-02-14", text=text))
    assert at(found, "CO001") == [("error", STARTS, 13)]
    assert "after sending.first_campaign (Wednesday 2025-02-12)" in messages(found, "CO001")[0]


@pytest.mark.parametrize(
    ("ends", "fires"),
    [
        ("2025-04-13", True),  # the decommission starts 2025-04-14
        ("2025-04-14", False),
        ("2025-04-13T23:30:00+02:00", True),  # summer time in Berlin: before 00:00 on the 14th
        ("2025-04-13T22:00:00Z", False),  # 00:00 on the 14th in Berlin (UTC+2)
        ("2025-04-13T23:00:00Z", False),  # 01:00 on the 14th in Berlin
        ("2025-04-13T21:59:00Z", True),
    ],
)
def test_co001_sync_ending_too_early(ends: str, fires: bool) -> None:
    assert at(lint(with_sync(ends=ends)), "CO001") == ([("error", ENDS, 11)] if fires else [])


def test_co001_end_message() -> None:
    found = lint(with_sync(ends="2025-04-13"))
    assert messages(found, "CO001") == [
        "opt-out sync ends Sunday 2025-04-13, before the decommission starts "
        "(Monday 2025-04-14); keep syncing until the legacy is switched off"
    ]


def test_co001_does_not_apply_without_a_target() -> None:
    assert at(lint(without_sync(retire_plan())), "CO001") == []


# -- CO002 opt-out-sync-one-way ---------------------------------------------

DIRECTION = "    direction: bidirectional   # legacy-to-target | target-to-legacy | bidirectional\n"


@pytest.mark.parametrize("direction", ["legacy-to-target", "target-to-legacy"])
def test_co002_one_way_sync(direction: str) -> None:
    text = mutate(EXAMPLE, DIRECTION, f"    direction: {direction}\n")
    found = lint(text)
    assert at(found, "CO002") == [("error", SYNC, 16)]
    assert messages(found, "CO002") == [
        f"opt-out sync direction is {direction}; make it bidirectional so an opt-out in either "
        "platform is honoured by both"
    ]


def test_co002_missing_direction_points_at_the_sync() -> None:
    text = mutate(EXAMPLE, DIRECTION, "")
    found = lint(text)
    assert at(found, "CO002") == [("error", SYNC, 5)]
    assert messages(found, "CO002")[0].startswith("opt-out sync direction is missing;")


def test_co002_passes_bidirectional_and_without_a_target() -> None:
    assert at(lint(EXAMPLE), "CO002") == []
    text = mutate(retire_plan(), DIRECTION, "    direction: legacy-to-target\n")
    assert at(lint(text), "CO002") == []


# -- CO003 opt-out-sync-slow ------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "severity"),
    [
        ("P3D", "error"),
        ("P2DT1H", "error"),
        ("PT49H", "error"),
        ("P2D", "warning"),  # exactly the error threshold: not longer than it
        ("PT48H", "warning"),
        ("PT25H", "warning"),
        ("P1DT1M", "warning"),
        ("P1D", None),  # exactly the warning threshold
        ("PT24H", None),
        ("PT15M", None),
    ],
)
def test_co003_thresholds(frequency: str, severity: str | None) -> None:
    text = mutate(EXAMPLE, "frequency: PT15M", f"frequency: {frequency}")
    expected = [(severity, FREQUENCY, 16)] if severity else []
    assert at(lint(text), "CO003") == expected


def test_co003_messages() -> None:
    text = mutate(EXAMPLE, "frequency: PT15M", "frequency: P3D")
    assert messages(lint(text), "CO003") == [
        "opt-out sync runs every 3 days, longer than 2 days: mailbox providers expect "
        "unsubscribes honoured within two days; sync at least daily, ideally every few minutes"
    ]
    text = mutate(EXAMPLE, "frequency: PT15M", "frequency: PT36H")
    assert messages(lint(text), "CO003") == [
        "opt-out sync runs every 36 hours, longer than 1 day; sync more often (every 15 minutes "
        "is common) so opt-outs are honoured well within two days"
    ]


def test_co003_missing_frequency_is_a_warning_at_the_sync() -> None:
    text = mutate(EXAMPLE, "    frequency: PT15M\n", "")
    assert at(lint(text), "CO003") == [("warning", SYNC, 5)]


def test_co003_thresholds_are_options() -> None:
    eng = Engine(list(rules.bundled_rules()), options={"CO003": {"warn_after": "PT10M"}})
    assert at(lint(EXAMPLE, eng=eng), "CO003") == [("warning", FREQUENCY, 16)]
    eng = Engine(list(rules.bundled_rules()), options={"CO003": {"max": "PT10M"}})
    assert at(lint(EXAMPLE, eng=eng), "CO003") == [("error", FREQUENCY, 16)]


def test_co003_does_not_apply_without_a_target() -> None:
    text = mutate(retire_plan(), "frequency: PT15M", "frequency: P3D")
    assert at(lint(text), "CO003") == []


# -- CO004 suppression-list-not-migrated ------------------------------------

SUPPRESSION_MIGRATE = (
    "      disposition: migrate\n      destination: newcloud\n      export_by: 2025-02-10\n"
)


def test_co004_no_suppression_dataset() -> None:
    text = mutate(EXAMPLE, "      kind: suppression\n", "      kind: other\n")
    found = lint(text)
    # points at the list of datasets
    assert at(found, "CO004") == [("error", line_of(text, "  datasets:") + 1, 5)]
    assert messages(found, "CO004") == [
        "there is a target platform but no dataset of kind `suppression` is migrated to it; "
        "migrate the legacy suppression list (opt-outs, bounces, complaints) so the target "
        "never mails people who opted out"
    ]


def test_co004_suppression_archived_not_migrated() -> None:
    text = mutate(
        EXAMPLE, SUPPRESSION_MIGRATE, "      disposition: archive\n      export_by: 2025-02-10\n"
    )
    assert at(lint(text), "CO004") == [("error", line_of(text, "  datasets:") + 1, 5)]


def test_co004_suppression_migrated_elsewhere() -> None:
    text = mutate(
        EXAMPLE,
        SUPPRESSION_MIGRATE,
        "      disposition: migrate\n      destination: legacymail\n      export_by: 2025-02-10\n",
    )
    found = lint(text)
    assert at(found, "CO004") == [("error", line_of(text, "destination: legacymail"), 20)]
    assert messages(found, "CO004") == [
        "the suppression dataset goes to `legacymail`, not to the target platform (`newcloud`); "
        "migrate it to the target so the target never mails people who opted out"
    ]


def test_co004_without_any_datasets() -> None:
    text = SKELETON + "platforms:\n  target: {id: newcloud}\n"
    assert at(lint(text), "CO004") == [("error", 1, 1)]
    assert at(lint(text + "data: {archive: {retention: P5Y}}\n"), "CO004") == [("error", 6, 7)]


def test_co004_passes_on_the_example_and_without_a_target() -> None:
    assert at(lint(EXAMPLE), "CO004") == []
    text = mutate(retire_plan(), "      kind: suppression\n", "      kind: other\n")
    assert at(lint(text), "CO004") == []


# -- CO005 auto-enroll-without-basis ----------------------------------------

BASIS = "      legitimate_interest: Transactional updates the customer asked for at checkout\n"


def test_co005_auto_enrol_without_legitimate_interest() -> None:
    found = lint(mutate(EXAMPLE, BASIS, ""))
    assert at(found, "CO005") == [("error", ORDER_UPDATES, 7)]
    assert messages(found, "CO005") == [
        "new preference area `order-updates` enrols contacts automatically but states no "
        "`legitimate_interest`; document the legitimate interest, or ask contacts to opt in "
        "instead"
    ]


def test_co005_applies_to_retire_plans_too() -> None:
    text = mutate(retire_plan(), BASIS, "")
    assert at(lint(text), "CO005") == [("error", line_of(text, "- id: order-updates"), 7)]


def test_co005_passes_without_auto_enrolment() -> None:
    # sms-offers has no legitimate interest and does not auto-enrol.
    assert at(lint(EXAMPLE), "CO005") == []
    text = mutate(EXAMPLE, BASIS, "")
    text = mutate(text, "      auto_enroll: true\n", "      auto_enroll: false\n")
    assert at(lint(text), "CO005") == []


# -- CO006 preference-mapping-incomplete ------------------------------------


def test_co006_mapping_incomplete() -> None:
    text = mutate(EXAMPLE, "mapping_complete: true", "mapping_complete: false")
    found = lint(text)
    assert at(found, "CO006") == [("error", MAPPING_COMPLETE, 23)]
    assert messages(found, "CO006") == [
        "the legacy has a preference center but `mapping_complete` is false; map every legacy "
        "channel and topic preference to the target before the cutover, or customers' choices "
        "are lost in the move"
    ]


def test_co006_mapping_not_stated_points_at_the_preference_center() -> None:
    text = mutate(EXAMPLE, "    mapping_complete: true\n", "")
    assert at(lint(text), "CO006") == [("error", PREFERENCE_CENTER, 5)]


def test_co006_passes_without_a_legacy_preference_center_or_a_target() -> None:
    text = mutate(EXAMPLE, "mapping_complete: true", "mapping_complete: false")
    assert at(lint(mutate(text, "    legacy: true\n", "    legacy: false\n")), "CO006") == []
    assert at(lint(retire_plan(text)), "CO006") == []
    assert at(lint(EXAMPLE), "CO006") == []


# -- CO007 suppression-after-first-send -------------------------------------


def suppression_export(export_by: str, first_campaign: str = "2025-02-18") -> str:
    text = mutate(EXAMPLE, "export_by: 2025-02-10", f"export_by: {export_by}")
    return mutate(text, "first_campaign: 2025-02-18", f"first_campaign: {first_campaign}")


@pytest.mark.parametrize(
    ("export_by", "first_campaign", "fires"),
    [
        ("2025-02-19", "2025-02-18", True),
        ("2025-02-18", "2025-02-18", False),  # two dates: the same day is not after
        ("2025-02-18", "2025-02-18T09:00:00+01:00", False),  # a date is the start of its day
        ("2025-02-19", "2025-02-18T09:00:00+01:00", True),
        ("2025-02-19", "2025-02-18T23:30:00Z", False),  # 00:30 on the 19th in Berlin
        ("2025-02-19", "2025-02-18T22:30:00Z", True),  # 23:30 on the 18th in Berlin
        ("2025-02-19", "2025-02-19T00:00:00", False),  # naive: midnight in Berlin
    ],
)
def test_co007_export_after_the_first_send(
    export_by: str, first_campaign: str, fires: bool
) -> None:
    found = lint(suppression_export(export_by, first_campaign))
    assert at(found, "CO007") == ([("error", SUPPRESSION_EXPORT, 18)] if fires else [])


def test_co007_message() -> None:
    found = lint(suppression_export("2025-02-19", "2025-02-18T22:30:00Z"))
    assert messages(found, "CO007") == [
        "suppression dataset `suppression-list` is exported by Wednesday 2025-02-19, after "
        "the first campaign from the target (Tuesday 2025-02-18 23:30 Europe/Berlin); that "
        "send would reach people who opted out: export and load the suppression list before "
        "the first send"
    ]


def test_co007_missing_export_by_is_a_warning() -> None:
    text = mutate(EXAMPLE, "      export_by: 2025-02-10\n", "")
    assert at(lint(text), "CO007") == [("warning", SUPPRESSION, 7)]
    # Without a first campaign there is nothing to be late for.
    text = mutate(text, "  first_campaign: 2025-02-18\n", "")
    assert at(lint(text), "CO007") == []


def test_co007_only_migrated_suppression_and_only_with_a_target() -> None:
    text = suppression_export("2025-02-19")
    archived = mutate(
        text,
        "      disposition: migrate\n      destination: newcloud\n      export_by: 2025-02-19\n",
        "      disposition: archive\n      export_by: 2025-02-19\n",
    )
    assert at(lint(archived), "CO007") == []
    assert at(lint(retire_plan(text)), "CO007") == []


# -- robustness and the findings example ------------------------------------


def test_skeleton_plan_has_no_consent_findings() -> None:
    assert co(SKELETON) == []


WRONG_TYPES = SKELETON + "platforms: {target: {id: newcloud}}\n"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        # A list where the consent mapping is expected, a string where the datasets are.
        (
            "consent: [x]\ndata: {datasets: suppression}\n",
            [("CO001", "error", 5, 10), ("CO004", "error", 6, 18)],
        ),
        # A list where the sync mapping is expected: it has none of the sync's fields.
        (
            "consent: {preference_center: [legacy], opt_out_sync: [bidirectional], "
            "new_preference_areas: x}\ndata: [x]\nsending: [2025-02-18]\n",
            [
                ("CO001", "error", 5, 54),  # no `ends`
                ("CO001", "error", 5, 54),  # no `starts`
                ("CO002", "error", 5, 54),
                ("CO003", "warning", 5, 54),
                ("CO004", "error", 6, 7),
            ],
        ),
        (
            "consent: {preference_center: {legacy: [true], mapping_complete: [1]}, "
            "opt_out_sync: {direction: [x], frequency: 3, starts: [1], ends: {a: 1}}, "
            "new_preference_areas: [x, [1], {id: a, auto_enroll: [true]}]}\n"
            "data: {datasets: [x, {id: s, kind: suppression, disposition: migrate, "
            "destination: [newcloud], export_by: 5}]}\nsending: {first_campaign: [1]}\n",
            [("CO002", "error", 5, 97)],
        ),
    ],
)
def test_wrong_types_do_not_crash(section: str, expected: list[tuple[str, str, int, int]]) -> None:
    found = lint(WRONG_TYPES + section)
    assert "SC001" in {f.code for f in found}
    assert co(WRONG_TYPES + section) == expected


def test_findings_example_shows_every_consent_rule() -> None:
    text = (ROOT / "examples" / "findings" / "consent.yaml").read_text(encoding="utf-8")
    found = co(text)
    assert sorted({code for code, *_ in found}) == CO_CODES
    assert [(code, severity) for code, severity, *_ in found] == [
        ("CO004", "error"),
        ("CO007", "error"),
        ("CO006", "error"),
        ("CO002", "error"),
        ("CO003", "warning"),
        ("CO001", "error"),
        ("CO005", "error"),
    ]
