"""The two-list 基本支出 table (人员经费 | 公用经费 side by side) whose codes, names and
amounts stand on lines of their own (pdftotext ``-layout`` of a tall-celled table) → rows,
accepted only when each list's arithmetic verifies them.

Such a table prints each row over two or three lines, both lists interleaved::

        900.00                                   30.10
    301    01                              302
                基本工资                              01   办公费

The reader puts every piece at its printed column (the line's indent is the distance from
the previous line's end, less the line break; pdftotext keeps each character's column),
sends it to the left list or the right one at the column where the right list's 类
codes stand, and reads each list on its own, top to bottom:

- a 类 code starts a row; a 2-digit code after it is its 款 (a name may stand between);
- text is the row's name (pieces of a name wrapped in its cell are joined); a totals
  label (人员经费合计) starts the totals row;
- an amount on the line of its row's code is that row's; an amount on a line without a
  code of its list is centred above the code line of its row, so it belongs to the next
  row of its list.

The rows are kept only when every amount found a row and each list's code tree holds: a
类 = the sum of its 款, the list's total = the sum of its 类 (within the rounding of the
printed numbers).  Why this is sound: a piece sent to the wrong list, or an amount given
to the row above instead of the one below, moves a figure across a 类 or from one list to
the other and breaks a sum; when a sum breaks, nothing is read and the caller keeps
reporting ``table.layout_unreadable``.  Cost: one pass over the lines and one over each
list's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs
import regex

from ..layout import LogicalLine
from ..mapped import MappedText, cover
from ..numbers import adds_up
from .cell_lines import is_decimal_amount
from .cells import NUMBER, Amounts, compact
from .columns import KindSpec, Vocabulary, norm
from .rows import Cell, Row, TableContent, row_of_cells

_PIECE = regex.compile(r"\S++(?: \S++)*+")  # text between runs of two spaces or more
_DIGITS = regex.compile(r"^\d++$")


@attrs.frozen
class _Piece:
    text: str  # compacted
    cell: MappedText
    x: int  # printed column
    line: int


@attrs.define
class _Row:
    code: list[str] = attrs.Factory(list)
    names: list[_Piece] = attrs.Factory(list)
    amount: _Piece | None = None
    total: bool = False
    line: int = -1  # the line of its code (or label)


class TwoListReader:
    def __init__(self, spec: KindSpec, vocab: Vocabulary) -> None:
        self.spec = spec
        self.vocab = vocab
        self.amounts = Amounts(vocab.nil)

    def pieces(self, lines: Sequence[LogicalLine]) -> list[_Piece]:
        out: list[_Piece] = []
        end: int | None = None
        for n, line in enumerate(lines):
            start, stop = line.span
            indent = 0 if end is None else max(start - end - 1, 0)
            end = stop
            text = line.text
            for m in _PIECE.finditer(text.text):
                piece = text.slice(m.start(), m.end())
                words = m.group().split(" ")
                if len(words) > 1 and all(_DIGITS.match(w) or is_decimal_amount(w) for w in words):
                    at = m.start()
                    for word in words:  # "301 01": codes a single space apart
                        out.append(_Piece(word, text.slice(at, at + len(word)), indent + at, n))
                        at += len(word) + 1
                    continue
                out.append(_Piece(compact(m.group()), piece, indent + m.start(), n))
        return out

    def is_class(self, text: str, right: bool) -> bool:
        if len(text) != 3 or not _DIGITS.match(text):
            return False
        if self.spec.class_pattern is not None and not self.spec.class_pattern.match(text):
            return False
        return self.spec.opens_expense(text) == right

    def is_header(self, text: str) -> bool:
        v = self.vocab
        return (
            v.is_levels(norm(text))
            or norm(text) in v.code | v.name | v.project | v.groups
            or self.spec.income.resolve(text) is not None
        )

    def read(self, lines: Sequence[LogicalLine]) -> TableContent | None:
        pieces = self.pieces(lines)
        splits = [p.x for p in pieces if self.is_class(p.text, True)]
        lefts = [p.x for p in pieces if self.is_class(p.text, False)]
        if not splits or not lefts or max(lefts) >= min(splits):
            return None
        split = min(splits) - 1  # the right list starts at its 类 codes' column
        sides = []
        for right in (False, True):
            side = [p for p in pieces if (p.x >= split) == right and not self.is_header(p.text)]
            rows = self.side(side, right)
            if rows is None or not self.verified(rows):
                return None
            sides.append((rows, "expense" if right else "income"))
        out = [self.build(row, group) for rows, group in sides for row in rows]
        out.sort(key=lambda r: r.span[0])
        columns = tuple(dict.fromkeys(self.spec.income.order + self.spec.expense.order))
        return TableContent(columns=columns, rows=tuple(out), diagnostics=())

    def side(self, pieces: list[_Piece], right: bool) -> list[_Row] | None:
        """The rows of one list (module docstring)."""
        code_lines = {p.line for p in pieces if self.is_class(p.text, right)}
        rows: list[_Row] = []
        pending: _Piece | None = None  # an amount waiting for the row below it
        for p in pieces:
            if self.is_class(p.text, right):
                rows.append(_Row(code=[p.text], line=p.line))
            elif norm(p.text) in self.vocab.totals:
                rows.append(_Row(names=[p], total=True, line=p.line))
            elif is_decimal_amount(p.text):
                if p.line in code_lines and rows and rows[-1].line == p.line:
                    if rows[-1].amount is not None:
                        return None
                    rows[-1].amount = p
                    continue
                if pending is not None:
                    return None  # two amounts for one row
                pending = p
                continue
            elif _DIGITS.match(p.text):
                # the 款 of the row (after a first piece of its name: 302 因公出国 / 12 / 用)
                if not rows or len(rows[-1].code) != 1 or len(p.text) != 2:
                    return None
                rows[-1].code.append(p.text)
                continue
            elif rows:
                rows[-1].names.append(p)
                continue
            else:
                return None  # text before the first row
            if pending is not None:
                rows[-1].amount = pending
                pending = None
        if pending is not None or not rows:
            return None
        return rows

    def verified(self, rows: list[_Row]) -> bool:
        """Each 类 = Σ its 款; the total = Σ the 类 (an empty amount counts zero)."""
        values = [self.value(r) for r in rows]
        codes = ["".join(r.code) for r in rows]
        if len(set(c for c in codes if c)) != len([c for c in codes if c]):
            return False
        totals = [i for i, r in enumerate(rows) if r.total]
        if len(totals) > 1:
            return False
        groups: dict[int, list[int]] = {}
        classes: dict[str, int] = {}  # 类 code -> its row (codes are unique)
        for i, code in enumerate(codes):
            if len(code) == 3:
                if totals:
                    groups.setdefault(totals[0], []).append(i)
                groups.setdefault(i, [])
                classes[code] = i
            elif len(code) == 5:
                parent = classes.get(code[:3])
                if parent is None:
                    return False
                groups[parent].append(i)
            elif not rows[i].total:
                return False
        sums = [(p, kids) for p, kids in groups.items() if kids]
        # a list with no sum to check (no 款, no total) verifies nothing: not read
        return bool(sums) and all(adds_up(values[p], [values[k] for k in kids]) for p, kids in sums)

    def value(self, row: _Row) -> Decimal | None:
        if row.amount is None:
            return None
        kind, value = self.amounts.read(row.amount.text)
        return value if kind == NUMBER else None

    def build(self, row: _Row, group: str) -> Row:
        column = (self.spec.expense if group == "expense" else self.spec.income).order[0]
        cells: dict[str, Cell] = {}
        marks = [p.cell.span() for p in row.names]
        if row.amount is not None:
            cells[column] = Cell(row.amount.text, self.value(row), row.amount.cell.span())
            marks.append(row.amount.cell.span())
        name = "".join(p.text for p in row.names) or None
        code = "".join(row.code) or None
        span = cover(marks) or (0, 0)
        return row_of_cells(code, name, group, row.total, (column,), cells, span)


def read_two_lists(
    spec: KindSpec, vocab: Vocabulary, lines: Sequence[LogicalLine]
) -> TableContent | None:
    """The rows of a two-list table whose cells stand on lines of their own, or None when
    they do not verify (see the module docstring)."""
    return TwoListReader(spec, vocab).read(lines)


__all__ = ["read_two_lists"]
