"""Sentences: splitting with exact offsets, and each sentence's features (:class:`SentenceInfo`):
stems, entities, figures, dates, places, titles; datelines and headings; how alike two sentences are.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from newsfuse.clean.meta import find_dateline
from newsfuse.clean.text import Block
from newsfuse.fuse.dates import _MONTH_RE, DateMention, TimeKey, _background_time, _dates, _time_keys
from newsfuse.fuse.figures import _SLOT_WORDS, Figure, _quantity_pairs, _read_figures
from newsfuse.fuse.rules import RULES
from newsfuse.fuse.words import _MONTHS, _STOP, _WEEKDAYS, _WORD, Stemmer
from newsfuse.models import Article, Span

# Tokens after which a period does not end a sentence (titles, initials, months, Latin).
_ABBREVIATIONS = RULES.words["abbreviations"]
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")


def _inside_quote(seg: str) -> bool:
    """True when ``seg`` ends inside an open quotation: '"Twelve died. Search goes on," he said.'
    is one sentence, attributed, not two."""
    if seg.count("“") > seg.count("”"):
        return True
    return seg.count('"') % 2 == 1


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text``, whitespace-trimmed; newlines always split.

    A regex splitter, not a parser: fast, deterministic, and its offsets are exact by construction.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for m in _BOUNDARY.finditer(line.group()):
            end = line.start() + m.end()
            before = text[start : line.start() + m.start()]
            last = before.rsplit(None, 1)[-1].lower() if before.split() else ""
            last = last.lstrip("(\"'“‘")
            if (
                last in _ABBREVIATIONS
                or (len(last) == 1 and last.isalpha())
                or re.fullmatch(r"(\w\.)+\w", last)
                or _inside_quote(text[start : line.start() + m.end()])
            ):
                continue
            spans.append((start, end))
            start = end
        spans.append((start, line.end()))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if b - trail > a + lead:
            out.append((a + lead, b - trail))
    return out


_PLACE = re.compile(r"\b(?:in|at)\s+(?P<place>[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+))*)")
_TITLE_KEY = "|".join(RULES.patterns["title"])
_TITLE = re.compile(
    rf"\b(?P<title>(?:[A-Z][a-z]+\s+){{0,3}}(?:{_TITLE_KEY}))\s+(?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){{1,2}})"
)
_ENTITY = re.compile(r"\b[A-Z][\w'’&.-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’&.-]*)*")


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    """One sentence of one article with the features claims are matched on. Offsets are exact."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    position: float  # 0 for the article's first sentence, 1 for its last
    words: int
    stems: frozenset[str]
    norm: str  # content words, lowercased, for rapidfuzz
    entities: frozenset[str]
    quantities: tuple[tuple[str, str], ...]  # (slot, canonical value)
    dates: tuple[DateMention, ...]
    places: tuple[tuple[str, int, int], ...]  # (name, start, end), offsets into ``text``
    titles: tuple[tuple[str, str], ...]  # (person name, title)
    heading: bool = False
    quantity_text: tuple[str, ...] = ()  # each quantity as written ("$180 million", "Twelve")
    quantity_spans: tuple[tuple[int, int], ...] = ()  # and where, as offsets into ``text``
    figures: tuple[Figure, ...] = ()  # every number read as a slot value (see :class:`Figure`)
    past: tuple[TimeKey, ...] = ()  # times well before the article's date (background)

    @property
    def span(self) -> Span:
        return Span(self.article_id, self.start, self.end, self.text)


def _places(text: str) -> list[tuple[str, int, int]]:
    """Capitalised phrases after "in"/"at", with their offsets in ``text`` (checked against a
    gazetteer before they can conflict)."""
    out = []
    for m in _PLACE.finditer(text):
        name = m.group("place").rstrip(".,;:’'")
        first = name.split()[0].lower()
        if first in _MONTHS or first in _WEEKDAYS:
            continue
        out.append((name, m.start("place"), m.start("place") + len(name)))
    return out


def _resolve_bare(sentences: list[SentenceInfo]) -> list[SentenceInfo]:
    """Give a bare decimal the unit the story writes next to the same value ("measured it at 5.9"
    where others wrote "magnitude 5.9"), and its parallel sibling the same unit ("..., while the
    US Geological Survey put it at 5.7")."""
    units: dict[str, set[str]] = defaultdict(set)
    for s in sentences:
        for f in s.figures:
            if f.unit and "." in f.text:
                units[f.key].add(f.unit)
    out = []
    for s in sentences:
        if not any(f.bare for f in s.figures):
            out.append(s)
            continue
        by_frame: dict[str, str] = {}
        for f in s.figures:
            got = units.get(f.key, set())
            if f.bare and len(got) == 1:
                by_frame[f.frame] = next(iter(got))
        figures = tuple(
            replace(f, unit=by_frame[f.frame]) if f.bare and f.frame in by_frame else f for f in s.figures
        )
        figures = tuple(f for f in figures if f.unit)
        levels = [f for f in figures if f.role == ""]
        out.append(
            replace(
                s,
                figures=figures,
                quantities=_quantity_pairs(figures),
                quantity_text=tuple(f.text for f in levels),
                quantity_spans=tuple((f.start, f.end) for f in levels),
            )
        )
    return out


_AFTER_DATELINE = re.compile(r"\s*(?:[-—–:]\s*)?")


def _dateline_length(seg: str) -> int:
    """Characters of a dateline opening ``seg``: this module's pattern, else the cleaner's dateline
    reader (which knows "Chainpur (Bajhang), March 3, 2026 —" and year-less wire datelines)."""
    m = _DATELINE.match(seg)
    if m and m.end() < len(seg):
        return m.end()
    found = find_dateline(Block(0, len(seg), seg))
    if found is None:
        return 0
    dash = _AFTER_DATELINE.match(seg, found.end)
    end = dash.end() if dash else found.end
    return end if end < len(seg) else 0


def _is_heading(seg: str, line: str) -> bool:
    """A headline, menu item or caption: a whole line without final punctuation (body sentences end
    with one; titles, teasers cut mid-sentence and navigation do not)."""
    if seg.rstrip()[-1:] in '.!?"”’:)':
        return False
    words = [w for w in _WORD.findall(seg) if w[0].isalpha()]
    return not words or seg.strip() == line.strip()


# "Kathmandu, Mar 3 (PTI) ", "New Delhi, May 4, 2025 — ", "LONDON (Reuters) - ": the dateline is
# where and when the copy was filed, not part of the claim.
_DATELINE = re.compile(
    rf"(?:[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){{0,3}}, {_MONTH_RE} \d{{1,2}}(?:, \d{{4}})?(?: \([A-Za-z .]+\))?"
    r"|[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Za-z .]+)? \([A-Za-z .]+\)"
    r"|[A-Z]{2}[A-Z.'’-]*(?: [A-Z][A-Z.'’-]+){0,3}(?=\s*[:—–-]))"
    r"\s*(?:[-—–:]\s*)?(?=[A-Z“\"])"
)


def analyse_article(
    article: Article, stemmer: Stemmer | None = None, reference: str | None = None
) -> list[SentenceInfo]:
    """Split one article into sentences and read off the features claims are matched on.

    ``reference`` dates an undated article ("last year" needs a year): the story's date, say.
    """
    stem = stemmer or Stemmer()
    published = article.published.value or reference
    text = article.text
    spans = [(a + _dateline_length(text[a:b]), b) for a, b in split_sentences(text)]
    out: list[SentenceInfo] = []
    n = max(1, len(spans) - 1)
    for i, (a, b) in enumerate(spans):
        seg = text[a:b]
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        tokens = _WORD.findall(seg)
        content = [t.lower().replace("’", "'") for t in tokens if t.lower() not in _STOP and t[0].isalpha()]
        content = [t[:-2] if t.endswith("'s") else t for t in content]
        stems = frozenset(stem(t) for t in content if len(t) > 1)
        dates = _dates(seg)
        date_spans = [(d.start, d.end) for d in dates]
        first = _WORD.search(seg)
        first_at = first.start() if first else 0
        entities = frozenset(
            e.group().lower().rstrip(".’'")
            for e in _ENTITY.finditer(seg)
            if e.start() > first_at
            and e.group().lower() not in _STOP
            and e.group().lower() not in _MONTHS
            and e.group().lower() not in _WEEKDAYS
        )
        titles = tuple(
            (m.group("name"), m.group("title"))
            for m in _TITLE.finditer(seg)
            # "Culture, Media and Sport Secretary": a title cut at a list is not the title
            if not re.search(r"(?:,|\band|&)\s*$", seg[: m.start()])
        )
        figures = tuple(_read_figures(seg, dates, date_spans, published))
        past = tuple(k for _, _, k in _time_keys(seg, dates, published) if _background_time(k, published))
        out.append(
            SentenceInfo(
                article_id=article.id,
                index=i,
                start=a,
                end=b,
                text=seg,
                position=i / n,
                words=len(tokens),
                stems=stems,
                norm=" ".join(content),
                entities=entities,
                quantities=_quantity_pairs(figures),
                quantity_text=tuple(f.text for f in figures if f.unit and f.role == ""),
                quantity_spans=tuple((f.start, f.end) for f in figures if f.unit and f.role == ""),
                figures=figures,
                past=past,
                dates=tuple(DateMention(a + d.start, a + d.end, d.year, d.month, d.day) for d in dates),
                places=tuple(_places(seg)),
                titles=titles,
                heading=_is_heading(seg, line),
            )
        )
    return out


def similarity(s: SentenceInfo, t: SentenceInfo) -> float:
    """0..1: mean of rapidfuzz token_set_ratio over content words and stemmed Dice overlap.

    token_set_ratio forgives added clauses (one outlet's sentence inside another's); Dice keeps a
    short sentence from matching every long one that happens to contain its few words.
    """
    if not s.stems or not t.stems:
        return 0.0
    dice = 2 * len(s.stems & t.stems) / (len(s.stems) + len(t.stems))
    return 0.5 * fuzz.token_set_ratio(s.norm, t.norm) / 100.0 + 0.5 * dice + _agreement(s, t)


def _agreement(s: SentenceInfo, t: SentenceInfo) -> float:
    """Bonus for values both sentences give: "26 lives" and "26 people were killed" are one fact
    however differently the rest is worded."""
    bonus = 0.0
    for slot, _value in set(s.quantities) & set(t.quantities):
        bonus += 0.15 if slot in _SLOT_WORDS else 0.1
    if any(x.key() == y.key() and (x.day or x.year) for x in s.dates for y in t.dates):
        bonus += 0.1
    return min(0.2, bonus)
