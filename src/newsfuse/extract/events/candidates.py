"""A trigger's :class:`~newsfuse.extract.events.context.Candidate`: its actors, recipients,
date, place, mode and figures read from the parse (verbs, event nouns, headlines without a verb,
obligations and allegations reported by a speaker)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsfuse.extract.events.context import Candidate, _Context
from newsfuse.extract.events.lexicon import (
    _ARMS,
    _CASUALTY_NOUNS,
    _CONFLICT,
    _FUTURE_GOVERNORS,
    _GOODS,
    _LIGHT,
    _MULTILATERAL,
    _OBSTRUCT,
    _PERSON_NOUNS,
    _PHONE,
    _PROMISES,
    _PROTESTERS,
    _RIOTING,
    _SIGN,
    _SPEECH,
    _STATIVE,
    _TIME_TYPES,
    _TOLL_WORDS,
    _TRAVEL,
    _VERBS,
    _VISITORS,
    _alternatives,
    _lemma,
    _mended,
    _noun_entry,
    _signed,
)
from newsfuse.extract.events.modality import _caption, _future, _hypothetical, _intent, _negated
from newsfuse.extract.events.roles import (
    _actors,
    _agentive,
    _country_mentions,
    _crowd,
    _event_subject,
    _expand,
    _fallback_country,
    _givers,
    _instrument,
    _is_place_token,
    _left_neighbour,
    _located,
    _main_subject_actors,
    _natural_cause,
    _plural_subject,
    _reduced_root,
    _subject,
    _undergoes,
)
from newsfuse.extract.events.time_place import (
    _date_for,
    _geoparsed_place,
    _own_text,
    _place_for,
    _sentence_place,
)
from newsfuse.models import (
    DISASTER,
    Actor,
    Span,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


_EVENT_PREPS_ACTOR = frozenset({"by"})

_EVENT_PREPS_RECIP = frozenset({"with", "on", "against", "to", "toward", "towards", "into"})

# "talks on trade", "meeting on the sidelines of": for meetings "on" gives a topic, not a party
_RECIP_PREPS_FOR = {
    "CONSULT": frozenset({"with"}),
    "AGREE": frozenset({"with"}),
    "COOPERATE": frozenset({"with"}),
}

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100,
}  # fmt: skip

_N = r"(\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")"

_ABOUT = r"(?:at least |nearly |some |about |over |more than |up to )?"

_WHO = rf"(?:(?:{_alternatives(_CASUALTY_NOUNS)}) )?"  # who is counted: casualty_nouns in lexicons.tsv

_CASUALTY_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\bclaim(?:ed|ing|s)? (?:the )?{_ABOUT}{_N} lives\b", re.I), "killed"),
    (re.compile(rf"\b(kill(?:ed|ing)|injur(?:ed|ing)|wound(?:ed|ing)) {_ABOUT}{_N}\b", re.I), ""),
    (re.compile(rf"\b{_N} {_WHO}(?:were |was |have been |had been |are |being )?(killed|dead|died|injured|wounded)\b", re.I), ""),
    (re.compile(rf"\bdeath toll (?:\w+ ){{0,3}}?{_N}\b", re.I), "killed"),
)  # fmt: skip


def _telegraphic(sent: SpacySpan, ctx: _Context) -> Candidate | None:
    """A headline the parser read as one noun string ("Ethiopia and Peru sign trade agreement",
    "Iran denounces actions by Sweden"): no verb at all, so the first word our verb lexicon knows is
    taken as the verb, who is named before it as the actors and who after it as the recipients."""
    if any(t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"compound", "amod"} for t in sent) or len(sent) > 20:
        return None  # (a verb the parser folded into a compound, "sign trade agreement", does not count)
    for tok in sent:
        if tok.i == sent.start or tok.ent_type_ or not tok.text.islower():
            continue  # a verb here is lower case after headline casing, and not part of a name
        lemma = _mended(tok.lemma_, tok.lower_)
        later = [t for t in sent if t.i > tok.i]
        noun = next((t for t in later if _noun_entry(t) is not None), None)
        if lemma in _LIGHT | _SIGN and noun is not None:  # "sign trade agreement", "hold talks"
            kind, mode = _noun_entry(noun)  # type: ignore[misc]
            if lemma in _SIGN and kind == "AGREE":
                kind = _signed({t.lemma_.lower() for t in later})
        elif lemma in _VERBS and lemma not in _LIGHT:
            kind, mode = _VERBS[lemma]
        else:
            continue
        before = [t for t in sent if t.i < tok.i and _agentive(t) and t.pos_ != "PRON"]
        after = [t for t in sent if t.i > tok.i and _agentive(t) and t.pos_ != "PRON"]
        heads = [t for t in before if t.head.i >= tok.i or t.head.i == t.i or t.dep_ in {"nsubj", "conj"}]
        actors = _actors(heads or before, ctx, allow_group=False)
        recipients = _actors(after, ctx, allow_group=False)
        cand = _finish(kind, mode or None, actors, recipients, tok, sent, ctx, None)
        cand.weak = True  # read without a parse: it does not decide merges
        return cand
    return None


# Sectors of the state: a road they block is a restriction, one anyone else blocks a protest (3.12, 3.15).
_STATE = frozenset({"GOV", "MIL", "COP", "JUD", "SPY", "PRM", "LEG"})


def _allegation(sent: SpacySpan, found: Sequence[Candidate], ctx: _Context) -> Candidate | None:
    """ "Israel said a mortar bomb was fired at it from Gaza": a party telling of violence done by
    others, in its own voice (speaker first), accuses them (CAMEO 112); "..., police said" at the
    end only sources the report. The violence stays an event of its own."""
    root = sent.root
    if root.lemma_.lower() not in {"say", "claim", "allege", "charge", "tell"}:
        return None
    speakers = [c for c in root.children if c.dep_ == "nsubj" and c.i < root.i]
    comp = next((c for c in root.children if c.dep_ == "ccomp" and c.i > root.i), None)
    if not speakers or comp is None:
        return None
    # the reported clause's own verb is the violence ("was fired", "were killed", "had attacked"),
    # not something inside it ("will support a resolution that would impose a blockade")
    heads = {comp.text, *(c.text for c in comp.children if c.dep_ == "conj" and c.pos_ == "VERB")}
    attack_named = any((_noun_entry(t) or ("",))[0] == "ASSAULT" for t in comp.subtree)
    violent = [
        c
        for c in found
        if c.type in {"ASSAULT", "COERCE"}
        and not c.future
        and c.trigger.split()[0] in heads
        # "12 people have been confirmed dead and 37 are injured": a toll, nobody's act to accuse
        # (unless an attack is named: "were killed in an air strike by government forces")
        and not (not c.actors and c.trigger.split()[0].lower() in _TOLL_WORDS and not attack_named)
    ]
    speaker = _actors(_expand(speakers[0]), ctx)
    if not violent or not speaker or not any(a.country or a.sector for a in speaker):
        return None
    doers = [a for c in violent for a in c.actors]
    if any(
        a.id in {s.id for s in speaker} or (a.country and a.country in {s.country for s in speaker})
        for a in doers
    ):
        return None  # telling of one's own action ("the army said it had shelled ...") accuses nobody
    return _finish("ACCUSE", "allege", speaker, doers, root, sent, ctx, None, fallback=False)


def _obligation(tok: Token, sent: SpacySpan, ctx: _Context) -> Candidate | None:
    """ "Russia said Sudan must return the helicopter": a demand by the speaker (manual 3.8)."""
    if tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in _SPEECH:
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "must" for c in tok.children):
        return None
    speaker, _ = _subject(tok.head)
    addressee, _ = _subject(tok)
    actors = _actors(speaker, ctx)
    recipients = _actors(addressee, ctx)
    return _finish("REQUEST", None, actors, recipients, tok.head, sent, ctx, None)


def _verb_candidate(
    tok: Token, kind: str, mode: str, noun: Token | None, sent: SpacySpan, ctx: _Context
) -> Candidate | None:
    """Arguments of a verb trigger (or a light verb and its event noun) from the parse."""
    subj, passive = _subject(tok)
    # "the civilians imprisoned ... were released by Putin": its own "were" makes the verb passive,
    # wherever the parse found its subject
    passive = passive or any(c.dep_ == "auxpass" for c in tok.children)
    passive = passive or _reduced_root(tok)  # "the fishermen detained for ...": they were detained
    if len(subj) == 1 and subj[0].tag_ in {"WDT", "WP"} and subj[0].head.dep_ == "relcl":
        # "an attack that killed 3": the attack killed them (a date the parse hung the clause on
        # names nobody)
        antecedent = subj[0].head.head
        subj = [] if antecedent.ent_type_ in _TIME_TYPES else [antecedent]
    if passive and tok.lemma_.lower() in _STATIVE and not any(c.dep_ == "agent" for c in tok.children):
        passive = False  # "Israel is opposed to ...", "is committed to ...": a stance, not a passive
    if kind in {"ASSAULT", "COERCE"} and (hazard := _natural_cause(tok, subj)):
        kind, mode = DISASTER, hazard  # "the quake killed 12", "homes destroyed by the flood": no one acted
    if not subj and tok.dep_ == "acl" and tok.tag_ in {"VBN", "VBD"} and (kind in _CONFLICT or _caption(tok)):
        subj, passive = _expand(tok.head), True  # "10 soldiers killed in ...": who it happened to
    actors_t: list[Token] = []
    recips_t: list[Token] = []
    if passive:
        recips_t += subj
        for prep in (c for c in tok.children if c.dep_ == "agent"):
            for c in (c for c in prep.children if c.dep_ == "pobj"):
                # "killed by a bomb" names no doer; "killed by US drones" names their owner
                actors_t += _event_subject([c], ctx) if _instrument([c]) else _expand(c)
        if not actors_t:
            # "five were killed in Israeli tank shelling": the owner of the event that did it
            actors_t += [
                x
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ in {"in", "during"}
                for c in p.children
                if c.dep_ == "pobj" and _instrument([c])
                for x in _event_subject([c], ctx)
            ]
    else:
        if _instrument(subj):
            actors_t += _event_subject(subj, ctx)  # "US Predator attacks killed": their owner, if named
        else:
            actors_t += subj or _left_neighbour(tok, ctx)
        for obj in (c for c in tok.children if c.dep_ in {"dobj", "dative", "iobj"}):
            if noun is not None and obj.i == noun.i:
                continue
            recips_t += _expand(obj)
    if (
        kind == "ASSAULT"
        and (mode == "destroy" or _lemma(tok) in _RIOTING)
        and any(t.lemma_.lower() in _PROTESTERS for t in actors_t)
    ):
        # CAMEO 145: protesters wrecking a building or stoning police riot (manual 3.12); protesters
        # firing missiles still attack
        kind, mode = "PROTEST", "riot"
    args_of = [tok] + ([noun] if noun is not None else [])
    for head in args_of:
        for prep in (c for c in head.children if c.dep_ == "prep"):
            objs = [x for c in prep.children if c.dep_ == "pobj" for x in _expand(c)]
            if prep.lower_ == "between":
                actors_t += objs
            elif prep.lower_ in _EVENT_PREPS_RECIP:
                recips_t += [o for o in objs if o.ent_type_ not in {"DATE", "TIME"}]
            elif prep.lower_ in _EVENT_PREPS_ACTOR:
                actors_t += objs
    if noun is not None:
        for c in noun.children:
            if c.dep_ == "poss":
                actors_t += _expand(c)
    lemma = tok.lemma_.lower()
    givers = _givers(tok)
    if lemma == "face" and kind == "REQUEST" and givers:
        return _finish(kind, None, _actors(givers, ctx), _actors(subj, ctx), tok, sent, ctx, noun)
    if lemma == "receive" and givers and not passive:
        # "demonstrators received weapons from the government": the giver acts, on the receiver
        got = {t.lemma_.lower() for o in tok.children if o.dep_ == "dobj" for t in o.subtree}
        kind, mode = (
            ("AID", "")
            if got & (_GOODS | _ARMS)
            else ("AGREE", "")
            if got & _PROMISES
            else ("CONSULT", "visit")
        )
        actors = _actors(givers, ctx)
        recipients = _actors(subj, ctx)
        return _finish(kind, mode or None, actors, recipients, tok, sent, ctx, noun)
    if lemma == "receive" and not any(
        x.ent_type_ in {"PERSON", "NORP", "GPE", "ORG"} or x.lemma_.lower() in _VISITORS
        for t in recips_t
        for x in t.subtree
    ):
        return None  # receiving supplies is not receiving a visitor ("received the Japanese ambassador" is)
    if kind == "CONSULT" and lemma in {"host", "receive", "welcome"}:
        actors_t, recips_t = recips_t, actors_t  # PLOVER 3.2.2: the visitor is the actor
        mode = "visit"
    where_tokens = [t for t in recips_t if t.ent_type_ in {"GPE", "LOC", "FAC"}]
    if kind == "CONSULT" and lemma in {"visit", "arrive", "travel", "tour", "fly"}:
        mode = "visit"
    actors = _actors(actors_t, ctx)
    recipients = [a for a in _actors([t for t in recips_t if t not in where_tokens or lemma != "visit"], ctx)]
    if kind == "CONSULT" and lemma == "visit":
        # visiting a country is a visit to its government; a city is where it happens
        recipients = [a for a in recipients if a.country is not None]
    # a subject the resolver cannot place ("Druze inhabitants of the Golan threatened") takes the
    # sentence's country; with no doer in the text at all, a violent act keeps no actor
    doer = bool(actors_t)
    return _finish(
        kind,
        mode or None,
        actors,
        recipients,
        tok,
        sent,
        ctx,
        noun,
        fallback=doer or kind not in _UNATTRIBUTED,
    )


# Events done by crowds: their unnamed doers are people of the place.
_CROWD = frozenset({"PROTEST"})


def _noun_candidate(tok: Token, sent: SpacySpan, ctx: _Context, *, bare: bool = False) -> Candidate | None:
    """An event noun's event; ``bare`` keeps it even when nothing in the text pins it down."""
    kind, mode = _noun_entry(tok) or ("", "")
    if any(c.dep_ == "neg" for c in tok.children) or any(c.lower_ in {"no", "without"} for c in tok.children):
        return None
    verb = next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if verb is not None and (_hypothetical(verb, sent) or _negated(verb)):
        return None  # "would have access to similar support", "did not hold talks"
    if (
        verb is not None
        and verb.lemma_.lower() in {"need", "require", "await", "lack"}
        and tok.dep_ == "dobj"
    ):
        return None  # "the deal still needs approval by both cabinets": not yet given
    actors_t: list[Token] = []
    recips_t: list[Token] = []
    for c in tok.children:
        if c.dep_ == "poss":
            actors_t += _expand(c)
        elif c.dep_ in {"amod", "compound", "nmod"} and c.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"}:
            actors_t.append(c)
        elif c.dep_ == "prep":
            objs = [x for p in c.children if p.dep_ == "pobj" for x in _expand(p)]
            if c.lower_ == "between" or c.lower_ in _EVENT_PREPS_ACTOR:
                actors_t += objs
            elif c.lower_ == "of" and kind == "CONSULT":
                # "a meeting of the two countries' trade ministers", "a summit of EU leaders"
                actors_t += [o for o in objs if _agentive(o) or o.lemma_.lower() in _PERSON_NOUNS]
            elif c.lower_ in _RECIP_PREPS_FOR.get(kind, _EVENT_PREPS_RECIP):
                recips_t += [o for o in objs if o.ent_type_ not in {"DATE", "TIME", "GPE", "LOC", "FAC"}]
    if not actors_t:
        actors_t = _event_subject([tok], ctx)  # "Israeli tank shelling": the owner through the compounds
    actors = _actors(actors_t, ctx)
    recipients = _actors(recips_t, ctx)
    places = [a for a in actors if a.sector is None and a.role is None and _is_place_token(actors_t, a)]
    actors = [a for a in actors if a not in places]
    cand = _finish(kind, mode or None, actors, recipients, tok, sent, ctx, None, fallback=False)
    # A bare event noun is an event only when the text pins it down: participants, a date, a place
    # or a figure. "The talks are expected to cover ..." adds nothing and is left to the verbs.
    if not (bare or cand.actors or cand.recipients or cand.when or cand.where or cand.attributes):
        return None
    if tok.pos_ == "PROPN" and not (cand.when or cand.where):
        return None  # a forum's name ("on the sidelines of the ASEAN Defence Ministers' Meeting-Plus")
    if not (cand.actors or cand.recipients) and kind in _INHERITS_SUBJECT:
        cand.actors = _main_subject_actors(sent, ctx, tok)
        cand.weak = bool(cand.actors)
    if not any(a.country for a in cand.actors) and (cand.actors or kind not in _UNATTRIBUTED):
        cand.actors = _fallback_country(cand.actors, cand.recipients, sent, ctx)
    return cand


# An attack or arrest named by a bare noun ("the Pahalgam attack", "a bombing in Strasbourg") has an
# unknown perpetrator: the first country in the sentence is usually the victim or the speaker, so it
# is never made the actor.
_UNATTRIBUTED = frozenset({"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "SANCTION"})

# Cooperative nouns without their own arguments inherit the main clause's subject ("India and Japan
# share a friendship ... since the elevation of ties in 2014"); violence and conflict never do.
_INHERITS_SUBJECT = frozenset({"AGREE", "SUPPORT", "COOPERATE", "CONSULT"})


def _finish(
    kind: str,
    mode: str | None,
    actors: list[Actor],
    recipients: list[Actor],
    tok: Token,
    sent: SpacySpan,
    ctx: _Context,
    noun: Token | None,
    *,
    fallback: bool = True,
) -> Candidate:
    start, end = ctx.offset + sent.start_char, ctx.offset + sent.end_char
    evidence = Span(ctx.article_id, start, end, ctx.text[start:end])
    recipients = [r for r in recipients if r.id not in {a.id for a in actors}]
    if noun is None and tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ != "ROOT":
        # an event noun is future only as the subject/object of a future verb ("talks will be held")
        future = tok.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"} and (
            _future(tok.head) or tok.head.lemma_.lower() in _FUTURE_GOVERNORS  # "is scheduled to take place"
        )
    else:
        future = _future(tok)
    when = _date_for(tok, noun, sent, ctx, kind, future)
    where = _place_for(tok, noun, sent, ctx, actors + recipients)
    if where is None and not (kind == "CONSULT" and tok.lemma_.lower() in _TRAVEL):
        # a name the tagger missed ("protested in Kandy"); not for arrivals, where the destination
        # decides whether there is a visit at all ("a team arrived in Poso" with supplies is none)
        where = _geoparsed_place(tok, noun, sent, ctx)
    if where is None and kind == DISASTER:
        where = _sentence_place(sent, ctx)  # "killed when a quake struck Nepal's Bajhang district"
    if where is not None and where.country:
        # an actor the text gives no country ("prisoners rioted at a jail in Dili", "Hezbollah
        # guerrillas ... in southern Lebanon") is taken to be of the country the event happens in
        actors = [_located(a, where.country) for a in actors]
        recipients = [_located(a, where.country) for a in recipients]
    if (kind == "MOBILIZE" or (kind == "CONSULT" and tok.lemma_.lower() in _TRAVEL)) and any(
        t.lower_.startswith("peacekeep") for t in tok.subtree
    ):
        kind, mode = "AID", "peacekeeping"  # CAMEO 074: sending peacekeepers is providing protection
    if (
        kind == "COERCE"
        and mode == "restrict"
        and tok.lemma_.lower() in _OBSTRUCT
        and not any(a.sector in _STATE for a in actors)
        and (
            # a verb: unless a state is its subject; a noun ("the blockade by truck drivers"): when
            # someone named does it (a bare "blockades" is a state's)
            (tok.pos_ == "VERB" and _plural_subject(tok))
            or (tok.pos_ == "VERB" or actors)
            and not any(a.id == ctx.resolver.country_actor(a.country or "").id for a in actors)
        )
    ):
        kind, mode = "PROTEST", "obstruct"  # civilians blocking a road protest; states restrict (3.12, 3.15)
    if fallback and not actors and kind in _CROWD and not _undergoes(tok):
        # "hundreds of thousands of people blocked streets in Hong Kong": a crowd the text names no
        # further is of the place it gathers in (else of the country the sentence names), and keeps
        # its own name ("about 400 truck drivers"), not the state's
        mentions = _country_mentions(sent, ctx)
        country = (
            where.country if where is not None and where.country else (mentions[0][1] if mentions else None)
        )
        if country:
            actors = [_crowd(_subject(tok)[0], ctx, country) or ctx.resolver.country_actor(country)]
    if fallback and not any(a.country for a in actors):
        actors = _fallback_country(actors, recipients, sent, ctx)
    if kind == "CONSULT" and mode is None:
        own = _own_text(tok, noun, ctx, kind)
        if _MULTILATERAL.search(own):
            mode = "multilateral"
        elif _PHONE.search(own):
            mode = "phone"
    attributes = _casualties(sent.text) if kind in {"ASSAULT", "COERCE", "PROTEST", DISASTER} else {}
    cand = Candidate(
        depth=sum(1 for _ in tok.ancestors) * 2 + (tok.pos_ not in {"VERB", "AUX"}) + 4 * _reduced_root(tok),
        type=kind,
        mode=mode,
        actors=actors,
        recipients=recipients,
        evidence=evidence,
        trigger=tok.text if noun is None else f"{tok.text} {noun.text}",
        when=when,
        where=where,
        future=future,
        intent=future and noun is None and _intent(tok),
        attributes=attributes,
        article_id=ctx.article_id,
    )
    ctx.note_group(actors + recipients)
    return cand


def _casualties(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pattern, slot in _CASUALTY_PATTERNS:
        for m in pattern.finditer(text):
            groups = [g for g in m.groups() if g]
            number = next((g for g in groups if g[0].isdigit() or g.lower() in _NUMBER_WORDS), None)
            word = next((g.lower() for g in groups if g is not number), "")
            key = slot or ("killed" if word.startswith(("kill", "dead", "died")) else "injured")
            if number:
                value = str(_NUMBER_WORDS.get(number.lower(), number.replace(",", "")))
                out.setdefault(key, value)
    return out
