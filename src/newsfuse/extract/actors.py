"""People, organisations and countries resolved to :class:`~newsfuse.models.Actor`, per story.

Country, PLOVER sector and role come from the text itself: the title chain in front of a name
("India's Defence Minister Rajnath Singh", "Raksha Mantri Rajnath Singh"), an appositive
("Gen Nakatani, Japan's defence minister"), a counterpart phrase ("his Japanese counterpart,
Gen Nakatani": the role of the other minister, the country of the adjective) and, for
unqualified officials and ministries, the story's home country. Mentions are pooled over the
whole story, so one person is one actor whether named in full or as "Singh" or "General
Nakatani". Sectors of agent nouns ("police", "troops", "ministry") come from a table distilled
from the PLOVER agents dictionary (``newsfuse/data/sector_agents.tsv``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from newsfuse.extract.entities import Annotation
from newsfuse.models import Actor, Article, Span, content_id

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = [
    "ActorResolver",
    "CountryResolver",
    "KnownPeople",
    "SectorTable",
    "actor_id",
    "find_role",
]

DATA = Path(__file__).resolve().parents[1] / "data" / "sector_agents.tsv"
PEOPLE = Path(__file__).resolve().parents[1] / "data" / "known_people.tsv"
GROUPS = Path(__file__).resolve().parents[1] / "data" / "known_groups.tsv"
IGOS = Path(__file__).resolve().parents[1] / "data" / "known_igos.tsv"
# Sectors of the state: an unqualified ministry, army or police belongs to the story's country.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PRM"})
MAX_EVIDENCE = 8  # evidence spans kept per actor (the first ones in story order)
# Country votes for the story's home country: a mention in an article's first sentences counts this
# many times (set by hand; the Nepal quake examples need the lead to outvote India's aid offer).
LEAD_SENTENCES = 2
LEAD_WEIGHT = 3


class CountryResolver(Protocol):
    """What actors need from the gazetteer (:class:`newsfuse.extract.places.Gazetteer`)."""

    def country_of(self, name: str) -> str | None: ...


def actor_id(name: str) -> str:
    """Stable id: a content hash of the canonical name (case and spacing folded)."""
    return content_id("actor", " ".join(name.lower().split()))


# --- roles -------------------------------------------------------------------------------------
# (pattern, normalised role, country the title itself implies). Ordered: first match wins at a
# position, so specific titles come before generic ones. Non-English titles in common use in
# English-language news are listed with the country they belong to.
_ROLE_TABLE: tuple[tuple[str, str, str | None], ...] = (
    (r"raksha mantri", "defence minister", "IND"),
    (r"pradhan mantri", "prime minister", "IND"),
    (r"videsh mantri", "foreign minister", "IND"),
    (r"grih mantri", "interior minister", "IND"),
    (r"deputy prime minister", "deputy prime minister", None),
    (r"prime minister|premier", "prime minister", None),
    (
        r"defen[cs]e minister|minister (?:of|for) (?:national )?defen[cs]e|defen[cs]e secretary|"
        r"secretary of defen[cs]e|defen[cs]e chief",
        "defence minister",
        None,
    ),
    (
        r"foreign minister|external affairs minister|minister (?:of|for) (?:foreign|external) affairs|"
        r"foreign secretary",
        "foreign minister",
        None,
    ),
    (r"secretary of state", "secretary of state", None),
    (
        r"home minister|interior minister|minister (?:of|for) (?:the )?(?:interior|home affairs)|"
        r"home secretary",
        "interior minister",
        None,
    ),
    (
        r"finance minister|minister (?:of|for) finance|treasury secretary|chancellor of the exchequer",
        "finance minister",
        None,
    ),
    (r"(?:\w+ )?minister of state", "minister of state", None),
    (r"chief minister", "chief minister", None),
    (r"(?:[a-z]+ )minister", "minister", None),
    (r"minister", "minister", None),
    (r"vice[- ]president", "vice president", None),
    (r"president", "president", None),
    (r"chancellor", "chancellor", None),
    (r"secretary[- ]general", "secretary-general", None),
    (
        r"chief of (?:the )?(?:army|defen[cs]e|naval|air) staff|army chief|military chief|"
        r"armed forces chief",
        "military chief",
        None,
    ),
    (r"ambassador|envoy|high commissioner", "ambassador", None),
    (r"spokes(?:man|woman|person)", "spokesperson", None),
    (r"crown prince", "crown prince", None),
    (r"king|queen|emir|sultan", "monarch", None),
    (r"governor", "governor", None),
    (r"mayor", "mayor", None),
    (r"senator|lawmaker|legislator|congress(?:man|woman)|member of parliament", "legislator", None),
    (r"judge|chief justice|prosecutor", "judge", None),
    (r"police chief|police commissioner|inspector general of police", "police chief", None),
)
_ROLES = tuple((re.compile(rf"\b(?:{p})\b"), role, country) for p, role, country in _ROLE_TABLE)
_ROLE_SECTOR = {
    "defence minister": "GOV", "foreign minister": "GOV", "interior minister": "GOV",
    "finance minister": "GOV", "prime minister": "GOV", "deputy prime minister": "GOV",
    "secretary of state": "GOV", "minister of state": "GOV", "chief minister": "GOV", "minister": "GOV",
    "president": "GOV", "vice president": "GOV", "chancellor": "GOV", "secretary-general": "GOV",
    "military chief": "MIL", "ambassador": "GOV", "crown prince": "GOV", "monarch": "GOV",
    "governor": "GOV", "mayor": "GOV", "legislator": "LEG", "judge": "JUD", "police chief": "COP",
    "military officer": "MIL",
}  # fmt: skip
# Honorifics and ranks: part of how a name is written, not of who it is ("Gen Nakatani" is also
# "General Nakatani" and "Nakatani"); a rank only gives a role when nothing better is known.
_HONORIFICS = {
    "mr": None, "mrs": None, "ms": None, "dr": None, "shri": None, "smt": None, "sir": None, "dame": None,
    "gen": "military officer", "general": "military officer", "lt": "military officer",
    "col": "military officer", "colonel": "military officer", "maj": "military officer",
    "major": "military officer", "adm": "military officer", "admiral": "military officer",
    "brig": "military officer", "brigadier": "military officer", "capt": "military officer",
    "captain": "military officer", "marshal": "military officer", "sheikh": None,
}  # fmt: skip
_ROLE_WORDS = frozenset(
    [
        "raksha",
        "pradhan",
        "videsh",
        "grih",
        "mantri",
        "defence",
        "defense",
        "minister",
        "prime",
        "deputy",
        "foreign",
        "home",
        "interior",
        "finance",
        "president",
        "vice",
        "secretary",
        "chief",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "king",
        "queen",
        "governor",
        "mayor",
        "senator",
        "chancellor",
        "premier",
        "external",
        "affairs",
        "state",
        "union",
        "cabinet",
        "former",
    ]
)
_COUNTERPART = re.compile(r"\bcounterparts?\b")
_POSSESSIVE = ("'s", "’s", "'", "’")


@dataclass(frozen=True, slots=True)
class RoleMatch:
    role: str
    implied_country: str | None
    start: int  # character offsets into the analysed string
    end: int


def find_role(text: str) -> RoleMatch | None:
    """The role named in a title string, preferring the match nearest its end (next to the name).

    >>> find_role("India's Defence Minister").role
    'defence minister'
    >>> find_role("Raksha Mantri").implied_country
    'IND'
    """
    low = text.lower()
    best: RoleMatch | None = None
    for pattern, role, country in _ROLES:
        for m in pattern.finditer(low):
            cand = RoleMatch(role, country, m.start(), m.end())
            if best is None or cand.end > best.end or (cand.end == best.end and cand.start < best.start):
                best = cand
    return best


# --- sectors -----------------------------------------------------------------------------------
class SectorTable:
    """Agent phrase -> PLOVER sector, from ``sector_agents.tsv`` (stems end in ``*``)."""

    def __init__(self, path: Path = DATA) -> None:
        self.exact: dict[str, str] = {}
        self.stems: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            phrase, sector = line.split("\t")
            if phrase.endswith("*"):
                self.stems[phrase[:-1]] = sector
            else:
                self.exact[phrase] = sector

    def sector_of(self, phrase: str) -> str | None:
        """Sector of the longest agent phrase ending at the phrase's last word.

        >>> SectorTable().sector_of("the Indian army")
        'MIL'
        """
        words = [w.strip(".,'’\"") for w in phrase.lower().replace("-", " ").split()]
        words = [w for w in words if w]
        if "of" in words[1:]:
            # "Ministry of Home", "Chief of Army Staff": the head comes before "of"
            head = self.sector_of(" ".join(words[: words.index("of", 1)]))
            if head:
                return head
        for i in range(len(words)):
            cand = " ".join(words[i:])
            hit = self.exact.get(cand) or self._stem(cand)
            if hit:
                return hit
            if cand.endswith("s") and (hit := self.exact.get(cand[:-1])):  # regular plurals
                return hit
        return None

    def _stem(self, cand: str) -> str | None:
        for stem, sector in self.stems.items():
            if cand.startswith(stem) and " " not in cand[len(stem) :]:
                return sector
        return None


@lru_cache(maxsize=1)
def _default_sectors() -> SectorTable:
    return SectorTable()


class KnownPeople:
    """Political people -> country, from the Phoenix actor dictionary (``known_people.tsv``)."""

    def __init__(self, path: Path = PEOPLE) -> None:
        self.full: dict[str, str] = {}
        surnames: dict[str, Counter[str]] = defaultdict(Counter)
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, country = line.split("\t")
                self.full[name] = country
                surnames[name.rsplit(" ", 1)[-1]][country] += 1
        # a surname shared across countries goes to the one with at least 4x the dictionary entries
        # of all others together: the dictionary lists the prominent ("obama": 9 USA aliases, 1 COG,
        # 1 GNQ), while two minor namesakes stay ambiguous
        # (names whose last word is a given name or a particle - "Kim Jong Un" - are the reason for
        # the length floor: "Un" alone is never Kim, and "UN" is the United Nations)
        self.surnames = {
            k: top
            for k, v in surnames.items()
            for top, n in v.most_common(1)
            if len(k) >= 3 and n >= 4 * (sum(v.values()) - n) and (len(v) == 1 or n >= 4)
        }

    def country_of(self, core: Sequence[str], role: str | None = None) -> str | None:
        """Full names match exactly; a bare surname with its title as the dictionary lists it
        ("president bush"), else only when every person of that surname has one country."""
        if len(core) >= 2:
            return self.full.get(" ".join(core)) or self.full.get(f"{core[0]} {core[-1]}")
        if not core:
            return None
        if role and (hit := self.full.get(f"{role} {core[0]}")):
            return hit
        return self.surnames.get(core[0])


@lru_cache(maxsize=1)
def _known_people() -> KnownPeople:
    return KnownPeople()


@lru_cache(maxsize=1)
def known_groups() -> dict[str, tuple[str, str]]:
    """Armed non-state groups based in one country -> (country, sector), from the Phoenix dictionary
    (``known_groups.tsv``): "the Taliban" is Afghan and "Hamas" Palestinian without the text saying so."""
    out: dict[str, tuple[str, str]] = {}
    for line in GROUPS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, country, sector = line.split("\t")
            out[name] = (country, sector)
    return out


@lru_cache(maxsize=1)
def _known_igos() -> frozenset[str]:
    text = IGOS.read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def international(name: str) -> bool:
    """An international organisation ("the UN", "U.N.", "NATO", "the African Union"): no country."""
    words = re.sub(r"[^\w\s]", "", name.lower()).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words) in _known_igos()


def group_of(name: str) -> tuple[str, str] | None:
    """(country, sector) of a known armed group named ``name`` ("the Moro Islamic Liberation Front")."""
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return known_groups().get(" ".join(words))


# --- mentions ----------------------------------------------------------------------------------
@dataclass(slots=True)
class _Person:
    span: Span
    surface: str  # as written, role words removed ("Gen Nakatani")
    core: tuple[str, ...]  # lower-cased name words, honorifics removed ("nakatani",)
    role: str | None = None
    rank: str | None = None
    country: str | None = None  # stated in the text next to this mention
    counterpart: bool = False
    counterpart_of: int | None = None  # index of the person mention this one is the counterpart of
    cluster: int = -1


@dataclass(slots=True)
class _Cluster:
    members: list[int] = field(default_factory=list)
    actor: Actor | None = None


class ActorResolver:
    """Resolves every actor mention of one story and answers "which actor is at this offset?".

    Args:
        annotations: spaCy annotations of the story's articles (see :class:`~.entities.Nlp`).
        countries: maps country names, adjectives, demonyms and capitals to ISO alpha-3.
        articles: the story's articles (their datelines weigh in on the home country).
        sectors: agent phrase table; the packaged one by default.
    """

    def __init__(
        self,
        annotations: Mapping[str, Annotation],
        countries: CountryResolver,
        articles: Sequence[Article] = (),
        *,
        sectors: SectorTable | None = None,
    ) -> None:
        self.countries = countries
        self.sectors = sectors or _default_sectors()
        self._people: list[_Person] = []
        self._orgs: dict[str, list[tuple[Span, str | None, str | None]]] = defaultdict(list)
        self._org_actor: dict[str, Actor] = {}
        self._org_ids: frozenset[str] = frozenset()
        self._country_spans: list[tuple[Span, str]] = []
        self._votes: Counter[str] = Counter()
        for article in articles:
            if article.dateline and (code := countries.country_of(article.dateline.split(",")[0].strip())):
                self._votes[code] += 3
        for note in annotations.values():
            self._scan(note)
        self.home_country = self._home_country()
        self._clusters = self._cluster_people()
        self._by_article: dict[str, list[tuple[int, int, Actor]]] = defaultdict(list)
        self._build()
        self._add_bare_surnames({note.article_id: note.text for note in annotations.values()})

    # -- reading the text -----------------------------------------------------------------------
    def _scan(self, note: Annotation) -> None:
        for position, (offset, sent) in enumerate(note.sents()):
            # the lead says where the story happens (inverted pyramid); later mentions are context
            # ("India stood ready to help" in a Nepal quake story)
            weight = LEAD_WEIGHT if position < LEAD_SENTENCES else 1
            for ent in sent.ents:
                start, end = offset + ent.start_char, offset + ent.end_char
                span = Span(note.article_id, start, end, note.text[start:end])
                whole = self.countries.country_of(_strip_possessive(ent.text))
                if ethnic(ent):
                    continue  # "ethnic Albanians" are a community wherever they live, not a country
                if ent.label_ in {"GPE", "NORP"} or (whole and ent.label_ in {"ORG", "PERSON"}):
                    # the NER sometimes calls a country an organisation or a person ("Benin opened")
                    code = whole or self._country_in(ent.text)
                    if code:
                        self._votes[code] += weight
                        self._country_spans.append((span, code))
                elif ent.label_ == "PERSON" and _group_name(ent) and (code := self._country_in(ent.text)):
                    self._country_spans.append((span, code))  # "Bosnian Serbs" tagged as a person
                elif ent.label_ == "PERSON":
                    for part in _split_names(ent):
                        s, e = offset + part.start_char, offset + part.end_char
                        person = self._person(part, sent, Span(note.article_id, s, e, note.text[s:e]))
                        if person:
                            self._people.append(person)
                elif ent.label_ == "ORG":
                    self._org(ent, sent, span)

    def _person(self, ent: SpacySpan, sent: SpacySpan, span: Span) -> _Person | None:
        words = [t.text for t in ent]
        while words and words[-1] in _POSSESSIVE:
            words.pop()
        lead: list[str] = []
        while len(words) > 1 and (words[0].lower().strip(".") in _ROLE_WORDS or not words[0].isalnum()):
            lead.append(words.pop(0))
        surface = " ".join(words)
        core = tuple(w.lower().strip(".") for w in words if w.lower().strip(".") not in _HONORIFICS)
        if not core or not any(c.isalpha() for c in "".join(core)):
            return None
        person = _Person(span=span, surface=surface, core=core)
        ranks = [_HONORIFICS[w.lower().strip(".")] for w in words if w.lower().strip(".") in _HONORIFICS]
        window = _left_window(ent, sent)
        title = " ".join([t.text for t in window] + lead)
        for tok in window:
            if tok.lower_.strip(".") in _HONORIFICS and _HONORIFICS[tok.lower_.strip(".")]:
                ranks.append(_HONORIFICS[tok.lower_.strip(".")])
        person.rank = next((r for r in ranks if r), None)
        self._describe(
            person, title, [t for t in window if t.ent_type_ in {"GPE", "NORP"} or t.text[:1].isupper()]
        )
        for appos in (c for c in ent.root.children if c.dep_ == "appos"):
            if person.role is None:
                tokens = list(appos.subtree)
                self._describe(person, " ".join(t.text for t in tokens), [t for t in tokens if t.ent_type_])
        return person

    def _describe(self, person: _Person, title: str, places: Iterable[Token]) -> None:
        """Fill role and country from a title string and the place words next to it."""
        match = find_role(title)
        if _COUNTERPART.search(title.lower()) and (
            match is None or match.end < title.lower().rfind("counterpart")
        ):
            person.counterpart = True
        elif match:
            person.role = match.role
            person.country = person.country or match.implied_country
        for tok in places:
            code = self.countries.country_of(_strip_possessive(tok.text))
            if code:
                person.country = code

    def _country_in(self, text: str) -> str | None:
        """A country named inside a longer name: "Bosnian Serbs", "Ivory Coast rebels"."""
        words = [_strip_possessive(w) for w in text.split()]
        for n in (2, 1):
            for i in range(len(words) - n + 1):
                chunk = " ".join(words[i : i + n])
                if chunk[:1].isupper() and (code := self.countries.country_of(chunk)):
                    return code
        return None

    def _org(self, ent: SpacySpan, sent: SpacySpan, span: Span) -> None:
        name = _org_name(ent.text)
        if not name or all(w.lower() in _ROLE_WORDS | {"defence", "defense"} for w in name.split()):
            return
        sector = self.sectors.sector_of(name)
        country = self._country_in(name)
        if (group := group_of(name)) is not None:
            country, sector = country or group[0], sector or group[1]
        if country is None:
            for tok in _left_window(ent, sent):
                if tok.ent_type_ in {"GPE", "NORP"} and (
                    code := self.countries.country_of(_strip_possessive(tok.text))
                ):
                    country = code
        self._orgs[name].append((span, sector, country))

    # -- story-level decisions -------------------------------------------------------------------
    def _home_country(self) -> str | None:
        return self._votes.most_common(1)[0][0] if self._votes else None

    def _cluster_people(self) -> list[_Cluster]:
        by_surname: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(self._people):
            by_surname[p.core[-1]].append(i)
        clusters: list[_Cluster] = []
        for idxs in by_surname.values():
            full: dict[str, _Cluster] = {}
            for i in idxs:  # full names first: different first names are different people
                core = self._people[i].core
                if len(core) > 1:
                    key = core[0]
                    match = next(
                        (
                            k
                            for k in full
                            if k.startswith(key[0]) and (k == key or len(key) <= 2 or len(k) <= 2)
                        ),
                        None,
                    )
                    full.setdefault(match or key, _Cluster()).members.append(i)
            if not full:
                full[""] = _Cluster()
            largest = max(full.values(), key=lambda c: len(c.members))
            for i in idxs:
                if len(self._people[i].core) == 1:
                    largest.members.append(i)
            for cluster in full.values():
                for i in cluster.members:
                    self._people[i].cluster = len(clusters)
                clusters.append(cluster)
        self._link_counterparts()
        return clusters

    def _link_counterparts(self) -> None:
        by_article: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(self._people):
            by_article[p.span.article_id].append(i)
        for idxs in by_article.values():
            for j, i in enumerate(idxs):
                if not self._people[i].counterpart:
                    continue
                before = [k for k in idxs[:j] if self._people[k].core != self._people[i].core]
                # the counterpart of the nearest earlier person with a role, else the nearest one
                ranked = sorted(before, key=lambda k: (self._people[k].role is not None, k), reverse=True)
                self._people[i].counterpart_of = ranked[0] if ranked else None

    def _build(self) -> None:
        for cluster in self._clusters:
            cluster.actor = self._person_actor(cluster)
        for cluster in self._clusters:  # counterparts take the resolved role of the other person
            actor = cluster.actor
            if actor is None:
                continue
            if actor.role is None or actor.role == "military officer":
                roles = Counter(
                    other.role
                    for i in cluster.members
                    if (k := self._people[i].counterpart_of) is not None
                    and (other := self._clusters[self._people[k].cluster].actor) is not None
                    and other.role
                )
                if roles:
                    role = roles.most_common(1)[0][0]
                    cluster.actor = _replace(actor, role=role, sector=_ROLE_SECTOR.get(role, actor.sector))
        for cluster in self._clusters:
            if cluster.actor is None:
                continue
            for i in cluster.members:
                p = self._people[i]
                self._by_article[p.span.article_id].append((p.span.start, p.span.end, cluster.actor))
        people: dict[str, Actor] = {}
        for cluster in self._clusters:
            if cluster.actor:
                for i in cluster.members:
                    people[" ".join(self._people[i].core)] = cluster.actor
                    people[self._people[i].surface.lower()] = cluster.actor
        for name, mentions in self._orgs.items():
            # the NER sometimes calls a person's surname an organisation ("Nakatani said")
            actor = people.get(name.lower()) or self._org_to_actor(name, mentions)
            if actor.role is None:
                self._org_actor[_org_key(name)] = actor
            for span, _, _ in mentions:
                self._by_article[span.article_id].append((span.start, span.end, actor))
        for span, code in self._country_spans:
            self._by_article[span.article_id].append((span.start, span.end, self.country_actor(code, span)))
        for spans in self._by_article.values():
            spans.sort(key=lambda s: (s[0], -s[1]))
        self._org_ids = frozenset(a.id for a in self._org_actor.values())

    def _add_bare_surnames(self, texts: Mapping[str, str]) -> None:
        """A surname the NER missed ("Duval later spoke") still names the story's one Duval."""
        surnames: dict[str, set[int]] = defaultdict(set)
        for idx, cluster in enumerate(self._clusters):
            for i in cluster.members:
                core = self._people[i].core
                if len(core[-1]) >= 3 and core[-1].isalpha():
                    surnames[core[-1]].add(idx)
        unique = {name: next(iter(idxs)) for name, idxs in surnames.items() if len(idxs) == 1}
        if not unique:
            return
        pattern = re.compile(r"\b(" + "|".join(re.escape(n.capitalize()) for n in unique) + r")\b")
        for article_id, text in texts.items():
            covered = self._by_article[article_id]
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for s, e, _ in covered):
                    continue
                actor = self._clusters[unique[m.group(1).lower()]].actor
                if actor is not None:
                    covered.append((m.start(), m.end(), actor))
            covered.sort(key=lambda s: (s[0], -s[1]))

    def _person_actor(self, cluster: _Cluster) -> Actor | None:
        people = [self._people[i] for i in cluster.members]
        if not people:
            return None
        surfaces = Counter(p.surface for p in people)
        cores = {p.surface: len(p.core) for p in people}
        # a full name (two or more name words) beats a bare surname; then the most used form
        name = max(surfaces, key=lambda s: (min(cores[s], 2), surfaces[s], len(s)))
        roles = Counter(p.role for p in people if p.role)
        role = roles.most_common(1)[0][0] if roles else None
        if role is None:
            ranks = Counter(p.rank for p in people if p.rank)
            role = ranks.most_common(1)[0][0] if ranks else None
        countries = Counter(p.country for p in people if p.country)
        country = countries.most_common(1)[0][0] if countries else None
        if country is None:  # well-known people: "President Yoweri Museveni" is Ugandan
            country = _known_people().country_of(max((p.core for p in people), key=len), role)
        sector = _ROLE_SECTOR.get(role or "") or (self.sectors.sector_of(role) if role else None)
        evidence = tuple(sorted((p.span for p in people), key=_span_order)[:MAX_EVIDENCE])
        return Actor(
            name=name, country=country, sector=sector, role=role, evidence=evidence, id=actor_id(name)
        )

    def _org_to_actor(self, name: str, mentions: list[tuple[Span, str | None, str | None]]) -> Actor:
        sectors = Counter(s for _, s, _ in mentions if s)
        sector = sectors.most_common(1)[0][0] if sectors else None
        countries = Counter(c for _, _, c in mentions if c)
        country = countries.most_common(1)[0][0] if countries else None
        if international(name):
            country = None  # "UN" is nobody's country, wherever its officials are
        elif country is None and sector is None and not _acronym(name):
            country = _known_people().country_of(name.lower().split())  # a person the NER called an org
        if country is None and sector in STATE_SECTORS and not international(name):
            country = self.home_country
        evidence = tuple(sorted((s for s, _, _ in mentions), key=_span_order)[:MAX_EVIDENCE])
        return Actor(
            name=name, country=country, sector=sector, role=None, evidence=evidence, id=actor_id(name)
        )

    # -- queries --------------------------------------------------------------------------------
    def actors(self) -> tuple[Actor, ...]:
        """Every person and organisation actor of the story (countries are made on demand)."""
        found = [c.actor for c in self._clusters if c.actor] + list(self._org_actor.values())
        return tuple(sorted(found, key=lambda a: a.name))

    def at(self, article_id: str, start: int, end: int) -> Actor | None:
        """The actor whose mention covers ``[start, end)`` (the narrowest one), if any."""
        best: tuple[int, Actor] | None = None
        for s, e, actor in self._by_article.get(article_id, ()):
            if s > start:
                break
            if e >= end and (best is None or e - s < best[0]):
                best = (e - s, actor)
        return best[1] if best else None

    def person_named(self, word: str) -> Actor | None:
        """The story's person whose surname (or full name) is ``word``, when exactly one matches."""
        key = word.lower().strip(".")
        hits = {
            id(c): c.actor
            for c in self._clusters
            if c.actor
            and any(
                self._people[i].core[-1] == key or " ".join(self._people[i].core) == key for i in c.members
            )
        }
        found = list(hits.values())
        return found[0] if len(found) == 1 else None

    def country_actor(self, code: str, span: Span | None = None) -> Actor:
        """A country as an actor ("India", "Beijing" as the Chinese state): country set, no sector."""
        name = _country_name(code)
        return Actor(
            name=name,
            country=code,
            sector=None,
            role=None,
            evidence=(span,) if span else (),
            id=actor_id(name),
        )

    def nominal(
        self, tokens: Sequence[Token], article_id: str, offset: int, text: str, *, country: str | None = None
    ) -> Actor | None:
        """An actor named by a common noun phrase: "Japanese officials", "police", "the ministry".

        ``tokens`` is the phrase (head last or anywhere); ``offset`` shifts token offsets onto
        ``text`` (the article text) for the evidence span. ``country`` is a hint from the words
        around the phrase ("police in Strasbourg"), used when the phrase itself names none.
        """
        words = [t for t in tokens if t.dep_ not in {"det", "punct", "case"} and t.pos_ != "PRON"]
        if not words:
            return None
        head_words = [t for t in words if t.ent_type_ not in {"GPE", "NORP"}]
        phrase = (
            " ".join(t.lemma_ if t is head_words[-1] else t.text for t in head_words) if head_words else ""
        )
        sector = self.sectors.sector_of(phrase) if phrase else None
        hinted = country
        country = None
        for t in words:
            if (t.i > 0 and t.doc[t.i - 1].lower_ == "ethnic") or (hinted and t.tag_ in {"NNS", "NNPS"}):
                continue  # "ethnic Albanians", "the Albanians of Serbia": a community, not Albania's nationals
            if t.ent_type_ in {"GPE", "NORP"} or t.pos_ in {"PROPN", "ADJ"}:
                code = self.countries.country_of(_strip_possessive(t.text))
                if code:
                    country = code
        country = country or hinted
        start = offset + min(t.idx for t in words)
        # "the ministry", "the monitoring centre": a definite description of an organisation the
        # article named before ("the Home Ministry", "the National Earthquake Monitoring and Research
        # Centre"), else the story's only one
        definite = (
            any(t.dep_ == "det" and t.lower_ == "the" for t in tokens)
            and 0 < len(head_words) <= 3
            and all(t.text.islower() for t in head_words)
        )
        if country is None and sector is None:
            return self._antecedent(head_words, article_id, start) if definite else None
        if country is None and head_words and len(head_words) <= 3:
            known = self._antecedent(head_words, article_id, start) if definite else None
            if known is None and len(head_words) == 1:
                known = self._org_actor_by_head(head_words[-1].lemma_.lower())
            if known:
                return known
        if country is None and sector in STATE_SECTORS:
            country = self.home_country
        end = offset + max(t.idx + len(t.text) for t in words)
        name = text[start:end]
        if sector is None and country and len(words) == 1:
            return self.country_actor(country, Span(article_id, start, end, name))
        return Actor(
            name=name,
            country=country,
            sector=sector,
            role=None,
            evidence=(Span(article_id, start, end, name),),
            id=actor_id(name),
        )

    def _antecedent(self, words: Sequence[Token], article_id: str, before: int) -> Actor | None:
        """The nearest organisation mentioned before ``before`` in the article whose name holds every
        word of the description (lemma or form: "centre", "ministry", "monitoring")."""
        wanted = [{t.lower_, t.lemma_.lower()} for t in words]
        best: Actor | None = None
        for s, _, actor in self._by_article.get(article_id, ()):
            if s >= before:
                break
            if actor.role is not None or actor.id not in self._org_ids:
                continue
            name = set(re.findall(r"[a-z]+", actor.name.lower()))
            if all(forms & name for forms in wanted):
                best = actor
        return best

    def _org_actor_by_head(self, head: str) -> Actor | None:
        hits = [a for k, a in self._org_actor.items() if head in k.split()]
        return hits[0] if len(hits) == 1 else None


# --- helpers -----------------------------------------------------------------------------------
def _left_window(ent: SpacySpan, sent: SpacySpan, limit: int = 8) -> list[Token]:
    """Title chain right before a name: nouns, adjectives, possessives; one appositive comma."""
    out: list[Token] = []
    i = ent.start - 1
    comma_used = False
    while i >= sent.start and len(out) < limit:
        tok = ent.doc[i]
        if tok.text == ",":
            prev = ent.doc[i - 1] if i - 1 >= sent.start else None
            if comma_used or prev is None or prev.pos_ not in {"NOUN", "PROPN"}:
                break
            comma_used = True
            i -= 1
            continue
        if (
            tok.ent_type_ == "PERSON"
            or tok.pos_ in {"VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PUNCT"}
            and tok.text not in _POSSESSIVE
        ):
            if tok.lower_ in {"in", "at", "to", "near", "inside"}:
                # "the US commander in Iraq, General Petraeus": Iraq is where he serves, not his country
                out = [t for t in out if t.head.i != tok.i]
            break
        if tok.pos_ not in {"PROPN", "NOUN", "ADJ", "DET", "PRON", "PART", "NUM", "X"}:
            break
        out.append(tok)
        i -= 1
    out.reverse()
    return out


def _group_name(ent: SpacySpan) -> bool:
    """A plural people-noun after a demonym ("Bosnian Serbs", "Kurdish rebels") is a group, not a person."""
    return len(ent) >= 2 and ent[-1].text.endswith("s") and ent[-1].tag_ in {"NNS", "NNPS"}


def _split_names(ent: SpacySpan) -> list[SpacySpan]:
    """Cut a PERSON entity that glues two names: at "and"/"&"/"," ("Duval and Becker") or at an
    honorific inside it ("Rajnath Singh Gen Nakatani")."""
    for k in range(1, len(ent) - 1):
        if ent[k].lower_ in {"and", "&", ","}:
            return [p for p in (*_split_names(ent[:k]), *_split_names(ent[k + 1 :])) if len(p)]
    for k in range(2, len(ent)):
        if ent[k].lower_.strip(".") in _HONORIFICS and ent[k - 1].pos_ == "PROPN" and k + 1 < len(ent):
            return [ent[:k], ent[k:]]
    return [ent]


def ethnic(ent: SpacySpan) -> bool:
    """ "ethnic Albanians", "ethnic Russian minority", "the Albanians of southern Serbia", "Kurds in
    Syria": a demonym naming a people (somewhere), not a state."""
    if ent.label_ != "NORP":
        return False
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ == "ethnic":
        return True
    root = ent.root
    return root.tag_ in {"NNS", "NNPS"} and any(
        p.dep_ == "prep"
        and p.lower_ in {"of", "in"}
        and any(o.ent_type_ in {"GPE", "LOC"} for o in p.subtree)
        for p in root.children
    )


def _acronym(name: str) -> bool:
    """ "UN", "NATO", "U.N.": an organisation's initials, never a person's name."""
    letters = name.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 6 and letters.isupper()


def _strip_possessive(text: str) -> str:
    for suffix in _POSSESSIVE:
        if text.endswith(suffix):
            return text[: -len(suffix)].strip()
    return text.strip()


def _org_name(text: str) -> str:
    name = _strip_possessive(text)
    name = re.sub(r"^(?:the|The|THE)\s+", "", name).strip()
    m = re.fullmatch(r"(\w+) Ministry", name)
    return f"Ministry of {m.group(1)}" if m else name


def _org_key(name: str) -> str:
    return name.lower()


def _span_order(span: Span) -> tuple[str, int]:
    return (span.article_id, span.start)


def _replace(actor: Actor, **changes: str | None) -> Actor:
    from dataclasses import replace

    return replace(actor, **changes)  # type: ignore[arg-type]


@lru_cache(maxsize=512)
def _country_name(code: str) -> str:
    try:
        import pycountry

        country = pycountry.countries.get(alpha_3=code)
    except (ImportError, LookupError, KeyError):
        country = None
    if country is None:
        return _written_names().get(code, code)  # "XKX" -> "Kosovo"
    name = str(getattr(country, "common_name", None) or country.name)
    if "," in name:  # "Palestine, State of", "Korea, Republic of": the name people write
        name = _written_names().get(code) or " ".join(reversed([p.strip() for p in name.split(",", 1)]))
    return name


@lru_cache(maxsize=1)
def _written_names() -> dict[str, str]:
    """The first hand-written name per country in ``country_names.tsv`` ("PSE" -> "Palestine")."""
    from newsfuse.extract.places import _data_lines

    return {
        row[0]: row[1].split("|")[0] for row in _data_lines("country_names.tsv") if len(row) > 1 and row[1]
    }
