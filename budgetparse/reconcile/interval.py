"""Printed-precision intervals: what a rounded number can stand for.

A printed amount ``691`` stands for any value that rounds to it.  Budgets round half up
(四舍五入), so the value lies in ``[690.5, 691.5)``: the lower bound is included, the
upper one is not (``691.5`` prints as ``692``).  This matters when two whole numbers one
unit apart are compared: closed intervals would let ``691`` and ``692`` be the same value.
A relation fails only when no values inside the intervals of its printed numbers satisfy
it (the model of XBRL Calculations 1.1).  Sums add interval bounds; ratios and
percentages are monotone in their inputs and are taken at the corners of the input
intervals, then compared at the decimals printed.  All arithmetic is ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from ..numbers import UNIT_STEPS, half_unit, printed_decimals

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@attrs.frozen
class Interval:
    """The values a printed number (or a sum of them) can stand for."""

    lo: Decimal
    hi: Decimal
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @classmethod
    def rounded(cls, value: Decimal, decimals: int) -> Interval:
        """Values that print as ``value`` when rounded half away from zero to ``decimals``."""
        half = half_unit(decimals)
        if value > 0:
            return cls(value - half, value + half, hi_open=True)
        if value < 0:
            return cls(value - half, value + half, lo_open=True)
        return cls(-half, half, lo_open=True, hi_open=True)

    @property
    def width(self) -> Decimal:
        return self.hi - self.lo

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.lo + other.lo,
            self.hi + other.hi,
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo, self.hi_open, self.lo_open)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def scaled(self, factor: Decimal) -> Interval:
        """The interval times a positive factor (a change of unit)."""
        if factor == 1:  # the common case (万元 to 万元): intervals are immutable
            return self
        return Interval(self.lo * factor, self.hi * factor, self.lo_open, self.hi_open)

    def contains(self, x: Decimal) -> bool:
        above = self.lo < x or (self.lo == x and not self.lo_open)
        below = x < self.hi or (x == self.hi and not self.hi_open)
        return above and below

    def intersects(self, other: Interval) -> bool:
        """Some value lies in both."""
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        if lo < hi:
            return True
        return lo == hi and self.contains(lo) and other.contains(lo)

    def allows_at_most(self, other: Interval) -> bool:
        """Some value of ``self`` is <= some value of ``other``."""
        if self.lo < other.hi:
            return True
        return self.lo == other.hi and not self.lo_open and not other.hi_open

    def gap(self, other: Interval) -> Decimal:
        """Distance between the two intervals (0 when they touch or overlap)."""
        return max(ZERO, self.lo - other.hi, other.lo - self.hi)

    def excludes_zero(self) -> bool:
        return not self.contains(ZERO) and (self.lo > 0 or self.hi < 0)


__all__ = ["Interval", "printed_decimals", "total"]


def total(intervals: Iterable[Interval]) -> Interval:
    out = Interval.exact(ZERO)
    for interval in intervals:
        out = out + interval
    return out


# -- ratios and percentages -----------------------------------------------------------------


def ratio(part: Interval, whole: Interval) -> Interval | None:
    """``part / whole`` over the corners; None when the whole may be zero or negative."""
    if whole.lo <= 0 or part.lo < 0:
        return None
    corners = [part.lo / whole.lo, part.lo / whole.hi, part.hi / whole.lo, part.hi / whole.hi]
    return Interval(min(corners), max(corners))


def percent_agrees(printed: Decimal, part: Interval, whole: Interval) -> bool | None:
    """Is a printed percentage (``65.27`` for 65.27%) what ``part / whole`` rounds to
    at the decimals printed?  None when the ratio is undefined."""
    share = ratio(part, whole)
    if share is None:
        return None
    as_percent = share.scaled(HUNDRED)
    return as_percent.intersects(Interval.rounded(printed, printed_decimals(printed)))


def change_percent_agrees(printed: Decimal, delta: Interval, prior: Interval) -> bool | None:
    """Is a printed change rate (``-36.66`` for 下降36.66%) what ``delta / prior`` rounds to?
    The sign must agree outright: a direction disagreement is never rounding."""
    if prior.lo <= 0:
        return None
    if sign_conflict(printed, delta):
        return False
    corners = [delta.lo / prior.lo, delta.lo / prior.hi, delta.hi / prior.lo, delta.hi / prior.hi]
    rate = Interval(min(corners) * HUNDRED, max(corners) * HUNDRED)
    return rate.intersects(Interval.rounded(printed, printed_decimals(printed)))


def sign_conflict(printed: Decimal, interval: Interval) -> bool:
    """A printed number of one sign against a quantity that is surely of the other."""
    return (printed > 0 and interval.hi < 0) or (printed < 0 and interval.lo > 0)


# -- unit scales ----------------------------------------------------------------------------

UNITS: dict[str, Decimal] = UNIT_STEPS  # 元 / 万元 / 亿元 (budgetparse.numbers)
FACTORS: tuple[Decimal, ...] = (
    Decimal(10_000),
    Decimal("0.0001"),
    Decimal(100_000_000),
    Decimal("0.00000001"),
)


def scale_fit(found: Interval, expected: Interval) -> Decimal | None:
    """The factor (10⁴, 10⁻⁴, 10⁸, 10⁻⁸) by which ``found`` is ``expected`` in another unit.

    Only for non-zero quantities: a zero fits every scale and says nothing."""
    if not found.excludes_zero() or not expected.excludes_zero():
        return None
    for factor in FACTORS:
        if found.scaled(1 / factor).intersects(expected):
            return factor
    return None


def unit_read_as(factor: Decimal, unit: str | None) -> str | None:
    """The unit a figure seems printed in when it is ``factor`` times a value in ``unit``
    (``10⁴`` against 万元 → 元)."""
    base = UNITS.get(unit or "万元")
    if base is None:
        return None
    value = base / factor
    return next((name for name, size in UNITS.items() if size == value), None)
