"""Table rows: tab-separated rows read into typed rows under canonical column names.

Two kinds of tests: small hand-written tables in ``tests/fixtures/tables/`` (one case per
construct, expected readings written by hand, see the README there), and checks on the
corpus that are *read*: named rows and their amounts, and the arithmetic identities of
DESIGN.md §3 on every table, with the errors the documents really print listed by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetparse.layout import TABLE_ROW, TABLE_START, LogicalLine, normalise, split_cells
from budgetparse.mapped import MappedText
from budgetparse.tables import INFO_CODES, Row, TableContent, read_table
from budgetparse.tables.columns import kind_spec, norm, vocabulary
from budgetparse.templates import best_match, part3_tables, templates

from .conftest import CORPUS

FIXTURES = Path(__file__).parent / "fixtures" / "tables"

# -- fixture cases -------------------------------------------------------------------------------


def render_row(row: Row) -> str:
    head = []
    if row.group:
        head.append(row.group)
    if row.total:
        head.append("TOTAL")
    head += [row.code or "-", row.name or "-"]
    if row.project:
        head.append(f"[{row.project}]")
    values = []
    for column, value in row.values.items():
        if value is not None:
            values.append(f"{column}={value}")
        elif column in row.cells:
            values.append(f"{column}=?{row.cells[column].text}")
        elif column in row.undecided:
            values.append(f"{column}=?")
    return f"{' '.join(head)} | {' '.join(values)}".rstrip()


def render(content: TableContent) -> list[str]:
    lines = [f"columns: {' | '.join(content.columns)}".rstrip()]
    lines += [render_row(r) for r in content.rows]
    lines += [f"diag: {code}" for code, _, _ in content.diagnostics]
    return lines


def fixture_cases() -> Iterator[pytest.param]:
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for block in re.split(r"^=== ", text, flags=re.M)[1:]:
            title, _, rest = block.partition("\n")
            meta, document, expected = rest.split("\n---\n")
            kind = re.search(r"^kind:\s*(\S+)", meta, re.M).group(1)  # type: ignore[union-attr]
            yield pytest.param(
                kind,
                document + "\n",
                [line for line in expected.strip().splitlines() if line.strip()],
                id=f"{path.stem}: {title.strip()}",
            )


def rows_of(document: str) -> list[LogicalLine]:
    return [line for line in normalise(document).lines if line.kind in (TABLE_START, TABLE_ROW)]


@pytest.mark.parametrize(("kind", "document", "expected"), list(fixture_cases()))
def test_fixture(kind: str, document: str, expected: list[str]) -> None:
    content = read_table(kind, rows_of(document))
    assert render(content) == expected


# -- records and spans ---------------------------------------------------------------------------

SMALL = (
    "第二部分 部门预算公开表\n"
    "表3：部门支出总体情况表\n"
    "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出\n"
    "201\t05\t01\t行政运行\t1,247.2 2\t1,247.22\t\n"
    "\t\t\t<b>合 计</b>\t2.40\t\t2.40\n"
)


def test_amounts_are_decimals_with_their_printed_precision() -> None:
    content = read_table("expenditure", rows_of(SMALL))
    row, total = content.rows
    assert row.values["合计"] == Decimal("1247.22")
    assert isinstance(row.values["合计"], Decimal)
    assert row.cells["合计"].text == "1,247.22"  # as printed, the broken number joined
    assert total.values["合计"] == Decimal("2.40")
    assert str(total.values["合计"]) == "2.40"  # the trailing zero (precision) survives
    assert "项目支出" not in row.cells and row.values["项目支出"] is None


def test_spans_select_the_printed_text() -> None:
    content = read_table("expenditure", rows_of(SMALL))
    for row in content.rows:
        line = SMALL[slice(*row.span)]
        for cell in row.cells.values():
            printed = SMALL[slice(*cell.span)]
            assert printed.replace(" ", "") == cell.text  # "1,247.2 2" → "1,247.22"
            assert row.span[0] <= cell.span[0] and cell.span[1] <= row.span[1]
        assert "\n" not in line
    assert (
        SMALL[slice(*content.rows[1].span)].startswith("<b>合 计</b>")
        or "合 计" in SMALL[slice(*content.rows[1].span)]
    )


def test_summary_sides_have_their_own_spans() -> None:
    doc = (
        "第二部分 部门预算公开表\n表1：部门收支总体情况表\n"
        "收入\t\t支出\n项目\t预算数\t功能分类\t预算数\n"
        "财政拨款（补助）\t80.00\t201一般公共服务支出\t80.00\n"
    )
    income, expense = read_table("summary", rows_of(doc)).rows
    assert doc[slice(*income.span)] == "财政拨款（补助）\t80.00"
    assert doc[slice(*expense.span)] == "201一般公共服务支出\t80.00"
    assert (income.group, expense.group, expense.code) == ("income", "expense", "201")


def test_bad_cell_diagnostic_points_at_the_cell() -> None:
    doc = SMALL.replace("1,247.22\t\n", "另行下达\t\n")
    content = read_table("expenditure", rows_of(doc))
    ((_, message, span),) = [d for d in content.diagnostics if d[0] == "table.bad_cell"]
    assert doc[slice(*span)] == "另行下达"
    assert "基本支出" in message
    assert content.rows[0].values["基本支出"] is None


def test_unknown_column_is_info_and_keeps_its_own_name() -> None:
    doc = SMALL.replace("项目支出\n", "项目 支出（ 其他 ）\n")
    content = read_table("expenditure", rows_of(doc))
    assert content.columns == ("合计", "基本支出", "项目支出(其他)")
    codes = {d[0] for d in content.diagnostics}
    assert codes == {"table.unknown_column"}  # (1,247.2 2 is reported by the document: rejoined.py)
    assert "table.unknown_column" in INFO_CODES


def test_lines_of_other_kinds_are_ignored() -> None:
    lines = normalise(SMALL).lines
    assert read_table("expenditure", lines) == read_table("expenditure", rows_of(SMALL))


def test_directly_built_lines() -> None:
    """Lines built without the layout pass (cells from MappedText.original)."""
    source = "类\t款\t项\t科目名称\t合计\n201\t05\t\t统计信息事务\t7.5\n"
    lines = []
    start = 0
    for text in source.splitlines():
        m = MappedText.original(source, start, start + len(text))
        lines.append(LogicalLine(TABLE_ROW, m, split_cells(m)))
        start += len(text) + 1
    (row,) = read_table("general_expenditure", lines).rows
    assert (row.code, row.name, row.values["合计"]) == ("20105", "统计信息事务", Decimal("7.5"))
    assert source[slice(*row.cells["合计"].span)] == "7.5"


def test_no_lines_give_nothing() -> None:
    assert read_table("expenditure", []) == TableContent((), (), ())
    assert read_table(None, rows_of(SMALL)) == TableContent((), (), ())


_CELL = st.text(alphabet="0123456789.,-合计总类款项支出 （）()\u3000", max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(
        [
            "summary",
            "fiscal_summary",
            "revenue",
            "general_basic",
            "three_public",
            "general_project",
            "expenditure",
        ]
    ),
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=9), min_size=1, max_size=6),
)
def test_never_raises(kind: str, rows: list[list[str]]) -> None:
    source = "\n".join("\t".join(r) for r in rows)
    lines = []
    start = 0
    for text in source.split("\n"):
        m = MappedText.original(source, start, start + len(text))
        lines.append(LogicalLine(TABLE_ROW, m, split_cells(m) if "\t" in text else ()))
        start += len(text) + 1
    content = read_table(kind, lines)
    assert all(code != "table.reader_error" for code, _, _ in content.diagnostics)
    for row in content.rows:
        assert set(row.cells) <= set(row.values)
        for cell in row.cells.values():
            assert 0 <= cell.span[0] <= cell.span[1] <= len(source)


# -- columns.toml -------------------------------------------------------------------------------


def test_every_catalogued_table_kind_has_columns() -> None:
    kinds = {t.kind for template in templates() for t in template.tables if not t.statement}
    assert kinds, "no template catalogue found"
    for kind in kinds:
        spec = kind_spec(kind)
        assert spec is not None, kind
        assert spec.columns.order or (spec.income.order and spec.expense.order), kind
    for entry in part3_tables():
        assert kind_spec(entry.kind) is None  # read elsewhere


def test_aliases_match_after_normalisation() -> None:
    revenue = kind_spec("revenue")
    assert revenue is not None
    for printed, canonical in [
        ("一 般 公 共 预 算 拨 款", "一般公共预算拨款"),
        ("财 政 专 户 收 入 ( 教 育 费 )", "财政专户管理资金"),
        ("财政专户(教育收费)", "财政专户管理资金"),
        ("教育收费（财政专户）", "财政专户管理资金"),
        ("政府性基金预算", "政府性基金预算拨款"),
    ]:
        assert revenue.columns.resolve(printed) == canonical
    three = kind_spec("three_public")
    assert three is not None
    assert three.columns.resolve("公务用车购置及运行费/小计") == "公务用车购置及运行费/合计"
    assert three.columns.resolve("因公出国(境)费") == "因公出国（境）费"
    assert norm("“三公”经费支出内容") in vocabulary().name


# -- the corpus ------------------------------------------------------------------------------------

TAB_LAYOUT = [
    CORPUS / "2022" / "korla-city-government-office.txt",
    CORPUS / "2022" / "korla-development-zone-party-government-office.txt",
    CORPUS / "2022" / "bayingolin-prefecture-government-office.txt",
    CORPUS / "2024" / "kashgar-city-government-office.txt",
]
SPACE_LAYOUT = [CORPUS / "2025" / "korla-city-government-office.txt"]


def doc_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@cache
def corpus_tables(path: Path) -> tuple[str, dict[int, tuple[str, TableContent]]]:
    """The numbered tables of a document: number → (kind, content)."""
    text = path.read_text(encoding="utf-8")
    year = int(path.parent.name)
    template = next(t for t in templates() if t.id == ("2022" if year < 2024 else "2024"))
    groups: list[tuple[int | None, str | None, list[LogicalLine]]] = []
    current: list[LogicalLine] | None = None
    for line in normalise(text).lines:
        if line.kind == "table_caption":
            number = int(re.search(r"\d+", line.text.text).group())  # type: ignore[union-attr]
            entry = template.table(number)
            current = []
            groups.append((number, entry.kind if entry else None, current))
        elif line.kind == "table_title":
            entry = best_match(part3_tables(), line.text.text)
            current = []
            groups.append((None, entry.kind if entry else None, current))
        elif line.kind in (TABLE_START, TABLE_ROW) and current is not None:
            current.append(line)
        elif line.kind not in ("table_name", "table_meta", "table_note"):
            current = None
    tables = {}
    for number, kind, lines in groups:
        content = read_table(kind, lines)
        if number is not None:
            tables[number] = (kind or "", content)
        else:
            assert content == TableContent((), (), ())  # performance tables: not ours
    return text, tables


def find(content: TableContent, code: str | None = None, **fields: object) -> Row:
    found = [
        r
        for r in content.rows
        if (code is None or r.code == code) and all(getattr(r, k) == v for k, v in fields.items())
    ]
    assert len(found) == 1, (code, fields, found)
    return found[0]


def D(text: str) -> Decimal:
    return Decimal(text)


def test_korla_city_expenditure_rows() -> None:
    text, tables = corpus_tables(TAB_LAYOUT[0])
    kind, t3 = tables[3]
    assert kind == "expenditure"
    assert t3.columns == ("合计", "基本支出", "项目支出")
    row = find(t3, "2010301")
    assert row.name == "行政运行"
    assert row.values == {"合计": D("616.69"), "基本支出": D("616.69"), "项目支出": None}
    assert text[slice(*row.cells["合计"].span)] == "616.69"
    total = find(t3, total=True)
    assert (total.code, total.name) == (None, "合计")
    assert total.values == {"合计": D("1367.61"), "基本支出": D("892.61"), "项目支出": D("475")}
    assert [r.code for r in t3.rows][:3] == ["201", "20103", "2010301"]
    assert len(t3.rows) == 27 and not t3.diagnostics


def test_korla_city_other_tables() -> None:
    _, tables = corpus_tables(TAB_LAYOUT[0])
    summary = tables[1][1]
    assert len([r for r in summary.rows if r.group == "expense" and r.code]) == 30
    assert find(summary, group="income", total=True).values == {"预算数": D("1367.61")}
    assert find(summary, "201").values == {"预算数": D("726.81")}
    assert find(summary, group="income", name="教育收费(财政专户)").values == {"预算数": None}
    revenue = tables[2][1]
    assert find(revenue, "2080505").values["一般公共预算拨款"] == D("69.52")
    basic = tables[6][1]
    assert find(basic, "30231").values == {
        "合计": D("2.4"),
        "人员经费": None,
        "公用经费": D("2.4"),
    }
    project = tables[7][1]
    row = find(project, "2060404")
    assert row.project == "市级专项一智慧城市"
    assert row.values["商品和服务支出"] == D("380")
    assert find(project, "201").project is None
    three = tables[8][1].rows[0]
    assert three.values["公务用车购置及运行费/公务用车运行费"] == D("2.40")
    assert three.values["因公出国（境）费"] is None
    assert tables[9][1].rows == ()  # header only


def test_markdown_layout_codes_and_names() -> None:
    _, tables = corpus_tables(TAB_LAYOUT[1])
    basic = tables[6][1]
    assert find(basic, "30101").name == "基本工资"  # "301 | 01 基本工资"
    assert find(basic, "30239").name == "其他交通费用"  # "302 | 39 | 其他交通费用"
    assert find(basic, "303").name == "对个人和家庭的补助"
    revenue = tables[2][1]
    assert "国有资本经营预算" in revenue.columns  # printed "国 有 本 资 本 经 营 预 算"
    assert "财政专户管理资金" in revenue.columns  # printed "财 政 专 户 收 入 ( 教 育 费 )"
    fund = tables[9][1]
    assert [r.code for r in fund.rows] == ["2120801", "2121399", "2121401", None]


def test_kashgar_2024_tables() -> None:
    _, tables = corpus_tables(TAB_LAYOUT[3])
    summary = tables[1][1]
    assert find(summary, group="income", name="一、本年收入").values == {"预算数": D("1247.22")}
    revenue = tables[2][1]
    assert revenue.columns[:3] == ("总计", "财政拨款（补助）", "一般公共预算拨款")
    assert find(revenue, "2210201").values["财政拨款（补助）"] == D("57.80")
    fund = tables[8][1]
    assert fund.columns == ("合计", "基本支出/人员经费", "基本支出/公用经费", "项目支出")
    three = tables[10][1]
    assert three.columns == ("合计", "一般公共预算", "政府性基金", "国有资本经营预算")
    assert [r.name for r in three.rows][:2] == ["合计", "因公出国（境）费"]
    carry = tables[11][1]
    assert carry.columns[0] == "总计" and "非财政拨款/基本支出/公用经费" in carry.columns


# Diagnostics the corpus tables really deserve (everything else reads cleanly).
EXPECTED_DIAGNOSTICS = {
    "2022/korla-city-government-office": set(),
    "2022/korla-development-zone-party-government-office": set(),
    # 表7: the 2.5 of 其他支出 sits one tab right of the last header column
    "2022/bayingolin-prefecture-government-office": {(7, "table.shifted_cell")},
    # 表2: the header rows repeated after a page break (its 合计 row's 1247.2 2 is reported
    # by the document, budgetparse/rejoined.py)
    "2024/kashgar-city-government-office": {(2, "table.repeated_header")},
}


@pytest.mark.parametrize("path", TAB_LAYOUT, ids=doc_id)
def test_corpus_diagnostics(path: Path) -> None:
    _, tables = corpus_tables(path)
    found = {(n, code) for n, (_, t) in tables.items() for code, _, _ in t.diagnostics}
    assert found == EXPECTED_DIAGNOSTICS[doc_id(path)]
    assert all(t.columns for _, t in tables.values())


@pytest.mark.parametrize("path", SPACE_LAYOUT, ids=doc_id)
def test_space_aligned_tables_are_read_or_reported(path: Path) -> None:
    """pdftotext tables: rows placed by arithmetic; an undecided column is empty, listed in
    the row's ``undecided`` and reported."""
    _, tables = corpus_tables(path)
    assert tables
    assert not any(
        code == "table.layout_unsupported"
        for _, t in tables.values()
        for code, _, _ in t.diagnostics
    )
    for _, content in tables.values():
        ambiguous = {span for code, _, span in content.diagnostics if code == "table.ambiguous_row"}
        for row in content.rows:
            assert bool(row.undecided) == (row.span in ambiguous)
            assert all(row.values[c] is None and c not in row.cells for c in row.undecided)


# -- identities (DESIGN.md §3) -------------------------------------------------------------------
#
# A sum of n printed items may differ from its printed total by 0.005·(n+1) (rounding).

Z = Decimal(0)
SPLIT = ("基本支出", "基本支出/人员经费", "基本支出/公用经费", "项目支出")
ROW_IDENTITIES: dict[str, list[tuple[str, tuple[str, ...] | None]]] = {
    "expenditure": [("合计", SPLIT)],
    "general_expenditure": [("合计", SPLIT)],
    "fund_expenditure": [("合计", SPLIT)],
    "state_capital_expenditure": [("合计", SPLIT)],
    "general_basic": [("合计", ("人员经费", "公用经费"))],
    "revenue": [("总计", None)],  # None: every other column except the 2024 subtotal
    "general_project": [("项目支出合计", None)],
    "three_public": [
        ("合计", ("因公出国（境）费", "公务用车购置及运行费/合计", "公务接待费")),
        (
            "公务用车购置及运行费/合计",
            ("公务用车购置及运行费/公务用车购置费", "公务用车购置及运行费/公务用车运行费"),
        ),
    ],
}
FUNCTION_KINDS = (
    "expenditure",
    "general_expenditure",
    "fund_expenditure",
    "state_capital_expenditure",
)


def agrees(total: Decimal | None, parts: list[Decimal | None]) -> bool:
    tolerance = Decimal("0.005") * (len(parts) + 1)
    return abs((total or Z) - sum((p or Z for p in parts), Z)) <= tolerance


def row_failures(path: Path) -> set[tuple[int, str | None, str | None, str]]:
    _, tables = corpus_tables(path)
    out = set()
    for number, (kind, content) in tables.items():
        for total, parts in ROW_IDENTITIES.get(kind, []):
            if total not in content.columns:
                continue
            if parts is None:
                parts = tuple(c for c in content.columns if c not in (total, "财政拨款（补助）"))
            present = [p for p in parts if p in content.columns]
            for row in content.rows:
                if not agrees(row.values[total], [row.values[p] for p in present]):
                    out.add((number, row.code, row.project, total))
    return out


def tree_failures(path: Path) -> set[tuple[int, str | None, str]]:
    """Parents = Σ children (by code) and the totals row = Σ 类 rows, column by column."""
    _, tables = corpus_tables(path)
    out = set()
    for number, (_kind, content) in tables.items():
        rows = [r for r in content.rows if r.group != "income" and not r.project]
        coded = [r for r in rows if r.code]
        for column in content.columns:
            totals = [r for r in rows if r.total]
            classes = [r for r in coded if len(r.code or "") == 3]
            if (
                totals
                and classes
                and not agrees(totals[0].values[column], [r.values[column] for r in classes])
            ):
                out.add((number, None, column))
            for parent in coded:
                kids = [
                    r
                    for r in coded
                    if len(r.code or "") == len(parent.code or "") + 2
                    and (r.code or "").startswith(parent.code or "")
                ]
                if kids and not agrees(parent.values[column], [r.values[column] for r in kids]):
                    out.add((number, parent.code, column))
    return out


# The errors the documents really print (checked by hand against the source text).
PRINTED_ROW_ERRORS: dict[str, set[tuple[int, str | None, str | None, str]]] = {
    "2022/korla-city-government-office": set(),
    "2022/korla-development-zone-party-government-office": {
        # 表6 301 工资福利支出: 合计 691 (= Σ its 款) but 人员经费 692, 公用经费 empty
        (6, "301", None, "合计"),
        # 表6 303 对个人和家庭的补助: 合计 210, 人员经费 and 公用经费 left empty
        (6, "303", None, "合计"),
        # 表7: no project splits its 项目支出合计 into economic classes (110 vs 0, …)
        *{
            (7, "2010399", p, "项目支出合计")
            for p in (
                "信息化建设费",
                "质量认证服务费、开发区协会会费",
                "扶贫费",
                "慰问费",
                "保洁用品费",
                "安邦信息服务、法律顾问费",
                "孵化中心整体修缮",
            )
        },
        # 表8: 公务用车购置及运行费 96.5 but 购置费 0 + 运行费 64 = 64; so 合计 96.5 ≠ 96.5 + 32.5
        (8, None, None, "合计"),
        (8, None, None, "公务用车购置及运行费/合计"),
    },
    # 表7: 其他支出 2.5 is printed one column right of the header; placed under 其他支出
    # (table.shifted_cell), 427 = 389.5 + 35 + 2.5 and 75 = 72.5 + 2.5 hold
    "2022/bayingolin-prefecture-government-office": set(),
    "2024/kashgar-city-government-office": set(),
}
PRINTED_TREE_ERRORS: dict[str, set[tuple[int, str | None, str]]] = {
    "2022/korla-city-government-office": set(),
    "2022/korla-development-zone-party-government-office": {
        # 表6: 合计 1294 but 301 + 302 + 303 = 691 + 392 + 210 = 1293
        (6, None, "合计"),
        # 表6 302 商品和服务支出 392 printed in the 人员经费 column (its 款 are 公用经费)
        (6, "302", "人员经费"),
        (6, "302", "公用经费"),
        (6, None, "人员经费"),  # 902 vs 692 + 392 + 0
        (6, None, "公用经费"),  # 392 vs 0
        (6, "301", "人员经费"),  # 692 vs Σ 款 691
        (6, "303", "人员经费"),  # empty vs 2 + 208
    },
    "2022/bayingolin-prefecture-government-office": set(),
    "2024/kashgar-city-government-office": set(),
}


@pytest.mark.parametrize("path", TAB_LAYOUT, ids=doc_id)
def test_row_identities(path: Path) -> None:
    """合计 = 基本支出 + 项目支出 (and the other row identities) except printed errors."""
    assert row_failures(path) == PRINTED_ROW_ERRORS[doc_id(path)]


@pytest.mark.parametrize("path", TAB_LAYOUT, ids=doc_id)
def test_function_tables_add_up(path: Path) -> None:
    """Every function-classification table: 合计 = 基本支出 + 项目支出 on every row."""
    _, tables = corpus_tables(path)
    checked = 0
    for kind, content in tables.values():
        if kind not in FUNCTION_KINDS or "合计" not in content.columns:
            continue
        parts = [c for c in SPLIT if c in content.columns]
        for row in content.rows:
            assert agrees(row.values["合计"], [row.values[p] for p in parts]), row
            checked += 1
    assert checked or doc_id(path).startswith("2022/bayingolin")  # 表3 and 表5 absent there


@pytest.mark.parametrize("path", TAB_LAYOUT, ids=doc_id)
def test_parents_add_up(path: Path) -> None:
    assert tree_failures(path) == PRINTED_TREE_ERRORS[doc_id(path)]
