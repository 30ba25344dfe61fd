"""Hard wraps: the width pdftotext wrapped prose at, and joining wrapped lines back."""

from __future__ import annotations

import regex

from .. import patterns as P
from ..document_vocabulary import vocabulary
from ..mapped import MappedText
from ..numbers import TRADITIONAL_UNITS, YUAN_UNITS, unit_alternation
from ..reading import traditional_table
from .classify import SENTENCE_PUNCT, looks_like_prose, section_kind
from .front import part_match
from .kinds import HEADINGS, PARA, PART, TABLE_NOTE, TITLE, TOC_ENTRY, LogicalLine


def display_width(text: str) -> int:
    """Columns a line takes in a PDF: CJK and full-width characters count two."""
    # Count the narrow characters (few, in runs) rather than the wide ones (most of a
    # line of Chinese): the same number, found with far fewer matches.
    return 2 * len(text) - sum(map(len, _NARROW_RUN.findall(text)))


_WIDE_CLASS = r"\p{Han}\u3000-\u303f\uff00-\uffef“”‘’—…"
P_WIDE = regex.compile(rf"[{_WIDE_CLASS}]")
_NARROW_RUN = regex.compile(rf"[^{_WIDE_CLASS}]++")


_CELL_GAP = regex.compile(r"\S {3,}+\S")


def detect_wrap_width(lines: list[str]) -> tuple[bool, int]:
    """Is prose hard-wrapped at a fixed width (pdftotext style), and at which width?

    Prose in one-paragraph-per-line text has widely varying lengths; hard-wrapped prose
    piles up just below one width.  We look for that pile.
    """
    # lines of 12+ characters, no tab, with at least one wide character (width > length);
    # not a table row whose cells a run of spaces parts (pdftotext -layout), whose widths
    # would pile up above the prose where a document's tables are wider than its text
    widths = sorted(
        w
        for t in lines
        if len(t) >= 12 and "\t" not in t and _CELL_GAP.search(t) is None
        for w in (display_width(t),)
        if w > len(t)
    )
    if len(widths) < 12:  # too little prose to tell a fixed wrap width from chance
        return (False, 0)
    top = widths[int(len(widths) * 0.9)]
    near = sum(1 for w in widths if top - 8 <= w <= top + 4)
    if near / len(widths) >= 0.25:
        return (True, top - 8)
    return (False, 0)


_LAST_SOLID = regex.compile(r"\S(?=\s*+$)")
_SPACE = regex.compile(r"\s")
_BRACKET = regex.compile(r"[（(《“）)》”]")


def _is_prose_like(line: LogicalLine) -> bool:
    """Headings are short and unpunctuated; numbered clauses that run on are prose."""
    t = _BRACKETED.sub("", line.text.text)  # "部（秘书科，文明办）" is still a heading
    if line.kind == PARA or len(t) >= 60 or regex.search(r"[，,。；;]", t):
        return True
    return bool(_LABELLED.search(t))  # "八、机关运行经费：指…" carries its content


_LABELLED = regex.compile(r"[：:]\s*+\S")


_BRACKETED = regex.compile(r"[（(][^（()）]{0,40}+[)）]")


def _continues(a: _Open, b: LogicalLine, hard: bool, width: int, blank: bool = False) -> bool:
    """Does logical line ``b`` continue ``a`` (a line broken by the extractor)?

    ``a`` is the paragraph joined so far: its figures are kept as it grows, so a
    paragraph of many lines is not read again for every line joined to it.  ``blank``:
    a blank line stands between them."""
    if a.kind == TABLE_NOTE:
        return b.kind == TABLE_NOTE and a.last not in P.TERMINAL_PUNCT
    if a.kind == TOC_ENTRY:
        return b.kind == TOC_ENTRY and _entry_continues(a, b.text.text, hard, width)
    joinable = (PARA, TITLE, PART, *HEADINGS)
    if a.kind not in joinable:
        return False
    if b.kind != PARA:
        return False
    bt = b.text.text
    if not a.length or not bt:
        return False
    if a.kind == PART:
        return _part_title_continues(a.text(), bt)
    if a.last in P.TERMINAL_PUNCT:
        return False
    if a.last in "：:":
        return False
    if a.kind in (TITLE,):
        return False
    # a heading left open: "三、关于…2022" + "年支出预算情况说明", "…总体" + "说明"
    if a.kind != PARA and a.about:
        if a.last == "明" and a.solid_before_last == "说":  # "…说明", "…说 明"
            return False
        return len(bt) <= 40 and not looks_like_prose(bt)
    if a.last.isdigit() and bt[0] == "年":
        return True
    if a.opened > a.closed:  # "…事务（" + "项)：2022年预算数为…"
        return True
    # a wrapped paragraph goes on, but a field label ("设立的政策依据：") opens a line
    if hard and a.width >= width and not vocabulary().field_label.match(bt):
        return True
    if blank and opens_statement(a.tail(), bt):
        return False
    # _is_prose_like strips bracketed asides of at most 42 characters, one per opening
    # bracket: a long heading with few brackets is prose-like without being read again
    long_anyway = a.length - 42 * a.opened >= 60
    if a.kind != PARA and not long_anyway and not _is_prose_like(a.close()):
        return False
    if hard:
        return False
    # one paragraph per line: a break without closing punctuation is a page break
    if P.LABEL_LINE.match(bt):
        return False
    return a.punctuated or a.length >= 25


# a line ending on an amount and its unit, or on a percentage with no comma after it
# (…下降3.2%; "…增长0%，" goes on with the sentence's next clause)
_AMOUNT_END = regex.compile(
    rf"\d\s*+(?:(?:{unit_alternation(YUAN_UNITS)})\s*+[，,]?+|[%％])$"
)


def opens_statement(before: str, bt: str) -> bool:
    """Does ``bt``, after a blank line, open a statement of its own rather than go on
    with the text ``before`` it (grammar/document.toml's ``paragraphs``)?  Unless
    ``before`` ends on a word that needs more: ``bt``'s head names a year, or ``before``
    ends on an amount and ``bt`` does not go on with it.  The narrative asks the same of
    a unit cut without closing punctuation before the next one."""
    words = vocabulary()
    tail = before[-16:].translate(TRADITIONAL_UNITS)
    if words.open_end.search(tail):
        return False  # "…与" + "2023年相比…": a sentence broken at a page's end
    if words.statement_head.match(bt):
        return True
    return bool(_AMOUNT_END.search(tail)) and not words.continues_amount.match(bt)


def _part_title_continues(at: str, bt: str) -> bool:
    """Is ``bt`` more of part heading ``at``'s title ("第一部分" / "XX局" / "部门概况")?"""
    if len(bt) > 40 or section_kind(bt) or SENTENCE_PUNCT.search(bt):
        return False
    m = P.PART.match(at)
    title = m.group(2).strip(" :：\u3000") if m else at
    if not title:
        return True
    words = vocabulary()
    if len(title) > 30 or words.role_of(title) is not None:
        return False
    return words.role_of(title + bt) is not None


def _entry_continues(a: _Open, bt: str, hard: bool, width: int) -> bool:
    """Is 目录 entry ``bt`` the rest of ``at`` (an entry wrapped over two lines)?

    An entry that lost its numeral is an entry of its own, so only an unnumbered piece
    after an entry left open (not ending as headings end, cut at the wrap width, or cut
    at a year: "2022" + "年…") is joined."""
    if not a.length or not bt or section_kind(bt) or part_match(bt) or bt[0] in "、.，,。；":
        return False
    if a.last.isdigit() and bt[0] == "年":
        return True
    if a.last in vocabulary().closed_end:
        return False
    return len(bt) <= 40 or (hard and a.width >= width)


class _Open:
    """A paragraph being joined from wrapped lines: its pieces, joined once when it is
    closed, and the figures ``_continues`` asks of it (last character, display width,
    brackets opened and closed, sentence punctuation), each kept up to date per piece.
    (Copying the grown paragraph for every line joined made a long paragraph cost the
    square of its length.)"""

    __slots__ = (
        "_line",
        "_text",
        "about",
        "cells",
        "closed",
        "kind",
        "last",
        "length",
        "opened",
        "pieces",
        "punctuated",
        "solid_before_last",
        "width",
    )

    def __init__(self, line: LogicalLine) -> None:
        self.kind = line.kind
        self.cells = line.cells
        self.pieces: list[MappedText] = []
        self.last = ""
        self.length = self.width = self.opened = self.closed = 0
        self.punctuated = self.about = False
        self.solid_before_last = ""
        self._text: str | None = None
        self._line = line
        self.add(line.text)

    def add(self, piece: MappedText) -> None:
        self.pieces.append(piece)
        self._text = None
        if not piece.text:
            return
        # the characters asked of it as read: traditional ones simplified, one for one
        # (a heading ending 情況說明 is as closed as one ending 情况说明)
        t = piece.text.translate(traditional_table())
        last = self.last
        self.last = t[-1]
        self.length += len(t)
        self.width += display_width(t)  # additive: each character counts one or two
        if _BRACKET.search(t):  # most pieces hold none: eight counts spared
            self.opened += t.count("（") + t.count("(") + t.count("《") + t.count("“")
            self.closed += t.count("）") + t.count(")") + t.count("》") + t.count("”")
        # one character class: found in the whole exactly when found in a piece
        self.punctuated = self.punctuated or bool(SENTENCE_PUNCT.search(t))
        self.about = self.about or "关于" in t or (last == "关" and t[0] == "于")
        # the last non-space character before the final one (of the joined text)
        solid = _LAST_SOLID.search(t, 0, len(t) - 1)
        if solid:
            self.solid_before_last = solid.group()
        elif last and not _SPACE.match(last):
            self.solid_before_last = last

    def tail(self) -> str:
        """The last characters of the text joined so far (of its last piece)."""
        return self.pieces[-1].text[-16:] if self.pieces else ""

    def text(self) -> str:
        """The joined text (asked of headings and part titles only, which stay short)."""
        if self._text is None:
            self._text = "".join(p.text for p in self.pieces)
        return self._text

    def mapped(self) -> MappedText:
        if len(self.pieces) == 1:
            return self.pieces[0]
        return MappedText.join(self.pieces)

    def close(self) -> LogicalLine:
        if len(self.pieces) == 1:
            return self._line
        return LogicalLine(self.kind, self.mapped(), self.cells)


def join_wraps(
    lines: list[LogicalLine], hard: bool, width: int, after_blank: frozenset[int] = frozenset()
) -> list[LogicalLine]:
    """Join each line an extractor broke off back to the line it continues
    (``after_blank``: the offsets, in the decoded text, of lines a blank line precedes)."""
    out: list[LogicalLine] = []
    open_: _Open | None = None
    for line in lines:
        blank = bool(after_blank) and line.text.origin(0) in after_blank
        if open_ is not None and _continues(open_, line, hard, width, blank):
            open_.add(line.text)
            continue
        if open_ is not None:
            out.append(open_.close())
        open_ = _Open(line)
    if open_ is not None:
        out.append(open_.close())
    return out
