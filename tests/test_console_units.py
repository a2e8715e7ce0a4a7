"""The console's parts without a server: map data build and framing, story search, highlights, timeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.models import Actor, Article, Event, Place, Span, Story, When
from newsfuse.store import Store
from newsfuse.web.geo import Marker, build_world, load_world, map_view
from newsfuse.web.queries import Citation, article_marks
from newsfuse.web.search import StoryQuery, build_index, search
from newsfuse.web.views import event_countries, event_markers, event_timeline

# Two squares sharing an edge (arc 1), in TopoJSON's quantized, delta-encoded form: lon = x, lat = y.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    "arcs": [
        [[10, 10], [0, 10], [-10, 0], [0, -10], [10, 0]],  # west square: (10,10) (10,20) (0,20) (0,10)
        [[10, 20], [0, -10]],  # the shared edge, x = 10, drawn downwards
        [[10, 20], [10, 0], [0, -10], [-10, 0]],  # east square: (10,20) (20,20) (20,10) (10,10)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0]], "id": "524", "properties": {"name": "Nepal"}},
                {"type": "MultiPolygon", "arcs": [[[2, -2]]], "properties": {"name": "Somewhere"}},
                {"type": "Point", "coordinates": [0, 0], "id": "356", "properties": {"name": "ignored"}},
            ],
        }
    },
}


def test_map_data_is_built_from_topojson_and_read_back(tmp_path: Path) -> None:
    source = tmp_path / "countries-110m.json"
    source.write_text(json.dumps(TOPOLOGY))
    out = tmp_path / "static" / "world.json"
    assert build_world(source, out) == out.stat().st_size
    world = load_world(out)
    assert world is not None and "Natural Earth" in world.source
    nepal, other = world.countries
    assert (nepal.iso, nepal.name) == ("NPL", "Nepal") and (other.iso, other.name) == ("", "Somewhere")
    # Tenths of a degree, y = minus latitude, one absolute move then relative steps, closed.
    assert nepal.d == "M100-100l0-100-100 0 0 100z"
    # Arc 2, then arc 1 reversed (TopoJSON writes ~1, that is -2), closing the ring.
    assert other.d == "M100-200l100 0 0 100-100 0z"


def test_a_missing_or_broken_map_file_means_no_map(tmp_path: Path) -> None:
    assert load_world(tmp_path / "absent.json") is None
    (tmp_path / "broken.json").write_text("{not json")
    assert load_world(tmp_path / "broken.json") is None


def test_the_map_frames_its_markers(tmp_path: Path) -> None:
    source = tmp_path / "t.json"
    source.write_text(json.dumps(TOPOLOGY))
    build_world(source, tmp_path / "w.json")
    world = load_world(tmp_path / "w.json")
    assert world is not None
    whole = map_view(world, [])
    assert whole.view_box == "-1800 -840 3600 1440" and not whole.pins
    one = map_view(world, [Marker(27.7, 85.3, "Kathmandu", "ev-1", "Kathmandu")], {"NPL"})
    x, y, w, h = (float(v) for v in one.view_box.split())
    assert w == 2 * h and w >= 240  # never narrower than 24 degrees, always 2:1
    pin = one.pins[0]
    assert x < pin.x < x + w and y < pin.y < y + h and one.highlight == {"NPL"}
    spread = map_view(world, [Marker(60, -170, "a"), Marker(-40, 170, "b")])
    assert spread.view_box == whole.view_box  # markers all over the world: the whole world


def _event(eid: str, when: str | None, precision: str | None = "day", **kw: object) -> Event:
    return Event(
        id=eid,
        type=str(kw.get("type", "AGREE")),
        mode=None,
        actors=(Actor("Kenya", "KEN", "GOV", None),),
        recipients=(),
        when=When(when, precision) if when else When.unknown("no date"),
        where=kw.get("where"),  # type: ignore[arg-type]
        article_ids=("a1",),
        independent_sources=1,
        evidence=(),
        summary=f"event {eid}",
    )


def test_event_timeline_orders_dates_and_shortens_long_gaps() -> None:
    events = [
        _event("1", "2015", "year"),
        _event("2", "2026-03-03"),
        _event("3", "2026-03-03"),
        _event("4", "2026-03-05"),
        _event("5", None),
    ]
    t = event_timeline(events, [f"ev-{i}" for i in range(1, 6)])
    assert t.undated == 1 and len(t.dots) == 4
    x = {d.anchor: d.x for d in t.dots}
    assert x["ev-1"] < x["ev-2"] == x["ev-3"] < x["ev-4"]
    assert {d.y for d in t.dots if d.anchor in ("ev-2", "ev-3")} == {t.axis_y - 12, t.axis_y - 12 - 16}
    # Eleven years before the story takes less than eleven hundred times two days' width.
    assert (x["ev-2"] - x["ev-1"]) < 10 * (x["ev-4"] - x["ev-2"])
    assert t.ticks[0].label == "2015" and t.ticks[-1].label == "2026-03-05"


def test_markers_group_events_by_place() -> None:
    nairobi = Place("Nairobi", "KEN", -1.29, 36.82)
    events = [
        _event("1", "2026-03-03", where=nairobi),
        _event("2", "2026-03-03", where=nairobi, type="CONSULT"),
        _event("3", None, where=Place("Somewhere", None, None, None)),
    ]
    (marker,) = event_markers(events, ["ev-1", "ev-2", "ev-3"])
    assert marker.ref == "ev-1" and marker.name == "Nairobi"
    assert marker.label == "Nairobi (KEN): 2 events — AGREE, CONSULT"
    assert event_countries(events) == {"KEN"}


def test_marks_split_text_where_evidence_overlaps() -> None:
    text = "One two three. Four five six. Seven."
    article = Article("a1", "d1", "x", None, None, None, None, "en", When(None), text)
    citations = [
        Citation("E1", "event", "an event", "s1", (Span("a1", 0, 14, text[0:14]),)),
        Citation("F1", "fact", "a fact", "s1", (Span("a1", 4, 29, text[4:29]), Span("b2", 0, 3, "xyz"))),
        Citation("F2", "fact", "out of range", "s1", (Span("a1", 30, 99, ""),)),
    ]
    marks = article_marks(article, citations)
    assert "".join(m.text for m in marks) == text
    assert [(m.text, m.refs) for m in marks] == [
        ("One ", ("E1",)),
        ("two three.", ("E1", "F1")),
        (" Four five six.", ("F1",)),
        (" ", ()),
        ("Seven.", ("F2",)),
    ]
    assert marks[0].anchors == ("at-E1",) and marks[1].anchors == ("at-F1",) and marks[1].ends == ("E1",)
    assert marks[2].ends == ("F1",) and marks[4].ends == ("F2",)


@pytest.fixture()
def small_index() -> object:
    stories = [
        Story("s1", ("a1", "a2", "a3"), "Quake in the hills", "2026-03-01", "2026-03-04"),
        Story("s2", ("a4",), "Trade deal signed", "2026-03-10", "2026-03-10"),
        Story("s3", ("a5", "a6"), "Undated power link story", None, None),
    ]
    with Store(":memory:") as store:
        store.replace_stories(stories)
        store.replace_story_outputs(
            "s2", [_event("e1", "2026-03-10", where=Place("Nairobi", "KEN", -1.3, 36.8))], [], None
        )
        return build_index(store, "test")


def test_story_search_filters_sorts_and_pages(small_index: object) -> None:
    from newsfuse.web.search import StoryIndex

    assert isinstance(small_index, StoryIndex)

    def ids(**kw: object) -> list[str]:
        return [r.id for r in search(small_index, StoryQuery.parse(**kw)).rows]  # type: ignore[arg-type]

    assert ids() == ["s2", "s1", "s3"]  # newest first, undated last
    assert ids(sort="oldest") == ["s1", "s2", "s3"]
    assert ids(sort="articles") == ["s1", "s3", "s2"]
    assert ids(q="QUAKE hills") == ["s1"] and ids(q='"hills quake"') == []
    assert ids(q="nairobi") == ["s2"]  # the place of its event
    assert ids(country="ken") == ["s2"] and ids(type="agree") == ["s2"] and ids(type="AID") == []
    assert ids(since="2026-03-05") == ["s2"] and ids(until="2026-03") == ["s2", "s1"]
    page = search(small_index, StoryQuery.parse(per_page=2, page=2))
    assert [r.id for r in page.rows] == ["s3"] and (page.total, page.pages) == (3, 2)
    assert small_index.rows[0].independent_sources == 3  # no lineages: every article its own source


def test_story_query_checks_its_parameters() -> None:
    for bad in (
        {"country": "Kenya"},
        {"type": "HUG"},
        {"since": "March"},
        {"sort": "best"},
        {"per_page": 900},
    ):
        with pytest.raises(ValueError, match=next(iter(bad))):
            StoryQuery.parse(**bad)  # type: ignore[arg-type]
    query = StoryQuery.parse(q="  two   words ", country="npl", sort="newest", page=3)
    assert query.q == "two words" and query.country == "NPL"
    assert query.params() == {"q": "two words", "country": "NPL", "page": 3}
    assert query.params(page=1) == {"q": "two words", "country": "NPL"}


def test_a_country_cut_at_the_antimeridian_is_drawn_on_both_edges(tmp_path: Path) -> None:
    """Fiji's ring runs from 170°E to 170°W: joined naively, its edge would cross the whole map."""
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[170, -10], [-340, 0], [0, -10], [340, 0], [0, 10]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0]], "id": "242", "properties": {"name": "Fiji"}},
        ]}},
    }  # fmt: skip
    (tmp_path / "t.json").write_text(json.dumps(topology))
    build_world(tmp_path / "t.json", tmp_path / "w.json")
    world = load_world(tmp_path / "w.json")
    assert world is not None
    (fiji,) = world.countries
    assert fiji.iso == "FJI"
    assert fiji.d == "M1700 100l200 0 0 100-200 0zM-1900 100l200 0 0 100-200 0z"
