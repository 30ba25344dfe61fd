"""Tab-separated table rows → typed rows under canonical columns.

The rows of a table arrive as logical lines with their cells (see ``layout.split_cells``).
The reader finds where the header ends (the first row with a classification code, an
amount, or a totals label followed only by amounts), resolves the header (``header.py``),
then reads each body row from the left: code cells, the name (which may carry the code in
front of it), for ``general_project`` the 项目名称, then the amounts in the order of the
header's value columns.  Rows are read by their content, not by cell position, because the
layout pass trims a row's leading and trailing empty cells and documents print the code
in one, two or three cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import regex

from ..layout import LogicalLine, is_column_index
from ..mapped import MappedText, cover
from ..numbers import rounding_of, within_rounding
from .cells import (
    BAD,
    EMPTY,
    NUMBER,
    Amounts,
    code_part,
    code_prefix,
    compact,
    elided,
    report_elided,
    row_cells,
)
from .columns import KindSpec, Vocabulary, identities_for, norm
from .evidence import is_expense_item
from .header import VALUE, Column, Header, resolve_header
from .rows import Cell, Diagnostic, Row, Span, TableContent

_WS = " \t\u3000\u00a0\ufeff"
_LEADING_CODE = regex.compile(r"^[1-9]\d{2}+(?:\d{2}+){0,2}+(?!\d)")


# The most rows a header spans (printed headers have one to four).
MAX_HEADER_ROWS = 8


class TableReader:
    """Reads the row lines of one table of a known kind."""

    def __init__(self, spec: KindSpec, vocab: Vocabulary) -> None:
        self.spec = spec
        self.vocab = vocab
        self.diagnostics: list[Diagnostic] = []
        self.last_code: list[str] = []  # code parts of the last coded row (merged cells)
        self.amounts = Amounts(vocab.nil)  # amounts repeat within a table: read each once

    def diag(self, code: str, message: str, span: Span | None) -> None:
        self.diagnostics.append((code, message, span))

    # -- the table ---------------------------------------------------------------------------

    def read(self, lines: Sequence[LogicalLine]) -> TableContent:
        rows: list[tuple[LogicalLine, list[MappedText]]] = []
        run = False  # the line before was ellipses
        for line in lines:
            cells = row_cells(line)
            texts = [compact(c.text) for c in cells]
            if not any(texts):
                continue
            if is_column_index(" ".join(t for t in texts if t)):
                continue  # "栏次 1 2 3": page furniture inside the table
            if elided(cells):  # "…\t…": rows a blank form leaves out, no row of its own
                report_elided(self.diagnostics, line.span, run)
                run = True
                continue
            run = False
            rows.append((line, cells))
        body_at = next((i for i, (_, cells) in enumerate(rows) if self.is_body(cells)), len(rows))
        # a header is a few rows: a table of text alone is read as a body under its first
        # rows (a header of thousands of rows cost its square and more)
        body_at = min(body_at, MAX_HEADER_ROWS)
        header = resolve_header(self.spec, self.vocab, [cells for _, cells in rows[:body_at]])
        self.diagnostics.extend(header.diagnostics)
        header = self.fallback(header, rows[body_at:])
        header_words = self.header_words(rows[:body_at])
        out: list[Row] = []
        for line, cells in rows[body_at:]:
            if self.is_repeated_header(cells, header_words):
                self.diag(
                    "table.repeated_header",
                    "header row repeated inside the table body (page break); skipped",
                    line.span,
                )
                continue
            if self.spec.sides:
                out.extend(self.sides_row(line, cells, header))
            else:
                row = self.row(line, cells, header)
                if row is not None:
                    out.append(row)
        if self.spec.sides:
            columns = tuple(dict.fromkeys(header.values("income") + header.values("expense")))
        else:
            columns = header.values()
        return TableContent(columns=columns, rows=tuple(out), diagnostics=tuple(self.diagnostics))

    def fallback(self, header: Header, body: list[tuple[LogicalLine, list[MappedText]]]) -> Header:
        """No value column in the header: assume the kind's canonical columns, in order."""
        sides = ("income", "expense") if self.spec.sides else (None,)
        missing = [s for s in sides if not header.values(s)]
        if not missing or not body:
            return header
        extra = []
        for side in missing:
            names = {"income": self.spec.income.order, "expense": self.spec.expense.order}.get(
                side or "", self.spec.default
            )
            extra += [Column(name, VALUE, side, True, None) for name in names]
        span = body[0][0].span
        self.diag(
            "table.no_header",
            "no value columns found in the header; assuming the template's columns in order",
            span,
        )
        return Header(columns=header.columns + tuple(extra), diagnostics=header.diagnostics)

    # -- classification of rows ---------------------------------------------------------------

    def is_total(self, text: str) -> bool:
        return norm(text) in self.vocab.totals

    def starts_with_code(self, text: str) -> bool:
        """Does the cell begin with a classification code ("201", "30101", "201一般…")?"""
        return bool(_LEADING_CODE.match(compact(text)))

    def is_body(self, cells: list[MappedText]) -> bool:
        texts = [c.text for c in cells if compact(c.text)]
        if any(self.amounts.is_amount(t) for t in texts):
            return True
        if self.spec.codes != "none" and self.starts_with_code(texts[0]):
            return True
        return self.is_total(texts[0]) and all(
            self.amounts.is_amount(t) or t.strip(_WS) in self.vocab.nil for t in texts[1:]
        )

    def header_words(self, rows: list[tuple[LogicalLine, list[MappedText]]]) -> set[str]:
        words = {norm(c.text) for _, cells in rows for c in cells}
        v = self.vocab
        words |= v.code | v.name | v.project | v.groups
        for colset in (self.spec.columns, self.spec.income, self.spec.expense):
            words |= set(colset.lookup)
        words.discard("")
        return words

    def is_repeated_header(self, cells: list[MappedText], words: set[str]) -> bool:
        texts = [norm(c.text) for c in cells if compact(c.text)]
        # the word test first: it is cheap and fails for nearly every body row
        return len(texts) >= 2 and all(t in words for t in texts) and not self.is_body(cells)

    # -- amounts -------------------------------------------------------------------------------

    def values(
        self, cells: list[MappedText], columns: tuple[str, ...]
    ) -> tuple[dict[str, Decimal | None], dict[str, Cell]]:
        """Amount cells mapped onto ``columns`` in order."""
        cells = list(cells)
        while len(cells) > len(columns) and cells and not compact(cells[0].text):
            cells.pop(0)  # an empty key cell left of the amounts (a totals label's neighbour)
        values: dict[str, Decimal | None] = dict.fromkeys(columns)
        printed: dict[str, Cell] = {}
        for column, cell in zip(columns, cells, strict=False):
            kind, value = self.amounts.read(cell.text)
            if kind == EMPTY:
                continue
            text = cell.text.strip(_WS)
            printed[column] = Cell(text=text, value=value, span=cell.span())
            values[column] = value
            if kind == BAD:
                self.diag(
                    "table.bad_cell",
                    f"{text!r} under {column!r} is not an amount",
                    cell.span(),
                )
        extra = [c for c in cells[len(columns) :] if compact(c.text)]
        if len(extra) == 1 and self.shifted_into_last(extra[0], columns, values, printed):
            extra = []
        if extra:
            self.diag(
                "table.extra_cells",
                f"{len(extra)} cell(s) beyond the header's {len(columns)} value columns: "
                + ", ".join(repr(c.text) for c in extra),
                cover([c.span() for c in extra]),
            )
        return values, printed

    def shifted_into_last(
        self,
        cell: MappedText,
        columns: tuple[str, ...],
        values: dict[str, Decimal | None],
        printed: dict[str, Cell],
    ) -> bool:
        """An amount printed one cell right of the last column, which is empty in this
        row: it is that column's when a row identity (columns.toml) fails without it and
        holds with it.  The placement is reported, not silent."""
        kind, value = self.amounts.read(cell.text)
        if kind != NUMBER or value is None or not columns or values[columns[-1]] is not None:
            return False
        last = columns[-1]
        identities = [i for i in identities_for(self.spec, columns) if last in (i[0], *i[1])]
        if not identities:
            return False
        trial = {**values, last: value}
        if not all(_sums(trial, i) for i in identities) or all(
            _sums(values, i) for i in identities
        ):
            return False
        text = cell.text.strip(_WS)
        values[last] = value
        printed[last] = Cell(text=text, value=value, span=cell.span())
        self.diag(
            "table.shifted_cell",
            f"{text!r} printed one cell right of the last column {last!r}, which is empty "
            f"in this row; placed under {last!r}, where the row identity holds",
            cell.span(),
        )
        return True

    # -- rows with codes or names -----------------------------------------------------------------

    def row(self, line: LogicalLine, cells: list[MappedText], header: Header) -> Row | None:
        columns = header.values()
        i = next((k for k, c in enumerate(cells) if compact(c.text)), None)
        if i is None:
            return None
        first = cells[i]
        if self.is_total(first.text):
            values, printed = self.values(cells[i + 1 :], columns)
            return Row(
                code=None,
                name=compact(first.text),
                project=None,
                group=None,
                total=True,
                values=values,
                cells=printed,
                span=line.span,
            )
        spec = self.spec
        parts = self.inherited_code(cells, i)
        j = i
        while j < len(cells) and spec.max_code_parts:
            text = cells[j].text
            if not compact(text):
                if not parts:
                    break
                j += 1
                continue
            new = code_part(text, parts, spec.max_code_parts)
            if new is None:
                break
            parts += new
            j += 1
        while j < len(cells) and not compact(cells[j].text):
            j += 1
        name: str | None = None
        if j < len(cells) and not self.amounts.is_amount(cells[j].text):
            name = cells[j].text.strip(_WS)
            split = code_prefix(name, parts, spec.max_code_parts, spec.class_pattern)
            if split is not None:
                parts += split[0]
                name = split[1] or None
            j += 1
        elif parts:
            self.diag("table.no_name", f"row {''.join(parts)} prints no name", line.span)
        project: str | None = None
        if (
            spec.project
            and name is not None
            and j < len(cells)
            and not self.amounts.is_amount(cells[j].text)
        ):
            project = cells[j].text.strip(_WS) or None
            j += 1
        values, printed = self.values(cells[j:], columns)
        if not parts and name is None and not printed:
            return None
        if parts:
            self.last_code = parts
        return Row(
            code="".join(parts) or None,
            name=name,
            project=project,
            group=None,
            total=False,
            values=values,
            cells=printed,
            span=line.span,
        )

    def inherited_code(self, cells: list[MappedText], i: int) -> list[str]:
        """The higher code levels of a row whose 类 (and 款) cells were merged vertically with
        the rows above and so print empty: ``| 03 | | 名称`` under ``201`` is ``20103``.

        The code columns come first in the row, one level per cell, so a 2-digit code in the
        cell of level ``i`` takes levels ``0 … i-1`` from the last coded row."""
        if not 0 < i < self.spec.max_code_parts or len(self.last_code) < i:
            return []
        t = compact(cells[i].text)
        if len(t) != 2 or not t.isdigit():
            return []
        return self.last_code[:i]

    # -- summary tables: an income item and an expense class on each printed line ------------

    def is_expense_label(self, text: str) -> bool:
        if norm(text) in self.vocab.expense_totals or is_expense_item(text):
            return True
        t = text.strip(_WS)
        return len(compact(t)) > 3 and code_prefix(t, (), 1, self.spec.class_pattern) is not None

    def is_expense_code(self, cells: list[MappedText], k: int) -> bool:
        """A 类 code alone in a cell, its name in the next cell ("201" | "一般公共服务支出")."""
        t = compact(cells[k].text)
        if len(t) != 3 or not t.isdigit() or k + 1 >= len(cells):
            return False
        if self.spec.class_pattern is not None and not self.spec.class_pattern.match(t):
            return False
        name = compact(cells[k + 1].text)
        return bool(name) and not name[0].isdigit() and not self.is_total(name)

    def is_side_code(self, cells: list[MappedText]) -> bool:
        """An economic code alone in the first cell, its name in the next ("30101" | "基本工资")."""
        t = compact(cells[0].text)
        if len(cells) < 2 or len(t) not in (3, 5) or not t.isdigit():
            return False
        name = compact(cells[1].text)
        return bool(name) and not self.amounts.is_amount(name)

    def sides_row(self, line: LogicalLine, cells: list[MappedText], header: Header) -> list[Row]:
        at = next(
            (
                k
                for k, c in enumerate(cells)
                if (
                    self.spec.opens_expense(compact(c.text))
                    if self.spec.expense_class is not None
                    else self.is_expense_label(c.text) or self.is_expense_code(cells, k)
                )
                or norm(c.text) in self.vocab.expense_totals
                # "总计 | 1,300.00 | 总计 | 1,300.00": a totals label after an amount
                or (
                    self.is_total(c.text) and any(self.amounts.is_amount(d.text) for d in cells[:k])
                )
            ),
            len(cells),
        )
        out = []
        income = self.side_row("income", cells[:at], header.values("income"))
        if income is not None:
            out.append(income)
        expense = self.side_row("expense", cells[at:], header.values("expense"))
        if expense is not None:
            out.append(expense)
        return out

    def side_row(self, side: str, cells: list[MappedText], columns: tuple[str, ...]) -> Row | None:
        cells = list(cells)
        while cells and not compact(cells[0].text):
            cells.pop(0)
        if not cells:
            return None
        span = cover([c.span() for c in cells if compact(c.text)]) or (0, 0)
        label: MappedText | None = None
        code = name = None
        if side == "expense" and self.is_expense_code(cells, 0):
            code = compact(cells.pop(0).text)
            label = cells.pop(0)
        elif self.spec.expense_class is not None and self.is_side_code(cells):
            code = compact(cells.pop(0).text)  # side by side economic classes (人员/公用经费)
            label = cells.pop(0)
        elif not self.amounts.is_amount(cells[0].text):
            label = cells.pop(0)
        total = False
        if label is not None:
            name = label.text.strip(_WS)
            total = self.is_total(name)
            if total:
                name = compact(name)
            elif side == "expense" and code is None:
                split = code_prefix(name, (), 1, self.spec.class_pattern)
                if split is not None:
                    code, name = "".join(split[0]), split[1] or None
        values, printed = self.values(cells, columns)
        return Row(
            code=code,
            name=name,
            project=None,
            group=side,
            total=total,
            values=values,
            cells=printed,
            span=span,
        )


def _sums(values: dict[str, Decimal | None], identity: tuple[str, tuple[str, ...]]) -> bool:
    """total = Σ parts within the rounding of the printed numbers (empty counts as zero)."""
    total, parts = identity
    numbers = [values[total], *(values[p] for p in parts)]
    slack = sum((rounding_of(v) for v in numbers if v is not None), Decimal(0))
    lhs = numbers[0] or Decimal(0)
    rhs = sum((v for v in numbers[1:] if v is not None), Decimal(0))
    return within_rounding(lhs - rhs, slack)
