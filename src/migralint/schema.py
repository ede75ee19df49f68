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
from migralint.i18n.values import N_, Listing, Phrase
from migralint.textutil import excerpt

_FORMATS = {
    "date": (timeutil.is_date, N_("a date (YYYY-MM-DD)")),
    # Not "date-time": in JSON Schema that is RFC 3339's, offset required.
    "plan-date-time": (timeutil.is_datetime, N_("a date-time (YYYY-MM-DDTHH:MM[:SS][offset])")),
    "moment": (timeutil.is_moment, N_("a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM)")),
    "duration": (timeutil.is_duration, N_("an ISO 8601 duration (P7Y, P24M, P14D, PT15M)")),
    "timezone": (
        lambda v: timeutil.zone(v) is not None,
        N_("an IANA time zone (Europe/Berlin, UTC)"),
    ),
}
_TYPE_NAMES = {
    "string": N_("a string"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "object": N_("a mapping"),
    "array": N_("a list"),
    "null": N_("empty"),
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
        return Phrase(N_("empty"))
    if isinstance(value, str):
        return Phrase(N_("the string {value}"), value=_quote(value))
    if isinstance(value, (int, float)):
        return Phrase(N_("the number {value}"), value=excerpt(value))
    if isinstance(value, dict):
        return Phrase(N_("a mapping"))
    if isinstance(value, list):
        return Phrase(N_("a list"))
    return type(value).__name__


def _quote(value: Any) -> str:
    """A value in a message: a short, escaped excerpt (a value may be a
    secret, a megabyte, or a forged line of output)."""
    return f"'{excerpt(str(value))}'"


def _place(pointer: tuple) -> str:
    """Where, in words: the dotted path, whose keys come from the input."""
    return excerpt(paths.dotted(pointer), _PLACE_LIMIT) if pointer else Phrase(N_("the plan"))


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
            near = suggest.suggestion(str(key), known, budget=budget)
            place, shown = _place((*pointer, key)), excerpt(str(key))
            if near is not None:
                message = Phrase(
                    N_("{place}: unknown key `{key}`; did you mean `{choice}`?"),
                    place=place,
                    key=shown,
                    choice=near,
                )
            else:
                message = Phrase(
                    N_("{place}: unknown key `{key}`; known keys: {known}"),
                    place=place,
                    key=shown,
                    known=", ".join(known),
                )
            yield SchemaError((*pointer, key), message, on_key=True, choices=tuple(known))
        return
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else Phrase(N_("a field"))
        yield SchemaError(
            pointer, Phrase(N_("{place}: `{field}` is required"), place=where, field=missing)
        )
        return
    if kind == "type":
        wanted = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        said = [Phrase(_TYPE_NAMES[n]) if n in _TYPE_NAMES else n for n in names]
        expected = Listing(" or ".join(said), tuple(said), "or")
        yield SchemaError(
            pointer,
            Phrase(
                N_("{place}: expected {expected}, got {actual}"),
                place=where,
                expected=expected,
                actual=_kind(value),
            ),
        )
        return
    if kind == "format" and error.cause is not None:
        # The format's own words (a period that ends before it starts).
        yield SchemaError(
            pointer, Phrase(N_("{place}: {problem}"), place=where, problem=_cause(error.cause))
        )
        return
    if kind == "format":
        _, description = _FORMATS.get(error.validator_value, (None, error.validator_value))
        near = _zone_hint(value, budget) if error.validator_value == "timezone" else None
        yield SchemaError(pointer, _not_a(where, value, description, near))
        return
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        near = (
            suggest.suggestion(str(value), [str(v) for v in error.validator_value], budget=budget)
            if isinstance(value, str)
            else None
        )
        params = {"place": where, "actual": _kind(value), "allowed": allowed}
        if near is not None:
            message = Phrase(
                N_("{place}: {actual} is not one of {allowed}; did you mean `{choice}`?"),
                **params,
                choice=near,
            )
        else:
            message = Phrase(N_("{place}: {actual} is not one of {allowed}"), **params)
        yield SchemaError(pointer, message)
        return
    if kind == "const":
        yield SchemaError(
            pointer,
            Phrase(N_("{place}: must be {value}"), place=where, value=repr(error.validator_value)),
        )
        return
    if kind in _BOUNDS:
        yield SchemaError(
            pointer,
            Phrase(_BOUNDS[kind], place=where, value=excerpt(value), limit=error.validator_value),
        )
        return
    if kind == "pattern" and schema.get("format") in _FORMATS:
        # The pattern spells the format out for editors; the format's own
        # error says it in words (and a value the pattern alone refuses is
        # said in the same words).
        check, description = _FORMATS[schema["format"]]
        if isinstance(value, str) and check(value):
            yield SchemaError(pointer, _not_a(where, value, description))
        return
    if kind == "pattern":
        yield SchemaError(
            pointer,
            Phrase(
                N_("{place}: {value} does not have the expected form"),
                place=where,
                value=_quote(value),
            ),
        )
        return
    if kind == "minLength" and value == "":
        yield SchemaError(pointer, Phrase(N_("{place}: must not be empty"), place=where))
        return
    if kind in _COUNTS:
        yield SchemaError(
            pointer,
            Phrase(_COUNTS[kind], place=where, count=error.validator_value, actual=_kind(value)),
        )
        return
    if kind in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        yield from explain(best_match(error.context), budget)
        return
    # jsonschema's own words quote the whole value (``'ghs_...' is not ...``):
    # say which constraint failed instead.
    yield SchemaError(
        pointer,
        Phrase(
            N_("{place}: {actual} does not meet the schema's `{keyword}`"),
            place=where,
            actual=_kind(value),
            keyword=kind,
        ),
    )


def _cause(cause: BaseException) -> str:
    """A format's own words, excerpted; a phrase stays one when it is short
    and safe to show as it is."""
    args = cause.args
    said = args[0] if len(args) == 1 and isinstance(args[0], str) else str(cause)
    shown = excerpt(said)
    return said if shown == said else shown


def _not_a(where: str, value: Any, description: str, near: str | None = None) -> str:
    """``where: 'x' is not a date (YYYY-MM-DD)``, with a suggestion when there is one."""
    params = {"place": where, "value": _quote(value), "description": Phrase(description)}
    if near is None:
        return Phrase(N_("{place}: {value} is not {description}"), **params)
    return Phrase(
        N_("{place}: {value} is not {description}; did you mean `{choice}`?"),
        **params,
        choice=near,
    )


_BOUNDS = {
    "minimum": N_("{place}: {value} must be at least {limit}"),
    "maximum": N_("{place}: {value} must be at most {limit}"),
    "exclusiveMinimum": N_("{place}: {value} must be more than {limit}"),
    "exclusiveMaximum": N_("{place}: {value} must be less than {limit}"),
}
_COUNTS = {
    "minItems": N_("{place}: must have at least this many items: {count}, got {actual}"),
    "maxItems": N_("{place}: must have at most this many items: {count}, got {actual}"),
    "minProperties": N_("{place}: must have at least this many keys: {count}, got {actual}"),
    "maxProperties": N_("{place}: must have at most this many keys: {count}, got {actual}"),
}


def _zone_hint(value: Any, budget: suggest.Budget | None) -> str | None:
    return suggest.suggestion(str(value), _zones(), budget=budget)


@lru_cache(maxsize=1)
def _zones() -> suggest.Suggester:
    import zoneinfo

    # Indexed once: every bad zone of a run is looked up in the same index.
    return suggest.Suggester(zoneinfo.available_timezones())
