"""Layout normalisation: physical lines of extracted text → classified logical lines.

The same template reaches us in very different shapes (DESIGN.md §2): one paragraph per
line with tab-separated tables; PDF-to-markdown with ``#``, ``**``, HTML and letter-spaced
words; pdftotext output hard-wrapped every ~35 characters with blank lines between the
pieces and tables as runs of spaces.  This module undoes those shapes in one pass:

1. clean each physical line (markup out, whitespace trimmed) keeping an offset map;
2. drop page furniture (lone page numbers, column-index rows, repeated table headers);
3. classify lines in document order with a small state machine (front matter, table of
   contents, body, table regions, signature);
4. join hard-wrapped prose and headings back into logical lines;
5. close the gaps that extractors put between CJK characters.

The result is a flat list of :class:`LogicalLine`, whose ``kind`` is the terminal the
document grammar reads.  Text is only ever deleted, never rewritten, so every logical
line maps back to exact offsets in the decoded text.
"""


from __future__ import annotations

from ..mapped import MappedText, _run
from .classify import Classifier, is_table_title, mark_signature, section_kind, split_inline_items
from .furniture import is_column_index, is_furniture
from .kinds import (
    HEADINGS,
    PARA,
    PART,
    SEC1,
    SEC2,
    SEC3,
    SEC4,
    SIGN_DATE,
    SIGN_DEPT,
    TABLE_CAPTION,
    TABLE_META,
    TABLE_NAME,
    TABLE_NOTE,
    TABLE_ROW,
    TABLE_START,
    TABLE_TITLE,
    TITLE,
    TOC_ENTRY,
    TOC_HEAD,
    Layout,
    LogicalLine,
)
from .markup import (
    LIST_MARKS,
    MARKUP_CHAR,
    clean_cell,
    clean_markup,
    close_cjk_gaps,
    restore_broken_numbers,
    split_cells,
    trim_plain,
)
from .wrap import detect_wrap_width, display_width, join_wraps


def _finish(line: LogicalLine) -> LogicalLine:
    """Close CJK gaps in everything that is not a table row (rows keep their cells)."""
    if line.kind in (TABLE_ROW, TABLE_START):
        return line
    text = restore_broken_numbers(close_cjk_gaps(line.text))
    return line if text is line.text else LogicalLine(line.kind, text, line.cells)


# -- the pass ------------------------------------------------------------------------------


def normalise(text: str) -> Layout:
    """Decoded text → :class:`Layout` (logical lines, classified)."""
    cleaned: list[MappedText] = []
    dropped = 0
    start = 0
    for raw in text.split("\n"):
        offset = start
        start += len(raw) + 1
        if not raw.strip():
            continue  # a blank line: clean_markup would leave nothing of it
        if MARKUP_CHAR.search(raw) is None and raw.lstrip(" \t")[:1] not in LIST_MARKS:
            line = trim_plain(raw, offset)  # no markup: clean_markup would only trim it
        else:
            line = clean_markup(_run(raw, offset))
        if line is None:
            dropped += 1
            continue
        if not line.text.strip():
            continue
        if "\t" not in line.text and is_furniture(line.text):
            dropped += 1
            continue
        cleaned.append(line)

    hard, width = detect_wrap_width([c.text for c in cleaned])
    classifier = Classifier()
    for line in cleaned:
        classifier.feed(line)
    lines = classifier.out
    mark_signature(lines)
    lines = join_wraps(lines, hard, width)
    lines = [_finish(line) for line in lines]
    return Layout(
        lines=tuple(lines),
        hard_wrapped=hard,
        wrap_width=width,
        dropped=dropped + classifier.dropped,
    )


__all__ = [
    "HEADINGS",
    "PARA",
    "PART",
    "SEC1",
    "SEC2",
    "SEC3",
    "SEC4",
    "SIGN_DATE",
    "SIGN_DEPT",
    "TABLE_CAPTION",
    "TABLE_META",
    "TABLE_NAME",
    "TABLE_NOTE",
    "TABLE_ROW",
    "TABLE_START",
    "TABLE_TITLE",
    "TITLE",
    "TOC_ENTRY",
    "TOC_HEAD",
    "Layout",
    "LogicalLine",
    "clean_cell",
    "clean_markup",
    "close_cjk_gaps",
    "display_width",
    "is_column_index",
    "is_furniture",
    "is_table_title",
    "normalise",
    "restore_broken_numbers",
    "section_kind",
    "split_cells",
    "split_inline_items",
]
