"""One template sentence per event, built only from its extracted values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsfuse.models import (
    DISASTER,
    Actor,
    Event,
)

if TYPE_CHECKING:
    pass


_VERB_PHRASE = {
    "AGREE": "agreed with", "CONSULT": "met", "SUPPORT": "expressed support for", "CONCEDE": "made concessions to",
    "COOPERATE": "cooperated with", "AID": "gave aid to", "RETREAT": "stood down toward", "REQUEST": "made a request to",
    "ACCUSE": "accused", "REJECT": "rejected", "THREATEN": "threatened", "PROTEST": "protested against",
    "SANCTION": "sanctioned", "MOBILIZE": "mobilized against", "COERCE": "coerced", "ASSAULT": "attacked",
}  # fmt: skip

_INTRANSITIVE = {
    "AGREE": "reached an agreement", "CONSULT": "met", "SUPPORT": "expressed support", "CONCEDE": "made a concession",
    "COOPERATE": "cooperated", "AID": "gave aid", "RETREAT": "stood down", "REQUEST": "made a request",
    "ACCUSE": "made an accusation", "REJECT": "refused", "THREATEN": "issued a threat", "PROTEST": "protested",
    "SANCTION": "imposed sanctions", "MOBILIZE": "mobilized forces", "COERCE": "used coercion", "ASSAULT": "carried out an attack",
}  # fmt: skip

# Events told as still to come (attribute modality=future): (with a recipient, without one).
_FUTURE = {
    "AGREE": ("will reach an agreement with", "will reach an agreement"), "CONSULT": ("will meet", "will meet"),
    "SUPPORT": ("will express support for", "will express support"),
    "CONCEDE": ("will make concessions to", "will make a concession"),
    "COOPERATE": ("will cooperate with", "will cooperate"), "AID": ("offered aid to", "offered aid"),
    "RETREAT": ("will stand down toward", "will stand down"), "REQUEST": ("will make a request to", "will make a request"),
    "ACCUSE": ("will accuse", "will make an accusation"), "REJECT": ("will reject", "will refuse"),
    "THREATEN": ("threatened", "issued a threat"), "PROTEST": ("will protest against", "will protest"),
    "SANCTION": ("will sanction", "will impose sanctions"), "MOBILIZE": ("will mobilize against", "will mobilize forces"),
    "COERCE": ("will coerce", "will use coercion"), "ASSAULT": ("will attack", "will carry out an attack"),
}  # fmt: skip

_NOUN_PHRASE = {
    "AGREE": "An agreement", "CONSULT": "A meeting", "SUPPORT": "A statement of support", "CONCEDE": "A concession",
    "COOPERATE": "Cooperation", "AID": "Aid", "RETREAT": "A withdrawal", "REQUEST": "A request", "ACCUSE": "An accusation",
    "REJECT": "A rejection", "THREATEN": "A threat", "PROTEST": "A protest", "SANCTION": "Sanctions",
    "MOBILIZE": "A mobilization", "COERCE": "Coercive action", "ASSAULT": "An attack",
}  # fmt: skip


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
        transitive, intransitive = _FUTURE[event.type]
        if event.actors and event.recipients:
            head = f"{_who(event.actors)} {transitive} {_who(event.recipients)}"
        elif event.actors:
            head = f"{_who(event.actors)} {intransitive}"
        else:
            involving = f" involving {_who(event.recipients)}" if event.recipients else ""
            head = f"{_NOUN_PHRASE[event.type]}{involving} is expected"
    elif event.actors and event.recipients:
        head = f"{_who(event.actors)} {_VERB_PHRASE[event.type]} {_who(event.recipients)}"
    elif event.actors:
        head = f"{_who(event.actors)} {_INTRANSITIVE[event.type]}"
    elif event.recipients:
        head = f"{_NOUN_PHRASE[event.type]} involving {_who(event.recipients)}"
    else:
        head = _NOUN_PHRASE[event.type]
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
