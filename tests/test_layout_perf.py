"""The fast paths of the layout pass and the document grammar give what the plain ones give.

Each shortcut (cells cut straight out of a one-run line, a first-character test before a
pattern, table rows not fed to the parser one by one) is checked here against the slow
formulation it replaces, on small inputs written for the purpose.
"""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token, Tree

from budgetparse import layout as K
from budgetparse import patterns as P
from budgetparse.grammar import parse_lines
from budgetparse.layout.classify import is_note
from budgetparse.layout.markup import trim_plain
from budgetparse.mapped import MappedText


def mapping(m: MappedText) -> tuple[str, list[int]]:
    """Text plus the original offset of every index from 0 to len (inclusive)."""
    return (m.text, [m.origin(i) for i in range(len(m.text) + 1)])


def slow_split(line: MappedText) -> list[tuple[str, list[int]]]:
    """split_cells as first written: slice each tab-separated piece, then clean it."""
    out = []
    start = 0
    text = line.text
    while True:
        tab = text.find("\t", start)
        end = len(text) if tab < 0 else tab
        out.append(mapping(K.clean_cell(line.slice(start, end))))
        if tab < 0:
            break
        start = tab + 1
    return out


ROWS = [
    "201 一般公共服务支出\t1247.2 2\t\t  \t300.00",
    "\t\t合计\t29 5\t",
    "项目\u3000名称\t 金 额 \t",
    "\t",
    "支出\t（单位：万元）\t12.50%",
]


def test_cells_of_a_one_run_line_match_the_slow_split() -> None:
    for row in ROWS:
        line = MappedText.original("前言\n" + row, 3)
        assert line.base() == 3
        assert [mapping(c) for c in K.split_cells(line)] == slow_split(line)


def test_cells_of_a_joined_line_match_the_slow_split() -> None:
    source = "**合计**\t12.00\t\t 3 4\t"
    line = MappedText.original(source).remove(regex.compile(r"\*\*"))
    assert line.base() is None  # several runs: the mapped path
    assert [mapping(c) for c in K.split_cells(line)] == slow_split(line)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="\t \u3000\u00a0支出12.3合", max_size=16),
    st.lists(st.integers(0, 16), max_size=4),
)
def test_split_cells_property(text: str, cuts: list[int]) -> None:
    points = sorted(set(cuts))
    spans = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
    line = MappedText.original("x" + text, 1).delete(spans)
    assert [mapping(c) for c in K.split_cells(line)] == slow_split(line)


def slow_delete(m: MappedText, spans: list[tuple[int, int]]) -> MappedText:
    """delete() as the join of the kept slices."""
    keep = []
    pos = 0
    for s, e in spans:
        if s > pos:
            keep.append(m.slice(pos, s))
        pos = max(pos, e)
    if pos == 0:
        return m
    if pos < len(m):
        keep.append(m.slice(pos))
    return MappedText.join(keep) if keep else MappedText.empty(m.origin(0))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab \t", max_size=14),
    st.lists(st.integers(0, 15), max_size=6),
    st.lists(st.integers(0, 15), max_size=4),
)
def test_delete_is_the_join_of_the_kept_slices(
    text: str, first: list[int], second: list[int]
) -> None:
    m = MappedText.original("__" + text, 2)
    for cuts in (first, second):
        points = sorted(cuts)
        spans = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
        fast, slow = m.delete(spans), slow_delete(m, spans)
        assert mapping(fast) == mapping(slow)
        assert fast.span() == slow.span()
        m = fast


def test_strip_and_span_of_one_run_and_joined_text() -> None:
    source = "  某某局 \t 预算  "
    one = MappedText.original(source)
    joined = MappedText.join([one.slice(0, 5), one.slice(7)])
    for m in (one, joined):
        s = m.strip()
        assert source[slice(*s.span())].strip() == source[slice(*s.span())]
        for i in range(len(s) + 1):
            for j in range(len(s) + 2):
                if j > i:
                    assert s.span(i, j) == (s.origin(i), s.origin(j - 1) + 1)
    assert MappedText.original("   ", 0).strip().span() == (3, 3)


def test_contiguous_and_base() -> None:
    m = MappedText.contiguous("财政局", 40)
    assert m.span() == (40, 43)
    assert m.base() == 40
    assert MappedText.empty(5).base() is None  # no characters, nothing to map


def test_section_kind_tries_the_pattern_the_first_character_allows() -> None:
    def slow(text: str) -> str | None:
        for kind, pattern in ((K.SEC1, P.SEC1), (K.SEC2, P.SEC2), (K.SEC3, P.SEC3)):
            if pattern.match(text):
                return kind
        return K.SEC4 if P.SEC4.match(text) else None

    samples = [
        "一、主要职能",
        "十二、其他",
        "（一）机关运行经费",
        "(2) 公务接待费",
        "（3）车辆",
        "1. 项目名称",
        "2、负责",
        "１．全角",
        "① 第一项",
        "⑳ 末项",
        "2024年",
        "1.5%",
        "部门概况",
        "",
        "（",
        "〇、零",
    ]
    for text in samples:
        assert K.section_kind(text) == slow(text), text


def test_first_character_filters_agree_with_their_patterns() -> None:
    for text in ["12", "- 3 -", "第 3 页", "第3页 共20页", "3/20", "※ ※ 1 2 3", "栏次 1 2 3",
                 "项目 1 2 3", "1 2 3 4", "部门 1 2 3", "一般公共服务", "＊1 2 3"]:  # fmt: skip
        slow = bool(P.PAGE_NUMBER.match(text)) or K.is_column_index(text)
        assert K.is_furniture(text) == slow, text
    for text in ["部门收支总体情况表", "详见下表", "表", "收入表\n", "一般公共预算支出表。"]:
        slow = bool(P.TABLE_TITLE.match(text)) and not regex.search(
            "见|详|如下|以下|下表|上表", text
        )
        assert K.is_table_title(text) == slow, text
    for text in ["备注：无", "注：本表", "说明：", "此表为空表", "本单位无此项支出", "本表无数据",
                 "合计\t100", "备 注", "注意事项"]:  # fmt: skip
        assert is_note(text) == bool(P.TABLE_NOTE.search(text)), text


def test_display_width_counts_wide_characters_twice() -> None:
    assert K.display_width("abc") == 3
    assert K.display_width("部门预算") == 8
    assert K.display_width("2024年“三公”经费…") == 4 + 2 * 8
    assert K.display_width("\uff08全角\uff09 x") == 2 * 4 + 2


def test_plain_line_trim_matches_clean_markup() -> None:
    for raw in ["  部门概况  ", "\t合计\t100\t", "\u3000\u3000正文。", "项目\t", "\tx", "a"]:
        fast = trim_plain(raw, 10)
        slow = K.clean_markup(MappedText.original(" " * 10 + raw, 10))
        assert slow is not None
        assert mapping(fast) == mapping(slow), raw


# -- the document grammar: table rows after a taken row are not fed one by one -------------


def tokens(tree: Tree[Token]) -> list[tuple[str, int]]:
    return [(t.type, t.start_pos) for t in tree.scan_values(lambda v: isinstance(v, Token))]


def lines_of(*kinds: str) -> list[K.LogicalLine]:
    return [K.LogicalLine(k, MappedText.original(f"{k}{i}")) for i, k in enumerate(kinds)]


def test_every_row_of_a_table_is_in_the_tree() -> None:
    lines = lines_of(
        K.PART, K.TABLE_CAPTION, K.TABLE_META, K.TABLE_ROW, K.TABLE_ROW, K.TABLE_ROW,
        K.TABLE_NOTE, K.TABLE_ROW, K.TABLE_ROW, K.PARA, K.TABLE_START, K.TABLE_ROW,
    )  # fmt: skip
    tree, problems = parse_lines(lines)
    assert problems == []
    assert tokens(tree) == [(line.kind.upper(), i) for i, line in enumerate(lines)]
    tables = list(tree.find_data("table"))
    assert [len(t.children) for t in tables] == [8, 2]


def test_rows_out_of_place_are_each_recovered() -> None:
    # rows right after the signature cannot be taken: each is reported on its own
    lines = lines_of(K.PART, K.PARA, K.SIGN_DATE, K.TABLE_ROW, K.TABLE_ROW, K.TABLE_ROW)
    tree, problems = parse_lines(lines)
    assert [i for i, _ in problems] == [3, 4, 5]
    assert all("table_row line out of place" in m for _, m in problems)
    assert tokens(tree) == [("PART", 0), ("PARA", 1), ("SIGN_DATE", 2)]
