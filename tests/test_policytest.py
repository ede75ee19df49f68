"""`migralint test`: rules' examples and annotated fixtures, case by case,
at the line each case is written on."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import LOCAL_RULE, run_cli, shared_dir
from migralint import policytest

# The README's local rule, with examples that really fail and pass.
RULE = LOCAL_RULE.replace(
    """      fail: "x"
      pass: "y"
""",
    """\
      fail: |
        discovery:
          integrations:
            - {id: crm-sync}
      pass: |
        discovery:
          integrations:
            - {id: crm-sync, system: Salesforce}
""",
)
assert RULE != LOCAL_RULE
FAIL_LINE = 15  # the line of `fail: |` in RULE
PASS_LINE = 19

# Lines: 5 an own-line annotation for line 6; 7 a trailing one; 8-9 two
# own-line annotations stacked for line 10; line 11's `#` is string data.
FIXTURE = """\
migralint: 1
plan: {name: Northwind}
discovery:
  integrations:
    # expect: LO001
    - {id: crm-sync}
    - {id: web-forms, system: Forms}  # ok: LO001
    # ok: SC003
    # expect: integration-system-missing
    - id: forms
      owner: "x # expect: LO001"
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # the configuration search stops here
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return name


def failures(outcome: policytest.Outcome) -> list[str]:
    return [case.line_text() for case in outcome.cases if not case.passed]


# --- examples ------------------------------------------------------------------


def test_good_rule_file_passes(folder: Path) -> None:
    write(folder, "lo.yaml", RULE)
    outcome = policytest.run(("lo.yaml",))
    assert failures(outcome) == []
    assert [(c.line, c.name) for c in outcome.cases] == [
        (FAIL_LINE, "LO001 example fail"),
        (PASS_LINE, "LO001 example pass"),
    ]


def test_fail_example_that_does_not_fire(folder: Path) -> None:
    write(folder, "lo.yaml", RULE.replace("- {id: crm-sync}\n", "- {id: crm-sync, system: X}\n"))
    result = run_cli("test", "lo.yaml", cwd=folder)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"lo.yaml:{FAIL_LINE}: LO001 example `fail` raised nothing of LO001",
        "1 passed, 1 failed",
    ]
    assert result.stderr == ""


def test_pass_example_that_fires(folder: Path) -> None:
    write(folder, "lo.yaml", RULE.replace("{id: crm-sync, system: Salesforce}", "{id: crm-sync}"))
    assert failures(policytest.run(("lo.yaml",))) == [
        f"lo.yaml:{PASS_LINE}: LO001 example `pass` raised LO001 at line 3 of the example: "
        "integration `crm-sync` has no `system`; name the system it connects"
    ]


def test_example_with_a_misspelt_key_is_invalid(folder: Path) -> None:
    text = RULE.replace(
        "      pass: |\n        discovery:\n",
        "      pass: |\n        plan: {nmae: Northwind}\n        discovery:\n",
    )
    write(folder, "lo.yaml", text)
    assert failures(policytest.run(("lo.yaml",))) == [
        f"lo.yaml:{PASS_LINE}: LO001 example `pass` is not a valid plan: line 1 of the "
        "example: plan.nmae: unknown key `nmae`; did you mean `name`?"
    ]


def test_example_with_a_wrong_type_is_invalid_even_when_failing(folder: Path) -> None:
    # `owner` is not what LO001 is about: a fail example may not break the schema there.
    text = RULE.replace("- {id: crm-sync}\n", "- {id: crm-sync, owner: [a]}\n")
    write(folder, "lo.yaml", text)
    assert failures(policytest.run(("lo.yaml",))) == [
        f"lo.yaml:{FAIL_LINE}: LO001 example `fail` is not a valid plan: line 3 of the "
        "example: discovery.integrations[0].owner: expected a string, got a list"
    ]


def test_example_that_does_not_parse(folder: Path) -> None:
    text = RULE.replace("- {id: crm-sync}\n", "- {id: crm-sync\n")
    write(folder, "lo.yaml", text)
    (problem,) = failures(policytest.run(("lo.yaml",)))
    assert problem.startswith(
        f"lo.yaml:{FAIL_LINE}: LO001 example `fail` is not a valid plan: line 4 of the example: PL001 "
    ), problem


def test_fragment_may_leave_out_required_fields(folder: Path) -> None:
    # The examples above have no `plan.name` nor `timeline`, which the schema
    # requires: a fragment is a valid example.
    write(folder, "lo.yaml", RULE)
    assert policytest.run(("lo.yaml",)).failed == 0


def test_bundled_catalogue_passes() -> None:
    outcome = policytest.run(())
    assert failures(outcome) == []
    # every bundled rule made from a snippet has both examples run
    assert outcome.passed == 2 * len(
        [
            r
            for r in policytest.rulefiles.bundled_rules()
            if r.code not in policytest.NOT_FROM_A_SNIPPET
        ]
    )


def test_cli_with_no_arguments_runs_the_bundled_examples(folder: Path) -> None:
    result = run_cli("test", cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    (line,) = result.stdout.splitlines()
    assert line.endswith(" passed, 0 failed") and int(line.split()[0]) > 100


def test_bad_rule_file_is_one_line_exit_2(folder: Path) -> None:
    write(folder, "lo.yaml", RULE.replace("    rationale:", "    rationalle:"))
    result = run_cli("test", "lo.yaml", cwd=folder)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        "migralint: error: lo.yaml:8:5: rule LO001: rules[0].rationalle: unknown key "
    ), line
    assert "Traceback" not in result.stderr


def test_missing_path_is_exit_2(folder: Path) -> None:
    result = run_cli("test", "nowhere", cwd=folder)
    assert result.returncode == 2
    assert result.stderr == "migralint: error: nowhere: no such file or directory\n"


# --- fixtures ------------------------------------------------------------------


def test_annotations_on_their_lines() -> None:
    found, problems = policytest.annotations(FIXTURE)
    assert problems == []
    assert [(a.kind, a.code, a.line, a.written) for a in found] == [
        ("expect", "LO001", 6, 5),
        ("ok", "LO001", 7, 7),
        ("ok", "SC003", 10, 8),
        ("expect", "integration-system-missing", 10, 9),
    ]


def test_several_codes_and_malformed_annotations() -> None:
    found, problems = policytest.annotations(
        "a: 1  # expect: LO001, DI002\n# ok:\nb: 2  # expect: LO 001\n# ok: LO001\n"
    )
    assert [(a.code, a.line) for a in found] == [("LO001", 1), ("DI002", 1)]
    assert problems == [
        (2, "cannot read the annotation `# ok:` (write `# ok: CODE`)"),
        (3, "cannot read the annotation `# expect: LO 001` (write `# expect: CODE`)"),
        (4, "the annotation applies to no line (nothing follows it)"),
    ]


def test_fixture_passing(folder: Path) -> None:
    write(folder, "lo.yaml", RULE)
    write(folder, "fixtures/ok.yaml", FIXTURE)
    outcome = policytest.run(("lo.yaml", "fixtures"))
    assert failures(outcome) == []
    fixture = outcome.suites[-1]
    assert fixture.name == "fixtures/ok.yaml"
    assert [(c.line, c.name) for c in fixture.cases] == [
        (6, "expect LO001 line 6"),
        (7, "ok LO001 line 7"),
        (10, "expect LO001 line 10"),
        (10, "ok SC003 line 10"),
    ]


def test_fixture_failing_at_the_right_lines(folder: Path) -> None:
    write(folder, "lo.yaml", RULE)
    # Line 6 loses its finding; line 7 gains one, annotated `ok`; the item
    # now on line 9 loses its annotation, and one on line 11 has none.
    text = (
        FIXTURE.replace("- {id: crm-sync}", "- {id: crm-sync, system: CRM}")
        .replace("{id: web-forms, system: Forms}", "{id: web-forms}")
        .replace("    # expect: integration-system-missing\n", "")
        + "    - {id: ftp}\n"
    )
    write(folder, "fixtures/bad.yaml", text)
    result = run_cli("test", "lo.yaml", "fixtures", cwd=folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "fixtures/bad.yaml:6: expected LO001 at line 6, got nothing (it reports at line 7)",
        "fixtures/bad.yaml:7: unexpected LO001 at line 7 (annotated `ok`): integration "
        "`web-forms` has no `system`; name the system it connects",
        "fixtures/bad.yaml:9: unexpected LO001 at line 9: integration `forms` has no "
        "`system`; name the system it connects",
        "fixtures/bad.yaml:11: unexpected LO001 at line 11: integration `ftp` has no "
        "`system`; name the system it connects",
        "3 passed, 4 failed",
    ]


def test_expected_on_the_wrong_line_says_where_it_reports(folder: Path) -> None:
    write(folder, "lo.yaml", RULE)
    text = "migralint: 1\nplan: {name: N}\n# expect: LO001\ndiscovery:\n  integrations:\n    - {id: a}\n"
    write(folder, "f.yaml", text)
    assert failures(policytest.run(("lo.yaml", "f.yaml"))) == [
        "f.yaml:4: expected LO001 at line 4, got nothing (it reports at line 6)",
        "f.yaml:6: unexpected LO001 at line 6: integration `a` has no `system`; name the "
        "system it connects",
    ]


def test_only_annotated_codes_are_asserted(folder: Path) -> None:
    # DI002 (no owner) fires on lines 6 and 7 and SC001 (no timeline) on
    # line 1; only LO001 and SC003 are annotated, so only they are asserted.
    write(folder, "lo.yaml", RULE)
    write(folder, "f.yaml", FIXTURE)
    outcome = policytest.run(("lo.yaml", "f.yaml"))
    assert failures(outcome) == []
    assert {c.name.split()[1] for c in outcome.suites[-1].cases} == {"LO001", "SC003"}


def test_fixture_without_annotations_tests_nothing(folder: Path) -> None:
    write(folder, "lo.yaml", RULE)
    write(folder, "f.yaml", "migralint: 1\nplan: {name: N}\n# a comment\n")
    assert failures(policytest.run(("lo.yaml", "f.yaml"))) == [
        "f.yaml:1: no `# expect: CODE` or `# ok: CODE` annotation: the fixture tests nothing"
    ]


def test_annotation_naming_no_rule(folder: Path) -> None:
    write(folder, "lo.yaml", RULE)
    write(folder, "f.yaml", "migralint: 1\nplan: {name: N}  # ok: LO01\n")
    assert failures(policytest.run(("lo.yaml", "f.yaml"))) == [
        "f.yaml:2: `# ok: LO01` names no rule of this run; did you mean `LO001`?"
    ]


def test_unreadable_fixture_is_not_a_pass(folder: Path) -> None:
    write(folder, "lo.yaml", RULE)
    write(folder, "f.yaml", "migralint: 1\nplan: {name: N  # ok: LO001\n")
    (problem,) = failures(policytest.run(("lo.yaml", "f.yaml")))
    assert problem.startswith("f.yaml:3: the fixture was not checked: PL001 at line 3: "), problem


def test_fixtures_use_the_configuration(folder: Path) -> None:
    # The configuration names the rule file and sets an option-free severity:
    # the fixture is linted as `check` lints it, the examples are the config's rules'.
    write(folder, "lo.yaml", RULE)
    write(folder, ".migralint.yaml", "rules: [lo.yaml]\nignore: [DI]\n")
    write(folder, "fixtures/f.yaml", FIXTURE)
    outcome = policytest.run(("fixtures",))
    assert failures(outcome) == []
    assert [s.name for s in outcome.suites] == ["lo.yaml", "fixtures/f.yaml"]


def test_folder_holding_rule_files_and_fixtures(folder: Path) -> None:
    write(folder, "policies/lo.yaml", RULE)
    write(folder, "policies/fixtures/f.yaml", FIXTURE)
    outcome = policytest.run(("policies",))
    assert [s.name for s in outcome.suites] == ["policies/lo.yaml", "policies/fixtures/f.yaml"]
    assert outcome.failed == 0 and outcome.passed == 6


# --- JUnit ---------------------------------------------------------------------


def test_junit_validates_against_the_xsd(folder: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schemas = shared_dir("corpora", "schemas")
    write(folder, "lo.yaml", RULE.replace("- {id: crm-sync}\n", "- {id: crm-sync, system: X}\n"))
    write(
        folder,
        "fixtures/f.yaml",
        FIXTURE.replace("- {id: crm-sync}", "- {id: crm-sync, system: C}"),
    )
    result = run_cli("test", "--format", "junit", "lo.yaml", "fixtures", cwd=folder)
    assert result.returncode == 1
    assert result.stderr == "4 passed, 2 failed\n"
    for name in ("junit.xsd", "junit-jenkins-xunit-10.xsd"):
        schema = xmlschema.XMLSchema(str(schemas / name))
        errors = list(schema.iter_errors(result.stdout))
        assert not errors, "\n".join(f"{e.path}: {e.reason}" for e in errors)
    import xml.etree.ElementTree as ET

    root = ET.fromstring(result.stdout)
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("lo.yaml", "2", "1"),
        ("fixtures/f.yaml", "4", "1"),
    ]
    failed = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert [(c.get("classname"), c.get("name")) for c in failed] == [
        ("lo.yaml", "LO001 example fail"),
        ("fixtures/f.yaml", "expect LO001 line 6"),
    ]


def test_junit_to_a_file(folder: Path) -> None:
    write(folder, "lo.yaml", RULE)
    result = run_cli("test", "--format", "junit", "-o", "out.xml", "lo.yaml", cwd=folder)
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == "2 passed, 0 failed\n"
    assert (folder / "out.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_rule_file_named_by_the_fixtures_configuration_too(folder: Path) -> None:
    # The fixtures' folder has its own configuration naming the rule file
    # under test: it is loaded once (twice would be "LO001 is already used").
    write(folder, "lo.yaml", RULE)
    write(folder, "fixtures/.migralint.yaml", "rules: [../lo.yaml]\n")
    write(folder, "fixtures/f.yaml", FIXTURE)
    outcome = policytest.run(("lo.yaml", "fixtures"))
    assert failures(outcome) == []
    assert [s.name for s in outcome.suites] == ["lo.yaml", "fixtures/f.yaml"]
