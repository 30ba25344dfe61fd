"""Inputs for the fuzzer: disclosures built from the document's line kinds, and corpus
documents damaged at the byte and character level.

Everything here is written for the fuzzer (titles, names and figures are invented); the
corpus documents are only read, never copied into the repository.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*/*.txt"))

NUMERALS = "一二三四五六七八九十"
UNITS = ["某某县", "示例市", "测试区", "样本州"]
OFFICES = ["财政局", "教育局", "卫生健康委员会", "人民政府办公室", "水利局", "某某中学"]
PART_TITLES = [
    "部门概况",
    "部门预算公开表",
    "部门预算情况说明",
    "名词解释",
    "附件",
    "部门决算公开表",
]
SECTION_TITLES = [
    "主要职能",
    "机构设置",
    "收支预算总体情况",
    "收入预算情况",
    "支出预算情况",
    "财政拨款收支预算总体情况",
    "一般公共预算支出情况",
    "“三公”经费预算情况",
    "机关运行经费",
    "政府采购情况",
    "国有资产占用情况",
    "预算绩效情况",
]
TABLE_TITLES = [
    "部门收支总表",
    "部门收入总表",
    "部门支出总表",
    "财政拨款收支总表",
    "一般公共预算支出表",
    "一般公共预算基本支出表",
    "一般公共预算“三公”经费支出表",
    "政府性基金预算支出表",
    "国有资本经营预算支出表",
    "项目支出表",
    "项目支出绩效目标表",
    "收入支出决算总表",
    "政府采购情况表",
]
COLUMNS = [
    "科目编码",
    "科目名称",
    "类",
    "款",
    "项",
    "功能分类科目",
    "项目名称",
    "合计",
    "总计",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "一般公共预算",
    "一般公共预算拨款",
    "政府性基金预算",
    "财政拨款",
    "事业收入",
    "上年结转",
    "预算数",
    "本年收入",
    "增减（%）",
    "备注",
]
ITEMS = [
    "一般公共服务支出",
    "行政运行",
    "一般行政管理事务",
    "教育支出",
    "社会保障和就业支出",
    "机关事业单位基本养老保险缴费支出",
    "卫生健康支出",
    "住房保障支出",
    "住房公积金",
    "工资福利支出",
    "商品和服务支出",
    "对个人和家庭的补助",
    "公务用车运行维护费",
    "公务接待费",
    "因公出国（境）费",
    "办公费",
]
SUBJECTS = [
    "收入预算",
    "支出预算",
    "一般公共预算拨款收入",
    "基本支出",
    "项目支出",
    "“三公”经费",
    "公务接待费",
    "机关运行经费",
    "政府采购预算",
    "财政拨款支出",
]
DIRECTIONS = ["增加", "减少", "增长", "下降", "持平"]
COMPARISONS = ["比上年", "较上年", "同比", "比上年预算", "比2023年预算数"]
REASONS = ["人员增加", "项目调整", "压减一般性支出", "新增专项资金", "上年一次性支出"]
SEPARATORS = ["\t", "  ", "   ", " | ", "|", "\u3000", " "]
HOSTILE = (
    "\x00\x01\x0b\x0c\x1b\x7f\u00ad\u200b\u200d\u2028\u2029\u202e\ufeff\ufffd\ue000"
    "\u0301\u0300\u05d0\u0627\u0f40\u1820\ua000\U0001f600\U00020000𝟘①⑴㈠Ⅳ％，。、：；（）《》“”"
    "&;#<>*|_-=~`'\"\\/.,0123456789"
)
ENTITIES = [
    "&nbsp;",
    "&amp;",
    "&lt;",
    "&#0000;",
    "&#12345;",
    "&#xD800;",
    "&#x10FFFF;",
    "&#99999999;",
    "&bogus;",
    "&",
]


def number(rng: random.Random) -> str:
    """A number in one of the shapes printed (or mangled) in disclosures."""
    whole = rng.choice([0, 1, 7, 12, 305, 1234, 45678, 1234567, 10**9 + 7])
    frac = rng.randrange(100)
    shape = rng.randrange(22)
    if shape == 0:
        return f"{whole:,}.{frac:02d}"
    if shape == 1:
        return f"{whole:,}.{frac:02d}".replace(",", "，")
    if shape == 2:
        return f"-{whole}.{frac:02d}"
    if shape == 3:
        return f"（{whole}.{frac:02d}）"
    if shape == 4:
        return f"{whole}.{frac:02d}%"
    if shape == 5:
        return rng.choice(["", "-", "—", "0", "0.00", "/", "——", "…"])
    if shape == 6:
        text = f"{whole}.{frac:02d}"
        cut = rng.randrange(1, len(text))
        return text[:cut] + " " + text[cut:]  # a number broken by extraction
    if shape == 7:
        return "9" * rng.choice([20, 30, 45, 400, 5000])
    if shape == 8:
        return "".join(chr(0xFF10 + int(c)) if c.isdigit() else "．" for c in f"{whole}.{frac}")
    if shape == 9:
        return f"{whole}e{frac}"
    if shape == 10:
        return rng.choice(["3.", ".5", "1,23,4", "1..2", "1.2.3", "0x1F", "1/2", "12.345.678,90"])
    if shape == 11:
        return f"{whole},{frac:03d},{frac:03d}"
    if shape == 12:
        return f"{whole}.{'0' * rng.choice([3, 6, 30])}1"
    return f"{whole}.{frac:02d}"


def code(rng: random.Random) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(rng.choice([3, 5, 7, 9])))
    if rng.random() < 0.2:
        return " ".join([digits[:3], digits[3:5], digits[5:]]).strip()
    return digits


def _pick(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))]


def numeral(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return "一" * rng.choice([30, 300, 3000])
    return _pick(rng, list(NUMERALS)) if rng.random() < 0.8 else "十" + _pick(rng, list(NUMERALS))


def section_heading(rng: random.Random, level: int) -> str:
    n = rng.randrange(1, 12)
    title = _pick(rng, SECTION_TITLES)
    return [
        f"{numeral(rng)}、{title}",
        f"（{numeral(rng)}）{title}",
        f"{n}.{title}",
        f"({n}){title}",
        f"{'①②③④⑤⑥'[n % 6]}{title}",
    ][level % 5]


def clause(rng: random.Random) -> str:
    """A sentence of the explanation, its clauses in random order, some left out."""
    pieces = [
        f"{_pick(rng, SUBJECTS)}{number(rng)}{_pick(rng, ['万元', '元', '亿元', '人', '辆'])}",
        f"{_pick(rng, COMPARISONS)}{_pick(rng, DIRECTIONS)}{number(rng)}万元",
        # the statement named again before its change (a record restated in its unit)
        f"。与上年相比，{_pick(rng, SUBJECTS)}{_pick(rng, DIRECTIONS)}{number(rng)}万元",
        f"{_pick(rng, ['增长', '下降'])}{number(rng)}%",
        f"占{number(rng)}%",
        f"主要原因是{_pick(rng, REASONS)}",
        f"主要用于{_pick(rng, ITEMS)}",
        f"其中：{_pick(rng, ITEMS)}{number(rng)}万元",
        f"一是{_pick(rng, REASONS)}；二是{_pick(rng, REASONS)}",
        f"主要包括{_pick(rng, ITEMS)}、{_pick(rng, ITEMS)}",
    ]
    keep = [p for p in pieces if rng.random() < 0.5] or pieces[:1]
    if rng.random() < 0.3:
        rng.shuffle(keep)
    return "，".join(keep) + rng.choice(["。", "；", "", "。。"])


def table(rng: random.Random) -> list[str]:
    columns = rng.sample(COLUMNS, rng.randrange(1, 9))
    if rng.random() < 0.02:
        columns = [f"栏{i}" for i in range(rng.choice([200, 2000]))]
    sep = _pick(rng, SEPARATORS)
    lines = [
        f"{rng.choice(['表', '', '附表'])}{rng.randrange(1, 15)}{rng.choice(['', '．', '.', ' '])}"
        f"{_pick(rng, TABLE_TITLES)}",
        f"编制部门：{_pick(rng, UNITS)}{_pick(rng, OFFICES)}{sep}单位："
        f"{rng.choice(['万元', '元', '亿元', '千元'])}",
        sep.join(columns),
    ]
    if sep.strip() == "|" and rng.random() < 0.5:
        lines.append("|".join(["---"] * len(columns)))
    all_text = rng.random() < 0.1
    for _ in range(rng.randrange(0, 30)):
        cells = []
        if rng.random() < 0.7 and not all_text:
            cells.append(code(rng))
        cells.append(_pick(rng, ITEMS))
        for _column in columns[len(cells) :]:
            cells.append(_pick(rng, ITEMS) if all_text else number(rng))
        if rng.random() < 0.2:
            cells = cells[: rng.randrange(len(cells) + 1)]
        lines.append(sep.join(cells))
    if rng.random() < 0.5:
        lines.append(sep.join(["合计", *(number(rng) for _ in columns[1:])]))
    if rng.random() < 0.2:
        lines.append(
            rng.choice(["注：本表无数据。", "备注：此表为空表。", "说明：本单位无此项支出。"])
        )
    return lines


def document(rng: random.Random) -> str:
    """A disclosure built from the grammar's line kinds, in a mostly plausible order."""
    year = rng.randrange(2015, 2030)
    unit = _pick(rng, UNITS) + _pick(rng, OFFICES)
    lines = [f"{unit}{year}年部门{rng.choice(['预算', '决算'])}公开"]
    if rng.random() < 0.5:
        lines.append("目录")
        for i in range(rng.randrange(1, 6)):
            lines.append(
                f"第{NUMERALS[i % 10]}部分 {_pick(rng, PART_TITLES)}{'…' * rng.randrange(4)}{i + 1}"
            )
    for p in range(rng.randrange(0, 6)):
        part = numeral(rng) if rng.random() < 0.3 else NUMERALS[p % 10]
        lines.append(f"第{part}部分 {_pick(rng, PART_TITLES)}")
        for _ in range(rng.randrange(0, 6)):
            kind = rng.random()
            if kind < 0.35:
                lines.append(section_heading(rng, rng.randrange(5)))
            elif kind < 0.7:
                lines.append("".join(clause(rng) for _ in range(rng.randrange(1, 4))))
            elif kind < 0.9:
                lines.extend(table(rng))
            else:
                lines.append(rng.choice(["- 3 -", "第 2 页", "※ 1 2 3 4", "\f", "", "   "]))
    if rng.random() < 0.6:
        lines += [unit, f"{year}年{rng.randrange(1, 14)}月{rng.randrange(1, 33)}日"]
    return "\n".join(lines) + rng.choice(["\n", "", "\r\n"])


def markup(rng: random.Random, text: str) -> str:
    """The text as a web page or a markdown conversion would give it."""
    out = []
    for line in text.split("\n"):
        r = rng.random()
        if r < 0.1:
            line = f"<p>{line}</p>"
        elif r < 0.15:
            line = "<tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr>"
        elif r < 0.2:
            line = f"## {line}"
        elif r < 0.25:
            line = f"**{line}**"
        elif r < 0.3:
            line = f"| {line} |"
        if rng.random() < 0.1:
            at = rng.randrange(len(line) + 1)
            line = line[:at] + _pick(rng, ENTITIES) + line[at:]
        out.append(line)
    return "\n".join(out)


def stretch(rng: random.Random, text: str, size: int) -> str:
    """The text grown to about ``size`` characters by repeating one of its shapes: the
    adversarial inputs (long lines, many lines, wide tables) that expose superlinear cost."""
    shape = rng.randrange(8)
    if shape == 0:
        line = rng.choice(text.split("\n") or ["x"]) or "x"
        return text + "\n" + (line + "\n") * (size // (len(line) + 1))
    if shape == 1:
        return text + "\n" + "1" * size
    if shape == 2:
        return text + "\n" + "\n".join(["行政运行"] * (size // 5))
    if shape == 3:
        return text + "\n" + "项目支出增加12.00万元，" * (size // 14)
    if shape == 4:
        return text + "\n" + "\t".join(["1,234.56"] * (size // 9))
    if shape == 5:
        return "\n".join([text] * max(1, size // max(1, len(text))))
    if shape == 6:
        return text + "\n第" + "一" * size + "部分 部门概况\n"
    return text + "\n" + "&nbsp;" * (size // 6)


def mutate(rng: random.Random, text: str) -> str:
    """Character-level damage: deletion, duplication, insertion, swaps, digit changes."""
    for _ in range(rng.randrange(1, 9)):
        n = len(text)
        op = rng.randrange(9)
        at = rng.randrange(n + 1)
        end = min(n, at + rng.randrange(1, 400))
        if op == 0:
            text = text[:at] + text[end:]
        elif op == 1:
            text = text[:end] + text[at:end] + text[end:]
        elif op == 2:
            text = (
                text[:at]
                + "".join(rng.choice(HOSTILE) for _ in range(rng.randrange(1, 6)))
                + text[at:]
            )
        elif op == 3:
            lines = text.split("\n")
            if len(lines) > 1:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == 4:
            text = "".join(
                str(rng.randrange(10)) if c.isdigit() and rng.random() < 0.1 else c
                for c in text[at:end]
            ).join([text[:at], text[end:]])
        elif op == 5:
            text = text[:at] + "\n" + text[at:]
        elif op == 6:
            text = text[:at] + text[at:end].replace("\n", "") + text[end:]
        elif op == 7:
            text = text[:at] + "\n".join(table(rng)) + "\n" + text[at:]
        else:
            text = text[:at] + clause(rng) + text[at:]
    return text


def encode(rng: random.Random, text: str) -> str | bytes:
    """The text as given to ``parse``: a str, or bytes in one of the encodings read."""
    r = rng.random()
    if r < 0.3:
        return text
    if r < 0.6:
        return text.encode("utf-8", "surrogatepass")
    if r < 0.7:
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if r < 0.85:
        try:
            return text.encode("gb18030")
        except UnicodeEncodeError:
            return text.encode("gb18030", "replace")
    if r < 0.95:
        return text.encode("utf-16", "surrogatepass")
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    for _ in range(rng.randrange(1, 8)):  # byte-level damage
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _corpus_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in CORPUS]


_TEXTS: list[str] = []


def one_input(rng: random.Random, big: bool = False) -> str | bytes:
    """One fuzz input: generated or a damaged corpus document, maybe with markup, maybe
    stretched to an adversarial size (``big``), in some encoding."""
    if not _TEXTS:
        _TEXTS.extend(_corpus_texts())
    makers: list[Callable[[], str]] = [
        lambda: document(rng),
        lambda: mutate(rng, rng.choice(_TEXTS)),
        lambda: mutate(rng, document(rng)),
    ]
    text = rng.choice(makers)()
    if rng.random() < 0.3:
        text = markup(rng, text)
    if big:
        text = stretch(rng, text, rng.choice([20_000, 100_000, 300_000]))
    return encode(rng, text)
