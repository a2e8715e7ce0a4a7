"""Runs the stages in order — ingest, clean, reuse, stories, extract, fuse — locally or on Dask.

Computing is kept apart from writing: stages return records, the pipeline hands them to the
store and to the output writers. Progress goes to a :class:`Reporter` (the CLI passes a Rich
one; the library default is silent). Everything incremental: documents already in the store
are not cleaned again, the reuse and story indexes are loaded from the store and extended, and
only stories that changed are re-extracted and re-fused.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from newsfuse.clean import CleanContext, clean_document
from newsfuse.errors import InputError, UsageError
from newsfuse.ingest import discover, read_input
from newsfuse.models import Article, Brief, Document, Event, Lineage, Reuse, Story
from newsfuse.render.article import render_article_markdown
from newsfuse.render.json import brief_to_dict
from newsfuse.render.markdown import render_markdown
from newsfuse.settings import Settings
from newsfuse.store import Store

__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "Reporter",
    "RunReport",
    "SilentReporter",
    "clean_one",
    "run",
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
    """Maps a picklable function over items; the order of results follows the items."""

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]: ...


class LocalExecutor:
    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        return (fn(x) for x in items)


class DaskExecutor:
    """Runs stage functions on a Dask cluster: a scheduler address, or a LocalCluster of ``workers``."""

    def __init__(self, address: str | None = None, workers: int = 2) -> None:
        from dask.distributed import Client, LocalCluster

        self._cluster = None if address else LocalCluster(n_workers=workers, threads_per_worker=1)
        self.client = Client(address) if address else Client(self._cluster)

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
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
    touched_stories: int = 0
    # How a stage worked where it has more than one way ("stories": "lexical + embeddings (short items)").
    modes: dict[str, str] = field(default_factory=dict)

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
    """Picklable callable for executors (Dask ships it to workers)."""

    def __init__(self, settings: Settings, context: CleanContext | None) -> None:
        self.settings = settings
        self.context = context

    def __call__(self, doc: Document) -> Document | Article:
        return clean_one(doc, self.settings, self.context)


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
) -> RunReport:
    """Run every stage over ``paths`` and (if ``out_dir``) write the outputs there.

    The store defaults to ``out_dir/newsfuse.duckdb``. Running twice on one corpus adds nothing.
    """
    settings = settings or Settings()
    reporter = reporter or SilentReporter()
    executor = executor or LocalExecutor()
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        _check_writable(out)
    own_store = store is None
    if store is None:
        store = Store(out / "newsfuse.duckdb" if out is not None else ":memory:")
    seconds: dict[str, float] = {}
    try:
        t0 = time.perf_counter()
        docs = _ingest(paths, settings, reporter)
        seconds["ingest"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        known = store.known_ids("documents", [d.id for d in docs])
        fresh = [d for d in docs if d.id not in known]
        fresh_ok = [d for d in fresh if d.status == "ok"]
        context = CleanContext.from_documents([d for d in docs if d.status == "ok"])
        reporter.start("clean", len(fresh_ok))
        cleaned: dict[str, Document | Article] = {}
        for doc, result in zip(fresh_ok, executor.map(_CleanTask(settings, context), fresh_ok), strict=True):
            cleaned[doc.id] = result
            reporter.advance("clean")
        reporter.finish("clean")
        final_docs = [(r if isinstance(r := cleaned.get(d.id, d), Document) else d) for d in docs]
        new_articles = [r for r in cleaned.values() if isinstance(r, Article)]
        store.add_documents([d for d in final_docs if d.id not in known])
        n_new_articles = store.add_articles(new_articles)
        seconds["clean"] = time.perf_counter() - t0

        modes: dict[str, str] = {}
        touched = _update_indexes(store, new_articles, settings, reporter, seconds, modes)
        if extract and touched:
            t0 = time.perf_counter()
            _extract_and_fuse(store, touched, settings, reporter, executor)
            seconds["extract+fuse"] = time.perf_counter() - t0
        if out is not None:
            t0 = time.perf_counter()
            write_outputs(store, out, reporter=reporter)
            seconds["write"] = time.perf_counter() - t0
        # Documents already known keep their stored status (e.g. skipped as not English).
        stored = {d.id: d for d in store.documents()}
        final = tuple(
            dataclasses.replace(d, status=stored[d.id].status, reason=stored[d.id].reason)
            if d.id in stored
            else d
            for d in final_docs
        )
        return RunReport(
            out_dir=out,
            documents=final,
            new_documents=len(fresh),
            known_documents=len(docs) - len(fresh),
            new_articles=n_new_articles,
            totals=store.counts(),
            seconds=seconds,
            touched_stories=len(touched),
            modes=modes,
        )
    finally:
        if own_store:
            store.close()


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".newsfuse-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write to the output folder {out}: {exc.strerror or exc}") from exc


def _update_indexes(
    store: Store,
    new_articles: Sequence[Article],
    settings: Settings,
    reporter: Reporter,
    seconds: dict[str, float],
    modes: dict[str, str],
) -> list[Story]:
    """Extend the reuse and story indexes with the new articles; return the stories that changed
    (``modes["stories"]`` says whether embeddings were used)."""
    from newsfuse.reuse import ReuseIndex
    from newsfuse.stories import StoryIndex

    if not new_articles:
        return []
    t0 = time.perf_counter()
    reporter.start("reuse", len(new_articles))
    state = store.get_state("reuse")
    reuse_index = ReuseIndex.from_bytes(state, settings.reuse) if state else ReuseIndex(settings.reuse)
    reuses = reuse_index.add(new_articles)
    lineages = reuse_index.lineages()
    store.add_reuses(reuses)
    store.replace_lineages(lineages)
    store.put_state("reuse", reuse_index.to_bytes())
    reporter.advance("reuse", len(new_articles))
    reporter.finish("reuse")
    seconds["reuse"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    reporter.start("stories", len(new_articles))
    state = store.get_state("stories")
    story_index = StoryIndex.from_bytes(state, settings.stories) if state else StoryIndex(settings.stories)
    touched = story_index.add(new_articles, lineages)
    modes["stories"] = story_index.embedding_mode
    stories = story_index.stories()
    store.replace_stories(stories)
    store.drop_story_outputs(s.id for s in stories)
    store.put_state("stories", story_index.to_bytes())
    reporter.advance("stories", len(new_articles))
    reporter.finish("stories")
    seconds["stories"] = time.perf_counter() - t0
    current = {s.id: s for s in stories}
    return [current[s.id] for s in touched if s.id in current]


class _FuseTask:
    """Extract a story's events and fuse its brief; picklable for Dask.

    The spaCy model and gazetteer load once per process: locally on this object, on a Dask
    worker as an attribute of the worker (so each task does not reload them).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings, "_local": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.settings = state["settings"]
        self._local = None

    def _extractor(self) -> Any:
        from newsfuse.extract.pipeline import StoryExtractor

        try:
            from distributed import get_worker

            worker: Any = get_worker()
        except (ImportError, ValueError):
            worker = None
        holder: Any = worker if worker is not None else self
        extractor = getattr(holder, "_newsfuse_extractor", None)
        if extractor is None:
            extractor = StoryExtractor(self.settings.extract)
            holder._newsfuse_extractor = extractor
        return extractor

    def __call__(self, job: tuple[Story, list[Article], list[Lineage], list[Reuse]]) -> Brief:
        from newsfuse.fuse import build_brief

        story, articles, lineages, reuses = job
        events: tuple[Event, ...] = self._extractor().events(story, articles, lineages)
        return build_brief(story, articles, lineages, reuses, events)


def _extract_and_fuse(
    store: Store, stories: Sequence[Story], settings: Settings, reporter: Reporter, executor: Executor
) -> None:
    all_lineages = store.lineages()
    by_article = {a: lin for lin in all_lineages for a in lin.article_ids}
    reuses = store.reuses()
    jobs = []
    for story in stories:
        articles = store.articles(story.article_ids)
        ids = set(story.article_ids)
        story_reuses = [r for r in reuses if r.a in ids and r.b in ids]
        jobs.append((story, articles, _story_lineages(articles, by_article), story_reuses))
    reporter.start("extract", len(jobs))
    for job, brief in zip(jobs, executor.map(_FuseTask(settings), jobs), strict=True):
        store.replace_story_outputs(job[0].id, brief.events, brief.claims, brief)
        reporter.advance("extract")
    reporter.finish("extract")


def _story_lineages(articles: Iterable[Article], by_article: dict[str, Lineage]) -> list[Lineage]:
    """The lineages of a story's articles, restricted to its members (singletons where unknown)."""
    ids = {a.id for a in articles}
    seen: dict[str, Lineage] = {}
    for a in sorted(ids):
        lin = by_article.get(a) or Lineage(id=a, article_ids=(a,), origin_id=a)
        members = tuple(x for x in lin.article_ids if x in ids)
        origin = lin.origin_id if lin.origin_id in members else members[0]
        seen[lin.id] = Lineage(id=lin.id, article_ids=members, origin_id=origin)
    return list(seen.values())


def write_outputs(store: Store, out: Path, *, reporter: Reporter | None = None) -> None:
    """Write stories.json, articles/<id>.md and briefs/<story>.md/.html from the store."""
    from newsfuse.render.html import render_html

    reporter = reporter or SilentReporter()
    out.mkdir(parents=True, exist_ok=True)
    (out / "articles").mkdir(exist_ok=True)
    (out / "briefs").mkdir(exist_ok=True)
    articles = {a.id: a for a in store.articles()}
    stories = store.stories()
    reporter.start("write", len(articles) + len(stories))
    for article in articles.values():
        (out / "articles" / f"{article.id}.md").write_text(render_article_markdown(article), encoding="utf-8")
        reporter.advance("write")
    story_dicts: list[dict[str, Any]] = []
    lineages = {a: lin for lin in store.lineages() for a in lin.article_ids}
    for story in stories:
        members = [articles[a] for a in story.article_ids if a in articles]
        brief = store.brief(story.id)
        story_dicts.append(_story_dict(story, members, lineages, brief))
        if brief is not None:
            (out / "briefs" / f"{story.id}.md").write_text(render_markdown(brief, members), encoding="utf-8")
            (out / "briefs" / f"{story.id}.html").write_text(render_html(brief, members), encoding="utf-8")
        reporter.advance("write")
    payload = {
        "schema": "newsfuse/stories/1",
        "documents": [_document_dict(d) for d in store.documents()],
        "stories": story_dicts,
        "reuse": [_reuse_dict(r) for r in store.reuses()],
    }
    (out / "stories.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    reporter.finish("write")


def _document_dict(d: Document) -> dict[str, Any]:
    return {
        "id": d.id, "origin": d.origin, "media_type": d.media_type, "encoding": d.encoding,
        "size": d.size, "status": d.status, "reason": d.reason,
    }  # fmt: skip


def article_dict(a: Article, lineage_id: str | None = None) -> dict[str, Any]:
    """An article as the output contract (docs/formats.md) describes it."""
    return {
        "id": a.id,
        "document_id": a.document_id,
        "origin": a.origin,
        "url": a.url,
        "outlet": a.outlet,
        "title": a.title,
        "byline": a.byline,
        "credit": a.credit,
        "dateline": a.dateline,
        "language": a.language,
        "published": {
            "date": a.published.value,
            "precision": a.published.precision,
            "source": a.published.resolved_from,
            "reason": a.published.reason or None,
            "evidence": [{"start": s.start, "end": s.end, "text": s.text} for s in a.published.evidence],
        },
        "lineage": lineage_id,
        "text": a.text,
        "removed": [{"start": r.start, "end": r.end, "reason": r.reason, "text": r.text} for r in a.removed],
    }


def _reuse_dict(r: Reuse) -> dict[str, Any]:
    return {
        "a": r.a,
        "b": r.b,
        "kind": r.kind,
        "shared": list(r.shared),
        "passages": [
            {
                "a": {"start": p.a.start, "end": p.a.end, "text": p.a.text},
                "b": {"start": p.b.start, "end": p.b.end, "text": p.b.text},
                "score": round(p.score, 3),
                "quote": p.quote,
            }
            for p in r.passages
        ],
    }


def _story_dict(
    story: Story, members: Sequence[Article], lineages: dict[str, Lineage], brief: Brief | None
) -> dict[str, Any]:
    story_lineages = _story_lineages(members, lineages)
    lin_of = {a: lin.id for lin in story_lineages for a in lin.article_ids}
    data: dict[str, Any] = {
        "id": story.id,
        "title": story.title,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "articles": [article_dict(a, lin_of.get(a.id)) for a in members],
        "lineages": [
            {"id": lin.id, "origin": lin.origin_id, "articles": list(lin.article_ids)}
            for lin in story_lineages
        ],
        "independent_sources": len(story_lineages),
        "events": [],
        "facts": [],
        "conflicts": [],
        "unique": [],
        "timeline": [],
    }
    if brief is not None:
        b = brief_to_dict(brief)
        for key in ("events", "facts", "conflicts", "unique", "timeline", "lead"):
            if key in b:
                data[key] = b[key]
    return data


def as_context(executor: Executor) -> AbstractContextManager[Executor]:
    """Close a Dask executor when done; local executors need nothing."""
    if isinstance(executor, DaskExecutor):
        from contextlib import closing

        return closing(executor)
    return nullcontext(executor)
