"""The rule files and schemas that ship with migralint.

In an installed wheel they live inside the package (``migralint/_data``);
in a source checkout they are the top-level ``rules/`` and ``schemas/``
folders, so an editable install reads the files you edit.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


@cache
def folder(name: str) -> Traversable:
    """The ``rules`` or ``schemas`` folder, wherever this install keeps it."""
    packaged = resources.files("migralint") / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    return checkout


def read_text(folder_name: str, file_name: str) -> str:
    return (folder(folder_name) / file_name).read_text(encoding="utf-8")


def rule_files() -> list[Traversable]:
    """The bundled rule files, in a stable order."""
    base = folder("rules")
    return sorted(
        (entry for entry in base.iterdir() if entry.name.endswith((".yaml", ".yml"))),
        key=lambda entry: entry.name,
    )
