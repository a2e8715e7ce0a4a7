"""extract/identity.py: when two mentions may be one event (dates within precision, places by containment)."""

from __future__ import annotations

from newsfuse.extract.identity import dates_compatible, focus_place, places_compatible
from newsfuse.models import Place, When


def _p(
    name: str, country: str, kind: str = "city", admin: tuple[str, ...] = (), gid: int | None = None
) -> Place:
    return Place(name, country, 1.0, 1.0, (), kind, gid, admin)


def test_dates_within_precision() -> None:
    assert dates_compatible(When("2020-05-05", "day"), When("2020-05", "month"))
    assert dates_compatible(When("2020-05-05", "day"), When("2020", "year"))
    assert not dates_compatible(When("2020-05-05", "day"), When("2020-05-06", "day"))
    assert not dates_compatible(When("2020-05", "month"), When("2020-06-01", "day"))
    assert dates_compatible(None, When("2020-05-05", "day"))
    assert dates_compatible(When.unknown("no date"), When("2020-05-05", "day"))


def test_places_same_or_containing() -> None:
    cotonou = _p("Cotonou", "BEN", admin=("Littoral",))
    kandy = _p("Kandy", "LKA", admin=("Kandy District", "Central Province"))
    assert not places_compatible(cotonou, kandy)  # two countries
    assert places_compatible(cotonou, _p("Benin", "BEN", "country"))  # a country holds its towns
    assert places_compatible(_p("Littoral", "BEN", "adm1"), cotonou)  # an area holds its towns
    assert not places_compatible(cotonou, _p("Parakou", "BEN"))  # two towns of one country
    assert not places_compatible(cotonou, _p("Alibori", "BEN", "adm1"))  # an area not holding it
    assert places_compatible(cotonou, _p("Cotonou", "BEN", gid=None))
    assert places_compatible(cotonou, None)
    # a region with no admin chain: only another country rules it out
    assert places_compatible(_p("Sahel", "", "region"), _p("Gao", "MLI"))
    assert not places_compatible(_p("Gaza Strip", "PSE", "region"), _p("Sderot", "ISR"))


def test_focus_is_the_first_town_else_the_country() -> None:
    assert focus_place([_p("Benin", "BEN", "country"), _p("Sori", "BEN")]) == _p("Sori", "BEN")
    assert focus_place([_p("Benin", "BEN", "country")]) == _p("Benin", "BEN", "country")
    assert focus_place([]) is None
