"""A prose unit's text as the clause grammar reads it, still mapped to the input.

Three steps, none of which moves an offset out of the map: the number label of a heading
(``1.``, ``（三）``, ``①``) is sliced off; full-width digits, ``％``, ``．`` and traditional
characters are replaced one for one (:meth:`MappedText.translate`); white space is
deleted (line wraps inside numbers and words, letter spacing, ``1 332.40``).
"""

from __future__ import annotations

from functools import cache

import regex

from ..mapped import MappedText
from ..reading import traditional_table

# 1.  1、  （一）  (1)  一、  ①  — the label a heading line starts with.
_HEADING_LABEL = regex.compile(
    r"^(?:[（(]\s*+[一二三四五六七八九十\d]{1,3}+\s*+[)）]"
    r"|[一二三四五六七八九十]{1,3}+\s*+[、.．]"
    r"|\d{1,2}+\s*+(?:[、．]|\.(?!\d))"
    r"|[①-⑳])\s*+"
)
_SPACE = regex.compile(r"[\s\u3000\u00a0\u200b\ufeff]++")
# A bad converter's pinyin residue after a character: 經(jīng)費, 服務(wù) (lower-case Latin
# letters, at least one with a tone mark, in brackets right after a Han character).
_PINYIN = regex.compile(
    r"(?<=\p{Han})[(（](?=[a-zü]{0,6}+[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}+[)）]"
)

# A bracketed remark that names an abbreviation, no statement of its own:
# （以下简称“同口径”）  (下同)
REMARK = regex.compile(r"[（(](?:以下简称|以下称|简称|下同)[^（()）]{0,30}+[)）]")

_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)} | {
    ord("％"): ord("%"),
    ord("﹪"): ord("%"),
    ord("．"): ord("."),
    ord("／"): ord("/"),
    ord("﹐"): ord("，"),
    ord("﹔"): ord("；"),
    ord("﹕"): ord("："),
}


@cache
def _translation() -> dict[int, int]:
    """Full-width forms plus the traditional → simplified pairs of the data file."""
    table = dict(_FULLWIDTH)
    for k, v in traditional_table().items():
        table.setdefault(k, v)
    return {k: v for k, v in table.items() if k != v}


def plain(text: MappedText) -> MappedText:
    """Full-width and traditional characters replaced, white space deleted."""
    return text.translate(_translation()).remove(_SPACE).remove(_PINYIN).remove(REMARK)


def plain_str(text: str) -> str:
    """:func:`plain` for a bare string (vocabulary look-ups, tests)."""
    return REMARK.sub("", _PINYIN.sub("", _SPACE.sub("", text.translate(_translation()))))


def clause_text(text: MappedText, heading: bool) -> MappedText:
    """The text of a unit as the grammar reads it (a heading loses its number label)."""
    if heading:
        match = _HEADING_LABEL.match(text.text)
        if match and match.end() < len(text.text):
            text = text.slice(match.end())
    return plain(text)
