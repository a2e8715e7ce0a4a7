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

The modules, in the order a sentence meets them: ``lexicon`` (the word tables and lookups),
``triggers`` (:func:`code_sentence`), ``candidates`` (a trigger's arguments), ``roles`` (actors and
recipients), ``modality`` (negation, conditions, future, intent), ``time_place`` (a mention's date
and place), ``story`` (:func:`extract_events`, :func:`code_article`), ``merging`` (one event per
happening) and ``describe`` (:func:`summarize`); ``context`` holds the shared types.
"""

from newsfuse.extract.events.context import Candidate, Gazetteer
from newsfuse.extract.events.describe import summarize
from newsfuse.extract.events.lexicon import NOUN_TRIGGERS, VERB_TRIGGERS
from newsfuse.extract.events.modality import future_rule
from newsfuse.extract.events.story import code_article, extract_events
from newsfuse.extract.events.triggers import code_sentence
from newsfuse.models import DISASTER, PLOVER_TYPES

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
