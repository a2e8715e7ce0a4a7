"""The brief's lead: the best-supported claims, and which claims are worth listing."""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.fuse.claims import _ANAPHORA, _Analysis, _mmr
from newsfuse.fuse.sentences import SentenceInfo
from newsfuse.models import Claim
from newsfuse.settings import FuseSettings


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
