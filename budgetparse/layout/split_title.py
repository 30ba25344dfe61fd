"""A table title that a PDF's text order split around the part heading.

A PDF draws its text objects in the order they were made, not the order they are read: a
re-typeset page may give the start of the first table's title, then the part heading
printed above it, then the title's last character (``收入支出决算总`` / ``第二部分 …`` /
``表``).  Read in that order, the title is a paragraph of the part before and the table is
never found.  The title's two pieces are put back together after the heading when — and
only when — the two pieces joined make the title of a catalogued table and neither piece
is a title on its own.
"""

from __future__ import annotations

from ..mapped import MappedText
from ..reading import reading
from ..templates import best_match, every_table, normalise_title
from .classify import SENTENCE_PUNCT, is_table_title
from .front import may_read_as_part, part_match

# the pieces are short: a title is at most 40 characters, its lost tail a few
_HEAD_MAX = 40
_TAIL_MAX = 6


def _catalogued_title(text: str) -> bool:
    """``text`` is the whole title of a table some template prints."""
    if not is_table_title(text):
        return False
    entry = best_match(every_table(), text)
    return entry is not None and entry.match_length(normalise_title(text)) == len(
        normalise_title(text)
    )


def _piece(line: MappedText, longest: int) -> bool:
    text = line.text
    return len(text) <= longest and "\t" not in text and not SENTENCE_PUNCT.search(text)


def mend_split_titles(
    lines: list[MappedText], gaps: list[bool]
) -> tuple[list[MappedText], list[bool]]:
    """``[head, part heading, tail]`` → ``[part heading, head + tail]`` where head + tail is
    a catalogued table title; every other line is kept as it is, in order."""
    out: list[MappedText] = []
    out_gaps: list[bool] = []
    i = 0
    while i < len(lines):
        if i + 2 < len(lines) and _split_title(lines[i], lines[i + 1], lines[i + 2]):
            out += [lines[i + 1], MappedText.join((lines[i], lines[i + 2]))]
            out_gaps += [gaps[i], False]
            i += 3
            continue
        out.append(lines[i])
        out_gaps.append(gaps[i])
        i += 1
    return out, out_gaps


def _split_title(head: MappedText, heading: MappedText, tail: MappedText) -> bool:
    if not may_read_as_part(heading.text):  # the cheapest test first (most lines fail it)
        return False
    if not (_piece(head, _HEAD_MAX) and _piece(tail, _TAIL_MAX)):
        return False
    if part_match(reading(heading.text)) is None or is_table_title(head.text):
        return False
    return _catalogued_title(head.text + tail.text)
