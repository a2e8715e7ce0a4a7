"""Runs the stages in order — ingest, clean, reuse, stories, extract, fuse — locally or on Dask.

Computing is kept apart from writing: stages return records, the pipeline hands them to the
store and to the output writers. Progress goes to a :class:`Reporter` (the CLI passes a Rich
one; the library default is silent). Everything incremental: documents already in the store
are not cleaned again, the reuse and story indexes are loaded from the store and extended, and
only stories that changed are re-extracted and re-fused.
"""

from __future__ import annotations

import dataclasses
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from newsfuse.access import STORE_NAME, WriterLock, snapshot_path
from newsfuse.clean import CleanContext, clean_document
from newsfuse.errors import InputError, Interrupted, UsageError
from newsfuse.faults import hook_from_env
from newsfuse.ingest import discover, read_input
from newsfuse.ingest.remote import FetchLog, is_url
from newsfuse.models import Article, Document, Event, Lineage, Reuse, Story
from newsfuse.outputs import article_dict, no_hook, story_lineages, write_outputs
from newsfuse.settings import ExtractSettings, Settings
from newsfuse.store import OutputRows, Store, output_rows
from newsfuse.workers import ProcessExecutor, can_spawn, default_processes, worker_state

if TYPE_CHECKING:
    from newsfuse.extract.pipeline import StoryExtractor
    from newsfuse.extract.places import Gazetteer
    from newsfuse.ingest.fetch import Fetcher

__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "Reporter",
    "RunReport",
    "SilentReporter",
    "clean_one",
    "article_dict",
    "graceful_stop",
    "run",
    "warm_workers",
    "write_outputs",
]

T = TypeVar("T")

R = TypeVar("R")


class Reporter(Protocol):
    """Where progress goes. ``stage`` names are stable: ingest, clean, reuse, stories, extract, write."""

    def start(self, stage: str, total: int | None) -> None: ...
    def advance(self, stage: str, n: int = 1) -> None: ...
    def finish(self, stage: str) -> None: ...


class SilentReporter:
    def start(self, stage: str, total: int | None) -> None:
        return None

    def advance(self, stage: str, n: int = 1) -> None:
        return None

    def finish(self, stage: str) -> None:
        return None


class Executor(Protocol):
    """Maps a picklable function over items; the order of results follows the items. Items may be
    made lazily (a generator): an executor takes them only as far ahead as it works."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...


class LocalExecutor:
    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return (fn(x) for x in items)


class DaskExecutor:
    """Runs stage functions on a Dask cluster: a scheduler address, or a LocalCluster of ``workers``."""

    def __init__(self, address: str | None = None, workers: int = 2) -> None:
        from dask.distributed import Client, LocalCluster

        self._cluster = None if address else LocalCluster(n_workers=workers, threads_per_worker=1)
        self.client = Client(address) if address else Client(self._cluster)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        from dask.distributed import as_completed

        futures = self.client.map(fn, list(items), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        results: dict[int, R] = {}
        nxt = 0
        for fut in as_completed(futures):
            results[index[fut.key]] = fut.result()
            while nxt in results:
                yield results.pop(nxt)
                nxt += 1

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one run did. ``documents`` are this run's inputs with their final status."""

    out_dir: Path | None
    documents: tuple[Document, ...]
    new_documents: int
    known_documents: int
    new_articles: int
    totals: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # What each timed stage worked through (inputs, documents, articles, stories), for its rate.
    items: dict[str, int] = field(default_factory=dict)
    touched_stories: int = 0
    # How a stage worked where it has more than one way ("stories": "lexical + embeddings (short items)").
    modes: dict[str, str] = field(default_factory=dict)
    # What became of each URL this run (fetched, not modified, known, refused, failed, and why).
    fetches: tuple[FetchLog, ...] = ()

    @property
    def status_counts(self) -> dict[str, int]:
        out = {"ok": 0, "skipped": 0, "failed": 0}
        for d in self.documents:
            out[d.status] = out.get(d.status, 0) + 1
        return out


def clean_one(doc: Document, settings: Settings, context: CleanContext | None) -> Document | Article:
    """Clean one document; bad input comes back as the document with its new status and reason."""
    try:
        return clean_document(doc, settings.clean, context)
    except InputError as err:
        return dataclasses.replace(doc, status=err.status, reason=err.reason)  # type: ignore[arg-type]
    except Exception as exc:  # a cleaner bug must not stop the batch: record it on the input
        return dataclasses.replace(
            doc, status="failed", reason=f"cleaning failed: {type(exc).__name__}: {exc}"
        )


class _CleanTask:
    """Cleans a few documents; picklable for executors (a worker pool or Dask ships it to workers)."""

    def __init__(self, settings: Settings, context: CleanContext | None) -> None:
        self.settings = settings
        self.context = context

    def __call__(self, docs: Sequence[Document]) -> list[Document | Article]:
        return [clean_one(doc, self.settings, self.context) for doc in docs]


# Documents per cleaning task: small enough to spread a batch over the workers, large enough that a
# task's overhead (pickling the context, a round trip) is small beside ~4 ms of cleaning a page.
_CLEAN_TASK = 16


def _ingest(paths: Sequence[str | Path], settings: Settings, reporter: Reporter) -> list[Document]:
    refs = discover(paths, settings.ingest)
    reporter.start("ingest", len(refs))
    docs: list[Document] = []
    for ref in refs:
        docs.extend(read_input(ref, settings.ingest))
        reporter.advance("ingest")
    reporter.finish("ingest")
    return docs


def run(
    paths: Sequence[str | Path],
    out_dir: str | Path | None,
    *,
    settings: Settings | None = None,
    store: Store | None = None,
    reporter: Reporter | None = None,
    executor: Executor | None = None,
    extract: bool = True,
    stop: threading.Event | None = None,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
    hook: Callable[[str], None] | None = None,
    extractor: StoryExtractor | None = None,
    fetcher: Fetcher | None = None,
    allow_private_addresses: bool = False,
) -> RunReport:
    """Run every stage over ``paths`` and (if ``out_dir``) write the outputs there.

    The store defaults to ``out_dir/newsfuse.duckdb``. Running twice on one corpus adds nothing,
    and a run that was killed or interrupted is finished by the next one: every stage takes its
    work from what the store says is pending, so a resumed run ends with the store a clean run
    gives (docs/reliability.md). ``stop``, once set (the CLI sets it on SIGINT/SIGTERM), ends
    the run with :class:`Interrupted` after the current batch commits. A second writer on the
    same store raises :class:`StoreBusy`, or with ``wait`` queues behind the first (``on_wait``
    is told who holds it). ``hook`` is the fault-injection hook of the crash tests (faults.py).
    ``extractor`` is a loaded :class:`StoryExtractor` to reuse (the spaCy model and gazetteer take
    seconds to load; watch mode and tests keep one across runs); by default each run loads its own.

    ``paths`` may hold http(s) URLs of feeds, sitemaps or pages (ingest/remote.py): they are
    fetched with ``fetcher`` (by default one made from ``settings.fetch``, refusing private and
    loopback addresses unless ``allow_private_addresses``), and pages fetched once are never
    fetched again.
    """
    if _importing_for_a_worker():
        raise RuntimeError(
            "newsfuse's run was called while a worker process was importing the main script: put the "
            'call under `if __name__ == "__main__":` (each worker process imports the script again)'
        )
    settings = settings or Settings()
    reporter = reporter or SilentReporter()
    stop = stop or threading.Event()
    hook = hook or hook_from_env() or no_hook
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        _check_writable(out)
    with ExitStack() as stack:
        if store is None:
            db = out / STORE_NAME if out is not None else None
            if db is not None:
                stack.enter_context(WriterLock(db, wait=wait, on_wait=on_wait))
            store = stack.enter_context(Store(db if db is not None else ":memory:", hook=hook))
        elif store.hook is None:
            store.hook = hook
        if fetcher is None and any(is_url(p) for p in paths):
            from newsfuse.ingest.fetch import Fetcher as _Fetcher

            fetcher = stack.enter_context(_Fetcher(settings.fetch, allow_private=allow_private_addresses))
        publisher = _Publisher(store, settings.store.publish_seconds)
        loaded = _Loaded(settings, extractor)
        workers = stack.enter_context(_Workers(settings, executor))
        job = _Job(out, settings, store, reporter, workers, extract, stop, hook, publisher, loaded, fetcher)
        report = _run_published(paths, job)
    return report


def _importing_for_a_worker() -> bool:
    """A spawned worker process imports the main script as ``__mp_main__`` before it can work: a
    script that calls ``run`` outside ``if __name__ == "__main__":`` would start a run in each."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") == "__mp_main__":
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


class _Loaded:
    """What takes seconds to load, loaded once per run when first needed and shared by the stages:
    the gazetteer (the story stage's place gate, then the extract stage) and the story extractor."""

    def __init__(self, settings: Settings, extractor: StoryExtractor | None) -> None:
        self.settings = settings
        self.extractor = extractor  # given by the caller (watch mode, tests) or made here
        self._gazetteer: Gazetteer | None = None

    def gazetteer(self) -> Gazetteer:
        if self.extractor is not None:
            return self.extractor.gazetteer
        if self._gazetteer is None:
            from newsfuse.extract.places import Gazetteer

            self._gazetteer = Gazetteer(self.settings.extract)
        return self._gazetteer

    def story_extractor(self) -> StoryExtractor:
        if self.extractor is None:
            from newsfuse.extract.pipeline import StoryExtractor

            self.extractor = StoryExtractor(self.settings.extract, gazetteer=self._gazetteer)
        return self.extractor


class _Workers:
    """Where a stage's heavy work runs: the executor the caller gave, else a pool of worker
    processes started when a stage first has enough work for one (settings.workers), else this
    process. A pool made here is closed with the run, its workers with it."""

    def __init__(self, settings: Settings, given: Executor | None) -> None:
        self.settings = settings
        self.given = given
        self.pool: ProcessExecutor | None = None

    def for_work(self, articles: int) -> Executor:
        """The executor for a stage with ``articles`` articles of work."""
        if self.given is not None:
            return self.given
        if self.pool is None:
            wanted = self.settings.workers.processes or default_processes()
            if wanted < 2 or articles < max(1, self.settings.workers.min_articles) or not can_spawn():
                return LocalExecutor()
            self.pool = ProcessExecutor(wanted)
        return self.pool

    def warm(self, settings: Settings) -> None:
        """Have the pool's workers load the story extractor now, while this process does other work."""
        pool = self.pool or self.given
        if isinstance(pool, ProcessExecutor):
            pool.each(_WarmExtractor(settings.extract))

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.close()


@dataclass(frozen=True, slots=True)
class _Job:
    """One run's collaborators, handed to each stage together."""

    out: Path | None
    settings: Settings
    store: Store
    reporter: Reporter
    workers: _Workers
    extract: bool
    stop: threading.Event
    hook: Callable[[str], None]
    publisher: _Publisher
    loaded: _Loaded
    fetcher: Fetcher | None

    def check_stop(self) -> None:
        """End the run here if a stop was asked for (everything before this point is committed)."""
        if self.stop.is_set():
            raise _interrupted()


def _run_published(paths: Sequence[str | Path], job: _Job) -> RunReport:
    """The stages, with the readers' snapshot published at the start, as work commits, and at the end."""
    job.hook("run.start")
    job.publisher.now()
    try:
        report = _run_stages(paths, job)
    except Interrupted:
        job.publisher.now()  # everything committed so far becomes visible to readers
        raise
    job.hook("run.done")
    job.publisher.now()
    return report


class _Publisher:
    """Publishes the readers' snapshot of a file store: now, or when ``every`` seconds have passed."""

    def __init__(self, store: Store, every: float) -> None:
        self.store = store
        self.every = every
        self.target = snapshot_path(Path(store.path)) if store.path != ":memory:" else None
        self.last = 0.0

    def now(self) -> None:
        if self.target is not None and not self.store.read_only:
            self.store.publish(self.target)
            self.last = time.monotonic()

    def maybe(self) -> None:
        if time.monotonic() - self.last >= self.every:
            self.now()


def _interrupted() -> Interrupted:
    return Interrupted("the run was interrupted; what it committed is kept, and running it again resumes it")


def _run_stages(paths: Sequence[str | Path], job: _Job) -> RunReport:
    store, settings = job.store, job.settings
    seconds: dict[str, float] = {}
    items: dict[str, int] = {}
    t0 = time.perf_counter()
    urls = list(dict.fromkeys(str(p) for p in paths if is_url(p)))
    files = [p for p in paths if not is_url(p)]
    docs = _ingest(files, settings, job.reporter) if files or not urls else []
    seconds["ingest"] = time.perf_counter() - t0
    items["ingest"] = len(docs)
    job.check_stop()
    logs: list[FetchLog] = []
    if urls:
        t0 = time.perf_counter()
        url_docs, logs = _fetch_stage(urls, job)
        docs = [*docs, *url_docs]
        seconds["fetch"] = time.perf_counter() - t0
        items["fetch"] = len(url_docs)

    t0 = time.perf_counter()
    _repair_legacy_stages(store, settings)
    known = store.known_ids("documents", [d.id for d in docs])
    fresh = list({d.id: d for d in docs if d.id not in known}.values())
    n_new_articles, outcome = _clean_stage(docs, fresh, job)
    seconds["clean"] = time.perf_counter() - t0
    items["clean"] = n_fresh = len(fresh)
    # the inputs' bytes and text are in the store now: the rest of the run, and its report, keep
    # each input's record only (a backfill of web pages would otherwise hold every page to the end)
    docs = [_record_only(d) for d in docs]
    outcome = {k: _record_only(d) for k, d in outcome.items()}
    del fresh

    if job.extract:
        job.workers.warm(settings)  # a pool's workers load the model while this process indexes
    modes: dict[str, str] = {}
    _index_stages(job, seconds, modes, items)
    job.publisher.now()
    job.check_stop()
    pending = store.pending_stories() if job.extract else []
    if pending:
        t0 = time.perf_counter()
        _extract_and_fuse(pending, job)
        seconds["extract+fuse"] = time.perf_counter() - t0
        items["extract+fuse"] = len(pending)
    if job.out is not None:
        t0 = time.perf_counter()
        write_outputs(store, job.out, reporter=job.reporter, hook=job.hook)
        seconds["write"] = time.perf_counter() - t0
        items["write"] = store.counts().get("stories", 0)
    # Documents already known keep their stored status (e.g. skipped as not English).
    stored = {d.id: d for d in store.documents()}
    final = tuple(
        dataclasses.replace(d, status=stored[d.id].status, reason=stored[d.id].reason)
        if d.id in stored
        else outcome.get(d.id, d)
        for d in docs
    )
    fetched = sum(1 for log in logs if log.kind == "page" and log.status == "fetched")
    return RunReport(
        out_dir=job.out,
        documents=final,
        new_documents=n_fresh + fetched,
        known_documents=len(docs) - n_fresh,
        new_articles=n_new_articles,
        totals=store.counts(),
        seconds=seconds,
        items=items,
        touched_stories=len(pending),
        modes=modes,
        fetches=tuple(logs),
    )


def _record_only(doc: Document) -> Document:
    """``doc`` without its bytes and decoded text."""
    return dataclasses.replace(doc, raw=b"", text=None) if doc.raw or doc.text is not None else doc


def _fetch_stage(urls: Sequence[str], job: _Job) -> tuple[list[Document], list[FetchLog]]:
    """Fetch the URLs (and what their feeds list), committing each batch of pages with its fetch
    log as it arrives: the bytes are kept before anything else happens to them."""
    from newsfuse.ingest.remote import gather

    docs: list[Document] = []
    logs: list[FetchLog] = []
    store, reporter = job.store, job.reporter
    assert job.fetcher is not None
    reporter.start("fetch", None)
    for batch_docs, batch_logs in gather(urls, job.fetcher, store, job.settings.ingest):
        base = store.next_seq()
        seqs = {d.id: base + i for i, d in enumerate(batch_docs)}
        with store.transaction("fetch"):
            store.add_pending(batch_docs, seqs)
            store.put_fetches(batch_logs)
        job.hook("fetch.committed")
        docs.extend(batch_docs)
        logs.extend(batch_logs)
        reporter.advance("fetch", len(batch_logs))
        job.publisher.maybe()
        job.check_stop()
    reporter.finish("fetch")
    return docs, logs


def _clean_stage(
    docs: Sequence[Document], fresh: Sequence[Document], job: _Job
) -> tuple[int, dict[str, Document]]:
    """Clean the new documents (and any an interrupted run left uncleaned), committing each batch
    of documents together with its articles; return the new-article count and final documents."""
    store, settings, reporter = job.store, job.settings, job.reporter
    # Arrival order, recorded so that the index stages take articles in the order a clean run does.
    base = store.next_seq()
    seqs: dict[str, int] = {}
    for i, d in enumerate(docs):
        seqs.setdefault(d.id, base + i)
    in_run = {d.id: d for d in docs}
    # Documents stored but never cleaned; this run's copy is preferred (it has the reader's text).
    left = [in_run.get(d.id, d) for d in store.pending_documents()]
    todo = [*left, *(d for d in fresh if d.status == "ok")]
    context = CleanContext.from_documents(
        [d for d in docs if d.status == "ok"] + [d for d in left if d.id not in in_run]
    )
    outcome: dict[str, Document] = {}
    batch_docs: list[Document] = [d for d in fresh if d.status != "ok"]
    batch_articles: list[Article] = []
    n_new = 0

    def commit() -> None:
        nonlocal n_new, batch_docs, batch_articles
        if batch_docs:
            n_new += store.add_cleaned(batch_docs, batch_articles, seqs)
            job.hook("clean.committed")
            job.publisher.maybe()
        batch_docs, batch_articles = [], []

    reporter.start("clean", len(todo))
    executor = job.workers.for_work(len(todo))
    # a worker task cleans a few documents (one pickled context per task, not per page); the run's
    # process commits every clean_batch documents, in input order, while the workers go on
    parts = [todo[i : i + _CLEAN_TASK] for i in range(0, len(todo), _CLEAN_TASK)]
    for part, results in zip(parts, executor.map(_CleanTask(settings, context), parts), strict=True):
        for doc, result in zip(part, results, strict=True):
            final = result if isinstance(result, Document) else doc
            outcome[doc.id] = final
            batch_docs.append(final)
            if isinstance(result, Article):
                batch_articles.append(result)
            reporter.advance("clean")
            if len(batch_docs) >= settings.store.clean_batch:
                commit()
                job.check_stop()
    commit()
    reporter.finish("clean")
    job.check_stop()
    return n_new, outcome


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".newsfuse-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write to the output folder {out}: {exc.strerror or exc}") from exc


def _repair_legacy_stages(store: Store, settings: Settings) -> None:
    """Give articles of a store written before stage progress existed the stage their index
    states show (an article no index holds is still to be indexed)."""
    from newsfuse.reuse import ReuseIndex
    from newsfuse.stories import StoryIndex

    unknown = store.articles_at_stage(None)
    if not unknown:
        return
    reuse_state, story_state = store.get_state("reuse"), store.get_state("stories")
    in_reuse: set[str] = set()
    in_stories: set[str] = set()
    if reuse_state:
        in_reuse = set(ReuseIndex.from_bytes(reuse_state, settings.reuse).article_ids())
    if story_state:
        in_stories = set(StoryIndex.from_bytes(story_state, settings.stories).article_ids())
    with store.transaction("repair"):
        for stage, ids in (
            ("stories", [a.id for a in unknown if a.id in in_reuse and a.id in in_stories]),
            ("reuse", [a.id for a in unknown if a.id in in_reuse and a.id not in in_stories]),
            ("cleaned", [a.id for a in unknown if a.id not in in_reuse]),
        ):
            store.set_article_stage(ids, stage)


def _index_stages(
    job: _Job, seconds: dict[str, float], modes: dict[str, str], items: dict[str, int] | None = None
) -> None:
    """Extend the reuse index with the articles waiting for it, then the story index with those
    waiting for it. Each stage commits its rows, its index state and its articles' new stage in
    one transaction, so a kill leaves either all of a stage or none of it."""
    from newsfuse.reuse import ReuseIndex
    from newsfuse.stories import StoryIndex
    from newsfuse.story_gate import LeadReader

    store, settings, reporter, hook = job.store, job.settings, job.reporter, job.hook
    waiting = store.articles_at_stage("cleaned")
    if waiting:
        t0 = time.perf_counter()
        reporter.start("reuse", len(waiting))
        state = store.get_state("reuse")
        # the geography-and-day gate: a same-template report of another place or day is no copy
        gate = LeadReader(job.loaded.gazetteer(), settings.stories)
        reuse_index = (
            ReuseIndex.from_bytes(state, settings.reuse, gate=gate)
            if state
            else ReuseIndex(settings.reuse, gate=gate)
        )
        reuses = reuse_index.add(waiting)
        with store.transaction("reuse"):
            store.add_reuses(reuses)
            store.replace_lineages(reuse_index.lineages())
            store.put_state("reuse", reuse_index.to_bytes())
            store.set_article_stage((a.id for a in waiting), "reuse")
        hook("reuse.committed")
        reporter.advance("reuse", len(waiting))
        reporter.finish("reuse")
        seconds["reuse"] = time.perf_counter() - t0
        if items is not None:
            items["reuse"] = len(waiting)

    waiting = store.articles_at_stage("reuse")
    if waiting:
        t0 = time.perf_counter()
        reporter.start("stories", len(waiting))
        lineages = sorted(store.lineages(), key=lambda lin: lin.id)
        state = store.get_state("stories")
        places = job.loaded.gazetteer()  # the geography-and-day gate (issue #13)
        story_index = (
            StoryIndex.from_bytes(state, settings.stories, places=places)
            if state
            else StoryIndex(settings.stories, places=places)
        )
        touched = story_index.add(waiting, lineages)
        modes["stories"] = story_index.embedding_mode
        stories = story_index.stories()
        with store.transaction("stories"):
            store.replace_stories(stories, [s.id for s in touched])
            store.drop_story_outputs(s.id for s in stories)
            store.put_state("stories", story_index.to_bytes())
            store.set_article_stage((a.id for a in waiting), "stories")
        hook("stories.committed")
        reporter.advance("stories", len(waiting))
        reporter.finish("stories")
        seconds["stories"] = time.perf_counter() - t0
        if items is not None:
            items["stories"] = len(waiting)


_Task = tuple[Story, list[Article], list[Lineage], list[Reuse]]


def _story_extractor(settings: ExtractSettings) -> StoryExtractor:
    """This process's story extractor for ``settings``: a pool worker or a Dask worker keeps one for
    every task it runs (the spaCy model and gazetteer load once per process)."""
    from newsfuse.extract.pipeline import StoryExtractor

    cache = worker_state()
    key = ("extractor", settings)
    if key not in cache:
        cache[key] = StoryExtractor(settings)
    extractor: StoryExtractor = cache[key]
    return extractor


class _WarmExtractor:
    """Loads a worker's story extractor (model, gazetteer, geoparser) ahead of its first chunk."""

    def __init__(self, settings: ExtractSettings) -> None:
        self.settings = settings

    def __call__(self) -> None:
        extractor = _story_extractor(self.settings)
        _ = extractor.nlp, extractor.geoparser


def warm_workers(executor: Executor, settings: Settings | None = None) -> None:
    """Have every worker of ``executor`` (a pool, or a Dask cluster) load the story extractor now and
    wait until each has: a service or a benchmark pays the load before its work, not during it."""
    warm = _WarmExtractor((settings or Settings()).extract)
    if isinstance(executor, ProcessExecutor):
        executor.prepare(warm)
    elif isinstance(executor, DaskExecutor):
        executor.client.run(warm)


class _FuseTask:
    """Extract the events and fuse the brief of each story of a chunk; picklable for workers.

    The chunk's paragraphs are parsed first in one batched pass (``Nlp.prefetch``), then each story
    is coded from them. The spaCy model and gazetteer load once per process (:func:`_story_extractor`),
    or come from the caller (``extractor``: watch mode and tests keep one; never shipped).
    """

    def __init__(self, settings: Settings, extractor: Any = None) -> None:
        self.settings = settings
        self._local: Any = extractor

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings, "_local": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.settings = state["settings"]
        self._local = None

    def __call__(self, chunk: Sequence[_Task]) -> list[OutputRows]:
        from newsfuse.fuse import build_brief

        extractor = self._local if self._local is not None else _story_extractor(self.settings.extract)
        extractor.nlp.prefetch([a for _, articles, _, _ in chunk for a in articles])
        try:
            out = []
            for story, articles, lineages, reuses in chunk:
                events: tuple[Event, ...] = extractor.events(story, articles, lineages)
                brief = build_brief(story, articles, lineages, reuses, events)
                out.append(output_rows(story.id, brief.events, brief.claims, brief))
            return out  # as store rows: the serialising happens here, beside the work
        finally:
            extractor.nlp.release()


def _extract_and_fuse(stories: Sequence[Story], job: _Job) -> None:
    """Events and brief of each pending story. Stories go in chunks of about ``chunk_articles``
    articles: each chunk is coded in one task (here, or on a worker while this process writes) and
    committed in one transaction, which also clears its stories' pending marks."""
    store, reporter = job.store, job.reporter
    by_article = {a: lin for lin in store.lineages() for a in lin.article_ids}
    reuses = store.reuses()
    reuses_of: dict[str, list[int]] = {}
    for i, r in enumerate(reuses):
        reuses_of.setdefault(r.a, []).append(i)
    chunks = list(_chunks(stories, job.settings.extract.chunk_articles))
    executor = job.workers.for_work(sum(len(s.article_ids) for s in stories))
    local = isinstance(executor, LocalExecutor)
    fuse = _FuseTask(job.settings, job.loaded.story_extractor() if local else None)

    def tasks(chunk: Sequence[Story]) -> list[_Task]:
        # one read per chunk; each story's articles in the store's order (origin, id)
        fetched = store.articles({a for story in chunk for a in story.article_ids})
        out: list[_Task] = []
        for story in chunk:
            ids = set(story.article_ids)
            articles = [a for a in fetched if a.id in ids]
            mine = sorted({i for a in ids for i in reuses_of.get(a, ()) if reuses[i].b in ids})
            out.append((story, articles, story_lineages(articles, by_article), [reuses[i] for i in mine]))
        return out

    reporter.start("extract", len(stories))
    work = (tasks(chunk) for chunk in chunks)
    for chunk, rows in zip(chunks, executor.map(fuse, work), strict=True):
        store.replace_output_rows(rows)
        job.hook("extract.committed")
        reporter.advance("extract", len(chunk))
        job.publisher.maybe()
        job.check_stop()
    reporter.finish("extract")


def _chunks(stories: Sequence[Story], articles: int) -> Iterator[list[Story]]:
    """Consecutive stories holding about ``articles`` articles between them (at least one story)."""
    chunk: list[Story] = []
    size = 0
    for story in stories:
        chunk.append(story)
        size += len(story.article_ids)
        if size >= articles:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


@contextmanager
def graceful_stop(on_first: Callable[[str], None] | None = None) -> Iterator[threading.Event]:
    """Turn the first SIGINT or SIGTERM into a stop request (the event: the run ends after its
    current batch commits) and a second one into KeyboardInterrupt at once (the open transaction
    rolls back; what was committed stays). ``on_first`` gets the signal's name, to tell the user.
    Off the main thread, where Python cannot take signals, the event is returned unhooked."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        if on_first is not None:
            on_first(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def as_context(executor: Executor | None) -> AbstractContextManager[Executor | None]:
    """Close a Dask executor when done; local executors need nothing."""
    if isinstance(executor, DaskExecutor):
        from contextlib import closing

        return closing(executor)
    return nullcontext(executor)
