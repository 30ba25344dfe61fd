"""Numbers and units as the disclosures print them: the one model of the whole package.

The clause grammar, the amount mentions of the prose, the table cells and reconciliation
all read printed numbers through this module, so a shape learned once (a full-width comma,
a space between thousands, ``三点二五万亿元``) is read the same everywhere:

* **shapes** — :data:`DIGITS` is a decimal number as printed once white space is gone and
  full-width digits are mapped (``1,234.5``, ``1，234.5``, ``1234.5``);
  :data:`CHINESE` is a number spelled in Chinese numerals (``三点二五``, ``六点零八``,
  ``一百二十``), :data:`TENTHS` a share in tenths (``四成一`` = 41%, read by
  :func:`tenths_percent`); the grammar (``grammar/clause.lark``) and the mention scanner
  build their terminals from these strings;
* **reading** — :func:`decimal_of` turns any printed number (separators, spaces,
  full-width forms, Chinese numerals) into a ``Decimal`` that keeps its printed places;
* **rounding** — a printed number stands for the values that round to it at its printed
  places (四舍五入): :func:`printed_decimals` and :func:`half_unit` give how far they lie
  from it; reconciliation's intervals (``reconcile/interval.py``, ``quick.py``) and the
  table readers' row identities (``tables/reader.py``, ``tables/spaced.py``) take them
  from here;
* **units** — :data:`MONEY_UNITS` and their scales (元, 千元, 万元, 亿元, 万亿元, bare 万 / 亿,
  traditional 萬元 / 億元): :func:`money_unit` names the canonical unit, :func:`in_wan` and
  :func:`yuan_per` convert.

A leaf: it imports nothing of the pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import TypeVar

import regex

# -- shapes -----------------------------------------------------------------------------

# A decimal number after white space is deleted: thousands groups separated by an ASCII or
# a full-width comma (only before exactly three digits), or a plain run of digits; an
# optional fraction.  Possessive throughout: it cannot backtrack.
DIGITS = r"(?:\d{1,3}+(?:[,，]\d{3}+(?!\d))++|\d++)(?:\.\d++)?+"

# Chinese numerals, ordinary and financial (大写) forms, with 点 for the decimal point.
_CN_DIGIT = "零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
_CN_MULT = "十百千拾佰仟"
CHINESE = rf"(?:[{_CN_DIGIT}{_CN_MULT}]++(?:点[{_CN_DIGIT}]++)?+)"
# The same as a figure inside running text: at the start of a run of numerals and at most
# twelve of them on each side of 点 (so a scanner tried at every character of a long run
# of numerals stops at once: linear, not quadratic).
CHINESE_AMOUNT = (
    rf"(?:(?<![{_CN_DIGIT}{_CN_MULT}点])[{_CN_DIGIT}{_CN_MULT}]{{1,12}}+"
    rf"(?:点[{_CN_DIGIT}]{{1,12}}+)?+)"
)

# A share in tenths (成), as the press writes it: 四成 = 40%, 四成一 = 41%, 五成九 = 59%.  The
# digit after 成 is the next decimal place; a numeral after it makes it something else.
_CN_NONZERO = "一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
_CN_ANY = f"{_CN_DIGIT}{_CN_MULT}点"
TENTHS = rf"(?:(?<![{_CN_ANY}])[{_CN_NONZERO}]成(?:[{_CN_DIGIT}](?![{_CN_ANY}]))?+)"

# Money units, longest first (a regex alternation takes the first that matches), in the
# simplified forms the grammar reads (traditional characters are mapped before it).
MONEY_UNITS = ("万亿元", "亿元", "千元", "万元", "元", "万亿", "亿", "万")
YUAN_UNITS = tuple(u for u in MONEY_UNITS if u.endswith("元"))  # as a table's 单位： prints them
# The money units' traditional characters, mapped one for one (lengths kept).
TRADITIONAL_UNITS = str.maketrans({"萬": "万", "億": "亿"})

# Scale of a money unit as a power of ten relative to 万元 (the tables' unit).
_WAN_EXPONENT = {
    "元": -4,
    "千元": -1,
    "万元": 0,
    "万": 0,
    "亿元": 4,
    "亿": 4,
    "万亿元": 8,
    "万亿": 8,
}


def unit_alternation(units: tuple[str, ...] = MONEY_UNITS) -> str:
    """A regular-expression alternation of ``units`` (longest first, as given)."""
    return "|".join(regex.escape(u) for u in units)


# -- reading ----------------------------------------------------------------------------

# Everything a printed number may carry that is not part of its value: thousands
# separators (ASCII, full-width, small form) and white space of any width.
_NOISE = regex.compile(r"[,，﹐\s\u3000\u00a0\u2009\u202f]++")
_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)} | {
    ord("．"): ord("."),
    ord("－"): ord("-"),
    ord("−"): ord("-"),
}
_PLAIN = regex.compile(r"^[-+]?+(?:\d++(?:\.\d++)?+|\.\d++)$")
_CHINESE_FULL = regex.compile(rf"^{CHINESE}$")
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    "〇": 0,
    "两": 2,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
_CN_SCALE = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}


def decimal_of(text: str | None) -> Decimal | None:
    """The value of a printed number, keeping its printed places (``"2.40"`` → 2.40).

    Reads ASCII and full-width digits, thousands separators of any kind (``12，345.67``,
    ``21 348.5``), and Chinese numerals (``三点二五`` → 3.25, ``一百二十`` → 120).  None
    when the text is not a number."""
    if not text:
        return None
    folded = _NOISE.sub("", text.translate(_FULLWIDTH))
    if _PLAIN.match(folded):
        try:
            return Decimal(folded)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            return None
    if _CHINESE_FULL.match(folded):
        return _chinese(folded)
    return None


def _chinese(text: str) -> Decimal | None:
    """三点二五 → 3.25; 一百二十 → 120; 二〇〇七 → 2007 (digit by digit when no 十/百/千)."""
    whole, _, fraction = text.partition("点")
    if any(c in _CN_SCALE for c in whole):
        total = current = 0
        for char in whole:
            if char in _CN_SCALE:
                total += (current or 1) * _CN_SCALE[char]
                current = 0
            else:
                current = _CN_VALUE[char]
        digits = str(total + current)
    else:
        digits = "".join(str(_CN_VALUE[c]) for c in whole) or "0"
    if any(c in _CN_SCALE for c in fraction):
        return None
    if fraction:
        digits += "." + "".join(str(_CN_VALUE[c]) for c in fraction)
    return Decimal(digits)


def tenths_percent(text: str) -> Decimal | None:
    """A share in tenths as a percentage: 四成一 → 41, 五成 → 50 (None when not one)."""
    tens, sep, units = text.partition("成")
    if not sep or len(tens) != 1 or len(units) > 1:
        return None
    value = _CN_VALUE.get(tens)
    unit_value = _CN_VALUE.get(units, None) if units else 0
    if not value or unit_value is None:
        return None
    return Decimal(value * 10 + unit_value)


def is_number(text: str) -> bool:
    return decimal_of(text) is not None


# -- rounding ---------------------------------------------------------------------------


N = TypeVar("N", int, Decimal)  # scaled integers (the space-aligned reader) or Decimals


def printed_decimals(value: Decimal) -> int:
    """Digits after the point as printed (``Decimal("2.40")`` → 2, ``Decimal("380")`` → 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def half_unit(decimals: int) -> Decimal:
    """How far a value printed at ``decimals`` places may lie from it: 0.005 for two."""
    return Decimal(5).scaleb(-decimals - 1)


def rounding_of(value: Decimal) -> Decimal:
    """:func:`half_unit` at the places ``value`` is printed with (2.40 → 0.005)."""
    return half_unit(printed_decimals(value))


def within_rounding(difference: N, slack: N) -> bool:
    """Whether printed numbers whose exact sum is off by ``difference`` can still agree,
    ``slack`` being the sum of their half-units.

    The one rounding model: a number printed as ``12.3`` stands for [12.25, 12.35)
    (rounded half up), so a relation holds only when the difference lies strictly inside
    the summed half-units (an empty cell is an exact 0 with no slack: a difference of 0
    holds).  Reconciliation's intervals (``reconcile/interval.py``) are the general form
    of this; the table readers' placement tests use this shortcut on sums.
    """
    return difference == 0 or abs(difference) < slack


def adds_up(total: Decimal | None, parts: Sequence[Decimal | None]) -> bool:
    """``total`` = Σ ``parts`` as printed numbers (:func:`within_rounding`); an empty
    (None) total or part is an exact zero."""
    numbers = [v for v in (total, *parts) if v is not None]
    slack = sum((rounding_of(v) for v in numbers), Decimal(0))
    rhs = sum((v for v in parts if v is not None), Decimal(0))
    return within_rounding((total or Decimal(0)) - rhs, slack)


# -- units ------------------------------------------------------------------------------


def money_unit(unit: str | None) -> str | None:
    """The canonical name of a money unit (萬元 → 万元, bare 万 kept), None if not money."""
    if unit is None:
        return None
    unit = unit.translate(TRADITIONAL_UNITS)
    return unit if unit in _WAN_EXPONENT else None


def in_wan(value: Decimal | None, unit: str | None) -> Decimal | None:
    """The amount in 万元 (exact: a power-of-ten shift keeps every printed digit)."""
    name = money_unit(unit)
    if value is None or name is None:
        return None
    scale = _WAN_EXPONENT[name]
    if scale == 0:
        return value  # already in 万元: the same (immutable) object
    shifted = value.scaleb(scale)
    sign, digits, exponent = shifted.as_tuple()
    if isinstance(exponent, int) and exponent > 0:
        # 3.2亿元 → 32000, not 3.2E+4; built from the digits, as quantize would round (or
        # fail) past the context's 28 digits on a 30-digit amount
        shifted = Decimal((sign, digits + (0,) * exponent, 0))
    return shifted


def yuan_per(unit: str | None) -> Decimal | None:
    """元 per printed unit (万元 → 10000); None for counts (人, 辆 …), % and no unit."""
    name = money_unit(unit)
    return None if name is None else Decimal(1).scaleb(_WAN_EXPONENT[name] + 4)


# The units a check may find a figure was really printed in (元 / 万元 / 亿元 apart by
# 10⁴): the scales of a change of unit, named by their usual unit.
UNIT_STEPS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}


def half_up(value: Decimal, decimals: int) -> Decimal:
    """``value`` rounded half up to ``decimals`` places, exactly at any size (``quantize``
    in the default context fails once the result has more than 28 digits)."""
    digits = max(28, value.adjusted() + decimals + 2)
    return value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, Context(prec=digits))
