"""Reconciliation on the corpus: one-number changes found at the change, and the
``budgetparse check`` command.  The inconsistencies the documents really print (checked by
hand, arithmetic in the comments) are in each document's ``.expect.toml``
(tests/test_corpus.py::test_known_findings)."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import attrs
import pytest

from budgetparse.cli import main
from budgetparse.model import Document
from budgetparse.pipeline import parse
from budgetparse.reconcile import Reconciliation, reconcile

from .conftest import CORPUS, corpus_id

KORLA_DEV = CORPUS / "2022" / "korla-development-zone-party-government-office.txt"


@cache
def parsed(path: Path) -> tuple[str, Document]:
    text = path.read_text(encoding="utf-8")
    return text, parse(text, path=str(path))


def test_missing_tables_are_one_diagnostic_each() -> None:
    _, document = parsed(CORPUS / "2022" / "bayingolin-prefecture-government-office.txt")
    result = reconcile(document)
    absent = [d.message.split(" table")[0] for d in result.diagnostics]
    # 表2 revenue, 表3 expenditure, 表5 general_expenditure; 表6 general_basic, which
    # the prose's 人员经费 / 公用经费 would be checked against
    assert len(absent) == len(set(absent)) == 4


def _cells(document: Document, kinds: tuple[str, ...]) -> list[tuple[int, str, tuple[int, int]]]:
    """(table number, cell text, span) of every printed amount in tables of these kinds."""
    out = []
    for table in document.tables:
        if table.kind not in kinds:
            continue
        for row in table.rows:
            for cell in row.cells.values():
                if cell.value is not None and cell.text[-1].isdigit():
                    out.append((table.number or 0, cell.text, cell.span))
    return out


def _bump(text: str) -> str:
    """The same number with its last digit changed (same length: spans stay valid)."""
    last = int(text[-1])
    return text[:-1] + str((last + 3) % 10)


MUTATED = [
    CORPUS / "2022" / "korla-city-government-office.txt",
    CORPUS / "2024" / "kashgar-city-government-office.txt",
]
KINDS = ("revenue", "expenditure", "general_expenditure", "general_basic", "general_project")


def _changed_document(document: Document, span: tuple[int, int], text: str) -> Document:
    """The parsed document with the cell at ``span`` printing ``text`` instead."""
    tables = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            column = next((c for c, cell in row.cells.items() if cell.span == span), None)
            if column is not None:
                cell = attrs.evolve(
                    row.cells[column], text=text, value=Decimal(text.replace(",", ""))
                )
                row = attrs.evolve(
                    row,
                    cells={**row.cells, column: cell},
                    values={**row.values, column: cell.value},
                )
            rows.append(row)
        tables.append(attrs.evolve(table, rows=tuple(rows)))
    return attrs.evolve(document, tables=tuple(tables))


def _found_at_change(
    result: Reconciliation, before: set[tuple[str, str | None]], start: int
) -> bool:
    new = [f for f in result.findings if (f.code, f.found) not in before]
    return any(f.severity in ("error", "warning") for f in new) and any(
        s <= start < e for f in new for s, e in f.spans
    )


@pytest.mark.parametrize("path", MUTATED, ids=corpus_id)
def test_one_number_changed_is_found_at_the_change(path: Path) -> None:
    """Every third amount cell of the coded tables, changed in its last digit."""
    _, document = parsed(path)
    before = {(f.code, f.found) for f in reconcile(document).findings}
    cells = _cells(document, KINDS)
    assert len(cells) > 50
    for number, printed, span in cells[::3]:
        result = reconcile(_changed_document(document, span, _bump(printed)))
        assert _found_at_change(result, before, span[0]), (number, printed)


@pytest.mark.parametrize("path", MUTATED, ids=corpus_id)
def test_one_number_changed_in_the_text(path: Path) -> None:
    """The same through the whole parser, on a sample of cells (reparsing is slower)."""
    text, document = parsed(path)
    before = {(f.code, f.found) for f in reconcile(document).findings}
    for number, printed, (start, end) in _cells(document, KINDS)[::20]:
        changed = text[:start] + _bump(text[start:end]) + text[end:]
        assert _found_at_change(reconcile(parse(changed)), before, start), (number, printed)


# -- the command --------------------------------------------------------------------------


def test_check_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", str(KORLA_DEV)])
    out = capsys.readouterr().out
    assert status == 1
    assert out.index("错误 error") < out.index("警告 warning") < out.index("提示 info")
    assert f"{KORLA_DEV}:241:" in out  # path:line:col of 表6 301's cells
    assert "301 │ 工资福利支出 │ 691 │ 692" in out  # the line quoted


def test_check_json_and_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", "--fail-on", "never", str(KORLA_DEV)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"error": 22, "warning": 5, "info": 1}
    first = data["findings"][0]
    assert {"code", "severity", "message", "expected", "found", "spans", "inputs"} <= set(first)
    assert first["locations"][0]["line"] > 0
    korla = str(CORPUS / "2022" / "korla-city-government-office.txt")
    assert main(["check", korla]) == 1  # the 项目支出 contradiction of its prose
    assert main(["check", "--fail-on", "never", korla]) == 0
    capsys.readouterr()


def test_check_input_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    image = tmp_path / "scan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert main(["check", str(tmp_path / "absent.txt")]) == 2
    assert main(["check", str(image)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 2 and "Traceback" not in err
