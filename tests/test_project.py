"""The project's own promises: the README's commands are the ones CI runs,
the package data is declared, the hook file is well-formed."""

from __future__ import annotations

import re

import yaml

from helpers import ROOT


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = next(c for c in _readme_commands() if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command.replace("python3", "$PYTHON") in ci


def test_readme_main_command_lints_the_bundled_example() -> None:
    main = _readme_commands()[0]
    assert "pip install ." in main and "migralint check examples/northwind-clean.yaml" in main


def test_rules_and_schemas_are_packaged() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"rules" = "migralint/_data/rules"' in pyproject
    assert '"schemas" = "migralint/_data/schemas"' in pyproject


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "migralint"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    assert hook["entry"] == "migralint check --skip-non-plans"


def test_readme_links_work_on_a_package_index_page() -> None:
    """A package index shows the README without the repository around it: a
    relative link (`docs/rules.md`, `#limits`) leads nowhere there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    assert targets, "the README links to its docs"
    assert [t for t in targets if not t.startswith("https://")] == []


def test_readme_waiver_examples_have_not_expired() -> None:
    """A copied example waiver must waive: its `expires` is still ahead."""
    import datetime as dt

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    dates = re.findall(r"expires[:=] ?(\d{4}-\d\d-\d\d)", text)
    assert len(dates) >= 2
    assert [d for d in dates if dt.date.fromisoformat(d) <= dt.date.today()] == []


def test_the_project_has_its_licence_and_type_marker() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert (ROOT / "src" / "migralint" / "py.typed").exists()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject and 'license-files = ["LICENSE"]' in pyproject
