"""The geography-and-day gate of story clustering (issue #13): where and when a lead says its event is.

One-paragraph reports written in one house style ("On 5 May 2020, protesters gathered in Sori
(Gogounou, Alibori) to ...") share most of their words, so TF-IDF lumps reports from many countries
and days into one story: the few names that tell them apart weigh less than the shared template. The
gate keeps such items apart whatever their similarity: a story never takes an item, and two stories
never fuse, when their leads clearly disagree on where or when.

*The lead* is the title and the first sentences of the text (``StorySettings.gate_lead_chars``),
dateline included. Only the lead is read: full articles about one international story name many
countries further down, and the event's place and day are stated early.

*Places*: capitalised runs of the lead, read with a place resolver (the gazetteer; answers cached per
reader). A run naming a country (name, adjective, demonym, capital: ``country_of``) is read wherever
it stands; other runs are looked up (``lookup``) only behind a locative cue ("in", "at", "near", "the
town of", the dateline, a list or parenthesis continuing a cued name: "in Sori (Gogounou, Alibori)",
or a name with such a parenthesis): GeoNames holds towns called Police, On and May. A town read
through an alternate name unlike its own ("Google" -> Topeka, "Kandi" -> Kandy) is not taken.
The lead *places* its event in a country when it names the country behind a cue or in the dateline,
or names two places there, one behind a cue. A country named elsewhere is an actor ("Japan says
Bitcoin is not a currency") and one small town alone may be a homonym: both only widen the set of
countries the lead is compatible with (``Lead.maybe``).

*Days*: day-precision dates the lead states behind "on" ("On 5 May 2020", "on May 5, 2020", "on
2020-05-05"; "on May 5" read against the publication date), weekdays ("on Tuesday": the last or the
next Tuesday from the publication date, both kept since the tense is not read) and "yesterday". The
publication date is only an anchor, never itself the event day; dates in the dateline or on a
"Published: ..." line are skipped.

*Clearly incompatible* (:meth:`LeadReader.conflict`; a story's lead is the union of its members'
places, and the days its first dated member stated):

* country: both place their event in a country, the countries either could be in are disjoint, and
  neither lead has all its places named by the other too or lying in the other's countries when
  looked up with them as context (the US state "Georgia"; "Springfield (Mandeville)" has both towns
  in Jamaica, "Springfield (Chicago)" does not). Unread places never block.
* day (short reports only: both under ``StorySettings.gate_brief_words`` words; for a story, all its
  members): both state days and none lies within ``StorySettings.gate_day_tolerance`` of the other's.
  A full article's lead states the day of the latest development, and a story runs for days.
* town (short reports that both state a day): the event towns (the first cued town of each lead)
  lie in one country farther apart than ``StorySettings.gate_town_km`` and neither lead names the
  other's town. In full articles the first town named is too often not the event's (a birthplace,
  where a prisoner was being taken).

>>> from newsfuse.models import Place
>>> class Places:  # a resolver: anything with these two methods (the gazetteer is one)
...     towns = {"kandy": Place("Kandy", "LKA", 7.29, 80.63), "cotonou": Place("Cotonou", "BEN", 6.37, 2.42)}
...     def lookup(self, name, context_countries=()):
...         return self.towns.get(name.lower())
...     def country_of(self, name):
...         return {"benin": "BEN", "sri lanka": "LKA"}.get(name.lower())
>>> reader = LeadReader(Places(), StorySettings())
>>> def lead(text):
...     return reader.read(None, text, When.unknown("undated"))
>>> a = lead("On 5 May 2020, protesters gathered in Cotonou, Benin, to demand pay.")
>>> b = lead("On 5 May 2020, protesters gathered in Kandy, Sri Lanka, to demand pay.")
>>> sorted(a.countries), reader.conflict(a, b)
(['BEN'], 'country')
>>> reader.conflict(a, lead("On 9 May 2020, protesters gathered in Cotonou, Benin, to demand pay."))
'day'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from newsfuse.models import Place, When
from newsfuse.settings import StorySettings

__all__ = ["Lead", "LeadReader", "PlaceResolver", "Town"]


class PlaceResolver(Protocol):
    """What the gate needs from a gazetteer (``newsfuse.extract.places.Gazetteer`` is one)."""

    def lookup(self, name: str, context_countries: Sequence[str] = ()) -> Place | None: ...

    def country_of(self, name: str) -> str | None: ...


class Town(NamedTuple):
    name: str  # folded (``_fold``)
    country: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Lead:
    """Where and when a lead (or, merged, a story's leads) says the event is. Empty = says nothing.

    A story's places are the union of its members' (a story grows lenient as it grows); its days are
    those its first dated member stated (a union would let a story drift a day at a time: 5 May,
    then 6 May, then 7 May)."""

    countries: frozenset[str] = frozenset()  # where the lead places its event (see the module doc)
    maybe: frozenset[str] = frozenset()  # every country the lead names or a place of it was read in
    names: frozenset[str] = frozenset()  # place names found (folded: ``_fold``), countries' included
    towns: tuple[Town, ...] = ()  # the event town of each member (first cued town of its lead)
    days: frozenset[int] = frozenset()  # day ordinals (a weekday gives two: the last and the next)
    brief: bool = False  # a short report (under ``StorySettings.gate_brief_words`` words); a story: all
    # names placed by the admin areas written beside them ("Gao (Gao, Gao)"): never read elsewhere
    fixed: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.countries or self.days)

    def merged(self, other: Lead) -> Lead:
        """This story's lead grown by a member's (or an absorbed story's) lead."""
        towns = self.towns + tuple(t for t in other.towns if t not in self.towns)
        return Lead(
            countries=self.countries | other.countries,
            maybe=self.maybe | other.maybe,
            names=self.names | other.names if len(self.names) < _MAX_NAMES else self.names,
            towns=towns[:_MAX_TOWNS],
            days=self.days or other.days,
            brief=self.brief and other.brief,
            fixed=self.fixed | other.fixed if len(self.fixed) < _MAX_NAMES else self.fixed,
        )

    def to_state(self) -> dict[str, Any]:
        return {
            "c": sorted(self.countries),
            "m": sorted(self.maybe),
            "n": sorted(self.names),
            "t": [list(t) for t in self.towns],
            "d": sorted(self.days),
            "b": self.brief,
            **({"f": sorted(self.fixed)} if self.fixed else {}),
        }

    @classmethod
    def from_state(cls, r: dict[str, Any]) -> Lead:
        return cls(
            countries=frozenset(r.get("c", ())),
            maybe=frozenset(r.get("m", ())),
            names=frozenset(r.get("n", ())),
            towns=tuple(Town(str(n), str(c), float(la), float(lo)) for n, c, la, lo in r.get("t", ())),
            days=frozenset(r.get("d", ())),
            brief=bool(r.get("b", False)),
            fixed=frozenset(r.get("f", ())),
        )


# A story keeps at most this many place names and event towns.
_MAX_NAMES, _MAX_TOWNS = 48, 24
_CACHE = 32768  # resolver answers kept per index (LRU): names repeat across a stream

# Words that introduce a place ("in Kandy", "the town of Sori", "in far-western Nepal").
_CUE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|across|inside|off|through|into)|\b(?:town|city|village|"
    r"district|province|region|state|county|municipality|commune|department|governorate|prefecture|"
    r"island|suburb|capital)s?\s+of)\s+(?:the\s+)?(?:(?:far-?)?(?:north|south|east|west|central|centre|"
    r"center)[\w-]*\s+){0,2}$",
    re.I,
)
# A capitalised word ("U.S.", "Porto-Novo", "N'Djamena") and a run of them, with particles inside
# place names ("Rio de Janeiro", "Ciudad del Este", "Democratic Republic of Congo").
_UPPER = re.escape("".join(c for c in map(chr, range(0x250)) if c.isupper()))
_CAPW = rf"[{_UPPER}][\w'’]*(?:[.-][\w'’]+)*\.?"
_PARTICLES = "de|del|da|do|dos|das|di|du|e|la|le|el|al|van|von|of"
_RUN = re.compile(rf"(?<![\w'’.-]){_CAPW}(?:[ \t]+(?:(?:{_PARTICLES})[ \t]+)?{_CAPW})*")
_CAP_WORD = re.compile(rf"(?<![\w'’.-]){_CAPW}")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A run splits after "Kandy." (a sentence ends) but not after "St." or the "S." of "U.S.".
_SENT_DOT = re.compile(r"(?<=\.)(?<!\b[A-Z]\.)(?<!\bSt\.)(?<!\bMt\.)(?<!\bFt\.)\s+")
# Leading words dropped from a run ("President Talon", "The Hague" is kept: the resolver folds "the").
_LEADING_WORDS = (
    "a an this that these those his her its their our mr mrs ms dr president minister governor mayor"
)
_LEADING = frozenset(_LEADING_WORDS.split())
# Capitalised words that are not places even behind a cue, though GeoNames has towns of the name
# ("in Congress", "at Christmas", "in May"); months and weekdays are dates.
_NOT_PLACE_WORDS = """
    the a an this that these those he she it they we i his her its their our mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    congress court christmas easter ramadan hospital university college school church mosque parliament
    senate police government army ministry office house center centre hall square street road avenue
    airport station port bridge park stadium market gulf bay sea ocean lake river mount valley coast
    border city town village county district province region state island north south east west
    central northern southern eastern western upper lower new old greater president minister governor
    mayor general king queen prince reuters afp ap upi"""
_NOT_PLACES = frozenset(_NOT_PLACE_WORDS.split())
# Generic words ending a place name: "Hualien County" is looked up as "Hualien" when whole fails.
_GENERIC_WORDS = (
    "county district province region state department prefecture governorate municipality commune "
    "division oblast village town city area"
)
_GENERIC = frozenset(_GENERIC_WORDS.split())
# A parenthesis of capitalised names right after a run: "(Gogounou, Alibori)", "(Littoral)".
_PAREN = re.compile(rf"\s*\(\s*[{_UPPER}][^(),;:]*(?:,\s*[{_UPPER}][^(),;:]*)*\)")
_DATELINE = re.compile(r"\s(?:—|–|--|-)\s")

_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES.split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:,?\s+((?:19|20)\d\d)(?!\d))?"
_DMY = re.compile(rf"(?<![\d.,]){_DAY}(?:\s+of)?\s+{_MON}{_YEAR}")
_MDY = re.compile(rf"\b{_MON}\s+{_DAY}{_YEAR}")
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(?:(last|next|this)\s+)?(" + "|".join(_WEEKDAYS) + r")\b")
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
# "On 5 May 2020": a date is the event's day behind "on"; also "on the night of 5-6 May", "on or
# around 12 June", "overnight on 4 May" (the second day of a night: within the day tolerance)
_ON = re.compile(
    r"(?:\b[Oo]n\s+(?:the\s+)?(?:(?:night|evening|morning|afternoon)\s+of\s+(?:the\s+)?)?"
    r"|\b[Oo]n\s+or\s+(?:around|about)\s+)(?:\d{1,2}(?:st|nd|rd|th)?\s*[-–/]\s*)?$"
)
_ON_REACH = 40  # characters before a date searched for its cue
_STAMP = re.compile(r"\b(?:published|updated|posted|last modified)\b", re.I)
_SENT_END = re.compile(r"[.!?](?=\s+[\"“'‘(]?[A-Z0-9])|\n")


class _Mention(NamedTuple):
    name: str  # as the lead spells it
    country: str
    place: Place | None  # None: a country named (or its adjective, capital ...)
    in_dateline: bool
    cued: bool  # behind a locative cue or in the dateline: where the event is, not who acts
    # its admin areas written beside it as the gazetteer has them: "Kandy (Kandy, Central)" is the
    # Sri Lankan town, in Central Province; one such name places the event as a country named would
    situated: bool = False


class LeadReader:
    """Reads leads with a place resolver (answers cached, per reader) and judges two leads' fit."""

    def __init__(self, places: PlaceResolver, settings: StorySettings) -> None:
        self.settings = settings
        self._country_of = functools.lru_cache(maxsize=_CACHE)(places.country_of)
        self._lookup = functools.lru_cache(maxsize=_CACHE)(places.lookup)

    # ----------------------------------------------------------------- reading

    def read(self, title: str | None, text: str, published: When) -> Lead:
        """What the lead of one item says about where and when."""
        dateline, body = _split_dateline(text.strip())
        lines = [ln for ln in (title or "").splitlines() if ln.strip()]
        lines += _lead_lines(body, self.settings.gate_lead_chars)
        found: list[_Mention] = []
        if dateline:
            found += self._mentions(dateline, True, in_dateline=True)
        for line in lines:
            found += self._mentions(line, False, in_dateline=False)
        found = self._settle(found)
        confident = _confident(found)
        towns = [
            Town(_fold(m.name), m.country, m.place.lat, m.place.lon)
            for m in found
            if m.place is not None
            and m.country in confident
            and not m.in_dateline
            and m.place.kind == "city"
            and m.place.lat is not None
            and m.place.lon is not None
        ]
        votes: dict[str, int] = {}
        for m in found:
            votes[m.country] = votes.get(m.country, 0) + 1
        towns.sort(key=lambda t: -votes[t.country])  # stable: the first town in the best-named country
        anchor = _anchor(published)
        days: set[int] = set()
        for line in lines:
            days |= _days(line, anchor)
        return Lead(
            confident,
            frozenset(m.country for m in found),
            frozenset(_fold(m.name) for m in found),
            tuple(towns[:1]),
            frozenset(sorted(days)[:8]),
            len(text.split(maxsplit=self.settings.gate_brief_words)) < self.settings.gate_brief_words,
            frozenset(_fold(m.name) for m in found if m.situated),
        )

    def _mentions(self, line: str, cued_line: bool, in_dateline: bool) -> list[_Mention]:
        out: list[_Mention] = []
        for name, cued, beside in _runs(line, cued_line):
            # "Democratic Republic of Congo" whole; "President of Benin Patrice Talon" by its parts
            for part in [name] + (name.split(" of ") if " of " in name else []):
                country = self._country_of(part)
                if country is not None:
                    out.append(_Mention(part, country, None, in_dateline, cued))
                    break
                read = self._read_place(part) if cued else None
                situated = read is not None and _situated(read[0], beside)
                if cued and beside and not situated:
                    # "Kandi (Kandi, Alibori)": read again in the country of the areas written beside
                    # it (Kandi in Benin, not Kandy in Sri Lanka through an alternate name)
                    context = self._countries_of_areas(beside)
                    again = self._read_place(part, context) if context else None
                    if again is not None and _situated(again[0], beside):
                        read, situated = again, True
                if read is not None:
                    place = read[0]
                    out.append(_Mention(read[1], place.country or "", place, in_dateline, True, situated))
                    break
        return out

    def _countries_of_areas(self, names: Sequence[str]) -> tuple[str, ...]:
        """The countries that names written as admin context name or hold (areas, not towns)."""
        found: set[str] = set()
        for name in names:
            country = self._country_of(name)
            if country is None:
                area = self._lookup(name, ())
                if area is not None and area.kind in ("adm1", "adm2") and area.country:
                    country = area.country
            if country is not None:
                found.add(country)
        return tuple(sorted(found))

    def _read_place(self, name: str, context: tuple[str, ...] = ()) -> tuple[Place, str] | None:
        """The place a cued run names (whole, else without a generic last word), if credible."""
        words = name.split()
        tries = [name]
        if len(words) > 1 and words[-1].lower() in _GENERIC:
            tries.append(" ".join(words[:-1]))
        for cand in tries:
            if cand.lower() in _NOT_PLACES:
                continue
            place = self._lookup(cand, context)
            if place is not None and place.country and _credible(cand, place):
                return place, cand
        return None

    def _settle(self, found: list[_Mention]) -> list[_Mention]:
        """Read towns again in the lead's own country, the one it names ("Springfield, Jamaica") or
        else the one most of its places are in: "Sori" first read in Iran is the Benin village when
        the report's other places are all in Benin (when the gazetteer knows one)."""
        named = {m.country for m in found if m.place is None and m.cued}
        votes: dict[str, int] = {}
        for m in found:
            votes[m.country] = votes.get(m.country, 0) + 1
        ranked = sorted(votes.values(), reverse=True)
        if len(named) == 1:
            top = next(iter(named))
        elif ranked and ranked[0] >= 2 and (len(ranked) == 1 or ranked[1] < ranked[0]):
            top = max(votes, key=lambda c: votes[c])
        else:
            return found
        out = []
        for m in found:
            if m.place is not None and m.country != top and not m.situated:
                again = self._read_place(m.name, (top,))
                if again is not None and again[0].country == top:
                    m = _Mention(again[1], top, again[0], m.in_dateline, True)
            out.append(m)
        return out

    # ----------------------------------------------------------------- judging

    def conflict(self, a: Lead, b: Lead) -> str | None:
        """Why ``a`` and ``b`` cannot be one event ("country", "day", "town"), or None when they may be."""
        if a.countries and b.countries and not (a.maybe & b.maybe) and not self._related(a, b):
            return "country"
        if not (a.brief and b.brief):
            # A full article's lead states the latest development's day (a story runs for days), and
            # its first town may be a birthplace or where a prisoner was being taken.
            return None
        if a.days and b.days:
            tol = self.settings.gate_day_tolerance
            if all(abs(x - y) > tol for x in a.days for y in b.days):
                return "day"
            km = self.settings.gate_town_km
            shared = any(t.name in b.names for t in a.towns) or any(t.name in a.names for t in b.towns)
            if km > 0 and a.towns and b.towns and not shared and _apart(a.towns, b.towns, km):
                return "town"
        return None

    def joined(self, story: Lead | None, item: Lead) -> Lead:
        """The story's lead once ``item`` joined it. An item let in only because its places can be
        read in the story's countries keeps its names and days but not its first reading (Springfield
        read in the USA must not let American reports into a Jamaican story)."""
        if story is None:
            return item
        if story.countries and item.countries and not (story.maybe & item.maybe):
            item = Lead(names=item.names, days=item.days, brief=item.brief)
        return story.merged(item)

    def _related(self, a: Lead, b: Lead) -> bool:
        """Every place of one lead is named by the other too, or lies in the other's countries when
        looked up with them as context: "Georgia" in a story about the USA, "Springfield (Mandeville)"
        in one about Jamaica. Every place, not one: "Springfield (Chicago)" is not Jamaican, and
        GeoNames has a village of almost any name somewhere in Russia."""
        return self._reads_into(a, b) or self._reads_into(b, a)

    def _reads_into(self, lead: Lead, other: Lead) -> bool:
        context = tuple(sorted(other.countries))[:8]
        seen = 0
        for name in sorted(lead.names)[:_MAX_NAMES]:
            if len(name) < 3 or name in _NOT_PLACES:
                continue
            seen += 1
            if name in other.names:
                continue
            if name in lead.fixed:
                return False  # "Gao (Gao, Gao)" is the Malian town, whatever Gao Burkina Faso has
            place = self._lookup(name, context)
            if place is None or place.country not in other.countries or not _credible(name, place):
                return False
        return seen > 0


def _confident(found: Sequence[_Mention]) -> frozenset[str]:
    """Countries the lead places its event in: a country (or its capital ...) behind a locative cue or
    in the dateline, or two names or more agreeing on a country, one of them cued. A country named
    elsewhere is an actor ("Japan says Bitcoin is not a currency", "weak China data"), and one small
    town alone may be a homonym the gazetteer has elsewhere (Chainpur in Nepal is not in GeoNames'
    cities500; Chainpur in India is)."""
    names: dict[str, set[str]] = {}
    cued: set[str] = set()
    out = set()
    for m in found:
        names.setdefault(m.country, set()).add(_fold(m.name))
        if m.cued:
            cued.add(m.country)
            if m.place is None or m.situated:
                out.add(m.country)
    out.update(c for c in cued if len(names[c]) >= 2)
    return frozenset(out)


def _situated(place: Place, beside: Sequence[str]) -> bool:
    """A name of the parenthesis written beside a place is one of the admin areas the gazetteer has
    it in, give or take a generic word: "Kandy (Kandy, Central)" and Central Province, "Cotonou
    (Littoral)", "Sargodha (Sargodha, Punjab)". A homonym elsewhere would not be in those areas."""
    if not beside or not place.admin:
        return False
    areas = {_core(a) for a in place.admin}
    return any(_core(n) in areas for n in beside)


def _core(name: str) -> str:
    """A folded area name without a generic last word: "Central Province" is "central"."""
    words = _fold(name).split()
    if len(words) > 1 and words[-1] in _GENERIC:
        words = words[:-1]
    return " ".join(words)


def _credible(name: str, place: Place) -> bool:
    """A town read through an alternate name must be its own name give or take a word: "Hualien" for
    Hualien City, not "Google" for Topeka, "City" for Oakville or "Kandi" (Benin) for Kandy (GeoNames'
    alternate names)."""
    if place.kind != "city":
        return True
    a, b = _fold(name), _fold(place.name)
    return a == b or b.startswith(a + " ") or a.startswith(b + " ")


def _fold(s: str) -> str:
    """Case, accents, dots and hyphens folded: "Djenné" is "Djenne", "Porto-Novo" "Porto Novo"."""
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    return " ".join(s.casefold().replace(".", "").replace("-", " ").split())


def _apart(a: Sequence[Town], b: Sequence[Town], km: float) -> bool:
    """Every pair of event towns in one country lies farther apart than ``km`` (and none is shared)."""
    pairs = [(x, y) for x in a for y in b if x.country == y.country]
    if not pairs:
        return False
    return all(x.name != y.name and _km(x, y) > km for x, y in pairs)


def _km(x: Town, y: Town) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (x.lat, x.lon, y.lat, y.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# --------------------------------------------------------------------- text


def _split_dateline(text: str) -> tuple[str, str]:
    """("KANDY, Sri Lanka (AP)", rest) when the text opens with a dateline, else ("", text)."""
    m = _DATELINE.search(text[:100])
    if m is None:
        return "", text
    head = text[: m.start()]
    words = head.split()
    if not words or len(words) > 8 or "\n" in head or not words[0][0].isupper():
        return "", text
    # A dateline is names, a date and an agency: no run of lowercase words (a sentence has them).
    lower = [w for w in words if w[0].islower() and w.strip("().,").lower() not in _PARTICLES]
    if len(lower) > 1:
        return "", text
    return head, text[m.end() :]


def _lead_lines(text: str, max_chars: int) -> list[str]:
    """The first sentences of the text up to ``max_chars`` (at least the first), one per line."""
    out: list[str] = []
    used = 0
    pos = 0
    while pos < len(text) and used < max_chars:
        m = _SENT_END.search(text, pos)
        end = m.end() if m else len(text)
        sent = text[pos:end].strip()
        pos = end
        if not sent:
            continue
        if used and used + len(sent) > max_chars * 1.5:
            break
        out.append(" ".join(sent.split()))
        used += len(sent)
    return out


def _runs(line: str, cued_line: bool) -> list[tuple[str, bool, tuple[str, ...]]]:
    """Capitalised runs of a line with whether a locative cue introduces them: a cue word before it,
    a list continuing a cued run ("in Kenya and Tanzania", "in Kandy, Central Province"), or a run
    situated by a parenthesis of names, "Sori (Gogounou, Alibori)", the whole group. The third item
    is the names of that parenthesis for the run it follows ("Gogounou", "Alibori"), else empty.

    In a headline written in title case every word is capitalised, so words and adjacent pairs are
    offered singly there (countries are found, towns only behind a cue word). Regular expressions
    do the scanning: the gate reads every article, and a Python loop over every token costs too much."""
    runs: list[tuple[int, int, str, bool]] = []  # start, end, name, cue word before it
    if _title_case(line):
        words = [(m.start(), m.end(), m.group().rstrip(".")) for m in _CAP_WORD.finditer(line)]
        for k, (s, e, w) in enumerate(words):
            cue = _cue_before(line, s)
            if w.lower() not in _NOT_PLACES:
                runs.append((s, e, w, cue))
            if k + 1 < len(words) and not line[e : words[k + 1][0]].strip():
                runs.append((s, words[k + 1][1], f"{w} {words[k + 1][2]}", cue))
        return [(r[2], cued_line or r[3], ()) for r in runs]
    for m in _RUN.finditer(line):
        pos = m.start()
        for piece in _SENT_DOT.split(m.group()):  # "in Kandy. The ..." is two runs, "St. Louis" one
            s = line.find(piece, pos)
            pos = s + len(piece)
            name = _trim(piece.rstrip(".").split())
            if name:
                runs.append((s, pos, name, _cue_before(line, s)))
    cued = [cued_line or r[3] for r in runs]
    beside: list[tuple[str, ...]] = [()] * len(runs)
    for k in range(len(runs)):  # "Sori (Gogounou, Alibori)": the place and its parenthesis
        paren = _PAREN.match(line, runs[k][1])
        if paren is not None:
            inside = [q for q in range(k + 1, len(runs)) if runs[q][1] <= paren.end()]
            for q in [k, *inside] if inside else []:
                cued[q] = True
            names = paren.group().strip().strip("()").split(",")
            beside[k] = tuple(n.strip() for n in names if n.strip())
    for k in range(1, len(runs)):
        if cued[k - 1] and _list_gap(line[runs[k - 1][1] : runs[k][0]]):
            cued[k] = True
    return [(r[2], c, b) for r, c, b in zip(runs, cued, beside, strict=True)]


def _trim(words: list[str]) -> str:
    """The run without leading determiners and titles; nothing for a lone non-place word."""
    while len(words) > 1 and words[0].lower() in _LEADING:
        words = words[1:]
    if len(words) == 1 and words[0].lower() in _NOT_PLACES:
        return ""
    return " ".join(words)


def _cue_before(line: str, start: int) -> bool:
    """A locative cue just before ``start``, over "the" and compass words ("in far-western Nepal")."""
    return _CUE.search(line, max(0, start - 48), start) is not None


def _list_gap(gap: str) -> bool:
    """Only list punctuation between two runs: "Sori (Gogounou, Alibori)", "Kenya and Tanzania"."""
    rest = gap.replace(",", " ").replace("(", " ").replace(")", " ").replace("/", " ").split()
    return len(rest) <= 1 and all(w in ("and", "or") for w in rest)


def _title_case(line: str) -> bool:
    """A headline in title case: most words capitalised and no closing full stop."""
    if line.rstrip().endswith((".", '"', "”")):
        return False
    words = [w for w in _WORD.findall(line) if w.lower() not in _NOT_PLACES]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


# --------------------------------------------------------------------- days


def _anchor(published: When) -> dt.date | None:
    if published.value is None or published.precision != "day":
        return None
    try:
        return dt.date.fromisoformat(published.value)
    except ValueError:
        return None


def _days(line: str, anchor: dt.date | None) -> set[int]:
    """Day ordinals a line states (see the module docstring); none from a publication stamp."""
    if _STAMP.search(line):
        return set()
    found: set[int] = set()
    for rx, order in ((_DMY, "dmy"), (_MDY, "mdy")) if "on " in line or "On " in line else ():
        for m in rx.finditer(line):
            if not _ON.search(line, max(0, m.start() - _ON_REACH), m.start()):
                continue
            day, mon = (m.group(1), m.group(2)) if order == "dmy" else (m.group(2), m.group(1))
            year = int(m.group(3)) if m.group(3) else None
            d = _date(year, _MONTHS[mon.lower().rstrip(".")], int(day), anchor)
            if d is not None:
                found.add(d)
    for m in _ISO.finditer(line) if "on " in line or "On " in line else ():
        if _ON.search(line, max(0, m.start() - _ON_REACH), m.start()):
            d = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)), None)
            if d is not None:
                found.add(d)
    if anchor is not None and "day" in line:  # every weekday's name ends so
        for m in _WEEKDAY.finditer(line):
            back = (anchor.weekday() - _WEEKDAYS.index(m.group(2))) % 7
            last = anchor.toordinal() - back  # the latest such day up to the anchor
            if m.group(1) == "last":
                found.add(last - 7 if back == 0 else last)
            elif m.group(1) == "next":
                found.add(last + 7)
            else:
                found.update((last, last + 7))
        if "esterday" in line and _YESTERDAY.search(line):
            found.add(anchor.toordinal() - 1)
    return found


def _date(year: int | None, month: int, day: int, anchor: dt.date | None) -> int | None:
    """Ordinal of the date; a year-less date takes the year that puts it nearest the anchor."""
    try:
        if year is not None:
            return dt.date(year, month, day).toordinal()
        if anchor is None:
            return None
        best = None
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                o = dt.date(y, month, day).toordinal()
            except ValueError:
                continue
            if best is None or abs(o - anchor.toordinal()) < abs(best - anchor.toordinal()):
                best = o
        return best
    except ValueError:
        return None
