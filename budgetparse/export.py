"""Tables out as CSV files a spreadsheet opens right, written atomically.

One file per table, named after the input's path so that two inputs never collide (two
folders hold files of the same name): ``DIR/<input path>-<NN>-表<n>-<kind>.csv``, the
input's directories kept as directories under DIR (``corpus/2022/a.txt`` →
``DIR/corpus/2022/a.txt-01-表1-summary.csv``; an absolute path loses its root, ``..``
becomes ``__parent__``, standard input is ``stdin``).  NN is the table's index in the
document.  An existing file is never replaced unless asked (``force``).  UTF-8 with a BOM,
because spreadsheet programs take a BOM-less CSV for the local code page and garble
Chinese.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path, PurePath

from .model import Document, TableBlock

KEY_COLUMNS = ("code", "name", "project", "group", "total")
INDICATOR_COLUMNS = ("一级指标", "二级指标", "三级指标", "指标值", "operator", "value", "unit")


# The temporaries ``write_atomic`` makes: a fixed short name, not the target's name plus a
# suffix (which would fail for a target name near the 255-byte limit); cleanup of a killed
# run deletes these names only.
TEMPORARY = re.compile(r"\.bp-[a-z0-9_]{8}\.tmp")


def write_atomic(path: Path, data: str, encoding: str = "utf-8") -> None:
    """Write via a temporary file in the same directory and rename: never a half file.
    The file gets the mode a plain ``open`` would give (0666 less the umask), not the
    temporary's 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".bp-", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (read by setting it, then setting it back)."""
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def table_csv(table: TableBlock) -> str:
    """The table as CSV text (without BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if table.performance is not None:
        p = table.performance
        writer.writerow(["预算单位", p.budget_unit or "", "项目名称", p.project or ""])
        writer.writerow(
            ["年度资金总额", p.total or "", "财政拨款", p.fiscal or "", "其他资金", p.other or ""]
        )
        writer.writerow(INDICATOR_COLUMNS)
        for i in p.indicators:
            writer.writerow(
                [
                    i.level1 or "",
                    i.level2 or "",
                    i.name,
                    i.value_text,
                    i.operator or "",
                    "" if i.value is None else str(i.value),
                    i.unit or "",
                ]
            )
        return out.getvalue()
    writer.writerow([*KEY_COLUMNS, *table.columns])
    for row in table.rows:
        values = [row.values.get(c) for c in table.columns]
        writer.writerow(
            [
                row.code or "",
                row.name or "",
                row.project or "",
                row.group or "",
                "1" if row.total else "",
                *("" if v is None else str(v) for v in values),
            ]
        )
    return out.getvalue()


class ExistingOutputError(Exception):
    """A file the export would write exists already (and replacing it was not asked)."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = ", ".join(str(p) for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        super().__init__(f"{names}: exists (give --force to replace)")


def input_stem(path: str | None) -> PurePath:
    """The input's path as a relative path under the output directory."""
    if path is None:
        return PurePath("stdin")
    parts = [
        "__parent__" if part == ".." else part
        for part in PurePath(path).parts
        if part not in (".", PurePath(path).anchor)
    ]
    return PurePath(*parts) if parts else PurePath("stdin")


def csv_name(document: Document, table: TableBlock) -> PurePath:
    stem = input_stem(document.source.path)
    label = table.kind or "table"
    number = f"表{table.number}-" if table.number is not None else ""
    return stem.with_name(f"{stem.name}-{table.index + 1:02d}-{number}{label}.csv")


def export_tables(
    document: Document, directory: Path, force: bool = False, taken: set[Path] | None = None
) -> list[Path]:
    """Write every table with content; returns the paths written.

    Raises :class:`ExistingOutputError` before writing anything when a target exists (and
    ``force`` is false) or was written earlier in the same run (``taken``, which this
    call extends)."""
    targets = [
        (directory / csv_name(document, table), table)
        for table in document.tables
        if table.rows or table.performance is not None or table.columns
    ]
    taken = set() if taken is None else taken
    clashes = [p for p, _ in targets if p in taken or (not force and p.exists())]
    if clashes:
        raise ExistingOutputError(clashes)
    written = []
    for path, table in targets:
        write_atomic(path, "\ufeff" + table_csv(table))
        taken.add(path)
        written.append(path)
    return written
