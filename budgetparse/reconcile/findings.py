"""Findings: what reconciliation reports, and the bookkeeping that keeps it short.

Severities (the levels a budget analyst acts on):

- ``error``: the document contradicts itself beyond rounding: no values inside the
  printed numbers' rounding intervals satisfy the relation (a sum, an equality between
  tables, a direction).
- ``warning``: likely wrong, but the template allows an exception: the relation holds only
  if whole numbers are read as rounded (while the document's other amounts, or the
  template's two decimals of 万元, say they are exact), or only after a change of unit
  (元/万元/亿元, the scale is named).
- ``info``: naming or form: one code printed with two names.

A figure that conflicts between two tables is reported once (a *primary* finding); the
other failing checks that read the same figure are suppressed and counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

Span = tuple[int, int]

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)  # most severe first
RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

# A figure's identity for suppression: (table index, row index, column).
FigureKey = tuple[int, int, str]


@attrs.frozen
class Figure:
    """One printed number a rule read (or an empty cell, which counts as 0)."""

    label: str  # "表6 一般公共预算基本支出情况表 · 301 工资福利支出 · 人员经费"
    text: str | None  # as printed; None for an empty cell
    value: Decimal | None  # the amount; 0 for an empty cell, None if unknown
    span: Span | None  # the cell (or, for an empty cell, its row)
    table: int | None = None  # index into Document.tables


@attrs.frozen
class Finding:
    code: str  # stable rule code: "table.hierarchy_sum", "table.cross_total", …
    severity: str  # error | warning | info
    message: str  # Chinese terms kept, readable to a budget analyst
    expected: str | None  # what the relation asks for ("691 + 0 = 691", "技术研究与开发")
    found: str | None  # what is printed
    spans: tuple[Span, ...]  # every place involved, in document order
    inputs: tuple[Figure, ...] = ()  # the rule's inputs
    scale: str | None = None  # "元→万元" when a change of unit reconciles the figures


@attrs.frozen
class Outcome:
    """A failed check as a rule reports it, with what the engine needs to suppress.

    ``depends``: the figures the check read.  ``blames``: for a primary finding, the
    figures judged wrong (checks reading them are suppressed)."""

    finding: Finding
    depends: frozenset[FigureKey] = frozenset()
    blames: frozenset[FigureKey] = frozenset()
    primary: bool = False


def spans_of(figures: Iterable[Figure]) -> tuple[Span, ...]:
    return tuple(sorted({f.span for f in figures if f.span is not None}))


def suppress(outcomes: Iterable[Outcome]) -> tuple[list[Finding], int]:
    """Primary findings first; a non-primary failure that reads a blamed figure is
    counted, not reported."""
    outcomes = list(outcomes)
    blamed: set[FigureKey] = set()
    for outcome in outcomes:
        if outcome.primary:
            blamed |= outcome.blames
    kept: list[Finding] = []
    suppressed = 0
    seen: set[tuple[str, tuple[Span, ...], str | None]] = set()
    for outcome in sorted(outcomes, key=lambda o: not o.primary):
        if not outcome.primary and outcome.depends & blamed:
            suppressed += 1
            continue
        f = outcome.finding
        identity = (f.code, f.spans, f.found)
        if identity in seen:  # the same relation reached from two sides
            continue
        seen.add(identity)
        kept.append(f)
    kept.sort(key=lambda f: (RANK.get(f.severity, 9), f.spans[:1] or ((-1, -1),), f.code))
    return kept, suppressed
