"""How an event is stated: negated ("did not agree"), hypothetical ("would allow", "if ..."),
embedded in another's content or purpose ("an agreement to withdraw"), future ("will meet",
"is set to host"), a stated intent ("seeks to deepen ties"), and PLOVER's future rule."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from newsfuse.extract.events.context import Candidate
from newsfuse.extract.events.lexicon import (
    _AIMING,
    _CONFLICT,
    _DESIRE,
    _FUTURE_AUX,
    _FUTURE_GOVERNORS,
    _NOUNS,
    _READY,
    _SPEECH,
    _VERBS,
    _WISHING,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


_HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "should", "must"})  # "must still approve": not yet


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head
    # "refused to attack", "did not agree to meet": the governing verb carries the negation
    return tok.dep_ == "xcomp" and head is not tok and any(c.dep_ == "neg" for c in head.children)


def _hypothetical(tok: Token, sent: SpacySpan) -> bool:
    """Modal or conditional, on the verb or on the verbs it hangs from ("would allow X to receive")."""
    cur = tok
    for _ in range(3):
        aux = {c.lower_ for c in cur.children if c.dep_ in {"aux", "auxpass"}}
        if aux & _HYPOTHETICAL_AUX:
            return True
        if "would" in aux and cur.dep_ in {"relcl", "acl"}:
            return True  # "a proposal that would allow ...": what a plan would do, not what happened
        if "would" in aux and any(c.lower_ in {"if", "unless"} for c in sent) and not _reported(cur):
            return True  # "if finalised, would allow"; but "said they would meet ... if" is a stated intent
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in cur.children):
            return True
        if cur.dep_ not in {"xcomp", "ccomp", "conj"} or cur.head is cur:
            return False
        cur = cur.head
    return False


def _reported(tok: Token) -> bool:
    """The clause is what someone said (a ccomp of a speech verb)."""
    return any(a.lemma_.lower() in _SPEECH for a in tok.ancestors)


def _embedded(tok: Token, kind: str) -> bool:
    """Purpose clauses and noun modifiers ("ways to deepen ties", "avenues to explore") are not events;
    "an attack that killed 3" is the attack itself."""
    if tok.dep_ == "relcl" and any(_NOUNS.get(a.lemma_.lower(), ("",))[0] == kind for a in tok.ancestors):
        return True
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "NOUN":
        return True  # "expressed interest in funding the project", "plans for expanding": content of a noun
    if tok.dep_ == "acl" and tok.tag_ in {"VBN", "VBD"} and kind not in _CONFLICT and not _caption(tok):
        return True  # "a project first proposed ten years ago": a description of the noun, not news
    if tok.dep_ in {"acl", "relcl"} and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() not in _NOUNS:
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    if _content(tok):
        return True
    if tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True
    if tok.dep_ in {"xcomp", "ccomp"} and tok.head.lemma_.lower() in _DESIRE:
        return True  # coded on "want" (or not at all)
    if tok.dep_ == "ccomp" and tok.head.lower_ in _WISHING:
        return True  # "she hoped the officials would be indicted": a wish about others (CAMEO 02)
    if tok.dep_ in {"xcomp", "ccomp"} and tok.head.lemma_.lower() in _VERBS:
        return True  # "refused to meet", "agreed to cooperate": coded on the governing verb
    return tok.dep_ in {"amod", "compound"}


_SPEECH_ACTS = frozenset({"THREATEN", "AGREE", "REQUEST", "REJECT"})


def _caption(tok: Token) -> bool:
    """A headline or caption with its "were" dropped: "Dozens of captives released in Nairobi",
    "Curfew imposed after clashes" - the participle hangs from the root noun and the sentence has no
    finite verb, so the participle is the news."""
    root = tok.sent.root
    if tok.dep_ != "acl" or root.pos_ not in {"NOUN", "PROPN"}:
        return False
    # on the root noun, or on its "of" phrase ("dozens of captives released")
    if tok.head.i != root.i and not (tok.head.dep_ == "pobj" and tok.head.head.head.i == root.i):
        return False
    return not any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in tok.sent if t.i != tok.i)


def _content(tok: Token) -> bool:
    """ "a threat to boycott the ceremony", "an agreement to withdraw troops", "a demand to release":
    what is threatened, agreed or demanded, not something done (nor the purpose of anything)."""
    return (
        tok.dep_ == "acl"
        and _NOUNS.get(tok.head.lemma_.lower(), ("",))[0] in _SPEECH_ACTS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    )


def _readying(tok: Token) -> bool:
    """The act hangs from "prepare to" / "poised to" (possibly through "resume", "launch")."""
    cur = tok
    for _ in range(3):
        if cur.dep_ not in {"xcomp", "ccomp"} or cur.head is cur:
            return False
        if cur.head.lemma_.lower() in _READY:
            return True
        cur = cur.head
    return False


_PERSONAL = frozenset(["it", "they", "he", "she", "we", "i"])


def _intent(tok: Token) -> bool:
    """The act is the doer's stated aim: it hangs from "seeks to" / "plans to", or the doer says it
    will do it ("Israel announced it would free ...", "Interpol said it will send ...")."""
    cur = tok
    for _ in range(4):
        head = cur.head
        if cur.dep_ in {"xcomp", "ccomp"} and head.lemma_.lower() in _AIMING:
            return True
        aux = {c.lower_ for c in cur.children if c.dep_ in {"aux", "auxpass"}}
        if cur.dep_ == "ccomp" and aux & (_FUTURE_AUX | {"would"}) and head.lemma_.lower() in _SPEECH:
            own = [c for c in cur.children if c.dep_ == "nsubj"]
            speaker = [c for c in head.children if c.dep_ == "nsubj"]
            return bool(own and speaker) and (
                own[0].lower_ in _PERSONAL or own[0].lemma_.lower() == speaker[0].lemma_.lower()
            )
        if cur.dep_ not in {"xcomp", "conj"} or head is cur:
            return False
        cur = head
    return False


def _future(tok: Token) -> bool:
    seen = 0
    cur = tok
    while seen < 4:
        aux = {c.lower_ for c in cur.children if c.dep_ in {"aux", "auxpass"}}
        if aux & _FUTURE_AUX:
            return True
        if "would" in aux and _reported(cur):
            return True  # "they said they would boycott": the future of reported speech
        if cur.dep_ in {"xcomp", "ccomp"} and cur.head.lemma_.lower() in _FUTURE_GOVERNORS:
            return True
        if cur.dep_ not in {"xcomp", "conj", "ccomp", "dobj", "pobj", "prep"} or cur.head is cur:
            return False
        cur = cur.head
        seen += 1
    return False


def future_rule(c: Candidate, retreat: str = "CONCEDE", *, stated_only: bool = False) -> Candidate:
    """PLOVER manual 3.1: future CONSULT/SUPPORT/COOPERATE/AID are coded AGREE; future RETREAT is
    CONCEDE in v2.0. ``retreat="AGREE"`` gives the 2016 PLOVER 0.5 reading the GSR gold follows: any
    promised de-escalation or concession (a withdrawal, a release, lifting a ban) is an AGREE.
    ``stated_only``: CAMEO's reading, where only a stated intention is the "express intent" (03)
    event and a scheduled act ("will meet on Monday") is coded as the act."""
    if not c.future or (stated_only and not c.intent):
        return c
    if c.type in {"CONSULT", "SUPPORT", "COOPERATE", "AID"}:
        return replace(c, type="AGREE", mode=None)
    if c.type == "RETREAT" or (c.type == "CONCEDE" and retreat == "AGREE"):
        return replace(c, type=retreat, mode=None)
    if c.type in _THREAT_MODE:
        return replace(c, type="THREATEN", mode=_THREAT_MODE[c.type])  # "will attack", "would boycott"
    return c


# A declared future use of force, coercion or sanctions is a threat (manual 3.11: the mode is the
# content of the threat).
_THREAT_MODE = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "PROTEST": "restrict"}
