"""Story search for the console: an in-process index built once per published snapshot.

DuckDB's full-text extension must be downloaded, so it is not used. Instead one SQL query per
snapshot gathers, for every story, its title, facts, event summaries, actor and place names into
one lower-cased search text, plus the facets the filters need (countries, event types, outlets).
Each request then filters and pages that index in memory: a substring test per story and
pre-sorted orders: on 20,000 stories a page takes 4 ms and a text search 35 ms (bench/console.py),
with no store query at all. Building the index takes about a second, once per published snapshot.

The index is keyed on the snapshot file's identity (path, inode, size, mtime): a run publishing a
new snapshot renames a new file into place, the key changes, and the next request rebuilds.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsfuse.access import reader_path
from newsfuse.models import EVENT_TYPES, content_id
from newsfuse.store import Store, open_reader

__all__ = [
    "SORTS",
    "IndexCache",
    "StoryIndex",
    "StoryPage",
    "StoryQuery",
    "StoryRow",
    "build_index",
    "search",
]

SORTS = {
    "newest": "newest first",
    "oldest": "oldest first",
    "sources": "most independent sources",
    "articles": "most articles",
}
MAX_PER_PAGE = 200
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[A-Za-z]{3}$")
# A quoted phrase or a bare word: "border crossing" matches those words together.
_TERM = re.compile(r'"([^"]+)"|(\S+)')


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story as the list and the API show it."""

    id: str
    title: str
    articles: int
    independent_sources: int
    first_seen: str | None
    last_seen: str | None
    events: int
    has_brief: bool
    countries: tuple[str, ...]
    types: tuple[str, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryIndex:
    """Everything the stories page needs from one snapshot, ready to filter without the store."""

    key: str
    rows: tuple[StoryRow, ...]
    texts: tuple[str, ...]  # lower-cased search text, one per row
    orders: dict[str, tuple[int, ...]]  # sort name -> row positions in that order
    facets: dict[str, dict[str, frozenset[int]]]  # "country" | "type" | "outlet" -> value -> rows


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """What the analyst asked for; :meth:`parse` checks it and says what is wrong."""

    q: str = ""
    country: str = ""
    type: str = ""
    outlet: str = ""
    since: str = ""
    until: str = ""
    sort: str = "newest"
    page: int = 1
    per_page: int = 50

    @classmethod
    def parse(
        cls,
        q: str = "",
        country: str = "",
        type: str = "",
        outlet: str = "",
        since: str = "",
        until: str = "",
        sort: str = "",
        page: int = 1,
        per_page: int = 50,
    ) -> StoryQuery:
        """A query from request parameters (empty means "any"); ValueError says which one is wrong."""
        country, type = country.strip().upper(), type.strip().upper()
        if country and not _COUNTRY.match(country):
            raise ValueError(f"country must be an ISO alpha-3 code such as NPL, not {country!r}")
        if type and type not in EVENT_TYPES:
            raise ValueError(f"type must be one of {', '.join(EVENT_TYPES)}, not {type!r}")
        for name, value in (("since", since), ("until", until)):
            if value and not _DATE.match(value.strip()):
                raise ValueError(f"{name} must be a date YYYY[-MM[-DD]], not {value!r}")
        if sort and sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError(f"page must be 1 or more and per_page between 1 and {MAX_PER_PAGE}")
        return cls(
            q=" ".join(q.split()),
            country=country,
            type=type,
            outlet=outlet.strip(),
            since=since.strip(),
            until=until.strip(),
            sort=sort or "newest",
            page=page,
            per_page=per_page,
        )

    def params(self, **changes: str | int) -> dict[str, str | int]:
        """The non-default parameters, for links to other pages or sorts of the same search."""
        values: dict[str, str | int] = {
            "q": self.q, "country": self.country, "type": self.type, "outlet": self.outlet,
            "since": self.since, "until": self.until, "sort": self.sort, "page": self.page,
            "per_page": self.per_page,
        }  # fmt: skip
        values.update(changes)
        defaults = {"sort": "newest", "page": 1, "per_page": 50}
        return {k: v for k, v in values.items() if v not in ("", None) and defaults.get(k) != v}


@dataclass(frozen=True, slots=True)
class StoryPage:
    rows: tuple[StoryRow, ...]
    total: int  # stories matching, over all pages
    page: int
    pages: int
    per_page: int


# One row per story. Articles map to their lineage (a copied text counts once); events and claims
# give the facets and the search text. json_extract_string(..., '$.x[*]') returns a list.
_INDEX_SQL = """
WITH sa AS (
    SELECT id AS story_id, unnest(json_extract_string(data, '$.article_ids[*]')) AS article_id
    FROM stories),
lm AS (
    SELECT unnest(json_extract_string(data, '$.article_ids[*]')) AS article_id, id AS lineage_id
    FROM lineages),
per_story AS (
    SELECT sa.story_id,
           count(DISTINCT coalesce(lm.lineage_id, sa.article_id)) AS independent,
           list(DISTINCT a.outlet) FILTER (WHERE a.outlet IS NOT NULL) AS outlets
    FROM sa LEFT JOIN lm USING (article_id) LEFT JOIN articles a ON a.id = sa.article_id
    GROUP BY sa.story_id),
ev AS (
    SELECT story_id, count(*) AS n, list(DISTINCT type) AS types,
           string_agg(concat_ws(',', country, actor_countries), ',') AS countries,
           string_agg(concat_ws(' ', summary, place,
               array_to_string(json_extract_string(data, '$.actors[*].name'), ' '),
               array_to_string(json_extract_string(data, '$.recipients[*].name'), ' ')), ' ') AS text
    FROM events GROUP BY story_id),
cl AS (SELECT story_id, string_agg(text, ' ') AS text FROM claims GROUP BY story_id)
SELECT s.id, s.title, s.size, s.first_seen, s.last_seen,
       EXISTS (SELECT 1 FROM briefs b WHERE b.story_id = s.id),
       coalesce(ps.independent, 0), coalesce(ps.outlets, []), coalesce(ev.n, 0), coalesce(ev.types, []),
       coalesce(ev.countries, ''), lower(concat_ws(' ', s.title, ev.text, cl.text))
FROM stories s
LEFT JOIN per_story ps ON ps.story_id = s.id
LEFT JOIN ev ON ev.story_id = s.id
LEFT JOIN cl ON cl.story_id = s.id
ORDER BY s.id
"""


def _orders(rows: tuple[StoryRow, ...]) -> dict[str, tuple[int, ...]]:
    """Row positions in each sort order (stable sorts, ties broken by id; undated stories last)."""

    def ranked(*keys: tuple[Callable[[StoryRow], Any], bool]) -> tuple[int, ...]:
        order = list(range(len(rows)))  # rows come sorted by id
        for key, reverse in reversed(keys):
            values = [key(row) for row in rows]
            order.sort(key=values.__getitem__, reverse=reverse)
        return tuple(order)

    newest = ranked((lambda r: r.last_seen or "", True), (lambda r: r.first_seen or "", True))
    return {
        "newest": newest,
        "oldest": ranked((lambda r: r.first_seen is None, False), (lambda r: r.first_seen or "", False)),
        "sources": ranked((lambda r: r.independent_sources, True), (lambda r: r.articles, True)),
        "articles": ranked((lambda r: r.articles, True), (lambda r: r.independent_sources, True)),
    }


def build_index(store: Store, key: str) -> StoryIndex:
    """Read every story's facets and search text from ``store`` in one query."""
    rows, texts = [], []
    facets: dict[str, dict[str, set[int]]] = {"country": {}, "type": {}, "outlet": {}}
    for i, r in enumerate(store.con.execute(_INDEX_SQL).fetchall()):
        countries = tuple(sorted({c for c in r[10].split(",") if c}))
        row = StoryRow(
            id=r[0], title=r[1] or "", articles=int(r[2] or 0), independent_sources=int(r[6]),
            first_seen=r[3], last_seen=r[4], events=int(r[8]), has_brief=bool(r[5]),
            countries=countries, types=tuple(sorted(r[9])), outlets=tuple(sorted(r[7])),
        )  # fmt: skip
        rows.append(row)
        texts.append(r[11] or "")
        for facet, values in (("country", row.countries), ("type", row.types), ("outlet", row.outlets)):
            for value in values:
                facets[facet].setdefault(value, set()).add(i)
    frozen = tuple(rows)
    return StoryIndex(
        key=key,
        rows=frozen,
        texts=tuple(texts),
        orders=_orders(frozen),
        facets={f: {v: frozenset(ids) for v, ids in values.items()} for f, values in facets.items()},
    )


def _terms(q: str) -> list[str]:
    return [(phrase or word).lower() for phrase, word in _TERM.findall(q)]


def search(index: StoryIndex, query: StoryQuery) -> StoryPage:
    """The page of stories matching every filter and every search term, in the asked order."""
    allowed: frozenset[int] | None = None
    for facet, value in (("country", query.country), ("type", query.type), ("outlet", query.outlet)):
        if value:
            rows = index.facets[facet].get(value, frozenset())
            allowed = rows if allowed is None else allowed & rows
    terms = _terms(query.q)
    since, until = query.since, query.until + "~" if query.until else ""  # "~" sorts after any date
    order = index.orders[query.sort]
    if allowed is None and not terms and not since and not until:
        matches: list[int] | tuple[int, ...] = order
    else:
        matches = []
        for i in order:
            if allowed is not None and i not in allowed:
                continue
            row = index.rows[i]
            # A story matches a date range it overlaps; an undated story matches no range.
            if since and (row.last_seen or "") < since:
                continue
            if until and not (row.first_seen and row.first_seen <= until):
                continue
            if terms and not all(t in index.texts[i] for t in terms):
                continue
            matches.append(i)
    pages = max(1, -(-len(matches) // query.per_page))
    start = (query.page - 1) * query.per_page
    return StoryPage(
        rows=tuple(index.rows[i] for i in matches[start : start + query.per_page]),
        total=len(matches),
        page=query.page,
        pages=pages,
        per_page=query.per_page,
    )


def file_key(path: Path) -> str:
    """The identity of a published file: a new snapshot (renamed into place) has a new one."""
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def generation(key: str) -> str:
    """A short public name for a snapshot's identity (the page compares it; the path stays private)."""
    return content_id(key, length=12)


@dataclass(slots=True)
class IndexCache:
    """The index of the snapshot being served, rebuilt when a run publishes a new one.

    One per app (no module-level state); the lock makes concurrent requests wait for a single build
    instead of each building its own.
    """

    db_path: Path
    _index: StoryIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def current_key(self) -> str:
        return file_key(reader_path(self.db_path))

    def peek(self) -> StoryIndex | None:
        """The index built last, without checking it is current (for cheap status answers)."""
        return self._index

    def get(self) -> StoryIndex:
        key = self.current_key()
        index = self._index
        if index is not None and index.key == key:
            return index
        with self._lock:
            index = self._index
            if index is not None and index.key == self.current_key():
                return index
            # The key is taken before opening: if a newer snapshot lands in between, this index
            # holds newer data under the older key, and the next request rebuilds (never staler).
            path = reader_path(self.db_path)
            key = file_key(path)
            store = open_reader(self.db_path)
            try:
                if Path(store.path) != path:  # the reader chose another file meanwhile: rebuild next time
                    key += ":unsure"
                index = build_index(store, key)
            finally:
                store.close()
            self._index = index
            return index
