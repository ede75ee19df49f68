"""The one exception family of migralint; the CLI maps each to an exit code."""

from __future__ import annotations


class MigralintError(Exception):
    """Base class: a problem the user can fix, reported in one line."""

    exit_code = 2


class UsageError(MigralintError):
    """Bad command-line usage (exit 2)."""


class ConfigError(MigralintError):
    """A configuration file or value is wrong (exit 2)."""


class RuleFileError(MigralintError):
    """A rule file is malformed: names the file, the rule and the problem (exit 2).

    A file with several problems raises one error holding them all
    (``problems``: one line each, in the file's order)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]
