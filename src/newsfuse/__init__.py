"""newsfuse: read news coverage from many outlets and write down what happened."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
