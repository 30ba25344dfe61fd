"""Page furniture: lines a page puts around the text (page numbers, column-index rows)."""

from __future__ import annotations

import regex

from .. import patterns as P


def is_column_index(text: str) -> bool:
    """``※ ※ 1 2 3`` / ``栏次 1 2 3`` / ``1 2 3 4``: consecutive column numbers from 1."""
    if not P.COLUMN_INDEX.match(text):
        return False
    runs = regex.findall(r"\d++", text)
    if not runs or any(len(run) > 4 for run in runs):  # column numbers are small
        return False
    numbers = [int(n) for n in runs]
    if numbers != list(range(1, len(numbers) + 1)):
        return False
    return len(numbers) >= 3 or "※" in text or "栏次" in text


def is_furniture(text: str) -> bool:
    # Both patterns open with a digit, a dash, 第, ※, 栏次, 项目 or *: a line opening with
    # any other CJK ideograph (most lines) is not furniture.
    first = text[:1]
    if "\u4e00" <= first <= "\u9fff" and first not in "第栏项":
        return False
    return bool(P.PAGE_NUMBER.match(text)) or is_column_index(text)


_BARE_NUMBER = regex.compile(r"^\s*+\d{1,4}+\s*+$")


def is_bare_number(text: str) -> bool:
    """A number alone on a line (``3``): a page number at a page's edge, but inside a page
    it may be a code or an amount whose row wrapped (a 类 code ``310`` on its own line)."""
    return bool(_BARE_NUMBER.match(text))
