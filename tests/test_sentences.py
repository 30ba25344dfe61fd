"""Paragraphs and sentences of the running text; each record's index and sentence."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import budgetparse
from budgetparse.cli import main
from budgetparse.narrative import read_narrative
from budgetparse.narrative.fragment import units_of
from budgetparse.sentences import Segmenter, sentence_bounds

from .conftest import ROOT


def cut(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_bounds(text)]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("收入50万元。支出48万元！结余？", ["收入50万元。", "支出48万元！", "结余？"]),
        # a semicolon ends a statement, ASCII forms too
        ("在职12人；退休3人; 离休0人。", ["在职12人；", "退休3人;", "离休0人。"]),
        # not between digits: an extraction's decimal point
        ("合计12。5万元，增长3%。", ["合计12。5万元，增长3%。"]),
        # not inside brackets
        (
            "项目支出（详见附表。下同）80万元。其余。",
            ["项目支出（详见附表。下同）80万元。", "其余。"],
        ),
        # closing quotes follow the terminal into its sentence
        ("通知称“压减一般性支出。”随后执行。", ["通知称“压减一般性支出。”", "随后执行。"]),
        # an unclosed bracket does not swallow the paragraph
        ("说明（一）未闭合。第二句。", ["说明（一）未闭合。", "第二句。"]),
        # a run of terminals is one end; no terminal at the end is still a sentence
        ("真的吗？！后文没有句号", ["真的吗？！", "后文没有句号"]),
        # white space around sentences is not theirs; the ASCII full stop is never an end
        ("  1. 办公费3.5万元。 ", ["1. 办公费3.5万元。"]),
        ("", []),
        ("   ", []),
    ],
)
def test_sentence_bounds(text: str, sentences: list[str]) -> None:
    assert cut(text) == sentences


HARD_WRAPPED = (
    "第一部分 部门概况\n"
    "一、主要职能\n"
    "负责本单位的综合协调工作。承担\n"
    "文电处理工作；负责机关后勤保障。\n"
    "第三部分 部门预算情况说明\n"
    "一、关于收支预算情况的总体说明\n"
    "收支总预算320.50万元。一般公共预算320.50万元，占100%，比上年预算增加20.50万元，"
    "增长6.83%，主要原因是：人员增加。\n"
)


def test_document_sentences_span_their_text() -> None:
    doc = budgetparse.parse(HARD_WRAPPED)
    assert doc.text == HARD_WRAPPED
    texts = [s.text for s in doc.sentences]
    assert "负责本单位的综合协调工作。" in texts
    # a hard wrap inside a sentence is joined in the text; the span covers it
    wrapped = next(s for s in doc.sentences if s.text.startswith("承担"))
    assert wrapped.text == "承担文电处理工作；"
    assert doc.slice(wrapped.span) == "承担\n文电处理工作；"
    for sentence in doc.sentences:
        raw = doc.slice(sentence.span)
        assert raw.replace("\n", "") == sentence.text.replace("\n", "")
        paragraph = doc.paragraphs[sentence.paragraph]
        first, end = paragraph.sentences
        assert doc.sentences[first:end].count(sentence) == 1
        assert paragraph.part == sentence.part and paragraph.section == sentence.section
        assert paragraph.span[0] <= sentence.span[0] <= sentence.span[1] <= paragraph.span[1]
    kinds = {p.kind for p in doc.paragraphs}
    assert kinds == {"heading", "paragraph"}
    part3 = [s for s in doc.sentences if s.part == 3 and s.section == "一、"]
    assert [s.text for s in part3][1] == "收支总预算320.50万元。"


def test_records_know_their_index_and_sentence() -> None:
    doc = budgetparse.parse(HARD_WRAPPED)
    assert doc.records
    for i, record in enumerate(doc.records):
        assert record.index == i
        assert record.sentence is not None
        sentence = doc.sentences[record.sentence]
        assert sentence.span[0] <= record.span[0] < sentence.span[1]
        if record.parent is not None:
            assert doc.records[record.parent].index == record.parent
    change = next(r for r in doc.records if r.kind == "change")
    assert doc.sentences[change.sentence].text.startswith("一般公共预算320.50万元")


def test_records_are_told_their_sentences_whatever_the_order_of_the_units() -> None:
    """The narrative tells each record its sentence as it makes it (the segmenter has cut
    the units so far); units out of document order are told at the end instead, with the
    same result."""
    text = (
        "第三部分 部门预算情况说明\n一、收支预算总体情况\n"
        "收入预算412.30万元。其中财政拨款400.00万元。\n"
        "二、支出情况\n基本支出288.10万元，比上年增加8.10万元。\n"
    )
    units = units_of(text)
    told: dict[str, list[tuple[str, int | None]]] = {}
    for order, name in ((units, "in order"), (list(reversed(units)), "reversed")):
        segmenter = Segmenter()
        narrative = read_narrative(segmenter.passing(order), segmenter.holding)
        assert segmenter.ordered == (name == "in order")
        records = segmenter.told(narrative.records)
        told[name] = sorted(
            (r.text, segmenter.sentences[r.sentence].text if r.sentence is not None else None)
            for r in records
        )
        for r in records:
            assert r.sentence is not None
            sentence = segmenter.sentences[r.sentence]
            assert sentence.span[0] <= r.span[0] < sentence.span[1]
    assert told["in order"] == told["reversed"]
    change = "基本支出288.10万元，比上年增加8.10万元"
    assert (change, change + "。") in told["reversed"]


def test_json_carries_sentences_not_the_text() -> None:
    data = budgetparse.parse(HARD_WRAPPED).to_dict()
    assert "text" not in data
    assert data["sentences"][0]["text"] == "一、主要职能"
    assert data["records"][0]["index"] == 0
    assert isinstance(data["records"][0]["sentence"], int)


def test_every_corpus_record_lies_in_its_sentence(corpus_path: Path) -> None:
    doc = budgetparse.parse(corpus_path.read_bytes(), path=str(corpus_path.relative_to(ROOT)))
    assert doc.sentences
    starts = [s.span[0] for s in doc.sentences]
    assert starts == sorted(starts)
    for record in doc.records:
        assert record.sentence is not None, record.text
        sentence = doc.sentences[record.sentence]
        assert sentence.span[0] <= record.span[0] < sentence.span[1]


# -- the commands: several files (and -), every line naming its path ------------------------


@pytest.fixture
def two_inputs(tmp_path: Path) -> list[str]:
    first = tmp_path / "first.txt"
    first.write_text(HARD_WRAPPED, encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text("机关运行经费22.6万元，同比增长3.2%。详见附表。", encoding="utf-8")
    return [str(first), str(second)]


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_records_command_names_each_path(two_inputs, capsys) -> None:
    assert main(["records", *two_inputs]) == 0
    lines = _lines(capsys.readouterr().out)
    assert {line["path"] for line in lines} == set(two_inputs)
    doc = budgetparse.parse(HARD_WRAPPED)
    first = [line for line in lines if line["path"] == two_inputs[0]]
    expected = [
        {"path": two_inputs[0], **{("item_path" if k == "path" else k): v for k, v in r.items()}}
        for r in doc.to_dict()["records"]
    ]
    assert first == expected


def test_sentences_command(two_inputs, capsys, monkeypatch) -> None:
    stdin = "收入10万元。支出9万元；"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    assert main(["sentences", *two_inputs, "-", str(Path(two_inputs[0]).with_name("none"))]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "no such file" in captured.err
    lines = _lines(captured.out)
    doc = budgetparse.parse(HARD_WRAPPED)
    first = [line for line in lines if line["path"] == two_inputs[0]]
    assert [line["text"] for line in first] == [s.text for s in doc.sentences]
    assert [line["index"] for line in first] == list(range(len(doc.sentences)))
    held = [r["index"] for line in first for r in line["records"]]
    assert held == [r.index for r in doc.records]
    second = [line for line in lines if line["path"] == two_inputs[1]]
    texts = [line["text"] for line in second]
    assert texts == ["机关运行经费22.6万元，同比增长3.2%。", "详见附表。"]
    assert second[0]["records"][0]["kind"] == "operating_costs" and not second[1]["records"]
    piped = [line for line in lines if line["path"] is None]
    assert [(line["text"], line["span"]) for line in piped] == [
        ("收入10万元。", [0, 7]),
        ("支出9万元；", [7, 13]),
    ]


def test_check_and_tables_take_several_files_and_stdin(two_inputs, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HARD_WRAPPED.encode())))
    main(["check", "--format", "json", "--fail-on", "never", *two_inputs, "-"])
    paths = [line["path"] for line in _lines(capsys.readouterr().out)]
    assert paths == [*two_inputs, None]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HARD_WRAPPED.encode())))
    assert main(["tables", two_inputs[0], "-"]) == 0
    out = capsys.readouterr().out
    assert out.count("== ") == 2 and "== -" in out


def test_the_commands_read_what_parse_reads(corpus_path: Path) -> None:
    """records and sentences read the prose alone; on a disclosure they give what
    parse() gives, so their indexes refer to the same records and sentences."""
    from budgetparse.narrative.commands import prose_of

    doc = budgetparse.parse(corpus_path.read_bytes(), path=str(corpus_path))
    prose = prose_of(str(corpus_path))
    assert prose.sentences == doc.sentences
    assert prose.paragraphs == doc.paragraphs
    assert prose.narrative.records == doc.records


# -- a statement without closing punctuation does not swallow the next one ------------------

UNPUNCTUATED = (
    "2021年差旅费预算较上年无增减\n\n"
    "2021年会议费预算为6.5万元，比上年减少1.2万元。\n\n"
    "2021年培训费预算数比2020年预算数无增减\n\n"
    "2021年公务接待费预算数2万元，与上年预算数相比无增减；\n"
)


def test_a_fragment_statement_without_its_full_stop_stands_alone(tmp_path: Path, capsys) -> None:
    """A line that ends without punctuation, a blank line, then a line that opens with a
    year: two statements (the layout's rule for a blank line), not one run together."""
    path = tmp_path / "fragment.txt"
    path.write_text(UNPUNCTUATED, encoding="utf-8")
    assert main(["records", str(path)]) == 0
    records = _lines(capsys.readouterr().out)
    subjects = [r["subject"] for r in records]
    assert subjects == [
        "2021年差旅费预算",
        "2021年会议费预算",
        "2021年培训费预算数",
        "2021年公务接待费预算数",
    ]
    for record in records:
        assert UNPUNCTUATED[record["span"][0] : record["span"][1]] == record["text"]


def test_a_document_statement_without_its_full_stop_stands_alone() -> None:
    """In a document's 情况说明 a unit cut without closing punctuation is joined to the
    next only when that one carries its figure (``涉及预算金额`` + ``1,043.91万元``), not
    when it opens a statement with a year."""
    doc = budgetparse.parse(
        "某某县档案局2021年部门预算\n\n第三部分 2021年部门预算情况说明\n\n"
        "一、“三公”经费预算情况说明\n\n" + UNPUNCTUATED
    )
    subjects = [r.subject for r in doc.records]
    assert "2021年培训费预算数" in subjects and "2021年公务接待费预算数" in subjects
    sentences = [s.text for s in doc.sentences]
    assert "2021年培训费预算数比2020年预算数无增减" in sentences


def test_a_line_ending_on_a_percentage_ends_its_statement(tmp_path: Path, capsys) -> None:
    """A headline ending on a percentage, a blank line, then a statement that does not go
    on with it: the headline keeps its rate.  ``…增长0%，`` (a comma after it) goes on."""
    path = tmp_path / "headlines.txt"
    path.write_text(
        "全市会议费预算同比降3.5%\n\n昨日，市财政局公布了各部门的会议费预算，共计2.1亿元。\n",
        encoding="utf-8",
    )
    assert main(["records", str(path)]) == 0
    records = _lines(capsys.readouterr().out)
    assert (records[0]["subject"], records[0]["pct"]) == ("全市会议费预算", "-3.5")
