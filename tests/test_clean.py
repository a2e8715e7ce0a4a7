"""Cleaning: the line classifier, the metadata finders, clean_document on our fixtures and the seeds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsfuse.clean import CleanContext, clean_document
from newsfuse.clean.meta import (
    find_byline,
    find_credit,
    find_date_header,
    find_dateline,
    outlet_from_byline,
    parse_date,
    split_title_suffix,
)
from newsfuse.clean.text import Block, classify_line, clean_lines, find_body, line_features, split_lines
from newsfuse.errors import FailedInput, SkipInput
from newsfuse.models import Article, Document, content_id
from newsfuse.settings import CleanSettings

SETTINGS = CleanSettings()


def make_doc(
    text: str,
    *,
    origin: str = "test.txt",
    media_type: str = "text/plain",
    hints: tuple[tuple[str, str], ...] = (),
) -> Document:
    raw = text.encode("utf-8")
    return Document(
        id=content_id(raw), origin=origin, media_type=media_type, encoding="utf-8", size=len(raw),
        status="ok", reason="", raw=raw, text=text, hints=hints,
    )  # fmt: skip


def load(fixtures_dir: Path, name: str, **kw: object) -> Document:
    path = fixtures_dir / "clean" / name
    return make_doc(path.read_text(encoding="utf-8"), origin=str(path), **kw)  # type: ignore[arg-type]


def assert_offsets(article: Article) -> None:
    """Every removed span and every evidence span must point at its text in the source."""
    src = article.source_text
    for r in article.removed:
        assert src[r.start : r.end] == r.text, r
    for name, span in article.evidence:
        assert span.article_id == article.id
        assert src[span.start : span.end] == span.text, (name, span)
    for span in article.published.evidence:
        assert src[span.start : span.end] == span.text


def body_lines(article: Article) -> set[str]:
    return {line.strip() for line in article.text.split("\n") if line.strip()}


# --- line classifier -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("The city had warned residents that repairs could take three weeks, officials said.", "prose"),
        ("It added, “Security matters a lot.”", "sentence"),
        ("• Enhancing joint military exercises and staff talks.", "sentence"),
        ("Lobster Prices Climb Ahead Of Summer Season", "heading"),
        ("Share", "chrome"),
        ("Home » World » Asia", "chrome"),
        ("• fb", "chrome"),
    ],
)
def test_classify_line_by_shape(line: str, kind: str) -> None:
    assert classify_line(line_features(line), SETTINGS) == kind


def test_find_body_is_the_densest_run() -> None:
    assert find_body([-4, -4, 20, -6, 30, -4, -6, -4]) == (2, 5)
    assert find_body([-1, -2]) == (0, 0)


def test_split_lines_keeps_offsets() -> None:
    text = "  Menu\n\nFirst line here.  \r\nLast"
    for b in split_lines(text):
        assert text[b.start : b.end] == b.text
    assert [b.text for b in split_lines(text)] == ["Menu", "First line here.", "Last"]


def test_clean_lines_cuts_chrome_around_and_inside_the_body() -> None:
    text = "\n".join(
        [
            "Home",
            "World",
            "Storm Closes Ports Along The Coast",
            "Heavy winds closed three ports along the coast on Tuesday, and shipping companies said delays would last days.",
            "Advertisement",
            "Harbour officials said the ports would reopen once inspectors had checked every crane and berth.",
            "Share",
            "Advertisement",
            "Related Story About Something Else Entirely",
            "Another Related Headline Sits Here",
        ]
    )
    result = clean_lines(text, SETTINGS, title="Storm Closes Ports Along The Coast")
    kept = [b.text for b in result.kept]
    assert kept == [
        "Heavy winds closed three ports along the coast on Tuesday, and shipping companies said delays would last days.",
        "Harbour officials said the ports would reopen once inspectors had checked every crane and berth.",
    ]
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Advertisement"] == "repeated line"
    assert reasons["Home"] == "menu line"
    assert reasons["Another Related Headline Sits Here"] == "related headlines after the end"
    for r in result.removed:
        assert text[r.start : r.end] == r.text


# --- metadata finders ------------------------------------------------------------------------------


def test_parse_date_reads_the_shortest_date_prefix() -> None:
    assert parse_date("2025-05-04 In the backdrop of talks") == ("2025-05-04", "day", 10)
    assert parse_date("May 5, 2025") == ("2025-05-05", "day", 11)
    assert parse_date("March 2024 edition")[:2] == ("2024-03", "month")  # type: ignore[index]
    assert parse_date("Home") is None
    assert parse_date("11 global languages") is None


@pytest.mark.parametrize(
    ("line", "value", "date_text"),
    [
        ("DateMay 5, 2025", "2025-05-05", "May 5, 2025"),
        (" date 2025-05-04 In the backdrop of talks, the minister said.", "2025-05-04", "2025-05-04"),
        ("Published: March 3, 2024", "2024-03-03", "March 3, 2024"),
        (
            "New Delhi, News Nation Bureau | Updated : 19 November 2019, 09:01 AM",
            "2019-11-19",
            "19 November 2019",
        ),
    ],
)
def test_find_date_header(line: str, value: str, date_text: str) -> None:
    block = split_lines(line)[0]
    found = find_date_header(block)
    assert found is not None and found.value == value
    assert line[found.start : found.end] == date_text


def test_date_in_prose_is_not_a_header() -> None:
    block = Block(0, 60, "The ministers will meet on May 5, 2025, for talks in Delhi.")
    assert find_date_header(block) is None


@pytest.mark.parametrize(
    ("line", "dateline", "date", "credit"),
    [
        (
            "New Delhi, May 4, 2025 — In a significant move, the minister spoke.",
            "New Delhi, May 4, 2025",
            "2025-05-04",
            None,
        ),
        ("PORTLAND, Maine (AP) — Ferry service resumed on Saturday.", "PORTLAND, Maine (AP)", None, "AP"),
        (
            "LONDON, 5 May 2024 (Reuters) - Shares fell sharply.",
            "LONDON, 5 May 2024 (Reuters)",
            "2024-05-05",
            "Reuters",
        ),
    ],
)
def test_find_dateline(line: str, dateline: str, date: str | None, credit: str | None) -> None:
    found = find_dateline(Block(0, len(line), line))
    assert found is not None
    assert found.text == dateline
    assert (found.date.value if found.date else None) == date
    assert (found.credit.value if found.credit else None) == credit


def test_prose_is_not_a_dateline() -> None:
    line = "Sources said, however, that talks would go on — for now."
    assert find_dateline(Block(0, len(line), line)) is None


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("PTI", "PTI"),
        ("— Reuters", "Reuters"),
        ("(With inputs from PTI and ANI)", "PTI, ANI"),
        ("With inputs from agencies.", ""),
    ],
)
def test_find_credit(line: str, credit: str) -> None:
    found = find_credit(Block(0, len(line), line))
    assert found is not None and found.value == credit


def test_credit_needs_the_whole_line() -> None:
    line = "PTI reported that the talks went well."
    assert find_credit(Block(0, len(line), line)) is None


def test_bylines_and_outlets_from_them() -> None:
    by = find_byline(Block(0, 14, "By Maria Costa"))
    assert by is not None and by.value == "Maria Costa"
    role = find_byline(Block(0, 17, "DSA Correspondent"))
    assert role is not None and role.value == "DSA Correspondent"
    assert outlet_from_byline("DSA Correspondent") == "DSA"
    assert outlet_from_byline("News Nation Bureau") == "News Nation"
    assert outlet_from_byline("Special Correspondent") is None
    assert find_byline(Block(0, 40, "By the end of the week, talks resumed.")) is None


def test_split_title_suffix() -> None:
    assert split_title_suffix("Fact Check: Is An Oxygen Bar Real? - News Nation") == (
        "Fact Check: Is An Oxygen Bar Real?",
        "News Nation",
    )
    assert split_title_suffix("No separator in this headline") is None


# --- clean_document on our fixtures --------------------------------------------------------------

HARBOR_BODY = [
    "PORTLAND, Maine (AP) — Ferry service between Portland and the outer islands resumed on Saturday",
    "The city had warned residents that repairs could take three weeks",
    '"We knew people on the islands were counting on us," said harbor master Tom Reilly.',
    "He agreed.",
    "The council will review the following steps at its next meeting:",
    "• Building a second ramp that can be used during future repairs.",
    "• Setting aside an emergency fund for storm damage at the terminal.",
    "• Publishing a winter schedule that includes backup crossings.",
    "Engineers will inspect the pilings again in April",
    'It said, "The schedule is back to normal."',
]
HARBOR_CHROME = [
    "Skip to main content", "Text size", "Choose the text size", "Dark mode", "Subscribe", "Share",
    "Facebook", "Advertisement", "Image: The repaired ramp", "Read more:", "More from Harbor Ledger",
    "Lobster Prices Climb", "Old Port Restaurant Week", "Privacy Policy", "All rights reserved",
    "Crews restored the terminal in nine days", "Published: March 3, 2024", "By Maria Costa",
]  # fmt: skip


def test_plain_page_with_chrome(fixtures_dir: Path) -> None:
    article = clean_document(load(fixtures_dir, "harbor_page.txt"), SETTINGS)
    for sentence in HARBOR_BODY:
        assert sentence in article.text
    for chrome in HARBOR_CHROME:
        assert chrome not in article.text, chrome
    assert "Ferry Service Resumes" not in article.text  # the headline and its repeat are not body
    assert article.title == "Ferry Service Resumes After Winter Storm Damage"
    assert article.byline == "Maria Costa"
    assert article.credit == "AP"
    assert article.outlet == "Harbor Ledger Media"
    assert article.dateline == "PORTLAND, Maine (AP)"
    assert article.published.value == "2024-03-03" and article.published.resolved_from == "header"
    assert article.published.evidence[0].text == "March 3, 2024"
    assert article.language == "en"
    assert article.id == content_id(article.document_id, article.text)
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["By Maria Costa"] == "byline"
    assert reasons["AP"] == "credit line"
    assert reasons["Crews restored the terminal in nine days, faster than the city expected."] == "teaser"
    assert_offsets(article)


def test_html_page_uses_trafilatura_and_page_metadata(fixtures_dir: Path) -> None:
    doc = load(fixtures_dir, "harbor_page.html", media_type="text/html")
    article = clean_document(doc, SETTINGS)
    assert article.text.startswith("PORTLAND, Maine (AP) — Ferry service")
    assert "Lobster Prices" not in article.text and "Home" not in body_lines(article)
    assert article.title == "Ferry Service Resumes After Winter Storm Damage"
    assert article.outlet == "Harbor Ledger"
    assert article.byline == "Maria Costa"
    assert article.credit == "AP"
    assert article.published.value == "2024-03-03"
    assert article.published.resolved_from == "html-metadata"
    credit_span = dict(article.evidence)["credit"]
    assert credit_span.start > article.source_text.index("PORTLAND")  # the "(AP)" of the dateline
    assert_offsets(article)


def test_date_only_in_body_prose_is_unknown(fixtures_dir: Path) -> None:
    article = clean_document(load(fixtures_dir, "body_date_only.txt"), SETTINGS)
    assert article.published.value is None
    assert article.published.reason == "no date in text"
    assert "June 12, 2024" in article.text


def test_input_hints_are_used(fixtures_dir: Path) -> None:
    hints = (("url", "https://example.org/trade"), ("published", "2024-06-10"), ("outlet", "Example Times"))
    article = clean_document(load(fixtures_dir, "body_date_only.txt", hints=hints), SETTINGS)
    assert article.published.value == "2024-06-10" and article.published.resolved_from == "input-metadata"
    assert article.outlet == "Example Times"
    assert article.url == "https://example.org/trade"


def test_not_english_is_skipped_with_the_language(fixtures_dir: Path) -> None:
    with pytest.raises(SkipInput, match=r"not English \(detected: fr, [01]\.\d\d\)"):
        clean_document(load(fixtures_dir, "french_page.txt"), SETTINGS)


def test_no_body_is_skipped() -> None:
    with pytest.raises(SkipInput, match=r"no article body: \d+ words after cleaning"):
        clean_document(make_doc("Home\nWorld\nShare\nSubscribe"), SETTINGS)


def test_a_one_sentence_report_is_skipped_naming_the_floor_and_kept_under_a_lower_one() -> None:
    report = make_doc(
        "On 3 June 2022, residents protested in Mongu (Mongu, Western) against a rise in fuel prices."
    )
    with pytest.raises(SkipInput) as skipped:
        clean_document(report, SETTINGS)
    assert str(skipped.value) == "no article body: 16 words after cleaning (clean.min_words is 40)"
    kept = clean_document(report, dataclasses.replace(SETTINGS, min_words=10))
    assert kept.text.startswith("On 3 June 2022, residents protested in Mongu")


def test_bad_documents_raise_input_errors() -> None:
    failed = dataclasses.replace(make_doc("x"), status="failed", reason="binary file")
    with pytest.raises(FailedInput, match="binary file"):
        clean_document(failed, SETTINGS)
    undecodable = dataclasses.replace(make_doc(""), raw=b"\xff\xfe\xfa\x00bad", text=None, encoding="utf-8")
    with pytest.raises(FailedInput, match="cannot decode"):
        clean_document(undecodable, SETTINGS)
    with pytest.raises(SkipInput):
        clean_document(make_doc("   \n  "), SETTINGS)


def test_context_cuts_lines_repeated_across_pages_of_one_site(fixtures_dir: Path) -> None:
    briefing = "Get the morning briefing from our newsroom delivered to your inbox every weekday."
    docs = [
        load(fixtures_dir, name, hints=(("url", f"https://www.harborledger.example/{i}"),))
        for i, name in enumerate(["harbor_other_page.txt", "harbor_page_with_briefing.txt"])
    ]
    context = CleanContext.from_documents(docs)
    article = clean_document(docs[1], SETTINGS, context)
    assert briefing not in article.text
    assert {r.reason for r in article.removed if r.text == briefing} == {"seen on other pages of this site"}
    assert "The public library will stay open until 8 p.m." in article.text
    # Without a site (no URL or outlet hint) nothing is pooled: the line is judged by shape only.
    bare = [load(fixtures_dir, n) for n in ["harbor_other_page.txt", "harbor_page_with_briefing.txt"]]
    assert CleanContext.from_documents(bare).site_chrome == {}


# --- the seeds (real pages, read in place) ----------------------------------------------------------

# Every body paragraph of each seed, by a distinctive stretch of it; and chrome that must go.
SEED_BODY: dict[str, list[str]] = {
    "000": [
        "Defence Minister Rajnath Singh is set to host his Japanese counterpart, Gen Nakatani, in New Delhi",
        "The talks are expected to cover a broad spectrum of strategic and security issues",
        "A key focus of the discussions will be the security situation arising from the Pahalgam terror attack",
        "The Japanese leadership has already expressed solidarity with India",
        "Another prominent agenda item is the progress on a proposed Reciprocal Provision",
        "This pact is seen as a significant step towards enhancing interoperability",
        "The two sides are also expected to deliberate on expanding defence industrial cooperation",
        "Notably, India and Japan recently signed an agreement for the co-development",
        "Regional security dynamics, particularly China’s increasing military posturing",
        "This meeting marks the second interaction between Singh and Nakatani within six months",
        "The Ministry of Defence has underscored that defence and security are vital pillars",
        "their growing defence partnership is poised to play a pivotal role in shaping the security architecture of the Indo-Pacific.",
    ],
    "001": [
        "In the backdrop of ongoing discussions between India and Japan on a reciprocal logistics agreement",
        "The Ministry of Defence stated on Sunday that both sides will exchange views",
        "India and Japan are strategic partners in the Quad, along with the United States and Australia.",
        "This will be the second meeting between the two Defence Ministers in six months",
        "After the November 2024 meeting, the Ministry of Defence stated that both sides were working",
        "A key focus of the discussion was a proposed Reciprocal Provision of Supplies and Services Agreement.",
        "If finalised, the agreement would allow Indian warships and aircraft to receive supplies",
        "The two nations are also exploring enhanced cooperation in the air domain",
        "In November 2024, India and Japan signed an agreement for co-development",
        "India and Japan share a longstanding friendship",
        "Defence and security remain key pillars of this bilateral cooperation.",
        "Defence exchanges between India and Japan have grown stronger in recent years",
        "reflecting a shared outlook on peace, security, and stability in the Indo-Pacific region.",
    ],
    "002": [
        "New Delhi, May 4, 2025 — In a significant move towards bolstering bilateral defence ties",
        "The two ministers are expected to exchange views on the prevailing regional",
        "The meeting comes at a time of heightened strategic alignment between India and Japan",
        "With evolving challenges from aggressive posturing in the South China Sea",
        "This will be the second meeting between the two defence leaders within a span of six months",
        "The upcoming dialogue in New Delhi reflects a continuity of defence diplomacy and strategic trust.",
        "India and Japan share a historical camaraderie",
        "The collaboration encompasses regular defence dialogues, military exercises like Dharma Guardian",
        "Key agenda items during the May 5 discussions are expected to include:",
        "Enhancing joint military exercises and staff talks.",
        "Boosting cooperation in maritime domain awareness (MDA) and undersea warfare.",
        "Collaboration in emerging domains such as cyber defence and space security.",
        "Exchange programmes between defence institutions and think tanks.",
        "The growing convergence between the two nations is largely attributed to their shared commitment",
        "As the world witnesses shifting geopolitical currents",
        "could potentially pave the way for future defence pacts and enhanced technology sharing in the months to come.",
    ],
    "003": [
        "Defense Minister Rajnath Singh is set to host his Japanese counterpart, Gen Nakatani, for wide-ranging talks on Monday, May 5.",
        "The meeting marks a significant diplomatic engagement, aiming to deepen defense ties",
        "According to the Ministry of Defence, both sides will exchange “views and ideas”",
        "The discussions will also focus on strengthening bilateral defence cooperation between India and Japan.",
        "It is expected that the situation emerging from the April 22 Pahalgam terror attack",
        "The incident has sparked renewed strain between India and Pakistan.",
        "Alongside regional issues, Singh and Gen Nakatani are also anticipated to explore ways",
        "This will be the second meeting between the two ministers in less than six months.",
        "Their first interaction took place in November on the sidelines of the ASEAN Defence Ministers’ Meeting-Plus",
        "At their last meeting, Singh and Gen Nakatani deliberated on the reciprocal supply and services pact",
        "The agreement, if finalised, is expected to significantly enhance interoperability",
        "“India and Japan share a long-term friendship, which has further gained qualitative momentum",
        "It added, “Defence and security are important pillars of the ties between the two countries.”",
        "It is also understood that both sides will review the situation in the East and South China Seas",
        "The strategic waters have become a focal point for both countries",
        "“Defence exchanges between India and Japan have gained strength in recent years",
        "“Its significance is increasing from the common outlook on issues of peace, security and stability of the Indo-Pacific Region,” it further noted.",
    ],
    "004": [
        "In the backdrop of India and Japan discussing a reciprocal agreement for logistics for their Navies, Defence Minister Rajnath Singh will hold a bilateral meeting with Japanese counterpart General Nakatani in New Delhi on Monday.",
        "The Ministry of Defence on Sunday said both sides will exchange views and ideas",
        "This will be the second meeting between the two defence ministers within six months",
        "After the November-2024 meeting, the Ministry of Defence had said that both sides were trying",
        "If agreed upon, it would allow Indian warships and planes to gets supplies",
        "The same facility would be available for Japanese forces at Indian bases.",
        "Notably, the two nations, along with the US and Australia, are partners in the QUAD",
        "Both sides have also agreed for enhanced cooperation in co-production and co-development",
        "In November last year, India and Japan inked an agreement for co-development",
        "India and Japan share a long-term friendship, which has further gained qualitative momentum",
        "Defence exchanges between India and Japan have gained strength in recent years",
        "Its significance is increasing from the common outlook on issues of peace, security and stability of the Indo-Pacific region.",
    ],
}
SEED_CHROME: dict[str, list[str]] = {
    "000": ["PTI"],
    "001": ["date 2025-05-04"],
    "002": ["DSA Correspondent", "DateMay 5, 2025", "Share", "India-Japan Defence Ties Deepen",
            "Raksha Mantri Rajnath Singh will host Japan’s Defence Minister"],
    "003": ["date 2025-05-04", "Home", "Explore", "Settings", "Reading Mode", "Adjust the reading mode",
            "Font Size", "Select the language", "NewsX reports are available", "Select Language", "Live Tv",
            "Monday, May 5, 2025", "Rajnath Singh To Hold Key Talks", "will host his Japanese counterpart Gen Nakatani on Monday",
            "Rajnath Singh to host Japan's Gen Nakatani", "Advertisement", "Scroll to continue", "Also Read",
            "What You Desire", "Filed under", "newsx", "No More Talks", "Brazilian", "Lady Gaga", "Met Gala",
            "Trump Rules Out", "Ferozepur", "Entertainment", "Lifestyle", "Can Money Make You Moral",
            "JD Vance Visits Amer Fort"],
    "004": ["DT", "PT", "Subscribe To Print Edition", "search-icon-img", "Advertisement",
            "Rajnath to hold bilateral meet with Japanese counterpart", "The Ministry of Defence on...",
            "fb", "twitter", "whatsapp", "featured-img", "Rajnath Singh. File photo", "tlbr_img1", "E-Paper"],
}  # fmt: skip


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> dict[str, Article]:
    out: dict[str, Article] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = make_doc(path.read_text(encoding="utf-8"), origin=str(path))
        out[path.name[:3]] = clean_document(doc, SETTINGS)
    if len(out) < 5:
        pytest.skip(f"expected 5 seed pages in {seeds_dir}, found {len(out)}")
    return out


@pytest.mark.parametrize("seed", sorted(SEED_BODY))
def test_seed_body_keeps_every_sentence_and_no_chrome(seed_articles: dict[str, Article], seed: str) -> None:
    article = seed_articles[seed]
    for sentence in SEED_BODY[seed]:
        assert sentence in article.text, sentence
    lines = body_lines(article)
    for chrome in SEED_CHROME[seed]:
        if len(chrome) <= 12:  # short labels: must not survive as a line of their own
            assert not any(chrome.lower() == line.lower() or line.startswith(chrome) for line in lines), (
                chrome
            )
        else:
            assert chrome not in article.text, chrome
    # No line twice (repeated headline or teaser), and the title is not part of the body.
    assert len(lines) == len(article.text.split("\n\n"))
    if article.title:
        assert article.title not in article.text
    assert_offsets(article)


def test_seed_dates(seed_articles: dict[str, Article]) -> None:
    for seed in ("001", "003"):
        when = seed_articles[seed].published
        assert (when.value, when.precision, when.resolved_from) == ("2025-05-04", "day", "header")
        assert [s.text for s in when.evidence] == ["2025-05-04"]
    # 002: the header (the page's publication date) wins over the dateline (the day of reporting).
    when = seed_articles["002"].published
    assert (when.value, when.resolved_from) == ("2025-05-05", "header")
    assert [s.text for s in when.evidence] == ["May 5, 2025"]
    assert seed_articles["002"].dateline == "New Delhi, May 4, 2025"
    for seed in ("000", "004"):
        when = seed_articles[seed].published
        assert when.value is None and when.reason == "no date in text"


def test_seed_people_and_outlets(seed_articles: dict[str, Article]) -> None:
    assert seed_articles["002"].byline == "DSA Correspondent"
    assert seed_articles["002"].outlet == "DSA"
    assert seed_articles["000"].credit == "PTI"
    assert seed_articles["003"].outlet == "NewsX"
    assert seed_articles["004"].outlet == "The Tribune"
    assert seed_articles["003"].credit is None  # "With inputs from agencies" names no agency
    assert (
        seed_articles["003"].title
        == "Rajnath Singh To Hold Key Talks With Japanese Defence Minister On May 5"
    )
    assert seed_articles["004"].title == "Rajnath to hold bilateral meet with Japanese counterpart"
    for article in seed_articles.values():
        names = {name for name, _ in article.evidence}
        if article.outlet:
            assert "outlet" in names
        if article.published.value:
            assert "published" in names


def test_garbage_only_ever_raises_input_errors(seeds_dir: Path) -> None:
    """Cut, shuffled and random inputs: an article or SkipInput/FailedInput, never another exception."""
    import random

    rng = random.Random(7)
    page = (seeds_dir / "003_407df2c7b507a04c.txt").read_text(encoding="utf-8")
    alphabet = "abc XYZ.,:;!?\n\n—–…“”•·»|2025-05-04 <p></p> é あ 中"
    inputs = ["", "\n\n", page[:200], page[-300:], "<html><body><p>Hi</p></body></html>"]
    for _ in range(20):
        a = rng.randrange(len(page))
        inputs.append(page[a : a + rng.randrange(2000)])
        lines = page.split("\n")
        rng.shuffle(lines)
        inputs.append("\n".join(lines))
        inputs.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(1500))))
    for text in inputs:
        for media_type in ("text/plain", "text/html"):
            try:
                article = clean_document(make_doc(text, media_type=media_type), SETTINGS)
            except (SkipInput, FailedInput):
                continue
            assert article.text and article.id == content_id(article.document_id, article.text)
            assert_offsets(article)


def test_header_date_wins_over_dateline_and_context_pickles() -> None:
    import pickle

    text = "\n".join(
        [
            "Published: June 3, 2024",
            "GENEVA, June 2, 2024 — Trade ministers from both countries agreed on Sunday to resume talks on tariffs",
            "and farm subsidies after a pause of two years, officials said after the meeting in Geneva.",
            "The talks are expected to cover digital trade and the protection of food names, among other issues,",
            "and both sides said they hoped to agree on a framework before the end of the year.",
        ]
    )
    article = clean_document(make_doc(text, hints=(("url", "https://www.example.org/a"),)), SETTINGS)
    assert article.published.value == "2024-06-03" and article.published.resolved_from == "header"
    assert article.dateline == "GENEVA, June 2, 2024"
    assert article.outlet == "example.org"  # nothing on the page names it: the URL's host
    context = CleanContext.from_documents([make_doc(text)])
    assert pickle.loads(pickle.dumps(context)) == context


def test_masthead_over_a_menu_row_names_the_outlet() -> None:
    text = "\n".join(
        [
            "Lakeside Weekly",
            "Home   News   Business   Features   Letters",
            "",
            "Traders hope new power deal ends the blackouts",
            "",
            "Share:   Facebook   Twitter   WhatsApp",
            "",
            "Shopkeepers and millers say they have heard promises about reliable electricity before, "
            "but they hope this time will be different after the ministers agreed on Thursday to rebuild the line.",
            "",
            "The line will be upgraded under a memorandum of understanding signed in Kampala, "
            "and the ministry said the current line regularly trips during peak demand.",
        ]
    )
    article = clean_document(make_doc(text), SETTINGS)
    assert article.outlet == "Lakeside Weekly"
    assert article.title == "Traders hope new power deal ends the blackouts"
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["Home   News   Business   Features   Letters"] == "menu line"
    assert "Share:" not in article.text and article.text.startswith("Shopkeepers and millers")


def test_the_outlet_speaking_about_itself_at_the_end_is_footer() -> None:
    body = [
        "The county board voted on Tuesday to close the old river bridge to trucks from next month.",
        "Engineers told the board that the 1952 span had lost a fifth of its load capacity since the last "
        "inspection, and that repairs would take at least two years once funding is found.",
        "Hauliers said the detour would add forty minutes to every trip between the quarry and the port, "
        "and asked the board to pay for a temporary crossing.",
        "The figures were first published last week by the Millbrook Courier, which obtained the report.",
    ]
    footer = "The Millbrook Courier welcomes letters from readers. Write to the editor."
    text = "\n\n".join(
        ["Board shuts old river bridge to trucks", *body, footer, "Copyright Millbrook Courier."]
    )
    article = clean_document(make_doc(text, hints=(("outlet", "Millbrook Courier"),)), SETTINGS)
    assert footer not in article.text
    assert body[-1] in article.text  # a sentence citing the outlet is news, and it is not at the end
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons[footer].startswith("outlet footer")
    assert_offsets(article)


def test_a_syndication_note_is_not_news() -> None:
    body = [
        "Floods cut the main road to the coast on Monday after two days of heavy rain, the roads agency said.",
        "(This story has not been edited by Hill Times staff and is auto-generated from a syndicated feed.)",
        "Engineers expect the road to reopen by Thursday once the water has gone down and the bridges "
        "have been checked.",
    ]
    article = clean_document(make_doc("\n\n".join(["Floods cut coast road", *body])), SETTINGS)
    assert body[1] not in article.text and body[0] in article.text and body[2] in article.text
    assert {r.text: r.reason for r in article.removed}[body[1]].startswith("syndication note")
    assert_offsets(article)


def test_wire_staff_credits_at_the_end_are_not_news() -> None:
    body = [
        "A strong earthquake shook the coast of the province on Friday, damaging dozens of homes, the "
        "disaster agency said.",
        "Residents spent the night in open fields as aftershocks continued, and schools in the district "
        "were closed until Monday while engineers check the buildings.",
        "The agency said it had sent tents, food and water to the worst-hit villages by the evening.",
    ]
    credits = "(Reporting by Ana Ruiz and Tomas Lee; Editing by Mark Bell)"
    text = "\n\n".join(["Quake damages homes on the coast", *body, credits])
    article = clean_document(make_doc(text), SETTINGS)
    assert credits not in article.text and body[-1] in article.text
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons[credits].startswith("staff credits")
    assert article.byline == "Ana Ruiz and Tomas Lee"  # no byline at the top: the credits name the reporters
    assert_offsets(article)


@pytest.mark.parametrize(
    "text",
    [
        "These crawls are part of an effort to archive pages as they are created. The Internet Archive "
        "hopes that references to these archived pages will be put in place of a link that would otherwise "
        "be broken, so that readers can see what the author of a page originally meant to show them.",
        "This is a set of web collections curated by a librarian using the Archive-It service of the "
        "Internet Archive. They include web captures of several community websites, and the captures are "
        "available to the general public for research and for reference by anyone who needs them.",
    ],
)
def test_a_web_archive_crawl_notice_is_not_an_article(text: str) -> None:
    with pytest.raises(SkipInput, match="web-archive crawl notice"):
        clean_document(make_doc(text), SETTINGS)


def test_an_article_about_the_internet_archive_is_an_article() -> None:
    body = " ".join(
        [
            "The Internet Archive lost its appeal on Friday in a copyright case brought by four publishers.",
            "The court ruled that the nonprofit's lending of scanned books was not fair use, a decision the",
            "archive said it would study before deciding whether to take the case further. Lawyers for the",
            "publishers said the ruling protected authors' income. The archive's founder said libraries had",
            "lent books for centuries and should be able to do so online. The Wayback Machine, the archive's",
            "best-known service, which crawls and stores copies of web pages, is not affected by the ruling.",
        ]
        * 3
    )
    article = clean_document(make_doc(body), SETTINGS)
    assert "copyright case" in article.text


@pytest.mark.parametrize(
    "line",
    [
        "Also Read: Truckers end border blockade after talks with officials",
        "READ MORE: council to review bus fares",
        "See also - Floods cut off three districts",
    ],
)
def test_related_story_links_are_chrome_in_any_case(line: str) -> None:
    body = [
        "The council voted on Tuesday to keep the night bus running for another year after a petition.",
        "Residents had collected more than 4,000 signatures, the council said, and the mayor backed them.",
        "The service costs about $2 million a year and carries about 900 people a night, figures show.",
    ]
    text = "\n\n".join([body[0], line, *body[1:]])
    html = (
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in [body[0], line, *body[1:]])
        + "</article></body></html>"
    )
    for doc in (make_doc(text), make_doc(html, origin="t.html", media_type="text/html")):
        article = clean_document(doc, SETTINGS)
        assert line not in article.text and body[2] in article.text


@pytest.mark.parametrize(
    ("line", "place", "credit", "date"),
    [
        ("JAKARTA, March 6 (Reuters) - A strong quake struck.", "JAKARTA", "Reuters", None),  # year-less date
        ("Kathmandu, Mar 3 (PTI) At least 12 people were killed.", "Kathmandu", "PTI", None),  # no dash
        ("Chainpur (Bajhang), March 3, 2026 — The toll rose.", "Chainpur (Bajhang)", None, "2026-03-03"),
        ("Paris (Reuters) - The talks ended.", "Paris", "Reuters", None),
    ],
)
def test_wire_datelines(line: str, place: str, credit: str | None, date: str | None) -> None:
    from newsfuse.clean.meta import find_dateline
    from newsfuse.clean.text import Block

    found = find_dateline(Block(0, len(line), line))
    assert found is not None
    assert (found.place, found.credit.value if found.credit else None) == (place, credit)
    assert (found.date.value if found.date else None) == date


def test_a_copyright_line_with_the_year_after_names_the_outlet() -> None:
    from newsfuse.clean.meta import _COPYRIGHT

    assert [m.group("name") for m in _COPYRIGHT.finditer("© Valley Times 2026")] == ["Valley Times"]
