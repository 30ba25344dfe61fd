"""``budgetparse bench`` runs end to end with tiny settings and prints every figure the
issue asks for.  No timing is asserted: the figures depend on the machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetparse.bench import AMOUNT, _scales, report
from budgetparse.cli import main

# Written for these tests (not a corpus passage).
DOC = """\
某某局2024年部门预算公开

第一部分 某某局部门概况
一、主要职能
负责本地区有关事务的综合协调。
第三部分 2024年部门预算情况说明
一、关于某某局2024年收支预算情况的总体说明
收入预算1,250.50万元，比上年减少12.3万元，支出预算1,250.50万元。
"""


def test_bench_prints_ratio_throughput_memory_and_scaling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(DOC.replace("2024", "2023"), encoding="utf-8")
    status = main(
        ["bench", "--corpus", str(tmp_path), "--scale", "1,2", "--repeat", "1", "--profile", "5"]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "2 documents" in out and "12 amounts" in out  # years are amounts to a scan
    header = next(line for line in out.splitlines() if line.lstrip().startswith("scale"))
    for column in ("pipeline s", "MB/s", "scan s", "ratio", "s/MB", "peak MB", "x input"):
        assert column in header
    rows = [line for line in out.splitlines() if line.lstrip().startswith(("1x", "2x"))]
    assert len(rows) == 2 and all(len(row.split()) == 10 for row in rows)
    for goal in ("pipeline / scan at 1x", "s/MB at 2x / s/MB at 1x", "peak memory above"):
        assert goal in out
    assert "profile: top 5" in out and "tottime" in out


def test_bench_input_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bench", "--corpus", str(tmp_path)]) == 2
    assert "no .txt documents" in capsys.readouterr().err
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    assert main(["bench", "--corpus", str(tmp_path), "--scale", "1,x"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_scan_finds_each_printed_amount_once() -> None:
    text = "合计1,332.40万元，其中 838.13 与 12 项；-5.5；2024年"
    assert AMOUNT.findall(text) == ["1,332.40", "838.13", "12", "-5.5", "2024"]
    assert _scales("30,1,10,1", (1,)) == [1, 10, 30]
    with pytest.raises(ValueError):
        _scales("0,2", (1,))


def test_report_judges_the_goals_from_the_figures() -> None:
    def result(scale: int, pipeline: float, peak: int) -> dict:
        return {"scale": scale, "files": 1, "bytes": 1000 * scale, "largest": 1000 * scale,
                "chars": 400 * scale, "amounts": 3 * scale, "pipeline_s": pipeline,
                "scan_s": 0.01 * scale, "baseline_bytes": 10_000, "peak_bytes": peak}  # fmt: skip

    class Sink:
        text = ""

        def write(self, s: str) -> None:
            self.text += s

    sink = Sink()
    goals = report([result(1, 0.1, 20_000), result(30, 6.0, 400_000)], Path("c"), sink)
    assert goals["ratio"] == pytest.approx(10.0)
    assert goals["linear"] == pytest.approx(2.0)
    assert goals["memory"] == pytest.approx(13.0)  # (400_000 - 10_000) / 30_000
    assert "10.0x  met" in sink.text and "2.00  NOT met" in sink.text
