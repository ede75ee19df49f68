"""Baselines: accept today's findings, report only new ones.

A finding is keyed by its file, code, plan path and a hash of the content
of its line (not the line number), so inserting lines above it, or
re-indenting, does not make it "new". Keys are counted, so a second
identical problem on an identical line is still new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from migralint.errors import ConfigError
from migralint.finding import Finding
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
    base = path.resolve().parent
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


def load(path: Path) -> tuple[Counter[str], Path]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a migralint baseline (invalid JSON: {exc})") from None
    if not isinstance(payload, dict) or payload.get("migralint-baseline") != VERSION:
        raise ConfigError(f"{path}: not a migralint baseline (version {VERSION} expected)")
    counts: Counter[str] = Counter()
    try:
        for record in payload["findings"]:
            entry = "\0".join((record["path"], record["code"], record["pointer"], record["hash"]))
            counts[entry] += int(record.get("count", 1))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: a baseline entry is malformed ({exc})") from None
    return counts, path.resolve().parent


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
