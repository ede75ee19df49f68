"""A plan cannot multiply the report: messages quote short excerpts, and
findings are capped per rule and file (--max-findings, PL012).

The outside review anchored a 1 MB scalar and aliased it 1,000 times in
`testing.parallel_run.scope`: 1,000 SC002 findings each quoting the whole
megabyte, a 1.0 GB report and 3.9 GB of memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import EXAMPLE, line_of, mutate
from helpers import run_cli as run
from migralint import caps, loader
from migralint import runner as runner_module
from migralint.discovery import Target
from migralint.engine import render
from migralint.finding import Finding
from migralint.runner import Job, lint_target
from migralint.textutil import ELLIPSIS

SCOPE = "    scope: [opt-outs, welcome-journey, abandoned-cart, crm-sync]\n"
MEGABYTE = 1024 * 1024


def scope_plan(items: list[str]) -> str:
    """The example plan with ``items`` added to its parallel-run scope."""
    known = ["opt-outs", "welcome-journey", "abandoned-cart", "crm-sync"]
    entries = "".join(f"      - {i}\n" for i in known + items)
    return mutate(EXAMPLE, SCOPE, "    scope:\n" + entries)


def aliased_megabyte() -> str:
    return scope_plan(["&big " + "x" * MEGABYTE] + ["*big"] * 999)


def distinct_ids(count: int, size: int = 1024) -> list[str]:
    return [f"{n:04d}" + "y" * (size - 4) for n in range(count)]


def check_json(*args: str, cwd: Path, timeout: int = 120) -> tuple[int, str, dict]:
    result = run("check", "--format", "json", *args, cwd=cwd, timeout=timeout)
    assert result.stderr == ""
    return result.returncode, result.stdout, json.loads(result.stdout)


def of(payload: dict, code: str) -> list[dict]:
    return [f for f in payload["findings"] if f["code"] == code]


# ------------------------------------------------------------------ the attack


@pytest.mark.slow
def test_aliased_megabyte_in_parallel_run_scope_gives_a_small_report(tmp_path: Path) -> None:
    plan = aliased_megabyte()
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    code, out, payload = check_json("plan.yaml", cwd=tmp_path, timeout=300)
    assert code == 1
    assert len(out) < MEGABYTE, f"a {len(out):,}-byte report"
    assert all(len(f["message"]) < 400 for f in payload["findings"])
    if of(payload, "PL006"):  # the alias budget counts what aliases expand to
        return
    sc002 = of(payload, "SC002")
    assert len(sc002) == 100
    assert all(("x" * 40 + ELLIPSIS) in f["message"] for f in sc002)
    first = line_of(plan, "- &big")
    (truncated,) = of(payload, "PL012")
    assert (truncated["line"], truncated["column"]) == (first + 100, 9)
    assert truncated["message"] == (
        "900 more SC002 findings in this file are not shown (--max-findings 100)"
    )
    assert truncated["severity"] == "error"
    assert payload["summary"]["truncated"] == 900


@pytest.mark.slow
def test_thousand_distinct_kilobyte_ids_give_a_small_capped_report(tmp_path: Path) -> None:
    plan = scope_plan(distinct_ids(1000))
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    code, out, payload = check_json("plan.yaml", cwd=tmp_path)
    assert code == 1
    assert len(out) < MEGABYTE // 10
    assert len(of(payload, "SC002")) == 100
    (truncated,) = of(payload, "PL012")
    first = line_of(plan, "- 0000y")
    assert (truncated["path"], truncated["line"], truncated["column"]) == (
        "plan.yaml",
        first + 100,
        9,
    )
    assert truncated["message"].startswith("900 more SC002 findings in this file")
    text = run("check", "plan.yaml", cwd=tmp_path).stdout.splitlines()
    assert text[-1] == "101 errors in 1 file (1 file checked; 900 not shown over --max-findings)"

    # 0: no cap; N: at most N; the configuration's key; the flag over the key.
    _, _, unlimited = check_json("--max-findings", "0", "plan.yaml", cwd=tmp_path)
    assert len(of(unlimited, "SC002")) == 1000 and not of(unlimited, "PL012")
    _, _, five = check_json("--max-findings", "5", "plan.yaml", cwd=tmp_path)
    assert len(of(five, "SC002")) == 5
    assert of(five, "PL012")[0]["message"] == (
        "995 more SC002 findings in this file are not shown (--max-findings 5)"
    )
    (tmp_path / ".migralint.yaml").write_text("max-findings: 3\n", encoding="utf-8")
    _, _, three = check_json("plan.yaml", cwd=tmp_path)
    assert len(of(three, "SC002")) == 3 and three["summary"]["truncated"] == 997
    _, _, flag = check_json("--max-findings", "7", "plan.yaml", cwd=tmp_path)
    assert len(of(flag, "SC002")) == 7


def test_max_findings_must_be_a_count(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(EXAMPLE, encoding="utf-8")
    assert run("check", "--max-findings", "-1", "plan.yaml", cwd=tmp_path).returncode == 2
    (tmp_path / ".migralint.yaml").write_text("max-findings: many\n", encoding="utf-8")
    result = run("check", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "max-findings" in result.stderr, result.stderr


# ------------------------------------------------------- what the cap counts


def lint_file(tmp_path: Path, plan: str, config: str = "", **job: object):  # type: ignore[no-untyped-def]
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / ".migralint.yaml").write_text(config or "{}\n", encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(plan, encoding="utf-8")
    runner_module._CONFIGS.clear()
    runner_module._PREPARED.clear()  # (each test writes its own configuration)
    return lint_target(Target(str(path), explicit=True), Job(**job))  # type: ignore[arg-type]


def test_waived_findings_never_fill_the_cap(tmp_path: Path) -> None:
    """The cap applies to what would be reported: 150 unknown ids, 60 of them
    waived, leave 90 under a cap of 100, and nothing is hidden."""
    plan = scope_plan(distinct_ids(150, size=8))
    waivers = "".join(
        f"  - {{rule: SC002, at: 'testing.parallel_run.scope[{i}]', reason: CAB-1}}\n"
        for i in range(4, 64)  # (after the plan's four known ids)
    )
    result = lint_file(tmp_path, plan, "waivers:\n" + waivers)
    assert [f.code for f in result.findings].count("SC002") == 90
    assert "PL012" not in {f.code for f in result.findings}
    assert (len(result.waived), result.hidden) == (60, 0)
    unwaived = lint_file(tmp_path, plan)
    assert [f.code for f in unwaived.findings].count("SC002") == 100
    (truncated,) = [f for f in unwaived.findings if f.code == "PL012"]
    assert truncated.message.startswith("50 more SC002 findings")


def test_ignored_findings_never_fill_the_cap(tmp_path: Path) -> None:
    plan = scope_plan(distinct_ids(150, size=8))
    result = lint_file(tmp_path, plan, "per-file-ignores: {'plan.yaml': [SC002]}\n")
    assert "SC002" not in {f.code for f in result.findings}
    assert "PL012" not in {f.code for f in result.findings}
    assert result.ignored == 150 and result.hidden == 0


def test_new_findings_are_not_hidden_behind_baselined_ones(tmp_path: Path) -> None:
    """The cap comes after the baseline: 150 known ids in the baseline, 10 new
    ones, and all 10 new ones are reported."""
    ids = distinct_ids(150, size=8)
    (tmp_path / "plan.yaml").write_text(scope_plan(ids), encoding="utf-8")
    written = run("check", "--write-baseline", "base.json", "plan.yaml", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert "wrote 150 finding(s)" in written.stderr  # the baseline records every finding
    new = [f"new{n}" for n in range(10)]
    (tmp_path / "plan.yaml").write_text(scope_plan(ids + new), encoding="utf-8")
    code, _, payload = check_json("--baseline", "base.json", "plan.yaml", cwd=tmp_path)
    assert code == 1
    assert sorted(f["message"].split("`")[1] for f in of(payload, "SC002")) == sorted(new)
    assert not of(payload, "PL012")
    assert payload["summary"]["baselined"] == 150
    _, _, capped = check_json(
        "--baseline", "base.json", "--max-findings", "4", "plan.yaml", cwd=tmp_path
    )
    assert len(of(capped, "SC002")) == 4 and capped["summary"]["truncated"] == 6


def test_the_cap_keeps_the_exit_code(tmp_path: Path) -> None:
    """PL012 takes the severity of the most severe finding it hides."""
    (tmp_path / "plan.yaml").write_text(scope_plan(distinct_ids(5, size=8)), encoding="utf-8")
    (tmp_path / ".migralint.yaml").write_text("severity: {SC002: warning}\n", encoding="utf-8")
    code, _, payload = check_json("--max-findings", "1", "plan.yaml", cwd=tmp_path)
    assert code == 0
    assert of(payload, "PL012")[0]["severity"] == "warning"
    code, _, _ = check_json(
        "--max-findings", "1", "--fail-on", "warning", "plan.yaml", cwd=tmp_path
    )
    assert code == 1


def test_loader_diagnostics_it_did_not_keep_are_counted(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The loader keeps the first diagnostics of a code and counts the rest in
    `Document.dropped`; the cap adds them to its PL012 finding."""
    real = loader.load

    def load(content: bytes, **kwargs: object) -> loader.Document:
        doc = real(content)
        doc.dropped = {"PL002": 4000, "PL004": 0}  # type: ignore[attr-defined]
        return doc

    monkeypatch.setattr(loader, "load", load)
    plan = EXAMPLE + "extra: 1\nextra: 2\nextra: 3\n"
    result = lint_file(tmp_path, plan, max_findings=1)
    (truncated,) = [f for f in result.findings if f.code == "PL012"]
    assert truncated.message == (
        "4,001 more PL002 findings in this file are not shown (--max-findings 1)"
    )
    assert (truncated.line, truncated.column, truncated.severity) == (
        line_of(plan, "extra: 3"),
        1,
        "error",
    )
    ignored = lint_file(tmp_path, plan, "per-file-ignores: {'*': [PL002]}\n", max_findings=1)
    assert not [f for f in ignored.findings if f.code == "PL012" and "PL002" in f.message]


def test_cap_never_hides_a_failed_rule() -> None:
    found = [Finding("p.yaml", n, 1, "PL011", "rule-failed", "error", "x") for n in range(5)]
    capped = caps.cap(found, 1, "p.yaml")
    assert capped.findings == found and capped.hidden == 0


# ------------------------------------------------------------------ excerpts


def test_every_quoted_value_is_a_short_escaped_excerpt() -> None:
    message = render("scope entry `{item}` of `{path}`", {"item": "z" * MEGABYTE, "path": "a\x1bb"})
    assert message == f"scope entry `{'z' * 60}{ELLIPSIS}` of `a\\x1bb`"
    assert render("{n} and {b}", {"n": 12, "b": True}) == "12 and true"
    assert render("{n}", {"n": 10**5000}) == "a number of about 5,000 digits"
    assert render("{items}", {"items": ["q" * 1000] * 1000}).endswith(ELLIPSIS)
    assert len(render("{items}", {"items": ["q" * 1000] * 1000})) < 200


# -- a rule stops at the engine's ceiling ------------------------------------


def _bad_countries(count: int) -> str:
    return EXAMPLE.replace("  countries: [DE, US]", "  countries: [DE" + ", zz" * count + "]")


def test_rule_stops_at_the_engine_ceiling(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(runner_module, "CEILING", 50)
    plan = tmp_path / "plan.yaml"
    plan.write_text(_bad_countries(80), encoding="utf-8")
    result = lint_target(Target(str(plan), explicit=True), Job(max_findings=10))
    sc001 = [f for f in result.findings if f.code == "SC001"]
    assert len(sc001) == 10
    (note,) = [f for f in result.findings if f.code == "PL012"]
    assert note.message.startswith("rule SC001 stopped after")
    assert note.severity == "error"
    assert result.stopped == {"SC001"}


def test_no_cap_means_no_ceiling(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(runner_module, "CEILING", 50)
    plan = tmp_path / "plan.yaml"
    plan.write_text(_bad_countries(80), encoding="utf-8")
    result = lint_target(Target(str(plan), explicit=True), Job(max_findings=0))
    assert len([f for f in result.findings if f.code == "SC001"]) == 80
    assert not result.stopped


@pytest.mark.slow
def test_three_hundred_thousand_bad_country_codes_stop_at_the_ceiling(tmp_path: Path) -> None:
    # 1.2 MB of `zz`: one schema error each; all of them used to be made,
    # rendered and then capped (26 s).
    (tmp_path / "plan.yaml").write_text(_bad_countries(300_000), encoding="utf-8")
    result = run("check", "plan.yaml", cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert "PL012 error rule SC001 stopped after 10,000 findings in this file" in result.stdout
    assert len(result.stdout) < 100_000


# -- the reader's own cap comes after waivers and the baseline ----------------


def _repeated_owners(waived: bool) -> str:
    comment = '  # migralint: disable=PL002 reason="legacy export"\n' if waived else ""
    lines = "".join(f"{comment}  owner: x\n" for _ in range(150))
    return EXAMPLE.replace("  executive_sponsor:\n", lines + "  executive_sponsor:\n", 1)


def test_reader_diagnostics_past_the_cap_can_still_be_waived(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(_repeated_owners(waived=True), encoding="utf-8")
    result = run("check", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "no problems in 1 file (150 waived)\n"


def test_reader_diagnostics_past_the_cap_can_be_baselined(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(_repeated_owners(waived=False), encoding="utf-8")
    wrote = run("check", "plan.yaml", "--write-baseline", "b.json", cwd=tmp_path)
    assert "wrote 150 finding(s)" in wrote.stderr
    result = run("check", "plan.yaml", "--baseline", "b.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "no problems in 1 file (150 in the baseline)\n"
