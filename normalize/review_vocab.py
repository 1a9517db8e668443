"""Form knowledge and thresholds of the checks across forms and years, as data.

Pairing (`pairing.py`) answers each self-evaluation with the target form of the same project and
year; `across_years.py` follows the same project from year to year; `achievement.py` judges each
实际完成值 against its target. Every cut-off they use is here.
"""

from __future__ import annotations

import re

# --- which forms answer which ----------------------------------------------------------------------
# self-evaluation form → the target form it answers
FORM_PAIRS: dict[str, str] = {
    "project_self_eval": "project_target",
    "department_self_eval": "department_target",
}
# forms followed across years by `jixiao compare`
SERIES_FORMS: tuple[str, ...] = ("project_target", "department_target", "transfer_target")

# --- pairing a self-evaluation with its target form ------------------------------------------------
# score = Σ weight × component score (each 0–100); a pair is kept at PAIR_ACCEPT_SCORE and above
PAIR_WEIGHTS: dict[str, float] = {"name": 0.5, "department": 0.25, "indicators": 0.25}
PAIR_ACCEPT_SCORE = 80.0
DEPARTMENT_SAME_SCORE = 85.0  # two printed departments this alike are one department
SAME_NAME_MIN_INDICATORS = 25.0  # the same name with no department printed: indicators score needed
NAME_FLOOR = 75.0  # below this the names are of two projects, whatever else agrees
DEPARTMENT_ABSENT_SCORE = 75.0  # one side prints no department: neither for nor against
INDICATORS_ABSENT_SCORE = 50.0  # one side has no indicators
YEAR_MISSING_PENALTY = 10.0  # one side prints no year; two printed years that differ never pair

# --- matching indicators (within a pair, across years) ----------------------------------------------
INDICATOR_FUZZY_SCORE = 88.0  # rapidfuzz ratio of two level-3 keys that name the same indicator

# --- the same project across years --------------------------------------------------------------------
SERIES_NEAR_NAME_SCORE = 80.0  # a near name (not the same key) is the same project ...
SERIES_INDICATOR_OVERLAP = 0.6  # ... when this share of the smaller indicator list matches

# --- keys -----------------------------------------------------------------------------------------------
# A project name's year prefix (2022年, 2022年度) does not make it another project; nor does 项目 at its end.
NAME_YEAR_PREFIX = re.compile(r"^(?:19|20)[0-9]{2}年度?")
NAME_NOISE_SUFFIXES: tuple[str, ...] = ("项目",)
YEAR_IN_LABEL = re.compile(r"(?:19|20)[0-9]{2}")  # "2022年全年" and "2023年全年" are one indicator
KEY_DROP = re.compile(r"[\s\u3000:：,，、;；.。·\"'“”‘’()（）\[\]【】《》<>〈〉\-—_/]")

# --- the words a reader sees -----------------------------------------------------------------------------
ACHIEVED_WORDS: dict[str, str] = {"met": "达成", "not_met": "未达成", "not_comparable": "无法比较"}
NOT_COMPARABLE_WHY: dict[str, str] = {
    "no_actual": "未填实际完成值",
    "no_target": "未填年度指标值",
    "qualitative": "定性指标，文字不同",
    "actual_not_number": "实际完成值不是数值",
    "target_not_number": "年度指标值不是可比的数值",
    "units_differ": "单位不同",
    "comparators_differ": "实际完成值带有与指标值不同的比较符",
    "dates": "日期精度不同",
}
CHANGE_WORDS: dict[str, str] = {
    "kept": "未变", "raised": "提高", "lowered": "降低", "dropped": "删除", "added": "新增", "changed": "改变",
}  # fmt: skip
FUNDS_ROW_LABEL = "年度资金总额"  # the level3 of a compare row that follows the funds
MONEY_TO_YUAN: dict[str, int] = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}
