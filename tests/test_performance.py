"""Performance-target tables (项目支出绩效目标表 / 部门整体绩效目标表)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetparse import layout as K
from budgetparse.build import TreeBuilder
from budgetparse.grammar import parse_lines
from budgetparse.layout import LogicalLine
from budgetparse.mapped import MappedText
from budgetparse.tables.performance import PerformanceTable, parse_target, read_performance

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "performance"
CORPUS = ROOT / "corpus"


def performance_tables(text: str) -> list[tuple[str, PerformanceTable]]:
    """Every performance table of a document, read from the lines the builder hands over."""
    layout = K.normalise(text)
    tree, _ = parse_lines(layout.lines)
    builder = TreeBuilder(layout.lines)
    builder.start(tree)
    found = []
    for block, lines in zip(builder.tables, builder.table_lines, strict=True):
        if block.kind and block.kind.startswith("performance_"):
            found.append((block.kind, read_performance(block.kind, lines)))
    return found


def fixture(name: str) -> tuple[str, list[tuple[str, PerformanceTable]]]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text, performance_tables(text)


def codes(table: PerformanceTable) -> set[str]:
    return {d[0] for d in table.diagnostics}


def rows(table: PerformanceTable) -> list[tuple[object, ...]]:
    return [
        (i.level1, i.level2, i.name, i.value_text, i.operator, i.value, i.unit)
        for i in table.indicators
    ]


# -- parse_target -----------------------------------------------------------------------

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # >=
        ("≥98%", (">=", D("98"), "%")),
        (">=95%", (">=", D("95"), "%")),
        ("＞=50条", (">=", D("50"), "条")),
        ("＞＝50条", (">=", D("50"), "条")),
        ("=>3次", (">=", D("3"), "次")),
        ("≧5个", (">=", D("5"), "个")),
        ("⩾2篇", (">=", D("2"), "篇")),
        ("≥ 300人次", (">=", D("300"), "人次")),
        ("不低于90%", (">=", D("90"), "%")),
        ("不少于12篇", (">=", D("12"), "篇")),
        ("大于等于8人", (">=", D("8"), "人")),
        ("98%以上", (">=", D("98"), "%")),
        # <=
        ("≤24小时", ("<=", D("24"), "小时")),
        ("<=2%", ("<=", D("2"), "%")),
        ("＜=24小时", ("<=", D("24"), "小时")),
        ("≦1天", ("<=", D("1"), "天")),
        ("≤95万元/次", ("<=", D("95"), "万元/次")),
        ("<=1.75万元", ("<=", D("1.75"), "万元")),
        ("不高于5%", ("<=", D("5"), "%")),
        ("不超过10万元", ("<=", D("10"), "万元")),
        ("24小时以内", ("<=", D("24"), "小时")),
        # = > <
        ("=100%", ("=", D("100"), "%")),
        ("＝0次", ("=", D("0"), "次")),
        ("=2000元/人/月", ("=", D("2000"), "元/人/月")),
        ("=15210.67元/人/年", ("=", D("15210.67"), "元/人/年")),
        (">10%", (">", D("10"), "%")),
        ("＞10%", (">", D("10"), "%")),
        ("<5%", ("<", D("5"), "%")),
        ("＜5%", ("<", D("5"), "%")),
        # no operator printed
        ("2500元/月/人", (None, D("2500"), "元/月/人")),
        ("8人", (None, D("8"), "人")),
        ("50M", (None, D("50"), "M")),
        ("1,332.40万元", (None, D("1332.40"), "万元")),
        ("100", (None, D("100"), None)),
        # full-width digits and signs
        ("≥９８％", (">=", D("98"), "%")),
        ("＞＝１２篇", (">=", D("12"), "篇")),
        ("≤１．５万元", ("<=", D("1.5"), "万元")),
        # text targets, dates, ranges, nothing
        ("有效提升", (None, None, None)),
        ("有所提升", (None, None, None)),
        ("提升", (None, None, None)),
        ("2022年12月", (None, None, None)),
        ("2022年1月15日", (None, None, None)),
        ("90%-100%", (None, None, None)),
        ("-", (None, None, None)),
        ("", (None, None, None)),
        ("≥", (None, None, None)),
    ],
)
def test_parse_target(text: str, expected: tuple[object, ...]) -> None:
    assert parse_target(text) == expected


def test_parse_target_keeps_printed_precision() -> None:
    assert str(parse_target("≤13.50万元")[1]) == "13.50"


# -- the layouts ---------------------------------------------------------------------------


def test_plain_tab_table() -> None:
    text, tables = fixture("plain.txt")
    assert [k for k, _ in tables] == ["performance_project"]
    t = tables[0][1]
    assert t.budget_unit == "示例县文化服务中心"
    assert t.project == "部门专项-乡村书屋运行费"
    assert (t.total, t.fiscal, t.other) == (D("42.5"), D("40"), D("2.5"))
    assert t.goal is not None and t.goal.startswith("保障全县乡村书屋正常开放")
    assert rows(t) == [
        ("产出指标", "数量指标", "更新图书册数", "≥1200册", ">=", D("1200"), "册"),
        ("产出指标", "数量指标", "组织阅读活动场次", ">=6场次", ">=", D("6"), "场次"),
        ("产出指标", "质量指标", "图书验收合格率", "=100%", "=", D("100"), "%"),
        # a row shifted left by the extractor keeps the levels above it
        ("产出指标", "质量指标", "书屋开放达标率", "≥90%", ">=", D("90"), "%"),
        ("产出指标", "时效指标", "资金支付及时率", "＞=95%", ">=", D("95"), "%"),
        # a shifted row whose only level is a 二级指标
        ("产出指标", "成本指标", "单个书屋运行成本", "3000元/个/年", None, D("3000"), "元/个/年"),
        ("效益指标", "社会效益指标", "群众阅读氛围", "明显改善", None, None, None),
        # (an empty 生态效益指标 row gives no indicator)
        # a 二级 level whose 一级 cell shifted away gets its parent
        ("效益指标", "可持续影响指标", "书屋持续开放年限", "≥3年", ">=", D("3"), "年"),
        ("满意度指标", "满意度指标", "读者满意度", "≥90%", ">=", D("90"), "%"),
    ]
    assert t.diagnostics == ()
    for indicator in t.indicators:
        start, end = indicator.span
        assert indicator.name in text[start:end]
        assert indicator.value_text in text[start:end]


def test_markdown_like_table() -> None:
    _, tables = fixture("markdown.txt")
    t = tables[0][1]
    assert t.budget_unit == "示例县农业技术推广站"  # letter spacing closed
    assert t.project == "良种示范补助"  # label and value merged in one cell
    assert (t.total, t.fiscal, t.other) == (D("295"), D("295"), D("0"))  # "29 5", "其他资金 0"
    assert t.goal == "建设良种示范田, 推广新品种, 开展技术培训。"
    assert [(i.level1, i.level2, i.name, i.operator, i.value, i.unit) for i in t.indicators] == [
        ("产出指标", "数量指标", "示范田面积", ">=", D("500"), "亩"),
        ("产出指标", "数量指标", "技术培训人次", ">=", D("300"), "人次"),
        ("产出指标", "成本指标", "每亩补助标准", "<=", D("100"), "元/亩"),
        ("效益指标", "经济效益指标", "示范田亩均增产", ">=", D("5"), "%"),
        ("满意度指标", "满意度指标", "参训农户满意度", ">=", D("95"), "%"),
    ]


def test_department_table() -> None:
    _, tables = fixture("department.txt")
    kind, t = tables[0]
    assert kind == "performance_department"
    assert t.budget_unit == "示例县档案馆"
    assert t.project is None
    assert (t.fiscal, t.other) == (D("312.75"), D("0"))  # 上级安排 + 本级安排
    assert t.total == D("312.75")
    assert "performance.total_computed" in codes(t)
    assert t.goal == "1. 完成馆藏档案数字化。2. 保障查档服务。"
    assert [(i.level1, i.level2, i.name, i.value_text) for i in t.indicators] == [
        ("履职效能", "数量指标", "档案数字化页数", "≥20万页"),
        ("履职效能", "质量指标", "查档申请办结率", "=100%"),  # name wrapped onto a second row
        ("履职效能", "时效指标", "查档答复时限", "≤3个工作日"),
    ]


def test_pdftotext_table_best_effort() -> None:
    text, tables = fixture("pdftotext.txt")
    t = tables[0][1]
    assert t.budget_unit == "示例县水利服务站"
    assert t.project == "部门专项-渠道维护费"
    assert (t.total, t.fiscal, t.other) == (D("1208.40"), D("1200.00"), D("8.40"))
    assert t.goal == "目标 1：完成全县干渠清淤，保障灌溉期渠道畅通。"
    assert [(i.name, i.operator, i.value, i.unit) for i in t.indicators] == [
        ("干渠清淤长度", "=", D("35"), "公里"),
        ("渠道巡查次数", ">=", D("24"), "次"),  # "＞" / "=24" / "次" on three lines
        ("清淤单价", "<=", D("1.25"), "万元/公里"),  # "=1.2" / "5万元" / "/公里"
        ("灌溉户满意度", ">=", D("90"), "%"),
    ]
    assert all(i.level1 is None and i.level2 is None for i in t.indicators)
    assert "performance.levels_unread" in codes(t)
    start, end = t.indicators[2].span
    assert text[start:end].startswith("清淤单价") and text[start:end].endswith("/公里")


def test_malformed_table_gives_diagnostics() -> None:
    _, tables = fixture("malformed.txt")
    t = tables[0][1]
    assert t.indicators == ()
    assert {
        "performance.missing_amounts",
        "performance.missing_unit",
        "performance.missing_project",
        "performance.unreadable_row",
        "performance.no_indicators",
    } <= codes(t)


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [LogicalLine(K.TABLE_ROW, MappedText.original("x"))],
        [LogicalLine(K.TABLE_ROW, MappedText.original("一级指标 二级指标"))],
        [
            LogicalLine(
                K.TABLE_ROW,
                MappedText.original("一级指标\t\t"),
                (MappedText.original("一级指标"), MappedText.empty(), MappedText.empty()),
            ),
            LogicalLine(
                K.TABLE_ROW,
                MappedText.original("\t\t"),
                (MappedText.empty(), MappedText.empty(), MappedText.empty()),
            ),
        ],
    ],
)
def test_never_raises(lines: list[LogicalLine]) -> None:
    for kind in ("performance_project", "performance_department"):
        t = read_performance(kind, lines)
        assert isinstance(t, PerformanceTable)
        assert "performance.no_indicators" in codes(t)
        assert "performance.reader_error" not in codes(t)  # read, not a failure caught


# -- the corpus ------------------------------------------------------------------------------


def corpus_tables(name: str) -> list[tuple[str, PerformanceTable]]:
    return performance_tables((CORPUS / name).read_text(encoding="utf-8"))


def test_corpus_korla_2022() -> None:
    tables = corpus_tables("2022/korla-city-government-office.txt")
    assert [(t.project, t.total, t.fiscal, t.other) for _, t in tables] == [
        ("部门专项—政办业务费", D("35"), D("35"), D("0")),
        ("市级专项-智慧城市电子政务运行费", D("380"), D("380"), D("0")),
        ("部门专项-12345人员经费及业务费", D("60"), D("60"), D("0")),
    ]
    assert [t.budget_unit for _, t in tables] == [
        "库尔勒市人民政府办公室",
        "库尔勒市人民政府办公室",
        "库尔勒市行政服务中心",
    ]
    assert [len(t.indicators) for _, t in tables] == [8, 8, 11]
    assert all(t.diagnostics == () for _, t in tables)
    first = tables[0][1].indicators
    assert (first[0].level1, first[0].level2, first[0].name) == (
        "产出指标",
        "数量指标",
        "节日慰问次数",
    )
    assert (first[0].operator, first[0].value, first[0].unit) == (">=", D("3"), "场次")
    # a row whose leading empty cells the extractor dropped
    second = {i.name: i for i in tables[1][1].indicators}
    shifted = second["单位维护成本控制数"]
    assert (shifted.level1, shifted.level2, shifted.value_text) == (
        "产出指标",
        "成本指标",
        "≤95万元/次",
    )
    third = {i.name: i for i in tables[2][1].indicators}
    wage = third["政务热线工作人员月工资"]
    assert (wage.level2, wage.operator, wage.value, wage.unit) == (
        "成本指标",
        None,
        D("2500"),
        "元/月/人",
    )
    assert third["优化营商环境,吸引投资项目"].value_text == "有效提高"
    assert [i.level1 for i in tables[2][1].indicators].count("效益指标") == 3


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "2022/bayingolin-prefecture-government-office.txt",
            [
                ("performance_project", D("295"), 37),
                ("performance_project", D("27"), 23),
                ("performance_project", D("75"), 17),
                ("performance_project", D("30"), 8),
            ],
        ),
        (
            "2022/korla-development-zone-party-government-office.txt",
            [
                ("performance_project", D("16"), 13),
                ("performance_project", D("7"), 8),
                ("performance_project", D("1000"), 11),
                ("performance_project", D("10"), 7),
                ("performance_project", D("110"), 9),
                ("performance_project", D("5"), 10),
            ],
        ),
        (
            "2024/kashgar-city-government-office.txt",
            [("performance_department", D("1247.22"), 8), ("performance_project", D("114.08"), 12)],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_corpus_tab_documents(name: str, expected: list[tuple[str, Decimal, int]]) -> None:
    tables = corpus_tables(name)
    assert [(k, t.total, len(t.indicators)) for k, t in tables] == expected
    for _, t in tables:
        assert t.budget_unit and t.goal
        assert not {"performance.unreadable_row", "performance.reader_error"} & codes(t)


def test_corpus_bayingolin_shifted_rows() -> None:
    tables = corpus_tables("2022/bayingolin-prefecture-government-office.txt")
    hotline = {i.name: i for i in tables[2][1].indicators}
    assert tables[2][1].project == "“放管服”工作及“12345”政务服务热线保障费"
    level = hotline["政务服务工作水平"]  # "社会效益指标" printed in the 一级 column
    assert (level.level1, level.level2, level.value_text) == (
        "效益指标",
        "社会效益指标",
        "有所提升",
    )
    first = {i.name: i for i in tables[0][1].indicators}
    assert first["采购完成时间"].value_text == "2022年12月"
    assert first["采购完成时间"].value is None


def test_corpus_korla_development_zone() -> None:
    tables = corpus_tables("2022/korla-development-zone-party-government-office.txt")
    first = tables[0][1]
    assert first.project == "安邦信息、法律顾问费"
    assert (first.total, first.fiscal, first.other) == (D("16"), None, D("0"))
    assert "performance.missing_amount" in codes(first)
    assert first.indicators[-1].name == "服务对象满意度"
    # rows with a level and no indicator (生态效益指标 left empty) give nothing
    assert all(i.name for _, t in tables for i in t.indicators)


def test_corpus_kashgar_department() -> None:
    (kind, dept), (_, project) = corpus_tables("2024/kashgar-city-government-office.txt")
    assert kind == "performance_department"
    assert dept.budget_unit == "新疆维吾尔自治区喀什地区喀什市人民政府办公室"
    assert (dept.fiscal, dept.other) == (D("1247.22"), D("0"))
    assert dept.indicators[3].name == "举报平台反映线索问题查处率"  # wrapped name joined
    assert project.project == "单位运转项目"
    assert (project.total, project.fiscal, project.other) == (D("114.08"), D("114.08"), D("0"))
    cost = {i.name: i for i in project.indicators}["人均运转经费数"]
    assert (cost.operator, cost.value, cost.unit) == ("=", D("15210.67"), "元/人/年")


def test_corpus_pdftotext_2025() -> None:
    tables = corpus_tables("2025/korla-city-government-office.txt")
    assert [(k, t.budget_unit, t.project, t.total, t.fiscal, t.other) for k, t in tables] == [
        ("performance_department", "库尔勒市人民政府办公室", None, D("1.00"), D("1.00"), D("0.00")),
        (
            "performance_project",
            "库尔勒市行政服务中心",
            "部门专项-“12345”政务服务热线服务费",
            D("55.00"),
            D("55.00"),
            D("0.00"),
        ),
        (
            "performance_project",
            "库尔勒市人民政府办公室",
            "部门专项-信创替代经费",
            D("9.80"),
            D("9.80"),
            D("0.00"),
        ),
        (
            "performance_project",
            "库尔勒市人民政府办公室",
            "科技三项费-智慧城市电子政务运行经费",
            D("150.00"),
            D("150.00"),
            D("0.00"),
        ),
        (
            "performance_project",
            "库尔勒市人民政府办公室",
            "支农专项-第一书记为民办实事经费",
            D("2.00"),
            D("2.00"),
            D("0.00"),
        ),
    ]
    assert [len(t.indicators) for _, t in tables] == [4, 9, 13, 9, 10]
    hotline = {i.name: i for i in tables[1][1].indicators}
    assert (hotline["政务热线季度服务费"].operator, hotline["政务热线季度服务费"].value) == (
        "<=",
        D("13.75"),
    )
    assert hotline["政务服务热线周接通量"].value == D("2100")
    assert all(t.goal for _, t in tables)
