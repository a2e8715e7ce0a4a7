"""fuse: claims across articles, lineage-counted support, conflicts, unique claims, timeline."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.codec import from_data, to_data
from newsfuse.fuse import Figure, analyse_article, build_brief, rank_sentences, split_sentences
from newsfuse.models import (
    Actor,
    Article,
    Brief,
    Event,
    Lineage,
    Passage,
    Place,
    Reuse,
    Span,
    Story,
    When,
)
from newsfuse.settings import FuseSettings, Settings

OUTLETS = {
    "harbour_post": "Harbour Post",
    "coastal_wire": "Coastal Wire",
    "valley_times": "Valley Times",
    "river_daily": "River Daily",
}


def make_article(aid: str, text: str, outlet: str | None = None, published: str = "2024-03-04") -> Article:
    return Article(
        id=aid,
        document_id=aid,
        origin=f"fixtures/{aid}.txt",
        outlet=outlet,
        title=None,
        byline=None,
        credit=None,
        language="en",
        published=When(published, "day", (), "header"),
        text=text,
    )


def brief_of(*texts: str) -> Brief:
    """A brief over one story of one article per text (ids "a", "b", ...), without lineages."""
    articles = [make_article(chr(ord("a") + k), text) for k, text in enumerate(texts)]
    return build_brief(Story("s", tuple(a.id for a in articles), "t", None, None), articles, [])


def ferry_articles(fixtures_dir: Path) -> list[Article]:
    return [
        make_article(aid, (fixtures_dir / "fuse" / f"{aid}.txt").read_text(encoding="utf-8"), outlet)
        for aid, outlet in OUTLETS.items()
    ]


FERRY_LINEAGES = [Lineage("lin-harbour", ("harbour_post", "coastal_wire"), "harbour_post")]


def ferry_story(articles: list[Article]) -> Story:
    return Story(
        "ferry", tuple(a.id for a in articles), "Ferry capsizes on the Kalmar River", "2024-03-04", None
    )


@pytest.fixture()
def ferry(fixtures_dir: Path) -> tuple[list[Article], Brief]:
    articles = ferry_articles(fixtures_dir)
    return articles, build_brief(ferry_story(articles), articles, FERRY_LINEAGES)


def span_at(article: Article, fragment: str) -> Span:
    start = article.text.index(fragment)
    return Span(article.id, start, start + len(fragment), fragment)


def statements(brief: Brief) -> Iterator[tuple[str, tuple[Span, ...]]]:
    """Every statement a brief makes, with its evidence."""
    for c in (*brief.lead, *brief.claims, *brief.unique):
        yield c.text, c.evidence
    for conflict in brief.conflicts:
        for v in conflict.values:
            yield f"{conflict.slot}={v.value}", v.evidence
    for t in brief.timeline:
        yield t.text, t.evidence
    for e in brief.events:
        yield e.summary or e.type, e.evidence


def assert_traceable(brief: Brief, articles: list[Article]) -> None:
    by_id = {a.id: a for a in articles}
    for text, evidence in statements(brief):
        assert evidence, f"statement without evidence: {text!r}"
        for span in evidence:
            assert by_id[span.article_id].text[span.start : span.end] == span.text, (text, span)


# --- sentences --------------------------------------------------------------------------------


def test_split_sentences_offsets_are_exact_and_abbreviations_hold() -> None:
    text = (
        "  Gen. Ali met Dr. Lee in Washington, D.C. on Monday. “It went well,” he said.\n\n"
        "Prices rose 3.5 per cent in the U.S. last year! Why? Nobody knows\n"
        "• A bullet item without a stop"
    )
    spans = split_sentences(text)
    parts = [text[a:b] for a, b in spans]
    assert parts == [
        "Gen. Ali met Dr. Lee in Washington, D.C. on Monday.",
        "“It went well,” he said.",
        "Prices rose 3.5 per cent in the U.S. last year!",
        "Why?",
        "Nobody knows",
        "• A bullet item without a stop",
    ]
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)


def test_quotes_and_datelines() -> None:
    text = (
        '"Twelve people have died. Search goes on," the ministry said. Roads are shut.\n'
        "Kathmandu, Mar 3 (PTI) At least 12 people were killed in the quake, officials said.\n"
        "LONDON (Reuters) - The central bank raised its main rate by half a point."
    )
    assert [text[a:b] for a, b in split_sentences(text)][:2] == [
        '"Twelve people have died. Search goes on," the ministry said.',
        "Roads are shut.",
    ]
    sents = analyse_article(make_article("a", text))
    assert [s.text for s in sents][2:] == [
        "At least 12 people were killed in the quake, officials said.",
        "The central bank raised its main rate by half a point.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_features_read_slots_numbers_and_dates() -> None:
    art = make_article(
        "a",
        "Twelve people died when the ferry sank on March 3, 2024. The attack claimed 26 lives in Pahalgam.\n"
        "Police arrested 4 men in 2019.",
    )
    s1, s2, s3 = analyse_article(art)
    assert ("killed", "12") in s1.quantities
    assert [(d.year, d.month, d.day) for d in s1.dates] == [(2024, 3, 3)]
    assert ("killed", "26") in s2.quantities
    assert "pahalgam" in s2.entities
    assert ("arrested", "4") in s3.quantities
    assert [(d.year, d.month, d.day) for d in s3.dates] == [(2019, None, None)]


# --- claims and lineages ----------------------------------------------------------------------


def test_claim_counts_lineages_not_articles(ferry: tuple[list[Article], Brief]) -> None:
    _, brief = ferry
    inquiry = next(c for c in brief.claims if "inquiry" in c.text)
    assert set(inquiry.article_ids) == set(OUTLETS)
    assert inquiry.independent_sources == 3  # harbour_post and coastal_wire are one lineage
    assert set(inquiry.lineage_ids) == {"lin-harbour", "valley_times", "river_daily"}
    assert sorted(e.article_id for e in inquiry.evidence) == sorted(inquiry.article_ids)  # one span each


def test_every_statement_is_traceable(ferry: tuple[list[Article], Brief]) -> None:
    articles, brief = ferry
    assert brief.lead and brief.claims and brief.unique and brief.timeline and brief.conflicts
    assert_traceable(brief, articles)


def test_conflicting_numbers_are_a_conflict_not_one_claim(ferry: tuple[list[Article], Brief]) -> None:
    _, brief = ferry
    killed = [c for c in brief.conflicts if c.slot == "killed"]
    assert len(killed) == 1
    values = {v.value: set(v.article_ids) for v in killed[0].values}
    assert values == {"12": {"harbour_post", "coastal_wire", "river_daily"}, "14": {"valley_times"}}
    twelve = next(c for c in brief.claims if "killing 12 people" in c.text)
    assert "valley_times" not in twelve.article_ids
    assert twelve.conflicts_with, "the claim should point at its rival"


def test_unique_claims_are_single_lineage_and_name_the_outlet(ferry: tuple[list[Article], Brief]) -> None:
    _, brief = ferry
    owner = next(c for c in brief.unique if "Brightline Shipping" in c.text)
    assert owner.article_ids == ("valley_times",) and owner.independent_sources == 1
    assert "Valley Times" in owner.theme
    # A sentence only the origin and its reprint carry is still one source.
    route = next(c for c in brief.unique if "ferry route" in c.text)
    assert route.independent_sources == 1
    assert all(c.independent_sources == 1 for c in brief.unique)
    assert all(c.independent_sources >= 2 for c in brief.claims)


def test_lead_prefers_corroborated_facts(ferry: tuple[list[Article], Brief]) -> None:
    _, brief = ferry
    assert 1 <= len(brief.lead) <= FuseSettings().lead_claims
    assert all(c.independent_sources >= 2 for c in brief.lead)
    assert any("capsized" in c.text for c in brief.lead)


def test_timeline_from_claims_when_no_events(ferry: tuple[list[Article], Brief]) -> None:
    _, brief = ferry
    dates = [t.when.value or "" for t in brief.timeline]
    assert dates == sorted(dates)
    assert "2024-03-03" in dates and "2019" in dates
    precision = {t.when.value: t.when.precision for t in brief.timeline}
    assert precision["2024-03-03"] == "day" and precision["2019"] == "year"


def test_sources_numbered_with_lineage_origin_first(ferry: tuple[list[Article], Brief]) -> None:
    _, brief = ferry
    assert [s.number for s in brief.sources] == [1, 2, 3, 4]
    assert brief.sources[0].article_id == "harbour_post" and brief.sources[1].article_id == "coastal_wire"
    assert brief.sources[0].lineage_id == brief.sources[1].lineage_id == "lin-harbour"
    assert {lin.id for lin in brief.lineages} == {"lin-harbour", "valley_times", "river_daily"}


def test_without_lineages_every_article_counts(fixtures_dir: Path) -> None:
    articles = ferry_articles(fixtures_dir)
    brief = build_brief(ferry_story(articles), articles, [])
    inquiry = next(c for c in brief.claims if "inquiry" in c.text)
    assert inquiry.independent_sources == 4


def test_settings_object_is_accepted(fixtures_dir: Path) -> None:
    articles = ferry_articles(fixtures_dir)
    story = ferry_story(articles)
    one = build_brief(story, articles, FERRY_LINEAGES, settings=Settings())
    two = build_brief(story, articles, FERRY_LINEAGES, settings=FuseSettings(lead_claims=1))
    assert len(two.lead) == 1 and one.claims == two.claims


def test_deterministic(fixtures_dir: Path) -> None:
    articles = ferry_articles(fixtures_dir)
    story = ferry_story(articles)
    assert build_brief(story, articles, FERRY_LINEAGES) == build_brief(story, list(articles), FERRY_LINEAGES)


# --- conflicts: what is and is not one ----------------------------------------------------------


def test_dates_of_different_things_do_not_conflict() -> None:
    brief = brief_of(
        "The ministers will meet in Rome on May 5, 2025, for talks on trade and energy policy.",
        "The ministers will meet in Rome for talks on trade and energy policy after the April 22 attack.",
    )
    assert not [c for c in brief.conflicts if c.slot == "date"]


def test_different_dates_for_one_thing_conflict() -> None:
    brief = brief_of(
        "The summit of the two leaders will open in Rome on May 5, 2025, officials said.",
        "The summit of the two leaders will open in Rome on May 6, 2025, officials said.",
    )
    (conflict,) = [c for c in brief.conflicts if c.slot == "date"]
    assert {v.value for v in conflict.values} == {"2025-05-05", "2025-05-06"}


def test_two_happenings_told_alike_are_not_a_conflict() -> None:
    brief = brief_of(
        "At least 12 people were killed when a magnitude 5.9 earthquake struck the district.",
        "Nearly 9,000 people were killed when a magnitude 7.8 earthquake struck the country.",
    )
    assert not brief.conflicts and not brief.claims


def test_loosely_worded_numbers_conflict_when_their_words_match() -> None:
    brief = brief_of(
        "Trade between the two countries was worth about $1.3 billion last year, officials said.",
        "Bilateral trade stood at roughly $1.1 billion last year, according to the revenue office.",
        "The new port is expected to handle cargo for at least 10 years, the authority said.",
        "Traders have complained about delays at the border crossing for 4 years, the authority said.",
    )
    (conflict,) = brief.conflicts
    assert conflict.slot == "amount (trade)"  # the unit and the word both figures are about
    assert {v.value: v.article_ids for v in conflict.values} == {
        "$1.3 billion": ("a",),
        "$1.1 billion": ("b",),
    }


def test_place_conflicts_need_known_places() -> None:
    a = make_article(
        "a", "The two leaders held their first summit meeting in Lisbon on Tuesday, officials said."
    )
    b = make_article(
        "b", "The two leaders held their first summit meeting in Madrid on Tuesday, officials said."
    )
    story = Story("s", ("a", "b"), "t", None, None)
    assert not build_brief(story, [a, b], []).conflicts
    brief = build_brief(story, [a, b], [], gazetteer=["Lisbon", "Madrid"])
    (conflict,) = brief.conflicts
    assert conflict.slot == "place" and {v.value for v in conflict.values} == {"Lisbon", "Madrid"}


def test_title_conflict_across_lineages() -> None:
    brief = brief_of(
        "Foreign Minister Anna Berg arrived in the capital on Friday for two days of talks.",
        "Defence Minister Anna Berg arrived in the capital on Friday for two days of talks.",
        "Defense Minister Anna Berg was greeted at the airport by a guard of honour.",
    )
    (conflict,) = [x for x in brief.conflicts if x.slot == "title"]
    assert conflict.subject == "Anna Berg"
    values = {v.value: set(v.article_ids) for v in conflict.values}
    assert values == {"Foreign Minister": {"a"}, "Defence Minister": {"b", "c"}}  # Defense == Defence


# --- figures: what a number counts, in which role, when, said by whom ---------------------------


def figures_of(text: str, published: str = "2024-03-04") -> list[Figure]:
    return [f for s in analyse_article(make_article("a", text, published=published)) for f in s.figures]


def test_figures_read_units_from_the_words_around_them() -> None:
    got = {
        f.text: f.unit
        for f in figures_of(
            "The death toll rose to 11 by Tuesday morning, the fire service said.\n"
            "Doctors said 26 workers were being treated for injuries.\n"
            "At least 86 houses, two schools and a mosque were damaged.\n"
            "The factory employed about 1,200 workers.\n"
            "A 6.2-magnitude earthquake hit the coast.\n"
            "Bids gave a bid-to-cover ratio of 2.4, the agency said.\n"
            "Trade was worth about $1.3 billion, and fees reached 40 million rupees."
        )
    }
    assert got == {
        "11": "killed",  # a bare number takes the toll its clause names
        "26": "injured",  # a count of people takes what happened to them
        "86": "hous",
        "two": "school",
        "1,200": "worker",
        "6.2": "magnitude",
        "2.4": "ratio",  # "ratio of 2.4"
        "$1.3 billion": "amount:usd",
        "40 million": "amount:inr",
    }


def test_figures_read_roles() -> None:
    roles = {
        f.text: f.role
        for f in figures_of(
            "Inflation rose to 23.4 per cent from 22.8 per cent.\n"
            "The bank raised its rate by 100 basis points.\n"
            "Rescuers found two more bodies in the stairwell.\n"
            "Three of the workers killed were teenagers.\n"
            "Fewer than one in ten new houses followed the code.\n"
            "There were 18 aftershocks above magnitude 4.\n"
            "The strongest measured magnitude 4.6 on the scale.\n"
            "Salaries ranged between $25 million and $30 million last season.\n"
            "The pilots of Flight 214 were named on Sunday.\n"
            "The ministry aims to build 40,000 homes.\n"
            "The benchmark rate had stood at 5 per cent."
        )
    }
    assert roles == {
        "23.4": "",
        "22.8": "from",
        "100": "by",
        "two": "more",
        "Three": "part",
        "ten": "part",
        "18": "",
        "4": "bound",
        "4.6": "part",
        "$25 million": "range",
        "$30 million": "range",
        "40,000": "target",
        "5": "from",
    }  # "Flight 214" names a flight: no figure at all


def test_figures_are_dated_by_their_own_clause_and_the_article_date() -> None:
    (rose, was) = figures_of("Inflation rose to 23.4 per cent in February from 22.8 per cent in January.")
    assert rose.times == ((None, 2, None),) and was.times == ((None, 1, None),)
    (trade,) = figures_of("Bilateral trade stood at $1.1 billion last year.", published="2026-03-04")
    assert trade.times == ((2025, None, None),)  # "last year" resolved against the article's date
    # A past date elsewhere in the sentence dates every figure of another unit in it.
    killed = [
        f
        for f in figures_of("A magnitude 7.8 quake in April 2015 killed 9,000 people.")
        if f.unit == "killed"
    ]
    assert killed[0].times == ((2015, 4, None),)
    (toll,) = [
        f for f in figures_of("It came three days after a quake which killed a dozen people.") if f.unit
    ]
    assert toll.times == ("three days after",)  # an offset from another happening


def test_figures_name_their_source() -> None:
    fs = figures_of(
        "The National Seismology Office put it at 6.1, while the European-Mediterranean Seismological "
        "Centre measured it at 6.3.\n"
        "Bilateral trade stood at $1.1 billion, according to the Tanzania Revenue Authority.\n"
        "Officials said the project would cost about $200 million."
    )
    assert [f.source for f in fs] == [
        "National Seismology Office",
        "European-Mediterranean Seismological Centre",
        "Tanzania Revenue Authority",
        "",  # an unnamed source gives nothing
    ]


def _fixture_story(fixtures_dir: Path, prefix: str, published: str = "2024-03-05") -> list[Article]:
    paths = sorted((fixtures_dir / "fuse" / "figures").glob(f"{prefix}_*.txt"))
    return [make_article(p.stem, p.read_text(encoding="utf-8"), p.stem, published) for p in paths]


def _conflict_values(brief: Brief) -> dict[str, dict[str, set[str]]]:
    return {c.slot: {v.value: set(v.article_ids) for v in c.values} for c in brief.conflicts}


def assert_conflict_evidence(brief: Brief, articles: list[Article]) -> None:
    """Every value's evidence is the sentence that gives it, sliced exactly from the article."""
    by_id = {a.id: a for a in articles}
    lineage = {a: lin.id for lin in brief.lineages for a in lin.article_ids}
    for conflict in brief.conflicts:
        for v in conflict.values:
            assert [e.article_id for e in v.evidence] == list(v.article_ids)
            for e in v.evidence:
                assert by_id[e.article_id].text[e.start : e.end] == e.text
                figure = v.value.split(" (")[0]
                if conflict.slot != "vote":
                    assert figure in e.text, (figure, e.text)
                assert lineage[e.article_id]


def test_factory_fire_tolls_and_headcount_disagree(fixtures_dir: Path) -> None:
    articles = _fixture_story(fixtures_dir, "fire")
    wire = Lineage("wire", ("fire_metro_wire", "fire_city_gazette"), "fire_metro_wire")
    brief = build_brief(Story("fire", tuple(a.id for a in articles), "t", None, None), articles, [wire])
    both = {"fire_metro_wire", "fire_city_gazette"}
    assert _conflict_values(brief) == {
        "killed": {"9": both, "11": {"fire_river_daily"}},
        "injured": {"21": both, "26": {"fire_river_daily"}},
        "workers": {"1,200": both, "1,500": {"fire_river_daily"}},
    }
    # Not rivals: the 2019 warehouse fire's 71 dead, "two more bodies", "three of the dead".
    assert not any(v.value in {"71", "two", "Three"} for c in brief.conflicts for v in c.values)
    assert_conflict_evidence(brief, articles)
    # One lineage (the wire and its rewrite) says 9: a single-source claim that points at its rival.
    nine = next(c for c in brief.unique if "9 workers" in c.text)
    assert nine.independent_sources == 1 and nine.conflicts_with


def test_bond_auction_yields_disagree_but_plans_and_past_do_not(fixtures_dir: Path) -> None:
    articles = _fixture_story(fixtures_dir, "bonds")
    brief = build_brief(Story("bonds", tuple(a.id for a in articles), "t", None, None), articles, [])
    assert _conflict_values(brief) == {
        "percent (yield)": {
            "3.42": {"bonds_capital_wire"},
            "3.47 (Debt Management Office)": {"bonds_market_daily"},
        },
        "ratio": {"2.4": {"bonds_capital_wire"}, "2.6": {"bonds_market_daily"}},
    }
    # Not rivals: last year's 52 billion raised vs this year's 60 billion plan, the previous
    # auction's 3.18 per cent, the central bank's 2 per cent deposit rate; 9.6 billion agrees.
    assert_conflict_evidence(brief, articles)


def test_council_vote_told_two_ways(fixtures_dir: Path) -> None:
    articles = _fixture_story(fixtures_dir, "council")
    brief = build_brief(Story("council", tuple(a.id for a in articles), "t", None, None), articles, [])
    (vote,) = brief.conflicts
    assert vote.slot == "vote"
    assert {v.value: v.article_ids for v in vote.values} == {
        "unanimously": ("council_north_herald",),
        "by seven votes to four": ("council_valley_post",),
    }  # last year's "eight votes to three" is another vote
    assert_conflict_evidence(brief, articles)


def test_one_sentence_can_report_two_sources_figures() -> None:
    brief = brief_of(
        "A magnitude 6.1 earthquake hit the coastal province on Sunday, officials said.",
        "The National Seismology Office put it at 6.1, while the European-Mediterranean Seismological "
        "Centre measured it at 6.3.",
    )
    (conflict,) = brief.conflicts
    assert conflict.slot == "magnitude"
    assert {v.value: v.article_ids for v in conflict.values} == {
        "6.1 (National Seismology Office)": ("a", "b"),  # the bare "6.1" is the story's magnitude
        "6.3 (European-Mediterranean Seismological Centre)": ("b",),
    }


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # last year's figure vs this year's
        (
            "Exports of coffee reached $4.2 billion last year, the board said.",
            "Exports of coffee are worth $5.1 billion this year, the board said.",
        ),
        # a target vs an outcome
        (
            "The ministry aims to build 40,000 new homes in the region, officials said.",
            "Builders completed 31,000 new homes in the region, officials said.",
        ),
        # the rate before a decision vs after it
        (
            "The central bank lifted its benchmark rate to 5.25 per cent on Thursday.",
            "The benchmark rate had stood at 5 per cent before Thursday's meeting.",
        ),
        # a background happening's toll
        (
            "At least 9 workers were killed when fire swept through the garment factory.",
            "A similar fire at a garment factory nearby killed 112 workers, officials recalled.",
        ),
        # figures of different named subjects
        (
            "Shares of Northwind rose 4 per cent in early trading on Monday.",
            "Shares of Contoso rose 9 per cent in early trading on Monday.",
        ),
    ],
)
def test_figures_about_different_things_are_not_rivals(first: str, second: str) -> None:
    brief = brief_of(first, second)
    assert not brief.conflicts, [(c.slot, [v.value for v in c.values]) for c in brief.conflicts]


@pytest.mark.parametrize(
    ("first", "second", "slot"),
    [
        # the controls of the cases above: same words, same time, same role, same subject
        ("Exports of coffee reached $4.2 billion last year, the board said.",
         "Exports of coffee were worth $5.1 billion last year, the board said.", "amount (coffee)"),
        ("Builders completed 40,000 new homes in the region, officials said.",
         "Builders completed 31,000 new homes in the region, officials said.", "homes"),
        ("The central bank lifted its benchmark rate to 5.25 per cent on Thursday.",
         "The central bank raised its benchmark rate to 5.5 per cent on Thursday.", "percent (rate)"),
        ("At least 9 workers were killed when fire swept through the garment factory.",
         "The fire at the garment factory killed 12 workers, officials said.", "killed"),
    ],
)  # fmt: skip
def test_figures_about_one_thing_are_rivals(first: str, second: str, slot: str) -> None:
    brief = brief_of(first, second)
    assert [c.slot for c in brief.conflicts] == [slot]


# --- examples/: the disagreements planted on purpose, through the real stages ---------------------

# examples/README.md, "Disagreements planted on purpose": (a file of the story, slot, the two values
# as their texts give them, read in the conflict's value labels).
PLANTED = [
    ("01-deccan", "killed", "12", "14"),
    ("01-deccan", "injured", "37", "41"),
    ("01-deccan", "magnitude", "5.9", "5.7 (US Geological Survey)"),
    ("07-island", "killed", "three", "four"),
    ("07-island", "injured", "19", "23"),
    ("07-island", "houses", "86", "112"),
    ("09-nairobi", "barriers", "14", "16"),
    ("09-nairobi", "amount (trade)", "$1.3 billion", "$1.1 billion"),
    ("13-accra", "percent (inflation)", "23.4", "23.1"),
    ("13-accra", "vote", "by a majority", "unanimously"),
    ("11-kampala", "amount (cost)", "$180 million", "$200 million"),
]


def test_examples_planted_disagreements_are_found_and_nothing_else(demo_out: Path) -> None:
    data = json.loads((demo_out / "stories.json").read_text())
    found: dict[tuple[str, str], set[str]] = {}
    for story in data["stories"]:
        texts = {a["id"]: a["text"] for a in story["articles"]}
        files = [Path(a["origin"].split("#")[0]).name for a in story["articles"]]
        for c in story["conflicts"]:
            key = next(
                (
                    (f, c["slot"])
                    for f, slot, _, _ in PLANTED
                    if slot == c["slot"] and any(x.startswith(f) for x in files)
                ),
                None,
            )
            assert key is not None, f"a conflict not planted: {c['slot']} {[v['value'] for v in c['values']]}"
            # a value label is the figure as written, with its named source in brackets if any
            found[key] = {v["value"] for v in c["values"]} | {v["value"].split(" (")[0] for v in c["values"]}
            for v in c["values"]:
                assert v["sources"] and len(v["evidence"]) == len(v["sources"])
                for e in v["evidence"]:
                    assert texts[e["article"]][e["start"] : e["end"]] == e["text"]
    for f, slot, one, other in PLANTED:
        assert (f, slot) in found, f"planted {slot} ({one} vs {other}) not found"
        assert {one, other} <= found[(f, slot)], (slot, found[(f, slot)])


# --- reuse passages and events ------------------------------------------------------------------


def test_reuse_passage_aligns_a_loose_paraphrase() -> None:
    a = make_article("a", "Officials confirmed that the northern bridge will reopen to traffic next week.")
    b = make_article("b", "Traffic returns over the northern crossing soon, the city's engineers announced.")
    story = Story("s", ("a", "b"), "t", None, None)
    assert not build_brief(story, [a, b], []).claims
    passage = Passage(Span("a", 0, len(a.text), a.text), Span("b", 0, len(b.text), b.text), 0.9)
    brief = build_brief(story, [a, b], [], [Reuse("a", "b", "rewrite", (0.8, 0.8), (passage,))])
    (claim,) = brief.claims
    assert set(claim.article_ids) == {"a", "b"}


def test_events_drive_timeline_and_themes(fixtures_dir: Path) -> None:
    articles = ferry_articles(fixtures_dir)
    by_id = {a.id: a for a in articles}
    capsize = Event(
        id="ev-capsize",
        type="ASSAULT",
        mode=None,
        actors=(),
        recipients=(),
        when=When("2024-03-03", "day", (span_at(by_id["river_daily"], "March 3, 2024"),), "text"),
        where=Place("Port Evan", None, None, None),
        article_ids=("harbour_post", "river_daily"),
        independent_sources=2,
        evidence=(
            span_at(by_id["harbour_post"], "A passenger ferry capsized on the Kalmar River"),
            span_at(by_id["river_daily"], "a ferry capsized on the Kalmar River"),
        ),
        summary="A ferry capsized on the Kalmar River",
    )
    earlier = dataclasses.replace(
        capsize,
        id="ev-2019",
        when=When("2019", "year", (span_at(by_id["valley_times"], "2019"),), "text"),
        article_ids=("valley_times",),
        independent_sources=1,
        evidence=(
            span_at(by_id["valley_times"], "A similar accident on the same river killed 9 people in 2019"),
        ),
        summary="",
        background=True,
    )
    inquiry = dataclasses.replace(
        capsize,
        id="ev-inquiry",
        type="INVESTIGATE",
        actors=(Actor("Ilse Marrow", None, "GOV", "governor"),),
        when=When(None, reason="no date"),
        evidence=(span_at(by_id["river_daily"], "Governor Ilse Marrow ordered an official inquiry"),),
    )
    brief = build_brief(ferry_story(articles), articles, FERRY_LINEAGES, events=[capsize, inquiry, earlier])
    assert [t.event_id for t in brief.timeline] == ["ev-2019", "ev-capsize"]  # undated events left out
    assert brief.timeline[0].text.startswith("A similar accident")  # no summary: the evidence speaks
    assert {e.id for e in brief.events} == {"ev-capsize", "ev-inquiry", "ev-2019"}
    inquiry_claim = next(c for c in brief.claims if "inquiry" in c.text)
    assert inquiry_claim.theme == "Investigate: Ilse Marrow"
    assert_traceable(brief, articles)


def test_rank_sentences_orders_support_first(fixtures_dir: Path) -> None:
    articles = ferry_articles(fixtures_dir)
    ranked = rank_sentences(articles, FERRY_LINEAGES)
    assert ranked[0].independent_sources >= 2
    sources = [c.independent_sources for c in ranked[:3]]
    assert min(sources) >= 2


# --- the seed story, end to end with the real stages ---------------------------------------------


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> list[Article]:
    """The five seed pages through the real ingest and clean stages."""
    try:
        from newsfuse.clean import CleanContext, clean_document
        from newsfuse.ingest import iter_documents
    except ImportError as exc:
        pytest.skip(f"the ingest/clean stages are not importable yet ({exc}); fuse is tested on fixtures")
    settings = Settings()
    docs = [d for d in iter_documents([seeds_dir], settings.ingest) if d.status == "ok"]
    context = CleanContext.from_documents(docs)
    return [clean_document(d, settings.clean, context) for d in docs]


@pytest.fixture(scope="module")
def seed_brief(seed_articles: list[Article]) -> tuple[Brief, dict[str, str]]:
    """The seed articles through the real reuse and event stages, then fuse.

    Returns the brief and a map from seed number ("000".."004") to article id.
    """
    try:
        from newsfuse.extract.entities import Nlp
        from newsfuse.extract.events import extract_events
        from newsfuse.extract.places import Gazetteer
        from newsfuse.reuse import detect_reuse
    except ImportError as exc:
        pytest.skip(f"the reuse/events stages are not importable yet ({exc}); fuse is tested on fixtures")
    settings = Settings()
    articles = seed_articles
    reuses, lineages = detect_reuse(articles, settings.reuse)
    dated = sorted(a.published.value for a in articles if a.published.value)
    story = Story(
        "seed-story",
        tuple(a.id for a in articles),
        articles[0].title or "",
        dated[0] if dated else None,
        None,
    )
    notes = Nlp().annotate(articles, lineages)
    events = extract_events(story, articles, lineages, notes, Gazetteer(), settings.extract)
    brief = build_brief(story, articles, lineages, reuses, events, settings=settings)
    seed_of = {Path(a.origin).name[:3]: a.id for a in articles}
    assert sorted(seed_of) == ["000", "001", "002", "003", "004"]
    return brief, seed_of


def _said(brief: Brief, *words: str) -> list[tuple[str, tuple[str, ...], int]]:
    """Statements (claims, lead, events, timeline) mentioning all ``words``: (text, articles, sources)."""
    out = []
    for c in (*brief.lead, *brief.claims, *brief.unique):
        out.append((" ".join(e.text for e in c.evidence), c.article_ids, c.independent_sources))
    for e in brief.events:
        text = " ".join([e.summary, *(s.text for s in e.evidence), *(f"{k} {v}" for k, v in e.attributes)])
        out.append((text, e.article_ids, e.independent_sources))
    return [x for x in out if all(w.lower() in x[0].lower() for w in words)]


def test_seed_brief_states_the_meeting(seed_brief: tuple[Brief, dict[str, str]]) -> None:
    brief, seed_of = seed_brief
    lineages = {s.lineage_id for s in brief.sources}
    meetings = [
        e
        for e in brief.events
        if not e.background
        and set(e.article_ids) == set(seed_of.values())
        and e.when.value == "2025-05-05"
        and e.where is not None
        and "Delhi" in e.where.name
        and {"Singh", "Nakatani"} <= {a.name.split()[-1] for a in (*e.actors, *e.recipients)}
    ]
    assert meetings, [(e.type, e.summary, e.when.value, e.article_ids) for e in brief.events]
    assert meetings[0].independent_sources == len(lineages)


def test_seed_brief_states_the_key_facts(seed_brief: tuple[Brief, dict[str, str]]) -> None:
    brief, _ = seed_brief
    for words in (
        ("reciprocal", "suppl", "services"),
        ("stealth radio", "November"),
        ("Pahalgam", "26"),
        ("2014", "partnership"),
    ):
        found = _said(brief, *words)
        assert found, f"nothing in the brief says {words}"
    # Stated by several outlets: every supporting article is listed (independence is the lineages').
    reciprocal = _said(brief, "reciprocal", "suppl", "services")
    assert max(len(ids) for _, ids, _ in reciprocal) >= 3
    # The toll and the attack come together in one statement (a claim sentence or the event).
    assert any("killed" in t.lower() or "lives" in t.lower() for t, _, _ in _said(brief, "Pahalgam", "26"))


def test_seed_brief_marks_single_source_claims(seed_brief: tuple[Brief, dict[str, str]]) -> None:
    brief, seed_of = seed_brief
    ishiba = [c for c in brief.unique if "Ishiba" in c.text]
    assert ishiba and ishiba[0].article_ids == (seed_of["000"],)
    for exercise in ("Dharma Guardian", "JIMEX", "Veer Guardian"):
        hits = [c for c in brief.unique if exercise in c.text]
        assert hits and hits[0].article_ids == (seed_of["002"],), exercise
    assert not any("Ishiba" in c.text or "JIMEX" in c.text for c in brief.claims)


def test_seed_brief_shows_the_reprint_lineage(seed_brief: tuple[Brief, dict[str, str]]) -> None:
    brief, seed_of = seed_brief
    lineage = {s.article_id: s.lineage_id for s in brief.sources}
    assert lineage[seed_of["001"]] == lineage[seed_of["004"]]
    assert {lin.id for lin in brief.lineages} == set(lineage.values())
    shared = next(lin for lin in brief.lineages if seed_of["001"] in lin.article_ids)
    assert seed_of["004"] in shared.article_ids


def test_seed_brief_is_traceable(
    seed_brief: tuple[Brief, dict[str, str]], seed_articles: list[Article]
) -> None:
    brief, _ = seed_brief
    assert_traceable(brief, seed_articles)


def test_brief_survives_the_store_codec(ferry: tuple[list[Article], Brief]) -> None:
    _, brief = ferry
    assert from_data(Brief, json.loads(json.dumps(to_data(brief)))) == brief


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        # the cleaner's dateline reader covers what the fuse pattern did not: a district, a year-less date
        ("Chainpur (Bajhang), March 3, 2026 — The toll rose to 14.", "The toll rose to 14."),
        ("JAKARTA, March 6 (Reuters) - A strong quake hit the coast.", "A strong quake hit the coast."),
        ("Kathmandu, Mar 3 (PTI) At least 12 people were killed.", "At least 12 people were killed."),
        ("The quake hit at 4:52 am.", "The quake hit at 4:52 am."),
    ],
)
def test_a_dateline_is_not_part_of_the_claim(sentence: str, claim: str) -> None:
    from newsfuse.fuse import _dateline_length

    assert sentence[_dateline_length(sentence) :] == claim
