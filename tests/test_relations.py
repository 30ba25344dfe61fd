"""grammar/templates/relations.toml: the cross-table relations and the prose's table
figures are data, and every name in them is checked against columns.toml on load."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetparse.datadir import DataFileError, grammar_dir
from budgetparse.reconcile.relations import Place, load_relations, relations

SHIPPED = grammar_dir() / "templates" / "relations.toml"


def test_the_shipped_relations_load() -> None:
    r = relations()
    assert len(r.same_by_code) >= 6 and len(r.same_total) >= 8 and len(r.at_most) >= 4
    assert (
        Place("general_basic", None, "合计"),
        Place("general_expenditure", None, "基本支出"),
    ) in r.same_total
    assert r.prose_lines["income_total"] == Place("summary", "income", "预算数")
    assert r.prose_three_public["reception"] == "公务接待费"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'kind = "revenue", column = "总计"',
            'kind = "revenu", column = "总计"',
            "same_by_code[0].a.kind: 'revenu' is not a table kind of columns.toml",
        ),
        (
            'kind = "revenue", column = "总计"',
            'kind = "revenue", column = "总数"',
            "same_by_code[0].a.column: '总数' is not a column of revenue in columns.toml",
        ),
        (
            'a = { kind = "revenue", column = "总计" }',
            'a = { kind = "revenue", side = "income", column = "总计" }',
            "same_by_code[0].a.side: 'income': only a two-sided table has a side",
        ),
        (
            'reception = "公务接待费"',
            'reception = "接待费"',
            "prose.three_public.reception: '接待费' is not a column of three_public",
        ),
        ('basic = "基本支出"', 'basic = "基本"', "prose.split.basic"),
        (
            'expense_total = { kind = "expenditure", column = "合计" }',
            'expense_total = { kind = "expenditure", column = "合计", note = "x" }',
            "prose.lines.expense_total: unknown field(s) ['note']",
        ),
    ],
)
def test_a_name_columns_toml_does_not_know_is_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "relations.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_relations(broken)
    assert message in str(error.value)
    assert str(error.value).startswith("relations.toml: ")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'row = "*total", column = "本年收入合计" }]',
            'row = "*total", column = "本年收入总计" }]',
            "'本年收入总计' is not a column of final_revenue",
        ),
        (
            'row = "*classes", column = "合计" }]',
            'row = "*rows", column = "合计" }]',
            "a selector is",
        ),
        (
            'final_fund = { summary = "final_fiscal_summary"',
            'final_fund = { summary = "final_nothing"',
            "'final_nothing' is not a table kind",
        ),
    ],
)
def test_final_links_are_checked_against_the_columns(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    """The 决算 links and the fund tables (relations.toml [[links]], [fund_tables]) are
    held to the same standard."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "relations.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        load_relations(broken)
    assert load_relations(SHIPPED).links  # the shipped links load
