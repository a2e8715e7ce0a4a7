"""Cleaning quality on the Zyte/Scrapinghub article-extraction benchmark, with its own metric.

Four systems side by side on the same pages:

* ``newsfuse-html``: clean_document on the HTML page (trafilatura + our metadata/credit handling);
* ``trafilatura``: ``trafilatura.extract`` with its default options (the baseline for goal a);
* ``whole-page-text``: the benchmark's stored ``html_text`` output (all the chrome, no markup);
* ``newsfuse-text``: clean_document on that whole-page text (the seeds' situation, goal b).

Metric (evaluate.py of the benchmark, re-implemented): tokens are ``\\w+`` matches (case kept),
4-gram shingles with counts, per-page TP/FP/FN normalised by their sum, precision and recall
averaged over pages (pages with tp+fp == 0 skipped for precision, tp+fn == 0 for recall),
F1 = 2PR/(P+R).

Run: ``nice .venv/bin/python bench/extraction.py`` (all 181 pages, ~1 min on 2 cores);
``--limit 40`` for a quick look, ``--skip-html`` for the text systems only, ``--worst 10`` to
list the pages where newsfuse-text loses most.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from _common import text_document
from newsfuse.clean import clean_document
from newsfuse.errors import InputError
from newsfuse.settings import CleanSettings

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)

TpFpFn = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(0, max(1, len(tokens) - n + 1)):
        gram = tuple(tokens[i : i + n])
        if gram:
            out[gram] += 1
    return out


def match(true: str, pred: str) -> TpFpFn:
    t, p = shingles(true), shingles(pred)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (tp, fp, fn)


def _share(tp: float, wrong: float, other: float) -> float:
    """tp / (tp + wrong) for precision (wrong = fp) and recall (wrong = fn) alike: no error either
    way scores 1; nothing right and no error of this kind scores 0."""
    if wrong == other == 0:
        return 1.0
    if tp == wrong == 0:
        return 0.0
    return tp / (tp + wrong)


def _precision(tp: float, fp: float, fn: float) -> float:
    return _share(tp, fp, fn)


def _recall(tp: float, fp: float, fn: float) -> float:
    return _share(tp, fn, fp)


def metrics(rows: list[TpFpFn]) -> dict[str, float]:
    p = statistics.mean([_precision(*r) for r in rows if r[0] + r[1] > 0])
    r = statistics.mean([_recall(*x) for x in rows if x[0] + x[2] > 0])
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _load_output(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    data = data.get("output", data)
    return {k: v.get("articleBody", "") for k, v in data.items()}


def _newsfuse(settings: CleanSettings, media_type: str, use_url: bool) -> Callable[[str, str, str], str]:
    def run(key: str, text: str, url: str) -> str:
        try:
            hints = (("url", url),) if use_url and url else ()
            return clean_document(text_document(text, key, media_type, hints), settings).text
        except InputError:
            return ""

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="first N pages (sorted ids); 0 = all 181")
    ap.add_argument("--skip-html", action="store_true", help="only the plain-text systems (fast)")
    ap.add_argument(
        "--worst", type=int, default=0, help="list the N pages where newsfuse-text has the lowest F1"
    )
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override a CleanSettings field for this run (tuning), e.g. --set heading_penalty=8",
    )
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"benchmark data not found at {args.data}", file=sys.stderr)
        return 2

    truth = {
        k: v["articleBody"] for k, v in json.loads((args.data / "ground-truth.json").read_text()).items()
    }
    urls = {k: v.get("url", "") for k, v in json.loads((args.data / "ground-truth.json").read_text()).items()}
    keys = sorted(truth)[: args.limit or None]
    page_text = _load_output(args.data / "output" / "html-text.json")
    # Extraction quality, not the corpus gate: keep every language and every body length.
    settings = dataclasses.replace(CleanSettings(), languages=(), min_words=1)
    for item in args.set:
        name, _, value = item.partition("=")
        current = getattr(settings, name)
        parsed = value.lower() in ("1", "true", "yes") if isinstance(current, bool) else type(current)(value)
        settings = dataclasses.replace(settings, **{name: parsed})

    systems: dict[str, tuple[Callable[[str, str, str], str], str]] = {
        "whole-page-text": (lambda k, t, u: t, "text"),
        "newsfuse-text": (_newsfuse(settings, "text/plain", use_url=False), "text"),
    }
    if not args.skip_html:
        systems["trafilatura"] = (lambda k, t, u: trafilatura.extract(t, url=u) or "", "html")
        systems["newsfuse-html"] = (_newsfuse(settings, "text/html", use_url=True), "html")

    html_cache: dict[str, str] = {}

    def html(key: str) -> str:
        if key not in html_cache:
            html_cache[key] = gzip.decompress((args.data / "html" / f"{key}.html.gz").read_bytes()).decode(
                "utf-8", errors="replace"
            )
        return html_cache[key]

    results: dict[str, dict[str, float]] = {}
    per_page: dict[str, list[TpFpFn]] = {}
    for name, (fn, source) in systems.items():
        t0 = time.perf_counter()
        rows = []
        for k in keys:
            text = page_text.get(k, "") if source == "text" else html(k)
            rows.append(match(truth[k], fn(k, text, urls[k])))
        seconds = time.perf_counter() - t0
        results[name] = {**metrics(rows), "pages_per_s": len(keys) / seconds if seconds else 0.0}
        per_page[name] = rows

    print(f"article-extraction-benchmark: {len(keys)} pages, word 4-gram shingles, macro P/R")
    print(f"{'system':<18} {'F1':>6} {'P':>6} {'R':>6} {'F1/base':>8} {'pages/s':>8}")
    for name, m in results.items():
        base = results["trafilatura" if "html" in name or name == "trafilatura" else "whole-page-text"]["f1"]
        print(f"{name:<18} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1'] / base:8.3f} "
              f"{m['pages_per_s']:8.1f}")  # fmt: skip
    print("F1/base: newsfuse-html against trafilatura, newsfuse-text against whole-page-text")
    if args.worst:
        scored = []
        for k, row in zip(keys, per_page["newsfuse-text"], strict=True):
            p, r = _precision(*row), _recall(*row)
            scored.append((2 * p * r / (p + r) if p + r else 0.0, p, r, k))
        print(f"\nworst {args.worst} pages for newsfuse-text (F1, P, R, id):")
        for f1, p, r, k in sorted(scored)[: args.worst]:
            print(f"  {f1:.3f} {p:.3f} {r:.3f} {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
