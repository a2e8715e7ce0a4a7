"""Dates in a sentence: absolute dates as written, and times said in words resolved against the
article's date ("last year"), with the test that says a time is background."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsfuse.fuse.rules import RULES
from newsfuse.fuse.words import _MONTHS

# Month names as dates are written (the names of months.tsv, capitalised; a test checks they agree).
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


# Time said in words: resolved against the article's date ("last year" in a 2026 article is 2025).
_RELATIVE_TIME = re.compile(
    r"\b(?P<which>last|this|next|previous|past|coming)\s+(?P<unit>year|month)\b"
    r"|\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|\d+)\s+"
    r"(?P<span>minutes?|hours?|days?|weeks?|months?|years?|decades?)\s+(?P<dir>after|before|earlier|ago|later)\b"
    r"|\bdays\s+(?:after|before|earlier)\b",
    re.IGNORECASE,
)


TimeKey = tuple[int | None, int | None, int | None] | str


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


# A sentence about another happening than the story's ("a similar fire", "an earlier quake"): its
# figures are background, compared only with figures of the same sentence kind.
_OTHER_HAPPENING = re.compile(
    r"\b(?:"
    + "|".join(RULES.patterns["other_happening"])
    + r"|another (?:\w+ )?(?:"
    + "|".join(RULES.patterns["happening"])
    + r"))\b",
    re.IGNORECASE,
)


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
