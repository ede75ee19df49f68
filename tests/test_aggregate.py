"""`aggregate`: count, sum, min, max and distinct over a selection, with
`where`, `group_by` and bounds; `sum-at-most` is a case of it."""

from __future__ import annotations

import pytest

from migralint import rules
from test_matchers import found, rule

TEAM = """\
timeline:
  cutover:
    team: [Dana, Malik, Ana]
team:
  members:
    - {name: Dana, role: QA lead, allocation: 0.2}
    - {name: Malik, role: qa engineer, allocation: 0.2}
    - {name: Ana, role: email developer, allocation: 0.6}
    - {name: Dana, role: QA lead, allocation: 0.9}
    - {name: Tom, role: QA analyst, allocation: yes}
"""


def agg(args: str, message: str = "{measure} {value} [{min},{max}] {group}") -> str:
    return rule(f"- check: aggregate\n  with: {{{args}}}", message=message)


def test_count_below_min_points_at_the_list() -> None:
    text = agg('given: "timeline.cutover.team[]", min: 4, max: 12')
    assert found(text, TEAM) == [(4, 11, "count 3 [4,12] ")]
    assert found(agg('given: "timeline.cutover.team[]", min: 3, max: 12'), TEAM) == []


def test_count_of_a_missing_list_is_zero_at_where_it_should_be() -> None:
    text = agg('given: "timeline.cutover.team[]", min: 4')
    assert found(text, "timeline:\n  cutover:\n    at: 2025-03-11T09:00:00Z\n") == [
        (4, 5, "count 0 [4,] ")
    ]


def test_count_above_max() -> None:
    assert found(agg('given: "team.members[]", max: 4'), TEAM) == [(7, 5, "count 5 [,4] ")]


def test_sum_with_where_starts_with_ignoring_case() -> None:
    text = agg(
        'given: "team.members[]", where: {role: {starts_with: qa, ignore_case: true}}, '
        "measure: sum, field: allocation, min: 1.5"
    )
    # 0.2 + 0.2 + 0.9; Tom's `yes` is text, not a number.
    assert found(text, TEAM) == [(7, 5, "sum 1.3 [1.5,] ")]


@pytest.mark.parametrize(
    ("measure", "bounds", "expected"),
    [
        ("min", "min: 0.3", ["min 0.2 [0.3,] "]),
        ("max", "max: 0.8", ["max 0.9 [,0.8] "]),
        ("distinct", "min: 5", ["distinct 4 [5,] "]),
        ("max", "max: 0.9", []),
    ],
)
def test_min_max_distinct(measure: str, bounds: str, expected: list[str]) -> None:
    field = "allocation" if measure != "distinct" else "name"
    text = agg(f'given: "team.members[]", measure: {measure}, field: {field}, {bounds}')
    assert [m for _, _, m in found(text, TEAM)] == expected


def test_group_by_points_at_each_groups_first_item() -> None:
    text = agg('given: "team.members[]", measure: sum, field: allocation, group_by: name, max: 1')
    assert found(text, TEAM) == [(7, 7, "sum 1.1 [,1] Dana")]


def test_tipping_points_at_the_item_that_took_the_sum_over() -> None:
    text = agg(
        'given: "team.members[]", measure: sum, field: allocation, group_by: name, max: 1, '
        "at: tipping"
    )
    assert found(text, TEAM) == [(10, 47, "sum 1.1 [,1] Dana")]


def test_sum_at_most_is_a_case_of_aggregate() -> None:
    text = rule(
        '- check: sum-at-most\n  with: {given: "team.members[]", field: allocation, '
        "group_by: name, max: 1.0}",
        message="{group} {total} > {max} ({field})",
    )
    assert found(text, TEAM) == [(10, 47, "Dana 1.1 > 1 (allocation)")]


def test_an_empty_selection_has_no_sum() -> None:
    text = agg('given: "team.members[]", measure: sum, field: allocation, min: 1')
    assert found(text, "team:\n  members: []\n") == []


def test_a_bad_measure_is_a_load_error() -> None:
    with pytest.raises(rules.RuleFileError, match="measure"):
        text = agg('given: "team.members[]", measure: avg, field: allocation, min: 1')
        rules.load_rule_file(text, "local.yaml")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ('given: "team.members[]", measure: sum, min: 1', "'field' is a required property"),
        ('given: "team.members[]"', "arguments: needs `min` or `max`"),
    ],
)
def test_a_measure_needs_its_field_and_a_bound(args: str, said: str) -> None:
    with pytest.raises(rules.RuleFileError, match=said):
        rules.load_rule_file(agg(args), "local.yaml")
