"""Everything the form reader knows about 绩效目标表, as data.

Canonical labels, their printed variants, form layouts (header fields and
column names), decorations to strip and the thresholds that decide when a
fuzzy match is trusted. Code elsewhere reads these tables; no label literal
should appear outside this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- indicator taxonomy (shared/design/taxonomy.md) ---------------------------

LEVEL1: dict[str, tuple[str, ...]] = {
    # canonical: printed variants (after decorations are stripped)
    "产出指标": ("产出指标", "产出", "产出目标", "项目完成指标"),
    "效益指标": ("效益指标", "效益", "效果指标", "效益目标", "项目效益指标"),
    "满意度指标": ("满意度指标", "满意度", "满意度目标"),
    "成本指标": ("成本指标", "成本", "成本目标"),
    "投入指标": ("投入指标", "投入"),  # legacy level 1, kept but warned
}

LEVEL2: dict[str, tuple[str, ...]] = {
    "数量指标": ("数量指标", "产出数量指标", "数量目标", "数量"),
    "质量指标": ("质量指标", "产出质量指标", "质量目标", "质量"),
    "时效指标": ("时效指标", "进度指标", "产出进度指标", "时效目标", "时效", "进度"),
    "成本指标": ("成本指标", "产出成本指标", "成本目标"),
    "经济效益指标": ("经济效益指标", "经济效益"),
    "社会效益指标": ("社会效益指标", "社会效益"),
    "生态效益指标": ("生态效益指标", "生态效益", "环境效益指标", "环境效益"),
    "可持续影响指标": ("可持续影响指标", "可持续影响", "可持续效益指标"),
    "服务对象满意度指标": (
        "服务对象满意度指标",
        "服务对象满意度",
        "社会公众或服务对象满意度指标",
        "社会公众或服务对象满意度",
        "社会公众满意度指标",
        "社会公众满意度",
        "满意度指标",
        "具体指标",
    ),
    "经济成本指标": ("经济成本指标", "经济成本"),
    "社会成本指标": ("社会成本指标", "社会成本"),
    "生态环境成本指标": ("生态环境成本指标", "生态环境成本", "环境成本指标"),
    # 投入指标 (legacy) children
    "资金投入指标": ("资金投入指标", "资金投入"),
}

# Which level-1 labels a level-2 label usually sits under; anything else is warned.
LEVEL2_PARENTS: dict[str, tuple[str, ...]] = {
    "数量指标": ("产出指标",),
    "质量指标": ("产出指标",),
    "时效指标": ("产出指标",),
    "成本指标": ("产出指标", "成本指标"),
    "经济效益指标": ("效益指标",),
    "社会效益指标": ("效益指标",),
    "生态效益指标": ("效益指标",),
    "可持续影响指标": ("效益指标",),
    "服务对象满意度指标": ("满意度指标",),
    "经济成本指标": ("成本指标",),
    "社会成本指标": ("成本指标",),
    "生态环境成本指标": ("成本指标",),
    "资金投入指标": ("投入指标",),
}

LEGACY_LEVEL1 = frozenset({"投入指标"})

# The label printed in the leftmost column of the indicator block (名称 / 绩效指标).
SECTION_LABELS: tuple[str, ...] = ("绩效指标", "年度绩效指标", "绩效目标")

# Templates that print the level labels as values (产出值, 数量值 …): matched without it.
VALUE_STYLE_SUFFIX = "值"

# A short cell ending so is printed as a label even when it matches no canonical one.
LABEL_SUFFIXES: tuple[str, ...] = ("指标",)

# Printed decorations removed before matching (kept in the raw label).
DECORATION_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]"),  # (必填硬性指标), （选填）, (50分), (40%)
    re.compile(r"[(（\[【][^()（）\[\]【】]*$"),  # (必填硬 — the rest cut off by a page break
    re.compile(r"[(（]?(?:必填|选填)[^()（）]{0,8}[)）]?"),  # 必填) — a bracket OCR lost
    re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})[、.．)）]"),  # 一、产出指标 / 1.产出指标
    re.compile(r"\d+(?:\.\d+)?\s*分$"),
    re.compile(r"[*＊]"),
)

# --- form layouts -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldLabel:
    key: str  # where the value goes in the record
    variants: tuple[str, ...]


HEADER_FIELDS: tuple[FieldLabel, ...] = (
    FieldLabel("project.name", ("项目名称",)),
    FieldLabel("project.department", ("主管部门及代码", "主管部门及编码", "主管部门", "主管单位")),
    FieldLabel("project.implementing_unit", ("实施单位", "项目实施单位", "执行单位")),
    FieldLabel("project.attribute", ("项目属性", "项目类型")),
    FieldLabel("project.period", ("项目期", "项目周期", "项目期限", "实施期限")),
    FieldLabel("funds.label", ("项目资金", "项目资金情况", "资金情况", "项目资金来源", "预算执行情况",
                               "资金投入情况", "年度预算执行情况")),
    FieldLabel("funds.total", ("年度资金总额", "资金总额", "年度资金总计", "资金总计", "合计", "年度金额",
                               "年度财政资金总额", "预算总额")),
    FieldLabel("funds.fiscal", ("财政拨款", "其中财政拨款", "财政资金", "其中财政资金", "当年财政拨款",
                                "本年财政拨款", "中央补助", "中央补助资金", "省级补助", "上级补助")),
    FieldLabel("funds.carryover", ("上年结转资金", "上年结转", "结转资金")),
    FieldLabel("funds.other", ("其他资金", "其他来源资金", "地方资金", "市县资金", "地方财政资金")),
    FieldLabel("overall_goal", ("年度总体目标", "年度目标", "总体目标", "年度绩效目标", "项目年度目标",
                                "区域年度总体目标", "年度总体目标完成情况", "部门年度总体目标", "整体绩效目标",
                                "年度绩效目标完成情况", "总体目标完成情况")),
    # department-level forms (部门整体支出绩效目标表)
    FieldLabel("department.name", ("部门名称", "单位名称", "部门(单位)名称", "预算单位", "预算部门", "部门（单位）名称")),
    FieldLabel("department.tasks", ("年度主要任务", "主要任务", "年度重点任务", "部门年度主要任务")),
    FieldLabel("department.budget", ("年度预算申请", "预算申请", "年度预算安排", "部门预算申请", "年度部门预算")),
    # transfer-payment forms (转移支付区域绩效目标表)
    FieldLabel("transfer.name", ("转移支付名称", "转移支付项目名称", "转移支付项目", "专项资金名称", "专项名称")),
    FieldLabel("region", ("实施区域", "实施地区", "区域范围")),
    # printed on some templates; kept in the record under header_extra
    FieldLabel("extra.项目负责人", ("项目负责人", "负责人")),
    FieldLabel("extra.联系电话", ("联系电话", "负责人电话", "联系方式")),
    FieldLabel("extra.项目类别", ("项目类别", "项目分类")),
    FieldLabel("extra.资金用途", ("资金用途",)),
)
# The first label of a table's header block: a fragment starting with one is a new table.
TABLE_START_FIELDS: tuple[str, ...] = ("project.name", "department.name", "transfer.name")
# 中央主管部门, 省级财政部门, 市县主管部门 …: the authorities of a transfer payment, by printed label.
AUTHORITY_PATTERN = re.compile(r"^(?:中央|地方|省级?|市级?|县级?|区级?|市县|县区|自治区|盟市|旗县)[^\s]{0,4}?(?:主管部门|财政部门)$")

# Sub-grids of the header block: a row of these column names opens one, its rows follow.
GRID_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "funds": {
        "budget_initial": ("年初预算数", "年初预算"),
        "budget_full": ("全年预算数", "调整后预算数", "全年预算"),
        "budget": ("预算数", "预算金额"),
        "executed": ("全年执行数", "执行数", "实际执行数", "全年实际执行数", "决算数"),
        "weight": ("分值",),
        "rate": ("执行率", "预算执行率"),
        "score": ("得分",),
    },
    "goals": {
        "expected": ("预期目标", "年度目标", "绩效目标", "年初目标", "年初设定目标", "年度设定目标"),
        "actual": ("实际完成情况", "目标实际完成情况", "实际完成", "完成情况", "全年实际完成情况", "完成情况综述",
                   "年度总体目标完成情况综述", "实际完成情况综述"),
        "long_term": ("中长期目标", "实施期目标", "项目中长期目标", "中长期绩效目标", "实施期绩效目标"),
    },
    "tasks": {
        "name": ("任务名称", "任务", "主要任务", "任务项目"),
        "content": ("主要内容", "任务内容", "具体内容"),
        "amount": ("预算金额", "金额", "预算数", "资金金额", "预算资金"),
    },
}
# Grid columns whose cells are percentages (a percentage under another column of a row printed without its
# empty cells is this column's).
GRID_PERCENT_COLUMNS: frozenset[str] = frozenset({"rate"})
# Header fields printed as the rows of a funds grid.
FUNDS_ROW_FIELDS: tuple[str, ...] = ("funds.total", "funds.fiscal", "funds.carryover", "funds.other")
# Column kinds of a funds grid that hold money (the first of them gives funds.total …).
FUNDS_AMOUNT_COLUMNS: tuple[str, ...] = ("budget_initial", "budget_full", "budget", "executed")
# Header fields whose label names a block (its grid, its rows of amounts) and holds no value of its own.
BLOCK_LABEL_FIELDS: frozenset[str] = frozenset({"funds.label", "department.budget", "department.tasks"})
# Which grid a header field's label opens when column names follow it.
GRID_OF_FIELD: dict[str, str] = {"funds.label": "funds", "department.budget": "funds", "overall_goal": "goals",
                                 "department.tasks": "tasks"}
# Rows of an indicator block that close it: totals, the grade, the verdict (not indicators).
TRAILER_LABELS: dict[str, tuple[str, ...]] = {
    "total": ("总分", "合计", "总计", "自评总分", "综合得分", "总得分", "合计得分", "自评得分"),
    "grade": ("自评等级", "评价等级", "绩效等级", "等级", "自评结果"),
    "conclusion": ("评价结论", "自评结论", "总体评价", "综合评价结论"),
    "note": ("其他需要说明事项", "其他需要说明的事项", "其他说明事项", "需要说明的事项", "其他说明"),
}

# Indicator-block column names → role.
COLUMN_ROLES: dict[str, tuple[str, ...]] = {
    "section": ("名称", "绩效指标", "指标"),
    "level1": ("一级指标", "一级绩效指标"),
    "level2": ("二级指标", "二级绩效指标"),
    "level3": ("三级指标", "三级指标名称", "指标名称", "指标内容", "三级绩效指标"),
    "target": ("指标值", "年度指标值", "目标值", "指标目标值", "年度目标值", "绩效指标值", "年度指标",
               "年度绩效指标值", "目标值（年度）"),
    "target_long": ("中长期指标值", "中长期目标值", "中长期目标", "实施期指标值", "实施期目标值"),
    "target_adjusted": ("调整后指标值", "调整后目标值"),
    "actual": ("实际完成值", "全年实际值", "实际值", "实际完成情况", "全年实际完成值", "实际完成", "全年完成值"),
    "weight": ("分值", "权重", "指标分值", "权重分", "指标权重"),
    "score": ("得分", "自评得分", "评价得分"),
    "deviation": ("偏差原因分析及改进措施", "偏差原因分析", "原因分析及改进措施", "未完成原因分析",
                  "偏差原因", "未完成原因及改进措施", "偏差原因分析及整改措施",
                  "未完成原因及拟采取的改进措施", "未完成原因和改进措施"),
    "nature": ("指标性质", "指标值类型", "计算符号", "指标值性质", "指标类型", "符号"),
    "unit": ("度量单位", "计量单位", "单位", "指标单位"),
}
# The head of a label cut off onto the line before it (中央 | 主管部门): at most this long.
LABEL_HEAD_MAX_CHARS = 4
# The tail of a label wrapped onto the next line (社会效益 | 指标): at most this long.
LABEL_TAIL_MAX_CHARS = 2
# Section column names that are as likely the tail of a label broken over lines (项目完成 | 指标):
# read as text in notation-free copies.
AMBIGUOUS_SECTION_NAMES: tuple[str, ...] = ("指标",)
# Roles read at their own column in every row; the rest of a row is read by content (rows.py).
CORE_COLUMN_ROLES: tuple[str, ...] = ("section", "level1", "level2", "level3", "target")
# The roles a record's indicator takes as fields (anything else stays in `extra` by printed name).
INDICATOR_FIELD_ROLES: tuple[str, ...] = ("actual", "weight", "score", "deviation", "nature", "unit",
                                          "target_long", "target_adjusted")
# Roles every self-evaluation's indicators hold (null where the form does not print them).
SELF_EVAL_ROLES: tuple[str, ...] = ("actual", "weight", "score", "deviation")
# A "其中…" breakdown row under a ★ indicator: kept, marked as a sub-item.
SUB_ITEM_PATTERN = re.compile(r"^其中[:：]?")
# Roles whose cells are numbers in the record.
NUMERIC_ROLES: tuple[str, ...] = ("weight", "score")
# Measure words a figure is printed with (250人, 1130元/月/人, 2023年12月31日): where a glued row's 指标值 ends.
MEASURE_WORDS: tuple[str, ...] = (
    "人次", "户次", "人", "户", "个", "次", "项", "件", "套", "台", "辆", "条", "批", "场", "期", "篇", "份", "本",
    "册", "张", "棵", "株", "头", "只", "羽", "匹", "名", "间", "栋", "块", "所", "座", "处", "家", "起", "例", "种",
    "门", "粒", "吨", "公斤", "千克", "斤", "克", "亿元", "万元", "千元", "元", "亿", "万", "公顷", "亩", "平方米",
    "立方米", "千米", "公里", "米", "厘米", "毫米", "小时", "个工作日", "工作日", "个月", "天", "日", "周", "月", "年",
    "分", "学时", "课时", "千瓦", "度", "倍", "‰",
)
# A 指标性质 cell that says how to compare (joined into the target), not what kind of value it is.
QUALITATIVE_NATURES: tuple[str, ...] = ("定性", "定性指标")
QUANTITATIVE_NATURES: tuple[str, ...] = ("定量", "定量指标")
# What a 指标性质 / 计算符号 cell holds: a comparison sign, or words for one or for the kind of value.
COMPARATOR_SIGNS = frozenset("≥≤=＝═<>＜＞≧≦")
# A qualitative 指标值 in words: a short phrase ending in a degree or outcome word (明显, 显著提高, 有效保障,
# 建立健全, 基本达到), or 无 / 无偏差: what a value's column holds, rarely an indicator's name.
QUALITATIVE_VALUE_PATTERN = re.compile(r"^[^\d，,。；;：:]{0,6}(?:明显|显著|良好|较好|提高|提升|改善|保障|健全|运行|达到|达标"
                                       r"|完成|合格|控制|执行|到位|落实)$|^无(?:偏差)?$")
NATURE_WORDS: frozenset[str] = frozenset({*QUALITATIVE_NATURES, *QUANTITATIVE_NATURES, "大于等于", "小于等于",
                                          "等于", "大于", "小于", "不低于", "不高于", "不少于", "不超过"})


# Forms and how their titles read: normalize/forms/*.toml.

# A table title: what a line must contain to be read as one.
TITLE_PATTERN = re.compile(r"绩效.{0,8}表|目标表|申报表|批复表|自评表")
YEAR_LINE_PATTERN = re.compile(r"^[(（]?\s*((?:19|20)\d{2})\s*年度?\s*[)）]?$")
_ATTACHMENT_NUMBER = r"附\s*件\s*[0-9０-９一二三四五六七八九十]+"  # 附件 2, 附件二
ATTACHMENT_PATTERN = re.compile(rf"^({_ATTACHMENT_NUMBER})\s*[:：]?\s*(.*)$")
# A document's heading line, 附件 N (alone, or before the document title: 附件2, 附件 3：…), which opens the next
# document of a text holding several: it ends the table above it, never a cell of it (附件2份 is no heading).
ATTACHMENT_HEADING_PATTERN = re.compile(rf"^{_ATTACHMENT_NUMBER}(?:\s*[:：]|\s|$)")
# A year written as a year (2021 年 / 2021年度), not a citation like [2020]517号.
YEAR_MENTION_PATTERN = re.compile(r"(?<![0-9])((?:19|20)\d{2})\s*年")
# The money unit printed in a label such as 项目资金 (万元).
UNIT_IN_LABEL_PATTERN = re.compile(r"[(（]\s*(万元|元|千元|亿元)\s*[)）]")

# A unit printed at the end of an indicator name: 落实运行经费（万元） → 60 means 60 万元.
UNIT_IN_NAME_PATTERN = re.compile(r"[(（]\s*([^()（）\s\d]{1,4})\s*[)）]\s*$")

SIGN_OFF_PATTERN = re.compile(r"^(单位负责人|填报人|填表人|联系电话|填报日期|审核人|财务负责人|负责人|填报单位|"
                              r"财政部门意见|主管部门意见|审核意见|联系人|填表日期|单位盖章|盖章|审核日期|部门意见|"
                              r"制表人|经办人|填报时间|填表时间|制表日期|报送日期|单位[(（]盖章[)）])")
# A sign-off whose office is named first: 财政资金管理科室（盖章） 年 月 日 (spaces removed before matching).
SIGN_OFF_TAIL_PATTERN = re.compile(r"^[^，。；,;]{0,16}[(（]盖章[)）](?:年月日)?$|^[^，。；,;]{0,16}[(（]?盖章[)）]?年月日$")

# Cost indicators that state no money, so they do not keep the money of the others from being
# checked against 年度资金总额: the kinds of cost that are not money (a qualitative 社会成本 row) …
NON_MONEY_COST_GROUPS: tuple[str, ...] = ("社会成本指标", "生态环境成本指标")
# … a row whose name says its money is a rate: per head (人均, 户均, 亩均), or ending in the 每 clause its 指标值
# begins with (补助标准每人每年 | 300元, where a glued row was split after 每人每年) …
RATE_NAME_PATTERN = re.compile(r"[人户亩]均|(?:每[^每，。；,;()（）]{1,2})+$")
# … and, under any cost label, a target that says the cost is nil or negligible.
NEGLIGIBLE_COST_TARGETS: frozenset[str] = frozenset({"无", "较小", "很小", "小", "极小", "较低", "低", "没有", "暂无",
                                                     "无明显影响", "无影响", "影响较小", "不产生", "未产生", "不涉及"})

# --- thresholds ---------------------------------------------------------------

LABEL_ACCEPT_SCORE = 85.0  # below: the label is not matched (warning, canonical null)
LABEL_EXACT_SCORE = 100.0  # below this but accepted: matched fuzzily (warning)
LABEL_LIKE_MAX_CHARS = 14  # a cell longer than this is never read as a label
FIELD_ACCEPT_SCORE = 90.0  # header field labels (项目名称 …)
COLUMN_ACCEPT_SCORE = 90.0  # indicator-block column names
UNIT_RATIO_TOLERANCE = 0.01  # 1 %: cost sum vs total, and the ×10,000 unit test
LOW_CONFIDENCE = 0.80  # OCR cell confidence below which a cell is warned
OCR_VALUE_CONFIDENCE = 0.90  # an OCR-read 指标值 that does not parse is warned below this
