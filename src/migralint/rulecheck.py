"""What a loaded rule says, checked against what a plan can hold: every
path it names (`given`, path arguments, `where`/`when` keys, filter keys)
against schemas/plan.schema.json, and every `{field}` of its messages
against what its checks fill in. A path no plan can have would never
fire; an unknown message field would print `?`. Both are load-time errors,
with the segment that is wrong and a did-you-mean.

Where the schema cannot tell (a mapping of free keys, an `x-` extension
field and anything under it), every name is accepted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from migralint import paths, resources, suggest

# A schema node that accepts anything below it.
ANY: dict[str, Any] = {}

# Path arguments read from the plan's root even when the check walks the
# items of `given` (or of `items`): where the items are, the lists values
# are looked up in, the countries.
ABSOLUTE = frozenset({"given", "items", "ids", "list", "countries", "at"})
# Checks whose `where` applies to the items of a list they name (the list
# itself, not its items, is the argument).
LIST_WALKERS = {"required-ids": "given", "unique": "lists"}
# ...and those that one check reads from the root too.
ABSOLUTE_IN = {"some-before": frozenset({"reference"}), "inside-periods": frozenset({"periods"})}


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return json.loads(resources.read_text("schemas", "plan.schema.json"))


def _resolve(node: Any, depth: int = 0) -> list[dict[str, Any]]:
    """The alternatives a schema node stands for ($ref followed, anyOf /
    oneOf / allOf flattened); [ANY] when it accepts anything."""
    if not isinstance(node, dict) or depth > 20:
        return [ANY]
    if "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return [ANY]
        target: Any = _schema()
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        return _resolve(target, depth + 1)
    out: list[dict[str, Any]] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for alternative in node.get(key, ()):
            out.extend(_resolve(alternative, depth + 1))
    if any(k in node for k in ("type", "properties", "items", "additionalProperties")) or not out:
        out.append(node)
    return out


def _is_any(node: dict[str, Any]) -> bool:
    return not any(
        k in node for k in ("type", "properties", "items", "additionalProperties", "enum", "const")
    )


def _children(nodes: list[dict[str, Any]], name: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The schemas of field ``name`` under ``nodes``, and the names known
    there (for a suggestion when there is none)."""
    found: list[dict[str, Any]] = []
    known: list[str] = []
    for node in nodes:
        if _is_any(node):
            return [ANY], []
        kinds = node.get("type")
        kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
        if kinds and "object" not in kinds:
            continue  # a list or a value has no fields
        properties = node.get("properties", {})
        known.extend(properties)
        if name == "*":
            found.extend(x for value in properties.values() for x in _resolve(value))
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                found.extend(_resolve(extra))
            continue
        if name in properties:
            found.extend(_resolve(properties[name]))
        elif any(re.match(pattern, name) for pattern in node.get("patternProperties", {})):
            found.append(ANY)
        elif node.get("additionalProperties", True) is not False:
            extra = node.get("additionalProperties")
            found.extend(_resolve(extra) if isinstance(extra, dict) else [ANY])
        elif name.startswith("x-"):
            found.append(ANY)
    return found, known


def _is_list(nodes: list[dict[str, Any]]) -> bool:
    return any(n.get("type") == "array" or "items" in n for n in nodes)


def _items(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        if _is_any(node):
            return [ANY]
        if "items" in node:
            out.extend(_resolve(node["items"]))
    return out


def walk(
    text: str, base: list[dict[str, Any]] | None = None, label: str = "the item"
) -> tuple[list[dict], str | None]:
    """The schemas of the nodes path ``text`` selects (from ``base``, else
    the plan's root; a leading ``/`` starts at the root), or the problem
    with the path in words."""
    if text.startswith("/") or base is None:
        nodes = _resolve(_schema())
        text = text.lstrip("/")
    else:
        nodes = base
    path = paths.parse(text)
    where = "the plan's root" if text.startswith("/") or base is None else label
    for step in path.steps:
        if nodes == [ANY]:
            return nodes, None
        children, known = _children(nodes, step.name)
        if not children:
            if not known and _is_list(nodes):
                return [], f"{where} is a list: write `[]` after it to walk its items"
            if not known:
                return [], f"{where} is a single value, with no field `{step.name}`"
            near = suggest.hint(step.name, sorted(set(known)))
            return [], f"no field `{step.name}` under {where}{near}"
        if step.each or step.match_key is not None:
            listed = _items(children)
            if not listed:
                return [], f"`{step.name}` is not a list, so `{step.name}[...]` selects nothing"
            if step.match_key is not None:
                keys, known = _children(listed, step.match_key)
                if not keys:
                    near = suggest.hint(step.match_key, sorted(set(known)))
                    return [], f"the items of `{step.name}` have no field `{step.match_key}`{near}"
            children = listed
        nodes = children
        where = f"`{step.name}`"
    return nodes, None


def _predicate_keys(predicate: Any) -> Iterator[str]:
    if isinstance(predicate, list):
        for part in predicate:
            yield from _predicate_keys(part)
    elif isinstance(predicate, dict):
        for key, value in predicate.items():
            if key in ("all", "any") and isinstance(value, list):
                for part in value:
                    yield from _predicate_keys(part)
            elif key == "not":
                yield from _predicate_keys(value)
            elif isinstance(key, str):
                yield key


def path_problems(check: str, args: dict[str, Any], when: Any) -> Iterator[tuple[tuple, str]]:
    """(where in the `then`, problem) for each path of one bound check
    application that no plan can have."""
    from migralint.checks import REGISTRY

    spec = REGISTRY[check]
    properties = spec.args_schema.get("properties", {})

    def is_path(schema: dict[str, Any]) -> bool:
        if schema.get("format") == "plan-path":
            return True
        return any(is_path(s) for s in schema.get("anyOf", ()) if isinstance(s, dict))

    for key in _predicate_keys(when):
        _, problem = walk(key)
        if problem:
            yield ("when", key), f"`{key}`: {problem}"
    walker = "items" if isinstance(args.get("items"), str) else "given"
    if check in LIST_WALKERS and isinstance(args.get(LIST_WALKERS[check]), str):
        walker = LIST_WALKERS[check]
    base: list[dict[str, Any]] | None = None
    label = "the item"
    if isinstance(args.get(walker), str):
        label = f"the items of `{args[walker]}`"
        base, problem = walk(args[walker])
        if problem:
            yield ("with", walker), f"{walker} `{args[walker]}`: {problem}"
            return
        if check in LIST_WALKERS:
            base = _items(base) or [ANY]
    for name, value in args.items():
        schema = properties.get(name, {})
        if name == "where":
            for key in _predicate_keys(value):
                _, problem = walk(key, base, label)
                if problem:
                    yield ("with", "where", key), f"where `{key}`: {problem}"
            continue
        if name == walker or not is_path(schema):
            continue
        absolute = name in ABSOLUTE or name in ABSOLUTE_IN.get(check, ())
        relative = None if absolute else base
        for index, text in enumerate([value] if isinstance(value, str) else value or ()):
            if not isinstance(text, str):
                continue
            _, problem = walk(text, relative, label)
            if problem:
                at = ("with", name) if isinstance(value, str) else ("with", name, index)
                yield at, f"{name} `{text}`: {problem}"


def message_fields(template: str | None) -> list[str]:
    import string

    if not template:
        return []
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def field_problem(template: str | None, check: str, options: dict[str, Any]) -> str | None:
    """The first `{field}` of ``template`` that neither the check fills nor
    the rule's options provide."""
    from migralint.checks import REGISTRY

    known = {"path", *REGISTRY[check].fills, *options}
    for name in message_fields(template):
        if name not in known:
            near = suggest.hint(name, sorted(known))
            fills = ", ".join(sorted(known))
            return (
                f"message field `{{{name}}}` is not one that check `{check}` fills{near} "
                f"(it fills: {fills})"
            )
    return None


# --- values a predicate compares with the plan's own values -----------------

_VALUE_TESTS = ("equals", "not_equals", "in", "not_in", "contains", "contains_any")


def allowed_values(path: str) -> list[Any] | None:
    """The values the plan schema allows at ``path`` (an enum), or None when
    it allows others too (or the path is not known)."""
    nodes, problem = walk(path)
    if problem or not nodes or nodes == [ANY]:
        return None
    values: list[Any] = []
    for node in nodes:
        if "enum" in node:
            choices = node["enum"]
        elif isinstance(node.get("items"), dict) and "enum" in node["items"]:
            choices = node["items"]["enum"]  # a list of such values (`contains`)
        else:
            return None
        values += [v for v in choices if v not in values]
    return values


def value_problems(predicate: Any) -> Iterator[tuple[tuple, str]]:
    """(pointer in the predicate, problem) for each value a predicate compares
    a plan field with that the plan schema does not allow there: such a test
    can never hold (or always holds), whatever the plan says."""
    if isinstance(predicate, list):
        for index, part in enumerate(predicate):
            for pointer, said in value_problems(part):
                yield (index, *pointer), said
        return
    if not isinstance(predicate, dict):
        return
    for key, test in predicate.items():
        if key in ("all", "any") and isinstance(test, list):
            for index, part in enumerate(test):
                for pointer, said in value_problems(part):
                    yield (key, index, *pointer), said
            continue
        if key == "not":
            for pointer, said in value_problems(test):
                yield (key, *pointer), said
            continue
        if not isinstance(key, str):
            continue
        tests = test if isinstance(test, dict) else {"equals": test}
        allowed: list[Any] | None = None
        for op, value in tests.items():
            if op not in _VALUE_TESTS or tests.get("ignore_case"):
                continue
            if allowed is None:
                allowed = allowed_values(key)
                if allowed is None:
                    break
            listed = value if isinstance(value, list) else [value]
            for index, one in enumerate(listed):
                if one not in allowed:
                    where = (key, op, index) if isinstance(value, list) else (key, op)
                    named = [str(a) for a in allowed]
                    starts = [a for a in named if a.startswith(str(one))]
                    near = (
                        f"; did you mean `{starts[0]}`?"
                        if len(starts) == 1
                        else suggest.hint(str(one), named)
                    )
                    choices = ", ".join(str(a) for a in allowed)
                    yield where, (f"`{one}` is not a value `{key}` can have ({choices}){near}")
