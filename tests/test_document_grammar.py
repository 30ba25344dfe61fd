"""The document grammar (grammar/document.lark) and the tree built from it.

Small made-up documents in ``tests/fixtures/doc_*.txt``, one construct each, are parsed
with :func:`budgetparse.parse`; the tests read the parts, sections, tables, TOC and
diagnostics of the result.
"""

from __future__ import annotations

import inspect
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark, Token, Tree

import budgetparse
from budgetparse import grammar
from budgetparse import layout as K
from budgetparse.build import TreeBuilder
from budgetparse.grammar import document_parser, grammar_dir, parse_lines
from budgetparse.layout import LogicalLine
from budgetparse.mapped import MappedText
from budgetparse.model import Document, Part, Section

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def walk(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from walk(section.sections)


def all_sections(doc: Document) -> list[Section]:
    return [s for part in doc.parts for s in walk(part.sections)]


def part(doc: Document, number: int) -> Part:
    return next(p for p in doc.parts if p.number == number)


def codes(doc: Document) -> list[str]:
    return [d.code for d in doc.diagnostics]


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


@pytest.fixture(scope="module")
def full_text() -> str:
    return fixture("doc_full.txt")


@pytest.fixture(scope="module")
def full(full_text: str) -> Document:
    return budgetparse.parse(full_text)


# -- the grammar itself -----------------------------------------------------------------------


def test_grammar_builds_strict_and_conflict_free() -> None:
    parser = document_parser(strict=True)
    assert isinstance(parser, Lark)
    assert parser.options.parser == "lalr"


def test_grammar_is_built_once() -> None:
    assert document_parser() is document_parser()


LINE_KINDS = [
    K.FRONT,
    K.TITLE,
    K.TOC_HEAD,
    K.TOC_ENTRY,
    K.PART,
    K.SEC1,
    K.SEC2,
    K.SEC3,
    K.SEC4,
    K.PARA,
    K.TABLE_CAPTION,
    K.TABLE_NAME,
    K.TABLE_TITLE,
    K.TABLE_START,
    K.TABLE_META,
    K.TABLE_ROW,
    K.TABLE_NOTE,
    K.SIGN_DEPT,
    K.SIGN_DATE,
]


def test_every_line_kind_is_a_declared_terminal() -> None:
    grammar = (grammar_dir() / "document.lark").read_text(encoding="utf-8")
    declared = {
        name
        for line in grammar.splitlines()
        if line.startswith("%declare")
        for name in line.split()[1:]
    }
    assert {kind.upper() for kind in LINE_KINDS} == declared


# -- parts and sections -----------------------------------------------------------------------


def test_four_parts_in_order(full: Document, full_text: str) -> None:
    assert [p.number for p in full.parts] == [1, 2, 3, 4]
    assert [p.title for p in full.parts] == [
        "某某县财政局部门概况",
        "2022年部门预算公开表",
        "2022年部门预算情况说明",
        "名词解释",
    ]
    assert [full_text[slice(*p.heading_span)] for p in full.parts] == [
        "第一部分 某某县财政局部门概况",
        "第二部分 2022年部门预算公开表",
        "第三部分 2022年部门预算情况说明",
        "第四部分 名词解释",
    ]
    ends = [p.span for p in full.parts]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))
    assert "part.missing" not in codes(full)
    assert "structure.recovered" not in codes(full)


def test_meta_from_title_tables_and_signature(full: Document) -> None:
    assert full.meta.title == "某某县财政局2022年部门预算公开"
    assert full.meta.department == "某某县财政局"
    assert full.meta.year == 2022
    assert full.meta.published == "2022-02-12"
    assert full.meta.template == "2022"


def test_sections_nest_by_level(full: Document) -> None:
    one = part(full, 3).sections[0]
    assert (one.level, one.number, one.ordinal) == (1, "一", 1)
    assert one.title == "关于某某县财政局2022年收支预算情况的总体说明"
    (two,) = one.sections
    assert (two.level, two.number, two.title) == (2, "一", "一般公共预算当年拨款规模变化情况")
    (three,) = two.sections
    assert (three.level, three.number, three.title) == (3, "1", "一般公共服务支出（类）")
    assert [(s.level, s.number, s.ordinal, s.title) for s in three.sections] == [
        (4, "1", 1, "行政运行（项）"),
        (4, "2", 2, "一般行政管理事务（项）"),
    ]
    # a parent's span covers its children
    for parent in all_sections(full):
        for child in parent.sections:
            assert parent.span[0] <= child.span[0] and child.span[1] <= parent.span[1]


def test_a_skipped_level_nests_directly(full: Document) -> None:
    staffing = part(full, 1).sections[1]
    assert staffing.title == "机构设置及人员情况"
    assert [(s.level, s.number) for s in staffing.sections] == [(3, "1"), (3, "2")]
    assert staffing.sections[1].title == "本局编制数12名，实有人数15人。"


def test_paragraphs_after_a_heading_belong_to_it(full: Document, full_text: str) -> None:
    duties = part(full, 1).sections[0]
    assert [p.text for p in duties.paragraphs] == [
        "某某县财政局是县人民政府的组成部门，主要职能如下。"
    ]
    assert [s.number for s in duties.sections] == ["一", "二"]
    assert duties.sections[0].paragraphs == ()
    operation = part(full, 3).sections[0].sections[0].sections[0].sections[0]
    (para,) = operation.paragraphs
    assert para.text == "2022年预算数为100.00万元，比上年增加2.00万元。"
    assert full_text[slice(*para.span)] == para.text
    assert part(full, 1).paragraphs == ()


def test_section_spans_point_at_their_headings(full: Document, full_text: str) -> None:
    for section in all_sections(full):
        heading = full_text[slice(*section.heading_span)]
        assert is_subsequence(section.title, heading), (section.title, heading)
        assert section.span[0] == section.heading_span[0]


def test_heading_marker_variants_nest_alike() -> None:
    text = (
        "第三部分 情况说明\n"
        "一. 关于收支预算\n(一)一般公共预算\n1、项目甲\n（1）指标一\n⑫指标二\n"
        "二．关于收入预算\n（一）政府性基金\n1．项目乙\n"
    )
    doc = budgetparse.parse(text)
    p3 = part(doc, 3)
    assert [(s.level, s.number) for s in walk(p3.sections)] == [
        (1, "一"),
        (2, "一"),
        (3, "1"),
        (4, "1"),
        (4, "⑫"),
        (1, "二"),
        (2, "一"),
        (3, "1"),
    ]
    assert [s.ordinal for s in walk(p3.sections)][3:5] == [1, 12]


@pytest.mark.parametrize("marker", ["①", "⑨"])
def test_circled_number_heading(marker: str) -> None:
    doc = budgetparse.parse("第三部分 情况说明\n1. 项目甲\n" + marker + "指标一\n")
    (sub,) = part(doc, 3).sections[0].sections
    assert (sub.level, sub.number, sub.title) == (4, marker, "指标一")
    assert sub.ordinal == "①②③④⑤⑥⑦⑧⑨".index(marker) + 1


def test_deeper_numbers_after_children_belong_to_the_last_child() -> None:
    text = (
        "第一部分 部门概况\n一、主要职能\n"
        "（一）负责财务。\n1. 负责人事。\n(1) 负责考核。\n（二）负责后勤。\n"
    )
    doc = budgetparse.parse(text)
    (one,) = part(doc, 1).sections
    assert [(s.level, s.number) for s in walk(one.sections)] == [
        (2, "一"),
        (3, "1"),
        (4, "1"),
        (2, "二"),
    ]
    assert "structure.recovered" not in codes(doc)


def test_shallower_heading_after_deeper_children_reported() -> None:
    text = "第一部分 部门概况\n一、主要职能\n1. 负责财务。\n（一）负责人事。\n"
    doc = budgetparse.parse(text)
    (one,) = part(doc, 1).sections
    # kept, re-levelled to the items it stands among, with its own number
    assert [(s.level, s.number) for s in one.sections] == [(3, "1"), (3, "一")]
    (recovered,) = [d for d in doc.diagnostics if d.code == "structure.recovered"]
    assert text[slice(*recovered.span)] == "（一）负责人事。"  # type: ignore[misc]


# -- tables -----------------------------------------------------------------------------------


def test_table_block_in_part_2(full: Document, full_text: str) -> None:
    p2 = part(full, 2)
    assert p2.tables == (0, 1)
    t1 = full.tables[0]
    assert (t1.index, t1.number, t1.title, t1.kind, t1.part, t1.section) == (
        0,
        1,
        "部门收支总体情况表",
        "summary",
        2,
        None,
    )
    assert t1.unit == "万元"
    assert t1.department == "某某县财政局"
    assert t1.empty is False
    assert t1.notes == ()
    assert t1.row_count == 4
    assert full_text[slice(*t1.title_span)] == "部门收支总体情况表"
    covered = full_text[slice(*t1.span)]
    assert covered.startswith("表1:")
    assert covered.endswith("收入总计\t120.00\t支出总计\t120.00")


def test_empty_table_with_a_note(full: Document, full_text: str) -> None:
    t9 = full.tables[1]
    assert (t9.number, t9.kind, t9.empty, t9.row_count) == (9, "fund_expenditure", True, 2)
    (note,) = t9.notes
    assert note.text == "备注：本部门2022年无政府性基金预算支出，此表为空表。"
    assert full_text[slice(*note.span)] == note.text
    assert t9.span[1] == note.span[1]


def test_caption_with_title_on_one_line() -> None:
    text = (
        "第二部分 部门预算公开表\n表3:部门支出总体情况表\n编制部门：某某县财政局 单位：元\n"
        "项目\t合计\t基本支出\t项目支出\n合计\t10.00\t8.00\t2.00\n"
    )
    doc = budgetparse.parse(text)
    (table,) = doc.tables
    assert (table.number, table.title, table.kind, table.unit) == (
        3,
        "部门支出总体情况表",
        "expenditure",
        "元",
    )
    assert table.department == "某某县财政局"
    assert text[slice(*table.title_span)] == "表3:部门支出总体情况表"


def test_performance_table_inside_a_part_3_section(full: Document, full_text: str) -> None:
    table = full.tables[2]
    assert (table.number, table.title, table.kind, table.part) == (
        None,
        "项目支出绩效目标表",
        "performance_project",
        3,
    )
    assert table.section == "二、/1."
    assert table.row_count == 3
    project = part(full, 3).sections[1].sections[0]
    assert project.tables == (2,)
    assert project.title == "项目名称：财政信息化建设项目"
    assert [p.text for p in project.paragraphs] == ["预算安排规模：20.00万元。"]
    assert full_text[slice(*table.title_span)] == "项目支出绩效目标表"


def test_department_performance_table_kind() -> None:
    text = (
        "第三部分 情况说明\n十一、预算绩效情况说明\n部门整体绩效目标表\n"
        "一级指标\t二级指标\t指标值\n产出指标\t数量指标\t≥98%\n"
    )
    doc = budgetparse.parse(text)
    (table,) = doc.tables
    assert (table.kind, table.part, table.section) == ("performance_department", 3, "十一、")


# -- glossary, TOC, signature -----------------------------------------------------------------


def test_glossary_entries_are_sections_titled_by_the_term(full: Document) -> None:
    glossary = part(full, 4).sections
    assert [(s.level, s.number, s.title, s.text) for s in glossary] == [
        (1, "一", "财政拨款", "指县级财政当年拨付的资金。"),
        (
            1,
            "二",
            "基本支出",
            "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
        ),
    ]


def test_toc_kept_apart_from_the_body(full: Document, full_text: str) -> None:
    toc = full.toc
    assert toc is not None
    assert [(e.level, e.text) for e in toc.entries][:3] == [
        (0, "第一部分某某县财政局部门概况"),
        (1, "一、主要职能"),
        (1, "二、机构设置及人员情况"),
    ]
    assert len(toc.entries) == 10
    assert full_text[slice(*toc.span)].startswith("目录")
    assert toc.span[1] <= full.parts[0].span[0]
    sections = all_sections(full)
    assert not any(toc.span[0] <= s.span[0] < toc.span[1] for s in sections)
    # only the body's headings: 2 + 4 in part 1, 2 + 4 + 1 in part 3, 2 in part 4
    assert len(sections) == 15
    assert len(part(full, 1).sections) == 2


def test_signature_is_not_part_of_the_last_part(full: Document, full_text: str) -> None:
    p4 = part(full, 4)
    assert p4.span[1] < full_text.index("某某县财政局\n\n2022年2月12日")
    assert all("2022年2月12日" not in p.text for p in p4.paragraphs)


# -- diagnostics ------------------------------------------------------------------------------


def test_missing_part_reported() -> None:
    doc = budgetparse.parse(fixture("doc_missing_part2.txt"))
    assert [p.number for p in doc.parts] == [1, 3, 4]
    missing = [d for d in doc.diagnostics if d.code == "part.missing"]
    assert len(missing) == 1
    assert "role tables" in missing[0].message  # the 预算公开表 part
    assert "table.missing" not in codes(doc)


def test_explanation_sections_the_template_promises_but_absent_reported() -> None:
    """The fixture's 情况说明 prints two of the 2022 template's sections (the overall
    picture and revenue): each other section of the template is reported missing, by
    the kind the template gives it."""
    doc = budgetparse.parse(fixture("doc_full.txt"))
    assert doc.meta.template == "2022"
    missing = [d.message for d in doc.diagnostics if d.code == "section.missing"]
    assert len(missing) == 8
    assert all(m.startswith("part 3 lacks the section on ") for m in missing)
    named = [m.split()[6] for m in missing]
    assert named == [
        "expenditure",
        "fiscal_summary",
        "general_expenditure",
        "general_basic",
        "general_project",
        "three_public",
        "fund_expenditure",
        "other",
    ]  # not summary and revenue, which it prints


def test_tables_promised_by_the_toc_but_absent_reported() -> None:
    text = fixture("doc_missing_tables.txt")
    doc = budgetparse.parse(text)
    assert doc.meta.template == "2022"
    assert [t.number for t in doc.tables] == [1, 4]
    assert [t.kind for t in doc.tables] == ["summary", "fiscal_summary"]
    missing = [d for d in doc.diagnostics if d.code == "table.missing"]
    assert [d.message.split()[0] for d in missing] == [
        "表2",
        "表3",
        "表5",
        "表6",
        "表7",
        "表8",
        "表9",
    ]
    # each points at its table-of-contents entry
    for d in missing:
        assert d.span is not None
        entry = text[slice(*d.span)]
        assert entry.endswith("情况表")
        assert d.span[1] <= doc.toc.span[1]  # type: ignore[union-attr]
    assert text[slice(*missing[0].span)] == "二、部门收入总体情况表"  # type: ignore[misc]


def test_missing_table_message_names_the_title_not_a_pattern(full: Document) -> None:
    messages = [d.message for d in full.diagnostics if d.code == "table.missing"]
    assert any(m.startswith("表4 ") for m in messages)
    assert not any("(?:" in m or ")?" in m for m in messages), messages


def test_out_of_place_heading_reported() -> None:
    text = fixture("doc_recovery.txt")
    doc = budgetparse.parse(text)
    recovered = [d for d in doc.diagnostics if d.code == "structure.recovered"]
    assert recovered
    assert text[slice(*recovered[0].span)] == "二、机构设置及人员情况"  # type: ignore[misc]
    # the document around it is intact
    assert [p.number for p in doc.parts] == [1, 2, 3, 4]
    # "二、" after part-level （一）（二） items is kept as one more item of that level
    last = part(doc, 1).sections[-1]
    assert (last.number, last.title) == ("二", "机构设置及人员情况")
    assert last.paragraphs[0].text == "本局下设3个股室，编制数10名。"
    assert part(doc, 3).sections[0].paragraphs[0].text == "某某县林业局2022年收支总预算45.00万元。"


RECOVERY_CASES = {
    "sec1_after_part_level_sec2": (
        fixture("doc_recovery.txt"),
        ["机构设置及人员情况", "本局下设3个股室，编制数10名。"],
    ),
    "sec2_after_sec3": (
        "第一部分 部门概况\n一、主要职能\n"
        "1. 负责财务。\n（一）负责人事。\n(1) 负责考核。\n负责绩效。\n",
        ["负责人事。", "负责绩效。"],
    ),
}


@pytest.mark.parametrize("case", sorted(RECOVERY_CASES))
def test_out_of_place_heading_keeps_its_text(case: str) -> None:
    text, expected = RECOVERY_CASES[case]
    doc = budgetparse.parse(text)
    assert "structure.recovered" in codes(doc)
    p1 = part(doc, 1)
    kept = [p.text for p in p1.paragraphs] + [
        p.text for s in walk(p1.sections) for p in s.paragraphs
    ]
    kept += [s.title for s in walk(p1.sections)]
    for line in expected:
        assert line in kept


def _line(kind: str, text: str) -> LogicalLine:
    return LogicalLine(kind, MappedText.original(text))


def test_parse_lines_reads_a_stray_line_as_a_paragraph() -> None:
    lines = [
        _line(K.PART, "第一部分部门概况"),
        _line(K.PARA, "负责全县财政收支管理。"),
        _line(K.TABLE_META, "单位：万元"),
        _line(K.PARA, "负责国有资产管理。"),
    ]
    tree, problems = parse_lines(lines)
    assert problems == [(2, "table_meta line out of place; read as a paragraph")]
    paragraphs = list(tree.find_data("paragraph"))
    assert [str(p.children[0]) for p in paragraphs] == [
        "负责全县财政收支管理。",
        "单位：万元",
        "负责国有资产管理。",
    ]
    assert [p.children[0].start_pos for p in paragraphs] == [1, 2, 3]  # type: ignore[union-attr]


def test_parse_lines_never_raises_on_any_short_sequence_of_line_kinds() -> None:
    """Every sequence of up to three lines of any kind parses and builds (a signature's
    department line without its date once ended the input where a date was awaited)."""
    for size in (1, 2, 3):
        for kinds in itertools.product(LINE_KINDS, repeat=size):
            lines = [_line(kind, f"{kind}{i}") for i, kind in enumerate(kinds)]
            tree, problems = parse_lines(lines)
            TreeBuilder(lines).start(tree)
            fed = sum(1 for _ in tree.scan_values(lambda v: isinstance(v, Token)))
            assert fed + sum("skipped" in message for _, message in problems) == size, kinds


def test_a_department_line_without_its_date_is_a_paragraph() -> None:
    lines = [_line(K.PARA, "负责全县财政收支管理。"), _line(K.SIGN_DEPT, "某某县财政局")]
    tree, problems = parse_lines(lines)
    assert problems == [(1, "sign_dept line without its date; read as a paragraph")]
    assert [str(p.children[0]) for p in tree.find_data("paragraph")] == [
        "负责全县财政收支管理。",
        "某某县财政局",
    ]


BODY_KINDS = [kind for kind in LINE_KINDS if kind not in (K.SIGN_DEPT, K.SIGN_DATE)]


def _shape(node: Tree | Token) -> object:  # type: ignore[type-arg]
    """A tree as nested tuples: rule names, and each token's type, text and line index."""
    if isinstance(node, Tree):
        return (str(node.data), [_shape(child) for child in node.children])
    return (node.type, str(node), node.start_pos)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(BODY_KINDS), st.integers(1, 4)), max_size=30),
    st.booleans(),
)
def test_runs_fed_once_give_the_tree_of_a_token_per_line(
    runs: list[tuple[str, int]], signed: bool
) -> None:
    """Only the first row or paragraph of a run is fed to the parser; the tree put back
    together is the one feeding every line gives, recoveries included."""
    lines = [_line(kind, f"{kind}{i}") for kind, count in runs for i in range(count)]
    if signed:  # the layout reads a signature only at the end
        lines += [_line(K.SIGN_DEPT, "某某县财政局"), _line(K.SIGN_DATE, "2022年2月12日")]
    tree, problems = parse_lines(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grammar, "_TYPES", {})  # no kind is read as a run
        every_tree, every_problems = parse_lines(lines)
    assert _shape(tree) == _shape(every_tree)
    assert problems == every_problems


def test_parse_lines_of_nothing() -> None:
    tree, problems = parse_lines([])
    assert isinstance(tree, Tree)
    assert problems == []


@pytest.mark.parametrize("data", ["", "   \n\t\n", "\u3000\n\n", "\ufeff", b"", b"\r\n \r\n"])
def test_empty_input(data: str | bytes) -> None:
    doc = budgetparse.parse(data)
    assert codes(doc) == ["document.empty"]
    assert doc.parts == ()
    assert doc.tables == ()
    assert doc.toc is None


# -- garbage in, a document out ---------------------------------------------------------------


GARBAGE = {
    "json": json.dumps(
        {"表1": [1, 2.5, None], "第一部分": {"一、": "（一）"}, "2022年2月12日": True},
        ensure_ascii=False,
        indent=2,
    ),
    "python": inspect.getsource(K),
    "markup": "\t\t\n\n|||\n|---|\n**\n#\n<p></p>\n&nbsp;\n- \n> \n",
    "numbers": "\n".join(str(i) for i in range(200)),
    "headings_only": "\n".join(
        ["一、", "（一）", "1.", "(1)", "⑩", "表1:", "目录", "第一部分"] * 5
    ),
    "long_line": "某" * 20_000 + "。" + "1.2 3" * 2_000,
    "control": "".join(chr(c) for c in range(1, 32)) * 10,
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_parses_without_raising(name: str) -> None:
    doc = budgetparse.parse(GARBAGE[name])
    assert isinstance(doc, Document)
    assert doc.to_dict()["schema_version"] == doc.schema_version


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=9, max_codepoint=126), max_size=400))
def test_random_ascii_parses_without_raising(text: str) -> None:
    doc = budgetparse.parse(text)
    assert isinstance(doc, Document)


VOCABULARY = [
    "第一部分 部门概况",
    "第二部分 部门预算公开表",
    "第三部分 部门预算情况说明",
    "第四部分 名词解释",
    "目录",
    "一、主要职能",
    "二、财政拨款：指县级财政当年拨付的资金。",
    "（一）负责全县财政收支管理。",
    "1. 项目名称：某某专项",
    "1、负责财务。2、负责人事。",
    "(1) 行政运行（项）",
    "⑪ 指标",  # ①-⑨ crash the builder: see test_circled_number_heading
    "负责全县财政收支管理，组织编制",
    "年度预算草案。",
    "表1:",
    "部门收支总体情况表",
    "项目支出绩效目标表",
    "编制部门：某某县财政局 单位：万元",
    "项目\t预算数",
    "合计\t1247.2 2",
    "201 06 01 行政运行 838.13",
    "备注：此表为空表。",
    "※ ※ 1 2 3",
    "- 3 -",
    "某某县财政局",
    "2022年2月12日",
    "",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=40))
def test_any_arrangement_of_document_lines_parses(lines: list[str]) -> None:
    text = "\n".join(lines)
    doc = budgetparse.parse(text)
    n = len(text)
    spans = [p.span for p in doc.parts] + [s.span for s in all_sections(doc)]
    spans += [t.span for t in doc.tables] + [d.span for d in doc.diagnostics if d.span]
    for start, end in spans:
        assert 0 <= start <= end <= n
