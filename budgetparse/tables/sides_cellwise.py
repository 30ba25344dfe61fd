"""A two-sided summary table (收入 | 支出, one amount column a side) printed one cell per
line (plain ``pdftotext``) → rows; an amount is given to a row only where every
assignment of the amounts that the table's identities verify puts it there.

Such a table prints its labels and amounts in reading order, the two sides interleaved,
an empty cell printing nothing::

    一、一般公共预算财政拨款收入 | 决算数 | 812.40 | 一、一般公共服务支出 | 二、… | …
    七、附属单位上缴收入 | 七、文化旅游体育与传媒支出 | 3.10 | 八、其他收入 | … | 本年收入合计

The labels are the kind's rows (``rows`` of the kind in grammar/templates/
final-columns.toml): per side the numbered items (一、…), the side's total (本年收入合计 =
Σ items), the rows between it and the grand total (使用非财政拨款结余, 年初结转和结余) and
the grand total (总计 = 本年收入合计 + those rows); the two grand totals are equal.  A
label goes to its side by those data, an item by its name (收入 or 支出, evidence.py); the
总计 both sides print goes to the income side first (a line is read left to right).  Any
other text but header words: not read.

Where an amount belongs is not printed: it stands near its row, not always after its
label (3.10 above is 八、其他收入's, printed before it), and not always on its side's
turn.  So the only facts used are that each side's amounts are printed top to bottom,
one a row, and that the identities hold.  The search gives every amount, in print order,
a side and a role (item, the side's total, a row between, the grand total) in each
side's row order, and checks each identity as its total is placed.

Rows are decided where every verified assignment agrees:

- k amounts among a side's n item rows fill them when k = n and leave them empty when
  k = 0; for 0 < k < n an empty item is interchangeable with any other under every
  identity, so no arithmetic tells which rows hold the amounts.  The same for the rows
  between a total and the grand total.
- The two sides obey identities of the same shape: when the figures allow, an
  assignment that swaps them (the income items on the expense side and back) verifies as
  well, and then nothing of what they swap is decided.  Only where one side has more
  figures than the other has rows are the sides told apart by the arithmetic.
- A row that gets a zero (or nothing) in every verified assignment is zero, whichever
  printed 0.00 is its own: it is kept zero without a cell.
- The two equal grand totals: when each printed cell fits either side, the first printed
  is the income side's, as its label is.

Undecided rows are kept with their amount undecided (``Row.undecided``, unknown to every
check) and a ``table.ambiguous_row`` diagnostic; a source whose row is undecided is not
taken for empty (evidence.py).

Why this is sound: an amount is given to a row only when every assignment of all the
amounts that satisfies every identity of the table gives it that row.  When none
verifies, when even the grand totals are not decided, or past :data:`MAX_AMOUNTS`
amounts or the work budget, nothing is read and the caller reports
``table.layout_unreadable``.

Cost: the search walks the states the two sides pass through (each side's phase, open
sum and counts), each once (memoised: the interchangeable zeros do not multiply the
work); it drops a state whose open sum exceeds every amount still to come, and stops
past a budget linear in the table's size (:data:`~budgetparse.tables.cell_lines.
WORK_PER_CELL` per amount and row, at least :data:`MIN_SIDES_WORK`).  The rest is linear
in the lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs
import regex

from ..layout import LogicalLine
from ..mapped import cover
from ..numbers import rounding_of, within_rounding
from ..patterns import cn_number
from .cell_lines import WORK_PER_CELL, CellToken, cell_tokens, is_decimal_amount
from .cells import NIL, NUMBER, Amounts
from .columns import KindSpec, Vocabulary, norm
from .evidence import is_expense_item, is_income_item, item_name
from .rows import Cell, Diagnostic, Row, TableContent

SIDES = ("income", "expense")
ITEMS = "*items"
# the least work the search may do (a summary of the template's fifty rows needs a few
# hundred states; a table whose figures give many partial sums is given up quickly)
MIN_SIDES_WORK = 20_000
# the most amounts a summary is searched with (the search recurses once per amount; the
# template's summary has some fifty rows)
MAX_AMOUNTS = 400
# roles of a side's rows, in the order a side prints them
ITEM, TOTAL, MIDDLE, GRAND = "item", "total", "middle", "grand"
_PHASE = {ITEM: 0, TOTAL: 1, MIDDLE: 2, GRAND: 3}

_NUMBERED = regex.compile(r"^([一二三四五六七八九十]++)、")
# a note in brackets after a label: 使用非财政拨款结余（含专用结余）
_ASIDE = regex.compile(r"\([^()]*+\)$")
_UNDECIDED = -2  # a row no amount is given to for certain
_EMPTY = -1  # a row empty (or zero) in every verified assignment


@attrs.frozen
class _Shape:
    """A side's closing rows (normalised labels) from the kind's data."""

    total: str
    middles: tuple[str, ...]
    grand: str


@attrs.define
class _Side:
    """A side's labels in row order (items by their numbers, the rows between a total and
    the grand total in the kind's order)."""

    items: list[CellToken] = attrs.Factory(list)
    total: CellToken | None = None
    middles: list[CellToken] = attrs.Factory(list)
    grand: CellToken | None = None


def shapes(spec: KindSpec) -> dict[str, _Shape] | None:
    """Per side: the total of the numbered items and the grand total over it and the
    rows between (``rows`` in the kind's data); None for kinds of another shape."""
    if len(spec.income.order) != 1 or len(spec.expense.order) != 1:
        return None  # one amount column a side only
    out: dict[str, _Shape] = {}
    for side in SIDES:
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
    return _ASIDE.sub("", item_name(text))


class SidesCellwiseReader:
    """Reads one two-sided summary table printed a cell per line; ``read`` gives None when
    nothing can be placed for certain."""

    def __init__(self, spec: KindSpec, vocab: Vocabulary, shape: dict[str, _Shape]) -> None:
        self.spec = spec
        self.vocab = vocab
        self.shape = shape
        self.amounts = Amounts(vocab.nil)
        v = vocab
        self.header = frozenset(
            v.name | v.groups | v.code | set(spec.income.lookup) | set(spec.expense.lookup)
        )

    # -- labels ----------------------------------------------------------------------------

    def sides(self, tokens: list[CellToken]) -> tuple[dict[str, _Side], list[CellToken]] | None:
        """Each side's rows in row order, and the amounts in print order; None when a
        line is neither a label, an amount nor a header word, or a label is missing or
        repeated.  The labels' print order is not their rows' (pdftotext may print
        结余分配 before 本年支出合计): items are ordered by their numbers, the rows between
        a total and the grand total by the kind's data."""
        found: dict[str, dict[str, list[CellToken]]] = {side: {} for side in SIDES}
        items: dict[str, list[tuple[int, CellToken]]] = {side: [] for side in SIDES}
        amounts: list[CellToken] = []
        for token in tokens:
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
                items[side].append((number, token))
            elif norm(token.text) not in self.header and not token.text.startswith("单位"):
                return None
        rows: dict[str, _Side] = {}
        for side in SIDES:
            shape, labels = self.shape[side], found[side]
            numbers = [n for n, _ in items[side]]
            if len(set(numbers)) != len(numbers) or any(len(t) != 1 for t in labels.values()):
                return None
            if shape.total not in labels or shape.grand not in labels:
                return None
            rows[side] = _Side(
                items=[t for _, t in sorted(items[side], key=lambda item: item[0])],
                total=labels[shape.total][0],
                middles=[labels[m][0] for m in shape.middles if m in labels],
                grand=labels[shape.grand][0],
            )
        return rows, amounts

    def item(self, text: str) -> tuple[str, int] | None:
        """(side, number) of a numbered item: 八、其他收入 → ("income", 8)."""
        m = _NUMBERED.match(text)
        number = cn_number(m.group(1)) if m else None
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
        values: list[Decimal] = []
        for token in amounts:
            kind, value = self.amounts.read(token.text)
            if kind not in (NUMBER, NIL) or (value is not None and value < 0):
                return None
            values.append(value or Decimal(0))  # a nil mark prints an empty row
        search = _Search(rows, values)
        if not search.run():
            return None
        decided = {side: search.decided(s, rows[side]) for s, side in enumerate(SIDES)}
        if any(decided[side][-1] < 0 for side in SIDES):
            return None  # not even the grand totals placed for certain
        return self.build(rows, amounts, decided)

    # -- rows ------------------------------------------------------------------------------

    def build(
        self, rows: dict[str, _Side], amounts: list[CellToken], decided: dict[str, list[int]]
    ) -> TableContent:
        out: list[Row] = []
        undecided: list[CellToken] = []
        for side in SIDES:
            r = rows[side]
            labels = [*r.items, r.total, *r.middles, r.grand]
            column = getattr(self.spec, side).order[0]
            for label, slot in zip(labels, decided[side], strict=True):
                assert label is not None
                cells: dict[str, Cell] = {}
                marks = [label.cell.span()]
                if slot >= 0:
                    token = amounts[slot]
                    value = self.amounts.read(token.text)[1]
                    cells[column] = Cell(text=token.text, value=value, span=token.cell.span())
                    marks.append(token.cell.span())
                elif slot == _UNDECIDED:
                    undecided.append(label)
                name = label.cell.text.strip()
                out.append(
                    Row(
                        code=None,
                        name=name,
                        project=None,
                        group=side,
                        total=norm(name) in self.vocab.totals,
                        values={column: cells[column].value if cells else None},
                        cells=cells,
                        span=cover(marks) or (0, 0),
                        undecided=(column,) if slot == _UNDECIDED else (),
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


# a side while the search places amounts: (its phase, the open sum, the sum's slack, the
# items placed, the rows between placed)
_State = tuple[int, Decimal, Decimal, int, int]
_START: _State = (_PHASE[ITEM], Decimal(0), Decimal(0), 0, 0)


class _OverBudget(Exception):
    pass


class _Search:
    """Every assignment of the amounts to (side, role) that the identities verify, as a
    graph of the states the two sides pass through: which states can still end verified
    is found once per state (memoised), so zeros, interchangeable between rows, do not
    multiply the work; then what each row can hold on a verified assignment is read
    from the edges of that graph."""

    def __init__(self, rows: dict[str, _Side], values: list[Decimal]) -> None:
        self.values = values
        self.roundings = [rounding_of(v) for v in values]
        self.limits = [(len(rows[side].items), len(rows[side].middles)) for side in SIDES]
        n = len(values)
        # the largest amount still to come (and its rounding): an open sum beyond it can
        # never be closed
        self.ceiling = [Decimal(0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            self.ceiling[i] = max(self.ceiling[i + 1], values[i] + self.roundings[i])
        slots = sum(len(r.items) + len(r.middles) + 2 for r in rows.values())
        self.budget = max(MIN_SIDES_WORK, WORK_PER_CELL * (n + slots))
        self.work = 0
        self.memo: dict[tuple[int, _State, _State], bool] = {}
        # per side: what each role's rows can hold (amount indices), by the count placed
        # before; and the counts of items and of rows between a verified assignment ends with
        self.items: list[dict[int, set[int]]] = [{}, {}]
        self.middles: list[dict[int, set[int]]] = [{}, {}]
        self.totals: list[set[int]] = [set(), set()]
        self.grands: list[set[int]] = [set(), set()]
        self.item_counts: list[set[int]] = [set(), set()]
        self.middle_counts: list[set[int]] = [set(), set()]

    def run(self) -> bool:
        """Search; False when nothing verifies or the work budget is spent."""
        n = len(self.values)
        if n > min(MAX_AMOUNTS, sum(sum(limit) + 2 for limit in self.limits)):
            return False  # more amounts than rows (or than any summary prints)
        try:
            if not self.feasible(0, _START, _START):
                return False
            self.collect()
        except _OverBudget:
            return False
        return True

    def moves(self, i: int, pair: tuple[_State, _State]) -> list[tuple[int, str, _State]]:
        """The (side, role, state after) amount ``i`` can take."""
        v, r = self.values[i], self.roundings[i]
        out: list[tuple[int, str, _State]] = []
        for s in (0, 1):
            phase, total, slack, items, middles = pair[s]
            closes = within_rounding(v - total, slack + r)
            steps: list[tuple[str, _State]] = []
            if phase == _PHASE[ITEM]:
                if items < self.limits[s][0]:
                    steps.append((ITEM, (phase, total + v, slack + r, items + 1, middles)))
                if closes:
                    steps.append((TOTAL, (_PHASE[TOTAL], v, r, items, middles)))
            elif phase in (_PHASE[TOTAL], _PHASE[MIDDLE]):
                if middles < self.limits[s][1]:
                    steps.append(
                        (MIDDLE, (_PHASE[MIDDLE], total + v, slack + r, items, middles + 1))
                    )
                if closes:
                    steps.append((GRAND, (_PHASE[GRAND], v, r, items, middles)))
            for role, state in steps:
                if state[0] != _PHASE[GRAND] and state[1] - state[2] > self.ceiling[i + 1]:
                    continue  # no amount to come can close this sum
                out.append((s, role, state))
        return out

    def feasible(self, i: int, a: _State, b: _State) -> bool:
        """Can the amounts from ``i`` on be placed so that every identity holds?"""
        key = (i, a, b)
        known = self.memo.get(key)
        if known is not None:
            return known
        self.work += 1
        if self.work > self.budget:
            raise _OverBudget
        if i == len(self.values):
            ok = a[0] == b[0] == _PHASE[GRAND] and within_rounding(a[1] - b[1], a[2] + b[2])
        else:
            ok = False
            for s, _, state in self.moves(i, (a, b)):
                after = (state, b) if s == 0 else (a, state)
                if self.feasible(i + 1, *after):
                    ok = True  # (every move is still tried: its state is memoised)
        self.memo[key] = ok
        return ok

    def collect(self) -> None:
        """Walk the verified assignments' states once each, noting what each row holds."""
        seen: set[tuple[int, _State, _State]] = set()
        stack = [(0, _START, _START)]
        while stack:
            i, a, b = stack.pop()
            if (i, a, b) in seen or i == len(self.values):
                continue
            seen.add((i, a, b))
            for s, role, state in self.moves(i, (a, b)):
                after = (state, b) if s == 0 else (a, state)
                if not self.memo.get((i + 1, *after), False):
                    continue
                before = (a, b)[s]
                if role == ITEM:
                    self.items[s].setdefault(before[3], set()).add(i)
                elif role == TOTAL:
                    self.totals[s].add(i)
                    self.item_counts[s].add(before[3])
                elif role == MIDDLE:
                    self.middles[s].setdefault(before[4], set()).add(i)
                else:
                    self.grands[s].add(i)
                    self.middle_counts[s].add(before[4])
                stack.append((i + 1, *after))

    def decided(self, s: int, rows: _Side) -> list[int]:
        """Side ``s``'s rows in the order items, total, rows between, grand total: the
        index of its amount, :data:`_EMPTY` or :data:`_UNDECIDED`."""
        items = _slots(self.items[s], self.item_counts[s], len(rows.items))
        middles = _slots(self.middles[s], self.middle_counts[s], len(rows.middles))
        grands = self.grands[s]
        both = sorted(self.grands[0] | self.grands[1])
        either = self.grands[0] == self.grands[1] and len(both) == 2
        if either and self.values[both[0]] == self.values[both[1]]:
            # the two equal grand totals, each cell fitting either side: the first
            # printed is the income side's, as its label is (a line is read left to right)
            grands = {both[s]}
        slots = [*items, self.totals[s], *middles, grands]
        return [_agreement(slot, self.values) for slot in slots]


def _slots(held: dict[int, set[int]], counts: set[int], rows: int) -> list[set[int]]:
    """What each of ``rows`` rows can hold: the amounts placed on it when the verified
    assignments fill every row or none (``counts``: how many they fill); k of n rows
    filled (0 < k < n) leaves each row free to be any of them or empty (undecided)."""
    if not counts <= {0, rows}:
        return [{_UNDECIDED} for _ in range(rows)]
    out: list[set[int]] = []
    for k in range(rows):
        slot = set(held.get(k, set())) if rows in counts else set()
        if 0 in counts:
            slot.add(_EMPTY)
        out.append(slot)
    return out


def _agreement(slots: set[int], values: list[Decimal]) -> int:
    """What the verified arrangements give one row: the amount they all give it; else
    :data:`_EMPTY` when each gives it nothing or a zero (the zeros a table prints are
    interchangeable, and an empty row counts zero: the row is zero whichever printed
    0.00 is its own, so it keeps no cell); else :data:`_UNDECIDED`."""
    if len(slots) == 1:
        return next(iter(slots))
    if all(k == _EMPTY or (k >= 0 and not values[k]) for k in slots):
        return _EMPTY
    return _UNDECIDED


def read_sides_cellwise(
    spec: KindSpec, vocab: Vocabulary, lines: Sequence[LogicalLine]
) -> TableContent | None:
    """The rows of a two-sided summary printed one cell per line, or None when not even
    its grand totals are placed for certain (see the module docstring)."""
    shape = shapes(spec)
    if shape is None:
        return None
    return SidesCellwiseReader(spec, vocab, shape).read(lines)


__all__ = ["MAX_AMOUNTS", "read_sides_cellwise"]
