"""Diagnostics that say a stage failed, for the tests that parse whole documents.

The pipeline catches an unexpected failure of a reader or a rule and reports it
(``table.reader_error``, ``performance.reader_error``, ``narrative.reader_error``,
``reconcile.rule_error``) so that ``parse`` still returns a document.  A test that only
checks that ``parse`` returned would pass over such a failure; the tests that parse
documents ask these helpers instead.  ``structure.recovered`` (lines the grammar could
not place) is expected of damaged text, never of the corpus.
"""

from __future__ import annotations

from budgetparse.model import Document

CAUGHT_FAILURES = ("reader_error", "rule_error")
RECOVERED = "structure.recovered"


def caught_failures(document: Document) -> list[str]:
    """``code: message`` of each caught failure of a stage (none expected, ever)."""
    return [
        f"{d.code}: {d.message}" for d in document.diagnostics if d.code.endswith(CAUGHT_FAILURES)
    ]


def unexpected(document: Document, recovered: bool = False) -> list[str]:
    """Caught failures and, unless ``recovered`` is allowed, recovered lines."""
    found = caught_failures(document)
    if not recovered:
        found += [f"{d.code}: {d.message}" for d in document.diagnostics if d.code == RECOVERED]
    return found
