"""The quick path (integer intervals per cell, labels only for checks that fail) decides
exactly as the Decimal path: same findings, same counts, whatever the printed amounts."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetparse.pipeline import parse
from budgetparse.reconcile import cross_rules, quick, reconcile
from budgetparse.reconcile.engine import load_rules
from budgetparse.reconcile.index import add_intervals
from budgetparse.reconcile.interval import Interval, printed_decimals
from budgetparse.reconcile.quick import of_amount
from budgetparse.reconcile.registry import TABLE_STAGE, Context
from budgetparse.tables.rows import Cell

from .reconcile_docs import standard

STANDARD = parse(standard())
D = Decimal


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every quick test says "ask the Decimal path" (the reconciliation before the quick
    path existed)."""
    for name in ("equal", "equal_sum", "at_most"):
        monkeypatch.setattr(quick, name, lambda *a: False)
    monkeypatch.setattr(cross_rules, "_agree", lambda *a: False)


# -- the integers are the intervals -----------------------------------------------------------

_AMOUNT = st.builds(lambda n, d: D(n).scaleb(-d), st.integers(-(10**9), 10**9), st.integers(0, 3))


def _interval(value: Decimal, evident: int) -> tuple[Interval, Interval]:
    d = printed_decimals(value)
    printed = Interval.rounded(value, d)
    return printed, printed if d >= evident else Interval.rounded(value, evident)


@given(st.lists(_AMOUNT, min_size=1, max_size=5), _AMOUNT, st.integers(0, 3))
def test_quick_sum_is_the_interval_sum(parts: list[Decimal], found: Decimal, evident: int) -> None:
    decimals = 3
    q = [of_amount(p, evident, decimals) for p in parts]
    f = of_amount(found, evident, decimals)
    assert f is not None and all(x is not None for x in q)
    printed = add_intervals(_interval(p, evident)[0] for p in parts)
    shown = add_intervals(_interval(p, evident)[1] for p in parts)
    fp, fe = _interval(found, evident)
    sign = (found > 0 and printed.hi < 0) or (found < 0 and printed.lo > 0)
    holds = not sign and fp.intersects(printed) and fe.intersects(shown)
    assert quick.equal_sum(f, q) == holds
    whole = of_amount(parts[0], evident, decimals)
    wp, we = _interval(parts[0], evident)
    assert quick.at_most(f, whole) == (fp.allows_at_most(wp) and fe.allows_at_most(we))


def test_amounts_past_the_quanta_take_the_decimal_path() -> None:
    assert of_amount(D("1.2345"), 2, 3) is None  # finer than the quanta
    assert of_amount(D("1E+30"), 2, 3) is None
    assert of_amount(D("NaN"), 2, 3) is None
    assert of_amount(D("2.40"), 2, 2) != of_amount(D("2.4"), 2, 2)  # evident differs
    assert of_amount(D("2.40"), 2, 2)[1:4] == of_amount(D("2.4"), 2, 2)[4:]  # type: ignore[index]


# -- whole documents: quick and Decimal paths agree ----------------------------------------

_NEW = st.one_of(
    st.sampled_from(["±cent", "±half", "short", "sign"]),  # near the printed amount
    _AMOUNT.map(str),
    st.sampled_from(["", "-", "另行下达"]),  # empty, nil mark, not a number
)


def _printed(old: Decimal, new: str) -> str:
    """The new text of a cell: ``new``, or a change of the amount printed there."""
    if new == "±cent":
        return str(old + D("0.01"))
    if new == "±half":
        return str((old - D("0.005")).normalize())
    if new == "short":
        return str(old.quantize(D(1)))
    if new == "sign":
        return str(-old)
    return new


def _edit(document: object, edits: list[tuple[int, int, int, str]]) -> object:
    tables = list(document.tables)  # type: ignore[attr-defined]
    for t, r, c, new in edits:
        table = tables[t % len(tables)]
        if not table.rows or not table.columns:
            continue
        rows = list(table.rows)
        row = rows[r % len(rows)]
        column = table.columns[c % len(table.columns)]
        values, cells = dict(row.values), dict(row.cells)
        old = values.get(column) or D("0.00")
        text = _printed(old, new)
        cell = cells.get(column)
        span = cell.span if cell is not None else row.span
        if text == "":
            cells.pop(column, None)
            values[column] = None
        else:
            value = D(text) if text not in ("-", "另行下达") else None
            cells[column] = Cell(text, value, span)
            values[column] = value
        rows[r % len(rows)] = attrs.evolve(row, values=values, cells=cells)
        tables[t % len(tables)] = attrs.evolve(table, rows=tuple(rows))
    return attrs.evolve(document, tables=tuple(tables))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 40), st.integers(0, 10), _NEW),
        min_size=1,
        max_size=4,
    )
)
def test_quick_and_decimal_paths_agree(edits: list[tuple[int, int, int, str]]) -> None:
    document = _edit(STANDARD, edits)
    fast = reconcile(document)  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as patch:
        _slow(patch)
        slow = reconcile(document)  # type: ignore[arg-type]
    assert fast == slow


def test_the_edits_reach_every_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property above sees failures, warnings and unknown cells, not only passes."""
    wrong = reconcile(_edit(STANDARD, [(5, 1, 1, "±cent")]))  # type: ignore[arg-type]
    assert wrong.findings
    unknown = reconcile(_edit(STANDARD, [(5, 1, 1, "另行下达")]))  # type: ignore[arg-type]
    assert any(d.code == "reconcile.values_unknown" for d in unknown.diagnostics)


def test_checks_that_hold_build_no_labelled_cell() -> None:
    """A consistent document: the table rules read quick cells only."""
    ctx = Context(STANDARD)
    for entry in load_rules():
        if entry.stage == TABLE_STAGE:
            assert list(entry.check(ctx)) == []
    assert ctx.checked > 50
    assert all(not view._cells for view in ctx.index.tables)
