"""The typed content of one budget table: cells, rows and the table itself, and the
targets of a performance-target table (read by ``performance.py``).

Every amount is a :class:`~decimal.Decimal` built from the printed string (never a float),
and every cell and row carries a span ``[start, end)`` into the original decoded text.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import attrs

from ..interning import interned

Span = tuple[int, int]


def ascii_digits(text: str | None) -> str | None:
    """``text`` with every decimal digit of any script as its ASCII digit (a code printed
    in full-width or other digits is the same code)."""
    if text is None or text.isascii():
        return text
    return "".join(
        str(digit) if (digit := unicodedata.decimal(char, None)) is not None else char
        for char in text
    )
Diagnostic = tuple[str, str, Span | None]


@attrs.frozen
class Cell:
    """One printed amount cell."""

    text: str  # as printed, after the layout pass (e.g. "1,332.40", "726.81")
    value: Decimal | None  # None when the cell is not a number (nil marks "-" included)
    span: Span  # original offsets of the cell's text


@attrs.frozen
class Row:
    """One row of a table (a summary table gives one row per side of a printed line)."""

    # (both interned: every table of a document repeats the same codes and names; a code
    # in ASCII digits whatever digits it was printed in: ２０１ → 201)
    code: str | None = attrs.field(converter=lambda c: interned(ascii_digits(c)))
    name: str | None = attrs.field(converter=interned)  # "行政运行", "基本工资"; a total's label
    project: str | None  # general_project: 项目名称
    group: str | None  # summary / fiscal_summary: "income" or "expense"; else None
    total: bool  # a 合计 / 总计 / 收入总计 / 支出总计 row
    values: dict[str, Decimal | None]  # canonical column -> amount (None where empty)
    cells: dict[str, Cell]  # canonical column -> the printed cell (non-empty cells only)
    span: Span  # the whole row (for a summary side: that side's cells)
    # columns whose value is unknown (a space-aligned row the arithmetic could not place):
    # their None means "not decided", where elsewhere None means "printed empty"
    undecided: tuple[str, ...] = ()
    # a space-aligned row whose printed amounts no placement into its columns makes satisfy
    # the row identities: those amounts, left to right, in no column (table.row_inconsistent)
    unplaced: tuple[Cell, ...] = ()


def row_of_cells(
    code: str | None,
    name: str | None,
    group: str | None,
    total: bool,
    columns: tuple[str, ...],
    cells: dict[str, Cell],
    span: Span,
) -> Row:
    """A row whose values are its printed cells' (None under a column it leaves empty):
    the form of a row rebuilt from cells found apart (tables printed a cell per line)."""
    values = {c: cells[c].value if c in cells else None for c in columns}
    return Row(
        code=code,
        name=name,
        project=None,
        group=group,
        total=total,
        values=values,
        cells=cells,
        span=span,
    )


@attrs.frozen
class TableContent:
    """The rows of a table under canonical column names.

    ``columns`` lists the value columns (the keys of :attr:`Row.values`) in printed order;
    the key columns (code, name, 项目名称) are the row's ``code``, ``name`` and ``project``.
    A summary table's two sides share one list (each side's columns, duplicates once).
    """

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    diagnostics: tuple[Diagnostic, ...]


@attrs.frozen
class Indicator:
    level1: str | None
    level2: str | None
    name: str
    value_text: str
    operator: str | None
    value: Decimal | None
    unit: str | None
    span: Span


@attrs.frozen
class PerformanceTable:
    budget_unit: str | None
    project: str | None
    total: Decimal | None
    fiscal: Decimal | None
    other: Decimal | None
    goal: str | None
    indicators: tuple[Indicator, ...]
    diagnostics: tuple[Diagnostic, ...]
