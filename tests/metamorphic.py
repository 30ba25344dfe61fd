"""Transforms of a disclosure's text that an extraction tool may apply, and the facts a
parse must keep through them (tests/test_metamorphic.py).

Each transform changes the text the way a real extractor or web page does and nothing
else: the same document must give the same parts, sections, tables, cells, records and
findings.  Facts are compared as read (budgetparse.reading: traditional characters
simplified, pinyin residue and spacing off), since a transform may change how a title is
printed but not what it says.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

import budgetparse
from budgetparse.layout import display_width
from budgetparse.model import Document, Section
from budgetparse.reading import reading, traditional_table


def tabs_to_spaces(text: str) -> str:
    """Tab-separated cells become runs of spaces (a PDF's columns as pdftotext lays them)."""
    return text.replace("\t", "    ")


def tab_stops(text: str) -> str:
    """Tabs expanded to stops of eight columns (``expand``, an editor's "tabs to spaces"):
    every cell starts on a multiple of eight, and empty cells keep their width."""
    return text.expandtabs(8)


def hard_wrapped(text: str, width: int = 60) -> str:
    """Running text broken every ``width`` columns (CJK counts two), as pdftotext breaks a
    page's lines; table rows keep their lines (they are laid out in columns): a line with
    a tab, or inside a table the original's parse located (a pdftotext row parts its cells
    by spaces)."""
    out: list[str] = []
    for line, in_table in _lines_in_tables(text):
        if in_table or "\t" in line or display_width(line) <= width:
            out.append(line)
            continue
        piece = ""
        for char in line:
            if display_width(piece + char) > width:
                out.append(piece)
                piece = ""
            piece += char
        out.append(piece)
    return "\n".join(out)


def form_feeds(text: str, page: int = 40) -> str:
    """A form feed (pdftotext's page break) opening every ``page``-th line."""
    lines = text.split("\n")
    return "\n".join("\f" + line if i and i % page == 0 else line for i, line in enumerate(lines))


@lru_cache(maxsize=8)
def parsed(text: str) -> Document:
    """The parse of an original text, shared by the transforms that need to know where
    its tables stand and by the test that takes its facts."""
    return budgetparse.parse(text)


def _lines_in_tables(text: str) -> list[tuple[str, bool]]:
    """Each line of ``text``, and whether it starts inside a table the original's parse
    located."""
    spans = sorted(table.span for table in parsed(text).tables)
    out = []
    start = k = 0
    for line in text.split("\n"):
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        out.append((line, k < len(spans) and spans[k][0] <= start < spans[k][1]))
        start += len(line) + 1
    return out


def one_line(text: str) -> str:
    """The running text flattened onto one line (a converter that lost the line breaks of
    its prose); table rows keep their lines, since a row flattened into the prose is no
    row.  A row is a line inside a table the original's parse located, or a line whose
    cells stand apart by a tab or a run of spaces (a pdftotext row parts its cells by
    single spaces too, so the parse, not the spacing, tells a row from prose)."""
    out: list[str] = []
    prose: list[str] = []
    for line, in_table in _lines_in_tables(text):
        if in_table or "\t" in line or "  " in line.strip():
            if prose:
                out.append(" ".join(prose))
                prose = []
            out.append(line)
        elif line.strip():
            prose.append(line.strip())
    if prose:
        out.append(" ".join(prose))
    return "\n".join(out)


_ESCAPES = {
    "&": "&amp;",
    "“": "&ldquo;",
    "”": "&rdquo;",
    "、": "&#12289;",
    "（": "&#xFF08;",
}


def html_escaped(text: str) -> str:
    """HTML entities as a web page prints its text (``&ldquo;``, ``&#12289;``, ``&amp;``),
    and a ``&nbsp;`` where a space stood; the page's own tags stay tags."""
    out = "".join(_ESCAPES.get(c, c) for c in text)
    return out.replace(" ", "&nbsp;")


def traditional(text: str) -> str:
    """Simplified characters replaced by traditional ones (a mirror site's conversion),
    one for one, through the pairs the reader itself knows."""
    inverse: dict[int, int] = {}
    for trad, simp in traditional_table().items():
        inverse.setdefault(simp, trad)
    return text.translate(inverse)


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "tabs_to_spaces": tabs_to_spaces,
    "tab_stops": tab_stops,
    "hard_wrapped": hard_wrapped,
    "form_feeds": form_feeds,
    "one_line": one_line,
    "html_escaped": html_escaped,
    "traditional": traditional,
}


def _sections(sections: tuple[Section, ...], path: str) -> list[str]:
    out = []
    for s in sections:
        here = f"{path}/{s.number}"
        out.append(f"section {here} {reading(s.title)}")
        out += _sections(s.sections, here)
    return out


def _value(value: Decimal | None) -> str:
    return "-" if value is None else str(value)


def facts(document: Document) -> set[str]:
    """The document's facts, one string each."""
    out: set[str] = set()
    for part in document.parts:
        out.add(f"part {part.number} {part.role} {reading(part.title or '')}")
        out.update(_sections(part.sections, str(part.number)))
    for table in document.tables:
        label = f"table {table.number} {table.kind}"
        out.add(label)
        for row in table.rows:
            name = reading(row.name or "")
            for column, value in row.values.items():
                out.add(f"cell {label} {row.code} {name} {column}={_value(value)}")
    for record in document.records:
        out.add(
            f"record {record.kind} {_value(record.amount)} {_value(record.delta)} "
            f"{_value(record.pct)}"
        )
    for finding in document.findings:
        # a finding quotes names as printed (table.code_name): compared as read, too
        expected, found = (reading(t) if t else t for t in (finding.expected, finding.found))
        out.add(f"finding {finding.code} {expected} {found}")
    return out
