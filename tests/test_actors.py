"""actors: role, country and sector from the text; one actor per person across a story."""

from __future__ import annotations

import pytest

from newsfuse.extract.actors import (
    ActorResolver,
    KnownPeople,
    SectorTable,
    actor_id,
    find_role,
    group_of,
    international,
)
from newsfuse.extract.entities import Annotation, Nlp
from newsfuse.extract.places import Gazetteer
from newsfuse.models import Actor, Article, When


def article(aid: str, text: str, dateline: str | None = None) -> Article:
    return Article(
        aid, "d" + aid, aid, None, None, None, None, "en", When.unknown("test"), text, dateline=dateline
    )


def resolve(
    nlp: Nlp, gazetteer: Gazetteer, *articles: Article
) -> tuple[ActorResolver, dict[str, Annotation]]:
    notes = nlp.annotate(list(articles))
    return ActorResolver(notes, gazetteer, list(articles)), notes


def by_name(resolver: ActorResolver, name: str) -> Actor:
    hits = [a for a in resolver.actors() if a.name == name]
    assert len(hits) == 1, [a.name for a in resolver.actors()]
    return hits[0]


@pytest.mark.parametrize(
    ("title", "role", "country"),
    [
        ("India's Defence Minister", "defence minister", None),
        ("Raksha Mantri", "defence minister", "IND"),
        ("Prime Minister", "prime minister", None),
        ("the Minister of Foreign Affairs", "foreign minister", None),
        ("US Secretary of State", "secretary of state", None),
        ("Deputy Prime Minister", "deputy prime minister", None),
    ],
)
def test_find_role(title: str, role: str, country: str | None) -> None:
    match = find_role(title)
    assert match is not None
    assert (match.role, match.implied_country) == (role, country)


def test_find_role_none_for_plain_words() -> None:
    assert find_role("the quick brown fox") is None


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("police officers", "COP"),
        ("the Indian army", "MIL"),
        ("Ministry of Defence", "GOV"),
        ("defence ministry", "GOV"),
        ("rebels", "REB"),
        ("a hospital", "MED"),
        ("a blue sky", None),
        # the head of an "A of B" name comes before "of"
        ("Ministry of Home", "GOV"),
        ("Chief of Army Staff", "MIL"),
        ("the people of Nepal", None),
    ],
)
def test_sector_table(phrase: str, sector: str | None) -> None:
    assert SectorTable().sector_of(phrase) == sector


def test_actor_id_is_a_stable_content_hash() -> None:
    assert actor_id("Claire Duval") == actor_id("claire  duval")
    assert actor_id("Claire Duval") != actor_id("Jonas Becker")


def test_roles_countries_and_counterparts(nlp: Nlp, gazetteer: Gazetteer) -> None:
    a = article(
        "a",
        "France's Foreign Minister Claire Duval met her German counterpart, Jonas Becker, in Berlin.\n\n"
        "Duval later spoke to reporters. Becker said the talks were useful.",
    )
    resolver, _ = resolve(nlp, gazetteer, a)
    duval = by_name(resolver, "Claire Duval")
    becker = by_name(resolver, "Jonas Becker")
    assert (duval.country, duval.role, duval.sector) == ("FRA", "foreign minister", "GOV")
    # a counterpart of a foreign minister is a foreign minister; "German" gives the country
    assert (becker.country, becker.role, becker.sector) == ("DEU", "foreign minister", "GOV")
    assert duval.id == actor_id("Claire Duval")
    # the bare surname later in the text is the same actor
    start = a.text.index("Duval later")
    assert resolver.at("a", start, start + len("Duval")) == duval


def test_one_person_one_actor_across_a_story(nlp: Nlp, gazetteer: Gazetteer) -> None:
    a = article("a", "Japan's Defence Minister Gen Nakatani arrived on Sunday.")
    b = article("b", "General Nakatani will meet officials. Nakatani is expected to speak later.")
    resolver, notes = resolve(nlp, gazetteer, a, b)
    people = [x for x in resolver.actors() if "Nakatani" in x.name]
    assert len(people) == 1
    nakatani = people[0]
    assert nakatani.name == "Gen Nakatani"
    assert (nakatani.country, nakatani.role) == ("JPN", "defence minister")
    # every mention in article b maps to that one actor
    spans = [m.span for m in notes["b"].mentions if "Nakatani" in m.span.text]
    assert spans and all(resolver.at("b", s.start, s.end) == nakatani for s in spans)
    assert {s.article_id for s in nakatani.evidence} == {"a", "b"}


def test_title_in_another_language_and_unqualified_ministry(nlp: Nlp, gazetteer: Gazetteer) -> None:
    a = article(
        "a",
        "Raksha Mantri Rajnath Singh reviewed the preparations in New Delhi. "
        "The Ministry of Defence said India would press ahead.",
    )
    resolver, _ = resolve(nlp, gazetteer, a)
    singh = by_name(resolver, "Rajnath Singh")
    assert (singh.country, singh.role) == ("IND", "defence minister")
    ministry = by_name(resolver, "Ministry of Defence")
    # no country in the name: it belongs to the story's country
    assert (ministry.country, ministry.sector) == ("IND", "GOV")


def test_glued_names_are_split(nlp: Nlp, gazetteer: Gazetteer) -> None:
    a = article("a", "Defence Minister Rajnath Singh and Defence Minister Gen Nakatani met in Tokyo.")
    resolver, _ = resolve(nlp, gazetteer, a)
    names = {x.name for x in resolver.actors()}
    assert "Rajnath Singh" in names
    assert any("Nakatani" in n for n in names)
    assert not any("Singh" in n and "Nakatani" in n for n in names)


def test_nominal_actors_get_sector_and_country(nlp: Nlp, gazetteer: Gazetteer) -> None:
    a = article("a", "Nigerian police arrested twelve protesters in Lagos.")
    resolver, notes = resolve(nlp, gazetteer, a)
    _, sent = next(notes["a"].sents())
    police = next(t for t in sent if t.lower_ == "police")
    actor = resolver.nominal([police.doc[police.i - 1], police], "a", 0, a.text)
    assert actor is not None
    assert (actor.country, actor.sector, actor.name) == ("NGA", "COP", "Nigerian police")
    assert actor.evidence[0].text == "Nigerian police"


def test_known_people_bare_surname_goes_to_the_dominant_country() -> None:
    people = KnownPeople()
    assert people.country_of(["obama"]) == "USA"  # 9 US aliases against one Congolese, one Equatoguinean
    assert people.country_of(["barack", "obama"]) == "USA"


def test_place_after_in_is_not_the_persons_country(nlp: Nlp, gazetteer: Gazetteer) -> None:
    a = article("a", "The US commander in Afghanistan, General John Miller, met tribal elders.")
    resolver, _ = resolve(nlp, gazetteer, a)
    assert by_name(resolver, "John Miller").country != "AFG"


def test_ethnic_demonym_is_not_a_country_actor(nlp: Nlp, gazetteer: Gazetteer) -> None:
    a = article("a", "Ethnic Serbs marched through the streets of Mitrovica.")
    resolver, _ = resolve(nlp, gazetteer, a)
    assert all(x.country != "SRB" for x in resolver.actors()), resolver.actors()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the Taliban", ("AFG", "REB")),
        ("Liberation Tigers of Tamil Eelam", ("LKA", "REB")),
        ("LTTE", ("LKA", "REB")),
        ("the Moro Islamic Liberation Front", ("PHL", "REB")),
        ("the Lakeside Rowing Club", None),
    ],
)
def test_known_armed_groups(name: str, expected: tuple[str, str] | None) -> None:
    assert group_of(name) == expected


def test_an_armed_group_gets_its_country_without_the_text_naming_it(nlp: Nlp, gazetteer: Gazetteer) -> None:
    resolver, _ = resolve(nlp, gazetteer, article("g", "Hamas threatened on Monday to resume attacks."))
    hamas = by_name(resolver, "Hamas")
    assert (hamas.country, hamas.sector) == ("PSE", "REB")


@pytest.mark.parametrize(
    ("name", "igo"), [("the UN", True), ("U.N.", True), ("NATO", True), ("Kenya Airways", False)]
)
def test_international_organisations(name: str, igo: bool) -> None:
    assert international(name) is igo
