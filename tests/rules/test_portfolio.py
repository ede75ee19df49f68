"""XP001-XP003: conflicts across plans checked together, and the engine's
rules over several plans (scope: portfolio)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers import ROOT, line_of, run_cli

LOYALTY = ROOT / "examples" / "findings" / "portfolio-loyalty.yaml"
SMS = ROOT / "examples" / "findings" / "portfolio-sms.yaml"
XP = ("XP001", "XP002", "XP003")


def check_json(*args: str, cwd: Path | None = None) -> tuple[int, list[dict]]:
    done = run_cli("check", "--format", "json", "--no-respect-gitignore", *args, cwd=cwd)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)["findings"]


def places(findings: list[dict], code: str) -> list[tuple[str, int, int]]:
    return sorted(
        (Path(f["path"]).name, f["line"], f["column"]) for f in findings if f["code"] == code
    )


def column(text: str, line: int, needle: str) -> int:
    return text.splitlines()[line - 1].index(needle) + 1


def write_pair(tmp_path: Path, loyalty: str, sms: str) -> tuple[Path, Path]:
    a, b = tmp_path / "portfolio-loyalty.yaml", tmp_path / "portfolio-sms.yaml"
    a.write_text(loyalty, encoding="utf-8")
    b.write_text(sms, encoding="utf-8")
    return a, b


A_TEXT = LOYALTY.read_text(encoding="utf-8")
B_TEXT = SMS.read_text(encoding="utf-8")


# -- the example pair --------------------------------------------------------------


def test_each_plan_of_the_pair_is_clean_alone() -> None:
    for path in (LOYALTY, SMS):
        code, found = check_json(str(path))
        assert (code, found) == (0, []), path


def test_the_pair_raises_each_xp_rule_in_both_plans_at_exact_positions() -> None:
    code, found = check_json(str(LOYALTY), str(SMS))
    assert code == 1
    team_a = line_of(A_TEXT, "team: [Dana Ortiz")
    team_b = line_of(B_TEXT, "team: [Dana Ortiz")
    assert places(found, "XP001") == [
        ("portfolio-loyalty.yaml", team_a, column(A_TEXT, team_a, "Dana Ortiz")),
        ("portfolio-sms.yaml", team_b, column(B_TEXT, team_b, "Dana Ortiz")),
    ]
    mail_a, sms_a = line_of(A_TEXT, "- id: legacymail"), line_of(A_TEXT, "- id: textblast")
    mail_b, sms_b = line_of(B_TEXT, "- id: legacymail"), line_of(B_TEXT, "- id: textblast")
    assert places(found, "XP002") == [
        ("portfolio-loyalty.yaml", mail_a, 11),
        ("portfolio-loyalty.yaml", sms_a, 11),
        ("portfolio-sms.yaml", mail_b, 11),
        ("portfolio-sms.yaml", sms_b, 11),
    ]
    dana_a = line_of(A_TEXT, "{name: Dana Ortiz, role: migration lead")
    dana_b = line_of(B_TEXT, "{name: Dana Ortiz, role: migration lead")
    assert places(found, "XP003") == [
        ("portfolio-loyalty.yaml", dana_a, column(A_TEXT, dana_a, "0.8")),
        ("portfolio-sms.yaml", dana_b, column(B_TEXT, dana_b, "0.5")),
    ]
    assert {f["code"] for f in found} == set(XP)
    by_code = {(f["code"], Path(f["path"]).name): f for f in found}
    assert by_code[("XP001", "portfolio-loyalty.yaml")]["message"] == (
        f"`Dana Ortiz` is also on the cutover team of Northwind SMS consolidation ({os.path.relpath(SMS)}), "
        "whose cutover is within 48 hours of this one; nobody can run two cutovers at once: "
        "give each cutover its own team, or move one of them"
    )
    assert by_code[("XP001", "portfolio-sms.yaml")]["severity"] == "warning"
    assert by_code[("XP002", "portfolio-sms.yaml")]["severity"] == "error"
    assert "and their parallel runs overlap" in by_code[("XP002", "portfolio-sms.yaml")]["message"]
    xp3 = by_code[("XP003", "portfolio-sms.yaml")]["message"]
    assert xp3.startswith("`Dana Ortiz` has 50% of their time here and 130% in all with Northwind")
    assert "(2025-06-02 to 2026-05-15)" in xp3


def test_the_findings_folder_shows_the_pair_only() -> None:
    """The folder's other plans are versions of one plan (same name and
    organisation): they are not compared with each other."""
    _, found = check_json(str(ROOT / "examples" / "findings"))
    xp = {(f["code"], Path(f["path"]).name) for f in found if f["code"].startswith("XP")}
    assert xp == {(c, n) for c in XP for n in ("portfolio-loyalty.yaml", "portfolio-sms.yaml")}


# -- passing cases -------------------------------------------------------------------


def test_xp001_cutovers_more_than_48_hours_apart_pass(tmp_path: Path) -> None:
    sms = B_TEXT.replace("at: 2026-03-11T10:00:00+01:00", "at: 2026-03-12T10:00:01+01:00")
    _, found = check_json(*map(str, write_pair(tmp_path, A_TEXT, sms)))
    assert places(found, "XP001") == []
    exact = B_TEXT.replace("at: 2026-03-11T10:00:00+01:00", "at: 2026-03-12T10:00:00+01:00")
    _, found = check_json(*map(str, write_pair(tmp_path, A_TEXT, exact)))
    assert len(places(found, "XP001")) == 2  # 48 hours exactly is within


def test_xp001_window_is_an_option_and_names_compare_without_case(tmp_path: Path) -> None:
    sms = B_TEXT.replace("team: [Dana Ortiz,", "team: [dana  ORTIZ,")
    a, b = write_pair(tmp_path, A_TEXT, sms)
    (tmp_path / ".migralint.yaml").write_text(
        "options:\n  XP001: {window: PT12H}\n", encoding="utf-8"
    )
    _, found = check_json(str(a), str(b), cwd=tmp_path)
    assert places(found, "XP001") == []
    (tmp_path / ".migralint.yaml").unlink()
    _, found = check_json(str(a), str(b), cwd=tmp_path)
    assert [f["message"][:14] for f in found if f["code"] == "XP001"] == [
        "`Dana Ortiz` i",
        "`dana  ORTIZ` ",
    ]


def test_xp002_separate_parallel_runs_and_cutovers_pass(tmp_path: Path) -> None:
    sms = B_TEXT.replace(
        "{id: parallel-run, starts: 2026-02-16, ends: 2026-03-09}",
        "{id: parallel-run, starts: 2026-02-16, ends: 2026-02-20}",
    ).replace("{id: parallel-run, starts: 2026-02-16", "{id: parallel-run, starts: 2026-02-16", 1)
    loyalty = A_TEXT.replace(
        "{id: parallel-run, starts: 2026-02-16, ends: 2026-03-09}",
        "{id: parallel-run, starts: 2026-02-23, ends: 2026-03-09}",
    )
    _, found = check_json(*map(str, write_pair(tmp_path, loyalty, sms)))
    # The runs no longer overlap, but the cutovers are a day apart: still XP002.
    assert "within 1 week" in next(f["message"] for f in found if f["code"] == "XP002")
    far = sms.replace("at: 2026-03-11T10:00:00+01:00", "at: 2026-03-18T10:00:01+01:00")
    _, found = check_json(*map(str, write_pair(tmp_path, loyalty, far)))
    assert places(found, "XP002") == []


def test_xp002_same_name_under_another_id(tmp_path: Path) -> None:
    sms = B_TEXT.replace("- id: legacymail", "- id: lm-eu")
    _, found = check_json(*map(str, write_pair(tmp_path, A_TEXT, sms)))
    line = line_of(sms, "- id: lm-eu") + 1  # the `name: LegacyMail` line below it
    assert ("portfolio-sms.yaml", line, 13) in places(found, "XP002")
    assert len(places(found, "XP002")) == 4


def test_xp003_at_most_a_whole_person_passes(tmp_path: Path) -> None:
    sms = B_TEXT.replace("allocation: 0.5}", "allocation: 0.2}")
    _, found = check_json(*map(str, write_pair(tmp_path, A_TEXT, sms)))
    assert places(found, "XP003") == []


def test_xp003_plans_that_do_not_overlap_pass(tmp_path: Path) -> None:
    """The SMS plan a year later: it starts after the loyalty move's last day."""
    sms = re.sub(
        r"\b(\d{4})-(\d\d-\d\d)(?=\b|T)", lambda m: f"{int(m[1]) + 1}-{m[2]}", B_TEXT
    ).replace("2027-02-29", "2027-02-28")
    _, found = check_json(*map(str, write_pair(tmp_path, A_TEXT, sms)))
    assert places(found, "XP003") == []


def test_one_plan_alone_runs_no_xp_rule() -> None:
    code, found = check_json(str(LOYALTY))
    assert code == 0 and found == []


# -- what applies to every finding applies to these ----------------------------------


TEAM = "    team: [Dana Ortiz, Malik Chen, NewCloud onboarding engineer, CRM on-call]"


def waive(text: str, directive: str) -> str:
    """``text`` with a waiver on its own line above the cutover team."""
    assert TEAM in text
    return text.replace(TEAM, f"    # migralint: {directive}\n{TEAM}", 1)


def test_an_inline_waiver_waives_an_xp_finding_in_its_plan_only(tmp_path: Path) -> None:
    waived = waive(A_TEXT, 'disable=XP001 reason="agreed with the SMS team" approver=Priya')
    a, b = write_pair(tmp_path, waived, B_TEXT)
    _, found = check_json(str(a), str(b))
    assert [Path(f["path"]).name for f in found if f["code"] == "XP001"] == ["portfolio-sms.yaml"]
    assert not [f for f in found if f["code"] in ("PL009", "PL010")]
    done = run_cli("check", "--show-waived", str(a), str(b))
    assert "XP001" in done.stdout and "agreed with the SMS team" in done.stdout


def test_an_expired_xp_waiver_stops_waiving(tmp_path: Path) -> None:
    waived = waive(A_TEXT, "disable=XP001 reason=agreed expires=2020-01-01")
    a, b = write_pair(tmp_path, waived, B_TEXT)
    _, found = check_json(str(a), str(b))
    mine = [f for f in found if f["code"] == "XP001" and f["path"].endswith("loyalty.yaml")]
    assert len(mine) == 1 and "expired on 2020-01-01" in mine[0]["message"]


def test_an_unused_xp_waiver_is_reported_only_when_plans_are_compared(tmp_path: Path) -> None:
    waived = waive(A_TEXT, "disable=XP002 reason=later")
    a, b = write_pair(tmp_path, waived, B_TEXT)
    _, found = check_json(str(a), str(b))
    assert places(found, "PL010") == [
        ("portfolio-loyalty.yaml", line_of(waived, "disable=XP002"), 5)
    ]
    _, alone = check_json(str(a))
    assert places(alone, "PL010") == []


def test_per_file_ignores_apply_to_xp_findings(tmp_path: Path) -> None:
    write_pair(tmp_path, A_TEXT, B_TEXT)
    (tmp_path / ".migralint.yaml").write_text(
        "per-file-ignores:\n  portfolio-sms.yaml: [XP]\n", encoding="utf-8"
    )
    _, found = check_json("portfolio-loyalty.yaml", "portfolio-sms.yaml", cwd=tmp_path)
    assert {Path(f["path"]).name for f in found if f["code"].startswith("XP")} == {
        "portfolio-loyalty.yaml"
    }


def test_a_baseline_hides_xp_findings_until_they_change(tmp_path: Path) -> None:
    a, b = write_pair(tmp_path, A_TEXT, B_TEXT)
    base = tmp_path / "baseline.json"
    done = run_cli("check", "--write-baseline", str(base), str(a), str(b))
    assert done.returncode == 0, done.stderr
    code, found = check_json("--baseline", str(base), str(a), str(b))
    assert (code, found) == (0, [])


def test_select_and_ignore_reach_xp_rules() -> None:
    _, found = check_json("--select", "XP001", str(LOYALTY), str(SMS))
    assert {f["code"] for f in found} == {"XP001"}
    _, found = check_json("--ignore", "XP", str(LOYALTY), str(SMS))
    assert found == []


def test_sarif_and_text_carry_xp_findings() -> None:
    done = run_cli("check", "--format", "sarif", str(LOYALTY), str(SMS))
    results = json.loads(done.stdout)["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == sorted([*XP, *XP, "XP002", "XP002"])


# -- the engine: portfolio rules are declarative -------------------------------------

LOCAL = """\
family: LP
title: Local portfolio rules
rules:
  - code: LP001
    name: same-crm-on-one-day
    scope: portfolio
    severity: info
    summary: Two plans sync the same CRM and cut over within a day.
    rationale: One CRM, two cutovers, one on-call.
    source: Northwind migration handbook
    then:
      - check: shared-when-close
        with:
          share: "discovery.integrations[].system"
          close:
            - {moment: timeline.cutover.at, within: P1D, says: "cutovers within {within}"}
    message: "`{value}` is also synced by {others} ({count} other), {how}"
    examples:
      fail: |
        discovery:
          integrations:
            - {id: crm, system: Salesforce CRM}
        timeline: {cutover: {at: 2025-03-11T10:00:00Z}}
        ---
        plan: {name: other}
        discovery:
          integrations:
            - {id: crm, system: Salesforce CRM}
        timeline: {cutover: {at: 2025-03-11T12:00:00Z}}
      pass: |
        discovery:
          integrations:
            - {id: crm, system: Salesforce CRM}
        timeline: {cutover: {at: 2025-03-11T10:00:00Z}}
        ---
        plan: {name: other}
        discovery:
          integrations:
            - {id: crm, system: Salesforce CRM}
        timeline: {cutover: {at: 2025-03-14T12:00:00Z}}
"""


def test_a_local_portfolio_rule(tmp_path: Path) -> None:
    rules = tmp_path / "local.yaml"
    rules.write_text(LOCAL, encoding="utf-8")
    _, found = check_json("--rules", str(rules), "--select", "LP", str(LOYALTY), str(SMS))
    crm_a = line_of(A_TEXT, "system: Salesforce CRM")
    assert ("portfolio-loyalty.yaml", crm_a, 15) in places(found, "LP001")
    assert len(places(found, "LP001")) == 2 * 5  # the five systems both plans sync
    message = next(f["message"] for f in found if f["code"] == "LP001")
    assert message.endswith("(1 other), cutovers within 1 day")
    done = run_cli("test", str(rules))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_a_portfolio_check_in_a_plan_rule_is_a_load_error(tmp_path: Path) -> None:
    rules = tmp_path / "local.yaml"
    rules.write_text(LOCAL.replace("    scope: portfolio\n", ""), encoding="utf-8")
    done = run_cli("check", "--rules", str(rules), str(LOYALTY))
    assert done.returncode == 2
    assert "`shared-when-close` is a portfolio check" in done.stderr
    assert "scope: portfolio" in done.stderr


def test_a_plan_check_in_a_portfolio_rule_is_a_load_error(tmp_path: Path) -> None:
    rules = tmp_path / "local.yaml"
    text = LOCAL.replace(
        """      - check: shared-when-close
        with:
          share: "discovery.integrations[].system"
          close:
            - {moment: timeline.cutover.at, within: P1D, says: "cutovers within {within}"}
""",
        """      - check: require
        with: {fields: plan.owner}
""",
    )
    rules.write_text(text, encoding="utf-8")
    done = run_cli("check", "--rules", str(rules), str(LOYALTY))
    assert done.returncode == 2
    assert "`require` is a one-plan check" in done.stderr


def test_a_portfolio_example_with_one_plan_fails_the_rule_test(tmp_path: Path) -> None:
    rules = tmp_path / "local.yaml"
    text = LOCAL.replace(
        "        ---\n        plan: {name: other}\n",
        "        plan: {name: other}\n",
        1,
    )
    rules.write_text(text, encoding="utf-8")
    done = run_cli("test", str(rules))
    assert done.returncode == 1
    assert "separate its plans with `---` lines" in done.stdout


# -- bounded ---------------------------------------------------------------------------


def test_many_plans_sharing_everyone_stay_bounded(tmp_path: Path) -> None:
    """300 different plans, one person on every cutover team on one day:
    groups above the pairwise size are counted through sorted lists, and
    each finding names three plans and counts the rest."""
    for n in range(300):
        (tmp_path / f"p{n:03}.yaml").write_text(
            A_TEXT.replace("Northwind loyalty messaging move", f"Project {n:03}"),
            encoding="utf-8",
        )
    done = run_cli("check", "--format", "json", "--select", "XP001", str(tmp_path), timeout=300)
    found = json.loads(done.stdout)["findings"]
    assert len(found) == 300 * 4  # each of the 4 team members, in each plan
    assert "and 296 more" in found[0]["message"]


@pytest.mark.parametrize("code", XP)
def test_explain_describes_each_xp_rule(code: str) -> None:
    done = run_cli("explain", code)
    assert done.returncode == 0
    assert code in done.stdout


def test_checks_lists_the_portfolio_checks_with_their_scope() -> None:
    done = run_cli("checks", "--format", "json")
    scopes = {c["name"]: c["scope"] for c in json.loads(done.stdout)}
    assert scopes["shared-when-close"] == scopes["concurrent-sum-at-most"] == "portfolio"
    assert scopes["require"] == "plan"
    text = run_cli("checks").stdout
    assert "close: list of {moment, within, starts, ends, says} (required)" in text


# -- regressions: what a pull request must not be able to do -------------------------

SMALL = """\
migralint: 1
plan: {{name: {name}}}
timeline:
  cutover:
    at: {at}
    team: [Dana Ortiz]
"""


def small(folder: Path, name: str, at: str = "2025-03-11T10:00:00+01:00") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(SMALL.format(name=name, at=at), encoding="utf-8")
    return path


def xp_files(found: list[dict], code: str = "XP001") -> list[str]:
    return sorted(Path(f["path"]).name for f in found if f["code"] == code)


def test_one_plans_configuration_does_not_set_the_rule_for_the_others(tmp_path: Path) -> None:
    small(tmp_path / "d2", "b", "2025-03-11T11:00:00+01:00")
    small(tmp_path / "d3", "a")
    small(tmp_path / "z", "z", "2030-01-01T10:00:00+01:00")
    (tmp_path / "z" / ".migralint.yaml").write_text(
        "options:\n  XP001: {window: PT0S}\n", encoding="utf-8"
    )
    args = ("--select", "XP001", "d3/a.yaml", "d2/b.yaml", "z/z.yaml")
    _, found = check_json(*args, cwd=tmp_path)
    assert xp_files(found) == ["a.yaml", "b.yaml"]
    _, again = check_json(*reversed(args[2:]), "--select", "XP001", cwd=tmp_path)
    assert again == found


def test_plans_whose_configurations_set_the_rule_apart_are_not_compared(tmp_path: Path) -> None:
    small(tmp_path / "d2", "b", "2025-03-11T11:00:00+01:00")
    small(tmp_path / "d3", "a")
    (tmp_path / "d3" / ".migralint.yaml").write_text(
        "options:\n  XP001: {window: PT30M}\n", encoding="utf-8"
    )
    code, found = check_json("--select", "XP001", "d3/a.yaml", "d2/b.yaml", cwd=tmp_path)
    assert (code, xp_files(found)) == (0, [])


def test_a_month_window_at_the_calendars_edge_is_no_internal_error(tmp_path: Path) -> None:
    small(tmp_path, "a", '"0001-01-01T00:00:00+14:00"')
    small(tmp_path, "b")
    (tmp_path / ".migralint.yaml").write_text(
        "options:\n  XP001: {window: P1M}\n", encoding="utf-8"
    )
    done = run_cli("check", "--select", "XP001", "a.yaml", "b.yaml", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "internal error" not in done.stderr


def test_a_large_group_never_compares_versions_and_names_close_plans(tmp_path: Path) -> None:
    for n in range(70):  # cutovers a year apart: none is close to another
        small(tmp_path, f"p{n:02}", f"{1950 + n}-03-11T10:00:00+01:00")
    (tmp_path / "p00-draft.yaml").write_text(
        (tmp_path / "p00.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _, found = check_json("--select", "XP001", ".", cwd=tmp_path)
    assert xp_files(found) == []
    small(tmp_path, "q", "1950-03-11T12:00:00+01:00")  # close to p00 (and its draft)
    _, found = check_json("--select", "XP001", ".", cwd=tmp_path)
    assert xp_files(found) == ["p00-draft.yaml", "p00.yaml", "q.yaml"]
    by_file = {Path(f["path"]).name: f["message"] for f in found}
    assert "cutover team of q (q.yaml), whose" in by_file["p00.yaml"]
    assert "cutover team of q (q.yaml), whose" in by_file["p00-draft.yaml"]
    assert "of p00 (p00-draft.yaml), p00 (p00.yaml), whose" in by_file["q.yaml"]


def test_xp003_over_many_plans_names_three_and_counts_the_rest(tmp_path: Path) -> None:
    text = "migralint: 1\nplan: {{name: p{n}}}\ntimeline: {{kickoff: 2025-01-06, retirement: 2025-06-30}}\nteam:\n  members:\n    - {{name: Dana Ortiz, role: lead, allocation: 0.1}}\n"
    for n in range(150):
        (tmp_path / f"p{n:03}.yaml").write_text(text.format(n=n), encoding="utf-8")
    _, found = check_json("--select", "XP003", ".", cwd=tmp_path)
    assert len(found) == 150
    assert (
        "1500% in all with p1 (p001.yaml), p2 (p002.yaml), p3 (p003.yaml) and 146 more"
        in (found[0]["message"])
    )
    assert (
        "with p0 (p000.yaml), p2 (p002.yaml), p3 (p003.yaml) and 146 more" in (found[1]["message"])
    )


def test_overrides_set_the_severity_of_xp_findings(tmp_path: Path) -> None:
    small(tmp_path, "A")
    small(tmp_path, "B", "2025-03-11T11:00:00+01:00")
    (tmp_path / ".migralint.yaml").write_text(
        "overrides:\n  - when: {plan.name: {equals: A}}\n    severity: {XP001: error}\n",
        encoding="utf-8",
    )
    code, found = check_json("--select", "XP001", "A.yaml", "B.yaml", cwd=tmp_path)
    assert code == 1
    assert sorted((Path(f["path"]).name, f["severity"]) for f in found) == [
        ("A.yaml", "error"),
        ("B.yaml", "warning"),
    ]


def test_a_stale_xp_waiver_is_reported_when_the_rule_found_nothing_there(tmp_path: Path) -> None:
    a = small(tmp_path, "a")
    a.write_text(
        a.read_text(encoding="utf-8").replace(
            "    team:", "    # migralint: disable=XP001 reason=old\n    team:"
        ),
        encoding="utf-8",
    )
    small(tmp_path, "b", "2026-03-11T10:00:00+01:00")  # a year later: no conflict
    _, found = check_json("a.yaml", "b.yaml", cwd=tmp_path)
    assert places(found, "PL010") == [("a.yaml", 6, 5)]
    (tmp_path / ".migralint.yaml").write_text(
        "per-file-ignores:\n  a.yaml: [PL010]\n", encoding="utf-8"
    )
    _, found = check_json("a.yaml", "b.yaml", cwd=tmp_path)
    assert places(found, "PL010") == []
