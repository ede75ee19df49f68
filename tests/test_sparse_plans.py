"""One finding per problem on sparse plans: a missing section is reported
once, by the rule about it, and the rules that read inside it stay silent;
a rule that finds several missing parts of one thing says so once."""

from __future__ import annotations

from pathlib import Path

from helpers import lint

PLANS = Path(__file__).parent / "plans"


def found(text: str) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in lint(text)]


def test_a_bare_header_gets_one_finding_per_missing_section() -> None:
    findings = lint("migralint: 1\n")
    assert [(f.code, f.message.split(";")[0]) for f in findings] == [
        ("CM001", "`communication` is missing"),
        ("DI001", "`discovery` is missing"),
        ("GV002", "the plan names no team (`team.members` is missing)"),
        ("SC001", "the plan: `plan` is required"),
        ("SC001", "the plan: `timeline` is required"),
    ]


def test_a_sparse_28_line_plan_says_each_missing_thing_once() -> None:
    text = (PLANS / "sparse-28-lines.yaml").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 28
    assert found(text) == [
        ("CM001", 1, 1),  # `communication` is missing (not training, nor the report too)
        ("CO001", 1, 1),  # no opt-out sync
        ("DI001", 1, 1),  # `discovery` is missing (not interviews, nor manual processes too)
        ("GV002", 1, 1),  # no team (not "no member has an allocation")
        ("PR005", 1, 1),  # no `testing` (PR004's scope is not reported beside it)
        ("DI009", 3, 3),
        ("GV001", 3, 3),
        ("PR001", 24, 5),  # the missing parallel run, once
        ("TL008", 24, 5),  # the other missing phases, in one finding
        ("PR007", 26, 5),
        ("PR008", 26, 5),
        ("CO004", 28, 13),
    ]
    messages = {f.code: f.message for f in lint(text)}
    assert messages["TL008"] == (
        "timeline.phases has no `build`, `uat` or `decommission` phases; a migration to a "
        "target platform needs discovery, build, uat, parallel-run and decommission phases"
    )


def test_no_two_findings_are_about_the_same_missing_thing() -> None:
    for text in ("migralint: 1\n", (PLANS / "sparse-28-lines.yaml").read_text(encoding="utf-8")):
        about = [f.pointer or f.message.split("`")[1] for f in lint(text) if f.code != "SC001"]
        missing = [a for a in about if a]
        # Each missing thing (a path) is named by one finding only.
        named = [m.split(".")[0] for m in missing if m in ("communication", "discovery")]
        assert len(named) == len(set(named))
        codes = [f.code for f in lint(text)]
        assert codes.count("TL008") <= 1
        assert not {"DI004", "DI005", "CM003", "CM005", "PR004"} & set(codes)
