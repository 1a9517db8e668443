"""A deterministic generator of 绩效目标表 text dumps together with their expected records.

Everything expected here comes from the generator's own ground truth: the
`FormSpec`s it drew and the distortions it applied while printing them. The
pipeline is never run to find out what to expect.

    rng = random.Random(7)
    forms = random_document(rng, "clean")
    text, joined = render("tsv", forms, random.Random(8), Distortions())
    expected = expected_records(forms, joined)

Content (project names, goals, indicator names) is drawn from word lists
written for this module. Printed label variants follow
shared/design/taxonomy.md; what the record must hold follows
shared/design/record-contract.md.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field, replace
from typing import Callable

Number = int | float
Parse = tuple[str | None, Number | None, str | None]  # (comparator, value, unit)

# --- word lists -----------------------------------------------------------------------

PLACES = (
    "清水河", "红柳湾", "东沙窝", "石门", "西坪", "白杨", "梨花", "青松", "金沙", "柳溪",
    "南湖", "北塬", "杏林", "双河", "高台", "枣园", "桃源", "马莲", "槐树", "黄羊",
)  # fmt: skip
COUNTIES = ("青岭县", "河阳县", "沙坡县", "云岗县", "柳林县", "东川区", "塬上县", "白河县")
BUREAUS = (
    "财政局", "农业农村局", "水务局", "教育局", "民政局", "卫生健康局", "自然资源局",
    "林业和草原局", "住房和城乡建设局", "文化旅游广电局",
)  # fmt: skip
UNIT_SUFFIXES = ("镇人民政府", "乡人民政府", "街道办事处", "社区居民委员会", "中心学校", "水利站")
PROJECT_TASKS = (
    "村道路硬化工程", "农村饮水安全巩固提升项目", "高标准农田建设项目", "人居环境整治经费",
    "村级组织运转经费", "养老服务站运营补助", "中小学校舍维修改造项目", "河道清淤疏浚工程",
    "林草防火能力建设项目", "基层文化活动经费", "困难群众临时救助资金", "公共卫生服务补助",
    "小型水利设施维修养护经费", "农业社会化服务补助", "便民服务中心运行经费",
)  # fmt: skip
ATTRIBUTES = ("新增一次性项目", "延续性项目", "经常性项目", "一次性项目", "新增项目")
PERIODS = ("一年", "1年", "三年", "长期", "当年", "两年", "{year}年")
GOAL_CLAUSES = (
    "通过实施本项目，改善{place}片区群众生产生活条件",
    "确保项目资金专款专用、规范使用",
    "年内完成{n}处设施维修养护任务",
    "提升基层公共服务能力和水平",
    "保障{n}个村级组织正常运转",
    "带动周边农户增收致富",
    "进一步增强群众的获得感、幸福感、安全感",
    "于{year}年底前完成全部建设内容并通过验收",
    "巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
    "建立健全设施长效管护机制",
    "切实解决{n}户群众的实际困难",
    # years that are no mismatch: a range holding the form's year, a document number
    "落实{y0}—{y1}年发展规划",
    "推进{y0}年—{y1}年三年行动",
    "根据《关于加强项目资金管理的通知》（{county}财发〔{prev}〕{n}号）要求",
)  # fmt: skip
DOC_TITLE_TEMPLATES = (
    "{county}{bureau}项目支出预算绩效目标表",
    "{place}镇人民政府项目支出预算绩效目标表",
    "{county}{bureau}{year}年度项目支出绩效目标表",
)
TITLES = ("部门项目支出预算绩效目标表", "项目支出绩效目标表", "项目支出绩效目标申报表", "部门项目支出绩效目标表")
QUALITATIVE = ("合格", "明显", "不断提高", "良好", "显著", "有效保障", "达到预期目标", "明显改善", "达到规定标准")

# --- the taxonomy: canonical labels and how they are printed ------------------------------

LEVEL1_PRINTED: dict[str, tuple[str, ...]] = {
    "产出指标": ("产出指标", "产出指标（50分）", "产出指标(40分)", "产 出 指 标"),
    "效益指标": ("效益指标", "效果指标", "效益指标（30分）"),
    "满意度指标": ("满意度指标", "满意度指标（10分）"),
    "成本指标": ("成本指标", "成本指标（20分）"),
}
LEVEL2_PRINTED: dict[str, tuple[str, ...]] = {
    "数量指标": ("数量指标", "数量指标 (必填硬性指标)", "数量指标（必填）", "产出数量指标", "数量目标",
                 "数量指标(必填硬性指标)"),
    "质量指标": ("质量指标", "质量指标 (必填)", "质量指标（必填）", "产出质量指标", "质量目标"),
    "时效指标": ("时效指标", "时效指标（必填）", "进度指标", "产出进度指标", "时效目标"),
    "成本指标": ("成本指标", "成本指标（必填硬性指标）", "产出成本指标", "成本目标"),
    "经济效益指标": ("经济效益指标", "经济效益", "经济效益指标（选填）"),
    "社会效益指标": ("社会效益指标", "社会效益指标（必填）", "社会效益"),
    "生态效益指标": ("生态效益指标", "环境效益指标", "环境效益", "生态效益指标（选填）"),
    "可持续影响指标": ("可持续影响指标", "可持续影响指标（必填）"),
    "服务对象满意度指标": ("服务对象满意度指标", "服务对象满意度指标（必填）", "社会公众满意度",
                           "社会公众或服务对象满意度指标", "服务对象满意度", "满意度指标", "具体指标"),
    "经济成本指标": ("经济成本指标", "经济成本指标（必填）"),
    "社会成本指标": ("社会成本指标", "社会成本指标（选填）"),
    "生态环境成本指标": ("生态环境成本指标", "生态环境成本指标（选填）"),
}  # fmt: skip

CLASSIC: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # level 1, level 2 groups always present, level 2 groups drawn
    ("产出指标", ("数量指标",), ("质量指标", "时效指标", "成本指标")),
    ("效益指标", ("社会效益指标",), ("经济效益指标", "生态效益指标", "可持续影响指标")),
    ("满意度指标", ("服务对象满意度指标",), ()),
)
FRAMEWORK_2021: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("成本指标", ("经济成本指标",), ("社会成本指标", "生态环境成本指标")),
    ("产出指标", ("数量指标",), ("质量指标", "时效指标")),
    ("效益指标", ("社会效益指标",), ("经济效益指标", "生态效益指标", "可持续影响指标")),
    ("满意度指标", ("服务对象满意度指标",), ()),
)
LEVEL2_ORDER = (
    "经济成本指标", "社会成本指标", "生态环境成本指标", "数量指标", "质量指标", "时效指标", "成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
)  # fmt: skip
MONEY_GROUPS = frozenset({"成本指标", "经济成本指标"})  # level-2 groups whose indicators may state money

# --- targets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    text: str
    parsed: Parse | None = None  # known exactly: (comparator, value, unit); None = not asserted


TargetFactory = Callable[[random.Random, int], Target]
PCTS = (80, 85, 90, 95, 98)


def _num(text: str) -> Number:
    plain = text.replace(",", "")
    return float(plain) if "." in plain else int(plain)


def t_pct(prefix: str, comparator: str, percent: str = "%") -> TargetFactory:
    def make(rng: random.Random, year: int) -> Target:
        p = rng.choice(PCTS)
        return Target(f"{prefix}{p}{percent}", (comparator, p, "%"))

    return make


def t_count(template: str, comparator: str, unit: str | None, lo: int = 2, hi: int = 600) -> TargetFactory:
    def make(rng: random.Random, year: int) -> Target:
        n = rng.randint(lo, hi)
        return Target(template.format(n=n), (comparator, n, unit))

    return make


def t_fixed(text: str, parsed: Parse | None = None) -> TargetFactory:
    return lambda rng, year: Target(text, parsed)


def t_qual(*words: str) -> TargetFactory:
    def make(rng: random.Random, year: int) -> Target:
        return Target(rng.choice(words or QUALITATIVE), (None, None, None))

    return make


def t_km(rng: random.Random, year: int) -> Target:
    text = rng.choice([str(rng.randint(2, 40)), f"{rng.randint(2, 40)}.{rng.randint(1, 9)}"])
    return Target(f"{text}公里", ("=", _num(text), "公里"))


def t_deadline(rng: random.Random, year: int) -> Target:
    return Target(rng.choice([f"{year}年12月底前", f"{year}年{rng.randint(6, 11)}月底前"]))


def t_dotrange(rng: random.Random, year: int) -> Target:
    a = rng.randint(1, 6)
    return Target(f"{year}.{a:02d}-{year}.{rng.randint(a + 1, 12):02d}")


def t_months_range(rng: random.Random, year: int) -> Target:
    a = rng.randint(3, 5)
    return Target(f"{a}月—{rng.randint(a + 3, 11)}月")


def t_wan(prefix: str, comparator: str) -> TargetFactory:
    def make(rng: random.Random, year: int) -> Target:
        text = rng.choice([str(rng.randint(2, 90)), f"{rng.randint(1, 30)}.{rng.randint(1, 9)}"])
        return Target(f"{prefix}{text}万元", (comparator, _num(text), "万元"))

    return make


# level 2 → (name, target factory); names are unique across all pools
POOLS: dict[str, tuple[tuple[str, TargetFactory], ...]] = {
    "数量指标": (
        ("新建硬化道路长度", t_km),
        ("维修养护设施数量", t_count("{n}处", "=", "处")),
        ("开展实用技术培训", t_count("不少于{n}次", "≥", "次", 2, 60)),
        ("培训农民人次", t_count("{n}人次", "=", "人次")),
        ("补助困难群众户数", t_count("{n}户", "=", "户")),
        ("高标准农田建设面积", t_count("{n}亩", "=", "亩", 100, 9000)),
        ("配备监测设备", t_count("{n}", "=", None, 2, 90)),
        ("覆盖行政村个数", t_count("{n}个", "=", "个", 2, 40)),
        ("开展安全巡查", t_count("不少于{n}次", "≥", "次", 4, 120)),
        ("受益学生人数", t_count("{n}人", "=", "人")),
        ("新增造林面积", t_count("{n}亩", "=", "亩", 50, 5000)),
        ("发放宣传资料", t_count("{n}份", "=", "份", 100, 5000)),
        ("组织网格员参加业务培训，提升网格化管理服务水平", t_count("{n}次", "=", "次", 2, 30)),
    ),
    "质量指标": (
        ("工程验收合格率", t_pct("≥", "≥")),
        ("设备完好率", t_pct("≧", "≥")),
        ("资金使用合规率", t_fixed("100%", ("=", 100, "%"))),
        ("培训考核通过率", t_pct("不低于", "≥")),
        ("水质检测达标率", t_pct("＞", ">")),
        ("项目建设质量", t_qual("合格", "达到规定标准")),
        ("档案资料完整率", t_pct("≥", "≥", "％")),
        ("救助对象识别准确率", t_pct("≥", "≥")),
        ("实行网格化管理，网格员走访网格内居民，全覆盖", t_fixed("100%", ("=", 100, "%"))),
        ("群众投诉率", t_count("<{n}%", "<", "%", 1, 5)),
        ("安全责任事故", t_fixed("0起", ("=", 0, "起"))),
    ),
    "时效指标": (
        ("项目完成时间", t_deadline),
        ("资金拨付及时率", t_fixed("100%", ("=", 100, "%"))),
        ("施工工期", t_count("{n}个月", "=", "个月", 2, 11)),
        ("{year}年全年", t_fixed("12个月", ("=", 12, "个月"))),
        ("灌溉供水时段", t_months_range),
        ("问题整改时限", t_count("≤{n}个工作日", "≤", "个工作日", 3, 15)),
        ("工作任务完成及时率", t_pct("≥", "≥")),
        ("项目实施周期", t_dotrange),
    ),
    "经济效益指标": (
        ("带动农户增收", t_wan("≥", "≥")),
        ("节约群众出行成本", t_qual("明显", "显著")),
        ("带动就业人数", t_count("不少于{n}人", "≥", "人", 5, 300)),
        ("农产品产值增长率", t_pct("≥", "≥")),
    ),
    "社会效益指标": (
        ("群众生产生活条件", t_qual("明显改善", "显著改善")),
        ("受益人口", t_count("{n}人", "=", "人", 100, 9000)),
        ("基层治理能力", t_qual("不断提高", "明显提升")),
        ("社会和谐稳定", t_qual("有效保障")),
        ("群众获得感和幸福感", t_qual("不断提高", "显著")),
        ("通过项目实施，进一步提升人民群众获得感、幸福感、安全感", t_qual("良好", "明显")),
    ),
    "生态效益指标": (
        ("林草植被覆盖率", t_pct("≥", "≥")),
        ("水土流失治理面积", t_count("{n}亩", "=", "亩", 100, 4000)),
        ("农村人居环境", t_qual("明显改善")),
        ("空气质量优良天数", t_count("≥{n}天", "≥", "天", 250, 330)),
    ),
    "可持续影响指标": (
        ("设施持续发挥效益年限", t_count("≥{n}年", "≥", "年", 3, 15)),
        ("长效管护机制", t_qual("建立健全", "有效运行")),
        ("对乡村振兴的促进作用", t_qual("明显")),
        ("公共服务供给能力", t_qual("不断提高")),
    ),
    "服务对象满意度指标": (
        ("群众满意度", t_pct("≥", "≥")),
        ("服务对象满意度", t_pct("≧", "≥")),
        ("受益农户满意度", t_pct("不低于", "≥")),
        ("学生家长满意度", t_pct("≥", "≥")),
        ("社会公众满意度", t_pct("≥", "≥")),
    ),
    "社会成本指标": (
        ("对周边群众生活的影响", t_qual("无明显影响", "较小")),
        ("社会负面舆情", t_qual("无")),
        ("施工扰民投诉", t_count("≤{n}起", "≤", "起", 1, 5)),
    ),
    "生态环境成本指标": (
        ("对生态环境的影响", t_qual("无", "无明显影响")),
        ("施工扬尘污染", t_qual("得到有效控制")),
        ("植被破坏面积", t_fixed("0亩", ("=", 0, "亩"))),
    ),
}
COST_MONEY_NAMES = ("项目总成本", "工程建设成本", "设备购置成本", "运行维护费用", "人员劳务费用", "材料采购费用")
COST_HINT_NAMES = ("落实运行经费（万元）", "项目建设资金（万元）", "设备采购经费（万元）")
COST_RATE = (
    ("补助标准", lambda rng: _rate(rng, "{x}万元/个", "万元/个")),
    ("每处维修补助标准", lambda rng: _rate(rng, "{x}万/个", "万/个")),
    ("人均补助标准", lambda rng: Target(f"每人每年{rng.randint(2, 30) * 100}元")),
    ("单位面积建设成本", lambda rng: _rate(rng, "{x}元/亩", "元/亩", whole=True)),
)
COST_QUALITATIVE = (("成本控制情况", "控制在预算范围内"), ("资金支出进度", "按计划执行"))


def _rate(rng: random.Random, template: str, unit: str, whole: bool = False) -> Target:
    x = str(rng.randint(200, 3000)) if whole else rng.choice([str(rng.randint(1, 9)), f"{rng.randint(1, 9)}.5"])
    return Target(template.format(x=x), ("=", _num(x), unit))


# --- the form ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    level1_printed: str
    level2_printed: str
    level1: str  # canonical
    level2: str  # canonical
    level3: str  # as the record must hold it (clean text)
    target: str | None  # as the record must hold it (clean text); None: printed empty
    parsed: Parse | None = None  # known parse of the target, None where not asserted
    money: float | None = None  # money the target states, in 元 (cost indicators)


@dataclass
class FormSpec:
    title: str
    year: int
    attachment: str | None  # the document heading line "附件 2：…" (or a document title alone), or None
    name: str
    department_printed: str | None  # the 主管部门及代码 cell as printed (clean)
    department: str | None
    department_code: str | None
    implementing_unit: str | None
    attribute: str | None
    period: str | None
    funds_unit: str  # 元 or 万元
    total: str  # as printed (ASCII digits)
    fiscal: str | None
    other: str | None
    overall_goal: str
    indicators: list[IndicatorSpec]
    warnings: set[str] = field(default_factory=set)  # codes this form's content must raise
    year_printed: bool = True  # the ( 2022 年度) line is printed
    amounts_with_unit: bool = False  # the amount cells repeat the unit: "150000元"


def _fmt_wan(yuan: int) -> str:
    """A whole number of 元 (a multiple of 100) as 万元, as a form prints it."""
    if yuan % 10_000 == 0:
        return str(yuan // 10_000)
    return f"{yuan / 10_000:.2f}".rstrip("0").rstrip(".")


def _split_amount(rng: random.Random, total: int, parts: int, step: int) -> list[int]:
    """`total` (a multiple of `step`) split into `parts` positive multiples of `step`."""
    units = total // step
    parts = max(1, min(parts, units))
    cuts = sorted(rng.sample(range(1, units), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, units]
    return [(b - a) * step for a, b in zip(bounds, bounds[1:])]


def _money_target(rng: random.Random, yuan: int, in_wan: bool) -> tuple[str, Target]:
    """A cost indicator stating `yuan` 元 of money: (name, target)."""
    if in_wan:
        w = _fmt_wan(yuan)
        shape = rng.randrange(4)
        if shape == 0:
            return rng.choice(COST_HINT_NAMES), Target(w)  # the unit sits in the name: parse not asserted
        if shape == 1:
            return rng.choice(COST_MONEY_NAMES), Target(f"≤{w}万元", ("≤", _num(w), "万元"))
        if shape == 2:
            return rng.choice(COST_MONEY_NAMES), Target(f"不超过{w}万元", ("≤", _num(w), "万元"))
        if shape == 3 and rng.random() < 0.3:  # money and a rate in one cell: only the money counts
            return rng.choice(COST_MONEY_NAMES), Target(f"经费{w}万元，每人每年{rng.randint(1, 9)}.5万元")
        return rng.choice(COST_MONEY_NAMES), Target(f"{w}万元", ("=", _num(w), "万元"))
    return rng.choice(COST_MONEY_NAMES), Target(f"{yuan}元", ("=", yuan, "元"))


@dataclass
class _CostPlan:
    """How the cost indicators of a form state money."""

    mode: str  # "sum" (money adds up to the total), "none", "partial", "factor" (sum = total × factor)
    money_total: int = 0  # 元 the money indicators add up to
    in_wan: bool | None = None  # print money in 万元 (True), 元 (False) or either (None)


def _cost_indicators(rng: random.Random, n: int, plan: _CostPlan) -> list[tuple[str, Target, float | None]]:
    """`n` cost indicators (name, target, money in 元) following `plan`."""
    if plan.mode == "none":
        n_money = 0
    elif plan.mode == "partial":
        n_money = rng.randint(1, max(1, n - 1))
    else:
        n_money = n
    step = 10_000 if plan.in_wan and plan.money_total % 10_000 == 0 else 100
    amounts = _split_amount(rng, plan.money_total, n_money, step) if n_money else []
    out: list[tuple[str, Target, float | None]] = []
    used: set[str] = set()
    for yuan in amounts:
        in_wan = plan.in_wan if plan.in_wan is not None else rng.random() < 0.75
        for _ in range(50):
            name, target = _money_target(rng, yuan, in_wan)
            if name not in used:
                break
        used.add(name)
        out.append((name, target, float(yuan)))
    others = [*COST_RATE, *[(name, (lambda text: lambda rng: Target(text, (None, None, None)))(text))
                            for name, text in COST_QUALITATIVE]]
    rng.shuffle(others)
    for name, make in others[: n - len(out)]:
        out.append((name, make(rng), None))
    rng.shuffle(out)
    return out


def _groups(rng: random.Random, framework: str) -> list[tuple[str, list[str]]]:
    layout = CLASSIC if framework == "classic" else FRAMEWORK_2021
    groups = []
    for level1, always, optional in layout:
        chosen = set(always) | {g for g in optional if rng.random() < 0.6}
        groups.append((level1, [g for g in LEVEL2_ORDER if g in chosen]))
    if framework == "2021" and rng.random() < 0.5:  # cost printed after output
        groups[0], groups[1] = groups[1], groups[0]
    return groups


def _department(rng: random.Random, force_code: bool = False,
                shapes: tuple[str, ...] | None = None) -> tuple[str | None, str | None, str | None]:
    """(printed cell, department, code)."""
    if not force_code and rng.random() < 0.45:
        return None, None, None
    name = rng.choice(COUNTIES) + rng.choice(BUREAUS)
    if not force_code and rng.random() < 0.4:
        return name, name, None
    code = f"{rng.randint(0, 999):03d}{rng.randint(0, 999):03d}"
    printed = rng.choice(shapes or DEPARTMENT_CODE_SHAPES).format(d=name, c=code)
    return printed, name, code


DEPARTMENT_CODE_SHAPES = ("{d} [{c}]", "{d}[{c}]", "{d}（{c}）", "{d}({c})", "{d}【{c}】", "{d} {c}", "[{c}]{d}")
# full-width square brackets and 〔〕 (the brackets of Chinese document numbers)
DEPARTMENT_CODE_CJK_SHAPES = ("{d}［{c}］", "{d} ［{c}］", "{d}〔{c}〕")


def _goal(rng: random.Random, year: int, place: str) -> str:
    clauses = rng.sample(GOAL_CLAUSES, rng.randint(1, 3))
    sep = "，" if rng.random() < 0.8 else ", "
    y0 = year - rng.randint(0, 2)
    text = sep.join(c.format(place=place, n=rng.randint(2, 60), year=year, y0=y0, y1=y0 + rng.randint(2, 4),
                             prev=year - 1, county=rng.choice(COUNTIES)[:2]) for c in clauses)
    return text + "。"


def random_form(rng: random.Random, year: int | None = None, variant: str = "clean") -> FormSpec:
    """One form with random content. `variant` asks for a deliberate inconsistency:

    funds_sum_mismatch, funds_unit_suspect, cost_sum_mismatch, year_mismatch, dept_code,
    dept_code_cjk_brackets, unusual_pairing, label_typo, missing_value, missing_value_label_row,
    duplicate_row, no_year, year_range_months,
    or clean (content that must raise no warning).
    """
    year = year if year is not None else rng.randint(2019, 2025)
    framework = "classic" if variant in ("cost_sum_mismatch", "unusual_pairing") else rng.choice(["classic", "2021"])
    place = rng.choice(PLACES)
    name = place + rng.choice(PROJECT_TASKS)
    if rng.random() < 0.15:
        name = f"{year}年{name}"
    printed_dept, department, code = _department(
        rng, force_code=variant.startswith("dept_code"),
        shapes=DEPARTMENT_CODE_CJK_SHAPES if variant == "dept_code_cjk_brackets" else None)
    unit_name = rng.choice([place + rng.choice(UNIT_SUFFIXES), rng.choice(COUNTIES) + rng.choice(BUREAUS)])
    warnings: set[str] = set()

    # funds
    funds_unit = rng.choice(["元", "万元"])
    plan = _CostPlan(rng.choice(["sum", "sum", "none", "partial"]))
    if variant == "funds_unit_suspect":
        # the total printed in the wrong unit: × 10,000 off the money of the cost indicators
        figure = rng.randint(20, 999)
        if funds_unit == "元":  # 106 元 printed, the cost indicators say 106 万元
            total_text, total_yuan = str(figure), figure
            plan = _CostPlan(rng.choice(["sum", "partial"]), figure * 10_000, in_wan=True)
        else:  # 1060000 万元 printed, the cost indicators say 1060000 元
            figure *= 1000
            total_text, total_yuan = str(figure), figure * 10_000
            plan = _CostPlan(rng.choice(["sum", "partial"]), figure, in_wan=False)
        fiscal_text, other_text = total_text, None
        warnings.add("funds_unit_suspect")
    else:
        if funds_unit == "元":
            total_yuan = rng.randint(100, 20_000) * 100
            other = rng.choice([0, 0, rng.randint(1, total_yuan // 100 - 1) * 100])
            fmt = (lambda v: f"{v:,}") if rng.random() < 0.2 else str
            total_text, fiscal_text = fmt(total_yuan), fmt(total_yuan - other)
        else:
            cents = rng.randint(100, 50_000)  # hundredths of 万元
            total_yuan = cents * 100
            other = rng.choice([0, 0, rng.randint(1, cents - 1)])
            fmt = lambda v: rng.choice([_fmt_wan(v * 100), f"{v / 100:.2f}"])  # noqa: E731
            total_text, fiscal_text = fmt(cents), fmt(cents - other)
            other *= 100
        other_text = None if not other and rng.random() < 0.7 else (
            (_fmt_wan(other) if funds_unit == "万元" else str(other)))
        plan.money_total = total_yuan
        if variant == "funds_sum_mismatch":
            # 财政拨款 printed as the whole total while 其他资金 is not zero
            extra = max(1, _num(total_text) // 5) if funds_unit == "元" else 1
            other_text = str(extra)
            fiscal_text = total_text
            warnings.add("funds_sum_mismatch")
        if variant == "cost_sum_mismatch":
            factor = rng.choice([0.5, 0.8, 1.25, 2])
            plan = _CostPlan("factor", int(total_yuan * factor) // 100 * 100)
            warnings.add("cost_sum_mismatch")

    groups = _groups(rng, framework)
    if variant in ("cost_sum_mismatch", "unusual_pairing") or plan.mode in ("sum", "partial", "factor"):
        # the money must land somewhere: make sure there is a cost group
        if framework == "classic" and "成本指标" not in groups[0][1]:
            groups[0] = (groups[0][0], [*groups[0][1], "成本指标"])

    indicators: list[IndicatorSpec] = []
    for level1, level2s in groups:
        level1_printed = rng.choice(LEVEL1_PRINTED[level1])
        for level2 in level2s:
            level2_printed = rng.choice(LEVEL2_PRINTED[level2])
            money_group = level2 in MONEY_GROUPS
            if variant == "unusual_pairing" and level2 == "成本指标":
                level2 = level2_printed = "经济成本指标"  # seen under 产出指标 in real forms
                warnings.add("label_pairing_unusual")
            if variant == "label_typo" and level2 == "服务对象满意度指标":
                level2_printed = rng.choice(LABEL_TYPOS)  # OCR misread one character
                warnings.add("label_fuzzy")
            n = rng.randint(1, 4)
            if money_group:
                rows = [(nm, t, m) for nm, t, m in _cost_indicators(rng, n, plan)]
            else:
                pool = POOLS[level2]
                rows = [(nm.format(year=year), make(rng, year), None)
                        for nm, make in rng.sample(pool, min(n, len(pool)))]
            for level3, target, money in rows:
                indicators.append(IndicatorSpec(level1_printed, level2_printed, level1, level2, level3,
                                                target.text, target.parsed, money))

    goal = _goal(rng, year, place)
    form = FormSpec(
        title=rng.choice(TITLES),
        year=year,
        attachment=None,
        name=name,
        department_printed=printed_dept,
        department=department,
        department_code=code,
        implementing_unit=unit_name if rng.random() < 0.9 else None,
        attribute=rng.choice(ATTRIBUTES) if rng.random() < 0.9 else None,
        period=rng.choice(PERIODS).format(year=year) if rng.random() < 0.9 else None,
        funds_unit=funds_unit,
        total=total_text,
        fiscal=fiscal_text,
        other=other_text,
        overall_goal=goal,
        indicators=indicators,
        warnings=warnings,
        amounts_with_unit=rng.random() < 0.1,
    )
    if variant == "year_mismatch":
        _inject_year(rng, form)
    plain = [k for k, i in enumerate(form.indicators) if i.level2 not in MONEY_GROUPS and i.level1 != "成本指标"]
    if variant.startswith("missing_value"):  # an indicator whose 指标值 cell is empty
        inds = form.indicators
        starts = {k for k in range(len(inds)) if k == 0 or (inds[k].level1, inds[k].level2)
                  != (inds[k - 1].level1, inds[k - 1].level2)}
        # missing_value: a row below the first of its level-2 group (no label printed on it);
        # missing_value_label_row: the first row of a group, which prints the labels too
        wanted = [k for k in plain if (k in starts) == (variant == "missing_value_label_row")]
        if not wanted:  # every group one row long: add a second row to one, to blank it
            k = rng.choice(plain)
            form.indicators.insert(k + 1, replace(form.indicators[k], level3=form.indicators[k].level3 + "（续）"))
            wanted = [k + 1]
        k = rng.choice(wanted)
        form.indicators[k] = replace(form.indicators[k], target=None, parsed=None)
        form.warnings.add("missing_value")
    if variant == "duplicate_row":  # the same indicator printed twice in a row
        k = rng.choice(plain)
        form.indicators.insert(k + 1, form.indicators[k])
        form.warnings.add("duplicate_row")
    if variant == "year_range_months":  # a season across the new year: holds the form's year, no mismatch
        k = rng.choice(plain)
        season = rng.choice([f"{form.year - 1}年11月—{form.year}年3月", f"{form.year}年11月—{form.year + 1}年3月",
                              f"{form.year - 1}年10月至{form.year}年4月"])
        form.indicators[k] = replace(form.indicators[k], target=season, parsed=None)
    if variant == "no_year":
        form.year_printed = False
        form.warnings.add("year_missing")
    return form


LABEL_TYPOS = ("服务对象满意度指栎", "社会公众或服务对象满意度指栎", "服务对像满意度指标")


def _inject_year(rng: random.Random, form: FormSpec) -> None:
    """Write a year other than the form's into one text of the form."""
    other = form.year + rng.choice([-2, -1, 1])
    where = rng.randrange(3)
    plain = [k for k, i in enumerate(form.indicators) if i.money is None and i.level2 not in MONEY_GROUPS]
    if where == 0 or not plain:
        form.overall_goal = f"延续{other}年度工作安排，" + form.overall_goal
    elif where == 1:
        k = rng.choice(plain)
        form.indicators[k] = replace(form.indicators[k], level3=f"{other}年{form.indicators[k].level3}")
    else:
        k = rng.choice(plain)
        form.indicators[k] = replace(form.indicators[k], target=f"{other}年12月底前", parsed=None)
    form.warnings.add("year_mismatch")


VARIANTS = (
    "funds_sum_mismatch", "funds_unit_suspect", "cost_sum_mismatch", "year_mismatch", "dept_code",
    "dept_code_cjk_brackets", "unusual_pairing", "label_typo", "missing_value", "missing_value_label_row",
    "duplicate_row", "no_year", "year_range_months",
)  # fmt: skip


def random_document(rng: random.Random, variant: str = "clean", n_forms: int | None = None) -> list[FormSpec]:
    """1–3 forms of one year; the first may carry the document heading (附件 N：title, or a title alone).

    With a `variant` from VARIANTS, one form (dept_code…: every form) carries it.
    """
    n_forms = n_forms or rng.choice([1, 2, 2, 3])
    year = rng.randint(2019, 2025)
    special = rng.randrange(n_forms)
    forms = []
    for k in range(n_forms):
        wanted = variant if variant in VARIANTS and (k == special or variant.startswith("dept_code")) else "clean"
        forms.append(random_form(rng, year, wanted))
    heading = rng.random()
    if heading < 0.75:
        templates = DOC_TITLE_TEMPLATES[:2] if variant == "no_year" else DOC_TITLE_TEMPLATES
        title = rng.choice(templates).format(
            county=rng.choice(COUNTIES), bureau=rng.choice(BUREAUS), place=rng.choice(PLACES), year=year)
        if heading < 0.6:
            number = rng.choice(["1", "2", "3", "4", "二", "3"])
            forms[0].attachment = f"附件 {number}{rng.choice(['：', ':', ' ：', '：'])}{title}"
        else:  # a document title with no 附件 number
            forms[0].attachment = title
    return forms


# --- expected records ------------------------------------------------------------------------

_ATTACHMENT = re.compile(r"^(附\s*件\s*\S+?)\s*[:：]\s*(.*)$")


@dataclass
class ExpectedRecord:
    year: int | None
    title: str
    document: dict
    project: dict
    funds: dict
    overall_goal: str
    indicators: list[tuple[str, str, str, str | None]]
    parsed: dict[int, Parse]  # indicator index → (comparator, value, unit)
    warnings: set[str]


def expected_document(forms: list[FormSpec]) -> dict:
    line = forms[0].attachment
    if line is None:
        return {"title": None, "attachment": None}
    found = _ATTACHMENT.match(line)
    if found is None:
        return {"title": line, "attachment": None}
    return {"title": found.group(2), "attachment": re.sub(r"\s+", "", found.group(1))}


def expected_records(forms: list[FormSpec], joined: list[bool] | None = None) -> list[ExpectedRecord]:
    """What the pipeline must return; `joined[k]`: form k was printed with a split cell."""
    document = expected_document(forms)
    out = []
    for k, form in enumerate(forms):
        warnings = set(form.warnings)
        if joined and joined[k]:
            warnings.add("cell_joined")
        out.append(ExpectedRecord(
            year=form.year if form.year_printed else None,
            title=form.title,
            document=document,
            project={
                "name": form.name,
                "department": form.department,
                "department_code": form.department_code,
                "implementing_unit": form.implementing_unit,
                "attribute": form.attribute,
                "period": form.period,
            },
            funds={
                "unit": form.funds_unit,
                "total": _num(form.total),
                "fiscal": _num(form.fiscal) if form.fiscal is not None else None,
                "other": _num(form.other) if form.other is not None else None,
            },
            overall_goal=form.overall_goal,
            indicators=[(i.level1, i.level2, i.level3, i.target) for i in form.indicators],
            parsed={k: i.parsed for k, i in enumerate(form.indicators) if i.parsed is not None},
            warnings=warnings,
        ))
    return out


# --- distortions of printed text ---------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _ocr_gap(a: str, b: str) -> bool:
    """Whether OCR spacing between a and b is spacing the record must not keep."""
    return (_is_cjk(a) and (_is_cjk(b) or _is_digit(b))) or (_is_digit(a) and _is_cjk(b))


def add_ocr_spacing(text: str, rng: random.Random, rate: float = 0.25) -> str:
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if i + 1 < len(text) and _ocr_gap(ch, text[i + 1]) and rng.random() < rate:
            out.append(rng.choice([" ", " ", "  ", "\u3000"]))
    return "".join(out)


def add_line_break(text: str, rng: random.Random) -> str:
    """A line break inside a cell (HTML <br>), at a CJK–CJK boundary."""
    spots = [i for i in range(1, len(text)) if _is_cjk(text[i - 1]) and _is_cjk(text[i])]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + "\n" + text[i:]


def fullwidth_digits(text: str, rng: random.Random, rate: float = 0.5) -> str:
    return "".join(ch.translate(_FULLWIDTH_DIGITS) if _is_digit(ch) and rng.random() < rate else ch for ch in text)


@dataclass(frozen=True)
class Distortions:
    """How a document is printed. Every option keeps the expected records unchanged,
    except `split_cell`, which adds a cell_joined warning to the forms it hits."""

    ocr_spacing: bool = False  # spaces between CJK characters and between CJK and digits
    fullwidth: bool = False  # full-width digits in some cells
    page_breaks: int = 0  # page breaks per form, inside the indicator block (rng positions)
    page_numbers: bool = False  # a page number line between the fragments of a break
    split_cell: bool = False  # a level-3 name cut at a break, its tail on the first row after it
    lost_leading: bool = False  # rows after a break lose their leading empty cells (tsv, markdown)
    repeated_header: bool = False  # the column-name row printed again after a break
    repeated_labels: bool = False  # the level-1/level-2 labels in force printed again after a break
    form_feed: bool = False  # a break is a form feed before the next row, not blank lines (tsv, markdown)
    line_breaks: bool = False  # line breaks inside cells: <br> (markdown, html)
    title_in_grid: str = "none"  # title and year printed as grid rows: none / first / all forms
    breaks_at: tuple[int, ...] | None = None  # explicit break positions (row indices), all forms
    split_at: int | None = None  # explicit split: body row index whose name is cut
    shifted_names: bool = False  # like the sample's first table: names printed one row up (tsv, markdown)


# --- the printed table ---------------------------------------------------------------------------


@dataclass
class _BodyRow:
    group1: int
    group2: int
    level1: str  # printed label, "" unless first row of its level-1 group
    level2: str
    name: str
    value: str
    tail: bool = False  # the tail of a split level-3 cell


@dataclass
class _Row:
    """One printed row of the table; `break_before`: a page break falls right before it."""

    kind: str  # header / columns / body
    cells: list[str] = field(default_factory=list)  # header and column rows: the 5 flat cells
    html: list[tuple[str, int, int]] = field(default_factory=list)  # header rows: (text, rowspan, colspan)
    body: _BodyRow | None = None
    break_before: bool = False


@dataclass
class _Printed:
    """One form's table before it is laid out in a notation."""

    rows: list[_Row]
    section: str  # the 绩效指标 cell of the first body row
    with_section: bool  # the indicator block has the leftmost 名称/绩效指标 column
    title_rows: list[str]  # title / year printed inside the grid
    lines_before: list[str]  # title / year printed as lines
    shift_window: tuple[int, int] | None = None  # body rows a..b whose names are printed one row up

    @property
    def body(self) -> list[_BodyRow]:
        return [r.body for r in self.rows if r.body is not None]

    @property
    def column_names(self) -> list[str]:
        return next(r.cells for r in self.rows if r.kind == "columns")


def _cell(text: str | None, rng: random.Random, opts: Distortions) -> str:
    if not text:
        return ""
    if opts.ocr_spacing:
        text = add_ocr_spacing(text, rng)
    if opts.fullwidth:
        text = fullwidth_digits(text, rng)
    return text


def _print_form(form: FormSpec, rng: random.Random, opts: Distortions, in_grid: bool) -> _Printed:
    c = lambda text: _cell(text, rng, opts)  # noqa: E731
    funds_label = f"项目资金{rng.choice([' (', '（', '('])}{form.funds_unit}{rng.choice([')', '）'])}"
    total_label = rng.choice(["年度资金总额:", "年度资金总额：", "年度资金总额"])
    fiscal_label = rng.choice(["其中: 财政拨款", "其中：财政拨款", "财政拨款"])
    unit_label = rng.choice(["实施单位", "实施单位", "项目实施单位"])
    dept_label = rng.choice(["主管部门及代码", "主管部门及代码", "主管部门"])
    period_label = rng.choice(["项目期", "项目期", "项目周期"])
    goal_label = rng.choice(["年度总体目标", "年度总体目标", "年度目标"])
    suffix = form.funds_unit if form.amounts_with_unit else ""
    amount = lambda text: c(text + suffix) if text else ""  # noqa: E731
    name, dept, unit = c(form.name), c(form.department_printed), c(form.implementing_unit)
    attr, period, goal = c(form.attribute), c(form.period), c(form.overall_goal)
    total, fiscal, other = amount(form.total), amount(form.fiscal), amount(form.other)
    flat = [
        rng.choice([["项目名称", "", name, "", ""], ["项目名称", name, "", "", ""]]),
        [dept_label, dept, unit_label, unit, ""],
        rng.choice([["项目属性", "", attr, period_label, period], ["项目属性", attr, period_label, period, ""],
                    ["项目属性", attr, "", period_label, period]]),
        [c(funds_label), total_label, "", total, ""],
        ["", fiscal_label, "", fiscal, ""],
        ["", "其他资金", "", other, ""],
        [goal_label, goal, "", "", ""],
    ]
    html_cells = [
        [("项目名称", 1, 1), (name, 1, 4)],
        [(dept_label, 1, 1), (dept, 1, 1), (unit_label, 1, 1), (unit, 1, 2)],
        [("项目属性", 1, 1), (attr, 1, 1), (period_label, 1, 1), (period, 1, 2)],
        [(c(funds_label), 3, 1), (total_label, 1, 2), (total, 1, 2)],
        [(fiscal_label, 1, 2), (fiscal, 1, 2)],
        [("其他资金", 1, 2), (other, 1, 2)],
        [(goal_label, 1, 1), (goal, 1, 4)],
    ]
    with_section = rng.random() < 0.85
    column_names = [
        rng.choice(["一级指标", "一级指标", "一级绩效指标"]),
        rng.choice(["二级指标", "二级指标", "二级绩效指标"]),
        rng.choice(["三级指标", "三级指标", "三级指标名称", "指标名称", "指标内容"]),
        rng.choice(["指标值", "指标值", "年度指标值", "目标值"]),
    ]
    if with_section:
        column_names.insert(0, rng.choice(["名称", "名称", "绩效指标"]))
    rows = [_Row("header", cells, html) for cells, html in zip(flat, html_cells)]
    rows.append(_Row("columns", column_names))
    prev1 = prev2 = None
    g1 = g2 = -1
    for ind in form.indicators:
        first1 = ind.level1 != prev1
        first2 = first1 or ind.level2 != prev2
        g1 += first1
        g2 += first2
        rows.append(_Row("body", body=_BodyRow(
            g1, g2, c(ind.level1_printed) if first1 else "", c(ind.level2_printed) if first2 else "",
            c(ind.level3), c(ind.target))))
        prev1, prev2 = ind.level1, ind.level2
    year_line = c(rng.choice([f"( {form.year} 年度)", f"（{form.year}年度）", f"({form.year}年度)", f"( {form.year} 年)",
                              f"{form.year}年度"]))
    title = c(form.title)
    heading = rng.choice(["## ", "## ", "# ", ""]) + title
    year_lines = [year_line] if form.year_printed else []
    return _Printed(
        rows=rows,
        section=c(rng.choice(["绩效指标", "绩效指标", "年度绩效指标", "绩 效 指 标"])),
        with_section=with_section,
        title_rows=[title, *year_lines] if in_grid else [],
        lines_before=[] if in_grid else [heading, *([""] + year_lines if year_lines else [])],
    )


def _cut_name(rng: random.Random, name: str) -> tuple[str, str]:
    """A level-3 name cut in two where a page break could fall (never between two ASCII alphanumerics)."""
    spots = [i for i in range(1, len(name)) if not (name[i - 1].isascii() and name[i - 1].isalnum()
                                                    and name[i].isascii() and name[i].isalnum())]
    i = rng.choice(spots)
    return name[:i], name[i:]


N_HEADER = 7  # header rows: 项目名称, 主管部门, 项目属性, 项目资金/总额, 财政拨款, 其他资金, 年度总体目标


def _plan(printed: _Printed, rng: random.Random, opts: Distortions, notation: str) -> int:
    """Mark the page breaks and cut the split cells; returns the number of split cells.

    Random breaks fall in the indicator block (right before the column-name row at the earliest);
    explicit ones (`breaks_at`, row indices) anywhere after the first row, but never inside the
    header block of an html table."""
    rows = printed.rows
    lowest = N_HEADER if notation == "html" else 1
    if opts.breaks_at is not None:
        chosen = [b for b in opts.breaks_at if lowest <= b < len(rows)]
    else:
        positions = list(range(N_HEADER, len(rows)))
        chosen = rng.sample(positions, min(opts.page_breaks, len(positions)))
    for b in chosen:
        rows[b].break_before = True
    body_at = [k for k, r in enumerate(rows) if r.body is not None]
    splits: set[int] = set()
    if opts.split_at is not None:
        if opts.split_at < len(body_at):
            splits.add(body_at[opts.split_at])
    elif opts.split_cell:
        # a name cut at some of the breaks that follow a body row, and at one more place
        splits |= {k for k in body_at if k + 1 < len(rows) and rows[k + 1].break_before and rng.random() < 0.5}
        if rng.random() < 0.85:
            splits.add(rng.choice(body_at))
    for k in sorted(splits, reverse=True):
        row = rows[k].body
        assert row is not None
        head, tail = _cut_name(rng, row.name)
        row.name = head
        if k + 1 < len(rows):
            rows[k + 1].break_before = False  # the break now falls between the head and the tail
        rows.insert(k + 1, _Row("body", body=_BodyRow(row.group1, row.group2, "", "", tail, "", tail=True),
                                break_before=True))
    return len(splits)


def _fragments(printed: _Printed) -> list[list[int]]:
    """Row indices of each fragment (the rows between page breaks)."""
    out: list[list[int]] = []
    for k, row in enumerate(printed.rows):
        if not out or row.break_before:
            out.append([])
        out[-1].append(k)
    return out


def _labels_in_force(printed: _Printed, j: int) -> tuple[str, str]:
    """The level-1 and level-2 labels printed for body row j's groups."""
    body = printed.body
    row = body[j]
    level1 = next(b.level1 for b in reversed(body[: j + 1]) if b.group1 == row.group1 and b.level1)
    level2 = next(b.level2 for b in reversed(body[: j + 1]) if b.group2 == row.group2 and b.level2)
    return level1, level2


NOISE_LINES = ("- {n} -", "第 {n} 页", "第{n}页 共{m}页", "{n} / {m}", "— {n} —")


def _noise(rng: random.Random, page: int) -> str:
    return rng.choice(NOISE_LINES).format(n=page, m=page + rng.randint(1, 9))


def _gap(rng: random.Random, opts: Distortions, page: int, form_feed: bool = False) -> tuple[list[str], str]:
    """The lines printed between two fragments of one table, and the prefix of the next row."""
    if form_feed:  # pdftotext: the footer line, then a form feed opening the next page
        return ([_noise(rng, page - 1)] if opts.page_numbers else []), "\f"
    if opts.page_numbers:
        return rng.choice([["", _noise(rng, page), ""], ["", _noise(rng, page)], [_noise(rng, page), ""]]), ""
    return rng.choice([[""], ["", ""], ["", "", ""]]), ""


def _lose_leading(row: list[str], mode: str) -> list[str]:
    if mode == "shift":  # the fragment lost its first column (the sample's 村级办公经费 table)
        return row[1:] if row and row[0] == "" else row
    k = 0
    while k < len(row) and row[k] == "":
        k += 1
    return row[k:] if k < len(row) else row


def _prepare(form: FormSpec, k: int, rng: random.Random, opts: Distortions, notation: str) -> tuple[_Printed, int]:
    in_grid = opts.title_in_grid == "all" or (opts.title_in_grid == "first" and k == 0)
    printed = _print_form(form, rng, opts, in_grid)
    if opts.line_breaks and notation != "tsv":  # line breaks inside merged labels, long names, the goal
        for row in printed.body:
            if row.level2 and rng.random() < 0.3:
                row.level2 = add_line_break(row.level2, rng)
            if len(row.name) > 6 and rng.random() < 0.2:
                row.name = add_line_break(row.name, rng)
        goal = printed.rows[N_HEADER - 1]
        goal.cells[1] = add_line_break(goal.cells[1], rng)
        goal.html[1] = (goal.cells[1], 1, 4)
    if opts.shifted_names and len(printed.body) >= 3:
        a = rng.randrange(0, len(printed.body) - 2)
        printed.shift_window = (a, rng.randrange(a + 1, len(printed.body)))
    return printed, _plan(printed, rng, opts, notation)


def _flat_body(printed: _Printed, j: int, relabel: bool) -> list[str]:
    b = printed.body[j]
    level1, level2 = _labels_in_force(printed, j) if relabel else (b.level1, b.level2)
    cells = [level1, level2, b.name, b.value]
    if printed.with_section:
        cells.insert(0, printed.section if j == 0 else "")
    return _shift_names(printed, j, cells) if printed.shift_window else cells


def _shift_names(printed: _Printed, j: int, cells: list[str]) -> list[str]:
    """In the window a..b, row a prints its own name and the next one in an extra column; the rows
    after it print the next row's name, shifted one column right with their labels; row b prints none."""
    assert printed.shift_window is not None
    a, b = printed.shift_window
    if not a <= j <= b:
        return cells
    names = [r.name for r in printed.body]
    if j == a:
        return cells[:-1] + [names[a + 1], cells[-1]]
    return ["", *cells[:-2], names[j + 1] if j < b else "", cells[-1]]


def _grid_notation_lines(forms: list[FormSpec], rng: random.Random, opts: Distortions, notation: str,
                         fmt_row: Callable[[list[str]], str]) -> tuple[str, list[bool]]:
    lines: list[str] = []
    joined: list[bool] = []
    page = 1
    if forms[0].attachment:
        lines += rng.choice([["", ""], [""], []]) + [_cell(forms[0].attachment, rng, opts), ""]
    for k, form in enumerate(forms):
        printed, n_splits = _prepare(form, k, rng, opts, notation)
        joined.append(n_splits > 0)
        body_index = {id(r): j for j, r in enumerate(printed.rows[N_HEADER + 1:])}
        lines += printed.lines_before + ([""] if printed.lines_before else [])
        lead_mode = rng.choice(["shift", "strip"])
        trailing_cell = notation == "tsv" and rng.random() < 0.3
        for f, fragment in enumerate(_fragments(printed)):
            first = printed.rows[fragment[0]]
            relabel = f > 0 and opts.repeated_labels and first.body is not None and not first.body.tail
            frag: list[list[str]] = []
            for n, r in enumerate(fragment):
                row = printed.rows[r]
                if row.body is None:
                    frag.append(list(row.cells))
                else:
                    frag.append(_flat_body(printed, body_index[id(row)], relabel and n == 0))
            prefix = ""
            if f == 0:
                frag = [[t, "", "", "", ""] for t in printed.title_rows] + frag
            else:
                page += 1
                gap, prefix = _gap(rng, opts, page, opts.form_feed)
                lines += gap
                if opts.repeated_header and first.body is not None:
                    frag = [list(printed.column_names)] + frag
                if opts.lost_leading and not (first.body and first.body.tail):
                    frag = [_lose_leading(r, lead_mode) for r in frag]
                if trailing_cell:  # a stray trailing empty cell, as in the sample
                    frag = [r + [""] for r in frag]
            for i, row in enumerate(frag):
                lines.append(prefix + fmt_row(row) if i == 0 else fmt_row(row))
                if i == 0 and notation == "markdown":
                    lines.append("|" + "|".join([rng.choice(["---", ":---", ":---:"])] * len(row)) + "|")
        lines.append("")
        page += 1
    return "\n".join(lines) + "\n", joined


def render_tsv(forms: list[FormSpec], rng: random.Random, opts: Distortions) -> tuple[str, list[bool]]:
    """Tab-separated rows, as the sample dump prints them."""
    return _grid_notation_lines(forms, rng, opts, "tsv", "\t".join)


def _md_row(row: list[str]) -> str:
    return "| " + " | ".join(cell.replace("\n", "<br>") for cell in row) + " |"


def render_markdown(forms: list[FormSpec], rng: random.Random, opts: Distortions) -> tuple[str, list[bool]]:
    """Markdown pipe tables: a |---| separator after the first row of every fragment."""
    return _grid_notation_lines(forms, rng, opts, "markdown", _md_row)


def _td(text: str, rowspan: int = 1, colspan: int = 1, tag: str = "td") -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    body = "<br>".join(html.escape(part, quote=False) for part in text.split("\n"))
    return f"<{tag}{attrs}>{body}</{tag}>"


def render_html(forms: list[FormSpec], rng: random.Random, opts: Distortions) -> tuple[str, list[bool]]:
    """HTML tables as MinerU / PaddleOCR emit them: rowspan on merged label cells, colspan on wide
    header cells; a page break closes the table and opens a new one. With `lost_leading`, a table
    after a break leaves out the cells of labels merged over the break instead of printing them
    empty."""
    opts = replace(opts, form_feed=False)
    lines: list[str] = []
    joined: list[bool] = []
    page = 1
    if forms[0].attachment:
        lines += [rng.choice(["", "", "# "]) + _cell(forms[0].attachment, rng, opts), ""]
    for k, form in enumerate(forms):
        printed, n_splits = _prepare(form, k, rng, opts, "html")
        joined.append(n_splits > 0)
        lines += printed.lines_before + ([""] if printed.lines_before else [])
        one_line = rng.random() < 0.5
        tbody = rng.random() < 0.5
        for f, fragment in enumerate(_fragments(printed)):
            trs: list[str] = []
            first = printed.rows[fragment[0]]
            relabel = f > 0 and opts.repeated_labels and first.body is not None and not first.body.tail
            if f == 0:
                trs += [f"<tr>{_td(t, colspan=5)}</tr>" for t in printed.title_rows]
            else:
                page += 1
                lines += _gap(rng, opts, page)[0]
                if opts.repeated_header and first.body is not None:
                    trs.append("<tr>" + "".join(_td(t) for t in printed.column_names) + "</tr>")
            lo = fragment[0] - N_HEADER - 1
            hi = fragment[-1] - N_HEADER
            for r in fragment:
                row = printed.rows[r]
                if row.kind == "header":
                    trs.append("<tr>" + "".join(_td(t, rs, cs) for t, rs, cs in row.html) + "</tr>")
                elif row.kind == "columns":
                    tag = rng.choice(["td", "th"]) if f == 0 else "td"
                    trs.append("<tr>" + "".join(_td(t, tag=tag) for t in row.cells) + "</tr>")
                else:
                    omit = f > 0 and opts.lost_leading
                    trs.append("<tr>" + _html_body_cells(printed, r - N_HEADER - 1, lo, hi, relabel, omit) + "</tr>")
            inner = ("\n" if not one_line else "").join(trs)
            lines.append(f"<table>{'<tbody>' if tbody else ''}{inner}{'</tbody>' if tbody else ''}</table>")
        lines.append("")
        page += 1
    return "\n".join(lines) + "\n", joined


def _html_body_cells(printed: _Printed, j: int, lo: int, hi: int, relabel: bool, omit: bool) -> str:
    """Body row j's cells inside the fragment of body rows [lo, hi): a merged cell is printed on
    the fragment's first row it spans, with its text where the table first prints it; with
    `relabel` the labels in force are printed again at the top of the fragment; with `omit` a
    merged cell continuing from the previous page is left out."""
    body = printed.body
    lo = max(lo, 0)
    cells = []
    keys = [lambda k: body[k].group1, lambda k: (body[k].group1, body[k].group2)]
    texts = [lambda k: body[k].level1, lambda k: body[k].level2]
    if printed.with_section:
        keys.insert(0, lambda k: 0)
        texts.insert(0, lambda k: printed.section if k == 0 else "")
    in_force = _labels_in_force(printed, j)
    for level, (key, text) in enumerate(zip(keys, texts), start=0 if printed.with_section else 1):
        if j > lo and key(j - 1) == key(j):
            continue  # covered by a rowspan from above
        span = 1
        while j + span < hi and key(j + span) == key(j):
            span += 1
        first_global = j == 0 or key(j - 1) != key(j)
        if omit and not first_global and not (relabel and j == lo and level > 0):
            continue
        shown = text(j) if first_global else ""
        if relabel and j == lo and level > 0:
            shown = in_force[level - 1]
        cells.append(_td(shown, rowspan=span))
    cells.append(_td(body[j].name))
    cells.append(_td(body[j].value))
    return "".join(cells)


RENDERERS: dict[str, Callable[[list[FormSpec], random.Random, Distortions], tuple[str, list[bool]]]] = {
    "tsv": render_tsv,
    "markdown": render_markdown,
    "html": render_html,
}


def render(notation: str, forms: list[FormSpec], rng: random.Random, opts: Distortions) -> tuple[str, list[bool]]:
    return RENDERERS[notation](forms, rng, opts)


# --- cases ----------------------------------------------------------------------------------------

DISTORTIONS: dict[str, Distortions] = {
    "clean": Distortions(),
    "ocr_spacing": Distortions(ocr_spacing=True, line_breaks=True),
    "fullwidth": Distortions(fullwidth=True),
    "page_breaks": Distortions(page_breaks=2),
    "page_numbers": Distortions(page_breaks=2, page_numbers=True),
    "form_feeds": Distortions(page_breaks=2, form_feed=True, page_numbers=True),
    "split_cell": Distortions(page_breaks=1, split_cell=True),
    "lost_leading": Distortions(page_breaks=2, lost_leading=True),
    "repeated_header": Distortions(page_breaks=2, repeated_header=True, repeated_labels=True),
    "title_in_grid": Distortions(title_in_grid="first"),
    "title_in_grid_all": Distortions(title_in_grid="all", page_breaks=1),
    "shifted_names": Distortions(shifted_names=True),
    "combined": Distortions(ocr_spacing=True, fullwidth=True, page_breaks=3, page_numbers=True, split_cell=True,
                            line_breaks=True, repeated_header=True),
}
# content variants: the form itself carries something the record must warn about (or get right)
CONTENT_VARIANTS: dict[str, Distortions] = {
    "funds_sum_mismatch": Distortions(),
    "funds_unit_suspect": Distortions(),
    "cost_sum_mismatch": Distortions(fullwidth=True),
    "year_mismatch": Distortions(ocr_spacing=True),
    "dept_code": Distortions(ocr_spacing=True, fullwidth=True),
    "dept_code_cjk_brackets": Distortions(),
    "unusual_pairing": Distortions(page_breaks=1),
    "label_typo": Distortions(),
    "missing_value": Distortions(),
    "missing_value_label_row": Distortions(),
    "duplicate_row": Distortions(page_breaks=1),
    "no_year": Distortions(),
    "year_range_months": Distortions(),
}
DISTORTIONS.update(CONTENT_VARIANTS)
NOT_FOR = {"html": {"form_feeds", "shifted_names"}}  # MinerU / PaddleOCR output: no form feeds, spans kept


@dataclass
class Case:
    seed: int
    notation: str
    distortion: str
    forms: list[FormSpec]
    text: str
    expected: list[ExpectedRecord]


def make_case(seed: int, notation: str, distortion: str, opts: Distortions | None = None,
              forms: list[FormSpec] | None = None) -> Case:
    """One generated dump and its expected records. The forms depend on (seed, distortion)
    only, so the three notations print the same content."""
    if forms is None:
        forms = random_document(random.Random(f"forms:{seed}:{distortion}"), distortion)
    opts = opts or DISTORTIONS[distortion]
    text, joined = render(notation, forms, random.Random(f"print:{seed}:{notation}:{distortion}"), opts)
    expected = expected_records(forms, joined)
    if opts.shifted_names:  # every form of three or more indicators is printed with a window
        for form, record in zip(forms, expected, strict=True):
            if len(form.indicators) >= 3:
                record.warnings.add("row_shifted")
    return Case(seed, notation, distortion, forms, text, expected)
