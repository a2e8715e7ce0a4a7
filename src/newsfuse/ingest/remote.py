"""URLs as inputs: fetch feeds, sitemaps and pages, expand the first two into their pages.

A run names URLs beside paths. Each URL is fetched (feeds and sitemaps with a conditional GET
against the copy kept from the last run); a feed or sitemap is expanded into its pages, a
sitemap index into its sitemaps (``max_depth`` levels). A page fetched once is never fetched
again: its bytes are in the store, so a rerun rebuilds without the network. Every URL, whatever
became of it, gives a :class:`FetchLog` with a status and a reason, and every page a Document
(ok, or skipped/failed with the reason), exactly as a file does.

This module computes; the pipeline writes the store. It yields work in batches so the pipeline
can commit fetched pages as they arrive (a killed run keeps what it fetched).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from newsfuse.ingest.feeds import Expansion, expand
from newsfuse.ingest.fetch import Fetcher, FetchRequest, FetchResult, document_from_fetch
from newsfuse.models import Document
from newsfuse.settings import IngestSettings

__all__ = ["FetchLog", "KnownUrls", "gather", "is_url"]


def is_url(value: object) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return str(value)[:8].lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class FetchLog:
    """What became of one URL in one run: the fetch log row the store keeps per URL.

    ``status`` is ``fetched``, ``not-modified``, ``known`` (a page fetched by an earlier run, not
    asked for again), ``refused`` or ``failed``; ``kind`` is ``feed``, ``sitemap``,
    ``sitemap-index`` or ``page``; ``parent`` the feed or sitemap that listed it; ``items`` the
    links a feed or sitemap listed and ``new_items`` those not fetched before. ``body`` is kept
    for feeds and sitemaps (so a 304 can be expanded again), never for pages (their bytes live in
    the document).
    """

    url: str
    kind: str
    status: str
    reason: str
    parent: str | None = None
    final_url: str | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    document_id: str | None = None
    items: int = 0
    new_items: int = 0
    body: bytes = field(default=b"", repr=False)


class KnownUrls(Protocol):
    """What the store remembers of earlier runs' fetches."""

    def fetch_log(self, url: str) -> FetchLog | None: ...
    def stored_document(self, document_id: str) -> Document | None: ...


@dataclass(slots=True)
class _Source:
    url: str
    parent: str | None
    depth: int


def gather(
    urls: Sequence[str],
    fetcher: Fetcher,
    known: KnownUrls,
    settings: IngestSettings,
    *,
    max_depth: int = 2,
    batch: int = 32,
) -> Iterator[tuple[list[Document], list[FetchLog]]]:
    """Fetch ``urls`` and what their feeds and sitemaps list; yield (documents, logs) in batches.

    Documents of pages fetched by an earlier run come from the store (``known``) with status
    ``known`` in their log and no request made.
    """
    pages: dict[str, str | None] = {}  # page URL -> the feed or sitemap that listed it
    sources = [_Source(u, None, 0) for u in dict.fromkeys(urls)]
    while sources:
        src = sources.pop(0)
        docs, logs, found = _source(src, fetcher, known, settings, max_depth)
        for child in found:
            if isinstance(child, _Source):
                sources.append(child)
            else:
                pages.setdefault(child, src.url)
        if docs or logs:
            yield docs, logs
    todo: list[tuple[str, str | None]] = []
    for url, parent in pages.items():
        prev = known.fetch_log(url)
        held = _held_page(prev, known)
        if held is not None:
            yield [held], [_known_log(prev, url, parent)]  # type: ignore[arg-type]
        else:
            todo.append((url, parent))
    for i in range(0, len(todo), batch):
        chunk = todo[i : i + batch]
        results = fetcher.fetch_many([FetchRequest(u) for u, _ in chunk])
        docs, logs = [], []
        for (_url, parent), result in zip(chunk, results, strict=True):
            doc = document_from_fetch(result, settings)
            docs.append(doc)
            logs.append(_page_log(result, parent, doc))
        yield docs, logs


def _held_page(prev: FetchLog | None, known: KnownUrls) -> Document | None:
    """The stored document of a page an earlier run fetched, if it has one."""
    if prev is None or prev.kind != "page" or prev.status not in ("fetched", "known") or not prev.document_id:
        return None
    return known.stored_document(prev.document_id)


def _known_log(prev: FetchLog, url: str, parent: str | None) -> FetchLog:
    return FetchLog(
        url=url, kind="page", status="known", parent=parent, final_url=prev.final_url,
        reason="fetched by an earlier run; its stored copy is used", http_status=prev.http_status,
        etag=prev.etag, last_modified=prev.last_modified, content_type=prev.content_type,
        document_id=prev.document_id,
    )  # fmt: skip


def _page_log(result: FetchResult, parent: str | None, doc: Document) -> FetchLog:
    reason = result.reason if result.status != "fetched" or doc.status == "ok" else doc.reason
    return FetchLog(
        url=result.url, kind="page", status=result.status, parent=parent, final_url=result.final_url,
        reason=reason, http_status=result.http_status, etag=result.etag,
        last_modified=result.last_modified, content_type=result.content_type, document_id=doc.id,
    )  # fmt: skip


def _source(
    src: _Source, fetcher: Fetcher, known: KnownUrls, settings: IngestSettings, max_depth: int
) -> tuple[list[Document], list[FetchLog], list[_Source | str]]:
    """One URL named by the user or by a sitemap index: a page, or a feed/sitemap to expand."""
    prev = known.fetch_log(src.url)
    held = _held_page(prev, known)
    if held is not None and prev is not None:
        return [held], [_known_log(prev, src.url, src.parent)], []
    validators = prev is not None and prev.kind != "page" and prev.body
    result = fetcher.fetch(
        src.url,
        etag=prev.etag if validators and prev else None,
        last_modified=prev.last_modified if validators and prev else None,
    )
    if result.status == "not-modified" and prev is not None:
        expansion = expand(prev.final_url or src.url, prev.body, prev.content_type)
        log = _listing_log(src, result, expansion, prev.body, prev.content_type, known)
        log = replace(
            log, etag=result.etag or prev.etag, last_modified=result.last_modified or prev.last_modified,
            final_url=prev.final_url or src.url,
        )  # fmt: skip
        return [], [log], _children(src, expansion, max_depth)
    if result.status != "fetched":
        doc = document_from_fetch(result, settings)
        return [doc], [_page_log(result, src.parent, doc)], []
    expansion = expand(result)
    if expansion.kind == "page":
        doc = document_from_fetch(result, settings)
        return [doc], [_page_log(result, src.parent, doc)], []
    log = _listing_log(src, result, expansion, result.body, result.content_type, known)
    return [], [log], _children(src, expansion, max_depth)


def _children(src: _Source, expansion: Expansion, max_depth: int) -> list[_Source | str]:
    if expansion.kind == "sitemap-index":
        if src.depth + 1 > max_depth:
            return []
        return [_Source(link.url, src.url, src.depth + 1) for link in expansion.links]
    return [link.url for link in expansion.links]


def _listing_log(
    src: _Source,
    result: FetchResult,
    expansion: Expansion,
    body: bytes,
    content_type: str | None,
    known: KnownUrls,
) -> FetchLog:
    """The log of a feed or sitemap: how many links, how many new, and what was wrong with it."""
    new = sum(1 for link in expansion.links if _held_page(known.fetch_log(link.url), known) is None)
    n = len(expansion.links)
    what = {"feed": "feed", "sitemap": "sitemap", "sitemap-index": "sitemap index"}[expansion.kind]
    listed = "sitemaps" if expansion.kind == "sitemap-index" else "pages"
    state = "not modified since the last run" if result.status == "not-modified" else "fetched"
    reason = f"{what} {state}: {n} {listed}, {new} new"
    if expansion.problems:
        reason += "; " + "; ".join(expansion.problems)
    return FetchLog(
        url=src.url, kind=expansion.kind, status=result.status, parent=src.parent,
        final_url=result.final_url or src.url, reason=reason, http_status=result.http_status,
        etag=result.etag, last_modified=result.last_modified, content_type=content_type, items=n,
        new_items=new, body=body,
    )  # fmt: skip
