"""Reuse/lineage benchmark: newsfuse vs a plain datasketch MinHash-LSH baseline, side by side.

Quality (default): a generated syndicated corpus (bench/syndicate.py) with known lineages; pairwise
precision/recall/F1 per copy class (pairs with at least one member of the class) and lineage purity.
The baseline is datasketch MinHash (128 permutations, word 5-gram shingles, MinHash.bulk) + MinHashLSH,
every candidate pair linked; its threshold is swept and the best (overall pairwise F1) reported.

Scale (--scale 10000,30000,100000): each system in its own process (clean peak RSS), timing only
the detection, not the corpus generation.

    nice .venv/bin/python bench/reuse.py                       # quality, 3,000 articles
    nice .venv/bin/python bench/reuse.py --scale 10000,30000,100000 --no-quality
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _common import UnionFind, text_article  # noqa: E402
from newsfuse.models import Article, When  # noqa: E402
from newsfuse.reuse import ReuseIndex  # noqa: E402
from newsfuse.settings import ReuseSettings  # noqa: E402
from syndicate import CLASSES, Item, generate, truth_arrays  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc-fulltext" / "bbc"
_WORD = re.compile(r"\w+")
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


# -- systems ---------------------------------------------------------------------------------------


def to_articles(items: list[Item]) -> list[Article]:
    return [text_article(it.id, it.text, When(it.published, "day"), origin=f"bench:{it.id}") for it in items]


# ``--gate on`` (the default, as the pipeline runs): the geography-and-day gate's lead reader, so a
# text that repeats another's words but places its event elsewhere or on another day is no copy.
GATE: dict[str, Any] = {"reader": None}


def run_newsfuse(items: list[Item], settings: ReuseSettings) -> tuple[np.ndarray, list, dict[str, int]]:
    index = ReuseIndex(settings, gate=GATE["reader"])
    index.add(to_articles(items))
    pos = {it.id: i for i, it in enumerate(items)}
    labels = np.empty(len(items), dtype=np.int64)
    for k, lin in enumerate(index.lineages()):
        for aid in lin.article_ids:
            labels[pos[aid]] = k
    return labels, index.reuses(), index.stats


def baseline_sketches(items: list[Item]) -> list[MinHash]:
    def grams(text: str) -> list[bytes]:
        w = _WORD.findall(text.lower())
        return list({" ".join(w[i : i + 5]).encode() for i in range(max(1, len(w) - 4))})

    return MinHash.bulk((grams(it.text) for it in items), num_perm=128, seed=1)


def baseline_labels(sketches: list[MinHash], threshold: float) -> np.ndarray:
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    groups = UnionFind(len(sketches))
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            groups.union(i, j)
        lsh.insert(i, m)
    return np.array([groups.find(i) for i in range(len(sketches))], dtype=np.int64)


# -- metrics ---------------------------------------------------------------------------------------


def _c2(x: np.ndarray) -> np.ndarray:
    return x * (x - 1) / 2


def _pairs(labels: np.ndarray, mask: np.ndarray) -> float:
    """Pairs inside clusters with at least one member in ``mask``."""
    _, inv = np.unique(labels, return_inverse=True)
    tot = np.bincount(inv).astype(float)
    out = np.bincount(inv, weights=(~mask).astype(float))
    return float((_c2(tot) - _c2(out)).sum())


def prf(pred: np.ndarray, truth: np.ndarray, mask: np.ndarray) -> tuple[float, float, float, int]:
    joint = pred * (int(truth.max()) + 1) + truth
    tp, pp, tpos = _pairs(joint, mask), _pairs(pred, mask), _pairs(truth, mask)
    p = tp / pp if pp else 1.0
    r = tp / tpos if tpos else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, int(pp - tp)


def purity(pred: np.ndarray, truth: np.ndarray) -> float:
    joint = Counter(zip(pred.tolist(), truth.tolist(), strict=True))
    best: dict[int, int] = {}
    for (k, _), c in joint.items():
        best[k] = max(best.get(k, 0), c)
    return sum(best.values()) / len(pred)


def report(items: list[Item], systems: dict[str, np.ndarray]) -> list[str]:
    truth, classes = truth_arrays(items)
    cls = np.array(classes)
    rows = ["all", *CLASSES, "quoter", "singleton"]
    names = list(systems)
    lines = [
        f"{'class':<11}{'n':>6}  "
        + "  ".join(f"{n + ' P':>13}{'R':>6}{'F1':>6}{'FP':>6}" for n in names)
        + f"  {'F1 ratio':>9}"
    ]
    for row in rows:
        mask = np.ones(len(items), dtype=bool) if row == "all" else cls == row
        if not mask.any():
            continue
        cells, f1s = [], []
        has_truth = _pairs(truth, mask) > 0
        for n in names:
            p, r, f, fp = prf(systems[n], truth, mask)
            if has_truth:
                cells.append(f"{p:>13.3f}{r:>6.3f}{f:>6.3f}{fp:>6d}")
            else:  # singletons and quoters: no true pairs, only false links can happen
                cells.append(f"{'-':>13}{'-':>6}{'-':>6}{fp:>6d}")
            f1s.append(f if has_truth else float("nan"))
        ratio = f1s[0] / f1s[1] if len(f1s) > 1 and f1s[1] else float("nan")
        lines.append(f"{row:<11}{int(mask.sum()):>6}  " + "  ".join(cells) + f"  {ratio:>9.3f}")
    lines.append(
        f"{'purity':<17}  "
        + "  ".join(f"{purity(systems[n], truth):>13.3f}{'':>18}" for n in names)
        + "   (inverse purity: "
        + ", ".join(f"{n} {purity(truth, systems[n]):.3f}" for n in names)
        + ")"
    )
    return lines


def kinds(items: list[Item], reuses: list) -> list[str]:
    """Reuse.kind found for edges that touch a copy, by the copy's class."""
    by_id = {it.id: it for it in items}
    table: dict[str, Counter[str]] = {c: Counter() for c in CLASSES}
    for r in reuses:
        for end in (by_id[r.a], by_id[r.b]):
            if end.cls in table:
                table[end.cls][r.kind] += 1
    return [f"  {c:<11}" + ", ".join(f"{k} {v}" for k, v in sorted(table[c].items())) for c in CLASSES]


# -- runs ------------------------------------------------------------------------------------------


def quality(n: int, seed: int, data: Path, processes: int) -> float:
    t0 = time.perf_counter()
    corpus = generate(data, n, seed)
    items = corpus.items
    print(
        f"corpus: {len(items)} articles from {corpus.bases_kept} deduplicated BBC bases "
        f"(of {corpus.bases_read}); classes {dict(Counter(it.cls for it in items))} "
        f"[{time.perf_counter() - t0:.1f}s]"
    )
    t0 = time.perf_counter()
    ours, reuses, stats = run_newsfuse(items, ReuseSettings(seed=seed, processes=processes))
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    sketches = baseline_sketches(items)
    t_sketch = time.perf_counter() - t0
    truth, _ = truth_arrays(items)
    everything = np.ones(len(items), dtype=bool)
    sweep = []
    for th in THRESHOLDS:
        t1 = time.perf_counter()
        labels = baseline_labels(sketches, th)
        sweep.append((prf(labels, truth, everything)[2], th, labels, time.perf_counter() - t1))
    print("baseline sweep (threshold: pairwise F1): " + ", ".join(f"{th}: {f:.3f}" for f, th, _, _ in sweep))
    best_f, best_th, best_labels, t_lsh = max(sweep, key=lambda s: (s[0], -s[1]))
    print(f"\nnewsfuse: {t_ours:.1f}s ({len(items) / t_ours:.0f} articles/s), stats {stats}")
    print(f"baseline (datasketch LSH, threshold {best_th}): {t_sketch + t_lsh:.1f}s\n")
    for line in report(items, {"newsfuse": ours, f"baseline@{best_th}": best_labels}):
        print(line)
    print("\nnewsfuse Reuse.kind by copy class (edge ends):")
    for line in kinds(items, reuses):
        print(line)
    return best_th


def _scale_child(
    system: str, n: int, seed: int, data: Path, threshold: float, processes: int, out: mp.Queue
) -> None:
    items = generate(data, n, seed).items
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    if system == "newsfuse":
        labels, _, stats = run_newsfuse(items, ReuseSettings(seed=seed, processes=processes))
    else:
        labels = baseline_labels(baseline_sketches(items), threshold)
        stats = {}
    elapsed = time.perf_counter() - t0
    # worker processes (ReuseSettings.processes) are children: add the largest one's peak
    peak = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    truth, _ = truth_arrays(items)
    p, r, f, _ = prf(labels, truth, np.ones(len(items), dtype=bool))
    out.put((elapsed, peak / 1024, rss_before / 1024, p, r, f, stats))


def scale(sizes: list[int], seed: int, data: Path, threshold: float, processes: int) -> None:
    ctx = mp.get_context("fork")
    print(
        f"\nscale (baseline threshold {threshold}, newsfuse processes={processes}); time excludes corpus "
        "generation; peak RSS: the process plus its largest worker (corpus MB: RSS before detection)"
    )
    print(
        f"{'articles':>9}  {'system':<10}{'time s':>9}{'art/s':>8}{'peak MB':>9}{'corpus MB':>10}{'P':>7}{'R':>7}{'F1':>7}"
    )
    rows: dict[int, dict[str, float]] = {}
    for n in sizes:
        for system in ("newsfuse", "baseline"):
            q: mp.Queue = ctx.Queue()
            proc = ctx.Process(target=_scale_child, args=(system, n, seed, data, threshold, processes, q))
            proc.start()
            elapsed, peak, before, p, r, f, stats = q.get()
            proc.join()
            rows.setdefault(n, {})[system] = elapsed
            print(
                f"{n:>9}  {system:<10}{elapsed:>9.1f}{n / elapsed:>8.0f}{peak:>9.0f}{before:>10.0f}"
                f"{p:>7.3f}{r:>7.3f}{f:>7.3f}  {stats if stats else ''}",
                flush=True,
            )
        print(
            f"{'':>9}  time ratio newsfuse/baseline: {rows[n]['newsfuse'] / rows[n]['baseline']:.2f}",
            flush=True,
        )
    if len(sizes) > 1:
        a, b = sizes[0], sizes[-1]
        for system in ("newsfuse", "baseline"):
            growth = (rows[b][system] / rows[a][system]) / (b / a)
            print(
                f"growth {system}: time x{rows[b][system] / rows[a][system]:.2f} for articles x{b / a:.1f} "
                f"(1.0 = linear: {growth:.2f})"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000, help="articles in the quality corpus (default 3000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=DATA, help="bbc-fulltext/bbc folder")
    ap.add_argument("--scale", default="", help="comma-separated corpus sizes, e.g. 10000,30000,100000")
    ap.add_argument("--no-quality", action="store_true", help="skip the quality run")
    ap.add_argument("--baseline-threshold", type=float, default=None, help="for --scale with --no-quality")
    ap.add_argument(
        "--processes", type=int, default=1, help="ReuseSettings.processes for newsfuse (default 1)"
    )
    ap.add_argument(
        "--gate", choices=("on", "off"), default="on", help="the pipeline's lead gate (default on)"
    )
    args = ap.parse_args()
    if args.gate == "on":
        from newsfuse.extract.places import Gazetteer
        from newsfuse.settings import StorySettings
        from newsfuse.story_gate import LeadReader

        GATE["reader"] = LeadReader(Gazetteer(), StorySettings())
    print(f"lead gate: {args.gate}")
    if not args.data.is_dir():
        sys.exit(f"BBC corpus not found at {args.data}; pass --data PATH/bbc-fulltext/bbc")
    threshold = args.baseline_threshold or 0.5
    if not args.no_quality:
        best = quality(args.n, args.seed, args.data, args.processes)
        threshold = args.baseline_threshold or best
    if args.scale:
        scale([int(x) for x in args.scale.split(",")], args.seed, args.data, threshold, args.processes)


if __name__ == "__main__":
    main()
