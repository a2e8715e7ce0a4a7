"""Who may open a store, and how: one writer at a time, readers on a published snapshot.

DuckDB lets one process hold a database file for writing and refuses every other process, even
read-only ones, while it does. So a run and a reader never share a file:

- the writer (``newsfuse run``, ``watch``) holds ``newsfuse.duckdb`` and an exclusive lock on
  ``newsfuse.duckdb.lock``; a second writer finds the lock taken and waits or stops with one line;
- after each committed batch the writer publishes ``newsfuse.snapshot.duckdb``: a checkpointed
  copy written beside it and renamed over the old one, which is atomic on POSIX, so a reader
  opens either the old complete snapshot or the new complete one, never a half-written file;
- readers (the web console, ``stories``, ``events``, ``brief``, ``show``, ``lineage``) open the
  snapshot read-only, so they answer from the last published state however busy the writer is.

docs/reliability.md states the guarantees and how each is tested.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from newsfuse.errors import StoreBusy, StoreError, UsageError

__all__ = [
    "STORE_NAME",
    "WriterLock",
    "check_store_file",
    "publish_copy",
    "reader_path",
    "snapshot_path",
    "writer_active",
]

STORE_NAME = "newsfuse.duckdb"
# Bytes 8-11 of every DuckDB database file (its main header's magic).
_MAGIC = b"DUCK"
_HEADER = 12


def snapshot_path(db: Path) -> Path:
    """Where the readers' copy of the store at ``db`` lives (``x.duckdb`` -> ``x.snapshot.duckdb``)."""
    return db.with_name(f"{db.stem}.snapshot{db.suffix or '.duckdb'}")


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def check_store_file(db: Path) -> None:
    """Refuse, with one clear line, a file that exists but cannot be a DuckDB store.

    DuckDB treats some damaged files as new and would write over them; this check runs first so a
    truncated or foreign file is reported and left untouched.
    """
    if not db.exists():
        return
    if db.is_dir():
        raise StoreError(f"the store {db} is a folder, not a database file")
    try:
        with db.open("rb") as fh:
            head = fh.read(_HEADER)
    except OSError as exc:
        raise StoreError(f"cannot read the store {db}: {exc.strerror or exc}") from exc
    if len(head) < _HEADER or head[8:12] != _MAGIC:
        what = "empty" if not head else "not a DuckDB database"
        raise StoreError(
            f"the store {db} is damaged ({what}, {db.stat().st_size} bytes); it was left as it is: "
            "restore it from a copy or run into a new --out folder"
        )


def publish_copy(src: Path, target: Path, *, hook: Callable[[str], None] | None = None) -> None:
    """Copy a checkpointed store file to ``target`` through a temporary file and an atomic rename."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with src.open("rb") as fin, tmp.open("wb") as fout:
            while chunk := fin.read(1 << 22):
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
        if hook is not None:
            hook("publish.copied")
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class WriterLock:
    """An exclusive lock beside the store, held for a whole run (released by the kernel if the
    process dies, so a killed run never leaves a stale lock).

    ``wait`` blocks until the other writer finishes, calling ``on_wait`` once with its description.
    """

    def __init__(self, db: Path, *, wait: bool = False, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = lock_path(db)
        self._fh: IO[str] | None = None
        self.wait = wait
        self.on_wait = on_wait

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        fh = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                fh.close()
                raise StoreError(f"cannot lock the store {self.path}: {exc.strerror or exc}") from exc
            holder = _holder(fh)
            if not self.wait:
                fh.close()
                raise StoreBusy(
                    f"the store {self.path.with_suffix('')} is being written by another newsfuse run "
                    f"({holder}); wait for it to finish, or pass --wait to queue behind it"
                ) from None
            if self.on_wait is not None:
                self.on_wait(holder)
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


def _holder(fh: IO[str]) -> str:
    fh.seek(0)
    return fh.read().strip() or "pid unknown"


def writer_active(db: Path) -> bool:
    """Whether a run holds the store's writer lock now (a probe: takes and drops a shared lock)."""
    path = lock_path(db)
    if not path.exists():
        return False
    with path.open("r", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    return False


def reader_path(db: Path, *, timeout: float = 10.0) -> Path:
    """The file a reader should open for the store at ``db``: its snapshot when there is one.

    A store from before snapshots were published is read in place when no run is writing it. A
    run publishes its first snapshot right after opening the store, so the wait for one is short.
    """
    snap = snapshot_path(db)
    deadline = time.monotonic() + timeout
    for attempt in _attempts(deadline):
        if snap.is_file():
            # A run killed outright commits more than it published; with no writer left, the
            # store itself is the last committed state (a read-only open replays its log).
            if _mtime(db) > _mtime(snap) and not writer_active(db):
                return db
            return snap
        if not db.is_file():
            if attempt == 0 and not writer_active(db):
                raise UsageError(f"no store at {db}: run `newsfuse run CORPUS --out {db.parent}` first")
            continue
        if not writer_active(db):
            return db
    raise StoreError(f"the store {db} is being created by a run and has nothing to read yet; try again")


def _mtime(db: Path) -> float:
    times = [p.stat().st_mtime for p in (db, db.with_name(db.name + ".wal")) if p.exists()]
    return max(times, default=0.0)


def _attempts(deadline: float) -> Iterator[int]:
    n = 0
    while True:
        yield n
        n += 1
        if time.monotonic() >= deadline:
            return
        time.sleep(0.1)
