"""The opening of a document: web-page chrome, the title, and the table of contents.

Real disclosures open in many ways: a bare title; a title over two lines; breadcrumbs,
publication metadata or a file name before it; no title at all.  The 目录 may be headed
``目录``, ``目 錄``, fused onto the title line, scrambled, or not headed at all; its
entries carry leader dots and page numbers, lose their numerals, wrap, or share a line.
This module reads the opening by what each piece *is*:

- the body (or the 目录) starts at the first heading, table of contents or sentence;
- before it, the first line that reads as a title (it names 预算/决算, it is short and not
  chrome) is the title, with an adjacent fragment line above it (``2022年度`` /
  ``XX局部门决算``); every other line there is front matter, kept out of the title;
- the 目录 is a run of entry-like lines (short, no sentence) under its heading, or — with
  no heading — a run that the body repeats (a part number seen again, the same heading
  again) or that lists two parts and nothing else up to the end; it ends where the body
  starts: a part number or heading seen again, the numbering starting over, a sentence.
"""

from __future__ import annotations

import itertools
from functools import cache

import regex

from .. import patterns as P
from ..document_vocabulary import vocabulary
from ..mapped import MappedText
from ..numbers import YUAN_UNITS, unit_alternation
from ..reading import reading, traditional_table
from .kinds import FRONT, PART, TITLE, TOC_ENTRY, TOC_HEAD, LogicalLine

# How far into a document its opening may reach (lines): site chrome is rarely longer.
_SCAN = 300
# Entry-like: a heading, not a sentence (the text as read, leaders and page numbers off).
_ENTRY_MAX = 70
# A headless run of entries that the text never repeats (it ends first) is a 目录 when it
# lists two parts and at least this many entries: a body has text under its headings.
_LONE_TOC = 6
_SENTENCE = regex.compile(r"[。；;！？]|[，,].*[，,]")
_AMOUNT = regex.compile(rf"\d(?:[\d,.]*+)(?:{unit_alternation(YUAN_UNITS)}|%)")  # numbers.py
MARKER = regex.compile(
    r"^(?:[一二三四五六七八九十百]{1,3}+[、.．]|[（(][一二三四五六七八九十]{1,3}+[)）]"
    r"|\d{1,2}+[、.．](?!\d)|[①-⑳])"
)
WORDS = regex.compile(r"[\p{Han}\p{L}\d]")
# Two entries on one line: "六、…决算表 七、…决算表" (cut before the second numeral).
_SECOND_ENTRY = regex.compile(
    r"(?<=\S)\s++(?=[一二三四五六七八九十]{1,3}+、|第[一二三四五六七八九十]{1,3}+部分)"
)


_PART_OPENS = "第部"  # the characters a part heading, whole or damaged, opens with


def part_match(text: str) -> regex.Match[str] | None:
    """A part heading, also damaged (``第三部 …``, ``部分 名词解释``)."""
    first = text[:1]
    if first == _PART_OPENS[0]:
        return P.PART.match(text) or P.PART_DAMAGED.match(text)
    if first == _PART_OPENS[1]:
        return P.PART_DAMAGED.match(text)
    return None


def may_read_as_part(text: str) -> bool:
    """False where ``part_match(reading(text))`` is surely None: ``text`` holds no
    character whose reading opens a part heading.  A test of a few characters, for the
    lines of a body asked one by one (``reading`` rewrites the line)."""
    return _part_opening_char().search(text) is not None


@cache
def _part_opening_char() -> regex.Pattern[str]:
    table = traditional_table()
    chars = set(_PART_OPENS) | {chr(k) for k, v in table.items() if chr(v) in _PART_OPENS}
    return regex.compile("[" + regex.escape("".join(sorted(chars))) + "]")


def entry_text(line: MappedText) -> MappedText:
    """A 目录 entry without leader dots, page number and word-processor field residue."""
    if "PAGEREF" in line.text:
        line = line.remove(P.TOC_FIELD)
    m = P.TOC_LEADER.search(line.text)
    if m and m.start() > 0:
        line = line.slice(0, m.start())
    return line.strip(" \t\u3000\u00a0")


def _key(text: str) -> str:
    """What a heading says, for recognising it again: numbering and part marker off."""
    read = reading(text)
    m = part_match(read)
    if m:
        read = m.group(2) or ""
    else:
        marker = MARKER.match(read)
        if marker:
            read = read[marker.end() :]
    return read.strip(":：")


def numbering(text: str) -> tuple[str, int] | None:
    """(kind of numeral, value) of a numbered heading: ("sec1", 3) for 三、."""
    read = reading(text)
    for kind, pattern in (("sec1", P.SEC1), ("sec2", P.SEC2), ("sec3", P.SEC3)):
        m = pattern.match(read)
        if m:
            number = m.group(1)
            value = int(number) if number.isdecimal() else P.cn_number(number)
            return (kind, value) if value is not None else None
    return None


def _part_value(number: str | None) -> int | None:
    """The value of a part's number as printed (``三``, ``3``), None if it has none."""
    if not number:
        return None
    return int(number) if number.isdecimal() else P.cn_number(number)


# at most this many short lines above a title's words are read as its wrapped start
_TITLE_RUN_ABOVE = 3


class _Opening:
    """Reads the opening of ``lines`` (cleaned physical lines; ``gaps[i]``: a blank line
    stands before line ``i``)."""

    def __init__(self, lines: list[MappedText], gaps: list[bool]) -> None:
        self.lines = lines
        self.gaps = gaps
        self.vocab = vocabulary()
        self._reads: dict[int, str] = {}

    def read(self, i: int) -> str:
        r = self._reads.get(i)
        if r is None:
            r = self._reads[i] = reading(entry_text(self.lines[i]).text)
        return r

    # -- what a line is ------------------------------------------------------------------

    def is_toc_head(self, i: int) -> bool:
        return bool(self.vocab.toc_head.fullmatch(self.read(i)))

    def fused_toc_head(self, i: int) -> int | None:
        """Offset in line ``i`` where a 目录 fused onto a title line starts."""
        text = self.lines[i].text
        read = self.read(i)
        if len(read) <= 4 or not self.vocab.toc_head.search(read[-4:]):
            return None
        head = regex.search(r"目\s*+[录錄]\s*+$", text)
        if head is None or not self.is_title(reading(text[: head.start()])):
            return None
        return head.start()

    def scrambled_toc_head(self, i: int) -> bool:
        """``目`` alone, the rest of a letter-spaced heading scattered into the next line."""
        return self.read(i) == "目" and i + 1 < len(self.lines) and self.opens_entry(i + 1)

    def opens_entry(self, i: int) -> bool:
        read = self.read(i)
        return bool(part_match(read) or MARKER.match(read))

    def is_body_start(self, i: int) -> bool:
        """A heading, a 目录 or a sentence: the end of the front matter."""
        read = self.read(i)
        if not read:
            return False
        text = self.lines[i].text
        if "\t" in text:  # a metadata table of a web page (pipes turned into tabs)
            return False
        if self.is_toc_head(i) or self.scrambled_toc_head(i) or self.fused_toc_head(i):
            return True
        if part_match(read) and not self.vocab.is_chrome(read):
            return True
        if P.SEC1.match(read):
            return True
        return len(read) >= 40 and bool(_SENTENCE.search(read)) and not self.vocab.is_chrome(read)

    def is_title(self, read: str) -> bool:
        return (
            2 < len(read) <= 60
            and bool(self.vocab.title_words.search(read))
            and not MARKER.match(read)
            and not _SENTENCE.search(read)
            and not _AMOUNT.search(read)
            and part_match(read) is None
            and not self.vocab.is_chrome(read)
        )

    def is_fragment(self, i: int) -> bool:
        """A short line that may be the other half of a title printed over two lines."""
        read = self.read(i)
        text = self.lines[i].text
        return (
            0 < len(read) <= 30
            and "\t" not in text
            and not MARKER.match(read)
            and not _SENTENCE.search(read)
            and not regex.search(r"[:：|]", read)
            and not self.vocab.is_chrome(read)
        )

    def is_entry(self, i: int) -> bool:
        read = self.read(i)
        text = self.lines[i].text
        if "\t" in text:
            return False
        if len(read) > _ENTRY_MAX or _AMOUNT.search(read) or read[-1] in "。；;":
            return False
        # a stray 。 inside a short line is damage (mojibake of a numeral), not a sentence
        return len(read) <= 40 or not _SENTENCE.search(read)

    # -- the pass ------------------------------------------------------------------------

    def run(self) -> tuple[list[LogicalLine], int]:
        """The logical lines of the opening and the index of the first body line."""
        lines = self.lines
        limit = min(len(lines), _SCAN)
        start = next((i for i in range(limit) if self.is_body_start(i)), None)
        if start is None:
            start = 0 if not lines or not self.is_title(self.read(0)) else self._title_only(limit)
        out = self.front(start)
        toc, body = self.toc(start)
        return out + toc, body

    def _title_only(self, limit: int) -> int:
        """A document with no heading near its top: the title lines, then the body."""
        i = 0
        while i < limit and (self.is_title(self.read(i)) or (i and self.is_fragment(i))):
            if i and self.gaps[i]:
                break
            i += 1
        return i

    def front(self, start: int) -> list[LogicalLine]:
        """Lines before ``start``: the title run as TITLE, everything else FRONT."""
        title: set[int] = set()
        first = next((i for i in range(start) if self.is_title(self.read(i))), None)
        fused = self.fused_toc_head(start) if start < len(self.lines) else None
        if first is not None:
            title.add(first)
            # a name wrapped over several lines above the title words ("XX市XX区规划和自然",
            # "资源局", "2024年度部门决算"): every short line of the run, up to a blank line
            i = first
            while (
                i > 0
                and not self.gaps[i]
                and self.is_fragment(i - 1)
                and first - i < _TITLE_RUN_ABOVE
            ):
                i -= 1
                title.add(i)
            j = first + 1
            while (
                j < start
                and not self.gaps[j]
                and self.is_fragment(j)
                and not self.is_title(self.read(j))
            ):
                title.add(j)
                j += 1
        out = [LogicalLine(TITLE if i in title else FRONT, self.lines[i]) for i in range(start)]
        if fused is not None and first is None:
            out.append(LogicalLine(TITLE, self.lines[start].slice(0, fused).strip()))
        elif fused is not None:
            out.append(LogicalLine(FRONT, self.lines[start].slice(0, fused).strip()))
        return out

    def toc(self, start: int) -> tuple[list[LogicalLine], int]:
        """The 目录 at ``start`` (headed or not) and the index where the body starts."""
        lines = self.lines
        if start >= len(lines):
            return [], start
        fused = self.fused_toc_head(start)
        if fused is not None:
            head = LogicalLine(TOC_HEAD, lines[start].slice(fused).strip())
        elif self.is_toc_head(start) or self.scrambled_toc_head(start):
            head = LogicalLine(TOC_HEAD, lines[start])
        else:
            head = None
        first = start + 1 if head is not None else start
        entries, end, repeated = self.entries(first)
        if head is None:
            parts = sum(1 for e in entries if part_match(reading(e.text.text)))
            reaches_end = end >= len(lines)
            lone = reaches_end and parts >= 2 and len(entries) >= _LONE_TOC
            if not ((repeated and len(entries) >= 3) or lone):
                return [], start
        return ([head] if head else []) + entries, end

    def entries(self, first: int) -> tuple[list[LogicalLine], int, bool]:
        """Entries from line ``first``: (entry lines, first body line, body repeats TOC)."""
        lines = self.lines
        out: list[LogicalLine] = []
        part_numbers: set[str] = set()
        part_keys: set[str] = set()
        last_part = 0  # the value of the last part number met
        first_key: str | None = None
        last: dict[str, int] = {}  # numbering kind -> last value in the current part
        order: list[str] = []  # numbering kinds in the order met in the current part
        i = first
        while i < len(lines):
            read = self.read(i)
            if not read:
                i += 1
                continue
            if not self.is_entry(i):
                return out, i, False
            part = part_match(read)
            key = _key(read)
            if part:
                number = part.group(1)
                if number and number in part_numbers:
                    return out, i, True
                value = _part_value(number)
                # the next part's number continues the 目录 even where its title's first
                # line is the last part's (two titles wrapped after the same words)
                continues = value is not None and value == last_part + 1
                if key and key in part_keys and not continues:
                    return out, i, True
                if number:
                    part_numbers.add(number)
                if value is not None:
                    last_part = value
                if key:
                    part_keys.add(key)
                last, order = {}, []
            else:
                if key and (key in part_keys or key == first_key) and out:
                    # the body opens with a part's title, printed without 第X部分
                    return out, i, True
                numbered = numbering(read)
                if numbered is not None:
                    kind, value = numbered
                    if kind in last and value <= last[kind] and order and order[0] == kind:
                        return out, i, True  # the top numbering starts over: the body
                    if kind not in order:
                        order.append(kind)
                    else:  # a shallower kind resets the deeper ones
                        for deeper in order[order.index(kind) + 1 :]:
                            last.pop(deeper, None)
                    last[kind] = value
            if first_key is None:
                first_key = key
            for piece in self.split_entries(lines[i]):
                out.append(LogicalLine(TOC_ENTRY, piece))
            i += 1
        return out, i, False

    @staticmethod
    def split_entries(line: MappedText) -> list[MappedText]:
        """One line holding several entries → one piece per entry, leaders off each."""
        cuts = [m.end() for m in _SECOND_ENTRY.finditer(line.text)]
        if not cuts:
            return [entry_text(line)]
        bounds = [0, *cuts, len(line.text)]
        pieces = [entry_text(line.slice(a, b)) for a, b in itertools.pairwise(bounds)]
        return [p for p in pieces if p.text]


def read_opening(lines: list[MappedText], gaps: list[bool]) -> tuple[list[LogicalLine], int]:
    """(logical lines of the front matter, title and 目录; index of the first body line)."""
    return _Opening(lines, gaps).run()


def body_part_title(toc: list[LogicalLine], line: MappedText) -> bool:
    """Does ``line`` repeat the title of a part the 目录 lists (a part printed without
    its 第X部分 marker)?"""
    key = _key(line.text)
    if not key:
        return False
    for entry in toc:
        text = entry.text.text
        if entry.kind == TOC_ENTRY and part_match(reading(text)) and _key(text) == key:
            return True
    return False


__all__ = ["PART", "body_part_title", "entry_text", "part_match", "read_opening"]
