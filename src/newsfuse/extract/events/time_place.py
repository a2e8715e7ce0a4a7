"""The date and the place of one mention: what hangs from its trigger (nested events'
dates and places left to them), re-read in the event's own tense."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from newsfuse.extract import time as nf_time
from newsfuse.extract.actors import _strip_possessive
from newsfuse.extract.events.context import _Context
from newsfuse.extract.events.lexicon import (
    _EARLIER_MODS,
    _FUTURE_GOVERNORS,
    _HAPPEN,
    _NAMED_THINGS,
    _PLACE_NOUNS,
    _TIME_TYPES,
    _TRAVEL,
    _noun_entry,
)
from newsfuse.extract.identity import specificity
from newsfuse.models import (
    Actor,
    Place,
    Span,
    When,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around"})


def _own_text(tok: Token, noun: Token | None, ctx: _Context, kind: str) -> str:
    """The words that belong to this event (nested other events cut out), for reading its mode."""
    words: list[Token] = []
    for head in _heads(tok, noun):
        others = _other_event_spans(head, ctx, kind)
        words += [t for t in head.subtree if not _inside(ctx.offset + t.idx, others)]
    return " ".join(t.text for t in sorted(set(words), key=lambda t: t.i))


def _heads(tok: Token, noun: Token | None) -> list[Token]:
    """Where a trigger's date and place hang: the trigger, its event noun, and for an event noun
    that is the subject of "take place"/"be held"/"happen", that verb too."""
    heads = [tok] + ([noun] if noun is not None else [])
    subject = noun is None and tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ in {"nsubj", "nsubjpass"}
    if subject and tok.head.lemma_.lower() in _HAPPEN:
        heads.append(tok.head)
    if subject and tok.head.lemma_.lower() in _FUTURE_GOVERNORS:
        # "the next meeting is scheduled to take place in Dar es Salaam in September"
        heads += [c for c in tok.head.children if c.dep_ == "xcomp" and c.lemma_.lower() in _HAPPEN]
    if tok.dep_ in {"advcl", "relcl"} and any(
        c.dep_ in {"mark", "advmod"} and c.lower_ == "when" for c in tok.children
    ):
        heads.append(tok.head)  # "last met in Brussels in November 2024, when they agreed ..."
    if (
        tok.dep_ == "advcl"
        and tok.tag_ == "VBG"
        and not any(c.dep_ in {"mark", "nsubj"} for c in tok.children)
    ):
        heads.append(tok.head)  # "a quake struck the coast on Friday, killing three": the same happening
    if noun is None and tok.pos_ == "VERB":
        # "a bombing near Samarra killed ...", "killed in a car bomb explosion in Beirut": the event
        # noun that is the verb's subject, agent or "in" phrase is this event, and so is its place
        heads += [c for c in tok.children if c.dep_ == "nsubj" and _noun_entry(c) is not None]
        heads += [
            p
            for c in tok.children
            if c.dep_ in {"agent", "prep"} and c.lower_ in {"by", "in"}
            for p in c.children
            if p.dep_ == "pobj" and _noun_entry(p) is not None
        ]
    return heads


_EARLIER_PREPS = frozenset(["following", "after", "before", "since", "than", "unlike", "like", "of"])


def _earlier(noun: Token) -> bool:
    """ "their previous engagement", "following the talks": another occurrence, not this one."""
    if any(c.lower_ in _EARLIER_MODS for c in noun.children):
        return True
    return noun.dep_ == "pobj" and noun.head.lower_ in _EARLIER_PREPS


_START_OR_DEADLINE = re.compile(
    r"\b(?:starting|beginning|effective|from|as\s+of|with\s+effect\s+from|until|till|by|before|no\s+later\s+than)"
    r"\s+(?:on\s+|the\s+)?$",
    re.I,
)


def _date_for(
    tok: Token, noun: Token | None, sent: SpacySpan, ctx: _Context, kind: str, future: bool
) -> When | None:
    """The date attached to the trigger (in its subtree, nested events' dates excluded).

    The event's own modality outranks the clause tense time.py guessed: in "Duval will hold
    talks on Thursday, officials said" the Thursday is the coming one.
    """
    s0, s1 = ctx.offset + sent.start_char, ctx.offset + sent.end_char
    in_sent = [
        (m.span.start, m.span.end, _with_tense(m, future, ctx, past=not future and _told_as_past(tok)))
        for m in ctx.dates
        if m.span.start >= s0 and m.span.end <= s1
    ]
    # "agreed to run the post day and night starting April 1": when what was agreed begins (or is
    # due: "by June", "until Monday") is not when the agreement was made
    in_sent = [
        (s, e, w)
        for s, e, w in in_sent
        if w.value and not _START_OR_DEADLINE.search(ctx.text[max(0, s - 24) : s])
    ]
    if not in_sent:
        return None
    heads = _heads(tok, noun)
    for head in heads:
        lo = ctx.offset + min(t.idx for t in head.subtree)
        hi = ctx.offset + max(t.idx + len(t.text) for t in head.subtree)
        inside = [
            (s, e, w)
            for s, e, w in in_sent
            if s >= lo and e <= hi and not _in_other_event(s, head, ctx, kind)
        ]
        if inside:
            return min(inside, key=lambda x: abs(x[0] - (ctx.offset + head.idx)))[2]
    # "On 5 May 2020, around 200 residents protested in ...": a date opening the sentence dates its
    # main clause even where the parser hung it elsewhere (the house style of incident reports)
    opening = [(st, e, w) for st, e, w in in_sent if _OPENING_DATE.match(ctx.text[s0:st])]
    if opening and not _in_other_event(opening[0][0], heads[0], ctx, kind):
        return opening[0][2]
    return None


_OPENING_DATE = re.compile(r"^\s*(?:on|in|during|early on|late on)?\s*$", re.IGNORECASE)


def _geoparsed_place(tok: Token, noun: Token | None, sent: SpacySpan, ctx: _Context) -> Place | None:
    """The most specific place the geoparser read inside the trigger's phrase, for names the tagger
    missed ("protested in Kandy (Kandy, Central)", with "Kandy" tagged a person)."""
    between = getattr(ctx.gazetteer, "places_between", None)
    if between is None:
        return None
    for head in _heads(tok, noun):
        lo = ctx.offset + min(t.idx for t in head.subtree)
        hi = ctx.offset + max(t.idx + len(t.text) for t in head.subtree)
        found = [
            p
            for p in between(ctx.article_id, lo, hi)
            if p.evidence
            and not _in_other_event(p.evidence[0].start, head, ctx)
            and p.kind != "country"
            and _AT_PLACE.search(ctx.text, max(0, p.evidence[0].start - 40), p.evidence[0].start)
        ]
        if found:
            return max(found, key=specificity)
    return None


# where something happens is told by a locative phrase ("in Kandy", "near the town of Gao", "20 km
# north of Gao"), not by any place in the clause ("a power line from Eldoret")
_AT_PLACE = re.compile(
    r"\b(?:in|at|near|outside|inside|around|across|of)\s+(?:the\s+)?(?:(?:town|city|village|district|"
    r"province|region|area|outskirts|suburb)\s+of\s+)?$",
    re.IGNORECASE,
)


def _told_as_past(tok: Token) -> bool:
    """The trigger verb is in a past tense ("agreed", "had agreed", "was signed")."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    aux = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
    return (tok.tag_ == "VBD" and not aux) or bool(aux & {"had", "was", "were", "did"})


def _with_tense(m: nf_time.DateMention, future: bool, ctx: _Context, *, past: bool = False) -> When:
    """The mention's date, re-read in the event's own tense where time.py's clause guess differs:
    "will hold talks on Thursday" is the coming Thursday, "agreed on Tuesday to open ..." the last one."""
    if past and m.kind == "relative" and m.tense == "future" and ctx.anchor is not None:
        res = nf_time.resolve(m.span.text, ctx.anchor, "past")
        if res is not None:
            return When(res[0], res[1], m.when.evidence or (m.span,), m.when.resolved_from)
    if not future or m.kind != "relative" or m.tense == "future" or ctx.anchor is None:
        return m.when
    res = nf_time.resolve(m.span.text, ctx.anchor, "future")
    if res is None:
        return m.when
    return When(res[0], res[1], m.when.evidence or (m.span,), m.when.resolved_from)


# Subordinators whose clause is a time of its own ("the first since a dispute led drivers to block
# the crossing in November 2025").
_TIME_MARKS = frozenset(["since", "after", "before", "until", "till", "when", "while", "once"])


def _in_other_event(start: int, head: Token, ctx: _Context, kind: str = "") -> bool:
    """A date inside a nested event noun ("following the April 22 attack") belongs to that noun,
    unless the noun names the same happening ("host ... for talks on Monday") or is a name."""
    return _inside(start, _other_event_spans(head, ctx, kind))


def _inside(start: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(lo <= start < hi for lo, hi in spans)


def _other_event_spans(head: Token, ctx: _Context, kind: str = "") -> list[tuple[int, int]]:
    """The character spans under ``head`` that belong to another happening (see
    :func:`_in_other_event`), worked out once for all the tokens a caller checks."""
    spans: list[tuple[int, int]] = []
    for t in head.subtree:
        if t.i == head.i or t.ent_type_ in _NAMED_THINGS or t.ent_type_ in _TIME_TYPES:
            continue  # a name, or a date: "On 12 March 2020" holds no march of its own
        if t.head.i != head.i and (
            (t.dep_ in {"relcl", "acl"} and t.pos_ in {"VERB", "AUX"})
            or (t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in t.children))
        ):
            # "asked a team to study the pipeline, a project first proposed ten years ago": the
            # clause describing something else has its own time
            spans.append(
                (ctx.offset + t.left_edge.idx, ctx.offset + t.right_edge.idx + len(t.right_edge.text))
            )
            continue
        entry = _noun_entry(t)
        if entry is None or (entry[0] == kind and not _earlier(t)):
            continue
        left, right = t.left_edge, t.right_edge  # a subtree is contiguous: its edges bound it
        spans.append((ctx.offset + left.idx, ctx.offset + right.idx + len(right.text)))
    return spans


def _place_for(
    tok: Token, noun: Token | None, sent: SpacySpan, ctx: _Context, participants: Sequence[Actor]
) -> Place | None:
    if ctx.gazetteer is None:
        return None
    countries = tuple(dict.fromkeys([*(a.country for a in participants if a.country), *ctx.countries]))
    heads = _heads(tok, noun)
    cands: list[Token] = []
    for head in heads:
        others = _other_event_spans(head, ctx)
        for t in head.subtree:
            if t.i != head.i and _inside(ctx.offset + t.idx, others):
                continue
            preps = _PLACE_PREPS | ({"to"} if head.lemma_.lower() in _TRAVEL else set())
            if _place_object(t, preps) or (
                t.head.i == head.i
                and t.dep_ in {"compound", "nmod", "amod"}
                and t.pos_ == "PROPN"
                and (
                    t.ent_type_ in {"GPE", "LOC", "FAC", "NORP"} or (not t.ent_type_ and not _headline(sent))
                )
                and not ctx.gazetteer.country_of(t.text)  # "Indian attack": a nationality, not a place
            ):
                cands.append(t)
    if not cands and noun is None and tok.dep_ == "ROOT":
        cands = [t for t in sent if _place_object(t, _PLACE_PREPS) and t.ent_type_ != "FAC"]
    for t in cands:
        phrase = _entity_text(t)
        start = ctx.offset + phrase[0]
        end = ctx.offset + phrase[1]
        name = ctx.text[start:end]
        place = ctx.gazetteer.lookup(name, context_countries=countries)
        if place is not None:
            return replace(place, evidence=(Span(ctx.article_id, start, end, name),))
    return None


def _sentence_place(sent: SpacySpan, ctx: _Context) -> Place | None:
    """The most specific place the sentence names (a district before its country)."""
    if ctx.gazetteer is None:
        return None
    found: list[Place] = []
    for ent in sent.ents:
        if ent.label_ in {"GPE", "LOC"}:
            start, end = ctx.offset + ent.start_char, ctx.offset + ent.end_char
            name = _strip_possessive(ctx.text[start:end])
            place = ctx.gazetteer.lookup(name, context_countries=ctx.countries)
            if place is not None:
                found.append(replace(place, evidence=(Span(ctx.article_id, start, start + len(name), name),)))
    return min(found, key=lambda p: p.kind == "country", default=None)


def _place_object(t: Token, preps: frozenset[str] | set[str]) -> bool:
    """A named place after a place preposition: "in Kabul", or "near the town of Samarra"."""
    if t.dep_ != "pobj":
        return False
    if t.head.lower_ in preps:
        return t.ent_type_ in {"GPE", "LOC", "FAC"}
    noun = t.head.head  # "of" -> "town"; the name is a place whatever the tagger says ("Samarra": NORP)
    prep = noun.head  # "near", or "of" in "outside of the city of Basra"
    return (
        t.head.lower_ == "of"
        and t.pos_ == "PROPN"
        and noun.lemma_.lower() in _PLACE_NOUNS
        and noun.dep_ == "pobj"
        and (prep.lower_ in preps or (prep.lower_ == "of" and prep.head.lower_ in preps))
    )


def _headline(sent: SpacySpan) -> bool:
    """Title Case sentences (headlines) make every word a proper noun; don't read places from them."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) / len(words) > 0.6


def _entity_text(tok: Token) -> tuple[int, int]:
    """Character range of the entity (or compound name) the token belongs to, in doc offsets."""
    if tok.ent_type_:
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent.start_char, ent.end_char
    parts = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
    start = min([tok.idx] + [c.idx for c in parts])
    return start, tok.idx + len(tok.text)
