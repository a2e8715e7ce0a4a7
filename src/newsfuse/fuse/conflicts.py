"""Conflict records: claims whose sentences give rival values of one slot (a date, a place, a
figure, a vote's outcome, a person's title), each value with its sentences and articles."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from newsfuse.fuse.claims import _Analysis
from newsfuse.fuse.dates import _keys_agree
from newsfuse.fuse.figures import _CASUALTY_SLOTS, Figure
from newsfuse.fuse.rules import RULES
from newsfuse.fuse.sentences import SentenceInfo
from newsfuse.fuse.slots import _known_place
from newsfuse.fuse.words import _light_stem
from newsfuse.models import Claim, Conflict, ConflictValue, Span


def _conflict_value(s: SentenceInfo, slot: str, gazetteer: frozenset[str]) -> tuple[str, str]:
    """(key, label) of a sentence's date or place: the key compares, the label is what the brief
    shows (an ISO date, a place as written)."""
    if slot == "date":
        label = ", ".join(d.label() for d in s.dates)
        return label, label
    label = ", ".join(p[0] for p in s.places if _known_place(p[0], gazetteer))
    return label.lower(), label


def _conflicts(
    an: _Analysis, claims: Sequence[Claim], gazetteer: frozenset[str]
) -> tuple[list[Conflict], dict[str, set[str]]]:
    """Conflict records by slot over the claims whose sentences disagree; and claim -> rivals."""
    claim_of: dict[int, int] = {}
    for k, group in enumerate(an.groups):
        for i in group:
            claim_of[i] = k
    # Union claims that conflict on one slot, so three outlets with 12, 14, 12 give one record.
    by_slot: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (i, j), slots in an.conflict_pairs.items():
        for slot in slots:
            by_slot[slot].append((claim_of[i], claim_of[j]))
    out: list[Conflict] = []
    rivals: dict[str, set[str]] = defaultdict(set)
    for slot, pairs in sorted(by_slot.items()):
        parent: dict[int, int] = {}

        def find(x: int, parent: dict[int, int] = parent) -> int:
            parent.setdefault(x, x)
            while parent[x] != x:
                x = parent[x]
            return x

        for a, b in pairs:
            parent[find(a)] = find(b)
            rivals[claims[a].id].add(claims[b].id)
            rivals[claims[b].id].add(claims[a].id)
        components: dict[int, list[int]] = defaultdict(list)
        for x in list(parent):
            components[find(x)].append(x)
        for comp in components.values():
            values: dict[str, tuple[str, list[str], list[Span]]] = {}
            for k in sorted(comp):
                for i in an.groups[k]:
                    s = an.sentences[i]
                    key, label = _conflict_value(s, slot, gazetteer)
                    if not key:
                        continue
                    _, ids, spans = values.setdefault(key, (label, [], []))
                    if s.article_id not in ids:
                        ids.append(s.article_id)
                        spans.append(s.span)
            if len(values) < 2:
                continue
            biggest = max(comp, key=lambda k: (claims[k].independent_sources, -k))
            out.append(
                Conflict(
                    slot=slot,
                    values=tuple(
                        ConflictValue(label, tuple(ids), tuple(spans))
                        for label, ids, spans in values.values()
                    ),
                    subject=claims[biggest].text,
                )
            )
    for found, their_rivals in (_figure_conflicts(an, claims), _vote_conflicts(an, claims)):
        out.extend(found)
        for claim_id, rival_ids in their_rivals.items():
            rivals[claim_id] |= rival_ids
    out.extend(_title_conflicts(an))
    return out, rivals


def _mark_rivals(
    rivals: dict[str, set[str]],
    claims: Sequence[Claim],
    claim_of: dict[int, int],
    these: Sequence[int],
    those: Sequence[int],
) -> None:
    """Record that the claims holding sentences ``these`` and those holding ``those`` gave rival
    values of one slot, both ways round (a claim is never its own rival)."""
    for i in these:
        for j in those:
            ci, cj = claims[claim_of[i]].id, claims[claim_of[j]].id
            if ci != cj:
                rivals[ci].add(cj)
                rivals[cj].add(ci)


def _figure_conflicts(an: _Analysis, claims: Sequence[Claim]) -> tuple[list[Conflict], dict[str, set[str]]]:
    """Conflict records from linked figures: one per group of figures stating one slot with at
    least two values; every value keeps its sentences as evidence and the articles behind it."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in an.figure_links:
        parent[find(a)] = find(b)
    groups: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for x in sorted(parent):
        groups[find(x)].append(x)
    claim_of = {i: k for k, group in enumerate(an.groups) for i in group}
    order = {a: k for k, a in enumerate(dict.fromkeys(s.article_id for s in an.sentences))}
    out: list[Conflict] = []
    rivals: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        figs = sorted(
            members, key=lambda x: (order[an.sentences[x[0]].article_id], an.sentences[x[0]].start, x[1])
        )
        values: dict[str, tuple[list[Figure], list[str], list[Span], list[int]]] = {}
        for i, k in figs:
            s = an.sentences[i]
            f = s.figures[k]
            found, ids, spans, sents = values.setdefault(f.key, ([], [], [], []))
            found.append(f)
            sents.append(i)
            if s.article_id not in ids:
                ids.append(s.article_id)
                spans.append(s.span)
        unit = an.sentences[figs[0][0]].figures[figs[0][1]].unit
        # Three or more values of one non-toll slot are mostly several slots told alike (tariff
        # rounds, survey answers); tolls do climb through several values.
        if len(values) < 2 or (len(values) > 2 and unit not in _CASUALTY_SLOTS):
            continue
        ranked = sorted(values.values(), key=lambda v: -len(v[1]))
        for n, one in enumerate(ranked):
            for other in ranked[n + 1 :]:
                _mark_rivals(rivals, claims, claim_of, one[3], other[3])
        out.append(
            Conflict(
                slot=_slot_label(unit, [v[0] for v in ranked]),
                values=tuple(
                    ConflictValue(_value_label(found), tuple(ids), tuple(spans))
                    for found, ids, spans, _ in ranked
                ),
                subject=ranked[0][2][0].text,
            )
        )
    return out, rivals


def _slot_label(unit: str, by_value: Sequence[Sequence[Figure]]) -> str:
    """What the brief calls a slot: the casualty class, the counted noun ("houses"), or the unit
    with the word the rival values share around them ("amount (trade)", "percent (inflation)")."""
    if unit in _CASUALTY_SLOTS or unit == "magnitude":
        return unit
    heads = Counter(f.head for figs in by_value for f in figs if f.head)
    if heads:
        return heads.most_common(1)[0][0]
    spelled: dict[str, str] = {}
    spread: Counter[str] = Counter()
    nearest: dict[str, int] = {}
    for figs in by_value:
        stems = set()
        for f in figs:
            for rank, w in enumerate(f.about):
                stem = _light_stem(w)
                stems.add(stem)
                spelled.setdefault(stem, w)
                nearest[stem] = min(nearest.get(stem, rank), rank)
        spread.update(stems)
    label = unit.split(":")[0]
    shared = [(-n, nearest[st], st) for st, n in spread.items() if n >= 2]
    return f"{label} ({spelled[min(shared)[2]]})" if shared else label


def _value_label(found: Sequence[Figure]) -> str:
    """The figure as a source wrote it (digits preferred), with who gave it when a sentence says."""
    text = next((f.text for f in found if any(c.isdigit() for c in f.text)), found[0].text)
    sources = list(dict.fromkeys(f.source for f in found if f.source))
    return f"{text} ({'; '.join(sources)})" if sources else text


# Vote outcomes: "voted unanimously" vs "by a majority" / "two members voted to hold" are a
# disagreement in words, not numbers.
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b|\bwithout (?:a )?(?:dissent|objection)\b", re.IGNORECASE)
_DIVIDED = re.compile(
    r"\bby (?:a|the)? ?(?:narrow |slim |simple |two-thirds )?majority\b|\bmajority vote\b|\bsplit (?:vote|decision)\b"
    r"|\b(?!all\b|the\b)(?:\w+) (?:" + "|".join(RULES.patterns["vote_member"]) + r")\b[^.;]{0,40}?"
    r"\b(?:had )?(?:voted|dissented) (?:to|against|for)\b|\bdissent(?:ed|ing)?\b|\b\d+[-–]\d+ vote\b"
    r"|\bvoted \d+[-–]\d+\b|\bby (?:\d+|\w+) votes? to (?:\d+|\w+)\b",
    re.IGNORECASE,
)
_VOTING_BODY = RULES.words["voting_bodies"]


def _vote_conflicts(an: _Analysis, claims: Sequence[Claim]) -> tuple[list[Conflict], dict[str, set[str]]]:
    """One body's vote told as unanimous by one source and as divided by another."""
    said: list[tuple[int, str, str]] = []  # (sentence, outcome, phrase)
    for i, s in enumerate(an.sentences):
        for pattern, outcome in ((_UNANIMOUS, "unanimous"), (_DIVIDED, "divided")):
            m = pattern.search(s.text)
            if m is not None:
                said.append((i, outcome, m.group()))
    bodies = {i: {w for w in s.norm.split() if w in _VOTING_BODY} for i, s in enumerate(an.sentences)}
    said = [x for x in said if bodies[x[0]]]
    parent = list(range(len(said)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for x in range(len(said)):
        for y in range(x + 1, len(said)):
            s, t = an.sentences[said[x][0]], an.sentences[said[y][0]]
            if (
                s.article_id != t.article_id
                and bodies[said[x][0]] & bodies[said[y][0]]
                and _keys_agree(s.past, t.past)
            ):
                parent[find(x)] = find(y)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in range(len(said)):
        groups[find(x)].append(x)
    claim_of = {i: k for k, group in enumerate(an.groups) for i in group}
    out: list[Conflict] = []
    rivals: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        values: dict[str, tuple[str, list[str], list[Span], list[int]]] = {}
        for x in members:
            i, outcome, phrase = said[x]
            s = an.sentences[i]
            _, ids, spans, sents = values.setdefault(outcome, (phrase, [], [], []))
            sents.append(i)
            if s.article_id not in ids:
                ids.append(s.article_id)
                spans.append(s.span)
        if len(values) < 2:
            continue
        ranked = sorted(values.values(), key=lambda v: -len(v[1]))
        _mark_rivals(rivals, claims, claim_of, ranked[0][3], ranked[1][3])
        out.append(
            Conflict(
                slot="vote",
                values=tuple(ConflictValue(p, tuple(ids), tuple(spans)) for p, ids, spans, _ in ranked),
                subject=ranked[0][2][0].text,
            )
        )
    return out, rivals


def _title_conflicts(an: _Analysis) -> list[Conflict]:
    """One person given different titles by different lineages ("Foreign" vs "Defence Minister")."""
    titles: dict[str, list[tuple[str, SentenceInfo]]] = defaultdict(list)
    spelled: dict[str, str] = {}
    for s in an.sentences:
        for name, title in s.titles:
            titles[name.lower()].append((title, s))
            spelled.setdefault(name.lower(), name)
    out: list[Conflict] = []
    for name, found in sorted(titles.items()):
        groups: list[tuple[str, list[SentenceInfo]]] = []
        for title, s in found:
            for g in groups:
                if fuzz.token_set_ratio(g[0].lower(), title.lower()) >= 85:
                    g[1].append(s)
                    break
            else:
                groups.append((title, [s]))
        if len(groups) < 2:
            continue
        lineages = [{an.lineage_of[s.article_id] for s in g[1]} for g in groups]
        if len(set().union(*lineages)) < 2:
            continue
        values = []
        for title, ss in groups:
            ids: list[str] = []
            spans: list[Span] = []
            for s in ss:
                if s.article_id not in ids:
                    ids.append(s.article_id)
                    spans.append(s.span)
            values.append(ConflictValue(title, tuple(ids), tuple(spans)))
        out.append(Conflict(slot="title", values=tuple(values), subject=spelled[name]))
    return out
