"""决算 prose against its own pair of figures: 年初预算为A万元，支出决算为B万元，完成年初预算的X%.
决算数大于/小于/等于预算数的主要原因：….

- ``narrative.final_vs_budget`` (error): the stated relation (决算数大于预算数 …; 持平 and
  等于 are equal) does not hold between the printed 预算数 and 决算数 (within their
  rounding);
- ``narrative.roughly_equal`` (warning): 基本持平 while the two differ by more than the
  tolerance of final.toml, whatever the rounding;
- ``narrative.final_reason`` (warning): the two differ and the relation is stated without
  a reason;
- ``narrative.completion`` (error): 完成年初预算的X% is not 决算数 / 预算数 at the printed
  decimals.

The pair is two consecutive statements of the clause grammar (a 预算 subject, then a 决算
subject; the subjects are data, grammar/narrative/final.toml); the relation is a statement
of the clause grammar too, its words are the grammar's direction words
(grammar/clause.lark: 大于/小于/等于 after 决算数, 基本持平 …).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cache

import attrs

from ..datadir import DataFileError, grammar_dir, load_toml, strings_at, table_at
from ..narrative.model import Record
from ..narrative.vocabulary import vocabulary
from ..numbers import decimal_of
from .findings import ERROR, WARNING, Figure, Outcome, read_finding
from .interval import Interval, percent_agrees, printed_decimals
from .registry import NARRATIVE_STAGE, Context, rule
from .statements import name_key


@attrs.frozen
class _FinalWords:
    """grammar/narrative/final.toml, validated: the subjects of the pair's statements and
    the tolerance of 基本持平."""

    budget_subjects: tuple[str, ...]
    final_subjects: tuple[str, ...]
    roughly_equal_pct: Decimal


@cache
def _data() -> _FinalWords:
    path = grammar_dir() / "narrative" / "final.toml"
    data = load_toml(path)
    unknown = set(data) - {"words", "roughly_equal"}
    if unknown:
        raise DataFileError(path, sorted(unknown)[0], "unknown key")
    words = table_at(path, "words", data.get("words"))
    extra = set(words) - {"budget_subjects", "final_subjects"}
    if extra:
        raise DataFileError(path, f"words.{sorted(extra)[0]}", "unknown key")
    rough = table_at(path, "roughly_equal", data.get("roughly_equal"))
    tolerance = rough.get("max_pct")
    if not isinstance(tolerance, (int, float)) or isinstance(tolerance, bool) or tolerance < 0:
        raise DataFileError(path, "roughly_equal.max_pct", f"expected a percent, got {tolerance!r}")
    return _FinalWords(
        budget_subjects=strings_at(path, "words.budget_subjects", words.get("budget_subjects")),
        final_subjects=strings_at(path, "words.final_subjects", words.get("final_subjects")),
        roughly_equal_pct=Decimal(str(tolerance)),
    )


def _ends_with(subject: str | None, words: Sequence[str]) -> bool:
    key = name_key(subject)
    return bool(key) and any(key.endswith(w) for w in words)


def statement_side(subject: str | None) -> str | None:
    """``budget`` where a statement's subject names the 预算数 (…年初预算), ``final`` where
    it names the 决算数 (…支出决算), else None (final.toml's subject words)."""
    words = _data()
    if _ends_with(subject, words.final_subjects):
        return "final"
    if _ends_with(subject, words.budget_subjects):
        return "budget"
    return None


def _pairs(records: Sequence[Record]) -> Iterator[tuple[int, int]]:
    """(budget statement, final statement): consecutive, both with an amount in 万元."""
    words = _data()
    for i in range(len(records) - 1):
        budget, final = records[i], records[i + 1]
        if (
            _ends_with(budget.subject, words.budget_subjects)
            and _ends_with(final.subject, words.final_subjects)
            and budget.amount_wan is not None
            and final.amount_wan is not None
            and budget.amount_span is not None
            and final.amount_span is not None
        ):
            yield i, i + 1


def _interval(record: Record) -> Interval:
    assert record.amount_text is not None and record.amount_wan is not None
    # the printed digits as budgetparse.numbers reads them (12，345.67, 三点二五 …)
    printed = decimal_of(record.amount_text) or record.amount_wan
    scale = record.amount_wan / printed if printed else Decimal(1)
    value = Interval.rounded(printed, printed_decimals(printed))
    return Interval(value.lo * scale, value.hi * scale)


def _figure(label: str, record: Record) -> Figure:
    return Figure(label, record.amount_text, record.amount, record.amount_span)


def _relation(record: Record) -> str | None:
    """The relation a statement of the clause grammar states between the 决算数 and its
    预算数 (决算数大于预算数, 决算数与预算数基本持平): its subject names the 决算数, it is
    made against a budget and states no change of its own (it may be the 决算数's own
    statement: 决算数为B万元，…，决算数大于年初预算数的…); the relation is the sign of its
    direction word (the words are the grammar's), a word of roughly the same (基本持平,
    ``direction_rough``) being about equal."""
    if (
        record.kind != "change"
        or record.direction is None
        or record.direction_sign is None
        or record.delta_text is not None
        or record.pct_text is not None
        or record.basis not in vocabulary().budget_bases  # vocabulary.toml: budget = true
        or not _ends_with(record.subject, _data().final_subjects)
    ):
        return None
    if record.direction_sign > 0:
        return "more"
    if record.direction_sign < 0:
        return "less"
    return "about" if record.direction_rough else "equal"


def _stated(
    text: str | None, records: Sequence[Record], j: int
) -> tuple[str, str, tuple[int, int], Record] | None:
    """The relation stated after the pair: (relation, word, span of the word, the
    statement that holds it) — the next statements up to the next figure."""
    for k in range(j, min(j + 3, len(records))):
        record = records[k]
        relation = _relation(record)
        if relation is not None:
            assert record.direction is not None
            at = record.text.find(record.direction)
            start = _source_offset(text, record, at) if at >= 0 else record.span[0]
            return relation, record.direction, (start, start + len(record.direction)), record
        if k > j and record.amount is not None:
            break
    return None


def _source_offset(text: str | None, record: Record, at: int) -> int:
    """Where character ``at`` of a statement's text stands in the source: the statement's
    text is the printed one with the white space of line wraps removed, so the source is
    walked from the statement's start, skipping what the text dropped."""
    position = record.span[0]
    if text is None:
        return position
    wanted = record.text[: at + 1]
    k = 0
    while position < record.span[1] and k < len(wanted):
        if text[position] == wanted[k]:
            k += 1
        position += 1
    return position - 1 if k == len(wanted) else record.span[0]


def _finding(code: str, severity: str, message: str, figures: list[Figure]) -> Outcome:
    """The figures read, the last one (the relation word, the ratio) the text at fault."""
    return read_finding(code, severity, message, figures, found=figures[-1].text)


HOLDS = {
    "more": lambda final, budget: final.hi > budget.lo,
    "less": lambda final, budget: final.lo < budget.hi,
    "equal": lambda final, budget: final.intersects(budget),
}


@rule("narrative.final_vs_budget", stage=NARRATIVE_STAGE)
def final_vs_budget(ctx: Context) -> Iterator[Outcome]:
    """决算数大于/小于/等于预算数 against the printed pair; a reason when they differ."""
    records = ctx.document.records
    for i, j in _pairs(records):
        budget, final = records[i], records[j]
        stated = _stated(ctx.text, records, j)
        if stated is None:
            continue
        relation, word, span, statement = stated
        b, f = _interval(budget), _interval(final)
        figures = [_figure("预算数", budget), _figure("决算数", final)]
        ctx.checked += 1
        if relation in HOLDS and not HOLDS[relation](f, b):
            yield _finding(
                "narrative.final_vs_budget",
                ERROR,
                f"称“决算数{word}预算数”，而预算数 {budget.amount_text}、决算数 "
                f"{final.amount_text}",
                [*figures, Figure("关系", word, None, span)],
            )
            continue
        differ = not f.intersects(b)
        reasoned = bool((statement.reason or "").strip())
        if differ and relation in ("more", "less") and not reasoned:
            yield _finding(
                "narrative.final_reason",
                WARNING,
                f"决算数 {final.amount_text} 与预算数 {budget.amount_text} 不同，未说明原因",
                figures,
            )


def _least_gap_pct(final: Interval, budget: Interval) -> Decimal:
    """The smallest difference the two intervals allow, in percent of the largest budget
    they allow (0 when they meet)."""
    gap = max(final.lo - budget.hi, budget.lo - final.hi, Decimal(0))
    if not gap:
        return Decimal(0)
    return gap / budget.hi * 100 if budget.hi > 0 else Decimal(100)


@rule("narrative.roughly_equal", stage=NARRATIVE_STAGE)
def roughly_equal(ctx: Context) -> Iterator[Outcome]:
    """决算数与预算数基本持平 while the printed pair differs by more than the tolerance of
    grammar/narrative/final.toml (``[roughly_equal] max_pct``), whatever the rounding."""
    records = ctx.document.records
    tolerance = _data().roughly_equal_pct
    for i, j in _pairs(records):
        stated = _stated(ctx.text, records, j)
        if stated is None or stated[0] != "about":
            continue
        budget, final = records[i], records[j]
        _, word, span, _ = stated
        ctx.checked += 1
        gap = _least_gap_pct(_interval(final), _interval(budget))
        if gap > tolerance:
            yield _finding(
                "narrative.roughly_equal",
                WARNING,
                f"称决算数与预算数“{word}”，而预算数 {budget.amount_text}、决算数 "
                f"{final.amount_text} 至少相差 {gap:.1f}%（容差 {tolerance}%）",
                [
                    _figure("预算数", budget),
                    _figure("决算数", final),
                    Figure("关系", word, None, span),
                ],
            )


@rule("narrative.completion", stage=NARRATIVE_STAGE)
def completion(ctx: Context) -> Iterator[Outcome]:
    """完成年初预算的X% = 决算数 / 预算数, at the printed decimals."""
    records = ctx.document.records
    for i, j in _pairs(records):
        budget, final = records[i], records[j]
        if final.completion_pct is None or final.completion_span is None:
            continue
        agrees = percent_agrees(final.completion_pct, _interval(final), _interval(budget))
        if agrees is None:
            continue
        ctx.checked += 1
        if agrees:
            continue
        actual = (
            final.amount_wan / budget.amount_wan * 100
            if budget.amount_wan and final.amount_wan is not None
            else None
        )
        yield _finding(
            "narrative.completion",
            ERROR,
            f"完成预算 {final.completion_text}%，而 决算数 {final.amount_text} / 预算数 "
            f"{budget.amount_text} = {actual:.2f}%"
            if actual is not None
            else f"完成预算 {final.completion_text}% 与所列数不符",
            [
                _figure("预算数", budget),
                _figure("决算数", final),
                Figure(
                    "完成率", final.completion_text, final.completion_pct, final.completion_span
                ),
            ],
        )
