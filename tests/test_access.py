from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsfuse.access import (
    WriterLock,
    check_store_file,
    publish_copy,
    reader_path,
    snapshot_path,
    writer_active,
)
from newsfuse.errors import StoreBusy, StoreError, UsageError
from newsfuse.store import Store, open_reader


def _store(path: Path, n: int = 3) -> None:
    with Store(path) as s:
        s.con.execute("INSERT INTO state VALUES ('probe', ?)", [bytes([n])])


def test_snapshot_path_sits_beside_the_store(tmp_path: Path) -> None:
    assert snapshot_path(tmp_path / "newsfuse.duckdb") == tmp_path / "newsfuse.snapshot.duckdb"


def test_publish_gives_a_readable_copy_and_leaves_no_temporary(tmp_path: Path) -> None:
    db = tmp_path / "newsfuse.duckdb"
    with Store(db) as s:
        s.put_state("x", b"committed")
        s.publish(snapshot_path(db))
        s.put_state("x", b"later")  # not published: readers do not see it
        with Store(snapshot_path(db), read_only=True) as r:
            assert r.get_state("x") == b"committed"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_a_killed_publish_leaves_the_old_snapshot_whole(tmp_path: Path) -> None:
    db = tmp_path / "newsfuse.duckdb"
    snap = snapshot_path(db)
    with Store(db) as s:
        s.put_state("x", b"one")
        s.publish(snap)
        s.put_state("x", b"two")
        s.con.execute("CHECKPOINT")

        def die(name: str) -> None:
            raise KeyboardInterrupt(name)

        with pytest.raises(KeyboardInterrupt, match="publish.copied"):
            publish_copy(db, snap, hook=die)
    with Store(snap, read_only=True) as r:
        assert r.get_state("x") == b"one"


def test_second_writer_is_refused_with_one_line_or_waits(tmp_path: Path) -> None:
    db = tmp_path / "newsfuse.duckdb"
    with WriterLock(db):
        assert writer_active(db)
        with pytest.raises(StoreBusy, match=r"being written by another newsfuse run \(pid \d+") as err:
            WriterLock(db).acquire()
        assert "\n" not in str(err.value)
    assert not writer_active(db)
    # --wait: a child process holds the lock for a moment; we queue behind it.
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from newsfuse.access import WriterLock\n"
         "with WriterLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(1.0)",
         str(db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    told: list[str] = []
    t0 = time.monotonic()
    with WriterLock(db, wait=True, on_wait=told.append):
        waited = time.monotonic() - t0
    holder.wait(timeout=10)
    assert told and told[0].startswith(f"pid {holder.pid}")
    assert waited > 0.3


def test_a_killed_writer_leaves_no_stale_lock(tmp_path: Path) -> None:
    db = tmp_path / "newsfuse.duckdb"
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import os, signal, sys; from pathlib import Path; from newsfuse.access import WriterLock\n"
         "WriterLock(Path(sys.argv[1])).acquire(); os.kill(os.getpid(), signal.SIGKILL)",
         str(db)],
    )  # fmt: skip
    child.wait(timeout=20)
    assert child.returncode == -9
    with WriterLock(db):  # the kernel dropped the dead process's lock
        pass


def test_reader_path_prefers_the_snapshot_while_a_writer_holds_the_store(tmp_path: Path) -> None:
    db = tmp_path / "newsfuse.duckdb"
    with pytest.raises(UsageError, match="no store"):
        reader_path(db, timeout=0)
    _store(db)
    assert reader_path(db) == db  # no snapshot yet and nobody writing: read it in place
    with Store(db) as s:
        s.publish(snapshot_path(db))
    with WriterLock(db):
        assert reader_path(db) == snapshot_path(db)
        # A writer holds the DuckDB file itself: readers never touch it.
        with Store(db) as w:
            w.put_state("x", b"y")
            with open_reader(db) as r:
                assert r.path == str(snapshot_path(db)) and r.read_only


def test_after_a_kill_readers_see_what_was_committed_after_the_last_publish(tmp_path: Path) -> None:
    db = tmp_path / "newsfuse.duckdb"
    _store(db)
    with Store(db) as s:
        s.publish(snapshot_path(db))
    time.sleep(0.05)
    code = (
        "import os, signal, sys; from newsfuse.store import Store\n"
        "s = Store(sys.argv[1]); s.put_state('x', b'after the snapshot')\n"
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    child = subprocess.run([sys.executable, "-c", code, str(db)], check=False)
    assert child.returncode == -9
    with open_reader(db) as r:
        assert r.get_state("x") == b"after the snapshot"


def test_check_store_file_leaves_damaged_files_alone(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="damaged .empty, 0 bytes"):
        check_store_file(empty)
    with pytest.raises(StoreError, match="is a folder"):
        check_store_file(tmp_path)
    check_store_file(tmp_path / "absent.duckdb")  # a new store is fine
    assert empty.read_bytes() == b""
    assert os.path.getsize(empty) == 0
