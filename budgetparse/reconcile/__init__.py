"""Reconciliation: the arithmetic a budget disclosure owes itself, checked.

``reconcile(document)`` runs the rules (``*_rules.py``: one small named function per
stable finding code) over a parsed :class:`~budgetparse.model.Document` and returns a
:class:`Reconciliation` of findings, diagnostics for checks that could not run, and the
count of failures suppressed because they read a figure already reported.
"""

from .engine import Reconciliation, reconcile
from .findings import ERROR, INFO, SEVERITIES, WARNING, Figure, Finding

__all__ = [
    "ERROR",
    "INFO",
    "SEVERITIES",
    "WARNING",
    "Figure",
    "Finding",
    "Reconciliation",
    "reconcile",
]
