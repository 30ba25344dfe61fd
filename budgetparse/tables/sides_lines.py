"""Which side of a two-sided table (收入 | 支出, 人员经费 | 公用经费) a piece of a printed
line belongs to, and which row a piece without a label of its own continues: the facts
the space-aligned reader (spaced.py) uses where the words of a line do not say it.

pdftotext ``-layout`` prints each glyph at its character column, so the right-hand side
of such a table starts at one column on every line, whatever the left-hand side prints:
an expense item stands there on a line with no income item (``七、文化旅游体育与传媒支``),
and so do the amounts of the right-hand side.  :func:`locate_sides` reads that column
off the pieces whose words open the right-hand side (an expense item, a 公用经费 class
code); totals labels, printed centred, are left out.  The column is trusted only where
every line split by its words starts its left-hand side left of it.

A cell's text wrapped over lines goes on at the cell's column on the next line
(``二、政府性基金预算财政拨`` / ``款``).  Without positions (a PDF's text layer), the
words still tell a wrapped item: a numbered item whose name is no item yet of its side
(an expense item ends with 支出, an income item with 拨款, 收入 …: evidence.py), and a
piece that makes it one.  The numbering tells an item's side where its name does not
yet: ``七、`` after the expense side's ``六、`` while the income side stopped at ``三、``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import attrs
import regex

from ..mapped import MappedText
from .cells import compact
from .evidence import is_expense_item, is_income_item, item_number
from .positions import SLACK, Grid

# a 3-digit class code glued to the name before it (``公务用车购置310`` / ``19``)
_TRAILING_CLASS = regex.compile(r"^(.*?\D)(\d{3})$")
# a class (or whole 款) code glued to the name after it (``310资本性支出``)
_LEADING_CODE = regex.compile(r"^(\d{3}(?:\d{2})?+)(\p{L}.*)$")
# the same where a space was taken out inside a cell (matched at that offset)
_GLUED_AT = regex.compile(r"(\d{3}(?:\d{2})?+)\p{L}")


@attrs.frozen
class SidePlaces:
    """Where the right-hand side of a two-sided table starts, in pdftotext's character
    columns (positions.py)."""

    grid: Grid
    boundary: int  # the first character column of the right-hand side

    def column(self, token: MappedText) -> int:
        return self.grid.at(token)[0]

    def right(self, token: MappedText) -> bool:
        """Does the token stand on the right-hand side?"""
        return self.column(token) >= self.boundary

    def same_column(self, a: MappedText, b: MappedText) -> bool:
        """Do the two pieces start at one column (a cell's text wrapped onto the next
        line), give or take ``SLACK`` (a name centred in its cell)?"""
        return abs(self.column(a) - self.column(b)) <= SLACK


def locate_sides(
    grid: Grid,
    lines: Sequence[Sequence[MappedText]],
    opens: Callable[[Sequence[MappedText], int], bool],
    centred: Callable[[MappedText], bool],
) -> SidePlaces | None:
    """The right-hand side's column: the leftmost piece that opens it by its words
    (``opens(tokens, k)``; a ``centred`` label, printed in the middle of its cell, gives
    no column), where at least two do and every line split by its words (two at least)
    starts left of it; None where the table does not show it (plain pdftotext prints
    every cell at the start of a line)."""
    starts: list[int] = []
    lefts: list[int] = []
    for tokens in lines:
        k = next((k for k in range(len(tokens)) if opens(tokens, k)), None)
        if k is None:
            continue
        if not centred(tokens[k]):
            starts.append(grid.at(tokens[k])[0])
        if k > 0:
            lefts.append(grid.at(tokens[0])[0])
    if len(starts) < 2 or len(lefts) < 2:
        return None
    boundary = min(starts)
    if any(left >= boundary for left in lefts):
        return None
    return SidePlaces(grid, boundary)


def is_item_of(name: str, side: str) -> bool:
    """Is ``name`` shaped as an item of the side (evidence.py)?"""
    return is_expense_item(name) if side == "expense" else is_income_item(name)


def open_item(name: str, side: str) -> bool:
    """A numbered item whose name is no item of its side yet (``二十二、灾害防治及应急管``):
    the rest of its cell is printed on the next line."""
    return item_number(name) is not None and not is_item_of(name, side)


def completes(name: str, rest: str, side: str) -> bool:
    """Does ``rest`` (text without numbering) finish the open item ``name``?"""
    return (
        open_item(name, side)
        and item_number(rest) is None
        and is_item_of(compact(name) + compact(rest), side)
    )


def numbered_side(text: str, last: dict[str, int | None]) -> str | None:
    """The side a numbered item goes on by its number: the one whose numbering it
    continues (``七、`` after ``六、``), when the other's does not; ``last`` the number of
    each side's last row (None where it is not a numbered item)."""
    number = item_number(text)
    if number is None:
        return None
    goes_on = [side for side, n in last.items() if n is not None and n + 1 == number]
    return goes_on[0] if len(goes_on) == 1 else None


def unglue_codes(tokens: Sequence[MappedText], is_code: Callable[[str], bool]) -> list[MappedText]:
    """The tokens with a class code glued to a name cut off it: ``310资本性支出`` → ``310``
    ``资本性支出``; ``公务用车购置310`` before a 2-digit 款 → ``公务用车购置`` ``310`` (a
    PDF's text layer may run two rows together without a space); a cell that joined two
    rows' words (``职业年金缴费 30207邮电费``) cut where the space was first."""
    pieces = [piece for token in tokens for piece in _at_glued_codes(token, is_code)]
    out: list[MappedText] = []
    for k, token in enumerate(pieces):
        text = token.text
        lead = _LEADING_CODE.match(text)
        tail = _TRAILING_CLASS.match(text)
        after = compact(pieces[k + 1].text) if k + 1 < len(pieces) else ""
        if lead and is_code(lead.group(1)):
            cut = len(lead.group(1))
        elif tail and is_code(tail.group(2)) and len(after) == 2 and after.isdigit():
            cut = len(tail.group(1))
        else:
            out.append(token)
            continue
        out += [token.slice(0, cut), token.slice(cut)]
    return out


def _at_glued_codes(token: MappedText, is_code: Callable[[str], bool]) -> list[MappedText]:
    """A cell cut where a space was taken out before a code glued to a name."""
    text = token.text
    cuts = [
        p
        for p in sorted({p for p in token.runs()[0] if 0 < p < len(text)})
        if token.origin(p) != token.origin(p - 1) + 1
        and (m := _GLUED_AT.match(text, p)) is not None
        and is_code(m.group(1))
    ]
    bounds = [0, *cuts, len(text)]
    return [token.slice(a, b) for a, b in itertools.pairwise(bounds)]


__all__ = [
    "SidePlaces",
    "completes",
    "is_item_of",
    "locate_sides",
    "numbered_side",
    "open_item",
    "unglue_codes",
]
