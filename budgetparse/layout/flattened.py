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

from ..document_vocabulary import vocabulary
from ..mapped import MappedText

_CN = "一二三四五六七八九十"
# White space followed by a heading marker, or a page mark (cut before and after it).  Each
# is tried at the first character of a run of white space only: a long run is not scanned
# again from every character inside it.
_MARKS = (
    rf"(?<!\s)\s++(?=第[{_CN}]{{1,3}}+部分|目\s*+[录錄](?!\S)|[{_CN}]{{1,3}}+、|[（(][{_CN}]{{1,3}}+[)）]"
    rf"|\d{{1,2}}+[.、．](?!\d)\s*+\S|附件\s*+\d?\s*+[:：]|表\s*+\d{{1,2}}+(?=\s|[:：])"
    r"|编制(?:部门|单位)\s*+[:：]|(?:金额)?单位\s*+[:：]\s*+(?:万元|元)|#{1,6}+\s)"
    r"|(?<!\s)\s*+(?:[-—–]\s*+\d{1,3}+\s*+[-—–]|(?<!\S)\d{1,3}+\s*+/\s*+\d{1,3}+(?!\S))\s*+"
)
_CUT = regex.compile(_MARKS)
# Cuts made only once a line is known to be flattened (they are no evidence of it): before
# a numbered item "(1)", a field label ("设立的政策依据：", as a project block prints its
# fields one per line; not the first after a marker: "1. 项目名称："), a table's title
# ending the line (its rows follow on lines of their own), and after a full stop (Chinese
# prose puts no space there: the line broke).
_MORE = regex.compile(
    r"(?<!部分|[\s.、．:：)）])\s++(?=[（(]\d{1,2}+[)）]|\p{Han}{2,10}+[：:]"
    r"|[^\s，。；：,;:]{1,40}?表(?:\s*+[（(]\d{4}+年度?+[)）])?+$)"
    r"|(?<=[。！？])\s++"
)
# A heading marker at the start of a piece, and the gaps after its title.
_HEADING = regex.compile(
    rf"^(?:第[{_CN}]{{1,3}}+部分|[{_CN}]{{1,3}}+、|[（(][{_CN}]{{1,3}}+[)）]|\d{{1,2}}+[.、．](?!\d))\s*+"
)
_GAP = regex.compile(r"\s++")
_PUNCT = regex.compile(r"[，,。；;：:]")
# Sentence punctuation (a comma between digits groups a number: "1,332.40").
_SENTENCE_START = regex.compile(r"[，。；;]|,(?!\d)")
_WEAK = regex.compile(r"\d{1,2}+[.、．]")
# An aside in brackets inside a heading: "综合部（机关后勤服务中心、车队，挂…）".
_BRACKETED = regex.compile(r"[（(][^（()）]{0,40}+[)）]")
# A figure that is no year: the rest of a heading's subject ("房屋 22876.98平方米").
_FIGURE = regex.compile(r"\d[\d,.]*+(?!\d|[\d,.]*+\s*+年)")
_AMOUNT = regex.compile(r"\d[.,]\d")
# A line this long with this many markers after white space was flattened.
_MIN_LENGTH = 80
_MIN_CUTS = 3
_HEAD_MAX = 80
_HEAD_SCAN = 400  # characters of a piece its title may reach, with bracketed asides
# A title cut where it does not end as titles end is a short one ("（一）收入预算"): a long
# one is a sentence's start, cut where a wrapped line broke ("…以市人民政" + "府办公室…").
_OPEN_HEAD_MAX = 30
_OPEN_BARE_MAX = 20  # without its bracketed asides: "（一）综合部（后勤中心、车队…）"


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
    cuts = sorted({*cuts, *((m.start(), m.end()) for m in _MORE.finditer(text))})
    pieces: list[MappedText] = []
    at = 0
    for start, end in cuts:
        if end <= at:
            continue  # inside a cut already made
        start = max(start, at)  # overlapping one ("。 - 2 - "): the rest of it
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
    where the line ended).

    A title may hold spaces of its own (``关于XX局 2022年收支预算情况的总体说明``): the cut
    is made at a gap after which a sentence starts, preferring one where the title before
    it ends as complete titles end; never inside a figure's subject (``房屋 22876.98平方米``),
    and never once the title would hold punctuation or an amount."""
    text = piece.text
    marker = _HEADING.match(text)
    if not marker:
        return [piece]
    chosen: tuple[int, int] | None = None
    closed_end = vocabulary().closed_end
    # a title is short: its gaps are looked for in the piece's first characters only
    for gap in _GAP.finditer(text, marker.end(), min(len(text), _HEAD_SCAN)):
        head = text[: gap.start()]
        bare = head[: marker.end()] + _BRACKETED.sub("", head[marker.end() :])
        if len(bare) > _HEAD_MAX or _PUNCT.search(bare) or _AMOUNT.search(bare):
            break
        after = gap.end()
        if head[-1:].isdigit() or _FIGURE.match(text, after):
            continue  # "第二部分 2022 年…": the title goes on; "房屋 2.5平方米": a subject
        if len(text) - after < 8 or not _SENTENCE_START.search(text, after, after + 80):
            continue
        if head[-1] in closed_end:
            chosen = (gap.start(), gap.end())
            break
        if chosen is None and (len(head) <= _OPEN_HEAD_MAX or len(bare) <= _OPEN_BARE_MAX):
            chosen = (gap.start(), gap.end())  # kept unless a complete title comes later
    if chosen is None:
        return [piece]
    return [piece.slice(0, chosen[0]), piece.slice(chosen[1])]
