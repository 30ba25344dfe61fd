"""The clause grammar's stop list and the reader's prefilter come from its own terminals."""

from __future__ import annotations

import contextlib
import time

import regex

from budgetparse.narrative import read_narrative
from budgetparse.narrative.fragment import units_of
from budgetparse.narrative.parser import ClauseError, parse_pieces
from budgetparse.narrative.terminals import (
    grammar_path,
    grammar_text,
    strict_terminals,
    worth_parsing,
)


def test_every_slot_is_filled() -> None:
    text = grammar_text()
    rules = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    assert not [line for line in rules if "{{" in line]


def test_every_strict_terminal_stops_a_subject() -> None:
    """TEXT's stop alternation holds each strict terminal as the grammar writes it."""
    with open(grammar_path(), encoding="utf-8") as handle:
        strict = strict_terminals(handle.read())
    assert {"COMPARE", "DIR_UP", "DIR_DOWN", "DIR_FLAT", "SHARE", "NUMBER", "VERB"} <= set(strict)
    assert not {"TEXT", "MONEY", "COUNT", "PERCENT", "REASON"} & set(strict)
    text_line = next(x for x in grammar_text().splitlines() if x.startswith("TEXT.1:"))
    for pattern in strict.values():
        assert pattern in text_line


def test_a_new_keyword_needs_no_second_copy() -> None:
    """A keyword terminal added to the grammar stops TEXT with no edit elsewhere."""
    with open(grammar_path(), encoding="utf-8") as handle:
        text = handle.read()
    strict = strict_terminals(text + "\nNEWWORD.3: /试点词/\n")
    assert strict["NEWWORD"] == "试点词"


def test_the_prefilter_keeps_units_the_grammar_reads() -> None:
    # words that state a change with no digit at all
    for text in ("会议费不变。", "培训费与上年没有变化。", "差旅费无增减。", "印刷费持平。"):
        assert worth_parsing(text), text
        assert read_narrative(units_of(text)).records, text
    for text in ("本部门主要职责是统筹协调。", "负责机关日常运转"):
        assert not worth_parsing(text), text


def test_figures_in_a_long_run_of_numerals_cost_linear_time() -> None:
    """The number shapes cannot rescan a run of digits or numerals at every character."""
    times = []
    for n in (200, 800):
        started = time.perf_counter()
        for unit in ("1234567890" * n * 10, "一二三四五六七八九十" * n):
            with contextlib.suppress(ClauseError):
                parse_pieces(unit)
        times.append(time.perf_counter() - started)
    assert times[1] < times[0] * 8 + 0.2  # four times the text: quadratic would be 16


def test_unit_pattern_of_tables_is_the_numbers_one() -> None:
    from budgetparse.patterns import UNIT

    for printed, unit in (("单位：万元", "万元"), ("单位: 千元", "千元"), ("单位：亿元", "亿元")):
        match = UNIT.search(printed)
        assert match and match.group(1) == unit
    assert regex.search(r"万亿元", UNIT.pattern)
