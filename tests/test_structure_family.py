"""The document grammar across the family of disclosures: one small made-up document per
variation of the opening, the 目录, the parts and the meta data (names, years and figures
invented; shapes as real 预算 and 决算 disclosures print them)."""

from __future__ import annotations

import budgetparse
from budgetparse import layout as K
from budgetparse.layout import normalise
from budgetparse.model import Document

BODY_1 = "第一部分 单位概况\n一、主要职责\n负责全镇的农业技术推广工作，承担种植技术培训。\n"
BODY_2 = "第二部分 2023年度部门决算表\n表1 收入支出决算总表\n"
BODY_3 = (
    "第三部分 2023年度部门决算情况说明\n一、收入支出决算总体情况说明\n"
    "2023年度收入总计56.00万元，支出总计56.00万元。\n"
)
BODY_4 = "第四部分 名词解释\n一、财政拨款收入：指本级财政当年拨付的资金。\n"


def parse(text: str) -> Document:
    return budgetparse.parse(text)


def toc_levels(doc: Document) -> list[tuple[int, str]]:
    assert doc.toc is not None
    return [(e.level, e.text) for e in doc.toc.entries]


# -- the opening: chrome, title ---------------------------------------------------------------


def test_site_chrome_before_the_title_is_front_matter_not_title() -> None:
    text = (
        "首页 > 信息公开 > 财政预决算\n"
        "发布时间：2024-08-20 来源：河湾镇人民政府 浏览次数：35\n"
        "河湾镇农业服务中心2023年度部门决算\n" + BODY_1
    )
    doc = parse(text)
    assert doc.meta.title == "河湾镇农业服务中心2023年度部门决算"
    assert (doc.meta.department, doc.meta.year, doc.meta.family) == (
        "河湾镇农业服务中心",
        2023,
        "决算",
    )
    kinds = [line.kind for line in normalise(text).lines[:3]]
    assert kinds == [K.FRONT, K.FRONT, K.TITLE]


def test_a_title_over_two_lines_is_joined() -> None:
    doc = parse("2023年度\n河湾镇农业服务中心部门决算\n" + BODY_1)
    assert doc.meta.title == "2023年度河湾镇农业服务中心部门决算"
    assert (doc.meta.department, doc.meta.year) == ("河湾镇农业服务中心", 2023)


def test_department_and_year_from_every_title_shape() -> None:
    shapes = {
        "柳林县图书馆2024年部门预算": ("柳林县图书馆", 2024, "预算"),
        "2022年度柳林县图书馆单位决算": ("柳林县图书馆", 2022, "决算"),
        "柳林县图书馆2024年部门预算公开说明": ("柳林县图书馆", 2024, "预算"),
        "柳林县图书馆部门（单位）2022年度部门决算公开": ("柳林县图书馆", 2022, "决算"),
        "柳林县图书馆(本级) 2023 年度决算公开说明": ("柳林县图书馆", 2023, "决算"),
        "附件1: 柳林县图书馆 2024 年部门预算": ("柳林县图书馆", 2024, "预算"),
    }
    for title, expected in shapes.items():
        doc = parse(title + "\n" + BODY_1)
        assert (doc.meta.department, doc.meta.year, doc.meta.family) == expected, title


def test_a_unit_label_on_the_cover_names_the_department() -> None:
    doc = parse("柳林县2024年区级单位预算 预算单位：柳林县图书馆\n" + BODY_1)
    assert doc.meta.department == "柳林县图书馆"


def test_family_from_the_headings_when_there_is_no_title() -> None:
    doc = parse(BODY_1 + BODY_2 + BODY_3)
    assert doc.meta.title is None
    assert doc.meta.family == "决算"
    assert doc.meta.year == 2023


# -- the table of contents -----------------------------------------------------------------------

TOC_ENTRIES = (
    "第一部分 单位概况\n一、主要职责\n"
    "第二部分 2023年度部门决算表\n一、收入支出决算总表\n二、收入决算表\n"
    "第三部分 2023年度部门决算情况说明\n一、收入支出决算总体情况说明\n"
    "第四部分 名词解释\n"
)


def _toc_then_body(head: str, entries: str = TOC_ENTRIES) -> Document:
    return parse("柳林县图书馆2023年度部门决算\n" + head + entries + BODY_1 + BODY_2)


def test_toc_heading_spelt_many_ways() -> None:
    for head in ("目录\n", "目 录\n", "目  錄\n"):
        doc = _toc_then_body(head)
        assert doc.toc is not None and len(doc.toc.entries) == 8, head
        assert [p.number for p in doc.parts] == [1, 2], head


def test_toc_without_heading_is_known_by_the_body_repeating_it() -> None:
    doc = _toc_then_body("")
    assert toc_levels(doc)[:3] == [
        (0, "第一部分单位概况"),
        (1, "一、主要职责"),
        (0, "第二部分2023年度部门决算表"),
    ]
    assert [p.number for p in doc.parts] == [1, 2]


def test_toc_fused_onto_the_title_line() -> None:
    doc = parse("柳林县图书馆2024年预算公开目录\n" + TOC_ENTRIES + BODY_1)
    assert doc.meta.title == "柳林县图书馆2024年预算公开"
    assert doc.toc is not None and len(doc.toc.entries) == 8


def test_toc_entries_lose_leaders_page_numbers_and_field_residue() -> None:
    entries = (
        "第一部分 单位概况.................... 3\n"
        "一、主要职责……………………3\n"
        "第二部分 2023年度部门决算表 PAGEREF _Toc12345 \\h 4\n"
        "一、收入支出决算总表....( 4 )\n"
        "二、收入决算表........14-15\n"
    )
    doc = _toc_then_body("目录\n", entries)
    # (white space between CJK characters closed, as everywhere)
    assert [e.text for e in doc.toc.entries] == [  # type: ignore[union-attr]
        "第一部分单位概况",
        "一、主要职责",
        "第二部分2023年度部门决算表",
        "一、收入支出决算总表",
        "二、收入决算表",
    ]


def test_toc_entries_two_on_a_line_wrapped_or_without_numerals() -> None:
    entries = (
        "第一部分 单位概况\n"
        "第二部分 2023年度部门决算表\n"
        "一、收入支出决算总表 二、收入决算表\n"
        "三、一般公共预算财政拨款“三公”经费支出情\n况说明表\n"
        "、政府性基金预算财政拨款收入支出决算表\n"
        "国有资本经营预算财政拨款支出决算表\n"
        "第三部 2023年度部门决算情况说明\n"
        "部分 名词解释\n"
    )
    doc = parse("目录\n" + entries + "第一部分 单位概况\n" + "一、主要职责\n负责图书借阅。\n")
    levels = toc_levels(doc)
    assert [level for level, _ in levels] == [0, 0, 1, 1, 1, 1, 1, 0, 0]
    assert levels[4][1] == "三、一般公共预算财政拨款“三公”经费支出情况说明表"


def test_toc_ends_where_the_numbering_starts_over() -> None:
    text = (
        "目录\n第一部分 部门概况\n第二部分 部门决算报表\n一、收入支出决算总表\n二、收入决算表\n"
        "一、主要职责\n负责全县档案的收集和保管，承担档案利用服务。\n"
    )
    doc = parse(text)
    assert len(doc.toc.entries) == 4  # type: ignore[union-attr]
    lines = normalise(text).lines
    assert lines[5].kind == K.SEC1 and lines[5].text.text == "一、主要职责"


def test_a_toc_without_parts_lists_its_top_items_as_parts() -> None:
    text = (
        "目录\n一、概况\n（一）职责\n二、部门决算公开表\n三、情况说明\n（一）收入支出说明\n"
        "四、名词解释\n一、概况\n（一）职责\n负责全县档案的收集和保管。\n"
    )
    doc = parse(text)
    assert [level for level, _ in toc_levels(doc)] == [0, 1, 0, 0, 1, 0]


# -- parts by role -------------------------------------------------------------------------------


def test_parts_in_any_order_get_their_roles() -> None:
    text = (
        "柳林县档案馆2023年度部门决算\n"
        + BODY_1
        + "第二部分 2023年度部门决算情况说明\n一、收入支出决算总体情况说明\n收入总计56.00万元。\n"
        + "第三部分 名词解释\n一、财政拨款收入：指本级财政当年拨付的资金。\n"
        + "第四部分 2023年度部门决算报表\n表1 收入支出决算总表\n"
    )
    doc = parse(text)
    assert [(p.number, p.role) for p in doc.parts] == [
        (1, "overview"),
        (2, "explanation"),
        (3, "glossary"),
        (4, "tables"),
    ]
    assert not [d for d in doc.diagnostics if d.code == "part.missing"]


def test_one_part_holding_everything_gives_its_sections_roles() -> None:
    text = (
        "柳林县第二小学2024年部门预算说明\n"
        "第一部分 2024年部门预算说明\n一、部门基本概况\n学校共有教职工40人。\n"
        "二、部门收支总体情况\n收入预算120.00万元。\n七、名词解释\n财政拨款：指本级财政拨付的资金。\n"
        "第二部分 2024年部门预算公开表格\n1、2024年部门收支总表\n"
    )
    doc = parse(text)
    assert [(p.number, p.role) for p in doc.parts] == [(1, "explanation"), (2, "tables")]
    roles = [(s.number, s.role) for s in doc.parts[0].sections]
    assert roles == [("一", "overview"), ("二", None), ("七", "glossary")]
    assert [t.number for t in doc.tables] == [1]  # "1、…总表" is a caption in the tables part


def test_part_heading_with_colon_split_or_unmarked() -> None:
    text = (
        "柳林县图书馆2023年度部门决算\n目录\n第一部分 单位概况\n第二部分 部门决算表\n"
        "第一部分\n柳林县图书馆部门（单位）概况\n一、主要职责\n负责图书借阅。\n"
        "第二部分：部门决算表\n表1 收入支出决算总表\n"
    )
    doc = parse(text)
    assert [(p.number, p.role, p.title) for p in doc.parts] == [
        (1, "overview", "柳林县图书馆部门（单位）概况"),
        (2, "tables", "部门决算表"),
    ]


# -- extraction shapes ---------------------------------------------------------------------------


def test_traditional_characters_and_pinyin_residue_read_through() -> None:
    text = (
        "柳林縣圖書館2023年度部門(mén)決(jué)算\n目 錄\n第一部分 單位概況\n"
        "第二部分 部門(mén)決算表\n第一部分 單位概況\n一、主要職責\n負責圖書借閱。\n"
    )
    doc = parse(text)
    assert doc.meta.family == "决算"
    assert doc.meta.department == "柳林縣圖書館"
    assert doc.meta.title == "柳林縣圖書館2023年度部門(mén)決(jué)算"  # kept as printed
    assert [(p.number, p.role) for p in doc.parts] == [(1, "overview")]
    assert len(doc.toc.entries) == 2  # type: ignore[union-attr]


def test_a_document_flattened_onto_one_line_is_cut_back_into_lines() -> None:
    text = (
        "柳林县图书馆 2024 年部门预算 目 录 第一部分 部门概况 一、主要职能 二、机构设置 "
        "第二部分 部门预算表 第一部分 部门概况 一、主要职能 负责全县图书借阅，组织阅读推广。 "
        "二、机构设置 馆内设办公室、借阅部两个科室。 - 2 - 第二部分 部门预算表\n"
    )
    doc = parse(text)
    assert doc.meta.title == "柳林县图书馆2024年部门预算"  # letter spacing closed
    assert len(doc.toc.entries) == 4  # type: ignore[union-attr]
    assert [p.number for p in doc.parts] == [1, 2]
    assert [s.title for s in doc.parts[0].sections] == ["主要职能", "机构设置"]


def test_flattened_headings_holding_spaces_fields_and_figures_are_cut_back() -> None:
    text = (
        "第三部分 部门预算情况说明 "
        "一、关于青石乡卫生院 2024年收支预算情况的总体说明 按照全口径预算的原则，"
        "收支总预算83.50万元。 - 3 - "
        "二、项目支出情况说明 1. 项目名称：乡村医生培训费 设立的政策依据：县卫健委培训计划。 "
        "预算安排规模：6.00万元。 "
        "三、国有资产占用情况 1. 房屋 860.5平方米，价值120.00万元。 2. 车辆 2辆，价值31.20万元。 "
        "截至上年末，本院共有车辆2辆。 项目支出绩效目标表（2024年）\n"
        "项目名称\t乡村医生培训费\t\t\n"
    )
    lines = [(line.kind, line.text.text) for line in normalise(text).lines]
    assert (K.SEC1, "一、关于青石乡卫生院2024年收支预算情况的总体说明") in lines
    assert (K.PARA, "按照全口径预算的原则，收支总预算83.50万元。") in lines
    assert (K.SEC3, "1. 项目名称：乡村医生培训费") in lines  # the label stays with its marker
    assert (K.PARA, "设立的政策依据：县卫健委培训计划。") in lines
    # a figure after a space is its subject's, not a heading's text
    assert (K.SEC3, "1. 房屋860.5平方米，价值120.00万元。") in lines
    assert (K.PARA, "截至上年末，本院共有车辆2辆。") in lines  # after a full stop: a line broke
    assert (K.TABLE_TITLE, "项目支出绩效目标表（2024年）") in lines
    assert not any("- 3 -" in t or t == "3" for _, t in lines)  # the page mark dropped


def test_form_feed_is_a_line_break_and_spans_stay_exact() -> None:
    text = "柳林县图书馆2024年部门预算\f第一部分 部门概况\n一、主要职能\f负责图书借阅。\n"
    doc = parse(text)
    assert [p.number for p in doc.parts] == [1]
    section = doc.parts[0].sections[0]
    assert text[slice(*section.heading_span)] == "一、主要职能"
    assert doc.parts[0].sections[0].paragraphs[0].text == "负责图书借阅。"


def test_html_entities_decoded_with_exact_spans() -> None:
    text = (
        "柳林县图书馆2024年部门预算\n第一部分 部门概况\n"
        "一、&ldquo;三公&rdquo;经费&nbsp;说明&#65306;R&amp;D\n"
    )
    doc = parse(text)
    section = doc.parts[0].sections[0]
    assert section.title == "“三公”经费说明：R&D"
    start, end = section.heading_span
    assert text[start:end] == "一、&ldquo;三公&rdquo;经费&nbsp;说明&#65306;R&amp;D"


def test_entities_for_surrogates_and_unknown_names_stay_as_printed() -> None:
    lines = normalise("一、甲&#xD800;乙&bogus;丙&#0;\n").lines
    assert lines[0].text.text == "一、甲&#xD800;乙&bogus;丙&#0;"


def test_toc_keeps_damaged_entries_and_marks_scraps() -> None:
    text = (
        "目录\n第一部分 2024年部门预算说明\n一、部门基本概况\n（一）职能职责\n"
        "。ǘ机构设置\n二、部门收支总体情况\n第二部分 2024年部门预算公开表格\n"
        "1、部门收支总体情况表\n2、\n"
    )
    doc = parse(text)
    levels = toc_levels(doc)
    assert len(levels) == 8  # the mojibake entry does not end the 目录
    assert levels[3] == (1, "。ǘ机构设置")  # lost its numeral: top-level, as printed
    assert levels[-1] == (-1, "2、")  # a numeral alone is a scrap


def test_a_title_wrapped_over_three_lines_names_the_whole_department() -> None:
    doc = parse("柳林县文化旅游和体育\n广电局\n2023 年度部门决算\n" + BODY_1)
    assert doc.meta.title == "柳林县文化旅游和体育广电局2023年度部门决算"
    assert doc.meta.department == "柳林县文化旅游和体育广电局"


UNNUMBERED_TABLES = (
    "河湾镇农业服务中心2023年度部门决算\n"
    "目录\n第一部分 河湾镇农业服务中心概况\n第二部分 河湾镇农业服务中心2023年度部门决算表\n"
    "第三部分 河湾镇农业服务中心2023年度部门决算情况说明\n"
    + BODY_1
    + "河湾镇农业服务中心2023年度部门决算表\n"
    "收入支出决算总表\n"
    "编制单位：河湾镇农业服务中心    单位：万元\n"
    "项目    决算数    项目    决算数\n"
    "一、财政拨款收入    56.00    一、农林水支出    56.00\n"
    "本年收入合计    56.00    本年支出合计    56.00\n" + BODY_3
)


def test_a_tables_part_heading_without_its_number_opens_the_tables_part() -> None:
    doc = parse(UNNUMBERED_TABLES)
    assert [(part.number, part.role) for part in doc.parts] == [
        (1, "overview"),
        (None, "tables"),  # printed without 第二部分: not guessed from its neighbours
        (3, "explanation"),
    ]
    (table,) = doc.tables
    assert table.rows
    lines = normalise(UNNUMBERED_TABLES).lines
    assert not any(line.kind == K.SEC1 and "财政拨款收入" in line.text.text for line in lines)


def test_an_unnumbered_tables_part_followed_by_a_caption() -> None:
    text = UNNUMBERED_TABLES.replace(
        "河湾镇农业服务中心2023年度部门决算表\n收入支出决算总表",
        "部门决算报表\n表1 收入支出决算总表",
    )
    doc = parse(text)
    assert [(part.number, part.role, part.title) for part in doc.parts][1] == (
        None,
        "tables",
        "部门决算报表",
    )
    assert [(table.number, table.kind) for table in doc.tables] == [(1, "final_summary")]


def test_a_table_title_in_an_unnumbered_document_is_no_part_heading() -> None:
    text = UNNUMBERED_TABLES.replace("目录\n", "", 1)
    for marker in ("第一部分 ", "第二部分 ", "第三部分 "):
        text = text.replace(marker, "")
    lines = normalise(text).lines
    assert not any(line.kind == K.PART for line in lines)


def test_toc_parts_whose_titles_wrap_after_the_same_words_all_stay_in_the_toc() -> None:
    toc = (
        "目录\n第一部分 河湾镇农业服务中心概况\n一、主要职责\n"
        "第二部分 河湾镇农业服务中心2023年度部门决算\n表\n一、收入支出决算总表\n"
        "第三部分 河湾镇农业服务中心2023年度部门决算\n情况说明\n一、收入支出决算总体情况说明\n"
        "第四部分 名词解释\n"
    )
    doc = parse("河湾镇农业服务中心2023年度部门决算\n" + toc + BODY_1 + BODY_2 + BODY_3 + BODY_4)
    assert [part.number for part in doc.parts] == [1, 2, 3, 4]
    assert toc_levels(doc)[-1] == (0, "第四部分名词解释")


# -- parts marked only by 一、二、三、 --------------------------------------------------------

TOP_LEVEL_PARTS = (
    "青石乡卫生院2024年部门预算\n"
    "一、部门概况\n（一）主要职能\n承担全乡基本医疗和公共卫生服务。\n（二）机构设置\n院内设门诊部、防保科。\n"
    "二、部门预算公开表\n1、部门收支总体情况表\n"
    "三、部门预算情况说明\n（一）收支预算总体情况\n2024年收支总预算83.50万元。\n"
    "四、名词解释\n一、财政拨款收入：指本级财政当年拨付的资金。\n二、基本支出：指为保障机构正常运转的支出。\n"
)


def test_parts_marked_only_by_top_level_numerals_are_the_parts() -> None:
    doc = parse(TOP_LEVEL_PARTS)
    assert [(p.number, p.role, p.title) for p in doc.parts] == [
        (None, "overview", "部门概况"),
        (None, "tables", "部门预算公开表"),
        (None, "explanation", "部门预算情况说明"),
        (None, "glossary", "名词解释"),
    ]
    assert [s.title for s in doc.parts[0].sections] == ["主要职能", "机构设置"]
    # the glossary's own 一、二、 (numbering started over) stay its sections
    assert [s.title for s in doc.parts[3].sections] == ["财政拨款收入", "基本支出"]
    assert [t.number for t in doc.tables] == [1]  # "1、…表" is a caption in the tables part
    assert not [d for d in doc.diagnostics if d.code == "structure.before_parts"]


def test_parts_marked_by_top_level_numerals_after_their_toc() -> None:
    toc = (
        "目录\n一、部门概况\n（一）主要职能\n二、部门预算公开表\n"
        "三、部门预算情况说明\n四、名词解释\n"
    )
    doc = parse(TOP_LEVEL_PARTS.replace("部门预算\n", "部门预算\n" + toc, 1))
    assert [level for level, _ in toc_levels(doc)] == [0, 1, 0, 0, 0]
    assert [(p.number, p.role) for p in doc.parts] == [
        (None, "overview"),
        (None, "tables"),
        (None, "explanation"),
        (None, "glossary"),
    ]


def test_top_level_sections_that_do_not_all_name_parts_stay_sections() -> None:
    text = (
        "青石乡卫生院2024年部门预算说明\n"
        "一、概况\n本院承担全乡基本医疗服务。\n二、收支预算总体情况\n2024年收支总预算83.50万元。\n"
        "三、收入预算情况说明\n收入预算83.50万元。\n四、支出预算情况说明\n支出预算83.50万元。\n"
    )
    lines = normalise(text).lines
    assert not any(line.kind == K.PART for line in lines)
    # two headings naming the same role (…情况说明) are an explanation's sections
    text = text.replace("二、收支预算总体情况\n2024年收支总预算83.50万元。\n", "").replace(
        "三、", "二、"
    ).replace("四、", "三、")
    assert not any(line.kind == K.PART for line in normalise(text).lines)


def test_top_level_numerals_are_no_parts_where_parts_are_marked() -> None:
    text = TOP_LEVEL_PARTS.replace("三、部门预算情况说明", "第三部分 部门预算情况说明")
    parts = [line.text.text for line in normalise(text).lines if line.kind == K.PART]
    assert parts == ["第三部分部门预算情况说明"]  # spacing closed


def test_toc_tables_listed_as_an_unnumbered_attachment_form_a_part_entry() -> None:
    toc = (
        "目录\n第一部分 青石乡卫生院概况\n一、主要职能\n第二部分 2024年部门预算情况说明\n"
        "第三部分 名词解释\n附件：青石乡卫生院2024年部门预算表\n一、部门收支总体情况表\n"
        "二、部门收入总体情况表\n"
    )
    doc = parse("青石乡卫生院2024年部门预算\n" + toc + BODY_1)
    levels = toc_levels(doc)
    assert levels[-3:] == [
        (0, "附件：青石乡卫生院2024年部门预算表"),
        (1, "一、部门收支总体情况表"),
        (1, "二、部门收入总体情况表"),
    ]
    # an entry that lost its numeral inside the list of tables stays an entry of the list
    damaged = toc.replace("二、部门收入总体情况表", "部门收入总体情况表\n三、部门支出总体情况表")
    levels = toc_levels(parse("青石乡卫生院2024年部门预算\n" + damaged + BODY_1))
    assert levels[-2:] == [(1, "部门收入总体情况表"), (1, "三、部门支出总体情况表")]


# -- the department named only in prose ----------------------------------------------------


def test_department_from_the_overview_opening_statement() -> None:
    body = "第一部分 部门概况\n一、主要职能\n{}\n二、机构设置\n内设综合科、业务科。\n"
    shapes = {
        "石门县水文站是全县水文监测的公益一类事业单位，负责雨情水情监测。": "石门县水文站",
        "本单位全称为石门县水文站，隶属县水利局。": "石门县水文站",
        "石門縣水文站是全縣水文監測的公益一類事業單位。": "石門縣水文站",  # as printed
        "石门县水文站(本级)由站机关和两个监测点组成。": "石门县水文站",
    }
    for statement, expected in shapes.items():
        doc = parse("2023年部门预算\n" + body.format(statement))
        assert doc.meta.department == expected, statement


def test_no_department_where_the_prose_names_none() -> None:
    body = "第一部分 部门概况\n一、主要职能\n{}\n"
    for statement in (
        "我局是全县水文监测的主管部门。",  # names itself only as 我局
        "负责全县水文监测，承担雨情水情预报。",
        "全县共有水文站三个，其中国家站一个。",
        "综合部由三名干部组成，负责日常事务。",  # a division's short name is no unit's
    ):
        assert parse("2023年部门预算\n" + body.format(statement)).meta.department is None
    # the title names it: the prose is not read
    doc = parse("石门县水利局2023年部门预算\n" + body.format("石门县水文站是公益一类事业单位。"))
    assert doc.meta.department == "石门县水利局"


def test_a_paragraph_opening_with_the_word_part_does_not_unmake_top_level_parts() -> None:
    text = TOP_LEVEL_PARTS.replace(
        "承担全乡基本医疗和公共卫生服务。", "部分服务委托村卫生室承担，本院负责指导。"
    )
    assert [p.role for p in parse(text).parts] == ["overview", "tables", "explanation", "glossary"]
