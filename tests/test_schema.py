"""The JSON Schema describes exactly what ``Document.to_dict()`` produces, and spans point
at what they name.

The schema (``budgetparse/schema/document.schema.json``) uses ``additionalProperties:
false`` throughout, so a field added to the model without a schema update fails here.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from budgetparse import parse
from budgetparse.decode import decode_bytes
from budgetparse.schema import document_schema
from budgetparse.templates import part3_tables, templates

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*/*.txt"))
SPAN_KEYS = ("span", "heading_span", "title_span")


def corpus_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


# A small disclosure written for these tests: two parts, four heading levels, a signature.
FRAGMENT = """\
某某局2023年部门预算公开

第一部分 某某局部门概况
一、主要职能
负责本地区有关事务的综合协调。
二、机构设置及人员情况
本部门下设二个科室，编制10人。
第三部分 2023年部门预算情况说明
一、关于某某局2023年收支预算情况的总体说明
（一）收入预算
收入预算100.00万元。
1. 资金来源
(1) 细目
某某局
2023年3月1日
"""


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(document_schema())


@pytest.fixture(scope="module", params=CORPUS, ids=corpus_id)
def corpus_doc(request: pytest.FixtureRequest) -> tuple[dict[str, Any], str]:
    """(JSON form, decoded text) of one corpus document."""
    path: Path = request.param
    data = path.read_bytes()
    return parse(data, path=str(path)).to_dict(), decode_bytes(data).text


def errors(validator: jsonschema.Draft202012Validator, data: object) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


# -- the schema itself ------------------------------------------------------------------------


def test_corpus_is_present() -> None:
    assert len(CORPUS) >= 5


def test_schema_is_valid_draft_2020_12() -> None:
    schema = document_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for key in ("$id", "title", "description"):
        assert schema[key]


def test_schema_is_cached_and_ships_inside_the_package() -> None:
    assert document_schema() is document_schema()
    # Inside the package directory, so the wheel (packages = ["budgetparse"]) carries it.
    resource = resources.files("budgetparse.schema").joinpath("document.schema.json")
    assert resource.is_file()
    assert Path(str(resource)).resolve().is_relative_to(ROOT / "budgetparse")


def test_table_kind_enum_covers_every_catalogue_kind() -> None:
    enum = set(document_schema()["$defs"]["table"]["properties"]["kind"]["enum"])
    kinds = {e.kind for t in templates() for e in t.tables} | {e.kind for e in part3_tables()}
    assert kinds
    assert kinds | {None} == enum


# -- documents validate -----------------------------------------------------------------------


def test_corpus_document_validates(validator, corpus_doc) -> None:
    data, text = corpus_doc
    assert errors(validator, data) == []
    assert data["source"]["chars"] == len(text)


def test_empty_document_validates(validator) -> None:
    data = parse(b"").to_dict()
    assert errors(validator, data) == []
    assert data["source"] == {
        "path": None,
        "encoding": "utf-8",
        "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "chars": 0,
    }
    assert [d["code"] for d in data["diagnostics"]] == ["document.empty"]


def test_a_row_with_unplaced_amounts_validates(validator) -> None:
    """A space-aligned row whose amounts fit no placement keeps them as ``unplaced``
    cells: cells, like the placed ones, without pages of their own."""
    spaced = Path(__file__).parent / "fixtures" / "tables_spaced" / "expenditure.txt"
    text = spaced.read_text(encoding="utf-8").replace(
        "201 05 01     行政运行 1,000.30 1,000.30", "201 05 01     行政运行 1,000.30 1,000.80"
    )
    data = parse(text).to_dict()
    (row,) = [r for t in data["tables"] for r in t["rows"] if r["unplaced"]]
    assert [c["text"] for c in row["unplaced"]] == ["1,000.30", "1,000.80"]
    assert all("pages" not in c for c in row["unplaced"]) and row["pages"] == [1, 1]
    assert errors(validator, data) == []


def test_a_code_printed_in_other_digits_is_kept_in_ascii_digits(validator) -> None:
    """A tab table's code cell in full-width or mathematical digits (``２０１``, ``𝟚𝟘𝟙``)
    is the code ``201``: the schema's codes are ASCII digits."""
    for printed in ("２０１", "\U0001d7da\U0001d7d8\U0001d7d9"):
        text = f"部门支出总体情况表\n{printed}\t一般公共服务支出\t12.00\n"
        data = parse(text).to_dict()
        codes = [r["code"] for t in data["tables"] for r in t["rows"] if r["code"]]
        assert codes == ["201"], printed
        assert errors(validator, data) == []


def test_fragment_validates(validator) -> None:
    data = parse(FRAGMENT.encode("utf-8"), path="fragment.txt").to_dict()
    assert errors(validator, data) == []
    assert data["meta"]["year"] == 2023
    assert data["meta"]["published"] == "2023-03-01"
    assert [p["number"] for p in data["parts"]] == [1, 3]
    levels = []
    section = data["parts"][1]
    while section["sections"]:
        section = section["sections"][0]
        levels.append(section["level"])
    assert levels == [1, 2, 3, 4]
    check_spans(data, FRAGMENT)


# -- spans ------------------------------------------------------------------------------------


def spans(node: object, where: str = "") -> Iterator[tuple[str, list[int]]]:
    """Every non-null span in the JSON form, with its JSON path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SPAN_KEYS and value is not None:
                yield f"{where}/{key}", value
            else:
                yield from spans(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from spans(value, f"{where}/{i}")


def contains(outer: list[int], inner: list[int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


_NOISE = re.compile(r"[\s*#]")


def in_order(needle: str, haystack: str) -> bool:
    """The characters of ``needle`` appear in ``haystack`` in order (markup, spaces ignored)."""
    rest = iter(_NOISE.sub("", haystack))
    return all(c in rest for c in _NOISE.sub("", needle))


def walk_sections(sections: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for section in sections:
        yield section
        yield from walk_sections(section["sections"])


def check_spans(data: dict[str, Any], text: str) -> None:
    chars = data["source"]["chars"]
    assert chars == len(text)
    found = list(spans(data))
    assert found
    for where, (start, end) in found:
        assert 0 <= start <= end <= chars, where

    for part in data["parts"]:
        if part["implicit"]:  # no heading printed
            assert part["title"] is None and part["heading_span"] is None, part
        else:
            assert contains(part["span"], part["heading_span"]), part["title"]
            heading = text[slice(*part["heading_span"])]
            assert in_order(part["title"], heading), (part["title"], heading)
        for section in part["sections"]:
            assert contains(part["span"], section["span"]), (part["title"], section["title"])
        for section in walk_sections(part["sections"]):
            assert contains(section["span"], section["heading_span"]), section["title"]
            for child in section["sections"]:
                assert contains(section["span"], child["span"]), (section["title"], child["title"])
            heading = text[slice(*section["heading_span"])]
            assert in_order(section["title"], heading), (section["title"], heading)


def test_corpus_spans(corpus_doc) -> None:
    data, text = corpus_doc
    assert data["parts"], "a corpus document has parts"
    check_spans(data, text)


def test_corpus_table_and_toc_spans_point_at_their_text(corpus_doc) -> None:
    data, text = corpus_doc
    for table in data["tables"]:
        assert 0 <= table["index"] < len(data["tables"])
        if table["title"] is not None and table["title_span"] is not None:
            assert contains(table["span"], table["title_span"])
            assert in_order(table["title"], text[slice(*table["title_span"])]), table["title"]
    if data["toc"] is not None:
        for entry in data["toc"]["entries"]:
            assert contains(data["toc"]["span"], entry["span"])
            assert in_order(entry["text"], text[slice(*entry["span"])]), entry["text"]
    for part in data["parts"]:
        for section in [part, *walk_sections(part["sections"])]:
            for index in section["tables"]:
                assert contains(section["span"], data["tables"][index]["span"])


# -- the schema catches drift -----------------------------------------------------------------


@pytest.fixture(scope="module")
def good() -> dict[str, Any]:
    return parse(FRAGMENT.encode("utf-8")).to_dict()


def _set(path: tuple[Any, ...], value: Any):
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


BAD = {
    "extra top-level key": _set(("extra",), 1),
    "extra key in meta": _set(("meta", "author"), "x"),
    "extra key in a nested section": _set(("parts", 1, "sections", 0, "sections", 0, "note"), ""),
    "span with three items": _set(("parts", 0, "span"), [0, 1, 2]),
    "span with one item": _set(("parts", 0, "heading_span"), [3]),
    "negative span": _set(("parts", 1, "sections", 0, "span"), [-1, 5]),
    "span of strings": _set(("parts", 0, "sections", 0, "paragraphs", 0, "span"), ["0", "5"]),
    "null part span": _set(("parts", 0, "span"), None),
    "section level 5": _set(("parts", 1, "sections", 0, "level"), 5),
    "bad sha256": _set(("source", "sha256"), "abc"),
    "bad published date": _set(("meta", "published"), "2023年3月1日"),
    "bad diagnostic code": _set(("diagnostics", 0, "code"), "PartMissing"),
}


@pytest.mark.parametrize("change", BAD.values(), ids=BAD.keys())
def test_invalid_documents_fail(validator, good, change) -> None:
    assert errors(validator, good) == []
    data = copy.deepcopy(good)
    change(data)
    assert errors(validator, data) != []


def test_missing_key_and_unknown_table_kind_fail(validator) -> None:
    data = parse(b"").to_dict()
    del data["toc"]
    assert errors(validator, data) != []
    table = {
        "index": 0,
        "number": 1,
        "title": "部门收支总体情况表",
        "kind": "summary",
        "part": 2,
        "section": None,
        "span": [0, 10],
        "title_span": [0, 9],
        "department": None,
        "unit": "万元",
        "notes": [{"text": "注：本表无数据。", "span": [9, 10]}],
        "empty": False,
        "row_count": 3,
        "columns": ["预算数"],
        "performance": None,
        "rows": [
            {
                "code": None,
                "name": "收入总计",
                "project": None,
                "group": "income",
                "total": True,
                "values": {"预算数": "12.30"},
                "cells": {"预算数": {"text": "12.30", "value": "12.30", "span": [5, 10]}},
                "span": [0, 10],
                "undecided": [],
                "unplaced": [],
            }
        ],
    }
    data = parse(b"").to_dict()
    data["tables"] = [table]
    assert errors(validator, data) == []
    row = table["rows"][0]
    data["tables"] = [{**table, "rows": [{**row, "values": {"预算数": 12.3}}]}]
    assert errors(validator, data) != []  # amounts are Decimal strings, never floats
    data["tables"] = [{**table, "rows": [{**row, "code": "20l"}]}]
    assert errors(validator, data) != []
    data["tables"] = [{**table, "kind": "budget"}]
    assert errors(validator, data) != []
    data["tables"] = [{**table, "title_span": [0]}]
    assert errors(validator, data) != []
