"""The web page and JSON API, through FastAPI's TestClient (no network)."""

from __future__ import annotations

import html
from pathlib import Path

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
