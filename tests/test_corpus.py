"""The bundled corpus: structural acceptance checks and one JSON snapshot per document.

Snapshots are reviewed like code.  Add a document with
``pytest tests/test_corpus.py --snapshot-update-new-only`` and read the new file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from syrupy.extensions.json import JSONSnapshotExtension

import budgetparse
from budgetparse.model import Document

from .conftest import ROOT, corpus_id

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


def test_snapshot(corpus_path: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    doc = _parse(corpus_path)
    assert doc.to_dict() == snapshot(extension_class=JSONSnapshotExtension)
