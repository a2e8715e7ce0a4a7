"""The analyst console in a real browser: headless Chromium driven by Playwright, against
`newsfuse serve` on a loopback port over a copy of the demo store.

Each test records every request the page makes and fails on any that leaves the server's origin.
The screenshots in docs/console-*.png are written here.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DOCS = Path(__file__).resolve().parents[1] / "docs"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (`make browser` installs Debian's as root)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _copy_store(demo_out: Path, folder: Path) -> Path:
    """The demo store in a folder of its own, so a test may publish into it."""
    folder.mkdir(parents=True)
    shutil.copy(demo_out / "newsfuse.duckdb", folder / "newsfuse.duckdb")
    shutil.copy(demo_out / "newsfuse.snapshot.duckdb", folder / "newsfuse.snapshot.duckdb")  # the newer
    return folder


class Server:
    """`newsfuse serve` in a child process, stopped by its own pid."""

    def __init__(self, out: Path) -> None:
        self.port = _free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        cli = Path(sys.executable).with_name("newsfuse")
        self.proc = subprocess.Popen(
            [str(cli), "serve", "--out", str(out), "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.origin + "/api/status", timeout=2) as r:
                    self.status: dict[str, Any] = json.loads(r.read())
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("newsfuse serve did not start") from None
                time.sleep(0.1)

    def api(self, path: str) -> Any:
        with urllib.request.urlopen(self.origin + path, timeout=10) as r:
            return json.loads(r.read())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip) is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(demo_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    served = Server(_copy_store(demo_out, tmp_path_factory.mktemp("console") / "out"))
    yield served
    served.stop()


def _page(browser: Browser, server: Server, requests: list[str]) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.origin)
    context.on("request", lambda request: requests.append(request.url))
    # Anything leaving the server is recorded above and refused here, so a slip cannot reach out.
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(server.origin) else route.abort(),
    )
    return context.new_page()


@pytest.fixture()
def page(browser: Browser, server: Server) -> Iterator[Page]:
    requests: list[str] = []
    pg = _page(browser, server, requests)
    yield pg
    pg.context.close()
    outside = [u for u in requests if not u.startswith(server.origin + "/")]
    assert requests and not outside, f"requests outside the server: {outside}"


def _story(server: Server, word: str) -> dict[str, Any]:
    return next(s for s in server.api("/api/stories") if word in s["title"])


def test_keyboard_search_from_the_stories_page(page: Page, server: Server) -> None:
    page.goto("/")
    assert page.locator("#stories tbody tr").count() == server.status["stories"]
    page.screenshot(path=str(DOCS / "console-stories.png"), full_page=True)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    for _ in range(10):  # past the skip link and the navigation, to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible focus
    page.keyboard.type("earthquake")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=earthquake*")
    titles = page.locator("#stories tbody th a").all_inner_texts()
    assert titles and all("quake" in t.lower() for t in titles)
    assert page.input_value("#q") == "earthquake"


def test_filters_and_sorting(page: Page, server: Server) -> None:
    page.goto("/")
    page.select_option("#country", "NPL")
    page.select_option("#type", "DISASTER")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**country=NPL**")
    assert page.locator("#stories tbody tr").count() == 1
    assert "Nepal" in page.locator("#stories tbody th").inner_text()
    page.click("text=Clear")
    page.select_option("#sort", "articles")
    page.click("#filters button[type=submit]")
    counts = [int(c) for c in page.locator("#stories tbody td:nth-of-type(1)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and len(counts) == server.status["stories"]


def test_story_page_shows_map_markers_and_timeline(page: Page, server: Server) -> None:
    story = _story(server, "Nepal")
    page.goto(f"/stories/{story['id']}")
    assert page.locator("#map svg path").count() > 100  # country outlines drawn
    assert page.locator("#map circle.pin").count() >= 1
    assert page.locator("#map path.hl").count() >= 1  # the event's country shaded
    assert page.locator("#event-timeline circle.dot").count() >= 1
    assert page.locator("#sources li").count() == story["articles"]  # the brief is there too
    box = page.locator("#map svg").bounding_box()
    assert box and box["width"] > 400 and box["height"] > 200
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.screenshot(path=str(DOCS / "console-story.png"))  # the top: headline, map, timeline
    page.locator("#map a").first.focus()  # pins are links to the event rows
    page.keyboard.press("Enter")
    assert "#ev-" in page.url


def test_events_table_filters_and_export(page: Page, server: Server) -> None:
    page.goto("/events")
    everything = page.locator("#events tbody tr").count()
    assert everything == len(server.api("/api/events"))
    page.select_option("#type", "DISASTER")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**type=DISASTER**")
    types = page.locator("#events tbody td:nth-of-type(2)").all_inner_texts()
    assert types and set(types) == {"DISASTER"} and len(types) < everything
    assert page.locator("#events-map circle.pin").count() >= 1
    page.screenshot(path=str(DOCS / "console-events.png"), full_page=True)
    href = page.get_attribute("#export-csv", "href")
    assert href == "/api/events.csv?type=DISASTER"
    with page.expect_download() as download:
        page.click("#export-csv")
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,story_id,type") and len(lines) == len(types) + 1


def test_lineage_page(page: Page, server: Server) -> None:
    page.goto("/")
    page.click("text=Lineage")
    page.wait_for_url("**/lineage")
    groups = page.locator("section.lineage")
    assert groups.count() >= 1
    assert "Origin:" in groups.first.locator("h2").inner_text()
    assert groups.first.locator("tbody tr").count() >= 1
    assert "%" in groups.first.locator("tbody td.num").first.inner_text()
    page.screenshot(path=str(DOCS / "console-lineage.png"), full_page=True)


def test_article_page_highlights_evidence(page: Page, server: Server) -> None:
    story = _story(server, "Nepal")
    page.goto(f"/stories/{story['id']}")
    page.locator("#story-articles a").first.click()
    page.wait_for_url("**/articles/**")
    marks = page.locator("#article-text mark")
    assert marks.count() >= 1
    assert (marks.first.get_attribute("title") or "").startswith(("Event", "Fact"))
    assert page.locator("#removed tbody tr").count() >= 1
    page.locator("#article-text a.ref").first.click()
    assert "#cite-" in page.url
    page.screenshot(path=str(DOCS / "console-article.png"), full_page=True)


def test_new_stories_notice_appears_when_a_run_publishes(
    browser: Browser, demo_out: Path, tmp_path: Path
) -> None:
    """A run publishing a snapshot with one more story: the open page says so without a reload."""
    from newsfuse.access import snapshot_path
    from newsfuse.models import Story
    from newsfuse.store import Store

    folder = _copy_store(demo_out, tmp_path / "served")
    served = Server(folder)
    requests: list[str] = []
    try:
        prepared = _copy_store(demo_out, tmp_path / "prepared") / "newsfuse.duckdb"
        with Store(prepared) as store:
            stories = store.stories()
            extra = Story(
                "0123456789abcdef", stories[0].article_ids[:1], "A story the next run found", None, None
            )
            store.replace_stories([*stories, extra])
        page = _page(browser, served, requests)
        page.goto("/")
        assert page.locator("#live").inner_text() == ""
        with Store(prepared) as store:
            store.publish(snapshot_path(folder / "newsfuse.duckdb"))  # what a run does after each batch
        page.wait_for_function(
            "document.getElementById('live').textContent.includes('1 new story')", timeout=15_000
        )
        page.click("#live a")
        page.wait_for_selector("text=A story the next run found")
        assert page.locator("#stories tbody tr").count() == len(stories) + 1
        page.context.close()
    finally:
        served.stop()
    outside = [u for u in requests if not u.startswith(served.origin + "/")]
    assert requests and not outside, f"requests outside the server: {outside}"
