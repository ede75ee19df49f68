"""A small on-disk cache of derived data (public holidays per country and
year), so a pre-commit hook does not import and run the holiday calendar
on every commit.

A cache can only make a run faster, never change its result. CI systems
restore caches between jobs, so whatever is in the folder is input that
someone else may have written. Hence:

- every entry is signed with a keyed BLAKE2b MAC whose key lives *outside*
  the cache folder (``$XDG_STATE_HOME/migralint/cache-key``, else
  ``~/.local/state/migralint/cache-key``, private to the user): an entry
  written by anyone without the key, or restored into a machine with
  another key, is ignored and recomputed;
- entries are opened without following links and without blocking
  (``O_NOFOLLOW | O_NONBLOCK``), must be regular files, and are read up to
  a size limit; the caller then validates the content strictly;
- the folder holds at most ``MAX_ENTRIES`` entries of a kind: writing one
  more prunes the oldest.

The cache lives in ``$MIGRALINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/migralint``, else ``~/.cache/migralint``;
``MIGRALINT_NO_CACHE=1`` turns it off. A cache that cannot be read or
written is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_ENTRY_BYTES = 64 * 1024
MAX_ENTRIES = 256
KEY_BYTES = 32
_MAC_HEX = 64  # a 32-byte BLAKE2b digest, in hex, on the entry's first line
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def folder() -> Path | None:
    if os.environ.get("MIGRALINT_NO_CACHE"):
        return None
    explicit = os.environ.get("MIGRALINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "migralint"


def key_file() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(base) / "migralint" / "cache-key"


def key(*parts: str | bytes) -> str:
    """A short name for the inputs: two CRC-32s and the length (cheap to
    compute; it names an entry, the MAC and the caller vouch for it)."""
    data = b"\0".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in parts)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def read_regular(path: Path | str, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not a link, FIFO or
    device) of at most ``limit`` bytes, else None. Never blocks."""
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size <= limit else None
    except OSError:
        return None
    finally:
        os.close(handle)


@lru_cache(maxsize=1)
def _secret() -> bytes | None:
    """This user's MAC key, created on first use; None when there is none
    we can trust (then nothing is cached)."""
    path = key_file()
    for _ in range(2):
        found = read_regular(path, KEY_BYTES)
        if found is not None:
            try:
                info = os.stat(path, follow_symlinks=False)
            except OSError:
                return None
            # A key others can read (or that is not ours) signs nothing.
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if len(found) == KEY_BYTES and mine and not info.st_mode & 0o077:
                return found
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            handle = os.open(path, flags, 0o600)
        except FileExistsError:
            continue  # another process made it first: read theirs
        except OSError:
            return None
        try:
            os.write(handle, os.urandom(KEY_BYTES))
        except OSError:
            return None
        finally:
            os.close(handle)
    return None


def _mac(secret: bytes, kind: str, entry_key: str, body: bytes) -> str:
    try:  # hashlib's own BLAKE2, without loading OpenSSL's bindings (7 ms of a cold run)
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b

    # Kind and key are signed too: an entry copied to another name is void.
    signed = f"{kind}\0{entry_key}\0".encode() + body
    return blake2b(signed, key=secret, digest_size=_MAC_HEX // 2).hexdigest()


def _entry(base: Path, kind: str, entry_key: str) -> Path:
    return base / f"{kind}-{entry_key}.json"


def get(kind: str, entry_key: str) -> Any | None:
    """The value stored under ``kind``/``entry_key`` if the entry is ours
    and intact, else None. The caller still validates the value's shape."""
    base = folder()
    if base is None:
        return None
    raw = read_regular(_entry(base, kind, entry_key), MAX_ENTRY_BYTES)
    secret = _secret() if raw is not None else None
    if raw is None or secret is None:
        return None
    mac, _, body = raw.partition(b"\n")
    expected = _mac(secret, kind, entry_key, body).encode()
    try:  # hmac.compare_digest, without hmac's import of OpenSSL's bindings
        from _operator import _compare_digest as compare_digest
    except ImportError:
        from hmac import compare_digest
    if not compare_digest(mac, expected):
        return None
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):  # ours, so only after a bug: recompute
        return None


def put(kind: str, entry_key: str, value: Any) -> None:
    base = folder()
    secret = _secret() if base is not None else None
    if base is None or secret is None:
        return
    import tempfile

    try:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return
    data = _mac(secret, kind, entry_key, body).encode() + b"\n" + body
    if len(data) > MAX_ENTRY_BYTES:
        return
    try:
        base.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=base)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            # rename() replaces a link or file at the name, never a link's target.
            os.replace(temporary, _entry(base, kind, entry_key))
        finally:
            if os.path.lexists(temporary):
                os.unlink(temporary)
        _prune(base, kind)
    except OSError:
        pass


def _prune(base: Path, kind: str) -> None:
    """Keep at most MAX_ENTRIES entries of ``kind``: the newest."""
    prefix = f"{kind}-"
    entries = []
    with os.scandir(base) as found:
        for item in found:
            if item.name.startswith(prefix) and item.name.endswith(".json"):
                try:
                    entries.append((item.stat(follow_symlinks=False).st_mtime_ns, item.path))
                except OSError:
                    continue
            if len(entries) > 4 * MAX_ENTRIES:  # a folder stuffed by someone: prune as we go
                entries.sort(reverse=True)
                _remove(entries[MAX_ENTRIES:])
                del entries[MAX_ENTRIES:]
    entries.sort(reverse=True)
    _remove(entries[MAX_ENTRIES:])


def _ours(name: str) -> bool:
    """An entry (``kind-key.json``) or a temporary file (``.kind-*.tmp``) this
    module writes; `cache clean` removes nothing else, wherever the folder is."""
    if name.startswith(".") and name.endswith(".tmp"):
        return "-" in name
    kind, dash, rest = name.partition("-")
    return bool(dash) and kind.isalnum() and rest.endswith(".json")


def clean() -> int:
    """Remove this cache's files (regular files only, never through a link)
    and the folder when that leaves it empty; the number removed."""
    base = folder()
    if base is None:
        return 0
    removed = 0
    try:
        with os.scandir(base) as found:
            names = [e.name for e in found if e.is_file(follow_symlinks=False) and _ours(e.name)]
    except OSError:
        return 0
    for name in names:
        with contextlib.suppress(OSError):
            os.unlink(base / name)
            removed += 1
    with contextlib.suppress(OSError):
        base.rmdir()  # only when empty
    return removed


def _remove(entries: list[tuple[int, str]]) -> None:
    for _, path in entries:
        with contextlib.suppress(OSError):
            os.unlink(path)  # a name: removes a link, never what it points to
