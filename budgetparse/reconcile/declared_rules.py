"""What a document declares about its tables, held against what they print — for budgets
and final accounts alike.

- ``table.declared_empty`` (error): a table whose note declares it empty (本表为空表, 本表无
  数据, 无…收支) prints a figure other than 0;
- ``table.fund_empty`` (error): a fund's own table (政府性基金, 国有资本经营) is empty exactly
  when the 财政拨款 summary prints nothing for that fund (``[fund_tables]`` of
  relations.toml);
- ``narrative.listed_classes`` (warning): an item the prose lists under 人员经费 or 公用经费
  (主要包括：基本工资、…) belongs to the other group's economic class, or the 基本支出 table
  prints no amount for it (``[economic_classes]``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import TableBlock
from ..tables.columns import economic_classes
from .findings import ERROR, WARNING, Figure, Outcome, read_finding
from .index import TableView
from .registry import CROSS_STAGE, NARRATIVE_STAGE, Context, rule
from .relations import relations
from .statements import name_key

BASIC_KINDS = ("general_basic", "final_general_basic")
GROUP_OF_ITEM = {"personnel": ("personnel", "人员经费"), "public": ("public", "公用经费")}


def _printed(table: TableBlock) -> list[Figure]:
    """Every non-zero figure the table prints."""
    out = []
    for row in table.rows:
        for column, cell in row.cells.items():
            if cell.value:
                label = f"{table.title or ''} · {row.name or row.code or ''} · {column}"
                out.append(Figure(label, cell.text, cell.value, cell.span, table.index))
    return out


def _title(table: TableBlock) -> Figure:
    return Figure("表名", table.title, None, table.title_span or table.span, table.index)


@rule("table.declared_empty", stage=CROSS_STAGE)
def declared_empty(ctx: Context) -> Iterator[Outcome]:
    """A table declared empty prints no figure other than 0."""
    for table in ctx.document.tables:
        if not table.empty:
            continue
        ctx.checked += 1
        printed = _printed(table)
        if printed:
            yield read_finding(
                "table.declared_empty",
                ERROR,
                f"{table.title or '表'}注明为空表，却印有 {len(printed)} 个非零数"
                f"（{printed[0].text} …）",
                printed,
            )


def _fund_used(view: TableView, column: str) -> tuple[bool | None, list[Figure]]:
    """Does the summary print a non-zero figure in the fund's column (None: cannot tell)?"""
    figures = []
    unknown = False
    for r, row in enumerate(view.rows):
        if row.group == "income" or column not in view.side_columns(row.group):
            continue
        if column in row.undecided or r in view.unsettled:
            unknown = True
            continue
        cell = row.cells.get(column)
        if cell is not None and cell.value:
            figures.append(
                Figure(
                    f"{view.name} · {row.name} · {column}",
                    cell.text,
                    cell.value,
                    cell.span,
                    view.index,
                )
            )
    if figures:
        return True, figures
    return (None if unknown else False), figures


@rule("table.fund_empty", stage=CROSS_STAGE)
def fund_empty(ctx: Context) -> Iterator[Outcome]:
    """A fund's table is empty exactly when the 财政拨款 summary prints nothing for it."""
    links = relations().fund_tables
    for table in ctx.document.tables:
        if table.kind not in links:
            continue
        summary_kind, column = links[table.kind]
        view = ctx.index.kind(summary_kind)
        if view is None or column not in view.table.columns:
            continue
        used, figures = _fund_used(view, column)
        if used is None:
            continue
        ctx.checked += 1
        printed = _printed(table)
        if used and not printed and (table.empty or table.rows):
            yield read_finding(
                "table.fund_empty",
                ERROR,
                f"{view.name}的{column}印有 {figures[0].text}，{table.title or '表'}却"
                + ("注明为空表" if table.empty else "未印任何数"),
                [*figures, _title(table)],
            )
        elif not used and printed:
            yield read_finding(
                "table.fund_empty",
                ERROR,
                f"{view.name}的{column}为空或为零，{table.title or '表'}却印有 {printed[0].text}",
                printed,
            )


def _basic_rows(view: TableView) -> dict[str, list[int]]:
    """The 款 rows of a 基本支出 table by name."""
    out: dict[str, list[int]] = {}
    for r, row in enumerate(view.rows):
        if row.code and len(row.code) == 5 and row.name:
            out.setdefault(name_key(row.name), []).append(r)
    return out


@rule("narrative.listed_classes", stage=NARRATIVE_STAGE)
def listed_classes(ctx: Context) -> Iterator[Outcome]:
    """Items listed under 人员经费 / 公用经费: of that group's classes, and printed."""
    classes = economic_classes()
    view = next((v for k in BASIC_KINDS if (v := ctx.index.kind(k)) is not None), None)
    if view is None or not classes:
        return
    by_name = _basic_rows(view)
    for record in ctx.document.records:
        if record.item not in GROUP_OF_ITEM or not record.listed:
            continue
        group, word = GROUP_OF_ITEM[record.item]
        own = classes.get(group, frozenset())
        statement = (
            Figure(word, record.amount_text, record.amount, record.amount_span)
            if record.amount_span is not None
            else Figure(word, record.subject, None, record.subject_span or record.span)
        )
        for listed in record.listed:
            rows = by_name.get(name_key(listed))
            if not rows:
                continue
            ctx.checked += 1
            row = view.rows[rows[0]]
            code = row.code or ""
            figures = [
                statement,
                Figure(f"{view.name} · {code}", row.name, None, row.span, view.index),
            ]
            if code[:3] not in own:
                yield read_finding(
                    "narrative.listed_classes",
                    WARNING,
                    f"{word}所列“{listed}”在{view.name}属 {code[:3]} 类，不是{word}的经济分类",
                    figures,
                    listed,
                )
            elif not any(
                cell.value for r in rows for cell in view.rows[r].cells.values()
            ) and not any(view.rows[r].undecided or r in view.unsettled for r in rows):
                yield read_finding(
                    "narrative.listed_classes",
                    WARNING,
                    f"{word}所列“{listed}”在{view.name}（{code}）未印金额",
                    figures,
                    listed,
                )
