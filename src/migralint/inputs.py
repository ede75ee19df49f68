"""Reading the files a run is configured by: regular files only, of bounded
size, and (for what a pull request can name) inside the repository.

Configuration files, rule files and baselines may come from the pull
request under review. Such a file can be a symlink to a secret outside the
checkout, a device that never ends (/dev/zero, /dev/urandom), or a FIFO or
terminal that never answers (/dev/stdin). So a file is opened without
blocking, checked on the open descriptor (no race between the check and the
read), and read only up to its limit; an error names the path and never
quotes its content.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from migralint.errors import MigralintError
from migralint.i18n.values import Plural
from migralint.textutil import excerpt

MB = 1024 * 1024
# A configuration or rule file is a few kilobytes; the bundled rule files
# together are well under 200 KB. 1 MB leaves room and bounds the work.
CONFIG_LIMIT = 1 * MB
RULE_FILE_LIMIT = 1 * MB
# A baseline holds one record (~170 bytes as written) per known finding:
# 32 MB is some 200,000 findings. Its worst case (the smallest records)
# loads in about 250 MB and 4 s; 64 MB would take 500 MB.
BASELINE_LIMIT = 32 * MB

# Never follow the descriptor into a terminal (O_NOCTTY), never block on a
# FIFO with no writer (O_NONBLOCK), never leak it into a child (O_CLOEXEC).
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


# Paths are longer than the values messages quote, but a configuration
# names them, so they are cut too.
PATH_LIMIT = 200


def shown(path: str | os.PathLike[str]) -> str:
    """A path as messages show it: escaped (a file name is input too) and
    cut to PATH_LIMIT characters."""
    return excerpt(os.fspath(path), PATH_LIMIT)


KB = 1024
GB = 1024 * MB
# Sizes are binary, as the default limits always were (10 MB = 10 x 2**20
# bytes); KiB/MiB/GiB are accepted as the same units.
_UNITS = {"": 1, "b": 1, "k": KB, "kb": KB, "kib": KB, "m": MB, "mb": MB, "mib": MB}
_UNITS |= {"g": GB, "gb": GB, "gib": GB}


def size_text(size: int, exact: bool = True) -> str:
    """A size as people say it: ``512 bytes``, ``64 KB``; a size that is not
    a whole number of a unit is in bytes (``1,000,000 bytes``: a limit reads
    as it was given), or rounded when not ``exact`` (``1.5 MB``: a file's)."""
    for unit, name in ((GB, "GB"), (MB, "MB"), (KB, "KB")):
        if size >= unit:
            if size % unit == 0:
                return f"{size // unit:,} {name}"
            if not exact:
                return f"{size / unit:,.1f} {name}"
    return Plural("{n} byte", "{n} bytes", size)


def parse_size(text: str) -> int:
    """``10MB``, ``10 MB``, ``512k``, ``1.5GiB`` or a number of bytes;
    raises ValueError in plain words."""
    value = text.strip().lower().replace("_", "").replace(",", "")
    number = value.rstrip("bgikm ")
    unit = value[len(number) :].strip()
    if unit not in _UNITS or not number:
        raise ValueError(
            f"`{excerpt(text, 40)}` is not a size (a number of bytes, or with KB, MB or GB: 10MB)"
        )
    try:
        amount = float(number) if "." in number else int(number)
    except ValueError:
        raise ValueError(
            f"`{excerpt(text, 40)}` is not a size (a number of bytes, or with KB, MB or GB: 10MB)"
        ) from None
    size = int(amount * _UNITS[unit])
    if size < 1:
        raise ValueError(f"`{excerpt(text, 40)}`: the size must be at least 1 byte")
    return size


def read_bounded(
    path: str | os.PathLike[str],
    *,
    limit: int,
    what: str,
    error: type[MigralintError],
    label: str | None = None,
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Anything else (missing, unreadable, a directory, FIFO, device or socket,
    or larger than ``limit``) raises ``error`` with one line naming the path
    and the problem, e.g. ``rules.yaml: cannot read the rule file: a FIFO``.
    ``what`` names the file's role ("configuration", "rule file", "baseline");
    ``label`` is how messages name the file (default: ``path``, escaped).
    """
    name = label if label is not None else shown(path)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise error(f"{name}: cannot read the {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in _KINDS if test(info.st_mode)), "not a regular file")
            raise error(f"{name}: cannot read the {what}: it is {kind}, not a regular file")
        limit_text = size_text(limit)
        too_large = (
            f"{name}: the {what} is larger than {limit_text}; {what}s are limited to {limit_text}"
        )
        if info.st_size > limit:
            raise error(too_large)
        # A regular file opened with O_NONBLOCK reads as usual; the file
        # may still grow after fstat, so read one byte past the limit.
        chunks = []
        left = limit + 1
        while left > 0:
            try:
                chunk = os.read(fd, min(left, 1 << 20))
            except OSError as exc:
                raise error(f"{name}: cannot read the {what}: {exc.strerror or exc}") from None
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise error(too_large)
        return b"".join(chunks)
    finally:
        os.close(fd)


def inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether ``path``, with every symlink resolved, is ``root`` or below it."""
    try:
        target = Path(path).resolve()
        base = Path(root).resolve()
    except (OSError, RuntimeError):  # a symlink loop resolves nowhere
        return False
    return target == base or base in target.parents


def repository_root(folder: str | os.PathLike[str]) -> Path | None:
    """The nearest folder at or above ``folder`` that holds `.git`, going up
    the path as given (a symlinked folder does not take the root with it)."""
    start = Path(os.path.abspath(folder))
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
