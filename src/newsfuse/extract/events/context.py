"""What the sentence coder carries: :class:`Candidate` (one event as one sentence states it),
``_Context`` (per-article state while walking its sentences) and the :class:`Gazetteer` protocol."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from newsfuse.extract import time as nf_time
from newsfuse.extract.actors import ActorResolver, CountryResolver
from newsfuse.models import (
    Actor,
    Place,
    Span,
    When,
)


class Gazetteer(CountryResolver, Protocol):
    """What events need from :class:`newsfuse.extract.places.Gazetteer`."""

    def lookup(self, name: str, context_countries: Sequence[str] = ()) -> Place | None: ...


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
