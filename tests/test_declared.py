"""Declarations held against the tables: a table declared empty, a fund's table against
the 财政拨款 summary, the items listed under 人员经费 / 公用经费 (budgets and final accounts)."""

from __future__ import annotations

from pathlib import Path

import budgetparse

FIXTURES = Path(__file__).parent / "fixtures"
FINAL = (FIXTURES / "final" / "final_tab.txt").read_text(encoding="utf-8")
BUDGET = (FIXTURES / "doc_full.txt").read_text(encoding="utf-8")


def codes(text: str, prefix: str) -> list[tuple[str, str]]:
    doc = budgetparse.parse(text, path="doc.txt")
    return [(f.code, f.severity) for f in doc.findings if f.code.startswith(prefix)]


def changed(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_clean_fixtures() -> None:
    for text in (FINAL, BUDGET):
        assert codes(text, "table.declared_empty") == []
        assert codes(text, "table.fund_empty") == []
        assert codes(text, "narrative.listed_classes") == []


def test_declared_empty_final_table_prints_a_figure() -> None:
    old = "\t合计\t\t\t\t\t\t\n注：本单位2023年度无政府性基金"
    text = changed(FINAL, old, "\t合计\t\t5.00\t5.00\t5.00\t\t\n注：本单位2023年度无政府性基金")
    assert ("table.declared_empty", "error") in codes(text, "table.")


def test_declared_empty_budget_table_prints_a_figure() -> None:
    text = changed(BUDGET, "合计\t0.00\t0.00\t0.00", "合计\t3.00\t3.00\t0.00")
    assert ("table.declared_empty", "error") in codes(text, "table.")


def test_fund_printed_in_the_summary_but_its_table_is_empty() -> None:
    text = changed(
        FINAL,
        "二、社会保障和就业支出\t150.00\t150.00\t\t",
        "二、社会保障和就业支出\t150.00\t140.00\t10.00\t",
    )
    assert ("table.fund_empty", "error") in codes(text, "table.fund_empty")


def test_listed_item_of_the_other_group() -> None:
    text = changed(
        FINAL, "主要包括：基本工资、津贴补贴、退休费", "主要包括：基本工资、差旅费、退休费"
    )
    assert codes(text, "narrative.listed_classes") == [("narrative.listed_classes", "warning")]


def test_listed_item_the_table_prints_no_amount_for() -> None:
    text = changed(FINAL, "30302\t退休费\t60.00\t31002", "30302\t退休费\t0.00\t31002")
    found = codes(text, "narrative.listed_classes")
    assert found == [("narrative.listed_classes", "warning")]


# -- the same rules on a budget (预算) of our own: 示例县档案馆 -----------------------------

SMALL_BUDGET = (FIXTURES / "budget_declared.txt").read_text(encoding="utf-8")


def test_small_budget_is_clean() -> None:
    doc = budgetparse.parse(SMALL_BUDGET, path="doc.txt")
    assert (doc.meta.family, doc.meta.year) == ("预算", 2023)
    assert {t.kind for t in doc.tables} == {"fiscal_summary", "general_basic", "fund_expenditure"}
    assert doc.findings == ()


def test_budget_declared_empty_table_prints_a_figure() -> None:
    text = changed(SMALL_BUDGET, "合计\t\t\t\t0.00\t0.00\t0.00", "合计\t\t\t\t2.00\t2.00\t0.00")
    assert ("table.declared_empty", "error") in codes(text, "table.")


def test_budget_fund_printed_in_the_summary_but_its_table_is_empty() -> None:
    text = changed(
        SMALL_BUDGET, "221住房保障支出\t6.00\t6.00\t\t", "221住房保障支出\t6.00\t4.00\t2.00\t"
    )
    assert ("table.fund_empty", "error") in codes(text, "table.fund_empty")


def test_budget_listed_item_of_the_other_group() -> None:
    text = changed(SMALL_BUDGET, "主要包括：基本工资、津贴补贴", "主要包括：基本工资、差旅费")
    assert codes(text, "narrative.listed_classes") == [("narrative.listed_classes", "warning")]
