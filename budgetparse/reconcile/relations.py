"""``grammar/templates/relations.toml``: which figures one table must repeat of another, and
which table figure a budget line of the prose speaks of, checked against columns.toml.

Knowledge of the documents, kept as data beside the column catalogue it names: a new table
kind or a renamed column is one data edit, and a name that columns.toml does not know is
refused when the file is loaded (:class:`~budgetparse.datadir.DataFileError`, file and
key named), not found wrong by a check that silently never matches.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs

from ..datadir import DataFileError, grammar_dir, load_toml, string_at, table_at
from ..tables.columns import KindSpec, kind_spec, norm

SIDES = ("income", "expense")


@attrs.frozen
class Place:
    """A column of a table kind (of one side of a two-sided summary table)."""

    kind: str
    side: str | None
    column: str


@attrs.frozen
class Cell:
    """One end of a link between tables: a kind, its side, a row selector and a column."""

    kind: str
    side: str | None
    # a printed label (normalised), "*total", "*classes" or "*named" (the row whose label
    # a prose statement's subject ends with)
    row: str
    column: str


@attrs.frozen
class Relations:
    same_by_code: tuple[tuple[Place, Place], ...]  # the same code's amount in both
    same_total: tuple[tuple[Place, Place], ...]  # the same totals row in both
    at_most: tuple[tuple[Place, Place], ...]  # (part, whole): the part never exceeds
    prose_lines: dict[str, Place]  # budget-line item → the totals row it names
    prose_split: dict[str, str]  # basic / project → the expenditure tables' column
    prose_three_public: dict[str, str]  # “三公” item → the three_public table's column
    # 决算: the budget kind a prose check reads → the 决算 kind in its place, and the
    # budget lines of the prose by item → the cell (row by label) they name
    prose_final_kinds: dict[str, str] = attrs.field(factory=dict)
    prose_final_lines: dict[str, Cell] = attrs.field(factory=dict)
    # “三公” items of 决算 prose: (budget or final) → item → the final_three_public column
    prose_final_three_public: dict[str, dict[str, str]] = attrs.field(factory=dict)
    # the same figure in two tables, by row: (one end, the cells it adds up to)
    links: tuple[tuple[Cell, tuple[Cell, ...]], ...] = ()
    # a fund's own table kind → (the 财政拨款 summary's kind, the fund's column there)
    fund_tables: dict[str, tuple[str, str]] = attrs.field(factory=dict)


@cache
def relations() -> Relations:
    return load_relations(grammar_dir() / "templates" / "relations.toml")


def load_relations(path: Path) -> Relations:
    """Read and check ``path`` (see the module docstring)."""
    data = load_toml(path)

    def pairs(key: str, first: str, second: str) -> tuple[tuple[Place, Place], ...]:
        items = data.get(key, [])
        if not isinstance(items, list):
            raise DataFileError(path, key, "expected a list of tables ([[…]])")
        out = []
        for i, item in enumerate(items):
            where = f"{key}[{i}]"
            entry = table_at(path, where, item)
            out.append(
                (
                    _place(path, f"{where}.{first}", entry.get(first)),
                    _place(path, f"{where}.{second}", entry.get(second)),
                )
            )
        return tuple(out)

    prose = table_at(path, "prose", data.get("prose", {}))
    lines = table_at(path, "prose.lines", prose.get("lines", {}))
    split = _columns(
        path, "prose.split", prose.get("split", {}), ("expenditure", "general_expenditure")
    )
    three = _columns(path, "prose.three_public", prose.get("three_public", {}), ("three_public",))
    links = data.get("links", [])
    if not isinstance(links, list):
        raise DataFileError(path, "links", "expected a list of tables ([[…]])")
    linked = []
    for i, item in enumerate(links):
        entry = table_at(path, f"links[{i}]", item)
        ends = entry.get("b")
        if not isinstance(ends, list) or not ends:
            raise DataFileError(path, f"links[{i}].b", "expected a list of cells")
        linked.append(
            (
                _cell(path, f"links[{i}].a", entry.get("a")),
                tuple(_cell(path, f"links[{i}].b[{k}]", end) for k, end in enumerate(ends)),
            )
        )
    funds = {}
    for kind, item in table_at(path, "fund_tables", data.get("fund_tables", {})).items():
        key = f"fund_tables.{kind}"
        _spec(path, key, kind)
        entry = table_at(path, key, item)
        summary = string_at(path, f"{key}.summary", entry.get("summary"))
        place = _place(
            path, key, {"kind": summary, "side": "expense", "column": entry.get("column")}
        )
        funds[kind] = (place.kind, place.column)
    final_kinds = {}
    for budget, item in table_at(path, "prose.final_kinds", prose.get("final_kinds", {})).items():
        key = f"prose.final_kinds.{budget}"
        _spec(path, key, budget)
        final_kinds[budget] = string_at(path, key, item)
        _spec(path, key, final_kinds[budget])
    final_lines = table_at(path, "prose.final_lines", prose.get("final_lines", {}))
    final_three = table_at(path, "prose.final_three_public", prose.get("final_three_public", {}))
    unknown = set(final_three) - {"budget", "final"}
    if unknown:
        raise DataFileError(path, "prose.final_three_public", f"unknown key(s) {sorted(unknown)}")
    return Relations(
        prose_final_three_public={
            side: _columns(path, f"prose.final_three_public.{side}", value, ("final_three_public",))
            for side, value in final_three.items()
        },
        prose_final_kinds=final_kinds,
        prose_final_lines={
            item: _cell(path, f"prose.final_lines.{item}", value)
            for item, value in final_lines.items()
        },
        links=tuple(linked),
        fund_tables=funds,
        same_by_code=pairs("same_by_code", "a", "b"),
        same_total=pairs("same_total", "a", "b"),
        at_most=pairs("at_most", "part", "whole"),
        prose_lines={
            item: _place(path, f"prose.lines.{item}", value) for item, value in lines.items()
        },
        prose_split=split,
        prose_three_public=three,
    )


def _spec(path: Path, key: str, kind: str) -> KindSpec:
    spec = kind_spec(kind)
    if spec is None:
        raise DataFileError(path, key, f"{kind!r} is not a table kind of columns.toml")
    return spec


def _place(path: Path, key: str, value: object) -> Place:
    entry = table_at(path, key, value)
    unknown = set(entry) - {"kind", "side", "column"}
    if unknown:
        raise DataFileError(path, key, f"unknown field(s) {sorted(unknown)}")
    kind = string_at(path, f"{key}.kind", entry.get("kind"))
    column = string_at(path, f"{key}.column", entry.get("column"))
    side = entry.get("side")
    spec = _spec(path, f"{key}.kind", kind)
    if side is not None and (side not in SIDES or not spec.sides):
        raise DataFileError(
            path, f"{key}.side", f"{side!r}: only a two-sided table has a side ({SIDES})"
        )
    if not spec.has_column(side if isinstance(side, str) else None, column):
        raise DataFileError(
            path, f"{key}.column", f"{column!r} is not a column of {kind} in columns.toml"
        )
    return Place(kind, side if isinstance(side, str) else None, column)


def _cell(path: Path, key: str, value: object) -> Cell:
    """A link end: a place (kind, side, column) and the row it names."""
    entry = table_at(path, key, value)
    row = string_at(path, f"{key}.row", entry.get("row"))
    place = _place(path, key, {k: v for k, v in entry.items() if k != "row"})
    if row.startswith("*") and row not in ("*total", "*classes", "*named"):
        raise DataFileError(
            path, f"{key}.row", f"{row!r}: a selector is *total, *classes or *named"
        )
    return Cell(place.kind, place.side, row if row.startswith("*") else norm(row), place.column)


def _columns(path: Path, key: str, value: object, kinds: tuple[str, ...]) -> dict[str, str]:
    """item → column, the column known to every one of ``kinds``."""
    out = {}
    for item, column in table_at(path, key, value).items():
        column = string_at(path, f"{key}.{item}", column)
        for kind in kinds:
            if not _spec(path, key, kind).has_column(None, column):
                raise DataFileError(
                    path, f"{key}.{item}", f"{column!r} is not a column of {kind} in columns.toml"
                )
        out[item] = column
    return out
