"""Narrative rules: what the prose states against itself and against the tables.

Internal relations (each on the printed figures' rounding intervals):

- ``narrative.change_arithmetic``: 增减率 = 增减额 / (金额 − 增减额), at the printed decimals;
- ``narrative.direction``: the amount's direction word and the rate's agree (增加 … 下降 is
  an error whatever the digits);
- ``narrative.change_additivity``: the parts of a complete breakdown (基本/项目支出, 人员/公用
  经费, the “三公” items …) change by as much as their whole;
- ``narrative.contradiction``: one quantity stated twice with different figures;
- ``narrative.breakdown_sum`` / ``staffing.sum``: a breakdown (其中 …) adds up to its total
  (a complete one exactly; a partial one at most);
- ``narrative.allocation_sum``: a project's allocation lines add up to its 规模 / 共计.

Against the tables: ``narrative.table_amount`` (the amount a sentence states about a table
item, found by ``Record.item``, by the names of its 类/款/项 path, or by fuzzy project name)
and ``narrative.share`` (占X% of the whole it is a part of).

A breakdown is *complete* when its parts are items of one of :data:`COMPLETE` (nothing
else can be part of the whole); other 其中 lists may leave parts out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal

from ..narrative.model import Record
from ..numbers import decimal_of, half_up
from .cross_rules import total_amount
from .findings import ERROR, WARNING, FigureKey, Outcome
from .index import Quantity, sum_of
from .interval import HUNDRED, Interval, change_percent_agrees, printed_decimals
from .registry import NARRATIVE_STAGE, ROUNDING_NOTE, Context, Verdict, rule
from .statements import (
    PROSE,
    Records,
    compare,
    exact,
    figure_of,
    finish,
    money_factor,
    name_key,
    plain,
    record_label,
)

# Parts that make up their whole (a breakdown of only these items, two or more of them,
# is complete: its sum is the whole, and so is the sum of its changes).
COMPLETE: tuple[frozenset[str], ...] = (
    frozenset({"basic", "project"}),
    frozenset({"personnel", "public"}),
    frozenset({"outbound", "vehicle_purchase_and_operation", "reception"}),
    frozenset({"outbound", "vehicle_purchase", "vehicle_operation", "reception"}),
    frozenset({"vehicle_purchase", "vehicle_operation"}),
    frozenset({"goods", "works", "services"}),
    frozenset({"in_service", "retired", "retired_cadres"}),
    frozenset({"administrative_posts", "institution_posts", "worker_posts"}),
    frozenset({"general_vehicles", "enforcement_vehicles", "special_vehicles", "other_vehicles"}),
)
# Totals of the whole budget: a breakdown under one of these without its own change
# takes the change of another total printed with the same amount.
TOTAL_ITEMS = frozenset(
    {
        "grand_total",
        "fiscal_total",
        "income_total",
        "expense_total",
        "general_budget_total",
        "general_budget",
    }
)
# The scope a lead record gives its parts: the department's budget or its 一般公共预算.
SCOPE = {
    "grand_total": "department",
    "income_total": "department",
    "expense_total": "department",
    "general_budget_total": "general",
    "general_budget_basic": "general",
    "general_budget": "general",
}
# Budget lines compared when stated twice.
LINE_ITEMS = frozenset({"basic", "project", "personnel", "public"})
LINE_KINDS = frozenset({"change", "amount", "list_item", "share"})
NOT_COMPARABLE = "无可比性"


def records_of(ctx: Context) -> Records:
    """The document's records, one :class:`Records` per context (its figures are read once)."""
    records = ctx.memo.get("records")
    if not isinstance(records, Records):
        records = ctx.memo["records"] = Records(getattr(ctx.document, "records", ()) or ())
    return records


def complete(items: Sequence[str | None]) -> bool:
    if len(items) < 2 or len(set(items)) != len(items) or None in items:
        return False
    found = frozenset(i for i in items if i)
    return any(found <= whole for whole in COMPLETE)


def amount_source(records: Sequence[Record], i: int) -> int | None:
    """The record that prints the amount of record ``i``'s subject: itself, else the
    nearest earlier record of the same kind, item and section (a “三公” change sentence
    that follows the sentence of its amounts)."""
    r = records[i]
    if r.amount_text is not None:
        return i
    if r.item is None:
        return None
    for j in range(i - 1, -1, -1):
        o = records[j]
        if o.section != r.section:
            break
        if o.kind == r.kind and o.item == r.item and o.amount_text is not None:
            return j
    return None


def money(records: Sequence[Record], i: int, field: str = "amount") -> Quantity | None:
    """A money figure of a record (None when absent or a count)."""
    r = records[i]
    unit = {"amount": r.unit, "delta": r.delta_unit, "value": r.value_unit or "万元"}[field]
    if money_factor(unit) is None:
        return None
    return figure_of(records, i, field)


def _fmt(value: Decimal, decimals: int) -> str:
    return str(half_up(value, decimals))


def _mid(interval: Interval) -> Decimal:
    return (interval.lo + interval.hi) / 2


def _failed(verdict: Verdict | None) -> bool:
    return verdict is not None and verdict.severity is not None


# -- change arithmetic and direction ----------------------------------------------------------


@rule("narrative.change_arithmetic", stage=NARRATIVE_STAGE)
def change_arithmetic(ctx: Context) -> Iterator[Outcome]:
    """增减率 = 增减额 / 上年数, 上年数 = 金额 − 增减额, over the printed intervals."""
    records = records_of(ctx)
    for i, r in enumerate(records):
        if r.pct_text is None or r.delta_text is None or r.pct is None:
            continue
        if any(NOT_COMPARABLE in n for n in r.notes):
            continue
        j = amount_source(records, i)
        if j is None:
            continue
        delta = figure_of(records, i, "delta")
        pct = figure_of(records, i, "pct")
        now = figure_of(records, j, "amount")
        if delta is None or pct is None or now is None or not (now.known and delta.known):
            continue
        if (money_factor(records[j].unit) is None) != (money_factor(r.delta_unit) is None):
            continue  # an amount in 人 and a change in 万元: not one quantity
        assert now.printed and delta.printed
        prior = now.printed - delta.printed
        if prior.lo <= 0:
            continue  # nothing last year: no rate
        ctx.checked += 1
        printed = r.pct if r.pct is not None else decimal_of(r.pct_text)
        if printed is None:
            continue
        agrees = change_percent_agrees(printed, delta.printed, prior)
        verdict = Verdict(ERROR)
        if agrees:
            assert now.evident and delta.evident
            evident = change_percent_agrees(printed, delta.evident, now.evident - delta.evident)
            if evident is not False:
                continue
            verdict = Verdict(WARNING, note=ROUNDING_NOTE)
        elif agrees is None:
            continue
        if (printed > 0 > delta.printed.hi) or (printed < 0 < delta.printed.lo):
            continue  # a direction disagreement: narrative.direction reports it
        d = printed_decimals(printed)  # r.pct keeps the printed digits (pct_text may be
        # printed otherwise: full-width, spaced)
        assert now.value is not None and delta.value is not None
        prior_value = now.value - delta.value
        rate = delta.value / prior_value * HUNDRED
        expected = exact(
            f"{record_label(r)} · 按金额与增减额计算的增减率",
            rate,
            f"{_fmt(abs(rate), d)}%",
            (),
        )
        message = (
            f"{record_label(r)}：{now.text}，{delta.text}，则上年为 {_fmt(prior_value, 2)}万元，"
            f"增减率应为 {_fmt(abs(rate), d)}%，而印为 {pct.text}"
        )
        yield finish(
            "narrative.change_arithmetic",
            verdict,
            message,
            pct,
            expected,
            records,
            others=(delta, now),
        )


@rule("narrative.direction", stage=NARRATIVE_STAGE)
def direction(ctx: Context) -> Iterator[Outcome]:
    """The change and the rate go the same way; 持平 is no change at all."""
    records = records_of(ctx)
    for i, r in enumerate(records):
        delta = figure_of(records, i, "delta")
        pct = figure_of(records, i, "pct")
        if delta is not None and pct is not None:
            ctx.checked += 1
            dv, pv = r.delta or Decimal(0), r.pct or Decimal(0)
            if dv and pv and (dv > 0) != (pv > 0):
                message = (
                    f"{record_label(r)}：金额{r.direction}而增减率为{r.pct_direction}（方向相反）"
                )
                yield finish("narrative.direction", Verdict(ERROR), message, pct, delta, records)
                continue
        # 持平, 不变 …: no change at all (基本持平 allows a small one: direction_rough)
        flat = r.direction is not None and r.direction_sign == 0 and not r.direction_rough
        if flat and delta is not None and r.delta:
            ctx.checked += 1
            message = f"{record_label(r)}：称“{r.direction}”，却有增减额 {delta.text}"
            yield finish(
                "narrative.direction",
                Verdict(ERROR),
                message,
                delta,
                exact("持平", Decimal(0), "0"),
                records,
            )


# -- breakdowns -------------------------------------------------------------------------------


def children(records: Sequence[Record]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        if r.parent is not None and 0 <= r.parent < len(records):
            out[r.parent].append(i)
    return out


def whole_change(records: Sequence[Record], p: int) -> int | None:
    """The record printing the change of lead ``p``: ``p`` itself, else (for a total of
    the whole budget) a total printed with the same amount that states its change."""
    lead = records[p]
    if lead.delta_text is not None:
        return p
    if (lead.item not in TOTAL_ITEMS and lead.item not in SCOPE) or lead.amount_text is None:
        return None
    amount = figure_of(records, p, "amount")
    if amount is None or not amount.known:
        return None
    for k, o in enumerate(records):
        if k == p or o.delta_text is None or o.item not in TOTAL_ITEMS:
            continue
        if o.amount_text is None or money_factor(o.delta_unit) is None:
            continue
        other = figure_of(records, k, "amount")
        if other and other.printed and amount.printed and other.printed.intersects(amount.printed):
            return k
    return None


def additivity_failures(ctx: Context | None, records: Sequence[Record]) -> list[tuple]:
    """(lead, whole-change record, parts, Σ parts, whole) of every complete breakdown whose
    parts' changes do not add up to the whole's change."""
    out: list[tuple[int, int, list[int], Quantity, Quantity, Verdict | None]] = []
    for p, kids in children(records).items():
        parts = [k for k in kids if records[k].delta_text is not None]
        if not parts or not complete([records[k].item for k in parts]):
            continue
        units = {money_factor(records[k].delta_unit) is None for k in parts}
        if len(units) != 1:
            continue
        w = whole_change(records, p)
        if w is None or w in parts:
            continue
        whole = figure_of(records, w, "delta")
        quantities = [figure_of(records, k, "delta") for k in parts]
        if whole is None or any(q is None for q in quantities):
            continue
        total = sum_of("各部分增减额之和", [q for q in quantities if q is not None])
        if ctx is None:
            fits = (
                total.printed is not None
                and whole.printed is not None
                and total.printed.intersects(whole.printed)
            )
            if not fits:
                out.append((p, w, parts, total, whole, None))
            continue
        verdict = compare(ctx, whole, total, records[w].delta_unit)
        if _failed(verdict):
            out.append((p, w, parts, total, whole, verdict))
    return out


@rule("narrative.change_additivity", stage=NARRATIVE_STAGE)
def change_additivity(ctx: Context) -> Iterator[Outcome]:
    """Σ the parts' changes = the whole's change (complete breakdowns only)."""
    records = records_of(ctx)
    for p, w, parts, total, whole, verdict in additivity_failures(ctx, records):
        names = "、".join(records[k].name or records[k].item or "" for k in parts)
        sum_text = " + ".join(f"({q.text})" for q in _parts_text(records, parts))
        message = (
            f"{names}的增减额之和 {sum_text} = {plain(total.value)}，"
            f"与{records[w].name or '总额'}的增减额 {whole.text} 不符"
        )
        yield finish(
            "narrative.change_additivity",
            verdict,
            message,
            whole,
            total,
            records,
            expected_text=f"{sum_text} = {plain(total.value)}",
            sentences=[p],
        )


def _parts_text(records: Sequence[Record], parts: Sequence[int]) -> list[Quantity]:
    return [q for k in parts if (q := figure_of(records, k, "delta")) is not None]


BREAKDOWN_KINDS = frozenset(
    {"change", "amount", "list_item", "share", "three_public", "procurement", "assets"}
)


@rule("narrative.breakdown_sum", stage=NARRATIVE_STAGE)
def breakdown_sum(ctx: Context) -> Iterator[Outcome]:
    """A complete breakdown adds up to its total; a partial one stays below it."""
    yield from _breakdowns(ctx, staffing=False)


@rule("staffing.sum", stage=NARRATIVE_STAGE)
def staffing_sum(ctx: Context) -> Iterator[Outcome]:
    """实有人数 = 在职 + 退休 + 离休; 编制数 = Σ the kinds of posts."""
    yield from _breakdowns(ctx, staffing=True)


def _breakdowns(ctx: Context, *, staffing: bool) -> Iterator[Outcome]:
    records = records_of(ctx)
    code = "staffing.sum" if staffing else "narrative.breakdown_sum"
    for p, kids in children(records).items():
        lead = records[p]
        if (lead.kind == "staffing") != staffing:
            continue
        if not staffing and lead.kind not in BREAKDOWN_KINDS:
            continue
        for field, text_attr in (("amount", "amount_text"), ("value", "value_text")):
            parts = [k for k in kids if getattr(records[k], text_attr) is not None]
            whole = figure_of(records, p, field)
            if not parts or whole is None:
                continue
            quantities = [figure_of(records, k, field) for k in parts]
            if any(q is None for q in quantities):
                continue
            counts = {
                money_factor(u) is None
                for u in [
                    (records[k].unit if field == "amount" else records[k].value_unit or "万元")
                    for k in (p, *parts)
                ]
            }
            if len(counts) != 1:
                continue
            items = [records[k].item for k in parts]
            total = sum_of("其中各项之和", [q for q in quantities if q is not None])
            whole_complete = complete(items)
            unit = lead.unit if field == "amount" else lead.value_unit or "万元"
            if whole_complete:
                verdict = compare(ctx, whole, total, unit)
            else:
                verdict = ctx.at_most(total, whole)
            if not _failed(verdict):
                continue
            assert verdict is not None
            listing = " + ".join(
                f"{records[k].name} {q.text}" for k, q in zip(parts, quantities, strict=True) if q
            )
            relation = "之和应等于" if whole_complete else "之和不应大于"
            message = (
                f"{record_label(lead)} {whole.text}，其中 {listing} = {plain(total.value)}，"
                f"各项{relation}总数"
            )
            if whole_complete:
                yield finish(code, verdict, message, whole, total, records, expected_text=listing)
            else:
                yield finish(
                    code, verdict, message, total, whole, records, expected_text=whole.text
                )


@rule("narrative.allocation_sum", stage=NARRATIVE_STAGE)
def allocation_sum(ctx: Context) -> Iterator[Outcome]:
    """A project's allocation lines add up to its 共计 and to its 预算安排规模."""
    records = records_of(ctx)
    kids = children(records)
    for s, r in enumerate(records):
        if r.kind != "project" or r.item != "scale":
            continue
        scale = money(records, s)
        lines = [k for k in kids.get(s, []) if records[k].item == "allocation"]
        totals = [k for k in kids.get(s, []) if records[k].item == "allocation_total"]
        quantities = [money(records, k) for k in lines]
        if scale is None or not lines or any(q is None for q in quantities):
            continue
        if any(records[k].item == "unit_cost" for k in kids.get(s, [])):
            # a rate (元/人/月) or unit cost (平均每场 …) stands for money not printed: the
            # lines cannot add up to the scale, so the sum is not checked
            ctx.checked += 1
            continue
        parts = [q for q in quantities if q is not None]
        total = sum_of("分配明细之和", parts)
        listing = " + ".join(q.text for q in parts)
        stated = money(records, totals[0]) if totals else None
        if stated is not None:
            verdict = compare(ctx, stated, total, records[totals[0]].unit)
            if _failed(verdict):
                assert verdict is not None
                message = (
                    f"项目资金分配明细 {listing} = {plain(total.value)}万元，而共计为 {stated.text}"
                )
                yield finish(
                    "narrative.allocation_sum",
                    verdict,
                    message,
                    stated,
                    total,
                    records,
                    expected_text=f"{listing} = {plain(total.value)}",
                )
            verdict = compare(ctx, stated, scale, records[totals[0]].unit)
            if _failed(verdict):
                assert verdict is not None
                message = f"项目资金分配共计 {stated.text}，而预算安排规模为 {scale.text}"
                yield finish("narrative.allocation_sum", verdict, message, stated, scale, records)
            continue
        verdict = compare(ctx, scale, total, r.unit)
        if not _failed(verdict):
            continue
        assert verdict is not None and total.value is not None and scale.value is not None
        if verdict.severity == ERROR and total.value < scale.value:
            verdict = Verdict(WARNING, note="未印共计，明细或未列全")
        message = (
            f"项目资金分配明细 {listing} = {plain(total.value)}万元，而预算安排规模为 {scale.text}"
        )
        yield finish(
            "narrative.allocation_sum",
            verdict,
            message,
            scale,
            total,
            records,
            expected_text=f"{listing} = {plain(total.value)}",
        )


# -- the same quantity stated twice -----------------------------------------------------------


def _scope(records: Sequence[Record], i: int) -> str | None:
    p = records[i].parent
    if p is None or not 0 <= p < len(records):
        return None
    return SCOPE.get(records[p].item or "")


def _one_scope(ctx: Context, records: Sequence[Record]) -> bool:
    """The department's whole budget is its 一般公共预算 (the two totals print alike): a
    line of one is the same line of the other."""
    dept = ctx.index.kind("expenditure")
    general = ctx.index.kind("general_expenditure")
    if dept is not None and general is not None:
        a, b = total_amount(dept, None, "合计"), total_amount(general, None, "合计")
        if a is not None and b is not None and a.known and b.known:
            assert a.printed and b.printed
            return a.printed.intersects(b.printed)
    totals = defaultdict(list)
    for i, r in enumerate(records):
        if r.item in SCOPE and (q := money(records, i)) is not None and q.printed:
            totals[SCOPE[r.item]].append(q.printed)
    if totals["department"] and totals["general"]:
        return all(a.intersects(b) for a in totals["department"] for b in totals["general"])
    return False


def statement_key(records: Sequence[Record], i: int, merged: bool) -> tuple | None:
    r = records[i]
    if r.kind in LINE_KINDS and r.item in LINE_ITEMS:
        return ("line", r.item, None if merged else _scope(records, i))
    if r.kind in LINE_KINDS and r.path:
        return ("path", tuple(name_key(level.name) for level in r.path))
    if r.kind == "three_public" and r.item:
        return ("three_public", r.item)
    if r.kind == "operating_costs" and r.item:
        return ("operating_costs", r.item)
    return None


@rule("narrative.contradiction", stage=NARRATIVE_STAGE)
def contradiction(ctx: Context) -> Iterator[Outcome]:
    """One quantity, two figures: the amount, the change or the rate of the same item
    printed differently in two places.  When one of the two breaks a breakdown's change
    arithmetic and the other does not, that one is named as the odd figure."""
    records = records_of(ctx)
    merged = _one_scope(ctx, records)
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i in range(len(records)):
        key = statement_key(records, i, merged)
        if key is not None:
            groups[key].append(i)
    odd = {k for _, _, parts, *_ in additivity_failures(None, records) for k in parts}
    for members in groups.values():
        if len(members) < 2:
            continue  # stated once: nothing to compare (and no figures to read)
        for a, b, differ in _disagreements(ctx, records, members):
            first, second = a, b
            blamed: set[FigureKey] = set()
            if (a in odd) != (b in odd):
                first, second = (a, b) if a in odd else (b, a)
                which = 0 if first == a else 1
                blamed = {k for pair in differ for k in pair[which].keys}
            else:
                blamed = {k for pair in differ for q in pair for k in q.keys}
            which = 0 if first == a else 1
            found = _joined([pair[which] for pair in differ])
            expected = _joined([pair[1 - which] for pair in differ])
            name = records[a].name or records[a].item or ""
            message = (
                f"“{name}”前后两处说法不一：{records[first].section or ''} 为 {found.text}，"
                f"{records[second].section or ''} 为 {expected.text}"
            )
            if blamed and (a in odd) != (b in odd):
                message += "；后者与各部分增减额之和相符"
            yield finish(
                "narrative.contradiction",
                Verdict(ERROR),
                message,
                found,
                expected,
                records,
                primary=True,
                blames=blamed,
            )


def _disagreements(
    ctx: Context, records: Sequence[Record], members: list[int]
) -> Iterator[tuple[int, int, list[tuple[Quantity, Quantity]]]]:
    """``(a, b, figures that differ)`` for the statements of one key: each statement is
    compared, figure by figure, with the first statement that prints the same figure (the
    reference), so the check is linear in the statements, and each statement that
    disagrees is reported once (against the reference it contradicts) instead of once per
    earlier statement."""
    reference: list[tuple[int, Quantity] | None] = [None, None, None]  # amount, delta, rate
    for b in members:
        known, intervals, _count = _stated(records, b)
        differ: dict[int, list[tuple[Quantity, Quantity]]] = {}
        for field, qb in enumerate(known):
            if qb is None:
                continue
            if reference[field] is None:
                reference[field] = (b, qb)
                continue
            a, qa = reference[field]  # type: ignore[misc]
            ctx.checked += 1
            assert qa.printed and qb.printed
            if qa.printed != intervals[field] and not qa.printed.intersects(qb.printed):
                differ.setdefault(a, []).append((qa, qb))
        for a, pairs in differ.items():
            yield a, b, pairs


def _stated(
    records: Sequence[Record], i: int
) -> tuple[tuple[Quantity | None, ...], tuple[Interval | None, ...], int]:
    """A statement's known amount, change and rate (None where not printed or unknown),
    their printed intervals, and how many there are.  Two statements with equal intervals
    agree on every figure both print (a printed interval is never empty)."""
    known = tuple(
        q if q is not None and q.known else None
        for q in (figure_of(records, i, f, keep=False) for f in ("amount", "delta", "pct"))
    )
    return known, tuple(q.printed if q else None for q in known), sum(q is not None for q in known)


def _joined(quantities: Sequence[Quantity]) -> Quantity:
    figures = tuple(f for q in quantities for f in q.figures)
    keys = tuple(dict.fromkeys(k for q in quantities for k in q.keys))
    text = "，".join(q.text for q in quantities)
    return Quantity(quantities[0].label, figures, keys, None, None, text)


__all__ = [
    "COMPLETE",
    "PROSE",
    "additivity_failures",
    "amount_source",
    "children",
    "complete",
    "records_of",
    "statement_key",
    "whole_change",
]
