"""Writing files the way a careful user would: never over someone's file
unless asked, and atomically (a crash leaves the old file or the new one,
never half of one)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from migralint.errors import UsageError


def write_atomically(
    path: Path, text: str, *, force: bool = False, what: str = "file", hint: str | None = None
) -> None:
    hint = hint or "use --force to replace it"
    if path.exists() and not force:
        raise UsageError(f"{path} exists; not overwriting the {what} ({hint})")
    if path.is_dir():
        raise UsageError(f"{path} is a directory")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            if not force and path.exists():  # created while we wrote: still not ours
                raise UsageError(f"{path} exists; not overwriting the {what} ({hint})")
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
