"""Space-aligned (pdftotext) table rows: printed numbers assigned to columns by arithmetic.

Hand-written tables in ``tests/fixtures/tables_spaced/`` (made-up names and amounts) and
checks on corpus/2025 that were verified by reading the file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetparse.layout import TABLE_ROW, TABLE_START, LogicalLine, normalise
from budgetparse.pipeline import parse
from budgetparse.tables import Row, TableContent
from budgetparse.tables.columns import kind_spec
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
