"""Narrative records: fixture cases, exact spans, the corpus acceptance bar, the CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import regex

from budgetparse.cli import main
from budgetparse.narrative import Narrative, Record, read_narrative
from budgetparse.narrative.fragment import units_of
from budgetparse.narrative.text import plain_str
from budgetparse.pipeline import prose_units
from budgetparse.serialize import _converter
from budgetparse.source import load_source

from .conftest import corpus_files, corpus_id
from .narrative_cases import Case, all_cases, render

_WS = regex.compile(r"\s++")


def squeeze(text: str) -> str:
    return _WS.sub("", text)


# -- fixture cases ------------------------------------------------------------------


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: f"{c.file}:{c.title}")
def test_case(case: Case) -> None:
    narrative = read_narrative(units_of(case.input))
    assert [render(r) for r in narrative.records] == list(case.expected)
    assert narrative.coverage in (None, 1.0), [m.text for m in narrative.unparsed]
    check_spans(case.input, narrative)


def check_spans(source: str, narrative: Narrative) -> None:
    """Every span selects, in the input, exactly the words or digits the record prints."""
    for record in narrative.records:
        pairs = [
            (record.span, record.text),
            (record.subject_span, record.subject),
            (record.amount_span, record.amount_text),
            (record.delta_span, record.delta_text),
            (record.pct_span, record.pct_text),
            (record.share_span, record.share_text),
            (record.value_span, record.value_text),
            (record.reason_span, record.reason),
            (record.prior_span, record.prior_text),
            (record.completion_span, record.completion_text),
            (record.pp_span, record.pp_text),
        ]
        for span, printed in pairs:
            if span is None or printed is None:
                continue
            selected = squeeze(source[span[0] : span[1]])
            assert plain_str(selected) == plain_str(printed), (record.subject, selected, printed)
    for mention in narrative.mentions:
        assert squeeze(source[mention.span[0] : mention.span[1]]) == mention.text


def test_traditional_input_spans_point_into_the_original() -> None:
    text = (
        "行政運行（項）：2024年預算數為１２．５萬元，比上年預算減少０．５萬元，下降３．８５％。\n"
    )
    (record,) = read_narrative(units_of(text)).records
    assert record.amount == Decimal("12.5") and record.delta == Decimal("-0.5")
    assert record.pct == Decimal("-3.85")
    assert text[record.amount_span[0] : record.amount_span[1]] == "１２．５"  # type: ignore[index]
    assert record.subject == "行政運行（項）"
    assert record.name == "行政运行（项）"


def test_precision_and_units_are_kept() -> None:
    (record,) = read_narrative(units_of("公务用车运行费2.40万元，比上年增加0.10万元。\n")).records
    assert record.amount_text == "2.40" and str(record.amount) == "2.40"
    assert str(record.delta) == "0.10"
    (yuan,) = read_narrative(units_of("培训费35,000元。\n")).records
    assert yuan.unit == "元" and yuan.amount == Decimal("35000")
    assert yuan.amount_wan == Decimal("3.5")


def test_unreadable_clause_is_reported_not_raised() -> None:
    text = "基本支出100万元，占50%。\n专项经费：：%% 30万元以上以上。\n"
    narrative = read_narrative(units_of(text))
    assert narrative.records[0].amount == Decimal("100")
    assert [m.text for m in narrative.unparsed] == ["30万元"]
    assert narrative.coverage == pytest.approx(2 / 3)


# -- the corpus ------------------------------------------------------------------------


@cache
def corpus_narrative(path: Path) -> tuple[str, Narrative]:
    data = path.read_bytes()
    return load_source(data).text, read_narrative(prose_units(data))


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_corpus_coverage_and_spans(path: Path) -> None:
    source, narrative = corpus_narrative(path)
    assert narrative.coverage is not None and narrative.coverage >= 0.98, [
        (m.text, m.span) for m in narrative.unparsed
    ]
    check_spans(source, narrative)
    assert all(m.part in (1, 3) for m in narrative.mentions)


_UP = ("增加", "增长", "增收", "上升", "提高", "加")
_DOWN = ("减少", "下降", "降低", "减收")


def _sign_agrees(word: str | None, value: Decimal | None) -> bool:
    if word is None or value is None or value == 0:
        return True
    return (value > 0) if word in _UP else (value < 0) if word in _DOWN else False


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_corpus_change_statements(path: Path) -> None:
    """Every printed change in part 3 is read: a subject, the delta and percent with the
    sign of their direction word, and an amount whenever the sentence prints one."""
    source, narrative = corpus_narrative(path)
    changes = [r for r in narrative.records if r.part == 3 and (r.direction or r.pct_direction)]
    assert changes
    for record in changes:
        assert record.subject, record.text
        assert _sign_agrees(record.direction, record.delta), record.text
        assert _sign_agrees(record.pct_direction, record.pct), record.text
        assert (
            record.delta is not None
            or record.pct is not None
            or record.direction
            in (
                "持平",
                "一致",
            )
        ), record.text
        printed = squeeze(source[record.span[0] : record.span[1]])
        word = record.direction or record.pct_direction
        before = printed[: printed.index(word)] if word and word in printed else ""
        if regex.search(r"\d[\d,.]*+万元", before):  # an amount printed before the change
            assert record.amount is not None, record.text
    # the change of every item path (…（项）：2024年预算数为…) is one record
    paths = [r for r in narrative.records if r.path and r.path[-1].level == "项"]
    assert paths and all(r.amount is not None and r.delta is not None for r in paths)


def test_known_statements_of_one_corpus_document() -> None:
    path = next(p for p in corpus_files() if p.parent.name == "2024")
    _source, narrative = corpus_narrative(path)
    by_kind: dict[str, list[Record]] = {}
    for record in narrative.records:
        by_kind.setdefault(record.kind, []).append(record)
    for kind in (
        "change",
        "share",
        "three_public",
        "project",
        "operating_costs",
        "procurement",
        "assets",
        "performance",
        "staffing",
    ):
        assert kind in by_kind, kind
    items = {r.item for r in by_kind["procurement"]}
    assert {"total", "goods", "works", "services", "sme", "small_micro"} <= items
    fields = {r.item for r in by_kind["project"]}
    assert {"name", "basis", "scale", "undertaker", "allocation", "schedule"} <= fields
    for record in by_kind["project"]:
        if record.item == "allocation":
            assert narrative.records[record.parent].item == "scale"  # type: ignore[index]


# -- serialisation and the commands ----------------------------------------------------


def test_records_serialise_with_the_project_converter() -> None:
    narrative = read_narrative(units_of("“三公”经费2.40万元，比上年减少0.30万元，下降11.11%。\n"))
    data = _converter.unstructure(narrative.records[0])
    text = json.dumps(data, ensure_ascii=False)
    assert '"amount": "2.40"' in text and '"delta": "-0.30"' in text
    assert data["span"] == [0, 32] or isinstance(data["span"], list)


def test_records_command_reads_a_fragment_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    text = "机关运行经费22.6万元，同比增长3.2%。"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert main(["records", "-"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert line["path"] is None  # standard input
    record = line  # the record's fields, flat, beside the input's path
    assert "item_path" in record and "record" not in record
    assert record["kind"] == "operating_costs" and record["pct"] == "3.2"
    assert text[record["amount_span"][0] : record["amount_span"][1]] == "22.6"


def test_coverage_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = corpus_files()[0]
    missing = tmp_path / "none.txt"
    assert main(["coverage", str(doc), str(missing)]) == 2
    captured = capsys.readouterr()
    assert "100.0%" in captured.out or "%" in captured.out
    assert str(doc) in captured.out
    assert captured.err.strip() == f"budgetparse: {missing}: no such file"


def test_prose_is_read_by_the_role_of_its_part_not_its_number() -> None:
    import budgetparse

    # 情况说明 printed as part 2 and the glossary as part 3: the statements of part 2 are
    # read, the glossary's definitions are not (they state no budget figure of the unit)
    text = (
        "示范镇中心小学2026年部门预算\n"
        "第一部分 单位概况\n"
        "一、主要职能\n"
        "承担全镇小学教育。\n"
        "第二部分 2026年部门预算情况说明\n"
        "一、收支预算总体情况\n"
        "收支总预算318.40万元，比上年预算增加12.30万元，增长4.02%。\n"
        "第三部分 名词解释\n"
        "一、财政拨款收入：指本级财政当年拨付的资金，例如拨款10.00万元。\n"
    )
    doc = budgetparse.parse(text)
    assert [p.role for p in doc.parts] == ["overview", "explanation", "glossary"]
    changes = [r for r in doc.records if r.kind == "change" or r.delta is not None]
    assert [(r.part, r.amount, r.delta) for r in changes] == [
        (2, Decimal("318.40"), Decimal("12.30"))
    ]
    assert all(r.part != 3 for r in doc.records)


def test_a_change_restated_in_its_unit_is_printed_once_in_the_record() -> None:
    """A change that names the statement again (…支出926.40万元。与上年相比，拨款增加…)
    joins that record, and the record reads on to its reason: the record's text is its
    stretch of the source once, not that stretch and the change again after it."""
    text = "一般公共预算拨款支出926.40万元。与上年相比，拨款增加18.20万元，主要原因是人员增加。"
    (record,) = read_narrative(units_of(text)).records
    assert (record.amount_text, record.delta_text, record.reason) == ("926.40", "18.20", "人员增加")
    assert record.text == text[slice(*record.span)] == text[:-1]
