"""Layout normalisation: physical lines of extracted text → classified logical lines.

The same template reaches us in very different shapes (DESIGN.md §2): one paragraph per
line with tab-separated tables; PDF-to-markdown with ``#``, ``**``, HTML and letter-spaced
words; pdftotext output hard-wrapped every ~35 characters with blank lines between the
pieces and tables as runs of spaces.  This module undoes those shapes in one pass:

1. clean each physical line (markup out, whitespace trimmed) keeping an offset map;
2. drop page furniture (lone page numbers, column-index rows, repeated table headers);
3. classify lines in document order with a small state machine (front matter, table of
   contents, body, table regions, signature);
4. join hard-wrapped prose and headings back into logical lines;
5. close the gaps that extractors put between CJK characters.

The result is a flat list of :class:`LogicalLine`, whose ``kind`` is the terminal the
document grammar reads.  Text is only ever deleted, never rewritten, so every logical
line maps back to exact offsets in the decoded text.
"""

from __future__ import annotations

import attrs
import regex

from . import patterns as P
from .mapped import MappedText, _run

# Line kinds: the terminals of grammar/document.lark (upper-cased there).
TITLE = "title"
TOC_HEAD = "toc_head"
TOC_ENTRY = "toc_entry"
PART = "part"
SEC1, SEC2, SEC3, SEC4 = "sec1", "sec2", "sec3", "sec4"
PARA = "para"
TABLE_CAPTION = "table_caption"
TABLE_NAME = "table_name"  # the title line under a 表N caption
TABLE_TITLE = "table_title"  # a title that opens a table without a caption
TABLE_META = "table_meta"
TABLE_START = "table_start"  # first row of a table printed without caption or title
TABLE_ROW = "table_row"
TABLE_NOTE = "table_note"
SIGN_DEPT = "sign_dept"
SIGN_DATE = "sign_date"

HEADINGS = (SEC1, SEC2, SEC3, SEC4)


@attrs.frozen
class LogicalLine:
    """One line as the grammar sees it.

    ``cells`` holds the tab-separated cells of a table row (empty for other lines and for
    space-separated rows, whose cells the table reader splits itself).
    """

    kind: str
    text: MappedText
    cells: tuple[MappedText, ...] = ()

    @property
    def span(self) -> tuple[int, int]:
        return self.text.span()


@attrs.frozen
class Layout:
    """The logical lines of a document plus facts about its extraction shape."""

    lines: tuple[LogicalLine, ...]
    hard_wrapped: bool
    wrap_width: int
    dropped: int  # physical lines removed as page furniture


# -- 1. cleaning physical lines ----------------------------------------------------------

_HTML_TAG = regex.compile(r"</?[A-Za-z][^<>\n]{0,200}+>")
_MD_HEADING = regex.compile(r"^[ \t]*+#{1,6}+[ \t]*+")
_MD_LIST = regex.compile(r"^[ \t]*+[-*+•·][ \t]++(?=\S)")
_LIST_MARKS = frozenset("-*+•·")
_MD_QUOTE = regex.compile(r"^[ \t]*+>[ \t]*+")
_MD_EMPHASIS = regex.compile(r"\*{2,}+|(?<![\w\\])__(?=\S)|(?<=\S)__(?![\w])")
_MD_ESCAPE = regex.compile(r"\\(?=[*_#\[\]().|\\-])")
_MD_TABLE_RULE = regex.compile(r"^\s*+\|?(?:\s*+:?-{2,}+:?\s*+\|)++\s*+:?-*+:?\s*+$")
_HTML_ENTITY = regex.compile(r"&(nbsp|amp|lt|gt|quot|#\d{2,5}+);")
_ENTITY_CHAR = {"nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": '"'}
_WS = " \t\u3000\u00a0\ufeff"


def _replace_entities(line: MappedText) -> MappedText:
    """``&nbsp;`` → one character, by deleting all but the last char and translating it."""
    spans = []
    last_chars: dict[int, str] = {}
    for m in _HTML_ENTITY.finditer(line.text):
        name = m.group(1)
        char = chr(int(name[1:])) if name.startswith("#") else _ENTITY_CHAR[name]
        spans.append((m.start(), m.end() - 1))
        last_chars[m.end() - 1] = char
    if not spans:
        return line
    # translate the kept ';' of each entity, position by position
    chars = list(line.text)
    for pos, char in last_chars.items():
        chars[pos] = char if len(char) == 1 else " "
    replaced = line.with_text("".join(chars))
    return replaced.delete(spans)


def clean_markup(line: MappedText) -> MappedText | None:
    """Strip markdown/HTML markup and surrounding white space; None for a markdown rule."""
    text = line.text
    if "|" in text:
        if _MD_TABLE_RULE.match(text):
            return None
        stripped = text.strip(_WS)
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            line = line.strip(_WS)
            line = line.slice(1, len(line) - 1)
            line = line.translate({ord("|"): "\t"})
    if "<" in line.text:
        line = line.remove(_HTML_TAG)
    if "&" in line.text:
        line = _replace_entities(line)
    if "#" in line.text:
        line = line.remove(_MD_HEADING)
    if "*" in line.text or "_" in line.text:
        line = line.remove(_MD_EMPHASIS)
    if "\\" in line.text:
        line = line.remove(_MD_ESCAPE)
    if ">" in line.text:
        line = line.remove(_MD_QUOTE)
    # _MD_LIST can only match where the first character after spaces and tabs is a mark
    if line.text.lstrip(" \t")[:1] in _LIST_MARKS:
        stripped = line.text.strip(_WS)
        if stripped and not P.PAGE_NUMBER.match(stripped):
            line = line.remove(_MD_LIST)
    text = line.text
    if "\t" in text.strip(_WS) or text.count("\t") >= 2:
        # A table row: keep leading/trailing tabs, they are the row's empty edge cells.
        # (One tab at an edge alone is an indent, not a row.)
        return line.strip(_SPACES)
    return line.strip(_WS)


_SPACES = " \u3000\u00a0\ufeff"
# a character that some branch of clean_markup acts on
_MARKUP_CHAR = regex.compile(r"[|<&#*_\\>]")


def _trim_plain(raw: str, offset: int) -> MappedText:
    """clean_markup of a physical line without markup (at ``offset``): only the trim."""
    chars = _SPACES if "\t" in raw.strip(_WS) or raw.count("\t") >= 2 else _WS
    kept = raw.strip(chars)
    left = len(raw) - len(raw.lstrip(chars)) if kept else len(raw)
    return _run(kept, offset + left)


def close_cjk_gaps(line: MappedText) -> MappedText:
    """Delete spaces an extractor put between CJK characters (and CJK/number)."""
    if " " not in line.text and "\u3000" not in line.text and "\u00a0" not in line.text:
        return line
    return line.remove(P.CJK_GAP)


def restore_broken_numbers(line: MappedText) -> MappedText:
    """``1247.2 2`` → ``1247.22``: a two-decimal amount split by the extractor."""
    if "." not in line.text or not _ANY_SPACE.search(line.text):
        return line  # the pattern needs both a point and white space
    return line.remove(P.BROKEN_DECIMAL, 1)


_CELL_BROKEN_INT = regex.compile(r"^\d++(\s++)\d++$")


def clean_cell(cell: MappedText) -> MappedText:
    """One tab-separated cell: trimmed, letter spacing closed, split numbers rejoined."""
    cell = cell.strip(_WS)
    if not cell.text:
        return cell
    cell = restore_broken_numbers(cell)
    m = _CELL_BROKEN_INT.match(cell.text)
    if m:  # "29 5" alone in a cell is one number the extractor split
        return cell.remove(_WS_RUN)
    return close_cjk_gaps(cell)


_ANY_SPACE = regex.compile(r"\s")


def split_cells(line: MappedText) -> tuple[MappedText, ...]:
    """The cleaned cells of a tab-separated row (what :func:`clean_cell` gives for each).

    Most cells are empty or hold one word or number: those are cut straight out of the
    line; only cells with white space inside go through :func:`clean_cell`.
    """
    base = line.base()
    if base is None:  # a line joined from pieces: map each cell through the line
        return _split_mapped_cells(line)
    # one stretch of the original: a cell at line offset i starts at original base + i
    cells: list[MappedText] = []
    append = cells.append
    at = base
    for raw in line.text.split("\t"):
        if not raw:
            append(_run("", at))
        else:
            cell = raw.strip(_WS)
            if not cell:  # blank: nothing, anchored just after its last blank
                append(_run("", at + len(raw)))
            elif _ANY_SPACE.search(cell) is None:
                # no white space inside: no split number to rejoin, no gap to close
                append(_run(cell, at + len(raw) - len(raw.lstrip(_WS))))
            else:
                append(clean_cell(_run(raw, at)))
        at += len(raw) + 1
    return tuple(cells)


def _split_mapped_cells(line: MappedText) -> tuple[MappedText, ...]:
    cells = []
    start = 0
    text = line.text
    while True:
        tab = text.find("\t", start)
        end = len(text) if tab < 0 else tab
        cells.append(clean_cell(line.slice(start, end)))
        if tab < 0:
            break
        start = tab + 1
    return tuple(cells)


# -- 2. page furniture ------------------------------------------------------------------


def is_column_index(text: str) -> bool:
    """``※ ※ 1 2 3`` / ``栏次 1 2 3`` / ``1 2 3 4``: consecutive column numbers from 1."""
    if not P.COLUMN_INDEX.match(text):
        return False
    numbers = [int(n) for n in regex.findall(r"\d++", text)]
    if not numbers:
        return False
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


# -- 3. width of hard wraps --------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a line takes in a PDF: CJK and full-width characters count two."""
    # Count the narrow characters (few, in runs) rather than the wide ones (most of a
    # line of Chinese): the same number, found with far fewer matches.
    return 2 * len(text) - sum(map(len, _NARROW_RUN.findall(text)))


_WIDE_CLASS = r"\p{Han}\u3000-\u303f\uff00-\uffef“”‘’—…"
P_WIDE = regex.compile(rf"[{_WIDE_CLASS}]")
_NARROW_RUN = regex.compile(rf"[^{_WIDE_CLASS}]++")


def detect_wrap_width(lines: list[str]) -> tuple[bool, int]:
    """Is prose hard-wrapped at a fixed width (pdftotext style), and at which width?

    Prose in one-paragraph-per-line text has widely varying lengths; hard-wrapped prose
    piles up just below one width.  We look for that pile.
    """
    # lines of 12+ characters, no tab, with at least one wide character (width > length)
    widths = sorted(
        w
        for t in lines
        if len(t) >= 12 and "\t" not in t
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


# -- 4. classification -------------------------------------------------------------------


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


def is_table_title(text: str) -> bool:
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
        pieces.append(line.slice(prev, cut).strip(_WS))
        prev = cut
    pieces.append(line.slice(prev).strip(_WS))
    return pieces


_OPEN_ABOUT = regex.compile(r"关于")
_ENDS_WITH_SHUOMING = regex.compile(r"说\s*+明$")
_SENTENCE_PUNCT = regex.compile(r"[，,、；;。：:]")


# the characters TABLE_META can open with (编制部门, 单位：, 金额单位, （2022年）)
_META_FIRST = frozenset("编单金（(")


def _ends_front_matter(text: str) -> bool:
    """A line that is body text, not a title line: a numbered heading, a sentence, a table.

    A document always opens with its title, but a fragment of prose (a paragraph pasted from
    somewhere) has none: its lines must be read as paragraphs and headings."""
    return bool(
        section_kind(text)
        or _SENTENCE_PUNCT.search(text)
        or P.TABLE_CAPTION.match(text)
        or "\t" in text
    )


class _Classifier:
    """The state machine of step 3: walks cleaned lines in order and assigns kinds."""

    def __init__(self) -> None:
        self.out: list[LogicalLine] = []
        self.state = "front"
        self.toc_parts: set[str] = set()
        self.part = 0
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
        text = line.text
        part = P.PART.match(text) if text[:1] == "第" else None  # the pattern opens with 第
        if self.state == "front":
            if P.TOC_HEAD.match(text):
                self.state = "toc"
                self.emit(TOC_HEAD, line)
                return
            if part or _ends_front_matter(text):
                self.state = "body"
            else:
                self.emit(TITLE, line)
                return
        if self.state == "toc":
            key = part.group(1) if part else None
            if (key is not None and key in self.toc_parts) or (len(text) > 60 and "。" in text):
                self.state = "body"
            else:
                if key is not None:
                    self.toc_parts.add(key)
                self.emit(TOC_ENTRY, line)
                return
        self.feed_body(line, part)

    def feed_body(self, line: MappedText, part: regex.Match[str] | None) -> None:
        text = line.text
        if part:
            self.close_table()
            self.part = P.cn_number(part.group(1)) or 0
            self.emit(PART, line)
            return
        caption = P.TABLE_CAPTION.match(text) if text[:1] == "表" else None  # opens with 表
        if self.in_table:
            if self.feed_table(line, caption):
                return
            self.close_table()
        if caption:
            if caption.group(1) == self.table_number:
                return  # the caption repeated at the top of a continuation page
            self.open_table(caption.group(1))
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
            if caption.group(1) == self.table_number:
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
        if self.part != 2 and "\t" not in text and section_kind(text):
            return False
        last = self.out[-1] if self.out else None
        if (
            last is not None
            and last.kind == TABLE_NOTE
            and last.text.text[-1:] not in P.TERMINAL_PUNCT
            and "\t" not in text
            and not _BODY_ROW.search(text)
        ):
            self.emit(TABLE_NOTE, line)  # the rest of a wrapped note
            return True
        if _is_note(text) or ("\t" not in text and P.EMPTY_TABLE.search(text) and len(text) > 8):
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
        if self.part != 2 and self.table_tabbed and "\t" not in text and _looks_like_prose(text):
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
        cells = ()
        if "\t" in text:
            cells = split_cells(line)
            self.table_tabbed = True
        self.emit(kind, line, cells)


_WS_RUN = regex.compile(r"\s++")


def _is_note(text: str) -> bool:
    """``P.TABLE_NOTE.search(text)``, skipping the search where none of its words is there.

    The pattern needs 备/注/说 at the start, or one of 为空表 (此表为空表), 无此项, 本表无数据.
    """
    if text[:1] in "备注说" or "为空表" in text or "无此项" in text or "本表无数据" in text:
        return bool(P.TABLE_NOTE.search(text))
    return False


def _compact(text: str) -> str:
    return _WS_RUN.sub("", text)


def _looks_like_prose(text: str) -> bool:
    """A sentence outside the tables' own vocabulary ends a table region (parts 1, 3)."""
    return len(text) > 30 and "。" in text[-3:] and not P.EMPTY_TABLE.search(text)


# -- 5. signature ------------------------------------------------------------------------


def _mark_signature(lines: list[LogicalLine]) -> None:
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
        if prev.kind == PARA and len(t) <= 60 and not _SENTENCE_PUNCT.search(t):
            lines[-2] = attrs.evolve(prev, kind=SIGN_DEPT)


# -- 6. joining hard wraps ---------------------------------------------------------------


def _is_prose_like(line: LogicalLine) -> bool:
    """Headings are short and unpunctuated; numbered clauses that run on are prose."""
    t = _BRACKETED.sub("", line.text.text)  # "部（秘书科，文明办）" is still a heading
    if line.kind == PARA or len(t) >= 60 or regex.search(r"[，,。；;]", t):
        return True
    return bool(_LABELLED.search(t))  # "八、机关运行经费：指…" carries its content


_LABELLED = regex.compile(r"[：:]\s*+\S")


_BRACKETED = regex.compile(r"[（(][^（()）]{0,40}+[)）]")


def _continues(a: LogicalLine, b: LogicalLine, hard: bool, width: int) -> bool:
    """Does logical line ``b`` continue ``a`` (a line broken by the extractor)?"""
    if a.kind == TABLE_NOTE:
        return b.kind == TABLE_NOTE and a.text.text[-1:] not in P.TERMINAL_PUNCT
    joinable = (PARA, TITLE, TOC_ENTRY, PART, *HEADINGS)
    if a.kind not in joinable:
        return False
    if b.kind != PARA and not (a.kind == TOC_ENTRY and b.kind == TOC_ENTRY):
        return False
    at, bt = a.text.text, b.text.text
    if not at or not bt:
        return False
    if a.kind == TOC_ENTRY and (section_kind(bt) or P.PART.match(bt)):
        return False
    if at[-1] in P.TERMINAL_PUNCT or at[-1] in "：:":
        return False
    if a.kind in (TITLE,):
        return False
    # a heading left open: "三、关于…2022" + "年支出预算情况说明", "…总体" + "说明"
    if a.kind != PARA and _OPEN_ABOUT.search(at):
        if _ENDS_WITH_SHUOMING.search(at):
            return False
        return len(bt) <= 40 and not _looks_like_prose(bt)
    if at[-1].isdigit() and bt[0] == "年":
        return True
    if _unbalanced(at):  # "…事务（" + "项)：2022年预算数为…"
        return True
    if hard and display_width(at) >= width:
        return True
    if a.kind == TOC_ENTRY or not _is_prose_like(a):
        return False
    if hard:
        return False
    # one paragraph per line: a break without closing punctuation is a page break
    if P.LABEL_LINE.match(bt):
        return False
    return bool(_SENTENCE_PUNCT.search(at)) or len(at) >= 25


def _unbalanced(text: str) -> bool:
    opened = text.count("（") + text.count("(") + text.count("《") + text.count("“")
    closed = text.count("）") + text.count(")") + text.count("》") + text.count("”")
    return opened > closed


def _join_wraps(lines: list[LogicalLine], hard: bool, width: int) -> list[LogicalLine]:
    out: list[LogicalLine] = []
    for line in lines:
        if out and _continues(out[-1], line, hard, width):
            prev = out[-1]
            out[-1] = LogicalLine(prev.kind, MappedText.join([prev.text, line.text]), prev.cells)
        else:
            out.append(line)
    return out


def _finish(line: LogicalLine) -> LogicalLine:
    """Close CJK gaps in everything that is not a table row (rows keep their cells)."""
    if line.kind in (TABLE_ROW, TABLE_START):
        return line
    text = restore_broken_numbers(close_cjk_gaps(line.text))
    return line if text is line.text else LogicalLine(line.kind, text, line.cells)


# -- the pass ------------------------------------------------------------------------------


_LINE_BREAK = regex.compile(r"[\n\f]")


def normalise(text: str) -> Layout:
    """Decoded text → :class:`Layout` (logical lines, classified)."""
    cleaned: list[MappedText] = []
    dropped = 0
    start = 0
    for raw in _LINE_BREAK.split(text):  # a form feed (a page break) ends a line too
        offset = start
        start += len(raw) + 1
        if not raw.strip():
            continue  # a blank line: clean_markup would leave nothing of it
        if _MARKUP_CHAR.search(raw) is None and raw.lstrip(" \t")[:1] not in _LIST_MARKS:
            line = _trim_plain(raw, offset)  # no markup: clean_markup would only trim it
        else:
            line = clean_markup(_run(raw, offset))
        if line is None:
            dropped += 1
            continue
        if not line.text.strip():
            continue
        if "\t" not in line.text and is_furniture(line.text):
            dropped += 1
            continue
        cleaned.append(line)

    hard, width = detect_wrap_width([c.text for c in cleaned])
    classifier = _Classifier()
    for line in cleaned:
        classifier.feed(line)
    lines = classifier.out
    _mark_signature(lines)
    lines = _join_wraps(lines, hard, width)
    lines = [_finish(line) for line in lines]
    return Layout(
        lines=tuple(lines),
        hard_wrapped=hard,
        wrap_width=width,
        dropped=dropped + classifier.dropped,
    )
