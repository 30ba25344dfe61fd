"""Pages: a form feed starts a page; every element with a span knows its pages, the JSON
carries them, ``check`` cites ``path:page:line``, and page numbers at a page's edge are
furniture while a bare number inside a page is text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import budgetparse
from budgetparse.cli import main
from budgetparse.layout import normalise
from budgetparse.pages import PageIndex

FIXTURES = Path(__file__).parent / "fixtures" / "final"
SPACED = FIXTURES / "final_spaced.txt"


def test_page_index() -> None:
    index = PageIndex.of("ab\ncd\fef\ngh\n\fij")
    assert [index.page(o) for o in (0, 4, 5, 6, 9, 12, 14)] == [1, 1, 2, 2, 2, 3, 3]
    assert [index.line_in_page(o) for o in (0, 3, 6, 9, 13)] == [1, 2, 1, 2, 1]
    assert index.pages((3, 10)) == (1, 2)
    assert not PageIndex.of("no pages\nhere").paged


def test_every_element_knows_its_pages() -> None:
    text = SPACED.read_text(encoding="utf-8")
    assert text.count("\f") == 2  # part 2 starts page 2, part 3 page 3
    data = budgetparse.parse(text, path="final.txt").to_dict()
    assert [p["pages"] for p in data["parts"]] == [[1, 1], [2, 2], [3, 3], [3, 3]]
    assert {tuple(t["pages"]) for t in data["tables"]} == {(2, 2)}
    assert {tuple(r["pages"]) for t in data["tables"] for r in t["rows"]} == {(2, 2)}
    assert data["records"] and {tuple(r["pages"]) for r in data["records"]} == {(3, 3)}
    sections = [s for p in data["parts"] for s in p["sections"]]
    assert all(s["pages"] == p["pages"] for p in data["parts"] for s in p["sections"])
    assert sections


def test_finding_pages_and_check_cites_page_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SPACED.read_text(encoding="utf-8")
    old = "决算数小于预算数的主要原因是：人员变动"
    path = tmp_path / "paged.txt"
    path.write_text(text.replace(old, old.replace("小于", "大于")), encoding="utf-8")
    data = budgetparse.parse(path.read_bytes(), path=str(path)).to_dict()
    (finding,) = [f for f in data["findings"] if f["code"] == "narrative.final_vs_budget"]
    assert finding["pages"] == [3]
    assert main(["check", "--fail-on", "never", str(path)]) == 0
    out = capsys.readouterr().out
    cited = [line for line in out.splitlines() if line.strip().startswith(f"{path}:")]
    assert cited
    page, line = cited[0].strip().split()[0][len(str(path)) + 1 :].split(":")
    assert page == "3"
    page_text = path.read_text(encoding="utf-8").split("\f")[2]
    assert "560.00" in page_text.splitlines()[int(line) - 1]
    assert main(["check", "--format", "json", "--fail-on", "never", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    located = [f["locations"] for f in report["findings"] if f["code"] == finding["code"]]
    assert located[0][0]["page"] == 3


def test_page_number_at_a_page_edge_is_furniture_inside_a_page_it_is_text() -> None:
    text = "第一行文字\n310\n第二行文字\n\n- 1 -\n\f第三行文字\n2\n"
    lines = [line.text.text for line in normalise(text).lines]
    assert "310" in lines  # inside page 1: a code or an amount, kept
    assert "- 1 -" not in lines and "2" not in lines  # the pages' last lines: page numbers
    unpaged = "第一行文字\n310\n第二行文字\n"  # no form feed: a bare number may be a page number
    assert "310" not in [line.text.text for line in normalise(unpaged).lines]


def test_paged_documents_validate() -> None:
    import jsonschema

    from budgetparse.schema import document_schema

    validator = jsonschema.Draft202012Validator(document_schema())
    data = budgetparse.parse(SPACED.read_bytes(), path="final.txt").to_dict()
    assert [e.message for e in validator.iter_errors(data)] == []
