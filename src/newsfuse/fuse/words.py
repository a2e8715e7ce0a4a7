"""Words: tokens, stop words, the names of months and weekdays, and a light stemmer.

The lexical pieces every other part of the brief builder reads sentences with.
"""

from __future__ import annotations

import re


def _wordset(words: str) -> frozenset[str]:
    """A set from a space-separated literal (long word lists read better as prose)."""
    return frozenset(words.split())


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
