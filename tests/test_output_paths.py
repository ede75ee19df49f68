"""Positions and paths in every format: the caret under wide characters,
paths relative to the source root, SARIF's uriBaseId, helpUri only where
the page exists, fingerprints per file, JUnit failures only at the fail
level."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers import EXAMPLE, ROOT, mutate
from helpers import run_cli as run
from migralint.rules import bundled_rules

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")


@pytest.mark.parametrize(
    ("prefix", "cells"),
    [
        ("이전 계획 ", 10),  # Korean: 4 wide syllables and 2 spaces
        ("แผนย้ายระบบ ", 11),  # Thai: the tone mark takes no cell
        ("خطة الترحيل ", 12),  # Arabic: one cell a letter
        ("🚀🚀 ", 5),  # emoji: two cells each
        ("plain ", 6),
    ],
)
def test_the_caret_sits_under_the_column_after_wide_characters(
    tmp_path: Path, prefix: str, cells: int
) -> None:
    text = mutate(EXAMPLE, "  name: Northwind ESP consolidation", f"  name: {prefix}x\n  ownr: y")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    result = run("check", "--show-source", "--select", "SC001", "a.yaml", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("a.yaml:9:3: SC001 error ")
    # The line `  ownr: y` has no wide characters; put the wide ones on it.
    text = mutate(EXAMPLE, "  name: Northwind ESP consolidation", f"  name: {prefix}x: y")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    result = run("check", "--show-source", "--select", "PL001,SC001", "b.yaml", cwd=tmp_path)
    first, source, caret = result.stdout.splitlines()[:3]
    column = int(first.split(":")[2])
    assert column == len("  name: ") + len(prefix) + 2  # code points: after `x:`
    gutter = source.index("|") + 2
    assert caret == " " * (gutter + len("  name: ") + cells + 1) + "^"


def test_the_caret_width_counts_cells() -> None:
    from migralint.reporters.text import display_width

    assert display_width("이전") == 4
    assert display_width("ระบบ") == 4
    assert display_width("ย้าย") == 3  # U+0E49 (a tone mark) takes no cell
    assert display_width("🚀") == 2
    assert display_width("abc") == 3


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "plans").mkdir()
    (repo / "plans" / "a.yaml").write_text(FRIDAY)
    (repo / "plans" / "b.yaml").write_text(FRIDAY)
    return repo


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR")}


def test_an_absolute_path_is_shown_relative_in_every_format(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    plan = str(repo / "plans" / "a.yaml")
    text = run("check", plan, cwd=repo, env=_env())
    assert text.stdout.startswith("plans/a.yaml:62:9: TL001 ")
    github = run("check", "--format", "github", plan, cwd=repo, env=_env())
    assert github.stdout.startswith("::error file=plans/a.yaml,line=62,col=9,")
    gitlab = json.loads(run("check", "--format", "gitlab", plan, cwd=repo, env=_env()).stdout)
    assert gitlab[0]["location"] == {"path": "plans/a.yaml", "lines": {"begin": 62}}
    payload = json.loads(run("check", "--format", "json", plan, cwd=repo, env=_env()).stdout)
    assert payload["findings"][0]["path"] == "plans/a.yaml"


def test_ci_formats_name_files_from_the_repository_root_in_a_subfolder(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    github = run("check", "--format", "github", "a.yaml", cwd=repo / "plans", env=_env())
    assert github.stdout.startswith("::error file=plans/a.yaml,line=62,")
    env = {**_env(), "GITHUB_WORKSPACE": str(repo)}
    again = run("check", "--format", "github", "a.yaml", cwd=repo / "plans", env=env)
    assert again.stdout == github.stdout


def test_sarif_uses_a_uri_base_id_and_a_file_uri_outside_the_root(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(FRIDAY)
    result = run("check", "--format", "sarif", "plans/a.yaml", str(outside), cwd=repo, env=_env())
    sarif = json.loads(result.stdout)
    run_ = sarif["runs"][0]
    assert run_["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.as_uri() + "/"}}
    locations = {
        json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"], sort_keys=True)
        for r in run_["results"]
    }
    assert locations == {
        json.dumps({"uri": "plans/a.yaml", "uriBaseId": "%SRCROOT%"}, sort_keys=True),
        json.dumps({"uri": outside.as_uri()}, sort_keys=True),
    }


def test_two_identical_plans_do_not_share_fingerprints(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = run("check", "--format", "sarif", "plans", cwd=repo, env=_env())
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert len(results) == 2
    prints = {r["partialFingerprints"]["migralint/v1"] for r in results}
    assert len(prints) == 2
    again = json.loads(run("check", "--format", "sarif", "plans", cwd=repo, env=_env()).stdout)
    assert {r["partialFingerprints"]["migralint/v1"] for r in again["runs"][0]["results"]} == prints


def _slugs(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to `-`."""
    slugs = set()
    for heading in re.findall(r"^#+ (.+)$", markdown, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        slugs.add(slug)
    return slugs


def test_help_uri_only_where_the_page_and_anchor_exist(tmp_path: Path) -> None:
    from helpers import LOCAL_RULE

    (tmp_path / "a.yaml").write_text(FRIDAY)
    (tmp_path / "local.yaml").write_text(LOCAL_RULE)
    result = run("check", "--format", "sarif", "--rules", "local.yaml", "a.yaml", cwd=tmp_path)
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    anchors = _slugs((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in rules}
    assert "helpUri" not in by_id["LO001"]
    assert "Rule reference" not in by_id["LO001"]["help"]["markdown"]
    assert by_id["LO001"]["help"]["text"].startswith("An integration does not say")
    bundled = [r for r in rules if r["id"] != "LO001"]
    assert len(bundled) == len(bundled_rules())
    for rule in bundled:
        base, anchor = rule["helpUri"].split("#")
        assert base.endswith("/docs/rules.md")
        assert anchor in anchors, rule["id"]


def test_junit_a_finding_below_fail_on_is_output_not_a_failure(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    text = mutate(FRIDAY, "  playbook: https", "  x-playbook: https")  # DI009, an info
    (tmp_path / "a.yaml").write_text(text)
    result = run("check", "--format", "junit", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite is not None
    failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == ["TL001 friday-afternoon-cutover"]
    assert suite.get("failures") == "1"
    out = suite.find("system-out")
    assert out is not None and out.text is not None
    assert out.text.startswith("below the fail level (not failures):\na.yaml:")
    assert " DI009 info " in out.text
    strict = run("check", "--format", "junit", "--fail-on", "info", "a.yaml", cwd=tmp_path)
    suite = ET.fromstring(strict.stdout).find("testsuite")
    assert suite is not None and suite.get("failures") == "2"
