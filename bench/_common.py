"""What several benchmarks share: Articles and Documents made from bare texts, and text files read.

Benchmarks are run as scripts (``python bench/x.py``), so Python puts ``bench/`` first on the path
and ``from _common import ...`` works without installing anything.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsfuse.models import Article, Document, When, content_id

__all__ = ["UnionFind", "paragraphs", "read_text", "text_article", "text_document"]


class UnionFind:
    """Items ``0..n-1`` merged into groups; ``find`` names a group by its root (path halving)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        """Put ``i``'s group under ``j``'s root."""
        self.parent[self.find(i)] = self.find(j)


def text_article(
    aid: str,
    text: str,
    published: When,
    *,
    document_id: str | None = None,
    origin: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
) -> Article:
    """An Article made straight from a benchmark's text, with no cleaning: what the data does not
    say (byline, credit) stays empty; ``document_id`` and ``origin`` default to the article id."""
    return Article(
        id=aid,
        document_id=aid if document_id is None else document_id,
        origin=aid if origin is None else origin,
        outlet=outlet,
        title=title,
        byline=None,
        credit=None,
        language="en",
        published=published,
        text=text,
    )


def text_document(
    text: str,
    origin: str = "bench",
    media_type: str = "text/plain",
    hints: tuple[tuple[str, str], ...] = (),
) -> Document:
    """A usable UTF-8 Document holding ``text``, as the cleaner expects one from the ingest stage;
    its id hashes the bytes alone, so the same text gets the same id whatever its origin."""
    raw = text.encode("utf-8")
    return Document(
        id=content_id(raw),
        origin=origin,
        media_type=media_type,
        encoding="utf-8",
        size=len(raw),
        status="ok",
        reason="",
        raw=raw,
        text=text,
        hints=hints,
    )


def read_text(path: Path) -> str:
    """A data file's text: UTF-8, or Latin-1 for the few files (in bbc-fulltext) that are not."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def paragraphs(text: str) -> str:
    """Multi-News paragraphs are ' \\n \\n '-separated: make them plain blank-line paragraphs."""
    return re.sub(r"[ \t]*\n[ \t\n]*", "\n\n", text).strip()
