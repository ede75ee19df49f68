"""Baselines: accept today's findings, report only new ones.

A finding is keyed by its file, code, plan path and a hash of the content
of its line (not the line number), so inserting lines above it, or
re-indenting, does not make it "new". Keys are counted, so a second
identical problem on an identical line is still new.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections import Counter
from pathlib import Path

from migralint import inputs
from migralint.errors import ConfigError
from migralint.finding import Finding
from migralint.textutil import excerpt
from migralint.writing import write_atomically

VERSION = 1


def content_hash(finding: Finding, line_text: str) -> str:
    """What the finding is about, without where it is."""
    basis = f"{finding.code}\0{finding.pointer}\0{' '.join(line_text.split())}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def _file_key(path: str, base: Path) -> str:
    try:
        relative = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive on Windows
        relative = os.path.abspath(path)
    return Path(relative).as_posix()


def key(finding: Finding, fingerprint: str, base: Path) -> str:
    return f"{_file_key(finding.path, base)}\0{finding.code}\0{finding.pointer}\0{fingerprint}"


def write(path: Path, keyed: list[tuple[Finding, str]], force: bool) -> int:
    # The folder the file will be in: a link at `path` is replaced, not
    # followed (see writing.py), so its target's folder does not count.
    base = Path(os.path.abspath(path)).parent.resolve()
    entries = Counter(key(f, h, base) for f, h in keyed)
    records = []
    for entry, count in sorted(entries.items()):
        file, code, pointer, fingerprint = entry.split("\0")
        records.append(
            {"path": file, "code": code, "pointer": pointer, "hash": fingerprint, "count": count}
        )
    payload = {"migralint-baseline": VERSION, "findings": records}
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text, force=force, what="baseline")
    return sum(entries.values())


# Bounds on what a baseline may hold: it can come from the pull request.
MAX_ENTRIES = 500_000  # more than 32 MB of the smallest records hold
MAX_COUNT = 1_000_000
MAX_TEXT = 4096  # a path, code or plan path longer than this is no finding's key
_HASH = re.compile(r"[0-9a-f]{16}")


def _reject_constant(name: str) -> None:
    raise _Malformed(f"`{name}` is not a number JSON allows")


class _Malformed(ValueError):
    pass


def load(path: Path) -> tuple[Counter[str], Path]:
    """Read and check a baseline; any problem is a ConfigError (exit 2)
    naming the file, quoting no more than a short excerpt of it."""
    shown = inputs.shown(path)
    content = inputs.read_bounded(
        path, limit=inputs.BASELINE_LIMIT, what="baseline", error=ConfigError
    )
    try:
        payload = json.loads(content.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{shown}: not a migralint baseline (not UTF-8 at byte {exc.start + 1})"
        ) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{shown}:{exc.lineno}:{exc.colno}: not a migralint baseline (invalid JSON: {exc.msg})"
        ) from None
    except _Malformed as exc:
        raise ConfigError(f"{shown}: not a migralint baseline (invalid JSON: {exc})") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ConfigError(
            f"{shown}: not a migralint baseline (invalid JSON: {excerpt(str(exc))})"
        ) from None
    except RecursionError:
        raise ConfigError(
            f"{shown}: not a migralint baseline (nested too deeply to be one)"
        ) from None
    if not isinstance(payload, dict) or payload.get("migralint-baseline") != VERSION:
        raise ConfigError(f"{shown}: not a migralint baseline (version {VERSION} expected)")
    records = payload.get("findings")
    if not isinstance(records, list):
        raise ConfigError(f"{shown}: findings: a list of findings expected")
    if len(records) > MAX_ENTRIES:
        raise ConfigError(
            f"{shown}: findings: {len(records)} entries; a baseline holds at most {MAX_ENTRIES:,}"
        )
    counts: Counter[str] = Counter()
    for index, record in enumerate(records):
        try:
            counts[_entry(record)] += _count(record)
        except _Malformed as exc:
            raise ConfigError(f"{shown}: findings[{index}]{exc}") from None
    return counts, path.resolve().parent


def _entry(record: object) -> str:
    if not isinstance(record, dict):
        raise _Malformed(f": an object expected, got {type(record).__name__}")
    fields = []
    for name in ("path", "code", "pointer", "hash"):
        value = record.get(name)
        if not isinstance(value, str):
            raise _Malformed(f".{name}: a string expected, got {_kind(value)}")
        if len(value) > MAX_TEXT or "\0" in value or (name != "pointer" and not value):
            raise _Malformed(f".{name}: not a valid {name} ({excerpt(value)})")
        fields.append(value)
    if not _HASH.fullmatch(fields[3]):
        raise _Malformed(f".hash: 16 hexadecimal digits expected, got {excerpt(fields[3])}")
    return "\0".join(fields)


def _count(record: dict) -> int:
    count = record.get("count", 1)
    if type(count) is not int or not 1 <= count <= MAX_COUNT:
        raise _Malformed(
            f".count: a whole number from 1 to {MAX_COUNT:,} expected, got {_kind(count)}"
        )
    return count


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, float) and not math.isfinite(value):
        return "a number out of range"
    if isinstance(value, (bool, int, float)):
        return excerpt(json.dumps(value))
    if isinstance(value, str):
        return f"the string '{excerpt(value)}'"
    return "a list" if isinstance(value, list) else "an object"


def new_findings(
    keyed: list[tuple[Finding, str]], baseline: Counter[str], base: Path
) -> list[Finding]:
    """The findings the baseline does not account for."""
    remaining = Counter(baseline)
    fresh = []
    for finding, fingerprint in keyed:
        entry = key(finding, fingerprint, base)
        if remaining[entry] > 0:
            remaining[entry] -= 1
        else:
            fresh.append(finding)
    return fresh
