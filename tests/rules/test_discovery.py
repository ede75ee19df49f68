"""DI001-DI010: discovery and inventory, at exact positions."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, ROOT, at, line_of, lint, messages, mutate

DI_CODES = [f"DI{n:03d}" for n in range(1, 11)]
SKELETON = "migralint: 1\nplan: {name: x}\ntimeline: {}\n"
DISCOVERY = line_of(EXAMPLE, "discovery:")  # its first key, `interviews`, is on the next line


def cut(text: str, start: str, end: str) -> str:
    """``text`` without the lines from ``start`` up to (not including) ``end``;
    both begin a line and occur exactly once."""
    assert text.count(start) == 1 and text.count(end) == 1
    head, rest = text.split(start, 1)
    return head + end + rest.split(end, 1)[1]


def di(text: str) -> list[tuple[str, str, int, int]]:
    """(code, severity, line, column) of every DI finding."""
    return [(f.code, f.severity, f.line, f.column) for f in lint(text) if f.code in DI_CODES]


TARGET_BLOCK = (
    "  target:\n"
    "    id: newcloud\n"
    "    name: NewCloud Messaging\n"
    "    category: esp\n"
    "    contract:\n"
    "      starts: 2024-05-01\n"
    "    retention: P10Y            # how long the target platform keeps data it holds\n"
)


def retire_plan(text: str = EXAMPLE) -> str:
    """``text`` as a retirement without replacement (no target platform)."""
    text = mutate(text, "kind: consolidate ", "kind: retire ")
    return mutate(text, TARGET_BLOCK, "")


def test_the_clean_example_has_no_di_finding() -> None:
    assert di(EXAMPLE) == []


# -- DI001 integrations-not-inventoried ---------------------------------------


def test_di001_missing_integrations_points_at_discovery() -> None:
    text = cut(EXAMPLE, "  integrations:\n", "  manual_processes:\n")
    found = lint(text)
    assert at(found, "DI001") == [("error", DISCOVERY + 1, 3)]
    assert messages(found, "DI001") == [
        "`discovery.integrations` is missing; inventory every system that calls the legacy "
        "tools' APIs or uses their exports, with its owner and disposition"
    ]


def test_di001_empty_list_points_at_the_list() -> None:
    text = cut(EXAMPLE, "  integrations:\n", "  manual_processes:\n")
    text = mutate(text, "  manual_processes:\n", "  integrations: []\n  manual_processes:\n")
    found = lint(text)
    assert at(found, "DI001") == [("error", line_of(text, "integrations: []"), 17)]
    assert messages(found, "DI001")[0].startswith("`discovery.integrations` is empty;")


def test_di001_no_discovery_section_at_all() -> None:
    text = cut(EXAMPLE, "discovery:\n", "data:\n")
    assert at(lint(text), "DI001") == [("error", 5, 1)]


def test_di001_applies_to_a_retirement_too() -> None:
    text = retire_plan(cut(EXAMPLE, "  integrations:\n", "  manual_processes:\n"))
    assert at(lint(text), "DI001") == [("error", DISCOVERY - 6, 3)]


def test_di001_passes_with_integrations() -> None:
    assert at(lint(EXAMPLE), "DI001") == []
    assert at(lint(retire_plan()), "DI001") == []


# -- DI002 owner-missing ------------------------------------------------------


def test_di002_integration_without_owner() -> None:
    text = mutate(EXAMPLE, "      owner: Loyalty squad\n", "")
    found = lint(text)
    assert at(found, "DI002") == [("error", line_of(text, "- id: loyalty-signups"), 7)]
    assert messages(found, "DI002") == [
        "integration `loyalty-signups` has no `owner`; name the person or team to agree its "
        "move with and to call at cutover"
    ]


def test_di002_manual_process_without_owner() -> None:
    text = mutate(EXAMPLE, "      owner: Finance analytics team\n", "")
    found = lint(text)
    assert at(found, "DI002") == [("error", line_of(text, "- id: weekly-finance-report"), 7)]
    assert messages(found, "DI002")[0].startswith("manual process `weekly-finance-report` has")


def test_di002_flow_style_item() -> None:
    text = mutate(
        EXAMPLE,
        "  manual_processes:\n    - id: weekly-finance-report\n",
        "  manual_processes:\n    - {id: list-upload, disposition: retire}\n"
        "    - id: weekly-finance-report\n",
    )
    assert at(lint(text), "DI002") == [("error", line_of(text, "list-upload"), 7)]


def test_di002_passes_when_every_item_has_an_owner() -> None:
    assert at(lint(EXAMPLE), "DI002") == []


# -- DI003 disposition-missing ------------------------------------------------


def test_di003_integration_without_disposition() -> None:
    text = mutate(EXAMPLE, "owner: Marketing Operations\n      disposition: retire\n", "owner: x\n")
    found = lint(text)
    assert at(found, "DI003") == [("error", line_of(text, "- id: sms-gateway"), 7)]
    assert messages(found, "DI003") == [
        "integration `sms-gateway` has no `disposition`; decide whether it is migrated, "
        "replaced or retired"
    ]


def test_di003_workflow_without_disposition() -> None:
    text = mutate(
        EXAMPLE,
        "kind: ruleset\n      disposition: migrate\n    - id: rfv-scoring",
        "kind: ruleset\n    - id: rfv-scoring",
    )
    found = lint(text)
    assert at(found, "DI003") == [("error", line_of(text, "- id: country-language-rules"), 7)]
    assert messages(found, "DI003")[0].startswith("workflow `country-language-rules` has no")


def test_di003_manual_process_without_disposition() -> None:
    text = mutate(
        EXAMPLE,
        "      disposition: replace\n      target: BI revenue dashboard\n",
        "      target: BI revenue dashboard\n",
    )
    assert at(lint(text), "DI003") == [("error", line_of(text, "- id: weekly-finance-report"), 7)]


def test_di003_migrated_integration_without_target() -> None:
    text = mutate(
        EXAMPLE,
        "      target: newcloud\n    - id: ecommerce-events",
        "    - id: ecommerce-events",
    )
    found = lint(text)
    assert at(found, "DI003") == [("error", line_of(text, "- id: crm-sync"), 7)]
    assert messages(found, "DI003") == [
        "integration `crm-sync` is to be migrated but has no `target`; name the platform or "
        "system it moves to"
    ]


def test_di003_replaced_integration_and_manual_process_without_target() -> None:
    text = mutate(EXAMPLE, "      target: NewCloud warehouse connector\n", "")
    text = mutate(text, "      target: BI revenue dashboard\n", "")
    found = lint(text)
    assert at(found, "DI003") == [
        ("error", line_of(text, "- id: campaign-stats-export"), 7),
        ("error", line_of(text, "- id: weekly-finance-report"), 7),
    ]
    assert messages(found, "DI003") == [
        "integration `campaign-stats-export` is to be replaced but has no `target`; name the "
        "platform or system that replaces it",
        "manual process `weekly-finance-report` is to be replaced but has no `target`; name the "
        "platform or system that replaces it",
    ]


def test_di003_retired_items_and_workflows_need_no_target() -> None:
    # sms-gateway (retire) has no target in the clean example; workflows have no target field.
    text = mutate(
        EXAMPLE,
        "      disposition: replace\n      target: BI revenue dashboard\n",
        "      disposition: retire\n",
    )
    assert at(lint(text), "DI003") == []
    assert at(lint(EXAMPLE), "DI003") == []


# -- DI004 manual-processes-not-inventoried -----------------------------------


def test_di004_absent_list() -> None:
    text = cut(EXAMPLE, "  manual_processes:\n", "  workflows:\n")
    found = lint(text)
    assert at(found, "DI004") == [("warning", DISCOVERY + 1, 3)]
    assert messages(found, "DI004") == [
        "`discovery.manual_processes` is missing; ask the teams around the tool what they do by "
        "hand with its data (reports exported and pasted elsewhere, lists moved by hand) and "
        "list it, or write `manual_processes: []` if you looked and found none"
    ]


def test_di004_null_counts_as_absent() -> None:
    text = cut(EXAMPLE, "  manual_processes:\n", "  workflows:\n")
    text = mutate(text, "  workflows:\n", "  manual_processes:\n  workflows:\n")
    assert at(lint(text), "DI004") == [("warning", line_of(text, "manual_processes:"), 20)]


def test_di004_explicit_empty_list_passes() -> None:
    text = cut(EXAMPLE, "  manual_processes:\n", "  workflows:\n")
    text = mutate(text, "  workflows:\n", "  manual_processes: []\n  workflows:\n")
    assert at(lint(text), "DI004") == []
    assert at(lint(EXAMPLE), "DI004") == []


# -- DI005 no-discovery-interviews --------------------------------------------


def test_di005_missing_interviews() -> None:
    text = cut(EXAMPLE, "  interviews:\n", "  integrations:\n")
    found = lint(text)
    assert at(found, "DI005") == [("warning", DISCOVERY + 1, 3)]
    assert messages(found, "DI005")[0].startswith("`discovery.interviews` is missing;")


def test_di005_empty_interviews() -> None:
    text = cut(EXAMPLE, "  interviews:\n", "  integrations:\n")
    text = mutate(text, "  integrations:\n", "  interviews: []\n  integrations:\n")
    found = lint(text)
    assert at(found, "DI005") == [("warning", DISCOVERY + 1, 15)]
    assert messages(found, "DI005") == [
        "`discovery.interviews` is empty; interview everyone who touches the tool (data and "
        "creative teams, whoever presses Send, the original implementers) and list them"
    ]


def test_di005_passes_with_interviews() -> None:
    assert at(lint(EXAMPLE), "DI005") == []


# -- DI006 always-on-switch-unplanned -----------------------------------------

WELCOME_OFF = "switch_off_legacy: 2025-03-11T10:00:00+01:00\n"
WELCOME_ON = "switch_on_target: 2025-03-11T10:00:00+01:00\n"
WELCOME_ON_LINE = line_of(EXAMPLE, WELCOME_ON.strip())


def welcome(off: str | None = None, on: str | None = None, text: str = EXAMPLE) -> str:
    """The example with the welcome journey's switch moments replaced."""
    if off is not None:
        text = mutate(text, WELCOME_OFF, f"switch_off_legacy: {off}\n")
    if on is not None:
        text = mutate(text, WELCOME_ON, f"switch_on_target: {on}\n")
    return text


def test_di006_missing_switch_on_target() -> None:
    text = mutate(EXAMPLE, "      " + WELCOME_ON, "")
    found = lint(text)
    assert at(found, "DI006") == [("error", line_of(text, "- id: welcome-journey"), 7)]
    assert messages(found, "DI006") == [
        "always-on workflow `welcome-journey` is being migrated but has no `switch_on_target`; "
        "plan the moment it switches off in the legacy and on in the target, with no gap "
        "between them"
    ]


def test_di006_missing_both_moments_gives_one_finding_each() -> None:
    text = mutate(EXAMPLE, "      " + WELCOME_OFF + "      " + WELCOME_ON, "")
    found = lint(text)
    line = line_of(text, "- id: welcome-journey")
    assert at(found, "DI006") == [("error", line, 7), ("error", line, 7)]
    assert [m.split("`")[3] for m in messages(found, "DI006")] == [
        "switch_off_legacy",
        "switch_on_target",
    ]


def test_di006_replace_counts_as_being_migrated() -> None:
    text = mutate(
        EXAMPLE,
        "always_on: true\n      disposition: migrate\n      " + WELCOME_OFF,
        "always_on: true\n      disposition: replace\n",
    )
    assert at(lint(text), "DI006") == [("error", line_of(text, "- id: welcome-journey"), 7)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "always_on: true\n      disposition: migrate\n      " + WELCOME_OFF,
            "always_on: true\n      disposition: retire\n",
        ),
        (
            "always_on: true\n      disposition: migrate\n      " + WELCOME_OFF,
            "always_on: false\n      disposition: migrate\n",
        ),
        (
            "always_on: true\n      disposition: migrate\n      " + WELCOME_OFF,
            "disposition: migrate\n",
        ),
    ],
)
def test_di006_ignores_retired_and_not_always_on_workflows(old: str, new: str) -> None:
    text = mutate(EXAMPLE, old, new)
    assert at(lint(text), "DI006") == []


def test_di006_gap_message_in_the_plans_zone() -> None:
    found = lint(welcome(on="2025-03-11T09:30:00Z"))  # 10:30 in Berlin
    assert at(found, "DI006") == [("error", WELCOME_ON_LINE, 25)]
    assert messages(found, "DI006") == [
        "always-on workflow `welcome-journey` switches on in the target Tuesday 2025-03-11 10:30 "
        "Europe/Berlin, 30 minutes after it switches off in the legacy at "
        "Tuesday 2025-03-11 10:00 Europe/Berlin; customers who enter it in between get "
        "nothing: switch it on in the target no later than the switch-off"
    ]


@pytest.mark.parametrize(
    ("off", "on", "fires"),
    [
        # the same instant written with different offsets: no gap
        ("2025-03-11T10:00:00+01:00", "2025-03-11T09:00:00Z", False),
        ("2025-03-11T10:00:00+01:00", "2025-03-11T04:00:00-05:00", False),
        # naive date-times are read in Europe/Berlin
        ("2025-03-11T10:00:00+01:00", "2025-03-11T10:00:00", False),
        ("2025-03-11T09:00:00Z", "2025-03-11T10:01:00", True),
        ("2025-03-11T10:00:00", "2025-03-11T09:01:00Z", True),
        # switching on before switching off (an overlap) is not this rule's business
        ("2025-03-11T10:00:00+01:00", "2025-03-10T10:00:00+01:00", False),
        # summer time: a naive 10:00 on 30 March 2025 is 08:00Z, not 09:00Z
        ("2025-03-30T10:00:00", "2025-03-30T08:30:00Z", True),
        ("2025-03-30T10:00:00", "2025-03-30T08:00:00Z", False),
        # a date stands for the start of that day in Berlin (23:00Z the day before)
        ("2025-03-11", "2025-03-10T23:00:00Z", False),
        ("2025-03-11", "2025-03-10T23:30:00Z", True),
        ("2025-03-11", "2025-03-11T00:00:00+01:00", False),
        ("2025-03-11T00:00:00+01:00", "2025-03-11", False),
        ("2025-03-10T23:59:00+01:00", "2025-03-11", True),
        # two dates compare as calendar days
        ("2025-03-11", "2025-03-11", False),
        ("2025-03-11", "2025-03-12", True),
    ],
)
def test_di006_order_read_as_instants(off: str, on: str, fires: bool) -> None:
    expected = [("error", WELCOME_ON_LINE, 25)] if fires else []
    assert at(lint(welcome(off, on)), "DI006") == expected


def test_di006_zone_changes_the_verdict() -> None:
    def in_new_york(text: str) -> str:
        return mutate(text, "timezone: Europe/Berlin", "timezone: America/New_York")

    # New York is on summer time (UTC-4) from 9 March 2025: naive 05:00 there is 09:00Z,
    # the switch-off instant; naive 06:00 is an hour after it.
    text = welcome(on="2025-03-11T05:00:00")
    assert at(lint(text), "DI006") == []  # in Berlin, 05:00 is before the 10:00 switch-off
    assert at(lint(in_new_york(text)), "DI006") == []
    text = welcome(on="2025-03-11T06:00:00")
    assert at(lint(text), "DI006") == []
    found = lint(in_new_york(text))
    assert at(found, "DI006") == [("error", WELCOME_ON_LINE, 25)]
    assert "Tuesday 2025-03-11 06:00 America/New_York, 1 hour after" in messages(found, "DI006")[0]


def test_di006_dates_gap_in_days() -> None:
    found = lint(welcome("2025-03-11", "2025-03-13"))
    assert (
        "Thursday 2025-03-13, 2 days after it switches off in the legacy at Tuesday 2025-03-11"
        in (messages(found, "DI006")[0])
    )


def test_di006_passes_on_the_example() -> None:
    assert at(lint(EXAMPLE), "DI006") == []


# -- DI007 assets-not-audited -------------------------------------------------

ASSETS = line_of(EXAMPLE, "hosted_in_platform: true")


def test_di007_count_missing() -> None:
    text = mutate(EXAMPLE, "    count: 1450\n", "")
    found = lint(text)
    assert at(found, "DI007") == [("warning", ASSETS, 5)]
    assert messages(found, "DI007") == [
        "assets are hosted in the legacy platform but `discovery.assets.count` is missing; "
        "audit them (how many there are, where they will be exported) before the move"
    ]


def test_di007_both_missing() -> None:
    text = mutate(EXAMPLE, "    count: 1450\n    export_to: Digital asset management library\n", "")
    found = lint(text)
    assert at(found, "DI007") == [("warning", ASSETS, 5), ("warning", ASSETS, 5)]
    assert "`discovery.assets.export_to` is missing" in messages(found, "DI007")[1]


def test_di007_passes_when_not_hosted_or_audited() -> None:
    text = mutate(
        EXAMPLE,
        "    hosted_in_platform: true\n    count: 1450\n",
        "    hosted_in_platform: false\n",
    )
    assert at(lint(text), "DI007") == []
    assert at(lint(EXAMPLE), "DI007") == []


def test_di007_applies_to_a_retirement_too() -> None:
    text = retire_plan(mutate(EXAMPLE, "    export_to: Digital asset management library\n", ""))
    assert at(lint(text), "DI007") == [("warning", ASSETS - 7, 5)]


# -- DI008 etl-without-target -------------------------------------------------


def test_di008_etl_job_without_target() -> None:
    text = mutate(EXAMPLE, "      target: Customer data platform\n", "")
    found = lint(text)
    assert at(found, "DI008") == [("warning", line_of(text, "- id: nightly-lead-dedupe"), 7)]
    assert messages(found, "DI008") == [
        "ETL job `nightly-lead-dedupe` has no `target`; decide which system takes it over (not "
        "necessarily the new platform: a data warehouse or integration layer may fit better)"
    ]


def test_di008_passes_with_a_target() -> None:
    assert at(lint(EXAMPLE), "DI008") == []


# -- DI009 playbook-missing ---------------------------------------------------


def test_di009_is_info_at_the_plan_mapping() -> None:
    text = mutate(
        EXAMPLE, "  playbook: https://wiki.northwind.example/martech/esp-consolidation\n", ""
    )
    found = lint(text)
    assert at(found, "DI009") == [("info", line_of(EXAMPLE, "name: Northwind ESP"), 3)]
    assert messages(found, "DI009") == [
        "`plan.playbook` is missing; link the discovery documentation (integrations, what "
        "moves and what does not, the order of moving)"
    ]


def test_di009_passes_with_a_playbook() -> None:
    assert at(lint(EXAMPLE), "DI009") == []


# -- DI010 cms-integration-unverified -----------------------------------------


def test_di010_unverified_cms() -> None:
    text = mutate(EXAMPLE, "third_party_cms: none", "third_party_cms: Contentful")
    found = lint(text)
    assert at(found, "DI010") == [("warning", ASSETS, 5)]
    assert messages(found, "DI010") == [
        "a third-party CMS serves content to the tool but `integration_verified` is missing; "
        "confirm the CMS integrates with the target platform (before signing) and set it to true"
    ]


def test_di010_verified_false_points_at_the_value() -> None:
    text = mutate(
        EXAMPLE,
        "third_party_cms: none\n",
        "third_party_cms: Contentful\n    integration_verified: false\n",
    )
    found = lint(text)
    assert at(found, "DI010") == [("warning", line_of(text, "integration_verified"), 27)]
    assert "`integration_verified` is false;" in messages(found, "DI010")[0]


@pytest.mark.parametrize(
    "cms",
    [
        "third_party_cms: none\n",
        "third_party_cms: None\n",
        "third_party_cms: Contentful\n    integration_verified: true\n",
    ],
)
def test_di010_passes(cms: str) -> None:
    text = mutate(EXAMPLE, "third_party_cms: none\n", cms)
    assert at(lint(text), "DI010") == []


def test_di010_needs_a_target_platform() -> None:
    text = retire_plan(mutate(EXAMPLE, "third_party_cms: none", "third_party_cms: Contentful"))
    assert at(lint(text), "DI010") == []


# -- robustness and documentation ----------------------------------------------


def test_skeleton_plan() -> None:
    assert di(SKELETON) == [
        ("DI001", "error", 1, 1),  # `discovery` is missing: DI004 and DI005 stay silent
        ("DI009", "info", 2, 7),
    ]


@pytest.mark.parametrize(
    "discovery",
    [
        "discovery: just a string\n",
        "discovery: [interviews, integrations]\n",
        "discovery:\n  interviews: Ana\n  integrations: crm-sync\n  manual_processes: {a: 1}\n"
        "  workflows: welcome\n  assets: [hosted_in_platform]\n  etl: 5\n",
        "discovery:\n  interviews: [Ana, 3]\n  integrations: [crm-sync, [1], 7]\n"
        "  manual_processes: [null]\n  etl: [nightly]\n"
        "  workflows:\n    - [welcome]\n    - {id: w, always_on: 'yes', disposition: migrate}\n"
        "    - {id: v, always_on: true, disposition: [migrate],"
        " switch_off_legacy: 12, switch_on_target: [2025-03-11]}\n"
        "    - {id: u, always_on: true, disposition: migrate,"
        " switch_off_legacy: not a date, switch_on_target: 2025-13-45}\n"
        "  assets: {hosted_in_platform: 'true', third_party_cms: [Contentful]}\n",
    ],
)
def test_wrong_types_raise_nothing(discovery: str) -> None:
    text = "migralint: 1\nplan: {name: x, playbook: [a]}\nplatforms: {target: {id: t}}\n"
    text += "timeline: {}\n" + discovery
    found = lint(text)  # no InternalError
    assert all(f.line >= 1 and f.column >= 1 for f in found)


def test_wrong_types_findings() -> None:
    text = (
        "migralint: 1\nplan: {name: x}\ntimeline: {}\n"
        "discovery:\n"
        "  interviews: [{name: Ana}]\n"
        "  manual_processes: []\n"
        "  integrations: [crm-sync]\n"  # a string item: it has no owner nor disposition
        "  workflows:\n"
        "    - {id: v, always_on: true, disposition: migrate,"
        " switch_off_legacy: 12, switch_on_target: not a date}\n"
    )
    assert di(text) == [
        ("DI009", "info", 2, 7),
        ("DI002", "error", 7, 18),
        ("DI003", "error", 7, 18),
    ]


def test_findings_example() -> None:
    text = (ROOT / "examples" / "findings" / "discovery.yaml").read_text(encoding="utf-8")
    assert di(text) == [
        ("DI009", "info", line_of(text, "name: Northwind ESP"), 3),
        ("DI003", "error", line_of(text, "- id: campaign-stats-export"), 7),
        ("DI002", "error", line_of(text, "- id: loyalty-signups"), 7),
        ("DI006", "error", line_of(text, "switch_on_target: 2025-03-11T11:00"), 25),
        ("DI007", "warning", line_of(text, "hosted_in_platform: true"), 5),
        ("DI010", "warning", line_of(text, "hosted_in_platform: true"), 5),
        ("DI008", "warning", line_of(text, "- id: nightly-lead-dedupe"), 7),
    ]
