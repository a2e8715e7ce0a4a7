"""Every record newsfuse produces: frozen, slotted dataclasses.

Records flow one way (Document -> Article -> Reuse/Lineage -> Story -> Event -> Claim/Brief);
a later stage reads earlier records and never edits them (use ``dataclasses.replace``).
Ids are content hashes (see :func:`content_id`), so re-ingesting the same input is a no-op.
Offsets are character offsets into ``Article.text`` unless a docstring says otherwise.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Actor",
    "Article",
    "Brief",
    "Claim",
    "Conflict",
    "ConflictValue",
    "DISASTER",
    "Document",
    "DocStatus",
    "EVENT_TYPES",
    "Event",
    "PLOVER_TYPES",
    "Lineage",
    "Mention",
    "Passage",
    "Place",
    "Precision",
    "Removed",
    "Reuse",
    "ReuseKind",
    "SourceRef",
    "Span",
    "Story",
    "TimelineEntry",
    "When",
    "content_id",
]

DocStatus = Literal["ok", "skipped", "failed"]
Precision = Literal["day", "month", "year"]
ReuseKind = Literal["exact", "near", "rewrite"]

# Event types: the 16 PLOVER v2.0 types, and DISASTER (ours, docs/formats.md): a quake, flood or
# crash that kills is nobody's act, so PLOVER has no type for it, yet it is often what a story is about.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
DISASTER = "DISASTER"
EVENT_TYPES = (*PLOVER_TYPES, DISASTER)


def content_id(*parts: str | bytes, length: int = 16) -> str:
    """A stable hex id from the given parts (sha256, truncated).

    >>> content_id("a", b"b") == content_id("a", b"b")
    True
    """
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Span:
    """Evidence: ``text == article.text[start:end]`` of the article ``article_id``."""

    article_id: str
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"Span offsets must satisfy 0 <= start <= end, got {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Removed:
    """A stretch of the source text cut by cleaning; offsets into the decoded source text."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class When:
    """A date with its precision and the evidence it came from.

    ``value`` is ``YYYY-MM-DD`` (day), ``YYYY-MM`` (month) or ``YYYY`` (year), or ``None`` with
    ``reason`` saying why there is no date. ``resolved_from`` names what anchored it:
    ``"text"`` (absolute in the text), ``"header"``, ``"dateline"``, ``"html-metadata"``,
    ``"input-metadata"``, ``"article-date"`` or ``"story-date"`` (a relative expression resolved
    against that anchor), or ``"same occasion"`` (an event's date shared by what happened at it:
    "the agreement was reached at the meeting").
    """

    value: str | None
    precision: Precision | None = None
    evidence: tuple[Span, ...] = ()
    resolved_from: str | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.value is not None:
            expected = {"day": 10, "month": 7, "year": 4}.get(self.precision or "", -1)
            if len(self.value) != expected:
                raise ValueError(
                    f"When value {self.value!r} does not match precision {self.precision!r}; "
                    "use YYYY-MM-DD for day, YYYY-MM for month, YYYY for year"
                )

    @classmethod
    def unknown(cls, reason: str) -> When:
        return cls(value=None, precision=None, evidence=(), resolved_from=None, reason=reason)


@dataclass(frozen=True, slots=True)
class Document:
    """One input as read: raw bytes, where it came from, and whether it could be used.

    ``status`` is ``ok | skipped | failed``; ``reason`` is a human sentence (empty when ok).
    ``hints`` carries metadata the input itself declared (JSONL fields, WARC target URI):
    pairs such as ``("url", ...)``, ``("title", ...)``, ``("published", ...)``, ``("outlet", ...)``.
    ``text`` is the decoded content when decoding succeeded.
    """

    id: str
    origin: str
    media_type: str
    encoding: str | None
    size: int
    status: DocStatus
    reason: str
    raw: bytes = field(repr=False, default=b"")
    text: str | None = field(repr=False, default=None)
    hints: tuple[tuple[str, str], ...] = ()

    def hint(self, key: str) -> str | None:
        for k, v in self.hints:
            if k == key:
                return v
        return None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article. ``removed`` lists what cleaning cut from ``source_text``, for audit."""

    id: str
    document_id: str
    origin: str
    outlet: str | None
    title: str | None
    byline: str | None
    credit: str | None
    language: str
    published: When
    text: str
    removed: tuple[Removed, ...] = ()
    dateline: str | None = None
    url: str | None = None
    evidence: tuple[tuple[str, Span], ...] = ()  # field name -> span of source_text it came from
    source_text: str = field(repr=False, default="")


@dataclass(frozen=True, slots=True)
class Passage:
    """Two aligned stretches of text: ``a`` in one article, ``b`` in the other."""

    a: Span
    b: Span
    score: float
    quote: bool = False  # a quotation of a third party's statement, not copying


@dataclass(frozen=True, slots=True)
class Reuse:
    """Article ``b`` shares text with article ``a``.

    ``shared`` is (fraction of a's text found in b, fraction of b's text found in a).
    """

    a: str
    b: str
    kind: ReuseKind
    shared: tuple[float, float]
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True, slots=True)
class Lineage:
    """Articles that derive from one text; together they count as one independent source."""

    id: str
    article_ids: tuple[str, ...]
    origin_id: str


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    article_ids: tuple[str, ...]
    title: str
    first_seen: str | None
    last_seen: str | None
    lineage_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention found by the NLP model."""

    span: Span
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, DATE, CARDINAL...


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    evidence: tuple[Span, ...] = ()
    kind: str = ""  # city | adm2 | adm1 | country | region | sea | continent | ...
    geonames_id: int | None = None
    admin: tuple[str, ...] = ()  # the admin areas containing it, nearest first ("Gogounou", "Alibori")
    reason: str = ""  # why this reading of the name was chosen ("admin context: Alibori", "population")
    attributes: tuple[tuple[str, str], ...] = ()  # e.g. ("offset", "20 km north of"), ("named", "Sori")


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    sector: str | None  # PLOVER sector: GOV, MIL, REB, ...
    role: str | None  # "defence minister", "prime minister"
    evidence: tuple[Span, ...] = ()
    id: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER-typed happening, merged across the articles that report it."""

    id: str
    type: str  # one of EVENT_TYPES
    mode: str | None
    actors: tuple[Actor, ...]
    recipients: tuple[Actor, ...]
    when: When
    where: Place | None
    article_ids: tuple[str, ...]
    independent_sources: int
    evidence: tuple[Span, ...]
    story_id: str = ""
    background: bool = False
    summary: str = ""
    attributes: tuple[tuple[str, str], ...] = ()  # e.g. ("killed", "26")


@dataclass(frozen=True, slots=True)
class ConflictValue:
    value: str
    article_ids: tuple[str, ...]
    evidence: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """One slot (number killed, a date, a place, a title) with different values across sources."""

    slot: str
    values: tuple[ConflictValue, ...]
    subject: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement made by one or more articles, with evidence from each."""

    id: str
    text: str
    article_ids: tuple[str, ...]
    independent_sources: int
    evidence: tuple[Span, ...]
    conflicts_with: tuple[str, ...] = ()
    theme: str = ""
    lineage_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    when: When
    text: str
    evidence: tuple[Span, ...]
    event_id: str | None = None
    article_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A numbered source of a brief: cited as [number]."""

    number: int
    article_id: str
    outlet: str | None
    title: str | None
    origin: str
    lineage_id: str
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Brief:
    story: Story
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...]
    unique: tuple[Claim, ...]
    timeline: tuple[TimelineEntry, ...]
    sources: tuple[SourceRef, ...]
    lead: tuple[Claim, ...] = ()
    lineages: tuple[Lineage, ...] = ()
