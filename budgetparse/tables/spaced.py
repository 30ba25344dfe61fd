"""Space-aligned table rows (pdftotext layout) → typed rows, columns found by arithmetic.

In the pdftotext layout a row prints its cells separated by runs of spaces and *drops the
empty cells*: ``201 03 01  行政运行 838.13 838.13`` could be (合计, 基本支出) or (合计, 项目支出).
The header is printed as vertical, wrapped text: it is read as one string for the
columns' printed order (header_scan.py), else the columns are the kind's canonical
columns in the template variant's printed order (names from columns.toml).

Each row's printed numbers are assigned to columns as a small constraint problem:

1. the printed numbers keep their left-to-right order, so a row of k numbers over n
   columns has C(n, k) candidate assignments;
2. the row identity of the kind (``identities`` in columns.toml, e.g. 合计 = 基本支出 +
   项目支出) must
   hold for the candidate, within the rounding of the printed numbers (±0.005 per
   two-decimal number involved);
3. across rows, a parent equals the sum of its children column by column (类 = Σ 款,
   款 = Σ 项 by code prefix, the nearest preceding row with the parent code), and the totals
   row equals the sum of the top-level rows; candidates of a row that no combination of
   its group's candidates supports are dropped, until nothing changes;
4. where the reader has the decoded text and the table's rows bear its header out, a
   candidate must put each amount under its column's header words, give or take one
   shift of the whole line (positions.py); then step 3 runs again.

A row left with exactly one candidate gets its values; a row with several keeps every
value None and gets a ``table.ambiguous_row`` diagnostic naming the candidates.  Nothing
is guessed.

Rows: a code line starts a row; name fragments on following lines are joined until the
line that carries the amounts (``201 03 99`` / ``其他政府办公厅（室）及相关机`` / ``构事务支出``
/ ``64.80 64.80 64.80``).  A summary line carries an income item and an expense class,
split at the 3-digit class code (or the 支出总计 label).

Diagnostic codes (besides those of ``tables/__init__.py``):

- ``table.ambiguous_row``: several column assignments fit the arithmetic; values None;
- ``table.arithmetic_mismatch``: no candidate satisfies the row identity.  When every
  column is printed (k == n) the positions are certain and the values are kept; else None,
  and the printed amounts are kept in ``Row.unplaced``: the row is itself a finding
  (``table.row_inconsistent``), since no reading of it is consistent;
- ``table.stray_text`` (info-like): text or amounts that belong to no row, dropped;
- ``table.extra_cells``: more numbers than columns; values None;
- ``table.project_unsplit`` (general_project): the 项目名称 cannot be told from the
  wrapped 科目名称 without cell positions; the whole text is kept in ``name``.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from functools import cache

import attrs
import regex

from ..layout import LogicalLine, is_column_index
from ..mapped import MappedText, cover
from ..numbers import rounding_of, within_rounding
from ..patterns import TABLE_META
from .cells import (
    BAD,
    EMPTY,
    Amounts,
    code_part,
    code_prefix,
    compact,
    elided,
    report_elided,
    row_cells,
)
from .cellwise import read_cellwise
from .columns import KindSpec, Vocabulary, identities_for, norm, vocabulary
from .economic_lists import read_economic_lists
from .evidence import Evidence, Share, is_expense_item, is_income_item, item_number
from .header_scan import scan_header
from .one_row import read_one_row
from .positions import Grid, fits, header_columns, reliable, words_at
from .rows import Cell, Diagnostic, Row, Span, TableContent
from .sides_cellwise import shapes as summary_shapes
from .sides_lines import SidePlaces, completes, locate_sides, numbered_side, unglue_codes
from .two_lists import read_two_lists

_WS = " \t\u3000\u00a0\ufeff"
_DECIMAL_AMOUNT = regex.compile(r"^-?+[\d,]++\.\d++$")
# Above this many combinations a parent/children group is not enumerated (left open).
_MAX_COMBINATIONS = 50_000


# -- parsed rows ------------------------------------------------------------------------------


@attrs.define
class _Number:
    token: MappedText
    kind: str  # NUMBER or NIL (or BAD)
    value: Decimal | None

    @property
    def weight(self) -> Decimal:
        """Value for arithmetic (a nil mark is zero)."""
        return self.value if self.value is not None else Decimal(0)

    @property
    def half_unit(self) -> Decimal:
        """The rounding of the printed number: 0.005 for two decimals, 0 for a nil mark."""
        if self.value is None:
            return Decimal(0)
        return rounding_of(self.value)


@attrs.define
class _Pending:
    code: list[str] = attrs.Factory(list)
    names: list[MappedText] = attrs.Factory(list)
    numbers: list[_Number] = attrs.Factory(list)
    spans: list[Span] = attrs.Factory(list)
    total: bool = False
    group: str | None = None
    has_amounts: bool = False
    # a name printed around the code line (pdftotext centres the code in a tall cell):
    head_above: bool = False  # its first part stood on the line above
    head_lines: int = 0  # how many lines of it stood above, where its row has no amounts
    tail_lines: int = 0  # lines of it read below the code line
    open_tail: bool = False  # none of it stood on the code line: all lines below are it
    # general_project: text printed after the row on its own (a cell continued past a page
    # break), kept until the 科目名称/项目名称 split has had a chance to use it
    tail: list[MappedText] = attrs.Factory(list)
    tail_spans: list[Span] = attrs.Factory(list)
    # the body lines the row was read from, and whether its amounts stand on a line with
    # its code or label (not on a line of amounts alone, which the extractor may have
    # split off a row)
    lines: list[int] = attrs.Factory(list)
    whole_line: bool = False
    code_line: int | None = None  # the body line its code stood on

    @property
    def name_closed(self) -> bool:
        """A row without amounts whose name was printed around its code line (the code
        centred in a tall cell): as many lines below the code line as above, so the
        name is whole once they are read and a line after it is the next row's."""
        return not self.has_amounts and 0 < self.head_lines <= self.tail_lines


Candidate = tuple[int | None, ...]  # per column: index into the row's numbers, or None


class SpacedReader:
    def __init__(
        self,
        spec: KindSpec,
        vocab: Vocabulary,
        columns: Sequence[str] | None,
        evidence: Evidence | None = None,
        text: str | None = None,
    ) -> None:
        self.spec = spec
        self.text = text  # the decoded text, for where amounts stand (positions.py)
        self.lines: Sequence[LogicalLine] = ()
        self.header_lines: list[LogicalLine] = []
        self.vocab = vocab
        self.columns = tuple(columns) if columns else spec.default
        evidence = evidence or Evidence()
        self.evidence = evidence
        self.zero = evidence.zero_columns(spec.kind)  # zero by another table's evidence
        self.names = evidence.names  # code -> name printed in other tables
        self.diagnostics: list[Diagnostic] = []
        self.header_texts: list[str] = []  # the lines before the first body row
        self.amounts = Amounts(vocab.nil)  # amounts repeat within a table: read each once
        self.loose: set[int] = set()  # body lines of amounts alone (no code, no label)
        self.grid: Grid | None = None  # the character columns, once asked for
        # two-sided tables, per side: a two-list name printed above its code line, waiting
        # for it; amounts alone on a line (and the line), waiting for the label below them
        self.heads: dict[str, tuple[_Pending, bool]] = {}  # (the name, may go on above)
        self.loose_amounts: dict[str, tuple[int, list[_Number]]] = {}
        self._after_names: list[int] | None = None  # see name_below_its_code

    def diag(self, code: str, message: str, span: Span | None) -> None:
        self.diagnostics.append((code, message, span))

    # -- tokens ---------------------------------------------------------------------------

    def amount(self, token: MappedText) -> _Number | None:
        kind, value = self.amounts.read(token.text)
        if kind in (EMPTY, BAD):
            return None
        return _Number(token=token, kind=kind, value=value)

    def is_total(self, text: str) -> bool:
        return norm(text) in self.vocab.totals

    def is_class_code(self, text: str) -> bool:
        t = compact(text)
        if len(t) != 3 or not t.isdigit():
            return False
        pattern = self.spec.class_pattern
        return pattern is None or bool(pattern.match(t))

    def leading_code(self, tokens: Sequence[MappedText]) -> bool:
        """A 类 code then its 款 (and 项) as two-digit tokens, or a whole code, before
        decimal amounts: a coded row whose name is printed on the lines around it, never a
        row of amounts."""
        if self.spec.max_code_parts < 2 or len(tokens) < 2:
            return False
        first = compact(tokens[0].text)
        # a whole 款 or 项 code (2013999): digits only, of a code's length and class
        if (
            first.isdigit()
            and len(first) in (5, 7)[: self.spec.max_code_parts - 1]
            and self.is_class_code(first[:3])
        ):
            return True
        if not self.is_class_code(tokens[0].text):
            return False
        second = compact(tokens[1].text)
        # 208 05 05 160.75 …, or a 类 alone before decimal amounts (208 10.82 10.82)
        return (len(second) == 2 and second.isdigit()) or bool(_DECIMAL_AMOUNT.match(second))

    def split(
        self, tokens: list[MappedText], awaiting: bool
    ) -> tuple[list[str], list[MappedText], list[_Number]]:
        """(code parts, label tokens, numbers) of one non-summary line."""
        parts: list[str] = []
        i = 0
        only_numbers = all(self.amount(t) is not None for t in tokens)
        decimals = any(_DECIMAL_AMOUNT.match(compact(t.text)) for t in tokens[1:])
        if only_numbers and decimals and self.leading_code(tokens):
            only_numbers = False  # "208 05 05 160.75 160.75": the name wrapped below
        if self.spec.max_code_parts and not (only_numbers and (awaiting or decimals)):
            while i < len(tokens):
                new = code_part(tokens[i].text, parts, self.spec.max_code_parts)
                if new is None or (not parts and not self.is_class_code(new[0])):
                    break
                parts += new
                i += 1
        labels: list[MappedText] = []
        numbers: list[_Number] = []
        for token in tokens[i:]:
            number = self.amount(token)
            if number is not None and (labels or parts or numbers or only_numbers):
                numbers.append(number)
            elif numbers:  # text after the amounts: keep it with the label
                labels.append(token)
            else:
                labels.append(token)
        if labels and not parts and self.spec.max_code_parts:
            split = code_prefix(
                labels[0].text, parts, self.spec.max_code_parts, self.spec.class_pattern
            )
            if split is not None and len("".join(split[0])) == 3:
                parts = split[0]
                labels[0] = _strip_code(labels[0])
        return parts, labels, numbers

    # -- body -----------------------------------------------------------------------------------

    def body_lines(self, lines: Sequence[LogicalLine]) -> list[tuple[LogicalLine, list]]:
        out: list[tuple[LogicalLine, list]] = []
        started = False
        previous: tuple[LogicalLine, list] | None = None
        for line in lines:
            tokens = row_cells(line)
            texts = [compact(t.text) for t in tokens if compact(t.text)]
            if not texts or is_column_index(" ".join(texts)):
                continue
            tokens = [t for t in tokens if compact(t.text)]
            if started or any(_DECIMAL_AMOUNT.match(t) for t in texts):
                if not self.spec.sides:
                    tokens = _without_levels(tokens, self.vocab.levels)
                if not tokens:
                    continue  # "类 款 项" on a line of its own: the header's last words
                texts = [compact(t.text) for t in tokens]
            if not started:
                # header text never carries a decimal amount or starts with a 类 code
                # (a "合计" alone on a line is a header word, not the totals row, unless
                # it stands where the rows' labels stand: totals_above)
                coded = self.spec.max_code_parts > 0 and self.is_class_code(texts[0])
                # a two-sided table's blank form starts at its first numbered item
                # (一、一般公共预算财政拨款收入): no amount, no code to go by
                item = self.spec.sides and item_number(texts[0]) is not None
                started = coded or item or any(_DECIMAL_AMOUNT.match(t) for t in texts)
                if coded and previous is not None and self.totals_above(previous[1]):
                    # a blank form's totals row printed right under the header
                    self.header_texts = self.header_texts[: -len(previous[1])]
                    self.header_lines.pop()
                    out.append((previous[0], _without_levels(previous[1], self.vocab.levels)))
            if not started and TABLE_META.match(norm(texts[0])):
                continue  # 編製部門：… 單位：萬元 left among the rows: no header word
            if started:
                *before, tokens = self.rows_run_together(tokens)
                # rows the extractor put on the same line
                out.extend((line, row) for row in before)
                if not out and previous is not None and self.name_head(previous[1], tokens):
                    # the first row's name begins on the line above its code
                    self.header_texts = self.header_texts[: -len(previous[1])]
                    out.append(previous)
                out.append((line, tokens))
            else:
                self.header_texts += texts
                self.header_lines.append(line)
                previous = (line, tokens)
        return out

    def totals_above(self, tokens: list[MappedText]) -> bool:
        """Is the header's last line, just above the first coded row, the totals row (a
        blank form's ``合计`` printed first, with no amount to start the body)?  Only a
        totals label alone (after the code levels' words), standing where the rows'
        labels stand: left of every column the other header lines locate, and, where it
        could be the only header word of its column (``合计`` over a 合计 column no other
        header word locates), under the header's code and name words (科目编码, 科目名称,
        项目) as well.  A ``合计`` over the amounts is a header word.  Needs the decoded
        text for where the words stand."""
        if self.text is None or self.spec.sides:
            return False
        label = _without_levels(tokens, self.vocab.levels)
        if len(label) != 1 or not self.is_total(label[0].text):
            return False
        grid = Grid(self.text, self.lines)
        start, end = grid.at(label[0])
        header = self.header_lines[:-1]  # the lines above the label
        located = header_columns(self.spec, header, grid, self.columns)
        if not located or any(end > first for first, _ in located.values()):
            return False
        named = self.spec.columns.resolve(label[0].text)
        if named in self.columns and self.columns.index(named) in located:
            return True  # its column has its header word elsewhere
        keys = self.vocab.code | self.vocab.name | self.vocab.project
        key_ends = [place[1] for word, place in words_at(header, grid) if norm(word) in keys]
        return bool(key_ends) and start < max(key_ends)

    def rows_run_together(self, tokens: list[MappedText]) -> list[list[MappedText]]:
        """A line holding several coded rows (a PDF's text layer may run rows together:
        ``… 187.19 187.19 221 02 03 购房补贴 258.50 258.50``), cut before each 类 code
        that follows a decimal amount and opens a code (its 款) or a name."""
        if self.spec.sides or self.spec.max_code_parts < 2:
            return [tokens]
        cuts = [
            k
            for k in range(1, len(tokens) - 1)
            if _DECIMAL_AMOUNT.match(compact(tokens[k - 1].text))
            and self.is_class_code(tokens[k].text)
            and not _DECIMAL_AMOUNT.match(compact(tokens[k + 1].text))
        ]
        if not cuts:
            return [tokens]
        bounds = [0, *cuts, len(tokens)]
        return [tokens[a:b] for a, b in itertools.pairwise(bounds)]

    def name_head(self, above: list[MappedText], tokens: list[MappedText]) -> bool:
        """Is ``above`` (a header line, as far as the header goes) the first part of the name
        of the code line ``tokens`` printed without one?  Only text that is no header word."""
        if not (self.leading_code(tokens) and all(self.amount(t) is not None for t in tokens)):
            return False
        words = self.vocab.code | self.vocab.name | self.vocab.project | self.vocab.groups
        columns = self.spec.columns
        return all(
            self.amount(t) is None
            and norm(t.text) not in words
            and not self.vocab.is_levels(norm(t.text))
            and columns.resolve(t.text) is None
            and not self.is_total(t.text)
            for t in above
        )

    def read(self, lines: Sequence[LogicalLine]) -> TableContent:
        if self.one_cell_per_line(lines):
            content = (
                read_one_row(self.spec, self.vocab, lines, self.columns)
                if self.spec.one_row  # the “三公” table: one row, placed by its identities
                else read_cellwise(
                    self.spec,
                    self.vocab,
                    lines,
                    self.columns,
                    SpacedReader(self.spec, self.vocab, self.columns, self.evidence).read,
                    self.zero,
                    self.evidence.totals.get(self.spec.kind, {}),
                    self.evidence.code_lists,
                )
            )
            if content is None and self.spec.expense_class is not None:  # 人员 | 公用经费
                content = read_economic_lists(self.spec, self.vocab, lines)
            if content is not None:
                return content
            self.diag(
                "table.layout_unreadable",
                "the table is printed one cell per line (text extracted without its layout, "
                "as by pdftotext without -layout): its rows cannot be told apart; not read",
                cover([line.span for line in lines]),
            )
            return TableContent(columns=(), rows=(), diagnostics=tuple(self.diagnostics))
        self.lines = lines
        body = self.body_lines(lines)
        if self.spec.sides:
            return self.read_sides(body)
        before = len(self.diagnostics)
        rows = self.group_rows(body)
        widest = max((len(r.numbers) for r in rows), default=0)
        scanned = scan_header(self.spec, self.vocab, self.header_texts, self.columns)
        if scanned is not None and len(scanned) >= widest:
            self.columns = scanned
        joined = self.amounts_above(body, self.columns)
        if joined is not None:
            self.diagnostics = self.diagnostics[:before]
            self.loose = set()
            rows = self.group_rows(joined)
        built = self.solve(rows, self.columns)
        return TableContent(
            columns=self.columns, rows=tuple(built), diagnostics=tuple(self.diagnostics)
        )

    def amounts_above(
        self, body: list[tuple[LogicalLine, list]], columns: tuple[str, ...]
    ) -> list[tuple[LogicalLine, list]] | None:
        """The body with each line of amounts alone joined to the code or totals line
        below it, where the table shows that pdftotext printed its tall rows' amounts a
        line above their code line (``1,240.50 310.25`` / ``201 一般公共服务支出
        1,550.75``); None where it does not.

        The evidence, for the whole table: every line of amounts alone (or run of them)
        stands right above a code or totals line; each such code line holds amounts no
        placement makes consistent (the row identity fails) alone (a totals label may hold
        none: its amounts stand above it), and
        with the amounts above it, ordered by the character columns they stand in (two
        amounts in one place are not one row's), it satisfies the row identity; and the
        other reading, each line of amounts completing the row above it, fails somewhere.
        Needs the decoded text for the columns."""
        if self.text is None or self.spec.max_code_parts == 0:
            return None
        grid = Grid(self.text, self.lines)
        identities = identities_for(self.spec, columns)
        out: list[tuple[LogicalLine, list]] = []
        waiting: list[tuple[LogicalLine, list]] = []  # lines of amounts alone
        joins = 0
        upward = True  # each run of amounts could complete the row above instead
        for line, tokens in body:
            parts, labels, numbers = self.split(tokens, False)
            if numbers and not parts and not labels:
                waiting.append((line, tokens))
                continue
            if not waiting:
                out.append((line, tokens))
                continue
            total = bool(labels) and self.is_total("".join(compact(t.text) for t in labels))
            lead = tokens[: len(tokens) - len(numbers)]
            if not (parts or total) or any(self.amount(t) is None for t in tokens[len(lead) :]):
                return None  # amounts alone above a line that is no code or totals line
            if parts and not numbers:
                return None  # a code line without amounts may take those below it
            if numbers and self.consistent(numbers, columns, identities):
                return None  # the line below is whole without them
            above = [n for _, ts in waiting for t in ts if (n := self.amount(t)) is not None]
            merged = sorted(above + numbers, key=lambda n: grid.at(n.token))
            places = [grid.at(n.token) for n in merged]
            if any(a[1] > b[0] for a, b in itertools.pairwise(places)):
                return None  # two amounts in one place: not the cells of one row
            if len(merged) > len(columns) or not self.consistent(merged, columns, identities):
                return None
            if upward:
                upward = self.completes_above(out, above, grid, columns, identities)
            text = MappedText.join([w.text for w, _ in waiting] + [line.text])
            out.append((LogicalLine(line.kind, text), lead + [n.token for n in merged]))
            waiting = []
            joins += 1
        if waiting or not joins or upward:
            return None
        return out

    def completes_above(
        self,
        out: list[tuple[LogicalLine, list]],
        amounts: list[_Number],
        grid: Grid,
        columns: tuple[str, ...],
        identities: list,
    ) -> bool:
        """Could these amounts be the rest of the row printed just above them instead?"""
        if not out:
            return False
        _, tokens = out[-1]
        parts, labels, numbers = self.split(tokens, False)
        if not (parts or labels):
            return False
        merged = sorted(amounts + numbers, key=lambda n: grid.at(n.token))
        return len(merged) <= len(columns) and self.consistent(merged, columns, identities)

    def consistent(
        self, numbers: list[_Number], columns: tuple[str, ...], identities: list
    ) -> bool:
        """Does some placement of these amounts, in their order, satisfy the row
        identities?"""
        position = {c: i for i, c in enumerate(columns)}
        terms = [(position[left], tuple(position[c] for c in right)) for left, right in identities]
        scale = _Scale([_Pending(numbers=numbers)])
        printed = [scale.number(number) for number in numbers]
        return any(
            self.holds(printed, cand, terms) for cand in _placements(len(numbers), len(columns))
        )

    def unlabelled_amounts(self, pending: _Pending | None, rows: list[_Pending]) -> _Pending | None:
        """The row of amounts without code or label just above (before any stray text)."""
        for row in (pending, rows[-1] if rows else None):
            if row is not None and row.has_amounts and not row.code and not row.names:
                return row
            if row is not None and row.has_amounts:
                return None
        return None

    def group_rows(self, body: list[tuple[LogicalLine, list]]) -> list[_Pending]:
        rows: list[_Pending] = []
        pending: _Pending | None = None
        coded = self.spec.max_code_parts > 0

        def flush() -> None:
            nonlocal pending
            if pending is None:
                return
            if pending.code or pending.total or pending.has_amounts or not coded:
                rows.append(pending)
            elif self.spec.project and rows and rows[-1].code and not rows[-1].tail:
                rows[-1].tail = pending.names
                rows[-1].tail_spans = pending.spans
            else:
                self.diag(
                    "table.stray_text",
                    "text between rows that carries no code and no amounts; dropped: "
                    + "".join(n.text for n in pending.names),
                    cover(pending.spans),
                )
            pending = None

        code_columns: set[int] | None = None
        self._after_names = None
        for at, (line, tokens) in enumerate(body):
            if elided(tokens):
                # rows left out: the row above ends here, and the line is no name text
                flush()
                report_elided(self.diagnostics, line.span, at > 0 and elided(body[at - 1][1]))
                continue
            awaiting = pending is not None and not pending.has_amounts and not pending.name_closed
            if awaiting and self.lone_code(tokens) is not None:
                assert pending is not None
                if code_columns is None:
                    code_columns = self.code_columns(body)
                alone = self.code_alone(body, at, pending, code_columns)
                if alone is not None:
                    # 207 文化旅游体育与传媒支出 / 其他文化旅游体育与传媒支 / 20799 / 出: the
                    # code printed alone between the two lines of its wrapped name
                    previous, head = body[at - 1]
                    if pending.code:
                        del pending.names[-len(head) :]
                        pending.spans.pop()
                        pending.lines.pop()
                        flush()
                    pending = _Pending(code=alone, names=list(head), head_above=True)
                    pending.spans = [previous.span, line.span]
                    pending.lines = [at - 1, at]
                    pending.head_lines, pending.code_line = 1, at
                    continue
            if awaiting and self.child_code(body, at, pending):
                awaiting = False  # 205 / 教育支出 / 20502 / 普通教育: a row of its own
            parts, labels, numbers = self.split(tokens, awaiting)
            if numbers and not parts and not labels:
                self.loose.add(at)
            label_text = "".join(compact(t.text) for t in labels)
            total = bool(labels) and self.is_total(label_text)
            starts = bool(parts) or total or not coded or (labels and not awaiting)
            if not starts and pending is None:
                starts = True
            if (
                pending is not None
                and pending.has_amounts
                and pending.code
                and labels
                and not numbers
                and not parts
                and not total
                and (
                    pending.open_tail
                    or (not pending.names)
                    or (
                        pending.head_above
                        and not pending.tail_lines
                        and not self.heads_a_centred_name(body, at)
                    )
                    or (not pending.head_above and self.name_below_its_code(body, at))
                )
            ):
                # the name printed below the code and amounts: all of it when none stood
                # on the code line (208 05 05 160.75 / 机关事业单位基本养老保险 / 缴费支出),
                # one line when its first part stood above (其他社会工作 / 2013999 … / 事务支出)
                pending.open_tail = not pending.names or pending.open_tail
                pending.names += labels
                pending.tail_lines += 1
                pending.spans.append(line.span)
                pending.lines.append(at)
                continue
            if total and not numbers and not parts:
                above = self.unlabelled_amounts(pending, rows)
                if above is not None:
                    # "2,946.25 2,940.05 6.20" then "合计": the label printed below
                    above.names += labels
                    above.total = True
                    above.spans.append(line.span)
                    above.lines.append(at)
                    continue
            if starts:
                above = pending
                if (
                    parts
                    and above is not None
                    and above.names
                    and not above.code
                    and not above.has_amounts
                    and not above.total
                ):
                    # "其他社会工作" / "2013999 202.24 202.24" / "事务支出": the name
                    # printed around its code line, its first part above it (in a form
                    # printed without amounts as well: 其他文化旅游 / 20799 体育与传媒支 / 出)
                    pending = _Pending(code=parts, total=total)
                    pending.names = list(above.names)
                    pending.spans = list(above.spans)
                    pending.head_above = True
                    if not numbers:
                        pending.head_lines = len(above.lines)
                else:
                    flush()
                    pending = _Pending(code=parts, total=total)
                if parts:
                    pending.code_line = at
            assert pending is not None
            if pending.has_amounts and (labels or numbers):
                # text after the row's amounts (a name wrapped past a page break)
                self.diag(
                    "table.stray_text",
                    "text after a row's amounts; dropped: " + label_text,
                    line.span,
                )
                continue
            if pending.head_lines and labels and not parts and not numbers:
                pending.tail_lines += 1  # a line of the name below its code line
            pending.names += labels
            pending.spans.append(line.span)
            pending.lines.append(at)
            if numbers:
                pending.numbers = numbers
                pending.has_amounts = True
                pending.whole_line = bool(parts or labels)
        flush()
        return rows

    def heads_a_centred_name(self, body: list[tuple[LogicalLine, list]], at: int) -> bool:
        """Is name text line ``at``, after a row whose name was centred on its code line,
        the first line of the next row's centred name?  So it is when the next line is a
        code line without name text and name text follows that code line: a centred
        name has at least as many lines above its code line as below, so that row needs
        this line (``行政运行`` / ``2120101 1092.80`` / ``城乡社区规划`` / ``21202 2739.56``
        / ``与管理``: a one-line name stands above its code line, nothing below).  Where
        the next code line prints name text of its own, a line after it may be its tail
        or the head of the row after (``210 卫生健康支出`` / ``行政事业单位``): nothing
        here says which, so the line stays the row above's as before."""
        if at + 2 >= len(body):
            return False
        parts, labels, _numbers = self.split(body[at + 1][1], False)
        return bool(parts) and not labels and self.name_line(body[at + 2][1])

    def name_below_its_code(self, body: list[tuple[LogicalLine, list]], at: int) -> bool:
        """Is name text line ``at`` the rest of the row above's name, wrapped below its
        code line?  So it is when the first line after it and the name lines right after
        it is a code line with name text of its own (``2080505 机关事业单位基本养老保
        446.11`` / ``险缴费支出`` / ``2080506 机关事业单位职业年金缴 225.12``), or when
        the table ends: a name printed around its code (centred in a tall cell) leaves
        the code line without name text (``其他社会工作`` / ``2013999 202.24`` /
        ``事务支出``).  Asked only of a row whose name starts on its code line: a row
        whose name began above it (centred) takes as many lines below as above.  (A
        project table keeps text after a row for its 科目名称 and 项目名称 split:
        ``tail``.)"""
        if self.spec.project:
            return False
        if self._after_names is None:
            # per line: the first line at or after it that is not name text alone (one
            # pass from the end, so that a run of name lines is not walked per line)
            after: list[int] = [len(body)] * (len(body) + 1)
            for k in range(len(body) - 1, -1, -1):
                after[k] = after[k + 1] if self.name_line(body[k][1]) else k
            self._after_names = after
        k = self._after_names[at + 1] if at + 1 < len(body) else len(body)
        if k >= len(body):
            return True  # no row below it to head
        parts, labels, _numbers = self.split(body[k][1], False)
        return bool(parts) and bool(labels)

    def lone_code(self, tokens: list[MappedText]) -> list[str] | None:
        """The code parts of a line holding one classification code and nothing else
        (``20799``), or None; the line may as well be an amount printed alone."""
        if len(tokens) != 1 or self.spec.max_code_parts == 0:
            return None
        parts = code_part(tokens[0].text, [], self.spec.max_code_parts)
        if parts is None or not self.is_class_code(parts[0]):
            return None
        return parts

    def child_code(
        self, body: list[tuple[LogicalLine, list]], at: int, pending: _Pending | None
    ) -> bool:
        """Is body line ``at``, a whole number alone, the code of a child of the row
        still waiting for its amounts (its code and two digits more: 205 → 20502 →
        2050205), its name on the next line or the row above without a name yet?  A form
        printed without amounts, one cell a line (plain pdftotext of a blank form),
        prints its rows so (205 / 教育支出 / 20502 / 普通教育, or the codes in a column:
        207 / 20799); an amount in its place would have to be a whole number equal to
        the row's own code extended, with name text after it or no name before it.
        The row above must be its code line and at most one line of name: where more
        stand, a name may be wrapped around the number (其他…支 / 21199 / 出), which
        :meth:`code_alone` reads by where it stands, or not at all."""
        if pending is None or not pending.code or pending.head_above:
            return False
        code_line = pending.code_line
        if code_line is None or pending.lines[:1] != [code_line]:
            return False
        named_on_code_line = len(body[code_line][1]) > 1
        if len(pending.lines) - 1 + named_on_code_line > 1:
            return False
        parts = self.lone_code(body[at][1])
        if parts is None:
            return False
        parent, code = "".join(pending.code), "".join(parts)
        if len(code) != len(parent) + 2 or not code.startswith(parent):
            return False
        return not pending.names or (at + 1 < len(body) and self.name_line(body[at + 1][1]))

    def name_line(self, tokens: list[MappedText]) -> bool:
        """A line of name text only: no code, no amount, no totals label, no ellipsis
        standing for rows left out."""
        parts, labels, numbers = self.split(tokens, True)
        return (
            bool(labels)
            and not parts
            and not numbers
            and not self.is_total("".join(compact(t.text) for t in labels))
            and not elided(tokens)
        )

    def code_columns(self, body: list[tuple[LogicalLine, list]]) -> set[int]:
        """The character columns the codes of the table's coded rows begin at (a code
        and its name on one line), where the text is known (pdftotext's layout)."""
        if self.text is None:
            return set()
        grid = self.grid = Grid(self.text, self.lines)
        found: set[int] = set()
        for _line, tokens in body:
            if len(tokens) > 1:
                parts, labels, _numbers = self.split(tokens, False)
                if parts and labels:
                    found.add(grid.at(tokens[0])[0])
        return found

    def code_alone(
        self,
        body: list[tuple[LogicalLine, list]],
        at: int,
        pending: _Pending,
        code_columns: set[int],
    ) -> list[str] | None:
        """The code parts of body line ``at`` when it is a code printed alone between the
        two lines of its wrapped name (pdftotext centres the code in a tall cell: a name of
        two lines puts one above the code line, one below), else None.

        A number alone on a line may be an amount (a row's amounts printed a line apart),
        so the line must hold a code of the table's shape and stand where the codes of the
        rows stand (the character column of a code printed beside its name), between two
        lines of name text.  The line above must be the name's head, not the tail of the
        row read before: that row's name, centred too, has as many lines below its code
        line as above it, so the line above is its one line more (lines of ``…``
        standing for rows left out are no name)."""
        parts = self.lone_code(body[at][1])
        if parts is None or not code_columns or not 0 < at < len(body) - 1:
            return None
        if pending.lines[-1:] != [at - 1]:
            return None
        if not (self.name_line(body[at - 1][1]) and self.name_line(body[at + 1][1])):
            return None
        if pending.code:
            if pending.code_line is None:
                return None
            below = [k for k in pending.lines if k > pending.code_line]
            if len(below) != pending.head_lines + 1:
                return None
        elif pending.lines != [at - 1]:
            return None
        assert self.grid is not None  # code_columns found some
        start = self.grid.at(body[at][1][0])[0]
        if not any(abs(start - column) <= 1 for column in code_columns):
            return None
        # the name lines stand right of the codes, as in pdftotext's layout (a PDF's text
        # layer starts every line at its left edge: where a line stands says nothing)
        if not all(self.grid.at(body[k][1][0])[0] > start + 1 for k in (at - 1, at + 1)):
            return None
        return parts

    # -- summary tables --------------------------------------------------------------------

    def codes_apart(self, tokens: list[MappedText]) -> bool:
        """A line of a two-list table whose codes stand apart from their names: codes
        only ("301 01 302"), or a 款 code without its 类 before a name ("01 办公费")."""
        texts = [compact(t.text) for t in tokens]
        if texts and all(t.isdigit() and len(t) in (2, 3) for t in texts):
            return any(len(t) == 3 for t in texts) and len(texts) > 1
        return any(
            len(t) == 2
            and t.isdigit()
            and (k == 0 or not compact(tokens[k - 1].text).isdigit())
            and k + 1 < len(texts)
            and not texts[k + 1].isdigit()
            and self.amount(tokens[k + 1]) is None
            for k, t in enumerate(texts)
        )

    def continued_side(
        self, tokens: list[MappedText], income: list[_Pending], expense: list[_Pending]
    ) -> int:
        """Where a line without a right-hand class code splits in a two-list table: a
        line of name fragments and amounts only (a name wrapped past its cell) belongs to
        the one side whose last row still waits for its amount; else it is all left."""
        if any(code_part(t.text, [], self.spec.max_code_parts) for t in tokens) or any(
            self.is_total(t.text) for t in tokens
        ):
            return len(tokens)
        waiting = [
            (rows[-1].spans[-1][0] if rows[-1].spans else -1, side)
            for side, rows in (("income", income), ("expense", expense))
            if rows and rows[-1].code and not rows[-1].has_amounts
        ]
        # of two rows waiting, the one printed last is the one continued
        return 0 if waiting and max(waiting)[1] == "expense" else len(tokens)

    def one_cell_per_line(self, lines: Sequence[LogicalLine]) -> bool:
        """Every line one cell, amounts alone on many of them (or on none: a two-sided
        summary's or a two-list table's blank form): the cells of a row stand on lines of
        their own, and which belong together is lost (MIN_COLUMN_WISE lines at least, so
        a short table of a few labels is not taken for one)."""
        counts = [len([t for t in row_cells(line) if compact(t.text)]) for line in lines]
        if len(counts) < MIN_COLUMN_WISE or any(c > 1 for c in counts):
            return False
        alone = sum(1 for line in lines if _DECIMAL_AMOUNT.match(compact(line.text.text)))
        if alone:
            return True
        # a blank form, its labels alone: a two-sided summary's (sides_cellwise.py), or
        # the two lists of the 基本支出 table (their names by the classification,
        # economic_lists.py) — unless its lines keep the gap between the two sides
        # (pdftotext -layout: ``一、…收入      一、一般公共服务支出`` is two cells that
        # read as one text cell)
        blank_form = summary_shapes(self.spec) is not None or self.spec.expense_class is not None
        return blank_form and not any(_SIDE_GAP.search(line.text.text) for line in lines)

    def two_totals(self, token: MappedText) -> list[MappedText]:
        """``人员经费合计公用经费合计``: the two sides' totals labels of a form printed
        without amounts, their words run together into one cell → the two labels."""
        text = token.text
        longest = max(map(len, self.vocab.totals), default=0)
        if len(text) > 2 * longest or self.is_total(text):  # (a long cell is not tried)
            return [token]
        for k in range(2, len(text) - 1):
            if self.is_total(text[:k]) and self.is_total(text[k:]):
                return [token.slice(0, k), token.slice(k)]
        return [token]

    def opens_expense_side(self, tokens: list[MappedText], k: int) -> bool:
        """Does token ``k`` of a summary line start its right-hand (expense) side?"""
        t = tokens[k]
        if norm(t.text) in self.vocab.expense_totals:
            return True
        # "总计 2,995.39 总计 2,995.39": a totals label after an amount
        if self.is_total(t.text) and any(self.amount(u) is not None for u in tokens[:k]):
            return True
        if self.spec.expense_class is not None:  # 人员经费 | 公用经费: by the class code
            return self.spec.opens_expense(compact(t.text))
        return is_expense_item(t.text) or (
            k + 1 < len(tokens)
            and self.is_class_code(t.text)
            and self.amount(tokens[k + 1]) is None
        )

    def side_tokens(self, cells: list[MappedText]) -> list[MappedText]:
        """A line's cells cut where two rows' words run together (``本年收入合计 本年支出合计``,
        ``二、事业收入 二、教育支出``; in a two-list table a class code glued to a name and
        the two lists' totals labels run into one cell)."""
        tokens = [piece for cell in cells for piece in _split_items(cell)]
        if self.spec.expense_class is not None:
            tokens = [piece for token in tokens for piece in self.two_totals(token)]
            tokens = unglue_codes(tokens, lambda code: self.is_class_code(code[:3]))
        return tokens

    def side_places(self, body: list[tuple[LogicalLine, list]]) -> SidePlaces | None:
        """Where the table's right-hand side starts (sides_lines.py), read from the pieces
        whose words open it; None without the decoded text."""
        if self.text is None:
            return None

        def opens(tokens: Sequence[MappedText], k: int) -> bool:
            return self.opens_expense_side(list(tokens), k)

        def centred(token: MappedText) -> bool:
            return _closing_label(token.text)

        lines = [self.side_tokens(cells) for _, cells in body]
        return locate_sides(Grid(self.text, self.lines), lines, opens, centred)

    def line_sides(
        self,
        tokens: list[MappedText],
        rows: dict[str, list[_Pending]],
        places: SidePlaces | None,
    ) -> list[tuple[str, list[MappedText]]]:
        """The pieces of a line, each with its side: cut where the right-hand side opens by
        its words, else by where the pieces stand, else (a line of one side alone, no
        position known) by the numbering an item continues or the open item a piece
        finishes (sides_lines.py).  In a two-list table a side's piece holding several rows
        (a PDF's text layer runs them together) is cut into rows."""
        at = next(
            (k for k in range(len(tokens)) if self.opens_expense_side(tokens, k)), len(tokens)
        )
        if at == len(tokens) and places is not None:
            at = next((k for k, t in enumerate(tokens) if places.right(t)), len(tokens))
        elif at == len(tokens) and self.spec.expense_class is not None:
            at = self.continued_side(tokens, rows["income"], rows["expense"])
        elif at == len(tokens) and self.by_words(tokens, rows) == "expense":
            at = 0
        parts = [("income", tokens[:at]), ("expense", tokens[at:])]
        if self.spec.expense_class is not None:
            parts = [cut for side, part in parts for cut in self.rows_in(side, part)]
        else:
            right = tokens[at:]
            back = self.income_after(right)
            parts = [("income", tokens[:at]), ("expense", right[:back]), ("income", right[back:])]
        return [(side, part) for side, part in parts if part]

    def income_after(self, part: list[MappedText]) -> int:
        """Where a numbered income item follows the expense side's amounts on one line
        (``年末财政拨款结转和结余 36.50 36.50 一、一般公共预算财政拨款 36.50``: a PDF's text
        layer runs the next line's income item on): it is the next row of the income side."""
        for k in range(1, len(part)):
            text = part[k].text
            if (
                item_number(text) is not None
                and is_income_item(text)
                and self.amount(part[k - 1]) is not None
            ):
                return k
        return len(part)

    def by_words(self, tokens: list[MappedText], rows: dict[str, list[_Pending]]) -> str | None:
        """The side of a line printing one side alone, by its words where no position is
        known: a numbered item by the numbering it continues, a piece of name by the open
        item it finishes (of one side only)."""
        text = "".join(compact(t.text) for t in tokens)
        names = {side: _name(out[-1]) if out else "" for side, out in rows.items()}
        if item_number(text) is not None:
            return numbered_side(text, {side: item_number(n) for side, n in names.items()})
        if any(self.amount(t) is not None for t in tokens):
            return None
        finished = [side for side, name in names.items() if completes(name, text, side)]
        return finished[0] if len(finished) == 1 else None

    def rows_in(self, side: str, part: list[MappedText]) -> list[tuple[str, list[MappedText]]]:
        """A two-list side's piece cut before each row it holds after its first (a class
        code, or a whole code, after a name or an amount; a totals label), each row on the
        side its code or label names."""
        cuts = [0]
        for k in range(1, len(part)):
            text, before = compact(part[k].text), compact(part[k - 1].text)
            after = compact(part[k + 1].text) if k + 1 < len(part) else ""
            coded = (self.is_class_code(text) and len(after) == 2 and after.isdigit()) or (
                len(text) == 5 and text.isdigit() and self.is_class_code(text[:3])
            )
            if (coded and not before.isdigit()) or self.is_total(text):
                cuts.append(k)
        if len(cuts) == 1:
            return [(side, part)]
        out = []
        for a, b in itertools.pairwise([*cuts, len(part)]):
            piece = part[a:b]
            first = compact(piece[0].text)
            if a > 0 and first.isdigit():
                side = "expense" if self.spec.opens_expense(first) else "income"
            elif a > 0:
                side = "expense" if norm(first) in self.vocab.expense_totals else "income"
            out.append((side, piece))
        return out

    def read_sides(self, body: list[tuple[LogicalLine, list]]) -> TableContent:
        rows: dict[str, list[_Pending]] = {"income": [], "expense": []}
        two_lists = self.spec.expense_class is not None  # 人员经费 | 公用经费 side by side
        places = self.side_places(body)
        after_elision = False  # the line before was ellipses: no row goes on past them
        for n, (line, cells) in enumerate(body):
            if elided(cells):
                report_elided(self.diagnostics, line.span, after_elision)
                after_elision = True
                self.settle(rows, n, None)
                continue
            may_continue = not after_elision  # may go on with the row above
            after_elision = False
            tokens = self.side_tokens(cells)
            if two_lists and self.codes_apart(tokens):
                content = read_two_lists(self.spec, self.vocab, [line for line, _ in body])
                if content is not None:
                    return content
                self.diag(
                    "table.layout_unreadable",
                    "codes, names and amounts of the two lists are printed on separate "
                    "lines; the table is not read (its values would be guesses)",
                    line.span,
                )
                return TableContent(columns=(), rows=(), diagnostics=tuple(self.diagnostics))
            sides = self.line_sides(tokens, rows, places)
            self.settle(rows, n, {side for side, _ in sides})
            for side, part in sides:
                self.side_row(side, part, rows[side], n, may_continue, places)
        self.settle(rows, len(body), None)
        built_income = self.solve(rows["income"], self.spec.income.order)
        built_expense = self.solve(rows["expense"], self.spec.expense.order)
        # one printed line = an income row then an expense row, in line order
        out = sorted(built_income + built_expense, key=lambda r: r.span[0])
        columns = tuple(dict.fromkeys(self.spec.income.order + self.spec.expense.order))
        return TableContent(columns=columns, rows=tuple(out), diagnostics=tuple(self.diagnostics))

    def settle(self, rows: dict[str, list[_Pending]], n: int, sides: set[str] | None) -> None:
        """Before line ``n`` (None: the table's end or a line of ellipses), of the sides it
        prints nothing on: a name printed above a code line that none followed goes on
        with the row above it, where it can, or is a row of its own; amounts alone that
        no label followed go to the row above them, where it printed none (else they
        belong to no row: ``table.stray_text``)."""
        for side, out in rows.items():
            if sides is not None and side in sides:
                continue
            self.place_head(side, out)
            loose = self.loose_amounts.pop(side, None)
            if loose is None:
                continue
            above = out[-1] if out else None
            if above is not None and above.names and not above.has_amounts:
                above.numbers += loose[1]
                above.has_amounts = True
                above.spans += [number.token.span() for number in loose[1]]
            else:
                self.diag(
                    "table.stray_text",
                    "amounts alone on a line that belong to no row; dropped: "
                    + " ".join(number.token.text for number in loose[1]),
                    cover([number.token.span() for number in loose[1]]),
                )

    def place_head(self, side: str, out: list[_Pending]) -> None:
        """A name waiting for its code line that none followed: the rest of the row above
        where it may be (``continues``), else a row of its own."""
        waiting = self.heads.pop(side, None)
        if waiting is None:
            return
        head, goes_on = waiting
        if goes_on and out:
            out[-1].names += head.names
            out[-1].spans += head.spans
        else:
            out.append(head)

    def side_row(
        self,
        side: str,
        part: list[MappedText],
        out: list[_Pending],
        n: int,
        may_continue: bool,
        places: SidePlaces | None,
    ) -> None:
        """Read one side's piece of line ``n`` into a row of its own, or into the row it
        continues (a name wrapped onto this line, its amounts on it or below it; in a
        two-list table, a name printed around its code line)."""
        two_lists = self.spec.expense_class is not None
        row = _Pending(group=side)
        k = 0
        if two_lists:
            # the economic code, whole or split over tokens ("301 01", "30101")
            while k < len(part):
                new = code_part(part[k].text, row.code, self.spec.max_code_parts)
                if new is None:
                    break
                row.code += new
                k += 1
        elif side == "expense" and self.is_class_code(part[0].text):
            row.code = [compact(part[0].text)]
            k = 1
        numbers = [number for t in part[k:] if (number := self.amount(t)) is not None]
        words = [t for t in part[k:] if self.amount(t) is None]
        bare = not row.code and not numbers and not self.is_total(_text(words))
        previous = out[-1] if out else None
        waiting = two_lists and previous is not None and previous.code and not previous.has_amounts
        if places is not None and not row.code and not words and may_continue and not waiting:
            # amounts alone: the row of their side on the next line is theirs
            self.settle({side: out}, n, None)
            self.loose_amounts[side] = (n, numbers)
            return
        if side in self.heads:
            head, _ = self.heads[side]
            if row.code and not words:
                del self.heads[side]
                head.code, row = row.code, head  # the name printed above its code line
            elif bare and may_continue:
                head.names += part  # more of the name above its code line
                head.head_lines += 1
                head.spans += [t.span() for t in part]
                return
            else:
                self.place_head(side, out)
                previous = out[-1] if out else None
        continues = (
            row.names == []
            and may_continue
            and not row.code
            and not self.is_total(part[0].text)
            and previous is not None
            and not (previous.has_amounts and numbers)
            and self.continues(side, words, previous, places)
        )
        open_tail = previous is not None and 0 < previous.head_lines > previous.tail_lines
        if two_lists and places is not None and bare and may_continue and not open_tail:
            # a name alone: the head of the next code line's name, if one without a name
            # follows; else it goes on with the row above (where it may) or stands alone
            row.names += part
            row.head_lines = 1
            row.spans += [t.span() for t in part]
            self.heads[side] = (row, continues)
            return
        if continues and previous is not None:
            row = previous  # a name wrapped onto the next line, its amount on it or below it
            out.pop()
            if previous.head_lines:
                row.tail_lines += 1
        loose = self.loose_amounts.pop(side, None)
        if loose is not None and (row.names or words or row.code) and loose[0] == n - 1:
            row.numbers += loose[1]
            row.spans += [number.token.span() for number in loose[1]]
        elif loose is not None:
            self.loose_amounts[side] = loose
            self.settle({side: out}, n, None)
        for token in part[k:]:
            number = self.amount(token)
            if number is not None and (row.names or row.code or not words):
                row.numbers.append(number)
            else:
                row.names.append(token)
        if places is not None:
            row.numbers.sort(key=lambda number: places.column(number.token))
        row.has_amounts = bool(row.numbers)
        row.total = bool(row.names) and self.is_total(_name(row))
        row.spans += [t.span() for t in part]
        out.append(row)

    def continues(
        self,
        side: str,
        words: list[MappedText],
        previous: _Pending,
        places: SidePlaces | None,
    ) -> bool:
        """Is this piece (no code of its own) the rest of the row above on its side?  In a
        two-list table: where that row printed its code without amounts (its name and
        amount wrapped below it), or its name began above its code line and has fewer
        lines below it than above.  In a summary: where it finishes an open numbered item
        (sides_lines.py).  Where positions are known, the piece stands at the column of
        the row's name."""
        if (
            places is not None
            and previous.names
            and words
            and not places.same_column(words[0], previous.names[0])
        ):
            return False
        if self.spec.expense_class is not None:
            if previous.code and not previous.has_amounts:
                return True
            return bool(words) and 0 < previous.head_lines > previous.tail_lines
        return bool(words) and completes(_name(previous), _text(words), side)

    # -- the constraint problem ------------------------------------------------------------

    def candidates(
        self, row: _Pending, columns: tuple[str, ...], identities: list
    ) -> tuple[list[Candidate], str | None]:
        k, n = len(row.numbers), len(columns)
        if k == 0:
            return [tuple([None] * n)], None
        if k > n:
            return [], "extra"
        out = list(_placements(k, n))
        position = {c: i for i, c in enumerate(columns)}
        terms = [(position[left], tuple(position[c] for c in right)) for left, right in identities]
        scale = _Scale([row])
        printed = [scale.number(number) for number in row.numbers]
        good = [c for c in out if self.holds(printed, c, terms)]
        if not good:
            return (out if k == n else []), "mismatch"
        if len(good) > 1 and self.zero:
            funded = [c for c in good if not self.in_zero_column(row, c, columns)]
            if funded:
                good = funded
            else:
                self.diag(
                    "table.evidence_conflict",
                    f"{self.label(row)}: every placement of its amounts puts one into a "
                    "column of a funding source the summary table prints as empty",
                    cover(row.spans),
                )
        share = self.evidence.shares.get(self.spec.kind)
        if len(good) > 1 and share is not None:
            key = "".join(row.code) if row.code else ("" if row.total else None)
            printed_share = share.rows.get(key) if key is not None else None
            if printed_share is not None and all(n.weight >= 0 for n in row.numbers):
                kept = [c for c in good if self.agrees(row, c, columns, share, printed_share)]
                if kept:
                    good = kept
        return good, None

    @staticmethod
    def agrees(
        row: _Pending,
        cand: Candidate,
        columns: tuple[str, ...],
        share: Share,
        printed: Mapping[str, Decimal],
    ) -> bool:
        """Is a placement what the share table says (evidence.Share)?  Any placement is,
        unless it puts the share's total into the totals column: then every part column
        holds the share's amount and the other columns nothing, each within the rounding
        of the two printed amounts."""

        def value(column: str) -> Decimal:
            at = cand[columns.index(column)] if column in columns else None
            return row.numbers[at].weight if at is not None else Decimal(0)

        def same(ours: Decimal, theirs: Decimal) -> bool:
            return within_rounding(ours - theirs, rounding_of(ours) + rounding_of(theirs))

        if share.total not in columns or not same(value(share.total), printed[share.share_total]):
            return True
        return all(
            same(value(column), printed[share.columns[column]])
            if column in share.columns
            else value(column) == 0
            for column in columns
            if column != share.total
        )

    def in_zero_column(self, row: _Pending, cand: Candidate, columns: tuple[str, ...]) -> bool:
        return any(
            at is not None and column in self.zero and row.numbers[at].weight != 0
            for column, at in zip(columns, cand, strict=True)
        )

    @staticmethod
    def holds(
        printed: list[tuple[int, int]],
        cand: Candidate,
        terms: list[tuple[int, tuple[int, ...]]],
    ) -> bool:
        """The row identities (column indexes of total and parts) hold for this placement
        of the row's numbers (as ints): total = Σ parts within the rounding involved.  An
        identity none of whose columns is placed holds trivially (0 = 0)."""
        for left, right in terms:
            at = cand[left]
            value, slack = (0, 0) if at is None else printed[at]
            for column in right:
                at = cand[column]
                if at is not None:
                    w, h = printed[at]
                    value -= w
                    slack += h
            if not within_rounding(value, slack):
                return False
        return True

    def groups(self, rows: list[_Pending]) -> list[tuple[int, list[int]]]:
        """(parent, children) by code prefix; the totals row over the top-level rows."""
        children: dict[int, list[int]] = {}
        totals = [i for i, r in enumerate(rows) if r.total]
        total = totals[0] if len(totals) == 1 else None
        units = self.spec.project  # general_project: per-unit subtotal rows without a code
        last_unit: int | None = None
        for i, row in enumerate(rows):
            code = "".join(row.code)
            if row.total:
                continue
            if not code:
                if units and row.has_amounts and row.names:
                    last_unit = i
                    if total is not None:
                        children.setdefault(total, []).append(i)
                continue
            if len(code) == 3:
                parent = last_unit if last_unit is not None else total
            else:
                parent = next(
                    (j for j in range(i - 1, -1, -1) if "".join(rows[j].code) == code[:-2]),
                    None,
                )
            if parent is not None:
                children.setdefault(parent, []).append(i)
        return sorted(children.items())

    def solve(self, rows: list[_Pending], columns: tuple[str, ...]) -> list[Row]:
        identities = identities_for(self.spec, columns)
        cands: list[list[Candidate]] = []
        problems: list[str | None] = []
        for row in rows:
            found, problem = self.candidates(row, columns, identities)
            cands.append(found)
            problems.append(problem)
        groups = [
            (p, cs) for p, cs in self.groups(rows) if all(problems[i] is None for i in (p, *cs))
        ]
        scale = _Scale(rows)
        printed = [[scale.number(number) for number in row.numbers] for row in rows]
        self.propagate(groups, cands, printed, len(columns))
        if self.by_position(rows, columns, cands):
            self.propagate(groups, cands, printed, len(columns))
        return [
            self.build(row, columns, found, problem)
            for row, found, problem in zip(rows, cands, problems, strict=True)
        ]

    @staticmethod
    def propagate(
        groups: list[tuple[int, list[int]]],
        cands: list[list[Candidate]],
        printed: list[list[tuple[int, int]]],
        width: int,
    ) -> None:
        """Drop the candidates no combination of their group's candidates supports."""
        # A group is evaluated again only when a member's candidates changed since its last
        # evaluation (the outcome depends on nothing else), until nothing changes.
        version = [0] * len(cands)
        seen: dict[int, list[int]] = {}
        changed = True
        while changed:
            changed = False
            for g, (parent, kids) in enumerate(groups):
                members = [parent, *kids]
                state = [version[i] for i in members]
                if seen.get(g) == state:
                    continue
                seen[g] = state
                pools = [cands[i] for i in members]
                size = 1
                for pool in pools:
                    size *= len(pool)
                if size == 1 or size > _MAX_COMBINATIONS:
                    continue
                supported = _supported(
                    [[_vector(printed[i], cand) for cand in cands[i]] for i in members], width
                )
                if supported is None:
                    continue  # the group does not add up at all: no evidence either way
                for slot, i in enumerate(members):
                    kept = [c for k, c in enumerate(pools[slot]) if k in supported[slot]]
                    if len(kept) < len(cands[i]):
                        cands[i] = kept
                        version[i] += 1
                        changed = True

    def by_position(
        self, rows: list[_Pending], columns: tuple[str, ...], cands: list[list[Candidate]]
    ) -> bool:
        """Narrow the candidates of rows left open to those that put each amount where it
        stands under the header (positions.py), where the table shows its positions can be
        trusted; True when a row's candidates changed."""
        if self.text is None or not self.header_lines:
            return False
        grid = Grid(self.text, self.lines)
        located = header_columns(self.spec, self.header_lines, grid, columns)
        places = [[grid.at(number.token) for number in row.numbers] for row in rows]
        if not reliable(located, cands, places):
            return False
        changed = False
        for i, pool in enumerate(cands):
            if len(pool) > 1:
                kept = [cand for cand in pool if fits(located, cand, places[i])]
                if kept and len(kept) < len(pool):
                    cands[i] = kept
                    changed = True
        return changed

    def build(
        self, row: _Pending, columns: tuple[str, ...], found: list[Candidate], problem: str | None
    ) -> Row:
        span = cover(row.spans) or (0, 0)
        label = self.label(row)
        values: dict[str, Decimal | None] = dict.fromkeys(columns)
        cells: dict[str, Cell] = {}
        if problem == "extra":
            self.diag(
                "table.extra_cells",
                f"{label}: {len(row.numbers)} amounts for {len(columns)} columns; "
                "values left empty",
                span,
            )
        if problem == "mismatch":
            printed = " ".join(n.token.text for n in row.numbers)
            kept = " (positions certain: values kept)" if found else "; values left empty"
            self.diag(
                "table.arithmetic_mismatch",
                f"{label}: no assignment of {printed} satisfies the row identity{kept}",
                span,
            )
        open_columns: list[str] = []
        if len(found) > 1:
            open_columns = [
                column for j, column in enumerate(columns) if len({c[j] for c in found}) > 1
            ]
            self.diag(
                "table.ambiguous_row",
                f"{label}: {len(found)} column assignments fit the table's arithmetic; "
                f"left empty: {'、'.join(open_columns)}; candidates: "
                + " | ".join(self.describe(row, columns, c) for c in found),
                span,
            )
        unplaced: tuple[Cell, ...] = ()
        if not found and row.numbers:
            open_columns = list(columns)
            if problem == "mismatch" and self.stands_whole(row):
                # no placement is consistent: the row itself is wrong
                unplaced = tuple(
                    Cell(text=n.token.text.strip(_WS), value=n.value, span=n.token.span())
                    for n in row.numbers
                )
        if found:
            # a column on which every remaining candidate agrees is decided
            for j, column in enumerate(columns):
                places = {c[j] for c in found}
                if len(places) != 1:
                    continue
                at = places.pop()
                if at is None:
                    continue
                number = row.numbers[at]
                text = number.token.text.strip(_WS)
                cells[column] = Cell(text=text, value=number.value, span=number.token.span())
                values[column] = number.value
        name_text = MappedText.join(row.names).text.strip(_WS) if row.names else ""
        name: str | None = compact(name_text) if row.total else (name_text or None)
        project: str | None = None
        if self.spec.project and row.code:
            name, project = self.split_project(row, name)
        return Row(
            code="".join(row.code) or None,
            name=name,
            project=project,
            group=row.group,
            total=row.total,
            values=values,
            cells=cells,
            span=span,
            undecided=tuple(open_columns),
            unplaced=unplaced,
        )

    def stands_whole(self, row: _Pending) -> bool:
        """Were all of a row's amounts surely read with it?  Two amounts at least, on the
        line of its code or label, and no line of amounts alone just above or below it
        (pdftotext may print a row's cells a line apart: a row missing one of them is a
        misreading, not an inconsistent row).  The sides of a summary table are not judged:
        they are read apart from the lines' grouping (read_sides)."""
        if len(row.numbers) < 2 or not row.whole_line or not row.lines:
            return False
        return not {min(row.lines) - 1, max(row.lines) + 1} & self.loose

    def split_project(self, row: _Pending, name: str | None) -> tuple[str | None, str | None]:
        """科目名称 and 项目名称 of a general_project row, told apart by the name the code
        has in the document's other tables; else the whole text stays in the name.

        A cell continued past a page break prints the rest of the 科目名称 and of the
        项目名称 on a line after the row (``其他…及相`` ``部门专项-…购买`` / ``关机构事务支出``
        ``服务费``): the known name says where each piece belongs.
        """
        text = compact(name or "")
        tail = "".join(compact(t.text) for t in row.tail)
        known = self.names.get("".join(row.code))
        project: str | None = None
        if known is not None and text.startswith(known):
            name, project = known, (text[len(known) :] + tail) or None
            tail = ""
        elif known is not None and tail:
            head = _common_prefix(text, known)
            rest = known[len(head) :]
            if len(head) >= 2 and tail.startswith(rest):
                name, project = known, (text[len(head) :] + tail[len(rest) :]) or None
                tail = ""
        if tail:
            self.diag(
                "table.stray_text",
                "text after a row that belongs to no row; dropped: " + tail,
                cover(row.tail_spans),
            )
        if project is None and (len(row.names) > 1 or len(row.code) == 3) and known != text:
            self.diag(
                "table.project_unsplit",
                f"{self.label(row)}: the 项目名称 cannot be told from the 科目名称 in "
                "space-aligned text; the whole text kept in the name",
                cover(row.spans),
            )
        return name, project

    @staticmethod
    def label(row: _Pending) -> str:
        code = "".join(row.code)
        name = "".join(compact(n.text) for n in row.names)
        return f"row {' '.join(p for p in (code, name) if p) or '?'}"

    @staticmethod
    def describe(row: _Pending, columns: tuple[str, ...], cand: Candidate) -> str:
        pairs = [
            f"{column}={row.numbers[at].token.text}"
            for column, at in zip(columns, cand, strict=True)
            if at is not None
        ]
        return "(" + ", ".join(pairs) + ")"


class _Scale:
    """Printed amounts as integers in one unit small enough for every half-unit of
    rounding (0.005 for two decimals becomes 5 when the unit is 0.001), so the group sums,
    evaluated for many combinations, run on ints instead of Decimals."""

    def __init__(self, rows: Sequence[_Pending]) -> None:
        exponents = [
            n.value.as_tuple().exponent for r in rows for n in r.numbers if n.value is not None
        ]
        self.unit = Decimal(10) ** (max([0, *(-e for e in exponents if isinstance(e, int))]) + 1)

    def number(self, number: _Number) -> tuple[int, int]:
        if number.value is None:
            return (0, 0)
        return (int(number.value * self.unit), int(number.half_unit * self.unit))


Vector = tuple[tuple[int, ...], tuple[int, ...]]  # per column: scaled values, half-units


# two labels apart on one line, as pdftotext -layout prints the two sides of a table
_SIDE_GAP = regex.compile(r"\S[ \u3000]{2,}+\S")


def _vector(printed: list[tuple[int, int]], cand: Candidate) -> Vector:
    """A row's scaled numbers placed by ``cand`` (an empty column is 0 ± 0)."""
    values = tuple(0 if at is None else printed[at][0] for at in cand)
    halves = tuple(0 if at is None else printed[at][1] for at in cand)
    return values, halves


def _supported(pools: list[list[Vector]], n: int) -> list[set[int]] | None:
    """Which candidates of each member (the parent first, then its children) take part in
    a combination where the parent equals the sum of the children in every column, within
    the rounding of the numbers involved; None when no combination does.

    Members with one candidate are summed once.  The others are split in two halves whose
    partial sums are enumerated apart; the right sums are sorted on one column, so a left
    sum is tested only against those that can cancel it there (meet in the middle): every
    combination that adds up is still found, without testing every combination."""
    base_v = [0] * n
    base_h = [0] * n
    free: list[tuple[int, list[Vector]]] = []  # (slot, candidates with signed values)
    for slot, pool in enumerate(pools):
        signed = pool if slot == 0 else [(tuple(-x for x in v), h) for v, h in pool]
        if len(signed) == 1:
            v, h = signed[0]
            base_v = [a + b for a, b in zip(base_v, v, strict=True)]
            base_h = [a + b for a, b in zip(base_h, h, strict=True)]
        else:
            free.append((slot, signed))
    # the smaller half is kept (sorted), the larger one walked through without keeping it
    middle = len(free) // 2
    kept, walked = free[:middle], free[middle:]
    right = list(_partial_sums(kept, [0] * n, [0] * n))
    # sort on the column where the kept sums differ most; a walked sum (v, h) pairs only
    # with kept sums whose value there lies in -v ± (h + the largest kept half-units)
    column = max(range(n), key=lambda c: len({r[0][c] for r in right}), default=None)
    if column is not None:
        right.sort(key=lambda r: r[0][column])
    keys = [r[0][column] for r in right] if column is not None else []
    reach = max((r[1][column] for r in right), default=0) if column is not None else 0
    supported: list[set[int]] = [set() for _ in pools]
    found = False
    for sums, halves, chosen in _partial_sums(walked, base_v, base_h):
        window = right
        if column is not None:
            lo = bisect_left(keys, -sums[column] - halves[column] - reach)
            hi = bisect_right(keys, -sums[column] + halves[column] + reach)
            window = right[lo:hi]
        for w, u, more in window:
            for total, part, slack, more_slack in zip(sums, w, halves, u, strict=True):
                if not within_rounding(total + part, slack + more_slack):
                    break
            else:
                found = True
                for (slot, _), k in zip(walked, chosen, strict=True):
                    supported[slot].add(k)
                for (slot, _), k in zip(kept, more, strict=True):
                    supported[slot].add(k)
    if not found:
        return None
    for slot, pool in enumerate(pools):
        if len(pool) == 1:
            supported[slot].add(0)
    return supported


def _partial_sums(
    slots: list[tuple[int, list[Vector]]], values: list[int], halves: list[int]
) -> Iterator[tuple[list[int], list[int], tuple[int, ...]]]:
    """(values, halves, chosen candidate per slot) of every choice of one candidate per
    slot, added to ``values`` and ``halves``; generated depth first, one path at a time."""
    if not slots:
        yield values, halves, ()
        return
    (_, pool), rest = slots[0], slots[1:]
    for k, (w, u) in enumerate(pool):
        below = _partial_sums(
            rest,
            [a + b for a, b in zip(values, w, strict=True)],
            [a + b for a, b in zip(halves, u, strict=True)],
        )
        for v, h, chosen in below:
            yield v, h, (k, *chosen)


def _text(tokens: Sequence[MappedText]) -> str:
    return "".join(compact(t.text) for t in tokens)


def _name(row: _Pending) -> str:
    return _text(row.names)


@cache
def _longest_label() -> int:
    """A closing label is looked for only in this many last characters of a cell."""
    v = vocabulary()
    return max(map(len, v.totals | v.expense_totals))


def _closing_label(text: str) -> bool:
    """A totals label or a label closing the income side (本年支出合计, 公用经费合计)."""
    v = vocabulary()
    return norm(text) in v.totals or norm(text) in v.expense_totals


def _split_items(cell: MappedText) -> list[MappedText]:
    """A text cell that joined an income item and an expense item printed with a space
    between them (``二、事业收入 二、教育支出``, joined as letter spacing is) is split again
    where the space was, when an expense-named item or a closing label starts there (a
    numbered expense item after any text: the rest of a wrapped income item before it)."""
    text = cell.text
    # inside a run of the map offsets advance together: only a run start can follow a gap
    for p in sorted({p for p in cell.runs()[0] if 0 < p < len(text)}):
        if cell.origin(p) == cell.origin(p - 1) + 1:
            continue  # no space was removed here
        opens = is_expense_item(text[p:]) or norm(text[p:]) in vocabulary().expense_totals
        numbered = opens and item_number(text[p:]) is not None  # 拨款 三、国防支出
        if opens and (numbered or is_income_item(text[:p])):
            return [cell.slice(0, p), cell.slice(p)]
        if (
            len(text) - p <= _longest_label()
            and _closing_label(text[p:])
            and not _closing_label(text)
        ):
            # 本年收入合计 本年支出合计, 其他资本性支出 人员经费合计: a closing label after
            # the words of another row (a label letter-spaced is one label as a whole)
            return [cell.slice(0, p), cell.slice(p)]
    return [cell]


# a table of this many lines, every one a single cell, is printed column by column
MIN_COLUMN_WISE = 8


def _without_levels(tokens: list[MappedText], levels: tuple[str, ...]) -> list[MappedText]:
    """A line's cells without the code levels' header words in front (``类 款 项``,
    printed under the header on the line of the totals row or on a line of its own): they
    name the code's columns, never a row, and a row read with them would be named
    ``类款项合计`` (no totals row) or ``类款项一般公共服务支出``."""
    if not tokens:
        return tokens
    first = tokens[0]
    text = first.text
    head = "".join(levels)
    if head and set(compact(text)) <= set(levels):
        return tokens[1:]
    if head and compact(text).startswith(head) and text.startswith(head):
        return [first.slice(len(head)), *tokens[1:]]
    return tokens


def _placements(k: int, n: int) -> Iterator[Candidate]:
    """Every placement of k amounts, in their printed order, into n columns."""
    for chosen in itertools.combinations(range(n), k):
        cand: list[int | None] = [None] * n
        for index, column in enumerate(chosen):
            cand[column] = index
        yield tuple(cand)


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


_CLASS_CODE_PREFIX = regex.compile(r"^[\s\u3000]*+\d{3}+[\s\u3000]*+")


def _strip_code(token: MappedText) -> MappedText:
    """ "201一般公共服务支出" → "一般公共服务支出" (the 类 code printed against the name)."""
    m = _CLASS_CODE_PREFIX.match(token.text)
    return token.slice(m.end()) if m else token


def read_spaced_table(
    kind: str,
    spec: KindSpec,
    lines: Sequence[LogicalLine],
    columns: Sequence[str] | None = None,
    evidence: Evidence | None = None,
    text: str | None = None,
) -> TableContent:
    """Rows of a space-aligned table.

    ``columns`` is the printed column order of the document's template variant (its
    grammar/templates/<id>.toml); without it the kind's default order in columns.toml.
    ``evidence`` is what the document's other tables say (tables/evidence.py); ``text``
    the decoded text the lines come from, where the amounts' columns are read
    (positions.py).
    """
    assert spec.kind == kind
    return SpacedReader(spec, vocabulary(), columns, evidence, text).read(lines)


__all__ = ["identities_for", "read_spaced_table"]
