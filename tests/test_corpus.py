"""The bundled corpus: each document against its expectations (``<name>.expect.toml``
beside it, read by tests/expectations.py), and per document one text snapshot per aspect
(outline, tables, records, sentences, findings: tests/views.py) in
``tests/__snapshots__/test_corpus/``.

Snapshots are reviewed like code.  Add a document with
``pytest tests/test_corpus.py --snapshot-update`` and read the new files.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import attrs
import pytest
import regex
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

import budgetparse
from budgetparse.model import Document

from . import spans, views
from .caught import unexpected
from .conftest import CORPUS, ROOT, corpus_files
from .expectations import ExpectationError, FindingKey, expectations_path, load


@cache
def _parse(path: Path) -> Document:
    return budgetparse.parse(path.read_bytes(), path=path.relative_to(ROOT).as_posix())


# -- what a reader finds on the pages: corpus/<year>/<name>.expect.toml --------------------


def test_every_document_has_expectations_and_every_expectation_a_document() -> None:
    documents = {expectations_path(p) for p in corpus_files()}
    assert documents <= set(CORPUS.glob("*/*.expect.toml"))
    assert set(CORPUS.glob("*/*.expect.toml")) <= documents


def test_meta(corpus_path: Path) -> None:
    doc, expected = _parse(corpus_path), load(corpus_path)
    assert doc.meta.department == expected.department
    assert doc.meta.year == expected.year
    assert doc.meta.published == expected.published
    assert doc.meta.template == expected.template


def test_parts_and_sections(corpus_path: Path) -> None:
    doc, expected = _parse(corpus_path), load(corpus_path)
    assert [p.number for p in doc.parts] == [1, 2, 3, 4]
    assert tuple(len(p.sections) for p in doc.parts) == expected.sections
    for part in doc.parts:  # numbered 一、二、… without a gap
        assert [s.ordinal for s in part.sections] == list(range(1, len(part.sections) + 1))


def test_toc_is_not_body(corpus_path: Path) -> None:
    doc = _parse(corpus_path)
    if doc.toc is None:
        return
    first_part = doc.parts[0].span[0]
    assert doc.toc.span[1] <= first_part
    for part in doc.parts:
        for section in part.sections:
            assert section.span[0] >= first_part


def test_tables_located_and_missing_reported(corpus_path: Path) -> None:
    doc, expected = _parse(corpus_path), load(corpus_path)
    numbered = {t.number for t in doc.tables if t.part == 2}
    assert numbered == set(range(1, expected.tables + 1)) - expected.missing_tables
    missing = {d for d in doc.diagnostics if d.code == "table.missing"}
    assert {int(d.message[1:].split()[0]) for d in missing} == expected.missing_tables
    for table in doc.tables:
        if table.part == 2:
            assert table.kind is not None and table.title


def test_no_stage_failed_and_every_line_was_placed(corpus_path: Path) -> None:
    """No reader or rule failed (a caught failure is reported, not raised, so a test that
    only parses would pass over it) and the grammar placed every line."""
    assert unexpected(_parse(corpus_path)) == []


def test_a_caught_failure_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: a reader that raises is caught by the pipeline and seen."""
    import budgetparse.pipeline as pipeline

    def broken(units: object, sentence_of: object = None) -> object:
        raise RuntimeError("simulated")

    monkeypatch.setattr(pipeline, "read_narrative", broken)
    path = CORPUS / "2022" / "korla-city-government-office.txt"
    document = budgetparse.parse(path.read_bytes())
    assert unexpected(document) == ["narrative.reader_error: RuntimeError: simulated"]


def test_known_findings(corpus_path: Path) -> None:
    doc, expected = _parse(corpus_path), load(corpus_path)
    found: Counter[FindingKey] = Counter()
    for finding in doc.findings:
        table = finding.inputs[0].table if finding.inputs else None
        number = doc.tables[table].number if table is not None else None
        found[(finding.code, finding.severity, number, finding.found or "")] += 1
    assert found == expected.findings


def test_expectations_are_validated(tmp_path: Path) -> None:
    document = tmp_path / "x.txt"
    good = expectations_path(CORPUS / "2022" / "korla-city-government-office.txt")
    text = good.read_text(encoding="utf-8")
    for broken, message in [
        (text.replace("year = 2022", 'year = "2022"'), "year has the wrong type"),
        (text.replace("tables = 9", "tabels = 9"), "unknown field tabels"),
        (text.replace('template = "2022"\n', ""), "missing field template"),
        (text.replace('severity = "info", ', ""), "findings[0] lacks severity"),
    ]:
        expectations_path(document).write_text(broken, encoding="utf-8")
        with pytest.raises(ExpectationError, match=regex.escape(message)):
            load(document)
    expectations_path(document).unlink()
    with pytest.raises(ExpectationError, match="missing"):
        load(document)


# -- the snapshots: one per document and aspect, reviewed like code -----------------------


class TextSnapshot(SingleFileSnapshotExtension):
    """A snapshot stored as the plain text a reviewer reads (one ``.txt`` file each)."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def text_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(TextSnapshot)


def test_outline(corpus_path: Path, text_snapshot: SnapshotAssertion) -> None:
    assert views.outline(_parse(corpus_path)) == text_snapshot


def test_tables(corpus_path: Path, text_snapshot: SnapshotAssertion) -> None:
    assert views.tables(_parse(corpus_path)) == text_snapshot


def test_records(corpus_path: Path, text_snapshot: SnapshotAssertion) -> None:
    assert views.records(_parse(corpus_path)) == text_snapshot


def test_sentences(corpus_path: Path, text_snapshot: SnapshotAssertion) -> None:
    assert views.sentences(_parse(corpus_path)) == text_snapshot


def test_findings(corpus_path: Path, text_snapshot: SnapshotAssertion) -> None:
    name = corpus_path.relative_to(ROOT).as_posix()
    text = corpus_path.read_text(encoding="utf-8")
    assert views.findings(_parse(corpus_path), text, name) == text_snapshot


# -- spans: not pinned by the snapshots, every one checked instead ------------------------


def test_every_span_selects_its_printed_text(corpus_path: Path) -> None:
    text = corpus_path.read_text(encoding="utf-8")
    assert spans.violations(text, _parse(corpus_path)) == []


def test_a_shifted_span_is_caught() -> None:
    """The span property can fail: one cell's span moved by a character is reported."""
    path = CORPUS / "2022" / "korla-city-government-office.txt"
    document = _parse(path)
    table = next(t for t in document.tables if t.rows and t.rows[0].cells)
    row = table.rows[0]
    column, cell = next(iter(row.cells.items()))
    moved = attrs.evolve(cell, span=(cell.span[0] + 1, cell.span[1] + 1))
    rows = (attrs.evolve(row, cells={**row.cells, column: moved}), *table.rows[1:])
    tables = tuple(attrs.evolve(t, rows=rows) if t is table else t for t in document.tables)
    found = spans.violations(
        path.read_text(encoding="utf-8"), attrs.evolve(document, tables=tables)
    )
    assert found and all(f"{row.name} {column}" in line for line in found)
    assert any(repr(cell.text) in line for line in found)


def test_a_changed_cell_is_one_line_of_the_tables_view() -> None:
    """What makes a snapshot failure readable: one cell printed differently changes one
    line of the tables view (old and new value side by side) and nothing in the others."""
    path = CORPUS / "2022" / "korla-city-government-office.txt"
    document = _parse(path)
    table = next(t for t in document.tables if t.kind == "expenditure")
    row = next(r for r in table.rows if len(r.cells) > 1)
    column, cell = next(iter(row.cells.items()))
    changed_cell = attrs.evolve(cell, text=cell.text + "9")
    rows = tuple(
        attrs.evolve(r, cells={**r.cells, column: changed_cell}) if r is row else r
        for r in table.rows
    )
    tables = tuple(attrs.evolve(t, rows=rows) if t is table else t for t in document.tables)
    changed = attrs.evolve(document, tables=tables)
    before, after = views.tables(document).splitlines(), views.tables(changed).splitlines()
    differ = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(differ) == 1
    old, new = differ[0]
    assert f"{column}={cell.text}" in old and f"{column}={cell.text}9" in new
    assert views.outline(changed) == views.outline(document)
    assert views.records(changed) == views.records(document)
