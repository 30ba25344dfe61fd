"""The two-list 基本支出 table printed one cell per line (plain pdftotext): its rows are
the subjects of the economic classification whose names and codes the cells print,
whatever their order; every amount undecided (budgetparse/tables/economic_lists.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetparse.datadir import DataFileError
from budgetparse.tables import TableContent
from budgetparse.tables.columns import kind_spec
from budgetparse.tables.economic import checked_subjects, economic_subjects
from budgetparse.tables.spaced import read_spaced_table

from .test_tables_cellwise import codes, lines_of

FIXTURES = Path(__file__).parent / "fixtures" / "tables_economic_lists"
DECIMAL = re.compile(r"^\d+\.\d+$")
KIND = "final_general_basic"


def read(name: str) -> tuple[str, TableContent]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    spec = kind_spec(KIND)
    assert spec is not None
    return text, read_spaced_table(KIND, spec, lines_of(text))


def rows(content: TableContent) -> list[tuple[str | None, str | None, str | None, bool]]:
    return [(r.group, r.code, r.name, r.total) for r in content.rows]


def assert_every_amount_undecided(content: TableContent) -> None:
    assert content.columns == ("决算数",)
    for row in content.rows:
        assert row.undecided == content.columns
        assert row.values == {"决算数": None}
        assert not row.cells
    assert "table.ambiguous_row" in codes(content)


def assert_names_point_at_their_text(text: str, content: TableContent) -> None:
    """Each row's span starts at its name's first cell (or at its code)."""
    for row in content.rows:
        start, end = row.span
        assert start < end
        assert row.name is not None and row.name[0] in text[start:end]


def test_codes_and_names_printed_as_runs() -> None:
    """Whole codes as one run per list, names as another (a name wrapped over two
    lines), amounts between them: every row, with the two lists' totals rows."""
    text, content = read("runs.txt")
    assert rows(content) == [
        ("income", "301", "工资福利支出", False),
        ("income", "30101", "基本工资", False),
        ("income", "30102", "津贴补贴", False),
        ("income", "30199", "其他工资福利支出", False),
        ("income", "303", "对个人和家庭的补助", False),
        ("income", "30302", "退休费", False),
        ("expense", "302", "商品和服务支出", False),
        ("expense", "30201", "办公费", False),
        ("expense", "30213", "维修（护）费", False),
        ("expense", "310", "资本性支出", False),
        ("expense", "31002", "办公设备购置", False),
        ("income", None, "人员经费合计", True),
        ("expense", None, "公用经费合计", True),
    ]
    assert_every_amount_undecided(content)
    assert_names_point_at_their_text(text, content)


def test_class_and_item_codes_printed_apart_in_any_order() -> None:
    """类 and 款 on lines of their own, a row's name before its 款, a letter-spaced name
    wrapped: the rows the names and code parts print."""
    text, content = read("apart.txt")
    assert rows(content) == [
        ("income", "301", "工资福利支出", False),
        ("income", "30101", "基本工资", False),
        ("income", "30107", "绩效工资", False),
        ("expense", "302", "商品和服务支出", False),
        ("expense", "30201", "办公费", False),
        ("expense", "30231", "公务用车运行维护费", False),
        ("income", None, "人员经费合计", True),
        ("expense", None, "公用经费合计", True),
    ]
    assert_every_amount_undecided(content)
    assert_names_point_at_their_text(text, content)


def test_the_column_word_total_is_a_header_word() -> None:
    """``合计`` heads the 决算数 column (columns.toml): no totals row of either list."""
    _, content = read("header_total.txt")
    assert rows(content) == [
        ("expense", "302", "商品和服务支出", False),
        ("expense", "30201", "办公费", False),
        ("expense", None, "公用经费合计", True),
    ]
    assert_every_amount_undecided(content)


@pytest.mark.parametrize(
    "name",
    [
        "ambiguous.txt",  # 医疗费 / 补助: 医疗费 and 补助 left over, or 医疗费补助
        "leftover.txt",  # a text cell that names no subject
        "missing.txt",  # a name whose code is not printed
        "twice.txt",  # a subject twice, its codes and names both printed twice
    ],
)
def test_cells_that_are_not_exactly_subjects_are_not_read(name: str) -> None:
    _, content = read(name)
    assert content.rows == ()
    assert "table.layout_unreadable" in codes(content)


def test_the_classification_data() -> None:
    subjects = economic_subjects()
    assert subjects["301"] == "工资福利支出"
    assert all(len(code) == 3 or code[:3] in subjects for code in subjects)
    assert len(set(subjects.values())) == len(subjects)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"3011": "某费"}, "no code"),
        ({"30101": "基本工资"}, "its 类"),
        ({"301": "工资福利支出", "30101": "工资福利支出"}, "more than one code"),
        ({"301": ""}, "expected a name"),
        ([], "expected a table"),
    ],
)
def test_malformed_classification_data_is_an_error(data: object, problem: str) -> None:
    with pytest.raises(DataFileError, match=problem):
        checked_subjects(data, "economic.toml")


def test_a_blank_form_without_amounts_reads_its_subjects_too() -> None:
    """The same table with no amount printed (a blank form): still one cell a line, its
    rows the subjects its cells name — never the names run together onto one code."""
    text = (FIXTURES / "runs.txt").read_text(encoding="utf-8")
    blank = "".join(
        line for line in text.splitlines(keepends=True) if not DECIMAL.match(line.strip())
    )
    assert blank != text
    spec = kind_spec(KIND)
    assert spec is not None
    filled = read_spaced_table(KIND, spec, lines_of(text))
    content = read_spaced_table(KIND, spec, lines_of(blank))
    assert rows(content) == rows(filled)
    assert all(r.name and len(r.name) < 12 for r in content.rows)
    # no amount is printed: every cell is known, and empty (not undecided)
    assert all(not r.undecided and r.values == {"决算数": None} for r in content.rows)
    assert codes(content) == []
