"""Two-sided summary tables printed one cell per line (plain pdftotext): an amount is given
to a row only where every assignment the identities verify agrees
(budgetparse/tables/sides_cellwise.py); what such a summary shows empty decides the
收入决算表's runs (tables/evidence.py, cellwise.py)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

import budgetparse
from budgetparse.model import TableBlock
from budgetparse.tables import TableContent
from budgetparse.tables.columns import kind_spec
from budgetparse.tables.evidence import (
    Evidence,
    declared_empty_sources,
    empty_sources,
    linked_totals,
)
from budgetparse.tables.rows import Row
from budgetparse.tables.sides_search import Search
from budgetparse.tables.spaced import read_spaced_table
from tests.test_tables_cellwise import assert_cells_point_at_their_text, codes, lines_of

FIXTURES = Path(__file__).parent / "fixtures" / "tables_cellwise"
D = Decimal


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read(kind: str, text: str, evidence: Evidence | None = None) -> TableContent:
    spec = kind_spec(kind)
    assert spec is not None
    return read_spaced_table(kind, spec, lines_of(text), None, evidence)


def summary(text: str) -> TableContent:
    return read("final_summary", text)


def values(content: TableContent) -> dict[tuple[str | None, str | None], Decimal | None]:
    return {(r.group, r.name): r.values["决算数"] for r in content.rows}


def undecided(content: TableContent) -> list[str | None]:
    return [r.name for r in content.rows if r.undecided]


def evidence_of(content: TableContent) -> Evidence:
    return Evidence(empty_sources=empty_sources(r for r in content.rows if r.group == "income"))


def test_a_summary_whose_sides_the_figures_tell_apart_is_read() -> None:
    """Ten expense items with figures, eight income rows: no assignment swaps the sides,
    every row printed (0.00 in the empty ones), amounts printed before their labels
    and out of their side's turn: every row decided, each cell where it was printed."""
    text = fixture("summary_decided.txt")
    content = summary(text)
    assert codes(content) == []
    assert undecided(content) == []
    got = values(content)
    assert len(content.rows) == 26
    assert got[("income", "一、一般公共预算财政拨款收入")] == D("1020.00")
    assert got[("income", "四、上级补助收入")] == D("0.00")
    assert got[("income", "八、其他收入")] == D("8.00")
    assert got[("expense", "九、卫生健康支出")] == D("35.00")
    assert got[("expense", "十、节能环保支出")] == D("20.00")
    assert got[("income", "本年收入合计")] == D("1028.00")
    assert got[("expense", "本年支出合计")] == D("1015.00")
    assert got[("income", "年初结转和结余")] == D("12.00")
    assert got[("expense", "年末结转和结余")] == D("25.00")
    assert [r.group for r in content.rows if r.total] == ["income", "expense"]
    assert_cells_point_at_their_text(text, content)


@pytest.mark.parametrize(
    "furniture", ["单位：万元", "单位:万元", "编制单位：示例局", "注：本表反映收支。", "备注：无"]
)
def test_the_units_line_and_a_note_are_not_cells_of_a_summary(furniture: str) -> None:
    """A units or meta line among the header words and a note under the table (the
    project's patterns for them) are passed over: the same rows are read."""
    text = fixture("summary_decided.txt")
    content = summary(text.replace("收入\n项目\n", f"收入\n{furniture}\n项目\n", 1) + furniture)
    assert codes(content) == []
    assert values(content) == values(summary(text))


def test_sides_that_fit_either_way_decide_only_what_every_assignment_agrees_on() -> None:
    """Eight income and six expense items, each printed: the figures allow the two sides
    to be swapped, so the filled items and the side totals stay undecided; the rows
    that get a zero in every assignment are zero, and the grand totals are known."""
    content = summary(fixture("summary_every_row.txt"))
    assert codes(content) == ["table.ambiguous_row"]
    got = values(content)
    assert got[("income", "总计")] == got[("expense", "总计")] == D("835.50")
    for name in ("一、一般公共预算财政拨款收入", "八、其他收入", "本年收入合计", "年初结转和结余"):
        assert name in undecided(content)
    for name in ("四、上级补助收入", "五、事业收入", "使用非财政拨款结余（含专用结余）"):
        row = next(r for r in content.rows if r.name == name)
        assert not row.undecided and row.values["决算数"] is None and not row.cells
    # a zero row says its source is empty; an undecided one says nothing
    empty = evidence_of(content).empty_sources
    assert "final_superior_grants" in empty and "final_other_income" not in empty


def test_empty_rows_printing_nothing_leave_the_items_undecided() -> None:
    """The expense side's empty rows print nothing: an income 0.00 could as well be one of
    them, so no income item is decided and no source is taken for empty."""
    content = summary(fixture("summary_empty_rows.txt"))
    assert codes(content) == ["table.ambiguous_row"]
    items = [r for r in content.rows if r.name and r.name[0] in "一二三四五六七八"]
    assert items and all(r.undecided for r in items)
    assert evidence_of(content).empty_sources == frozenset()


def test_nil_marks_in_the_empty_rows_are_read_as_empty() -> None:
    """The empty income rows printed "-" instead of 0.00: each keeps its mark, no value."""
    text = fixture("summary_decided.txt")
    marked = text.replace("\n0.00\n", "\n-\n")
    content = summary(marked)
    assert codes(content) == [] and undecided(content) == []
    row = next(r for r in content.rows if r.name == "五、事业收入")
    assert row.values["决算数"] is None and row.cells["决算数"].text == "-"
    assert values(content)[("income", "本年收入合计")] == D("1028.00")
    assert_cells_point_at_their_text(marked, content)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("总计\n1,040.00\n\n总计\n1,040.00", "总计\n1,040.00\n\n总计\n1,041.00"),  # totals differ
        ("\n20.00\n", "\n26.00\n"),  # an item no longer adds up
        ("八、社会保障和就业支出", "八、社会保障和就业"),  # a label of neither side
    ],
)
def test_a_summary_that_does_not_verify_is_not_read(old: str, new: str) -> None:
    text = fixture("summary_decided.txt")
    assert old in text
    content = summary(text.replace(old, new, 1))
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]


def test_a_summary_shows_which_revenue_column_holds_a_run() -> None:
    """The 其他收入 run of the 收入决算表 fits each of the five empty source columns: alone
    the table keeps its codes, names and 本年收入合计, its source columns undecided; the
    summary printing 上级补助收入 … 附属单位上缴收入 as 0.00 leaves it one column, and the
    table is read whole."""
    text = fixture("revenue_other_income.txt")
    alone = read("final_revenue", text)
    assert codes(alone) == ["table.ambiguous_row"]
    assert [(r.code, r.values["本年收入合计"]) for r in alone.rows] == [
        ("212", D("1028.00")),
        ("21204", D("1028.00")),
        ("2120402", D("628.00")),
        ("2120403", D("400.00")),
        (None, D("1028.00")),
    ]
    assert all("财政拨款收入" in r.undecided for r in alone.rows)
    # no placement puts 8.00 on 规划审批: its 其他收入 is decided empty
    assert "其他收入" not in alone.rows[3].undecided
    evidence = evidence_of(summary(fixture("summary_decided.txt")))
    content = read("final_revenue", text, evidence)
    assert codes(content) == []
    rows = {r.code: r.values for r in content.rows}
    assert rows["2120402"]["其他收入"] == D("8.00")
    assert rows["2120403"]["其他收入"] is None
    assert rows[None]["财政拨款收入"] == D("1020.00")
    assert all(rows[c]["上级补助收入"] is None for c in rows)
    assert_cells_point_at_their_text(text, content)
    # a summary that leaves its income rows undecided decides nothing
    undecided_evidence = evidence_of(summary(fixture("summary_empty_rows.txt")))
    assert read("final_revenue", text, undecided_evidence) == alone


def test_a_linked_total_settles_the_fiscal_column() -> None:
    """Another table printing the 收入决算表's 财政拨款收入 total (the 财政拨款收入支出决算总表's
    本年收入合计, a link of relations.toml) leaves the placements with 1,020.00 there: the
    rows without an 其他收入 figure are settled, the others keep 8.00 undecided among the
    five other sources.  A total no placement prints is not used, and said."""
    text = fixture("revenue_other_income.txt")
    linked = Evidence(totals={"final_revenue": {"财政拨款收入": D("1020.00")}})
    content = read("final_revenue", text, linked)
    assert codes(content) == ["table.ambiguous_row"]
    rows = {r.code: r for r in content.rows}
    assert rows["2120403"].undecided == ()
    assert rows["2120403"].values["财政拨款收入"] == D("400.00")
    assert rows["2120403"].values["其他收入"] is None
    for code in ("212", "21204", "2120402", None):
        assert "财政拨款收入" not in rows[code].undecided
        assert len(rows[code].undecided) == 5
    assert rows[None].values["财政拨款收入"] == D("1020.00")
    assert rows["2120402"].values["财政拨款收入"] == D("620.00")
    conflicting = Evidence(totals={"final_revenue": {"财政拨款收入": D("1000.00")}})
    content = read("final_revenue", text, conflicting)
    assert codes(content) == ["table.evidence_conflict", "table.ambiguous_row"]
    assert content.rows == read("final_revenue", text).rows


def test_linked_totals_take_decided_cells_only() -> None:
    """A link of a kind's totals row to one cell of a table read gives that cell's figure
    (the row found by its label, numbering aside); an undecided cell gives nothing."""
    link = (
        ("final_revenue", None, "*total", "财政拨款收入"),
        (("final_fiscal_summary", "income", "本年收入合计", "决算数"),),
    )

    def summary_row(name: str, value: str, undecided: tuple[str, ...] = ()) -> Row:
        values = {"决算数": None if undecided else D(value)}
        return Row(None, name, None, "income", False, values, {}, (0, 0), undecided)

    decided = [summary_row("一、一般公共预算财政拨款", "9.00"), summary_row("本年收入合计", "9.00")]
    assert linked_totals([link], [("final_fiscal_summary", decided)]) == {
        "final_revenue": {"财政拨款收入": D("9.00")}
    }
    open_row = [summary_row("本年收入合计", "9.00", ("决算数",))]
    assert linked_totals([link], [("final_fiscal_summary", open_row)]) == {}
    assert linked_totals([link], []) == {}


def test_a_document_in_plain_pdftotext_text_reads_both_tables() -> None:
    """The pipeline reads the summary first and hands what it shows empty to the
    收入决算表: both tables keep their rows, and the figures they share agree."""
    text = (
        "示例区河道管理所2024年度部门决算\n\n第一部分 示例区河道管理所概况\n一、主要职能\n"
        "示例区河道管理所负责全区河道的日常养护。\n\n\f"
        "第二部分 示例区河道管理所2024年度部门决算表\n\n收入支出决算总表\n单位：万元\n\n"
        + fixture("summary_decided.txt").rstrip("\n")
        + "\n\n\f收入决算表\n单位：万元\n\n"
        + fixture("revenue_other_income.txt").rstrip("\n")
        + "\n"
    )
    doc = budgetparse.parse(text.encode("utf-8"), path="raw.txt")
    tables = {t.kind: t for t in doc.tables}
    assert len(tables["final_summary"].rows) == 26
    assert len(tables["final_revenue"].rows) == 5
    assert not [d for d in doc.diagnostics if d.code == "table.layout_unreadable"]
    assert not [f for f in doc.findings if f.severity == "error"]


def numeral(k: int) -> str:
    """一 … 九十九."""
    digits = "一二三四五六七八九"
    tens, units = divmod(k, 10)
    head = "" if tens == 0 else "十" if tens == 1 else digits[tens - 1] + "十"
    return head + (digits[units - 1] if units else "")


def many_items(n: int, printed: int) -> str:
    """A summary of ``n`` expense items of which ``printed`` print 1.00 (the rest nothing),
    every income item printed as 0.00 but the first: many verified assignments."""
    lines = ["收入", "一、一般公共预算财政拨款收入", f"{printed}.00"]
    lines += [f"{numeral(k)}、其他收入" for k in range(2, 9)]
    lines += ["0.00"] * 7
    for k in range(n):
        lines.append(f"{numeral(k + 1)}、支出项{k}支出")
        if k < printed:
            lines.append("1.00")
    lines += ["本年收入合计", f"{printed}.00", "本年支出合计", f"{printed}.00"]
    lines += ["总计", f"{printed}.00", "总计", f"{printed}.00"]
    return "\n".join(lines) + "\n"


def work_done(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The work each search does from now on, in order."""
    seen: list[int] = []
    run = Search.run

    def counted(self: Search) -> bool:
        out = run(self)
        seen.append(self.work)
        return out

    monkeypatch.setattr(Search, "run", counted)
    return seen


def test_the_search_is_linear_in_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The states the search visits grow with the table, not with its assignments."""
    seen = work_done(monkeypatch)
    # (the two sides could swap: the items stay undecided; every closing row prints one
    # figure, which each holds whichever copy is its own)
    for n, printed in ((40, 20), (80, 40)):
        got = values(summary(many_items(n, printed)))
        for side, total in (("income", "本年收入合计"), ("expense", "本年支出合计")):
            assert got[(side, total)] == got[(side, "总计")] == D(f"{printed}.00")
    small, large = seen
    assert small > 0 and large / small < 2.6


# -- the 财政拨款收入支出决算总表: an expense side of several columns ------------------------

FUNDS_EMPTY = Evidence(empty_sources=frozenset({"final_fund", "final_state_capital"}))
FISCAL_COLUMNS = ("合计", "一般公共预算财政拨款")


def fiscal(text: str, evidence: Evidence | None = FUNDS_EMPTY) -> TableContent:
    return read("final_fiscal_summary", text, evidence)


def fiscal_values(content: TableContent) -> dict[tuple[str | None, str | None], tuple]:
    """(side, name) → the 决算数 of an income row, the 合计 and 一般公共预算 of an expense row
    (the last income rows repeat the items' names: the later one wins)."""
    out: dict[tuple[str | None, str | None], tuple] = {}
    for r in content.rows:
        columns = ("决算数",) if r.group == "income" else FISCAL_COLUMNS
        out[(r.group, r.name)] = tuple(r.values[c] for c in columns)
    return out


def test_a_fiscal_summary_with_empty_funds_keeps_its_totals() -> None:
    """Printed column by column, labels and header words wrapped over lines, 年初 detailed by
    fund under it; the two fund columns are zero (their own tables are declared empty):
    the totals of both sides and of both expense columns are decided, each cell on the
    figure printed first for the leftmost column; three of twelve expense items hold
    figures, which arithmetic cannot place, so the items stay undecided."""
    text = fixture("fiscal_summary_totals.txt")
    content = fiscal(text)
    assert codes(content) == ["table.ambiguous_row"]
    got = fiscal_values(content)
    assert got[("income", "本年收入合计")] == (D("1530.40"),)
    assert got[("income", "年初财政拨款结转和结余")] == (D("12.30"),)
    assert got[("income", "总计")] == (D("1542.70"),)
    assert got[("expense", "本年支出合计")] == (D("1530.40"), D("1530.40"))
    assert got[("expense", "年末财政拨款结转和结余")] == (D("12.30"), D("12.30"))
    assert got[("expense", "总计")] == (D("1542.70"), D("1542.70"))
    # wrapped labels are whole again; the fund columns hold nothing
    names = [r.name for r in content.rows]
    assert "七、文化旅游体育与传媒支出" in names and "二、政府性基金预算财政拨款" in names
    assert all(
        r.values["政府性基金预算财政拨款"] is None for r in content.rows if r.group == "expense"
    )
    items = [r for r in content.rows if r.group == "expense" and r.name and "、" in r.name]
    assert len(items) == 12 and all(r.undecided == FISCAL_COLUMNS for r in items)
    total = next(r for r in content.rows if r.name == "本年支出合计")
    assert total.cells["合计"].span[0] < total.cells["一般公共预算财政拨款"].span[0]
    assert_cells_point_at_their_text(text, content)


def test_a_fiscal_summary_whose_funds_are_not_known_empty_is_not_read() -> None:
    """Without evidence the three fund columns are interchangeable parts of 合计 under
    every identity: not even the expense side's 总计 is placed for certain."""
    content = fiscal(fixture("fiscal_summary_totals.txt"), None)
    assert content.rows == () and codes(content) == ["table.layout_unreadable"]


def test_a_fund_figure_in_a_column_known_empty_does_not_verify() -> None:
    """The 一般公共预算 column printing less than 合计 (a fund holds the rest) cannot be read
    with the fund columns zero: not read, nothing guessed."""
    text = fixture("fiscal_summary_totals.txt")
    changed = text.replace("1,100.20\n\n1,100.20", "1,100.20\n\n1,000.20", 1)
    assert changed != text
    assert fiscal(changed).rows == ()


def test_a_fiscal_summary_printing_every_row_is_read_whole_but_its_carryover() -> None:
    """Every item printed (0.00 in the empty income rows), row by row: the items are
    decided in both columns, the sides' totals too; 年初 and its first part print the
    same figure as 年末, so which of them is which stays undecided."""
    text = fixture("fiscal_summary_every_row.txt")
    content = fiscal(text)
    got = fiscal_values(content)
    assert got[("expense", "一、一般公共服务支出")] == (D("300.10"), D("300.10"))
    assert got[("expense", "五、住房保障支出")] == (D("59.25"), D("59.25"))
    assert got[("income", "一、一般公共预算财政拨款")][0] is None  # the part, undecided
    first = next(r for r in content.rows if r.name == "一、一般公共预算财政拨款")
    assert first.values["决算数"] == D("860.00") and not first.undecided
    assert got[("income", "本年收入合计")] == (D("860.00"),)
    assert got[("expense", "本年支出合计")] == (D("860.00"), D("860.00"))
    assert got[("expense", "总计")] == (D("867.60"), D("867.60"))
    carried = [r.name for r in content.rows if r.undecided]
    assert "年初财政拨款结转和结余" in carried and "年末财政拨款结转和结余" in carried
    assert_cells_point_at_their_text(text, content)


def test_an_unknown_line_in_a_fiscal_summary_stops_the_read() -> None:
    text = fixture("fiscal_summary_totals.txt").replace("十二、农林水支出\n", "备用栏目\n")
    assert fiscal(text).rows == ()


def test_a_fund_table_declared_empty_zeroes_its_fund() -> None:
    """A source whose columns are every column of a table (the fund's own table) funds
    nothing when that table is declared empty; a source zero in only some columns of
    a table says nothing."""
    assert declared_empty_sources(["final_fund"]) == {"final_fund"}
    assert declared_empty_sources(["final_fund", "final_state_capital"]) == {
        "final_fund",
        "final_state_capital",
    }
    assert declared_empty_sources(["final_revenue", "final_summary"]) == frozenset()


def document_with_empty_funds(
    unit: str, duty: str, *tables: tuple[str, str]
) -> dict[str | None, TableBlock]:
    """A 决算 document in plain text: ``tables`` (the lines before each, its fixture), then
    the two fund tables declared empty; its tables by kind."""
    empty = "\n单位：万元\n项目\n合计\n注：本单位无{}财政拨款支出，故本表无数据。\n"
    text = (
        f"{unit}2024年度部门决算\n\n第一部分 {unit}概况\n一、主要职能\n"
        f"{unit}负责全区{duty}。\n\n\f第二部分 {unit}2024年度部门决算表\n\n"
        + "\n\n\f".join(head + fixture(name).rstrip("\n") for head, name in tables)
        + "\n\n\f政府性基金预算财政拨款收入支出决算表"
        + empty.format("政府性基金预算")
        + "\n\f国有资本经营预算财政拨款收入支出决算表"
        + empty.format("国有资本经营预算")
    )
    doc = budgetparse.parse(text.encode("utf-8"), path="raw.txt")
    return {t.kind: t for t in doc.tables}


def test_a_document_declaring_its_fund_tables_empty_reads_its_fiscal_summary() -> None:
    """The pipeline: the two fund tables say they print nothing, so the 财政拨款 summary
    printed one cell per line is read with its fund columns zero."""
    tables = document_with_empty_funds(
        "示例区档案服务中心",
        "档案的保管",
        ("财政拨款收入支出决算总表\n单位：万元\n\n", "fiscal_summary_totals.txt"),
    )
    assert tables["final_fund"].empty and tables["final_state_capital"].empty
    rows = {(r.group, r.name): r for r in tables["final_fiscal_summary"].rows}
    assert rows[("expense", "总计")].values["合计"] == D("1542.70")
    assert rows[("income", "本年收入合计")].values["决算数"] == D("1530.40")


def many_fiscal_items(n: int, printed: int) -> str:
    """A 财政拨款 summary of ``n`` expense items of which ``printed`` print 1.00 under 合计
    and under 一般公共预算 (the rest nothing), 0.50 carried over."""
    lines = ["收入", "一、一般公共预算财政拨款", f"{printed}.00"]
    for k in range(n):
        lines.append(f"{numeral(k + 1)}、支出项{k}支出")
        if k < printed:
            lines += ["1.00", "1.00"]
    lines += ["本年收入合计", f"{printed}.00", "本年支出合计", f"{printed}.00", f"{printed}.00"]
    lines += ["年初财政拨款结转和结余", "0.50", "年末财政拨款结转和结余", "0.50", "0.50"]
    lines += ["总计", f"{printed}.50", "总计", f"{printed}.50", f"{printed}.50"]
    return "\n".join(lines) + "\n"


def test_the_search_over_columns_is_linear_in_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two columns a side: the states visited grow with the table, and the closing rows
    are read."""
    seen = work_done(monkeypatch)
    small, large = fiscal(many_fiscal_items(30, 10)), fiscal(many_fiscal_items(60, 20))
    for content, figure in ((small, D("10.00")), (large, D("20.00"))):
        total = next(r for r in content.rows if r.name == "本年支出合计")
        assert total.values["合计"] == total.values["一般公共预算财政拨款"] == figure
    assert seen[0] > 0 and seen[1] / seen[0] < 2.6


# -- one figure in every closing row: a department without carry-over whose one income is
# all it spends prints its totals and grand totals alike ---------------------------------


def test_every_closing_row_printing_one_figure_holds_it() -> None:
    """One income item, four expense items adding up to it, no carry-over: the sides swap
    (the four figures fit four of the eight income rows, the one of the income item one of
    the thirteen expense rows), so the items stay undecided; but every verified assignment
    gives each side's total and grand total one of the four closing copies of 452.60, so
    each holds 452.60, the copies given in reading order (本年收入合计 | 本年支出合计, then
    总计 | 总计); the rows between, empty in every assignment, are empty."""
    text = fixture("summary_one_figure.txt")
    content = summary(text)
    assert codes(content) == ["table.ambiguous_row"]
    got = values(content)
    for side, total in (("income", "本年收入合计"), ("expense", "本年支出合计")):
        assert got[(side, total)] == got[(side, "总计")] == D("452.60")
    assert got[("income", "年初结转和结余")] is None
    assert "年初结转和结余" not in undecided(content)
    items = [r for r in content.rows if r.name and "、" in r.name]
    assert len(items) == 21 and all(r.undecided for r in items)
    spans = [c.span for r in content.rows for c in r.cells.values()]
    assert len(spans) == 4 == len(set(spans)) and spans == sorted(spans)
    assert_cells_point_at_their_text(text, content)


def test_copies_of_one_figure_an_item_may_take_decide_nothing() -> None:
    """The expense side printing one item of the same figure (452.60 spent on one
    subject): the copy after 本年收入合计 is that item's in some assignments, the
    expense total's in others, so five copies are shared by the four closing rows and
    which copy is whose is never settled: not even the grand totals are placed, the table
    is not read.  A grand total fewer: nothing verifies, not read either."""
    text = fixture("summary_one_figure.txt")
    for figure in ("\n380.15\n", "\n21.05\n", "\n8.40\n", "\n43.00\n"):
        text = text.replace(figure, "\n", 1)
    one_item = text.replace("一、一般公共服务支出\n", "一、一般公共服务支出\n452.60\n", 1)
    assert one_item != text
    content = summary(one_item)
    assert content.rows == () and codes(content) == ["table.layout_unreadable"]
    fewer = fixture("summary_one_figure.txt").replace("总计\n\n452.60\n\n总计", "总计\n\n总计")
    assert summary(fewer).rows == ()


def test_a_fiscal_summary_printing_one_figure_in_every_closing_row_keeps_its_totals() -> None:
    """The 财政拨款 summary of the same department, its fund columns zero: 本年收入合计,
    本年支出合计 under 合计 and under 一般公共预算, and the three 总计 print 452.60, six
    copies shared by six cells in every verified assignment: each holds it."""
    text = fixture("fiscal_summary_one_figure.txt")
    content = fiscal(text)
    got = fiscal_values(content)
    assert got[("income", "本年收入合计")] == got[("income", "总计")] == (D("452.60"),)
    assert got[("expense", "本年支出合计")] == (D("452.60"), D("452.60"))
    assert got[("expense", "总计")] == (D("452.60"), D("452.60"))
    assert got[("expense", "年末财政拨款结转和结余")] == (None, None)
    items = [r for r in content.rows if r.group == "expense" and r.name and "、" in r.name]
    assert len(items) == 13 and all(r.undecided == FISCAL_COLUMNS for r in items)
    assert_cells_point_at_their_text(text, content)


def test_an_item_printed_again_under_the_carryover_is_no_empty_source() -> None:
    """The 财政拨款 summary prints 一般公共预算财政拨款 as an item and again as a part of
    年初财政拨款结转和结余: the part empty says nothing of the item, undecided (the fund is
    not taken for empty, and the summary is not read again with it zero)."""
    content = fiscal(fixture("fiscal_summary_one_figure.txt"))
    income = [r for r in content.rows if r.group == "income"]
    named = [r for r in income if r.name == "一、一般公共预算财政拨款"]
    assert [bool(r.undecided) for r in named] == [True, False]
    assert "final_general_budget" not in empty_sources(income)


def test_a_document_whose_closing_rows_print_one_figure_reads_both_summaries() -> None:
    """The pipeline: both summaries of such a department are read, their totals held."""
    tables = document_with_empty_funds(
        "示例区志愿服务中心",
        "志愿服务的组织",
        ("收入支出决算总表\n单位：万元\n\n", "summary_one_figure.txt"),
        ("财政拨款收入支出决算总表\n", "fiscal_summary_one_figure.txt"),
    )
    for kind, column in (("final_summary", "决算数"), ("final_fiscal_summary", "合计")):
        rows = {(r.group, r.name): r for r in tables[kind].rows}
        assert rows[("expense", "总计")].values[column] == D("452.60"), kind


def test_a_blank_form_is_its_labels() -> None:
    """The form without figures, a cell per line (a wrapped label, a note between the two
    总计, a header word after them): each label a row on its side, every cell empty and
    decided (printed empty, not unknown), no diagnostic."""
    text = fixture("summary_blank_form.txt")
    content = summary(text)
    assert codes(content) == []
    sides = Counter(r.group for r in content.rows)
    assert sides == Counter({"income": 12, "expense": 15})
    assert "七、文化旅游体育与传媒支出" in [r.name for r in content.rows]
    assert all(not r.undecided and not r.cells for r in content.rows)
    assert all(v is None for r in content.rows for v in r.values.values())
    assert [r.group for r in content.rows if r.total] == ["income", "expense"]
    # a line that is no label of the form: not read, as with figures
    assert summary(text.replace("十、住房保障支出", "备用栏目")).rows == ()
