"""Cells of one table row: splitting, amounts and classification codes.

The layout pass has already split tab-separated rows into cleaned cells (letter spacing
closed, broken numbers rejoined).  A row printed without any tab inside a tab table (``合 计``,
``209 社会保险基金支出``) is split here at runs of white space, joining text pieces back
together, so that it reads like its neighbours.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

import regex

from ..layout import LogicalLine, close_cjk_gaps, restore_broken_numbers
from ..mapped import MappedText, cover
from ..numbers import DIGITS, decimal_of
from ..patterns import ELLIPSIS_LINE
from .rows import Diagnostic, Span

_WS = " \t\u3000\u00a0\ufeff"
_WS_RUN = regex.compile(r"[\s\u3000\u00a0]++")
_AMOUNT = regex.compile(rf"^-?+{DIGITS}$")  # the number shape of budgetparse.numbers
_DIGITS = regex.compile(r"^\d++$")
# A code printed in front of a name: "201一般公共服务支出", "301 01 基本工资", "01基本工资".
_CODE_PREFIX = regex.compile(r"^(\d++(?:[\s\u3000]++\d++)*+)[\s\u3000]*+([^\d.,%．，、].*+)$")
_CODE_LENGTHS = (3, 5, 7)


# Every character ``_WS_RUN`` matches (the Unicode White_Space characters all lie below
# U+3001): a set test in C tells most texts have none, without a regex call.
WHITE_SPACE = frozenset(regex.findall(r"[\s\u3000\u00a0]", "".join(map(chr, range(0x3001)))))


def compact(text: str) -> str:
    """Text without any white space (for comparisons, never for output)."""
    if WHITE_SPACE.isdisjoint(text):
        return text
    return _WS_RUN.sub("", text)


def elided(cells: Sequence[MappedText]) -> bool:
    """Is this row line made of ellipses only (``…  …``, ``⋯``, ``...``)?  A blank form
    prints such lines where it leaves rows out: they are no row, and no part of the name
    of the row above (a wrapped name goes on in words, never in an ellipsis)."""
    text = "".join(compact(c.text) for c in cells)
    return bool(text) and ELLIPSIS_LINE.match(text) is not None


ROWS_ELIDED = "table.rows_elided"


def report_elided(diagnostics: list[Diagnostic], span: Span, run: bool) -> None:
    """Report a line of ellipses, dropped; ``run`` when the line before was one too (the
    lines of one run are one report, whose span covers them all)."""
    if run and diagnostics and diagnostics[-1][0] == ROWS_ELIDED:
        code, message, first = diagnostics[-1]
        diagnostics[-1] = (code, message, cover([first, span]) if first else span)
        return
    diagnostics.append(
        (ROWS_ELIDED, "a line of ellipses (rows the form leaves out); no row: dropped", span)
    )


def row_cells(line: LogicalLine) -> list[MappedText]:
    """The cells of a table row line (tab cells, or white-space tokens of a tab-less row)."""
    if line.cells:
        return list(line.cells)
    text = restore_broken_numbers(line.text.strip(_WS))
    tokens: list[MappedText] = []
    start = None
    for i, char in enumerate(text.text + " "):
        if char in _WS:
            if start is not None:
                tokens.append(text.slice(start, i))
                start = None
        elif start is None:
            start = i
    # runs of text tokens are one cell ("合 计" → "合计"); each token is asked once whether
    # it is a number and each run joined once (a line of thousands of words stays linear)
    runs: list[list[MappedText]] = []
    after_text = False  # the token before was text
    for token in tokens:
        text_token = not _numeric(token.text)
        if runs and text_token and after_text:
            runs[-1].append(token)
        else:
            runs.append([token])
        after_text = text_token
    cells = [run[0] if len(run) == 1 else MappedText.join(run) for run in runs]
    return [close_cjk_gaps(c) for c in cells] or [text]


def _numeric(text: str) -> bool:
    return bool(_AMOUNT.match(_fold(text)))


def _fold(text: str) -> str:
    return compact(unicodedata.normalize("NFKC", text)).replace("−", "-")


# -- amounts ---------------------------------------------------------------------------------

EMPTY, NIL, NUMBER, BAD = "empty", "nil", "number", "bad"


def read_amount(text: str, nil: frozenset[str]) -> tuple[str, Decimal | None]:
    """(kind, value) of an amount cell: empty, nil ("-"), number, or bad (not a number)."""
    folded = _fold(text)
    if not folded:
        return (EMPTY, None)
    if folded in nil or text.strip(_WS) in nil:
        return (NIL, None)
    if _AMOUNT.match(folded):
        value = decimal_of(folded)
        return (NUMBER, value) if value is not None else (BAD, None)
    return (BAD, None)


def is_amount(text: str) -> bool:
    return _numeric(text)


class Amounts:
    """:func:`read_amount` and :func:`is_amount` for the cells of one table, each text read
    once: a table prints the same amounts ("0.00", "-", a total in several rows) again and
    again, and a reader asks about a cell more than once.  Lives as long as the table."""

    def __init__(self, nil: frozenset[str]) -> None:
        self.nil = nil
        self._read: dict[str, tuple[str, Decimal | None]] = {}
        self._numeric: dict[str, bool] = {}

    def read(self, text: str) -> tuple[str, Decimal | None]:
        found = self._read.get(text)
        if found is None:
            found = self._read[text] = read_amount(text, self.nil)
        return found

    def is_amount(self, text: str) -> bool:
        found = self._numeric.get(text)
        if found is None:
            found = self._numeric[text] = _numeric(text)
        return found


# -- codes -------------------------------------------------------------------------------------


def code_part(text: str, parts: Sequence[str], max_parts: int) -> list[str] | None:
    """The code parts a cell adds to ``parts`` ("201", "03"; "2010301" alone), or None."""
    t = compact(text)
    if not _DIGITS.match(t) or len(parts) >= max_parts:
        return None
    if not parts:
        if len(t) == 3:
            return [t]
        if len(t) in _CODE_LENGTHS[1:max_parts] and t[0] != "0":
            return split_code(t)
        return None
    if len(t) == 2:
        return [t]
    return None


def split_code(digits: str) -> list[str]:
    return [p for p in (digits[:3], digits[3:5], digits[5:7]) if p]


def code_prefix(
    text: str, parts: Sequence[str], max_parts: int, class_pattern: regex.Pattern[str] | None
) -> tuple[list[str], str] | None:
    """Split a code printed in front of a name: ``(new code parts, name)`` or None.

    ``parts`` are the code parts already read from cells before this one, so "01基本工资"
    after a cell "301" gives ``(["01"], "基本工资")``.  Only whole levels are accepted (a
    3-digit 类, then 2-digit 款 and 项), and a 类 must match the kind's class pattern.
    """
    if max_parts == 0:
        return None
    m = _CODE_PREFIX.match(text.strip(_WS))
    if not m:
        return None
    digits = "".join(parts)
    for group in _WS_RUN.split(m.group(1)):
        digits += group
        if len(digits) not in _CODE_LENGTHS:
            return None
    if len(digits) > _CODE_LENGTHS[max_parts - 1]:
        return None
    if not parts and class_pattern is not None and not class_pattern.match(digits[:3]):
        return None
    new = split_code(digits)[len(parts) :]
    return (new, m.group(2).strip(_WS))
