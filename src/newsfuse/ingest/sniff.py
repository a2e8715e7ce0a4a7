"""Sniffing: what kind of input a file is, whether it is text at all, and which encoding it uses.

Decoding follows the order a browser uses (WHATWG "encoding sniffing"), because news pages were
written for browsers: a byte-order mark wins; then strict UTF-8 (most of the web, and every ASCII
file); then a charset the input declares (HTTP header, ``<meta charset>``, XML declaration) if the
bytes really decode with it; then statistical detection with charset-normalizer. Among detections
that fit equally well, Windows-1252 is preferred over its look-alikes (cp1250, cp1257...), which
charset-normalizer cannot tell apart on short Western text but which decode ``ñ`` or ``ł`` differently.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import PurePath

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

__all__ = [
    "BINARY_SIGNATURES",
    "Kind",
    "binary_reason",
    "control_ratio",
    "declared_charset",
    "decode_text",
    "is_gzip",
    "kind_for_name",
    "looks_like_html",
    "signature_type",
]

GZIP_MAGIC = b"\x1f\x8b"

# Bytes that never occur in text: C0 controls other than tab, LF, VT, FF, CR and ESC (ESC starts
# ISO-2022-JP shifts), plus DEL. Random data has ~11% of these; text has ~0%.
_CONTROL = frozenset(set(range(0x00, 0x09)) | set(range(0x0E, 0x1B)) | set(range(0x1C, 0x20)) | {0x7F})
_CONTROL_TABLE = bytes(_CONTROL)

# Only this much is examined for binary content: enough for a stable ratio, cheap on big files.
SNIFF_BYTES = 64 * 1024

# Magic numbers of formats people drop into a news folder by mistake.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip (or .docx/.xlsx/.epub)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword (OLE)"),
    (b"\x7fELF", "application/x-executable"),
    (b"BZh", "application/x-bzip2"),
    (b"\xfd7zXZ\x00", "application/x-xz"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"\x28\xb5\x2f\xfd", "application/zstd"),
    (b"SQLite format 3\x00", "application/vnd.sqlite3"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy labels that browsers decode as a superset (WHATWG encoding standard): decoding with the
# superset never loses a character the page author meant.
_SUPERSETS = {
    "ascii": "utf-8",
    "us-ascii": "utf-8",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin_1": "cp1252",
    "iso8859-1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_cn": "gb18030",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
}

_HIGH_BYTES = bytes(range(0x80, 0x100))
# Below this share of bytes >= 0x80 a text is "mostly ASCII" (English prose with a few symbols has
# ~0.1-0.5%; Polish or Czech prose has 5-8%, Japanese or Chinese far more).
MOSTLY_ASCII = 0.02
# charset-normalizer's own default ceiling on "mess" (chaos) for an acceptable decoding.
MAX_MESS = 0.2

# When detection ties, these win in this order (the common encodings of English-language pages).
_PREFERRED = ("utf_8", "cp1252")

# Code pages no browser decodes (absent from the WHATWG Encoding Standard): DOS, EBCDIC and
# the like. ibm866 (cp866) and windows-874 (cp874) are web encodings and stay allowed.
_NOT_WEB = frozenset(
    ["cp037", "cp273", "cp424", "cp437", "cp500", "cp720", "cp737", "cp775", "cp850", "cp852", "cp855"]
    + ["cp856", "cp857", "cp858", "cp860", "cp861", "cp862", "cp863", "cp864", "cp865", "cp869", "cp875"]
    + ["cp1006", "cp1026", "cp1125", "cp1140", "hp_roman8", "ptcp154", "kz1048"]
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta[\s>]|title[\s>]|article[\s>]|div[\s>]|p[\s>])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Kind:
    """What a file name says it holds. ``media_type`` is None when content must decide."""

    media_type: str | None
    container: str | None = None  # "jsonl" | "warc": one file holds many articles
    gzipped: bool = False
    unsupported: str | None = None  # the suffix, when we know we cannot read this type


_SUFFIXES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".shtml": "text/html",
}
_CONTAINERS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc", ".arc": "warc"}
# Suffixes we know are not news text, so they are skipped without being read.
_UNSUPPORTED = frozenset(
    [
        ".pdf",
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".epub",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".svg",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".mp3",
        ".mp4",
        ".wav",
        ".ogg",
        ".webm",
        ".mov",
        ".avi",
        ".zip",
        ".tar",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".rar",
        ".zst",
        ".exe",
        ".dll",
        ".so",
        ".bin",
        ".pyc",
        ".db",
        ".sqlite",
        ".parquet",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".css",
        ".js",
        ".json",
        ".csv",
        ".tsv",
        ".xml",
    ]
)


def kind_for_name(name: str) -> Kind:
    """Classify by file name alone (cheap: used while walking). ``x.html.gz`` is gzipped HTML."""
    suffixes = [s.lower() for s in PurePath(name).suffixes]
    gzipped = bool(suffixes) and suffixes[-1] in (".gz", ".gzip")
    if gzipped:
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in _CONTAINERS:
        return Kind(media_type=None, container=_CONTAINERS[last], gzipped=gzipped)
    if last in _SUFFIXES:
        return Kind(media_type=_SUFFIXES[last], gzipped=gzipped)
    if last in _UNSUPPORTED:
        return Kind(media_type=None, gzipped=gzipped, unsupported=last)
    return Kind(media_type=None, gzipped=gzipped)  # unknown or no suffix: content decides


def is_gzip(head: bytes) -> bool:
    return head.startswith(GZIP_MAGIC)


def signature_type(head: bytes) -> str | None:
    """The media type of a known binary format from its magic number, or None."""
    for magic, media in BINARY_SIGNATURES:
        if head.startswith(magic):
            return media
    return None


def control_ratio(data: bytes) -> float:
    """Share of bytes in ``data[:SNIFF_BYTES]`` that never occur in text."""
    sample = data[:SNIFF_BYTES]
    if not sample:
        return 0.0
    # bytes.translate with delete= drops the control bytes; the length difference counts them fast.
    kept = sample.translate(None, _CONTROL_TABLE)
    return (len(sample) - len(kept)) / len(sample)


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def binary_reason(data: bytes, threshold: float) -> str | None:
    """Why ``data`` is not text, or None if it may be text.

    A NUL byte outside UTF-16/32 marks binary (git's rule), as does a control-byte share above
    ``threshold``. Inputs with a UTF-16/32 byte-order mark are text by declaration.
    """
    media = signature_type(data)
    if media is not None:
        return f"binary content ({media})"
    if _bom_encoding(data) is not None:
        return None
    ratio = control_ratio(data)
    sample = data[:SNIFF_BYTES]
    if ratio > threshold or b"\x00" in sample:
        return f"binary content ({ratio:.0%} control bytes)"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset the content itself declares (``<meta charset>``, XML declaration), if any."""
    head = data[:4096]
    match = _XML_ENCODING.match(head.lstrip()) or _META_CHARSET.search(head)
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace").strip().lower()


def _normalise(label: str | None) -> str | None:
    """A Python codec name for ``label``, upgraded to the browser superset; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str] | None:
    """Decode ``data`` to text; returns ``(text, encoding)`` or None when no encoding fits.

    ``declared`` is a charset from outside the bytes (an HTTP Content-Type header); the content's
    own ``<meta charset>`` is looked up here. A declaration is trusted only if it decodes strictly.
    """
    bom = _bom_encoding(data)
    if bom is not None:
        text = _strict(data, bom)
        if text is not None:
            return text, bom
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    for label in (declared, declared_charset(data)):
        name = _normalise(label)
        if name is None:
            continue
        text = _strict(data, name)
        if text is not None:
            return text, name
    return _detect(data)


def _web_names(names: list[str]) -> list[str]:
    return [n for n in names if n not in _NOT_WEB and not n.startswith("mac_")]


def _mostly_ascii_cp1252(data: bytes) -> str | None:
    """Text that is almost all ASCII with a few high bytes is English-like, and Windows-1252 is the
    legacy encoding of English pages: a lone ``£`` or curly quote must not become ``Ł`` (cp1250)
    or a katakana (cp932), which statistical detection picks on so little evidence."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high == 0 or high / len(data) >= MOSTLY_ASCII:
        return None
    text = _strict(data, "cp1252")
    if text is None or mess_ratio(text[:SNIFF_BYTES], maximum_threshold=1.0) > MAX_MESS:
        return None
    return text


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's pick among encodings web pages use, ties broken toward English pages'."""
    text = _mostly_ascii_cp1252(data)
    if text is not None:
        return text, "cp1252"
    matches = list(from_bytes(data))
    if not matches:
        return None
    # DOS and Mac code pages map 0x80-0x9F to letters, so curly quotes in cp1252 text "score" as
    # accented words there; browsers never decode pages with them (WHATWG), so neither do we.
    web = [(m, _web_names([m.encoding, *m.could_be_from_charset])) for m in matches]
    web = [(m, names) for m, names in web if names] or [(m, [m.encoding]) for m in matches]
    best = web[0][0]
    # A tie is as clean (chaos) and as language-like (coherence) as the best: Spanish in cp1252 and
    # cp1250 tie; Polish in cp1250 does not, as cp1252 turns its letters into symbols mid-word.
    candidates: list[str] = []
    for match, names in web:
        if match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.02:
            candidates.extend(names)
    chosen = candidates[0]
    for preferred in _PREFERRED:
        if preferred in candidates:
            chosen = preferred
            break
    name = _normalise(chosen) or chosen
    text = _strict(data, name)
    if text is None:  # the superset disagrees (should not happen): fall back to the detected codec
        name = best.encoding
        text = str(best)
    return text, name


def looks_like_html(text: str) -> bool:
    """True when decoded text is an HTML document or fragment rather than prose.

    The text must start with markup (after whitespace, BOM and comments) and an HTML element
    must appear early: a ``.txt`` that holds a saved web page is read as HTML.
    """
    head = text[:2048].lstrip("\ufeff \t\r\n")
    while head.startswith("<!--"):
        end = head.find("-->")
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    if head.startswith("<?xml"):
        end = head.find("?>")
        head = head[end + 2 :].lstrip() if end >= 0 else ""
    return head.startswith("<") and _HTML_START.match(head) is not None
