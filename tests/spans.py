"""The span property: every span of a document selects, in the decoded text, what the
document says is printed there.

Layout normalisation only deletes characters (markup, page furniture, wrap breaks, letter
spacing, thousands separators), the narrative reads traditional characters one for one,
and full-width digits are read as their ASCII forms.  So the printed text, folded by NFKC,
is a subsequence of the spanned source folded the same way, and the span is tight: it
starts at the printed text's first character and ends at its last.  The snapshots do not
pin spans; this property covers every one of them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from budgetparse.model import Document, Section
from budgetparse.narrative.text import plain_str

Span = tuple[int, int]

EXACT = "exact"  # the span is the printed text
ENDS = "ends"  # the span is a printed label (表3:, 三、) and then the text
HOLDS = "holds"  # the span is a row that holds the text among others


def _fold(text: str) -> str:
    return plain_str(unicodedata.normalize("NFKC", text))


def selects(source: str, printed: str, how: str = EXACT) -> bool:
    """``printed`` is what ``source`` (a span's text) shows, up to deleted characters:
    all of it (``EXACT``), its end after a printed label (``ENDS``), or somewhere in it
    (``HOLDS``)."""
    printed, source = _fold(printed), _fold(source)
    if not printed:
        return not source or how == HOLDS
    if how != HOLDS and (not source or printed[-1] != source[-1]):
        return False
    if how == EXACT and printed[0] != source[0]:
        return False
    it = iter(source)
    return all(ch in it for ch in printed)


def printed_spans(document: Document) -> Iterator[tuple[str, str, Span, str]]:
    """(what, printed text, span, how it selects) for every span with a printed text."""
    for part in document.parts:
        if part.title is not None and part.heading_span is not None:  # not an implicit part
            yield "part title", part.title, part.heading_span, HOLDS
        for paragraph in part.paragraphs:
            yield "paragraph", paragraph.text, paragraph.span, EXACT
        for section in part.sections:
            yield from _section(section)
    if document.toc is not None:
        for entry in document.toc.entries:
            yield "toc entry", entry.text, entry.span, EXACT
    for table in document.tables:
        if table.title is not None and table.title_span is not None:
            # the title span holds the printed number too (表3:, 三、)
            yield "table title", table.title, table.title_span, ENDS
        for note in table.notes:
            yield "table note", note.text, note.span, EXACT
        for row in table.rows:
            for column, cell in row.cells.items():
                what = f"表{table.number} {row.code or '-'} {row.name} {column}"
                yield what, cell.text, cell.span, EXACT
        if table.performance is not None:
            for indicator in table.performance.indicators:
                yield "indicator name", indicator.name, indicator.span, HOLDS
                yield "indicator value", indicator.value_text, indicator.span, HOLDS
    for i, record in enumerate(document.records):
        where = f"record {i}"
        yield f"{where} text", record.text, record.span, EXACT
        for field in ("subject", "amount", "share", "delta", "pct", "value", "reason", "content"):
            span = getattr(record, f"{field}_span")
            text_field = field if field in ("subject", "reason", "content") else f"{field}_text"
            printed = getattr(record, text_field)
            if span is not None and printed is not None:
                yield f"{where} {field}", printed, span, EXACT
    for finding in document.findings:
        for figure in finding.inputs:
            if figure.text and figure.span and figure.value is not None:
                yield f"{finding.code} {figure.label}", figure.text, figure.span, EXACT
    if document.coverage is not None:
        for mention in document.coverage.unparsed:
            yield "mention", mention.text, mention.span, EXACT


def _section(section: Section) -> Iterator[tuple[str, str, Span, str]]:
    yield "section title", section.title, section.heading_span, HOLDS
    if section.text is not None:
        yield "section text", section.text, section.heading_span, HOLDS
    for paragraph in section.paragraphs:
        yield "paragraph", paragraph.text, paragraph.span, EXACT
    for child in section.sections:
        yield from _section(child)


def _nested(document: Document) -> Iterator[tuple[str, Span, Span]]:
    """(what, inner span, the span that must hold it)."""
    whole = (0, document.source.chars)
    for part in document.parts:
        yield f"part {part.number}", part.span, whole
        if part.heading_span is not None:  # not an implicit part
            yield f"part {part.number} heading", part.heading_span, part.span
        stack = [(s, part.span) for s in part.sections]
        while stack:
            section, outer = stack.pop()
            yield f"section {section.number} {section.title}", section.span, outer
            yield f"section {section.number} heading", section.heading_span, section.span
            stack += [(child, section.span) for child in section.sections]
    for table in document.tables:
        yield f"table {table.index}", table.span, whole
        for row in table.rows:
            yield f"表{table.number} row {row.code} {row.name}", row.span, table.span
            for column, cell in row.cells.items():
                yield f"表{table.number} {row.code or '-'} {row.name} {column}", cell.span, row.span
    for finding in document.findings:
        for span in finding.spans:
            yield f"{finding.code} span", span, whole
    for diagnostic in document.diagnostics:
        if diagnostic.span is not None:
            yield f"{diagnostic.code} span", diagnostic.span, whole


def violations(text: str, document: Document) -> list[str]:
    """Every span that does not select its printed text or stands outside the span that
    holds it, as a readable line."""
    out = []
    for what, (start, end), (outer_start, outer_end) in _nested(document):
        if not (outer_start <= start <= end <= outer_end):
            out.append(f"{what}: [{start}, {end}) outside [{outer_start}, {outer_end})")
    for what, printed, (start, end), how in printed_spans(document):
        if not (0 <= start <= end <= len(text)) or not selects(text[start:end], printed, how):
            out.append(f"{what}: {printed!r} at [{start}, {end}) selects {text[start:end]!r}")
    return out
