"""Inputs of adversarial shape, for ``budgetparse bench`` and the cost tests: each one
grows a single feature without bound (lines, columns, numerals, separators, statements),
the shapes that once made a stage superlinear.  Every text is generated here, in its
own words and figures; ``make(shape, size)`` gives about ``size`` bytes of UTF-8.
"""

from __future__ import annotations

from collections.abc import Callable

HEAD = "示例县财政局2025年部门预算公开\n第一部分 部门概况\n一、主要职能\n负责综合协调。\n"
CAPTIONS = (
    "部门收支总体情况表",
    "部门收入总体情况表",
    "部门支出总体情况表",
    "财政拨款收支总体情况表",
    "一般公共预算支出情况表",
    "一般公共预算基本支出情况表",
    "一般公共预算项目支出情况表",
    "一般公共预算“三公”经费支出情况表",
    "政府性基金预算支出情况表",
)
PROSE = "第三部分 部门预算情况说明\n一、收支预算总体情况\n"


def tables(body: str) -> str:
    """Part 2 of the nine-table template, table 5 (一般公共预算支出, by 功能分类) holding
    ``body`` after its header row, the others empty."""
    out = ["第二部分 部门预算公开表"]
    for number, caption in enumerate(CAPTIONS, 1):
        out += [f"表{number}:", caption, "编制部门：示例县财政局\t单位：万元"]
        if number == 5:
            out.append(body)
        else:
            out.append("备注：此表为空表。")
    return "\n".join(out) + "\n"


HEADER = "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"


def all_text_table(size: int) -> str:
    """A table whose every cell is text (no amount anywhere)."""
    row = "\t".join(["行政运行", "一般行政管理事务", "机关服务", "其他支出", "事业运行"])
    return HEAD + tables(HEADER + _repeat(row + "\n", size))


def wide_table(size: int) -> str:
    """A table of one header row and a few rows, thousands of columns wide."""
    columns = max(10, size // 40)
    header = "\t".join(["科目编码", "科目名称", "合计", *(f"第{i}栏" for i in range(columns))])
    row = "\t".join(["2010101", "行政运行", *(f"{i % 97}.{i % 10}0" for i in range(columns + 1))])
    return HEAD + tables(header + "\n" + row + "\n" + row)


def thousands_separators(size: int) -> str:
    """Tables and prose thick with thousands separators."""
    row = "2010101\t行政运行\t1,234,567.89\t1,234,000.00\t567.89\n"
    prose = "基本支出1,234,567.89万元，比上年增加12,345.67万元，增长1.01%。\n"
    half = size // 2
    return HEAD + tables(HEADER + _repeat(row, half)) + PROSE + _repeat(prose, half)


def short_lines(size: int) -> str:
    """Hundreds of thousands of one- or two-character lines."""
    return HEAD + _repeat("收\n支\n一\n12\n", size)


def spaced_words(size: int) -> str:
    """A table row of thousands of words apart by single spaces (no tab): the words
    before its amounts are one cell, as ``合 计`` is ``合计``."""
    words = _repeat("行政 运行 经费 ", size).replace("\n", "")
    row = f"2010101 {words}1.00 1.00\n"
    return HEAD + tables(HEADER + row)


def hard_wrapped(size: int) -> str:
    """Prose hard-wrapped at a fixed width that never reaches a full stop."""
    line = "部门预算支出主要用于保障机构正常运转和完成日常工作任务以及各项事业发展"
    return HEAD + PROSE + _repeat(line + "\n", size)


def part_numerals(size: int) -> str:
    """A part heading whose numeral runs for hundreds of thousands of characters."""
    return HEAD + "第" + "一" * max(1, size // 3) + "部分 部门预算公开表\n"


def many_statements(size: int) -> str:
    """The same quantities stated again and again (many disclosures in one file): the
    contradiction check sees every statement of one key."""
    unit = (
        "基本支出300.00万元，比上年增加12.00万元，增长4.17%。"
        "项目支出120.00万元。“三公”经费支出8.00万元，其中：公务接待费2.00万元。\n"
    )
    other = unit.replace("300.00", "301.00")  # now and then a differing figure
    return HEAD + PROSE + _repeat(unit * 9 + other, size)


def long_line(size: int) -> str:
    """One line of megabytes: words, figures and punctuation without a break."""
    body = _repeat("收入预算1,234.56万元，其中财政拨款1,000.00万元；", size).replace("\n", "")
    return HEAD + PROSE + body + "\n"


def long_digits(size: int) -> str:
    """One line of nothing but digits, beside amounts of thousands of digits."""
    return HEAD + PROSE + "收入预算" + "9" * 5000 + "万元。\n" + "7" * max(1, size) + "\n"


SHAPES: dict[str, Callable[[int], str]] = {
    "all_text_table": all_text_table,
    "wide_table": wide_table,
    "thousands_separators": thousands_separators,
    "short_lines": short_lines,
    "spaced_words": spaced_words,
    "hard_wrapped": hard_wrapped,
    "part_numerals": part_numerals,
    "many_statements": many_statements,
    "long_line": long_line,
    "long_digits": long_digits,
}


def make(shape: str, size: int) -> str:
    """About ``size`` bytes of UTF-8 of the named shape."""
    return SHAPES[shape](size)


def _repeat(block: str, size: int) -> str:
    """``block`` repeated to about ``size`` bytes of UTF-8."""
    return block * max(1, size // len(block.encode("utf-8")))
