"""entities: one parse per distinct paragraph, mentions and sentences as offsets into Article.text."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from newsfuse.extract.entities import Nlp, paragraphs, sentence_case, title_case
from newsfuse.models import Article, Lineage, When
from newsfuse.settings import ExtractSettings


def article(aid: str, text: str) -> Article:
    return Article(aid, "doc-" + aid, aid, None, None, None, None, "en", When.unknown("test"), text)


@pytest.fixture(scope="module")
def tiny() -> Language:
    """A blank English pipeline with rule-based entities: fast and deterministic."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": "PERSON", "pattern": "Claire Duval"},
            {"label": "GPE", "pattern": "Berlin"},
            {"label": "ORG", "pattern": "Foreign Ministry"},
        ]
    )
    return nlp


@pytest.fixture(scope="module")
def real() -> Nlp:
    return Nlp()


LEAD = "Claire Duval arrived in Berlin on Monday. She met officials."
BODY = "The Foreign Ministry said talks went well.\n\nNo date was set for a second round."


def test_paragraphs_keep_offsets() -> None:
    text = "  First para.  \n\nSecond para.\nThird."
    paras = paragraphs(text)
    assert [p for _, p in paras] == ["First para.", "Second para.", "Third."]
    for start, para in paras:
        assert text[start : start + len(para)] == para


def test_mentions_and_sentences_point_into_article_text(tiny: Language) -> None:
    nlp = Nlp(model=tiny)
    a = article("a", LEAD + "\n\n" + BODY)
    note = nlp.annotate([a])["a"]
    labels = {(m.span.text, m.label) for m in note.mentions}
    assert labels == {("Claire Duval", "PERSON"), ("Berlin", "GPE"), ("Foreign Ministry", "ORG")}
    for m in note.mentions:
        assert a.text[m.span.start : m.span.end] == m.span.text
        assert m.span.article_id == "a"
    assert [s.text for s in note.sentences][:2] == [
        "Claire Duval arrived in Berlin on Monday.",
        "She met officials.",
    ]
    for s in note.sentences:
        assert a.text[s.start : s.end] == s.text
    # sents() yields spaCy sentences with the offset that maps them onto the article
    for offset, sent in note.sents():
        assert a.text[offset + sent.start_char : offset + sent.end_char] == sent.text


def test_exact_copies_are_parsed_once_and_near_copies_only_pay_for_changes(tiny: Language) -> None:
    nlp = Nlp(model=tiny)
    origin = article("o", LEAD + "\n\n" + BODY)
    copy = article("c", LEAD + "\n\n" + BODY)
    rewrite = article("r", "BERLIN (Wire) - An added dateline paragraph.\n\n" + LEAD + "\n\n" + BODY)
    lineage = Lineage("L", ("o", "c", "r"), "o")
    notes = nlp.annotate([copy, rewrite, origin], [lineage])
    assert nlp.stats.paragraphs == 3 + 3 + 4
    assert nlp.stats.parsed == 4  # three shared paragraphs once, plus the new dateline paragraph
    # the rewrite's mentions are shifted onto its own text
    shifted = [m for m in notes["r"].mentions if m.label == "PERSON"]
    assert shifted and all(rewrite.text[m.span.start : m.span.end] == "Claire Duval" for m in shifted)
    assert shifted[0].span.start > notes["o"].mentions[0].span.start
    assert [m.span.text for m in notes["c"].mentions] == [m.span.text for m in notes["o"].mentions]


def test_entity_only_settings_still_give_sentences(tiny: Language) -> None:
    nlp = Nlp(ExtractSettings(parse=False), model=tiny)
    note = nlp.annotate([article("a", "One sentence here. Another one there.")])["a"]
    assert len(note.sentences) == 2


def test_real_model_finds_people_places_and_parses(real: Nlp) -> None:
    a = article(
        "a", "Defence Minister Rajnath Singh met his Japanese counterpart, Gen Nakatani, in New Delhi."
    )
    note = real.annotate([a])["a"]
    found = {(m.span.text, m.label) for m in note.mentions}
    assert ("Rajnath Singh", "PERSON") in found
    assert ("New Delhi", "GPE") in found
    _, sent = next(note.sents())
    assert any(t.dep_ == "nsubj" for t in sent)  # the parser ran: events need it


def test_missing_model_names_the_fix() -> None:
    with pytest.raises(OSError, match="pip install"):
        Nlp(ExtractSettings(spacy_model="no_such_model_xyz"))


@pytest.mark.parametrize(
    ("text", "cased"),
    [
        # a headline: common words go to lower case, names, the first word and acronyms stay
        (
            "Kenya Leader Criticizes Uganda's Response to Floods",
            "Kenya leader criticizes Uganda's response to floods",
        ),
        ("Gunmen Kill 13 in Attack on Market in Turkey", "Gunmen kill 13 in attack on market in Turkey"),
        ("UN Envoy Urges Talks: Rebels Agree to Meet", "UN envoy urges talks: Rebels agree to meet"),
        # prose with many titles and names is not a headline, nor is a name or a dateline
        (
            "Prime Minister Narendra Modi met President Joe Biden in New Delhi.",
            "Prime Minister Narendra Modi met President Joe Biden in New Delhi.",
        ),
        ("Defence Minister Rajnath Singh", "Defence Minister Rajnath Singh"),
        # people we know keep their names
        ("Bush Meets Rice in Texas for Talks on Iraq", "Bush meets Rice in Texas for talks on Iraq"),
        ("NEW DELHI, May 5 (PTI)", "NEW DELHI, May 5 (PTI)"),
    ],
)
def test_headlines_are_parsed_in_sentence_case(real: Nlp, text: str, cased: str) -> None:
    vocab = real.vocabulary()
    assert sentence_case(text, vocab) == cased
    assert len(sentence_case(text, vocab)) == len(text)  # offsets into the article stay valid
    assert title_case(text, vocab) == (cased != text)


def test_a_headline_parses_with_its_verb(real: Nlp) -> None:
    a = article("h", "Turkey Expels Dutch Envoy Over Rally Row")
    note = real.annotate([a])["h"]
    _, sent = next(note.sents())
    assert sent.root.lemma_ == "expel", [(t.text, t.pos_, t.dep_) for t in sent]
    assert ("Turkey", "GPE") in {(m.span.text, m.label) for m in note.mentions}
    assert note.sentences[0].text == a.text  # spans read the original casing


def test_prefetch_over_two_processes_gives_the_same_annotations(real: Nlp) -> None:
    import dataclasses

    arts = [
        article(
            f"a{i}",
            f"Claire Duval met officials in Berlin on day {i}.\n\n{BODY}\n\nTalks in Nairobi ended {i}.",
        )
        for i in range(6)
    ]
    alone = real.annotate(arts)
    small = Nlp(dataclasses.replace(real.settings, batch_size=2), model=real.model)
    assert small.prefetch(arts, processes=2) == 6 + 2 + 6  # distinct paragraphs, each parsed once
    ahead = small.annotate(arts)
    assert small.prefetch(arts, processes=2) == 0  # already there
    small.release()
    for a in arts:
        assert ahead[a.id].mentions == alone[a.id].mentions
        assert ahead[a.id].sentences == alone[a.id].sentences
        deps = [[(t.text, t.dep_, t.head.i) for t in s] for _, s in ahead[a.id].sents()]
        assert deps == [[(t.text, t.dep_, t.head.i) for t in s] for _, s in alone[a.id].sents()]
