"""render: Markdown, HTML and JSON of a brief; every statement cites sources that exist."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsfuse.fuse import build_brief
from newsfuse.models import Article, Brief, Event, Lineage, Place, Span, Story, When
from newsfuse.render.html import render_html, timeline_points
from newsfuse.render.json import brief_to_dict
from newsfuse.render.markdown import brief_view, display_date, render_markdown

OUTLETS = {
    "harbour_post": "Harbour Post",
    "coastal_wire": "Coastal Wire",
    "valley_times": "Valley Times",
    "river_daily": "River Daily",
}
TITLE = "Ferry capsizes on the Kalmar River"


def _articles(fixtures_dir: Path) -> list[Article]:
    return [
        Article(
            id=aid,
            document_id=aid,
            origin=f"fixtures/{aid}.txt",
            outlet=outlet,
            title=TITLE if aid == "valley_times" else f"{outlet} report",
            byline=None,
            credit=None,
            language="en",
            published=When("2024-03-04", "day", (), "header"),
            text=(fixtures_dir / "fuse" / f"{aid}.txt").read_text(encoding="utf-8"),
        )
        for aid, outlet in OUTLETS.items()
    ]


def _event(articles: list[Article]) -> Event:
    river = next(a for a in articles if a.id == "river_daily")
    frag = "a ferry capsized on the Kalmar River"
    start = river.text.index(frag)
    span = Span(river.id, start, start + len(frag), frag)
    return Event(
        id="ev1",
        type="ASSAULT",
        mode=None,
        actors=(),
        recipients=(),
        when=When("2024-03-03", "day", (span,), "text"),
        where=Place("Port Evan", None, None, None),
        article_ids=(river.id,),
        independent_sources=1,
        evidence=(span,),
        summary="A ferry <capsized> & sank",  # markup in text must be escaped in HTML
        attributes=(("killed", "12"),),
    )


@pytest.fixture()
def story(fixtures_dir: Path) -> tuple[list[Article], Brief]:
    articles = _articles(fixtures_dir)
    lineages = [Lineage("lin-harbour", ("harbour_post", "coastal_wire"), "harbour_post")]
    story = Story("ferry", tuple(a.id for a in articles), TITLE, "2024-03-04", "2024-03-04")
    return articles, build_brief(story, articles, lineages, events=[_event(articles)])


@pytest.fixture()
def story_no_events(fixtures_dir: Path) -> tuple[list[Article], Brief]:
    articles = _articles(fixtures_dir)
    lineages = [Lineage("lin-harbour", ("harbour_post", "coastal_wire"), "harbour_post")]
    story = Story("ferry", tuple(a.id for a in articles), TITLE, "2024-03-04", None)
    return articles, build_brief(story, articles, lineages)


# --- Markdown -----------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["story", "story_no_events"])
def test_markdown_every_statement_cites_existing_sources(which: str, request: pytest.FixtureRequest) -> None:
    articles, brief = request.getfixturevalue(which)
    md = render_markdown(brief, articles)
    numbers = {s.number for s in brief.sources}
    section = ""
    for line in md.splitlines():
        if line.startswith("## "):
            section = line[3:]
            continue
        if section == "Sources" or not line.startswith("- ") or line.startswith("- One text"):
            continue
        cites = {int(n) for n in re.findall(r"\[(\d+)\]", line)}
        assert cites, f"uncited statement in {section!r}: {line}"
        assert cites <= numbers
    assert md.startswith(f"# {TITLE} [3]")  # the headline cites the article that carries it
    assert "## Sources" in md and "1. **Harbour Post**" in md
    assert "One text, counted as one independent source: [1], [2]" in md


def test_markdown_sections(story_no_events: tuple[list[Article], Brief]) -> None:
    articles, brief = story_no_events
    md = render_markdown(brief, articles)
    for heading in (
        "## In brief",
        "## Facts by theme",
        "## Where sources disagree",
        "## Reported by one source only",
        "## Timeline",
    ):
        assert heading in md
    assert "- 14: according to [3]" in md
    assert "(only Valley Times)" in md
    assert "**3 March 2024**" in md


def test_display_date() -> None:
    assert display_date("2025-05-05", "day") == "5 May 2025"
    assert display_date("2024-11", "month") == "November 2024"
    assert display_date("2014", "year") == "2014"
    assert display_date(None, None) == "undated"


# --- HTML ---------------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.cites: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and "cite" in (a.get("class") or "").split():
            self.cites.append(a.get("href") or "")


def test_html_has_stable_hooks_and_working_citations(story: tuple[list[Article], Brief]) -> None:
    articles, brief = story
    page = _Page()
    html = render_html(brief, articles)
    page.feed(html)
    assert {"timeline", "sources", "lead", "headline"} <= page.ids
    assert page.cites, "no citation links"
    for href in page.cites:
        assert href.startswith("#src-") and href[1:] in page.ids
    assert {f"src-{s.number}" for s in brief.sources} <= page.ids
    assert any(tag == "svg" for tag, _ in page.tags)


def test_html_is_self_contained_and_escaped(story: tuple[list[Article], Brief]) -> None:
    articles, brief = story
    html = render_html(brief, articles)
    assert "<script" not in html
    assert not re.search(r"<link\b", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "A ferry &lt;capsized&gt; &amp; sank" in html
    assert "<capsized>" not in html


def test_html_hooks_exist_without_a_timeline(fixtures_dir: Path) -> None:
    article = _articles(fixtures_dir)[0]
    lone = dataclasses.replace(article, text="Officials gave no further details about the inquiry yet.")
    brief = build_brief(Story("s", (lone.id,), "t", None, None), [lone], [])
    assert not brief.timeline
    page = _Page()
    page.feed(render_html(brief, [lone]))
    assert {"timeline", "sources", "src-1"} <= page.ids


def test_timeline_points_are_ordered_and_within_the_figure(
    story_no_events: tuple[list[Article], Brief],
) -> None:
    articles, brief = story_no_events
    view = brief_view(brief, articles)
    points = timeline_points(view.timeline, width=500)
    assert len(points) == len(brief.timeline) >= 2
    xs = [p.x for p in points]
    assert xs == sorted(xs) and xs[0] > 0 and xs[-1] < 500
    assert timeline_points(view.timeline[:1], width=500)[0].x == 250


# --- JSON ---------------------------------------------------------------------------------------


def test_json_shapes(story: tuple[list[Article], Brief]) -> None:
    articles, brief = story
    data = json.loads(json.dumps(brief_to_dict(brief)))
    texts = {a.id: a.text for a in articles}
    for key in ("lead", "facts", "unique", "events"):
        for item in data[key]:
            assert item["sources"] and isinstance(item["independent_sources"], int)
            for ev in item["evidence"]:
                assert set(ev) == {"article", "start", "end", "text"}
                assert texts[ev["article"]][ev["start"] : ev["end"]] == ev["text"]
    assert all(u["outlet"] for u in data["unique"])
    for entry in data["timeline"]:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", entry["date"])
        assert len(entry["date"]) == {"day": 10, "month": 7, "year": 4}[entry["precision"]]
    (event,) = data["events"]
    assert event["when"]["date"] == "2024-03-03" and event["attributes"] == {"killed": "12"}
    assert [s["number"] for s in data["sources"]] == [1, 2, 3, 4]
    assert data["independent_sources"] == 3
    killed = next(c for c in data["conflicts"] if c["slot"] == "killed")
    assert {v["value"] for v in killed["values"]} == {"12", "14"}
