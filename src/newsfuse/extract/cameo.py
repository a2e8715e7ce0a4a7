"""CAMEO verb patterns as a second trigger lexicon: a verb and what it governs -> PLOVER type.

Our own trigger table (``data/codebook/triggers.tsv``) names the verbs whose meaning does not depend
on their object. Most verbs do depend on it: "send troops" mobilises, "send aid" aids, "send a
message" consults, "call off a strike" ends a protest. PETRARCH-2's CAMEO verb dictionary holds
~4,600 such verb-object patterns over ~1,800 verbs; ``bench/build_verb_table.py`` distils it, with
the PLOVER manual's CAMEO->PLOVER table, into ``newsfuse/data/cameo_verbs.tsv``. Here a parsed verb is matched
against its block's patterns: every content word of a pattern must occur among what the verb
governs (its objects, prepositional phrases and particles: the parse gives attachment, so word order
is not checked), subject words among its subject. The most specific matching pattern wins; without
one, the verb's own code, if it has one. A pattern coding a statement or appeal (CAMEO 01/02, no
PLOVER event) wins too, and means "no event".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

TABLE = Path(__file__).resolve().parents[1] / "data" / "cameo_verbs.tsv"

# Children whose subtrees are other clauses or the subject, not what the verb governs.
_NOT_GOVERNED = frozenset(
    {"nsubj", "csubj", "advcl", "ccomp", "conj", "parataxis", "punct", "mark", "cc", "aux", "auxpass", "neg"}
)
_PASSIVE = frozenset({"auxpass", "nsubjpass"})
# Prepositions of cause and time: what they introduce is the circumstance, not what the verb acts on
# ("closed its borders because of fighting" does not stop the fighting).
_ADJUNCTS = frozenset(
    {
        "because",
        "due",
        "after",
        "before",
        "during",
        "despite",
        "amid",
        "amidst",
        "following",
        "since",
        "until",
    }
)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One ``subject * object [code]`` line of a verb block."""

    subject: tuple[str, ...]
    objects: tuple[str, ...]
    active: str  # PLOVER type, or "-" for "no PLOVER event"
    passive: str
    mode: str
    cameo: str

    @property
    def size(self) -> int:
        return len(self.subject) + len(self.objects)


@dataclass(frozen=True, slots=True)
class Hit:
    """A verb coded by the CAMEO dictionary: its PLOVER type ("" = explicitly no event) and why."""

    type: str
    mode: str
    cameo: str
    pattern: str
    default: bool  # the verb's own code: no pattern matched what it governs


class CameoVerbs:
    """The distilled CAMEO verb dictionary; ``code(verb token)`` -> :class:`Hit` or None."""

    def __init__(self, path: Path = TABLE) -> None:
        self.blocks: dict[str, list[str]] = defaultdict(list)  # verb -> its blocks
        self.own: dict[str, Pattern] = {}  # verb -> its own code
        self.patterns: dict[str, list[Pattern]] = defaultdict(list)  # block -> patterns, file order
        self.sets: dict[str, tuple[tuple[str, ...], ...]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            kind, *cols = line.split("\t")
            if kind == "B":
                for verb in cols[1:]:
                    self.blocks[verb].append(cols[0])
            elif kind == "V":
                verb, active, passive, mode, cameo = cols
                self.own.setdefault(verb, Pattern((), (), active, passive, mode, cameo))
            elif kind == "P":
                block, subject, objects, active, passive, mode, cameo = cols
                self.patterns[block].append(
                    Pattern(tuple(subject.split()), tuple(objects.split()), active, passive, mode, cameo)
                )
            elif kind == "S":
                self.sets[cols[0]] = tuple(tuple(m.split()) for m in cols[1:])

    def knows(self, verb: str) -> bool:
        return verb in self.blocks or verb in self.own

    def code(self, tok: Token, lemma: str | None = None) -> Hit | None:
        """The PLOVER reading of verb ``tok`` (``lemma`` overrides spaCy's), or None if nothing matches."""
        lemma = lemma or tok.lemma_.lower()
        particles = [c.lower_ for c in tok.children if c.dep_ == "prt"]
        keys = [f"{lemma}_{p}" for p in particles if self.knows(f"{lemma}_{p}")] + [lemma]
        key = keys[0]
        if not self.knows(key):
            return None
        passive = any(c.dep_ in _PASSIVE for c in tok.children)
        governed, subject = _bags(tok)
        best: Pattern | None = None
        for block in self.blocks.get(key, ()):
            for pat in self.patterns[block]:
                if (best is None or pat.size > best.size) and (
                    self._all_in(pat.objects, governed) and self._all_in(pat.subject, subject)
                ):
                    best = pat
        chosen = best or self.own.get(key)
        if chosen is None:
            return None
        kind = chosen.passive if passive else chosen.active
        words = " ".join((*chosen.subject, "*", *chosen.objects)) if best else key
        return Hit("" if kind == "-" else kind, chosen.mode, chosen.cameo, words, best is None)

    def _all_in(self, words: tuple[str, ...], bag: frozenset[str]) -> bool:
        for word in words:
            if word.startswith("&"):
                members = self.sets.get(word, ())
                if not any(all(_has(w, bag) for w in member) for member in members):
                    return False
            elif not _has(word, bag):
                return False
        return True


def _has(word: str, bag: frozenset[str]) -> bool:
    return word in bag or (word.endswith("s") and word[:-1] in bag)


def _bags(tok: Token) -> tuple[frozenset[str], frozenset[str]]:
    """Words the verb governs (a passive verb's subject among them), and words of its subject or agent."""
    governed: set[str] = set()
    subject: set[str] = set()
    for child in tok.children:
        if child.dep_ in {"nsubj", "csubj", "agent"}:
            target = subject
        elif child.dep_ not in _NOT_GOVERNED and child.lower_ not in _ADJUNCTS:
            target = governed
        else:
            continue
        for t in child.subtree:
            target.add(t.lower_)
            target.add(t.lemma_.lower())
    return frozenset(governed), frozenset(subject)


@lru_cache(maxsize=1)
def cameo_verbs() -> CameoVerbs:
    """The table, loaded once per process (~4,600 patterns, a few ms)."""
    return CameoVerbs()
