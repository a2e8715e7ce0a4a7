"""Geoparsing benchmark on every set in ../shared/data/geo (LGL, TR-News, GeoWebNews, GeoVirus).

For each set, in one run, newsfuse's geoparser beside the baseline "most populous gazetteer match"
(the same gazetteer, so the difference is the reading, not the data):

* **resolution** on the gold toponyms (their spans are given; the geoparser still reads the text
  around them for admin context and the other places): Acc@161 km, mean and median error in km,
  AUC (CamCoder's: area under log(1+error) over the sorted errors, normalised by log(20,039 km);
  lower is better), over the gold toponyms with coordinates. A name the system leaves unresolved
  counts as an error of 20,039 km (half the earth's circumference), so coverage is part of the score.
  Also over the gold toponyms that carry a GeoNames id (the gazetteer's places, Mordecai 3's protocol:
  GeoWebNews' streets and buildings have coordinates only; GeoVirus has Wikipedia links instead).
* **recognition**: precision, recall and F1 of the toponyms found in the raw text, exact span match
  (and, in brackets, any-overlap match);
* **end to end**: the resolution figures over the gold toponyms the system both found (exact span) and
  placed, as EUPEG reports them, and Acc@161 over all gold toponyms (a miss is an error).

The baseline recognises with spaCy's GPE/LOC entities alone and resolves with the most populous match.

    nice .venv/bin/python bench/geo.py                 # all four sets (~4 min on 2 cores)
    nice .venv/bin/python bench/geo.py --sets lgl --limit 100
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfuse.extract.geoparse import Geoparser, haversine_km
from newsfuse.extract.places import Gazetteer
from newsfuse.models import Place
from newsfuse.settings import ExtractSettings

GEO = Path(__file__).resolve().parents[2] / "shared" / "data" / "geo"
SETS = ("lgl", "trnews", "geowebnews", "geovirus")
MAX_KM = 20039.0


@dataclass
class Doc:
    id: str
    text: str
    gold: list[dict]


def load(name: str, limit: int | None) -> list[Doc]:
    path = GEO / name / f"{name}.jsonl"
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            docs.append(Doc(d["id"], d["text"], d["toponyms"]))
            if limit and len(docs) >= limit:
                break
    return docs


def errors_km(pairs: Sequence[tuple[dict, Place | None]]) -> list[float]:
    out = []
    for g, p in pairs:
        if g.get("lat") is None:
            continue
        if p is None or p.lat is None or p.lon is None:
            out.append(MAX_KM)
        else:
            out.append(haversine_km(g["lat"], g["lon"], p.lat, p.lon))
    return out


def summary(errs: Sequence[float]) -> dict[str, float]:
    if not errs:
        return {
            "n": 0,
            "acc161": float("nan"),
            "mean": float("nan"),
            "median": float("nan"),
            "auc": float("nan"),
        }
    s = sorted(errs)
    logs = [math.log(e + 1) for e in s]
    # trapezoid rule over unit steps, as numpy.trapz(log(err+1)) / (log(20039) * (n - 1))
    area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False)) if len(s) > 1 else logs[0]
    auc = area / (math.log(MAX_KM) * max(1, len(s) - 1))
    return {
        "n": len(s),
        "acc161": sum(e <= 161 for e in s) / len(s),
        "mean": statistics.fmean(s),
        "median": statistics.median(s),
        "auc": auc,
    }


def prf(found: set[tuple[int, int]], gold: set[tuple[int, int]]) -> tuple[int, int, int]:
    return len(found & gold), len(found), len(gold)


def overlap_tp(found: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> tuple[int, int]:
    tp_f = sum(any(s < ge and gs < e for gs, ge in gold) for s, e in found)
    tp_g = sum(any(s < ge and gs < e for s, e in found) for gs, ge in gold)
    return tp_f, tp_g


class _Ent:
    __slots__ = ("end_char", "label_", "start_char")

    def __init__(self, s: int, e: int, label: str) -> None:
        self.start_char, self.end_char, self.label_ = s, e, label


def run_set(name: str, docs: list[Doc], nlp, gp: Geoparser, gz: Gazetteer) -> dict[str, dict]:
    res_pairs: list[tuple[dict, Place | None]] = []
    base_pairs: list[tuple[dict, Place | None]] = []
    e2e_pairs: list[tuple[dict, Place | None]] = []
    e2e_all: list[tuple[dict, Place | None]] = []
    base_e2e_pairs: list[tuple[dict, Place | None]] = []
    base_e2e_all: list[tuple[dict, Place | None]] = []
    counts = {"ours": [0, 0, 0, 0, 0], "base": [0, 0, 0, 0, 0]}  # tp, found, gold, tp_f overlap, tp_g overlap
    texts = [d.text for d in docs]
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=16))
    t_nlp = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d, sdoc in zip(docs, parsed, strict=True):
        ents = [_Ent(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
        gold_spans = [(g["start"], g["end"]) for g in d.gold]
        # resolution on gold toponyms (hints read from the text around each)
        tops = [gp.toponym(d.text, g["start"], g["end"]) for g in d.gold]
        places = gp.resolve(d.text, tops, article_id=d.id)
        res_pairs += list(zip(d.gold, places, strict=True))
        base_pairs += [(g, gz.most_populous(g["name"])) for g in d.gold]
        # end to end
        found = gp.recognize(d.text, ents)
        fplaces = gp.resolve(d.text, found, article_id=d.id)
        by_span = {(t.start, t.end): p for t, p in zip(found, fplaces, strict=True)}
        base_found = [(e.start_char, e.end_char) for e in ents if e.label_ in ("GPE", "LOC")]
        base_by_span = {s: gz.most_populous(d.text[s[0] : s[1]]) for s in base_found}
        for key, spans, mapping, pairs, allp in (
            ("ours", list(by_span), by_span, e2e_pairs, e2e_all),
            ("base", base_found, base_by_span, base_e2e_pairs, base_e2e_all),
        ):
            c = counts[key]
            tp, nf, ng = prf(set(spans), set(gold_spans))
            of, og = overlap_tp(spans, gold_spans)
            for i, v in enumerate((tp, nf, ng, of, og)):
                c[i] += v
            for g in d.gold:
                p = mapping.get((g["start"], g["end"]))
                allp.append((g, p))
                if p is not None:
                    pairs.append((g, p))
    t_geo = time.perf_counter() - t0
    out = {
        "resolution": {"ours": summary(errors_km(res_pairs)), "base": summary(errors_km(base_pairs))},
        "resolution_gid": {
            "ours": summary(errors_km([(g, p) for g, p in res_pairs if g.get("geonameid")])),
            "base": summary(errors_km([(g, p) for g, p in base_pairs if g.get("geonameid")])),
        },
        "e2e": {
            "ours": summary(errors_km(e2e_pairs)),
            "base": summary(errors_km(base_e2e_pairs)),
        },
        "e2e_all": {"ours": summary(errors_km(e2e_all)), "base": summary(errors_km(base_e2e_all))},
        "recognition": {},
        "time": {"spacy": t_nlp, "geoparse": t_geo, "docs": len(docs)},
    }
    for key, c in counts.items():
        tp, nf, ng, of, og = c
        p = tp / nf if nf else 0.0
        r = tp / ng if ng else 0.0
        po, ro = (of / nf if nf else 0.0), (og / ng if ng else 0.0)
        out["recognition"][key] = {
            "p": p,
            "r": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "f1_overlap": 2 * po * ro / (po + ro) if po + ro else 0.0,
        }
    return out


def fmt_res(s: dict[str, float]) -> str:
    return f"{s['acc161']:.3f}  {s['mean']:7.0f}  {s['median']:7.1f}  {s['auc']:.3f}  (n={s['n']})"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each set")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    if not GEO.is_dir():
        print(f"skipped: {GEO} not found (the shared geoparsing sets)", file=sys.stderr)
        return 0
    import spacy

    settings = ExtractSettings()
    nlp = spacy.load(settings.spacy_model, disable=["parser", "lemmatizer", "attribute_ruler", "tagger"])
    t0 = time.perf_counter()
    gz = Gazetteer(settings)
    gz.index  # noqa: B018 - load before timing
    gp = Geoparser(gz)
    print(f"gazetteer: {len(gz.index):,} places, loaded in {time.perf_counter() - t0:.1f} s")
    results = {}
    for name in args.sets.split(","):
        docs = load(name, args.limit)
        r = run_set(name, docs, nlp, gp, gz)
        results[name] = r
        print(
            f"\n## {name} ({len(docs)} docs; spaCy {r['time']['spacy']:.1f} s, geoparser {r['time']['geoparse']:.1f} s)"
        )
        print("resolution on gold toponyms      Acc@161   mean km  median km  AUC")
        print(f"  newsfuse                         {fmt_res(r['resolution']['ours'])}")
        print(f"  baseline (most populous)         {fmt_res(r['resolution']['base'])}")
        if r["resolution_gid"]["ours"]["n"]:
            print("  ... gold toponyms with a GeoNames id (Mordecai 3's protocol)")
            print(f"  newsfuse                         {fmt_res(r['resolution_gid']['ours'])}")
            print(f"  baseline (most populous)         {fmt_res(r['resolution_gid']['base'])}")
        for key, label in (("ours", "newsfuse"), ("base", "baseline (spaCy GPE/LOC)")):
            rc = r["recognition"][key]
            print(
                f"recognition {label:26} P {rc['p']:.3f}  R {rc['r']:.3f}  F1 {rc['f1']:.3f}  "
                f"(overlap F1 {rc['f1_overlap']:.3f})"
            )
        print("end to end, found and placed     Acc@161   mean km  median km  AUC")
        print(f"  newsfuse                         {fmt_res(r['e2e']['ours'])}")
        print(f"  baseline                         {fmt_res(r['e2e']['base'])}")
        print(
            f"end to end, Acc@161 over all gold: newsfuse {r['e2e_all']['ours']['acc161']:.3f}, "
            f"baseline {r['e2e_all']['base']['acc161']:.3f}"
        )
        ours, base = r["resolution"]["ours"]["acc161"], r["resolution"]["base"]["acc161"]
        print(f"ratio Acc@161 newsfuse / baseline: {ours / base:.2f}" if base else "")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
