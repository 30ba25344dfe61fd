"""The typed document: frozen records, every one located by a span in the decoded text.

A span is ``(start, end)``: code-point offsets into the decoded text, end exclusive (the
text as :func:`budgetparse.decode.decode_bytes` returns it: BOM removed, line ends LF).
Amounts are :class:`decimal.Decimal` until they are written out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from .narrative.model import Mention, Record
from .pages import PageIndex
from .tables.rows import PerformanceTable, Row

SCHEMA_VERSION = "0.5"

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
    family: str | None = None  # "预算" (budget) or "决算" (final accounts)


@attrs.frozen
class Paragraph:
    text: str
    span: Span


@attrs.frozen
class TocEntry:
    text: str
    span: Span
    level: int  # 0 for a part; 1, 2, … the depth of an entry within its part; -1 a scrap


@attrs.frozen
class Toc:
    span: Span
    entries: tuple[TocEntry, ...]


@attrs.frozen
class Section:
    """A numbered section (一、 / （一） / 1. / (1)) and what it holds.

    ``title`` is the heading text; when the heading line carries content after a label
    (``一、财政拨款：指…``, ``1. 项目名称：…``) the label is the title and the rest ``text``.
    ``tables`` are indexes into :attr:`Document.tables`.  ``role`` is set on a top-level
    section that plays a part's role inside a part of another role (``七、名词解释`` inside
    a 预算说明 that holds everything).
    """

    level: int
    number: str
    ordinal: int | None
    title: str
    span: Span
    heading_span: Span
    text: str | None = None
    role: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    tables: tuple[int, ...] = ()
    sections: tuple[Section, ...] = ()


@attrs.frozen
class Part:
    """A part of the disclosure (第X部分 …, or a heading the 目录 lists as a part).

    ``number`` is the N of 第N部分 (None where the part is not marked so); ``role`` what
    the part is, from its title: overview, tables, explanation, glossary, attachments,
    other (grammar/document.toml).

    A body that prints no part heading at all (a township's or a school's short
    disclosure: a title, then 一、… 二、…) is one *implicit* part: ``implicit`` true,
    ``title`` and ``heading_span`` None (no heading is printed, and the document's title
    is ``Meta.title``: copied here it would be read as a part heading naming roles and
    years), ``span`` the body after the title and 目录, ``role`` the role most of its
    top-level sections name, else other.
    """

    number: int | None
    title: str | None
    span: Span
    heading_span: Span | None
    paragraphs: tuple[Paragraph, ...] = ()
    tables: tuple[int, ...] = ()
    sections: tuple[Section, ...] = ()
    role: str = "other"
    implicit: bool = False


@attrs.frozen
class TableBlock:
    """A table as located in the document (its rows are typed by the table reader)."""

    index: int
    number: int | str | None  # the id as printed: 3; "1-1" or "一" where not a plain number
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
class Figure:
    """One printed number a rule read (or an empty cell, which counts as 0)."""

    label: str  # "表6 一般公共预算基本支出情况表 · 301 工资福利支出 · 人员经费"
    text: str | None  # as printed; None for an empty cell
    value: Decimal | None  # the amount; 0 for an empty cell, None if unknown
    span: Span | None  # the cell (or, for an empty cell, its row)
    table: int | None = None  # index into Document.tables


@attrs.frozen
class Finding:
    """A place where the document disagrees with itself (``budgetparse.reconcile`` finds
    them; severities and codes are described in ``reconcile/findings.py``)."""

    code: str  # stable rule code: "table.hierarchy_sum", "table.cross_total", …
    severity: str  # error | warning | info
    message: str  # Chinese terms kept, readable to a budget analyst
    expected: str | None  # what the relation asks for ("691 + 0 = 691", "技术研究与开发")
    found: str | None  # what is printed
    spans: tuple[Span, ...]  # every place involved, in document order
    inputs: tuple[Figure, ...] = ()  # the rule's inputs
    scale: str | None = None  # "元→万元" when a change of unit reconciles the figures


@attrs.frozen
class Document:
    source: SourceInfo
    meta: Meta
    toc: Toc | None
    parts: tuple[Part, ...]
    tables: tuple[TableBlock, ...]
    records: tuple[Record, ...] = ()  # the narrative's statements (budgetparse.narrative)
    coverage: Coverage | None = None
    findings: tuple[Finding, ...] = ()  # where the document disagrees with itself
    diagnostics: tuple[Diagnostic, ...] = ()
    schema_version: str = SCHEMA_VERSION
    paragraphs: tuple[ProseParagraph, ...] = ()  # the running text, paragraph by paragraph
    sentences: tuple[Sentence, ...] = ()
    # the decoded text every span points into (not in the JSON: it is the input itself)
    text: str = attrs.field(default="", repr=False)

    def pages(self, span: Span) -> tuple[int, int]:
        """First and last page (1-based) a span touches: a form feed starts a page."""
        return PageIndex.of(self.text).pages(span)

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
