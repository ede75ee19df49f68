"""The floor: the least work a plan linter has to do, in one process.

    python bench/floor.py [--schema FILE] PLAN...

For each plan: libyaml composes the node tree (``yaml.compose`` with
``CSafeLoader``), the tree becomes plain data with YAML 1.2 core typing and
the line and column of every node kept in a dict keyed by plan path (what a
linter needs to point at a problem), and one precompiled
``Draft202012Validator`` with the plan schema's custom formats (date,
date-time, moment, duration, timezone) validates it. Each schema error is
printed as ``path:line:col: SC001 message``. No rules, no configuration, no
waivers: migralint cannot do less than this, so its time over the floor's is
what the rest costs.

Needs only PyYAML (with libyaml) and jsonschema, both migralint dependencies;
it does not import migralint. Exit code 1 when any plan has a problem.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from jsonschema import Draft202012Validator, FormatChecker

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "plan.schema.json"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
_DURATION = re.compile(
    r"^P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$"
)
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_CONSTANTS = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_NUMBER_START = frozenset("+-.0123456789")


class _Loader(yaml.CSafeLoader):
    """libyaml composition without YAML 1.1 implicit typing (done below)."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012


def _is_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_datetime(text: str) -> bool:
    if not _DATETIME.match(text):
        return False
    try:
        dt.datetime.fromisoformat(text.replace(",", ".").replace("z", "Z"))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=256)
def _is_zone(text: str) -> bool:
    if not text or text.startswith(("/", ".")) or ".." in text:
        return False
    try:
        ZoneInfo(text)
    except Exception:
        return False
    return True


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checks = {
        "date": _is_date,
        "date-time": _is_datetime,
        "moment": lambda t: _is_date(t) or _is_datetime(t),
        "duration": lambda t: bool(_DURATION.match(t)),
        "timezone": _is_zone,
    }
    for name, function in checks.items():
        checker.checks(name)(lambda v, f=function: not isinstance(v, str) or f(v))
    return checker


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style:  # quoted, literal or folded: a string
        return value
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    if value[0] in _NUMBER_START:
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
    return value


def to_data(node: yaml.Node, path: tuple, positions: dict) -> Any:
    """Plain data from a composed node; ``positions[path] = (line, column)``."""
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [to_data(item, (*path, i), positions) for i, item in enumerate(node.value)]
    result = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
        result[key] = to_data(value_node, (*path, key), positions)
    return result


def _position(positions: dict, path: tuple) -> tuple[int, int]:
    while path and path not in positions:
        path = path[:-1]
    return positions.get(path, (1, 1))


def check(path: str, validator: Draft202012Validator, out: list[str]) -> int:
    with open(path, "rb") as handle:
        content = handle.read()
    try:
        node = yaml.compose(content, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        out.append(f"{path}:{line}:{column}: PL001 {problem}")
        return 1
    if node is None:
        out.append(f"{path}:1:1: PL003 empty file")
        return 1
    positions: dict = {}
    data = to_data(node, (), positions)
    problems = 0
    for error in validator.iter_errors(data):
        line, column = _position(positions, tuple(error.absolute_path))
        where = ".".join(str(p) for p in error.absolute_path) or "the plan"
        out.append(f"{path}:{line}:{column}: SC001 {where}: {error.message}")
        problems += 1
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schema", type=Path, default=SCHEMA)
    parser.add_argument("plans", nargs="+")
    args = parser.parse_args(argv)
    schema = json.loads(args.schema.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=format_checker())
    out: list[str] = []
    problems = files_with_problems = 0
    for path in args.plans:
        found = check(path, validator, out)
        problems += found
        files_with_problems += bool(found)
    out.append(
        f"{problems} problem(s) in {files_with_problems} file(s) ({len(args.plans)} checked)\n"
    )
    sys.stdout.write("\n".join(out))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
