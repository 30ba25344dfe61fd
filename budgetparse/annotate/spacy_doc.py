"""A spaCy ``Doc`` of a document, its records in ``doc.spans["budget"]``.

Needs the ``spacy`` extra.  The text is tokenised by the pipeline given (default: a blank
Chinese pipeline, which cuts characters and needs no model download); each record becomes a
``Span`` labelled with its kind, widened to whole tokens if a tokeniser's boundaries fall
inside it (``alignment_mode="expand"``), and its fields are ``span._.budget`` (a dict).
"""

from __future__ import annotations

from typing import Any

from ..model import Document
from . import SPANS_KEY, record_fields


def to_spacy(document: Document, nlp: Any = None) -> Any:
    """The spaCy ``Doc`` of ``document`` with ``doc.spans["budget"]``."""
    try:
        import spacy
        from spacy.tokens import Span
    except ImportError:
        raise ImportError(
            "spaCy documents need the spacy extra: pip install 'budgetparse[spacy]'"
        ) from None
    if not Span.has_extension(SPANS_KEY):
        Span.set_extension(SPANS_KEY, default=None)
    nlp = nlp if nlp is not None else spacy.blank("zh")
    doc = nlp.make_doc(document.text)
    spans = []
    for record in document.records:
        span = doc.char_span(
            *record.span, label=record.kind, alignment_mode="expand", span_id=record.index
        )
        if span is None:  # a span of white space only: nothing to show
            continue
        span._.set(SPANS_KEY, {"index": record.index, **record_fields(record)})
        spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc
