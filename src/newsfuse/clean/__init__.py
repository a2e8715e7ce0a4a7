"""Cleaning: one :class:`~newsfuse.models.Document` in, one :class:`~newsfuse.models.Article` out.

HTML goes through trafilatura (clean/html.py); plain text that still carries page chrome goes
through the line classifier (clean/text.py); metadata comes from both plus the finders in
clean/meta.py. Bad input raises :class:`~newsfuse.errors.SkipInput` (nothing to take: not
English, no body) or :class:`~newsfuse.errors.FailedInput` (cannot be decoded), never anything else.

Date precedence (documented choice): a labelled date header in the page ("Date May 5, 2025",
"Published: ...") is the page's publication date and wins; then a date the input declared
(JSONL/WARC hint); then the dateline of the first paragraph ("New Delhi, May 4, 2025 —"), which
often gives the day of the reporting rather than of publication. For HTML the page's metadata
date (trafilatura/htmldate) plays the header's part. With none of these the date is unknown, with the reason: never a guess.
"""

from __future__ import annotations

import dataclasses
import functools
import html as html_lib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from newsfuse.clean.html import HtmlExtraction, extract_html, looks_like_html
from newsfuse.clean.meta import (
    WIRE_AGENCIES,
    Found,
    FoundDate,
    find_byline,
    find_credit,
    find_date_header,
    find_dateline,
    find_masthead,
    find_outlet,
    find_title,
    outlet_from_byline,
    parse_date,
    split_title_suffix,
)
from newsfuse.clean.text import (
    RELATED_LABEL,
    Block,
    TextCleaning,
    clean_lines,
    normalise_line,
    split_lines,
    stopwords_for,
)
from newsfuse.errors import FailedInput, SkipInput
from newsfuse.models import Article, Document, Removed, Span, When, content_id
from newsfuse.settings import CleanSettings

__all__ = ["CleanContext", "clean_document", "detect_language", "site_key"]

_LANGUAGE_NAMES = {"en": "English"}


@dataclass(frozen=True, slots=True)
class CleanContext:
    """Evidence gathered across documents: lines repeated on several pages of one site are chrome.

    ``site_chrome`` maps a site key (the URL host, else the declared outlet) to normalised lines
    seen on at least ``site_chrome_min_pages`` distinct pages of that site. Pages without a URL or
    outlet hint have no site and get no cross-document evidence (different outlets legitimately
    share wire copy, so lines are never pooled across sites).
    """

    site_chrome: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_documents(cls, docs: Sequence[Document], settings: CleanSettings | None = None) -> CleanContext:
        s = settings or CleanSettings()
        pages: dict[str, dict[frozenset[str], None]] = defaultdict(dict)
        for doc in docs:
            site = site_key(doc)
            text = doc.text
            if site is None or not text or looks_like_html(text, doc.media_type):
                continue
            lines = frozenset(k for k in (normalise_line(b.text) for b in split_lines(text)) if k)
            pages[site][lines] = None  # identical pages (re-ingested copies) count once
        chrome: dict[str, frozenset[str]] = {}
        for site, line_sets in pages.items():
            if len(line_sets) < s.site_chrome_min_pages:
                continue
            counts: Counter[str] = Counter()
            for lines in line_sets:
                counts.update(lines)
            common = frozenset(k for k, n in counts.items() if n >= s.site_chrome_min_pages)
            if common:
                chrome[site] = common
        return cls(site_chrome=chrome)

    def chrome_for(self, doc: Document) -> frozenset[str]:
        site = site_key(doc)
        return self.site_chrome.get(site, frozenset()) if site else frozenset()


def site_key(doc: Document) -> str | None:
    """The site a document belongs to: its URL host without ``www.``, else its declared outlet."""
    url = doc.hint("url")
    if url:
        host = urlsplit(url).hostname or ""
        if host:
            return host.removeprefix("www.")
    outlet = doc.hint("outlet")
    return outlet.strip().lower() if outlet else None


@functools.lru_cache(maxsize=1)
def _language_identifier() -> Any:
    """py3langid's model (0.6 s to load): read once per process, never modified."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, normalised probability) by py3langid."""
    lang, prob = _language_identifier().classify(text)
    return str(lang), float(prob)


def _decode(doc: Document) -> str:
    if doc.status != "ok":
        err = SkipInput if doc.status == "skipped" else FailedInput
        raise err(doc.reason or f"document is {doc.status}")
    if doc.text is not None:
        return doc.text
    if not doc.raw:
        raise SkipInput("empty input (0 bytes)")
    try:
        return doc.raw.decode(doc.encoding or "utf-8")
    except (UnicodeDecodeError, LookupError) as exc:
        raise FailedInput(f"cannot decode as {doc.encoding or 'utf-8'}: {exc}") from exc


def clean_document(doc: Document, settings: CleanSettings, context: CleanContext | None = None) -> Article:
    """Clean one document into an article: body, metadata with evidence, and what was cut."""
    source = _decode(doc)
    if not source.strip():
        raise SkipInput("empty text")
    if looks_like_html(source, doc.media_type):
        draft = _clean_html(doc, source, settings)
    else:
        chrome = context.chrome_for(doc) if context is not None else frozenset()
        draft = _clean_plain_text(source, settings, site_chrome=chrome, hints=dict(doc.hints))
    return _finish(doc, source, draft, settings)


@dataclass(frozen=True, slots=True)
class _Draft:
    """Everything cleaning found, with evidence as source offsets; becomes an Article once it has an id."""

    text: str
    title: Found | None = None
    byline: Found | None = None
    credit: Found | None = None
    outlet: Found | None = None
    dateline: Found | None = None
    published: FoundDate | None = None
    published_from: str | None = None
    removed: tuple[Removed, ...] = ()


def _clean_plain_text(
    source: str,
    settings: CleanSettings,
    *,
    site_chrome: frozenset[str] = frozenset(),
    hints: Mapping[str, str] | None = None,
) -> _Draft:
    """Body and metadata of page text without markup (the seeds' situation)."""
    hints = hints or {}
    blocks, forced, headers = _split_headers(split_lines(source))
    stopwords = stopwords_for(detect_language(source)[0], [b.text for b in blocks])
    for i, b in enumerate(blocks):
        if i not in forced and find_credit(b) is not None:
            forced[i] = "credit line"
    first = clean_lines(
        source,
        settings,
        blocks=blocks,
        forced=forced,
        site_chrome=site_chrome,
        stopwords=stopwords,
        title=_browser_title(blocks) or hints.get("title"),
    )
    body_start, body_end = first.body
    byline: Found | None = None
    for i in range(0, min(body_start + 1, len(blocks))):
        if i in forced:
            continue
        found = find_byline(blocks[i])
        if found is not None:
            byline = byline or found
            forced[i] = "byline"
    title_idx, title_text, outlet_from_title = _choose_title(blocks, first, frozenset(forced))
    if title_text is None and hints.get("title"):
        title_text = hints["title"]
    if title_idx is not None:
        forced[title_idx] = "title"
    result = clean_lines(
        source,
        settings,
        blocks=blocks,
        forced=forced,
        site_chrome=site_chrome,
        title=title_text,
        stopwords=stopwords,
    )

    credit = _first_named_credit(blocks, result)
    dateline = find_dateline(result.kept[0]) if result.kept else None
    if credit is None and dateline is not None and dateline.credit is not None:
        credit = dateline.credit

    title: Found | None = None
    if title_idx is not None:
        b = blocks[title_idx]
        title = Found(b.text, b.start, b.end)
    elif (
        title_text is not None
        and blocks
        and outlet_from_title is not None
        and title_text == blocks[0].text[: len(title_text)]
    ):
        title = Found(title_text, blocks[0].start, blocks[0].start + len(title_text))

    chrome_idx = [i for i in range(len(blocks)) if i in result.reasons]
    outlet = (
        _outlet_from_byline(byline)
        or find_outlet(blocks, chrome_idx, result.kinds)
        or find_masthead(blocks, frozenset(i for i, r in result.reasons.items() if r == "date header"))
        or outlet_from_title
        or find_outlet(blocks, chrome_idx, result.kinds, copyright_only=True)
        or (Found(credit.value, credit.start, credit.end) if credit and credit.value else None)
    )

    header = _pick_header(headers, blocks, result)
    published, published_from = (header, "header") if header else (None, None)
    if published is None and dateline is not None and dateline.date is not None:
        published, published_from = dateline.date, "dateline"
    kept, removed = list(result.kept), list(result.removed)
    own_name = hints.get("outlet") or (outlet.value if outlet is not None else None)
    while own_name and len(kept) > 1 and _outlet_footer(kept[-1].text, own_name):
        b = kept.pop()  # "Lakeside Weekly welcomes letters from readers": the page, not the story
        reason = (
            "copyright notice"
            if _COPYRIGHT.search(b.text.lower())
            else "outlet footer (the outlet about itself)"
        )
        removed.append(Removed(b.start, b.end, b.text, reason))
    cuts = _wire_furniture([b.text for b in kept])
    removed += [Removed(b.start, b.end, b.text, cuts[i]) for i, b in enumerate(kept) if i in cuts]
    kept = [b for i, b in enumerate(kept) if i not in cuts]
    for i, r in enumerate(removed):
        if _staff_credits(r.text) is None:
            continue
        removed[i] = Removed(r.start, r.end, r.text, _CREDITS)  # (also when the line cleaner cut it first)
        if byline is None and (names := _reporters(r.text)):
            at = r.start + r.text.index(names)
            byline = Found(names, at, at + len(names))  # no byline at the top: the credits name them
    return _Draft(
        text="\n\n".join(b.text for b in kept),
        title=title,
        byline=byline,
        credit=credit,
        outlet=outlet,
        dateline=Found(dateline.text, dateline.start, dateline.end) if dateline else None,
        published=published,
        published_from=published_from,
        removed=tuple(sorted(removed, key=lambda r: r.start)),
    )


# What trafilatura sometimes glues after an author's name: "Sunita Bhandari Published at : ..."
_BYLINE_TAIL = re.compile(r"\s+(?:published|updated|posted)\b.*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s)|\ball rights reserved\b")
# A wire story's closing credits: "(Reporting by A and B; Editing by C)", "Additional reporting by D".
_STAFF_CREDITS = re.compile(
    r"^[(\[]?\s*(?:(?:additional\s+)?reporting\s+by\s+(?P<reporters>[^;)\]]{2,120}?))?"
    r"(?:\s*[;,]?\s*(?:additional\s+reporting|reporting|writing|editing|compiled|edited|written|graphics)"
    r"\s+by\s+[^;)\]]{2,120}?)*\s*[)\]]?\s*\.?$",
    re.IGNORECASE,
)
_REPORTING = re.compile(r"\b(?:said|says|told|according|reported|quoted)\b|[\"“”]", re.I)


def _hinted_byline(value: str | None) -> str | None:
    """A feed's byline field ("By Fatma Juma") as a name."""
    name = re.sub(r"^\s*by\s+", "", value or "", flags=re.IGNORECASE).strip()
    return name or None


# "(This story has not been edited by X staff and is auto-generated from a syndicated feed.)"
_SYNDICATION_NOTE = re.compile(
    r"\b(?:auto-?generated from an? (?:syndicated|agency|wire) feed|published from an? (?:syndicated|agency|wire) "
    r"feed|has not been edited by [\w .&'’-]{1,60} staff)\b",
    re.IGNORECASE,
)
_SYNDICATED = "syndication note (the page about its feed)"


_CREDITS = "staff credits (reporting/editing by)"


def _syndication_note(text: str) -> bool:
    return len(text.split()) <= 40 and _SYNDICATION_NOTE.search(text) is not None


def _staff_credits(text: str) -> re.Match[str] | None:
    return _STAFF_CREDITS.match(text) if " by " in text.lower() else None


def _reporters(text: str) -> str | None:
    """The reporters a staff-credits line names ("Reporting by A and B; Editing by C" -> "A and B")."""
    m = _staff_credits(text)
    return m.group("reporters").strip() if m and m.group("reporters") else None


def _wire_furniture(paragraphs: Sequence[str]) -> dict[int, str]:
    """Paragraphs (by index) that are the page about the story, not the story, with the reason:
    syndication notes anywhere, staff credits at the end (the body always keeps one paragraph)."""
    cuts = {i: _SYNDICATED for i, p in enumerate(paragraphs) if _syndication_note(p)}
    if len(cuts) >= len(paragraphs):
        return {}
    rest = [i for i in range(len(paragraphs)) if i not in cuts]
    while len(rest) > 1 and _staff_credits(paragraphs[rest[-1]]):
        cuts[rest.pop()] = _CREDITS
    return cuts


def _outlet_footer(text: str, outlet: str) -> bool:
    """A short closing line in which the outlet speaks about itself, its name first ("X welcomes
    letters from readers", "The X is an independent newspaper"), not a news sentence that cites it
    ("The figures were first published by X", "..., X reported")."""
    low = text.lower()
    own = outlet.lower()
    if len(text.split()) > 25 or _REPORTING.search(text):
        return False
    if _COPYRIGHT.search(low):
        return True  # "Copyright Lakeside Weekly. All rights reserved."
    return len(own) >= 4 and (low.startswith(own) or low.startswith("the " + own.removeprefix("the ")))


def _choose_title(
    blocks: Sequence[Block], first: TextCleaning, excluded: frozenset[int]
) -> tuple[int | None, str | None, Found | None]:
    """(index of the headline line, headline text, outlet named by a browser-title suffix)."""
    body_start = first.body[0]
    browser = _browser_title(blocks)
    title_idx: int | None = None
    if browser is not None:
        # The page's own <title> names the headline: take its copy nearest above the body.
        key = normalise_line(browser)
        copies = [i for i in range(1, max(body_start, 1)) if normalise_line(blocks[i].text) == key]
        title_idx = copies[-1] if copies else None
    if title_idx is None:
        title_idx = find_title(blocks, first.kinds, body_start, excluded)
    title_text = blocks[title_idx].text if title_idx is not None else None
    outlet: Found | None = None
    if blocks and (split := split_title_suffix(blocks[0].text)) and (browser is None or browser == split[0]):
        # A browser title line "Headline - Outlet" at the top of a flattened page.
        head, site = split
        b0 = blocks[0]
        outlet = Found(site, b0.end - len(site), b0.end)
        if title_idx is None:
            title_text = head
    return title_idx, title_text, outlet


def _browser_title(blocks: Sequence[Block]) -> str | None:
    """A flattened page often opens with its <title> ("Headline | Site"); the headline recurs above the body."""
    if len(blocks) < 2:
        return None
    first = blocks[0].text
    split = split_title_suffix(first)
    keys = {normalise_line(b.text) for b in blocks[1:]}
    for candidate in ([split[0]] if split else []) + [first]:
        if normalise_line(candidate) in keys:
            return candidate
    return None


def _split_headers(blocks: list[Block]) -> tuple[list[Block], dict[int, str], list[tuple[int, FoundDate]]]:
    """Cut labelled date headers off their lines (one may be glued onto the first sentence)."""
    out: list[Block] = []
    forced: dict[int, str] = {}
    headers: list[tuple[int, FoundDate]] = []
    for b in blocks:
        found = find_date_header(b)
        if found is None:
            out.append(b)
            continue
        label_at_start = not re.search(r"[|•·]", b.text[: found.start - b.start])
        rest_start = found.header_end - b.start
        rest = b.text[rest_start:]
        if label_at_start and rest.strip() and len(rest.split()) >= 1:
            lead = len(rest) - len(rest.lstrip(" ,;|—–-"))
            head = Block(b.start, found.header_end, b.text[:rest_start].rstrip())
            body = Block(b.start + rest_start + lead, b.end, rest[lead:])
            forced[len(out)] = "date header"
            headers.append((len(out), found))
            out.append(head)
            out.append(body)
        else:
            forced[len(out)] = "date header"
            headers.append((len(out), found))
            out.append(b)
    return out, forced, headers


def _pick_header(
    headers: list[tuple[int, FoundDate]], blocks: Sequence[Block], result: TextCleaning
) -> FoundDate | None:
    """The first date header above the end of the body (headers in related lists date other stories)."""
    _, end = result.body
    for idx, found in headers:
        if idx < max(end, 1):
            return found
    return None


def _first_named_credit(blocks: Sequence[Block], result: TextCleaning) -> Found | None:
    for i in sorted(result.reasons):
        if result.reasons[i] == "credit line":
            found = find_credit(blocks[i])
            if found is not None and found.value:
                return found
    return None


def _outlet_from_byline(byline: Found | None) -> Found | None:
    if byline is None:
        return None
    name = outlet_from_byline(byline.value)
    return Found(name, byline.start, byline.start + len(name)) if name else None


def _clean_html(doc: Document, source: str, settings: CleanSettings) -> _Draft:
    """trafilatura for body and metadata; our finders for credit and dateline on its text."""
    ex: HtmlExtraction = extract_html(source, settings, url=doc.hint("url"))
    paragraphs = [p.strip() for p in ex.text.split("\n") if p.strip()]
    title_key = normalise_line(ex.title) if ex.title else ""
    credit: Found | None = None
    kept: list[str] = []
    removed: list[Removed] = []

    def cut(text: str, reason: str) -> None:
        where = _locate(source, text)
        if where.end > where.start:  # offsets must point into the source; unlocatable cuts stay unrecorded
            removed.append(Removed(where.start, where.end, source[where.start : where.end], reason))

    last = len(paragraphs) - 1
    for idx, p in enumerate(paragraphs):
        if title_key and normalise_line(p) == title_key:
            cut(p, "repeated headline")
            continue
        if RELATED_LABEL.match(p):
            cut(p, "related link")  # "Also Read: Truckers end Namanga blockade ..."
            continue
        c = find_credit(Block(0, len(p), p)) if idx in (0, 1, last) else None
        if c is not None:
            if c.value and credit is None:
                credit = _locate(source, c.value, within=p)
            cut(p, "credit line")
            continue
        kept.append(p)
    # above the dateline paragraph: a "Published: March 19, 2026" line, a section kicker ("Sudurpaschim
    # Province") - page furniture trafilatura kept as text
    lead = next((i for i, p in enumerate(kept[:4]) if find_dateline(Block(0, len(p), p))), None)
    for p in kept[:lead] if lead else []:
        header = find_date_header(Block(0, len(p), p))
        if header is not None and header.header_end >= len(p.rstrip(" .")) - 1:
            cut(p, "date header")
        elif len(p.split()) <= 4 and not p.rstrip().endswith((".", "!", "?", '"', "”")):
            cut(p, "kicker (section label above the dateline)")
        else:
            continue
        kept.remove(p)
    cuts = _wire_furniture(kept)
    for i in sorted(cuts):
        cut(kept[i], cuts[i])
    reporters = [n for i in sorted(cuts) if (n := _reporters(kept[i]))]
    kept = [p for i, p in enumerate(kept) if i not in cuts]
    text = "\n\n".join(kept)
    dateline_found: Found | None = None
    published: FoundDate | None = None
    published_from: str | None = None
    if kept:
        dl = find_dateline(Block(0, len(kept[0]), kept[0]))
        if dl is not None:
            dateline_found = _locate(source, dl.text)
            if credit is None and dl.credit is not None:
                raw_credit = kept[0][dl.credit.start : dl.credit.end]
                located = _locate(source, raw_credit, within=dl.text)
                credit = Found(dl.credit.value, located.start, located.end)
            if dl.date is not None:
                published = _locate_date(source, kept[0][dl.date.start : dl.date.end], dl.date)
                published_from = "dateline"
    if ex.date is not None:
        meta_date = _locate_date(source, ex.date, FoundDate(ex.date, "day", 0, 0))
        published, published_from = meta_date, "html-metadata"
    author = _BYLINE_TAIL.sub("", ex.author).strip() if ex.author else ""  # "Sunita Bhandari Published ..."
    parts = [x.strip() for x in re.split(r"\s*[;,/]\s*|\s+and\s+|\s+&\s+", author) if x.strip()]
    wires = [WIRE_AGENCIES[x.lower()] for x in parts if x.lower() in WIRE_AGENCIES]
    if wires and credit is None:  # "By Daniel Ssempijja, Associated Press", a byline that is just "PTI"
        credit = _locate(source, next(x for x in parts if x.lower() in WIRE_AGENCIES))
        credit = Found(wires[0], credit.start, credit.end)
    people = [x for x in parts if x.lower() not in WIRE_AGENCIES]
    if wires and people:
        author = people[0] if len(people) == 1 else author
    byline = _locate(source, author) if author else None
    if byline is None and reporters:
        byline = _locate(source, reporters[-1])
    outlet = (
        (_locate(source, ex.sitename) if ex.sitename else None)
        or _outlet_from_byline(byline)
        or (Found(credit.value, credit.start, credit.end) if credit else None)
    )
    return _Draft(
        text=text,
        title=_locate(source, ex.title) if ex.title else None,
        byline=byline,
        credit=credit,
        outlet=outlet,
        dateline=dateline_found,
        published=published,
        published_from=published_from,
        removed=tuple(removed),
    )


def _locate(source: str, value: str, within: str | None = None) -> Found:
    """Where ``value`` first appears in the source (HTML-escaped too); (0, 0) when it does not.

    With ``within`` (the paragraph it came from), the search starts where that paragraph is, so a
    short value such as "AP" is not matched inside some unrelated word earlier in the page.
    """
    offset = 0
    if within is not None:
        container = _locate(source, within)
        if container.end > container.start:
            offset = container.start
    for candidate in (value, html_lib.escape(value, quote=False), html_lib.escape(value)):
        pos = source.find(candidate, offset)
        if pos >= 0:
            return Found(value, pos, pos + len(candidate))
    return Found(value, 0, 0)


def _locate_date(source: str, text: str, date: FoundDate) -> FoundDate:
    pos = source.find(text)
    if pos < 0:
        return dataclasses.replace(date, start=0, end=0)
    return dataclasses.replace(date, start=pos, end=pos + len(text))


def _when_from_hint(value: str) -> When | None:
    parsed = parse_date(value)
    if parsed is None:
        m = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
        if not m:
            return None
        return When(m.group(), "day", (), "input-metadata")
    iso, precision, _ = parsed
    return When(iso, precision, (), "input-metadata")


# The archive describing its own capture ("these crawls are part of an effort to archive pages",
# "this is a set of web collections curated ... using Archive-It"), not a story about the archive.
_ARCHIVER = r"\b(?:wayback machine|internet archive|archive-it)\b"
_CAPTURE = r"(?:\b(?:this|these) (?:crawls?|is a set of web collections|web captures?)\b|\bwarc files\b)"
_ARCHIVE_NOTICE = re.compile(
    rf"{_ARCHIVER}[^\n]{{0,400}}?{_CAPTURE}|{_CAPTURE}[^\n]{{0,400}}?{_ARCHIVER}", re.I
)


def _finish(doc: Document, source: str, draft: _Draft, settings: CleanSettings) -> Article:
    """Checks (body length, language), then the article with its id and evidence spans."""
    words = len(re.findall(r"\w+", draft.text))
    if words < settings.min_words:
        # the reason names the setting: a feed of one-paragraph reports is kept with a lower floor
        raise SkipInput(
            f"no article body: {words} words after cleaning (clean.min_words is {settings.min_words})"
        )
    if words < 300 and _ARCHIVE_NOTICE.search(draft.text):
        # a failed web-archive capture: the archive describing its crawl instead of the article
        raise SkipInput("not an article: a web-archive crawl notice (the page was not captured)")
    if settings.languages:
        lang, prob = detect_language(draft.text)
        if lang not in settings.languages and prob >= settings.language_min_confidence:
            wanted = " or ".join(_LANGUAGE_NAMES.get(x, x) for x in settings.languages)
            raise SkipInput(f"not {wanted} (detected: {lang}, {prob:.2f})")
        language = lang if lang in settings.languages else settings.languages[0]
    else:
        language = detect_language(draft.text)[0]

    article_id = content_id(doc.id, draft.text)

    def span(found: Found | FoundDate | None) -> Span | None:
        if found is None or found.end <= found.start:
            return None
        return Span(article_id, found.start, found.end, source[found.start : found.end])

    evidence: list[tuple[str, Span]] = []
    for name, found in (
        ("title", draft.title),
        ("byline", draft.byline),
        ("credit", draft.credit),
        ("outlet", draft.outlet),
        ("dateline", draft.dateline),
        ("published", draft.published),
    ):
        sp = span(found)
        if sp is not None:
            evidence.append((name, sp))

    published = _published(doc, draft, span)
    # A declared outlet wins; then what the page says; then the site's host name as a last resort.
    outlet = doc.hint("outlet") or (draft.outlet.value if draft.outlet else None) or site_key(doc)
    title = draft.title.value if draft.title else (doc.hint("title") or None)
    return Article(
        id=article_id,
        document_id=doc.id,
        origin=doc.origin,
        outlet=outlet,
        title=title,
        byline=draft.byline.value if draft.byline else _hinted_byline(doc.hint("byline")),
        credit=draft.credit.value if draft.credit and draft.credit.value else None,
        language=language,
        published=published,
        text=draft.text,
        removed=draft.removed,
        dateline=draft.dateline.value if draft.dateline else None,
        url=doc.hint("url"),
        evidence=tuple(evidence),
        source_text=source,
    )


def _published(doc: Document, draft: _Draft, span: Any) -> When:
    """Header > input hint > dateline > HTML metadata; else unknown with the reason."""
    found, origin = draft.published, draft.published_from
    if found is not None and origin in ("header", "html-metadata"):
        return _when(found, origin, span)
    hinted = doc.hint("published")
    if hinted:
        when = _when_from_hint(hinted)
        if when is not None:
            return when
    if found is not None and origin is not None:
        return _when(found, origin, span)
    return When.unknown("no date in text")


def _when(found: FoundDate, origin: str, span: Any) -> When:
    sp = span(found)
    return When(found.value, found.precision, (sp,) if sp is not None else (), origin)
