"""Rules inside one table: row identities, parent = Σ children, totals rows, income = expense.

The row identities are data (``identities`` of each kind in
``grammar/templates/columns.toml``); an identity applies to a table only when all its
columns are there.  Where the items of an identity are printed as rows instead of columns
(the 2024+ “三公” table: one row per item, the funding sources as columns), the row names
are resolved through the same column vocabulary and the identity is checked per column.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Figure, Finding
from . import quick
from .findings import ERROR, Outcome
from .index import CodeTree, Quantity, TableView
from .registry import TABLE_STAGE, Context, outcome, rule
from .registry import amount as _amount

FUNCTION_LIKE = ("function", "economic")


def _sum_label(view: TableView, what: str, column: str) -> str:
    return f"{view.name} · {what} · {column}"


def row_sum(
    ctx: Context,
    code: str,
    view: TableView,
    r: int,
    column: str,
    parts: list[Quantity],
    what: str,
    summed: str | None = None,
) -> Iterator[Outcome]:
    """Row ``r``'s cell in ``column`` = Σ ``parts`` (rows of one table: a totals row and
    the top-level rows, a summary's closing row and its parts by label, a class and its
    款): the finding when no values inside the printed intervals fit.  ``what`` names
    the parts in the message, ``summed`` (default ``what``) in the sum's label."""
    found = view.cell(r, column)
    verdict, expected = ctx.equal_sum(found, _sum_label(view, summed or what, column), parts)
    if verdict is None or verdict.severity is None:
        return
    assert expected is not None
    message = (
        f"{view.name} {column}：{view.row_label(r)} {found.text} ≠ {what} {_amount(expected.value)}"
    )
    yield outcome(code, verdict, message, found, expected)


@rule("table.row_identity", stage=TABLE_STAGE)
def row_identity(ctx: Context) -> Iterator[Outcome]:
    """On each row: total column = Σ part columns (合计 = 基本支出 + 项目支出, …)."""
    for view in ctx.index.tables:
        if view.spec is None:
            continue
        for total, parts in view.spec.identities:
            for r, row in enumerate(view.rows):
                columns = view.side_columns(row.group)
                if total not in columns or not all(p in columns for p in parts):
                    continue
                if view.blank(r) or quick.equal_sum(
                    view.quick(r, total), [view.quick(r, p) for p in parts]
                ):
                    ctx.checked += 1  # holds (nothing printed on a settled row: 0 = 0 + …)
                    continue
                found = view.cell(r, total)
                verdict, expected = ctx.equal_sum(
                    found, f"{view.name} · {total}", [view.cell(r, p) for p in parts]
                )
                if verdict is None or verdict.severity is None:
                    continue
                assert expected is not None
                message = f"{view.name} {view.row_label(r)}：{total} {found.text} ≠ " + " + ".join(
                    f"{p} {q.text}" for p, q in zip(parts, _parts(expected), strict=True)
                )
                yield outcome("table.row_identity", verdict, message, found, expected)
        yield from _item_rows(ctx, view)


@rule("table.row_inconsistent", stage=TABLE_STAGE)
def row_inconsistent(ctx: Context) -> Iterator[Outcome]:
    """A space-aligned row whose printed amounts fit no placement into its columns that
    satisfies the row identities (``Row.unplaced``): no cell can be read, so no check of
    the row runs; the row itself is the error (e.g. 行政运行 838.13 838.13 where 合计 must
    be 基本支出 + 项目支出 and a third amount is missing or misprinted)."""
    for view in ctx.index.tables:
        if view.spec is None:
            continue
        columns = set(view.table.columns)
        relations = "；".join(
            f"{total} = {' + '.join(parts)}"
            for total, parts in view.spec.identities
            if total in columns and all(p in columns for p in parts)
        )
        for r, row in enumerate(view.rows):
            if not row.unplaced:
                continue
            ctx.checked += 1
            printed = " ".join(cell.text for cell in row.unplaced)
            label = f"{view.name} · {view.row_label(r)}"
            figures = tuple(
                Figure(label, cell.text, cell.value, cell.span, view.index)
                for cell in row.unplaced
            )
            finding = Finding(
                code="table.row_inconsistent",
                severity=ERROR,
                message=f"{view.name} {view.row_label(r)}：印出的 {printed} 无论填入哪几栏，"
                f"都不满足 {relations}",
                expected=relations,
                found=printed,
                spans=(row.span,),
                inputs=figures,
            )
            yield Outcome(finding)


def _parts(quantity: Quantity) -> list[Quantity]:
    """The parts of a sum again, one per figure (for the message)."""
    return [Quantity(f.label, (f,), (), None, None, f.text or "空") for f in quantity.figures]


def _item_rows(ctx: Context, view: TableView) -> Iterator[Outcome]:
    """Identities over rows named like the kind's columns (items printed as rows)."""
    assert view.spec is not None
    named: dict[str, int] = {}
    for r, row in enumerate(view.rows):
        if row.name and not row.code:
            canonical = view.spec.columns.resolve(row.name)
            if canonical is not None:
                named.setdefault(canonical, r)
    if not named:
        return
    columns = set(view.table.columns)
    for total, parts in view.spec.identities:
        if total not in named or not all(p in named for p in parts):
            continue
        if total in columns and all(p in columns for p in parts):
            continue  # checked column-wise by row_identity
        for column in view.table.columns:
            if quick.equal_sum(
                view.quick(named[total], column), [view.quick(named[p], column) for p in parts]
            ):
                ctx.checked += 1
                continue
            found = view.cell(named[total], column)
            items = [view.cell(named[p], column) for p in parts]
            verdict, expected = ctx.equal_sum(
                found, _sum_label(view, "+".join(parts), column), items
            )
            if verdict is None or verdict.severity is None:
                continue
            assert expected is not None
            message = (
                f"{view.name} {column}：{view.row_label(named[total])} {found.text} ≠ "
                + " + ".join(
                    f"{view.row_label(named[p])} {q.text}"
                    for p, q in zip(parts, items, strict=True)
                )
            )
            yield outcome("table.row_identity", verdict, message, found, expected)


@rule("table.hierarchy_sum", stage=TABLE_STAGE)
def hierarchy_sum(ctx: Context) -> Iterator[Outcome]:
    """Per column: a 类 = Σ its 款, a 款 = Σ its 项, a code = Σ its project rows."""
    for view in ctx.index.tables:
        if view.spec is None or view.spec.codes not in FUNCTION_LIKE:
            continue
        if view.spec.expense_class is not None:
            continue  # two lists side by side: table.side_classes (final_rules.py)
        for tree in view.trees:
            for code in tree.codes:
                kids = tree.children.get(code, [])
                projects = tree.projects.get(code, []) if code in tree.plain else []
                for column in view.side_columns("expense"):
                    if _holds(ctx, view, tree, code, kids, projects, column):
                        continue
                    found = view.code_quantity(tree, code, column)
                    for label, parts in (
                        ("下级科目", [view.code_quantity(tree, k, column) for k in kids]),
                        ("各项目", [view.cell(r, column) for r in projects]),
                    ):
                        if not parts:
                            continue
                        verdict, expected = ctx.equal_sum(
                            found, _sum_label(view, f"{code} {label}", column), parts
                        )
                        if verdict is None or verdict.severity is None:
                            continue
                        assert expected is not None
                        names = "、".join(kids) if label == "下级科目" else f"{len(parts)}个项目"
                        message = (
                            f"{view.name} {column}：{code} {_name(view, tree, code)} "
                            f"{found.text} ≠ {label}（{names}）之和 {_amount(expected.value)}"
                        )
                        yield outcome("table.hierarchy_sum", verdict, message, found, expected)


def _holds(
    ctx: Context,
    view: TableView,
    tree: CodeTree,
    code: str,
    kids: list[str],
    projects: list[int],
    column: str,
) -> bool:
    """Both sums of a code hold on quick cells (each counted as checked)."""
    found = view.quick_code(tree, code, column)
    if found is None:
        return False
    sums = []
    if kids:
        sums.append([view.quick_code(tree, k, column) for k in kids])
    if projects:
        sums.append([view.quick(r, column) for r in projects])
    if not all(quick.equal_sum(found, parts) for parts in sums):
        return False
    ctx.checked += len(sums)
    return True


def _name(view: TableView, tree: CodeTree, code: str) -> str:
    r = tree.plain.get(code)
    if r is None:
        rows = tree.projects.get(code, [])
        r = rows[0] if rows else None
    return (view.rows[r].name or "") if r is not None else ""


@rule("table.total_row", stage=TABLE_STAGE)
def total_row(ctx: Context) -> Iterator[Outcome]:
    """Per column: the 合计/总计 row = Σ the top-level rows (类, or the units' subtotal
    rows of a table that prints several budget units), a unit's row = Σ its 类."""
    for view in ctx.index.tables:
        if view.spec is None or view.spec.codes not in FUNCTION_LIKE:
            continue
        if view.spec.expense_class is not None:
            continue  # two lists side by side (人员经费 | 公用经费): final_rules.py
        sides = view.spec.sides
        heads = [h for h, _ in view.segments if h is not None]
        if sides and heads:
            continue  # rows without codes on the expense side (结转下年 …): no plain sum
        columns = view.side_columns("expense")
        for (head, _), tree in zip(view.segments, view.trees, strict=True):
            for column in columns:
                if head is None or not tree.top:
                    continue
                if quick.equal_sum(
                    view.quick(head, column), [view.quick_code(tree, c, column) for c in tree.top]
                ):
                    ctx.checked += 1
                    continue
                parts = [view.code_quantity(tree, c, column) for c in tree.top]
                yield from row_sum(
                    ctx, "table.total_row", view, head, column, parts, "其下各类之和", "各类"
                )
        for r in view.total_rows("expense" if sides else None):
            for column in columns:
                if heads:
                    quick_parts = [view.quick(h, column) for h in heads]
                else:
                    quick_parts = [
                        view.quick_code(tree, c, column) for tree in view.trees for c in tree.top
                    ]
                if quick_parts and quick.equal_sum(view.quick(r, column), quick_parts):
                    ctx.checked += 1
                    continue
                if heads:
                    parts = [view.cell(h, column) for h in heads]
                    what = "各单位小计"
                else:
                    parts = [
                        view.code_quantity(tree, c, column) for tree in view.trees for c in tree.top
                    ]
                    what = "各类"
                if not parts:
                    continue
                yield from row_sum(
                    ctx, "table.total_row", view, r, column, parts, f"{what}之和", what
                )


@rule("table.income_expense", stage=TABLE_STAGE)
def income_expense(ctx: Context) -> Iterator[Outcome]:
    """Summary tables: 收入总计 = 支出总计."""
    for view in ctx.index.tables:
        if view.spec is None or not view.spec.sides or view.spec.expense_class is not None:
            continue
        incomes = view.total_rows("income")
        expenses = view.total_rows("expense")
        if not incomes or not expenses:
            continue
        shared = [c for c in view.side_columns("income") if c in view.side_columns("expense")]
        for column in shared:
            if quick.equal(view.quick(expenses[0], column), view.quick(incomes[0], column)):
                ctx.checked += 1
                continue
            found = view.cell(expenses[0], column)
            expected = view.cell(incomes[0], column)
            verdict = ctx.equal(found, expected)
            if verdict is None or verdict.severity is None:
                continue
            message = (
                f"{view.name} {column}：{view.row_label(expenses[0])} {found.text} ≠ "
                f"{view.row_label(incomes[0])} {expected.text}"
            )
            yield outcome("table.income_expense", verdict, message, found, expected)
