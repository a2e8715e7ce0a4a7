"""The story's timeline: events in date order, or date-bearing claims when there are no events."""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.fuse.claims import _Analysis
from newsfuse.fuse.dates import DateMention
from newsfuse.fuse.sentences import SentenceInfo
from newsfuse.models import Article, Claim, Event, Span, TimelineEntry, When


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
