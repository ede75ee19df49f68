"""Linting an editor's text with the engine `check` runs: configuration found
per file (or given per workspace folder), waivers and the baseline
honoured, and every failure turned into something the editor can show.

Runs in one worker thread of the server: the engine's caches (configurations,
prepared rule sets) are not shared between threads.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from migralint import config as configuration
from migralint import runner
from migralint.discovery import Target
from migralint.errors import MigralintError
from migralint.finding import Finding

# `file:line:col: message`, the shape of configuration and rule-file errors.
PLACED = r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+):? (?P<message>.*)$"


@dataclass(frozen=True)
class Options:
    """What the client may set (``initializationOptions``); relative paths
    are read from the document's workspace folder."""

    config: str | None = None
    baseline: str | None = None
    rule_files: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    debounce: float = 0.2  # seconds between the last keystroke and the lint
    # The language of diagnostics: `language`, else the client's `locale`
    # (English when migralint has no catalog for it, or Babel is missing).
    language: str | None = None

    @classmethod
    def read(cls, raw: object) -> tuple[Options, list[str]]:
        """The options, and one line per value that was not understood."""
        problems: list[str] = []
        if raw is None:
            return cls(), problems
        if not isinstance(raw, dict):
            return cls(), ["initializationOptions: expected an object"]
        values: dict = {}
        for key, value in raw.items():
            if key in ("config", "baseline"):
                if isinstance(value, str) and value:
                    values[key] = value
                elif value not in (None, ""):
                    problems.append(f"initializationOptions.{key}: expected a path")
            elif key == "ruleFiles":
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    values["rule_files"] = tuple(value)
                else:
                    problems.append("initializationOptions.ruleFiles: expected a list of paths")
            elif key == "unsafeFixes":
                if isinstance(value, bool):
                    values["unsafe_fixes"] = value
                else:
                    problems.append("initializationOptions.unsafeFixes: expected true or false")
            elif key == "language":
                if isinstance(value, str) and value:
                    values["language"] = value
                elif value not in (None, ""):
                    problems.append("initializationOptions.language: expected a language tag")
            elif key == "debounce":
                number = isinstance(value, (int, float)) and not isinstance(value, bool)
                if number and 0 <= value <= 10:
                    values["debounce"] = float(value)
                else:
                    problems.append("initializationOptions.debounce: expected 0 to 10 seconds")
            else:
                problems.append(f"initializationOptions: unknown key `{key}`")
        return cls(**values), problems


@dataclass
class Outcome:
    """A lint of one text: its findings (None when the text is not a plan),
    or the one-line error that stopped it, placed where it belongs."""

    findings: list[Finding] | None = None
    error: str | None = None
    # (file, line, column, message) of an error inside another file (a
    # configuration, a rule file, the baseline), for a diagnostic there.
    elsewhere: tuple[str, int, int, str] | None = None
    files: set[str] = field(default_factory=set)  # the configurations and rule files it read
    baselines: set[str] = field(default_factory=set)  # the baseline it read
    freezes: tuple = ()  # the configuration's company-wide freezes (hovers name them)

    def failed(self, exc: MigralintError) -> None:
        """The one-line error that stopped the lint, and where it is when
        it names a place in a file (``file:line:col: message``)."""
        import re

        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        self.error = message
        placed = re.match(PLACED, message)
        if placed:
            self.elsewhere = (
                os.path.abspath(placed["file"]),
                int(placed["line"]),
                int(placed["column"]),
                placed["message"],
            )


class Linter:
    def __init__(self, options: Options, folders: list[str]) -> None:
        self.options = options
        self.folders = sorted((os.path.abspath(f) for f in folders), key=len, reverse=True)

    def folder_of(self, path: str) -> str | None:
        for folder in self.folders:
            if path == folder or path.startswith(folder.rstrip(os.sep) + os.sep):
                return folder
        return None

    def _resolve(self, path: str | None, folder: str | None) -> str | None:
        if path is None:
            return None
        path = os.path.expanduser(path)
        return path if os.path.isabs(path) or folder is None else os.path.join(folder, path)

    def language(self) -> tuple[str, bool]:
        """The diagnostics' language: an editor is for people, so the
        client's choice, never a usage error (no catalog, no Babel: English)."""
        from migralint import i18n

        tag = self.options.language
        found = i18n.parse(tag) if tag else None
        if found is None or (found[0] != "en" and not i18n._has_babel()):
            return "en", False
        return found

    def job(self, path: str) -> runner.Job:
        folder = self.folder_of(path)
        baseline = self._resolve(self.options.baseline, folder)
        lang, buddhist = self.language()
        return runner.Job(
            lang=lang,
            buddhist=buddhist,
            config_file=self._resolve(self.options.config, folder),
            rule_files=tuple(self._resolve(p, folder) or p for p in self.options.rule_files),
            today=dt.date.today(),
            fingerprints=baseline is not None,
            defer_cap=baseline is not None,
        )

    def lint(self, path: str, text: str) -> Outcome:
        """Lint ``text`` as the file ``path``; never raises."""
        job = self.job(path)
        target = Target(path, explicit=False, content=text.encode("utf-8", "replace"))
        outcome = Outcome()
        try:
            config = runner.config_for(target, job)
            outcome.files = self._files_of(config, job)
            outcome.freezes = config.freezes
            result = runner.lint_target(target, job)
            if result.skipped:
                return outcome
            findings = result.findings
            baseline = self._resolve(self.options.baseline, self.folder_of(path))
            if baseline is not None:
                from migralint.commands import _apply_baseline

                outcome.baselines.add(os.path.abspath(baseline))
                findings, _ = _apply_baseline(Path(baseline), [result], findings)
            outcome.findings = findings
        except MigralintError as exc:
            outcome.failed(exc)
        except Exception as exc:  # a bug: said in one line, the server lives on
            outcome.error = f"internal error: {type(exc).__name__}: {exc}"
        finally:
            # The runner keeps a plan's tree out of the cyclic collector while
            # it lints (gc.freeze); a server lints all day, so hand it back.
            gc.unfreeze()
        return outcome

    def check_setting_file(self, path: str, kind: str) -> Outcome:
        """Read a configuration, a rule file or a baseline (``kind``) as a
        lint would: its error, placed in it, or nothing."""
        from migralint import baseline
        from migralint import rules as rulefiles

        outcome = Outcome(findings=[])
        try:
            if kind == "rules":
                rulefiles.load_extra_rules([Path(path)])
            elif kind == "baseline":
                baseline.load(Path(path))
            else:
                configuration.load(Path(path))
        except MigralintError as exc:
            outcome.failed(exc)
        except Exception as exc:
            outcome.error = f"internal error: {type(exc).__name__}: {exc}"
        return outcome

    def _files_of(self, config: configuration.Config, job: runner.Job) -> set[str]:
        files = {os.path.abspath(p) for p in job.rule_files}
        if config.path is not None:
            files.add(os.path.abspath(config.path))
            files |= {os.path.abspath(p) for p in config.rules}
        return files

    @staticmethod
    def reset() -> None:
        """Forget every configuration and rule set read so far (one of
        their files changed)."""
        runner._CONFIGS.clear()
        runner._PREPARED.clear()
        configuration._in_folder.cache_clear()


def is_configuration(path: str) -> bool:
    """Whether a file of this name may configure migralint."""
    name = os.path.basename(path)
    return name in (configuration.CONFIG_NAME, "pyproject.toml")
