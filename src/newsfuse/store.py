"""The DuckDB store: one table per record, numbered migrations, idempotent upserts.

Primary keys are the records' content-hash ids, so writing the same record twice is a no-op.
Derived records (lineages, stories, events, claims, briefs) are replaced per story as the
incremental indexes update them. Stateful indexes (LSH, story index) are kept as BLOBs in
``state`` so a later run continues where the last one stopped instead of recomputing.

Stage progress (resumable runs): ``documents.stage`` is NULL until the document's cleaning
outcome is committed, ``articles.stage`` says which index has taken the article (``cleaned``,
``reuse``, ``stories``) and ``stories.pending`` marks stories whose events and brief are still to
be computed. Each stage commits its rows, its index state and these marks in one transaction,
so a run killed at any point leaves a store the next run can finish (docs/reliability.md).

The layout of each table is plain columns for what people filter on plus a JSON column
(``data``) with the whole record, read back through :mod:`newsfuse.codec`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from newsfuse.access import check_store_file, publish_copy, reader_path
from newsfuse.codec import from_data, to_data
from newsfuse.errors import StoreBusy, StoreError
from newsfuse.models import Article, Brief, Claim, Document, Event, Lineage, Reuse, Story

if TYPE_CHECKING:
    from newsfuse.ingest.remote import FetchLog

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "OutputRows", "Store", "open_reader", "output_rows"]

# Numbered migrations. Append only: never edit one that has shipped.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "initial schema",
        """
        CREATE TABLE documents (
            id VARCHAR PRIMARY KEY, origin VARCHAR, media_type VARCHAR, encoding VARCHAR,
            size BIGINT, status VARCHAR, reason VARCHAR, hints JSON, raw BLOB,
            ingested_at TIMESTAMP DEFAULT current_timestamp);
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY, document_id VARCHAR, origin VARCHAR, outlet VARCHAR, title VARCHAR,
            byline VARCHAR, credit VARCHAR, language VARCHAR, published VARCHAR,
            published_precision VARCHAR, text VARCHAR, data JSON);
        CREATE TABLE reuse (
            a VARCHAR, b VARCHAR, kind VARCHAR, shared_a DOUBLE, shared_b DOUBLE, data JSON,
            PRIMARY KEY (a, b));
        CREATE TABLE lineages (id VARCHAR PRIMARY KEY, origin_id VARCHAR, size INTEGER, data JSON);
        CREATE TABLE stories (
            id VARCHAR PRIMARY KEY, title VARCHAR, size INTEGER, first_seen VARCHAR, last_seen VARCHAR,
            data JSON);
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY, story_id VARCHAR, type VARCHAR, mode VARCHAR, date VARCHAR,
            precision VARCHAR, place VARCHAR, country VARCHAR, actor_countries VARCHAR,
            independent_sources INTEGER, background BOOLEAN, summary VARCHAR, data JSON);
        CREATE TABLE claims (id VARCHAR, story_id VARCHAR, independent_sources INTEGER, text VARCHAR,
            data JSON, PRIMARY KEY (story_id, id));
        CREATE TABLE briefs (story_id VARCHAR PRIMARY KEY, data JSON);
        CREATE TABLE state (name VARCHAR PRIMARY KEY, data BLOB);
        """,
    ),
    (
        2,
        "stage progress for resumable runs",
        # Stores written before this migration committed documents before their articles; a
        # document with status ok and no article there was never cleaned, and a story without a
        # brief was never fused. Articles of such stores get their stage from the index states
        # (pipeline._repair_legacy_stages), so it stays NULL here.
        """
        ALTER TABLE documents ADD COLUMN stage VARCHAR;
        ALTER TABLE documents ADD COLUMN seq BIGINT;
        ALTER TABLE documents ADD COLUMN text VARCHAR;
        ALTER TABLE articles ADD COLUMN stage VARCHAR;
        ALTER TABLE stories ADD COLUMN pending BOOLEAN;
        UPDATE documents SET stage = 'cleaned'
            WHERE status <> 'ok' OR id IN (SELECT document_id FROM articles);
        UPDATE stories SET pending = (id NOT IN (SELECT story_id FROM briefs));
        """,
    ),
)
MIGRATIONS += (
    (
        3,
        "fetch log: one row per URL with its status, validators and, for feeds, the body",
        """
        CREATE TABLE fetches (
            url VARCHAR PRIMARY KEY, kind VARCHAR, status VARCHAR, reason VARCHAR, parent VARCHAR,
            final_url VARCHAR, http_status INTEGER, etag VARCHAR, last_modified VARCHAR,
            content_type VARCHAR, document_id VARCHAR, items INTEGER, new_items INTEGER, body BLOB,
            fetched_at TIMESTAMP DEFAULT current_timestamp);
        """,
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


# DuckDB files start with three 4 KiB headers, then the data blocks.
_HEADER_BYTES = 3 * 4096
# A reader of a pre-snapshot store holds the file for a moment; a writer retries that long.
_LOCK_RETRY_SECONDS = 10.0


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + _LOCK_RETRY_SECONDS
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:  # locked, not a database, unwritable folder
            message = _first_line(exc)
            if "lock" in message.lower() and time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            if "lock" in message.lower():
                raise StoreBusy(
                    f"cannot open the store {path}: another process holds it "
                    "(a newsfuse run, or a program using the Python API)"
                ) from exc
            raise StoreError(f"cannot open the store {path}: {message}") from exc


def open_reader(db: str | Path) -> Store:
    """Open the store at ``db`` for reading: its published snapshot, read-only (see access.py)."""
    db = Path(db)
    deadline = time.monotonic() + _LOCK_RETRY_SECONDS
    while True:
        path = reader_path(db)
        try:
            return Store(path, read_only=True)
        except StoreBusy:
            # A run started between choosing the file and opening it: choose again.
            if path == db and time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            raise


_DOC_COLUMNS = "id, origin, media_type, encoding, size, status, reason, hints, raw, text"


def _stored_doc(r: tuple[Any, ...]) -> Document:
    """A Document from a row of ``_DOC_COLUMNS``. A usable document stored without its text (a
    schema-1 store) gets its bytes decoded again as the file reader decodes them."""
    from newsfuse.ingest.sniff import decode_text

    raw = bytes(r[8] or b"")
    text = r[9]
    if text is None and r[5] == "ok":
        decoded = decode_text(raw, r[3])
        text = decoded[0].removeprefix("\ufeff") if decoded else ""
    return Document(
        id=r[0], origin=r[1], media_type=r[2], encoding=r[3], size=r[4], status=r[5], reason=r[6],
        hints=tuple(json.loads(r[7] or "{}").items()), raw=raw, text=text or "",
    )  # fmt: skip


def _first_line(exc: BaseException) -> str:
    return " ".join(str(exc).split("\n")[0].split())


def _json(obj: Any) -> str:
    return json.dumps(to_data(obj), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class OutputRows:
    """One story's extract-stage outputs as store rows (``events``, ``claims`` in table column order;
    ``brief`` as JSON text), ready for :meth:`Store.replace_output_rows`."""

    story_id: str
    events: tuple[tuple[Any, ...], ...]
    claims: tuple[tuple[Any, ...], ...]
    brief: str | None


def output_rows(
    story_id: str, events: Sequence[Event], claims: Sequence[Claim], brief: Brief | None
) -> OutputRows:
    """A story's events, claims and brief as rows (pure: worker processes make them, so the
    serialising is spread with the work and the writing process only inserts)."""
    return OutputRows(
        story_id,
        tuple(
            (
                e.id, story_id, e.type, e.mode, e.when.value, e.when.precision,
                e.where.name if e.where else None, e.where.country if e.where else None,
                ",".join(sorted({a.country for a in (*e.actors, *e.recipients) if a.country})),
                e.independent_sources, e.background, e.summary, _json(e),
            )
            for e in events
        ),
        tuple((c.id, story_id, c.independent_sources, c.text, _json(c)) for c in claims),
        _json(brief) if brief is not None else None,
    )  # fmt: skip


class Store:
    """A newsfuse DuckDB database. Use ``Store(":memory:")`` in tests.

    A writer (the default) migrates the schema; ``read_only=True`` opens without writing and
    refuses a store whose schema is newer than this newsfuse knows. ``hook`` is called with
    ``"<label>.commit"`` inside every labelled transaction just before it commits: the fault
    tests use it to kill a run between a transaction's writes and its commit.

    >>> with Store(":memory:") as store:
    ...     store.counts()["documents"]
    0
    """

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        read_only: bool = False,
        hook: Callable[[str], None] | None = None,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.hook = hook
        self._depth = 0
        if self.path != ":memory:":
            check_store_file(Path(self.path))
        self.con = _connect(self.path, read_only)
        try:
            self._check_size()
            self._check_version()
            if not read_only:
                self.migrate()
        except duckdb.Error as exc:  # a damaged file can open and fail on its first read
            self.con.close()
            raise StoreError(
                f"the store {self.path} is damaged ({_first_line(exc)}); it was left as it is: "
                "restore it from a copy or run into a new --out folder"
            ) from exc
        except StoreError:
            self.con.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def schema_version(self) -> int:
        """The newest migration applied to this store (0 for an empty file)."""
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'migrations'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT max(version) FROM migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _check_size(self) -> None:
        """A file shorter than the blocks its header counts was truncated (a copy cut short, a full
        disk): refuse it before a query reads past its end."""
        # Writers only: a reader in a process that already has this path open shares DuckDB's
        # instance of the file it opened first, which a newly published snapshot has replaced since,
        # so the size on disk would not be the size of the file being read.
        if self.read_only or self.path == ":memory:" or Path(self.path + ".wal").exists():
            # Replaying a log (after a kill) allocates blocks the file gains only at the next
            # checkpoint, so the count says nothing then; damage shows on the first read instead.
            return
        row = self.con.execute("SELECT block_size, used_blocks FROM pragma_database_size()").fetchone()
        if not row:
            return
        # A sound file can end one block short of its block count (a free last block is not written:
        # seen on every store we measured), so only blocks in use count, less one for slack.
        expected = int(row[0]) * (int(row[1]) - 1) + _HEADER_BYTES
        size = Path(self.path).stat().st_size
        if size < expected:
            raise StoreError(
                f"the store {self.path} is damaged (truncated: {size} bytes of {expected}); it was left "
                "as it is: restore it from a copy or run into a new --out folder"
            )

    def _check_version(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} was written by a newer newsfuse (schema {version}; this one "
                f"knows up to {SCHEMA_VERSION}): upgrade newsfuse to read it; the store was not changed"
            )

    def migrate(self) -> list[int]:
        """Apply pending migrations; return the versions applied now."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
            "applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        done = {r[0] for r in self.con.execute("SELECT version FROM migrations").fetchall()}
        applied = []
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute("INSERT INTO migrations (version, name) VALUES (?, ?)", [version, name])
            applied.append(version)
        return applied

    @contextmanager
    def transaction(self, label: str | None = None) -> Iterator[None]:
        """One transaction; nested calls join the outermost (DuckDB has no nested transactions)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
            if label and self.hook is not None:
                self.hook(f"{label}.commit")
        except BaseException:
            self._depth = 0
            self.con.execute("ROLLBACK")
            raise
        self._depth = 0
        self.con.execute("COMMIT")

    def publish(self, target: str | Path) -> None:
        """Write a consistent copy of the committed store to ``target`` for readers, atomically.

        Readers (the web console, the CLI's read commands) open the copy, never the file a run
        writes, so a busy writer never makes them fail (docs/reliability.md).
        """
        if self.path == ":memory:":
            raise StoreError("an in-memory store cannot be published")
        self.con.execute("CHECKPOINT")
        publish_copy(Path(self.path), Path(target), hook=self.hook)

    # -- documents and articles ------------------------------------------------------------
    def known_ids(self, table: str, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids or table not in {"documents", "articles"}:
            return set()
        rows = self.con.execute(f"SELECT id FROM {table} WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def add_documents(self, docs: Sequence[Document]) -> int:
        """Insert documents not yet known (by id); return how many were new. A usable one waits
        to be cleaned (stage NULL), as if a run had been stopped before cleaning it."""
        known = self._insert_documents(docs, {}, cleaned=lambda d: False, keep_text=False)
        return len({d.id for d in docs} - known)

    def _insert_documents(
        self,
        docs: Sequence[Document],
        seqs: dict[str, int],
        *,
        cleaned: Callable[[Document], bool],
        keep_text: bool,
    ) -> set[str]:
        """Insert the documents not yet stored (by id), marking those ``cleaned`` says are done;
        return the ids that were already there."""
        known = self.known_ids("documents", [d.id for d in docs])
        fresh = list({d.id: d for d in docs if d.id not in known}.values())
        if fresh:
            self._insert_rows(
                "documents",
                [
                    [d.id, d.origin, d.media_type, d.encoding, d.size, d.status, d.reason,
                     json.dumps(dict(d.hints), ensure_ascii=False), d.raw,
                     "cleaned" if cleaned(d) else None, seqs.get(d.id), d.text if keep_text else None]
                    for d in fresh
                ],
                ("id", "origin", "media_type", "encoding", "size", "status", "reason", "hints", "raw",
                 "stage", "seq", "text"),
            )  # fmt: skip
        return known

    def next_seq(self) -> int:
        """The first free ingest sequence number: documents are taken in the order they arrive."""
        row = self.con.execute("SELECT max(seq) FROM documents").fetchone()
        return int(row[0]) + 1 if row and row[0] is not None else 0

    def add_cleaned(self, docs: Sequence[Document], articles: Sequence[Article], seqs: dict[str, int]) -> int:
        """Commit a batch of documents with their cleaning outcome and the articles made from them.

        One transaction: a document is never stored as cleaned without its article. Documents
        already stored but never cleaned (an interrupted older run, a fetched page) get their
        outcome now. Returns how many articles were new.
        """
        with self.transaction("clean"):
            known = self._insert_documents(docs, seqs, cleaned=lambda d: True, keep_text=False)
            done = {d.id: d for d in docs if d.id in known}
            if done:
                self.con.execute(
                    "UPDATE documents SET status = u.status, reason = u.reason, stage = 'cleaned' "
                    "FROM (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::VARCHAR[]) AS status, "
                    "unnest(?::VARCHAR[]) AS reason) u WHERE documents.id = u.id AND documents.stage IS NULL",
                    [list(done), [d.status for d in done.values()], [d.reason for d in done.values()]],
                )
            return self.add_articles(articles)

    def add_pending(self, docs: Sequence[Document], seqs: dict[str, int]) -> None:
        """Store documents to be cleaned later (fetched pages: their bytes are kept at once, so a
        rerun never fetches them again), with their decoded text; unusable ones are final."""
        self._insert_documents(docs, seqs, cleaned=lambda d: d.status != "ok", keep_text=True)

    def pending_documents(self) -> list[Document]:
        """Stored documents whose cleaning was never committed, with their bytes, in arrival order.

        Their text is the one stored with them; a store from before text was kept (schema 1) gets
        its raw bytes decoded again as the file reader decodes them.
        """
        rows = self.con.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE stage IS NULL AND status = 'ok' "
            "ORDER BY seq NULLS LAST, origin, id"
        ).fetchall()
        return [_stored_doc(r) for r in rows]

    def stored_document(self, document_id: str) -> Document | None:
        """One stored document with its bytes (and its text when it was kept)."""
        r = self.con.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", [document_id]).fetchone()
        return _stored_doc(r) if r is not None else None

    # -- fetch log --------------------------------------------------------------------------
    def fetch_log(self, url: str) -> FetchLog | None:
        """What the last run that asked for ``url`` got (see ingest/remote.py)."""
        from newsfuse.ingest.remote import FetchLog

        r = self.con.execute(
            "SELECT url, kind, status, reason, parent, final_url, http_status, etag, last_modified, "
            "content_type, document_id, items, new_items, body FROM fetches WHERE url = ?",
            [url],
        ).fetchone()
        if r is None:
            return None
        return FetchLog(
            url=r[0], kind=r[1], status=r[2], reason=r[3], parent=r[4], final_url=r[5], http_status=r[6],
            etag=r[7], last_modified=r[8], content_type=r[9], document_id=r[10], items=r[11] or 0,
            new_items=r[12] or 0, body=bytes(r[13] or b""),
        )  # fmt: skip

    def put_fetches(self, logs: Sequence[FetchLog]) -> None:
        """Record what each URL gave this run; a page fetched before keeps its first record."""
        for log in logs:
            if log.status == "known":
                continue
            prev = self.con.execute("SELECT document_id FROM fetches WHERE url = ?", [log.url]).fetchone()
            if prev and prev[0] and prev[0] != log.document_id:
                # A page that failed before and is fetched now: its failed record is superseded.
                self.con.execute("DELETE FROM documents WHERE id = ? AND status <> 'ok'", [prev[0]])
            self.con.execute(
                "INSERT OR REPLACE INTO fetches (url, kind, status, reason, parent, final_url, http_status, "
                "etag, last_modified, content_type, document_id, items, new_items, body) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [log.url, log.kind, log.status, log.reason, log.parent, log.final_url, log.http_status,
                 log.etag, log.last_modified, log.content_type, log.document_id, log.items, log.new_items,
                 log.body or None],
            )  # fmt: skip

    def fetches(self) -> list[FetchLog]:
        rows = self.con.execute("SELECT url FROM fetches ORDER BY fetched_at, url").fetchall()
        return [log for (url,) in rows if (log := self.fetch_log(url)) is not None]

    def update_document_status(self, doc: Document) -> None:
        self.con.execute(
            "UPDATE documents SET status = ?, reason = ? WHERE id = ?", [doc.status, doc.reason, doc.id]
        )

    def documents(self) -> list[Document]:
        rows = self.con.execute(
            "SELECT id, origin, media_type, encoding, size, status, reason, hints FROM documents "
            "ORDER BY origin, id"
        ).fetchall()
        return [
            Document(id=r[0], origin=r[1], media_type=r[2], encoding=r[3], size=r[4], status=r[5],
                     reason=r[6], hints=tuple(json.loads(r[7] or "{}").items()))
            for r in rows
        ]  # fmt: skip

    def add_articles(self, articles: Sequence[Article]) -> int:
        known = self.known_ids("articles", [a.id for a in articles])
        new = list({a.id: a for a in reversed(articles) if a.id not in known}.values())[::-1]  # first wins
        if new:
            self._insert_rows(
                "articles",
                [
                    [a.id, a.document_id, a.origin, a.outlet, a.title, a.byline, a.credit, a.language,
                     a.published.value, a.published.precision, a.text, _json(a), "cleaned"]
                    for a in new
                ],
                ("id", "document_id", "origin", "outlet", "title", "byline", "credit", "language",
                 "published", "published_precision", "text", "data", "stage"),
            )  # fmt: skip
        return len(new)

    def articles_at_stage(self, stage: str | None) -> list[Article]:
        """Articles whose last committed stage is ``stage`` (None: a pre-2 store's unknown stage),
        in the order their documents arrived, which is the order a clean run adds them."""
        cond = "a.stage IS NULL" if stage is None else "a.stage = ?"
        rows = self.con.execute(
            f"SELECT a.data FROM articles a LEFT JOIN documents d ON d.id = a.document_id WHERE {cond} "
            "ORDER BY d.seq NULLS LAST, a.origin, a.id",
            [] if stage is None else [stage],
        ).fetchall()
        return [from_data(Article, json.loads(r[0])) for r in rows]

    def set_article_stage(self, ids: Iterable[str], stage: str) -> None:
        ids = list(ids)
        if ids:
            self.con.execute(
                "UPDATE articles SET stage = ? WHERE id IN (SELECT unnest(?::VARCHAR[]))", [stage, ids]
            )

    def article_ids(self) -> list[str]:
        """Every article's id, in the order :meth:`articles` gives them (origin, id)."""
        return [r[0] for r in self.con.execute("SELECT id FROM articles ORDER BY origin, id").fetchall()]

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self.con.execute("SELECT data FROM articles ORDER BY origin, id").fetchall()
        else:
            rows = self.con.execute(
                "SELECT data FROM articles WHERE id IN (SELECT unnest(?)) ORDER BY origin, id", [list(ids)]
            ).fetchall()
        return [from_data(Article, json.loads(r[0])) for r in rows]

    def article(self, prefix: str) -> Article | None:
        """The article whose id starts with ``prefix`` (ids may be abbreviated, as in git)."""
        rows = self.con.execute(
            "SELECT data FROM articles WHERE id LIKE ? || '%' LIMIT 2", [prefix]
        ).fetchall()
        return from_data(Article, json.loads(rows[0][0])) if len(rows) == 1 else None

    # -- lineage ---------------------------------------------------------------------------
    def add_reuses(self, reuses: Sequence[Reuse]) -> None:
        if reuses:
            self.con.executemany(
                "INSERT OR REPLACE INTO reuse VALUES (?, ?, ?, ?, ?, ?)",
                [[r.a, r.b, r.kind, r.shared[0], r.shared[1], _json(r)] for r in reuses],
            )

    def reuses(self) -> list[Reuse]:
        return [
            from_data(Reuse, json.loads(r[0]))
            for r in self.con.execute("SELECT data FROM reuse ORDER BY a, b").fetchall()
        ]

    def replace_lineages(self, lineages: Sequence[Lineage]) -> None:
        with self.transaction():
            self.con.execute("DELETE FROM lineages")
            if lineages:
                self.con.executemany(
                    "INSERT INTO lineages VALUES (?, ?, ?, ?)",
                    [[x.id, x.origin_id, len(x.article_ids), _json(x)] for x in lineages],
                )

    def lineages(self) -> list[Lineage]:
        rows = self.con.execute("SELECT data FROM lineages ORDER BY size DESC, id").fetchall()
        return [from_data(Lineage, json.loads(r[0])) for r in rows]

    # -- stories and what hangs off them ----------------------------------------------------
    def replace_stories(self, stories: Sequence[Story], touched: Iterable[str] = ()) -> None:
        """Replace the story list. ``touched`` stories (and those still pending from an earlier,
        interrupted run) are marked pending: their events and brief are to be recomputed."""
        with self.transaction():
            pending = {r[0] for r in self.con.execute("SELECT id FROM stories WHERE pending").fetchall()}
            pending.update(touched)
            self.con.execute("DELETE FROM stories")
            if stories:
                self.con.executemany(
                    "INSERT INTO stories (id, title, size, first_seen, last_seen, data, pending) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        [
                            s.id,
                            s.title,
                            len(s.article_ids),
                            s.first_seen,
                            s.last_seen,
                            _json(s),
                            s.id in pending,
                        ]
                        for s in stories
                    ],
                )

    def pending_stories(self) -> list[Story]:
        """Stories whose events and brief are still to be computed."""
        rows = self.con.execute(
            "SELECT data FROM stories WHERE pending ORDER BY first_seen NULLS LAST, id"
        ).fetchall()
        return [from_data(Story, json.loads(r[0])) for r in rows]

    def stories(self) -> list[Story]:
        rows = self.con.execute("SELECT data FROM stories ORDER BY first_seen NULLS LAST, id").fetchall()
        return [from_data(Story, json.loads(r[0])) for r in rows]

    def story(self, prefix: str) -> Story | None:
        rows = self.con.execute(
            "SELECT data FROM stories WHERE id LIKE ? || '%' LIMIT 2", [prefix]
        ).fetchall()
        return from_data(Story, json.loads(rows[0][0])) if len(rows) == 1 else None

    def replace_story_outputs(
        self, story_id: str, events: Sequence[Event], claims: Sequence[Claim], brief: Brief | None
    ) -> None:
        """Replace one story's events, claims and brief (they are recomputed together); the story is
        no longer pending."""
        self.replace_outputs([(story_id, events, claims, brief)])

    def replace_outputs(
        self, outputs: Sequence[tuple[str, Sequence[Event], Sequence[Claim], Brief | None]]
    ) -> None:
        """Replace the events, claims and brief of each ``(story_id, events, claims, brief)`` in one
        transaction (see :meth:`replace_output_rows`)."""
        self.replace_output_rows([output_rows(*output) for output in outputs])

    def replace_output_rows(self, outputs: Sequence[OutputRows]) -> None:
        """Replace the outputs of each story (rows made by :func:`output_rows`, which a worker process
        can make) in one transaction of a few set-wise statements: the extract stage commits a chunk
        of stories at a time (per-story statements cost ~19 ms a story). Those stories are no longer
        pending."""
        if not outputs:
            return
        ids = [o.story_id for o in outputs]
        # by primary key: a later row replaces an earlier one, as INSERT OR REPLACE row by row would
        events = {row[0]: row for o in outputs for row in o.events}
        claims = {(row[1], row[0]): row for o in outputs for row in o.claims}
        briefs = {o.story_id: [o.story_id, o.brief] for o in outputs if o.brief is not None}
        with self.transaction("extract"):
            self.con.execute(
                "UPDATE stories SET pending = false WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            )
            for table in ("events", "claims", "briefs"):
                self.con.execute(
                    f"DELETE FROM {table} WHERE story_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
                )
            self._insert_rows("events", list(events.values()))
            self._insert_rows("claims", list(claims.values()))
            self._insert_rows("briefs", list(briefs.values()))

    def _insert_rows(self, table: str, rows: Sequence[Sequence[Any]], names: Sequence[str] = ()) -> None:
        """Insert ``rows`` with one statement: each column goes in as a list and comes out by
        ``unnest``, many times faster than ``executemany`` in DuckDB. ``names``: the columns the rows
        hold (default: the table's first columns, in order). Keys must not repeat among the rows."""
        if not rows:
            return
        info = self.con.execute(f"PRAGMA table_info('{table}')").fetchall()
        types = {r[1]: r[2] for r in info}
        names = list(names) or [r[1] for r in info[: len(rows[0])]]
        columns = [list(col) for col in zip(*rows, strict=True)]
        # JSON goes in as text (the column parses it), like a single-row insert's parameter
        select = ", ".join(f"unnest(?::{'VARCHAR' if types[n] == 'JSON' else types[n]}[])" for n in names)
        self.con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {select}", columns)

    def drop_story_outputs(self, keep: Iterable[str]) -> None:
        """Delete outputs of stories that no longer exist (merged or split by the story index)."""
        keep = list(keep)
        for table in ("events", "claims", "briefs"):
            self.con.execute(
                f"DELETE FROM {table} WHERE story_id NOT IN (SELECT unnest(?::VARCHAR[]))", [keep]
            )

    def events(
        self,
        *,
        story_id: str | None = None,
        country: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Event]:
        """Events filtered by story, actor or place country (alpha-3), PLOVER type and date range."""
        where, params = ["1=1"], []
        if story_id:
            where.append("story_id LIKE ? || '%'")
            params.append(story_id)
        if country:
            where.append("(country = ? OR contains(actor_countries, ?))")
            params += [country.upper(), country.upper()]
        if type:
            where.append("type = ?")
            params.append(type.upper())
        if since:
            where.append("date >= ?")
            params.append(since)
        if until:
            where.append("date <= ? || '~'")
            params.append(until)
        sql = f"SELECT data FROM events WHERE {' AND '.join(where)} ORDER BY date NULLS LAST, id"
        return [from_data(Event, json.loads(r[0])) for r in self.con.execute(sql, params).fetchall()]

    def claims(self, story_id: str) -> list[Claim]:
        rows = self.con.execute(
            "SELECT data FROM claims WHERE story_id = ? ORDER BY id", [story_id]
        ).fetchall()
        return [from_data(Claim, json.loads(r[0])) for r in rows]

    def brief(self, story_id: str) -> Brief | None:
        row = self.con.execute("SELECT data FROM briefs WHERE story_id = ?", [story_id]).fetchone()
        return from_data(Brief, json.loads(row[0])) if row else None

    def briefs(self, story_ids: Iterable[str]) -> dict[str, Brief]:
        """The briefs of ``story_ids`` that exist, by story id, in one query."""
        rows = self.con.execute(
            "SELECT story_id, data FROM briefs WHERE story_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(story_ids)],
        ).fetchall()
        return {r[0]: from_data(Brief, json.loads(r[1])) for r in rows}

    # -- index state ------------------------------------------------------------------------
    def get_state(self, name: str) -> bytes | None:
        row = self.con.execute("SELECT data FROM state WHERE name = ?", [name]).fetchone()
        return bytes(row[0]) if row else None

    def put_state(self, name: str, data: bytes) -> None:
        self.con.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", [name, data])

    # -- reporting --------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        tables = ("documents", "articles", "reuse", "lineages", "stories", "events", "claims", "briefs")
        return {t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}  # type: ignore[index]

    def export_events(self, path: str | Path, events: Sequence[Event]) -> None:
        """Write events as CSV or Parquet (by the file suffix), flat columns plus JSON evidence."""
        path = Path(path)
        fmt = {".csv": "CSV, HEADER", ".parquet": "PARQUET"}.get(path.suffix.lower())
        if fmt is None:
            raise StoreError(f"cannot export to {path.name}: use a .csv or .parquet file name")
        rows = [
            [e.id, e.story_id, e.type, e.mode, e.when.value, e.when.precision,
             "; ".join(a.name for a in e.actors), "; ".join(a.country or "" for a in e.actors),
             "; ".join(a.name for a in e.recipients), "; ".join(a.country or "" for a in e.recipients),
             e.where.name if e.where else None, e.where.country if e.where else None,
             e.where.lat if e.where else None, e.where.lon if e.where else None,
             ",".join(e.article_ids), e.independent_sources, e.background, e.summary,
             json.dumps(to_data(e.evidence), ensure_ascii=False)]
            for e in events
        ]  # fmt: skip
        con = duckdb.connect()
        con.execute(
            "CREATE TABLE x (id VARCHAR, story_id VARCHAR, type VARCHAR, mode VARCHAR, date VARCHAR, "
            "precision VARCHAR, actors VARCHAR, actor_countries VARCHAR, recipients VARCHAR, "
            "recipient_countries VARCHAR, place VARCHAR, place_country VARCHAR, lat DOUBLE, lon DOUBLE, "
            "articles VARCHAR, independent_sources INTEGER, background BOOLEAN, summary VARCHAR, evidence VARCHAR)"
        )
        if rows:
            con.executemany("INSERT INTO x VALUES (" + ",".join("?" * 19) + ")", rows)
        target = path.as_posix().replace("'", "''")
        con.execute(f"COPY x TO '{target}' (FORMAT {fmt})")
        con.close()
