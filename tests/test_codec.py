from __future__ import annotations

from newsfuse.codec import from_data, to_data
from newsfuse.models import Actor, Article, Event, Place, Removed, Span, When


def _event() -> Event:
    span = Span("a1", 0, 5, "Hello")
    actor = Actor("Rajnath Singh", "IND", "GOV", "defence minister", (span,), "x1")
    return Event(
        id="e1",
        type="CONSULT",
        mode="meet",
        actors=(actor,),
        recipients=(),
        when=When("2025-05-05", "day", (span,), "article-date"),
        where=Place("New Delhi", "IND", 28.6, 77.2, (span,)),
        article_ids=("a1",),
        independent_sources=1,
        evidence=(span,),
        attributes=(("killed", "26"),),
    )


def test_event_round_trips_with_nested_records() -> None:
    event = _event()
    assert from_data(Event, to_data(event)) == event


def test_article_round_trip_keeps_when_and_removed() -> None:
    art = Article(
        id="a1", document_id="d1", origin="x.txt", outlet=None, title="T", byline=None, credit="PTI",
        language="en", published=When.unknown("no date in text"), text="Body.",
        removed=(Removed(0, 3, "Ad ", "advertisement"),), evidence=(("credit", Span("a1", 5, 8, "PTI")),),
    )  # fmt: skip
    back = from_data(Article, to_data(art))
    assert back == art
    assert back.published.reason == "no date in text"
    assert isinstance(back.removed[0], Removed)


def test_bytes_are_left_out() -> None:
    from newsfuse.models import Document

    doc = Document("d", "o", "text/plain", "utf-8", 3, "ok", "", raw=b"abc", text="abc")
    data = to_data(doc)
    assert "raw" not in data and data["text"] == "abc"
