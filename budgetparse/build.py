"""From the document grammar's tree to the typed :class:`~budgetparse.model.Document`.

One method per grammar rule, walked top-down so that each node knows the part and the
numbered path it stands in (tables and, later, records carry that path).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs
import regex
from lark import Token, Tree

from . import layout as K
from . import patterns as P
from .document_vocabulary import vocabulary
from .layout import LogicalLine
from .layout.front import MARKER as _MARKER
from .layout.front import WORDS, numbering, part_match
from .layout.toplevel import heading_title
from .mapped import cover
from .model import Paragraph, Part, Section, Span, TableBlock, Toc, TocEntry
from .prose import ProseUnit
from .reading import reading
from .templates import TableId, best_match, caption_shapes, part3_tables, table_id

_LEVEL = {"section1": 1, "section2": 2, "section3": 3, "section4": 4}
_PATTERN = {1: P.SEC1, 2: P.SEC2, 3: P.SEC3, 4: P.SEC4}
_MARKER_NUMBER = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "({})"}
_LABEL = regex.compile(r"^([^：:。，,；;]{1,80}+)[：:]\s*+(.*+)$")
_SENTENCE = regex.compile(r"[。，,；;]")
_META_FIELD = regex.compile(
    r"编制(?:部门|单位)\s*+(?:[（(]单位[)）])?\s*+[:：]\s*+(.*?)\s*+(?=单\s*+位\s*+[:：]|$)"
)


# The largest part number a heading can give (the schema's bound; disclosures have 4-6).
MAX_PART = 99


class TreeBuilder:
    """Builds parts, sections, TOC and located tables from a parse tree."""

    def __init__(self, lines: Sequence[LogicalLine]) -> None:
        self.lines = lines
        self.tables: list[TableBlock] = []
        self.table_lines: list[list[LogicalLine]] = []  # per table: its lines after the title
        self.titles: list[LogicalLine] = []
        self.front: list[LogicalLine] = []  # lines before the title that are not the title
        self.toc: Toc | None = None
        self.parts: list[Part] = []
        self.leading: list[Paragraph] = []
        self.leading_sections: list[Section] = []
        self.signature: list[LogicalLine] = []
        self.prose: list[ProseUnit] = []  # running text in reading order, for the narrative
        self.role: str | None = None  # the role of the part being built (its prose's)

    def line(self, token: Token) -> LogicalLine:
        return self.lines[token.start_pos]  # type: ignore[index]

    # -- start / title / toc / signature ---------------------------------------------

    def start(self, tree: Tree[Token]) -> None:
        headed = any(isinstance(c, Tree) and c.data == "part" for c in tree.children)
        for child in tree.children:
            assert isinstance(child, Tree)
            if child.data == "opening":
                for token in child.children:
                    line = self.line(token)  # type: ignore[arg-type]
                    (self.titles if line.kind == K.TITLE else self.front).append(line)
            elif child.data == "toc":
                self.toc = self.toc_node(child)
            elif child.data == "body" and not headed:
                if self.spans_of(child):  # a body without any part heading: one implicit part
                    self.parts.append(self.part_of(child, None))
            elif child.data == "body":
                paragraphs, _tables, sections = self.body(child, part=None, path=())
                self.leading = list(paragraphs)
                self.leading_sections = list(_with_roles(sections, None))
            elif child.data == "part":
                self.parts.append(self.part(child))
            elif child.data == "signature":
                self.signature = [self.line(t) for t in child.children]  # type: ignore[arg-type]

    def toc_node(self, tree: Tree[Token]) -> Toc:
        """Entries with their depth: 0 for a part, then 1, 2, … by the order in which the
        kinds of numbering first appear under that part (so ``1、`` entries listing the
        tables are top-level entries of their part); an entry that lost its numeral
        counts as top-level, a scrap of punctuation as -1.  In a 目录 without 第X部分,
        its outermost numbered entries (一、…) are the parts."""
        lines = [self.line(t) for t in tree.children if self.line(t).kind == K.TOC_ENTRY]  # type: ignore[arg-type]
        reads = [reading(line.text.text) for line in lines]
        marked = any(part_match(r) for r in reads)
        entries = []
        order: list[str] = []
        for i, (line, read) in enumerate(zip(lines, reads, strict=True)):
            kind = K.section_kind(read)
            if part_match(read) or (marked and _unmarked_part(read, reads[i + 1 : i + 2])):
                level = 0
                order = []
            elif not WORDS.search(_MARKER.sub("", read)):
                level = -1  # a scrap the extractor left: "(", a numeral alone ("13、")
            elif kind is None:
                level = 1
            else:
                if kind not in order:
                    order.append(kind)
                level = order.index(kind) + (1 if marked else 0)
            entries.append(TocEntry(text=line.text.text, span=line.span, level=level))
        spans = [self.line(t).span for t in tree.children]  # type: ignore[arg-type]
        return Toc(span=cover(spans) or (0, 0), entries=tuple(entries))

    # -- parts and sections ---------------------------------------------------------------

    def part(self, tree: Tree[Token]) -> Part:
        """A part under its heading (第X部分 …, or a title the layout knows as a part's)."""
        body = tree.children[1]
        assert isinstance(body, Tree)
        return self.part_of(body, self.line(tree.children[0]))  # type: ignore[arg-type]

    def part_of(self, body: Tree[Token], heading: LogicalLine | None) -> Part:
        """The part made of ``body``, under ``heading`` or, where the document prints no
        part heading at all, implicit: ``number``, ``title`` and ``heading_span`` null.

        Its role comes from its title; an implicit part, which has none, plays the role
        its content plays most (:meth:`content_role`).  Either way its top-level
        sections that name another role carry that role (:func:`_with_roles`): a
        预算说明 that holds 一、概况 … 七、名词解释 and a document of sections alone are
        read alike."""
        number = title = None
        if heading is not None:
            number, title = _heading(heading.text.text)
            role = vocabulary().role_of(title) or "other"
        else:
            role = self.content_role(body)
        # the prose's role is a printed heading's: an implicit part's is inferred, and its
        # statements are read as text outside any part whatever role the most sections name
        self.role = role if heading is not None else None
        paragraphs, tables, sections = self.body(body, part=number, path=())
        self.role = None
        edges = [heading.span] if heading is not None else []
        span = cover([*edges, *self.spans_of(body)])
        assert span is not None  # a heading, or a body that holds lines
        return Part(
            number=number,
            title=title,
            span=span,
            heading_span=heading.span if heading is not None else None,
            paragraphs=paragraphs,
            tables=tables,
            sections=_with_roles(sections, role),
            role=role,
            implicit=heading is None,
        )

    def content_role(self, body: Tree[Token]) -> str:
        """The role most of ``body``'s top-level sections name by their titles (the
        vocabulary of grammar/document.toml); ``other`` where none names one or two
        roles are named equally often.  Sections are counted, not characters: counted by
        length, a section holding the tables would outweigh all the prose around it."""
        words = vocabulary()
        counts: Counter[str] = Counter()
        for child in body.children:
            if isinstance(child, Tree) and child.data in _LEVEL:
                heading = self.line(child.children[0])  # type: ignore[arg-type]
                role = words.role_of(_split_heading(_LEVEL[child.data], heading.text.text)[1])
                if role is not None:
                    counts[role] += 1
        ranked = counts.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return "other"
        return ranked[0][0]

    def body(
        self, tree: Tree[Token], part: int | None, path: tuple[str, ...]
    ) -> tuple[tuple[Paragraph, ...], tuple[int, ...], tuple[Section, ...]]:
        """Blocks and sections of a body (the children after a heading)."""
        paragraphs: list[Paragraph] = []
        tables: list[int] = []
        sections: list[Section] = []
        section = "/".join(path) or None
        for child in tree.children:
            if isinstance(child, Token):
                continue  # a heading token, handled by the caller
            if child.data == "paragraph":
                line = self.line(child.children[0])  # type: ignore[arg-type]
                paragraphs.append(Paragraph(line.text.text, line.span))
                self.prose.append(ProseUnit("paragraph", line.text, part, section, self.role))
            elif child.data == "table":
                tables.append(self.table(child, part, path))
            elif child.data in _LEVEL:
                sections.append(self.section(child, part, path))
        return tuple(paragraphs), tuple(tables), tuple(sections)

    def section(self, tree: Tree[Token], part: int | None, path: tuple[str, ...]) -> Section:
        level = _LEVEL[tree.data]
        heading = self.line(tree.children[0])  # type: ignore[arg-type]
        number, title, text = _split_heading(level, heading.text.text)
        marker = _MARKER_NUMBER[level].format(number)
        self.prose.append(
            ProseUnit("heading", heading.text, part, "/".join((*path, marker)), self.role)
        )
        paragraphs, tables, sections = self.body(tree, part, (*path, marker))
        return Section(
            level=level,
            number=number,
            ordinal=_ordinal(number),
            title=title,
            text=text,
            span=cover([heading.span, *self.spans_of(tree)]) or heading.span,
            heading_span=heading.span,
            paragraphs=paragraphs,
            tables=tables,
            sections=sections,
        )

    def spans_of(self, tree: Tree[Token]) -> list[Span]:
        """Spans of every line token under ``tree`` (first and last suffice for a cover)."""
        first = _edge_token(tree, last=False)
        if first is None:
            return []
        last = _edge_token(tree, last=True)
        assert last is not None
        return [self.line(first).span, self.line(last).span]

    # -- tables --------------------------------------------------------------------------------

    def table(self, tree: Tree[Token], part: int | None, path: tuple[str, ...]) -> int:
        lines = [self.line(t) for t in tree.children]  # type: ignore[arg-type]
        number: TableId | None = None
        captions = caption_shapes()
        title_line: LogicalLine | None = None
        department = unit = None
        notes: list[Paragraph] = []
        rows = 0
        for line in lines:
            text = line.text.text
            if line.kind == K.TABLE_CAPTION:
                m = captions.match(text, in_tables_part=True)
                if m:
                    number = table_id(m.group("id"))
                    if m.group("title").strip():
                        title_line = line  # "表3：部门支出总体情况表" on one line
            elif line.kind in (K.TABLE_NAME, K.TABLE_TITLE):
                title_line = line
            elif line.kind == K.TABLE_META:
                dept = _META_FIELD.search(text)
                if dept and dept.group(1).strip():
                    department = dept.group(1).strip()
                u = P.UNIT.search(text)
                if u:
                    unit = u.group(1)
            elif line.kind == K.TABLE_NOTE:
                notes.append(Paragraph(text=text, span=line.span))
                self.prose.append(
                    ProseUnit("note", line.text, part, "/".join(path) or None, self.role)
                )
            else:
                rows += 1
                u = P.UNIT.search(text) if unit is None else None
                if u:
                    unit = u.group(1)
        title = None
        if title_line is not None:
            title = title_line.text.text
            if title_line.kind == K.TABLE_CAPTION:
                m = captions.match(title, in_tables_part=True)
                title = m.group("title").strip() if m else title
        kind = None
        if title is not None and number is None:
            entry = best_match(part3_tables(), title)
            kind = entry.kind if entry else None
        empty = any(P.EMPTY_TABLE.search(n.text) for n in notes)
        index = len(self.tables)
        self.table_lines.append(
            [
                line
                for line in lines
                if line.kind not in (K.TABLE_CAPTION, K.TABLE_NAME, K.TABLE_TITLE)
            ]
        )
        self.tables.append(
            TableBlock(
                index=index,
                number=number,
                title=title,
                kind=kind,
                part=part,
                section="/".join(path) or None,
                span=cover(line.span for line in lines) or (0, 0),
                title_span=title_line.span if title_line is not None else None,
                department=department,
                unit=unit,
                notes=tuple(notes),
                empty=empty,
                row_count=rows,
            )
        )
        return index


def _heading(text: str) -> tuple[int | None, str]:
    """(number, title) of a part heading: ``第三部分 情况说明`` gives (3, 情况说明); a part
    printed by its title alone, or marked only 一、 (layout/toplevel.py), has no number."""
    m = P.PART.match(text)
    if not m:
        return None, heading_title(text) or text
    number = P.cn_number(m.group(1))
    if number is not None and number > MAX_PART:  # not a part number of a disclosure
        number = None
    return number, m.group(2).strip(" :：\u3000")


def _unmarked_part(read: str, following: list[str]) -> bool:
    """Is 目录 entry ``read`` (no numeral) a part listed without 第X部分 — the tables
    printed as an attachment (``附件：XX局2023年部门预算表``) — since it names the tables
    or attachments role and the entries after it number from one again?  (An entry that
    lost its numeral inside a list goes on with the list's numbers.)"""
    if K.section_kind(read) is not None or _MARKER.match(read) or not following:
        return False
    numbered = numbering(following[0])
    if numbered is None or numbered[1] != 1:
        return False
    return vocabulary().role_of(read) in ("tables", "attachments")


def _with_roles(sections: tuple[Section, ...], part_role: str | None) -> tuple[Section, ...]:
    """Top-level sections that name another role than their part's get it (a 预算说明
    holding 一、概况 … 七、名词解释; a document without parts)."""
    words = vocabulary()
    out = []
    for section in sections:
        role = words.role_of(section.title)
        if role is not None and role != part_role:
            section = attrs.evolve(section, role=role)
        out.append(section)
    return tuple(out)


def _split_heading(level: int, text: str) -> tuple[str, str, str | None]:
    """(number as printed, title, inline text) of a numbered heading line."""
    m = _PATTERN[level].match(text)
    if not m:  # a heading the parser re-levelled during recovery keeps its own number
        kind = K.section_kind(text)
        if kind is None:
            return ("", text, None)
        level = int(kind[-1])
        m = _PATTERN[level].match(text)
        assert m is not None
    if level == 4:
        number = m.group(1) or m.group(2) or ""
        rest = m.group(3)
    else:
        number, rest = m.group(1), m.group(2)
    rest = rest.strip()
    label = _LABEL.match(rest)
    if label and label.group(2):
        value = label.group(2).strip()
        if len(value) <= 40 and not _SENTENCE.search(value):
            return (number, rest, None)  # "项目名称：部门专项—业务费": a field, not a label
        return (number, label.group(1).strip(), value)
    if label:
        return (number, label.group(1).strip(), None)
    return (number, rest, None)


def _ordinal(number: str) -> int | None:
    if len(number) == 1 and "①" <= number <= "⑳":
        return ord(number) - ord("①") + 1
    if number.isdecimal():
        return int(number)
    return P.cn_number(number)


def _edge_token(tree: Tree[Token], last: bool) -> Token | None:
    """The first (or last) token under ``tree`` in reading order, without listing them all."""
    for child in reversed(tree.children) if last else tree.children:
        if isinstance(child, Tree):
            token = _edge_token(child, last)
            if token is not None:
                return token
        elif isinstance(child, Token):
            return child
    return None
