"""The output writer (outputs.py): stories.json streamed as it is built, byte for byte what one
``json.dumps`` of the whole payload gives, with bounded reads from the store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse import outputs
from newsfuse.outputs import _JsonStream, write_outputs
from newsfuse.store import Store

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def _streamed(path: Path, members: list[tuple[str, Any]]) -> str:
    with _JsonStream(path) as out:
        for key, value in members:
            if isinstance(value, list):
                out.items(key, iter(value))
            else:
                out.value(key, value)
    return path.read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None)
@given(
    members=st.lists(
        st.tuples(st.text(max_size=8), _JSON | st.lists(_JSON, max_size=5)),
        max_size=4,
        unique_by=lambda kv: kv[0],
    )
)
def test_a_streamed_object_is_byte_for_byte_one_json_dumps(tmp_path_factory: Any, members: Any) -> None:
    path = tmp_path_factory.mktemp("stream") / "x.json"
    text = _streamed(path, members)
    assert text == json.dumps(dict(members), ensure_ascii=False, indent=1)


def test_strings_with_line_breaks_and_separators_keep_the_layout(tmp_path: Path) -> None:
    value = {"text": "first line\nsecond\u2028third\r\n", "nested": [{"a": []}, {}, [[]], "é"]}
    members = [("schema", "x/1"), ("items", [value, value]), ("empty", []), ("tail", {"k": [1.5, None]})]
    text = _streamed(tmp_path / "s.json", members)
    assert text == json.dumps(dict(members), ensure_ascii=False, indent=1)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "stories.json"
    path.write_text('{"old": true}', encoding="utf-8")

    def values() -> Any:
        yield {"a": 1}
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError), _JsonStream(path) as out:
        out.items("stories", values())
    assert path.read_text(encoding="utf-8") == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["stories.json"]


def test_an_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "stories.json"
    _streamed(path, [("a", [1, 2])])
    before = path.stat().st_mtime_ns
    path.touch()
    touched = path.stat().st_mtime_ns
    _streamed(path, [("a", [1, 2])])
    assert path.stat().st_mtime_ns == touched >= before
    assert [p.name for p in tmp_path.iterdir()] == ["stories.json"]


def test_reading_a_few_records_at_a_time_writes_the_same_outputs(
    demo_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo store written again with reads of 2 articles or stories at a time gives the files
    the pipeline wrote, and stories.json is exactly one json.dumps of its own content."""
    shutil.copy(demo_out / "newsfuse.duckdb", tmp_path / "copy.duckdb")
    reads: list[int] = []
    store = Store(tmp_path / "copy.duckdb", read_only=True)
    real = store.articles

    def counted(ids: Any = None) -> Any:
        got = real(ids)
        reads.append(len(got))
        return got

    monkeypatch.setattr(store, "articles", counted)
    monkeypatch.setattr(outputs, "_PER_READ", 2)
    try:
        write_outputs(store, tmp_path / "out")
    finally:
        store.close()
    assert reads and max(reads) <= 2 * max(len(s) for s in _story_sizes(demo_out))
    for name in (
        "stories.json",
        *_relative_files(demo_out, "articles"),
        *_relative_files(demo_out, "briefs"),
    ):
        assert (tmp_path / "out" / name).read_bytes() == (demo_out / name).read_bytes(), name
    text = (tmp_path / "out" / "stories.json").read_text(encoding="utf-8")
    assert json.dumps(json.loads(text), ensure_ascii=False, indent=1) == text


def _relative_files(root: Path, folder: str) -> list[str]:
    return sorted(f"{folder}/{p.name}" for p in (root / folder).iterdir() if not p.name.startswith("."))


def _story_sizes(out: Path) -> list[list[Any]]:
    return [s["articles"] for s in json.loads((out / "stories.json").read_text())["stories"]]
