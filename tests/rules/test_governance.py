"""GV001-GV003: governance and team."""

from __future__ import annotations

import pytest

from helpers import EXAMPLE, ROOT, at, line_of, lint, messages, mutate

SPONSOR = "  executive_sponsor:\n    name: Priya Raman\n    role: CMO\n"
OWNER = "  owner: Dana Ortiz (Marketing Operations)\n"
MALIK = "    - {name: Malik Chen, role: CRM administrator, allocation: 0.4}\n"
MEMBERS = (
    "    - {name: Dana Ortiz, role: migration lead, allocation: 0.8}\n"
    + MALIK
    + "    - {name: Ana Souza, role: email developer, allocation: 0.6}\n"
)


def column(text: str, line: int, needle: str) -> int:
    return text.splitlines()[line - 1].index(needle) + 1


def test_the_clean_example_passes() -> None:
    found = lint(EXAMPLE)
    for code in ("GV001", "GV002", "GV003"):
        assert at(found, code) == [], code


# -- GV001 executive-sponsor-missing ---------------------------------------------


def test_gv001_no_sponsor_at_the_plan_mapping() -> None:
    text = mutate(EXAMPLE, SPONSOR, "")
    found = lint(text)
    assert at(found, "GV001") == [("warning", line_of(text, "name: Northwind ESP"), 3)]
    assert messages(found, "GV001") == [
        "the plan names no executive sponsor (`plan.executive_sponsor` is missing); get a "
        "C-level sponsor to endorse the migration and name them with their role"
    ]


def test_gv001_empty_sponsor() -> None:
    text = mutate(EXAMPLE, SPONSOR, "  executive_sponsor: {}\n")
    found = lint(text)
    assert at(found, "GV001") == [("warning", line_of(text, "executive_sponsor: {}"), 22)]
    assert "`plan.executive_sponsor` is empty" in messages(found, "GV001")[0]


def test_gv001_a_sponsor_with_a_name_only_passes() -> None:
    text = mutate(EXAMPLE, SPONSOR, "  executive_sponsor: {name: Priya Raman}\n")
    assert at(lint(text), "GV001") == []


# -- GV002 team-overallocated ----------------------------------------------------


def with_members(members: str) -> str:
    return mutate(EXAMPLE, MEMBERS, members)


def test_gv002_one_person_listed_twice_over_full_time() -> None:
    text = with_members(
        MEMBERS + "    - {name: Malik Chen, role: data engineer, allocation: 0.7}\n"
    )
    line = line_of(text, "role: data engineer")
    found = lint(text)
    assert at(found, "GV002") == [("warning", line, column(text, line, "0.7"))]
    assert messages(found, "GV002") == [
        "team member `Malik Chen` is allocated 110% of their time in total, more than 100% "
        "(full time); reduce their other allocations or add people"
    ]


def test_gv002_points_at_the_entry_that_tips_the_total() -> None:
    text = with_members(
        "    - {name: Dana Ortiz, role: migration lead, allocation: 0.5}\n"
        "    - {name: Dana Ortiz, role: analyst, allocation: 0.5}\n"
        "    - {name: Dana Ortiz, role: tester, allocation: 0.25}\n"
        "    - {name: Dana Ortiz, role: trainer, allocation: 0.25}\n"
        "    - {name: Ana Souza, role: email developer, allocation: 1}\n"
        "    - {name: Malik Chen, role: CRM administrator, allocation: 1}\n"
        "    - {name: Malik Chen, role: admin, allocation: 0.1}\n"
    )
    tester, admin = line_of(text, "role: tester"), line_of(text, "role: admin")
    assert at(lint(text), "GV002") == [
        ("warning", tester, column(text, tester, "0.25")),
        ("warning", admin, column(text, admin, "0.1")),
    ]


@pytest.mark.parametrize(
    "members",
    [
        # 0.1 + 0.2 + 0.7 is 1.0000000000000002 in floating point: still full time.
        "    - {name: Dana Ortiz, role: a, allocation: 0.1}\n"
        "    - {name: Dana Ortiz, role: b, allocation: 0.2}\n"
        "    - {name: Dana Ortiz, role: c, allocation: 0.7}\n",
        # one allocation is enough; a member without one is not counted
        "    - {name: Dana Ortiz, role: migration lead, allocation: 1}\n"
        "    - {name: Malik Chen, role: CRM administrator}\n",
        # different people
        "    - {name: Dana Ortiz, role: a, allocation: 1}\n"
        "    - {name: Dana Ortis, role: b, allocation: 1}\n",
    ],
)
def test_gv002_passes(members: str) -> None:
    assert at(lint(with_members(members)), "GV002") == []


def test_gv002_no_member_has_an_allocation_at_the_members_list() -> None:
    text = with_members(
        "    - {name: Dana Ortiz, role: migration lead}\n"
        "    - {name: Malik Chen, role: CRM administrator}\n"
    )
    found = lint(text)
    assert at(found, "GV002") == [("warning", line_of(text, "- {name: Dana Ortiz"), 5)]
    assert messages(found, "GV002") == [
        "no team member has an `allocation`; say how much of each person's time the migration "
        "gets (0 to 1), and block it out"
    ]


def test_gv002_no_team_at_all() -> None:
    start = EXAMPLE.index("team:\n  members:")
    text = EXAMPLE[:start]
    assert at(lint(text), "GV002") == [("warning", line_of(text, "migralint: 1"), 1)]
    text = EXAMPLE[:start] + "team:\n  external_partner: Brightpath Migration Services\n"
    assert at(lint(text), "GV002") == [("warning", line_of(text, "external_partner"), 3)]
    text = EXAMPLE[:start] + "team:\n  members: []\n"
    assert at(lint(text), "GV002") == [("warning", line_of(text, "members: []"), 12)]


# -- GV003 plan-owner-missing ----------------------------------------------------


def test_gv003_no_owner_at_the_plan_mapping() -> None:
    text = mutate(EXAMPLE, OWNER, "")
    found = lint(text)
    assert at(found, "GV003") == [("error", line_of(text, "name: Northwind ESP"), 3)]
    assert messages(found, "GV003") == [
        "the plan names no owner (`plan.owner` is missing); name the person or team "
        "accountable for the migration"
    ]


def test_gv003_empty_owner() -> None:
    text = mutate(EXAMPLE, OWNER, "  owner: ''\n")
    assert at(lint(text), "GV003") == [("error", line_of(text, "owner: ''"), 10)]


# -- robustness -------------------------------------------------------------------


def test_skeleton_plan() -> None:
    found = lint("migralint: 1\nplan: {name: x}\ntimeline: {}\n")
    assert [(f.code, f.severity, f.line, f.column) for f in found if f.code.startswith("GV")] == [
        ("GV002", "warning", 1, 1),
        ("GV001", "warning", 2, 7),
        ("GV003", "error", 2, 7),
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (SPONSOR, "  executive_sponsor: Priya Raman (CMO)\n"),
        (SPONSOR, "  executive_sponsor: [Priya Raman, CMO]\n"),
        (OWNER, "  owner: [Dana Ortiz, Malik Chen]\n"),
        (OWNER, "  owner: {name: Dana Ortiz}\n"),
        ("team:\n", "team: [Dana Ortiz]\nx_team:\n"),
        ("  members:\n", "  members: Dana Ortiz\n  x_members:\n"),
        ("  members:\n", "  members: {Dana Ortiz: 0.8}\n  x_members:\n"),
        (MALIK, "    - Malik Chen\n"),
        (MALIK, "    - {name: Malik Chen, allocation: '0.4'}\n"),
        (MALIK, "    - {name: Malik Chen, allocation: true}\n"),
        (MALIK, "    - {name: [Malik Chen], allocation: 0.4}\n"),
        (MALIK, "    - {name: Dana Ortiz, allocation: .inf}\n"),
    ],
)
def test_wrong_types_do_not_crash(old: str, new: str) -> None:
    lint(mutate(EXAMPLE, old, new))


def test_plan_of_the_wrong_type_does_not_crash() -> None:
    found = lint("migralint: 1\nplan: [x]\ntimeline: {}\n")
    assert [f.code for f in found if f.code.startswith("GV")] == ["GV002", "GV001", "GV003"]


# -- the findings example ------------------------------------------------------------


def test_findings_example() -> None:
    path = ROOT / "examples" / "findings" / "governance.yaml"
    found = lint(path.read_text(encoding="utf-8"), str(path))
    mine = [(f.code, f.severity) for f in found if f.code[:2] in ("PR", "FE", "CM", "GV")]
    assert mine == [("GV001", "warning"), ("GV003", "error"), ("GV002", "warning")]
