"""The output contract (docs/formats.md): stories.json, articles/<id>.md and briefs/<story>.md|.html.

Everything here is written from the store, never from a run's memory, so a rerun after an
interruption writes exactly what an uninterrupted run writes. Each file is written beside its place
and renamed into it: a killed run leaves every output either as it was or as it should be.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    those of articles or stories no longer in the store are removed. Articles and briefs are read a
    few hundred at a time and stories.json is written as it is built, so memory does not grow with
    the store (stories.json holds every article's text).
    """
    from newsfuse.render.html import render_html

    reporter = reporter or _Progress()
    hook = hook or no_hook
    out.mkdir(parents=True, exist_ok=True)
    (out / "articles").mkdir(exist_ok=True)
    (out / "briefs").mkdir(exist_ok=True)
    article_ids = store.article_ids()
    stories = store.stories()
    reporter.start("write", len(article_ids) + len(stories))
    for i in range(0, len(article_ids), _PER_READ):
        for article in store.articles(article_ids[i : i + _PER_READ]):
            hook("write.article")
            _write_file(out / "articles" / f"{article.id}.md", render_article_markdown(article))
            reporter.advance("write")
    lineages = {a: lin for lin in store.lineages() for a in lin.article_ids}
    briefed: set[str] = set()
    with _JsonStream(out / "stories.json") as payload:
        payload.value("schema", "newsfuse/stories/1")
        payload.items("documents", (_document_dict(d) for d in store.documents()))
        payload.items(
            "stories", _story_dicts(store, stories, lineages, out, briefed, hook, reporter, render_html)
        )
        payload.items("reuse", (_reuse_dict(r) for r in store.reuses()))
        hook("write.stories")
    _remove_stale(out, set(), ())
    _remove_stale(out / "articles", set(article_ids), (".md",))
    _remove_stale(out / "briefs", briefed, (".md", ".html"))  # each brief is read once, above
    reporter.finish("write")


def _story_dicts(
    store: Store,
    stories: Sequence[Story],
    lineages: dict[str, Lineage],
    out: Path,
    briefed: set[str],
    hook: Callable[[str], None],
    reporter: Any,
    render_html: Callable[[Brief, Sequence[Article]], str],
) -> Iterator[dict[str, Any]]:
    """Each story's stories.json entry, writing its brief files on the way; a few hundred stories'
    articles and briefs are read at a time (one query each)."""
    for i in range(0, len(stories), _PER_READ):
        batch = stories[i : i + _PER_READ]
        briefs = store.briefs(s.id for s in batch)
        articles = {a.id: a for a in store.articles({a for s in batch for a in s.article_ids})}
        for story in batch:
            members = [articles[a] for a in story.article_ids if a in articles]
            brief = briefs.get(story.id)
            yield _story_dict(story, members, lineages, brief)
            if brief is not None:
                briefed.add(story.id)
                hook("write.brief")
                _write_file(out / "briefs" / f"{story.id}.md", render_markdown(brief, members))
                _write_file(out / "briefs" / f"{story.id}.html", render_html(brief, members))
            reporter.advance("write")


_PER_READ = 256  # articles or stories per store read in the write stage: bounded memory, few queries


class _JsonStream:
    """A JSON object written member by member, byte for byte what ``json.dumps(obj,
    ensure_ascii=False, indent=1)`` gives for the whole object, into a temporary file beside
    ``path`` that replaces it on a clean exit (unless it is identical) and is removed otherwise."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self._members = 0

    def __enter__(self) -> _JsonStream:
        self._file = self.tmp.open("w", encoding="utf-8", newline="")
        self._file.write("{")
        return self

    def _key(self, key: str) -> None:
        self._file.write(("," if self._members else "") + "\n " + json.dumps(key, ensure_ascii=False) + ": ")
        self._members += 1

    def value(self, key: str, value: Any) -> None:
        self._key(key)
        self._file.write(_indented(value, 1))

    def items(self, key: str, values: Iterable[Any]) -> None:
        """A list member, its values written as they come."""
        self._key(key)
        n = 0
        for value in values:
            self._file.write(("[" if n == 0 else ",") + "\n  " + _indented(value, 2))
            n += 1
        self._file.write("\n ]" if n else "[]")

    def __exit__(self, kind: object, *exc: object) -> None:
        self._file.write("\n}" if self._members else "}")
        self._file.close()
        if kind is not None:
            self.tmp.unlink(missing_ok=True)
            return
        if _same_file(self.tmp, self.path):
            self.tmp.unlink()
        else:
            os.replace(self.tmp, self.path)


def _indented(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(..., indent=1)`` writes it nested ``level`` deep (JSON strings
    never hold a raw line break, so every line break is one of the layout's)."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
    except FileNotFoundError:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


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
