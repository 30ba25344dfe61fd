"""部门决算 (final accounts): the nine tables typed in the tab, markdown and pdftotext
layouts, and the identities between their rows checked.

The fixtures (tests/fixtures/final/) are one small 决算 disclosure with our own figures in
the three layouts; each rule test changes one printed figure and expects its finding.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import budgetparse
from budgetparse.model import Document

FIXTURES = Path(__file__).parent / "fixtures" / "final"
LAYOUTS = ("tab", "markdown", "spaced")

# rows each table prints in the fixture (the summaries: one row per side of a line)
ROWS = {
    "final_summary": 20,
    "final_revenue": 14,
    "final_expenditure": 14,
    "final_fiscal_summary": 16,
    "final_general_expenditure": 14,
    "final_general_basic": 16,
    "final_three_public": 1,
    "final_fund": 1,
    "final_state_capital": 1,
}


def read(name: str) -> str:
    return (FIXTURES / f"final_{name}.txt").read_text(encoding="utf-8")


def parse(text: str, path: str = "final.txt") -> Document:
    return budgetparse.parse(text, path=path)


def table(doc: Document, kind: str):  # type: ignore[no-untyped-def]
    found = [t for t in doc.tables if t.kind == kind]
    assert len(found) == 1, kind
    return found[0]


def row(doc: Document, kind: str, *, code: str | None = None, name: str | None = None):  # type: ignore[no-untyped-def]
    for r in table(doc, kind).rows:
        if (code is None or r.code == code) and (name is None or r.name == name):
            return r
    raise AssertionError(f"{kind}: no row {code or ''} {name or ''}")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_final_table_is_typed(layout: str) -> None:
    doc = parse(read(layout))
    assert doc.meta.template == "final-2024"
    assert doc.meta.department == "示例市水务局"
    assert doc.meta.year == 2023
    expected = dict(ROWS)
    if layout == "spaced":
        # a 合计 line without amounts reads as a header word there: the empty tables have
        # no rows (they are still located and declared empty)
        expected.update(final_fund=0, final_state_capital=0)
    assert {t.kind: len(t.rows) for t in doc.tables} == expected
    assert table(doc, "final_fund").empty
    assert [f.code for f in doc.findings] == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_final_values_land_in_their_columns(layout: str) -> None:
    doc = parse(read(layout))
    summary = table(doc, "final_summary")
    totals = [r for r in summary.rows if r.total]
    assert [(r.group, r.values["决算数"]) for r in totals] == [
        ("income", Decimal("1300.00")),
        ("expense", Decimal("1300.00")),
    ]
    revenue = row(doc, "final_revenue", code="2130306")
    assert revenue.values["财政拨款收入"] == Decimal("340.00")
    assert revenue.values["事业收入"] == Decimal("50.00")
    assert revenue.values["其他收入"] == Decimal("10.00")
    fiscal = row(doc, "final_fiscal_summary", name="年末财政拨款结转和结余")
    assert fiscal.group == "expense"
    assert fiscal.values["一般公共预算财政拨款"] == Decimal("10.00")
    basic = row(doc, "final_general_basic", code="30231")
    assert (basic.group, basic.name, basic.values["决算数"]) == (
        "expense",
        "公务用车运行维护费",
        Decimal("35.00"),
    )
    assert row(doc, "final_general_basic", code="30302").group == "income"
    general = row(doc, "final_general_expenditure", code="2130306")
    assert general.values["项目支出"] == Decimal("400.00")
    assert general.values["基本支出"] is None


@pytest.mark.parametrize("layout", ("tab", "markdown"))
def test_three_public_three_header_rows(layout: str) -> None:
    doc = parse(read(layout))
    (only,) = table(doc, "final_three_public").rows
    assert only.values["预算数/公务用车购置及运行费/公务用车运行费"] == Decimal("12.00")
    assert only.values["决算数/公务接待费"] == Decimal("5.00")
    assert only.values["决算数/合计"] == Decimal("15.00")


def test_spaced_expenditure_placed_by_the_general_budget_share() -> None:
    """870.00 in a row of six columns could be 基本支出 or any of the three columns after
    项目支出; but the 一般公共预算 table prints 208 and 2130306 with the totals the
    支出决算表 prints: nothing else funds them, their amounts are its 基本支出 and 项目支出,
    and the sums of the classes place the rest."""
    doc = parse(read("spaced"))
    total = row(doc, "final_expenditure", name="合计")
    assert {k: v for k, v in total.values.items() if v is not None} == {
        "本年支出合计": Decimal("1270.00"),
        "基本支出": Decimal("870.00"),
        "项目支出": Decimal("400.00"),
    }
    assert not total.undecided
    assert not any(d.code == "table.ambiguous_row" for d in doc.diagnostics)


# -- rules: one changed figure each -------------------------------------------------------


def changed(old: str, new: str, layout: str = "tab") -> Document:
    text = read(layout)
    assert text.count(old) == 1, old
    return parse(text.replace(old, new))


def codes(doc: Document) -> list[tuple[str, str]]:
    return sorted({(f.code, f.severity) for f in doc.findings})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_side_rows_total_of_income(layout: str) -> None:
    old = {"tab": "年初结转和结余\t40.00", "markdown": "年初结转和结余 | 40.00"}.get(
        layout, "年初结转和结余                     40.00"
    )
    doc = changed(old, old.replace("40.00", "45.00"), layout)
    found = [f for f in doc.findings if f.code == "table.side_rows"]
    assert found and found[0].severity == "error"
    assert "年初结转和结余" in found[0].message


def test_side_rows_items_add_up_to_the_year() -> None:
    doc = changed("五、事业收入\t50.00", "五、事业收入\t55.00")
    assert ("table.side_rows", "error") in codes(doc)


def test_fund_balance() -> None:
    # the 年初 item of the general budget fund, not its total line: only the per-fund
    # balance breaks
    doc = changed(
        "一、一般公共预算财政拨款\t20.00\t\t\t\t\t", "一、一般公共预算财政拨款\t25.00\t\t\t\t\t"
    )
    assert codes(doc) == [("table.fund_balance", "error")]
    (finding,) = doc.findings
    assert "一般公共预算财政拨款" in finding.message


def test_side_classes() -> None:
    doc = changed("30101\t基本工资\t300.00", "30101\t基本工资\t310.00")
    assert codes(doc) == [("table.side_classes", "error")]
    assert "301" in doc.findings[0].message


def test_final_column_identity() -> None:
    doc = changed(
        "2130301\t行政运行\t600.00\t600.00\t\t\t\t\t",
        "2130301\t行政运行\t600.00\t590.00\t\t\t\t\t",
    )
    assert ("table.row_identity", "error") in codes(doc)


def test_three_public_identity() -> None:
    doc = changed("12.00\t10.00\t8.00\t5.00", "12.00\t10.00\t8.00\t6.00")
    assert ("table.row_identity", "error") in codes(doc)


def test_final_cross_class_of_summary_and_expenditure() -> None:
    doc = changed(
        "收入\t\t二、社会保障和就业支出\t150.00", "收入\t\t二、社会保障和就业支出\t160.00"
    )
    cross = [f for f in doc.findings if f.code == "table.final_cross"]
    assert [f.severity for f in cross] == ["error"]
    assert "社会保障和就业支出" in cross[0].message
    assert ("table.side_rows", "error") in codes(doc)  # and the 总表's items no longer add up


def test_final_cross_basic_is_personnel_plus_public() -> None:
    doc = changed("人员经费合计\t700.00", "人员经费合计\t710.00")
    assert ("table.final_cross", "error") in codes(doc)


# -- prose against its own pair of figures ---------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_final_vs_budget_relation(layout: str) -> None:
    old = "决算数小于预算数的主要原因是：人员变动"
    doc = changed(old, old.replace("小于", "大于"), layout)
    found = [f for f in doc.findings if f.code == "narrative.final_vs_budget"]
    assert [f.severity for f in found] == ["error"]
    assert "560.00" in found[0].message and "550.00" in found[0].message
    text = read(layout).replace(old, old.replace("小于", "大于"))
    assert [text[a:b] for a, b in found[0].spans][-1] == "大于"


def test_final_vs_budget_equal_but_different() -> None:
    doc = changed("决算数与预算数持平", "决算数等于预算数")
    assert codes(doc) == []
    # 持平 states the two equal, as the clause grammar reads it (no change): a pair that
    # differs breaks it, and the completion too
    doc = changed("年初预算为65.00万元", "年初预算为66.00万元")
    assert codes(doc) == [("narrative.completion", "error"), ("narrative.final_vs_budget", "error")]


def test_roughly_equal_within_the_tolerance() -> None:
    """基本持平 holds while the pair differs by at most max_pct of final.toml (5%)."""
    text = read("tab").replace("决算数与预算数持平", "决算数与预算数基本持平")
    text = text.replace("年初预算为65.00万元", "年初预算为66.00万元")  # 65.00 of 66.00: 1.5%
    text = text.replace("完成年初预算的100.00%", "完成年初预算的98.48%")
    assert [f.code for f in parse(text).findings] == []


def test_roughly_equal_beyond_the_tolerance() -> None:
    text = read("tab").replace("决算数与预算数持平", "决算数与预算数基本持平")
    doc = parse(text.replace("年初预算为65.00万元", "年初预算为70.00万元"))
    found = [f for f in doc.findings if f.code == "narrative.roughly_equal"]
    assert [f.severity for f in found] == ["warning"]
    assert "70.00" in found[0].message and "65.00" in found[0].message
    assert [text[a:b] for a, b in found[0].spans][-1] == "基本持平"


@pytest.mark.parametrize("word", ["基本持平", "基本相当"])
def test_roughly_equal_is_the_record_not_its_word(word: str) -> None:
    """The words of roughly the same are the vocabulary's: the record says what it read
    (sign 0, rough), and the rule reads the record — 基本相当 as 基本持平, while 持平
    alone stays exact (a change of zero, narrative.final_vs_budget)."""
    text = read("tab").replace("决算数与预算数持平", f"决算数与预算数{word}")
    text = text.replace("年初预算为65.00万元", "年初预算为70.00万元")
    doc = parse(text)
    (stated,) = [r for r in doc.records if r.direction == word]
    assert (stated.direction_sign, stated.direction_rough, stated.delta) == (0, True, None)
    assert codes(doc) == [("narrative.completion", "error"), ("narrative.roughly_equal", "warning")]
    exact = parse(read("tab").replace("年初预算为65.00万元", "年初预算为70.00万元"))
    (flat,) = [r for r in exact.records if r.direction == "持平"]
    assert (flat.direction_rough, flat.delta) == (False, Decimal(0))
    assert ("narrative.final_vs_budget", "error") in codes(exact)


@pytest.mark.parametrize(
    ("text", "contradiction"),
    [
        ("印刷费持平0.5万元。", True),
        ("印刷费不变0.5万元。", True),
        ("印刷费基本持平0.5万元。", False),
    ],
)
def test_a_change_beside_unchanged_or_roughly_the_same(text: str, contradiction: bool) -> None:
    """An unchanged word with a change printed is a contradiction (narrative.direction);
    roughly the same allows a small change: the rule reads the record's sign and
    roughness, not the word."""
    doc = parse(text)
    assert [r.delta for r in doc.records] == [Decimal("0.5")]
    assert ("narrative.direction" in [f.code for f in doc.findings]) is contradiction


def test_relation_read_by_the_clause_grammar() -> None:
    """决算数同预算数持平, 决算数小于预算数的主要原因：… are statements of their own, the
    relation their direction word."""
    doc = parse(read("tab").replace("决算数与预算数持平", "决算数同预算数持平"))
    (flat,) = [r for r in doc.records if r.direction == "持平" and r.basis == "budget"]
    assert flat.direction_sign == 0 and flat.subject == "决算数"
    less = [(r.direction_sign, r.reason) for r in doc.records if r.direction == "小于"]
    assert less == [(-1, "项目结余收回"), (-1, "人员变动")]


def test_final_reason_missing() -> None:
    doc = changed("决算数小于预算数的主要原因是：人员变动。", "决算数小于预算数。")
    assert codes(doc) == [("narrative.final_reason", "warning")]


def test_completion() -> None:
    doc = changed("完成年初预算的96.80%", "完成年初预算的98.60%")
    assert codes(doc) == [("narrative.completion", "error")]


def test_a_table_printed_one_cell_per_line_is_not_read() -> None:
    """pdftotext without -layout prints every cell on its own line: which cells make a row
    is lost, so the table is reported and not read (no guessed rows, no false findings)."""
    text = read("tab")
    start = text.index("收入决算表\n")
    end = text.index("支出决算表\n")
    block = text[start:end].split("\n")
    cells = [c for line in block[2:] for c in line.split("\t") if c]
    text = text[:start] + "\n".join([*block[:2], *cells]) + "\n" + text[end:]
    doc = parse(text)
    assert table(doc, "final_revenue").rows == ()
    assert any(d.code == "table.layout_unreadable" for d in doc.diagnostics)
    assert [f.code for f in doc.findings if f.severity == "error"] == []


# -- a title the PDF's text order split around the part heading ----------------------------


@pytest.mark.parametrize("layout", ("tab", "spaced"))
def test_title_split_around_the_part_heading(layout: str) -> None:
    """A re-typeset PDF gives the first table's title, the part heading printed above it,
    then the title's last character: the title is mended after the heading."""
    text = read(layout)
    heading = next(line for line in text.split("\n") if line.strip().startswith("第二部分"))
    title = next(line for line in text.split("\n") if line.strip() == "收入支出决算总表")
    text = text.replace(f"{heading}\n{title}\n", f"收入支出决算总\n{heading}\n表\n")
    doc = parse(text)
    summary = table(doc, "final_summary")
    assert summary.title == "收入支出决算总表"
    assert len(summary.rows) == ROWS["final_summary"]
    (part,) = (p for p in doc.parts if p.role == "tables")
    assert part.paragraphs == ()
    assert "收入支出决算总" not in repr(doc.to_dict()["parts"][0])


def test_a_paragraph_before_a_part_heading_is_not_a_title() -> None:
    """Two pieces that do not join into a catalogued title stay as printed."""
    text = read("tab")
    heading = next(line for line in text.split("\n") if line.strip().startswith("第二部分"))
    text = text.replace(f"{heading}\n", f"本单位无其他说明\n{heading}\n表\n")
    doc = parse(text)
    assert "本单位无其他说明" in repr(doc.to_dict()["parts"][0])


# -- the prose of final accounts against the 决算 tables --------------------------------------

CLASSES = (
    "一般公共预算财政拨款支出决算结构：农林水支出（类）950.00万元，占78.51%；社会保障和就业支出"
    "（类）150.00万元，占12.40%；卫生健康支出（类）45.00万元，占3.72%；住房保障支出（类）"
    "65.00万元，占5.37%。\n"
)


def with_classes(old: str = "", new: str = "") -> Document:
    """The tab fixture with a paragraph of class shares (950.00 / 1,210.00 = 78.51% …)."""
    anchor = "一般公共预算财政拨款支出年初预算为"
    text = read("tab").replace(anchor, CLASSES.replace(old, new) + anchor, 1)
    return parse(text)


def test_class_amounts_and_shares_hold() -> None:
    assert codes(with_classes()) == []


def test_class_share_against_the_table_total() -> None:
    """A class's 占X% without a lead amount: of the 一般公共预算财政拨款支出决算表's 合计."""
    doc = with_classes("占78.51%", "占78.60%")
    found = [f for f in doc.findings if f.code == "narrative.share"]
    assert [(f.severity, f.found) for f in found] == [("error", "78.60%")]
    assert "1,210.00" in found[0].message


def test_class_amount_against_the_table() -> None:
    doc = with_classes("卫生健康支出（类）45.00万元", "卫生健康支出（类）46.00万元")
    assert ("narrative.table_amount", "error") in codes(doc)


@pytest.mark.parametrize(
    ("old", "new", "table"),
    [
        # 收入、支出总计: the 总计 of the 收入支出决算总表 (1,300.00)
        ("收入、支出总计1,300.00万元", "收入、支出总计1,310.00万元", "收入支出决算总表"),
        # 财政拨款收入、支出总计: the 总计 of the 财政拨款收入支出决算总表 (1,220.00)
        ("财政拨款收入、支出总计1,220.00万元", "财政拨款收入、支出总计1,200.00万元", "财政拨款"),
        # 本年收入合计: that row of the 收入支出决算总表 (1,260.00)
        ("本年收入合计1,260.00万元", "本年收入合计1,250.00万元", "收入支出决算总表"),
        # 一般公共预算财政拨款基本支出: the 基本支出 of the 一般公共预算 table's 合计 (810.00)
        ("基本支出810.00万元", "基本支出820.00万元", "一般公共预算财政拨款支出决算表"),
        # 人员经费 / 公用经费: the 合计 rows of the 基本支出决算表's two lists (700.00, 110.00)
        ("人员经费700.00万元", "人员经费710.00万元", "一般公共预算财政拨款基本支出决算表"),
        ("公用经费110.00万元", "公用经费100.00万元", "一般公共预算财政拨款基本支出决算表"),
    ],
)
def test_prose_totals_against_the_summaries(old: str, new: str, table: str) -> None:
    doc = changed(old, new)
    found = [f for f in doc.findings if f.code == "narrative.table_amount"]
    assert [f.severity for f in found] == ["error"]
    assert f"表（{table}" in found[0].message


THREE_PUBLIC_ROW = "20.00\t15.00\t0.00\t0.00\t12.00\t10.00\t0.00\t0.00\t12.00\t10.00\t8.00\t5.00\n"
THREE_PUBLIC_PROSE = "“三公”经费财政拨款支出决算为15.00万元。"


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        # 20.00 and 15.00 are the table's 预算数 and 决算数 of 合计, 5.00 the 接待费's 决算数
        ("“三公”经费财政拨款支出年初预算为20.00万元，支出决算为15.00万元。", []),
        ("“三公”经费财政拨款支出年初预算为20.00万元，公务接待费支出决算为5.00万元。", []),
        ("“三公”经费财政拨款支出年初预算为21.00万元。", ["21.00万元"]),
        ("公务接待费支出决算为6.00万元。", ["6.00万元"]),
    ],
)
def test_three_public_prose_against_the_table(prose: str, expected: list[str]) -> None:
    """A “三公” item's 预算数 or 决算数, by what the subject names (年初预算 / 支出决算)."""
    doc = changed(THREE_PUBLIC_PROSE, prose)
    found = [f.found for f in doc.findings if f.code == "narrative.table_amount"]
    assert found == expected


def test_three_public_table_without_its_row() -> None:
    """The table printed without its row of figures is 0: a 预算数 the prose states is not."""
    text = (
        read("tab")
        .replace(THREE_PUBLIC_ROW, "")
        .replace(
            THREE_PUBLIC_PROSE, "“三公”经费财政拨款支出年初预算为20.00万元，支出决算为0.00万元。"
        )
    )
    doc = parse(text)
    found = [(f.code, f.severity, f.found) for f in doc.findings if f.code.startswith("narrative.")]
    assert found == [("narrative.table_amount", "error", "20.00万元")]


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("max_pct = 5", 'max_pct = "five"', "roughly_equal.max_pct"),
        ('"实际支出", "支出决算数"]', '"实际支出", 3]', "words.final_subjects"),
        ("final_subjects = [", "final = []\nfinal_subjects = [", "words.final"),
        ("[words]", "[relations]\nmore = []\n[words]", "relations"),
    ],
)
def test_final_words_are_checked_when_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, key: str
) -> None:
    import shutil

    from budgetparse.datadir import DataFileError, grammar_dir
    from budgetparse.reconcile import final_narrative_rules

    copy = tmp_path / "grammar"
    shutil.copytree(grammar_dir(), copy)
    path = copy / "narrative" / "final.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setenv("BUDGETPARSE_GRAMMAR", str(copy))
    final_narrative_rules._data.cache_clear()
    try:
        with pytest.raises(DataFileError, match=key):
            final_narrative_rules._data()
    finally:
        monkeypatch.undo()
        final_narrative_rules._data.cache_clear()
