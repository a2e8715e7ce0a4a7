"""Scale-out (issue #14): the same pipeline run on 1 and on 2 worker processes, in one run.

Two kinds of workers, each measured 1 against 2:

- the local pool (``newsfuse.workers.ProcessExecutor``, what ``newsfuse run`` uses by default);
- a Dask cluster (``LocalCluster(n_workers=N, threads_per_worker=1)``, what ``--dask`` and
  ``--scheduler`` use; on a real cluster the workers are ``dask worker`` processes on other machines).

Corpus: N distinct BBC articles (as ``bench/throughput.py`` picks them). Every executor's workers
load the spaCy model and gazetteer before timing (``newsfuse.pipeline.warm_workers``), and the
run's own process has loaded its gazetteer with a warm-up run, so loading is outside every timing.
Rounds alternate the configurations (1, 2, 1, 2, ...) and the best of each is kept. The speed-up is
seconds(1 worker) / seconds(2 workers), for the whole run and for the stages the workers do
(clean, extract+fuse); the run's own process does the rest (reading inputs, the reuse and story
indexes, every store write, the output files) whatever the number of workers.

    nice .venv/bin/python bench/scaleout.py                 # 300 articles, 2 rounds, ~6 min
    nice .venv/bin/python bench/scaleout.py --kinds pool --rounds 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsfuse.pipeline import DaskExecutor, Executor, run, warm_workers  # noqa: E402
from newsfuse.settings import Settings  # noqa: E402
from newsfuse.workers import ProcessExecutor  # noqa: E402
from syndicate import dedupe, read_bbc  # noqa: E402
from throughput import BBC, WARM, bbc_sample, write_corpus  # noqa: E402

PARALLEL = ("clean", "extract+fuse")


def make(kind: str, workers: int) -> Executor:
    if kind == "pool":
        return ProcessExecutor(workers)
    return DaskExecutor(workers=workers)


def close(executor: Executor) -> None:
    closer: Callable[[], None] | None = getattr(executor, "close", None)
    if closer is not None:
        closer()


def timed_run(corpus: Path, out: Path, executor: Executor, settings: Settings) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    report = run([str(corpus)], out, settings=settings, executor=executor)
    total = time.perf_counter() - t0
    return {
        "total": total,
        "parallel": sum(report.seconds.get(s, 0.0) for s in PARALLEL),
        "seconds": dict(report.seconds),
        "events": report.totals.get("events", 0),
        "load": load,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="distinct BBC articles (default 300)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds per configuration, best kept")
    ap.add_argument("--kinds", default="pool,dask", help="comma-separated: pool, dask")
    args = ap.parse_args()
    if not BBC.is_dir():
        print(f"skipped: {BBC} is not here (../shared/data/bbc-fulltext)")
        return 0
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="nf-scaleout-") as tmp:
        work = Path(tmp)
        bases = dedupe(read_bbc(BBC))
        sample = [bases[i] for i in bbc_sample(len(bases), args.n)]
        corpus = work / "bbc"
        write_corpus(corpus, [(b.id, f"{b.title}\n\n{b.body}") for b in sample])
        # the run's own process loads its gazetteer (story gate) once, outside the timings
        run([str(p) for p in WARM], work / "warm", settings=settings, executor=ProcessExecutor(1))
        print(f"{args.n} distinct BBC articles; {os.cpu_count()} cores; best of {args.rounds} rounds")
        print(
            f"  {'workers':<28} {'whole run s':>11} {'clean+extract s':>15} {'events':>6}  rounds (whole run)"
        )
        for kind in args.kinds.split(","):
            executors = {n: make(kind, n) for n in (1, 2)}
            try:
                for ex in executors.values():
                    t0 = time.perf_counter()
                    warm_workers(ex, settings)
                    print(
                        f"  ({kind}: {getattr(ex, 'processes', '?')} loaded in {time.perf_counter() - t0:.1f} s)"
                    )
                results: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
                for r in range(args.rounds):
                    for n, ex in executors.items():
                        results[n].append(timed_run(corpus, work / f"out-{kind}-{n}-{r}", ex, settings))
                best = {n: min(rs, key=lambda x: x["total"]) for n, rs in results.items()}
                for n in (1, 2):
                    b = best[n]
                    rounds = ", ".join(f"{x['total']:.1f}" for x in results[n])
                    print(
                        f"  {f'{kind}, {n} worker process' + ('es' if n > 1 else ''):<28} {b['total']:>11.1f} "
                        f"{b['parallel']:>15.1f} {b['events']:>6}  {rounds}"
                    )
                whole = best[1]["total"] / best[2]["total"]
                part = best[1]["parallel"] / best[2]["parallel"]
                print(
                    f"  {kind}: speed-up of 2 workers over 1: whole run {whole:.2f}x, the workers' stages "
                    f"(clean + extract) {part:.2f}x  (goal >= 1.8x)"
                )
                stages = ", ".join(f"{k} {v:.1f}" for k, v in best[2]["seconds"].items())
                print(f"  {kind}, 2 workers, stage seconds: {stages}")
                sys.stdout.flush()
            finally:
                for ex in executors.values():
                    close(ex)
    return 0


if __name__ == "__main__":
    sys.exit(main())
