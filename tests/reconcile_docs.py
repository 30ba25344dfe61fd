"""Small synthetic disclosures for the reconciliation tests (made-up units and amounts).

``build(leaves, ...)`` writes a 2022-template part 2 (tables 1-8, tab-separated) whose
every table agrees with the others when the amounts are exact; amounts are printed
rounded to two decimals and every total is the rounded exact sum, as a correct
spreadsheet prints them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

# 项 code → (类 name, 款 name, 项 name)
NAMES = {
    "2010301": ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"),
    "2010399": (
        "一般公共服务支出",
        "政府办公厅（室）及相关机构事务",
        "其他政府办公厅（室）及相关机构事务支出",
    ),
    "2080505": ("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"),
    "2101101": ("卫生健康支出", "行政事业单位医疗", "行政单位医疗"),
    "2210201": ("住房保障支出", "住房改革支出", "住房公积金"),
}
ECONOMIC = {
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30201": "办公费",
    "30231": "公务用车运行维护费",
}
ECONOMIC_CLASS = {"301": ("工资福利支出", "人员经费"), "302": ("商品和服务支出", "公用经费")}


def r2(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def build(
    leaves: dict[str, tuple[Decimal, Decimal]],
    economic: dict[str, Decimal],
    project: tuple[str, Decimal, Decimal] | None = None,
    three: tuple[Decimal, Decimal, Decimal] = (Decimal(0), Decimal(3), Decimal(1)),
) -> str:
    """leaves: 项 code → (基本支出, 项目支出) exact; economic: 款 code → exact amount
    (Σ must equal Σ 基本支出); project: (name, 商品和服务支出, 资本性支出) of the one project
    of 2010399; three: 因公出国（境）费, 公务用车运行费, 公务接待费."""
    codes = sorted(leaves)

    def total(prefix: str, index: int | None = None) -> Decimal:
        return sum(
            (sum(leaves[c]) if index is None else leaves[c][index])
            for c in codes
            if c.startswith(prefix)
        ) or Decimal(0)

    tree: list[tuple[str, str]] = []  # (code, name) in table order
    for code in codes:
        for length, name in zip((3, 5, 7), NAMES[code], strict=True):
            if (code[:length], name) not in tree:
                tree.append((code[:length], name))

    def split(code: str) -> str:
        parts = [code[:3], code[3:5], code[5:7]]
        return "\t".join(parts)

    lines = ["第二部分 部门预算公开表"]
    # 表1 summary
    grand = total("")
    classes = [(c, n) for c, n in tree if len(c) == 3]
    lines += [
        "表1：部门收支总体情况表",
        "单位：万元",
        "收入\t\t支出",
        "项目\t预算数\t功能分类\t预算数",
    ]
    incomes = [("财政拨款（补助）", r2(grand)), ("一般公共预算", r2(grand)), ("政府性基金预算", "")]
    for i in range(max(len(incomes), len(classes))):
        left = incomes[i] if i < len(incomes) else ("", "")
        right = (
            (f"{classes[i][0]}{classes[i][1]}", r2(total(classes[i][0])))
            if i < len(classes)
            else ("", "")
        )
        lines.append("\t".join((*left, *right)).rstrip("\t"))
    lines.append(f"收入总计\t{r2(grand)}\t支出总计\t{r2(grand)}")
    # 表2 revenue
    lines += [
        "表2：部门收入总体情况表",
        "单位：万元",
        "功能分类科目编码\t\t\t功能分类科目名称\t总计\t一般公共预算拨款\t政府性基金预算拨款\t国有资本经营预算\t财政专户管理资金\t事业收入\t事业单位经营收入\t单位其他资金收入",
    ]
    for code, name in tree:
        lines.append(f"{split(code)}\t{name}\t{r2(total(code))}\t{r2(total(code))}")
    lines.append(f"\t\t\t合计\t{r2(grand)}\t{r2(grand)}")
    # 表3 expenditure and 表5 general_expenditure
    for number, title in ((3, "部门支出总体情况表"), (5, "一般公共预算支出情况表")):
        lines += [
            f"表{number}：{title}",
            "单位：万元",
            "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出",
        ]
        for code, name in tree:
            basic, proj = total(code, 0), total(code, 1)
            cells = [r2(total(code)), r2(basic) if basic else "", r2(proj) if proj else ""]
            lines.append("\t".join([split(code), name, *cells]).rstrip("\t"))
        lines.append(f"\t\t\t合计\t{r2(grand)}\t{r2(total('', 0))}\t{r2(total('', 1))}")
    # 表4 fiscal_summary
    lines += [
        "表4：财政拨款收支预算总体情况表",
        "单位：万元",
        "财政拨款收入\t\t财政拨款支出",
        "项目\t合计\t功能分类\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算",
    ]
    incomes = [("一、财政拨款（补助）", r2(grand)), ("一般公共预算", r2(grand))]
    for i in range(max(len(incomes), len(classes))):
        left = incomes[i] if i < len(incomes) else ("", "")
        right: tuple[str, ...] = ("", "", "")
        if i < len(classes):
            amount = r2(total(classes[i][0]))
            right = (f"{classes[i][0]}{classes[i][1]}", amount, amount)
        lines.append("\t".join((*left, *right)).rstrip("\t"))
    lines.append(f"收入总计\t{r2(grand)}\t支出总计\t{r2(grand)}\t{r2(grand)}")
    # 表6 general_basic
    lines += [
        "表6：一般公共预算基本支出情况表",
        "单位：万元",
        "经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费",
    ]
    for klass, (name, column) in ECONOMIC_CLASS.items():
        items = {c: v for c, v in economic.items() if c.startswith(klass)}
        if not items:
            continue
        amount = r2(sum(items.values()))
        cells = (amount, "") if column == "人员经费" else ("", amount)
        lines.append(f"{klass}\t\t{name}\t{amount}\t{cells[0]}\t{cells[1]}".rstrip("\t"))
        for code, value in items.items():
            cells = (r2(value), "") if column == "人员经费" else ("", r2(value))
            lines.append(
                f"{code[:3]}\t{code[3:]}\t{ECONOMIC[code]}\t{r2(value)}\t{cells[0]}\t{cells[1]}".rstrip(
                    "\t"
                )
            )
    people = sum((v for c, v in economic.items() if c.startswith("301")), Decimal(0))
    public = sum((v for c, v in economic.items() if c.startswith("302")), Decimal(0))
    lines.append(f"\t\t合计\t{r2(people + public)}\t{r2(people)}\t{r2(public)}")
    # 表7 general_project
    lines += [
        "表7：一般公共预算项目支出情况表",
        "单位：万元",
        "科目编码\t\t\t科目\t项目名称\t项目支出合计\t工资福利支出\t商品和服务支出\t对个人和家庭的补助\t债务利息及费用支出\t资本性支出（基本建设）\t资本性支出\t对企业补助（基本建设）\t对企业补助\t对社会保障基金补助\t其他支出",
    ]
    if project is not None:
        name, goods, capital = project
        amount = r2(goods + capital)
        row = f"{amount}\t\t{r2(goods)}\t\t\t\t{r2(capital)}"
        lines.append(f"201\t\t\t一般公共服务支出\t\t{row}")
        lines.append(f"201\t03\t\t政府办公厅（室）及相关机构事务\t\t{row}")
        lines.append(f"201\t03\t99\t其他政府办公厅（室）及相关机构事务支出\t{name}\t{row}")
        lines.append(f"\t\t\t\t合计\t{row}")
    # 表8 three_public
    abroad, car, reception = three
    lines += [
        "表8：一般公共预算“三公”经费支出情况表",
        "单位：万元",
        "合计\t因公出国(境)费\t公务用车购置及运行费\t\t\t公务接待费",
        "\t\t小计\t公务用车购置费\t公务用车运行费\t",
        "\t".join(
            [
                r2(abroad + car + reception),
                r2(abroad) if abroad else "",
                r2(car),
                "",
                r2(car),
                r2(reception),
            ]
        ),
    ]
    return "\n".join(lines) + "\n"


def standard() -> str:
    """The consistent document of ``tests/fixtures/reconcile/consistent_2022.txt``."""
    return build(
        leaves={
            "2010301": (Decimal("300.40"), Decimal(0)),
            "2010399": (Decimal(0), Decimal("50.00")),
            "2080505": (Decimal("30.12"), Decimal(0)),
            "2101101": (Decimal("12.30"), Decimal(0)),
            "2210201": (Decimal("20.18"), Decimal(0)),
        },
        economic={
            "30101": Decimal("200.00"),
            "30102": Decimal("130.00"),
            "30201": Decimal("25.00"),
            "30231": Decimal("8.00"),
        },
        project=("部门专项-信息系统运维", Decimal("30.00"), Decimal("20.00")),
        three=(Decimal(0), Decimal("8.00"), Decimal("5.00")),
    )
