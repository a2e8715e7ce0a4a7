"""PLOVER events: a sentence-level coder over spaCy parses, merged into one event per happening.

Per sentence, a trigger lexicon (verbs and event nouns -> PLOVER type and mode, our own compact
table written from the PLOVER manual v2.0, the NGEC structured codebook and CAMEO verb classes)
finds candidate events; the dependency parse says who did what to whom (subject -> actor, object
or "with"/"on"/"against" -> recipient, "between A and B" -> both actors, passive "by" -> actor),
a negation drops the event, a conditional ("if finalised, would ...") drops it, and future
modality ("will", "is set to", "expected to") keeps it with its future date. Dates come from
:mod:`newsfuse.extract.time`, places from the gazetteer, actors from
:class:`~newsfuse.extract.actors.ActorResolver`.

Candidates are then merged across the story's articles: same type, overlapping participants,
compatible dates and places. A meeting reported by five articles becomes one event with five
article ids; ``independent_sources`` counts distinct lineages. Events dated well before the story
(an attack two weeks earlier, last year's agreement) are kept with ``background=True``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from newsfuse.extract import time as nf_time
from newsfuse.extract.actors import ActorResolver, CountryResolver, _strip_possessive, ethnic, international
from newsfuse.extract.cameo import cameo_verbs
from newsfuse.extract.entities import Annotation
from newsfuse.models import (
    DISASTER,
    PLOVER_TYPES,
    Actor,
    Article,
    Event,
    Lineage,
    Place,
    Span,
    Story,
    When,
    content_id,
)
from newsfuse.settings import ExtractSettings

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = [
    "DISASTER",
    "PLOVER_TYPES",
    "Candidate",
    "Gazetteer",
    "NOUN_TRIGGERS",
    "VERB_TRIGGERS",
    "code_article",
    "code_sentence",
    "future_rule",
    "extract_events",
    "summarize",
]


class Gazetteer(CountryResolver, Protocol):
    """What events need from :class:`newsfuse.extract.places.Gazetteer`."""

    def lookup(self, name: str, context_countries: Sequence[str] = ()) -> Place | None: ...


# --- trigger lexicon ---------------------------------------------------------------------------
# Verb lemma -> (PLOVER type, mode or ""). Written from the manual's category definitions and the
# CAMEO verb classes they absorb (CAMEO2PLOVER-2021); not from the gold sentences.
_VERBS: dict[str, tuple[str, str]] = {}
_NOUNS: dict[str, tuple[str, str]] = {}


def _add(table: dict[str, tuple[str, str]], kind: str, mode: str, words: str) -> None:
    for word in words.split():
        table.setdefault(word.replace("_", " "), (kind, mode))


# AGREE: intent, promise, offer, invitation (a future meeting or aid counts here in PLOVER)
_add(_VERBS, "AGREE", "", "agree pledge promise offer commit invite propose undertake volunteer")
# CONSULT: meetings, talks, visits, calls
_add(_VERBS, "CONSULT", "", "meet discuss negotiate consult confer talk deliberate parley")
_add(_VERBS, "CONSULT", "visit", "visit host receive tour arrive travel fly")
_add(_VERBS, "CONSULT", "phone", "phone telephone")
# SUPPORT: verbal support, approval, recognition, signing/ratifying
_add(
    _VERBS,
    "SUPPORT",
    "",
    "praise commend endorse support back welcome applaud hail thank congratulate "
    "recognize recognise ratify approve reaffirm assure laud elevate normalize normalise defend forgive",
)
# ("restore", "upgrade" only with ties or relations: restoring power or upgrading a line is not support)
# CONCEDE: verbal concessions, regret, pardons
_add(
    _VERBS, "CONCEDE", "", "concede yield apologize apologise regret pardon acquit amnesty relent compromise"
)
# COOPERATE: material cooperation, exchanges, extradition, intelligence sharing
_add(_VERBS, "COOPERATE", "", "cooperate collaborate extradite co-operate partner")
# AID: material aid, asylum, rescue
_add(_VERBS, "AID", "", "aid donate fund finance rescue assist lend shelter airlift help")
# RETREAT: material de-escalation
_add(_VERBS, "RETREAT", "withdraw", "withdraw retreat evacuate")
_add(_VERBS, "RETREAT", "release", "release free repatriate")
_add(_VERBS, "RETREAT", "disarm", "disarm surrender demobilize demobilise")
_add(_VERBS, "RETREAT", "resign", "resign quit")
# REQUEST: requests, demands, orders, appeals
_add(_VERBS, "REQUEST", "", "ask request demand urge appeal plead petition implore exhort insist")
# ACCUSE: disapproval, accusation, lawsuits, investigations
_add(_VERBS, "ACCUSE", "disapprove", "criticize criticise condemn denounce deplore decry slam blast censure "
     "rebuke disapprove complain object protest_diplomatically fault chide lambast")  # fmt: skip
_add(_VERBS, "ACCUSE", "allege", "accuse blame allege charge indict sue prosecute")
_add(_VERBS, "ACCUSE", "investigate", "investigate probe examine inquire")
# REJECT: refusals
_add(_VERBS, "REJECT", "", "reject refuse deny decline dismiss veto rebuff spurn oppose defy resist snub")
# THREATEN
_add(_VERBS, "THREATEN", "", "threaten warn menace")
# PROTEST
_add(_VERBS, "PROTEST", "demo", "protest demonstrate rally march picket")
_add(_VERBS, "PROTEST", "riot", "riot")
_add(_VERBS, "PROTEST", "boycott", "boycott")
# SANCTION: reductions in relations
_add(_VERBS, "SANCTION", "", "sanction embargo sever downgrade")  # "suspend" only with ties, aid, talks
_add(_VERBS, "SANCTION", "expel", "expel")
_add(_VERBS, "SANCTION", "withdraw", "recall")
_add(_VERBS, "SANCTION", "convict", "convict")
# MOBILIZE
_add(_VERBS, "MOBILIZE", "troops", "mobilize mobilise deploy mass station")
# COERCE
_add(_VERBS, "COERCE", "arrest", "arrest detain jail imprison apprehend sentence")
_add(_VERBS, "COERCE", "seize", "seize confiscate raid search impound")
_add(_VERBS, "COERCE", "restrict", "ban restrict blockade block cordon outlaw")
_add(_VERBS, "COERCE", "deport", "deport")
_add(_VERBS, "COERCE", "censor", "censor")
_add(_VERBS, "COERCE", "cyber", "hack deface")
# ASSAULT
_add(_VERBS, "ASSAULT", "", "attack kill assault fight clash invade storm ambush murder slay injure wound "
     "destroy raze")  # fmt: skip
_add(_VERBS, "ASSAULT", "explosives", "bomb blow")
_add(_VERBS, "ASSAULT", "heavy-weapons", "shell bombard")
_add(_VERBS, "ASSAULT", "firearms", "shoot gun")
_add(_VERBS, "ASSAULT", "abduct", "abduct kidnap hijack")
_add(_VERBS, "ASSAULT", "targeted", "assassinate execute massacre")
_add(_VERBS, "ASSAULT", "beat", "beat")
_add(_VERBS, "ASSAULT", "destroy", "demolish bulldoze")
_add(_VERBS, "ASSAULT", "torture", "torture")

# Unambiguous verbs from the PETRARCH-2 CAMEO verb dictionary (cameo_dictionaries/CAMEO.2.0.txt,
# MIT): block headers' synonyms whose CAMEO code maps to one PLOVER type (CAMEO2PLOVER-2021); the
# generic ones ("come", "give", "think", "hold") were left out, they only mean an event with an object.
_add(_VERBS, "AGREE", "", "guarantee vouch")
_add(_VERBS, "CONSULT", "", "convene reconvene mediate arbitrate intercede")
_add(_VERBS, "SUPPORT", "", "acclaim compliment extol salute reassure encourage")
_add(
    _VERBS,
    "CONCEDE",
    "",
    "capitulate cede waive acquiesce accede legalize legalise decriminalize decriminalise",
)
_add(_VERBS, "ACCUSE", "investigate", "inspect audit scrutinize scrutinise")
_add(_VERBS, "ACCUSE", "disapprove", "castigate reprimand berate scold lambaste chastise admonish denigrate "
     "disparage deride ridicule dispute")  # fmt: skip
_add(_VERBS, "REQUEST", "", "entreat clamor clamour")
_add(_VERBS, "REJECT", "", "postpone shelve overrule obstruct stymie")
_add(_VERBS, "MOBILIZE", "troops", "patrol muster")
_add(_VERBS, "COERCE", "arrest", "incarcerate nab capture")
_add(_VERBS, "COERCE", "restrict", "forbid prohibit interdict proscribe")
_add(_VERBS, "COERCE", "seize", "expropriate nationalize nationalise")
_add(_VERBS, "COERCE", "deport", "evict exile banish")
_add(
    _VERBS, "COERCE", "", "pressure pressurise pressurize coerce blackmail"
)  # CAMEO 170 (its "to" clause is the content)
_add(
    _VERBS, "ASSAULT", "", "stab behead decapitate torch rape lynch pillage plunder ransack butcher slaughter"
)
_add(_VERBS, "ASSAULT", "explosives", "detonate")
_add(_VERBS, "ASSAULT", "firearms", "snipe")

VERB_TRIGGERS: Mapping[str, tuple[str, str]] = _VERBS  # lemma -> (PLOVER type, mode); read-only view
NOUN_TRIGGERS: Mapping[str, tuple[str, str]] = _NOUNS

# Event nouns: these name a happening by themselves ("the Pahalgam attack", "their meeting").
_add(_NOUNS, "CONSULT", "", "meeting talk talks discussion negotiation summit consultation dialogue "
     "engagement interaction conversation parley")  # fmt: skip
_add(_NOUNS, "CONSULT", "visit", "visit trip tour welcome")
# CAMEO 045/046 (mediate, engage in negotiation) -> PLOVER CONSULT
_add(_NOUNS, "CONSULT", "", "mediation")
_add(_NOUNS, "AGREE", "", "agreement deal pact accord treaty pledge promise offer memorandum mou invitation")
_add(_NOUNS, "SUPPORT", "", "support solidarity praise recognition endorsement approval elevation condolence "
     "congratulation")  # fmt: skip
_add(_NOUNS, "CONCEDE", "", "apology concession amnesty pardon permission")
_add(_NOUNS, "COOPERATE", "", "extradition")
_add(_NOUNS, "AID", "", "aid assistance donation relief asylum")
_add(_NOUNS, "RETREAT", "withdraw", "withdrawal pullout retreat evacuation")
_add(_NOUNS, "RETREAT", "release", "release")
_add(_NOUNS, "RETREAT", "ceasefire", "ceasefire truce")
_add(_NOUNS, "RETREAT", "resign", "resignation")
_add(_NOUNS, "REQUEST", "", "request demand appeal plea")
_add(_NOUNS, "ACCUSE", "disapprove", "criticism condemnation complaint")
_add(_NOUNS, "ACCUSE", "allege", "accusation allegation lawsuit indictment")
_add(_NOUNS, "ACCUSE", "investigate", "investigation probe inquiry hearing")
_add(_NOUNS, "ACCUSE", "allege", "trial prosecution")
_add(_NOUNS, "REJECT", "", "rejection refusal veto")
_add(_NOUNS, "THREATEN", "", "threat ultimatum warning")
_add(_NOUNS, "PROTEST", "demo", "protest demonstration rally march sit-in")
_add(_NOUNS, "PROTEST", "riot", "riot")
_add(_NOUNS, "PROTEST", "boycott", "boycott")
_add(_NOUNS, "PROTEST", "strike", "walkout")
_add(_NOUNS, "SANCTION", "discontinue", "sanction sanctions embargo")
_add(_NOUNS, "SANCTION", "expel", "expulsion")
_add(_NOUNS, "SANCTION", "discontinue", "suspension severance")
_add(_NOUNS, "MOBILIZE", "troops", "deployment mobilization mobilisation buildup build-up")
# CAMEO 15 (demonstrate military or police power) -> PLOVER MOBILIZE
_add(_NOUNS, "MOBILIZE", "troops", "reinforcement reinforcements patrol patrols")
_add(_NOUNS, "COERCE", "arrest", "arrest detention")
_add(_NOUNS, "COERCE", "seize", "raid seizure crackdown")
_add(_NOUNS, "COERCE", "curfew", "curfew")
_add(_NOUNS, "COERCE", "restrict", "ban blockade")
_add(_NOUNS, "COERCE", "deport", "deportation")
_add(_NOUNS, "ASSAULT", "", "attack assault clash fighting offensive violence invasion ambush killing "
     "massacre incursion")  # fmt: skip
_add(_NOUNS, "ASSAULT", "explosives", "bombing blast explosion")
_add(_NOUNS, "ASSAULT", "aerial", "airstrike air-strike air_strike")
_add(_NOUNS, "ASSAULT", "heavy-weapons", "shelling")
_add(_NOUNS, "ASSAULT", "firearms", "shooting gunfire")
_add(_NOUNS, "ASSAULT", "targeted", "assassination execution")
_add(_NOUNS, "ASSAULT", "abduct", "abduction kidnapping hijacking")
_add(_NOUNS, "ASSAULT", "", "cleansing genocide atrocity")  # CAMEO 20: unconventional mass violence
_add(_NOUNS, "ASSAULT", "torture", "torture")
_add(_NOUNS, "COERCE", "restrict", "restriction")

# Light verbs take their type from the event noun they govern ("hold talks", "launch an attack").
_LIGHT = frozenset(
    [
        "hold",
        "have",
        "conduct",
        "carry",
        "launch",
        "stage",
        "make",
        "take",
        "give",
        "issue",
        "express",
        "reach",
        "conclude",
        "seal",
        "finalise",
        "finalize",
        "begin",
        "start",
        "resume",
        "open",
        "attend",
        "join",
        "mount",
        "commit",
        "announce",
        "lodge",
        "file",
        "impose",
        "level",
        "extend",
        "convey",
        "pay",
        "exchange",
        "continue",
        "reiterate",
        "renew",
        "repeat",
        "voice",
        "organize",
        "organise",
    ]
)
_LODGE = frozenset(["lodge", "file", "register", "deliver", "issue", "send"])
# Verbs whose object noun overrides them only when it is an event noun of these types.
_SIGN = frozenset(["sign", "ink"])
_COOP_CONTENT = frozenset(
    [
        "development",
        "co-development",
        "production",
        "co-production",
        "cooperation",
        "co-operation",
        "supply",
        "supplies",
        "logistics",
        "exchange",
        "trade",
        "investment",
        "exercise",
        "exercises",
        "training",
        "research",
        "manufacturing",
        # building or upgrading something together ("an agreement to upgrade the power line")
        "upgrade",
        "build",
        "construct",
        "extend",
        "develop",
        "joint",
        "interconnector",
        "pipeline",
        "grid",
    ]
)


def _signed(content: set[str], *, told: bool = False) -> str:
    """The type of signing an agreement with these words: manual 3.3, signing is SUPPORT; an agreement
    to cooperate later (or one the story already told of, ``told``) is AGREE (3.1)."""
    return "AGREE" if content & _COOP_CONTENT or told else "SUPPORT"


# Verbs that carry modality / aspect of the verb they govern ("is set to host", "plans to visit").
_FUTURE_GOVERNORS = frozenset(
    [
        "set",
        "expect",
        "plan",
        "schedule",
        "due",
        "likely",
        "poise",
        "poised",
        "intend",
        "prepare",
        "prepared",
        "go",
        "slate",
        "aim",
        "hope",
        "seek",
        "willing",
        "ready",
    ]
)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_LEVELS = frozenset(
    ["level", "rate", "price", "peg", "band", "floor", "ceiling", "target", "threshold", "title"]
)
_FIRST_PERSON = frozenset(["i", "me", "my", "we", "us", "our"])
_PAIR_WORDS = re.compile(r"^(?:both|the two|the sides|each other)\b", re.IGNORECASE)
_HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "should", "must"})  # "must still approve": not yet
_GROUP_WORDS = re.compile(
    r"^(?:both(?: \w+){0,2}|the two(?: \w+){0,2}|the sides|they|them|their|he|she|his|her|we|it|its|"
    r"the (?:\w+ )?(?:ministers|leaders|officials|presidents|premiers|counterparts|delegations|envoys))$",
    re.I,
)
_EVENT_PREPS_ACTOR = frozenset({"by"})
_EVENT_PREPS_RECIP = frozenset({"with", "on", "against", "to", "toward", "towards", "into"})
# "talks on trade", "meeting on the sidelines of": for meetings "on" gives a topic, not a party
_RECIP_PREPS_FOR = {
    "CONSULT": frozenset({"with"}),
    "AGREE": frozenset({"with"}),
    "COOPERATE": frozenset({"with"}),
}
_TRAVEL = frozenset(["visit", "travel", "fly", "arrive", "tour", "trip"])
_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around"})
_MULTILATERAL = re.compile(
    r"\b(?:sidelines?|summit|multilateral|ministers['’]? meeting|general assembly)\b", re.I
)
_PHONE = re.compile(r"\b(?:phone|telephone|video ?call|virtual(?:ly)?|videoconference)\b", re.I)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100,
}  # fmt: skip
_N = r"(\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")"
_ABOUT = r"(?:at least |nearly |some |about |over |more than |up to )?"
_WHO = (
    r"(?:(?:people|persons|civilians|soldiers|policemen|police officers|officers|tourists|others|children|women|"
    r"men|militants|troops|protesters|villagers|pilgrims|workers|students|passengers) )?"
)
_CASUALTY_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\bclaim(?:ed|ing|s)? (?:the )?{_ABOUT}{_N} lives\b", re.I), "killed"),
    (re.compile(rf"\b(kill(?:ed|ing)|injur(?:ed|ing)|wound(?:ed|ing)) {_ABOUT}{_N}\b", re.I), ""),
    (re.compile(rf"\b{_N} {_WHO}(?:were |was |have been |had been |are |being )?(killed|dead|died|injured|wounded)\b", re.I), ""),
    (re.compile(rf"\bdeath toll (?:\w+ ){{0,3}}?{_N}\b", re.I), "killed"),
)  # fmt: skip


@dataclass(slots=True)
class Candidate:
    """One event as one sentence states it, before merging across the story."""

    type: str
    mode: str | None
    actors: list[Actor]
    recipients: list[Actor]
    evidence: Span
    trigger: str
    when: When | None = None
    where: Place | None = None
    future: bool = False
    # the doer states the future act as its own aim ("seeks to deepen ties", "Israel announced it
    # would free 150 prisoners"): CAMEO 03 "express intent", where a bare "will meet" is the meeting
    intent: bool = False
    attributes: dict[str, str] = field(default_factory=dict)
    article_id: str = ""
    # actors inherited from the main clause, or a fallback event (a purpose clause, a bare event noun):
    # its actors do not decide which happening it merges with
    weak: bool = False
    depth: int = 0  # of the trigger in the parse tree: 0 is the sentence's main verb (the main event)
    # the event this one took place at or during, in the same sentence ("agreed at a meeting in
    # Nairobi"): an undated one takes that event's date
    during: Candidate | None = field(default=None, repr=False, compare=False)


# --- sentence coder ----------------------------------------------------------------------------
@dataclass(slots=True)
class _Context:
    """Per-article state the coder needs while walking sentences."""

    article_id: str
    text: str
    offset: int
    resolver: ActorResolver
    gazetteer: Gazetteer | None
    dates: Sequence[nf_time.DateMention] = ()
    anchor: date | None = None  # the day relative dates were resolved against, if known to the day
    groups: Counter[tuple[str, ...]] = field(default_factory=Counter)
    members: dict[str, Actor] = field(default_factory=dict)
    last: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # every country the article names, in order of first mention

    def note_group(self, group: Sequence[Actor]) -> None:
        """Remember who acted together, so "both sides" and "they" can be resolved later."""
        key = tuple(sorted(a.id for a in group))
        if not key:
            return
        self.members.update((a.id, a) for a in group)
        self.groups[key] += 1 if len(key) >= 2 else 0
        self.last = key

    def group(self, kind: str = "", *, pair: bool = False) -> list[Actor]:
        """The pair (or more) most often named together in this article so far, else the last actors.

        ``kind`` narrows the choice: "person" for "the two ministers", "country" for "both nations".
        ``pair``: the words name two parties ("the two sides", "both countries"): with no pair seen
        yet, the first two countries the article names, not whoever acted last.
        """
        groups = [
            (k, n)
            for k, n in self.groups.items()
            if n > 0 and _group_fits(k, kind, self.members, self.resolver.country_actor)
        ]
        best = max(groups, key=lambda kv: (kv[1], len(kv[0])), default=None)
        if best is None and pair and len(self.last) < 2 and kind != "person" and len(self.countries) >= 2:
            return [self.resolver.country_actor(c) for c in self.countries[:2]]
        if best is not None:
            return [self.members[i] for i in best[0]]
        if kind and self.last and not _group_fits(self.last, kind, self.members, self.resolver.country_actor):
            return []  # "the ministers" after an association was named: not the association
        return [self.members[i] for i in self.last]


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


def _plural_subject(verb: Token) -> bool:
    """ "Young Algerians blocked roads": people, not their state ("Israel blocked ...")."""
    return any(c.dep_ == "nsubj" and c.tag_ in {"NNS", "NNPS"} for c in verb.children)


# Blocking a road is a civilian protest unless a state does it (manual 3.12, 3.15); banning or
# outlawing is always the state's.
_OBSTRUCT = frozenset(["block", "blockade", "barricade", "obstruct", "occupy", "cordon"])
_STATE = frozenset({"GOV", "MIL", "COP", "JUD", "SPY", "PRM", "LEG"})
_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
_PERSON_NOUNS = frozenset(
    [
        "minister",
        "leader",
        "president",
        "premier",
        "official",
        "counterpart",
        "chief",
        "head",
        "envoy",
        "diplomat",
    ]
)
_COUNTRY_NOUNS = frozenset(["country", "nation", "state", "government", "neighbour", "neighbor", "power"])


def _group_kind(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    return "person" if lemma in _PERSON_NOUNS else "country" if lemma in _COUNTRY_NOUNS else ""


def _group_fits(
    key: tuple[str, ...], kind: str, members: Mapping[str, Actor], country_actor: Callable[[str], Actor]
) -> bool:
    actors = [members[i] for i in key]
    if kind == "person":
        return all(a.role is not None for a in actors)
    if kind == "country":
        # states themselves, not a crowd of their people ("truck drivers (TZA)")
        return all(a.country is not None and a.id == country_actor(a.country).id for a in actors)
    return True


# Verbs whose type depends on their object: (verb lemmas, object lemmas, PLOVER type, mode). Read
# top to bottom; the first row whose verb and one object match wins. From the manual's category
# notes (3.4 lifting curfews is CONCEDE, 3.7 easing sanctions/blockades is RETREAT, 3.13 cutting
# ties or aid is SANCTION, 3.5 sharing intelligence is COOPERATE) and CAMEO's verb classes.
_OBJECT_RULES: tuple[tuple[frozenset[str], frozenset[str], str, str], ...] = tuple(
    (frozenset(v.split()), frozenset(o.split()), kind, mode)
    for v, o, kind, mode in (
        ("lift ease relax", "sanction embargo blockade siege", "RETREAT", ""),
        ("lift ease relax shorten end suspend revoke cancel scrap remove abolish", "curfew ban restriction "
         "emergency law rule", "CONCEDE", ""),
        ("cut break halt freeze end suspend sever downgrade", "tie relation aid assistance talk negotiation "
         "mediation cooperation link contact flight", "SANCTION", "discontinue"),
        ("accept", "demand request condition term ultimatum", "CONCEDE", ""),
        ("accept", "proposal plan offer invitation deal agreement", "AGREE", ""),
        ("establish restore resume normalize normalise upgrade", "tie relation contact", "SUPPORT", ""),
        ("recognise recognize", "mark standard certificate certification qualification degree licence license "
         "document passport visa diploma", "COOPERATE", ""),  # mutual recognition, not CAMEO 054
        ("deepen strengthen broaden widen enhance cement forge expand", "tie relation relationship partnership "
         "friendship alliance", "SUPPORT", ""),  # CAMEO 050: diplomatic cooperation
        ("share exchange", "intelligence information data evidence expertise technology experience know-how",
         "COOPERATE", ""),
        ("strengthen reinforce boost bolster beef increase", "force troop presence garrison deployment",
         "MOBILIZE", "troops"),
        ("impose declare introduce", "martial curfew restriction emergency", "COERCE", "restrict"),
        ("reduce slash cut", "aid supply supplies assistance funding", "SANCTION", "discontinue"),
        ("violate break breach", "ceasefire truce", "ASSAULT", ""),
        ("exchange", "view idea note", "CONSULT", ""),
        ("send dispatch", "troop soldier force warship tank reinforcement", "MOBILIZE", "troops"),
        ("seek", "refuge asylum help aid assistance release support talk meeting extradition", "REQUEST", ""),
        ("give grant send offer", "aid grant loan credit fund funding food medicine supply assistance relief "
         "dollar million billion arms weapon equipment money help asylum refuge", "AID", ""),
        ("strike clinch", "deal agreement accord pact", "AGREE", ""),
        ("fire launch lob", "shell missile rocket shot bullet round bomb mortar grenade battery artillery "
         "salvo barrage", "ASSAULT", "heavy-weapons"),
    )
)  # fmt: skip


_VISITORS = _PERSON_NOUNS | {"ambassador", "delegation", "envoy", "mission", "team", "guest", "visitor"}
_ARMS = frozenset(
    ["weapon", "arm", "arms", "ammunition", "rifle", "missile", "tank", "gun", "money", "loan", "fund"]
)
_PROMISES = frozenset(["assurance", "guarantee", "pledge", "promise", "commitment", "undertaking"])


# What is handed over as aid (people handed over are extradited, not aid).
_GOODS = frozenset(
    ["medicine", "food", "aid", "supply", "supplies", "equipment", "relief", "kg", "ton", "tonne", "blanket",
     "tent", "water", "fuel", "vaccine", "drug", "grain", "flour", "rice"]
)  # fmt: skip


def _exercise(tok: Token) -> bool:
    """Military exercises: "joint drills", "war games" (a bare "game" is sport)."""
    lemma = tok.lemma_.lower()
    if lemma in {"game", "games"}:
        return any(c.lower_ in {"war", "military", "naval"} for c in tok.children)
    return lemma in _EXERCISES


_MATERIAL_AID = frozenset(["provide", "supply", "deliver", "donate"])  # CAMEO 07: provide X -> AID
_EXERCISES = frozenset(["exercise", "drill", "maneuver", "manoeuvre", "wargame"])
# A declared intention or vow is AGREE unless what is vowed is conflict (then THREATEN).
_INTENT = frozenset(["vow", "swear", "pledge"])
_DESIRE = frozenset(["want", "wish", "intend"])


_TOLL_WORDS = frozenset(["injured", "wounded", "hurt", "killed", "dead", "died", "missing"])


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


_ASPECT = frozenset(["continue", "begin", "start", "resume", "keep", "stop", "cease"])


_REPORTING = frozenset(["say", "tell", "report", "announce", "state", "add", "claim", "confirm", "note"])


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


# Verbs our own rules decide on (an event, or deliberately none): the CAMEO patterns never override them.
_OWN_VERBS = frozenset(_VERBS) | _LIGHT | _DESIRE | _INTENT | _MATERIAL_AID
_CONFLICT = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "PROTEST", "REJECT"})


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


# "strike" alone is ambiguous; its modifier says which: an air strike, a hunger strike, a general strike.
_STRIKE = {
    **dict.fromkeys(
        ["air", "missile", "drone", "rocket", "military", "artillery", "aerial", "airstrike"],
        ("ASSAULT", "aerial"),
    ),
    "hunger": ("PROTEST", "hunger"),
    **dict.fromkeys(
        ["general", "labour", "labor", "workers", "nationwide", "national", "teachers", "doctors"],
        ("PROTEST", "strike"),
    ),
}


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""))  # fmt: skip


def _lemma(tok: Token) -> str:
    """The token's lemma, mended when the small model gets an inflected trigger wrong ("staged" -> "stag").

    Only a form that strips to a word our tables know replaces the model's lemma, so unknown words
    keep spaCy's reading.
    """
    return _mended(tok.lemma_, tok.lower_)


@lru_cache(maxsize=65536)
def _mended(spacy_lemma: str, word: str) -> str:
    """:func:`_lemma` on strings, cached: the coder asks for the same token's lemma many times."""
    lemma = spacy_lemma.lower()
    if lemma in _VERBS or lemma in _NOUNS or lemma in _LIGHT:
        return lemma
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            form = word[: -len(suffix)] + repl
            if form in _VERBS or form in _NOUNS or form in _LIGHT:
                return form
    return lemma


def _noun_entry(tok: Token) -> tuple[str, str] | None:
    """PLOVER type and mode of an event noun, or None."""
    lemma = _lemma(tok)
    if lemma in {"strike", "strikes"}:
        mods = {c.lower_ for c in tok.children if c.dep_ in {"compound", "amod", "nmod", "poss"}}
        return next((_STRIKE[m] for m in mods if m in _STRIKE), None)
    return _NOUNS.get(lemma)


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


# Occasions a leader attends abroad: attending one is a visit (CAMEO 042)
_OCCASIONS = frozenset(
    ["olympics", "games", "ceremony", "inauguration", "funeral", "opening", "celebration", "parade",
     "coronation", "commemoration", "anniversary", "forum", "conference", "session", "assembly", "jubilee"]
)  # fmt: skip
_DEMANDS = frozenset(["pressure", "demand", "call", "appeal", "ultimatum"])
_TRAVEL_NOUNS = frozenset(["travel", "trip", "visit", "journey", "travelling", "traveling"])


def _givers(tok: Token) -> list[Token]:
    """Who something comes from: "from X" on the verb or on its object ("received arms from X")."""
    holders = [tok, *(o for o in tok.children if o.dep_ == "dobj")]
    return [
        x for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ == "from" for c in p.children
        if c.dep_ == "pobj" for x in _expand(c)
    ]  # fmt: skip


_MONEY = frozenset(["million", "billion", "fund", "funds", "money", "cash", "grant", "rs", "dollar", "euro"])
_PUBLICATIONS = frozenset(
    ["statement", "report", "figure", "data", "video", "footage", "album", "film", "book", "record", "result",
     "detail", "document", "list", "photo", "image", "guideline", "plan", "version", "update", "product",
     "study", "survey", "forecast", "estimate", "picture", "name", "text", "transcript", "song", "game"]
)  # fmt: skip
_ANONYMOUS = frozenset(["name", "identify", "quote", "cite"])
_REFLEXIVE = frozenset(["ourselves", "themselves", "itself", "himself", "herself", "myself", "yourself"])
_AUTHORITIES = (
    _PERSON_NOUNS
    | _COUNTRY_NOUNS
    | {
        "court",
        "ministry",
        "authority",
        "authorities",
        "regulator",
        "police",
        "army",
        "parliament",
        "council",
        "committee",
        "board",
        "bank",
        "agency",
    }
)
# Things engineers inspect: an inspection of these is not an inquiry into anyone (CAMEO 09).
_FABRIC = frozenset(
    ["building", "house", "home", "bridge", "road", "school", "structure", "damage", "wall", "pipe", "line",
     "car", "vehicle", "dam", "tower", "crop", "field", "scanner", "weighbridge", "equipment", "facility",
     "post", "plant", "machine", "machinery", "installation", "port", "airport", "station"]
)  # fmt: skip


def _investigable(objects: Sequence[Token]) -> bool:
    """An inquiry is into someone or something that may be wrong, not into buildings or roads."""
    direct = [o for o in objects if o.dep_ == "dobj"]
    return not direct or not all(o.lemma_.lower() in _FABRIC for o in direct)


def _agentive(tok: Token) -> bool:
    """Someone who can act: a name, a pronoun, or an authority noun ("the court", "police")."""
    return (
        tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
        or tok.pos_ in {"PROPN", "PRON"}
        or tok.lemma_.lower() in _AUTHORITIES
    )


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


# (spaCy's small model lemmatises "hoped" as "hop": the forms are listed)
_WISHING = frozenset(["hope", "hopes", "hoped", "hoping", "pray", "prays", "prayed", "praying"])
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


_READY = frozenset(["prepare", "prepared", "poise", "poised", "ready", "gear", "brace"])


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


# Governing verbs that state the subject's own aim (not a schedule: "is set to", "is expected to").
_AIMING = frozenset(["seek", "aim", "hope", "intend", "plan", "willing", "ready", "determine", "determined"])
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


# Verbs whose object does what their "to" clause says ("led drivers to block", "forced them to flee");
# with others the subject does it ("summoned the ambassador to complain").
_OBJECT_CONTROL = frozenset(
    [
        "lead",
        "force",
        "compel",
        "push",
        "drive",
        "prompt",
        "cause",
        "persuade",
        "convince",
        "get",
        "inspire",
        "direct",
        "instruct",
    ]
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


_PROTESTERS = frozenset(["protester", "protestor", "demonstrator", "rioter", "mob", "marcher"])
_RIOTING = frozenset(
    ["clash", "throw", "hurl", "pelt", "stone", "loot", "torch", "smash", "vandalise", "vandalize", "destroy",
     "wreck", "ransack", "burn", "storm", "attack", "damage"]
)  # fmt: skip


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


def _another_happening(noun: Token, verb: Token) -> bool:
    """ "condemned the attack", "protested the arrests": the verb reacts to a violent event, which
    happened in its own right (with its own date and place)."""
    noun_kind = (_noun_entry(noun) or ("",))[0]
    verb_kind = _VERBS.get(verb.lemma_.lower(), ("",))[0]
    return noun_kind in {"ASSAULT", "COERCE"} and verb_kind != noun_kind


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


# Events done by crowds: their unnamed doers are people of the place.
_CROWD = frozenset({"PROTEST"})


# Participles that, after "be" and without a "by" agent, state the subject's own stance.
_STATIVE = frozenset(
    ["oppose", "commit", "dedicate", "devote", "determine", "resolve", "prepare", "inclined"]
)


# Causes of death and damage that are nobody's act: PLOVER codes actions of actors, so a quake or a
# crash that kills is not an ASSAULT. ("fire" is left out: "rocket fire", "opened fire" are attacks.)
_HAZARDS = frozenset(
    [
        "quake",
        "earthquake",
        "tremor",
        "aftershock",
        "tsunami",
        "flood",
        "flooding",
        "landslide",
        "mudslide",
        "storm",
        "cyclone",
        "hurricane",
        "typhoon",
        "tornado",
        "avalanche",
        "drought",
        "wildfire",
        "bushfire",
        "blaze",
        "heatwave",
        "lightning",
        "eruption",
        "volcano",
        "accident",
        "crash",
        "collision",
        "derailment",
        "disease",
        "outbreak",
        "epidemic",
        "pandemic",
        "virus",
        "cholera",
    ]
)

# Subjects that "threaten" only figuratively: prices, trends, weather.
_FORCES_OF_NATURE = _HAZARDS | {
    "price", "cost", "inflation", "rise", "increase", "fall", "decline", "crisis", "shortage", "situation",
    "problem", "change", "trend", "debt", "deficit", "rate", "weather", "rain", "heat", "water",
}  # fmt: skip


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


def _hazard(word: str) -> str:
    """One name per kind of hazard, so reports of one quake merge: "quake", "tremor" -> "earthquake"."""
    word = word.lower().rstrip("s") if word.lower() not in {"virus", "flooding"} else word.lower()
    return {"quake": "earthquake", "tremor": "earthquake", "flooding": "flood", "blaze": "fire"}.get(
        word, word
    )


# What a violent act is done with: as a subject it names no doer ("a car bomb killed three").
_WEAPONS = frozenset(
    ["bomb", "explosive", "device", "mine", "landmine", "rocket", "missile", "shell", "grenade", "bullet",
     "drone", "ied", "mortar", "artillery", "fire", "gunfire", "shrapnel", "tank", "warplane", "jet",
     "gunship", "airstrike", "warship"]
)  # fmt: skip


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


def _argument_of_root(tok: Token, sent: SpacySpan) -> bool:
    """The noun is the main verb's subject or object, or the object of one of its prepositions."""
    root = sent.root
    if tok.head.i == root.i and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"}:
        return True
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.i == root.i


# Verbs whose "for" object is what is asked for or worked towards, not something that happened.
_PURSUIT = frozenset(
    ["call", "push", "press", "appeal", "lobby", "campaign", "work", "hope", "wait", "plead", "ask", "urge",
     "pave", "clamour", "clamor", "fight", "negotiate", "pray", "prepare", "plan"]
)  # fmt: skip


def _sought(noun: Token) -> bool:
    """ "called for a ceasefire", "paved the way for talks": the noun is the goal of another act."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in {"for", "towards", "toward"}:
        return False
    verb = prep.head
    if verb.lemma_.lower() == "way" and verb.head.lemma_.lower() == "pave":
        return True
    return verb.lemma_.lower() in _PURSUIT


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


def _is_place_token(tokens: Sequence[Token], actor: Actor) -> bool:
    return any(t.ent_type_ in {"GPE", "LOC", "FAC"} and t.text in actor.name for t in tokens)


_SPEECH = frozenset(
    [
        "say",
        "state",
        "tell",
        "add",
        "note",
        "underscore",
        "stress",
        "emphasize",
        "emphasise",
        "announce",
        "report",
        "claim",
        "confirm",
        "write",
        "highlight",
        "point",
        "observe",
        "remark",
        "explain",
    ]
)


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


_QUANTITY = frozenset(
    [
        "thousand",
        "hundred",
        "dozen",
        "million",
        "score",
        "group",
        "number",
        "member",
        "crowd",
        "band",
        "team",
        "some",
        "many",
    ]
)


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


def _own_text(tok: Token, noun: Token | None, ctx: _Context, kind: str) -> str:
    """The words that belong to this event (nested other events cut out), for reading its mode."""
    words: list[Token] = []
    for head in _heads(tok, noun):
        words += [t for t in head.subtree if not _in_other_event(ctx.offset + t.idx, head, ctx, kind)]
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


_TIME_TYPES = frozenset({"DATE", "TIME"})  # "March 3" is not a march
_NAMED_THINGS = frozenset({"ORG", "FAC", "LAW", "WORK_OF_ART", "PRODUCT", "PERSON", "GPE"})
_HAPPEN = frozenset(
    ["take", "happen", "occur", "hold", "be", "come", "begin", "start", "end", "conclude", "convene"]
)


_EARLIER_MODS = frozenset(
    ["first", "previous", "last", "maiden", "earlier", "prior", "past", "former", "initial"]
)
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
    return None


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
    for t in head.subtree:
        if t.i == head.i or t.ent_type_ in _NAMED_THINGS:
            continue
        if t.head.i != head.i and (
            (t.dep_ in {"relcl", "acl"} and t.pos_ in {"VERB", "AUX"})
            or (t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in t.children))
        ):
            # "asked a team to study the pipeline, a project first proposed ten years ago": the
            # clause describing something else has its own time
            if ctx.offset + t.left_edge.idx <= start < ctx.offset + t.right_edge.idx + len(t.right_edge.text):
                return True
            continue
        entry = _noun_entry(t)
        if entry is None or (entry[0] == kind and not _earlier(t)):
            continue
        left, right = t.left_edge, t.right_edge  # a subtree is contiguous: its edges bound it
        lo = ctx.offset + left.idx
        hi = ctx.offset + right.idx + len(right.text)
        if lo <= start < hi:
            return True
    return False


def _place_for(
    tok: Token, noun: Token | None, sent: SpacySpan, ctx: _Context, participants: Sequence[Actor]
) -> Place | None:
    if ctx.gazetteer is None:
        return None
    countries = tuple(dict.fromkeys([*(a.country for a in participants if a.country), *ctx.countries]))
    heads = _heads(tok, noun)
    cands: list[Token] = []
    for head in heads:
        for t in head.subtree:
            if _in_other_event(ctx.offset + t.idx, head, ctx) and t.i != head.i:
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


_PLACE_NOUNS = frozenset(
    [
        "town",
        "city",
        "village",
        "province",
        "region",
        "district",
        "state",
        "port",
        "capital",
        "sector",
        "area",
        "suburb",
        "neighbourhood",
        "neighborhood",
        "outskirts",
        "part",
        "coast",
        "county",
        "border",
    ]
)


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


def _located(actor: Actor, country: str) -> Actor:
    """Groups and organisations only: a named official abroad is not of the host country."""
    if actor.country or actor.role or international(actor.name):
        return actor  # the UN in Gaza is not Palestinian
    return replace(actor, country=country)


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


# --- the story-level API -----------------------------------------------------------------------
def extract_events(
    story: Story,
    articles: Sequence[Article],
    lineages: Sequence[Lineage],
    annotations: Mapping[str, Annotation],
    gazetteer: Gazetteer,
    settings: ExtractSettings | None = None,
    *,
    resolver: ActorResolver | None = None,
) -> tuple[Event, ...]:
    """One event per real happening in the story, merged across its articles (see module doc)."""
    settings = settings or ExtractSettings()
    members = [a for a in articles if a.id in set(story.article_ids)] or list(articles)
    notes = {a.id: annotations[a.id] for a in members if a.id in annotations}
    resolver = resolver or ActorResolver(notes, gazetteer, members)
    story_date = _story_when(story)
    candidates: list[Candidate] = []
    for article in members:
        note = notes.get(article.id)
        if note is not None:
            candidates.extend(code_article(article, note, resolver, gazetteer, story_date))
    if settings.future_as_agree:
        candidates = [future_rule(c) for c in candidates]
    lineage_of = {aid: lin.id for lin in lineages for aid in lin.article_ids}
    clusters = _merge(candidates, lambda w: _background(w, story_date, settings))
    _share_occasions(clusters)
    made = (_event(story, c, lineage_of, story_date, settings) for c in clusters)
    events = [e for e in made if e is not None]
    events.sort(key=lambda e: (e.background, -len(e.article_ids), e.when.value or "9999"))
    return tuple(events)


def code_article(
    article: Article,
    annotation: Annotation,
    resolver: ActorResolver,
    gazetteer: Gazetteer | None,
    story_date: When | None = None,
) -> list[Candidate]:
    """Every event each sentence of one article states, before merging (dates anchored on the
    article's own date, else on ``story_date``: see :func:`newsfuse.extract.time.anchor_for`)."""
    anchor, kind = nf_time.anchor_for(article, story_date)
    mentions = nf_time.find_dates(article.text, anchor, article.id, anchor_kind=kind)
    day = date.fromisoformat(anchor.value) if anchor.value and anchor.precision == "day" else None
    ctx = _Context(article.id, article.text, 0, resolver, gazetteer, mentions, day)
    # the countries the article names disambiguate its places ("Namanga" in a Kenya-Tanzania story)
    named = (
        resolver.countries.country_of(_strip_possessive(ent.text))
        for _, sent in annotation.sents()
        for ent in sent.ents
        if ent.label_ in {"GPE", "NORP"}
    )
    ctx.countries = tuple(dict.fromkeys(c for c in named if c))
    out: list[Candidate] = []
    lead = 0
    hit = _HAZARD_WORDS.search(article.title or "")
    disaster = _hazard(hit.group(1)) if hit else None
    for offset, sent in annotation.sents():
        ctx.offset = offset
        if lead < 3 and disaster is None:
            lead += 1
            disaster = next(
                (_hazard(t.lemma_) for t in sent if t.lemma_.lower() in _HAZARDS and t.pos_ == "NOUN"), None
            )
        out.extend(code_sentence(sent, ctx))
    for c in out:
        if disaster and c.type in {"ASSAULT", "COERCE"} and not _agents(c.actors):
            # In a report of a quake or a flood, deaths and injuries with nobody named as their agent
            # are the disaster's ("37 are injured", "those killed were from ..."), not an attack.
            c.type, c.mode = DISASTER, disaster
        if c.type == DISASTER:
            c.actors, c.recipients = [], []  # a hazard is not an actor, nor are its victims participants
    return out


_HAZARD_WORDS = re.compile(r"\b(" + "|".join(sorted(_HAZARDS)) + r")s?\b", re.I)


def _agents(actors: Sequence[Actor]) -> bool:
    """Someone who can act: a person, an organisation or a force (a bare country or town cannot kill)."""
    return any(a.sector or a.role for a in actors)


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


def _story_when(story: Story) -> When | None:
    if not story.first_seen:
        return None
    value = story.first_seen[:10]
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return When(value, "day", (), "story-date")


# --- merging -----------------------------------------------------------------------------------
def _key(actor: Actor) -> str:
    """Merge key of a participant: a bare country ("India", "both sides") stands for anyone of it."""
    if actor.role is None and actor.sector is None and actor.country:
        return f"land:{actor.country}"
    return actor.id


_HAPPENINGS = frozenset({"AGREE", "CONSULT", "COOPERATE"})


@dataclass(slots=True)
class _Cluster:
    type: str
    items: list[Candidate] = field(default_factory=list)

    def ids(self) -> set[str]:
        people = (a for c in self.items if not c.weak for a in (*c.actors, *c.recipients))
        return {k for a in people for k in (_key(a), f"land:{a.country}" if a.country else "")} - {""}

    def only_countries(self) -> bool:
        """The event names states only ("India and Japan"), no person or organisation."""
        people = [a for c in self.items if not c.weak for a in (*c.actors, *c.recipients)]
        return bool(people) and all(a.role is None and a.sector is None for a in people)

    def countries(self) -> set[str]:
        return {a.country for c in self.items if not c.weak for a in (*c.actors, *c.recipients) if a.country}

    def future(self) -> bool:
        """Most of its mentions tell of it as still to come."""
        return 2 * sum(c.future for c in self.items) > len(self.items)

    def when(self) -> When | None:
        return _vote_when([c.when for c in self.items if c.when and c.when.value])

    def where(self) -> Place | None:
        places = [c.where for c in self.items if c.where]
        if not places:
            return None
        names = Counter(p.name for p in places)
        best = names.most_common(1)[0][0]
        return next(p for p in places if p.name == best)


def _dates_compatible(a: When | None, b: When | None) -> bool:
    if a is None or b is None or a.value is None or b.value is None:
        return True
    n = min(len(a.value), len(b.value))
    return a.value[:n] == b.value[:n]


def _places_compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.name.lower() == b.name.lower():
        return True
    if "country" in {a.kind, b.kind}:
        return a.country == b.country
    return False


def _merge(candidates: Sequence[Candidate], is_background: Callable[[When | None], bool]) -> list[_Cluster]:
    """Greedy merge: dated and well-argued mentions first, so thin ones join the right event."""
    order = sorted(
        candidates,
        key=lambda c: (
            c.when is None,
            -(len(c.actors) + len(c.recipients)),
            c.where is None,
            c.evidence.article_id,
            c.evidence.start,
        ),
    )
    clusters: list[_Cluster] = []
    for cand in order:
        ids = set() if cand.weak else {_key(a) for a in (*cand.actors, *cand.recipients)}
        lands = set() if cand.weak else {a.country for a in (*cand.actors, *cand.recipients) if a.country}
        best: tuple[float, _Cluster] | None = None
        for cl in clusters:
            if cl.type != cand.type:
                continue
            cw = cl.when()
            if not _dates_compatible(cand.when, cw) or not _places_compatible(cand.where, cl.where()):
                continue
            # the same people, or at least the same countries ("India and Japan" / "Singh and Nakatani")
            overlap = len(ids & cl.ids()) + 0.5 * len(lands & cl.countries())
            if ids and cl.ids() and not overlap:
                continue
            same_date = bool(cand.when and cw and cand.when.value == cw.value)
            same_place = bool(cand.where and cl.where() and cand.where.name == cl.where().name)  # type: ignore[union-attr]
            # an undated mention joins a dated event only through the same actors, or the same place
            # and countries ("the upcoming dialogue in New Delhi" between India and Japan)
            if (
                cand.when is None
                and cw is not None
                and ids
                and not ids & cl.ids()
                and not (same_place and lands and lands <= cl.countries())
                and not (
                    cand.type in _HAPPENINGS and lands and lands == cl.countries() and cl.only_countries()
                )
            ):
                # (an agreement told as "India and Japan signed" is joined by "both ministers agreed";
                # statements of support or criticism recur, so they are not joined this way)
                continue
            if cand.when is None and cand.future and is_background(cw):
                continue  # "will sign an agreement" is not last year's agreement
            if cand.when is None and cw is None and cand.future != cl.future():
                continue  # undated: "stood ready to provide assistance" is not "had released Rs 5 million"
            if not (overlap or same_date or same_place) and (cand.when or cand.where) and ids:
                continue
            score = 3 * overlap + 2 * same_date + 2 * same_place + 0.01 * len(cl.items)
            if cand.when is None:
                score += 0.5 * (not is_background(cw))  # an undated mention is about the story's own event
            if best is None or score > best[0]:
                best = (score, cl)
        if best is None:
            clusters.append(_Cluster(cand.type, [cand]))
        else:
            best[1].items.append(cand)
    return clusters


def _share_occasions(clusters: Sequence[_Cluster]) -> None:
    """An undated event that happened at or during another ("agreed at a meeting in Nairobi") takes
    the date the other was merged to, with that date's evidence and ``resolved_from`` saying so."""
    cluster_of = {id(c): cl for cl in clusters for c in cl.items}
    for cl in clusters:
        if cl.when() is not None:
            continue
        linked = [cluster_of.get(id(c.during)) for c in cl.items if c.during is not None]
        dated = [o.when() for o in linked if o is not None and o is not cl and o.when() is not None]
        when = _vote_when(dated)
        if when is not None:
            shared = replace(when, resolved_from="same occasion")
            for c in cl.items:
                c.when = shared


def _vote_when(whens: Sequence[When | None]) -> When | None:
    """The most reported date at the finest precision it is reported with."""
    found = [w for w in whens if w is not None and w.value]
    if not found:
        return None
    by_value = Counter(w.value for w in found)
    finest = max(found, key=lambda w: (len(w.value or ""), by_value[w.value]))
    return finest


def _event(
    story: Story,
    cl: _Cluster,
    lineage_of: Mapping[str, str],
    story_date: When | None,
    settings: ExtractSettings,
) -> Event | None:
    items = cl.items
    role_votes: Counter[tuple[str, str]] = Counter()
    by_id: dict[str, Actor] = {}
    strong = [c for c in items if not c.weak and (c.actors or c.recipients)]
    for c in strong or _consensus(items):
        for a in c.actors:
            role_votes[(a.id, "actor")] += 1
            by_id.setdefault(a.id, a)
        for a in c.recipients:
            role_votes[(a.id, "recipient")] += 1
            by_id.setdefault(a.id, a)
    actors: list[Actor] = []
    recipients: list[Actor] = []
    for aid, actor in by_id.items():
        (actors if role_votes[(aid, "actor")] >= role_votes[(aid, "recipient")] else recipients).append(actor)
    actors, recipients = _prune(actors, recipients)
    when = cl.when()
    where = cl.where()
    if not (actors or recipients) and when is None and where is None:
        return None
    evidence = _unique_spans(c.evidence for c in items)
    article_ids = tuple(sorted({c.article_id for c in items}))
    sources = len({lineage_of.get(a, a) for a in article_ids})
    modes = Counter(c.mode for c in items if c.mode)
    mode = modes.most_common(1)[0][0] if modes else None
    attributes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in items:
        for k, v in c.attributes.items():
            attributes[k][v] += 1
    attrs = [(k, v.most_common(1)[0][0]) for k, v in sorted(attributes.items())]
    if sum(c.future for c in items) * 2 > len(items):
        attrs.append(("modality", "future"))
    background = _background(when, story_date, settings)
    final_when = when or When.unknown("no date stated with the event")
    if when is not None:
        final_when = replace(
            when, evidence=tuple(_unique_spans(e for c in items if c.when for e in c.when.evidence))
        )
    actors.sort(key=lambda a: a.name)
    recipients.sort(key=lambda a: a.name)
    key = ",".join(sorted(a.id for a in actors + recipients))
    event_id = content_id(
        "event",
        story.id,
        cl.type,
        key,
        final_when.value or "",
        where.name if where else "",
        evidence[0].article_id,
        str(evidence[0].start),
    )
    event = Event(
        id=event_id,
        type=cl.type,
        mode=mode,
        actors=tuple(actors),
        recipients=tuple(recipients),
        when=final_when,
        where=where,
        article_ids=article_ids,
        independent_sources=sources,
        evidence=tuple(evidence),
        story_id=story.id,
        background=background,
        attributes=tuple(attrs),
    )
    return replace(event, summary=summarize(event, as_of=(story.last_seen or "")[:10] or None))


def _consensus(items: Sequence[Candidate]) -> list[Candidate]:
    """Inherited (weak) actors count only when most mentions agree on them."""
    counts = Counter(a.id for c in items for a in c.actors)
    keep = {aid for aid, n in counts.items() if n * 2 >= len(items)}
    return [replace(c, actors=[a for a in c.actors if a.id in keep]) for c in items]


def _prune(actors: list[Actor], recipients: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """Keep the most specific participants: "Rajnath Singh (IND, defence minister)" makes "India"
    and "Indian officials" redundant in the same event; nameless, countryless words go too."""
    everyone = actors + recipients
    named = {a.country for a in everyone if a.role and a.country}

    def keep(a: Actor) -> bool:
        if a.role:
            return True
        if a.country and a.country in named:
            return False
        # a proper name stays even without a known country ("National Earthquake Monitoring and
        # Research Centre"); "residents" or "hospitals" alone say too little
        return bool(a.country or a.sector or _proper_name(a.name)) or len(everyone) == 1

    return [a for a in actors if keep(a)], [a for a in recipients if keep(a)]


def _proper_name(name: str) -> bool:
    words = [w for w in name.split() if w.isalpha() and w.lower() not in {"of", "and", "the", "for"}]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _background(when: When | None, story_date: When | None, settings: ExtractSettings) -> bool:
    if when is None or when.value is None or story_date is None or story_date.value is None:
        return False
    story_day = date.fromisoformat(story_date.value)
    # the last day of the event's period: "November 2024" is background for a May 2025 story
    y = int(when.value[:4])
    if when.precision == "year":
        last = date(y, 12, 31)
    elif when.precision == "month":
        m = int(when.value[5:7])
        last = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
    else:
        last = date.fromisoformat(when.value)
    return last < story_day - timedelta(days=settings.background_days)


def _unique_spans(spans: Iterable[Span]) -> list[Span]:
    seen: set[tuple[str, int, int]] = set()
    out: list[Span] = []
    for s in spans:
        key = (s.article_id, s.start, s.end)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return sorted(out, key=lambda s: (s.article_id, s.start))


# --- summary -----------------------------------------------------------------------------------
_VERB_PHRASE = {
    "AGREE": "agreed with", "CONSULT": "met", "SUPPORT": "expressed support for", "CONCEDE": "made concessions to",
    "COOPERATE": "cooperated with", "AID": "gave aid to", "RETREAT": "stood down toward", "REQUEST": "made a request to",
    "ACCUSE": "accused", "REJECT": "rejected", "THREATEN": "threatened", "PROTEST": "protested against",
    "SANCTION": "sanctioned", "MOBILIZE": "mobilized against", "COERCE": "coerced", "ASSAULT": "attacked",
}  # fmt: skip
_INTRANSITIVE = {
    "AGREE": "reached an agreement", "CONSULT": "met", "SUPPORT": "expressed support", "CONCEDE": "made a concession",
    "COOPERATE": "cooperated", "AID": "gave aid", "RETREAT": "stood down", "REQUEST": "made a request",
    "ACCUSE": "made an accusation", "REJECT": "refused", "THREATEN": "issued a threat", "PROTEST": "protested",
    "SANCTION": "imposed sanctions", "MOBILIZE": "mobilized forces", "COERCE": "used coercion", "ASSAULT": "carried out an attack",
}  # fmt: skip
# Events told as still to come (attribute modality=future): (with a recipient, without one).
_FUTURE = {
    "AGREE": ("will reach an agreement with", "will reach an agreement"), "CONSULT": ("will meet", "will meet"),
    "SUPPORT": ("will express support for", "will express support"),
    "CONCEDE": ("will make concessions to", "will make a concession"),
    "COOPERATE": ("will cooperate with", "will cooperate"), "AID": ("offered aid to", "offered aid"),
    "RETREAT": ("will stand down toward", "will stand down"), "REQUEST": ("will make a request to", "will make a request"),
    "ACCUSE": ("will accuse", "will make an accusation"), "REJECT": ("will reject", "will refuse"),
    "THREATEN": ("threatened", "issued a threat"), "PROTEST": ("will protest against", "will protest"),
    "SANCTION": ("will sanction", "will impose sanctions"), "MOBILIZE": ("will mobilize against", "will mobilize forces"),
    "COERCE": ("will coerce", "will use coercion"), "ASSAULT": ("will attack", "will carry out an attack"),
}  # fmt: skip
_NOUN_PHRASE = {
    "AGREE": "An agreement", "CONSULT": "A meeting", "SUPPORT": "A statement of support", "CONCEDE": "A concession",
    "COOPERATE": "Cooperation", "AID": "Aid", "RETREAT": "A withdrawal", "REQUEST": "A request", "ACCUSE": "An accusation",
    "REJECT": "A rejection", "THREATEN": "A threat", "PROTEST": "A protest", "SANCTION": "Sanctions",
    "MOBILIZE": "A mobilization", "COERCE": "Coercive action", "ASSAULT": "An attack",
}  # fmt: skip


def _who(actors: Sequence[Actor]) -> str:
    names = [f"{a.name} ({a.country})" if a.country and a.country not in a.name else a.name for a in actors]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def summarize(event: Event, as_of: str | None = None) -> str:
    """A short template sentence built only from the event's extracted values; an event its articles
    tell as still to come reads so ("will meet", "offered aid") unless its date is on or before
    ``as_of`` (the story's newest article: by then the meeting has taken place)."""
    ahead = ("modality", "future") in event.attributes and not (
        as_of and event.when.value and event.when.value[: len(as_of)] <= as_of
    )
    if event.type == DISASTER:
        what = event.mode or "disaster"
        head = f"{'An' if what[0] in 'aeiou' else 'A'} {what}"
    elif ahead:
        # still to come: "Kenya and Tanzania will meet", "India offered aid", "A meeting is expected"
        transitive, intransitive = _FUTURE[event.type]
        if event.actors and event.recipients:
            head = f"{_who(event.actors)} {transitive} {_who(event.recipients)}"
        elif event.actors:
            head = f"{_who(event.actors)} {intransitive}"
        else:
            involving = f" involving {_who(event.recipients)}" if event.recipients else ""
            head = f"{_NOUN_PHRASE[event.type]}{involving} is expected"
    elif event.actors and event.recipients:
        head = f"{_who(event.actors)} {_VERB_PHRASE[event.type]} {_who(event.recipients)}"
    elif event.actors:
        head = f"{_who(event.actors)} {_INTRANSITIVE[event.type]}"
    elif event.recipients:
        head = f"{_NOUN_PHRASE[event.type]} involving {_who(event.recipients)}"
    else:
        head = _NOUN_PHRASE[event.type]
        if event.type == "ASSAULT":
            head = "An attack took place"
        else:
            head += " took place"
    if event.where is not None:
        head += f" in {event.where.name}"
    if event.when.value:
        head += f" on {event.when.value}" if event.when.precision == "day" else f" in {event.when.value}"
    figures = [f"{v} {k}" for k, v in event.attributes if k in {"killed", "injured"}]
    if figures:
        head += f" ({', '.join(figures)})"
    return head
