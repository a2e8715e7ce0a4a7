"""Fetching: every bad answer becomes a FetchResult with a specific reason; nothing raises.

A threaded server on 127.0.0.1 plays the sites (no other network). Politeness waits go through an
injected clock and sleep, so retries, Retry-After and per-host spacing are checked without waiting.
"""

from __future__ import annotations

import email.utils
import gzip
import random
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsfuse.ingest.feeds import expand
from newsfuse.ingest.fetch import (
    Fetcher,
    FetchRequest,
    FetchResult,
    address_problem,
    document_from_fetch,
)
from newsfuse.settings import FetchSettings, IngestSettings

MB = 1024 * 1024
SETTINGS = FetchSettings(per_host_delay=0.0, total_timeout=5.0, max_bytes=1 * MB)
INGEST = IngestSettings()
PUBLIC_IP = "93.184.216.34"  # a globally routable address; never connected to in these tests

PAGE = (
    "<!DOCTYPE html><html><head><title>Harbour reopens</title></head><body><article>"
    "<h1>Harbour reopens after storm</h1><p>The harbour reopened on Tuesday after the storm.</p>"
    "</article></body></html>"
)
# Written for these tests: Windows-1252 curly quotes and accents, no charset anywhere.
CP1252_PAGE = (
    "<html><head><title>Caf\u00e9 owners</title></head><body><p>The minister\u2019s \u201cfinal\u201d offer "
    "was turned down by the caf\u00e9 owners\u2019 association on Tuesday \u2013 talks resume next week.</p>"
    "</body></html>"
).encode("cp1252")


class FakeTime:
    """A clock that only moves when slept on, recording every wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def clock(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(round(seconds, 3))
            self.now += seconds


class Site:
    """The test server plus a robots.txt the test can set (None: 404)."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.robots: str | None = None
        self.robots_status = 404
        self.robots_hits = 0
        server.clear()
        server.expect_request("/robots.txt").respond_with_handler(self._robots)

    def _robots(self, request: Request) -> Response:
        self.robots_hits += 1
        if self.robots is None:
            return Response("", status=self.robots_status)
        return Response(self.robots, content_type="text/plain")

    @property
    def port(self) -> int:
        return int(self.server.port)

    def url(self, path: str) -> str:
        return str(self.server.url_for(path))

    def route(self, path: str | re.Pattern[str], handler: Callable[[Request], Response]) -> None:
        self.server.expect_request(path).respond_with_handler(handler)

    def page(
        self,
        path: str,
        body: str | bytes = PAGE,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        response = Response(body, status=status, headers=headers, content_type=content_type)
        self.server.expect_request(path).respond_with_response(response)

    def paths(self) -> list[str]:
        return [request.path for request, _ in self.server.log]


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


@pytest.fixture
def site(server: HTTPServer) -> Site:
    return Site(server)


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make(fake: FakeTime) -> Iterator[Callable[..., Fetcher]]:
    """Fetcher factory: loopback allowed unless said otherwise, fake time, closed after the test."""
    made: list[Fetcher] = []

    def build(settings: FetchSettings = SETTINGS, allow_private: bool = True, **kw: object) -> Fetcher:
        fetcher = Fetcher(settings, allow_private=allow_private, clock=fake.clock, sleep=fake.sleep, **kw)  # type: ignore[arg-type]
        made.append(fetcher)
        return fetcher

    yield build
    for fetcher in made:
        fetcher.close()


def resolver(table: dict[str, Sequence[str]]) -> Callable[[str, int], Sequence[str]]:
    def resolve(host: str, port: int) -> Sequence[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


class Loopback(httpx.HTTPTransport):
    """Connects every request to the test server, whatever host the URL names (for SSRF tests
    where a "public" host must reach the loopback server while the guard sees a public address)."""

    def __init__(self, port: int) -> None:
        super().__init__(trust_env=False)
        self.port = port

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return super().handle_request(request)


def counting(responses: list[Response]) -> Callable[[Request], Response]:
    """A handler answering with each response in turn (the last one repeats)."""
    calls = {"n": 0}

    def handler(request: Request) -> Response:
        calls["n"] += 1
        return responses[min(calls["n"], len(responses)) - 1]

    return handler


# ---------------------------------------------------------------------------------------------
# good pages


def test_fetches_a_page_with_our_user_agent(site: Site, make: Callable[..., Fetcher]) -> None:
    site.page("/story", headers={"ETag": '"abc"', "Last-Modified": "Tue, 10 Jun 2025 04:00:00 GMT"})
    result = make().fetch(site.url("/story"))
    assert result.status == "fetched", result.reason
    assert result.reason.startswith("fetched: HTTP 200 OK")
    assert (result.http_status, result.content_type, result.charset) == (200, "text/html", "utf-8")
    assert result.body == PAGE.encode()
    assert (result.etag, result.last_modified) == ('"abc"', "Tue, 10 Jun 2025 04:00:00 GMT")
    assert result.attempts == 1 and result.retry_after_waited == 0.0
    request = next(req for req, _ in site.server.log if req.path == "/story")
    assert request.headers["User-Agent"] == SETTINGS.user_agent


def test_document_from_fetch_builds_an_ok_document(site: Site, make: Callable[..., Fetcher]) -> None:
    site.route("/old", lambda r: Response(status=301, headers={"Location": "/new#top"}))
    site.page("/new")
    result = make().fetch(site.url("/old"))
    assert result.final_url == site.url("/new")
    doc = document_from_fetch(result, INGEST)
    assert doc.status == "ok" and doc.media_type == "text/html"
    assert doc.origin == site.url("/new")
    assert doc.hint("url") == site.url("/new") and doc.hint("requested_url") == site.url("/old")
    assert "Harbour reopens" in (doc.text or "")


def test_cp1252_page_without_charset_decodes(site: Site, make: Callable[..., Fetcher]) -> None:
    site.page("/legacy", CP1252_PAGE, content_type="text/html")
    result = make().fetch(site.url("/legacy"))
    assert result.status == "fetched" and result.charset is None
    doc = document_from_fetch(result, INGEST)
    assert doc.status == "ok" and doc.encoding == "cp1252"
    assert "minister\u2019s \u201cfinal\u201d" in (doc.text or "")
    assert "caf\u00e9 owners" in (doc.text or "")


@pytest.mark.parametrize(
    "coding, encode",
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send it
    ],
)
def test_compressed_pages_decode(
    site: Site, make: Callable[..., Fetcher], coding: str, encode: Callable[[bytes], bytes]
) -> None:
    site.page("/z", encode(PAGE.encode()), headers={"Content-Encoding": coding})
    result = make().fetch(site.url("/z"))
    assert result.status == "fetched", result.reason
    assert result.body == PAGE.encode()


def test_gzip_sitemap_file_is_opened_and_expands(site: Site, make: Callable[..., Fetcher]) -> None:
    sitemap = b"<urlset><url><loc>https://daily.example/a</loc></url></urlset>"
    site.page("/sitemap.xml.gz", gzip.compress(sitemap), content_type="application/x-gzip")
    result = make().fetch(site.url("/sitemap.xml.gz"))
    assert result.status == "fetched", result.reason
    assert result.body == sitemap
    assert [link.url for link in expand(result).links] == ["https://daily.example/a"]
    assert document_from_fetch(result, INGEST).status == "skipped"  # a sitemap is not an article


def test_feed_document_is_skipped_as_not_an_article(site: Site, make: Callable[..., Fetcher]) -> None:
    site.page(
        "/rss", b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "application/rss+xml"
    )
    doc = document_from_fetch(make().fetch(site.url("/rss")), INGEST)
    assert doc.status == "skipped" and "not an article page" in doc.reason


# ---------------------------------------------------------------------------------------------
# HTTP errors and retries


def test_404_fails_without_retry(site: Site, make: Callable[..., Fetcher], fake: FakeTime) -> None:
    site.page("/gone", "nope", status=404)
    result = make().fetch(site.url("/gone"))
    assert (result.status, result.reason, result.http_status) == ("failed", "failed: HTTP 404 Not Found", 404)
    assert result.attempts == 1 and fake.sleeps == [] and result.body == b""
    doc = document_from_fetch(result, INGEST)
    assert doc.status == "failed" and doc.reason == "failed: HTTP 404 Not Found"


def test_500_then_success_is_retried_with_backoff(
    site: Site, make: Callable[..., Fetcher], fake: FakeTime
) -> None:
    site.route("/flaky", counting([Response("oops", status=500), Response(PAGE, content_type="text/html")]))
    result = make().fetch(site.url("/flaky"))
    assert result.status == "fetched" and result.attempts == 2
    assert fake.sleeps == [1.0] and result.retry_after_waited == 1.0


def test_429_honours_retry_after_seconds(site: Site, make: Callable[..., Fetcher], fake: FakeTime) -> None:
    busy = Response("slow down", status=429, headers={"Retry-After": "7"})
    site.route("/busy", counting([busy, Response(PAGE, content_type="text/html")]))
    result = make().fetch(site.url("/busy"))
    assert result.status == "fetched" and result.attempts == 2
    assert fake.sleeps == [7.0] and result.retry_after_waited == 7.0


def test_503_honours_retry_after_http_date(site: Site, make: Callable[..., Fetcher], fake: FakeTime) -> None:
    later = email.utils.formatdate(time.time() + 5, usegmt=True)
    busy = Response("maintenance", status=503, headers={"Retry-After": later})
    site.route("/maint", counting([busy, Response(PAGE, content_type="text/html")]))
    result = make().fetch(site.url("/maint"))
    assert result.status == "fetched"
    assert 3.0 <= result.retry_after_waited <= 6.0


def test_retry_after_beyond_the_limit_is_not_waited(
    site: Site, make: Callable[..., Fetcher], fake: FakeTime
) -> None:
    site.page("/later", "come back tomorrow", status=429, headers={"Retry-After": "86400"})
    result = make().fetch(site.url("/later"))
    assert result.status == "failed" and result.attempts == 1 and fake.sleeps == []
    assert result.reason == (
        "failed: HTTP 429 Too Many Requests (the server asks to wait 86400 s, more than the 120 s limit; not retried)"
    )


def test_persistent_503_gives_up_after_max_retries(
    site: Site, make: Callable[..., Fetcher], fake: FakeTime
) -> None:
    site.page("/down", "down", status=503)
    result = make().fetch(site.url("/down"))
    assert result.status == "failed" and result.attempts == 4
    assert result.reason == "failed: HTTP 503 Service Unavailable (gave up after 4 attempts)"
    assert fake.sleeps == [1.0, 2.0, 4.0] and result.retry_after_waited == 7.0


def test_connect_errors_are_retried(make: Callable[..., Fetcher], fake: FakeTime) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        raise httpx.ConnectError("Connection refused", request=request)

    fetcher = make(
        allow_private=False,
        transport=httpx.MockTransport(handler),
        resolver=resolver({"down.test": [PUBLIC_IP]}),
    )
    result = fetcher.fetch("http://down.test/story")
    assert result.status == "failed" and result.attempts == 4
    assert (
        result.reason
        == "failed: could not connect to down.test (Connection refused) (gave up after 4 attempts)"
    )
    assert fake.sleeps == [1.0, 2.0, 4.0]


def test_unreachable_site_fails_on_its_robots_txt(make: Callable[..., Fetcher], fake: FakeTime) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    fetcher = make(transport=httpx.MockTransport(handler), resolver=resolver({"down.test": [PUBLIC_IP]}))
    result = fetcher.fetch("http://down.test/story")
    assert result.status == "failed" and result.attempts == 1
    assert result.reason.startswith(
        "failed: robots.txt of down.test could not be fetched (could not connect to down.test (Connection refused)"
    )
    assert fetcher.fetch("http://down.test/other").reason == result.reason  # remembered, not asked again


# ---------------------------------------------------------------------------------------------
# limits: size, gzip bombs, slow servers, redirect loops


def test_page_over_the_size_limit_announced(site: Site, make: Callable[..., Fetcher]) -> None:
    site.page("/big", b"a" * (2 * MB))
    result = make().fetch(site.url("/big"))
    assert result.status == "failed" and result.body == b""
    assert result.reason == "failed: over the 1 MB size limit (the server announced 2 MB; not read)"


def test_page_over_the_size_limit_streamed(site: Site, make: Callable[..., Fetcher]) -> None:
    sent = {"bytes": 0}

    def chunks() -> Iterator[bytes]:
        for _ in range(32):  # 2 MB in 64 KB chunks, no Content-Length
            sent["bytes"] += 64 * 1024
            yield b"<p>" + b"a" * (64 * 1024 - 3)

    site.route("/stream", lambda r: Response(chunks(), content_type="text/html"))
    result = make().fetch(site.url("/stream"))
    assert result.status == "failed"
    assert re.fullmatch(
        r"failed: over the 1 MB size limit \(stopped reading after 1(\.\d)? MB\)", result.reason
    )


def test_gzip_bomb_stops_at_the_cap(site: Site, make: Callable[..., Fetcher]) -> None:
    bomb = gzip.compress(b"\0" * (64 * MB), compresslevel=9)
    assert len(bomb) < 100 * 1024
    site.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    result = make().fetch(site.url("/bomb"))
    assert (result.status, result.reason) == ("failed", "failed: decompresses past 1 MB (a gzip bomb?)")


def test_trickling_server_is_cut_off_at_the_deadline(site: Site, make: Callable[..., Fetcher]) -> None:
    def trickle() -> Iterator[bytes]:
        yield b"<html><body>"
        for _ in range(40):
            time.sleep(0.1)
            yield b"x"

    site.route("/slow", lambda r: Response(trickle(), content_type="text/html"))
    fetcher = make(replace(SETTINGS, total_timeout=1.0, read_timeout=5.0))
    start = time.monotonic()
    result = fetcher.fetch(site.url("/slow"))
    elapsed = time.monotonic() - start
    assert result.status == "failed"
    assert result.reason.startswith("failed: took longer than the 1 s time limit"), result.reason
    assert elapsed < 2.0


def test_stalled_server_read_timeout(site: Site, make: Callable[..., Fetcher]) -> None:
    def stall() -> Iterator[bytes]:
        yield b"<html><body>"
        time.sleep(1.0)
        yield b"</body></html>"

    site.route("/stall", lambda r: Response(stall(), content_type="text/html"))
    result = make(replace(SETTINGS, read_timeout=0.3)).fetch(site.url("/stall"))
    assert (result.status, result.reason) == ("failed", "failed: read timed out after 0.3 s")
    assert result.attempts == 1  # a slow read is not retried


def test_redirect_loop(site: Site, make: Callable[..., Fetcher]) -> None:
    site.route("/loop/a", lambda r: Response(status=302, headers={"Location": "/loop/b"}))
    site.route("/loop/b", lambda r: Response(status=302, headers={"Location": site.url("/loop/a")}))
    result = make().fetch(site.url("/loop/a"))
    assert result.status == "failed"
    assert result.reason == (
        f"failed: redirect loop after 10 redirects ({site.url('/loop/b')} -> {site.url('/loop/a')} -> {site.url('/loop/b')})"
    )
    assert site.paths().count("/loop/a") == 6  # 11 requests in all, then stopped


# ---------------------------------------------------------------------------------------------
# content checks


def test_binary_served_as_html_is_reported(site: Site, make: Callable[..., Fetcher]) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(random.Random(1).randrange(256) for _ in range(4096))
    site.page("/photo", png, content_type="text/html")
    result = make().fetch(site.url("/photo"))
    assert (result.status, result.reason) == (
        "failed",
        "failed: binary content (image/png) served as text/html",
    )
    noise = bytes(random.Random(2).randrange(256) for _ in range(4096))
    site.page("/noise", noise, content_type="text/html")
    result = make().fetch(site.url("/noise"))
    assert result.status == "failed"
    assert re.fullmatch(r"failed: binary content \(\d+% control bytes\) served as text/html", result.reason)


def test_unsupported_content_type_is_refused(site: Site, make: Callable[..., Fetcher]) -> None:
    site.page("/report.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    result = make().fetch(site.url("/report.pdf"))
    assert result.status == "refused" and result.body == b""
    assert result.reason == (
        "refused: application/pdf is not a page or feed type (newsfuse reads HTML, plain text, RSS/Atom and XML)"
    )
    assert document_from_fetch(result, INGEST).status == "skipped"


# ---------------------------------------------------------------------------------------------
# the address guard


@pytest.mark.parametrize(
    "address, problem",
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("64:ff9b::7f00:1", "a loopback address"),
        ("2002:7f00:1::", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.10", "a private address"),
        ("fd12::1", "a private address"),
        ("169.254.1.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a private address"),
        ("100.64.0.1", "not a public address (shared, documentation or special-purpose range)"),
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("100.100.100.200", "a cloud metadata address"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_problem(address: str, problem: str | None) -> None:
    assert address_problem(address, False, SETTINGS.metadata_addresses) == problem


def test_metadata_is_refused_even_when_private_addresses_are_allowed() -> None:
    assert address_problem("169.254.169.254", True, SETTINGS.metadata_addresses) == "a cloud metadata address"
    assert address_problem("10.1.2.3", True, SETTINGS.metadata_addresses) is None


def test_loopback_url_is_refused_by_default(site: Site, make: Callable[..., Fetcher]) -> None:
    site.page("/admin")
    result = make(allow_private=False).fetch(site.url("/admin"))
    assert result.status == "refused"
    assert result.reason == (
        "refused: 127.0.0.1 is a loopback address (pass --allow-private-addresses to fetch from private networks)"
    )
    assert site.paths() == []


def test_host_resolving_to_loopback_is_refused(site: Site, make: Callable[..., Fetcher]) -> None:
    fetcher = make(
        allow_private=False,
        resolver=resolver({"evil.test": ["127.0.0.1"], "mixed.test": [PUBLIC_IP, "10.0.0.7"]}),
    )
    result = fetcher.fetch(f"http://evil.test:{site.port}/admin")
    assert result.status == "refused"
    assert result.reason == (
        "refused: evil.test resolves to 127.0.0.1, a loopback address "
        "(pass --allow-private-addresses to fetch from private networks)"
    )
    mixed = fetcher.fetch("http://mixed.test/")
    assert mixed.status == "refused" and "mixed.test resolves to 10.0.0.7, a private address" in mixed.reason
    assert site.paths() == []


@pytest.mark.parametrize(
    "target, reason",
    [
        (
            "http://127.0.0.1:{port}/secret",
            "refused: 127.0.0.1 is a loopback address (pass --allow-private-addresses",
        ),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a cloud metadata address"),
        ("http://evil.test:{port}/secret", "refused: evil.test resolves to 127.0.0.1, a loopback address"),
        ("file:///etc/passwd", "refused: only http and https URLs are fetched, not file"),
    ],
)
def test_redirects_to_private_addresses_are_refused(
    site: Site, make: Callable[..., Fetcher], target: str, reason: str
) -> None:
    location = target.format(port=site.port)
    site.route("/go", lambda r: Response(status=302, headers={"Location": location}))
    site.page("/secret", "the keys")
    fetcher = make(
        allow_private=False,
        transport=Loopback(site.port),
        resolver=resolver({"public.test": [PUBLIC_IP], "evil.test": ["127.0.0.1"]}),
    )
    result = fetcher.fetch(f"http://public.test:{site.port}/go")
    assert result.status == "refused", result.reason
    assert result.reason.startswith(reason)
    assert httpx.URL(result.final_url) == httpx.URL(location)
    assert "/go" in site.paths() and "/secret" not in site.paths()


def test_default_transport_connects_to_the_checked_address(site: Site, make: Callable[..., Fetcher]) -> None:
    """news.test exists only in the injected resolver: the connection uses the address the guard
    checked (one lookup per hop, none by the transport), and Host still names news.test."""
    calls: list[str] = []
    base = resolver({"news.test": ["127.0.0.1"]})

    def counted(host: str, port: int) -> Sequence[str]:
        calls.append(host)
        return base(host, port)

    site.page("/pinned")
    result = make(resolver=counted).fetch(f"http://news.test:{site.port}/pinned")
    assert result.status == "fetched", result.reason
    request = next(req for req, _ in site.server.log if req.path == "/pinned")
    assert request.headers["Host"] == f"news.test:{site.port}"
    assert calls == ["news.test", "news.test"]  # robots.txt hop and page hop


def test_dns_failure(make: Callable[..., Fetcher]) -> None:
    result = make(resolver=resolver({})).fetch("http://nowhere.test/story")
    assert (result.status, result.reason) == (
        "failed",
        "failed: DNS lookup of nowhere.test failed (Name or service not known)",
    )


@pytest.mark.parametrize(
    "url, reason",
    [
        ("ftp://example.com/file", "refused: only http and https URLs are fetched, not ftp"),
        ("file:///etc/passwd", "refused: only http and https URLs are fetched, not file"),
        ("http://user:secret@example.com/", "refused: the URL carries a user name or password"),
        ("not a url", "refused: only http and https URLs are fetched, not no scheme"),
        ("", "refused: only http and https URLs are fetched, not no scheme"),
        ("http://", "refused: the URL has no host"),
        ("http://[::1", "refused: not a valid URL"),
    ],
)
def test_bad_urls_never_raise(make: Callable[..., Fetcher], url: str, reason: str) -> None:
    result = make(resolver=resolver({})).fetch(url)
    assert result.status == "refused"
    assert result.reason.startswith(reason)
    assert document_from_fetch(result, INGEST).status == "skipped"


# ---------------------------------------------------------------------------------------------
# robots.txt


def test_robots_disallow_is_honoured_and_cached(site: Site, make: Callable[..., Fetcher]) -> None:
    site.robots = "User-agent: otherbot\nDisallow: /\n\nUser-agent: newsfuse\nDisallow: /private\n"
    site.page("/private/story")
    site.page("/public/story")
    fetcher = make()
    refused = fetcher.fetch(site.url("/private/story"))
    assert refused.status == "refused"
    assert refused.reason == "refused: robots.txt of 127.0.0.1 disallows /private/story for newsfuse"
    assert fetcher.fetch(site.url("/public/story")).status == "fetched"
    assert "/private/story" not in site.paths()
    assert site.robots_hits == 1


def test_robots_5xx_disallows_the_site(site: Site, make: Callable[..., Fetcher]) -> None:
    site.robots_status = 503
    site.page("/story")
    result = make().fetch(site.url("/story"))
    assert result.status == "refused"
    assert result.reason.startswith(
        "refused: robots.txt of 127.0.0.1 answered HTTP 503 Service Unavailable; RFC 9309 treats the site as disallowed"
    )
    assert "/story" not in site.paths()


def test_crawl_delay_spaces_requests(site: Site, make: Callable[..., Fetcher], fake: FakeTime) -> None:
    site.robots = "User-agent: *\nCrawl-delay: 5\n"
    site.page("/one")
    site.page("/two")
    fetcher = make()
    assert [fetcher.fetch(site.url(p)).status for p in ("/one", "/two")] == ["fetched", "fetched"]
    assert fake.sleeps == [5.0]


def test_per_host_delay(site: Site, make: Callable[..., Fetcher], fake: FakeTime) -> None:
    for path in ("/a", "/b", "/c"):
        site.page(path)
    fetcher = make(replace(SETTINGS, per_host_delay=2.0))
    assert all(fetcher.fetch(site.url(p)).status == "fetched" for p in ("/a", "/b", "/c"))
    assert fake.sleeps == [2.0, 2.0, 2.0]  # robots.txt, then each page, 2 s apart


# ---------------------------------------------------------------------------------------------
# conditional GET


def test_conditional_get_with_etag(site: Site, make: Callable[..., Fetcher]) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(PAGE, content_type="text/html", headers={"ETag": '"v1"'})

    site.route("/etag", handler)
    fetcher = make()
    first = fetcher.fetch(site.url("/etag"))
    assert first.status == "fetched" and first.etag == '"v1"'
    again = fetcher.fetch(site.url("/etag"), etag=first.etag)
    assert (again.status, again.http_status, again.etag, again.body) == ("not-modified", 304, '"v1"', b"")
    assert again.reason == "not modified since the copy held (HTTP 304)"
    assert document_from_fetch(again, INGEST).status == "skipped"


def test_conditional_get_with_last_modified(site: Site, make: Callable[..., Fetcher]) -> None:
    stamp = "Tue, 10 Jun 2025 04:00:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(PAGE, content_type="text/html", headers={"Last-Modified": stamp})

    site.route("/lm", handler)
    fetcher = make()
    first = fetcher.fetch(site.url("/lm"))
    assert first.last_modified == stamp
    again = fetcher.fetch(site.url("/lm"), last_modified=first.last_modified)
    assert again.status == "not-modified"


# ---------------------------------------------------------------------------------------------
# concurrency


def test_per_host_concurrency_is_never_exceeded(site: Site, make: Callable[..., Fetcher]) -> None:
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def slow(request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return Response(PAGE, content_type="text/html")

    site.route(re.compile(r"/c/\d+"), slow)
    fetcher = make(replace(SETTINGS, per_host_concurrency=2, workers=8))
    results = fetcher.fetch_many([site.url(f"/c/{i}") for i in range(8)])
    assert [r.status for r in results] == ["fetched"] * 8
    assert state["max"] == 2


def test_fetch_many_keeps_input_order(site: Site, make: Callable[..., Fetcher]) -> None:
    site.page("/ok")
    site.page("/missing", "no", status=404)
    requests: list[str | FetchRequest] = [site.url("/ok"), FetchRequest(site.url("/missing")), "gopher://x/"]
    results = make().fetch_many(requests)
    assert [r.status for r in results] == ["fetched", "failed", "refused"]
    assert [r.url for r in results] == [site.url("/ok"), site.url("/missing"), "gopher://x/"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"per_host_concurrency": 0}, "per_host_concurrency must be greater than 0 (got 0)"),
        ({"total_timeout": 0.0}, "total_timeout must be greater than 0"),
        ({"max_retries": -1}, "max_retries must be 0 or more (got -1)"),
        ({"user_agent": " "}, "user_agent and robots_token must not be empty"),
    ],
)
def test_invalid_settings_are_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        replace(SETTINGS, **change)  # type: ignore[arg-type]


def test_results_are_frozen() -> None:
    result = FetchResult(url="http://a/", final_url="http://a/", status="failed", reason="failed: x")
    with pytest.raises(AttributeError):
        result.status = "fetched"  # type: ignore[misc]
