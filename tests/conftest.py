"""Shared fixtures. Data from ../shared is read in place; tests that need it skip where it is absent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from newsfuse.extract.entities import Nlp
    from newsfuse.extract.places import Gazetteer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent (looked for {SHARED}); these tests read shared data in place")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"../shared/seeds is absent (looked for {seeds})")
    return seeds


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    """One full pipeline run over examples/, shared by the tests that read its outputs."""
    from newsfuse.pipeline import run

    out = tmp_path_factory.mktemp("demo") / "out"
    run([str(examples_dir)], out)
    return out


@pytest.fixture(scope="session")
def nlp() -> Nlp:
    """One spaCy pipeline per session (imported here, not at collection: most tests need no parser)."""
    from newsfuse.extract.entities import Nlp

    return Nlp()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """One gazetteer per session: GeoNames' 235k towns take a few seconds to index."""
    from newsfuse.extract.places import Gazetteer

    return Gazetteer()
