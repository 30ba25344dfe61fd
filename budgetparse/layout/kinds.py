"""The line kinds the layout pass gives and the document grammar reads (its terminals)."""

from __future__ import annotations

import attrs

from ..mapped import MappedText

# Line kinds: the terminals of grammar/document.lark (upper-cased there).
FRONT = "front"  # lines before the title: site chrome, metadata, file names
TITLE = "title"
TOC_HEAD = "toc_head"
TOC_ENTRY = "toc_entry"
PART = "part"
SEC1, SEC2, SEC3, SEC4 = "sec1", "sec2", "sec3", "sec4"
PARA = "para"
TABLE_CAPTION = "table_caption"
TABLE_NAME = "table_name"  # the title line under a 表N caption
TABLE_TITLE = "table_title"  # a title that opens a table without a caption
TABLE_META = "table_meta"
TABLE_START = "table_start"  # first row of a table printed without caption or title
TABLE_ROW = "table_row"
TABLE_NOTE = "table_note"
SIGN_DEPT = "sign_dept"
SIGN_DATE = "sign_date"

HEADINGS = (SEC1, SEC2, SEC3, SEC4)


@attrs.frozen
class LogicalLine:
    """One line as the grammar sees it.

    ``cells`` holds the tab-separated cells of a table row (empty for other lines and for
    space-separated rows, whose cells the table reader splits itself).
    """

    kind: str
    text: MappedText
    cells: tuple[MappedText, ...] = ()

    @property
    def span(self) -> tuple[int, int]:
        return self.text.span()


@attrs.frozen
class Layout:
    """The logical lines of a document plus facts about its extraction shape."""

    lines: tuple[LogicalLine, ...]
    hard_wrapped: bool
    wrap_width: int
    dropped: int  # physical lines removed as page furniture
