"""Feeds and sitemaps -> the article URLs they list, in document order, each once.

RSS and Atom go through feedparser, given the bytes in a stream (a bare string or bytes would be
taken for a URL or a file name and fetched or opened); its strict parser runs with external
entities off, and a malformed feed is read by its lenient parser, the damage reported in
``problems``. Sitemaps (``urlset``, ``sitemapindex``, Google News sitemaps) are read with lxml,
hardened: no network, no DTD, no entity expansion, no huge trees. Links are resolved against the
document's URL, kept only when http(s), stripped of fragments, and de-duplicated (first wins).

trafilatura's ``feeds.extract_links`` parses a string without network I/O, but it sorts links,
drops other domains and returns no dates or titles, so it is not used; its sitemap reader fetches.

>>> expand("https://example.com/sitemap.xml", b"<urlset><url><loc>/a</loc></url></urlset>").links
(Link(url='https://example.com/a', published=None, title=None, updated=None),)
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
from lxml import etree

from newsfuse.errors import UsageError
from newsfuse.ingest.fetch import FetchResult

__all__ = ["Expansion", "ExpansionKind", "Link", "expand"]

ExpansionKind = Literal["feed", "sitemap", "sitemap-index", "page"]

_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
# The first element's name, after an optional BOM, XML declaration, comments, PIs and a doctype.
_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>[]*(?:\[.*?\])?\s*>\s*)*<([A-Za-z_][\w.:-]*)",
    re.DOTALL,
)
_W3C_DATE = re.compile(
    r"^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)


@dataclass(frozen=True, slots=True)
class Link:
    """One URL a feed or sitemap lists. Dates are ISO 8601 strings as far as the source gave them."""

    url: str
    published: str | None = None
    title: str | None = None
    updated: str | None = None


@dataclass(frozen=True, slots=True)
class Expansion:
    """What a feed or sitemap lists. ``kind`` is ``page`` for anything else (``links`` then empty);
    ``problems`` holds a sentence per defect found (a malformed feed is still read as far as it goes)."""

    kind: ExpansionKind
    base_url: str
    links: tuple[Link, ...] = ()
    problems: tuple[str, ...] = ()


def expand(
    source: FetchResult | str, body: bytes | None = None, content_type: str | None = None
) -> Expansion:
    """The links of a feed or sitemap. ``source`` is a FetchResult (its final URL, body and type are
    used unless given) or the URL the body came from; links are resolved against that URL."""
    if isinstance(source, FetchResult):
        base = source.final_url or source.url
        body = source.body if body is None else body
        content_type = content_type or source.content_type
    else:
        base = source
        if body is None:
            raise UsageError("expand(url, body): give the body fetched from the URL, or pass a FetchResult.")
    root = _root_name(body)
    if root in ("urlset", "sitemapindex"):
        return _sitemap(base, body)
    if root in _FEED_ROOTS or (root is None and _feed_type(content_type) and body.strip()):
        return _feed(base, body, content_type)
    return Expansion("page", base)


def _root_name(body: bytes) -> str | None:
    match = _ROOT.match(body[:8192])
    if match is None:
        return None
    return match.group(1).decode("ascii").rsplit(":", 1)[-1].lower()


def _feed_type(content_type: str | None) -> bool:
    media = (content_type or "").partition(";")[0].strip().lower()
    return media in ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


class _Links:
    """Collects links in order: absolute, http(s), without fragment, each URL once."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.links: list[Link] = []
        self.seen: set[str] = set()
        self.rejected = 0

    def add(self, href: str | None, published: str | None, title: str | None, updated: str | None) -> None:
        if not href or not href.strip():
            return
        url = urldefrag(urljoin(self.base, href.strip())).url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.rejected += 1
            return
        if url in self.seen:
            return
        self.seen.add(url)
        self.links.append(Link(url, published, title, updated))

    def problems(self, found: Iterable[str]) -> tuple[str, ...]:
        out = list(found)
        if self.rejected:
            noun = "link" if self.rejected == 1 else "links"
            out.append(f"{self.rejected} {noun} skipped: not http(s) URLs")
        return tuple(out)


# ---------------------------------------------------------------------------------------------
# RSS / Atom


def _feed(base: str, body: bytes, content_type: str | None) -> Expansion:
    headers = {"content-location": base, "content-type": content_type or "application/xml"}
    if not _feed_type(content_type) and "xml" not in (content_type or ""):
        headers["content-type"] = "application/xml"  # a feed served as text/html is still a feed
    parsed: Any = feedparser.parse(
        io.BytesIO(body), response_headers=headers, resolve_relative_uris=True, sanitize_html=False
    )
    problems: list[str] = []
    if parsed.get("bozo"):
        problems.append(_bozo_reason(parsed.get("bozo_exception")))
    if not parsed.get("version") and not parsed.entries:
        problems.append("not a feed: no RSS or Atom structure found")
        return Expansion("page", base, problems=tuple(problems))
    links = _Links(base)
    for entry in parsed.entries:
        links.add(
            _entry_link(entry),
            _iso_struct(entry.get("published_parsed")),
            (entry.get("title") or "").strip() or None,
            _iso_struct(dict.get(entry, "updated_parsed")),  # entry.get() would alias published (deprecated)
        )
    return Expansion("feed", base, tuple(links.links), links.problems(problems))


def _bozo_reason(exc: object) -> str:
    if exc is None:
        return "malformed feed"
    line = getattr(exc, "getLineNumber", None)
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)  # SAXParseException
    where = f" at line {line()}" if callable(line) else ""
    return f"malformed feed: {message}{where} (read with the lenient parser)"


def _entry_link(entry: Any) -> str | None:
    """The entry's page: its alternate link, else an http(s) id (Atom ids, RSS permalink guids)."""
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    if entry.get("link"):
        return str(entry["link"])
    ident = str(entry.get("id") or "")
    return ident if ident.startswith(("http://", "https://")) else None


def _iso_struct(value: time.struct_time | None) -> str | None:
    """feedparser's UTC struct_time -> ISO 8601 (``2026-11-22T10:00:00Z``)."""
    if value is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)


# ---------------------------------------------------------------------------------------------
# sitemaps


def _parser() -> etree.XMLParser:
    """No network, no DTD, no entity expansion, no huge trees; recover from small damage."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _sitemap(base: str, body: bytes) -> Expansion:
    parser = _parser()
    problems: list[str] = []
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as err:
        return Expansion("page", base, problems=(f"unreadable sitemap: {err}",))
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    if errors:
        first = errors[0]
        problems.append(
            f"malformed sitemap: {first.message.strip()} at line {first.line} (read as far as possible)"
        )
    if root is None:
        return Expansion("page", base, problems=tuple(problems) or ("empty sitemap",))
    index = _local(root.tag) == "sitemapindex"
    links = _Links(base)
    for item in root:
        if _local(item.tag) != ("sitemap" if index else "url"):
            continue
        fields = _fields(item)
        published = _date(fields.get("publication_date"), problems)
        updated = _date(fields.get("lastmod"), problems)
        links.add(fields.get("loc"), published, fields.get("title"), updated)
    return Expansion(
        "sitemap-index" if index else "sitemap", base, tuple(links.links), links.problems(problems)
    )


def _fields(item: Any) -> dict[str, str]:
    """loc and lastmod of a sitemap entry (its own children: an image:loc is not the page), plus the
    title and publication_date of its news:news block, first occurrence of each."""
    fields: dict[str, str] = {}
    for child in item:
        name = _local(child.tag)
        if name == "news":
            for sub in child.iter():
                sub_name = _local(sub.tag)
                if sub_name in ("title", "publication_date") and (sub.text or "").strip():
                    fields.setdefault(sub_name, sub.text.strip())
        elif name in ("loc", "lastmod") and len(child) == 0 and (child.text or "").strip():
            fields.setdefault(name, child.text.strip())  # with child nodes (entities) it is not a URL
    return fields


def _date(value: str | None, problems: list[str]) -> str | None:
    """A W3C datetime kept as written; anything else is dropped with a problem noted."""
    if value is None:
        return None
    if _W3C_DATE.match(value) and (len(value) < 10 or _valid_iso(value)):
        return value
    problems.append(f"unreadable date {value[:40]!r} ignored")
    return None


def _valid_iso(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
