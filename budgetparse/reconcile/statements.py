"""The narrative as the narrative rules read it: record figures as quantities, and how
a statement is tied to the table row it talks about.

A printed figure of the prose becomes a :class:`Quantity` like a table cell: its rounding
interval at the printed decimals, converted to 万元 (the tables' unit) when it is an
amount, and an *evident* interval at the template's two decimals of 万元 (prose drops
trailing zeros: ``57.8`` for ``57.80``).  Its key for suppression is
``(PROSE, record index, field)``.  Spans select the digits only, so a finding points at
the number; the sentence's span is added to the finding by :func:`finish`.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache

import regex

from ..narrative.model import Record
from ..numbers import decimal_of, money_unit, yuan_per
from .findings import ERROR, WARNING, Figure, FigureKey, Finding, Outcome
from .index import Quantity
from .interval import UNITS, Interval, printed_decimals, scale_fit, sign_conflict, unit_read_as
from .registry import ROUNDING_NOTE, Context, Verdict

PROSE = -2  # the "table" of a narrative figure in a FigureKey
WAN = Decimal(10_000)
FIELD_NAMES = {
    "amount": "金额",
    "delta": "增减额",
    "pct": "增减率",
    "share": "占比",
    "value": "价值",
}


def record_label(record: Record) -> str:
    where = f"说明{record.section}" if record.section else "说明"
    return f"{where} · {record.subject or record.name or record.kind}"


def money_factor(unit: str | None) -> Decimal | None:
    """万元 per printed unit (元 → 0.0001, 千元 → 0.1); None for counts (人, 辆 …) and no unit."""
    size = yuan_per(unit)
    return size / WAN if size is not None else None


def _decimal(text: str | None) -> Decimal | None:
    """A printed figure's value (separators of any width, Chinese numerals: numbers.py)."""
    return decimal_of(text)


class Records(tuple):
    """A document's records, with the figures already read from them: the narrative rules
    read the same figure many times (a statement twice is read once per pair)."""

    figures: dict[tuple[int, str], Quantity | None]

    def __new__(cls, records: Iterable[Record]) -> Records:
        self = super().__new__(cls, records)
        self.figures = {}
        return self


def figure_of(records: Sequence[Record], i: int, field: str, keep: bool = True) -> Quantity | None:
    """A record's printed figure (``amount``, ``delta``, ``pct``, ``share``, ``value``) as
    a quantity; amounts in 万元.  None when the record does not print it.  ``keep=False``
    reads it without keeping it (for a rule that reads each figure once)."""
    memo = getattr(records, "figures", None)
    if memo is None or (not keep and (i, field) not in memo):
        return _figure(records, i, field)
    key = (i, field)
    if key not in memo:
        memo[key] = _figure(records, i, field)
    return memo[key]


# A record figure's text and span attributes.  Fixed names: a name built per call (an
# f-string) is kept by the type's attribute cache, one stray object per lookup, which
# holds memory pages of every document parsed so far.
_FIELD_ATTRS = {f: (f"{f}_text", f"{f}_span") for f in ("amount", "delta", "pct", "share", "value")}


def _figure(records: Sequence[Record], i: int, field: str) -> Quantity | None:
    r = records[i]
    text_attr, span_attr = _FIELD_ATTRS[field]
    text = getattr(r, text_attr)
    span = getattr(r, span_attr)
    printed = _decimal(text)
    if printed is None:
        return None
    if field == "delta" and r.delta is not None and r.delta < 0:
        printed = -printed
    if field == "pct" and r.pct is not None and r.pct < 0:
        printed = -printed
    unit = {
        "amount": r.unit,
        "delta": r.delta_unit,
        "value": r.value_unit or "万元",
        "pct": "%",
        "share": "%",
    }[field]
    factor = money_factor(unit) if field in ("amount", "delta", "value") else None
    d = printed_decimals(printed)
    interval = Interval.rounded(printed, d)
    evident = interval
    value = printed
    if factor is not None:
        evident = Interval.rounded(printed, max(d, 2 if factor == 1 else 0)).scaled(factor)
        interval = interval.scaled(factor)
        value = printed * factor
    elif field in ("amount", "delta") and d == 0:
        interval = evident = Interval.exact(printed)  # a count (人, 辆, 个) is exact
    label = f"{record_label(r)} · {FIELD_NAMES[field]}"
    figure = Figure(label, text, value, span, None)
    shown = text
    if field == "delta" and r.direction:
        shown = f"{r.direction}{text}"
    elif field == "pct" and r.pct_direction:
        shown = f"{r.pct_direction}{text}"
    if unit and unit != "%":
        shown += unit
    elif unit == "%":
        shown += "%"
    key: FigureKey = (PROSE, i, field)
    return Quantity(label, (figure,), (key,), interval, evident, shown)


def unit_of(records: Sequence[Record], quantity: Quantity) -> str | None:
    """The printed unit of a single prose figure."""
    (key,) = quantity.keys if len(quantity.keys) == 1 else (None,)
    if key is None or key[0] != PROSE:
        return None
    r = records[key[1]]
    return {"amount": r.unit, "delta": r.delta_unit, "value": r.value_unit or "万元"}.get(key[2])


def compare(ctx: Context, found: Quantity, expected: Quantity, unit: str | None) -> Verdict | None:
    """Can the prose figure ``found`` (printed in ``unit``) be ``expected``?  Like
    ``Context.equal``, but a change of unit is named as the unit the prose should print."""
    if ctx.not_known((found, expected)):
        return None
    ctx.checked += 1
    assert found.printed and expected.printed and found.evident and expected.evident
    if (found.value or 0) and sign_conflict(found.value or Decimal(0), expected.printed):
        return Verdict(ERROR, note="正负号相反")
    if found.printed.intersects(expected.printed):
        if found.evident.intersects(expected.evident):
            return Verdict(None)
        return Verdict(WARNING, note=ROUNDING_NOTE)
    factor = scale_fit(found.printed, expected.printed)
    printed_unit = money_unit(unit)
    printed_unit = {"万": "万元", "亿": "亿元"}.get(printed_unit or "", printed_unit)
    if factor is None or printed_unit not in UNITS:
        return Verdict(ERROR)
    read_as = unit_read_as(factor, printed_unit)
    if read_as is None:
        return Verdict(ERROR)
    return Verdict(
        WARNING, scale=f"{printed_unit}→{read_as}", note=f"按{read_as}计则相符，疑为单位错误"
    )


def finish(
    code: str,
    verdict: Verdict,
    message: str,
    found: Quantity,
    expected: Quantity,
    records: Sequence[Record],
    *,
    expected_text: str | None = None,
    others: Sequence[Quantity] = (),
    sentences: Iterable[int] = (),
    primary: bool = False,
    blames: Iterable[FigureKey] = (),
) -> Outcome:
    """The failed relation as an outcome; spans: every figure and the sentences holding
    the prose figures."""
    assert verdict.severity is not None
    quantities = (found, expected, *others)
    figures: list[Figure] = []
    seen: set[tuple[str, tuple[int, int] | None]] = set()
    for q in quantities:
        for f in q.figures:
            if (f.label, f.span) not in seen:
                seen.add((f.label, f.span))
                figures.append(f)
    held = {k[1] for q in quantities for k in q.keys if k[0] == PROSE} | set(sentences)
    spans = {f.span for f in figures if f.span is not None}
    spans |= {records[i].span for i in held}
    difference = ""
    if (
        found.figures
        and expected.figures
        and found.value is not None
        and expected.value is not None
        and found.value != expected.value
    ):
        difference = f"（相差 {plain(found.value - expected.value)}）"
    note = f"；{verdict.note}" if verdict.note else ""
    finding = Finding(
        code=code,
        severity=verdict.severity,
        message=f"{message}{difference}{note}",
        expected=expected_text if expected_text is not None else expected.text,
        found=found.text,
        spans=tuple(sorted(spans)),
        inputs=tuple(figures),
        scale=verdict.scale,
    )
    depends = frozenset(k for q in quantities for k in q.keys)
    return Outcome(finding, depends, frozenset(blames), primary)


def plain(value: Decimal | None) -> str:
    """A Decimal as a person reads it: no exponent, no trailing zeros."""
    if value is None:
        return "?"
    return format(value.normalize(), "f")


def exact(label: str, value: Decimal, text: str, figures: Sequence[Figure] = ()) -> Quantity:
    """A computed value (a prior-year amount, a sum) carried as an exact quantity."""
    interval = Interval.exact(value)
    return Quantity(label, tuple(figures), (), interval, interval, text)


# -- names ------------------------------------------------------------------------------------

# Brackets, dashes (an extractor reads — as 一 between two words), quotes, white space.
_NOISE = regex.compile(r"[\s\p{P}\p{S}]++")
_YEAR = regex.compile(r"^(?:19|20)\d\d年(?:度)?+")


def name_key(text: str | None) -> str:
    """A name as names are compared: NFKC, no punctuation or white space."""
    if not text:
        return ""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=4096)
def project_key(text: str | None) -> str:
    """A project name for fuzzy matching: also no leading year and no 一 (read for —)."""
    key = _YEAR.sub("", name_key(text))
    return key.replace("一", "")


@lru_cache(maxsize=4096)
def name_score(a: str, b: str) -> float:
    """How alike two project keys are: 1 when one holds the other (a table cell cuts a
    long name short), else the longest common blocks over the shorter name."""
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return common / min(len(a), len(b))


PROJECT_MATCH = 0.75


def best_match(name: str | None, candidates: Sequence[str | None]) -> int | None:
    """The index of the one candidate that names the same project (None when none is
    close enough or two are equally close)."""
    key = project_key(name)
    if len(key) < 2:
        return None
    keys = [project_key(c) for c in candidates]
    exact = [i for i, k in enumerate(keys) if k == key]
    if len(exact) == 1:
        return exact[0]  # the same name: no fuzzy comparison needed
    if len(exact) > 1:
        return None
    scores = [name_score(key, k) for k in keys]
    if not scores:
        return None
    top = max(scores)
    if top < PROJECT_MATCH or scores.count(top) > 1:
        return None
    return scores.index(top)
