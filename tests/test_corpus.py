"""The bundled corpus: structural acceptance checks, and per document one text snapshot
per aspect (outline, tables, records, findings: tests/views.py) in
``tests/__snapshots__/test_corpus/``.

Snapshots are reviewed like code.  Add a document with
``pytest tests/test_corpus.py --snapshot-update`` and read the new files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs
import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

import budgetparse
from budgetparse.model import Document

from . import spans, views
from .conftest import CORPUS, ROOT, corpus_id

# What a reader of each document finds on its pages (checked by hand).
EXPECTED = {
    "2022/korla-city-government-office": dict(
        department="库尔勒市人民政府办公室",
        year=2022,
        published="2022-02-12",
        template="2022",
        missing_tables=set(),
    ),
    "2022/korla-development-zone-party-government-office": dict(
        department="新疆库尔勒经济技术开发区党政办公室",
        year=2022,
        published="2022-02-18",
        template="2022",
        missing_tables=set(),
    ),
    "2022/bayingolin-prefecture-government-office": dict(
        department="新疆巴州人民政府办公室",
        year=2022,
        published="2022-02-16",
        template="2022",
        missing_tables={2, 3, 5, 6},
    ),
    "2024/kashgar-city-government-office": dict(
        department="新疆维吾尔自治区喀什地区喀什市人民政府办公室",
        year=2024,
        published="2024-02-20",
        template="2024",
        missing_tables=set(),
    ),
    "2025/korla-city-government-office": dict(
        department="库尔勒市人民政府办公室",
        year=2025,
        published="2025-02-01",
        template="2024",
        missing_tables=set(),
    ),
}

PART3_SECTIONS = {"2022": 10, "2024": 12}
TABLES = {"2022": 9, "2024": 11}


@cache
def _parse(path: Path) -> Document:
    return budgetparse.parse(path.read_bytes(), path=path.relative_to(ROOT).as_posix())


def test_every_corpus_document_has_expectations(corpus_path: Path) -> None:
    assert corpus_id(corpus_path) in EXPECTED


def test_four_parts_in_order(corpus_path: Path) -> None:
    doc = _parse(corpus_path)
    assert [p.number for p in doc.parts] == [1, 2, 3, 4]


def test_part_sections(corpus_path: Path) -> None:
    doc = _parse(corpus_path)
    expected = EXPECTED[corpus_id(corpus_path)]
    part1, _, part3, part4 = doc.parts
    assert [s.number for s in part1.sections] == ["一", "二"]
    numbers = [s.ordinal for s in part3.sections]
    assert numbers == list(range(1, PART3_SECTIONS[expected["template"]] + 1))
    assert part3.sections[-1].title.startswith("其他重要事项")
    # the glossary: 一、财政拨款 … 八、机关运行经费
    assert [s.title for s in part4.sections][:2] == ["财政拨款", "一般公共预算"]
    assert part4.sections[-1].title == "机关运行经费"


def test_toc_is_not_body(corpus_path: Path) -> None:
    doc = _parse(corpus_path)
    if doc.toc is None:
        return
    first_part = doc.parts[0].span[0]
    assert doc.toc.span[1] <= first_part
    for part in doc.parts:
        for section in part.sections:
            assert section.span[0] >= first_part


def test_meta(corpus_path: Path) -> None:
    doc = _parse(corpus_path)
    expected = EXPECTED[corpus_id(corpus_path)]
    assert doc.meta.department == expected["department"]
    assert doc.meta.year == expected["year"]
    assert doc.meta.published == expected["published"]
    assert doc.meta.template == expected["template"]


def test_tables_located_and_missing_reported(corpus_path: Path) -> None:
    doc = _parse(corpus_path)
    expected = EXPECTED[corpus_id(corpus_path)]
    numbered = {t.number for t in doc.tables if t.part == 2}
    all_numbers = set(range(1, TABLES[expected["template"]] + 1))
    assert numbered == all_numbers - expected["missing_tables"]
    missing = {d for d in doc.diagnostics if d.code == "table.missing"}
    assert {int(d.message[1:].split()[0]) for d in missing} == expected["missing_tables"]
    for table in doc.tables:
        if table.part == 2:
            assert table.kind is not None and table.title
    assert not [d for d in doc.diagnostics if d.code == "structure.recovered"]


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
