"""End to end over examples/: every input accounted for, outputs per the contract, re-runs idempotent."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.pipeline import DaskExecutor, LocalExecutor, run
from newsfuse.store import Store
from newsfuse.stories import embed_installed


def _inputs(examples_dir: Path) -> int:
    return sum(1 for p in examples_dir.rglob("*") if p.is_file() and p.name != "README.md")


def test_outputs_follow_the_contract(demo_out: Path) -> None:
    data = json.loads((demo_out / "stories.json").read_text())
    assert data["schema"] == "newsfuse/stories/1"
    assert data["documents"] and data["stories"]
    article_ids = set()
    for story in data["stories"]:
        assert {
            "id",
            "title",
            "articles",
            "lineages",
            "events",
            "facts",
            "conflicts",
            "timeline",
        } <= story.keys()
        texts = {a["id"]: a["text"] for a in story["articles"]}
        article_ids |= texts.keys()
        for a in story["articles"]:
            assert {"id", "origin", "outlet", "title", "byline", "credit", "published", "text"} <= a.keys()
            assert {"date", "precision", "evidence"} <= a["published"].keys()
            assert a["published"]["date"] or a["published"]["reason"]
        for item in story["events"] + story["facts"]:
            assert item["sources"] and item["independent_sources"] >= 1
            for ev in item["evidence"]:
                assert texts[ev["article"]][ev["start"] : ev["end"]] == ev["text"]
    for aid in article_ids:
        assert (demo_out / "articles" / f"{aid}.md").is_file()
    for story in data["stories"]:
        assert (demo_out / "briefs" / f"{story['id']}.md").is_file()
        assert (demo_out / "briefs" / f"{story['id']}.html").is_file()


def test_every_input_is_recorded(demo_out: Path, examples_dir: Path) -> None:
    data = json.loads((demo_out / "stories.json").read_text())
    origins = {d["origin"].split("#")[0] for d in data["documents"]}
    files = {
        str(p)
        for p in examples_dir.rglob("*")
        if p.is_file() and p.suffix != ".jsonl" and p.name != "README.md"
    }
    assert {Path(f).name for f in files} <= {Path(o).name for o in origins}
    assert len(data["documents"]) >= _inputs(examples_dir) - 1


def test_rerun_adds_nothing(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "out"
    first = run([str(examples_dir)], out, extract=False)
    with Store(out / "newsfuse.duckdb") as store:
        before = store.counts()
        lineages_before = store.lineages()
        stories_before = store.stories()
    second = run([str(examples_dir)], out, extract=False)
    assert first.new_documents > 0 and first.known_documents == 0
    assert second.new_documents == 0 and second.known_documents == len(first.documents)
    assert second.new_articles == 0
    with Store(out / "newsfuse.duckdb") as store:
        assert store.counts() == before
        assert store.lineages() == lineages_before
        assert store.stories() == stories_before
    assert [d.status for d in second.documents] == [d.status for d in first.documents]
    # the report says how stories were grouped (embeddings only when the optional extra is installed)
    assert first.modes["stories"] in {
        "lexical + embeddings (short items)",
        "lexical (embeddings unavailable)",
    }
    assert first.modes["stories"].startswith("lexical + embeddings") == embed_installed()
    # each stage's time comes with what it worked through, for its rate
    assert first.items["ingest"] == len(first.documents)
    assert first.items["clean"] == first.new_documents
    assert first.items["reuse"] == first.items["stories"] == first.new_articles
    assert set(first.items) <= set(first.seconds)
    assert "clean" not in second.items or second.items["clean"] == 0


def test_dask_executor_matches_local(tmp_path: Path, examples_dir: Path) -> None:
    pytest.importorskip("dask.distributed")
    local = run([str(examples_dir)], tmp_path / "local", extract=False, executor=LocalExecutor())
    dask = DaskExecutor(workers=2)
    try:
        distributed = run([str(examples_dir)], tmp_path / "dask", extract=False, executor=dask)
    finally:
        dask.close()
    assert local.totals == distributed.totals
    assert [d.status for d in local.documents] == [d.status for d in distributed.documents]


# examples/README.md's table, as the pages state it: (outlet, byline, wire credit, published)
EXAMPLE_METADATA = {
    ("Deccan Courier", "PTI", "PTI", "2026-03-03"),
    ("The Capital Chronicle", "PTI", "PTI", "2026-03-03"),
    ("Valley Times", None, "PTI", "2026-03-03"),
    ("The Frontier Post", "Staff Reporter", "PTI", "2026-03-03"),
    ("Morning Digest", None, None, "2026-03-03"),  # "Agencies": no wire named
    ("The Kathmandu Observer", "Sunita Bhandari", None, "2026-03-04"),
    ("Island Herald", "Dewi Kartika and Yosef Hartono", "Reuters", "2026-03-06"),  # from the closing credits
    ("PALU POST", "Rina Lestari", None, "2026-03-06"),
    ("Nairobi Ledger", "Jane Wambui", None, "2026-03-03"),
    ("East Africa Business Weekly", "Business Correspondent", None, "2026-03-04"),
    ("Kampala Monitor", "Daniel Ssempijja", "AP", "2026-03-19"),
    ("Lakeside Weekly", "Energy Correspondent", None, None),
    ("Accra Evening Post", "Kwabena Owusu-Ansah", None, "2026-03-25"),
    ("Gold Coast Business Review", "Ama Serwaa Mensah", None, "2026-03-26"),
    ("Asia Daily Brief", "Dewi Kartika", "Reuters", "2026-03-06"),
    ("Coast Gazette", "Fatma Juma", None, "2026-03-03"),  # the feed's byline field
    ("Cedi Watch", "Yaw Darko", None, None),
}


def test_example_metadata_matches_the_hand_checked_table(demo_out: Path) -> None:
    with Store(demo_out / "newsfuse.duckdb") as store:
        found = {(a.outlet, a.byline, a.credit, a.published.value) for a in store.articles()}
        texts = [a.text for a in store.articles()]
    assert found == EXAMPLE_METADATA, sorted(found ^ EXAMPLE_METADATA, key=str)
    # furniture trafilatura keeps as text is cut: a "Published:" line, a section kicker, staff credits
    for text in texts:
        assert not text.startswith(("Published", "Sudurpaschim Province")), text[:60]
        assert "Reporting by" not in text and "Editing by" not in text
        assert "syndicated feed" not in text


def test_example_lineages_and_independent_sources_match_the_readme(demo_out: Path) -> None:
    with Store(demo_out / "newsfuse.duckdb") as store:
        outlet = {a.id: a.outlet for a in store.articles()}
        groups = {frozenset(outlet[i] for i in lin.article_ids) for lin in store.lineages()}
    # PTI-Bajhang: three exact copies and two light rewrites ("With inputs from PTI", "Agencies")
    pti = {"Valley Times", "Deccan Courier", "The Capital Chronicle", "The Frontier Post", "Morning Digest"}
    assert frozenset(pti) in groups
    assert frozenset({"Island Herald", "Asia Daily Brief"}) in groups  # the Reuters story and its rewrite
    assert len(groups) == 12  # everything else is its own reporting
    data = json.loads((demo_out / "stories.json").read_text())
    sources = sorted(s["independent_sources"] for s in data["stories"])
    assert sources == [2, 2, 2, 3, 3]  # S1, S2, S5 = 2; S3, S4 = 3 (examples/README.md)


@pytest.fixture()
def dask_cluster() -> Iterator[str]:
    """A Dask scheduler and two worker processes, each started as its own command (as on a
    cluster: ``dask scheduler`` on one machine, ``dask worker ADDRESS`` on the others)."""
    pytest.importorskip("dask.distributed")
    dask_cli = Path(sys.executable).with_name("dask")
    if not dask_cli.exists():
        pytest.skip(f"the dask command is not installed beside {sys.executable}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [dask_cli, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
    )
    worker = subprocess.Popen(
        [dask_cli, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"], **quiet
    )
    try:
        from dask.distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
        for proc in (worker, scheduler):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_scheduler_address_runs_the_stages_on_separate_worker_processes(
    tmp_path: Path, examples_dir: Path, demo_out: Path, dask_cluster: str
) -> None:
    from dask.distributed import Client

    from test_reliability import assert_same_store

    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "newsfuse.cli", "run", str(examples_dir), "--out", str(out),
         "--scheduler", dask_cluster],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # the store (written by the run's process alone) is the one a local run writes
    assert_same_store(out, demo_out)
    # the stories were coded on the workers: each loaded its own extractor there
    with Client(dask_cluster, timeout=60) as client:
        # a lambda travels by value (the workers cannot import this test module)
        loaded = client.run(
            lambda: any(k[0] == "extractor" for k in __import__("newsfuse.workers").workers.worker_state())
        )
    assert len(loaded) == 2 and any(loaded.values())
