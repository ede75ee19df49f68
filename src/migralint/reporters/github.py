"""GitHub Actions workflow commands: ``::error file=...,line=...,col=...,title=CODE::message``."""

from __future__ import annotations

from migralint.reporters import Report

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for f in report.findings:
        properties = ",".join(
            [
                f"file={_property(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_property(f'{f.code} {f.name}')}",
            ]
        )
        lines.append(f"::{_COMMAND[f.severity]} {properties}::{_data(f.message)}")
    return "".join(line + "\n" for line in lines)
