"""What the whole pipeline costs against one spaCy parse of the same texts (issue #14).

1. N distinct BBC articles (bbc-fulltext, deduplicated with ``syndicate.dedupe``, spread evenly over
   the five sections; each written as a ``.txt`` file, headline line then body): the wall seconds of
   one full ``newsfuse.pipeline.run([corpus], out)`` into a fresh store, beside the wall seconds of
   ONE ``nlp.pipe(texts, n_process=2, batch_size=B)`` over the same texts with the project's model
   and its full pipeline (``ExtractSettings().spacy_model``, every component on, as the event coder
   runs it); ratio spaCy / pipeline, goal >= 1.0 (the whole pipeline costs no more than one parse).
   A one-process spaCy pass is printed too, for runs with ``--workers 1``.
2. The same on a syndicated mix from ``syndicate.generate`` cut to about half originals (sources,
   singletons, quoters) and half copies or rewrites of them; goal >= 2.0 (copies share parses).
3. Per-stage seconds of each pipeline run: ``RunReport.seconds``, the stage spans a recording
   ``Reporter`` saw (start to finish), items and items/s; then the calls inside the stages, timed
   by wrapping library functions in the measuring process (spaCy parse, places, events, brief,
   rendering, DuckDB reads and writes), without changing ``src/``.
4. ``--scale 1000,5000,20000``: seconds per article and peak RSS of the pipeline on syndicated mixes
   of those sizes, each size in its own process (so each peak is its own; the peak includes the
   loaded model and gazetteer, whose RSS is printed beside it).
5. ``--profile``: the spaCy seconds per component (one process), and a second, cProfiled pipeline
   run on each corpus (after the timed ones, so their figures are not inflated): the top 25
   functions by cumulative time, and the top 20 by own time.

Each corpus is measured in a fresh process (no caches carried from one corpus to the other) that
loads the spaCy model and the gazetteer first and warms them with one tiny run on two files of
examples/: model and gazetteer loading are excluded from both sides (their seconds are printed).
The pipeline runs as ``newsfuse run`` does by default: a pool of worker processes, one per core
(``--workers 1``: everything in one process), whose workers load their model and gazetteer before
timing too; CPU seconds count the run's process and its workers. Wall times follow the shared
machine's load, so the load average is printed with each measurement; ``--rounds R`` alternates R
pipeline runs with R spaCy passes and keeps the best of each side.

    nice .venv/bin/python bench/throughput.py                    # 300 BBC + 300 mixed, ~3 min
    nice .venv/bin/python bench/throughput.py --rounds 3         # best of 3 on each side, ~8 min
    nice .venv/bin/python bench/throughput.py --profile          # and where the time goes
    nice .venv/bin/python bench/throughput.py --scale 1000,5000,20000 --skip-compare   # slow
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import io
import multiprocessing as mp
import os
import pstats
import queue
import resource
import shutil
import sys
import sysconfig
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _common import read_text  # noqa: E402
from newsfuse.pipeline import LocalExecutor  # noqa: E402
from newsfuse.workers import ProcessExecutor, default_processes  # noqa: E402
from syndicate import Item, dedupe, generate, read_bbc  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "data" / "bbc-fulltext" / "bbc"
WARM = sorted((ROOT / "examples").glob("*.txt"))[:2]
ORIGINALS = ("source", "singleton", "quoter")
STAGES = ("ingest", "clean", "reuse", "stories", "extract", "write")
# RunReport.seconds names the extract stage "extract+fuse" and times it from the reads before it.
REPORT_NAMES = {"extract": "extract+fuse"}

# Library functions timed inside the stages: (module, attribute, label). Nested rows ("  ...") are
# part of the row above them.
WATCHED = (
    ("newsfuse.pipeline", "clean_one", "clean (clean_one)"),
    ("newsfuse.store", "Store.add_cleaned", "DuckDB: add_cleaned"),
    ("newsfuse.reuse", "ReuseIndex.add", "ReuseIndex.add"),
    ("newsfuse.stories", "StoryIndex.add", "StoryIndex.add"),
    ("newsfuse.store", "Store.articles", "DuckDB: read articles"),
    ("newsfuse.store", "Store.reuses", "DuckDB: read reuses"),
    ("newsfuse.store", "Store.lineages", "DuckDB: read lineages"),
    ("newsfuse.extract.entities", "Nlp.annotate", "Nlp.annotate (parse + offsets)"),
    ("newsfuse.extract.entities", "Nlp.parse_texts", "  of which spaCy (Nlp.parse_texts)"),
    ("newsfuse.extract.pipeline", "story_places", "places (story_places)"),
    ("newsfuse.extract.pipeline", "extract_events", "events (extract_events)"),
    ("newsfuse.fuse", "build_brief", "brief (build_brief)"),
    ("newsfuse.store", "Store.replace_story_outputs", "DuckDB: replace_story_outputs"),
    ("newsfuse.outputs", "render_article_markdown", "render article Markdown"),
    ("newsfuse.outputs", "render_markdown", "render brief Markdown"),
    ("newsfuse.render.html", "render_html", "render brief HTML"),
    ("newsfuse.store", "Store.brief", "DuckDB: read brief"),
    ("newsfuse.outputs", "_write_file", "write output files"),
    ("newsfuse.store", "Store.publish", "DuckDB: publish snapshot"),
)


# -- corpora (built in the parent, written as .txt files) -----------------------------------------


def bbc_sample(bases_n: int, n: int) -> list[int]:
    """``n`` indices spread evenly over ``bases_n`` (the bases are sorted by section, then file)."""
    return [i * bases_n // n for i in range(n)]


def syndicated_mix(n: int, seed: int, copy_share: float = 0.5) -> list[Item]:
    """``n`` items of ``syndicate.generate``, about ``copy_share`` of them copies or rewrites.

    ``generate`` makes ~64% copies at small sizes; it is asked for more items and cut: the first
    originals in its (shuffled) order, then copies of the kept sources first. The BBC set has only
    ~1,700 distinct bases, so from ~3,400 articles on the copies' share grows past ``copy_share``.
    """
    n_orig = n - round(n * copy_share)
    items = generate(BBC, max(n, min(2 * n, round(n_orig / 0.35))), seed).items
    originals = [it for it in items if it.cls in ORIGINALS][:n_orig]
    kept = {it.lineage for it in originals}
    copies = [it for it in items if it.cls not in ORIGINALS]
    copies = sorted(copies, key=lambda it: it.lineage not in kept)[: n - len(originals)]
    chosen = {it.id for it in originals} | {it.id for it in copies}
    return [it for it in items if it.id in chosen]


def write_corpus(folder: Path, texts: Sequence[tuple[str, str]]) -> None:
    folder.mkdir(parents=True)
    for name, text in texts:
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")


def describe_mix(items: Sequence[Item]) -> str:
    classes = Counter(it.cls for it in items)
    n_copies = sum(v for k, v in classes.items() if k not in ORIGINALS)
    parts = ", ".join(f"{k} {v}" for k, v in sorted(classes.items(), key=lambda kv: -kv[1]))
    lineages = len({it.lineage for it in items})
    return f"{n_copies} copies/rewrites ({n_copies / len(items):.0%}); {parts}; {lineages} true lineages"


# -- measuring (in a child process per corpus) ----------------------------------------------------


class StageClock:
    """A pipeline Reporter that records each stage's span (start to finish) and its items."""

    def __init__(self) -> None:
        self.begun: dict[str, float] = {}
        self.seconds: dict[str, float] = {}
        self.total: dict[str, int | None] = {}
        self.done: Counter[str] = Counter()
        self.current: str | None = None
        self.last = "start"

    def start(self, stage: str, total: int | None) -> None:
        self.begun[stage] = time.perf_counter()
        self.total[stage] = total
        self.current = stage

    def advance(self, stage: str, n: int = 1) -> None:
        self.done[stage] += n

    def finish(self, stage: str) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - self.begun[stage]
        self.current, self.last = None, stage


class Stopwatch:
    """Wraps the WATCHED functions so that each call's seconds go to (open stage, label)."""

    def __init__(self, clock: StageClock) -> None:
        self.clock = clock
        self.seconds: dict[tuple[str, str], float] = defaultdict(float)
        self.calls: Counter[tuple[str, str]] = Counter()
        self._saved: list[tuple[Any, str, Any]] = []

    def install(self) -> None:
        for module, attr, label in WATCHED:
            owner: Any = importlib.import_module(module)
            *path, name = attr.split(".")
            for part in path:
                owner = getattr(owner, part)
            original = owner.__dict__.get(name) or getattr(owner, name)
            self._saved.append((owner, name, original))
            setattr(owner, name, self._timed(label, original))

    def remove(self) -> None:
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)
        self._saved.clear()

    def _timed(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                key = (self.clock.current or f"after {self.clock.last}", label)
                self.seconds[key] += time.perf_counter() - t0
                self.calls[key] += 1

        return timed


@dataclass(frozen=True, slots=True)
class Job:
    label: str
    corpus: Path
    work: Path
    batch_size: int = 16
    spacy: bool = True  # the spaCy baseline passes (off for --scale)
    profile: bool = False
    rounds: int = 1
    workers: int = 0  # worker processes of the timed runs (0: the default, one per core; 1: in process)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def measure(job: Job) -> dict[str, Any]:
    """Load, warm, then time pipeline runs (and the spaCy passes) on ``job.corpus``."""
    from newsfuse.extract.entities import paragraphs
    from newsfuse.extract.pipeline import StoryExtractor
    from newsfuse.pipeline import run
    from newsfuse.settings import Settings

    settings = Settings()
    res: dict[str, Any] = {"label": job.label}
    t0 = time.perf_counter()
    extractor = StoryExtractor(settings.extract)
    model = extractor.nlp.model
    t1 = time.perf_counter()
    extractor.gazetteer.lookup("London")
    extractor.geoparser  # noqa: B018
    t2 = time.perf_counter()
    run([str(p) for p in WARM], job.work / "warm", settings=settings, extractor=extractor)
    res["load"] = {"spaCy model": t1 - t0, "gazetteer": t2 - t1, "warm-up run": time.perf_counter() - t2}
    # the timed runs' executor: a pool of workers that have loaded their model and gazetteer (as
    # the run's own process has), or this process
    processes = job.workers or settings.workers.processes or default_processes()
    t3 = time.perf_counter()
    executor = warmed_pool(processes, settings) if processes > 1 else LocalExecutor()
    if processes > 1:
        res["load"][f"{processes} workers (in parallel)"] = time.perf_counter() - t3
    res["executor"] = f"{processes} worker processes" if processes > 1 else "1 process"
    res["rss_loaded"] = _maxrss_mib()
    res["pipes"] = list(model.pipe_names)

    texts = [read_text(p) for p in sorted(job.corpus.glob("*.txt"))] if job.spacy else []
    res["words"] = sum(len(t.split()) for t in texts)
    # the most whole-paragraph sharing can save: words of the input's distinct paragraphs
    res["distinct_words"] = sum(len(p.split()) for p in {p for t in texts for _, p in paragraphs(t)})
    rounds = []
    for r in range(job.rounds):  # pipeline, then the spaCy passes, alternating round by round
        one = pipeline_round(job.corpus, job.work / f"out-{r}", settings, extractor, run, executor)
        for n_process in (2, 1) if job.spacy else ():
            one[f"loadavg_spacy{n_process}"] = os.getloadavg()[0]
            kids, c0, w0 = _children_cpu(), time.process_time(), time.perf_counter()
            docs = model.pipe(texts, n_process=n_process, batch_size=job.batch_size)
            res["tokens"] = sum(len(doc) for doc in docs)
            one[f"spacy{n_process}"] = time.perf_counter() - w0
            # CPU of this process and of spaCy's workers (reaped when the pass ends)
            one[f"cpu_spacy{n_process}"] = time.process_time() - c0 + _children_cpu() - kids
        rounds.append(one)
    res["rss_peak"] = _maxrss_mib()
    res["rss_workers"] = [_peak_rss_mib(pid) for pid in getattr(executor, "pids", list)()]
    if isinstance(executor, ProcessExecutor):
        executor.close()
    # best of the rounds on each side (the usual way to read timings on a shared machine)
    res["rounds"] = rounds
    res.update(min(rounds, key=lambda one: one["pipeline"]))
    for n_process in (2, 1) if job.spacy else ():
        res.update(min(({k: v for k, v in one.items() if k.endswith(f"spacy{n_process}")} for one in rounds),
                       key=lambda d: d[f"spacy{n_process}"]))  # fmt: skip

    if job.profile and job.spacy:
        res["components"] = component_seconds(model, texts, job.batch_size)
    if job.profile:
        prof = cProfile.Profile()
        prof.enable()
        # in this process, so the profile sees every stage's calls
        run([str(job.corpus)], job.work / "out-profiled", settings=settings, extractor=extractor,
            executor=LocalExecutor())  # fmt: skip
        prof.disable()
        res["profile"] = _profile_text(prof)
    return res


def warmed_pool(processes: int, settings: Any) -> Any:
    """A worker pool whose every worker has loaded the story extractor (as the run's own process
    has before timing starts): the loads stay outside the timed runs, on both sides."""
    from newsfuse.pipeline import _WarmExtractor

    pool = ProcessExecutor(processes)
    pool.prepare(_WarmExtractor(settings.extract))
    return pool


def _cpu_of(pids: Sequence[int]) -> float:
    """CPU seconds (user + system) live processes have used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime (fields 14 and 15)
    return total


def _peak_rss_mib(pid: int) -> float:
    """A live process's peak resident memory (VmHWM), MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pipeline_round(
    corpus: Path, out: Path, settings: Any, extractor: Any, run: Callable[..., Any], executor: Any = None
) -> dict[str, Any]:
    """One timed pipeline run into a fresh store, with its stage spans and wrapped calls."""
    stats = extractor.nlp.stats
    before = (stats.articles, stats.paragraphs, stats.parsed)
    clock = StageClock()
    watch = Stopwatch(clock)
    watch.install()
    one: dict[str, Any] = {"loadavg": os.getloadavg()[0]}
    pids = getattr(executor, "pids", list)()
    c0, w0 = time.process_time() + _cpu_of(pids), time.perf_counter()
    try:
        report = run(
            [str(corpus)], out, settings=settings, extractor=extractor, reporter=clock, executor=executor
        )
    finally:
        watch.remove()
    one["pipeline"] = time.perf_counter() - w0
    one["pipeline_cpu"] = time.process_time() + _cpu_of(pids) - c0  # this process and its workers
    after = (stats.articles, stats.paragraphs, stats.parsed)
    one["nlp"] = tuple(x - y for x, y in zip(after, before, strict=True))
    one["report_seconds"] = dict(report.seconds)
    one["totals"] = dict(report.totals)
    one["status"] = report.status_counts
    one["clock"] = {s: (clock.seconds.get(s), clock.total.get(s), clock.done[s]) for s in clock.begun}
    one["watched"] = [
        (stage, label, secs, watch.calls[(stage, label)]) for (stage, label), secs in watch.seconds.items()
    ]
    return one


def component_seconds(model: Any, texts: Sequence[str], batch_size: int) -> dict[str, float]:
    """One process: the tokenizer, then each component over all the docs, as ``nlp.pipe`` chains them."""
    t0 = time.perf_counter()
    docs = [model.make_doc(t) for t in texts]
    out = {"tokenizer": time.perf_counter() - t0}
    for name, proc in model.pipeline:
        t0 = time.perf_counter()
        docs = (
            list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        )
        out[name] = time.perf_counter() - t0
    return out


def _profile_text(prof: cProfile.Profile) -> str:
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    out.write("-- top 25 by cumulative time --\n")
    stats.sort_stats("cumulative").print_stats(25)
    out.write("-- top 20 by own time --\n")
    stats.sort_stats("tottime").print_stats(20)
    text = out.getvalue()
    for prefix in (sysconfig.get_paths()["purelib"], str(ROOT / "src"), str(Path(sys.prefix))):
        text = text.replace(prefix + "/", "")
    skip = ("Ordered by", "List reduced", "function calls")
    lines = [line for line in text.splitlines() if not any(s in line for s in skip)]
    return "\n".join(line for i, line in enumerate(lines) if line.strip() or (i and lines[i - 1].strip()))


def _child(job: Job, out: mp.Queue) -> None:
    # A spawned process makes spawn its default, and spaCy's n_process workers would then unpickle
    # the model each pass (~2.5 s); forking them, the platform's default, shares the loaded model.
    if "fork" in mp.get_all_start_methods():
        mp.set_start_method("fork", force=True)
    try:
        out.put(("ok", measure(job)))
    except BaseException:
        out.put(("error", traceback.format_exc()))


def in_child(job: Job) -> dict[str, Any]:
    """Run ``measure(job)`` in a fresh (spawned) interpreter and return its results."""
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(job, out))
    proc.start()
    while True:
        try:
            status, value = out.get(timeout=5)
            break
        except queue.Empty:
            if not proc.is_alive():
                raise RuntimeError(
                    f"{job.label}: the measuring process died (exit {proc.exitcode})"
                ) from None
    proc.join()
    if status != "ok":
        raise RuntimeError(f"{job.label}: the measuring process failed:\n{value}")
    return value


# -- printing ----------------------------------------------------------------------------------


def print_compare(res: dict[str, Any], goal: float, batch_size: int) -> None:
    n = res["status"].get("ok", 0) + res["status"].get("skipped", 0) + res["status"].get("failed", 0)
    load = ", ".join(f"{k} {v:.1f} s" for k, v in res["load"].items())
    pipe, sp2, sp1 = res["pipeline"], res["spacy2"], res["spacy1"]
    totals = res["totals"]
    print(f"  excluded from both sides (loaded before timing): {load}")
    print(
        f"  {n} documents, {res['words']:,} words, {res['tokens']:,} spaCy tokens -> "
        f"{totals.get('articles', 0)} articles, {totals.get('lineages', 0)} lineages, "
        f"{totals.get('stories', 0)} stories, {totals.get('events', 0)} events"
    )
    arts, paras, parsed = res["nlp"]
    if paras:  # counted in this process only (workers keep their own counts)
        print(f"  the pipeline parsed {parsed:,} of {paras:,} paragraphs ({arts} article annotations)")
    workers = res.get("rss_workers") or []
    if workers:
        print(
            f"  peak RSS: the run's process {res['rss_peak']:,.0f} MiB, workers "
            + ", ".join(f"{w:,.0f}" for w in workers)
            + " MiB"
        )
    share = res["distinct_words"] / res["words"]
    print(
        f"  the input's distinct paragraphs hold {res['distinct_words']:,} of its {res['words']:,} words "
        f"({share:.0%}): sharing whole paragraphs can save at most {1 - share:.0%} of a parse"
    )
    rounds = res["rounds"]

    def every(key: str) -> str:
        return "" if len(rounds) < 2 else "   rounds: " + ", ".join(f"{one[key]:.1f}" for one in rounds)

    best = f"best of {len(rounds)}" if len(rounds) > 1 else "seconds"
    print(f"  {'':<40} {best:>9} {'ratio spaCy/pipeline':>21} {'CPU s':>7}  load avg")
    print(
        f"  {'newsfuse run, ' + res['executor']:<40} {pipe:>9.1f} {'':>21} {res['pipeline_cpu']:>7.1f}"
        f"  {res['loadavg']:>8.2f}{every('pipeline')}"
    )
    verdict = "met" if sp2 / pipe >= goal else "NOT met"
    print(
        f"  {f'spaCy nlp.pipe, n_process=2, batch {batch_size}':<40} {sp2:>9.1f} {sp2 / pipe:>21.3f}"
        f" {res['cpu_spacy2']:>7.1f}  {res['loadavg_spacy2']:>8.2f}   goal >= {goal:.1f}: {verdict}"
        f"{every('spacy2')}"
    )
    print(
        f"  {f'spaCy nlp.pipe, n_process=1, batch {batch_size}':<40} {sp1:>9.1f} {sp1 / pipe:>21.3f}"
        f" {res['cpu_spacy1']:>7.1f}  {res['loadavg_spacy1']:>8.2f}{every('spacy1')}"
    )
    print(
        f"  CPU seconds, spaCy / pipeline: {res['cpu_spacy2'] / res['pipeline_cpu']:.3f} (n_process=2), "
        f"{res['cpu_spacy1'] / res['pipeline_cpu']:.3f} (n_process=1): the load-independent view"
    )
    print(f"  the pipeline costs {pipe / sp2:.2f} two-process parses, {pipe / sp1:.2f} one-process parses")


def print_stages(res: dict[str, Any]) -> None:
    pipe = res["pipeline"]
    rep: dict[str, float] = res["report_seconds"]
    clock: dict[str, tuple[float | None, int | None, int]] = res["clock"]
    print(
        f"  {'stage':<14} {'RunReport s':>11} {'reporter s':>10} {'items':>7} {'items/s':>9} {'% of run':>9}"
    )
    accounted = 0.0
    for stage in STAGES:
        name = REPORT_NAMES.get(stage, stage)
        if name not in rep and stage not in clock:
            continue
        r = rep.get(name)
        c, total, done = clock.get(stage, (None, None, 0))
        items = total if total is not None else done
        accounted += r or 0.0
        per = f"{items / r:9.1f}" if r and items else f"{'':>9}"
        r_txt = f"{r:11.2f}" if r is not None else f"{'-':>11}"
        c_txt = f"{c:10.2f}" if c is not None else f"{'-':>10}"
        unit = {"extract": " stories", "write": " files", "ingest": " files", "clean": " docs"}.get(stage, "")
        print(f"  {name:<14} {r_txt} {c_txt} {items:>7} {per} {100 * (r or 0) / pipe:>8.1f}%{unit}")
    print(
        f"  {'rest of run':<14} {pipe - accounted:>11.2f} {'':>10} {'':>7} {'':>9} {100 * (pipe - accounted) / pipe:>8.1f}%"
    )
    print(f"  {'total':<14} {pipe:>11.2f}")
    print("  inside the stages (wrapped calls; '  of which' rows are part of the row above):")
    print(f"  {'stage':<15} {'call':<38} {'calls':>6} {'seconds':>8} {'% of run':>9}")
    order = {label: i for i, (_, _, label) in enumerate(WATCHED)}
    stage_order = {s: i for i, s in enumerate(STAGES)}
    rows = sorted(res["watched"], key=lambda r: (stage_order.get(r[0], 99), order[r[1]]))
    for stage, label, secs, calls in rows:
        if secs < 0.005 * pipe and not label.startswith("  "):
            continue
        print(f"  {stage:<15} {label:<38} {calls:>6} {secs:>8.2f} {100 * secs / pipe:>8.1f}%")


def print_scale(rows: list[tuple[int, str, dict[str, Any]]]) -> None:
    names = ["ingest", "clean", "reuse", "stories", "extract+fuse", "write"]
    head = " ".join(f"{n:>12}" for n in names)
    print(
        f"  {'articles':>8} {'copies':>6} {'seconds':>8} {'ms/article':>10} {'articles/s':>10} "
        f"{'peak RSS MiB':>12} {'loaded MiB':>10} {'workers MiB':>11} {'stories':>7} {'events':>7} {'load avg':>8}  {head}"
    )
    for n, share, res in rows:
        s = res["pipeline"]
        stages = " ".join(f"{res['report_seconds'].get(k, 0.0):>12.1f}" for k in names)
        print(
            f"  {n:>8} {share:>6} {s:>8.1f} {1000 * s / n:>10.1f} {n / s:>10.1f} {res['rss_peak']:>12.0f} "
            f"{res['rss_loaded']:>10.0f} {' + '.join(f'{w:.0f}' for w in res.get('rss_workers') or []) or '-':>11} "
            f"{res['totals'].get('stories', 0):>7} "
            f"{res['totals'].get('events', 0):>7} {res['loadavg']:>8.2f}  {stages}"
        )


# -- main --------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="articles per corpus (default 300)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the syndicated mix")
    ap.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size in articles (default 16)")
    ap.add_argument("--rounds", type=int, default=1, help="timed rounds per corpus, best of each side kept")
    ap.add_argument("--profile", action="store_true", help="cProfile a second pipeline run on each corpus")
    ap.add_argument("--scale", default="", help="comma-separated sizes of syndicated mixes, e.g. 1000,5000")
    ap.add_argument("--skip-compare", action="store_true", help="only the --scale table")
    ap.add_argument(
        "--workers",
        type=int,
        default=0,
        help="worker processes of the timed runs (default: one per core; 1: in process)",
    )
    args = ap.parse_args()
    if not BBC.is_dir():
        print(f"skipped: the BBC full-text corpus is not at {BBC} (../shared/data/bbc-fulltext/bbc)")
        return 0
    if len(WARM) < 2:
        print(f"skipped: needs two .txt files in {ROOT / 'examples'} for the warm-up run")
        return 0
    work = Path(tempfile.mkdtemp(prefix="nf-throughput-"))
    try:
        if not args.skip_compare:
            compare(args, work)
        if args.scale:
            scale([int(x) for x in args.scale.split(",")], args.seed, work, args.workers)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def compare(args: argparse.Namespace, work: Path) -> None:
    bases = dedupe(read_bbc(BBC))
    if len(bases) < args.n:
        print(f"skipped: only {len(bases)} distinct BBC articles, --n {args.n} asked for")
        return
    sample = [bases[i] for i in bbc_sample(len(bases), args.n)]
    write_corpus(work / "bbc", [(b.id, f"{b.title}\n\n{b.body}") for b in sample])
    mix = syndicated_mix(args.n, args.seed)
    write_corpus(work / "mix", [(f"{i:05d}", it.text) for i, it in enumerate(mix)])
    sections = Counter(b.id.split("-")[0] for b in sample)
    corpora = (
        (
            f"1. {args.n} distinct BBC articles ({', '.join(f'{k} {v}' for k, v in sections.items())})",
            "bbc",
            1.0,
        ),
        (f"2. {len(mix)}-article syndicated mix, seed {args.seed}: {describe_mix(mix)}", "mix", 2.0),
    )
    results = []
    for title, name, goal in corpora:
        job = Job(
            name, work / name, work / f"run-{name}", args.batch_size, profile=args.profile, rounds=args.rounds,
            workers=args.workers,
        )  # fmt: skip
        res = in_child(job)
        results.append((title, goal, res))
        print(f"\n{title}")
        print(f"  spaCy model {res['pipes']}")
        print_compare(res, goal, args.batch_size)
        which = f" (the best of {args.rounds})" if args.rounds > 1 else ""
        print(f"\n  3. per-stage seconds of this pipeline run{which}")
        print_stages(res)
        sys.stdout.flush()
    print("\nsummary (ratio = seconds of one spaCy pass, n_process=2 / seconds of the pipeline run)")
    for title, goal, res in results:
        ratio = res["spacy2"] / res["pipeline"]
        print(f"  {title.split(':')[0].split(' (')[0]:<44} ratio {ratio:.3f}  goal >= {goal:.1f}")
    if args.profile:
        for title, _, res in results:
            name = title.split(":")[0].split(" (")[0]
            comps = res["components"]
            split = ", ".join(f"{k} {v:.1f}" for k, v in comps.items())
            print(
                f"\nspaCy seconds per component, one process ({name}): {split}; sum {sum(comps.values()):.1f}"
            )
            print(f"\n5. cProfile of a second pipeline run: {name}")
            print(res["profile"])


def scale(sizes: list[int], seed: int, work: Path, workers: int = 0) -> None:
    print(
        "\n4. scaling: one pipeline run per syndicated mix, each in its own process "
        "(peak RSS includes the loaded model and gazetteer: 'loaded MiB')"
    )
    rows = []
    for n in sizes:
        mix = syndicated_mix(n, seed)
        folder = work / f"scale-{n}"
        write_corpus(folder, [(f"{i:06d}", it.text) for i, it in enumerate(mix)])
        copies = sum(it.cls not in ORIGINALS for it in mix)
        res = in_child(Job(f"scale {n}", folder, work / f"run-scale-{n}", spacy=False, workers=workers))
        rows.append((n, f"{copies / n:.0%}", res))
        print(f"  done: {n} articles in {res['pipeline']:.0f} s ({describe_mix(mix)})")
        sys.stdout.flush()
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(work / f"run-scale-{n}", ignore_errors=True)
    print_scale(rows)


if __name__ == "__main__":
    sys.exit(main())
