"""Pages of a decoded text: a form feed (``\\f``, the page break pdftotext writes and the
PDF reader puts between pages) starts a new page.

Pages are derived from spans, so every element that has a span knows its page(s) without
carrying them: page ``n`` holds the offsets after the ``n - 1``-th form feed.  A text
without form feeds is one page.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

import attrs
import regex

Span = tuple[int, int]


@attrs.frozen
class PageIndex:
    breaks: tuple[int, ...]  # offsets of the form feeds
    lines: tuple[int, ...]  # offsets where a line starts (after \n or \f)

    @classmethod
    def of(cls, text: str) -> PageIndex:
        return _index(text)

    @property
    def paged(self) -> bool:
        return bool(self.breaks)

    def page(self, offset: int) -> int:
        """1-based page of an offset (a form feed belongs to the page it opens)."""
        return bisect_right(self.breaks, offset) + 1

    def pages(self, span: Span) -> tuple[int, int]:
        """First and last page a span touches."""
        start, end = span
        return self.page(start), self.page(max(start, end - 1))

    def line_in_page(self, offset: int) -> int:
        """1-based line of an offset counted from its page's first line (the one the form
        feed opens)."""
        page = self.page(offset)
        first = 0 if page == 1 else bisect_right(self.lines, self.breaks[page - 2])
        return max(1, bisect_right(self.lines, offset) - first)


_BREAK = regex.compile(r"[\n\f]")


@lru_cache(maxsize=8)
def _index(text: str) -> PageIndex:
    breaks = []
    lines = [0]
    for m in _BREAK.finditer(text):
        if m.group() == "\f":
            breaks.append(m.start())
        lines.append(m.end())
    return PageIndex(breaks=tuple(breaks), lines=tuple(lines))
