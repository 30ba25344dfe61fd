"""The clause grammar (grammar/clause.lark): conflict-free LALR, keywords that stop a
subject, and the piece shapes of sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark
from lark.lexer import Lexer

from budgetparse.narrative import read_narrative
from budgetparse.narrative.fragment import units_of
from budgetparse.narrative.parser import ClauseError, clause_parser, grammar_path, parse_pieces


class _NoLexer(Lexer):
    """Lets ``strict=True`` check the LALR tables without Lark's regex-collision check
    (which needs the optional interegular package; TEXT is meant to overlap keywords and
    stops before them by its own lookahead, tested below)."""

    __future_interface__ = 2

    def __init__(self, conf: Any) -> None:
        pass

    def lex(self, *args: Any) -> Any:
        return iter(())


def test_grammar_is_conflict_free_lalr() -> None:
    with open(grammar_path(), encoding="utf-8") as handle:
        Lark(handle.read(), parser="lalr", lexer=_NoLexer, strict=True)


def test_parser_is_lalr_with_contextual_lexer_and_built_once() -> None:
    parser = clause_parser()
    assert parser.options.parser == "lalr"
    assert parser.options.lexer == "contextual"
    assert clause_parser() is parser


# Every keyword terminal with words it must match.  TEXT must stop right before each of
# them, or the keyword would be swallowed into a subject.
KEYWORDS = {
    "COMPARE": [
        "比上年预算",
        "比上年",
        "较上年",
        "同比",
        "与上年相比",
        "比2023年预算数",
        "较上年度",
    ],
    "DIR_UP": ["增加", "增长", "增收", "上升", "提高"],
    "DIR_DOWN": ["减少", "下降", "降低", "减收", "压减"],
    "DIR_FLAT": ["持平", "无变化", "无变动", "不变"],
    "DIR_ABOUT": ["基本持平", "基本相当"],
    "NOPCT": ["增长率无可比性", "无可比性", "上年无该预算"],
    "SHARE": ["占比", "所占比例为"],
    "VALUE": ["价值", "涉及预算金额", "涉及金额", "涉及资金"],
    "TOTAL": ["共计", "合计", "总计"],
    "REASON_LEAD": ["主要原因是：", "主要原因是", "增长原因是", "原因为", "主要原因："],
    "PURPOSE": ["主要用于", "主要用于："],
    "INCLUDES": ["主要包括：", "包括", "分别是：", "主要有"],
    "OFWHICH": ["其中：", "其中"],
    "NOT_ARRANGED": ["未安排", "没有安排", "无此项"],
    "LEVEL": ["（类）", "(款)", "（项)"],
}


def _terminal(name: str) -> regex.Pattern[str]:
    for terminal in clause_parser().terminals:
        if terminal.name == name:
            return regex.compile(terminal.pattern.to_regexp())
    raise AssertionError(name)


@pytest.mark.parametrize(("name", "word"), [(n, w) for n, ws in KEYWORDS.items() for w in ws])
def test_keyword_matches_and_stops_text(name: str, word: str) -> None:
    assert _terminal(name).fullmatch(word), f"{name} does not match {word}"
    # what follows the keyword: a figure, or names for a list (包括 before a figure opens
    # a list of statements instead: LIST_LEAD)
    tail = "办公费、印刷费。" if name == "INCLUDES" else "5万元"
    text = _terminal("TEXT").match("办公设备购置" + word + tail)
    assert text is not None and text.group() == "办公设备购置", f"TEXT runs over {word}"


def test_text_keeps_unmeasured_digits_and_stops_at_measured_ones() -> None:
    text = _terminal("TEXT")
    assert text.match("2024年预算数为88万元").group() == "2024年预算数"  # type: ignore[union-attr]
    assert text.match("“12345”热线运转经费12万元").group() == "“12345”热线运转经费"  # type: ignore[union-attr]
    assert text.match("编制数18，").group() == "编制数"  # type: ignore[union-attr]
    assert text.match("占用房屋").group() == "占用房屋"  # type: ignore[union-attr]


def kinds(text: str) -> list[str]:
    return [p.kind for p in parse_pieces(text)]


def test_piece_shapes_of_a_change_statement() -> None:
    pieces = parse_pieces(
        "项目支出72.5万元，占18.2%，较上年减少8万元，下降9.94%，主要原因是：项目完结。"
    )
    assert [p.kind for p in pieces] == ["stated", "share", "change", "change", "reason"]
    stated, share, delta, pct, reason = pieces
    assert stated.subject and stated.subject.text == "项目支出"
    assert stated.figure and stated.figure.text == "72.5" and stated.figure.unit == "万元"
    assert share.figure and str(share.figure.value) == "18.2"
    assert delta.comparison and delta.comparison.text == "较上年" and delta.sign == -1
    assert pct.figure and pct.figure.unit == "%" and pct.sign == -1
    assert reason.text and reason.text.text == "项目完结"


def test_item_path_heading_keeps_levels() -> None:
    pieces = parse_pieces(
        "文化旅游体育与传媒支出（类）文化和旅游（款）群众文化（项）：2024年预算数为9万元。"
    )
    heading = pieces[0]
    assert heading.kind == "heading"
    assert heading.levels == (
        ("文化旅游体育与传媒支出", "类"),
        ("文化和旅游", "款"),
        ("群众文化", "项"),
    )
    assert pieces[1].kind == "stated"


def test_other_shapes() -> None:
    assert kinds("车辆4辆，价值61.5万元") == ["stated", "value"]
    assert kinds("办公家具价值12万元") == ["value"]
    assert kinds("共计经费35万元") == ["total"]
    assert kinds("政府性基金预算未安排") == ["not_arranged"]
    assert kinds("单位价值100万元以上大型设备2台") == ["stated"]
    assert kinds("项目名称：河道清淤工程") == ["field"]
    assert kinds("公务接待费持平，与上年一致") == ["change", "change"]
    assert kinds("其中：在职12人，增加1人") == ["ofwhich", "stated", "change"]
    assert kinds("话务人员工资2400元/人/月") == ["stated"]


def test_unreadable_text_is_a_clause_error() -> None:
    with pytest.raises(ClauseError):
        parse_pieces("基本支出：：%%万元以上以上")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "预算",
                "12",
                "3.5",
                "万元",
                "%",
                "，",
                "。",
                "：",
                "其中",
                "比上年",
                "减少",
                "占",
                "（类）",
                "主要原因是",
                "价值",
                "共计",
                "人",
                "辆",
                "未安排",
                "项目名称：",
                "\n",
                " ",
            ]
        ),
        max_size=30,
    )
)
def test_any_prose_reads_without_raising(words: list[str]) -> None:
    narrative = read_narrative(units_of("".join(words)))
    for mention in narrative.mentions:
        assert mention.covered == (mention.record is not None)
