"""extract/geoparse.py: recognition and resolution of the places of one text, on texts written for
these tests (one-paragraph incident reports in one house style, and local news)."""

from __future__ import annotations

import pytest

from newsfuse.extract.entities import Nlp
from newsfuse.extract.geoparse import Geoparser, Toponym, haversine_km, story_places
from newsfuse.extract.places import Gazetteer
from newsfuse.models import Article, Place, When


@pytest.fixture(scope="module")
def geoparser(gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(gazetteer)


def _parse(nlp: Nlp, gp: Geoparser, text: str) -> dict[str, Place | None]:
    doc = nlp.model(text)
    return {t.name: p for t, p in gp.parse(text, doc.ents, article_id="a")}


def _near(p: Place | None, lat: float, lon: float, km: float = 50) -> bool:
    return (
        p is not None
        and p.lat is not None
        and p.lon is not None
        and haversine_km(p.lat, p.lon, lat, lon) < km
    )


def test_small_town_with_admin_context_in_brackets(nlp: Nlp, geoparser: Geoparser) -> None:
    text = (
        "On 5 May 2020, dozens of farmers protested in Sori (Gogounou, Alibori) against the "
        "seizure of their land by the district administration."
    )
    got = _parse(nlp, geoparser, text)
    sori = got["Sori"]
    # Sori is not in GeoNames' cities500: placed at Gogounou, inside Alibori, Benin, and says so
    assert sori is not None and sori.country == "BEN" and sori.name == "Sori"
    assert _near(sori, 10.84, 2.83)
    assert dict(sori.attributes)["placed_at"] == "Gogounou" and "Alibori" in sori.admin
    assert "not in the gazetteer" in sori.reason
    assert sori.evidence and text[sori.evidence[0].start : sori.evidence[0].end] == "Sori"
    assert got["Alibori"] is not None and got["Alibori"].kind == "adm1"


def test_admin_context_may_follow_a_place_word(nlp: Nlp, geoparser: Geoparser) -> None:
    """ "X township (Region)", "X town (District, Province)", "X district (Province)": the brackets
    after the place word are the name's admin context, as they are right after the name."""
    kani, mandera, nad_e_ali = (
        _parse(nlp, geoparser, text)[name]
        for text, name in (
            (
                "On 9 October 2022, soldiers set fire to houses in Kani township (Sagaing), residents said.",
                "Kani",
            ),
            (
                "On 12 December 2019, militants ambushed a convoy near Mandera town (Mandera, North Eastern).",
                "Mandera",
            ),
            (
                "On 18 September 2020, fighters attacked a checkpoint in Nad-e Ali district (Helmand), killing three.",
                "Nad-e Ali",
            ),
        )
    )
    # the gazetteer's only Kani is a Japanese city, not in Sagaing: the name is placed at the region
    assert kani is not None and kani.country == "MMR"
    assert dict(kani.attributes)["placed_at"] == "Sagaing" and "not in the gazetteer" in kani.reason
    assert mandera is not None and mandera.country == "KEN"
    assert _near(mandera, 3.94, 41.86)
    assert nad_e_ali is not None and nad_e_ali.country == "AFG"
    assert dict(nad_e_ali.attributes)["placed_at"] == "Helmand"


def test_an_unknown_name_is_placed_at_the_district_of_the_written_region(
    nlp: Nlp, geoparser: Geoparser
) -> None:
    """ "Qarzalito (Sevilla, Cauca)": no such town; it is placed at the Sevilla of Cauca's country
    (Colombia), not at Seville in Spain, the largest Sevilla."""
    got = _parse(
        nlp,
        geoparser,
        "On 1 April 2020, soldiers clashed with a militia near Qarzalito (Sevilla, Cauca), killing 20.",
    )
    place = got["Qarzalito"]
    assert place is not None and place.country == "COL"
    assert dict(place.attributes)["placed_at"] == "Sevilla"


def test_one_area_written_beside_a_name_moves_only_a_town(nlp: Nlp, geoparser: Geoparser) -> None:
    """ "In Asia, Canada ..." is a continent and a country, not an Asia the gazetteer lacks in Canada."""
    got = _parse(nlp, geoparser, "Exporters want new deals in Asia. In Asia, Canada remains a small trader.")
    assert got["Asia"] is not None and got["Asia"].kind == "continent"


def test_admin_context_picks_the_right_namesake(nlp: Nlp, geoparser: Geoparser) -> None:
    # Alexandria, Egypt is the largest; the state written after the name decides
    got = _parse(nlp, geoparser, "A man from Alexandria, La., was arrested on Tuesday after a chase.")
    assert got["Alexandria"] is not None and got["Alexandria"].country == "USA"
    assert "Louisiana" in got["Alexandria"].admin
    assert got["Alexandria"].reason.startswith("admin context")


def test_document_context_picks_the_local_namesake(nlp: Nlp, geoparser: Geoparser) -> None:
    text = (
        "Flooding closed roads in Athens and Watkinsville on Monday. Clarke County officials said "
        "the Oconee River rose two feet overnight, and Georgia's emergency agency sent pumps."
    )
    got = _parse(nlp, geoparser, text)
    athens = got["Athens"]
    assert athens is not None and athens.country == "USA" and _near(athens, 33.96, -83.38)


def test_a_country_is_not_a_village_of_its_name(nlp: Nlp, geoparser: Geoparser) -> None:
    got = _parse(nlp, geoparser, "Troops from Pakistan crossed into Afghanistan near Torkham.")
    assert got["Pakistan"] is not None and got["Pakistan"].kind == "country"
    assert got["Afghanistan"] is not None and got["Afghanistan"].country == "AFG"


def test_relative_location_keeps_its_offset(nlp: Nlp, geoparser: Geoparser) -> None:
    text = "Gunmen attacked a checkpoint 20 km north of Gao, Mali, killing four soldiers."
    got = _parse(nlp, geoparser, text)
    gao = got["Gao"]
    assert gao is not None and gao.country == "MLI"
    assert dict(gao.attributes)["offset"] == "20 km north of"


def test_unknown_name_without_context_is_left_unplaced(geoparser: Geoparser) -> None:
    text = "They met at Qwxzzyville."
    [place] = geoparser.resolve(text, [Toponym(12, 24, "Qwxzzyville")])
    assert place is None


def test_story_places_share_one_reading(nlp: Nlp, geoparser: Geoparser, gazetteer: Gazetteer) -> None:
    text = "On 2 June 2021 residents of Sori (Gogounou, Alibori) blocked the road to Kandi. Police came from Sori."
    article = Article(
        "a1", "a1", "a1", None, "Road blocked", None, None, "en", When("2021-06-03", "day"), text
    )
    notes = nlp.annotate([article], [])
    places = story_places(geoparser, [(article.id, article.text, notes[article.id].mentions)])
    sori = places.lookup("Sori")
    assert sori is not None and sori.country == "BEN"  # the gazetteer alone would not know Sori
    assert places.lookup("Paris") == gazetteer.lookup("Paris")  # names not in the story: the gazetteer
    found = places.places_between("a1", 0, len(text))
    assert {p.name for p in found} >= {"Sori", "Kandi"}
