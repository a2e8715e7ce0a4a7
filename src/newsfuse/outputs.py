"""The output contract (docs/formats.md): stories.json, articles/<id>.md and briefs/<story>.md|.html.

Everything here is written from the store, never from a run's memory, so a rerun after an
interruption writes exactly what an uninterrupted run writes. Each file is written beside its place
and renamed into it: a killed run leaves every output either as it was or as it should be.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from newsfuse.models import Article, Brief, Document, Lineage, Reuse, Story
from newsfuse.render.article import render_article_markdown
from newsfuse.render.json import brief_to_dict
from newsfuse.render.markdown import render_markdown
from newsfuse.store import Store

__all__ = ["article_dict", "story_lineages", "write_outputs"]

# The names the pipeline gives output files (content-hash ids); other files are never removed.
_HEX_ID = re.compile(r"[0-9a-f]{8,64}")


class _Progress:
    """The part of pipeline.Reporter the writer uses."""

    def start(self, stage: str, total: int | None) -> None: ...
    def advance(self, stage: str, n: int = 1) -> None: ...
    def finish(self, stage: str) -> None: ...


def no_hook(name: str) -> None:
    """The hook of a run no test is injecting faults into."""
    return None


def story_lineages(articles: Iterable[Article], by_article: dict[str, Lineage]) -> list[Lineage]:
    """The lineages of a story's articles, restricted to its members (singletons where unknown)."""
    ids = {a.id for a in articles}
    seen: dict[str, Lineage] = {}
    for a in sorted(ids):
        lin = by_article.get(a) or Lineage(id=a, article_ids=(a,), origin_id=a)
        members = tuple(x for x in lin.article_ids if x in ids)
        origin = lin.origin_id if lin.origin_id in members else members[0]
        seen[lin.id] = Lineage(id=lin.id, article_ids=members, origin_id=origin)
    return list(seen.values())


def write_outputs(
    store: Store, out: Path, *, reporter: Any = None, hook: Callable[[str], None] | None = None
) -> None:
    """Write stories.json, articles/<id>.md and briefs/<story>.md/.html from the store.

    Each file is written whole beside its place and renamed into it, so a killed run leaves every
    output either as it was or as it should be; files that would not change are not rewritten, and
    those of articles or stories no longer in the store are removed.
    """
    from newsfuse.render.html import render_html

    reporter = reporter or _Progress()
    hook = hook or no_hook
    out.mkdir(parents=True, exist_ok=True)
    (out / "articles").mkdir(exist_ok=True)
    (out / "briefs").mkdir(exist_ok=True)
    articles = {a.id: a for a in store.articles()}
    stories = store.stories()
    reporter.start("write", len(articles) + len(stories))
    for article in articles.values():
        hook("write.article")
        _write_file(out / "articles" / f"{article.id}.md", render_article_markdown(article))
        reporter.advance("write")
    story_dicts: list[dict[str, Any]] = []
    lineages = {a: lin for lin in store.lineages() for a in lin.article_ids}
    briefed: set[str] = set()
    briefs: dict[str, Brief] = {}
    for i, story in enumerate(stories):
        if i % _BRIEFS_PER_READ == 0:  # a few hundred briefs at a time: one query each, bounded memory
            briefs = store.briefs(s.id for s in stories[i : i + _BRIEFS_PER_READ])
        members = [articles[a] for a in story.article_ids if a in articles]
        brief = briefs.get(story.id)
        story_dicts.append(_story_dict(story, members, lineages, brief))
        if brief is not None:
            briefed.add(story.id)
            hook("write.brief")
            _write_file(out / "briefs" / f"{story.id}.md", render_markdown(brief, members))
            _write_file(out / "briefs" / f"{story.id}.html", render_html(brief, members))
        reporter.advance("write")
    payload = {
        "schema": "newsfuse/stories/1",
        "documents": [_document_dict(d) for d in store.documents()],
        "stories": story_dicts,
        "reuse": [_reuse_dict(r) for r in store.reuses()],
    }
    hook("write.stories")
    _write_file(out / "stories.json", json.dumps(payload, ensure_ascii=False, indent=1))
    _remove_stale(out, set(), ())
    _remove_stale(out / "articles", set(articles), (".md",))
    _remove_stale(out / "briefs", briefed, (".md", ".html"))  # each brief is read once, above
    reporter.finish("write")


_BRIEFS_PER_READ = 256


def _write_file(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically (temporary file + rename); skip an identical file."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _remove_stale(folder: Path, keep: set[str], suffixes: tuple[str, ...]) -> None:
    """Delete outputs of records no longer in the store, and temporary files a killed run left."""
    for path in folder.iterdir():
        leftover = path.name.startswith(".") and path.name.endswith(".tmp")
        stale = path.suffix in suffixes and path.stem not in keep and _HEX_ID.fullmatch(path.stem)
        if leftover or stale:
            path.unlink(missing_ok=True)


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
    own = story_lineages(members, lineages)
    lin_of = {a: lin.id for lin in own for a in lin.article_ids}
    data: dict[str, Any] = {
        "id": story.id,
        "title": story.title,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "articles": [article_dict(a, lin_of.get(a.id)) for a in members],
        "lineages": [
            {"id": lin.id, "origin": lin.origin_id, "articles": list(lin.article_ids)} for lin in own
        ],
        "independent_sources": len(own),
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
