"""The one-row “三公” table printed one cell per line (plain pdftotext): its amounts are
placed, in printed order, by the table's identities alone; a cell is settled only where
every placement they verify agrees (budgetparse/tables/one_row.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetparse.tables import TableContent
from budgetparse.tables.columns import kind_spec
from budgetparse.tables.spaced import read_spaced_table

from .test_tables_cellwise import assert_cells_point_at_their_text, codes, lines_of

FIXTURES = Path(__file__).parent / "fixtures" / "tables_one_row"
KIND = "final_three_public"
D = Decimal
CAR = "公务用车购置及运行费"


def read(name: str) -> tuple[str, TableContent]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    spec = kind_spec(KIND)
    assert spec is not None and spec.one_row
    return text, read_spaced_table(KIND, spec, lines_of(text))


def test_every_column_printed_gives_one_arrangement() -> None:
    """Twelve amounts for twelve columns: one placement, every cell settled."""
    text, content = read("full.txt")
    assert len(content.rows) == 1
    row = content.rows[0]
    assert row.undecided == ()
    assert row.code is None and row.name is None and not row.total
    assert row.values == {
        "预算数/合计": D("6.40"),
        "决算数/合计": D("4.15"),
        "预算数/因公出国（境）费": D("1.20"),
        "决算数/因公出国（境）费": D("0.90"),
        f"预算数/{CAR}/小计": D("3.50"),
        f"决算数/{CAR}/小计": D("2.05"),
        f"预算数/{CAR}/公务用车购置费": D("0.00"),
        f"决算数/{CAR}/公务用车购置费": D("0.00"),
        f"预算数/{CAR}/公务用车运行费": D("3.50"),
        f"决算数/{CAR}/公务用车运行费": D("2.05"),
        "预算数/公务接待费": D("1.70"),
        "决算数/公务接待费": D("1.20"),
    }
    assert "table.ambiguous_row" not in codes(content)
    assert_cells_point_at_their_text(text, content)


def test_two_equal_amounts_leave_the_columns_they_may_fill_undecided() -> None:
    """A 合计 and the one item it is: 预算数 or 决算数, 因公出国 or 公务接待 — four
    arrangements; only the car columns, which none fills, are settled (empty)."""
    _, content = read("two_equal.txt")
    (row,) = content.rows
    assert set(row.undecided) == {
        "预算数/合计",
        "决算数/合计",
        "预算数/因公出国（境）费",
        "决算数/因公出国（境）费",
        "预算数/公务接待费",
        "决算数/公务接待费",
    }
    assert all(v is None for v in row.values.values())
    assert not row.cells
    assert "table.ambiguous_row" in codes(content)


def test_amounts_no_arrangement_verifies_are_not_read() -> None:
    _, content = read("inconsistent.txt")
    assert content.rows == ()
    assert "table.layout_unreadable" in codes(content)


def test_a_code_among_the_cells_is_no_one_row_table() -> None:
    _, content = read("coded.txt")
    assert content.rows == ()
    assert "table.layout_unreadable" in codes(content)
