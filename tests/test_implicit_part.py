"""A disclosure that prints no part heading at all — a title, then 一、… 二、… and maybe
tables, as townships and schools publish them — is one implicit part: its sections reach
``Document.parts``, the outline, the JSON and the records' paths.  Names and figures in
the fixtures are invented."""

from __future__ import annotations

from pathlib import Path

import jsonschema

import budgetparse
from budgetparse.model import Document
from budgetparse.report import render
from budgetparse.schema import document_schema
from budgetparse.serialize import outline

from .spans import violations

FIXTURES = Path(__file__).parent / "fixtures" / "structure"


def text_of(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def codes(doc: Document, code: str) -> list[str]:
    return [d.message for d in doc.diagnostics if d.code == code]


def test_sections_only_make_one_implicit_part() -> None:
    text = text_of("implicit_sections.txt")
    doc = budgetparse.parse(text)
    assert len(doc.parts) == 1
    part = doc.parts[0]
    assert (part.implicit, part.number, part.title, part.heading_span) == (True, None, None, None)
    titles = ["单位主要职责", "机构设置及人员情况", "收支预算情况"]
    assert [s.title for s in part.sections] == titles
    # the span is the body after the title: from the first section to the last line
    assert text[slice(*part.span)].startswith("一、单位主要职责")
    assert text[slice(*part.span)].endswith("项目支出15.10万元。")
    # one section names the overview role, the others none: the part is the overview
    assert part.role == "overview"
    assert [s.role for s in part.sections] == [None, None, None]
    assert not codes(doc, "structure.before_parts")
    missing = codes(doc, "part.missing")
    assert len(missing) == 3 and not any("overview" in m for m in missing)
    assert violations(text, doc) == []


def test_records_of_an_implicit_part_carry_their_section() -> None:
    doc = budgetparse.parse(text_of("implicit_sections.txt"))
    change = next(r for r in doc.records if r.kind == "change")
    assert (str(change.amount), str(change.delta), change.section) == ("86.40", "4.20", "三、")
    assert change.part is None  # the part number: an implicit part has none
    assert {s.section for s in doc.sentences} == {"一、", "二、", "三、"}


def test_a_table_inside_an_implicit_part_is_found_and_typed() -> None:
    text = text_of("implicit_sections_table.txt")
    doc = budgetparse.parse(text)
    assert [p.implicit for p in doc.parts] == [True]
    (table,) = doc.tables
    assert (table.number, table.kind, table.part, table.section) == (1, "summary", None, "二、")
    assert doc.parts[0].sections[1].tables == (0,)
    totals = {row.name: str(row.values["预算数"]) for row in table.rows if row.total}
    assert totals == {"收入总计": "256.80", "支出总计": "256.80"}
    assert [s.title for s in doc.parts[0].sections][-1] == "其他事项"
    assert violations(text, doc) == []


def test_a_toc_listing_sections_only_stays_apart_from_the_body() -> None:
    text = text_of("implicit_toc_sections.txt")
    doc = budgetparse.parse(text)
    assert doc.toc is not None and len(doc.toc.entries) == 3
    (part,) = doc.parts
    assert part.implicit
    # the part starts after the 目录, at the body's first heading
    assert part.span[0] > doc.toc.span[1]
    assert text[slice(*part.span)].startswith("一、单位概况\n本中心")
    assert [s.number for s in part.sections] == ["一", "二", "三"]
    assert doc.meta.family == "决算" and doc.meta.year == 2023
    assert not codes(doc, "structure.before_parts")


def test_the_implicit_part_takes_the_role_most_sections_name() -> None:
    # the single-part case without its part heading: the sections keep their roles
    text = (
        "青松乡农技站2024年部门预算说明\n"
        "一、部门概况\n本站负责全乡农业技术推广。\n"
        "二、收入预算情况说明\n收入预算42.00万元。\n"
        "三、支出预算情况说明\n支出预算42.00万元。\n"
        "四、名词解释\n财政拨款：指本级财政拨付的资金。\n"
    )
    doc = budgetparse.parse(text)
    (part,) = doc.parts
    assert (part.implicit, part.role) == (True, "explanation")
    assert [s.role for s in part.sections] == ["overview", None, None, "glossary"]
    missing = codes(doc, "part.missing")
    assert len(missing) == 1 and "role tables" in missing[0]


def test_no_role_named_or_a_tie_is_other() -> None:
    plain = (
        "某村委会2024年预算\n一、工作安排\n全年安排道路养护。\n"
        "二、资金情况\n资金来源为村集体收入。\n"
    )
    assert [p.role for p in budgetparse.parse(plain).parts] == ["other"]
    tie = (
        "某村委会2024年预算\n一、部门概况\n负责村务。\n二、单位基本情况\n设村民小组5个。\n"
        "三、收入预算情况说明\n收入12.00万元。\n四、支出预算情况说明\n支出12.00万元。\n"
    )
    doc = budgetparse.parse(tie)
    assert [(p.implicit, p.role) for p in doc.parts] == [(True, "other")]
    roles = [s.role for s in doc.parts[0].sections]
    assert roles == ["overview", "overview", "explanation", "explanation"]


def test_text_before_a_first_part_heading_is_still_reported() -> None:
    text = (
        "某镇2024年部门预算\n一、说明\n以下为本镇预算。\n"
        "第一部分 部门概况\n一、主要职责\n负责全镇事务。\n"
    )
    doc = budgetparse.parse(text)
    assert [(p.number, p.implicit) for p in doc.parts] == [(1, False)]
    assert len(codes(doc, "structure.before_parts")) == 1


def test_a_title_alone_makes_no_part() -> None:
    doc = budgetparse.parse("某镇卫生院2024年部门预算\n")
    assert doc.parts == ()


def test_json_outline_and_report_of_an_implicit_part() -> None:
    doc = budgetparse.parse(text_of("implicit_sections_table.txt"))
    data = doc.to_dict()
    jsonschema.Draft202012Validator(document_schema()).validate(data)
    (part,) = data["parts"]
    assert (part["implicit"], part["title"], part["heading_span"]) == (True, None, None)
    lines = outline(doc).splitlines()
    assert "(no part heading) [overview]" in lines[2]
    assert any("[表1 部门收支总体情况表] summary" in line for line in lines)
    page = render(doc)
    assert "学校基本情况" in page and 'id="part-None"' not in page
