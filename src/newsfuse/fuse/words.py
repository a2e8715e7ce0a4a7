"""Words: tokens, stop words, the names of months and weekdays, and a light stemmer.

The lexical pieces every other part of the brief builder reads sentences with.
"""

from __future__ import annotations

import re

from newsfuse.fuse.rules import RULES

_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
_STOP = RULES.words["stop"]
_MONTHS = RULES.months
_WEEKDAYS = RULES.words["weekdays"]


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
