"""Layout normalisation: one focused test per feature of the extraction shapes.

Every input here is made up in the shape of a real extraction (DESIGN.md §2).  Besides the
kind and text of each logical line, the tests check that the line's span selects its
characters, in order, in the text that was given to :func:`normalise`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import budgetparse
from budgetparse import layout as K
from budgetparse.layout import Layout, LogicalLine, normalise
from budgetparse.mapped import MappedText
from budgetparse.pipeline import load_source

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


# Characters the layout pass writes over another one: a markdown pipe becomes a tab.
REPLACED = {("\t", "|")}


def assert_points_back(original: str, text: MappedText, translated: str = "") -> None:
    """``text`` maps back into ``original``: every character sits where its map points,
    the map is strictly increasing, and the span runs from the first character to the
    last, so it holds the line's characters in order.  ``translated`` lists characters
    that may stand for another one (an HTML entity's replacement)."""
    s, e = text.span()
    if not text.text:
        assert s == e
        return
    origins = [text.origin(i) for i in range(len(text))]
    assert origins == sorted(set(origins))
    assert (origins[0], origins[-1] + 1) == (s, e)
    for char, at in zip(text.text, origins, strict=True):
        source = original[at]
        assert source == char or (char, source) in REPLACED or char in translated, (
            text.text,
            char,
            source,
        )
    if not translated and "|" not in original[s:e]:
        assert is_subsequence(text.text, original[s:e])


def assert_all_point_back(original: str, layout: Layout) -> None:
    for line in layout.lines:
        assert_points_back(original, line.text)
        for cell in line.cells:
            assert_points_back(original, cell)


def kinds(layout: Layout) -> list[str]:
    return [line.kind for line in layout.lines]


def texts(layout: Layout) -> list[str]:
    return [line.text.text for line in layout.lines]


def line_with(layout: Layout, needle: str) -> LogicalLine:
    found = [line for line in layout.lines if needle in line.text.text]
    assert len(found) == 1, (needle, texts(layout))
    return found[0]


PART1 = "第一部分 部门概况\n"
PART2 = "第二部分 部门预算公开表\n"
PART3 = "第三部分 部门预算情况说明\n"


def body(snippet: str, part: str = PART1) -> tuple[str, list[LogicalLine]]:
    """Normalise ``snippet`` under a part heading; the lines after the heading."""
    text = part + snippet
    layout = normalise(text)
    assert layout.lines[0].kind == K.PART
    assert_all_point_back(text, layout)
    return text, list(layout.lines[1:])


# -- markdown and HTML markup -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "expected"),
    [
        ("## **第二部分 部门预算公开表**", K.PART, "第二部分部门预算公开表"),
        ("### 一、主要职能", K.SEC1, "一、主要职能"),
        ("#### **（一）负责全县财政收支管理**", K.SEC2, "（一）负责全县财政收支管理"),
        ("**负责全县财政收支管理。**", K.PARA, "负责全县财政收支管理。"),
        ("本局共有**在职人员**15人。", K.PARA, "本局共有在职人员15人。"),
        ("<p>负责全县财政收支管理。</p>", K.PARA, "负责全县财政收支管理。"),
        ('<p class="x">负责<b>全县</b>财政收支管理。</p>', K.PARA, "负责全县财政收支管理。"),
        ("<b>合 计</b>", K.PARA, "合计"),
        ("> 负责全县财政收支管理。", K.PARA, "负责全县财政收支管理。"),
    ],
)
def test_markdown_and_html_markup_removed(line: str, kind: str, expected: str) -> None:
    _, lines = body(line + "\n")
    assert [(x.kind, x.text.text) for x in lines] == [(kind, expected)]


def test_markdown_heading_marks_removed_from_the_title() -> None:
    text = "# 某某县财政局2022年部门预算公开\n\n# 目 录\n"
    layout = normalise(text)
    assert [(x.kind, x.text.text) for x in layout.lines] == [
        (K.TITLE, "某某县财政局2022年部门预算公开"),
        (K.TOC_HEAD, "目录"),
    ]
    assert_all_point_back(text, layout)


def test_html_entities_replaced() -> None:
    text = PART1 + "本局共有在职人员&nbsp;15人。\n某某&amp;某某事务所。\n"
    layout = normalise(text)
    assert texts(layout)[1:] == ["本局共有在职人员15人。", "某某&某某事务所。"]
    # an entity becomes one character that maps onto the entity's last character
    amp = layout.lines[2].text
    i = amp.text.index("&")
    assert text[amp.origin(i)] == ";"
    assert text[slice(*amp.span())] == "某某&amp;某某事务所。"
    assert_points_back(text, layout.lines[1].text)
    assert_points_back(text, amp, translated="&")


def test_markdown_list_markers_removed_in_the_toc() -> None:
    text = fixture("layout_markdown.txt")
    layout = normalise(text)
    toc = [line for line in layout.lines if line.kind == K.TOC_ENTRY]
    assert [line.text.text for line in toc] == [
        "第一部分某某县财政局部门概况",
        "一、主要职能",
        "二、机构设置及人员情况",
        "第二部分2022年部门预算公开表",
        "一、部门收支总体情况表",
        "二、部门收入总体情况表",
        "第三部分2022年部门预算情况说明",
        "第四部分名词解释",
    ]
    assert not any(line.text.text.startswith(("-", "#", "*")) for line in layout.lines)
    assert_all_point_back(text, layout)


def test_markdown_document_cleaned_line_by_line() -> None:
    text = fixture("layout_markdown.txt")
    layout = normalise(text)
    assert_all_point_back(text, layout)
    body_lines = layout.lines[kinds(layout).index(K.PART) :]
    assert [(x.kind, x.text.text) for x in body_lines[:4]] == [
        (K.PART, "第一部分某某县财政局部门概况"),
        (K.SEC1, "一、主要职能"),
        (K.PARA, "负责全县财政收支管理，组织编制年度预算草案。"),
        (K.PARA, "某某县财政局下设办公室、预算股和国库股，共有在职人员12人。"),
    ]
    for line in layout.lines:
        assert not any(mark in line.text.text for mark in ("**", "<", ">", "&nbsp;", "#"))


def test_markdown_pipe_table_becomes_tab_cells() -> None:
    text = PART2 + "表1:\n部门收支总体情况表\n| 项目 | 预算数 |\n|---|---|\n| 合计 | 12.50 |\n"
    layout = normalise(text)
    assert kinds(layout) == [K.PART, K.TABLE_CAPTION, K.TABLE_NAME, K.TABLE_ROW, K.TABLE_ROW]
    rows = layout.lines[3:]
    assert [[c.text for c in row.cells] for row in rows] == [["项目", "预算数"], ["合计", "12.50"]]
    assert all("|" not in row.text.text for row in rows)
    assert not any("---" in line.text.text for line in layout.lines)
    assert layout.dropped == 1  # the |---|---| rule
    assert_all_point_back(text, layout)
    assert text[slice(*rows[1].cells[1].span())] == "12.50"


def test_markdown_pipe_table_with_alignment_rule() -> None:
    text = PART2 + "| 项目 | 预算数 |\n| :--- | ---: |\n| 合计 | 12.50 |\n"
    layout = normalise(text)
    assert [[c.text for c in line.cells] for line in layout.lines[1:]] == [
        ["项目", "预算数"],
        ["合计", "12.50"],
    ]
    assert layout.dropped == 1


@pytest.mark.parametrize(
    "rows",
    [
        "\t\t210卫生健康支出\t20.00\n其他收入\t\t\t\n",
        "|  |  | 210卫生健康支出 | 20.00 |\n| 其他收入 |  |  |  |\n",
    ],
    ids=["tabs", "pipes"],
)
def test_empty_cells_at_the_ends_of_a_row_are_kept(rows: str) -> None:
    text = PART2 + "表1:\n部门收支总体情况表\n项目\t预算数\t项目\t预算数\n" + rows
    layout = normalise(text)
    cells = [[c.text for c in line.cells] for line in layout.lines[-2:]]
    assert cells == [["", "", "210卫生健康支出", "20.00"], ["其他收入", "", "", ""]]


# -- page furniture ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "furniture", ["12", "- 3 -", "— 7 —", "第 2 页", "第3页 共20页", "  12  ", "3/20"]
)
def test_lone_page_numbers_dropped(furniture: str) -> None:
    text = PART1 + "负责全县财政收支管理，组织编制\n" + furniture + "\n年度预算草案并监督执行。\n"
    layout = normalise(text)
    assert texts(layout) == [
        "第一部分部门概况",
        "负责全县财政收支管理，组织编制年度预算草案并监督执行。",
    ]
    assert layout.dropped == 1
    assert_all_point_back(text, layout)


def test_page_number_list_marker_is_not_taken_for_a_list() -> None:
    layout = normalise(PART1 + "- 3 -\n")
    assert texts(layout) == ["第一部分部门概况"]


@pytest.mark.parametrize(
    "index_row", ["※ ※ 1 2 3", "※ ※ ※ ※ 1 2 3 4 5 6", "栏次 1 2 3 4", "1 2 3 4 5"]
)
def test_column_index_rows_dropped(index_row: str) -> None:
    text = (
        PART2
        + "表 2\n部门收入总体情况表\n编制部门：某某县财政局 单位：万元\n"
        + "科目编码 科目名称 总计 一般公共预算\n"
        + index_row
        + "\n总计 1,332.40 1,332.40\n"
    )
    layout = normalise(text)
    assert texts(layout)[-2:] == ["科目编码 科目名称 总计 一般公共预算", "总计 1,332.40 1,332.40"]
    assert not any(line.text.text.endswith(("1 2 3", "4")) for line in layout.lines)
    assert_all_point_back(text, layout)


@pytest.mark.parametrize("not_index", ["1 3 5 7", "2 3 4", "项目 预算数 1 2"])
def test_rows_that_only_look_like_column_indexes_are_kept(not_index: str) -> None:
    text = PART2 + "表 2\n部门收入总体情况表\n科目编码 科目名称 总计\n" + not_index + "\n"
    layout = normalise(text)
    assert texts(layout)[-1] == not_index


def test_repeated_table_header_on_a_continuation_page_dropped() -> None:
    text = fixture("layout_repeated_header.txt")
    layout = normalise(text)
    assert_all_point_back(text, layout)
    assert [(x.kind, x.text.text) for x in layout.lines] == [
        (K.PART, "第二部分2022年部门预算公开表"),
        (K.TABLE_CAPTION, "表2"),
        (K.TABLE_NAME, "部门收入总体情况表"),
        (K.TABLE_META, "编制部门：某某县财政局单位：万元"),
        (K.TABLE_ROW, "科目编码 科目名称 总计 一般公共预算"),
        (K.TABLE_ROW, "类 款 项"),
        (K.TABLE_ROW, "总计 1,332.40 1,332.40"),
        (K.TABLE_ROW, "201 一般公共服务支出 904.93 904.93"),
        (K.TABLE_ROW, "201 06   财政事务 902.93 902.93"),
        (K.TABLE_ROW, "201 06 01     行政运行 838.13 838.13"),
        (K.TABLE_ROW, "208 社会保障和就业支出 427.47 427.47"),
    ]
    # two column-index rows, the page number, and the repeated meta line + 2 header rows
    assert layout.dropped == 6
    # the body rows after the repeated header point at the continuation page
    last = layout.lines[-2]
    assert text.index("第 2 页") < last.span[0]


def test_repeated_caption_on_a_continuation_page_dropped() -> None:
    text = (
        PART2
        + "表1:\n部门收支总体情况表\n编制部门：某某县财政局\t单位：万元\n"
        + "项目\t预算数\n财政拨款\t100.00\n"
        + "表1:\n编制部门：某某县财政局\t单位：万元\n项目\t预算数\n"
        + "其他收入\t20.00\n"
    )
    layout = normalise(text)
    assert kinds(layout).count(K.TABLE_CAPTION) == 1
    assert kinds(layout).count(K.TABLE_META) == 1
    assert [x.text.text for x in layout.lines if x.kind == K.TABLE_ROW] == [
        "项目\t预算数",
        "财政拨款\t100.00",
        "其他收入\t20.00",
    ]


# -- hard-wrapped prose (pdftotext) -----------------------------------------------------------


def test_hard_wrapped_prose_joined_into_paragraphs() -> None:
    text = fixture("layout_hard_wrapped.txt")
    layout = normalise(text)
    assert layout.hard_wrapped
    assert_all_point_back(text, layout)
    assert [(x.kind, x.text.text) for x in layout.lines] == [
        (K.PART, "第一部分部门概况"),
        (K.SEC1, "一、主要职能"),
        (
            K.SEC2,
            "（一）负责全县财政收支管理工作，组织编制年度预算草案并监督执行，"
            "拟订财政政策和管理制度，统筹安排各项财政资金。",
        ),
        (
            K.SEC2,
            "（二）负责国有资产管理和政府采购监督工作，指导乡镇财政所业务建设，"
            "组织开展财政监督检查，依法处理违反财经纪律的问题。",
        ),
        (
            K.SEC2,
            "（三）负责县本级会计管理工作，组织实施会计准则和会计制度，"
            "指导和监督各单位会计核算，推进会计信息化建设和人才培养。",
        ),
        (
            K.SEC2,
            "（四）完成县委县政府交办的其他事项，做好对口帮扶和乡村振兴相关资金的拨付与监管，"
            "确保各项工作任务按时保质完成。",
        ),
        (K.SEC1, "二、机构设置及人员情况"),
        (
            K.PARA,
            "某某县财政局本级下设6个股室，分别是：办公室、预算股、国库股、综合股、"
            "会计股、监督股，纳入本部门2022年部门预算编制范围的下属预算单位共2家。",
        ),
        (K.PART, "第三部分2022年部门预算情况说明"),
        (K.SEC1, "一、关于某某县财政局2022年收支预算情况的总体说明"),
        (
            K.PARA,
            "某某县财政局2022年收支总预算1,332.40万元，其中一般公共预算拨款1,332.40万元，"
            "比上年预算增加56.20万元，增长4.41%，主要原因是人员调整和新增项目。",
        ),
    ]


def test_a_field_label_opens_its_own_line_in_a_hard_wrapped_document() -> None:
    text = fixture("layout_hard_wrapped.txt") + (
        "\n七、项目支出情况说明\n"
        "1、项目名称：乡镇财政所业务能力提升及财政监督检查专项经费\n"
        "设立的政策依据：《某某县财政局三定方案》《某某县财政监督工作实施办法》\n"
        "《年度工作计划》\n"
        "预算安排规模：12.50万元\n"
        "项目承担单位：某某县财政局\n"
    )
    layout = normalise(text)
    assert layout.hard_wrapped
    assert [(x.kind, x.text.text) for x in layout.lines[-4:]] == [
        (K.SEC3, "1、项目名称：乡镇财政所业务能力提升及财政监督检查专项经费"),
        (
            K.PARA,
            "设立的政策依据：《某某县财政局三定方案》《某某县财政监督工作实施办法》《年度工作计划》",
        ),
        (K.PARA, "预算安排规模：12.50万元"),
        (K.PARA, "项目承担单位：某某县财政局"),
    ]


def test_a_reason_lead_broken_by_the_wrap_is_no_field_label() -> None:
    text = fixture("layout_hard_wrapped.txt") + (
        "\n八、财政拨款支出决算情况说明\n"
        "1、行政运行。年初预算为45.10万元，支出决算为45.10万元。决算数等于预算数的主\n"
        "要原因：按实际需要据实安排。决算数大于预算数的主要原因是新增人员。\n"
    )
    layout = normalise(text)
    assert layout.hard_wrapped
    texts = [x.text.text for x in layout.lines]
    assert any("决算数等于预算数的主要原因：按实际需要据实安排。" in t for t in texts)
    assert not any(t.startswith("要原因") for t in texts)


def test_joined_line_span_covers_every_piece() -> None:
    text = fixture("layout_hard_wrapped.txt")
    layout = normalise(text)
    first = line_with(layout, "（一）")
    s, e = first.span
    covered = text[s:e]
    assert covered.startswith("（一）负责全县财政收支管理工作")
    assert covered.endswith("统筹安排各项财政资金。")
    assert "\n\n" in covered  # the wrap lies inside the span
    # a three-piece paragraph (the last piece is a lone 。)
    last = line_with(layout, "1,332.40万元")
    covered = text[slice(*last.span)]
    assert covered.count("\n\n") == 2
    assert covered.endswith("。")
    # the characters on each side of a wrap map to their own lines
    i = first.text.text.index("财政政策")
    assert text[first.text.origin(i)] == "财"
    assert text[first.text.origin(i + 1)] == "政"
    assert first.text.origin(i + 1) - first.text.origin(i) == 3  # 财\n\n政


def test_heading_then_paragraph_not_joined_in_a_hard_wrapped_document() -> None:
    layout = normalise(fixture("layout_hard_wrapped.txt"))
    heading = line_with(layout, "机构设置及人员情况")
    assert heading.text.text == "二、机构设置及人员情况"


def test_short_heading_not_joined_in_a_one_paragraph_per_line_document() -> None:
    text = (
        PART1
        + "\n一、主要职能\n\n负责全县财政收支管理，组织编制年度预算草案并监督执行。\n"
        + "\n人员构成情况\n\n本局编制数12名，实有人数15人。\n"
    )
    layout = normalise(text)
    assert not layout.hard_wrapped
    assert [(x.kind, x.text.text) for x in layout.lines[1:]] == [
        (K.SEC1, "一、主要职能"),
        (K.PARA, "负责全县财政收支管理，组织编制年度预算草案并监督执行。"),
        (K.PARA, "人员构成情况"),
        (K.PARA, "本局编制数12名，实有人数15人。"),
    ]
    assert_all_point_back(text, layout)


def test_page_break_inside_a_sentence_joined_in_a_one_paragraph_per_line_document() -> None:
    text = PART1 + "某某县财政局负责全县财政收支管理，组织编制\n\n年度预算草案并监督执行。\n"
    layout = normalise(text)
    assert not layout.hard_wrapped
    assert texts(layout)[1:] == [
        "某某县财政局负责全县财政收支管理，组织编制年度预算草案并监督执行。"
    ]
    assert layout.lines[1].span == (text.index("某某县"), len(text) - 1)


def test_a_statement_after_a_blank_line_opens_a_paragraph_of_its_own() -> None:
    # a line without closing punctuation, then a blank line and a statement of its own
    statements = [
        ("本年支出合计64.20万元，较上年增加3.15万元", "2023年公用经费预算无增减"),
        ("本年支出合计64.20万元，较上年增加3.15万元", "财政拨款支出58.10万元，与上年持平。"),
        ("其中：一般公共预算拨款41.7萬元,", "东湖区图书馆2022年度一般公共预算收入41.7万元。"),
        ("人员经费较上年减少主要原因是退休人员减少", "综合以上因素，本年预算安排41.7万元。"),
    ]
    for first, second in statements:
        text = PART1 + first + "\n\n" + second + "\n"
        assert texts(normalise(text))[1:] == [first, second], first
    # a page break (a blank line) inside a sentence is still joined
    text = PART1 + "本年支出合计64.20万元，较上年\n\n增加3.15万元，增长5.16%。\n"
    assert texts(normalise(text))[1:] == ["本年支出合计64.20万元，较上年增加3.15万元，增长5.16%。"]
    text = PART1 + "本年支出合计64.20万元，比上年减少1.20万元，\n\n下降1.83%。\n"
    assert texts(normalise(text))[1:] == ["本年支出合计64.20万元，比上年减少1.20万元，下降1.83%。"]
    text = PART1 + "本年支出合计64.20万元，与\n\n2022年相比减少1.20万元。\n"
    assert texts(normalise(text))[1:] == ["本年支出合计64.20万元，与2022年相比减少1.20万元。"]


def test_heading_broken_across_a_page_is_joined() -> None:
    text = fixture("layout_broken_headings.txt")
    layout = normalise(text)
    assert_all_point_back(text, layout)
    headings = [x.text.text for x in layout.lines if x.kind == K.SEC1]
    assert headings == [
        "三、关于某某县财政局2022年支出预算情况说明",
        "四、关于某某县财政局2022年财政拨款收支预算情况的总体说明",
        "五、关于某某县财政局2022年一般公共预算当年拨款情况说明",
    ]
    third = line_with(layout, "三、关于")
    covered = text[slice(*third.span)]
    assert covered.startswith("三、关于某某县财政局 2022")
    assert covered.endswith("## 年支出预算情况说明")
    fourth = line_with(layout, "四、关于")
    assert text[slice(*fourth.span)].endswith("总体\n\n说明")


def test_heading_ending_in_a_year_joined_in_a_one_paragraph_per_line_document() -> None:
    text = (
        PART3
        + "三、关于某某县财政局2022\n年支出预算情况说明\n某某县财政局2022年支出预算100.00万元。\n"
    )
    layout = normalise(text)
    assert not layout.hard_wrapped
    assert [(x.kind, x.text.text) for x in layout.lines[1:]] == [
        (K.SEC1, "三、关于某某县财政局2022年支出预算情况说明"),
        (K.PARA, "某某县财政局2022年支出预算100.00万元。"),
    ]
    assert_all_point_back(text, layout)


def test_line_ending_with_an_open_bracket_joined_with_the_next() -> None:
    text = (
        PART3
        + "一般公共服务支出（类）财政事务（款）行政运行（\n"
        + "项）：2022年预算数为50.00万元，比上年增加1.00万元。\n"
    )
    layout = normalise(text)
    assert texts(layout)[1:] == [
        "一般公共服务支出（类）财政事务（款）行政运行（项）：2022年预算数为50.00万元，比上年增加1.00万元。"
    ]
    assert_all_point_back(text, layout)
    assert text[slice(*layout.lines[1].span)] == text[len(PART3) : -1]


def test_sentence_ending_in_full_stop_not_joined() -> None:
    text = PART1 + "负责全县财政收支管理工作。\n负责国有资产管理工作。\n"
    assert texts(normalise(text))[1:] == ["负责全县财政收支管理工作。", "负责国有资产管理工作。"]


# -- letter-spaced words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "expected"),
    [
        ("一、收 入 总 计", K.SEC1, "一、收入总计"),
        ("二、 机 构 设 置 及 人 员 情 况", K.SEC1, "二、机构设置及人员情况"),
        ("收 入 总 计 为 1,332.40 万元。", K.PARA, "收入总计为1,332.40万元。"),
        ("共 有 在 职 人 员 15 人 。", K.PARA, "共有在职人员15人。"),
        ("使用 Excel 表格编制。", K.PARA, "使用 Excel 表格编制。"),
    ],
)
def test_letter_spaced_words_collapsed_in_prose_and_headings(
    line: str, kind: str, expected: str
) -> None:
    _, lines = body(line + "\n")
    assert [(x.kind, x.text.text) for x in lines] == [(kind, expected)]


@pytest.mark.parametrize("line", ["比上年下降 8.43 %。", "比上年下降 8.43 ％。"])
def test_gap_before_a_percent_sign_closed(line: str) -> None:
    _, lines = body(line + "\n")
    assert lines[0].text.text == line.replace(" ", "")


def test_letter_spaced_toc_head_collapsed() -> None:
    text = "某某县财政局2022年部门预算公开\n目 录\n第一部分 部门概况\n"
    layout = normalise(text)
    assert (layout.lines[1].kind, layout.lines[1].text.text) == (K.TOC_HEAD, "目录")
    assert text[slice(*layout.lines[1].span)] == "目 录"


def test_table_cells_keep_their_cells_when_letter_spacing_is_closed() -> None:
    text = (
        PART2
        + "表1:\n部门收支总体情况表\n项 目\t预算数\n收 入 总 计\t1,332.40\t支 出 总 计\t1,332.40\n"
    )
    _, lines = body(text[len(PART2) :], part=PART2)
    row = lines[-1]
    assert row.kind == K.TABLE_ROW
    assert row.text.text == "收 入 总 计\t1,332.40\t支 出 总 计\t1,332.40"  # the row is left alone
    assert [c.text for c in row.cells] == ["收入总计", "1,332.40", "支出总计", "1,332.40"]
    assert text[slice(*row.cells[2].span())] == "支 出 总 计"


def test_space_separated_rows_keep_their_spaces() -> None:
    text = (
        PART2 + "表 1\n部门收支总体情况表\n收入 支出\n收 入 总 计 1,332.40 支 出 总 计 1,332.40\n"
    )
    layout = normalise(text)
    assert layout.lines[-1].kind == K.TABLE_ROW
    assert layout.lines[-1].text.text == "收 入 总 计 1,332.40 支 出 总 计 1,332.40"
    assert layout.lines[-1].cells == ()


# -- numbers broken by the extractor ----------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1247.2 2", "1247.22"),
        ("29 5", "295"),
        (" 1247.2 2 ", "1247.22"),
        ("1,247.2 2", "1,247.22"),
        ("12.50", "12.50"),
        ("1,332.40", "1,332.40"),
        ("201 一般公共服务支出", "201一般公共服务支出"),
    ],
)
def test_broken_numbers_in_tab_cells_restored(cell: str, expected: str) -> None:
    text = PART2 + "表1:\n部门收支总体情况表\n项目\t预算数\n合计\t" + cell + "\t备用\n"
    layout = normalise(text)
    row = layout.lines[-1]
    assert [c.text for c in row.cells] == ["合计", expected, "备用"]
    assert_points_back(text, row.cells[1])
    assert text[slice(*row.cells[1].span())] == cell.strip()


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        ("合计1247.2 2万元。", "合计1247.22万元。"),
        ("合计 1247.2 2 万元。", "合计1247.22万元。"),
        ("增长4.4 1%。", "增长4.41%。"),
        ("合计1,332.4 0万元。", "合计1,332.40万元。"),
    ],
)
def test_broken_numbers_in_prose_restored(prose: str, expected: str) -> None:
    text = PART3 + prose + "\n"
    layout = normalise(text)
    assert texts(layout)[1:] == [expected]
    assert_all_point_back(text, layout)


def test_two_amounts_side_by_side_are_not_merged() -> None:
    text = PART3 + "上年为12.50 3.00万元。\n"
    assert texts(normalise(text))[1] == "上年为12.50 3.00万元。"


# -- thousands separators ---------------------------------------------------------------------


def test_thousands_separators_survive() -> None:
    text = (
        PART2
        + "表1:\n部门收支总体情况表\n项目\t预算数\n合计\t1,332.40\n"
        + PART3
        + "收支总预算1,332.40万元，比上年增加1,056.20万元。\n"
    )
    layout = normalise(text)
    assert layout.lines[4].cells[1].text == "1,332.40"
    assert texts(layout)[-1] == "收支总预算1,332.40万元，比上年增加1,056.20万元。"
    assert_all_point_back(text, layout)


# -- classification ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("一、主要职能", K.SEC1),
        ("十二、其他重要事项的情况说明", K.SEC1),
        ("一. 主要职能", K.SEC1),
        ("一．主要职能", K.SEC1),
        ("（一）负责全县财政收支管理。", K.SEC2),
        ("(一)负责全县财政收支管理。", K.SEC2),
        ("(十一)完成县委交办的其他事项。", K.SEC2),
        ("1.项目名称：财政信息化建设项目", K.SEC3),
        ("1. 一般公共服务支出（类）", K.SEC3),
        ("1、负责全县财政收支管理。", K.SEC3),
        ("1．负责全县财政收支管理。", K.SEC3),
        ("1.5%的增长主要是人员增加。", K.PARA),
        ("2024年预算安排情况如下。", K.PARA),
        ("2024 年预算安排情况如下。", K.PARA),
        ("(1)行政运行（项）", K.SEC4),
        ("（1）行政运行（项）", K.SEC4),
        ("①行政运行（项）", K.SEC4),
        ("② 一般行政管理事务（项）", K.SEC4),
        ("负责全县财政收支管理。", K.PARA),
    ],
)
def test_line_classification(line: str, kind: str) -> None:
    _, lines = body(line + "\n")
    assert [x.kind for x in lines] == [kind]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("第一部分 部门概况", "第一部分部门概况"),
        ("第 二 部 分 部门预算公开表", "第二部分部门预算公开表"),
        ("第三部分2022年部门预算情况说明", "第三部分2022年部门预算情况说明"),
        ("## **第四部分 名词解释**", "第四部分名词解释"),
    ],
)
def test_part_headings(line: str, expected: str) -> None:
    text = line + "\n"
    layout = normalise(text)
    assert [(x.kind, x.text.text) for x in layout.lines] == [(K.PART, expected)]
    assert_all_point_back(text, layout)


def test_toc_entries_are_toc_entries_not_sections() -> None:
    text = (
        "某某县财政局2022年部门预算公开\n目录\n"
        "第一部分 部门概况\n一、主要职能\n（一）负责财政收支\n1. 预算管理\n"
        "第二部分 部门预算公开表\n表1 部门收支总体情况表\n"
        "第一部分 部门概况\n一、主要职能\n"
    )
    layout = normalise(text)
    assert kinds(layout) == [
        K.TITLE,
        K.TOC_HEAD,
        *[K.TOC_ENTRY] * 6,
        K.PART,
        K.SEC1,
    ]
    assert_all_point_back(text, layout)


def test_long_prose_line_ends_a_toc_that_the_body_does_not_repeat() -> None:
    text = (
        "目录\n第一部分 部门概况\n第二部分 部门预算公开表\n"
        "某某县财政局负责全县财政收支管理，组织编制年度预算草案并监督执行，"
        "拟订财政政策和管理制度，统筹安排各项财政资金，完成县委交办的其他事项。\n"
    )
    layout = normalise(text)
    assert kinds(layout) == [K.TOC_HEAD, K.TOC_ENTRY, K.TOC_ENTRY, K.PARA]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "表1:\n部门收支总体情况表\n",
            [(K.TABLE_CAPTION, "表1:"), (K.TABLE_NAME, "部门收支总体情况表")],
        ),
        (
            "表 1\n部门收支总体情况表\n",
            [(K.TABLE_CAPTION, "表1"), (K.TABLE_NAME, "部门收支总体情况表")],
        ),
        (
            "表2：\n部门收入总体情况表\n",
            [(K.TABLE_CAPTION, "表2："), (K.TABLE_NAME, "部门收入总体情况表")],
        ),
        ("表3:部门支出总体情况表\n", [(K.TABLE_CAPTION, "表3:部门支出总体情况表")]),
        ("表 3：部门支出总体情况表\n", [(K.TABLE_CAPTION, "表3：部门支出总体情况表")]),
        ("部门收支总体情况表\n", [(K.TABLE_TITLE, "部门收支总体情况表")]),
    ],
)
def test_table_caption_and_title(snippet: str, expected: list[tuple[str, str]]) -> None:
    _, lines = body(snippet, part=PART2)
    assert [(x.kind, x.text.text) for x in lines] == expected


def test_table_meta_rows_and_note() -> None:
    snippet = (
        "表9:\n政府性基金预算支出情况表\n"
        "编制部门：某某县财政局 单位：万元\n"
        "项目\t合计\t基本支出\t项目支出\n"
        "合计\t0.00\t0.00\t0.00\n"
        "备注：本部门2022年无政府性基金预算支出，此表为空表。\n"
    )
    text, lines = body(snippet, part=PART2)
    assert [x.kind for x in lines] == [
        K.TABLE_CAPTION,
        K.TABLE_NAME,
        K.TABLE_META,
        K.TABLE_ROW,
        K.TABLE_ROW,
        K.TABLE_NOTE,
    ]
    assert lines[-1].text.text == "备注：本部门2022年无政府性基金预算支出，此表为空表。"
    assert text[slice(*lines[2].span)] == "编制部门：某某县财政局 单位：万元"


def test_wrapped_table_note_joined() -> None:
    snippet = (
        "表9:\n政府性基金预算支出情况表\n项目\t合计\n"
        "备注：本部门2022年无政府性基金\n预算支出，此表为空表。\n"
    )
    _, lines = body(snippet, part=PART2)
    assert (lines[-1].kind, lines[-1].text.text) == (
        K.TABLE_NOTE,
        "备注：本部门2022年无政府性基金预算支出，此表为空表。",
    )


def test_table_title_in_part_3_opens_a_table() -> None:
    snippet = (
        "1. 项目名称：财政信息化建设项目\n项目支出绩效目标表\n单位：万元\n"
        "项目名称\t财政信息化建设项目\n一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t系统上线数量\t≥1个\n"
    )
    _, lines = body(snippet, part=PART3)
    assert [x.kind for x in lines] == [
        K.SEC3,
        K.TABLE_TITLE,
        K.TABLE_META,
        K.TABLE_ROW,
        K.TABLE_ROW,
        K.TABLE_ROW,
    ]
    assert [c.text for c in lines[-1].cells] == ["产出指标", "数量指标", "系统上线数量", "≥1个"]


def test_prose_after_a_tab_table_in_part_3_ends_the_table() -> None:
    snippet = (
        "项目支出绩效目标表\n项目名称\t财政信息化建设项目\n"
        "以上项目均已按要求编制绩效目标，并将在预算执行中开展绩效运行监控工作。\n"
    )
    _, lines = body(snippet, part=PART3)
    assert [x.kind for x in lines] == [K.TABLE_TITLE, K.TABLE_ROW, K.PARA]


@pytest.mark.parametrize("title", ["详见下表", "具体情况见部门收支总体情况表"])
def test_sentences_mentioning_a_table_are_not_titles(title: str) -> None:
    _, lines = body(title + "\n", part=PART3)
    assert [x.kind for x in lines] == [K.PARA]


@pytest.mark.parametrize(
    "date", ["2022年2月12日", "2022年 2月 12日", "2022.2.12", "2024年02月20日"]
)
def test_signature_at_the_end(date: str) -> None:
    text = (
        "第四部分 名词解释\n一、财政拨款：指县级财政当年拨付的资金。\n某某县财政局\n"
        + date
        + "\n\n12\n"
    )
    layout = normalise(text)
    assert [(x.kind, x.text.text) for x in layout.lines[-2:]] == [
        (K.SIGN_DEPT, "某某县财政局"),
        (K.SIGN_DATE, date.replace(" ", "")),
    ]
    assert text[slice(*layout.lines[-1].span)] == date


def test_date_without_department_is_only_sign_date() -> None:
    text = "第四部分 名词解释\n一、财政拨款：指县级财政当年拨付的资金。\n2022年2月12日\n"
    layout = normalise(text)
    assert kinds(layout) == [K.PART, K.SEC1, K.SIGN_DATE]


def test_date_in_the_middle_is_not_a_signature() -> None:
    text = PART1 + "2022年2月12日\n负责全县财政收支管理。\n"
    layout = normalise(text)
    assert K.SIGN_DATE not in kinds(layout)


# -- inline numbered items --------------------------------------------------------------------


def test_inline_numbered_items_split() -> None:
    text = PART1 + "1、负责财务管理。2、负责人事管理。3、负责后勤保障。\n"
    layout = normalise(text)
    assert [(x.kind, x.text.text) for x in layout.lines[1:]] == [
        (K.SEC3, "1、负责财务管理。"),
        (K.SEC3, "2、负责人事管理。"),
        (K.SEC3, "3、负责后勤保障。"),
    ]
    assert_all_point_back(text, layout)
    spans = [x.span for x in layout.lines[1:]]
    assert spans[0][1] == spans[1][0] and spans[1][1] == spans[2][0]
    assert text[slice(*spans[1])] == "2、负责人事管理。"


def test_inline_items_split_only_in_sequence() -> None:
    text = PART1 + "1、负责财务管理。3、负责人事管理。\n"
    layout = normalise(text)
    assert texts(layout)[1:] == ["1、负责财务管理。3、负责人事管理。"]


def test_inline_items_not_split_without_a_leading_one() -> None:
    text = PART1 + "负责财务管理。2、负责人事管理。\n"
    assert texts(normalise(text))[1:] == ["负责财务管理。2、负责人事管理。"]


# -- line ends --------------------------------------------------------------------------------


def test_crlf_input_spans_index_the_decoded_text() -> None:
    lf = fixture("layout_hard_wrapped.txt")
    data = lf.replace("\n", "\r\n").encode("utf-8")
    decoded = load_source(data).text
    assert "\r" not in decoded
    assert decoded == lf
    doc = budgetparse.parse(data)
    heads = [decoded[slice(*p.heading_span)] for p in doc.parts]
    assert heads == ["第一部分 部门概况", "第三部分 2022年部门预算情况说明"]
    part1 = doc.parts[0]
    duty = part1.sections[0].sections[0]
    assert decoded[slice(*duty.heading_span)].startswith("（一）负责全县财政收支管理工作")
    assert decoded[slice(*duty.heading_span)].endswith("统筹安排各项财政资金。")
    para = part1.sections[1].paragraphs[0]
    assert is_subsequence(para.text, decoded[slice(*para.span)])
    assert decoded[para.span[0]] == para.text[0]
    # the same spans as the LF text, and as a str with CRLF
    assert doc.parts == budgetparse.parse(lf).parts
    assert doc.parts == budgetparse.parse(lf.replace("\n", "\r\n")).parts


def test_lone_cr_line_ends() -> None:
    data = "第一部分 部门概况\r一、主要职能\r负责全县财政收支管理。\r".encode()
    doc = budgetparse.parse(data)
    decoded = load_source(data).text
    section = doc.parts[0].sections[0]
    assert decoded[slice(*section.heading_span)] == "一、主要职能"
    assert decoded[slice(*section.paragraphs[0].span)] == "负责全县财政收支管理。"


def test_every_line_of_every_fixture_points_back() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert_all_point_back(text, normalise(text))


# -- fragments: prose without a title or parts ------------------------------------------------


def test_a_fragment_of_prose_is_read_as_paragraphs_not_as_a_title() -> None:
    text = "本单位2023年支出预算80.00万元，比上年预算减少5.00万元。\n其中：基本支出60.00万元。\n"
    kinds = [line.kind for line in normalise(text).lines]
    assert kinds == [K.PARA, K.PARA]


def test_a_title_before_a_sentence_stays_the_title() -> None:
    text = "某某局2023年部门预算公开\n本单位2023年支出预算80.00万元。\n（一）收入预算\n"
    kinds = [line.kind for line in normalise(text).lines]
    assert kinds == [K.TITLE, K.PARA, K.SEC2]


def test_a_markdown_row_that_is_no_table_row_keeps_its_bars() -> None:
    """A row's ``|`` is read as a tab to split cells; where the line turns out to be a
    heading or a paragraph (here a flattened line cut before a page number), its text is
    what the page prints: the bars, not tabs."""
    text = (
        "支出预算总额合计数额 | 1/2 | 收入预算总额合计 | 人员经费 | 1/2 | ３．２项目支出 | 8.25 "
        "| 1/2 | 一般公共预算财政拨款收入合计\n"
    )
    lines = normalise(text).lines
    row = next(line for line in lines if "8.25" in line.text.text)
    assert row.kind == K.SEC3
    assert row.text.text == "３．２项目支出 | 8.25"
    start, end = row.text.span()
    assert text[start:end] == "３．２项目支出 | 8.25"


def test_a_traditional_heading_ending_as_headings_end_is_not_joined() -> None:
    """關於…情況說明 is closed as 关于…情况说明 is: in a hard-wrapped text a heading as wide
    as the wrap is not joined to the body line after it."""
    heading = "六、關於某某縣檔案館2024年一般公共預算財政撥款基本支出情況的總體說明"
    text = fixture("layout_hard_wrapped.txt") + (
        f"\n{heading}\n某某縣檔案館2024年一般公共預算基本支出86.40萬元，其中：人員經費80.10萬元。\n"
    )
    layout = normalise(text)
    assert layout.hard_wrapped
    assert (K.SEC1, heading) in [(x.kind, x.text.text) for x in layout.lines]


@pytest.mark.parametrize(
    "text",
    [
        "第三部分 单位决算情况说明",
        "第 二 部 分  公开表",
        "第四部分名詞解釋",
        "部分 名词解释",
        "第三部 情况说明",
        "一、收入总体情况",
        "部门职责",
        "收",
    ],
)
def test_the_cheap_part_test_never_misses_a_part_heading(text: str) -> None:
    """``may_read_as_part`` only spares the full test where it could find nothing."""
    from budgetparse.layout.front import may_read_as_part, part_match
    from budgetparse.reading import reading

    if part_match(reading(text)) is not None:
        assert may_read_as_part(text)
    assert may_read_as_part(text) == ("第" in text or "部" in text)


# -- page numbers at page edges ----------------------------------------------------------------


def test_a_bare_number_at_a_page_edge_is_a_page_number_only_where_it_fits_the_numbering() -> None:
    """Pages numbered 7, 8 at their foot: page numbers.  A table's 类 code opening a page
    (``213`` in a document of three pages whose numbers it does not continue) is the
    table's first cell, kept."""
    numbered = "甲段落。\n7\n\f乙段落。\n8\n\f丙段落。\n9\n"
    kept = [line.text.text for line in normalise(numbered).lines]
    assert "7" not in kept and "8" not in kept and "9" not in kept
    coded = "甲段落。\n\f213\n农林水支出\n\f丙段落。\n"
    assert "213" in [line.text.text for line in normalise(coded).lines]
    # a lone small number no greater than the page count is still read as a page number
    small = "甲段落。\n\f乙段落。\n2\n\f丙段落。\n"
    assert "2" not in [line.text.text for line in normalise(small).lines]
