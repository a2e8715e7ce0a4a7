"""WARC archives (.warc, .warc.gz, and old .arc via warcio): each HTML response is one Document.

warcio stops quietly at a truncated gzip member and returns a short payload for a record cut
mid-body, so damage is detected here: a record whose body ends before its Content-Length is
reported, and bytes left unread after the last good record mean the archive was cut. Records read
before the damage are kept. Request, warcinfo and metadata records describe the crawl, not pages,
and are not inputs; every response or resource record is reported, used or not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from newsfuse.ingest.base import InputRef, bad_document, human_size
from newsfuse.ingest.files import os_reason, text_document
from newsfuse.ingest.sniff import is_gzip
from newsfuse.models import Document
from newsfuse.settings import IngestSettings

__all__ = ["read_warc"]

RECORD_TYPE = "application/warc-record"
_PAGE_RECORDS = frozenset({"response", "resource", "revisit"})
_TEXT_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html", "text/plain": "text/plain"}
_TAIL_PROBE = 64 * 1024


def read_warc(ref: InputRef, settings: IngestSettings) -> Iterator[Document]:
    """Stream the Documents of one WARC file, reporting damage after the records that survived it."""
    key, origin = ref.key, ref.origin
    try:
        size = ref.path.stat().st_size
        fh: IO[bytes] = ref.path.open("rb")
    except OSError as err:
        yield bad_document(key, origin, RECORD_TYPE, "failed", os_reason(err))
        return
    with fh:
        gzipped = is_gzip(fh.read(2))
        fh.seek(0)
        if size == 0:
            yield bad_document(key, origin, RECORD_TYPE, "skipped", "empty file (0 bytes)")
            return
        records = 0
        end = 0
        archive = ArchiveIterator(fh, arc2warc=True)
        try:
            for record in archive:
                doc = _record_document(ref, record, settings, gzipped)
                end = archive.get_record_offset() + archive.get_record_length()
                if doc is not None:
                    records += 1
                    yield doc
        except Exception as err:  # warcio raises many types on damaged input; all mean "damaged here"
            yield _damage(ref, gzipped, f"{type(err).__name__}: {err}", records)
            return
        damage = _unread_tail(fh, end, size)
        if damage is not None:
            yield _damage(ref, gzipped, damage, records)
        elif records == 0:
            yield bad_document(
                key, origin, RECORD_TYPE, "skipped", "no response records in this WARC", size=size
            )


def _unread_tail(fh: IO[bytes], end: int, size: int) -> str | None:
    """Describe bytes after the last complete record that warcio could not parse, if any."""
    if end >= size:
        return None
    fh.seek(end)
    tail = fh.read(_TAIL_PROBE)
    if not tail.strip():
        return None  # the blank lines that end the last record
    return f"{human_size(size - end)} after the last complete record could not be read"


def _damage(ref: InputRef, gzipped: bool, detail: str, records: int) -> Document:
    prefix = "truncated gzip" if gzipped else "damaged WARC"
    reason = f"{prefix}: {detail} ({records} records before the damage kept)"
    return bad_document(f"{ref.key}#damage", ref.origin, RECORD_TYPE, "failed", reason)


def _record_document(ref: InputRef, record: Any, settings: IngestSettings, gzipped: bool) -> Document | None:
    """One Document for a page record, or None for a record that describes the crawl."""
    if record.rec_type not in _PAGE_RECORDS:
        return None
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID") or f"offset-{id(record)}"
    uri = headers.get_header("WARC-Target-URI") or f"{ref.origin}#{record_id}"
    key = f"{ref.key}#{record_id}"
    hints: tuple[tuple[str, str], ...] = (("url", uri),)
    fetched = headers.get_header("WARC-Date")
    if fetched:
        hints += (("fetched", fetched),)
    if record.rec_type == "revisit":
        reason = "revisit record: the page is stored in an earlier record"
        return bad_document(key, uri, RECORD_TYPE, "skipped", reason, hints=hints)
    http = record.http_headers
    if http is not None and http.get_statuscode():
        code = http.get_statuscode()
        if not code.startswith("2"):
            return bad_document(
                key, uri, RECORD_TYPE, "skipped", f"HTTP {code} response, not a page", hints=hints
            )
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.content_type or ""
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    media_type = _TEXT_TYPES.get(mime) if mime else None
    if mime and media_type is None:
        return bad_document(key, uri, RECORD_TYPE, "skipped", f"not an HTML page: {mime}", hints=hints)
    try:
        payload = record.content_stream().read(settings.max_bytes + 1)
    except Exception as err:  # bad Content-Encoding or chunking
        return bad_document(key, uri, RECORD_TYPE, "failed", f"undecodable HTTP body: {err}", hints=hints)
    if len(payload) > settings.max_bytes:
        reason = f"over the size limit: more than {human_size(settings.max_bytes)}"
        return bad_document(key, uri, RECORD_TYPE, "skipped", reason, hints=hints)
    if getattr(record.raw_stream, "limit", 0) > 0:
        prefix = "truncated gzip: record" if gzipped else "truncated record:"
        reason = f"{prefix} body ends {human_size(record.raw_stream.limit)} before its declared length"
        return bad_document(key, uri, RECORD_TYPE, "failed", reason, size=len(payload), hints=hints)
    if not payload:
        return bad_document(key, uri, RECORD_TYPE, "skipped", "empty response body (0 bytes)", hints=hints)
    charset = _charset(params)
    return text_document(key, uri, payload, media_type, settings, declared=charset, hints=hints)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
