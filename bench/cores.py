"""What the machine's cores give to independent parsing work: the ceiling for any speed-up from
workers (issue #14).

One spaCy process parses N BBC articles alone; then K such processes parse the same N each, at once.
If the cores were fully independent, each of the K would take as long as the one alone; the
machine's parallel ceiling is K x (seconds alone) / (slowest of the K). Rounds alternate alone and
together. The model is loaded and warmed before each timing.

    nice .venv/bin/python bench/cores.py              # 150 articles, 2 processes, 2 rounds (~2 min)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsfuse.settings import ExtractSettings  # noqa: E402
from syndicate import dedupe, read_bbc  # noqa: E402
from throughput import BBC, bbc_sample  # noqa: E402


def _parse(texts: list[str], start: mp.synchronize.Barrier, out: mp.Queue) -> None:
    import spacy

    nlp = spacy.load(ExtractSettings().spacy_model)
    list(nlp.pipe(texts[:5]))
    start.wait()  # every process starts its timed parse at the same moment
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    out.put(time.perf_counter() - t0)


def at_once(texts: list[str], k: int) -> list[float]:
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()
    start = ctx.Barrier(k)
    procs = [ctx.Process(target=_parse, args=(texts, start, out)) for _ in range(k)]
    for p in procs:
        p.start()
    seconds = [out.get() for _ in procs]
    for p in procs:
        p.join()
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=150, help="articles each process parses (default 150)")
    ap.add_argument("--processes", type=int, default=2, help="processes at once (default 2)")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if not BBC.is_dir():
        print(f"skipped: {BBC} is not here (../shared/data/bbc-fulltext)")
        return 0
    bases = dedupe(read_bbc(BBC))
    texts = [f"{b.title}\n\n{b.body}" for b in (bases[i] for i in bbc_sample(len(bases), args.n))]
    alone: list[float] = []
    together: list[float] = []
    for r in range(args.rounds):
        alone.append(at_once(texts, 1)[0])
        each = at_once(texts, args.processes)
        together.append(max(each))
        print(
            f"round {r + 1}: alone {alone[-1]:.2f} s; {args.processes} at once: "
            + ", ".join(f"{s:.2f}" for s in each)
        )
    ceiling = args.processes * min(alone) / min(together)
    print(
        f"{args.n} articles each: best alone {min(alone):.2f} s, best slowest of {args.processes} at once "
        f"{min(together):.2f} s -> the cores give {ceiling:.2f}x for {args.processes} processes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
