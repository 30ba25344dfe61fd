"""``corpus --parquet``: the run's records, cells and findings as three Parquet files.

Written after the run from the JSON files it left (parsed now or up to date from an
earlier run), in the order of the summary, so the Parquet files always describe the whole
tree and say the same as the JSON beside them.  Each document's rows are built by
:mod:`budgetparse.frames` from its JSON form, and written in row groups of a few hundred
documents: memory stays bounded however large the corpus, and ``pandas.read_parquet``
loads it in one call.  Each file is written to a temporary name and renamed.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

PARQUET_FRAMES = ("records", "cells", "findings")
DOCUMENTS_PER_GROUP = 256


class ParquetError(Exception):
    """The Parquet files cannot be written (a JSON output unreadable, the disk full); one
    line for the user.  Nothing is left half-written."""


def write_parquet(out: Path, outputs: Iterable[Path]) -> list[Path]:
    """``OUT/records.parquet``, ``cells.parquet`` and ``findings.parquet`` from the JSON
    files ``outputs`` (in that order); returns the paths written."""
    try:
        return _write(out, outputs)
    except OSError as error:
        raise ParquetError(f"{out}: cannot write Parquet ({error.strerror or error})") from None


def _write(out: Path, outputs: Iterable[Path]) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..frames import ROWS, schema

    schemas = {name: schema(name) for name in PARQUET_FRAMES}
    temporaries: dict[str, str] = {}
    writers: dict[str, Any] = {}
    try:
        for name in PARQUET_FRAMES:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.parquet.", suffix=".tmp", dir=out)
            os.close(fd)
            temporaries[name] = tmp
            writers[name] = pq.ParquetWriter(tmp, schemas[name])
        pending: dict[str, list[dict[str, Any]]] = {name: [] for name in PARQUET_FRAMES}

        def flush() -> None:
            for name in PARQUET_FRAMES:
                if pending[name]:
                    table = pa.Table.from_pylist(pending[name], schema=schemas[name])
                    writers[name].write_table(table)
                    pending[name] = []

        for count, path in enumerate(outputs, start=1):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as error:  # not the JSON this run wrote
                raise ParquetError(f"{path}: not a document's JSON ({error})") from None
            for name in PARQUET_FRAMES:
                pending[name].extend(ROWS[name](data))
            if count % DOCUMENTS_PER_GROUP == 0:
                flush()
        flush()
        for writer in writers.values():
            writer.close()
        written = []
        for name in PARQUET_FRAMES:
            target = out / f"{name}.parquet"
            os.replace(temporaries.pop(name), target)
            written.append(target)
        return written
    finally:
        for writer in writers.values():
            if writer.is_open:
                writer.close()
        for tmp in temporaries.values():
            Path(tmp).unlink(missing_ok=True)


def ok_outputs(out: Path, rows: Iterable[dict[str, Any]]) -> list[Path]:
    """The JSON files of the summary's ``ok`` rows, in the summary's order."""
    return [out / row["output"] for row in rows if row.get("status") == "ok" and row.get("output")]


def parquet_available() -> str | None:
    """None when pyarrow is installed, else the one line that says what to install."""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return "--parquet needs the frames extra: pip install 'budgetparse[frames]'"
    return None
