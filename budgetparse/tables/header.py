"""Header rows → canonical columns.

A header arrives as one or more rows of cells.  The layout pass trims a row's leading and
trailing empty cells, so a lower header row (``合计  公务用车购置费  公务用车运行费`` under
``公务用车购置及运行费``) has lost its position; it is put back under the parent that spans
it (see :func:`_offset`).  Each column then has a path of header words from top to bottom
(a spanning parent's word is inherited by every column under it), and its last word says
whether it is a key column (code, name, 项目名称) or a value column.  A value column is
resolved to a canonical name of ``grammar/templates/columns.toml``: the full path first
("公务用车购置及运行费/合计"), then shorter tails ("支出预算/合计" → "合计").
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..mapped import MappedText
from .cells import compact
from .columns import ColumnSet, KindSpec, Vocabulary, norm
from .rows import Diagnostic, Span

Slot = MappedText | None

CODE, NAME, PROJECT, VALUE = "code", "name", "project", "value"


@attrs.frozen
class Column:
    name: str  # canonical name (or the header's own normalised words when unknown)
    role: str  # "code" | "name" | "project" | "value"
    side: str | None  # "income" / "expense" in a summary table
    known: bool
    span: Span | None  # the header cell that names it


@attrs.frozen
class Header:
    columns: tuple[Column, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    def values(self, side: str | None = None) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.role == VALUE and c.side == side)


def resolve_header(
    spec: KindSpec, vocab: Vocabulary, rows: Sequence[Sequence[MappedText]]
) -> Header:
    grid = _align([[c if compact(c.text) else None for c in row] for row in rows])
    if not grid:
        return Header(columns=())
    width = max(len(r) for r in grid)
    for r in grid:
        r.extend([None] * (width - len(r)))
    columns: list[Column] = []
    diagnostics: list[Diagnostic] = []
    used: dict[str | None, set[str]] = {}
    names_seen = 0
    for path in _paths(grid, width):
        if not path:
            continue
        leaf = path[-1]
        role = vocab.role(norm(leaf.text))
        if role == NAME:
            names_seen += 1
        side = None
        if spec.sides:
            side = "expense" if names_seen >= 2 else "income"
        if role != VALUE:
            columns.append(Column(norm(leaf.text), role, side, True, leaf.span()))
            continue
        words = [p for p in path if norm(p.text) not in vocab.groups] or [leaf]
        colset = _column_set(spec, side)
        own = "/".join(norm(w.text) for w in words)
        name = None
        for i in range(len(words)):
            name = colset.resolve("/".join(w.text for w in words[i:]))
            if name is not None:
                break
        taken = used.setdefault(side, set())
        known = name is not None
        if name is None:
            name = own
            diagnostics.append(
                (
                    "table.unknown_column",
                    f"header {own!r} is not a known {spec.kind} column "
                    "(grammar/templates/columns.toml); kept under its own name",
                    leaf.span(),
                )
            )
        elif name in taken:
            diagnostics.append(
                (
                    "table.duplicate_column",
                    f"header {own!r} resolves to {name!r} a second time; kept as {own!r}",
                    leaf.span(),
                )
            )
            name, known = own, False
        while name in taken:
            name += "'"
        taken.add(name)
        columns.append(Column(name, VALUE, side, known, leaf.span()))
    return Header(columns=tuple(columns), diagnostics=tuple(diagnostics))


def _column_set(spec: KindSpec, side: str | None) -> ColumnSet:
    if side == "income":
        return spec.income
    if side == "expense":
        return spec.expense
    return spec.columns


# -- alignment of lower header rows ----------------------------------------------------------


def _align(rows: list[list[Slot]]) -> list[list[Slot]]:
    grid: list[list[Slot]] = []
    for slots in rows:
        if not any(s is not None for s in slots):
            continue
        if grid:
            padding: list[Slot] = [None] * _offset(_lowest(grid), slots)
            slots = padding + slots
        grid.append(slots)
    return grid


def _lowest(grid: list[list[Slot]]) -> list[Slot]:
    """The rows so far seen from below: per column, the lowest printed cell.  A third
    header row (预算数 | 决算数 under each item) is placed under every column above it,
    not only under the columns the second row happens to split."""
    width = max(len(r) for r in grid)
    out: list[Slot] = [None] * width
    for row in grid:
        for i, slot in enumerate(row):
            if slot is not None:
                out[i] = slot
    return out


def _spans(row: Sequence[Slot]) -> list[tuple[int, int | None]]:
    """``(start, end)`` of each printed cell over the empty cells to its right; the last
    cell's end is open (trailing empty cells were trimmed, so its width is unknown)."""
    starts = [i for i, s in enumerate(row) if s is not None]
    spans: list[tuple[int, int | None]] = []
    for k, start in enumerate(starts):
        spans.append((start, starts[k + 1] if k + 1 < len(starts) else None))
    return spans


# A lower header row is tried at this many offsets under its parent at most: real headers
# shift a row by a few columns, and the search stays linear in the row's width.
MAX_SHIFT = 64


def _offset(parent: Sequence[Slot], row: Sequence[Slot]) -> int:
    """Where ``row`` starts under ``parent``: the offset that puts most of its cells under
    a parent cell spanning several columns (a cell under a one-column parent scores -1)."""
    spans = _spans(parent)
    # each position's score, once: +1 under a parent cell of several columns (or the
    # last, open one), -1 under a one-column cell or before the first
    under = [-1] * len(parent)
    for start, end in spans:
        for pos in range(start, end if end is not None else len(parent)):
            under[pos] = -1 if end is not None and end - start == 1 else 1
    beyond = 1 if spans and spans[-1][1] is None else -1  # past the parent's last slot
    filled = [j for j, slot in enumerate(row) if slot is not None]
    best, best_score = 0, None
    for s in range(min(max(len(parent), 1), MAX_SHIFT)):
        score = sum(under[s + j] if s + j < len(under) else beyond for j in filled)
        if best_score is None or score > best_score:
            best, best_score = s, score
    return best


def _paths(grid: list[list[Slot]], width: int) -> list[list[MappedText]]:
    """Per column, the header words above it, top to bottom; an empty cell inside a
    parent's span inherits the parent's word when a lower row names the column.  One pass
    per row (the nearest word to the left, and whether a lower row names the column, are
    carried along), so a header of thousands of columns costs its size."""
    named_below = [False] * width  # a row below the current one names the column
    below: list[list[bool]] = []
    for row in reversed(grid):
        below.append(named_below[:])
        named_below = [
            named or slot is not None for named, slot in zip(named_below, row, strict=True)
        ]
    below.reverse()
    paths: list[list[MappedText]] = [[] for _ in range(width)]
    above = [False] * width  # a row above the current one names the column
    for r, row in enumerate(grid):
        left: MappedText | None = None
        blocked = False  # a word printed above, right of ``left``: another parent starts
        for c, slot in enumerate(row):
            if slot is not None:
                paths[c].append(slot)
                left, blocked = slot, False
                continue
            # a cell spans no further than its parent: a word printed above, right of it and
            # not right of this column, starts another parent (公务接待费 after 公务用车…)
            blocked = blocked or above[c]
            if below[r][c] and left is not None and not blocked:
                paths[c].append(left)
        above = [seen or slot is not None for seen, slot in zip(above, row, strict=True)]
    return paths
