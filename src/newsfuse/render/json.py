"""A Brief as plain JSON-serialisable data (the ``facts``/``events``/``timeline`` of stories.json).

Shapes follow docs/formats.md: every fact and event carries ``sources`` (article ids),
``independent_sources`` (a count of lineages) and ``evidence`` as ``{article, start, end, text}``;
dates are ISO strings whose length gives their precision.
"""

from __future__ import annotations

from typing import Any

from newsfuse.models import Actor, Brief, Claim, Conflict, Event, Place, SourceRef, Span, TimelineEntry, When

__all__ = ["brief_to_dict", "claim_to_dict", "event_to_dict", "evidence_to_list"]


def evidence_to_list(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [{"article": s.article_id, "start": s.start, "end": s.end, "text": s.text} for s in spans]


def claim_to_dict(claim: Claim, outlets: dict[str, str | None] | None = None) -> dict[str, Any]:
    """A fact; with ``outlets`` (article id -> outlet) it also names who said it (unique claims)."""
    data: dict[str, Any] = {
        "id": claim.id,
        "text": claim.text,
        "theme": claim.theme,
        "sources": list(claim.article_ids),
        "independent_sources": claim.independent_sources,
        "lineages": list(claim.lineage_ids),
        "evidence": evidence_to_list(claim.evidence),
        "conflicts_with": list(claim.conflicts_with),
    }
    if outlets is not None:
        names = [outlets.get(a) for a in claim.article_ids]
        data["outlet"] = ", ".join(dict.fromkeys(n for n in names if n)) or None
    return data


def _when(when: When) -> dict[str, Any]:
    return {
        "date": when.value,
        "precision": when.precision,
        "resolved_from": when.resolved_from,
        "evidence": evidence_to_list(when.evidence),
    }


def _actor(actor: Actor) -> dict[str, Any]:
    return {"name": actor.name, "country": actor.country, "sector": actor.sector, "role": actor.role}


def _place(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    out: dict[str, Any] = {"name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon}
    out.update(
        kind=place.kind or None,
        geonames_id=place.geonames_id,
        admin=list(place.admin),
        reason=place.reason or None,
        attributes=dict(place.attributes),
        evidence=evidence_to_list(place.evidence),
    )
    return out


def event_to_dict(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "summary": event.summary,
        "background": event.background,
        "actors": [_actor(a) for a in event.actors],
        "recipients": [_actor(a) for a in event.recipients],
        "when": _when(event.when),
        "where": _place(event.where),
        "attributes": dict(event.attributes),
        "sources": list(event.article_ids),
        "independent_sources": event.independent_sources,
        "evidence": evidence_to_list(event.evidence),
    }


def _conflict(conflict: Conflict) -> dict[str, Any]:
    return {
        "slot": conflict.slot,
        "subject": conflict.subject,
        "values": [
            {"value": v.value, "sources": list(v.article_ids), "evidence": evidence_to_list(v.evidence)}
            for v in conflict.values
        ],
    }


def _timeline(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "date": entry.when.value,
        "precision": entry.when.precision,
        "resolved_from": entry.when.resolved_from,
        "text": entry.text,
        "event": entry.event_id,
        "sources": list(entry.article_ids),
        "evidence": evidence_to_list(entry.evidence),
    }


def _source(ref: SourceRef) -> dict[str, Any]:
    return {
        "number": ref.number,
        "article": ref.article_id,
        "outlet": ref.outlet,
        "title": ref.title,
        "origin": ref.origin,
        "lineage": ref.lineage_id,
        "published": ref.published,
    }


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The whole brief as JSON-ready data (``json.dumps`` works on the result as is)."""
    outlets = {s.article_id: s.outlet for s in brief.sources}
    themes: dict[str, list[str]] = {}
    for c in brief.claims:
        themes.setdefault(c.theme, []).append(c.id)
    return {
        "story": {
            "id": brief.story.id,
            "title": brief.story.title,
            "articles": list(brief.story.article_ids),
            "first_seen": brief.story.first_seen,
            "last_seen": brief.story.last_seen,
        },
        "headline": brief.story.title,
        "independent_sources": len(brief.lineages) or len({s.lineage_id for s in brief.sources}),
        "lead": [claim_to_dict(c) for c in brief.lead],
        "facts": [claim_to_dict(c) for c in brief.claims],
        "themes": [{"theme": t, "facts": ids} for t, ids in themes.items()],
        "unique": [claim_to_dict(c, outlets) for c in brief.unique],
        "conflicts": [_conflict(c) for c in brief.conflicts],
        "timeline": [_timeline(t) for t in brief.timeline],
        "events": [event_to_dict(e) for e in brief.events],
        "sources": [_source(s) for s in brief.sources],
        "lineages": [
            {"id": lin.id, "origin": lin.origin_id, "articles": list(lin.article_ids)}
            for lin in brief.lineages
        ],
    }
