"""Where a printed amount stands: pdftotext's character columns, as evidence among the
placements the arithmetic leaves open in a space-aligned table.

``pdftotext -layout`` writes each glyph at its x-position divided by a mean glyph width,
one character per glyph, so in its output *characters* are the grid (a CJK character
counts one, as it is one character there; counted as two display cells it drifts off the
amounts of the same column).  A column's amounts stand under its header words, loosely:
header and amounts share characters give or take ``SLACK``.  The header's own words say
where each column is (a word that resolves to a canonical column by itself, on a line
whose words stand apart by runs of two spaces or more); words wrapped over lines
(``对附属单位补`` / ``助支出``) give no position, and their column none.

A line may stand shifted as a whole (a long name pushes its amounts a few characters
right or left): the amounts of one row must stand off their columns' header words by one
common shift.  The positions choose among placements only where the table shows they
can: nearly every row (``AGREEMENT``) has a placement the arithmetic allows that fits
where its amounts stand, and no row the arithmetic decides alone puts an amount elsewhere.  A table
printed with single spaces between cells (its header words run together) locates no
column and is left to the arithmetic.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

import regex

from ..layout import LogicalLine
from ..mapped import MappedText
from .columns import KindSpec, norm

Interval = tuple[int, int]  # [first, end) character columns of a line
# header and amounts of one column overlap give or take this many characters
SLACK = 2
# the share of a table's rows whose amounts must fit a placement the arithmetic allows
AGREEMENT = 0.9
# the amounts of one line stand off their header words by one shift, within this spread
SPREAD = 3
# and the shift is at most this many characters
MAX_SHIFT = 6
# a header word this long that begins one column's name (the rest wrapped) locates it
WRAPPED_HEAD = 3
# words of a header line: runs of non-space characters joined by single spaces
_WORD = regex.compile(r"\S++(?: \S++)*+")


class Grid:
    """Character columns of the original text's lines around one table."""

    def __init__(self, text: str, lines: Sequence[LogicalLine]) -> None:
        self.text = text
        spans = [line.span for line in lines if line.text.text]
        lo = min((s[0] for s in spans), default=0)
        hi = max((s[1] for s in spans), default=0)
        first = text.rfind("\n", 0, lo)
        self.breaks = [first, *(m.start() for m in regex.finditer("\n", text, pos=lo, endpos=hi))]

    def at(self, token: MappedText) -> Interval:
        """The columns a token takes on its line (a page's form feed takes none)."""
        start = token.origin(0)
        line = self.breaks[bisect_right(self.breaks, start - 1) - 1] + 1
        if self.text.startswith("\f", line):
            line += 1
        return (start - line, start - line + len(token.text))


def header_columns(
    spec: KindSpec, header: Sequence[LogicalLine], grid: Grid, columns: Sequence[str]
) -> dict[int, Interval]:
    """Column index → where its header words stand, for the columns a header word names
    by itself once (a word naming one column twice locates it nowhere)."""
    found: dict[int, list[Interval]] = {}
    index = {column: j for j, column in enumerate(columns)}
    for line in header:
        words = list(_WORD.finditer(line.text.text))
        if _one_leaf_per_column(spec, [m.group() for m in words], columns):
            for j, m in enumerate(words):
                token = line.text.slice(m.start(), m.end())
                found.setdefault(j, []).append(grid.at(token))
            continue
        for m in words:
            canonical = spec.columns.resolve(m.group()) or _wrapped_head(spec, m.group(), columns)
            if canonical is None or canonical not in index:
                continue
            token = line.text.slice(m.start(), m.end())
            found.setdefault(index[canonical], []).append(grid.at(token))
    return {j: places[0] for j, places in found.items() if len(places) == 1}


def words_at(lines: Sequence[LogicalLine], grid: Grid) -> Iterator[tuple[str, Interval]]:
    """Each word of the lines (as header_columns reads a header: runs of characters
    joined by single spaces) and the columns it takes."""
    for line in lines:
        for m in _WORD.finditer(line.text.text):
            yield m.group(), grid.at(line.text.slice(m.start(), m.end()))


def _one_leaf_per_column(spec: KindSpec, words: Sequence[str], columns: Sequence[str]) -> bool:
    """Is this header line the bottom row of a nested header: one word per column, in
    the printed order, each the last part of a spelling of its column (``预算数 决算数 预算数
    …`` under ``合计`` ``因公出国（境）费`` …)?  Such words name no column by themselves, but
    in this order each stands over its own."""
    if len(columns) < 2 or len(words) != len(columns):
        return False
    leaves: dict[str, set[str]] = {}
    for spelling, canonical in spec.columns.lookup.items():
        leaves.setdefault(canonical, set()).add(spelling.rsplit("/", 1)[-1])
    return all(
        norm(word) in leaves.get(column, set()) for word, column in zip(words, columns, strict=True)
    )


def _wrapped_head(spec: KindSpec, word: str, columns: Sequence[str]) -> str | None:
    """The column whose name a header word begins, the rest wrapped onto the lines
    below (``本年支出合`` / ``计``, ``项目支`` / ``出``): a word of ``WRAPPED_HEAD``
    characters at least that begins the spelling of one of the table's columns and of no
    other."""
    head = norm(word)
    if len(head) < WRAPPED_HEAD:
        return None
    found = {
        canonical
        for spelling, canonical in spec.columns.lookup.items()
        if canonical in columns and spelling != head and spelling.startswith(head)
    }
    return found.pop() if len(found) == 1 else None


def _fits(column: Interval, amount: Interval) -> bool:
    return amount[0] - SLACK < column[1] and column[0] < amount[1] + SLACK


def _centre(place: Interval) -> float:
    return (place[0] + place[1]) / 2


def under(located: dict[int, Interval], amount: Interval) -> list[int]:
    """The located columns an amount stands under (no shift of its line assumed)."""
    return [j for j, place in located.items() if _fits(place, amount)]


def fits(
    located: dict[int, Interval], cand: Sequence[int | None], places: Sequence[Interval]
) -> bool | None:
    """Does a placement put each amount where it stands?  pdftotext may shift a whole line
    a few characters (a long name pushes it), so the amounts placed into located columns
    must stand off their header words by one common shift (within ``SPREAD``, at most
    ``MAX_SHIFT``); an amount placed into a column the header does not locate must stand
    under no located column.  None when no amount falls into a located column."""
    offsets: list[float] = []
    for j, at in enumerate(cand):
        if at is None:
            continue
        if j in located:
            offsets.append(_centre(places[at]) - _centre(located[j]))
        elif under(located, places[at]):
            return False
    if not offsets:
        return None
    shift = sum(offsets) / len(offsets)
    return max(offsets) - min(offsets) <= SPREAD and abs(shift) <= MAX_SHIFT


def reliable(
    located: dict[int, Interval],
    pools: Sequence[Sequence[Sequence[int | None]]],
    places: Sequence[Sequence[Interval]],
) -> bool:
    """Do the table's rows bear its header positions out?  Two columns located at least;
    no row the arithmetic decides (two amounts or more) puts an amount elsewhere than it
    stands; and nearly every row with amounts (``AGREEMENT``) has a placement the
    arithmetic allows that fits where its amounts stand."""
    if len(located) < 2:
        return False
    rows = [(pool, at) for pool, at in zip(pools, places, strict=True) if at and pool]
    if not rows:
        return False
    for pool, at in rows:
        if len(pool) == 1 and len(at) > 1 and fits(located, pool[0], at) is False:
            return False
    fitting = sum(1 for pool, at in rows if any(fits(located, c, at) for c in pool))
    return fitting >= AGREEMENT * len(rows)


__all__ = ["Grid", "fits", "header_columns", "reliable", "under", "words_at"]
