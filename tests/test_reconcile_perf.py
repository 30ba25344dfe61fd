"""Reconciliation's shortcuts (memos, the sum checked on intervals alone) change nothing:
a document stated twice is reconciled like the two copies, and the figures are shared."""

from __future__ import annotations

from budgetparse.pipeline import parse
from budgetparse.reconcile import reconcile
from budgetparse.reconcile.narrative_rules import records_of
from budgetparse.reconcile.registry import Context
from budgetparse.reconcile.statements import figure_of

from .test_reconcile_narrative import document


def test_figures_are_read_once_per_document() -> None:
    ctx = Context(parse(document()))
    records = records_of(ctx)
    assert records is records_of(ctx)
    i = next(k for k, r in enumerate(records) if r.amount_text is not None)
    assert figure_of(records, i, "amount") is figure_of(records, i, "amount")
    plain = tuple(records)  # a plain tuple: read afresh, the same figure
    assert figure_of(plain, i, "amount") == figure_of(records, i, "amount")


def test_reconciling_again_gives_the_same_result() -> None:
    parsed = parse(document())
    first = reconcile(parsed)
    assert first.checked > 0
    assert reconcile(parsed) == first  # nothing a rule memoised leaks into the next run
