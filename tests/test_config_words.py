"""Configuration errors in plain words, each at its line: what a value must
be, with a did-you-mean, and rule options that name plan values checked
against the values the plan schema allows."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EXAMPLE
from helpers import run_cli as run


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "options: {TL001: {forbidden: [{weekday: fri, from: '16:00'}]}}\n",
            ".migralint.yaml:1:41: options.TL001.forbidden[0].weekday: `fri` is not a weekday "
            "(monday ... sunday); did you mean `friday`?",
        ),
        (
            "options:\n  TL001:\n    forbidden:\n      - {weekday: friday, from: '25:00'}\n",
            ".migralint.yaml:4:33: options.TL001.forbidden[0].from: `25:00` is not a time of day "
            "(HH:MM or HH:MM:SS)",
        ),
        (
            "options: {TL001: {forbidden: [{weekday: friday, from: }]}}\n",
            ".migralint.yaml:1:55: options.TL001.forbidden[0].from: `from` is empty; give a time "
            "of day (HH:MM or HH:MM:SS)",
        ),
        (
            "options:\n  DA003: {regulated: [retail, banking]}\n",
            ".migralint.yaml:2:31: options.DA003.regulated[1]: `banking` is not a value "
            "`plan.industry` can have (retail, financial-services, healthcare, insurance, "
            "public-sector, education, media, travel, other)",
        ),
        (
            "options:\n  DA003: {regulated: [financial]}\n",
            ".migralint.yaml:2:23: options.DA003.regulated[0]: `financial` is not a value "
            "`plan.industry` can have (retail, financial-services, healthcare, insurance, "
            "public-sector, education, media, travel, other); did you mean `financial-services`?",
        ),
    ],
)
def test_configuration_errors_say_what_the_value_must_be(
    tmp_path: Path, config: str, message: str
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plan.yaml").write_text(EXAMPLE)
    (tmp_path / ".migralint.yaml").write_text(config)
    result = run("check", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"migralint: error: {message}\n"


def test_a_valid_value_for_an_option_naming_plan_values_is_accepted(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plan.yaml").write_text(EXAMPLE)
    (tmp_path / ".migralint.yaml").write_text("options:\n  DA003: {regulated: [retail]}\n")
    result = run("check", "plan.yaml", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""


def test_a_rule_file_comparing_a_field_with_a_value_it_cannot_have_fails_to_load(
    tmp_path: Path,
) -> None:
    from helpers import LOCAL_RULE

    rule = LOCAL_RULE.replace("    then:\n", "    when: {plan.kind: {equals: replce}}\n    then:\n")
    (tmp_path / "local.yaml").write_text(rule)
    (tmp_path / "plan.yaml").write_text(EXAMPLE)
    result = run("check", "--rules", "local.yaml", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "`replce` is not a value `plan.kind` can have (replace, retire, consolidate); " in (
        result.stderr
    )
    assert "did you mean `replace`?" in result.stderr
