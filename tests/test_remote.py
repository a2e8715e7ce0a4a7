"""URLs as inputs (issue #12): a feed served on loopback becomes articles that keep their URLs;
the SSRF guard refuses it without --allow-private-addresses; a rerun fetches no page again; new
items are picked up; `watch` polls and the console shows the new story.

The site is pytest-httpserver on 127.0.0.1; its pages are examples/ pages (written for newsfuse).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsfuse.access import STORE_NAME
from newsfuse.faults import FaultPoint
from newsfuse.pipeline import run
from newsfuse.settings import Settings
from newsfuse.store import Store
from newsfuse.web.app import create_app

NEWSFUSE = [sys.executable, "-m", "newsfuse.cli"]
FAST = replace(Settings(), fetch=replace(Settings().fetch, per_host_delay=0.0, max_retries=0))
PAGES = {
    "nepal": "01-deccan-courier-nepal-quake.html",
    "sulawesi": "07-island-herald-sulawesi-quake.html",
    "ghana": "13-accra-evening-post-bog-rate.html",
    "kenya": "09-nairobi-ledger-kenya-tanzania-trade.html",
}


class Site:
    """A news site: an RSS feed listing some of the pages, the pages, no robots.txt."""

    def __init__(self, server: HTTPServer, examples: Path) -> None:
        self.server = server
        self.items: list[str] = []
        self.pages = {k: (examples / v).read_bytes() for k, v in PAGES.items()}
        server.expect_request("/feed.xml").respond_with_handler(self._feed)
        for name, body in self.pages.items():
            server.expect_request(f"/news/{name}.html").respond_with_data(body, content_type="text/html")
        server.expect_request("/robots.txt").respond_with_data("", status=404)

    @property
    def feed_url(self) -> str:
        return self.server.url_for("/feed.xml")

    def _feed(self, request: Request) -> Response:
        # Relative links, and one item listed twice: both must come out as one absolute URL.
        items = "".join(
            f"<item><title>{name}</title><link>/news/{name}.html</link><guid>{name}</guid></item>"
            for name in [*self.items, *self.items[:1]]
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
        etag = f'"{len(self.items)}"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type="application/rss+xml", headers={"ETag": etag})

    def page_requests(self) -> list[str]:
        return [req.path for req, _ in self.server.log if req.path.startswith("/news/")]

    def feed_answers(self) -> list[int]:
        return [resp.status_code for req, resp in self.server.log if req.path == "/feed.xml"]


@pytest.fixture
def site(httpserver: HTTPServer, examples_dir: Path) -> Site:
    return Site(httpserver, examples_dir)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSFUSE_FAULT"}
    return subprocess.run([*NEWSFUSE, *args], capture_output=True, text=True, env=env, timeout=300)


def test_without_the_flag_the_loopback_feed_is_refused_and_nothing_is_fetched(
    site: Site, tmp_path: Path
) -> None:
    site.items = ["nepal"]
    got = _cli("run", site.feed_url, "--out", str(tmp_path / "out"))
    assert got.returncode == 0, got.stderr
    assert "refused" in got.stdout and "127.0.0.1" in got.stdout and "loopback" in got.stdout
    assert site.server.log == []  # not even robots.txt was asked for
    with Store(tmp_path / "out" / STORE_NAME, read_only=True) as store:
        log = store.fetch_log(site.feed_url)
        assert log is not None and log.status == "refused" and "127.0.0.1" in log.reason
        (doc,) = store.documents()
        assert doc.origin == site.feed_url and doc.status == "skipped" and "127.0.0.1" in doc.reason


def test_feed_pages_become_articles_then_nothing_is_fetched_again_then_new_items_come(
    site: Site, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    site.items = ["nepal", "sulawesi"]
    first = run([site.feed_url], out, settings=FAST, extract=False, allow_private_addresses=True)
    urls = {site.server.url_for(f"/news/{n}.html") for n in site.items}
    with Store(out / STORE_NAME, read_only=True) as store:
        articles = store.articles()
        assert {a.url for a in articles} == urls and {a.origin for a in articles} == urls
        feed = store.fetch_log(site.feed_url)
        assert feed is not None and feed.kind == "feed" and feed.items == 2 and feed.new_items == 2
    assert sorted(site.page_requests()) == sorted(f"/news/{n}.html" for n in site.items)  # duplicate once
    assert first.new_articles == 2
    statuses = {log.url: log.status for log in first.fetches}
    assert statuses[site.feed_url] == "fetched" and all(statuses[u] == "fetched" for u in urls)

    second = run([site.feed_url], out, settings=FAST, extract=False, allow_private_addresses=True)
    assert len(site.page_requests()) == 2  # no page fetched again
    assert site.feed_answers() == [200, 304]  # the feed asked for with its ETag
    assert second.new_articles == 0
    assert {log.url: log.status for log in second.fetches} == {site.feed_url: "not-modified"} | dict.fromkeys(
        urls, "known"
    )

    site.items.append("ghana")
    third = run([site.feed_url], out, settings=FAST, extract=False, allow_private_addresses=True)
    assert site.page_requests()[-1] == "/news/ghana.html" and len(site.page_requests()) == 3
    assert third.new_articles == 1
    with Store(out / STORE_NAME, read_only=True) as store:
        assert len(store.articles()) == 3
        assert store.fetch_log(site.feed_url).new_items == 1  # type: ignore[union-attr]


def test_a_page_that_failed_is_retried_and_its_failure_replaced(
    httpserver: HTTPServer, examples_dir: Path, tmp_path: Path
) -> None:
    body = (examples_dir / PAGES["kenya"]).read_bytes()
    state = {"fail": True}

    def page(request: Request) -> Response:
        if state["fail"]:
            return Response("down", status=404)
        return Response(body, content_type="text/html")

    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/a.html").respond_with_handler(page)
    url = httpserver.url_for("/a.html")
    out = tmp_path / "out"
    first = run([url], out, settings=FAST, extract=False, allow_private_addresses=True)
    assert first.documents[0].status == "failed" and "404" in first.documents[0].reason
    state["fail"] = False
    second = run([url], out, settings=FAST, extract=False, allow_private_addresses=True)
    assert second.new_articles == 1
    with Store(out / STORE_NAME, read_only=True) as store:
        assert [d.status for d in store.documents()] == ["ok"]  # the 404 record is superseded


def test_fetched_bytes_rebuild_without_the_network(site: Site, tmp_path: Path) -> None:
    """Killed after fetching, before cleaning: the rerun cleans the kept bytes, asks for no page."""
    out = tmp_path / "out"
    site.items = ["nepal", "sulawesi"]

    seen: list[str] = []

    def die_after_fetch(name: str) -> None:  # the feed's batch, then the pages' batch
        seen.append(name)
        if seen.count("fetch.committed") == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(
            [site.feed_url],
            out,
            settings=FAST,
            extract=False,
            allow_private_addresses=True,
            hook=die_after_fetch,
        )
    with Store(out / STORE_NAME, read_only=True) as store:
        assert store.counts()["articles"] == 0 and len(store.pending_documents()) >= 1
    site.server.stop()  # the network is gone
    report = run([site.feed_url], out, settings=FAST, extract=False, allow_private_addresses=True)
    site.server.start()
    with Store(out / STORE_NAME, read_only=True) as store:
        assert report.totals["articles"] == store.counts()["articles"] >= 1
        assert store.pending_documents() == []


def test_watch_follows_the_feed_over_three_polls(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    site.items = ["nepal"]
    proc = subprocess.Popen(
        [*NEWSFUSE, "watch", site.feed_url, "--out", str(out), "--every", "1s", "--polls", "3",
         "--allow-private-addresses", "--set", "fetch.per_host_delay=0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    polls: list[str] = []
    titles: list[set[str]] = []
    for added in ("sulawesi", "ghana", None):
        line = _next_poll(proc)
        polls.append(line)
        with Store(out / STORE_NAME, read_only=True) as store:
            titles.append({s.title for s in store.stories()})
        if added:
            site.items.append(added)
    proc.wait(timeout=120)
    rest = proc.stdout.read()  # not communicate(): readline() has buffered part of the output
    err = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 0, err
    assert "watch stopped after 3 poll(s)" in rest
    assert [p.split(" (")[0] for p in polls] == ["poll 1", "poll 2", "poll 3"]
    assert "1 new pages" in polls[0] and "1 new pages" in polls[1] and "1 new pages" in polls[2]
    assert len(titles[0]) < len(titles[1]) < len(titles[2])  # stories update poll by poll
    data = json.loads((out / "stories.json").read_text())
    assert len(data["stories"]) == len(titles[2])
    for story in data["stories"]:
        assert (out / "briefs" / f"{story['id']}.md").is_file()
    newest = titles[2] - titles[1]
    client = TestClient(create_app(out / STORE_NAME))
    shown = {s["title"] for s in client.get("/api/stories").json()}
    assert newest and newest <= shown  # the console shows the story the last poll added


def _next_poll(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"watch ended early: {proc.stderr.read() if proc.stderr else ''}")
        if line.startswith("poll "):
            return line.strip()
    raise AssertionError("no poll line in time")


def _forked(fn: Callable[[], object]) -> int:
    """Run ``fn`` in a forked child; its wait status (the server thread stays in the parent)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            fn()
        except BaseException:
            code = 3
        os._exit(code)
    return os.waitpid(pid, 0)[1]


@pytest.mark.parametrize(
    ("point", "visit"), [("fetch.commit", 1), ("fetch.commit", 2), ("fetch.committed", 2)]
)
def test_killed_while_fetching_the_rerun_gives_the_clean_store(
    site: Site, tmp_path: Path, point: str, visit: int
) -> None:
    site.items = ["nepal", "sulawesi", "ghana"]
    clean, out = tmp_path / "clean", tmp_path / "out"

    def go(target: Path, hook: Callable[[str], None] | None = None) -> None:
        run([site.feed_url], target, settings=FAST, extract=False, allow_private_addresses=True, hook=hook)

    go(clean)
    status = _forked(lambda: go(out, FaultPoint(point, visit)))
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert os.WIFEXITED(status := _forked(lambda: go(out))) and os.WEXITSTATUS(status) == 0
    for db in (clean, out):
        assert (db / "stories.json").is_file()
    want = json.loads((clean / "stories.json").read_text())
    got = json.loads((out / "stories.json").read_text())
    assert got == want
    with Store(out / STORE_NAME, read_only=True) as a, Store(clean / STORE_NAME, read_only=True) as b:
        # Each URL is logged with its page's document; a feed asked for again says "not-modified".
        rows = "SELECT url, kind, document_id, items FROM fetches ORDER BY url"
        assert a.con.execute(rows).fetchall() == b.con.execute(rows).fetchall()


# Written for this test: a cp1252 page with no charset anywhere (curly quotes, an accent, a pound sign).
CP1252_ARTICLE = (
    "<html><head><title>Ferry fares rise</title></head><body><article><h1>Ferry fares rise</h1>"
    + "".join(
        f"<p>The island\u2019s ferry operator said on Monday that fares would rise by \u00a3{n} from June, "
        f"citing fuel costs; the caf\u00e9 owners\u2019 association called the \u201cfinal\u201d decision "
        f"a blow to the summer season and asked the council to step in before the holidays.</p>"
        for n in (2, 3, 4)
    )
    + "</article></body></html>"
).encode("cp1252")


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A server answering requests concurrently (the slow page must not hold up the others)."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_a_feed_of_bad_pages_never_crashes_a_run_and_every_url_gets_a_reason(
    threaded_server: HTTPServer, tmp_path: Path
) -> None:
    import gzip

    httpserver = threaded_server

    def trickle() -> Iterator[bytes]:
        yield b"<html><body>"
        for _ in range(80):
            time.sleep(0.1)
            yield b"x"

    bad = {
        "big": lambda r: Response(
            b"<html><body>" + b"a " * (1024 * 1024) + b"</body></html>", content_type="text/html"
        ),
        "bomb": lambda r: Response(
            gzip.compress(b"\0" * (16 * 1024 * 1024)),
            content_type="text/html",
            headers={"Content-Encoding": "gzip"},
        ),
        "slow": lambda r: Response(trickle(), content_type="text/html"),
        "loop": lambda r: Response("", status=302, headers={"Location": "/news/loop"}),
        "to-metadata": lambda r: Response(
            "", status=302, headers={"Location": "http://169.254.169.254/latest/"}
        ),
        "gone": lambda r: Response("not here", status=404),
        "broken": lambda r: Response("oops", status=500),
        "busy": lambda r: Response("later", status=429, headers={"Retry-After": "3600"}),
        "binary": lambda r: Response(bytes(range(256)) * 64, content_type="text/html"),
        "private": lambda r: Response("secret", content_type="text/html"),
        "legacy": lambda r: Response(CP1252_ARTICLE, content_type="text/html"),
    }
    for name, handler in bad.items():
        httpserver.expect_request(f"/news/{name}").respond_with_handler(handler)
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /news/private\n")
    items = "".join(f"<item><link>/news/{n}</link></item>" for n in bad)
    # Malformed: an unclosed element and a stray ampersand; feedparser reads what it can.
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bad & worse</title>{items}<item><link>'
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    settings = replace(
        FAST, fetch=replace(FAST.fetch, max_bytes=512 * 1024, total_timeout=3.0, max_redirects=5)
    )
    report = run(
        [httpserver.url_for("/feed.xml")], tmp_path / "out", settings=settings, extract=False,
        allow_private_addresses=True,
    )  # fmt: skip
    logs = {log.url.rsplit("/", 1)[-1]: log for log in report.fetches}
    assert set(bad) <= set(logs)
    for log in logs.values():
        assert log.reason, log
    expect = {
        "big": "size limit", "bomb": "gzip bomb", "slow": "time limit", "loop": "redirect",
        "to-metadata": "metadata", "gone": "404", "broken": "500", "busy": "429",
        "binary": "binary", "private": "robots.txt",
    }  # fmt: skip
    for name, words in expect.items():
        assert logs[name].status in ("failed", "refused"), (name, logs[name])
        assert words.lower() in logs[name].reason.lower(), (name, logs[name].reason)
    assert logs["legacy"].status == "fetched"
    (article,) = Store(tmp_path / "out" / STORE_NAME, read_only=True).articles()
    assert "caf\u00e9 owners\u2019" in article.text and "\u00a32" in article.text
    docs = {d.id: d for d in report.documents}
    assert all(docs[logs[n].document_id].status != "ok" for n in expect)  # type: ignore[index]
    assert docs[logs["legacy"].document_id].status == "ok"  # type: ignore[index]


def test_watch_starts_from_a_config_file(site: Site, tmp_path: Path) -> None:
    site.items = ["kenya"]
    out = tmp_path / "live"
    cfg = tmp_path / "newsfuse.toml"
    cfg.write_text(
        "[watch]\n"
        f'sources = ["{site.feed_url}"]\n'
        f'out = "{out}"\n'
        'every = "1s"\n'
        "allow_private_addresses = true\n"
        "[fetch]\nper_host_delay = 0\n"
    )
    got = _cli("watch", "--config", str(cfg), "--polls", "1")
    assert got.returncode == 0, got.stderr
    assert "poll 1 (" in got.stdout and "1 new pages, 1 new articles" in got.stdout
    with Store(out / STORE_NAME, read_only=True) as store:
        (article,) = store.articles()
        assert article.url == site.server.url_for("/news/kenya.html")
