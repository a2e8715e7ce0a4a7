"""Candidates merged across a story's articles: same type, overlapping participants, compatible
dates and places; then one :class:`~newsfuse.models.Event` per cluster."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from newsfuse.extract.events.context import Candidate
from newsfuse.extract.events.describe import summarize
from newsfuse.extract.identity import dates_compatible, places_compatible, specificity
from newsfuse.models import (
    Actor,
    Event,
    Place,
    Span,
    Story,
    When,
    content_id,
)
from newsfuse.settings import ExtractSettings


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
        """The most specific place its mentions name (they all fit one another: a town and its
        province or country), the most named first among equally specific ones."""
        places = [c.where for c in self.items if c.where]
        if not places:
            return None
        names = Counter(p.name for p in places)
        best = max(names, key=lambda n: (specificity(next(p for p in places if p.name == n)), names[n]))
        return next(p for p in places if p.name == best)

    def fits(self, cand: Candidate, focus: Mapping[str, Place]) -> bool:
        """``cand`` agrees with every member on date (within precision) and place (the same, or one
        inside the other). A mention that names no place stands where its article is about, unless it
        shares named participants with the event: a report from Cotonou and one from Kandy are two
        protests, while the Tokyo paper's "the ministers met" is the meeting in New Delhi."""
        for c in self.items:
            if not dates_compatible(cand.when, c.when) or not places_compatible(cand.where, c.where):
                return False
        if _named_ids(cand) & {i for c in self.items for i in _named_ids(c)}:
            return True
        here = cand.where or focus.get(cand.evidence.article_id)
        return all(places_compatible(here, c.where or focus.get(c.evidence.article_id)) for c in self.items)


def _named_ids(c: Candidate) -> set[str]:
    """Participants named as people or organisations (not a bare country or a crowd)."""
    if c.weak:
        return set()
    return {
        a.id
        for a in (*c.actors, *c.recipients)
        if a.role is not None or (a.sector is not None and _proper_name(a.name))
    }


# kept under their old names for callers of the merger
_dates_compatible = dates_compatible
_places_compatible = places_compatible


def _merge(
    candidates: Sequence[Candidate],
    is_background: Callable[[When | None], bool],
    focus: Mapping[str, Place] | None = None,
) -> list[_Cluster]:
    """Greedy merge: dated and well-argued mentions first, so thin ones join the right event.

    ``focus`` maps an article id to the place it is about (see :func:`_Cluster.fits`)."""
    focus = focus or {}
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
            if not cl.fits(cand, focus):
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
    focus: Mapping[str, Place] | None = None,
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
    if where is None and focus:
        # a one-paragraph report happens where it says: an event it tells with no place of its own
        # takes the report's place, when every report it comes from names the same one
        found = [focus.get(c.evidence.article_id) for c in items]
        spots = {(p.name, p.geonames_id, p.lat, p.lon) if p else None for p in found}
        spot = found[0] if len(spots) == 1 else None
        if spot is not None and spot.lat is not None:
            where = replace(
                spot,
                reason=f"where the report is about ({spot.reason})"
                if spot.reason
                else "where the report is about",
            )
    if not (actors or recipients) and when is None and where is None:
        return None
    if cl.type == "CONSULT" and all(c.mode == "visit" for c in items) and not recipients:
        lands = {a.country for a in actors if a.country}
        if where is None or (where.country and where.country in lands):
            return None  # an arrival at home, or at nowhere named, meets no one ("a team arrived in Poso")
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
