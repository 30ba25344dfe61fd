"""A coded table printed one cell per line whose amounts no arrangement verifies keeps its
rows, codes and names, where its cells print exactly the codes and names of a table read
before; every amount undecided (budgetparse/tables/known_rows.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import budgetparse
import budgetparse.tables.known_rows as known_rows_module
from budgetparse.mapped import MappedText
from budgetparse.model import Document, Row, TableBlock
from budgetparse.tables.cell_lines import CellToken
from budgetparse.tables.known_rows import MAX_KNOWN, KnownRow, read_known_rows, remember
from budgetparse.tables.rows import row_of_cells

HERE = Path(__file__).parent / "fixtures"
FIXTURES = HERE / "tables_known_rows"
COLUMNS = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")


def document(expenditure: str) -> str:
    """The tab-separated 决算 document with its 支出决算表 printed as ``expenditure``, on a
    page of its own (a bare number is a code there, not a page number: pages.py)."""
    text = (HERE / "final" / "final_tab.txt").read_text(encoding="utf-8")
    start = text.index("支出决算表\n", text.index("收入决算表\n"))
    end = text.index("财政拨款收入支出决算总表\n", start)
    return text[:start] + "\f" + expenditure + "\n\f" + text[end:]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def parsed(expenditure: str) -> Document:
    return budgetparse.parse(document(expenditure), path="final.txt")


def kind(doc: Document, name: str) -> TableBlock:
    (found,) = [t for t in doc.tables if t.kind == name]
    return found


def labels(table: TableBlock) -> list[tuple[str | None, str | None, bool]]:
    return [(r.code, r.name, r.total) for r in table.rows]


@pytest.mark.parametrize("name", ["expenditure_interleaved.txt", "expenditure_rows_apart.txt"])
def test_rows_of_the_revenue_table_printed_in_the_expenditure_table(name: str) -> None:
    """Codes, names and amounts of different rows interleaved (split codes), or one row's
    项目支出 printed rows away (whole codes): no placement verifies, the codes and names
    are the 收入决算表's, in its order, every amount undecided."""
    text = document(fixture(name))
    doc = budgetparse.parse(text, path="final.txt")
    revenue, expenditure = kind(doc, "final_revenue"), kind(doc, "final_expenditure")
    assert labels(expenditure) == labels(revenue)
    assert len(expenditure.rows) == 14 and expenditure.rows[0].total
    assert expenditure.columns == COLUMNS
    for row in expenditure.rows:
        assert row.undecided == COLUMNS
        assert all(v is None for v in row.values.values()) and not row.cells
        # each row points at the cells printing its name (the totals row: its label),
        # and its whole code where printed so
        printed = "".join(text[row.span[0] : row.span[1]].split())
        assert printed in (row.name, f"{row.code}{row.name}"), row.name
    codes = [d.code for d in doc.diagnostics]
    assert "table.ambiguous_row" in codes and "table.layout_unreadable" not in codes
    assert [f.code for f in doc.findings if f.severity == "error"] == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("水利\n", "水务\n"),  # a name the other table does not print
        ("\n06\n", "\n07\n"),  # a code it does not print
        ("住房公积金\n", "住房公积金\n提租补贴\n"),  # a row more
        ("\n对附属单位\n补\n助支出\n", "\n对附属单位\n补\n助支出\n合计\n"),  # a label inside
    ],
)
def test_cells_that_are_not_exactly_the_other_tables_rows_are_not_read(old: str, new: str) -> None:
    source = fixture("expenditure_interleaved.txt")
    assert old in source
    doc = parsed(source.replace(old, new, 1))
    assert kind(doc, "final_expenditure").rows == ()
    assert "table.layout_unreadable" in [d.code for d in doc.diagnostics]


def test_a_row_whose_code_is_printed_whole_elsewhere_is_not_read() -> None:
    """Whole codes must be the other table's codes, every one: a code missing is a row
    the table may not print."""
    source = fixture("expenditure_rows_apart.txt").replace("\n21011\n", "\n", 1)
    doc = parsed(source)
    assert kind(doc, "final_expenditure").rows == ()


def test_the_totals_row_last_where_the_label_follows_the_names() -> None:
    """The totals label printed after the last name: the totals row is the last row."""
    source = fixture("expenditure_rows_apart.txt").replace("科目名称\n合计\n", "科目名称\n", 1)
    doc = parsed(source + "\n合计\n")
    rows = kind(doc, "final_expenditure").rows
    assert [r.total for r in rows] == [False] * 13 + [True]
    assert [r.code for r in rows[:13]] == [r.code for r in kind(doc, "final_revenue").rows[1:]]


def test_the_latest_code_lists_are_kept_each_once() -> None:
    """The lists a table is checked against: each once, the latest few (the cost of the
    check stays linear however many tables a document prints)."""

    def rows(code: str) -> tuple[Row, ...]:
        return (
            row_of_cells(code, f"科目{code}", None, False, (), {}, (0, 0)),
            row_of_cells(None, "合计", None, True, (), {}, (0, 0)),
        )

    lists: tuple[tuple[KnownRow, ...], ...] = ()
    for code in ("201", "205", "201"):
        lists = remember(lists, rows(code))
    assert [k[0].code for k in lists] == ["205", "201"]
    for code in range(206, 206 + MAX_KNOWN):
        lists = remember(lists, rows(str(code)))
    assert len(lists) == MAX_KNOWN
    assert [k[0].code for k in lists] == [str(c) for c in range(206, 206 + MAX_KNOWN)]
    assert remember(lists, ()) == lists
    # a row without its code gives no list
    assert remember((), (row_of_cells(None, "行政运行", None, False, (), {}, (0, 0)),)) == ()


def every_cell(by_columns: bool = False, empty: str = "0.00") -> str:
    """The tab document's 支出决算表 printed a cell per line with every cell (0.00 in the
    empty ones): the whole codes first, the names with a wrapped one, the totals label,
    then the amounts row by row (or column by column), the totals row last.  ``empty``
    is what an empty cell prints ("": nothing)."""
    text = (HERE / "final" / "final_tab.txt").read_text(encoding="utf-8")
    start = text.index("支出决算表\n", text.index("收入决算表\n"))
    end = text.index("财政拨款收入支出决算总表\n", start)
    lines = text[start:end].split("\n")[3:-1]
    rows = [line.split("\t") for line in lines]
    # the totals row last, as its label
    grid = [[cell or empty for cell in row[2:8]] for row in [*rows[1:], rows[0]]]
    cells = [c for row in grid for c in row if c]
    if by_columns:
        cells = [row[c] for c in range(6) for row in grid]
    names = [row[1] for row in rows[1:]]
    names[6] = "机关事业单位基本养老保\n险缴费支出"
    return "\n".join(
        [
            "支出决算表",
            "项目",
            "功能分类",
            "科目编码",
            "",
            *[row[0] for row in rows[1:]],
            "",
            "本年支出合计",
            "",
            "基本支出",
            "项目支出",
            "",
            "科目名称",
            *names,
            "",
            "合计",
            "",
            *cells,
        ]
    )


@pytest.mark.parametrize("by_columns", [False, True])
def test_every_cell_printed_fills_the_rows_the_identities_verify(by_columns: bool) -> None:
    """As many amounts as cells: filled in print order, row by row or column by column,
    and kept because every identity of the table holds; each cell the one the tab
    document prints."""
    tab = budgetparse.parse(
        (HERE / "final" / "final_tab.txt").read_text(encoding="utf-8"), path="final.txt"
    )
    doc = parsed(every_cell(by_columns))
    ours, theirs = kind(doc, "final_expenditure"), kind(tab, "final_expenditure")
    assert [(r.code, r.name) for r in ours.rows] == [(r.code, r.name) for r in theirs.rows[1:]] + [
        (None, "合计")
    ]
    assert not [r.code for r in ours.rows if r.undecided]
    expected = {r.code: r.values for r in theirs.rows}
    zero = Decimal("0.00")
    for row in ours.rows:
        assert {c: v or zero for c, v in expected[row.code].items()} == row.values


def test_every_cell_printed_that_does_not_add_up_stays_undecided() -> None:
    source = every_cell().replace("\n600.00\n600.00\n", "\n600.00\n610.00\n", 1)
    doc = parsed(source)
    rows = kind(doc, "final_expenditure").rows
    assert len(rows) == 14 and all(r.undecided for r in rows)


def test_rows_printed_one_after_another_without_their_empty_cells() -> None:
    """Each row's amounts one after another, its empty cells left out: one split of the
    amounts into rows fits the row identities; 本年支出合计 is read in every row, the
    parts a row's figures fit several ways (five part columns) stay undecided."""
    tab = budgetparse.parse(
        (HERE / "final" / "final_tab.txt").read_text(encoding="utf-8"), path="final.txt"
    )
    doc = parsed(every_cell(empty=""))
    rows = kind(doc, "final_expenditure").rows
    expected = {r.code: r.values for r in kind(tab, "final_expenditure").rows}
    assert len(rows) == 14
    for row in rows:
        assert row.values["本年支出合计"] == expected[row.code]["本年支出合计"]
        assert "本年支出合计" not in row.undecided
        for column, value in row.values.items():
            assert column in row.undecided or value == expected[row.code][column]


def test_rows_whose_amounts_split_no_way_keep_them_undecided() -> None:
    """A figure changed so that no split of the amounts fits every row: no amount read."""
    source = every_cell(empty="").replace("\n600.00\n600.00\n", "\n600.00\n610.00\n", 1)
    rows = kind(parsed(source), "final_expenditure").rows
    assert len(rows) == 14
    assert all(r.undecided for r in rows)
    assert all(v is None for r in rows for v in r.values.values())


def zero_rows(count: int) -> tuple[list[CellToken], tuple[KnownRow, ...]]:
    """``count`` rows printed whole codes first, then names, then 0.00 in every cell but
    the last row's third (every split of the amounts into rows fits every identity)."""
    known = tuple(KnownRow(f"{2010000 + k}", f"科目{k}", False) for k in range(count))
    lines = [r.code or "" for r in known] + [r.name for r in known]
    lines += ["0.00"] * (3 * count - 1)
    text = "\n".join(lines)
    tokens, at = [], 0
    for line in lines:
        tokens.append(CellToken(line, MappedText.original(text, at, at + len(line)), 0))
        at += len(line) + 1
    return tokens, known


def work_of_splitting(monkeypatch: pytest.MonkeyPatch, count: int) -> int:
    """Numbers added while reading ``count`` zero rows (a count, not a time)."""
    seen = [0]
    adds_up = known_rows_module.adds_up

    def counted(total: Decimal | None, parts: list[Decimal | None]) -> bool:
        seen[0] += len(parts) + 1
        return adds_up(total, parts)

    tokens, known = zero_rows(count)
    with monkeypatch.context() as m:
        m.setattr(known_rows_module, "adds_up", counted)
        content = read_known_rows(
            tokens,
            ("合计", "基本支出", "项目支出"),
            [known],
            lambda text: False,
            lambda text: False,
            Decimal,
            lambda content: True,
            [(0, (1, 2))],
        )
    assert content is not None and len(content.rows) == count
    assert all(r.undecided for r in content.rows)  # splits many ways: nothing read
    return seen[0]


def test_splitting_the_amounts_into_rows_is_linear_in_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small = work_of_splitting(monkeypatch, 300)
    large = work_of_splitting(monkeypatch, 600)
    assert small > 0
    assert large / small < 2.6


GENERAL = "一般公共预算财政拨款支出决算表\n"


def general_by_rows() -> str:
    """The tab document with its 一般公共预算财政拨款支出决算表 printed a cell per line on a
    page of its own: the whole codes, the names, the totals label, then each row's
    amounts one after another, its empty cells left out, the totals row last."""
    text = (HERE / "final" / "final_tab.txt").read_text(encoding="utf-8")
    start = text.index(GENERAL)
    end = text.index("一般公共预算财政拨款基本支出决算表\n", start)
    rows = [line.split("\t") for line in text[start:end].split("\n")[3:-1]]
    amounts = [c for row in [*rows[1:], rows[0]] for c in row[2:5] if c]
    block = [
        "一般公共预算财政拨款支出决算表",
        "项目",
        "科目编码",
        *[row[0] for row in rows[1:]],
        "",
        "合计",
        "基本支出",
        "项目支出",
        "",
        "科目名称",
        *[row[1] for row in rows[1:]],
        "合计",
        "",
        *amounts,
    ]
    return text[:start] + "\f" + "\n".join(block) + "\n\f" + text[end:]


def test_the_code_tree_decides_which_column_a_row_of_two_equal_figures_fills() -> None:
    """A row printing two equal figures (合计 and one part) fits 基本支出 as well as
    项目支出; only one choice over all rows satisfies the code tree in both columns:
    every row settled, as the tab document prints it."""
    tab = budgetparse.parse(
        (HERE / "final" / "final_tab.txt").read_text(encoding="utf-8"), path="final.txt"
    )
    doc = budgetparse.parse(general_by_rows(), path="final.txt")
    ours = kind(doc, "final_general_expenditure")
    theirs = kind(tab, "final_general_expenditure")
    assert not [r.code for r in ours.rows if r.undecided]
    expected = {r.code: r.values for r in theirs.rows}
    assert len(ours.rows) == 14
    assert all(row.values == expected[row.code] for row in ours.rows)


def test_a_code_tree_no_choice_satisfies_leaves_the_amounts_undecided() -> None:
    """The 行政运行 row's figures changed so that no choice adds up to its parent in both
    columns (each row's own identity still holds): no amount read."""
    source = general_by_rows()
    old = "\n550.00\n550.00\n400.00\n400.00\n"
    assert old in source
    doc = budgetparse.parse(source.replace(old, "\n500.00\n500.00\n400.00\n400.00\n"))
    rows = kind(doc, "final_general_expenditure").rows
    assert len(rows) == 14 and all(r.undecided for r in rows)


def unread_pair(revenue: str | None = None, general: str | None = None) -> str:
    """The tab document without its 支出决算表, its 收入决算表 and its
    一般公共预算财政拨款支出决算表 printed a cell per line, each on a page of its own, in
    arrangements no placement of cellwise.py verifies: codes, names and amounts of
    different rows interleaved, one row's figure printed rows away, the totals label
    among the names (``revenue``, ``general`` replace the fixtures' texts)."""
    text = (HERE / "final" / "final_tab.txt").read_text(encoding="utf-8")
    start = text.index("收入决算表\n")
    summary = text.index("财政拨款收入支出决算总表\n", start)
    begin = text.index(GENERAL, summary)
    end = text.index("一般公共预算财政拨款基本支出决算表\n", begin)
    revenue = revenue if revenue is not None else fixture("revenue_apart.txt")
    general = general if general is not None else fixture("general_codes_apart.txt")
    return text[:start] + f"\f{revenue}\f" + text[summary:begin] + f"\f{general}\f" + text[end:]


def test_two_unread_tables_printing_the_same_rows_vouch_for_each_other() -> None:
    """Neither table verifies an arrangement and no table read before prints their codes
    and names; the 一般公共预算 table's own code cells read one way and its names count
    out one a row, and the 收入决算表's cells print exactly that list: both keep the
    rows.  The 一般公共预算 table's amounts, one row after another, verify (every row
    settled, as the tab document prints it); the 收入决算表's fit no split, so stay
    undecided, and its totals label, printed among the names, places no totals row."""
    tab = budgetparse.parse(
        (HERE / "final" / "final_tab.txt").read_text(encoding="utf-8"), path="final.txt"
    )
    doc = budgetparse.parse(unread_pair(), path="final.txt")
    revenue, general = kind(doc, "final_revenue"), kind(doc, "final_general_expenditure")
    expected = {r.code: r.values for r in kind(tab, "final_general_expenditure").rows}
    assert len(general.rows) == 14 and general.rows[-1].total
    assert not [r.code for r in general.rows if r.undecided]
    assert all(row.values == expected[row.code] for row in general.rows)
    assert labels(revenue) == labels(general)[:-1]
    assert all(r.undecided == revenue.columns and not r.cells for r in revenue.rows)
    messages = [d.message for d in doc.diagnostics if d.code == "table.ambiguous_row"]
    assert any("totals row is left out" in m for m in messages)
    assert "table.layout_unreadable" not in [d.code for d in doc.diagnostics]
    assert [f.code for f in doc.findings if f.severity == "error"] == []


@pytest.mark.parametrize(
    ("table", "old", "new"),
    [
        ("revenue", "水利工程运行与维护\n", "水利工程建设\n"),  # a name the other does not print
        ("revenue", "\n210\n\n11\n", "\n210\n\n12\n"),  # a code it does not print
        ("general", "\n05\n\n05\n", "\n05\n\n06\n"),  # a code it does not print
        # a name printed over two cells: the names no longer one a row
        ("general", "机关事业单位基本养老保险缴费支出\n", "机关事业单位基本养老保\n\n险缴费支出\n"),
    ],
)
def test_two_unread_tables_printing_different_rows_stay_unread(
    table: str, old: str, new: str
) -> None:
    source = fixture("revenue_apart.txt" if table == "revenue" else "general_codes_apart.txt")
    assert old in source
    changed = source.replace(old, new, 1)
    text = unread_pair(revenue=changed) if table == "revenue" else unread_pair(general=changed)
    doc = budgetparse.parse(text, path="final.txt")
    assert kind(doc, "final_revenue").rows == ()
    assert kind(doc, "final_general_expenditure").rows == ()
    assert [d.code for d in doc.diagnostics].count("table.layout_unreadable") == 2


def test_unread_tables_are_paired_with_the_nearest_few_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """However many tables a document leaves unread, each is checked against at most
    MAX_KNOWN others: the reads grow linearly with the tables."""
    import budgetparse.pipeline as pipeline
    from budgetparse.tables import TableContent
    from budgetparse.tables.evidence import Evidence

    listed = (KnownRow("201", "一般公共服务支出", False),)
    reads: list[str | None] = []

    def read_table(kind: str | None, *args: object) -> TableContent:
        reads.append(kind)
        return TableContent(columns=(), rows=(), diagnostics=())

    monkeypatch.setattr(pipeline, "printed_list", lambda kind, lines: listed)
    monkeypatch.setattr(pipeline, "read_table", read_table)
    for count in (10, 200):
        reads.clear()
        tables = [coded_table(k) for k in range(count)]
        unread = {k: ([], ()) for k in range(count)}
        assert pipeline._vouched(tables, unread, Evidence(), None) == {}
        assert len(reads) == count * MAX_KNOWN


def coded_table(index: int) -> TableBlock:
    """A coded table of the document, its lines aside (the pairing reads only its kind)."""
    return TableBlock(
        index=index,
        number=None,
        title="收入决算表",
        kind="final_revenue",
        part=None,
        section=None,
        span=(0, 0),
        title_span=None,
        department=None,
        unit=None,
    )
