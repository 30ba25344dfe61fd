"""Text flattened onto one line (PDF converters, web summaries): cut back into lines.

A converter that loses the line breaks leaves a very long line in which the headings still
stand after a space: ``… 目 录 第一部分 部门概况 一、主要职能 二、机构设置 …``.  Such a
line is cut before every heading marker that follows white space, and around the page
marks the pages left in it (``- 1 -``, ``—2—``, ``1 / 47``), which then drop out as page
furniture.  Ordinary lines are left alone: they are short, or their markers do not follow
white space (Chinese prose has none), or they hold fewer than three markers of parts,
sections or pages (a run of ``1. … 2. …`` alone is a list inside a paragraph or a cell).
"""

from __future__ import annotations

import regex

from ..mapped import MappedText

_CN = "一二三四五六七八九十"
# White space followed by a heading marker, or a page mark (cut before and after it).
_CUT = regex.compile(
    rf"\s++(?=第[{_CN}]{{1,3}}+部分|目\s*+[录錄](?!\S)|[{_CN}]{{1,3}}+、|[（(][{_CN}]{{1,3}}+[)）]"
    rf"|\d{{1,2}}+[.、．](?!\d)\s*+\S|附件\s*+\d?\s*+[:：]|表\s*+\d{{1,2}}+(?=\s|[:：])"
    r"|编制(?:部门|单位)\s*+[:：]|(?:金额)?单位\s*+[:：]\s*+(?:万元|元)|#{1,6}+\s)"
    r"|\s*+(?:[-—–]\s*+\d{1,3}+\s*+[-—–]|(?<!\S)\d{1,3}+\s*+/\s*+\d{1,3}+(?!\S))\s*+"
)
# A heading marker at the start of a piece, and the first gap after its title.
_HEADING = regex.compile(
    rf"^(?:第[{_CN}]{{1,3}}+部分|[{_CN}]{{1,3}}+、|[（(][{_CN}]{{1,3}}+[)）]|\d{{1,2}}+[.、．](?!\d))\s*+"
)
_GAP = regex.compile(r"\s++")
_PUNCT = regex.compile(r"[，,。；;：:]")
_SENTENCE_START = regex.compile(r"[，,。；;]")
_WEAK = regex.compile(r"\d{1,2}+[.、．]")
# A line this long with this many markers after white space was flattened.
_MIN_LENGTH = 80
_MIN_CUTS = 3


def split_flattened(line: MappedText) -> list[MappedText]:
    """The pieces of a flattened line (the line itself when it was not flattened)."""
    text = line.text
    if len(text) < _MIN_LENGTH or (" " not in text and "\u3000" not in text):
        return [line]
    cuts = [(m.start(), m.end()) for m in _CUT.finditer(text)]
    # "1. … 2. … 3. …" alone is a list inside a paragraph or a table cell, not a page
    strong = sum(1 for s, e in cuts if not _WEAK.match(text, e))
    if strong < _MIN_CUTS:
        return [line]
    pieces: list[MappedText] = []
    at = 0
    for start, end in cuts:
        if start > at:
            pieces.append(line.slice(at, start))
        mark = text[start:end].strip()
        if mark:  # a page mark: its own line, dropped as furniture
            pieces.append(line.slice(start, end).strip())
        at = end
    if at < len(text):
        pieces.append(line.slice(at))
    out: list[MappedText] = []
    for piece in pieces:
        if piece.text.strip():
            out.extend(_heading_and_text(piece))
    return out


def _heading_and_text(piece: MappedText) -> list[MappedText]:
    """``一、主要职能 承担…。`` → the heading, then its text (the space the converter left
    where the line ended)."""
    text = piece.text
    marker = _HEADING.match(text)
    if not marker:
        return [piece]
    gap = _GAP.search(text, marker.end())
    if gap is None:
        return [piece]
    head, rest = text[: gap.start()], text[gap.end() :]
    if len(head) > 30 or _PUNCT.search(head) or head[-1:].isdigit():
        return [piece]
    if len(rest) < 8 or not _SENTENCE_START.search(rest[:80]):
        return [piece]  # "第二部分 2022 年…": the heading goes on after the space
    return [piece.slice(0, gap.start()), piece.slice(gap.end())]
