"""Geoparsing of one article: find the place names (recognition), then say which place each one is
(resolution), reading the whole article at once. Learned from Mordecai and CLAVIN; written for news.

**Recognition.** spaCy's GPE and LOC entities, plus what its small model misses in news: names written
as the admin context of another ("Sori (Gogounou, Alibori)", "Alexandria, La."), names after a place
word ("the village of Zaghniya", "Abu Rasin area", "Harris County", "in the town of X") and capitalised
names after "in/near/at/outside" that the gazetteer knows and the tagger did not call a person or an
organisation. Each name keeps its hints: the kind a place word gives it, the admin names written next
to it, and a relative offset ("20 km north of X": X, with the offset kept as an attribute).

**Resolution** scores every gazetteer reading of every name, in two passes:

1. *local*: population (log), the reading's kind (a country outranks a village of that name), an
   alternate name counts less than a place's own name, the place word's hint (a "village of" is a
   town; a "river" is no town), and the admin names written next to it (a reading inside them wins);
   the story's countries help;
2. *document*: the other places of the article, as read in pass 1. A reading inside an admin area or
   country the article names wins; so does one near the article's other towns (one of several
   Alexandrias near Shreveport). One name means one place within an article.

A name the gazetteer lacks but whose admin area is written beside it ("Sori (Gogounou, Alibori)") is
placed at that area, and says so. Every place keeps its evidence span, GeoNames id, admin chain and
the reason it was chosen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from types import MappingProxyType
from typing import Protocol

from newsfuse.extract.places import Gazetteer, normalize_name
from newsfuse.models import Place, Span

__all__ = ["Geoparser", "Toponym", "haversine_km"]

_PLACE_LABELS = frozenset({"GPE", "LOC"})
_NOT_PLACES = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
_NEAR_KM = 150.0  # two towns this close belong to one local story (the 161 km of Acc@161, roughly)


class EntitySpan(Protocol):
    start_char: int
    end_char: int
    label_: str


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name in a text, with what is written around it."""

    start: int
    end: int
    name: str
    hint: str = ""  # town | admin | area | water | relief (from a place word), or ""
    admin: tuple[str, ...] = ()  # names written as its admin context, nearest first
    offset: str = ""  # "20 km north of"
    source: str = "ner"  # ner | context | place-word | gazetteer


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _data_rows(filename: str) -> list[list[str]]:
    text = resources.files("newsfuse").joinpath("data", filename).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True, slots=True)
class _Words:
    before: Mapping[str, str]  # "village" (of X) -> town
    after: Mapping[str, str]  # (X) "County" -> admin
    states: Mapping[str, tuple[str, str]]  # "la" / "LA" -> ("Louisiana", "USA")
    directions: frozenset[str]  # "eastern" (Ghouta)


def _load_words() -> _Words:
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for row in _data_rows("place_words.tsv"):
        word, hint, where = row[0], row[1], row[2]
        if where in ("before", "both"):
            before[word] = hint
        if where in ("after", "both"):
            after[word] = hint
    states: dict[str, tuple[str, str]] = {}
    for row in _data_rows("state_abbreviations.tsv"):
        for ab in row[2].split("|"):
            states[ab] = (row[0], row[1])
    directions = frozenset(row[0] for row in _data_rows("directions.tsv"))
    return _Words(MappingProxyType(before), MappingProxyType(after), MappingProxyType(states), directions)


# A capitalised name: words starting upper-case, joined by spaces, hyphens or "al-"/"el-"/"de" parts.
_NAME = r"(?:(?:al|el|ad|as|ash|an|ar|at|az|ibn|bin|de|del|la|le|du|da|di|van|von)[- ])?[A-Z][\w'’.-]*(?:[ -](?:(?:al|el|ad|as|ash|an|ar|at|az|de|del|la|le|du|da|di|of|upon|on|sur|am)[- ])?[A-Z][\w'’-]*)*"
_NAME_RE = re.compile(_NAME)
_ADMIN_PAREN = re.compile(r"\s*\(\s*(" + _NAME + r"(?:\s*,\s*" + _NAME + r")*)\s*\)")
_ADMIN_COMMA = re.compile(r",\s*(" + _NAME + r")")
_OFFSET = re.compile(
    r"(\d+(?:[.,]\d+)?\s*(?:km|kilomet(?:re|er)s?|mi(?:les?)?|miles)\s+"
    r"(?:(?:north|south|east|west)(?:[- ]?(?:north|south|east|west))?|northeast|northwest|southeast|southwest)"
    r"(?:ern)?\s+of|(?:north|south|east|west)(?:[- ]?(?:east|west))?\s+of|outside|near|outskirts\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PLACE_PREP = re.compile(r"\b(?:in|near|at|outside|from|of|to|into|around|across)\s+(?:the\s+)?$")
_WORD_BEFORE = re.compile(r"\b([a-z-]+)\s+of\s+(?:the\s+)?$")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z-]+)\b")


class Geoparser:
    """Recognise and resolve the places of one text at a time, against a shared :class:`Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._words = _load_words()

    # ---------------------------------------------------------------------------------------------
    # Recognition

    def recognize(self, text: str, ents: Iterable[EntitySpan]) -> list[Toponym]:
        """Place names in ``text``, given spaCy's entities of it (sorted by start, no overlaps)."""
        ents = list(ents)
        blocked = [(e.start_char, e.end_char) for e in ents if e.label_ in _NOT_PLACES]
        found: dict[tuple[int, int], Toponym] = {}
        for e in ents:
            if e.label_ in _PLACE_LABELS:
                start, end = _trim(text, e.start_char, e.end_char)
                if end > start and not self.gazetteer.countries.demonyms.get(normalize_name(text[start:end])):
                    found[(start, end)] = Toponym(start, end, text[start:end])
        self._add_place_word_names(text, found, blocked)
        self._add_prep_names(text, found, blocked)
        # admin context written after a name: "(Gogounou, Alibori)", ", La.", ", Texas"
        for key in sorted(found):
            self._add_admin_context(text, found, key)
        out = sorted(found.values(), key=lambda t: t.start)
        return [self._with_hints(text, t) for t in _drop_nested(out)]

    def _known(self, name: str) -> bool:
        return bool(self.gazetteer.entries_for(name))

    def _add_place_word_names(
        self, text: str, found: dict[tuple[int, int], Toponym], blocked: list[tuple[int, int]]
    ) -> None:
        for m in _NAME_RE.finditer(text):
            start, end = _trim(text, m.start(), m.end())
            if end <= start or _inside(start, end, found) or _overlaps(start, end, blocked):
                continue
            name = text[start:end]
            before = _WORD_BEFORE.search(text, max(0, start - 40), start)
            after = _WORD_AFTER.match(text, end)
            word_before = before.group(1).lower() if before else ""
            word_after = after.group(1).lower() if after else ""
            if self._words.before.get(word_before) in ("town", "admin", "area") or (
                self._words.after.get(word_after) in ("town", "admin", "area") and self._known(name)
            ):
                if not _sentence_start(text, start) or self._known(name):
                    found[(start, end)] = Toponym(start, end, name, source="place-word")

    def _add_prep_names(
        self, text: str, found: dict[tuple[int, int], Toponym], blocked: list[tuple[int, int]]
    ) -> None:
        for m in _NAME_RE.finditer(text):
            start, end = _trim(text, m.start(), m.end())
            if end <= start or _inside(start, end, found) or _overlaps(start, end, blocked):
                continue
            if not _PLACE_PREP.search(text, max(0, start - 12), start):
                continue
            name = text[start:end]
            entries = self.gazetteer.entries_for(name)
            if any(primary for _, primary in entries) and not self.gazetteer.countries.demonyms.get(
                normalize_name(name)
            ):
                found[(start, end)] = Toponym(start, end, name, source="gazetteer")

    def _add_admin_context(self, text: str, found: dict[tuple[int, int], Toponym], key: tuple[int, int]) -> None:
        _, end = key
        paren = _ADMIN_PAREN.match(text, end)
        if paren:
            pos = paren.start(1)
            for part in paren.group(1).split(","):
                lead = len(part) - len(part.lstrip())
                s = pos + lead
                e = s + len(part.strip())
                pos += len(part) + 1
                s, e = _trim(text, s, e)
                if e > s and (self._known(text[s:e])) and not _inside(s, e, found):
                    found[(s, e)] = Toponym(s, e, text[s:e], source="context")
            return
        comma = _ADMIN_COMMA.match(text, end)
        if comma:
            s, e = _trim(text, comma.start(1), comma.end(1))
            name = text[s:e]
            if name in self._words.states or name.rstrip(".") + "." in self._words.states:
                if not _inside(s, e, found):
                    found[(s, e)] = Toponym(s, e, name, source="context")
            elif e > s and not _inside(s, e, found):
                entries = self.gazetteer.entries_for(name)
                if any(self.gazetteer.index.entries[i].kind in ("adm1", "adm2", "country") for i, _ in entries):
                    found[(s, e)] = Toponym(s, e, name, source="context")

    def _with_hints(self, text: str, t: Toponym) -> Toponym:
        hint = ""
        before = _WORD_BEFORE.search(text, max(0, t.start - 40), t.start)
        after = _WORD_AFTER.match(text, t.end)
        if after and after.group(1).lower() in self._words.after:
            hint = self._words.after[after.group(1).lower()]
        elif before and before.group(1).lower() in self._words.before:
            hint = self._words.before[before.group(1).lower()]
        first = t.name.split()[0].lower()
        last = t.name.split()[-1].lower()
        if last in self._words.after and len(t.name.split()) > 1:
            hint = self._words.after[last]  # "Harris County", "Zambezi River"
        elif first in self._words.before and len(t.name.split()) > 1 and first not in ("city",):
            hint = self._words.before[first]  # "Lake Victoria", "Mount Kenya"
        admin: list[str] = []
        paren = _ADMIN_PAREN.match(text, t.end)
        if paren:
            admin = [p.strip() for p in paren.group(1).split(",") if p.strip()]
        else:
            comma = _ADMIN_COMMA.match(text, t.end)
            if comma:
                admin = [comma.group(1).strip()]
        in_y = re.match(r",?\s+(?:a|an|the)\s+(?:small\s+|remote\s+)?(?:village|town|city|district|suburb)\s+(?:in|of|near)\s+(" + _NAME + ")", text[t.end : t.end + 120])
        if in_y:
            admin.append(in_y.group(1))
        offset = _OFFSET.search(text, max(0, t.start - 60), t.start)
        return replace(
            t,
            hint=hint,
            admin=tuple(self._expand_state(a) for a in admin),
            offset=" ".join(offset.group(1).split()) if offset else "",
        )

    def _expand_state(self, name: str, *, postal: bool = True) -> str:
        """"La." -> Louisiana; a bare postal code ("LA") only where it stands as a town's context."""
        squeezed = name.replace(" ", "")
        for key in (name, squeezed, name.rstrip(".") + "."):
            if key in self._words.states and (postal or "." in key):
                return self._words.states[key][0]
        return name

    # ---------------------------------------------------------------------------------------------
    # Resolution

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
        names = [self._expand_state(t.name, postal=t.source == "context") for t in toponyms]
        keys = [normalize_name(n) for n in names]
        cands: dict[str, list[tuple[int, bool]]] = {}
        part: dict[str, str] = {}
        for k, n in zip(keys, names, strict=True):
            if k not in cands:
                found = gz.entries_for(n)
                if not found:
                    core = self._core_name(n)
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
        local: dict[str, dict[int, float]] = {}
        for k, found in cands.items():
            local[k] = {i: self._local_score(i, primary, hints.get(k, set()), admins.get(k, []), context) for i, primary in found}
        picks = {k: max(s, key=lambda i: s[i]) for k, s in local.items() if s}
        reasons: dict[str, str] = {k: "local" for k in picks}
        for _ in range(2):
            new: dict[str, int] = {}
            for k, scores in local.items():
                if not scores:
                    continue
                others = [p for kk, p in picks.items() if kk != k]
                best, best_score, why = -1, -math.inf, ""
                for i, s in scores.items():
                    bonus, reason = self._coherence(i, others)
                    if s + bonus > best_score:
                        best, best_score, why = i, s + bonus, reason
                new[k] = best
                reasons[k] = why or self._why(best, hints.get(k, set()), admins.get(k, []), context)
            if new == picks:
                break
            picks = new
        out: list[Place | None] = []
        for t, k in zip(toponyms, keys, strict=True):
            ev = (Span(article_id, t.start, t.end, t.name),)
            attrs = (("offset", t.offset),) if t.offset else ()
            if k in picks:
                place = gz.place(picks[k])
                if k in part:  # "Manila Cathedral", "Eastern Ghouta": a site in, or a part of, the place
                    attrs = (*attrs, ("within", place.name))
                    place = replace(place, name=t.name, kind="site", geonames_id=None, admin=(place.name, *place.admin))
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
        self, text: str, ents: Iterable[EntitySpan], context_countries: Sequence[str] = (), article_id: str = ""
    ) -> list[tuple[Toponym, Place | None]]:
        tops = self.recognize(text, ents)
        return list(zip(tops, self.resolve(text, tops, context_countries, article_id), strict=True))

    def _core_name(self, name: str) -> str | None:
        """The known place inside an unknown name: "Manila Cathedral" -> Manila, "West Surrey" -> Surrey."""
        words = name.split()
        while words and words[0].lower() in self._words.directions:
            words = words[1:]
        while len(words) > 1 and self._words.after.get(words[-1].lower()) in ("site", "water", "relief", "admin", "area"):
            words = words[:-1]
        while len(words) > 1 and self._words.before.get(words[0].lower()) in ("site", "water", "relief"):
            words = words[1:]
        core = " ".join(words)
        if not core or core == name or not self.gazetteer.entries_for(core):
            return None
        return core

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
            s += 1.5  # a metropolis ("New York") is meant more often than the admin area it gives its name to
        elif e.kind == "city" and e.population >= 100_000:
            s += 0.5
        if not primary:
            s -= 3.0  # "Washington" is an old name of Watervliet, NY; it is not what a writer means
        if e.lat is None:
            s -= 2.0
        if "town" in hints and e.kind != "city":
            s -= 2.5
        if "admin" in hints and e.kind not in ("adm1", "adm2"):
            s -= 2.5
        if hints & {"water", "relief"} and e.kind in ("city", "adm1", "adm2"):
            s -= 1.5
        if admin:
            s += 6.0 if self._inside_named(i, admin) else -1.0
        if e.country in context:
            s += 1.5
        return s

    def _inside_named(self, i: int, admin: Sequence[str]) -> bool:
        """One of the names written beside it is its admin area or its country."""
        idx = self.gazetteer.index
        e = idx.entries[i]
        keys = {normalize_name(a) for a in admin}
        chain = [idx.entries[j].name for j in idx.chain(i)]
        if any(normalize_name(n) in keys for n in chain):
            return True
        for a in admin:
            alpha3 = self.gazetteer.countries.country_name(a)
            if alpha3 and alpha3 == e.country:
                return True
            if any(j in idx.chain(i) for j, _ in self.gazetteer.entries_for(a)):
                return True
        return False

    def _coherence(self, i: int, others: Sequence[int]) -> tuple[float, str]:
        idx = self.gazetteer.index
        e = idx.entries[i]
        contain = near = same_country = 0.0
        why = ""
        lands = [idx.entries[o].country for o in others if o != i and idx.entries[o].country]
        if lands and e.kind != "country":
            # the article's home country: most of its other places lie there (a US local paper's "Athens")
            same_country = 2.0 * sum(c == e.country for c in lands) / len(lands)
        for o in others:
            if o == i:
                contain = max(contain, 3.0)  # another name of the article reads as this very place
                why = why or "the place another name of the article denotes"
                continue
            oe = idx.entries[o]
            if oe.kind in ("adm1", "adm2") and idx.contains(o, i):
                contain = max(contain, 2.5)
                why = why or f"inside {oe.name}, named in the article"
            elif e.lat is not None and oe.lat is not None and oe.lon is not None and e.lon is not None:
                if e.kind == "city" and oe.kind == "city" and haversine_km(e.lat, e.lon, oe.lat, oe.lon) < _NEAR_KM:
                    near += 0.8
                    why = why or f"near {oe.name}, named in the article"
            if e.kind in ("adm1", "adm2", "country") and idx.contains(i, o):
                contain = max(contain, 1.5)  # "Texas" read as the state that holds the article's towns
                why = why or f"holds {oe.name}, named in the article"
        return contain + min(near, 2.4) + same_country, why

    def _why(self, i: int, hints: set[str], admin: Sequence[str], context: frozenset[str]) -> str:
        e = self.gazetteer.index.entries[i]
        if admin and self._inside_named(i, admin):
            return "admin context: " + ", ".join(admin)
        if e.country in context:
            return "in the story's countries"
        if hints:
            return "place word: " + ", ".join(sorted(hints))
        return "largest place of that name" if e.kind == "city" else f"a {e.kind} of that name"

    def _unknown_with_admin(self, admin: Sequence[str], context: frozenset[str]) -> Place | None:
        """The nearest admin area written beside an unknown name ("Sori (Gogounou, Alibori)")."""
        if not admin:
            return None
        first = self.gazetteer.lookup(admin[0], tuple(context))
        if first is None:
            return None
        if len(admin) > 1:
            # "Gogounou, Alibori": the reading of the first inside the second
            outer = self.gazetteer.entries_for(admin[1])
            for i, _ in self.gazetteer.entries_for(admin[0]):
                if any(self.gazetteer.index.contains(o, i) for o, _ in outer):
                    return self.gazetteer.place(i)
        return first


def _capped(found: list[tuple[int, bool]], idx: object, limit: int = 60) -> list[tuple[int, bool]]:
    """At most ``limit`` readings of a name, largest first ("San Jose" has hundreds)."""
    if len(found) <= limit:
        return found
    entries = idx.entries  # type: ignore[attr-defined]
    return sorted(found, key=lambda f: -entries[f[0]].population)[:limit]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive or full stop from a name's span."""
    s = text[start:end]
    if s.lower().startswith("the "):
        start += 4
    s = text[start:end]
    for tail in ("'s", "’s"):
        if s.endswith(tail):
            end -= 2
            s = text[start:end]
    while end > start and text[end - 1] in ".,;:-'’":
        if text[end - 1] == "." and re.search(r"\b[A-Z][a-z]?\.$", text[start:end]) and end - start <= 6:
            break  # "La.", "Ga.": an abbreviation keeps its dot
        end -= 1
    return start, end


def _inside(start: int, end: int, found: Mapping[tuple[int, int], Toponym]) -> bool:
    return any(s < end and start < e for s, e in found)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].strip()
    return not before or before[-1] in ".!?\"“"


def _drop_nested(tops: Sequence[Toponym]) -> list[Toponym]:
    out: list[Toponym] = []
    for t in sorted(tops, key=lambda t: (t.start, -(t.end - t.start))):
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return out
