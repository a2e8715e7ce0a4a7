"""The HTML brief as a browser shows it: headless Chromium renders it; timeline and citations are there."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (`make test` installs it as root)"
)


def _chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _largest_brief(out: Path) -> Path:
    data = json.loads((out / "stories.json").read_text())
    story = max(data["stories"], key=lambda s: len(s["articles"]))
    return out / "briefs" / f"{story['id']}.html"


def test_html_brief_renders_with_timeline_and_citations(demo_out: Path, tmp_path: Path) -> None:
    page = _largest_brief(demo_out)
    dom = _chromium(["--dump-dom", page.as_uri()], tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert 'id="timeline"' in html
    assert 'id="sources"' in html
    assert html.count('class="cite"') >= 3
    shot = tmp_path / "brief.png"
    result = _chromium([f"--screenshot={shot}", "--window-size=1200,1800", page.as_uri()], tmp_path)
    assert result.returncode == 0 and shot.stat().st_size > 10_000
