"""Build the actor tables in ``src/newsfuse/data/`` from the CAMEO/PLOVER dictionaries (dev time only).

Runtime never reads ../shared: this script distils

* ``shared/data/events/ngec/PLOVER_agents.txt`` (PETRARCH agents syntax, MIT licence, Open Event
  Data Alliance) into ``sector_agents.tsv``: ``phrase<TAB>sector``; a phrase ending in ``*`` is a
  stem (``defence minist*`` matches minister, ministers, ministry);
* ``shared/data/events/cameo_dictionaries/Phoenix.Countries.actors.txt`` (MIT) into
  ``known_people.tsv``: ``name<TAB>ISO alpha-3`` for named political people (heads of state and
  government, ministers, party leaders: the entries PETRARCH codes with a country and a sector),
  so "President Yoweri Museveni" is Ugandan without the text saying so. The dictionary stops
  around 2017;
* ``shared/data/events/cameo_dictionaries/Phoenix.MilNonState.actors.txt`` (MIT) into
  ``known_groups.tsv``: ``name<TAB>ISO alpha-3<TAB>sector`` for armed non-state groups based in one
  country ("Taliban" -> AFG REB, "LTTE" -> LKA REB);
* ``shared/data/events/cameo_dictionaries/Phoenix.International.actors.txt`` (MIT) into
  ``known_igos.tsv``: international organisations ("UN", "NATO", "African Union"), which have no
  country: an event in Gaza does not make the UN Palestinian.

    .venv/bin/python bench/build_sector_table.py
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVENTS = REPO.parent / "shared" / "data" / "events"
DICTIONARIES = EVENTS / "cameo_dictionaries"
DATA = REPO / "src" / "newsfuse" / "data"
SOURCE = EVENTS / "ngec" / "PLOVER_agents.txt"
TARGET = DATA / "sector_agents.tsv"
# PLOVER v2 sector codes (manual table 5.2); CAMEO-only codes such as JNK/NON/NGO/IGO are dropped.
SECTORS = {
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM",
    "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
}  # fmt: skip
ENTRY = re.compile(r"^([A-Z0-9_!\-\.' ]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]+)\]")


def parse(text: str) -> dict[str, str]:
    """Phrase -> first PLOVER sector of its code (GOVMIL -> GOV)."""
    subs: dict[str, list[str]] = {}
    table: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("!") and "=" in line:
            key_part, value_part = line.split("=", 1)
            subs[key_part.strip()] = [v.strip() for v in value_part.split(",")]
            continue
        m = ENTRY.match(line)
        if not m:
            continue
        phrase, code = m.group(1), m.group(3)
        sector = code[:3]
        if sector not in SECTORS:
            continue
        forms = [phrase]
        for name, values in subs.items():
            if name in phrase:
                forms = [f.replace(name, v) for f in forms for v in values]
        for form in forms:
            key = form.strip("_").replace("_", " ").lower()
            if key.endswith("minist"):  # PETRARCH stem: minister, ministers, ministry
                key += "*"
            table.setdefault(key, sector)
    return table


PEOPLE_SOURCE = DICTIONARIES / "Phoenix.Countries.actors.txt"
PEOPLE_TARGET = DATA / "known_people.tsv"


def entries(text: str) -> Iterator[tuple[list[str], list[str]]]:
    """A PETRARCH actor dictionary's head entries: (names: the head and its ``+`` aliases, codes: every
    ``[CODE ...]`` on its lines, date-restricted ones included)."""
    names: list[str] = []
    codes: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw[:1] in " \t" or line.lstrip().startswith("["):
            codes += re.findall(r"\[([A-Z]{3,})", line)
        elif line.startswith("+"):
            names.append(line[1:].split("[")[0].strip())
            codes += re.findall(r"\[([A-Z]{3,})", line)
        else:
            if names:
                yield names, codes
            names, codes = [line.split("[")[0].strip()], re.findall(r"\[([A-Z]{3,})", line)
    if names:
        yield names, codes


def parse_people(text: str, valid: set[str]) -> dict[str, str]:
    """Person name (and its ``+`` aliases) -> country, for entries coded COUNTRY+SECTOR."""
    out: dict[str, str] = {}

    def flush(names: list[str], codes: list[str]) -> None:
        countries = {c[:3] for c in codes if len(c) >= 6 and c[:3] in valid}
        if len(countries) == 1:
            country = countries.pop()
            for name in names:
                words = name.replace("_", " ").replace(".", " ").split()
                if 2 <= len(words) <= 4 and all(w.isalpha() for w in words):
                    out.setdefault(" ".join(w.lower() for w in words), country)

    for names, codes in entries(text):
        flush(names, codes)
    return out


GROUPS_SOURCE = DICTIONARIES / "Phoenix.MilNonState.actors.txt"
GROUPS_TARGET = DATA / "known_groups.tsv"


def parse_groups(text: str, valid: set[str]) -> dict[str, tuple[str, str]]:
    """Armed non-state group name (its ``+`` aliases, and an acronym in brackets) -> (country, sector),
    for groups the dictionary places in one country ("TALIBAN_ [AFGREB]"); transnational ones
    ("[IMGMUSALQ]") are left out: they have no country."""
    out: dict[str, tuple[str, str]] = {}

    def flush(names: list[str], codes: list[str]) -> None:
        found = {(c[:3], c[3:6]) for c in codes if len(c) >= 6 and c[:3] in valid}
        if len({country for country, _ in found}) != 1:
            return
        country, sector = sorted(found)[0]
        sector = sector if sector in SECTORS else "REB"
        for name in names:
            forms = [name]
            acronym = re.search(r"\(([A-Z]{2,})\)", name)
            if acronym:
                forms = [name[: acronym.start()], acronym.group(1)]
            for form in forms:
                words = re.sub(r"[_\-]+", " ", form).replace("'", "").split()
                if words and all(w.isalnum() for w in words):
                    out.setdefault(" ".join(w.lower() for w in words), (country, sector))

    for names, codes in entries(text):
        flush(names, codes)
    return out


IGOS_SOURCE = DICTIONARIES / "Phoenix.International.actors.txt"
IGOS_TARGET = DATA / "known_igos.tsv"


def parse_igos(text: str) -> dict[str, str]:
    """International organisations (codes IGO...): "the United Nations", "UN", "NATO" -> the code
    that precedes them in the file (approximate: only "is an IGO" is used).

    A head line without a code of its own ("U.N._" under "UN_ [IGOUNO]") belongs to the code above
    it; only names of at most five words are kept (titles such as "UN secretary general Kofi Annan"
    are people, resolved elsewhere)."""
    out: dict[str, str] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or raw[:1] in " \t":
            continue
        codes = re.findall(r"\[([A-Z]{3,})", line)
        if codes:
            current = codes[0]
        name = line.lstrip("+").split("[")[0].strip()
        if not current.startswith("IGO") or not name:
            continue
        words = re.sub(r"[_\-]+", " ", name).replace(".", "").split()
        if words and len(words) <= 5 and all(w.isalnum() for w in words):
            out.setdefault(" ".join(w.lower() for w in words), current)
    return out


def _dictionary(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def write_table(target: Path, header: tuple[str, str], rows: list[str], what: str) -> None:
    """One generated table: two comment lines saying where it came from, then its sorted rows."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join([*header, *rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} {what} -> {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    table = parse(args.source.read_text(encoding="utf-8"))
    write_table(
        args.out,
        (
            "# phrase<TAB>PLOVER sector. Generated by bench/build_sector_table.py from PLOVER_agents.txt",
            "# (ahalterman/NGEC assets, MIT, (c) 2014 Open Event Data Alliance). Do not edit by hand.",
        ),
        [f"{k}\t{v}" for k, v in sorted(table.items())],
        "phrases",
    )
    import pycountry

    valid = {c.alpha_3 for c in pycountry.countries}
    people = parse_people(_dictionary(PEOPLE_SOURCE), valid)
    write_table(
        PEOPLE_TARGET,
        (
            "# person name<TAB>ISO alpha-3. Generated by bench/build_sector_table.py from Phoenix.Countries.actors.txt",
            "# (openeventdata/petrarch2 dictionaries, MIT). Entries up to ca. 2017. Do not edit by hand.",
        ),
        [f"{k}\t{v}" for k, v in sorted(people.items())],
        "people",
    )
    groups = parse_groups(_dictionary(GROUPS_SOURCE), valid)
    write_table(
        GROUPS_TARGET,
        (
            "# group name<TAB>ISO alpha-3<TAB>PLOVER sector. Generated by bench/build_sector_table.py from",
            "# Phoenix.MilNonState.actors.txt (openeventdata/petrarch2 dictionaries, MIT). Do not edit by hand.",
        ),
        [f"{k}\t{c}\t{sec}" for k, (c, sec) in sorted(groups.items())],
        "armed groups",
    )
    write_table(
        IGOS_TARGET,
        (
            "# international organisation names. Generated by bench/build_sector_table.py from",
            "# Phoenix.International.actors.txt (openeventdata/petrarch2 dictionaries, MIT). Do not edit by hand.",
        ),
        sorted(parse_igos(_dictionary(IGOS_SOURCE))),
        "international organisations",
    )


if __name__ == "__main__":
    main()
