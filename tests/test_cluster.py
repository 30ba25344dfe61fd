"""The Dask recipe: a LocalCluster with two workers gives the rows of corpus --parquet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetparse.cli import main

from .conftest import CORPUS

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")


def test_dask_gives_the_rows_of_the_corpus_run(tmp_path: Path, capsys) -> None:
    from budgetparse.cluster import corpus_bag, write_dataset

    # two disclosures in two folders and a file that is no disclosure (it gives rows too)
    root = tmp_path / "tree"
    for source in (
        CORPUS / "2022" / "korla-city-government-office.txt",
        CORPUS / "2024" / "kashgar-city-government-office.txt",
        CORPUS / "README.md",
    ):
        target = root / source.relative_to(CORPUS)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    single = tmp_path / "single"
    args = ["corpus", str(root), "--out", str(single), "--parquet", "--no-progress", "--jobs", "1"]
    assert main(args) == 0
    capsys.readouterr()

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        assert len(cluster.workers) == 2
        written = write_dataset(corpus_bag(root, npartitions=2), tmp_path / "dask")
    assert len(written) == 2 * 4  # two partitions, four frames each

    for name in ("records", "cells", "findings"):
        expected = pd.read_parquet(single / f"{name}.parquet")
        got = pd.read_parquet(tmp_path / "dask" / name)
        assert len(got) == len(expected) > 0
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)
    sentences = pd.read_parquet(tmp_path / "dask" / "sentences")
    summary = pd.read_json(single / "summary.jsonl", lines=True)
    assert set(sentences["path"]) <= set(summary["file"])
    assert set(sentences["path"]) >= {"2022/korla-city-government-office.txt"}
