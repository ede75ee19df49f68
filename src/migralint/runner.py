"""One run: files in, findings out. Reads each file once, within limits;
a broken file becomes findings, never an exception that stops the run."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from migralint import loader
from migralint.discovery import Target
from migralint.engine import Engine, InternalError
from migralint.finding import Finding

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    internal_error: str | None = None
    skipped: bool = False  # found in a directory, but not a plan


def _unreadable(message: str) -> loader.Document:
    doc = loader.Document(readable=False)
    doc.diagnostics.append(loader.Diagnostic("PL008", 1, 1, message))
    return doc


def read_document(target: Target, max_size: int) -> loader.Document:
    path = target.path
    if target.missing:
        return _unreadable("no such file or directory")
    if not os.path.isfile(path):
        return _unreadable("not a regular file")
    try:
        with open(path, "rb") as handle:
            content = handle.read(max_size + 1)
    except OSError as exc:
        return _unreadable(f"cannot read the file: {exc.strerror or exc}")
    if len(content) > max_size:
        doc = loader.Document(readable=False)
        doc.diagnostics.append(
            loader.Diagnostic(
                "PL006",
                1,
                1,
                f"the file is larger than {max_size:,} bytes and is not checked "
                "(raise the limit with --max-file-size)",
            )
        )
        return doc
    return loader.load(content)


def lint_target(
    target: Target, engine: Engine, max_size: int = DEFAULT_MAX_FILE_SIZE
) -> FileResult:
    doc = read_document(target, max_size)
    if not target.explicit and doc.readable and not _is_plan(doc.data):
        return FileResult(target.path, skipped=True)
    try:
        findings = engine.lint(doc, target.path)
    except InternalError as exc:
        return FileResult(target.path, internal_error=str(exc))
    return FileResult(target.path, sorted(findings, key=Finding.sort_key))


def _is_plan(data: object) -> bool:
    return isinstance(data, dict) and "migralint" in data
