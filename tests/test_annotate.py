"""Annotation exports: Label Studio tasks, brat standoff and spaCy spans, each read back
and checked to select the records' text."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

import budgetparse
from budgetparse.annotate import brat, labelstudio
from budgetparse.model import Document

from .conftest import corpus_files

# Written for these tests: a character outside the Basic Multilingual Plane (U+20000)
# before the records, where Label Studio's UTF-16 offsets and code points differ.
ASTRAL = "𠀀字说明：办公费2.40万元，比上年减少0.30万元。𠀁印刷费1.5万元。"


@cache
def parsed(path: Path) -> Document:
    return budgetparse.parse(path.read_bytes(), path=path.name)


def utf16_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's ``text.slice(start, end)`` gives."""
    data = text.encode("utf-16-le")
    return data[2 * start : 2 * end].decode("utf-16-le")


def check_task(document: Document) -> None:
    task = json.loads(labelstudio.tasks_json([document]))[0]
    text = task["data"]["text"]
    assert text == document.text
    regions = task["predictions"][0]["result"]
    assert len(regions) == len(document.records)
    for region, record in zip(regions, document.records, strict=True):
        value = region["value"]
        assert value["labels"] == [record.kind]
        assert utf16_slice(text, value["start"], value["end"]) == value["text"]
        assert value["text"] == document.slice(record.span)
        assert region["meta"]["fields"]["index"] == record.index
    assert labelstudio.spans_of(task) == [(r.kind, r.span) for r in document.records]


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_label_studio_round_trip(path: Path) -> None:
    check_task(parsed(path))


def test_label_studio_offsets_are_utf16() -> None:
    document = budgetparse.parse(ASTRAL)
    assert len(document.records) >= 2
    task = labelstudio.task(document)
    first = task["predictions"][0]["result"][0]["value"]
    assert first["start"] == document.records[0].span[0] + 1  # one astral character before
    check_task(document)


def test_label_config_lists_the_kinds() -> None:
    document = budgetparse.parse(ASTRAL)
    config = labelstudio.document_config(document)
    assert '<Labels name="record" toName="text">' in config
    for kind in {r.kind for r in document.records}:
        assert f'<Label value="{kind}"/>' in config


def check_brat(document: Document, directory: Path) -> None:
    txt, ann = directory / "doc.txt", directory / "doc.ann"
    txt.write_text(document.text, encoding="utf-8", newline="")
    ann.write_text(brat.ann(document), encoding="utf-8", newline="")
    text = txt.read_bytes().decode("utf-8")
    read = brat.read_ann(ann.read_bytes().decode("utf-8"))
    assert len(read) == len(document.records)
    for (kind, pieces, covered), record in zip(read, document.records, strict=True):
        assert kind == record.kind
        assert covered == " ".join(text[a:b] for a, b in pieces)
        assert all("\n" not in text[a:b] for a, b in pieces)
        start, end = record.span
        assert start <= pieces[0][0] and pieces[-1][1] <= end
        # the fragments leave out only the line breaks and the white space beside them
        lines = text[start:end].split("\n")
        assert "".join(text[a:b] for a, b in pieces) == "".join(line.strip() for line in lines)
    notes = [line for line in ann.read_text(encoding="utf-8").splitlines() if line[0] == "#"]
    fields = json.loads(notes[0].split("\t", 2)[2])
    assert fields["kind"] == document.records[0].kind


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_brat_round_trip(path: Path, tmp_path: Path) -> None:
    check_brat(parsed(path), tmp_path)


def test_brat_splits_a_record_at_line_breaks(tmp_path: Path) -> None:
    # a hard-wrapped statement: the record's span crosses the break
    text = "第三部分 部门预算情况说明\n一、总体说明\n机关运行经费22.6万元，同比\n增长3.2%。\n"
    document = budgetparse.parse(text)
    record = next(r for r in document.records if r.kind == "operating_costs")
    assert "\n" in document.slice(record.span)
    check_brat(document, tmp_path)
    assert ";" in brat.ann(document).splitlines()[0]


def test_spacy_doc_has_the_records_as_spans() -> None:
    pytest.importorskip("spacy")
    from budgetparse.annotate.spacy_doc import to_spacy

    document = parsed(corpus_files()[0])
    doc = to_spacy(document)
    spans = doc.spans["budget"]
    assert len(spans) == len(document.records)
    for span, record in zip(spans, document.records, strict=True):
        assert span.label_ == record.kind
        assert span.start_char <= record.span[0] and record.span[1] <= span.end_char
        assert span._.budget["index"] == record.index
    # a blank Chinese pipeline cuts characters: the spans are exactly the records'
    assert [(s.start_char, s.end_char) for s in spans] == [r.span for r in document.records]


def test_annotate_command_writes_both_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from budgetparse.cli import main

    monkeypatch.chdir(tmp_path)
    Path("a").mkdir()
    Path("a/unit.txt").write_text(ASTRAL, encoding="utf-8")
    assert main(["annotate", "a/unit.txt", "--to", "brat", "--out", "out"]) == 0
    assert Path("out/a/unit.txt.txt").read_text(encoding="utf-8") == ASTRAL
    assert brat.read_ann(Path("out/a/unit.txt.ann").read_text(encoding="utf-8"))
    assert "[entities]" in Path("out/annotation.conf").read_text(encoding="utf-8")
    assert main(["annotate", "a/unit.txt", "--to", "brat", "--out", "out"]) == 2
    assert "exists (give --force to replace)" in capsys.readouterr().err
    assert main(["annotate", "a/unit.txt", "--to", "labelstudio", "--out", "ls"]) == 0
    tasks = json.loads(Path("ls/tasks.json").read_text(encoding="utf-8"))
    assert tasks[0]["data"]["path"] == "a/unit.txt"
    assert "<Labels" in Path("ls/label_config.xml").read_text(encoding="utf-8")
