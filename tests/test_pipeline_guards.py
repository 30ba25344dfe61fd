"""A failing stage is reported as a diagnostic; parse() still returns the document."""

from __future__ import annotations

import pytest

import budgetparse.pipeline as pipeline
from budgetparse.pipeline import parse

TEXT = "第一部分 部门概况\n一、主要职能\n本单位2023年支出预算80.00万元，比上年预算减少5.00万元。\n"


def test_a_narrative_reader_failure_is_a_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(units: object) -> object:
        raise RuntimeError("simulated")

    monkeypatch.setattr(pipeline, "read_narrative", broken)
    document = parse(TEXT)
    assert document.records == ()
    assert [d.code for d in document.diagnostics if d.code.startswith("narrative")] == [
        "narrative.reader_error"
    ]
    assert document.parts and document.parts[0].number == 1


def test_without_the_failure_the_same_text_gives_records() -> None:
    document = parse(TEXT)
    assert [(r.amount_text, r.delta_text) for r in document.records] == [("80.00", "5.00")]


def test_the_cycle_collector_runs_less_often_during_a_parse_and_is_left_as_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    seen: list[tuple[int, int, int]] = []
    nest = [True]
    read = pipeline.read_structure

    def watched(text: str) -> object:
        seen.append(gc.get_threshold())
        if nest.pop() if nest else False:  # a parse inside a parse (another thread)
            parse(TEXT)
            assert gc.get_threshold() == pipeline._PARSE_THRESHOLDS
        return read(text)

    monkeypatch.setattr(pipeline, "read_structure", watched)
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        parse(TEXT)
        assert seen == [pipeline._PARSE_THRESHOLDS] * 2
        assert gc.get_threshold() == (700, 10, 10)
        seen.clear()
        gc.set_threshold(100_000, 5, 10)  # a caller's higher threshold is kept
        parse(TEXT)
        assert seen[0] == (100_000, 20, 10) and gc.get_threshold() == (100_000, 5, 10)
        # a failure inside the parse still puts the thresholds back
        monkeypatch.setattr(pipeline, "read_structure", lambda text: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            parse(TEXT)
        assert gc.get_threshold() == (100_000, 5, 10)
    finally:
        gc.set_threshold(*before)
