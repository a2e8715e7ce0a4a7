"""The web page and JSON API over a store: stories, briefs, events, articles.

Each request opens the store's published snapshot read-only (access.py), so a run writing the
store at the same time never makes a page fail: pages show the last published state.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from newsfuse.codec import to_data
from newsfuse.models import EVENT_TYPES
from newsfuse.pipeline import article_dict
from newsfuse.store import Store, open_reader

# Query filters the API checks (a bad one is a 422 with the reason, not an empty list).
_TYPE_PATTERN = "(?i)^(" + "|".join(EVENT_TYPES) + ")$"
_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

__all__ = ["create_app"]

T = TypeVar("T")


def _or_404(found: T | None, detail: str) -> T:
    """The record a page or API call asked for, or a 404 saying what is missing."""
    if found is None:
        raise HTTPException(404, detail)
    return found


def create_app(db_path: str | Path) -> FastAPI:
    """A FastAPI app serving the store at ``db_path``.

    Pages: ``/`` (stories), ``/stories/{id}`` (the brief). API: ``/api/stories``,
    ``/api/stories/{id}``, ``/api/events``, ``/api/articles/{id}``.
    """
    db_path = Path(db_path)
    templates = Environment(loader=PackageLoader("newsfuse.web", "templates"), autoescape=select_autoescape())
    app = FastAPI(title="newsfuse", description="Stories, events and cited briefs from news coverage.")

    @contextmanager
    def opened() -> Iterator[Store]:
        store = open_reader(db_path)
        try:
            yield store
        finally:
            store.close()

    def story_rows(store: Store) -> list[dict[str, Any]]:
        lineages = {a: lin.id for lin in store.lineages() for a in lin.article_ids}
        return [
            {
                "id": s.id,
                "title": s.title,
                "articles": len(s.article_ids),
                "independent_sources": len({lineages.get(a, a) for a in s.article_ids}),
                "first_seen": s.first_seen,
                "last_seen": s.last_seen,
            }
            for s in store.stories()
        ]

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        with opened() as store:
            rows = story_rows(store)
            counts = store.counts()
        return templates.get_template("index.html").render(stories=rows, counts=counts)

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(story_id: str) -> str:
        from newsfuse.render.html import render_html

        with opened() as store:
            story = _or_404(store.story(story_id), f"no story {story_id}")
            brief = store.brief(story.id)
            articles = store.articles(story.article_ids)
        if brief is None:  # a run has grouped the story and not yet written its brief
            return templates.get_template("pending.html").render(story=story, articles=articles)
        return render_html(brief, articles)

    @app.get("/api/stories")
    def api_stories() -> list[dict[str, Any]]:
        with opened() as store:
            return story_rows(store)

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
    ) -> list[dict[str, Any]]:
        with opened() as store:
            rows = store.events(
                story_id=story,
                country=country.upper() if country else None,
                type=type.upper() if type else None,
                since=since,
                until=until,
            )
        return [to_data(e) for e in rows]

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: str) -> dict[str, Any]:
        with opened() as store:
            article = store.article(article_id)
        return article_dict(_or_404(article, f"no article {article_id}"))

    return app
