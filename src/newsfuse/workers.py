"""A pool of worker processes that lives and dies with its run (issue #14: every core in every stage).

The local pipeline runs in one process; on a machine with more cores it hands the heavy, pure work
(cleaning pages, parsing and coding stories) to a :class:`ProcessExecutor` while the run's own
process keeps the only connection to the store and writes what comes back. Three promises:

- **Ordered results.** :meth:`ProcessExecutor.map` yields results in the order of its items, like
  :class:`~newsfuse.pipeline.LocalExecutor`, so the store is written in the same order whatever
  the number of workers, and a run gives the store one process would give.
- **Bounded work in flight.** At most ``window`` items are submitted ahead of the one the caller
  is waiting for, so a 100,000-article run does not pickle its whole input into the pool, and an
  interrupt throws away at most that much finished work.
- **No orphans.** A worker exits within :data:`WATCH_SECONDS` when its run dies, even by SIGKILL
  (it watches its parent); it ignores SIGINT, which a terminal sends to the whole process group,
  so Ctrl-C reaches the run alone and the run decides when to stop. Closing the executor ends its
  workers at once.

A worker that dies (killed, out of memory) breaks the pool: it is replaced and the unfinished items
go to the new workers, at most ``restarts`` times; then :meth:`~ProcessExecutor.map` raises
:class:`WorkerDied`, the run ends with what it committed, and running it again resumes it.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

__all__ = ["WATCH_SECONDS", "ProcessExecutor", "WorkerDied", "can_spawn", "default_processes", "worker_state"]

T = TypeVar("T")
R = TypeVar("R")

# How often a worker checks that its run is still alive.
WATCH_SECONDS = 0.5

# What a worker process keeps between tasks (the loaded spaCy model and gazetteer), by name.
_STATE: dict[Any, Any] = {}


class WorkerDied(RuntimeError):
    """A worker process ended abnormally (killed, out of memory); the pool cannot go on."""


def default_processes() -> int:
    """The cores this process may use (its CPU affinity where the OS tells, else the CPU count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def can_spawn() -> bool:
    """Whether worker processes can start here: a spawned worker imports the main module again,
    by name or from its file, which a program read from standard input does not have."""
    import sys

    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return True
    path = getattr(main, "__file__", None)
    return path is None or os.path.isfile(path)


def worker_state() -> dict[Any, Any]:
    """This process's per-worker cache (tasks put what is slow to load here; empty in the parent)."""
    return _STATE


def _watch(parent: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent:  # the run is gone (re-parented to init or a subreaper)
            os._exit(0)


def _init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle
    threading.Thread(target=_watch, args=(parent,), name="newsfuse-watch", daemon=True).start()


class _Once:
    """Runs ``fn`` in a worker and answers which worker it was (``fn`` is cheap the second time)."""

    def __init__(self, fn: Callable[[], object]) -> None:
        self.fn = fn

    def __call__(self, _: object) -> int:
        self.fn()
        return os.getpid()


class ProcessExecutor:
    """Maps picklable functions over items on ``processes`` spawned worker processes.

    Args:
        processes: how many workers (default: one per usable core).
        window: items in flight beyond the one being waited for (default: two per worker).
        restarts: how many times a pool whose worker died is replaced, its unfinished items given
            to the new workers, before :class:`WorkerDied` is raised (as Dask reschedules the
            tasks of a lost worker). A worker killed from outside costs a restart, not the run;
            an item that kills every worker it meets ends the run after ``restarts`` tries.
    """

    def __init__(
        self,
        processes: int | None = None,
        *,
        window: int | None = None,
        restarts: int = 2,
    ) -> None:
        self.processes = processes or default_processes()
        self.window = window or 2 * self.processes
        self.restarts = restarts
        self.restarted = 0  # pools replaced so far
        self._pool = self._new_pool()
        self._closed = False

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=mp.get_context("spawn"),
            initializer=_init,
            initargs=(os.getpid(),),
        )

    def each(self, fn: Callable[[], object]) -> None:
        """Queue ``fn`` once per worker, without waiting: for loading what every worker will need
        while the caller does something else (an idle worker takes the next call, so a worker may
        run it twice and another not at all: ``fn`` must be cheap the second time, and work that
        needs it must not count on it having run)."""
        for _ in range(self.processes):
            self._submit(fn)

    def prepare(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` on every worker (starting them) and wait until each has: a benchmark or a
        long-lived service loads what the workers need before its work is timed or served."""
        seen: set[int] = set()
        while len(seen) < self.processes:
            seen |= set(self.map(_Once(fn), range(self.processes)))

    def pids(self) -> list[int]:
        """The worker processes' ids (those started so far)."""
        return [p.pid for p in list(getattr(self._pool, "_processes", {}).values()) if p.pid]

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        pending: deque[tuple[T, Future[R]]] = deque()
        todo = iter(items)
        try:
            for item in todo:
                pending.append((item, self._submit(fn, item)))
                if len(pending) > self.window:
                    yield self._next(fn, pending)
            while pending:
                yield self._next(fn, pending)
        finally:
            for _, future in pending:  # the caller stopped early: what was not started is not needed
                future.cancel()

    def _next(self, fn: Callable[[T], R], pending: deque[tuple[T, Future[R]]]) -> R:
        """The first pending item's result; if a worker died, the pool is replaced and every
        unfinished item submitted again, in order (at most ``restarts`` times)."""
        while True:
            try:
                result = pending[0][1].result()
            except BrokenProcessPool as err:
                if self.restarted >= self.restarts or self._closed:
                    raise WorkerDied(
                        f"a worker process died {self.restarted + 1} times (killed, out of memory, an input "
                        "that crashes it, or a script that calls newsfuse outside `if __name__ == "
                        '"__main__":`); what was committed is kept, and running again resumes the run'
                    ) from err
                self.restarted += 1
                self._replace_pool()
                again = [(item, self._submit(fn, item)) for item, _ in pending]
                pending.clear()
                pending.extend(again)
                continue
            pending.popleft()
            return result

    def _submit(self, fn: Callable[..., R], *args: object) -> Future[R]:
        """Queue ``fn(*args)`` on the pool. A worker may die between two submissions: the pool
        then refuses new work, and the refusal comes back as a failed future, so that the caller
        meets it where it meets a death during the work (and replaces the pool there)."""
        try:
            return self._pool.submit(fn, *args)
        except BrokenProcessPool as err:
            refused: Future[R] = Future()
            refused.set_exception(err)
            return refused

    def _replace_pool(self) -> None:
        self._end_pool()
        self._pool = self._new_pool()

    def _end_pool(self) -> None:
        """Shut the pool down, dropping queued work, and end its workers now."""
        processes = list(getattr(self._pool, "_processes", {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            if p.is_alive():
                p.terminate()
        for p in processes:
            p.join(timeout=5)

    def close(self) -> None:
        """End the workers now; work in flight is dropped (its results were never committed)."""
        if self._closed:
            return
        self._closed = True
        self._end_pool()

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
