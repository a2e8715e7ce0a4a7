from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.errors import StoreError
from newsfuse.models import Actor, Article, Document, Event, Lineage, Place, Span, Story, When
from newsfuse.store import MIGRATIONS, Store


@pytest.fixture()
def store() -> Store:
    s = Store(":memory:")
    yield s
    s.close()


def _doc(i: int, status: str = "ok") -> Document:
    return Document(
        f"d{i}",
        f"in/{i}.txt",
        "text/plain",
        "utf-8",
        10,
        status,
        "" if status == "ok" else "empty file (0 bytes)",
        raw=b"x",
    )  # type: ignore[arg-type]


def _article(i: int) -> Article:
    return Article(
        id=f"a{i}", document_id=f"d{i}", origin=f"in/{i}.txt", outlet="Outlet", title=f"T{i}", byline=None,
        credit=None, language="en", published=When("2025-05-04", "day", (), "header"), text=f"Body {i}.",
    )  # fmt: skip


def test_migrations_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "nf.duckdb"
    with Store(path) as s:
        versions = [r[0] for r in s.con.execute("SELECT version FROM migrations").fetchall()]
    assert versions == [m[0] for m in MIGRATIONS]
    with Store(path) as s:  # reopening applies nothing new
        assert s.migrate() == []


def test_upserts_are_idempotent(store: Store) -> None:
    docs = [_doc(1), _doc(2, "skipped")]
    assert store.add_documents(docs) == 2
    assert store.add_documents(docs) == 0
    assert store.add_articles([_article(1)]) == 1
    assert store.add_articles([_article(1)]) == 0
    assert store.counts()["documents"] == 2 and store.counts()["articles"] == 1
    skipped = [d for d in store.documents() if d.status == "skipped"]
    assert skipped[0].reason == "empty file (0 bytes)"


def test_articles_read_back_and_prefix_lookup(store: Store) -> None:
    store.add_articles([_article(1), _article(22)])
    assert store.article("a2") == _article(22)
    assert store.article("a") is None  # ambiguous prefix
    assert [a.id for a in store.articles(["a1"])] == ["a1"]


def test_stories_and_lineages_replace(store: Store) -> None:
    store.replace_lineages([Lineage("l1", ("a1", "a2"), "a1")])
    store.replace_lineages([Lineage("l2", ("a1",), "a1")])
    assert [x.id for x in store.lineages()] == ["l2"]
    s = Story("s1", ("a1",), "Title", "2025-05-04", "2025-05-05", ("l2",))
    store.replace_stories([s])
    assert store.story("s") == s


def test_state_blobs(store: Store) -> None:
    assert store.get_state("reuse") is None
    store.put_state("reuse", b"\x00\x01")
    store.put_state("reuse", b"\x02")
    assert store.get_state("reuse") == b"\x02"


def test_unopenable_store_raises_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_bytes(b"this is not a duckdb file" * 100)
    with pytest.raises(StoreError, match="damaged .not a DuckDB database"):
        Store(bad)
    assert bad.read_bytes() == b"this is not a duckdb file" * 100  # never overwritten


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage-tail"])
def test_damaged_store_is_reported_and_left_alone(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "nf.duckdb"
    with Store(path) as s:
        s.add_documents([_doc(i) for i in range(200)])
        s.con.execute("CHECKPOINT")
    data = path.read_bytes()
    if damage == "empty":
        data = b""
    elif damage == "truncated":
        data = data[: len(data) // 3]
    else:  # the header survives, the blocks after it are noise
        data = data[:8192] + bytes(range(256)) * ((len(data) - 8192) // 256)
    path.write_bytes(data)
    with pytest.raises(StoreError, match="damaged") as err, Store(path) as s:
        s.documents()
    assert "\n" not in str(err.value)
    assert path.read_bytes() == data


def test_store_from_a_newer_schema_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "nf.duckdb"
    with Store(path) as s:
        s.con.execute("INSERT INTO migrations (version, name) VALUES (99, 'from the future')")
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="newer newsfuse .schema 99; this one knows up to"):
            Store(path, read_only=read_only)
    assert path.read_bytes() == before


def test_nested_transactions_join_and_roll_back_together(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction("outer"):
        store.add_documents([_doc(1)])
        with store.transaction():
            store.add_documents([_doc(2)])
        raise RuntimeError("boom")
    assert store.counts()["documents"] == 0


def test_commit_hook_runs_inside_the_transaction(store: Store) -> None:
    seen: list[tuple[str, int]] = []

    def hook(name: str) -> None:
        # Inside the transaction the writes are visible; a kill here loses them all.
        seen.append((name, store.counts()["documents"]))
        raise KeyboardInterrupt

    store.hook = hook
    with pytest.raises(KeyboardInterrupt):
        store.add_cleaned([_doc(1)], [_article(1)], {"d1": 0})
    assert seen == [("clean.commit", 1)]
    assert store.counts()["documents"] == 0 and store.counts()["articles"] == 0


def test_stage_progress_marks(store: Store) -> None:
    docs = [_doc(1), _doc(2), _doc(3, "skipped")]
    store.add_cleaned(docs, [_article(2), _article(1)], {"d1": 5, "d2": 6, "d3": 7})
    assert store.pending_documents() == []
    # Articles wait for the reuse index in the order their documents arrived.
    assert [a.id for a in store.articles_at_stage("cleaned")] == ["a1", "a2"]
    store.set_article_stage(["a1"], "reuse")
    assert [a.id for a in store.articles_at_stage("cleaned")] == ["a2"]
    assert store.next_seq() == 8
    s1 = Story("s1", ("a1",), "One", "2025-05-04", "2025-05-04")
    s2 = Story("s2", ("a2",), "Two", "2025-05-04", "2025-05-04")
    store.replace_stories([s1, s2], touched=["s1", "s2"])
    store.replace_story_outputs("s1", [], [], None)
    assert [s.id for s in store.pending_stories()] == ["s2"]
    store.replace_stories([s1, s2], touched=["s1"])  # s2 still pending from before
    assert [s.id for s in store.pending_stories()] == ["s1", "s2"]


def test_documents_of_an_old_store_left_uncleaned_are_pending(tmp_path: Path) -> None:
    """A pre-2 store: the document was committed, its article never was (issue #11's lost 802)."""
    path = tmp_path / "nf.duckdb"
    import duckdb

    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP "
        "DEFAULT current_timestamp)"
    )
    con.execute(MIGRATIONS[0][2])
    con.execute("INSERT INTO migrations (version, name) VALUES (1, 'initial schema')")
    for i in (1, 2):
        d = _doc(i)
        con.execute(
            "INSERT INTO documents (id, origin, media_type, encoding, size, status, reason, hints, raw) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?)",
            [d.id, d.origin, d.media_type, d.encoding, d.size, d.status, d.reason, d.raw],
        )
    con.execute("INSERT INTO articles (id, document_id, origin, data) VALUES ('a1', 'd1', 'in/1.txt', '{}')")
    con.close()
    with Store(path) as s:
        assert [d.id for d in s.pending_documents()] == ["d2"]
        assert s.pending_documents()[0].raw == b"x"


def _event(eid: str, etype: str, date: str, country: str) -> Event:

    span = Span("a1", 0, 4, "Body")
    return Event(
        id=eid, type=etype, mode=None, actors=(Actor("X", country, "GOV", None, (span,)),), recipients=(),
        when=When(date, "day", (span,), "text"), where=Place("Somewhere", country, 1.0, 2.0), article_ids=("a1",),
        independent_sources=1, evidence=(span,), story_id="s1",
    )  # fmt: skip


def test_event_filters_and_export(store: Store, tmp_path: Path) -> None:
    import duckdb

    events = [_event("e1", "CONSULT", "2025-05-05", "IND"), _event("e2", "ASSAULT", "2025-04-22", "PAK")]
    store.replace_story_outputs("s1", events, [], None)
    assert [e.id for e in store.events(country="ind")] == ["e1"]
    assert [e.id for e in store.events(type="assault")] == ["e2"]
    assert [e.id for e in store.events(since="2025-05")] == ["e1"]
    assert [e.id for e in store.events(until="2025-04")] == ["e2"]
    store.export_events(tmp_path / "ev.csv", events)
    store.export_events(tmp_path / "ev.parquet", events)
    rows = duckdb.sql(f"SELECT id, type FROM '{tmp_path / 'ev.parquet'}' ORDER BY id").fetchall()
    assert rows == [("e1", "CONSULT"), ("e2", "ASSAULT")]
    assert "CONSULT" in (tmp_path / "ev.csv").read_text()
    with pytest.raises(StoreError, match="csv or .parquet"):
        store.export_events(tmp_path / "ev.xlsx", events)
    store.drop_story_outputs([])
    assert store.events() == []
