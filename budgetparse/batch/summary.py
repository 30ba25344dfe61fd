"""The summary table of a batch run: one row per input file, as CSV and JSON Lines.

``summary_row`` is the one place that reads a parsed document for the table; records,
findings and coverage are filled by other stages, so it reads them defensively.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..export import write_atomic
from ..model import Document
from .walk import printable

SUMMARY_FIELDS = (
    "file",
    "status",  # ok | error
    "skipped",  # true when the output was up to date and the file was not parsed again
    "department",
    "year",
    "template",
    "tables",
    "records",
    "coverage",
    "findings_error",
    "findings_warning",
    "findings_info",
    "diagnostics",
    "seconds",
    "error",
    "encoding",
    "sha256",
    "output",
)
SEVERITIES = ("error", "warning", "info")


def summary_row(document: Document, file: str, seconds: float, output: str) -> dict[str, Any]:
    """The summary row of a parsed document (``file`` and ``output`` relative paths)."""
    severities = Counter(
        str(getattr(finding, "severity", None) or "info").lower()
        for finding in getattr(document, "findings", ()) or ()
    )
    row = empty_row(file)
    row.update(
        status="ok",
        department=document.meta.department,
        year=document.meta.year,
        template=document.meta.template,
        tables=len(document.tables),
        records=len(getattr(document, "records", ()) or ()),
        coverage=_coverage(document),
        diagnostics=len(document.diagnostics),
        seconds=round(seconds, 4),
        encoding=document.source.encoding,
        sha256=document.source.sha256,
        output=output,
    )
    for severity in SEVERITIES:
        row[f"findings_{severity}"] = severities.get(severity, 0)
    return row


def _coverage(document: Document) -> float | None:
    """The share of the document's amounts that reconciliation accounted for, if the
    pipeline computes one (a number in [0, 1], or an object with ``.share``/``.ratio``)."""
    value: Any = getattr(document, "coverage", None)
    if value is None:
        value = getattr(document.meta, "coverage", None)
    for attribute in ("share", "ratio", "value"):
        if value is not None and not isinstance(value, int | float | Decimal):
            value = getattr(value, attribute, value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return round(float(value), 4)
    return None


def error_row(
    file: str,
    error: str,
    seconds: float = 0.0,
    sha256: str | None = None,
    lasting: bool = False,
) -> dict[str, Any]:
    """An error row; ``lasting`` when the file's content is the cause (not text, too
    large), so that a rerun need not try it again (the journal keeps the flag; the summary
    tables do not show it)."""
    row = empty_row(file)
    row.update(status="error", error=error, seconds=round(seconds, 4), sha256=sha256)
    if lasting:
        row["lasting"] = True
    return row


def empty_row(file: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(SUMMARY_FIELDS)
    row.update(file=file, skipped=False)
    return row


def write_summaries(out: Path, rows: list[dict[str, Any]]) -> tuple[Path, Path]:
    """``summary.csv`` (UTF-8 with BOM, for spreadsheets) and ``summary.jsonl``, atomically."""
    rows = [_printable_names(row) for row in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=SUMMARY_FIELDS, lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(row.get(k)) for k in SUMMARY_FIELDS})
    csv_path, jsonl_path = out / "summary.csv", out / "summary.jsonl"
    write_atomic(csv_path, "\ufeff" + buffer.getvalue())
    write_atomic(
        jsonl_path,
        "".join(
            json.dumps({k: row.get(k) for k in SUMMARY_FIELDS}, ensure_ascii=False) + "\n"
            for row in rows
        ),
    )
    return csv_path, jsonl_path


def _printable_names(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "file": printable(row["file"]),
        "output": None if row.get("output") is None else printable(row["output"]),
    }


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
