"""Which files a run checks.

A file named on the command line is always checked. A directory is searched
recursively (symlinked directories are not followed, so a link loop cannot
trap the walk) for ``*.yaml``/``*.yml`` files that look like plans: a
top-level ``migralint`` key. The full read then decides.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

_SNIFF = re.compile(rb"(?m)^(?:\xef\xbb\xbf)?[\"']?migralint[\"']?\s*:")
_SNIFF_BYTES = 64 * 1024
_SKIP_DIRS = {".git", ".hg", ".svn", ".tox", ".venv", "venv", "node_modules", "__pycache__"}


@dataclass(frozen=True)
class Target:
    path: str  # as displayed
    explicit: bool  # named on the command line
    missing: bool = False


def looks_like_plan(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return True  # let the read report it
    return bool(_SNIFF.search(head))


def collect(arguments: Iterable[str]) -> list[Target]:
    """Targets in a stable order: explicit files as given, directory
    contents sorted; each real file once."""
    seen: set[str] = set()
    targets: list[Target] = []

    def add(path: str, explicit: bool, missing: bool = False) -> None:
        key = os.path.realpath(path)
        if key in seen:
            return
        seen.add(key)
        targets.append(Target(path, explicit, missing))

    for argument in arguments:
        if os.path.isdir(argument):
            for path in _walk(argument):
                if looks_like_plan(path):
                    add(path, explicit=False)
        elif os.path.lexists(argument):
            add(argument, explicit=True)
        else:
            add(argument, explicit=True, missing=True)
    return targets


def _walk(top: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                path = os.path.join(root, name)
                if os.path.isfile(path):
                    found.append(os.path.normpath(path))
    return found
