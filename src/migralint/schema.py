"""The plan schema: one precompiled validator and errors a person can read.

check-jsonschema prints ``$.timeline.cutvoer``; we print the line and
column of the node, say what is wrong in words, and suggest the closest
known key for a typo.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from migralint import paths, resources, suggest, timeutil
from migralint.textutil import excerpt

_FORMATS = {
    "date": (timeutil.is_date, "a date (YYYY-MM-DD)"),
    # Not "date-time": in JSON Schema that is RFC 3339's, offset required.
    "plan-date-time": (timeutil.is_datetime, "a date-time (YYYY-MM-DDTHH:MM[:SS][offset])"),
    "moment": (timeutil.is_moment, "a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM)"),
    "duration": (timeutil.is_duration, "an ISO 8601 duration (P7Y, P24M, P14D, PT15M)"),
    "timezone": (lambda v: timeutil.zone(v) is not None, "an IANA time zone (Europe/Berlin, UTC)"),
}
_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "empty",
}


@dataclass(frozen=True)
class SchemaError:
    pointer: tuple
    message: str
    on_key: bool = False
    # For an unknown key: the keys its mapping may have (what a fix renames it to).
    choices: tuple[str, ...] = ()


def format_checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, (function, _) in _FORMATS.items():
        checker.checks(name)(_only_strings(function))
    return checker


def _only_strings(function: Any) -> Any:
    return lambda value: not isinstance(value, str) or function(value)


@lru_cache(maxsize=1)
def plan_schema() -> dict[str, Any]:
    return json.loads(resources.read_text("schemas", "plan.schema.json"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(plan_schema(), format_checker=format_checker())


_FAST_FORMATS = {name: _only_strings(function) for name, (function, _) in _FORMATS.items()}


def is_valid(data: Any) -> bool:
    """The fast answer, from the generated validator (no jsonschema import)."""
    from migralint import _plan_validator

    try:
        _plan_validator.validate(data, _FAST_FORMATS)
    except ValueError:
        return False
    except Exception:  # odd data the generated code did not foresee: ask jsonschema
        return False
    return True


def validate(data: Any) -> Iterator[SchemaError]:
    """Every schema error of a plan, in words. A valid plan costs one pass of
    the generated validator; only an invalid one goes to jsonschema."""
    if is_valid(data):
        return
    budget = suggest.Budget()  # did-you-mean lookups for this plan
    for error in _validator().iter_errors(data):
        yield from explain(error, budget)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"the string {_quote(value)}"
    if isinstance(value, (int, float)):
        return f"the number {excerpt(value)}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _quote(value: Any) -> str:
    """A value in a message: a short, escaped excerpt (a value may be a
    secret, a megabyte, or a forged line of output)."""
    return f"'{excerpt(str(value))}'"


def _place(pointer: tuple) -> str:
    """Where, in words: the dotted path, whose keys come from the input."""
    return excerpt(paths.dotted(pointer), _PLACE_LIMIT) if pointer else "the plan"


_PLACE_LIMIT = 60


def _matches_a_pattern(key: str, schema: dict) -> bool:
    """Whether one of the schema's own ``patternProperties`` (``^x-``, the
    extension fields) names ``key``."""
    import re

    return any(re.search(pattern, key) for pattern in schema.get("patternProperties", {}))


def explain(error: Any, budget: suggest.Budget | None = None) -> Iterator[SchemaError]:
    """One schema error in words; suggestions are drawn from ``budget``."""
    pointer = tuple(error.absolute_path)
    where = _place(pointer)
    kind, value, schema = error.validator, error.instance, error.schema
    if kind == "additionalProperties" and isinstance(value, dict):
        known = sorted(schema.get("properties", {}))
        for key in value:
            if key in known or _matches_a_pattern(str(key), schema):
                continue
            hint = suggest.hint(str(key), known, budget=budget) or (
                f"; known keys: {', '.join(known)}"
            )
            yield SchemaError(
                (*pointer, key),
                f"{_place((*pointer, key))}: unknown key `{excerpt(str(key))}`{hint}",
                on_key=True,
                choices=tuple(known),
            )
        return
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "a field"
        yield SchemaError(pointer, f"{where}: `{missing}` is required")
        return
    if kind == "type":
        wanted = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        expected = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        yield SchemaError(pointer, f"{where}: expected {expected}, got {_kind(value)}")
        return
    if kind == "format" and error.cause is not None:
        # The format's own words (a period that ends before it starts).
        yield SchemaError(pointer, f"{where}: {excerpt(str(error.cause))}")
        return
    if kind == "format":
        _, description = _FORMATS.get(error.validator_value, (None, error.validator_value))
        hint = _zone_hint(value, budget) if error.validator_value == "timezone" else ""
        yield SchemaError(pointer, f"{where}: {_quote(value)} is not {description}{hint}")
        return
    if kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        hint = suggest.hint(str(value), allowed, budget=budget) if isinstance(value, str) else ""
        yield SchemaError(
            pointer, f"{where}: {_kind(value)} is not one of {', '.join(allowed)}{hint}"
        )
        return
    if kind == "const":
        yield SchemaError(pointer, f"{where}: must be {error.validator_value!r}")
        return
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[kind]
        yield SchemaError(
            pointer, f"{where}: {excerpt(value)} must be {words} {error.validator_value}"
        )
        return
    if kind == "pattern" and schema.get("format") in _FORMATS:
        # The pattern spells the format out for editors; the format's own
        # error says it in words (and a value the pattern alone refuses is
        # said in the same words).
        check, description = _FORMATS[schema["format"]]
        if isinstance(value, str) and check(value):
            yield SchemaError(pointer, f"{where}: {_quote(value)} is not {description}")
        return
    if kind == "pattern":
        yield SchemaError(pointer, f"{where}: {_quote(value)} does not have the expected form")
        return
    if kind == "minLength":
        yield SchemaError(pointer, f"{where}: must not be empty")
        return
    if kind in _COUNTS:
        wanted = f"{_COUNTS[kind]} {error.validator_value}"
        yield SchemaError(pointer, f"{where}: must have {wanted}, got {_kind(value)}")
        return
    if kind in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        yield from explain(best_match(error.context), budget)
        return
    # jsonschema's own words quote the whole value (``'ghs_...' is not ...``):
    # say which constraint failed instead.
    yield SchemaError(pointer, f"{where}: {_kind(value)} does not meet the schema's `{kind}`")


_COUNTS = {
    "minItems": "at least this many items:",
    "maxItems": "at most this many items:",
    "minProperties": "at least this many keys:",
    "maxProperties": "at most this many keys:",
}


def _zone_hint(value: Any, budget: suggest.Budget | None) -> str:
    return suggest.hint(str(value), _zones(), budget=budget)


@lru_cache(maxsize=1)
def _zones() -> suggest.Suggester:
    import zoneinfo

    # Indexed once: every bad zone of a run is looked up in the same index.
    return suggest.Suggester(zoneinfo.available_timezones())
