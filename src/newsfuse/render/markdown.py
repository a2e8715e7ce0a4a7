"""A brief as Markdown a person reads, every sentence followed by its sources as ``[n]``.

:func:`brief_view` turns a Brief into plain rows (texts, citation numbers, dates) once, so the
Markdown here and the HTML page (render/html.py) say exactly the same things. Nothing is composed:
texts are claim sentences, event summaries made by the events stage from extracted values, and
conflict values; the only connecting words are fixed labels ("according to").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from newsfuse.models import Article, Brief, Claim, Event, Span

__all__ = ["BriefView", "Quote", "Row", "brief_view", "display_date", "render_markdown"]


@dataclass(frozen=True, slots=True)
class Quote:
    number: int
    outlet: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Row:
    """One statement of the brief with the numbers of the sources that support it."""

    text: str
    cites: tuple[int, ...]
    independent: int = 0
    label: str = ""  # theme, outlet, slot or date, depending on the section
    quotes: tuple[Quote, ...] = ()
    date: str | None = None
    precision: str | None = None
    background: bool = False
    anchor: str = ""
    disputed: bool = False  # another source gives a different value (see the conflicts section)


@dataclass(frozen=True, slots=True)
class BriefView:
    headline: str
    headline_cites: tuple[int, ...]
    n_articles: int
    n_independent: int
    first_seen: str | None
    last_seen: str | None
    lead: tuple[Row, ...]
    events: tuple[Row, ...]
    themes: tuple[tuple[str, tuple[Row, ...]], ...]
    conflicts: tuple[tuple[Row, tuple[Row, ...]], ...]  # (slot + subject, values)
    unique: tuple[Row, ...]
    timeline: tuple[Row, ...]
    sources: tuple[Row, ...]  # text = "Outlet — title", label = lineage note, anchor = "src-n"
    lineage_notes: tuple[str, ...] = field(default=())


def _cites(article_ids: Iterable[str], number_of: dict[str, int]) -> tuple[int, ...]:
    return tuple(sorted({number_of[a] for a in article_ids if a in number_of}))


def _quotes(spans: Sequence[Span], number_of: dict[str, int], outlet_of: dict[str, str]) -> tuple[Quote, ...]:
    return tuple(
        Quote(
            number_of.get(s.article_id, 0), outlet_of.get(s.article_id, s.article_id), s.text, s.start, s.end
        )
        for s in spans
    )


def _claim_row(claim: Claim, number_of: dict[str, int], outlet_of: dict[str, str], label: str = "") -> Row:
    return Row(
        text=claim.text,
        cites=_cites(claim.article_ids, number_of),
        independent=claim.independent_sources,
        label=label or claim.theme,
        quotes=_quotes(claim.evidence, number_of, outlet_of),
        anchor=f"fact-{claim.id}",
        disputed=bool(claim.conflicts_with),
    )


def _event_row(event: Event, number_of: dict[str, int], outlet_of: dict[str, str]) -> Row:
    text = event.summary or (event.evidence[0].text if event.evidence else event.type)
    return Row(
        text=text,
        cites=_cites(event.article_ids, number_of),
        independent=event.independent_sources,
        label=event.type,
        quotes=_quotes(event.evidence, number_of, outlet_of),
        date=event.when.value,
        precision=event.when.precision,
        background=event.background,
        anchor=f"event-{event.id}",
    )


def brief_view(brief: Brief, articles: Sequence[Article]) -> BriefView:
    """The brief as rows with citation numbers (shared by the Markdown and HTML renderings)."""
    number_of = {s.article_id: s.number for s in brief.sources}
    outlet_of = {s.article_id: s.outlet or _unnamed(s.origin) for s in brief.sources}
    by_id = {a.id: a for a in articles}
    title = (brief.story.title or "").strip()
    headline_cites = _cites(
        (a.id for a in articles if title and (a.title or "").strip().lower() == title.lower()),
        number_of,
    )
    themes: dict[str, list[Row]] = {}
    for c in brief.claims:
        themes.setdefault(c.theme or "Facts", []).append(_claim_row(c, number_of, outlet_of))
    conflicts = []
    for conflict in brief.conflicts:
        values = tuple(
            Row(
                text=v.value,
                cites=_cites(v.article_ids, number_of),
                quotes=_quotes(v.evidence, number_of, outlet_of),
            )
            for v in conflict.values
        )
        head = Row(
            text=conflict.subject,
            cites=tuple(sorted({n for r in values for n in r.cites})),
            label=conflict.slot,
        )
        conflicts.append((head, values))
    events_by_id = {e.id: e for e in brief.events}
    timeline = tuple(
        Row(
            text=t.text,
            cites=_cites(t.article_ids or [s.article_id for s in t.evidence], number_of),
            quotes=_quotes(t.evidence, number_of, outlet_of),
            date=t.when.value,
            precision=t.when.precision,
            background=bool(
                t.event_id and events_by_id.get(t.event_id) and events_by_id[t.event_id].background
            ),
            label=t.when.resolved_from or "",
        )
        for t in brief.timeline
    )
    lineage_members: dict[str, list[int]] = {}
    for s in brief.sources:
        lineage_members.setdefault(s.lineage_id, []).append(s.number)
    origin_of = {lin.id: lin.origin_id for lin in brief.lineages}
    sources = []
    for s in brief.sources:
        members = lineage_members[s.lineage_id]
        note = ""
        if len(members) > 1:
            others = ", ".join(f"[{n}]" for n in members if n != s.number)
            origin = origin_of.get(s.lineage_id)
            if origin == s.article_id:
                note = f"original of a text also carried by {others}"
            else:
                note = f"same text as {others}"
        art = by_id.get(s.article_id)
        name = s.outlet or (art.outlet if art else None) or _unnamed(s.origin)
        sources.append(
            Row(
                text=name,
                cites=(s.number,),
                label=note,
                date=s.published,
                anchor=f"src-{s.number}",
                quotes=(Quote(s.number, name, s.title or "", 0, 0),),
            )
        )
    notes = tuple(
        "One text, counted as one independent source: " + ", ".join(f"[{n}]" for n in members)
        for members in lineage_members.values()
        if len(members) > 1
    )
    return BriefView(
        headline=title or "Untitled story",
        headline_cites=headline_cites,
        n_articles=len(brief.sources),
        n_independent=len(lineage_members),
        first_seen=brief.story.first_seen,
        last_seen=brief.story.last_seen,
        lead=tuple(_claim_row(c, number_of, outlet_of) for c in brief.lead),
        events=tuple(_event_row(e, number_of, outlet_of) for e in brief.events),
        themes=tuple((k, tuple(v)) for k, v in themes.items()),
        conflicts=tuple(conflicts),
        unique=tuple(_claim_row(c, number_of, outlet_of) for c in brief.unique),
        timeline=timeline,
        sources=tuple(sources),
        lineage_notes=notes,
    )


def _md_cites(cites: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in cites)


def _sources_word(n: int) -> str:
    return "1 independent source" if n == 1 else f"{n} independent sources"


def _fact_line(r: Row) -> str:
    disputed = "; disputed, see below" if r.disputed else ""
    return f"- {r.text} {_md_cites(r.cites)} ({_sources_word(r.independent)}{disputed})"


def display_date(value: str | None, precision: str | None) -> str:
    """``2025-05-05`` -> ``5 May 2025``; month and year precision keep only what is known."""
    if not value:
        return "undated"
    parts = value.split("-")
    if precision == "day" and len(parts) == 3:
        d = date(int(parts[0]), int(parts[1]), int(parts[2]))
        return f"{d.day} {d:%B %Y}"
    if precision == "month" and len(parts) >= 2:
        return f"{date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    return parts[0]


def render_markdown(brief: Brief, articles: Sequence[Article]) -> str:
    """The brief as Markdown: lead, events, facts by theme, disagreements, single-source claims,
    timeline and the numbered sources with their lineage."""
    v = brief_view(brief, articles)
    out = [f"# {v.headline} {_md_cites(v.headline_cites)}".rstrip(), ""]
    span = " to ".join(dict.fromkeys(x for x in (v.first_seen, v.last_seen) if x))
    out.append(
        f"*{v.n_articles} articles from {_sources_word(v.n_independent)}" + (f", {span}*" if span else "*")
    )
    out.append("")
    if v.lead:
        out += ["## In brief", ""]
        out += [_fact_line(r) for r in v.lead]
        out.append("")
    if v.events:
        out += ["## Events", ""]
        for r in v.events:
            when = display_date(r.date, r.precision)
            bg = ", background" if r.background else ""
            out.append(f"- {r.text} {_md_cites(r.cites)} ({when}{bg}; {_sources_word(r.independent)})")
        out.append("")
    if v.themes:
        out += ["## Facts by theme", ""]
        for theme, rows in v.themes:
            out += [f"### {theme}", ""]
            out += [_fact_line(r) for r in rows]
            out.append("")
    if v.conflicts:
        out += ["## Where sources disagree", ""]
        for head, values in v.conflicts:
            out.append(f"- **{head.label}** — {head.text} {_md_cites(head.cites)}")
            for val in values:
                out.append(f"  - {val.text}: according to {_md_cites(val.cites)}")
                out += [f"    > {q.text} [{q.number}]" for q in val.quotes]
        out.append("")
    if v.unique:
        out += ["## Reported by one source only", ""]
        out += [f"- {r.text} {_md_cites(r.cites)} ({r.label})" for r in v.unique]
        out.append("")
    if v.timeline:
        out += ["## Timeline", ""]
        for r in v.timeline:
            bg = " (background)" if r.background else ""
            out.append(f"- **{display_date(r.date, r.precision)}**{bg}: {r.text} {_md_cites(r.cites)}")
        out.append("")
    out += ["## Sources", ""]
    for r in v.sources:
        title = r.quotes[0].text if r.quotes and r.quotes[0].text else ""
        bits = [f"{r.cites[0]}. **{r.text}**"]
        if title:
            bits.append(f"“{title}”")
        if r.date:
            bits.append(r.date)
        line = " — ".join(bits)
        if r.label:
            line += f" ({r.label})"
        out.append(line)
    if v.lineage_notes:
        out.append("")
        out += [f"- {n}" for n in v.lineage_notes]
    return "\n".join(out).rstrip() + "\n"


def _unnamed(origin: str) -> str:
    """A source whose page names no outlet: say so, with the file or URL it came from (its last part)."""
    tail = origin.rstrip("/").rsplit("/", 1)[-1] if origin else ""
    return f"outlet not named ({tail})" if tail else "outlet not named"
