"""A coded table printed one cell per line (plain ``pdftotext``) → rows, accepted only
when the table's own arithmetic verifies the reconstruction.

Without ``-layout``, pdftotext prints a table as runs of single cells: the 类 codes of all
rows, then the 款 and 项 codes, then the names, then the amounts of one column after the
other.  A run ends where the next cell of the column is empty (a blank line follows), so
which rows a run of amounts belongs to is lost::

    201 201 201 | 06 06 | 01 | 一般公共服务支出 财政事务 行政运行 合计 |
    3.00 3.00 3.00 3.00 | 2.00 2.00 2.00 2.00 | 1.00 1.00 1.00 1.00

The reconstruction:

1. **Codes.**  The 类 column repeats the class on every row, so the leading run of 3-digit
   codes gives the rows, in order.  Each class's first row is the 类 row; its other rows
   take the next 2-digit codes in print order as their 款.  A 款 printed on L rows is one
   款 row and L - 1 项 rows, whose 项 codes come next.  The counts must come out exactly.
2. **Names.**  The text lines just before the amounts, one per row, the totals label
   (合计/总计) first or last.  When the lines outnumber the rows (names wrapped over
   lines) which lines join cannot be verified: the rows keep their codes, names None, and
   a ``table.names_unsplit`` diagnostic says so.
3. **Amounts.**  Runs of amounts are placed column after column (the printed order of the
   kind's columns), each on consecutive rows, a later run of a column below the earlier.
   A placement is *verified* when every value column satisfies the code tree (a 类 = the
   sum of its 款, a 款 = the sum of its 项, the totals row = the sum of the 类 rows) and
   every row satisfies the kind's row identities (columns.toml, e.g. 合计 = 基本支出 +
   项目支出), within the rounding of the printed numbers.

Why this is sound: every amount is used once, in print order, and only arrangements for
which every identity of the table holds are kept; if two verified arrangements give
different tables the table is not read.  A wrong placement would have to satisfy every
parent/children sum of every column and every row identity at once by coincidence of
its figures.  When nothing verifies the caller keeps reporting
``table.layout_unreadable``: rows are never guessed.

Cost: the search visits placements column by column and abandons a column as soon as it
breaks the code tree, with a fixed budget of steps (:data:`MAX_STEPS`); past it the
table is not read.  Everything else is linear in the number of lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs
import regex

from ..layout import TABLE_ROW, LogicalLine
from ..mapped import MappedText, cover
from ..numbers import adds_up
from .cells import EMPTY, NUMBER, Amounts, compact
from .columns import KindSpec, Vocabulary, identities_for, norm
from .rows import Cell, Diagnostic, Row, TableContent

RowsReader = Callable[[Sequence[LogicalLine]], TableContent]
# diagnostics of the row reader that leave every row verified (a column assumed, a note)
_HARMLESS = frozenset({"table.no_header", "table.unknown_column", "table.repeated_header"})

# a printed amount of a 决算 table: decimals (a bare integer could be a code)
_AMOUNT = regex.compile(r"^-?+\d{1,3}+(?:,\d{3})*+\.\d++$|^-?+\d++\.\d++$")
_DIGITS = regex.compile(r"^\d++$")
# the most placements tried before a table is given up as not verifiable
MAX_STEPS = 20_000


@attrs.frozen
class _Token:
    text: str  # compacted
    cell: MappedText
    block: int  # runs of lines without a blank line between them share a number


@attrs.define
class _Label:
    code: str
    tokens: list[_Token]
    name: _Token | None = None
    total: bool = False


class _Verifier:
    """The identities a value column and a row must satisfy."""

    def __init__(self, labels: list[_Label], identities: list[tuple[int, tuple[int, ...]]]):
        self.identities = identities
        # parent row -> child rows (by code prefix; the totals row over the 类 rows)
        groups: dict[int, list[int]] = {}
        last: dict[str, int] = {}
        total = next((i for i, lab in enumerate(labels) if lab.total), None)
        for i, lab in enumerate(labels):
            if lab.total:
                continue
            parent = total if len(lab.code) == 3 else last.get(lab.code[:-2])
            if parent is not None:
                groups.setdefault(parent, []).append(i)
            last[lab.code] = i
        self.groups = sorted(groups.items())

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
    ) -> None:
        self.spec = spec
        self.rows_reader = rows_reader
        self.vocab = vocab
        self.columns = columns
        self.amounts = Amounts(vocab.nil)
        self.diagnostics: list[Diagnostic] = []

    # -- tokens ----------------------------------------------------------------------------

    def tokens(self, lines: Sequence[LogicalLine]) -> list[_Token]:
        """One token per non-empty line; a new block after a blank line (a gap of more
        than one character between two lines in the original text)."""
        out: list[_Token] = []
        block = 0
        end: int | None = None
        for line in lines:
            text = compact(line.text.text)
            if not text:
                continue
            start, stop = line.span
            if end is not None and start - end > 1:
                block += 1
            end = stop
            out.append(_Token(text, line.text, block))
        return out

    def is_class(self, text: str) -> bool:
        pattern = self.spec.class_pattern
        return (
            len(text) == 3
            and bool(_DIGITS.match(text))
            and (pattern is None or bool(pattern.match(text)))
        )

    def is_amount(self, text: str) -> bool:
        return bool(_AMOUNT.match(text))

    # -- the table -------------------------------------------------------------------------

    def read(self, lines: Sequence[LogicalLine]) -> TableContent | None:
        if self.spec.sides or self.spec.max_code_parts < 2 or not self.columns:
            return None
        tokens = self.tokens(lines)
        return self.column_major(tokens) or self.row_major(tokens)

    def column_major(self, tokens: list[_Token]) -> TableContent | None:
        """Codes, names and amounts each in runs of one column (module docstring, 1-3)."""
        first_amount = next((i for i, t in enumerate(tokens) if self.is_amount(t.text)), None)
        if first_amount is None:
            return None
        labels = self.codes(tokens[:first_amount])
        if labels is None:
            return None
        if not self.names(labels, tokens[:first_amount]):
            return None
        runs = self.runs(tokens[first_amount:])
        if runs is None:
            return None
        grid = self.place(labels, runs)
        if grid is None:
            return None
        return self.build(labels, grid)

    def codes(self, head: list[_Token]) -> list[_Label] | None:
        """The rows' codes from the 类 run and the 2-digit runs (module docstring, 1)."""
        at = next((i for i, t in enumerate(head) if self.is_class(t.text)), None)
        if at is None:
            return None
        classes: list[_Token] = []
        i = at
        while i < len(head) and (self.is_class(head[i].text) or not _DIGITS.match(head[i].text)):
            if self.is_class(head[i].text):
                classes.append(head[i])
            elif classes and head[i].block != classes[-1].block:
                break  # the 类 run ended (a header word or the 款 run follows)
            i += 1
        twos = [t for t in head[i:] if _DIGITS.match(t.text)]
        if any(len(t.text) != 2 for t in twos):
            return None  # a 类 code after the 2-digit runs: another layout (a page band)
        # the classes in runs: each class printed once, on consecutive rows
        runs: list[list[_Token]] = []
        for token in classes:
            if runs and runs[-1][0].text == token.text:
                runs[-1].append(token)
            else:
                if any(r[0].text == token.text for r in runs):
                    return None
                runs.append([token])
        labels: list[_Label] = []
        k = 0
        for run in runs:
            labels.append(_Label(run[0].text, [run[0]]))
            n = len(run) - 1
            kuan = twos[k : k + n]
            k += n
            if len(kuan) < n:
                return None
            # a 款 printed on L rows: its own row, then L - 1 项 rows
            seen: set[str] = set()
            pending: list[tuple[_Token, _Token, int]] = []  # (类 token, 款 token, position)
            for j, token in enumerate(kuan):
                new = j == 0 or kuan[j - 1].text != token.text
                if new and token.text in seen:
                    return None
                seen.add(token.text)
                if new:
                    labels.append(_Label(run[0].text + token.text, [run[j + 1], token]))
                else:
                    pending.append((run[j + 1], token, len(labels)))
                    labels.append(_Label("", []))
            for cls, kuan_token, position in pending:
                if k >= len(twos):
                    return None
                xiang = twos[k]
                k += 1
                labels[position] = _Label(
                    cls.text + kuan_token.text + xiang.text, [cls, kuan_token, xiang]
                )
        if k != len(twos):
            return None
        codes = [lab.code for lab in labels]
        if len(set(codes)) != len(codes):
            return None
        return labels

    def names(self, labels: list[_Label], head: list[_Token]) -> bool:
        """The names (module docstring, 2) and the totals row, added to ``labels``."""
        block = [t for t in head if t.block == head[-1].block] if head else []
        if not block or any(_DIGITS.match(t.text) for t in block):
            return False
        total_at = [i for i, t in enumerate(block) if norm(t.text) in self.vocab.totals]
        if len(total_at) > 1 or (total_at and total_at[0] not in (0, len(block) - 1)):
            return False
        total: _Label | None = None
        if total_at:
            token = block.pop(total_at[0])
            total = _Label("", [token], token, True)
        if len(block) == len(labels):
            for label, token in zip(labels, block, strict=True):
                label.name = token
        elif len(block) > len(labels):
            self.diagnostics.append(
                (
                    "table.names_unsplit",
                    f"{len(block)} name lines for {len(labels)} rows (names wrapped over "
                    "lines): which lines join cannot be told; the rows keep their codes",
                    cover([t.cell.span() for t in block]),
                )
            )
        else:
            return False
        if total is not None:
            if total_at[0] == 0:
                labels.insert(0, total)
            else:
                labels.append(total)
        return True

    def runs(self, tail: list[_Token]) -> list[list[_Token]] | None:
        """The runs of amounts (a run ends at a blank line); None when anything but amounts
        follows the first amount."""
        runs: list[list[_Token]] = []
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

    def row_major(self, tokens: list[_Token]) -> TableContent | None:
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
        rows: list[list[_Token]] = []
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
            code not in _HARMLESS for code, _, _ in content.diagnostics
        ):
            return None
        return content if self.verified(content) else None

    def merge_text(self, tokens: list[_Token]) -> list[_Token]:
        """Consecutive text lines of one block are one cell (a name wrapped in its cell)."""
        out: list[_Token] = []
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
                out[-1] = _Token(previous.text + token.text, cell, token.block)
            else:
                out.append(token)
        return out

    def verified(self, content: TableContent) -> bool:
        """Every row decided and labelled, every amount placed; the code tree and the row
        identities hold in every column."""
        if any(r.undecided or not (r.code or r.total) or not r.cells for r in content.rows):
            return False
        labels = [_Label(r.code or "", [], None, r.total) for r in content.rows]
        position = {c: i for i, c in enumerate(content.columns)}
        identities = [
            (position[left], tuple(position[c] for c in right))
            for left, right in identities_for(self.spec, content.columns)
        ]
        verifier = _Verifier(labels, identities)
        grid = [[r.values.get(c) for c in content.columns] for r in content.rows]
        columns = range(len(content.columns))
        return all(verifier.column([row[c] for row in grid]) for c in columns) and (
            verifier.rows(grid, set(columns))
        )

    # -- placing the amounts ---------------------------------------------------------------------

    def place(
        self, labels: list[_Label], runs: list[list[_Token]]
    ) -> list[list[_Token | None]] | None:
        """The one verified placement of the runs (module docstring, 3), or None."""
        n_rows, n_cols = len(labels), len(self.columns)
        position = {c: i for i, c in enumerate(self.columns)}
        identities = [
            (position[left], tuple(position[c] for c in right))
            for left, right in identities_for(self.spec, self.columns)
        ]
        verifier = _Verifier(labels, identities)
        values = [[self.amounts.read(t.text) for t in run] for run in runs]
        if any(kind not in (NUMBER, EMPTY) for run in values for kind, _ in run):
            return None
        grid: list[list[Decimal | None]] = [[None] * n_cols for _ in range(n_rows)]
        where: list[tuple[int, int]] = []  # per run: (column, first row)
        found: list[list[tuple[int, int]]] = []
        steps = 0

        def finished(columns: range) -> bool:
            final = set(range(columns.stop))
            return all(verifier.column([row[c] for row in grid]) for c in columns) and (
                verifier.rows(grid, final)
            )

        def visit(r: int, col: int, free: int) -> bool:
            """Place run ``r``; column ``col`` is open from row ``free`` down.  False when
            the step budget is spent."""
            nonlocal steps
            steps += 1
            if steps > MAX_STEPS:
                return False
            if r == len(runs):
                if finished(range(col, n_cols)):
                    found.append(list(where))
                return len(found) < 2 or found[0] != found[1]
            length = len(runs[r])
            for c in range(col, n_cols):
                if c > col and not finished(range(col, c)):
                    break  # the columns left behind break an identity: no later one helps
                for start in range(free if c == col else 0, n_rows - length + 1):
                    for k in range(length):
                        grid[start + k][c] = values[r][k][1]
                    where.append((c, start))
                    ok = visit(r + 1, c, start + length)
                    where.pop()
                    for k in range(length):
                        grid[start + k][c] = None
                    if not ok:
                        return False
            return True

        if not visit(0, 0, 0) or len(found) != 1:
            return None
        out: list[list[_Token | None]] = [[None] * n_cols for _ in range(n_rows)]
        for run, (c, start) in zip(runs, found[0], strict=True):
            for k, token in enumerate(run):
                out[start + k][c] = token
        return out

    # -- rows ------------------------------------------------------------------------------

    def build(self, labels: list[_Label], grid: list[list[_Token | None]]) -> TableContent:
        rows: list[Row] = []
        for label, tokens in zip(labels, grid, strict=True):
            values: dict[str, Decimal | None] = dict.fromkeys(self.columns)
            cells: dict[str, Cell] = {}
            for column, token in zip(self.columns, tokens, strict=True):
                if token is None:
                    continue
                _, value = self.amounts.read(token.text)
                values[column] = value
                cells[column] = Cell(text=token.text, value=value, span=token.cell.span())
            marks = [t.cell.span() for t in label.tokens]
            if label.name is not None:
                marks.append(label.name.cell.span())
            name = label.name.cell.text.strip() if label.name is not None else None
            rows.append(
                Row(
                    code=label.code or None,
                    name=compact(name) if label.total and name else name,
                    project=None,
                    group=None,
                    total=label.total,
                    values=values,
                    cells=cells,
                    span=cover(marks) or (0, 0),
                )
            )
        return TableContent(
            columns=self.columns, rows=tuple(rows), diagnostics=tuple(self.diagnostics)
        )


def _row_line(tokens: list[_Token]) -> LogicalLine:
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
) -> TableContent | None:
    """The rows of a coded table printed one cell per line, or None when no arrangement
    of its cells is verified by the table's arithmetic (see the module docstring).
    ``rows_reader`` reads space-separated row lines (the reader of pdftotext's layout),
    used when the rows are printed one after the other."""
    return CellwiseReader(spec, vocab, columns, rows_reader).read(lines)


__all__ = ["MAX_STEPS", "read_cellwise"]
