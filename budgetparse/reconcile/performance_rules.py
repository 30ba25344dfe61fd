"""Performance-target tables (项目支出绩效目标表) against the projects they describe.

A table names its project (项目名称) and its funds (年度资金总额, 其中 财政拨款); the same
project has a row in the 项目支出表 and a 预算安排规模 in the prose.  Projects are found
by fuzzy name (a table cell cuts long names short; extractors read — as 一).  The table's
amounts carry no cell span here, so a finding points at the performance table itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import TableBlock
from .findings import Figure, Outcome
from .index import Quantity
from .interval import Interval, printed_decimals
from .narrative_rules import records_of
from .narrative_table_rules import _Tables, project_rows
from .registry import NARRATIVE_STAGE, Context, rule
from .statements import best_match, compare, figure_of, finish

CODE = "performance.project_amount"


def _amount(table: TableBlock) -> Quantity | None:
    perf = table.performance
    if perf is None:
        return None
    value = perf.fiscal if perf.fiscal is not None else perf.total
    if value is None:
        return None
    what = "其中：财政拨款" if perf.fiscal is not None else "年度资金总额"
    label = f"绩效目标表（{perf.project}） · {what}"
    span = table.title_span or table.span
    figure = Figure(label, None, value, span, table.index)
    d = printed_decimals(value)
    printed = Interval.rounded(value, d)
    evident = Interval.rounded(value, max(d, 2))
    key = (table.index, -1, "performance")
    return Quantity(label, (figure,), (key,), printed, evident, f"{value}万元")


@rule(CODE, stage=NARRATIVE_STAGE)
def project_amount(ctx: Context) -> Iterator[Outcome]:
    """The funds of a performance table = its project's 项目支出 row = its 预算安排规模."""
    records = records_of(ctx)
    tables = _Tables(ctx)
    scales = [
        (i, records[r.parent].content)
        for i, r in enumerate(records)
        if r.kind == "project"
        and r.item == "scale"
        and r.parent is not None
        and records[r.parent].item == "name"
    ]
    for table in ctx.document.tables:
        perf = table.performance
        if perf is None or not (table.kind or "").startswith("performance_project"):
            continue
        found = _amount(table)
        if found is None or not perf.project:
            continue
        hit = project_rows(tables, perf.project) if ctx.index.kind("general_project") else None
        if hit is not None:
            view, expected = hit
            verdict = compare(ctx, found, expected, "万元")
            if verdict is not None and verdict.severity is not None:
                message = (
                    f"绩效目标表（{perf.project}）资金 {found.text}，"
                    f"而{view.name}该项目为 {expected.text}"
                )
                yield finish(CODE, verdict, message, found, expected, records)
        match = best_match(perf.project, [name for _, name in scales])
        if match is None:
            continue
        i = scales[match][0]
        stated = figure_of(records, i, "amount")
        if stated is None:
            continue
        verdict = compare(ctx, found, stated, "万元")
        if verdict is not None and verdict.severity is not None:
            message = (
                f"绩效目标表（{perf.project}）资金 {found.text}，"
                f"而说明中该项目预算安排规模为 {stated.text}"
            )
            yield finish(CODE, verdict, message, found, stated, records)
