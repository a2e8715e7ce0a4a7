"""Read-only queries behind the console's events, lineage and article pages.

Each takes an open reader :class:`~newsfuse.store.Store` and returns plain frozen records for a
template. Lists are paged in SQL (LIMIT/OFFSET over an ordered query), so a page costs the same on
a store of 20 stories or 20,000; nothing here writes the store.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsfuse.codec import from_data
from newsfuse.models import Article, Claim, Event, Span
from newsfuse.store import Store

__all__ = [
    "EventQuery",
    "EventRow",
    "LineageGroup",
    "Mark",
    "article_marks",
    "event_page",
    "lineage_page",
    "story_lineage_ids",
]


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters of the events table and its export; the same meaning as :meth:`Store.events`."""

    country: str = ""
    type: str = ""
    since: str = ""
    until: str = ""
    story: str = ""
    q: str = ""
    sort: str = "newest"

    def where(self) -> tuple[str, list[Any]]:
        where, params = ["1=1"], []
        if self.story:
            where.append("story_id LIKE ? || '%'")
            params.append(self.story)
        if self.country:
            where.append("(country = ? OR contains(actor_countries, ?))")
            params += [self.country, self.country]
        if self.type:
            where.append("type = ?")
            params.append(self.type)
        if self.since:
            where.append("date >= ?")
            params.append(self.since)
        if self.until:
            where.append("date <= ? || '~'")
            params.append(self.until)
        for term in self.q.lower().split():
            where.append("contains(lower(concat_ws(' ', summary, place, type, actor_countries)), ?)")
            params.append(term)
        return " AND ".join(where), params

    def params(self) -> dict[str, str]:
        """The filters that are set, for links (pages, exports) to the same selection."""
        values = {
            "country": self.country, "type": self.type, "since": self.since, "until": self.until,
            "story": self.story, "q": self.q, "sort": "" if self.sort == "newest" else self.sort,
        }  # fmt: skip
        return {k: v for k, v in values.items() if v}

    def order(self) -> str:
        return "date ASC NULLS LAST, id" if self.sort == "oldest" else "date DESC NULLS LAST, id"


@dataclass(frozen=True, slots=True)
class EventRow:
    id: str
    story_id: str
    story_title: str
    type: str
    date: str | None
    precision: str | None
    place: str | None
    country: str | None
    actor_countries: str
    lat: float | None
    lon: float | None
    independent_sources: int
    background: bool
    summary: str


def event_page(store: Store, query: EventQuery, page: int, per_page: int) -> tuple[list[EventRow], int]:
    """One page of events matching ``query`` and the number matching in all.

    The ordered scan reads the plain columns only; the coordinates come from the JSON of the page's
    rows afterwards (reading ``data`` for every event would make a deep page several times slower).
    """
    where, params = query.where()
    total = store.con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()
    rows = store.con.execute(
        "SELECT e.id, e.story_id, coalesce(s.title, ''), e.type, e.date, e.precision, e.place, e.country, "
        "coalesce(e.actor_countries, ''), e.independent_sources, coalesce(e.background, false), "
        "coalesce(e.summary, '') "
        "FROM (SELECT id, story_id, type, date, precision, place, country, actor_countries, "
        f"independent_sources, background, summary FROM events WHERE {where} ORDER BY {query.order()} "
        f"LIMIT ? OFFSET ?) e LEFT JOIN stories s ON s.id = e.story_id ORDER BY {query.order()}",
        [*params, per_page, (page - 1) * per_page],
    ).fetchall()
    where_is: dict[str, tuple[float | None, float | None]] = {}
    if rows:
        marks = ",".join("?" * len(rows))
        for eid, lat, lon in store.con.execute(
            "SELECT id, TRY_CAST(json_extract_string(data, '$.where.lat') AS DOUBLE), "
            f"TRY_CAST(json_extract_string(data, '$.where.lon') AS DOUBLE) FROM events WHERE id IN ({marks})",
            [r[0] for r in rows],
        ).fetchall():
            where_is[eid] = (lat, lon)
    events = []
    for r in rows:
        lat, lon = where_is.get(r[0], (None, None))
        events.append(
            EventRow(
                id=r[0], story_id=r[1], story_title=r[2], type=r[3], date=r[4], precision=r[5], place=r[6],
                country=r[7], actor_countries=r[8], lat=lat, lon=lon, independent_sources=r[9],
                background=r[10], summary=r[11],
            )
        )  # fmt: skip
    return events, int(total[0]) if total else 0


def matching_events(store: Store, query: EventQuery) -> list[Event]:
    """Every event matching ``query`` through :meth:`Store.events`, narrowed by the text filter."""
    events = store.events(
        story_id=query.story or None,
        country=query.country or None,
        type=query.type or None,
        since=query.since or None,
        until=query.until or None,
    )
    if not query.q:
        return events
    where, params = query.where()
    ids = {r[0] for r in store.con.execute(f"SELECT id FROM events WHERE {where}", params).fetchall()}
    return [e for e in events if e.id in ids]


# -- lineage --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    title: str
    outlet: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class Copy:
    """A member of a lineage and the text it was taken from (its parent on the way to the origin)."""

    article: ArticleRef
    parent: ArticleRef | None
    kind: str  # exact | near | rewrite
    shared: float  # fraction of this article's text found in its parent


@dataclass(frozen=True, slots=True)
class LineageGroup:
    id: str
    origin: ArticleRef
    copies: tuple[Copy, ...]


def _refs(store: Store, ids: Sequence[str]) -> dict[str, ArticleRef]:
    rows = store.con.execute(
        "SELECT id, coalesce(title, origin), outlet, published FROM articles WHERE id IN (SELECT unnest(?))",
        [list(ids)],
    ).fetchall()
    return {r[0]: ArticleRef(*r) for r in rows}


def _unknown(article_id: str) -> ArticleRef:
    return ArticleRef(article_id, article_id, None, None)


def story_lineage_ids(store: Store, article_ids: Sequence[str]) -> list[str]:
    """The lineages (of two articles or more) that the given articles belong to."""
    rows = store.con.execute(
        "SELECT DISTINCT id FROM (SELECT id, unnest(json_extract_string(data, '$.article_ids[*]')) AS a "
        "FROM lineages WHERE size > 1) WHERE a IN (SELECT unnest(?))",
        [list(article_ids)],
    ).fetchall()
    return [r[0] for r in rows]


def lineage_page(
    store: Store, page: int, per_page: int, only: Sequence[str] | None = None
) -> tuple[list[LineageGroup], int]:
    """Lineages of two articles or more, largest first: the origin, then who copied whom."""
    cond, params = "size > 1", []
    if only is not None:
        cond += " AND id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(only))
    total = store.con.execute(f"SELECT count(*) FROM lineages WHERE {cond}", params).fetchone()
    rows = store.con.execute(
        f"SELECT id, origin_id, data FROM lineages WHERE {cond} ORDER BY size DESC, id LIMIT ? OFFSET ?",
        [*params, per_page, (page - 1) * per_page],
    ).fetchall()
    members = {r[0]: list(json.loads(r[2])["article_ids"]) for r in rows}
    every = sorted({a for ids in members.values() for a in ids})
    refs = _refs(store, every)
    edges = store.con.execute(
        "SELECT a, b, kind, shared_a, shared_b FROM reuse "
        "WHERE a IN (SELECT unnest(?)) AND b IN (SELECT unnest(?))",
        [every, every],
    ).fetchall()
    groups = [
        _group(lineage_id, origin_id, members[lineage_id], edges, refs) for lineage_id, origin_id, _ in rows
    ]
    return groups, int(total[0]) if total else 0


def _group(
    lineage_id: str,
    origin_id: str,
    ids: list[str],
    edges: Sequence[tuple[str, str, str, float, float]],
    refs: dict[str, ArticleRef],
) -> LineageGroup:
    """Walk the reuse edges out from the origin: each article's parent is its neighbour nearer the origin."""
    inside = set(ids)
    links: dict[str, list[tuple[str, str, float]]] = {a: [] for a in ids}
    for a, b, kind, shared_a, shared_b in edges:
        if a in inside and b in inside:
            links[a].append((b, kind, shared_a))  # shared_a: fraction of a's text found in b
            links[b].append((a, kind, shared_b))
    seen, queue, copies = {origin_id}, deque([origin_id]), []
    while queue:
        current = queue.popleft()
        for other, kind, shared in sorted(links.get(current, []), key=lambda x: -x[2]):
            if other not in seen:
                seen.add(other)
                queue.append(other)
                own = next((s for o, _, s in links[other] if o == current), shared)
                copies.append(Copy(refs.get(other, _unknown(other)), refs.get(current), kind, own))
    copies += [Copy(refs.get(a, _unknown(a)), None, "", 0.0) for a in ids if a not in seen]
    return LineageGroup(lineage_id, refs.get(origin_id, _unknown(origin_id)), tuple(copies))


# -- article highlights ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    """An event or a fact that cites the article: ``ref`` is its short label (E1, F2)."""

    ref: str
    kind: str  # "event" | "fact"
    text: str
    story_id: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch of the article's text, and the citations whose evidence covers it (none: plain)."""

    text: str
    refs: tuple[str, ...]
    anchors: tuple[str, ...] = ()  # ids of the citations whose first stretch this is
    ends: tuple[str, ...] = ()  # citations one of whose spans ends here (the label goes after it)


def article_citations(store: Store, article_id: str) -> tuple[list[tuple[str, str]], list[Citation]]:
    """The stories holding the article, and the events and facts whose evidence quotes it."""
    stories = store.con.execute(
        # The substring test skips parsing the JSON of stories that cannot hold the article.
        "SELECT id, title FROM stories WHERE contains(data, ?) "
        "AND list_contains(json_extract_string(data, '$.article_ids[*]'), ?) ORDER BY id",
        [article_id, article_id],
    ).fetchall()
    story_ids = [s[0] for s in stories]
    citations: list[Citation] = []
    event_rows = store.con.execute(
        "SELECT data FROM events WHERE story_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY date NULLS LAST, id",
        [story_ids],
    ).fetchall()
    for r in event_rows:
        e = from_data(Event, json.loads(r[0]))
        spans = tuple(s for s in e.evidence if s.article_id == article_id)
        if spans:
            label = f"{e.type}: {e.summary}" if e.summary else e.type
            citations.append(Citation(f"E{len(citations) + 1}", "event", label, e.story_id, spans))
    claim_rows = store.con.execute(
        "SELECT story_id, data FROM claims WHERE story_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY story_id, id",
        [story_ids],
    ).fetchall()
    facts = 0
    for story_id, data in claim_rows:
        c = from_data(Claim, json.loads(data))
        spans = tuple(s for s in c.evidence if s.article_id == article_id)
        if spans:
            facts += 1
            citations.append(Citation(f"F{facts}", "fact", c.text, story_id, spans))
    return [(s[0], s[1]) for s in stories], citations


def article_marks(article: Article, citations: Sequence[Citation]) -> list[Mark]:
    """The article's text cut where evidence starts or ends; overlapping evidence shares a stretch."""
    n = len(article.text)
    cuts = {0, n}
    covers: list[tuple[int, int, str]] = []
    for c in citations:
        for s in c.spans:
            if s.article_id != article.id:
                continue
            start, end = max(0, min(s.start, n)), max(0, min(s.end, n))
            if start < end:
                cuts.update((start, end))
                covers.append((start, end, c.ref))
    points = sorted(cuts)
    marks: list[Mark] = []
    first: set[str] = set()
    for a, b in zip(points, points[1:], strict=False):
        refs = tuple(dict.fromkeys(ref for s, e, ref in covers if s <= a and b <= e))
        anchors = tuple(f"at-{ref}" for ref in refs if ref not in first)
        first.update(refs)
        ends = tuple(dict.fromkeys(ref for s, e, ref in covers if s <= a and b == e))
        marks.append(Mark(article.text[a:b], refs, anchors, ends))
    return marks
