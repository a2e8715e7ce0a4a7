"""Conflict benchmark: the disagreements planted in examples/ found or missed, false conflicts, and
conflicts on real multi-source clusters (Multi-News) for reading, side by side with a baseline.

    .venv/bin/python bench/conflicts.py                       # examples/ + 100 Multi-News clusters
    .venv/bin/python bench/conflicts.py --store /tmp/fusedemo  # reuse a `newsfuse run examples` output
    nice .venv/bin/python bench/conflicts.py --limit 250 --show 30
    nice .venv/bin/python bench/conflicts.py --scale 400 --limit 0   # time one 400-article story

Systems (same input, same run):

- newsfuse: ``FuseSettings()``: figures are compared when their unit, role and time agree and their
  sentences are alike or share the words around the number (fuse.Figure).
- baseline: ``FuseSettings(toll_conflict_threshold=0.5, figure_similarity=0.5)``: rival figures only
  in near-paraphrase sentences (similarity >= 0.5), which is what sentence-pair matching can see.

examples/ truth is the table "Disagreements planted on purpose" in examples/README.md (10 rows; the
S2 row "injured / houses damaged" counts once and needs both). A found conflict matches a row when
its values include both planted figures; every other conflict is counted as false, then printed.
Multi-News has no conflict truth: the script counts conflicts and prints ``--show`` of them to read.
"""

from __future__ import annotations

import argparse
import ast
import csv
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _common import paragraphs, text_article
from newsfuse.fuse import build_brief
from newsfuse.models import Article, Brief, Conflict, Story, When, content_id
from newsfuse.settings import FuseSettings

ROOT = Path(__file__).resolve().parents[1]
MULTI_NEWS = ROOT.parent / "shared" / "data" / "multi-news-sample"
BBC = ROOT.parent / "shared" / "data" / "bbc-fulltext"

# (story: an examples/ file number in it, slot words, planted values): examples/README.md.
PLANTED: list[tuple[str, str, tuple[tuple[str, ...], ...]]] = [
    ("01", "killed", (("12", "14"),)),
    ("01", "injured", (("37", "41"),)),
    ("01", "magnitude", (("5.9", "5.7"),)),
    ("07", "killed", (("3", "4"),)),
    ("07", "injured / houses", (("19", "23"), ("86", "112"))),
    ("09", "non-tariff barriers", (("14", "16"),)),
    ("09", "bilateral trade", (("1.3", "1.1"),)),
    ("13", "February inflation", (("23.4", "23.1"),)),
    ("13", "MPC vote", (("majority", "unanimous"),)),
    ("11", "project cost", (("180", "200"),)),
]
_WORDS = {"three": "3", "four": "4", "twelve": "12", "fourteen": "14"}

SYSTEMS = {
    "newsfuse": FuseSettings(),
    "baseline": FuseSettings(toll_conflict_threshold=0.5, figure_similarity=0.5),
}


def _tokens(conflict: Conflict) -> set[str]:
    """Numbers and vote words of a conflict's values ("$1.3 billion" -> "1.3")."""
    out: set[str] = set()
    for v in conflict.values:
        text = v.value.lower()
        out |= set(re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")))
        out |= {_WORDS[w] for w in re.findall(r"[a-z]+", text) if w in _WORDS}
        out |= {w for w in ("majority", "unanimous") if w in text}
    return out


def _matches(conflict: Conflict, values: tuple[tuple[str, ...], ...]) -> bool:
    return any(set(pair) <= _tokens(conflict) for pair in values)


def load_examples(store_dir: Path | None) -> list[tuple[Story, list[Article], list, list, list]]:
    """Stories of examples/ from a run's store (made here in a temporary folder when not given)."""
    from newsfuse.pipeline import run
    from newsfuse.store import Store

    if store_dir is None:
        store_dir = Path(tempfile.mkdtemp(prefix="conflicts-bench-")) / "out"
        run([str(ROOT / "examples")], store_dir)
    out = []
    with Store(store_dir / "newsfuse.duckdb") as store:
        lineages = store.lineages()
        reuses = store.reuses()
        for story in store.stories():
            ids = set(story.article_ids)
            out.append(
                (
                    story,
                    store.articles(story.article_ids),
                    lineages,
                    [r for r in reuses if r.a in ids and r.b in ids],
                    store.events(story_id=story.id),
                )
            )
    return out


def score_examples(stories: list, settings: FuseSettings) -> tuple[int, list[str], list[str], float]:
    """(planted rows found, rows missed, false conflicts as text, seconds in build_brief)."""
    found_rows: set[int] = set()
    false: list[str] = []
    seconds = 0.0
    for story, articles, lineages, reuses, events in stories:
        files = {Path(a.origin.split("#")[0]).name[:2] for a in articles}
        t0 = time.perf_counter()
        brief = build_brief(story, articles, lineages, reuses, events, settings=settings)
        seconds += time.perf_counter() - t0
        rows = [k for k, (f, _, _) in enumerate(PLANTED) if f in files]
        hits: dict[int, set[int]] = {}
        for c in brief.conflicts:
            matched = [k for k in rows if _matches(c, PLANTED[k][2])]
            for k in matched:
                hits.setdefault(k, set()).update(
                    n for n, pair in enumerate(PLANTED[k][2]) if set(pair) <= _tokens(c)
                )
            if not matched:
                false.append(f"{story.title}: {c.slot} = " + " vs ".join(v.value for v in c.values))
        found_rows |= {k for k, got in hits.items() if len(got) == len(PLANTED[k][2])}
    missed = [f"{PLANTED[k][1]} ({PLANTED[k][0]})" for k in range(len(PLANTED)) if k not in found_rows]
    return len(found_rows), missed, false, seconds


def load_multi_news(limit: int) -> list[list[str]]:
    csv.field_size_limit(1 << 30)
    out: list[list[str]] = []
    with (MULTI_NEWS / "sample_test.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            docs = [paragraphs(str(d)) for d in ast.literal_eval(row["documents"])]
            docs = [d for d in docs if d]
            if len(docs) >= 2:
                out.append(docs)
            if len(out) >= limit:
                break
    return out


def multi_news_briefs(clusters: list[list[str]], settings: FuseSettings) -> tuple[list[Brief], float]:
    briefs = []
    t0 = time.perf_counter()
    for n, docs in enumerate(clusters):
        articles = [
            text_article(
                content_id(str(n), d),
                d,
                When.unknown("Multi-News gives no dates"),
                origin=f"multi-news/{n}/{k}",
                outlet=f"source {k + 1}",
            )
            for k, d in enumerate(docs)
        ]
        story = Story(f"mn{n}", tuple(a.id for a in articles), f"cluster {n}", None, None)
        briefs.append(build_brief(story, articles, [], settings=settings))
    return briefs, time.perf_counter() - t0


def time_scale(n: int) -> None:
    """build_brief over ``n`` BBC business articles as one story: the cost of figure pairing."""
    files = sorted(p for p in BBC.rglob("*.txt") if "business" in str(p))[:n]
    articles = [
        text_article(
            content_id(str(p)),
            p.read_text(errors="replace"),
            When("2005-01-01", "day", (), "header"),
            document_id="d",
            origin=str(p),
        )
        for p in files
    ]
    story = Story("bbc", tuple(a.id for a in articles), "bbc business", None, None)
    print(f"\nbuild_brief over {len(articles)} BBC business articles as one story")
    secs = {}
    for name, fs in SYSTEMS.items():
        t0 = time.perf_counter()
        brief = build_brief(story, articles, [], settings=fs)
        secs[name] = time.perf_counter() - t0
        print(f"{name:10} {secs[name]:>8.2f} s {len(brief.conflicts):>5} conflicts")
    print(f"ratio seconds newsfuse/baseline: {secs['newsfuse'] / max(1e-9, secs['baseline']):.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="a `newsfuse run examples --out DIR` folder to reuse")
    ap.add_argument("--limit", type=int, default=100, help="Multi-News test clusters (default 100)")
    ap.add_argument("--show", type=int, default=15, help="Multi-News conflicts to print for reading")
    ap.add_argument("--scale", type=int, default=0, help="also time one story of N BBC articles")
    args = ap.parse_args(argv)
    if args.scale and BBC.is_dir():
        time_scale(args.scale)

    stories = load_examples(args.store)
    print("examples/: planted disagreements found (of 10), false conflicts, build_brief seconds")
    print(f"{'system':10} {'found':>6} {'false':>6} {'seconds':>8}")
    results = {name: score_examples(stories, fs) for name, fs in SYSTEMS.items()}
    for name, (found, _, false, secs) in results.items():
        print(f"{name:10} {found:>6} {len(false):>6} {secs:>8.2f}")
    base_found = results["baseline"][0]
    print(f"ratio found newsfuse/baseline: {results['newsfuse'][0] / max(1, base_found):.2f}")
    for name, (_, missed, false, _) in results.items():
        if missed:
            print(f"  {name} missed: " + "; ".join(missed))
        for f in false:
            print(f"  {name} FALSE: {f}")

    if args.limit <= 0:
        return 0
    if not MULTI_NEWS.is_dir():
        print(f"no Multi-News sample at {MULTI_NEWS}; skipped", file=sys.stderr)
        return 0
    clusters = load_multi_news(args.limit)
    print(f"\nMulti-News test, {len(clusters)} clusters (no truth: conflicts to read)")
    print(f"{'system':10} {'conflicts':>9} {'clusters with one':>18} {'seconds':>8}")
    shown: list[Brief] = []
    counts = {}
    for name, fs in SYSTEMS.items():
        briefs, secs = multi_news_briefs(clusters, fs)
        n = sum(len(b.conflicts) for b in briefs)
        counts[name] = n
        print(f"{name:10} {n:>9} {sum(1 for b in briefs if b.conflicts):>18} {secs:>8.2f}")
        if name == "newsfuse":
            shown = briefs
    print(f"ratio conflicts newsfuse/baseline: {counts['newsfuse'] / max(1, counts['baseline']):.2f}")
    left = args.show
    for b in shown:
        for c in b.conflicts:
            if left <= 0:
                return 0
            left -= 1
            print(f"\n[{b.story.id}] {c.slot}")
            for v in c.values:
                print(f"  {v.value}: {' | '.join(e.text[:160] for e in v.evidence[:2])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
