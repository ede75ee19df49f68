"""Rule files and configuration values are data. A rule file names
registered checks and plan paths, nothing else: it cannot import or run
code, read files it does not name, or reach the network. Nothing a rule
file or configuration holds is evaluated, and a tag never constructs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from helpers import EXAMPLE, LOCAL_RULE, mutate
from migralint import rules
from migralint.errors import RuleFileError

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
# The Friday plan whose integration `loyalty-signups` has no `system` (LO001 below).
PLAN = mutate(FRIDAY, "      system: Loyalty app\n", "")

RULE = LOCAL_RULE


def rule_with(old: str, new: str) -> str:
    return mutate(RULE, old, new)


def load_error(text: str) -> str:
    with pytest.raises(RuleFileError) as info:
        rules.load_rule_file(text, "local.yaml")
    message = str(info.value)
    assert "\n" not in message
    return message


def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "migralint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env=env,
    )


def marker(tmp_path: Path) -> Path:
    """A file that exists only if something ran a command."""
    return tmp_path / f"pwned-{uuid.uuid4().hex}"


def assert_one_line_error(result: subprocess.CompletedProcess, start: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"migralint: error: {start}"), result.stderr


def test_the_rule_loads_and_reports() -> None:
    (rule,) = rules.load_rule_file(RULE, "local.yaml")
    assert rule.code == "LO001"


# A check is a registered name, never a Python callable ---------------------


@pytest.mark.parametrize(
    "name",
    [
        "os.system",
        "builtins.eval",
        "eval",
        "exec",
        "__import__",
        "subprocess.run",
        "migralint.checks.base.check",
        "migralint.checks.presence:require",
        "require()",
        "Require",
    ],
)
def test_a_check_naming_a_python_function_is_refused(name: str) -> None:
    message = load_error(rule_with("check: require", f"check: {json.dumps(name)}"))
    assert message.startswith(f"local.yaml:11:16: rule LO001: unknown check `{name}`")
    assert " (known: aggregate, compare-numbers, " in message  # refused, whatever the nearest name


def test_a_python_check_exits_2_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text(rule_with("check: require", "check: os.system"))
    (tmp_path / "plan.yaml").write_text(PLAN)
    result = run(tmp_path, "check", "--rules", "local.yaml", "plan.yaml")
    assert_one_line_error(result, "local.yaml:11:16: rule LO001: unknown check `os.system`")


# Tags in rule files -------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "position"),
    [
        ("check: require", "check: !!python/name:os.system", "11:16"),
        ("fields: system}", 'fields: !!python/object/apply:os.system ["touch {marker}"]}', "12:59"),
        (
            "title: Local conventions",
            'title: !!python/object/apply:os.system ["touch {marker}"]',
            "2:8",
        ),
        (
            '    message: "',
            '    message: !!python/object/new:os.system ["touch {marker}"]\n    x: "',
            "13:14",
        ),
        (
            '      fail: "x"',
            '      fail: !!python/object/apply:subprocess.call [["touch", "{marker}"]]',
            "15:13",
        ),
    ],
    ids=["check", "with", "title", "message", "example"],
)
def test_python_tags_in_a_rule_file_are_refused_and_inert(
    tmp_path: Path, old: str, new: str, position: str
) -> None:
    mark = marker(tmp_path)
    message = load_error(rule_with(old, new.replace("{marker}", str(mark))))
    assert message.startswith(f"local.yaml:{position}: tag `!!python/")
    assert not mark.exists()


def test_a_python_tag_in_a_rule_file_exits_2_from_the_command_line(tmp_path: Path) -> None:
    mark = marker(tmp_path)
    new = f'fields: !!python/object/apply:os.system ["touch {mark}"]}}'
    (tmp_path / "local.yaml").write_text(rule_with("fields: system}", new))
    (tmp_path / "plan.yaml").write_text(PLAN)
    result = run(tmp_path, "check", "--rules", "local.yaml", "plan.yaml")
    assert_one_line_error(result, "local.yaml:12:59: tag `!!python/object/apply:os.system`")
    assert not mark.exists()


# Message templates name values, nothing else --------------------------------


@pytest.mark.parametrize(
    "field",
    [
        "{item.__class__.__mro__}",
        "{0.__globals__}",
        "{item.__init__.__globals__}",
        "{item[__class__]}",
        "{item[0]}",
        "{0}",
        "{}",
        "{path.__len__}",
    ],
)
def test_a_template_reaching_attributes_is_refused_at_load(field: str) -> None:
    message = load_error(rule_with("has no `system`", field))
    assert message == f"local.yaml:11:9: rule LO001: message field `{field}` must be a plain name"


@pytest.mark.parametrize("field", ["{item:{item.__class__}}", "{item:{0.__globals__}}"])
def test_a_template_reaching_attributes_in_a_format_spec_is_refused_at_load(field: str) -> None:
    load_error(rule_with("has no `system`", field))


@pytest.mark.parametrize("field", ["{item:d}", "{item:{item.__class__}}"])
def test_a_format_spec_never_makes_the_run_exit_3(tmp_path: Path, field: str) -> None:
    (tmp_path / "local.yaml").write_text(rule_with("has no `system`", field))
    (tmp_path / "plan.yaml").write_text(PLAN)
    result = run(tmp_path, "check", "--rules", "local.yaml", "plan.yaml")
    assert result.returncode in (1, 2), result.stderr


# Arguments are data -------------------------------------------------------


def test_a_code_string_as_a_path_is_refused_and_not_run(tmp_path: Path) -> None:
    mark = marker(tmp_path)
    code = f"__import__('os').system('touch {mark}')"
    text = rule_with('given: "discovery.integrations[]"', f"given: {json.dumps(code)}")
    assert load_error(text) == (
        "local.yaml:12:23: rule LO001: check `require`: given: bad path segment "
        f"`__import__('os')` in `{code}`"
    )
    (tmp_path / "local.yaml").write_text(text)
    (tmp_path / "plan.yaml").write_text(PLAN)
    result = run(tmp_path, "check", "--rules", "local.yaml", "plan.yaml")
    assert_one_line_error(result, "local.yaml:12:23: rule LO001: check `require`: given: ")
    assert not mark.exists()


@pytest.mark.parametrize(
    "path", ["../../etc/passwd", "/etc/passwd", "~/.ssh/id_rsa", "file:///etc/passwd"]
)
def test_a_file_system_path_is_not_a_plan_path(path: str) -> None:
    message = load_error(
        rule_with('given: "discovery.integrations[]"', f"given: {json.dumps(path)}")
    )
    assert ": given: bad path segment `" in message
    assert "root:" not in message


def test_a_plan_path_that_looks_like_a_file_is_refused_when_the_rule_loads(
    tmp_path: Path,
) -> None:
    """`etc.passwd` is a plan path (key `etc`, key `passwd`) that no plan can
    have: refused when the rule file loads (the audited run below shows
    nothing opens /etc/passwd); as an extension field it selects nothing."""
    (tmp_path / "local.yaml").write_text(
        rule_with('given: "discovery.integrations[]"', 'given: "etc.passwd[]"')
    )
    (tmp_path / "plan.yaml").write_text(FRIDAY)
    result = run(tmp_path, "check", "--rules", "local.yaml", "plan.yaml", "--select", "LO")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "migralint: error: local.yaml:12:23: rule LO001: given `etc.passwd[]`: no field `etc` "
        "under the plan's root\n"
    )
    (tmp_path / "local.yaml").write_text(
        rule_with('given: "discovery.integrations[]"', 'given: "x-etc.passwd[]"')
    )
    result = run(tmp_path, "check", "--rules", "local.yaml", "plan.yaml", "--select", "LO")
    assert (result.returncode, result.stdout, result.stderr) == (0, "no problems in 1 file\n", "")


def test_a_field_named_like_a_function_is_a_plan_path(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text(rule_with("fields: system", 'fields: "os.system"'))
    (tmp_path / "plan.yaml").write_text(FRIDAY)
    result = run(tmp_path, "check", "--rules", "local.yaml", "plan.yaml", "--select", "LO")
    assert result.returncode == 2  # no integration can have `os`
    assert "fields `os.system`: no field `os` under the items of" in result.stderr
    (tmp_path / "local.yaml").write_text(rule_with("fields: system", 'fields: "x-os.system"'))
    result = run(tmp_path, "check", "--rules", "local.yaml", "plan.yaml", "--select", "LO")
    assert result.returncode == 0  # warnings only: each integration lacks `x-os.system`
    assert result.stdout.count("LO001 warning integration `") == 5


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (RULE + "$ref: /etc/passwd\n", "local.yaml:17:1: $ref: unknown key `$ref`"),
        ("include: other.yaml\n" + RULE, "local.yaml:1:1: include: unknown key `include`"),
        ("import: os\n" + RULE, "local.yaml:1:1: import: unknown key `import`"),
        (
            mutate(RULE, "    severity: warning\n", "    severity: warning\n    $ref: x.yaml\n"),
            "local.yaml:7:5: rule LO001: rules[0].$ref: unknown key `$ref`",
        ),
        (
            mutate(
                RULE, "      - check: require\n", "      - check: require\n        $ref: x.yaml\n"
            ),
            "local.yaml:12:9: rule LO001: rules[0].then[0].$ref: unknown key `$ref`",
        ),
        (
            mutate(RULE, "fields: system}", "fields: system, $ref: /etc/passwd}"),
            "local.yaml:12:15: rule LO001: check `require`: arguments: Additional properties",
        ),
    ],
    ids=["top-$ref", "top-include", "top-import", "rule-$ref", "then-$ref", "with-$ref"],
)
def test_no_include_mechanism(text: str, start: str) -> None:
    message = load_error(text)
    assert message.startswith(start)
    assert (
        "unknown key `$ref`" in message or "was unexpected" in message or "unknown key" in message
    )


def test_values_in_when_and_options_are_never_evaluated(tmp_path: Path) -> None:
    mark = marker(tmp_path)
    code = json.dumps(f"__import__('os').system('touch {mark}')")
    text = rule_with(
        "    then:\n",
        f"    options: {{industries: [{code}]}}\n"
        "    when: {plan.owner: {not_in: {option: industries}}}\n"
        "    then:\n",
    )
    (rule,) = rules.load_rule_file(text, "local.yaml")
    assert rule.options == {"industries": [json.loads(code)]}
    (tmp_path / "local.yaml").write_text(text)
    (tmp_path / "plan.yaml").write_text(PLAN)
    result = run(tmp_path, "check", "--rules", "local.yaml", "plan.yaml", "--select", "LO")
    assert result.returncode == 0
    assert "plan.yaml:99:7: LO001 warning integration `loyalty-signups` has no `system`" in (
        result.stdout
    )
    assert not mark.exists()


# No network, no processes, no stray files -------------------------------------

SITECUSTOMIZE = """
import os
import sys

_LOG = os.environ["MIGRALINT_AUDIT_LOG"]
_BLOCKED = (
    "socket.__new__", "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg",
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
    "socket.getnameinfo", "http.client.connect", "urllib.Request", "ftplib.connect",
    "smtplib.connect", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn",
    "os.spawn", "os.fork", "os.forkpty", "pty.spawn", "ctypes.dlopen",
)
_WATCHED = ("/etc/passwd", "/etc/shadow", "/etc/hostname", os.path.expanduser("~/.ssh"))


def _record(line):
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(line + "\\n")


def _hook(event, args):
    if event in _BLOCKED:
        _record(f"{event} {args!r}")
        raise PermissionError(f"blocked by the test: {event}")
    if event == "open" and isinstance(args[0], str) and args[0].startswith(_WATCHED):
        _record(f"open {args[0]}")


sys.addaudithook(_hook)
"""


def test_a_whole_run_needs_no_network_processes_or_stray_files(tmp_path: Path) -> None:
    """`migralint check` with an extra rule file and a configuration, under an
    audit hook that refuses sockets, name lookups, subprocesses and exec, and
    records any open of /etc/passwd and friends: the run succeeds and the
    log stays empty."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "audit.log"
    work = tmp_path / "work"
    work.mkdir()
    (work / "local.yaml").write_text(RULE)
    (work / "other.yaml").write_text(
        rule_with("code: LO001", "code: LO002")
        .replace("integration-system-missing", "etc-passwd")
        .replace('given: "discovery.integrations[]"', 'given: "x-etc.passwd[]"')
    )
    (work / ".migralint.yaml").write_text(
        textwrap.dedent(
            """\
            rules: [local.yaml, other.yaml]
            fail-on: error
            options:
              friday-afternoon-cutover:
                forbidden: [{weekday: friday, from: "15:00"}]
            """
        )
    )
    (work / "plan.yaml").write_text(PLAN)
    env = {
        **os.environ,
        "PYTHONPATH": str(hooks),
        "MIGRALINT_AUDIT_LOG": str(log),
        "NO_COLOR": "1",
    }
    check_hook = subprocess.run(
        [
            sys.executable,
            "-c",
            "import contextlib, socket\n"
            "with contextlib.suppress(OSError):\n"
            "    open('/etc/passwd').close()\n"
            "socket.socket()",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert check_hook.returncode != 0 and "blocked by the test" in check_hook.stderr
    assert log.read_text().splitlines()[0] == "open /etc/passwd"
    assert log.read_text().splitlines()[1].startswith("socket.__new__")
    log.unlink()

    for output_format in ("text", "junit"):  # junit asks for the host name
        result = run(work, "check", "--format", output_format, "--jobs", "1", "plan.yaml", env=env)
        assert result.returncode == 1, (output_format, result.stderr)
        assert result.stderr == ""
        assert "LO001" in result.stdout and "TL001" in result.stdout
        assert not log.exists(), log.read_text()


# Configuration values are data too ----------------------------------------------


@pytest.mark.parametrize(
    ("config", "exit_code"),
    [
        # Read as the string it spells, which is then no industry: exit 2.
        ('options:\n  DA003: {regulated: !!python/object/apply:os.system ["touch {marker}"]}\n', 2),
        (
            "options:\n  friday-afternoon-cutover:\n"
            '    forbidden: [{weekday: !!python/name:os.system friday, from: "15:00"}]\n',
            1,
        ),
        ('options:\n  DA003: !!python/object/apply:os.system ["touch {marker}"]\n', 2),
        ('select: !!python/object/apply:os.system ["touch {marker}"]\n', 2),
        ("severity: {TL001: !!python/name:os.system warning}\n", 0),
        ('rules: !!python/object/new:os.system ["touch {marker}"]\n', 2),
    ],
    ids=["option-value", "nested-option", "option-block", "select", "severity", "rules"],
)
def test_python_tags_in_the_configuration_are_inert(
    tmp_path: Path, config: str, exit_code: int
) -> None:
    """A tag in the configuration constructs nothing: the value is read as
    plain data, then validated like any other."""
    mark = marker(tmp_path)
    (tmp_path / ".migralint.yaml").write_text(config.replace("{marker}", str(mark)))
    (tmp_path / "plan.yaml").write_text(FRIDAY)
    result = run(tmp_path, "check", "plan.yaml")
    assert "Traceback" not in result.stderr
    assert result.returncode == exit_code, result.stdout + result.stderr
    if exit_code == 2:
        assert len(result.stderr.splitlines()) == 1
    assert not mark.exists()


HOSTNAME = "db-primary-7f3a91\n"
PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
TOKEN = "api_token: sk-live-0123456789abcdef\n"


def _not_rules_file(tmp_path: Path, content: str | None) -> Path:
    if content is None:
        target = Path("/etc/hostname")
        if not target.is_file():
            pytest.skip("/etc/hostname does not exist here")
        return target
    target = tmp_path / "not-rules"
    target.write_text(content)
    return target


def _run_with_rules(tmp_path: Path, target: Path, how: str) -> subprocess.CompletedProcess:
    (tmp_path / "plan.yaml").write_text(FRIDAY)
    if how == "config":
        (tmp_path / ".migralint.yaml").write_text(f"rules: [{json.dumps(str(target))}]\n")
        return run(tmp_path, "check", "plan.yaml")
    return run(tmp_path, "check", "--rules", str(target), "plan.yaml")


def _load_error(target: Path) -> str:
    """What `rules:` or --rules says about ``target`` (the code path both take)."""
    with pytest.raises(RuleFileError) as info:
        rules.load_extra_rules([target])
    return str(info.value)


SECRETS = [
    pytest.param(None, id="etc-hostname"),
    pytest.param(HOSTNAME, id="hostname-like"),
    pytest.param(PASSWD, id="passwd-like"),
    pytest.param(TOKEN, id="token-mapping"),
]


@pytest.mark.parametrize("how", ["config", "flag"])
def test_rules_naming_a_non_rule_file_exit_2(tmp_path: Path, how: str) -> None:
    result = _run_with_rules(tmp_path, _not_rules_file(tmp_path, HOSTNAME), how)
    assert_one_line_error(result, f"{tmp_path / 'not-rules'}:1:1: ")


@pytest.mark.parametrize("content", SECRETS)
def test_a_non_rule_file_is_a_one_line_error(tmp_path: Path, content: str | None) -> None:
    target = _not_rules_file(tmp_path, content)
    message = _load_error(target)
    assert message.startswith(f"{target}:1:1: ")
    assert "\n" not in message


@pytest.mark.parametrize("content", [SECRETS[0], SECRETS[1], SECRETS[2]])
def test_a_non_rule_file_is_not_echoed(tmp_path: Path, content: str | None) -> None:
    target = _not_rules_file(tmp_path, content)
    message = _load_error(target)
    for line in target.read_text().splitlines():
        assert line.strip() not in message


def test_a_non_rule_file_is_not_echoed_from_the_command_line(tmp_path: Path) -> None:
    """The same, end to end, for a mapping (its values are not echoed)."""
    result = _run_with_rules(tmp_path, _not_rules_file(tmp_path, TOKEN), "flag")
    assert_one_line_error(result, f"{tmp_path / 'not-rules'}:1:1: ")
    assert "sk-live" not in result.stderr


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("/", "cannot read the rule file: it is a directory, not a regular file"),
        ("/nonexistent/rules.yaml", "cannot read the rule file: No such file or directory"),
        ("/dev/null", "cannot read the rule file: it is a character device, not a regular file"),
    ],
)
def test_rules_naming_a_directory_or_nothing(target: str, problem: str) -> None:
    message = _load_error(Path(target))
    assert message.startswith(f"{target}")
    assert message.endswith(problem)


def test_rules_naming_a_directory_exits_2(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(FRIDAY)
    result = run(tmp_path, "check", "--rules", str(tmp_path), "plan.yaml")
    assert_one_line_error(
        result, f"{tmp_path}: cannot read the rule file: it is a directory, not a regular file"
    )
