"""DA001-DA008: data and retention, at exact positions."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, ROOT, at, line_of, lint, messages, mutate
from migralint import rules
from migralint.engine import Engine

DA_CODES = [f"DA{n:03d}" for n in range(1, 9)]
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

# The datasets of the clean example, by the line of their `- id:`.
SUBSCRIBERS = line_of(EXAMPLE, "- id: subscribers")
ENGAGEMENT = line_of(EXAMPLE, "- id: engagement-history")
SUPPRESSION = line_of(EXAMPLE, "- id: suppression-list")
CONSENT_RECORDS = line_of(EXAMPLE, "- id: sms-consent-records")
REPORTS = line_of(EXAMPLE, "- id: campaign-reports")
RETIRED = line_of(EXAMPLE, "- id: retired-test-lists")
TEST_LISTS = line_of(EXAMPLE, "- id: retired-test-lists")
# `export_by: 2025-05-09` lines (the value is at column 18).
EXPORTS_0509 = [line_of(EXAMPLE, "export_by: 2025-05-09", n) for n in range(1, 5)]


def retire_plan(text: str = EXAMPLE) -> str:
    """``text`` as a retirement without replacement (no target platform)."""
    text = mutate(text, "kind: consolidate ", "kind: retire ")
    return mutate(text, TARGET_BLOCK, "")


def cut(text: str, start: str, end: str) -> str:
    """``text`` without the lines from ``start`` up to (not including) ``end``."""
    assert text.count(start) == 1 and text.count(end) == 1
    head, rest = text.split(start, 1)
    return head + end + rest.split(end, 1)[1]


def with_options(code: str, **options: object) -> Engine:
    return Engine(list(rules.bundled_rules()), options={code: options})


def da(text: str) -> list[tuple[str, str, int, int]]:
    """(code, severity, line, column) of every DA finding."""
    return [(f.code, f.severity, f.line, f.column) for f in lint(text) if f.code in DA_CODES]


def test_clean_example_has_no_data_findings() -> None:
    assert da(EXAMPLE) == []
    assert da(retire_plan()) == []


# -- DA001 dataset-disposition-incomplete -----------------------------------


def test_da001_missing_disposition_points_at_the_dataset() -> None:
    text = mutate(EXAMPLE, "      disposition: migrate     # migrate | archive | delete\n", "")
    found = lint(text)
    assert at(found, "DA001") == [("error", SUBSCRIBERS, 7)]
    assert messages(found, "DA001") == [
        "dataset `subscribers` has no `disposition`; say whether it is migrated, archived or "
        "deleted: whatever is left in the legacy tool is gone once the vendor switches it off"
    ]


def test_da001_migrate_without_destination() -> None:
    text = mutate(
        EXAMPLE,
        "      destination: newcloud\n      export_by: 2025-02-10\n",
        "      export_by: 2025-02-10\n",
    )
    found = lint(text)
    assert at(found, "DA001") == [("error", SUPPRESSION, 7)]
    assert messages(found, "DA001") == [
        "dataset `suppression-list` is migrated but has no `destination`; "
        "name the platform it moves to"
    ]


def test_da001_archive_without_an_archive_is_reported_at_data_per_dataset() -> None:
    text = cut(EXAMPLE, "  archive:\n", "\nconsent:\n")
    found = lint(text)
    # `data:` holds `datasets` on the next line: the mapping starts there.
    assert at(found, "DA001") == [("error", line_of(text, "data:") + 1, 3)] * 2
    assert sorted(messages(found, "DA001")) == [
        f"dataset `{name}` is archived but the plan has no `data.archive`; "
        "say where archived data is kept (location, retention, access)"
        for name in ("campaign-reports", "sms-consent-records")
    ]


def test_da001_delete_without_justification() -> None:
    text = mutate(
        EXAMPLE, "      justification: Seed and test addresses with no business or legal need\n", ""
    )
    assert at(lint(text), "DA001") == [("error", TEST_LISTS, 7)]


def test_da001_applies_to_retire_plans() -> None:
    text = mutate(
        retire_plan(),
        "      justification: Seed and test addresses with no business or legal need\n",
        "",
    )
    assert at(lint(text), "DA001") == [("error", line_of(text, "- id: retired-test-lists"), 7)]


def test_da001_passes_with_every_fate_complete() -> None:
    assert at(lint(EXAMPLE), "DA001") == []


# -- DA002 retention-not-covered --------------------------------------------

CONSENT_RETENTION = "        required: P4Y\n"
CONSENT_RETENTION_LINE = line_of(EXAMPLE, "required: P4Y")


@pytest.mark.parametrize(("required", "fires"), [("P7Y", True), ("P61M", True), ("P60M", False)])
def test_da002_archive_keeps_data_too_briefly(required: str, fires: bool) -> None:
    text = mutate(EXAMPLE, CONSENT_RETENTION, f"        required: {required}\n")
    expected = [("error", CONSENT_RETENTION_LINE, 19)] if fires else []
    assert at(lint(text), "DA002") == expected


def test_da002_message_names_both_periods() -> None:
    text = mutate(EXAMPLE, CONSENT_RETENTION, "        required: P7Y\n")
    assert messages(lint(text), "DA002") == [
        "dataset `sms-consent-records` must be kept 7 years, but the archive keeps data 5 years "
        "(data.archive.retention); extend the archive's retention or archive it elsewhere"
    ]


SUBSCRIBERS_VERIFICATION = (
    "      verification: Record counts and 1,000 sampled profiles reconciled field by field\n"
)


def test_da002_migrated_data_kept_longer_than_the_target_keeps_it() -> None:
    text = mutate(
        EXAMPLE,
        SUBSCRIBERS_VERIFICATION,
        SUBSCRIBERS_VERIFICATION + "      retention: {required: P12Y}\n",
    )
    assert at(lint(text), "DA002") == [("error", line_of(text, "P12Y"), 29)]
    # P120M is the target's P10Y on the calendar.
    text = mutate(text, "{required: P12Y}", "{required: P120M}")
    assert at(lint(text), "DA002") == []


def test_da002_migrated_data_without_target_retention_is_not_checked() -> None:
    text = mutate(
        EXAMPLE,
        SUBSCRIBERS_VERIFICATION,
        SUBSCRIBERS_VERIFICATION + "      retention: {required: P12Y}\n",
    )
    text = mutate(
        text,
        "    retention: P10Y            # how long the target platform keeps data it holds\n",
        "",
    )
    assert at(lint(text), "DA002") == []


def test_da002_deleting_data_that_must_be_kept() -> None:
    text = mutate(
        EXAMPLE,
        "      disposition: delete\n",
        "      disposition: delete\n      retention: {required: P1Y}\n",
    )
    found = lint(text)
    assert at(found, "DA002") == [("error", line_of(text, "{required: P1Y}"), 29)]
    assert messages(found, "DA002") == [
        "dataset `retired-test-lists` is to be deleted but must be kept 1 year; "
        "archive it instead of deleting it"
    ]


def test_da002_passes_on_the_example() -> None:
    assert at(lint(EXAMPLE), "DA002") == []


# -- DA003 regulated-retention-unstated -------------------------------------


def in_industry(industry: str, text: str = EXAMPLE) -> str:
    return mutate(text, "industry: retail ", f"industry: {industry} ")


def test_da003_regulated_personal_data_without_retention() -> None:
    found = lint(in_industry("financial-services"))
    # subscribers, engagement-history and suppression-list hold personal data and state
    # no retention; the consent records and reports state theirs; the test lists are
    # deleted without saying how long they had to be kept (`required: P0D` would).
    assert at(found, "DA003") == [
        ("error", SUBSCRIBERS, 7),
        ("error", ENGAGEMENT, 7),
        ("error", SUPPRESSION, 7),
        ("error", RETIRED, 7),
    ]
    assert messages(found, "DA003")[0] == (
        "dataset `subscribers` holds personal data and the plan's industry is regulated, but it "
        "states no `retention.required`; state how long it must be kept, and why (`basis`), so "
        "that where it goes can be checked against it"
    )


def test_da003_reports_without_personal_data_are_in_scope() -> None:
    text = in_industry(
        "healthcare",
        mutate(
            EXAMPLE,
            "      retention:\n        required: P3Y\n        basis: Internal reporting policy\n",
            "",
        ),
    )
    found = lint(text)
    assert at(found, "DA003") == [
        ("error", SUBSCRIBERS, 7),
        ("error", ENGAGEMENT, 7),
        ("error", SUPPRESSION, 7),
        ("error", REPORTS, 7),
        ("error", line_of(text, "- id: retired-test-lists"), 7),
    ]
    assert messages(found, "DA003")[3].startswith(
        "dataset `campaign-reports` holds consent records or reports and the plan's industry "
        "is regulated"
    )


def test_da003_retention_without_required_points_at_the_retention_mapping() -> None:
    text = in_industry("insurance", mutate(EXAMPLE, CONSENT_RETENTION, ""))
    assert at(lint(text), "DA003") == [
        ("error", SUBSCRIBERS, 7),
        ("error", ENGAGEMENT, 7),
        ("error", SUPPRESSION, 7),
        ("error", CONSENT_RETENTION_LINE, 9),
        ("error", line_of(text, "- id: retired-test-lists"), 7),
    ]


@pytest.mark.parametrize("industry", ["retail", "education", "other"])
def test_da003_passes_outside_regulated_industries(industry: str) -> None:
    text = EXAMPLE if industry == "retail" else in_industry(industry)
    assert at(lint(text), "DA003") == []


def test_da003_passes_when_every_dataset_states_its_retention() -> None:
    text = in_industry("public-sector")
    for verification in (
        SUBSCRIBERS_VERIFICATION,
        "      verification: Open, click and unsubscribe counts per month reconciled\n",
        "      verification: Every address re-checked against the target's suppression API\n",
    ):
        text = mutate(text, verification, verification + "      retention: {required: P7Y}\n")
    deleted = "      justification: Seed and test addresses with no business or legal need\n"
    text = mutate(
        text, deleted, deleted + "      retention: {required: P0D, basis: Test data only}\n"
    )
    found = lint(text)
    assert at(found, "DA003") == []
    assert at(found, "DA002") == []  # P0D: no retention applies, so deleting is fine


def test_da003_regulated_is_an_option() -> None:
    eng = with_options("DA003", regulated=["retail"])
    assert at(lint(EXAMPLE, eng=eng), "DA003") == [
        ("error", SUBSCRIBERS, 7),
        ("error", ENGAGEMENT, 7),
        ("error", SUPPRESSION, 7),
        ("error", RETIRED, 7),
    ]
    eng = with_options("DA003", regulated=["healthcare"])
    assert at(lint(in_industry("financial-services"), eng=eng), "DA003") == []


# -- DA004 export-after-contract-end ----------------------------------------

TEXTBLAST_ENDS = "        ends: 2025-06-30\n        notice_period: P30D\n"


def textblast_ends(date: str, text: str = EXAMPLE) -> str:
    return mutate(text, TEXTBLAST_ENDS, f"        ends: {date}\n        notice_period: P30D\n")


def test_da004_export_after_the_earliest_contract_end() -> None:
    # LegacyMail ends 2025-06-30, TextBlast earlier: the earliest end is the deadline.
    found = lint(textblast_ends("2025-05-01"))
    assert at(found, "DA004") == [("error", line, 18) for line in EXPORTS_0509]
    assert messages(found, "DA004")[0] == (
        "dataset `subscribers` is exported by Friday 2025-05-09, 8 days after the earliest "
        "legacy contract ends (platforms.legacy[id=textblast].contract.ends: Thursday 2025-05-01); "
        "whatever is still in the tool then is gone: export it earlier or extend the contract "
        "month to month"
    )


@pytest.mark.parametrize(
    ("ends", "severity"),
    [
        ("2025-05-08", "error"),  # the day before the export: after the contract
        ("2025-05-09", "warning"),  # `ends` is inclusive: the last day is still in the contract
        ("2025-06-07", "warning"),  # 29 days of margin
    ],
)
def test_da004_error_after_end_warning_inside_margin(ends: str, severity: str) -> None:
    found = lint(textblast_ends(ends))
    assert at(found, "DA004") == [(severity, line, 18) for line in EXPORTS_0509]


def test_da004_warning_message_says_by_when() -> None:
    found = lint(textblast_ends("2025-06-07"))
    assert messages(found, "DA004")[0] == (
        "dataset `subscribers` is exported by Friday 2025-05-09, less than 30 days before the "
        "earliest legacy contract ends (platforms.legacy[id=textblast].contract.ends: Saturday 2025-06-07"
        "); leave a safety margin: export it by Thursday 2025-05-08"
    )


def test_da004_passes_with_exactly_the_margin() -> None:
    assert at(lint(textblast_ends("2025-06-08")), "DA004") == []
    assert at(lint(EXAMPLE), "DA004") == []


def test_da004_margin_is_an_option() -> None:
    eng = with_options("DA004", margin="P60D")  # 2025-06-30 minus 60 days: 2025-05-01
    assert at(lint(EXAMPLE, eng=eng), "DA004") == [("warning", line, 18) for line in EXPORTS_0509]


def test_da004_skips_datasets_to_be_deleted() -> None:
    text = mutate(
        EXAMPLE,
        "      disposition: delete\n",
        "      disposition: delete\n      export_by: 2025-07-15\n",
    )
    assert at(lint(text), "DA004") == []


def test_da004_applies_to_retire_plans() -> None:
    text = textblast_ends("2025-05-01", retire_plan())
    lines = [line_of(text, "export_by: 2025-05-09", n) for n in range(1, 5)]
    assert at(lint(text), "DA004") == [("error", line, 18) for line in lines]


# -- DA005 engagement-history-short -----------------------------------------

HISTORY = "history: P24M "
HISTORY_LINE = line_of(EXAMPLE, HISTORY)


@pytest.mark.parametrize(
    ("history", "fires"),
    [("P6M", True), ("P11M", True), ("P364D", True), ("P12M", False), ("P1Y", False)],
)
def test_da005_history_shorter_than_a_year(history: str, fires: bool) -> None:
    text = mutate(EXAMPLE, HISTORY, f"history: {history} ")
    assert at(lint(text), "DA005") == ([("warning", HISTORY_LINE, 16)] if fires else [])


def test_da005_message() -> None:
    text = mutate(EXAMPLE, HISTORY, "history: P6M ")
    assert messages(lint(text), "DA005") == [
        "engagement dataset `engagement-history` keeps 6 months of history, less than 12 months; "
        "move every open, click and unsubscribe for at least 12 months: segmentation and warm-up "
        "depend on it"
    ]


def test_da005_missing_history_is_reported_at_the_dataset() -> None:
    text = mutate(
        EXAMPLE, "      history: P24M            # how far back the moved data reaches\n", ""
    )
    assert at(lint(text), "DA005") == [("warning", ENGAGEMENT, 7)]


def test_da005_archived_engagement_counts_deleted_does_not() -> None:
    short = mutate(EXAMPLE, HISTORY, "history: P6M ")
    archived = mutate(
        short,
        "      disposition: migrate\n      destination: newcloud\n      export_by: 2025-05-09\n"
        "      verification: Open,",
        "      disposition: archive\n      export_by: 2025-05-09\n      verification: Open,",
    )
    assert at(lint(archived), "DA005") == [("warning", HISTORY_LINE, 16)]
    deleted = mutate(
        short,
        "      disposition: migrate\n      destination: newcloud\n      export_by: 2025-05-09\n"
        "      verification: Open, click and unsubscribe counts per month reconciled\n",
        "      disposition: delete\n      justification: Not needed\n",
    )
    assert at(lint(deleted), "DA005") == []


def test_da005_min_history_is_an_option() -> None:
    eng = with_options("DA005", min_history="P36M")
    assert at(lint(EXAMPLE, eng=eng), "DA005") == [("warning", HISTORY_LINE, 16)]


# -- DA006 migration-unverified ---------------------------------------------


def test_da006_migrated_and_archived_datasets_need_verification() -> None:
    text = mutate(EXAMPLE, SUBSCRIBERS_VERIFICATION, "")
    text = mutate(text, "      verification: Report totals reconciled per quarter\n", "")
    found = lint(text)
    assert at(found, "DA006") == [
        ("warning", SUBSCRIBERS, 7),
        ("warning", line_of(text, "- id: campaign-reports"), 7),
    ]
    assert messages(found, "DA006")[0] == (
        "dataset `subscribers` leaves the legacy tool but has no `verification`; say how the "
        "moved data is checked (record counts, checksums, sampled records) before the legacy "
        "is switched off"
    )


def test_da006_passes_for_verified_and_deleted_datasets() -> None:
    # retired-test-lists (delete) has no verification and needs none.
    assert at(lint(EXAMPLE), "DA006") == []


# -- DA007 archive-not-self-service -----------------------------------------

ACCESS = "    access: self-service       # self-service | on-request\n"
ACCESS_LINE = line_of(EXAMPLE, "access: self-service")
ARCHIVE_MAPPING = line_of(EXAMPLE, "location: Data warehouse")


def test_da007_business_users_on_request() -> None:
    text = mutate(EXAMPLE, ACCESS, "    access: on-request\n")
    found = lint(text)
    assert at(found, "DA007") == [("warning", ACCESS_LINE, 13)]
    assert messages(found, "DA007") == [
        "the archive's access is on-request, but business teams (marketing, sales, service or "
        "finance) use it; give them self-service access (a tool they can use without IT), not a "
        "database only a technical person can query"
    ]


def test_da007_missing_access_points_at_the_archive() -> None:
    text = mutate(EXAMPLE, ACCESS, "")
    assert at(lint(text), "DA007") == [("warning", ARCHIVE_MAPPING, 5)]


@pytest.mark.parametrize(
    ("users", "fires"),
    [("[finance]", True), ("[analytics, service]", True), ("[analytics, it]", False)],
)
def test_da007_which_users_are_business_teams(users: str, fires: bool) -> None:
    text = mutate(EXAMPLE, ACCESS, "    access: on-request\n")
    text = mutate(text, "users: [marketing, sales, analytics]", f"users: {users}")
    assert at(lint(text), "DA007") == ([("warning", ACCESS_LINE, 13)] if fires else [])


def test_da007_passes_on_the_example() -> None:
    assert at(lint(EXAMPLE), "DA007") == []


# -- DA008 consent-evidence-retention-short ---------------------------------


@pytest.mark.parametrize(
    ("required", "fires"), [("P3Y", True), ("P47M", True), ("P48M", False), ("P5Y", False)]
)
def test_da008_us_consent_records_kept_too_briefly(required: str, fires: bool) -> None:
    text = mutate(EXAMPLE, CONSENT_RETENTION, f"        required: {required}\n")
    assert at(lint(text), "DA008") == ([("warning", CONSENT_RETENTION_LINE, 19)] if fires else [])


def test_da008_message() -> None:
    text = mutate(EXAMPLE, CONSENT_RETENTION, "        required: P3Y\n")
    assert messages(lint(text), "DA008") == [
        "consent records `sms-consent-records` are kept 3 years, less than 4 years; in the US "
        "proof of consent answers TCPA claims for four years: keep them at least 4 years"
    ]


def test_da008_missing_retention() -> None:
    text = mutate(EXAMPLE, CONSENT_RETENTION, "")
    assert at(lint(text), "DA008") == [("warning", CONSENT_RETENTION_LINE, 9)]
    text = mutate(
        EXAMPLE,
        "      retention:\n        required: P4Y\n"
        "        basis: TCPA consent evidence (four-year limitation period)\n",
        "",
    )
    assert at(lint(text), "DA008") == [("warning", CONSENT_RECORDS, 7)]


def test_da008_only_in_the_us() -> None:
    text = mutate(EXAMPLE, CONSENT_RETENTION, "        required: P3Y\n")
    text = mutate(text, "jurisdictions: [EU, US]", "jurisdictions: [EU, CA]")
    assert at(lint(text), "DA008") == []


def test_da008_min_is_an_option() -> None:
    eng = with_options("DA008", min="P5Y")
    assert at(lint(EXAMPLE, eng=eng), "DA008") == [("warning", CONSENT_RETENTION_LINE, 19)]


# -- robustness and the findings example ------------------------------------


def test_skeleton_plan_has_no_data_findings() -> None:
    assert da(SKELETON) == []


WRONG_TYPES = (
    "migralint: 1\nplan: {name: x, industry: healthcare, jurisdictions: [US]}\ntimeline: {}\n"
)


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        # A string where the list of datasets is expected, a list where the archive mapping is.
        ("data: {datasets: subscribers, archive: [x]}\n", []),
        # Items that are not mappings have no disposition (SC001 says why).
        (
            "data: {datasets: [subscribers, [x], {id: y, retention: P4Y, history: [1]}]}\n",
            [("DA001", "error", 4, 19), ("DA001", "error", 4, 32), ("DA001", "error", 4, 37)],
        ),
        ("data: [subscribers]\nplatforms: {legacy: {ends: 2025-06-30}, target: [x]}\n", []),
        (
            "data: {datasets: [{id: y, kind: consent-records, disposition: archive, "
            "export_by: [1], retention: {required: 4}}], archive: {users: marketing, "
            "retention: [1]}}\nplatforms: {legacy: [x, {contract: [2025-06-30]}, "
            "{contract: {ends: 5}}]}\n",
            [("DA006", "warning", 4, 19)],
        ),
        (
            "data: {datasets: [{id: y, kind: engagement, disposition: [migrate], "
            "history: P1M}], archive: {users: [marketing], access: [1]}}\n",
            [("DA007", "warning", 4, 123)],
        ),
    ],
)
def test_wrong_types_do_not_crash(section: str, expected: list[tuple[str, str, int, int]]) -> None:
    found = lint(WRONG_TYPES + section)
    assert "SC001" in {f.code for f in found}
    assert da(WRONG_TYPES + section) == expected


def test_findings_example_shows_every_data_rule() -> None:
    text = (ROOT / "examples" / "findings" / "data.yaml").read_text(encoding="utf-8")
    found = da(text)
    assert sorted({code for code, *_ in found}) == DA_CODES
    assert [(code, severity) for code, severity, *_ in found] == [
        ("DA003", "error"),  # subscribers
        ("DA006", "warning"),  # subscribers
        ("DA003", "error"),  # engagement-history
        ("DA005", "warning"),
        ("DA003", "error"),  # suppression-list
        ("DA008", "warning"),
        ("DA002", "error"),
        ("DA004", "error"),
        ("DA001", "error"),
        ("DA003", "error"),  # deleted, with no retention stated
        ("DA007", "warning"),
    ]
