"""The search behind sides_cellwise.py: every assignment of a two-sided summary's printed
amounts, in print order, to a column of a side (a *lane*) and a role in it (item, the
side's total, a row between it and the grand total, a part of that row, the grand
total) that the table's identities verify, and what every such assignment gives each
cell (see sides_cellwise.py for what is decided and why that is sound).

Each lane's amounts are printed top to bottom, one a row; the search knows a lane by its
side and its limits (how many items, rows between and parts its side prints).  Cost: the
states the lanes pass through are each visited once (memoised), the search stops past a
budget linear in the table's size.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ..numbers import rounding_of, within_rounding
from .cell_lines import WORK_PER_CELL

# a lane's rows: (items, rows between, parts of the last row between)
Limits = tuple[int, int, int]
# the least work the search may do (a summary of the template's fifty rows needs a few
# hundred states; a table whose figures give many partial sums is given up quickly)
MIN_SIDES_WORK = 20_000
# the most amounts a summary is searched with (the search recurses once per amount; the
# template's summary has some fifty rows)
MAX_AMOUNTS = 400
# roles of a side's rows, in the order a side prints them
ITEM, TOTAL, MIDDLE, SUB, GRAND = "item", "total", "middle", "sub", "grand"
_PHASE = {ITEM: 0, TOTAL: 1, MIDDLE: 2, GRAND: 3}
Cell = tuple[int, int]  # (lane, row) of a cell
Role = tuple[int, str, int]  # (side, role, rank among the side's rows of that role)
UNDECIDED = -2  # a row no amount is given to for certain
EMPTY = -1  # a row empty (or zero) in every verified assignment


_ZERO = Decimal(0)


class _State(NamedTuple):
    """A column of a side while the search places amounts (hashable: memo keys)."""

    phase: int
    open: Decimal  # the open sum (after the grand total: the grand total)
    slack: Decimal  # its rounding
    items: int  # items placed
    middles: int  # rows between placed
    subs: int  # parts of the last row between placed
    part: Decimal  # their sum …
    part_slack: Decimal  # … and its rounding
    middle: Decimal  # the last row between's value …
    middle_slack: Decimal  # … and rounding
    total: Decimal  # the total's value …
    total_slack: Decimal  # … and rounding


_START = _State(_PHASE[ITEM], _ZERO, _ZERO, 0, 0, 0, _ZERO, _ZERO, _ZERO, _ZERO, _ZERO, _ZERO)


class _OverBudget(Exception):
    pass


class Search:
    """Every assignment of the amounts to (column of a side, role) that the identities
    verify, as a graph of the states the columns pass through: which states can still end
    verified is found once per state (memoised), so zeros, interchangeable between rows,
    do not multiply the work; then what each row can hold on a verified assignment is read
    from the edges of that graph.

    A column (a *lane*) verifies its own chain: Σ items = total, Σ parts = the row they
    detail, total + rows between = grand total.  Across lanes, at the end: the two sides'
    first columns have equal grand totals, and a row identity between a side's columns
    (合计 = the funds) holds on its total, its last row between and its grand total (an
    empty column counts zero).  Which item row an amount takes is not in the state, so
    the row identity is not checked on items: fewer identities leave more assignments,
    and a row is still decided only where they all agree.  A side's first column prints
    its totals; another column may print nothing (every row empty)."""

    def __init__(
        self,
        limits: list[Limits],
        sides: list[int],
        sums: list[tuple[int, tuple[int, ...]]],
        values: list[Decimal],
    ) -> None:
        self.values = values
        self.roundings = [rounding_of(v) for v in values]
        self.sums = sums
        self.limits = limits
        self.first = [k == 0 or sides[k - 1] != side for k, side in enumerate(sides)]
        self.grand_pair = [k for k in range(len(sides)) if self.first[k]]
        n = len(values)
        # the largest amount still to come (and its rounding): an open sum beyond it can
        # never be closed
        self.ceiling = [Decimal(0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            self.ceiling[i] = max(self.ceiling[i + 1], values[i] + self.roundings[i])
        # the largest amounts still to come, as many as the columns can still need (a
        # total and a grand total each)
        need = 2 * len(sides)
        self.largest: list[list[Decimal]] = [[] for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            merged = [*self.largest[i + 1], values[i] + self.roundings[i]]
            self.largest[i] = sorted(merged, reverse=True)[:need]
        slots = sum(sum(limit) + 2 for limit in limits)
        self.budget = max(MIN_SIDES_WORK, WORK_PER_CELL * (n + slots))
        self.work = 0
        self.memo: dict[tuple[int, tuple[_State, ...]], bool] = {}
        # per lane: what each role's rows can hold (amount indices), by the count placed
        # before; and the counts of items, rows between and parts a verified assignment
        # ends with
        k = len(sides)
        self.items: list[dict[int, set[int]]] = [{} for _ in range(k)]
        self.middles: list[dict[int, set[int]]] = [{} for _ in range(k)]
        self.subs: list[dict[int, set[int]]] = [{} for _ in range(k)]
        self.totals: list[set[int]] = [set() for _ in range(k)]
        self.grands: list[set[int]] = [set() for _ in range(k)]
        self.item_counts: list[set[int]] = [set() for _ in range(k)]
        self.middle_counts: list[set[int]] = [set() for _ in range(k)]
        self.sub_counts: list[set[int]] = [set() for _ in range(k)]

    def run(self) -> bool:
        """Search; False when nothing verifies or the work budget is spent."""
        n = len(self.values)
        if n > min(MAX_AMOUNTS, sum(sum(limit) + 2 for limit in self.limits)):
            return False  # more amounts than cells (or than any summary prints)
        start = tuple(_START for _ in self.first)
        try:
            if not self.feasible(0, start):
                return False
            self.collect()
        except _OverBudget:
            return False
        return True

    def moves(self, i: int, lanes: tuple[_State, ...]) -> list[tuple[int, str, _State]]:
        """The (lane, role, state after) amount ``i`` can take."""
        v, r = self.values[i], self.roundings[i]
        out: list[tuple[int, str, _State]] = []
        for k, st in enumerate(lanes):
            n_items, n_middles, n_subs = self.limits[k]
            closes = within_rounding(v - st.open, st.slack + r)
            steps: list[tuple[str, _State]] = []
            if st.phase == _PHASE[ITEM]:
                if st.items < n_items:
                    steps.append(
                        (
                            ITEM,
                            st._replace(open=st.open + v, slack=st.slack + r, items=st.items + 1),
                        )
                    )
                if closes:
                    after = st._replace(phase=_PHASE[TOTAL], open=v, slack=r)
                    steps.append((TOTAL, after._replace(total=v, total_slack=r)))
            elif st.phase in (_PHASE[TOTAL], _PHASE[MIDDLE]):
                if st.middles < n_middles:
                    after = st._replace(phase=_PHASE[MIDDLE], open=st.open + v)
                    after = after._replace(slack=st.slack + r, middles=st.middles + 1)
                    steps.append((MIDDLE, after._replace(middle=v, middle_slack=r)))
                if (
                    st.phase == _PHASE[MIDDLE]
                    and st.middles == n_middles
                    and st.subs < n_subs
                    and st.part + v - st.part_slack - r <= st.middle + st.middle_slack
                ):
                    after = st._replace(subs=st.subs + 1, part=st.part + v)
                    steps.append((SUB, after._replace(part_slack=st.part_slack + r)))
                parts_close = within_rounding(st.part - st.middle, st.part_slack + st.middle_slack)
                if closes and (not n_subs or parts_close):
                    steps.append((GRAND, st._replace(phase=_PHASE[GRAND], open=v, slack=r)))
            for role, after in steps:
                if after.phase != _PHASE[GRAND] and after.open - after.slack > self.ceiling[i + 1]:
                    continue  # no amount to come can close this sum
                out.append((k, role, after))
        return out

    def ends(self, lanes: tuple[_State, ...]) -> bool:
        """Whether a full assignment verifies: every column closed (or, but a side's first,
        empty), the two grand totals equal, the identities between columns hold."""
        for k, st in enumerate(lanes):
            if st.phase != _PHASE[GRAND] and (self.first[k] or st != _START):
                return False
        a, b = (lanes[k] for k in self.grand_pair)
        if not within_rounding(a.open - b.open, a.slack + b.slack):
            return False
        for left, right in self.sums:
            whole, parts = lanes[left], [lanes[k] for k in right]
            # the grand total, the total and the last row between
            for value, slack in (
                (lambda x: x.open, lambda x: x.slack),
                (lambda x: x.total, lambda x: x.total_slack),
                (lambda x: x.middle, lambda x: x.middle_slack),
            ):
                difference = value(whole) - sum((value(p) for p in parts), _ZERO)
                rounding = slack(whole) + sum((slack(p) for p in parts), _ZERO)
                if not within_rounding(difference, rounding):
                    return False
        return True

    def closable(self, i: int, lanes: tuple[_State, ...]) -> bool:
        """Whether the amounts from ``i`` on hold, for every column, the totals still to
        close its open sum: a total and a grand total at least the sum of the items placed
        (a side's first column, or one holding amounts), a grand total at least the open
        sum after the total; each amount closes one sum (the k-th largest need met by the
        k-th largest amount to come)."""
        needs: list[Decimal] = []
        for k, state in enumerate(lanes):
            floor = state.open - state.slack
            if state.phase == _PHASE[ITEM] and (self.first[k] or state != _START):
                needs += [floor, floor]
            elif state.phase in (_PHASE[TOTAL], _PHASE[MIDDLE]):
                needs.append(floor)
        largest = self.largest[i]
        if len(needs) > len(largest):
            return False
        needs.sort(reverse=True)
        return all(have >= want for have, want in zip(largest, needs, strict=False))

    def feasible(self, i: int, lanes: tuple[_State, ...]) -> bool:
        """Can the amounts from ``i`` on be placed so that every identity holds?"""
        key = (i, lanes)
        known = self.memo.get(key)
        if known is not None:
            return known
        self.work += 1
        if self.work > self.budget:
            raise _OverBudget
        if i == len(self.values):
            ok = self.ends(lanes)
        elif not self.closable(i, lanes):
            ok = False
        else:
            ok = False
            for k, _, state in self.moves(i, lanes):
                if self.feasible(i + 1, (*lanes[:k], state, *lanes[k + 1 :])):
                    ok = True  # (every move is still tried: its state is memoised)
        self.memo[key] = ok
        return ok

    def collect(self) -> None:
        """Walk the verified assignments' states once each, noting what each row holds."""
        seen: set[tuple[int, tuple[_State, ...]]] = set()
        stack = [(0, tuple(_START for _ in self.first))]
        while stack:
            i, lanes = stack.pop()
            if (i, lanes) in seen:
                continue
            seen.add((i, lanes))
            if i == len(self.values):
                for k, state in enumerate(lanes):
                    if state == _START:  # a column printing nothing: every row empty
                        self.item_counts[k].add(0)
                        self.middle_counts[k].add(0)
                        self.sub_counts[k].add(0)
                        self.totals[k].add(EMPTY)
                        self.grands[k].add(EMPTY)
                continue
            for k, role, state in self.moves(i, lanes):
                after = (*lanes[:k], state, *lanes[k + 1 :])
                if not self.memo.get((i + 1, after), False):
                    continue
                before = lanes[k]
                if role == ITEM:
                    self.items[k].setdefault(before.items, set()).add(i)
                elif role == TOTAL:
                    self.totals[k].add(i)
                    self.item_counts[k].add(before.items)
                elif role == MIDDLE:
                    self.middles[k].setdefault(before.middles, set()).add(i)
                elif role == SUB:
                    self.subs[k].setdefault(before.subs, set()).add(i)
                else:
                    self.grands[k].add(i)
                    self.middle_counts[k].add(before.middles)
                    self.sub_counts[k].add(before.subs)
                stack.append((i + 1, after))

    def decided(self, k: int) -> list[set[int]]:
        """What lane ``k``'s rows can hold, in the order items, total, rows between, parts,
        grand total: amount indices, :data:`EMPTY` or :data:`UNDECIDED`."""
        n_items, n_middles, n_subs = self.limits[k]
        items = _slots(self.items[k], self.item_counts[k], n_items)
        middles = _slots(self.middles[k], self.middle_counts[k], n_middles)
        subs = _slots(self.subs[k], self.sub_counts[k], n_subs)
        return [*items, self.totals[k], *middles, *subs, self.grands[k]]


def _slots(held: dict[int, set[int]], counts: set[int], rows: int) -> list[set[int]]:
    """What each of ``rows`` rows can hold: the amounts placed on it when the verified
    assignments fill every row or none (``counts``: how many they fill); k of n rows
    filled (0 < k < n) leaves each row free to be any of them or empty (undecided)."""
    if not counts <= {0, rows}:
        return [{UNDECIDED} for _ in range(rows)]
    out: list[set[int]] = []
    for k in range(rows):
        slot = set(held.get(k, set())) if rows in counts else set()
        if 0 in counts:
            slot.add(EMPTY)
        out.append(slot)
    return out


def resolve(
    slots: list[list[set[int]]], values: list[Decimal], roles: dict[Cell, Role]
) -> list[list[int]]:
    """Per lane, per row: the amount every verified assignment gives the cell (its index),
    :data:`EMPTY` or :data:`UNDECIDED` (:func:`_copies`, :func:`_agreement`)."""
    holders: dict[int, set[Cell]] = {}
    for k, lane in enumerate(slots):
        for r, slot in enumerate(lane):
            for t in slot:
                holders.setdefault(t, set()).add((k, r))
    shared: dict[Cell, int] = {}
    tried: set[Cell] = set()
    for k, lane in enumerate(slots):
        for r, slot in enumerate(lane):
            if (k, r) in tried or len(slot) < 2 or min(slot) < 0:
                continue
            group, tokens = _closure((k, r), slots, holders)
            tried |= group
            shared.update(_copies(group, tokens, slots, values, roles))
    return [
        [shared.get((k, r), _agreement(slot, values)) for r, slot in enumerate(lane)]
        for k, lane in enumerate(slots)
    ]


def _closure(
    cell: Cell, slots: list[list[set[int]]], holders: dict[int, set[Cell]]
) -> tuple[set[Cell], set[int]]:
    """The cells and printed amounts that share amounts with ``cell`` in the verified
    assignments, through one another: the cells any of them can hold, the amounts any of
    them can take, until no more come (each cell and amount is visited once)."""
    group, tokens = {cell}, set(slots[cell[0]][cell[1]])
    todo = list(tokens)
    while todo:
        t = todo.pop()
        for k, r in holders.get(t, ()) if t >= 0 else ():
            if (k, r) in group:
                continue
            group.add((k, r))
            fresh = slots[k][r] - tokens
            tokens |= fresh
            todo.extend(fresh)
    return group, tokens


# the order a side prints its rows' roles (items, total, rows between, parts, grand total)
_PRINTED = {ITEM: 0, TOTAL: 1, MIDDLE: 2, SUB: 3, GRAND: 4}


def _copies(
    group: set[Cell],
    tokens: set[int],
    slots: list[list[set[int]]],
    values: list[Decimal],
    roles: dict[Cell, Role],
) -> dict[Cell, int]:
    """The cells ``group`` when the verified assignments fill each of them, always, with
    one of the printed copies ``tokens`` of one figure and no other cell takes those
    copies (as many cells as copies): each cell has that figure for certain, only which
    copy is its own is not told.  One figure printed in several cells: one row's cells in
    several columns (本年支出合计 under 合计 and under 一般公共预算), the same closing row of
    both sides (本年收入合计 | 本年支出合计, the two 总计), or every closing row of both sides
    (a department without carry-over, whose items add up to the one income it has: its
    totals and grand totals print one figure).  The copies are given in reading order —
    line by line (a side's rows by their role and rank, its closing rows level with the
    other side's), left to right (the sides, then the columns) — and kept only where each
    cell may hold the copy it is given; else (and for a group of another shape) {}."""
    figures = {values[t] for t in tokens}
    if len(group) != len(tokens) or len(figures) != 1 or not next(iter(figures)):
        return {}  # (zeros: see _agreement)
    if min(tokens) < 0:
        return {}  # a cell that may be empty or undecided
    order = sorted(group, key=lambda c: (_PRINTED[roles[c][1]], roles[c][2], roles[c][0], c))
    given = dict(zip(order, sorted(tokens), strict=True))
    if any(t not in slots[k][r] for (k, r), t in given.items()):
        return {}
    return given


def _agreement(slots: set[int], values: list[Decimal]) -> int:
    """What the verified arrangements give one cell: the amount they all give it; else
    :data:`EMPTY` when each gives it nothing or a zero (the zeros a table prints are
    interchangeable, and an empty row counts zero: the row is zero whichever printed
    0.00 is its own, so it keeps no cell); else :data:`UNDECIDED`."""
    if len(slots) == 1:
        return next(iter(slots))
    if all(k == EMPTY or (k >= 0 and not values[k]) for k in slots):
        return EMPTY
    return UNDECIDED


__all__ = [
    "EMPTY",
    "GRAND",
    "ITEM",
    "MAX_AMOUNTS",
    "MIDDLE",
    "MIN_SIDES_WORK",
    "SUB",
    "TOTAL",
    "UNDECIDED",
    "Cell",
    "Limits",
    "Role",
    "Search",
    "resolve",
]
