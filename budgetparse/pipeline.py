"""The whole chain for one input: decode → layout → grammar → typed document.

``parse`` never raises on bad *text*: whatever it cannot make sense of becomes a
diagnostic.  Only bytes that are not text in any supported encoding raise
:class:`~budgetparse.decode.UndecodableInputError`.
"""

from __future__ import annotations

import gc
import mmap
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import attrs

from . import layout as K
from . import meta as M
from . import patterns as P
from .build import TreeBuilder
from .document_vocabulary import vocabulary
from .grammar import parse_lines
from .model import (
    Coverage,
    Diagnostic,
    Document,
    Meta,
    Part,
    SourceInfo,
    TableBlock,
    Toc,
)
from .narrative import Narrative, read_narrative
from .prose import ProseUnit
from .reconcile import reconcile
from .reconcile.relations import relations
from .rejoined import rejoined
from .sentences import Segmenter
from .source import MAX_BYTES, MAX_CHARS, Source, load_source
from .tables import TableContent, printed_list, read_table, uses_evidence
from .tables.evidence import (
    SUMMARY_KINDS,
    Evidence,
    code_names,
    declared_empty_sources,
    empty_sources,
    linked_totals,
    shares,
)
from .tables.known_rows import MAX_KNOWN, remember
from .tables.performance import read_performance
from .templates import Template, best_match, detect, every_table, id_ordinal, normalise_title

PERFORMANCE_KINDS = ("performance_project", "performance_department")

__all__ = ["MAX_BYTES", "MAX_CHARS", "parse", "parse_source"]

# How much of the text's opening names the family when the title and headings do not.
_FAMILY_OPENING = 5000


def parse(
    data: str | bytes | bytearray | memoryview | mmap.mmap, path: str | None = None
) -> Document:
    """Parse one disclosure (text or bytes) into a :class:`Document`.

    Raises ``TypeError`` for anything else (the message says what is accepted), and
    :class:`~budgetparse.decode.UndecodableInputError` for bytes that are not text.
    """
    return parse_source(load_source(data, path))


# The collector's thresholds during a parse (young collections every 20,000 allocations
# instead of 700, the middle generation every 20 of them instead of 10).
_PARSE_THRESHOLDS = (20_000, 20, 10)
_thresholds_lock = threading.Lock()
_parses_running = 0
_thresholds_before: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def _fewer_cycle_collections() -> Iterator[None]:
    """Python's cycle collector started less often during a parse.

    A parse builds one large tree of objects that reference counting frees without help
    (the corpus leaves no cycles); the collector, started every 700 allocations, walks
    the young objects again and again, and the whole growing tree now and then, and
    finds nothing: a fifth to a third of the time of inputs made of many small pieces
    (short lines, dense statements).  Paused altogether it would cost more memory (the
    free lists a full collection clears); started this much less often it keeps the
    corpus's peak.  Thresholds a caller set higher are kept; the first parse to start
    saves them and the last to end puts them back, whatever the threads."""
    global _parses_running, _thresholds_before
    with _thresholds_lock:
        if _parses_running == 0:
            _thresholds_before = gc.get_threshold()
            raised = zip(_PARSE_THRESHOLDS, _thresholds_before, strict=True)
            gc.set_threshold(*(max(mine, theirs) for mine, theirs in raised))
        _parses_running += 1
    try:
        yield
    finally:
        with _thresholds_lock:
            _parses_running -= 1
            if _parses_running == 0:
                gc.set_threshold(*_thresholds_before)


def parse_source(source: Source) -> Document:
    """The stages in order, each handed only what it reads.  What a stage no longer needs
    goes out of scope with it: the layout and the parse tree end with :func:`read_structure`,
    each table's lines once the table is read, each prose unit once the narrative read it."""
    with _fewer_cycle_collections():
        return _parse_source(source)


def _parse_source(source: Source) -> Document:
    info = SourceInfo(
        path=source.path, encoding=source.encoding, sha256=source.sha256, chars=len(source.text)
    )
    refusal = _refusal(source)
    if refusal is not None:
        return _unparsed(info, refusal, source.text)
    structure = read_structure(source.text)
    template = _template(structure)
    tables, table_diagnostics = _read_tables(
        _kind_tables(structure.tables, structure.parts, template),
        structure.table_lines,
        template,
        source.text,
    )
    meta = _meta(structure, tables, template)
    segmenter = Segmenter()  # the sentences are cut as each unit passes to the narrative
    narrative, narrative_diagnostics = _read_narrative(structure.prose, segmenter)
    document = Document(
        source=info,
        meta=meta,
        toc=structure.toc,
        parts=structure.parts,
        tables=tables,
        records=segmenter.told(narrative.records),
        coverage=_coverage(narrative),
        paragraphs=tuple(segmenter.paragraphs),
        sentences=tuple(segmenter.sentences),
        text=source.text,
    )
    del narrative  # reconciliation reads the document alone
    diagnostics = [
        *_source_diagnostics(source),
        *structure.diagnostics,
        *table_diagnostics,
        *_check_parts(structure.parts),
        *_check_promised(structure, tables, template),
        *_template_diagnostics(template),
        *narrative_diagnostics,
        *rejoined(document, source.text),
    ]
    return _reconciled(document, diagnostics, source.text)


# -- the stages ---------------------------------------------------------------------------


@attrs.frozen
class Structure:
    """What the document grammar finds: parts and sections, located tables with their
    lines, the prose in reading order, and the front and back matter meta is read from.

    ``table_lines`` and ``prose`` are emptied by the stages that read them."""

    parts: tuple[Part, ...]
    tables: tuple[TableBlock, ...]
    table_lines: list[list[K.LogicalLine]]  # per table: its lines after the title
    prose: list[ProseUnit]
    toc: Toc | None
    title: str  # the title lines joined
    titles: tuple[str, ...]  # the title lines
    front: tuple[str, ...]  # the lines before the title that are not the title
    signature: tuple[tuple[str, str], ...]  # (line kind, text) of the closing lines
    opening: str  # the text's first characters (the family when nothing else names it)
    diagnostics: tuple[Diagnostic, ...]  # structure.recovered, structure.before_parts


def read_structure(text: str) -> Structure:
    """Decoded text → :class:`Structure`: layout, the document grammar, the tree walked."""
    layout = K.normalise(text)
    tree, problems = parse_lines(layout.lines)
    builder = TreeBuilder(layout.lines)
    builder.start(tree)
    diagnostics = [
        Diagnostic(
            "structure.recovered",
            message,
            layout.lines[index].span if 0 <= index < len(layout.lines) else None,
        )
        for index, message in problems
    ]
    if builder.leading or builder.leading_sections:
        first = (builder.leading or builder.leading_sections)[0]
        diagnostics.append(
            Diagnostic(
                "structure.before_parts",
                "text stands before the first part heading (第一部分)",
                first.span,
            )
        )
    return Structure(
        parts=tuple(builder.parts),
        tables=tuple(builder.tables),
        table_lines=builder.table_lines,
        prose=builder.prose,
        toc=builder.toc,
        title="".join(line.text.text for line in builder.titles),
        titles=tuple(line.text.text for line in builder.titles),
        front=tuple(line.text.text for line in builder.front),
        signature=tuple((line.kind, line.text.text) for line in builder.signature),
        opening=text[:_FAMILY_OPENING],
        diagnostics=tuple(diagnostics),
    )


def prose_units(data: str | bytes) -> list[ProseUnit]:
    """The prose units of a document or fragment, in reading order."""
    return read_structure(load_source(data).text).prose


def _refusal(source: Source) -> tuple[str, str] | None:
    """Why a text is not parsed at all (too large to be a disclosure, or empty)."""
    if source.size > MAX_BYTES:
        return (
            "document.too_large",
            f"the input has {source.size:,} bytes, more than the limit of {MAX_BYTES:,} "
            "(source.MAX_BYTES); not decoded or parsed",
        )
    if len(source.text) > MAX_CHARS:
        return (
            "document.too_large",
            f"the input has {len(source.text):,} characters, more than the limit of "
            f"{MAX_CHARS:,} (source.MAX_CHARS); not parsed",
        )
    if not source.text.strip():
        return "document.empty", "the input holds no text"
    return None


def _source_diagnostics(source: Source) -> list[Diagnostic]:
    """What decoding noticed without refusing (unusual characters, repaired surrogates)."""
    if source.note is None:
        return []
    return [Diagnostic("source.unusual_characters", source.note)]


def _template(structure: Structure) -> Template | None:
    """The template variant the numbered tables and the 情况说明's sections match."""
    parts = structure.parts
    explanation = _role(parts, "explanation")
    # the 情况说明's sections: its part's, else the top-level sections that play its role
    # inside a part of another (a heading whose 说明 wrapped away from it)
    sections = (
        list(explanation.sections)
        if explanation
        else [s for p in parts for s in p.sections if s.role == "explanation"]
    )
    return detect(
        [(t.number, t.title or "") for t in structure.tables if _in_role(t, parts, "tables")],
        [s.title for s in sections],
    )


def _template_diagnostics(template: Template | None) -> list[Diagnostic]:
    if template is not None:
        return []
    return [
        Diagnostic(
            "template.unknown",
            "no known template variant matches the tables and sections printed",
        )
    ]


def _meta(structure: Structure, tables: tuple[TableBlock, ...], template: Template | None) -> Meta:
    toc = [e.text for e in structure.toc.entries] if structure.toc else []
    printed = [p.title for p in structure.parts if p.title is not None]
    part_titles = [*printed, *(m.group(2) for e in toc if (m := P.PART.match(e)))]
    headings = toc + printed
    return Meta(
        title=structure.title or None,
        department=M.department(
            structure.titles,
            structure.front,
            structure.signature,
            tables,
            part_titles,
            statements=_opening_paragraphs(structure.prose),
        ),
        year=M.year(
            structure.titles,
            structure.front,
            structure.parts,
            structure.signature,
            toc=toc,
            opening=structure.opening,
        ),
        published=M.published(structure.signature),
        template=template.id if template else None,
        family=M.family(structure.title, headings, structure.opening),
    )


def _opening_paragraphs(prose: list[ProseUnit]) -> Iterator[str]:
    """The body's paragraphs up to its first table's note or the tables part (the
    overview's opening statement is among the first of them)."""
    for unit in prose:
        if unit.kind == "note" or unit.role in ("tables", "glossary"):
            return
        if unit.kind == "paragraph":
            yield unit.text.text


def _read_narrative(
    prose: list[ProseUnit], segmenter: Segmenter
) -> tuple[Narrative, list[Diagnostic]]:
    """The records of the prose, each unit segmented into sentences and let go once read;
    a failure of the reader is a diagnostic, never an exception out of the parser."""
    units = segmenter.passing(_drained(prose))
    try:
        return read_narrative(units, segmenter.holding), []
    except Exception as error:
        for _unit in units:  # what the failed reader left unread is still segmented
            pass
        return Narrative(), [
            Diagnostic("narrative.reader_error", f"{type(error).__name__}: {error}")
        ]


def _coverage(narrative: Narrative) -> Coverage:
    return Coverage(
        mentions=len(narrative.mentions),
        covered=sum(1 for m in narrative.mentions if m.covered),
        share=narrative.coverage,
        unparsed=narrative.unparsed,
    )


def _reconciled(document: Document, diagnostics: list[Diagnostic], text: str) -> Document:
    """The document with its findings and all diagnostics, in document order."""
    checked = reconcile(document, text)
    diagnostics = [*diagnostics, *checked.diagnostics]
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


def _unparsed(info: SourceInfo, refusal: tuple[str, str], text: str) -> Document:
    """A document with nothing in it but the reason why."""
    code, message = refusal
    return Document(
        source=info,
        meta=Meta(),
        toc=None,
        parts=(),
        tables=(),
        diagnostics=(Diagnostic(code, message),),
        text=text,
    )


# -- structure checks -----------------------------------------------------------------------


def _role(parts: Iterable[Part], role: str) -> Part | None:
    """The first part playing ``role`` (roles come from the parts' titles)."""
    return next((p for p in parts if p.role == role), None)


def _in_role(table: TableBlock, parts: Iterable[Part], role: str) -> bool:
    """Does the table stand inside a part playing ``role``?"""
    start, end = table.span
    return any(p.role == role and p.span[0] <= start and end <= p.span[1] for p in parts)


def _in_implicit(table: TableBlock, parts: Iterable[Part]) -> bool:
    """Does the table stand in a body that no part heading divides (an implicit part)?"""
    start, end = table.span
    return any(p.implicit and p.span[0] <= start and end <= p.span[1] for p in parts)


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
                out.append(Diagnostic("part.missing", f"no part plays the role {role} ({name})"))
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
    """Give tables their kind: the tables part's from the template catalogue (by title,
    else number) or, where the template does not list it or no template matches, by its
    title against every known kind; a table standing elsewhere (its part's heading not
    recognised) only by a title the template's catalogue names, never by number alone."""
    out = []
    for table in tables:
        if table.kind is None:
            in_part = _in_role(table, parts, "tables") or _in_implicit(table, parts)
            entry = None
            if template is not None and table.title:
                entry = best_match(template.tables, table.title)
            if entry is None and in_part and template is not None and table.number is not None:
                entry = template.table(table.number)
            if entry is None and in_part and table.title:
                entry = best_match(every_table(), table.title)
            if entry is not None:
                table = attrs.evolve(table, kind=entry.kind)
        out.append(table)
    return tuple(out)


def _read_tables(
    tables: tuple[TableBlock, ...],
    lines: list[list[K.LogicalLine]],
    template: Template | None,
    text: str | None = None,
) -> tuple[tuple[TableBlock, ...], list[Diagnostic]]:
    """Typed rows for tables whose kind has a column catalogue; targets for the
    performance-target tables.

    The summary tables are read first: the funding sources they print as empty, and those
    whose own table is declared empty, tell the readers which columns are zero everywhere
    (tables/evidence.py).
    ``text`` is the decoded text, where space-aligned amounts' columns are read.
    Each table's entry in ``lines`` is emptied once the table is read (the lines are most
    of the layout's memory, the rows read from them the next largest).
    """
    # a fund's own table declared empty: the fund is zero in the summaries as well
    empty = declared_empty_sources(t.kind for t in tables if t.empty and t.kind)
    declared = Evidence(empty_sources=empty)
    first: dict[int, TableContent] = {}  # summary tables as read with that evidence alone
    # tables left unread: their lines, and their printed column order
    unread: dict[int, tuple[list[K.LogicalLine], tuple[str, ...]]] = {}
    for i, (table, table_lines) in enumerate(zip(tables, lines, strict=True)):
        if table.kind in SUMMARY_KINDS:
            content = read_table(
                table.kind, table_lines, _printed_columns(table, template), declared, text
            )
            empty |= empty_sources(r for r in content.rows if r.group == "income")
            first[i] = content
    evidence = Evidence(empty_sources=empty)
    out: list[TableBlock] = list(tables)
    diagnostics: dict[int, list[Diagnostic]] = {}
    # tables with a 项目名称 column last: their reader uses the names the others print;
    # a table after the tables that print a share of it (tables/evidence.py, Share)
    pairs = [(a.kind, a.column, b.kind, b.column) for a, b in relations().at_most]
    wholes = {whole for _, _, whole, _ in pairs}
    # the same figure in two tables: a kind's totals row and a cell of another table
    links = [
        ((a.kind, a.side, a.row, a.column), tuple((b.kind, b.side, b.row, b.column) for b in ends))
        for a, ends in relations().links
    ]
    linked = {end[0] for a, ends in links if len(ends) == 1 for end in (a, *ends)}
    order = sorted(
        range(len(tables)),
        key=lambda i: (tables[i].kind == "general_project", tables[i].kind in wholes),
    )
    for i in order:
        table, table_lines = tables[i], lines[i]
        if table.kind in wholes:
            evidence = attrs.evolve(
                evidence, shares=shares(pairs, ((t.kind or "", t.rows) for t in out))
            )
        found: tuple[tuple[str, str, tuple[int, int] | None], ...]
        if table.kind in linked:
            so_far = [(t.kind or "", t.rows) for t in out if t.kind in linked and t.rows]
            so_far += [(tables[j].kind or "", c.rows) for j, c in first.items() if j != i]
            evidence = attrs.evolve(evidence, totals=linked_totals(links, so_far))
        if table.kind == "general_project" and not evidence.names:
            evidence = attrs.evolve(evidence, names=code_names(r for t in out for r in t.rows))
        if table.kind in PERFORMANCE_KINDS:
            performance = read_performance(table.kind, table_lines)
            table = attrs.evolve(table, performance=performance)
            found = performance.diagnostics
        else:
            same = evidence.zero_columns(table.kind) == declared.zero_columns(table.kind)
            if i in first and (same or not uses_evidence(table.kind, table_lines, evidence, text)):
                content = first[i]  # the same read again would give the same content
            else:
                content = read_table(
                    table.kind, table_lines, _printed_columns(table, template), evidence, text
                )
            if content.rows or content.columns:
                table = attrs.evolve(table, columns=content.columns, rows=content.rows)
            found = content.diagnostics
        diagnostics[i] = [Diagnostic(code, message, span) for code, message, span in found]
        out[i] = table
        # the codes and names of the tables read so far (tables/known_rows.py)
        evidence = attrs.evolve(evidence, code_lists=remember(evidence.code_lists, table.rows))
        if not table.rows and table.kind not in PERFORMANCE_KINDS:
            unread[i] = (lines[i], _printed_columns(table, template))
        lines[i] = []
        first.pop(i, None)
    for i, content in _vouched(tables, unread, evidence, text).items():
        out[i] = attrs.evolve(out[i], columns=content.columns, rows=content.rows)
        diagnostics[i] = [Diagnostic(c, m, span) for c, m, span in content.diagnostics]
    return tuple(out), [d for i in range(len(tables)) for d in diagnostics[i]]


def _vouched(
    tables: Sequence[TableBlock],
    unread: dict[int, tuple[list[K.LogicalLine], tuple[str, ...]]],
    evidence: Evidence,
    text: str | None,
) -> dict[int, TableContent]:
    """Tables left unread that vouch for each other (tables/known_rows.py, "Two tables
    left unread"): a table whose own cells print a list of codes and names, and another
    whose cells print exactly that list, are both read with it (amounts where a fill
    verifies).  Each table is paired once, with the first that fits of the
    :data:`MAX_KNOWN` unread tables nearest it, so that the cost stays linear in the
    number of tables."""
    out: dict[int, TableContent] = {}
    order = sorted(unread)
    for p, i in enumerate(order):
        if i in out:
            continue
        printed = printed_list(tables[i].kind, unread[i][0])
        if printed is None:
            continue
        known = attrs.evolve(evidence, code_lists=(printed,))
        near = [*order[max(0, p - MAX_KNOWN) : p], *order[p + 1 : p + 1 + MAX_KNOWN]]
        for j in sorted(near, key=lambda j: (abs(j - i), j))[:MAX_KNOWN]:
            if j in out:
                continue
            other = read_table(tables[j].kind, unread[j][0], unread[j][1], known, text)
            if not other.rows:
                continue
            mine = read_table(tables[i].kind, unread[i][0], unread[i][1], known, text)
            if mine.rows:
                out[i], out[j] = mine, other
            break
    return out


def _printed_columns(table: TableBlock, template: Template | None) -> tuple[str, ...]:
    """The template variant's printed column order for this table, if it gives one."""
    entry = template.table(table.number) if template and table.number else None
    return tuple(entry.columns) if entry is not None and entry.kind == table.kind else ()


def _id_order(number: int | str) -> tuple[bool, int, str]:
    """Table ids in printed order: numbers by value, ids like "1-1" after them."""
    ordinal = id_ordinal(number)
    return (ordinal is None, ordinal or 0, str(number))


def _check_promised(
    structure: Structure, tables: tuple[TableBlock, ...], template: Template | None
) -> list[Diagnostic]:
    """Tables and part-3 sections that the TOC or the template promise but the body lacks."""
    out: list[Diagnostic] = []
    toc_tables: dict[int, tuple[str, tuple[int, int] | None]] = {}
    toc_sections: list[tuple[str, tuple[int, int]]] = []
    parts = structure.parts
    if structure.toc is not None:
        role: str | None = None
        words = vocabulary()
        for toc_entry in structure.toc.entries:
            m = P.PART.match(toc_entry.text)
            if m:
                role = words.role_of(m.group(2))
                continue
            heading = P.SEC1.match(toc_entry.text)
            if not heading:
                continue
            if role == "tables":
                toc_tables[P.cn_number(heading.group(1)) or 0] = (heading.group(2), toc_entry.span)
            elif role == "explanation":
                toc_sections.append((heading.group(2), toc_entry.span))

    in_tables = [t for t in tables if _in_role(t, parts, "tables")]
    present_numbers = {t.number for t in in_tables if t.number is not None}
    present_kinds = {t.kind for t in in_tables if t.kind is not None}
    promised: dict[int | str, tuple[str, str, tuple[int, int] | None]] = {}
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
        for printed in sorted(promised, key=_id_order):
            kind, title, span = promised[printed]
            if printed in present_numbers or (kind and kind in present_kinds):
                continue
            where = (
                "the table of contents"
                if span
                else f"the {template.id if template else ''} template"
            )
            out.append(
                Diagnostic(
                    "table.missing",
                    f"表{printed} {title} is promised by {where} but absent from the tables part",
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
