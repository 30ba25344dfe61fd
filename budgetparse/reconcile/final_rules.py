"""Identities of the 部门决算 (final accounts) tables that run between rows, not columns.

- ``table.side_rows``: on each side of a two-sided summary, a closing row equals its
  parts by printed label (``rows`` of the kind in grammar/templates/final-columns.toml):
  收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余, 本年收入合计 = Σ the numbered
  items (一、…), and the same on the expense side.
- ``table.fund_balance``: per fund of the 财政拨款收入支出决算总表, 年初结转和结余 + 本年收入 =
  本年支出 + 年末结转和结余 (the funds are data: ``[funds]`` in final-columns.toml).
- ``table.final_cross``: the same figure printed in two tables (``[[links]]`` of
  relations.toml: 本年收入合计 of the 总表 and the 收入决算表's 合计, each 类 of the 总表
  and the 支出决算表, 人员经费合计 + 公用经费合计 and the 基本支出 of the 支出决算表 …).
- ``table.side_classes``: a table printing two lists of economic classes side by side
  (人员经费 | 公用经费): on each side the 合计 row = Σ its 类 rows, and each 类 = Σ its 款.

The column identities of the 决算 kinds (合计 = 基本支出 + 项目支出 …) are the ordinary
``table.row_identity``; the budget tables' summaries obey none of these row identities, so
the rules apply wherever a kind's data declares them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..tables.columns import funds, norm
from ..tables.evidence import item_name
from .findings import Outcome
from .index import TableView, sum_of
from .registry import CROSS_STAGE, TABLE_STAGE, Context, outcome, rule
from .registry import amount as _amount
from .relations import Cell, relations
from .table_rules import row_sum

ITEMS = "*items"
NAMED = "*named"
_NUMERALS = frozenset("一二三四五六七八九十")


def _is_item(name: str | None) -> bool:
    """A numbered item (一、…, 二十一、…) of a summary side."""
    if not name:
        return False
    head = name.split("、", 1)[0]
    return head != name and bool(head) and all(c in _NUMERALS for c in head)


def _label(name: str | None) -> str:
    return item_name(name) if name else ""


def _side_rows(view: TableView, side: str) -> list[int]:
    return [r for r, row in enumerate(view.rows) if row.group == side]


def _first(view: TableView, rows: list[int], label: str) -> int | None:
    """The first row of ``rows`` printed with this label (numbering ignored)."""
    for r in rows:
        if _label(view.rows[r].name) == label:
            return r
    return None


@rule("table.side_rows", stage=TABLE_STAGE)
def side_rows(ctx: Context) -> Iterator[Outcome]:
    """A summary side's closing rows = their parts, by printed label."""
    for view in ctx.index.tables:
        if view.spec is None or not view.spec.side_rows:
            continue
        for side, identities in view.spec.side_rows.items():
            rows = _side_rows(view, side)
            for total, parts in identities:
                r = _first(view, rows, total)
                if r is None:
                    continue
                part_rows: list[int] = []
                names: list[str] = []
                for part in parts:
                    if part == ITEMS:
                        # the numbered items printed before the total
                        items = [p for p in rows if p < r and _is_item(view.rows[p].name)]
                        part_rows += items
                        names.append("各项")
                        continue
                    p = _first(view, rows, part)
                    if p is None:
                        break  # a part not printed (or not read): the identity is not checked
                    part_rows.append(p)
                    names.append(part)
                else:
                    if not part_rows:
                        continue
                    yield from _sides_sum(ctx, view, side, r, part_rows, " + ".join(names))


def _sides_sum(
    ctx: Context, view: TableView, side: str, r: int, part_rows: list[int], what: str
) -> Iterator[Outcome]:
    for column in view.side_columns(side):
        parts = [view.cell(p, column) for p in part_rows]
        yield from row_sum(ctx, "table.side_rows", view, r, column, parts, what)


@rule("table.fund_balance", stage=TABLE_STAGE)
def fund_balance(ctx: Context) -> Iterator[Outcome]:
    """Per fund: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余."""
    known = funds()
    for view in ctx.index.tables:
        if view.spec is None or not view.spec.sides:
            continue
        expense_columns = view.side_columns("expense")
        income_columns = view.side_columns("income")
        if not income_columns or not any(f in expense_columns for f in known):
            continue
        income = _side_rows(view, "income")
        expense = _side_rows(view, "expense")
        year_income = _first(view, income, norm("本年收入合计"))
        opening = _first(view, income, norm("年初财政拨款结转和结余"))
        spent = _first(view, expense, norm("本年支出合计"))
        closing = _first(view, expense, norm("年末财政拨款结转和结余"))
        if None in (year_income, opening, spent, closing):
            continue
        assert year_income is not None and opening is not None
        assert spent is not None and closing is not None
        column_in = income_columns[0]
        for fund, spellings in known.items():
            if fund not in expense_columns:
                continue
            this_year = next(
                (r for r in income if r < year_income and _label(view.rows[r].name) in spellings),
                None,
            )
            brought = next(
                (r for r in income if r > opening and _label(view.rows[r].name) in spellings),
                None,
            )
            if this_year is None or brought is None:
                continue
            # both sides are sums: compare 本年支出 + 年末 with 本年收入 + 年初
            left = [view.cell(this_year, column_in), view.cell(brought, column_in)]
            right = [view.cell(spent, fund), view.cell(closing, fund)]
            if ctx.not_known(left + right):
                continue
            found = sum_of(f"{view.name} · {fund} · 本年支出 + 年末结转和结余", right)
            verdict, expected = ctx.equal_sum(
                found, f"{view.name} · {fund} · 年初结转和结余 + 本年收入", left
            )
            if verdict is None or verdict.severity is None:
                continue
            assert expected is not None
            message = (
                f"{view.name} {fund}：本年支出 + 年末结转和结余 {_amount(found.value)} ≠ "
                f"本年收入 + 年初结转和结余 {_amount(expected.value)}"
            )
            yield outcome("table.fund_balance", verdict, message, found, expected)


@rule("table.side_classes", stage=TABLE_STAGE)
def side_classes(ctx: Context) -> Iterator[Outcome]:
    """Two lists of economic classes side by side: 合计 = Σ 类, 类 = Σ 款, per side."""
    for view in ctx.index.tables:
        if view.spec is None or view.spec.expense_class is None:
            continue
        for side in ("income", "expense"):
            rows = _side_rows(view, side)
            classes = [r for r in rows if len(view.rows[r].code or "") == 3]
            for column in view.side_columns(side):
                for c in classes:
                    code = view.rows[c].code or ""
                    children = [
                        r
                        for r in rows
                        if len(view.rows[r].code or "") == 5
                        and (view.rows[r].code or "").startswith(code)
                    ]
                    if children:
                        parts = [view.cell(r, column) for r in children]
                        yield from row_sum(
                            ctx, "table.side_classes", view, c, column, parts, "其下各款之和"
                        )
                totals = [r for r in rows if view.rows[r].total]
                if totals and classes:
                    parts = [view.cell(r, column) for r in classes]
                    yield from row_sum(
                        ctx, "table.side_classes", view, totals[0], column, parts, "各类之和"
                    )


def selected_rows(view: TableView, end: Cell, subject: str | None = None) -> dict[str, int]:
    """The rows a link end names, by key (one key but for ``*classes``); ``*named`` is the
    row a statement's ``subject`` names by its label."""
    rows = [r for r, row in enumerate(view.rows) if end.side is None or row.group == end.side]
    if end.row == "*total":
        totals = [r for r in rows if view.rows[r].total]
        return {"": totals[0]} if totals else {}
    if end.row == "*classes":
        out: dict[str, int] = {}
        for r in rows:
            row = view.rows[r]
            coded = row.code is not None and len(row.code) == 3
            if (coded or (row.code is None and _is_item(row.name))) and row.name:
                out.setdefault(_label(row.name), r)
        return out
    if end.row == NAMED:
        # the row whose label the statement's subject ends with (longest first)
        key = norm(subject or "")
        labelled = [(len(_label(view.rows[r].name)), r) for r in rows]
        named = [(n, r) for n, r in labelled if n and key.endswith(_label(view.rows[r].name))]
        return {"": max(named, key=lambda hit: (hit[0], -hit[1]))[1]} if named else {}
    first = _first(view, rows, end.row)
    return {"": first} if first is not None else {}


@rule("table.final_cross", stage=CROSS_STAGE)
def final_cross(ctx: Context) -> Iterator[Outcome]:
    """The same figure printed in two 决算 tables (``[[links]]`` of relations.toml)."""
    for a, ends in relations().links:
        view = ctx.index.kind(a.kind)
        others = [ctx.index.kind(b.kind) for b in ends]
        if view is None or any(o is None for o in others) or a.column not in view.table.columns:
            continue
        found_rows = selected_rows(view, a)
        picked = []
        for b, other in zip(ends, others, strict=True):
            assert other is not None
            if b.column not in other.table.columns:
                break
            picked.append((b, other, selected_rows(other, b)))
        else:
            for key, r in found_rows.items():
                if not all(key in rows for _, _, rows in picked):
                    continue
                found = view.cell(r, a.column)
                parts = [other.cell(rows[key], b.column) for b, other, rows in picked]
                if len(parts) == 1:
                    expected = parts[0]
                    verdict = ctx.equal(found, expected)
                else:
                    verdict, summed = ctx.equal_sum(found, f"{a.kind} · {key}", parts)
                    if summed is None:
                        continue
                    expected = summed
                if verdict is None or verdict.severity is None:
                    continue
                where = " + ".join(
                    f"{other.name} {other.row_label(rows[key])} {b.column}"
                    for b, other, rows in picked
                )
                message = (
                    f"{view.name} {view.row_label(r)} {a.column} {found.text} ≠ "
                    f"{where} {expected.text}"
                )
                yield outcome("table.final_cross", verdict, message, found, expected)
