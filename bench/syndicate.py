"""Syndicated corpora with known lineage, generated from the BBC full-text corpus (read in place).

The BBC set holds its own exact and near duplicates (its README: 103 exact groups, 66 near pairs)
and follow-ups that reuse background paragraphs, so the base set is deduplicated first (exactly,
see :func:`dedupe`). Each
remaining base is then used as

- a *source* with copies of one of five classes: ``exact``, ``intro_tail`` (a new intro and/or tail),
  ``trimmed`` (the first 40-80% of paragraphs), ``rewrite`` (10-40% of sentences rewritten by word
  substitution, clause reordering and sentence splits) and ``chrome`` (wrapped in page chrome: menus,
  share buttons, footer, and related headlines with a teaser sentence of each -- text of *other*
  lineages, a precision trap) -- truth: one lineage per source;
- a *singleton* left alone;
- a *quoter*: an independent article into which two or three quoted, attributed sentences of some
  source are inserted -- truth: its own lineage (sharing a quote is not reuse).

Everything is drawn from ``random.Random(seed)``: one seed, one corpus.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from _common import UnionFind, read_text

CLASSES = ("exact", "intro_tail", "trimmed", "rewrite", "chrome")
_WORD = re.compile(r"\w+")
_SENT = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"']?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Base:
    id: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Item:
    """One generated article with its truth."""

    id: str
    text: str
    published: str
    lineage: str  # truth lineage (the source base id, or the item's own id)
    cls: str  # "source" | one of CLASSES | "singleton" | "quoter"


@dataclass(slots=True)
class Corpus:
    items: list[Item] = field(default_factory=list)
    bases_read: int = 0
    bases_kept: int = 0


def read_bbc(root: Path) -> list[Base]:
    """Headline on the first line, paragraphs after; a few files are Latin-1."""
    bases = []
    for path in sorted(root.glob("*/*.txt")):
        lines = [ln.strip() for ln in read_text(path).split("\n")]
        title = lines[0]
        paras = tuple(p for p in lines[1:] if p)
        if len(paras) >= 3:
            bases.append(Base(f"{path.parent.name}-{path.stem}", title, paras))
    return bases


def _grams(text: str, n: int = 5) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def dedupe(bases: list[Base]) -> list[Base]:
    """Keep one article per group of BBC articles that share text.

    Exact shared word-5-gram counts for every pair (an inverted index: exact, no sketch); two
    articles are grouped when they share >= 8% of the smaller one's 5-grams or >= 25 of them (about
    two sentences). BBC follow-ups reuse background paragraphs verbatim; left in, they would be
    reuse the truth does not know about.
    """
    grams = [_grams(b.body) for b in bases]
    postings: dict[str, list[int]] = {}
    for i, gs in enumerate(grams):
        for g in gs:
            postings.setdefault(g, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for docs in postings.values():
        if 1 < len(docs) <= 50:  # a 5-gram in > 50 articles is a stock phrase, not shared text
            for x in range(len(docs)):
                for y in range(x + 1, len(docs)):
                    shared[(docs[x], docs[y])] += 1
    groups = UnionFind(len(bases))
    for (i, j), n in shared.items():
        if n >= 25 or n / min(len(grams[i]), len(grams[j])) >= 0.08:
            groups.union(i, j)
    seen: set[int] = set()
    kept = []
    for i, b in enumerate(bases):
        root = groups.find(i)
        if root not in seen:
            seen.add(root)
            kept.append(b)
    return kept


# -- transformations ----------------------------------------------------------------------------

_SYNONYMS = {
    "said": "stated",
    "says": "states",
    "big": "large",
    "large": "big",
    "small": "little",
    "buy": "purchase",
    "bought": "purchased",
    "sell": "offload",
    "sold": "offloaded",
    "rise": "increase",
    "rose": "climbed",
    "fall": "drop",
    "fell": "dropped",
    "help": "assist",
    "helped": "assisted",
    "start": "begin",
    "started": "began",
    "end": "finish",
    "ended": "finished",
    "show": "reveal",
    "showed": "revealed",
    "shows": "reveals",
    "people": "individuals",
    "firm": "company",
    "company": "firm",
    "firms": "companies",
    "companies": "firms",
    "government": "administration",
    "minister": "secretary",
    "chief": "head",
    "boss": "chief",
    "profits": "earnings",
    "profit": "earnings",
    "sales": "turnover",
    "cut": "reduce",
    "cuts": "reductions",
    "plan": "proposal",
    "plans": "proposals",
    "deal": "agreement",
    "deals": "agreements",
    "match": "game",
    "game": "match",
    "win": "victory",
    "won": "claimed",
    "lost": "conceded",
    "team": "side",
    "player": "footballer",
    "players": "squad members",
    "coach": "manager",
    "film": "movie",
    "films": "movies",
    "movie": "film",
    "star": "celebrity",
    "award": "prize",
    "awards": "prizes",
    "music": "songs",
    "new": "fresh",
    "old": "former",
    "top": "leading",
    "major": "significant",
    "key": "crucial",
    "important": "significant",
    "hard": "difficult",
    "difficult": "hard",
    "quickly": "rapidly",
    "around": "about",
    "about": "roughly",
    "nearly": "almost",
    "almost": "nearly",
    "however": "but",
    "also": "additionally",
    "because": "as",
    "before": "prior to",
    "after": "following",
    "during": "amid",
    "told": "informed",
    "added": "continued",
    "warned": "cautioned",
    "expected": "predicted",
    "believe": "think",
    "think": "believe",
    "use": "employ",
    "used": "employed",
    "users": "customers",
    "market": "sector",
    "markets": "sectors",
    "economy": "economic system",
    "growth": "expansion",
    "jobs": "posts",
    "workers": "staff",
    "staff": "employees",
    "country": "nation",
    "countries": "nations",
    "world": "globe",
    "year": "twelve months",
    "week": "seven days",
    "month": "four weeks",
    "announced": "unveiled",
    "launched": "introduced",
    "launch": "introduction",
    "claims": "allegations",
    "rules": "regulations",
    "law": "legislation",
    "election": "poll",
    "party": "movement",
    "public": "people",
    "technology": "tech",
    "phone": "handset",
    "phones": "handsets",
    "computer": "PC",
    "online": "on the web",
    "internet": "web",
    "service": "offering",
    "services": "offerings",
    "price": "cost",
    "prices": "costs",
    "money": "cash",
    "increase": "rise",
    "decision": "ruling",
    "group": "organisation",
    "report": "study",
}
_INTROS = (
    "{outlet} has learned the following from {city} on {day}.",
    "This report was filed from {city} by our {desk} desk on {day}.",
    "Here is what we know so far, according to reporting compiled by {outlet} in {city}.",
    "{outlet} brings you this story as part of its {desk} coverage from {city}.",
    "Readers in {city} have been following this developing {desk} story closely since {day}.",
    "The following {desk} report reached the {outlet} newsroom in {city} on {day} morning.",
)
_TAILS = (
    "Additional reporting by the {outlet} {desk} team in {city}.",
    "This article was updated on {day} with further details from {city}.",
    "Follow {outlet} for more {desk} news and analysis from {city} and beyond.",
    "Copyright {outlet}; this story may not be republished without written permission from its {desk} editors.",
    "Have your say on this story: write to the {outlet} {desk} desk in {city} before {day} evening.",
    "Our {desk} correspondent in {city} will have more on this story on {day}.",
)
_OUTLETS = (
    "Daily Courier",
    "Northern Star",
    "The Ledger",
    "Metro Wire",
    "City Gazette",
    "Evening Post",
    "Harbour Times",
    "Valley Herald",
    "Global Dispatch",
    "The Observer Online",
    "Capital Report",
    "Coastal News",
    "Midland Echo",
    "Western Tribune",
    "Eastern Chronicle",
)
_CITIES = (
    "Leeds",
    "Bristol",
    "Glasgow",
    "Cardiff",
    "Belfast",
    "Manchester",
    "Dublin",
    "Toronto",
    "Sydney",
    "Auckland",
    "Cape Town",
    "Mumbai",
    "Singapore",
    "Boston",
    "Denver",
)
_DESKS = ("business", "politics", "sport", "technology", "culture", "world", "regional", "evening")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MENUS = (
    "Home News Sport Business Tech Culture Opinion Video",
    "Home | World | UK | Politics | Money | Life",
    "Sections Latest Most read Newsletters Podcasts Sign in",
    "Menu Search Subscribe Log in Edition: UK",
)
_BUTTONS = (
    "Share",
    "Advertisement",
    "Share this article",
    "Tweet",
    "Email",
    "Print",
    "Comments (0)",
    "Advertisement · Scroll to continue",
    "Read more",
    "Subscribe now",
)
_FOOTERS = (
    "About us Contact us Terms of use Privacy policy Cookie settings Accessibility help",
    "All rights reserved. Reproduction in whole or in part without permission is prohibited.",
    "Download our app for the latest headlines delivered straight to your phone.",
    "Sign up to our newsletter to receive the day's top stories every morning.",
)


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        outlet=rng.choice(_OUTLETS), city=rng.choice(_CITIES), desk=rng.choice(_DESKS), day=rng.choice(_DAYS)
    )


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENT.split(paragraph) if s.strip()]


def _substitute(sentence: str, rng: random.Random, k: int) -> str:
    words = sentence.split(" ")
    spots = [i for i, w in enumerate(words) if w.lower().strip(",.;:\"'") in _SYNONYMS]
    rng.shuffle(spots)
    for i in spots[:k]:
        core = words[i].strip(",.;:\"'")
        repl = _SYNONYMS[core.lower()]
        if core[:1].isupper():
            repl = repl[:1].upper() + repl[1:]
        words[i] = words[i].replace(core, repl, 1)
    return " ".join(words)


def _reorder(sentence: str, rng: random.Random) -> str | None:
    """Move a trailing attribution or a leading clause: 'X, Y.' -> 'Y, X.'"""
    m = re.match(r'^"(.+?),?" (he|she|they|it|[A-Z][\w\s]{1,40}?) (said|added|told [\w\s]+?)\.$', sentence)
    if m:
        who = m.group(2)
        return f'{who[0].upper() + who[1:]} {m.group(3)}: "{m.group(1)}."'
    parts = sentence.rstrip(".").split(", ", 1)
    if len(parts) == 2 and len(parts[0].split()) >= 3 and len(parts[1].split()) >= 3 and '"' not in sentence:
        first, second = parts
        return f"{second[0].upper() + second[1:]}, {first[0].lower() + first[1:]}."
    return None


def _split(sentence: str) -> str | None:
    for joint in (", and ", ", but ", "; ", ", which ", ", while "):
        if joint in sentence and '"' not in sentence:
            left, right = sentence.split(joint, 1)
            if len(left.split()) >= 4 and len(right.split()) >= 4:
                lead = {", which ": "This ", ", while ": "Meanwhile, "}.get(joint, "")
                right = lead + right if lead else right[0].upper() + right[1:]
                return f"{left.rstrip(',;')}. {right}"
    return None


def rewrite_sentence(sentence: str, rng: random.Random) -> str:
    out = sentence
    ops = ["sub", "reorder", "split"]
    rng.shuffle(ops)
    applied = 0
    for op in ops:
        if op == "sub":
            new = _substitute(out, rng, rng.randint(2, 4))
        elif op == "reorder":
            new = _reorder(out, rng) or out
        else:
            new = _split(out) or out
        if new != out:
            out, applied = new, applied + 1
        if applied >= 2:
            break
    return out


def _rewrite(base: Base, rng: random.Random) -> str:
    sents = [(pi, s) for pi, p in enumerate(base.paragraphs) for s in _sentences(p)]
    rate = rng.uniform(0.1, 0.4)
    chosen = set(rng.sample(range(len(sents)), max(1, round(rate * len(sents)))))
    paras: list[list[str]] = [[] for _ in base.paragraphs]
    for k, (pi, s) in enumerate(sents):
        paras[pi].append(rewrite_sentence(s, rng) if k in chosen else s)
    return "\n\n".join(" ".join(p) for p in paras if p)


def _chrome(base: Base, text: str, others: list[Base], rng: random.Random) -> str:
    outlet = rng.choice(_OUTLETS)
    head = [outlet, rng.choice(_MENUS), rng.choice(_BUTTONS), base.title, rng.choice(_BUTTONS)]
    paras = text.split("\n\n")
    cut = rng.randint(1, max(1, len(paras) - 1))
    body = [*paras[:cut], rng.choice(_BUTTONS), *paras[cut:]]
    related = ["Related stories"]
    for other in rng.sample(others, min(len(others), rng.randint(4, 10))):
        if other.id != base.id:  # a headline and its teaser (the other story's first sentence)
            related += [other.title, _sentences(other.paragraphs[0])[0]]
    foot = [rng.choice(_BUTTONS), *rng.sample(_FOOTERS, 2), f"© 2005 {outlet}"]
    return "\n\n".join([*head, *body, *related, *foot])


def make_copy(cls: str, base: Base, others: list[Base], rng: random.Random) -> str:
    body = base.body
    if cls == "exact":
        return body
    if cls == "intro_tail":
        parts = [body]
        mode = rng.choice(("intro", "tail", "both"))
        if mode in ("intro", "both"):
            parts.insert(0, " ".join(_fill(t, rng) for t in rng.sample(_INTROS, rng.randint(1, 2))))
        if mode in ("tail", "both"):
            parts.append(" ".join(_fill(t, rng) for t in rng.sample(_TAILS, rng.randint(1, 2))))
        return "\n\n".join(parts)
    if cls == "trimmed":
        n = len(base.paragraphs)
        keep = min(n - 1, max(2, round(n * rng.uniform(0.4, 0.8))))
        return "\n\n".join(base.paragraphs[:keep])
    if cls == "rewrite":
        return _rewrite(base, rng)
    if cls == "chrome":
        return _chrome(base, body, others, rng)
    raise ValueError(f"unknown class {cls!r}; use one of {CLASSES}")


def _quotes(base: Base) -> list[str]:
    return [s for p in base.paragraphs for s in _sentences(p) if s.count('"') >= 2 and len(s.split()) >= 8]


_FRAMES = (
    "{q}, a spokesperson told reporters.",
    "In a statement, the organisation said: {q}",
    "{q}, according to a statement released on {day}.",
    "Asked about the matter, one official replied: {q}",
    "{q}, the statement read.",
)


def make_quoter(host: Base, source: Base, rng: random.Random) -> str | None:
    """An independent article (host) quoting two or three statements that ``source`` also quotes.

    Only the words inside the quotation marks are shared; the framing is the quoter's own, as it is
    when two outlets quote one press release.
    """
    quoted = [m.group(1) for s in _quotes(source) for m in re.finditer(r'"([^"]{30,})"', s)]
    if len(quoted) < 2:
        return None
    paras = list(host.paragraphs)
    for inner in rng.sample(quoted, min(len(quoted), rng.randint(2, 3))):
        frame = rng.choice(_FRAMES)
        sentence = frame.format(q=f'"{inner.rstrip(",. ")}."', day=rng.choice(_DAYS))
        paras.insert(rng.randint(1, len(paras)), sentence[0].upper() + sentence[1:])
    return "\n\n".join(paras)


def generate(root: Path, n: int, seed: int = 1) -> Corpus:
    """``n`` articles: sources, copies of the five classes, singletons and quoters, shuffled."""
    rng = random.Random(seed)
    raw = read_bbc(root)
    bases = dedupe(raw)
    rng.shuffle(bases)
    corpus = Corpus(bases_read=len(raw), bases_kept=len(bases))
    n_single = min(len(bases) // 8, n // 10)
    n_quote = min(len(bases) // 8, n // 20)
    singles, quoters, rest = (
        bases[:n_single],
        bases[n_single : n_single + n_quote],
        bases[n_single + n_quote :],
    )
    n_src = min(len(rest), max(1, (n - n_single - n_quote) // 4))
    sources = rest[:n_src]
    day = _days(rng)
    items: list[Item] = []
    for b in singles:
        items.append(Item(b.id, b.body, next(day), b.id, "singleton"))
    for b in sources:
        items.append(Item(b.id, b.body, "2005-01-01", b.id, "source"))
    quotable = [b for b in sources if len(_quotes(b)) >= 2]
    for b in quoters:
        text = make_quoter(b, rng.choice(quotable), rng) if quotable else None
        items.append(Item(b.id, text or b.body, next(day), b.id, "quoter" if text else "singleton"))
    k = 0
    while len(items) < n:
        src = sources[k % len(sources)]
        cls = CLASSES[rng.randrange(len(CLASSES))]
        items.append(Item(f"{src.id}~{k}", make_copy(cls, src, bases, rng), next(day), src.id, cls))
        k += 1
    rng.shuffle(items)
    corpus.items = items[:n]
    return corpus


def _days(rng: random.Random) -> Iterator[str]:
    """Copies are dated after their sources (sources: 2005-01-01)."""
    while True:
        yield f"2005-01-{rng.randint(2, 28):02d}"


def truth_arrays(items: list[Item]) -> tuple[np.ndarray, list[str]]:
    """Truth lineage per item as integer labels, and the class per item."""
    labels: dict[str, int] = {}
    lab = np.array([labels.setdefault(it.lineage, len(labels)) for it in items], dtype=np.int64)
    return lab, [it.cls for it in items]
