"""The command line: a thin Typer layer over the Python API.

Every command names its store with ``--out DIR`` (the store is ``DIR/newsfuse.duckdb``), has help
with an example, and turns misuse into one readable line with exit code 2.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import duckdb
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from newsfuse import __version__
from newsfuse.errors import Interrupted, NewsfuseError, StoreError, UsageError
from newsfuse.models import EVENT_TYPES
from newsfuse.store import Store

if TYPE_CHECKING:
    from newsfuse.config import Config
    from newsfuse.ingest.remote import FetchLog
    from newsfuse.pipeline import RunReport

__all__ = ["app", "main"]

app = typer.Typer(
    name="newsfuse",
    help="Read news coverage from many outlets and write down what happened, every statement cited.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

OutOption = Annotated[
    Path,
    typer.Option("--out", "-o", help="Output folder; the store is OUT/newsfuse.duckdb.", show_default=True),
]
DEFAULT_OUT = Path("out/demo")


class RichReporter:
    """Progress bars for long runs (pipeline.Reporter)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def start(self, stage: str, total: int | None) -> None:
        self.tasks[stage] = self.progress.add_task(stage, total=total)

    def advance(self, stage: str, n: int = 1) -> None:
        self.progress.advance(self.tasks[stage], n)

    def finish(self, stage: str) -> None:
        task = self.tasks[stage]
        total = self.progress.tasks[self.progress.task_ids.index(task)].total
        self.progress.update(task, completed=total)


class _RateColumn(ProgressColumn):
    """Items per second of a stage, as Rich measures it from the advances ("140/s")."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


@contextmanager
def _progress() -> Iterator[RichReporter]:
    columns = (
        TextColumn("{task.description:>8}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=False, disable=not err_console.is_terminal) as p:
        yield RichReporter(p)


def _open_store(out: Path) -> Store:
    """The store for the read commands: its last published state, read-only, so a run writing
    it at the same time never makes them fail (docs/reliability.md)."""
    from newsfuse.access import STORE_NAME
    from newsfuse.store import open_reader

    db = out / STORE_NAME
    if not db.is_file():
        raise UsageError(f"no store at {db}: run `newsfuse run CORPUS --out {out}` first")
    return open_reader(db)


def _stopping(signame: str) -> None:
    err_console.print(
        f"[yellow]{signame}: stopping after the current batch is committed "
        "(press Ctrl-C again to stop at once; nothing committed is lost either way)[/]"
    )


def _waiting(holder: str) -> None:
    err_console.print(
        f"[yellow]another newsfuse run is writing this store ({holder}); waiting for it to finish...[/]"
    )


WaitOption = Annotated[
    bool, typer.Option("--wait", help="If another run is writing the store, wait for it instead of stopping.")
]


def _version(value: bool) -> None:
    if value:
        console.print(f"newsfuse {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """newsfuse: clean articles, lineage, stories, events and cited briefs from piles of news pages."""


PathsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders (recursive), globs, or http(s) URLs of RSS/Atom feeds, sitemaps or article pages."
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="A newsfuse.toml (default: ./newsfuse.toml when it exists)."),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override one setting, e.g. --set clean.min_words=10 (repeatable)."),
]
PrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-addresses",
        help="Fetch from private, loopback and link-local addresses (intranets, tests); refused by default.",
    ),
]


def _config(config: Path | None, sets: list[str] | None) -> Config:
    from newsfuse.config import load_config

    if config is not None and not config.is_file():
        raise UsageError(f"no config file at {config}")
    return load_config(config, sets or ())


@app.command()
def run(
    paths: PathsArgument,
    out: OutOption = DEFAULT_OUT,
    dask: Annotated[bool, typer.Option(help="Run the stages on a local Dask cluster.")] = False,
    scheduler: Annotated[str | None, typer.Option(help="Address of a Dask scheduler to use.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes for cleaning and coding (default: one per core; 1: all in this "
            "process), or the size of the local Dask cluster with --dask.",
        ),
    ] = None,
    wait: WaitOption = False,
    config: ConfigOption = None,
    set_: SetOption = None,
    allow_private_addresses: PrivateOption = False,
) -> None:
    """Run every stage and write OUT/newsfuse.duckdb, OUT/stories.json, OUT/articles/, OUT/briefs/.

    A run stopped by Ctrl-C, a kill or a crash is finished by running the same command again.
    URLs are fetched politely (robots.txt, per-host limits, conditional GET); pages fetched once
    are kept in the store and never fetched again.

    Example: newsfuse run examples/ --out out/demo
    Example: newsfuse run https://example.com/rss.xml --out out/live
    """
    from newsfuse.pipeline import DaskExecutor, Executor, as_context, graceful_stop
    from newsfuse.pipeline import run as run_pipeline

    cfg = _config(config, set_)
    private = allow_private_addresses or cfg.allow_private_addresses
    settings = cfg.settings
    if workers is not None and not (dask or scheduler):
        settings = dataclasses.replace(
            settings, workers=dataclasses.replace(settings.workers, processes=workers)
        )
    # None: the run picks (a pool of worker processes when it has enough work, else this process)
    executor: Executor | None = DaskExecutor(scheduler, workers or 2) if (dask or scheduler) else None
    with graceful_stop(_stopping) as stop, as_context(executor) as ex, _progress() as reporter:
        report = run_pipeline(
            paths, out, settings=settings, reporter=reporter, executor=ex, stop=stop, wait=wait,
            on_wait=_waiting, allow_private_addresses=private,
        )  # fmt: skip
    _print_documents(report.documents)
    _print_fetches(report.fetches)
    _print_totals(report, out)


def _print_totals(report: RunReport, out: Path) -> None:
    counts = report.status_counts
    console.print(
        f"[bold]{len(report.documents)} inputs[/]: {counts['ok']} ok, {counts['skipped']} skipped, "
        f"{counts['failed']} failed — {report.new_documents} new, {report.known_documents} already known; "
        f"{report.new_articles} new articles"
    )
    t = report.totals
    console.print(
        f"store: {t.get('articles', 0)} articles, {t.get('lineages', 0)} lineages, {t.get('stories', 0)} stories, "
        f"{t.get('events', 0)} events"
    )
    if report.modes:
        console.print(
            "modes: " + ", ".join(f"{stage} {mode}" for stage, mode in sorted(report.modes.items()))
        )
    if report.seconds:
        console.print("stages: " + stage_times(report))
    console.print(f"outputs in {out}/: newsfuse.duckdb, stories.json, articles/, briefs/")


def stage_times(report: RunReport) -> str:
    """ "clean 2.1 s (140/s), reuse 0.4 s (700/s), ...": each stage's time and rate, in run order."""
    parts = []
    for stage, secs in report.seconds.items():
        n = report.items.get(stage)
        rate = f" ({n / secs:,.0f}/s)" if n and secs > 0 else ""
        parts.append(f"{stage} {secs:.1f} s{rate}")
    return ", ".join(parts)


def _print_fetches(logs: Sequence[FetchLog]) -> None:
    if not logs:
        return
    table = Table(title="urls", show_lines=False)
    for col in ("status", "kind", "url", "reason"):
        table.add_column(col, overflow="fold")
    style = {
        "fetched": "green",
        "not-modified": "cyan",
        "known": "cyan",
        "refused": "yellow",
        "failed": "red",
    }
    for log in logs:
        shown = log.status if log.status not in style else f"[{style[log.status]}]{log.status}[/]"
        table.add_row(shown, log.kind, log.url, log.reason)
    console.print(table)


@app.command()
def watch(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Feeds, sitemaps, pages, files or folders to follow (default: [watch] sources)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder (default: [watch] out).")
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(help="Time between polls: 600, 90s, 10m, 1h30m (default: [watch] every, 10m)."),
    ] = None,
    polls: Annotated[int | None, typer.Option(min=1, help="Stop after this many polls.")] = None,
    config: ConfigOption = None,
    set_: SetOption = None,
    allow_private_addresses: PrivateOption = False,
) -> None:
    """Follow feeds, sites and folders: poll on a schedule and update stories, events and briefs.

    Each poll fetches what is new (conditional GET; pages already held are not fetched again) and
    runs the pipeline incrementally. Ctrl-C stops after the batch in progress.

    Example: newsfuse watch https://example.com/rss.xml --out out/live --every 10m
    Example: newsfuse watch --config newsfuse.toml
    """
    from newsfuse.config import parse_duration
    from newsfuse.extract.pipeline import StoryExtractor
    from newsfuse.ingest.fetch import Fetcher
    from newsfuse.pipeline import graceful_stop
    from newsfuse.pipeline import run as run_pipeline

    cfg = _config(config, set_)
    sources = list(paths or cfg.sources)
    if not sources:
        raise UsageError("nothing to watch: name feeds, sites or folders, or list them in [watch] sources")
    target = out or (Path(cfg.out) if cfg.out else None)
    if target is None:
        raise UsageError('watch needs --out DIR (or out = "DIR" in the [watch] section of the config)')
    try:
        seconds = parse_duration(every) if every is not None else (cfg.every_seconds or 600.0)
    except UsageError as err:
        raise UsageError(f"--every: {err}") from None
    private = allow_private_addresses or cfg.allow_private_addresses
    extractor = StoryExtractor(cfg.settings.extract)  # loaded once, reused by every poll
    n = 0
    with graceful_stop(_stopping) as stop, Fetcher(cfg.settings.fetch, allow_private=private) as fetcher:
        while not stop.is_set():
            n += 1
            started = time.strftime("%H:%M:%S")
            try:
                with _progress() as reporter:
                    report = run_pipeline(
                        sources, target, settings=cfg.settings, reporter=reporter, stop=stop, wait=True,
                        on_wait=_waiting, extractor=extractor, fetcher=fetcher,
                    )  # fmt: skip
            except Interrupted:
                break
            except (StoreError, UsageError):
                raise
            except NewsfuseError as err:  # one bad poll must not end the watch
                err_console.print(f"[red]poll {n} ({started}) failed: {err}[/]")
            else:
                console.print(_poll_line(n, started, report), soft_wrap=True, markup=False)
            if polls is not None and n >= polls:
                break
            stop.wait(seconds)
    console.print(f"watch stopped after {n} poll(s); outputs in {target}/", soft_wrap=True, markup=False)


def _poll_line(n: int, started: str, report: RunReport) -> str:
    """What one poll found, in a line."""
    by_status: dict[str, int] = {}
    for log in report.fetches:
        if log.kind != "page":
            by_status[f"{log.kind} {log.status}"] = by_status.get(f"{log.kind} {log.status}", 0) + 1
    pages = sum(1 for log in report.fetches if log.kind == "page" and log.status == "fetched")
    failed = sum(1 for log in report.fetches if log.status in ("failed", "refused"))
    t = report.totals
    parts = [", ".join(f"{v} {k}" for k, v in sorted(by_status.items())) or "no feeds"]
    parts.append(f"{pages} new pages, {report.new_articles} new articles")
    if failed:
        parts.append(f"{failed} URLs failed or refused (see `newsfuse run` for reasons)")
    parts.append(
        f"{report.touched_stories} stories updated; store: {t.get('articles', 0)} articles, "
        f"{t.get('stories', 0)} stories, {t.get('events', 0)} events"
    )
    return f"poll {n} ({started}): " + "; ".join(parts)


@app.command()
def ingest(
    paths: PathsArgument,
    out: OutOption = DEFAULT_OUT,
    wait: WaitOption = False,
    config: ConfigOption = None,
    set_: SetOption = None,
    allow_private_addresses: PrivateOption = False,
) -> None:
    """Ingest and clean only: store documents and articles, report every input's status.

    Example: newsfuse ingest ../shared/seeds --out out/seeds
    """
    from newsfuse.pipeline import graceful_stop
    from newsfuse.pipeline import run as run_pipeline

    cfg = _config(config, set_)
    with graceful_stop(_stopping) as stop, _progress() as reporter:
        report = run_pipeline(
            paths, out, settings=cfg.settings, reporter=reporter, extract=False, stop=stop, wait=wait,
            on_wait=_waiting, allow_private_addresses=allow_private_addresses or cfg.allow_private_addresses,
        )  # fmt: skip
    _print_documents(report.documents)
    _print_fetches(report.fetches)
    console.print(f"{report.new_documents} new, {report.known_documents} already known")


def _print_documents(docs: object) -> None:
    table = Table(title="inputs", show_lines=False)
    for col in ("status", "origin", "type", "encoding", "reason"):
        table.add_column(col, overflow="fold")
    style = {"ok": "green", "skipped": "yellow", "failed": "red"}
    for d in docs:  # type: ignore[attr-defined]
        table.add_row(f"[{style[d.status]}]{d.status}[/]", d.origin, d.media_type, d.encoding or "", d.reason)
    console.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="An article id (a unique prefix is enough).")],
    out: OutOption = DEFAULT_OUT,
) -> None:
    """Show one clean article with its metadata and evidence.

    Example: newsfuse show 3fa9c1 --out out/demo
    """
    from newsfuse.render.article import render_article_markdown

    with _open_store(out) as store:
        article = store.article(article_id)
    if article is None:
        raise UsageError(f"no single article matches id {article_id!r}: list ids with `newsfuse stories`")
    console.print(render_article_markdown(article), markup=False, highlight=False)


@app.command()
def lineage(out: OutOption = DEFAULT_OUT) -> None:
    """Show which articles copy or rewrite which: origin, copies and shared text.

    Example: newsfuse lineage --out out/demo
    """
    with _open_store(out) as store:
        lineages = store.lineages()
        articles = {a.id: a for a in store.articles()}
        reuses = {(r.a, r.b): r for r in store.reuses()}
    root = Tree(f"[bold]{len(articles)} articles, {len(lineages)} independent sources")
    for lin in lineages:
        origin = articles.get(lin.origin_id)
        label = f"{lin.origin_id[:10]} {origin.outlet or origin.origin if origin else ''} (origin)"
        node = root.add(f"[bold]{label}[/] — {len(lin.article_ids)} article(s)")
        for aid in lin.article_ids:
            if aid == lin.origin_id:
                continue
            r = reuses.get((lin.origin_id, aid)) or reuses.get((aid, lin.origin_id))
            art = articles.get(aid)
            how = f"{r.kind}, {max(r.shared):.0%} shared" if r else "same lineage"
            node.add(f"{aid[:10]} {art.outlet or art.origin if art else ''} — {how}")
    console.print(root)


@app.command()
def stories(out: OutOption = DEFAULT_OUT) -> None:
    """List stories: id, title, size, first and last seen.

    Example: newsfuse stories --out out/demo
    """
    with _open_store(out) as store:
        rows = store.stories()
        lineages = {a: lin.id for lin in store.lineages() for a in lin.article_ids}
    table = Table(title=f"{len(rows)} stories")
    for col in ("id", "title", "articles", "sources", "first seen", "last seen"):
        table.add_column(col, overflow="fold")
    for s in rows:
        sources = len({lineages.get(a, a) for a in s.article_ids})
        table.add_row(
            s.id, s.title, str(len(s.article_ids)), str(sources), s.first_seen or "", s.last_seen or ""
        )
    console.print(table)


@app.command()
def events(
    out: OutOption = DEFAULT_OUT,
    country: Annotated[str | None, typer.Option(help="ISO alpha-3 country of an actor or the place.")] = None,
    type: Annotated[
        str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT (or DISASTER).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Earliest date, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Latest date, YYYY[-MM[-DD]].")] = None,
    story: Annotated[str | None, typer.Option(help="Only this story (id prefix).")] = None,
    export: Annotated[Path | None, typer.Option(help="Write the events to a .csv or .parquet file.")] = None,
) -> None:
    """List events: who did what to whom, when and where, with source counts.

    Example: newsfuse events --country IND --type CONSULT --since 2025-05 --export events.csv
    """
    if type is not None:
        type = type.upper()
        if type not in EVENT_TYPES:
            raise UsageError(f"unknown event type {type!r}: one of {', '.join(EVENT_TYPES)}")
    if country is not None:
        country = country.upper()
        if not re.fullmatch(r"[A-Z]{3}", country):
            raise UsageError(f"--country takes an ISO alpha-3 code such as IND, not {country!r}")
    for name, value in (("--since", since), ("--until", until)):
        if value is not None and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value):
            raise UsageError(f"{name} takes YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    with _open_store(out) as store:
        rows = store.events(story_id=story, country=country, type=type, since=since, until=until)
        if export is not None:
            store.export_events(export, rows)
    table = Table(title=f"{len(rows)} events")
    for col in ("date", "type", "actors", "recipients", "place", "sources", "summary"):
        table.add_column(col, overflow="fold")
    for e in rows:
        table.add_row(
            f"{e.when.value or '?'}" + (" (bg)" if e.background else ""),
            e.type + (f"/{e.mode}" if e.mode else ""),
            ", ".join(f"{a.name} ({a.country or '?'})" for a in e.actors),
            ", ".join(f"{a.name} ({a.country or '?'})" for a in e.recipients),
            e.where.name if e.where else "",
            f"{len(e.article_ids)} art / {e.independent_sources} ind",
            e.summary,
        )
    console.print(table)
    if export is not None:
        console.print(f"wrote {len(rows)} events to {export}")


class BriefFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


@app.command()
def brief(
    story_id: Annotated[str, typer.Argument(help="A story id (a unique prefix is enough).")],
    out: OutOption = DEFAULT_OUT,
    format: Annotated[BriefFormat, typer.Option("--format", "-f", help="md, html or json.")] = BriefFormat.md,
) -> None:
    """Print a story's brief: facts with citations, conflicts, single-source claims, timeline, sources.

    Example: newsfuse brief 9c2e41 --format html > brief.html
    """
    import html
    import json

    from newsfuse.render.html import render_html
    from newsfuse.render.json import brief_to_dict
    from newsfuse.render.markdown import render_markdown

    with _open_store(out) as store:
        story = store.story(story_id)
        if story is None:
            raise UsageError(f"no single story matches id {story_id!r}: list them with `newsfuse stories`")
        b = store.brief(story.id)
        articles = store.articles(story.article_ids)
    if b is None:  # grouped by a run that has not written its brief yet (or by `newsfuse ingest`)
        err_console.print(
            f"story {story.id} has no brief yet: a run in progress is preparing it, or the store was "
            "made by `newsfuse ingest`; `newsfuse run` writes it"
        )
        if format is BriefFormat.json:
            sys.stdout.write(json.dumps({"story": story.id, "title": story.title, "brief": None}) + "\n")
        elif format is BriefFormat.html:
            title = html.escape(story.title)
            sys.stdout.write(f"<!doctype html><title>{title}</title><h1>{title}</h1><p>No brief yet.</p>\n")
        else:
            sys.stdout.write(f"# {story.title}\n\n_No brief yet._\n")
        return
    if format is BriefFormat.md:
        sys.stdout.write(render_markdown(b, articles))
    elif format is BriefFormat.html:
        sys.stdout.write(render_html(b, articles))
    else:
        sys.stdout.write(json.dumps(brief_to_dict(b), ensure_ascii=False, indent=1) + "\n")


@app.command()
def serve(
    out: OutOption = DEFAULT_OUT,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the store as a web page and a JSON API.

    Example: newsfuse serve --out out/demo --port 8000
    """
    import uvicorn

    from newsfuse.web.app import create_app

    _open_store(out).close()
    uvicorn.run(create_app(out / "newsfuse.duckdb"), host=host, port=port)


@app.command()
def places(
    text: Annotated[
        str | None, typer.Argument(help="Text to read the places of (omit with --build).")
    ] = None,
    build: Annotated[
        bool, typer.Option("--build", help="Build (or check) the gazetteer index and say what it holds.")
    ] = False,
) -> None:
    """Read the places of a text: each name found, the place it denotes, and why that one.

    Example: newsfuse places "On 5 May 2020 farmers protested in Sori (Gogounou, Alibori)."
    """
    from newsfuse.extract.gazetteer import cache_dir, dump_stats
    from newsfuse.extract.places import Gazetteer

    if text is None and not build:
        raise UsageError("give a text to read, or --build to build the gazetteer index")
    gazetteer = Gazetteer()
    with console.status("loading the gazetteer (built once per machine, ~15 s the first time)"):
        index = gazetteer.index
    if build:
        console.print(f"gazetteer index in {cache_dir()}: {dump_stats(index)}")
    if text is None:
        return
    from newsfuse.extract.entities import Nlp
    from newsfuse.extract.geoparse import Geoparser

    doc = Nlp().model(text)
    table = Table("name", "place", "country", "kind", "lat, lon", "GeoNames", "why")
    for top, place in Geoparser(gazetteer).parse(text, doc.ents):
        if place is None:
            table.add_row(top.name, "—", "", "", "", "", "not in the gazetteer, nothing written beside it")
            continue
        where = f"{place.lat:.3f}, {place.lon:.3f}" if place.lat is not None and place.lon is not None else ""
        extra = "; ".join(f"{k}: {v}" for k, v in place.attributes)
        table.add_row(
            top.name,
            ", ".join([place.name, *place.admin]),
            place.country or "",
            place.kind,
            where,
            str(place.geonames_id or ""),
            place.reason + (f" ({extra})" if extra else ""),
        )
    console.print(table)


def _error(message: str) -> None:
    """One line on stderr, never wrapped: scripts and people both read it."""
    print(f"newsfuse: error: {' '.join(message.split())}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point: one readable line and exit code 2 on misuse, 1 on other known errors."""
    try:
        # Typer answers Ctrl-C by returning 130 (in non-standalone mode) instead of raising.
        result = app(args=argv, standalone_mode=False, prog_name="newsfuse")
        if result == 130:
            raise KeyboardInterrupt
    except typer.Exit as e:
        return e.exit_code
    except Interrupted as e:
        print(f"newsfuse: interrupted: {e}", file=sys.stderr)
        return 130
    except (typer.Abort, KeyboardInterrupt):
        print(
            "newsfuse: interrupted: stopped at once; what was committed is kept, and running the "
            "same command again resumes it",
            file=sys.stderr,
        )
        return 130
    except typer.TyperException as e:  # Typer's own parsing errors: unknown option, missing argument
        fmt = getattr(e, "format_message", None)
        _error(fmt() if callable(fmt) else str(e))
        return 2
    except UsageError as e:
        _error(str(e))
        return 2
    except StoreError as e:
        _error(str(e))
        return 1
    except NewsfuseError as e:
        _error(str(e))
        return 1
    except duckdb.Error as e:  # damage the open-time checks cannot see shows on the first read
        _error(
            f"the store could not be read ({str(e).splitlines()[0]}); it may be damaged: restore it "
            "from a copy or run into a new --out folder"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
