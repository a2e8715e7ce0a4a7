"""extract/places.py: offline geocoding and country names, adjectives, demonyms and capitals."""

from __future__ import annotations

import dataclasses

import pytest

from newsfuse.extract.places import CountryIndex, Gazetteer, country_of, normalize_name
from newsfuse.settings import ExtractSettings


@pytest.fixture(scope="session")
def countries() -> CountryIndex:
    return CountryIndex()


@pytest.fixture(scope="session")
def gazetteer(countries: CountryIndex) -> Gazetteer:
    """One gazetteer per session: GeoNames' 235k towns take a few seconds to index."""
    return Gazetteer(countries=countries)


@pytest.mark.parametrize(
    ("name", "alpha3"),
    [
        ("India", "IND"),
        ("Indian", "IND"),
        ("Indians", "IND"),
        ("Japanese", "JPN"),
        ("Japan’s", "JPN"),
        ("Japan's", "JPN"),
        ("Chinese", "CHN"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("the United States", "USA"),
        ("American", "USA"),
        ("Americans", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("British", "GBR"),
        ("Laos", "LAO"),
        ("Lao PDR", "LAO"),
        ("Lao People's Democratic Republic", "LAO"),
        ("South Korea", "KOR"),
        ("Republic of Korea", "KOR"),
        ("North Korean", "PRK"),
        ("Pakistani", "PAK"),
        ("Pakistanis", "PAK"),
        ("Russia", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Swiss", "CHE"),
        ("Filipino", "PHL"),
        ("Beijing", "CHN"),
        ("Washington", "USA"),
        ("New Delhi", "IND"),
        ("Tokyo", "JPN"),
        ("Islamabad", "PAK"),
        ("Moscow", "RUS"),
        ("the Kremlin", "RUS"),
        ("White House", "USA"),
        ("Delhi", "IND"),
        ("Kiev", "UKR"),
    ],
)
def test_country_of(countries: CountryIndex, name: str, alpha3: str) -> None:
    assert countries.country_of(name) == alpha3


@pytest.mark.parametrize(
    "name",
    ["us", "Reuters", "Monday", "Quad", "ASEAN", "Victoria", "Gen Nakatani", "Brussels", "European", ""],
)
def test_country_of_none(countries: CountryIndex, name: str) -> None:
    assert countries.country_of(name) is None


def test_module_country_of_shares_the_index() -> None:
    assert country_of("Indian") == "IND"
    assert country_of("Japan’s") == "JPN"


def test_normalize_name() -> None:
    assert normalize_name("the U.S.’s") == "us"
    assert normalize_name("Pahalgām") == "pahalgam"
    assert normalize_name("The Hague") == "hague"
    assert normalize_name("Winston-Salem") == "winston salem"
    assert normalize_name("  New   York ") == "new york"


def test_city_with_coordinates(gazetteer: Gazetteer) -> None:
    p = gazetteer.lookup("New Delhi")
    assert p is not None
    assert (p.name, p.country, p.kind) == ("New Delhi", "IND", "city")
    assert p.lat == pytest.approx(28.6, abs=0.2) and p.lon == pytest.approx(77.2, abs=0.2)


def test_small_town(gazetteer: Gazetteer) -> None:
    p = gazetteer.lookup("Pahalgam", ["IND", "JPN"])
    assert p is not None and p.country == "IND" and p.kind == "city"
    assert p.lat == pytest.approx(34.0, abs=0.1)
    assert gazetteer.lookup("Pahalgām") == p  # accents fold


@pytest.mark.parametrize("name", ["Laos", "Lao PDR"])
def test_country_place_at_its_geographic_coordinates(gazetteer: Gazetteer, name: str) -> None:
    p = gazetteer.lookup(name)
    assert p is not None and p.country == "LAO" and p.kind == "country"
    # the geographic coordinates of the country (as GeoNames places countries), not its capital Vientiane
    assert p.lat == pytest.approx(18.0, abs=0.6) and p.lon == pytest.approx(105.0, abs=0.8)


def test_usa_sits_in_the_middle_of_the_lower_48(gazetteer: Gazetteer) -> None:
    p = gazetteer.lookup("United States")
    assert p is not None and p.kind == "country" and p.geonames_id == 6252001
    assert (p.lat, p.lon) == pytest.approx((39.8, -98.6), abs=0.5)


def test_sea_has_no_country(gazetteer: Gazetteer) -> None:
    p = gazetteer.lookup("South China Sea", ["IND", "JPN"])
    assert p is not None and p.country is None and p.kind == "sea"
    assert p.lat is not None and 0 < p.lat < 25 and p.lon is not None and 105 < p.lon < 120
    region = gazetteer.lookup("the Indo-Pacific")
    assert region is not None and region.kind == "region"


def test_georgia_depends_on_context(gazetteer: Gazetteer) -> None:
    country = gazetteer.lookup("Georgia")
    assert country is not None and (country.country, country.kind) == ("GEO", "country")
    state = gazetteer.lookup("Georgia", ["USA"])
    assert state is not None and (state.country, state.kind) == ("USA", "adm1")
    assert state.lat == pytest.approx(33, abs=2) and state.lon == pytest.approx(-83.5, abs=2)
    both = gazetteer.lookup("Georgia", ["USA", "GEO"])
    assert both is not None and both.country == "GEO"


def test_washington_is_the_capital(gazetteer: Gazetteer) -> None:
    p = gazetteer.lookup("Washington")
    assert p is not None and p.country == "USA" and p.kind == "city"
    assert p.lon == pytest.approx(-77.0, abs=0.2)


def test_ambiguous_city_prefers_context_then_population(gazetteer: Gazetteer) -> None:
    default = gazetteer.lookup("Hyderabad")
    assert default is not None and default.country == "IND"
    pak = gazetteer.lookup("Hyderabad", ["PAK"])
    assert pak is not None and pak.country == "PAK"
    paris = gazetteer.lookup("Paris")
    assert paris is not None and paris.country == "FRA"
    # context may be given as alpha-2 or a name too
    assert gazetteer.lookup("Hyderabad", ["PK"]) == pak
    assert gazetteer.lookup("Hyderabad", ["Pakistan"]) == pak


def test_alternate_names(gazetteer: Gazetteer) -> None:
    bombay = gazetteer.lookup("Bombay")
    assert bombay is not None and (bombay.name, bombay.country) == ("Mumbai", "IND")
    kiev = gazetteer.lookup("Kiev")
    assert kiev is not None and kiev.country == "UKR"


def test_big_city_beats_state(gazetteer: Gazetteer) -> None:
    p = gazetteer.lookup("New York")
    assert p is not None and p.kind == "city"


def test_admin_area_placed_at_the_middle_of_its_towns(gazetteer: Gazetteer) -> None:
    p = gazetteer.lookup("Punjab", ["PAK"])
    assert p is not None and p.country == "PAK" and p.kind == "adm1"
    assert (p.lat, p.lon) == pytest.approx((30.8, 72.5), abs=1.5)
    county = gazetteer.lookup("Harris County", ["USA"])
    assert county is not None and county.kind == "adm2" and county.admin == ("Texas",)


def test_towns_carry_their_admin_chain_and_geonames_id(gazetteer: Gazetteer) -> None:
    p = gazetteer.lookup("Gogounou", ["BEN"])
    assert p is not None and p.country == "BEN"
    assert "Alibori" in p.admin
    town = next(c for c in gazetteer.candidates("Pahalgam") if c.kind == "city")
    assert town.geonames_id is not None and normalize_name(town.admin[-1]) == "jammu and kashmir"


def test_unknown(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Quad") is None
    assert gazetteer.lookup("") is None


def test_candidates_and_country_of(gazetteer: Gazetteer) -> None:
    cands = gazetteer.candidates("Georgia")
    assert {c.country for c in cands} >= {"GEO", "USA"}
    assert gazetteer.country_of("Japanese") == "JPN"


def test_construction_is_cheap_and_validated() -> None:
    Gazetteer()  # nothing loads until the first lookup
    bad = dataclasses.replace(ExtractSettings(), gazetteer_min_population=700)
    with pytest.raises(ValueError, match="gazetteer_min_population"):
        Gazetteer(bad)


def test_country_beats_a_village_in_the_context_country(gazetteer: Gazetteer) -> None:
    # GeoNames has villages named after countries; a story's context must not turn a country into one
    for name, alpha3 in [("Pakistan", "PAK"), ("Lebanon", "LBN"), ("China", "CHN")]:
        p = gazetteer.lookup(name, ["IND", "USA"])
        assert p is not None and (p.country, p.kind) == (alpha3, "country")


def test_context_prefers_towns_in_the_story_country(gazetteer: Gazetteer) -> None:
    p = gazetteer.lookup("Paris", ["USA"])
    assert p is not None and p.country == "USA"


@pytest.mark.parametrize(
    ("word", "area"),
    [("Ohioans", "Ohio"), ("Ontarians", "Ontario"), ("Minnesotan", "Minnesota"), ("Abkhaz", "Abkhazia")],
)
def test_a_provinces_people_stand_for_the_province(gazetteer: Gazetteer, word: str, area: str) -> None:
    place = gazetteer.lookup(word)
    assert place is not None and place.name == area and place.kind in {"adm1", "region"}


@pytest.mark.parametrize("word", ["Yoruba", "Hausa", "Zulu", "Berliners"])
def test_a_peoples_name_is_no_province_sharing_its_first_letters(gazetteer: Gazetteer, word: str) -> None:
    # "Yoruba" once read as Yoro, Honduras ("yor" + "o"), giving Yoruba leaders in Nigeria the wrong country
    place = gazetteer.lookup(word)
    assert place is None or place.kind == "city"
