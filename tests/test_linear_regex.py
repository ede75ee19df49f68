"""Every regular expression applied to input runs in time linear in the input.

The patterns are collected, not listed: every compiled pattern of every
migralint module, every literal pattern passed to a ``re`` function in their
sources, and every ``pattern`` of the JSON schemas and of the check argument
schemas. Each is fed adversarial strings built from its own pieces (the
characters it names, around a prefix of a text it matches) at two sizes;
the time may grow about linearly, with a wide margin, never quadratically.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import json
import pkgutil
import re
import re._parser as sre_parse  # the parser behind re.compile
import time
from pathlib import Path

import pytest

import migralint
from migralint.checks.base import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
SMALL, LARGE = 1000, 16_000  # 16x the input: linear is ~16x the time, quadratic ~256x
RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall"}


def _modules() -> list:
    names = [
        m.name
        for m in pkgutil.walk_packages(migralint.__path__, "migralint.")
        if "__main__" not in m.name
    ]
    return [importlib.import_module(name) for name in sorted(names)]


def _schema_patterns(node: object, out: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                out.add(value)
            elif key == "patternProperties" and isinstance(value, dict):
                out.update(value)
            _schema_patterns(value, out)
    elif isinstance(node, list):
        for item in node:
            _schema_patterns(item, out)


def collect() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}
    for module in _modules():
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{module.__name__}.{name}"] = value
            if name == "REGEX_PATTERNS" and isinstance(value, dict):  # the generated validator
                for text, compiled in value.items():
                    found[f"{module.__name__}.REGEX_PATTERNS[{text}]"] = compiled
        source = Path(module.__file__).read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in RE_FUNCTIONS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str | bytes)
            ):
                found.setdefault(f"{module.__name__}:{node.lineno}", re.compile(node.args[0].value))
    patterns: set[str] = set()
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        _schema_patterns(json.loads(path.read_text(encoding="utf-8")), patterns)
    for spec in REGISTRY.values():
        _schema_patterns(spec.args_schema, patterns)
    for text in sorted(patterns):
        found[f"schema pattern {text}"] = re.compile(text)  # jsonschema: re.search(pattern, value)
    return found


PATTERNS = collect()


def _example(items: object) -> str:
    """A text the parsed pattern matches (one pass through each repeat,
    the first branch of each alternation), enough to reach every quantifier."""
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "IN":
            out.append(_class_chars(arg)[0] if _class_chars(arg) else "a")
        elif name == "ANY":
            out.append("a")
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            out.append(_example(sub) * max(low, 1))
        elif name == "SUBPATTERN":
            out.append(_example(arg[-1]))
        elif name in ("BRANCH",):
            out.append(_example(arg[1][0]))
        elif name in ("ATOMIC_GROUP",):
            out.append(_example(arg))
        elif name == "CATEGORY":
            out.append({"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " "}.get(str(arg), "a"))
    return "".join(out)


def _class_chars(items: object) -> list[str]:
    chars: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            chars.append(chr(arg))
        elif name == "RANGE":
            chars += [chr(arg[0]), chr(arg[1])]
        elif name == "CATEGORY":
            chars.append({"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " "}.get(str(arg), "a"))
    return chars


def _pieces(parsed: object) -> set[str]:
    """Every character the pattern names, and its example's adjacent pairs."""
    found: set[str] = set()

    def walk(items: object) -> None:
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                found.add(chr(arg))
            elif name == "IN":
                found.update(_class_chars(arg))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                walk(arg[2])
            elif name == "SUBPATTERN":
                walk(arg[-1])
            elif name == "BRANCH":
                for branch in arg[1]:
                    walk(branch)
            elif name in ("ASSERT", "ASSERT_NOT"):
                walk(arg[1])
            elif name == "CATEGORY":
                found.add({"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " "}.get(str(arg), "a"))

    walk(parsed)
    return found


def adversarial(pattern: re.Pattern, size: int) -> list[str | bytes]:
    """Strings of ``size`` repeated pieces after each prefix of an example match."""
    text = (
        pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern
    )
    parsed = sre_parse.parse(text, pattern.flags)
    examples = [_example(parsed)]
    for op, arg in parsed:
        if str(op) == "BRANCH":  # a pattern of alternatives: an example of each
            examples += [_example(branch) for branch in arg[1]]
    pieces = _pieces(parsed) | {" ", "\n", "_", "0", "1", ":", "-", "[", "=", "a"}
    pieces |= {a + b for ex in examples for a, b in itertools.pairwise(ex)}
    prefixes = {ex[:i] for ex in examples for i in range(len(ex) + 1)}
    out: list[str | bytes] = []
    for prefix in sorted(prefixes):
        for piece in sorted(pieces):
            for suffix in ("", "!", "\n"):
                value = prefix + piece * (size // len(piece)) + suffix
                out.append(
                    value.encode("latin-1", "replace")
                    if isinstance(pattern.pattern, bytes)
                    else value
                )
    return out


def _time(pattern: re.Pattern, value: str | bytes, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        pattern.search(value)
        pattern.fullmatch(value)
        best = min(best, time.perf_counter() - start)
    return best


def test_patterns_are_collected():
    names = set(PATTERNS)
    # The ones the outside review attacked, and those of the modules named in it.
    for wanted in (
        "migralint.loader._YAML11_UNDERSCORE",
        "migralint.loader._MAYBE_SPECIAL",
        "migralint.paths._NAME",
        "migralint.selection._PREFIX",
        "migralint.timeutil._DURATION_RE",
        "migralint.timeutil._DATETIME_RE",
        "migralint.discovery._PLAUSIBLE_LINE",
        "migralint.reporters.junit._NOT_XML",
        "schema pattern ^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    ):
        assert wanted in names
    assert any(name.startswith("migralint.waivers.") for name in names)
    assert any(name.startswith("migralint.timeutil:") for name in names)  # re.search(r"...")
    assert any("REGEX_PATTERNS" in name for name in names)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_regex_runs_in_linear_time(name):
    pattern = PATTERNS[name]
    small, large = adversarial(pattern, SMALL), adversarial(pattern, LARGE)
    for short, long in zip(small, large, strict=True):
        t_small = _time(pattern, short, repeat=3)
        # A linear match of a thousand characters takes microseconds.
        assert t_small < 0.05, f"{name}: {t_small:.3f} s on {short[:40]!r}... ({len(short)} chars)"
        t_large = _time(pattern, long)
        if t_large > 40 * t_small + 0.005:
            t_large = _time(pattern, long, repeat=5)  # one slow run is the machine, not the pattern
        assert t_large < 40 * t_small + 0.005, (
            f"{name}: {t_small:.4f} s at {len(short)} chars but {t_large:.4f} s at {len(long)} "
            f"on {long[:40]!r}..."
        )


def test_the_quadratic_underscore_pattern_is_caught_by_the_harness():
    """The harness finds the pattern the outside review reported (so it can fail)."""
    old = re.compile(r"^[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?$")
    slowest = max(_time(old, value) for value in adversarial(old, 3000))
    linear = re.compile(r"^[-+]?[0-9]+_[0-9_]*(?:\.[0-9_]*)?$")
    fastest = max(_time(linear, value) for value in adversarial(linear, 3000))
    assert slowest > 20 * fastest


def test_a_remembered_search_answers_as_the_pattern_does():
    from migralint import patterns

    found = patterns.searcher("^TODO\\b")
    texts = ["TODO owner", "TODOS", "done", "TODO " + "x" * 500, "x" * 500 + "TODO", ""]
    for _ in range(2):  # the second time from memory (short texts)
        assert [found(t) for t in texts] == [True, False, False, True, False, False]
    assert patterns.searcher("todo", ignore_case=True)("A TODO") is True
