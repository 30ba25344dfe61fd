"""The one model of numbers and units (budgetparse/numbers.py) and its users."""

from __future__ import annotations

from decimal import Decimal

import pytest
import regex

from budgetparse import numbers
from budgetparse.narrative import read_narrative
from budgetparse.narrative.fragment import units_of
from budgetparse.tables.cells import NUMBER, read_amount


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.40", "2.40"),
        ("1,234.5", "1234.5"),
        ("12，345.67", "12345.67"),  # a full-width comma between thousands
        ("21 348.5", "21348.5"),  # a space between thousands
        ("１２．５", "12.5"),  # full-width digits and point
        ("-3.5", "-3.5"),
        ("三点二五", "3.25"),
        ("六点零八", "6.08"),
        ("一百二十", "120"),
        ("十五", "15"),
        ("零", "0"),
        ("贰", "2"),
    ],
)
def test_printed_numbers_are_read_with_their_places(text: str, value: str) -> None:
    got = numbers.decimal_of(text)
    assert got is not None and str(got) == value


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12万", "点五", None])
def test_what_is_not_a_number_reads_as_none(text: str | None) -> None:
    assert numbers.decimal_of(text) is None


@pytest.mark.parametrize(
    ("value", "unit", "wan"),
    [
        ("86500", "元", "8.6500"),
        ("120", "千元", "12.0"),
        ("12.5", "万元", "12.5"),
        ("12.5", "万", "12.5"),
        ("3.2", "亿元", "32000"),
        ("3", "亿", "30000"),
        ("1.26", "万亿元", "126000000"),
        ("4.2", "萬元", "4.2"),
        ("2", "億元", "20000"),
    ],
)
def test_every_money_unit_converts_to_wan_exactly(value: str, unit: str, wan: str) -> None:
    assert str(numbers.in_wan(Decimal(value), unit)) == wan


def test_counts_and_percent_are_not_money() -> None:
    for unit in ("人", "辆", "%", None):
        assert numbers.money_unit(unit) is None
        assert numbers.in_wan(Decimal(3), unit) is None
        assert numbers.yuan_per(unit) is None
    assert numbers.yuan_per("千元") == Decimal(1000)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("四成一", "41"),
        ("五成", "50"),
        ("六成零", "60"),
        ("贰成五", "25"),
        ("成", None),
        ("十成", None),
        ("四成一二", None),
        ("零成五", None),
    ],
)
def test_shares_in_tenths(text: str, value: str | None) -> None:
    got = numbers.tenths_percent(text)
    assert got == (Decimal(value) if value else None)
    if value:  # the grammar's shape spells exactly what the reader reads
        assert regex.fullmatch(numbers.TENTHS, text)


def test_the_digit_shape_is_one_for_cells_and_prose() -> None:
    shape = regex.compile(rf"^{numbers.DIGITS}$")
    for text in ("1,234.56", "1234", "12，345", "0.5"):
        assert shape.match(text), text
    for text in ("1,23", "12,3456", ".5", "1."):
        assert not shape.match(text), text
    assert read_amount("1，234.50", frozenset()) == (NUMBER, Decimal("1234.50"))


def test_prose_reads_every_shape_through_the_model() -> None:
    text = "基本支出12，345.67万元；项目支出21 348.5万元；专项经费三点二五万亿元；培训费12.5万。"
    records = read_narrative(units_of(text)).records
    assert [str(r.amount) for r in records] == ["12345.67", "21348.5", "3.25", "12.5"]
    assert [r.unit for r in records] == ["万元", "万元", "万亿元", "万"]
    assert str(records[2].amount_wan) == "325000000"


def test_within_rounding_is_half_open() -> None:
    from budgetparse.numbers import within_rounding

    # 691 printed as the sum of 692 and an empty cell: [690.5, 691.5) and [691.5, 692.5)
    # share no value, so the relation fails (closed intervals would let it pass)
    assert not within_rounding(Decimal("691") - Decimal("692"), Decimal("0.5") + Decimal("0.5"))
    assert within_rounding(Decimal("12.30") - Decimal("12.309"), Decimal("0.01"))
    assert within_rounding(0, 0)  # empty cells: exact zeros
    assert not within_rounding(1, 0)
    assert within_rounding(-3, 4) and not within_rounding(4, 4)  # scaled integers too
