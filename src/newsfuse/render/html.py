"""A brief as one self-contained HTML page (inline CSS and SVG, no external assets).

Stable hooks for browser tests and styling: ``id="lead"``, ``id="timeline"`` (a ``<figure>`` with
an inline SVG and the dated list), ``id="sources"`` (an ``<ol>`` whose items are ``id="src-N"``),
and citations ``<a class="cite" href="#src-N">[N]</a>``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from newsfuse.models import Article, Brief
from newsfuse.render.markdown import Row, brief_view, display_date

__all__ = ["render_html", "timeline_points"]

_WIDTH = 760
_MARGIN = 40


@dataclass(frozen=True, slots=True)
class Point:
    """One timeline entry placed on the SVG axis."""

    x: float
    number: int
    label: str
    precision: str
    background: bool


def _short(value: str | None, precision: str | None) -> str:
    text = display_date(value, precision)
    parts = text.split()
    if precision == "day" and len(parts) == 3:
        return f"{parts[0]} {parts[1][:3]} {parts[2]}"
    if precision == "month" and len(parts) == 2:
        return f"{parts[0][:3]} {parts[1]}"
    return text


def timeline_points(rows: Sequence[Row], width: int = _WIDTH) -> list[Point]:
    """Entries in order, evenly spaced (real gaps span years and days in one story; even spacing
    keeps every label readable, and the labels give the dates)."""
    n = len(rows)
    if n == 0:
        return []
    span = width - 2 * _MARGIN
    return [
        Point(
            x=_MARGIN + (span * i / (n - 1) if n > 1 else span / 2),
            number=i + 1,
            label=_short(r.date, r.precision),
            precision=r.precision or "year",
            background=r.background,
        )
        for i, r in enumerate(rows)
    ]


@functools.cache
def _environment() -> Environment:
    """The Jinja2 environment, built once per process: it caches compiled templates, and compiling
    the brief template costs more than rendering it (read-only after creation: nothing to reset)."""
    env = Environment(
        loader=PackageLoader("newsfuse", "render/templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["display_date"] = lambda row: display_date(row.date, row.precision)
    env.filters["sources_word"] = lambda n: "1 independent source" if n == 1 else f"{n} independent sources"
    return env


def render_html(brief: Brief, articles: Sequence[Article]) -> str:
    """The brief as a readable page: lead, events, facts by theme, disagreements, single-source
    claims, a timeline figure and the numbered source list; each statement links its sources."""
    view = brief_view(brief, articles)
    template = _environment().get_template("brief.html.j2")
    return template.render(
        v=view,
        points=timeline_points(view.timeline),
        width=_WIDTH,
        story_id=brief.story.id,
    )
