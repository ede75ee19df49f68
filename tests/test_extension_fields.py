"""Extension fields: keys starting with `x-` (the OpenAPI convention) are
accepted anywhere without checking, and rule paths may name them."""

from __future__ import annotations

from helpers import EXAMPLE, at, line_of, lint, mutate
from test_matchers import found, rule


def with_extensions() -> str:
    text = mutate(EXAMPLE, "plan:\n", "x-generated-by: planner 2.1\nplan:\n  x-region: emea\n")
    text = mutate(
        text,
        "      owner: CRM team\n",
        "      owner: CRM team\n      x-cost-center: CC-1234\n      x-notes: {any: [thing, 1]}\n",
    )
    return mutate(text, "  datasets:\n", "  x-steward: Data office\n  datasets:\n")


def test_x_keys_anywhere_are_accepted_without_checking() -> None:
    assert lint(with_extensions()) == []


def test_a_key_that_is_almost_an_extension_is_still_unknown() -> None:
    text = with_extensions().replace("x-notes", "xnotes")
    assert at(lint(text), "SC001") == [("error", line_of(text, "xnotes"), 7)]


def test_rules_may_name_extension_fields() -> None:
    text = rule(
        """
        - check: expect
          with: {given: "discovery.integrations[]", field: x-cost-center, matches: "^CC-[0-9]{4}$"}
        """,
        message="{item}: {value}",
    )
    plan = (
        "discovery:\n  integrations:\n    - {id: a, x-cost-center: CC-1234}\n"
        "    - {id: b, x-cost-center: CC-12}\n"
    )
    assert found(text, plan) == [(5, 30, "b: CC-12")]
