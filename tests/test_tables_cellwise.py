"""Tables printed one cell per line (plain pdftotext): rows are rebuilt only when the
table's own arithmetic verifies the arrangement (budgetparse/tables/cellwise.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetparse.layout import TABLE_ROW, LogicalLine
from budgetparse.mapped import MappedText
from budgetparse.tables import TableContent
from budgetparse.tables.columns import kind_spec
from budgetparse.tables.spaced import read_spaced_table

FIXTURES = Path(__file__).parent / "fixtures" / "tables_cellwise"
KIND = "final_general_expenditure"
D = Decimal


def lines_of(text: str) -> list[LogicalLine]:
    """One table line per printed line, each mapped to its place in ``text`` (blank lines
    leave a gap between the spans, as in a parsed document)."""
    out = []
    at = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(LogicalLine(TABLE_ROW, MappedText.original(text, at, at + len(line))))
        at += len(line) + 1
    return out


def read(name: str, text: str | None = None) -> tuple[str, TableContent]:
    text = text if text is not None else (FIXTURES / name).read_text(encoding="utf-8")
    spec = kind_spec(KIND)
    assert spec is not None
    return text, read_spaced_table(KIND, spec, lines_of(text))


def codes(content: TableContent) -> list[str]:
    return [code for code, _, _ in content.diagnostics]


def assert_cells_point_at_their_text(text: str, content: TableContent) -> None:
    for row in content.rows:
        for cell in row.cells.values():
            assert text[cell.span[0] : cell.span[1]] == cell.text


def table(content: TableContent) -> list[tuple[str | None, str | None, bool, tuple]]:
    return [
        (
            r.code,
            r.name,
            r.total,
            tuple(r.values[c] for c in ("合计", "基本支出", "项目支出")),
        )
        for r in content.rows
    ]


EXPECTED = [
    ("212", "城乡建设支出", False, (D("1200.00"), D("900.00"), D("300.00"))),
    ("21204", "建设管理事务", False, (D("1200.00"), D("900.00"), D("300.00"))),
    ("2120402", "行政运行", False, (D("600.00"), D("600.00"), None)),
    ("2120403", "规划审批", False, (D("400.00"), D("300.00"), D("100.00"))),
    ("2120409", "数据维护", False, (D("200.00"), None, D("200.00"))),
    ("214", "交通运输支出", False, (D("8000.00"), D("8000.00"), None)),
    ("21412", "公路运输", False, (D("8000.00"), D("8000.00"), None)),
    ("2141207", "公路养护", False, (D("8000.00"), D("8000.00"), None)),
    (None, "合计", True, (D("9200.00"), D("8900.00"), D("300.00"))),
]


def test_column_major_runs_with_broken_codes_and_missing_cells() -> None:
    """类 codes on every row, 款 and 项 codes in runs of their own, the names, then each
    value column in runs that stop at an empty cell: rebuilt, every cell where it was."""
    text, content = read("column_major.txt")
    assert codes(content) == []
    assert content.columns == ("合计", "基本支出", "项目支出")
    assert table(content) == EXPECTED
    # every cell and row points at its own printed text
    assert_cells_point_at_their_text(text, content)
    for row in content.rows:
        assert row.name is not None and row.name in text[row.span[0] : row.span[1]]


def test_wrapped_names_keep_the_rows_without_names() -> None:
    """More name lines than rows: which lines join is not verifiable, so the rows keep
    their codes and amounts and no name, and the reader says so."""
    _, content = read("wrapped_names.txt")
    assert codes(content) == ["table.names_unsplit"]
    assert [(c, t, v) for c, _, t, v in table(content)] == [(c, t, v) for c, _, t, v in EXPECTED]
    assert [r.name for r in content.rows] == [None] * 8 + ["合计"]


def test_a_reconstruction_that_breaks_the_identities_is_not_read() -> None:
    """One figure changed (a 项 no longer adds up to its 款): no arrangement is verified,
    so no rows, and the table is reported unreadable."""
    _, content = read("broken_sum.txt")
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]


def test_more_amounts_than_cells_is_not_read() -> None:
    text = (FIXTURES / "column_major.txt").read_text(encoding="utf-8") + "\n5.00\n"
    _, content = read("", text)
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]


def test_a_totals_label_without_coded_rows_is_not_read() -> None:
    """合计 and its amounts, one per line, but no code at all: nothing to verify them by,
    so the table is reported unreadable (not a reader failure)."""
    _, content = read("", "\n".join(["合计", *["4.50"] * 9]))
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]


def test_codes_that_do_not_count_out_are_not_read() -> None:
    """A 项 code missing: the 2-digit runs no longer fit the rows."""
    text = (FIXTURES / "column_major.txt").read_text(encoding="utf-8")
    _, content = read("", text.replace("02\n03\n09\n", "02\n03\n", 1))
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]


def test_rows_printed_one_after_another() -> None:
    """Whole codes, each row's cells in turn on lines of their own (the empty cells left
    out): the row reader places the amounts, the code tree decides the ambiguous rows."""
    text, content = read("row_major.txt")
    assert codes(content) == []
    assert table(content) == [
        (None, "合计", True, (D("740.50"), D("610.50"), D("130.00"))),
        ("212", "城乡建设支出", False, (D("700.50"), D("570.50"), D("130.00"))),
        ("21204", "建设管理事务", False, (D("700.50"), D("570.50"), D("130.00"))),
        ("2120401", "行政运行", False, (D("570.50"), D("570.50"), None)),
        ("2120402", "规划审批", False, (D("130.00"), None, D("130.00"))),
        ("214", "交通运输支出", False, (D("40.00"), D("40.00"), None)),
        ("21412", "公路运输", False, (D("40.00"), D("40.00"), None)),
    ]
    assert_cells_point_at_their_text(text, content)


def test_rows_printed_one_after_another_that_stay_ambiguous_keep_them_undecided() -> None:
    """Every row two equal amounts, no row with all three: each fits 合计 = 基本支出 and
    合计 = 项目支出 alike, and so does the code tree; the rows keep their codes, names and
    合计 (whose code tree holds), 基本支出 and 项目支出 undecided."""
    cells = ["项目", "", "合计", "", "40.00", "", "40.00", ""]
    cells += ["214", "", "交通运输支出", "", "40.00", "", "40.00", ""]
    cells += ["21412", "", "公路运输", "", "40.00", "", "40.00", ""]
    cells += ["2141207", "", "公路养护", "", "40.00", "", "40.00"]
    _, content = read("", "\n".join(cells) + "\n")
    assert set(codes(content)) == {"table.ambiguous_row"}
    assert [(r.code, r.values["合计"], r.undecided) for r in content.rows] == [
        (code, D("40.00"), ("基本支出", "项目支出")) for code in (None, "214", "21412", "2141207")
    ]
    # a 款 whose 合计 is not its 类's: the code tree breaks, nothing is read
    broken = [c if k not in (20, 22) else "45.00" for k, c in enumerate(cells)]
    assert broken != cells
    _, content = read("", "\n".join(broken) + "\n")
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]
    # with the 合计 row's three amounts the same rows are decided
    cells[6:6] = ["0.00", ""]
    _, content = read("", "\n".join(cells) + "\n")
    assert codes(content) == []
    assert [r.values["项目支出"] for r in content.rows] == [D("40.00")] * 4


def test_a_long_table_is_read_in_few_steps() -> None:
    """Cost: 60 classes of three rows each (类, 款, 项), three value columns: read
    correctly, the search abandoning each column as soon as it breaks the code tree."""
    classes = [str(200 + k) for k in range(1, 61)]
    lines = ["类", *(c for c in classes for _ in range(3)), "", "款 项"]
    for _ in classes:
        lines += ["01", "01", "", "05", ""]
    names = [f"{kind}{c}" for c in classes for kind in ("类", "款", "项")]
    lines += [*names, "合计", ""]
    for share, total in (("1.00", "60.00"), ("0.60", "36.00"), ("0.40", "24.00")):
        lines += [share] * len(names) + [total, ""]
    _, content = read("", "\n".join(lines))
    assert codes(content) == []
    assert len(content.rows) == len(names) + 1
    assert content.rows[2].code == "2010105" and content.rows[2].name == "项201"
    assert content.rows[-1].values == {
        "合计": D("60.00"),
        "基本支出": D("36.00"),
        "项目支出": D("24.00"),
    }


def test_without_blank_lines_between_runs_nothing_is_guessed() -> None:
    """The runs of a column-major table are told apart by the blank lines between them;
    joined into one run, the amounts no longer fit and nothing is read."""
    text = (FIXTURES / "column_major.txt").read_text(encoding="utf-8")
    assert "\n\n" in text
    _, content = read("", text.replace("\n\n", "\n"))
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]


def test_rows_printed_one_after_another_need_no_blank_lines() -> None:
    """Rows printed one after another are told apart by their whole codes, not by blank
    lines: without them the same rows are read."""
    text = (FIXTURES / "row_major.txt").read_text(encoding="utf-8")
    assert "\n\n" in text
    _, spaced = read("", text)
    _, joined = read("", text.replace("\n\n", "\n"))
    assert codes(joined) == []
    assert table(joined) == table(spaced)
    assert len(joined.rows) == 7


# -- the two-list 基本支出 table of the layout text ---------------------------------------------


def read_layout(text: str) -> TableContent:
    """Lines as the layout pass gives them: stripped, each mapped to its place."""
    out = []
    at = 0
    for line in text.split("\n"):
        body = line.strip()
        if body:
            start = at + len(line) - len(line.lstrip())
            out.append(LogicalLine(TABLE_ROW, MappedText.original(text, start, start + len(body))))
        at += len(line) + 1
    spec = kind_spec("final_general_basic")
    assert spec is not None
    return read_spaced_table("final_general_basic", spec, out)


def test_two_lists_whose_cells_stand_on_lines_of_their_own() -> None:
    """人员经费 | 公用经费 side by side, each row over two or three lines (the amount above
    the code line, the name below; a 款 code under the first piece of its name): each
    list read on its own and kept because its 类 and total add up."""
    text = (FIXTURES / "two_lists.txt").read_text(encoding="utf-8")
    content = read_layout(text)
    assert codes(content) == []
    got = {(r.group, r.code, r.name, r.total, r.values["决算数"]) for r in content.rows}
    assert got == {
        ("income", "301", "工资福利支出", False, D("1450.20")),
        ("income", "30101", "基本工资", False, D("900.00")),
        ("income", "30102", "津贴补贴", False, None),
        ("income", "30107", "机关事业单位基本养老保险缴费", False, D("550.20")),
        ("income", "303", "对个人和家庭的补助", False, D("40.00")),
        ("income", "30302", "退休费", False, D("40.00")),
        ("income", None, "人员经费合计", True, D("1490.20")),
        ("expense", "302", "商品和服务支出", False, D("88.40")),
        ("expense", "30201", "办公费", False, D("30.10")),
        ("expense", "30205", "水费", False, D("8.30")),
        ("expense", "30207", "邮电费", False, None),
        ("expense", "30299", "其他商品和服务支出", False, D("50.00")),
        ("expense", "310", "资本性支出", False, D("12.00")),
        ("expense", "31002", "办公设备购置", False, D("12.00")),
        ("expense", None, "公用经费合计", True, D("100.40")),
    }
    assert_cells_point_at_their_text(text, content)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a 款 figure that no longer adds up to its 类
        ("                              900.00", "                              910.00"),
        # the figure of the 类 303 left out: its 款 no longer adds up to it
        (
            "                               40.00                                     50.00\n",
            "                                                                         50.00\n",
        ),
    ],
)
def test_two_lists_that_do_not_add_up_are_not_read(old: str, new: str) -> None:
    text = (FIXTURES / "two_lists.txt").read_text(encoding="utf-8")
    assert old in text
    content = read_layout(text.replace(old, new, 1))
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]


def test_two_lists_with_no_sum_to_check_are_not_read() -> None:
    """Only 类 rows and no totals row: no sum verifies which row an amount printed above
    the code lines belongs to, so nothing is read."""
    header = (FIXTURES / "two_lists.txt").read_text(encoding="utf-8").split("\n\n")[0]
    body = (
        "                              900.00                                    30.10\n"
        "  301                                     302\n"
        "              工资福利支出                               商品和服务支出\n"
        "\n"
        "                               40.00                                     12.00\n"
        "  303                                     310\n"
        "              对个人和家庭的补助                          资本性支出\n"
    )
    content = read_layout(header + "\n\n" + body)
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]


def test_bands_of_rows_and_a_page_break() -> None:
    """The totals row first (its label before the codes, its amounts apart), rows printed
    in bands (a 项 row going on with the 类 and 款 of the band above), and a page whose
    first line, its lone 类 code, the layout pass took for a page number: rebuilt."""
    text, content = read("pages.txt")
    assert codes(content) == []
    assert table(content) == [
        (None, "合计", True, (D("500.00"), D("420.00"), D("80.00"))),
        ("213", "城乡社区支出", False, (D("300.00"), D("220.00"), D("80.00"))),
        ("21305", "城乡社区管理事务", False, (D("300.00"), D("220.00"), D("80.00"))),
        ("2130502", "城乡管理事务", False, (D("120.00"), D("120.00"), None)),
        ("2130509", "其他城乡管理事务", False, (D("180.00"), D("100.00"), D("80.00"))),
        ("216", "农林水支出", False, (D("200.00"), D("200.00"), None)),
        ("21603", "农业农村", False, (D("200.00"), D("200.00"), None)),
        ("2160301", "农业农村事务", False, (D("200.00"), D("200.00"), None)),
    ]
    assert_cells_point_at_their_text(text, content)


def test_a_column_that_fits_two_places_keeps_only_what_every_placement_shares() -> None:
    """A second run of figures equal to the 合计 fits 基本支出 and 项目支出 alike, and so
    does every sum: two verified arrangements.  The rows keep their codes, names and 合计
    (the same in both); 基本支出 and 项目支出 are left undecided, never guessed."""
    cells = ["类", "", "213", "213", "213", "", "05", "05", "", "01", ""]
    cells += ["名称一", "名称二", "名称三", ""]
    cells += ["70.00", "70.00", "70.00", "", "70.00", "70.00", "70.00"]
    _, content = read("", "\n".join(cells) + "\n")
    assert codes(content) == ["table.ambiguous_row"]
    assert [(r.code, r.name, r.values["合计"]) for r in content.rows] == [
        ("213", "名称一", D("70.00")),
        ("21305", "名称二", D("70.00")),
        ("2130501", "名称三", D("70.00")),
    ]
    for row in content.rows:
        assert row.undecided == ("基本支出", "项目支出")
        assert row.values["基本支出"] is None and row.values["项目支出"] is None


@pytest.mark.parametrize("fixture", ["codes_by_blocks.txt", "pages.txt", ""])
def test_interchangeable_columns_searched_in_order_give_every_placement(
    monkeypatch: pytest.MonkeyPatch, fixture: str
) -> None:
    """With the totals row first, 基本支出 and 项目支出 (parts of one sum) are searched in
    their printed order and each placement moved to every choice of columns: the same
    table as the search over every column (here with the totals row first, a run that fits
    either column, and tables that use both)."""
    import budgetparse.tables.cellwise as cellwise

    cells = ["类", "", "合计", "213", "213", "213", "", "05", "05", "", "01", ""]
    cells += ["名称一", "名称二", "名称三", "", "70.00", "", "70.00", ""]
    cells += ["70.00", "70.00", "70.00", "", "70.00", "70.00", "70.00"]
    text = (FIXTURES / fixture).read_text(encoding="utf-8") if fixture else "\n".join(cells)
    ordered = read("", text)[1]
    with monkeypatch.context() as m:
        m.setattr(cellwise.CellwiseReader, "interchangeable", lambda self: [])
        everywhere = read("", text)[1]
    assert ordered.rows and ordered == everywhere
    if not fixture:
        assert all(r.undecided == ("基本支出", "项目支出") for r in ordered.rows)


BLOCKS = [
    (None, "合计", (D("590.00"), D("380.00"), D("210.00"))),
    ("212", "城乡社区支出", (D("500.00"), D("320.00"), D("180.00"))),
    ("21203", "城乡社区公共设施", (D("500.00"), D("320.00"), D("180.00"))),
    ("2120302", "道路照明设施", (D("200.00"), D("200.00"), None)),
    ("2120303", "城乡社区公共设施日常维护", (D("250.00"), D("120.00"), D("130.00"))),
    ("2120399", "其他城乡社区公共设施支出", (D("50.00"), None, D("50.00"))),
    ("213", "农林水支出", (D("90.00"), D("60.00"), D("30.00"))),
    ("21301", "农业农村", (D("90.00"), D("60.00"), D("30.00"))),
    ("2130104", "农业生产发展", (D("70.00"), D("60.00"), D("10.00"))),
    ("2130108", "病虫害防控", (D("20.00"), None, D("20.00"))),
]


def test_codes_printed_row_by_row_across_classes() -> None:
    """A band printing the 款 of its rows before the 项 of the first (``03 | 01 | 99``:
    the 款 of a row going on with 21203, the 款 of the row under the 类 row 213, then the
    first row's 项), where reading each class's 款 then its 项 gives 2120301 and 21399:
    both readings fit the band, and only one goes on into the next page (213 213 | 01 01 |
    04 08, two 项 rows of 21301); that one is kept."""
    text, content = read("codes_by_blocks.txt")
    assert codes(content) == []
    assert [(r.code, r.name, tuple(r.values.values())) for r in content.rows] == BLOCKS
    assert_cells_point_at_their_text(text, content)


def test_codes_two_readings_of_which_fit_are_not_read() -> None:
    """The same band with nothing after it: 2120399 | 21301 and 2120301 | 21399 give
    tables of the same shape, which the arithmetic verifies alike: not read."""
    text = (FIXTURES / "codes_by_blocks.txt").read_text(encoding="utf-8")
    cut = text[: text.index("213\n213\n\n01\n01")]
    cut = cut.replace("590.00\n\n380.00\n\n210.00\n\n", "", 1)
    cut = cut.replace("合计\n212", "212", 1).rstrip("\n")  # no totals row
    _, content = read("", cut + "\n")
    assert content.rows == ()
    assert codes(content) == ["table.layout_unreadable"]


def test_wrapped_names_placed_by_the_bands() -> None:
    """Two rows whose names wrap print as bands of their own (the runs of codes and
    amounts break around a taller row): eleven name lines for nine rows and two
    single-row bands, so each of those rows takes two lines and every other one line."""
    text, content = read("wrapped_bands.txt")
    assert codes(content) == []
    names = {r.code: r.name for r in content.rows}
    assert names["2050202"] == "义务教育阶段课后服务补助"
    assert names["2050203"] == "初中学生资助及奖励"
    assert names["2050299"] == "其他普通教育支出"
    assert names[None] == "合计"
    assert [r.code for r in content.rows][-1] is None  # the totals row printed last
    assert content.rows[-1].values == {
        "合计": D("325.00"),
        "基本支出": D("275.00"),
        "项目支出": D("50.00"),
    }
    assert_cells_point_at_their_text(text, content)
    for row in content.rows:
        assert row.name is not None and text[row.span[0] : row.span[1]].endswith(row.name[-2:])


def test_wrapped_names_the_bands_do_not_place_stay_unsplit() -> None:
    """A third extra name line with two single-row bands: which of them wraps over three
    lines cannot be told; the rows keep their codes and amounts, no name."""
    text = (FIXTURES / "wrapped_bands.txt").read_text(encoding="utf-8")
    _, content = read("", text.replace("及奖励\n", "及奖励\n资金\n", 1))
    assert codes(content) == ["table.names_unsplit"]
    assert [r.name for r in content.rows] == [None] * 8 + ["合计"]
    assert [r.code for r in content.rows][:4] == ["205", "20502", "2050201", "2050202"]


def cells_examined(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    """Numbers the search adds while reading ``text`` (a count, not a time)."""
    import budgetparse.tables.cellwise as cellwise

    seen = [0]
    adds_up = cellwise.adds_up

    def counted(total: Decimal | None, parts: list[Decimal | None]) -> bool:
        seen[0] += len(parts) + 1
        return adds_up(total, parts)

    with monkeypatch.context() as m:
        m.setattr(cellwise, "adds_up", counted)
        read("", text)
    return seen[0]


def unverifiable(groups: int) -> str:
    """Classes of three rows; 基本支出 and 项目支出 in short runs that never add up to the
    合计 (every placement is tried until the work budget ends it)."""
    lines = ["类", *(str(200 + k) for k in range(1, groups + 1) for _ in range(3)), ""]
    for _ in range(groups):
        lines += ["01", "01", "", "05", ""]
    lines += [f"名称{k}" for k in range(3 * groups)] + [""]
    lines += ["3.00"] * (3 * groups) + [""]
    for _ in range(groups):
        lines += ["1.00", "1.00", ""]
    return "\n".join(lines)


def test_the_search_is_linear_in_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    small = cells_examined(monkeypatch, unverifiable(40))
    large = cells_examined(monkeypatch, unverifiable(80))
    assert small > 0
    assert large / small < 2.6
    assert read("", unverifiable(40))[1].rows == ()
