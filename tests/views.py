"""A parsed document as the text a reviewer reads: one view per aspect, one line per item.

The corpus snapshots (tests/test_corpus.py) are these views.  They leave spans out (the
span property in tests/spans.py covers every span), so a changed cell changes one line,
and the failing test shows that line's old and new text.
"""

from __future__ import annotations

import attrs
import regex

from budgetparse.model import Document, TableBlock
from budgetparse.narrative import Record
from budgetparse.reconcile import reconcile
from budgetparse.reconcile.report import text_report
from budgetparse.source import Source

from .narrative_cases import render

# the outline's spans: ` [12, 345]` after a heading, a table or a diagnostic
_SPAN = regex.compile(r" \[\d++, \d++\]$", regex.MULTILINE)


def outline(document: Document) -> str:
    """Parts, sections, tables and diagnostics, without spans."""
    return _SPAN.sub("", document.outline()) + "\n"


def tables(document: Document) -> str:
    """Every table: a heading line, then one line per row with its cells as printed."""
    lines: list[str] = []
    for table in document.tables:
        lines += _table(table)
    return "\n".join(lines) + "\n"


def _table(table: TableBlock) -> list[str]:
    number = f"表{table.number}" if table.number is not None else "表-"
    where = f"part {table.part}" + (f" {table.section}" if table.section else "")
    head = [f"{number} {table.kind or '?'} {table.title or '(untitled)'} · {where}"]
    if table.department or table.unit:
        head.append(f"  编制 {table.department or '?'} · 单位 {table.unit or '?'}")
    if table.empty:
        head.append("  (empty)")
    for note in table.notes:
        head.append(f"  note: {note.text}")
    if table.columns:
        head.append(f"  columns: {' | '.join(table.columns)}")
    for row in table.rows:
        label = " ".join(x for x in (row.code, row.name) if x) or "-"
        if row.project:
            label += f" / {row.project}"
        flags = "".join(
            f" [{flag}]" for flag in (row.group, "total" if row.total else None) if flag
        )
        cells = [f"{column}={cell.text}" for column, cell in row.cells.items()]
        cells += [f"{column}=?" for column in row.undecided]
        head.append(f"  {label}{flags}" + (f": {' '.join(cells)}" if cells else ""))
    performance = table.performance
    if performance is not None:
        head.append(
            f"  unit={performance.budget_unit} project={performance.project} "
            f"total={performance.total} fiscal={performance.fiscal} other={performance.other}"
        )
        if performance.goal:
            head.append(f"  goal: {performance.goal}")
        for i in performance.indicators:
            levels = "/".join(x or "-" for x in (i.level1, i.level2))
            # the target as read: operator, value, unit (nothing for a target in words)
            read = " ".join(str(x) for x in (i.operator, i.value, i.unit) if x is not None)
            head.append(f"  {levels}/{i.name}: {i.value_text}" + (f" ({read})" if read else ""))
    return head


def records(document: Document) -> str:
    """Each narrative record as the narrative fixtures render it, after its place; the
    records of a breakdown indented under their lead; then the coverage and the amount
    mentions no record holds."""
    lines = []
    for record in document.records:
        indent = "    " if record.parent is not None else ""
        place = f"{record.part}/{record.section or '-'}"
        lines.append(f"{indent}{place} {render(_unparented(record))}")
    coverage = document.coverage
    if coverage is not None:
        lines.append(f"coverage: {coverage.covered} of {coverage.mentions} mentions")
        for mention in coverage.unparsed:
            lines.append(f"  unheld: {mention.part}/{mention.section or '-'} {mention.text}")
    return "\n".join(lines) + "\n"


def _unparented(record: Record) -> Record:
    """The record without its lead's index (the indentation shows it, and an index would
    change on every line after an inserted record)."""
    return attrs.evolve(record, parent=None)


def sentences(document: Document) -> str:
    """The running text as segmented: one line per sentence (part, section, paragraph kind,
    the records it holds by kind), paragraphs set apart by a blank line."""
    kinds: dict[int, list[str]] = {}
    for record in document.records:
        if record.sentence is not None:
            kinds.setdefault(record.sentence, []).append(record.kind)
    lines: list[str] = []
    for index, sentence in enumerate(document.sentences):
        paragraph = document.paragraphs[sentence.paragraph]
        if index == paragraph.sentences[0] and index:
            lines.append("")
        where = f"{sentence.part or '-'} {sentence.section or '-'} {paragraph.kind}"
        held = f"  <{' '.join(kinds[index])}>" if index in kinds else ""
        lines.append(f"{where} | {sentence.text}{held}")
    return "\n".join(lines) + "\n"


def findings(document: Document, text: str, name: str) -> str:
    """What ``budgetparse check`` prints for the document."""
    source = Source.from_text(text, path=name)
    return text_report(reconcile(document, text), source, name) + "\n"
