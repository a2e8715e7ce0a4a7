"""One template sentence per event, built only from its extracted values (the phrases per type are
codebook data: ``phrases.tsv``)."""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.extract.events.codebook import codebook
from newsfuse.models import DISASTER, Actor, Event

# How each PLOVER type is told (phrases.tsv): with and without a recipient, as done or still to come
# (attribute modality=future), and as a noun.
_PHRASES = codebook().phrases


def _who(actors: Sequence[Actor]) -> str:
    names = [f"{a.name} ({a.country})" if a.country and a.country not in a.name else a.name for a in actors]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def summarize(event: Event, as_of: str | None = None) -> str:
    """A short template sentence built only from the event's extracted values; an event its articles
    tell as still to come reads so ("will meet", "offered aid") unless its date is on or before
    ``as_of`` (the story's newest article: by then the meeting has taken place)."""
    ahead = ("modality", "future") in event.attributes and not (
        as_of and event.when.value and event.when.value[: len(as_of)] <= as_of
    )
    if event.type == DISASTER:
        what = event.mode or "disaster"
        head = f"{'An' if what[0] in 'aeiou' else 'A'} {what}"
    elif ahead:
        # still to come: "Kenya and Tanzania will meet", "India offered aid", "A meeting is expected"
        phrases = _PHRASES[event.type]
        transitive, intransitive = phrases.future_with_recipient, phrases.future_alone
        if event.actors and event.recipients:
            head = f"{_who(event.actors)} {transitive} {_who(event.recipients)}"
        elif event.actors:
            head = f"{_who(event.actors)} {intransitive}"
        else:
            involving = f" involving {_who(event.recipients)}" if event.recipients else ""
            head = f"{phrases.noun}{involving} is expected"
    elif event.actors and event.recipients:
        head = f"{_who(event.actors)} {_PHRASES[event.type].with_recipient} {_who(event.recipients)}"
    elif event.actors:
        head = f"{_who(event.actors)} {_PHRASES[event.type].alone}"
    elif event.recipients:
        head = f"{_PHRASES[event.type].noun} involving {_who(event.recipients)}"
    else:
        head = _PHRASES[event.type].noun
        if event.type == "ASSAULT":
            head = "An attack took place"
        else:
            head += " took place"
    if event.where is not None:
        head += f" in {event.where.name}"
    if event.when.value:
        head += f" on {event.when.value}" if event.when.precision == "day" else f" in {event.when.value}"
    figures = [f"{v} {k}" for k, v in event.attributes if k in {"killed", "injured"}]
    if figures:
        head += f" ({', '.join(figures)})"
    return head
