"""JSON Lines: one article per line, the format of most crawl dumps and scraper outputs.

Recognised fields, each optional: ``url``, ``title``, ``text`` or ``html``, ``published``,
``outlet``, ``byline``. Common aliases from other tools are accepted (``body``/``content`` for
text, ``raw_html`` for html, ``date``/``date_publish`` for published, ``source``/``site_name``
for outlet, ``author``/``authors`` for byline). A bad line becomes a failed Document whose reason
names the line; the lines around it are still read. The file is streamed, so a large dump never
sits in memory whole, and the size limit applies to each line, not to the file.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any

from newsfuse.ingest.base import InputRef, bad_document, human_size
from newsfuse.ingest.files import os_reason, text_document
from newsfuse.ingest.sniff import decode_text, is_gzip, kind_for_name
from newsfuse.models import Document
from newsfuse.settings import IngestSettings

__all__ = ["FIELD_ALIASES", "read_jsonl", "record_documents"]

RECORD_TYPE = "application/jsonl-record"

# Our field -> the keys other tools use for it, in order of preference.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "source_url", "uri"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "maintext", "article"),
    "html": ("html", "raw_html", "page"),
    "published": ("published", "date", "date_publish", "published_at", "pubdate", "datePublished"),
    "outlet": ("outlet", "source", "site_name", "publisher", "source_domain"),
    "byline": ("byline", "author", "authors"),
}


def _field(obj: dict[str, Any], name: str) -> str | None:
    """The first non-empty alias of ``name``, as a string (lists of authors are joined)."""
    for key in FIELD_ALIASES[name]:
        value = obj.get(key)
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list):
            return ", ".join(str(v) for v in value if v is not None)
        if isinstance(value, dict):
            continue  # nested objects are not a value we understand
        return str(value)
    return None


def read_jsonl(ref: InputRef, settings: IngestSettings) -> Iterator[Document]:
    """Stream the Documents of one JSONL (or .jsonl.gz) file."""
    key, origin = ref.key, ref.origin
    try:
        fh: IO[bytes] = ref.path.open("rb")
    except OSError as err:
        yield bad_document(key, origin, RECORD_TYPE, "failed", os_reason(err))
        return
    with fh:
        head = fh.read(2)
        fh.seek(0)
        if kind_for_name(ref.path.name).gzipped or is_gzip(head):
            with gzip.GzipFile(fileobj=fh, mode="rb") as unzipped:
                yield from record_documents(ref, _lines(unzipped), settings)
        else:
            yield from record_documents(ref, _lines(fh), settings)


def _lines(stream: Iterable[bytes]) -> Iterator[bytes | BaseException]:
    """Lines of ``stream``; a read error is yielded (not raised) so that lines before it are kept."""
    try:
        yield from stream
    except (EOFError, OSError, zlib.error) as err:
        yield err


def record_documents(
    ref: InputRef, lines: Iterable[bytes | BaseException], settings: IngestSettings
) -> Iterator[Document]:
    """One Document per non-blank line; line numbers are 1-based, as editors show them."""
    key, origin = ref.key, ref.origin
    records = 0
    lineno = 0
    for item in lines:
        if isinstance(item, BaseException):
            yield _read_error(ref, item, lineno, records)
            return
        lineno += 1
        if not item.strip():
            continue
        records += 1
        yield _line_document(f"{key}#L{lineno}", f"{origin}#L{lineno}", lineno, item, settings)
    if records == 0:
        reason = "empty file (0 bytes)" if lineno == 0 else "no JSON records (only blank lines)"
        yield bad_document(key, origin, RECORD_TYPE, "skipped", reason)


def _read_error(ref: InputRef, err: BaseException, lineno: int, records: int) -> Document:
    where = f"after line {lineno} ({records} records kept)"
    if isinstance(err, EOFError):
        reason = f"truncated gzip: compressed file ended before the end-of-stream marker, {where}"
    elif isinstance(err, gzip.BadGzipFile | zlib.error):
        reason = f"corrupt gzip: {err}, {where}"
    elif isinstance(err, OSError):
        reason = f"{os_reason(err)}, {where}"
    else:  # pragma: no cover - _lines only yields the errors above
        reason = f"read error: {err}, {where}"
    return bad_document(f"{ref.key}#error", ref.origin, RECORD_TYPE, "failed", reason)


def _line_document(key: str, origin: str, lineno: int, line: bytes, settings: IngestSettings) -> Document:
    size = len(line)
    if size > settings.max_bytes:
        reason = f"line {lineno} over the size limit: {human_size(size)} > {human_size(settings.max_bytes)}"
        return bad_document(key, origin, RECORD_TYPE, "skipped", reason, size=size)
    decoded = decode_text(line)
    if decoded is None:
        return bad_document(
            key, origin, RECORD_TYPE, "failed", f"undecodable line {lineno}: no text encoding fits"
        )
    try:
        obj = json.loads(decoded[0].rstrip("\r\n"))
    except json.JSONDecodeError as err:
        reason = f"malformed JSON on line {lineno}: {err.msg} (column {err.colno})"
        return bad_document(key, origin, RECORD_TYPE, "failed", reason, size=size)
    if not isinstance(obj, dict):
        reason = f"line {lineno} is not a JSON object (got {type(obj).__name__})"
        return bad_document(key, origin, RECORD_TYPE, "failed", reason, size=size)
    fields = {name: _field(obj, name) for name in FIELD_ALIASES}
    url = fields["url"]
    hints = tuple((k, v) for k, v in fields.items() if v is not None and k not in ("text", "html"))
    text, html = fields["text"], fields["html"]
    if text is not None and html is not None:
        hints += (("html", html),)  # cleaning may want the page's metadata even when text is given
    shown = url or origin
    content, media_type = (text, "text/plain") if text is not None else (html, "text/html")
    if content is None:
        reason = f"line {lineno} has no text or html field (keys: {', '.join(sorted(obj)) or 'none'})"
        return bad_document(key, shown, RECORD_TYPE, "skipped", reason, size=size, hints=hints)
    if not content.strip():
        reason = f"line {lineno} has an empty {'text' if text is not None else 'html'} field"
        return bad_document(key, shown, RECORD_TYPE, "skipped", reason, size=size, hints=hints)
    doc = text_document(key, shown, content.encode("utf-8"), media_type, settings, size=size, hints=hints)
    if doc.status != "ok":
        return bad_document(
            key, shown, RECORD_TYPE, doc.status, f"line {lineno}: {doc.reason}", size=size, hints=hints
        )
    return doc
