"""brat standoff: the document's text as ``.txt`` and its records as ``.ann``.

Each record is a text-bound annotation ``T<n>\\t<kind> <start> <end>\\t<text>`` (offsets in
characters of the ``.txt``, which is the decoded text itself, so budgetparse's spans are
brat's); a record whose span crosses a line break is written as fragments
(``start end;start end``), as brat requires, each fragment's text joined by a space.  The
record's fields go into an ``AnnotatorNotes`` line as compact JSON.  :func:`annotation_conf`
gives the entity types for ``annotation.conf``.
"""

from __future__ import annotations

import json

import regex

from ..model import Document
from . import labels, record_fields

_LINE = regex.compile(r"[^\n]++")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``[start, end)`` between line breaks (white space at a piece's ends
    kept out), as brat wants them."""
    out = []
    for match in _LINE.finditer(text, start, end):
        a, b = match.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def ann(document: Document) -> str:
    """The ``.ann`` file of a document (its ``.txt`` is ``document.text``)."""
    lines = []
    text = document.text
    for number, record in enumerate(document.records, start=1):
        pieces = fragments(text, *record.span) or [record.span]
        where = ";".join(f"{a} {b}" for a, b in pieces)
        covered = " ".join(text[a:b] for a, b in pieces)
        lines.append(f"T{number}\t{record.kind} {where}\t{covered}")
        note = json.dumps(record_fields(record), ensure_ascii=False, separators=(",", ":"))
        lines.append(f"#{number}\tAnnotatorNotes T{number}\t{note}")
    return "".join(line + "\n" for line in lines)


def annotation_conf(kinds: list[str]) -> str:
    """A minimal ``annotation.conf`` declaring the record kinds as entities."""
    return (
        "[entities]\n"
        + "".join(f"{k}\n" for k in kinds)
        + ("[relations]\n[events]\n[attributes]\n")
    )


def document_conf(document: Document) -> str:
    return annotation_conf(labels(document))


def read_ann(data: str) -> list[tuple[str, list[tuple[int, int]], str]]:
    """The text-bound annotations of an ``.ann`` file: (type, fragments, text)."""
    out = []
    for line in data.splitlines():
        if not line.startswith("T"):
            continue
        _id, middle, covered = line.split("\t", 2)
        kind, _, where = middle.partition(" ")
        pieces = []
        for piece in where.split(";"):
            a, b = piece.split()
            pieces.append((int(a), int(b)))
        out.append((kind, pieces, covered))
    return out
