"""The CLI: help with an example on every command, one readable line and exit 2 on misuse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsfuse import __version__
from newsfuse.cli import app, main

COMMANDS = ["run", "ingest", "watch", "show", "lineage", "stories", "events", "brief", "serve", "places"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Example: newsfuse" in out


def test_every_command_is_tested_here() -> None:
    registered = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert registered == set(COMMANDS)


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("newsfuse: error:"), err
    assert len(err.splitlines()) == 1, err
    return err


def test_unknown_option_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "examples", "--no-such-option"]) == 2
    assert "no-such-option" in _one_line_error(capsys)


def test_missing_path_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert "nope" in _one_line_error(capsys)


def test_missing_argument_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show"]) == 2
    _one_line_error(capsys)
    assert main(["places"]) == 2
    assert "--build" in _one_line_error(capsys)


def test_places_reads_a_text(capsys: pytest.CaptureFixture[str]) -> None:
    text = "On 5 May 2020 farmers protested in Sori (Gogounou, Alibori), north of Kandi."
    assert main(["places", text]) == 0
    out = capsys.readouterr().out
    assert "Sori" in out and "BEN" in out and "Alibori" in out and "not in the" in out


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root can write anywhere, so an unwritable folder cannot be made"
)
def test_unwritable_out_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    assert main(["run", str(tmp_path), "--out", str(locked / "out")]) == 2
    assert "cannot write" in _one_line_error(capsys)


def test_out_that_is_a_file_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    (tmp_path / "in.txt").write_text("hello")
    assert main(["run", str(tmp_path / "in.txt"), "--out", str(blocker / "out")]) == 2
    assert "cannot write" in _one_line_error(capsys)


def test_query_commands_need_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stories", "--out", str(tmp_path)]) == 2
    assert "no store" in _one_line_error(capsys)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--type", "FOO"], "unknown event type"),
        (["--country", "India"], "ISO alpha-3"),
        (["--since", "2025-5"], "YYYY-MM"),
    ],
)
def test_event_filters_are_checked_before_the_store(
    args: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["events", "--out", str(tmp_path), *args]) == 2
    assert says in _one_line_error(capsys)


def test_event_filters_take_any_case(demo_out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsfuse.store import Store

    with Store(demo_out / "newsfuse.duckdb") as store:
        expected = store.events(type="DISASTER", country="NPL")
    assert expected  # the Bajhang quake
    assert main(["events", "--out", str(demo_out), "--type", "disaster", "--country", "npl"]) == 0
    assert f"{len(expected)} events" in capsys.readouterr().out


def test_bad_setting_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["run", "examples", "--out", str(tmp_path), "--set", "clean.min_wrods=10"]) == 2
    err = _one_line_error(capsys)
    assert "clean.min_wrods" in err and "clean.min_words" in err
    cfg = tmp_path / "newsfuse.toml"
    cfg.write_text("[clean]\nmin_words = 'ten'\n")
    assert main(["run", "examples", "--out", str(tmp_path), "--config", str(cfg)]) == 2
    assert "clean.min_words must be an integer" in _one_line_error(capsys)
    assert main(["run", "examples", "--out", str(tmp_path), "--config", str(tmp_path / "none.toml")]) == 2
    assert "no config file" in _one_line_error(capsys)


def test_watch_misuse_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no newsfuse.toml here
    assert main(["watch", "--out", str(tmp_path)]) == 2
    assert "nothing to watch" in _one_line_error(capsys)
    assert main(["watch", "examples"]) == 2
    assert "--out" in _one_line_error(capsys)
    assert main(["watch", "examples", "--out", str(tmp_path), "--every", "soon"]) == 2
    assert "every" in _one_line_error(capsys).lower()


def test_stage_times_give_each_stage_time_and_rate() -> None:
    from newsfuse.cli import stage_times
    from newsfuse.pipeline import RunReport

    report = RunReport(
        out_dir=None,
        documents=(),
        new_documents=0,
        known_documents=0,
        new_articles=0,
        seconds={"clean": 2.0, "reuse": 0.5, "write": 0.0},
        items={"clean": 280, "reuse": 350, "write": 5},
    )
    assert stage_times(report) == "clean 2.0 s (140/s), reuse 0.5 s (700/s), write 0.0 s"
