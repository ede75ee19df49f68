"""`.gitignore` files, as a folder search reads them.

The patterns' meaning is git's, as ``pathspec`` translates them into
regular expressions; those are matched with RE2, all patterns of a file in
one pass (``re2.Set``), so a pull request's `.gitignore` cannot stall the
search (``*a*a*a*a*b`` backtracks in Python's ``re``) and a file with many
patterns costs one scan of each path, not one per pattern.

As in git: a `.gitignore` applies to the paths below its folder; a deeper
file's verdict wins over a shallower one's, and within a file the last
matching pattern decides (``!`` re-includes); a folder that is ignored is
not searched, so nothing below it can be re-included. A `.gitignore` that
is a symlink is not read (git does not follow them either). Besides the
searched folders' own files, the `.gitignore` files of the folders above,
up to the repository root, and the root's `.git/info/exclude` apply. The
user's global excludes file is not read: what a run checks must not depend
on the machine.

Bounded: a `.gitignore` is read up to ``FILE_LIMIT`` bytes and its first
``MAX_PATTERNS`` patterns are used; a pattern git would not accept is
passed over, as git passes it over.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from migralint import inputs

FILE_LIMIT = 256 * 1024
MAX_PATTERNS = 10_000
MAX_MEMORY = 16 << 20  # for one file's compiled patterns
NAME = ".gitignore"

# The reader's flags for input files, and no symlink (as git).
_FLAGS = inputs._FLAGS | getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class IgnoreFile:
    """The patterns of one file, for paths relative to ``folder``."""

    absolute: str  # the folder, absolute, with a trailing separator
    matcher: Any  # re2.Set
    includes: tuple[bool, ...]  # per pattern: True ignores, False re-includes (`!`)

    def verdict(self, relative: str) -> bool | None:
        """True: ignored; False: re-included; None: no pattern says."""
        found = self.matcher.Match(relative)
        if not found:
            return None
        return self.includes[max(found)]


def _pattern_class() -> Any:
    import pathspec

    try:
        return pathspec.lookup_pattern("gitignore")
    except KeyError:  # pathspec before 1.0
        return pathspec.lookup_pattern("gitwildmatch")


def parse(text: str, folder: str) -> IgnoreFile | None:
    """The patterns of ``text`` (a `.gitignore`'s content) for ``folder``;
    None when it holds none."""
    import re2

    pattern_class = _pattern_class()
    options = re2.Options()
    options.log_errors = False
    options.max_mem = MAX_MEMORY
    matcher = re2.Set.SearchSet(options)
    includes: list[bool] = []
    for line in text.splitlines():
        if len(includes) >= MAX_PATTERNS:
            break
        try:
            regex, include = pattern_class.pattern_to_regex(line)
        except Exception:  # git passes over a pattern it cannot read
            continue
        if regex is None or include is None:
            continue  # a blank line or a comment
        # Sets take no named groups; the group only tells folders apart.
        regex = regex.replace("(?P<ps_d>", "(?:")
        try:
            matcher.Add(regex)
        except Exception:
            continue
        includes.append(bool(include))
    if not includes:
        return None
    try:
        compiled = matcher.Compile()
    except Exception:
        compiled = False
    if compiled is False:  # (None when it compiles)
        from migralint.errors import UsageError

        raise UsageError(
            f"{os.path.join(folder, NAME)}: too many or too large patterns to match "
            "(pass --no-respect-gitignore)"
        )
    return IgnoreFile(os.path.join(os.path.abspath(folder), ""), matcher, tuple(includes))


def read(folder: str, name: str = NAME) -> IgnoreFile | None:
    """The `.gitignore` of ``folder`` (or the file ``name`` below it), when
    it is a regular file; None when there is none or it cannot be read."""
    path = os.path.join(folder, name)
    try:
        fd = os.open(path, _FLAGS)
    except OSError:  # absent, a symlink (O_NOFOLLOW), unreadable
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        content = os.read(fd, FILE_LIMIT)
    except OSError:
        return None
    finally:
        os.close(fd)
    return parse(content.decode("utf-8", errors="replace"), os.path.normpath(folder))


@lru_cache(maxsize=64)
def above(start: str) -> tuple[IgnoreFile, ...]:
    """The files that apply to ``start`` from the folders above it, up to the
    repository root (the folder holding `.git`), shallowest first, with the
    root's `.git/info/exclude`. Outside a repository: none (git reads
    `.gitignore` files only inside one; the searched folders' own files
    still apply)."""
    folder = Path(os.path.abspath(start))
    chain: list[Path] = []
    root = folder if (folder / ".git").exists() else None
    if root is None:
        for candidate in folder.parents:
            chain.append(candidate)
            if (candidate / ".git").exists():
                root = candidate
                break
    if root is None:
        return ()
    found: list[IgnoreFile] = []
    exclude = read(str(root), os.path.join(".git", "info", "exclude"))
    if exclude is not None:
        found.append(exclude)
    for candidate in reversed(chain):
        file = read(str(candidate))
        if file is not None:
            found.append(file)
    return tuple(found)


def ignored(files: tuple[IgnoreFile, ...], path: str, is_folder: bool) -> bool:
    """Whether the files, deepest first, ignore ``path`` (as the walk names
    it; each file judges only the paths below its folder)."""
    target = os.path.abspath(path)
    for file in reversed(files):
        base = file.absolute
        if not target.startswith(base) or len(target) <= len(base):
            continue
        relative = target[len(base) :].replace(os.sep, "/") + ("/" if is_folder else "")
        verdict = file.verdict(relative)
        if verdict is not None:
            return verdict
    return False
