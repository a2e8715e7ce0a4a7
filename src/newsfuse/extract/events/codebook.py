"""The event codebook: the words the coder reads, as tab-separated data files an analyst can extend.

The files live in ``newsfuse/data/codebook/`` (their format, with an example of adding a verb, is in
``docs/codebook.md``): ``triggers.tsv`` (verbs and event nouns -> PLOVER type and mode),
``modified_nouns.tsv`` (nouns typed by their modifier: "air strike", "hunger strike"),
``object_rules.tsv`` (verbs typed by their object: "lift the curfew", "cut ties"), ``lexicons.tsv``
(the word classes the rules consult), ``hazards.tsv`` (what kills without an actor) and
``phrases.tsv`` (how a summary tells each type). :func:`codebook` loads them once per process into
immutable structures; :func:`load_codebook` reads another directory (tests, a trial codebook). A
malformed, duplicated or contradicting row raises :class:`~newsfuse.errors.DataFileError` naming
the file and line.

Example:
    >>> book = codebook()
    >>> book.verbs["meet"]
    ('CONSULT', '')
    >>> "hold" in book.lexicons.light_verbs
    True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import NamedTuple

from newsfuse.errors import DataFileError
from newsfuse.models import PLOVER_TYPES

__all__ = ["Codebook", "Lexicons", "ObjectRule", "Phrases", "codebook", "load_codebook"]

NO_MODE = "-"  # the mode cell of a row with no mode
POS = ("verb", "noun")

Entry = tuple[str, str]  # (PLOVER type, mode or "")


class ObjectRule(NamedTuple):
    """A row of ``object_rules.tsv``: one of ``verbs`` with one of ``objects`` is ``type``/``mode``."""

    verbs: frozenset[str]
    objects: frozenset[str]
    type: str
    mode: str


class Phrases(NamedTuple):
    """A row of ``phrases.tsv``: how :func:`~newsfuse.extract.events.summarize` tells one type."""

    with_recipient: str
    alone: str
    future_with_recipient: str
    future_alone: str
    noun: str


@dataclass(frozen=True, slots=True)
class Lexicons:
    """The word classes of ``lexicons.tsv``, one field per list (the file says what each one is for)."""

    light_verbs: frozenset[str]
    lodging_verbs: frozenset[str]
    signing_verbs: frozenset[str]
    cooperation_content: frozenset[str]
    material_aid_verbs: frozenset[str]
    vow_verbs: frozenset[str]
    desire_verbs: frozenset[str]
    future_governors: frozenset[str]
    aiming_words: frozenset[str]
    readying_words: frozenset[str]
    wishing_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    aspect_verbs: frozenset[str]
    object_control_verbs: frozenset[str]
    stative_participles: frozenset[str]
    pursuit_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    travel_words: frozenset[str]
    travel_nouns: frozenset[str]
    occasions: frozenset[str]
    obstruction_verbs: frozenset[str]
    protester_nouns: frozenset[str]
    rioting_verbs: frozenset[str]
    exercises: frozenset[str]
    weapons: frozenset[str]
    figurative_threats: frozenset[str]
    toll_words: frozenset[str]
    goods: frozenset[str]
    arms: frozenset[str]
    money: frozenset[str]
    promises: frozenset[str]
    demands: frozenset[str]
    publications: frozenset[str]
    anonymity_verbs: frozenset[str]
    levels: frozenset[str]
    fabric: frozenset[str]
    group_nouns: frozenset[str]
    person_nouns: frozenset[str]
    country_nouns: frozenset[str]
    authority_nouns: frozenset[str]
    visitor_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    earlier_modifiers: frozenset[str]
    place_nouns: frozenset[str]
    multilateral_phrases: frozenset[str]
    phone_phrases: frozenset[str]
    casualty_nouns: frozenset[str]


LISTS = tuple(f.name for f in fields(Lexicons))


@dataclass(frozen=True, slots=True)
class Codebook:
    """Every table of the codebook, read-only."""

    verbs: Mapping[str, Entry]  # verb lemma -> (PLOVER type, mode or "")
    nouns: Mapping[str, Entry]  # event noun lemma -> (PLOVER type, mode or "")
    modified_nouns: Mapping[str, Mapping[str, Entry]]  # noun -> its modifier -> (type, mode)
    object_rules: tuple[ObjectRule, ...]  # in file order: the first that matches wins
    lexicons: Lexicons
    hazards: Mapping[str, str]  # hazard word -> the name its events are merged under
    phrases: Mapping[str, Phrases]  # PLOVER type -> summary phrases


@dataclass(frozen=True, slots=True)
class _Row:
    path: str
    line: int
    cells: tuple[str, ...]

    def error(self, message: str) -> DataFileError:
        return DataFileError(self.path, self.line, message)


def _rows(directory: Traversable, name: str, columns: tuple[str, ...]) -> Iterator[_Row]:
    """The data rows of one file, after its header row; comment lines and notes left out."""
    file = directory / name
    path = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        raise DataFileError(path, None, "missing codebook file") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, None, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    header = "\t".join(columns)
    seen_header = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        # a cell starting with "#" begins a note that runs to the end of the line
        notes = [i for i, c in enumerate(cells) if c.strip().startswith("#")]
        cells = [c.strip() for c in cells[: notes[0] if notes else len(cells)]]
        row = _Row(path, number, tuple(cells))
        if not seen_header:
            if row.cells != columns:
                raise row.error(f"expected the header row {header!r} (tab-separated), found {line!r}")
            seen_header = True
            continue
        if len(cells) != len(columns):
            raise row.error(
                f"expected {len(columns)} tab-separated columns ({', '.join(columns)}), found {len(cells)}: {line!r}"
            )
        for column, cell in zip(columns, cells, strict=True):
            if not cell:
                raise row.error(f"empty {column} column")
        yield row
    if not seen_header:
        raise DataFileError(path, None, f"no header row {header!r}")


def _word(row: _Row, column: str, cell: str) -> str:
    if cell != cell.lower():
        raise row.error(f"{column} {cell!r} is not lower case (words are matched lower-cased)")
    if "  " in cell:
        raise row.error(f"{column} {cell!r} has a double space")
    return cell


def _type(row: _Row, cell: str) -> str:
    if cell not in PLOVER_TYPES:
        raise row.error(f"unknown PLOVER type {cell!r}; one of {', '.join(PLOVER_TYPES)}")
    return cell


def _mode(row: _Row, cell: str) -> str:
    if any(ch.isspace() for ch in cell):
        raise row.error(f"mode {cell!r} has a space (a mode is one word; {NO_MODE!r} for none)")
    return "" if cell == NO_MODE else cell


def _show(entry: Entry) -> str:
    """ "CONSULT/visit", or "CONSULT" with no mode."""
    return "/".join(part for part in entry if part)


def _words(row: _Row, column: str, cell: str) -> frozenset[str]:
    words = cell.split()
    repeated = sorted({w for w in words if words.count(w) > 1})
    if repeated:
        raise row.error(f"{', '.join(repeated)} repeated in {column}")
    return frozenset(_word(row, column, w) for w in words)


def _triggers(directory: Traversable) -> tuple[dict[str, Entry], dict[str, Entry], dict[str, int]]:
    """Verb and noun triggers, and the line of each noun (for cross-checks)."""
    tables: dict[str, dict[str, Entry]] = {"verb": {}, "noun": {}}
    lines: dict[tuple[str, str], int] = {}
    for row in _rows(directory, "triggers.tsv", ("word", "pos", "type", "mode")):
        word, pos, kind, mode = row.cells
        word = _word(row, "word", word)
        if pos not in POS:
            raise row.error(f"pos {pos!r} is neither 'verb' nor 'noun'")
        entry = (_type(row, kind), _mode(row, mode))
        if (word, pos) in lines:
            earlier = tables[pos][word]
            what = "repeats" if earlier == entry else "contradicts"
            raise row.error(
                f"{word!r} ({pos}) {what} line {lines[(word, pos)]} ({_show(earlier)} there): "
                "one row per word and pos"
            )
        tables[pos][word] = entry
        lines[(word, pos)] = row.line
    nouns = {w: n for (w, pos), n in lines.items() if pos == "noun"}
    return tables["verb"], tables["noun"], nouns


def _modified_nouns(directory: Traversable, noun_lines: Mapping[str, int]) -> dict[str, dict[str, Entry]]:
    out: dict[str, dict[str, Entry]] = {}
    lines: dict[tuple[str, str], int] = {}
    for row in _rows(directory, "modified_nouns.tsv", ("noun", "modifier", "type", "mode")):
        noun, modifier = _word(row, "noun", row.cells[0]), _word(row, "modifier", row.cells[1])
        kind, mode = row.cells[2:]
        if noun in noun_lines:
            raise row.error(
                f"{noun!r} is also a noun trigger (triggers.tsv line {noun_lines[noun]}): keep one"
            )
        if (noun, modifier) in lines:
            raise row.error(f"{noun!r} with {modifier!r} is already on line {lines[(noun, modifier)]}")
        out.setdefault(noun, {})[modifier] = (_type(row, kind), _mode(row, mode))
        lines[(noun, modifier)] = row.line
    return out


def _object_rules(directory: Traversable) -> tuple[ObjectRule, ...]:
    rules: list[ObjectRule] = []
    decided: dict[tuple[str, str], tuple[Entry, int]] = {}  # (verb, object) -> its outcome, its line
    for row in _rows(directory, "object_rules.tsv", ("verbs", "objects", "type", "mode")):
        rule = ObjectRule(
            _words(row, "verbs", row.cells[0]),
            _words(row, "objects", row.cells[1]),
            _type(row, row.cells[2]),
            _mode(row, row.cells[3]),
        )
        for pair in sorted((v, o) for v in rule.verbs for o in rule.objects):
            earlier = decided.get(pair)
            if earlier is not None and earlier[0] != (rule.type, rule.mode):
                raise row.error(
                    f"{' '.join(pair)!r} contradicts line {earlier[1]} ({_show(earlier[0])} there), "
                    "which wins as the earlier row"
                )
            decided.setdefault(pair, ((rule.type, rule.mode), row.line))
        if any(r.verbs == rule.verbs and r.objects == rule.objects for r in rules):
            raise row.error("the same verbs and objects as an earlier row")
        rules.append(rule)
    return tuple(rules)


def _lexicons(directory: Traversable) -> Lexicons:
    words: dict[str, set[str]] = {name: set() for name in LISTS}
    lines: dict[tuple[str, str], int] = {}
    for row in _rows(directory, "lexicons.tsv", ("list", "word")):
        name, word = row.cells
        if name not in words:
            raise row.error(f"unknown list {name!r}; the lists are: {', '.join(LISTS)}")
        word = _word(row, "word", word)
        if (name, word) in lines:
            raise row.error(f"{word!r} is already in {name} (line {lines[(name, word)]})")
        words[name].add(word)
        lines[(name, word)] = row.line
    empty = [name for name, found in words.items() if not found]
    if empty:
        raise DataFileError(str(directory / "lexicons.tsv"), None, f"no words for list(s) {', '.join(empty)}")
    return Lexicons(**{name: frozenset(found) for name, found in words.items()})


def _hazards(directory: Traversable) -> dict[str, str]:
    out: dict[str, str] = {}
    lines: dict[str, int] = {}
    for row in _rows(directory, "hazards.tsv", ("word", "name")):
        word, name = (
            _word(row, column, cell) for column, cell in zip(("word", "name"), row.cells, strict=True)
        )
        if word in lines:
            raise row.error(f"{word!r} is already on line {lines[word]}")
        out[word] = name
        lines[word] = row.line
    return out


def _phrases(directory: Traversable) -> dict[str, Phrases]:
    columns = ("type", *Phrases._fields)
    out: dict[str, Phrases] = {}
    lines: dict[str, int] = {}
    for row in _rows(directory, "phrases.tsv", columns):
        kind = _type(row, row.cells[0])
        if kind in lines:
            raise row.error(f"{kind} is already on line {lines[kind]}")
        out[kind] = Phrases(*row.cells[1:])
        lines[kind] = row.line
    missing = [t for t in PLOVER_TYPES if t not in out]
    if missing:
        raise DataFileError(str(directory / "phrases.tsv"), None, f"no phrases for {', '.join(missing)}")
    return out


def _frozen(table: Mapping[str, Mapping[str, Entry]]) -> Mapping[str, Mapping[str, Entry]]:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in table.items()})


def load_codebook(directory: Traversable | None = None) -> Codebook:
    """Read and check every codebook file in ``directory`` (default: the one shipped in the package).

    Raises:
        DataFileError: a file is missing, or a row is malformed, repeated or contradicts another
            (the message starts with ``file, line N:``).
    """
    root = directory if directory is not None else files("newsfuse") / "data" / "codebook"
    verbs, nouns, noun_lines = _triggers(root)
    return Codebook(
        verbs=MappingProxyType(verbs),
        nouns=MappingProxyType(nouns),
        modified_nouns=_frozen(_modified_nouns(root, noun_lines)),
        object_rules=_object_rules(root),
        lexicons=_lexicons(root),
        hazards=MappingProxyType(_hazards(root)),
        phrases=MappingProxyType(_phrases(root)),
    )


@lru_cache(maxsize=1)
def codebook() -> Codebook:
    """The package's codebook, loaded once per process (a few ms)."""
    return load_codebook()
