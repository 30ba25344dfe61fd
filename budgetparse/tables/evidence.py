"""Evidence one table gives about another: empty funding sources, and names of codes.

The summary tables list the department's income by source with one amount column, which
even the pdftotext layout prints unambiguously.  A source printed empty or zero there funds
nothing, so its columns in every other table are zero: that decides where a number goes in a
space-aligned row such as ``总计 1,332.40 1,332.40 1,332.40`` (总计, 小计, and one of five
sources).  Which columns belong to which source is data (``[sources]`` in columns.toml).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache

import attrs
import regex

from ..patterns import cn_number
from .cells import compact
from .columns import _data, kind_spec, norm, vocabulary
from .known_rows import KnownRow
from .rows import Row

SUMMARY_KINDS = frozenset({"summary", "fiscal_summary", "final_summary", "final_fiscal_summary"})

# "1." "一、" "（一）" "(1)" "其中：" in front of an income item
_NUMBERING = regex.compile(
    r"^(?:[一二三四五六七八九十]++、|\d++[.．、]|[（(][一二三四五六七八九十\d]++[)）])?+"
    r"\s*+(?:其中[:：])?+\s*+"
)


@attrs.frozen
class FundingSource:
    id: str
    income: frozenset[str]  # normalised item spellings
    carryover: bool  # printed under 上年结转结余
    columns: dict[str, frozenset[str]]  # kind -> columns that belong to this source


@cache
def funding_sources() -> tuple[FundingSource, ...]:
    data = _data().get("sources", {})
    assert isinstance(data, dict)
    out = []
    for source_id, entry in data.items():
        out.append(
            FundingSource(
                id=source_id,
                income=frozenset(norm(s) for s in entry.get("income", [])),
                carryover=entry.get("scope") == "carryover",
                columns={k: frozenset(v) for k, v in entry.get("columns", {}).items()},
            )
        )
    return tuple(out)


def declared_empty_sources(kinds: Iterable[str]) -> frozenset[str]:
    """Ids of the funding sources whose own table is declared empty (``kinds``: the kinds
    of the tables a document declares empty): a source whose columns are every value
    column of a table (政府性基金预算财政拨款收入支出决算表 for that fund) funds nothing when
    that table prints nothing, so it is zero in the summaries too (the 财政拨款 summary's
    column of that fund).  The converse of reconcile's ``table.fund_empty``, which checks
    that the two agree: a summary that prints figures for such a fund does not verify
    with that column zero, and is not read."""
    out: set[str] = set()
    for kind in set(kinds):
        spec = kind_spec(kind)
        if spec is None or spec.sides or not spec.columns.order:
            continue
        every = frozenset(spec.columns.order)
        out |= {s.id for s in funding_sources() if s.columns.get(kind) == every}
    return frozenset(out)


def item_name(name: str) -> str:
    """An item name without numbering: ``1.一般公共预算拨款`` → ``一般公共预算拨款``."""
    return norm(_NUMBERING.sub("", name, count=1))


# the numbering of a summary table's items: 一、 … 二十六、
NUMBERED_ITEM = regex.compile(r"^([一二三四五六七八九十]++)、")


def item_number(text: str) -> int | None:
    """The number of a numbered item: ``七、文化旅游体育与传媒支出`` → 7 (None when the
    text is not numbered so)."""
    m = NUMBERED_ITEM.match(text)
    return cn_number(m.group(1)) if m else None


def _by_name() -> dict[str, list[FundingSource]]:
    out: dict[str, list[FundingSource]] = {}
    for source in funding_sources():
        for spelling in source.income:
            out.setdefault(spelling, []).append(source)
    return out


def empty_sources(income_rows: Iterable[Row]) -> frozenset[str]:
    """Ids of the funding sources that the income rows of a summary table print as empty."""
    by_name = _by_name()
    nil = vocabulary().nil
    seen: dict[tuple[bool, str], list[bool]] = {}  # (carryover scope, name) -> empty per row
    carryover = False
    for row in income_rows:
        if row.total or not row.name:
            continue
        name = item_name(row.name)
        sources = by_name.get(name, [])
        if any(s.carryover for s in sources):
            carryover = True
        if row.undecided:
            # a row whose amount the reader could not place says nothing, but it is printed:
            # a name printed twice (the 财政拨款 summary's item and its part under
            # 年初财政拨款结转和结余) says nothing either, whichever of the two is decided
            seen.setdefault((carryover, name), []).append(False)
            continue
        empty = all(
            cell.value == Decimal(0) if cell.value is not None else cell.text in nil
            for cell in row.cells.values()
        )
        seen.setdefault((carryover, name), []).append(empty)
    out: set[str] = set()
    for (scope, name), empties in seen.items():
        if len(empties) != 1 or not empties[0]:
            continue  # printed twice in one scope, or not empty
        out.update(s.id for s in by_name.get(name, []) if s.carryover == scope)
    return frozenset(out)


def is_expense_item(text: str) -> bool:
    """A summary-table item named like an expense (``一、一般公共服务支出``, ``基本支出``):
    income items are 拨款, 收入, 资金, 结转 or 结余, never 支出, so such a cell opens the
    expense side of a line even without a classification code in front of it."""
    name = item_name(text)
    return len(name) > 2 and name.endswith("支出") and not name[0].isdigit()


# how income items end: 一般公共预算拨款, 事业收入, 单位资金, 财政拨款结转, 结余, 财政专户核拨,
# 上级…转移支付, 一般财力, 财政拨款（补助）
_INCOME_END = regex.compile(r"(?:拨款|收入|资金|结转|结余|核拨|支付|财力|补助[)）]?+)$")


# a remark in brackets after an item: 使用非财政拨款结余（含专用结余）
_REMARK = regex.compile(r"[（(][^（()）]++[)）]$")


def without_remark(name: str) -> str:
    """An item's name without the remark in brackets after it: 使用非财政拨款结余（含专用结余）
    → 使用非财政拨款结余."""
    return _REMARK.sub("", name)


def is_income_item(text: str) -> bool:
    """A summary-table item named like an income (see ``_INCOME_END``), a remark in
    brackets after it aside."""
    name = item_name(text)
    return len(name) > 2 and bool(
        _INCOME_END.search(name) or _INCOME_END.search(without_remark(name))
    )


@attrs.frozen
class Share:
    """What a table printing a share of another table's amounts code by code (a part and
    whole of ``[[at_most]]`` in relations.toml, e.g. the 一般公共预算 share of the
    department's spending) says of it.  Where a code's total equals the share's total,
    no other source funds it: the amounts being never negative and each share column at
    most its whole column, every whole column equals its share column and the whole's
    columns the share has not are zero.  That decides where a space-aligned row's amounts
    go when the arithmetic leaves several placements."""

    total: str  # the whole's totals column
    share_total: str  # the share's totals column
    columns: Mapping[str, str]  # whole column -> share column, the parts of the totals
    rows: Mapping[str, Mapping[str, Decimal]]  # code ("" the totals row) -> share values


def shares(
    pairs: Iterable[tuple[str, str, str, str]], tables: Iterable[tuple[str, Iterable[Row]]]
) -> dict[str, Share]:
    """whole kind -> its Share, from (share kind, share column, whole kind, whole column)
    pairs and the tables read so far ((kind, rows)).  A pair of kinds counts only where
    one pair is the two totals columns (each the total of a row identity of its kind) and
    the others are the parts of both identities, the share's all of them; the share's
    rows only where decided, with amounts none negative."""
    by_kinds: dict[tuple[str, str], dict[str, str]] = {}
    for share_kind, share_column, whole_kind, whole_column in pairs:
        by_kinds.setdefault((share_kind, whole_kind), {})[whole_column] = share_column
    read = {kind: list(rows) for kind, rows in tables}
    out: dict[str, Share] = {}
    for (share_kind, whole_kind), columns in by_kinds.items():
        whole, part = kind_spec(whole_kind), kind_spec(share_kind)
        if whole is None or part is None or share_kind not in read:
            continue
        found = _totals(whole.identities, part.identities, columns)
        if found is None:
            continue
        total, share_total = found
        parts = {w: c for w, c in columns.items() if w != total}
        rows: dict[str, Mapping[str, Decimal]] = {}
        for row in read[share_kind]:
            values = {c: row.values.get(c) for c in (share_total, *parts.values())}
            if row.undecided or values[share_total] is None:
                continue
            amounts = {c: v if v is not None else Decimal(0) for c, v in values.items()}
            if any(v < 0 for v in amounts.values()):
                continue
            key = row.code or ("" if row.total else None)
            if key is not None and key not in rows:
                rows[key] = amounts
        out[whole_kind] = Share(total, share_total, parts, rows)
    return out


def _totals(
    whole: Iterable[tuple[str, tuple[str, ...]]],
    part: Iterable[tuple[str, tuple[str, ...]]],
    columns: Mapping[str, str],
) -> tuple[str, str] | None:
    """(whole totals column, share totals column) of the pairs, when the other pairs are
    the parts of a row identity of each kind (all the share's parts)."""
    for whole_total, whole_parts in whole:
        share_total = columns.get(whole_total)
        if share_total is None:
            continue
        rest = {w: c for w, c in columns.items() if w != whole_total}
        if not set(rest) <= set(whole_parts):
            continue
        if any(left == share_total and set(right) == set(rest.values()) for left, right in part):
            return whole_total, share_total
    return None


# one end of a link between tables (relations.toml ``[[links]]``): kind, side, row
# selector ("*total" or a printed label, normalised), column
LinkEnd = tuple[str, str | None, str, str]


def linked_totals(
    links: Iterable[tuple[LinkEnd, tuple[LinkEnd, ...]]],
    tables: Iterable[tuple[str, Iterable[Row]]],
) -> dict[str, dict[str, Decimal]]:
    """kind → column → the figure its totals row prints there, as another table read so
    far prints it: a link of one cell to one cell (the same figure in two tables), one
    end a kind's totals row, the other a decided cell of a table read.  That settles a
    column the arithmetic of the kind's own table leaves open (a 收入决算表 whose 财政拨款
    收入 total is the 财政拨款收入支出决算总表's 本年收入合计)."""
    read = {kind: list(rows) for kind, rows in tables}
    out: dict[str, dict[str, Decimal]] = {}
    for a, ends in links:
        if len(ends) != 1:
            continue
        for (kind, _, row, column), other in ((a, ends[0]), (ends[0], a)):
            if row != "*total" or other[0] not in read:
                continue
            value = _cell(read[other[0]], other)
            if value is not None:
                out.setdefault(kind, {})[column] = value
    return out


def _cell(rows: list[Row], end: LinkEnd) -> Decimal | None:
    """The decided figure of a read table a link end names (the first row so labelled,
    numbering aside), None when there is none."""
    _, side, row, column = end
    for candidate in rows:
        if side is not None and candidate.group != side:
            continue
        named = candidate.total if row == "*total" else item_name(candidate.name or "") == row
        if named:
            if column in candidate.undecided:
                return None
            return candidate.values.get(column)
    return None


@attrs.frozen
class Evidence:
    """What the document's other tables say, for the reader of one table."""

    empty_sources: frozenset[str] = frozenset()
    names: Mapping[str, str] = attrs.Factory(dict)  # code -> its one printed name
    shares: Mapping[str, Share] = attrs.Factory(dict)  # whole kind -> what its share says
    # kind -> column -> the figure of its totals row another table prints (linked_totals)
    totals: Mapping[str, Mapping[str, Decimal]] = attrs.Factory(dict)
    # the codes and names of the coded tables read so far (known_rows.py), in order
    code_lists: tuple[tuple[KnownRow, ...], ...] = ()

    def zero_columns(self, kind: str | None) -> frozenset[str]:
        """The columns of a table of ``kind`` that the empty sources make zero."""
        if kind is None:
            return frozenset()
        out: set[str] = set()
        for source in funding_sources():
            if source.id in self.empty_sources:
                out |= source.columns.get(kind, frozenset())
        return frozenset(out)


def code_names(rows: Iterable[Row]) -> dict[str, str]:
    """code → name over rows of several tables; a code printed with two names is left out."""
    found: dict[str, set[str]] = {}
    for row in rows:
        if row.code and row.name:
            found.setdefault(row.code, set()).add(compact(row.name))
    return {code: next(iter(names)) for code, names in found.items() if len(names) == 1}


__all__ = [
    "SUMMARY_KINDS",
    "Evidence",
    "LinkEnd",
    "Share",
    "code_names",
    "declared_empty_sources",
    "empty_sources",
    "funding_sources",
    "is_expense_item",
    "is_income_item",
    "item_name",
    "linked_totals",
    "shares",
    "without_remark",
]
