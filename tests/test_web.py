"""The web page and JSON API, through FastAPI's TestClient (no network)."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsfuse.web.app import create_app


def test_pages_and_api(demo_out: Path) -> None:
    client = TestClient(create_app(demo_out / "newsfuse.duckdb"))
    stories = client.get("/api/stories").json()
    assert stories and all(s["articles"] >= s["independent_sources"] >= 1 for s in stories)
    index = client.get("/")
    assert index.status_code == 200 and stories[0]["title"] in html.unescape(index.text)
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert story["articles"] and story["brief"] is not None
    page = client.get(f"/stories/{stories[0]['id']}")
    assert page.status_code == 200 and 'id="sources"' in page.text
    article_id = story["articles"][0]["id"]
    assert client.get(f"/api/articles/{article_id[:8]}").json()["id"] == article_id
    assert isinstance(client.get("/api/events", params={"type": "CONSULT"}).json(), list)
    quakes = client.get("/api/events", params={"type": "disaster", "country": "npl"}).json()
    assert quakes and all(e["type"] == "DISASTER" for e in quakes)
    for bad in ({"type": "FOO"}, {"country": "India"}, {"since": "2025-5"}):
        assert client.get("/api/events", params=bad).status_code == 422, bad
    assert client.get("/api/stories/ffffffffffff").status_code == 404
    assert client.get("/stories/ffffffffffff").status_code == 404


def test_a_story_without_its_brief_yet_shows_a_pending_page(tmp_path: Path, examples_dir: Path) -> None:
    """`ingest` (or a run still extracting) leaves stories with no brief: the page says so, not 404."""
    from newsfuse.pipeline import run

    out = tmp_path / "out"
    run([str(examples_dir / "07-island-herald-sulawesi-quake.html")], out, extract=False)
    client = TestClient(create_app(out / "newsfuse.duckdb"))
    story = client.get("/api/stories").json()[0]
    page = client.get(f"/stories/{story['id']}")
    assert page.status_code == 200 and 'id="pending"' in page.text
    assert story["title"] in html.unescape(page.text)
    assert client.get(f"/api/stories/{story['id']}").json()["brief"] is None


# -- the analyst console (issue #12) --------------------------------------------------------------


@pytest.fixture(scope="module")
def client(demo_out: Path) -> TestClient:
    return TestClient(create_app(demo_out / "newsfuse.duckdb"))


@pytest.fixture(scope="module")
def all_stories(client: TestClient) -> list[dict[str, Any]]:
    return client.get("/api/stories", params={"per_page": 200}).json()


def _ids(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/api/stories", params={"per_page": 200, **params})
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()]


def test_search_finds_titles_facts_and_events(client: TestClient, all_stories: list[dict[str, Any]]) -> None:
    quake = [s["id"] for s in all_stories if "quake" in s["title"].lower()]
    assert quake and set(quake) <= set(_ids(client, q="quake"))
    assert _ids(client, q="QUAKE") == _ids(client, q="quake")  # case does not matter
    # A word found only in an event summary or a fact, not in the title.
    assert set(_ids(client, q="earthquake")) >= set(quake)
    # Every word must occur; a quoted phrase must occur as written.
    power = _ids(client, q='"power link"')
    assert len(power) == 1 and "power link" in client.get(f"/api/stories/{power[0]}").json()["story"]["title"]
    assert _ids(client, q='"link power"') == []
    assert _ids(client, q="quake zzzunknownword") == []
    page = client.get("/", params={"q": "zzzunknownword"})
    assert page.status_code == 200 and 'id="no-results"' in page.text


@pytest.mark.parametrize("facet", ["country", "type", "outlet"])
def test_each_facet_filter_keeps_exactly_the_stories_that_have_it(
    client: TestClient, all_stories: list[dict[str, Any]], facet: str
) -> None:
    field = {"country": "countries", "type": "types", "outlet": "outlets"}[facet]
    values = sorted({v for s in all_stories for v in s[field]})
    assert values, f"the demo store has no {facet} to filter on"
    for value in values:
        expected = {s["id"] for s in all_stories if value in s[field]}
        assert set(_ids(client, **{facet: value})) == expected, value
    from newsfuse.models import EVENT_TYPES

    absent = next(t for t in EVENT_TYPES if t not in values) if facet == "type" else "ZZZ"
    assert _ids(client, **{facet: absent}) == []


def test_date_range_keeps_the_stories_it_overlaps(
    client: TestClient, all_stories: list[dict[str, Any]]
) -> None:
    days = sorted({s["first_seen"] for s in all_stories if s["first_seen"]})
    middle = days[len(days) // 2]
    since = {s["id"] for s in all_stories if s["last_seen"] and s["last_seen"] >= middle}
    until = {s["id"] for s in all_stories if s["first_seen"] and s["first_seen"] <= middle}
    assert set(_ids(client, since=middle)) == since
    assert set(_ids(client, until=middle)) == until
    assert set(_ids(client, since=middle, until=middle)) == since & until
    assert set(_ids(client, until=middle[:7])) >= until  # a month includes its days


def test_sorting(client: TestClient) -> None:
    def rows(sort: str) -> list[dict[str, Any]]:
        return client.get("/api/stories", params={"sort": sort}).json()

    newest, oldest = rows("newest"), rows("oldest")
    assert [s["last_seen"] for s in newest] == sorted((s["last_seen"] for s in newest), reverse=True)
    assert [s["first_seen"] for s in oldest] == sorted(s["first_seen"] for s in oldest)
    assert [s["independent_sources"] for s in rows("sources")] == sorted(
        (s["independent_sources"] for s in newest), reverse=True
    )
    assert [s["articles"] for s in rows("articles")] == sorted((s["articles"] for s in newest), reverse=True)
    page = html.unescape(client.get("/", params={"sort": "oldest"}).text)
    assert page.index(oldest[0]["title"]) < page.index(oldest[-1]["title"])


def test_pagination_covers_every_story_once(client: TestClient, all_stories: list[dict[str, Any]]) -> None:
    first = client.get("/api/stories", params={"per_page": 2})
    assert first.headers["x-total-count"] == str(len(all_stories))
    assert 'rel="next"' in first.headers["link"] and "page=2" in first.headers["link"]
    pages = -(-len(all_stories) // 2)
    seen = []
    for n in range(1, pages + 1):
        response = client.get("/api/stories", params={"per_page": 2, "page": n})
        seen += [s["id"] for s in response.json()]
        assert ("link" in response.headers) == (n < pages)
    assert seen == [s["id"] for s in all_stories]
    assert client.get("/api/stories", params={"per_page": 2, "page": pages + 1}).json() == []
    page = client.get("/", params={"per_page": 2, "page": 2})
    assert f"page 2 of {pages}" in page.text and 'rel="prev"' in page.text


@pytest.mark.parametrize(
    "bad",
    [
        {"country": "India"},
        {"type": "FOO"},
        {"since": "2025-5"},
        {"sort": "best"},
        {"per_page": 0},
        {"page": 0},
    ],
)
def test_bad_story_filters_are_422_with_the_reason(client: TestClient, bad: dict[str, Any]) -> None:
    for url in ("/api/stories", "/"):
        response = client.get(url, params=bad)
        assert response.status_code == 422, (url, bad)
        assert next(iter(bad)) in response.text


def test_events_page_filters_and_exports(client: TestClient) -> None:
    everything = client.get("/api/events").json()
    page = client.get("/events")
    assert page.status_code == 200 and page.text.count('<tr id="event-') == len(everything)
    quakes = client.get("/events", params={"type": "disaster", "country": "npl"})
    assert quakes.status_code == 200 and "DISASTER" in quakes.text and "AGREE</td>" not in quakes.text
    assert 'href="/api/events.csv?country=NPL&amp;type=DISASTER"' in quakes.text
    csv_file = client.get("/api/events.csv", params={"type": "DISASTER", "country": "NPL"})
    assert csv_file.status_code == 200 and csv_file.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_file.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_file.text)))
    api = client.get("/api/events", params={"type": "DISASTER", "country": "NPL"}).json()
    assert rows and [r["id"] for r in rows] == [e["id"] for e in api]
    assert all(r["type"] == "DISASTER" for r in rows)
    parquet = client.get("/api/events.parquet", params={"story": everything[0]["story_id"]})
    assert parquet.status_code == 200 and parquet.content[:4] == b"PAR1"
    # The text filter narrows the table, the export and the API alike.
    word = everything[0]["summary"].split()[0]
    narrowed = client.get("/api/events", params={"q": word}).json()
    assert narrowed and len(narrowed) <= len(everything)
    for e in narrowed:
        assert word.lower() in " ".join([e["summary"], e["type"], (e["where"] or {}).get("name", "")]).lower()
    exported = client.get("/api/events.csv", params={"q": word}).text
    assert [r["id"] for r in csv.DictReader(io.StringIO(exported))] == [e["id"] for e in narrowed]
    assert client.get("/events", params={"type": "FOO"}).status_code == 422
    assert client.get("/events", params={"story": "ffffffff"}).text.count('<tr id="event-') == 0


def test_events_page_pages(client: TestClient) -> None:
    total = len(client.get("/api/events").json())
    first = client.get("/events", params={"per_page": 5})
    assert first.text.count('<tr id="event-') == 5 and 'rel="next"' in first.text
    last = client.get("/events", params={"per_page": 5, "page": -(-total // 5)})
    assert last.text.count('<tr id="event-') == total - 5 * (-(-total // 5) - 1)


def test_lineage_shows_origins_and_copies(client: TestClient, demo_out: Path) -> None:
    from newsfuse.store import open_reader

    with open_reader(demo_out / "newsfuse.duckdb") as store:
        shared = [lin for lin in store.lineages() if len(lin.article_ids) > 1]
        reuses = store.reuses()
    page = client.get("/lineage")
    assert page.status_code == 200 and page.text.count('<section class="lineage"') == len(shared)
    for lin in shared:
        assert f'id="lineage-{lin.id}"' in page.text and f'href="/articles/{lin.origin_id}"' in page.text
    members = {a for lin in shared for a in lin.article_ids}
    for r in reuses:
        if r.a in members and r.b in members:
            assert f"<td>{r.kind}</td>" in page.text
    story = next(s for s in client.get("/api/stories").json() if "Nepal" in s["title"])
    mine = client.get("/lineage", params={"story": story["id"]})
    assert mine.status_code == 200 and 1 <= mine.text.count('<section class="lineage"') <= len(shared)
    assert "%</td>" in mine.text
    assert client.get(f"/stories/{story['id']}").text.count(f'href="/lineage?story={story["id"]}"') == 1
    assert client.get("/lineage", params={"story": "ffffffffffff"}).status_code == 404


def test_article_view_highlights_evidence_and_lists_removed_chrome(client: TestClient) -> None:
    story = next(s for s in client.get("/api/stories").json() if "Nepal" in s["title"])
    detail = client.get(f"/api/stories/{story['id']}").json()
    cited = {s["article"] for e in detail["brief"]["events"] for s in e["evidence"]}
    article = next(a for a in detail["articles"] if a["id"] in cited and a["removed"])
    page = client.get(f"/articles/{article['id'][:10]}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert page.text.count("<mark") >= 1 and 'title="Event E1' in page.text
    assert 'href="#cite-E1"' in page.text and 'id="cite-E1"' in page.text and 'id="at-E1"' in page.text
    for event in detail["brief"]["events"]:
        for span in event["evidence"]:
            if span["article"] == article["id"]:
                assert span["text"] in text
    # The highlighted text is the article's text, only marked up.
    body = page.text.split('id="article-text" class="article-text">')[1].split("</div>")[0]
    body = re.sub(r'<a class="ref"[^>]*>[^<]*</a>|<[^>]+>', "", body)
    assert html.unescape(body) == article["text"]
    removed = text.split('id="removed"')[1]
    for r in article["removed"]:
        assert r["reason"] in removed and r["text"].strip() in removed


def test_status_changes_when_a_new_snapshot_is_published(tmp_path: Path, demo_out: Path) -> None:
    from newsfuse.access import snapshot_path
    from newsfuse.models import Story
    from newsfuse.store import Store

    db = tmp_path / "newsfuse.duckdb"
    shutil.copy(snapshot_path(demo_out / "newsfuse.duckdb"), snapshot_path(db))
    client = TestClient(create_app(db))
    first = client.get("/api/status").json()
    assert first["stories"] == 5 and first["writing"] is False
    assert client.get("/api/status").json()["generation"] == first["generation"]
    page = client.get("/")
    assert f'data-generation="{first["generation"]}"' in page.text and 'data-stories="5"' in page.text
    # Another run publishes a snapshot with one story: the status and the (cached) index follow.
    other = tmp_path / "other" / "newsfuse.duckdb"
    other.parent.mkdir()
    with Store(other) as store:
        store.replace_stories([Story("abc123", (), "A story published later", "2026-04-01", "2026-04-01")])
        store.publish(snapshot_path(db))
    second = client.get("/api/status").json()
    assert second["stories"] == 1 and second["generation"] != first["generation"]
    assert [s["title"] for s in client.get("/api/stories").json()] == ["A story published later"]
    assert "brief being prepared" in client.get("/").text


def test_story_page_has_map_timeline_and_brief(client: TestClient, demo_out: Path, tmp_path: Path) -> None:
    story = next(s for s in client.get("/api/stories").json() if "Nepal" in s["title"])
    page = client.get(f"/stories/{story['id']}").text
    for hook in (
        'id="sources"',
        'id="timeline"',
        'id="map"',
        'id="event-timeline"',
        'href="#main"',
        'id="main"',
    ):
        assert hook in page, hook
    assert page.count('class="pin"') >= 1 and page.count("<path d=") > 100 and 'class="hl"' in page
    assert page.count('class="dot ') >= 1 and page.count("<html") == 1 and page.count("</main>") == 1
    bare = TestClient(create_app(demo_out / "newsfuse.duckdb", map_file=tmp_path / "absent.json"))
    without = bare.get(f"/stories/{story['id']}")
    assert (
        without.status_code == 200 and 'id="map-missing"' in without.text and "<path d=" not in without.text
    )
    assert 'id="map-missing"' in bare.get("/events").text


def test_pages_make_no_external_requests_and_label_their_controls(client: TestClient) -> None:
    story = client.get("/api/stories").json()[0]
    article = client.get(f"/api/stories/{story['id']}").json()["articles"][0]
    for url in ("/", "/events", "/lineage", f"/stories/{story['id']}", f"/articles/{article['id']}"):
        page = client.get(url).text
        assert not re.search(r'(src|href|action)="(https?:)?//', page), url
        assert "@import" not in page and "url(" not in page, url
        for control in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page):
            assert f'for="{control}"' in page, (url, control)
        assert "<th>" not in page, url  # every header cell says what it heads (scope)
    css = client.get("/static/console.css")
    js = client.get("/static/console.js")
    assert css.status_code == js.status_code == 200
    assert "http" not in css.text and "http" not in js.text


def test_missing_things_are_404(client: TestClient) -> None:
    for url in ("/stories/ffffffffffff", "/articles/ffffffffffff", "/lineage?story=ffffffffffff", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404 and 'id="not-found"' in response.text, url
    for url in ("/api/stories/ffffffffffff", "/api/articles/ffffffffffff"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["detail"].startswith("no "), url
