"""Cleaning physical lines: markdown/HTML markup out, white space trimmed, table cells cut.

Every edit is a deletion or a one-for-one replacement of characters, so each cleaned line
still maps back to exact offsets in the decoded text (:class:`~budgetparse.mapped.MappedText`).
"""

from __future__ import annotations

from html.entities import html5

import regex

from .. import patterns as P
from ..mapped import MappedText, _run

_HTML_TAG = regex.compile(r"</?[A-Za-z][^<>\n]{0,200}+>")
_MD_HEADING = regex.compile(r"^[ \t]*+#{1,6}+[ \t]*+")
_MD_LIST = regex.compile(r"^[ \t]*+[-*+•·][ \t]++(?=\S)")
LIST_MARKS = frozenset("-*+•·")
_MD_QUOTE = regex.compile(r"^[ \t]*+>[ \t]*+")
_MD_EMPHASIS = regex.compile(r"\*{2,}+|(?<![\w\\])__(?=\S)|(?<=\S)__(?![\w])")
_MD_ESCAPE = regex.compile(r"\\(?=[*_#\[\]().|\\-])")
_MD_TABLE_RULE = regex.compile(r"^\s*+\|?(?:\s*+:?-{2,}+:?\s*+\|)++\s*+:?-*+:?\s*+$")
# &nbsp; &ldquo; &amp; (any HTML5 name), &#8220; &#x201C;
_HTML_ENTITY = regex.compile(
    r"&(?:([A-Za-z][A-Za-z0-9]{1,31}+)|#(\d{1,7}+)|#[xX]([0-9A-Fa-f]{1,6}+));"
)
WS = " \t\u3000\u00a0\ufeff"


def entity_char(match: regex.Match[str]) -> str | None:
    """The one character an HTML entity stands for; None for an unknown name, a code point
    that is no character (a surrogate, beyond U+10FFFF, NUL) or a name of two characters."""
    name, decimal, hexadecimal = match.groups()
    if name is not None:
        char = html5.get(name + ";")
        return char if char is not None and len(char) == 1 else None
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _replace_entities(line: MappedText) -> MappedText:
    """``&ldquo;`` → ``“``: all but the entity's last character deleted, that one replaced,
    so the decoded character maps to the ``;`` that closes the entity.  Entities that name
    no single character are left as printed."""
    spans = []
    last_chars: dict[int, str] = {}
    for m in _HTML_ENTITY.finditer(line.text):
        char = entity_char(m)
        if char is None:
            continue
        spans.append((m.start(), m.end() - 1))
        last_chars[m.end() - 1] = char
    if not spans:
        return line
    # translate the kept ';' of each entity, position by position
    chars = list(line.text)
    for pos, char in last_chars.items():
        chars[pos] = char
    replaced = line.with_text("".join(chars))
    return replaced.delete(spans)


def clean_markup(line: MappedText) -> MappedText | None:
    """Strip markdown/HTML markup and surrounding white space; None for a markdown rule."""
    text = line.text
    if "|" in text:
        if _MD_TABLE_RULE.match(text):
            return None
        stripped = text.strip(WS)
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            line = line.strip(WS)
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
    if line.text.lstrip(" \t")[:1] in LIST_MARKS:
        stripped = line.text.strip(WS)
        if stripped and not P.PAGE_NUMBER.match(stripped):
            line = line.remove(_MD_LIST)
    text = line.text
    if "\t" in text.strip(WS) or text.count("\t") >= 2:
        # A table row: keep leading/trailing tabs, they are the row's empty edge cells.
        # (One tab at an edge alone is an indent, not a row.)
        return line.strip(_SPACES)
    return line.strip(WS)


_SPACES = " \u3000\u00a0\ufeff"
# a character that some branch of clean_markup acts on
MARKUP_CHAR = regex.compile(r"[|<&#*_\\>]")


def trim_plain(raw: str, offset: int) -> MappedText:
    """clean_markup of a physical line without markup (at ``offset``): only the trim."""
    if "\t" not in raw:
        chars = WS
    else:
        chars = _SPACES if "\t" in raw.strip(WS) or raw.count("\t") >= 2 else WS
    kept = raw.strip(chars)
    if len(kept) == len(raw):  # nothing to trim (most lines)
        return _run(raw, offset)
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
    cell = cell.strip(WS)
    if not cell.text:
        return cell
    cell = restore_broken_numbers(cell)
    m = _CELL_BROKEN_INT.match(cell.text)
    if m:  # "29 5" alone in a cell is one number the extractor split
        return cell.remove(WS_RUN)
    return close_cjk_gaps(cell)


_ANY_SPACE = regex.compile(r"\s")
WS_RUN = regex.compile(r"\s++")


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
            cell = raw.strip(WS)
            if not cell:  # blank: nothing, anchored just after its last blank
                append(_run("", at + len(raw)))
            elif _ANY_SPACE.search(cell) is None:
                # no white space inside: no split number to rejoin, no gap to close
                append(_run(cell, at + len(raw) - len(raw.lstrip(WS))))
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
