"""The narrative stage's speed-ups change nothing: the lean LALR driver builds the trees
Lark builds and fails where Lark fails, the fast path of the TEXT terminal reads exactly
what the plain terminal reads, and the cached vocabulary look-ups answer as uncached ones.
(No timing here: the benchmark measures speed; these tests pin the equivalences.)"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token, Tree
from lark.exceptions import LarkError

from budgetparse.narrative.first import first_chars, match_at
from budgetparse.narrative.lalr import Driver, ParseFailure, Tok
from budgetparse.narrative.parser import ClauseError, _driver, clause_parser, parse_pieces
from budgetparse.narrative.terminals import grammar_text, strict_terminals, worth_parsing
from budgetparse.narrative.vocabulary import vocabulary

from .test_narrative_grammar import KEYWORDS

# Sentences written for these tests, in the phrasing of the disclosures (not copied).
SENTENCES = [
    "",
    "，",
    "基本支出640.25万元，占71.3%，比上年预算减少12.5万元，下降1.92%。",
    "项目支出88万元，较上年增加8万元，增长10%，主要原因是：新增河道巡查任务。",
    "其中：公务用车运行维护费6.2万元，与上年持平；公务接待费0.8万元，同比下降20%。",
    "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）210.4万元",
    "编制数31人，实有人数28人，其中在职24人，退休4人。",
    "办公设备购置价值18.6万元，涉及预算金额18.6万元",
    "共计经费42万元；其它物品共计3万元。",
    "主要用于人员工资、办公费、水电费等日常运转",
    "支出预算主要包括：基本工资、津贴补贴、绩效工资",
    "政府性基金预算未安排",
    "项目名称：城区绿化养护项目设立的政策依据：市政府常务会议纪要",
    "单位价值50万元以上通用设备1台，价值60万元",
    "2025年预算数为1,208.36万元，增长率无可比性",
    "话务人员工资3000元/人/月，共计经费36万元",
    "12，345.67万元",
    "下属2家行政单位和1家事业单位的机关运行经费64.2万元",
    "与上年相比，增加3万元",
    # not in the language
    "基本支出：：%%万元以上以上",
    "占%%",
    "主要原因是：",
    "比上年",
    "价值。价值",
    "（类）：：",
]


def _shape(node: Any) -> Any:
    """A tree as comparable data: Lark's Tokens and the driver's Toks alike."""
    if isinstance(node, Tree):
        return (str(node.data), [_shape(child) for child in node.children])
    if isinstance(node, Token):
        return (node.type, str(node), node.start_pos, node.end_pos)
    assert isinstance(node, Tok)
    return (node.type, node.value, node.start_pos, node.end_pos)


def _lark(text: str) -> Any:
    try:
        return _shape(clause_parser().parse(text))
    except LarkError:
        return "rejected"


def _lean(text: str) -> Any:
    try:
        return _shape(_driver().parse(text))
    except ParseFailure:
        return "rejected"


@pytest.mark.parametrize("text", SENTENCES)
def test_driver_builds_the_tree_lark_builds(text: str) -> None:
    assert _lean(text) == _lark(text)


def test_driver_accepts_and_rejects_some_of_the_sentences() -> None:
    results = [_lean(text) for text in SENTENCES]
    assert sum(r == "rejected" for r in results) >= 4
    assert sum(r != "rejected" for r in results) >= 15


WORDS = [
    "基本支出",
    "预算",
    "比上年",
    "较上年度",
    "与",
    "增加",
    "减少",
    "持平",
    "下降",
    "占",
    "价值",
    "共计",
    "其中",
    "主要原因是：",
    "主要用于",
    "包括",
    "未安排",
    "（类）",
    "（项）",
    "12",
    "3.5",
    "1,204.50",
    "万元",
    "元",
    "%",
    "人",
    "辆",
    "2024年",
    "以上",
    "，",
    "。",
    "；",
    "：",
    "家具",
    "项目名称：",
    "无可比性",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=10))
def test_driver_agrees_with_lark_on_any_mix_of_words(words: list[str]) -> None:
    text = "".join(words)
    assert _lean(text) == _lark(text)


def test_a_failure_is_a_clause_error_with_a_position() -> None:
    with pytest.raises(ClauseError) as caught:
        parse_pieces("占%%")
    assert 0 <= caught.value.position <= len("占%%")


def test_driver_is_built_from_the_clause_parser_tables() -> None:
    assert isinstance(_driver(), Driver)
    assert _driver() is _driver()


# -- the TEXT terminal's fast path -------------------------------------------------------

_FAST = regex.compile(r"^\(\?:(\[\^[^\]]*+\]\+\+)\|")


def _text_pattern() -> str:
    for terminal in clause_parser().terminals:
        if terminal.name == "TEXT":
            return str(terminal.pattern.to_regexp())
    raise AssertionError("no TEXT terminal")


def _plain_text_pattern() -> str:
    """TEXT without its first alternative, the run of characters that can start no stop
    word: what the terminal would be without the fast path."""
    pattern = _text_pattern()
    found = _FAST.match(pattern)
    assert found is not None, "TEXT no longer opens with its fast path"
    return "(?:" + pattern[found.end() :]


def _stop_words() -> list[str]:
    """The literal runs of TEXT's stop list (the words a keyword terminal starts with)."""
    pattern = _text_pattern()
    look = pattern[pattern.index("(?!") :]
    return [w for w in regex.findall(r"[\p{Han}（(]++", look) if w]


def test_the_fast_path_skips_no_first_character_of_a_keyword() -> None:
    fast = regex.compile(_FAST.match(_text_pattern()).group(1))  # type: ignore[union-attr]
    words = [w for ws in KEYWORDS.values() for w in ws]
    for word in words:
        assert fast.match(word[0]) is None, f"the fast path of TEXT swallows {word[0]}"


def test_text_reads_what_it_reads_without_the_fast_path() -> None:
    fast, plain = regex.compile(_text_pattern()), regex.compile(_plain_text_pattern())
    words = _stop_words() + [w for ws in KEYWORDS.values() for w in ws]
    assert len(words) > 80
    for word in words:
        for text in (f"办公{word}5万元", f"{word}", f"会议费{word}", f"车辆{word}12%"):
            got, want = fast.match(text), plain.match(text)
            assert (got and got.group()) == (want and want.group()), text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "办", "的", "经费", "设备", "万", "亿元"]), max_size=8))
def test_text_fast_path_agrees_on_any_mix_of_words(words: list[str]) -> None:
    text = "".join(words)
    got = regex.compile(_text_pattern()).match(text)
    want = regex.compile(_plain_text_pattern()).match(text)
    assert (got and got.group()) == (want and want.group())


# -- vocabulary look-ups ----------------------------------------------------------------


def test_section_topics_are_the_topics_the_titles_name() -> None:
    vocab = vocabulary()
    words = [w for t in vocab.topics for w in t.sections]
    assert words
    titles = [*words, "部门概况", f"关于{words[0]}的说明", ""]
    for title in titles:
        expected = [t for t in vocab.topics if t.kind and any(w in title for w in t.sections)]
        assert vocab.section_topics([title]) == expected
        assert vocab.section_topics([title]) == expected  # again, from the cache
    assert vocab.section_topics(["部门概况", words[0]]) == vocab.section_topics([words[0]])


# -- the opening characters of the strict terminals ----------------------------------------


@pytest.mark.parametrize(
    ("pattern", "opens"),
    [
        ("(?<=数)(?:大于|高于)", {"大", "高"}),
        ("(?:共)?+(?:安排|编列)了?+", {"共", "安", "编"}),
        (r"[（(](?:类|款)[)）]", {"（", r"\("}),
        (r"(?<![\d.])\d++万元", {r"\d"}),
        (r"(?:所占)?+比重|\p{Han}{2}占", {"所", "比", r"\p{Han}"}),
        ("[一-三]成", {chr(k) for k in range(ord("一"), ord("三") + 1)}),
        (r"\b(?!比)较", {"较"}),
    ],
)
def test_first_characters_are_read_from_the_expression(pattern: str, opens: set[str]) -> None:
    assert first_chars(pattern) == opens


@pytest.mark.parametrize("pattern", ["[^，。]++", ".元", "(?:约)?+", "(?i)x", "a|(?=b)"])
def test_what_may_open_with_any_character_says_so(pattern: str) -> None:
    assert first_chars(pattern) is None


def test_every_strict_terminal_match_opens_with_a_character_of_its_set() -> None:
    strict = strict_terminals(grammar_text())
    texts = [*SENTENCES, *(w for ws in KEYWORDS.values() for w in ws)]
    seen = 0
    for name, pattern in strict.items():
        opens = first_chars(pattern)
        assert opens is not None, name
        first = regex.compile("[" + "".join(opens) + "]")
        compiled = regex.compile(pattern)
        for text in texts:
            for at in range(len(text)):
                if compiled.match(text, at) is not None:
                    seen += 1
                    assert first.match(text, at), (name, text[at:])
    assert seen > 100


@cache
def _alternation() -> regex.Pattern[str]:
    strict = strict_terminals(grammar_text())
    return regex.compile("|".join([*(f"(?:{p})" for p in strict.values()), "[：:]"]))


def _plain_worth(text: str) -> bool:
    """The prefilter as one alternation of every strict terminal (and the label colon),
    searched: what ``worth_parsing`` answers without trying each terminal everywhere."""
    return _alternation().search(text) is not None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*WORDS, *(w for ws in KEYWORDS.values() for w in ws), "支", "12", "："]),
        max_size=6,
    )
)
def test_the_prefilter_answers_as_the_whole_alternation(words: list[str]) -> None:
    text = "".join(words)
    assert worth_parsing(text) == _plain_worth(text)


def test_the_prefilter_on_the_sentences() -> None:
    answers = [worth_parsing(s) == _plain_worth(s) for s in SENTENCES]
    assert all(answers)
    assert any(worth_parsing(s) for s in SENTENCES)
    assert not worth_parsing("负责综合协调") and not worth_parsing("支")


# -- one terminal tried at one position -------------------------------------------------

_NEEDS_A_STRING = r"(?<![\d.])\d++(?:万元|元)(?:以上|以下)"  # every match holds 以


def test_a_terminal_alone_matches_as_it_does_in_the_alternation() -> None:
    plain, alone = regex.compile(_NEEDS_A_STRING), match_at(_NEEDS_A_STRING)
    for text in ("5万元以上", "价值5万元以下的设备", "5万元", "5.0万元以上", "以上5万元"):
        for at in range(len(text)):
            got, want = alone(text, at), plain.match(text, at)
            assert (got and got.span()) == (want and want.span()), (text, at)


def _best_of(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def test_a_terminal_tried_at_a_position_does_not_read_the_rest_of_the_line() -> None:
    """A miss at the start of a long line costs what it costs on a short one (compiled
    alone, the regex module would first look for 以 through the whole line)."""
    alone = match_at(_NEEDS_A_STRING)
    short, long = "5万元，" * 10, "5万元，" * 100_000
    tries = range(200)
    cost_short = _best_of(lambda: [alone(short, 0) for _ in tries])
    cost_long = _best_of(lambda: [alone(long, 0) for _ in tries])
    assert cost_long < 20 * cost_short + 0.002
