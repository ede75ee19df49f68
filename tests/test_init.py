"""`init` writes a starter plan that passes the schema; `schema` prints it."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import lint
from helpers import run_cli as run


def test_init_writes_a_plan_that_passes_the_schema(tmp_path: Path) -> None:
    result = run("init", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("wrote a starter plan to migration-plan.yaml")
    text = (tmp_path / "migration-plan.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    found = lint(text)
    assert [f for f in found if f.code.startswith(("PL", "SC"))] == []
    assert "@@" not in text


def test_init_never_overwrites(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("mine\n")
    result = run("init", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "migralint: error: plan.yaml exists; not overwriting the file (give another path)\n"
    )
    assert plan.read_text() == "mine\n"


def test_schema_prints_the_plan_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$id"] == "https://migralint.dev/schemas/plan.schema.json"
    assert json.loads(run("schema", "--config").stdout)["title"] == "migralint configuration"
