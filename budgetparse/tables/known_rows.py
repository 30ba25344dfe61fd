"""The rows of a coded table printed one cell per line whose amounts no arrangement
verifies, where the text prints exactly the codes and names of another table's rows.

Plain ``pdftotext`` sometimes interleaves the codes, names and amounts of different rows
so that no placement of the amounts satisfies the table's identities (cellwise.py gives
up): the 类 codes of one row between the names of others, one row's 项目支出 printed rows
away.  The amounts then stay unknown, but the table's structure need not: a document's
收入决算表 and 支出决算表 (and often its 一般公共预算财政拨款支出决算表) list the same
功能分类 subjects, and a table read before this one (``known``: its rows' codes and names)
may be the list this one prints.

The check, on the table's cells (header words and amounts aside):

* **names** — the text cells, joined in print order, are the other table's names joined
  in row order (the totals row's label aside): every character accounted for, in order,
  wherever pdftotext wrapped a name or broke a run;
* **codes** — the code cells are the other table's codes, as a multiset: whole codes
  (``2010601``) when the table prints them so, else each row's 类 code, and the 款 and 项
  parts (2 digits) of the rows that have them;
* **totals row** — printed (a totals label among the cells) when the other table has one.

Why this is sound: a row is a code of the national classification with its name; the
text prints every name of the other table's rows in the same order and nothing else
(each code's name fixed by the classification), and exactly the codes those rows take,
so its rows are those rows.  Anything left over or missing — a row more or less, a
different subject, a name the header words cannot account for — and the table is not
read this way.

The amounts: where the table prints every cell (as many amounts as rows × columns, 0.00
in the empty ones) they are filled in print order row by row and column by column, and
a fill is kept only when every identity of the table holds (the code tree in every
column, the row identities in every row: cellwise.py's check); a cell the kept fills
give alike is read, one they give differently is undecided.  Where the rows print their
amounts one after another, empty cells left out, the amounts in print order are split
into consecutive groups, one a row: kept only when exactly one split lets every group
satisfy its row's identities.  A group may fit several placements (``550.00 550.00``:
合计 and 基本支出, or 合计 and 项目支出); every choice of one placement a row under which
each column satisfies the code tree is found, and a cell is read where every such
choice agrees (the search given up past its budget or :data:`MAX_CHOICES` choices: where
every placement of its row's group agrees); the table's code tree must hold in every
column so read.  Otherwise — or when nothing verifies — every value cell is undecided
(``Row.undecided``, unknown to every check; ``table.ambiguous_row``): placed nowhere,
never guessed.

Two tables left unread: where no table read before prints a table's list, two coded
tables of one document that no arrangement verifies may vouch for each other
(pipeline.py).  One gives a list of its own cells (``CellwiseReader.printed_list``: its
code cells read one way only, its names counting out one a row, in print order), not
verified by itself; the other is checked against it as above.  When it prints exactly
that list — every name in the same order, the same codes to the last one — both keep it,
their amounts placed as above where a fill verifies, else undecided.  The second
printing is what makes the list a document's rows rather than one reading of one table's
cells: a name missed or doubled, a code misread, and the two no longer agree.  A totals
label printed once among the names (neither before nor after them all) leaves the place
of the totals row unknown: the row is left out, with a ``table.ambiguous_row``
diagnostic.

Cost: linear in the table's cells per known list: two fills checked; the splits are
counted row by row (at most two ways kept per count) and the choices searched (a sum
checked as soon as its last row is chosen) within one work budget linear in the table's
size (cell_lines.py), past which the amounts stay undecided; at most
:data:`MAX_KNOWN` lists, the latest read.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs
import regex

from ..mapped import cover
from ..numbers import adds_up
from .cell_lines import MIN_WORK, WORK_PER_CELL, CellToken, code_groups, is_decimal_amount
from .cells import compact
from .rows import Cell, Diagnostic, Row, Span, TableContent, row_of_cells

_DIGITS = regex.compile(r"^\d++$")
# the most code lists kept to check a table against (the latest read), so that the
# cost stays linear in the document however many tables it prints
MAX_KNOWN = 4
# the most choices of placements kept when a table's rows are split (their common cells
# are read); past it the rows' own placements decide alone
MAX_CHOICES = 32
# the most cells of a header word wrapped over lines (``对附属单位 / 补 / 助支出``)
MAX_HEADER_CELLS = 4


@attrs.frozen
class KnownRow:
    """A row of a table read before: its code (None for the totals row) and name."""

    code: str | None
    name: str
    total: bool


def known_rows(rows: Sequence[Row]) -> tuple[KnownRow, ...] | None:
    """The code list of a coded table read, or None when a row lacks its code or name
    (nothing to check another table against)."""
    out: list[KnownRow] = []
    for row in rows:
        if not row.name or (not row.total and not row.code):
            return None
        out.append(KnownRow(None if row.total else row.code, compact(row.name), row.total))
    codes = [r.code for r in out if r.code]
    if not codes or len(set(codes)) != len(codes):
        return None
    return tuple(out)


def remember(
    lists: tuple[tuple[KnownRow, ...], ...], rows: Sequence[Row]
) -> tuple[tuple[KnownRow, ...], ...]:
    """``lists`` with the code list of a table just read (when it has one) last, each
    list once, the latest :data:`MAX_KNOWN` kept."""
    found = known_rows(rows) if rows else None
    if found is None:
        return lists
    return (*(k for k in lists if k != found), found)[-MAX_KNOWN:]


def read_known_rows(
    tokens: Sequence[CellToken],
    columns: tuple[str, ...],
    known: Sequence[tuple[KnownRow, ...]],
    is_header_text: Callable[[str], bool],
    is_total: Callable[[str], bool],
    value: Callable[[str], Decimal | None],
    verified: Callable[[TableContent], bool],
    identities: Sequence[tuple[int, tuple[int, ...]]] = (),
) -> TableContent | None:
    """The rows of the first of ``known`` that the cells print exactly (module docstring),
    their amounts placed where a fill verifies (``value`` reads an amount, ``verified``
    checks a table's code tree and identities, ``identities`` the row identities by
    column position), else undecided; None when no list is printed."""
    if not columns:
        return None
    for rows in known:
        found = _match(tokens, rows, is_header_text, is_total)
        if found is not None:
            content = _content(rows, found, columns)
            amounts = [t for t in tokens if is_decimal_amount(t.text)]
            read = (
                _filled(content, amounts, value, verified)
                or _by_rows(content, amounts, value, verified, identities)
                or content
            )
            if found.totals and found.total_first is None:
                unplaced: Diagnostic = (
                    "table.ambiguous_row",
                    "the totals label is printed among the names of a table printed one "
                    "cell per line: whether its row comes first or last cannot be told, so "
                    "the totals row is left out",
                    found.totals[0].cell.span(),
                )
                read = attrs.evolve(read, diagnostics=(*read.diagnostics, unplaced))
            return read
    return None


def _by_rows(
    content: TableContent,
    amounts: list[CellToken],
    value: Callable[[str], Decimal | None],
    verified: Callable[[TableContent], bool],
    identities: Sequence[tuple[int, tuple[int, ...]]],
) -> TableContent | None:
    """The rows with their amounts where the table prints them row after row, each row's
    amounts one after another in column order, its empty cells left out: the one split
    of the amounts into consecutive groups, one a row, each of which some placement into
    its row's columns satisfies every row identity (an empty cell zero).  A cell every
    such placement of its row fills alike (or leaves empty alike) is read, one they fill
    differently undecided; the table kept when its code tree holds in every column read
    in every row.  None when no split or two splits fit, when a row's amounts fit no
    placement, or when the work passes a budget linear in the table's size."""
    rows, columns = content.rows, content.columns
    width, height = len(columns), len(rows)
    values = [value(t.text) for t in amounts]
    if not identities or not height or not height <= len(values) <= height * width:
        return None
    budget = max(MIN_WORK, WORK_PER_CELL * height * width)
    work = 0
    fitting: dict[tuple[int, int], list[tuple[int, ...]]] = {}

    def fits(p: int, k: int) -> list[tuple[int, ...]]:
        """The placements of amounts p .. p+k-1 into one row's columns, in order."""
        nonlocal work
        if (p, k) not in fitting:
            found = []
            for chosen in itertools.combinations(range(width), k):
                work += width
                cells: list[Decimal | None] = [None] * width
                for c, v in zip(chosen, values[p : p + k], strict=True):
                    cells[c] = v
                if all(adds_up(cells[a], [cells[b] for b in parts]) for a, parts in identities):
                    found.append(chosen)
            fitting[(p, k)] = found
        return fitting[(p, k)]

    # the splits: amounts placed so far after each row -> (ways, capped at 2; the start
    # of the row's group)
    states: dict[int, tuple[int, int]] = {0: (1, -1)}
    steps: list[dict[int, tuple[int, int]]] = [states]
    for _ in range(height):
        following: dict[int, tuple[int, int]] = {}
        for p, (ways, _start) in states.items():
            for k in range(1, width + 1):
                work += 1
                if p + k > len(values) or not fits(p, k):
                    continue
                before = following.get(p + k, (0, p))[0]
                following[p + k] = (min(2, before + ways), p)
            if work > budget:
                return None
        states = following
        steps.append(states)
    if states.get(len(values), (0, 0))[0] != 1:
        return None
    # the one split, back from its end: each row's placements of its group
    options: list[list[list[CellToken | None]]] = []
    end = len(values)
    for r in range(height, 0, -1):
        start = steps[r][end][1]
        group = amounts[start:end]
        options.append(
            [[_at(chosen, group, c) for c in range(width)] for chosen in fits(start, end - start)]
        )
        end = start
    options.reverse()
    choices = _tree_choices(rows, options, value, budget - work)
    if choices is not None and not choices:
        return None  # no choice of placements satisfies the code tree
    kept = options  # the search given up: every placement of a row's group kept
    if choices is not None:
        kept = [[options[r][k] for k in sorted({c[r] for c in choices})] for r in range(height)]
    grid = [row_options[0] for row_options in kept]
    open_cells = {
        (r, c)
        for r in range(height)
        for c in range(width)
        if any(option[c] != grid[r][c] for option in kept[r][1:])
    }
    built = _with(rows, grid, columns, value, open_cells)
    candidate = TableContent(columns=columns, rows=tuple(built), diagnostics=())
    if not verified(candidate):
        return None
    why = "their amounts fit several of their columns (empty cells are not printed)"
    return _placed(built, columns, why)


def _tree_choices(
    rows: Sequence[Row],
    options: list[list[list[CellToken | None]]],
    value: Callable[[str], Decimal | None],
    budget: int,
) -> list[list[int]] | None:
    """Every choice of one placement a row (``options``) under which each value column
    satisfies the code tree (parent = Σ children, an empty cell zero): each a list of
    option indexes.  None when the search is given up (past ``budget`` steps, or more
    than :data:`MAX_CHOICES` choices)."""
    groups = code_groups([None if row.total else row.code for row in rows])
    # each parent/children sum checked once the last of its rows is chosen
    due: dict[int, list[tuple[int, list[int]]]] = {}
    for parent, kids in groups:
        due.setdefault(max(parent, *kids), []).append((parent, kids))
    width = len(options[0][0]) if options and options[0] else 0
    numbers = [
        [[value(t.text) if t is not None else None for t in option] for option in row]
        for row in options
    ]
    chosen: list[int] = []
    found: list[list[int]] = []
    work = 0

    def holds(r: int) -> bool:
        nonlocal work
        for parent, kids in due.get(r, ()):
            for c in range(width):
                work += len(kids) + 1
                total = numbers[parent][chosen[parent]][c]
                if not adds_up(total, [numbers[k][chosen[k]][c] for k in kids]):
                    return False
        return True

    def visit(r: int) -> bool:
        """False when the search is given up."""
        nonlocal work
        if r == len(options):
            found.append(list(chosen))
            return len(found) <= MAX_CHOICES
        for k in range(len(options[r])):
            work += 1
            if work > budget:
                return False
            chosen.append(k)
            ok = not holds(r) or visit(r + 1)
            chosen.pop()
            if not ok:
                return False
        return True

    return found if visit(0) else None


def _at(chosen: tuple[int, ...], tokens: list[CellToken], column: int) -> CellToken | None:
    """The amount a placement puts in ``column`` (None: empty)."""
    return next((t for c, t in zip(chosen, tokens, strict=True) if c == column), None)


def _filled(
    content: TableContent,
    amounts: list[CellToken],
    value: Callable[[str], Decimal | None],
    verified: Callable[[TableContent], bool],
) -> TableContent | None:
    """The rows with their amounts where the table prints every cell (as many amounts as
    rows × columns, a 0.00 in an empty cell): filled row by row or column by column in
    print order, each fill kept when the table's identities verify it; a cell the kept
    fills give alike is read, one they give differently stays undecided.  None when no
    fill verifies (or the count differs)."""
    rows, columns = content.rows, content.columns
    if not rows or len(amounts) != len(rows) * len(columns):
        return None
    width, height = len(columns), len(rows)
    fills = [
        [[amounts[r * width + c] for c in range(width)] for r in range(height)],
        [[amounts[c * height + r] for c in range(width)] for r in range(height)],
    ]
    kept: list[list[list[CellToken]]] = []
    for grid in fills:
        candidate = attrs.evolve(content, rows=tuple(_with(rows, grid, columns, value, ())))
        if grid not in kept and verified(candidate):
            kept.append(grid)
    if not kept:
        return None
    open_cells = {
        (r, c)
        for r in range(height)
        for c in range(width)
        if any(grid[r][c].text != kept[0][r][c].text for grid in kept[1:])
    }
    built = _with(rows, kept[0], columns, value, open_cells)
    why = "its amounts fill its cells row by row and column by column, both verified, and differ"
    return _placed(built, columns, why)


def _placed(built: list[Row], columns: tuple[str, ...], why: str) -> TableContent:
    """The rows with their amounts placed, and a ``table.ambiguous_row`` diagnostic saying
    ``why`` the undecided cells are, if any."""
    undecided = [row for row in built if row.undecided]
    diagnostics: list[Diagnostic] = []
    if undecided:
        diagnostics.append(
            (
                "table.ambiguous_row",
                f"{len(undecided)} rows of a table printed one cell per line whose codes and "
                f"names are those another table prints: {why}; those cells are left "
                "undecided",
                undecided[0].span,
            )
        )
    return TableContent(columns=columns, rows=tuple(built), diagnostics=tuple(diagnostics))


def _with(
    rows: Sequence[Row],
    grid: Sequence[Sequence[CellToken | None]],
    columns: tuple[str, ...],
    value: Callable[[str], Decimal | None],
    open_cells: set[tuple[int, int]] | tuple[()],
) -> list[Row]:
    """``rows`` with the amounts of ``grid`` in their cells (None: an empty cell; those
    of ``open_cells`` undecided)."""
    out: list[Row] = []
    for r, row in enumerate(rows):
        cells = {
            column: Cell(text=token.text, value=value(token.text), span=token.cell.span())
            for c, (column, token) in enumerate(zip(columns, grid[r], strict=True))
            if (r, c) not in open_cells and token is not None
        }
        spans = [row.span, *(cell.span for cell in cells.values())]
        filled = row_of_cells(row.code, row.name, None, row.total, columns, cells, row.span)
        undecided = tuple(c for k, c in enumerate(columns) if (r, k) in open_cells)
        out.append(attrs.evolve(filled, undecided=undecided, span=cover(spans) or row.span))
    return out


@attrs.frozen
class _Found:
    names: list[list[CellToken]]  # the cells of each coded row's name, in row order
    codes: dict[str, CellToken]  # whole code -> its cell, when printed whole
    totals: list[CellToken]  # the cells printing the totals label
    # where the totals row stands (None: no totals row, or, its label in ``totals``,
    # printed among the names where its place cannot be told)
    total_first: bool | None


def _match(
    tokens: Sequence[CellToken],
    rows: tuple[KnownRow, ...],
    is_header_text: Callable[[str], bool],
    is_total: Callable[[str], bool],
) -> _Found | None:
    codes = [t for t in tokens if _DIGITS.match(t.text)]
    coded = [r for r in rows if r.code]
    # codes
    whole = any(len(t.text) > 3 for t in codes)
    if whole:
        expected = Counter(r.code for r in coded)
    else:
        expected = Counter()
        for r in coded:
            assert r.code is not None
            expected.update([r.code[:3], *(r.code[k : k + 2] for k in range(3, len(r.code), 2))])
    if Counter(t.text for t in codes) != expected:
        return None
    # names: the text cells but header words, runs of consecutive cells of one block
    # judged together (a column name wrapped over lines)
    is_text = [not _DIGITS.match(t.text) and not is_decimal_amount(t.text) for t in tokens]
    runs: list[list[CellToken]] = []
    for k, token in enumerate(tokens):
        if not is_text[k]:
            continue
        if k and is_text[k - 1] and tokens[k - 1].block == token.block:
            runs[-1].append(token)
        else:
            runs.append([token])
    by_code = {t.text: t for t in codes} if whole else {}
    cells = _name_cells(runs, "".join(r.name for r in coded), is_header_text)
    names = _split(cells, [r.name for r in coded]) if cells is not None else None
    if names is None or not names:
        return None
    # the totals label: after the last name (the totals row last), or only before the
    # first (first); a label on both sides cannot be told from a column named so
    label = next((r.name for r in rows if r.total), None)
    first = tokens.index(names[0][0]) if names[0] else 0
    last = tokens.index(names[-1][-1]) if names[-1] else len(tokens)
    totals = [k for k, t in enumerate(tokens) if t.text == label and is_total(t.text)]
    if label is None:
        return _Found(names, by_code, [], None)
    after = [tokens[k] for k in totals if k > last]
    if after:
        if any(first < k < last for k in totals):
            return None
        return _Found(names, by_code, after, False)
    before = [tokens[k] for k in totals if k < first]
    if len(totals) == 1 and not before:
        # the label printed once among the names: the totals row is there, but whether
        # first or last cannot be told; left out (``_content`` says so)
        return _Found(names, by_code, [tokens[totals[0]]], None)
    if not before or len(before) != len(totals):
        return None
    return _Found(names, by_code, before, True)


def _name_cells(
    runs: list[list[CellToken]], target: str, is_header_text: Callable[[str], bool]
) -> list[CellToken] | None:
    """The cells of ``runs`` that print ``target`` (the names joined), in order: each run
    whole where it goes on with the names, else without the header words it starts or
    ends with (``科目名称`` printed in one block with the first names; a header word a
    whole cell or a few, a column name wrapped over lines), the fewest such cells left
    out; a run of header words alone is left out whole.  None when the names are not
    what the runs print."""

    def header(cells: list[CellToken]) -> bool:
        return bool(cells) and is_header_text("".join(t.text for t in cells))

    out: list[CellToken] = []
    at = 0
    for run in runs:
        reach = min(MAX_HEADER_CELLS, len(run))
        cuts = sorted(
            ((h, t) for h in range(reach + 1) for t in range(reach + 1 - h)),
            key=lambda cut: cut[0] + cut[1],
        )
        for h, t in cuts:
            middle = run[h : len(run) - t]
            text = "".join(c.text for c in middle)
            if (
                (h == 0 or header(run[:h]))
                and (t == 0 or header(run[len(run) - t :]))
                and target.startswith(text, at)
            ):
                out += middle
                at += len(text)
                break
        else:
            if not header(run):
                return None
    return out if at == len(target) else None


def _split(cells: list[CellToken], names: list[str]) -> list[list[CellToken]] | None:
    """The cells of each name when the cells' texts joined are the names joined; None
    otherwise, or when a cell holds the end of one name and the start of the next (a
    name printed across a cell boundary only)."""
    if "".join(t.text for t in cells) != "".join(names):
        return None
    out: list[list[CellToken]] = []
    k = 0
    for name in names:
        taken: list[CellToken] = []
        length = 0
        while length < len(name) and k < len(cells):
            taken.append(cells[k])
            length += len(cells[k].text)
            k += 1
        if length != len(name):
            return None
        out.append(taken)
    return out


def blank_row(
    code: str | None,
    name: str,
    total: bool,
    columns: tuple[str, ...],
    marks: list[Span],
    group: str | None = None,
) -> Row:
    """A row of known code and name (its cells at ``marks``) in a form that prints no
    amount: every value known, and empty."""
    return row_of_cells(code, name, group, total, columns, {}, cover(marks) or (0, 0))


def undecided_row(
    code: str | None,
    name: str,
    total: bool,
    columns: tuple[str, ...],
    marks: list[Span],
    group: str | None = None,
) -> Row:
    """A row of known code and name (its cells at ``marks``), every value undecided."""
    return attrs.evolve(blank_row(code, name, total, columns, marks, group), undecided=columns)


def _content(rows: tuple[KnownRow, ...], found: _Found, columns: tuple[str, ...]) -> TableContent:
    built: list[Row] = []
    coded = [known for known in rows if not known.total]
    for known, cells in zip(coded, found.names, strict=True):
        marks = [t.cell.span() for t in cells]
        if known.code in found.codes:
            marks.append(found.codes[known.code].cell.span())
        built.append(undecided_row(known.code, known.name, False, columns, marks))
    total = next((known for known in rows if known.total), None)
    if total is not None and found.total_first is not None:
        marks = [t.cell.span() for t in found.totals]
        row = undecided_row(None, total.name, True, columns, marks)
        built.insert(0 if found.total_first else len(built), row)
    diagnostics: list[Diagnostic] = [
        (
            "table.ambiguous_row",
            f"{len(built)} rows of a table printed one cell per line whose codes and names "
            "are those another table prints (each printed, in order); no placement of its "
            "amounts satisfies the table's identities, so every amount is left undecided",
            built[0].span if built else None,
        )
    ]
    return TableContent(columns=columns, rows=tuple(built), diagnostics=tuple(diagnostics))


__all__ = ["MAX_KNOWN", "KnownRow", "known_rows", "read_known_rows", "remember", "undecided_row"]
