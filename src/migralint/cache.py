"""A small on-disk cache of derived data, so a pre-commit hook does not pay
twice for work whose inputs did not change: the validated bundled rules,
public holidays per country and year.

Entries are JSON (data, never code), keyed by a hash of their inputs, and
written atomically. The cache lives in ``$MIGRALINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/migralint``, else ``~/.cache/migralint``;
``MIGRALINT_NO_CACHE=1`` turns it off. A cache that cannot be read or
written is ignored: it only ever makes things faster.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any


def folder() -> Path | None:
    if os.environ.get("MIGRALINT_NO_CACHE"):
        return None
    explicit = os.environ.get("MIGRALINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "migralint"


def key(*parts: str | bytes) -> str:
    """A short key of the inputs: two CRC-32s and the length (cheap to
    import and compute; a collision would need equal length and both sums)."""
    data = b"\0".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in parts)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def get(kind: str, entry_key: str) -> Any | None:
    base = folder()
    if base is None:
        return None
    try:
        with open(base / f"{kind}-{entry_key}.json", encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def put(kind: str, entry_key: str, value: Any) -> None:
    base = folder()
    if base is None:
        return
    import tempfile

    try:
        base.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=base)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(value, out, ensure_ascii=False)
            os.replace(temporary, base / f"{kind}-{entry_key}.json")
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except (OSError, TypeError, ValueError):
        pass
