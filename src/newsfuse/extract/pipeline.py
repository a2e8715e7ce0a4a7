"""The extract stage as the pipeline runs it: one object holding the stateful parts.

The spaCy model and the gazetteer are expensive to load, so they live here and are reused for
every story of a run (and on each Dask worker, one per worker).
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.extract.entities import Nlp
from newsfuse.extract.events import extract_events
from newsfuse.extract.geoparse import Geoparser, story_places
from newsfuse.extract.places import Gazetteer
from newsfuse.models import Article, Event, Lineage, Story
from newsfuse.settings import ExtractSettings

__all__ = ["StoryExtractor"]


class StoryExtractor:
    """Events of a story: entities once per lineage, then actors, dates, places, PLOVER events."""

    def __init__(self, settings: ExtractSettings | None = None, gazetteer: Gazetteer | None = None) -> None:
        """``gazetteer``: one already loaded to share (the pipeline's story stage loads it first)."""
        self.settings = settings or ExtractSettings()
        self._nlp: Nlp | None = None
        self._gazetteer: Gazetteer | None = gazetteer
        self._geoparser: Geoparser | None = None

    @property
    def nlp(self) -> Nlp:
        if self._nlp is None:
            self._nlp = Nlp(self.settings)
        return self._nlp

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer(self.settings)
        return self._gazetteer

    @property
    def geoparser(self) -> Geoparser:
        if self._geoparser is None:
            self._geoparser = Geoparser(self.gazetteer)
        return self._geoparser

    def events(
        self, story: Story, articles: Sequence[Article], lineages: Sequence[Lineage]
    ) -> tuple[Event, ...]:
        annotations = self.nlp.annotate(articles, lineages)
        # each name reads as the geoparser read it in the story's own articles (admin context, the
        # other places named), not as the gazetteer would read it alone
        members = set(story.article_ids)
        places = story_places(
            self.geoparser,
            (
                (a.id, a.text, annotations[a.id].mentions)
                for a in articles
                if a.id in members and a.id in annotations
            ),
        )
        return extract_events(story, articles, lineages, annotations, places, self.settings)
