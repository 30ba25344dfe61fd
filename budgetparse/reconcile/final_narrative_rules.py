"""决算 prose against its own pair of figures: 年初预算为A万元，支出决算为B万元，完成年初预算的X%.
决算数大于/小于/等于预算数的主要原因：….

- ``narrative.final_vs_budget`` (error): the stated relation (决算数大于预算数 …) does not
  hold between the printed 预算数 and 决算数 (within their rounding);
- ``narrative.final_reason`` (warning): the two differ and the relation is stated without
  a reason;
- ``narrative.completion`` (error): 完成年初预算的X% is not 决算数 / 预算数 at the printed
  decimals.

The pair is two consecutive statements of the clause grammar (a 预算 subject, then a 决算
subject); the relation words are data (grammar/narrative/final.toml).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cache

import regex

from ..grammar import grammar_dir
from ..narrative.model import Record
from ..numbers import decimal_of
from .findings import ERROR, WARNING, Figure, Finding, Outcome
from .interval import Interval, percent_agrees, printed_decimals
from .registry import NARRATIVE_STAGE, Context, rule
from .statements import name_key


@cache
def _data() -> dict[str, dict[str, list[str]]]:
    path = grammar_dir() / "narrative" / "final.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _alternation(words: Sequence[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _relation_pattern() -> tuple[regex.Pattern[str], dict[str, str]]:
    """决算数 [与预算数] RELATION — and relation word → relation."""
    data = _data()
    words = data["words"]
    relations = {word: relation for relation, ws in data["relations"].items() for word in ws}
    pattern = regex.compile(
        f"(?:{_alternation(words['final'])})(?:与(?:{_alternation(words['budget'])}))?+"
        f"({_alternation(list(relations))})"
    )
    return pattern, relations


def _ends_with(subject: str | None, words: Sequence[str]) -> bool:
    key = name_key(subject)
    return bool(key) and any(key.endswith(w) for w in words)


def _pairs(records: Sequence[Record]) -> Iterator[tuple[int, int]]:
    """(budget statement, final statement): consecutive, both with an amount in 万元."""
    words = _data()["words"]
    for i in range(len(records) - 1):
        budget, final = records[i], records[i + 1]
        if (
            _ends_with(budget.subject, words["budget_subjects"])
            and _ends_with(final.subject, words["final_subjects"])
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


def _stated(
    text: str | None, records: Sequence[Record], j: int
) -> tuple[str, str, tuple[int, int], Record] | None:
    """The relation stated after the pair: (relation, word, span of the word, the
    statement that holds it)."""
    pattern, relations = _relation_pattern()
    for k in (j, j + 1):
        if k >= len(records) or (k > j and records[k].amount is not None):
            break
        m = pattern.search(records[k].text)
        if m:
            start = _source_offset(text, records[k], m.start(1))
            return relations[m.group(1)], m.group(1), (start, start + len(m.group(1))), records[k]
    if text is not None:
        # the relation sentence no statement took: the text up to the next statement
        end = records[j + 1].span[0] if j + 1 < len(records) else len(text)
        found = _search_gap(pattern, text, records[j].span[1], min(end, records[j].span[1] + 80))
        if found is not None:
            word, span = found
            return relations[word], word, span, records[j]
    return None


def _search_gap(
    pattern: regex.Pattern[str], text: str, start: int, end: int
) -> tuple[str, tuple[int, int]] | None:
    """The pattern in ``text[start:end]`` read without white space (a line may break
    inside a word): the relation word and its span in ``text``."""
    kept = [i for i in range(start, end) if not text[i].isspace()]
    compact = "".join(text[i] for i in kept)
    m = pattern.search(compact)
    if m is None:
        return None
    return m.group(1), (kept[m.start(1)], kept[m.end(1) - 1] + 1)


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
    return Outcome(
        Finding(
            code=code,
            severity=severity,
            message=message,
            expected=None,
            found=figures[-1].text,
            spans=tuple(sorted({f.span for f in figures if f.span})),
            inputs=tuple(figures),
        )
    )


HOLDS = {
    "more": lambda final, budget: final.hi > budget.lo,
    "less": lambda final, budget: final.lo < budget.hi,
    "equal": lambda final, budget: final.intersects(budget),
}
WORDS = {"more": "大于", "less": "小于", "equal": "等于"}


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
        reasoned = (statement.reason or "").strip() or any(
            w in statement.text for w in _data()["words"]["reason"]
        )
        if differ and relation in ("more", "less") and not reasoned:
            yield _finding(
                "narrative.final_reason",
                WARNING,
                f"决算数 {final.amount_text} 与预算数 {budget.amount_text} 不同，未说明原因",
                figures,
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
