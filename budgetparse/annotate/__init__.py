"""Records as pre-annotations for the tools annotators use.

- :mod:`.labelstudio` — Label Studio tasks (the text, each record a labelled span with its
  fields as meta) and the labelling configuration that shows them;
- :mod:`.brat` — brat standoff (``.txt`` + ``.ann``);
- :mod:`.spacy_doc` — a spaCy ``Doc`` with the records in ``doc.spans["budget"]`` (needs
  the ``spacy`` extra).

Each export is read back by its own reader in the tests, and the spans read back select
the same text in the document.
"""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..narrative.model import Record
from ..serialize import _converter

SPANS_KEY = "budget"


def record_fields(record: Record) -> dict[str, Any]:
    """The record's fields as JSON values, without its text and spans (the annotation
    carries those), nulls and empty lists left out."""
    data: dict[str, Any] = _converter.unstructure(record)
    return {
        key: value
        for key, value in data.items()
        if value not in (None, [], "")
        and key != "text"
        and key != "span"
        and not key.endswith("_span")
    }


def labels(document: Document) -> list[str]:
    """The record kinds of a document, sorted: the labels an annotation scheme needs."""
    return sorted({r.kind for r in document.records})
