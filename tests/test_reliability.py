"""Crash safety (issue #11): a run killed or interrupted anywhere is finished by the next run, with
the store and outputs a clean run gives; readers never fail while a run writes.

The fault-injection runs fork the test process after loading the spaCy model and gazetteer once,
so each killed run costs only its own work. The kill is a real SIGKILL the child sends itself at
a named point (newsfuse.faults); one test also kills a ``newsfuse run`` process from outside at a
moment the test does not choose. The BBC variant (300 articles) is behind ``-m slow``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsfuse.access import STORE_NAME, WriterLock
from newsfuse.extract.pipeline import StoryExtractor
from newsfuse.faults import ENV, FaultPoint
from newsfuse.pipeline import run
from newsfuse.settings import Settings
from newsfuse.store import Store

REPO = Path(__file__).resolve().parents[1]
NEWSFUSE = [sys.executable, "-m", "newsfuse.cli"]
# Seven of examples/: three stories (one with a wire copy and a rewrite), so every stage has work.
SMALL = ("01", "02", "04", "07", "08", "13", "14")
# Small batches and a snapshot after every commit, so each point is reached several times.
TEST_SETTINGS = replace(
    Settings(),
    store=replace(Settings().store, clean_batch=2, publish_seconds=0.0),
    extract=replace(Settings().extract, chunk_articles=1),  # one story per extract commit
)

# The extract stage commits a chunk of stories at a time; one story per chunk gives these small runs
# several extract commits to stop or kill at.
ONE_STORY_PER_COMMIT = ("--set", "extract.chunk_articles=1")

# (point, visit): spread over every stage, inside transactions (".commit": after the writes,
# before COMMIT) and just after them, while publishing a snapshot and while writing outputs.
POINTS: tuple[tuple[str, int], ...] = (
    ("run.start", 1),
    ("clean.commit", 1),
    ("clean.committed", 1),
    ("clean.commit", 3),
    ("clean.committed", 4),
    ("publish.copied", 2),
    ("reuse.commit", 1),
    ("reuse.committed", 1),
    ("publish.copied", 7),
    ("stories.commit", 1),
    ("stories.committed", 1),
    ("extract.commit", 1),
    ("extract.committed", 1),
    ("extract.commit", 2),
    ("extract.commit", 3),
    ("extract.committed", 3),
    ("write.article", 1),
    ("write.article", 5),
    ("write.brief", 2),
    ("write.stories", 1),
    ("run.done", 1),
)


# ---------------------------------------------------------------------------------------------
# What "the same store" means


def store_digest(out: Path) -> dict[str, Any]:
    """Every record of the store and every output file, in a comparable form.

    Left out: ``documents.seq`` (arrival numbers: a resumed run numbers its documents after the
    ones already committed, in the same order) and ``ingested_at`` (a timestamp).
    """
    queries = {
        "documents": "SELECT id, origin, media_type, encoding, size, status, reason, hints, raw, stage "
        "FROM documents ORDER BY id",
        "articles": "SELECT * FROM articles ORDER BY id",
        "reuse": "SELECT * FROM reuse ORDER BY a, b",
        "lineages": "SELECT * FROM lineages ORDER BY id",
        "stories": "SELECT * FROM stories ORDER BY id",
        "events": "SELECT * FROM events ORDER BY id",
        "claims": "SELECT * FROM claims ORDER BY story_id, id",
        "briefs": "SELECT * FROM briefs ORDER BY story_id",
        "state": "SELECT name, md5(data::VARCHAR) FROM state ORDER BY name",
    }
    digest: dict[str, Any] = {}
    with Store(out / STORE_NAME, read_only=True) as store:
        for name, sql in queries.items():
            digest[name] = store.con.execute(sql).fetchall()
    for folder in ("articles", "briefs"):
        digest[f"{folder}/"] = sorted(
            (p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in (out / folder).iterdir()
        )
    digest["stories.json"] = (out / "stories.json").read_bytes()
    return digest


def assert_same_store(got: Path, want: Path) -> None:
    a, b = store_digest(got), store_digest(want)
    for key in b:
        assert a[key] == b[key], f"{key} differs from a clean run's"


# ---------------------------------------------------------------------------------------------
# Forked runs


def fork_run(
    corpus: Sequence[str], out: Path, settings: Settings, extractor: StoryExtractor, hook: Any = None
) -> int:
    """Run the pipeline in a forked child and return its wait status (the parent holds no store)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            run(list(corpus), out, settings=settings, extractor=extractor, hook=hook)
        except BaseException:
            traceback.print_exc()
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return status


def killed(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def ok(status: int) -> bool:
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


@pytest.fixture(scope="module")
def extractor() -> StoryExtractor:
    """The spaCy model and gazetteer, loaded before forking so every child shares them."""
    ex = StoryExtractor(Settings().extract)
    ex.nlp  # noqa: B018  (loads the model)
    ex.gazetteer.lookup("Kathmandu")
    return ex


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("small")
    for path in sorted(examples_dir.iterdir()):
        if path.name[:2] in SMALL:
            shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def clean_out(
    tmp_path_factory: pytest.TempPathFactory, small_corpus: Path, extractor: StoryExtractor
) -> Path:
    """The reference: one uninterrupted run with the default settings."""
    out = tmp_path_factory.mktemp("clean") / "out"
    assert ok(fork_run([str(small_corpus)], out, Settings(), extractor))
    return out


# ---------------------------------------------------------------------------------------------
# Fault injection: kill at each point, rerun, compare


@pytest.mark.parametrize(("point", "visit"), POINTS, ids=[f"{p}#{n}" for p, n in POINTS])
def test_killed_anywhere_the_rerun_gives_the_clean_store(
    tmp_path: Path, small_corpus: Path, clean_out: Path, extractor: StoryExtractor, point: str, visit: int
) -> None:
    out = tmp_path / "out"
    status = fork_run([str(small_corpus)], out, TEST_SETTINGS, extractor, FaultPoint(point, visit))
    assert killed(status), f"the run never reached {point} #{visit} (status {status})"
    assert ok(fork_run([str(small_corpus)], out, TEST_SETTINGS, extractor))
    assert_same_store(out, clean_out)


def test_killed_twice_then_finished(
    tmp_path: Path, small_corpus: Path, clean_out: Path, extractor: StoryExtractor
) -> None:
    out = tmp_path / "out"
    for point, visit in (("clean.commit", 2), ("extract.commit", 2)):
        assert killed(fork_run([str(small_corpus)], out, TEST_SETTINGS, extractor, FaultPoint(point, visit)))
    assert ok(fork_run([str(small_corpus)], out, TEST_SETTINGS, extractor))
    assert_same_store(out, clean_out)


def test_a_resumed_run_that_adds_new_pages_equals_one_run_over_all(
    tmp_path: Path, small_corpus: Path, clean_out: Path, extractor: StoryExtractor
) -> None:
    """Killed during cleaning; the user reruns on the same folder, the one thing that matters."""
    out = tmp_path / "out"
    assert killed(fork_run([str(small_corpus)], out, TEST_SETTINGS, extractor, FaultPoint("reuse.commit", 1)))
    with Store(out / STORE_NAME, read_only=True) as store:
        counts = store.counts()
    # Cleaning was committed before the kill; the indexes were not.
    assert counts["articles"] == 7 and counts["lineages"] == 0 and counts["stories"] == 0
    assert ok(fork_run([str(small_corpus)], out, TEST_SETTINGS, extractor))
    assert_same_store(out, clean_out)


# ---------------------------------------------------------------------------------------------
# Real processes: kill -9 from outside, Ctrl-C, a second writer


def _cli(args: Sequence[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    env.update(kw.pop("env", {}))
    return subprocess.run([*NEWSFUSE, *args], capture_output=True, text=True, env=env, timeout=300, **kw)


def test_sigkill_from_outside_then_rerun(tmp_path: Path, small_corpus: Path, clean_out: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*NEWSFUSE, "run", str(small_corpus), "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # Kill once the run has committed something and is busy (the snapshot appears after the
    # store opens; cleaning and extraction follow), at a moment the test does not pick.
    snapshot = out / "newsfuse.snapshot.duckdb"
    deadline = time.monotonic() + 120
    while not snapshot.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.5)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    done = _cli(["run", str(small_corpus), "--out", str(out)])
    assert done.returncode == 0, done.stderr
    assert_same_store(out, clean_out)


@pytest.mark.parametrize("signal_name", ["sigint", "sigterm"])
def test_ctrl_c_commits_the_batch_exits_130_and_the_rerun_resumes(
    tmp_path: Path, small_corpus: Path, clean_out: Path, signal_name: str
) -> None:
    out = tmp_path / "out"
    first = _cli(
        ["run", str(small_corpus), "--out", str(out), *ONE_STORY_PER_COMMIT],
        env={ENV: f"extract.committed:1:{signal_name}"},
    )
    assert first.returncode == 130
    last = first.stderr.strip().splitlines()[-1]
    assert last.startswith("newsfuse: interrupted:") and "running it again resumes it" in last
    assert "Traceback" not in first.stderr
    with Store(out / STORE_NAME, read_only=True) as store:
        assert store.counts()["briefs"] == 1  # the chunk being worked on was committed, no more
        assert len(store.pending_stories()) == 2
    second = _cli(["run", str(small_corpus), "--out", str(out)])
    assert second.returncode == 0, second.stderr
    assert_same_store(out, clean_out)


def test_second_ctrl_c_stops_at_once_and_loses_nothing_committed(
    tmp_path: Path, small_corpus: Path, clean_out: Path
) -> None:
    out = tmp_path / "out"
    # Two Ctrl-C inside the second story's transaction: the first asks for a stop, the second
    # stops at once, rolling that transaction back; the first story stays committed.
    faults = "extract.commit:2:sigint,extract.commit:2:sigint"
    first = _cli(["run", str(small_corpus), "--out", str(out), *ONE_STORY_PER_COMMIT], env={ENV: faults})
    assert first.returncode == 130
    assert "stopped at once" in first.stderr and "Traceback" not in first.stderr
    with Store(out / STORE_NAME, read_only=True) as store:
        assert store.counts()["articles"] == 7 and store.counts()["briefs"] == 1
    second = _cli(["run", str(small_corpus), "--out", str(out)])
    assert second.returncode == 0, second.stderr
    assert_same_store(out, clean_out)


def test_a_second_writer_exits_with_one_line_or_waits(tmp_path: Path, small_corpus: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with WriterLock(out / STORE_NAME):
        busy = _cli(["run", str(small_corpus), "--out", str(out)])
        assert busy.returncode == 1
        assert busy.stderr.count("\n") == 1 and "Traceback" not in busy.stderr
        assert "being written by another newsfuse run (pid" in busy.stderr and "--wait" in busy.stderr
        waiting = subprocess.Popen(
            [*NEWSFUSE, "run", str(small_corpus), "--out", str(out), "--wait"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(3)
        assert waiting.poll() is None  # queued behind the lock
    _, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "waiting for it to finish" in err


@pytest.mark.parametrize("damage", ["truncated", "foreign", "newer"])
def test_damaged_store_one_line_nonzero_never_overwritten(
    tmp_path: Path, small_corpus: Path, clean_out: Path, damage: str
) -> None:
    out = tmp_path / "out"
    shutil.copytree(clean_out, out)
    db = out / STORE_NAME
    if damage == "truncated":
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    elif damage == "foreign":
        db.write_bytes(b"<html>not a store</html>\n" * 400)
    else:
        with Store(db) as s:
            s.con.execute("INSERT INTO migrations (version, name) VALUES (1000, 'future')")
    before = db.read_bytes()
    for args in (["run", str(small_corpus)], ["stories"]):
        if args[0] == "stories":
            (out / "newsfuse.snapshot.duckdb").unlink()  # make the reader open the damaged file
        got = _cli([*args, "--out", str(out)])
        assert got.returncode == 1, got.stderr
        assert got.stderr.count("\n") == 1 and got.stderr.startswith("newsfuse: error: the store")
        assert db.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# Readers during a write


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Poller:
    """Polls a set of reads twice a second on threads; records every failure."""

    def __init__(self, reads: dict[str, Callable[[], None]]) -> None:
        self.reads = reads
        self.done = threading.Event()
        self.counts: dict[str, int] = dict.fromkeys(reads, 0)
        self.failures: list[str] = []
        self.threads = [threading.Thread(target=self._loop, args=(name,), daemon=True) for name in reads]

    def _loop(self, name: str) -> None:
        while not self.done.is_set():
            t0 = time.monotonic()
            try:
                self.reads[name]()
                self.counts[name] += 1
            except Exception as exc:
                self.failures.append(f"{name}: {type(exc).__name__}: {exc}"[:300])
            self.done.wait(max(0.0, 0.5 - (time.monotonic() - t0)))

    def __enter__(self) -> Poller:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        for t in self.threads:
            t.join(timeout=120)


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    out = tmp_path / "out"
    yield out, f"http://127.0.0.1:{_free_port()}"


def _serve(out: Path, base: str) -> subprocess.Popen[bytes]:
    port = base.rsplit(":", 1)[1]
    log = (out.parent / "serve.log").open("wb")
    proc = subprocess.Popen(
        [*NEWSFUSE, "serve", "--out", str(out), "--port", port], stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/api/stories", timeout=2).raise_for_status()
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("newsfuse serve did not start")


def _reads(out: Path, base: str) -> dict[str, Callable[[], None]]:
    """Every page and API call, and every CLI read command; each raises on a failed answer."""
    client = httpx.Client(base_url=base, timeout=30)

    def get(path: str) -> httpx.Response:
        r = client.get(path)
        r.raise_for_status()
        return r

    def story_page() -> None:
        stories = get("/api/stories").json()
        if not stories:
            return
        ident = stories[-1]["id"]
        try:
            get(f"/stories/{ident}")
            data = get(f"/api/stories/{ident}").json()
        except httpx.HTTPStatusError as exc:
            # Between two requests a published snapshot may have merged the story into another:
            # then its 404 is the right answer. Any other 404 is a failure.
            if exc.response.status_code != 404 or ident in {s["id"] for s in get("/api/stories").json()}:
                raise
            return
        get(f"/api/articles/{data['articles'][0]['id']}")

    def cli(*args: str) -> Callable[[], None]:
        def call() -> None:
            got = _cli([*args, "--out", str(out)])
            vanished = args[0] == "brief" and args[1] not in {s["id"] for s in get("/api/stories").json()}
            if got.returncode != 0 and not (vanished and "no single story matches" in got.stderr):
                raise RuntimeError(f"exit {got.returncode}: {got.stderr.strip()}")

        return call

    def cli_with_id(command: str) -> Callable[[], None]:
        def call() -> None:
            stories = get("/api/stories").json()
            ident = (
                stories[0]["id"]
                if command == "brief"
                else get(f"/api/stories/{stories[0]['id']}").json()["articles"][0]["id"]
            )
            cli(command, ident)()

        return call

    return {
        "page /": lambda: None if get("/") else None,
        "api stories": lambda: None if get("/api/stories") else None,
        "api events": lambda: None if get("/api/events") else None,
        "story, brief and article": story_page,
        "cli stories": cli("stories"),
        "cli events": cli("events"),
        "cli lineage": cli("lineage"),
        "cli brief": cli_with_id("brief"),
        "cli show": cli_with_id("show"),
    }


def _read_during_write(out: Path, base: str, first: Sequence[Path], then: Sequence[Path]) -> Poller:
    """Serve a store made from ``first``; poll every read while a run adds ``then`` to it."""
    assert _cli(["run", *map(str, first), "--out", str(out)]).returncode == 0
    server = _serve(out, base)
    try:
        with Poller(_reads(out, base)) as poller:
            writer = subprocess.Popen(
                [*NEWSFUSE, "run", *map(str, [*first, *then]), "--out", str(out)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            _, err = writer.communicate(timeout=3600)
            assert writer.returncode == 0, err
            during = dict(poller.counts)
            time.sleep(1.0)
        new = int(httpx.get(base + "/api/stories", timeout=10).headers["X-Total-Count"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    server_log = (out.parent / "serve.log").read_text(errors="replace")
    assert poller.failures == [], (poller.failures[:5], server_log[-3000:])
    assert all(n >= 2 for n in during.values()), during  # every read ran while the run wrote
    with Store(out / STORE_NAME, read_only=True) as store:
        assert new == store.counts()["stories"]  # and the served page caught up at the end
    return poller


def test_readers_never_fail_while_a_run_writes(served: tuple[Path, str], examples_dir: Path) -> None:
    out, base = served
    files = sorted(p for p in examples_dir.iterdir() if p.name[:2].isdigit())
    _read_during_write(out, base, files[:3], files[3:])


@pytest.mark.slow
def test_readers_never_fail_while_a_run_adds_200_bbc_articles(
    served: tuple[Path, str], shared_dir: Path, tmp_path: Path
) -> None:
    bbc = sorted((shared_dir / "data" / "bbc-fulltext" / "bbc").rglob("*.txt"))
    if len(bbc) < 220:
        pytest.skip("../shared/data/bbc-fulltext is not complete")
    out, base = served
    first, then = tmp_path / "first", tmp_path / "then"
    for folder, files in ((first, bbc[:20]), (then, bbc[20:220])):
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f"{f.parent.name}-{f.name}")
    poller = _read_during_write(out, base, [first], [then])
    print(f"reads during the run: {poller.counts}")


# ---------------------------------------------------------------------------------------------
# The BBC variant: 300 articles, 20+ kill points (slow)


@pytest.mark.slow
def test_killed_anywhere_on_300_bbc_articles(
    tmp_path: Path, shared_dir: Path, extractor: StoryExtractor
) -> None:
    bbc = sorted((shared_dir / "data" / "bbc-fulltext" / "bbc").rglob("*.txt"))
    if len(bbc) < 300:
        pytest.skip("../shared/data/bbc-fulltext is not complete")
    corpus = tmp_path / "bbc300"
    corpus.mkdir()
    step = len(bbc) // 300
    for f in bbc[::step][:300]:
        shutil.copy(f, corpus / f"{f.parent.name}-{f.name}")
    settings = replace(Settings(), store=replace(Settings().store, publish_seconds=0.0))
    clean = tmp_path / "clean"
    assert ok(fork_run([str(corpus)], clean, Settings(), extractor))
    points = (
        ("run.start", 1), ("clean.commit", 1), ("clean.committed", 2), ("clean.commit", 4),
        ("clean.committed", 5), ("publish.copied", 3), ("reuse.commit", 1), ("reuse.committed", 1),
        ("stories.commit", 1), ("stories.committed", 1), ("extract.commit", 1), ("extract.committed", 40),
        ("extract.commit", 90), ("extract.committed", 150), ("extract.commit", 200), ("publish.copied", 40),
        ("write.article", 1), ("write.article", 250), ("write.brief", 100), ("write.stories", 1),
        ("run.done", 1),
    )  # fmt: skip
    for point, visit in points:
        out = tmp_path / f"out-{point}-{visit}"
        assert killed(fork_run([str(corpus)], out, settings, extractor, FaultPoint(point, visit))), point
        assert ok(fork_run([str(corpus)], out, settings, extractor))
        assert_same_store(out, clean)
        shutil.rmtree(out)
