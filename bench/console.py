"""Console latency on a large store: p50/p95 of the main pages and API calls on 20,000 stories.

    .venv/bin/python bench/console.py                          # build /tmp/newsfuse-console-bench, measure
    .venv/bin/python bench/console.py --stories 5000 --runs 50
    .venv/bin/python bench/console.py --store /tmp/big --rebuild

The store is fabricated through the Store API (Store writer, add_documents, add_articles,
add_reuses, replace_lineages, replace_stories, replace_story_outputs, publish): synthetic stories of
three to five articles, five events and four facts each, with briefs, so every page has real work.
A built store is reused by later runs unless ``--rebuild``.

Requests go through FastAPI's TestClient (in process, no network). Two baselines are measured in
the same run: a route returning a constant (the framework's own cost), and the console's previous
``/api/stories`` (every story, read with ``Store.stories()`` and ``Store.lineages()`` per request).
The index build that follows a newly published snapshot is timed on its own (``cold``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsfuse.access import snapshot_path
from newsfuse.models import (
    Actor,
    Article,
    Brief,
    Claim,
    Document,
    Event,
    Lineage,
    Place,
    Reuse,
    SourceRef,
    Span,
    Story,
    TimelineEntry,
    When,
    content_id,
)
from newsfuse.store import Store

# Capitals and rough coordinates to place events (public facts, typed in for the benchmark).
PLACES = [
    ("KEN", "Nairobi", -1.29, 36.82), ("TZA", "Dodoma", -6.16, 35.75), ("UGA", "Kampala", 0.35, 32.58),
    ("NPL", "Kathmandu", 27.72, 85.32), ("IND", "New Delhi", 28.61, 77.21), ("IDN", "Jakarta", -6.2, 106.85),
    ("GHA", "Accra", 5.6, -0.19), ("NGA", "Abuja", 9.08, 7.4), ("BRA", "Brasilia", -15.79, -47.88),
    ("FRA", "Paris", 48.86, 2.35), ("DEU", "Berlin", 52.52, 13.4), ("JPN", "Tokyo", 35.68, 139.69),
    ("AUS", "Canberra", -35.28, 149.13), ("CAN", "Ottawa", 45.42, -75.7), ("MEX", "Mexico City", 19.43, -99.13),
    ("EGY", "Cairo", 30.04, 31.24), ("TUR", "Ankara", 39.93, 32.86), ("PAK", "Islamabad", 33.68, 73.05),
    ("PER", "Lima", -12.05, -77.04), ("ZAF", "Pretoria", -25.75, 28.19), ("PHL", "Manila", 14.6, 120.98),
    ("VNM", "Hanoi", 21.03, 105.85), ("ARG", "Buenos Aires", -34.6, -58.38), ("ETH", "Addis Ababa", 9.03, 38.74),
]  # fmt: skip
WORDS = (
    "ministers", "talks", "border", "trade", "power", "grid", "flood", "quake", "drought", "harvest",
    "vaccine", "election", "court", "port", "rail", "budget", "inflation", "strike", "protest", "police",
    "army", "ceasefire", "aid", "loan", "bank", "rate", "fuel", "price", "school", "clinic", "river",
    "bridge", "storm", "fire", "mine", "factory", "export", "import", "tariff", "customs", "permit",
    "road", "airport", "coast", "village",
)  # fmt: skip
TYPES = ["AGREE", "CONSULT", "SUPPORT", "AID", "REQUEST", "ACCUSE", "PROTEST", "DISASTER", "COOPERATE"]


def _sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _day(rng: random.Random) -> str:
    return f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def build_store(path: Path, n_stories: int, seed: int = 7) -> None:
    """Fabricate ``n_stories`` stories with their articles, lineages, events, facts and briefs."""
    rng = random.Random(seed)
    outlets = [f"Outlet {i:03d}" for i in range(300)]
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, path.with_name(path.name + ".wal"), snapshot_path(path)):
        p.unlink(missing_ok=True)
    store = Store(path)
    stories, lineages, reuses, outputs = [], [], [], []
    docs: list[Document] = []
    articles: list[Article] = []
    for i in range(n_stories):
        day = _day(rng)
        country, city, lat, lon = rng.choice(PLACES)
        other = rng.choice(PLACES)
        title = f"{city} {rng.choice(WORDS)} {rng.choice(WORDS)} story {i}"
        members = []
        for j in range(rng.randint(3, 5)):
            text = " ".join(_sentence(rng) for _ in range(6))
            aid = content_id("bench-article", str(i), str(j))
            doc = Document(aid, f"bench/{i}/{j}.txt", "text/plain", "utf-8", len(text), "ok", "")
            docs.append(doc)
            articles.append(
                Article(aid, aid, doc.origin, rng.choice(outlets), f"{title} ({j})", None, None, "en",
                        When(day, "day"), text)
            )  # fmt: skip
            members.append(articles[-1])
        copy = members[1]  # the second article copies the first: one lineage of two
        reuses.append(Reuse(members[0].id, copy.id, "near", (0.9, 0.92)))
        lineages.append(Lineage(content_id("lin", str(i)), (members[0].id, copy.id), members[0].id))
        lineages += [Lineage(content_id("lin", a.id), (a.id,), a.id) for a in members[2:]]
        story = Story(content_id("story", str(i)), tuple(a.id for a in members), title, day, day)
        stories.append(story)

        def span(a: Article, k: int) -> Span:
            start = a.text.find(". ", 0) + 2 if k else 0
            end = a.text.find(".", start) + 1
            return Span(a.id, start, end, a.text[start:end])

        events = []
        for k in range(5):
            a = members[k % len(members)]
            actor = Actor(country, country, "GOV", None, (span(a, 0),))
            partner = Actor(other[0], other[0], "GOV", None, ())
            events.append(
                Event(content_id(story.id, "event", str(k)), rng.choice(TYPES), None, (actor,), (partner,),
                      When(day, "day"), Place(city, country, lat, lon) if k % 2 == 0 else None,
                      (a.id,), 1 + k % 3, (span(a, k % 2),), story_id=story.id,
                      summary=f"{country} and {other[0]} {rng.choice(WORDS)} in {city}")
            )  # fmt: skip
        claims = [
            Claim(content_id(story.id, "claim", str(k)), members[k % 2].text.split(".")[k] + ".",
                  (members[k % 2].id,), 1, (span(members[k % 2], 1),), theme="Facts")
            for k in range(4)
        ]  # fmt: skip
        sources = tuple(
            SourceRef(n + 1, a.id, a.outlet, a.title, a.origin, lineages[-1].id, day)
            for n, a in enumerate(members)
        )
        timeline = tuple(TimelineEntry(e.when, e.summary, e.evidence, e.id, e.article_ids) for e in events)
        brief = Brief(story, tuple(events), tuple(claims), (), (), timeline, sources, tuple(claims[:2]))
        outputs.append((story.id, events, claims, brief))
    t0 = time.perf_counter()
    for start in range(0, len(docs), 5000):  # the cleaning stage's commit: documents with their articles
        chunk = docs[start : start + 5000]
        store.add_cleaned(
            chunk, articles[start : start + 5000], {d.id: start + k for k, d in enumerate(chunk)}
        )
    with store.transaction():
        store.add_reuses(reuses)
        store.replace_lineages(lineages)
        store.replace_stories(stories, touched=[])
    print(f"  articles, lineages, stories written in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    t0 = time.perf_counter()
    for start in range(0, len(outputs), 1000):
        with store.transaction():  # one commit per thousand stories (replace_story_outputs joins it)
            for story_id, events, claims, brief in outputs[start : start + 1000]:
                store.replace_story_outputs(story_id, events, claims, brief)
        print(f"  {start + 1000} story outputs written ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    store.publish(snapshot_path(path))
    store.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(call: Callable[[], Any], runs: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds after two warm-up calls."""
    call()
    call()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--store", type=Path, default=Path("/tmp/newsfuse-console-bench"))
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    from newsfuse.store import open_reader
    from newsfuse.web.app import create_app

    db = args.store / "newsfuse.duckdb"
    marker = args.store / f"built-{args.stories}"
    if args.rebuild or not marker.exists():
        print(f"building a store of {args.stories:,} stories in {args.store} ...", file=sys.stderr)
        t0 = time.perf_counter()
        for old in args.store.glob("built-*"):
            old.unlink()
        build_store(db, args.stories)
        marker.touch()
        print(f"  built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    app = create_app(db)

    @app.get("/bench/constant")
    def constant() -> dict[str, int]:
        return {"ok": 1}

    @app.get("/bench/old-stories")
    def old_stories() -> list[dict[str, Any]]:
        """The console's /api/stories before the index: every story, every request."""
        store = open_reader(db)
        try:
            lineage = {a: lin.id for lin in store.lineages() for a in lin.article_ids}
            return [
                {"id": s.id, "title": s.title, "articles": len(s.article_ids),
                 "independent_sources": len({lineage.get(a, a) for a in s.article_ids}),
                 "first_seen": s.first_seen, "last_seen": s.last_seen}
                for s in store.stories()
            ]  # fmt: skip
        finally:
            store.close()

    client = TestClient(app)
    t0 = time.perf_counter()
    first = client.get("/api/stories", params={"per_page": 1})
    cold = (time.perf_counter() - t0) * 1000
    total = int(first.headers["x-total-count"])
    story_id = first.json()[0]["id"]
    article_id = client.get(f"/api/stories/{story_id}").json()["articles"][0]["id"]
    deep = max(1, total // 50 - 1)

    def get(url: str, **params: Any) -> Callable[[], Any]:
        def call() -> None:
            r = client.get(url, params=params)
            assert r.status_code == 200, (url, params, r.status_code)

        return call

    cases = [
        ("baseline: constant route", get("/bench/constant")),
        ("baseline: old /api/stories (all stories)", get("/bench/old-stories")),
        ("/ page 1", get("/")),
        (f"/ page {deep} (deep)", get("/", page=deep)),
        ("/ search q=flood", get("/", q="flood")),
        ('/ search q="power grid" + country + type', get("/", q='"power grid"', country="KEN", type="AID")),
        ("/ filters outlet + dates, sort=sources", get("/", outlet="Outlet 042", since="2025-01", until="2025-06",
                                                       sort="sources")),
        ("/api/stories page 1", get("/api/stories")),
        (f"/api/stories page {deep}", get("/api/stories", page=deep)),
        ("/api/stories q=bridge country=NPL", get("/api/stories", q="bridge", country="NPL")),
        ("/stories/{id}", get(f"/stories/{story_id}")),
        ("/events page 1", get("/events")),
        ("/events country=KEN type=AID", get("/events", country="KEN", type="AID")),
        ("/events page 50", get("/events", page=50)),
        ("/api/events story={id}", get("/api/events", story=story_id)),
        ("/lineage page 1", get("/lineage")),
        ("/articles/{id}", get(f"/articles/{article_id}")),
        ("/api/status", get("/api/status")),
    ]  # fmt: skip
    print(f"{total:,} stories; index build after a new snapshot (cold first request): {cold:.0f} ms")
    print(f"{'request':<48} {'p50 ms':>8} {'p95 ms':>8} {'p95 / constant':>15} {'p95 / old list':>15}")
    results = [(name, *measure(call, args.runs)) for name, call in cases]
    base, old = results[0][2], results[1][2]
    worst = 0.0
    for name, p50, p95 in results:
        print(f"{name:<48} {p50:>8.1f} {p95:>8.1f} {p95 / base:>15.1f} {p95 / old:>15.2f}")
        if not name.startswith("baseline"):
            worst = max(worst, p95)
    print(f"slowest console p95: {worst:.0f} ms (goal: under 200 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
