"""codebook: the event coder's word tables as data files (newsfuse/data/codebook/, docs/codebook.md)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import tomllib
from collections import Counter
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path
from types import MappingProxyType

import pytest

from newsfuse.errors import DataFileError
from newsfuse.extract.events.codebook import LISTS, Codebook, codebook, load_codebook
from newsfuse.models import PLOVER_TYPES

ROOT = Path(__file__).resolve().parents[1]
FILES = (
    "triggers.tsv",
    "modified_nouns.tsv",
    "object_rules.tsv",
    "lexicons.tsv",
    "hazards.tsv",
    "phrases.tsv",
)


@pytest.fixture(scope="module")
def shipped() -> Iterator[Path]:
    with as_file(files("newsfuse") / "data" / "codebook") as path:
        yield path


@pytest.fixture
def trial(shipped: Path, tmp_path: Path) -> Path:
    """A copy of the shipped codebook to break."""
    return Path(shutil.copytree(shipped, tmp_path / "codebook"))


def rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line, cells) of the data rows, read independently of the loader: header and notes dropped."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.append((number, [c for c in line.split("\t") if not c.startswith("#")]))
    return out[1:]


def test_every_file_loads(shipped: Path) -> None:
    book = load_codebook(shipped)
    assert {p.name for p in shipped.iterdir()} == set(FILES)
    assert len(book.verbs) > 250 and len(book.nouns) > 100 and len(book.object_rules) > 10
    assert book.verbs["meet"] == ("CONSULT", "") and book.nouns["airstrike"] == ("ASSAULT", "aerial")
    assert book.modified_nouns["strike"]["hunger"] == ("PROTEST", "hunger")
    assert book.hazards["tremor"] == "earthquake"
    assert set(book.phrases) == set(PLOVER_TYPES)
    kinds = [k for k, _ in (*book.verbs.values(), *book.nouns.values())] + [r.type for r in book.object_rules]
    assert set(kinds) <= set(PLOVER_TYPES)
    assert all(getattr(book.lexicons, name) for name in LISTS)


def test_loaded_once_and_read_only() -> None:
    book = codebook()
    assert codebook() is book
    assert isinstance(book, Codebook) and isinstance(book.verbs, MappingProxyType)
    with pytest.raises(TypeError):
        book.verbs["meet"] = ("AGREE", "")  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        book.lexicons.light_verbs = frozenset()  # type: ignore[misc]
    assert isinstance(book.lexicons.light_verbs, frozenset)


def test_no_duplicate_or_contradicting_rows(shipped: Path) -> None:
    triggers = Counter((c[0], c[1]) for _, c in rows(shipped / "triggers.tsv"))
    assert [k for k, n in triggers.items() if n > 1] == []
    words = Counter((c[0], c[1]) for _, c in rows(shipped / "lexicons.tsv"))
    assert [k for k, n in words.items() if n > 1] == []
    assert {name for name, _ in words} == set(LISTS)
    hazards = Counter(c[0] for _, c in rows(shipped / "hazards.tsv"))
    assert [k for k, n in hazards.items() if n > 1] == []
    phrases = Counter(c[0] for _, c in rows(shipped / "phrases.tsv"))
    assert [k for k, n in phrases.items() if n > 1] == []
    modified = [(c[0], c[1]) for _, c in rows(shipped / "modified_nouns.tsv")]
    assert len(set(modified)) == len(modified)
    nouns = {word for word, pos in triggers if pos == "noun"}
    assert {noun for noun, _ in modified} & nouns == set()
    # a verb and an object decided two ways: the later row would be dead
    decided: dict[tuple[str, str], tuple[str, str]] = {}
    for line, (verbs, objects, kind, mode) in rows(shipped / "object_rules.tsv"):
        for pair in ((v, o) for v in verbs.split() for o in objects.split()):
            assert decided.setdefault(pair, (kind, mode)) == (kind, mode), (line, pair)


def lines_in(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    ("name", "row", "message"),
    [
        ("triggers.tsv", "meet\tverb\tCONSULT", "expected 4 tab-separated columns"),
        ("triggers.tsv", "meet verb CONSULT -", "expected 4 tab-separated columns"),
        ("triggers.tsv", "parley\tverb\tMEET\t-", "unknown PLOVER type 'MEET'"),
        ("triggers.tsv", "parley\tadj\tCONSULT\t-", "pos 'adj'"),
        ("triggers.tsv", "meet\tverb\tAGREE\t-", "'meet' (verb) contradicts line"),
        ("triggers.tsv", "meet\tverb\tCONSULT\t-", "'meet' (verb) repeats line"),
        ("triggers.tsv", "Strafe\tverb\tASSAULT\t-", "not lower case"),
        ("triggers.tsv", "strafe\tverb\t\t-", "empty type column"),
        ("lexicons.tsv", "light_verb\thold", "unknown list 'light_verb'"),
        ("lexicons.tsv", "light_verbs\thold", "'hold' is already in light_verbs"),
        ("object_rules.tsv", "lift\tcurfew\tRETREAT\t-", "'lift curfew' contradicts line"),
        ("object_rules.tsv", "lift lift\tcurfew\tCONCEDE\t-", "lift repeated in verbs"),
        ("modified_nouns.tsv", "attack\tair\tASSAULT\taerial", "'attack' is also a noun trigger"),
        ("modified_nouns.tsv", "strike\tair\tASSAULT\t-", "already on line"),
        ("hazards.tsv", "quake\tearthquake", "'quake' is already on line"),
        ("phrases.tsv", "AID\ta\tb\tc\td\te", "AID is already on line"),
    ],
)
def test_a_malformed_row_names_its_file_and_line(trial: Path, name: str, row: str, message: str) -> None:
    path = trial / name
    line = lines_in(path) + 1
    with path.open("a", encoding="utf-8") as f:
        f.write(row + "\n")
    with pytest.raises(DataFileError, match=f"^{re.escape(str(path))}, line {line}: ") as err:
        load_codebook(trial)
    assert message in str(err.value)
    assert err.value.file == str(path) and err.value.line == line


def test_a_changed_header_names_its_line(trial: Path) -> None:
    path = trial / "hazards.tsv"
    text = path.read_text(encoding="utf-8").replace("word\tname\n", "word\tevent\n")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("word\tevent") + 1
    with pytest.raises(DataFileError, match=f"^{re.escape(str(path))}, line {line}: ") as err:
        load_codebook(trial)
    assert "expected the header row 'word\\tname'" in str(err.value)


def test_a_missing_file_or_list_is_named(shipped: Path, trial: Path) -> None:
    (trial / "phrases.tsv").unlink()
    with pytest.raises(DataFileError, match="phrases.tsv: missing codebook file"):
        load_codebook(trial)
    shutil.copy(shipped / "phrases.tsv", trial / "phrases.tsv")
    lexicons = trial / "lexicons.tsv"
    kept = [
        line for line in lexicons.read_text(encoding="utf-8").splitlines() if not line.startswith("levels\t")
    ]
    lexicons.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="lexicons.tsv: no words for list.s. levels"):
        load_codebook(trial)


def test_notes_and_comments_are_not_words(trial: Path) -> None:
    path = trial / "triggers.tsv"
    with path.open("a", encoding="utf-8") as f:
        f.write("# a comment line\n\nstrafe\tverb\tASSAULT\taerial\t# CAMEO 195, added in a test\n")
    book = load_codebook(trial)
    assert book.verbs["strafe"] == ("ASSAULT", "aerial")


def test_the_data_files_ship_with_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "data/codebook/*" in config["tool"]["setuptools"]["package-data"]["newsfuse"]


def test_the_format_is_documented() -> None:
    doc = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    missing = [name for name in (*FILES, *LISTS) if f"`{name}`" not in doc]
    assert missing == []
