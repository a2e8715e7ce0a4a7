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

The word tables and word patterns these rules read are data files, ``newsfuse/data/fuse/*.tsv``,
loaded once by :mod:`newsfuse.fuse.rules` (formats: docs/fuse-rules.md). The modules, each reading
only those before it: rules, words, dates, figures, sentences, slots (pairwise agreement), claims,
conflicts, lead, timeline, brief.

>>> from newsfuse.fuse import split_sentences
>>> text = "Gen. Ali met Dr. Lee on Monday. They talked.\\nNext line"
>>> [text[a:b] for a, b in split_sentences(text)]
['Gen. Ali met Dr. Lee on Monday.', 'They talked.', 'Next line']
"""

from __future__ import annotations

from newsfuse.fuse.brief import build_brief
from newsfuse.fuse.claims import rank_sentences
from newsfuse.fuse.figures import Figure
from newsfuse.fuse.sentences import SentenceInfo, analyse_article, split_sentences
from newsfuse.fuse.words import Stemmer

# Importable from here as from the one-module fuse.py this package was, outside ``__all__`` as
# they were: its other public names, and a private one tests use.
from newsfuse.fuse.dates import DateMention as DateMention, TimeKey as TimeKey  # isort: skip
from newsfuse.fuse.sentences import _dateline_length as _dateline_length  # isort: skip
from newsfuse.fuse.sentences import similarity as similarity  # isort: skip
from newsfuse.fuse.slots import slot_conflicts as slot_conflicts  # isort: skip

__all__ = [
    "Figure",
    "SentenceInfo",
    "Stemmer",
    "analyse_article",
    "build_brief",
    "rank_sentences",
    "split_sentences",
]
