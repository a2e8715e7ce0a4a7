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
