"""The real 部门决算 disclosures of ../shared/realworld/documents/ (read there, never copied
into the repository; the tests skip when the folder is absent): family, department and
year, tables typed, pages, the planted errors found, and on the originals only the
inconsistencies verified by hand (README, "Final accounts").

Known gaps are marked ``xfail(strict=True)``: they fail today for a stated reason, and
the day they pass the marker must go."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

import budgetparse
from budgetparse.model import Document

from .caught import unexpected

REAL = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "documents"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="real documents not available")

DOCUMENTS = {
    "putuo-finance-2024": "上海市普陀区财政局",
    "putuo-finance-2024-planted-errors": "上海市普陀区财政局",
    "putuo-planning-2024": "上海市普陀区规划和自然资源局",
    "putuo-social-work-2024": "中共上海市普陀区委社会工作部",
}
FORMS = ("layout.txt", "raw.txt", "pdf")
# the forms whose tables keep their rows (the raw text prints a cell per line)
TABLE_FORMS = ("layout.txt", "pdf")
# the tables the finance bureau's documents print with figures (the two fund tables are
# declared empty)
FILLED = (
    "final_summary",
    "final_revenue",
    "final_expenditure",
    "final_fiscal_summary",
    "final_general_expenditure",
    "final_general_basic",
)


@cache
def parsed(name: str, form: str) -> Document:
    path = REAL / f"{name}.{form}"
    if form == "pdf":
        pytest.importorskip("pypdfium2")
    return budgetparse.parse(path.read_bytes(), path=path.name)


def findings(doc: Document, severity: str | None = None) -> Counter[str]:
    return Counter(f.code for f in doc.findings if severity is None or f.severity == severity)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_family_department_year(name: str, form: str) -> None:
    doc = parsed(name, form)
    assert doc.meta.family == "决算"
    assert doc.meta.template == "final-2024"
    assert doc.meta.year == 2024
    if name.startswith("putuo-finance"):
        assert doc.meta.department == DOCUMENTS[name]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", ["putuo-planning-2024", "putuo-social-work-2024"])
def test_department_of_a_wrapped_title(name: str, form: str) -> None:
    assert parsed(name, form).meta.department == DOCUMENTS[name]


@pytest.mark.parametrize("form", TABLE_FORMS)
@pytest.mark.parametrize("name", ["putuo-planning-2024", "putuo-social-work-2024"])
def test_summary_tables_of_an_unnumbered_tables_part(name: str, form: str) -> None:
    """The tables part headed by its title alone (no 第二部分): its summary tables keep
    their rows instead of their lines being read as section headings."""
    doc = parsed(name, form)
    kinds = {t.kind: t for t in doc.tables}
    assert kinds["final_summary"].rows
    assert kinds["final_fiscal_summary"].rows
    assert any(p.role == "tables" for p in doc.parts)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_pages_on_every_element(name: str, form: str) -> None:
    doc = parsed(name, form)
    data = doc.to_dict()
    assert doc.text.count("\f") >= 10
    for part in data["parts"]:
        assert part["pages"][0] <= part["pages"][1]
    assert all("pages" in r for t in data["tables"] for r in t["rows"])
    assert all("pages" in r for r in data["records"])
    assert all(f["pages"] for f in data["findings"])


UNREADABLE = pytest.mark.xfail(
    strict=True,
    reason="pdftotext -layout prints the 人员经费 | 公用经费 lists' codes, names and amounts "
    "on separate lines: the table is reported unreadable (table.layout_unreadable), not guessed",
)


@pytest.mark.parametrize(
    ("form", "kind"),
    [
        pytest.param(form, kind, marks=UNREADABLE)
        if (form, kind) == ("layout.txt", "final_general_basic")
        else (form, kind)
        for form in TABLE_FORMS
        for kind in FILLED
    ],
)
def test_finance_tables_typed(form: str, kind: str) -> None:
    doc = parsed("putuo-finance-2024", form)
    kinds = {t.kind: t for t in doc.tables}
    assert kinds[kind].rows, kind


@pytest.mark.parametrize("form", TABLE_FORMS)
def test_finance_empty_tables_and_coverage(form: str) -> None:
    doc = parsed("putuo-finance-2024", form)
    kinds = {t.kind: t for t in doc.tables}
    assert kinds["final_fund"].empty and kinds["final_state_capital"].empty
    assert doc.coverage is not None and doc.coverage.share >= 0.95


def test_planted_errors_found() -> None:
    """Every planted error that the text keeps (see README for the list and the hand
    check of each); the PDF and the layout text alike."""
    for form in FORMS:
        doc = parsed("putuo-finance-2024-planted-errors", form)
        found = {(f.code, f.found) for f in doc.findings}
        assert ("text.placeholder", "XX") in found
        assert ("text.year", "2023") in found  # 第三部分 …2023年度…, 截至2023年12月31日
        assert ("text.punctuation", "。。") in found
        assert ("narrative.zero_with_change", "0") in found
        relations = sorted(f.found for f in doc.findings if f.code == "narrative.final_vs_budget")
        assert relations == ["大于", "大于", "等于"], form


# the inconsistencies of the originals, verified by hand (README, "Final accounts")
VERIFIED_ERRORS = {
    # 收入支出决算总表 and 财政拨款收入支出决算总表 print 社会保障和就业支出 326.71; the 支出决算表
    # and the 一般公共预算财政拨款支出决算表 print its 类 208 as 326.72 = 84.65 + 160.75 +
    # 80.38 + 0.94
    "putuo-finance-2024": Counter({"table.final_cross": 2}),
    # 完成年初预算的95.45%: 9746.50 / 10210.34 = 95.457% → 95.46%; 收入支出决算总表 prints
    # 城乡社区支出 3845.25 where the 支出决算表's 类 212 is 3845.24 = 1105.68 + 2739.56; both
    # 总表 print 卫生健康支出 236.63 where the 支出决算表 and the 一般公共预算财政拨款支出决算表
    # print 类 210 as 236.64 = 40.35 + 196.29
    "putuo-planning-2024": Counter({"narrative.completion": 1, "table.final_cross": 3}),
    "putuo-social-work-2024": Counter(),
}


@pytest.mark.parametrize("name", sorted(VERIFIED_ERRORS))
def test_errors_of_the_originals_are_the_verified_ones(name: str) -> None:
    for form in FORMS:
        doc = parsed(name, form)
        errors = findings(doc, "error")
        assert errors <= VERIFIED_ERRORS[name], (form, errors)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_no_stage_failed_and_every_line_was_placed(name: str, form: str) -> None:
    assert unexpected(parsed(name, form)) == []
