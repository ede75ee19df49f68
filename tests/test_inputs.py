"""Configuration and rule files are regular files of bounded size: a device,
FIFO, terminal or directory in their place is exit 2 at once, never a hang
and never gigabytes read (/dev/zero reached 3.8 GB in 12 s; /dev/stdin and
FIFOs hung for ever)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import EXAMPLE, mutate
from migralint import inputs
from migralint.errors import ConfigError, RuleFileError

MB = 1024 * 1024
FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
DEVICE = "it is a character device, not a regular file"
FIFO = "it is a FIFO (named pipe), not a regular file"
DIRECTORY = "it is a directory, not a regular file"


def run(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """``migralint ARGS`` with a standard input that stays open and silent,
    as in a CI job: reading /dev/stdin would block for ever."""
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-m", "migralint", *args],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    ) as process:
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            pytest.fail(f"migralint {' '.join(args)} hung")
    result = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return result, time.monotonic() - started


def assert_error(result: subprocess.CompletedProcess[str], seconds: float, message: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == f"migralint: error: {message}\n"
    assert seconds < 30  # it used to hang, or read gigabytes for a minute


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "plans").mkdir()
    (root / "plans" / "a.yaml").write_text(EXAMPLE)
    return root


def hostile(repo: Path, kind: str, limit_name: str) -> tuple[str, str]:
    """A path of ``kind`` and the problem read_bounded reports for it."""
    if kind in ("/dev/zero", "/dev/urandom"):
        return kind, DEVICE
    if kind == "/dev/stdin":
        return kind, FIFO  # a pipe, as under CI
    if kind == "fifo":
        os.mkfifo(repo / "fifo.yaml")
        return str(repo / "fifo.yaml"), FIFO
    if kind == "directory":
        (repo / "folder.yaml").mkdir()
        return str(repo / "folder.yaml"), DIRECTORY
    # 50 MB, as in the outside review; sparse, so the test writes nothing.
    with open(repo / "huge.yaml", "wb") as handle:
        handle.truncate(50 * MB)
    return str(repo / "huge.yaml"), f"is larger than 1 MB; {limit_name} are limited to 1 MB"


KINDS = ["/dev/zero", "/dev/urandom", "/dev/stdin", "fifo", "directory", "over-limit"]


def _problem(path: str, what: str, problem: str) -> str:
    if problem.startswith("is larger"):
        return f"{path}: the {what} {problem}"
    return f"{path}: cannot read the {what}: {problem}"


@pytest.mark.parametrize("kind", KINDS)
def test_config_option_naming_a_device_fifo_or_huge_file_exits_2(repo: Path, kind: str) -> None:
    path, problem = hostile(repo, kind, "configurations")
    result, seconds = run("check", "--config", path, "plans/a.yaml", cwd=repo)
    if kind == "/dev/stdin":
        # --config is resolved first. Where /proc shows the pipe, /dev/stdin
        # resolves to a /proc/PID/fd/pipe:[N] name that opens nothing; where
        # it does not, the name stays /dev/stdin and names a FIFO. Exit 2 in
        # one line either way, and never a wait for input.
        assert result.returncode == 2 and seconds < 30, result.stderr
        assert result.stdout == ""
        assert re.match(
            r"migralint: error: (/proc/\S+|/dev/stdin): cannot read the configuration: ",
            result.stderr,
        ), result.stderr
        assert len(result.stderr.splitlines()) == 1
        return
    # Named relative to the working folder when inside it, as other messages do.
    shown = os.path.relpath(path, repo) if path.startswith(str(repo)) else path
    assert_error(result, seconds, _problem(shown, "configuration", problem))


@pytest.mark.parametrize("kind", KINDS)
def test_rules_option_naming_a_device_fifo_or_huge_file_exits_2(repo: Path, kind: str) -> None:
    path, problem = hostile(repo, kind, "rule files")
    result, seconds = run("check", "--rules", path, "plans/a.yaml", cwd=repo)
    assert_error(result, seconds, _problem(path, "rule file", problem))


@pytest.mark.parametrize("kind", ["/dev/zero", "/dev/urandom", "/dev/stdin"])
def test_configuration_rules_naming_a_device_outside_the_repository_exit_2(
    repo: Path, kind: str
) -> None:
    (repo / ".migralint.yaml").write_text(f"rules: [{kind}]\n")
    result, seconds = run("check", "plans/a.yaml", cwd=repo)
    assert_error(
        result,
        seconds,
        f".migralint.yaml:1:9: rules[0]: {kind} resolves outside the repository ({repo}); "
        "a rule file named in a configuration is read only from inside it",
    )


@pytest.mark.parametrize("kind", ["fifo", "directory", "over-limit"])
def test_configuration_rules_naming_a_fifo_folder_or_huge_file_exit_2(
    repo: Path, kind: str
) -> None:
    path, problem = hostile(repo, kind, "rule files")
    (repo / ".migralint.yaml").write_text(f"rules: [{Path(path).name}]\n")
    result, seconds = run("check", "plans/a.yaml", cwd=repo)
    assert_error(result, seconds, _problem(path, "rule file", problem))


@pytest.mark.parametrize("name", [".migralint.yaml", "pyproject.toml"])
@pytest.mark.parametrize("kind", ["/dev/zero", "/dev/urandom", "/dev/stdin"])
def test_discovered_configuration_linked_to_a_device_exits_2(
    repo: Path, name: str, kind: str
) -> None:
    (repo / name).symlink_to(kind)
    result, seconds = run("check", "plans/a.yaml", cwd=repo)
    assert_error(
        result,
        seconds,
        f"{name}: resolves outside the repository ({repo}); a configuration found there is not read",
    )


@pytest.mark.parametrize("name", [".migralint.yaml", "pyproject.toml"])
@pytest.mark.parametrize("kind", ["fifo", "directory", "over-limit"])
def test_discovered_configuration_that_is_a_fifo_folder_or_huge_file_exits_2(
    repo: Path, name: str, kind: str
) -> None:
    path, problem = hostile(repo, kind, "configurations")
    os.rename(path, repo / name)
    result, seconds = run("check", "plans/a.yaml", cwd=repo)
    assert_error(result, seconds, _problem(name, "configuration", problem))


def test_a_configuration_of_exactly_1_mb_is_read(repo: Path) -> None:
    line = "ignore: [TL001]\n"
    (repo / ".migralint.yaml").write_text("#" * (MB - len(line) - 1) + "\n" + line)
    assert (repo / ".migralint.yaml").stat().st_size == MB
    result, _ = run("check", "plans/a.yaml", cwd=repo)
    assert result.returncode == 0, result.stderr
    with open(repo / ".migralint.yaml", "a") as handle:
        handle.write("#")
    result, seconds = run("check", "plans/a.yaml", cwd=repo)
    assert_error(
        result,
        seconds,
        ".migralint.yaml: the configuration is larger than 1 MB; configurations are limited to 1 MB",
    )


# read_bounded itself -------------------------------------------------------


def test_read_bounded_reads_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"x" * 10)
    assert inputs.read_bounded(tmp_path / "f", limit=10, what="rule file", error=RuleFileError)
    with pytest.raises(RuleFileError, match=r"f: the rule file is larger than 9 bytes"):
        inputs.read_bounded(tmp_path / "f", limit=9, what="rule file", error=RuleFileError)


def test_read_bounded_stops_at_the_limit_on_a_file_that_grows(tmp_path: Path, monkeypatch) -> None:
    """fstat may see a file smaller than what read() then returns."""
    (tmp_path / "f").write_bytes(b"x" * 100)
    real = os.fstat

    def small(fd: int) -> os.stat_result:
        info = list(real(fd))
        info[6] = 1  # st_size
        return os.stat_result(info)

    monkeypatch.setattr(inputs.os, "fstat", small)
    with pytest.raises(ConfigError, match="larger than 50 bytes"):
        inputs.read_bounded(tmp_path / "f", limit=50, what="configuration", error=ConfigError)


def test_read_bounded_does_not_block_on_a_fifo_with_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p")
    writer = os.open(tmp_path / "p", os.O_RDWR)  # a writer that never writes
    try:
        with pytest.raises(ConfigError, match=re.escape(FIFO)):
            inputs.read_bounded(tmp_path / "p", limit=10, what="configuration", error=ConfigError)
    finally:
        os.close(writer)


def test_read_bounded_names_an_escaped_path(tmp_path: Path) -> None:
    folder = tmp_path / "bad\x1b[2Jname\n.yaml"
    folder.mkdir()
    with pytest.raises(RuleFileError) as info:
        inputs.read_bounded(folder, limit=10, what="rule file", error=RuleFileError)
    message = str(info.value)
    assert "\x1b" not in message and "\n" not in message
    assert message.endswith("bad\\x1b[2Jname\\n.yaml: cannot read the rule file: " + DIRECTORY)


def test_inside(tmp_path: Path) -> None:
    (tmp_path / "repo" / "sub").mkdir(parents=True)
    (tmp_path / "secret").write_text("x")
    (tmp_path / "repo" / "link").symlink_to(tmp_path / "secret")
    (tmp_path / "repo" / "loop").symlink_to(tmp_path / "repo" / "loop")
    assert inputs.inside(tmp_path / "repo" / "sub", tmp_path / "repo")
    assert inputs.inside(tmp_path / "repo", tmp_path / "repo")
    assert not inputs.inside(tmp_path / "repo" / "link", tmp_path / "repo")
    assert not inputs.inside(tmp_path / "repo" / ".." / "secret", tmp_path / "repo")
    assert not inputs.inside(tmp_path / "repository", tmp_path / "repo")  # not a prefix test
    assert not inputs.inside(tmp_path / "repo" / "loop", tmp_path / "repo")


# A broken pyproject.toml (item 18) ----------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '[tool.migralint]\nselect = ["TL"\nfail-on = "x"\n',
            "pyproject.toml:3:1: not valid TOML: Unclosed array",
        ),
        (
            '[tool.migralint]\nignore = ["TL001"]\n  fail on = "warning"\n',
            "pyproject.toml:3:8: not valid TOML: Expected '=' after a key in a key/value pair",
        ),
        (
            '[project]\nname = "x"\n[tool.ruff]\nline-length = \n',
            "pyproject.toml:4:15: not valid TOML: Invalid value",
        ),
        (
            '[tool.migralint]\nignore = ["TL001"]\nreason = """never closed\n',
            "pyproject.toml:4:1: not valid TOML: Unterminated string",
        ),
        ('[tool.migralint]\nignore = ["\xff"]\n', "pyproject.toml: not valid TOML: not UTF-8"),
        (  # tomllib recurses into arrays: a RecursionError used to be exit 3
            "[project]\nx = " + "[" * 3000 + "]" * 3000 + "\n",
            "pyproject.toml: not valid TOML: nested too deeply",
        ),
    ],
)
def test_broken_pyproject_toml_is_not_silently_skipped(
    repo: Path, content: str, message: str
) -> None:
    """A pyproject.toml that is not valid TOML is an error, as in ruff, whether
    or not it has a migralint table: it may be the one that governs the plan."""
    data = content.encode("latin-1") if "\xff" in content else content.encode()
    (repo / "pyproject.toml").write_bytes(data)
    result, _ = run("check", "plans/a.yaml", cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"migralint: error: {message}"), result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_broken_pyproject_toml_named_with_config(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.migralint]\nselect = ["TL"\n')
    result, seconds = run("check", "--config", "pyproject.toml", "plans/a.yaml", cwd=repo)
    assert_error(result, seconds, "pyproject.toml:3:1: not valid TOML: Unclosed array")


def test_pyproject_toml_without_a_migralint_table_is_passed_over(repo: Path) -> None:
    (repo / "plans" / "a.yaml").write_text(FRIDAY)
    (repo / ".migralint.yaml").write_text("ignore: [TL001]\n")
    result, _ = run("check", "plans/a.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    (repo / "plans" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    result, _ = run("check", "plans/a.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr  # the root's still governs
