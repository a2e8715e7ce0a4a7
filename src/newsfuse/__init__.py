"""newsfuse: read news coverage from many outlets and write down what happened.

>>> from newsfuse import Settings
>>> Settings().ingest.max_bytes
20971520
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsfuse.errors import NewsfuseError, UsageError
from newsfuse.models import (
    Actor,
    Article,
    Brief,
    Claim,
    Conflict,
    Document,
    Event,
    Lineage,
    Place,
    Reuse,
    Span,
    Story,
    When,
)
from newsfuse.settings import Settings

if TYPE_CHECKING:
    from newsfuse.pipeline import RunReport, run, write_outputs
    from newsfuse.store import Store

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Brief",
    "Claim",
    "Conflict",
    "Document",
    "Event",
    "Lineage",
    "NewsfuseError",
    "Place",
    "Reuse",
    "RunReport",
    "Settings",
    "Span",
    "Store",
    "Story",
    "UsageError",
    "When",
    "__version__",
    "run",
    "write_outputs",
]


_LAZY = {"RunReport": "pipeline", "run": "pipeline", "write_outputs": "pipeline", "Store": "store"}


def __getattr__(name: str) -> Any:
    """Import the heavy stages only when used (``import newsfuse.models`` stays cheap)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"newsfuse.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")
