"""Reconciliation rules on small synthetic documents: where each fires, where it must not.

The documents are built by ``tests/reconcile_docs.py`` (made-up amounts);
``tests/fixtures/reconcile/`` holds the consistent one for a person to read.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetparse.pipeline import parse
from budgetparse.reconcile import Finding, Reconciliation, reconcile
from budgetparse.reconcile.engine import load_rules

from .reconcile_docs import build, standard

FIXTURES = Path(__file__).parent / "fixtures" / "reconcile"
D = Decimal


def check(text: str) -> Reconciliation:
    return reconcile(parse(text))


def mutate(text: str, line_start: str, old: str, new: str) -> tuple[str, int]:
    """Replace ``old`` by ``new`` in the first line starting with ``line_start``; return the
    new text and the offset of the change."""
    at = text.index("\n" + line_start) + 1 if not text.startswith(line_start) else 0
    end = text.index("\n", at)
    line = text[at:end]
    column = line.rindex(old) if old.startswith("\t") else line.index(old)
    return text[: at + column] + new + text[at + column + len(old) :], at + column


def at(finding: Finding, offset: int) -> bool:
    return any(start <= offset < end for start, end in finding.spans)


def pointing(result: Reconciliation, offset: int, code: str | None = None) -> list[Finding]:
    return [f for f in result.findings if at(f, offset) and (code is None or f.code == code)]


# -- a consistent document gives no finding -----------------------------------------------


def test_fixture_is_the_standard_document() -> None:
    assert (FIXTURES / "consistent_2022.txt").read_text(encoding="utf-8") == standard()


def test_consistent_document_has_no_finding() -> None:
    result = check(standard())
    assert result.findings == ()
    assert result.suppressed == 0
    assert result.checked > 200


def test_rules_are_registered_with_stable_codes() -> None:
    codes = {r.code for r in load_rules()}
    assert {
        "table.row_identity",
        "table.hierarchy_sum",
        "table.total_row",
        "table.income_expense",
        "table.cross_code",
        "table.cross_total",
        "table.code_name",
    } <= codes


_MILS = st.integers(min_value=1, max_value=9_999_999)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    basic=st.lists(_MILS, min_size=4, max_size=4),
    project=st.tuples(_MILS, _MILS),
    split=st.floats(min_value=0.05, max_value=0.95),
    three=st.tuples(st.integers(0, 99_999), st.integers(0, 99_999), st.integers(0, 99_999)),
)
def test_rounded_exact_values_give_no_finding(
    basic: list[int], project: tuple[int, int], split: float, three: tuple[int, int, int]
) -> None:
    """Exact amounts (three decimals) printed rounded to two, every total rounded from the
    exact sum: no finding at all, whatever the rounding does to the printed sums."""
    m = [D(v).scaleb(-3) for v in basic]
    goods, capital = (D(v).scaleb(-3) for v in project)
    leaves = {
        "2010301": (m[0], D(0)),
        "2010399": (D(0), goods + capital),
        "2080505": (m[1], D(0)),
        "2101101": (m[2], D(0)),
        "2210201": (m[3], D(0)),
    }
    basic_total = sum(m, D(0))
    people = (basic_total * D(str(round(split, 3)))).quantize(D("0.001"))
    public = basic_total - people
    economic = {
        "30101": (people * D("0.6")).quantize(D("0.001")),
        "30201": (public * D("0.3")).quantize(D("0.001")),
    }
    economic["30102"] = people - economic["30101"]
    economic["30231"] = public - economic["30201"]
    text = build(
        leaves,
        economic,
        project=("部门专项-运维经费", goods, capital),
        three=tuple(D(v).scaleb(-3) for v in three),  # type: ignore[arg-type]
    )
    result = check(text)
    assert result.findings == (), [f.message for f in result.findings]


# -- each rule fires, at the changed text -----------------------------------------------------


def test_row_identity_and_hierarchy() -> None:
    """表6 30101: 人员经费 changed; 合计 no longer equals 人员经费 + 公用经费, nor 301 its 款."""
    text, offset = mutate(standard(), "301\t01\t基本工资", "\t200.00\t", "\t210.00\t")
    result = check(text)
    assert pointing(result, offset + 1, "table.row_identity")
    assert pointing(result, offset + 1, "table.hierarchy_sum")
    assert {f.severity for f in result.findings} == {"error"}
    row = pointing(result, offset + 1, "table.row_identity")[0]
    assert (row.found, row.expected) == ("210.00", "200.00 + 空 = 200.00")
    assert "基本工资" in row.message and "人员经费" in row.message


def test_total_row() -> None:
    text, offset = mutate(standard(), "\t\t合计\t363.00", "330.00", "331.00")
    result = check(text)
    assert pointing(result, offset, "table.total_row")


def test_cross_code_blames_the_odd_table_and_suppresses_its_own_checks() -> None:
    """表2 2080505 printed 30.21 where 表3 prints 30.12: reported once, in 表2."""
    line = "208\t05\t05\t机关事业单位基本养老保险缴费支出\t30.12\t30.12"
    text = standard().replace(line, line.replace("30.12", "30.21"), 1)
    offset = text.index("30.21")
    result = check(text)
    (finding,) = [f for f in result.findings if f.code == "table.cross_code"]
    assert finding.severity == "error"
    assert finding.found == "30.21" and finding.expected == "30.12"
    assert at(finding, offset)
    assert "表2" in finding.message
    assert result.suppressed >= 1  # 20805 总计 ≠ Σ 项 in 表2 reads the same figure
    rest = [f for f in result.findings if f is not finding]
    assert all("总计" not in f.message for f in rest)  # its 总计 checks: suppressed
    assert all(at(f, offset) or at(f, text.index("30.21", offset + 1)) for f in rest)


def test_cross_total_majority() -> None:
    text, offset = mutate(standard(), "\t\t合计\t363.00", "363.00", "365.00")
    result = check(text)
    (finding,) = [f for f in result.findings if f.code == "table.cross_total"]
    assert finding.found == "365.00" and at(finding, offset)
    assert not any(f.code in ("table.row_identity", "table.total_row") for f in result.findings)


def test_income_expense() -> None:
    doc = (
        "第二部分 部门预算公开表\n表1：部门收支总体情况表\n单位：万元\n收入\t\t支出\n"
        "项目\t预算数\t功能分类\t预算数\n财政拨款（补助）\t80.00\t201一般公共服务支出\t80.00\n"
        "收入总计\t80.00\t支出总计\t81.00\n"
    )
    result = check(doc)
    offset = doc.index("81.00")
    codes = {f.code for f in result.findings if at(f, offset)}
    assert codes == {"table.income_expense", "table.total_row"}  # 81 ≠ 80 and ≠ Σ 类 80
    assert any(d.code == "reconcile.table_absent" for d in result.diagnostics)


def test_code_name_is_info() -> None:
    line = "221\t02\t01\t住房公积金\t20.18\t20.18"
    text = standard().replace(line, line.replace("住房公积金", "住房公积金补贴"), 1)
    result = check(text)
    (finding,) = result.findings
    assert (finding.code, finding.severity) == ("table.code_name", "info")
    assert finding.expected == "住房公积金" and finding.found == "住房公积金补贴"
    assert "2210201" in finding.message


def test_unit_scale_is_named() -> None:
    line = "208\t05\t05\t机关事业单位基本养老保险缴费支出\t30.12\t30.12"
    text = standard().replace(line, line.replace("30.12", "301200"), 1)
    result = check(text)
    (finding,) = [f for f in result.findings if f.code == "table.cross_code"]
    assert (finding.severity, finding.scale) == ("warning", "元→万元")
    assert "单位" in finding.message


BASIC = (
    "第二部分 部门预算公开表\n表6：一般公共预算基本支出情况表\n单位：万元\n"
    "经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费\n"
    "{rows}\n\t\t合计\t{total}\t{people}\t{public}\n"
)


def basic_doc(rows: list[str], total: str, people: str, public: str = "") -> str:
    return BASIC.format(rows="\n".join(rows), total=total, people=people, public=public)


def test_whole_numbers_one_apart_are_an_error() -> None:
    """691 and 692 cannot be one value: 四舍五入 sends 691.5 to 692."""
    doc = basic_doc(["301\t\t工资福利支出\t691\t692"], "691", "692")
    result = check(doc)
    assert {(f.code, f.severity) for f in result.findings} == {("table.row_identity", "error")}
    assert pointing(result, doc.index("691"))


def test_sum_off_by_rounding_of_whole_numbers_is_a_warning() -> None:
    doc = basic_doc(
        ["301\t\t工资福利支出\t10\t10", "301\t01\t基本工资\t4\t4", "301\t02\t津贴补贴\t5\t5"],
        "10",
        "10",
    )
    result = check(doc)
    assert {(f.code, f.severity) for f in result.findings} == {("table.hierarchy_sum", "warning")}


def test_two_decimal_rounding_passes() -> None:
    doc = basic_doc(
        [
            "301\t\t工资福利支出\t71.94\t71.94",
            "301\t01\t基本工资\t61.04\t61.04",
            "301\t02\t津贴补贴\t10.91\t10.91",
        ],
        "71.94",
        "71.94",
    )
    assert check(doc).findings == ()


def test_bad_cell_is_unknown_not_zero() -> None:
    doc = basic_doc(
        ["301\t\t工资福利支出\t10.00\t另行下达", "301\t01\t基本工资\t10.00\t10.00"],
        "10.00",
        "10.00",
    )
    result = check(doc)
    assert not [f for f in result.findings if "人员经费" in f.message and "301 " in f.message]
    assert any(d.code == "reconcile.values_unknown" for d in result.diagnostics)


def test_items_printed_as_rows() -> None:
    """2024+ 三公 table: 合计 row = the three item rows, per funding column."""
    doc = (
        "第二部分 部门预算公开表\n表10：财政拨款“三公”经费支出情况表\n单位：万元\n"
        "“三公”经费支出内容\t合计\t资金来源\n\t\t一般公共预算\t政府性基金\t国有资本经营预算\n"
        "合计\t3.20\t3.20\n因公出国（境）费\t0.00\t0.00\n公务接待费\t1.20\t1.20\n"
        "公务用车购置及运行费（小计）\t2.10\t2.10\n公务用车购置费\t0.00\t0.00\n"
        "公务用车运行费\t2.10\t2.10\n"
    )
    result = check(doc)
    assert result.findings
    assert {f.code for f in result.findings} == {"table.row_identity"}
    assert len(result.findings) == 2  # 合计 and 一般公共预算
    fixed = doc.replace("2.10", "2.00")
    assert check(fixed).findings == ()


def test_direction_of_sign_is_an_error() -> None:
    doc = basic_doc(["301\t\t工资福利支出\t-5.00\t5.00"], "-5.00", "5.00")
    assert {f.severity for f in check(doc).findings} == {"error"}
