"""Property tests: random damage to the example plan, and random YAML, never
make the linter raise, and every finding points inside the file.

In-process (helpers.lint) for speed; derandomized so CI sees the same
examples on every run.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import EXAMPLE, lint
from migralint.finding import SEVERITIES

MUTATIONS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DOCUMENTS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

LINES = EXAMPLE.splitlines(keepends=True)
EXAMPLE_DATA = yaml.safe_load(EXAMPLE)

# libyaml's line breaks (YAML 1.1): CR, LF, CRLF, NEL, LS, PS.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_KEY = re.compile(r"^( *)(?:- )?[A-Za-z_][\w-]*:(?: |$)")
_SCALAR_VALUE = re.compile(r"^( *(?:- )?[A-Za-z_][\w-]*: )([^\s{\[#][^#]*?)( *(?:#.*)?)$")
_ITEM = re.compile(r"^( *)- ")


def check(content: str | bytes) -> None:
    """Lint ``content``: no exception, and each finding well formed and inside
    the file, no column past the end of its line (one past the last character
    is where a missing token was expected)."""
    findings = lint(content)
    raw = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    lines = _BREAK.split(raw.decode("utf-8", errors="replace"))
    if lines and lines[-1] == "":
        lines.pop()
    for f in findings:
        where = f"{f.code} at {f.line}:{f.column} in a file of {len(lines)} lines: {f.message}"
        assert 1 <= f.line <= len(lines) + 1, where
        assert f.column >= 1, where
        if f.line <= len(lines):
            assert f.column <= len(lines[f.line - 1]) + 1, where
        assert f.severity in SEVERITIES, where
        assert f.message and "\n" not in f.message, where


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def subtree_end(lines: list[str], start: int) -> int:
    """The index after the block that the key or item on ``lines[start]`` owns."""
    base = indent(lines[start])
    if lines[start].lstrip(" ").startswith("- "):
        base += 1  # the item's own keys are indented under the dash
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or indent(lines[end]) > base):
        end += 1
    return end


KEY_LINES = [i for i, line in enumerate(LINES) if _KEY.match(line)]
SCALAR_LINES = [i for i, line in enumerate(LINES) if _SCALAR_VALUE.match(line.rstrip("\n"))]


def _lists() -> list[list[tuple[int, int]]]:
    """Each block list of the example as its items' (start, end) line ranges."""
    found = []
    i = 0
    while i < len(LINES):
        match = _ITEM.match(LINES[i])
        if not match:
            i += 1
            continue
        level = len(match.group(1))
        items = []
        while i < len(LINES):
            m = _ITEM.match(LINES[i])
            if not m or len(m.group(1)) != level:
                break
            end = subtree_end(LINES, i)
            items.append((i, end))
            i = end
        if len(items) > 1:
            found.append(items)
    return found


LISTS = _lists()

OTHER_TYPES = [
    '"a string"',
    "text",
    "''",
    "0",
    "-1",
    "42",
    "3.5",
    "1e400",
    ".nan",
    "-.inf",
    "true",
    "false",
    "null",
    "~",
    "[]",
    "[a, 1, true]",
    "{}",
    "{x: 1, y: [2]}",
    "2025-02-30",
    "2025-03-14T16:30:00",
    "2025-13-01T25:61:00+99:00",
    "P",
    "P-1D",
    "PT15M",
    "99999-01-01",
    "NO",
    "16:00",
    "0o17",
    "0x1F",
    "!!python/object/apply:os.system [id]",
    "&anchor value",
    "*undefined",
    '"\\x00\\t"',
]


def test_the_example_is_clean_and_the_strategies_have_material() -> None:
    assert lint(EXAMPLE) == []
    assert len(KEY_LINES) > 150 and len(SCALAR_LINES) > 150 and len(LISTS) > 10


@MUTATIONS
@given(st.integers(0, len(LINES) - 1))
def test_delete_a_line(index: int) -> None:
    check("".join(LINES[:index] + LINES[index + 1 :]))


@MUTATIONS
@given(st.sampled_from(KEY_LINES))
def test_delete_a_key_with_its_subtree(index: int) -> None:
    check("".join(LINES[:index] + LINES[subtree_end(LINES, index) :]))


@MUTATIONS
@given(st.sampled_from(SCALAR_LINES), st.sampled_from(OTHER_TYPES))
def test_change_a_scalars_type(index: int, value: str) -> None:
    match = _SCALAR_VALUE.match(LINES[index].rstrip("\n"))
    assert match
    line = f"{match.group(1)}{value}{match.group(3)}\n"
    check("".join([*LINES[:index], line, *LINES[index + 1 :]]))


@MUTATIONS
@given(st.sampled_from(range(len(LISTS))), st.randoms(use_true_random=False))
def test_shuffle_a_list(which: int, rnd: random.Random) -> None:
    items = LISTS[which]
    blocks = ["".join(LINES[a:b]) for a, b in items]
    rnd.shuffle(blocks)
    start, end = items[0][0], items[-1][1]
    check("".join(LINES[:start]) + "".join(blocks) + "".join(LINES[end:]))


EXAMPLE_BYTES = EXAMPLE.encode("utf-8")


@MUTATIONS
@given(st.integers(0, len(EXAMPLE_BYTES)))
def test_truncate(offset: int) -> None:
    check(EXAMPLE_BYTES[:offset])


NASTY = st.sampled_from(
    [
        b"\x00",
        b"\xff",
        b"\xe9",
        b"\xc3",
        b"\xef\xbb\xbf",
        b"\xfe\xff",
        b"\t",
        b"\r",
        b"\r\n",
        b"\xc2\x85",
        b"\xe2\x80\xa8",
        b"\x0b\x0c",
        b"\x1b[31m",
        b"---\n",
        b"...\n",
        b"%YAML 1.1\n",
        b"&a ",
        b"*a ",
        b"!!python/object:os.system ",
        b"<<: *a\n",
        b"? ",
        b": ",
        b"- ",
        b"{",
        b"]",
        b'"',
        b"'",
        b"|",
        b">-",
        b"#",
        b"\\",
        b"\xed\xa0\x80",  # an encoded surrogate
        b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    ]
)


@MUTATIONS
@given(
    st.integers(0, len(EXAMPLE_BYTES)),
    st.lists(st.one_of(NASTY, st.binary(min_size=1, max_size=8)), min_size=1, max_size=3),
)
def test_insert_bytes(offset: int, parts: list[bytes]) -> None:
    check(EXAMPLE_BYTES[:offset] + b"".join(parts) + EXAMPLE_BYTES[offset:])


# Random documents ---------------------------------------------------------

KEYS = sorted(
    set(re.findall(r"(?m)^\s*(?:- )?\{?([a-z_]+):", EXAMPLE))
    | set(re.findall(r"[{,]\s*([a-z_]+):", EXAMPLE))
)
TOP_KEYS = [k for k in EXAMPLE_DATA if k != "migralint"]

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(
        [
            "2025-03-14",
            "2025-02-30",
            "2025-03-14T16:30:00+01:00",
            "2025-03-14T16:30:00",
            "0001-01-01T00:00:00-23:59",
            "9999-12-31T23:59:59+14:00",
            "P7Y",
            "P24M",
            "PT15M",
            "P0D",
            "P1000000Y",
            "Europe/Berlin",
            "Not/AZone",
            "../../etc/passwd",
            "NO",
            "16:00",
            "friday",
            "newcloud",
            "legacymail",
            "migrate",
            "archive",
            "delete",
            "retire",
            "replace",
            "bidirectional",
            "decommission",
            "parallel-run",
            "EU",
            "US",
            "DE",
        ]
    ),
)
NODES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=5
        ),
    ),
    max_leaves=25,
)


@DOCUMENTS
@given(NODES)
def test_random_documents(node: object) -> None:
    check(yaml.safe_dump(node, allow_unicode=True))


@DOCUMENTS
@given(
    st.dictionaries(st.sampled_from(TOP_KEYS), NODES, max_size=6),
    st.sampled_from([1, 1, 1, 2, "1", 1.0, None, True]),
)
def test_random_plans(sections: dict, version: object) -> None:
    check(yaml.safe_dump({"migralint": version, **sections}, allow_unicode=True))


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


EXAMPLE_PATHS = _paths(EXAMPLE_DATA)[1:]


def _jsonable(node: object) -> object:
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()
    if isinstance(node, dict):
        return {str(k): _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    return node


@DOCUMENTS
@given(st.sampled_from(EXAMPLE_PATHS), st.one_of(NODES, st.just("<delete>")))
def test_replace_a_node_of_the_example(path: tuple, value: object) -> None:
    """The example plan with one node, at any depth, replaced by random data
    (or removed): the checks see every wrong type in every place."""
    data = _jsonable(copy.deepcopy(EXAMPLE_DATA))
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if value == "<delete>":
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    check(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@DOCUMENTS
@given(st.sampled_from(EXAMPLE_PATHS), st.sampled_from(EXAMPLE_PATHS))
def test_alias_a_node_of_the_example(target: tuple, source: tuple) -> None:
    """One node of the example replaced by another node of it, shared: the
    dump writes an anchor and an alias (a recursive one when the source holds
    the target), so findings inside aliased nodes need positions too."""
    data = _jsonable(copy.deepcopy(EXAMPLE_DATA))
    node = data
    for step in source:
        node = node[step]
    parent = data
    for step in target[:-1]:
        parent = parent[step]
    parent[target[-1]] = node
    check(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@DOCUMENTS
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


@DOCUMENTS
@given(st.text(alphabet=st.sampled_from(list("migralnt: 1\n-[]{}&*!|>'\"#?,%@`\t")), max_size=200))
def test_random_yaml_punctuation(text: str) -> None:
    check("migralint: 1\n" + text)


@DOCUMENTS
@given(st.binary(max_size=300))
def test_random_bytes(content: bytes) -> None:
    check(content)


# What the sweeps found -----------------------------------------------------

DURATION_FIELDS = [
    "        notice_period: P90D ",  # TL005 date-order
    "      history: P24M ",  # DA005 duration-bounds
    "        required: P4Y\n",  # DA002 duration-bounds
    "    frequency: PT15M\n",  # CO003 duration-bounds
]


@pytest.mark.parametrize("value", ["[]", "{x: 1}"])
@pytest.mark.parametrize("field", DURATION_FIELDS, ids=lambda f: f.split(":")[0].strip())
def test_a_duration_field_holding_a_list_or_mapping(field: str, value: str) -> None:
    """Found by the sweeps: a duration check hashed whatever the field held
    (an lru_cache around the parser), so `history: []` was an internal error
    (exit 3) and the file got no finding. It is SC001 at the field."""
    key = field.split(":")[0]
    text = EXAMPLE.replace(field, f"{key}: {value}{field[-1]}", 1)
    assert text != EXAMPLE
    line = EXAMPLE[: EXAMPLE.index(field)].count("\n") + 1
    findings = lint(text)
    assert ("SC001", line, len(key) + 3) in [(f.code, f.line, f.column) for f in findings]
