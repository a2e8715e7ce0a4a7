"""The analyst console and JSON API over a store: stories, briefs, events, lineage, articles.

Each request opens the store's published snapshot read-only (access.py), so a run writing the
store at the same time never makes a page fail: pages show the last published state. The stories
list is answered from an index of that snapshot (search.py), rebuilt when a run publishes a new one.
The console never writes the store, loads nothing from other sites, and works without its map data.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.background import BackgroundTask

from newsfuse.access import reader_path, writer_active
from newsfuse.codec import to_data
from newsfuse.models import EVENT_TYPES
from newsfuse.pipeline import article_dict
from newsfuse.store import Store, open_reader
from newsfuse.web import queries
from newsfuse.web.geo import MAP_FILE, MapView, Marker, load_world, map_view
from newsfuse.web.search import MAX_PER_PAGE, SORTS, IndexCache, StoryQuery, file_key, generation, search
from newsfuse.web.views import event_countries, event_markers, event_timeline

# Query filters the API checks (a bad one is a 422 with the reason, not an empty list).
_TYPE_PATTERN = "(?i)^(" + "|".join(EVENT_TYPES) + ")$"
_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_STATIC = Path(__file__).resolve().parent / "static"
# How often the stories page asks whether a run has published new stories.
_POLL_MS = 4000

__all__ = ["create_app"]

T = TypeVar("T")


def _or_404(found: T | None, detail: str) -> T:
    """The record a page or API call asked for, or a 404 saying what is missing."""
    if found is None:
        raise HTTPException(404, detail)
    return found


def _country_name(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    return str(found.name) if found else code


def _story_item(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "articles": row.articles,
        "independent_sources": row.independent_sources,
        "first_seen": row.first_seen,
        "last_seen": row.last_seen,
        "events": row.events,
        "has_brief": row.has_brief,
        "countries": list(row.countries),
        "types": list(row.types),
        "outlets": list(row.outlets),
    }


def story_params(
    q: str = Query("", description='Words (all must occur) or "a phrase" in titles, facts, events'),
    country: str = Query("", description="ISO alpha-3 country of an event or actor"),
    type: str = Query("", description="Event type: a PLOVER type, or DISASTER"),
    outlet: str = Query("", description="An outlet that reported the story"),
    since: str = Query("", description="YYYY[-MM[-DD]]: stories seen on or after"),
    until: str = Query("", description="YYYY[-MM[-DD]]: stories seen on or before"),
    sort: str = Query("", description=", ".join(SORTS)),
    page_: int = Query(1, alias="page"),
    per_page: int = Query(50, description=f"1 to {MAX_PER_PAGE}"),
) -> StoryQuery:
    """The stories page's and API's query parameters, checked (a bad one is a 422 saying why)."""
    try:
        return StoryQuery.parse(
            q=q, country=country, type=type, outlet=outlet, since=since, until=until, sort=sort,
            page=page_, per_page=per_page,
        )  # fmt: skip
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


def _event_query(
    country: str, type: str, since: str, until: str, story: str, q: str, sort: str
) -> queries.EventQuery:
    try:
        parsed = StoryQuery.parse(country=country, type=type, since=since, until=until)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    if sort not in ("", "newest", "oldest"):
        raise HTTPException(422, f"sort must be newest or oldest, not {sort!r}")
    return queries.EventQuery(
        country=parsed.country, type=parsed.type, since=parsed.since, until=parsed.until,
        story=story.strip(), q=" ".join(q.split()), sort=sort or "newest",
    )  # fmt: skip


def event_params(
    country: str = "",
    type: str = "",
    since: str = "",
    until: str = "",
    story: str = "",
    q: str = "",
    sort: str = "",
) -> queries.EventQuery:
    """The events table's and exports' filters, checked."""
    return _event_query(country, type, since, until, story, q, sort)


def create_app(db_path: str | Path, *, poll_ms: int = _POLL_MS, map_file: Path = MAP_FILE) -> FastAPI:
    """A FastAPI app serving the store at ``db_path``.

    Pages: ``/`` (stories), ``/stories/{id}`` (brief, map, event timeline), ``/events``,
    ``/lineage``, ``/articles/{id}``. API: ``/api/stories``, ``/api/stories/{id}``, ``/api/events``,
    ``/api/events.csv``, ``/api/events.parquet``, ``/api/articles/{id}``, ``/api/status``.
    """
    db_path = Path(db_path)
    templates = Environment(
        loader=PackageLoader("newsfuse.web", "templates"),
        autoescape=select_autoescape(),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.globals.update(urlencode=urlencode, country_name=_country_name, event_types=EVENT_TYPES)
    world = load_world(map_file)
    index_cache = IndexCache(db_path)
    app = FastAPI(title="newsfuse", description="Stories, events and cited briefs from news coverage.")
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")

    @contextmanager
    def opened() -> Iterator[Store]:
        store = open_reader(db_path)
        try:
            yield store
        finally:
            store.close()

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(templates.get_template(name).render(**context), status_code=status)

    def not_found(what: str) -> HTMLResponse:
        return page("not_found.html", 404, section="", what=what)

    def world_map(markers: list[Marker], highlight: set[str]) -> MapView | None:
        return map_view(world, markers, highlight) if world is not None else None

    # -- stories ------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def index(query: Annotated[StoryQuery, Depends(story_params)]) -> HTMLResponse:
        idx = index_cache.get()
        found = search(idx, query)
        return page(
            "index.html",
            section="stories",
            query=query,
            found=found,
            sorts=SORTS,
            total_stories=len(idx.rows),
            countries=sorted(idx.facets["country"]),
            outlets=sorted(idx.facets["outlet"]),
            generation=generation(idx.key),
            poll_ms=poll_ms,
        )

    @app.get("/api/stories")
    def api_stories(
        response: Response, query: Annotated[StoryQuery, Depends(story_params)]
    ) -> list[dict[str, Any]]:
        """A page of stories; ``X-Total-Count`` gives the number matching, ``Link`` the next page."""
        found = search(index_cache.get(), query)
        response.headers["X-Total-Count"] = str(found.total)
        if found.page < found.pages:
            response.headers["Link"] = (
                f'</api/stories?{urlencode(query.params(page=found.page + 1))}>; rel="next"'
            )
        return [_story_item(r) for r in found.rows]

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(story_id: str) -> HTMLResponse:
        from newsfuse.render.html import render_html

        with opened() as store:
            story = store.story(story_id)
            if story is None:
                return not_found(f"no story {story_id}")
            brief = store.brief(story.id)
            articles = store.articles(story.article_ids)
            if brief is None:  # a run has grouped the story and not yet written its brief
                return page("pending.html", section="stories", story=story, articles=articles)
            events = store.events(story_id=story.id)
            lineage_ids = queries.story_lineage_ids(store, story.article_ids)
        anchors = [f"ev-{i}" for i in range(1, len(events) + 1)]
        context = {
            "story": story,
            "events": list(zip(events, anchors, strict=True)),
            "timeline": event_timeline(events, anchors),
            "map": world_map(event_markers(events, anchors), event_countries(events)),
            "articles": articles,
            "lineages": len(lineage_ids),
        }
        return HTMLResponse(
            _inject(
                render_html(brief, articles),
                head='<link rel="stylesheet" href="/static/console.css">\n',
                top=templates.get_template("_nav.html").render(section="stories"),
                figures=templates.get_template("story_figures.html").render(**context),
                bottom=templates.get_template("story_extra.html").render(**context),
            )
        )

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: str) -> dict[str, Any]:
        from newsfuse.render.json import brief_to_dict

        with opened() as store:
            story = _or_404(store.story(story_id), f"no story {story_id}")
            brief = store.brief(story.id)
            return {
                "story": to_data(story),
                "articles": [article_dict(a) for a in store.articles(story.article_ids)],
                "brief": brief_to_dict(brief) if brief else None,
            }

    # -- events -------------------------------------------------------------------------------

    @app.get("/events", response_class=HTMLResponse)
    def events_page(
        query: Annotated[queries.EventQuery, Depends(event_params)],
        page_: int = Query(1, alias="page", ge=1),
        per_page: int = Query(100, ge=1, le=MAX_PER_PAGE),
    ) -> HTMLResponse:
        with opened() as store:
            rows, total = queries.event_page(store, query, page_, per_page)
        params = query.params()
        markers = [
            Marker(r.lat, r.lon, f"{r.place}: {r.type} {r.date or ''}", f"event-{r.id}")
            for r in rows
            if r.lat is not None and r.lon is not None
        ]
        countries = sorted(index_cache.get().facets["country"])
        highlight = {c for r in rows for c in (r.country, *r.actor_countries.split(",")) if c}
        return page(
            "events.html",
            section="events",
            query=query,
            rows=rows,
            total=total,
            page=page_,
            pages=max(1, -(-total // per_page)),
            per_page=per_page,
            params=params,
            export_params={k: v for k, v in params.items() if k != "sort"},
            countries=countries,
            map=world_map(markers, highlight),
        )

    @app.get("/api/events")
    def api_events(
        country: str | None = Query(
            None, pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3 country of an actor or the place"
        ),
        type: str | None = Query(
            None, pattern=_TYPE_PATTERN, description="Event type: a PLOVER type, or DISASTER"
        ),
        since: str | None = Query(None, pattern=_DATE_PATTERN, description="YYYY[-MM[-DD]]"),
        until: str | None = Query(None, pattern=_DATE_PATTERN, description="YYYY[-MM[-DD]]"),
        story: str | None = None,
        q: str = Query("", description="Words in the event's summary, place or type"),
    ) -> list[dict[str, Any]]:
        query = _event_query(country or "", type or "", since or "", until or "", story or "", q, "oldest")
        with opened() as store:
            rows = queries.matching_events(store, query)
        return [to_data(e) for e in rows]

    def export(fmt: str, query: queries.EventQuery) -> FileResponse:
        fd, name = tempfile.mkstemp(suffix=f".{fmt}", prefix="newsfuse-events-")
        os.close(fd)
        with opened() as store:
            store.export_events(name, queries.matching_events(store, query))
        return FileResponse(
            name,
            media_type="text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
            filename=f"newsfuse-events.{fmt}",
            background=BackgroundTask(os.unlink, name),
        )

    @app.get("/api/events.csv")
    def api_events_csv(query: Annotated[queries.EventQuery, Depends(event_params)]) -> FileResponse:
        """The filtered events as CSV (flat columns plus JSON evidence; docs/formats.md)."""
        return export("csv", query)

    @app.get("/api/events.parquet")
    def api_events_parquet(query: Annotated[queries.EventQuery, Depends(event_params)]) -> FileResponse:
        """The filtered events as Parquet."""
        return export("parquet", query)

    # -- lineage ------------------------------------------------------------------------------

    @app.get("/lineage", response_class=HTMLResponse)
    def lineage(
        story: str = "",
        page_: int = Query(1, alias="page", ge=1),
        per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
    ) -> HTMLResponse:
        with opened() as store:
            found = None
            only = None
            if story:
                found = store.story(story)
                if found is None:
                    return not_found(f"no story {story}")
                only = queries.story_lineage_ids(store, found.article_ids)
            groups, total = queries.lineage_page(store, page_, per_page, only)
        return page(
            "lineage.html",
            section="lineage",
            story=found,
            groups=groups,
            total=total,
            page=page_,
            pages=max(1, -(-total // per_page)),
            params={"story": story} if story else {},
        )

    # -- articles -----------------------------------------------------------------------------

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(article_id: str) -> HTMLResponse:
        with opened() as store:
            article = store.article(article_id)
            if article is None:
                return not_found(f"no article {article_id}")
            stories, citations = queries.article_citations(store, article.id)
        return page(
            "article.html",
            section="",
            article=article,
            stories=stories,
            citations=citations,
            labels={
                c.ref: f"{'Event' if c.kind == 'event' else 'Fact'} {c.ref} — {c.text}" for c in citations
            },
            marks=queries.article_marks(article, citations),
        )

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: str) -> dict[str, Any]:
        with opened() as store:
            article = store.article(article_id)
        return article_dict(_or_404(article, f"no article {article_id}"))

    # -- live updates -------------------------------------------------------------------------

    @app.get("/api/status")
    def api_status() -> JSONResponse:
        """The snapshot being served: ``generation`` changes whenever a run publishes a new one.

        Pages poll this every few seconds, so it answers from the cached index when the snapshot
        has not changed, and opens the store only to count the stories of a new one."""
        key = index_cache.current_key()
        cached = index_cache.peek()
        if cached is not None and cached.key == key:
            stories = len(cached.rows)
        else:
            with opened() as store:
                key = file_key(Path(store.path))
                row = store.con.execute("SELECT count(*) FROM stories").fetchone()
                stories = int(row[0]) if row else 0
        path = reader_path(db_path)
        return JSONResponse(
            {
                "generation": generation(key),
                "stories": stories,
                "published": path.stat().st_mtime if path.exists() else None,
                "writing": writer_active(db_path),
            },
            headers={"Cache-Control": "no-store"},
        )

    @app.exception_handler(404)
    async def missing(request: Request, exc: Exception) -> Response:
        """Pages answer a missing thing with a page, the API with JSON."""
        detail = getattr(exc, "detail", "not found")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=404)
        return not_found(str(detail))

    return app


def _inject(document: str, *, head: str, top: str, figures: str, bottom: str) -> str:
    """Add the console's stylesheet, navigation and sections to a brief rendered as a whole page
    (render/html.py): the map and timeline under its headline, the details before its footer."""
    if "</header>" in document:  # before the navigation, which is a header too, goes in
        document = document.replace("</header>", "</header>\n" + figures, 1)
    else:
        bottom = figures + bottom
    document = document.replace("</head>", head + "</head>", 1)
    document = document.replace("<body>", "<body>\n" + top + '\n<main id="main" tabindex="-1">', 1)
    at = document.rfind("<footer") if "<footer" in document else document.rfind("</body>")
    document = document[:at] + bottom + "\n" + document[at:]
    return document.replace("</body>", "</main>\n</body>", 1)
