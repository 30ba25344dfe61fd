"""Classifying cleaned lines in document order: title, 目录, parts, headings, tables.

A small state machine (front matter → table of contents → body, with table regions inside
the body) gives each line the kind the document grammar reads.
"""

from __future__ import annotations

import attrs
import regex

from .. import patterns as P
from ..document_vocabulary import vocabulary
from ..mapped import MappedText
from ..reading import PINYIN, simplified, traditional_table
from ..templates import caption_shapes
from .furniture import is_column_index
from .kinds import (
    PARA,
    PART,
    SEC1,
    SEC2,
    SEC3,
    SEC4,
    SIGN_DATE,
    SIGN_DEPT,
    TABLE_CAPTION,
    TABLE_META,
    TABLE_NAME,
    TABLE_NOTE,
    TABLE_ROW,
    TABLE_START,
    TABLE_TITLE,
    TITLE,
    LogicalLine,
)
from .markup import WS, WS_RUN, split_cells

_CN_NUMERALS = frozenset(P.CN_NUM)
_OPEN_PAREN = frozenset("（(")


def section_kind(text: str) -> str | None:
    # Each pattern is anchored and opens with its own kind of character (a Chinese
    # numeral; a bracket; a digit; a bracket or a circled number), so the first character
    # tells which patterns can match at all: try only those, in the same order.
    first = text[:1]
    if first in _CN_NUMERALS:
        return SEC1 if P.SEC1.match(text) else None
    if first in _OPEN_PAREN:
        if P.SEC2.match(text):
            return SEC2
        return SEC4 if P.SEC4.match(text) else None
    if "①" <= first <= "⑳":
        return SEC4 if P.SEC4.match(text) else None
    return SEC3 if P.SEC3.match(text) else None


_BODY_ROW = regex.compile(r"\d\.\d|^\d{3}+(?!\d)|\t\d{3}+(?!\d)")
_TITLE_NOT = regex.compile(r"见|详|如下|以下|下表|上表")


# The year a title may carry after it: "项目支出绩效目标表（2024年）".
_YEAR_AFTER = regex.compile(r"\s*+[（(]\s*+\d{4}+\s*+年度?+\s*+[)）]$")


def is_table_title(text: str) -> bool:
    if text.endswith((")", "）")):
        after = _YEAR_AFTER.search(text)
        text = text[: after.start()] if after else text
    if not text.endswith(("表", "表\n")):  # TABLE_TITLE ends in 表$ (``$`` admits a final \n)
        return False
    return bool(P.TABLE_TITLE.match(text)) and not _TITLE_NOT.search(text)


_INLINE_ITEM = regex.compile(r"(?<=[。；;])\s*+(\d{1,2}+)[、．]")


def split_inline_items(line: MappedText) -> list[MappedText]:
    """``1、甲。2、乙。3、丙。`` printed as one line → one line per numbered item.

    Only a run of consecutive numbers starting at the line's own ``1、`` is split, so a
    stray number after a full stop is left alone.
    """
    m = P.SEC3.match(line.text)
    if not m or m.group(1) != "1":
        return [line]
    cuts = []
    expected = 2
    for item in _INLINE_ITEM.finditer(line.text):
        if int(item.group(1)) == expected:
            cuts.append(item.start(1))
            expected += 1
    if not cuts:
        return [line]
    pieces = []
    prev = 0
    for cut in cuts:
        pieces.append(line.slice(prev, cut).strip(WS))
        prev = cut
    pieces.append(line.slice(prev).strip(WS))
    return pieces


SENTENCE_PUNCT = regex.compile(r"[，,、；;。：:]")


def tables_part_title(numbered: bool, line: MappedText, following: MappedText | None) -> bool:
    """Is ``line`` the heading of the tables part printed without its 第X部分 marker?

    Only where parts are numbered (the 目录 or an earlier heading says so): a short line
    whose title names the tables role (grammar/document.toml) and that is followed at
    once by a table's own title, as a part heading is; a table's title is followed by its
    meta lines or header instead.  A table's caption (``表1 …``, a shape every document
    may use) following it says the same.
    """
    text = line.text.strip()
    if not numbered or following is None or "\t" in text or len(text) > 60:
        return False
    # the cheap tests first: they are asked of every short line of a body
    after = following.text.strip()
    if not (is_table_title(after) or caption_shapes().match(after, False) is not None):
        return False
    if SENTENCE_PUNCT.search(text):
        return False
    return vocabulary().role_of(text) == "tables"


# the characters TABLE_META can open with (编制部门, 单位：, 金额单位, （2022年）)
_META_FIRST = frozenset("编单金（(")


class Classifier:
    """The state machine of step 3: walks cleaned lines in order and assigns kinds."""

    def __init__(self) -> None:
        self.out: list[LogicalLine] = []
        self.tables_part = False  # in a part whose role is "tables"
        self.captions = caption_shapes()
        self.awaiting_part_title = False
        # current table region
        self.in_table = False
        self.table_meta: set[str] = set()
        self.table_header: list[str] = []
        self.table_body_started = False
        self.table_number: str | None = None
        self.skipping_header = False
        self.table_tabbed = False
        self.dropped = 0

    def emit(self, kind: str, text: MappedText, cells: tuple[MappedText, ...] = ()) -> None:
        self.out.append(LogicalLine(kind, text, cells))

    def close_table(self) -> None:
        self.in_table = False
        self.table_meta = set()
        self.table_header = []
        self.table_body_started = False
        self.table_number = None
        self.skipping_header = False
        self.table_tabbed = False

    def open_table(self, number: str | None) -> None:
        self.close_table()
        self.in_table = True
        self.table_number = number

    def feed(self, line: MappedText) -> None:
        """Classify one body line (the opening was read by :mod:`.front`)."""
        text = line.text
        part = P.PART.match(text) if text[:1] == "第" else None  # the pattern opens with 第
        self.feed_body(line, part)

    def start_part(self, line: MappedText, title: str) -> None:
        """A part heading: its role (from the vocabulary) says whether tables fill it."""
        self.close_table()
        self.tables_part = vocabulary().role_of(title) == "tables"
        self.awaiting_part_title = not title.strip(" :：\u3000")
        self.emit(PART, line)

    def feed_body(self, line: MappedText, part: regex.Match[str] | None) -> None:
        text = line.text
        if part:
            self.start_part(line, part.group(2))
            return
        if self.awaiting_part_title:  # "第二部分" alone, its title on the next line
            self.awaiting_part_title = False
            if len(text) <= 40 and section_kind(text) is None:
                self.tables_part = vocabulary().role_of(text) == "tables"
        caption = self.captions.match(text, self.tables_part) if "\t" not in text else None
        if self.in_table:
            if self.feed_table(line, caption):
                return
            self.close_table()
        if caption:
            if caption.group("id") == self.table_number:
                return  # the caption repeated at the top of a continuation page
            self.open_table(caption.group("id"))
            self.emit(TABLE_CAPTION, line)
            return
        kind = section_kind(text)
        if kind is None and is_table_title(text):
            self.open_table(None)
            self.emit(TABLE_TITLE, line)
            return
        if kind is None and "\t" in text:
            self.open_table(None)
            self.table_row(line, TABLE_START)
            return
        if kind is None:
            self.emit(PARA, line)
            return
        for piece in split_inline_items(line) if kind == SEC3 else [line]:
            self.emit(kind, piece)

    def feed_table(self, line: MappedText, caption: regex.Match[str] | None) -> bool:
        """Handle a line inside a table region; False when the line ends the region."""
        text = line.text
        if caption:
            if caption.group("id") == self.table_number:
                self.skipping_header = True
                self.dropped += 1
                return True
            return False
        key = _compact(text)
        if text[:1] in _META_FIRST and P.TABLE_META.match(text):
            if key in self.table_meta and self.table_body_started:
                self.skipping_header = True  # page header of a continuation page
                self.dropped += 1
                return True
            self.table_meta.add(key)
            self.emit(TABLE_META, line)
            return True
        if self.skipping_header:
            if key in self.table_header or is_column_index(text):
                self.dropped += 1
                return True
            self.skipping_header = False
        elif self.table_body_started and self.table_header and key == self.table_header[0]:
            self.skipping_header = True  # header rows repeated without the meta line
            self.dropped += 1
            return True
        if is_table_title(text) and "\t" not in text:
            last = self.out[-1].kind if self.out else None
            if last == TABLE_CAPTION:
                self.emit(TABLE_NAME, line)
                return True
            if _compact(text) in self.table_header:
                self.dropped += 1
                return True
            return False
        if not self.tables_part and "\t" not in text and section_kind(text):
            return False
        previous = self.out[-1] if self.out else None
        if (
            previous is not None
            and previous.kind == TABLE_NOTE
            and previous.text.text[-1:] not in P.TERMINAL_PUNCT
            and "\t" not in text
            and not _BODY_ROW.search(text)
        ):
            self.emit(TABLE_NOTE, line)  # the rest of a wrapped note
            return True
        if is_note(text) or ("\t" not in text and P.EMPTY_TABLE.search(text) and len(text) > 8):
            self.emit(TABLE_NOTE, line)
            return True
        if (
            self.out
            and self.out[-1].kind == TABLE_CAPTION
            and "\t" not in text
            and not _BODY_ROW.search(text)
            and len(text) <= 40
        ):
            self.emit(TABLE_NAME, line)  # a title that does not end in 表
            return True
        tabbed_then_prose = self.table_tabbed and "\t" not in text and looks_like_prose(text)
        if not self.tables_part and tabbed_then_prose:
            return False  # prose after a tab-separated table: the table has ended
        self.table_row(line)
        return True

    def table_row(self, line: MappedText, kind: str = TABLE_ROW) -> None:
        text = line.text
        if not self.table_body_started:
            if _BODY_ROW.search(text):
                self.table_body_started = True
            else:
                self.table_header.append(_compact(text))
                if _TRADITIONAL_OR_PINYIN.search(text):
                    # a header row is read, not quoted: its words as the column
                    # vocabulary knows them (traditional characters, pinyin residue)
                    line = simplified(line)
                    text = line.text
        cells: tuple[MappedText, ...] = ()
        if "\t" in text:
            cells = split_cells(line)
            self.table_tabbed = True
        self.emit(kind, line, cells)


def _traditional_class() -> regex.Pattern[str]:
    chars = "".join(chr(c) for c in traditional_table())
    return regex.compile(f"[{regex.escape(chars)}]|{PINYIN.pattern}")


_TRADITIONAL_OR_PINYIN = _traditional_class()


def is_note(text: str) -> bool:
    """``P.TABLE_NOTE.search(text)``, skipping the search where none of its words is there.

    The pattern needs 备/注/说 at the start, or one of 为空表 (此表为空表), 无此项, 本表无数据.
    """
    if text[:1] in "备注说" or "为空表" in text or "无此项" in text or "本表无数据" in text:
        return bool(P.TABLE_NOTE.search(text))
    return False


def _compact(text: str) -> str:
    return WS_RUN.sub("", text)


def looks_like_prose(text: str) -> bool:
    """A sentence outside the tables' own vocabulary ends a table region (parts 1, 3)."""
    return len(text) > 30 and "。" in text[-3:] and not P.EMPTY_TABLE.search(text)


# -- 5. signature ------------------------------------------------------------------------


def mark_signature(lines: list[LogicalLine]) -> None:
    """The closing department name and date after the last part."""
    if not lines:
        return
    last = lines[-1]
    if last.kind not in (PARA, TITLE) or not P.DATE.match(_compact(last.text.text)):
        return
    lines[-1] = attrs.evolve(last, kind=SIGN_DATE)
    if len(lines) >= 2:
        prev = lines[-2]
        t = prev.text.text
        if prev.kind == PARA and len(t) <= 60 and not SENTENCE_PUNCT.search(t):
            lines[-2] = attrs.evolve(prev, kind=SIGN_DEPT)
