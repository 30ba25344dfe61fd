"""``parse`` returns a Document for any text: arbitrary strings and damaged corpus documents."""

from __future__ import annotations

import random
from functools import cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import budgetparse
from budgetparse.model import Document
from budgetparse.source import Source

from .caught import unexpected
from .conftest import corpus_files
from .spans import violations

# Characters the documents are made of, plus the ones that break naive parsers.
_CHARS = "第一二三四部分表目录、（）()：:，。；1234567890.%万元年月日合计总计\t \n|#*<>-※"
_PIECES = ["\u3000", "\r", "\x0c", "项目支出", "编制部门：", "备注：此表为空表。", "单位：万元"]
ALPHABET = st.sampled_from([*_CHARS, *_PIECES])


def _check(doc: Document, text: str) -> None:
    assert isinstance(doc, Document)
    data = doc.to_dict()
    n = data["source"]["chars"]
    for part in doc.parts:
        assert 0 <= part.span[0] <= part.span[1] <= n
    for table in doc.tables:
        assert 0 <= table.span[0] <= table.span[1] <= n
    for diagnostic in doc.diagnostics:
        if diagnostic.span is not None:
            assert 0 <= diagnostic.span[0] <= diagnostic.span[1] <= n
    # no reader or rule failed and was caught (lines the grammar could not place are
    # expected of damaged text)
    assert unexpected(doc, recovered=True) == []
    # every span selects its printed text, whatever the damage
    assert violations(Source.from_text(text).text, doc) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=300).map("".join))
def test_document_alphabet_soup(text: str) -> None:
    _check(budgetparse.parse(text), text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_arbitrary_unicode(text: str) -> None:
    _check(budgetparse.parse(text), text)


@cache
def _corpus_lines() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.read_text(encoding="utf-8").split("\n")) for p in corpus_files())


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 4),
    st.sampled_from(["cut", "shuffle", "duplicate", "delete"]),
    st.integers(0, 2**32 - 1),
)
# a change read after a reason that reached back across units took offsets of the wrong unit
@example(which=4, damage="shuffle", seed=3255)
def test_damaged_corpus_documents(which: int, damage: str, seed: int) -> None:
    lines = list(_corpus_lines()[which])
    rng = random.Random(seed)
    if damage == "cut":
        lines = lines[: rng.randrange(len(lines))]
    elif damage == "shuffle":
        rng.shuffle(lines)
    elif damage == "duplicate":
        start = rng.randrange(len(lines))
        lines = lines + lines[start : start + rng.randrange(1, 200)]
    else:
        lines = [line for line in lines if rng.random() > 0.2]
    text = "\n".join(lines)
    _check(budgetparse.parse(text), text)
