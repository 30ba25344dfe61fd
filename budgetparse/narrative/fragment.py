"""Prose units of any input: a whole disclosure, or a fragment from somewhere else.

A whole document gives its units through :func:`budgetparse.pipeline.prose_units`.  A
fragment (a sentence, a paragraph, a page with no 第X部分 heading) may come back from the
document layout as front matter, with no units; then every logical line is read as
prose here: numbered lines as headings (their section path built as the document
builder builds it) and hard-wrapped lines joined back.
"""

from __future__ import annotations

import regex

from ..layout import TABLE_ROW, TABLE_START, normalise, opens_statement, section_kind
from ..mapped import MappedText
from ..pipeline import prose_units
from ..prose import ProseUnit
from ..source import load_source
from .text import plain_str

_MARKER = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "({})"}
# A line that opens with a label (项目名称：, 资金分配情况：) starts a new unit.
_LABEL = regex.compile(r"^\s*+[\p{Han}“”（）()]{2,16}+[：:]")
_TERMINAL = ("。", "；", ";", "：", ":", "！", "？", "!", "?")


def units_of(data: str | bytes) -> list[ProseUnit]:
    """Prose units of a document, or of a fragment when the document has no parts."""
    units = prose_units(data)
    if any(u.part is not None for u in units):
        return units
    return _fragment_units(data)


def _fragment_units(data: str | bytes) -> list[ProseUnit]:
    source = load_source(data)
    layout = normalise(source.text)
    units: list[ProseUnit] = []
    path: list[tuple[int, str]] = []
    pending: MappedText | None = None
    pending_section: str | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None and pending.text.strip():
            units.append(ProseUnit("paragraph", pending, None, pending_section))
        pending = None

    for line in layout.lines:
        if line.kind in (TABLE_ROW, TABLE_START) and "\t" in line.text.text:
            flush()
            continue
        text = line.text.text.strip()
        if not text:
            flush()  # a blank line ends a paragraph
            continue
        kind = section_kind(text)
        if kind is not None:
            flush()
            level = int(kind[-1])
            number = _number(text, level)
            path = [p for p in path if p[0] < level]
            path.append((level, _MARKER[level].format(number)))
            units.append(ProseUnit("heading", line.text, None, "/".join(p[1] for p in path)))
            continue
        section = "/".join(p[1] for p in path) or None
        wrapped = pending is not None and not pending.text.rstrip().endswith(_TERMINAL)
        if (
            pending is not None
            and wrapped
            and not _LABEL.match(text)
            # across a blank line, a line that opens a statement of its own (the
            # layout's rule: a year in its head, after an amount it does not go on with)
            and not (
                _blank_between(source.text, pending, line.text)
                and opens_statement(pending.text, text)
            )
        ):
            pending = MappedText.join([pending, line.text])
            continue
        flush()
        pending, pending_section = line.text, section
    flush()
    return units


def _blank_between(text: str, before: MappedText, after: MappedText) -> bool:
    """Does a blank line stand in the decoded text between the two pieces?"""
    start, end = before.span()[1], after.span()[0]
    return _BLANK.search(text, start, max(start, end)) is not None


_BLANK = regex.compile(r"\n[ \t\u3000\f]*+\n")


def _number(text: str, level: int) -> str:
    """The numeral of a heading label as the document builder writes it in paths."""
    plain = plain_str(text)
    digits = ""
    for char in plain.lstrip("（("):
        if char.isdigit() or char in "〇零一二三四五六七八九十百":
            digits += char
        else:
            break
    return digits or ("①" if level == 4 else "?")
