"""Whether two sentences, or two figures, state one slot, and whether they agree.

Pairwise tests only: :mod:`newsfuse.fuse.claims` keeps rival sentences apart with them and
:mod:`newsfuse.fuse.conflicts` turns the rival pairs into records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from newsfuse.fuse.figures import _CASUALTY_SLOTS, _WEAK_UNITS, Figure, _times_agree
from newsfuse.fuse.sentences import SentenceInfo, similarity
from newsfuse.fuse.words import _MONTHS, _STOP, _WORD
from newsfuse.settings import FuseSettings


def _same_place(a: str, b: str) -> bool:
    a1, b1 = a.lower(), b.lower()
    if fuzz.token_set_ratio(a1, b1) >= 85:
        return True
    fa, fb = a1.split()[0], b1.split()[0]
    return fa.startswith(fb) or fb.startswith(fa)


def _known_place(name: str, gazetteer: frozenset[str]) -> bool:
    return name.lower() in gazetteer


def slot_conflicts(s: SentenceInfo, t: SentenceInfo, gazetteer: frozenset[str] = frozenset()) -> list[str]:
    """Slots on which two similar sentences give different values: numbers (one value a side, same
    time), dates (at the precision both give, when the words around them match) and places (only
    known place names in matching contexts). A slot missing from one side is not a conflict.

    Numbers here only tell two happenings apart ("12 killed by a 5.9 quake" / "9,000 killed by a 7.8
    quake" differ on two slots); the number conflicts a brief reports come from :class:`Figure` links.
    """
    out: list[str] = []
    qs: dict[str, set[str]] = defaultdict(set)
    qt: dict[str, set[str]] = defaultdict(set)
    for slot, v in s.quantities:
        qs[slot].add(v)
    for slot, v in t.quantities:
        qt[slot].add(v)
    if _same_time(s, t):
        for slot in sorted(qs.keys() & qt.keys()):
            if len(qs[slot]) == 1 and len(qt[slot]) == 1 and qs[slot] != qt[slot]:
                out.append(slot)
    if s.dates and t.dates and _dates_disagree(s, t):
        out.append("date")
    ps = [p for p in s.places if _known_place(p[0], gazetteer)]
    pt = [p for p in t.places if _known_place(p[0], gazetteer)]
    if (
        ps
        and pt
        and not any(_same_place(a[0], b[0]) for a in ps for b in pt)
        and any(_context(s, a[1], a[2]) & _context(t, b[1], b[2]) for a in ps for b in pt)
    ):
        out.append("place")
    return out


def _same_time(s: SentenceInfo, t: SentenceInfo) -> bool:
    """Whether two sentences can be about the same moment: both undated, or dated compatibly.

    "27 per cent in January" and "28 per cent" are two readings of a rate, not a disagreement;
    neither are a toll "in April 2015" and one from today's quake.
    """
    if not s.dates or not t.dates:
        return not s.dates and not t.dates
    for x in s.dates:
        for y in t.dates:
            pairs = [(p, q) for p, q in zip(x.key(), y.key(), strict=True) if p is not None and q is not None]
            if pairs and all(p == q for p, q in pairs):
                return True
    return False


def _context(s: SentenceInfo, a: int, b: int) -> set[str]:
    """Content words within a few words of ``s.text[a:b]`` (a date, a place): what it is the date
    or the place *of*. Two values conflict only when their contexts overlap."""
    before = [w.lower() for w in _WORD.findall(s.text[:a])][-4:]
    after = [w.lower() for w in _WORD.findall(s.text[b:])][:4]
    return {
        w.rstrip("s") for w in (*before, *after) if w not in _STOP and w[0].isalpha() and w not in _MONTHS
    }


def _dates_disagree(s: SentenceInfo, t: SentenceInfo) -> bool:
    """True when the sentences date the same thing differently.

    Two dates are about the same thing when the words around them overlap ("attack on May 5" vs
    "attack on May 6"); a sentence that dates the meeting and one that dates the attack behind it
    do not disagree. Any compatible pair (equal at the components both give) means agreement.
    """
    rival = False
    for x in s.dates:
        for y in t.dates:
            pairs = [(p, q) for p, q in zip(x.key(), y.key(), strict=True) if p is not None and q is not None]
            if not pairs or all(p == q for p, q in pairs):
                return False
            if _context(s, x.start - s.start, x.end - s.start) & _context(
                t, y.start - t.start, y.end - t.start
            ):
                rival = True
    return rival


def _figure_links(
    sentences: Sequence[SentenceInfo], sims: dict[tuple[int, int], float], settings: FuseSettings
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of figures (sentence index, figure index) that state one slot: same unit and role,
    same time, about the same thing. Equal values corroborate, different values disagree."""
    by_unit: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, s in enumerate(sentences):
        for k, f in enumerate(s.figures):
            if f.unit and f.role in {"", "from", "by", "target"}:
                by_unit[f.unit].append((i, k))
    crowded = _crowded(sentences, by_unit)
    links = []
    for figs in by_unit.values():
        for x in range(len(figs)):
            for y in range(x + 1, len(figs)):
                a, b = figs[x], figs[y]
                f, g = sentences[a[0]].figures[a[1]], sentences[b[0]].figures[b[1]]
                if f.value != g.value and a[0] != b[0] and (a in crowded or b in crowded):
                    continue
                if _comparable(sentences, a, b, sims, settings):
                    links.append((a, b))
    return links


def _crowded(
    sentences: Sequence[SentenceInfo], by_unit: dict[str, list[tuple[int, int]]]
) -> set[tuple[int, int]]:
    """Figures whose article gives three or more values of their unit in like words: "46 percent
    black", "14 percent black", "19 percent black" are several subjects' figures, not one slot's,
    so none of them rivals another source's. Tolls are exempt (updated tolls are the rule)."""
    out: set[tuple[int, int]] = set()
    for unit, figs in by_unit.items():
        if unit in _CASUALTY_SLOTS:
            continue
        per_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for x in figs:
            if sentences[x[0]].figures[x[1]].role == "":
                per_article[sentences[x[0]].article_id].append(x)
        for members in per_article.values():
            for x in members:
                f = sentences[x[0]].figures[x[1]]
                alike = {
                    sentences[y[0]].figures[y[1]].value
                    for y in members
                    if y == x or f.context & sentences[y[0]].figures[y[1]].context
                }
                if len(alike) >= 3:
                    out.add(x)
    return out


def _comparable(
    sentences: Sequence[SentenceInfo],
    a: tuple[int, int],
    b: tuple[int, int],
    sims: dict[tuple[int, int], float],
    fs: FuseSettings,
) -> bool:
    """Whether figure ``a`` and figure ``b`` (sentence index, figure index) state one slot."""
    s, t = sentences[a[0]], sentences[b[0]]
    f, g = s.figures[a[1]], t.figures[b[1]]
    if f.role != g.role or not _times_agree(f, g):
        return False
    if a[0] == b[0]:
        # One sentence reporting two sources' figures: "X measured it at 5.9, while Y put it at 5.7".
        return f.value != g.value and bool(f.source and g.source) and f.source != g.source
    if s.article_id == t.article_id:
        return False

    def sim() -> float:
        # Pairs the stem index did not propose (they share only common words) are scored here,
        # and only when a rule needs the score.
        got = sims.get((min(a[0], b[0]), max(a[0], b[0])))
        return similarity(s, t) if got is None else got

    shared = len(f.context & g.context)
    if f.value == g.value:
        return "." in f.text or f.value >= 1000 or shared >= 1 or sim() >= fs.figure_similarity
    # One value a side, and neither sentence gives the other's value at all: a sentence giving
    # several cannot say which one rivals ("17 km deep, 40 km away", "$5 million and another $4.9",
    # "29 charges, including 11 counts" / "29 counts").
    if (
        len({x.value for x in s.figures if x.unit == f.unit and x.role == f.role}) != 1
        or len({y.value for y in t.figures if y.unit == f.unit and y.role == f.role}) != 1
        or any(x.value == g.value for x in s.figures)
        or any(y.value == f.value for y in t.figures)
    ):
        return False
    # Named subjects around both figures that have nothing in common: "$4.9 million from SkyBridge"
    # is no rival of "$200,000 from Hastings Capital".
    if f.names and g.names and not f.names & g.names and f.unit not in _CASUALTY_SLOTS:
        return False  # (a toll's names are its place and its source, which outlets vary)
    if _other_happening(s, t, f.unit) or _compatible(f, g):
        return False
    if f.unit in _CASUALTY_SLOTS:
        return sim() >= fs.toll_conflict_threshold
    if f.unit in _WEAK_UNITS:
        return shared >= 2 and sim() >= fs.claim_threshold + 0.15
    # What a number measures is in the words around it: at least one in common, always.
    return shared >= 2 or (shared >= 1 and sim() >= fs.figure_similarity)


def _compatible(f: Figure, g: Figure) -> bool:
    """Different numbers that do not contradict: "more than a dozen" and 13, "about 200" and 196."""
    low, high = sorted((f, g), key=lambda x: x.value)
    if low.hedge == "over":
        return True
    return "about" in {f.hedge, g.hedge} and high.value - low.value <= 0.05 * high.value


def _other_happening(s: SentenceInfo, t: SentenceInfo, unit: str) -> bool:
    """Two sentences that also differ on another figure tell two happenings alike: "12 killed by a
    5.9 quake" is no rival of "9,000 killed by a 7.8 quake". Tolls may move together ("3 dead, 19
    hurt" / "4 dead, 23 hurt" is one quake counted twice), so a second differing toll does not
    count against a toll."""
    for u in {f.unit for f in s.figures} - {unit}:
        if u in _WEAK_UNITS or (unit in _CASUALTY_SLOTS and u in _CASUALTY_SLOTS):
            continue
        mine = {x.value for x in s.figures if x.unit == u and not x.role}
        theirs = {y.value for y in t.figures if y.unit == u and not y.role}
        if len(mine) == 1 and len(theirs) == 1 and mine != theirs:
            return True
    return False
