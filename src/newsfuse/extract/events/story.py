"""The story-level API: code every sentence of every article, then merge the candidates into
one event per happening."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from newsfuse.extract import time as nf_time
from newsfuse.extract.actors import ActorResolver, _strip_possessive
from newsfuse.extract.entities import Annotation
from newsfuse.extract.events.context import Candidate, Gazetteer, _Context
from newsfuse.extract.events.lexicon import _HAZARD_WORDS, _HAZARDS, _hazard
from newsfuse.extract.events.merging import _background, _event, _merge, _share_occasions
from newsfuse.extract.events.modality import future_rule
from newsfuse.extract.events.triggers import code_sentence
from newsfuse.extract.identity import focus_place
from newsfuse.models import (
    DISASTER,
    Actor,
    Article,
    Event,
    Lineage,
    Place,
    Story,
    When,
)
from newsfuse.settings import ExtractSettings


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
    focus = _focus(members, gazetteer)
    clusters = _merge(candidates, lambda w: _background(w, story_date, settings), focus)
    _share_occasions(clusters)
    made = (_event(story, c, lineage_of, story_date, settings, focus) for c in clusters)
    events = [e for e in made if e is not None]
    events.sort(key=lambda e: (e.background, -len(e.article_ids), e.when.value or "9999"))
    return tuple(events)


_LEAD_CHARS = 600  # the lead an article's focus place is read from: a dateline and a first paragraph
_SHORT_REPORT = 1000  # characters: a one-paragraph report is about the place its lead names


def _focus(articles: Sequence[Article], gazetteer: Gazetteer) -> dict[str, Place]:
    """Article id -> the place a one-paragraph report is about (its lead's first town or area), where
    the gazetteer view knows the article's places (:class:`~newsfuse.extract.geoparse.StoryPlaces`)."""
    between = getattr(gazetteer, "places_between", None)
    if between is None:
        return {}
    out: dict[str, Place] = {}
    for a in articles:
        lead = a.text.find("\n\n", 0, _LEAD_CHARS)
        named = between(a.id, 0, lead if lead > 0 else _LEAD_CHARS)
        place = focus_place(p for p in named if not _modifier(a.text, p))
        # only a one-paragraph report is about its lead's place throughout; a full article's lead
        # may be its dateline, and an international story's articles lead with different capitals
        if place is not None and len(a.text) <= _SHORT_REPORT and "\n\n" not in a.text.strip():
            out[a.id] = place
    return out


def _modifier(text: str, place: Place) -> bool:
    """A place named only as the first part of a hyphenated modifier says whose, not where:
    "Turkish-backed fighters", "a US-led coalition", "a Kenya-based charity"."""
    end = place.evidence[0].end if place.evidence else 0
    return end > 0 and text[end : end + 1] in ("-", "‐") and text[end + 1 : end + 2].islower()


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


def _agents(actors: Sequence[Actor]) -> bool:
    """Someone who can act: a person, an organisation or a force (a bare country or town cannot kill)."""
    return any(a.sector or a.role for a in actors)


def _story_when(story: Story) -> When | None:
    if not story.first_seen:
        return None
    value = story.first_seen[:10]
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return When(value, "day", (), "story-date")
