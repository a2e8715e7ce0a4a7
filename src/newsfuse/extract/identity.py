"""When two mentions can be one event: the compatibility rules the merger applies to every pair.

Two mentions merge into one event only if their type, actors, dates and places are all compatible
(actors and type are the merger's own tests). This module holds the two that need care:

* **dates**, within each date's precision: "May 2020" fits "2020-05-05"; "2020-05-05" does not fit
  "2020-05-06". A mention with no date fits any (it says nothing against).
* **places**: the same place, or one containing the other (a town and its district, province or
  country; a country and anything in it). Two different towns, or places in two countries, never
  fit, whatever else the mentions share. A mention with no place of its own stands where its article
  is about (the article's focus: the first specific place of its lead), so a report from Cotonou
  never merges with one from Kandy because neither sentence named its town.

The merger checks a candidate against every member of an event, not only against the event's voted
date and place, so one stray member cannot let in what the others contradict.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsfuse.extract.places import normalize_name
from newsfuse.models import Place, When

__all__ = ["dates_compatible", "focus_place", "places_compatible", "specificity"]

_POINT = frozenset({"city", "site"})
# how precisely a kind of place pins an event down: a site or town before its district, province,
# region or country (the event's place, a name's reading, the place of a trigger's phrase)
_SPECIFICITY = {
    "site": 6,
    "city": 5,
    "adm2": 4,
    "adm1": 3,
    "region": 2,
    "country": 1,
}  # places that hold no other place of the gazetteer
_AREAS = frozenset({"adm1", "adm2"})


def specificity(place: Place) -> int:
    """Higher for a place that says more precisely where (0 for seas, continents and unknown kinds)."""
    return _SPECIFICITY.get(place.kind, 0)


def dates_compatible(a: When | None, b: When | None) -> bool:
    """Equal at the coarser precision of the two ("2020-05" fits "2020-05-05")."""
    if a is None or b is None or a.value is None or b.value is None:
        return True
    n = min(len(a.value), len(b.value))
    return a.value[:n] == b.value[:n]


def _same(a: Place, b: Place) -> bool:
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    return normalize_name(a.name) == normalize_name(b.name) and (
        a.country == b.country or not a.country or not b.country
    )


def _holds(outer: Place, inner: Place) -> bool:
    """``outer`` is an admin area or country that contains ``inner``."""
    if outer.kind == "country":
        return outer.country is not None and outer.country == inner.country
    keys = {normalize_name(n) for n in inner.admin}
    return normalize_name(outer.name) in keys and (outer.country == inner.country or not outer.country)


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """The same place, or one inside the other; None fits anything."""
    if a is None or b is None:
        return True
    if _same(a, b) or _holds(a, b) or _holds(b, a):
        return True
    if a.country and b.country and a.country != b.country:
        return False
    # two towns, or a town and an area not holding it, are two places; a region, sea or continent the
    # gazetteer holds no chain for ("Sulawesi", "the Sahel") is ruled out only by another country
    gazetted = _POINT | _AREAS | {"country"}
    return not (a.kind in gazetted and b.kind in gazetted)


def focus_place(places: Iterable[Place]) -> Place | None:
    """Where an article is about: its first town or admin area (its dateline or lead names it first),
    else its first country. ``places`` in text order."""
    first_country: Place | None = None
    for p in places:
        if p.kind in _POINT | _AREAS and p.lat is not None:
            return p
        if p.kind == "country" and first_country is None:
            first_country = p
    return first_country
