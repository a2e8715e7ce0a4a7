"""Figures of the story page, computed from its events: the event timeline and the map's pins.

Pure functions over records; the templates draw what they return.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsfuse.models import Event
from newsfuse.web.geo import Marker

__all__ = ["EventTimeline", "event_markers", "event_countries", "event_timeline"]

_WIDTH = 760
_MARGIN = 48
_STACK = 16  # vertical gap between events on one date
_LABEL_GAP = 76  # minimum distance between two date labels, in pixels


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    anchor: str  # the event's id in the list below the figure
    label: str
    background: bool
    precision: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class EventTimeline:
    width: int
    height: int
    axis_y: float
    dots: tuple[Dot, ...]
    ticks: tuple[Tick, ...]
    undated: int


def _day(value: str) -> int:
    """A date of any precision as a day number (the start of its month or year)."""
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1).toordinal()


def event_timeline(events: Sequence[Event], anchors: Sequence[str], width: int = _WIDTH) -> EventTimeline:
    """Events on a date axis whose long gaps are compressed (log of the days between dates), so a
    background event years earlier does not squeeze the days the story is about into one point."""
    dated = [(e, a) for e, a in zip(events, anchors, strict=True) if e.when.value]
    days = sorted({_day(e.when.value or "") for e, _ in dated})
    position: dict[int, float] = {}
    at = 0.0
    for i, d in enumerate(days):
        at += math.log1p(d - days[i - 1]) if i else 0.0
        position[d] = at
    span = at or 1.0
    usable = width - 2 * _MARGIN

    def x_of(d: int) -> float:
        return _MARGIN + (usable * position[d] / span if len(days) > 1 else usable / 2)

    stacks: dict[int, int] = {}
    for e, _ in dated:
        d = _day(e.when.value or "")
        stacks[d] = stacks.get(d, 0) + 1
    tallest = max(stacks.values(), default=1)
    axis_y = 24 + tallest * _STACK
    dots, seen = [], dict.fromkeys(stacks, 0)
    for e, anchor in dated:
        d = _day(e.when.value or "")
        label = f"{e.when.value} · {e.type}" + (f": {e.summary}" if e.summary else "")
        dots.append(
            Dot(x_of(d), axis_y - 12 - seen[d] * _STACK, anchor, label, e.background, e.when.precision or "")
        )
        seen[d] += 1
    ticks, last = [], -1e9
    values: dict[int, str] = {}
    for e, _ in dated:
        values.setdefault(_day(e.when.value or ""), e.when.value or "")
    for d in days:
        x = x_of(d)
        if x - last >= _LABEL_GAP:
            ticks.append(Tick(x, values[d]))
            last = x
    return EventTimeline(
        width=width,
        height=int(axis_y + 30),
        axis_y=axis_y,
        dots=tuple(dots),
        ticks=tuple(ticks),
        undated=len(events) - len(dated),
    )


def event_markers(events: Sequence[Event], anchors: Sequence[str]) -> list[Marker]:
    """One pin per place with coordinates; events at the same place share it."""
    places: dict[tuple[float, float], list[tuple[Event, str]]] = {}
    for e, anchor in zip(events, anchors, strict=True):
        if e.where is not None and e.where.lat is not None and e.where.lon is not None:
            places.setdefault((round(e.where.lat, 3), round(e.where.lon, 3)), []).append((e, anchor))
    markers = []
    for (lat, lon), found in places.items():
        where = found[0][0].where
        assert where is not None
        name = f"{where.name} ({where.country})" if where.country else where.name
        types = ", ".join(dict.fromkeys(e.type for e, _ in found))
        count = f"{len(found)} event{'s' if len(found) > 1 else ''}"
        markers.append(Marker(lat, lon, f"{name}: {count} — {types}", found[0][1], where.name))
    return markers


def event_countries(events: Sequence[Event]) -> set[str]:
    """Countries where events took place or whose actors took part, to shade on the map."""
    found = set()
    for e in events:
        if e.where is not None and e.where.country:
            found.add(e.where.country)
        found.update(a.country for a in (*e.actors, *e.recipients) if a.country)
    return found
