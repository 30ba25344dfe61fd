"""Narrative against tables: the amounts and shares the prose states about table items.

Which table quantity a sentence speaks of:

- budget lines by ``Record.item`` (``prose.lines`` of grammar/templates/relations.toml):
  the totals row of the table the line belongs to, the column of the line; 基本/项目支出
  in the department's table (部门支出总表) under a department total, else in the
  一般公共预算 table;
- 类/款/项 by the names of ``Record.path`` (tables print codes and names, prose names only),
  walked down the 一般公共预算支出表's code tree; a 类 listed by name alone (…支出X万元，
  主要用于…) the same way, one level;
- “三公” items by their column (2022 template) or row (2024+: items as rows);
- 机关运行经费 against 公用经费 when the document is an administrative unit (no 事业单位);
- a project's 预算安排规模 against its row(s) of the 项目支出表, found by fuzzy name.

A table the check needs that the document lacks is one ``reconcile.table_absent``
diagnostic; an unknown cell is skipped and counted like the table rules do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from ..narrative.model import Record
from ..numbers import half_up
from .cross_rules import total_amount
from .final_narrative_rules import statement_side
from .final_rules import selected_rows
from .findings import ERROR, WARNING, Outcome
from .index import Quantity, TableView, sum_of
from .interval import percent_agrees, printed_decimals
from .narrative_rules import SCOPE, records_of
from .registry import NARRATIVE_STAGE, ROUNDING_NOTE, Context, Verdict, rule
from .relations import relations
from .statements import best_match, compare, figure_of, finish, money_factor, name_key
from .statements import record_label as label

TABLE_CODE = "narrative.table_amount"
SHARE_CODE = "narrative.share"

ADMIN_NOTE = "行政单位的机关运行经费即其一般公共预算基本支出中的公用经费"


class _Tables:
    """Table look-ups, noting an absent table once."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        # final accounts (决算): the prose speaks of the 决算 tables (relations.toml)
        self.final = ctx.document.meta.family == "决算"

    def view(self, kind: str) -> TableView | None:
        if self.final:
            kind = relations().prose_final_kinds.get(kind, kind)
        view = self.ctx.index.kind(kind)
        if view is None:
            self.ctx.table_absent(kind, TABLE_CODE)
        return view


def _scope(records: Sequence[Record], i: int) -> str | None:
    p = records[i].parent
    return SCOPE.get(records[p].item or "") if p is not None else None


def line_quantity(
    ctx: Context, tables: _Tables, records: Sequence[Record], i: int
) -> Quantity | None:
    """The table quantity a budget-line record speaks of."""
    r = records[i]
    side: str | None
    if tables.final:
        cell = relations().prose_final_lines.get(r.item or "")
        view = tables.view(cell.kind) if cell is not None else None
        if cell is None or view is None or cell.column not in view.side_columns(cell.side):
            return None
        row = selected_rows(view, cell, r.subject).get("")
        return view.cell(row, cell.column) if row is not None else None
    if r.item in relations().prose_lines:
        line = relations().prose_lines[r.item]
        kind, side, column = line.kind, line.side, line.column
    elif r.item in relations().prose_split:
        department = _scope(records, i) == "department"
        kind = "expenditure" if department else "general_expenditure"
        if ctx.index.kind(kind) is None and ctx.index.kind("expenditure") is not None:
            kind = "expenditure" if not department else kind
        side, column = None, relations().prose_split[r.item]
    else:
        return None
    view = tables.view(kind)
    if view is None:
        return None
    return total_amount(view, side, column)


_LEVEL_MARK = regex.compile(r"[（(](?:类|款|项)[)）]")


def _below_path(record: Record) -> bool:
    """The subject names something under its last 类/款/项 (``…（款）机关事业单位基本养老``,
    where a text layer lost the 项 marker): the path's figure is not the statement's."""
    subject = record.subject or ""
    marks = list(_LEVEL_MARK.finditer(subject))
    if not marks:
        return False
    rest = subject[marks[-1].end() :]
    return sum(1 for ch in rest if "\u4e00" <= ch <= "\u9fff") >= 2


def path_quantity(tables: _Tables, names: Sequence[str], kind: str) -> Quantity | None:
    """The 合计 of the code whose 类/款/项 names are ``names`` (None when not found)."""
    view = tables.view(kind)
    if view is None:
        return None
    keys = [name_key(n) for n in names]
    for tree in view.trees:
        level = list(tree.top)
        code = None
        for key in keys:
            code = next((c for c in level if name_key(_row_name(view, tree, c)) == key), None)
            if code is None:
                break
            level = tree.children.get(code, [])
        if code is not None:
            return view.code_quantity(tree, code, "合计")
    return None


def _row_name(view: TableView, tree, code: str) -> str:
    r = tree.plain.get(code)
    if r is None:
        rows = tree.projects.get(code, [])
        r = rows[0] if rows else None
    return (view.rows[r].name or "") if r is not None else ""


def final_three_public_quantity(tables: _Tables, record: Record) -> Quantity | None:
    """决算: a “三公” item's 预算数 or 决算数, by what the statement's subject names."""
    side = statement_side(record.subject)
    column = relations().prose_final_three_public.get(side or "", {}).get(record.item or "")
    if column is None:
        return None
    view = tables.view("final_three_public")
    if view is None or column not in view.table.columns:
        return None
    rows = [r for r in range(len(view.rows)) if view.has_values(r)] or list(range(len(view.rows)))
    if len(rows) > 1:
        return None  # one row of figures is the form; more is not this table's shape
    return view.cell(rows[0], column) if rows else total_amount(view, None, column)


def three_public_quantity(tables: _Tables, record: Record) -> Quantity | None:
    if tables.final:
        return final_three_public_quantity(tables, record)
    view = tables.view("three_public")
    if view is None or record.item not in relations().prose_three_public:
        return None
    column = relations().prose_three_public[record.item]
    if column in view.table.columns:  # 2022: one row, items as columns
        rows = view.total_rows() or [r for r in range(len(view.rows)) if view.has_values(r)]
        rows = rows or list(range(len(view.rows)))
        return view.cell(rows[0], column) if rows else None
    if view.spec is None:  # 2024+: items as rows, funding sources as columns
        return None
    source = "一般公共预算" if "一般公共预算" in (record.subject or "") else "合计"
    if source not in view.table.columns:
        source = "合计"
    for r, row in enumerate(view.rows):
        if record.item == "total" and row.total:
            return view.cell(r, source)
        name = (row.name or "").removeprefix("其中：").removeprefix("其中:")
        if name and view.spec.columns.resolve(name) == column:
            return view.cell(r, source)
    return None


def _administrative(records: Sequence[Record]) -> bool:
    """The document's units are administrative units only (行政单位 N家, 事业单位 0家)."""
    admin = institution = None
    for r in records:
        if r.kind != "organization" or r.amount is None:
            continue
        if r.item == "administrative_units":
            admin = r.amount
        elif r.item == "institution_units":
            institution = r.amount
    return bool(admin) and institution == 0


def project_rows(tables: _Tables, name: str | None) -> tuple[TableView, Quantity] | None:
    """The 项目支出合计 of the 项目支出表 rows that name the project ``name``."""
    view = tables.view("general_project")
    if view is None:
        return None
    rows = [r for r, row in enumerate(view.rows) if row.project]
    hit = best_match(name, [view.rows[r].project for r in rows])
    if hit is None:
        return None
    same = name_key(view.rows[rows[hit]].project)
    parts = [view.cell(r, "项目支出合计") for r in rows if name_key(view.rows[r].project) == same]
    quantity = parts[0] if len(parts) == 1 else sum_of(f"{view.name} · {name}", parts)
    return view, quantity


def project_name(records: Sequence[Record], i: int) -> str | None:
    """The 项目名称 of the project a 规模 record belongs to."""
    p = records[i].parent
    if p is None or records[p].item != "name":
        return None
    return records[p].content


@rule(TABLE_CODE, stage=NARRATIVE_STAGE)
def table_amount(ctx: Context) -> Iterator[Outcome]:
    """Every amount the prose states about a table item equals the table's."""
    records = records_of(ctx)
    tables = _Tables(ctx)
    general_classes = _class_names(ctx)
    admin = _administrative(records)
    for i, r in enumerate(records):
        if r.amount_text is None or money_factor(r.unit) is None:
            continue
        expected: Quantity | None = None
        verdict_cap: str | None = None
        note = ""
        if r.kind in ("change", "amount", "list_item", "share") and r.item:
            expected = line_quantity(ctx, tables, records, i)
        elif r.kind in ("change", "amount", "list_item", "share") and r.path:
            if _below_path(r):
                continue
            expected = path_quantity(tables, [lv.name for lv in r.path], "general_expenditure")
        elif r.kind == "list_item" and name_key(r.name) in general_classes:
            kind = "expenditure" if _scope(records, i) == "department" else "general_expenditure"
            expected = path_quantity(tables, [r.name or ""], kind)
        elif r.kind == "three_public":
            expected = three_public_quantity(tables, r)
        elif r.kind == "operating_costs" and r.item == "total" and admin:
            view = tables.view("general_basic")
            expected = total_amount(view, None, "公用经费") if view else None
            verdict_cap, note = WARNING, ADMIN_NOTE
        elif r.kind == "project" and r.item == "scale":
            hit = project_rows(tables, project_name(records, i))
            expected = hit[1] if hit else None
        if expected is None:
            continue
        found = figure_of(records, i, "amount")
        if found is None:
            continue
        verdict = compare(ctx, found, expected, r.unit)
        if verdict is None or verdict.severity is None:
            continue
        if verdict_cap == WARNING and verdict.severity == ERROR:
            verdict = Verdict(WARNING, verdict.scale, note)
        message = f"{label(r)} 为 {found.text}，而{expected.label} 为 {expected.text}"
        # the prose figure is the odd one: checks of the prose that read it are suppressed
        yield finish(
            TABLE_CODE,
            verdict,
            message,
            found,
            expected,
            records,
            primary=True,
            blames=found.keys,
        )


def _class_names(ctx: Context) -> set[str]:
    """The 类 names the 一般公共预算 table prints (for 类 listed by name alone)."""
    out: set[str] = set()
    for kind in ("general_expenditure", "expenditure"):
        view = ctx.index.kind(kind)
        if view is None:
            continue
        for tree in view.trees:
            out |= {name_key(_row_name(view, tree, c)) for c in tree.top}
    return out


@rule(SHARE_CODE, stage=NARRATIVE_STAGE)
def share(ctx: Context) -> Iterator[Outcome]:
    """占X%: the record's amount over its whole (its lead's amount, else the 一般公共预算
    total), at the printed decimals."""
    records = records_of(ctx)
    tables = _Tables(ctx)
    for i, r in enumerate(records):
        if r.share_text is None or r.share_pct is None:
            continue
        part = figure_of(records, i, "amount")
        if part is None or money_factor(r.unit) is None or not part.known:
            continue
        whole: Quantity | None = None
        p = r.parent
        if p is not None and records[p].amount_text and money_factor(records[p].unit):
            whole = figure_of(records, p, "amount")
        if whole is None and tables.final and not r.path:
            continue  # 决算: a share of no class names its own whole (占本年支出合计的…)
        if whole is None:
            view = tables.view("general_expenditure")
            whole = total_amount(view, None, "合计") if view else None
        if whole is None or ctx.not_known((part, whole)):
            continue
        assert part.printed and whole.printed
        ctx.checked += 1
        agrees = percent_agrees(r.share_pct, part.printed, whole.printed)
        verdict = Verdict(ERROR)
        if agrees:
            assert part.evident and whole.evident
            if percent_agrees(r.share_pct, part.evident, whole.evident) is not False:
                continue
            verdict = Verdict(WARNING, note=ROUNDING_NOTE)
        elif agrees is None:
            continue
        shown = figure_of(records, i, "share")
        assert shown is not None and part.value is not None and whole.value is not None
        d = printed_decimals(r.share_pct)
        rate = part.value / whole.value * 100 if whole.value else None
        rate_text = f"{half_up(rate, d)}%" if rate is not None else "?"
        message = (
            f"{label(r)} {part.text} 占 {whole.label} {whole.text} 的 {rate_text}，"
            f"而印为 {shown.text}"
        )
        expected = Quantity(whole.label, whole.figures, whole.keys, None, None, rate_text)
        yield finish(SHARE_CODE, verdict, message, shown, expected, records, others=(part,))


__all__ = ["line_quantity", "path_quantity", "project_rows", "three_public_quantity"]
