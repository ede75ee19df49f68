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
