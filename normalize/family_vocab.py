"""Form knowledge the family checks read, as data (to join vocabulary.py later).

Labels are compared after `family_checks.label_head`: spaces and a trailing colon
removed, traditional characters simplified, inserted pinyin stripped; column
names are also cut at their first bracket (全年预算数(A) → 全年预算数).
"""

from __future__ import annotations

# --- funds_detail rows -------------------------------------------------------
# A row whose label holds one of these is a total; the rows after it are its parts.
TOTAL_ROW_WORDS: tuple[str, ...] = ("资金总额", "合计", "总计")
# Parts a total is made of, when a breakdown is nested (财政拨款 / 其中：一般公共预算 …):
# the second reading of a block sums only these top-level sources.
SOURCE_ROW_WORDS: tuple[str, ...] = (
    "财政拨款", "财政资金", "财政补助", "上年结转", "其他资金", "其它资金", "自有资金", "自筹资金",
    "中央补助", "中央资金", "省级补助", "省级资金", "自治区补助", "市级资金", "市县资金", "县级资金",
    "地方资金", "本级资金", "社会资金", "专项资金",
)  # fmt: skip
SUB_ROW_PREFIX = "其中"  # 其中：当年财政拨款 is a part like any other
# A row that opens a second breakdown of the same total (按收入性质分 / 按支出性质分).
GROUP_ROW_PREFIX = "按"
GROUP_ROW_SUFFIX = "分"

# --- funds_detail columns ----------------------------------------------------
EXECUTION_RATE_HEADS: tuple[str, ...] = ("执行率", "预算执行率", "资金执行率")
# Numerator and denominator of 执行率, by printed name, best first.
EXECUTED_HEADS: tuple[str, ...] = ("全年执行数", "执行数", "实际执行数", "全年实际执行数", "决算数", "实际支出数")
BUDGET_HEADS: tuple[str, ...] = ("全年预算数", "调整后预算数", "预算数", "全年预算", "合计")
SCORE_HEADS: tuple[str, ...] = ("得分",)
# A column holds money when its name holds one of these and none of the non-amount words.
AMOUNT_COLUMN_WORDS: tuple[str, ...] = ("预算数", "执行数", "决算数", "金额", "资金", "预算", "合计", "元")
NON_AMOUNT_COLUMN_WORDS: tuple[str, ...] = ("执行率", "分值", "得分", "权重", "比例", "%")

# Cells that say "nothing here" in a funds table.
EMPTY_CELLS: frozenset[str] = frozenset({"", "—", "——", "-", "--", "–", "－", "―", "/", "／", "无", "\\"})
MONEY_SUFFIXES: tuple[str, ...] = ("亿元", "万元", "千元", "元", "万")

# --- targets -------------------------------------------------------------------
# Comparator signs parse_target does not fold (═ U+2550 is printed for "=" in real forms).
COMPARATOR_FOLD: dict[int, str] = {ord("═"): "=", ord("≧"): "≥", ord("≦"): "≤"}
EXPLICIT_EQUALS: tuple[str, ...] = ("=", "＝", "═", "等于")
# A bare figure ("38508人", "95%") is a floor (≥) unless the indicator is about money
# spent, where it is a ceiling (≤): words looked for in level1 / level2 / level3.
CEILING_WORDS: tuple[str, ...] = ("成本", "费用", "投资", "单价", "价格")

# --- tolerances ------------------------------------------------------------------
SCORE_TOLERANCE = 0.5  # points: 总分 is often rounded
RATE_TOLERANCE_PP = 0.5  # percentage points, or one unit of the printed precision when coarser
# A 执行率 printed without % and at most this is read as a fraction too (1 = 100 %, 0.8841).
FRACTION_MAX = 1.5
