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

from collections import Counter

import regex

from ..mapped import MappedText, _run
from ..reading import reading
from .classify import (
    Classifier,
    is_table_title,
    mark_signature,
    section_kind,
    split_inline_items,
    tables_part_title,
)
from .flattened import split_flattened
from .front import body_part_title, part_match, read_opening
from .furniture import is_bare_number, is_column_index, is_furniture
from .kinds import (
    FRONT,
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
from .split_title import mend_split_titles
from .toplevel import heading_title, top_level_parts
from .wrap import detect_wrap_width, display_width, join_wraps, opens_statement


def _finish(line: LogicalLine, source: str) -> LogicalLine:
    """Close CJK gaps in everything that is not a table row (rows keep their cells)."""
    if line.kind in (TABLE_ROW, TABLE_START):
        return line
    text = line.text
    if line.kind != TABLE_META:  # its fields are apart by a tab
        text = _printed_bars(text, source)
    text = restore_broken_numbers(close_cjk_gaps(text))
    return line if text is line.text else LogicalLine(line.kind, text, line.cells)


def _printed_bars(text: MappedText, source: str) -> MappedText:
    """A markdown row's ``|`` read as a tab (a cell boundary) put back where the line is
    no table row after all (a heading, a paragraph, a note): its text, which sentences
    and titles show, is what the page prints."""
    if "\t" not in text.text:
        return text
    chars = list(text.text)
    for i, char in enumerate(chars):
        if char == "\t" and source[text.origin(i)] == "|":
            chars[i] = "|"
    printed = "".join(chars)
    return text if printed == text.text else text.with_text(printed)


# -- the pass ------------------------------------------------------------------------------


def normalise(text: str) -> Layout:
    """Decoded text → :class:`Layout` (logical lines, classified)."""
    cleaned: list[MappedText] = []
    gaps: list[bool] = []  # a blank line stands before cleaned[i]
    dropped = 0
    start = 0
    gap = False
    raws = _LINE_BREAK.split(text)
    edges = _page_edges(text, raws)
    for number, raw in enumerate(raws):
        offset = start
        start += len(raw) + 1
        if not raw.strip():
            gap = True
            continue  # a blank line: clean_markup would leave nothing of it
        if MARKUP_CHAR.search(raw) is None and raw.lstrip(" \t")[:1] not in LIST_MARKS:
            line: MappedText | None = trim_plain(raw, offset)  # no markup: only trimmed
        else:
            line = clean_markup(_run(raw, offset))
        if line is None:
            dropped += 1
            continue
        pieces = split_flattened(line)
        for piece in pieces:
            if len(pieces) > 1:  # each piece a line of its own: markup at its start off
                piece = clean_markup(piece) or piece.slice(0, 0)
            if not piece.text.strip():
                continue
            if (
                "\t" not in piece.text
                and is_furniture(piece.text)
                and (number in edges or not is_bare_number(piece.text))
            ):
                dropped += 1
                continue
            cleaned.append(piece)
            gaps.append(gap)
            gap = False

    cleaned, gaps = mend_split_titles(cleaned, gaps)
    hard, width = detect_wrap_width([c.text for c in cleaned])
    opening, body = read_opening(cleaned, gaps)
    classifier = Classifier()
    classifier.out = opening
    toc = [line for line in opening if line.kind == TOC_ENTRY]
    # parts are numbered where the 目录 lists a 第X部分 (or a body heading has one)
    numbered = any(part_match(reading(line.text.text)) for line in toc)
    # parts marked only by 一、二、三、 (no 第X部分 anywhere)
    top_parts = top_level_parts(cleaned, body, numbered)
    for i in range(body, len(cleaned)):
        line = cleaned[i]
        if i in top_parts:
            classifier.start_part(line, heading_title(line.text) or line.text)
            continue
        if i == body and toc and body_part_title(toc, line):
            classifier.start_part(line, line.text)  # a part printed without 第X部分
            continue
        numbered = numbered or (bool(classifier.out) and classifier.out[-1].kind == PART)
        following = cleaned[i + 1] if i + 1 < len(cleaned) else None
        if (
            not classifier.tables_part
            and not classifier.in_table
            and tables_part_title(numbered, line, following)
        ):
            classifier.start_part(line, line.text)  # the tables part without 第X部分
            continue
        classifier.feed(line)
    lines = classifier.out
    mark_signature(lines)
    after_blank = frozenset(c.origin(0) for c, g in zip(cleaned, gaps, strict=True) if g)
    lines = join_wraps(lines, hard, width, after_blank)
    # "1、甲。2、乙。" may only come together once its wrapped pieces are joined
    lines = [
        piece
        for line in lines
        for piece in (
            [LogicalLine(SEC3, t) for t in split_inline_items(line.text)]
            if line.kind == SEC3
            else [line]
        )
    ]
    lines = [_finish(line, text) for line in lines]
    return Layout(
        lines=tuple(lines),
        hard_wrapped=hard,
        wrap_width=width,
        dropped=dropped + classifier.dropped,
    )


def _page_edges(text: str, raws: list[str]) -> frozenset[int] | range:
    """Indexes of the lines that open or close a page (its first and last non-blank
    line) and hold a bare number that reads as a page number.  A text without form feeds
    has no known page edges: every line may be one.

    A bare number at a page's edge is a page number when it fits the numbering: another
    page's edge number is as far from it as the two pages are apart (…, 7, 8, …), or it
    is no greater than the count of pages plus one.  Otherwise it is the page's first or
    last cell (a 类 code ``212`` opening a table's page in plain pdftotext), kept."""
    if "\f" not in text:
        return range(len(raws))
    pages: list[list[tuple[int, int]]] = []  # per page: (line, value) of its bare edges
    first: int | None = None
    last: int | None = None
    position = 0
    for number, raw in enumerate(raws):
        if raw.strip():
            if first is None:
                first = number
            last = number
        position += len(raw)
        if position >= len(text) or text[position] == "\f":
            lines = sorted({i for i in (first, last) if i is not None})
            pages.append([(i, int(raws[i])) for i in lines if is_bare_number(raws[i])])
            first = last = None
        position += 1
    offsets = Counter(value - page for page, edges in enumerate(pages) for _, value in edges)
    return frozenset(
        line
        for page, edges in enumerate(pages)
        for line, value in edges
        if offsets[value - page] >= 2 or value <= len(pages) + 1
    )


# pdftotext ends each page with a form feed: a line break like any other
_LINE_BREAK = regex.compile(r"\n|\f")


__all__ = [
    "FRONT",
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
    "opens_statement",
    "restore_broken_numbers",
    "section_kind",
    "split_cells",
    "split_inline_items",
]
