"""A coded table printed one cell per line (plain ``pdftotext``) → rows, accepted only
when the table's own arithmetic verifies the reconstruction.

Without ``-layout``, pdftotext prints a table as runs of single cells: the 类 codes of all
rows, then the 款 and 项 codes, then the names, then the amounts of one column after the
other.  A run ends where the next cell of the column is empty (a blank line follows), so
which rows a run of amounts belongs to is lost::

    201 201 201 | 06 06 | 01 | 一般公共服务支出 财政事务 行政运行 合计 |
    3.00 3.00 3.00 3.00 | 2.00 2.00 2.00 2.00 | 1.00 1.00 1.00 1.00

A row whose name wraps over two lines breaks the runs: the rows are printed in *bands*
(the codes, names and amounts of rows 1-9, then of row 10, ...), and a page break starts
a new *section* (codes, names, amounts of the page's rows).

The reconstruction:

1. **Codes.**  The 类 column repeats the class on every row, so a band's leading run of
   3-digit codes gives its rows, in order.  Each class's first row is the 类 row (unless
   the band goes on with the class of the row above it); its other rows take 2-digit
   codes as their 款.  A 款 printed on L rows (or going on from the row above) is one 款
   row and 项 rows, which take 2-digit codes as their 项.  The order of the 2-digit codes
   varies: each class's 款 then its 项 (``06 06 06 | 01 02``), or row by row across the
   classes (``05 | 99 | 11``: the 款 and 项 of a row going on, then the 款 of the row
   under the next 类 row), or every 款 of the band before the 项.  Both readings are
   tried: by class runs, and by blocks (a block of lines without a blank line is one
   column's cells on consecutive rows, 款 or 项, each column top to bottom, a row's 项
   after its 款).  The counts must come out exactly and a code may not repeat; each
   reading that does is placed and verified (3), and two readings that both verify
   leave the table unread.  A page that opens with a lone 类 code loses it to the
   layout pass (a page number, to it): when a section's codes do not count out, they are
   tried once more with the class of the row above in front.
2. **Names.**  The text lines after the codes that are not header words, one per row,
   the totals label (合计/总计) first or last, or alone before the codes (the totals row
   first).  When the lines outnumber the rows, names wrapped over lines: a taller row
   breaks the runs of codes and amounts around it, so it prints as a band of its own,
   and the rows of a longer band print a line each.  When the single-row bands are as
   many as the extra lines (each takes two), or one (it takes them all), the lines are
   joined so; otherwise which lines join cannot be told: the rows keep their codes,
   names None, and a ``table.names_unsplit`` diagnostic says so.
3. **Amounts.**  Runs of amounts are placed band after band and, in a band, column after
   column (the printed order of the kind's columns), each on consecutive rows of its
   band, a later run of a column at least a row below the earlier (a run ends at an
   empty cell).  The totals row is tried as a band of its own and as part of the band
   next to it.  A placement is *verified* when every value column satisfies the code
   tree (a 类 = the sum of its 款, a 款 = the sum of its 项, the totals row = the sum of
   the 类 rows) and every row satisfies the kind's row identities (columns.toml, e.g.
   合计 = 基本支出 + 项目支出), within the rounding of the printed numbers.  Every
   verified placement is kept (up to :data:`MAX_PLACEMENTS`): a cell they all fill alike,
   or all leave empty, is the table's; a cell they fill differently is left undecided
   (``Row.undecided``, ``table.ambiguous_row``).  Columns that every identity treats
   alike (the funding sources of 合计 = Σ sources) give such sets: a run of figures fits
   an empty source column as well as the next one.  What other tables show (a source the
   summary prints empty, tables/evidence.py) takes the placements that put figures there
   out.

Rows printed one after another, each cell on its own line (whole codes: ``2013901`` /
``行政运行`` / ``64.80`` / ``64.80``), are read as space-aligned rows are (the reader of
pdftotext's layout places each row's amounts by the arithmetic, a column they fit several
ways left undecided) and kept only when every row is labelled, every amount placed and
the code tree holds in every column decided in every row (one at the least).

Why this is sound: every amount is used once, in print order, and only arrangements for
which every identity of the table holds are kept; what two verified arrangements give
differently is left undecided, and codes two verified readings give differently leave
the table unread.  A wrong placement would have to satisfy every parent/children sum of
every column and every row identity at once by coincidence of its figures.  When
nothing verifies, the rows are kept without amounts only where the cells print exactly
the codes and names of a table read before (known_rows.py, its soundness argument);
otherwise the caller keeps reporting ``table.layout_unreadable``: rows are never guessed.

Cost: the search abandons a placement as soon as a column it leaves breaks the code
tree, a band it leaves breaks a row identity, or a part exceeds a final total (of its
row, or of a row above it in the code tree), and stops past :data:`MAX_PLACEMENTS`
verified placements or when its work (the cells it has examined) passes a budget
linear in the table's size (:data:`WORK_PER_CELL` per cell, at least
:data:`MIN_WORK`), one budget for every search of the table (each reading of its
codes, its totals row alone and joined); past it the table is not read.
Interchangeable columns are searched in their printed order when the totals row comes
first (see ``CellwiseReader.place``), so that their many placements cost one search.
At most :data:`MAX_READINGS` readings of the codes are placed.  Everything else is
linear in the number of lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs
import regex

from ..layout import TABLE_ROW, LogicalLine
from ..mapped import MappedText, cover
from ..numbers import adds_up, rounding_of
from .cell_lines import (
    MIN_WORK,
    WORK_PER_CELL,
    CellToken,
    cell_tokens,
    code_groups,
    is_decimal_amount,
)
from .cells import EMPTY, NUMBER, Amounts, compact
from .columns import KindSpec, Vocabulary, identities_for, norm
from .known_rows import KnownRow, read_known_rows
from .rows import Cell, Diagnostic, Row, TableContent, row_of_cells
from .sides_cellwise import read_sides_cellwise

RowsReader = Callable[[Sequence[LogicalLine]], TableContent]
# diagnostics of the row reader that leave every row verified (a column assumed, a note)
_HARMLESS = frozenset({"table.no_header", "table.unknown_column", "table.repeated_header"})

_DIGITS = regex.compile(r"^\d++$")
# the most readings of a table's codes tried (each placed and verified on its own), and
# the most verified placements of its amounts kept (their common cells are the table)
MAX_READINGS = 8
MAX_PLACEMENTS = 32
# the amounts placed in a table's cells (rows × value columns)
_Grid = list[list[CellToken | None]]
# a section's names (None each when they cannot be told apart; None when the text
# cannot be read) and its totals label (first?, token)
_Names = tuple[list[CellToken | None] | None, tuple[bool, CellToken] | None]


@attrs.define
class _Label:
    code: str
    tokens: list[CellToken]
    name: CellToken | None = None
    total: bool = False


@attrs.define
class _Section:
    """One part of a table printed codes first, then names, then amounts."""

    head: list[CellToken] = attrs.Factory(list)  # text before the codes (header words)
    codes: list[CellToken] = attrs.Factory(list)
    texts: list[CellToken] = attrs.Factory(list)  # text after the codes: names, header words
    amounts: list[CellToken] = attrs.Factory(list)


@attrs.define
class _CodeState:
    """What the rows above say about the next band's codes."""

    last_class: str | None = None
    last_kuan: str | None = None
    seen: set[str] = attrs.Factory(set)


class _Verifier:
    """The identities a value column and a row must satisfy."""

    def __init__(self, labels: list[_Label], identities: list[tuple[int, tuple[int, ...]]]):
        self.identities = identities
        # parent row -> child rows (by code prefix; the totals row over the 类 rows)
        self.groups = code_groups([None if lab.total else lab.code for lab in labels])

    def column(self, cells: Sequence[Decimal | None]) -> bool:
        """The code tree holds in one value column (an empty cell counts zero)."""
        return all(adds_up(cells[p], [cells[k] for k in kids]) for p, kids in self.groups)

    def rows(self, grid: list[list[Decimal | None]], final: set[int]) -> bool:
        """Every row identity whose columns are all final holds on every row."""
        for left, right in self.identities:
            if left in final and all(c in final for c in right):
                for row in grid:
                    if not adds_up(row[left], [row[c] for c in right]):
                        return False
        return True


class CellwiseReader:
    """Reads one coded table printed a cell per line; ``read`` gives None when the
    reconstruction cannot be verified."""

    def __init__(
        self,
        spec: KindSpec,
        vocab: Vocabulary,
        columns: tuple[str, ...],
        rows_reader: RowsReader | None = None,
        zero: frozenset[str] = frozenset(),
        totals: Mapping[str, Decimal] | None = None,
        known: Sequence[tuple[KnownRow, ...]] = (),
    ) -> None:
        self.spec = spec
        self.known = known
        self.zero = zero
        self.totals = dict(totals or {})
        # the work of every search for this table, under one budget
        self.work = 0
        self.rows_reader = rows_reader
        self.vocab = vocab
        self.columns = columns
        self.amounts = Amounts(vocab.nil)
        self.diagnostics: list[Diagnostic] = []
        self._header_words: frozenset[str] | None = None

    # -- tokens ----------------------------------------------------------------------------

    def is_class(self, text: str) -> bool:
        pattern = self.spec.class_pattern
        return (
            len(text) == 3
            and bool(_DIGITS.match(text))
            and (pattern is None or bool(pattern.match(text)))
        )

    def identity_positions(self) -> list[tuple[int, tuple[int, ...]]]:
        """The kind's row identities by column position."""
        position = {c: i for i, c in enumerate(self.columns)}
        return [
            (position[left], tuple(position[c] for c in right))
            for left, right in identities_for(self.spec, self.columns)
        ]

    def is_amount(self, text: str) -> bool:
        return is_decimal_amount(text)

    # -- the table -------------------------------------------------------------------------

    def read(self, lines: Sequence[LogicalLine]) -> TableContent | None:
        if self.spec.sides:
            return read_sides_cellwise(self.spec, self.vocab, lines, self.zero)
        if self.spec.max_code_parts < 2 or not self.columns:
            return None
        tokens = cell_tokens(lines)
        return (
            self.column_major(tokens)
            or self.row_major(tokens)
            or read_known_rows(
                tokens,
                self.columns,
                self.known,
                self.is_header_text,
                lambda text: norm(text) in self.vocab.totals,
                lambda text: self.amounts.read(text)[1],
                self.verified,
                self.identity_positions(),
            )
        )

    def printed_list(self, lines: Sequence[LogicalLine]) -> tuple[KnownRow, ...] | None:
        """The codes and names the table's own cells print, unverified (known_rows.py,
        "Two tables left unread"): its code cells in print order read one way only (the
        bands of module docstring, 1), its text cells that are no header words one name a
        coded row, in print order, and a totals row where a totals label is printed.
        None when the codes read no way or several, or the names do not count out."""
        if self.spec.sides or self.spec.max_code_parts < 2 or not self.columns:
            return None
        tokens = cell_tokens(lines)
        readings = self.codes([t for t in tokens if _DIGITS.match(t.text)], _CodeState())
        if len(readings) != 1:
            return None
        labels = readings[0][0]
        totals = [t for t in tokens if norm(t.text) in self.vocab.totals]
        names = [
            t
            for t in tokens
            if not _DIGITS.match(t.text)
            and not self.is_amount(t.text)
            and not self.is_header_text(t.text)
            and t not in totals
        ]
        if len(names) != len(labels) or len({norm(t.text) for t in totals}) > 1:
            return None
        rows = [
            KnownRow(lab.code, compact(t.text), False) for lab, t in zip(labels, names, strict=True)
        ]
        if totals:
            rows.append(KnownRow(None, compact(totals[0].text), True))
        return tuple(rows)

    def column_major(self, tokens: list[CellToken]) -> TableContent | None:
        """Codes, names and amounts each in runs of one column (module docstring, 1-3)."""
        sections = self.sections(tokens)
        if not sections:
            return None
        runs: list[list[CellToken]] = []
        for part in sections:
            section_runs = self.runs(part.amounts)
            if section_runs is None:
                return None
            runs += section_runs
        # the readings of the codes, section after section
        readings: list[tuple[list[tuple[list[_Label], list[range]]], _CodeState]] = [
            ([], _CodeState())
        ]
        for part in sections:
            readings = [
                ([*pieces, (found, bands)], after)
                for pieces, before in readings
                for found, bands, after in self.section_codes(part, before)
            ]
            if not readings or len(readings) > MAX_READINGS:
                return None
        named: dict[tuple[int, tuple[range, ...]], _Names] = {}
        verified: list[tuple[list[_Label], list[_Grid]]] = []
        for pieces, _ in readings:
            table = self.labelled(sections, pieces, named)
            if table is None:
                continue
            labels, bands, total, total_first = table
            if not bands:
                return None  # no coded row: nothing the code tree could verify
            grids = self.placed(labels, bands, runs, total, total_first)
            if grids is None:
                return None  # the work budget spent, or too many placements
            if grids:
                verified.append((labels, grids))
        if len({tuple(lab.code for lab in labels) for labels, _ in verified}) != 1:
            return None  # nothing verified, or two readings of the codes
        labels = verified[0][0]
        grids = self.agreeing(labels, [g for _, grids in verified for g in grids])
        return self.build(labels, grids)

    def agreeing(self, labels: list[_Label], grids: list[_Grid]) -> list[_Grid]:
        """The placements whose totals row prints what another table shows there
        (``totals``); all of them, with a ``table.evidence_conflict`` diagnostic, when
        none does."""
        at = next((i for i, lab in enumerate(labels) if lab.total), None)
        position = {c: k for k, c in enumerate(self.columns)}
        pinned = [(position[c], v) for c, v in self.totals.items() if c in position]
        if at is None or not pinned or len(grids) < 2:
            return grids

        def agrees(grid: _Grid) -> bool:
            for c, value in pinned:
                token = grid[at][c]
                printed = self.amounts.read(token.text)[1] if token is not None else None
                if not adds_up(value, [printed]):
                    return False
            return True

        kept = [g for g in grids if agrees(g)]
        if kept:
            return kept
        self.diagnostics.append(
            (
                "table.evidence_conflict",
                "no placement of the amounts prints in the totals row what another table "
                "shows there; the evidence is not used",
                labels[at].tokens[0].cell.span() if labels[at].tokens else None,
            )
        )
        return grids

    def labelled(
        self,
        sections: list[_Section],
        pieces: list[tuple[list[_Label], list[range]]],
        named: dict[tuple[int, tuple[range, ...]], _Names],
    ) -> tuple[list[_Label], list[range], _Label | None, bool] | None:
        """The rows of one reading of the codes with their names, the totals row put
        first or last: (labels, bands, totals row, first?); None when the names do not
        fit the rows or a totals label stands inside the table."""
        labels: list[_Label] = []
        bands: list[range] = []
        total: _Label | None = None
        total_first = False
        for k, (part, (section_labels, section_bands)) in enumerate(
            zip(sections, pieces, strict=True)
        ):
            key = (k, tuple(section_bands))
            if key not in named:
                named[key] = self.names(part, section_bands)
            names, label = named[key]
            if names is None:
                return None
            if label is not None:
                first, token = label
                if total is not None or (first and k > 0) or (not first and k < len(sections) - 1):
                    return None  # a totals label inside the table
                total, total_first = _Label("", [token], token, True), first
            at = len(labels)
            labels += [
                attrs.evolve(lab, name=name)
                for lab, name in zip(section_labels, names, strict=True)
            ]
            bands += [range(at + b.start, at + b.stop) for b in section_bands]
        if total is not None:
            labels.insert(0 if total_first else len(labels), total)
            shift = 1 if total_first else 0
            bands = [range(b.start + shift, b.stop + shift) for b in bands]
        return labels, bands, total, total_first

    def sections(self, tokens: list[CellToken]) -> list[_Section]:
        """The parts of the table printed as codes, then names, then amounts (a page break
        starts another)."""
        out: list[_Section] = []
        part = _Section()
        for token in tokens:
            amount = self.is_amount(token.text)
            if not amount and part.amounts:
                out.append(part)
                part = _Section()
            if amount:
                part.amounts.append(token)
            elif _DIGITS.match(token.text):
                part.codes.append(token)
            elif part.codes:
                part.texts.append(token)
            else:
                part.head.append(token)
        if part.amounts:
            out.append(part)
        elif part.codes:
            return []  # codes without amounts after them
        return out

    def section_codes(
        self, part: _Section, state: _CodeState
    ) -> list[tuple[list[_Label], list[range], _CodeState]]:
        """The readings of a section's codes; for a section after a page break, when none
        counts out, once more with the 类 of the row above in front: a page that opens
        with a lone 类 code loses it to the layout pass, which takes it for a page
        number.  The counts must then come out exactly, the names and amounts fit the
        rows, and the arithmetic verify the table, as for every code."""
        found = self.codes(part.codes, state)
        if found or state.last_class is None or not part.codes:
            return found
        lost = CellToken(state.last_class, MappedText.empty(part.codes[0].cell.span()[0]), -1)
        return self.codes([lost, *part.codes], state)

    def codes(
        self, digits: list[CellToken], state: _CodeState
    ) -> list[tuple[list[_Label], list[range], _CodeState]]:
        """The readings of the rows' codes from the 类 runs and the 2-digit runs (module
        docstring, 1), with the bands of rows printed together (a band: its 类 codes,
        then its 2-digit codes) and the state after them; none when they do not count
        out or more than :data:`MAX_READINGS` do."""
        bands: list[list[CellToken]] = []
        for token in digits:
            if len(token.text) not in (2, 3):
                return []  # a whole code: rows printed one after another
            opens = len(token.text) == 3 and (not bands or len(bands[-1][-1].text) == 2)
            if opens:
                bands.append([])
            if not bands or (len(token.text) == 3 and not self.is_class(token.text)):
                return []
            bands[-1].append(token)
        readings: list[tuple[list[_Label], list[range], _CodeState]] = [([], [], state)]
        for band in bands:
            classes = [t for t in band if len(t.text) == 3]
            twos = [t for t in band if len(t.text) == 2]
            if band[: len(classes)] != classes:
                return []  # a 类 code after the band's 2-digit codes
            readings = [
                (labels + found, [*ranges, range(len(labels), len(labels) + len(found))], after)
                for labels, ranges, before in readings
                for found, after in self.band_readings(classes, twos, before)
            ]
            if len(readings) > MAX_READINGS:
                return []
        return readings

    def band_readings(
        self, classes: list[CellToken], twos: list[CellToken], state: _CodeState
    ) -> list[tuple[list[_Label], _CodeState]]:
        """The readings of one band's 2-digit codes (module docstring, 1): by class runs
        (each run's 款 codes, then its 项 codes) and by blocks (each block of lines one
        column's codes on consecutive rows, a row's 项 after its 款), each reading once;
        the arithmetic decides between them."""
        out: list[tuple[list[_Label], _CodeState]] = []
        seen: set[tuple[str, ...]] = set()
        for found in (*self.band(classes, twos, state), *self.band_by_blocks(classes, twos, state)):
            key = tuple(lab.code for lab in found[0])
            if key not in seen:
                seen.add(key)
                out.append(found)
        return out

    def band(
        self, classes: list[CellToken], twos: list[CellToken], state: _CodeState
    ) -> list[tuple[list[_Label], _CodeState]]:
        """The rows of one band read by class runs.  Each 类's first row is the 类 row
        unless the band goes on with the 类 of the row above it; its other rows take the
        next 2-digit codes as their 款, a 款 printed on several rows (or going on from
        the row above) being one 款 row and 项 rows, whose 项 codes come next."""
        state = attrs.evolve(state, seen=set(state.seen))
        labels: list[_Label] = []
        k = 0
        for run in _class_runs(classes):
            cls = run[0].text
            going_on = not labels and cls == state.last_class
            if not going_on:
                if cls in state.seen:
                    return []
                labels.append(_Label(cls, [run[0]]))
                state.seen.add(cls)
                state.last_kuan = None
                members = run[1:]
            else:
                members = run
            kuan = twos[k : k + len(members)]
            k += len(members)
            if len(kuan) < len(members):
                return []
            pending: list[tuple[CellToken, CellToken, int]] = []  # (类, 款, position)
            for token, member in zip(kuan, members, strict=True):
                if token.text == state.last_kuan:
                    pending.append((member, token, len(labels)))
                    labels.append(_Label("", []))
                    continue
                code = cls + token.text
                if code in state.seen:
                    return []
                state.seen.add(code)
                state.last_kuan = token.text
                labels.append(_Label(code, [member, token]))
            for member, kuan_token, position in pending:
                if k >= len(twos):
                    return []
                xiang = twos[k]
                k += 1
                code = cls + kuan_token.text + xiang.text
                if code in state.seen:
                    return []
                state.seen.add(code)
                labels[position] = _Label(code, [member, kuan_token, xiang])
            state.last_class = cls
        if k != len(twos):
            return []
        return [(labels, state)]

    def band_by_blocks(
        self, classes: list[CellToken], twos: list[CellToken], state: _CodeState
    ) -> list[tuple[list[_Label], _CodeState]]:
        """The rows of one band read by blocks: pdftotext prints a column's cells on
        consecutive rows as one block (no blank line inside), a block of 2-digit codes
        being either 款 codes (of the next rows below a 类 row) or 项 codes (of the next
        rows whose 款 repeats the one above), each column top to bottom.  Which blocks are
        款 is tried both ways where the counts allow (a row's 项 printed after its 款:
        ``05 | 99 | 11``, the 款 and 项 of one row then the 款 of the next, as well as
        all 款 then all 项); every reading whose codes count out is returned."""
        blocks: list[list[CellToken]] = []
        for token in twos:
            if blocks and blocks[-1][-1].block == token.block:
                blocks[-1].append(token)
            else:
                blocks.append([token])
        # the rows: (类, token, run) with run None for a 类 row
        rows: list[tuple[str, CellToken, int | None]] = []
        for r, run in enumerate(_class_runs(classes)):
            going_on = not rows and run[0].text == state.last_class
            if not going_on:
                rows.append((run[0].text, run[0], None))
            rows += [(run[0].text, t, r) for t in (run if going_on else run[1:])]
        members = [i for i, (_, _, run) in enumerate(rows) if run is not None]
        kuan: dict[int, CellToken] = {}
        xiang: dict[int, CellToken] = {}
        out: list[tuple[list[_Label], _CodeState]] = []

        def is_xiang(i: int) -> bool:
            """Row ``i`` (a member, its 款 known) goes on with the 款 of the row above."""
            above = i - 1
            if above >= 0 and rows[above][2] == rows[i][2]:
                return kuan[above].text == kuan[i].text
            return above < 0 and kuan[i].text == state.last_kuan

        def visit(b: int, next_kuan: int, queue: list[int], next_xiang: int) -> None:
            if len(out) > MAX_READINGS:
                return
            if b == len(blocks):
                if next_kuan == len(members) and next_xiang == len(queue):
                    found = self.block_labels(rows, kuan, xiang, state)
                    if found is not None:
                        out.append(found)
                return
            block = blocks[b]
            n = len(block)
            # the block as 款 codes: the next members, of one class run
            span = members[next_kuan : next_kuan + n]
            if len(span) == n and len({rows[i][2] for i in span}) == 1:
                for i, token in zip(span, block, strict=True):
                    kuan[i] = token
                added = [i for i in span if is_xiang(i)]
                visit(b + 1, next_kuan + n, queue + added, next_xiang)
                for i in span:
                    del kuan[i]
            # the block as 项 codes: the next rows known to be 项 rows, consecutive
            span = queue[next_xiang : next_xiang + n]
            if len(span) == n and span == list(range(span[0], span[0] + n)):
                for i, token in zip(span, block, strict=True):
                    xiang[i] = token
                visit(b + 1, next_kuan, queue, next_xiang + n)
                for i in span:
                    del xiang[i]

        visit(0, 0, [], 0)
        return out if len(out) <= MAX_READINGS else []

    def block_labels(
        self,
        rows: list[tuple[str, CellToken, int | None]],
        kuan: dict[int, CellToken],
        xiang: dict[int, CellToken],
        state: _CodeState,
    ) -> tuple[list[_Label], _CodeState] | None:
        """The labels of a band read by blocks, and the state after it; None when a code
        repeats."""
        after = attrs.evolve(state, seen=set(state.seen))
        labels: list[_Label] = []
        for i, (cls, token, run) in enumerate(rows):
            if run is None:
                tokens, code = [token], cls
                after.last_kuan = None
            elif i in xiang:
                tokens = [token, kuan[i], xiang[i]]
                code = cls + kuan[i].text + xiang[i].text
            else:
                tokens, code = [token, kuan[i]], cls + kuan[i].text
                after.last_kuan = kuan[i].text
            if code in after.seen:
                return None
            after.seen.add(code)
            labels.append(_Label(code, tokens))
            after.last_class = cls
        return labels, after

    def is_header_text(self, text: str) -> bool:
        """Text made of header words only (a column name wrapped over lines included)."""
        words = self.header_vocabulary()
        lengths = sorted({len(w) for w in words}, reverse=True)
        text = norm(text)
        i = 0
        while i < len(text):
            n = next((n for n in lengths if text[i : i + n] in words), None)
            if n is None:
                return False
            i += n
        return bool(text)

    def header_vocabulary(self) -> frozenset[str]:
        if self._header_words is None:
            v = self.vocab
            words = set(v.code | v.name | v.project | v.groups | v.totals)
            words |= {norm(w) for w in self.spec.columns.lookup}
            words |= {norm(c) for c in self.columns}
            words.discard("")
            self._header_words = frozenset(words)
        return self._header_words

    def names(self, part: _Section, bands: list[range]) -> _Names:
        """The names of a section's rows, printed in ``bands`` (module docstring, 2), None
        each when they cannot be told apart; and the totals label (first?, token) when
        printed: a 合计 alone before the codes, or first or last of the names.  (None,
        None) when the text cannot be read at all."""
        count = sum(len(b) for b in bands)
        label: tuple[bool, CellToken] | None = None
        heads = [t for t in part.head if norm(t.text) in self.vocab.totals]
        if len(heads) > 1:
            return None, None
        if heads:
            label = (True, heads[0])
        blocks: dict[int, list[CellToken]] = {}
        for token in part.texts:
            blocks.setdefault(token.block, []).append(token)
        lines: list[CellToken] = []
        for block in blocks.values():
            if not self.is_header_text("".join(t.text for t in block)):
                lines += block  # else header words (a column name wrapped over lines)
        totals = [i for i, t in enumerate(lines) if norm(t.text) in self.vocab.totals]
        if totals:
            if len(totals) > 1 or label is not None or totals[0] not in (0, len(lines) - 1):
                return None, None
            label = (totals[0] == 0, lines.pop(totals[0]))
        if len(lines) == count:
            return list(lines), label
        if len(lines) > count:
            wrapped = _wrapped_names(lines, bands)
            if wrapped is not None:
                return wrapped, label
            self.diagnostics.append(
                (
                    "table.names_unsplit",
                    f"{len(lines)} name lines for {count} rows (names wrapped over lines): "
                    "which lines join cannot be told; the rows keep their codes",
                    cover([t.cell.span() for t in lines]),
                )
            )
            return [None] * count, label
        return None, None

    def runs(self, tail: list[CellToken]) -> list[list[CellToken]] | None:
        """The runs of amounts (a run ends at a blank line); None when anything but amounts
        follows the first amount."""
        runs: list[list[CellToken]] = []
        for token in tail:
            if not self.is_amount(token.text):
                return None
            if runs and runs[-1][-1].block == token.block:
                runs[-1].append(token)
            else:
                runs.append([token])
        return runs

    # -- row by row ------------------------------------------------------------------------

    def is_code(self, text: str) -> bool:
        """A whole classification code (类, 款 or 项) alone on a line."""
        return (
            len(text) in (3, 5, 7)[: self.spec.max_code_parts]
            and self.is_class(text[:3])
            and (bool(_DIGITS.match(text)))
        )

    def is_header_word(self, text: str) -> bool:
        v = self.vocab
        return (
            self.spec.columns.resolve(text) is not None
            or norm(text) in v.code | v.name | v.project | v.groups
        )

    def row_major(self, tokens: list[CellToken]) -> TableContent | None:
        """Rows printed one after the other, each cell on its own line (whole codes): the
        lines from one code to the next are one row, read as a space-aligned row is (the
        arithmetic places its amounts), and accepted only when every row is placed without
        doubt and every column satisfies the code tree."""
        if self.rows_reader is None:
            return None
        first = next((i for i, t in enumerate(tokens) if self.is_code(t.text)), None)
        if first is None:
            return None
        head, body = tokens[:first], self.merge_text(tokens[first:])
        rows: list[list[CellToken]] = []
        # the totals row printed first: amounts among the header lines, with a 合计 label
        # (the last one: the header may name a column 合计 too)
        labels = [t for t in head if norm(t.text) in self.vocab.totals]
        amounts = [t for t in head if self.is_amount(t.text)]
        if amounts and not labels:
            return None
        if amounts:
            rows.append([labels[-1], *amounts])
        for token in body:
            if self.is_code(token.text) or norm(token.text) in self.vocab.totals:
                rows.append([token])
            elif not self.is_header_word(token.text):
                rows[-1].append(token)  # a page's repeated header words are left out
        lines = [_row_line(row) for row in rows]
        content = self.rows_reader(lines)
        if len(content.rows) != len(rows) or any(
            code not in _HARMLESS | {"table.ambiguous_row"} for code, _, _ in content.diagnostics
        ):
            return None
        return content if self.verified(content) else None

    def merge_text(self, tokens: list[CellToken]) -> list[CellToken]:
        """Consecutive text lines of one block are one cell (a name wrapped in its cell)."""
        out: list[CellToken] = []
        for token in tokens:
            previous = out[-1] if out else None
            if (
                previous is not None
                and previous.block == token.block
                and not _DIGITS.match(token.text)
                and not self.is_amount(token.text)
                and not _DIGITS.match(previous.text)
                and not self.is_amount(previous.text)
                and norm(previous.text) not in self.vocab.totals
            ):
                cell = MappedText.join([previous.cell, token.cell])
                out[-1] = CellToken(previous.text + token.text, cell, token.block)
            else:
                out.append(token)
        return out

    def verified(self, content: TableContent) -> bool:
        """Every row labelled, every amount placed; the code tree holds in every column
        decided in every row (one at the least: a row whose amounts fit several columns
        keeps those undecided, as a space-aligned row does), the row identities in every
        row whose columns are decided."""
        if any(r.unplaced or not (r.code or r.total) or not r.cells for r in content.rows):
            return False
        labels = [_Label(r.code or "", [], None, r.total) for r in content.rows]
        position = {c: i for i, c in enumerate(content.columns)}
        identities = [
            (position[left], tuple(position[c] for c in right))
            for left, right in identities_for(self.spec, content.columns)
        ]
        verifier = _Verifier(labels, identities)
        grid = [[r.values.get(c) for c in content.columns] for r in content.rows]
        open_columns = {c for r in content.rows for c in r.undecided}
        columns = [k for k, c in enumerate(content.columns) if c not in open_columns]
        return (
            bool(columns)
            and all(verifier.column([row[c] for row in grid]) for c in columns)
            and verifier.rows(grid, set(columns))
        )

    # -- placing the amounts ---------------------------------------------------------------------

    def placed(
        self,
        labels: list[_Label],
        bands: list[range],
        runs: list[list[CellToken]],
        total: _Label | None,
        total_first: bool,
    ) -> list[_Grid] | None:
        """The verified placements; a totals row is tried in a band of its own and in the
        band next to it (its amounts printed apart from the rows' or in the same runs),
        the placements of both kept.  None when the search is given up (its work budget
        spent, or more than :data:`MAX_PLACEMENTS` placements verified)."""
        if total is None:
            return self.place(labels, bands, runs)
        at = 0 if total_first else len(labels) - 1
        alone = [range(at, at + 1), *bands] if total_first else [*bands, range(at, at + 1)]
        if total_first:
            joined = [range(0, bands[0].stop), *bands[1:]]
        else:
            joined = [*bands[:-1], range(bands[-1].start, len(labels))]
        found: list[_Grid] = []
        for grouped in (alone, joined):
            grids = self.place(labels, grouped, runs)
            if grids is None:
                return None
            found += [g for g in grids if g not in found]
        return found

    def place(
        self, labels: list[_Label], bands: list[range], runs: list[list[CellToken]]
    ) -> list[_Grid] | None:
        """The verified placements of the runs (module docstring, 3), or None when the
        search is given up (its work budget spent, or more than :data:`MAX_PLACEMENTS`).

        Columns every identity treats alike (the funding sources of 合计 = Σ sources,
        printed side by side) are interchangeable: a placement using m of them gives
        one for every choice of m of them, its runs moved in order.  When the totals
        row comes first and every run holds a figure above zero, each column used holds
        a figure in the totals row, so the columns are used first in their printed
        order: the search then takes a column of them only when those before it are in
        use, and each placement found stands for every choice of m columns (a figure
        kept out of a column another table shows zero) — the placements of the search
        over all columns, at a fraction of its work."""
        n_cols = len(self.columns)
        budget = max(MIN_WORK, WORK_PER_CELL * sum(len(run) for run in runs) * n_cols)
        zero = {i for i, c in enumerate(self.columns) if c in self.zero}
        everything = list(range(n_cols))
        alike = self.interchangeable()
        values = [[self.amounts.read(t.text)[1] for t in run] for run in runs]
        ordered = (
            len(alike) > 1
            and bool(labels)
            and labels[0].total
            and all(any(v is not None and v > 0 for v in run) for run in values)
            and all(v is None or v >= 0 for run in values for v in run)
        )
        if not ordered:
            found = self.search(labels, bands, runs, everything, budget, zero, [])
            return None if found is None else [self.grid(labels, runs, p) for p in found]
        found = self.search(labels, bands, runs, everything, budget, zero - set(alike), alike)
        if found is None:
            return None
        grids: list[_Grid] = []
        for placement in found:
            used = sorted({c for c, _ in placement} & set(alike))
            for chosen in itertools.combinations(alike, len(used)):
                moved = dict(zip(used, chosen, strict=True))
                where = tuple((moved.get(c, c), start) for c, start in placement)
                if any(c in zero for c, _ in where):
                    continue  # another table prints this column's source empty
                grids.append(self.grid(labels, runs, where))
                if len(grids) > MAX_PLACEMENTS:
                    return None
        return grids

    def interchangeable(self) -> list[int]:
        """The value columns every identity of the kind treats alike, when they stand
        side by side (the parts of one sum, none of them a total); else none."""
        position = {c: i for i, c in enumerate(self.columns)}
        identities = identities_for(self.spec, self.columns)
        if len(identities) != 1:
            return []
        left, right = identities[0]
        alike = sorted(position[c] for c in right)
        if alike != list(range(alike[0], alike[0] + len(alike))) or position[left] in alike:
            return []
        return alike

    def grid(
        self, labels: list[_Label], runs: list[list[CellToken]], where: tuple[tuple[int, int], ...]
    ) -> _Grid:
        """The cells of one placement (per run: its column and first row)."""
        out: _Grid = [[None] * len(self.columns) for _ in labels]
        for run, (c, start) in zip(runs, where, strict=True):
            for k, token in enumerate(run):
                out[start + k][c] = token
        return out

    def search(
        self,
        labels: list[_Label],
        bands: list[range],
        runs: list[list[CellToken]],
        kept: list[int],
        budget: int,
        zero: set[int],
        in_order: list[int],
    ) -> list[tuple[tuple[int, int], ...]] | None:
        """The verified placements of the runs into the columns ``kept`` (per run: its
        column and first row), or None when the work passes ``budget`` or more than
        :data:`MAX_PLACEMENTS` verify; no run of figures goes to a column of ``zero``,
        and a column of ``in_order`` is taken only when those before it are in use.

        Bands of rows are printed one after the other, each column by column, each run on
        consecutive rows of its band, a later run of a column below the earlier.  A
        column of a band is checked when the band moves on to a later column (the code
        tree of the groups the band completes), a band's rows when the next band starts
        (the row identities)."""
        n_rows, n_cols = len(labels), len(kept)
        position = {self.columns[c]: i for i, c in enumerate(kept)}
        identities = [
            (position[left], tuple(position[c] for c in right if c in position))
            for left, right in identities_for(self.spec, self.columns)
            if left in position
        ]
        verifier = _Verifier(labels, identities)
        band_of = [0] * n_rows
        for b, rows in enumerate(bands):
            for i in rows:
                band_of[i] = b
        # the groups of the code tree each band completes
        closing: list[list[tuple[int, list[int]]]] = [[] for _ in bands]
        for parent, kids in verifier.groups:
            closing[max(band_of[i] for i in (parent, *kids))].append((parent, kids))
        parent_of: list[tuple[int, list[int]] | None] = [None] * n_rows
        for parent, kids in verifier.groups:
            for i in kids:
                parent_of[i] = (parent, kids)
        values = [[self.amounts.read(t.text) for t in run] for run in runs]
        if any(kind not in (NUMBER, EMPTY) for run in values for kind, _ in run):
            return None
        local = {c: i for i, c in enumerate(kept)}
        zero = {local[c] for c in zero if c in local}
        in_order = [local[c] for c in in_order if c in local]
        nonzero = [any(v for _, v in run) for run in values]
        grid: list[list[Decimal | None]] = [[None] * n_cols for _ in range(n_rows)]
        where: list[tuple[int, int]] = []  # per run: (column, first row)
        found: list[tuple[tuple[int, int], ...]] = []
        work = self.work
        # amounts are not negative: a part never exceeds its total (a quick early test)
        bounded = all(v is None or v >= 0 for run in values for _, v in run)

        def fits(c: int, rows: range) -> bool:
            """The rows' parts placed so far do not exceed a total already final (a
            column left of ``c`` in the band, a parent row of an earlier band)."""
            nonlocal work
            work += 1
            if not bounded:
                return True
            for i in rows:
                group = parent_of[i]
                if group is not None and band_of[group[0]] < band_of[i]:
                    p, kids = group
                    work += len(kids)
                    placed = [v for v in (grid[k][c] for k in kids) if v is not None]
                    if sum(placed, Decimal(0)) > (grid[p][c] or Decimal(0)) + sum(
                        (rounding_of(v) for v in placed), Decimal(0)
                    ):
                        return False
                value = grid[i][c] or Decimal(0)
                while group is not None:  # no part above a total of its ancestors
                    work += 1
                    p = group[0]
                    if band_of[p] < band_of[i] and value > (grid[p][c] or 0) + rounding_of(value):
                        return False
                    group = parent_of[p]
            for left, right in identities:
                if c not in right or left >= c:
                    continue
                work += len(rows) * len(right)
                for i in rows:
                    placed = [v for v in (grid[i][x] for x in right) if v is not None]
                    if sum(placed, Decimal(0)) > (grid[i][left] or Decimal(0)) + sum(
                        (rounding_of(v) for v in placed), Decimal(0)
                    ):
                        return False
            return True

        def columns_hold(b: int, columns: range) -> bool:
            nonlocal work
            work += len(columns) * sum(len(kids) + 1 for _, kids in closing[b]) + 1
            return all(
                adds_up(grid[p][c], [grid[k][c] for k in kids])
                for c in columns
                for p, kids in closing[b]
            )

        def band_holds(b: int, col: int) -> bool:
            """Band ``b`` is done (its columns from ``col`` on are checked here)."""
            nonlocal work
            work += len(bands[b]) * n_cols
            return columns_hold(b, range(col, n_cols)) and all(
                adds_up(grid[i][left], [grid[i][c] for c in right])
                for i in bands[b]
                for left, right in identities
            )

        filled = [0] * n_cols  # runs placed per column

        def out_of_order(c: int) -> bool:
            """Column ``c`` of ``in_order`` is still empty, and one before it too."""
            return c in in_order and not filled[c] and any(not filled[x] for x in in_order if x < c)

        def visit(r: int, b: int, col: int, free: int) -> bool:
            """Place run ``r``; band ``b``'s column ``col`` is open from row ``free``
            down.  False when the step budget is spent."""
            if work > budget:
                return False
            if r == len(runs):
                done = band_holds(b, col) and all(
                    band_holds(x, 0) for x in range(b + 1, len(bands))
                )
                if done and tuple(where) not in found:
                    found.append(tuple(where))
                return len(found) <= MAX_PLACEMENTS
            length = len(runs[r])
            options: list[tuple[int, int, int]] = []  # (band, column, first start)
            for c in range(col, n_cols):
                if c > col and not columns_hold(b, range(c - 1, c)):
                    break  # the columns left behind break the code tree
                # a run ends where its column's next cell is empty (a later run of the
                # column in the band starts a row below it, at the least)
                after = free + 1 if free > bands[b].start else free
                options.append((b, c, after if c == col else bands[b].start))
            if band_holds(b, col):
                for nb in range(b + 1, len(bands)):
                    for c in range(n_cols):  # the band's columns left of c stay empty
                        if c and not columns_hold(nb, range(c - 1, c)):
                            break
                        options.append((nb, c, bands[nb].start))
                    if not columns_hold(nb, range(n_cols)):
                        break  # a band left without amounts breaks the code tree
            for nb, c, first in options:
                if c in zero and nonzero[r]:
                    continue  # another table prints this column's source empty
                if out_of_order(c):
                    continue
                for start in range(first, bands[nb].stop - length + 1):
                    for k in range(length):
                        grid[start + k][c] = values[r][k][1]
                    where.append((c, start))
                    filled[c] += 1
                    rows = range(start, start + length)
                    ok = not fits(c, rows) or visit(r + 1, nb, c, start + length)
                    filled[c] -= 1
                    where.pop()
                    for k in range(length):
                        grid[start + k][c] = None
                    if not ok:
                        return False
            return True

        complete = bool(bands) and visit(0, 0, 0, bands[0].start)
        self.work = work
        if not complete:
            return None
        return [tuple((kept[c], start) for c, start in placement) for placement in found]

    # -- rows ------------------------------------------------------------------------------

    def build(self, labels: list[_Label], grids: list[_Grid]) -> TableContent:
        """The rows; a cell the verified placements fill differently is left undecided
        (``Row.undecided``, ``table.ambiguous_row``), one they all fill alike (or all
        leave empty) is kept."""
        rows: list[Row] = []
        undecided: list[Row] = []
        for i, label in enumerate(labels):
            cells: dict[str, Cell] = {}
            open_columns: list[str] = []
            for c, column in enumerate(self.columns):
                token = grids[0][i][c]
                if any(grid[i][c] != token for grid in grids[1:]):
                    open_columns.append(column)
                elif token is not None:
                    value = self.amounts.read(token.text)[1]
                    cells[column] = Cell(text=token.text, value=value, span=token.cell.span())
            marks = [t.cell.span() for t in label.tokens]
            if label.name is not None:
                marks.append(label.name.cell.span())
            name = label.name.cell.text.strip() if label.name is not None else None
            name = compact(name) if label.total and name else name
            span = cover(marks) or (0, 0)
            row = row_of_cells(
                label.code or None, name, None, label.total, self.columns, cells, span
            )
            if open_columns:
                row = attrs.evolve(row, undecided=tuple(open_columns))
                undecided.append(row)
            rows.append(row)
        diagnostics = list(self.diagnostics)
        if undecided:
            diagnostics.append(
                (
                    "table.ambiguous_row",
                    f"{len(undecided)} rows of a table printed one cell per line: "
                    f"{len(grids)} placements of its amounts satisfy every identity of the "
                    "table and fill some of their cells differently (a run of figures that "
                    "fits an empty column as well as another); those cells are left "
                    "undecided",
                    undecided[0].span,
                )
            )
        return TableContent(columns=self.columns, rows=tuple(rows), diagnostics=tuple(diagnostics))


def _wrapped_names(lines: list[CellToken], bands: list[range]) -> list[CellToken | None] | None:
    """The names of the rows of ``bands`` from more name lines than rows, where the bands
    force one split: a row whose name wraps is taller than its neighbours, so pdftotext
    breaks the runs of codes and amounts around it and prints it as a band of its own,
    while the rows of a longer band print a line each.  The extra lines go to the
    single-row bands, one each when there are as many as extra lines, all to the one
    when there is one; any other count leaves the split open (None)."""
    extra = len(lines) - sum(len(b) for b in bands)
    singles = [b for b in bands if len(b) == 1]
    if extra <= 0 or not singles or len(singles) not in (1, extra) or len(singles) == len(bands):
        return None
    out: list[CellToken | None] = []
    at = 0
    for band in bands:
        if len(band) > 1:
            out += lines[at : at + len(band)]
            at += len(band)
            continue
        take = 1 + extra // len(singles)
        pieces = lines[at : at + take]
        at += take
        cell = MappedText.join([t.cell for t in pieces])
        out.append(CellToken("".join(t.text for t in pieces), cell, pieces[-1].block))
    return out


def _class_runs(classes: list[CellToken]) -> list[list[CellToken]]:
    """The 类 codes of a band in runs of one class."""
    runs: list[list[CellToken]] = []
    for token in classes:
        if runs and runs[-1][0].text == token.text:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _row_line(tokens: list[CellToken]) -> LogicalLine:
    """The cells of one row as one space-separated line (each cell keeps its offsets;
    the separator maps to the line break after the cell before it)."""
    parts: list[MappedText] = []
    for token in tokens:
        if parts:
            parts.append(MappedText.contiguous(" ", parts[-1].span()[1]))
        parts.append(token.cell)
    return LogicalLine(TABLE_ROW, MappedText.join(parts))


def read_cellwise(
    spec: KindSpec,
    vocab: Vocabulary,
    lines: Sequence[LogicalLine],
    columns: tuple[str, ...],
    rows_reader: RowsReader | None = None,
    zero: frozenset[str] = frozenset(),
    totals: Mapping[str, Decimal] | None = None,
    known: Sequence[tuple[KnownRow, ...]] = (),
) -> TableContent | None:
    """The rows of a coded table printed one cell per line, or None when no arrangement
    of its cells is verified by the table's arithmetic (see the module docstring).
    ``rows_reader`` reads space-separated row lines (the reader of pdftotext's layout),
    used when the rows are printed one after the other; ``zero`` the columns another
    table shows to be zero and ``totals`` the figures another table shows in the totals
    row (tables/evidence.py), which the placements kept must agree with; ``known`` the
    codes and names of the tables read before, the rows kept (amounts undecided) when no
    arrangement verifies but the cells print exactly one of those lists (known_rows.py)."""
    return CellwiseReader(spec, vocab, columns, rows_reader, zero, totals, known).read(lines)


def printed_list(
    spec: KindSpec, vocab: Vocabulary, lines: Sequence[LogicalLine], columns: tuple[str, ...]
) -> tuple[KnownRow, ...] | None:
    """The codes and names a coded table printed one cell per line prints, unverified
    (``CellwiseReader.printed_list``): what another table left unread may vouch for."""
    return CellwiseReader(spec, vocab, columns).printed_list(lines)


__all__ = ["MIN_WORK", "WORK_PER_CELL", "printed_list", "read_cellwise"]
