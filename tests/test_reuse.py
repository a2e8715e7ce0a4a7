"""Reuse and lineage: seeds (real pages), our own fixtures, datasketch compatibility, incremental state."""

from __future__ import annotations

import dataclasses
import importlib
import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from datasketch import MinHash

from newsfuse.models import Article, Lineage, Reuse, When, content_id
from newsfuse.reuse import (
    ReuseIndex,
    detect_reuse,
    minhash_signature,
    sentence_units,
    shared_quotes,
    shingles,
)
from newsfuse.settings import CleanSettings, IngestSettings, ReuseSettings

_DATE = re.compile(r"\s*date (\d{4}-\d{2}-\d{2})\s+")


def _article(aid: str, text: str, published: str | None = None, credit: str | None = None) -> Article:
    when = When(published, "day") if published else When.unknown("not given in the test")
    return Article(aid, aid, f"test:{aid}", None, None, None, credit, "en", when, text)


def _raw_seed_article(path: Path) -> Article:
    """Minimal stand-in for the clean stage: the raw seed text, with its leading date marker as the date."""
    text = path.read_text(encoding="utf-8")
    m = _DATE.match(text)
    published = m.group(1) if m else None
    return _article(path.stem[:3], text[m.end() :] if m else text, published)


def _clean_seed_article(path: Path) -> Article | None:
    """The real clean stage when it exists and works on this seed; None otherwise."""
    try:
        clean = importlib.import_module("newsfuse.clean")
        ingest = importlib.import_module("newsfuse.ingest")
        clean_document = clean.clean_document
        docs = list(ingest.iter_documents([path], IngestSettings()))
        article = clean_document(docs[0], CleanSettings())
    except Exception:
        return None
    if not isinstance(article, Article) or len(article.text.split()) < 40:
        return None
    return dataclasses.replace(article, id=path.stem[:3])


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> list[Article]:
    paths = sorted(seeds_dir.glob("*.txt"))
    cleaned = [_clean_seed_article(p) for p in paths]
    if all(a is not None for a in cleaned):
        return [a for a in cleaned if a is not None]
    return [_raw_seed_article(p) for p in paths]


@pytest.fixture(scope="module")
def seed_index(seed_articles: list[Article]) -> ReuseIndex:
    index = ReuseIndex(ReuseSettings())
    index.add(seed_articles)
    return index


def _lineage_of(lineages: Sequence[Lineage], aid: str) -> Lineage:
    (lineage,) = [lin for lin in lineages if aid in lin.article_ids]
    return lineage


def _edge(reuses: Sequence[Reuse], x: str, y: str) -> Reuse | None:
    for r in reuses:
        if {r.a, r.b} == {x, y}:
            return r
    return None


# -- seeds ---------------------------------------------------------------------------------------


def test_seed_lineages(seed_index: ReuseIndex) -> None:
    lineages = seed_index.lineages()
    assert sorted(a for lin in lineages for a in lin.article_ids) == ["000", "001", "002", "003", "004"]
    assert _lineage_of(lineages, "001") == _lineage_of(lineages, "004")
    assert _lineage_of(lineages, "000") == _lineage_of(lineages, "003")
    assert _lineage_of(lineages, "002").article_ids == ("002",)
    # 003 and 004 share the ministry's statement (quoted in 003): that alone is not a reuse edge.
    assert _edge(seed_index.reuses(), "003", "004") is None


def test_seed_rewrite_edge(seed_index: ReuseIndex) -> None:
    edge = _edge(seed_index.reuses(), "000", "003")
    assert edge is not None and edge.kind == "rewrite"
    assert edge.passages and all(0.0 < f <= 1.0 for f in edge.shared)
    near = _edge(seed_index.reuses(), "001", "004")
    assert near is not None and near.kind in ("near", "rewrite")
    assert min(near.shared) > 0.5


def test_seed_shared_quotes(seed_index: ReuseIndex, seed_articles: list[Article]) -> None:
    quotes = seed_index.shared_quotes()
    in_003 = [
        p.a.text if p.a.article_id == "003" else p.b.text
        for p in quotes
        if "003" in (p.a.article_id, p.b.article_id)
    ]
    assert any("long-term friendship, which has further gained qualitative momentum" in t for t in in_003)
    assert any("Defence exchanges between India and Japan have gained strength" in t for t in in_003)
    texts_by_id = {a.id: a.text for a in seed_articles}
    for p in quotes:
        assert p.quote and p.a.article_id != p.b.article_id
        for span in (p.a, p.b):
            assert texts_by_id[span.article_id][span.start : span.end] == span.text


def test_seed_quotes_alone_do_not_link(seed_articles: list[Article]) -> None:
    """003 and 004 on their own: they share the ministry's statement and little else."""
    pair = [a for a in seed_articles if a.id in ("003", "004")]
    index = ReuseIndex(ReuseSettings())
    assert index.add(pair) == []
    quoted = [p for p in index.shared_quotes() if "qualitative momentum" in p.a.text]
    assert quoted and all(p.quote for p in quoted)


def test_passage_spans_point_into_article_text(seed_index: ReuseIndex, seed_articles: list[Article]) -> None:
    texts = {a.id: a.text for a in seed_articles}
    for r in seed_index.reuses():
        for p in r.passages:
            assert p.a.article_id == r.a and p.b.article_id == r.b
            assert texts[r.a][p.a.start : p.a.end] == p.a.text
            assert texts[r.b][p.b.start : p.b.end] == p.b.text


def test_seed_origin(seed_index: ReuseIndex, seed_articles: list[Article]) -> None:
    by_id = {a.id: a for a in seed_articles}
    for lin in seed_index.lineages():
        assert lin.origin_id in lin.article_ids
        assert lin.id == content_id("lineage", lin.origin_id)
        origin = by_id[lin.origin_id]
        values = [by_id[a].published.value for a in lin.article_ids if by_id[a].published.value]
        if not origin.credit and values:
            assert origin.published.value == min(values)


# -- our fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def harbour(fixtures_dir: Path) -> dict[str, str]:
    folder = fixtures_dir / "reuse"
    return {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}


def test_shared_quotes_alone_are_not_reuse(harbour: dict[str, str]) -> None:
    arts = [_article("wire", harbour["wire"]), _article("indep", harbour["independent"])]
    index = ReuseIndex(ReuseSettings(candidate_floor=0.01))
    assert index.add(arts) == []
    assert len(index.lineages()) == 2
    quotes = index.shared_quotes()
    assert len(quotes) == 2 and all(p.quote for p in quotes)
    assert all("harbour master" in p.a.text or "statement added" in p.a.text for p in quotes)


def test_rewrite_with_split_sentence(harbour: dict[str, str]) -> None:
    arts = [_article("wire", harbour["wire"], "2024-03-05"), _article("rw", harbour["rewrite"], "2024-03-06")]
    reuses, lineages = detect_reuse(arts, ReuseSettings())
    assert len(reuses) == 1 and len(lineages) == 1
    (r,) = reuses
    assert (r.a, r.b, r.kind) == ("wire", "rw", "rewrite")
    # "Tugs worked ... free. Falling tides, however, ..." is one sentence of the wire split in two
    assert any("Tugboats spent" in p.a.text and "Falling tides" in p.b.text for p in r.passages)
    assert lineages[0].origin_id == "wire"


def test_exact_near_kinds_and_direction(harbour: dict[str, str]) -> None:
    wire = harbour["wire"]
    near = "Updated at 10:00 GMT with the port's statement on traffic delays.\n\n" + wire.rsplit("\n\n", 2)[0]
    arts = [
        _article("copy", wire, "2024-03-06"),
        _article("src", wire, "2024-03-05"),
        _article("near", near, "2024-03-07"),
    ]
    reuses, lineages = detect_reuse(arts, ReuseSettings())
    kinds = {frozenset((r.a, r.b)): r for r in reuses}
    exact = kinds[frozenset(("copy", "src"))]
    assert exact.kind == "exact" and exact.shared == (1.0, 1.0)
    assert (exact.a, exact.b) == ("src", "copy")  # the earlier article is the source
    assert [r.kind for r in reuses if "near" in (r.a, r.b)] == ["near"]
    assert len(lineages) == 1 and lineages[0].origin_id == "src"


def test_wire_credit_breaks_date_ties(harbour: dict[str, str]) -> None:
    arts = [
        _article("b-outlet", harbour["wire"], "2024-03-05"),
        _article("z-wire", harbour["wire"], "2024-03-05", "PTI"),
    ]
    (_, lineages) = detect_reuse(arts)
    assert lineages[0].origin_id == "z-wire"


# -- incremental state ---------------------------------------------------------------------------


def test_incremental_equals_batch(seed_articles: list[Article], harbour: dict[str, str]) -> None:
    arts = [*seed_articles, _article("wire", harbour["wire"]), _article("rw", harbour["rewrite"])]
    _, batch = detect_reuse(arts)
    index = ReuseIndex(ReuseSettings())
    first = index.add(arts[:3])
    second = index.add(arts[3:])
    assert index.lineages() == batch
    assert index.reuses() == first + second
    assert index.add(arts) == []  # already indexed: a no-op
    assert index.lineages() == batch


def test_lineage_id_stable_as_copies_join(harbour: dict[str, str]) -> None:
    index = ReuseIndex(ReuseSettings())
    index.add([_article("wire", harbour["wire"], "2024-03-05")])
    before = index.lineage_of("wire")
    index.add([_article("rw", harbour["rewrite"], "2024-03-06")])
    index.add([_article("copy", harbour["wire"], "2024-03-07")])
    assert index.lineage_of("wire") == index.lineage_of("rw") == index.lineage_of("copy") == before


def test_to_bytes_round_trip(harbour: dict[str, str], seed_articles: list[Article]) -> None:
    settings = ReuseSettings()
    index = ReuseIndex(settings)
    index.add([*seed_articles, _article("wire", harbour["wire"])])
    restored = ReuseIndex.from_bytes(index.to_bytes(), settings)
    assert restored.lineages() == index.lineages()
    assert restored.reuses() == index.reuses()
    assert restored.shared_quotes() == index.shared_quotes()
    late = [_article("rw", harbour["rewrite"])]
    assert restored.add(late) == index.add(late)
    assert restored.lineages() == index.lineages()
    with pytest.raises(ValueError, match="other ReuseSettings"):
        ReuseIndex.from_bytes(index.to_bytes(), dataclasses.replace(settings, seed=2))


def test_every_article_in_exactly_one_lineage(seed_articles: list[Article], harbour: dict[str, str]) -> None:
    arts = [*seed_articles, *(_article(k, v) for k, v in harbour.items())]
    _, lineages = detect_reuse(arts)
    ids = [a for lin in lineages for a in lin.article_ids]
    assert sorted(ids) == sorted(a.id for a in arts)


# -- sketches and helpers ------------------------------------------------------------------------


def test_signature_equals_datasketch(harbour: dict[str, str]) -> None:
    items = shingles(harbour["wire"], 3)
    for seed in (1, 7):
        ours = minhash_signature(items, num_perm=64, seed=seed)
        theirs = MinHash(num_perm=64, seed=seed, hashfunc=zlib.crc32)
        theirs.update_batch(items)
        assert np.array_equal(ours, theirs.hashvalues)
    assert not np.array_equal(minhash_signature(items, seed=1), minhash_signature(items, seed=2))


def test_injected_hashfunc_is_used(harbour: dict[str, str]) -> None:
    calls: list[bytes] = []

    def counting(b: bytes) -> int:
        calls.append(b)
        return zlib.adler32(b)

    index = ReuseIndex(ReuseSettings(), hashfunc=counting)
    index.add([_article("wire", harbour["wire"])])
    assert calls and all(isinstance(c, bytes) for c in calls)


def test_sentence_units_mark_quotes_and_attribution() -> None:
    text = 'Water rose fast overnight. "We are ready," the mayor said. The council said roads would shut.'
    units = sentence_units(text)
    assert [text[s:e] for s, e, _ in units] == [
        "Water rose fast overnight.",
        '"We are ready," the mayor said.',
        "The council said roads would shut.",
    ]
    assert [q for _, _, q in units] == [False, True, True]


def test_shared_quotes_function_filters_quote_passages(seed_index: ReuseIndex) -> None:
    listed = shared_quotes(seed_index.reuses())
    assert all(p.quote for p in listed)
    assert set(listed) <= set(seed_index.shared_quotes())


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="candidate_floor"):
        ReuseIndex(ReuseSettings(candidate_floor=0.0))
    with pytest.raises(ValueError, match="num_perm"):
        ReuseIndex(ReuseSettings(num_perm=4))


def test_embeddings_rescue_grey_zone_sentences(harbour: dict[str, str]) -> None:
    """An injected encoder (the real one is the optional extra) accepts grey-zone sentence pairs."""
    vocab: dict[str, int] = {}
    synonyms = {"shut": "closed", "channel": "lane", "ship": "vessel", "tugs": "tugboats"}

    def encode(sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.zeros((len(sentences), 512), dtype=np.float32)
        for row, sentence in enumerate(sentences):
            for word in re.findall(r"\w+", sentence.lower()):
                word = synonyms.get(word, word)
                out[row, vocab.setdefault(word, len(vocab)) % 512] += 1.0
        return out

    arts = [_article("wire", harbour["wire"]), _article("rw", harbour["rewrite"])]
    strict = dataclasses.replace(ReuseSettings(), rewrite_score=95.0, min_containment=0.6)
    assert ReuseIndex(strict).add(arts) == []
    with_embed = dataclasses.replace(strict, use_embeddings=True, embed_floor=40.0, embed_cosine=0.6)
    edges = ReuseIndex(with_embed, encoder=encode).add(arts)
    assert len(edges) == 1 and edges[0].kind == "rewrite"


def test_worker_processes_give_the_same_result(seed_articles: list[Article], harbour: dict[str, str]) -> None:
    arts = [*seed_articles, *(_article(k, v) for k, v in sorted(harbour.items()))]
    serial = ReuseIndex(ReuseSettings())
    serial.add(arts)
    parallel = ReuseIndex(ReuseSettings(processes=2, parallel_min_batch=2))
    parallel.add(arts)
    assert parallel.reuses() == serial.reuses()
    assert parallel.lineages() == serial.lineages()


@pytest.mark.slow
def test_generated_corpus_gate(shared_dir: Path) -> None:
    """Evaluation gate: pairwise F1 >= 0.95 on every copy class of a generated syndicated corpus."""
    import sys

    bench = Path(__file__).resolve().parents[1] / "bench"
    sys.path.insert(0, str(bench))
    try:
        syndicate = importlib.import_module("syndicate")
        reuse_bench = importlib.import_module("reuse")
    finally:
        sys.path.remove(str(bench))
    items = syndicate.generate(shared_dir / "data" / "bbc-fulltext" / "bbc", 1500, 1).items
    labels, _, _ = reuse_bench.run_newsfuse(items, ReuseSettings())
    truth, classes = syndicate.truth_arrays(items)
    cls = np.array(classes)
    for name in syndicate.CLASSES:
        _, _, f1, _ = reuse_bench.prf(labels, truth, cls == name)
        assert f1 >= 0.95, (name, f1)


# ----------------------------------------------------------------------------- the lead gate (#13)

_REPORT = (
    "On 5 May 2020, around 200 teachers gathered in {town} to protest against unpaid salaries. "
    "The gathering ended peacefully after the district officer promised to pay the arrears. "
    "Schools in the area stayed closed for the day."
)


def test_a_same_template_report_of_another_place_is_no_copy(gazetteer: object) -> None:
    """Reports in one house style share every word but the place: without the gate they are one
    lineage; with it, only the true copy joins its source."""
    from newsfuse.settings import StorySettings
    from newsfuse.story_gate import LeadReader

    sori = _article("sori", _REPORT.format(town="Sori (Gogounou, Alibori)"), "2020-05-06")
    copy = dataclasses.replace(sori, id="copy", document_id="copy", origin="copy")
    kandy = _article("kandy", _REPORT.format(town="Kandy (Kandy, Central)"), "2020-05-06")
    plain = ReuseIndex(ReuseSettings())
    plain.add([sori, copy, kandy])
    assert [sorted(lin.article_ids) for lin in plain.lineages()] == [["copy", "kandy", "sori"]]
    gated = ReuseIndex(ReuseSettings(), gate=LeadReader(gazetteer, StorySettings()))  # type: ignore[arg-type]
    gated.add([sori, copy, kandy])
    assert sorted(sorted(lin.article_ids) for lin in gated.lineages()) == [["copy", "sori"], ["kandy"]]
    assert gated.stats["gated"] >= 1
