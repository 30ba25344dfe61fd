"""A table of one uncoded row (the “三公” 经费 table: 预算数 and 决算数 of each item)
printed one cell per line (plain ``pdftotext``) → that row, each cell settled only where
the table's own identities leave it one value.

Without ``-layout`` pdftotext prints the header words, then the row's amounts one per
line in the order they stand on the row, the empty cells left out::

    合计 | 因公出国（境）费 | … | 预算数 | 0.95 | 决算数 | … | 预算数 | 0.95 | 决算数

Which columns the amounts stand in is lost (the header words are printed in no order
that can be relied on).  The reader tries every way of putting the amounts, in their
printed order, into the kind's printed column order (``columns.toml``'s ``default`` or
the template variant's), each amount into a column of its own and the other columns
empty, and keeps the placements that satisfy every row identity of the kind (合计 =
Σ items, 公务用车购置及运行费 = 购置费 + 运行费, for 预算数 and 决算数 alike, within the
rounding of the printed numbers).  A cell every kept placement fills with the same
amount, or leaves empty in all, is the row's; the others are undecided (``Row.undecided``,
``table.ambiguous_row``).

Why this is sound: pdftotext prints a row's cells left to right, so the printed order of
the amounts is the columns' order; every arrangement of them consistent with the table's
arithmetic is kept, and only what all of them share is stated.  When twelve amounts fill
the twelve columns one arrangement is left and every cell is settled; two equal amounts
(a 合计 and the one item it is) fit 预算数 or 决算数 and either item, and only the columns
no arrangement fills are settled, as empty.  When no placement satisfies the identities
the table is not read (the caller reports ``table.layout_unreadable``).

Cost: C(columns, amounts) placements, each checked against the identities; tables with
more placements than :data:`MAX_PLACEMENTS` are not read, so the work is bounded.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from decimal import Decimal

import attrs

from ..layout import LogicalLine
from ..mapped import cover
from ..numbers import adds_up
from .cell_lines import CellToken, cell_tokens, is_decimal_amount
from .cells import NUMBER, Amounts
from .columns import KindSpec, Vocabulary, identities_for
from .rows import Cell, Diagnostic, TableContent, row_of_cells

# the most placements tried (C(12, 6) = 924, the widest “三公” table's worst case)
MAX_PLACEMENTS = 5_000


def read_one_row(
    spec: KindSpec, vocab: Vocabulary, lines: Sequence[LogicalLine], columns: tuple[str, ...]
) -> TableContent | None:
    """The one row of a table of kind ``spec`` (``one_row`` in columns.toml) printed one
    cell per line, or None when no placement of its amounts satisfies the kind's
    identities (see the module docstring)."""
    tokens = cell_tokens(lines)
    if any(not is_decimal_amount(t.text) and any(c.isdigit() for c in t.text) for t in tokens):
        return None  # a code or another figure: not the one row of amounts this reads
    amounts = [t for t in tokens if is_decimal_amount(t.text)]
    identities = identities_for(spec, columns)
    n, k = len(columns), len(amounts)
    if not amounts or not identities or k > n or math.comb(n, k) > MAX_PLACEMENTS:
        return None
    reader = Amounts(vocab.nil)
    values: list[Decimal] = []
    for token in amounts:
        kind, value = reader.read(token.text)
        if kind != NUMBER or value is None:
            return None
        values.append(value)
    kept = [
        places
        for places in itertools.combinations(range(n), k)
        if _verified(dict(zip((columns[p] for p in places), values, strict=True)), identities)
    ]
    if not kept:
        return None
    return _content(columns, amounts, values, kept)


def _verified(filled: dict[str, Decimal], identities: list[tuple[str, tuple[str, ...]]]) -> bool:
    """Every identity holds (an empty cell counts zero)."""
    return all(
        adds_up(filled.get(total), [filled.get(p) for p in parts]) for total, parts in identities
    )


def _content(
    columns: tuple[str, ...],
    amounts: list[CellToken],
    values: list[Decimal],
    kept: list[tuple[int, ...]],
) -> TableContent:
    """The row the kept placements agree on: a column every placement fills with the same
    printed amount, or none fills, is settled; any other is undecided."""
    at: list[dict[int, int]] = [{p: i for i, p in enumerate(places)} for places in kept]
    cells: dict[str, Cell] = {}
    undecided: list[str] = []
    for c, column in enumerate(columns):
        choices = {placement.get(c) for placement in at}
        if len(choices) > 1:
            undecided.append(column)
            continue
        (i,) = choices
        if i is not None:
            token = amounts[i]
            cells[column] = Cell(token.cell.text, values[i], token.cell.span())
    span = cover([t.cell.span() for t in amounts]) or (0, 0)
    row = row_of_cells(None, None, None, False, columns, cells, span)
    diagnostics: tuple[Diagnostic, ...] = ()
    if undecided:
        row = attrs.evolve(row, undecided=tuple(undecided))
        diagnostics = (
            (
                "table.ambiguous_row",
                f"a one-row table printed one cell per line: its {len(amounts)} amounts fit "
                f"{len(kept)} arrangements its identities verify; {len(undecided)} columns "
                "left undecided",
                span,
            ),
        )
    return TableContent(columns=columns, rows=(row,), diagnostics=diagnostics)


__all__ = ["MAX_PLACEMENTS", "read_one_row"]
