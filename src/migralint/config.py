"""Configuration: `.migralint.yaml`, `[tool.migralint]` in pyproject.toml, or
``--config FILE``.

Found from the plan's folder upwards, stopping at the repository root (the
folder holding `.git`). Validated by ``schemas/config.schema.json`` and
against the rules it names: an unknown key or a bad value is a one-line
error (exit 2) with the file, the key and a did-you-mean suggestion.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from migralint import loader, paths, resources
from migralint.errors import ConfigError, RuleFileError

CONFIG_NAME = ".migralint.yaml"


@dataclass(frozen=True)
class ConfigWaiver:
    rules: tuple[str, ...]
    at: str
    file: str | None
    reason: str | None
    approver: str | None
    expires: str | None
    line: int
    column: int


@dataclass(frozen=True)
class Config:
    """What a configuration file says; ``path`` is None for the defaults."""

    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules: tuple[Path, ...] = ()
    fail_on: str | None = None
    max_file_size: int | None = None
    waivers: tuple[ConfigWaiver, ...] = ()

    @property
    def root(self) -> Path:
        """The folder that relative globs and rule paths start from."""
        return self.path.parent if self.path else Path.cwd()

    @property
    def label(self) -> str:
        """The file as messages show it: relative to the working folder when inside it."""
        if self.path is None:
            return "defaults"
        return _display(self.path)


DEFAULT = Config()


def _display(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def find(start: Path) -> Path | None:
    """The configuration for plans in ``start``: the nearest `.migralint.yaml`
    or pyproject.toml with ``[tool.migralint]``, up to the repository root."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        found = _in_folder(str(candidate))
        if found is not None:
            return found
        if (candidate / ".git").exists():
            return None
    return None


@lru_cache(maxsize=256)
def _in_folder(folder: str) -> Path | None:
    base = Path(folder)
    if (base / CONFIG_NAME).is_file():
        return base / CONFIG_NAME
    pyproject = base / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None  # not ours to judge; a named --config is reported
        if isinstance(data.get("tool"), dict) and "migralint" in data["tool"]:
            return pyproject
    return None


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    from migralint import timeutil

    schema = json.loads(resources.read_text("schemas", "config.schema.json"))
    checker = FormatChecker(formats=())
    checker.checks("date")(lambda v: not isinstance(v, str) or timeutil.is_date(v))
    return Draft202012Validator(schema, format_checker=checker)


def _plain(value: Any) -> Any:
    """TOML dates become ISO strings, as YAML gives them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load(path: Path) -> Config:
    """Read and validate one configuration file; raises ConfigError."""
    shown = _display(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"{shown}: cannot read the configuration: {exc.strerror or exc}"
        ) from None
    doc: loader.Document | None = None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{shown}: not valid TOML: {exc}") from None
        data = _plain(data.get("tool", {}).get("migralint", {}))
        where = "[tool.migralint]"
    else:
        doc = loader.load(content)
        broken = [d for d in doc.diagnostics if d.code in ("PL001", "PL002", "PL006", "PL007")]
        if broken:
            first = broken[0]
            raise ConfigError(f"{shown}:{first.line}:{first.column}: {first.message}")
        data = {} if doc.data is None else doc.data
        where = ""

    def position(pointer: tuple, on_key: bool = False) -> str:
        if doc is None:
            return f"{shown}: {where}"
        line, column = doc.key_position(pointer) if on_key else doc.position(pointer)
        return f"{shown}:{line}:{column}:"

    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        from migralint.schema import explain

        problem = next(iter(explain(errors[0])))
        raise ConfigError(f"{position(problem.pointer, problem.on_key)} {problem.message}")
    waivers = []
    for index, entry in enumerate(data.get("waivers", [])):
        line, column = doc.position(("waivers", index)) if doc else (1, 1)
        rules = entry["rule"]
        waivers.append(
            ConfigWaiver(
                rules=tuple([rules] if isinstance(rules, str) else rules),
                at=entry["at"],
                file=entry.get("file"),
                reason=entry.get("reason"),
                approver=entry.get("approver"),
                expires=entry.get("expires"),
                line=line,
                column=column,
            )
        )
    return Config(
        path=path,
        select=tuple(data.get("select", ())),
        ignore=tuple(data.get("ignore", ())),
        severity=dict(data.get("severity", {})),
        options={k: dict(v) for k, v in data.get("options", {}).items()},
        per_file_ignores={k: tuple(v) for k, v in data.get("per-file-ignores", {}).items()},
        rules=tuple(path.parent / p for p in data.get("rules", ())),
        fail_on=data.get("fail-on"),
        max_file_size=data.get("max-file-size"),
        waivers=tuple(waivers),
    )


def resolve_rule(rules: list[Any], key: str, origin: str) -> Any:
    """The rule a configuration names by code or name."""
    for rule in rules:
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    choices = sorted({r.code for r in rules} | {r.name for r in rules})
    close = difflib.get_close_matches(key, choices, n=1)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    raise ConfigError(f"{origin}: no rule `{key}`{hint}")


def rule_settings(config: Config, rules: list[Any]) -> tuple[dict[str, str], dict[str, dict]]:
    """Severity and option overrides keyed by code, each validated against
    the rule it names (unknown option names and bad values are errors)."""
    from migralint.rules import validate_binding

    severity = {}
    for key, value in config.severity.items():
        severity[resolve_rule(rules, key, f"{config.label}: severity").code] = value
    options: dict[str, dict] = {}
    for key, overrides in config.options.items():
        rule = resolve_rule(rules, key, f"{config.label}: options")
        for name in overrides:
            if name not in rule.options:
                known = sorted(rule.options)
                close = difflib.get_close_matches(name, known, n=1)
                hint = (
                    f"; did you mean `{close[0]}`?"
                    if close
                    else f"; its options: {', '.join(known) or 'none'}"
                )
                raise ConfigError(
                    f"{config.label}: options.{key}: rule {rule.code} has no option `{name}`{hint}"
                )
        try:
            validate_binding(rule, overrides)
        except RuleFileError as exc:
            raise ConfigError(f"{config.label}: options.{key}: {exc}") from None
        options[rule.code] = dict(overrides)
    return severity, options


def dotted_matches(pointer: str, at: str) -> bool:
    """Whether a finding's plan path is ``at`` or below it."""
    at = paths.dotted(tuple(at.split("."))) if at else at
    return pointer == at or pointer.startswith((at + ".", at + "["))
