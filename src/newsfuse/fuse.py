"""Claims across articles, corroboration by independent lineages, conflicts, timeline -> Brief.

Every article is cut into sentences with exact offsets. Sentences from different articles that
state the same thing (rapidfuzz token ratios plus stemmed content-word overlap, or an aligned
reuse passage) become one :class:`~newsfuse.models.Claim` carrying one evidence span per
supporting article; its weight is the number of distinct *lineages* behind it, so a wire story
reprinted five times still counts once. Similar sentences that give different values for one slot
(the number killed, a date, a place) are not merged: they are a :class:`~newsfuse.models.Conflict`.

Numbers are read as :class:`Figure`: what they count or measure (a casualty class, a currency
amount, a per cent, a magnitude, else the counted noun), in which role (a level, a starting point,
a change, a target; parts, bounds and ranges are not compared), when (their clause's date, "last
year" resolved against the article's date; a well-past date dates a whole sentence as background),
and who gave them. Two figures of one unit, role and time rival when the words around them say they
are of the same thing; each value of a conflict keeps the sentences that give it and their articles.
Vote outcomes ("unanimously" / "by a majority") are compared in words.
Nothing is composed here: claim texts are sentences as a source wrote them, timeline texts are
event summaries or claim sentences, and every record keeps its spans.

>>> from newsfuse.fuse import split_sentences
>>> text = "Gen. Ali met Dr. Lee on Monday. They talked.\\nNext line"
>>> [text[a:b] for a, b in split_sentences(text)]
['Gen. Ali met Dr. Lee on Monday.', 'They talked.', 'Next line']
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import zip_longest

from rapidfuzz import fuzz

from newsfuse.clean.meta import find_dateline
from newsfuse.clean.text import Block
from newsfuse.models import (
    Article,
    Brief,
    Claim,
    Conflict,
    ConflictValue,
    Event,
    Lineage,
    Reuse,
    SourceRef,
    Span,
    Story,
    TimelineEntry,
    When,
    content_id,
)
from newsfuse.settings import FuseSettings, Settings

__all__ = [
    "Figure",
    "SentenceInfo",
    "Stemmer",
    "analyse_article",
    "build_brief",
    "rank_sentences",
    "split_sentences",
]

# ---------------------------------------------------------------------------------------------
# Sentences


def _wordset(words: str) -> frozenset[str]:
    """A set from a space-separated literal (long word lists read better as prose)."""
    return frozenset(words.split())


# Tokens after which a period does not end a sentence (titles, initials, months, Latin).
_ABBREVIATIONS = _wordset(
    "mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl sen rep gov pres st jr sr inc co corp ltd "
    "vs etc no nos fig approx dept univ est jan feb mar apr jun jul aug sep sept oct nov dec mt ft "
    "u.s u.k u.n e.g i.e a.m p.m rev hon messrs gov't"
)
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


# ---------------------------------------------------------------------------------------------
# Features: terms, entities, quantities, dates, places, titles

_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
_STOP = _wordset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told according also would could may might
    must shall upon amid among within without via per mr mrs ms"""
)
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_WEEKDAYS = _wordset("monday tuesday wednesday thursday friday saturday sunday")
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_PATTERNS = (
    # 2025-05-05
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    # May 5, 2025 / May 5 2025 / May 5
    re.compile(
        rf"\b(?P<mon>{_MONTH_RE})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
    ),
    # 5 May 2025 / 5th of May
    re.compile(
        rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_RE})(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
    ),
    # November 2024 / November-2024
    re.compile(rf"\b(?P<mon>{_MONTH_RE})[\s-]+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b"),
    # 2014
    re.compile(r"(?<![\d,.$£€-])\b(?P<y>(?:19|20)\d\d)\b(?![\d%]|[.,]\d|\s*(?:percent|per cent))"),
    # a bare month ("In January the rate was 27 per cent"): no year, so it dates loosely; "May" is
    # left out, it is mostly the verb
    re.compile(
        r"\b(?P<mon>January|February|March|April|June|July|August|September|October|November|December)\b"
    ),
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALE = {
    "thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000, "billion": 1_000_000_000,
    "bn": 1_000_000_000, "crore": 10_000_000, "lakh": 100_000,
}  # fmt: skip
# Clock times and the like are not counts of anything.
_NOT_COUNTS = _wordset("gmt bst utc est edt pst ist cet am pm a.m p.m hrs o'clock")
_QUANTITY = re.compile(
    r"(?P<cur>[$£€₹])?\b(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(_NUMBER_WORDS)
    + r")(?:\s+(?P<scale>thousand|million|billion|crore|lakh)\b|(?P<abbr>bn|m|k)\b|\b)",
    re.IGNORECASE,
)
# Slots whose numbers must agree across sources, by the words near the number.
_SLOT_WORDS = {
    "killed": {
        "killed",
        "dead",
        "died",
        "deaths",
        "death",
        "lives",
        "fatalities",
        "killing",
        "toll",
        "bodies",
    },
    "injured": {
        "injured",
        "injuring",
        "wounded",
        "wounding",
        "hurt",
        "injuries",
        "hospitalised",
        "hospitalized",
    },
    "arrested": {"arrested", "detained", "arrests", "detentions", "custody"},
    "missing": {"missing", "unaccounted"},
    "displaced": {"displaced", "evacuated", "homeless", "evacuees", "refugees"},
    "percent": {"percent", "%", "per"},
}
_SLOT_OF = {w: slot for slot, words in _SLOT_WORDS.items() for w in words}
_CASUALTY_SLOTS = frozenset({"killed", "injured", "arrested", "missing", "displaced"})
_FILLER = _wordset(
    "people persons others other of were have been had was are the a an who more than at least about nearly "
    "some so far confirmed reported reportedly officially men women children civilians soldiers residents "
    "villagers workers passengers students police officers"
)
_PLACE = re.compile(r"\b(?:in|at)\s+(?P<place>[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+))*)")
_TITLE_KEY = (
    r"Minister|President|Secretary|Governor|Chancellor|Mayor|Ambassador|Senator|Director|Chairman|"
    r"Chairperson|Commissioner|Speaker|Chief|Premier|Attorney General|Spokesperson|Spokesman"
)
_TITLE = re.compile(
    rf"\b(?P<title>(?:[A-Z][a-z]+\s+){{0,3}}(?:{_TITLE_KEY}))\s+(?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){{1,2}})"
)
_ENTITY = re.compile(r"\b[A-Z][\w'’&.-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’&.-]*)*")


@dataclass(frozen=True, slots=True)
class DateMention:
    """An absolute date in a sentence; ``year`` None when the text gave none ("April 22")."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None

    def key(self) -> tuple[int | None, int | None, int | None]:
        return (self.year, self.month, self.day)

    def label(self) -> str:
        """ISO 8601, with ``--MM-DD`` when the text gave no year."""
        parts = [f"{self.year:04d}" if self.year else "-"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


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


class Stemmer:
    """A light English suffix stripper with a memo (one per build; the memo is the caller's).

    Enough to match "meeting/meetings/met", "killed/kills", "finalised/finalise" for claim
    alignment; our own because the full Porter stemmers live in NLTK, a development-only
    dependency whose import alone takes seconds.
    """

    def __init__(self) -> None:
        self._memo: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        got = self._memo.get(word)
        if got is None:
            got = self._memo[word] = _light_stem(word)
        return got


def _light_stem(w: str) -> str:
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix, keep in (("ing", 3), ("ed", 3), ("ly", 4)):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def _dates(text: str) -> list[DateMention]:
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            groups = m.groupdict()
            mon = groups.get("mon")
            month = (
                _MONTHS.get(mon.lower().rstrip("."))
                if mon
                else (int(groups["m"]) if groups.get("m") else None)
            )
            if mon and mon.lower().startswith("may") and not groups.get("d") and not groups.get("y"):
                continue
            day = int(groups["d"]) if groups.get("d") else None
            if day is not None and not 1 <= day <= 31:
                continue
            year = int(groups["y"]) if groups.get("y") else None
            taken.append((m.start(), m.end()))
            out.append(DateMention(m.start(), m.end(), year, month, day))
    return sorted(out, key=lambda d: d.start)


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


# ---------------------------------------------------------------------------------------------
# Figures: what a number counts or measures, when, in which role, said by whom

# Nouns that name who was counted, not what happened to them: "37 people injured" is an injured
# count, found in the words around the number.
_PERSONS = _wordset(
    "people persons others men women children civilians soldiers residents villagers workers passengers "
    "students officers victims adults"
)
# Words that only hedge a figure ("about $1.3 billion", "at least 12"): skipped when reading its role.
_HEDGES = _wordset(
    "about around roughly nearly almost some approximately estimated an a at least more than over just "
    "only barely reportedly"
)
# A figure's role: a level ("rose to 28 per cent", "12 were killed"), where it came from ("from 22.8
# per cent"), a change ("by 100 basis points"), a target, a bound ("above magnitude 4", "up to 300
# megawatts"), a part ("two of the dead", "one in ten houses"), an increment ("two more bodies"), a
# range's end, a vague count or a name's number. Only levels, starting points, changes and targets
# are compared, each with its own kind.
_BOUND_BEFORE = _wordset("above below under beyond exceeding exceed up")
_CURRENCY_WORDS = {
    "dollars": "usd", "dollar": "usd", "euros": "eur", "euro": "eur", "pounds": "gbp", "rupees": "inr",
    "shillings": "shilling", "shilling": "shilling", "cedis": "cedi", "naira": "naira", "yen": "jpy",
    "yuan": "cny", "rand": "zar", "francs": "franc", "pesos": "peso", "rs": "inr", "rs.": "inr",
    "usd": "usd", "eur": "eur", "gbp": "gbp", "inr": "inr", "ksh": "shilling", "ush": "shilling",
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "usd", "£": "gbp", "€": "eur", "₹": "inr"}
# Clause boundaries: a time, a source or a count belongs to the clause it is written in.
_CLAUSE = re.compile(
    r"[,;:](?=\s)|[()—–]"
    r"|\s(?:while|whereas|although|though|when|which|where|who|whose)\s(?![A-Z])"
    # "and" opens a clause, except inside a name ("Monitoring and Research Centre") or a list of
    # figures ("eight men and three women")
    r"|\s(?:and|but)\s(?![A-Z]|\d|(?:a|an|about|some|nearly|two|three|four|five|six|seven|eight|nine|ten)\b)"
)
# Time said in words: resolved against the article's date ("last year" in a 2026 article is 2025).
_RELATIVE_TIME = re.compile(
    r"\b(?P<which>last|this|next|previous|past|coming)\s+(?P<unit>year|month)\b"
    r"|\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|\d+)\s+"
    r"(?P<span>minutes?|hours?|days?|weeks?|months?|years?|decades?)\s+(?P<dir>after|before|earlier|ago|later)\b"
    r"|\bdays\s+(?:after|before|earlier)\b",
    re.IGNORECASE,
)
# Reporting and measuring verbs: the words around a figure that say nothing about what it counts.
_GENERIC = _wordset(
    "said say says told tell according officials official statement added add report reported measure "
    "measured measuring put puts record recorded estimate estimated count counted give gave show showed "
    "rose rise rising fell fall falling stood stand reach reached total number figure figures least more "
    "than nearly about around roughly almost some also up down per cent percent point points basis"
)
_UNNAMED = _PERSONS | _wordset("officials authorities police analysts experts sources dealers economists")
_SOURCE = r"(?P<src>[A-Z][\w'’.&-]*(?:\s+(?:of|and|for|de|[A-Z][\w'’.&-]*))*)"
_SOURCE_VERBS = (
    r"(?:said|says|told|put|puts|measured|measures|estimated|estimates|reported|recorded|counted|gave|gives"
    r"|listed)"
)
_ACCORDING = re.compile(rf"\baccording to (?:the )?{_SOURCE}")
_SUBJECT = re.compile(
    rf"^\W*(?:(?:while|whereas|but|and|although|though)\s+)?(?:the\s+)?{_SOURCE}\s+{_SOURCE_VERBS}\b"
)
_SAID_BY = re.compile(rf"(?:^|[,”\"]\s*)(?:the\s+)?{_SOURCE}\s+(?:said|says|told)\b")


TimeKey = tuple[int | None, int | None, int | None] | str


@dataclass(frozen=True, slots=True)
class Figure:
    """One number of one sentence, read as a slot value: what it counts or measures (``unit``: a
    casualty class, ``amount:usd``, ``percent``, ``magnitude``, else the counted noun), its role,
    when it holds, the words around it, and who gave it. Offsets are into the sentence text."""

    unit: str
    value: float
    text: str
    start: int
    end: int
    role: str = ""  # "" (a level) or from, by, target, bound, part, more, range, vague, id (see _role)
    times: tuple[TimeKey, ...] = ()  # when it holds: (year, month, day) or an offset's text
    context: frozenset[str] = frozenset()  # stems of the words around it: what it is of
    source: str = ""  # who gave it, when the sentence names them
    frame: str = ""  # the word just before the figure ("at" in "put it at 5.7"), for parallel reading
    bare: bool = False  # no unit was written next to it ("measured it at 5.9")
    names: frozenset[str] = frozenset()  # capitalised names near it: whose figure it is
    hedge: str = ""  # "over" ("more than 4,000"), "about" (an estimate), "" as given
    head: str = ""  # the counted noun as written ("houses"), for the conflict's label
    about: tuple[str, ...] = ()  # the context words as written, for the conflict's label

    @property
    def key(self) -> str:
        return f"{self.value:g}"


def _clauses(seg: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence: cut at punctuation and at conjunctions and relative pronouns
    (a boundary word opens the next clause: "while the US Geological Survey put it at 5.7")."""
    out, start = [], 0
    for m in _CLAUSE.finditer(seg):
        cut = m.start() + (1 if m.group().startswith(" ") else 0)
        if cut > start:
            out.append((start, cut))
        start = m.end() if not m.group().startswith(" ") else cut
    out.append((start, len(seg)))
    return out


def _clause_of(clauses: Sequence[tuple[int, int]], at: int) -> tuple[int, int]:
    return next((c for c in clauses if c[0] <= at < c[1]), (0, 0))


def _time_keys(
    seg: str, dates: Sequence[DateMention], published: str | None
) -> list[tuple[int, int, TimeKey]]:
    """(start, end, key) of each time expression in a sentence: absolute dates as (year, month,
    day), relative ones resolved against the article's date, offsets ("three days after") as text."""
    out: list[tuple[int, int, TimeKey]] = [(d.start, d.end, d.key()) for d in dates]
    py = int(published[:4]) if published else None
    pm = int(published[5:7]) if published and len(published) >= 7 else None
    for m in _RELATIVE_TIME.finditer(seg):
        if m.group("which") and py is not None:
            step = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[
                m.group("which").lower()
            ]
            if m.group("unit").lower() == "year":
                out.append((m.start(), m.end(), (py + step, None, None)))
            elif pm is not None:
                month = (py * 12 + pm - 1) + step
                out.append((m.start(), m.end(), (month // 12, month % 12 + 1, None)))
        elif not m.group("which"):
            out.append((m.start(), m.end(), m.group().lower()))
    # "a similar fire", "the previous auction": another happening, dated only by being another.
    out.extend((m.start(), m.end(), m.group().lower()) for m in _OTHER_HAPPENING.finditer(seg))
    return sorted(out, key=lambda t: t[0])


def _background_time(key: TimeKey, published: str | None) -> bool:
    """A time well before the article's date (or an offset from another happening): what a
    sentence says about then is background, not today's figure."""
    if isinstance(key, str):
        return True
    year, month, _ = key
    if published is None:
        return year is not None
    py, pm = int(published[:4]), int(published[5:7]) if len(published) >= 7 else 12
    if year is None:
        return month is not None and (pm - month) % 12 >= 2
    if month is None:
        return year < py
    return (py * 12 + pm) - (year * 12 + month) >= 2


def _words_at(seg: str, a: int, b: int) -> list[tuple[str, int]]:
    return [(m.group().lower(), m.start()) for m in _WORD.finditer(seg, a, b)]


_SUPERLATIVE_NOT = _wordset(
    "interest west harvest request protest forest test rest best nest chest guest suggest"
)
# "between $25 million and $30 million", "2.3 to 2.7 kg", "$27M-$30 million": a range's ends are
# not figures of their own.
_RANGE_AFTER = re.compile(
    r"\s*(?:million|billion|thousand|[MmBbKk]n?|%|per ?cent|percent)?\s*(?:-|–|to)\s*[$£€₹]?\d"
)
_RANGE_BEFORE = re.compile(
    r"\d\s*(?:million|billion|thousand|[MmBbKk]n?|%|per ?cent|percent)?\s*(?:-|–|to|and)\s*[$£€₹]?$"
)
# A goal is not an outcome ("aims to build 40,000 homes" / "built 31,000 homes"), and a state before
# a change is not the state after it ("the rate had stood at 5 per cent" / "lifted it to 5.25").
_TARGET = re.compile(
    r"\b(?:targets?|targeted|goal|aims? (?:to|for)|plans? to|planned|hopes? to|forecasts?|projected|projections?)\b",
    re.IGNORECASE,
)
_PRIOR = re.compile(
    r"\b(?:previously|formerly|had (?:been|stood|held)|used to (?:be|stand)|prior to|before (?:the|its|this|that|[A-Z]\w+'s) \w+)\b",
    re.IGNORECASE,
)
_BOUND_PHRASE = re.compile(
    r"\b(?:as (?:much|many|high|little|few|low) as|up to|no more than|less than|fewer than)\s*[$£€₹]?$",
    re.IGNORECASE,
)
# A sentence about another happening than the story's ("a similar fire", "an earlier quake"): its
# figures are background, compared only with figures of the same sentence kind.
_OTHER_HAPPENING = re.compile(
    r"\b(?:a similar|an earlier|a previous|the previous|a prior|a separate|another (?:\w+ )?(?:fire|quake|"
    r"earthquake|attack|blast|explosion|crash|accident|incident|protest|storm|flood|shooting|clash|outbreak))\b",
    re.IGNORECASE,
)


def _role(seg: str, start: int, end: int, clause: tuple[int, int]) -> str:
    """How a figure stands to its slot: "" a level, "from" (a state before a change), "by" (a
    change), "target", "bound", "part", "more", "range", "vague" or "id". Only figures of one role
    compare."""
    before = [w for w, _ in _words_at(seg, clause[0], start)]
    after = [w for w, _ in _words_at(seg, end, clause[1])][:3]
    core = [w for w in before if w not in _HEDGES]
    prev = core[-1] if core else ""
    if prev == "magnitude" and len(core) > 1:
        prev = core[-2]
    ahead = seg[max(0, start - 40) : start]
    behind = seg[end : end + 30]
    # "Flight 214", "Boeing 737", "Reservoir 5": a name's number, not a count.
    last = re.search(r"([A-Za-z][\w'’.-]*)\s+[$£€₹]?$", ahead)
    name = last.group(1) if last else ""
    if (
        name[:1].isupper()
        and last is not None
        and start - len(ahead) + last.start(1) > 0  # not the sentence's first word
        and name.lower() not in _HEDGES
        and name.lower() not in _STOP
        and name.lower() not in _MONTHS
        and name.lower().rstrip(".") not in _CURRENCY_WORDS
    ):
        return "id"
    if (
        _RANGE_AFTER.match(behind)
        or _RANGE_BEFORE.search(ahead)
        or ("between" in before[-3:] and re.match(r"\s*(?:\w+\s+)?and\s+[$£€₹]?\d", behind))
    ):
        return "range"
    if re.search(r"\b(?:several|a few|many|dozens of|hundreds of)\s+$", ahead, re.IGNORECASE):
        return "vague"  # "several dozen migrants": no number to compare
    whole = re.search(r"\b(\w+)\s+of\s+(?:the\s+|all\s+|its\s+)?$", ahead)
    if whole and (whole.group(1)[0].isdigit() or whole.group(1).lower() in _NUMBER_WORDS):
        return "part"  # the 31 in "17 of the 31 passengers died": the whole a part is taken from
    if (
        re.match(r"\s+of\s+(?:the|them|those|whom|which|its|his|her|their)\b", behind)
        or prev in {"other", "including"}
        or (
            prev in {"in", "out"}
            and len(core) > 1
            and (core[-2] in _NUMBER_WORDS or core[-2] in {"one", "of"} or core[-2][0].isdigit())
        )
    ):
        return "part"  # "two of the dead", "one in ten houses", "the other three"
    if after[:1] in (["more"], ["additional"]) or prev in {"another", "additional"}:
        return "more"  # "two more bodies": an increment
    if any(w.endswith("est") and w not in _SUPERLATIVE_NOT for w in before[-3:]) or "most" in before[-3:]:
        return "part"  # "the strongest of magnitude 4.6": one of a set
    if (
        _BOUND_PHRASE.search(ahead)
        or prev in _BOUND_BEFORE
        or re.match(r"(?:\s*[\w-]+)?,?\s+(?:or|and) (?:more|above|higher|less|fewer|over)\b", behind)
    ):
        return "bound"
    if prev in {"from", "by"}:
        return prev
    if _PRIOR.search(seg[:start]):  # "Previously, the agency had said ..."
        return "from"
    if _TARGET.search(seg[clause[0] : start]):
        return "target"
    return ""


def _hedge(seg: str, start: int) -> str:
    """ "over" for a lower bound ("more than 4,000"), "about" for an estimate, else "" (a count as
    given; "at least 12" is the toll officials stand by, so it is compared as 12)."""
    ahead = seg[max(0, start - 30) : start].lower()
    if re.search(r"\b(?:more than|over|upwards of|in excess of)\s+(?:a\s+)?[$£€₹]?$", ahead):
        return "over"
    if re.search(
        r"\b(?:about|around|roughly|nearly|almost|approximately|some|an estimated|close to)\s+(?:a\s+)?[$£€₹]?$",
        ahead,
    ):
        return "about"
    return ""


def _unit(seg: str, m: re.Match[str], clause: tuple[int, int]) -> tuple[str, str, bool]:
    """(unit, head word, bare) of a number: what it counts or measures."""
    start, end = m.start(), m.start() + len(m.group(0).rstrip())
    before = [w for w, _ in _words_at(seg, max(clause[0], start - 60), start)]
    if m.group("cur"):
        return f"amount:{_CURRENCY_SIGNS[m.group('cur')]}", "", False
    if (
        before
        and before[-1] in _CURRENCY_WORDS
        and before[-1] in {"rs", "rs.", "usd", "eur", "gbp", "inr", "ksh", "ush"}
    ):
        return f"amount:{_CURRENCY_WORDS[before[-1]]}", "", False
    rest = seg[end:]
    if re.match(r"\s*(?:%|per\s*cent\b|percent\b)", rest):
        return "percent", "", False
    if re.match(r"\s*percentage points?\b", rest):
        return "percentage point", "", False
    if rest.startswith("-"):
        glued = re.match(r"-([A-Za-z]+)", rest)
        return (
            ("magnitude", "", False) if glued and glued.group(1).lower() == "magnitude" else ("", "", False)
        )
    if "magnitude" in before[-2:]:
        return "magnitude", "", False
    after = [(w, at) for w, at in _words_at(seg, end, clause[1])][:8]
    words = [w for w, _ in after]
    if words and words[0] in _CURRENCY_WORDS:
        return f"amount:{_CURRENCY_WORDS[words[0]]}", "", False
    if words[:1] == ["magnitude"]:
        return "magnitude", "", False
    if words[:2] == ["basis", "points"] or words[:2] == ["basis", "point"]:
        return "basis point", "", False
    # The counted noun: past hedges and persons; "112 damaged houses" counts houses, "14 non-tariff
    # barriers" barriers.
    k = 0
    while k < len(words) and (
        words[k] in {"more", "additional"}
        or (words[k] in _FILLER and words[k] not in _PERSONS and words[k] not in _STOP)
    ):
        k += 1
    head = words[k] if k < len(words) and words[k] not in _STOP and words[k][0].isalpha() else ""
    # The head is the last noun of a compound: past modifiers ("damaged", "non-tariff"), names
    # ("Nepal Army helicopters") and noun modifiers of a plural ("truck drivers").
    while head and k + 1 < len(words):
        nxt = words[k + 1]
        if nxt in _STOP or not nxt[0].isalpha() or nxt.endswith(("ly", "ing")):
            break
        modifier = (
            "-" in head
            or head.endswith("ed")
            or seg[after[k][1]].isupper()
            or (nxt.endswith("s") and not head.endswith("s"))
        )
        if not modifier:
            break
        k += 1
        head = nxt
    slot = _SLOT_OF.get(head, "")
    if slot and slot != "percent":
        return slot, head, False
    if head and head not in _PERSONS and head not in _FILLER:
        if head in _NOT_COUNTS:
            return "", "", False
        return _light_stem(head.replace("’", "'")), head, False
    # A person count or a bare number: the clause says what happened to them ("19 people are being
    # treated for injuries", "the number of people killed rose to 14", "put the toll at 12").
    for w in words[:6]:
        if _SLOT_OF.get(w, "percent") != "percent":
            return _SLOT_OF[w], head, False
    back = [w for w, _ in _words_at(seg, clause[0], start)][-10:]
    for w in reversed(back):
        if _SLOT_OF.get(w, "percent") != "percent":
            return _SLOT_OF[w], head, False
    if head:
        return _light_stem(head), head, False
    # "a bid-to-cover ratio of 2.4", "a depth of 17": the noun the number is the value of.
    if len(back) >= 2 and back[-1] == "of" and back[-2] not in _STOP and back[-2][0].isalpha():
        noun = back[-2].split("-")[-1]
        if noun not in _GENERIC and noun not in _FILLER:
            return _light_stem(noun), noun, False
    return "", "", True


def _source(seg: str, clause: tuple[int, int], end: int) -> str:
    """Who gave a figure, when the sentence names them: "according to the Tanzania Revenue
    Authority", "while the US Geological Survey put it at 5.7", '..., the Home Ministry said'.
    Unnamed sources ("officials said") give nothing: the quote shows them."""
    found = [_SUBJECT.match(seg[clause[0] : clause[1]]), _ACCORDING.search(seg, end)]
    said = _SAID_BY.search(seg, end)
    # "the Ministry of Investments, Trade and Industry said": a comma inside a name is no start.
    if said is not None and not re.search(r"[A-Z][\w'’.-]*,\s*$", seg[: said.start("src")]):
        found.append(said)
    for m in found:
        if m is None:
            continue
        src = re.sub(r"^(?:The|the)\s+|[\s.,;:’']+$|\s+(?:of|and|for|de)$", "", m.group("src")).strip()
        if src and src.lower() not in _UNNAMED and src.split()[0].lower() not in _STOP:
            return src
    return ""


def _read_figures(
    seg: str, dates: Sequence[DateMention], date_spans: Sequence[tuple[int, int]], published: str | None
) -> list[Figure]:
    """Every number of a sentence that is not part of a date, read as a :class:`Figure`."""
    clauses = _clauses(seg)
    times = _time_keys(seg, dates, published)
    found: list[tuple[re.Match[str], float, tuple[int, int]]] = []
    for m in _QUANTITY.finditer(seg):
        if any(a <= m.start() < b for a, b in date_spans):
            continue
        if any(a <= m.start() < b for a, b, k in times if isinstance(k, str)):
            continue  # "three days after": an offset, not a count
        if m.start() > 0 and (seg[m.start() - 1].isalpha() or seg[m.start() - 1] in "”\"’'"):
            continue  # a footnote mark ("times.”5") or a code ("A320")
        raw = m.group("num").lower()
        try:
            value = float(raw.replace(",", "")) if raw[0].isdigit() else float(_NUMBER_WORDS[raw])
        except ValueError:
            continue
        if m.group("abbr"):
            if not m.group("cur") or not raw[0].isdigit():
                continue  # "30m", "5k": metres, a race, not money
            value *= _SCALE[m.group("abbr").lower()]
        if m.group("scale"):
            value *= _SCALE[m.group("scale").lower()]
        if seg[m.end() : m.end() + 1] == ":" or re.match(
            r"\s*(?:gmt|bst|utc|a\.?m|p\.?m)\b", seg[m.end() :], re.I
        ):
            continue  # a clock time
        found.append((m, value, _clause_of(clauses, m.start())))
    # A time expression belongs to the nearest figure before it in its clause (else the next one):
    # "23.4 per cent in February from 22.8 per cent in January".
    owner: dict[int, int] = {}  # time expression -> the figure it dates
    for n, (a, _b, _key) in enumerate(times):
        clause = _clause_of(clauses, a)
        inside = [k for k, (_, _, c) in enumerate(found) if c == clause]
        if inside:
            prior = [k for k in inside if found[k][0].end() <= a]
            owner[n] = prior[-1] if prior else inside[0]
    # Other times of the sentence that are well past date every figure in it ("a 7.8 quake in April
    # 2015 killed 9,000"), except one a parallel figure owns ("23.4 ... from 22.8 per cent in January").
    # A relative time in a later clause ("..., undoing last year's progress") dates that clause only;
    # dates, offsets and "a similar fire" date the whole sentence.
    absolute = {(d.start, d.end) for d in dates}
    past = [n for n, (_, _, key) in enumerate(times) if _background_time(key, published)]
    first_word = next((m.start() for m in _WORD.finditer(seg)), 0)
    out: list[Figure] = []
    units = [_unit(seg, m, clause) for m, _, clause in found]
    for k, (m, value, clause) in enumerate(found):
        start, end = m.start(), m.start() + len(m.group(0).rstrip())
        unit, head, bare = units[k]
        if not unit and not (bare and "." in m.group("num")):
            continue
        own = [times[n][2] for n, k2 in owner.items() if k2 == k]
        background = [
            times[n][2]
            for n in past
            if (n not in owner or units[owner[n]][0] != unit)
            and (
                isinstance(times[n][2], str) or (times[n][0], times[n][1]) in absolute or times[n][0] < start
            )
        ]
        # What the figure is of: up to three content words each side. A rate or an amount is
        # described inside its clause ("inflation rose to 23.4 per cent"); a count's predicate may
        # follow a list ("86 houses, two schools and a mosque were damaged").
        lo, hi = (0, len(seg)) if head or unit in _CASUALTY_SLOTS else clause
        words = [
            (w, at)
            for w, at in _words_at(seg, lo, hi)
            if w[0].isalpha()
            and (at <= first_word or not seg[at].isupper())  # names say who, not what
            and not any(a <= at < b for a, b, _ in times)  # "last year" says when, not what
            and w not in _STOP
            and w not in _GENERIC
            and w not in _FILLER
            and w not in _MONTHS
            and w not in _WEEKDAYS
            and w != head
            and w not in _SLOT_OF
            and w not in _NUMBER_WORDS
            and w not in _CURRENCY_WORDS
            and w not in _SCALE
            and w != "magnitude"
        ]
        before = [w for w, at in words if at < start][-3:][::-1]
        after = [w for w, at in words if at >= end][:3]
        context = frozenset(_light_stem(w) for w in (*before, *after))
        # nearest first: the word a label should name
        about = tuple(w for pair in zip_longest(before, after) for w in pair if w)
        source = _source(seg, clause, end)
        names = frozenset(
            w.lower().removesuffix("'s").removesuffix("’s")
            for w, at in _words_at(seg, clause[0], clause[1])
            if at > first_word
            and seg[at].isupper()
            and w.lower() not in _MONTHS
            and w.lower().removesuffix("'s").removesuffix("’s") not in _WEEKDAYS
            and w not in source
        )
        prev = [w for w, _ in _words_at(seg, clause[0], start)]
        out.append(
            Figure(
                unit=unit,
                value=value,
                text=m.group(0).strip(),
                start=start,
                end=end,
                role=_role(seg, start, end, clause),
                times=tuple(own or background),
                context=context,
                source=source,
                names=names,
                hedge=_hedge(seg, start),
                frame=prev[-1] if prev else "",
                bare=bare,
                head=head,
                about=about,
            )
        )
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


def _quantity_pairs(figures: Sequence[Figure]) -> tuple[tuple[str, str], ...]:
    return tuple((f.unit, f.key) for f in figures if f.unit and f.role == "")


def _times_agree(f: Figure, g: Figure) -> bool:
    return _keys_agree(f.times, g.times)


def _keys_agree(a: Sequence[TimeKey], b: Sequence[TimeKey]) -> bool:
    """Both undated, or dated compatibly (equal wherever both give a component)."""
    if not a or not b:
        return not a and not b
    for x in a:
        for y in b:
            if isinstance(x, str) or isinstance(y, str):
                if x == y:
                    return True
                continue
            pairs = [(p, q) for p, q in zip(x, y, strict=True) if p is not None and q is not None]
            if pairs and all(p == q for p, q in pairs):
                return True
    return False


# Units that recur in unrelated statements of one story ("for 10 years", "two days"): they need
# closely similar sentences to be compared at all.
_WEAK_UNITS = _wordset("year month week day hour minute second time kilometre km mile metre meter")


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


# ---------------------------------------------------------------------------------------------
# Similarity and slot agreement


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


def _same_place(a: str, b: str) -> bool:
    a1, b1 = a.lower(), b.lower()
    if fuzz.token_set_ratio(a1, b1) >= 85:
        return True
    fa, fb = a1.split()[0], b1.split()[0]
    return fa.startswith(fb) or fb.startswith(fa)


def _known_place(name: str, gazetteer: frozenset[str]) -> bool:
    return name.lower() in gazetteer


def slot_conflicts(s: SentenceInfo, t: SentenceInfo, gazetteer: frozenset[str] = frozenset()) -> list[str]:
    """Slots on which two similar sentences give different values: numbers (one value a side, same
    time), dates (at the precision both give, when the words around them match) and places (only
    known place names in matching contexts). A slot missing from one side is not a conflict.

    Numbers here only tell two happenings apart ("12 killed by a 5.9 quake" / "9,000 killed by a 7.8
    quake" differ on two slots); the number conflicts a brief reports come from :class:`Figure` links.
    """
    out: list[str] = []
    qs: dict[str, set[str]] = defaultdict(set)
    qt: dict[str, set[str]] = defaultdict(set)
    for slot, v in s.quantities:
        qs[slot].add(v)
    for slot, v in t.quantities:
        qt[slot].add(v)
    if _same_time(s, t):
        for slot in sorted(qs.keys() & qt.keys()):
            if len(qs[slot]) == 1 and len(qt[slot]) == 1 and qs[slot] != qt[slot]:
                out.append(slot)
    if s.dates and t.dates and _dates_disagree(s, t):
        out.append("date")
    ps = [p for p in s.places if _known_place(p[0], gazetteer)]
    pt = [p for p in t.places if _known_place(p[0], gazetteer)]
    if (
        ps
        and pt
        and not any(_same_place(a[0], b[0]) for a in ps for b in pt)
        and any(_context(s, a[1], a[2]) & _context(t, b[1], b[2]) for a in ps for b in pt)
    ):
        out.append("place")
    return out


def _same_time(s: SentenceInfo, t: SentenceInfo) -> bool:
    """Whether two sentences can be about the same moment: both undated, or dated compatibly.

    "27 per cent in January" and "28 per cent" are two readings of a rate, not a disagreement;
    neither are a toll "in April 2015" and one from today's quake.
    """
    if not s.dates or not t.dates:
        return not s.dates and not t.dates
    for x in s.dates:
        for y in t.dates:
            pairs = [(p, q) for p, q in zip(x.key(), y.key(), strict=True) if p is not None and q is not None]
            if pairs and all(p == q for p, q in pairs):
                return True
    return False


def _context(s: SentenceInfo, a: int, b: int) -> set[str]:
    """Content words within a few words of ``s.text[a:b]`` (a date, a place): what it is the date
    or the place *of*. Two values conflict only when their contexts overlap."""
    before = [w.lower() for w in _WORD.findall(s.text[:a])][-4:]
    after = [w.lower() for w in _WORD.findall(s.text[b:])][:4]
    return {
        w.rstrip("s") for w in (*before, *after) if w not in _STOP and w[0].isalpha() and w not in _MONTHS
    }


def _dates_disagree(s: SentenceInfo, t: SentenceInfo) -> bool:
    """True when the sentences date the same thing differently.

    Two dates are about the same thing when the words around them overlap ("attack on May 5" vs
    "attack on May 6"); a sentence that dates the meeting and one that dates the attack behind it
    do not disagree. Any compatible pair (equal at the components both give) means agreement.
    """
    rival = False
    for x in s.dates:
        for y in t.dates:
            pairs = [(p, q) for p, q in zip(x.key(), y.key(), strict=True) if p is not None and q is not None]
            if not pairs or all(p == q for p, q in pairs):
                return False
            if _context(s, x.start - s.start, x.end - s.start) & _context(
                t, y.start - t.start, y.end - t.start
            ):
                rival = True
    return rival


def _conflict_value(s: SentenceInfo, slot: str, gazetteer: frozenset[str]) -> tuple[str, str]:
    """(key, label) of a sentence's date or place: the key compares, the label is what the brief
    shows (an ISO date, a place as written)."""
    if slot == "date":
        label = ", ".join(d.label() for d in s.dates)
        return label, label
    label = ", ".join(p[0] for p in s.places if _known_place(p[0], gazetteer))
    return label.lower(), label


# ---------------------------------------------------------------------------------------------
# Grouping sentences into claims


class _Clusters:
    """Union-find over sentences that refuses merges putting two sentences of one article, or two
    conflicting sentences, in one claim."""

    def __init__(self, sentences: Sequence[SentenceInfo], conflicts: set[tuple[int, int]]) -> None:
        self.parent = list(range(len(sentences)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(sentences))}
        self.articles: dict[int, set[str]] = {i: {s.article_id} for i, s in enumerate(sentences)}
        self.conflicts = conflicts

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b or self.articles[a] & self.articles[b]:
            return False
        if any((min(x, y), max(x, y)) in self.conflicts for x in self.members[a] for y in self.members[b]):
            return False
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))
        self.articles[a] |= self.articles.pop(b)
        return True

    def groups(self) -> list[list[int]]:
        return [sorted(m) for m in self.members.values()]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _reuse_pairs(sentences: Sequence[SentenceInfo], reuses: Sequence[Reuse]) -> dict[tuple[int, int], float]:
    """Sentence pairs covered by an aligned reuse passage (at least half of each sentence).

    In a passage spanning several sentences, only pairs that also look alike are taken, so the
    alignment does not pair a paragraph's first sentence with the other's third.
    """
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        by_article[s.article_id].append(i)
    out: dict[tuple[int, int], float] = {}
    for reuse in reuses:
        for p in reuse.passages:
            left = [
                i
                for i in by_article.get(p.a.article_id, [])
                if _overlap(sentences[i].start, sentences[i].end, p.a.start, p.a.end)
                >= 0.5 * (sentences[i].end - sentences[i].start)
            ]
            right = [
                j
                for j in by_article.get(p.b.article_id, [])
                if _overlap(sentences[j].start, sentences[j].end, p.b.start, p.b.end)
                >= 0.5 * (sentences[j].end - sentences[j].start)
            ]
            single = len(left) == 1 and len(right) == 1  # the passage *is* this sentence pair
            for i in left:
                for j in right:
                    if single or similarity(sentences[i], sentences[j]) >= 0.4:
                        out[(min(i, j), max(i, j))] = max(out.get((min(i, j), max(i, j)), 0.0), p.score)
    return out


@dataclass(slots=True)
class _Analysis:
    sentences: list[SentenceInfo]
    groups: list[list[int]]
    sims: dict[tuple[int, int], float]
    conflict_pairs: dict[tuple[int, int], list[str]]
    lineage_of: dict[str, str]
    support: list[float] = field(default_factory=list)  # soft cross-lineage support per sentence
    # (sentence, figure) pairs stating one slot: corroborating or rival values
    figure_links: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def _analyse(
    articles: Sequence[Article],
    lineage_of: dict[str, str],
    reuses: Sequence[Reuse],
    settings: FuseSettings,
    gazetteer: frozenset[str],
    reference: str | None = None,
) -> _Analysis:
    """Sentences, their pairwise similarities across articles, conflicting pairs and claim groups.

    Groups are built greedily from the most similar pair down to ``claim_threshold``; a merge that
    would put two sentences of one article, or two conflicting sentences, in one group is refused.
    """
    stemmer = Stemmer()
    dated = sorted(a.published.value for a in articles if a.published.value)
    reference = reference or (dated[0] if dated else None)
    sentences = _resolve_bare(
        [
            s
            for a in articles
            for s in analyse_article(a, stemmer, reference)
            if not s.heading and s.words >= settings.min_words
        ]
    )
    sims: dict[tuple[int, int], float] = {}
    conflict_pairs: dict[tuple[int, int], list[str]] = {}
    # Inverted index on stems: only pairs sharing a content word are scored.
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        for st in s.stems:
            index[st].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    df = {st: len(ids) for st, ids in index.items()}
    # A stem in most sentences (the story's own topic words) proposes every pair: skip it as a
    # proposer (it still counts in the similarity); the cap keeps big stories near-linear.
    limit = max(8, min(len(sentences) // 2, 300))
    for st, ids in index.items():
        if df[st] > limit:
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]
                if sentences[i].article_id != sentences[j].article_id:
                    shared[(i, j)] += 1
    for (i, j), n in shared.items():
        if n < 2:
            continue
        score = similarity(sentences[i], sentences[j])
        if score >= min(settings.conflict_threshold, settings.claim_threshold) * 0.6:
            sims[(i, j)] = score
    for pair, score in _reuse_pairs(sentences, reuses).items():
        if sentences[pair[0]].article_id != sentences[pair[1]].article_id:
            sims[pair] = max(sims.get(pair, 0.0), min(1.0, max(score, settings.claim_threshold)))
    links = _figure_links(sentences, sims, settings)
    # Sentences whose figures disagree are never one claim.
    apart = {
        (min(a[0], b[0]), max(a[0], b[0]))
        for a, b in links
        if a[0] != b[0] and sentences[a[0]].figures[a[1]].value != sentences[b[0]].figures[b[1]].value
    }
    for (i, j), score in sims.items():
        if score >= settings.conflict_threshold:
            slots = slot_conflicts(sentences[i], sentences[j], gazetteer)
            # A date or place that differs alone is a disagreement; with other differing values
            # (toll, magnitude, year) it marks two different happenings told alike: kept apart only.
            if len(slots) == 1 and slots[0] in {"date", "place"}:
                conflict_pairs[(i, j)] = slots
            if slots:
                apart.add((i, j))
    clusters = _Clusters(sentences, apart)
    for (i, j), score in sorted(sims.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < settings.claim_threshold:
            break
        clusters.union(i, j)
    analysis = _Analysis(sentences, clusters.groups(), sims, conflict_pairs, lineage_of, figure_links=links)
    analysis.support = _soft_support(analysis)
    return analysis


def _soft_support(an: _Analysis) -> list[float]:
    """Per sentence: sum over the *other* lineages of its best similarity to one of their sentences.

    The graded version of "how many independent sources say this": it ranks lead sentences when
    outlets paraphrase too freely for the claim threshold.
    """
    best: dict[tuple[int, str], float] = {}
    for (i, j), score in an.sims.items():
        li = an.lineage_of[an.sentences[i].article_id]
        lj = an.lineage_of[an.sentences[j].article_id]
        if li == lj:
            continue
        best[(i, lj)] = max(best.get((i, lj), 0.0), score)
        best[(j, li)] = max(best.get((j, li), 0.0), score)
    out = [0.0] * len(an.sentences)
    for (i, _), score in best.items():
        out[i] += score
    return out


# ---------------------------------------------------------------------------------------------
# Ranking


def rank_sentences(
    articles: Sequence[Article],
    lineages: Sequence[Lineage] = (),
    reuses: Sequence[Reuse] = (),
    settings: FuseSettings | None = None,
) -> list[Claim]:
    """All claims of a set of articles, best first (the order the lead takes them in).

    Exposed for benchmarks and callers that want more than the brief's few lead facts.
    """
    settings = settings or FuseSettings()
    lineage_of = _lineage_map(articles, lineages)
    an = _analyse(articles, lineage_of, reuses, settings, frozenset())
    claims, scores = _claims(an, "", articles, settings)
    order = sorted(range(len(claims)), key=lambda k: -scores[k])
    return _mmr([claims[k] for k in order], [scores[k] for k in order], an, settings, limit=None, words=None)


def _lineage_map(articles: Sequence[Article], lineages: Sequence[Lineage]) -> dict[str, str]:
    out = {a: lin.id for lin in lineages for a in lin.article_ids}
    for a in articles:
        out.setdefault(a.id, a.id)
    return out


# A sentence opening on a pronoun or a link to the one before ("Since then", "But") leans on
# context the lead does not carry.
_ANAPHORA = re.compile(
    r"[\"“‘']?(?:it|its|this|that|these|those|he|she|they|his|her|their|them|there|such|but|and|so|also|"
    r"however|meanwhile|since then|then|still|yet|instead|as a result|in addition)\b",
    re.IGNORECASE,
)


def _claims(
    an: _Analysis, story_id: str, articles: Sequence[Article], fs: FuseSettings
) -> tuple[list[Claim], list[float]]:
    """One Claim per sentence group, with its ranking score.

    The score adds the share of the story's lineages that state the claim, its soft cross-lineage
    support (paraphrases below the claim threshold still count a little), and a position prior:
    news puts the facts first, so an early sentence of a long-enough length scores higher.
    """
    claims: list[Claim] = []
    scores: list[float] = []
    order = {a.id: k for k, a in enumerate(articles)}
    n_lineages = max(1, len(set(an.lineage_of.values())))
    rank: dict[int, float] = {}
    per_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(an.sentences):
        per_article[s.article_id].append(i)
    first_rank: dict[int, int] = {}
    for ids in per_article.values():
        for r, i in enumerate(sorted(ids, key=lambda i: an.sentences[i].start)):
            rank[i] = r / max(1, len(ids))
            first_rank[i] = r
    for group in an.groups:
        members = sorted(group, key=lambda i: (order[an.sentences[i].article_id], an.sentences[i].start))
        rep = max(
            members,
            key=lambda i: (
                sum(an.sims.get((min(i, j), max(i, j)), 0.0) for j in members if j != i),
                -an.sentences[i].position,
                -order[an.sentences[i].article_id],
            ),
        )
        s = an.sentences[rep]
        lineage_ids = tuple(sorted({an.lineage_of[an.sentences[i].article_id] for i in members}))
        evidence = tuple(an.sentences[i].span for i in members)
        claim = Claim(
            id=content_id(story_id, *(f"{e.article_id}:{e.start}:{e.end}" for e in evidence)),
            text=s.text,
            article_ids=tuple(an.sentences[i].article_id for i in members),
            independent_sources=len(lineage_ids),
            evidence=evidence,
            lineage_ids=lineage_ids,
        )
        claims.append(claim)
        support = max(an.support[i] for i in members) / max(1, n_lineages - 1)
        position = min(rank[i] for i in members)
        first = min(first_rank[i] for i in members)
        length = min(1.0, s.words / fs.full_length)
        scores.append(
            fs.w_sources * (len(lineage_ids) - 1) / max(1, n_lineages - 1)
            + fs.w_centrality * support
            + fs.w_position * (1.0 - position) * length
            + (fs.w_first if first == 0 else 0.0)
            - (fs.w_anaphora if _ANAPHORA.match(s.text) else 0.0)
        )
    return claims, scores


def _cosine(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _mmr(
    claims: Sequence[Claim],
    scores: Sequence[float],
    an: _Analysis,
    settings: FuseSettings,
    limit: int | None,
    words: int | None,
) -> list[Claim]:
    """Greedy pick in score order, skipping claims too close to one already picked."""
    stems_of = {(s.article_id, s.start): s.stems for s in an.sentences}
    picked: list[Claim] = []
    picked_stems: list[frozenset[str]] = []
    total = 0
    for claim, _score in zip(claims, scores, strict=True):
        stems = frozenset().union(
            *(stems_of.get((e.article_id, e.start), frozenset()) for e in claim.evidence)
        )
        if any(_cosine(stems, p) > settings.redundancy for p in picked_stems):
            continue
        picked.append(claim)
        picked_stems.append(stems)
        total += len(claim.text.split())
        if (limit is not None and len(picked) >= limit) or (words is not None and total >= words):
            break
    return picked


# ---------------------------------------------------------------------------------------------
# Conflicts


def _conflicts(
    an: _Analysis, claims: Sequence[Claim], gazetteer: frozenset[str]
) -> tuple[list[Conflict], dict[str, set[str]]]:
    """Conflict records by slot over the claims whose sentences disagree; and claim -> rivals."""
    claim_of: dict[int, int] = {}
    for k, group in enumerate(an.groups):
        for i in group:
            claim_of[i] = k
    # Union claims that conflict on one slot, so three outlets with 12, 14, 12 give one record.
    by_slot: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (i, j), slots in an.conflict_pairs.items():
        for slot in slots:
            by_slot[slot].append((claim_of[i], claim_of[j]))
    out: list[Conflict] = []
    rivals: dict[str, set[str]] = defaultdict(set)
    for slot, pairs in sorted(by_slot.items()):
        parent: dict[int, int] = {}

        def find(x: int, parent: dict[int, int] = parent) -> int:
            parent.setdefault(x, x)
            while parent[x] != x:
                x = parent[x]
            return x

        for a, b in pairs:
            parent[find(a)] = find(b)
            rivals[claims[a].id].add(claims[b].id)
            rivals[claims[b].id].add(claims[a].id)
        components: dict[int, list[int]] = defaultdict(list)
        for x in list(parent):
            components[find(x)].append(x)
        for comp in components.values():
            values: dict[str, tuple[str, list[str], list[Span]]] = {}
            for k in sorted(comp):
                for i in an.groups[k]:
                    s = an.sentences[i]
                    key, label = _conflict_value(s, slot, gazetteer)
                    if not key:
                        continue
                    _, ids, spans = values.setdefault(key, (label, [], []))
                    if s.article_id not in ids:
                        ids.append(s.article_id)
                        spans.append(s.span)
            if len(values) < 2:
                continue
            biggest = max(comp, key=lambda k: (claims[k].independent_sources, -k))
            out.append(
                Conflict(
                    slot=slot,
                    values=tuple(
                        ConflictValue(label, tuple(ids), tuple(spans))
                        for label, ids, spans in values.values()
                    ),
                    subject=claims[biggest].text,
                )
            )
    for found, their_rivals in (_figure_conflicts(an, claims), _vote_conflicts(an, claims)):
        out.extend(found)
        for claim_id, rival_ids in their_rivals.items():
            rivals[claim_id] |= rival_ids
    out.extend(_title_conflicts(an))
    return out, rivals


def _figure_links(
    sentences: Sequence[SentenceInfo], sims: dict[tuple[int, int], float], settings: FuseSettings
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of figures (sentence index, figure index) that state one slot: same unit and role,
    same time, about the same thing. Equal values corroborate, different values disagree."""
    by_unit: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, s in enumerate(sentences):
        for k, f in enumerate(s.figures):
            if f.unit and f.role in {"", "from", "by", "target"}:
                by_unit[f.unit].append((i, k))
    crowded = _crowded(sentences, by_unit)
    links = []
    for figs in by_unit.values():
        for x in range(len(figs)):
            for y in range(x + 1, len(figs)):
                a, b = figs[x], figs[y]
                f, g = sentences[a[0]].figures[a[1]], sentences[b[0]].figures[b[1]]
                if f.value != g.value and a[0] != b[0] and (a in crowded or b in crowded):
                    continue
                if _comparable(sentences, a, b, sims, settings):
                    links.append((a, b))
    return links


def _crowded(
    sentences: Sequence[SentenceInfo], by_unit: dict[str, list[tuple[int, int]]]
) -> set[tuple[int, int]]:
    """Figures whose article gives three or more values of their unit in like words: "46 percent
    black", "14 percent black", "19 percent black" are several subjects' figures, not one slot's,
    so none of them rivals another source's. Tolls are exempt (updated tolls are the rule)."""
    out: set[tuple[int, int]] = set()
    for unit, figs in by_unit.items():
        if unit in _CASUALTY_SLOTS:
            continue
        per_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for x in figs:
            if sentences[x[0]].figures[x[1]].role == "":
                per_article[sentences[x[0]].article_id].append(x)
        for members in per_article.values():
            for x in members:
                f = sentences[x[0]].figures[x[1]]
                alike = {
                    sentences[y[0]].figures[y[1]].value
                    for y in members
                    if y == x or f.context & sentences[y[0]].figures[y[1]].context
                }
                if len(alike) >= 3:
                    out.add(x)
    return out


def _comparable(
    sentences: Sequence[SentenceInfo],
    a: tuple[int, int],
    b: tuple[int, int],
    sims: dict[tuple[int, int], float],
    fs: FuseSettings,
) -> bool:
    """Whether figure ``a`` and figure ``b`` (sentence index, figure index) state one slot."""
    s, t = sentences[a[0]], sentences[b[0]]
    f, g = s.figures[a[1]], t.figures[b[1]]
    if f.role != g.role or not _times_agree(f, g):
        return False
    if a[0] == b[0]:
        # One sentence reporting two sources' figures: "X measured it at 5.9, while Y put it at 5.7".
        return f.value != g.value and bool(f.source and g.source) and f.source != g.source
    if s.article_id == t.article_id:
        return False

    def sim() -> float:
        # Pairs the stem index did not propose (they share only common words) are scored here,
        # and only when a rule needs the score.
        got = sims.get((min(a[0], b[0]), max(a[0], b[0])))
        return similarity(s, t) if got is None else got

    shared = len(f.context & g.context)
    if f.value == g.value:
        return "." in f.text or f.value >= 1000 or shared >= 1 or sim() >= fs.figure_similarity
    # One value a side, and neither sentence gives the other's value at all: a sentence giving
    # several cannot say which one rivals ("17 km deep, 40 km away", "$5 million and another $4.9",
    # "29 charges, including 11 counts" / "29 counts").
    if (
        len({x.value for x in s.figures if x.unit == f.unit and x.role == f.role}) != 1
        or len({y.value for y in t.figures if y.unit == f.unit and y.role == f.role}) != 1
        or any(x.value == g.value for x in s.figures)
        or any(y.value == f.value for y in t.figures)
    ):
        return False
    # Named subjects around both figures that have nothing in common: "$4.9 million from SkyBridge"
    # is no rival of "$200,000 from Hastings Capital".
    if f.names and g.names and not f.names & g.names and f.unit not in _CASUALTY_SLOTS:
        return False  # (a toll's names are its place and its source, which outlets vary)
    if _other_happening(s, t, f.unit) or _compatible(f, g):
        return False
    if f.unit in _CASUALTY_SLOTS:
        return sim() >= fs.toll_conflict_threshold
    if f.unit in _WEAK_UNITS:
        return shared >= 2 and sim() >= fs.claim_threshold + 0.15
    # What a number measures is in the words around it: at least one in common, always.
    return shared >= 2 or (shared >= 1 and sim() >= fs.figure_similarity)


def _compatible(f: Figure, g: Figure) -> bool:
    """Different numbers that do not contradict: "more than a dozen" and 13, "about 200" and 196."""
    low, high = sorted((f, g), key=lambda x: x.value)
    if low.hedge == "over":
        return True
    return "about" in {f.hedge, g.hedge} and high.value - low.value <= 0.05 * high.value


def _other_happening(s: SentenceInfo, t: SentenceInfo, unit: str) -> bool:
    """Two sentences that also differ on another figure tell two happenings alike: "12 killed by a
    5.9 quake" is no rival of "9,000 killed by a 7.8 quake". Tolls may move together ("3 dead, 19
    hurt" / "4 dead, 23 hurt" is one quake counted twice), so a second differing toll does not
    count against a toll."""
    for u in {f.unit for f in s.figures} - {unit}:
        if u in _WEAK_UNITS or (unit in _CASUALTY_SLOTS and u in _CASUALTY_SLOTS):
            continue
        mine = {x.value for x in s.figures if x.unit == u and not x.role}
        theirs = {y.value for y in t.figures if y.unit == u and not y.role}
        if len(mine) == 1 and len(theirs) == 1 and mine != theirs:
            return True
    return False


def _mark_rivals(
    rivals: dict[str, set[str]],
    claims: Sequence[Claim],
    claim_of: dict[int, int],
    these: Sequence[int],
    those: Sequence[int],
) -> None:
    """Record that the claims holding sentences ``these`` and those holding ``those`` gave rival
    values of one slot, both ways round (a claim is never its own rival)."""
    for i in these:
        for j in those:
            ci, cj = claims[claim_of[i]].id, claims[claim_of[j]].id
            if ci != cj:
                rivals[ci].add(cj)
                rivals[cj].add(ci)


def _figure_conflicts(an: _Analysis, claims: Sequence[Claim]) -> tuple[list[Conflict], dict[str, set[str]]]:
    """Conflict records from linked figures: one per group of figures stating one slot with at
    least two values; every value keeps its sentences as evidence and the articles behind it."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in an.figure_links:
        parent[find(a)] = find(b)
    groups: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for x in sorted(parent):
        groups[find(x)].append(x)
    claim_of = {i: k for k, group in enumerate(an.groups) for i in group}
    order = {a: k for k, a in enumerate(dict.fromkeys(s.article_id for s in an.sentences))}
    out: list[Conflict] = []
    rivals: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        figs = sorted(
            members, key=lambda x: (order[an.sentences[x[0]].article_id], an.sentences[x[0]].start, x[1])
        )
        values: dict[str, tuple[list[Figure], list[str], list[Span], list[int]]] = {}
        for i, k in figs:
            s = an.sentences[i]
            f = s.figures[k]
            found, ids, spans, sents = values.setdefault(f.key, ([], [], [], []))
            found.append(f)
            sents.append(i)
            if s.article_id not in ids:
                ids.append(s.article_id)
                spans.append(s.span)
        unit = an.sentences[figs[0][0]].figures[figs[0][1]].unit
        # Three or more values of one non-toll slot are mostly several slots told alike (tariff
        # rounds, survey answers); tolls do climb through several values.
        if len(values) < 2 or (len(values) > 2 and unit not in _CASUALTY_SLOTS):
            continue
        ranked = sorted(values.values(), key=lambda v: -len(v[1]))
        for n, one in enumerate(ranked):
            for other in ranked[n + 1 :]:
                _mark_rivals(rivals, claims, claim_of, one[3], other[3])
        out.append(
            Conflict(
                slot=_slot_label(unit, [v[0] for v in ranked]),
                values=tuple(
                    ConflictValue(_value_label(found), tuple(ids), tuple(spans))
                    for found, ids, spans, _ in ranked
                ),
                subject=ranked[0][2][0].text,
            )
        )
    return out, rivals


def _slot_label(unit: str, by_value: Sequence[Sequence[Figure]]) -> str:
    """What the brief calls a slot: the casualty class, the counted noun ("houses"), or the unit
    with the word the rival values share around them ("amount (trade)", "percent (inflation)")."""
    if unit in _CASUALTY_SLOTS or unit == "magnitude":
        return unit
    heads = Counter(f.head for figs in by_value for f in figs if f.head)
    if heads:
        return heads.most_common(1)[0][0]
    spelled: dict[str, str] = {}
    spread: Counter[str] = Counter()
    nearest: dict[str, int] = {}
    for figs in by_value:
        stems = set()
        for f in figs:
            for rank, w in enumerate(f.about):
                stem = _light_stem(w)
                stems.add(stem)
                spelled.setdefault(stem, w)
                nearest[stem] = min(nearest.get(stem, rank), rank)
        spread.update(stems)
    label = unit.split(":")[0]
    shared = [(-n, nearest[st], st) for st, n in spread.items() if n >= 2]
    return f"{label} ({spelled[min(shared)[2]]})" if shared else label


def _value_label(found: Sequence[Figure]) -> str:
    """The figure as a source wrote it (digits preferred), with who gave it when a sentence says."""
    text = next((f.text for f in found if any(c.isdigit() for c in f.text)), found[0].text)
    sources = list(dict.fromkeys(f.source for f in found if f.source))
    return f"{text} ({'; '.join(sources)})" if sources else text


# Vote outcomes: "voted unanimously" vs "by a majority" / "two members voted to hold" are a
# disagreement in words, not numbers.
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b|\bwithout (?:a )?(?:dissent|objection)\b", re.IGNORECASE)
_DIVIDED = re.compile(
    r"\bby (?:a|the)? ?(?:narrow |slim |simple |two-thirds )?majority\b|\bmajority vote\b|\bsplit (?:vote|decision)\b"
    r"|\b(?!all\b|the\b)(?:\w+) (?:members?|judges?|directors?|councillors?|councilors?|justices?|lawmakers?)\b[^.;]{0,40}?"
    r"\b(?:had )?(?:voted|dissented) (?:to|against|for)\b|\bdissent(?:ed|ing)?\b|\b\d+[-–]\d+ vote\b"
    r"|\bvoted \d+[-–]\d+\b|\bby (?:\d+|\w+) votes? to (?:\d+|\w+)\b",
    re.IGNORECASE,
)
_VOTING_BODY = _wordset(
    "committee board council panel court parliament assembly senate house jury cabinet members commission "
    "congress bench shareholders"
)


def _vote_conflicts(an: _Analysis, claims: Sequence[Claim]) -> tuple[list[Conflict], dict[str, set[str]]]:
    """One body's vote told as unanimous by one source and as divided by another."""
    said: list[tuple[int, str, str]] = []  # (sentence, outcome, phrase)
    for i, s in enumerate(an.sentences):
        for pattern, outcome in ((_UNANIMOUS, "unanimous"), (_DIVIDED, "divided")):
            m = pattern.search(s.text)
            if m is not None:
                said.append((i, outcome, m.group()))
    bodies = {i: {w for w in s.norm.split() if w in _VOTING_BODY} for i, s in enumerate(an.sentences)}
    said = [x for x in said if bodies[x[0]]]
    parent = list(range(len(said)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for x in range(len(said)):
        for y in range(x + 1, len(said)):
            s, t = an.sentences[said[x][0]], an.sentences[said[y][0]]
            if (
                s.article_id != t.article_id
                and bodies[said[x][0]] & bodies[said[y][0]]
                and _keys_agree(s.past, t.past)
            ):
                parent[find(x)] = find(y)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in range(len(said)):
        groups[find(x)].append(x)
    claim_of = {i: k for k, group in enumerate(an.groups) for i in group}
    out: list[Conflict] = []
    rivals: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        values: dict[str, tuple[str, list[str], list[Span], list[int]]] = {}
        for x in members:
            i, outcome, phrase = said[x]
            s = an.sentences[i]
            _, ids, spans, sents = values.setdefault(outcome, (phrase, [], [], []))
            sents.append(i)
            if s.article_id not in ids:
                ids.append(s.article_id)
                spans.append(s.span)
        if len(values) < 2:
            continue
        ranked = sorted(values.values(), key=lambda v: -len(v[1]))
        _mark_rivals(rivals, claims, claim_of, ranked[0][3], ranked[1][3])
        out.append(
            Conflict(
                slot="vote",
                values=tuple(ConflictValue(p, tuple(ids), tuple(spans)) for p, ids, spans, _ in ranked),
                subject=ranked[0][2][0].text,
            )
        )
    return out, rivals


def _title_conflicts(an: _Analysis) -> list[Conflict]:
    """One person given different titles by different lineages ("Foreign" vs "Defence Minister")."""
    titles: dict[str, list[tuple[str, SentenceInfo]]] = defaultdict(list)
    spelled: dict[str, str] = {}
    for s in an.sentences:
        for name, title in s.titles:
            titles[name.lower()].append((title, s))
            spelled.setdefault(name.lower(), name)
    out: list[Conflict] = []
    for name, found in sorted(titles.items()):
        groups: list[tuple[str, list[SentenceInfo]]] = []
        for title, s in found:
            for g in groups:
                if fuzz.token_set_ratio(g[0].lower(), title.lower()) >= 85:
                    g[1].append(s)
                    break
            else:
                groups.append((title, [s]))
        if len(groups) < 2:
            continue
        lineages = [{an.lineage_of[s.article_id] for s in g[1]} for g in groups]
        if len(set().union(*lineages)) < 2:
            continue
        values = []
        for title, ss in groups:
            ids: list[str] = []
            spans: list[Span] = []
            for s in ss:
                if s.article_id not in ids:
                    ids.append(s.article_id)
                    spans.append(s.span)
            values.append(ConflictValue(title, tuple(ids), tuple(spans)))
        out.append(Conflict(slot="title", values=tuple(values), subject=spelled[name]))
    return out


# ---------------------------------------------------------------------------------------------
# Themes, timeline, sources


def _themes(claims: Sequence[Claim], an: _Analysis, events: Sequence[Event]) -> list[Claim]:
    """Label each claim with a cheap theme: the event whose evidence it overlaps, else its key terms.

    Key terms are the entities and stems that occur in a few of the story's claims, not in most
    (every claim of an India-Japan story names India and Japan). Claims, best first, join the
    theme they share the most key terms with (an entity counts double), or open a new one; a theme
    is named after its most frequent key entity, a phrase the sources wrote.
    """
    info = {(s.article_id, s.start): s for s in an.sentences}
    terms: list[tuple[set[str], set[str]]] = []
    for claim in claims:
        ents: set[str] = set()
        stems: set[str] = set()
        for e in claim.evidence:
            s = info.get((e.article_id, e.start))
            if s is not None:
                ents |= set(s.entities)
                stems |= set(s.stems)
        terms.append((ents, stems))
    df: Counter[str] = Counter()
    for ents, stems in terms:
        df.update({f"e:{x}" for x in ents} | {f"s:{x}" for x in stems})
    common = max(2, int(0.25 * len(claims)))
    out: list[Claim] = []
    themes: list[tuple[set[str], set[str], Counter[str]]] = []
    for claim, (ents, stems) in zip(claims, terms, strict=True):
        event = next((ev for ev in events if _overlaps_any(claim.evidence, ev.evidence)), None)
        if event is not None:
            out.append(replace(claim, theme=_event_label(event)))
            continue
        k_ents = {x for x in ents if df[f"e:{x}"] <= common}
        k_stems = {x for x in stems if df[f"s:{x}"] <= common and df[f"s:{x}"] >= 2}
        best, best_score = -1, 0
        for k, (t_ents, t_stems, _) in enumerate(themes):
            score = 2 * len(k_ents & t_ents) + len(k_stems & t_stems)
            if score >= 3 and score > best_score:
                best, best_score = k, score
        if best < 0:
            # A theme keeps its founding claim's key terms: joining claims do not widen it, so one
            # theme cannot snowball over the whole story.
            themes.append((set(k_ents), set(k_stems), Counter()))
            best = len(themes) - 1
        themes[best][2].update(k_ents)
        out.append(replace(claim, theme=f"\x00{best}"))
    labels = {}
    for k, (_, _, counter) in enumerate(themes):
        labels[f"\x00{k}"] = (
            _title_case(max(counter.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0])
            if counter
            else "Other facts"
        )
    return [replace(c, theme=labels[c.theme]) if c.theme in labels else c for c in out]


def _title_case(phrase: str) -> str:
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in phrase.split())


def _overlaps_any(a: Sequence[Span], b: Sequence[Span]) -> bool:
    return any(
        x.article_id == y.article_id and _overlap(x.start, x.end, y.start, y.end) > 0 for x in a for y in b
    )


def _event_label(ev: Event) -> str:
    names = ", ".join(a.name for a in (*ev.actors, *ev.recipients)[:3])
    return f"{ev.type.title()}: {names}" if names else ev.type.title()


def _when_of(d: DateMention, s: SentenceInfo, article: Article) -> When | None:
    year = d.year
    resolved = "text"
    if year is None:
        pub = article.published.value
        if not pub or d.month is None:
            return None
        year = int(pub[:4])
        resolved = "article-date"
    span = Span(s.article_id, d.start, d.end, article.text[d.start : d.end])
    if d.month and d.day:
        return When(f"{year:04d}-{d.month:02d}-{d.day:02d}", "day", (span,), resolved)
    if d.month:
        return When(f"{year:04d}-{d.month:02d}", "month", (span,), resolved)
    return When(f"{year:04d}", "year", (span,), resolved)


def _timeline(
    events: Sequence[Event], claims: Sequence[Claim], an: _Analysis, articles: Sequence[Article]
) -> list[TimelineEntry]:
    """Events (background included) in date order; date-bearing claims when there are no events."""
    entries: list[TimelineEntry] = []
    for ev in events:
        if ev.when.value is None or not ev.evidence:
            continue
        text = ev.summary or ev.evidence[0].text
        entries.append(TimelineEntry(ev.when, text, ev.evidence, ev.id, ev.article_ids))
    if not entries:
        info = {(s.article_id, s.start): s for s in an.sentences}
        by_id = {a.id: a for a in articles}
        seen: set[tuple[str, str]] = set()
        for claim in claims:
            for e in claim.evidence:
                s = info.get((e.article_id, e.start))
                if s is None:
                    continue
                for d in s.dates:
                    when = _when_of(d, s, by_id[s.article_id])
                    if when is None or when.value is None or (when.value, claim.id) in seen:
                        continue
                    seen.add((when.value, claim.id))
                    entries.append(
                        TimelineEntry(when, claim.text, (*when.evidence, e), None, claim.article_ids)
                    )
                break  # one article's dates per claim: the others say the same
    return sorted(entries, key=lambda t: (t.when.value or "", t.text))


def _sources(
    articles: Sequence[Article], lineage_of: dict[str, str], origins: dict[str, str]
) -> list[SourceRef]:
    """Articles numbered 1..n, a lineage's members next to each other (its origin first), earliest
    lineage first."""
    by_lineage: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_lineage[lineage_of[a.id]].append(a)
    order = {a.id: k for k, a in enumerate(articles)}

    def first(lin: str) -> tuple[str, int]:
        members = by_lineage[lin]
        dates = [m.published.value for m in members if m.published.value]
        return (min(dates) if dates else "9999", min(order[m.id] for m in members))

    out: list[SourceRef] = []
    for lin in sorted(by_lineage, key=first):
        origin = origins.get(lin)
        for a in sorted(
            by_lineage[lin], key=lambda m: (m.id != origin, m.published.value or "9999", order[m.id])
        ):
            out.append(
                SourceRef(
                    number=len(out) + 1,
                    article_id=a.id,
                    outlet=a.outlet,
                    title=a.title,
                    origin=a.origin,
                    lineage_id=lin,
                    published=a.published.value,
                )
            )
    return out


def _outlet_label(claim: Claim, by_id: dict[str, Article]) -> str:
    """ "only Reuters", or "one text: Reuters, The Hindu" when one lineage reached several outlets."""
    names = []
    for a in claim.article_ids:
        art = by_id.get(a)
        name = (art.outlet if art and art.outlet else None) or (_origin_name(art.origin) if art else a)
        if name not in names:
            names.append(name)
    return ("only " if len(names) == 1 else "one text: ") + ", ".join(names)


def _origin_name(origin: str) -> str:
    """The last path or URL segment: enough to name an outlet-less source."""
    return origin.rstrip("/").rsplit("/", 1)[-1] or origin


# ---------------------------------------------------------------------------------------------
# The brief


def build_brief(
    story: Story,
    articles: Sequence[Article],
    lineages: Sequence[Lineage],
    reuses: Sequence[Reuse] = (),
    events: Sequence[Event] = (),
    settings: FuseSettings | Settings | None = None,
    gazetteer: Iterable[str] = (),
) -> Brief:
    """Fuse a story's articles into a Brief: lead, claims by theme, conflicts, unique claims, timeline.

    ``lineages`` may cover more articles than the story (only members are used); articles with no
    lineage count as their own. ``gazetteer`` (place names) enables place conflicts, together with
    the places of ``events``: a name that is in neither is not compared, since "at Indian bases"
    and "in Laos" cannot be told apart by their shape alone.
    """
    fs = settings.fuse if isinstance(settings, Settings) else (settings or FuseSettings())
    members = set(story.article_ids) if story.article_ids else {a.id for a in articles}
    arts = [a for a in articles if a.id in members]
    lineage_of = _lineage_map(arts, lineages)
    story_lineages = _story_lineages(arts, lineages, lineage_of)
    reuses = [r for r in reuses if r.a in members and r.b in members]
    # Places the events stage resolved are known places too, so its gazetteer work is reused here.
    gaz = frozenset(g.lower() for g in gazetteer) | {
        e.where.name.lower() for e in events if e.where is not None
    }
    an = _analyse(arts, lineage_of, reuses, fs, gaz, story.first_seen)
    claims, scores = _claims(an, story.id, arts, fs)
    conflicts, rivals = _conflicts(an, claims, gaz)
    claims = [replace(c, conflicts_with=tuple(sorted(rivals.get(c.id, ())))) for c in claims]
    by_id = {a.id: a for a in arts}
    order = sorted(range(len(claims)), key=lambda k: (-scores[k], k))
    ranked = [claims[k] for k in order]
    ranked_scores = [scores[k] for k in order]
    lead = _lead(ranked, ranked_scores, an, fs)
    corroborated = [c for c in ranked if c.independent_sources >= 2]
    corroborated = _themes(corroborated, an, events)
    lead_theme = {c.id: c.theme for c in corroborated}
    lead = [replace(c, theme=lead_theme.get(c.id, c.theme)) for c in lead]
    info = {(s.article_id, s.start): s for s in an.sentences}
    position = {a.id: k for k, a in enumerate(arts)}
    unique = [
        replace(c, theme=_outlet_label(c, by_id))
        for c in sorted(
            (c for c in claims if c.independent_sources == 1 and _informative(c, info)),
            key=lambda c: (min(position[a] for a in c.article_ids), c.evidence[0].start),
        )
    ]
    timeline = _timeline(events, [*corroborated, *unique], an, arts)
    return Brief(
        story=story,
        events=tuple(sorted(events, key=lambda e: (e.when.value or "9999", e.id))),
        claims=tuple(_grouped(corroborated)),
        conflicts=tuple(conflicts),
        unique=tuple(unique),
        timeline=tuple(timeline),
        sources=tuple(_sources(arts, lineage_of, {lin.id: lin.origin_id for lin in story_lineages})),
        lead=tuple(lead),
        lineages=tuple(story_lineages),
    )


def _lead(ranked: Sequence[Claim], scores: Sequence[float], an: _Analysis, fs: FuseSettings) -> list[Claim]:
    """The best-supported claims, corroborated ones first; single-source claims join only when too
    few claims are corroborated (or ``lead_fill`` asks to fill the word budget). Sentences that open
    on a pronoun or a link word are left out unless filling: out of context they say little."""
    multi = [(c, sc) for c, sc in zip(ranked, scores, strict=True) if c.independent_sources >= 2]
    single = [(c, sc) for c, sc in zip(ranked, scores, strict=True) if c.independent_sources < 2]
    pool = multi + single if (fs.lead_fill or len(multi) < min(3, fs.lead_claims)) else multi
    if not fs.lead_fill:
        standalone = [(c, sc) for c, sc in pool if not _ANAPHORA.match(c.text)]
        pool = standalone or pool
    return _mmr(
        [c for c, _ in pool], [sc for _, sc in pool], an, fs, limit=fs.lead_claims, words=fs.lead_words
    )


def _grouped(claims: Sequence[Claim]) -> list[Claim]:
    """Claims of one theme together, themes in the order of their best claim."""
    first: dict[str, int] = {}
    for k, c in enumerate(claims):
        first.setdefault(c.theme, k)
    return [c for _, c in sorted(enumerate(claims), key=lambda kc: (first[kc[1].theme], kc[0]))]


def _informative(claim: Claim, info: dict[tuple[str, int], SentenceInfo]) -> bool:
    """A unique claim worth listing: it names something or gives a number or date."""
    s = info.get((claim.evidence[0].article_id, claim.evidence[0].start))
    if s is None:
        return False
    return bool(s.entities or s.quantities or s.dates)


def _story_lineages(
    articles: Sequence[Article], lineages: Sequence[Lineage], lineage_of: dict[str, str]
) -> list[Lineage]:
    """The lineages restricted to the story's members (singletons for articles with none)."""
    ids = [a.id for a in articles]
    known = {lin.id: lin for lin in lineages}
    out: dict[str, Lineage] = {}
    for a in ids:
        lid = lineage_of[a]
        if lid in out:
            continue
        lin = known.get(lid)
        if lin is None:
            out[lid] = Lineage(id=lid, article_ids=(a,), origin_id=a)
            continue
        members = tuple(x for x in lin.article_ids if x in set(ids))
        origin = lin.origin_id if lin.origin_id in members else members[0]
        out[lid] = Lineage(id=lid, article_ids=members, origin_id=origin)
    return list(out.values())
