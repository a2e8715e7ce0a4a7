"""Ingest: every input is recorded with the right status and a specific reason; good inputs decode."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.errors import UsageError
from newsfuse.ingest import InputRef, discover, iter_documents, read_input
from newsfuse.ingest.base import human_size
from newsfuse.ingest.sniff import binary_reason, decode_text, kind_for_name, looks_like_html
from newsfuse.models import Document
from newsfuse.settings import IngestSettings

SETTINGS = IngestSettings()

# Texts written for these tests. Legacy encodings are where real corpora break: Windows-1252 curly
# quotes from old CMSs, Shift_JIS from Japanese outlets, GB18030 from mainland Chinese ones.
CP1252_TEXT = (
    "The minister\u2019s \u201cfinal\u201d offer was turned down by the caf\u00e9 owners\u2019 association on Tuesday.\n"
    "Se\u00f1or Mu\u00f1oz, who speaks for the owners, called it \u2013 in his words \u2013 \u201ca "
    "pr\u00e9cis of broken promises\u201d and said talks would resume next week\u2026\n"
    "The ministry declined to comment on the r\u00e9sum\u00e9 of earlier negotiations.\n"
)
SJIS_TEXT = (
    "東京で開かれた会議で、防衛大臣は地域の安全保障について意見を交換した。\n"
    "両国は防衛装備品の共同開発を進めることで合意し、次回の会合を年内に開く予定だ。\n"
    "関係者によると、会談は約一時間にわたって行われた。\n"
)
GB18030_TEXT = (
    "北京消息，外交部发言人在例行记者会上表示，双方将继续加强合作，共同维护地区和平与稳定。\n"
    "发言人还说，两国领导人将于下月举行会晤，讨论贸易和气候变化等问题。\n"
)
ARTICLE = (
    "Flood waters receded across the river valley on Wednesday, officials said, "
    "allowing the first relief convoys to reach villages cut off since the weekend.\n"
)
HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Convoys reach villages</title></head>"
    f"<body><nav>Home | World</nav><article><h1>Convoys reach villages</h1><p>{ARTICLE}</p></article></body></html>"
)


def _by_name(docs: list[Document]) -> dict[str, list[Document]]:
    out: dict[str, list[Document]] = {}
    for doc in docs:
        out.setdefault(
            Path(doc.origin.split("#")[0]).name if "://" not in doc.origin else doc.origin, []
        ).append(doc)
    return out


def _html_response(
    writer: WARCWriter, uri: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
    )


def make_warc(gzipped: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "tests"}))
    _html_response(writer, "https://news.example.org/a", HTML_PAGE.encode("utf-8"))
    legacy = f"<html><head><meta charset='windows-1252'></head><body><p>{CP1252_TEXT}</p></body></html>"
    _html_response(writer, "https://news.example.org/b", legacy.encode("cp1252"), ctype="text/html")
    _html_response(
        writer, "https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), ctype="image/png"
    )
    _html_response(writer, "https://news.example.org/gone", b"<html>gone</html>", status="404 Not Found")
    _html_response(
        writer,
        "https://news.example.org/c",
        ("<html><body><p>" + ARTICLE * 40 + "</p></body></html>").encode(),
    )
    return buf.getvalue()


@pytest.fixture()
def torture(tmp_path: Path) -> Path:
    """A folder holding one of every problem ingest must report, among good files."""
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "good.txt").write_text(ARTICLE * 3, encoding="utf-8")
    (root / "notes.md").write_text("# Heading\n\n" + ARTICLE, encoding="utf-8")
    (root / "sub" / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "sub" / "saved-page.txt").write_text(HTML_PAGE, encoding="utf-8")  # a web page saved as .txt
    (root / "sub" / "deeper" / "page.htm").write_bytes(b"\xef\xbb\xbf" + HTML_PAGE.encode("utf-8"))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("  \n\n\t\n", encoding="utf-8")
    (root / "noise.txt").write_bytes(random.Random(7).randbytes(4096))
    with (root / "huge.txt").open("wb") as fh:  # sparse: 30 MB on paper, nothing on disk
        fh.truncate(30 * 1024 * 1024)
    (root / "western.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (root / "tokyo.txt").write_bytes(SJIS_TEXT.encode("shift_jis"))
    (root / "beijing.txt").write_bytes(GB18030_TEXT.encode("gb18030"))
    gibberish = random.Random(3)
    (root / "gibberish.txt").write_bytes(
        bytes(gibberish.choice([*range(0x80, 0x100), *[0x20] * 10]) for _ in range(3000))
    )
    (root / "report.pdf").write_bytes(b"%PDF-1.7\n" + bytes(100))
    packed = gzip.compress(HTML_PAGE.encode("utf-8") * 20)
    (root / "good.html.gz").write_bytes(packed)
    (root / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    lines = [
        json.dumps(
            {"url": "https://a.example/1", "title": "One", "text": ARTICLE, "published": "2026-03-03"}
        ),
        json.dumps({"url": "https://a.example/2", "html": HTML_PAGE, "outlet": "Example Times"}),
        '{"url": "https://a.example/3", "title": "Broken", "text": "unterminated',
        "",
        json.dumps({"title": "No url", "text": ARTICLE, "published": 1772496000}),
        json.dumps({"url": "https://a.example/5", "title": "No body"}),
        json.dumps(["not", "an", "object"]),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "crawl.warc.gz").write_bytes(make_warc())
    warc = make_warc()
    (root / "sub" / "cut.warc.gz").write_bytes(warc[: len(warc) - 150])
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    os.symlink("..", root / "sub" / "loop")  # a folder link back to its parent
    os.symlink("self.txt", root / "self.txt")  # a link to itself
    os.symlink("missing.txt", root / "dangling.txt")
    os.symlink("good.txt", root / "alias.txt")  # same file twice: read once
    return root


def test_torture_folder_every_input_recorded(torture: Path) -> None:
    docs = list(iter_documents([torture], SETTINGS))
    by = _by_name(docs)

    def one(name: str) -> Document:
        assert name in by, f"{name} was not reported; got {sorted(by)}"
        assert len(by[name]) == 1, by[name]
        return by[name][0]

    good = one("good.txt")
    assert (good.status, good.media_type, good.encoding, good.text) == (
        "ok",
        "text/plain",
        "utf-8",
        ARTICLE * 3,
    )
    assert good.reason == "" and good.raw == (ARTICLE * 3).encode()
    assert one("notes.md").media_type == "text/markdown"
    for name in ("page.html", "saved-page.txt"):
        doc = one(name)
        assert (doc.status, doc.media_type, doc.text) == ("ok", "text/html", HTML_PAGE)
    bom = one("page.htm")
    assert bom.status == "ok" and bom.text == HTML_PAGE and bom.encoding == "utf-8-sig"

    assert (one("empty.txt").status, one("empty.txt").reason) == ("skipped", "empty file (0 bytes)")
    assert (one("blank.txt").status, one("blank.txt").reason) == ("skipped", "blank file (only whitespace)")
    noise = one("noise.txt")
    assert (
        noise.status == "failed"
        and noise.reason.startswith("binary content (")
        and "control bytes" in noise.reason
    )
    huge = one("huge.txt")
    assert (huge.status, huge.reason) == ("skipped", "over the size limit: 30 MB > 20 MB")
    assert huge.size == 30 * 1024 * 1024

    western = one("western.txt")
    assert (western.status, western.encoding, western.text) == ("ok", "cp1252", CP1252_TEXT)
    tokyo = one("tokyo.txt")
    assert tokyo.status == "ok" and tokyo.text == SJIS_TEXT and tokyo.encoding in ("cp932", "shift_jis")
    beijing = one("beijing.txt")
    assert (beijing.status, beijing.encoding, beijing.text) == ("ok", "gb18030", GB18030_TEXT)

    gib = one("gibberish.txt")
    assert (gib.status, gib.reason) == ("failed", "undecodable: no text encoding fits")
    assert (one("report.pdf").status, one("report.pdf").reason) == ("skipped", "unsupported type .pdf")
    gz = one("good.html.gz")
    assert (gz.status, gz.media_type, gz.text) == ("ok", "text/html", HTML_PAGE * 20)
    cut = one("cut.html.gz")
    assert cut.status == "failed" and cut.reason.startswith("truncated gzip: ")

    loop = one("loop")
    assert loop.status == "failed" and loop.reason.startswith("symlink loop")
    self_loop = one("self.txt")
    assert self_loop.status == "failed" and self_loop.reason.startswith("symlink loop")
    dangling = one("dangling.txt")
    assert (
        dangling.status == "failed"
        and dangling.reason == "broken symlink: its target missing.txt does not exist"
    )
    assert "alias.txt" not in by  # the same inode as good.txt: one Document, not two
    assert ".DS_Store" not in by  # hidden files are not walked

    feed = [d for d in docs if "feed.jsonl" in d.origin or d.origin.startswith("https://a.example/")]
    assert len(feed) == 6  # six non-blank lines, each reported
    line3 = [d for d in feed if "line 3" in d.reason]
    assert len(line3) == 1 and line3[0].status == "failed"
    assert line3[0].reason.startswith("malformed JSON on line 3: Unterminated string")
    ok_lines = [d for d in feed if d.status == "ok"]
    assert [d.origin for d in ok_lines] == [
        "https://a.example/1",
        "https://a.example/2",
        f"{torture / 'feed.jsonl'}#L5",
    ]
    assert ok_lines[0].hint("title") == "One" and ok_lines[0].hint("published") == "2026-03-03"
    assert ok_lines[0].media_type == "text/plain" and ok_lines[0].text == ARTICLE
    assert ok_lines[1].media_type == "text/html" and ok_lines[1].text == HTML_PAGE
    assert ok_lines[1].hint("outlet") == "Example Times"
    assert ok_lines[2].hint("published") == "1772496000"
    no_body = [d for d in feed if d.origin == "https://a.example/5"][0]
    assert no_body.status == "skipped" and no_body.reason.startswith("line 6 has no text or html field")
    not_obj = [d for d in feed if "line 7" in d.reason][0]
    assert (not_obj.status, not_obj.reason) == ("failed", "line 7 is not a JSON object (got list)")

    page_a = by["https://news.example.org/a"][0]
    assert (page_a.status, page_a.media_type, page_a.text) == ("ok", "text/html", HTML_PAGE)
    assert page_a.hint("url") == "https://news.example.org/a" and page_a.hint("fetched")
    legacy = [d for d in by["https://news.example.org/b"] if d.status == "ok"]
    assert legacy and legacy[0].encoding == "cp1252" and CP1252_TEXT in (legacy[0].text or "")
    logo = [d for d in by["https://news.example.org/logo.png"]]
    assert all(d.status == "skipped" and d.reason == "not an HTML page: image/png" for d in logo)
    assert all(d.reason == "HTTP 404 response, not a page" for d in by["https://news.example.org/gone"])
    # The archive cut inside its last record: that record is reported, the ones before it kept.
    cut_c = [d for d in by["https://news.example.org/c"] if d.status == "failed"]
    assert len(cut_c) == 1 and cut_c[0].reason.startswith("truncated gzip: record body ends ")
    assert len([d for d in by["https://news.example.org/a"] if d.status == "ok"]) == 2

    # Every Document is well-formed: ok ones carry text, the others a reason.
    for doc in docs:
        if doc.status == "ok":
            assert doc.text and not doc.reason, doc
        else:
            assert doc.reason and doc.text is None, doc
    assert len({d.id for d in docs}) == len(docs), "ids must be unique"


def test_ids_do_not_depend_on_the_working_directory(torture: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(torture.parent)
    first = [(d.origin, d.id) for d in iter_documents(["corpus"], SETTINGS)]
    monkeypatch.chdir(torture / "sub")
    second = [(d.origin, d.id) for d in iter_documents([".."], SETTINGS)]
    assert [i for _, i in first] == [i for _, i in second]
    assert first[0][0] != second[0][0]  # origins are as given, ids are not
    moved = torture.parent / "elsewhere"
    shutil.copytree(torture, moved, symlinks=True)
    assert [d.id for d in iter_documents([moved], SETTINGS)] == [i for _, i in first]


def test_single_file_and_folder_give_the_same_id(torture: Path) -> None:
    alone = list(iter_documents([torture / "good.txt"], SETTINGS))
    in_folder = [d for d in iter_documents([torture], SETTINGS) if d.origin.endswith("/good.txt")]
    assert len(alone) == 1 and alone[0].id == in_folder[0].id
    both = list(iter_documents([torture / "good.txt", torture / "good.txt"], SETTINGS))
    assert len(both) == 1  # the same file named twice is read once


def test_glob_inputs(torture: Path) -> None:
    txt = {Path(d.origin).name for d in iter_documents([str(torture / "*.txt")], SETTINGS)}
    assert {"good.txt", "western.txt", "tokyo.txt", "empty.txt", "self.txt"} <= txt
    assert "page.html" not in txt and "feed.jsonl" not in txt
    html = {Path(d.origin).name for d in iter_documents([str(torture / "**" / "*.html")], SETTINGS)}
    assert html == {"page.html"}
    refs = discover([str(torture / "sub" / "*.html")], SETTINGS)
    assert [r.key for r in refs] == ["page.html"]  # ids relative to the glob's fixed folder
    with pytest.raises(UsageError, match=r"No files match the pattern .*\*\.docx"):
        discover([str(torture / "*.docx")], SETTINGS)


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(UsageError, match="does not exist") as err:
        discover([missing], SETTINGS)
    assert str(missing) in str(err.value)


def test_discover_is_cheap_and_counts_inputs(torture: Path) -> None:
    refs = discover([torture], SETTINGS)
    keys = [r.key for r in refs]
    assert len(keys) == len(set(keys))  # each input once
    assert keys == [r.key for r in discover([torture], SETTINGS)]  # a stable order, run after run
    assert "feed.jsonl" in keys and "sub/page.html" in keys and "sub/loop" in keys
    assert all(isinstance(r, InputRef) for r in refs)
    loop = next(r for r in refs if r.key == "sub/loop")
    assert loop.problem is not None and "symlink loop" in loop.problem


def test_size_limit_is_checked_before_reading(torture: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = torture / "huge.txt"
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        assert self != huge, "the over-limit file was opened"
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded_open)
    (doc,) = read_input(InputRef(huge, torture), SETTINGS)
    assert doc.status == "skipped" and doc.reason == "over the size limit: 30 MB > 20 MB"


def test_unreadable_file_reported_via_permission_error(
    torture: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated, so it runs as root too, where chmod 000 does not stop reads."""
    target = torture / "good.txt"
    real_open = Path.open

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", denied)
    (doc,) = read_input(InputRef(target, torture), SETTINGS)
    assert (doc.status, doc.reason) == ("failed", "unreadable: permission denied")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files despite chmod 000")
def test_unreadable_file_and_folder_with_chmod(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_text(ARTICLE, encoding="utf-8")
    os.chmod(tmp_path / "secret.txt", 0)
    os.chmod(tmp_path / "locked", 0)
    try:
        by = _by_name(list(iter_documents([tmp_path], SETTINGS)))
        assert by["secret.txt"][0].reason == "unreadable: permission denied"
        assert by["locked"][0].reason == "unreadable folder: permission denied"
    finally:
        os.chmod(tmp_path / "secret.txt", 0o644)
        os.chmod(tmp_path / "locked", 0o755)


def test_truncated_jsonl_gzip_keeps_lines_before_the_damage(tmp_path: Path) -> None:
    lines = "".join(
        json.dumps({"url": f"https://b.example/{i}", "text": ARTICLE * 5}) + "\n" for i in range(200)
    )
    packed = gzip.compress(lines.encode("utf-8"))
    (tmp_path / "dump.jsonl.gz").write_bytes(packed[: len(packed) * 2 // 3])
    docs = list(iter_documents([tmp_path / "dump.jsonl.gz"], SETTINGS))
    ok = [d for d in docs if d.status == "ok"]
    assert ok and all(d.text == ARTICLE * 5 for d in ok)
    assert docs[-1].status == "failed" and docs[-1].reason.startswith("truncated gzip: ")
    assert f"{len(ok)} records kept" in docs[-1].reason


def test_warc_gz_cut_between_records_reports_the_damage(tmp_path: Path) -> None:
    warc = make_warc()
    archive = ArchiveIterator(io.BytesIO(warc))
    offsets = []
    for record in archive:
        record.content_stream().read()
        offsets.append(archive.get_record_offset())
    (tmp_path / "cut.warc.gz").write_bytes(warc[: offsets[-1] + 12])  # 12 bytes into the last gzip member
    docs = list(iter_documents([tmp_path / "cut.warc.gz"], SETTINGS))
    assert [d.origin for d in docs if d.status == "ok"] == [
        "https://news.example.org/a",
        "https://news.example.org/b",
    ]
    last = docs[-1]
    assert last.status == "failed" and last.origin == str(tmp_path / "cut.warc.gz")
    assert last.reason.startswith("truncated gzip: 12 bytes after the last complete record could not be read")
    assert last.reason.endswith("(4 records before the damage kept)")


def test_uncompressed_warc_cut_mid_record(tmp_path: Path) -> None:
    warc = make_warc(gzipped=False)
    (tmp_path / "cut.warc").write_bytes(warc[:-300])
    docs = list(iter_documents([tmp_path / "cut.warc"], SETTINGS))
    assert [d.origin for d in docs if d.status == "ok"] == [
        "https://news.example.org/a",
        "https://news.example.org/b",
    ]
    last = docs[-1]
    assert last.origin == "https://news.example.org/c" and last.status == "failed"
    assert last.reason.startswith("truncated record: body ends ")


def test_jsonl_limits_apply_per_line(tmp_path: Path) -> None:
    small = IngestSettings(max_bytes=2000)
    path = tmp_path / "x.ndjson"
    path.write_text(
        json.dumps({"text": ARTICLE}) + "\n" + json.dumps({"text": "y " * 2000}) + "\n", encoding="utf-8"
    )
    docs = list(iter_documents([path], small))
    assert [d.status for d in docs] == ["ok", "skipped"]
    assert docs[1].reason.startswith("line 2 over the size limit: ")


def test_read_input_records_an_internal_error(monkeypatch: pytest.MonkeyPatch, torture: Path) -> None:
    import newsfuse.ingest as ingest

    def boom(ref: InputRef, settings: IngestSettings) -> Iterator[Document]:
        raise RuntimeError("kaput")
        yield  # pragma: no cover

    monkeypatch.setattr(ingest, "read_single_file", boom)
    (doc,) = read_input(InputRef(torture / "good.txt", torture), SETTINGS)
    assert doc.status == "failed" and "RuntimeError: kaput" in doc.reason


def test_decode_prefers_windows_1252_among_look_alikes() -> None:
    spanish = "El se\u00f1or Mu\u00f1oz dijo \u201cno\u201d. The caf\u00e9\u2019s owner agreed \u2013 reluctantly.\n"
    assert decode_text(spanish.encode("cp1252")) == (spanish, "cp1252")
    # Mostly-ASCII English with one pound sign: cp1250 would read "Ł5m", cp932 a katakana.
    english = "Shares rose after the firm said profits reached \u00a35m, beating forecasts. " * 20
    assert decode_text(english.encode("cp1252")) == (english, "cp1252")
    polish = "Pan Kowalski powiedzia\u0142, \u017ce rz\u0105d nie zmieni zdania w sprawie podatk\u00f3w i op\u0142at.\n"
    decoded = decode_text((polish * 3).encode("cp1250"))
    assert decoded is not None and decoded[0] == polish * 3


def test_declared_charset_is_used_when_it_fits() -> None:
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'></head>caf\u00e9"
    )
    assert decode_text(page.encode("latin-1")) == (page, "cp1252")
    assert decode_text("caf\u00e9 \u201cx\u201d".encode("cp1252"), declared="windows-1252")[1] == "cp1252"  # type: ignore[index]
    assert decode_text(b"plain ascii") == ("plain ascii", "utf-8")


def test_binary_and_html_sniffing() -> None:
    assert binary_reason(b"%PDF-1.4 ...", 0.1) == "binary content (application/pdf)"
    assert binary_reason(b"hello\x00world", 0.1) is not None
    assert binary_reason("caf\u00e9".encode("utf-16"), 0.1) is None  # UTF-16 with BOM is text
    assert binary_reason(ARTICLE.encode(), 0.1) is None
    assert looks_like_html("  <!-- saved -->\n<!DOCTYPE html><html>")
    assert looks_like_html("<p>Lead paragraph</p>")
    assert not looks_like_html("Prices rose 3% (<5% forecast) in May.")
    assert kind_for_name("x.warc.gz").container == "warc" and kind_for_name("x.warc.gz").gzipped
    assert kind_for_name("story.HTML").media_type == "text/html"
    assert kind_for_name("scan.pdf").unsupported == ".pdf"


def test_human_size() -> None:
    assert human_size(512) == "512 bytes"
    assert human_size(20 * 1024 * 1024) == "20 MB"
    assert human_size(int(31.5 * 1024 * 1024)) == "31.5 MB"


def test_readme_beside_pages_is_reported_as_skipped(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# About this corpus\n\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    walked = {Path(d.origin).name: d for d in iter_documents([tmp_path], SETTINGS)}
    assert walked["story.txt"].status == "ok"
    assert walked["README.md"].status == "skipped"
    assert walked["README.md"].reason == "not an article: README.md matches the ignored name 'README*'"
    (named,) = iter_documents([tmp_path / "README.md"], SETTINGS)  # named explicitly: read
    assert named.status == "ok" and named.media_type == "text/markdown"


def test_example_corpus_ingests_cleanly(examples_dir: Path) -> None:
    docs = list(iter_documents([examples_dir], SETTINGS))
    ok = [d for d in docs if d.status == "ok"]
    assert len(ok) == 17, [(d.origin, d.reason) for d in docs if d.status != "ok"]
    assert [d.origin for d in docs if d.status != "ok"] == [str(examples_dir / "README.md")]
    assert sum(d.media_type == "text/html" for d in ok) == 9
    assert sum(d.media_type == "text/plain" for d in ok) == 8
    assert all(d.encoding == "utf-8" for d in ok)
    jsonl = [d for d in ok if d.origin.startswith("https://")]
    assert [d.hint("outlet") for d in jsonl] == ["Asia Daily Brief", "Coast Gazette", "Cedi Watch"]


def test_gzip_edge_cases(tmp_path: Path) -> None:
    small = IngestSettings(max_bytes=10_000)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 1_000_000))  # 1 KB that inflates to 1 MB
    (tmp_path / "two-members.txt.gz").write_bytes(
        gzip.compress(b"first part. ") + gzip.compress(b"second part.")
    )
    (tmp_path / "not-gzip.html.gz").write_bytes(HTML_PAGE.encode())
    by = {Path(d.origin).name: d for d in iter_documents([tmp_path], small)}
    assert by["bomb.txt.gz"].status == "skipped"
    assert by["bomb.txt.gz"].reason == "over the size limit once decompressed: more than 9.8 KB"
    assert by["two-members.txt.gz"].text == "first part. second part."
    assert by["not-gzip.html.gz"].status == "failed"
    assert by["not-gzip.html.gz"].reason.startswith("corrupt gzip: ")
