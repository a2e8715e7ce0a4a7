"""The trigger lexicon and the word classes the coder consults, with the lookups over them (a token's
mended lemma, an event noun's type and mode, a hazard's name).

The words are data: :mod:`newsfuse.extract.events.codebook` reads them from
``newsfuse/data/codebook/`` (format: docs/codebook.md). The names below are the coder's handles on
those lists; what stays in code is grammar (auxiliaries, spaCy's entity labels, lemma repair) and the
classes of PLOVER types the rules reason with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from newsfuse.extract.events.codebook import codebook

if TYPE_CHECKING:
    from spacy.tokens import Token

BOOK = codebook()
_WORDS = BOOK.lexicons

# --- trigger lexicon (triggers.tsv, modified_nouns.tsv, object_rules.tsv) ---------------------------
_VERBS = BOOK.verbs
_NOUNS = BOOK.nouns
VERB_TRIGGERS: Mapping[str, tuple[str, str]] = _VERBS  # lemma -> (PLOVER type, mode); read-only view
NOUN_TRIGGERS: Mapping[str, tuple[str, str]] = _NOUNS
# "strike" alone is ambiguous; its modifier says which: an air strike, a hunger strike, a general strike.
_MODIFIED = BOOK.modified_nouns
# Verbs whose type depends on their object: (verb lemmas, object lemmas, PLOVER type, mode), the first
# row whose verb and one object match wins.
_OBJECT_RULES = BOOK.object_rules

# --- word classes (lexicons.tsv: what each list is for is written there) ---------------------------
_LIGHT = _WORDS.light_verbs
_LODGE = _WORDS.lodging_verbs
_SIGN = _WORDS.signing_verbs
_COOP_CONTENT = _WORDS.cooperation_content
_MATERIAL_AID = _WORDS.material_aid_verbs
_INTENT = _WORDS.vow_verbs
_DESIRE = _WORDS.desire_verbs
_FUTURE_GOVERNORS = _WORDS.future_governors
_AIMING = _WORDS.aiming_words
_READY = _WORDS.readying_words
_WISHING = _WORDS.wishing_verbs
_SPEECH = _WORDS.speech_verbs
_REPORTING = _WORDS.reporting_verbs
_ASPECT = _WORDS.aspect_verbs
_OBJECT_CONTROL = _WORDS.object_control_verbs
_STATIVE = _WORDS.stative_participles
_PURSUIT = _WORDS.pursuit_verbs
_HAPPEN = _WORDS.occurrence_verbs
_TRAVEL = _WORDS.travel_words
_TRAVEL_NOUNS = _WORDS.travel_nouns
_OCCASIONS = _WORDS.occasions
_OBSTRUCT = _WORDS.obstruction_verbs
_PROTESTERS = _WORDS.protester_nouns
_RIOTING = _WORDS.rioting_verbs
_EXERCISES = _WORDS.exercises
_WEAPONS = _WORDS.weapons
_TOLL_WORDS = _WORDS.toll_words
_GOODS = _WORDS.goods
_ARMS = _WORDS.arms
_MONEY = _WORDS.money
_PROMISES = _WORDS.promises
_DEMANDS = _WORDS.demands
_PUBLICATIONS = _WORDS.publications
_ANONYMOUS = _WORDS.anonymity_verbs
_LEVELS = _WORDS.levels
_FABRIC = _WORDS.fabric
_PERSON_NOUNS = _WORDS.person_nouns
_COUNTRY_NOUNS = _WORDS.country_nouns
_AUTHORITIES = _PERSON_NOUNS | _COUNTRY_NOUNS | _WORDS.authority_nouns
_VISITORS = _PERSON_NOUNS | _WORDS.visitor_nouns
_QUANTITY = _WORDS.quantity_nouns
_EARLIER_MODS = _WORDS.earlier_modifiers
_PLACE_NOUNS = _WORDS.place_nouns
_CASUALTY_NOUNS = _WORDS.casualty_nouns
# Causes of death and damage that are nobody's act (hazards.tsv), and the name each is merged under.
_HAZARD_NAMES = BOOK.hazards
_HAZARDS = frozenset(_HAZARD_NAMES)
_FORCES_OF_NATURE = _HAZARDS | _WORDS.figurative_threats


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation matching any of ``words`` literally (longest first, so none is cut short)."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


# The words of a group named before: "both", "the two", "the sides" and pronouns are grammar; the
# office holders ("the two ministers", "the delegations") are group_nouns.
_GROUP_WORDS = re.compile(
    r"^(?:both(?: \w+){0,2}|the two(?: \w+){0,2}|the sides|they|them|their|he|she|his|her|we|it|its|"
    rf"the (?:\w+ )?(?:{_alternatives(_WORDS.group_nouns)}))$",
    re.I,
)
_MULTILATERAL = re.compile(rf"\b(?:{_alternatives(_WORDS.multilateral_phrases)})\b", re.I)
_PHONE = re.compile(rf"\b(?:{_alternatives(_WORDS.phone_phrases)})\b", re.I)
_HAZARD_WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(_HAZARDS)) + r")s?\b", re.I)

# --- grammar and type classes (code, not codebook) -------------------------------------------------
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_CONFLICT = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "PROTEST", "REJECT"})
_TIME_TYPES = frozenset({"DATE", "TIME"})  # "March 3" is not a march
_NAMED_THINGS = frozenset({"ORG", "FAC", "LAW", "WORK_OF_ART", "PRODUCT", "PERSON", "GPE"})
# Verbs our own rules decide on (an event, or deliberately none): the CAMEO patterns never override them.
_OWN_VERBS = frozenset(_VERBS) | _LIGHT | _DESIRE | _INTENT | _MATERIAL_AID
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""))  # fmt: skip


def _signed(content: set[str], *, told: bool = False) -> str:
    """The type of signing an agreement with these words: manual 3.3, signing is SUPPORT; an agreement
    to cooperate later (or one the story already told of, ``told``) is AGREE (3.1)."""
    return "AGREE" if content & _COOP_CONTENT or told else "SUPPORT"


def _exercise(tok: Token) -> bool:
    """Military exercises: "joint drills", "war games" (a bare "game" is sport)."""
    lemma = tok.lemma_.lower()
    if lemma in {"game", "games"}:
        return any(c.lower_ in {"war", "military", "naval"} for c in tok.children)
    return lemma in _EXERCISES


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
    by_modifier = _MODIFIED.get(lemma) or (_MODIFIED.get(lemma[:-1]) if lemma.endswith("s") else None)
    if by_modifier is not None:
        mods = {c.lower_ for c in tok.children if c.dep_ in {"compound", "amod", "nmod", "poss"}}
        return next((by_modifier[m] for m in mods if m in by_modifier), None)
    return _NOUNS.get(lemma)


def _hazard(word: str) -> str:
    """One name per kind of hazard, so reports of one quake merge: "quake", "tremor" -> "earthquake"."""
    word = word.lower().rstrip("s") if word.lower() not in {"virus", "flooding"} else word.lower()
    return _HAZARD_NAMES.get(word, word)
