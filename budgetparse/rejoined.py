"""Numbers the layout pass put back together, reported (``layout.number_rejoined``).

Extractors break numbers with a space (``1247.2 2`` for 1247.22, a cell ``29 5`` for 295);
layout closes the gap, and is right most of the time, but each closing is a guess: a
reader who doubts one must be able to find it.  Every number the document holds — each
table cell and each figure of a record — is looked at where it is printed: when its span
in the source holds a gap between two digits that the number read does not, the number
was rejoined, and one diagnostic says so at that span.

Read after the document is built, from the spans alone (the layout, the table readers and
the narrative close gaps in their own places; this is the one place that reports them).
Cost: a comparison of lengths per number, and a search only where the source is longer.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .model import Diagnostic, Document

Span = tuple[int, int]

# two digits apart by spaces within a line (a line break between them is a wrap)
_GAP = regex.compile(r"\d[ \t\u3000\u00a0]++\d")
# the record fields that print a figure, each with its span (``amount_text`` / ``amount_span``)
_FIGURES = ("amount", "delta", "pct", "share", "value", "prior", "completion", "pp")


def rejoined(document: Document, text: str) -> list[Diagnostic]:
    """One ``layout.number_rejoined`` diagnostic per number printed with a gap inside."""
    out = []
    seen: set[Span] = set()
    for printed, span in _numbers(document):
        start, end = span
        if span in seen or end - start <= len(printed):
            continue  # nothing was deleted inside the number
        source = text[start:end]
        if _GAP.search(source) is None or _GAP.search(printed) is not None:
            continue
        seen.add(span)
        out.append(
            Diagnostic(
                "layout.number_rejoined",
                f"{source!r} read as {printed} (a number the extraction broke with a space)",
                span,
            )
        )
    return out


def _numbers(document: Document) -> Iterator[tuple[str, Span]]:
    """(printed number, its span) of every table cell and record figure."""
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells.values():
                if cell.value is not None:
                    yield cell.text, cell.span
    for record in document.records:
        for field in _FIGURES:
            printed = getattr(record, f"{field}_text")
            span = getattr(record, f"{field}_span")
            if printed is not None and span is not None:
                yield printed, span
