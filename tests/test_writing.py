"""Reports, baselines and starter plans: `--force` replaces regular files
(and links themselves) only, and new files get the user's umask."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import EXAMPLE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file types and modes")


def _run(*args: str, cwd: Path, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migralint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        umask=umask,
        timeout=60,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "plan.yaml").write_text(EXAMPLE, encoding="utf-8")
    return tmp_path


# The three ways migralint writes a file, as (argv, what the message calls it).
WRITERS = {
    "report": (lambda target: ["check", "plan.yaml", "--output", target], "report"),
    "baseline": (lambda target: ["check", "plan.yaml", "--write-baseline", target], "baseline"),
    "init": (lambda target: ["init", target], "file"),
}


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002], ids=oct)
@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_new_files_get_the_users_umask(repo: Path, umask: int, writer: tuple) -> None:
    argv, _ = writer
    done = _run(*argv("out/new-file"), cwd=repo, umask=umask)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((repo / "out" / "new-file").stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in (repo / "out").iterdir()] == ["new-file"]


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_forced_replacement_is_a_new_file_with_the_umask(repo: Path, option: str) -> None:
    old = repo / "old.json"
    old.write_text("old", encoding="utf-8")
    old.chmod(0o600)
    done = _run("check", "plan.yaml", option, "old.json", "--force", cwd=repo, umask=0o022)
    assert done.returncode == 0, done.stderr
    assert old.read_text(encoding="utf-8") != "old"
    assert stat.S_IMODE(old.stat().st_mode) == 0o644


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "target")
    return folder / "target"


def _socket(folder: Path) -> Path:
    # A short folder: AF_UNIX paths are limited to about 100 bytes.
    short = Path(tempfile.mkdtemp(prefix="ml-"))
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(short / "sock"))
    _SOCKETS.append(server)
    return short / "sock"


_SOCKETS: list[socket.socket] = []


def _directory(folder: Path) -> Path:
    (folder / "target").mkdir()
    return folder / "target"


def _device_copy(minor: int) -> Callable[[Path], Path]:
    """A character device like /dev/null (1, 3) or /dev/full (1, 7): as root,
    a node of our own in the test's folder, so that a regression would hurt
    nothing; otherwise the real one, which a user cannot replace anyway."""

    def make(folder: Path) -> Path:
        real = Path("/dev/null" if minor == 3 else "/dev/full")
        if os.geteuid() != 0:
            return real
        node = folder / real.name
        try:
            os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        except OSError:
            pytest.skip("cannot make a device node here; not risking the real one as root")
        return node

    return make


def _link_to_fifo(folder: Path) -> Path:
    os.mkfifo(folder / "fifo")
    (folder / "target").symlink_to(folder / "fifo")
    return folder / "target"


NOT_REGULAR = {
    "fifo": (_fifo, "a FIFO"),
    "socket": (_socket, "a socket"),
    "directory": (_directory, "a directory"),
    "dev-null": (_device_copy(3), "a character device"),
    "dev-full": (_device_copy(7), "a character device"),
    "link-to-a-fifo": (_link_to_fifo, "a link to a FIFO"),
}


@pytest.mark.parametrize("force", [True, False], ids=["force", "no-force"])
@pytest.mark.parametrize("kind", NOT_REGULAR.values(), ids=NOT_REGULAR.keys())
@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_output_force_refuses_fifo_device_socket_and_directory(
    repo: Path, kind: tuple, writer: tuple, force: bool
) -> None:
    make, described = kind
    argv, what = writer
    if argv("x")[0] == "init" and described == "a directory":
        pytest.skip("`init FOLDER` writes FOLDER/plan.yaml (tests/test_init.py)")
    target = make(repo)
    before = os.lstat(target)
    args = [*argv(str(target)), *(["--force"] if force and argv("x")[0] == "check" else [])]
    done = _run(*args, cwd=repo)
    assert done.returncode == 2
    assert done.stderr == (
        f"migralint: error: {target} is {described}; not writing the {what} there "
        "(migralint writes regular files only)\n"
    )
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_output_to_dev_stdout_is_refused_not_replaced(repo: Path) -> None:
    before = os.lstat("/dev/stdout")
    done = _run("check", "plan.yaml", "--output", "/dev/stdout", "--force", cwd=repo)
    assert done.returncode == 2
    assert "/dev/stdout is a link to a FIFO" in done.stderr  # stdout is a pipe here
    assert os.lstat("/dev/stdout").st_ino == before.st_ino


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_output_force_replaces_a_symlink_not_its_target(repo: Path, option: str) -> None:
    precious = repo / "elsewhere" / "precious.txt"
    precious.parent.mkdir()
    precious.write_text("precious", encoding="utf-8")
    link = repo / "report.json"
    link.symlink_to(precious)
    refused = _run("check", "plan.yaml", option, "report.json", cwd=repo)
    assert refused.returncode == 2 and "exists; not overwriting" in refused.stderr
    assert link.is_symlink()
    done = _run("check", "plan.yaml", option, "report.json", "--force", cwd=repo)
    assert done.returncode in (0, 1), done.stderr
    assert not link.is_symlink() and link.is_file()
    assert precious.read_text(encoding="utf-8") == "precious"


def test_a_dangling_symlink_counts_as_existing(repo: Path) -> None:
    link = repo / "report.txt"
    link.symlink_to(repo / "nowhere" / "file")
    refused = _run("check", "plan.yaml", "--output", "report.txt", cwd=repo)
    assert refused.returncode == 2 and "exists; not overwriting" in refused.stderr
    assert not (repo / "nowhere").exists()
    done = _run("check", "plan.yaml", "--output", "report.txt", "--force", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert not link.is_symlink() and not (repo / "nowhere").exists()


def test_baseline_written_over_a_symlink_matches_where_it_now_is(repo: Path) -> None:
    elsewhere = repo / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "baseline.json").write_text("{}", encoding="utf-8")
    (repo / "baseline.json").symlink_to(elsewhere / "baseline.json")
    plan = (repo / "plan.yaml").read_text(encoding="utf-8")
    (repo / "plan.yaml").write_text(
        plan.replace("at: 2025-03-11T10:00:00+01:00", "at: 2025-03-14T16:30:00+01:00", 1),
        encoding="utf-8",
    )
    wrote = _run("check", "plan.yaml", "--write-baseline", "baseline.json", "--force", cwd=repo)
    assert wrote.returncode == 0, wrote.stderr
    assert "wrote 0 " not in wrote.stderr
    again = _run("check", "plan.yaml", "--baseline", "baseline.json", cwd=repo)
    assert again.returncode == 0, again.stdout + again.stderr
