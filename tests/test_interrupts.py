"""Ctrl-C and SIGTERM stop a run at once: one line, no worker and no
temporary file left behind, exit 130 (SIGINT) or 143 (SIGTERM)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import EXAMPLE

PLANS = 3000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 small plans: a run of many seconds with -j 2 on a small machine."""
    root = tmp_path_factory.mktemp("interrupt-corpus")
    (root / "plans").mkdir()
    for index in range(PLANS):
        (root / "plans" / f"plan-{index:04d}.yaml").write_text(EXAMPLE, encoding="utf-8")
    (root / "out").mkdir()
    return root


def _group(pgid: int) -> list[int]:
    """Live processes (not zombies) in process group ``pgid``, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, _ppid, group = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(group) == pgid and state != "Z":
            found.append(int(entry))
    return found


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry))
    return found


def _start(corpus: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MIGRALINT_NO_CACHE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "migralint", "check", *args, "plans"],
        cwd=corpus,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell gives a job
    )


def _wait_until_working(process: subprocess.Popen[bytes], jobs: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if jobs == 1 or len(_children(process.pid)) >= jobs:
            break
        time.sleep(0.05)
    time.sleep(1.0)  # well into linting
    assert process.poll() is None, "the run ended before it could be interrupted"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.slow
@pytest.mark.parametrize("jobs", [2, 1])
@pytest.mark.parametrize(
    ("signum", "to_group", "code"),
    [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143), (signal.SIGTERM, True, 143)],
    ids=["ctrl-c-to-the-job", "sigterm-to-main", "sigterm-to-the-job"],
)
def test_interrupting_a_3000_plan_run_stops_it_cleanly(
    corpus: Path, jobs: int, signum: int, to_group: bool, code: int
) -> None:
    process = _start(corpus, "-j", str(jobs), "--format", "json", "--output", "out/report.json")
    try:
        _wait_until_working(process, jobs)
        sent = time.monotonic()
        if to_group:
            os.killpg(process.pid, signum)
        else:
            os.kill(process.pid, signum)
        stderr = process.communicate(timeout=30)[1].decode()
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == code
    assert stderr == "migralint: interrupted\n"
    assert took < 5, f"took {took:.1f} s to stop"
    deadline = time.monotonic() + 5
    while _group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group(process.pid) == [], "worker processes were left running"
    assert list((corpus / "out").iterdir()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.slow
def test_workers_end_when_the_main_process_is_killed_outright(corpus: Path) -> None:
    """SIGKILL (an out-of-memory kill, a CI runner's hard timeout) runs no
    handler: each worker must see its pipe close and end by itself."""
    process = _start(corpus, "-j", "2")
    try:
        _wait_until_working(process, 2)
        workers = _children(process.pid)
        assert len(workers) >= 2
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _group(process.pid) == [], "workers outlived the main process"
    finally:
        if _group(process.pid):
            os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="POSIX signals")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_while_writing_the_output_leaves_no_temporary_file(
    tmp_path: Path, signum: int, code: int
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(EXAMPLE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    # The signal arrives while the report is being written: from inside the
    # write, so it cannot miss the moment.
    probe = (
        "import os, signal, sys\n"
        "real = os.fsync\n"
        f"def fsync(fd):\n    os.kill(os.getpid(), {int(signum)})\n    real(fd)\n"
        "os.fsync = fsync\n"
        "from migralint.cli import main\n"
        f"sys.argv = ['migralint', 'check', '--output', {str(out / 'report.txt')!r}, "
        f"{str(plan)!r}]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (code, "migralint: interrupted\n")
    assert list(out.iterdir()) == []


def _square(value: int, job: object) -> int:
    return value * value


def _fail_on_seven(value: int, job: object) -> int:
    if value == 7:
        raise ValueError("seven")
    return value


def _die_on_seven(value: int, job: object) -> int:
    if value == 7:
        os._exit(9)
    return value


def test_parallel_results_come_back_in_order_and_no_worker_is_left() -> None:
    from migralint import workers

    assert workers.lint_in_parallel(list(range(100)), None, 2, _square) == [
        n * n for n in range(100)
    ]
    assert _children(os.getpid()) == []


@pytest.mark.parametrize(
    ("lint", "message"),
    [(_fail_on_seven, "ValueError: seven"), (_die_on_seven, "a worker process ended unexpectedly")],
    ids=["check-raises", "worker-dies"],
)
def test_a_failing_worker_is_an_internal_error_not_a_hang(lint: object, message: str) -> None:
    from migralint import workers

    started = time.monotonic()
    with pytest.raises(workers.WorkerFailed, match=message):
        workers.lint_in_parallel(list(range(100)), None, 2, lint)
    assert time.monotonic() - started < 10
    assert _children(os.getpid()) == []
