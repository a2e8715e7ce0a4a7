"""Claims: sentences of different articles that state one thing, grouped; ranked; themed.

Groups are built from the most similar pair down, refusing merges of one article's sentences or
of rival sentences; a claim's weight is the number of distinct lineages behind it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsfuse.fuse.rules import RULES
from newsfuse.fuse.sentences import SentenceInfo, Stemmer, _resolve_bare, analyse_article, similarity
from newsfuse.fuse.slots import _figure_links, slot_conflicts
from newsfuse.models import Article, Claim, Event, Lineage, Reuse, Span, content_id
from newsfuse.settings import FuseSettings


class _Clusters:
    """Union-find over sentences that refuses merges putting two sentences of one article, or two
    conflicting sentences, in one claim."""

    def __init__(self, sentences: Sequence[SentenceInfo], conflicts: set[tuple[int, int]]) -> None:
        self.parent = list(range(len(sentences)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(sentences))}
        self.articles: dict[int, set[str]] = {i: {s.article_id} for i, s in enumerate(sentences)}
        self.conflicts = conflicts

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b or self.articles[a] & self.articles[b]:
            return False
        if any((min(x, y), max(x, y)) in self.conflicts for x in self.members[a] for y in self.members[b]):
            return False
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))
        self.articles[a] |= self.articles.pop(b)
        return True

    def groups(self) -> list[list[int]]:
        return [sorted(m) for m in self.members.values()]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _reuse_pairs(sentences: Sequence[SentenceInfo], reuses: Sequence[Reuse]) -> dict[tuple[int, int], float]:
    """Sentence pairs covered by an aligned reuse passage (at least half of each sentence).

    In a passage spanning several sentences, only pairs that also look alike are taken, so the
    alignment does not pair a paragraph's first sentence with the other's third.
    """
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        by_article[s.article_id].append(i)
    out: dict[tuple[int, int], float] = {}
    for reuse in reuses:
        for p in reuse.passages:
            left = [
                i
                for i in by_article.get(p.a.article_id, [])
                if _overlap(sentences[i].start, sentences[i].end, p.a.start, p.a.end)
                >= 0.5 * (sentences[i].end - sentences[i].start)
            ]
            right = [
                j
                for j in by_article.get(p.b.article_id, [])
                if _overlap(sentences[j].start, sentences[j].end, p.b.start, p.b.end)
                >= 0.5 * (sentences[j].end - sentences[j].start)
            ]
            single = len(left) == 1 and len(right) == 1  # the passage *is* this sentence pair
            for i in left:
                for j in right:
                    if single or similarity(sentences[i], sentences[j]) >= 0.4:
                        out[(min(i, j), max(i, j))] = max(out.get((min(i, j), max(i, j)), 0.0), p.score)
    return out


@dataclass(slots=True)
class _Analysis:
    sentences: list[SentenceInfo]
    groups: list[list[int]]
    sims: dict[tuple[int, int], float]
    conflict_pairs: dict[tuple[int, int], list[str]]
    lineage_of: dict[str, str]
    support: list[float] = field(default_factory=list)  # soft cross-lineage support per sentence
    # (sentence, figure) pairs stating one slot: corroborating or rival values
    figure_links: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def _analyse(
    articles: Sequence[Article],
    lineage_of: dict[str, str],
    reuses: Sequence[Reuse],
    settings: FuseSettings,
    gazetteer: frozenset[str],
    reference: str | None = None,
) -> _Analysis:
    """Sentences, their pairwise similarities across articles, conflicting pairs and claim groups.

    Groups are built greedily from the most similar pair down to ``claim_threshold``; a merge that
    would put two sentences of one article, or two conflicting sentences, in one group is refused.
    """
    stemmer = Stemmer()
    dated = sorted(a.published.value for a in articles if a.published.value)
    reference = reference or (dated[0] if dated else None)
    sentences = _resolve_bare(
        [
            s
            for a in articles
            for s in analyse_article(a, stemmer, reference)
            if not s.heading and s.words >= settings.min_words
        ]
    )
    sims: dict[tuple[int, int], float] = {}
    conflict_pairs: dict[tuple[int, int], list[str]] = {}
    # Inverted index on stems: only pairs sharing a content word are scored.
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        for st in s.stems:
            index[st].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    df = {st: len(ids) for st, ids in index.items()}
    # A stem in most sentences (the story's own topic words) proposes every pair: skip it as a
    # proposer (it still counts in the similarity); the cap keeps big stories near-linear.
    limit = max(8, min(len(sentences) // 2, 300))
    for st, ids in index.items():
        if df[st] > limit:
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]
                if sentences[i].article_id != sentences[j].article_id:
                    shared[(i, j)] += 1
    for (i, j), n in shared.items():
        if n < 2:
            continue
        score = similarity(sentences[i], sentences[j])
        if score >= min(settings.conflict_threshold, settings.claim_threshold) * 0.6:
            sims[(i, j)] = score
    for pair, score in _reuse_pairs(sentences, reuses).items():
        if sentences[pair[0]].article_id != sentences[pair[1]].article_id:
            sims[pair] = max(sims.get(pair, 0.0), min(1.0, max(score, settings.claim_threshold)))
    links = _figure_links(sentences, sims, settings)
    # Sentences whose figures disagree are never one claim.
    apart = {
        (min(a[0], b[0]), max(a[0], b[0]))
        for a, b in links
        if a[0] != b[0] and sentences[a[0]].figures[a[1]].value != sentences[b[0]].figures[b[1]].value
    }
    for (i, j), score in sims.items():
        if score >= settings.conflict_threshold:
            slots = slot_conflicts(sentences[i], sentences[j], gazetteer)
            # A date or place that differs alone is a disagreement; with other differing values
            # (toll, magnitude, year) it marks two different happenings told alike: kept apart only.
            if len(slots) == 1 and slots[0] in {"date", "place"}:
                conflict_pairs[(i, j)] = slots
            if slots:
                apart.add((i, j))
    clusters = _Clusters(sentences, apart)
    for (i, j), score in sorted(sims.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < settings.claim_threshold:
            break
        clusters.union(i, j)
    analysis = _Analysis(sentences, clusters.groups(), sims, conflict_pairs, lineage_of, figure_links=links)
    analysis.support = _soft_support(analysis)
    return analysis


def _soft_support(an: _Analysis) -> list[float]:
    """Per sentence: sum over the *other* lineages of its best similarity to one of their sentences.

    The graded version of "how many independent sources say this": it ranks lead sentences when
    outlets paraphrase too freely for the claim threshold.
    """
    best: dict[tuple[int, str], float] = {}
    for (i, j), score in an.sims.items():
        li = an.lineage_of[an.sentences[i].article_id]
        lj = an.lineage_of[an.sentences[j].article_id]
        if li == lj:
            continue
        best[(i, lj)] = max(best.get((i, lj), 0.0), score)
        best[(j, li)] = max(best.get((j, li), 0.0), score)
    out = [0.0] * len(an.sentences)
    for (i, _), score in best.items():
        out[i] += score
    return out


def rank_sentences(
    articles: Sequence[Article],
    lineages: Sequence[Lineage] = (),
    reuses: Sequence[Reuse] = (),
    settings: FuseSettings | None = None,
) -> list[Claim]:
    """All claims of a set of articles, best first (the order the lead takes them in).

    Exposed for benchmarks and callers that want more than the brief's few lead facts.
    """
    settings = settings or FuseSettings()
    lineage_of = _lineage_map(articles, lineages)
    an = _analyse(articles, lineage_of, reuses, settings, frozenset())
    claims, scores = _claims(an, "", articles, settings)
    order = sorted(range(len(claims)), key=lambda k: -scores[k])
    return _mmr([claims[k] for k in order], [scores[k] for k in order], an, settings, limit=None, words=None)


def _lineage_map(articles: Sequence[Article], lineages: Sequence[Lineage]) -> dict[str, str]:
    out = {a: lin.id for lin in lineages for a in lin.article_ids}
    for a in articles:
        out.setdefault(a.id, a.id)
    return out


# A sentence opening on a pronoun or a link to the one before ("Since then", "But") leans on
# context the lead does not carry.
_ANAPHORA = re.compile(r"[\"“‘']?(?:" + "|".join(RULES.patterns["anaphora"]) + r")\b", re.IGNORECASE)


def _claims(
    an: _Analysis, story_id: str, articles: Sequence[Article], fs: FuseSettings
) -> tuple[list[Claim], list[float]]:
    """One Claim per sentence group, with its ranking score.

    The score adds the share of the story's lineages that state the claim, its soft cross-lineage
    support (paraphrases below the claim threshold still count a little), and a position prior:
    news puts the facts first, so an early sentence of a long-enough length scores higher.
    """
    claims: list[Claim] = []
    scores: list[float] = []
    order = {a.id: k for k, a in enumerate(articles)}
    n_lineages = max(1, len(set(an.lineage_of.values())))
    rank: dict[int, float] = {}
    per_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(an.sentences):
        per_article[s.article_id].append(i)
    first_rank: dict[int, int] = {}
    for ids in per_article.values():
        for r, i in enumerate(sorted(ids, key=lambda i: an.sentences[i].start)):
            rank[i] = r / max(1, len(ids))
            first_rank[i] = r
    for group in an.groups:
        members = sorted(group, key=lambda i: (order[an.sentences[i].article_id], an.sentences[i].start))
        rep = max(
            members,
            key=lambda i: (
                sum(an.sims.get((min(i, j), max(i, j)), 0.0) for j in members if j != i),
                -an.sentences[i].position,
                -order[an.sentences[i].article_id],
            ),
        )
        s = an.sentences[rep]
        lineage_ids = tuple(sorted({an.lineage_of[an.sentences[i].article_id] for i in members}))
        evidence = tuple(an.sentences[i].span for i in members)
        claim = Claim(
            id=content_id(story_id, *(f"{e.article_id}:{e.start}:{e.end}" for e in evidence)),
            text=s.text,
            article_ids=tuple(an.sentences[i].article_id for i in members),
            independent_sources=len(lineage_ids),
            evidence=evidence,
            lineage_ids=lineage_ids,
        )
        claims.append(claim)
        support = max(an.support[i] for i in members) / max(1, n_lineages - 1)
        position = min(rank[i] for i in members)
        first = min(first_rank[i] for i in members)
        length = min(1.0, s.words / fs.full_length)
        scores.append(
            fs.w_sources * (len(lineage_ids) - 1) / max(1, n_lineages - 1)
            + fs.w_centrality * support
            + fs.w_position * (1.0 - position) * length
            + (fs.w_first if first == 0 else 0.0)
            - (fs.w_anaphora if _ANAPHORA.match(s.text) else 0.0)
        )
    return claims, scores


def _cosine(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _mmr(
    claims: Sequence[Claim],
    scores: Sequence[float],
    an: _Analysis,
    settings: FuseSettings,
    limit: int | None,
    words: int | None,
) -> list[Claim]:
    """Greedy pick in score order, skipping claims too close to one already picked."""
    stems_of = {(s.article_id, s.start): s.stems for s in an.sentences}
    picked: list[Claim] = []
    picked_stems: list[frozenset[str]] = []
    total = 0
    for claim, _score in zip(claims, scores, strict=True):
        stems = frozenset().union(
            *(stems_of.get((e.article_id, e.start), frozenset()) for e in claim.evidence)
        )
        if any(_cosine(stems, p) > settings.redundancy for p in picked_stems):
            continue
        picked.append(claim)
        picked_stems.append(stems)
        total += len(claim.text.split())
        if (limit is not None and len(picked) >= limit) or (words is not None and total >= words):
            break
    return picked


def _themes(claims: Sequence[Claim], an: _Analysis, events: Sequence[Event]) -> list[Claim]:
    """Label each claim with a cheap theme: the event whose evidence it overlaps, else its key terms.

    Key terms are the entities and stems that occur in a few of the story's claims, not in most
    (every claim of an India-Japan story names India and Japan). Claims, best first, join the
    theme they share the most key terms with (an entity counts double), or open a new one; a theme
    is named after its most frequent key entity, a phrase the sources wrote.
    """
    info = {(s.article_id, s.start): s for s in an.sentences}
    terms: list[tuple[set[str], set[str]]] = []
    for claim in claims:
        ents: set[str] = set()
        stems: set[str] = set()
        for e in claim.evidence:
            s = info.get((e.article_id, e.start))
            if s is not None:
                ents |= set(s.entities)
                stems |= set(s.stems)
        terms.append((ents, stems))
    df: Counter[str] = Counter()
    for ents, stems in terms:
        df.update({f"e:{x}" for x in ents} | {f"s:{x}" for x in stems})
    common = max(2, int(0.25 * len(claims)))
    out: list[Claim] = []
    themes: list[tuple[set[str], set[str], Counter[str]]] = []
    for claim, (ents, stems) in zip(claims, terms, strict=True):
        event = next((ev for ev in events if _overlaps_any(claim.evidence, ev.evidence)), None)
        if event is not None:
            out.append(replace(claim, theme=_event_label(event)))
            continue
        k_ents = {x for x in ents if df[f"e:{x}"] <= common}
        k_stems = {x for x in stems if df[f"s:{x}"] <= common and df[f"s:{x}"] >= 2}
        best, best_score = -1, 0
        for k, (t_ents, t_stems, _) in enumerate(themes):
            score = 2 * len(k_ents & t_ents) + len(k_stems & t_stems)
            if score >= 3 and score > best_score:
                best, best_score = k, score
        if best < 0:
            # A theme keeps its founding claim's key terms: joining claims do not widen it, so one
            # theme cannot snowball over the whole story.
            themes.append((set(k_ents), set(k_stems), Counter()))
            best = len(themes) - 1
        themes[best][2].update(k_ents)
        out.append(replace(claim, theme=f"\x00{best}"))
    labels = {}
    for k, (_, _, counter) in enumerate(themes):
        labels[f"\x00{k}"] = (
            _title_case(max(counter.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0])
            if counter
            else "Other facts"
        )
    return [replace(c, theme=labels[c.theme]) if c.theme in labels else c for c in out]


def _title_case(phrase: str) -> str:
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in phrase.split())


def _overlaps_any(a: Sequence[Span], b: Sequence[Span]) -> bool:
    return any(
        x.article_id == y.article_id and _overlap(x.start, x.end, y.start, y.end) > 0 for x in a for y in b
    )


def _event_label(ev: Event) -> str:
    names = ", ".join(a.name for a in (*ev.actors, *ev.recipients)[:3])
    return f"{ev.type.title()}: {names}" if names else ev.type.title()
