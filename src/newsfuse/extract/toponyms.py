"""Toponym recognition: the place names of one text, with what is written around each (its admin
context, a place word, a relative offset). Resolution is :mod:`newsfuse.extract.geoparse`'s.

spaCy's GPE and LOC entities, plus what its small model misses in news: names written as the admin
context of another ("Sori (Gogounou, Alibori)", "Alexandria, La."), names after a place word ("the
village of Zaghniya", "Abu Rasin area", "Harris County", "in the town of X"), capitalised names after
"in/near/at/outside" that the gazetteer knows and the tagger did not call a person or an organisation,
datelines, places heading an institution's name ("Gainesville Police"), directions ("Northeast Georgia"
is Georgia) and demonyms. Each name keeps its hints: the kind a place word gives it, the admin names
written next to it, and a relative offset ("20 km north of X": X, with the offset kept). The word
lists are data (``data/place_words.tsv``, ``institutions.tsv``, ``directions.tsv``,
``state_abbreviations.tsv``, ``not_places.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Protocol

from newsfuse.extract.places import Gazetteer, _data_lines, normalize_name

__all__ = ["EntitySpan", "Recognizer", "Toponym"]

_PLACE_LABELS = frozenset({"GPE", "LOC"})
_NOT_PLACES = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})


class EntitySpan(Protocol):
    @property
    def start_char(self) -> int: ...
    @property
    def end_char(self) -> int: ...
    @property
    def label_(self) -> str: ...


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


@dataclass(frozen=True, slots=True)
class _Words:
    before: Mapping[str, str]  # "village" (of X) -> town
    after: Mapping[str, str]  # (X) "County" -> admin
    states: Mapping[str, tuple[str, str]]  # "la" / "LA" -> ("Louisiana", "USA")
    directions: frozenset[str]  # "eastern" (Ghouta)
    institutions: frozenset[str]  # "police" (Gainesville Police), "university"
    not_places: frozenset[str]  # "may", "sunday": never a place without an admin area beside it


def _load_words() -> _Words:
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for row in _data_lines("place_words.tsv"):
        word, hint, where = row[0], row[1], row[2]
        if where in ("before", "both"):
            before[word] = hint
        if where in ("after", "both"):
            after[word] = hint
    states: dict[str, tuple[str, str]] = {}
    for row in _data_lines("state_abbreviations.tsv"):
        for ab in row[2].split("|"):
            states[ab] = (row[0], row[1])
    directions = frozenset(row[0] for row in _data_lines("directions.tsv"))
    institutions = frozenset(row[0] for row in _data_lines("institutions.tsv"))
    not_places = frozenset(row[0].lower() for row in _data_lines("not_places.tsv"))
    return _Words(
        MappingProxyType(before),
        MappingProxyType(after),
        MappingProxyType(states),
        directions,
        institutions,
        not_places,
    )


# A capitalised name: words starting upper-case, joined by spaces, hyphens or "al-"/"el-"/"de" parts.
_NAME = r"\b(?:(?:al|el|ad|as|ash|an|ar|at|az|ibn|bin|de|del|la|le|du|da|di|van|von)[- ])?[A-Z][\w'’.-]*(?:[ -](?:(?:al|el|ad|as|ash|an|ar|at|az|de|del|la|le|du|da|di|of|upon|on|sur|am)[- ])?[A-Z][\w'’-]*)*"
_NAME_RE = re.compile(_NAME)
_ADMIN_PAREN = re.compile(r"\s*\(\s*(" + _NAME + r"(?:\s*,\s*" + _NAME + r")*)\s*\)")
_ADMIN_COMMA = re.compile(r",\s*(" + _NAME + r")")
_OFFSET = re.compile(
    r"(\d+(?:[.,]\d+)?\s*(?:km|kilomet(?:re|er)s?|mi(?:les?)?|miles)\s+"
    r"(?:(?:north|south|east|west)(?:[- ]?(?:north|south|east|west))?|northeast|northwest|southeast|southwest)"
    r"(?:ern)?\s+of|(?:north|south|east|west)(?:[- ]?(?:east|west))?\s+of|outside|near|outskirts\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"(?:^|\n|(?<=[.!?] ))\s*([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)(?:,[^\n—–]{0,30})?\s*(?:\((?:AP|Reuters|AFP|UPI)\)\s*)?[—–-]{1,2}\s"
)
_LOCATIVE = re.compile(
    r"\b(?:in|near|outside|at|towards|toward|into|around|from|to|of)\s+(?:the\s+)?$", re.IGNORECASE
)
_SPEAKS = re.compile(r",?\s+(?:said|says|told|added|who|whose|was|is|has|had|will)\b")
_FUNCTION_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "on",
        "in",
        "at",
        "by",
        "for",
        "of",
        "and",
        "but",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
    }
)
_PLACE_PREP = re.compile(r"\b(?:in|near|at|outside|from|of|to|into|around|across)\s+(?:the\s+)?$")
_WORD_BEFORE = re.compile(r"\b([a-z-]+)\s+of\s+(?:the\s+)?$")
_WORD_AFTER = re.compile(r"\s+([A-Za-z-]+)\b")  # used with .match(text, pos): anchored there


class Recognizer:
    """Find the place names of one text at a time, against a shared :class:`Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._words = _load_words()

    def recognize(self, text: str, ents: Iterable[EntitySpan]) -> list[Toponym]:
        """Place names in ``text``, given spaCy's entities of it (sorted by start, no overlaps)."""
        ents = list(ents)
        blocked = [(e.start_char, e.end_char) for e in ents if e.label_ in _NOT_PLACES]
        found: dict[tuple[int, int], Toponym] = {}
        for e in ents:
            start, end = _trim(text, e.start_char, e.end_char, self._words.states)
            if end <= start:
                continue
            name = text[start:end]
            if e.label_ in _PLACE_LABELS:
                if name.lower() not in self._words.directions and self._plausible(text, start, end):
                    found[(start, end)] = Toponym(start, end, name)
            elif e.label_ == "NORP" and self._region_adjective(name):
                found[(start, end)] = Toponym(start, end, name, source="adjective")  # "Sudanese", "African"
            elif e.label_ == "FAC" and self._words.after.get(name.split()[-1].lower()) == "site":
                found[(start, end)] = Toponym(start, end, name, source="site")  # "Francis Street"
            elif e.label_ == "ORG":
                head = self._leading_place(name)  # "Gainesville Police", "Ohio State University"
                if head:
                    found[(start, start + len(head))] = Toponym(
                        start, start + len(head), head, source="embedded"
                    )
        self._add_datelines(text, found)
        # strong context outranks the tagger: "Gao, Mali", "Sori (Gogounou, Alibori)", "in Kandi"
        self._add_admin_written_names(text, found)
        self._add_directional_names(text, found)
        self._add_located_people(
            text, found, [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
        )
        self._add_place_word_names(text, found, blocked)
        self._add_prep_names(text, found, blocked)
        # admin context written after a name: "(Gogounou, Alibori)", ", La.", ", Texas"
        for key in sorted(found):
            self._add_admin_context(text, found, key)
        kept = (
            t for t in found.values() if t.source == "context" or t.name.lower() not in self._words.not_places
        )
        out = sorted((self._without_direction(text, t) for t in kept), key=lambda t: t.start)
        return [self._with_hints(text, t) for t in _drop_nested(out)]

    def _without_direction(self, text: str, t: Toponym) -> Toponym:
        """ "Northeast Georgia" is Georgia (its part is kept as the offset); "South Africa" stays whole."""
        words = t.name.split()
        if len(words) < 2 or words[0].lower() not in self._words.directions or self._known(t.name):
            return t
        rest = t.name[len(words[0]) :].lstrip()
        if not self._known(rest):
            return t
        start = t.end - len(rest)
        return replace(t, start=start, name=rest, offset=words[0].lower())

    def _plausible(self, text: str, start: int, end: int) -> bool:
        """A tagged place name worth keeping: known to the gazetteer, or looking like a place (a place
        word in it, a locative word before it); not lower-case ("new county") or a name's initials."""
        name = text[start:end]
        if (
            not name[:1].isupper()
            or re.fullmatch(r"(?:[A-Z]\.){1,2}", name)
            and name not in self._words.states
        ):
            return False
        if self._known(name) or self._core_name(name):
            return True
        words = name.lower().split()
        if any(w in self._words.after or w in self._words.before for w in words):
            return True
        return bool(_LOCATIVE.search(text, max(0, start - 14), start))

    def _region_adjective(self, name: str) -> bool:
        """A demonym or adjective of a country or region ("Sudanese", "Syrians", "African")."""
        key = normalize_name(name)
        countries = self.gazetteer.countries
        if key in countries.demonyms or (key.endswith("s") and key[:-1] in countries.demonyms):
            return True
        return any(
            self.gazetteer.index.entries[i].kind not in ("city", "adm1", "adm2")
            for i, _ in self.gazetteer.index.matches(key)
        )

    def _leading_place(self, name: str) -> str | None:
        """The place an organisation's name starts with, when the rest names an institution of it."""
        words = name.split()
        if len(words) < 2:
            return None
        for n in range(min(3, len(words) - 1), 0, -1):
            head = " ".join(words[:n])
            rest = {w.lower().strip(".,'’") for w in words[n:]}
            rest |= {w[:-2] for w in rest if w.endswith("'s") or w.endswith("’s")}
            if rest & self._words.institutions and any(
                primary and self.gazetteer.index.entries[i].kind in ("city", "adm1", "adm2", "country")
                for i, primary in self.gazetteer.entries_for(head)
            ):
                return head
        return None

    def _add_admin_written_names(self, text: str, found: dict[tuple[int, int], Toponym]) -> None:
        """A name followed by its admin area or country, whatever the tagger called it: "Gao, Mali",
        "Sori (Gogounou, Alibori)", "Alexandria, La.". The written area must be a known admin area or
        country, and the name either has a reading inside it or is unknown to the gazetteer."""
        for m in _NAME_RE.finditer(text):
            start, end = _trim(text, m.start(), m.end(), self._words.states)
            if end <= start or _sentence_start(text, start) and not self._known(text[start:end]):
                continue
            name = text[start:end]
            if name.lower() in self._words.directions or name.split()[0].lower() in _FUNCTION_WORDS:
                continue
            written: list[str] = []
            paren = self._paren_after(text, end)
            comma = None if paren else _comma_context(text, end)
            if paren:
                written = [p.strip() for p in paren.group(1).split(",") if p.strip()]
            elif comma:
                written = [self._expand_state(comma.group(1).strip())]
            if not written or not all(self._is_area(w) for w in written[:2]):
                continue
            entries = self.gazetteer.entries_for(name)
            if entries and not any(self._inside_named(i, written) for i, _ in entries) and comma:
                continue  # "Smith, Texas" is a man and a state unless some Smith lies in Texas
            if not _inside(start, end, found):
                found[(start, end)] = Toponym(start, end, name, source="context")
            self._add_admin_context(text, found, (start, end))

    def _paren_after(self, text: str, end: int) -> re.Match[str] | None:
        """The admin areas written in brackets after a name, or after the place word that follows it:
        "Sori (Gogounou, Alibori)", "Kani township (Sagaing)", "Mandera town (Mandera, North Eastern)"."""
        paren = _ADMIN_PAREN.match(text, end)
        if paren is None:
            word = _WORD_AFTER.match(text, end)
            if word and self._words.after.get(word.group(1).lower()) in ("town", "admin", "area"):
                paren = _ADMIN_PAREN.match(text, word.end())
        return paren

    def _is_area(self, name: str) -> bool:
        if self.gazetteer.countries.country_name(name):
            return True
        return any(
            self.gazetteer.index.entries[i].kind in ("adm1", "adm2", "country")
            or primary
            and self.gazetteer.index.entries[i].kind == "city"
            for i, primary in self.gazetteer.entries_for(self._expand_state(name))
        )

    def _add_directional_names(self, text: str, found: dict[tuple[int, int], Toponym]) -> None:
        """ "Northeast Georgia", "southern Lebanon": the place, its part kept as the offset."""
        for m in _NAME_RE.finditer(text):
            start, end = _trim(text, m.start(), m.end(), self._words.states)
            words = text[start:end].split()
            before = re.search(r"([A-Za-z-]+)\s+$", text[max(0, start - 20) : start])
            if len(words) >= 2 and words[0].lower() in self._words.directions:
                word, start = words[0].lower(), end - len(" ".join(words[1:]))
            elif before and before.group(1).lower() in self._words.directions:
                word = before.group(1).lower()
            else:
                continue
            name = text[start:end]
            if self._known(f"{word} {name}") or not self._is_area(name) or _inside(start, end, found):
                continue
            found[(start, end)] = Toponym(start, end, name, offset=word, source="context")

    def _add_located_people(
        self, text: str, found: dict[tuple[int, int], Toponym], people: Sequence[tuple[int, int]]
    ) -> None:
        """A "person" the tagger found right after "in", "near", "to"... that the gazetteer knows as a
        town of 5,000+ or an area, and that says or does nothing ("in Kandi", not "to Kandi, who said")."""
        for start, end in people:
            name = text[start:end]
            if len(name.split()) > 2 or not _LOCATIVE.search(text, max(0, start - 14), start):
                continue
            if _SPEAKS.match(text, end) or _inside(start, end, found):
                continue
            if any(
                primary and (e.kind in ("adm1", "adm2", "country") or e.population >= 5000)
                for i, primary in self.gazetteer.entries_for(name)
                for e in (self.gazetteer.index.entries[i],)
            ):
                found[(start, end)] = Toponym(start, end, name, source="gazetteer")

    def _add_datelines(self, text: str, found: dict[tuple[int, int], Toponym]) -> None:
        """ "PORTLAND —", "LEBANON (AP) —": a capitalised place opening a paragraph, before a dash or a wire."""
        for m in _DATELINE.finditer(text):
            start, end = m.start(1), m.end(1)
            if not _inside(start, end, found) and self._known(m.group(1)):
                found[(start, end)] = Toponym(start, end, m.group(1), source="dateline")

    def _known(self, name: str) -> bool:
        return bool(self.gazetteer.entries_for(name))

    def _free_names(
        self, text: str, found: Mapping[tuple[int, int], Toponym], blocked: Sequence[tuple[int, int]]
    ) -> Iterator[tuple[int, int]]:
        """Spans of capitalised names not yet found and not tagged as something else."""
        for m in _NAME_RE.finditer(text):
            start, end = _trim(text, m.start(), m.end(), self._words.states)
            if end > start and not _inside(start, end, found) and not _overlaps(start, end, blocked):
                yield start, end

    def _add_place_word_names(
        self, text: str, found: dict[tuple[int, int], Toponym], blocked: list[tuple[int, int]]
    ) -> None:
        for start, end in self._free_names(text, found, blocked):
            name = text[start:end]
            before = _WORD_BEFORE.search(text, max(0, start - 40), start)
            word_before = before.group(1).lower() if before else ""
            # Only a word before ("the village of X"). A known name before "town", "district" or
            # "area" ("the Lansing area") is not a toponym of the sets' gold often enough: taking it
            # moved LGL recognition precision from 0.804 to 0.796 (bench/geo.py, eighth session).
            worded = self._words.before.get(word_before) in ("town", "admin", "area")
            if worded and (not _sentence_start(text, start) or self._known(name)):
                found[(start, end)] = Toponym(start, end, name, source="place-word")

    def _add_prep_names(
        self, text: str, found: dict[tuple[int, int], Toponym], blocked: list[tuple[int, int]]
    ) -> None:
        for start, end in self._free_names(text, found, blocked):
            if not _PLACE_PREP.search(text, max(0, start - 12), start):
                continue
            name = text[start:end]
            entries = self.gazetteer.entries_for(name)
            if any(primary for _, primary in entries) and not self.gazetteer.countries.demonyms.get(
                normalize_name(name)
            ):
                found[(start, end)] = Toponym(start, end, name, source="gazetteer")

    def _add_admin_context(
        self, text: str, found: dict[tuple[int, int], Toponym], key: tuple[int, int]
    ) -> None:
        _, end = key
        paren = self._paren_after(text, end)
        if paren:
            pos = paren.start(1)
            for part in paren.group(1).split(","):
                lead = len(part) - len(part.lstrip())
                s = pos + lead
                e = s + len(part.strip())
                pos += len(part) + 1
                s, e = _trim(text, s, e, self._words.states)
                if e > s and (self._known(text[s:e])) and not _inside(s, e, found):
                    found[(s, e)] = Toponym(s, e, text[s:e], source="context")
            return
        comma = _comma_context(text, end)
        if comma:
            s, e = _trim(text, comma.start(1), comma.end(1), self._words.states)
            name = text[s:e]
            if name in self._words.states or name.rstrip(".") + "." in self._words.states:
                if not _inside(s, e, found):
                    found[(s, e)] = Toponym(s, e, name, source="context")
            elif e > s and not _inside(s, e, found):
                entries = self.gazetteer.entries_for(name)
                if any(
                    self.gazetteer.index.entries[i].kind in ("adm1", "adm2", "country") for i, _ in entries
                ):
                    found[(s, e)] = Toponym(s, e, name, source="context")

    def _with_hints(self, text: str, t: Toponym) -> Toponym:
        hint = ""
        # Only the word before ("the village of X") gives a hint, not the word after. Read after the
        # name, "the United States Department of ..." and "Seoul City Hall" gave hints as often as
        # "the Darfur region", and one sense per discourse spread a "Mexico city" to every "Mexico"
        # of an article (bench/geo.py, eighth session: GeoVirus end to end 0.873 -> 0.870).
        before = _WORD_BEFORE.search(text, max(0, t.start - 40), t.start)
        if before and before.group(1).lower() in self._words.before:
            hint = self._words.before[before.group(1).lower()]
        first = t.name.split()[0].lower()
        last = t.name.split()[-1].lower()
        if last in self._words.after and len(t.name.split()) > 1:
            hint = self._words.after[last]  # "Harris County", "Zambezi River"
        elif first in self._words.before and len(t.name.split()) > 1 and first not in ("city",):
            hint = self._words.before[first]  # "Lake Victoria", "Mount Kenya"
        admin: list[str] = []
        paren = self._paren_after(text, t.end)
        if paren:
            admin = [p.strip() for p in paren.group(1).split(",") if p.strip()]
        else:
            comma = _comma_context(text, t.end)
            if comma:
                admin = [comma.group(1).strip()]
        in_y = re.match(
            r",?\s+(?:a|an|the)\s+(?:small\s+|remote\s+)?(?:village|town|city|district|suburb)\s+(?:in|of|near)\s+("
            + _NAME
            + ")",
            text[t.end : t.end + 120],
        )
        if in_y:
            admin.append(in_y.group(1))
        offset = _OFFSET.search(text, max(0, t.start - 60), t.start)
        return replace(
            t,
            hint=hint,
            admin=tuple(self._expand_state(a) for a in admin),
            offset=" ".join(offset.group(1).split()) if offset else t.offset,
        )

    def _expand_state(self, name: str, *, postal: bool = True) -> str:
        """ "La." -> Louisiana; a bare postal code ("LA") only where it stands as a town's context."""
        squeezed = name.replace(" ", "")
        for key in (name, squeezed, name.rstrip(".") + "."):
            if key in self._words.states and (postal or "." in key):
                return self._words.states[key][0]
        return name

    def _core_name(self, name: str) -> str | None:
        """The known place inside an unknown name: "Manila Cathedral" -> Manila, "West Surrey" -> Surrey."""
        words = name.split()
        while words and words[0].lower() in self._words.directions:
            words = words[1:]
        while len(words) > 1 and self._words.after.get(words[-1].lower()) in (
            "site",
            "water",
            "relief",
            "admin",
            "area",
        ):
            words = words[:-1]
        while len(words) > 1 and self._words.before.get(words[0].lower()) in ("site", "water", "relief"):
            words = words[1:]
        core = " ".join(words)
        if not core or core == name or not self.gazetteer.entries_for(core):
            return None
        return core

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


_LIST_GOES_ON = re.compile(r"\.?(?:\s*,\s*|\s+(?:and|or|&)\s+)(?:the\s+)?[A-Z]")


def _comma_context(text: str, end: int) -> re.Match[str] | None:
    """ ", La." / ", Mali" after a name: its admin area or country, unless the names form a list
    ("Texas, Oklahoma and Kansas")."""
    m = _ADMIN_COMMA.match(text, end)
    if m is None or _LIST_GOES_ON.match(text, m.end()):
        return None
    return m


def _trim(text: str, start: int, end: int, keep: Mapping[str, object] | None = None) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive or full stop from a name's span (not the dot of an
    abbreviation in ``keep``, such as "Fla.")."""
    s = text[start:end]
    if s.lower().startswith("the "):
        start += 4
    s = text[start:end]
    for tail in ("'s", "’s"):
        if s.endswith(tail):
            end -= 2
            s = text[start:end]
    while end > start and text[end - 1] in ".,;:-'’":
        if text[end - 1] == "." and (
            (keep is not None and text[start:end] in keep) or re.fullmatch(r"(?:[A-Z]\.)+", text[start:end])
        ):
            break  # "Fla.", "W.Va.", "D.C.": an abbreviation keeps its dot
        end -= 1
    return start, end


def _inside(start: int, end: int, found: Mapping[tuple[int, int], Toponym]) -> bool:
    return any(s < end and start < e for s, e in found)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].strip()
    return not before or before[-1] in '.!?"“'


def _drop_nested(tops: Sequence[Toponym]) -> list[Toponym]:
    out: list[Toponym] = []
    for t in sorted(tops, key=lambda t: (t.start, -(t.end - t.start))):
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return out
