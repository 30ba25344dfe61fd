"""CSV export: one file per table, UTF-8 with BOM, values as printed, written atomically."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

import budgetparse
from budgetparse.cli import main
from budgetparse.export import export_tables, input_stem, write_atomic

from .conftest import CORPUS

DOC = CORPUS / "2022" / "korla-city-government-office.txt"


def _read(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheets read UTF-8
    return list(csv.reader(raw[3:].decode("utf-8").splitlines()))


def test_one_csv_per_table_with_the_rows(tmp_path: Path) -> None:
    doc = budgetparse.parse(DOC.read_bytes(), path=str(DOC))
    written = export_tables(doc, tmp_path)
    assert len(written) == len([t for t in doc.tables if t.rows or t.columns or t.performance])
    expenditure = next(t for t in doc.tables if t.kind == "expenditure")
    path = next(p for p in written if "expenditure" in p.name and "general" not in p.name)
    rows = _read(path)
    assert rows[0] == ["code", "name", "project", "group", "total", *expenditure.columns]
    assert len(rows) == len(expenditure.rows) + 1
    for printed, row in zip(rows[1:], expenditure.rows, strict=True):
        assert printed[0] == (row.code or "")
        for column, text in zip(expenditure.columns, printed[5:], strict=True):
            value = row.values[column]
            assert (Decimal(text) if text else None) == value
    assert not list(tmp_path.glob(".*.tmp"))


def test_performance_table_csv_lists_indicators(tmp_path: Path) -> None:
    doc = budgetparse.parse(DOC.read_bytes(), path=str(DOC))
    written = export_tables(doc, tmp_path)
    perf = [p for p in written if "performance" in p.name]
    assert perf
    rows = _read(perf[0])
    assert rows[2][:4] == ["一级指标", "二级指标", "三级指标", "指标值"]
    table = next(t for t in doc.tables if t.performance is not None)
    assert len(rows) == 3 + len(table.performance.indicators)


def test_write_atomic_leaves_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    write_atomic(target, "old")

    with pytest.raises(TypeError):
        write_atomic(target, 123)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_cli_tables_lists_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tables", str(DOC), "--csv", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "表3 expenditure" in out
    assert "wrote" in out
    # named after the input's path: an absolute one keeps its directories, less the root
    written = list((tmp_path / "out").rglob("*-表3-expenditure.csv"))
    assert [p.relative_to(tmp_path / "out").as_posix() for p in written] == [
        DOC.relative_to(DOC.anchor).as_posix() + "-03-表3-expenditure.csv"
    ]


FULL = (CORPUS.parent / "tests" / "fixtures" / "doc_full.txt").read_text(encoding="utf-8")


@pytest.fixture
def two_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The same file name in two folders, with different figures; run from tmp_path."""
    monkeypatch.chdir(tmp_path)
    names = []
    for folder, figure in (("a", "10.00"), ("b", "20.00")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "unit.txt").write_text(
            FULL.replace("120.00", figure), encoding="utf-8"
        )
        names.append(f"{folder}/unit.txt")
    return names


def _written(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8-sig")
        for p in sorted(out.rglob("*.csv"))
    }


def test_two_inputs_of_one_name_never_collide(
    two_folders: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tables", *two_folders, "--csv", "out"]) == 0
    written = _written(Path("out"))
    assert {name.split("/")[0] for name in written} == {"a", "b"}
    assert all(name.startswith(("a/unit.txt-", "b/unit.txt-")) for name in written)
    assert "10.00" in written["a/unit.txt-01-表1-summary.csv"]
    assert "20.00" in written["b/unit.txt-01-表1-summary.csv"]


def test_existing_files_are_kept_unless_forced(
    two_folders: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tables", two_folders[0], "--csv", "out"]) == 0
    before = _written(Path("out"))
    assert before
    Path(two_folders[0]).write_text(FULL.replace("120.00", "30.00"), encoding="utf-8")
    capsys.readouterr()
    assert main(["tables", two_folders[0], "--csv", "out"]) == 2
    err = capsys.readouterr().err
    assert "exists (give --force to replace)" in err and "Traceback" not in err
    assert _written(Path("out")) == before
    assert main(["tables", two_folders[0], "--csv", "out", "--force"]) == 0
    after = _written(Path("out"))
    assert set(after) == set(before)
    assert "30.00" in after["a/unit.txt-01-表1-summary.csv"]


def test_the_same_input_twice_in_one_run_is_refused(
    two_folders: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tables", two_folders[0], two_folders[0], "--csv", "out", "--force"]) == 2
    assert "exists" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("path", "stem"),
    [
        (None, "stdin"),
        ("a.txt", "a.txt"),
        ("./x/a.txt", "x/a.txt"),
        ("../x/a.txt", "__parent__/x/a.txt"),
        ("/abs/x/a.txt", "abs/x/a.txt"),
    ],
)
def test_input_stem(path: str | None, stem: str) -> None:
    assert input_stem(path).as_posix() == stem


def test_cli_tables_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tables", "no-such-file.txt"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
