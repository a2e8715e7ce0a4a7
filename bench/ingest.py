"""Ingest throughput and decoding correctness, against a naive reader run alongside.

Corpora (read in place from ../shared/data, or written to a temporary folder):

* ``bbc``: bbc-fulltext, 2,225 ``.txt`` articles (mostly UTF-8, a few Latin-1);
* ``zyte-html-gz``: the article-extraction benchmark's 181 real pages, ``.html.gz``;
* ``legacy``: the bbc articles re-encoded as Windows-1252 with curly quotes (every file needs
  statistical detection: the slow path);
* ``jsonl`` and ``warc``: the bbc articles packed into one JSONL file and one ``.warc.gz``.

Baseline: ``read_bytes().decode("utf-8", errors="replace")`` per file (``gzip.decompress`` first
for .gz; ``json.loads`` per line; warcio records) — the least a reader can do. "mojibake" counts
documents whose decoded text differs from the true text (replacement characters or wrong letters).

Run: ``nice .venv/bin/python bench/ingest.py`` (~20 s on 2 cores); ``--limit 300`` for a quick look.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.ingest import iter_documents
from newsfuse.settings import IngestSettings

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def naive(paths: list[Path]) -> Iterator[tuple[str, str]]:
    """The baseline: decode every input as UTF-8, replacing what does not fit."""
    for path in paths:
        name = path.name
        if name.endswith(".warc.gz"):
            with path.open("rb") as fh:
                for rec in ArchiveIterator(fh):
                    if rec.rec_type == "response":
                        uri = rec.rec_headers.get_header("WARC-Target-URI")
                        yield uri, rec.content_stream().read().decode("utf-8", errors="replace")
            continue
        raw = path.read_bytes()
        if name.endswith(".gz"):
            raw = gzip.decompress(raw)
        if name.endswith(".jsonl"):
            for n, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
                if line.strip():
                    yield f"{path}#L{n}", json.loads(line)["text"]
            continue
        yield str(path), raw.decode("utf-8", errors="replace")


def ours(paths: list[Path]) -> Iterator[tuple[str, str]]:
    for doc in iter_documents(paths, IngestSettings()):
        if doc.status == "ok" and doc.text is not None:
            yield doc.origin, doc.text


def timed(
    fn: Callable[[list[Path]], Iterator[tuple[str, str]]], paths: list[Path]
) -> tuple[float, dict[str, str]]:
    start = time.perf_counter()
    out = dict(fn(paths))
    return time.perf_counter() - start, out


def bbc_truth(files: list[Path]) -> dict[str, str]:
    """The true text of each bbc file: UTF-8, else Latin-1 (what its README says it is)."""
    truth = {}
    for path in files:
        raw = path.read_bytes()
        try:
            truth[str(path)] = raw.decode("utf-8")
        except UnicodeDecodeError:
            truth[str(path)] = raw.decode("cp1252")
    return truth


def curly(text: str) -> str:
    """Typographic quotes and dashes, as Windows-era CMSs stored them."""
    return (
        text.replace(" '", " \u2018")
        .replace("' ", "\u2019 ")
        .replace('"', "\u201d")
        .replace(" - ", " \u2013 ")
    )


def build_corpora(tmp: Path, limit: int) -> dict[str, tuple[list[Path], dict[str, str] | None]]:
    corpora: dict[str, tuple[list[Path], dict[str, str] | None]] = {}
    bbc_dir = SHARED / "bbc-fulltext" / "bbc"
    bbc = sorted(p for p in bbc_dir.glob("*/*.txt"))[:limit]
    truth = bbc_truth(bbc)
    corpora["bbc"] = (bbc, truth)
    zyte = sorted((SHARED / "article-extraction-benchmark" / "html").glob("*.html.gz"))[:limit]
    corpora["zyte-html-gz"] = (zyte, None)

    legacy_dir = tmp / "legacy"
    legacy_dir.mkdir()
    legacy_truth = {}
    for i, path in enumerate(bbc):
        text = curly(truth[str(path)])
        target = legacy_dir / f"{i:05d}.txt"
        target.write_bytes(text.encode("cp1252", errors="replace"))
        legacy_truth[str(target)] = target.read_bytes().decode("cp1252")
    corpora["legacy"] = (sorted(legacy_dir.iterdir()), legacy_truth)

    jsonl = tmp / "bbc.jsonl"
    jsonl_truth = {}
    with jsonl.open("w", encoding="utf-8") as fh:
        for n, path in enumerate(bbc, 1):
            fh.write(json.dumps({"text": truth[str(path)]}) + "\n")
            jsonl_truth[f"{jsonl}#L{n}"] = truth[str(path)]
    corpora["jsonl"] = ([jsonl], jsonl_truth)

    warc = tmp / "bbc.warc.gz"
    warc_truth = {}
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, path in enumerate(bbc):
            uri = f"https://bbc.example/{n}"
            body = f"<html><body><p>{truth[str(path)]}</p></body></html>"
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            rec = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body.encode()), http_headers=headers
            )
            writer.write_record(rec)
            warc_truth[uri] = body
    corpora["warc"] = ([warc], warc_truth)
    return corpora


def mojibake(out: dict[str, str], truth: dict[str, str] | None) -> str:
    if truth is None:
        return str(sum("\ufffd" in t for t in out.values())) + " (U+FFFD)"
    return str(sum(out.get(k) != v for k, v in truth.items()))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=100_000, help="files per corpus (default: all)")
    args = parser.parse_args()
    if not (SHARED / "bbc-fulltext").is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp_name:
        corpora = build_corpora(Path(tmp_name), args.limit)
        header = f"{'corpus':<14}{'docs':>6}  {'naive s':>8}{'ours s':>8}{'ratio':>7}  {'naive docs/s':>13}{'ours docs/s':>12}  {'naive bad':>14}{'ours bad':>14}"
        print(header)
        print("-" * len(header))
        for name, (paths, truth) in corpora.items():
            t_naive, out_naive = timed(naive, paths)
            t_ours, out_ours = timed(ours, paths)
            n = len(out_ours)
            print(
                f"{name:<14}{n:>6}  {t_naive:>8.2f}{t_ours:>8.2f}{t_ours / t_naive:>6.1f}x  "
                f"{len(out_naive) / t_naive:>13.0f}{n / t_ours:>12.0f}  "
                f"{mojibake(out_naive, truth):>14}{mojibake(out_ours, truth):>14}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
