"""Date expressions in article text, resolved against an anchor date and the tense of their clause.

Finding expressions is our own grammar (regular expressions over the text); absolute full dates are
parsed with ``dateutil`` and anything our grammar does not know goes to ``dateparser`` in
:func:`resolve`. Libraries alone resolve relative expressions with a fixed preference: dateparser reads
"on Monday" against Sunday 2025-05-04 as 2025-04-28 whatever the verb. Here the clause decides:
"will hold talks on Monday" is the next Monday, "said on Monday" the last one.

Precision policy (``When.precision``):

* ``day`` only when one day is meant: "on Monday", "yesterday", "April 22", "3 days ago".
* Stretches of days ("last week", "earlier this week", "over the weekend", "two weeks ago") become
  ``month`` when the whole stretch lies in one month, ``year`` when it lies in one year, and
  otherwise have no value (``When.unknown`` with the reason): a week is never reported as its first day.
* ``month`` / ``year`` for "in November", "last month", "in 2014", "mid-2024".
* Durations ("within six months", "for two years") are not dates and are not returned.
* Numeric dates are read only when unambiguous: "25/12/2024" and "12/25/2024" are Christmas,
  "12/03/2025" is skipped (day-first and month-first outlets both exist).

Relative expressions need an anchor (the article's date, else the story's: :func:`anchor_for`). An
anchor known only to the month or year resolves an expression only when every day of the anchor's
period gives the same answer ("last year" does, "yesterday" does not). With no anchor, relative
expressions come back with ``When(value=None)`` and a reason; nothing falls back to another date.

>>> from datetime import date
>>> resolve("on Monday", date(2025, 5, 4), "future")
('2025-05-05', 'day')
>>> resolve("on Monday", date(2025, 5, 4), "past")
('2025-04-28', 'day')
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from dateutil import parser as dateutil_parser

from newsfuse.models import Article, Precision, Span, When

__all__ = [
    "AnchorKind",
    "DateMention",
    "ExpressionKind",
    "Tense",
    "anchor_for",
    "find_dates",
    "resolve",
    "tense_at",
]

Tense = Literal["past", "present", "future"]
ExpressionKind = Literal["absolute", "relative"]
AnchorKind = Literal["article-date", "story-date", "none"]

_ANCHOR_KINDS = ("article-date", "story-date", "none")


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression: where it is, what it resolves to, and how.

    ``kind`` is ``absolute`` when the text alone fixes the date ("May 5, 2025", "in 2014";
    ``when.resolved_from == "text"``) and ``relative`` when it needed the anchor ("on Monday",
    "April 22", "last month"; ``resolved_from`` is the anchor kind). ``tense`` is what the clause
    said, kept so a caller can tell a scheduled event from a reported one.
    """

    span: Span
    when: When
    kind: ExpressionKind
    tense: Tense


# --------------------------------------------------------------------------------------------------
# Grammar

_MONTHS_FULL = [calendar.month_name[i] for i in range(1, 13)]
_MONTH_NUM: dict[str, int] = {}
for _i, _name in enumerate(_MONTHS_FULL, start=1):
    _MONTH_NUM[_name.lower()] = _i
    _MONTH_NUM[_name[:3].lower()] = _i
_MONTH_NUM["sept"] = 9
_WEEKDAYS = [calendar.day_name[i] for i in range(7)]  # Monday first, as date.weekday()
_WEEKDAY_NUM = {name.lower(): i for i, name in enumerate(_WEEKDAYS)}


def _cased(words: Sequence[str]) -> str:
    """Alternation accepting Capitalised and ALL-CAPS forms only: "May" the month, not "may" the verb."""
    forms: list[str] = []
    for w in words:
        forms += [w, w.upper()]
    return "|".join(sorted(set(forms), key=len, reverse=True))


_ABBR = [m[:3] for m in _MONTHS_FULL if m != "May"] + ["Sept"]
_MON_FULL = f"(?:{_cased(_MONTHS_FULL)})"
_MON = rf"(?:{_cased(_MONTHS_FULL)}|(?:{_cased(_ABBR)})\.?)"
_WD = f"(?:{_cased(_WEEKDAYS)})"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
}
_NUM = r"(?:\d{1,3}|a\s+couple\s+of|" + "|".join(k for k in _NUMBER_WORDS if k != "a couple of") + ")"
_MOD = r"(?:last|next|this|past|coming)"
_QUAL = r"(?:early|mid|late)"


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Words after which a bare month or year is a date ("in November", "since 2014"), not a name or a count.
_DATE_PREPS = _words(
    "in since by until till through during before after from of early mid late around circa throughout "
    "between and to end start beginning"
)
# After these a number is a year whatever follows ("since 2014 ties grew"); after the other
# prepositions ("in", "of", "to") it may be a count ("of 2000 soldiers").
_SURE_YEAR_PREPS = _words("since during until till before after circa throughout early mid late")
# Lowercase words that may follow a year; any other lowercase word makes the number a count.
_AFTER_YEAR = _words(
    "and or to when after before as at in on with the that was were is are has had have will which where "
    "while but until till through for by from of against during amid amidst saw marked onwards onward "
    "itself alone also"
)
# Capitalised words that may precede a weekday or "Today" without making it part of a name.
_FUNCTION_WORDS = _words(
    "on by since until till last next this past coming early late before after from through and or "
    "but since from the late early until as of at"
)


@dataclass(frozen=True, slots=True)
class _Expr:
    """A parsed expression: ``op`` names the rule, ``args`` its numbers."""

    op: str
    args: tuple[Any, ...]
    absolute: bool
    modifier: bool = False  # used as a noun modifier ("the April 22 attack"): tense is not its own


def _num(word: str) -> int:
    w = re.sub(r"\s+", " ", word.lower())
    return int(w) if w.isdigit() else _NUMBER_WORDS[w]


def _day(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _parse_full(expr: str, dayfirst: bool) -> tuple[int, int, int] | None:
    """A full date via dateutil (validates Feb 30 and the like)."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", expr)
    cleaned = re.sub(r"\bof\b|\bthe\b", " ", cleaned, flags=re.I)
    try:
        d = dateutil_parser.parse(cleaned, dayfirst=dayfirst, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    return d.year, d.month, d.day


def _wd_of(m: re.Match[str]) -> int | None:
    wd = m.groupdict().get("wd")
    return _WEEKDAY_NUM[wd.lower()] if wd else None


def _rule_iso(m: re.Match[str]) -> _Expr | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    try:
        date(y, mo, d)
    except ValueError:
        return None
    return _Expr("date", (y, mo, d), True)


def _rule_mdy(m: re.Match[str]) -> _Expr | None:
    parsed = _parse_full(f"{m['mon']} {_day(m['d'])} {m['y']}", dayfirst=False)
    return _Expr("date", parsed, True) if parsed else None


def _rule_dmy(m: re.Match[str]) -> _Expr | None:
    parsed = _parse_full(f"{_day(m['d'])} {m['mon']} {m['y']}", dayfirst=True)
    return _Expr("date", parsed, True) if parsed else None


def _rule_numeric(m: re.Match[str]) -> _Expr | None:
    """12/03/2025 is read only when unambiguous (one part above 12, or both parts equal)."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a or a == b:
        day, month = b, a
    else:
        return None
    try:
        date(y, month, day)
    except ValueError:
        return None
    return _Expr("date", (y, month, day), True)


def _rule_month_year(m: re.Match[str]) -> _Expr | None:
    return _Expr("ym", (int(m["y"]), _MONTH_NUM[m["mon"].rstrip(".").lower()]), True)


def _rule_month_day(m: re.Match[str]) -> _Expr | None:
    mo, d = _MONTH_NUM[m["mon"].rstrip(".").lower()], _day(m["d"])
    if d > calendar.monthrange(2024, mo)[1]:  # 2024: a leap year, so Feb 29 is allowed
        return None
    return _Expr("md", (mo, d, _wd_of(m)), False)


def _rule_year(m: re.Match[str]) -> _Expr | None:
    return _Expr("y", (int(m["y"]),), True)


def _rule_month(m: re.Match[str]) -> _Expr | None:
    mo = _MONTH_NUM[m["mon"].lower()]
    rel = {"last": -1, "this": 0, "next": 1, None: None}[m["yr"].lower() if m["yr"] else None]
    mod = m["mod"].lower() if m["mod"] else None
    return _Expr("m", (mo, rel, mod), False)


def _rule_weekday(m: re.Match[str]) -> _Expr | None:
    mod = m["mod"].lower() if m["mod"] else None
    return _Expr("weekday", (_WEEKDAY_NUM[m["wd"].lower()], mod), False)


_DAY_WORDS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "later today": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


def _rule_weekday_of_week(m: re.Match[str]) -> _Expr | None:
    """ "Thursday next week", "Monday of last week": one day of a named week."""
    step = {"last": -1, "this": 0, "next": 1}[m["wmod"].lower()]
    return _Expr("weekday_of_week", (_WEEKDAY_NUM[m["wd"].lower()], step), False)


def _rule_day_word(m: re.Match[str]) -> _Expr | None:
    return _Expr("days", (_DAY_WORDS[re.sub(r"\s+", " ", m["x"].lower())],), False)


def _rule_unit(m: re.Match[str]) -> _Expr | None:
    """last/this/next week|month|year|weekend, earlier/later this ..., the weekend."""
    mod = re.sub(r"\s+", " ", m["mod"].lower())
    return _Expr(m["unit"].lower(), (mod,), False)


def _rule_ago(m: re.Match[str]) -> _Expr | None:
    return _Expr(m["unit"].lower() + "s_ago", (_num(m["n"]),), False)


_I = "(?i:{})".format
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Expr | None]]] = [
    (re.compile(r"\b(?P<x>(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}))\b"), _rule_iso),
    (
        re.compile(rf"\b(?P<x>(?:(?P<wd>{_WD}),?\s+)?(?P<mon>{_MON})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR}))\b"),
        _rule_mdy,
    ),
    (
        re.compile(
            rf"\b(?:{_I('the')}\s+)?(?P<x>(?:(?P<wd>{_WD}),?\s+)?(?P<d>{_DAY})(?:\s+{_I('of')})?\s+"
            rf"(?P<mon>{_MON}),?\s+(?P<y>{_YEAR}))\b"
        ),
        _rule_dmy,
    ),
    (re.compile(r"\b(?P<x>(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}))\b"), _rule_numeric),
    (
        re.compile(rf"\b(?P<x>(?:{_I(_QUAL)}[\s-]+)?(?P<mon>{_MON})(?:\s+|-|,\s*)(?P<y>{_YEAR}))\b"),
        _rule_month_year,
    ),
    (
        re.compile(rf"\b(?P<x>(?:(?P<wd>{_WD}),?\s+)?(?P<mon>{_MON})\s+(?P<d>{_DAY}))\b(?!,?\s*\d)"),
        _rule_month_day,
    ),
    (
        re.compile(
            rf"\b(?:{_I('the')}\s+)?(?P<x>(?:(?P<wd>{_WD}),?\s+)?(?P<d>{_DAY})(?:\s+{_I('of')})?\s+(?P<mon>{_MON}))\b"
            rf"(?!,?\s*\d)"
        ),
        _rule_month_day,
    ),
    (re.compile(rf"\b(?P<x>(?:(?P<q>{_I(_QUAL)})[\s-]+)?(?P<y>{_YEAR}))\b(?![-/.]?\d|\s*%)"), _rule_year),
    (
        re.compile(
            rf"\b(?P<x>(?:(?P<mod>{_I(_MOD)})\s+)?(?:(?P<q>{_I(_QUAL)})[\s-]+)?(?P<mon>{_MON_FULL})"
            rf"(?:,?\s+(?:{_I('of')}\s+)?(?P<yr>{_I('last|this|next')})\s+{_I('year')})?)\b(?!\s*\d)"
        ),
        _rule_month,
    ),
    (
        re.compile(rf"\b(?P<x>(?:(?P<mod>{_I(_MOD)})\s+)?(?P<wd>{_WD}))(?P<poss>['’]s)?\b"),
        _rule_weekday,
    ),
    (
        re.compile(
            rf"\b(?P<x>(?P<wd>{_WD})(?:\s+{_I('of')})?\s+(?P<wmod>{_I('last|this|next')})\s+{_I('week')})\b"
        ),
        _rule_weekday_of_week,
    ),
    (
        re.compile(
            r"\b(?P<x>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|"
            r"yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night|(?:earlier|later)\s+today))\b"
        ),
        _rule_day_word,
    ),
    (
        re.compile(
            r"\b(?P<x>(?P<mod>(?i:(?:earlier|later|early|late)\s+(?:this|next|last)|last|next|this|past|coming|"
            r"the(?=\s+weekend)))\s+(?P<unit>(?i:week|month|year|weekend)))\b"
        ),
        _rule_unit,
    ),
    (
        re.compile(rf"\b(?P<x>(?P<n>{_I(_NUM)})\s+(?P<unit>{_I('day|week|month|year')})s?\s+{_I('ago')})\b"),
        _rule_ago,
    ),
]

_WORD = re.compile(r"[\w’']+")


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w’'-]+)[\s,]*$", text[max(0, pos - 40) : pos])
    return m.group(1) if m else ""


def _sentence_start(text: str, pos: int) -> bool:
    return re.search(r"(?:^|[.!?\n:;\"“‘'(]\s*)$", text[max(0, pos - 3) : pos]) is not None


def _accept(rule: Callable[..., Any], m: re.Match[str], text: str) -> bool:
    """Context checks that regular expressions express badly: what precedes or follows the match."""
    start, end = m.span("x")
    prev = _prev_word(text, start)
    nxt = text[end : end + 30]
    if rule is _rule_year:
        # a bare year needs a preposition or a qualifier ("in 2014", "mid-2024"); "2000 soldiers" is a count
        if m["q"]:
            return True
        follow = re.match(r"\s+([a-z]+)\b", nxt)
        if follow and follow.group(1) not in _AFTER_YEAR and prev.lower() not in _SURE_YEAR_PREPS:
            return False  # "of 2000 soldiers", "in 1500 homes": a count
        return prev.lower().rstrip("-") in _DATE_PREPS
    if rule is _rule_month:
        if m["mod"] or m["yr"] or re.search(r"[\s-]", m["x"]):
            return True
        return prev.lower().rstrip("-") in _DATE_PREPS
    if rule is _rule_day_word and m["x"][0].isupper():
        # "Radio 4's Today programme", "India Today": a capitalised day word mid-sentence is a name
        return _sentence_start(text, start) or prev.lower() in _FUNCTION_WORDS
    if rule is _rule_weekday:
        # "Sunday Times", "Easter Sunday": part of a name, not a date
        if re.match(r"\s+[A-Z][a-z]", nxt) and not re.match(rf"\s+(?:{_MON}|{_WD})\b", nxt):
            return False
        return not (
            prev[:1].isupper() and prev.lower() not in _FUNCTION_WORDS and not _sentence_start(text, start)
        )
    return True


def _scan(text: str) -> list[tuple[int, int, _Expr]]:
    """All expressions in ``text``, longest first on overlaps, in text order."""
    found: list[tuple[int, int, _Expr]] = []
    for pattern, rule in _RULES:
        for m in pattern.finditer(text):
            if not _accept(rule, m, text):
                continue
            expr = rule(m)
            if expr is not None:
                found.append((m.start("x"), m.end("x"), expr))
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    chosen: list[tuple[int, int, _Expr]] = []
    for item in found:
        if all(item[1] <= c[0] or item[0] >= c[1] for c in chosen):
            chosen.append(item)
    chosen.sort(key=lambda t: t[0])
    return [(s, e, _mark_modifier(text, s, e, x)) for s, e, x in chosen]


def _mark_modifier(text: str, start: int, end: int, expr: _Expr) -> _Expr:
    """ "the April 22 Pahalgam attack", "the Monday meeting": the date names a known event, so the
    clause's tense says nothing about it (resolved to the nearest occurrence)."""
    if expr.absolute or expr.op not in ("md", "weekday", "m"):
        return expr
    before = text[max(0, start - 5) : start].lower()
    after = text[end : end + 30]
    if (
        re.search(r"\bthe\s+$", before)
        and re.match(r"\s+[\w’'-]+", after)
        and not re.match(r"\s+(?:of|to|and|in|on|at)\b", after)
    ):
        return replace(expr, modifier=True)
    return expr


# --------------------------------------------------------------------------------------------------
# Resolution

_Result = tuple[str, Precision] | None


def _iso(d: date) -> str:
    return d.isoformat()


def _month_value(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _from_range(a: date, b: date) -> _Result:
    """A stretch of days: its day, month or year when the stretch is inside one, else nothing."""
    if a == b:
        return _iso(a), "day"
    if (a.year, a.month) == (b.year, b.month):
        return _month_value(a.year, a.month), "month"
    if a.year == b.year:
        return f"{a.year:04d}", "year"
    return None


def _nearest(cands: Sequence[date], anchor: date, tense: Tense) -> date | None:
    if not cands:
        return None
    past = [c for c in cands if c <= anchor]
    future = [c for c in cands if c >= anchor]
    if tense == "past" and past:
        return max(past)
    if tense == "future" and future:
        return min(future)
    # present / unknown tense: the closest, ties to the past (news reports more than it announces)
    return min(cands, key=lambda c: (abs((c - anchor).days), c > anchor))


def _resolve_weekday(wd: int, mod: str | None, a: date, tense: Tense) -> _Result:
    back = (a.weekday() - wd) % 7
    fwd = (wd - a.weekday()) % 7
    if mod in ("last", "past"):
        return _iso(a - timedelta(days=back or 7)), "day"
    if mod in ("next", "coming"):
        return _iso(a + timedelta(days=fwd or 7)), "day"
    if back == 0:  # same weekday as the anchor: "on Sunday" in a Sunday article is that day
        return _iso(a), "day"
    d = _nearest([a - timedelta(days=back), a + timedelta(days=fwd)], a, tense)
    return (_iso(d), "day") if d else None


def _resolve_md(mo: int, d: int, wd: int | None, a: date, tense: Tense) -> _Result:
    cands: list[date] = []
    for y in (a.year - 1, a.year, a.year + 1):
        try:
            cands.append(date(y, mo, d))
        except ValueError:  # Feb 29 outside leap years
            continue
    if wd is not None:  # "Monday, May 5": the weekday picks the year
        matching = [c for c in cands if c.weekday() == wd]
        cands = matching or cands
    c = _nearest(cands, a, tense)
    return (_iso(c), "day") if c else None


def _resolve_month(mo: int, rel: int | None, mod: str | None, a: date, tense: Tense) -> _Result:
    if rel is not None:
        return _month_value(a.year + rel, mo), "month"
    if mod in ("last", "past"):
        y = a.year if mo < a.month else a.year - 1
        return _month_value(y, mo), "month"
    if mod in ("next", "coming"):
        y = a.year if mo > a.month else a.year + 1
        return _month_value(y, mo), "month"
    if mod == "this":
        return _month_value(a.year, mo), "month"
    firsts = [date(y, mo, 1) for y in (a.year - 1, a.year, a.year + 1)]
    c = _nearest(firsts, a.replace(day=1), tense)
    return (_month_value(c.year, c.month), "month") if c else None


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _resolve_week(mod: str, a: date) -> _Result:
    ws = _week_start(a)
    ranges = {
        "last": (ws - timedelta(days=7), ws - timedelta(days=1)),
        "past": (a - timedelta(days=7), a),
        "this": (ws, ws + timedelta(days=6)),
        "next": (ws + timedelta(days=7), ws + timedelta(days=13)),
        "coming": (ws + timedelta(days=7), ws + timedelta(days=13)),
        "earlier this": (ws, a),
        "early this": (ws, a),
        "later this": (a, ws + timedelta(days=6)),
        "late this": (a, ws + timedelta(days=6)),
        "early next": (ws + timedelta(days=7), ws + timedelta(days=13)),
        "later next": (ws + timedelta(days=7), ws + timedelta(days=13)),
        "late next": (ws + timedelta(days=7), ws + timedelta(days=13)),
        "early last": (ws - timedelta(days=7), ws - timedelta(days=1)),
        "late last": (ws - timedelta(days=7), ws - timedelta(days=1)),
        "earlier last": (ws - timedelta(days=7), ws - timedelta(days=1)),
        "later last": (ws - timedelta(days=7), ws - timedelta(days=1)),
    }
    r = ranges.get(mod)
    return _from_range(*r) if r else None


def _resolve_weekend(mod: str, a: date, tense: Tense) -> _Result:
    sat = _week_start(a) + timedelta(days=5)
    on_weekend = a.weekday() >= 5
    if mod in ("last", "past") or (mod == "the" and tense == "past"):
        start = sat if (on_weekend and mod == "the") else sat - timedelta(days=7)
        end = min(start + timedelta(days=1), a)
    elif mod in ("next", "coming"):
        start = sat + timedelta(days=7) if on_weekend else sat
        end = start + timedelta(days=1)
    elif mod in ("this", "the"):
        if mod == "the" and tense == "present" and not on_weekend:
            # no tense: the nearer weekend
            prev_sat = sat - timedelta(days=7)
            start = prev_sat if (a - prev_sat).days - 1 <= (sat - a).days else sat
        else:
            start = sat
        end = start + timedelta(days=1)
    else:
        return None
    return _from_range(start, end)


def _resolve_unit(unit: str, mod: str, a: date, tense: Tense) -> _Result:
    base = mod.split()[-1]  # "earlier this" -> "this"
    step = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}.get(base)
    if unit == "week":
        return _resolve_week(mod, a)
    if unit == "weekend":
        return _resolve_weekend(mod, a, tense)
    if step is None:
        return None
    if unit == "month":
        if mod == "past":  # "the past month": the last 30 days
            return _from_range(a - timedelta(days=30), a)
        y, m = _add_months(a.year, a.month, step)
        return _month_value(y, m), "month"
    if unit == "year":
        if mod == "past":  # "the past year": twelve months back, rarely inside one calendar year
            return _from_range(a - timedelta(days=365), a)
        return f"{a.year + step:04d}", "year"
    return None


def _resolve_expr(expr: _Expr, a: date, tense: Tense) -> _Result:
    op, args = expr.op, expr.args
    if expr.modifier:
        tense = "present"
    if op == "date":
        return _iso(date(*args)), "day"
    if op == "ym":
        return _month_value(*args), "month"
    if op == "y":
        return f"{args[0]:04d}", "year"
    if op == "md":
        return _resolve_md(args[0], args[1], args[2], a, tense)
    if op == "m":
        return _resolve_month(args[0], args[1], args[2], a, tense)
    if op == "weekday":
        return _resolve_weekday(args[0], args[1], a, tense)
    if op == "weekday_of_week":
        return _iso(_week_start(a) + timedelta(days=7 * args[1] + args[0])), "day"
    if op == "days":
        return _iso(a + timedelta(days=args[0])), "day"
    if op == "days_ago":
        return _iso(a - timedelta(days=args[0])), "day"
    if op == "weeks_ago":
        ws = _week_start(a - timedelta(days=7 * args[0]))
        return _from_range(ws, ws + timedelta(days=6))
    if op == "months_ago":
        y, m = _add_months(a.year, a.month, -args[0])
        return _month_value(y, m), "month"
    if op == "years_ago":
        return f"{a.year - args[0]:04d}", "year"
    if op in ("week", "month", "year", "weekend"):
        return _resolve_unit(op, args[0], a, tense)
    return None


# dateparser reads bare durations and clock times as dates ("six months" -> six months ago); the
# fallback only runs on expressions that say which day, month or year they mean.
_DURATION = re.compile(
    r"^\s*(?:within|for|over|during|throughout|up\s+to|lasting|about|around)\b|\b\d0s\b", re.I
)
_DATE_CUE = re.compile(
    rf"{_MON}|{_WD}|\b(?i:ago|hence|from\s+now|later|earlier|in|next|last|this|coming|past|previous|"
    r"today|tomorrow|yesterday|tonight|fortnight)\b"
)  # no bare numeric dates: "12/03/2025" is left unread (day or month first?), as in find_dates


def _resolve_dateparser(expression: str, anchor: date, tense: Tense) -> _Result:
    """Fallback for phrasings outside our grammar; dateparser with every preference spelled out."""
    from dateparser.date import DateDataParser  # imported here: slow to import and rarely needed

    if _DURATION.search(expression) or not _DATE_CUE.search(expression):
        return None  # "within six months", "for two years", "3 p.m.", "the 1990s": not one date
    prefer = {"past": "past", "future": "future", "present": "current_period"}[tense]
    settings: dict[str, Any] = {
        "RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day, 12, 0),
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(expression)
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "month":
        return _month_value(d.year, d.month), "month"
    if period == "year":
        return f"{d.year:04d}", "year"
    if period == "week":
        ws = _week_start(d)
        return _from_range(ws, ws + timedelta(days=6))
    return _iso(d), "day"


def resolve(expression: str, anchor: date, tense: Tense) -> tuple[str, Precision] | None:
    """Resolve one date expression ("on Monday", "April 22", "last month", "May 5, 2025").

    Returns ``(value, precision)`` or ``None`` when the expression is not a date we can pin down
    (a duration, or a week straddling two years). Our grammar is tried first; phrasings it does not
    know go to dateparser with ``RELATIVE_BASE=anchor`` and the tense as its preference.
    """
    if tense not in ("past", "present", "future"):
        raise ValueError(f"tense must be 'past', 'present' or 'future', got {tense!r}")
    found = _scan(expression)
    if found:
        start, end, expr = max(found, key=lambda t: t[1] - t[0])
        return _resolve_expr(expr, anchor, tense)
    return _resolve_dateparser(expression, anchor, tense)


# --------------------------------------------------------------------------------------------------
# Tense of the clause

# (phrase regex, weight, direction): phrases are matched over the sentence before single words.
_PHRASES: list[tuple[re.Pattern[str], float, Tense]] = [
    (
        re.compile(
            r"\b(?:set|expected|scheduled|slated|poised|likely|going|planning|plans?)\s+to\b"
            r"|\bdue\s+to\s+(?!the\b|a\b|an\b|his\b|her\b|its\b|their\b|this\b|that\b)",
            re.I,
        ),
        2.0,
        "future",
    ),
    # a modal with its verb group is one marker, so "would be held on Monday" is near its date
    (
        re.compile(
            r"(?:\b(?:will|shall|won['’]t)|['’]ll)\s+(?:not\s+)?(?:be\s+|have\s+(?:been\s+)?)?\w+", re.I
        ),
        2.0,
        "future",
    ),
    (re.compile(r"\bwould\s+(?:not\s+)?(?!have\b)(?:be\s+)?\w+", re.I), 1.5, "future"),
    (re.compile(r"\b(?:is|are|am)\s+to\s+\w+", re.I), 2.0, "future"),
    (re.compile(r"\bto\s+be\s+held\b", re.I), 2.0, "future"),
    (re.compile(r"\bahead\s+of\b", re.I), 1.0, "future"),
    # the start of what was agreed: "starting April 1", "with effect from May" (a beginning to come)
    (
        re.compile(r"\b(?:starting|beginning|effective|with\s+effect\s+from|as\s+of)\s+(?=\w)", re.I),
        3.0,
        "future",
    ),
    # what a party agreed, promised or decided to do lies ahead of the decision
    (
        re.compile(r"\b(?:agree[ds]?|decided?|pledged?|promised?|vowed?)\s+to\s+(?!be\b)\w+", re.I),
        1.5,
        "future",
    ),
    (re.compile(r"\btook\s+place\b", re.I), 2.0, "past"),
    (re.compile(r"\b(?:has|have)\s+(?:been|\w+ed)\b", re.I), 1.0, "past"),
]
_FUTURE_WORDS = {
    "will": 2.0,
    "shall": 2.0,
    "won't": 2.0,
    "won’t": 2.0,
    "upcoming": 2.0,
    "scheduled": 2.0,
    "slated": 2.0,
    "tomorrow": 2.0,
    "next": 1.0,
    "would": 1.0,
    "later": 1.0,
    "forthcoming": 1.0,
}
_PAST_WORDS = dict.fromkeys(
    _words(
        "said stated told announced added noted reported was were had did ago yesterday earlier previous "
        "previously held met took came went began saw gave made spoke wrote won lost fell rose left struck "
        "sent brought bought caught fought thought felt kept led paid ran sat stood found got became broke "
        "chose drove flew grew knew drew heard built spent sold laid shot taught withdrew overtook undertook "
        "last"
    ),
    2.0,
)
_NOT_PAST_ED = _words(
    "need seed speed bed red hundred shed feed breed proceed exceed succeed indeed embed united limited "
    "based related concerned interested detailed advanced expected scheduled"
)
_BE = _words("be been being is are am was were get gets got")
_PAST_AUX = _words("was were had did")
_TO_VERBS = re.compile(
    r"\bto\s+(?:host|hold|meet|visit|attend|sign|travel|address|launch|begin|start|open|arrive|discuss|"
    r"lead|chair|inaugurate|unveil|release|vote|participate|join|receive|welcome|hold|review|announce)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])|\n\s*")
_ABBREV_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Cdr|Adm|Maj|Rep|Sen|Gov|Prof|St|No|Inc|Co|Corp|Ltd|vs|Jr|Sr|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\b[A-Z]\.[A-Z])\.$"
)


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV_END.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        starts.append(m.end())
    return starts


def _markers_plain(sentence: str) -> list[tuple[int, int, float, Tense]]:
    """Tense markers in a sentence as (start, end, weight, direction) character ranges."""
    out: list[tuple[int, int, float, Tense]] = []
    taken: list[tuple[int, int]] = []
    for pattern, weight, direction in _PHRASES:
        for m in pattern.finditer(sentence):
            out.append((m.start(), m.end(), weight, direction))
            taken.append(m.span())
    for m in _TO_VERBS.finditer(sentence):
        out.append((m.start(), m.end(), 1.0, "future"))
        taken.append(m.span())
    prev = ""
    for m in _WORD.finditer(sentence):
        w, before = m.group().lower(), prev
        prev = w
        if any(s <= m.start() < e for s, e in taken):
            continue
        if before in _BE and w not in _PAST_AUX:
            continue  # passive participle ("will be held", "was signed"): the auxiliary carries the tense
        if w in _FUTURE_WORDS:
            out.append((m.start(), m.end(), _FUTURE_WORDS[w], "future"))
        elif w in _PAST_WORDS:
            out.append((m.start(), m.end(), _PAST_WORDS[w], "past"))
        elif w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED:
            out.append((m.start(), m.end(), 0.5, "past"))  # weak: participles and adjectives end in -ed too
    return out


def _finite_past(tok: Any) -> bool:
    return bool(
        tok.tag_ == "VBD" or ("Past" in tok.morph.get("Tense") and "Fin" in tok.morph.get("VerbForm"))
    )


def _markers_doc(doc: Any, s_start: int, s_end: int) -> list[tuple[int, int, float, Tense]] | None:
    """Markers from spaCy morphology (Tense=Past on finite verbs), where a Doc is given."""
    span = doc.char_span(s_start, s_end, alignment_mode="expand")
    if span is None:
        return None
    out: list[tuple[int, int, float, Tense]] = []
    for tok in span:
        s = tok.idx - s_start
        e = s + len(tok.text)
        low = tok.lower_
        if low in _FUTURE_WORDS or (tok.tag_ == "MD" and low in ("'ll", "’ll")):
            out.append((s, e, _FUTURE_WORDS.get(low, 2.0), "future"))
        elif low in ("ago", "yesterday", "last", "earlier", "previously") or _finite_past(tok):
            out.append((s, e, 2.0, "past"))
        elif tok.tag_ == "VBN" and not (tok.i > 0 and tok.doc[tok.i - 1].lower_ in _BE):
            out.append((s, e, 0.5, "past"))  # passives ("will be held") take their tense from the auxiliary
    return out


def tense_at(text: str, start: int, end: int, *, doc: Any = None, _starts: list[int] | None = None) -> Tense:
    """The tense of the clause around ``text[start:end]``.

    Every tense marker in the sentence votes with weight / (1 + words between it and the expression),
    so the nearest verb decides ("stated on Sunday that both sides will meet" is past for Sunday).
    ``doc`` (a spaCy Doc over the same text) adds morphology; plain text uses word lists and -ed.
    """
    starts = _starts if _starts is not None else _sentence_starts(text)
    i = bisect.bisect_right(starts, start) - 1
    s_start = starts[i]
    s_end = starts[i + 1] if i + 1 < len(starts) else len(text)
    s_end = max(s_end, end)
    sentence = text[s_start:s_end]
    markers = _markers_doc(doc, s_start, s_end) if doc is not None else None
    if markers is None:
        markers = _markers_plain(sentence)
    else:  # morphology misses multi-word futures: add the phrase markers
        markers += [(m.start(), m.end(), w, d) for p, w, d in _PHRASES for m in p.finditer(sentence)]
    e_start, e_end = start - s_start, end - s_start
    score: dict[Tense, float] = {"past": 0.0, "future": 0.0, "present": 0.0}
    for m_start, m_end, weight, direction in markers:
        if m_start < e_end and m_end > e_start:
            continue  # inside the expression itself ("last Monday"): the grammar handles it
        gap = sentence[m_end:e_start] if m_end <= e_start else sentence[e_end:m_start]
        words = len(_WORD.findall(gap))
        score[direction] += weight / (1 + words)
    if score["past"] == score["future"]:
        return "present"
    return "past" if score["past"] > score["future"] else "future"


# --------------------------------------------------------------------------------------------------
# Public API


def _anchor_range(anchor: When) -> tuple[date, date] | None:
    """First and last day the anchor can be."""
    if anchor.value is None:
        return None
    parts = [int(p) for p in anchor.value.split("-")]
    if anchor.precision == "day":
        d = date(*parts)
        return d, d
    if anchor.precision == "month":
        y, m = parts
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def find_dates(
    text: str,
    anchor: When,
    article_id: str,
    *,
    anchor_kind: str = "article-date",
    doc: Any = None,
) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``anchor`` with the tense of its clause.

    Absolute dates get ``resolved_from="text"``; relative ones ``resolved_from=anchor_kind``. Relative
    expressions that cannot be pinned down (no anchor, an anchor too coarse, a week across New Year)
    are returned with ``when.value is None`` and a reason, never resolved against another date.
    ``doc`` is an optional spaCy Doc over the same ``text``.

    >>> ms = find_dates("He will speak on Monday.", When("2025-05-04", "day"), "a1")
    >>> [(m.span.text, m.when.value, m.tense) for m in ms]
    [('Monday', '2025-05-05', 'future')]
    """
    if anchor_kind not in _ANCHOR_KINDS:
        raise ValueError(f"anchor_kind must be one of {_ANCHOR_KINDS}, got {anchor_kind!r}")
    bounds = _anchor_range(anchor)
    starts = _sentence_starts(text)
    out: list[DateMention] = []
    for start, end, expr in _scan(text):
        span = Span(article_id, start, end, text[start:end])
        tense = tense_at(text, start, end, doc=doc, _starts=starts)
        kind: ExpressionKind = "absolute" if expr.absolute else "relative"
        when: When
        if expr.absolute:
            res = _resolve_expr(expr, date(2000, 1, 1), tense)
            if res is None:
                continue
            when = When(res[0], res[1], (span,), "text")
        elif bounds is None:
            when = replace(When.unknown(f"relative date with no anchor: {span.text!r}"), evidence=(span,))
        else:
            first, last = (_resolve_expr(expr, d, tense) for d in bounds)
            if first is not None and first == last:
                when = When(first[0], first[1], (span,), anchor_kind)
            elif first != last:
                reason = f"anchor {anchor.value} ({anchor.precision}) is too coarse to resolve {span.text!r}"
                when = replace(When.unknown(reason), evidence=(span,))
            else:
                reason = f"{span.text!r} spans more than one calendar year"
                when = replace(When.unknown(reason), evidence=(span,))
        out.append(DateMention(span, when, kind, tense))
    return out


def anchor_for(article: Article, story_date: When | None) -> tuple[When, AnchorKind]:
    """The date relative expressions in ``article`` are resolved against, and which date it is.

    The article's own date wins when known to the day; a story date known to the day is next (an
    article dated only to the month is better anchored by its story); then any coarser date; else
    ``When.unknown`` with kind ``"none"``.
    """
    published = article.published
    story = story_date if story_date is not None and story_date.value is not None else None
    if published.value is not None and published.precision == "day":
        return published, "article-date"
    if story is not None and story.precision == "day":
        return story, "story-date"
    if published.value is not None:
        return published, "article-date"
    if story is not None:
        return story, "story-date"
    return When.unknown("neither the article nor its story has a date"), "none"
