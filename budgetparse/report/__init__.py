"""A report to look at: one self-contained HTML page per document (:mod:`.html`)."""

from __future__ import annotations

from .html import render

__all__ = ["render"]
