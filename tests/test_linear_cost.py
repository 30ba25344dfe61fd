"""Work that must grow linearly with the input, counted rather than timed (a count does
not flake on a busy machine): the input of size n and of size 2n, and the ratio of the
work done below 2.6 (a quadratic stage gives about 4)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetparse import adversarial
from budgetparse.layout import wrap
from budgetparse.layout.flattened import split_flattened
from budgetparse.layout.kinds import HEADINGS, PARA, LogicalLine
from budgetparse.mapped import MappedText
from budgetparse.pipeline import parse

RATIO = 2.6


def characters_handled(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> int:
    """Characters measured or copied while joining wrapped lines during ``run()``."""
    seen = [0]
    measure = wrap.display_width
    join = MappedText.join

    def counted_width(text: str) -> int:
        seen[0] += len(text)
        return measure(text)

    def counted_join(parts: Iterable[MappedText]) -> MappedText:
        parts = list(parts)
        seen[0] += sum(len(p) for p in parts)
        return join(parts)

    with monkeypatch.context() as m:
        m.setattr(wrap, "display_width", counted_width)
        m.setattr(MappedText, "join", staticmethod(counted_join))
        run()
    return seen[0]


def test_joining_hard_wrapped_prose_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prose hard-wrapped at a fixed width that never reaches a full stop: every line
    joins the one paragraph; copying the grown paragraph per line was quadratic."""
    small, large = (
        characters_handled(monkeypatch, lambda n=n: parse(adversarial.hard_wrapped(n).encode()))
        for n in (40_000, 80_000)
    )
    assert small > 0
    assert large / small < RATIO


def seconds_to_join(heading: str, lines: int) -> float:
    """CPU seconds (the best of three) joining a heading and ``lines`` short lines."""
    head = LogicalLine(HEADINGS[1], MappedText.original(heading))
    rest = [LogicalLine(PARA, MappedText.contiguous("行政运行", 20 + 5 * i)) for i in range(lines)]
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        joined = wrap.join_wraps([head, *rest], hard=False, width=0)
        best = min(best, time.process_time() - start)
    assert len(joined) == 1  # every line was taken into the heading
    return best


@pytest.mark.parametrize(
    "heading", ["（二）一般公共服务（", "三、关于2025年部门预算", "（二）公共服务，支出"]
)
def test_a_heading_left_open_joins_in_linear_time(heading: str) -> None:
    """A heading left open (a bracket, "关于…", a comma) takes every short line after it; reading
    the grown heading again for each line was quadratic.  (Timed: the work is string
    copies and pattern searches, which nothing here can count.)"""
    small, large = (seconds_to_join(heading, n) for n in (10_000, 20_000))
    assert large / max(small, 1e-3) < RATIO


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="说明关于 \u3000x", max_size=4), min_size=1, max_size=6))
def test_the_open_paragraph_figures_match_its_joined_text(pieces: list[str]) -> None:
    """What the open paragraph keeps per piece is what its joined text says."""
    lines = [LogicalLine(PARA, MappedText.original(p)) for p in pieces]
    open_ = wrap._Open(lines[0])
    for line in lines[1:]:
        open_.add(line.text)
    text = "".join(pieces)
    assert open_.about == ("关于" in text)
    ends = bool(regex.search(r"说\s*+明$", text))
    assert (open_.last == "明" and open_.solid_before_last == "说") == ends
    assert open_.width == wrap.display_width(text)
    assert open_.length == len(text)


def seconds_to_split(text: str) -> float:
    """CPU seconds (the best of three) cutting ``text`` as a flattened line."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        split_flattened(MappedText.original(text))
        best = min(best, time.process_time() - start)
    return best


def cpu_seconds(data: bytes) -> float:
    """CPU seconds to parse ``data`` (the best of two runs)."""
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        parse(data)
        best = min(best, time.process_time() - start)
    return best


_FLAT_HEAD = "第一部分 部门概况 一、主要职能 二、机构设置 三、人员情况 "


@pytest.mark.parametrize(
    "body",
    [
        lambda n: " " * n + "x",  # a run of spaces: tried once, not from each of its characters
        lambda n: "x" + "\u3000" * n + "- 2 -",
        lambda n: "一、标题 " + "（甲） " * (n // 5) + "。",  # asides: a title is looked for
        lambda n: "一、标题 " + "1 " * (n // 2) + "，",  # in its first characters only
    ],
)
def test_cutting_a_flattened_line_is_linear(body: Callable[[int], str]) -> None:
    small, large = (seconds_to_split(_FLAT_HEAD + body(n)) for n in (40_000, 80_000))
    assert large / max(small, 1e-3) < RATIO


# bytes of the smaller input per shape: enough for some tens of milliseconds, so that a
# hiccup of the machine is small beside the time measured (the default: 15,000)
SMALL = {
    "part_numerals": 400_000,
    "hard_wrapped": 100_000,
    "all_text_table": 100_000,
    "long_digits": 100_000,
    "wide_table": 60_000,
}


@pytest.mark.parametrize("shape", sorted(adversarial.SHAPES))
def test_every_adversarial_shape_parses_in_linear_time(shape: str) -> None:
    """Each shape of ``budgetparse bench --adversarial`` (one feature grown without bound:
    short lines, one long line, statements repeated, thousands of columns …) at two sizes
    in one run: twice the input takes about twice the time, not four times.  (Timed:
    every stage takes part, too many to count.)"""
    n = SMALL.get(shape, 15_000)
    small, large = (cpu_seconds(adversarial.make(shape, size).encode()) for size in (n, 2 * n))
    assert small > 0.005  # long enough to measure
    assert large / small < RATIO
