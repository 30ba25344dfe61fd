"""What ``parse`` and the CLI accept, and how they refuse the rest: input types, lone
surrogates, the size limit checked before decoding, option bounds."""

from __future__ import annotations

import json
import mmap
import os
from pathlib import Path

import pytest

import budgetparse
import budgetparse.pipeline as pipeline
import budgetparse.source as source
from budgetparse.cli import EXIT_INPUT, EXIT_OK, main

from .caught import CAUGHT_FAILURES, unexpected

TEXT = "第一部分 某某局部门概况\n一、主要职能\n本单位2023年支出预算80.00万元。\n"


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview, lambda data: data.decode("utf-8")])
def test_bytes_like_and_str_are_accepted(wrap) -> None:
    document = budgetparse.parse(wrap(TEXT.encode("utf-8")))
    assert [p.number for p in document.parts] == [1]
    assert [r.amount_text for r in document.records] == ["80.00"]
    assert unexpected(document) == []


def test_mmap_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        document = budgetparse.parse(m)
    assert document.source.encoding == "gb18030"
    assert [p.number for p in document.parts] == [1]
    assert unexpected(document) == []


@pytest.mark.parametrize("value", [None, 123, 1.5, ["text"], Path("doc.txt")])
def test_other_types_raise_a_type_error_saying_what_is_accepted(value: object) -> None:
    with pytest.raises(TypeError, match="str, or bytes-like") as info:
        budgetparse.parse(value)  # type: ignore[arg-type]
    assert type(value).__name__ in str(info.value)


def test_lone_surrogates_are_replaced_one_for_one() -> None:
    text = TEXT.replace("主要职能", "主要\ud800职能")
    document = budgetparse.parse(text)
    assert document.source.chars == len(text)
    assert "source.unusual_characters" in {d.code for d in document.diagnostics}
    json.dumps(document.to_dict(), ensure_ascii=False).encode("utf-8")  # writable as UTF-8
    section = document.parts[0].sections[0]
    assert section.title == "主要\ufffd职能"
    assert unexpected(document) == []


def test_unusual_characters_are_a_diagnostic_not_a_refusal() -> None:
    data = ("合计\x01\x02\x03\x04" * 5).encode()
    document = budgetparse.parse(data)
    assert [d.code for d in document.diagnostics if d.code.startswith("source")] == [
        "source.unusual_characters"
    ]
    assert unexpected(document, recovered=True) == []


def test_bytes_over_the_limit_are_not_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_BYTES", 1000)
    monkeypatch.setattr(pipeline, "MAX_BYTES", 1000)
    calls = []
    monkeypatch.setattr(source, "decode_bytes", lambda data: calls.append(data))
    document = budgetparse.parse(b"\xff" * 1001)
    assert calls == []
    assert [d.code for d in document.diagnostics] == ["document.too_large"]
    assert document.source.chars == 0


def test_text_over_the_limit_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_CHARS", 100)
    document = budgetparse.parse(TEXT * 5)
    assert [d.code for d in document.diagnostics] == ["document.too_large"]


def test_the_limit_follows_from_measured_memory() -> None:
    assert source.MAX_BYTES * source.MEMORY_PER_MB <= source.MEMORY_BUDGET_MB * 1_000_000
    assert pipeline.MAX_BYTES == source.MAX_BYTES


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_an_endless_device_is_refused_after_the_limit(capsys) -> None:
    assert main(["parse", "/dev/zero"]) == EXIT_INPUT
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("budgetparse: /dev/zero: larger than the input limit")


@pytest.mark.parametrize("indent", ["100000", "-1", "x"])
def test_indent_out_of_bounds_is_a_usage_error(capsys, indent: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(["parse", "--indent", indent, "-"])
    assert info.value.code == EXIT_INPUT
    assert "--indent" in capsys.readouterr().err


def test_indent_in_bounds(capsys, tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["parse", "--indent", "0", str(path)]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["source"]["chars"] == len(TEXT)


def test_a_run_of_numerals_is_not_a_part_number() -> None:
    document = budgetparse.parse("第" + "一" * 300 + "部分 部门概况\n第十二部分 附件\n")
    assert [p.number for p in document.parts] == [None, 12]
    assert unexpected(document) == []


def test_huge_percentages_keep_positional_notation() -> None:
    text = (
        "第三部分 情况说明\n一、支出预算\n支出预算100.00万元，比上年减少5.00万元，下降"
        + "9" * 80
        + "%。\n"
    )
    data = budgetparse.parse(text).to_dict()
    pct = [r["pct"] for r in data["records"] if r["pct"] is not None]
    assert pct == ["-" + "9" * 80]
    assert [d for d in data["diagnostics"] if d["code"].endswith(CAUGHT_FAILURES)] == []


TABLE = (
    "第二部分 部门预算公开表\n表1:\n一般公共预算支出情况表\n编制部门：某某局\t单位：万元\n"
    "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "201\t一般公共服务\ud800支出\t3.00\t1.00\t2.00\n"
)


def test_a_lone_surrogate_in_a_cell_is_exported_as_a_replacement(tmp_path: Path) -> None:
    """A ``str`` cell holding a lone surrogate is written to CSV as U+FFFD (the CSV is
    UTF-8 and says what the table says)."""
    from budgetparse.export import export_tables

    document = budgetparse.parse(TABLE)
    assert unexpected(document) == []
    written = export_tables(document, tmp_path)
    assert len(written) == 1
    content = written[0].read_text(encoding="utf-8")
    assert "一般公共服务\ufffd支出" in content


@pytest.mark.skipif(not os.path.exists("/dev/urandom"), reason="no /dev/urandom")
def test_an_endless_stream_of_random_bytes_is_refused(capsys) -> None:
    assert main(["parse", "/dev/urandom"]) == EXIT_INPUT
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("budgetparse: /dev/urandom: larger than the input limit")
