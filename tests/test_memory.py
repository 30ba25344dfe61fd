"""What parsing keeps: nothing of a document once it is dropped, and the pipeline's
hand-overs let go of what the next stage does not read.

Sizes are not timed or compared across machines: tracemalloc counts the Python objects
still alive, which is the same on every machine for the same input.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

from budgetparse.pipeline import _drained, parse

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_a_parsed_document_leaves_nothing_behind() -> None:
    # Objects that outlive their document (a name built per call and kept by the type's
    # attribute cache, a cache keyed by document text) pin the memory pages of every
    # document parsed before: a batch run's resident size grows with each.
    data = b"\n".join([(CORPUS / "2022" / "korla-city-government-office.txt").read_bytes()] * 3)
    parse(data)  # grammars, vocabularies and rules loaded; caches filled
    gc.collect()
    tracemalloc.start()
    try:
        document = parse(data)
        assert document.records
        del document
        gc.collect()
        kept, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 16_000, f"{kept:,} bytes of the document outlived it"


def test_prose_units_are_let_go_as_they_are_read() -> None:
    units = [1, 2, 3]
    drained = _drained(units)  # type: ignore[arg-type]
    assert next(drained) == 1
    assert units == [3, 2]  # the first is no longer held
    assert list(drained) == [2, 3]
    assert units == []
