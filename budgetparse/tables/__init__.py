"""Budget tables: the rows of a located table, typed, under canonical column names.

``read_table(kind, lines)`` takes the ``table_start`` / ``table_row`` lines of one table
(header rows first) and returns a :class:`TableContent`.  Tab-separated rows (the
plain-text and markdown-like layouts) are read by header position (reader.py); rows whose
cells are runs of spaces with empty cells dropped (pdftotext layout) are placed into
columns by the table's own arithmetic (spaced.py), and a row the arithmetic cannot decide
is left empty with a ``table.ambiguous_row`` diagnostic.  Space-aligned rows whose gaps
are tabs written as a fixed run of spaces get their cells back first (gaps.py) and are
read by header position.  A table printed one cell per line (plain pdftotext) is rebuilt
by cellwise.py (a two-sided summary by sides_cellwise.py, whose search of the verified
assignments is sides_search.py; cell_lines.py holds what they share), and the two-list
基本支出 table whose codes, names and amounts stand on separate lines by two_lists.py, each
only when the table's arithmetic verifies the result; the one-row “三公” table by its
identities (one_row.py), a cell read where every verified placement agrees; the
two-list 基本支出 table printed a cell per line keeps its rows, amounts undecided, when
its cells are exactly the names and codes of subjects of the economic classification
(economic_lists.py); a coded table whose arithmetic
verifies no arrangement keeps its rows when its cells print exactly the codes and names
of a table read before, its amounts where a fill of them verifies, else undecided
(known_rows.py); otherwise ``table.layout_unreadable``.  Tables of kinds without column
data in ``grammar/templates/columns.toml`` (the performance-target tables, unknown kinds)
give an empty content with no diagnostic.

Diagnostic codes (``(code, message, span)``):

- ``table.ambiguous_row``: a space-aligned row whose numbers fit several columns (the
  columns every fitting placement agrees on are filled; the others are listed in
  ``Row.undecided``); or rows of a summary printed one cell per line whose amount the
  verified assignments do not agree on (sides_cellwise.py), or cells of a coded table
  printed one cell per line that its verified placements fill differently (cellwise.py),
  undecided likewise, or amounts of one whose rows are another table's codes and names
  that no verified fill decides (known_rows.py);
- ``table.evidence_conflict``: a row whose every placement puts an amount into a funding
  source the summary table prints as empty (the evidence is not used for that row);
- ``table.arithmetic_mismatch``, ``table.stray_text``, ``table.project_unsplit``: see
  spaced.py;
- ``table.unknown_column`` (info): a header column not in columns.toml, kept under its
  own normalised name;
- ``table.duplicate_column``: two header columns resolve to the same canonical name;
- ``table.no_header``: no value column found in the header; the template's columns assumed;
- ``table.bad_cell``: a cell that is not a number where an amount belongs (value None);
- ``table.extra_cells``: amounts beyond the header's value columns (dropped);
- ``table.shifted_cell``: one amount printed a cell right of the empty last column, placed
  there because the row identity holds only with it;
- ``table.no_name``: a coded row without a name;
- ``table.repeated_header`` (info): a header row repeated in the body, skipped;
- ``table.rows_elided`` (info): a line (or run of lines) of ellipses only, ``…  …``, that a
  blank form prints for rows it leaves out: dropped, never joined to the name of the row
  above (which ends there);
- ``table.layout_unreadable``: a table printed one cell per line whose arrangement the
  table's arithmetic does not verify (cellwise.py), or a two-list table whose codes,
  names and amounts stand on separate lines: not read;
- ``table.names_unsplit``: a table rebuilt from one cell per line whose names wrapped over
  lines where its bands do not tell which lines join: the rows keep their codes and
  amounts, no names;
- ``table.reader_error``: an unexpected failure, caught so that parsing goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..layout import TABLE_ROW, TABLE_START, LogicalLine
from .cells import ROWS_ELIDED
from .cellwise import printed_list as cellwise_list
from .columns import header_words, kind_spec, norm, vocabulary
from .evidence import Evidence
from .gaps import expanded_tabs
from .known_rows import KnownRow
from .reader import TableReader
from .rows import Cell, Row, TableContent
from .spaced import SpacedReader, read_spaced_table

INFO_CODES = frozenset({"table.unknown_column", "table.repeated_header", ROWS_ELIDED})

_NOTHING = TableContent(columns=(), rows=(), diagnostics=())


def read_table(
    kind: str | None,
    lines: Sequence[LogicalLine],
    columns: Sequence[str] = (),
    evidence: Evidence | None = None,
    text: str | None = None,
) -> TableContent:
    """`lines` are the table's table_start/table_row lines in order (header rows first);
    `columns` the template variant's printed column order, used where the header cannot
    be read (space-aligned tables); `evidence` what the document's other tables say
    (tables/evidence.py), which helps read space-aligned rows, as does ``text``, the
    decoded text the lines come from (where amounts stand: positions.py)."""
    rows = [line for line in lines if line.kind in (TABLE_START, TABLE_ROW)]
    spec = kind_spec(kind) if kind else None
    if spec is None or not rows:
        return _NOTHING
    try:
        if not any(line.cells for line in rows):  # pdftotext: cells are runs of spaces
            # unless the runs are tabs written as spaces
            expanded = expanded_tabs(rows, text, _words(spec.kind))
            if expanded is None:
                return read_spaced_table(spec.kind, spec, rows, columns, evidence, text)
            rows = expanded
        return TableReader(spec, vocabulary()).read(rows)
    except Exception as error:  # never raise out of the parser: report and go on
        span = (min(r.span[0] for r in rows), max(r.span[1] for r in rows))
        return TableContent(
            columns=(),
            rows=(),
            diagnostics=(("table.reader_error", f"{type(error).__name__}: {error}", span),),
        )


def printed_list(kind: str | None, lines: Sequence[LogicalLine]) -> tuple[KnownRow, ...] | None:
    """The codes and names a coded table printed one cell per line (plain pdftotext)
    prints of itself, unverified (cellwise.py): the list a second table left unread may
    vouch for (known_rows.py, "Two tables left unread"); None for any other table."""
    rows = [line for line in lines if line.kind in (TABLE_START, TABLE_ROW)]
    spec = kind_spec(kind) if kind else None
    if spec is None or not rows or any(line.cells for line in rows):
        return None
    vocab = vocabulary()
    if not SpacedReader(spec, vocab, None).one_cell_per_line(rows):
        return None
    return cellwise_list(spec, vocab, rows, spec.default)


def _words(kind: str) -> Callable[[str], bool]:
    """Is a cell's text a word tables of ``kind`` print?  (gaps.py decides by it where
    letter spacing on a tab stop is a tab.)"""
    known = header_words(kind)
    return lambda text: norm(text) in known


def uses_evidence(
    kind: str | None, lines: Sequence[LogicalLine], evidence: Evidence, text: str | None = None
) -> bool:
    """Could ``evidence`` change what :func:`read_table` gives for this table?  Only a
    space-aligned table uses it: the zero columns of its kind, and for a table with a
    项目名称 column the names of codes.  Lets a caller reuse a read made without it."""
    spec = kind_spec(kind) if kind else None
    if spec is None:
        return False
    rows = [line for line in lines if line.kind in (TABLE_START, TABLE_ROW)]
    if any(line.cells for line in rows) or expanded_tabs(rows, text, _words(spec.kind)) is not None:
        return False
    return (
        bool(evidence.zero_columns(spec.kind))
        or (spec.project and bool(evidence.names))
        or spec.kind in evidence.shares
        or (not spec.sides and bool(evidence.code_lists))
    )


__all__ = [
    "INFO_CODES",
    "Cell",
    "KnownRow",
    "Row",
    "TableContent",
    "printed_list",
    "read_table",
    "uses_evidence",
]
