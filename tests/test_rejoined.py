"""Numbers put back together by layout are reported, each at its span
(``layout.number_rejoined``); numbers printed whole are not."""

from __future__ import annotations

import budgetparse
from budgetparse.model import Document

from .caught import unexpected

TEXT = (
    "第二部分 部门预算公开表\n表1:\n一般公共预算支出情况表\n编制部门：某某局\t单位：万元\n"
    "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "201\t一般公共服务支出\t386.4 1\t21 6\t170.41\n"
    "20101\t人大事务\t1,386.41\t216.00\t1,170.41\n"
    "第三部分 部门预算情况说明\n一、收支预算总体情况\n"
    "支出预算386.4 1万元，比上年增加7.3 0万元，增长1.92%。\n"
)


def rejoined(document: Document, text: str = TEXT) -> list[tuple[str, str]]:
    return [
        (text[d.span[0] : d.span[1]], d.message)
        for d in document.diagnostics
        if d.code == "layout.number_rejoined" and d.span is not None
    ]


def test_each_number_closed_over_a_space_is_reported_where_it_is_printed() -> None:
    document = budgetparse.parse(TEXT)
    assert unexpected(document) == []
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells.values()}
    assert {"386.41", "216", "1,386.41"} <= cells  # read as one number each
    (record,) = document.records
    assert (record.amount_text, record.delta_text) == ("386.41", "7.30")
    found = rejoined(document)
    assert [printed for printed, _ in found] == ["386.4 1", "21 6", "386.4 1", "7.3 0"]
    assert found[1][1] == "'21 6' read as 216 (a number the extraction broke with a space)"


def test_numbers_printed_whole_are_not_reported() -> None:
    whole = TEXT.replace("386.4 1", "386.41").replace("21 6", "216").replace("7.3 0", "7.30")
    assert rejoined(budgetparse.parse(whole), whole) == []
