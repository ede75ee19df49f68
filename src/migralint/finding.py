"""The only object that crosses from the engine to the reporters."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place of one file.

    ``line`` and ``column`` are 1-based. ``pointer`` is the dotted plan path of
    the node the finding is about (``timeline.cutover.at``), empty for
    problems of the file itself (syntax errors).
    """

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: str
    message: str
    pointer: str = ""
    fingerprint: str = ""  # what the finding is about, without its position (baselines)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)
