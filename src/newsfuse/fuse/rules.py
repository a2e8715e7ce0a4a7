"""The brief builder's word tables and word patterns, read from ``newsfuse/data/fuse/``.

Tables of words are data, not code: an analyst extends a list by adding a row, and the code that
reads it does not change. Every file is UTF-8 text, one entry a row, fields separated by tabs;
blank lines and lines starting with ``#`` are skipped. The files, their columns and what each
table does are in docs/fuse-rules.md (and in :data:`WORD_SETS` and :data:`PATTERNS` below).

A malformed row stops the import with :class:`~newsfuse.errors.DataFileError`, naming the file
and the line: a wrong number of fields, an empty field or spaces around one, an upper-case word,
an unknown table name, a number that is none, a pattern that does not compile, a duplicate row.

The tables are read once, when :mod:`newsfuse.fuse` is imported, into :data:`RULES` (immutable);
``load_rules(directory)`` reads another copy of the files, for tests and for trying out an edit.

>>> RULES.months["sept"], "reportedly" in RULES.words["hedges"], RULES.patterns["title"][:2]
(9, True, ('Minister', 'President'))
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

from newsfuse.errors import DataFileError

__all__ = ["FILES", "PATTERNS", "RULES", "WORD_SETS", "Row", "Rules", "data_dir", "load_rules", "read_rows"]

# Every file of data/fuse/ and its columns.
FILES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "words.tsv": ("set", "word"),
        "patterns.tsv": ("pattern", "alternative"),
        "numbers.tsv": ("word", "value", "kind"),
        "months.tsv": ("word", "month"),
        "currencies.tsv": ("word", "currency", "written"),
        "slots.tsv": ("slot", "kind", "word"),
    }
)

# words.tsv: set -> what it is for (every set must have a row; a row naming another set is an error)
WORD_SETS: Mapping[str, str] = MappingProxyType(
    {
        "abbreviations": "tokens after which a period does not end a sentence",
        "stop": "stop words: not content words, stems, entities, counted nouns or sources",
        "weekdays": "days of the week: not places, names or what a figure is of",
        "not_counts": "clock words: a number before them counts nothing",
        "filler": "words skipped between a number and the noun it counts",
        "persons": "nouns naming who was counted, not what happened to them",
        "hedges": "words that only hedge a figure, skipped when reading its role",
        "bound_before": "a word just before a figure that makes it a bound",
        "generic": "reporting and measuring words, which say nothing about what a figure counts",
        "unnamed": "sources that are no name (with the persons)",
        "superlative_not": "words ending in -est that are no superlative",
        "weak_units": "units that recur in unrelated statements of one story",
        "voting_bodies": "bodies whose vote two sources may tell differently",
    }
)
# patterns.tsv: pattern -> what it is for (alternatives are joined with "|" in file order)
PATTERNS: Mapping[str, str] = MappingProxyType(
    {
        "title": "words ending a person's title before their name (case matters)",
        "source_verb": "verbs that make a named subject a figure's source (case matters)",
        "over_hedge": "before a figure: a lower bound (lower case)",
        "about_hedge": "before a figure: an estimate (lower case)",
        "bound_phrase": "before a figure: a bound, not a level",
        "target": "before a figure in its clause: a goal, not an outcome",
        "prior": "before a figure: a state before a change",
        "other_happening": "another happening than the story's: background",
        "happening": "happenings that 'another' sets apart",
        "anaphora": "sentence openings that lean on the sentence before",
        "vote_member": "members of a voting body who vote or dissent",
    }
)
NUMBER_KINDS = ("count", "scale", "suffix")
CURRENCY_WRITINGS = ("sign", "code", "name")
SLOT_KINDS = ("casualty", "rate")

Directory = Traversable | Path


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its fields, and where it was read (for error messages)."""

    file: str
    line: int
    fields: tuple[str, ...]

    def error(self, problem: str) -> DataFileError:
        return DataFileError(self.file, self.line, problem)


@dataclass(frozen=True, slots=True)
class Rules:
    """Every table of ``newsfuse/data/fuse/``, immutable; mappings keep the order of the rows."""

    words: Mapping[str, frozenset[str]]  # words.tsv: set -> words
    patterns: Mapping[str, tuple[str, ...]]  # patterns.tsv: pattern -> alternatives
    numbers: Mapping[str, Mapping[str, int]]  # numbers.tsv: kind -> word -> value
    months: Mapping[str, int]  # months.tsv: word -> month
    currencies: Mapping[str, Mapping[str, str]]  # currencies.tsv: written -> word -> currency
    slots: Mapping[str, frozenset[str]]  # slots.tsv: slot -> words
    slot_kinds: Mapping[str, str]  # slots.tsv: slot -> kind


def data_dir() -> Traversable:
    """Where the package's tables are: ``newsfuse/data/fuse/``."""
    return resources.files("newsfuse") / "data" / "fuse"


def read_rows(directory: Directory, name: str) -> list[Row]:
    """The rows of one file of :data:`FILES`, each with its columns' number of non-empty, unpadded
    fields."""
    columns = FILES[name]
    path = directory / name
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataFileError(file, None, f"cannot be read ({err.strerror or err})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataFileError(file, raw.count(b"\n", 0, err.start) + 1, "is not UTF-8 text") from None
    rows: list[Row] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(line.removesuffix("\r").split("\t"))
        row = Row(file, n, fields)
        if len(fields) != len(columns):
            raise row.error(
                f"expected {len(columns)} tab-separated fields ({', '.join(columns)}), found {len(fields)}"
            )
        for column, value in zip(columns, fields, strict=True):
            if not value.strip():
                raise row.error(f"{column} is empty")
            if value != value.strip():
                raise row.error(f"{column} {value!r} has spaces around it")
        rows.append(row)
    return rows


def _unique(rows: list[Row], key: Callable[[Row], object], what: str) -> None:
    seen: dict[object, int] = {}
    for row in rows:
        k = key(row)
        if k in seen:
            raise row.error(f"{what} repeats line {seen[k]}")
        seen[k] = row.line


def _word(row: Row, value: str, column: str = "word") -> str:
    if any(c.isspace() for c in value):
        raise row.error(f"{column} {value!r} has a space: one word a row")
    if value != value.lower():
        raise row.error(f"{column} {value!r} is not lower case (text is matched lower-cased)")
    return value


def _choice(row: Row, value: str, column: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise row.error(f"{column} {value!r} is none of {', '.join(choices)}")
    return value


def _integer(row: Row, value: str, column: str, low: int, high: int | None = None) -> int:
    try:
        number = int(value)
    except ValueError:
        raise row.error(f"{column} {value!r} is not a whole number") from None
    if number < low or (high is not None and number > high):
        bounds = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise row.error(f"{column} {number} is not {bounds}")
    return number


def _pattern(row: Row, value: str) -> str:
    try:
        compiled = re.compile(value)
    except re.error as err:
        raise row.error(f"pattern {value!r} does not compile: {err}") from None
    if compiled.groups:
        raise row.error(f"pattern {value!r} has a capturing group: write (?:...)")
    if compiled.fullmatch(""):
        raise row.error(f"pattern {value!r} matches the empty string")
    return value


def _named(row: Row, value: str, names: Mapping[str, str], what: str) -> str:
    if value not in names:
        raise row.error(f"unknown {what} {value!r} (known: {', '.join(names)})")
    return value


def _all_present(directory: Directory, name: str, found: Mapping[str, object], names: Iterable[str]) -> None:
    missing = [n for n in names if not found.get(n)]
    if missing:
        raise DataFileError(str(directory / name), None, f"has no rows for {', '.join(missing)}")


def _words(directory: Directory) -> Mapping[str, frozenset[str]]:
    rows = read_rows(directory, "words.tsv")
    _unique(rows, lambda r: r.fields, "this row")
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        name, word = row.fields
        out[_named(row, name, WORD_SETS, "set")].add(_word(row, word))
    _all_present(directory, "words.tsv", out, WORD_SETS)
    return MappingProxyType({n: frozenset(out[n]) for n in WORD_SETS})


def _patterns(directory: Directory) -> Mapping[str, tuple[str, ...]]:
    rows = read_rows(directory, "patterns.tsv")
    _unique(rows, lambda r: r.fields, "this row")
    out: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        name, alternative = row.fields
        out[_named(row, name, PATTERNS, "pattern")].append(_pattern(row, alternative))
    _all_present(directory, "patterns.tsv", out, PATTERNS)
    return MappingProxyType({n: tuple(out[n]) for n in PATTERNS})


def _numbers(directory: Directory) -> Mapping[str, Mapping[str, int]]:
    rows = read_rows(directory, "numbers.tsv")
    _unique(rows, lambda r: r.fields[0], "this word")
    out: dict[str, dict[str, int]] = {kind: {} for kind in NUMBER_KINDS}
    for row in rows:
        word, value, kind = row.fields
        out[_choice(row, kind, "kind", NUMBER_KINDS)][_word(row, word)] = _integer(row, value, "value", 1)
    _all_present(directory, "numbers.tsv", out, NUMBER_KINDS)
    return MappingProxyType({kind: MappingProxyType(words) for kind, words in out.items()})


def _months(directory: Directory) -> Mapping[str, int]:
    rows = read_rows(directory, "months.tsv")
    _unique(rows, lambda r: r.fields[0], "this word")
    return MappingProxyType({_word(r, r.fields[0]): _integer(r, r.fields[1], "month", 1, 12) for r in rows})


def _currencies(directory: Directory) -> Mapping[str, Mapping[str, str]]:
    rows = read_rows(directory, "currencies.tsv")
    _unique(rows, lambda r: r.fields[0], "this word")
    out: dict[str, dict[str, str]] = {w: {} for w in CURRENCY_WRITINGS}
    for row in rows:
        word, currency, written = row.fields
        _choice(row, written, "written", CURRENCY_WRITINGS)
        if written == "sign" and (len(word) != 1 or word.isalnum()):
            raise row.error(f"sign {word!r} is not one symbol")
        out[written][_word(row, word)] = _word(row, currency, "currency")
    _all_present(directory, "currencies.tsv", out, CURRENCY_WRITINGS)
    return MappingProxyType({w: MappingProxyType(words) for w, words in out.items()})


def _slots(directory: Directory) -> tuple[Mapping[str, frozenset[str]], Mapping[str, str]]:
    rows = read_rows(directory, "slots.tsv")
    _unique(rows, lambda r: r.fields[2], "this word (a word belongs to one slot)")
    words: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    for row in rows:
        slot, kind, word = row.fields
        _choice(row, kind, "kind", SLOT_KINDS)
        if kinds.setdefault(_word(row, slot, "slot"), kind) != kind:
            raise row.error(f"slot {slot!r} is {kinds[slot]} on an earlier row, {kind} here")
        words[slot].add(_word(row, word))
    return MappingProxyType({s: frozenset(w) for s, w in words.items()}), MappingProxyType(kinds)


def load_rules(directory: Directory | None = None) -> Rules:
    """Read every table from ``directory`` (default: the package's ``data/fuse/``)."""
    root = data_dir() if directory is None else directory
    slots, slot_kinds = _slots(root)
    return Rules(
        words=_words(root),
        patterns=_patterns(root),
        numbers=_numbers(root),
        months=_months(root),
        currencies=_currencies(root),
        slots=slots,
        slot_kinds=slot_kinds,
    )


RULES = load_rules()
