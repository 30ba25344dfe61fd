"""The document as rules read it: tables by kind, rows by code, cells as quantities.

Built once per document so each rule is a few dictionary look-ups.

How a cell counts:

- a printed number: its rounding interval (``Interval.rounded`` at its printed decimals),
  and a second, *evident* interval at the precision the document shows elsewhere (see
  :func:`evident_decimals`);
- a cell printed empty or with a nil mark (``-``) on a fully read row: exactly 0 (budget
  tables print nothing for zero);
- a cell on a row the reader could not settle (a ``table.ambiguous_row``,
  ``table.arithmetic_mismatch`` or ``table.extra_cells`` diagnostic over the row, or a
  column in ``Row.undecided``), or a cell whose text is not a number: unknown.  A check
  that reads an unknown cell does not run; the engine says so once per table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cached_property

import attrs

from ..model import Diagnostic, Document, TableBlock
from ..tables import INFO_CODES
from ..tables.columns import kind_spec, vocabulary
from ..tables.rows import Row
from .findings import Figure, FigureKey
from .interval import ZERO, Interval, printed_decimals
from .quick import ZERO_QUICK, Quick, add, of_amount

# Reader diagnostics that leave a row's empty cells undecided.
UNSETTLED = frozenset({"table.ambiguous_row", "table.arithmetic_mismatch", "table.extra_cells"})
# Reader diagnostics that leave the rows around them as read (every other one marks the
# rows its span overlaps as misread).
INFO_DIAGNOSTICS = INFO_CODES

# The template prints amounts in 万元 (and 亿元) with two decimals.
TEMPLATE_DECIMALS = {"万元": 2, "亿元": 2, "元": 0}
DEFAULT_UNIT = "万元"
EXACT_ZERO = Interval.exact(ZERO)
UNREAD = object()  # a quick cell not read yet


@attrs.frozen
class Quantity:
    """A printed figure, or a sum of figures, with the values it can stand for.

    ``printed`` is None when some input is unknown."""

    label: str
    figures: tuple[Figure, ...]
    keys: tuple[FigureKey, ...]  # distinct (a tuple: a cell's one key is 48 bytes, not 216)
    printed: Interval | None
    evident: Interval | None
    text: str  # as printed ("691", "空") or the sum written out ("230 + 193 + …")

    @property
    def known(self) -> bool:
        return self.printed is not None and self.evident is not None

    @property
    def value(self) -> Decimal | None:
        """The printed value (sum of the printed values for a sum)."""
        if not self.known:
            return None
        return sum((f.value or ZERO for f in self.figures), ZERO)


def sum_of(label: str, parts: Sequence[Quantity]) -> Quantity:
    figures = tuple(f for p in parts for f in p.figures)
    keys = tuple(dict.fromkeys(k for p in parts for k in p.keys))
    text = " + ".join(p.text for p in parts) if parts else "0"
    if not all(p.known for p in parts):
        return Quantity(label, figures, keys, None, None, text)
    printed = [p.printed for p in parts]
    evident = [p.evident for p in parts]
    return Quantity(label, figures, keys, add_intervals(printed), add_intervals(evident), text)


def add_intervals(intervals: Iterable[Interval | None]) -> Interval:
    """The sum of known intervals (bounds added from 0, in order)."""
    lo = hi = ZERO
    lo_open = hi_open = False
    for i in intervals:
        assert i is not None
        lo += i.lo
        hi += i.hi
        lo_open = lo_open or i.lo_open
        hi_open = hi_open or i.hi_open
    return Interval(lo, hi, lo_open, hi_open)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a == b


class TableView:
    """One typed table, indexed for the rules."""

    def __init__(
        self,
        table: TableBlock,
        diagnostics: Sequence[Diagnostic],
        evident: int,
        intervals: dict[tuple[Decimal, int], Interval] | None = None,
        decimals: int | None = None,
        amounts: dict[tuple[str, int], Quick | None] | None = None,
    ):
        self.table = table
        self.index = table.index
        self.kind = table.kind
        self.rows: tuple[Row, ...] = table.rows
        self.evident = evident
        spans = [d.span for d in diagnostics if d.span and d.code in UNSETTLED]
        loose = [
            d.span
            for d in diagnostics
            if d.span and d.code.startswith("table.") and d.code not in INFO_DIAGNOSTICS
        ]
        self.unsettled = {
            i for i, r in enumerate(self.rows) if any(_overlaps(r.span, s) for s in spans)
        }
        self.misread = {
            i for i, r in enumerate(self.rows) if any(_overlaps(r.span, s) for s in loose)
        }
        self.spec = kind_spec(table.kind) if table.kind else None
        self._nil = vocabulary().nil
        self._cells: dict[tuple[int, str], Quantity] = {}
        self._codes: dict[tuple[int, str, str], Quantity] = {}
        self._intervals = intervals if intervals is not None else {}
        self._sides: dict[str | None, tuple[str, ...]] = {}
        # per-table results rules share (cross_rules.code_amount: each code is compared
        # by several links)
        self.memo: dict[tuple[str, ...], Quantity | None] = {}
        # quick cells (quick.py): integers in quanta of 10^-(decimals + 1), ``decimals``
        # the most any table of the document keeps (every printed number a whole number)
        self.decimals = max(evident, decimals if decimals is not None else evident)
        # one slot per cell, row-major (a list: 8 bytes a cell, not a dict entry and key)
        self._column_at = {column: c for c, column in enumerate(table.columns)}
        self._quick: list[Quick | object | None] = [UNREAD] * (
            len(self.rows) * len(self._column_at)
        )
        self._amounts = amounts if amounts is not None else {}
        self._quick_codes: dict[tuple[int, str, str], Quick | None] = {}
        self.quick_memo: dict[tuple[str, ...], object] = {}

    @cached_property
    def name(self) -> str:
        number = f"表{self.table.number}" if self.table.number is not None else "表"
        return f"{number}（{self.table.title}）" if self.table.title else number

    def side_columns(self, group: str | None) -> tuple[str, ...]:
        """The columns a row of this side carries (all columns outside summary tables)."""
        columns = self._sides.get(group)
        if columns is None:
            columns = self._sides[group] = self._side_columns(group)
        return columns

    def _side_columns(self, group: str | None) -> tuple[str, ...]:
        if self.spec is not None and self.spec.sides and group in ("income", "expense"):
            side = self.spec.income if group == "income" else self.spec.expense
            return tuple(c for c in self.table.columns if c in side.order)
        return self.table.columns

    def row_label(self, r: int) -> str:
        row = self.rows[r]
        if row.total:
            return row.name or "合计"
        if row.project:
            return f"{row.code or ''} {row.project}".strip()
        if row.code or row.name:
            return f"{row.code or ''} {row.name or ''}".strip()
        return f"第{r + 1}行"

    def cell(self, r: int, column: str) -> Quantity:
        """The cell as a quantity (cached: rules read the same cells many times)."""
        key = (r, column)
        cached = self._cells.get(key)
        if cached is None:
            cached = self._cells[key] = self._cell(r, column)
        return cached

    def _cell(self, r: int, column: str) -> Quantity:
        row = self.rows[r]
        label = f"{self.name} · {self.row_label(r)} · {column}"
        key = (self.index, r, column)
        value = row.values.get(column)
        cell = row.cells.get(column)
        if value is not None and cell is not None:
            d = printed_decimals(value)
            figure = Figure(label, cell.text, value, cell.span, self.index)
            printed = self._rounded(value, d)
            evident = printed if d >= self.evident else self._rounded(value, self.evident)
            return Quantity(label, (figure,), (key,), printed, evident, cell.text)
        undecided = column in getattr(row, "undecided", ()) or r in self.unsettled
        if undecided or (cell is not None and cell.text not in self._nil):
            figure = Figure(label, cell.text if cell else None, None, row.span, self.index)
            return Quantity(label, (figure,), (key,), None, None, "?")
        figure = Figure(label, cell.text if cell else None, ZERO, row.span, self.index)
        text = cell.text if cell else "空"
        return Quantity(label, (figure,), (key,), EXACT_ZERO, EXACT_ZERO, text)

    def release(self) -> None:
        """Forget the labelled cells and sums read so far (they are rebuilt on demand)."""
        self._cells.clear()
        self.memo.clear()

    def quick(self, r: int, column: str) -> Quick | None:
        """The cell as :func:`cell` reads it, as integers (quick.py); None when unknown or
        not a plain number (the rule then reads :func:`cell`)."""
        c = self._column_at.get(column)
        if c is None:  # not a column of the table: read, not kept
            return self._read_quick(r, column)
        at = r * len(self._column_at) + c
        out = self._quick[at]
        if out is UNREAD:
            out = self._quick[at] = self._read_quick(r, column)
        return out  # type: ignore[return-value]

    def _read_quick(self, r: int, column: str) -> Quick | None:
        row = self.rows[r]
        value = row.values.get(column)
        cell = row.cells.get(column)
        if value is not None and cell is not None:
            key = (str(value), self.evident)  # str: digits and exponent ("2.40" ≠ "2.4")
            try:  # the same amount is printed in several tables
                return self._amounts[key]
            except KeyError:
                pass
            out = self._amounts[key] = of_amount(value, self.evident, self.decimals)
            return out
        undecided = column in getattr(row, "undecided", ()) or r in self.unsettled
        if undecided or (cell is not None and cell.text not in self._nil):
            return None
        return ZERO_QUICK

    def quick_code(self, tree: CodeTree, code: str, column: str) -> Quick | None:
        """:func:`code_quantity` as integers (quick.py)."""
        if code in tree.plain:
            return self.quick(tree.plain[code], column)
        key = (id(tree), code, column)
        try:
            return self._quick_codes[key]
        except KeyError:
            pass
        out = self._quick_codes[key] = add(
            [self.quick(r, column) for r in tree.projects.get(code, [])]
        )
        return out

    def _rounded(self, value: Decimal, decimals: int) -> Interval:
        """``Interval.rounded``, one object per amount and precision of the document (the
        same amount is printed in several tables; intervals are immutable)."""
        key = (value, decimals)
        interval = self._intervals.get(key)
        if interval is None:
            interval = self._intervals[key] = Interval.rounded(value, decimals)
        return interval

    @cached_property
    def trees(self) -> list[CodeTree]:
        return [CodeTree.of(self.rows, rows) for _, rows in self.segments]

    def code_quantity(self, tree: CodeTree, code: str, column: str) -> Quantity:
        """The amount of a code: its row, else the sum of its project rows."""
        if code in tree.plain:
            return self.cell(tree.plain[code], column)
        key = (id(tree), code, column)
        if key not in self._codes:
            parts = [self.cell(r, column) for r in tree.projects.get(code, [])]
            self._codes[key] = sum_of(f"{self.name} · {code} 各项目 · {column}", parts)
        return self._codes[key]

    def column_has_amounts(self, column: str) -> bool:
        return any(row.values.get(column) for row in self.rows)

    def blank(self, r: int) -> bool:
        """Nothing printed on a settled row (every cell exactly 0)."""
        row = self.rows[r]
        return not row.cells and r not in self.unsettled and not getattr(row, "undecided", ())

    def has_values(self, r: int) -> bool:
        return any(v is not None for v in self.rows[r].values.values())

    @cached_property
    def segments(self) -> list[tuple[int | None, list[int]]]:
        """Coded rows grouped under the uncoded subtotal rows that head them (a table of
        several budget units prints each unit's rows under its name); one segment with no
        head when there are none.  Totals rows and summary income rows are left out."""
        out: list[tuple[int | None, list[int]]] = [(None, [])]
        for r, row in enumerate(self.rows):
            if row.total or row.group == "income":
                continue
            if row.code:
                out[-1][1].append(r)
            elif not row.project and (self.has_values(r) or r in self.unsettled):
                out.append((r, []))
        return [s for s in out if s[0] is not None or s[1]]

    def total_rows(self, group: str | None = None) -> list[int]:
        return list(self._totals.get(group, ()))

    @cached_property
    def _totals(self) -> dict[str | None, list[int]]:
        """Totals rows by side (None: all), found once: rules ask for them per record."""
        out: dict[str | None, list[int]] = {None: []}
        for r, row in enumerate(self.rows):
            if row.total:
                out[None].append(r)
                if row.group is not None:
                    out.setdefault(row.group, []).append(r)
        return out


@attrs.frozen
class CodeTree:
    """The coded rows of one segment: which rows print a code, and the code hierarchy.

    A code's parent is the longest shorter code of the segment that prefixes it (so a
    table that skips the 款 level still adds up); project rows (项目名称) sharing a code
    are that code's parts."""

    plain: dict[str, int]  # code → its row without a 项目名称 (the first one)
    projects: dict[str, list[int]]  # code → its project rows
    children: dict[str, list[str]]  # code → the codes directly under it
    top: list[str]  # codes with no parent in the segment
    parent: dict[str, str]  # code → the code directly above it
    codes: list[str] = attrs.field(factory=list)  # every code, in the order first printed

    @classmethod
    def of(cls, rows: Sequence[Row], indexes: Iterable[int]) -> CodeTree:
        plain: dict[str, int] = {}
        projects: dict[str, list[int]] = defaultdict(list)
        order: list[str] = []
        for r in indexes:
            code = rows[r].code
            if not code:
                continue
            if code not in plain and code not in projects:
                order.append(code)
            if rows[r].project:
                projects[code].append(r)
            else:
                plain.setdefault(code, r)
        present = set(order)
        children: dict[str, list[str]] = defaultdict(list)
        parents: dict[str, str] = {}
        top = []
        for code in order:
            parent = next(
                (code[:n] for n in range(len(code) - 1, 0, -1) if code[:n] in present), None
            )
            if parent is None:
                top.append(code)
            else:
                children[parent].append(code)
                parents[code] = parent
        codes = list(dict.fromkeys([*plain, *projects]))
        return cls(plain, dict(projects), dict(children), top, parents, codes)


def evident_decimals(tables: Iterable[TableBlock]) -> dict[int, int]:
    """Per table: the decimals the document's amounts are kept at.

    Documents often drop trailing zeros (``2.4`` in one table, ``2.40`` for the same
    amount in another; ``380`` for 380.00), so the most decimals any table of the same
    unit prints — and at least the template's two for 万元 — is the precision a shorter
    number was kept at.  A relation that holds only when a short number is read at its
    printed precision is a warning, not an error."""
    tables = list(tables)
    most: dict[str, int] = defaultdict(int)
    for t in tables:
        unit = t.unit or DEFAULT_UNIT
        for row in t.rows:
            for v in row.values.values():
                if v is not None:
                    most[unit] = max(most[unit], printed_decimals(v))
    return {
        t.index: max(most[t.unit or DEFAULT_UNIT], TEMPLATE_DECIMALS.get(t.unit or DEFAULT_UNIT, 0))
        for t in tables
    }


class Index:
    """All typed tables of a document, by index and by kind."""

    def __init__(self, document: Document):
        self.document = document
        typed = [t for t in document.tables if t.kind and kind_spec(t.kind) is not None]
        evident = evident_decimals(typed)
        by_table: dict[int, list[Diagnostic]] = defaultdict(list)
        for d in document.diagnostics:
            if d.span is None:
                continue
            for t in typed:
                if t.span[0] <= d.span[0] < t.span[1]:
                    by_table[t.index].append(d)
                    break
        intervals: dict[tuple[Decimal, int], Interval] = {}
        decimals = max(evident.values(), default=0)
        amounts: dict[tuple[str, int], Quick | None] = {}
        self.tables = [
            TableView(t, by_table[t.index], evident[t.index], intervals, decimals, amounts)
            for t in typed
        ]
        self.by_index = {view.index: view for view in self.tables}
        self.by_kind: dict[str, TableView] = {}
        for view in self.tables:
            self.by_kind.setdefault(view.kind or "", view)

    def release(self) -> None:
        """Forget every table's labelled cells: a rule stage's working set."""
        for view in self.tables:
            view.release()

    def kind(self, kind: str) -> TableView | None:
        return self.by_kind.get(kind)
