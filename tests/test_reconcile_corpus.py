"""Reconciliation on the corpus: the inconsistencies the documents really print, found
(checked by hand, arithmetic in the comments), and one-number changes found at the change.
Also the ``budgetparse check`` command."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import attrs
import pytest

from budgetparse.cli import main
from budgetparse.model import Document
from budgetparse.pipeline import parse
from budgetparse.reconcile import Finding, Reconciliation, reconcile

from .conftest import CORPUS, corpus_files, corpus_id

KORLA_DEV = CORPUS / "2022" / "korla-development-zone-party-government-office.txt"

# (code, severity, 表 of the first input (None: the prose), found) — every finding,
# verified by hand.
EXPECTED: dict[str, Counter[tuple[str, str, int | None, str]]] = {
    "2022/bayingolin-prefecture-government-office": Counter(),
    "2022/korla-city-government-office": Counter(
        [
            # 20604: 技术与开发 in 表2/3/5, 技术研究与开发 in 表7
            ("table.code_name", "info", 2, "技术研究与开发"),
            # 项目支出 475: 三、 减少791.04 / 下降62.48% vs 五、（一） 减少789.42 / 下降62.43%
            # (each fits its own rate: 791.04 / 1266.04 = 62.48%, 789.42 / 1264.42 =
            # 62.43%); 基本支出 −2.14 + 789.42 = −791.56, the 一般公共预算 change, while
            # −2.14 − 791.04 = −793.18: 三、's figures are the odd ones
            ("narrative.contradiction", "error", None, "减少791.04万元，下降62.48%"),
        ]
    ),
    "2022/korla-development-zone-party-government-office": Counter(
        [
            # 表6 301: 合计 691 vs 人员经费 692 + 公用经费 (empty)
            ("table.row_identity", "error", 6, "691"),
            # 表6 303: 合计 210 vs 人员经费 (empty) + 公用经费 (empty)
            ("table.row_identity", "error", 6, "210"),
            # 表6 302 商品和服务支出 printed under 人员经费: 392 vs Σ 款 人员经费 0,
            # and 公用经费 empty vs Σ 款 公用经费 15+12+53+140+36+5+15+8+4+64+40 = 392
            ("table.hierarchy_sum", "error", 6, "392"),
            ("table.hierarchy_sum", "error", 6, "空"),
            # 表6 303 人员经费 empty vs 30302 2 + 30305 208 = 210
            ("table.hierarchy_sum", "error", 6, "空"),
            # 表6 合计 row: 人员经费 902 vs 692 + 392 + 0 = 1084; 公用经费 392 vs 0 + 0 + 0
            ("table.total_row", "error", 6, "902"),
            ("table.total_row", "error", 6, "392"),
            # 表7: no project splits its 项目支出合计 into economic classes
            *[
                ("table.row_identity", "error", 7, v)
                for v in ("110", "5", "50", "10", "7", "16", "1000")
            ],
            # 表7 合计 row: 工资福利支出 1198 vs the projects' 工资福利支出 (all empty) = 0
            ("table.total_row", "error", 7, "1198"),
            # 表8: 合计 96.5 vs 0 + 96.5 + 32.5 = 129; 公务用车 96.5 vs 购置 0 + 运行 64
            ("table.row_identity", "error", 8, "96.5"),
            ("table.row_identity", "error", 8, "96.5"),
            # whole numbers: 合计 1294 vs 691 + 392 + 210 = 1293; 301 人员经费 692 vs Σ 款 691
            ("table.total_row", "warning", 6, "1294"),
            ("table.hierarchy_sum", "warning", 6, "692"),
            # 232: 债务付息支出 in 表1, 债务利息支出 in 表4
            ("table.code_name", "info", 1, "债务利息支出"),
            # 四、 一般公共预算拨款 2494 vs every table's 2492 (表5 合计)
            ("narrative.table_amount", "error", None, "2494万元"),
            # 六、 人员经费 16864 / 公用经费 2233 vs 表6 合计 902 / 392 (16864 + 2233 ≠
            # 基本支出 1294 too: suppressed, it reads the same figures)
            ("narrative.table_amount", "error", None, "16864万元"),
            ("narrative.table_amount", "error", None, "2233万元"),
            # 八、 公务用车运行费 64, 减少0.5: 0.5 / 64.5 = 0.78% → 0.8, printed 下降0.5%
            ("narrative.change_arithmetic", "error", None, "下降0.5%"),
            # 十、 机关运行经费 2233, 减少281: 281 / 2514 = 11.18%, printed 下降14.39%
            ("narrative.change_arithmetic", "error", None, "下降14.39%"),
            # 三、 and 五、 基本支出 1294, 增加194: 194 / 1100 = 17.636% → 17.64, printed
            # 17.63 (fits only if 1294 and 194 are rounded whole numbers: [17.575, 17.698])
            ("narrative.change_arithmetic", "warning", None, "增长17.63%"),
            ("narrative.change_arithmetic", "warning", None, "增长17.63%"),
            # 十、 政府采购 444 vs 90 + 136 + 217 = 443 (fits only as rounded whole numbers)
            ("narrative.breakdown_sum", "warning", None, "444万元"),
        ]
    ),
    "2024/kashgar-city-government-office": Counter(),
    "2025/korla-city-government-office": Counter(),
}


def _table_number(document: Document, finding: Finding) -> int | None:
    table = finding.inputs[0].table if finding.inputs else None
    return document.tables[table].number if table is not None else None


@cache
def parsed(path: Path) -> tuple[str, Document]:
    text = path.read_text(encoding="utf-8")
    return text, parse(text, path=str(path))


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_corpus_findings(path: Path) -> None:
    text, document = parsed(path)
    result = reconcile(document)
    found = Counter(
        (f.code, f.severity, _table_number(document, f), f.found) for f in result.findings
    )
    assert found == EXPECTED[corpus_id(path)]
    for finding in result.findings:
        assert finding.spans and all(0 <= s < e <= len(text) for s, e in finding.spans)
        for figure in finding.inputs:
            if figure.text and figure.span and figure.value is not None:
                assert text[slice(*figure.span)].replace(",", "").replace(" ", "") == (
                    figure.text.replace(",", "")
                )


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
