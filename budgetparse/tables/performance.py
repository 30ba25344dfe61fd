"""Performance-target tables (项目支出绩效目标表 / 部门整体绩效目标表) → typed records.

These tables stand inside part 3 under （四）预算绩效情况.  Their top rows are labelled
fields (预算单位, 项目名称, 项目资金 with 年度资金总额 / 其中：财政拨款 / 其他资金, 项目总体目标);
below a header row (一级指标 二级指标 三级指标 指标值 …) come the indicators, one a row, with
the 一级 and 二级 cells printed only on the first row of their group.

``read_performance(kind, lines)`` reads the lines the document builder hands over for one
table (everything after its title).  Two shapes are read:

- **tab-separated rows** (plain text and markdown-like layouts): cells are located by the
  header row; rows the extractor shifted left (leading empty cells dropped) are recognised
  by their content instead (level names end in 指标, the target comes after the name);
- **space-separated, hard-wrapped rows** (pdftotext layout) — best effort: the labelled
  fields and amounts are read from the text; indicators are found as a name followed by a
  comparison target (``=8席``, ``＞=98%``), without their 一级/二级 levels, which pdftotext
  prints vertically in the middle of their group.

Nothing raises: what cannot be read becomes a diagnostic ``(code, message, span)``:

- ``performance.missing_amounts``: no 年度资金总额 / 财政拨款 / 其他资金 found at all;
- ``performance.missing_amount``: one of them missing (the others were read);
- ``performance.total_computed``: the total is not printed and was computed as fiscal + other;
- ``performance.missing_unit`` / ``performance.missing_project`` / ``performance.missing_goal``;
- ``performance.no_header``: no 一级指标 header row; indicator columns guessed;
- ``performance.no_indicators``: no indicator row could be read;
- ``performance.missing_value``: an indicator whose 指标值 cell is empty;
- ``performance.unreadable_row``: a row in the indicator area that is neither an indicator,
  a level, nor the continuation of a wrapped name;
- ``performance.levels_unread``: pdftotext layout, indicator levels not read;
- ``performance.reader_error``: an unexpected failure, caught.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache

import attrs
import regex

from ..layout import TABLE_ROW, TABLE_START, LogicalLine
from ..mapped import cover
from ..numbers import DIGITS, decimal_of
from .performance_vocabulary import performance_vocabulary
from .rows import Indicator, PerformanceTable

Span = tuple[int, int]
Diagnostic = tuple[str, str, Span | None]

__all__ = ["Indicator", "PerformanceTable", "parse_target", "read_performance"]


# -- targets ----------------------------------------------------------------------------

_NUMBER = regex.compile(rf"^[+-]?+{DIGITS}")  # the number shape of budgetparse.numbers
_WS = regex.compile(r"\s++")
# Patterns used per cell or token, compiled once (a ``regex.match(str, …)`` call looks the
# pattern up in the module's cache every time).
_DIGIT = regex.compile(r"\d")
_HAN = regex.compile(r"\p{Han}")
_ENDS_NUMERIC = regex.compile(r"[\d.]$")
_PLAIN_NUMBER = regex.compile(rf"[+-]?+{DIGITS}")
_NUMBER_UNIT = regex.compile(r"^\d[\d.,]*+\D{0,6}$")
_UNIT_FIELD = regex.compile(r"^\S+?(?:[（(]盖章[)）])?\s+")


@cache
def _label_pattern(label: str) -> regex.Pattern[str]:
    """``label`` then an optional colon, the rest in group 1 (labels are a few constants)."""
    return regex.compile(rf"^\s*{label}\s*[:：]?\s*(.*)$")


def _fold(text: str) -> str:
    """Full-width digits, letters and ＞＜＝％ to ASCII; white space removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def parse_target(text: str) -> tuple[str | None, Decimal | None, str | None]:
    """A printed 指标值 → (operator, value, unit).

    ``'≥98%'`` → ``('>=', Decimal('98'), '%')``; ``'2500元/月/人'`` → ``(None, 2500,
    '元/月/人')`` (no operator printed); ``'不少于12篇'`` → ``('>=', 12, '篇')``;
    ``'98%以上'`` → ``('>=', 98, '%')``.  Text targets (``有效提升``), dates
    (``2022年12月``) and ranges (``90%-100%``) give ``(None, None, None)``.
    """
    s = _fold(text)
    vocabulary = performance_vocabulary()
    operator: str | None = None
    for word, op in vocabulary.words:
        if s.startswith(word):
            operator, s = op, s[len(word) :]
            break
    else:
        for symbol, op in vocabulary.symbols:
            if s.startswith(symbol):
                operator, s = op, s[len(symbol) :]
                break
    m = _NUMBER.match(s)
    value = decimal_of(m.group(0)) if m else None
    if m is None or value is None:
        return (None, None, None)
    unit = s[m.end() :]
    for word, op in vocabulary.suffixes:
        if unit.endswith(word) and operator is None:
            operator, unit = op, unit[: -len(word)]
            break
    if _DIGIT.search(unit):  # a date (2022年12月) or a range (90%-100%)
        return (None, None, None)
    return (operator, value, unit or None)


# -- vocabulary --------------------------------------------------------------------------

_LEVEL_WORD = regex.compile(r"^\p{Han}{1,10}指标$")
_AMOUNT = regex.compile(rf"^(?P<label>.*?)[:：]?(?P<num>[+-]?+{DIGITS})$")


def _compact(text: str) -> str:
    return _fold(text).strip(":：")


def _amount(text: str) -> Decimal | None:
    s = _fold(text)
    s = s.removesuffix("万元")
    return decimal_of(s) if _PLAIN_NUMBER.fullmatch(s) else None


def _is_level(text: str) -> bool:
    c = _compact(text)
    return bool(_LEVEL_WORD.match(c)) or c in performance_vocabulary().level_extra


def _is_label(text: str) -> bool:
    c = _compact(text)
    return bool(
        performance_vocabulary().unit_label.match(c)
        or performance_vocabulary().project_label.match(c)
        or performance_vocabulary().goal_label.match(c)
        or performance_vocabulary().other_label.match(c)
        or _slot(c)
    )


def _slot(compact: str) -> str | None:
    for slot, pattern in performance_vocabulary().amounts:
        if pattern.search(compact):
            return slot
    return None


class _Amounts:
    """Collects amounts from a stream of labels and numbers (cells or tokens)."""

    def __init__(self) -> None:
        self.values: dict[str, Decimal] = {}
        self.pending: str | None = None

    def feed(self, text: str, labelled_row: bool) -> None:
        c = _compact(text)
        if not c:
            return
        m = _AMOUNT.match(c)
        label = m.group("label") if m else c
        number = _amount(m.group("num")) if m else None
        if label:
            self.pending = _slot(label)
        if number is None:
            return
        slot = self.pending
        if slot is None and labelled_row and not label:
            # an unlabelled number in an amounts row fills the next empty slot
            slot = next((s for s in ("total", "fiscal", "other") if s not in self.values), None)
        if slot is not None and slot not in self.values:
            self.values[slot] = number
        self.pending = None

    def end_row(self) -> None:
        self.pending = None

    def result(
        self, diagnostics: list[Diagnostic], span: Span | None
    ) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        v = self.values
        fiscal = v.get("fiscal")
        if fiscal is None and ("upper" in v or "local" in v):
            fiscal = v.get("upper", Decimal(0)) + v.get("local", Decimal(0))
        other = v.get("other")
        total = v.get("total")
        if total is None and fiscal is not None and other is not None:
            total = fiscal + other
            diagnostics.append(
                (
                    "performance.total_computed",
                    f"no total printed; computed as fiscal + other = {total}",
                    span,
                )
            )
        if total is None and fiscal is None and other is None:
            diagnostics.append(
                ("performance.missing_amounts", "no 资金总额 / 财政拨款 / 其他资金 read", span)
            )
        else:
            for name, value in (("total", total), ("fiscal", fiscal), ("other", other)):
                if value is None:
                    diagnostics.append(
                        ("performance.missing_amount", f"the {name} amount is not printed", span)
                    )
        return total, fiscal, other


# -- the reader ----------------------------------------------------------------------------


def read_performance(kind: str, lines: Sequence[LogicalLine]) -> PerformanceTable:
    """Read one performance-target table from the lines after its title."""
    try:
        rows = [line for line in lines if line.kind in (TABLE_ROW, TABLE_START)]
        if any(line.cells for line in rows):
            return _TabReader(kind, rows).read()
        return _TextReader(kind, rows).read()
    except Exception as exc:  # never raise out of the reader
        span = cover([line.span for line in lines])
        return PerformanceTable(
            budget_unit=None,
            project=None,
            total=None,
            fiscal=None,
            other=None,
            goal=None,
            indicators=(),
            diagnostics=(("performance.reader_error", f"{type(exc).__name__}: {exc}", span),),
        )


class _Base:
    def __init__(self, kind: str, rows: Sequence[LogicalLine]) -> None:
        self.kind = kind
        self.rows = rows
        self.diagnostics: list[Diagnostic] = []
        self.unit: str | None = None
        self.project: str | None = None
        self.goal: str | None = None
        self.indicators: list[Indicator] = []
        self.amounts = _Amounts()
        self.amount_spans: list[Span] = []
        self.level1: str | None = None
        self.level2: str | None = None

    def finish(self) -> PerformanceTable:
        span = cover([r.span for r in self.rows])
        total, fiscal, other = self.amounts.result(
            self.diagnostics, cover(self.amount_spans) or span
        )
        if self.unit is None:
            self.diagnostics.append(("performance.missing_unit", "no 预算单位 read", span))
        if self.project is None and self.kind != "performance_department":
            self.diagnostics.append(("performance.missing_project", "no 项目名称 read", span))
        if self.goal is None:
            self.diagnostics.append(("performance.missing_goal", "no 绩效目标 text read", span))
        if not self.indicators:
            self.diagnostics.append(("performance.no_indicators", "no indicator read", span))
        return PerformanceTable(
            budget_unit=self.unit,
            project=self.project if self.kind != "performance_department" else None,
            total=total,
            fiscal=fiscal,
            other=other,
            goal=self.goal,
            indicators=tuple(self.indicators),
            diagnostics=tuple(self.diagnostics),
        )

    def set_levels(self, level1: str | None, level2: str | None) -> None:
        if level1:
            self.level1 = level1
            self.level2 = None
        if level2:
            self.level2 = level2
            parent = performance_vocabulary().parent.get(level2)
            if not level1 and parent and parent != self.level1:
                self.level1 = parent  # the row's 一级 cell was shifted away

    def add(self, name: str, value_text: str, span: Span) -> None:
        op, value, unit = parse_target(value_text)
        if not value_text:
            self.diagnostics.append(("performance.missing_value", f"{name}: no 指标值", span))
        self.indicators.append(
            Indicator(
                level1=self.level1,
                level2=self.level2,
                name=name,
                value_text=value_text,
                operator=op,
                value=value,
                unit=unit,
                span=span,
            )
        )


class _TabReader(_Base):
    """Rows with tab-separated cells (plain text and markdown-like layouts)."""

    def read(self) -> PerformanceTable:
        header_at = next(
            (
                i
                for i, row in enumerate(self.rows)
                if any(performance_vocabulary().header.search(_compact(c.text)) for c in row.cells)
            ),
            None,
        )
        top = self.rows if header_at is None else self.rows[:header_at]
        for row in top:
            self.field_row(row)
        if header_at is None:
            self.diagnostics.append(
                ("performance.no_header", "no 一级指标 header row; columns guessed", None)
            )
            columns = (0, 1, 2, 3)
        else:
            columns = self.columns(self.rows[header_at])
        body = () if header_at is None else self.rows[header_at + 1 :]
        previous_was_indicator = False
        for row in body:
            previous_was_indicator = self.indicator_row(row, columns, previous_was_indicator)
        return self.finish()

    # -- the labelled rows above the header

    def field_row(self, row: LogicalLine) -> None:
        texts = [c.text for c in row.cells] or [row.text.text]
        compact = [_compact(t) for t in texts]
        has_amount_label = any(_slot(c) for c in compact if c)
        for i, c in enumerate(compact):
            if not c:
                continue
            if self.unit is None and performance_vocabulary().unit_label.match(c):
                self.unit = _next_value(texts, i)
            elif performance_vocabulary().project_label.match(c):
                rest = _after_label(texts[i], "项目名称")
                self.project = rest or _next_value(texts, i)
            elif performance_vocabulary().goal_label.match(c):
                goal = "".join(t.strip() for t in texts[i + 1 :] if t.strip())
                self.goal = goal or None
                return
        if has_amount_label or self.amounts.pending:
            for t in texts:
                self.amounts.feed(t, has_amount_label)
            self.amount_spans.append(row.span)
        self.amounts.end_row()

    # -- the indicator rows

    def columns(self, header: LogicalLine) -> tuple[int, int, int, int]:
        compact = [_compact(c.text) for c in header.cells]

        def find(pred: Callable[[str], bool], default: int) -> int:
            return next((i for i, c in enumerate(compact) if pred(c)), default)

        c1 = find(lambda c: "一级" in c, 0)
        c2 = find(lambda c: "二级" in c, c1 + 1)
        c3 = find(lambda c: "三级" in c, c2 + 1)
        cv = find(lambda c: c.startswith("指标值") and "依据" not in c, c3 + 1)
        return (c1, c2, c3, cv)

    def indicator_row(
        self, row: LogicalLine, columns: tuple[int, int, int, int], previous: bool
    ) -> bool:
        c1, c2, c3, cv = columns
        cells = [c.text.strip() for c in row.cells] or [row.text.text.strip()]
        filled = [(i, t) for i, t in enumerate(cells) if t]
        if not filled:
            return previous
        if any(performance_vocabulary().header.search(_compact(t)) for _, t in filled):
            return False  # a header repeated on a new page

        def cell(i: int) -> str:
            return cells[i] if i < len(cells) else ""

        # aligned: the name and the target stand in the header's columns
        if cell(c3) and cell(cv) and not _is_level(cell(c3)) and not _looks_like_target(cell(c3)):
            self.set_levels(cell(c1) or None, cell(c2) or None)
            self.add(cell(c3), cell(cv), row.span)
            return True
        # shifted: read by content — level names, then the name, then the target
        levels: list[str] = []
        rest = list(filled)
        while rest and len(levels) < 2 and _is_level(rest[0][1]):
            levels.append(rest.pop(0)[1])
        name_at, name = rest[0] if rest else (-1, "")
        value_at, value = rest[1] if len(rest) > 1 else (-1, "")
        if value and (value_at > cv or name_at > c3):
            value = ""  # not a target: a wrapped cell of a later column
        if len(levels) == 2:
            self.set_levels(levels[0], levels[1])
        elif levels:
            word = _compact(levels[0])
            if word in performance_vocabulary().level1:
                self.set_levels(levels[0], None)
            else:
                self.set_levels(None, levels[0])
        if not name:
            return previous  # a level with no indicator under it (生态效益指标 left empty)
        if not value and not levels and previous and self.indicators:
            last = self.indicators[-1]  # the rest of a wrapped name
            span = cover([last.span, row.span]) or last.span
            self.indicators[-1] = attrs.evolve(last, name=last.name + name, span=span)
            return True
        if (not value and len(rest) > 2) or _is_label(name) or _looks_like_target(name):
            self.diagnostics.append(
                ("performance.unreadable_row", f"row not understood: {cells!r}", row.span)
            )
            return False
        self.add(name, value, row.span)
        return True


def _looks_like_target(text: str) -> bool:
    """``≥98%``, ``=15210.67元/人/年``, ``8人``: a 指标值, not an indicator name."""
    s = _fold(text)
    return bool(_TARGET_START.match(s) or _NUMBER_UNIT.match(s))


def _next_value(texts: Sequence[str], i: int) -> str | None:
    for t in texts[i + 1 :]:
        t = t.strip()
        if t and not _is_label(t):
            return t
        if t:
            return None
    return None


def _after_label(text: str, label: str) -> str | None:
    m = _label_pattern(label).match(text)
    rest = m.group(1).strip() if m else ""
    return rest or None


# -- pdftotext layout (best effort) ---------------------------------------------------------

_TOKEN = regex.compile(r"\S++")
_TARGET_START = regex.compile(r"^(?:[>＞<＜≥≤≧≦=＝]|不低于|不少于|不高于|不超过)")
_HAN_JOIN = regex.compile(r"(?<=[\p{Han}（）()：:，、“”])\s++(?=[\p{Han}（）()：:，、“”])")
_FIELD_STOP = regex.compile(r"\s*+(?:项目负责人|部门联系人|联系电话|联系人).*+$")
# Words of the other columns (依据, 赋分规则, 佐证资料) and header fragments: never names.
_NOT_NAME = regex.compile(
    r"^(?:计划标准|行业标准|历史标准|预算支出标准|按照完成比例赋|按评判等级赋|直接赋分|满意度赋分|"
    r"分|工作资料|原始凭证|佐证资料|划|值|据|指标|一级|二级|三级|指标值|上年|完成|分值|权重|"
    r"度指|标|满意|数量|质量|时效|成本|经济|效益|社会|生态|可持续|影响|产出|.*工作计|.*年工作)$"
)


class _TextReader(_Base):
    """Space-separated rows, wrapped over many lines (pdftotext layout)."""

    def read(self) -> PerformanceTable:
        texts = [r.text.text.strip() for r in self.rows]
        header_at = next(
            (i for i, t in enumerate(texts) if _compact(t).startswith("一级")),
            len(texts),
        )
        goal_at: int | None = None
        used: set[int] = set()  # lines that are not part of the amounts
        for i, t in enumerate(texts[:header_at]):
            c = _compact(t)
            first = _compact(t.split()[0]) if t.split() else ""
            if self.unit is None and performance_vocabulary().unit_label.match(c):
                value = _UNIT_FIELD.sub("", t, count=1)
                self.unit = _FIELD_STOP.sub("", value).strip() or None
                used.add(i)
            elif performance_vocabulary().project_label.match(c):
                value = performance_vocabulary().project_field.sub("", t)
                self.project = _FIELD_STOP.sub("", value).strip() or None
                used.add(i)
            elif performance_vocabulary().contact_label.match(c):
                used.add(i)
            elif goal_at is None and performance_vocabulary().goal_label.match(first):
                goal_at = i
                used.add(i)
        # the goal: the lines after its label up to the next labelled line
        if goal_at is not None:
            words = texts[goal_at].split(None, 1)
            pieces = words[1:]
            j = goal_at + 1
            while j < header_at and not _starts_with_label(texts[j]):
                pieces.append(texts[j])
                used.add(j)
                j += 1
            self.goal = _HAN_JOIN.sub("", "".join(pieces)).strip() or None
        # the amounts: every other line above the header, as one stream of tokens
        stream = " ".join(t for i, t in enumerate(texts[:header_at]) if i not in used)
        for token in _HAN_JOIN.sub("", stream).split():
            self.amounts.feed(token, False)
        self.amount_spans.extend(
            r.span for i, r in enumerate(self.rows[:header_at]) if i not in used
        )
        self.read_indicators(header_at)
        if self.indicators:
            self.diagnostics.append(
                (
                    "performance.levels_unread",
                    "pdftotext layout: indicator levels (一级/二级) not read",
                    cover([ind.span for ind in self.indicators]),
                )
            )
        return self.finish()

    def read_indicators(self, header_at: int) -> None:
        """Find ``name target`` pairs; a target may be split over lines (``＞`` / ``=98%``)."""
        tokens: list[tuple[str, Span]] = []
        for row in self.rows[header_at:]:
            line = row.text
            for m in _TOKEN.finditer(line.text):
                tokens.append((m.group(0), line.span(m.start(), m.end())))
        k = 0
        while k < len(tokens):
            token, span = tokens[k]
            if not _TARGET_START.match(token) or _is_header_token(token):
                k += 1
                continue
            # gather the target: an operator alone, then the number, then a unit fragment
            parts = [token]
            spans = [span]
            end = k + 1
            while end < len(tokens) and parse_target("".join(parts))[1] is None:
                parts.append(tokens[end][0])
                spans.append(tokens[end][1])
                end += 1
                if len(parts) > 3:
                    break
            value = parse_target("".join(parts))[1]
            if value is None:
                k += 1
                continue
            # the rest of a wrapped number (``=13.7`` / ``5万元`` / ``/季``) and of its unit
            units = 0
            while end < len(tokens):
                nxt = tokens[end][0]
                joined = "".join(parts)
                if _ENDS_NUMERIC.search(joined) and _DIGIT.match(nxt):
                    pass
                elif units < 2 and _is_unit_fragment(nxt):
                    units += 1
                else:
                    break
                parts.append(nxt)
                spans.append(tokens[end][1])
                end += 1
            name_parts: list[tuple[str, Span]] = []
            j = k - 1
            while j >= 0 and len(name_parts) < 2:
                text, nspan = tokens[j]
                if not _is_name_piece(text):
                    break
                name_parts.insert(0, (text, nspan))
                if len(text) >= 6:
                    break
                j -= 1
            if name_parts:
                name = "".join(t for t, _ in name_parts)
                row_span = cover([nspan for _, nspan in name_parts] + spans) or span
                self.add(name, "".join(parts), row_span)
            k = end


def _starts_with_label(text: str) -> bool:
    first = text.split()[0] if text.split() else ""
    c = _compact(first)
    return bool(
        performance_vocabulary().other_label.match(c)
        or _slot(c)
        or performance_vocabulary().unit_label.match(c)
    )


def _is_header_token(token: str) -> bool:
    return "指标" in token and not _DIGIT.search(token)


def _is_unit_fragment(token: str) -> bool:
    return len(token) <= 3 and not _NOT_NAME.match(token) and not _DIGIT.search(token)


def _is_name_piece(token: str) -> bool:
    if _NOT_NAME.match(token) or _LEVEL_WORD.match(token) or _DIGIT.search(token[:1]):
        return False
    if _TARGET_START.match(token) or token in ("-", "—"):
        return False
    return bool(_HAN.search(token))
