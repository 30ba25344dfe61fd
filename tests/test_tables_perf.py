"""The table stage's shortcuts give exactly what the plain computation gives.

Each shortcut (the meet-in-the-middle group check, the set tests in front of the white-space
regexes, run-boundary splitting, reusing a summary table read without evidence) is checked
against a straightforward reference written here.  No timing is asserted.
"""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import regex

from budgetparse.layout import TABLE_ROW, TABLE_START, LogicalLine, normalise
from budgetparse.mapped import MappedText
from budgetparse.tables import uses_evidence
from budgetparse.tables.cells import WHITE_SPACE, Amounts, compact, is_amount, read_amount
from budgetparse.tables.columns import _NOISE, _NOISE_CHARS, norm, vocabulary
from budgetparse.tables.evidence import Evidence
from budgetparse.tables.spaced import _split_items, _supported, _vector

# -- the group check: parent = Σ children within rounding ---------------------------------


def _reference(pools: list[list[tuple[tuple[int, ...], tuple[int, ...]]]], n: int):
    """Every combination tested, the parent first (as the reader did before)."""
    supported: list[set[int]] = [set() for _ in pools]
    for combo in itertools.product(*(range(len(p)) for p in pools)):
        vectors = [pools[slot][k] for slot, k in enumerate(combo)]
        ok = True
        for column in range(n):
            value, slack = vectors[0][0][column], vectors[0][1][column]
            for values, halves in vectors[1:]:
                value -= values[column]
                slack += halves[column]
            # half-open rounding: the difference strictly inside the half-units, or none
            if value != 0 and abs(value) >= slack:
                ok = False
                break
        if ok:
            for slot, k in enumerate(combo):
                supported[slot].add(k)
    return None if any(not s for s in supported) else supported


def _random_group(rng: random.Random) -> tuple[list, int]:
    """A parent and children whose numbers are placed in several ways (like candidates)."""
    n = rng.randint(1, 5)
    pools = []
    for _ in range(rng.randint(1, 7)):
        numbers = [(rng.choice([0, 5, 10, 15, 20, 1000, 1005]), rng.choice([0, 5])) for _ in "xy"]
        numbers = numbers[: rng.randint(0, min(2, n))]
        placements = list(itertools.permutations(range(n), len(numbers)))
        rng.shuffle(placements)
        pool = []
        for places in placements[: rng.randint(1, 3)]:
            cand: list[int | None] = [None] * n
            for index, column in enumerate(places):
                cand[column] = index
            pool.append(_vector(numbers, tuple(cand)))
        pools.append(pool)
    return pools, n


def test_group_check_finds_exactly_the_combinations_every_test_would() -> None:
    rng = random.Random(6)
    agreed = found = 0
    for _ in range(600):
        pools, n = _random_group(rng)
        expected = _reference(pools, n)
        assert _supported(pools, n) == expected
        agreed += 1
        found += expected is not None
    assert agreed == 600 and 0 < found < 600  # both outcomes were exercised


def test_group_check_uses_each_sides_rounding() -> None:
    # 10.00 = 5.00 + 5.01 only within the rounding of three two-decimal numbers (scaled by
    # 1000: values 10000 = 5000 + 5010, slack 5 + 5 + 5)
    parent = [((10000,), (5,))]
    kid = [((5000,), (5,))]
    other = [((5010,), (5,)), ((5020,), (5,))]
    assert _supported([parent, kid, other], 1) == [{0}, {0}, {0}]
    assert _supported([parent, kid, [((5020,), (5,))]], 1) is None


# -- white space and header noise ------------------------------------------------------------


def test_white_space_set_is_what_the_regex_matches() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert set(regex.findall(r"[\s\u3000\u00a0]", every)) == WHITE_SPACE
    assert {m.group() for m in _NOISE.finditer("\0".join(every))} == _NOISE_CHARS


def test_compact_and_norm_unchanged() -> None:
    for text in ("一般公共服务支出", "合 计", "\u3000项目\t支出 ", "“基本”支出", "", "１２３"):
        assert compact(text) == regex.sub(r"[\s\u3000\u00a0]++", "", text)
    assert norm("「公用经费」\u3000合计") == "公用经费合计"
    assert norm("ＡＢ１") == "AB1"


def test_amounts_remembered_per_table_read_as_before() -> None:
    nil = vocabulary().nil
    amounts = Amounts(nil)
    for text in ("1,332.40", "-", "", "abc", "1,332.40", "０.５０", "-"):
        assert amounts.read(text) == read_amount(text, nil)
        assert amounts.is_amount(text) == is_amount(text)
    assert amounts.read("12.30") == ("number", Decimal("12.30"))


# -- summary cells split where a space was removed -----------------------------------------


def _split_reference(cell: MappedText) -> list[MappedText]:
    from budgetparse.tables.evidence import is_expense_item, is_income_item

    text = cell.text
    for p in range(1, len(text)):
        if cell.origin(p) == cell.origin(p - 1) + 1:
            continue
        if is_expense_item(text[p:]) and is_income_item(text[:p]):
            return [cell.slice(0, p), cell.slice(p)]
    return [cell]


def test_split_items_looks_only_at_run_boundaries() -> None:
    space = regex.compile(r" ++")
    for printed in (
        "二、事业收入 二、教育支出",
        "事 业 收 入",
        "一、财政拨款 一、一般公共服务支出",
        "上年结转 基本支出",
        "其他收入",
    ):
        cell = MappedText.original("x" + printed, 1).remove(space)
        got = _split_items(cell)
        want = _split_reference(cell)
        assert [(c.text, c.span()) for c in got] == [(c.text, c.span()) for c in want]
    cell = MappedText.original("二、事业收入 二、教育支出").remove(space)
    assert [c.text for c in _split_items(cell)] == ["二、事业收入", "二、教育支出"]


# -- reusing a table read without evidence ----------------------------------------------------


def _rows(document: str) -> list[LogicalLine]:
    return [line for line in normalise(document).lines if line.kind in (TABLE_START, TABLE_ROW)]


def test_evidence_matters_only_for_space_aligned_tables_it_speaks_about() -> None:
    spaced = _rows("第二部分 部门预算公开表\n表10：三公经费支出情况表\n合计 3.50 3.50\n")
    tabbed = _rows("第二部分 部门预算公开表\n表10：三公经费支出情况表\n合计\t3.50\t3.50\n")
    empty_fund = Evidence(empty_sources=frozenset({"fund"}))
    assert uses_evidence("three_public", spaced, empty_fund)
    assert not uses_evidence("three_public", spaced, Evidence())
    assert not uses_evidence("three_public", tabbed, empty_fund)
    assert not uses_evidence("summary", spaced, empty_fund)  # no source has summary columns
    assert not uses_evidence(None, spaced, empty_fund)
    named = Evidence(names={"2010301": "行政运行"})
    assert uses_evidence("general_project", spaced, named)
    assert not uses_evidence("expenditure", spaced, named)
