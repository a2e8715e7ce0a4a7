"""What every reader shares: the input reference, Document builders, and human-readable sizes.

Ids are ``content_id(origin_key, raw)`` where ``origin_key`` is the path relative to the root the
user named (plus ``#L<n>`` for a JSONL line or ``#<record id>`` for a WARC record), so running
again from another working directory, or on a copy of the corpus elsewhere, yields the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsfuse.models import DocStatus, Document, content_id

__all__ = ["InputRef", "bad_document", "human_size", "ok_document"]


@dataclass(frozen=True, slots=True)
class InputRef:
    """One input found by :func:`newsfuse.ingest.discover`, cheap to make and to pickle.

    ``path`` is the path as the user gave it (joined with what the walk found below it), ``root``
    the folder ids are made relative to. ``problem`` is set when the walk itself found the input
    unusable (a symlink loop, an unreadable folder): reading it then yields one failed Document.
    ``skip`` likewise yields one skipped Document (a README found beside the pages).
    """

    path: Path
    root: Path
    problem: str | None = None
    skip: str | None = None  # set when the walk found a file that is not an article (a README)

    @property
    def key(self) -> str:
        """The origin key: the path relative to ``root``, with forward slashes on every platform."""
        try:
            rel = self.path.relative_to(self.root)
        except ValueError:
            rel = Path(self.path.name)
        key = rel.as_posix()
        return self.path.name if key in ("", ".") else key

    @property
    def origin(self) -> str:
        return str(self.path)


def human_size(n: int) -> str:
    """Sizes the way people read them in a reason: ``31.5 MB``, ``20 MB``, ``512 bytes``.

    Binary multiples (1 MB = 1,048,576 bytes) so that ``max_bytes = 20 * 1024 * 1024`` reads "20 MB".
    """
    if n < 1024:
        return f"{n} bytes"
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            value = n / scale
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{text} {unit}"
    return f"{n} bytes"  # pragma: no cover - unreachable


def ok_document(
    key: str,
    origin: str,
    media_type: str,
    encoding: str | None,
    raw: bytes,
    text: str,
    hints: tuple[tuple[str, str], ...] = (),
    size: int | None = None,
) -> Document:
    """A usable Document; its id hashes the origin key with the raw bytes."""
    return Document(
        id=content_id(key, raw),
        origin=origin,
        media_type=media_type,
        encoding=encoding,
        size=len(raw) if size is None else size,
        status="ok",
        reason="",
        raw=raw,
        text=text,
        hints=hints,
    )


def bad_document(
    key: str,
    origin: str,
    media_type: str,
    status: DocStatus,
    reason: str,
    size: int = 0,
    encoding: str | None = None,
    hints: tuple[tuple[str, str], ...] = (),
) -> Document:
    """A skipped or failed Document. Raw bytes are not kept: the id hashes the key alone, so the
    same unusable input keeps the same id from run to run."""
    if status == "ok":
        raise ValueError("bad_document() is for skipped or failed inputs; use ok_document() for usable ones")
    return Document(
        id=content_id(key, b""),
        origin=origin,
        media_type=media_type,
        encoding=encoding,
        size=size,
        status=status,
        reason=reason,
        hints=hints,
    )
