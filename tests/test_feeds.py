"""Feeds and sitemaps: links absolute, in order, each once; damage reported, never raised; no I/O."""

from __future__ import annotations

import random

import pytest

from newsfuse.errors import UsageError
from newsfuse.ingest.feeds import Expansion, Link, expand
from newsfuse.ingest.fetch import FetchResult

# Feeds and sitemaps written for these tests.
RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Harbour Gazette</title>
    <link>https://gazette.example/</link>
    <item>
      <title>Ferry strike ends after three days</title>
      <link>https://gazette.example/news/ferry-strike-ends</link>
      <pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate>
    </item>
    <item>
      <title>Council approves sea wall</title>
      <link>/news/sea-wall</link>
      <pubDate>Mon, 09 Jun 2025 18:30:00 +0200</pubDate>
    </item>
    <item>
      <title>Sea wall: what the vote means</title>
      <link>explainers/sea-wall#vote</link>
    </item>
    <item>
      <title>Council approves sea wall (updated)</title>
      <link>https://gazette.example/news/sea-wall#update</link>
    </item>
    <item>
      <title>Share this</title>
      <link>javascript:share()</link>
    </item>
    <item>
      <title>Permalink only</title>
      <guid isPermaLink="true">https://gazette.example/news/permalink-only</guid>
    </item>
  </channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://wire.example/stories/">
  <title>Wire</title>
  <link rel="self" href="https://wire.example/atom.xml"/>
  <id>tag:wire.example,2025:feed</id>
  <updated>2025-06-11T00:00:00Z</updated>
  <entry>
    <title>Quake shakes coastal towns</title>
    <link rel="self" type="application/atom+xml" href="entries/1.xml"/>
    <link rel="alternate" type="text/html" href="quake-coastal-towns"/>
    <id>tag:wire.example,2025:1</id>
    <published>2025-06-10T06:15:00+02:00</published>
    <updated>2025-06-10T09:00:00Z</updated>
  </entry>
  <entry>
    <title>Aftershocks expected</title>
    <id>https://wire.example/stories/aftershocks</id>
    <updated>2025-06-10T10:00:00Z</updated>
  </entry>
</feed>
"""

# Unescaped ampersand, an unclosed element and a truncated end: a CMS that builds XML by hand.
MALFORMED_RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Broken & proud</title>
<item><title>Bridge reopens</title><link>/news/bridge-reopens</link></item>
<item><title>Tolls return <b>today</title><link>/news/tolls</link></item>
<item><title>Cut off"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <image:image><image:loc>https://cdn.example/photo.jpg</image:loc></image:image>
    <loc>https://daily.example/2025/06/10/budget</loc>
    <lastmod>2025-06-10T08:00:00+00:00</lastmod>
  </url>
  <url><loc>https://daily.example/2025/06/10/weather</loc><lastmod>2025-06-10</lastmod></url>
  <url><loc>https://daily.example/2025/06/10/budget</loc></url>
  <url><loc>ftp://daily.example/archive.zip</loc></url>
  <url><loc>https://daily.example/about</loc><lastmod>last tuesday</lastmod></url>
</urlset>
"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://daily.example/world/flood-warning</loc>
    <news:news>
      <news:publication><news:name>The Daily</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-06-10T07:45:00+01:00</news:publication_date>
      <news:title>Flood warning for the river valley</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://daily.example/world/dam-inspection</loc>
    <news:news>
      <news:publication><news:name>The Daily</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-06-09</news:publication_date>
      <news:title>Dam inspection ordered</news:title>
    </news:news>
  </url>
</urlset>
"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://daily.example/sitemap-news.xml</loc><lastmod>2025-06-10T08:00:00Z</lastmod></sitemap>
  <sitemap><loc>/sitemap-2025-06.xml.gz</loc></sitemap>
</sitemapindex>
"""


def urls(expansion: Expansion) -> list[str]:
    return [link.url for link in expansion.links]


def test_rss_links_in_order_with_titles_and_dates() -> None:
    got = expand("https://gazette.example/feeds/news.rss", RSS, "application/rss+xml")
    assert got.kind == "feed"
    assert urls(got) == [
        "https://gazette.example/news/ferry-strike-ends",
        "https://gazette.example/news/sea-wall",
        "https://gazette.example/feeds/explainers/sea-wall",
        "https://gazette.example/news/permalink-only",
    ]
    first, second = got.links[0], got.links[1]
    assert first == Link(
        "https://gazette.example/news/ferry-strike-ends",
        published="2025-06-10T04:00:00Z",
        title="Ferry strike ends after three days",
    )
    assert second.published == "2025-06-09T16:30:00Z"  # +0200 normalised to UTC
    assert got.problems == ("1 link skipped: not http(s) URLs",)


def test_relative_and_duplicate_links_resolved_once_against_the_feed_url() -> None:
    got = expand("https://gazette.example/feeds/news.rss", RSS, "application/rss+xml")
    # "/news/sea-wall" and "https://.../news/sea-wall#update" are one page; the first keeps its title.
    assert urls(got).count("https://gazette.example/news/sea-wall") == 1
    assert got.links[1].title == "Council approves sea wall"
    assert all(url.startswith("https://gazette.example/") for url in urls(got))
    assert not any("#" in url for url in urls(got))


def test_atom_alternate_links_xml_base_and_id_fallback() -> None:
    got = expand("https://wire.example/atom.xml", ATOM, "application/atom+xml")
    assert got.kind == "feed"
    assert got.problems == ()
    assert urls(got) == [
        "https://wire.example/stories/quake-coastal-towns",
        "https://wire.example/stories/aftershocks",
    ]
    assert got.links[0].published == "2025-06-10T04:15:00Z"
    assert got.links[0].updated == "2025-06-10T09:00:00Z"
    assert got.links[1].published is None
    assert got.links[1].title == "Aftershocks expected"


def test_malformed_feed_is_read_as_far_as_it_goes_and_reported() -> None:
    got = expand("https://broken.example/rss", MALFORMED_RSS, "application/rss+xml")
    assert got.kind == "feed"
    assert got.problems and got.problems[0].startswith("malformed feed:")
    assert "https://broken.example/news/bridge-reopens" in urls(got)


def test_feed_served_as_html_is_still_a_feed() -> None:
    got = expand("https://gazette.example/rss", RSS, "text/html; charset=utf-8")
    assert got.kind == "feed"
    assert len(got.links) == 4


def test_sitemap_locations_and_lastmod() -> None:
    got = expand("https://daily.example/sitemap.xml", SITEMAP, "application/xml")
    assert got.kind == "sitemap"
    assert urls(got) == [
        "https://daily.example/2025/06/10/budget",
        "https://daily.example/2025/06/10/weather",
        "https://daily.example/about",
    ]
    assert got.links[0].updated == "2025-06-10T08:00:00+00:00"
    assert got.links[1].updated == "2025-06-10"
    assert got.links[2].updated is None
    assert "unreadable date 'last tuesday' ignored" in got.problems
    assert "1 link skipped: not http(s) URLs" in got.problems


def test_news_sitemap_publication_dates_and_titles() -> None:
    got = expand("https://daily.example/sitemap-news.xml", NEWS_SITEMAP, None)
    assert got.kind == "sitemap"
    assert got.links == (
        Link(
            "https://daily.example/world/flood-warning",
            published="2025-06-10T07:45:00+01:00",
            title="Flood warning for the river valley",
        ),
        Link(
            "https://daily.example/world/dam-inspection",
            published="2025-06-09",
            title="Dam inspection ordered",
        ),
    )
    assert got.problems == ()


def test_sitemap_index_lists_sitemaps() -> None:
    got = expand("https://daily.example/sitemap_index.xml", SITEMAP_INDEX, "text/xml")
    assert got.kind == "sitemap-index"
    assert urls(got) == [
        "https://daily.example/sitemap-news.xml",
        "https://daily.example/sitemap-2025-06.xml.gz",
    ]
    assert got.links[0].updated == "2025-06-10T08:00:00Z"


def test_unnamespaced_and_damaged_sitemap() -> None:
    body = b"<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.example/2</loc></url"
    got = expand("https://a.example/sitemap.xml", body)
    assert got.kind == "sitemap"
    assert urls(got)[0] == "https://a.example/1"
    assert got.problems and got.problems[0].startswith("malformed sitemap:")


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Hello</p></body></html>", "text/html"),
        (b"Just some words, not markup.", "text/plain"),
        (b"", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"/etc/hostname", "application/rss+xml"),  # feedparser must not open this as a file
        (b"https://example.com/feed.xml", "application/rss+xml"),  # ...nor fetch this
    ],
)
def test_anything_else_is_a_page(body: bytes, content_type: str | None) -> None:
    got = expand("https://x.example/", body, content_type)
    assert got.kind == "page"
    assert got.links == ()


def test_sitemap_entities_are_not_expanded_or_fetched(tmp_path: pytest.TempPathFactory) -> None:
    secret = b"TOP-SECRET-CONTENT"
    path = tmp_path / "secret.txt"  # type: ignore[operator]
    path.write_bytes(secret)
    body = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file://'
        + str(path).encode()
        + b'"><!ENTITY net SYSTEM "http://127.0.0.1:9/evil.dtd">]>'
        b"<urlset><url><loc>https://a.example/&x;</loc></url><url><loc>https://a.example/&net;b</loc></url></urlset>"
    )
    got = expand("https://a.example/sitemap.xml", body)
    assert got.kind == "sitemap"
    assert all(secret.decode() not in link.url for link in got.links)


def test_billion_laughs_sitemap_stays_small() -> None:
    entities = b'<!ENTITY a0 "lol">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    body = (
        b'<?xml version="1.0"?><!DOCTYPE urlset ['
        + entities
        + b"]><urlset><url><loc>https://a.example/&a9;</loc></url></urlset>"
    )
    got = expand("https://a.example/sitemap.xml", body)
    assert sum(len(link.url) for link in got.links) < 1000


def test_feed_external_entity_not_read(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "secret.txt"  # type: ignore[operator]
    path.write_bytes(b"TOP-SECRET-CONTENT")
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://' + str(path).encode() + b'">]>'
        b'<rss version="2.0"><channel><item><title>&x;</title><link>https://a.example/1</link></item></channel></rss>'
    )
    got = expand("https://a.example/rss", body)
    assert all("TOP-SECRET" not in (link.title or "") for link in got.links)


def test_expand_takes_a_fetch_result() -> None:
    result = FetchResult(
        url="https://gazette.example/rss",
        final_url="https://gazette.example/feeds/news.rss",
        status="fetched",
        reason="fetched: HTTP 200 OK, 1 KB",
        content_type="application/rss+xml",
        body=RSS,
    )
    got = expand(result)
    assert got.base_url == "https://gazette.example/feeds/news.rss"
    assert "https://gazette.example/feeds/explainers/sea-wall" in urls(got)


def test_expand_needs_a_body_with_a_url() -> None:
    with pytest.raises(UsageError, match="give the body"):
        expand("https://gazette.example/rss")


def test_random_bytes_never_raise() -> None:
    rng = random.Random(12)
    prefixes = [b"", b"<rss>", b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<urlset>", b"<sitemapindex>"]
    for _ in range(200):
        body = rng.choice(prefixes) + bytes(rng.randrange(256) for _ in range(rng.randrange(200)))
        got = expand("https://x.example/", body, rng.choice([None, "application/rss+xml", "text/xml"]))
        assert got.kind in ("feed", "sitemap", "sitemap-index", "page")
