"""CM001-CM005: communication and change."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, ROOT, at, line_of, lint, messages, mutate

EMPLOYEES = "    - {group: employees, notify_by: 2024-12-02}\n"
AGENCIES = "{group: agencies, notify_by: 2025-01-10}"
CUSTOMERS = "{group: customers, impacted: false}"
CUTOVER = "    at: 2025-03-11T10:00:00+01:00      # Tuesday morning, Berlin time\n"
TRAINING = """  training:
    - {audience: campaign managers, starts: 2025-01-13, ends: 2025-02-07}
    - {audience: agency partners, starts: 2025-01-20, ends: 2025-01-31}
"""
METRICS = "    metrics: [adoption-rate, days-without-incident, cost-savings]\n"
REPORT = "  retirement_report:\n    due: 2025-07-15\n" + METRICS
TARGET_BLOCK = """  target:
    id: newcloud
    name: NewCloud Messaging
    category: esp
    contract:
      starts: 2024-05-01
    retention: P10Y            # how long the target platform keeps data it holds
"""


def column(text: str, line: int, needle: str) -> int:
    return text.splitlines()[line - 1].index(needle) + 1


def retire(text: str = EXAMPLE) -> str:
    """The example as a retirement without replacement (only what CM rules read)."""
    text = mutate(text, "kind: consolidate", "kind: retire")
    return mutate(text, TARGET_BLOCK, "")


def test_the_clean_example_passes() -> None:
    found = lint(EXAMPLE)
    for code in ("CM001", "CM002", "CM003", "CM004", "CM005"):
        assert at(found, code) == [], code


# -- CM001 stakeholders-missing -------------------------------------------------


def test_cm001_no_employees_group_at_the_list() -> None:
    text = mutate(EXAMPLE, EMPLOYEES, "")
    found = lint(text)
    assert at(found, "CM001") == [("error", line_of(text, "group: agencies"), 5)]
    assert messages(found, "CM001") == [
        "`communication.stakeholders` has no `employees` group; employees are always affected: "
        "add them with a `notify_by` date"
    ]


def test_cm001_no_stakeholders_gives_one_finding_at_the_communication_mapping() -> None:
    text = mutate(EXAMPLE, "  stakeholders:\n" + EMPLOYEES, "  x_stakeholders:\n")
    text = mutate(text, "    - " + AGENCIES + "\n    - " + CUSTOMERS + "\n", "")
    text = mutate(text, "  x_stakeholders:\n", "")
    found = lint(text)
    assert at(found, "CM001") == [("error", line_of(text, "  training:"), 3)]
    assert messages(found, "CM001") == [
        "`communication.stakeholders` is missing; list everyone who must be told (employees, "
        "agency partners, customers) and when"
    ]


def test_cm001_empty_stakeholders_gives_one_finding_at_the_list() -> None:
    start = EXAMPLE.index("  stakeholders:\n")
    end = EXAMPLE.index(TRAINING)
    text = EXAMPLE[:start] + "  stakeholders: []\n" + EXAMPLE[end:]
    found = lint(text)
    assert at(found, "CM001") == [("error", line_of(text, "stakeholders: []"), 17)]
    assert "is empty" in messages(found, "CM001")[0]


def test_cm001_applies_to_a_retirement_too() -> None:
    text = retire(mutate(EXAMPLE, EMPLOYEES, ""))
    assert at(lint(text), "CM001") == [("error", line_of(text, "group: agencies"), 5)]


# -- CM002 notice-too-late ------------------------------------------------------


def with_agencies(notify_by: str, text: str = EXAMPLE) -> str:
    return mutate(text, AGENCIES, f"{{group: agencies, notify_by: {notify_by}}}")


def agencies_notify_by(text: str) -> tuple[int, int]:
    line = line_of(text, "group: agencies")
    return line, column(text, line, "notify_by: ") + len("notify_by: ")


@pytest.mark.parametrize(
    ("notify_by", "fires"),
    [
        # The cutover is 2025-03-11 10:00 Berlin; 30 days before is 2025-02-09 10:00.
        ("2025-02-09", False),  # the start of that day is before 10:00
        ("2025-02-10", True),
        ("2025-03-11", True),
        ("2025-03-20", True),  # after the cutover
    ],
)
def test_cm002_notice_against_the_cutover(notify_by: str, fires: bool) -> None:
    text = with_agencies(notify_by)
    expected = [("warning", *agencies_notify_by(text))] if fires else []
    assert at(lint(text), "CM002") == expected


def test_cm002_message() -> None:
    text = with_agencies("2025-02-20")
    assert messages(lint(text), "CM002") == [
        "stakeholder group `agencies` is notified Thursday 2025-02-20, less than 30 days "
        "before timeline.cutover.at (Tuesday 2025-03-11 10:00 Europe/Berlin); notify them "
        "by Friday 2025-02-07"
    ]


@pytest.mark.parametrize(
    ("cutover", "notify_by", "fires"),
    [
        # A naive cutover after the switch to summer time (30 March), read in Berlin:
        # 30 calendar days before 2025-04-01 00:30 is 2025-03-02 00:30.
        ("2025-04-01T00:30:00", "2025-03-02", False),
        ("2025-04-01T00:30:00", "2025-03-03", True),
        ("2025-04-01T00:00:00", "2025-03-02", False),  # exactly 30 days before
        ("2025-04-01T00:00:00+02:00", "2025-03-03", True),
    ],
)
def test_cm002_across_the_daylight_saving_change(cutover: str, notify_by: str, fires: bool) -> None:
    text = mutate(EXAMPLE, CUTOVER, f"    at: {cutover}\n")
    text = with_agencies(notify_by, text)
    expected = [("warning", *agencies_notify_by(text))] if fires else []
    assert at(lint(text), "CM002") == expected


@pytest.mark.parametrize(
    "cutover",
    [
        "2025-03-31T22:30:00Z",  # 2025-04-01 00:30 in Berlin, as the naive value above
        "2025-04-01T00:00:00+02:00",  # Berlin's real offset that day
    ],
)
def test_cm002_an_explicit_offset_reads_as_in_the_plans_zone(cutover: str) -> None:
    # 30 calendar days before 1 April (summer time) is 2 March (winter time): a notice
    # on 2 March is in time, as it is for the naive 2025-04-01T00:00:00.
    text = mutate(EXAMPLE, CUTOVER, f"    at: {cutover}\n")
    assert at(lint(with_agencies("2025-03-02", text)), "CM002") == []
    late = with_agencies("2025-03-03", text)
    assert at(lint(late), "CM002") == [("warning", *agencies_notify_by(late))]


def test_cm002_without_cutover_against_the_retirement() -> None:
    # The retirement is 2025-05-16: 30 days before is 2025-04-16.
    text = mutate(EXAMPLE, CUTOVER, "")
    assert at(lint(with_agencies("2025-04-16", text)), "CM002") == []
    late = with_agencies("2025-04-17", text)
    found = lint(late)
    assert at(found, "CM002") == [("warning", *agencies_notify_by(late))]
    assert "before timeline.retirement (Friday 2025-05-16)" in messages(found, "CM002")[0]


def test_cm002_a_group_not_impacted_is_skipped() -> None:
    text = mutate(EXAMPLE, CUSTOMERS, "{group: customers, impacted: false, notify_by: 2025-03-10}")
    assert at(lint(text), "CM002") == []
    text = mutate(EXAMPLE, CUSTOMERS, "{group: customers, impacted: true, notify_by: 2025-03-10}")
    line = line_of(text, "group: customers")
    assert at(lint(text), "CM002") == [("warning", line, column(text, line, "2025-03-10"))]


def test_cm002_an_impacted_group_without_notify_by() -> None:
    text = mutate(EXAMPLE, CUSTOMERS, "{group: customers}")  # impacted unless it says otherwise
    line = line_of(text, "group: customers")
    found = lint(text)
    assert at(found, "CM002") == [("warning", line, column(text, line, "{"))]
    assert messages(found, "CM002") == [
        "stakeholder group `customers` has no `notify_by`; decide when they are told, well "
        "before the cutover, or mark the group `impacted: false`"
    ]


def test_cm002_applies_to_a_retirement() -> None:
    text = retire(with_agencies("2025-03-01"))
    assert at(lint(text), "CM002") == [("warning", *agencies_notify_by(text))]


# -- CM003 training-missing -----------------------------------------------------


def with_training(*ends: str, text: str = EXAMPLE) -> str:
    sessions = "".join(
        f"    - {{audience: team {i}, starts: 2025-01-13, ends: {e}}}\n" for i, e in enumerate(ends)
    )
    return mutate(text, TRAINING, "  training:\n" + sessions)


@pytest.mark.parametrize(
    ("ends", "fires"),
    [
        # The cutover is 2025-03-11 10:00 Berlin; 14 days before is 2025-02-25 10:00.
        (("2025-02-24",), False),
        # `ends` is inclusive and compares as a date: a training that ends on
        # the deadline's day is done "by 2025-02-25 10:00"
        (("2025-02-25",), False),
        (("2025-02-26",), True),
        (("2025-03-10", "2025-02-24"), False),  # one session in time is enough
        (("2025-03-10", "2025-03-07"), True),
    ],
)
def test_cm003_some_training_ends_lead_before_the_cutover(
    ends: tuple[str, ...], fires: bool
) -> None:
    text = with_training(*ends)
    # The finding points at the training list.
    expected = [("warning", line_of(text, "    - {audience: team 0"), 5)] if fires else []
    assert at(lint(text), "CM003") == expected


def test_cm003_message() -> None:
    text = with_training("2025-03-07")
    assert messages(lint(text), "CM003") == [
        "no training ends by Tuesday 2025-02-25 10:00 Europe/Berlin, 2 weeks before the "
        "cutover (Tuesday 2025-03-11 10:00 Europe/Berlin); finish at least one session by "
        "then so people practise before the switch"
    ]


def test_cm003_naive_cutover_in_the_plans_zone() -> None:
    # A naive cutover is read in Berlin: 14 days before 2025-03-10 00:30 is
    # 2025-02-24 00:30, so a session that ends on 2025-02-25 is late.
    text = mutate(with_training("2025-02-25"), CUTOVER, "    at: 2025-03-10T00:30:00\n")
    assert at(lint(text), "CM003") == [("warning", line_of(text, "    - {audience: team 0"), 5)]
    text = mutate(with_training("2025-02-24"), CUTOVER, "    at: 2025-03-10T00:30:00\n")
    assert at(lint(text), "CM003") == []
    # 2025-03-09 22:30 UTC is 23:30 in Berlin: the deadline is 2025-02-23
    # 23:30, and a session through 2025-02-24 is late.
    text = mutate(with_training("2025-02-24"), CUTOVER, "    at: 2025-03-09T22:30:00Z\n")
    assert at(lint(text), "CM003") == [("warning", line_of(text, "    - {audience: team 0"), 5)]


def test_cm003_no_training_at_all() -> None:
    text = mutate(EXAMPLE, TRAINING, "")
    found = lint(text)
    assert at(found, "CM003") == [("warning", line_of(text, "  stakeholders:"), 3)]
    assert messages(found, "CM003") == [
        "there is a target platform and `communication.training` is missing; schedule training "
        "that ends well before the cutover, with time to practise"
    ]
    text = mutate(EXAMPLE, TRAINING, "  training: []\n")
    assert at(lint(text), "CM003") == [("warning", line_of(text, "training: []"), 13)]


def test_cm003_no_training_and_no_cutover_is_still_reported() -> None:
    text = mutate(mutate(EXAMPLE, TRAINING, ""), CUTOVER, "")
    # no training list: the communication mapping that should hold it
    assert at(lint(text), "CM003") == [("warning", line_of(text, "  stakeholders:"), 3)]
    assert at(lint(mutate(with_training("2025-03-10"), CUTOVER, "")), "CM003") == []


def test_cm003_not_for_a_retirement() -> None:
    assert at(lint(retire(mutate(EXAMPLE, TRAINING, ""))), "CM003") == []


# -- CM004 user-needs-unmapped --------------------------------------------------

NEEDS = """  user_needs:
    - {need: SMS order confirmations, met_by: Shop platform notifications}
    - need: Weekly SMS opt-in report
      met_by: BI revenue dashboard
"""


def with_needs(needs: str = NEEDS, text: str | None = None) -> str:
    return mutate(
        retire() if text is None else text,
        "  retirement_report:\n",
        needs + "  retirement_report:\n",
    )


def test_cm004_passes_when_every_need_is_met() -> None:
    assert at(lint(with_needs()), "CM004") == []


def test_cm004_no_user_needs_at_the_communication_mapping() -> None:
    text = retire()
    found = lint(text)
    assert at(found, "CM004") == [("warning", line_of(text, "  stakeholders:"), 3)]
    assert messages(found, "CM004") == [
        "the tool is retired without replacement and `communication.user_needs` is missing; ask "
        "users what they rely on it for and say what will meet each need"
    ]
    text = with_needs("  user_needs: []\n")
    assert at(lint(text), "CM004") == [("warning", line_of(text, "user_needs: []"), 15)]


def test_cm004_each_need_without_met_by() -> None:
    text = with_needs(
        "  user_needs:\n"
        "    - {need: SMS order confirmations}\n"
        "    - need: Weekly SMS opt-in report\n"
        "    - {need: Two-way SMS, met_by: Service desk}\n"
    )
    found = lint(text)
    assert at(found, "CM004") == [
        ("warning", line_of(text, "{need: SMS order"), 7),
        ("warning", line_of(text, "need: Weekly"), 7),
    ]
    assert messages(found, "CM004")[0] == (
        "user need `SMS order confirmations` has no `met_by`; say which tool or process will "
        "meet it once the tool is gone"
    )


def test_cm004_only_for_a_retirement() -> None:
    assert at(lint(EXAMPLE), "CM004") == []
    text = with_needs("  user_needs:\n    - {need: SMS order confirmations}\n", EXAMPLE)
    assert at(lint(text), "CM004") == []


# -- CM005 retirement-report-missing ---------------------------------------------


def test_cm005_no_metrics_at_the_report() -> None:
    text = mutate(EXAMPLE, METRICS, "")
    found = lint(text)
    assert at(found, "CM005") == [("info", line_of(text, "due: 2025-07-15"), 5)]
    assert messages(found, "CM005") == [
        "no retirement report with metrics (communication.retirement_report.metrics is "
        "missing); plan one to sell the wins: adoption, days without incident, cost savings"
    ]


def test_cm005_no_report_at_the_communication_mapping() -> None:
    text = mutate(EXAMPLE, REPORT, "")
    assert at(lint(text), "CM005") == [("info", line_of(text, "  stakeholders:"), 3)]


def test_cm005_empty_metrics() -> None:
    text = mutate(EXAMPLE, METRICS, "    metrics: []\n")
    assert at(lint(text), "CM005") == [("info", line_of(text, "metrics: []"), 14)]


def test_cm005_applies_to_a_retirement() -> None:
    text = retire(mutate(EXAMPLE, REPORT, ""))
    assert at(lint(text), "CM005") == [("info", line_of(text, "  stakeholders:"), 3)]


# -- robustness -------------------------------------------------------------------


def test_skeleton_plan() -> None:
    found = lint("migralint: 1\nplan: {name: x}\ntimeline: {}\n")
    assert [(f.code, f.severity, f.line, f.column) for f in found if f.code.startswith("CM")] == [
        ("CM001", "error", 1, 1),  # `communication` is missing: CM005 stays silent
    ]
    found = lint("migralint: 1\nplan: {name: x, kind: retire}\ntimeline: {}\n")
    assert [f.code for f in found if f.code.startswith("CM")] == ["CM001", "CM004"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("communication:\n", "communication: [stakeholders]\nx_communication:\n"),
        ("communication:\n", "communication: soon\nx_communication:\n"),
        ("  stakeholders:\n", "  stakeholders: employees\n  x_stakeholders:\n"),
        ("  stakeholders:\n", "  stakeholders: {employees: 2024-12-02}\n  x_stakeholders:\n"),
        (EMPLOYEES, "    - employees\n"),
        (AGENCIES, "{group: agencies, notify_by: [2025-01-10], impacted: 'yes'}"),
        ("  training:\n", "  training: {campaign managers: 2025-02-07}\n  x_training:\n"),
        ("  training:\n", "  training: campaign managers\n  x_training:\n"),
        ("    - {audience: campaign managers,", "    - [campaign managers]\n    - {audience: x,"),
        (METRICS, "    metrics: adoption-rate\n"),
        (REPORT, "  retirement_report: [adoption-rate]\n"),
        (CUTOVER, "    at: [2025-03-11]\n"),
    ],
)
def test_wrong_types_do_not_crash(old: str, new: str) -> None:
    lint(mutate(EXAMPLE, old, new))
    lint(retire(mutate(EXAMPLE, old, new)))


def test_wrong_types_of_user_needs_do_not_crash() -> None:
    for needs in (
        "  user_needs: SMS\n",
        "  user_needs: {SMS: dashboard}\n",
        "  user_needs:\n    - SMS order confirmations\n",
    ):
        lint(with_needs(needs))


# -- the findings example ------------------------------------------------------------


def test_findings_example() -> None:
    path = ROOT / "examples" / "findings" / "communication.yaml"
    found = lint(path.read_text(encoding="utf-8"), str(path))
    mine = [(f.code, f.severity) for f in found if f.code[:2] in ("PR", "FE", "CM", "GV")]
    assert mine == [
        ("CM001", "error"),
        ("CM002", "warning"),
        ("CM002", "warning"),
        ("CM003", "warning"),
        ("CM005", "info"),
    ]
