"""extract/toponyms.py: finding the place names of a text, with what is written around them, on texts
written for these tests."""

from __future__ import annotations

import pytest

from newsfuse.extract.entities import Nlp
from newsfuse.extract.places import Gazetteer
from newsfuse.extract.toponyms import Recognizer


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> Recognizer:
    return Recognizer(gazetteer)


def test_place_words_give_towns_and_areas(nlp: Nlp, recognizer: Recognizer) -> None:
    text = "Clashes were reported in the village of Zaghniya near al Abbarah, and in the Abu Rasin area in al-Hasakeh."
    tops = recognizer.recognize(text, nlp.model(text).ents)
    names = {t.name for t in tops}
    assert "Zaghniya" in names  # not in the gazetteer: found by "the village of"


def test_a_direction_is_a_part_not_another_place(nlp: Nlp, recognizer: Recognizer) -> None:
    text = "Storms hit Northeast Georgia overnight."
    tops = recognizer.recognize(text, nlp.model(text).ents)
    georgia = next(t for t in tops if t.name == "Georgia")
    assert georgia.offset == "northeast"


def test_dateline_and_embedded_names(nlp: Nlp, recognizer: Recognizer) -> None:
    text = "Man held after robbery.\nPORTLAND — Police said a man was held. The Gainesville Police Department said it would help."
    names = {t.name for t in recognizer.recognize(text, nlp.model(text).ents)}
    assert "PORTLAND" in names and "Gainesville" in names


def test_lists_are_not_admin_context(nlp: Nlp, recognizer: Recognizer) -> None:
    text = "Storms hit Texas, Oklahoma and Kansas on Monday, and Alexandria, La., was flooded."
    tops = {t.name: t for t in recognizer.recognize(text, nlp.model(text).ents)}
    assert tops["Texas"].admin == ()  # a list of states, not Texas inside Oklahoma
    assert tops["Alexandria"].admin == ("Louisiana",)


def test_months_are_not_places(nlp: Nlp, recognizer: Recognizer) -> None:
    text = "The bank will meet again in May, officials said in Accra."
    names = {t.name for t in recognizer.recognize(text, nlp.model(text).ents)}
    assert "May" not in names and "Accra" in names
