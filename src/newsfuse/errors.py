"""The exception tree. Batch stages record failures on the document and go on; only the CLI and
web layers turn these into messages and exit codes.

    NewsfuseError
    ├── UsageError            bad arguments or options (CLI exit 2)
    ├── InputError            one input cannot be used; carries a human reason
    │   ├── SkipInput         usable format but nothing to take (empty, not English, no body)
    │   └── FailedInput       could not be read or decoded (binary, truncated, undecodable)
    ├── StoreError            the DuckDB store cannot be opened or migrated
    │   └── StoreBusy         another process is writing the store (a second run)
    ├── Interrupted           a run stopped on SIGINT/SIGTERM after committing its batch (exit 130)
    ├── StageError            a pipeline stage failed on valid input (a bug: report it)
    └── DataFileError         a table of words or patterns shipped with newsfuse is malformed (file, line)
"""

from __future__ import annotations

__all__ = [
    "DataFileError",
    "FailedInput",
    "InputError",
    "Interrupted",
    "NewsfuseError",
    "SkipInput",
    "StageError",
    "StoreBusy",
    "StoreError",
    "UsageError",
]


class NewsfuseError(Exception):
    """Base of every error newsfuse raises on purpose."""


class UsageError(NewsfuseError):
    """The caller asked for something impossible (missing path, unwritable folder...)."""


class InputError(NewsfuseError):
    """One input cannot be used. ``str(err)`` is the human reason recorded on the Document."""

    status = "failed"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SkipInput(InputError):
    """Nothing to take from this input (empty, not English, no article body)."""

    status = "skipped"


class FailedInput(InputError):
    """The input could not be read or decoded."""

    status = "failed"


class StoreError(NewsfuseError):
    """The store cannot be opened, migrated or written."""


class StoreBusy(StoreError):
    """Another process holds the store for writing."""


class Interrupted(NewsfuseError):
    """A run was asked to stop (SIGINT/SIGTERM) and stopped after committing its current batch."""


class StageError(NewsfuseError):
    """A stage failed on input it should have handled."""


class DataFileError(NewsfuseError):
    """A data file (a table of words or patterns) has a malformed row: ``str(err)`` names the file
    and the line, ``file`` and ``line`` hold them (``line`` is None for the file as a whole)."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        super().__init__(f"{file}, line {line}: {problem}" if line is not None else f"{file}: {problem}")
        self.file = file
        self.line = line
        self.problem = problem
