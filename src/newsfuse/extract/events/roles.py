"""Who did what to whom: a trigger's subject and objects in the parse, the phrases they head
resolved to :class:`~newsfuse.models.Actor` (groups such as "both sides" and pronouns included),
and the country a sentence gives actors the parse left without one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from newsfuse.extract.actors import _strip_possessive, ethnic, international
from newsfuse.extract.events.context import _Context
from newsfuse.extract.events.lexicon import (
    _AUTHORITIES,
    _COUNTRY_NOUNS,
    _FUTURE_GOVERNORS,
    _GROUP_WORDS,
    _HAZARDS,
    _NOUNS,
    _OBJECT_CONTROL,
    _PERSON_NOUNS,
    _QUANTITY,
    _SPEECH,
    _WEAPONS,
    _hazard,
    _noun_entry,
)
from newsfuse.extract.events.time_place import _entity_text
from newsfuse.models import (
    Actor,
    Span,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


_FIRST_PERSON = frozenset(["i", "me", "my", "we", "us", "our"])

_PAIR_WORDS = re.compile(r"^(?:both|the two|the sides|each other)\b", re.IGNORECASE)


def _plural_subject(verb: Token) -> bool:
    """ "Young Algerians blocked roads": people, not their state ("Israel blocked ...")."""
    return any(c.dep_ == "nsubj" and c.tag_ in {"NNS", "NNPS"} for c in verb.children)


def _group_kind(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    return "person" if lemma in _PERSON_NOUNS else "country" if lemma in _COUNTRY_NOUNS else ""


def _named_subject(tok: Token) -> bool:
    """The verb's subject (through "continued to send", "X and Y met and agreed") names someone:
    "Jakarta", "Swiss doctors"; a pronoun reported by a named speaker counts ("the union announced
    that it has called off ...")."""
    subjects, passive = _subject(tok)
    if tok.dep_ in {"conj", "ccomp"} and all(s.pos_ == "PRON" for s in subjects):
        subjects += [c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if passive:  # "evidence against Russia was presented by the US": the agent acts
        subjects += [o for p in tok.children if p.dep_ == "agent" for o in p.children if o.dep_ == "pobj"]
    return any(
        t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or t.pos_ == "PROPN"
        for s in subjects
        for t in _core(s)
    )


def _core(tok: Token) -> list[Token]:
    """The noun phrase without its clauses and prepositional tails: "About a third of the cargo that
    leaves for northern Tanzania" names nobody; "Kenya's trade minister", "the Kenya Ports Authority" do."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in {"compound", "poss", "amod", "nmod", "flat", "conj", "appos", "pobj"}:
            out += _core(c)
        elif c.dep_ == "acl" and c.tag_ == "VBN":  # "workers affiliated with the Serbian Workers' Union"
            out += [t for p in c.children if p.dep_ in {"prep", "agent"} for t in _core(p)]
        elif c.dep_ in {"prep", "agent"} and c.lower_ in {"of", "from", "with", "by"}:
            out += _core(c)
    return out


def _named(actors: Sequence[Actor]) -> bool:
    """A participant the text names (a person, an organisation, a country, Interpol), not "both nations"."""
    return any(a.country or a.sector or international(a.name) for a in actors)


def _givers(tok: Token) -> list[Token]:
    """Who something comes from: "from X" on the verb or on its object ("received arms from X")."""
    holders = [tok, *(o for o in tok.children if o.dep_ == "dobj")]
    return [
        x for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ == "from" for c in p.children
        if c.dep_ == "pobj" for x in _expand(c)
    ]  # fmt: skip


def _agentive(tok: Token) -> bool:
    """Someone who can act: a name, a pronoun, or an authority noun ("the court", "police")."""
    return (
        tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
        or tok.pos_ in {"PROPN", "PRON"}
        or tok.lemma_.lower() in _AUTHORITIES
    )


def _subject(tok: Token) -> tuple[list[Token], bool]:
    """Subject tokens of a verb (following xcomp/conj chains up), and whether it is passive."""
    cur = tok
    for _ in range(4):
        subs = [c for c in cur.children if c.dep_ in {"nsubj", "csubj", "expl"}]
        if subs:
            # the subject nearest the verb ("New Delhi, May 4 — ... Singh will hold": not the dateline)
            return _expand(min(subs, key=lambda c: abs(cur.i - c.i))), False
        passive = [c for c in cur.children if c.dep_ == "nsubjpass"]
        if passive:
            # "Singh is set to host": the subject of a raising verb is the subject of its xcomp
            if cur is not tok and cur.lemma_.lower() in _FUTURE_GOVERNORS:
                return _expand(passive[0]), False
            return _expand(passive[0]), True
        if (
            cur.dep_ == "xcomp"
            and cur.head.lemma_.lower() in _OBJECT_CONTROL
            and (controller := next((c for c in cur.head.children if c.dep_ == "dobj"), None))
        ):
            return _expand(controller), False  # "a dispute led truck drivers to block the road": the drivers
        if cur.dep_ in {"xcomp", "conj", "advcl", "pcomp", "acomp"} and cur.head is not cur:
            cur = cur.head
            continue
        break
    return [], False


def _expand(tok: Token) -> list[Token]:
    """A token and its conjuncts ("India and Japan"), appositives resolved ("counterpart, Gen Nakatani")."""
    out = [tok]
    out += [c for c in tok.conjuncts]
    resolved: list[Token] = []
    for t in out:
        appos = [c for c in t.children if c.dep_ == "appos"]
        named = [c for c in appos if c.ent_type_ == "PERSON"]
        dashed = [
            c
            for c in appos
            if c.ent_type_ in {"PERSON", "GPE", "ORG", "NORP"}
            and t.doc[c.i - 1].text in {"—", "–", "-", "--"}
        ]
        if dashed and t.i == t.sent.start:
            # a dateline parsed as subject: "Nairobi, March 3, 2026 — Kenya and Tanzania on Tuesday agreed"
            resolved += [dashed[0], *dashed[0].conjuncts]
        elif appos and t.pos_ == "NOUN":
            resolved.append(appos[0])
        elif named and (t.text.isupper() or (t.ent_type_ in {"GPE", "ORG"} and t.i == t.sent.start)):
            resolved.append(
                named[0]
            )  # a dateline parsed as subject: "BERLIN, March 3 - ... Claire Duval will"
        else:
            resolved.append(t)
    return resolved


def _left_neighbour(tok: Token, ctx: _Context) -> list[Token]:
    """No subject in the parse: the nearest actor phrase before the verb (PETRARCH's fallback)."""
    if tok.dep_ in {"xcomp", "advcl", "pcomp", "acl", "relcl"}:
        return []
    for i in range(tok.i - 1, max(tok.sent.start, tok.i - 12) - 1, -1):
        t = tok.doc[i]
        if t.pos_ in {"VERB"} or t.text in {";", ":"}:
            break
        phrase_head = t.pos_ in {"NOUN", "PROPN"} and t.dep_ not in {"compound", "amod", "poss"}
        if phrase_head and _actor_of(t, ctx, allow_group=False):
            return _expand(t)
    return []


def _undergoes(tok: Token) -> bool:
    """The verb's subject is who it happens to: "were detained", "the fishermen detained for ..."."""
    return _subject(tok)[1] or (tok.dep_ == "acl" and tok.tag_ == "VBN")


def _crowd(subject: Sequence[Token], ctx: _Context, country: str) -> Actor | None:
    """The crowd as the text names it ("about 400 truck drivers"), of the place it gathers in."""
    if not subject:
        return None
    head = subject[0]
    if head.lemma_.lower() in _QUANTITY:  # "hundreds of people": the people
        head = next(
            (g for p in head.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"), head
        )
    phrase = _contiguous([t for t in head.subtree if t.i <= head.i and t.dep_ != "punct"], head)
    return ctx.resolver.nominal(phrase, ctx.article_id, ctx.offset, ctx.text, country=country)


def _natural_cause(verb: Token, subj: Sequence[Token]) -> str | None:
    """The hazard that is the verb's doer: its subject, a passive's agent, "in/by/during the quake", or
    a "when an earthquake struck" clause (also on the verb it is conjoined with); None if there is none."""
    causes = [t for t in subj if t.pos_ in {"NOUN", "PROPN"}]
    for v in (verb, verb.head) if verb.dep_ == "conj" else (verb,):
        for c in v.children:
            if c.dep_ in {"prep", "agent"} and c.lower_ in {"in", "by", "during", "after"}:
                causes += [p for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ == "advcl":
                causes += [p for p in c.children if p.dep_ in {"nsubj", "nsubjpass"}]
            elif c.dep_ == "nsubj" and v is not verb:
                causes.append(c)
    for t in causes:
        for w in (t, *(c for c in t.children if c.dep_ == "compound")):
            if w.lemma_.lower() in _HAZARDS:
                return _hazard(w.lemma_.lower())
    return None


def _instrument(subj: Sequence[Token]) -> bool:
    """The subject is an event ("the bombing") or a weapon ("a roadside bomb"), not someone."""
    return len(subj) == 1 and (_noun_entry(subj[0]) is not None or subj[0].lemma_.lower() in _WEAPONS)


def _event_subject(subj: Sequence[Token], ctx: _Context) -> list[Token]:
    """Who is behind an event noun that is the subject ("US Predator attacks have killed ..."): the
    nations, groups and people modifying it, through chains of compounds."""
    if not _instrument(subj):
        return []
    out: list[Token] = []
    todo = [subj[0]]
    while todo:
        cur = todo.pop()
        for c in cur.children:
            if c.dep_ == "poss" or (
                c.dep_ in {"compound", "amod", "nmod"}
                and (
                    c.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"}
                    or (c.pos_ == "PROPN" and ctx.resolver.countries.country_of(c.text))
                )
            ):
                out += _expand(c)
            elif c.dep_ == "compound":
                todo.append(c)
    return out


def _is_place_token(tokens: Sequence[Token], actor: Actor) -> bool:
    return any(t.ent_type_ in {"GPE", "LOC", "FAC"} and t.text in actor.name for t in tokens)


def _main_subject_actors(sent: SpacySpan, ctx: _Context, trigger: Token) -> list[Actor]:
    """A bare event noun inherits the main clause's subject ("India and Japan share ... since the 2014 ...")."""
    root = sent.root
    if root.lemma_.lower() in _SPEECH:
        # the speaker of "..., the ministry stated" is not a party: use the reported clause
        root = next((c for c in root.children if c.dep_ in {"ccomp", "parataxis"}), root)
        if root.lemma_.lower() in _SPEECH:
            return []
    if trigger.i == root.i or trigger.head.i == trigger.i:
        return []
    subs = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subs:
        return []
    return _actors(_expand(subs[0]), ctx, allow_group=False)


def _actors(tokens: Iterable[Token], ctx: _Context, *, allow_group: bool = True) -> list[Actor]:
    out: list[Actor] = []
    for tok in tokens:
        for actor in _actor_of(tok, ctx, allow_group=allow_group):
            if actor.id not in {a.id for a in out} and _plausible(actor):
                out.append(actor)
    return out


def _actor_of(tok: Token, ctx: _Context, *, allow_group: bool) -> list[Actor]:
    phrase = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in {"punct"}]
    phrase = _contiguous(phrase, tok)
    text = " ".join(t.text for t in phrase)
    if tok.lemma_.lower() in _QUANTITY:
        # "thousands of Iraqi Kurds", "a group of Moroccan diplomats": the people are in the "of" phrase
        inner = [
            c
            for p in tok.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for c in p.children
            if c.dep_ == "pobj"
        ]
        if inner:
            return _actor_of(inner[0], ctx, allow_group=allow_group)
    if tok.pos_ == "PRON" and (speaker := _speaker(tok)) is not None:
        return _actors(_expand(speaker), ctx, allow_group=False)
    if tok.lower_ in {"it", "its"} and (before := _previous_subject(tok, ctx)):
        return before
    if tok.pos_ == "PRON" and tok.lower_ in _FIRST_PERSON:  # (not "the US")
        return []  # "'We cannot lend below them,' he said": the speaker, or nobody we can name
    if allow_group and (_GROUP_WORDS.match(text) or tok.lower_ in {"they", "them", "their", "both"}):
        return _group_named(tok, text, ctx)
    lands = [
        o
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ in {"from", "of"}
        for o in _expand(next((c for c in p.children if c.dep_ == "pobj"), p))
        if o.ent_type_ in {"GPE", "NORP"} or o.pos_ == "PROPN"
    ]
    codes = [c for o in lands if (c := ctx.resolver.countries.country_of(_strip_possessive(o.text)))]
    if tok.tag_ in {"NNS", "NNPS"} and len(set(codes)) >= 2:
        # "energy ministers from Kenya and Uganda": the two countries, not the first one's ministers
        return [ctx.resolver.country_actor(c) for c in dict.fromkeys(codes)]
    owners = [c for c in tok.children if c.dep_ == "poss"]
    if allow_group and owners and owners[0].pos_ == "NOUN":
        owner = " ".join(t.text for t in owners[0].subtree if t.dep_ not in {"case", "punct"})
        if _GROUP_WORDS.match(owner):  # "the two countries' trade ministers": the two countries
            return _group_named(owners[0], owner, ctx)
    if tok.lemma_.lower() == "counterpart":
        # "his Japanese counterpart, Defence Minister Gen Nakatani": the name follows
        for t in tok.doc[tok.i + 1 : min(tok.i + 8, tok.sent.end)]:
            if t.ent_type_ == "PERSON":
                actor = ctx.resolver.at(ctx.article_id, ctx.offset + t.idx, ctx.offset + t.idx + len(t.text))
                if actor is not None:
                    return [actor]
            if t.pos_ in {"VERB", "ADP"}:
                break
    # the head first, then an appositive name, then compound name words ("Defence Minister Gen
    # Nakatani" has "Minister" as head in some parses), then a possessor ("India's ...") last
    inner = [c for c in tok.children if c.dep_ == "appos"]
    inner += [
        t
        for t in phrase
        if t.i != tok.i and t.dep_ in {"compound", "flat"} and t.ent_type_ in {"PERSON", "ORG"}
    ]
    for t in [tok, *inner]:
        start = ctx.offset + t.idx
        actor = ctx.resolver.at(ctx.article_id, start, start + len(t.text))
        if actor is not None and _plausible(actor):
            return [actor]
    if tok.pos_ == "PRON":
        return []
    if (
        tok.text[:1].isupper()
        and tok.pos_ in {"PROPN", "NOUN"}
        and (person := ctx.resolver.person_named(tok.text))
    ):
        return [person]  # a surname the NER missed in this sentence ("Duval will hold talks")
    nominal = ctx.resolver.nominal(
        phrase, ctx.article_id, ctx.offset, ctx.text, country=_located_in(tok, ctx)
    )
    return [nominal] if nominal and _plausible(nominal) else []


_DATEISH = re.compile(
    r"\d{4}|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def _plausible(actor: Actor) -> bool:
    """Names that are events or dates ("Pahalgam Attack", "ASEAN ... Meeting-Plus", "November-2024") are not actors."""
    words = [w for w in re.split(r"[\s\-]+", actor.name.lower()) if w]
    if actor.role is None and any(w in _NOUNS or w.rstrip("s") in _NOUNS for w in words):
        return False
    return not _DATEISH.search(actor.name)


def _located_in(tok: Token, ctx: _Context) -> str | None:
    """Country of "police in Strasbourg": a place attached to the phrase."""
    if ctx.gazetteer is None:
        return None
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"in", "from", "of"}):
        for obj in (c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ in {"GPE", "LOC"}):
            start, end = _entity_text(obj)
            place = ctx.gazetteer.lookup(obj.doc.text[start:end], context_countries=ctx.countries)
            if place is not None and place.country:
                return place.country
    return None


def _speaker(pronoun: Token) -> Token | None:
    """ "Syria says it is willing to withdraw": "it" is the one speaking."""
    if pronoun.lower_ not in {"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"}:
        return None
    for anc in pronoun.ancestors:
        if anc.lemma_.lower() in _SPEECH:
            subs = [c for c in anc.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
            if subs:
                return subs[0]
            if anc.dep_ in {"advcl", "conj", "xcomp"}:
                continue  # "the ministry said, adding that it had ...": the speaker of the outer verb
            return None
    return None


def _group_named(tok: Token, text: str, ctx: _Context) -> list[Actor]:
    """The group words ``text`` (headed by ``tok``) refer to: "the two ministers", "both countries"."""
    return ctx.group(_group_kind(tok), pair=bool(_PAIR_WORDS.match(text)))


def _previous_subject(pronoun: Token, ctx: _Context) -> list[Actor]:
    """ "The monitoring centre had recorded 18 aftershocks. It asked residents ...": a subject "it"
    opening a sentence is the organisation or country the previous sentence was about."""
    sent = pronoun.sent
    if pronoun.dep_ not in {"nsubj", "nsubjpass"} or sent.start == 0:
        return []
    if any(t.pos_ in {"NOUN", "PROPN"} for t in pronoun.doc[sent.start : pronoun.i]):
        return []  # something named earlier in this sentence is the nearer antecedent
    previous = pronoun.doc[sent.start - 1].sent
    subjects = [c for c in previous.root.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
    found = _actors(_expand(subjects[0]), ctx, allow_group=False) if subjects else []
    return found if len(found) == 1 and found[0].role is None else []


def _contiguous(tokens: list[Token], head: Token) -> list[Token]:
    """The run of modifier tokens ending at ``head`` (drops relative clauses and far-off words)."""
    out = [head]
    idx = {t.i for t in tokens}
    i = head.i - 1
    while i in idx:
        out.insert(0, head.doc[i])
        i -= 1
    return out


def _reduced_root(tok: Token) -> bool:
    """The parse made a reduced relative the main verb: "The civilians imprisoned for ... were released
    by Putin" (root "imprisoned", with "were released" as a conjunct joined by no "and"). The finite
    verb is the sentence's news; the participle describes its subject."""
    if (
        tok.dep_ != "ROOT"
        or tok.tag_ not in {"VBD", "VBN"}
        or any(c.dep_ in {"aux", "auxpass"} for c in tok.children)
    ):
        return False
    for conj in (c for c in tok.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}):
        joined = any(t.dep_ == "cc" or t.lower_ in {",", ";"} for t in tok.doc[tok.i + 1 : conj.i])
        own_aux = any(c.dep_ in {"aux", "auxpass"} for c in conj.children)
        own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children)
        if own_aux and not joined and not own_subject:
            return True
    return False


def _country_mentions(sent: SpacySpan, ctx: _Context) -> list[tuple[int, str, Span]]:
    """Countries the sentence names, in order: ``(token index, alpha-3, span)``.

    Country names, demonyms and capitals ("Israeli", "Beijing") and people whose country the
    resolver knows ("Yeltsin" -> RUS) all count: these are what a reader takes the actors to be.
    """
    out: list[tuple[int, str, Span]] = []
    for ent in sent.ents:
        start, end = ctx.offset + ent.start_char, ctx.offset + ent.end_char
        code: str | None = None
        if ethnic(ent):
            continue
        if ent.label_ in {"GPE", "NORP", "LOC"}:
            name = _strip_possessive(ent.text)
            code = ctx.resolver.countries.country_of(name)
            if code is None and ent.root.pos_ == "PROPN" and ctx.gazetteer is not None:
                place = ctx.gazetteer.lookup(
                    name, context_countries=ctx.countries
                )  # a town names its country ("near Samarra")
                code = place.country if place is not None else None
        elif ent.label_ in {"PERSON", "ORG"}:
            actor = ctx.resolver.at(ctx.article_id, start, end)
            code = actor.country if actor is not None else None
        if code:
            out.append((ent.start, code, Span(ctx.article_id, start, end, ctx.text[start:end])))
    return out


def _fallback_country(
    actors: list[Actor], recipients: list[Actor], sent: SpacySpan, ctx: _Context
) -> list[Actor]:
    """Actors the parse left countryless (or found none) take the country the sentence names first.

    A one-sentence report names its source first far more often than not ("Ethiopia has agreed
    ...", "Militants loyal to Iraq's ..."); a country named only as a recipient of this event
    is skipped, unless it is the only one.
    """
    mentions = _country_mentions(sent, ctx)
    if not mentions:
        return actors
    taken = {r.country for r in recipients if r.country}
    own = [m for m in mentions if m[1] not in taken] or mentions
    _, code, span = own[0]
    if not actors:
        return [ctx.resolver.country_actor(code, span)]
    return [a if a.country or international(a.name) else replace(a, country=code) for a in actors]


def _located(actor: Actor, country: str) -> Actor:
    """Groups and organisations only: a named official abroad is not of the host country."""
    if actor.country or actor.role or international(actor.name):
        return actor  # the UN in Gaza is not Palestinian
    return replace(actor, country=country)
