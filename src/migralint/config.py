"""Configuration: `.migralint.yaml`, `[tool.migralint]` in pyproject.toml, or
``--config FILE``.

Found from the plan's folder upwards, stopping at the repository root (the
folder holding `.git`). Validated by ``schemas/config.schema.json`` and
against the rules it names: an unknown key or a bad value is a one-line
error (exit 2) with the file, the key and a did-you-mean suggestion.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from migralint import inputs, loader, paths, resources, suggest
from migralint.errors import ConfigError, RuleFileError
from migralint.textutil import excerpt

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
    max_findings: int | None = None  # per rule and file; 0: no cap
    waivers: tuple[ConfigWaiver, ...] = ()
    freezes: tuple[dict[str, Any], ...] = ()  # company-wide periods (periods.py)
    language: str | None = None  # `language:` (i18n.parse reads it)
    translations: tuple[Path, ...] = ()  # folders of catalogs for its rule files' texts
    # (when, options, severity, where in the file) per override by plan content.
    overrides: tuple[tuple[Any, dict, dict, str], ...] = ()
    # The YAML document, for the positions of errors found after loading
    # (an option's value checked against its rule); None for TOML.
    document: Any = field(default=None, compare=False, repr=False)

    def where(self, pointer: tuple, on_key: bool = False) -> str:
        """``file:line:col`` of a node of the file (its nearest known
        ancestor; its key when ``on_key``), or the file's label."""
        if self.document is None:
            return self.label
        for end in range(len(pointer), 0, -1):
            locate = self.document.key_position if on_key else self.document.position
            try:
                line, column = locate(pointer[:end])
            except Exception:
                continue
            if line:
                return f"{self.label}:{line}:{column}"
        return self.label

    @property
    def root(self) -> Path:
        """The folder that relative globs and rule paths start from."""
        return self.path.parent if self.path else Path.cwd()

    @property
    def label(self) -> str:
        """The file as messages show it: relative to the working folder when inside it."""
        if self.path is None:
            return "defaults"
        # Unescaped: it also keys caches; messages are escaped where shown.
        return _display(self.path)


DEFAULT = Config()


def _display(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _shown(path: Path) -> str:
    """A path for a message: relative when inside the working folder, escaped."""
    return inputs.shown(_display(path))


def find(start: Path) -> Path | None:
    """The configuration for plans in ``start``: the nearest `.migralint.yaml`
    or pyproject.toml with ``[tool.migralint]``, up to the repository root.

    A pull request controls every file found here, so each must resolve
    inside the repository (the folder holding `.git`, or the file's own
    folder outside any repository): a symlink to a file elsewhere is an
    error, never read. A pyproject.toml that is not valid TOML is an error
    too, whether or not it has a migralint table (as in ruff): it may be the
    one that should have governed the plan."""
    # The walk goes up the path as given, not as resolved: a folder that is a
    # symlink to somewhere outside the checkout must not move the repository
    # root there (everything found is then checked against the real root).
    folder = Path(os.path.abspath(start))
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
    config = base / CONFIG_NAME
    if _exists(config):
        _confine(config)
        return config
    pyproject = base / "pyproject.toml"
    if _exists(pyproject):
        _confine(pyproject)
        if "migralint" in _tool_tables(pyproject):
            return pyproject
    return None


def _exists(path: Path) -> bool:
    # A dangling or looping symlink, a directory or a FIFO named like a
    # configuration is reported (by _confine or read_bounded), not passed over.
    return path.is_symlink() or path.exists()


def _confine(path: Path) -> None:
    """Refuse a discovered file that resolves outside its repository."""
    root = inputs.repository_root(path.parent) or path.parent.resolve()
    if not inputs.inside(path, root):
        raise ConfigError(
            f"{_shown(path)}: resolves outside the repository ({inputs.shown(root)}); "
            "a configuration found there is not read"
        )


def _tool_tables(pyproject: Path) -> dict[str, Any]:
    """The ``[tool]`` table of a pyproject.toml; raises ConfigError when the
    file is unreadable or not valid TOML."""
    data = _toml(pyproject, inputs.read_bounded(pyproject, label=_shown(pyproject), **_READ))
    tool = data.get("tool")
    return tool if isinstance(tool, dict) else {}


def _toml(path: Path, content: bytes) -> dict[str, Any]:
    import tomllib

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{_shown(path)}: not valid TOML: not UTF-8 (byte {exc.start + 1})"
        ) from None
    try:
        return _plain(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_error(path, str(exc), text)) from None
    except RecursionError:  # tomllib recurses into nested arrays and tables
        raise ConfigError(f"{_shown(path)}: not valid TOML: nested too deeply") from None


def _toml_error(path: Path, message: str, text: str) -> str:
    """``file:line:col: not valid TOML: problem``. tomllib ends its message
    with the position, ``(at line 3, column 5)`` or ``(at end of document)``;
    its problems name the syntax, never quote the file."""
    match = _TOML_AT.search(message)
    if match and match["line"]:
        line, column = match["line"], match["column"]
    elif match:
        lines = text.split("\n")
        line, column = str(len(lines)), str(len(lines[-1]) + 1)
    else:
        return f"{_shown(path)}: not valid TOML: {excerpt(message, 120)}"
    problem = excerpt(message[: match.start()].rstrip(), 120)
    return f"{_shown(path)}:{line}:{column}: not valid TOML: {problem}"


# Anchored at the end of a short message: linear.
_TOML_AT = re.compile(r"\((?:at line (?P<line>\d+), column (?P<column>\d+)|at end of document)\)$")
_READ: dict[str, Any] = {
    "limit": inputs.CONFIG_LIMIT,
    "what": "configuration",
    "error": ConfigError,
}


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    from migralint import periods, timeutil

    schema = json.loads(resources.read_text("schemas", "config.schema.json"))
    checker = FormatChecker(formats=())
    checker.checks("date")(lambda v: not isinstance(v, str) or timeutil.is_date(v))
    checker.checks("period", raises=periods.PeriodError)(periods.is_period)
    checker.checks("size", raises=ValueError)(
        lambda v: not isinstance(v, str) or bool(inputs.parse_size(v))
    )
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
    shown = _shown(path)
    content = inputs.read_bounded(path, label=shown, **_READ)
    doc: loader.Document | None = None
    if path.name == "pyproject.toml":
        tool = _toml(path, content).get("tool")
        data = _plain(tool.get("migralint", {}) if isinstance(tool, dict) else {})
        where = "[tool.migralint]"
    elif path.suffix.lower() == ".toml":  # a file of its own, as ruff.toml is to ruff
        data = _toml(path, content)
        where = "the configuration"
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
        message = problem.message
        if not problem.pointer and message.startswith("the plan:"):
            message = "the configuration:" + message[len("the plan:") :]
        raise ConfigError(f"{position(problem.pointer, problem.on_key)} {message}")
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
        rules=_rule_paths(path, data.get("rules", ()), doc),
        language=data.get("language"),
        translations=_rule_paths(path, data.get("translations", ()), doc, "translations"),
        fail_on=data.get("fail-on"),
        max_file_size=_size(data.get("max-file-size")),
        max_findings=data.get("max-findings"),
        waivers=tuple(waivers),
        freezes=tuple(data.get("freezes", ())),
        document=doc,
        overrides=tuple(
            (
                entry["when"],
                {k: dict(v) for k, v in entry.get("options", {}).items()},
                dict(entry.get("severity", {})),
                position(("overrides", index)),
            )
            for index, entry in enumerate(data.get("overrides", ()))
        ),
    )


def _size(value: int | str | None) -> int | None:
    return inputs.parse_size(value) if isinstance(value, str) else value


_NAMED = {"rules": "rule file", "translations": "folder of catalogs"}


def _rule_paths(
    path: Path, named: list[str], doc: loader.Document | None, key: str = "rules"
) -> tuple[Path, ...]:
    """The rule files a configuration names, relative to its folder. Each
    must resolve inside the configuration's repository (or its folder
    outside any repository): a configuration may come from the pull request,
    and what it names is read. A CI job that needs a rule file from
    elsewhere names it with ``--rules``."""
    root = inputs.repository_root(path.parent) or path.parent.resolve()
    files = []
    for index, name in enumerate(named):
        file = path.parent / name
        line, column = doc.position((key, index)) if doc else (0, 0)
        where = f"{_shown(path)}:{line}:{column}" if doc else f"{_shown(path)}: [tool.migralint]"
        if not inputs.inside(file, root):
            raise ConfigError(
                f"{where}: {key}[{index}]: {inputs.shown(name)} resolves outside the repository "
                f"({inputs.shown(root)}); a {_NAMED[key]} named in a configuration is read only "
                "from inside it"
            )
        if key == "translations" and not file.is_dir():
            # A misspelt folder would leave every rule text in English, unsaid.
            raise ConfigError(f"{where}: {key}[{index}]: {inputs.shown(name)} is not a folder")
        files.append(file)
    return tuple(files)


def resolve_rule(rules: list[Any], key: str, origin: str) -> Any:
    """The rule a configuration names by code or name."""
    for rule in rules:
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    choices = sorted({r.code for r in rules} | {r.name for r in rules})
    raise ConfigError(f"{origin}: no rule `{excerpt(key)}`{suggest.hint(key, choices)}")


def rule_settings(config: Config, rules: list[Any]) -> tuple[dict[str, Any], dict[str, dict]]:
    """Severity and option overrides keyed by code, each validated against
    the rule it names (unknown option names and bad values are errors)."""
    return (
        _severities(config.severity, rules, f"{config.label}: severity"),
        _options(config.options, rules, config.label, "options", config),
    )


def _severities(given: dict[str, Any], rules: list[Any], origin: str) -> dict[str, Any]:
    return {resolve_rule(rules, key, origin).code: value for key, value in given.items()}


def _options(
    given: dict[str, dict],
    rules: list[Any],
    label: str,
    where: str,
    config: Config | None = None,
) -> dict[str, dict]:
    from migralint.rules import validate_binding

    def at(*pointer: Any, on_key: bool = False) -> str:
        if config is None or where != "options":
            return label
        return config.where(("options", *pointer), on_key)

    options: dict[str, dict] = {}
    for key, overrides in given.items():
        rule = resolve_rule(rules, key, f"{at(key, on_key=True)}: {where}")
        for name in overrides:
            if name not in rule.options:
                known = sorted(rule.options)
                hint = suggest.hint(name, known) or f"; its options: {', '.join(known) or 'none'}"
                raise ConfigError(
                    f"{at(key, name, on_key=True)}: {where}.{excerpt(key)}: rule {rule.code} "
                    f"has no option "
                    f"`{excerpt(name)}`{hint}"
                )
        try:
            validate_binding(rule, overrides)
        except RuleFileError as exc:
            suffix = getattr(exc, "option", None)
            if suffix is not None and str(exc).startswith(paths.dotted(suffix) + ":"):
                # `options.TL001.forbidden[0].weekday: ...`, at that node's line.
                raise ConfigError(f"{at(key, *suffix)}: {where}.{excerpt(key)}.{exc}") from None
            raise ConfigError(f"{at(key)}: {where}.{excerpt(key)}: {exc}") from None
        options[rule.code] = dict(overrides)
    return options


def overrides_for(config: Config, rules: list[Any]) -> tuple[tuple[Any, dict, dict], ...]:
    """The configuration's overrides by plan content, validated like the
    top-level settings: their predicates against the rule language and the
    plan schema, their options against each rule, their codes against the
    rules there are."""
    from migralint import rulecheck
    from migralint.rules import predicate_problem

    out = []
    for index, (when, options, severity, where) in enumerate(config.overrides):
        said = predicate_problem(when)
        if said is None:
            for key in rulecheck._predicate_keys(when):
                said = rulecheck.walk(key)[1]
                if said:
                    said = f"`{key}`: {said}"
                    break
        if said:
            raise ConfigError(f"{where} overrides[{index}].when: {said}")
        out.append(
            (
                when,
                _options(options, rules, where.rstrip(":"), f"overrides[{index}].options"),
                _severities(severity, rules, f"{where} overrides[{index}].severity"),
            )
        )
    return tuple(out)


def dotted_matches(pointer: str, at: str) -> bool:
    """Whether a finding's plan path is ``at`` or below it."""
    at = paths.dotted(tuple(at.split("."))) if at else at
    return pointer == at or pointer.startswith((at + ".", at + "["))
