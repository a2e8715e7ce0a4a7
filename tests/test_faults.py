from __future__ import annotations

import os
import signal

import pytest

from newsfuse.faults import ENV, FaultPoint, hook_from_env


def test_parse_and_count_visits(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: sent.append((pid, sig)))
    point = FaultPoint.parse("clean.commit:2:sigint")
    point("reuse.commit")
    point("clean.commit")
    assert sent == []
    point("clean.commit")
    assert sent == [(os.getpid(), signal.SIGINT)]
    point("clean.commit")  # acts once
    assert len(sent) == 1


def test_env_hook_with_several_points(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[int] = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: sent.append(sig))
    hook = hook_from_env({ENV: "a:1:sigint, b:1"})
    assert hook is not None
    hook("b")
    hook("a")
    assert sent == [signal.SIGKILL, signal.SIGINT]
    assert hook_from_env({}) is None
    assert hook_from_env({ENV: "  "}) is None


@pytest.mark.parametrize("spec", ["", ":1", "a:0", "a:1:explode", "a:1:kill:extra"])
def test_bad_specs_say_what_is_wrong(spec: str) -> None:
    with pytest.raises(ValueError):
        FaultPoint.parse(spec)
