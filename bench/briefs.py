"""Brief lead benchmark: ROUGE of the brief's lead against Multi-News editors' summaries, side by
side with lead-3, LexRank and TextRank on the same input in the same run.

    .venv/bin/python bench/briefs.py                          # test split, first 100 clusters
    nice .venv/bin/python bench/briefs.py --full               # both splits, all 250 clusters each
    .venv/bin/python bench/briefs.py --split validation --limit 250 --clean

Every system sees the same source texts (raw, or through the project's cleaner with ``--clean``),
is cut to the reference summary's length in words, and is scored with rouge-score (ROUGE-1/2/L
F1, Porter stemming). Sentences are split with newsfuse.fuse.split_sentences for every system:
sumy's own tokenizer needs NLTK punkt data, which cannot be downloaded here, so sumy gets a small
tokenizer object over our splitter (words: a regex). Baselines:

- lead-3: the first three sentences of each source, sources in order (Fabbri et al. 2019 "First-3").
- lead round-robin: every source's first sentence, then every source's second, ... (no length gap).
- LexRank / TextRank (sumy 0.13): sentences by rating, best first.

Ours: ``build_brief`` over the cluster (no reuse detection: Multi-News sources are different
outlets, each its own lineage), ``FuseSettings(lead_fill=True)`` and a word budget of the
reference length, so the lead keeps adding its best-ranked claims until it is long enough.
"""

from __future__ import annotations

import argparse
import ast
import csv
import dataclasses
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rouge_score import rouge_scorer

from _common import paragraphs, text_article, text_document
from newsfuse.fuse import build_brief, split_sentences
from newsfuse.models import Story, When, content_id
from newsfuse.settings import FuseSettings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multi-news-sample"
_WORD = re.compile(r"\w+(?:['’]\w+)*")

Cluster = tuple[list[str], str]  # source texts, reference summary
System = Callable[[list[str], int], list[str]]  # (sources, reference words) -> sentences, best first


def load(split: str, limit: int | None) -> list[Cluster]:
    csv.field_size_limit(1 << 30)
    out: list[Cluster] = []
    with (DATA / f"sample_{split}.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            docs = [str(d) for d in ast.literal_eval(row["documents"]) if str(d).strip()]
            summary = row["summary"].strip().lstrip("–-— ").strip()
            if docs and summary:
                out.append((docs, summary))
            if limit is not None and len(out) >= limit:
                break
    return out


def _cleaner() -> Callable[[str], str] | None:
    try:
        from newsfuse.clean import clean_document
        from newsfuse.settings import CleanSettings
    except ImportError:
        return None
    settings = dataclasses.replace(CleanSettings(), min_words=1)

    def clean(text: str) -> str:
        try:
            return clean_document(text_document(text), settings).text
        except Exception:  # skipped or failed by the cleaner: keep the raw text for every system
            return text

    return clean


def sentences_of(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


# --- systems ------------------------------------------------------------------------------------


def lead3(sources: list[str], _words: int) -> list[str]:
    return [s for src in sources for s in sentences_of(src)[:3]]


def lead_round_robin(sources: list[str], _words: int) -> list[str]:
    """First sentence of every source, then every second sentence...: a stronger position baseline."""
    per = [sentences_of(src) for src in sources]
    return [p[i] for i in range(max((len(p) for p in per), default=0)) for p in per if i < len(p)]


class _Tokenizer:
    """sumy's tokenizer interface over our splitter (sumy's default needs NLTK punkt data)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return sentences_of(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def _sumy(kind: str) -> System:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Tokenizer()

    def run(sources: list[str], _words: int) -> list[str]:
        sents = [Sentence(s, tokenizer) for src in sources for s in sentences_of(src)]
        if not sents:
            return []
        doc = ObjectDocumentModel([Paragraph(sents)])
        summarizer = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        ratings = _ratings(summarizer, doc, kind)
        order = sorted(range(len(sents)), key=lambda i: -ratings.get(sents[i], 0.0))
        return [str(sents[i]) for i in order]

    return run


def _ratings(summarizer: object, doc: object, kind: str) -> dict[object, float]:
    """Sentence ratings (sumy returns summaries in document order; ranking needs the scores)."""
    if kind == "textrank":
        return dict(summarizer.rate_sentences(doc))  # type: ignore[attr-defined]
    s = summarizer
    words = [s._to_words_set(x) for x in doc.sentences]  # type: ignore[attr-defined]
    tf = s._compute_tf(words)  # type: ignore[attr-defined]
    idf = s._compute_idf(words)  # type: ignore[attr-defined]
    matrix = s._create_matrix(words, s.threshold, tf, idf)  # type: ignore[attr-defined]
    scores = s.power_method(matrix, s.epsilon)  # type: ignore[attr-defined]
    return dict(zip(doc.sentences, scores, strict=True))  # type: ignore[attr-defined]


def newsfuse_lead(settings: FuseSettings) -> System:
    def run(sources: list[str], words: int) -> list[str]:
        articles = [
            text_article(
                content_id("bench", str(k), text),
                text,
                When.unknown("no date in the benchmark data"),
                document_id=str(k),
                origin=f"source-{k}",
                outlet=f"source {k}",
            )
            for k, text in enumerate(sources)
        ]
        story = Story("bench", tuple(a.id for a in articles), "", None, None)
        fs = dataclasses.replace(settings, lead_claims=1000, lead_words=words + 40, lead_fill=True)
        return [c.text for c in build_brief(story, articles, [], settings=fs).lead]

    return run


# --- scoring ------------------------------------------------------------------------------------


def cut(sentences: Sequence[str], words: int) -> str:
    out: list[str] = []
    for s in sentences:
        out.extend(s.split())
        if len(out) >= words:
            break
    return " ".join(out[:words])


def evaluate(systems: dict[str, System], clusters: Sequence[Cluster]) -> dict[str, dict[str, float]]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores: dict[str, dict[str, list[float]]] = {n: {"r1": [], "r2": [], "rl": []} for n in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for sources, reference in clusters:
        words = len(reference.split())
        for name, system in systems.items():
            t0 = time.perf_counter()
            text = cut(system(sources, words), words)
            seconds[name] += time.perf_counter() - t0
            s = scorer.score(reference, text)
            scores[name]["r1"].append(s["rouge1"].fmeasure)
            scores[name]["r2"].append(s["rouge2"].fmeasure)
            scores[name]["rl"].append(s["rougeL"].fmeasure)
    return {
        n: {k: 100 * statistics.fmean(v) for k, v in sc.items()} | {"sec": seconds[n]}
        for n, sc in scores.items()
    }


def report(title: str, results: dict[str, dict[str, float]], baseline: str = "lead-3") -> None:
    print(f"\n{title}")
    print(f"{'system':<18}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}{'R-1 ratio':>11}{'seconds':>9}")
    base = results[baseline]["r1"]
    for name, r in results.items():
        print(
            f"{name:<18}{r['r1']:>9.2f}{r['r2']:>9.2f}{r['rl']:>9.2f}{r['r1'] / base:>10.3f}x{r['sec']:>9.1f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["test", "validation"], default="test")
    ap.add_argument("--limit", type=int, default=100, help="clusters per split (default 100)")
    ap.add_argument("--full", action="store_true", help="both splits, every cluster")
    ap.add_argument("--clean", action="store_true", help="run the project's cleaner on every source first")
    ap.add_argument("--only-ours", action="store_true", help="skip the baselines (for tuning)")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    splits = ["validation", "test"] if args.full else [args.split]
    limit = None if args.full else args.limit
    clean = _cleaner() if args.clean else None
    if args.clean and clean is None:
        print("--clean: the project's cleaner is not importable; using raw text", file=sys.stderr)
    systems: dict[str, System] = {}
    if not args.only_ours:
        systems |= {
            "lead-3": lead3,
            "lead round-robin": lead_round_robin,
            "LexRank": _sumy("lexrank"),
            "TextRank": _sumy("textrank"),
        }
    systems["newsfuse lead"] = newsfuse_lead(FuseSettings())
    for split in splits:
        clusters = load(split, limit)
        prep = [([paragraphs(clean(d) if clean else d) for d in docs], ref) for docs, ref in clusters]
        results = evaluate(systems, prep)
        words = statistics.fmean(len(r.split()) for _, r in prep)
        title = (
            f"multi-news-sample {split}: {len(prep)} clusters, {sum(len(d) for d, _ in prep)} sources, "
            f"reference {words:.0f} words on average; F1 x 100, each output cut to its reference's length"
        )
        report(title, results, "lead-3" if "lead-3" in results else "newsfuse lead")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
