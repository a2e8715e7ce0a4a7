"""The console's world map: country outlines shipped as a small data file, drawn as inline SVG.

The outlines are Natural Earth's 1:110m countries (public domain), taken at build time from the npm
package ``world-atlas`` (TopoJSON; ISC licence) by ``make map``, which runs this module::

    python -m newsfuse.web.geo countries-110m.json src/newsfuse/web/static/world-110m.json

The file holds one SVG path per country, pre-projected (equirectangular: x = longitude, y = minus
latitude, in tenths of a degree, integers), so the server draws a map without any geometry library
and the page needs no script or tile server. Without the file the pages say the map is not installed.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["MAP_FILE", "Marker", "MapView", "WorldMap", "build_world", "load_world", "map_view"]

MAP_FILE = Path(__file__).resolve().parent / "static" / "world-110m.json"
# Tenths of a degree: the 1:110m outlines are simplified far beyond that, and integers keep the file small.
_SCALE = 10
# The whole-world view leaves out Antarctica and the high Arctic, where no news event has been placed.
_WORLD = (-180.0, -60.0, 180.0, 84.0)  # west, south, east, north
# The zoomed view never spans less than this many degrees of longitude (a city-sized box shows no context).
_MIN_SPAN = 24.0
_ASPECT = 2.0  # width / height of every map box, so the figure keeps one shape


@dataclass(frozen=True, slots=True)
class Country:
    iso: str  # ISO 3166-1 alpha-3, or "" for areas without one (N. Cyprus, Somaliland, Kosovo)
    name: str
    d: str  # SVG path data in map units


@dataclass(frozen=True, slots=True)
class WorldMap:
    source: str
    countries: tuple[Country, ...]


@dataclass(frozen=True, slots=True)
class Marker:
    """One place to pin: ``label`` is its tooltip and list text, ``ref`` an anchor it links to."""

    lat: float
    lon: float
    label: str
    ref: str = ""
    name: str = ""  # a short name written beside the pin


@dataclass(frozen=True, slots=True)
class Pin:
    x: float
    y: float
    label: str
    ref: str
    name: str
    name_left: bool = False  # near the right edge: write the name on the pin's left


@dataclass(frozen=True, slots=True)
class MapView:
    """What the map template draws: a view box (map units), the countries, the pins."""

    view_box: str
    countries: tuple[Country, ...]
    highlight: frozenset[str]
    pins: tuple[Pin, ...]
    radius: float
    font: float  # label size in map units (the map scales with the page)
    source: str


def load_world(path: Path = MAP_FILE) -> WorldMap | None:
    """The outlines from the data file, or None when ``make map`` has not installed it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return WorldMap(
        source=str(data.get("source", "")),
        countries=tuple(Country(c["iso"], c["name"], c["d"]) for c in data["countries"]),
    )


def _box(markers: Sequence[Marker]) -> tuple[float, float, float, float]:
    """West, south, east, north of the view: the world, or the markers' extent with a margin."""
    if not markers:
        return _WORLD
    west, east = min(m.lon for m in markers), max(m.lon for m in markers)
    south, north = min(m.lat for m in markers), max(m.lat for m in markers)
    span = max((east - west) * 1.4, (north - south) * 1.4 * _ASPECT, _MIN_SPAN)
    if span >= _WORLD[2] - _WORLD[0]:
        return _WORLD
    cx, cy = (west + east) / 2, (south + north) / 2
    half_w, half_h = span / 2, span / _ASPECT / 2
    cx = min(max(cx, -180 + half_w), 180 - half_w)
    cy = min(max(cy, -90 + half_h), 90 - half_h)
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def map_view(world: WorldMap, markers: Iterable[Marker], highlight: Iterable[str] = ()) -> MapView:
    """The view of ``world`` that frames ``markers`` (all of it when there are none)."""
    pins = [m for m in markers if math.isfinite(m.lat) and math.isfinite(m.lon)]
    west, south, east, north = _box(pins)
    width = (east - west) * _SCALE
    return MapView(
        view_box=f"{west * _SCALE:.0f} {-north * _SCALE:.0f} {width:.0f} {(north - south) * _SCALE:.0f}",
        countries=world.countries,
        highlight=frozenset(highlight),
        pins=tuple(
            Pin(m.lon * _SCALE, -m.lat * _SCALE, m.label, m.ref, m.name, m.lon > west + 0.75 * (east - west))
            for m in pins
        ),
        radius=width / 140,
        font=width / 55,
        source=world.source,
    )


# -- build step (make map) ------------------------------------------------------------------------


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as lon/lat points (they are delta-encoded and quantized in the file)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[int, int]]:
    """One closed ring in map units; a negative index means arc ~i reversed (TopoJSON's rule)."""
    points: list[tuple[int, int]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        for lon, lat in arc[1:] if points else arc:
            p = (round(lon * _SCALE), round(-lat * _SCALE))
            if not points or p != points[-1]:
                points.append(p)
    return points


def _unwrap(ring: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """A ring cut at the antimeridian (Fiji, Chukotka) made continuous, drawn once on each side.

    Its cut edge would otherwise run the width of the map as a thin line across the world."""
    full = 360 * _SCALE
    out = [ring[0]]
    for x, y in ring[1:]:
        prev = out[-1][0]
        while x - prev > full / 2:
            x -= full
        while prev - x > full / 2:
            x += full
        out.append((x, y))
    if out == ring:
        return [ring]
    west, east = min(x for x, _ in out), max(x for x, _ in out)
    rings = [out]
    if east > full / 2:
        rings.append([(x - full, y) for x, y in out])
    if west < -full / 2:
        rings.append([(x + full, y) for x, y in out])
    return rings


def _path(rings: Iterable[list[tuple[int, int]]]) -> str:
    """Rings as compact SVG path data: an absolute move, then relative lines."""
    parts = []
    for ring in rings:
        if len(ring) > 1 and ring[-1] == ring[0]:
            ring = ring[:-1]  # "z" closes it
        if len(ring) < 3:
            continue
        x, y = ring[0]
        steps = []
        for px, py in ring[1:]:
            steps.append(f"{px - x} {py - y}")
            x, y = px, py
        parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


def _alpha3(numeric: str | None) -> str:
    import pycountry

    if not numeric:
        return ""
    found = pycountry.countries.get(numeric=numeric.zfill(3))
    return str(found.alpha_3) if found else ""


def build_world(topojson: Path, out: Path) -> int:
    """Convert world-atlas' ``countries-110m.json`` into the console's map file; return its size."""
    topology = json.loads(topojson.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry.get("type", ""), []
        )
        d = _path(part for polygon in polygons for ring in polygon for part in _unwrap(_ring(arcs, ring)))
        if d:
            name = geometry.get("properties", {}).get("name", "")
            countries.append({"iso": _alpha3(geometry.get("id")), "name": name, "d": d})
    data = {
        "source": "Natural Earth 1:110m countries (public domain), via the npm package world-atlas 2.0.2",
        "scale": _SCALE,
        "countries": countries,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text + "\n", encoding="utf-8")
    return out.stat().st_size


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m newsfuse.web.geo COUNTRIES_110M_JSON OUT_JSON", file=sys.stderr)
        return 2
    size = build_world(Path(argv[0]), Path(argv[1]))
    print(f"wrote {argv[1]} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
