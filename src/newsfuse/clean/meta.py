"""Article metadata read from page text: title, date, outlet, byline, wire credit, dateline.

Each finder is a small function over lines (:class:`~newsfuse.clean.text.Block`) that returns the
value together with where it was found, so the article can carry evidence spans into its source
text. Dates are parsed by dateparser (never guessed): a date inside body prose is not a
publication date, only a labelled header ("Published: ...", "Date May 5, 2025") or a dateline is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import dateparser

from newsfuse.clean.text import Block, LineKind, line_features, normalise_line
from newsfuse.models import Precision

__all__ = [
    "Found",
    "FoundDate",
    "WIRE_AGENCIES",
    "find_byline",
    "find_credit",
    "find_date_header",
    "find_dateline",
    "find_masthead",
    "find_outlet",
    "find_title",
    "outlet_from_byline",
    "parse_date",
    "split_title_suffix",
]

# News agencies whose copy outlets republish, by the names they sign with. A credit names one of
# these; "With inputs from agencies" credits no one.
WIRE_AGENCIES: dict[str, str] = {
    "pti": "PTI",
    "press trust of india": "PTI",
    "ani": "ANI",
    "ians": "IANS",
    "uni": "UNI",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "xinhua": "Xinhua",
    "dpa": "dpa",
    "efe": "EFE",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "ansa": "ANSA",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "bernama": "Bernama",
    "pa": "PA",
    "pa media": "PA",
    "bloomberg": "Bloomberg",
    "aap": "AAP",
    "cp": "CP",
    "the canadian press": "CP",
    "upi": "UPI",
    "apa": "APA",
    "sputnik": "Sputnik",
    "wam": "WAM",
    "sana": "SANA",
    "irna": "IRNA",
}

_WIRE_ALT = "|".join(sorted((re.escape(k) for k in WIRE_AGENCIES), key=len, reverse=True))
# A line that is only a credit: "PTI", "— Reuters", "(AP)", "With inputs from PTI, ANI", "Source: IANS".
_CREDIT_LINE = re.compile(
    rf"^[\s(\[—–-]*(?:(?:with\s+(?:inputs|input|agency inputs)\s+from|source|sources|credit|courtesy)\s*:?\s*)?"
    rf"(?P<names>(?:{_WIRE_ALT})(?:\s*(?:,|&|and|/)\s*(?:{_WIRE_ALT}))*)[\s)\].]*$",
    re.IGNORECASE,
)
# "With inputs from agencies." and the like: a credit line that names no agency.
_UNNAMED_CREDIT = re.compile(
    r"^[\s(\[—–-]*(?:(?:with\s+(?:inputs|input)\s+from|inputs\s+from|source:?)\s+(?:\w+\s+){0,2})?"
    r"(?:agencies|agency|wires|news\s+agencies|wire\s+services)[\s)\].]*$",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-Z][\w.'’-]*"
_BYLINE_BY = re.compile(
    rf"^(?:by|written by|reported by)\s*:?\s+(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|and|&|de|van|von|der|bin|al))"
    r"{0,6})\s*(?:[,|–—-].*)?$",
    re.IGNORECASE,
)
_ROLE = r"(?:Special |Senior |Staff |Chief |Our |Political |Diplomatic |Legal |Foreign )?(?:Correspondent|Reporter|Bureau|Desk|News Desk|Web Desk|Staff|Staff Writer|Writer|News Service|Editor)s?"
_BYLINE_ROLE = re.compile(rf"^(?P<name>(?:{_NAME_WORD}\s+){{0,3}}?){_ROLE}$")
# Words that qualify a role rather than name an organisation ("Special Correspondent").
_ROLE_QUALIFIERS = frozenset(
    {
        "our", "special", "senior", "staff", "chief", "political", "diplomatic", "legal", "foreign", "web",
        "digital", "online", "sports", "business", "city", "national", "international", "local", "regional",
    }
)  # fmt: skip

# Labels of a date header: "Published: ...", "Updated on ...", "Date May 5, 2025" (label may be glued).
_DATE_LABEL = re.compile(
    r"(?:^|(?<=[|•·]))\s*(?i:(?:first\s+)?published(?:\s+on|\s+at)?|(?:last\s+)?updated(?:\s+on|\s+at)?|"
    r"posted(?:\s+on|\s+at)?|dated?|pub(?:lication)?\s+date|released?)"
    r"(?:\s*[:|\-–]\s*|\s+|(?=[A-Z0-9]))"
)
# A dateline opening the first paragraph: "New Delhi, May 4, 2025 —", "WASHINGTON (AP) —",
# "London, 5 May (Reuters) -". The date part is handed to dateparser.
_PLACE = r"[A-Z][A-Za-z.'’-]+(?:[ -][A-Z][A-Za-z.'’-]+){0,3}"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE}(?:\s*\([A-Z][^()]{{1,30}}\)(?=,))?(?:,\s*{_PLACE})?)"  # "Chainpur (Bajhang), ..."
    r"(?:,\s*(?P<date>[A-Za-z0-9][A-Za-z0-9 .,]{2,28}?))?"
    r"\s*(?:\((?P<credit>[A-Za-z][\w .&-]{0,30})\))?"
    r"(?:\s*(?P<dash>[—–]|--?|:)\s+|(?<=\))\s+(?=[A-Z\"“]))"  # "(PTI) At least ...": no dash after a credit
)


@dataclass(frozen=True, slots=True)
class Found:
    """A metadata value and where it sits in the source text (``start``/``end`` offsets)."""

    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A parsed date: ``value`` as ISO of ``precision``; ``start``/``end`` cover the date text itself."""

    value: str
    precision: Precision
    start: int
    end: int
    header_end: int = 0  # for headers: where the header stops (what follows on the line is body text)


# Absolute dates only: "2 hours ago" or a bare timestamp would be resolved against today (a guess).
_PARSERS = ["custom-formats", "absolute-time"]
_DAY_SETTINGS: dict[str, Any] = {"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first", "PARSERS": _PARSERS}
_MONTH_SETTINGS: dict[str, Any] = {
    "REQUIRE_PARTS": ["month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "PARSERS": _PARSERS,
}


def parse_date(text: str, max_tokens: int = 6) -> tuple[str, Precision, int] | None:
    """The shortest leading run of ``text`` that dateparser reads as a full date (else month+year).

    Returns ``(iso value, precision, characters used)``; a year-less or bare-number run is not a date.
    """
    tokens = list(re.finditer(r"\S+", text))[:max_tokens]
    for settings, precision in ((_DAY_SETTINGS, "day"), (_MONTH_SETTINGS, "month")):
        for k in range(1, len(tokens) + 1):
            end = tokens[k - 1].end()
            chunk = text[:end].rstrip(",;|")
            if not re.search(r"\b\d{4}\b|\d{4}-\d{2}", chunk):
                continue  # a full year must be written: "11:20" or "5/4" is not a publication date
            try:
                parsed = dateparser.parse(chunk, languages=["en"], settings=settings)
            except Exception:  # dateparser raises on some odd strings (overflow, bad regex input): no date
                parsed = None
            if parsed is None:
                continue
            value = parsed.strftime("%Y-%m-%d" if precision == "day" else "%Y-%m")
            return value, precision, len(chunk)  # type: ignore[return-value]
    return None


def find_date_header(block: Block) -> FoundDate | None:
    """A labelled date at the start of a line (or after a ``|`` in a meta row)."""
    for m in _DATE_LABEL.finditer(block.text):
        rest = block.text[m.end() :]
        parsed = parse_date(rest)
        if parsed is None:
            continue
        value, precision, used = parsed
        start = block.start + m.end()
        return FoundDate(value, precision, start, start + used, header_end=start + used)
    return None


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str  # "New Delhi, May 4, 2025"
    start: int
    end: int
    place: str
    date: FoundDate | None
    credit: Found | None


_MONTH_DAY = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\s*$|"
    r"^\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$",
    re.IGNORECASE,
)


def find_dateline(block: Block) -> Dateline | None:
    """A dateline at the start of a body paragraph, with its date and any "(AP)" credit."""
    m = _DATELINE.match(block.text)
    if not m or m.end() > 90:
        return None
    place = m.group("place")
    if m.group("dash") == ":" and not m.group("date") and not m.group("credit"):
        return None  # "Place: ..." alone is too weak (labels look the same)
    date: FoundDate | None = None
    if m.group("date"):
        parsed = parse_date(m.group("date"))
        wire_style = bool(m.group("credit") or place.isupper())
        if parsed is None and not (wire_style and _MONTH_DAY.match(m.group("date"))):
            return None  # a comma clause that is not a date: not a dateline
        if parsed is not None:  # "JAKARTA, March 6 (Reuters) -": a year-less date stays unread
            value, precision, used = parsed
            ds = block.start + m.start("date")
            date = FoundDate(value, precision, ds, ds + used)
    credit: Found | None = None
    if m.group("credit"):
        name = WIRE_AGENCIES.get(m.group("credit").strip().lower())
        if name is None:
            return None
        credit = Found(name, block.start + m.start("credit"), block.start + m.end("credit"))
    if date is None and credit is None and not place.isupper():
        return None  # "Place —" needs a date, a credit or the all-caps wire style to count
    text_end = m.start("dash") if m.group("dash") else m.end("credit") + 1  # just after "(PTI)"
    text = block.text[:text_end].rstrip()
    return Dateline(text, block.start, block.start + len(text), place, date, credit)


def find_credit(block: Block) -> Found | None:
    """A line that only credits a wire: ``Found(name)``; ``value`` is "" for "With inputs from agencies"."""
    text = block.text
    m = _CREDIT_LINE.match(text)
    if m:
        names = re.split(r"\s*(?:,|&|\band\b|/)\s*", m.group("names"), flags=re.IGNORECASE)
        canon = [WIRE_AGENCIES[n.strip().lower()] for n in names if n.strip().lower() in WIRE_AGENCIES]
        if canon:
            return Found(", ".join(dict.fromkeys(canon)), block.start, block.end)
    if _UNNAMED_CREDIT.match(text):
        return Found("", block.start, block.end)
    return None


def find_byline(block: Block) -> Found | None:
    """'By Jane Doe', 'DSA Correspondent', 'Staff Reporter': a short line naming who wrote the piece."""
    text = block.text.strip()
    if len(text.split()) > 10 or text.endswith("."):
        return None
    m = _BYLINE_BY.match(text)
    if m:
        name = re.sub(rf"\s+{_ROLE}$", "", m.group("name").strip())
        if name.split()[0].lower() in ("the", "a", "an", "any", "all") or name.lower() in WIRE_AGENCIES:
            return None
        return Found(name, block.start + m.start("name"), block.start + m.start("name") + len(name))
    if _BYLINE_ROLE.match(text):
        return Found(text, block.start, block.end)
    return None


def outlet_from_byline(byline: str) -> str | None:
    """'DSA Correspondent' -> 'DSA', 'News Nation Bureau' -> 'News Nation'; a person's name -> None."""
    m = _BYLINE_ROLE.match(byline)
    if not m:
        return None
    name = m.group("name").strip()
    words = name.split()
    if not words or any(w.lower() in _ROLE_QUALIFIERS for w in words):
        return None
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 8:
        return words[0]
    if byline.rstrip("s").endswith(("Bureau", "News Service")):
        return name
    return None


def split_title_suffix(text: str) -> tuple[str, str] | None:
    """'Headline - Outlet' / 'Headline | Outlet' (a browser title) -> (headline, outlet)."""
    m = re.match(r"^(?P<head>.{12,}?)\s+[|\-–—:]\s+(?P<site>[^|\-–—]{2,40})$", text)
    if not m:
        return None
    site = m.group("site").strip()
    if len(site.split()) > 5 or site.endswith((".", "?", "!")):
        return None
    return m.group("head").strip(), site


def find_title(
    blocks: Sequence[Block],
    kinds: Sequence[LineKind],
    body_start: int,
    excluded: frozenset[int] = frozenset(),
) -> int | None:
    """Index of the headline: a headline-shaped line before the body, repeated ones first.

    A page repeats its headline (h1, image alt, breadcrumb, its own related card), so a
    headline-shaped line seen twice is the strongest evidence; otherwise the headline-shaped line
    nearest to the body wins (it sits just above the standfirst and the first paragraph).
    """
    keys = [normalise_line(b.text) for b in blocks]
    counts = Counter(keys)
    candidates: list[int] = []
    for i in range(body_start):
        if i in excluded:
            continue
        text = blocks[i].text
        f = line_features(text)
        if f.words < 4 or f.words > 30 or not f.starts_upper or f.separators > 0 or f.bullet or f.timestamp:
            continue
        if re.search(r"[.]\s+\S", text) or text.endswith((".", ",", ";")) or f.ellipsis:
            continue  # a caption or a sentence, not a headline
        if kinds[i] == "prose" and f.stop_ratio > 0.4:
            continue
        candidates.append(i)
    if not candidates:
        return None
    repeated = [i for i in candidates if counts[keys[i]] > 1]
    if repeated:
        return repeated[0]
    # Between headline and body sit at most a standfirst, byline/date rows, share buttons, an image
    # and its caption, an ad slot: 12 lines covers every layout seen in the seeds and the benchmark.
    return candidates[-1] if body_start - candidates[-1] <= 12 else None


_ABOUT = re.compile(r"\bAbout\s+(?P<name>The\s+[A-Z][\w&'’.-]+|[A-Z][\w&'’.-]+(?:\s+[A-Z][\w&'’.-]+)?)")
_AVAILABLE = re.compile(
    r"\b(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,2})\s+(?:reports|news|articles|stories|content|journalism)"
    r"\s+(?:is|are)\s+(?:available|published|also available)\b"
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3})",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    {"us", "me", "this", "page", "the", "all", "rights", "reserved", "notice", "policy", "information"}
)


def _menu_about(line: str, m: re.Match[str]) -> bool:
    """'About X' as a menu entry: the line starts with it, or it sits in a long row of menu entries.

    In a headline ("Voice Concerns About July 25 Call") 'About' is only a preposition.
    """
    after = line[m.end("name") :].lstrip()
    if after[:1].isdigit():
        return False
    return m.start() == 0 or len(line.split()) >= 12


def find_masthead(blocks: Sequence[Block], skip: frozenset[int] = frozenset()) -> Found | None:
    """The page's name printed above its menu: the first line, 2-5 capitalised words, then a menu row.

    ("PALU POST" over "News | Central Sulawesi | Nation", "Lakeside Weekly" over "Home   News".)
    """
    lines = [i for i in range(len(blocks)) if i not in skip][:2]
    if len(lines) < 2:
        return None
    first, menu = blocks[lines[0]], blocks[lines[1]]
    words = first.text.split()
    if not 2 <= len(words) <= 5 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return None
    if line_features(first.text).terminal or line_features(menu.text).separators < 2:
        return None
    return Found(first.text, first.start, first.end)


def find_outlet(
    blocks: Sequence[Block],
    chrome: Sequence[int],
    kinds: Sequence[LineKind] | None = None,
    *,
    copyright_only: bool = False,
) -> Found | None:
    """The outlet as the page's chrome names it: 'About The Tribune', '© 2025 X', 'X reports are available'.

    Only chrome lines are read: an outlet named inside the article prose is a source, not the publisher.
    "About X" counts only in menu-shaped lines (in a sentence, "about" is just a preposition).
    """
    # A copyright line often names the owning company rather than the outlet: callers ask for it last.
    for pattern in (_COPYRIGHT,) if copyright_only else (_AVAILABLE, _ABOUT):
        for i in chrome:
            b = blocks[i]
            if pattern is _ABOUT and kinds is not None and kinds[i] in ("prose", "sentence"):
                continue
            for m in pattern.finditer(b.text):
                if pattern is _ABOUT and not _menu_about(b.text, m):
                    continue
                name = (
                    re.split(r"\.?\s+[Aa]ll(?:\s+[Rr]ights)?\b|(?<=\w{3})\.\s|,|\|", m.group("name"))[0]
                    .strip()
                    .rstrip(".")
                )
                if not name:
                    continue
                if name.lower() in _NOT_NAMES or name.split()[0].lower() in ("us", "all"):
                    continue
                start = b.start + m.start("name")
                return Found(name, start, start + len(name))
    return None
