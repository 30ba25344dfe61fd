"""Reconcile a parsed document: run every registered rule, then keep the report short.

Rules run stage by stage (registry.py); the outcomes of a stage are recorded before the
next one runs, so a cross-table rule can tell which table printed the odd figure.  Then a
figure that conflicts between two tables is reported once and the other failed checks
that read it are counted in ``suppressed``.  Checks that could not run are summed up as
diagnostics: once per absent table, once per table with cells the reader could not place.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import attrs

from ..model import Diagnostic, Document
from . import registry
from .findings import Finding, Outcome, suppress
from .registry import RULES, Context


@attrs.frozen
class Reconciliation:
    findings: tuple[Finding, ...]
    diagnostics: tuple[Diagnostic, ...]
    suppressed: int  # failed checks not reported: they read a figure already reported
    checked: int = 0  # relations evaluated


@cache
def load_rules() -> tuple[registry.Rule, ...]:
    """Import every ``*_rules`` module of this package (each registers its rules)."""
    package = __name__.rsplit(".", 1)[0]
    for module in pkgutil.iter_modules(importlib.import_module(package).__path__):
        if module.name.endswith("_rules"):
            importlib.import_module(f"{package}.{module.name}")
    return tuple(sorted(RULES.values(), key=lambda r: r.stage))


def reconcile(document: Document, text: str | None = None) -> Reconciliation:
    """Findings for one document (never raises on a parsed document's content).  ``text``
    is the decoded text the document's spans index; the rules that read the wording
    itself (placeholders, years, punctuation) run only when it is given."""
    rules = load_rules()
    ctx = Context(document, text)
    outcomes: list[Outcome] = []
    diagnostics: list[Diagnostic] = []
    for stage in sorted({r.stage for r in rules}):
        found: list[Outcome] = []
        for entry in (r for r in rules if r.stage == stage):
            try:
                found.extend(entry.check(ctx))
            except Exception as error:  # a rule's bug must not sink the whole report
                diagnostics.append(
                    Diagnostic(
                        "reconcile.rule_error",
                        f"rule {entry.code} failed ({type(error).__name__}: {error}); "
                        "its checks were not run",
                    )
                )
            ctx.release()  # the next rule reads other cells and figures: keep the peak low
        ctx.record(found)
        outcomes.extend(found)
    findings, suppressed = suppress(outcomes)
    diagnostics += _not_run(ctx)
    return Reconciliation(
        findings=tuple(findings),
        diagnostics=tuple(diagnostics),
        suppressed=suppressed,
        checked=ctx.checked,
    )


def _not_run(ctx: Context) -> list[Diagnostic]:
    out = []
    for kind, codes in sorted(ctx.absent.items()):
        out.append(
            Diagnostic(
                "reconcile.table_absent",
                f"the document has no {kind} table: the {'/'.join(sorted(codes))} checks "
                "that need it were not run",
            )
        )
    for table, count in sorted(ctx.unknown.items()):
        view = ctx.view(table)
        name = view.name if view else f"table {table}"
        out.append(
            Diagnostic(
                "reconcile.values_unknown",
                f"{name}: {count} check(s) not run: they read cells the table reader could "
                "not place (see its table.* diagnostics)",
                ctx.unknown_span.get(table),
            )
        )
    return out
