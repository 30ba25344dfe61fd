"""Space-aligned rows whose cells are still countable: tabs written as spaces.

Some converters (and web pages' plain-text views) write each tab of a tab-separated table
as the same number of spaces, e.g. four; others expand tabs to tab stops (``expand``, an
editor, Python's ``expandtabs``), so that every cell starts on a multiple of 8 or 4.
Such a table looks space-aligned, but unlike pdftotext's layout its empty cells did not
vanish: with a fixed run, every gap between two cells is a whole multiple of that width,
and a gap of m widths stands for m − 1 empty cells.  Where a
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
CJK character is counted does not matter here.

Tab stops are counted from the start of the row's line in the decoded text (the reader
is given it), in one of two measures, whichever puts every cell on a stop: one column a
character (Python's ``expandtabs``) or two for a wide CJK character (an editor's or a
terminal's display, ``layout.display_width``); stops of 8 are tried before stops of 4.
A gap crossing t stops stands for t − 1 empty cells, and the tabs before a row's first
cell are empty cells too.  A cell one column short of a stop is followed by a single
space: a single space that ends on a stop is a tab, any other a space inside a cell.
The same demands as above hold (at least ``MIN_GAPS`` gaps, an empty cell written out
unless no number stands in the table, no single space between numbers that is not a tab).

Letter spacing (``一 般 公 共 预 算``) on a stop is the one thing positions cannot tell:
``功 能 分 类``, a tab, ``合 计`` is printed exactly as ``一 般 公 共 预 算`` would be if it
were two cells.  The words decide: of the ways to cut the run at its single spaces on
stops, the one whose pieces are all words the table's kind prints in a cell
(columns.toml: its columns, key, group and totals labels) or amounts, in the fewest
pieces — ``一般公共预算`` whole, ``功能分类`` | ``合计`` cut, ``收入总计`` | ``2492``
cut.  A run that no cut, or more than one, makes words of (or a table read without its
kind's words) is not read as tabs: the arithmetic places it (spaced.py).

A single space is never a cell boundary (it is letter spacing or a space inside a name),
and the row's leading and trailing empty cells are not known (the line was trimmed);
the tab reader reads rows by content from the left, as it does for tab rows whose edge
cells were trimmed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import gcd

import regex

from ..layout import LogicalLine, clean_cell, display_width, restore_broken_numbers
from ..mapped import MappedText

# runs of two or more spaces (ASCII spaces only: what a tab was written as)
_RUN = regex.compile(r" {2,}+")
# a single space between two numbers, or before a decimal amount: a cell boundary where
# no tab was written (a code and its name may share a cell: "201 一般公共服务支出")
_SINGLE_BY_DIGIT = regex.compile(r"(?<=\d) (?=\d)|(?<! ) (?=-?+[\d,]++\.\d++(?: |$))")
# a piece of a letter-spaced run that is an amount (a cell of its own)
_AMOUNT = regex.compile(r"-?+[\d,]++(?:\.\d++)?+")
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


def _fixed(lines: Sequence[LogicalLine]) -> list[LogicalLine] | None:
    width = tab_width(lines)
    if width is None:
        return None
    out = []
    for line in lines:
        text = line.text.strip(" ")
        out.append(LogicalLine(line.kind, line.text, _cells(text, width)))
    return out


# -- tabs expanded to tab stops -----------------------------------------------------------

# what may stand for tabs in a row expanded to tab stops: any run of spaces (a cell that
# ends a column short of a stop is followed by one space)
_STOP_GAP = regex.compile(r" ++")
# tab sizes tried, the larger first (a text on stops of 8 is on stops of 4 too)
TAB_SIZES = (8, 4)
# how a column is counted: one per character (Python's expandtabs), or two for a wide
# CJK character (an editor's or terminal's display)
MEASURES: tuple[Callable[[str], int], ...] = (len, display_width)

# A gap that must be a tab: a run of two spaces or more, or one space between two numbers
# or before a decimal amount.  A single space that ends on a stop is a tab too (a cell one
# column short of the stop), else a space inside a cell; but a single space of letter
# spacing (a character alone beside it: 一 般 公 共) may be either where it ends on a
# stop, and the words it cuts the run into decide (``_INSIDE`` where they keep it whole).
_TAB, _SPACE, _LETTER, _INSIDE = "tab", "space", "letter", "inside"
# a word keeps at most this many of a run's single spaces on stops (whole words of the
# table's kind are short)
MAX_SPAN = 12
# (a lone digit is no letter spacing: an amount of one digit, 工会经费 8)
_LETTER_SPACE = regex.compile(r"(?<=(?:^|\s)[^\s\d]) (?=\S)|(?<=\S) (?=[^\s\d](?:\s|$))")
# per row: (trimmed text, column of its first character, (gap start, gap end, column
# where the gap starts, column where it ends, its kind) per gap), under one measure
_Row = tuple[MappedText, int, list[tuple[int, int, int, int, str]]]


def _rows(lines: Sequence[LogicalLine], text: str, measure: Callable[[str], int]) -> list[_Row]:
    rows = []
    for line in lines:
        trimmed = restore_broken_numbers(line.text.strip(" "))
        if not trimmed.text:
            continue
        origin = trimmed.origin(0)
        start = text.rfind("\n", 0, origin) + 1
        if text.startswith("\f", start):
            start += 1  # a page's form feed opens its first line and takes no column
        # a cell starts where its line's spaces end (markup printed around its text, as
        # <b>合 计</b>, was there when the tabs were expanded, and counts)
        lead = text[start:origin]
        first = measure(lead[: len(lead) - len(lead.lstrip(" "))])
        column, at = measure(lead), origin
        gaps = []
        digits = {m.start() for m in _SINGLE_BY_DIGIT.finditer(trimmed.text)}
        letters = {m.start() for m in _LETTER_SPACE.finditer(trimmed.text)}
        for m in _STOP_GAP.finditer(trimmed.text):
            opens = trimmed.origin(m.start())
            run = m.end() - m.start()
            column += measure(text[at:opens])
            if run > 1 or m.start() in digits:
                kind = _TAB
            elif m.start() in letters:
                kind = _LETTER
            else:
                kind = _SPACE
            gaps.append((m.start(), m.end(), column, column + run, kind))
            column += run
            at = opens + run
        rows.append((trimmed, first, gaps))
    return rows


def _on_stops(rows: list[_Row], size: int, numbers: bool) -> bool:
    """Does every cell of the rows start on a tab stop of ``size``, with enough gaps, one
    of them crossing two stops or more (an empty cell) unless no number stands there, and
    one of them a run of two spaces or more?  Words parted by single spaces alone (a
    PDF's text layer: ``预算数 决算数 预算数``) fall on stops of 4 by chance, and give no
    evidence of a tab."""
    count = 0
    empty = False
    wide = False
    for _, first, gaps in rows:
        if first % size:
            return False
        empty = empty or first >= size  # a tab before the first cell
        for _, _, opens, closes, kind in gaps:
            if closes % size or kind == _INSIDE:
                if kind == _TAB:
                    return False
                continue  # a space inside a cell
            if kind == _LETTER:
                return False  # letter spacing or a tab: not decided
            empty = empty or closes // size - opens // size > 1
            wide = wide or closes - opens > 1
            count += 1
    return count >= MIN_GAPS and wide and (empty or not numbers)


def _stop_cells(row: _Row, size: int) -> tuple[MappedText, ...]:
    """A row's cells: a gap crossing t tab stops closes a cell and opens t − 1 empty ones;
    each tab before the first cell is an empty cell too."""
    trimmed, first, gaps = row
    cells: list[MappedText] = [trimmed.slice(0, 0)] * (first // size)
    start = 0
    for gap_start, gap_end, opens, closes, kind in gaps:
        if closes % size or kind == _INSIDE:
            continue  # a space inside a cell
        cells.append(clean_cell(trimmed.slice(start, gap_start)))
        anchor = trimmed.slice(gap_end, gap_end)
        cells.extend(anchor for _ in range(closes // size - opens // size - 1))
        start = gap_end
    cells.append(clean_cell(trimmed.slice(start)))
    return tuple(cells)


def _cut(row: _Row, size: int, words: Callable[[str], bool]) -> _Row | None:
    """The row with each single space on a stop decided: a tab where the words cut the
    run there, else a space inside its cell (see the module's docstring); None where a
    letter-spaced run is left undecided."""
    trimmed, first, gaps = row
    ambiguous = [i for i, gap in enumerate(gaps) if gap[4] != _TAB and not gap[3] % size]
    if not ambiguous:
        return row
    kinds = [gap[4] for gap in gaps]
    # the row's cells where no single space on a stop is a tab: between these gaps
    bounds = [i for i, gap in enumerate(gaps) if gap[4] == _TAB]
    for lo, hi in zip([-1, *bounds], [*bounds, len(gaps)], strict=True):
        inside = [i for i in ambiguous if lo < i < hi]
        if not inside:
            continue
        start = gaps[lo][1] if lo >= 0 else 0
        end = gaps[hi][0] if hi < len(gaps) else len(trimmed.text)
        cut = _best_cut(trimmed.text, start, end, [gaps[i][:2] for i in inside], words)
        if cut is None:
            if any(kinds[i] == _LETTER for i in inside):
                return None  # letter spacing or a tab: no words decide
            cut = tuple(range(len(inside)))  # a single space on a stop is a tab
        for n, i in enumerate(inside):
            kinds[i] = _TAB if n in cut else _INSIDE
    return trimmed, first, [(*gap[:4], kind) for gap, kind in zip(gaps, kinds, strict=True)]


def _best_cut(
    text: str, start: int, end: int, spaces: list[tuple[int, int]], words: Callable[[str], bool]
) -> tuple[int, ...] | None:
    """Which of ``spaces`` (in order, inside ``text[start:end]``) to cut at, so that every
    piece is a word or an amount, in the fewest pieces; None where no cut, or more than
    one such, does.  A piece keeps at most ``MAX_SPAN`` of the spaces (no word is longer),
    so the cost is linear in the spaces."""
    count = len(spaces)
    opens = [start, *(b for _, b in spaces)]  # where piece i starts
    closes = [*(a for a, _ in spaces), end]  # where piece j ends
    # best[j]: (fewest pieces up to the j-th close, how many ways (1 or 2: "more"), from)
    best: list[tuple[int, int, int] | None] = [None] * (count + 1)
    for j in range(count + 1):
        for i in range(max(0, j - MAX_SPAN), j + 1):
            before = (0, 1, -1) if i == 0 else best[i - 1]
            if before is None:
                continue
            piece = text[opens[i] : closes[j]]
            if not (_AMOUNT.fullmatch(piece) or words(piece)):
                continue
            here = best[j]
            pieces = before[0] + 1
            if here is None or pieces < here[0]:
                best[j] = (pieces, before[1], i)
            elif pieces == here[0]:
                best[j] = (pieces, min(2, here[1] + before[1]), here[2])
    last = best[count]
    if last is None or last[1] != 1:
        return None
    cuts: list[int] = []
    j = count
    while (step := best[j]) is not None and step[2] > 0:
        cuts.append(step[2] - 1)  # the piece from after space i − 1: cut there
        j = step[2] - 1
    return tuple(reversed(cuts))


def _decided(rows: list[_Row], size: int, words: Callable[[str], bool] | None) -> list[_Row] | None:
    """The rows with their letter-spaced spaces on stops decided, or None (see _cut)."""
    out = []
    for row in rows:
        cut = row if words is None else _cut(row, size, words)
        if cut is None:
            return None
        out.append(cut)
    return out


def _stops(
    lines: Sequence[LogicalLine], text: str, words: Callable[[str], bool] | None
) -> list[LogicalLine] | None:
    numbers = any(_NUMBER.search(line.text.text) for line in lines)
    for measure in MEASURES:
        measured = _rows(lines, text, measure)
        for size in TAB_SIZES:
            rows = _decided(measured, size, words)
            if rows is not None and _on_stops(rows, size, numbers):
                cells = iter([_stop_cells(row, size) for row in rows])
                return [
                    LogicalLine(line.kind, line.text, next(cells))
                    if line.text.strip(" ").text
                    else line
                    for line in lines
                ]
    return None


def expanded_tabs(
    lines: Sequence[LogicalLine],
    text: str | None = None,
    words: Callable[[str], bool] | None = None,
) -> list[LogicalLine] | None:
    """The table's lines with their cells recovered, when its gaps are expanded tabs
    (see the module's docstring); None for any other space-aligned table.  ``text``, the
    decoded text, tells where each line starts (tabs expanded to stops are counted from
    there); without it only a fixed run per tab is recognised.  ``words`` tells a word
    the table's kind prints in one cell: without it a table with letter spacing on a
    stop is not read as tabs."""
    found = _fixed(lines)
    if found is None and text is not None:
        found = _stops(lines, text, words)
    return found


__all__ = ["MAX_SPAN", "MEASURES", "MIN_GAPS", "TAB_SIZES", "expanded_tabs", "tab_width"]
