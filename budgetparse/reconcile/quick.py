"""The shortcut for the thousands of relations that hold: integer intervals, no labels.

Almost every check of a document holds.  Rules first test it on a *quick* reading of
each cell: its printed and evident intervals as plain integers (:func:`of_amount`) in the
document's rounding quantum (10^-(decimals + 1), the decimals being the most any table
keeps), so that every printed number and every half-unit of rounding is a whole
number.  Only a check that does not hold this way (it fails, or reads an unknown cell)
builds the cells' labelled :class:`~.index.Quantity` objects and runs the
``Decimal`` check, which then decides and words the finding.  The integer test is the
``Decimal`` one exactly: the same bounds added in the same way, the same open ends,
the same comparisons (index.py keeps magnitudes far below ``Decimal``'s 28 digits).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

# (value, printed lo, printed hi, printed open ends, evident lo, evident hi, evident open
# ends), in quanta; open ends as bits.
Quick = tuple[int, int, int, int, int, int, int]
LO_OPEN = 1
HI_OPEN = 2
ZERO_QUICK: Quick = (0, 0, 0, 0, 0, 0, 0)  # exactly 0 (an empty cell on a settled row)
# Sums of more parts than this take the Decimal path (bounds stay far below 10^28).
MAX_PARTS = 10_000
# Quick cells stay below this many quanta (sums of them far below Decimal's 28 digits);
# a larger one is read the Decimal way.
QUICK_LIMIT = 10**20
MAX_QUICK_CHARS = 40  # a printed amount longer than this is beyond QUICK_LIMIT anyway


def add(parts: Sequence[Quick | None]) -> Quick | None:
    """The sum (``index.sum_of`` on intervals); None if a part is unknown or too many."""
    if len(parts) > MAX_PARTS:
        return None
    v = plo = phi = elo = ehi = 0
    pf = ef = 0
    for p in parts:
        if p is None:
            return None
        v += p[0]
        plo += p[1]
        phi += p[2]
        pf |= p[3]
        elo += p[4]
        ehi += p[5]
        ef |= p[6]
    return (v, plo, phi, pf, elo, ehi, ef)


def _contains(lo: int, hi: int, flags: int, x: int) -> bool:
    above = lo < x or (lo == x and not flags & LO_OPEN)
    below = x < hi or (x == hi and not flags & HI_OPEN)
    return above and below


def _meets(alo: int, ahi: int, af: int, blo: int, bhi: int, bf: int) -> bool:
    """``Interval.intersects``."""
    lo = alo if alo > blo else blo
    hi = ahi if ahi < bhi else bhi
    if lo < hi:
        return True
    return lo == hi and _contains(alo, ahi, af, lo) and _contains(blo, bhi, bf, lo)


def equal(found: Quick | None, expected: Quick | None) -> bool:
    """True when ``Context.equal`` would find the two equal (OK); False: ask it."""
    if found is None or expected is None:
        return False
    value = found[0]
    if (value > 0 and expected[2] < 0) or (value < 0 and expected[1] > 0):
        return False  # sign conflict
    return _meets(found[1], found[2], found[3], expected[1], expected[2], expected[3]) and _meets(
        found[4], found[5], found[6], expected[4], expected[5], expected[6]
    )


def equal_sum(found: Quick | None, parts: Sequence[Quick | None]) -> bool:
    """True when ``Context.equal_sum`` would find ``found`` = Σ ``parts`` (OK)."""
    return found is not None and equal(found, add(parts))


def meets(a: Quick, b: Quick) -> tuple[bool, bool]:
    """Whether the printed, and the evident, intervals of ``a`` and ``b`` share a value."""
    return _meets(a[1], a[2], a[3], b[1], b[2], b[3]), _meets(a[4], a[5], a[6], b[4], b[5], b[6])


def at_most(part: Quick | None, whole: Quick | None) -> bool:
    """True when ``Context.at_most`` would find ``part`` <= ``whole`` (OK)."""
    if part is None or whole is None:
        return False
    printed = part[1] < whole[2] or (
        part[1] == whole[2] and not part[3] & LO_OPEN and not whole[3] & HI_OPEN
    )
    evident = part[4] < whole[5] or (
        part[4] == whole[5] and not part[6] & LO_OPEN and not whole[6] & HI_OPEN
    )
    return printed and evident


def of_amount(value: Decimal, evident: int, decimals: int) -> Quick | None:
    """A printed amount as a quick cell in quanta of 10^-(decimals + 1): the intervals of
    ``TableView._cell``, printed and evident at ``evident`` decimals; None when printed
    finer than the quanta, past the limit, or not finite (the Decimal path reads it)."""
    text = str(value)  # "1332.40": the coefficient's digits and the exponent, exactly
    if not value.is_finite() or "E" in text or len(text) > MAX_QUICK_CHARS:
        return None  # (a run of thousands of digits would also pass int()'s digit limit)
    point = text.find(".")
    d = len(text) - point - 1 if point >= 0 else 0
    if d > decimals or evident > decimals:
        return None
    v = int(text.replace(".", "")) * 10 ** (decimals + 1 - d)
    if not -QUICK_LIMIT < v < QUICK_LIMIT:
        return None
    lo, hi, flags = _rounded_quick(v, 5 * 10 ** (decimals - d))
    if d >= evident:
        return (v, lo, hi, flags, lo, hi, flags)
    elo, ehi, eflags = _rounded_quick(v, 5 * 10 ** (decimals - evident))
    return (v, lo, hi, flags, elo, ehi, eflags)


def _rounded_quick(v: int, half: int) -> tuple[int, int, int]:
    """``Interval.rounded`` in quanta: bounds and open ends."""
    if v > 0:
        return v - half, v + half, HI_OPEN
    if v < 0:
        return v - half, v + half, LO_OPEN
    return -half, half, LO_OPEN | HI_OPEN
