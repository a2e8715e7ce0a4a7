"""Finding inputs (a file, a folder walked recursively, or a glob) and reading single-file inputs.

The walk follows symlinks, because corpora are often assembled from links, and so it must detect
loops itself: a folder whose device and inode are already on the path from the root is a loop.
Problems the walk finds (a loop, a dangling link, a folder it may not list) become InputRefs with
a ``problem``, so every one of them is reported as a failed Document instead of vanishing.
Hidden entries (``.git``, ``.DS_Store``) are not walked unless ``IngestSettings.include_hidden``.
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import os
import stat
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsfuse.errors import UsageError
from newsfuse.ingest.base import InputRef, bad_document, human_size, ok_document
from newsfuse.ingest.sniff import (
    binary_reason,
    decode_text,
    is_gzip,
    kind_for_name,
    looks_like_html,
    signature_type,
)
from newsfuse.models import DocStatus, Document
from newsfuse.settings import IngestSettings

__all__ = ["discover_paths", "os_reason", "read_gzip", "read_single_file"]

_GLOB_CHARS = frozenset("*?[")
_CHUNK = 1024 * 1024


def os_reason(err: OSError) -> str:
    """A short human reason for an OS error ("unreadable: permission denied")."""
    if isinstance(err, PermissionError) or err.errno in (errno.EACCES, errno.EPERM):
        return "unreadable: permission denied"
    if err.errno == errno.ELOOP:
        return "symlink loop: too many levels of symbolic links"
    if isinstance(err, FileNotFoundError):
        return "unreadable: the file disappeared while reading"
    if isinstance(err, IsADirectoryError):
        return "unreadable: is a folder"
    detail = (err.strerror or str(err)).lower()
    return f"unreadable: {detail}"


def discover_paths(paths: Sequence[str | Path], settings: IngestSettings) -> list[InputRef]:
    """Every input below ``paths``, in a stable order, each file once (hard links and symlinks to an
    already-listed file are read once). A path that does not exist raises UsageError."""
    refs: list[InputRef] = []
    seen: dict[tuple[int, int], int] = {}
    for given in paths:
        text = str(given)
        path = Path(text)
        if os.path.lexists(path):
            _add_path(path, path.parent if not _is_dir(path) else path, refs, seen, settings)
        elif any(c in _GLOB_CHARS for c in text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise UsageError(f"No files match the pattern {text!r}. Check the pattern, or quote it.")
            root = _glob_root(text)
            for match in matches:
                _add_path(Path(match), root, refs, seen, settings, walked=True)
        else:
            raise UsageError(
                f"Input path {text!r} does not exist (looked in {Path.cwd()}). "
                "Give a file, a folder or a glob such as 'pages/*.html'."
            )
    return refs


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _glob_root(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard: ids are relative to it."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts:
        if any(c in _GLOB_CHARS for c in part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _add_path(
    path: Path,
    root: Path,
    refs: list[InputRef],
    seen: dict[tuple[int, int], int],
    settings: IngestSettings,
    walked: bool = False,
) -> None:
    try:
        st = path.stat()
    except OSError as err:
        refs.append(InputRef(path, root, problem=_link_problem(path, err)))
        return
    if stat.S_ISDIR(st.st_mode):
        _walk(path, root, refs, seen, settings, ancestors=((st.st_dev, st.st_ino),), depth=0)
    else:
        _add_file(path, root, st, refs, seen, _ignored(path.name, settings) if walked else None)


def _add_file(
    path: Path,
    root: Path,
    st: os.stat_result,
    refs: list[InputRef],
    seen: dict[tuple[int, int], int],
    skip: str | None = None,
) -> None:
    """List a file once, however many names reach it; the real name wins over a symlink's."""
    ident = (st.st_dev, st.st_ino)
    index = seen.get(ident)
    if index is None:
        seen[ident] = len(refs)
        refs.append(InputRef(path, root, skip=skip))
    elif refs[index].path.is_symlink() and not path.is_symlink():
        refs[index] = InputRef(path, root, skip=skip)


def _ignored(name: str, settings: IngestSettings) -> str | None:
    """The skip reason for a file a walk should not read as an article (README, LICENSE), or None."""
    lowered = name.lower()
    for pattern in settings.ignore_names:
        if fnmatch.fnmatchcase(lowered, pattern.lower()):
            return f"not an article: {name} matches the ignored name {pattern!r}"
    return None


def _link_problem(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop: the link resolves to itself (too many levels of symbolic links)"
    if path.is_symlink() and isinstance(err, FileNotFoundError):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"broken symlink: its target {target} does not exist"
    return os_reason(err)


def _walk(
    folder: Path,
    root: Path,
    refs: list[InputRef],
    seen: dict[tuple[int, int], int],
    settings: IngestSettings,
    ancestors: tuple[tuple[int, int], ...],
    depth: int,
) -> None:
    if depth >= settings.max_depth:
        refs.append(InputRef(folder, root, problem=f"folder nested deeper than {settings.max_depth} levels"))
        return
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        refs.append(InputRef(folder, root, problem=os_reason(err).replace("unreadable", "unreadable folder")))
        return
    for entry in entries:
        if entry.name.startswith(".") and not settings.include_hidden:
            continue
        path = folder / entry.name
        try:
            st = entry.stat(follow_symlinks=True)
        except OSError as err:
            refs.append(InputRef(path, root, problem=_link_problem(path, err)))
            continue
        if stat.S_ISDIR(st.st_mode):
            ident = (st.st_dev, st.st_ino)
            if ident in ancestors:
                target = os.readlink(path) if entry.is_symlink() else path.name
                refs.append(
                    InputRef(path, root, problem=f"symlink loop: {target} points back to a parent folder")
                )
                continue
            _walk(path, root, refs, seen, settings, ancestors + (ident,), depth + 1)
        elif stat.S_ISREG(st.st_mode):
            _add_file(path, root, st, refs, seen, _ignored(entry.name, settings))
        else:
            refs.append(InputRef(path, root, problem="not a regular file (device, socket or pipe)"))


# ---------------------------------------------------------------------------------------------
# single-file inputs: .txt .md .html .htm, anything content-sniffed as text or HTML, and .gz of them


def read_gzip(raw: bytes, limit: int) -> tuple[bytes | None, str | None]:
    """Decompress gzip bytes (all members) up to ``limit + 1`` bytes: (data, None) or (None, reason).

    zlib with an output cap, so a decompression bomb stops at the limit instead of filling memory,
    and a member without its end-of-stream marker is reported as truncated.
    """
    out = bytearray()
    data = raw
    try:
        while data:
            member = zlib.decompressobj(wbits=31)
            out += member.decompress(data, limit + 1 - len(out))
            if len(out) > limit:
                return None, f"over the size limit once decompressed: more than {human_size(limit)}"
            if not member.eof:
                recovered = human_size(len(out))
                return (
                    None,
                    f"truncated gzip: the compressed data ends before its end-of-stream marker ({recovered} recovered)",
                )
            data = member.unused_data.lstrip(b"\x00")  # NUL padding between members is allowed
            if data and not is_gzip(data):
                break  # trailing bytes that are not a gzip member: ignored, as gzip(1) does
    except zlib.error as err:
        return None, f"corrupt gzip: {err}"
    return bytes(out), None


def read_single_file(ref: InputRef, settings: IngestSettings) -> Iterator[Document]:
    """One Document for a one-article file; every problem becomes its reason."""
    key, origin = ref.key, ref.origin
    kind = kind_for_name(ref.path.name)
    default_type = kind.media_type or "application/octet-stream"
    if kind.unsupported is not None:
        yield bad_document(key, origin, default_type, "skipped", f"unsupported type {kind.unsupported}")
        return
    try:
        size = ref.path.stat().st_size  # stat first: a 30 MB file is refused without being read
    except OSError as err:
        yield bad_document(key, origin, default_type, "failed", os_reason(err))
        return
    if size == 0:
        yield bad_document(key, origin, default_type, "skipped", "empty file (0 bytes)")
        return
    if size > settings.max_bytes:
        reason = f"over the size limit: {human_size(size)} > {human_size(settings.max_bytes)}"
        yield bad_document(key, origin, default_type, "skipped", reason, size=size)
        return
    try:
        with ref.path.open("rb") as fh:
            raw = fh.read(settings.max_bytes + 1)  # bounded: the file may have grown since stat
    except OSError as err:
        yield bad_document(key, origin, default_type, "failed", os_reason(err), size=size)
        return
    if len(raw) > settings.max_bytes:
        reason = f"over the size limit: more than {human_size(settings.max_bytes)} (grew while being read)"
        yield bad_document(key, origin, default_type, "skipped", reason, size=len(raw))
        return
    if kind.gzipped or is_gzip(raw):
        data, problem = read_gzip(raw, settings.max_bytes)
        if data is None:
            status: DocStatus = "skipped" if problem and problem.startswith("over the size") else "failed"
            yield bad_document(key, origin, default_type, status, problem or "corrupt gzip", size=size)
            return
        raw = data
        if not raw:
            yield bad_document(key, origin, default_type, "skipped", "empty file (0 bytes once decompressed)")
            return
    yield text_document(key, origin, raw, kind.media_type, settings, size=size)


def text_document(
    key: str,
    origin: str,
    raw: bytes,
    media_type: str | None,
    settings: IngestSettings,
    size: int | None = None,
    declared: str | None = None,
    hints: tuple[tuple[str, str], ...] = (),
) -> Document:
    """Bytes believed to be one article -> an ok Document, or a failed one saying why not.

    ``media_type`` None means the name did not say: content decides between HTML and plain text,
    and an unknown binary format is reported as unsupported. A ``.txt`` holding a saved web page
    becomes text/html, since cleaning must strip its markup.
    """
    size = len(raw) if size is None else size
    shown_type = media_type or "application/octet-stream"
    if media_type is None:
        sig = signature_type(raw)
        if sig is not None:
            return bad_document(
                key, origin, sig, "skipped", f"unsupported type {sig}", size=size, hints=hints
            )
    binary = binary_reason(raw, settings.binary_ratio)
    if binary is not None:
        return bad_document(key, origin, shown_type, "failed", binary, size=size, hints=hints)
    decoded = decode_text(raw, declared)
    if decoded is None:
        reason = "undecodable: no text encoding fits"
        return bad_document(key, origin, shown_type, "failed", reason, size=size, hints=hints)
    text, encoding = decoded
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        reason = "blank file (only whitespace)"
        return bad_document(
            key, origin, shown_type, "skipped", reason, size=size, encoding=encoding, hints=hints
        )
    if media_type in (None, "text/plain") and looks_like_html(text):
        media_type = "text/html"
    return ok_document(key, origin, media_type or "text/plain", encoding, raw, text, hints=hints, size=size)
