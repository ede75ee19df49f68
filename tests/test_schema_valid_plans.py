"""Property test: no rule fails (no PL011, no exception) on any plan the
plan schema accepts, the ends of the calendar included.

Plans are generated from schemas/plan.schema.json itself by the small
strategy below. hypothesis-jsonschema was the first choice, but its
current release (0.23.1) fails on the installed hypothesis (it calls a
private API that hypothesis removed: `'many' object has no attribute
'more'`), and the plan schema needs only a handful of keywords (type,
properties, required, additionalProperties, items, minItems, enum,
pattern, format, minLength, minimum, maximum, $ref), so this strategy
covers all of them and refuses any keyword it does not know.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers import EXAMPLE, lint
from migralint import schema

PLAN_SCHEMA = schema.plan_schema()
_IGNORED = {
    "description",
    "title",
    "$schema",
    "$id",
    "$comment",
    "additionalProperties",
    "default",
    "enumDescriptions",
    "examples",
    "patternErrorMessage",
}
_KNOWN = _IGNORED | {
    "type",
    "properties",
    "patternProperties",
    "required",
    "items",
    "minItems",
    "enum",
    "const",
    "pattern",
    "format",
    "minLength",
    "minimum",
    "maximum",
    "$ref",
    "$defs",
}

ENDS = ["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31"]
ZONES = [
    dt.UTC,
    dt.timezone(dt.timedelta(hours=14)),
    dt.timezone(dt.timedelta(hours=-12)),
    dt.timezone(dt.timedelta(hours=5, minutes=45)),
]
DATES = st.one_of(st.sampled_from(ENDS), st.dates().map(dt.date.isoformat))
DATE_TIMES = st.one_of(
    st.sampled_from(
        [
            "9999-12-31T23:59:59+00:00",
            "9999-12-31T23:59:59-12:00",
            "9999-12-31T23:59",
            "0001-01-01T00:00:00+14:00",
            "0001-01-01T00:00:00+00:00",
            "0001-01-01T00:30",
        ]
    ),
    st.datetimes(timezones=st.sampled_from(ZONES)).map(lambda m: m.isoformat(timespec="seconds")),
    st.datetimes().map(lambda m: m.isoformat(timespec="minutes")),  # naive: the plan's zone
)
_PART = st.one_of(st.integers(0, 40), st.integers(0, 10**12), st.just(10**30))
DURATIONS = st.one_of(
    st.sampled_from(["P9999Y", "P120000M", "P99999999D", "PT99999999999H", "P0D"]),
    st.builds(
        lambda y, m, d, h: (
            "P"
            + "".join(f"{n}{u}" for n, u in ((y, "Y"), (m, "M"), (d, "D")) if n)
            + (f"T{h}H" if h else "")
            or "P0D"
        ),
        _PART,
        _PART,
        _PART,
        _PART,
    ).map(lambda text: text if text != "P" else "P0D"),
)
FORMATS = {
    "date": DATES,
    "plan-date-time": DATE_TIMES,
    "moment": st.one_of(DATES, DATE_TIMES),
    "duration": DURATIONS,
    "timezone": st.sampled_from(
        ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12"]
    ),
}
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)


def _strategy(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    unknown = set(node) - _KNOWN
    assert not unknown, f"the plan schema uses {unknown}: teach this strategy"
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        return st.deferred(lambda: _strategy(PLAN_SCHEMA["$defs"][name]))
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "const" in node:
        return st.just(node["const"])
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        required = set(node.get("required", []))
        optional = {k: _strategy(v) for k, v in props.items() if k not in required}
        for pattern in node.get("patternProperties", {}):
            assert pattern == "^x-", f"the plan schema uses {pattern}: teach this strategy"
            # An extension field holds anything, unchecked.
            optional["x-extension"] = st.one_of(TEXT, st.integers(), st.lists(TEXT, max_size=2))
        return st.fixed_dictionaries(
            {k: _strategy(v) for k, v in props.items() if k in required}, optional=optional
        )
    if kind == "array":
        return st.lists(
            _strategy(node.get("items", {})), min_size=node.get("minItems", 0), max_size=3
        )
    if kind == "string":
        if "format" in node:
            return FORMATS[node["format"]]
        if "pattern" in node:
            return st.from_regex(re.compile(node["pattern"]), fullmatch=True)
        return TEXT
    if kind == "integer":
        return st.integers(node.get("minimum"), node.get("maximum"))
    if kind == "number":
        return st.floats(node.get("minimum"), node.get("maximum"), allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    raise AssertionError(f"the plan schema uses {node}: teach this strategy")


PLANS = _strategy(PLAN_SCHEMA).map(lambda plan: {**plan, "migralint": 1})

_DATE = re.compile(r'"\d{4}-\d{2}-\d{2}"')
_DATE_TIME = re.compile(r'"\d{4}-\d{2}-\d{2}T[^"]*"')


def _example_at(date: str, date_time: str) -> dict[str, Any]:
    """The example plan with every date and every date-time at an end."""
    import yaml

    from helpers import EXAMPLE_PATH

    data = yaml.safe_load(EXAMPLE_PATH.read_text(encoding="utf-8"))
    text = json.dumps(data, default=str)
    text = _DATE_TIME.sub(f'"{date_time}"', _DATE.sub(f'"{date}"', text))
    return json.loads(text)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(PLANS)
@example(_example_at("9999-12-31", "9999-12-31T23:59:59-12:00"))
@example(_example_at("9999-12-31", "9999-12-31T23:59:59+00:00"))
@example(_example_at("0001-01-01", "0001-01-01T00:00:00+14:00"))
@example(_example_at("0001-01-01", "0001-01-01T00:30"))
def test_no_rule_fails_on_a_schema_valid_plan(plan: dict[str, Any]) -> None:
    assert schema.is_valid(plan), "the strategy must generate schema-valid plans"
    found = lint(json.dumps(plan))
    assert [f.message for f in found if f.code == "PL011"] == []
    assert "SC001" not in {f.code for f in found}


def test_example_is_schema_valid_json() -> None:
    assert schema.is_valid(_example_at("2025-03-14", "2025-03-14T16:30:00+01:00"))
    assert EXAMPLE  # the example plan the explicit examples are built from
