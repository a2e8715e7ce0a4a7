"""fuse/rules: the brief builder's word tables and patterns as data files (newsfuse/data/fuse/)."""

from __future__ import annotations

import re
import shutil
import tomllib
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from newsfuse.errors import DataFileError
from newsfuse.fuse.dates import _MONTH_RE
from newsfuse.fuse.rules import FILES, PATTERNS, RULES, WORD_SETS, data_dir, load_rules, read_rows

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shipped() -> Iterator[Path]:
    """The package's data/fuse/ as a directory."""
    with resources.as_file(data_dir()) as path:
        yield path


@pytest.fixture
def copy(shipped: Path, tmp_path: Path) -> Path:
    """A copy of data/fuse/ to break."""
    return Path(shutil.copytree(shipped, tmp_path / "fuse"))


def test_every_file_loads_with_every_table(shipped: Path) -> None:
    assert sorted(p.name for p in shipped.iterdir() if p.is_file()) == sorted(FILES)
    rules = load_rules(shipped)
    assert rules == RULES
    assert set(rules.words) == set(WORD_SETS) and all(rules.words.values())
    assert set(rules.patterns) == set(PATTERNS) and all(rules.patterns.values())
    assert all(rules.numbers.values()) and all(rules.currencies.values())
    assert rules.months["january"] == 1 and rules.months["dec"] == 12
    assert {s for s, kind in rules.slot_kinds.items() if kind == "rate"} == {"percent"}


@pytest.mark.parametrize("name", sorted(FILES))
def test_no_duplicate_rows(shipped: Path, name: str) -> None:
    rows = read_rows(shipped, name)
    assert rows, f"{name} has no rows"
    repeated = [fields for fields, n in Counter(r.fields for r in rows).items() if n > 1]
    assert not repeated, f"{name} repeats {repeated}"
    if name not in {"words.tsv", "patterns.tsv"}:  # maps: one row a word
        key = 2 if name == "slots.tsv" else 0
        words = Counter(r.fields[key] for r in rows)
        assert [w for w, n in words.items() if n > 1] == []


def test_tables_are_immutable() -> None:
    assert isinstance(RULES.words["stop"], frozenset)
    assert isinstance(RULES.patterns["title"], tuple)
    with pytest.raises(TypeError):
        RULES.months["smarch"] = 13  # type: ignore[index]
    with pytest.raises(TypeError):
        RULES.numbers["count"]["gross"] = 144  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "row", "problem"),
    [
        ("words.tsv", "stop", "expected 2 tab-separated fields (set, word), found 1"),
        ("words.tsv", "stop\tthe\tthe", "expected 2 tab-separated fields (set, word), found 3"),
        ("words.tsv", "stop\t", "word is empty"),
        ("words.tsv", "stop\tthe ", "word 'the ' has spaces around it"),
        ("words.tsv", "stop\tThe", "word 'The' is not lower case"),
        ("words.tsv", "stop\tas well", "word 'as well' has a space: one word a row"),
        ("words.tsv", "stopwords\tthe", "unknown set 'stopwords'"),
        ("words.tsv", "stop\tthe", "this row repeats line"),
        ("patterns.tsv", "title\tMinist(er", "pattern 'Minist(er' does not compile"),
        ("patterns.tsv", "title\t(Envoy|Consul)", "pattern '(Envoy|Consul)' has a capturing group"),
        ("patterns.tsv", "anaphora\t(?:it)?", "pattern '(?:it)?' matches the empty string"),
        ("patterns.tsv", "titles\tEnvoy", "unknown pattern 'titles'"),
        ("numbers.tsv", "gross\t144x\tcount", "value '144x' is not a whole number"),
        ("numbers.tsv", "zero\t0\tcount", "value 0 is not 1 or more"),
        ("numbers.tsv", "score\t20\tcounts", "kind 'counts' is none of count, scale, suffix"),
        ("numbers.tsv", "twelve\t12\tcount", "this word repeats line"),
        ("months.tsv", "smarch\t13", "month 13 is not from 1 to 12"),
        ("currencies.tsv", "yen\tjpy\tname", "this word repeats line"),
        ("currencies.tsv", "¥¥\tjpy\tsign", "sign '¥¥' is not one symbol"),
        ("currencies.tsv", "ringgit\tmyr\tword", "written 'word' is none of sign, code, name"),
        ("slots.tsv", "killed\trate\tslain", "slot 'killed' is casualty on an earlier row, rate here"),
        ("slots.tsv", "injured\tcasualty\tdead", "this word (a word belongs to one slot) repeats line"),
    ],
)
def test_malformed_row_names_file_and_line(copy: Path, name: str, row: str, problem: str) -> None:
    path = copy / name
    text = path.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    path.write_text(text + row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_rules(copy)
    assert (err.value.file, err.value.line) == (str(path), line)
    assert str(err.value).startswith(f"{path}, line {line}: {problem}")


def test_bytes_that_are_not_utf8_name_their_line(copy: Path) -> None:
    path = copy / "months.tsv"
    lines = path.read_bytes().count(b"\n")
    path.write_bytes(path.read_bytes() + b"m\xe4rz\t3\n")
    with pytest.raises(DataFileError, match=rf"months\.tsv, line {lines + 1}: is not UTF-8 text"):
        load_rules(copy)


def test_a_table_without_rows_or_a_missing_file_names_the_file(copy: Path) -> None:
    path = copy / "words.tsv"
    path.write_text(
        "".join(ln for ln in path.read_text().splitlines(True) if not ln.startswith("weekdays\t"))
    )
    with pytest.raises(DataFileError, match=r"words\.tsv: has no rows for weekdays$") as err:
        load_rules(copy)
    assert err.value.line is None
    (copy / "slots.tsv").unlink()
    with pytest.raises(DataFileError, match=r"slots\.tsv: cannot be read"):
        load_rules(copy)


def test_comments_and_blank_lines_are_skipped_and_an_added_row_counts(copy: Path) -> None:
    path = copy / "words.tsv"
    path.write_text(path.read_text() + "\n# the Kiwi spelling\nweak_units\tkilometer\n")
    rules = load_rules(copy)
    assert "kilometer" in rules.words["weak_units"] and "kilometer" not in RULES.words["weak_units"]


def test_month_grammar_knows_every_month_word() -> None:
    """dates._MONTH_RE is date grammar in code; it must read every name of months.tsv."""
    for word in RULES.months:
        assert re.fullmatch(_MONTH_RE, word.capitalize()), word


def test_every_file_and_table_is_documented() -> None:
    doc = (REPO / "docs" / "fuse-rules.md").read_text(encoding="utf-8")
    assert doc.startswith("# Brief rules (fuse)")
    for name in [*FILES, *WORD_SETS, *PATTERNS]:
        assert f"`{name}`" in doc, name


def test_data_files_ship_with_the_package(shipped: Path) -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["newsfuse"]
    package = shipped.parent.parent  # setuptools globs files from the package, not recursively
    included = {p.relative_to(package).as_posix() for g in globs for p in package.glob(g)}
    assert {f"data/fuse/{name}" for name in FILES} <= included
