"""The fuzzer inside the test suite: a short seeded run, every failure it ever found (as
a file in ``tests/fixtures/fuzz``, minimised with ``python -m tests.fuzz.minimise``, or a
case below), and the oracle itself.

The long run is ``python -m tests.fuzz --minutes 30`` (see ``tests/fuzz/__init__.py``).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from .fuzz.generate import one_input
from .fuzz.oracle import check, span_problems

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "fuzz").glob("*"))
# a fixed count, not a time budget: the same inputs on every machine (about 6 s here;
# the long run also stretches inputs to adversarial sizes)
SHORT_RUN_INPUTS = 60
HEAD = "示例县财政局2025年部门预算公开\n第一部分 部门概况\n一、主要职能\n负责综合协调。\n"
PROSE = "第三部分 部门预算情况说明\n一、收支预算总体情况\n"


def test_a_short_seeded_run_finds_nothing() -> None:
    rng = random.Random(14)
    for run in range(SHORT_RUN_INPUTS):
        data = one_input(rng)
        problems = check(data)
        assert not problems, (run, data[:300], problems)


# Failures the fuzzer found, each written down in its own words and figures.
CASES = {
    "a line of digits past int()'s limit": HEAD + "1" * 300_000 + "\n",
    "a column-index-like line of 5,000 digits": HEAD + "栏次 " + "1" * 5000 + "\n",
    "a part numeral run": HEAD + "第" + "一" * 3000 + "部分 附件\n",
    "a tenth part": HEAD + "第十部分 附件\n",
    "an amount of 30 digits in 亿元": HEAD + PROSE + "收入预算" + "9" * 30 + "亿元。\n",
    "a 40-digit change in 亿元": HEAD
    + PROSE
    + "支出预算12.00亿元，比上年增加"
    + "9" * 40
    + ".5亿元，增长3.00%。\n",
    "a rate of 80 digits": HEAD
    + PROSE
    + "支出预算100.00万元，比上年减少5.00万元，下降"
    + "9" * 80
    + "%。\n",
    "a rate printed with a space": HEAD
    + PROSE
    + "支出预算100.00万元，比上年增加5.00万元，增长5.2 6%。\n",
    "table amounts of 5,000 digits": HEAD
    + "第二部分 部门预算公开表\n表1:\n一般公共预算支出情况表\n编制部门：示例县财政局\t单位：万元\n"
    + "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    + "201\t一般公共服务支出\t"
    + "9" * 5000
    + "\t1.00\t2.00\n20101\t人大事务\t3.00\t1.00\t2.00\n",
    "entities cut by a line break": HEAD + "负责&l\nt;综合&amp;协调&#0000;工作&lt;。\n",
    "a lone surrogate": HEAD.replace("综合", "综\ud800合"),
    # a 其中： far into the next line used to stretch the statement's span by its own offset
    "a 其中 in a longer next line": HEAD
    + "退休人员6人。\n本级预算无主要用于住房保障支出，其中：\n",
    # the figure of an amount printed without one comes from the next sentence: the
    # record's text is two pieces joined by a line break where the source has 。
    "a statement finished in the next sentence": HEAD + PROSE + "收入预算万元。增收入预算6.50\n",
}


def _fixture(path: Path) -> str | bytes:
    """A failure as the fuzzer wrote it: ``.txt`` a str (UTF-8, lone surrogates kept),
    anything else the bytes given to ``parse``."""
    data = path.read_bytes()
    return data.decode("utf-8", "surrogatepass") if path.suffix == ".txt" else data


FOUND: dict[str, str | bytes] = {
    **CASES,
    **{f"fixtures/fuzz/{path.name}": _fixture(path) for path in FIXTURES},
}


@pytest.mark.parametrize("data", FOUND.values(), ids=FOUND.keys())
def test_found_cases(data: str | bytes) -> None:
    assert check(data) == []
    if isinstance(data, str):
        assert check(data.encode("utf-8", "surrogatepass")) == []


def test_every_fixture_is_replayed() -> None:
    """The fixture directory is read: an empty or moved directory fails here instead of
    leaving ``test_found_cases`` without its fixtures (every file there is one case)."""
    assert FIXTURES, "tests/fixtures/fuzz holds no failures"


def test_the_oracle_sees_a_span_that_misses_its_text() -> None:
    tree = {"records": [{"subject": "基本支出", "subject_span": [0, 4]}]}
    assert span_problems(tree, "基本支出") == []
    assert span_problems(tree, "项目支出") != []  # another text
    assert span_problems(tree, "&基本支出"[:4] + "x") != []
    wide = {"records": [{"subject": "基本支出", "subject_span": [0, 6]}]}
    assert span_problems(wide, "基本支出。。") != []  # wider than its text
    pieced = {"records": [{"text": "收入预算万元\n增收入预算6.50", "span": [0, 16]}]}
    assert span_problems(pieced, "收入预算万元。增收入预算6.50") == []  # pieces in order
    assert span_problems(pieced, "增收入预算6.50。收入预算万元") != []  # pieces out of order
    # only a record's text and content are made of pieces
    figure = {"records": [{"amount_text": "6\n5", "amount_span": [0, 3]}]}
    assert span_problems(figure, "6。5") != []
    outside = {"records": [{"subject": "基本支出", "subject_span": [0, 60]}]}
    assert span_problems(outside, "基本支出") != []
