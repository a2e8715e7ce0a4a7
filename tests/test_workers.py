"""The worker pool (workers.py): ordered results, bounded work in flight, no orphans, a clear
error when a worker dies; and the pipeline on a pool gives the store one process gives, survives
a kill and leaves no worker behind.

Workers are spawned (each imports newsfuse afresh), so these tests use functions the workers can
import by name: the standard library's, and newsfuse's own tasks.
"""

from __future__ import annotations

import math
import operator
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.workers import WATCH_SECONDS, ProcessExecutor, WorkerDied, can_spawn, default_processes

# Pipeline runs on a pool of two, whatever the machine, for any amount of work.
POOL = ("--set", "workers.processes=2", "--set", "workers.min_articles=1")


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessExecutor]:
    with ProcessExecutor(2, window=3) as ex:
        yield ex


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if _alive(p)]


def _tagged(tag: str) -> list[int]:
    """Processes whose environment carries ``tag`` (a run and every worker it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if tag.encode() in (entry / "environ").read_bytes() and _alive(int(entry.name)):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_results_follow_the_items_and_work_is_spread(pool: ProcessExecutor) -> None:
    assert list(pool.map(operator.neg, range(50))) == [-i for i in range(50)]
    assert list(pool.map(math.sqrt, [])) == []
    # items may come from a generator, taken only as far ahead as the window
    taken: list[int] = []

    def items() -> Iterator[int]:
        for i in range(20):
            taken.append(i)
            yield i

    results = pool.map(operator.neg, items())
    assert next(results) == 0
    assert len(taken) <= 1 + pool.window + 1
    assert list(results) == [-i for i in range(1, 20)]
    pids = set(pool.map(_getpid_after, [0.2] * 6))
    assert len(pids) == 2 and os.getpid() not in pids


def _getpid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_a_task_error_reaches_the_caller_and_the_pool_goes_on(pool: ProcessExecutor) -> None:
    with pytest.raises(ValueError, match="math domain error"):
        list(pool.map(math.sqrt, [4.0, -1.0, 9.0]))
    assert list(pool.map(math.sqrt, [4.0, 9.0])) == [2.0, 3.0]


def test_workers_ignore_ctrl_c_meant_for_the_run(pool: ProcessExecutor) -> None:
    list(pool.map(operator.neg, range(4)))  # both workers started
    pids = pool.pids()
    assert len(pids) == 2
    for pid in pids:  # a terminal sends SIGINT to the whole process group
        os.kill(pid, signal.SIGINT)
    time.sleep(0.3)
    assert all(_alive(p) for p in pids)
    assert list(pool.map(operator.neg, range(4))) == [0, -1, -2, -3]


def test_a_dead_worker_is_replaced_and_its_items_done_again() -> None:
    with ProcessExecutor(2, restarts=1) as ex:
        list(ex.map(operator.neg, range(4)))
        first = ex.pids()
        results = ex.map(_getpid_after, [0.6] * 6)
        done = [next(results)]  # both workers are now on their second items
        os.kill(first[0], signal.SIGKILL)  # killed from outside while it works
        done += list(results)
        assert len(done) == 6 and ex.restarted == 1
        assert not set(done[2:]) & set(first)  # what was unfinished went to the new workers
        assert _wait_gone(first, 5) == []


def test_a_worker_that_died_while_idle_costs_a_restart_not_the_next_map() -> None:
    """The pool notices the death on its own and then refuses new work: the next map's first
    submission is refused, not a result, and must be treated as the death it reports."""
    with ProcessExecutor(2, restarts=1) as ex:
        list(ex.map(operator.neg, range(4)))
        first = ex.pids()
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not getattr(ex._pool, "_broken", False) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert getattr(ex._pool, "_broken", False), "the pool never noticed its dead worker"
        assert list(ex.map(operator.neg, range(4))) == [0, -1, -2, -3]
        assert ex.restarted == 1
        assert _wait_gone(first, 5) == []


def test_a_worker_dying_past_the_restarts_is_a_clear_error_and_close_ends_the_rest() -> None:
    ex = ProcessExecutor(2, restarts=0)
    list(ex.map(operator.neg, range(4)))
    pids = ex.pids()
    results = ex.map(time.sleep, [2.0] * 4)
    time.sleep(0.5)
    os.kill(pids[0], signal.SIGKILL)
    with pytest.raises(WorkerDied, match="running again resumes"):
        list(results)
    ex.close()
    assert _wait_gone(pids, 5) == []


def test_workers_outlive_no_killed_run(tmp_path: Path) -> None:
    """SIGKILL the process that owns a pool: its workers notice and exit."""
    script = textwrap.dedent(
        """
        import operator, sys, time
        from newsfuse.workers import ProcessExecutor
        ex = ProcessExecutor(2)
        list(ex.map(operator.neg, range(4)))
        print(*ex.pids(), flush=True)
        time.sleep(120)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    proc.kill()
    proc.wait(timeout=10)
    assert _wait_gone(pids, 10 * WATCH_SECONDS + 2) == []


def test_defaults() -> None:
    assert default_processes() >= 1
    assert can_spawn()  # pytest's main module can be imported again by a worker


# ---------------------------------------------------------------------------------------------
# The pipeline on a pool


def test_a_pool_run_gives_the_store_one_process_gives(
    tmp_path: Path, examples_dir: Path, demo_out: Path
) -> None:
    from test_reliability import _cli, assert_same_store

    out = tmp_path / "pool"
    done = _cli(["run", str(examples_dir), "--out", str(out), *POOL])
    assert done.returncode == 0, done.stderr
    assert_same_store(out, demo_out)


def test_a_killed_pool_run_leaves_no_worker_and_the_rerun_resumes(
    tmp_path: Path, examples_dir: Path, demo_out: Path
) -> None:
    from test_reliability import _cli, assert_same_store

    out = tmp_path / "pool"
    tag = f"NEWSFUSE_TEST_RUN={uuid.uuid4().hex}"
    name, value = tag.split("=")
    killed = _cli(
        ["run", str(examples_dir), "--out", str(out), *POOL, "--set", "extract.chunk_articles=1"],
        env={"NEWSFUSE_FAULT": "extract.committed:2:kill", name: value},
    )
    assert killed.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10 * WATCH_SECONDS + 3
    while _tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _tagged(tag) == [], "workers outlived their killed run"
    done = _cli(["run", str(examples_dir), "--out", str(out), *POOL])
    assert done.returncode == 0, done.stderr
    assert_same_store(out, demo_out)


def test_a_script_without_a_main_guard_is_told_what_to_do(tmp_path: Path, examples_dir: Path) -> None:
    """Each worker imports the main script again: a script that calls ``run`` at its top level would
    start a run in every worker. The worker refuses with the fix, and the run ends with it named."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import dataclasses
            from newsfuse import run
            from newsfuse.settings import Settings
            s = Settings()
            s = dataclasses.replace(s, workers=dataclasses.replace(s.workers, processes=2, min_articles=1))
            run([{str(examples_dir)!r}], {str(tmp_path / "out")!r}, settings=s)
            """
        )
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert 'put the call under `if __name__ == "__main__":`' in done.stderr
    assert "WorkerDied" in done.stderr and "outside `if __name__ ==" in done.stderr


def test_prepare_runs_on_every_worker_before_returning() -> None:
    with ProcessExecutor(2) as ex:
        ex.prepare(_mark)
        marked = set(ex.map(_marked, range(8)))
        assert marked == {True}
        assert len(ex.pids()) == 2


def _mark() -> None:
    from newsfuse.workers import worker_state

    worker_state()["marked"] = True


def _marked(_: int) -> bool:
    from newsfuse.workers import worker_state

    time.sleep(0.05)
    return bool(worker_state().get("marked"))
