"""A corpus on Dask: parse on a cluster, write the frames as Parquet datasets.

Needs the optional extra ``pip install 'budgetparse[dask]'``.  Dask (an existing
distributed engine) schedules the work; budgetparse only says what one partition does:

    dask.bag over the corpus's file paths → budgetparse.parse → the frames of
    :mod:`budgetparse.frames` → ``OUT/<frame>/part-<first file>.parquet``

The files are those ``budgetparse corpus`` reads (:func:`budgetparse.batch.walk.discover`),
each named by its path relative to the root, so the rows are those of ``corpus --parquet``
(files that are not text give no rows in either).  Each partition writes its own files,
atomically, named by the index of its first file, so ``pandas.read_parquet(OUT/<frame>)``
reads the dataset back in corpus order.  Run it on whatever cluster a ``dask.distributed``
client points at: a ``LocalCluster`` on one machine, or a scheduler and workers on many
(then ``root`` and ``out`` must be paths every worker sees, e.g. a shared file system).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .batch.walk import discover, printable
from .decode import UndecodableInputError
from .frames import table_of
from .pipeline import parse

DATASET_FRAMES = ("records", "cells", "findings", "sentences")

Item = tuple[int, str, str]  # (index in the corpus, root, path relative to the root)


def corpus_bag(root: str | Path, npartitions: int | None = None) -> Any:
    """A ``dask.bag`` of the corpus's files, one item per file."""
    import dask.bag as db

    root = Path(root)
    items = [(i, str(root), str(p)) for i, p in enumerate(discover(root))]
    return db.from_sequence(items, npartitions=npartitions or min(len(items), 64) or 1)


def document_json(item: Item) -> dict[str, Any] | None:
    """The JSON form of one file's document; None when the file is not text."""
    _index, root, relative = item
    try:
        data = Path(root, relative).read_bytes()
        return parse(data, path=printable(relative)).to_dict()
    except (UndecodableInputError, OSError):
        return None


def write_partition(items: Iterable[Item], out: str, frames: tuple[str, ...]) -> list[str]:
    """Parse a partition's files and write one Parquet file per frame; the paths."""
    import pyarrow.parquet as pq

    items = list(items)
    if not items:
        return []
    documents = [d for d in map(document_json, items) if d is not None]
    written = []
    for name in frames:
        target = Path(out, name, f"part-{items[0][0]:08d}.parquet")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        try:
            pq.write_table(table_of(name, documents), tmp)
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
        written.append(str(target))
    return written


def write_dataset(bag: Any, out: str | Path, frames: tuple[str, ...] = DATASET_FRAMES) -> list[str]:
    """Run the bag on the current Dask scheduler; the Parquet files written."""
    paths: list[str] = bag.map_partitions(write_partition, str(out), frames).compute()
    return sorted(paths)
