"""The shapes of single lines in a disclosure, as compiled regular expressions.

One place for every line-level pattern, so the layout pass and the tests speak of the same
shapes.  All patterns are anchored and use possessive quantifiers or plain character
classes, so none can backtrack catastrophically on long or hostile lines.
"""

from __future__ import annotations

import regex

from .numbers import YUAN_UNITS, unit_alternation

# Chinese numerals as used for part and section numbers (一 … 九十九).
CN_NUM = "〇零一二三四五六七八九十百"
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}

CJK = r"\p{Han}"
# Characters after which a sentence (and so a paragraph) may end.
TERMINAL_PUNCT = "。；;！!？?"

# 第一部分 部门概况
PART = regex.compile(rf"^第\s*+([{CN_NUM}]++)\s*+部\s*+分\s*+(.*+)$")
# A part heading damaged by the extractor, as tables of contents print it: "第三部 2023年…"
# (分 lost), "部分 名词解释" (number lost).  Only read inside a table of contents.
PART_DAMAGED = regex.compile(
    rf"^(?:第\s*+([{CN_NUM}]++)\s*+部(?=[\s\d]|$)|部\s*+分)\s*+[:：]?\s*+(.*+)$"
)
# 一、主要职能   十二、其他重要事项   (also "一. " / "一．")
SEC1 = regex.compile(rf"^([{CN_NUM}]{{1,4}}+)\s*+[、.．]\s*+(.*+)$")
# （一）机关运行经费情况    (一) / (一）
SEC2 = regex.compile(rf"^[（(]\s*+([{CN_NUM}]{{1,4}}+)\s*+[)）]\s*+(.*+)$")
# 1. 项目名称   1、负责…   1．   (never "1.5%" nor "2024年")
SEC3 = regex.compile(r"^(\d{1,2}+)\s*+(?:[、．]|\.(?!\d))\s*+(.*+)$")
# (1) …   （1）…   ① …
SEC4 = regex.compile(r"^(?:[（(]\s*+(\d{1,2}+)\s*+[)）]|([①-⑳]))\s*+(.*+)$")

# A table title: a short line ending in 表 (部门收支总体情况表, 项目支出绩效目标表).
TABLE_TITLE = regex.compile(r"^(?:[^\d\t，。；：:表]|表(?!$)){1,40}+表$")
# 编制部门：…  编制单位：…  单位：万元  部门名称（盖章）… (2022年)
TABLE_META = regex.compile(
    r"^(?:编制(?:部门|单位)|单位\s*+[:：]|金额单位|[（(]\s*+\d{4}+\s*+年\s*+[)）]$)"
)
# 单位：万元 (the units of budgetparse.numbers that a table prints)
UNIT = regex.compile(rf"单\s*+位\s*+[:：]\s*+({unit_alternation(YUAN_UNITS)})")
# 备注：…  and the sentences that say a table is printed empty.
TABLE_NOTE = regex.compile(
    r"^(?:备\s*+注|注\s*+[:：]|说明\s*+[:：])|此表为空表|为空表|无此项|本表无数据"
)
EMPTY_TABLE = regex.compile(r"空表|没有.{0,40}?(?:支出|安排)|未安排|无此项|无相关|本表无数据")

# Page furniture: "12", "- 12 -", "第 3 页", "第3页 共20页"
PAGE_NUMBER = regex.compile(
    r"^(?:[-—–－]\s*+)?\d{1,4}+(?:\s*+[-—–－])?$|^第\s*+\d{1,4}+\s*+页(?:\s*+[,，/]?\s*+共\s*+\d{1,4}+\s*+页)?$|^\d{1,4}+\s*+/\s*+\d{1,4}+$"
)
# Column-index rows: "※ ※ ※ 1 2 3", "栏次 1 2 3 4", "1 2 3 4 5"
COLUMN_INDEX = regex.compile(r"^(?:(?:※|栏次|项目|\*)\s*+)*+(?:\d{1,2}+\s*+)++$")

# Leader dots and the page number of a table-of-contents entry: "……… 3", "....( 1 )",
# "…… 14-15"; and the field residue of a word processor ("PAGEREF _Toc123 \h 3").
TOC_LEADER = regex.compile(
    r"(?:[.．…·•]{2,}+[.．…·•,，\s]*+|\s++)\(?\s*+\d{1,3}+(?:\s*+[-–—~]\s*+\d{1,3}+)?\s*+\)?$"
    r"|[.．…·•]{3,}+[.．…·•,，\s]*+$"
)
# A line of ellipses only, matched without its white space (``…``, ``… …``, ``⋯⋯``, ``...``,
# ``···``, ``。。。``): a form's mark for rows or text it leaves out.  A dot alone is no
# ellipsis (a bullet, a stray full stop).
ELLIPSIS_LINE = regex.compile(r"^(?:[.．·・。]?+[…⋯‥]|[.．·・。]{2})[…⋯‥.．·・。]*+$")
TOC_FIELD = regex.compile(r"\s*+PAGEREF\s++_Toc\d++(?:\s*+\\?h)?(?:\s*+\d{1,3}+)?")
# 2022年2月12日   2025年 2月 1日   2024年02月20日   2022.2.12
DATE = regex.compile(r"^(\d{4}+)\s*+[年.\-/]\s*+(\d{1,2}+)\s*+[月.\-/]\s*+(\d{1,2}+)\s*+日?$")
# "库尔勒市人民政府办公室2022年部门预算公开" / "… 2024 年部门预算公开" (the document title)
TITLE_YEAR = regex.compile(r"(\d{4}+)\s*+年\s*+(?:度\s*+)?(?:部门|单位)?\s*+预算")
YEAR = regex.compile(r"(?<!\d)(20\d{2}+)\s*+年")

# A short "label：" at the start of a line (项目名称：, 设立的政策依据：).
LABEL_LINE = regex.compile(rf"^{CJK}{{2,10}}+[：:]")

# White space that sits between two CJK characters, or between CJK and a digit / %.
_GAP_SIDE = rf"[{CJK}\p{{Ps}}\p{{Pe}}、，。：；“”]"
CJK_GAP = regex.compile(
    rf"(?<={_GAP_SIDE}|[\d%％])[ \u3000\u00a0]++(?={_GAP_SIDE})"
    rf"|(?<=[{CJK}、，。：；])[ \u3000\u00a0]++(?=[\d(（])"
    r"|(?<=\d)[ \u3000\u00a0]++(?=[%％])"
)
# A decimal broken by the extractor: "1247.2 2" → "1247.22" (two decimals are the rule).
BROKEN_DECIMAL = regex.compile(r"(?<![\d.])\d++\.\d(\s++)\d(?![\d.])")


def cn_number(text: str) -> int | None:
    """Value of a small Chinese numeral (一 … 九十九, or digit by digit up to four: 二〇二四);
    None if it is not one (a run of 5,000 numerals is not a number)."""
    if not text or len(text) > 4:
        return None
    if all(c in CN_DIGITS for c in text):
        value = 0
        for c in text:
            value = value * 10 + CN_DIGITS[c]
        return value
    if "十" in text and text.count("十") == 1:
        tens, _, units = text.partition("十")
        t = CN_DIGITS.get(tens, -1) if tens else 1
        u = CN_DIGITS.get(units, -1) if units else 0
        if t < 0 or u < 0:
            return None
        return t * 10 + u
    return None
