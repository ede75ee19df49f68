"""GitHub Actions workflow commands: ``::error file=...,line=...,col=...,title=CODE::message``.

Text is escaped twice over: control and bidi characters as in every format
(the runner prints the message to the log, where ESC would be a terminal
escape), then `%`, CR and LF (and `:` and `,` in properties) as the
Actions toolkit's escapeData and escapeProperty do."""

from __future__ import annotations

from migralint.reporters import Report, root_relative, safe, source_root
from migralint.textutil import escape

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    text = escape(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    root = source_root()  # annotations name files relative to the workspace
    for f in map(safe, report.findings):
        properties = ",".join(
            [
                f"file={_property(root_relative(f.path, root) or f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_property(f'{f.code} {f.name}')}",
            ]
        )
        lines.append(f"::{_COMMAND[f.severity]} {properties}::{_data(f.message)}")
    return "".join(line + "\n" for line in lines)
