"""Build ``src/newsfuse/data/cameo_verbs.tsv`` from the PETRARCH-2 CAMEO verb dictionary (dev time only).

Runtime never reads ../shared: this script distils

* ``shared/data/events/cameo_dictionaries/CAMEO.2.0.txt`` (openeventdata/petrarch2, MIT, (c) 2015
  Open Event Data Alliance): 397 verb blocks, each a list of synonymous verbs and ~4,700
  ``- subject * object [CAMEO]`` patterns, plus WordNet-derived synonym sets (``&MILITARY``);
* ``shared/data/events/plover/CAMEO2PLOVER-2021.txt`` (the PLOVER manual's conversion table): each
  CAMEO code to its PLOVER type and mode (CAMEO 01/02, statements and appeals, have none);

into one table our coder reads (``newsfuse.extract.events``), rows of four kinds::

    B  <block>  <verb>  <verb>  ...                                  a block: synonymous verbs
    V  <verb>  <PLOVER active>  <PLOVER passive>  <mode>  <CAMEO>     a verb's own code
    P  <block>  <subject words>  <object words>  <PLOVER active>  <PLOVER passive>  <mode>  <CAMEO>
    S  <&SET>  <member phrase>  ...                                  a synonym set

A verb is a lemma, or ``lemma_particle`` for phrasal verbs (``call_off``). Pattern words are
lower-case; prepositions and articles are dropped (the parse decides attachment, not word order);
``&SET`` stands for any member of the set. ``-`` as a PLOVER type means "no PLOVER event" (a
statement, an appeal); such patterns are kept because they stop the verb's default code.

    .venv/bin/python bench/build_verb_table.py
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVENTS = REPO.parent / "shared" / "data" / "events"
SOURCE = EVENTS / "cameo_dictionaries" / "CAMEO.2.0.txt"
MAPPING = EVENTS / "plover" / "CAMEO2PLOVER-2021.txt"
TARGET = REPO / "src" / "newsfuse" / "data" / "cameo_verbs.tsv"

# Words a pattern may name that the parse expresses as structure, not as a word to look for.
_FUNCTION = frozenset(
    [
        "to",
        "of",
        "on",
        "in",
        "with",
        "for",
        "by",
        "at",
        "from",
        "against",
        "over",
        "the",
        "a",
        "an",
        "and",
        "into",
        "as",
        "about",
        "that",
        "this",
        "its",
        "his",
        "her",
        "their",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "not",
        "no",
    ]
)
_IRREGULAR_PAST = re.compile(r"^[A-Z]+$")


def plover_table() -> dict[str, tuple[str, str]]:
    """CAMEO code prefix -> (PLOVER type, mode), from CAMEO2PLOVER-2021."""
    table: dict[str, tuple[str, str]] = {}
    for line in MAPPING.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([\w-]*))?", line)
        if m:
            table.setdefault(m.group(1), (m.group(2), (m.group(3) or "").strip()))
    return table


def to_plover(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The PLOVER type and mode of a CAMEO code (longest known prefix); ``("-", "")`` for none."""
    if not code or not code[0].isdigit():
        return "-", ""
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return "-", ""


def _codes(bracket: str) -> tuple[str, str]:
    """``[062:086]`` -> active and passive CAMEO codes (the passive defaults to the active)."""
    active, _, passive = bracket.strip("[] ").partition(":")
    active = active.strip()
    return active, (passive.strip() or active)


def _words(part: str) -> list[str]:
    """Content words of one side of a pattern, lower-case; ``&SET`` names kept as they are."""
    part = re.sub(r"[{}()$%^|+]", " ", part)
    out = []
    for w in part.split():
        if w.startswith("&"):
            out.append(w)
            continue
        w = w.strip("_").lower().replace("_", " ")
        if w and w not in _FUNCTION and re.fullmatch(r"[a-z][a-z' -]*", w):
            out.append(w)
    return out


def _verb(head: str) -> str | None:
    """A block's verb line -> our verb key: ``SEND {SENDS ...}`` -> ``send``, ``+CALL_OFF`` -> ``call_off``."""
    head = head.split("#", 1)[0]
    head = re.sub(r"\{.*?\}", " ", head)
    head = re.sub(r"\[.*?\]", " ", head).strip()
    if not head:
        return None
    word = head.split()[0].lstrip("+").strip("_").lower()
    if not re.fullmatch(r"[a-z]+(?:_[a-z]+)?", word):
        return None
    return word


def build() -> list[str]:
    table = plover_table()
    text = SOURCE.read_text(encoding="latin-1")
    synsets_part, _, verbs_part = text.partition("####### VERB PATTERNS #######")
    rows: list[str] = []
    # synonym sets: "&NAME" then "+MEMBER" lines
    current: str | None = None
    members: list[str] = []
    for line in synsets_part.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("&"):
            if current and members:
                rows.append("\t".join(["S", current, *members]))
            current, members = line.rstrip("_"), []
        elif line.startswith("+") and current:
            member = line[1:].strip("_").lower().replace("_", " ")
            if re.fullmatch(r"[a-z][a-z' -]*", member):
                members.append(member)
    if current and members:
        rows.append("\t".join(["S", current, *members]))
    for block in re.split(r"^---\s+", verbs_part, flags=re.M)[1:]:
        lines = block.splitlines()
        header = re.match(r"(\S+)\s+(\[[^\]]*\])", lines[0])
        if not header:
            continue
        default = _codes(header.group(2))
        verbs: list[tuple[str, tuple[str, str]]] = []
        patterns: list[tuple[list[str], list[str], tuple[str, str]]] = []
        for line in lines[1:]:
            body = line.split("#", 1)[0].rstrip()
            if not body.strip():
                continue
            if body.startswith("-"):
                m = re.match(r"^-\s*(.*?)\s*(\[[^\]]*\])\s*$", body)
                if not m or "*" not in m.group(1):
                    continue
                subject, _, obj = m.group(1).partition("*")
                patterns.append((_words(subject), _words(obj), _codes(m.group(2))))
            else:
                verb = _verb(body)
                if verb:
                    own = re.search(r"\[[^\]]*\]", body.split("{")[0] + body.split("}")[-1])
                    verbs.append((verb, _codes(own.group(0)) if own else default))
        name = header.group(1).lower()
        rows.append("\t".join(["B", name, *(v for v, _ in verbs)]))
        for verb, (active, passive) in verbs:
            if active and active != "---":
                kind_a, mode = to_plover(active, table)
                kind_p, _ = to_plover(passive, table)
                rows.append("\t".join(["V", verb, kind_a, kind_p, mode, active]))
        for subj, obj, (p_active, p_passive) in patterns:
            if not obj and not subj:
                continue
            kind_a, mode = to_plover(p_active, table)
            kind_p, _ = to_plover(p_passive, table)
            rows.append("\t".join(["P", name, " ".join(subj), " ".join(obj), kind_a, kind_p, mode, p_active]))
    return rows


def main() -> None:
    rows = build()
    header = [
        "# CAMEO verb patterns with PLOVER types. Generated by bench/build_verb_table.py from CAMEO.2.0.txt",
        "# (openeventdata/petrarch2 dictionaries, MIT, (c) 2015 Open Event Data Alliance) and",
        "# CAMEO2PLOVER-2021 (PLOVER manual). Do not edit by hand. Row kinds: see the script's docstring.",
    ]
    TARGET.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    counts = {k: sum(r.startswith(k + "\t") for r in rows) for k in "BVPS"}
    print(
        f"wrote {TARGET}: {counts['B']} verb blocks, {counts['V']} verbs with their own code, "
        f"{counts['P']} patterns, {counts['S']} synonym sets"
    )


if __name__ == "__main__":
    main()
