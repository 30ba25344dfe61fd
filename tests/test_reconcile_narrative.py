"""Narrative rules on a small synthetic disclosure (made-up unit and amounts): the
consistent document has no finding; each rule fires on a one-number change, at the
changed text, and lets rounding within the printed precision pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetparse.pipeline import parse
from budgetparse.reconcile import Finding, Reconciliation, reconcile
from budgetparse.reconcile.engine import load_rules
from budgetparse.reconcile.statements import best_match, project_key

from .reconcile_docs import standard

FIXTURES = Path(__file__).parent / "fixtures" / "reconcile"
PART1 = (FIXTURES / "narrative_part1.txt").read_text(encoding="utf-8")
PART3 = (FIXTURES / "narrative_part3.txt").read_text(encoding="utf-8")


def document(part1: str = PART1, part3: str = PART3) -> str:
    return part1 + standard() + part3


def check(text: str) -> Reconciliation:
    return reconcile(parse(text))


def change(old: str, new: str, *, part1: bool = False) -> tuple[str, int]:
    """The document with the one occurrence of ``old`` (in part 1 or 3) changed; the
    offset of the change."""
    p1, p3 = PART1, PART3
    if part1:
        assert p1.count(old) == 1, old
        p1 = p1.replace(old, new)
        text = document(p1, p3)
        return text, text.index(new)
    assert p3.count(old) == 1, old
    p3 = p3.replace(old, new)
    text = document(p1, p3)
    return text, text.rindex(new)


def pointing(result: Reconciliation, offset: int, code: str) -> list[Finding]:
    return [
        f for f in result.findings if f.code == code and any(s <= offset < e for s, e in f.spans)
    ]


def narrative(result: Reconciliation) -> list[Finding]:
    return [f for f in result.findings if not f.code.startswith("table.")]


def test_rules_are_registered() -> None:
    codes = {r.code for r in load_rules()}
    assert {
        "narrative.table_amount",
        "narrative.share",
        "narrative.change_arithmetic",
        "narrative.direction",
        "narrative.change_additivity",
        "narrative.contradiction",
        "narrative.allocation_sum",
        "narrative.breakdown_sum",
        "staffing.sum",
        "performance.project_amount",
    } <= codes


def test_consistent_document_has_no_finding() -> None:
    result = check(document())
    assert result.findings == ()
    assert result.checked > 250


# (old text, new text, rule that must point at the new text)
CASES = [
    ("占87.89%", "占78.89%", "narrative.share"),
    ("增长7.29%", "增长7.92%", "narrative.change_arithmetic"),
    ("增加20.40万元", "增加24.40万元", "narrative.change_arithmetic"),
    ("人员经费330.00万元", "人员经费333.00万元", "narrative.table_amount"),
    ("公务接待费5.00万元", "公务接待费6.00万元", "narrative.table_amount"),
    ("（类）12.30万元", "（类）12.80万元", "narrative.table_amount"),
    ("预算数为300.40万元", "预算数为300.90万元", "narrative.table_amount"),
    ("预算安排规模：50万元", "预算安排规模：55万元", "narrative.table_amount"),
    ("设备购置20万元", "设备购置25万元", "narrative.allocation_sum"),
    ("政府采购服务预算8.00万元", "政府采购服务预算9.00万元", "narrative.breakdown_sum"),
    ("增加3.00万元，增长0.73%", "增加4.00万元，增长0.97%", "narrative.change_additivity"),
]


@pytest.mark.parametrize(("old", "new", "code"), CASES, ids=[c[2] + ":" + c[1] for c in CASES])
def test_one_number_changed_is_found_at_the_change(old: str, new: str, code: str) -> None:
    text, offset = change(old, new)
    digits = offset + next(i for i, ch in enumerate(new) if ch.isdigit() and new[i:] != old[i:])
    result = check(text)
    assert pointing(result, digits, code), [f.message for f in result.findings]


def test_staffing_count_changed() -> None:
    text, offset = change("在职20人", "在职21人", part1=True)
    result = check(text)
    hits = pointing(result, offset + 3, "staffing.sum")
    assert hits and hits[0].severity == "error"
    assert "实有人数" in hits[0].message


def test_direction_disagreement_is_an_error_whatever_the_digits() -> None:
    text, offset = change(
        "比上年预算增加20.40万元，增长7.29%", "比上年预算增加20.40万元，下降7.29%"
    )
    result = check(text)
    hits = pointing(result, offset, "narrative.direction")
    assert hits and hits[0].severity == "error"
    assert not [f for f in result.findings if f.code == "narrative.change_arithmetic"]


def test_rounding_inside_the_printed_precision_passes() -> None:
    # 20.40 / (300.40 - 20.40) = 7.2857…%: 7.3% at one decimal and 7% at none both fit
    for rate in ("7.3%", "7%"):
        text, _ = change("增长7.29%", f"增长{rate}")
        assert narrative(check(text)) == [], rate
    # 87.893…% printed with one decimal; 一般公共服务支出 350.4 for 350.40
    text, _ = change("占87.89%", "占87.9%")
    assert narrative(check(text)) == []
    text, _ = change("（类）350.40万元", "（类）350.4万元")
    assert narrative(check(text)) == []


def test_rate_off_by_one_in_the_last_digit_is_found() -> None:
    # 20.40 / 280.00 lies in [7.2836, 7.2878]% over the printed intervals: 7.28 fits, 7.27 not
    text, _ = change("增长7.29%", "增长7.28%")
    assert narrative(check(text)) == []
    text, offset = change("增长7.29%", "增长7.27%")
    assert pointing(check(text), offset + 2, "narrative.change_arithmetic")


def test_whole_numbers_fit_only_as_rounded_is_a_warning() -> None:
    # 三公 13 = 0 + 0 + 8 + 5 holds; 14 fits only if 8 and 5 are rounded: a warning
    part3 = PART3.replace("公务用车运行费8.00万元", "公务用车运行费8万元")
    part3 = part3.replace("公务接待费5.00万元", "公务接待费5万元")
    part3 = part3.replace("经费数为13.00万元", "经费数为14万元")
    result = check(document(part3=part3))
    codes = {(f.code, f.severity) for f in narrative(result)}
    assert ("narrative.breakdown_sum", "error") in codes or (
        "narrative.table_amount",
        "error",
    ) in codes


def test_unit_scale_is_named() -> None:
    text, _ = change("人员经费330.00万元", "人员经费3300000元")
    assert narrative(check(text)) == []  # 3300000元 is 330万元
    text, offset = change("人员经费330.00万元", "人员经费3300000万元")
    hits = pointing(check(text), offset + 5, "narrative.table_amount")
    assert hits and hits[0].severity == "warning" and hits[0].scale == "万元→元"


def test_same_quantity_twice_is_one_contradiction_and_the_odd_figure_is_named() -> None:
    # 五、 states 项目支出 -10.00; 三、 now says -11.00 (and a rate that fits it): the sum of
    # 基本 + 项目 changes in 三、 no longer matches the total's +3.00, so 三、 is the odd one
    old = "项目支出50.00万元，占12.11%，比上年预算减少10.00万元，下降16.67%"
    new = "项目支出50.00万元，占12.11%，比上年预算减少11.00万元，下降18.03%"
    text, offset = change(old, new)
    result = check(text)
    hits = pointing(result, offset + new.index("11.00"), "narrative.contradiction")
    assert len(hits) == 1 and hits[0].found and hits[0].found.startswith("减少11.00")
    assert not [f for f in result.findings if f.code == "narrative.change_additivity"]
    assert result.suppressed >= 1


def test_allocation_rates_are_not_summed() -> None:
    part3 = PART3.replace("设备购置20万元，共计50万元", "人员工资2000元/人/月")
    assert narrative(check(document(part3=part3))) == []


def test_missing_table_is_one_diagnostic() -> None:
    text = document()
    start = text.index("表6：")
    end = text.index("表7：")
    result = check(text[:start] + text[end:])
    absent = [d for d in result.diagnostics if "general_basic" in d.message]
    assert len(absent) == 1 and "narrative.table_amount" in absent[0].message


def test_project_names_match_fuzzily() -> None:
    rows = ["市级专项一道路养护", "部门专项-信息系统运维", "部门专项-办公楼修缮"]
    assert best_match("部门专项—信息系统运维费用", rows) == 1
    assert best_match("2022年市级专项—道路养护工程", rows) == 0
    assert best_match("完全不同的名称", rows) is None
    assert project_key("（2022年）部门专项—运维") == "部门专项运维"
