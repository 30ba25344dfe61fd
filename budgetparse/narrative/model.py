"""The typed records of the narrative, the amount mentions, and their coverage.

Frozen attrs classes of str / Decimal / int / tuples only, so the project's cattrs
converter turns them into JSON as they are (Decimals as strings that keep the printed
precision: ``2.40`` stays ``"2.40"``).  Every span is ``[start, end)`` in the decoded text.
"""

from __future__ import annotations

import sys
from decimal import Decimal

import attrs

from ..interning import interned

Span = tuple[int, int]


@attrs.frozen
class PathLevel:
    """One level of a function-classification path printed in prose (…（类）…（款）…（项））."""

    name: str
    level: str  # 类 | 款 | 项


@attrs.frozen
class Record:
    """One statement of the narrative.

    ``kind`` names what the statement is about (``change``, ``share``, ``amount``,
    ``list_item``, ``three_public``, ``project``, ``operating_costs``, ``procurement``,
    ``assets``, ``performance``, ``staffing``, ``organization``) and ``item`` which part of
    it (``vehicle_operation``, ``goods``, ``retired`` … see grammar/narrative/vocabulary.toml).
    Numbers keep their printed digits in ``*_text``; ``delta`` and ``pct`` are signed by
    the printed direction word.  ``parent`` is the index of the lead record of a breakdown
    (其中 …, the 规模 of a project's allocation, the 项目名称 of its fields).
    ``index`` is the record's own position among the records; ``sentence`` the sentence
    that holds its start.
    """

    kind: str
    item: str | None
    subject: str | None  # as printed (white space of line wraps removed)
    name: str | None  # normalised: simplified characters, brackets unified, year prefix off
    path: tuple[PathLevel, ...]
    amount: Decimal | None
    amount_text: str | None
    unit: str | None = attrs.field(converter=interned)
    amount_wan: Decimal | None
    share_pct: Decimal | None
    share_text: str | None
    # 比上年预算, 同比, 较上年 … (inherited from the lead when unprinted)
    comparison: str | None = attrs.field(converter=interned)
    # the printed word of the change of the amount: 增加, 减少, 持平 …
    direction: str | None = attrs.field(converter=interned)
    delta: Decimal | None
    delta_text: str | None
    delta_unit: str | None = attrs.field(converter=interned)
    delta_wan: Decimal | None
    # the printed word of the percent change: 增长, 下降 …
    pct_direction: str | None = attrs.field(converter=interned)
    pct: Decimal | None
    pct_text: str | None
    value: Decimal | None  # 价值 / 涉及金额 beside a count or an area
    value_text: str | None
    value_unit: str | None = attrs.field(converter=interned)
    value_wan: Decimal | None
    reason: str | None
    purpose: str | None  # 主要用于 …
    listed: tuple[str, ...]  # 主要包括：A、B、C / 分别是：…
    content: str | None  # the value of a text field (项目名称, 政策依据, 承担单位, 执行时间)
    part: int | None
    section: str | None = attrs.field(converter=interned)
    # the statement's printed characters, left out: white space (line wraps, letter
    # spacing), a converter's pinyin residue (經(jīng)費) and abbreviation remarks (（以下简称
    # …）); pieces of a later unit follow after a line break.  The source's text[span]
    # holds the statement with all of them.
    text: str
    span: Span
    subject_span: Span | None
    amount_span: Span | None
    share_span: Span | None
    delta_span: Span | None
    pct_span: Span | None
    value_span: Span | None
    reason_span: Span | None
    content_span: Span | None
    parent: int | None
    notes: tuple[str, ...] = ()
    unparsed: tuple[str, ...] = ()
    # what the comparison is made against (grammar/narrative/vocabulary.toml: budget,
    # execution, final_accounts, initial_budget, adjusted_budget, prior_year, same_scope,
    # natural_scope) and the year it names (比2023年预算数 → 2023)
    basis: str | None = attrs.field(default=None, converter=interned)
    basis_year: int | None = None
    # the earlier value printed with the statement: 比上年A万元…, 由A万元调整为…, 从A增长到…
    prior: Decimal | None = None
    prior_text: str | None = None
    prior_unit: str | None = attrs.field(default=None, converter=interned)
    prior_span: Span | None = None
    # a completion ratio: 完成年初预算的98.5%, 为调整预算的100.6% (never a share)
    completion_pct: Decimal | None = None
    completion_text: str | None = None
    completion_span: Span | None = None
    # the budget it is taken of: initial_budget (年初), adjusted_budget (调整) or budget
    completion_basis: str | None = attrs.field(default=None, converter=interned)
    # a change in percentage points (提高0.27个百分点), signed by its direction word
    pp: Decimal | None = None
    pp_text: str | None = None
    pp_span: Span | None = None
    # the sign of the printed direction word (+1 增加/大于, -1 减少/小于, 0 持平/等于), also
    # where no figure follows it (决算数大于预算数: a relation between figures printed apart)
    direction_sign: int | None = None
    # the direction word says roughly the same (基本持平, 基本相当: vocabulary.toml's
    # roughly_equal), sign 0 within a tolerance: never a change of zero
    direction_rough: bool = False
    # the record's position in ``Document.records`` (what ``parent`` and a mention's
    # ``record`` refer to) and the index of the sentence that holds its start in
    # ``Document.sentences`` (None where the reader had no sentences, e.g. a bare fragment)
    index: int = -1
    sentence: int | None = None


@attrs.frozen
class Mention:
    """A number with 万元/元/亿元/% or a count with 人/辆/台/个, as printed in the prose."""

    text: str
    value: Decimal | None
    unit: str = attrs.field(converter=sys.intern)
    span: Span
    part: int | None
    section: str | None = attrs.field(converter=interned)
    covered: bool
    record: int | None  # index of the record whose statement holds it


@attrs.frozen
class Narrative:
    """The records of a document's (or fragment's) prose and the mentions they cover."""

    records: tuple[Record, ...] = ()
    mentions: tuple[Mention, ...] = ()

    @property
    def coverage(self) -> float | None:
        """Covered mentions / all mentions (None when the prose has no mention)."""
        if not self.mentions:
            return None
        return sum(1 for m in self.mentions if m.covered) / len(self.mentions)

    @property
    def unparsed(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if not m.covered)
