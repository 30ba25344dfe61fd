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

from collections.abc import Iterable, Sequence

import attrs

from ..model import Figure, Finding

Span = tuple[int, int]

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)  # most severe first
RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

# A figure's identity for suppression: (table index, row index, column).
FigureKey = tuple[int, int, str]


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


def read_finding(
    code: str,
    severity: str,
    message: str,
    figures: Sequence[Figure],
    found: str | None = None,
) -> Outcome:
    """A finding on what a check read, with no expected value to state (a placeholder, a
    figure in a table declared empty, a relation word the figures contradict): the figures
    are its inputs and spans; ``found`` is the text at fault, by default the first
    figure's."""
    return Outcome(
        Finding(
            code=code,
            severity=severity,
            message=message,
            expected=None,
            found=found if found is not None else (figures[0].text if figures else None),
            spans=spans_of(figures),
            inputs=tuple(figures),
        )
    )


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
