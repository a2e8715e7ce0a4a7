"""The trigger lexicon and the word classes the coder consults, with the lookups over them
(a token's mended lemma, an event noun's type and mode, a hazard's name).

Verb lemma -> (PLOVER type, mode or ""), written from the PLOVER manual v2.0's category definitions,
the NGEC structured codebook and the CAMEO verb classes they absorb (CAMEO2PLOVER-2021); not from
the gold sentences."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


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

_GROUP_WORDS = re.compile(
    r"^(?:both(?: \w+){0,2}|the two(?: \w+){0,2}|the sides|they|them|their|he|she|his|her|we|it|its|"
    r"the (?:\w+ )?(?:ministers|leaders|officials|presidents|premiers|counterparts|delegations|envoys))$",
    re.I,
)

_TRAVEL = frozenset(["visit", "travel", "fly", "arrive", "tour", "trip"])

_MULTILATERAL = re.compile(
    r"\b(?:sidelines?|summit|multilateral|ministers['’]? meeting|general assembly)\b", re.I
)

_PHONE = re.compile(r"\b(?:phone|telephone|video ?call|virtual(?:ly)?|videoconference)\b", re.I)

# Blocking a road is a civilian protest unless a state does it (manual 3.12, 3.15); banning or
# outlawing is always the state's.
_OBSTRUCT = frozenset(["block", "blockade", "barricade", "obstruct", "occupy", "cordon"])

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

_ASPECT = frozenset(["continue", "begin", "start", "resume", "keep", "stop", "cease"])

_REPORTING = frozenset(["say", "tell", "report", "announce", "state", "add", "claim", "confirm", "note"])

# Verbs our own rules decide on (an event, or deliberately none): the CAMEO patterns never override them.
_OWN_VERBS = frozenset(_VERBS) | _LIGHT | _DESIRE | _INTENT | _MATERIAL_AID

_CONFLICT = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "PROTEST", "REJECT"})

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


# Occasions a leader attends abroad: attending one is a visit (CAMEO 042)
_OCCASIONS = frozenset(
    ["olympics", "games", "ceremony", "inauguration", "funeral", "opening", "celebration", "parade",
     "coronation", "commemoration", "anniversary", "forum", "conference", "session", "assembly", "jubilee"]
)  # fmt: skip

_DEMANDS = frozenset(["pressure", "demand", "call", "appeal", "ultimatum"])

_TRAVEL_NOUNS = frozenset(["travel", "trip", "visit", "journey", "travelling", "traveling"])

_MONEY = frozenset(["million", "billion", "fund", "funds", "money", "cash", "grant", "rs", "dollar", "euro"])

_PUBLICATIONS = frozenset(
    ["statement", "report", "figure", "data", "video", "footage", "album", "film", "book", "record", "result",
     "detail", "document", "list", "photo", "image", "guideline", "plan", "version", "update", "product",
     "study", "survey", "forecast", "estimate", "picture", "name", "text", "transcript", "song", "game"]
)  # fmt: skip

_ANONYMOUS = frozenset(["name", "identify", "quote", "cite"])

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

# (spaCy's small model lemmatises "hoped" as "hop": the forms are listed)
_WISHING = frozenset(["hope", "hopes", "hoped", "hoping", "pray", "prays", "prayed", "praying"])

_READY = frozenset(["prepare", "prepared", "poise", "poised", "ready", "gear", "brace"])

# Governing verbs that state the subject's own aim (not a schedule: "is set to", "is expected to").
_AIMING = frozenset(["seek", "aim", "hope", "intend", "plan", "willing", "ready", "determine", "determined"])

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

_PROTESTERS = frozenset(["protester", "protestor", "demonstrator", "rioter", "mob", "marcher"])

_RIOTING = frozenset(
    ["clash", "throw", "hurl", "pelt", "stone", "loot", "torch", "smash", "vandalise", "vandalize", "destroy",
     "wreck", "ransack", "burn", "storm", "attack", "damage"]
)  # fmt: skip

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

# Verbs whose "for" object is what is asked for or worked towards, not something that happened.
_PURSUIT = frozenset(
    ["call", "push", "press", "appeal", "lobby", "campaign", "work", "hope", "wait", "plead", "ask", "urge",
     "pave", "clamour", "clamor", "fight", "negotiate", "pray", "prepare", "plan"]
)  # fmt: skip

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

_TIME_TYPES = frozenset({"DATE", "TIME"})  # "March 3" is not a march

_NAMED_THINGS = frozenset({"ORG", "FAC", "LAW", "WORK_OF_ART", "PRODUCT", "PERSON", "GPE"})

_HAPPEN = frozenset(
    ["take", "happen", "occur", "hold", "be", "come", "begin", "start", "end", "conclude", "convene"]
)

_EARLIER_MODS = frozenset(
    ["first", "previous", "last", "maiden", "earlier", "prior", "past", "former", "initial"]
)

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

_HAZARD_WORDS = re.compile(r"\b(" + "|".join(sorted(_HAZARDS)) + r")s?\b", re.I)
