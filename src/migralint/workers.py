"""Worker processes for a parallel run, managed so that an interrupt always
ends them, quickly and without a trace.

``multiprocessing.Pool`` and ``ProcessPoolExecutor`` share queues guarded by
locks: a worker killed while it holds one, or a main process that waits on
a broken pool's queues, can hang the run long after Ctrl-C. Here each
worker has a pipe of its own and nothing else is shared. The main process
hands out chunks of target indices, waits on the pipes, and on any way out
(done, interrupted, failed) ends every worker: SIGTERM, then SIGKILL.

Workers ignore SIGINT (Ctrl-C reaches the whole process group; the main
process alone decides what it means) and die at once on SIGTERM. Signals
are blocked while a worker starts, so neither a worker half set up nor the
main process between two forks sees a signal with the wrong handler; a
signal that arrives meanwhile is delivered when the main process unblocks.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from typing import Any

_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_GRACE = 0.5  # seconds a worker gets to die of SIGTERM before SIGKILL


class WorkerFailed(RuntimeError):
    """A worker process died or a check raised outside the engine's net."""


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):  # Windows: nothing to block
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def lint_in_parallel(targets: list, job: Any, jobs: int, lint: Callable[[Any, Any], Any]) -> list:
    """``[lint(t, job) for t in targets]``, computed by ``jobs`` processes."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context()
    forked = context.get_start_method() == "fork"
    size = max(1, len(targets) // (jobs * 4))
    chunks = iter(
        [(start, min(start + size, len(targets))) for start in range(0, len(targets), size)]
    )
    results: list = [None] * len(targets)
    workers: list[tuple[Any, Any]] = []  # (process, the main process's end of its pipe)
    finished = False
    try:
        with signals_blocked():
            for _ in range(min(jobs, len(targets))):
                mine, theirs = context.Pipe()
                # A forked worker inherits the other workers' pipe ends: it
                # closes them, so each pipe ends when its own worker or the
                # main process goes away.
                # Its copy of the main process's end too: otherwise a main
                # process killed outright (SIGKILL, out of memory) would
                # leave the worker waiting on its pipe for ever.
                others = [*(end for _, end in workers), mine] if forked else []
                process = context.Process(
                    target=_work,
                    args=(theirs, targets, job, lint, others),
                    daemon=True,
                    name="migralint-worker",
                )
                process.start()
                theirs.close()
                workers.append((process, mine))
        busy = set()
        for _, end in workers:
            task = next(chunks, None)
            end.send(task)
            if task is not None:
                busy.add(end)
        while busy:
            for end in wait(list(busy)):
                try:
                    start, done = end.recv()
                except (EOFError, OSError):
                    raise WorkerFailed("a worker process ended unexpectedly") from None
                if isinstance(done, str):
                    raise WorkerFailed(done)
                results[start : start + len(done)] = done
                task = next(chunks, None)
                end.send(task)
                if task is None:
                    busy.discard(end)
        finished = True
        return results
    finally:
        with signals_blocked():  # a second signal must not cut the clean-up short
            _stop(workers, finished)


def _stop(workers: list[tuple[Any, Any]], finished: bool) -> None:
    """End every worker. Told to stop, they exit by themselves; after an
    interrupt or a failure, or past a short grace, each gets SIGTERM, then
    SIGKILL. No queue or lock is waited on."""
    import time

    if finished:
        deadline = time.monotonic() + _GRACE
        for process, _ in workers:
            process.join(max(0.0, deadline - time.monotonic()))
    for process, _ in workers:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + _GRACE
    for process, _ in workers:
        process.join(max(0.0, deadline - time.monotonic()))
    for process, end in workers:
        if process.is_alive():
            process.kill()
            process.join()
        end.close()


def _work(conn: Any, targets: list, job: Any, lint: Callable, others: list) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    for other in others:
        other.close()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the main process is gone
            return
        if task is None:
            return
        start, stop = task
        try:
            done: list | str = [lint(targets[index], job) for index in range(start, stop)]
        except Exception as exc:  # reported by the main process, as an internal error
            done = f"{type(exc).__name__}: {exc}"
        conn.send((start, done))
