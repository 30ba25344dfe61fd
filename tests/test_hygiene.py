"""Text hygiene, for budgets and final accounts alike: each check has a document that
trips it and the same document without the flaw that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

import budgetparse
from budgetparse.model import Document

FIXTURES = Path(__file__).parent / "fixtures"
FINAL = (FIXTURES / "final" / "final_tab.txt").read_text(encoding="utf-8")
BUDGET = (FIXTURES / "doc_full.txt").read_text(encoding="utf-8")


def findings(text: str, code: str) -> list[tuple[str, str]]:
    doc: Document = budgetparse.parse(text, path="doc.txt")
    return [
        (f.severity, text[f.spans[0][0] : f.spans[0][1]]) for f in doc.findings if f.code == code
    ]


def changed(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize("text", [FINAL, BUDGET], ids=["final", "budget"])
def test_clean_documents_have_no_hygiene_findings(text: str) -> None:
    doc = budgetparse.parse(text, path="doc.txt")
    assert not [f for f in doc.findings if f.code.startswith("text.")]


@pytest.mark.parametrize(
    ("text", "old", "new", "printed"),
    [
        (FINAL, "纳入示例市水务局", "纳入示例市XX局", "XX"),
        (FINAL, "单位为本级", "单位为××", "××"),
        (BUDGET, "本局下设办公室", "本局下设待填写", "待填写"),
    ],
    ids=["final-XX", "final-times", "budget-words"],
)
def test_placeholder(text: str, old: str, new: str, printed: str) -> None:
    assert findings(changed(text, old, new), "text.placeholder") == [("warning", printed)]


def test_placeholder_not_in_a_latin_word() -> None:
    text = changed(FINAL, "单位为本级", "单位为本级（系统编号EXXON）")
    assert findings(text, "text.placeholder") == []


def test_year_other_than_the_report_or_the_one_before() -> None:
    text = changed(FINAL, "与2022年度相比", "与2021年度相比")
    assert findings(text, "text.year") == [("warning", "2021")]


def test_year_of_a_part_heading() -> None:
    old = "第三部分 示例市水务局2023年度部门决算情况说明"
    text = changed(FINAL, old, old.replace("2023", "2022"))
    assert findings(text, "text.year") == [("warning", "2022")]


def test_year_inside_a_cited_title_is_a_citation() -> None:
    text = changed(FINAL, "负责全市水资源管理", "依据《2015年水资源管理办法》负责全市水资源管理")
    assert findings(text, "text.year") == []


@pytest.mark.parametrize(
    ("text", "anchor", "stated", "wrong"),
    [
        (FINAL, "示例市水务局负责全市", "2023", "2022"),
        (BUDGET, "某某县财政局是县人民政府", "2021", "2022"),
    ],
    ids=["final-closes-the-report-year", "budget-closes-the-year-before"],
)
def test_balance_date_of_the_wrong_year(text: str, anchor: str, stated: str, wrong: str) -> None:
    good = changed(text, anchor, f"截至{stated}年12月31日，本单位共有车辆2辆。{anchor}")
    bad = changed(text, anchor, f"截至{wrong}年12月31日，本单位共有车辆2辆。{anchor}")
    assert findings(good, "text.year") == []
    assert findings(bad, "text.year") == [("warning", wrong)]


@pytest.mark.parametrize("mark", ["。。", "，。", "；；"])
def test_punctuation(mark: str) -> None:
    text = changed(FINAL, "水利工程运行维护。", f"水利工程运行维护{mark}")
    assert findings(text, "text.punctuation") == [("info", mark)]


def test_share_over_100() -> None:
    text = changed(FINAL, "占95.24%", "占105.24%")
    assert ("warning", "105.24") in findings(text, "narrative.share_over_100")


def test_share_decimals_beyond_the_template() -> None:
    text = changed(FINAL, "占3.97%", "占3.968%")
    assert findings(text, "narrative.share_decimals") == [("info", "3.968")]
    assert findings(FINAL, "narrative.share_decimals") == []


def test_zero_beside_a_change() -> None:
    text = changed(FINAL, "收入、支出总计1,300.00万元", "收入、支出总计0万元")
    assert findings(text, "narrative.zero_with_change") == [("warning", "0")]


def test_dropping_to_zero_is_a_change_to_zero() -> None:
    text = changed(
        FINAL,
        "收入、支出总计1,300.00万元。与2022年度相比，收入、支出总计各增加100.00万元，增长8.33%。",
        "收入、支出总计0万元。与2022年度相比，收入、支出总计减少100.00万元，下降100.00%。",
    )
    assert findings(text, "narrative.zero_with_change") == []


SMALL_BUDGET = (FIXTURES / "budget_declared.txt").read_text(encoding="utf-8")


def test_budget_placeholder() -> None:
    text = changed(SMALL_BUDGET, "示例县档案馆负责", "XX县档案馆负责")
    assert findings(text, "text.placeholder") == [("warning", "XX")]


def test_budget_year_other_than_the_report_or_the_one_before() -> None:
    text = changed(SMALL_BUDGET, "比上年增加4.00万元", "比2020年增加4.00万元")
    assert findings(text, "text.year") == [("warning", "2020")]
    assert findings(SMALL_BUDGET.replace("比上年", "比2022年"), "text.year") == []


def test_budget_year_of_a_part_heading() -> None:
    old = "第三部分 2023年部门预算情况说明"
    text = changed(SMALL_BUDGET, old, old.replace("2023", "2022"))
    assert findings(text, "text.year") == [("warning", "2022")]


def test_budget_zero_beside_a_change() -> None:
    text = changed(SMALL_BUDGET, "收支总预算86.00万元", "收支总预算0万元")
    assert findings(text, "narrative.zero_with_change") == [("warning", "0")]
