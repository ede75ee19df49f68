"""YAML text -> plain data plus the position of every node, read once.

The tree is built from libyaml's *event* stream with an explicit stack, not
by recursive composition, so nesting depth costs no Python recursion and can
be bounded. Scalars are typed by the YAML 1.2 core schema (only true/false
are booleans; ``16:00`` and ``NO`` stay strings) and nothing is ever
constructed from a tag, so ``!!python/object`` is inert text.

Problems of the file itself come back as ``Diagnostic`` values (code, line,
column, message); this module never raises for bad input.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from migralint.i18n.values import N_, Phrase, Plural
from migralint.textutil import excerpt

try:  # libyaml is ~10x faster; PyYAML's wheels ship it.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

Position = tuple[int, int]  # 1-based line, column
PlanPath = tuple[str | int, ...]

DEFAULT_MAX_DEPTH = 200
DEFAULT_MAX_ALIAS_NODES = 100_000
# What aliases may expand to, in characters of scalars (keys and values): a
# node budget alone let one anchored megabyte, aliased a thousand times, make
# a gigabyte of data (and of report). Ten times the file, or 10 MB for small
# files, is far beyond what defaults and shared blocks need.
ALIAS_EXPANSION_FACTOR = 10
MIN_ALIAS_EXPANSION = 10_000_000
# Diagnostics kept per code; the rest are only counted (``Document.dropped``),
# so a file of a million `no` entries costs a million counts, not a million
# messages.
DEFAULT_MAX_DIAGNOSTICS = 200
# The YAML events (scalars, collections, aliases) one file may hold. The
# benchmark's huge plan (20,000 integrations and 20,000 datasets) holds
# 650,000; a real plan a few thousand. Ten megabytes of `[no,no,...]` hold
# 3.3 million, and reading each costs a Python object: past this, PL006 and
# the file is not checked further, so work stays bounded whatever the size
# limit.
DEFAULT_MAX_NODES = 1_000_000
# Decimal integers longer than this stay strings: converting them costs time
# quadratic in their length (Python refuses by default past 4,300 digits),
# and no plan field wants such a number.
MAX_INT_DIGITS = 4300

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

# What a YAML 1.1 reader (PyYAML's default, many older tools) types
# differently from YAML 1.2 core.
_YAML11_BOOL = re.compile(r"^(?:y|yes|n|no|on|off)$", re.IGNORECASE)
_YAML11_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_YAML11_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_YAML11_BINARY = re.compile(r"^[-+]?0b[01_]+$")
# Every pattern here is unambiguous (no two ways to match the same text), so
# the backtracking engine runs in time linear in the value: `[0-9]+_` takes
# the digits before the first underscore, not any of the underscores.
_YAML11_UNDERSCORE = re.compile(r"^[-+]?[0-9]+_[0-9_]*(?:\.[0-9_]*)?$")
# One pass that says whether any of the above (or a core number) can match:
# most values that start with a digit are dates, which none of them are.
_MAYBE_SPECIAL = re.compile(
    "|".join(
        r.pattern
        for r in (
            *(_NULL, _INT10, _INT8, _INT16, _FLOAT, _INF, _NAN, _YAML11_BOOL),
            *(_YAML11_SEXAGESIMAL, _YAML11_OCTAL, _YAML11_BINARY, _YAML11_UNDERSCORE),
        )
    )
    + "|^(?:true|false)$",
    re.IGNORECASE,
)

_CORE_TAGS = "tag:yaml.org,2002:"
_KNOWN_TAGS = {
    _CORE_TAGS + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
} | {"!"}


@dataclass(frozen=True)
class Diagnostic:
    """A problem of the file as YAML, before any rule runs."""

    code: str
    line: int
    column: int
    message: str
    pointer: PlanPath = ()


@dataclass
class Document:
    """A loaded plan: ``data`` is plain JSON-like Python data (or None when
    the file could not be read as one YAML document)."""

    data: Any = None
    root_position: Position = (1, 1)
    # id(container) -> (positions of its children by key or index, of its keys)
    nodes: dict[int, tuple[Any, dict[str, Position] | None]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # code -> diagnostics of that code found beyond the per-code cap and not kept
    dropped: dict[str, int] = field(default_factory=dict)
    text: str = ""
    readable: bool = True  # False when the YAML could not be read as one document

    def _walk(self, path: PlanPath) -> tuple[Position, Position | None, bool]:
        """(the position of the deepest existing node on ``path``, of the last
        key, whether the whole path exists). Positions live beside the data,
        per container, so reading builds no path tuple per node."""
        found = self.root_position
        node = self.data
        key_pos = None
        for part in path:
            entry = self.nodes.get(id(node))
            if entry is None:
                return found, None, False
            children, keys = entry
            try:
                found = children[part]
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return found, None, False
            key_pos = keys.get(part) if keys is not None else None
        return found, key_pos, True

    def position(self, path: PlanPath) -> Position:
        """Where the node at ``path`` is; for a missing node, its nearest
        existing ancestor (the mapping that should hold it)."""
        return self._walk(tuple(path))[0]

    def key_position(self, path: PlanPath) -> Position:
        found, key_pos, complete = self._walk(tuple(path))
        return key_pos if complete and key_pos is not None else found


# First characters that can start a value one of the schemas reads as more
# than a string: a cheap screen before any regular expression runs.
_YAML11_FIRST = frozenset("yYnNoO0123456789+-")
_CORE_FIRST = frozenset("~nNtTfF0123456789+-.")


def yaml11_reading(value: str) -> str | None:
    """How a YAML 1.1 reader would type a plain scalar that YAML 1.2 core
    reads differently, or None when both agree."""
    kind = _yaml11_kind(value)
    return _describe_yaml11(kind, value) if kind else None


def _yaml11_kind(value: str) -> str | None:
    """Which YAML 1.1 reading applies (cheap: what a diagnostic is counted by;
    the words for it are built only for the diagnostics that are kept)."""
    if not value or value[0] not in _YAML11_FIRST:
        return None
    if _YAML11_BOOL.match(value):
        return "bool"
    if _YAML11_SEXAGESIMAL.match(value):
        return "sexagesimal"
    if _YAML11_OCTAL.match(value):
        return "octal"
    if _YAML11_BINARY.match(value):
        return "binary"
    if _YAML11_UNDERSCORE.match(value):
        return "underscore"
    return None


# Numbers are worked out only for values this short: the words stay short and
# big-number arithmetic on a long value costs more than it tells.
_SHOWN_NUMBER_CHARS = 24


def _describe_yaml11(kind: str, value: str) -> str:
    if kind == "bool":
        truth = value.lower() in ("y", "yes", "on")
        return Phrase(N_("the boolean {value}"), value=str(truth).lower())
    if kind == "sexagesimal":
        number = _sexagesimal_value(value)
        if number is None:
            return Phrase(N_("a base-60 number"))
        return Phrase(N_("a base-60 number ({number})"), number=number)
    if kind == "octal":
        if len(value) > _SHOWN_NUMBER_CHARS:
            return Phrase(N_("an octal number"))
        return Phrase(N_("the octal number {number}"), number=int(value.replace("_", ""), 8))
    if kind == "binary":
        return Phrase(N_("a binary number"))
    return Phrase(N_("a number with digit separators"))


def _sexagesimal_value(value: str) -> int | None:
    if len(value) > _SHOWN_NUMBER_CHARS:
        return None
    try:
        sign = -1 if value.startswith("-") else 1
        total = 0
        for part in value.lstrip("+-").split(":"):
            total = total * 60 + int(part.replace("_", ""))
        return sign * total
    except ValueError:
        return None


def _core_scalar(value: str, plain: bool, tag: str | None) -> Any:
    """Type a scalar by the YAML 1.2 core schema (explicit core tags honoured)."""
    if tag and tag != "!":
        kind = tag[len(_CORE_TAGS) :] if tag.startswith(_CORE_TAGS) else None
        if kind in ("int", "float", "bool", "null"):
            typed = _core_scalar(value, True, None)
            expected = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[kind]
            if isinstance(typed, expected) and not (kind != "bool" and isinstance(typed, bool)):
                return float(typed) if kind == "float" else typed
        return value
    if not plain:
        return value
    if value and value[0] not in _CORE_FIRST:
        return value  # most plan values: names, ids, dates
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT10.match(value):
        return int(value) if len(value) <= MAX_INT_DIGITS else value
    if _INT8.match(value):
        return int(value[2:], 8)
    if _INT16.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


def _mark(mark: Any) -> Position:
    if mark is None:
        return (1, 1)
    return (mark.line + 1, mark.column + 1)


def _error_position(exc: Exception) -> Position:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return _mark(mark)
    if isinstance(exc, yaml.reader.ReaderError):
        return _offset_position(exc.name, exc.position)
    return (1, 1)


def _char_at(text: str, position: Position) -> str:
    """The character at a 1-based (line, column) of ``text``, or ""."""
    line, column = position
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    index = start + column - 1
    return text[index] if 0 <= index < len(text) and text[index] != "\n" else ""


def _offset_position(_name: object, offset: int) -> Position:
    return (1, offset + 1)  # refined by load() which knows the text


def _error_message(exc: Exception) -> str:
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character
        if "UTF" in str(exc.reason) or "octet" in str(exc.reason):
            code = char[0] if isinstance(char, bytes) else char if isinstance(char, int) else 0
            return Phrase(
                N_("the file is not UTF-8 text ({reason}: byte {byte})"),
                reason=_reader_words(str(exc.reason)),
                byte=f"0x{code:02x}",
            )
        if isinstance(char, bytes):
            return Phrase(N_("the file is not UTF-8 text (byte {byte})"), byte=f"0x{char[0]:02x}")
        code = char if isinstance(char, int) else ord(char[:1] or "\0")
        if code == 0:
            return Phrase(N_("the file is binary, not YAML text (it holds NUL bytes)"))
        return Phrase(
            N_("the file holds a character YAML does not allow ({character})"),
            character=f"#x{code:04x}",
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        # The reader's words may quote the file (a tag handle, a character).
        if exc.context == _FLOW_LEVEL and exc.problem == _TOO_DEEP:
            return Phrase(N_("exceeds maximum nesting depth"))
        parts = [_reader_words(p) for p in (exc.context, exc.problem) if p]
        if len(parts) == 2:
            return Phrase(N_("{context}; {problem}"), context=parts[0], problem=parts[1])
        return parts[0] if parts else Phrase(_INVALID)
    text = str(exc).strip().splitlines()
    return excerpt(text[0], _REASON_LIMIT) if text else Phrase(_INVALID)


_REASON_LIMIT = 120
_INVALID = N_("invalid YAML")


def _reader_words(text: str) -> str:
    """The YAML reader's own words: in the catalog when libyaml says them
    (fixed texts), else an excerpt (a reader may quote the file)."""
    return Phrase(text) if text in _LIBYAML_WORDS else excerpt(text, _REASON_LIMIT)


# What libyaml's reader, scanner and parser say (the context of a problem,
# then the problem), as its sources spell them: "while scanning a quoted
# scalar; found unexpected end of stream". A message migralint composes
# from them says each in the reader's language; words not listed here
# (another libyaml, PyYAML's pure-Python reader) stay as the reader said them.
_FLOW_LEVEL = N_("while increasing flow level")
_TOO_DEEP = N_("exceeded maximum nesting depth")
_LIBYAML_WORDS = frozenset(
    {
        # Translators: libyaml's contexts: where in the file it was when it found a problem.
        N_("while scanning for the next token"),
        N_("while scanning a simple key"),
        N_("while scanning a directive"),
        N_("while scanning a %YAML directive"),
        N_("while scanning a %TAG directive"),
        N_("while scanning a tag directive"),
        N_("while scanning an anchor"),
        N_("while scanning an alias"),
        N_("while scanning a tag"),
        N_("while scanning a block scalar"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a plain scalar"),
        N_("while parsing a tag"),
        N_("while parsing a %TAG directive"),
        N_("while parsing a tag directive"),
        N_("while parsing a quoted scalar"),
        N_("while parsing a node"),
        N_("while parsing a block node"),
        N_("while parsing a flow node"),
        N_("while parsing a block collection"),
        N_("while parsing a block mapping"),
        N_("while parsing a flow sequence"),
        N_("while parsing a flow mapping"),
        _FLOW_LEVEL,
        N_("while increasing block level"),
        # Translators: libyaml's problems; `:`, `-`, `!`, `>`, `,`, `]`, `}` are YAML's own.
        N_("could not find expected ':'"),
        N_("could not find expected directive name"),
        N_("found character that cannot start any token"),
        N_("mapping keys are not allowed in this context"),
        N_("mapping values are not allowed in this context"),
        N_("block sequence entries are not allowed in this context"),
        N_("found unexpected end of stream"),
        N_("found unexpected document indicator"),
        N_("found unexpected ':'"),
        N_("found unknown escape character"),
        N_("found invalid Unicode character escape code"),
        N_("did not find expected hexdecimal number"),
        N_("found a tab character that violates indentation"),
        N_("found a tab character where an indentation space is expected"),
        N_("found an indentation indicator equal to 0"),
        N_("found unexpected non-alphabetical character"),
        N_("found unknown directive name"),
        N_("found extremely long version number"),
        N_("found duplicate %YAML directive"),
        N_("found duplicate %TAG directive"),
        N_("found incompatible YAML document"),
        N_("found undefined tag handle"),
        N_("found an incorrect leading UTF-8 octet"),
        N_("found an incorrect trailing UTF-8 octet"),
        N_("did not find URI escaped octet"),
        N_("did not find expected comment or line break"),
        N_("did not find expected whitespace or line break"),
        N_("did not find expected whitespace"),
        N_("did not find expected digit or '.' character"),
        N_("did not find expected version number"),
        N_("did not find expected alphabetic or numeric character"),
        N_("did not find expected '!'"),
        N_("did not find the expected '>'"),
        N_("did not find expected tag URI"),
        N_("did not find expected <stream-start>"),
        N_("did not find expected <document start>"),
        N_("did not find expected node content"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected key"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
        _TOO_DEEP,
        # Translators: libyaml's reader: why the bytes of the file are not text it can read.
        N_("control characters are not allowed"),
        N_("invalid leading UTF-8 octet"),
        N_("invalid trailing UTF-8 octet"),
        N_("invalid length of a UTF-8 sequence"),
        N_("incomplete UTF-8 octet sequence"),
        N_("invalid Unicode character"),
        N_("incomplete UTF-16 character"),
        N_("incomplete UTF-16 surrogate pair"),
    }
)


class _Frame:
    __slots__ = (
        "anchor",
        "chars",
        "child_positions",
        "container",
        "key",
        "key_pos",
        "key_positions",
        "keys_seen",
        "merges",
        "path",
        "pos",
        "size",
    )

    def __init__(self, container: Any, path: PlanPath, anchor: str | None, pos: Position) -> None:
        self.container = container
        self.pos = pos
        is_map = type(container) is dict
        self.child_positions: Any = {} if is_map else []
        self.key_positions: dict[str, Position] | None = {} if is_map else None
        self.path = path
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.key_pos: Position = (1, 1)
        self.keys_seen: dict[str, Position] = {}
        self.merges: list[Any] = []
        self.size = 1
        self.chars = 0  # characters of the scalars below (keys and values)


_NO_KEY = object()
_NON_SCALAR_KEY = "<complex key>"


class _Builder:
    """Turns an event stream into data + positions, within the limits."""

    def __init__(
        self, max_depth: int, max_alias_nodes: int, max_alias_chars: int, max_diagnostics: int
    ) -> None:
        self.doc = Document()
        self.max_depth = max_depth
        self.max_alias_nodes = max_alias_nodes
        self.max_alias_chars = max_alias_chars
        self.max_diagnostics = max_diagnostics
        self.alias_nodes = 0
        self.alias_chars = 0
        self.kept: dict[str, int] = {}
        # anchor -> (node, its nodes, its characters), None while it is built
        self.anchors: dict[str, tuple[Any, int, int] | None] = {}
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.failed = False

    def room(self, code: str) -> bool:
        """Whether one more diagnostic of ``code`` is kept. Past the cap it is
        only counted, before its message is built: callers test this first."""
        kept = self.kept.get(code, 0)
        if kept >= self.max_diagnostics:
            dropped = self.doc.dropped
            dropped[code] = dropped.get(code, 0) + 1
            return False
        self.kept[code] = kept + 1
        return True

    def diag(self, code: str, pos: Position, message: str, pointer: PlanPath = ()) -> None:
        self.doc.diagnostics.append(Diagnostic(code, pos[0], pos[1], message, pointer))

    def fail(self, code: str, pos: Position, message: str) -> None:
        self.diag(code, pos, message)  # one per file at most: never capped
        self.failed = True

    def _child_path(self) -> PlanPath:
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        return (*frame.path, frame.key)

    def _check_tag(self, tag: str | None, pos: Position) -> None:
        if tag and tag not in _KNOWN_TAGS and self.room("PL005"):
            shown = "!!" + tag[len(_CORE_TAGS) :] if tag.startswith(_CORE_TAGS) else tag
            self.diag(
                "PL005",
                pos,
                Phrase(
                    N_(
                        "tag `{tag}` is not supported and is ignored; plans hold plain data "
                        "(nothing is ever constructed from a tag)"
                    ),
                    tag=excerpt(shown),
                ),
            )

    def add_value(self, value: Any, pos: Position, size: int, chars: int) -> None:
        """Attach a finished node to its parent (or make it the root)."""
        if not self.stack:
            self.root = value
            self.doc.root_position = pos
            return
        frame = self.stack[-1]
        frame.size += size
        frame.chars += chars
        container = frame.container
        if type(container) is list:
            container.append(value)
            frame.child_positions.append(pos)
            return
        key = frame.key
        if key is _NO_KEY:
            self._set_key(frame, value, pos)
            return
        frame.key = _NO_KEY
        if key == "<<" and type(value) in (dict, list):
            frame.merges.append(value)
            return
        container[key] = value
        frame.child_positions[key] = pos
        frame.key_positions[key] = frame.key_pos

    def _set_key(self, frame: _Frame, key: Any, pos: Position) -> None:
        if isinstance(key, (dict, list)):
            key = _NON_SCALAR_KEY
        elif not isinstance(key, str):
            key = _scalar_text(key)
        first = frame.keys_seen.get(key)
        if first is not None and key != _NON_SCALAR_KEY:
            if self.room("PL002"):
                where = ".".join(str(p) for p in (*frame.path, key))
                self.diag(
                    "PL002",
                    pos,
                    Phrase(
                        N_(
                            "duplicate key `{key}` (first at line {line}); YAML readers "
                            "silently keep only the last value of `{path}`"
                        ),
                        key=excerpt(key),
                        line=first[0],
                        path=excerpt(where),
                    ),
                    (*frame.path, key),
                )
        else:
            frame.keys_seen[key] = pos
        frame.key = key
        frame.key_pos = pos

    def start(self, container: Any, pos: Position, anchor: str | None, tag: str | None) -> None:
        self._check_tag(tag, pos)
        if len(self.stack) >= self.max_depth:
            self.fail(
                "PL006",
                pos,
                Phrase(N_("nesting deeper than {depth} levels; not a plan"), depth=self.max_depth),
            )
            return
        path = self._child_path() if self.stack else ()
        if (
            self.stack
            and isinstance(self.stack[-1].container, dict)
            and self.stack[-1].key is _NO_KEY
        ):
            path = (*self.stack[-1].path, _NON_SCALAR_KEY)
        if anchor:
            self.anchors[anchor] = None  # under construction: an alias to it is recursive
        self.stack.append(_Frame(container, path, anchor, pos))
        if len(self.stack) == 1:
            self.doc.root_position = pos

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.merges:
            self._merge(frame)
        self.doc.nodes.setdefault(id(frame.container), (frame.child_positions, frame.key_positions))
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, frame.size, frame.chars)
        self.add_value(frame.container, frame.pos, frame.size, frame.chars)

    def _merge(self, frame: _Frame) -> None:
        """YAML 1.1 merge keys (``<<: *defaults``): explicit keys win."""
        sources: list[Any] = []
        for merge in frame.merges:
            sources.extend(merge if isinstance(merge, list) else [merge])
        for source in sources:
            if isinstance(source, dict):
                for key, value in source.items():
                    frame.container.setdefault(key, value)

    def alias(self, anchor: str, pos: Position) -> None:
        if anchor not in self.anchors:
            self.fail(
                "PL001",
                pos,
                Phrase(
                    N_("alias `*{anchor}` names no anchor defined before it"),
                    anchor=excerpt(anchor),
                ),
            )
            return
        entry = self.anchors[anchor]
        if entry is None:
            self.fail(
                "PL001",
                pos,
                Phrase(
                    N_("alias `*{anchor}` refers to its own node (recursive alias)"),
                    anchor=excerpt(anchor),
                ),
            )
            return
        value, size, chars = entry
        self.alias_nodes += size
        self.alias_chars += chars
        if self.alias_nodes > self.max_alias_nodes:
            self.fail(
                "PL006",
                pos,
                Phrase(
                    N_(
                        "aliases expand to more than {limit} nodes (an alias bomb?); "
                        "the file is not checked further"
                    ),
                    limit=self.max_alias_nodes,
                ),
            )
            return
        if self.alias_chars > self.max_alias_chars:
            self.fail(
                "PL006",
                pos,
                Phrase(
                    N_(
                        "aliases expand to more than {limit} characters "
                        "(an alias bomb?); the file is not checked further"
                    ),
                    limit=self.max_alias_chars,
                ),
            )
            return
        self.add_value(value, pos, size, chars)

    def scalar(self, event: Any) -> None:
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        tag = event.tag
        if tag:
            self._check_tag(tag, pos)
        plain = event.implicit[0] and not event.style
        other = None
        if plain and not tag:
            value, other = _plain_reading(event.value)
        else:
            value = _core_scalar(event.value, plain, tag)
        top = self.stack[-1] if self.stack else None
        is_key = top is not None and top.key is _NO_KEY and type(top.container) is dict
        if other and self.room("PL004"):
            path = (
                ((*self.stack[-1].path, event.value) if is_key else self._child_path())
                if self.stack
                else ()
            )
            template = _AS_STRING if isinstance(value, str) else _AS_NUMBER
            self.diag(
                "PL004",
                pos,
                Phrase(
                    template,
                    value=excerpt(event.value),
                    core=_show(value),
                    other=_describe_yaml11(other, event.value),
                ),
                path,
            )
        if is_key:
            value = event.value if isinstance(event.value, str) else _scalar_text(value)
        chars = len(event.value)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, chars)
        self.add_value(value, pos, 1, chars)


_AS_STRING = N_(
    "`{value}` is read as the string {core} (YAML 1.2), but a YAML 1.1 reader reads it "
    "as {other}; quote it to say which you mean"
)
_AS_NUMBER = N_(
    "`{value}` is read as the number {core} (YAML 1.2), but a YAML 1.1 reader reads it "
    "as {other}; quote it to say which you mean"
)


# Plain scalars that read as more than a string are mostly a few short
# values repeated (`1`, `no`, `true`): their two readings are remembered, so a
# file of a million `no` costs a million lookups, not nine million matches.
_READINGS: dict[str, tuple[Any, str | None]] = {}
_READINGS_MAX = 4096
_READING_CHARS = 32


def _plain_reading(value: str) -> tuple[Any, str | None]:
    """(the YAML 1.2 core value, the YAML 1.1 kind or None) of a plain scalar."""
    reading = _READINGS.get(value)
    if reading is None:
        reading = (_core_scalar(value, True, None), _yaml11_kind(value))
        if len(value) <= _READING_CHARS and len(_READINGS) < _READINGS_MAX:
            _READINGS[value] = reading
    return reading


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{excerpt(value)}"'
    if isinstance(value, int) and value.bit_length() > 200:
        # Its decimal text costs time, and says little.
        return Phrase(N_("(a number of many digits)"))
    return excerpt(repr(value))


def _scalar_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def load(
    content: bytes | str,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_alias_nodes: int = DEFAULT_MAX_ALIAS_NODES,
    max_alias_chars: int | None = None,
    max_diagnostics: int = DEFAULT_MAX_DIAGNOSTICS,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Document:
    """Read one plan. Never raises for bad input: problems are diagnostics.

    Aliases may expand to ``max_alias_nodes`` nodes and ``max_alias_chars``
    characters of scalars (by default ``ALIAS_EXPANSION_FACTOR`` times the
    file's size, at least ``MIN_ALIAS_EXPANSION``); past either, PL006 at the
    alias. At most ``max_diagnostics`` diagnostics of each code are kept, the
    rest counted in ``Document.dropped``. A file of more than ``max_nodes``
    YAML events is PL006 where the limit is reached, and not checked further."""
    if max_alias_chars is None:
        max_alias_chars = max(ALIAS_EXPANSION_FACTOR * len(content), MIN_ALIAS_EXPANSION)
    builder = _Builder(max_depth, max_alias_nodes, max_alias_chars, max_diagnostics)
    doc = builder.doc
    if isinstance(content, bytes):
        doc.text = content.decode("utf-8", errors="replace")
    else:
        doc.text = content
    parser = _Parser(content)
    # The tree is acyclic (aliases share nodes, never loop): the cyclic
    # garbage collector has nothing to find in it, and rescanning a growing
    # heap while it is built made time grow faster than the plan.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _run(parser, builder, max_nodes)
    except yaml.YAMLError as exc:
        pos = _error_position(exc)
        message = _error_message(exc)
        if isinstance(exc, yaml.reader.ReaderError):
            offset = exc.position
            bad_utf8 = _first_bad_utf8(content)
            if bad_utf8 is not None and ("UTF" in str(exc.reason) or "octet" in str(exc.reason)):
                offset = bad_utf8
                byte = content[offset]
                message = Phrase(
                    N_("the file is not UTF-8 text (byte {byte} does not start a character)"),
                    byte=f"0x{byte:02x}",
                )
            pos = _position_of_offset(content, offset)
        tab = "found a tab character that violates indentation" in message
        if tab or ("cannot start any token" in message and _char_at(doc.text, pos) == "\t"):
            message = Phrase(N_("a tab indents this line, and tabs cannot indent YAML; use spaces"))
        code = "PL006" if "maximum nesting depth" in message else "PL001"
        if "while increasing flow level; exceeded" in message:  # (libyaml's is said as such)
            message = message.replace("while increasing flow level; exceeded", "exceeds")
        builder.fail(code, pos, message)
    except (RecursionError, MemoryError) as exc:  # pragma: no cover - defensive
        builder.fail(
            "PL006",
            (1, 1),
            Phrase(N_("the file is too complex to read ({error})"), error=type(exc).__name__),
        )
    finally:
        parser.dispose()
        if collecting:
            gc.enable()
    doc.readable = not builder.failed
    doc.data = builder.root if doc.readable else None
    return doc


# Line breaks as YAML counts them (libyaml's marks count the same way).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _first_bad_utf8(content: bytes | str) -> int | None:
    """The offset of the first byte that is not UTF-8, in a file meant to be
    UTF-8 (not one that starts with a UTF-16 or UTF-32 byte order mark)."""
    if not isinstance(content, bytes) or content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as bad:
        return bad.start
    return None


def _position_of_offset(content: bytes | str, offset: int) -> Position:
    if isinstance(content, bytes):
        prefix = content[:offset].decode("utf-8", errors="replace")
    else:
        prefix = content[:offset]
    if prefix.startswith("\ufeff"):
        prefix = prefix[1:]
    breaks = list(_BREAK.finditer(prefix))
    start = breaks[-1].end() if breaks else 0
    return (len(breaks) + 1, len(prefix) - start + 1)


_SCREEN = _YAML11_FIRST | _CORE_FIRST


def _run(parser: Any, builder: _Builder, max_nodes: int) -> None:
    events = yaml.events
    scalar_event = events.ScalarEvent
    stack = builder.stack
    no_key = _NO_KEY
    maybe_special = _MAYBE_SPECIAL.match
    readings = _READINGS
    kept = builder.kept
    dropped = builder.doc.dropped
    count = 0
    while not builder.failed:
        event = parser.get_event()
        if event is None or isinstance(event, events.StreamEndEvent):
            return
        count += 1
        if count > max_nodes:
            builder.fail(
                "PL006",
                _mark(event.start_mark),
                Plural(
                    "the file holds more than {n} YAML node; it is not checked "
                    "further (a plan holds a few thousand)",
                    "the file holds more than {n} YAML nodes; it is not checked "
                    "further (a plan holds a few thousand)",
                    max_nodes,
                ),
            )
            return
        cls = type(event)
        if cls is scalar_event:
            # The common case inline: an untagged scalar in a mapping or a
            # list, either a string both YAML 1.1 and 1.2 read as one, or a
            # value read before (``1``, ``no``) whose diagnostics are past
            # their cap and only counted.
            value = event.value
            if not stack or event.tag is not None or event.anchor is not None:
                builder.scalar(event)
                continue
            typed = value
            if event.implicit[0] and not event.style and (not value or value[0] in _SCREEN):
                reading = readings.get(value)
                if reading is None:
                    if not value or maybe_special(value):
                        builder.scalar(event)  # first sight: typed, and remembered
                        continue
                else:
                    typed, kind = reading
                    if kind is not None:
                        if kept.get("PL004", 0) < builder.max_diagnostics:
                            builder.scalar(event)  # reported in full
                            continue
                        dropped["PL004"] = dropped.get("PL004", 0) + 1
            frame = stack[-1]
            key = frame.key
            container = frame.container
            is_list = type(container) is list
            if not is_list and key == "<<":
                builder.scalar(event)
                continue
            mark = event.start_mark
            pos = (mark.line + 1, mark.column + 1)
            frame.chars += len(value)
            if is_list:
                frame.size += 1
                container.append(typed)
                frame.child_positions.append(pos)
                continue
            if key is no_key:
                builder._set_key(frame, value, pos)  # a key is its text
                continue
            frame.size += 1
            frame.key = no_key
            container[key] = typed
            frame.child_positions[key] = pos
            frame.key_positions[key] = frame.key_pos
        elif cls is events.MappingStartEvent:
            builder.start({}, _mark(event.start_mark), event.anchor, event.tag)
        elif cls is events.SequenceStartEvent:
            builder.start([], _mark(event.start_mark), event.anchor, event.tag)
        elif cls is events.MappingEndEvent or cls is events.SequenceEndEvent:
            builder.end()
        elif cls is events.AliasEvent:
            builder.alias(event.anchor, _mark(event.start_mark))
        elif cls is events.DocumentStartEvent:
            builder.documents += 1
            if builder.documents == 2:
                builder.diag(
                    "PL007",
                    _mark(event.start_mark),
                    Phrase(
                        N_(
                            "a plan file holds one YAML document; this second one and any "
                            "after it are not checked"
                        )
                    ),
                )
                return
            builder.anchors.clear()
