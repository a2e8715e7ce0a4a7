"""Fault injection for the crash tests: stop this process at a named point of a run.

Only tests enable it, through the environment: ``NEWSFUSE_FAULT=POINT:N[:ACTION]`` acts the N-th
time the run reaches POINT (several, comma-separated, act in turn). ACTION ``kill`` (the default) sends this process SIGKILL, which no
code can catch or clean up after, exactly like a scheduler killing a job or a power cut to the
process; ``sigint`` sends SIGINT, as a person pressing Ctrl-C at that moment would.

Points (see pipeline.py and store.py): ``clean.commit``, ``reuse.commit``, ``stories.commit``,
``extract.commit`` are inside a transaction, after its writes and before COMMIT; the same names
with ``.committed`` come just after; ``publish.copied`` is between writing a snapshot and renaming
it into place; ``write.article``, ``write.brief`` and ``write.stories`` are before each output
file is written; ``run.start`` and ``run.done`` bracket the run.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Mapping

__all__ = ["ENV", "FaultPoint", "hook_from_env"]

ENV = "NEWSFUSE_FAULT"
_ACTIONS = {"kill": signal.SIGKILL, "sigint": signal.SIGINT, "sigterm": signal.SIGTERM}


class FaultPoint:
    """Callable hook: signals this process on the ``nth`` visit of ``point``.

    >>> hook = FaultPoint("clean.commit", 3)
    >>> hook("reuse.commit"); hook.count
    0
    """

    def __init__(self, point: str, nth: int = 1, action: str = "kill") -> None:
        if nth < 1:
            raise ValueError(f"FaultPoint: nth counts visits from 1, got {nth}")
        if action not in _ACTIONS:
            raise ValueError(f"FaultPoint: action must be one of {', '.join(_ACTIONS)}, got {action!r}")
        self.point = point
        self.nth = nth
        self.action = action
        self.count = 0

    @classmethod
    def parse(cls, spec: str) -> FaultPoint:
        parts = spec.split(":")
        if not 1 <= len(parts) <= 3 or not parts[0]:
            raise ValueError(f"{ENV} takes POINT[:N[:ACTION]], got {spec!r}")
        nth = int(parts[1]) if len(parts) > 1 else 1
        return cls(parts[0], nth, parts[2] if len(parts) > 2 else "kill")

    def __call__(self, name: str) -> None:
        if name != self.point:
            return
        self.count += 1
        if self.count == self.nth:
            os.kill(os.getpid(), _ACTIONS[self.action])


class _Faults:
    def __init__(self, points: list[FaultPoint]) -> None:
        self.points = points

    def __call__(self, name: str) -> None:
        for point in self.points:
            point(name)


def hook_from_env(environ: Mapping[str, str] | None = None) -> Callable[[str], None] | None:
    """The fault hook the environment asks for, or None (the normal case).

    >>> hook_from_env({}) is None
    True
    """
    spec = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not spec:
        return None
    return _Faults([FaultPoint.parse(part.strip()) for part in spec.split(",")])
