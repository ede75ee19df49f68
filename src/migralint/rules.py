"""Rule files: read, validated against ``schemas/ruleset.schema.json`` and the
argument schema of each check they name, and bound to options.

Everything a rule file holds is data. A rule names a registered check; its
``with`` arguments, ``when`` predicates and ``{option: name}`` references are
validated when the file is loaded, so a bad rule file is a one-line error
(exit 2) naming the file, the rule and the problem, never a crash later.
"""

from __future__ import annotations

import copy
import json
import string
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from migralint import loader, paths, patterns, periods, resources, timeutil
from migralint.errors import RuleFileError
from migralint.textutil import excerpt


@dataclass(frozen=True)
class Then:
    """One application of a check inside a rule."""

    check: str
    args: dict[str, Any]
    when: Any = None
    severity: str | None = None
    message: str | None = None
    case: str | None = None  # when a part of another severity applies, in words
    name: str | None = None  # a case of its own: its findings carry this name (same code)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    rationale: str
    source: str
    then: tuple[Then, ...]
    examples: dict[str, str]
    family: str = ""
    family_title: str = ""
    family_description: str = ""
    details: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    when: Any = None
    gate: bool = False
    message: str | None = None
    file: str = ""
    scope: str = "plan"  # "portfolio": compares the plans checked together

    def bound_when(self, overrides: dict[str, Any] | None = None) -> Any:
        """The rule-level ``when`` with options substituted."""
        return _substitute(self.when, {**self.options, **(overrides or {})})

    def bind(self, overrides: dict[str, Any] | None = None) -> list[Then]:
        """The rule's check applications with options substituted: defaults,
        then ``overrides`` (validated by the caller)."""
        options = {**self.options, **(overrides or {})}
        return [
            Then(
                check=t.check,
                args=_substitute(t.args, options),
                when=_substitute(t.when, options),
                severity=t.severity,
                message=t.message or self.message,
                case=t.case,
                name=t.name,
            )
            for t in self.then
        ]


def _substitute(value: Any, options: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        if set(value) == {"option"} and isinstance(value["option"], str):
            return options[value["option"]]
        return {k: _substitute(v, options) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, options) for v in value]
    return value


def _option_names(value: Any) -> set[str]:
    if isinstance(value, dict):
        if set(value) == {"option"} and isinstance(value["option"], str):
            return {value["option"]}
        return set().union(*(_option_names(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_option_names(v) for v in value)) if value else set()
    return set()


def _is_plan_path(value: object) -> bool:
    if isinstance(value, str):
        paths.parse(value.lstrip("/"))  # raises PathSyntaxError naming the bad part
    return True


def _is_pattern(value: object) -> bool:
    if isinstance(value, str):
        patterns.compile(value)  # raises PatternError in plain words
    return True


@lru_cache(maxsize=1)
def _format_checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("plan-path", raises=paths.PathSyntaxError)(_is_plan_path)
    checker.checks("duration")(lambda v: not isinstance(v, str) or timeutil.is_duration(v))
    checker.checks("regex", raises=patterns.PatternError)(_is_pattern)
    checker.checks("period", raises=periods.PeriodError)(periods.is_period)
    return checker


@lru_cache(maxsize=1)
def _part_validators() -> tuple[Any, Any]:
    """Validators for a rule file's top level (its rules not descended
    into) and for one rule: a file is checked rule by rule, so that one with
    thousands of bad rules costs the first bad one, not every error of all."""
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.read_text("schemas", "ruleset.schema.json"))
    top = copy.deepcopy(schema)
    top["properties"]["rules"] = {"type": "array", "minItems": 1}
    one = {"$defs": schema["$defs"], "$ref": "#/$defs/rule"}
    checker = _format_checker()
    return (
        Draft202012Validator(top, format_checker=checker),
        Draft202012Validator(one, format_checker=checker),
    )


def _raise_schema_problem(
    validator: Any, part: Any, prefix: tuple, data: dict, name: str, doc: loader.Document
) -> None:
    """Raise the problem of ``part`` (at ``prefix`` in the file) that breaks
    the rule-file schema, if any, in the words and place of a person."""
    errors = list(validator.iter_errors(part))
    if not errors:
        return
    from jsonschema.exceptions import best_match

    from migralint.schema import explain

    errors.sort(key=lambda e: [str(p) for p in e.absolute_path])
    # A misspelt key is also a missing one: say the misspelling, which
    # names both (`rationalle`; did you mean `rationale`?).
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    problem = next(iter(explain(unknown[0] if unknown else best_match(errors))))
    if problem.pointer == ("family",) and isinstance(part.get("family"), str):
        problem = replace(
            problem,
            message=f"family `{excerpt(part['family'])}` is not a family code: a family is two "
            "capital letters (such as `LO`), and every rule's code starts with it (LO001)",
        )
    if prefix:
        problem = replace(
            problem, pointer=(*prefix, *problem.pointer), message=_prefixed(problem, prefix)
        )
    position = doc.key_position(problem.pointer) if problem.on_key else None
    where = f"{position[0]}:{position[1]}" if position else _where(problem.pointer, doc)
    raise RuleFileError(f"{name}:{where}: {_rule_label(data, problem.pointer)}{problem.message}")


def _prefixed(problem: Any, prefix: tuple) -> str:
    """The message of a rule's problem as the whole file's validation words
    it: the rule's own paths are under ``rules[N]``."""
    inner = paths.dotted(tuple(problem.pointer))
    outer = paths.dotted((*prefix, *problem.pointer))
    message = problem.message
    if inner and message.startswith(inner):
        return outer + message[len(inner) :]
    if message.startswith("the plan"):
        return outer + message[len("the plan") :]
    return message


# Predicates and arguments are data, but nested data costs a stack frame per
# level in whatever walks it (schema validation, option substitution,
# predicate compilation): nesting is bounded explicitly, far above what a
# rule needs (the bundled rules nest at most 6 levels).
MAX_NESTING = 32


def _check_nesting(data: dict, name: str, doc: loader.Document) -> None:
    """Every field of every rule (``when``, ``then[].with``, ``options``...)
    nests at most MAX_NESTING levels; checked iteratively, before anything
    recursive looks at the file."""
    entries = data.get("rules")
    if not isinstance(entries, list):
        return
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        fields: list[tuple[tuple, Any]] = []
        for key, value in entry.items():
            if key == "then" and isinstance(value, list):
                for part, then in enumerate(value):
                    items = then.items() if isinstance(then, dict) else ()
                    fields += [(("then", part, k), v) for k, v in items]
            else:
                fields.append(((key,), value))
        for field_path, value in fields:
            deep = _too_deep(value)
            if deep is not None:
                pointer = ("rules", index, *field_path, *deep)
                code = entry.get("code")
                label = f"rule {code}: " if isinstance(code, str) else f"rule #{index + 1}: "
                raise RuleFileError(
                    f"{name}:{_where(pointer, doc)}: {label}"
                    f"`{paths.dotted(field_path)}` is nested more than {MAX_NESTING} levels "
                    "deep (predicates and arguments may nest at most "
                    f"{MAX_NESTING} levels)"
                )


def _too_deep(value: Any) -> tuple | None:
    """The path (below ``value``) of the first container deeper than
    MAX_NESTING levels, or None."""
    stack: list[tuple[Any, tuple]] = [(value, ())]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            children = node.items()
        elif isinstance(node, list):
            children = enumerate(node)
        else:
            continue
        if len(where) >= MAX_NESTING:
            return where
        stack.extend((child, (*where, key)) for key, child in children)
    return None


def predicate_problem(predicate: Any) -> str | None:
    """What is wrong with a predicate written outside a rule file (the
    configuration's overrides), in words, or None."""
    from jsonschema.exceptions import best_match

    error = best_match(_predicate_validator().iter_errors(predicate))
    if error is None:
        return None
    where = paths.dotted(tuple(error.absolute_path))
    said = str(error.cause) if error.cause is not None else error.message
    return f"{where}: {said}" if where else said


@lru_cache(maxsize=1)
def _predicate_validator() -> Any:
    from jsonschema import Draft202012Validator

    ruleset = json.loads(resources.read_text("schemas", "ruleset.schema.json"))
    schema = {"$defs": ruleset["$defs"], "$ref": "#/$defs/predicate"}
    return Draft202012Validator(schema, format_checker=_format_checker())


@lru_cache(maxsize=64)
def _args_validator(check_name: str) -> Any:
    from jsonschema import Draft202012Validator

    from migralint.checks import REGISTRY

    ruleset = json.loads(resources.read_text("schemas", "ruleset.schema.json"))
    schema = {**REGISTRY[check_name].args_schema, "$defs": ruleset["$defs"]}
    return Draft202012Validator(schema, format_checker=_format_checker())


def _where(pointer: tuple, doc: loader.Document) -> str:
    line, column = doc.position(pointer)
    return f"{line}:{column}"


def load_rule_file(text: str | bytes, name: str, *, bundled: bool = False) -> list[Rule]:
    """Parse and validate one rule file; raises RuleFileError.

    Every file is an extra (local) rule file unless ``bundled``: an extra
    file may not use a bundled family's code nor ``gate``, so nothing it
    says can change whether a bundled rule runs."""
    doc = loader.load(text)
    errors = [d for d in doc.diagnostics if d.code in ("PL001", "PL002", "PL005", "PL006", "PL007")]
    if errors:
        first = errors[0]
        raise RuleFileError(f"{name}:{first.line}:{first.column}: {first.message}")
    data = doc.data
    if not isinstance(data, dict):
        # Say what is wrong without echoing a file that may not be ours to show.
        raise RuleFileError(
            f"{name}:1:1: not a rule file (expected a mapping with `family`, `title` and `rules`)"
        )
    _check_nesting(data, name, doc)
    # Part by part, stopping at the first problem: the top level, then each
    # rule (its schema, then what only the loaded rule can say), so that a
    # file of thousands of bad rules costs its first bad one.
    top, one = _part_validators()
    _raise_schema_problem(top, data, (), data, name, doc)
    if not bundled:
        _check_family(data, name, doc)
    rules = []
    problems: list[str] = []
    for index, entry in enumerate(data["rules"]):
        # Every rule's problems at once, up to a limit: a file from a pull
        # request may hold thousands, and each costs a validation.
        if len(problems) >= MAX_PROBLEMS:
            break
        try:
            _raise_schema_problem(one, entry, ("rules", index), data, name, doc)
            if not bundled:
                _check_gate(entry, index, name, doc)
            rules.append(_compile(entry, data, name, doc, ("rules", index)))
        except RuleFileError as exc:
            problems.extend(exc.problems)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(data["rules"]) > index + 1 or len(problems) > MAX_PROBLEMS:
            shown.append(f"{name}: stopped after {MAX_PROBLEMS} problems; fix these and load again")
        raise RuleFileError(shown[0] if len(shown) == 1 else "\n".join(shown), shown)
    return rules


# How many problems of one rule file are reported at once.
MAX_PROBLEMS = 20


def bundled_families() -> frozenset[str]:
    """The family codes of the bundled rule files (today PL, SC, DI, DA, TL,
    CO, PR, FE, CM, GV), taken from the rules themselves so that a family
    added later is reserved too."""
    return frozenset(rule.family for rule in bundled_rules())


def _check_family(data: dict, name: str, doc: loader.Document) -> None:
    """An extra rule file keeps to its own family: a local rule in a bundled
    family could take a bundled rule's place in the catalogue's order."""
    family, reserved = data["family"], bundled_families()
    if family in reserved:
        raise RuleFileError(
            f"{name}:{_where(('family',), doc)}: {_rule_label(data, ('rules', 0))}family "
            f"{family} is reserved for the bundled rules ({', '.join(sorted(reserved))}); "
            "give local rules a family of their own"
        )


def _check_gate(entry: dict, index: int, name: str, doc: loader.Document) -> None:
    """A local rule cannot gate: one that fired and stopped the run would
    switch every later rule off."""
    if "gate" in entry:
        line, column = doc.key_position(("rules", index, "gate"))
        raise RuleFileError(
            f"{name}:{line}:{column}: rule {entry['code']}: `gate` is reserved for the "
            "bundled rules (a local rule cannot stop other rules)"
        )


def _rule_label(data: Any, pointer: tuple) -> str:
    if len(pointer) >= 2 and pointer[0] == "rules" and isinstance(pointer[1], int):
        try:
            return f"rule {data['rules'][pointer[1]]['code']}: "
        except (KeyError, IndexError, TypeError):
            return f"rule #{pointer[1] + 1}: "
    return ""


def _compile(entry: dict[str, Any], data: dict, name: str, doc: Any, pointer: tuple) -> Rule:
    from migralint.checks import REGISTRY

    code = entry["code"]

    def fail(where: tuple, problem: str) -> RuleFileError:
        return RuleFileError(f"{name}:{_where((*pointer, *where), doc)}: rule {code}: {problem}")

    if not code.startswith(data["family"]):
        raise fail(("code",), f"code does not belong to family {data['family']}")
    options = entry.get("options", {})
    used = _option_names(entry.get("then")) | _option_names(entry.get("when"))
    for option in sorted(used - set(options)):
        raise fail(("then",), f"refers to option `{option}`, which the rule does not define")
    thens = []
    for index, then in enumerate(entry["then"]):
        where = ("then", index)
        if then["check"] not in REGISTRY:
            from migralint import suggest

            known = ", ".join(sorted(REGISTRY))
            near = suggest.hint(then["check"], sorted(REGISTRY))
            raise fail((*where, "check"), f"unknown check `{then['check']}`{near} (known: {known})")
        scope = entry.get("scope", "plan")
        if REGISTRY[then["check"]].scope != scope:
            kind = "portfolio" if scope == "plan" else "one-plan"
            raise fail(
                (*where, "check"),
                f"`{then['check']}` is a {kind} check; a rule of scope `{scope}` cannot use it "
                + ("(give the rule `scope: portfolio`)" if scope == "plan" else ""),
            )
        if not (then.get("message") or entry.get("message")):
            raise fail(where, "has no message (give one on the rule or on each `then`)")
        for template in (then.get("message"), entry.get("message")):
            _check_template(template, lambda p, w=where: fail(w, p))
        thens.append(
            Then(
                check=then["check"],
                args=copy.deepcopy(then.get("with", {})),
                when=then.get("when"),
                severity=then.get("severity"),
                message=then.get("message"),
                case=then.get("case"),
                name=then.get("name"),
            )
        )
    rule = Rule(
        code=code,
        name=entry["name"],
        severity=entry["severity"],
        summary=entry["summary"].strip(),
        rationale=entry["rationale"].strip(),
        source=entry["source"].strip(),
        then=tuple(thens),
        examples=entry["examples"],
        family=data["family"],
        family_title=data["title"],
        family_description=" ".join(data.get("description", "").split()),
        details=entry.get("details", "").strip(),
        options=options,
        when=entry.get("when"),
        gate=entry.get("gate", False),
        message=entry.get("message"),
        file=name,
        scope=entry.get("scope", "plan"),
    )
    try:
        bound = validate_binding(rule, {})
    except RuleFileError as exc:
        raise fail(getattr(exc, "pointer", ()), str(exc)) from None
    problems = [str(fail(at, said)) for at, said in _static_problems(rule, bound, entry)]
    if problems:
        raise RuleFileError(problems[0] if len(problems) == 1 else "\n".join(problems), problems)
    return rule


def _static_problems(rule: Rule, bound: list[Then], entry: dict) -> list[tuple[tuple, str]]:
    """What the rule says that no plan can satisfy: paths the plan schema
    has no place for, message fields its checks do not fill."""
    from migralint import rulecheck

    out: list[tuple[tuple, str]] = []
    for key in rulecheck._predicate_keys(rule.bound_when()):
        _, said = rulecheck.walk(key)
        if said:
            out.append((("when", key), f"when `{key}`: {said}"))
    for index, then in enumerate(bound):
        for at, said in rulecheck.path_problems(then.check, then.args, then.when):
            out.append((("then", index, *at), said))
        own = entry["then"][index].get("message")
        template, at = (own, ("then", index, "message")) if own else (rule.message, ("message",))
        said = rulecheck.field_problem(template, then.check, rule.options)
        if said:
            out.append((at, said))
    return out


def validate_binding(rule: Rule, overrides: dict[str, Any]) -> list[Then]:
    """Bind options and check every check's arguments; raises RuleFileError."""
    bound = rule.bind(overrides)
    # Predicates with options substituted: an option of the wrong type
    # (a string where `in` wants a list) is refused, never matched
    # character by character.
    predicates = [(("when",), rule.when, rule.bound_when(overrides))]
    predicates += [
        (("then", i, "when"), raw.when, then.when)
        for i, (raw, then) in enumerate(zip(rule.then, bound, strict=True))
    ]
    from migralint import rulecheck

    for pointer, raw, predicate in predicates:
        if predicate is None:
            continue
        error = next(iter(_predicate_validator().iter_errors(predicate)), None)
        if error is None:
            for at, said in rulecheck.value_problems(predicate):
                suffix = _option_suffix(raw, at)
                if suffix is not None:  # in the terms of the option the user set
                    problem = RuleFileError(f"{paths.dotted(suffix)}: {said}")
                else:
                    problem = RuleFileError(f"when: {at[0]}: {said}")
                problem.pointer = (*pointer, *at)
                problem.option = suffix
                raise problem
        if error is not None:
            from jsonschema.exceptions import best_match

            error = best_match(_predicate_validator().iter_errors(predicate))
            where = paths.dotted(tuple(error.absolute_path)) or "when"
            option = _option_at(raw, tuple(error.absolute_path))
            said = error.message
            if option is not None:
                value = excerpt(json.dumps(error.instance, default=str))
                said = f"option `{option}` is {value}, but {_needs(error)}"
            problem = RuleFileError(f"when: {where}: {said}")
            problem.pointer = (*pointer, *error.absolute_path)
            raise problem
    for index, then in enumerate(bound):
        errors = list(_args_validator(then.check).iter_errors(then.args))
        if errors:
            from jsonschema.exceptions import best_match

            error = best_match(errors)
            where = paths.dotted(tuple(error.absolute_path)) or "arguments"
            # A format's own words (a bad path segment, a pattern RE2 refuses)
            # say more than "is not a 'plan-path'".
            said = str(error.cause) if error.cause is not None else error.message
            option = _option_at(rule.then[index].args, tuple(error.absolute_path))
            plain = plain_value_error(error)
            alternatives = error.schema.get("anyOf", ()) if error.validator == "anyOf" else ()
            if alternatives and all(set(a) == {"required"} for a in alternatives):
                names = " or ".join(f"`{n}`" for a in alternatives for n in a["required"])
                said = f"needs {names}"
            elif plain is not None:
                said = plain
            elif error.validator == "anyOf" and option is not None:
                value = excerpt(json.dumps(error.instance, default=str))
                said = f"option `{option}` is {value}, but {_needs(error)}"
            suffix = _option_suffix(rule.then[index].args, tuple(error.absolute_path))
            if suffix is not None and plain is not None:
                # Said in the terms of the option the user set, not the check's.
                problem = RuleFileError(f"{paths.dotted(suffix)}: {said}")
            else:
                problem = RuleFileError(f"check `{then.check}`: {where}: {said}")
            problem.pointer = ("then", index, "with", *error.absolute_path)
            problem.option = suffix
            raise problem
    return bound


def plain_value_error(error: Any) -> str | None:
    """A schema error on a value in plain words, when the schema says what
    the value means (``x-means``): "`25:00` is not a time of day (HH:MM or
    HH:MM:SS)", "`fri` is not a weekday (monday ... sunday); did you mean
    `friday`?"; None when it does not."""
    from migralint import suggest

    schema = error.schema if isinstance(error.schema, dict) else {}
    means = schema.get("x-means")
    if means is None and error.parent is not None and isinstance(error.parent.schema, dict):
        means = error.parent.schema.get("x-means")
    if means is None:
        return None
    value = error.instance
    name = error.absolute_path[-1] if error.absolute_path else None
    if value is None:
        return f"`{name}` is empty; give {means}" if name is not None else f"give {means}"
    if isinstance(value, list | dict):
        return f"{excerpt(json.dumps(value, default=str))} is not {means}"
    choices = schema.get("x-choices") or []
    near = suggest.hint(str(value), choices) if choices else ""
    starts = [c for c in choices if isinstance(value, str) and value and c.startswith(value)]
    if not near and len(starts) == 1:
        near = f"; did you mean `{starts[0]}`?"
    return f"`{excerpt(str(value))}` is not {means}{near}"


def _option_suffix(args: Any, pointer: tuple) -> tuple | None:
    """(option name, the path below it) for a pointer into arguments that an
    option fills, or None."""
    node = args
    for depth, part in enumerate(pointer):
        if isinstance(node, dict) and set(node) == {"option"}:
            return (node["option"], *pointer[depth:])
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(node, dict) and set(node) == {"option"}:
        return (node["option"],)
    return None


_TYPE_WORDS = {
    "array": "a list",
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping",
}


def _needs(error: Any) -> str:
    """What a value must be, in words: "`in` needs a list"."""
    schema = error.schema.get("anyOf", [error.schema])[0] if error.schema else {}
    wanted = _TYPE_WORDS.get(schema.get("type"), "a value of another type")
    name = error.absolute_path[-1] if error.absolute_path else "it"
    return f"`{name}` needs {wanted}"


def _option_at(args: Any, pointer: tuple) -> str | None:
    """The option a rule's unbound arguments name at ``pointer``, if any."""
    node = args
    for part in pointer:
        if isinstance(node, dict) and set(node) == {"option"}:
            return node["option"]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(node, dict) and set(node) == {"option"}:
        return node["option"]
    return None


def _check_template(template: str | None, fail: Any) -> None:
    if template is None:
        return
    try:
        fields = [
            (f, spec, conversion)
            for _, f, spec, conversion in string.Formatter().parse(template)
            if f is not None
        ]
    except ValueError as exc:
        raise fail(f"message template is malformed: {exc}") from None
    for name, spec, conversion in fields:
        # Only `{name}`: no attribute or index access, no format spec (which
        # could nest fields), no conversion.
        if not name.isidentifier() or spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise fail(f"message field `{{{shown}}}` must be a plain name")


@lru_cache(maxsize=1)
def bundled_rules() -> tuple[Rule, ...]:
    """Every rule shipped with migralint, in catalogue order.

    The rule files are validated at development time (``python -m
    migralint.rulesgen``, checked by a test) into a data module, so a run
    needs neither jsonschema nor a cache for them."""
    from migralint._bundled_rules import RULES

    return tuple(_rule_from_data(item) for item in RULES)


def validate_bundled(files: list[tuple[str, bytes]] | None = None) -> tuple[Rule, ...]:
    """Load and fully validate the bundled rule files (what rulesgen builds on)."""
    if files is None:
        files = [(entry.name, entry.read_bytes()) for entry in resources.rule_files()]
    rules: list[Rule] = []
    for name, text in files:
        rules.extend(load_rule_file(text, f"rules/{name}", bundled=True))
    _unique(rules)
    return tuple(sorted(rules, key=rule_order))


def _rule_from_data(data: dict[str, Any]) -> Rule:
    """A Rule from ``dataclasses.asdict`` of one (see rulesgen)."""
    return Rule(**{**data, "then": tuple(Then(**then) for then in data["then"])})


def load_extra_rules(files: list[Path]) -> list[Rule]:
    """Rule files named by a configuration (already confined to its
    repository) or by ``--rules``: regular files of at most 1 MB, read
    without blocking; anything else is a RuleFileError naming the file."""
    from migralint import inputs

    rules: list[Rule] = []
    for file in files:
        content = inputs.read_bounded(
            file, limit=inputs.RULE_FILE_LIMIT, what="rule file", error=RuleFileError
        )
        rules.extend(load_rule_file(content, inputs.shown(file)))
    return rules


def _unique(rules: list[Rule]) -> list[Rule]:
    codes: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for rule in rules:
        for key, seen in ((rule.code, codes), (rule.name, names)):
            if key in seen:
                raise RuleFileError(
                    f"{rule.file}: rule {rule.code}: `{key}` is already used by "
                    f"rule {seen[key].code} in {seen[key].file}"
                )
            seen[key] = rule
    return rules


# The catalogue's order of families; other (local) families come after.
FAMILY_ORDER = ("PL", "SC", "DI", "DA", "TL", "CO", "PR", "FE", "CM", "GV", "XP")


def rule_order(rule: Rule) -> tuple[int, str]:
    family = rule.code[:2]
    return (FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER), rule.code)


def combine(bundled: tuple[Rule, ...] | list[Rule], extra: list[Rule]) -> list[Rule]:
    """The bundled rules in catalogue order, then the extra ones by code.

    Local rules never sort before a bundled one and never gate (loading
    refuses both; this is the second lock), so a bundled rule runs whatever
    an extra rule file says."""
    families = {rule.family for rule in bundled}
    for rule in extra:
        if rule.family in families or rule.gate:
            raise RuleFileError(
                f"{rule.file}: rule {rule.code}: bundled families and `gate` are reserved "
                "for the bundled rules"
            )
    _unique([*bundled, *extra])
    return [*bundled, *sorted(extra, key=lambda rule: rule.code)]
