"""Printed-precision intervals (budgetparse/reconcile/interval.py)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from budgetparse.reconcile.interval import (
    Interval,
    change_percent_agrees,
    percent_agrees,
    printed_decimals,
    scale_fit,
    total,
    unit_read_as,
)

D = Decimal


def printed(text: str) -> Interval:
    value = D(text)
    return Interval.rounded(value, printed_decimals(value))


def test_printed_decimals_keep_trailing_zeros() -> None:
    assert [printed_decimals(D(t)) for t in ("2.40", "2.4", "380", "0.005")] == [2, 1, 0, 3]


def test_rounding_interval_is_half_open() -> None:
    """四舍五入: 691.5 prints as 692, so 691 and 692 cannot be the same value."""
    a, b = printed("691"), printed("692")
    assert a.contains(D("690.5")) and not a.contains(D("691.5"))
    assert not a.intersects(b) and not b.intersects(a)
    assert printed("691.4").intersects(printed("691"))


def test_sum_of_rounded_items_may_miss_the_total_by_rounding() -> None:
    parts = total([printed("61.04"), printed("10.91")])  # 71.95 exactly
    assert parts.intersects(printed("71.94"))  # [71.94, 71.96) meets [71.935, 71.945)
    assert not parts.intersects(printed("71.92"))


def test_exact_zero_and_negative_numbers() -> None:
    zero = Interval.exact(D(0))
    assert zero.intersects(printed("0.00")) and not zero.intersects(printed("0.01"))
    minus = printed("-5.0")
    assert minus.contains(D("-4.95")) and not minus.contains(D("-5.05"))
    assert (printed("3") - printed("3")).contains(D(0))


def test_percent_at_the_corners() -> None:
    # 892.61 / 1367.61 = 65.268…%
    assert percent_agrees(D("65.27"), printed("892.61"), printed("1367.61"))
    assert not percent_agrees(D("65.30"), printed("892.61"), printed("1367.61"))
    assert percent_agrees(D("65"), printed("892.61"), printed("1367.61"))  # 0 decimals
    assert percent_agrees(D("6"), printed("5.8"), printed("100")) is True  # 5.75–5.85 → 6
    assert percent_agrees(D("50"), printed("1"), Interval.exact(D(0))) is None


def test_change_percent_sign_must_agree() -> None:
    delta, prior = printed("-791.56"), printed("2159.17")  # -36.66%
    assert change_percent_agrees(D("-36.66"), delta, prior)
    assert change_percent_agrees(D("36.66"), delta, prior) is False  # 下降 printed as a rise


def test_scale_fit_names_the_unit() -> None:
    factor = scale_fit(printed("301200"), printed("30.12"))
    assert factor == D(10000) and unit_read_as(factor, "万元") == "元"
    assert scale_fit(printed("30.21"), printed("30.12")) is None
    assert scale_fit(printed("0"), printed("0.00")) is None  # zero fits every scale


@given(
    st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=30),
)
def test_exact_values_rounded_always_meet_their_rounded_total(mils: list[int]) -> None:
    """Values with three decimals, printed at two; the total printed rounded too."""
    exact = [D(m).scaleb(-3) for m in mils]
    cent = D("0.01")
    rounded = [v.quantize(cent, rounding=ROUND_HALF_UP) for v in exact]
    grand = sum(exact, D(0)).quantize(cent, rounding=ROUND_HALF_UP)
    assert total(printed(str(r)) for r in rounded).intersects(printed(str(grand)))
