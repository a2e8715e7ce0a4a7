"""Ingest: turn files, folders, globs, JSONL dumps and WARC archives into Documents.

Nothing is dropped silently. Every input found becomes at least one Document; one that cannot be
used has status ``skipped`` (nothing to take: empty, over the size limit, unsupported type) or
``failed`` (could not be read or decoded: binary, truncated, undecodable, permission denied,
symlink loop), and a reason a person can act on.

Media types of ok Documents: ``text/plain``, ``text/markdown`` or ``text/html`` (a JSONL record's
``text`` is text/plain, its ``html`` text/html; a WARC response is text/html). Unusable JSONL lines
and WARC records carry ``application/jsonl-record`` / ``application/warc-record``.

>>> from newsfuse.settings import IngestSettings
>>> refs = discover(["examples"], IngestSettings())  # doctest: +SKIP
>>> docs = [doc for ref in refs for doc in read_input(ref, IngestSettings())]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from newsfuse.ingest.base import InputRef, bad_document
from newsfuse.ingest.files import discover_paths, read_single_file
from newsfuse.ingest.jsonl import read_jsonl
from newsfuse.ingest.sniff import kind_for_name
from newsfuse.ingest.warc import read_warc
from newsfuse.models import Document
from newsfuse.settings import IngestSettings

__all__ = ["InputRef", "discover", "iter_documents", "read_input"]


def discover(paths: Sequence[str | Path], settings: IngestSettings) -> list[InputRef]:
    """All inputs below ``paths`` (files, folders walked recursively, globs), without reading them.

    Cheap enough to size a progress bar. Raises :class:`newsfuse.errors.UsageError` when a path
    does not exist or a glob matches nothing; problems with what *is* there (symlink loops,
    unreadable folders) become InputRefs that read as failed Documents.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    return discover_paths(paths, settings)


def read_input(ref: InputRef, settings: IngestSettings) -> Iterator[Document]:
    """The Documents of one input: one for a page file, one per line or record for JSONL and WARC.

    Never raises for bad input: every problem becomes a skipped or failed Document. An unexpected
    error (a bug) is also recorded, with its type, rather than stopping the batch.
    """
    if ref.skip is not None:
        yield bad_document(
            ref.key, ref.origin, kind_for_name(ref.path.name).media_type or "", "skipped", ref.skip
        )
        return
    if ref.problem is not None:
        yield bad_document(ref.key, ref.origin, _problem_type(ref.problem), "failed", ref.problem)
        return
    container = kind_for_name(ref.path.name).container
    reader = {"jsonl": read_jsonl, "warc": read_warc}.get(container or "", read_single_file)
    emitted = 0
    try:
        for doc in reader(ref, settings):
            emitted += 1
            yield doc
    except Exception as err:  # a reader bug must not end the batch; record it where it happened
        reason = f"internal error while reading ({type(err).__name__}: {err}); please report it"
        key = f"{ref.key}#error" if emitted else ref.key
        yield bad_document(key, ref.origin, "application/octet-stream", "failed", reason)


def _problem_type(problem: str) -> str:
    if "symlink" in problem:
        return "inode/symlink"
    if "folder" in problem:
        return "inode/directory"
    return "application/octet-stream"


def iter_documents(paths: Sequence[str | Path], settings: IngestSettings) -> Iterator[Document]:
    """:func:`discover` then :func:`read_input` on each input, lazily, in discovery order."""
    for ref in discover(paths, settings):
        yield from read_input(ref, settings)
