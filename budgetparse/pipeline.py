"""The whole chain for one input: decode → layout → grammar → typed document.

``parse`` never raises on bad *text*: whatever it cannot make sense of becomes a
diagnostic.  Only bytes that are not text in any supported encoding raise
:class:`~budgetparse.decode.UndecodableInputError`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator

import attrs
import regex

from . import layout as K
from . import patterns as P
from .build import TreeBuilder
from .decode import decode_bytes
from .grammar import parse_lines
from .model import Coverage, Diagnostic, Document, Meta, Part, Section, SourceInfo, TableBlock
from .narrative import Narrative, read_narrative
from .prose import ProseUnit
from .reconcile import reconcile
from .source import Source
from .tables import TableContent, read_table, uses_evidence
from .tables.evidence import SUMMARY_KINDS, Evidence, code_names, empty_sources
from .tables.performance import read_performance
from .templates import Template, best_match, detect, normalise_title

PERFORMANCE_KINDS = ("performance_project", "performance_department")

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
    part3 = _part(parts, 3)
    template = detect(
        [(t.number, t.title or "") for t in tables if t.part == 2],
        [s.title for s in part3.sections] if part3 else [],
    )
    tables = _kind_tables(tables, template)
    tables, table_diagnostics = _read_tables(tables, builder.table_lines, template)
    diagnostics += table_diagnostics
    diagnostics += _check_parts(parts)
    diagnostics += _check_promised(builder, parts, tables, template)

    meta = Meta(
        title="".join(line.text.text for line in builder.titles) or None,
        department=_department(builder, tables),
        year=_year(builder, parts),
        published=_published(builder),
        template=template.id if template else None,
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


def _part(parts: Iterable[Part], number: int) -> Part | None:
    return next((p for p in parts if p.number == number), None)


_PART_NAMES = {1: "部门概况", 2: "部门预算公开表", 3: "部门预算情况说明", 4: "名词解释"}


def _check_parts(parts: tuple[Part, ...]) -> list[Diagnostic]:
    out = []
    numbers = [p.number for p in parts]
    for n in range(1, 5):
        if n not in numbers:
            out.append(
                Diagnostic("part.missing", f"第{'一二三四'[n - 1]}部分 {_PART_NAMES[n]} is absent")
            )
    for part in parts:
        if numbers.count(part.number) > 1:
            out.append(
                Diagnostic("part.repeated", f"part {part.number} appears twice", part.heading_span)
            )
    if numbers != sorted(numbers):
        out.append(Diagnostic("part.order", f"parts appear in the order {numbers}"))
    return out


def _kind_tables(
    tables: tuple[TableBlock, ...], template: Template | None
) -> tuple[TableBlock, ...]:
    """Give tables their kind from the template catalogue: by title wherever they stand
    (a document whose part-2 heading is missing or misprinted still prints its tables),
    else by number in part 2."""
    if template is None:
        return tables
    out = []
    for table in tables:
        if table.kind is None:
            entry = best_match(template.tables, table.title or "") if table.title else None
            if entry is None and table.number is not None and table.part == 2:
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
        part = 0
        for entry in builder.toc.entries:
            m = P.PART.match(entry.text)
            if m:
                part = P.cn_number(m.group(1)) or 0
                continue
            heading = P.SEC1.match(entry.text)
            if not heading:
                continue
            if part == 2:
                toc_tables[P.cn_number(heading.group(1)) or 0] = (heading.group(2), entry.span)
            elif part == 3:
                toc_sections.append((heading.group(2), entry.span))

    present_numbers = {t.number for t in tables if t.part == 2 and t.number is not None}
    present_kinds = {t.kind for t in tables if t.part == 2 and t.kind is not None}
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
    if _part(parts, 2) is not None:
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

    part3 = _part(parts, 3)
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


# -- meta ---------------------------------------------------------------------------------------

_DEPT_SUFFIX = regex.compile(r"(?<=\p{Han}{3})部门$")
_TITLE_TAIL = regex.compile(r"\s*+\d{4}+\s*+年\s*+(?:度\s*+)?(?:部门|单位)?\s*+预算.*+$")


def _clean_department(name: str) -> str:
    name = name.strip(" ：:")
    return _DEPT_SUFFIX.sub("", name)


def _department(builder: TreeBuilder, tables: tuple[TableBlock, ...]) -> str | None:
    """The unit's name: the tables' 编制部门 lines, else the signature, else the title."""
    names = Counter(_clean_department(t.department) for t in tables if t.department)
    if names:
        return names.most_common(1)[0][0]
    for line in builder.signature:
        if line.kind == K.SIGN_DEPT:
            return _clean_department(line.text.text)
    title = "".join(line.text.text for line in builder.titles)
    if title:
        name = _TITLE_TAIL.sub("", title)
        if name and name != title:
            return _clean_department(name)
    return None


def _year(builder: TreeBuilder, parts: tuple[Part, ...]) -> int | None:
    """The budget year: from the title, else the part headings, else the signature."""
    title = "".join(line.text.text for line in builder.titles)
    m = P.TITLE_YEAR.search(title)
    if m:
        return int(m.group(1))
    years = Counter()
    for part in parts:
        for y in P.YEAR.findall(part.title):
            years[int(y)] += 1
    for section in _sections(parts):
        if section.level == 1:
            for y in P.YEAR.findall(section.title):
                years[int(y)] += 1
    if years:
        return years.most_common(1)[0][0]
    for line in builder.signature:
        d = P.DATE.match(regex.sub(r"\s++", "", line.text.text))
        if d:
            return int(d.group(1))
    return None


def _published(builder: TreeBuilder) -> str | None:
    for line in builder.signature:
        if line.kind != K.SIGN_DATE:
            continue
        d = P.DATE.match(regex.sub(r"\s++", "", line.text.text))
        if d:
            year, month, day = (int(g) for g in d.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _sections(parts: Iterable[Part]) -> Iterable[Section]:
    stack = [s for p in parts for s in p.sections]
    while stack:
        section = stack.pop()
        yield section
        stack.extend(section.sections)
