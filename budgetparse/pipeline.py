"""The whole chain for one input: decode → layout → grammar → typed document.

``parse`` never raises on bad *text*: whatever it cannot make sense of becomes a
diagnostic.  Only bytes that are not text in any supported encoding raise
:class:`~budgetparse.decode.UndecodableInputError`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import attrs

from . import layout as K
from . import meta as M
from . import patterns as P
from .build import TreeBuilder
from .decode import decode_bytes
from .document_vocabulary import vocabulary
from .grammar import parse_lines
from .model import Coverage, Diagnostic, Document, Meta, Part, SourceInfo, TableBlock
from .narrative import Narrative, read_narrative
from .prose import ProseUnit
from .reconcile import reconcile
from .source import Source
from .tables import TableContent, read_table, uses_evidence
from .tables.evidence import SUMMARY_KINDS, Evidence, code_names, empty_sources
from .tables.performance import read_performance
from .templates import Template, best_match, detect, normalise_title

PERFORMANCE_KINDS = ("performance_project", "performance_department")

# How much of the text's opening names the family when the title and headings do not.
_FAMILY_OPENING = 5000

# Inputs beyond this size are refused with a diagnostic rather than parsed (a disclosure
# is 30-200 KB; 20 MB is a concatenation or a wrong file).
MAX_CHARS = 20_000_000


def load_source(data: str | bytes, path: str | None = None) -> Source:
    """Decode bytes (or normalise a str) into a :class:`Source`."""
    if isinstance(data, bytes):
        decoded = decode_bytes(data)
        return Source(
            text=decoded.text,
            encoding=decoded.encoding,
            sha256=hashlib.sha256(data).hexdigest(),
            path=path,
        )
    return Source.from_text(data, path=path)


def parse(data: str | bytes, path: str | None = None) -> Document:
    """Parse one disclosure (text or bytes) into a :class:`Document`."""
    return parse_source(load_source(data, path))


def parse_source(source: Source) -> Document:
    info = SourceInfo(
        path=source.path, encoding=source.encoding, sha256=source.sha256, chars=len(source.text)
    )
    if not source.text.strip():
        return _unparsed(info, "document.empty", "the input holds no text")
    if len(source.text) > MAX_CHARS:
        return _unparsed(
            info,
            "document.too_large",
            f"the input has {len(source.text):,} characters, more than the "
            f"{MAX_CHARS:,} a disclosure can have; not parsed",
        )

    layout = K.normalise(source.text)
    tree, problems = parse_lines(layout.lines)
    builder = TreeBuilder(layout.lines)
    builder.start(tree)
    del tree  # the builder has taken what it needs; the parse tree is large

    diagnostics: list[Diagnostic] = []
    for index, message in problems:
        span = layout.lines[index].span if 0 <= index < len(layout.lines) else None
        diagnostics.append(Diagnostic("structure.recovered", message, span))
    # from here on the lines are read table by table (builder.table_lines), each table's
    # released once read: the whole list would hold most of the layout's memory
    builder.lines = ()
    del layout
    if builder.leading or builder.leading_sections:
        first = (builder.leading or builder.leading_sections)[0]
        diagnostics.append(
            Diagnostic(
                "structure.before_parts",
                "text stands before the first part heading (第一部分)",
                first.span,
            )
        )

    parts = tuple(builder.parts)
    tables = tuple(builder.tables)
    explanation = _role(parts, "explanation")
    template = detect(
        [(t.number, t.title or "") for t in tables if _in_role(t, parts, "tables")],
        [s.title for s in explanation.sections] if explanation else [],
    )
    tables = _kind_tables(tables, parts, template)
    tables, table_diagnostics = _read_tables(tables, builder.table_lines, template)
    diagnostics += table_diagnostics
    diagnostics += _check_parts(parts)
    diagnostics += _check_promised(builder, parts, tables, template)

    headings = [e.text for e in builder.toc.entries] if builder.toc else []
    headings += [p.title for p in parts]
    meta = Meta(
        title=M.title(builder.titles),
        department=M.department(builder.titles, builder.front, builder.signature, tables),
        year=M.year(builder.titles, builder.front, parts, builder.signature),
        published=M.published(builder.signature),
        template=template.id if template else None,
        family=M.family(builder.titles, headings, source.text[:_FAMILY_OPENING]),
    )
    if template is None:
        diagnostics.append(
            Diagnostic(
                "template.unknown",
                "no known template variant matches the tables and sections printed",
            )
        )
    # the narrative reads the prose units alone, each let go once read
    prose, toc = builder.prose, builder.toc
    del builder
    try:
        narrative = read_narrative(_drained(prose))
    except Exception as error:  # never raise out of the parser: report and go on
        narrative = Narrative()
        diagnostics.append(Diagnostic("narrative.reader_error", f"{type(error).__name__}: {error}"))
    covered = sum(1 for m in narrative.mentions if m.covered)
    document = Document(
        source=info,
        meta=meta,
        toc=toc,
        parts=parts,
        tables=tables,
        records=narrative.records,
        coverage=Coverage(
            mentions=len(narrative.mentions),
            covered=covered,
            share=narrative.coverage,
            unparsed=narrative.unparsed,
        ),
    )
    # reconciliation needs only the document
    del narrative
    checked = reconcile(document)
    diagnostics += checked.diagnostics
    return attrs.evolve(
        document,
        findings=checked.findings,
        diagnostics=tuple(sorted(diagnostics, key=lambda d: (d.span or (-1, -1), d.code))),
    )


def _drained(units: list[ProseUnit]) -> Iterator[ProseUnit]:
    """The units in order, each removed from ``units`` as it is handed out."""
    units.reverse()
    while units:
        yield units.pop()


def _unparsed(info: SourceInfo, code: str, message: str) -> Document:
    """A document with nothing in it but the reason why."""
    return Document(
        source=info,
        meta=Meta(),
        toc=None,
        parts=(),
        tables=(),
        diagnostics=(Diagnostic(code, message),),
    )


# -- structure checks -----------------------------------------------------------------------


def _role(parts: Iterable[Part], role: str) -> Part | None:
    """The first part playing ``role`` (roles come from the parts' titles)."""
    return next((p for p in parts if p.role == role), None)


def _in_role(table: TableBlock, parts: Iterable[Part], role: str) -> bool:
    """Does the table stand inside a part playing ``role``?"""
    start, end = table.span
    return any(p.role == role and p.span[0] <= start and end <= p.span[1] for p in parts)


# The roles every disclosure fills, with a part or with a top-level section of one.
_EXPECTED_ROLES = {
    "overview": "部门概况",
    "tables": "预算/决算公开表",
    "explanation": "情况说明",
    "glossary": "名词解释",
}


def _check_parts(parts: tuple[Part, ...]) -> list[Diagnostic]:
    out = []
    numbers = [p.number for p in parts if p.number is not None]
    played = {p.role for p in parts} | {s.role for p in parts for s in p.sections if s.role}
    if parts:
        for role, name in _EXPECTED_ROLES.items():
            if role not in played:
                out.append(
                    Diagnostic("part.missing", f"no part plays the role {role} ({name})")
                )
    for part in parts:
        if part.number is not None and numbers.count(part.number) > 1:
            out.append(
                Diagnostic("part.repeated", f"part {part.number} appears twice", part.heading_span)
            )
    if numbers != sorted(numbers):
        out.append(Diagnostic("part.order", f"parts appear in the order {numbers}"))
    return out


def _kind_tables(
    tables: tuple[TableBlock, ...], parts: tuple[Part, ...], template: Template | None
) -> tuple[TableBlock, ...]:
    """Give the tables part's tables their kind from the template catalogue (by title,
    else number)."""
    if template is None:
        return tables
    out = []
    for table in tables:
        if table.kind is None and _in_role(table, parts, "tables"):
            entry = best_match(template.tables, table.title or "") if table.title else None
            if entry is None and table.number is not None:
                entry = template.table(table.number)
            if entry is not None:
                table = attrs.evolve(table, kind=entry.kind)
        out.append(table)
    return tuple(out)


def _read_tables(
    tables: tuple[TableBlock, ...], lines: list[list[K.LogicalLine]], template: Template | None
) -> tuple[tuple[TableBlock, ...], list[Diagnostic]]:
    """Typed rows for tables whose kind has a column catalogue; targets for the
    performance-target tables.

    The summary tables are read first: the funding sources they print as empty tell the
    reader of space-aligned tables which columns are zero everywhere (tables/evidence.py).
    Each table's entry in ``lines`` is emptied once the table is read (the lines are most
    of the layout's memory, the rows read from them the next largest).
    """
    empty: frozenset[str] = frozenset()
    first: dict[int, TableContent] = {}  # summary tables as read without evidence
    for i, (table, table_lines) in enumerate(zip(tables, lines, strict=True)):
        if table.kind in SUMMARY_KINDS:
            content = read_table(table.kind, table_lines, _printed_columns(table, template))
            empty |= empty_sources(r for r in content.rows if r.group == "income")
            first[i] = content
    evidence = Evidence(empty_sources=empty)
    out: list[TableBlock] = list(tables)
    diagnostics: dict[int, list[Diagnostic]] = {}
    # tables with a 项目名称 column last: their reader uses the names the others print
    order = sorted(range(len(tables)), key=lambda i: tables[i].kind == "general_project")
    for i in order:
        table, table_lines = tables[i], lines[i]
        found: tuple[tuple[str, str, tuple[int, int] | None], ...]
        if table.kind == "general_project" and not evidence.names:
            evidence = attrs.evolve(evidence, names=code_names(r for t in out for r in t.rows))
        if table.kind in PERFORMANCE_KINDS:
            performance = read_performance(table.kind, table_lines)
            table = attrs.evolve(table, performance=performance)
            found = performance.diagnostics
        else:
            if i in first and not uses_evidence(table.kind, table_lines, evidence):
                content = first[i]  # the same read again would give the same content
            else:
                content = read_table(
                    table.kind, table_lines, _printed_columns(table, template), evidence
                )
            if content.rows or content.columns:
                table = attrs.evolve(table, columns=content.columns, rows=content.rows)
            found = content.diagnostics
        diagnostics[i] = [Diagnostic(code, message, span) for code, message, span in found]
        out[i] = table
        lines[i] = []
        first.pop(i, None)
    return tuple(out), [d for i in range(len(tables)) for d in diagnostics[i]]


def _printed_columns(table: TableBlock, template: Template | None) -> tuple[str, ...]:
    """The template variant's printed column order for this table, if it gives one."""
    entry = template.table(table.number) if template and table.number else None
    return tuple(entry.columns) if entry is not None and entry.kind == table.kind else ()


def _check_promised(
    builder: TreeBuilder,
    parts: tuple[Part, ...],
    tables: tuple[TableBlock, ...],
    template: Template | None,
) -> list[Diagnostic]:
    """Tables and part-3 sections that the TOC or the template promise but the body lacks."""
    out: list[Diagnostic] = []
    toc_tables: dict[int, tuple[str, tuple[int, int]]] = {}
    toc_sections: list[tuple[str, tuple[int, int]]] = []
    if builder.toc is not None:
        role: str | None = None
        words = vocabulary()
        for entry in builder.toc.entries:
            m = P.PART.match(entry.text)
            if m:
                role = words.role_of(m.group(2))
                continue
            heading = P.SEC1.match(entry.text)
            if not heading:
                continue
            if role == "tables":
                toc_tables[P.cn_number(heading.group(1)) or 0] = (heading.group(2), entry.span)
            elif role == "explanation":
                toc_sections.append((heading.group(2), entry.span))

    in_tables = [t for t in tables if _in_role(t, parts, "tables")]
    present_numbers = {t.number for t in in_tables if t.number is not None}
    present_kinds = {t.kind for t in in_tables if t.kind is not None}
    promised: dict[int, tuple[str, str, tuple[int, int] | None]] = {}
    if template is not None:
        for entry in template.tables:
            if entry.number is not None:
                promised[entry.number] = (entry.kind, entry.name, None)
    for number, (title, span) in toc_tables.items():
        kind = promised.get(number, (None, "", None))[0]
        if template is not None:
            match = best_match(template.tables, title)
            kind = match.kind if match else kind
        promised[number] = (kind or "", normalise_title(title), span)
    if _role(parts, "tables") is not None:
        for number in sorted(promised):
            kind, title, span = promised[number]
            if number in present_numbers or (kind and kind in present_kinds):
                continue
            where = (
                "the table of contents"
                if span
                else f"the {template.id if template else ''} template"
            )
            out.append(
                Diagnostic(
                    "table.missing",
                    f"表{number} {title} is promised by {where} but absent from part 2",
                    span,
                )
            )

    part3 = _role(parts, "explanation")
    if part3 is not None and template is not None:
        present = {e.kind for s in part3.sections if (e := best_match(template.sections, s.title))}
        toc_span = {}
        for title, span in toc_sections:
            e = best_match(template.sections, title)
            if e is not None:
                toc_span[e.kind] = span
        for entry in template.sections:
            if entry.kind not in present:
                out.append(
                    Diagnostic(
                        "section.missing",
                        f"part 3 lacks the section on {entry.kind} "
                        f"(number {entry.number} in the {template.id} template)",
                        toc_span.get(entry.kind),
                    )
                )
    return out
