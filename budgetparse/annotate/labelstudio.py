"""Label Studio tasks: one per document, the records as pre-annotations.

A task is ``{"data": {"text", "path"}, "predictions": [{"model_version", "result"}]}``;
each result is a ``labels`` region over the record's span (``value.start``/``end``,
``text``, ``labels`` [kind]) with the record's fields as ``meta`` (``meta.text`` is the
one line Label Studio shows beside a region).  Label Studio counts offsets in UTF-16 code
units (JavaScript strings) while budgetparse counts code points; the two differ after a
character outside the Basic Multilingual Plane (rare CJK extensions), so offsets are
converted both ways.  :func:`label_config` gives the labelling interface to paste into a
project.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from typing import Any
from xml.sax.saxutils import quoteattr

from .. import __version__
from ..model import Document
from . import labels, record_fields

FROM_NAME = "record"
TO_NAME = "text"


class Utf16Offsets:
    """Code-point offsets ↔ UTF-16 offsets of one text (a no-op for BMP-only text)."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, char in enumerate(text) if ord(char) > 0xFFFF]

    def to_utf16(self, offset: int) -> int:
        return offset + bisect_right(self._astral, offset - 1)

    def to_code_points(self, offset: int) -> int:
        # each astral character before the offset adds one unit
        low, high = 0, offset
        while low < high:  # the largest p with to_utf16(p) <= offset
            mid = (low + high + 1) // 2
            if self.to_utf16(mid) <= offset:
                low = mid
            else:
                high = mid - 1
        return low


def task(document: Document) -> dict[str, Any]:
    """The Label Studio task of one document."""
    offsets = Utf16Offsets(document.text)
    result = []
    for record in document.records:
        start, end = record.span
        fields = record_fields(record)
        summary = " ".join(
            f"{key}={fields[key]}"
            for key in ("kind", "item", "amount", "unit", "delta", "pct", "share_pct")
            if key in fields
        )
        result.append(
            {
                "id": f"record-{record.index}",
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "value": {
                    "start": offsets.to_utf16(start),
                    "end": offsets.to_utf16(end),
                    "text": document.text[start:end],
                    "labels": [record.kind],
                },
                "meta": {"text": [summary], "fields": fields},
            }
        )
    return {
        "data": {TO_NAME: document.text, "path": document.source.path},
        "predictions": [{"model_version": f"budgetparse {__version__}", "result": result}],
    }


def tasks_json(documents: list[Document]) -> str:
    """A file Label Studio imports: a JSON list of tasks."""
    return json.dumps([task(d) for d in documents], ensure_ascii=False, indent=1)


def spans_of(task_data: dict[str, Any]) -> list[tuple[str, tuple[int, int]]]:
    """(label, code-point span) of every region of a task's first prediction or
    annotation: what a task exported here, or edited in Label Studio, says."""
    text = task_data["data"][TO_NAME]
    offsets = Utf16Offsets(text)
    sets = task_data.get("annotations") or task_data.get("predictions") or []
    out = []
    for region in sets[0]["result"] if sets else ():
        value = region["value"]
        span = (offsets.to_code_points(value["start"]), offsets.to_code_points(value["end"]))
        for label in value.get("labels", []):
            out.append((label, span))
    return out


def label_config(kinds: list[str]) -> str:
    """The labelling interface for these record kinds (Label Studio's XML config)."""
    options = "\n".join(f"    <Label value={quoteattr(k)}/>" for k in kinds)
    return (
        "<View>\n"
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{options}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>\n'
        "</View>\n"
    )


def document_config(document: Document) -> str:
    return label_config(labels(document))
