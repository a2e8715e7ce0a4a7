"""One-paragraph incident reports in one house style, as a feed of them arrives (issue #13): every event
carries its town-level place with coordinates and its date, and reports in different countries, towns
or on different days never share an event, even when they land in one story. Texts written for this test."""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import pytest

from newsfuse.extract.pipeline import StoryExtractor
from newsfuse.models import Article, Event, Story, When
from newsfuse.pipeline import run
from newsfuse.settings import Settings
from newsfuse.store import Store

# (id, text, publication date, expected town, its country, the day)
REPORTS = [
    (
        "sori-0505",
        "On 5 May 2020, around 200 residents protested in Sori (Gogounou, Alibori) against land seizures by the district administration.",
        "2020-05-06",
        "Sori",
        "BEN",
        "2020-05-05",
    ),
    (
        "kandy-0505",
        "On 5 May 2020, around 200 residents protested in Kandy (Kandy, Central) against land seizures by the district administration.",
        "2020-05-06",
        "Kandy",
        "LKA",
        "2020-05-05",
    ),
    (
        "sori-0506",
        "On 6 May 2020, around 200 residents protested in Sori (Gogounou, Alibori) against land seizures by the district administration.",
        "2020-05-07",
        "Sori",
        "BEN",
        "2020-05-06",
    ),
    (
        "cotonou-0505",
        "On 5 May 2020, around 200 residents protested in Cotonou (Littoral) against land seizures by the district administration.",
        "2020-05-06",
        "Cotonou",
        "BEN",
        "2020-05-05",
    ),
    (
        "gao-0612",
        "On 12 June 2021, gunmen attacked a checkpoint near Gao (Gao, Gao), killing four soldiers.",
        "2021-06-13",
        "Gao",
        "MLI",
        "2021-06-12",
    ),
    (
        "mopti-0612",
        "On 12 June 2021, gunmen attacked a checkpoint near Mopti (Mopti, Mopti), killing four soldiers.",
        "2021-06-13",
        "Mopti",
        "MLI",
        "2021-06-12",
    ),
]


@pytest.fixture(scope="module")
def events() -> dict[str, list[Event]]:
    """All the reports as one (wrongly lumped) story: the merger alone must keep them apart."""
    arts = [
        Article(rid, rid, rid, None, None, None, None, "en", When(pub, "day"), text)
        for rid, text, pub, *_ in REPORTS
    ]
    story = Story("lumped", tuple(a.id for a in arts), "reports", "2020-05-06", "2021-06-13")
    found = StoryExtractor().events(story, arts, [])
    by_report: dict[str, list[Event]] = {}
    for e in found:
        for aid in e.article_ids:
            by_report.setdefault(aid, []).append(e)
    return by_report


@pytest.mark.parametrize(("rid", "town", "country", "day"), [(r[0], r[3], r[4], r[5]) for r in REPORTS])
def test_every_event_has_its_town_and_day(
    events: dict[str, list[Event]], rid: str, town: str, country: str, day: str
) -> None:
    mine = events.get(rid, [])
    assert mine, f"no event found in {rid}"
    main = [e for e in mine if e.type in {"PROTEST", "ASSAULT"}]
    assert main, f"{rid}: no protest or attack among {[e.type for e in mine]}"
    for e in mine:
        assert e.where is not None and e.where.name == town and e.where.country == country
        assert e.where.lat is not None and e.where.lon is not None
        assert e.when.value == day and e.when.precision == "day"


def test_reports_of_different_places_or_days_share_no_event(events: dict[str, list[Event]]) -> None:
    for (a, *_, ta, ca, da), (b, *_, tb, cb, db) in itertools.combinations(REPORTS, 2):
        if (ta, ca, da) == (tb, cb, db):
            continue
        shared = {e.id for e in events.get(a, [])} & {e.id for e in events.get(b, [])}
        assert not shared, f"{a} and {b} share an event"


def test_two_reports_of_one_protest_do_share_it() -> None:
    same = [
        (
            "a",
            "On 5 May 2020, around 200 residents protested in Sori (Gogounou, Alibori) against land seizures by the district administration.",
        ),
        (
            "b",
            "On 5 May 2020, hundreds of residents demonstrated in Sori (Gogounou, Alibori) against land seizures by local officials.",
        ),
    ]
    arts = [Article(i, i, i, None, None, None, None, "en", When("2020-05-06", "day"), t) for i, t in same]
    story = Story("one", ("a", "b"), "Sori protest", "2020-05-06", "2020-05-06")
    protests = [e for e in StoryExtractor().events(story, arts, []) if e.type == "PROTEST"]
    assert len(protests) == 1 and set(protests[0].article_ids) == {"a", "b"}
    assert protests[0].where is not None and protests[0].where.country == "BEN"


def test_a_sponsor_named_in_a_modifier_is_not_where_a_report_happened() -> None:
    """ "Turkish-backed fighters clashed ... in <a village the gazetteer lacks>": Turkey says whose
    fighters, not where; with no other place read, the event stays unplaced rather than in Turkey.
    The same report naming its town is placed there."""
    texts = [
        ("a", "On 9 June 2021, Turkish-backed fighters clashed with SDF forces in Qarzaniya village."),
        ("b", "On 9 June 2021, Turkish-backed fighters clashed with SDF forces near Manbij (Aleppo)."),
    ]
    for rid, text in texts:
        art = Article(rid, rid, rid, None, None, None, None, "en", When("2021-06-10", "day"), text)
        story = Story(rid, (rid,), "clash", "2021-06-10", "2021-06-10")
        events = StoryExtractor().events(story, [art], [])
        assert any(e.type == "ASSAULT" for e in events), [e.type for e in events]
        for e in events:
            if rid == "a":
                assert e.where is None, e.where
            else:
                assert e.where is not None and (e.where.name, e.where.country) == ("Manbij", "SYR")


def test_a_feed_of_reports_through_the_whole_run_keeps_each_town_and_day(tmp_path: Path) -> None:
    """The reports as a JSON Lines feed through ``run`` (clean, reuse, stories, events): with the
    body floor lowered for one-paragraph reports, each keeps its own town and day; reports of
    different towns share no story, and reports of different towns or days no event."""
    feed = tmp_path / "reports.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for rid, text, pub, *_ in REPORTS:
            record = {"url": f"https://reports.example.org/{rid}", "text": text, "published": pub}
            f.write(json.dumps(record) + "\n")
    base = Settings()
    settings = dataclasses.replace(base, clean=dataclasses.replace(base.clean, min_words=10))

    report = run([str(feed)], tmp_path / "out", settings=settings)

    assert report.new_articles == len(REPORTS)
    with Store(tmp_path / "out" / "newsfuse.duckdb") as store:
        rid_of = {a.id: (a.url or "").rsplit("/", 1)[-1] for a in store.articles()}
        story_of = {aid: s.id for s in store.stories() for aid in s.article_ids}
        events = store.events()
    expected = {r[0]: (r[3], r[4], r[5]) for r in REPORTS}
    for rid, (town, country, day) in expected.items():
        mine = [e for e in events if any(rid_of[a] == rid for a in e.article_ids)]
        assert any(e.type in {"PROTEST", "ASSAULT"} for e in mine), f"{rid}: {[e.type for e in mine]}"
        for e in mine:
            assert e.where is not None and (e.where.name, e.where.country) == (town, country), rid
            assert e.where.lat is not None and e.when.value == day, rid
    for e in events:
        assert len({expected[rid_of[a]] for a in e.article_ids}) == 1, f"{e.id} joins {e.article_ids}"
    by_id = {rid_of[a]: a for a in rid_of}
    for a, b in itertools.combinations(expected, 2):
        if expected[a][:2] != expected[b][:2]:  # another town, whether in another country or not
            assert story_of[by_id[a]] != story_of[by_id[b]], f"{a} and {b} are in one story"
