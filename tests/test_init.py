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


def _codes_of_a_plan_written(tmp_path: Path, today) -> tuple[object, set[str]]:  # type: ignore[no-untyped-def]
    import yaml

    from migralint.commands import init_plan

    target = tmp_path / f"{today.isoformat()}.yaml"
    init_plan(str(target), today=today)
    text = target.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return data, {f.code for f in lint(text)}


def test_the_starter_cutover_is_a_tuesday_morning_clear_of_holidays_whenever_it_is_written(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from migralint.checks.calendar import holiday_on

    first = None
    for step in range(0, 3 * 365, 11):  # three years of writing days, every weekday
        today = dt.date(2026, 1, 1) + dt.timedelta(days=step)
        data, found = _codes_of_a_plan_written(tmp_path, today)
        at = data["timeline"]["cutover"]["at"]  # YAML 1.1 reads it as a date-time
        assert at.weekday() == 1 and at.hour == 10, (today, at)  # Tuesday 10:00
        assert holiday_on("DE", at.date()) is None
        assert holiday_on("DE", at.date() + dt.timedelta(days=1)) is None
        kickoff = data["timeline"]["kickoff"]
        assert kickoff > today  # the plan starts ahead of the day it is written
        assert (at.date() - kickoff).days == 253  # the other dates keep their distances
        assert not found & {"TL001", "TL002", "TL003", "TL015", "TL016", "TL017", "PR003"}
        first = first or found
        assert found == first, today  # the same findings (the TODOs), whenever written


def test_init_into_a_folder_writes_plan_yaml_there(tmp_path: Path) -> None:
    (tmp_path / "existing").mkdir()
    result = run("init", "existing", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote a starter plan to existing/plan.yaml;")
    assert (tmp_path / "existing" / "plan.yaml").is_file()
    fresh = run("init", "sub/", cwd=tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    assert (tmp_path / "sub" / "plan.yaml").is_file()
    again = run("init", "sub/", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr == (
        "migralint: error: sub/plan.yaml exists; not overwriting the file (give another path)\n"
    )


def test_a_fresh_starter_plan_points_at_each_todo(tmp_path: Path) -> None:
    run("init", "plan.yaml", cwd=tmp_path)
    result = run("check", "plan.yaml", "--select", "GV004", cwd=tmp_path)
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    lines = [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if "TODO" in line.split("#", 1)[0] and not line.lstrip().startswith("#")
    ]
    reported = {int(line.split(":")[1]) for line in result.stdout.splitlines()[:-1]}
    assert reported == set(lines)
