"""The generated validator is current and agrees with jsonschema."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import EXAMPLE, ROOT
from migralint import _plan_validator, loader, schema, validatorgen


def test_generated_validator_is_current() -> None:
    generated = validatorgen.generate(ROOT / "schemas" / "plan.schema.json")
    committed = (ROOT / "src" / "migralint" / "_plan_validator.py").read_text(encoding="utf-8")
    assert committed == generated, "run `python -m migralint.validatorgen`"


def test_generated_validator_needs_no_fastjsonschema_at_run_time() -> None:
    source = (ROOT / "src" / "migralint" / "_plan_validator.py").read_text(encoding="utf-8")
    assert "import fastjsonschema" not in source and "from fastjsonschema" not in source
    assert _plan_validator.validate  # imports on its own


def _jsonschema_valid(data: object) -> bool:
    return not list(schema._validator().iter_errors(data))


BASE = loader.load(EXAMPLE).data
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**7),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "x",
            "2025-02-30",
            "2025-13-16",
            "2025-03-11",
            "2025-03-11T10:00:00+01:00",
            "P14D",
            "P1Y2M",
            "PT",
            "Europe/Berlin",
            "Mars/Olympus",
            "NO",
            "migrate",
            "bidirectional",
            "esp",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "x", "ends", "name"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*path, index)))
    return found


PATHS = _paths(BASE)[1:]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(PATHS), VALUES, st.booleans())
def test_agrees_with_jsonschema_on_mutated_plans(path: tuple, value: object, delete: bool) -> None:
    data = copy.deepcopy(BASE)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    assert schema.is_valid(data) == _jsonschema_valid(data)


def test_agrees_on_the_example_and_on_odd_roots() -> None:
    for data in (
        BASE,
        None,
        [],
        "plan",
        {"migralint": 1},
        {"migralint": True, "plan": {}, "timeline": {}},
    ):
        assert schema.is_valid(data) == _jsonschema_valid(data)


def test_const_is_generated_as_a_one_value_enum_and_only_as_a_keyword():
    from migralint.validatorgen import _const_as_enum

    schema = {
        "properties": {
            "migralint": {"const": 1, "default": {"const": 2}},
            "const": {"type": "string", "examples": [{"const": 3}]},
        },
        "enum": [{"const": 4}],
    }
    assert _const_as_enum(schema) == {
        "properties": {
            "migralint": {"enum": [1], "default": {"const": 2}},
            "const": {"type": "string", "examples": [{"const": 3}]},
        },
        "enum": [{"const": 4}],
    }
