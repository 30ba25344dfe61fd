"""Data frames (pandas) and the corpus's Parquet files: the same rows as the documents."""

from __future__ import annotations

import shutil
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

import budgetparse
from budgetparse.cli import main
from budgetparse.model import Document

from .conftest import CORPUS, corpus_files

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from budgetparse import frames  # noqa: E402  (needs pandas and pyarrow)


@cache
def corpus_docs() -> tuple[Document, ...]:
    """The corpus parsed with paths relative to its root, as ``corpus`` names them."""
    return tuple(
        budgetparse.parse(p.read_bytes(), path=p.relative_to(CORPUS).as_posix())
        for p in corpus_files()
    )


def test_records_frame_holds_every_record_exactly() -> None:
    docs = corpus_docs()
    df = frames.records(docs)
    expected = [(d.source.path, r) for d in docs for r in d.records]
    assert len(df) == len(expected)
    for row, (path, record) in zip(df.itertuples(index=False), expected, strict=True):
        assert row.path == path and row.index == record.index
        assert row.sentence == record.sentence and row.kind == record.kind
        assert (None if pd.isna(row.amount) else row.amount) == record.amount
        assert isinstance(row.amount, Decimal) or pd.isna(row.amount)
        assert (row.start, row.end) == record.span
        if record.amount_span is not None:
            assert (row.amount_start, row.amount_end) == record.amount_span
        assert [p["name"] for p in row.item_path] == [p.name for p in record.path]


def test_cells_frame_is_every_table_value_in_long_format() -> None:
    docs = corpus_docs()
    df = frames.cells(docs)
    expected = [
        (d, t, i, row, column)
        for d in docs
        for t in d.tables
        for i, row in enumerate(t.rows)
        for column in row.values
    ]
    assert len(df) == len(expected)
    for got, (doc, table, i, row, column) in zip(df.itertuples(index=False), expected, strict=True):
        assert (got.path, got.table, got.kind, got.row) == (
            doc.source.path,
            table.index,
            table.kind,
            i,
        )
        assert (got.code if not pd.isna(got.code) else None) == row.code
        assert got.column == column
        assert (None if pd.isna(got.value) else got.value) == row.values[column]
        cell = row.cells.get(column)
        if cell is not None:
            assert got.text == cell.text and (got.start, got.end) == cell.span
        else:
            assert pd.isna(got.text) and pd.isna(got.start)
        assert got.undecided == (column in row.undecided)
    # integers stay integers where some are null
    assert str(df["start"].dtype) == "Int64"


def test_findings_and_sentences_frames() -> None:
    docs = corpus_docs()
    found = frames.findings(docs)
    assert len(found) == sum(len(d.findings) for d in docs) > 0
    first_doc = next(d for d in docs if d.findings)
    row = found[found.path == first_doc.source.path].iloc[0]
    finding = first_doc.findings[0]
    assert row.code == finding.code and row.severity == finding.severity
    assert [(s["start"], s["end"]) for s in row.spans] == [tuple(s) for s in finding.spans]
    assert [f["value"] for f in row.inputs] == [f.value for f in finding.inputs]
    said = frames.sentences(docs)
    assert len(said) == sum(len(d.sentences) for d in docs)
    held = said.explode("records").dropna(subset=["records"])
    assert len(held) == sum(len(d.records) for d in docs)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.40", Decimal("2.40")),
        ("-791.04", Decimal("-791.04")),
        ("0.0000000001", Decimal("1E-10")),
        ("0.00000000001", None),  # 11 decimals: not held exactly, text kept instead
        ("1" + "0" * 28, None),  # 29 integer digits
        ("NaN", None),
        (None, None),
    ],
)
def test_exact_amounts(text: str | None, value: Decimal | None) -> None:
    assert frames.exact(text) == value


def test_corpus_parquet_has_the_rows_of_the_frames(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "tree"
    shutil.copytree(CORPUS, root, ignore=shutil.ignore_patterns("*.md", "*.expect.toml"))
    out = tmp_path / "out"
    args = ["corpus", str(root), "--out", str(out), "--jobs", "2", "--no-progress", "--parquet"]
    assert main(args) == 0
    docs = corpus_docs()
    for name in ("records", "cells", "findings"):
        stored = pd.read_parquet(out / f"{name}.parquet")
        expected = frames.to_pandas(frames.table_of(name, [d.to_dict() for d in docs]))
        pd.testing.assert_frame_equal(stored.astype(expected.dtypes), expected)
    # a rerun skips up-to-date files yet writes the whole tree's rows again
    before = pd.read_parquet(out / "cells.parquet")
    assert main(args) == 0
    assert f"{len(docs)} up to date" in capsys.readouterr().out
    pd.testing.assert_frame_equal(pd.read_parquet(out / "cells.parquet"), before)
    assert not list(out.glob(".*.tmp"))


def test_corpus_parquet_without_pyarrow_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    (tmp_path / "tree").mkdir()
    status = main(["corpus", str(tmp_path / "tree"), "--out", str(tmp_path / "o"), "--parquet"])
    assert status == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "budgetparse: --parquet needs the frames extra: pip install 'budgetparse[frames]'"
    )


def test_frames_without_pandas_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(frames.FramesUnavailable, match=r"pip install 'budgetparse\[frames\]'"):
        frames.records(corpus_docs()[:1])


def test_core_import_needs_no_extra() -> None:
    import subprocess

    code = (
        "import sys, budgetparse, budgetparse.cli, budgetparse.frames, budgetparse.annotate;"
        "assert not {'pandas', 'pyarrow', 'dask', 'spacy'} & set(sys.modules), sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_corpus_parquet_over_a_damaged_output_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    shutil.copy(corpus_files()[0], root / "a.txt")
    out = tmp_path / "out"
    args = ["corpus", str(root), "--out", str(out), "--jobs", "1", "--no-progress"]
    assert main(args) == 0
    (out / "a.txt.json").write_text("{not json", encoding="utf-8")  # edited by hand
    capsys.readouterr()
    assert main([*args, "--parquet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("budgetparse: ") and "a.txt.json: not a document's JSON" in err
    assert "Traceback" not in err
    assert not list(out.glob("*.parquet")) and not list(out.glob(".*.tmp"))
