"""Space-aligned (pdftotext) table rows: printed numbers assigned to columns by arithmetic.

Hand-written tables in ``tests/fixtures/tables_spaced/`` (made-up names and amounts) and
checks on corpus/2025 that were verified by reading the file.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import regex

from budgetparse.layout import TABLE_ROW, TABLE_START, LogicalLine, normalise
from budgetparse.mapped import MappedText
from budgetparse.pipeline import parse
from budgetparse.tables import INFO_CODES, Row, TableContent
from budgetparse.tables.cells import elided
from budgetparse.tables.columns import kind_spec
from budgetparse.tables.evidence import Evidence, shares
from budgetparse.tables.spaced import read_spaced_table
from budgetparse.templates import templates

from .conftest import CORPUS

FIXTURES = Path(__file__).parent / "fixtures" / "tables_spaced"
D = Decimal


def rows_of(document: str) -> list[LogicalLine]:
    return [line for line in normalise(document).lines if line.kind in (TABLE_START, TABLE_ROW)]


def read(kind: str, document: str) -> TableContent:
    spec = kind_spec(kind)
    assert spec is not None
    return read_spaced_table(kind, spec, rows_of(document))


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def by_code(content: TableContent) -> dict[str | None, Row]:
    return {r.code if r.code else r.name: r for r in content.rows}


def values(row: Row) -> dict[str, Decimal]:
    return {k: v for k, v in row.values.items() if v is not None}


def codes(content: TableContent) -> list[str]:
    return [code for code, _, _ in content.diagnostics]


# -- hand-written tables ------------------------------------------------------------------------


def test_arithmetic_decides_the_columns() -> None:
    doc = fixture("expenditure.txt")
    content = read("expenditure", doc)
    assert content.columns == ("合计", "基本支出", "项目支出")
    assert codes(content) == []
    rows = by_code(content)
    total = content.rows[0]  # the 总计 row printed first
    assert total.total and total.name == "总计"
    assert values(total) == {
        "合计": D("1210.50"),
        "基本支出": D("1000.30"),
        "项目支出": D("210.20"),
    }
    # parent 20105 fully printed → 2010501 is 基本支出, its sibling 2010599 项目支出
    assert values(rows["2010501"]) == {"合计": D("1000.30"), "基本支出": D("1000.30")}
    assert values(rows["2010599"]) == {"合计": D("200.20"), "项目支出": D("200.20")}
    # the totals row = Σ 类 rows → 208 is 项目支出, and its 款 and 项 follow
    for code in ("208", "20805", "2080501"):
        assert values(rows[code]) == {"合计": D("10.00"), "项目支出": D("10.00")}
    assert all(isinstance(v, Decimal) for r in content.rows for v in values(r).values())


def test_wrapped_name_is_joined_up_to_the_amounts_line() -> None:
    doc = fixture("expenditure.txt")
    row = by_code(read("expenditure", doc))["2010599"]
    assert row.name == "其他统计信息事务支出"
    start, end = row.span
    assert doc[start:end].startswith("201 05 99") and doc[start:end].endswith("200.20")


def test_cells_carry_exact_spans() -> None:
    doc = fixture("expenditure.txt")
    content = read("expenditure", doc)
    for row in content.rows:
        for cell in row.cells.values():
            assert doc[slice(*cell.span)] == cell.text
            assert row.span[0] <= cell.span[0] and cell.span[1] <= row.span[1]
    total = content.rows[0]
    assert total.cells["合计"].text == "1,210.50"
    # the second of two equal printed numbers gets the second occurrence's offsets
    row = by_code(content)["2010501"]
    assert row.cells["基本支出"].span[0] > row.cells["合计"].span[0]


def test_when_arithmetic_cannot_decide_the_open_columns_stay_empty_with_a_diagnostic() -> None:
    doc = fixture("ambiguous.txt")
    content = read("expenditure", doc)
    rows = by_code(content)
    assert values(rows["20105"]) == {
        "合计": D("20.00"),
        "基本支出": D("10.00"),
        "项目支出": D("10.00"),
    }
    ambiguous = [d for d in content.diagnostics if d[0] == "table.ambiguous_row"]
    assert len(ambiguous) == 2
    for code in ("2010501", "2010502"):
        row = rows[code]
        # every placement puts 10.00 under 合计; 基本支出 or 项目支出 stays open
        assert values(row) == {"合计": D("10.00")} and set(row.cells) == {"合计"}
        assert row.undecided == ("基本支出", "项目支出")
        assert any(d[2] == row.span for d in ambiguous)
    message = ambiguous[0][1]
    assert "(合计=10.00, 基本支出=10.00)" in message
    assert "(合计=10.00, 项目支出=10.00)" in message


def test_row_identity_prunes_without_context() -> None:
    # one row, no parent: (基本支出, 项目支出) would break 合计 = 基本 + 项目
    doc = "第二部分 部门预算公开表\n表3：部门支出总体情况表\n201 一般公共服务支出 7.00 7.00\n"
    content = read("expenditure", doc)
    (row,) = content.rows
    assert values(row) == {"合计": D("7.00")}
    assert row.undecided == ("基本支出", "项目支出")
    (diag,) = content.diagnostics
    assert diag[0] == "table.ambiguous_row" and "基本支出=7.00, 项目支出" not in diag[1]


def test_a_row_no_placement_makes_consistent_is_reported_at_the_row() -> None:
    """Two amounts for 合计 = 基本支出 + 项目支出 that differ by one digit: no placement
    holds.  The row is reported where it stands (not passed over as undecided), and
    nothing is guessed into its cells."""
    doc = "第二部分 部门预算公开表\n表3：部门支出总体情况表\n2010101 行政运行 516.40 516.46\n"
    content = read("expenditure", doc)
    (row,) = content.rows
    assert values(row) == {}
    ((code, message, span),) = content.diagnostics
    assert code == "table.arithmetic_mismatch" and "516.40 516.46" in message
    assert span == row.span and doc[span[0] : span[1]] == "2010101 行政运行 516.40 516.46"
    # and the document reports it as a finding at that row
    (finding,) = [f for f in parse(doc).findings if f.code == "table.row_inconsistent"]
    assert finding.severity == "error" and tuple(finding.spans[0]) == row.span


def test_rounding_tolerance() -> None:
    doc = (
        "第二部分 部门预算公开表\n表6：一般公共预算基本支出情况表\n"
        "总计 1,115.60 1,024.05 91.54\n"
        "301 工资福利支出 1,024.05 1,024.05\n"
        "302 商品和服务支出 91.54 91.54\n"
    )
    content = read("general_basic", doc)
    assert codes(content) == []
    rows = by_code(content)
    assert values(rows["301"]) == {"合计": D("1024.05"), "人员经费": D("1024.05")}
    assert values(rows["302"]) == {"合计": D("91.54"), "公用经费": D("91.54")}


def test_summary_line_splits_at_the_class_code() -> None:
    doc = fixture("summary.txt")
    content = read("summary", doc)
    assert codes(content) == []
    pairs = [(r.group, r.code, r.name, values(r).get("预算数")) for r in content.rows]
    assert pairs == [
        ("income", None, "一、本年收入", D("1050.00")),
        ("expense", "201", "一般公共服务支出", D("1000.00")),
        ("income", None, "1.一般公共预算拨款", D("1050.00")),
        ("expense", "202", "外交支出", None),
        ("income", None, "二、上年结转结余", None),
        ("expense", "208", "社会保障和就业支出", D("50.00")),
        ("income", None, "收入总计", D("1050.00")),
        ("expense", None, "支出总计", D("1050.00")),
    ]
    assert all(r.total for r in content.rows[-2:])


# -- corpus/2025 (verified by reading the file) ------------------------------------------------

KORLA_2025 = CORPUS / "2025" / "korla-city-government-office.txt"


def corpus_table(kind: str, caption: str) -> tuple[str, TableContent]:
    text = KORLA_2025.read_text(encoding="utf-8")
    lines = normalise(text).lines
    at = next(i for i, line in enumerate(lines) if line.text.text == caption)
    rows = []
    for line in lines[at + 1 :]:
        if line.kind == "table_caption":
            break
        if line.kind in (TABLE_START, TABLE_ROW):
            rows.append(line)
    spec = kind_spec(kind)
    assert spec is not None
    # the 2025 document follows the 2024 template: its printed column order comes from there
    (template,) = [t for t in templates() if t.id == "2024"]
    entry = template.table(int(caption.removeprefix("表")))
    assert entry is not None and entry.kind == kind
    return text, read_spaced_table(kind, spec, rows, entry.columns)


@pytest.mark.skipif(not KORLA_2025.exists(), reason="corpus file missing")
@pytest.mark.parametrize(
    ("kind", "caption"), [("expenditure", "表3"), ("general_expenditure", "表5")]
)
def test_corpus_2025_expenditure(kind: str, caption: str) -> None:
    text, content = corpus_table(kind, caption)
    assert codes(content) == []
    rows = by_code(content)
    total = content.rows[0]
    assert total.total
    assert values(total) == {
        "合计": D("1332.40"),
        "基本支出": D("1115.60"),
        "项目支出": D("216.80"),
    }
    assert total.cells["合计"].text == "1,332.40"
    assert text[slice(*total.cells["合计"].span)] == "1,332.40"
    assert rows["2010301"].name == "行政运行"
    assert rows["2010301"].values == {
        "合计": D("838.13"),
        "基本支出": D("838.13"),
        "项目支出": None,
    }
    assert values(rows["2010399"]) == {"合计": D("64.80"), "项目支出": D("64.80")}
    assert rows["2010399"].name == "其他政府办公厅（室）及相关机构事务支出"
    assert len(content.rows) == 24


@pytest.mark.skipif(not KORLA_2025.exists(), reason="corpus file missing")
def test_corpus_2025_wrapped_name_in_revenue_and_ambiguity_reported() -> None:
    _, content = corpus_table("revenue", "表2")
    rows = by_code(content)
    assert rows["2010399"].name == "其他政府办公厅（室）及相关机构事务支出"
    assert rows["2080505"].name == "机关事业单位基本养老保险缴费支出"
    # three equal numbers over 12 columns: 总计 and 财政拨款（补助） are clear, but which
    # of the six funding sources? the table's own arithmetic cannot say: it stays open
    sources = (
        "一般公共预算拨款", "上级一般公共预算安排的转移支付", "政府性基金预算拨款",
        "上级政府性基金安排的转移支付", "国有资本经营预算", "上级国有资本经营预算安排的转移支付",
    )  # fmt: skip
    assert all(
        set(values(r)) == {"总计", "财政拨款（补助）"} and r.undecided == sources
        for r in content.rows
    )
    assert codes(content) == ["table.ambiguous_row"] * len(content.rows)


@pytest.mark.skipif(not KORLA_2025.exists(), reason="corpus file missing")
def test_corpus_2025_summary_evidence_decides_the_funding_source() -> None:
    """In the whole document, the summary table prints every source but 一般公共预算 empty,
    so the revenue, fiscal-summary and 三公 rows are decided; only the economic split of
    project spending (表7), which no other table prints, stays open."""
    document = parse(KORLA_2025.read_bytes())
    by_number = {t.number: t for t in document.tables}
    revenue = {r.code: r for r in by_number[2].rows}
    assert values(revenue[None]) == {
        "总计": D("1332.40"),
        "财政拨款（补助）": D("1332.40"),
        "一般公共预算拨款": D("1332.40"),
    }
    assert values(revenue["2101103"])["一般公共预算拨款"] == D("13.19")
    fiscal = {r.code: r for r in by_number[4].rows if r.group == "expense"}
    assert values(fiscal["208"]) == {"合计": D("135.94"), "一般公共预算": D("135.94")}
    three = {r.name: r for r in by_number[10].rows}
    assert values(three["公务用车运行费"]) == {"合计": D("2.40"), "一般公共预算": D("2.40")}
    undecided = [(t.number, r) for t in document.tables for r in t.rows if r.undecided]
    assert {n for n, _ in undecided} == {7}
    assert all(values(r) == {"项目支出合计": r.values["项目支出合计"]} for _, r in undecided)


@pytest.mark.skipif(not KORLA_2025.exists(), reason="corpus file missing")
def test_corpus_2025_general_basic() -> None:
    _, content = corpus_table("general_basic", "表6")
    assert codes(content) == []
    rows = by_code(content)
    assert values(rows["30101"]) == {"合计": D("251.44"), "人员经费": D("251.44")}
    assert values(rows["30201"]) == {"合计": D("24.02"), "公用经费": D("24.02")}
    assert values(rows["303"]) == {"合计": D("39.31"), "人员经费": D("39.31")}


def test_identities_and_column_order_are_data() -> None:
    """Row identities live in columns.toml (inherited through `like`), the printed column
    order of a variant in its template file: no code change to add either."""
    spec = kind_spec("general_expenditure")
    assert spec is not None
    assert ("合计", ("基本支出", "项目支出")) in spec.identities
    (template,) = [t for t in templates() if t.id == "2024"]
    revenue = template.table(2)
    assert revenue is not None and revenue.columns[:2] == ("总计", "财政拨款（补助）")


# -- the header read as a string --------------------------------------------------------------


def scan(kind: str, header: list[str], template: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    from budgetparse.tables.columns import vocabulary
    from budgetparse.tables.header_scan import scan_header

    spec = kind_spec(kind)
    assert spec is not None
    return scan_header(spec, vocabulary(), header, template or spec.columns.order)


def test_header_scan_reads_vertically_wrapped_words_in_order() -> None:
    header = ["功能分类", "科目编码", "类 款 项", "功能分类科目名称 合计", "基本", "支出", "项目"]
    header += ["支出"]
    assert scan("expenditure", header) == ("合计", "基本支出", "项目支出")


def test_header_scan_drops_a_spanning_parent_printed_before_its_children() -> None:
    # 基本支出 spans 人员经费 and 公用经费 and is printed on the line above 合计
    header = ["科目", "基本支出", "类 款 项", "功能分类科目名称 合计", "人员经费 公用经费"]
    header += ["项目支出"]
    assert scan("fund_expenditure", header) == (
        "合计",
        "基本支出/人员经费",
        "基本支出/公用经费",
        "项目支出",
    )


def test_header_scan_counts_a_parent_printed_twice_where_it_is_printed_last() -> None:
    header = ["财政拨款（补助）", "类 款 项", "科目名称 总计", "财政拨款(补", "助)小计"]
    header += ["一般公共预", "算"]
    assert scan("revenue", header) == ("总计", "财政拨款（补助）", "一般公共预算拨款")


def test_header_scan_refuses_a_header_with_an_unknown_column() -> None:
    # an unknown column would shift every number after it: use the template order instead
    header = ["科目名称 合计", "基本支出", "专项转移支付资金", "项目支出"]
    assert scan("expenditure", header) is None


def test_header_scan_refuses_an_order_the_template_contradicts() -> None:
    header = ["科目名称 合计", "项目支出", "基本支出"]
    assert scan("expenditure", header, ("合计", "基本支出", "项目支出")) is None


# -- evidence from the summary tables ---------------------------------------------------------


def income(*items: tuple[str, str | None]) -> list[Row]:
    from budgetparse.tables.rows import Cell

    rows = []
    for name, amount in items:
        value = D(amount) if amount and amount != "-" else None
        cells = {"预算数": Cell(amount, value, (0, 1))} if amount else {}
        rows.append(
            Row(
                code=None,
                name=name,
                project=None,
                group="income",
                total=False,
                values={"预算数": value},
                cells=cells,
                span=(0, 1),
            )
        )
    return rows


def test_sources_printed_empty_make_their_columns_zero() -> None:
    from budgetparse.tables.evidence import Evidence, empty_sources

    sources = empty_sources(
        income(
            ("一、本年收入", "80.00"),
            ("1.一般公共预算拨款", "80.00"),
            ("其中：上级一般公共预算安排转移支付", None),
            ("2.政府性基金预算拨款", "-"),
            ("3.国有资本经营预算拨款", None),
            ("二、上年结转结余", None),
            ("其中：一般公共预算拨款", None),  # the carryover's own line: another scope
        )
    )
    assert "general_budget" not in sources
    assert {"general_budget_transfer", "fund", "state_capital", "carryover"} <= sources
    zero = Evidence(empty_sources=sources).zero_columns("revenue")
    assert "一般公共预算拨款" not in zero
    assert {"上级一般公共预算安排的转移支付", "政府性基金预算拨款", "财政拨款结转"} <= zero


def test_an_item_printed_twice_in_one_scope_is_no_evidence() -> None:
    from budgetparse.tables.evidence import empty_sources

    sources = empty_sources(income(("政府性基金预算", None), ("政府性基金预算", "5.00")))
    assert "fund" not in sources


def test_evidence_places_a_number_the_row_alone_cannot() -> None:
    from budgetparse.tables.evidence import Evidence

    spec = kind_spec("three_public")
    assert spec is not None
    doc = "第二部分 部门预算公开表\n表10：三公经费支出情况表\n合计 3.50 3.50\n"
    columns = ("合计", "一般公共预算", "政府性基金", "国有资本经营预算")
    alone = read_spaced_table("three_public", spec, rows_of(doc), columns)
    assert alone.rows[0].undecided == columns[1:]
    evidence = Evidence(empty_sources=frozenset({"fund", "state_capital"}))
    content = read_spaced_table("three_public", spec, rows_of(doc), columns, evidence)
    assert values(content.rows[0]) == {"合计": D("3.50"), "一般公共预算": D("3.50")}
    assert content.rows[0].undecided == () and codes(content) == []


def test_evidence_that_contradicts_the_row_is_reported_and_not_used() -> None:
    from budgetparse.tables.evidence import Evidence

    spec = kind_spec("three_public")
    assert spec is not None
    doc = "第二部分 部门预算公开表\n表10：三公经费支出情况表\n合计 3.50 3.50\n"
    columns = ("合计", "一般公共预算", "政府性基金", "国有资本经营预算")
    evidence = Evidence(empty_sources=frozenset({"fund", "general_budget", "state_capital"}))
    content = read_spaced_table("three_public", spec, rows_of(doc), columns, evidence)
    assert content.rows[0].undecided == columns[1:]
    assert codes(content) == ["table.evidence_conflict", "table.ambiguous_row"]


# -- 科目名称 and 项目名称 told apart by the names of other tables ------------------------------


def test_project_name_split_by_the_code_name_printed_elsewhere() -> None:
    from budgetparse.tables.evidence import Evidence

    spec = kind_spec("general_project")
    assert spec is not None
    doc = (
        "第二部分 部门预算公开表\n表7：一般公共预算项目支出情况表\n"
        "总计 30.00 30.00\n"
        "213 01 04     农业生产发展\n"
        "高标准农田建设补助 20.00 20.00\n"
        "213 01 99     其他农业农村支出 春耕\n"
        "备耕专项 10.00 10.00\n"
    )
    names = {"2130104": "农业生产发展", "2130199": "其他农业农村支出"}
    content = read_spaced_table("general_project", spec, rows_of(doc), None, Evidence(names=names))
    rows = by_code(content)
    assert (rows["2130104"].name, rows["2130104"].project) == ("农业生产发展", "高标准农田建设补助")
    assert (rows["2130199"].name, rows["2130199"].project) == ("其他农业农村支出", "春耕备耕专项")
    assert "table.project_unsplit" not in codes(content)
    without = read_spaced_table("general_project", spec, rows_of(doc))
    assert "table.project_unsplit" in codes(without)


def test_a_cell_continued_after_a_page_break_is_put_back_together() -> None:
    from budgetparse.tables.evidence import Evidence

    spec = kind_spec("general_project")
    assert spec is not None
    doc = (
        "第二部分 部门预算公开表\n表7：一般公共预算项目支出情况表\n"
        "总计 8.00 8.00\n"
        "201 03 99       其他政府办公厅（室）及相 会议保障专项 8.00 8.00\n"
        "关机构事务支出 经费\n"
    )
    names = {"2010399": "其他政府办公厅（室）及相关机构事务支出"}
    content = read_spaced_table("general_project", spec, rows_of(doc), None, Evidence(names=names))
    row = by_code(content)["2010399"]
    assert (row.name, row.project) == ("其他政府办公厅（室）及相关机构事务支出", "会议保障专项经费")
    assert "table.stray_text" not in codes(content)


def test_summary_items_without_codes_split_into_income_and_expense() -> None:
    content = read("summary", fixture("summary_uncoded.txt"))
    sides = [(r.group, r.name, values(r).get("预算数")) for r in content.rows]
    assert sides == [
        ("income", "一、财政拨款", D("300.00")),
        ("expense", "一、一般公共服务支出", D("280.00")),
        ("income", "二、事业收入", None),
        ("expense", "二、教育支出", None),
        ("income", "三、其他收入", None),
        ("expense", "三、社会保障和就业支出", D("20.00")),
        ("income", "收入总计", D("300.00")),
        ("expense", "支出总计", D("300.00")),
    ]


def test_a_letter_spaced_expense_name_is_not_split() -> None:
    doc = "第二部分 部门预算公开表\n表1：部门收支总体情况表\n一 般 公 共 服 务 支 出 80.00\n"
    (row,) = read("summary", doc).rows
    assert (row.group, row.name) == ("expense", "一般公共服务支出")


# -- tabs written as a fixed run of spaces (tables/gaps.py) ---------------------------------


def test_tabs_written_as_spaces_keep_their_empty_cells() -> None:
    from budgetparse.tables import read_table
    from budgetparse.tables.gaps import tab_width

    lines = rows_of(fixture("expanded_tabs.txt"))
    assert tab_width(lines) == 4
    content = read_table("expenditure", lines)
    rows = by_code(content)
    # 10.00 = 0 + 10.00 or 10.00 + 0 by arithmetic; the eight spaces say 基本支出 is empty
    assert values(rows["2012604"]) == {"合计": D("30.00"), "项目支出": D("30.00")}
    assert values(rows["212"]) == {"合计": D("10.00"), "项目支出": D("10.00")}
    assert values(rows["2012601"]) == {"合计": D("46.40"), "基本支出": D("46.40")}
    assert all(not row.undecided for row in content.rows)
    assert "table.ambiguous_row" not in codes(content)
    # the arithmetic alone cannot place 212's amounts (no totals row above it)
    spaced = read("expenditure", fixture("expanded_tabs.txt"))
    assert by_code(spaced)["212"].undecided


@pytest.mark.parametrize(
    "body",
    [
        # pdftotext pads to the next column's x-position: runs of every length
        "201   一般公共服务支出      12.00   12.00\n201 05    统计信息事务  12.00     12.00\n",
        # runs of three spaces indent the names, but amounts stand one space apart
        "201   一般公共服务支出 12.00 12.00\n201 05   统计信息事务 12.00 12.00\n"
        "201 05 01   行政运行 12.00 12.00\n",
        # every run the same width and a number in the table: nothing shows an empty cell
        "201    一般公共服务支出    12.00    12.00\n201    05    统计信息事务    12.00    12.00\n",
    ],
)
def test_other_space_aligned_tables_are_not_read_as_tabs(body: str) -> None:
    from budgetparse.tables.gaps import tab_width

    doc = (
        "第二部分 部门预算公开表\n表3：部门支出总体情况表\n"
        "科目编码  科目名称  合计  基本支出  项目支出\n"
    )
    assert tab_width(rows_of(doc + body)) is None


def test_an_empty_table_written_with_spaces_keeps_its_row_labels() -> None:
    from budgetparse.tables import read_table

    doc = (
        "第二部分 部门预算公开表\n表10：一般公共预算“三公”经费支出情况表\n单位：万元\n"
        "“三公”经费支出内容    合计    资金来源\n"
        "一般公共预算    政府性基金    国有资本经营预算\n"
        "合计\n因公出国（境）费\n公务接待费\n"
    )
    content = read_table("three_public", rows_of(doc))
    assert [row.name for row in content.rows] == ["合计", "因公出国（境）费", "公务接待费"]


# -- traditional characters: the table side reads through budgetparse.reading's mapping ----


def test_traditional_totals_labels_are_totals() -> None:
    from budgetparse.tables import read_table

    content = read("summary", fixture("summary_traditional.txt"))
    totals = [(r.group, r.name, values(r).get("预算数")) for r in content.rows if r.total]
    assert totals == [("income", "收入總計", D("300.00")), ("expense", "支出總計", D("300.00"))]
    tabbed = fixture("summary_traditional.txt").replace(" ", "\t")
    rows = read_table("summary", rows_of(tabbed)).rows
    assert [(r.group, r.name) for r in rows if r.total] == [
        ("income", "收入總計"),
        ("expense", "支出總計"),
    ]


def test_a_traditional_meta_line_among_spaced_rows_is_no_header() -> None:
    from budgetparse.tables.columns import vocabulary
    from budgetparse.tables.spaced import SpacedReader

    meta = "編製部門：某某縣統計局 單位：萬元"
    doc = fixture("expenditure.txt").replace("编制部门：某某县统计局 单位：万元", meta)
    doc = doc.replace("表3：部门支出总体情况表", "表3\n部门支出总体情况表")  # caption, title
    lines = rows_of(doc)
    assert any("单位：万元" in line.text.text for line in lines)  # left among the rows
    spec = kind_spec("expenditure")
    assert spec is not None
    reader = SpacedReader(spec, vocabulary(), None)
    content = reader.read(lines)
    assert not any("單位" in text or "单位" in text for text in reader.header_texts)
    assert content.columns == ("合计", "基本支出", "项目支出")


# -- repairs are reported: a number the extractor broke, rejoined ----------------------------


def rejoined_spans(doc: str) -> list[tuple[str, str]]:
    """(printed text, message) of each ``layout.number_rejoined`` of the parsed document."""
    import budgetparse

    return [
        (doc[d.span[0] : d.span[1]], d.message)
        for d in budgetparse.parse(doc).diagnostics
        if d.code == "layout.number_rejoined" and d.span is not None
    ]


def test_a_rejoined_number_is_a_diagnostic_with_its_span() -> None:
    doc = fixture("expenditure.txt").replace(
        "201 05   统计信息事务 1,200.50", "201 05   统计信息事务 1,200.5 0"
    )
    content = read("expenditure", doc)
    assert values(by_code(content)["20105"])["合计"] == D("1200.50")
    ((printed, message),) = rejoined_spans(doc)
    assert printed == "1,200.5 0"
    assert "1,200.50" in message


def test_a_rejoined_cell_of_a_tab_table_is_a_diagnostic() -> None:
    from budgetparse.tables import read_table

    doc = (
        "第二部分 部门预算公开表\n表3：部门支出总体情况表\n单位：万元\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t29 5\t29 5\t\n"
        "208\t社会保障和就业支出\t17\t17\t\n"
    )
    content = read_table("expenditure", rows_of(doc))
    row = by_code(content)["201"]
    assert values(row) == {"合计": D(295), "基本支出": D(295)}
    assert [printed for printed, _ in rejoined_spans(doc)] == ["29 5", "29 5"]
    assert rejoined_spans(doc.replace("29 5", "295")) == []


# -- a row no placement makes consistent is a finding, not a skipped check -------------------


def test_a_row_no_placement_fits_is_a_finding_at_the_row() -> None:
    doc = fixture("expenditure.txt").replace(
        "201 05 01     行政运行 1,000.30 1,000.30", "201 05 01     行政运行 1,000.30 1,000.80"
    )
    content = read("expenditure", doc)
    row = by_code(content)["2010501"]
    assert [c.text for c in row.unplaced] == ["1,000.30", "1,000.80"]
    assert set(row.undecided) == {"合计", "基本支出", "项目支出"}
    assert "table.arithmetic_mismatch" in codes(content)
    found = [f for f in parse(doc).findings if f.code == "table.row_inconsistent"]
    assert len(found) == 1
    (finding,) = found
    assert finding.severity == "error"
    assert finding.found == "1,000.30 1,000.80"
    assert finding.expected == "合计 = 基本支出 + 项目支出"
    ((start, end),) = finding.spans
    assert doc[start:end].startswith("201 05 01") and doc[start:end].endswith("1,000.80")
    assert [f.span for f in finding.inputs] == [c.span for c in row.unplaced]


def test_a_consistent_or_merely_ambiguous_row_is_no_such_finding() -> None:
    consistent = parse(fixture("expenditure.txt")).findings
    assert not [f for f in consistent if f.code == "table.row_inconsistent"]
    ambiguous = parse(fixture("ambiguous.txt")).findings
    assert not [f for f in ambiguous if f.code == "table.row_inconsistent"]


def test_a_row_missing_an_amount_printed_a_line_apart_is_no_finding() -> None:
    head = (
        "第二部分 部门预算公开表\n表3：部门支出总体情况表\n"
        "功能分类科目名称 合计 基本支出 项目支出\n"
        "201 一般公共服务支出 30.00 20.00 10.00\n"
    )
    row = "201 05 01     行政运行 30.00 10.00\n"
    whole = read("expenditure", head + row)
    assert [c.text for c in by_code(whole)["2010501"].unplaced] == ["30.00", "10.00"]
    # the row's 基本支出 printed on a line of its own above it (pdftotext splits tall rows)
    apart = read("expenditure", head + "                          20.00\n" + row)
    assert not by_code(apart)["2010501"].unplaced
    assert by_code(apart)["2010501"].undecided
    # one amount alone cannot show an inconsistency: it is a misreading of the row
    single = read("expenditure", head + "201 05 01     行政运行 30.00\n")
    assert not by_code(single)["2010501"].unplaced


# -- where amounts stand under pdftotext's header (tables/positions.py) -----------------------


def read_with_text(kind: str, document: str) -> TableContent:
    spec = kind_spec(kind)
    assert spec is not None
    return read_spaced_table(kind, spec, rows_of(document), None, None, document)


def test_amounts_are_placed_under_the_header_words_they_stand_under() -> None:
    doc = fixture("positions.txt")
    # 46.50 = 46.50 + 0 = 0 + 46.50: the arithmetic alone leaves every row open
    assert all(row.undecided for row in read("expenditure", doc).rows)
    rows = by_code(read_with_text("expenditure", doc))
    assert values(rows["201"]) == {"合计": D("46.50"), "基本支出": D("46.50")}
    assert values(rows["20105"]) == {"合计": D("46.50"), "基本支出": D("46.50")}
    assert values(rows["208"]) == {"合计": D("13.20"), "项目支出": D("13.20")}
    assert not any(row.undecided for row in rows.values())


def test_positions_are_not_used_where_the_table_does_not_bear_them_out() -> None:
    doc = fixture("positions.txt")
    # a row whose three amounts the arithmetic places for certain, printed a column off
    shifted = doc + "221       住房保障支出              9.00                  5.00        4.00\n"
    rows = by_code(read_with_text("expenditure", shifted))
    assert values(rows["221"]) == {"合计": D("9.00"), "基本支出": D("5.00"), "项目支出": D("4.00")}
    assert all(row.undecided for code, row in rows.items() if code != "221")
    # single spaces between cells: the header's words run together, no column is located
    single = "\n".join(" ".join(line.split()) for line in doc.split("\n"))
    assert all(row.undecided for row in read_with_text("expenditure", single).rows)


def test_a_header_word_wrapped_over_lines_locates_its_column_by_its_head() -> None:
    """``基本支`` / ``出``: the first part of a wrapped header word stands where its column
    is, when it begins the name of one column of the table and of no other."""
    wrapped = fixture("positions.txt").replace(
        "  功能分类                      合计        基本支出        项目支出\n"
        "  科目编码      科目名称\n",
        "  功能分类                      合计        基本支          项目支\n"
        "  科目编码      科目名称                    出              出\n",
    )
    rows = by_code(read_with_text("expenditure", wrapped))
    assert values(rows["201"]) == {"合计": D("46.50"), "基本支出": D("46.50")}
    assert values(rows["208"]) == {"合计": D("13.20"), "项目支出": D("13.20")}
    # a head that begins two columns' names (支出 …) or is too short locates nothing
    short = fixture("positions.txt").replace("基本支出        项目支出", "基本            项目    ")
    assert all(row.undecided for row in read_with_text("expenditure", short).rows)


def test_a_line_shifted_as_a_whole_is_placed_by_its_common_shift() -> None:
    doc = fixture("positions.txt").replace(
        "208 05    行政事业单位养老支出       13.20                  13.20",
        "208 05    行政事业单位养老支出   13.20                  13.20",  # four characters left
    )
    rows = by_code(read_with_text("expenditure", doc))
    assert values(rows["20805"]) == {"合计": D("13.20"), "项目支出": D("13.20")}
    # the same line with its second amount alone shifted stands nowhere consistently
    torn = fixture("positions.txt").replace(
        "208 05    行政事业单位养老支出       13.20                  13.20",
        "208 05    行政事业单位养老支出       13.20            13.20",
    )
    assert by_code(read_with_text("expenditure", torn))["20805"].undecided


# -- tabs expanded to tab stops (tables/gaps.py) ---------------------------------------------

TABBED = (
    "第二部分 部门预算公开表\n表3：部门支出总体情况表\n单位：万元\n"
    "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出\n"
    "类\t款\t项\n"
    "201\t\t\t一般公共服务支出\t58.30\t\t58.30\n"
    "201\t07\t\t国有资产事务\t58.30\t\t58.30\n"
    "201\t07\t02\t一般行政管理事务\t58.30\t\t58.30\n"
    "212\t\t\t城乡社区支出\t24.00\t24.00\n"
    "212\t05\t\t城乡社区环境卫生\t24.00\t24.00\n"
)


def expand_display(text: str, size: int) -> str:
    """Tabs to stops of ``size`` display cells (a CJK character two), as an editor does."""
    from budgetparse.layout import display_width

    lines = []
    for line in text.split("\n"):
        out, column = "", 0
        for char in line:
            if char == "\t":
                pad = size - column % size
                out, column = out + " " * pad, column + pad
            else:
                out, column = out + char, column + display_width(char)
        lines.append(out)
    return "\n".join(lines)


@pytest.mark.parametrize(
    "expand",
    [lambda t: t.expandtabs(8), lambda t: t.expandtabs(4), lambda t: expand_display(t, 8)],
    ids=["chars-8", "chars-4", "display-8"],
)
def test_tabs_expanded_to_stops_keep_their_cells(expand: Callable[[str], str]) -> None:
    from budgetparse.tables import read_table

    tabbed = read_table("expenditure", rows_of(TABBED)).rows
    expected = {(r.code, r.name): values(r) for r in tabbed}
    assert expected[("20107", "国有资产事务")] == {"合计": D("58.30"), "项目支出": D("58.30")}
    text = expand(TABBED)
    assert "\t" not in text
    content = read_table("expenditure", rows_of(text), text=text)
    assert {(r.code, r.name): values(r) for r in content.rows} == expected
    assert not any(row.undecided for row in content.rows)
    # without the text the stops cannot be counted: 58.30 = 58.30 + 0 = 0 + 58.30
    alone = read_table("expenditure", rows_of(text))
    assert any(row.undecided for row in alone.rows)


def words_of(kind: str) -> Callable[[str], bool]:
    from budgetparse.tables import _words

    return _words(kind)


def test_letter_spacing_on_a_tab_stop_no_words_decide_is_not_read_as_tabs() -> None:
    from budgetparse.tables.gaps import expanded_tabs

    spaced = TABBED.replace("功能分类科目名称\t合计", "功 能 分 类 科 目 名 称\t合计")
    text = spaced.expandtabs(8)
    words = words_of("expenditure")
    assert expanded_tabs(rows_of(TABBED.expandtabs(8)), TABBED.expandtabs(8)) is not None
    # without the kind's words the run cannot be cut; with them 功能分类科目名称 | 合计
    assert expanded_tabs(rows_of(text), text) is None
    assert expanded_tabs(rows_of(text), text, words) is not None
    # words no table prints: no cut makes words of the run
    unknown = TABBED.replace("功能分类科目名称\t合计", "甲 乙 丙 丁 戊 己 庚 辛\t合计")
    unknown = unknown.expandtabs(8)
    assert expanded_tabs(rows_of(unknown), unknown, words) is None
    # two cuts, each into words, in as many pieces: undecided (甲乙 | 丙丁戊 or 甲乙丙丁 | 戊)
    tied = TABBED.replace("功能分类科目名称\t合计", "甲 乙 丙 丁 戊\t合计").expandtabs(4)
    pieces = {"甲乙", "丙丁戊", "甲乙丙丁", "戊", "合计"}
    assert expanded_tabs(rows_of(tied), tied, lambda t: t.replace(" ", "") in pieces) is None
    assert expanded_tabs(rows_of(tied), tied, lambda t: t.replace(" ", "") in pieces - {"戊"})


@pytest.mark.parametrize(
    "expand",
    [lambda t: t.expandtabs(8), lambda t: t.expandtabs(4), lambda t: expand_display(t, 4)],
    ids=["chars-8", "chars-4", "display-4"],
)
def test_letter_spaced_header_words_on_tab_stops_are_cut_by_the_words(
    expand: Callable[[str], str],
) -> None:
    """``功 能 分 类`` + tab + ``合 计`` prints as one letter-spaced run would, and
    ``收 入 总 计`` + tab + ``1795`` as one cell would: the cut whose pieces are words of the
    table (or amounts) decides, and the table reads as its tab-separated source does."""
    from budgetparse.tables import read_table
    from budgetparse.tables.gaps import expanded_tabs

    source = fixture("letter_spaced_tabs.txt")
    tabbed = read_table("fiscal_summary", rows_of(source))
    expected = [(r.group, r.code, r.name, values(r)) for r in tabbed.rows]
    assert expected[-1] == (
        "expense",
        None,
        "支出总计",
        {"合计": D("1795"), "一般公共预算": D("1730"), "政府性基金预算": D("65")},
    )
    text = expand(source)
    assert expanded_tabs(rows_of(text), text) is None  # letter spacing on a stop
    content = read_table("fiscal_summary", rows_of(text), text=text)
    assert [(r.group, r.code, r.name, values(r)) for r in content.rows] == expected
    assert content.columns == tabbed.columns
    assert not any(row.undecided for row in content.rows)
    assert content.diagnostics == ()


def test_a_header_word_with_a_space_on_a_tab_stop_stays_one_cell() -> None:
    """``经济分类 科目 编码``: its single space after 科目 ends on a stop, as a tab after a
    cell one column short of it would; the header word it reads whole keeps it one cell
    (the cut pieces are no words), so the header stays above its columns."""
    from budgetparse.tables import read_table
    from budgetparse.tables.gaps import expanded_tabs

    source = (
        "第二部分 部门预算公开表\n表6：一般公共预算基本支出情况表\n单位：万元\n"
        "项目\t\t一般公共预算基本支出\t\t\n"
        "经济分类 科目 编码\t经济分类科目名称\t合计\t人员经费\t公用经费\n"
        "301\t工资福利支出\t412\t412\t\n"
        "301\t01 基本工资\t205\t205\t\n"
        "302\t商品和服务支出\t96\t\t96\n"
        "\t合计\t508\t412\t96\n"
    )
    expected = [(r.code, values(r)) for r in read_table("general_basic", rows_of(source)).rows]
    for size in (8, 4):
        text = source.expandtabs(size)
        lines = expanded_tabs(rows_of(text), text, words_of("general_basic"))
        assert lines is not None
        assert [c.text for c in lines[1].cells][:2] == ["经济分类科目编码", "经济分类科目名称"]
        # without the words, a single space on a stop is a tab
        alone = expanded_tabs(rows_of(text), text)
        assert alone is not None
        assert [c.text for c in alone[1].cells][:2] == ["经济分类科目", "编码"]
        content = read_table("general_basic", rows_of(text), text=text)
        assert [(r.code, values(r)) for r in content.rows] == expected


def test_words_parted_by_single_spaces_are_not_read_as_tabs() -> None:
    """A PDF's text layer parts header words by one space; three-character words then fall
    on stops of 4 by chance.  With no run of two spaces there is no sign of a tab, and the
    header keeps its known columns."""
    import budgetparse

    doc = budgetparse.parse(
        "某某区档案局2024年度部门决算\n\n第二部分 2024年度部门决算表\n\n"
        "财政拨款“三公”经费支出决算表\n单位：万元\n财政拨款“三公”经费\n"
        "合计 因公出国（境）费\n公务用车购置及运行费\n公务接待费\n"
        "小计 公务用车购置费 公务用车运行费\n" + "预算数 决算数 " * 5 + "预算数 决算数\n"
    )
    (table,) = doc.tables
    assert table.columns[:3] == ("预算数/合计", "决算数/合计", "预算数/因公出国（境）费")
    assert not [d for d in doc.diagnostics if d.code == "table.unknown_column"]


# -- the code levels' header words among the rows --------------------------------------------


def test_level_words_before_the_totals_label_leave_a_totals_row() -> None:
    """``类 款 项`` printed on the line of the totals row (a PDF's text): the row is the
    totals row, and the sum of the classes under it decides which source the single
    amount of 213 is (其他收入 is taken whole by 205)."""
    doc = fixture("final_levels.txt")
    spec = kind_spec("final_revenue")
    assert spec is not None
    # the summary prints 上级补助收入, 事业收入, 经营收入 and 附属单位上缴收入 empty
    empty = frozenset(
        {
            "final_superior_grants",
            "final_business_income",
            "final_operating_income",
            "final_affiliated_income",
        }
    )
    content = read_spaced_table(
        "final_revenue", spec, rows_of(doc), None, Evidence(empty_sources=empty)
    )
    rows = by_code(content)
    total = rows["合计"]
    assert total.total
    assert values(total) == {
        "本年收入合计": D("812.40"),
        "财政拨款收入": D("808.10"),
        "其他收入": D("4.30"),
    }
    for code in ("213", "21301", "2130104", "2130199"):
        assert set(values(rows[code])) == {"本年收入合计", "财政拨款收入"}, code
        assert not rows[code].undecided


def test_level_words_on_a_line_of_their_own_name_no_row() -> None:
    """pdftotext -layout prints ``类 款 项`` between the totals' amounts and their label:
    the words are header, not the first part of the next row's name."""
    doc = fixture("final_levels.txt").replace(
        "类 款 项 合计 812.40 808.10 4.30\n", "812.40 808.10 4.30\n类 款 项\n合计\n"
    )
    content = read("final_revenue", doc)
    names = [row.name for row in content.rows]
    assert names[:2] == ["合计", "教育支出"]
    assert not any(name and "类款项" in name for name in names)
    assert by_code(content)["合计"].total


# -- a tall row's amounts printed a line above its code line -----------------------------------


def test_amounts_printed_above_their_code_line_are_joined_to_it() -> None:
    """pdftotext prints the amounts of tall rows a line above the code line, which keeps
    one amount: every line of amounts alone stands over a code or totals line that is
    inconsistent alone and consistent with them, so they are the row's."""
    doc = fixture("amounts_above.txt")
    content = read_with_text("expenditure", doc)
    rows = by_code(content)
    assert values(rows["合计"]) == {
        "合计": D("85.40"),
        "基本支出": D("73.30"),
        "项目支出": D("12.10"),
    }
    assert values(rows["201"]) == {
        "合计": D("60.00"),
        "基本支出": D("50.00"),
        "项目支出": D("10.00"),
    }
    assert values(rows["2010501"]) == {"合计": D("50.00"), "基本支出": D("50.00")}
    assert values(rows["2010502"]) == {"合计": D("10.00"), "项目支出": D("10.00")}
    assert values(rows["2080501"]) == {
        "合计": D("25.40"),
        "基本支出": D("23.30"),
        "项目支出": D("2.10"),
    }
    assert not any(row.undecided or row.unplaced for row in content.rows)
    assert "table.stray_text" not in codes(content)
    # the row's span covers its amounts above the code line
    start, end = rows["201"].span
    assert doc[start:end].lstrip().startswith("50.00") and doc[start:end].endswith("60.00")


def test_amounts_above_are_not_joined_without_the_evidence() -> None:
    doc = fixture("amounts_above.txt")
    # without the text there are no character columns to order the amounts by
    assert any(row.undecided for row in read("expenditure", doc).rows)
    # a code line that is whole by itself under a line of amounts: the amounts are not
    # shown to be its own
    whole = doc.replace(
        "201   05   01 行政运行                     50.00",
        "201   05   01 行政运行                     50.00       50.00",
    )
    rows = by_code(read_with_text("expenditure", whole))
    assert not rows["2010501"].unplaced
    assert rows["201"].undecided
    # two amounts standing in one place are not the cells of one row
    crowded = doc.replace(
        "                                                   23.30\n208           社会",
        "                                      23.30\n208           社会",
    )
    assert by_code(read_with_text("expenditure", crowded))["208"].undecided
    # a code line without amounts may take the line below it: no evidence for above
    bare = doc.replace(
        "                                                   50.00\n"
        "201   05   01 行政运行                     50.00\n",
        "                                       50.00       50.00\n201   05   01 行政运行\n",
    )
    assert bare != doc
    assert by_code(read_with_text("expenditure", bare))["201"].undecided


def test_a_bottom_header_line_of_one_leaf_per_column_locates_every_column() -> None:
    """``预算数 决算数 预算数 …`` under the spanning words: no word names a column by itself,
    but one per column in the printed order each stands over its own; the figures then
    stand under 决算数 of 合计 and of 公务接待费, of the four placements the arithmetic
    allows."""
    doc = fixture("three_public_leaves.txt")
    (alone,) = read("final_three_public", doc).rows
    assert len(alone.undecided) == 6
    (row,) = read_with_text("final_three_public", doc).rows
    assert values(row) == {"决算数/合计": D("1.30"), "决算数/公务接待费": D("1.30")}
    assert not row.undecided
    # a line of one word fewer than the columns is no such line
    short = doc.replace("预算数      决算数\n", "预算数\n")
    (left,) = read_with_text("final_three_public", short).rows
    assert left.undecided


def test_an_income_item_with_a_remark_in_brackets_keeps_the_expense_item_beside_it() -> None:
    """``使用非财政拨款结余（含专用结余）`` then ``结余分配`` on one line: the remark in
    brackets does not hide that the left item is an income, so the line splits in two."""
    content = read("final_summary", fixture("final_summary_remark.txt"))
    named = [(row.group, row.name) for row in content.rows]
    assert ("income", "使用非财政拨款结余（含专用结余）") in named
    assert ("expense", "结余分配") in named
    assert len([g for g, _ in named if g == "income"]) == 6
    assert len([g for g, _ in named if g == "expense"]) == 6


# -- a table printing a share of another's amounts (evidence.Share) --------------------------


def general_share(*rows: tuple[str | None, str, str, str]) -> Evidence:
    """Evidence of a 一般公共预算财政拨款支出决算表 printing these (code, 合计, 基本支出,
    项目支出) rows, a code of None its totals row."""
    printed = [
        Row(
            code=code,
            name=None if code else "合计",
            project=None,
            group=None,
            total=code is None,
            values={"合计": D(total), "基本支出": D(basic), "项目支出": D(project)},
            cells={},
            span=(0, 0),
        )
        for code, total, basic, project in rows
    ]
    pairs = [
        ("final_general_expenditure", "合计", "final_expenditure", "本年支出合计"),
        ("final_general_expenditure", "基本支出", "final_expenditure", "基本支出"),
        ("final_general_expenditure", "项目支出", "final_expenditure", "项目支出"),
    ]
    return Evidence(shares=shares(pairs, [("final_general_expenditure", printed)]))


def read_final_expenditure(evidence: Evidence) -> dict[str | None, Row]:
    spec = kind_spec("final_expenditure")
    assert spec is not None
    doc = fixture("final_expenditure_share.txt")
    return by_code(read_spaced_table("final_expenditure", spec, rows_of(doc), None, evidence))


def test_a_code_all_of_whose_spending_a_share_table_prints_takes_its_columns() -> None:
    """Without positions, 205's three amounts fit ten placements and 213's two five; the
    general budget's table printing the same total for a code says that nothing else
    funds it: its 基本支出 and 项目支出 are the share's, the other columns empty."""
    assert read_final_expenditure(Evidence())["205"].undecided
    rows = read_final_expenditure(
        general_share(
            (None, "930.60", "702.40", "228.20"),
            ("205", "830.60", "702.40", "128.20"),
            ("20508", "830.60", "702.40", "128.20"),
            ("2050803", "830.60", "702.40", "128.20"),
            ("213", "100.00", "0", "100.00"),
            ("21301", "100.00", "0", "100.00"),
            ("2130199", "100.00", "0", "100.00"),
        )
    )
    assert values(rows["205"]) == {
        "本年支出合计": D("830.60"),
        "基本支出": D("702.40"),
        "项目支出": D("128.20"),
    }
    assert values(rows["2130199"]) == {"本年支出合计": D("100.00"), "项目支出": D("100.00")}
    assert not any(row.undecided for row in rows.values())


def test_a_code_other_sources_fund_as_well_is_not_decided_by_the_share() -> None:
    """205 spends 830.60, the general budget 800.00 of it: the rest may stand in any
    column, so the share says nothing of where its amounts go."""
    rows = read_final_expenditure(
        general_share(
            ("205", "800.00", "700.00", "100.00"),
            ("20508", "800.00", "700.00", "100.00"),
            ("2050803", "800.00", "700.00", "100.00"),
        )
    )
    assert rows["205"].undecided and rows["2050803"].undecided


# -- a code printed alone between the lines of its wrapped name --------------------------------


def test_a_code_alone_between_the_two_lines_of_its_name_is_its_row() -> None:
    """A blank form (no amounts): pdftotext centres each code in its tall cell, so a name
    of two lines puts the code on a line of its own between them (``其他节能环保支`` /
    ``21199`` / ``出``); it stands where the codes stand, so it is the row's code line,
    not an amount of the row above."""
    doc = fixture("final_blank_form.txt")
    content = read_with_text("final_expenditure", doc)
    assert [(r.code, r.name) for r in content.rows] == [
        ("201", "一般公共服务支出"),
        ("20106", "财政事务"),
        ("2010601", "行政运行"),
        ("211", "节能环保支出"),
        ("21199", "其他节能环保支出"),
        ("212", "城乡社区支出"),
        ("21299", "其他城乡社区管理事务支出"),
        (None, "合计"),
    ]
    assert not any(r.undecided or values(r) for r in content.rows)
    assert codes(content) == []
    rows = by_code(content)
    start, end = rows["21199"].span
    assert doc[start:end].startswith("其他节能环保支") and doc[start:end].endswith("出")
    start, end = rows["21299"].span
    assert doc[start:end].startswith("其他城乡社区") and doc[start:end].endswith("出")


def test_a_number_alone_is_no_code_where_it_stands_elsewhere_or_unseen() -> None:
    doc = fixture("final_blank_form.txt")
    # without the text, where the number stands is unknown: it stays an amount of the row
    # above, undecided and reported
    assert "21199" not in by_code(read("final_expenditure", doc))
    # standing under the amounts, not at the codes' column
    under = doc.replace("\n21199\n", "\n                             21199\n")
    content = read_with_text("final_expenditure", under)
    assert "21199" not in by_code(content)
    assert by_code(content)["211"].undecided
    # two lines of name above it and one below: the code would share the middle line of
    # a name of three, so the line above is not this name's head alone
    three = doc.replace("其他节能环保支\n", "其他节能\n           环保支\n")
    assert "21199" not in by_code(read_with_text("final_expenditure", three))
    # every line at the left edge (a PDF's text layer): the names do not stand right of
    # the codes, so where the number stands says nothing
    flush = "\n".join(line.strip() for line in doc.splitlines()) + "\n"
    content = read_with_text("final_expenditure", flush)
    assert "21199" not in by_code(content)
    assert by_code(content)["211"].undecided


# -- a form's lines of ellipses (rows it leaves out) -----------------------------------------


def elisions(content: TableContent, doc: str) -> list[str]:
    """The text each ``table.rows_elided`` report covers, white space removed."""
    return [
        "".join(doc[span[0] : span[1]].split())
        for code, _, span in content.diagnostics
        if code == "table.rows_elided" and span is not None
    ]


def test_a_line_of_ellipses_is_no_part_of_the_name_above() -> None:
    """A blank form prints ``…  …`` where it leaves rows out: the row above ends there
    (its name is not joined with the ellipses), no row is made of them, and each run of
    such lines is one report with its span (info: no row around it is misread)."""
    doc = fixture("final_blank_elided.txt")
    content = read_with_text("final_expenditure", doc)
    assert [(r.code, r.name) for r in content.rows] == [
        ("213", "农林水支出"),
        ("21301", "农业农村"),
        ("2130104", "事业运行"),
        ("216", "商业服务业等支出"),
        ("21699", "其他商业服务业等支出"),
        (None, "合计"),
    ]
    assert codes(content) == ["table.rows_elided"] * 2
    assert elisions(content, doc) == ["……", "⋯⋯⋯⋯"]
    assert "table.rows_elided" in INFO_CODES
    # the row before the ellipses ends at its own line
    start, end = by_code(content)["2130104"].span
    assert doc[start:end] == "2130104    事业运行"


@pytest.mark.parametrize(
    "filler", ["…", "……", "⋯  ⋯", "...   ...", "···", "· · ·", "．．．", "。。。", "‥"]
)
def test_every_printed_form_of_an_ellipsis_line_is_dropped(filler: str) -> None:
    doc = fixture("final_blank_elided.txt").replace(" …          …\n", f" {filler}\n")
    content = read_with_text("final_expenditure", doc)
    assert by_code(content)["2130104"].name == "事业运行"
    assert codes(content) == ["table.rows_elided"] * 2


@pytest.mark.parametrize("text", [".", "·", "。", "…其他", "2130104 …", "1…2", "1..2"])
def test_dots_that_are_no_ellipsis_line_are_kept(text: str) -> None:
    assert not elided([MappedText.original(piece) for piece in text.split()])


def test_ellipses_below_a_row_whose_name_is_printed_under_its_amounts() -> None:
    """A budget table with amounts: a row printed ``210 11 01  62.40  62.40`` takes the
    name on the line below (``行政单位医疗``), and the ellipses after it are not more of
    that name."""
    doc = fixture("expenditure_elided.txt")
    for content in (read("expenditure", doc), read_with_text("expenditure", doc)):
        rows = by_code(content)
        assert rows["2101101"].name == "行政单位医疗"
        assert values(rows["2101101"]) == {"合计": D("62.40"), "基本支出": D("62.40")}
        assert rows["21099"].name == "其他卫生健康支出"
        assert codes(content) == ["table.rows_elided"]


def test_ellipses_in_a_two_list_table_end_the_rows_of_both_lists() -> None:
    doc = fixture("final_basic_blank_elided.txt")
    content = read_with_text("final_general_basic", doc)
    assert [(r.group, r.code, r.name) for r in content.rows] == [
        ("income", "301", "工资福利支出"),
        ("expense", "302", "商品和服务支出"),
        ("income", "30101", "基本工资"),
        ("expense", "30201", "办公费"),
        ("income", "30199", "其他工资福利支出"),
        ("expense", "30299", "其他商品和服务支出"),
    ]
    assert codes(content) == ["table.rows_elided"]


# -- a blank form's totals row printed right under the header --------------------------------


def test_a_blank_forms_totals_row_printed_first_is_its_totals_row() -> None:
    """No amount starts the body of a blank form, so the ``合计`` line between the header
    and the first coded row would be taken for a header word: it stands where the rows'
    labels stand (under 项目 / 科目名称, left of every amount column), so it is the
    totals row."""
    doc = fixture("final_blank_totals_first.txt")
    content = read_with_text("final_revenue", doc)
    assert [(r.code, r.name, r.total) for r in content.rows] == [
        (None, "合计", True),
        ("214", "交通运输支出", False),
        ("21401", "公路水路运输", False),
        ("2140101", "行政运行", False),
        ("221", "住房保障支出", False),
        ("22199", "其他住房保障支出", False),
    ]
    assert codes(content) == []
    assert content.columns[0] == "本年收入合计"  # the header read without the label
    start, end = content.rows[0].span
    assert doc[start:end] == "合计"


def test_a_totals_word_over_the_amounts_is_a_header_word() -> None:
    """The same line standing over the amount columns (a header word of the first
    column, wrapped onto a line of its own) is no row; nor is it one where the text, and
    so where it stands, is unknown."""
    doc = fixture("final_blank_totals_first.txt")
    over = doc.replace("\n                 合计\n", "\n                                合计\n")
    assert over != doc
    for content in (read_with_text("final_revenue", over), read("final_revenue", doc)):
        assert not [r for r in content.rows if r.total]
    # a budget table the same: a label under the name column is its totals row
    budget = (
        "第二部分 部门预算公开表\n表3：部门支出总体情况表\n"
        "                                          单位：万元\n"
        "   科目编码      科目名称        合计     基本支出     项目支出\n"
        "\n"
        "                 合计\n"
        " 205        教育支出\n"
        " 20502      普通教育\n"
    )
    content = read_with_text("expenditure", budget)
    assert [(r.code, r.name) for r in content.rows] == [
        (None, "合计"),
        ("205", "教育支出"),
        ("20502", "普通教育"),
    ]
    label = "\n" + " " * 17 + "合计\n"
    shifted = budget.replace(label, "\n" + " " * 32 + "合计\n")
    assert not [r for r in read_with_text("expenditure", shifted).rows if r.total]
    # the 合计 column's only header word, wrapped below the others: left of the located
    # columns but right of the name words, it is the header of its column
    header = "科目名称        合计     基本支出"
    wrapped = budget.replace(header, "科目名称" + " " * 17 + "基本支出")
    wrapped = wrapped.replace(label, "\n" + " " * 27 + "合计\n")
    content = read_with_text("expenditure", wrapped)
    assert not [r for r in content.rows if r.total]
    assert [r.code for r in content.rows] == ["205", "20502"]


# -- a blank form printed one cell a line (plain pdftotext) --------------------------------


# (a page of its own: with no form feed in a text, any bare number may be a page number)
BLANK_ONE_CELL_A_LINE = """\f第二部分 部门决算表
三、支出决算表
单位：万元
项目
本年支出合计
科目编码
科目名称
213

农林水支出

21301

农业农村

2130104

事业运行

…

216
21699
…
注：本表反映部门本年度各项支出情况。
\f"""


def test_a_blank_forms_child_codes_printed_alone_are_rows_not_amounts() -> None:
    """No amount in the form: ``21301`` alone below the row of ``213`` is its child's
    code (the parent's code and two digits more, with a name after it or none before
    it), never an amount of ``213`` of twenty thousand 万元."""
    for content in (
        read("final_expenditure", BLANK_ONE_CELL_A_LINE),
        read_with_text("final_expenditure", BLANK_ONE_CELL_A_LINE),
    ):
        rows = [(r.code, r.name, values(r)) for r in content.rows]
        assert rows == [
            ("213", "农林水支出", {}),
            ("21301", "农业农村", {}),
            ("2130104", "事业运行", {}),
            ("216", None, {}),
            ("21699", None, {}),
        ]


def test_a_whole_number_after_a_named_row_without_a_name_after_it_stays_an_amount() -> None:
    """A budget table printing whole 万元: a number alone after a named row, with the
    next row's code after it, is that row's amount even where its digits extend the
    row's code."""
    doc = (
        "第二部分 部门预算公开表\n表3：部门支出总体情况表\n"
        "功能分类科目名称 合计 基本支出 项目支出\n"
        "213 农林水支出\n21301\n2130104 事业运行 21301 21301\n"
    )
    content = read("expenditure", doc)
    assert [r.code for r in content.rows] == ["213", "2130104"]
    # its one amount fits any of its columns: kept, and left undecided
    assert by_code(content)["213"].undecided == ("合计", "基本支出", "项目支出")


def test_the_two_lists_closing_totals_printed_without_amounts_are_two_totals_rows() -> None:
    """``人员经费合计   公用经费合计`` closing a blank form: the cell the two labels run
    into is cut between them, one totals row on each side (not more name of the last
    expense row)."""
    doc = fixture("final_basic_blank_elided.txt")
    doc = doc.replace(
        "30199  其他工资福利支出              30299  其他商品和服务支出\n",
        "30199  其他工资福利支出              30299  其他商品和服务支出\n"
        "      人员经费合计        公用经费合计\n",
    )
    content = read_with_text("final_general_basic", doc)
    assert [(r.group, r.code, r.name, r.total) for r in content.rows][-4:] == [
        ("income", "30199", "其他工资福利支出", False),
        ("expense", "30299", "其他商品和服务支出", False),
        ("income", None, "人员经费合计", True),
        ("expense", None, "公用经费合计", True),
    ]


# -- a name wrapped below its code line -------------------------------------------------------


def test_a_name_wrapped_below_its_code_line_is_its_rows_not_the_next_ones() -> None:
    """``2130106 农业农村科技与信息化建 112.50 …`` / ``设支出`` / ``2130108 病虫害…``: the
    line of name text is the rest of the row above (the row below prints a name of its
    own on its code line), and after the last row it can only be that row's."""
    doc = fixture("names_wrapped_below.txt")
    for content in (read("final_expenditure", doc), read_with_text("final_expenditure", doc)):
        rows = by_code(content)
        assert rows["2130106"].name == "农业农村科技与信息化建设支出"
        assert rows["2130108"].name == "病虫害防治及农作物生产救灾支出"
        assert rows["2130199"].name == "其他农业农村事务管理支出"
        assert values(rows["2130199"]) == {
            "本年支出合计": D("100.00"),
            "基本支出": D("0.00"),
            "项目支出": D("100.00"),
        }
        assert codes(content) == []


# -- two-sided tables: which side a piece stands on, which row it continues ------------------


def sides_of(content: TableContent) -> list[tuple[str | None, str | None, str | None]]:
    return [(r.group, r.code, r.name) for r in content.rows]


FISCAL_NAMES = [
    ("income", None, "一、一般公共预算财政拨款"),
    ("expense", None, "一、一般公共服务支出"),
    ("income", None, "二、政府性基金预算财政拨款"),
    ("expense", None, "二、教育支出"),
    ("income", None, "三、国有资本经营预算财政拨款"),
    ("expense", None, "三、科学技术支出"),
]


def test_a_fiscal_summary_read_by_where_its_sides_stand() -> None:
    """pdftotext ``-layout`` of a 财政拨款收入支出决算总表: an expense item alone on its
    line stands at the expense side's column (``四、文化旅游体育与传媒支`` / ``出``, never
    the income side's), a wrapped name goes on at its cell's column on the next line
    (``二、政府性基金预算财政拨`` / ``款`` below an expense item), an amount printed alone
    on the line above its label is that label's, and the two sides' labels run into one
    cell (``本年收入合计 本年支出合计``) are two rows."""
    content = read_with_text("final_fiscal_summary", fixture("final_fiscal_wrapped.txt"))
    rows = sides_of(content)
    assert rows[:6] == FISCAL_NAMES
    assert rows[6:9] == [
        ("expense", None, "四、文化旅游体育与传媒支出"),
        ("expense", None, "五、社会保障和就业支出"),
        ("expense", None, "六、灾害防治及应急管理支出"),
    ]
    assert [name for _, _, name in rows[9:]] == [
        "本年收入合计",
        "本年支出合计",
        "年初财政拨款结转和结余",
        "年末财政拨款结转和结余",
        "总计",
        "总计",
    ]
    named = {(r.group, r.name): values(r) for r in content.rows}
    assert named["income", "一、一般公共预算财政拨款"] == {"决算数": D("1520.40")}
    assert named["income", "本年收入合计"] == {"决算数": D("1520.40")}
    assert named["expense", "本年支出合计"]["合计"] == D("1520.40")
    assert "table.stray_text" not in codes(content)


def test_without_positions_the_numbering_and_the_open_item_tell_the_side() -> None:
    """A PDF's text layer (no columns): ``五、文化旅游体育与传媒支`` continues the expense
    side's numbering (四、), not the income side's (三、); ``出`` finishes the one open
    item; ``拨款 三、科学技术支出`` is the rest of the income item above, then an expense
    item; ``七、灾害防治及应急管`` / ``理支出`` one item."""
    content = read("final_fiscal_summary", fixture("final_fiscal_pdf_text.txt"))
    rows = sides_of(content)
    assert rows[:6] == FISCAL_NAMES
    assert rows[6:10] == [
        ("expense", None, "四、农林水支出"),
        ("expense", None, "五、文化旅游体育与传媒支出"),
        ("expense", None, "六、社会保障和就业支出"),
        ("expense", None, "七、灾害防治及应急管理支出"),
    ]
    assert len(rows) == 16


def test_an_income_item_run_onto_the_expense_sides_line_is_an_income_row() -> None:
    doc = fixture("final_fiscal_pdf_text.txt").replace(
        "年末财政拨款结转和结余 36.50 36.50\n",
        "年末财政拨款结转和结余 36.50 36.50 一、一般公共预算财政拨款 36.50\n",
    )
    rows = {(r.group, r.name): values(r) for r in read("final_fiscal_summary", doc).rows}
    assert rows["income", "一、一般公共预算财政拨款"] == {"决算数": D("36.50")}
    assert rows["expense", "年末财政拨款结转和结余"]["合计"] == D("36.50")


def test_a_two_list_name_printed_around_its_code_line_is_its_rows() -> None:
    """``其他社会保障`` / ``30112  8.60`` / ``缴费``: pdftotext centres the code and amount
    in the tall cell, the name's lines above and below it; ``310资本性支出``: a class code
    glued to its name; a code printed alone with its name and amount below it."""
    content = read_with_text("final_general_basic", fixture("final_basic_wrapped.txt"))
    assert [(r.group, r.code, r.name, values(r)) for r in content.rows] == [
        ("income", "301", "工资福利支出", {"决算数": D("88.40")}),
        ("expense", "302", "商品和服务支出", {"决算数": D("12.30")}),
        ("income", "30101", "基本工资", {"决算数": D("50.20")}),
        ("expense", "30201", "办公费", {"决算数": D("4.10")}),
        ("income", "30112", "其他社会保障缴费", {"决算数": D("8.60")}),
        ("expense", "30211", "差旅费", {"决算数": D("2.20")}),
        ("income", "30113", "住房公积金", {"决算数": D("29.60")}),
        ("expense", "30231", "公务用车运行维护费", {"决算数": D("3.00")}),
        ("expense", "30299", "其他商品和服务支出", {"决算数": D("3.00")}),
        ("expense", "310", "资本性支出", {"决算数": D("5.50")}),
        ("expense", "31003", "专用设备购置", {"决算数": D("5.50")}),
        ("income", None, "人员经费合计", {"决算数": D("88.40")}),
        ("expense", None, "公用经费合计", {"决算数": D("17.80")}),
    ]
    assert codes(content) == []


def test_a_blank_two_list_forms_glued_codes_and_names_around_code_lines() -> None:
    """A blank form: ``绩效工资  30216培训费`` (the right-hand code glued to its name, the
    two cells run together) and a name above and below a code line with no amount, the
    code line printing no name of its own (not the rest of the row above it)."""
    content = read_with_text("final_general_basic", fixture("final_basic_blank_glued.txt"))
    assert sides_of(content) == [
        ("income", "301", "工资福利支出"),
        ("expense", "302", "商品和服务支出"),
        ("income", "30101", "基本工资"),
        ("expense", "30201", "办公费"),
        ("income", "30107", "绩效工资"),
        ("expense", "30216", "培训费"),
        ("income", "30110", "职工基本医疗保险缴费"),
        ("income", "30113", "住房公积金"),
        ("expense", "30217", "公务接待费"),
        ("income", "30199", "其他工资福利支出"),
        ("expense", "30226", "劳务费"),
        ("expense", "30299", "其他商品和服务支出"),
        ("expense", "310", "资本性支出"),
        ("expense", "31007", "信息网络及软件购置更新"),
        ("income", None, "人员经费合计"),
        ("expense", None, "公用经费合计"),
    ]


def test_two_list_rows_run_together_on_one_line_are_cut_apart() -> None:
    """A PDF's text layer runs the last rows and both totals onto one line, one code glued
    to the name before it (``公务用车购置310 21 …``): each code starts a row, each totals
    label the totals row of its list."""
    for content in (
        read("final_general_basic", fixture("final_basic_run_together.txt")),
        read_with_text("final_general_basic", fixture("final_basic_run_together.txt")),
    ):
        assert [(r.group, r.code, r.name, r.total, values(r)) for r in content.rows][-5:] == [
            ("expense", "31013", "公务用车购置", False, {}),
            ("expense", "31021", "文物和陈列品购置", False, {}),
            ("expense", "31099", "其他资本性支出", False, {}),
            ("income", None, "人员经费合计", True, {"决算数": D("64.20")}),
            ("expense", None, "公用经费合计", True, {"决算数": D("14.30")}),
        ]
        assert codes(content) == []


def test_a_name_centred_on_its_code_line_takes_its_lines_above_and_below() -> None:
    """pdftotext centres a name in its tall cell: a line above the code line and one
    below (``农林水支`` / ``213 930.00`` / ``出``), a one-line name above it alone
    (``农业农村`` / ``21301 930.00``).  After a row whose name stood above its code, the
    next line heads the next row where that row's code line prints no name text and a
    line of name follows it (``事业运行`` / ``2130104`` is no tail of ``21301``); a row
    that prints its own name on its code line keeps it alone."""
    doc = fixture("names_centred.txt")
    for content in (
        read("final_general_expenditure", doc),
        read_with_text("final_general_expenditure", doc),
    ):
        assert [(r.code, r.name) for r in content.rows] == [
            ("213", "农林水支出"),
            ("21301", "农业农村"),
            ("2130104", "事业运行"),
            ("2130106", "农业农村科技与信息化"),
            ("2130199", "其他农业农村支出"),
        ]
        assert codes(content) == []
        rows = by_code(content)
        assert values(rows["21301"]) == {
            "合计": D("930.00"),
            "基本支出": D("610.00"),
            "项目支出": D("320.00"),
        }



def test_a_two_sided_blank_form_in_pdftotext_layout_keeps_its_labels_as_rows() -> None:
    """A summary printed without amounts (a blank form: its amounts left blank, the
    layout kept) in pdftotext's layout: its body starts at the first numbered item (no
    amount or code to go by), its two sides stand apart on each line, and its rows are
    the filled form's, every cell empty."""
    filled = fixture("final_summary_remark.txt")
    blank = regex.sub(r"\d[\d,]*\.\d\d", lambda m: " " * len(m.group()), filled)
    assert not regex.search(r"\d\.\d", blank)

    def sides(content: TableContent) -> list[tuple[str | None, str | None, bool]]:
        return [(r.group, r.name, r.total) for r in content.rows]

    content = read_with_text("final_summary", blank)
    assert sides(content) == sides(read_with_text("final_summary", filled))
    assert len(content.rows) == 12
    assert not any(values(r) for r in content.rows)
