"""Which files a run checks.

A file named on the command line is always checked. A folder is searched
for files named ``*.yaml`` or ``*.yml`` (in any letter case), without
following symlinked folders, at most ``MAX_DEPTH`` levels down, past the
folders matched by the exclude patterns (by default only ``.git``, ``.hg``
and ``.svn``).

Whether a file found there is a plan is decided by the loader (its root
mapping has a ``migralint`` key); this module only screens files so that
most non-plans are never loaded. The screen may say yes to a file that is
not a plan, never no to one that is: a YAML reader can only spell the key
``migralint`` literally or with double-quoted escapes (``\\x6d``, ``\\u006d``,
an escaped line break); an alias or a merge key repeats a node of the same
document, which spells it in one of those ways too. So a file is screened
out only when, decoded as the loader decodes it (by its byte order mark),
it holds neither the word nor such an escape.

Folders that cannot be searched (too deep, unreadable) come back as targets
carrying a problem, which the runner reports as a finding at 1:1 of the
folder, so the rest of the run goes on.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

import yaml

try:  # the same parser as the loader, so both read a file alike
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

from migralint import gitignore
from migralint.i18n.values import N_, Phrase, Plural
from migralint.textutil import escape, excerpt

DEFAULT_EXCLUDE: tuple[str, ...] = (".git", ".hg", ".svn")
MAX_DEPTH = 100  # folder levels below a searched folder
DEFAULT_SCREEN_LIMIT = 10 * 1024 * 1024  # the default --max-file-size
SCREEN_CHUNK = 1024 * 1024  # a file over the limit is screened this much at a time
SUFFIXES = (".yaml", ".yml")
PLAN_DEFINITION = N_("a plan is a YAML file whose root mapping has a `migralint` key")


@dataclass(frozen=True)
class Target:
    path: str  # as displayed
    explicit: bool  # named on the command line
    missing: bool = False
    content: bytes | None = None  # read from standard input
    # (code, message) for a folder that could not be searched: reported at 1:1
    problem: tuple[str, str] | None = None


# --- the screen -------------------------------------------------------------

# Byte order marks, longest first (the UTF-32 LE mark starts like UTF-16 LE's).
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
)
_WORD = "migralint"
# The escapes that can put a letter into a double-quoted scalar (\x, \u, \U)
# or join two lines into one word (a backslash before a line break).
_LETTER_ESCAPE = re.compile(r"\\[xuU\r\n\x85\u2028\u2029]")
_LETTER_ESCAPE_UTF8 = re.compile(rb"\\(?:[xuU\r\n]|\xc2\x85|\xe2\x80[\xa8\xa9])")


def _encoding(content: bytes) -> str | None:
    for bom, name in _BOMS:
        if content.startswith(bom):
            return None if name == "utf-8" else name
    return None


def decode(content: bytes) -> str:
    """The text of a file as a YAML reader decodes it: by its byte order
    mark (UTF-8 without one); undecodable bytes become U+FFFD."""
    name = _encoding(content)
    text = content.decode(name or "utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def may_be_plan(content: bytes) -> bool:
    """The screen: False only for content no YAML reader reads as a plan."""
    name = _encoding(content)
    if name is None:  # UTF-8: a backslash never occurs inside a multi-byte character
        return _WORD.encode() in content or bool(_LETTER_ESCAPE_UTF8.search(content))
    text = content.decode(name, errors="replace")
    return _WORD in text or bool(_LETTER_ESCAPE.search(text))


def looks_like_plan(path: str, limit: int = DEFAULT_SCREEN_LIMIT) -> bool:
    """The screen applied to a file: one of at most ``limit`` bytes read
    whole, a larger one in chunks (``file_may_be_plan``); an unreadable file
    cannot be cleared, so the runner reads (and reports) it."""
    return _screen(path, limit, may_be_plan)


def _screen(path: str, limit: int, judge: Callable[[bytes], bool]) -> bool:
    """``judge`` on a file of at most ``limit`` bytes; a larger one is screened
    in chunks, and one that cannot be read is never cleared."""
    content = _read_head(path, limit)
    if content is None:
        return True
    if len(content) > limit:
        del content
        return file_may_be_plan(path)
    return judge(content)


# Enough to hold the word or an escape trigger (at most 4 bytes, 4 characters
# of UTF-32 in the decoded text) that a chunk boundary cuts in two.
_OVERLAP = 64


def file_may_be_plan(path: str, chunk: int = SCREEN_CHUNK) -> bool:
    """``may_be_plan`` for a file of any size, read ``chunk`` bytes at a time
    (memory bounded, time linear): each chunk is screened with the tail of
    the one before, so that a word cut by a boundary is still seen. Decoded
    by the byte order mark of the file's start, as ``may_be_plan`` decodes
    it. True for a file that cannot be read (it cannot be cleared)."""
    handle = _open_regular(path)
    if handle is None:
        return True
    try:
        with handle:
            data = handle.read(chunk)
            name = _encoding(data)
            if name is None:
                return _utf8_chunks_may_be_plan(handle, data, chunk)
            return _decoded_chunks_may_be_plan(handle, data, chunk, name)
    except OSError:
        return True


def _utf8_chunks_may_be_plan(handle: BinaryIO, data: bytes, chunk: int) -> bool:
    word = _WORD.encode()
    tail = b""
    while data:
        window = tail + data
        if word in window or _LETTER_ESCAPE_UTF8.search(window):
            return True
        tail = window[-_OVERLAP:]
        data = handle.read(chunk)
    return False


def _decoded_chunks_may_be_plan(handle: BinaryIO, data: bytes, chunk: int, name: str) -> bool:
    # Incremental, so a character cut by a chunk boundary decodes whole.
    decoder = codecs.getincrementaldecoder(name)(errors="replace")
    tail = ""
    while True:
        window = tail + decoder.decode(data, final=not data)
        if _WORD in window or _LETTER_ESCAPE.search(window):
            return True
        if not data:
            return False
        tail = window[-_OVERLAP:]
        data = handle.read(chunk)


def _open_regular(path: str) -> BinaryIO | None:
    """A binary handle on a regular file, opened without blocking (a FIFO
    put in a file's place cannot hang the run); None for anything else."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        return os.fdopen(fd, "rb")
    except OSError:
        os.close(fd)
        return None


def _read_head(path: str, limit: int) -> bytes | None:
    """Up to ``limit + 1`` bytes of a regular file; None for anything else
    or an error. Opened without blocking, so a FIFO put in a file's place
    cannot hang the run."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        # Ask for what the file holds (a read of `limit` bytes allocates them
        # up front), one byte more to see it grow past the limit.
        with os.fdopen(fd, "rb", closefd=False) as handle:
            content = handle.read(min(info.st_size, limit) + 1)
            if info.st_size < len(content) <= limit:  # it grew (or its size is not known)
                content += handle.read(limit + 1 - len(content))
            return content
    except OSError:
        return None
    finally:
        os.close(fd)


# --- files that do not load -------------------------------------------------

_BREAKS = "\r\n\x85\u2028\u2029"
_LINE_START = rf"(?:\A|(?<=[{_BREAKS}]))"
_KEY = r"""(?:"migralint"|'migralint'|migralint)[ \t]*:"""
# A line that starts a plan: `migralint:` at column 1, maybe quoted, after a
# `---`, a `? `, an anchor or a tag; or a flow mapping opened by that key.
# Each alternative is a fixed sequence of single-character classes and
# non-overlapping runs, so the search is linear in the text.
_PLAUSIBLE_LINE = re.compile(
    _LINE_START
    + rf"(?:---[ \t]+)?(?:\?[ \t]+)?(?:&[^ \t{_BREAKS}]+[ \t]+)?(?:![^ \t{_BREAKS}]*[ \t]+)?"
    + _KEY
    + "|"
    + _LINE_START
    + r"[ \t]*\{[ \t]*"
    + _KEY
)
# Pretty-printed JSON: the document opens with `{` and a line holds the key.
_JSON_KEY_LINE = re.compile(_LINE_START + r"""[ \t]*(?:"migralint"|'migralint')[ \t]*:""")


def plausibly_plan(content: bytes) -> bool:
    """Whether a file that did not load (a syntax error, a limit) was meant
    as a plan, so that its problem is reported rather than passed over.

    Yes when the YAML read up to the problem has a root mapping with a
    ``migralint`` key (or a merge key, or an alias as a key, which may
    bring one), whatever its spelling; no when the first document was read
    whole and has none. When the problem comes first, the text decides:
    a line that starts with ``migralint:`` (see ``_PLAUSIBLE_LINE``), or a
    flow mapping at the start of the file with a ``"migralint":`` line.
    """
    verdict = _root_key_verdict(content)
    if verdict is not None:
        return verdict
    if _WORD.encode() not in content and _encoding(content) is None:
        return False  # cheap: most templates never mention the word
    text = decode(content)
    if _PLAUSIBLE_LINE.search(text):
        return True
    return text.lstrip(" \t\r\n").startswith("{") and bool(_JSON_KEY_LINE.search(text))


def _root_key_verdict(content: bytes) -> bool | None:
    """From the event stream of the first document (nothing is built, so no
    limit of the loader applies): True when a root key is ``migralint``,
    ``<<`` or an alias; False when the document ends (or its root is not a
    mapping) without one; None when the YAML breaks first."""
    events = yaml.events
    parser = _Parser(content)
    depth = 0
    at_key = False
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, (events.StreamEndEvent, events.DocumentEndEvent)):
                return False
            if isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
                depth -= 1
                continue
            if not isinstance(event, events.NodeEvent):
                continue  # stream and document starts
            if depth == 0 and not isinstance(event, events.MappingStartEvent):
                return False  # the root is not a mapping
            if depth == 1:  # a node of the root mapping: keys and values alternate
                is_key, at_key = at_key, not at_key
                if is_key and isinstance(event, events.AliasEvent):
                    return True
                if (
                    is_key
                    and isinstance(event, events.ScalarEvent)
                    and event.value in (_WORD, "<<")
                ):
                    return True
            if isinstance(event, events.CollectionStartEvent):
                depth += 1
                if depth == 1:
                    at_key = True
    except Exception:  # any failure of the parser means "the YAML broke"
        return None
    finally:
        parser.dispose()


def unreadable_may_be_plan(path: str, limit: int) -> bool:
    """For a file the loader could not read: whether to report its problem
    (a file that cannot be read again is reported; one over the limit is
    when the screen, reading it in chunks, cannot clear it)."""
    return _screen(path, limit, plausibly_plan)


# --- exclude patterns -------------------------------------------------------


@dataclass(frozen=True)
class Exclude:
    """A gitignore-like glob: without a `/` it matches any file or folder
    name; with one, the path as shown (``**`` for any number of folders).
    A trailing `/` matches folders only."""

    pattern: str
    parts: tuple[str, ...]
    anchored: bool
    folders_only: bool

    @classmethod
    def parse(cls, pattern: str) -> Exclude:
        text = pattern.replace("\\", "/") if os.sep == "\\" else pattern
        folders_only = text.endswith("/")
        text = text.rstrip("/") or "/"
        parts = PurePosixPath(text).parts
        return cls(pattern, parts, "/" in text, folders_only)

    def matches(self, name: str, parts: Sequence[str], is_folder: bool) -> bool:
        if self.folders_only and not is_folder:
            return False
        if not self.anchored:
            return fnmatch.fnmatchcase(name, self.parts[0])
        return _match_parts(self.parts, parts)


def _match_parts(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Glob match of path components, ``**`` matching any number of them:
    the set of reachable positions, one step per pattern component, so the
    work is (pattern components x path components), never exponential.
    Within a component fnmatch's translation is linear (atomic groups)."""
    reachable = {0}
    for piece in pattern:
        if piece == "**":
            reachable = set(range(min(reachable), len(parts) + 1))
        else:
            reachable = {
                i + 1 for i in reachable if i < len(parts) and fnmatch.fnmatchcase(parts[i], piece)
            }
        if not reachable:
            return False
    return len(parts) in reachable


def compile_excludes(patterns: Iterable[str]) -> tuple[Exclude, ...]:
    return tuple(Exclude.parse(p) for p in patterns if p.strip())


# --- the walk ---------------------------------------------------------------


def collect(
    arguments: Iterable[str],
    *,
    exclude: Iterable[str] = DEFAULT_EXCLUDE,
    limit: int = DEFAULT_SCREEN_LIMIT,
    max_depth: int = MAX_DEPTH,
    respect_gitignore: bool = True,
    counts: dict[str, int] | None = None,
    stdin: tuple[str, bytes] | None = None,
) -> list[Target]:
    """Targets in a stable order: explicit files as given, folder contents
    sorted; each real file once. ``-`` is the plan read from standard input
    (``stdin``: the name it is shown and configured by, and its bytes).
    ``counts["gitignored"]`` is set to the YAML files `.gitignore` files
    passed over."""
    excludes = compile_excludes(exclude)
    tally = counts if counts is not None else {}
    tally.setdefault("gitignored", 0)
    seen: set[str] = set()
    targets: list[Target] = []

    def add(path: str, explicit: bool, missing: bool = False) -> None:
        key = os.path.realpath(path)
        if key in seen:
            return
        seen.add(key)
        targets.append(Target(path, explicit, missing))

    for argument in map(_as_shown, arguments):
        if argument == "-" and stdin is not None:
            targets.append(Target(stdin[0], explicit=True, content=stdin[1]))
        elif os.path.isdir(argument):
            for found in _walk(argument, excludes, max_depth, respect_gitignore, tally):
                if isinstance(found, Target):
                    targets.append(found)
                elif looks_like_plan(found, limit):
                    add(found, explicit=False)
        elif os.path.lexists(argument):
            add(argument, explicit=True)
        else:
            add(argument, explicit=True, missing=True)
    return targets


def _as_shown(argument: str) -> str:
    """An absolute path inside the working folder, relative to it (as the
    report shows every path); any other path as given."""
    if not os.path.isabs(argument):
        return argument
    try:
        relative = os.path.relpath(argument)
    except ValueError:  # another drive (Windows)
        return argument
    if relative == ".." or relative.startswith(".." + os.sep):
        return argument
    return relative


def _walk(
    top: str,
    excludes: Sequence[Exclude],
    max_depth: int,
    respect_gitignore: bool = True,
    tally: dict[str, int] | None = None,
) -> Iterator[str | Target]:
    """The YAML files under ``top`` (pre-order, each folder's files before
    its subfolders, names sorted), with an explicit stack: no recursion, so
    no depth the file system allows can exhaust Python's stack."""
    anchored = any(e.anchored for e in excludes)
    start = os.path.normpath(top)
    root_parts = PurePosixPath(start.replace(os.sep, "/")).parts if anchored else ()
    ignores: tuple[gitignore.IgnoreFile, ...] = gitignore.above(start) if respect_gitignore else ()
    tally = tally if tally is not None else {}
    stack: list[tuple[str, tuple[str, ...], int, tuple]] = [(top, root_parts, 0, ignores)]
    too_deep: list[str] = []
    while stack:
        folder, parts, depth, ignores = stack.pop()
        if respect_gitignore:
            own = gitignore.read(folder)
            if own is not None:
                ignores = (*ignores, own)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            reason = escape(exc.strerror or type(exc).__name__)
            yield Target(
                os.path.normpath(folder),
                explicit=False,
                problem=(
                    "PL008",
                    Phrase(
                        N_("cannot search the folder ({reason}); its plans are not checked"),
                        reason=reason,
                    ),
                ),
            )
            continue
        folders = []
        for entry in entries:
            name = entry.name
            path = os.path.join(folder, name)
            child_parts = (*parts, name) if anchored else ()
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if any(e.matches(name, child_parts, True) for e in excludes):
                    continue
                if ignores and gitignore.ignored(ignores, path, True):
                    tally["gitignored"] = tally.get("gitignored", 0) + 1
                    continue
                folders.append((path, child_parts))
                continue
            if not name.lower().endswith(SUFFIXES):
                continue
            if any(e.matches(name, child_parts, False) for e in excludes):
                continue
            if ignores and gitignore.ignored(ignores, path, False):
                tally["gitignored"] = tally.get("gitignored", 0) + 1
                continue
            try:
                is_file = entry.is_file()  # a symlink to a regular file counts
            except OSError:
                is_file = False
            if is_file:
                yield os.path.normpath(path)
        if folders and depth >= max_depth:
            too_deep.extend(path for path, _ in folders)
            continue
        for path, child_parts in reversed(folders):
            stack.append((path, child_parts, depth + 1, ignores))
    if too_deep:
        more = len(too_deep) - 1
        params = {"depth": max_depth, "start": excerpt(start)}
        if more:
            said = Plural(
                "the folder is more than {depth} levels below `{start}` and was not searched "
                "(nor {n} other folder as deep)",
                "the folder is more than {depth} levels below `{start}` and was not searched "
                "(nor {n} other folders as deep)",
                more,
                **params,
            )
        else:
            said = Phrase(
                N_("the folder is more than {depth} levels below `{start}` and was not searched"),
                **params,
            )
        yield Target(os.path.normpath(too_deep[0]), explicit=False, problem=("PL006", said))
