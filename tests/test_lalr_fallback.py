"""The clause grammar's lean driver (narrative/lalr.py) reads Lark's private tables; when
the installed Lark keeps them elsewhere, Lark's own loop (public API) takes over, with the
same trees and so the same records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Tree

from budgetparse.narrative import lalr, read_narrative
from budgetparse.narrative import parser as clause
from budgetparse.narrative.fragment import units_of
from budgetparse.narrative.text import plain_str
from budgetparse.pipeline import prose_units

from .conftest import CORPUS
from .narrative_cases import all_cases, render
from .test_narrative_grammar import KEYWORDS

CORPUS_DOCUMENT = CORPUS / "2022" / "korla-city-government-office.txt"


def _shape(node: Any) -> Any:
    """A tree as nested tuples, tokens as (type, text, start, end)."""
    if isinstance(node, Tree):
        return (str(node.data), tuple(_shape(child) for child in node.children))
    return (str(node.type), str(node), node.start_pos, node.end_pos)


def _outcome(loop: lalr.Driver | lalr.LarkLoop, text: str) -> Any:
    # (where a failure is reported may differ by a token: Lark's contextual lexer retries
    # with the whole grammar's terminals; nothing reads the position but the message)
    try:
        return _shape(loop.parse(text))
    except lalr.ParseFailure:
        return ("failure",)


def _texts() -> Iterator[str]:
    """Every sentence of the narrative fixtures and of a corpus document's prose, as
    plain text."""
    lines = [line for case in all_cases() for line in case.input.splitlines()]
    lines += [unit.text.text for unit in prose_units(CORPUS_DOCUMENT.read_bytes())]
    for line in lines:
        for sentence in plain_str(line).split("。"):
            if sentence:
                yield sentence


def test_the_driver_runs_on_this_lark() -> None:
    assert isinstance(lalr.loop_for(clause.clause_parser()), lalr.Driver)


def test_driver_and_lark_give_the_same_trees_and_failures() -> None:
    lark = clause.clause_parser()
    driver, own = lalr.Driver(lark), lalr.LarkLoop(lark)
    texts = list(_texts())
    assert len(texts) > 100
    outcomes = [(_outcome(driver, t), _outcome(own, t)) for t in texts]
    assert all(a == b for a, b in outcomes), next(
        (t, a, b) for t, (a, b) in zip(texts, outcomes, strict=True) if a != b
    )
    assert any(a[0] == "failure" for a, _ in outcomes)  # rejected inputs compared too
    assert any(a[0] != "failure" for a, _ in outcomes)


@pytest.fixture
def lark_moved_its_tables(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A Lark whose private attributes are not where the driver reads them."""

    def moved(self: lalr.Driver, state: int) -> None:
        raise AttributeError("'Scanner' object has no attribute '_mres'")

    monkeypatch.setattr(lalr.Driver, "_scanner", moved)
    clause._driver.cache_clear()
    yield
    clause._driver.cache_clear()


@pytest.mark.usefixtures("lark_moved_its_tables")
def test_without_the_tables_lark_parses_and_the_records_are_the_same() -> None:
    assert isinstance(clause._driver(), lalr.LarkLoop)
    for case in all_cases():
        narrative = read_narrative(units_of(case.input))
        assert [render(r) for r in narrative.records] == list(case.expected), case.title
    with pytest.raises(clause.ClauseError):
        clause.parse_pieces("23.45万元，比上年预算增")  # a figure cut by a line wrap


def test_without_the_shift_action_the_driver_is_not_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lalr, "SHIFT", None)
    assert isinstance(lalr.loop_for(clause.clause_parser()), lalr.LarkLoop)


_PIECES = [
    *(w for ws in KEYWORDS.values() for w in ws),
    "基本支出",
    "经费",
    "12.5",
    "3,400.00",
    "万元",
    "%",
    "，",
    "。",
    "（",
    "）",
    "其中：",
    "零",
    "三成",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10))
def test_the_driver_picks_the_token_lark_picks_at_any_character(pieces: list[str]) -> None:
    """The driver tries at a character only the terminals that can start with it; on any
    mix of keywords, figures and punctuation its trees are Lark's."""
    lark = clause.clause_parser()
    text = "".join(pieces)
    assert _outcome(clause._driver(), text) == _outcome(lalr.LarkLoop(lark), text)
