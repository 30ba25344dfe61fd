"""Documents as data frames (pandas) and Arrow tables (Parquet), for corpus research.

Needs the optional extra: ``pip install budgetparse[frames]`` (pandas, pyarrow).

Four frames, each with one row per item and the document's ``path``, ``department`` and
``year`` on every row, so the frames of a whole corpus concatenate and load in one
``pandas.read_parquet``:

- :func:`records` — one row per narrative record; its fields as columns (the record's own
  ``path``, its classification path, becomes ``item_path`` beside the document's);
- :func:`cells` — the tables in long format: one row per table cell (path, table index,
  number and kind, row index, code, name, project, group, total, column, value, printed
  text, span, and whether the column is undecided for that row);
- :func:`findings` — one row per finding, with its spans and inputs as nested lists;
- :func:`sentences` — one row per sentence, with the indexes of the records it holds.

Every span ``[start, end)`` becomes two integer columns (``start``/``end``, or
``<field>_start``/``<field>_end``).  Amounts are Arrow ``decimal128(38, 10)``: exact (a
printed ``2.40`` is the number 2.4 exactly, never the float nearest to it), summable in
Arrow and pandas (``object`` columns of :class:`decimal.Decimal`), and typed the same in
every file so that Parquet files of many runs (or of Dask partitions) concatenate; the
printed digits (precision included) stay in the ``*_text`` columns.  A figure beyond 28
integer digits or 10 decimals cannot be held exactly: its value is null, its text kept.

The frames are built from the document's JSON form (``Document.to_dict()``), the same
data ``budgetparse parse`` and ``budgetparse corpus`` write, so a corpus's JSON files and
its documents in memory give the same rows (:func:`tables_from_json`).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import attrs

from .model import Document, Sentence
from .narrative.model import Record

if TYPE_CHECKING:
    import pandas
    import pyarrow

FRAMES = ("records", "cells", "findings", "sentences")
PRECISION, SCALE = 38, 10
_LIMIT = Decimal(10) ** (PRECISION - SCALE)
_QUANTUM = Decimal(1).scaleb(-SCALE)


class FramesUnavailable(ImportError):
    """pandas or pyarrow is missing: the ``frames`` extra is not installed."""


def _pa() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise FramesUnavailable(
            "data frames need pandas and pyarrow: pip install 'budgetparse[frames]'"
        ) from None
    return pyarrow


# -- the public frames ------------------------------------------------------------------


def records(docs: Iterable[Document]) -> pandas.DataFrame:
    """One row per narrative record of ``docs``."""
    return _frame("records", docs)


def cells(docs: Iterable[Document]) -> pandas.DataFrame:
    """One row per table cell of ``docs`` (long format)."""
    return _frame("cells", docs)


def findings(docs: Iterable[Document]) -> pandas.DataFrame:
    """One row per finding of ``docs``."""
    return _frame("findings", docs)


def sentences(docs: Iterable[Document]) -> pandas.DataFrame:
    """One row per sentence of ``docs``."""
    return _frame("sentences", docs)


def _frame(name: str, docs: Iterable[Document]) -> pandas.DataFrame:
    _pa()
    try:
        import pandas  # noqa: F401  (to_pandas needs it; say so in one line if absent)
    except ImportError:
        raise FramesUnavailable(
            "data frames need pandas and pyarrow: pip install 'budgetparse[frames]'"
        ) from None
    table = table_of(name, (d.to_dict() for d in docs))
    return to_pandas(table)


def to_pandas(table: pyarrow.Table) -> pandas.DataFrame:
    """An Arrow table as pandas: integers stay integers where some are null (``Int64``),
    amounts are :class:`decimal.Decimal` objects."""
    import pandas

    pa = _pa()
    return table.to_pandas(types_mapper={pa.int64(): pandas.Int64Dtype()}.get)


def table_of(name: str, dicts: Iterable[dict[str, Any]]) -> pyarrow.Table:
    """The Arrow table ``name`` (one of :data:`FRAMES`) of documents in their JSON form."""
    rows = [row for data in dicts for row in ROWS[name](data)]
    return _pa().Table.from_pylist(rows, schema=schema(name))


def tables_from_json(data: dict[str, Any]) -> dict[str, pyarrow.Table]:
    """All four Arrow tables of one document in its JSON form."""
    return {name: table_of(name, [data]) for name in FRAMES}


# -- schemas ------------------------------------------------------------------------------


def schema(name: str) -> pyarrow.Schema:
    """The Arrow schema of frame ``name``: the same for every document and every run."""
    pa = _pa()
    return pa.schema([pa.field(n, t) for n, t in _COLUMNS[name]()])


def _decimal_type() -> Any:
    return _pa().decimal128(PRECISION, SCALE)


def _document_columns() -> list[tuple[str, Any]]:
    pa = _pa()
    return [("path", pa.string()), ("department", pa.string()), ("year", pa.int64())]


def _span_columns(prefix: str) -> list[tuple[str, Any]]:
    pa = _pa()
    return [(f"{prefix}start", pa.int64()), (f"{prefix}end", pa.int64())]


def _field_columns(cls: type) -> list[tuple[str, Any]]:
    """Columns of an attrs record class, read off its type hints (so a field added to the
    model appears in the frame without a second list to keep)."""
    pa = _pa()
    hints = typing.get_type_hints(cls)
    out: list[tuple[str, Any]] = []
    for field in attrs.fields(cls):
        hint = _unwrap(hints[field.name])
        name = "item_path" if cls is Record and field.name == "path" else field.name
        if hint == tuple[int, int]:
            out += _span_columns("" if name == "span" else name.removesuffix("span"))
        elif hint is Decimal:
            out.append((name, _decimal_type()))
        elif hint is bool:
            out.append((name, pa.bool_()))
        elif hint is int:
            out.append((name, pa.int64()))
        elif hint is str:
            out.append((name, pa.string()))
        elif typing.get_origin(hint) is tuple and typing.get_args(hint)[1:] == (Ellipsis,):
            out.append((name, pa.list_(_element_type(typing.get_args(hint)[0]))))
        elif typing.get_origin(hint) is tuple:  # a fixed pair that is not a span
            out.append((name, pa.list_(pa.int64())))
        else:
            raise TypeError(f"{cls.__name__}.{field.name}: no column type for {hint!r}")
    return out


def _element_type(hint: Any) -> Any:
    pa = _pa()
    if hint is str:
        return pa.string()
    if attrs.has(hint):
        return pa.struct([pa.field(f.name, pa.string()) for f in attrs.fields(hint)])
    raise TypeError(f"no column type for a list of {hint!r}")


def _unwrap(hint: Any) -> Any:
    """``X | None`` → ``X``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _record_columns() -> list[tuple[str, Any]]:
    return [*_document_columns(), *_field_columns(Record)]


def _sentence_columns() -> list[tuple[str, Any]]:
    pa = _pa()
    return [
        *_document_columns(),
        ("index", pa.int64()),
        ("kind", pa.string()),
        *_field_columns(Sentence),
        ("records", pa.list_(pa.int64())),
    ]


def _cell_columns() -> list[tuple[str, Any]]:
    pa = _pa()
    return [
        *_document_columns(),
        ("table", pa.int64()),
        ("table_number", pa.int64()),
        ("kind", pa.string()),
        ("table_title", pa.string()),
        ("row", pa.int64()),
        ("code", pa.string()),
        ("name", pa.string()),
        ("project", pa.string()),
        ("group", pa.string()),
        ("total", pa.bool_()),
        ("column", pa.string()),
        ("value", _decimal_type()),
        ("text", pa.string()),
        *_span_columns(""),
        ("undecided", pa.bool_()),
    ]


def _finding_columns() -> list[tuple[str, Any]]:
    pa = _pa()
    span = pa.struct([pa.field("start", pa.int64()), pa.field("end", pa.int64())])
    figure = pa.struct(
        [
            pa.field("label", pa.string()),
            pa.field("text", pa.string()),
            pa.field("value", _decimal_type()),
            pa.field("start", pa.int64()),
            pa.field("end", pa.int64()),
            pa.field("table", pa.int64()),
        ]
    )
    return [
        *_document_columns(),
        ("index", pa.int64()),
        ("code", pa.string()),
        ("severity", pa.string()),
        ("message", pa.string()),
        ("expected", pa.string()),
        ("found", pa.string()),
        ("scale", pa.string()),
        ("spans", pa.list_(span)),
        ("inputs", pa.list_(figure)),
    ]


_COLUMNS: dict[str, Callable[[], list[tuple[str, Any]]]] = {
    "records": _record_columns,
    "cells": _cell_columns,
    "findings": _finding_columns,
    "sentences": _sentence_columns,
}


# -- rows from the JSON form ----------------------------------------------------------------


def exact(text: str | None) -> Decimal | None:
    """A JSON amount as a Decimal that ``decimal128(38, 10)`` holds exactly, else None."""
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= _LIMIT or value != value.quantize(_QUANTUM):
        return None
    return value


def _document(data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get("meta") or {}
    return {
        "path": (data.get("source") or {}).get("path"),
        "department": meta.get("department"),
        "year": meta.get("year"),
    }


def _spread(fields: dict[str, Any], decimals: frozenset[str]) -> dict[str, Any]:
    """A JSON object's fields as columns: spans split, amounts exact."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "span" or key.endswith("_span"):
            prefix = "" if key == "span" else key.removesuffix("span")
            out[f"{prefix}start"], out[f"{prefix}end"] = value if value else (None, None)
        elif key in decimals:
            out[key] = exact(value)
        else:
            out[key] = value
    return out


def _decimal_fields(cls: type) -> frozenset[str]:
    hints = typing.get_type_hints(cls)
    return frozenset(f.name for f in attrs.fields(cls) if _unwrap(hints[f.name]) is Decimal)


def _record_rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    document = _document(data)
    decimals = _decimal_fields(Record)
    for record in data.get("records") or ():
        row = _spread(record, decimals)
        row["item_path"] = row.pop("path")
        yield {**document, **row}


def _sentence_rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    document = _document(data)
    held: dict[int, list[int]] = {}
    for record in data.get("records") or ():
        if record.get("sentence") is not None:
            held.setdefault(record["sentence"], []).append(record["index"])
    paragraphs = data.get("paragraphs") or []
    for index, sentence in enumerate(data.get("sentences") or ()):
        kind = paragraphs[sentence["paragraph"]]["kind"]
        row = _spread(sentence, frozenset())
        yield {**document, "index": index, "kind": kind, **row, "records": held.get(index, [])}


def _cell_rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    document = _document(data)
    for table in data.get("tables") or ():
        for r, row in enumerate(table.get("rows") or ()):
            undecided = set(row.get("undecided") or ())
            printed = row.get("cells") or {}
            for column, value in (row.get("values") or {}).items():
                cell = printed.get(column) or {}
                start, end = cell.get("span") or (None, None)
                yield {
                    **document,
                    "table": table["index"],
                    "table_number": table.get("number"),
                    "kind": table.get("kind"),
                    "table_title": table.get("title"),
                    "row": r,
                    "code": row.get("code"),
                    "name": row.get("name"),
                    "project": row.get("project"),
                    "group": row.get("group"),
                    "total": row.get("total"),
                    "column": column,
                    "value": exact(value),
                    "text": cell.get("text"),
                    "start": start,
                    "end": end,
                    "undecided": column in undecided,
                }


def _finding_rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    document = _document(data)
    for index, finding in enumerate(data.get("findings") or ()):
        inputs = []
        for figure in finding.get("inputs") or ():
            start, end = figure.get("span") or (None, None)
            inputs.append(
                {
                    "label": figure.get("label"),
                    "text": figure.get("text"),
                    "value": exact(figure.get("value")),
                    "start": start,
                    "end": end,
                    "table": figure.get("table"),
                }
            )
        yield {
            **document,
            "index": index,
            "code": finding.get("code"),
            "severity": finding.get("severity"),
            "message": finding.get("message"),
            "expected": finding.get("expected"),
            "found": finding.get("found"),
            "scale": finding.get("scale"),
            "spans": [{"start": s, "end": e} for s, e in finding.get("spans") or ()],
            "inputs": inputs,
        }


ROWS: dict[str, Callable[[dict[str, Any]], Iterator[dict[str, Any]]]] = {
    "records": _record_rows,
    "cells": _cell_rows,
    "findings": _finding_rows,
    "sentences": _sentence_rows,
}
