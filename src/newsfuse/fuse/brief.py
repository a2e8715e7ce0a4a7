"""The brief: a story's articles fused into a :class:`~newsfuse.models.Brief`, with its numbered
sources and the story's lineages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from newsfuse.fuse.claims import _analyse, _claims, _lineage_map, _themes
from newsfuse.fuse.conflicts import _conflicts
from newsfuse.fuse.lead import _grouped, _informative, _lead
from newsfuse.fuse.timeline import _timeline
from newsfuse.models import Article, Brief, Claim, Event, Lineage, Reuse, SourceRef, Story
from newsfuse.settings import FuseSettings, Settings


def _sources(
    articles: Sequence[Article], lineage_of: dict[str, str], origins: dict[str, str]
) -> list[SourceRef]:
    """Articles numbered 1..n, a lineage's members next to each other (its origin first), earliest
    lineage first."""
    by_lineage: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_lineage[lineage_of[a.id]].append(a)
    order = {a.id: k for k, a in enumerate(articles)}

    def first(lin: str) -> tuple[str, int]:
        members = by_lineage[lin]
        dates = [m.published.value for m in members if m.published.value]
        return (min(dates) if dates else "9999", min(order[m.id] for m in members))

    out: list[SourceRef] = []
    for lin in sorted(by_lineage, key=first):
        origin = origins.get(lin)
        for a in sorted(
            by_lineage[lin], key=lambda m: (m.id != origin, m.published.value or "9999", order[m.id])
        ):
            out.append(
                SourceRef(
                    number=len(out) + 1,
                    article_id=a.id,
                    outlet=a.outlet,
                    title=a.title,
                    origin=a.origin,
                    lineage_id=lin,
                    published=a.published.value,
                )
            )
    return out


def _outlet_label(claim: Claim, by_id: dict[str, Article]) -> str:
    """ "only Reuters", or "one text: Reuters, The Hindu" when one lineage reached several outlets."""
    names = []
    for a in claim.article_ids:
        art = by_id.get(a)
        name = (art.outlet if art and art.outlet else None) or (_origin_name(art.origin) if art else a)
        if name not in names:
            names.append(name)
    return ("only " if len(names) == 1 else "one text: ") + ", ".join(names)


def _origin_name(origin: str) -> str:
    """The last path or URL segment: enough to name an outlet-less source."""
    return origin.rstrip("/").rsplit("/", 1)[-1] or origin


def build_brief(
    story: Story,
    articles: Sequence[Article],
    lineages: Sequence[Lineage],
    reuses: Sequence[Reuse] = (),
    events: Sequence[Event] = (),
    settings: FuseSettings | Settings | None = None,
    gazetteer: Iterable[str] = (),
) -> Brief:
    """Fuse a story's articles into a Brief: lead, claims by theme, conflicts, unique claims, timeline.

    ``lineages`` may cover more articles than the story (only members are used); articles with no
    lineage count as their own. ``gazetteer`` (place names) enables place conflicts, together with
    the places of ``events``: a name that is in neither is not compared, since "at Indian bases"
    and "in Laos" cannot be told apart by their shape alone.
    """
    fs = settings.fuse if isinstance(settings, Settings) else (settings or FuseSettings())
    members = set(story.article_ids) if story.article_ids else {a.id for a in articles}
    arts = [a for a in articles if a.id in members]
    lineage_of = _lineage_map(arts, lineages)
    story_lineages = _story_lineages(arts, lineages, lineage_of)
    reuses = [r for r in reuses if r.a in members and r.b in members]
    # Places the events stage resolved are known places too, so its gazetteer work is reused here.
    gaz = frozenset(g.lower() for g in gazetteer) | {
        e.where.name.lower() for e in events if e.where is not None
    }
    an = _analyse(arts, lineage_of, reuses, fs, gaz, story.first_seen)
    claims, scores = _claims(an, story.id, arts, fs)
    conflicts, rivals = _conflicts(an, claims, gaz)
    claims = [replace(c, conflicts_with=tuple(sorted(rivals.get(c.id, ())))) for c in claims]
    by_id = {a.id: a for a in arts}
    order = sorted(range(len(claims)), key=lambda k: (-scores[k], k))
    ranked = [claims[k] for k in order]
    ranked_scores = [scores[k] for k in order]
    lead = _lead(ranked, ranked_scores, an, fs)
    corroborated = [c for c in ranked if c.independent_sources >= 2]
    corroborated = _themes(corroborated, an, events)
    lead_theme = {c.id: c.theme for c in corroborated}
    lead = [replace(c, theme=lead_theme.get(c.id, c.theme)) for c in lead]
    info = {(s.article_id, s.start): s for s in an.sentences}
    position = {a.id: k for k, a in enumerate(arts)}
    unique = [
        replace(c, theme=_outlet_label(c, by_id))
        for c in sorted(
            (c for c in claims if c.independent_sources == 1 and _informative(c, info)),
            key=lambda c: (min(position[a] for a in c.article_ids), c.evidence[0].start),
        )
    ]
    timeline = _timeline(events, [*corroborated, *unique], an, arts)
    return Brief(
        story=story,
        events=tuple(sorted(events, key=lambda e: (e.when.value or "9999", e.id))),
        claims=tuple(_grouped(corroborated)),
        conflicts=tuple(conflicts),
        unique=tuple(unique),
        timeline=tuple(timeline),
        sources=tuple(_sources(arts, lineage_of, {lin.id: lin.origin_id for lin in story_lineages})),
        lead=tuple(lead),
        lineages=tuple(story_lineages),
    )


def _story_lineages(
    articles: Sequence[Article], lineages: Sequence[Lineage], lineage_of: dict[str, str]
) -> list[Lineage]:
    """The lineages restricted to the story's members (singletons for articles with none)."""
    ids = [a.id for a in articles]
    known = {lin.id: lin for lin in lineages}
    out: dict[str, Lineage] = {}
    for a in ids:
        lid = lineage_of[a]
        if lid in out:
            continue
        lin = known.get(lid)
        if lin is None:
            out[lid] = Lineage(id=lid, article_ids=(a,), origin_id=a)
            continue
        members = tuple(x for x in lin.article_ids if x in set(ids))
        origin = lin.origin_id if lin.origin_id in members else members[0]
        out[lid] = Lineage(id=lid, article_ids=members, origin_id=origin)
    return list(out.values())
