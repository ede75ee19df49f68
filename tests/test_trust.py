"""What a pull request controls in a CI gate, and what it cannot do with it.

A `.migralint.yaml` committed as a symlink to a file outside the checkout
made the error message quote a token from that file. Configuration and rule
files found by discovery or named in a configuration are read only from
inside the repository; what the CI job names on its command line is
trusted; no message quotes more than a short excerpt of a value.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers import EXAMPLE, LOCAL_RULE, mutate
from helpers import run_cli as run
from migralint import cli

FRIDAY = mutate(EXAMPLE, "at: 2025-03-11T10:00:00+01:00 ", "at: 2025-03-14T16:30:00+01:00 ")
SECRET = "ghs_" + "Zq8" * 12
TOKEN = f"https://x-access-token:{SECRET}@github.com/northwind/plans.git"


def assert_no_secret(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert SECRET[:12] not in stream
        assert "x-access-token" not in stream


def assert_error(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == f"migralint: error: {message}\n"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A checkout beside a folder of the runner's secrets."""
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "config.yaml").write_text(f"fail-on: {TOKEN}\n")
    (tmp_path / "secrets" / "plain").write_text(f"{TOKEN}\n")
    (tmp_path / "secrets" / "git-credentials").write_text(f"[credential]\n  helper = {TOKEN}\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "plans").mkdir()
    (repo / "plans" / "a.yaml").write_text(FRIDAY)
    return repo


def outside(repo: Path, name: str) -> Path:
    return repo.parent / "secrets" / name


@pytest.mark.parametrize("secret", ["config.yaml", "plain", "git-credentials"])
@pytest.mark.parametrize("where", [".migralint.yaml", "plans/.migralint.yaml", "pyproject.toml"])
def test_symlinked_configuration_outside_the_checkout_is_not_read(
    checkout: Path, secret: str, where: str
) -> None:
    (checkout / where).symlink_to(outside(checkout, secret))
    result = run("check", "plans/a.yaml", cwd=checkout)
    assert_error(
        result,
        f"{where}: resolves outside the repository ({checkout}); "
        "a configuration found there is not read",
    )
    assert_no_secret(result)


@pytest.mark.parametrize("how", ["folder", "file"])
def test_symlinked_plan_folder_outside_the_checkout_does_not_move_the_root(
    checkout: Path, how: str
) -> None:
    """`plans -> ../outside`: the walk up from the plan must not take the
    repository root to the link's target, where a configuration holds a
    secret (it used to be read, and its value quoted)."""
    elsewhere = checkout.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".migralint.yaml").write_text(f"fail-on: {TOKEN}\n")
    (elsewhere / "b.yaml").write_text(FRIDAY)
    (checkout / "linked").symlink_to(elsewhere)
    target = "linked" if how == "folder" else "linked/b.yaml"
    result = run("check", target, cwd=checkout)
    assert_error(
        result,
        f"linked/.migralint.yaml: resolves outside the repository ({checkout}); "
        "a configuration found there is not read",
    )
    assert_no_secret(result)


def test_symlinked_configuration_outside_its_folder_without_a_repository(tmp_path: Path) -> None:
    """Without `.git`, the configuration's own folder is the boundary."""
    (tmp_path / "secret.yaml").write_text(f"fail-on: {TOKEN}\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "a.yaml").write_text(FRIDAY)
    (project / ".migralint.yaml").symlink_to(tmp_path / "secret.yaml")
    result = run("check", "a.yaml", cwd=project)
    assert_error(
        result,
        f".migralint.yaml: resolves outside the repository ({project}); "
        "a configuration found there is not read",
    )
    assert_no_secret(result)


def test_symlinked_configuration_inside_the_checkout_is_read(checkout: Path) -> None:
    (checkout / "ci").mkdir()
    (checkout / "ci" / "shared.yaml").write_text("ignore: [TL001]\n")
    (checkout / ".migralint.yaml").symlink_to(checkout / "ci" / "shared.yaml")
    result = run("check", "plans/a.yaml", cwd=checkout)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "named",
    [
        "../secrets/git-credentials",  # a relative path out
        "{secrets}/git-credentials",  # an absolute one
        "rules/local.yaml",  # a symlink in the checkout that points out
    ],
)
def test_rule_file_named_in_a_configuration_must_be_inside_the_repository(
    checkout: Path, named: str
) -> None:
    (checkout / "rules").mkdir()
    (checkout / "rules" / "local.yaml").symlink_to(outside(checkout, "git-credentials"))
    named = named.format(secrets=checkout.parent / "secrets")
    (checkout / ".migralint.yaml").write_text(f"rules: [{named}]\n")
    result = run("check", "plans/a.yaml", cwd=checkout)
    assert_error(
        result,
        f".migralint.yaml:1:9: rules[0]: {named} resolves outside the repository ({checkout}); "
        "a rule file named in a configuration is read only from inside it",
    )
    assert_no_secret(result)


def test_rule_file_named_in_pyproject_must_be_inside_the_repository(checkout: Path) -> None:
    (checkout / "pyproject.toml").write_text(
        '[tool.migralint]\nrules = ["../secrets/git-credentials"]\n'
    )
    result = run("check", "plans/a.yaml", cwd=checkout)
    assert_error(
        result,
        "pyproject.toml: [tool.migralint]: rules[0]: ../secrets/git-credentials resolves outside "
        f"the repository ({checkout}); a rule file named in a configuration is read only from "
        "inside it",
    )
    assert_no_secret(result)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            f"fail-on: {TOKEN}{'x' * 300}\n",
            ".migralint.yaml:1:10: fail-on: the string 'https://x-access-token:ghs_",
        ),
        (f"{TOKEN}{'x' * 300}\n", ".migralint.yaml:1:1: the configuration: expected a mapping"),
        (f"select: ['{TOKEN}{'x' * 300}']\n", ".migralint.yaml: no rule matches `https://"),
        (f"waivers: [{{rule: TL001, at: x, expires: '{TOKEN}{'x' * 300}'}}]\n", ".migralint"),
    ],
)
def test_a_long_secret_value_inside_the_checkout_is_quoted_as_an_excerpt(
    checkout: Path, content: str, message: str
) -> None:
    """The file is the pull request's own, so an excerpt may show its start;
    never the whole value, and the line stays short."""
    (checkout / ".migralint.yaml").write_text(content)
    result = run("check", "plans/a.yaml", cwd=checkout)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"migralint: error: {message}"), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert SECRET not in result.stderr
    assert len(result.stderr) < 250


def test_files_named_on_the_command_line_are_trusted(checkout: Path, tmp_path: Path) -> None:
    """The CI job chose them, not the pull request: they may live anywhere
    (still regular files within the size limit)."""
    policy = tmp_path / "policy"
    policy.mkdir()
    (policy / "migralint.yaml").write_text("select: [TL001, LO]\nrules: [local.yaml]\n")
    (policy / "local.yaml").write_text(LOCAL_RULE)
    (policy / "extra.yaml").write_text(
        LOCAL_RULE.replace("LO", "XO").replace("integration-", "xo-")
    )
    result = run(
        "check",
        "--config",
        str(policy / "migralint.yaml"),
        "--rules",
        str(policy / "extra.yaml"),
        "plans/a.yaml",
        cwd=checkout,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "plans/a.yaml:62:9: TL001 error" in result.stdout


# Pinning the policy -------------------------------------------------------


@pytest.mark.parametrize(
    "nested",
    [
        "",  # an empty file dropped the root's fail-on and select
        "ignore: [ALL]\n",
        "select: [PL]\nfail-on: error\n",
        "rules: [../../secrets/git-credentials]\n",
        "select: [TL\n",  # not even valid YAML: never read
    ],
)
def test_with_config_a_nested_configuration_is_not_used(checkout: Path, nested: str) -> None:
    (checkout / "ci").mkdir()
    (checkout / "ci" / "migralint-policy.yaml").write_text("select: [TL001]\nfail-on: warning\n")
    (checkout / "plans" / ".migralint.yaml").write_text(nested)
    pinned = run("check", "--config", "ci/migralint-policy.yaml", "plans/a.yaml", cwd=checkout)
    assert pinned.returncode == 1, pinned.stdout + pinned.stderr
    assert pinned.stdout.startswith("plans/a.yaml:62:9: TL001 error"), pinned.stdout
    assert pinned.stderr == ""
    # Only the policy's rule ran: the nested select/ignore changed nothing.
    assert {line.split()[1] for line in pinned.stdout.splitlines()[:-1] if line} == {"TL001"}


def test_with_config_a_nested_fifo_configuration_is_not_opened(checkout: Path) -> None:
    import os

    (checkout / "policy.yaml").write_text("select: [TL001]\n")
    os.mkfifo(checkout / "plans" / ".migralint.yaml")
    result = run("check", "--config", "policy.yaml", "plans/a.yaml", cwd=checkout, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr


# The last net under every message ------------------------------------------


def test_error_line_is_escaped_and_cut(checkout: Path) -> None:
    name = "evil\x1b[2J\rno problems in 1 file\n" + "y" * 200
    (checkout / name).mkdir()
    result = run("check", "--rules", name, "plans/a.yaml", cwd=checkout)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "\x1b" not in result.stderr and "\r" not in result.stderr
    assert result.stderr.startswith("migralint: error: evil\\x1b[2J\\rno problems in 1 file\\n")


def test_one_line_cuts_any_message() -> None:
    line = cli._one_line("a\nb\x1b" + "z" * 10_000)
    assert line.startswith("a\\nb\\x1b")
    assert len(line) <= cli.MESSAGE_LIMIT + 10
    assert line.endswith("…")
