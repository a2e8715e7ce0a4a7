"""Story clustering benchmark: quality on three gold sets against a TF-IDF + agglomerative baseline,
and streaming throughput at scale.

    .venv/bin/python bench/stories.py                       # quality, all three sets
    .venv/bin/python bench/stories.py --sweep 0.2,0.25,0.3  # calibrate StorySettings.threshold
    .venv/bin/python bench/stories.py --orders 5            # B-cubed F1 over 5 stream orders
    nice .venv/bin/python bench/stories.py --scale 10000,30000,100000 --no-quality
    nice .venv/bin/python bench/stories.py --no-quality --scale 10000 --headlines  # headline-only stream
    .venv/bin/python bench/stories.py --orders 5 --embed off  # lexical only, as without the embed extra
    nice .venv/bin/python bench/stories.py --short --orders 5   # short reports (issue #13), gate on and off

Geography-and-day gate (issue #13): the pipeline gives StoryIndex the gazetteer as its place resolver,
so the bench does too (``--gate on``, the default; the gazetteer loads once, a few seconds); ``--gate
off`` runs without it. ``--short`` adds two sets of short items, ECB+ leads (each document's first
sentences, at most 60 words) and synthetic one-paragraph incident reports in one house style
(bench/_house_style.py), and prints every set with the gate and without it in the same run.

Headline mode (``StorySettings.embed_short``) uses MiniLM sentence embeddings for short items when the
optional ``embed`` extra is installed; every run prints which mode the index ran in.

Quality: pairwise and B-cubed precision/recall/F1. Ours streams the articles once in a shuffled
(seeded) order with the default StorySettings; the baseline (scikit-learn TfidfVectorizer +
AgglomerativeClustering, average linkage, cosine) sees the whole set at once and is reported at
its best distance threshold per set (an oracle sweep, so it is an upper bound for that baseline).
"""

from __future__ import annotations

import argparse
import ast
import csv
import dataclasses
import datetime as dt
import json
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from _common import read_text, text_article, text_document
from newsfuse.models import Article, When, content_id
from newsfuse.settings import CleanSettings, StorySettings
from newsfuse.stories import StoryIndex, cluster_stories
from newsfuse.story_gate import PlaceResolver

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

Labelled = tuple[list[Article], list[str]]


def _article(text: str, title: str | None = None, day: str | None = None, key: str = "") -> Article:
    aid = content_id("bench", key, title or "", text)
    when = When(day, "day") if day else When.unknown("no date in the benchmark data")
    return text_article(aid, text, when, origin=key or aid, title=title)


def _cleaner() -> Callable[[str], Article | None] | None:
    """The project's cleaner (``newsfuse.clean.clean_document``) when it is importable and works."""
    try:
        from newsfuse.clean import clean_document
        from newsfuse.errors import InputError
    except ImportError:
        return None
    settings = CleanSettings()

    def clean(text: str) -> Article | None:
        try:
            return clean_document(text_document(text), settings)
        except InputError:  # skipped (no body, not English): it never becomes an Article
            return None

    probe = "The council met on Tuesday and agreed the budget after a long debate in the town hall. " * 8
    try:
        if clean(probe) is None:
            return None
    except Exception as exc:  # a cleaner still being written: fall back to raw text, say so
        print(f"cleaner unusable ({type(exc).__name__}: {exc}); using raw text", file=sys.stderr)
        return None
    return clean


def load_ecbplus() -> Labelled:
    """982 docs, gold = subtopic (event). Sentence zero of 'ecbplus' docs is the source URL: dropped."""
    arts, gold = [], []
    for line in (SHARED / "ecbplus" / "ecbplus_docs.jsonl").open():
        d = json.loads(line)
        sents = [s for s in d["sentences"] if not s.startswith("http")]
        arts.append(_article("\n".join(sents), key=d["doc_id"]))
        gold.append(d["subtopic"])
    return arts, gold


def load_ecbplus_leads(max_words: int = 60) -> Labelled:
    """ECB+ as short items: each document's lead (its first sentences up to ``max_words`` words, at
    least one sentence, cut to ``max_words``); for 'ecbplus' documents after the URL, so the title line
    and the date line come first, as on the page. Gold = subtopic (event)."""
    arts, gold = [], []
    for line in (SHARED / "ecbplus" / "ecbplus_docs.jsonl").open():
        d = json.loads(line)
        lead: list[str] = []
        n = 0
        for sent in (s for s in d["sentences"] if not s.startswith("http")):
            words = sent.split()
            if lead and n + len(words) > max_words:
                break
            lead.append(" ".join(words[: max_words - n]))
            n += len(words)
        arts.append(_article("\n".join(lead), key="lead:" + d["doc_id"]))
        gold.append(d["subtopic"])
    return arts, gold


def load_house_style() -> Labelled:
    """Synthetic one-paragraph incident reports (bench/_house_style.py); gold = (template, town, day)."""
    from _house_style import house_style_reports

    arts, gold = [], []
    for i, r in enumerate(house_style_reports()):
        arts.append(_article(r.text, day=r.published, key=f"house:{i}"))
        gold.append(r.event)
    return arts, gold


def load_multinews(min_words: int, use_cleaner: bool) -> tuple[Labelled, int, bool]:
    """Both CSVs pooled, each row one story. Documents the clean stage would not turn into an
    Article (skipped by the cleaner, or fewer than ``min_words`` words) are left out; their count is
    returned, with whether the real cleaner was used."""
    csv.field_size_limit(1 << 30)
    clean = _cleaner() if use_cleaner else None
    arts, gold, dropped = [], [], 0
    for name in ("sample_test.csv", "sample_validation.csv"):
        for r, row in enumerate(csv.DictReader((SHARED / "multi-news-sample" / name).open())):
            for j, doc in enumerate(ast.literal_eval(row["documents"])):
                key = f"{name}:{r}:{j}"
                if clean is not None:
                    cleaned = clean(doc)
                    art = _article(cleaned.text, title=cleaned.title, key=key) if cleaned else None
                else:
                    art = _article(doc, key=key)
                if art is None or len(art.text.split()) < min_words:
                    dropped += 1
                    continue
                arts.append(art)
                gold.append(f"{name}:{r}")
    return (arts, gold), dropped, clean is not None


def load_uci() -> Labelled:
    arts, gold = [], []
    with (SHARED / "uci-news-aggregator-sample" / "uci-news-aggregator_first499.csv").open() as f:
        for row in csv.DictReader(f):
            day = dt.datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, dt.UTC).date().isoformat()
            arts.append(_article("", title=row["TITLE"], day=day, key=row["ID"]))
            gold.append(row["STORY"])
    return arts, gold


# ------------------------------------------------------------------------------------- metrics


def scores(pred: Sequence[str], gold: Sequence[str]) -> dict[str, float]:
    """Pairwise and B-cubed precision/recall/F1 of a predicted labelling against gold."""

    def pairs(labels: Sequence[str]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels).values())

    both = pairs([f"{p}\x00{g}" for p, g in zip(pred, gold, strict=True)])
    pp, gp = pairs(pred), pairs(gold)
    out: dict[str, float] = {}
    out["pair_p"] = both / pp if pp else 1.0
    out["pair_r"] = both / gp if gp else 1.0
    joint = Counter(zip(pred, gold, strict=True))
    pc, gc = Counter(pred), Counter(gold)
    n = len(pred)
    out["b3_p"] = sum(c * c / pc[p] for (p, _), c in joint.items()) / n
    out["b3_r"] = sum(c * c / gc[g] for (_, g), c in joint.items()) / n
    for k in ("pair", "b3"):
        p, r = out[f"{k}_p"], out[f"{k}_r"]
        out[f"{k}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    out["clusters"] = len(pc)
    return out


def ours(
    arts: Sequence[Article], settings: StorySettings, places: PlaceResolver | None = None
) -> tuple[list[str], float]:
    t0 = time.perf_counter()
    stories = cluster_stories(arts, [], settings, places)
    secs = time.perf_counter() - t0
    label = {a: s.id for s in stories for a in s.article_ids}
    return [label[a.id] for a in arts], secs


def mode(settings: StorySettings, places: PlaceResolver | None = None) -> str:
    """Which signals StoryIndex uses here (embeddings need the optional extra), probed on a headline."""
    index = StoryIndex(settings)
    index.add([_article("", title="Probe headline for the embedding mode", key="probe")], [])
    gate = "on (gazetteer)" if places is not None else "off"
    return f"{index.embedding_mode}; geography-and-day gate {gate}"


def gazetteer() -> PlaceResolver:
    """The project's gazetteer, loaded before timing anything (what the pipeline passes StoryIndex)."""
    from newsfuse.extract.places import Gazetteer

    t0 = time.perf_counter()
    gz = Gazetteer()
    gz.lookup("Kathmandu")
    print(f"gazetteer loaded in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return gz


def baseline(arts: Sequence[Article], gold: Sequence[str]) -> tuple[dict[str, float], float, float]:
    """TF-IDF + average-link agglomerative clustering at its best distance threshold (by B-cubed F1)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    t0 = time.perf_counter()
    docs = [((a.title or "") + "\n" + a.text)[:4000] for a in arts]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(docs)
    dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)  # rows are L2-normalised: cosine distance
    best: tuple[dict[str, float], float] | None = None
    for thr in np.arange(0.30, 1.0, 0.025):
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=float(thr)
        )
        pred = [str(v) for v in model.fit_predict(dist)]
        sc = scores(pred, gold)
        if best is None or sc["b3_f1"] > best[0]["b3_f1"]:
            best = (sc, float(thr))
    assert best is not None
    return best[0], best[1], time.perf_counter() - t0


def quality(
    settings: StorySettings,
    seed: int,
    with_baseline: bool,
    use_cleaner: bool = True,
    places: PlaceResolver | None = None,
) -> dict[str, dict[str, float]]:
    min_words = CleanSettings().min_words
    mn, dropped, cleaned = load_multinews(min_words, use_cleaner)
    sets = {"ecbplus (event)": load_ecbplus(), "multi-news (pooled)": mn, "uci headlines": load_uci()}
    how = "newsfuse.clean.clean_document" if cleaned else "none, raw text"
    print(
        f"multi-news: {dropped} documents left out (cleaner skipped them or < {min_words} words); cleaner: {how}"
    )
    print(f"StoryIndex mode: {mode(settings, places)}")
    cols = ["pair_p", "pair_r", "pair_f1", "b3_p", "b3_r", "b3_f1", "clusters"]
    header = f"{'set':22} {'system':30} " + " ".join(f"{c:>8}" for c in cols) + f" {'secs':>6}"
    print(header)
    summary: dict[str, dict[str, float]] = {}
    for name, (arts, gold) in sets.items():
        order = list(range(len(arts)))
        random.Random(seed).shuffle(order)
        arts_s = [arts[i] for i in order]
        gold_s = [gold[i] for i in order]
        pred, secs = ours(arts_s, settings, places)
        sc = scores(pred, gold_s)
        summary[name] = sc
        print(
            f"{name:22} {'newsfuse StoryIndex':30} " + " ".join(_fmt(sc[c]) for c in cols) + f" {secs:6.2f}"
        )
        if with_baseline:
            bsc, thr, bsecs = baseline(arts_s, gold_s)
            label = f"tfidf+agglo (best d={thr:.3f})"
            print(f"{name:22} {label:30} " + " ".join(_fmt(bsc[c]) for c in cols) + f" {bsecs:6.2f}")
            print(
                f"{'':22} {'ratio ours/baseline':30} "
                + " ".join(f"{sc[c] / bsc[c]:8.3f}" if bsc[c] else f"{'-':>8}" for c in cols)
                + f" {secs / bsecs:6.2f}"
            )
        print(f"{'':22} gold clusters: {len(set(gold))}, articles: {len(arts)}")
    return summary


def orders(
    settings: StorySettings, n_orders: int, use_cleaner: bool = True, places: PlaceResolver | None = None
) -> None:
    """B-cubed F1 of ours over stream orders (shuffle seeds 0..n-1): single pass depends on order."""
    mn, _, _ = load_multinews(CleanSettings().min_words, use_cleaner)
    sets = {"ecbplus (event)": load_ecbplus(), "multi-news (pooled)": mn, "uci headlines": load_uci()}
    print(f"StoryIndex mode: {mode(settings, places)}")
    for name, (arts, gold) in sets.items():
        f1s = []
        for seed in range(n_orders):
            order = list(range(len(arts)))
            random.Random(seed).shuffle(order)
            pred, _ = ours([arts[i] for i in order], settings, places)
            f1s.append(scores(pred, [gold[i] for i in order])["b3_f1"])
        print(
            f"{name:22} B3 F1 per order: "
            + " ".join(f"{f:.3f}" for f in f1s)
            + f"  mean {sum(f1s) / len(f1s):.3f}"
        )


def short(settings: StorySettings, places: PlaceResolver, n_orders: int, use_cleaner: bool = True) -> None:
    """Short sets beside the full-text ones, each with the gate and without it (same run, same orders):
    pairwise and B-cubed P/R/F1 averaged over ``n_orders`` stream orders (seeds 0..n-1), B-cubed F1
    per order, the ratio gate/no gate, and what the gate kept apart (``StoryIndex.gate_counts``)."""
    mn, _, _ = load_multinews(CleanSettings().min_words, use_cleaner)
    sets = {
        "ecbplus (full text)": load_ecbplus(),
        "multi-news (pooled)": mn,
        "uci headlines": load_uci(),
        "ecbplus leads (<=60w)": load_ecbplus_leads(),
        "house-style reports": load_house_style(),
    }
    print(f"StoryIndex mode: {mode(settings, places)}; {n_orders} stream orders")
    cols = ["pair_p", "pair_r", "pair_f1", "b3_p", "b3_r", "b3_f1", "clusters"]
    print(f"{'set':22} {'gate':5} " + " ".join(f"{c:>8}" for c in cols) + "  B3 F1 per order")
    for name, (arts, gold) in sets.items():
        rows: dict[str, dict[str, float]] = {}
        for gate in ("off", "on"):
            runs, f1s, counts = [], [], Counter[str]()
            for seed in range(n_orders):
                order = list(range(len(arts)))
                random.Random(seed).shuffle(order)
                index = StoryIndex(settings, places=places if gate == "on" else None)
                index.add([arts[i] for i in order], [])
                label = {a: s.id for s in index.stories() for a in s.article_ids}
                sc = scores([label[arts[i].id] for i in order], [gold[i] for i in order])
                runs.append(sc)
                f1s.append(sc["b3_f1"])
                counts.update(index.gate_counts)
            rows[gate] = {c: sum(r[c] for r in runs) / len(runs) for c in cols}
            print(
                f"{name:22} {gate:5} "
                + " ".join(_fmt(rows[gate][c]) for c in cols)
                + "  "
                + " ".join(f"{f:.3f}" for f in f1s)
            )
            if gate == "on":
                kept = ", ".join(f"{k} {v / n_orders:.0f}" for k, v in sorted(counts.items()))
                print(f"{'':22} gate kept apart (per order): {kept or 'nothing'}")
        ratio = " ".join(
            f"{rows['on'][c] / rows['off'][c]:8.3f}" if rows["off"][c] else f"{'-':>8}" for c in cols
        )
        print(f"{'':22} {'ratio':5} {ratio}")
        print(f"{'':22} gold clusters: {len(set(gold))}, items: {len(arts)}")


def _fmt(v: float) -> str:
    return f"{int(v):8d}" if v >= 2 else f"{v:8.3f}"


# ------------------------------------------------------------------------------------- scale


def scale_stream(n: int, seed: int, headlines: bool = False) -> list[Article]:
    """n articles sampled from multi-news and bbc-fulltext texts, dated over ~2 years, each with a light
    perturbation (sentences dropped and shuffled) so samples are not identical; sorted by date.

    ``headlines``: headline-only items instead (the bbc title or a multi-news first sentence cut to 20
    words, each word dropped with probability 0.15), which is what headline mode embeds."""
    rng = random.Random(seed)
    texts: list[tuple[str | None, str]] = []
    csv.field_size_limit(1 << 30)
    for name in ("sample_test.csv", "sample_validation.csv"):
        for row in csv.DictReader((SHARED / "multi-news-sample" / name).open()):
            texts += [(None, d) for d in ast.literal_eval(row["documents"]) if len(d) > 400]
    for path in sorted((SHARED / "bbc-fulltext" / "bbc").glob("*/*.txt")):
        head, _, rest = read_text(path).partition("\n")
        texts.append((head.strip(), rest.strip()))
    start = dt.date(2024, 1, 1).toordinal()
    # Each source text is one "event" with its own day; its samples fall within four days of it,
    # so the stream holds stories that grow, close and never come back, as real coverage does.
    event_day = [start + rng.randrange(730) for _ in texts]
    out = []
    for i in range(n):
        pick = rng.randrange(len(texts))
        title, text = texts[pick]
        sents = text.split(". ")
        if headlines:
            words = (title or sents[0]).split()[:20]
            head = " ".join(w for w in words if rng.random() > 0.15) or words[0]
            day = dt.date.fromordinal(event_day[pick] + rng.randrange(4)).isoformat()
            out.append(_article("", title=head, day=day, key=f"scale:{i}"))
            continue
        if len(sents) > 3:
            keep = [s for s in sents if rng.random() > 0.2]
            rng.shuffle(keep)
            text = ". ".join(keep)
        day = dt.date.fromordinal(event_day[pick] + rng.randrange(4)).isoformat()
        out.append(_article(text, title=title, day=day, key=f"scale:{i}"))
    out.sort(key=lambda a: a.published.value or "")
    return out


def scale(
    sizes: list[int],
    settings: StorySettings,
    seed: int,
    headlines: bool = False,
    places: PlaceResolver | None = None,
) -> list[str]:
    """Stream each size in batches of 100; wall and CPU time (CPU time is what counts on a shared
    machine: wall time includes waiting for other processes). CPU time counts this process only; the
    embedding model's threads run in it too."""
    lines = []
    print(f"stream: {'headlines only' if headlines else 'articles'}; gate {'on' if places else 'off'}")
    for n in sizes:
        arts = scale_stream(n, seed, headlines)
        index = StoryIndex(settings, places=places)
        step = max(100, n // 10 // 100 * 100)
        marks: list[tuple[float, float]] = []
        t0, c0 = time.perf_counter(), time.process_time()
        for k in range(0, n, 100):
            if k % step == 0:
                marks.append((time.perf_counter(), time.process_time()))
            index.add(arts[k : k + 100], [])
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        marks.append((time.perf_counter(), time.process_time()))
        sizes_ = [min(step, n - i * step) for i in range(len(marks) - 1)]
        per_cpu = [(b[1] - a[1]) / m * 1000 for a, b, m in zip(marks, marks[1:], sizes_, strict=False)]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        blob = index.to_bytes()
        n_stories = len(index.stories())
        n_short = sum(len(a.text.split()) + len((a.title or "").split()) < settings.short_words for a in arts)
        line = (
            f"n={n:>7}  wall {wall:7.1f} s ({n / wall:6.1f} articles/s)  CPU {cpu:7.1f} s ({n / cpu:6.1f} "
            f"articles/s)  stories={n_stories}  peak RSS {rss:5.0f} MB  state {len(blob) / 1e6:.1f} MB\n"
            f"           CPU ms/article per decile: " + " ".join(f"{p:.2f}" for p in per_cpu) + "\n"
            f"           mode: {index.embedding_mode}; short items: {n_short}"
        )
        print(line, flush=True)
        lines.append(line)
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0, help="stream shuffle seed")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--no-quality", action="store_true")
    ap.add_argument("--raw", action="store_true", help="multi-news: do not run newsfuse.clean first")
    ap.add_argument("--orders", type=int, default=0, help="ours only: B3 F1 over this many stream orders")
    ap.add_argument("--sweep", default="", help="comma-separated thresholds to try (ours only)")
    ap.add_argument("--set", action="append", default=[], help="override a StorySettings field: name=value")
    ap.add_argument("--scale", default="", help="comma-separated stream sizes, e.g. 10000,30000,100000")
    ap.add_argument("--headlines", action="store_true", help="--scale: a headline-only stream")
    ap.add_argument(
        "--short",
        action="store_true",
        help="short sets (ECB+ leads, house-style reports) beside the full-text ones, gate on and off",
    )
    ap.add_argument(
        "--gate",
        choices=("on", "off"),
        default="on",
        help="on: StoryIndex gets the gazetteer as place resolver, as in the pipeline (default); off: none",
    )
    ap.add_argument(
        "--embed",
        choices=("auto", "off"),
        default="auto",
        help="auto: headline mode when the embed extra is installed (the default); off: lexical only",
    )
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 2
    settings = StorySettings()
    for kv in args.set:
        name, _, value = kv.partition("=")
        cur = getattr(settings, name)
        parsed = value.lower() in ("1", "true", "yes") if isinstance(cur, bool) else type(cur)(value)
        settings = dataclasses.replace(settings, **{name: parsed})
    if args.embed == "off":
        settings = dataclasses.replace(settings, embed_short=False)
    places = gazetteer() if args.gate == "on" or args.short else None
    if args.short:
        assert places is not None
        short(settings, places, max(1, args.orders), not args.raw)
    elif args.sweep:
        for thr in [float(t) for t in args.sweep.split(",")]:
            print(f"--- threshold {thr}")
            quality(dataclasses.replace(settings, threshold=thr), args.seed, False, not args.raw, places)
    elif args.orders:
        orders(settings, args.orders, not args.raw, places)
    elif not args.no_quality:
        quality(settings, args.seed, not args.no_baseline, not args.raw, places)
    if args.scale:
        scale([int(s) for s in args.scale.split(",")], settings, args.seed, args.headlines, places)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
