"""Boilerplate removal for plain text that still carries page chrome.

A page flattened to text (a copy-paste, ``html_text`` output, a scraped .txt) keeps its menus,
share buttons, ad slots, captions, teasers and related-story lists as lines of their own. No
phrase list can cover every outlet, so lines are judged by shape instead:

* **prose**: long enough, sentence-case, dense in function words, ends like a sentence;
* **sentence**: a short line that still reads as a sentence (``It added, "..."``);
* **heading**: headline-shaped (no closing period, few function words, often Title Case);
* **chrome**: very short lines, separators, button/menu labels.

The article body is the densest run of prose (a maximum-sum run of line scores, prose counting
for and everything else against; time stamps and "Related:"-style labels count heavily against, so
the run stops at comment threads and teaser lists). When the page's headline is known, a run that
starts right under it wins over a longer one elsewhere (a disclaimer, a comment thread). Everything
before the body is header chrome, everything after it the footer and related headlines. Inside the
run, headings survive as subheadings while short non-sentences, repeated lines, cut-off teasers and
lines seen on other pages of the same site are cut. Every cut is recorded as a
:class:`~newsfuse.models.Removed` with a reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from justext import get_stoplist

from newsfuse.models import Removed
from newsfuse.settings import CleanSettings

__all__ = [
    "Block",
    "LineFeatures",
    "LineKind",
    "TextCleaning",
    "classify_line",
    "clean_lines",
    "find_body",
    "line_features",
    "normalise_line",
    "split_lines",
    "stopwords_for",
]

LineKind = Literal["prose", "sentence", "heading", "chrome"]

# jusText's English stoplist (453 function words): a function-word density well known to separate
# prose from navigation (Pomikálek 2011); shipped with trafilatura's dependency, nothing to maintain.
ENGLISH_STOPWORDS: frozenset[str] = frozenset(w.lower() for w in get_stoplist("English"))
_STOPWORDS = ENGLISH_STOPWORDS
# Scripts written without spaces between words: count characters instead (about 2 per word).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_BULLET = re.compile(r"^\s*(?:[•·▪◦●○■□➤►▶‣⁃*+\-–—]|\d{1,2}[.)])\s+")
# A sentence ends with . ! ? … : ; possibly followed by closing quotes/brackets.
_TERMINAL = re.compile(r"[.!?…:;。！？][\"'”’»)\]」』]*$")
_TIME = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b", re.IGNORECASE
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\"'”’]?$")
# Separators typical of menus, breadcrumbs and meta rows ("Home » World", "Share · Tweet").
# Runs of 3+ spaces between words are the gaps of a flattened row of links ("Home   News   Sport").
_SEPARATORS = re.compile(r"[|»«›‹·•]|\s/\s|(?<=\S) {3,}(?=\S)")
# "Label: Headline" — a short label, a colon, then a headline (related links, "Also read: ...").
_LABELLED = re.compile(r"^(?P<label>[^\W\d_][\w ]{1,24}?)\s*:\s*(?P<rest>\S.*)$")


@dataclass(frozen=True, slots=True)
class Block:
    """One non-empty line of the source: ``text == source[start:end]`` (already stripped)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class LineFeatures:
    words: int
    stop_ratio: float
    title_ratio: float  # share of content words (>= 4 letters, not function words) that are capitalised
    terminal: bool
    ellipsis: bool
    separators: int
    bullet: bool
    starts_upper: bool
    # Capitalised function words inside the line ("Foil Bomb Plot At Concert"): Title Case headlines,
    # also when glued to a teaser sentence in a related-story card. Prose capitalises them only
    # at a sentence start.
    cap_stops: int = 0
    # A time stamp or a bare date ("November 19, 2019 at 6:34 am", "2 days ago"): comment and card
    # metadata, which separates the article from what follows it.
    timestamp: bool = False
    # A short section label ending in ':' or '...' ("You may also like...", "Related:").
    label: bool = False


@dataclass(frozen=True, slots=True)
class TextCleaning:
    """What the classifier kept and cut. ``body`` indexes into ``blocks`` (inclusive start, exclusive end)."""

    blocks: tuple[Block, ...]
    kinds: tuple[LineKind, ...]
    kept: tuple[Block, ...]
    removed: tuple[Removed, ...]
    body: tuple[int, int]
    reasons: dict[int, str] = field(default_factory=dict)  # block index -> reason it was cut


def stopwords_for(language: str, sample: Sequence[str] = ()) -> frozenset[str] | None:
    """jusText's function-word list for an ISO 639-1 code, or None when there is none that works.

    A list that barely matches the page's long lines (agglutinative or unspaced scripts) is useless
    as a prose signal: None then, and the classifier leans on length, case and punctuation alone.
    """
    if language == "en":
        return ENGLISH_STOPWORDS
    import pycountry

    lang = pycountry.languages.get(alpha_2=language)
    name = getattr(lang, "name", "") if lang is not None else ""
    try:
        words = frozenset(w.lower() for w in get_stoplist(name.replace(" ", "_"))) if name else frozenset()
    except ValueError:
        words = frozenset()
    if not words:
        return None
    long_lines = [line for line in sample if len(line.split()) >= 10]
    if long_lines:
        ratios = sorted(line_features(line, words).stop_ratio for line in long_lines)
        if ratios[len(ratios) // 2] < 0.1:
            return None
    return words


def normalise_line(text: str) -> str:
    """Case-, space- and punctuation-insensitive key for comparing lines across a page or a site."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def split_lines(text: str, join_wrapped: bool = True) -> list[Block]:
    """Non-empty lines with their offsets in ``text`` (leading/trailing whitespace excluded).

    With ``join_wrapped``, a paragraph hard-wrapped over several lines (mail, fixed-width text) is
    one block: a line of 8+ words without closing punctuation joins the next line when that one
    follows directly and starts in lower case.
    """
    blocks: list[Block] = []
    for m in re.finditer(r"[^\n\r]+", text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        block = Block(start, start + len(stripped), stripped)
        if join_wrapped and blocks and _continues(blocks[-1], block, text):
            prev = blocks.pop()
            block = Block(prev.start, block.end, text[prev.start : block.end])
        blocks.append(block)
    return blocks


def _continues(prev: Block, line: Block, text: str) -> bool:
    gap = text[prev.end : line.start]
    if gap.count("\n") > 1 or "\n\n" in gap.replace("\r", ""):
        return False
    first = line.text[:1]
    return (
        first.islower()
        and len(prev.text.split()) >= 8
        and not _TERMINAL.search(prev.text)
        and not _BULLET.match(line.text)
    )


def line_features(text: str, stopwords: frozenset[str] | None = ENGLISH_STOPWORDS) -> LineFeatures:
    """Shape features of one line; bullets are judged by what follows the bullet.

    ``stopwords=None`` (a language without a usable function-word list) reports a stop ratio of 1.0,
    so only length, case and punctuation decide.
    """
    bullet = bool(_BULLET.match(text))
    body = _BULLET.sub("", text, count=1) if bullet else text
    words = _WORD.findall(body)
    unspaced = len(_UNSPACED.findall(body))
    n = len(words) + (unspaced // 2 - sum(1 for w in words if _UNSPACED.search(w)) if unspaced else 0)
    n = max(n, len(words))
    stop_list = stopwords if stopwords is not None else frozenset()
    stops = sum(1 for w in words if w.lower() in stop_list) if stopwords is not None else n
    content = [w for w in words if len(w) >= 4 and w.lower() not in stop_list and not w.isdigit()]
    caps = sum(1 for w in content if w[0].isupper())
    first = body.lstrip("\"'“‘(«[「『…. ")
    cap_stops = 0
    for m in _WORD.finditer(body):
        w = m.group()
        if m.start() == 0 or not w[0].isupper() or w.lower() not in stop_list or len(w) < 2:
            continue
        before = body[: m.start()].rstrip()
        if before and before[-1] not in ".!?:;\"“‘'(—–-|":
            cap_stops += 1
    digits = len(re.findall(r"\b\d+\b", body))
    timestamp = n <= 10 and (
        bool(_TIME.search(body)) or (digits >= 2 and n <= 6 and bool(_YEAR.search(body)))
    )
    label = n <= 5 and not bullet and bool(re.search(r"(?::|\.\.\.|…)\s*$", body))
    return LineFeatures(
        words=n,
        stop_ratio=stops / n if n else 0.0,
        title_ratio=caps / len(content) if content else 0.0,
        terminal=bool(_TERMINAL.search(body)),
        ellipsis=bool(_ELLIPSIS_END.search(body)),
        separators=len(_SEPARATORS.findall(body)),
        bullet=bullet,
        # Scripts without case (CJK, Arabic...) start "upper" by definition.
        starts_upper=bool(first)
        and (first[0].isupper() or first[0].isdigit() or first[0].lower() == first[0].upper()),
        cap_stops=cap_stops,
        timestamp=timestamp,
        label=label,
    )


def classify_line(f: LineFeatures, s: CleanSettings) -> LineKind:
    """Prose, short sentence, heading or chrome, from shape alone."""
    if f.words == 0:
        return "chrome"
    if f.separators >= 2 and (f.stop_ratio < s.prose_min_stop_ratio or f.words <= 3 * f.separators):
        return "chrome"  # menus and breadcrumbs: a few words between many separators
    if f.ellipsis and s.ellipsis_is_teaser:
        return "chrome"  # a teaser cut off by the page ("Juul over ads and sales …"), not a paragraph
    sentence_case = f.title_ratio <= s.prose_max_title_ratio and f.cap_stops < s.title_case_min_cap_stops
    long_enough = f.words >= s.prose_min_words and (f.terminal or f.words >= s.prose_unterminated_words)
    if long_enough and f.stop_ratio >= s.prose_min_stop_ratio and sentence_case:
        return "prose"
    if (
        f.words >= s.sentence_min_words
        and f.terminal
        and f.starts_upper
        and f.stop_ratio >= s.sentence_min_stop_ratio
        and (sentence_case or f.words >= s.prose_min_words)
    ):
        return "sentence"
    if f.words >= s.heading_min_words and f.starts_upper:
        return "heading"
    return "chrome"


def _line_score(kind: LineKind, f: LineFeatures, s: CleanSettings) -> float:
    if kind != "prose" and (f.timestamp or f.label):
        return -s.boundary_penalty
    if kind == "prose":
        return float(f.words)
    if kind == "sentence":
        return f.words * s.sentence_weight
    if kind == "heading":
        return -s.heading_penalty
    return -s.chrome_penalty


def find_body(scores: Sequence[float]) -> tuple[int, int]:
    """The maximum-sum run of line scores (Kadane): the densest stretch of prose.

    Returns ``(start, end)`` with ``end`` exclusive; ``(0, 0)`` when no line scores above zero.
    """
    best, best_range = 0.0, (0, 0)
    run, run_start = 0.0, 0
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = 0.0, i
        run += score
        if run > best:
            best, best_range = run, (run_start, i + 1)
    return best_range


def _run_starting_near(scores: Sequence[float], first: int, window: int) -> tuple[int, int]:
    """The best-scoring run that starts within ``window`` lines from ``first`` (the article under its headline)."""
    best, best_range = 0.0, (first, first)
    for start in range(first, min(first + window, len(scores))):
        if scores[start] <= 0:
            continue
        total = 0.0
        for end in range(start, len(scores)):
            total += scores[end]
            if total > best:
                best, best_range = total, (start, end + 1)
    return best_range


def _is_prefix_echo(short: str, long: str, min_chars: int) -> bool:
    """``short`` is a truncated copy of ``long`` (a card caption cut mid-word, a teaser ending in ...)."""
    s = normalise_line(short.rstrip(".… "))
    lo = normalise_line(long)
    return len(s) >= min_chars and len(s) < len(lo) and lo.startswith(s)


def _is_truncated_copy(text: str, page: str, min_chars: int) -> bool:
    """A line ending in an ellipsis whose text runs on elsewhere on the page (a cut-off teaser).

    ``page`` is every normalised line joined by spaces, the line itself included: hence two hits.
    """
    short = normalise_line(text.rstrip(".… "))
    if len(short) < min_chars:
        return False
    first = page.find(short)
    return first >= 0 and page.find(short, first + 1) >= 0


# Labels that introduce a link to another story, whatever the case of the headline after them.
RELATED_LABEL = re.compile(
    r"^\s*(?:also read|read also|read more|see also|related(?: stories| story| articles?)?|recommended|"
    r"more on this|you may also like|don'?t miss|must read|trending)\s*[:\-–—]\s*\S",
    re.I,
)


def _labelled_line(text: str, s: CleanSettings) -> str | None:
    """Why a "Label: ..." line is chrome: a related link ("Read more: Headline") or a caption
    ("Image: the ramp at the terminal"); None for real prose after a colon."""
    if RELATED_LABEL.match(text):
        return "related link"
    m = _LABELLED.match(text)
    if not m or len(m.group("label").split()) > 3:
        return None
    rest = line_features(m.group("rest"), None)
    if rest.terminal:
        return None
    if rest.words >= s.heading_min_words and rest.title_ratio > s.prose_max_title_ratio:
        return "related link"
    if len(m.group("label").split()) == 1 and rest.words <= s.caption_max_words:
        return "caption or label line"
    return None


@dataclass(slots=True)
class _Page:
    """The lines of one page with what the classifier knows about them (working state of clean_lines)."""

    blocks: list[Block]
    feats: list[LineFeatures]
    kinds: list[LineKind]
    keys: list[str]
    counts: Counter[str]
    title_key: str
    reasons: dict[int, str]


def clean_lines(
    text: str,
    settings: CleanSettings,
    *,
    blocks: Sequence[Block] | None = None,
    forced: dict[int, str] | None = None,
    site_chrome: Iterable[str] = (),
    title: str | None = None,
    stopwords: frozenset[str] | None = ENGLISH_STOPWORDS,
) -> TextCleaning:
    """Split ``text`` into lines, find the article body and cut the chrome around and inside it.

    ``forced`` maps block indexes to a removal reason decided elsewhere (a date header, a byline);
    ``site_chrome`` holds normalised lines seen on other pages of the same site; ``title`` (when
    known) lets copies of the headline be cut and marks where the article proper starts.
    """
    s = settings
    lines = list(blocks) if blocks is not None else split_lines(text)
    feats = [line_features(b.text, stopwords) for b in lines]
    keys = [normalise_line(b.text) for b in lines]
    page = _Page(
        blocks=lines,
        feats=feats,
        kinds=[classify_line(f, s) for f in feats],
        keys=keys,
        counts=Counter(k for k in keys if k),
        title_key=normalise_line(title) if title else "",
        reasons=dict(forced or {}),
    )
    _mark_chrome(page, frozenset(site_chrome), s)
    start, end = _choose_body(page, s)
    _mark_inside(page, start, end, s)
    _mark_outside(page, start, end)

    reasons = page.reasons
    kept = tuple(lines[i] for i in range(start, end) if i not in reasons)
    removed = tuple(Removed(lines[i].start, lines[i].end, lines[i].text, reasons[i]) for i in sorted(reasons))
    return TextCleaning(
        blocks=tuple(lines),
        kinds=tuple(page.kinds),
        kept=kept,
        removed=removed,
        body=(start, end),
        reasons=reasons,
    )


def _mark_chrome(page: _Page, site_chrome: frozenset[str], s: CleanSettings) -> None:
    """Chrome whatever its position: site-wide lines, repeated short lines, cut-off teasers, labelled links."""
    joined = " ".join(page.keys)
    for i, b in enumerate(page.blocks):
        if i in page.reasons:
            continue
        f, key = page.feats[i], page.keys[i]
        if key in site_chrome:
            page.reasons[i] = "seen on other pages of this site"
        elif page.counts[key] > 1 and page.kinds[i] != "prose" and f.words <= s.repeated_short_max_words:
            page.reasons[i] = "repeated line"
        elif f.ellipsis and _is_truncated_copy(b.text, joined, s.echo_min_chars):
            page.reasons[i] = "teaser"
        elif (labelled := _labelled_line(b.text, s)) is not None:
            page.reasons[i] = labelled


def _choose_body(page: _Page, s: CleanSettings) -> tuple[int, int]:
    """The body's line range: the densest prose run, preferring the one right under the headline."""
    kinds, keys, feats = page.kinds, page.keys, page.feats
    scores = [
        (-s.chrome_penalty if i in page.reasons else _line_score(kinds[i], feats[i], s))
        for i in range(len(page.blocks))
    ]
    start, end = find_body(scores)
    # The headline sits right above the article: when the run starting just under its first copy
    # holds a good share of the best run's score, the article is that run (not a longer disclaimer,
    # comment thread or teaser list elsewhere on the page).
    if page.title_key and end > start:
        best = sum(scores[start:end])
        anchors = [i for i in range(1, len(page.blocks)) if keys[i] == page.title_key]
        for anchor in anchors[:1]:
            a_start, a_end = _run_starting_near(scores, anchor + 1, s.anchor_window)
            anchored = a_end > a_start and (a_start, a_end) != (start, end)
            if anchored and sum(scores[a_start:a_end]) >= s.anchor_min_share * best:
                start, end = a_start, a_end
    # A copy of the headline inside the opening of the run marks where the article proper starts:
    # what precedes it is a teaser or standfirst card.
    if page.title_key and end > start:
        body_words = sum(feats[i].words for i in range(start, end))
        seen = 0
        for i in range(start, end):
            if keys[i] == page.title_key and seen < s.title_restart_max_share * body_words:
                start = i + 1
            seen += feats[i].words
    start = _skip_non_prose(kinds, start, end)
    # The page's own card in a related-stories list echoes the opening line of the body: a teaser.
    echoed = start < end and any(
        _is_prefix_echo(page.blocks[j].text, page.blocks[start].text, s.echo_min_chars)
        for j in range(end, len(page.blocks))
    )
    if echoed and any(kinds[k] == "prose" for k in range(start + 1, end)):
        page.reasons.setdefault(start, "teaser")
        start = _skip_non_prose(kinds, start + 1, end)
    while end > start and kinds[end - 1] not in ("prose", "sentence"):
        end -= 1
    return start, end


def _skip_non_prose(kinds: Sequence[LineKind], start: int, end: int) -> int:
    while start < end and kinds[start] not in ("prose", "sentence"):
        start += 1
    return start


def _mark_inside(page: _Page, start: int, end: int, s: CleanSettings) -> None:
    """Inside the body: cut copies (headline, pull quotes), buttons and ad slots; keep subheadings."""
    seen: set[str] = {page.title_key} if page.title_key else set()
    for i in range(start, end):
        if i in page.reasons:
            continue
        key, f, kind = page.keys[i], page.feats[i], page.kinds[i]
        if key in seen and (kind != "prose" or page.counts[key] > 1):
            page.reasons[i] = "repeated headline" if key == page.title_key else "duplicate line"
        elif (kind == "chrome" and not _tiny_sentence(f)) or (
            kind == "heading"
            and (f.words < s.subheading_min_words or f.separators > 0 or not s.keep_subheadings)
        ):
            page.reasons[i] = "chrome inside body"
        seen.add(key)


def _tiny_sentence(f: LineFeatures) -> bool:
    """A two-word sentence inside the body ("He agreed.") is prose, not a button."""
    return f.words >= 2 and f.terminal and f.starts_upper and f.stop_ratio > 0 and not f.ellipsis


def _mark_outside(page: _Page, start: int, end: int) -> None:
    """Everything outside the body goes; say why from shape and side (header chrome, footer, lists)."""
    # A repeated line outside the body is named for where it sits: a copy of the headline, or one
    # entry of a related-stories list (such lists often show each headline twice).
    for i in [*range(0, start), *range(end, len(page.blocks))]:
        reason = page.reasons.get(i)
        if page.title_key and page.keys[i] == page.title_key and reason != "title":
            page.reasons[i] = "repeated headline"
        elif reason == "repeated line" and page.kinds[i] == "heading" and i >= end and _listed(page.feats[i]):
            del page.reasons[i]
    before = _region_reasons(range(0, start), page.kinds, page.feats, page.reasons, after=False)
    after = _region_reasons(range(end, len(page.blocks)), page.kinds, page.feats, page.reasons, after=True)
    page.reasons.update(before)
    page.reasons.update(after)


def _listed(f: LineFeatures) -> bool:
    """Shaped like an entry of a headline list (not a button or an ad label)."""
    return f.words >= 5 and f.separators == 0


def _region_reasons(
    indexes: range,
    kinds: Sequence[LineKind],
    feats: Sequence[LineFeatures],
    decided: dict[int, str],
    *,
    after: bool,
) -> dict[int, str]:
    """Name why each line outside the body was cut, from its shape and where it sits."""
    out: dict[int, str] = {}
    for i in indexes:
        if i in decided:
            continue
        kind = kinds[i]
        if after:
            out[i] = "related headlines after the end" if kind == "heading" else "footer"
        elif kind in ("prose", "sentence"):
            out[i] = "teaser"
        elif kind == "heading" and feats[i].words >= 4:
            out[i] = "headline or menu before the body"
        else:
            out[i] = "menu line"
    return out
