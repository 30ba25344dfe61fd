"""Rules across tables: the same code or total printed in two tables; one name per code.

The links below say which printed quantities are, by the template's definitions, the same
amount.  Linked quantities form classes (one class per code and amount, one per total);
a class whose members disagree has an odd member out when the others agree (or, with two
members, when only one of them also breaks its own table's arithmetic): that figure is
reported once, and the checks inside its table that read it are suppressed.

A code one table prints and another leaves out counts as 0 in the other — unless the other
prints a shorter code above it (it does not go that deep: not compared) or longer codes
under it (their sum is compared).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

from ..tables.columns import norm
from . import quick
from .findings import ERROR, WARNING, Figure, Outcome
from .index import CodeTree, Quantity, TableView, sum_of
from .interval import ZERO, Interval
from .quick import ZERO_QUICK, Quick
from .registry import CROSS_STAGE, ROUNDING_NOTE, Context, Verdict, naming, outcome, rule
from .relations import relations

M = TypeVar("M")  # what a union-find class collects

# -- quantities of a table ------------------------------------------------------------------


def code_amount(view: TableView, code: str, column: str) -> Quantity | None:
    """The amount of ``code`` in ``column``: its row(s), else the sum of the longest codes
    under it; 0 when the table prints nothing of it; None when the table stops above it."""
    key = ("code_amount", code, column)
    if key not in view.memo:
        view.memo[key] = _code_amount(view, code, column)
    return view.memo[key]


def _code_parts(view: TableView, code: str, column: str) -> list[tuple[CodeTree, str]] | None:
    """What :func:`code_amount` adds up: (tree, code) per part; None when it is None."""
    if column not in view.side_columns("expense"):
        return None
    key = ("code_parts", code)
    if key in view.quick_memo:
        return view.quick_memo[key]  # type: ignore[return-value]
    parts: list[tuple[CodeTree, str]] = []
    out: list[tuple[CodeTree, str]] | None = parts
    for tree in view.trees:
        if code in tree.plain or code in tree.projects:
            parts.append((tree, code))
            continue
        below = [
            c
            for c in tree.codes
            if c.startswith(code) and c != code and not tree.parent.get(c, "").startswith(code)
        ]
        if below:
            parts += [(tree, c) for c in below]
        elif any(code.startswith(c) for c in tree.codes):
            out = None  # the table does not go that deep
            break
    view.quick_memo[key] = out
    return out


def quick_amount(view: TableView, code: str, column: str) -> Quick | None:
    """:func:`code_amount` as integers (quick.py); None when unknown (or no amount)."""
    key = ("code_amount", code, column)
    if key in view.quick_memo:
        return view.quick_memo[key]  # type: ignore[return-value]
    parts = _code_parts(view, code, column)
    if parts is None:
        out = None
    elif not parts:
        out = ZERO_QUICK
    else:
        out = quick.add([view.quick_code(tree, c, column) for tree, c in parts])
    view.quick_memo[key] = out
    return out


def _code_amount(view: TableView, code: str, column: str) -> Quantity | None:
    trees = _code_parts(view, code, column)
    if trees is None:
        return None
    parts = [view.code_quantity(tree, c, column) for tree, c in trees]
    label = f"{view.name} · {code} · {column}"
    if parts:
        return parts[0] if len(parts) == 1 else sum_of(label, parts)
    absent = Figure(f"{label}（未列出）", None, ZERO, view.table.title_span, view.index)
    zero = Interval.exact(ZERO)
    return Quantity(
        absent.label,
        (absent,),
        ((view.index, -1, f"{code}/{column}"),),
        zero,
        zero,
        "未列出",
    )


def total_amount(view: TableView, side: str | None, column: str) -> Quantity | None:
    """The table's total in ``column``: its totals row; 0 for a table printed empty."""
    if column not in view.side_columns(side):
        return None
    rows = view.total_rows(side)
    if rows:
        return view.cell(rows[0], column)
    if view.table.empty or not view.rows:
        label = f"{view.name} · 合计 · {column}（空表）"
        figure = Figure(label, None, ZERO, view.table.title_span, view.index)
        zero = Interval.exact(ZERO)
        return Quantity(label, (figure,), ((view.index, -1, column),), zero, zero, "空表")
    return None


def _summary_total_ok(view: TableView, side: str | None) -> bool:
    """A summary table's 支出总计 is the department's expenditure only when its expense
    side prints nothing but 类 rows (no 结转下年 line)."""
    if side != "expense" or view.spec is None or not view.spec.sides:
        return True
    return all(h is None for h, _ in view.segments)


# -- classes of linked quantities -----------------------------------------------------------


class _Classes(Generic[M]):
    """Union-find over linked nodes, each carrying a member (a quantity, or what reads one)."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}
        self.member: dict[object, M] = {}

    def find(self, node: object) -> object:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def link(self, a: object, ma: M, b: object, mb: M) -> None:
        for node, m in ((a, ma), (b, mb)):
            if node not in self.parent:
                self.parent[node] = node
                self.member[node] = m
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def groups(self) -> list[list[M]]:
        """The members of each class (unordered)."""
        out: dict[object, list[M]] = defaultdict(list)
        for node in self.parent:
            out[self.find(node)].append(self.member[node])
        return list(out.values())


def _order(q: Quantity) -> tuple[int, int]:
    f = q.figures[0]
    return (f.table if f.table is not None else -1, f.span[0] if f.span else -1)


@rule("table.cross_code", stage=CROSS_STAGE)
def cross_code(ctx: Context) -> Iterator[Outcome]:
    """The same function code's amount in two tables (部门收入 vs 部门支出, …)."""
    classes: _Classes[tuple[TableView, str, str]] = _Classes()  # (view, code, column)
    for a, b in relations().same_by_code:
        (ka, ca), (kb, cb) = (a.kind, a.column), (b.kind, b.column)
        va, vb = _views(ctx, (ka, ca), (kb, cb), "table.cross_code")
        if va is None or vb is None:
            continue
        codes = dict.fromkeys(c for v in (va, vb) for tree in v.trees for c in tree.codes)
        for code in codes:
            if not (_prints(va, code) or _prints(vb, code)):
                continue
            if _code_parts(va, code, ca) is None or _code_parts(vb, code, cb) is None:
                continue  # one table does not go that deep
            classes.link((ka, ca, code), (va, code, ca), (kb, cb, code), (vb, code, cb))
    failing: list[list[Quantity]] = []
    for refs in classes.groups():
        if len(refs) > 1 and _agree([quick_amount(*ref) for ref in refs]):
            ctx.checked += 1  # the class agrees: what _settle would find, without labels
            continue
        members = [code_amount(*ref) for ref in refs]
        failing.append(sorted((q for q in members if q is not None), key=_order))
    # single figures before sums: a wrong leaf is reported at the leaf, not again at Σ
    groups = sorted(failing, key=lambda g: max(len(q.figures) for q in g))
    for group in groups:
        yield from _settle(ctx, "table.cross_code", group)
    yield from _at_most(ctx, "table.cross_code", by_code=True)


@rule("table.cross_total", stage=CROSS_STAGE)
def cross_total(ctx: Context) -> Iterator[Outcome]:
    """The same total in two tables (收支总表 vs 部门支出总表, 基本支出 vs 基本支出表 …)."""
    classes: _Classes[Quantity] = _Classes()
    for a, b in relations().same_total:
        (ka, sa, ca), (kb, sb, cb) = (a.kind, a.side, a.column), (b.kind, b.side, b.column)
        va, vb = _views(ctx, (ka, ca), (kb, cb), "table.cross_total")
        if va is None or vb is None:
            continue
        if not (_summary_total_ok(va, sa) and _summary_total_ok(vb, sb)):
            continue
        qa, qb = total_amount(va, sa, ca), total_amount(vb, sb, cb)
        if qa is None or qb is None:
            continue
        classes.link((ka, sa, ca), qa, (kb, sb, cb), qb)
    for group in classes.groups():
        yield from _settle(ctx, "table.cross_total", sorted(group, key=_order))
    yield from _at_most(ctx, "table.cross_total", by_code=False)


def _prints(view: TableView, code: str) -> bool:
    return any(code in tree.plain or code in tree.projects for tree in view.trees)


def _views(
    ctx: Context, a: tuple[str, str], b: tuple[str, str], code: str
) -> tuple[TableView | None, TableView | None]:
    """The two linked tables; an absent one is noted when the other prints an amount the
    check would have compared (a 2022 document lacks no 国有资本经营预算 table it never had)."""
    va, vb = ctx.index.kind(a[0]), ctx.index.kind(b[0])
    if va is None and vb is not None and vb.column_has_amounts(b[1]):
        ctx.table_absent(a[0], code)
    if vb is None and va is not None and va.column_has_amounts(a[1]):
        ctx.table_absent(b[0], code)
    return va, vb


def _agree(members: Sequence[Quick | None]) -> bool:
    """Every two members share a value, printed and evident (``_settle`` finds nothing)."""
    known = [m for m in members if m is not None]
    if len(known) < len(members):
        return False
    return all(all(quick.meets(a, b)) for a, b in itertools.combinations(known, 2))


def _covers(members: Sequence[Quantity], evident: bool) -> list[tuple[int, ...]]:
    """The largest sets of members whose intervals share a value."""
    n = len(members)

    def interval(q: Quantity) -> Interval:
        value = q.evident if evident else q.printed
        assert value is not None
        return value

    for size in range(n, 0, -1):
        found = [
            combo
            for combo in itertools.combinations(range(n), size)
            if all(
                interval(members[i]).intersects(interval(members[j]))
                for i, j in itertools.combinations(combo, 2)
            )
        ]
        if found:
            return found
    return []


def _settle(ctx: Context, code: str, members: list[Quantity]) -> Iterator[Outcome]:
    if ctx.not_known(members) or len(members) < 2:
        return
    ctx.checked += 1
    for evident, severity in ((False, ERROR), (True, WARNING)):
        covers = _covers(members, evident)
        if len(covers[0]) == len(members):
            continue
        yield from _report(ctx, code, members, covers, severity)
        return


def _report(
    ctx: Context,
    code: str,
    members: list[Quantity],
    covers: list[tuple[int, ...]],
    severity: str,
) -> Iterator[Outcome]:
    n = len(members)
    chosen: tuple[int, ...] | None = None
    if len(covers) == 1 and 2 * len(covers[0]) > n:
        chosen = covers[0]
    else:  # no majority: the side that also breaks its own table's arithmetic is odd
        failing = [any(ctx.failures[k] for k in q.keys) for q in members]
        fits = [
            c
            for c in covers
            if not any(failing[i] for i in c) and all(failing[i] for i in range(n) if i not in c)
        ]
        if len(fits) == 1:
            chosen = fits[0]
    if chosen is None:  # cannot tell which is wrong: one finding, every figure suspect
        found, expected = members[-1], members[0]
        verdict = _verdict(ctx, severity, found, expected)
        message = f"{found.label} 为 {found.text}，而 {expected.label} 为 {expected.text}"
        keys = frozenset(k for q in members for k in q.keys)
        yield outcome(
            code, verdict, message, found, expected, others=members[1:-1], primary=True, blames=keys
        )
        return
    reference = [members[i] for i in chosen]
    for i in range(n):
        if i in chosen:
            continue
        found = members[i]
        verdict = _verdict(ctx, severity, found, reference[0])
        agree = "、".join(f"{q.label} {q.text}" for q in reference)
        message = f"{found.label} 为 {found.text}，与 {agree} 不一致"
        yield outcome(
            code,
            verdict,
            message,
            found,
            reference[0],
            others=reference[1:],
            primary=True,
            blames=found.keys,
        )


def _verdict(ctx: Context, severity: str, found: Quantity, expected: Quantity) -> Verdict:
    if severity == ERROR:
        return ctx.scaled(found, expected)
    return Verdict(WARNING, note=ROUNDING_NOTE)


def _at_most(ctx: Context, code: str, *, by_code: bool) -> Iterator[Outcome]:
    for smaller, larger in relations().at_most:
        (ka, ca), (kb, cb) = (smaller.kind, smaller.column), (larger.kind, larger.column)
        va, vb = ctx.index.kind(ka), ctx.index.kind(kb)
        if va is None or vb is None:
            continue
        pairs: list[tuple[Quantity | None, Quantity | None]] = []
        if by_code:
            for tree in va.trees:
                for c in tree.codes:
                    if _code_parts(va, c, ca) is None or _code_parts(vb, c, cb) is None:
                        continue  # code_amount is None
                    if quick.at_most(quick_amount(va, c, ca), quick_amount(vb, c, cb)):
                        ctx.checked += 1
                        continue
                    pairs.append((code_amount(va, c, ca), code_amount(vb, c, cb)))
        else:
            side_a = "expense" if va.spec and va.spec.sides else None
            side_b = "expense" if vb.spec and vb.spec.sides else None
            if _summary_total_ok(va, side_a) and _summary_total_ok(vb, side_b):
                pairs.append((total_amount(va, side_a, ca), total_amount(vb, side_b, cb)))
        for part, whole in pairs:
            if part is None or whole is None:
                continue
            verdict = ctx.at_most(part, whole)
            if verdict is None or verdict.severity is None:
                continue
            message = (
                f"{part.label} {part.text} 大于 {whole.label} {whole.text}（部分不应大于整体）"
            )
            yield outcome(code, verdict, message, part, whole)


@rule("table.code_name", stage=CROSS_STAGE)
def code_name(ctx: Context) -> Iterator[Outcome]:
    """One name per classification code in every table."""
    names: dict[str, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    for view in ctx.index.tables:
        for r, row in enumerate(view.rows):
            if not row.code or not row.name or r in view.misread:
                continue
            figure = Figure(f"{view.name} · {row.code}", row.name, None, row.span, view.index)
            names[row.code][norm(row.name)].append(figure)
    for code, spellings in names.items():
        if len(spellings) < 2:
            continue
        ranked = sorted(spellings.values(), key=lambda fs: (-len(fs), fs[0].table or 0))
        common = ranked[0]
        for other in ranked[1:]:
            where_common = "、".join(dict.fromkeys(f.label.split(" · ")[0] for f in common))
            where_other = "、".join(dict.fromkeys(f.label.split(" · ")[0] for f in other))
            message = (
                f"科目 {code} 在{where_common}名为“{common[0].text}”，"
                f"在{where_other}名为“{other[0].text}”"
            )
            yield naming(
                "table.code_name",
                message,
                common[0].text or "",
                other[0].text or "",
                [common[0], *other],
            )
