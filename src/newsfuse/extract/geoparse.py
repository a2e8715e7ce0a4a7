"""Geoparsing of one article: the place names :mod:`newsfuse.extract.toponyms` finds, then which place
each one is (resolution), reading the whole article at once. Learned from Mordecai and CLAVIN; written
for news.

**Resolution** scores every gazetteer reading of every name, in two passes:

1. *local*: population (log), the reading's kind (a country outranks a village of that name), an
   alternate name counts less than a place's own name, the place word's hint (a "village of" is a
   town; a "river" is no town), and the admin names written next to it (a reading inside them wins);
   the story's countries help;
2. *document*: the readings the article's other names may have, each weighed by how plausible it is:
   a reading inside an admin area or country the article names wins; so does one near the article's
   other towns (one of several Alexandrias near Shreveport), or in the country most of them lie in.
   One name means one place within an article.

A name the gazetteer lacks but whose admin area is written beside it ("Sori (Gogounou, Alibori)") is
placed at that area, and says so. Every place keeps its evidence span, GeoNames id, admin chain and
the reason it was chosen.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsfuse.extract.identity import specificity
from newsfuse.extract.places import Gazetteer, normalize_name
from newsfuse.extract.toponyms import EntitySpan, Recognizer, Toponym
from newsfuse.models import Mention, Place, Span

__all__ = ["Geoparser", "StoryPlaces", "Toponym", "haversine_km", "story_places"]

_NEAR_KM = 150.0  # two towns this close belong to one local story (the 161 km of Acc@161, roughly)
_READINGS = 20  # readings of one name weighed against the article's other names (best local scores)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Geoparser:
    """Recognise and resolve the places of one text at a time, against a shared :class:`Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.recognizer = Recognizer(gazetteer)

    def recognize(self, text: str, ents: Iterable[EntitySpan]) -> list[Toponym]:
        """Place names in ``text``, given spaCy's entities of it (see :mod:`~newsfuse.extract.toponyms`)."""
        return self.recognizer.recognize(text, ents)

    def toponym(self, text: str, start: int, end: int) -> Toponym:
        """The name at ``text[start:end]`` with what is written around it (for names found elsewhere)."""
        return self.recognizer._with_hints(text, Toponym(start, end, text[start:end]))

    def resolve(
        self,
        text: str,
        toponyms: Sequence[Toponym],
        context_countries: Sequence[str] = (),
        article_id: str = "",
    ) -> list[Place | None]:
        """The place each toponym names, read with the others of the same text (see module doc)."""
        gz = self.gazetteer
        idx = gz.index
        context = frozenset(c for c in (gz.countries.to_alpha3(x) for x in context_countries) if c)
        names = [self.recognizer._expand_state(t.name, postal=t.source == "context") for t in toponyms]
        keys = [normalize_name(n) for n in names]
        cands: dict[str, list[tuple[int, bool]]] = {}
        part: dict[str, str] = {}
        for k, n in zip(keys, names, strict=True):
            if k not in cands:
                found = gz.entries_for(n)
                if not found:
                    core = self.recognizer._core_name(n)
                    if core is not None:
                        found = gz.entries_for(core)
                        part[k] = core
                cands[k] = _capped(found, idx)
        # hints shared by every mention of a name (one sense per discourse)
        hints: dict[str, set[str]] = {}
        admins: dict[str, list[str]] = {}
        for t, k in zip(toponyms, keys, strict=True):
            if t.hint:
                hints.setdefault(k, set()).add(t.hint)
            admins.setdefault(k, []).extend(t.admin)
        for k, found in list(cands.items()):
            written = admins.get(k, [])
            if (
                found
                and (
                    len(written) > 1
                    or written
                    and all(idx.entries[i].kind == "city" for i, _ in found)
                    and self._admin_area(written[0], context) is not None
                )
                and not any(idx.entries[i].kind in ("country", "adm1") for i, _ in found)
                and not any(self.recognizer._inside_named(i, written) for i, _ in found)
                and self._unknown_with_admin(written, context) is not None
            ):
                # "Sori (Gogounou, Alibori)": no Sori lies in Gogounou, so it is a place the gazetteer
                # lacks (not Sari in Iran), placed at the area written beside it. (Taking instead a
                # town of the name in the areas' country lost "Holliday, Mo." to Holliday, Texas:
                # cities500 lacks most small towns of big countries.)
                cands[k] = []
        local: dict[str, dict[int, float]] = {}
        for k, found in cands.items():
            scores = {
                i: self._local_score(i, primary, hints.get(k, set()), admins.get(k, []), context)
                for i, primary in found
            }
            # the best few readings of each name take part in the document pass
            local[k] = dict(sorted(scores.items(), key=lambda kv: -kv[1])[:_READINGS])
        picks, reasons = self._document_pass(local)
        for k, i in picks.items():
            written = admins.get(k, [])
            if not reasons.get(k) or (written and self.recognizer._inside_named(i, written)):
                reasons[k] = self._why(i, hints.get(k, set()), written, context)
        out: list[Place | None] = []
        for t, k in zip(toponyms, keys, strict=True):
            ev = (Span(article_id, t.start, t.end, t.name),)
            attrs = (("offset", t.offset),) if t.offset else ()
            if k in picks:
                place = gz.place(picks[k])
                if place.kind in ("adm1", "adm2") and k != normalize_name(place.name) and k not in part:
                    # an area read through its English name keeps it ("Central Sulawesi", not the
                    # gazetteer's "Sulawesi Tengah"); towns keep their own names ("Mumbai" for Bombay)
                    place = replace(place, name=" ".join(t.name.split()))
                if k in part:  # "Manila Cathedral", "Eastern Ghouta": a site in, or a part of, the place
                    attrs = (*attrs, ("within", place.name))
                    place = replace(
                        place, name=t.name, kind="site", geonames_id=None, admin=(place.name, *place.admin)
                    )
                    reasons[k] = f"not in the gazetteer: read as {part[k]} ({reasons[k]})"
                out.append(replace(place, evidence=ev, reason=reasons[k], attributes=attrs))
                continue
            fallback = self._unknown_with_admin(admins.get(k, []), context)
            if fallback is not None:
                out.append(
                    replace(
                        fallback,
                        evidence=ev,
                        name=t.name,
                        kind="city" if (t.hint in ("", "town")) else fallback.kind,
                        geonames_id=None,
                        admin=(fallback.name, *fallback.admin),
                        reason=f"not in the gazetteer: placed at {fallback.name}, written beside it",
                        attributes=(*attrs, ("placed_at", fallback.name)),
                    )
                )
            else:
                out.append(None)
        return out

    def parse(
        self,
        text: str,
        ents: Iterable[EntitySpan],
        context_countries: Sequence[str] = (),
        article_id: str = "",
    ) -> list[tuple[Toponym, Place | None]]:
        tops = self.recognize(text, ents)
        return list(zip(tops, self.resolve(text, tops, context_countries, article_id), strict=True))

    def _local_score(
        self, i: int, primary: bool, hints: set[str], admin: Sequence[str], context: frozenset[str]
    ) -> float:
        e = self.gazetteer.index.entries[i]
        if e.kind in ("country", "adm1", "adm2", "city"):
            s = math.log10(e.population + 100)
            s += {"country": 2.5, "adm1": 1.0, "adm2": 0.0, "city": 0.5}[e.kind]
        else:
            s = 8.0  # a continent, ocean, sea or region: no population, but named far more than any town
        if e.kind == "city" and self.gazetteer.countries.capitals.get(normalize_name(e.name)) == e.country:
            s += 2.5  # a capital is named far more often than its size says ("Washington")
        elif e.kind == "city" and e.population >= 1_000_000:
            s += 2.0  # a metropolis ("New York") is meant more often than the admin area it gives its name to
        elif e.kind == "city" and e.population >= 100_000:
            s += 0.5
        if not primary:
            # "Washington" is an old name of Watervliet, NY, not what a writer means; but a metropolis'
            # other names are in common use ("Bombay", "New York" for New York City)
            s -= 3.0 if e.population < 100_000 else 1.5 if e.population < 1_000_000 else 0.5
        if e.lat is None:
            s -= 2.0
        if "town" in hints and e.kind != "city":
            s -= 2.5
        if "admin" in hints and e.kind not in ("adm1", "adm2"):
            s -= 2.5
        if hints & {"water", "relief"} and e.kind in ("city", "adm1", "adm2"):
            s -= 1.5
        if admin:
            s += 6.0 if self.recognizer._inside_named(i, admin) else -1.0
        if e.country in context:
            s += 1.5
        return s

    def _document_pass(
        self, local: Mapping[str, Mapping[int, float]]
    ) -> tuple[dict[str, int], dict[str, str]]:
        """Each name's reading, helped by the readings the article's other names may have.

        A reading gains when another name may denote an admin area holding it (weighted by how likely
        that reading of the other name is on its own), a place it holds, the very same place, or a
        town near it; and by the share of the article's other names that lie in its country (a US
        local paper's "Athens"). Two rounds: the weights of the second come from the first's scores.
        """
        idx = self.gazetteer.index
        entries = idx.entries
        keys = [k for k, sc in local.items() if sc]
        scores = {k: dict(local[k]) for k in keys}
        reasons: dict[str, str] = {}
        for _ in range(2):
            weights = {k: _relative(scores[k]) for k in keys}
            new: dict[str, dict[int, float]] = {}
            for k in keys:
                others = [kk for kk in keys if kk != k]
                row: dict[int, float] = {}
                for i, base in local[k].items():
                    e = entries[i]
                    support = 0.0
                    land = total = 0.0
                    why = ""
                    for kk in others:
                        best = 0.0
                        best_why = ""
                        for j, w in weights[kk].items():
                            if w < 0.05:
                                continue
                            ej = entries[j]
                            if ej.country:
                                total += w
                                land += w * (ej.country == e.country)
                            if j == i:
                                rel, r = 3.0, "the place another name of the article denotes"
                            elif ej.kind in ("adm1", "adm2") and i != j and j in (e.adm1, e.adm2):
                                # a county named beside a town is stronger evidence than a state
                                rel = 4.0 if ej.kind == "adm2" else 2.5
                                r = f"inside {ej.name}, named in the article"
                            elif e.kind in ("adm1", "adm2") and i in (ej.adm1, ej.adm2):
                                rel, r = 1.5, f"holds {ej.name}, named in the article"
                            elif (
                                e.kind == "city"
                                and ej.kind == "city"
                                and e.lat is not None
                                and ej.lat is not None
                                and _near(e.lat, e.lon, ej.lat, ej.lon)  # type: ignore[arg-type]
                            ):
                                rel, r = 0.8, f"near {ej.name}, named in the article"
                            else:
                                continue
                            if rel * w > best:
                                best, best_why = rel * w, r
                        support += best
                        if best_why and best >= 0.5 and not why:
                            why = best_why
                    home = 2.0 * land / total if total and e.kind != "country" else 0.0
                    row[i] = base + support + home
                    if k not in reasons or row[i] >= max(new.get(k, {0: -math.inf}).values()):
                        pass
                    if why:
                        reasons.setdefault(f"{k}\t{i}", why)
                new[k] = row
            scores = new
        picks = {k: max(sc, key=lambda i: sc[i]) for k, sc in scores.items()}
        return picks, {k: reasons.get(f"{k}\t{i}", "") for k, i in picks.items()}

    def _why(self, i: int, hints: set[str], admin: Sequence[str], context: frozenset[str]) -> str:
        e = self.gazetteer.index.entries[i]
        if admin and self.recognizer._inside_named(i, admin):
            return "admin context: " + ", ".join(admin)
        if e.country in context:
            return "in the story's countries"
        if hints:
            return "place word: " + ", ".join(sorted(hints))
        return "largest place of that name" if e.kind == "city" else f"a {e.kind} of that name"

    def _admin_area(self, name: str, context: frozenset[str]) -> Place | None:
        """The admin area or country a name written beside another denotes, if it is one: such a
        name alone is enough to place a town ("Kani township (Sagaing)"), a region or a landmark is
        not ("Bethlehem (West Bank)"). Only for names read as towns alone: "In Asia, Canada remains
        ..." is no Asia in Canada."""
        area = self.gazetteer.lookup(name, tuple(context))
        return area if area is not None and area.kind in ("adm1", "adm2", "country") else None

    def _areas_country(self, admin: Sequence[str], context: frozenset[str]) -> str | None:
        """The one country the admin areas or countries written beside a name are in, if one."""
        areas = (self._admin_area(name, context) for name in admin)
        found = {a.country for a in areas if a is not None and a.country}
        return next(iter(found)) if len(found) == 1 else None

    def _unknown_with_admin(self, admin: Sequence[str], context: frozenset[str]) -> Place | None:
        """The nearest admin area written beside an unknown name ("Sori (Gogounou, Alibori)")."""
        if not admin:
            return None
        home = self._areas_country(admin[1:], context) if len(admin) > 1 else None
        # "Zarzal (Sevilla, Cauca)": the Sevilla of Cauca's country, not Spain's
        first = self.gazetteer.lookup(admin[0], tuple(context | {home} if home else context))
        if first is None:
            return None
        if len(admin) > 1:
            # "Gogounou, Alibori": the reading of the first inside the second
            outer = self.gazetteer.entries_for(admin[1])
            for i, _ in self.gazetteer.entries_for(admin[0]):
                if any(self.gazetteer.index.contains(o, i) for o, _ in outer):
                    return self.gazetteer.place(i)
        return first


def _relative(scores: Mapping[int, float]) -> dict[int, float]:
    """How plausible each reading is beside the best one (1 for it and its near-equals): twenty
    equally likely Henry Counties each still count, where a softmax would split them to nothing."""
    top = max(scores.values())
    return {i: math.exp(v - top) for i, v in scores.items()}


def _near(lat1: float, lon1: float, lat2: float, lon2: float) -> bool:
    """Within ``_NEAR_KM``, by an equirectangular estimate (exact enough at this range, and cheap)."""
    dy = (lat2 - lat1) * 111.2
    if abs(dy) > _NEAR_KM:
        return False
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return dx * dx + dy * dy < _NEAR_KM * _NEAR_KM


def _capped(found: list[tuple[int, bool]], idx: object, limit: int = 60) -> list[tuple[int, bool]]:
    """At most ``limit`` readings of a name, largest first ("San Jose" has hundreds)."""
    if len(found) <= limit:
        return found
    entries = idx.entries  # type: ignore[attr-defined]
    return sorted(found, key=lambda f: -entries[f[0]].population)[:limit]


@dataclass(frozen=True, slots=True)
class _EntSpan:
    start_char: int
    end_char: int
    label_: str


class StoryPlaces:
    """The gazetteer as one story's event coder sees it: each name reads as the geoparser read it in
    the story's articles (with their admin context and other places), else as the gazetteer alone.

    One name is one place within a story (the articles report one event): where articles disagree,
    the reading with the most mentions wins, then the one with the smallest area (a town over its
    namesake region). Also answers :meth:`places_between`: every place the geoparser found in a span
    of an article, for the coder to fall back on when spaCy missed a small town.
    """

    def __init__(self, gazetteer: Gazetteer, found: Mapping[str, Sequence[Place]]) -> None:
        self.gazetteer = gazetteer
        self._found = found  # article id -> its places, in text order
        votes: dict[str, dict[tuple[object, ...], list[Place]]] = {}
        for places in found.values():
            for p in places:
                if not p.evidence:
                    continue
                key = normalize_name(p.evidence[0].text or p.name)
                votes.setdefault(key, {}).setdefault((p.geonames_id, p.name, p.lat, p.lon), []).append(p)
        self._resolved: dict[str, Place] = {}
        for key, readings in votes.items():
            best = max(readings.values(), key=lambda ps: (len(ps), specificity(ps[0])))
            self._resolved[key] = replace(best[0], evidence=())

    @property
    def countries(self):  # type: ignore[no-untyped-def]  # the gazetteer's CountryIndex
        return self.gazetteer.countries

    def country_of(self, name: str) -> str | None:
        return self.gazetteer.country_of(name)

    def lookup(self, name: str, context_countries: Sequence[str] = ()) -> Place | None:
        got = self._resolved.get(normalize_name(name))
        return got if got is not None else self.gazetteer.lookup(name, context_countries)

    def places_between(self, article_id: str, start: int, end: int) -> list[Place]:
        return [
            p for p in self._found.get(article_id, ()) if p.evidence and start <= p.evidence[0].start < end
        ]


def story_places(
    geoparser: Geoparser,
    articles: Iterable[tuple[str, str, Iterable[Mention]]],
) -> StoryPlaces:
    """Geoparse each ``(article id, text, spaCy mentions)`` and gather the readings for one story."""
    found: dict[str, list[Place]] = {}
    for article_id, text, mentions in articles:
        ents = [_EntSpan(m.span.start, m.span.end, m.label) for m in mentions]
        ents.sort(key=lambda e: e.start_char)
        found[article_id] = [
            p for _, p in geoparser.parse(text, ents, article_id=article_id) if p is not None
        ]
    return StoryPlaces(geoparser.gazetteer, found)
