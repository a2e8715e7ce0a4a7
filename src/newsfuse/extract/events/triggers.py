"""The sentence coder: which tokens trigger an event and of what type (verb triggers, light
verbs and their event nouns, verbs whose type their object decides, event nouns, and the CAMEO
verb patterns when nothing else in the main clause is known), each turned into candidates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsfuse.extract.cameo import cameo_verbs
from newsfuse.extract.events.candidates import (
    _allegation,
    _noun_candidate,
    _obligation,
    _telegraphic,
    _verb_candidate,
)
from newsfuse.extract.events.context import Candidate, _Context
from newsfuse.extract.events.lexicon import (
    _ANONYMOUS,
    _ASPECT,
    _CONFLICT,
    _DEMANDS,
    _DESIRE,
    _FABRIC,
    _FORCES_OF_NATURE,
    _FUTURE_AUX,
    _FUTURE_GOVERNORS,
    _GOODS,
    _INTENT,
    _LEVELS,
    _LIGHT,
    _LODGE,
    _MATERIAL_AID,
    _MONEY,
    _NAMED_THINGS,
    _OBJECT_RULES,
    _OCCASIONS,
    _OWN_VERBS,
    _PUBLICATIONS,
    _PURSUIT,
    _QUANTITY,
    _REPORTING,
    _SIGN,
    _TIME_TYPES,
    _TRAVEL,
    _TRAVEL_NOUNS,
    _VERBS,
    _exercise,
    _lemma,
    _noun_entry,
    _signed,
)
from newsfuse.extract.events.modality import _content, _embedded, _hypothetical, _negated, _readying
from newsfuse.extract.events.roles import _agentive, _givers, _named, _named_subject, _subject

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def code_sentence(sent: SpacySpan, ctx: _Context) -> list[Candidate]:
    """Every event the sentence states (negated and conditional ones are left out)."""
    out: list[Candidate] = []
    used_nouns: set[int] = set()
    done: set[int] = set()
    purposes: list[tuple[Token, str, str, Token | None]] = []
    verb_at: dict[int, Candidate] = {}  # verb candidates by their trigger token
    bare_nouns: list[Token] = []
    for tok in sent:
        demand = _obligation(tok, sent, ctx)
        if demand is not None:
            out.append(demand)
            done.add(tok.i)
    for tok in sent:
        hit = None if tok.i in done else _verb_trigger(tok, used_nouns)
        if hit is None:
            continue
        kind, mode, noun = hit
        if (
            _negated(tok)
            and kind in _COOPERATIVE
            and not _hypothetical(tok, sent)
            and not _embedded(tok, kind)
        ):
            kind, mode = "REJECT", ""  # manual 3.10: "will not accept", "did not agree" are refusals
        elif _negated(tok) or _hypothetical(tok, sent) or _embedded(tok, kind):
            if noun is not None:
                used_nouns.add(noun.i)
            if (
                tok.dep_ in {"advcl", "acl"}
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
                and not _content(tok)
                and not (_negated(tok) or _negated(tok.head))
                and not (_hypothetical(tok, sent) or _hypothetical(tok.head, sent))
            ):
                purposes.append((tok, kind, mode, noun))  # "sent experts to inspect", "aimed at ending"
            continue
        cand = _verb_candidate(tok, kind, mode, noun, sent, ctx)
        if (
            cand
            and cand.future
            and any(
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
                for c in tok.children
            )
        ):
            # "will withdraw its force unless ...": a conditional threat
            cand.type, cand.mode = "THREATEN", None
        if cand and cand.type == "ASSAULT" and _readying(tok):
            # "the army prepared to resume shelling": getting ready to strike is a mobilisation (CAMEO 15),
            # not a statement of intent
            cand.type, cand.mode, cand.future = "MOBILIZE", "troops", False
        if cand:
            out.append(cand)
            verb_at[tok.i] = cand
            # "host ... for talks on Monday": a same-type event noun under the verb is this event
            used_nouns.update(
                t.i
                for t in tok.subtree
                if (_noun_entry(t) or ("",))[0] == kind and t.head.i in {tok.i, *(c.i for c in tok.children)}
            )
    for tok in sent:
        if tok.i in used_nouns or tok.pos_ not in {"NOUN", "PROPN"} or _noun_entry(tok) is None:
            continue
        if tok.ent_type_ in _NAMED_THINGS or tok.ent_type_ in _TIME_TYPES:
            continue  # "ASEAN Defence Ministers' Meeting-Plus", "... Services Agreement": names, not happenings
        if _sought(tok):
            continue  # "called for a ceasefire", "pushing for talks": asked for, not (yet) happened
        if (
            tok.head.lemma_.lower() in _VERBS
            and tok.dep_ in {"dobj", "nsubjpass"}
            and tok.head.i != tok.i
            and not _another_happening(tok, tok.head)
        ):
            continue  # the verb already coded it ("discussed the agreement")
        cand = _noun_candidate(tok, sent, ctx)
        if cand:
            out.append(cand)
            if tok.dep_ == "pobj" and tok.head.lower_ in {"at", "during"} and tok.head.head.i in verb_at:
                # "the agreement was reached at a meeting of the two ministers": one occasion
                outer = verb_at[tok.head.head.i]
                cand.during, outer.during = outer, cand
        elif not bare_nouns and _argument_of_root(tok, sent):
            bare_nouns.append(tok)
    if not out and bare_nouns:
        # Nothing else stated: an event noun the main verb takes as its argument is the event
        # ("negotiators return to Geneva for talks"), even with nothing else pinning it down.
        cand = _noun_candidate(bare_nouns[0], sent, ctx, bare=True)
        if cand:
            cand.weak = True
            out.append(cand)
    if not out and not bare_nouns and (telegraphic := _telegraphic(sent, ctx)) is not None:
        out.append(telegraphic)
    allegation = _allegation(sent, out, ctx)
    if allegation is not None:
        out.append(allegation)
    if not out and purposes:
        # Nothing stated outright: a sentence about sending inspectors "to investigate" or opening a
        # bridge "to allow deliveries" reports the purpose as its event (weak: not the main clause).
        tok, kind, mode, noun = purposes[0]
        cand = _verb_candidate(tok, kind, mode, noun, sent, ctx)
        if cand:
            cand.weak = True
            out.append(cand)
    if all(c.depth > _MAIN_DEPTH for c in out):
        # Nothing our own lexicon knows in the main clause (at most an event deep in a relative
        # clause: "victims killed by the crash"): the CAMEO verb patterns, where what a verb governs
        # decides its type ("sent troops", "called off the strike"), highest verb in the parse first.
        # Like PETRARCH, a dictionary verb is an event only between named actors: a main-clause verb
        # with a named subject, and for a verb's bare default code (no pattern matched) a named target.
        for tok in sorted(sent, key=lambda t: (sum(1 for _ in t.ancestors), t.i)):
            if (
                tok.pos_ != "VERB"
                or not _main_clause(tok)
                or _lemma(tok) in _OWN_VERBS
                or _negated(tok)
                or _hypothetical(tok, sent)
            ):
                continue
            coded = cameo_verbs().code(tok, _lemma(tok))
            if coded is None or not coded.type or _embedded(tok, coded.type):
                continue
            cand = _verb_candidate(tok, coded.type, coded.mode, None, sent, ctx)
            if cand is None or not _named_subject(tok) or not _named(cand.actors):
                continue
            if coded.default and (out or not _named(cand.recipients)):
                continue  # a verb's bare code does not outrank an event the sentence states lower down
            out.append(cand)
            break
    return out


# A trigger this deep or shallower (``Candidate.depth``: 2 per ancestor, +1 for a noun) belongs to
# the main clause: the main verb (0), what a reporting verb reports (2), their event nouns (3, 5).
_MAIN_DEPTH = 5

_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})


def _main_clause(tok: Token) -> bool:
    """The sentence's main verb, a verb conjoined with it, or what a reporting verb reports."""
    if tok.pos_ not in {"VERB", "AUX", "ADJ"}:
        return False
    if tok.dep_ == "ROOT":
        return True
    if tok.dep_ == "conj" and tok.head.dep_ == "ROOT":
        return True
    if tok.dep_ in {"xcomp", "acomp"} and tok.head.lemma_.lower() in _ASPECT | _FUTURE_GOVERNORS | {"be"}:
        return _main_clause(tok.head)  # "continued to send arms", "is ready to contribute troops"
    return tok.dep_ == "ccomp" and tok.head.dep_ == "ROOT" and tok.head.lemma_.lower() in _REPORTING


def _verb_trigger(tok: Token, used_nouns: set[int]) -> tuple[str, str, Token | None] | None:
    if tok.pos_ not in {"VERB", "AUX"} and not (
        tok.pos_ == "NOUN" and (tok.dep_ == "ROOT" or any(c.dep_ == "nsubj" for c in tok.children))
    ):
        return None  # (a "noun" with a subject is a verb the tagger missed: "those it fires at Israel")
    if tok.dep_ in {"dobj", "pobj", "nsubj", "nsubjpass", "compound"}:
        return None  # a participle used as a noun: "airlift the seriously injured"
    if tok.dep_ in {"aux", "auxpass"}:
        return None  # "to help identify victims" parsed with "help" as an auxiliary: "identify" is the verb
    if tok.ent_type_ in _TIME_TYPES:
        return None
    lemma = _lemma(tok)
    objects = [c for c in tok.children if c.dep_ in {"dobj", "attr", "nsubjpass", "dative"}]
    objects += [c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"on", "for", "in", "at", "into"}
                for c in c.children if c.dep_ == "pobj"]  # fmt: skip
    objects += [c for o in list(objects) for c in o.conjuncts]
    obj_lemmas = {o.lemma_.lower() for o in objects} | {o.lower_ for o in objects}  # "arms" is not "arm"
    # "mediation efforts", "a state of emergency": the deciding word can be a modifier or an "of" phrase
    obj_lemmas |= {c.lemma_.lower() for o in objects for c in o.children if c.dep_ in {"compound", "amod"}}
    obj_lemmas |= {
        g.lemma_.lower()
        for o in objects
        for p in o.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for g in p.children
        if g.dep_ == "pobj"
    }
    event_obj = next((o for o in objects if _noun_entry(o) is not None), None)
    modifiers: list[Token] = []
    if event_obj is None:
        # "launched a mediation effort", "10 days of war games": the event noun modifies the object
        modifiers += [c for o in objects for c in o.children if c.dep_ == "compound" and c.i < o.i]
        modifiers += [
            g
            for o in objects
            if o.ent_type_ in {"DATE", "CARDINAL"}
            or o.lemma_.lower() in _QUANTITY | {"series", "round", "wave"}
            for p in o.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for g in p.children
            if g.dep_ == "pobj"
        ]
        event_obj = next((o for o in modifiers if _noun_entry(o) is not None or _exercise(o)), None)
    event_obj = event_obj or next((o for o in objects if _exercise(o)), None)
    entry = _noun_entry(event_obj) if event_obj is not None else None
    xcomp = next(
        (
            c
            for c in tok.children
            if c.dep_ == "xcomp"
            or (c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
        ),
        None,
    )
    if event_obj is not None and _exercise(event_obj):
        used_nouns.add(event_obj.i)
        joint = any(t.lower_ in {"joint", "bilateral", "combined"} for t in event_obj.subtree)
        # "French and Egyptian warships launched war games": forces of two states exercise together
        parties = {
            t.lower_
            for s in tok.children
            if s.dep_ == "nsubj"
            for t in s.subtree
            if t.ent_type_ in {"GPE", "NORP"}
        }
        joint = joint or len(parties) >= 2
        return ("COOPERATE", "", event_obj) if joint else ("MOBILIZE", "troops", event_obj)
    if lemma in _LODGE and event_obj is not None and event_obj.lemma_.lower() in {"protest", "complaint"}:
        used_nouns.add(event_obj.i)
        return "ACCUSE", "disapprove", event_obj  # a protest note is lodged, not marched (manual 3.8)
    if (
        lemma == "attend"
        and event_obj is None
        and any(o.ent_type_ == "EVENT" or o.lemma_.lower() in _OCCASIONS for o in objects if o.dep_ == "dobj")
    ):
        return "CONSULT", "visit", None  # CAMEO 042: "attend the Olympics", "attended the inauguration"
    if lemma in _LIGHT and event_obj is not None:
        used_nouns.add(event_obj.i)
        kind, mode = entry  # type: ignore[misc]
        return kind, mode, event_obj
    if lemma in _SIGN and event_obj is not None and entry is not None and entry[0] == "AGREE":
        used_nouns.add(event_obj.i)
        content = {t.lemma_.lower() for t in event_obj.subtree} | {t.lower_ for t in event_obj.subtree}
        # "signed the deal at a ceremony": the deal the story already told of (its content is there)
        told = any(
            c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in event_obj.children
        ) and all(t.dep_ in {"det", "amod", "compound"} for t in event_obj.children)
        return _signed(content, told=told), "", event_obj
    for verbs, objs, kind, mode in _OBJECT_RULES:
        if lemma in verbs and obj_lemmas & objs:
            return kind, mode, None
    if lemma in {"impose", "slap", "announce", "declare", "order"} and event_obj is not None:
        used_nouns.add(event_obj.i)
        return (*entry, event_obj)  # type: ignore[misc]
    if lemma in _MATERIAL_AID and entry is not None and entry[0] != "AID":
        used_nouns.add(event_obj.i)  # type: ignore[union-attr]
        return (*entry, event_obj)  # "provide support" is support, "would not provide support" a refusal
    if lemma in _MATERIAL_AID:
        if event_obj is not None:
            used_nouns.add(event_obj.i)
        return "AID", "", event_obj
    if lemma in {"call", "order"} and (
        any(c.dep_ == "prep" and c.lower_ in {"for", "on", "upon"} for c in tok.children)
        or (xcomp is not None and (lemma == "order" or any(c.dep_ == "dobj" for c in tok.children)))
    ):
        return (
            "REQUEST",
            "",
            None,
        )  # "called for talks", "called on X to", "ordered troops to" (not "called to warn him")
    if (
        lemma == "ask"
        and not objects
        and xcomp is None
        and not any(c.dep_ in {"ccomp", "prep"} for c in tok.children)
    ):
        return None  # "That is all I am asking": asking nobody for anything
    if (
        lemma in {"ask", "request"}
        and xcomp is not None
        and _negated(xcomp)
        and xcomp.lemma_.lower() in _ANONYMOUS
    ):
        return None  # "who asked not to be named": how a source is quoted, not a request
    if lemma in {"fail", "decline"} and xcomp is not None:
        return "REJECT", "", None
    if lemma == "face" and obj_lemmas & _DEMANDS and _givers(tok):
        return "REQUEST", "", None  # "faces pressure from Congress to help Iran": Congress asks (CAMEO 10)
    if lemma in {"advise", "warn", "caution"} and any(
        c.dep_ == "prep" and c.lower_ == "against" and g.lemma_.lower() in _TRAVEL_NOUNS
        for c in tok.children
        for g in c.children
    ):
        return "SANCTION", "discontinue", None  # a travel warning cuts routine ties (manual 3.13)
    if lemma in _DESIRE:
        # "wants to help Israel" states an intent (AGREE; THREATEN for force); "wants Putin to
        # attack" is a wish about someone else (a CAMEO 02 appeal, no PLOVER event)
        comp = next((c for c in tok.children if c.dep_ in {"xcomp", "ccomp"}), None)
        if comp is None or any(c.dep_ == "nsubj" for c in comp.children):
            return None
        inner = _VERBS.get(_lemma(comp), ("", ""))[0]
        if not inner:
            return None
        return ("THREATEN", "", None) if inner in _CONFLICT else ("AGREE", "", None)
    if lemma in _INTENT and xcomp is not None:
        inner = _VERBS.get(xcomp.lemma_.lower(), ("", ""))[0]
        return ("THREATEN", "", None) if inner in _CONFLICT else ("AGREE", "", None)
    if lemma in {"claim", "assert", "contend"} and any(
        c.dep_ == "ccomp" and _VERBS.get(_lemma(c), ("", ""))[0] in _CONFLICT - {"REJECT"}
        for c in tok.children
    ):
        return "ACCUSE", "allege", None  # "X claimed that Y had attacked ...": an allegation (CAMEO 112)
    particles = {c.lower_ for c in tok.children if c.dep_ == "prt"}
    if lemma == "hand" and "over" in particles and obj_lemmas & _GOODS:
        return "AID", "", None  # "handed over 700 kg of medicine" (suspects handed over are extradited)
    if lemma == "round" and "up" in particles:
        return "COERCE", "arrest", None  # CAMEO 173: "police rounded up 40 suspects"
    if lemma == "crack" and "down" in particles:
        return "COERCE", "restrict", None  # CAMEO 175: repression
    if lemma == "pull" and any(c.lower_ in {"out", "back"} for c in tok.children):
        pulled = [o for o in objects if o.dep_ == "dobj"]
        if not pulled or obj_lemmas & {"troop", "troops", "force", "forces", "soldier", "soldiers"}:
            return "RETREAT", "withdraw", None  # "pulled out of the town", "pulled back its troops"
        return None  # "we pulled the children out": a rescue, not a withdrawal
    if lemma == "open" and "fire" in obj_lemmas:
        return "ASSAULT", "firearms", None
    if lemma == "fire" and any(c.dep_ == "prep" and c.lower_ in {"at", "on", "upon"} for c in tok.children):
        return (
            "ASSAULT",
            "",
            None,
        )  # "fired on the crowd", "the rockets it fires at Israel" (not "fired staff")
    if lemma in {"allow", "permit"}:
        subj, passive = _subject(tok)
        if not passive and not any(_agentive(t) for t in subj):
            return None  # "the upgrade will allow industries to expand": a thing enables, nobody concedes
        return "CONCEDE", "", None
    if lemma == "accept":
        return "AGREE", "", None  # accepting anything else (refugees, a plan) is agreeing to it
    if lemma == "renege":
        return "REJECT", "", None
    if lemma == "warn" and not _warning_is_a_threat(tok):
        return None  # "engineers warned that the region is exposed": a warning about a risk
    if lemma == "warn" and any(o.dep_ == "dobj" and o.lower_ in {"him", "her", "me", "you"} for o in objects):
        return None  # "his bank had called to warn him": a private caution, not a threat
    if lemma == "defend" and any(o.dep_ == "dobj" and o.lemma_.lower() in _LEVELS for o in objects):
        return None  # "would not defend any particular level": a policy, nobody defended
    if lemma == "threaten" and any(t.lemma_.lower() in _FORCES_OF_NATURE for t in _subject(tok)[0]):
        return None  # "rising prices threatened to undo the progress": no one threatens
    if lemma == "blame" and any(
        c.dep_ == "prep"
        and c.lower_ == "on"
        and not any(_agentive(o) for o in c.children if o.dep_ == "pobj")
        for c in tok.children
    ):
        return None  # "a lag officials blamed on border delays": a cause, not an accusation
    if lemma == "release":
        if obj_lemmas & _MONEY or any(o.ent_type_ == "MONEY" for o in objects):
            return "AID", "", None  # "released Rs 5 million for relief"
        published = [o for o in objects if o.dep_ == "dobj"]
        if published and all(o.lemma_.lower() in _PUBLICATIONS for o in published):
            return None  # "released a statement", "released figures"
    if lemma in _TRAVEL and _subject(tok)[1]:
        return None  # "the injured were flown to Dhangadhi": carried, not visiting
    if lemma in {"tour", "visit"} and any(
        o.dep_ == "dobj" and not _agentive(o) and o.ent_type_ not in {"GPE", "LOC"} for o in objects
    ):
        return None  # "officials toured the border posts", "visited the site": an inspection, no host met
    if lemma in {"block", "blockade"} and not obj_lemmas:
        return None
    if lemma in _VERBS:
        kind, mode = _VERBS[lemma]
        if kind == "AID" and obj_lemmas & _REFLEXIVE:
            return None  # "we fund ourselves at these yields"
        if kind == "ACCUSE" and mode == "investigate" and not _investigable(objects):
            return None  # "engineers inspect buildings": not an inquiry into anyone
        return kind, mode, None
    return None


_REFLEXIVE = frozenset(["ourselves", "themselves", "itself", "himself", "herself", "myself", "yourself"])


def _investigable(objects: Sequence[Token]) -> bool:
    """An inquiry is into someone or something that may be wrong, not into buildings or roads."""
    direct = [o for o in objects if o.dep_ == "dobj"]
    return not direct or not all(o.lemma_.lower() in _FABRIC for o in direct)


def _warning_is_a_threat(tok: Token) -> bool:
    """ "warned Kenya", "warned of retaliation", "warned that police will no longer tolerate rallies"
    threaten; "warned that the far west is exposed" or "that the increase would delay investment"
    (a risk, no act of anyone's) does not."""
    if any(c.dep_ in {"dobj", "dative"} for c in tok.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ in {"of", "against"} for c in tok.children):
        return True
    comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if comp is None:
        return True
    if any(_VERBS.get(_lemma(t), ("",))[0] in _CONFLICT for t in comp.subtree if t.pos_ == "VERB"):
        return True
    will = any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX | {"would"} for c in comp.children)
    doer = any(c.dep_ == "nsubj" and _agentive(c) for c in comp.children)
    return will and doer


def _another_happening(noun: Token, verb: Token) -> bool:
    """ "condemned the attack", "protested the arrests": the verb reacts to a violent event, which
    happened in its own right (with its own date and place)."""
    noun_kind = (_noun_entry(noun) or ("",))[0]
    verb_kind = _VERBS.get(verb.lemma_.lower(), ("",))[0]
    return noun_kind in {"ASSAULT", "COERCE"} and verb_kind != noun_kind


def _argument_of_root(tok: Token, sent: SpacySpan) -> bool:
    """The noun is the main verb's subject or object, or the object of one of its prepositions."""
    root = sent.root
    if tok.head.i == root.i and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"}:
        return True
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.i == root.i


def _sought(noun: Token) -> bool:
    """ "called for a ceasefire", "paved the way for talks": the noun is the goal of another act."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in {"for", "towards", "toward"}:
        return False
    verb = prep.head
    if verb.lemma_.lower() == "way" and verb.head.lemma_.lower() == "pave":
        return True
    return verb.lemma_.lower() in _PURSUIT
