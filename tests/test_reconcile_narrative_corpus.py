"""Narrative rules on the corpus: one printed number of a consistent document's prose
changed (a share, a rate, a change, an amount, a staffing count, a procurement amount)
gives a finding that points at the changed number."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache

import attrs
import pytest

from budgetparse.model import Document
from budgetparse.narrative.model import Record
from budgetparse.pipeline import parse
from budgetparse.reconcile import reconcile

from .conftest import CORPUS

KASHGAR = CORPUS / "2024" / "kashgar-city-government-office.txt"
FIELDS = {"amount": "amount", "delta": "delta", "pct": "pct", "share": "share_pct"}


@cache
def consistent() -> Document:
    return parse(KASHGAR.read_text(encoding="utf-8"))


def _bump(text: str) -> str:
    return text[:-1] + str((int(text[-1]) + 3) % 10)


def changed(document: Document, i: int, field: str) -> tuple[Document, int]:
    """The document with record ``i``'s ``field`` printed with another last digit; the
    offset of the changed digit."""
    record = document.records[i]
    text = getattr(record, f"{field}_text")
    new = _bump(text)
    value = Decimal(new)
    old_value = getattr(record, FIELDS[field])
    if old_value is not None and old_value < 0:
        value = -value
    record = attrs.evolve(record, **{f"{field}_text": new, FIELDS[field]: value})
    records = (*document.records[:i], record, *document.records[i + 1 :])
    span = getattr(record, f"{field}_span")
    return attrs.evolve(document, records=records), span[1] - 1


Pick = Callable[[Record], bool]
CASES: list[tuple[str, Pick, str, set[str]]] = [
    (
        "share",
        lambda r: r.item == "basic" and r.share_text is not None,
        "share",
        {"narrative.share"},
    ),
    (
        "rate",
        lambda r: r.item == "project" and r.pct_text is not None,
        "pct",
        {"narrative.change_arithmetic", "narrative.contradiction"},
    ),
    (
        "delta",
        lambda r: r.item == "basic" and r.delta_text is not None,
        "delta",
        {"narrative.change_arithmetic", "narrative.contradiction"},
    ),
    ("amount", lambda r: r.item == "personnel", "amount", {"narrative.table_amount"}),
    ("class", lambda r: r.kind == "share" and bool(r.path), "amount", {"narrative.table_amount"}),
    (
        "staffing",
        lambda r: r.kind == "staffing" and r.item == "retired",
        "amount",
        {"staffing.sum"},
    ),
    (
        "procurement",
        lambda r: r.kind == "procurement" and r.item == "goods",
        "amount",
        {"narrative.breakdown_sum"},
    ),
    (
        "three_public",
        lambda r: r.kind == "three_public" and r.item == "reception" and r.amount_text is not None,
        "amount",
        {"narrative.table_amount"},
    ),
    ("allocation", lambda r: r.item == "allocation", "amount", {"narrative.allocation_sum"}),
]


def test_the_consistent_document_has_no_narrative_finding() -> None:
    assert [f for f in reconcile(consistent()).findings if not f.code.startswith("table.")] == []


@pytest.mark.parametrize(("name", "pick", "field", "codes"), CASES, ids=[c[0] for c in CASES])
def test_one_number_changed_in_the_prose(
    name: str, pick: Pick, field: str, codes: set[str]
) -> None:
    document = consistent()
    i = next(
        i
        for i, record in enumerate(document.records)
        if pick(record) and getattr(record, f"{field}_text")
    )
    mutated, offset = changed(document, i, field)
    result = reconcile(mutated)
    hits = [
        f
        for f in result.findings
        if f.code in codes
        and f.severity in ("error", "warning")
        and any(s <= offset < e for s, e in f.spans)
    ]
    assert hits, [f.message for f in result.findings]
