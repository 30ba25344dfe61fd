"""The typed document: frozen records, every one located by a span in the decoded text.

A span is ``(start, end)``: code-point offsets into the decoded text, end exclusive (the
text as :func:`budgetparse.decode.decode_bytes` returns it: BOM removed, line ends LF).
Amounts are :class:`decimal.Decimal` until they are written out.
"""

from __future__ import annotations

from typing import Any

import attrs

from .narrative.model import Mention, Record
from .tables.performance import PerformanceTable
from .tables.rows import Row

SCHEMA_VERSION = "0.3"

Span = tuple[int, int]


@attrs.frozen
class Diagnostic:
    """Something the parser noticed about the document's form (not a budget finding)."""

    code: str
    message: str
    span: Span | None = None


@attrs.frozen
class SourceInfo:
    path: str | None
    encoding: str
    sha256: str
    chars: int


@attrs.frozen
class Meta:
    title: str | None = None
    department: str | None = None
    year: int | None = None
    published: str | None = None  # ISO date from the signature
    template: str | None = None  # yearly variant id (grammar/templates/<id>.toml)


@attrs.frozen
class Paragraph:
    text: str
    span: Span


@attrs.frozen
class TocEntry:
    text: str
    span: Span
    level: int  # 0 for a part, 1-4 for numbered entries, None-like -1 for others


@attrs.frozen
class Toc:
    span: Span
    entries: tuple[TocEntry, ...]


@attrs.frozen
class Section:
    """A numbered section (一、 / （一） / 1. / (1)) and what it holds.

    ``title`` is the heading text; when the heading line carries content after a label
    (``一、财政拨款：指…``, ``1. 项目名称：…``) the label is the title and the rest ``text``.
    ``tables`` are indexes into :attr:`Document.tables`.
    """

    level: int
    number: str
    ordinal: int | None
    title: str
    span: Span
    heading_span: Span
    text: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    tables: tuple[int, ...] = ()
    sections: tuple[Section, ...] = ()


@attrs.frozen
class Part:
    number: int
    title: str
    span: Span
    heading_span: Span
    paragraphs: tuple[Paragraph, ...] = ()
    tables: tuple[int, ...] = ()
    sections: tuple[Section, ...] = ()


@attrs.frozen
class TableBlock:
    """A table as located in the document (its rows are typed by the table reader)."""

    index: int
    number: int | None
    title: str | None
    kind: str | None
    part: int | None
    section: str | None  # numbered path of the enclosing section, e.g. "十/（四）"
    span: Span
    title_span: Span | None
    department: str | None
    unit: str | None
    notes: tuple[Paragraph, ...] = ()
    empty: bool = False
    row_count: int = 0  # printed lines of header and body
    columns: tuple[str, ...] = ()  # canonical value columns, the keys of each row's values
    rows: tuple[Row, ...] = ()
    performance: PerformanceTable | None = None  # performance-target tables (part 3)


@attrs.frozen
class Sentence:
    """One sentence of the running text, cut at the document's own sentence ends
    (。！？；and their ASCII forms) where a statement ends: not between two digits, not
    inside brackets or quotes.  ``text`` is as printed with the wraps of the extraction
    joined (``span`` selects it, wraps and all, in the decoded text); ``paragraph`` is
    the index of its paragraph in :attr:`Document.paragraphs`."""

    text: str
    span: Span
    part: int | None
    section: str | None  # numbered path, e.g. "三、/（二）"; None directly under a part
    paragraph: int


@attrs.frozen
class ProseParagraph:
    """A paragraph of running text in reading order: ``kind`` ``paragraph``, ``heading``
    (a numbered heading line, with any text after its label) or ``note`` (a table's note
    line).  ``sentences`` is the ``[first, end)`` range of its sentences in
    :attr:`Document.sentences`.  A paragraph is a hard boundary: no sentence spans two."""

    kind: str
    span: Span
    part: int | None
    section: str | None
    sentences: tuple[int, int]


@attrs.frozen
class Coverage:
    """How much of the prose's amount mentions (a number with 万元/元/亿元/%, a count with
    人/辆/台/个) the typed records hold; the mentions they do not hold, with their spans."""

    mentions: int
    covered: int
    share: float | None  # covered / mentions; None when the prose mentions no amount
    unparsed: tuple[Mention, ...] = ()


@attrs.frozen
class Document:
    source: SourceInfo
    meta: Meta
    toc: Toc | None
    parts: tuple[Part, ...]
    tables: tuple[TableBlock, ...]
    records: tuple[Record, ...] = ()  # the narrative's statements (budgetparse.narrative)
    coverage: Coverage | None = None
    # where the document disagrees with itself: reconcile.Finding records (typed Any here
    # because the reconcile package reads this model; cattrs writes them by runtime type)
    findings: tuple[Any, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    schema_version: str = SCHEMA_VERSION
    paragraphs: tuple[ProseParagraph, ...] = ()  # the running text, paragraph by paragraph
    sentences: tuple[Sentence, ...] = ()
    # the decoded text every span points into (not in the JSON: it is the input itself)
    text: str = attrs.field(default="", repr=False)

    def slice(self, span: Span | None) -> str:
        """The decoded text a span selects (``""`` for None)."""
        return "" if span is None else self.text[span[0] : span[1]]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see ``budgetparse/schema/document.schema.json``)."""
        from .serialize import to_dict

        return to_dict(self)

    def outline(self) -> str:
        """The part/section tree as indented text for a person to read."""
        from .serialize import outline

        return outline(self)
