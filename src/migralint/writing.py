"""Writing files the way a careful user would: never over someone's file
unless asked, only ever over a regular file (or a link, which is replaced
itself, never its target), and atomically (a crash or an interrupt leaves
the old file or the new one, never half of one, and no temporary file).

New files get the user's umask (``0o666 & ~umask``), like any other tool's
output; a file replaced with ``--force`` is a new file, so it too gets its
mode from the umask, not from the file it replaces. A plan fixed in place
(``check --fix``) is the same file edited, so it keeps its own mode.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from migralint.errors import UsageError
from migralint.i18n.values import N_, Phrase
from migralint.textutil import escape

_KINDS = (
    (stat.S_ISDIR, N_("a directory")),
    (stat.S_ISFIFO, N_("a FIFO")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
    (stat.S_ISSOCK, N_("a socket")),
)
# What a command writes, as its messages name it.
_WHAT = (N_("report"), N_("calendar"), N_("file"), N_("baseline"), N_("give another path"))


def _kind(mode: int) -> str:
    return Phrase(next((name for test, name in _KINDS if test(mode)), N_("not a regular file")))


def _refusal(path: Path, what: str, force: bool, hint: str) -> UsageError | None:
    """Why ``path`` may not be written, or None when it may."""
    shown = escape(str(path))
    what, hint = Phrase(what), Phrase(hint)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return UsageError(
            Phrase("cannot write {path}: {problem}", path=shown, problem=exc.strerror or str(exc))
        )
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.stat(path)  # what the link points to, if anything
        except OSError:
            target = None
        if target is not None and not stat.S_ISREG(target.st_mode):
            return UsageError(
                Phrase(
                    "{path} is a link to {kind}; not writing the {what} there "
                    "(migralint writes regular files only)",
                    path=shown,
                    kind=_kind(target.st_mode),
                    what=what,
                )
            )
    elif not stat.S_ISREG(info.st_mode):
        return UsageError(
            Phrase(
                "{path} is {kind}; not writing the {what} there "
                "(migralint writes regular files only)",
                path=shown,
                kind=_kind(info.st_mode),
                what=what,
            )
        )
    if not force:
        return UsageError(
            Phrase(
                "{path} exists; not overwriting the {what} ({hint})",
                path=shown,
                what=what,
                hint=hint,
            )
        )
    return None


def write_atomically(
    path: Path,
    text: str,
    *,
    force: bool = False,
    what: str = "file",
    hint: str | None = None,
    mode: int | None = None,
) -> None:
    """Write ``text`` (UTF-8) to ``path``; ``mode``: the new file's permission
    bits instead of the umask's."""
    hint = hint or N_("use --force to replace it")
    problem = _refusal(path, what, force, hint)
    if problem:
        raise problem
    folder = path.parent if str(path.parent) else Path(".")
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        flags |= getattr(os, "O_BINARY", 0)  # no newline translation on Windows
        while True:
            temporary = folder / f".{path.name}.{os.urandom(6).hex()}.tmp"
            try:
                # 0o666: the kernel applies the umask, as for any new file.
                handle = os.open(temporary, flags, 0o666)
                break
            except FileExistsError:  # not ours: never remove it
                temporary = None
        with os.fdopen(handle, "wb") as out:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        problem = _refusal(path, what, force, hint)  # it may have appeared while we wrote
        if problem:
            raise problem
        # rename() replaces the name: a link itself, never the file it points to.
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise UsageError(f"cannot write {escape(str(path))}: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:  # interrupted or failed: leave nothing behind
            with contextlib.suppress(OSError):
                os.unlink(temporary)
