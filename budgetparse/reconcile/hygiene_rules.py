"""The checks a reviewer makes on the wording before any arithmetic, for budgets and final
accounts alike (the same template habits leave the same traces in both families).

- ``text.placeholder`` (warning): a template placeholder left unfilled (``XX``, ``××``,
  ``待填写``);
- ``text.year`` (warning): a year other than the report's or the year before (a figure
  copied from another year's disclosure); in the title and part headings any year but the
  report's; a balance date (截至…年12月31日) of the wrong year; years inside a title in
  《》 are citations;
- ``text.punctuation`` (info): repeated or clashing punctuation (``。。``, ``，。``);
- ``narrative.share_over_100`` (warning): a share (占X%) above 100%;
- ``narrative.share_decimals`` (info): a share printed with more decimals than the
  template prints (``share_decimals`` of the template file);
- ``narrative.zero_with_change`` (warning): an amount of 0 stated beside a non-zero change.

The text rules read the decoded text (``Context.text``); without it they do not run.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..templates import templates
from .findings import INFO, WARNING, Figure, Finding, Outcome, read_finding
from .registry import NARRATIVE_STAGE, Context, rule

# the placeholders of the templates: two or more X (ASCII or full width, either case) or
# multiplication signs standing alone, and the words asking for input
PLACEHOLDER = regex.compile(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ])(?:[XxＸｘ×✕]{2,}+|待填写|待补充|此处填写)(?![A-Za-zＡ-Ｚａ-ｚ])"
)
# a year as printed before 年 (2024年, 2024 年度)
YEAR = regex.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*+年)")
# repeated sentence punctuation, or a pause mark right before a full stop and the reverse
PUNCTUATION = regex.compile(r"([。，；：、！？])\1++|[，、；：][。！？]|[。！？][，、；：]")
# the balance date: the year end after the year (2024年12月31日)
BALANCE_DATE = regex.compile(r"\s*+年\s*+12\s*+月\s*+31\s*+日")
_LABELS = {"text.placeholder": "占位符", "text.year": "年份", "text.punctuation": "标点"}
_LABELS |= {"narrative.share_over_100": "占比", "narrative.share_decimals": "占比"}
# how far back a 《 may open the title a year stands in
_TITLE_REACH = 80


def _finding(code: str, severity: str, message: str, span: tuple[int, int], found: str) -> Outcome:
    return read_finding(code, severity, message, [Figure(_LABELS[code], found, None, span)])


@rule("text.placeholder", stage=NARRATIVE_STAGE)
def placeholder(ctx: Context) -> Iterator[Outcome]:
    """Unfilled placeholders of the template."""
    if ctx.text is None:
        return
    for m in PLACEHOLDER.finditer(ctx.text):
        ctx.checked += 1
        yield _finding(
            "text.placeholder",
            WARNING,
            f"模板占位符未填写：“{m.group()}”",
            m.span(),
            m.group(),
        )


def _in_title(text: str, at: int) -> bool:
    """Inside a 《title》 (a law or a plan cited by name)."""
    before = text[max(0, at - _TITLE_REACH) : at]
    return before.rfind("《") > before.rfind("》")


@rule("text.year", stage=NARRATIVE_STAGE)
def year(ctx: Context) -> Iterator[Outcome]:
    """Years the report cannot mean: outside the tables, a year other than the report's
    and the one before; in the title and the part headings, any year but the report's;
    the balance date (截至…12月31日) of the wrong year (final accounts close the report
    year, budgets the year before)."""
    report = ctx.document.meta.year
    text = ctx.text
    if text is None or report is None:
        return
    tables = sorted(t.span for t in ctx.document.tables)
    toc = ctx.document.toc.span if ctx.document.toc is not None else None
    headings = [p.heading_span for p in ctx.document.parts if p.heading_span]
    balance = report if _family(ctx) == "决算" else report - 1
    for m in YEAR.finditer(text):
        start = m.start()
        if any(a <= start < b for a, b in tables) or (toc and toc[0] <= start < toc[1]):
            continue
        ctx.checked += 1
        value = int(m.group(1))
        if _in_title(text, start):
            continue
        if any(a <= start < b for a, b in headings) and value != report:
            message = f"部分标题中的年份 {value} 不是报告年度 {report}"
        elif BALANCE_DATE.match(text, m.end()) and _after_as_of(text, start) and value != balance:
            message = f"截至日期的年份 {value} 应为 {balance}"
        elif value not in (report, report - 1):
            message = f"年份 {value} 既非报告年度 {report} 也非上年 {report - 1}"
        else:
            continue
        yield _finding("text.year", WARNING, message, m.span(1), m.group(1))


def _family(ctx: Context) -> str:
    template = ctx.document.meta.template
    return next((t.family for t in templates() if t.id == template), "预算")


def _after_as_of(text: str, at: int) -> bool:
    """The year follows 截至 / 截止 (the balance date of the assets statement)."""
    return text[max(0, at - 3) : at].rstrip().endswith(("截至", "截止"))


@rule("text.punctuation", stage=NARRATIVE_STAGE)
def punctuation(ctx: Context) -> Iterator[Outcome]:
    """Repeated or clashing punctuation."""
    if ctx.text is None:
        return
    for m in PUNCTUATION.finditer(ctx.text):
        ctx.checked += 1
        yield _finding(
            "text.punctuation", INFO, f"标点重复或冲突：“{m.group()}”", m.span(), m.group()
        )


def _share_decimals(ctx: Context) -> int | None:
    template = ctx.document.meta.template
    return next((t.share_decimals for t in templates() if t.id == template), None)


@rule("narrative.share_over_100", stage=NARRATIVE_STAGE)
def share_over_100(ctx: Context) -> Iterator[Outcome]:
    """A share above 100%, and a share printed with more decimals than the template."""
    decimals = _share_decimals(ctx)
    for record in ctx.document.records:
        if record.share_pct is None or record.share_span is None:
            continue
        ctx.checked += 1
        text = record.share_text or str(record.share_pct)
        if record.share_pct > 100:
            yield _finding(
                "narrative.share_over_100",
                WARNING,
                f"{record.subject or record.name or ''}占比 {text}% 超过 100%",
                record.share_span,
                text,
            )
        places = len(text.split(".", 1)[1]) if "." in text else 0
        if decimals is not None and places > decimals:
            yield _finding(
                "narrative.share_decimals",
                INFO,
                f"占比 {text}% 保留了 {places} 位小数，模板为 {decimals} 位",
                record.share_span,
                text,
            )


@rule("narrative.zero_with_change", stage=NARRATIVE_STAGE)
def zero_with_change(ctx: Context) -> Iterator[Outcome]:
    """An amount of 0 beside a change that is not 0 (增加/减少 X, 增长/下降 X%)."""
    for record in ctx.document.records:
        if record.amount is None or record.amount != 0 or record.amount_span is None:
            continue
        moved = [
            (v, t)
            for v, t in ((record.delta, record.delta_text), (record.pct, record.pct_text))
            if v
        ]
        # dropping to nothing is a change to 0: a decrease, by 100% if a rate is printed
        if not moved or (
            (record.delta is None or record.delta < 0)
            and (record.pct is None or record.pct == -100)
        ):
            continue
        ctx.checked += 1
        spans = [s for s in (record.amount_span, record.delta_span, record.pct_span) if s]
        yield Outcome(
            Finding(
                code="narrative.zero_with_change",
                severity=WARNING,
                message=(
                    f"{record.subject or record.name or ''}金额为 {record.amount_text}，"
                    f"却有变动 {moved[0][1]}"
                ),
                expected=None,
                found=record.amount_text,
                spans=tuple(sorted(spans)),
                inputs=tuple(
                    Figure(label, text, value, span)
                    for label, text, value, span in (
                        ("金额", record.amount_text, record.amount, record.amount_span),
                        ("变动", record.delta_text, record.delta, record.delta_span),
                        ("变动率", record.pct_text, record.pct, record.pct_span),
                    )
                    if span is not None
                ),
            )
        )
