"""What crash safety costs: a run with batched commits and readers' snapshots against one that
commits each stage once and publishes only at its start and end (the least a resumable run can do).

Both configurations run in this process on the same pages, alternating, each into a fresh folder,
with one spaCy model and gazetteer loaded up front and shared (so the figure is the pipeline's own
cost, not model loading). Prints seconds per configuration, the ratio, the number of snapshots
published and their size, and the time one publish takes on the final store.

    nice .venv/bin/python bench/reliability.py              # 300 BBC articles, 2 rounds
    nice .venv/bin/python bench/reliability.py --n 100 --rounds 1
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from newsfuse.access import STORE_NAME, snapshot_path
from newsfuse.extract.pipeline import StoryExtractor
from newsfuse.pipeline import run
from newsfuse.settings import Settings
from newsfuse.store import Store

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "data" / "bbc-fulltext" / "bbc"


class Counter:
    """Counts the snapshots a run publishes (the pipeline's fault hook sees each one)."""

    def __init__(self) -> None:
        self.published = 0

    def __call__(self, name: str) -> None:
        if name == "publish.copied":
            self.published += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="BBC articles (spread over the five sections)")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    files = sorted(BBC.rglob("*.txt"))
    if len(files) < args.n:
        print(f"needs {args.n} BBC articles in {BBC}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="nf-reliability-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for f in files[:: len(files) // args.n][: args.n]:
        shutil.copy(f, corpus / f"{f.parent.name}-{f.name}")
    extractor = StoryExtractor(Settings().extract)
    extractor.nlp  # noqa: B018  (loads the model)
    extractor.gazetteer.lookup("London")

    base = Settings()
    configs = {
        # one cleaning commit per run and snapshots only at the start, after each stage and at the end
        "baseline: one commit per stage": replace(
            base, store=replace(base.store, clean_batch=10**9, publish_seconds=float("inf"))
        ),
        "newsfuse: batched commits + snapshots": base,
    }
    seconds: dict[str, list[float]] = {name: [] for name in configs}
    published: dict[str, int] = {}
    stages: dict[str, dict[str, float]] = {}
    for r in range(args.rounds):
        for k, (name, settings) in enumerate(configs.items()):
            out = work / f"out-{r}-{k}"
            counter = Counter()
            t0 = time.perf_counter()
            report = run([str(corpus)], out, settings=settings, extractor=extractor, hook=counter)
            seconds[name].append(time.perf_counter() - t0)
            stages[name] = report.seconds
            published[name] = counter.published
            size = (out / STORE_NAME).stat().st_size
            shutil.rmtree(out) if r < args.rounds - 1 else None
    last = work / f"out-{args.rounds - 1}-1"
    with Store(last / STORE_NAME) as store:
        t0 = time.perf_counter()
        for _ in range(5):
            store.publish(snapshot_path(last / STORE_NAME))
        one_publish = (time.perf_counter() - t0) / 5
    print(f"{args.n} BBC articles, {args.rounds} rounds (median seconds)")
    print(f"{'configuration':<40} {'seconds':>8} {'snapshots':>10}")
    med = {name: statistics.median(v) for name, v in seconds.items()}
    for name in configs:
        split = ", ".join(f"{k} {v:.1f}" for k, v in stages[name].items())
        print(f"{name:<40} {med[name]:>8.1f} {published[name]:>10}   (last round: {split})")
    names = list(configs)
    print(f"ratio newsfuse / baseline: {med[names[1]] / med[names[0]]:.3f}")
    print(f"store {size / 2**20:.1f} MiB; one publish {one_publish * 1000:.0f} ms")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
