"""Figures: what a number counts or measures, when, in which role, said by whom (:class:`Figure`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from types import MappingProxyType

from newsfuse.fuse.dates import DateMention, TimeKey, _background_time, _keys_agree, _time_keys
from newsfuse.fuse.rules import RULES
from newsfuse.fuse.words import _MONTHS, _STOP, _WEEKDAYS, _WORD, _light_stem

# The word tables are data (newsfuse/data/fuse/, docs/fuse-rules.md); patterns are built from them.
_NUMBER_WORDS = RULES.numbers["count"]
_SCALE = MappingProxyType({**RULES.numbers["scale"], **RULES.numbers["suffix"]})
_CURRENCY_SIGNS = RULES.currencies["sign"]
# Any currency sign, as a character class: "[$£€₹]".
_SIGN = "[" + "".join("\\" + s if s in "\\[]^-" else s for s in _CURRENCY_SIGNS) + "]"
# Clock times and the like are not counts of anything.
_NOT_COUNTS = RULES.words["not_counts"]
_QUANTITY = re.compile(
    "(?P<cur>"
    + _SIGN
    + r")?\b(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(map(re.escape, _NUMBER_WORDS))
    + r")(?:\s+(?P<scale>"
    + "|".join(map(re.escape, RULES.numbers["scale"]))
    + r")\b|(?P<abbr>"
    + "|".join(map(re.escape, RULES.numbers["suffix"]))
    + r")\b|\b)",
    re.IGNORECASE,
)
# Slots whose numbers must agree across sources, by the words near the number.
_SLOT_WORDS = RULES.slots
_SLOT_OF = MappingProxyType({w: slot for slot, words in _SLOT_WORDS.items() for w in words})
_CASUALTY_SLOTS = frozenset(slot for slot, kind in RULES.slot_kinds.items() if kind == "casualty")
_FILLER = RULES.words["filler"]


# Nouns that name who was counted, not what happened to them: "37 people injured" is an injured
# count, found in the words around the number.
_PERSONS = RULES.words["persons"]
# Words that only hedge a figure ("about $1.3 billion", "at least 12"): skipped when reading its role.
_HEDGES = RULES.words["hedges"]
# A figure's role: a level ("rose to 28 per cent", "12 were killed"), where it came from ("from 22.8
# per cent"), a change ("by 100 basis points"), a target, a bound ("above magnitude 4", "up to 300
# megawatts"), a part ("two of the dead", "one in ten houses"), an increment ("two more bodies"), a
# range's end, a vague count or a name's number. Only levels, starting points, changes and targets
# are compared, each with its own kind.
_BOUND_BEFORE = RULES.words["bound_before"]
_CURRENCY_WORDS = MappingProxyType({**RULES.currencies["name"], **RULES.currencies["code"]})
# Currency words written before a number too ("Rs 500", "USD 40 million").
_CURRENCY_CODES = frozenset(RULES.currencies["code"])
# Clause boundaries: a time, a source or a count belongs to the clause it is written in.
_CLAUSE = re.compile(
    r"[,;:](?=\s)|[()—–]"
    r"|\s(?:while|whereas|although|though|when|which|where|who|whose)\s(?![A-Z])"
    # "and" opens a clause, except inside a name ("Monitoring and Research Centre") or a list of
    # figures ("eight men and three women")
    r"|\s(?:and|but)\s(?![A-Z]|\d|(?:a|an|about|some|nearly|two|three|four|five|six|seven|eight|nine|ten)\b)"
)


# Reporting and measuring verbs: the words around a figure that say nothing about what it counts.
_GENERIC = RULES.words["generic"]
_UNNAMED = _PERSONS | RULES.words["unnamed"]
_SOURCE = r"(?P<src>[A-Z][\w'’.&-]*(?:\s+(?:of|and|for|de|[A-Z][\w'’.&-]*))*)"
_SOURCE_VERBS = "(?:" + "|".join(RULES.patterns["source_verb"]) + ")"
_ACCORDING = re.compile(rf"\baccording to (?:the )?{_SOURCE}")
_SUBJECT = re.compile(
    rf"^\W*(?:(?:while|whereas|but|and|although|though)\s+)?(?:the\s+)?{_SOURCE}\s+{_SOURCE_VERBS}\b"
)
_SAID_BY = re.compile(rf"(?:^|[,”\"]\s*)(?:the\s+)?{_SOURCE}\s+(?:said|says|told)\b")


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


def _words_at(seg: str, a: int, b: int) -> list[tuple[str, int]]:
    return [(m.group().lower(), m.start()) for m in _WORD.finditer(seg, a, b)]


_SUPERLATIVE_NOT = RULES.words["superlative_not"]
# "between $25 million and $30 million", "2.3 to 2.7 kg", "$27M-$30 million": a range's ends are
# not figures of their own.
_RANGE_AFTER = re.compile(
    r"\s*(?:million|billion|thousand|[MmBbKk]n?|%|per ?cent|percent)?\s*(?:-|–|to)\s*" + _SIGN + r"?\d"
)
_RANGE_BEFORE = re.compile(
    r"\d\s*(?:million|billion|thousand|[MmBbKk]n?|%|per ?cent|percent)?\s*(?:-|–|to|and)\s*" + _SIGN + "?$"
)
# A goal is not an outcome ("aims to build 40,000 homes" / "built 31,000 homes"), and a state before
# a change is not the state after it ("the rate had stood at 5 per cent" / "lifted it to 5.25").
_TARGET = re.compile(r"\b(?:" + "|".join(RULES.patterns["target"]) + r")\b", re.IGNORECASE)
_PRIOR = re.compile(r"\b(?:" + "|".join(RULES.patterns["prior"]) + r")\b", re.IGNORECASE)
_BOUND_PHRASE = re.compile(
    r"\b(?:" + "|".join(RULES.patterns["bound_phrase"]) + r")\s*" + _SIGN + "?$", re.IGNORECASE
)
# Hedges just before a figure, in lower-cased text: a lower bound ("more than"), an estimate ("about").
_OVER = re.compile(r"\b(?:" + "|".join(RULES.patterns["over_hedge"]) + r")\s+(?:a\s+)?" + _SIGN + "?$")
_ABOUT = re.compile(r"\b(?:" + "|".join(RULES.patterns["about_hedge"]) + r")\s+(?:a\s+)?" + _SIGN + "?$")


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
    last = re.search(r"([A-Za-z][\w'’.-]*)\s+" + _SIGN + "?$", ahead)
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
        or ("between" in before[-3:] and re.match(r"\s*(?:\w+\s+)?and\s+" + _SIGN + r"?\d", behind))
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
    if _OVER.search(ahead):
        return "over"
    if _ABOUT.search(ahead):
        return "about"
    return ""


def _unit(seg: str, m: re.Match[str], clause: tuple[int, int]) -> tuple[str, str, bool]:
    """(unit, head word, bare) of a number: what it counts or measures."""
    start, end = m.start(), m.start() + len(m.group(0).rstrip())
    before = [w for w, _ in _words_at(seg, max(clause[0], start - 60), start)]
    if m.group("cur"):
        return f"amount:{_CURRENCY_SIGNS[m.group('cur')]}", "", False
    if before and before[-1] in _CURRENCY_WORDS and before[-1] in _CURRENCY_CODES:
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


def _quantity_pairs(figures: Sequence[Figure]) -> tuple[tuple[str, str], ...]:
    return tuple((f.unit, f.key) for f in figures if f.unit and f.role == "")


def _times_agree(f: Figure, g: Figure) -> bool:
    return _keys_agree(f.times, g.times)


# Units that recur in unrelated statements of one story ("for 10 years", "two days"): they need
# closely similar sentences to be compared at all.
_WEAK_UNITS = RULES.words["weak_units"]
