"""The cells of a table printed one per line (plain ``pdftotext``), as the readers that
rebuild such tables see them: one token per line, in blocks split by blank lines, and
the shape of a printed amount.  Shared by cellwise.py (coded tables) and
sides_cellwise.py (two-sided summaries), with the work budget their searches keep to.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from ..layout import LogicalLine
from ..mapped import MappedText
from .cells import compact

# a printed amount of a 决算 table: decimals (a bare integer could be a code)
_AMOUNT = regex.compile(r"^-?+\d{1,3}+(?:,\d{3})*+\.\d++$|^-?+\d++\.\d++$")
# the most placements tried before a table is given up as not verifiable: this many
# steps per cell (at least MIN_WORK), so the cost stays linear in the table's size
WORK_PER_CELL = 200
MIN_WORK = 100_000


@attrs.frozen
class CellToken:
    text: str  # compacted
    cell: MappedText
    block: int  # runs of lines without a blank line between them share a number


def is_decimal_amount(text: str) -> bool:
    """A printed amount of a 决算 table (compacted): decimals, as a bare integer could be a
    code."""
    return bool(_AMOUNT.match(text))


def code_groups(codes: Sequence[str | None]) -> list[tuple[int, list[int]]]:
    """The parents of a coded table's rows with their child rows, by position (``codes``
    in row order, None for the totals row): a 类 row's parent is the totals row, a 款
    or 项 row's the row above whose code it extends.  Each value column must satisfy
    parent = Σ children."""
    groups: dict[int, list[int]] = {}
    last: dict[str, int] = {}
    total = next((i for i, code in enumerate(codes) if code is None), None)
    for i, code in enumerate(codes):
        if code is None:
            continue
        parent = total if len(code) == 3 else last.get(code[:-2])
        if parent is not None:
            groups.setdefault(parent, []).append(i)
        last[code] = i
    return sorted(groups.items())


def cell_tokens(lines: Sequence[LogicalLine]) -> list[CellToken]:
    """One token per non-empty line; a new block after a blank line (a gap of more than
    one character between two lines in the original text)."""
    out: list[CellToken] = []
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
        out.append(CellToken(text, line.text, block))
    return out


__all__ = [
    "MIN_WORK",
    "WORK_PER_CELL",
    "CellToken",
    "cell_tokens",
    "code_groups",
    "is_decimal_amount",
]
