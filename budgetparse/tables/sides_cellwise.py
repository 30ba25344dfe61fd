"""A two-sided summary table (收入 | 支出) printed one cell per line (plain ``pdftotext``)
→ rows; an amount is given to a cell only where every assignment of the amounts that the
table's identities verify puts it there.

Such a table prints its labels and amounts in reading order, the two sides interleaved,
an empty cell printing nothing::

    一、一般公共预算财政拨款收入 | 决算数 | 812.40 | 一、一般公共服务支出 | 二、… | …
    七、附属单位上缴收入 | 七、文化旅游体育与传媒支出 | 3.10 | 八、其他收入 | … | 本年收入合计

The labels are the kind's rows (``rows`` of the kind in grammar/templates/
final-columns.toml): per side the numbered items (一、…), the side's total (本年收入合计 =
Σ items), the rows between it and the grand total (使用非财政拨款结余, 年初结转和结余) and
the grand total (总计 = 本年收入合计 + those rows); the two grand totals are equal.  A
label goes to its side by those data, an item by its name (收入 or 支出, evidence.py); the
总计 both sides print goes to the income side first (a line is read left to right).  A
numbered item printed again is a part of the side's row between (the 财政拨款 summary
details 年初财政拨款结转和结余 by fund under it: Σ parts = that row).  A numbered label
that names no side yet (七、文化旅游体育与传媒支) is joined with the lines under it until it
does; the pieces of a header word wrapped over lines (一般公共预算 / 财 / 政拨款) are that
word; a note under the table is passed over.  Any other text: not read.

A side may print several columns (the 财政拨款 summary's expense side: 合计 = 一般公共预算 +
政府性基金 + 国有资本经营, the kind's ``identities``).  Each column of a side is a *lane*:
its amounts are printed top to bottom, one a row, and it verifies its own chain of
identities; across lanes, the side's row identity is checked on its closing rows (total,
row between, grand total; which item row an amount takes is not followed, so not on the
items: fewer identities leave more assignments, never a wrong decision).  A column other
tables show zero (``zero``: a fund whose own table is declared empty, evidence.py) is no
lane: it prints nothing.  Without that, the fund columns are interchangeable parts of
合计 and nothing of them, nor 合计's grand total, is decided.

Where an amount belongs is not printed: it stands near its row, not always after its
label (3.10 above is 八、其他收入's, printed before it), and not always on its side's
turn.  So the only facts used are that each lane's amounts are printed top to bottom,
one a row, and that the identities hold.  The search gives every amount, in print order,
a lane and a role (item, the side's total, a row between, a part of it, the grand total)
in that lane's row order, and checks each identity as its total is placed.

Cells are decided where every verified assignment agrees:

- k amounts among a side's n item rows fill them when k = n and leave them empty when
  k = 0; for 0 < k < n an empty item is interchangeable with any other under every
  identity, so no arithmetic tells which rows hold the amounts.  The same for the rows
  between a total and the grand total, and for the parts of such a row.
- The two sides obey identities of the same shape: when the figures allow, an
  assignment that swaps them (the income items on the expense side and back) verifies as
  well, and then nothing of what they swap is decided.  Only where one side has more
  figures than the other has rows are the sides told apart by the arithmetic.
- A row that gets a zero (or nothing) in every verified assignment is zero, whichever
  printed 0.00 is its own: it is kept zero without a cell.
- One figure printed in several cells: one row in several columns (本年支出合计 under
  合计 and under 一般公共预算), the same closing row of both sides (本年收入合计 |
  本年支出合计, the two 总计), or every closing row of both sides (a department without
  carry-over whose one income is all it spends).  When every verified assignment fills
  each of those cells with one of that figure's printed copies, and no other cell can
  take one (as many cells as copies), each cell has that figure for certain; the copies
  are given in reading order (line by line, a side's closing rows level with the other
  side's; left to right, the sides then the columns), as a label's side is.

Undecided cells are kept with their amount undecided (``Row.undecided`` names their
columns; unknown to every check) and a ``table.ambiguous_row`` diagnostic; a source whose
row is undecided is not taken for empty (evidence.py).

A blank form (the template, no amounts at all) is its labels: each a row, every cell
empty.

Why this is sound: an amount is given to a cell only when every assignment of all the
amounts that satisfies the table's identities gives it that cell's figure.  When none
verifies, when even the grand totals are not decided, or past
:data:`~budgetparse.tables.sides_search.MAX_AMOUNTS` amounts or the work budget, nothing
is read and the caller reports ``table.layout_unreadable``.

Cost: the search (sides_search.py) walks the states the lanes pass through (each lane's
phase, open sums and counts), each once (memoised: the interchangeable zeros do not
multiply the work); it drops a state whose open sum exceeds every amount still to come,
or whose lanes need more closing totals than the amounts to come can give, and stops
past a budget linear in the table's size (:data:`~budgetparse.tables.cell_lines.
WORK_PER_CELL` per amount and row, at least :data:`~budgetparse.tables.sides_search.
MIN_SIDES_WORK`).  The rest is linear in the lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from ..layout import LogicalLine
from ..mapped import MappedText, cover
from ..patterns import TABLE_META, TABLE_NOTE
from .cell_lines import CellToken, cell_tokens, is_decimal_amount
from .cells import NIL, NUMBER, Amounts
from .columns import KindSpec, Vocabulary, norm
from .evidence import (
    NUMBERED_ITEM,
    is_expense_item,
    is_income_item,
    item_name,
    item_number,
    without_remark,
)
from .rows import Cell, Diagnostic, Row, TableContent
from .sides_search import (
    EMPTY,
    GRAND,
    ITEM,
    MAX_AMOUNTS,
    MIDDLE,
    SUB,
    TOTAL,
    UNDECIDED,
    Limits,
    Search,
    resolve,
)

SIDES = ("income", "expense")
ITEMS = "*items"


@attrs.frozen
class _Shape:
    """A side's closing rows (normalised labels) from the kind's data."""

    total: str
    middles: tuple[str, ...]
    grand: str


@attrs.define
class _Side:
    """A side's labels in row order (items by their numbers, the rows between a total and
    the grand total in the kind's order, the numbered rows printed under the last of
    those — its parts — by their numbers)."""

    items: list[CellToken] = attrs.Factory(list)
    total: CellToken | None = None
    middles: list[CellToken] = attrs.Factory(list)
    subs: list[CellToken] = attrs.Factory(list)
    grand: CellToken | None = None

    def roles(self) -> list[tuple[str, int]]:
        """Each label's role and its rank among that role's rows (as :meth:`labels`)."""
        return [
            *((ITEM, n) for n in range(len(self.items))),
            (TOTAL, 0),
            *((MIDDLE, n) for n in range(len(self.middles))),
            *((SUB, n) for n in range(len(self.subs))),
            (GRAND, 0),
        ]

    def limits(self) -> Limits:
        """How many items, rows between and parts the side prints (sides_search.py)."""
        return len(self.items), len(self.middles), len(self.subs)

    def labels(self) -> list[CellToken]:
        """Every label in the order the search places the side's amounts."""
        assert self.total is not None and self.grand is not None
        return [*self.items, self.total, *self.middles, *self.subs, self.grand]


def shapes(spec: KindSpec) -> dict[str, _Shape] | None:
    """Per side: the total of the numbered items and the grand total over it and the
    rows between (``rows`` in the kind's data); None for kinds of another shape."""
    out: dict[str, _Shape] = {}
    for side in SIDES:
        if not getattr(spec, side).order:
            return None
        identities = spec.side_rows.get(side, ())
        totals = [total for total, parts in identities if parts == (ITEMS,)]
        if len(totals) != 1:
            return None
        grands = [(g, parts) for g, parts in identities if parts and parts[0] == totals[0]]
        if len(grands) != 1:
            return None
        out[side] = _Shape(totals[0], grands[0][1][1:], grands[0][0])
    return out


def label_key(text: str) -> str:
    """A printed label as the kind's data name it: numbering and a trailing aside off."""
    return without_remark(item_name(text))


@attrs.frozen
class _Lane:
    """One value column of one side: its amounts are printed top to bottom, one a row."""

    side: int
    column: str


class SidesCellwiseReader:
    """Reads one two-sided summary table printed a cell per line; ``read`` gives None when
    nothing can be placed for certain."""

    def __init__(
        self,
        spec: KindSpec,
        vocab: Vocabulary,
        shape: dict[str, _Shape],
        zero: frozenset[str] = frozenset(),
    ) -> None:
        self.spec = spec
        self.vocab = vocab
        self.shape = shape
        self.amounts = Amounts(vocab.nil)
        v = vocab
        self.header = frozenset(
            v.name | v.groups | v.code | set(spec.income.lookup) | set(spec.expense.lookup)
        )
        # the columns read: a column another table shows zero prints nothing (evidence.py)
        self.lanes = [
            _Lane(s, column)
            for s, side in enumerate(SIDES)
            for column in getattr(spec, side).order
            if column not in zero or column == getattr(spec, side).order[0]
        ]

    # -- labels ----------------------------------------------------------------------------

    def sides(self, tokens: list[CellToken]) -> tuple[dict[str, _Side], list[CellToken]] | None:
        """Each side's rows in row order, and the amounts in print order; None when a
        line is neither a label, an amount nor a header word, or a label is missing or
        repeated.  The labels' print order is not their rows' (pdftotext may print
        结余分配 before 本年支出合计): items are ordered by their numbers, the rows between
        a total and the grand total by the kind's data.  A numbered item printed again
        (the 财政拨款 summary details 年初财政拨款结转和结余 by fund under it, with the
        items' names) is a part of the side's last row between its total and grand total."""
        found: dict[str, dict[str, list[CellToken]]] = {side: {} for side in SIDES}
        items: dict[str, dict[int, CellToken]] = {side: {} for side in SIDES}
        subs: dict[str, dict[int, CellToken]] = {side: {} for side in SIDES}
        amounts: list[CellToken] = []
        for token in self.joined(tokens):
            if token is None:
                return None
            if is_decimal_amount(token.text) or token.text in self.vocab.nil:
                amounts.append(token)
                continue
            key = label_key(token.text)
            labelled = False
            for side in SIDES:
                shape = self.shape[side]
                if key in (shape.total, shape.grand, *shape.middles):
                    if key == shape.grand and found[side].get(key):
                        continue  # the other side's (总计 printed on both, income first)
                    found[side].setdefault(key, []).append(token)
                    labelled = True
                    break
            if labelled:
                continue
            item = self.item(token.text)
            if item is not None:
                side, number = item
                into = subs[side] if number in items[side] else items[side]
                if number in into:
                    return None
                into[number] = token
            elif norm(token.text) not in self.header and not TABLE_META.match(token.text):
                return None
        rows: dict[str, _Side] = {}
        for side in SIDES:
            shape, labels = self.shape[side], found[side]
            if any(len(t) != 1 for t in labels.values()):
                return None
            if shape.total not in labels or shape.grand not in labels:
                return None
            middles = [labels[m][0] for m in shape.middles if m in labels]
            if subs[side] and len(middles) != 1:
                return None  # parts of which row: only one row between to detail
            rows[side] = _Side(
                items=[items[side][n] for n in sorted(items[side])],
                total=labels[shape.total][0],
                middles=middles,
                subs=[subs[side][n] for n in sorted(subs[side])],
                grand=labels[shape.grand][0],
            )
        return rows, amounts

    def joined(self, tokens: list[CellToken]) -> list[CellToken | None]:
        """The lines as cells: a numbered label that names no side yet (七、文化旅游体育与传媒支)
        joined with the lines under it until it does; the pieces of a header word
        wrapped over lines (一般公共预算 / 财 / 政拨款) taken together as that word; a note
        under the table dropped.  None stands for a line that is none of these."""
        out: list[CellToken | None] = []
        pending: CellToken | None = None  # a numbered label waiting for its end
        piece = ""  # a header word's lines so far
        for token in tokens:
            text = token.text
            if pending is not None and not is_decimal_amount(text) and self.item(text) is None:
                cell = MappedText.join([pending.cell.strip(), token.cell.strip()])
                merged = CellToken(pending.text + text, cell, pending.block)
                if self.item(merged.text) is not None:
                    out.append(merged)
                    pending = None
                elif len(merged.text) > 40:
                    return [None]
                else:
                    pending = merged
                continue
            if pending is not None:
                out.append(None)  # a numbered line that never named a side
                pending = None
            if is_decimal_amount(text) or text in self.vocab.nil or self.is_label(text):
                if piece and norm(piece) not in self.header:
                    out.append(None)
                piece = ""
                out.append(token)
                continue
            if NUMBERED_ITEM.match(text):
                if piece and norm(piece) not in self.header:
                    out.append(None)
                piece = ""
                pending = token
                continue
            if TABLE_NOTE.match(text) or TABLE_META.match(text):
                continue  # a note under the table (注：本表反映…), 单位：万元
            for word in (piece + text, text if norm(piece) in self.header else None):
                if word is not None and self.starts_header(word):
                    piece = "" if norm(word) in self.header and not self.longer(word) else word
                    break
            else:
                out.append(None)
                piece = ""
        if pending is not None or (piece and norm(piece) not in self.header):
            out.append(None)
        return out

    def starts_header(self, word: str) -> bool:
        """Whether ``word`` is a header word or the first lines of one."""
        w = norm(word)
        return bool(w) and (w in self.header or any(h.startswith(w) for h in self.header))

    def longer(self, word: str) -> bool:
        """Whether a longer header word starts with ``word`` (its next line may go on)."""
        w = norm(word)
        return any(h != w and h.startswith(w) for h in self.header)

    def is_label(self, text: str) -> bool:
        """A row label of either side (total, grand total, row between, numbered item)."""
        key = label_key(text)
        if any(key in (s.total, s.grand, *s.middles) for s in self.shape.values()):
            return True
        return self.item(text) is not None

    def item(self, text: str) -> tuple[str, int] | None:
        """(side, number) of a numbered item: 八、其他收入 → ("income", 8)."""
        number = item_number(text)
        if number is None:
            return None
        if is_income_item(text):
            return "income", number
        if is_expense_item(text):
            return "expense", number
        return None

    # -- the search ------------------------------------------------------------------------

    def read(self, lines: Sequence[LogicalLine]) -> TableContent | None:
        found = self.sides(cell_tokens(lines))
        if found is None:
            return None
        rows, amounts = found
        if not amounts:  # a blank form: its labels are its rows, every cell empty
            return self.build(
                rows, [], [[EMPTY] * len(rows[SIDES[lane.side]].labels()) for lane in self.lanes]
            )
        values: list[Decimal] = []
        for token in amounts:
            kind, value = self.amounts.read(token.text)
            if kind not in (NUMBER, NIL) or (value is not None and value < 0):
                return None
            values.append(value or Decimal(0))  # a nil mark prints an empty row
        sums = self.lane_identities()
        limits = [rows[SIDES[lane.side]].limits() for lane in self.lanes]
        search = Search(limits, [lane.side for lane in self.lanes], sums, values)
        if not search.run():
            return None
        held = [search.decided(k) for k in range(len(self.lanes))]
        roles = {
            (k, r): (lane.side, *role)
            for k, lane in enumerate(self.lanes)
            for r, role in enumerate(rows[SIDES[lane.side]].roles())
        }
        decided = resolve(held, values, roles)
        firsts = [self.lanes.index(next(x for x in self.lanes if x.side == s)) for s in (0, 1)]
        if any(decided[k][-1] < 0 for k in firsts):
            return None  # not even the grand totals placed for certain
        return self.build(rows, amounts, decided)

    def lane_identities(self) -> list[tuple[int, tuple[int, ...]]]:
        """The kind's row identities between the columns of one side (合计 = the three
        funds), as lane indices."""
        at = {(SIDES[lane.side], lane.column): k for k, lane in enumerate(self.lanes)}
        out: list[tuple[int, tuple[int, ...]]] = []
        for left, right in self.spec.identities:
            for side in SIDES:
                if (side, left) in at and all((side, c) in at for c in right):
                    out.append((at[(side, left)], tuple(at[(side, c)] for c in right)))
        return out

    # -- rows ------------------------------------------------------------------------------

    def build(
        self, rows: dict[str, _Side], amounts: list[CellToken], decided: list[list[int]]
    ) -> TableContent:
        out: list[Row] = []
        undecided: list[CellToken] = []
        for s, side in enumerate(SIDES):
            labels = rows[side].labels()
            lanes = [(k, lane.column) for k, lane in enumerate(self.lanes) if lane.side == s]
            for r, label in enumerate(labels):
                cells: dict[str, Cell] = {}
                marks = [label.cell.span()]
                open_columns: list[str] = []
                for k, column in lanes:
                    slot = decided[k][r]
                    if slot >= 0:
                        token = amounts[slot]
                        value = self.amounts.read(token.text)[1]
                        cells[column] = Cell(text=token.text, value=value, span=token.cell.span())
                        marks.append(token.cell.span())
                    elif slot == UNDECIDED:
                        open_columns.append(column)
                if open_columns:
                    undecided.append(label)
                name = label.cell.text.strip()
                out.append(
                    Row(
                        code=None,
                        name=name,
                        project=None,
                        group=side,
                        total=norm(name) in self.vocab.totals,
                        values={
                            c: cells[c].value if c in cells else None
                            for c in getattr(self.spec, side).order
                        },
                        cells=cells,
                        span=cover(marks) or (0, 0),
                        undecided=tuple(open_columns),
                    )
                )
        out.sort(key=lambda row: row.span[0])
        diagnostics: list[Diagnostic] = []
        if undecided:
            diagnostics.append(
                (
                    "table.ambiguous_row",
                    f"{len(undecided)} rows of a summary printed one cell per line could hold "
                    "one of its amounts or none (an empty row is interchangeable with another "
                    "under every identity of the table): their amounts are left undecided",
                    undecided[0].cell.span(),
                )
            )
        columns = tuple(dict.fromkeys(self.spec.income.order + self.spec.expense.order))
        return TableContent(columns=columns, rows=tuple(out), diagnostics=tuple(diagnostics))


def read_sides_cellwise(
    spec: KindSpec,
    vocab: Vocabulary,
    lines: Sequence[LogicalLine],
    zero: frozenset[str] = frozenset(),
) -> TableContent | None:
    """The rows of a two-sided summary printed one cell per line, or None when not even
    its grand totals are placed for certain (see the module docstring); ``zero``: the
    columns other tables show zero (not a side's first)."""
    shape = shapes(spec)
    if shape is None:
        return None
    return SidesCellwiseReader(spec, vocab, shape, zero).read(lines)


__all__ = ["MAX_AMOUNTS", "read_sides_cellwise"]
