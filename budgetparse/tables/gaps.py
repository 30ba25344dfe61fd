"""Space-aligned rows whose cells are still countable: tabs written as a fixed run of spaces.

Some converters (and web pages' plain-text views) write each tab of a tab-separated table
as the same number of spaces, e.g. four.  Such a table looks space-aligned, but unlike
pdftotext's layout its empty cells did not vanish: every gap between two cells is a whole
multiple of that width, and a gap of m widths stands for m − 1 empty cells.  Where a
table's gaps show this, its cells are recovered exactly and the table is read by header
position like any tab-separated table (reader.py) instead of being placed by arithmetic
(spaced.py).

The test is strict, so that pdftotext's layout is never mistaken for it:

- every run of two or more spaces inside the table's lines is a multiple of one width
  ``u`` ≥ 2 (their greatest common divisor), a run of exactly ``u`` occurs, and there are
  at least ``MIN_GAPS`` runs.  pdftotext pads cells to the x-position of the next column,
  so its runs have every length and their divisor is 1;
- a run of at least ``2u`` occurs (an empty cell written out): without one nothing tells a
  tab table from pdftotext's, whose empty cells vanished — unless no number stands in the
  table, which leaves nothing to place (its label rows are then read as the tab reader
  reads them);
- no single space stands between two numbers or before a decimal amount: an amount is a
  whole cell, so a tab always separates it (a number the extractor broke, ``1247.2 2``,
  is rejoined before this test).  A text that separates cells by single spaces and
  indents names by a fixed run is no tab table.

Widths are counted in characters: a run of spaces has no wide characters in it, so how a
CJK character is counted does not matter here.  Tabs expanded to tab stops (runs that end
on a multiple of the width, counted from the row's start) are not recognised: the row's
start is trimmed away before the table reader sees it, so those rows keep the arithmetic
placement.

A single space is never a cell boundary (it is letter spacing or a space inside a name),
and the row's leading and trailing empty cells are not known (the line was trimmed);
the tab reader reads rows by content from the left, as it does for tab rows whose edge
cells were trimmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import gcd

import regex

from ..layout import LogicalLine, clean_cell, restore_broken_numbers
from ..mapped import MappedText

# runs of two or more spaces (ASCII spaces only: what a tab was written as)
_RUN = regex.compile(r" {2,}+")
# a single space between two numbers, or before a decimal amount: a cell boundary where
# no tab was written (a code and its name may share a cell: "201 一般公共服务支出")
_SINGLE_BY_DIGIT = regex.compile(r"(?<=\d) (?=\d)|(?<! ) (?=-?+[\d,]++\.\d++(?: |$))")
# a number standing as a cell of its own
_NUMBER = regex.compile(r"(?:^|\s)-?+[\d,]++(?:\.\d++)?+(?=\s|$)")
# fewer runs than this say nothing about a width
MIN_GAPS = 4


def tab_width(lines: Sequence[LogicalLine]) -> int | None:
    """The width every gap of the table's lines is a multiple of, or None."""
    width = 0
    count = 0
    seen: set[int] = set()
    for line in lines:
        text = restore_broken_numbers(line.text.strip(" ")).text
        if _SINGLE_BY_DIGIT.search(text):
            return None
        for m in _RUN.finditer(text):
            run = m.end() - m.start()
            width = gcd(width, run)
            seen.add(run)
            count += 1
            if width == 1:
                return None
    if count < MIN_GAPS or width < 2 or width not in seen:
        return None
    if max(seen) < 2 * width and any(_NUMBER.search(line.text.text) for line in lines):
        return None
    return width


def _cells(text: MappedText, width: int) -> tuple[MappedText, ...]:
    """The cells of one trimmed row: a run of m·width spaces closes a cell and opens m − 1
    empty ones (anchored where the run ends)."""
    cells: list[MappedText] = []
    start = 0
    for m in _RUN.finditer(text.text):
        cells.append(clean_cell(text.slice(start, m.start())))
        empty = text.slice(m.end(), m.end())
        cells.extend(empty for _ in range((m.end() - m.start()) // width - 1))
        start = m.end()
    cells.append(clean_cell(text.slice(start)))
    return tuple(cells)


def expanded_tabs(lines: Sequence[LogicalLine]) -> list[LogicalLine] | None:
    """The table's lines with their cells recovered, when its gaps are expanded tabs
    (see the module's docstring); None for any other space-aligned table."""
    width = tab_width(lines)
    if width is None:
        return None
    out = []
    for line in lines:
        text = line.text.strip(" ")
        out.append(LogicalLine(line.kind, line.text, _cells(text, width)))
    return out


__all__ = ["MIN_GAPS", "expanded_tabs", "tab_width"]
