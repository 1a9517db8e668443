"""Random family forms (content and truth): one function per form code, and the planted
inconsistencies.

    form = random_family_form(random.Random(3), "project_self_eval", plant="target_not_met")
"""

from __future__ import annotations

import random

from generator import BUREAUS, COUNTIES, PLACES, PROJECT_TASKS, UNIT_SUFFIXES, _department, _goal

from . import words as W
from .money import fmt_cents, grid_funds, self_eval_funds, split_cents
from .spec import (
    FamilyForm,
    FIndicator,
    comparator_variant,
    draw_rows,
    fmt_num,
    make_indicator,
    met_actual,
    missed_actual,
    num,
    printed_level1,
    quantitative,
    score_indicators,
    split_weight,
)

PLANTS = ("score_exceeds_weight", "score_total_mismatch", "execution_rate_mismatch", "target_not_met",
          "funds_mismatch")
PLANTS_FOR: dict[str, tuple[str, ...]] = {
    "project_self_eval": PLANTS,
    "department_self_eval": PLANTS,
    "department_target": ("funds_mismatch",),
    "transfer_target": ("funds_mismatch",),
    "project_target": (),
}
TARGET_VARIANTS = ("parts", "value_type", "no_levels", "total_rows")
LEVEL1_SHARES = {"产出指标": 5, "效益指标": 3, "满意度指标": 1, "成本指标": 2}


def _person(rng: random.Random) -> str:
    return rng.choice(W.SURNAMES) + rng.choice(W.GIVEN) + rng.choice(["", rng.choice(W.GIVEN)])


def _phone(rng: random.Random) -> str:
    return rng.choice(["1", "1"]) + rng.choice(["3", "5", "8"]) + "".join(str(rng.randint(0, 9)) for _ in range(9))


def _signoff(rng: random.Random, unit: str) -> list[str]:
    return [f"填报单位（盖章）：{unit}", f"联系人：{_person(rng)}", f"联系电话：{_phone(rng)}"]


def _department_name(rng: random.Random) -> str:
    return rng.choice(COUNTIES) + rng.choice(BUREAUS)


def _project_header(rng: random.Random, year: int, name: str, place: str, extra: bool) -> tuple[dict, list]:
    printed_dept, department, code = _department(rng)
    unit = place + rng.choice(UNIT_SUFFIXES)
    attribute = rng.choice(["一次性项目", "经常性项目", "延续性项目"]) if extra else None
    period = rng.choice(["一年", "1年", f"{year}年"]) if extra else None
    project = {"name": name, "department": department, "department_code": code, "implementing_unit": unit,
               "attribute": attribute, "period": period}
    header = [[("项目名称", name)],
              [(rng.choice(["主管部门及代码", "主管部门"]), printed_dept or ""), ("实施单位", unit)]]
    if extra:
        header.append([("项目属性", attribute), (rng.choice(["项目期", "项目周期"]), period)])
    return project, header


def _dept_project(department: str) -> dict:
    return {"name": None, "department": department, "department_code": None, "implementing_unit": None,
            "attribute": None, "period": None}


def _goal_text(rng: random.Random, clauses: tuple[str, ...]) -> str:
    return "，".join(rng.sample(clauses, rng.randint(1, 3))) + "。"


# --- indicators ---------------------------------------------------------------------------------


def _target_indicators(rng: random.Random, year: int, split: bool, levels: bool = True) -> list[FIndicator]:
    out = []
    for level1, level2, name, target in draw_rows(rng, year, rng.choice(["classic", "2021"])):
        if split and target.parsed is None:
            continue  # a deadline or a range: no sure parts
        target = comparator_variant(rng, target) if not split else target
        ind = make_indicator(rng, level1 if levels else None, level2 if levels else None, name, target,
                             printed_level1(rng, level1, None) if levels else None, split=split)
        out.append(ind)
    return out


def _self_eval_indicators(rng: random.Random, year: int, points: int) -> list[FIndicator]:
    rows = draw_rows(rng, year, rng.choice(["classic", "2021"]))
    level1s = list(dict.fromkeys(r[0] for r in rows))
    counts = {l1: sum(1 for r in rows if r[0] == l1) for l1 in level1s}
    shares = {l1: max(counts[l1], round(points * LEVEL1_SHARES[l1] / sum(LEVEL1_SHARES[x] for x in level1s)))
              for l1 in level1s}
    shares[level1s[-1]] += points - sum(shares.values())
    if shares[level1s[-1]] < counts[level1s[-1]]:  # too few points left: share evenly
        shares = dict(zip(level1s, [int(w) for w in split_weight(random.Random(0), points, len(level1s))]))
    out: list[FIndicator] = []
    for l1 in level1s:
        group = [r for r in rows if r[0] == l1]
        label = printed_level1(rng, l1, shares[l1])
        inds = [make_indicator(rng, l1, l2, name, comparator_variant(rng, t), label) for _, l2, name, t in group]
        score_indicators(rng, inds, split_weight(rng, shares[l1], len(inds)))
        out += inds
    return out


def _plant_scores(rng: random.Random, form: FamilyForm, plant: str | None, funds_score: float) -> None:
    """Print the 总分 row, planting score_exceeds_weight / score_total_mismatch / target_not_met."""
    inds = form.indicators
    if plant == "score_exceeds_weight":
        k = rng.randrange(len(inds))
        j = next(j for j in rng.sample(range(len(inds)), len(inds)) if j != k and inds[j].score >= 1)
        inds[k].score = inds[k].weight + 1
        inds[j].score -= 1  # the 总分 still adds up
        inds[k].actual = met_actual(rng, inds[k])
        form.planted[plant] = f"indicators[{k}]"
    if plant == "target_not_met":
        k = next(k for k in rng.sample(range(len(inds)), len(inds)) if missed_actual(inds[k]) and inds[k].weight)
        inds[k].actual = missed_actual(inds[k])
        inds[k].score = inds[k].weight
        form.planted[plant] = f"indicators[{k}]"
    points = sum(i.weight for i in inds)
    grid = form.funds_grid
    funds_weight = int(grid.rows[0][2][grid.roles.index("weight")]) if _has_funds_weight(form) else 0
    assert points + funds_weight == 100, (points, funds_weight)
    total = sum(i.score for i in inds) + funds_score
    if plant == "score_total_mismatch":
        total += rng.choice([-3, -2, 2, 3]) if total <= 97 else -3
        form.planted[plant] = "self_eval_total_score"
    form.total = ("100", fmt_num(total))


def _has_funds_weight(form: FamilyForm) -> bool:
    return form.funds_grid is not None and "weight" in form.funds_grid.roles


def _self_eval_extras(rng: random.Random, form: FamilyForm, unit_name: str) -> None:
    score = float(form.total[1]) if form.total else 0.0
    if rng.random() < 0.6:
        form.grade = "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"
    if rng.random() < 0.7:
        form.signoff = _signoff(rng, unit_name)
        form.signoff_in_grid = rng.random() < 0.6


def _ensure_quantitative(form: FamilyForm, plant: str | None) -> bool:
    """A form to plant target_not_met in needs a quantitative indicator with points."""
    return plant != "target_not_met" or any(missed_actual(i) and i.weight for i in form.indicators)


# --- the forms ------------------------------------------------------------------------------------


def project_self_eval(rng: random.Random, year: int, plant: str | None = None) -> FamilyForm:
    place = rng.choice(PLACES)
    name = place + rng.choice(PROJECT_TASKS)
    project, header = _project_header(rng, year, name, place, extra=False)
    layout = rng.choice(["six", "ab", "ab_score"])
    unit = rng.choice(["万元", "万元", "元"])
    rows = [("total", "年度资金总额"),
            ("fiscal", rng.choice(["其中：当年财政拨款", "其中：财政拨款", "当年财政拨款"]))]
    if rng.random() < 0.5:
        rows.append(("carry", "上年结转资金"))
    rows.append(("other", "其他资金"))
    label = rng.choice(["项目资金（{u}）", "项目资金({u})"]).format(u=unit)
    weight = rng.choice([10, 20])
    grid, funds_score = self_eval_funds(rng, label, layout, rows, unit, weight, plant)
    points = 100 - (weight if "weight" in grid.roles else 0)
    form = FamilyForm("project_self_eval", layout, rng.choice(W.SELF_EVAL_TITLES), year, project,
                      grid_funds(grid, unit), _goal(rng, year, place).replace(", ", "，"),
                      _self_eval_indicators(rng, year, points),
                      ["level1", "level2", "level3", "target", "actual", "weight", "score", "deviation"],
                      header=header, funds_grid=grid)
    form.title = rng.choice([name, rng.choice(COUNTIES) + rng.choice(BUREAUS), ""]) + form.title
    form.overall_goal_actual = _goal_text(rng, W.ACTUAL_CLAUSES)
    if plant in ("funds_mismatch", "execution_rate_mismatch"):
        form.planted[plant] = "funds"
    if not _ensure_quantitative(form, plant):
        return project_self_eval(rng, year, plant)
    _plant_scores(rng, form, plant, funds_score)
    _self_eval_extras(rng, form, project["implementing_unit"])
    return form


def department_self_eval(rng: random.Random, year: int, plant: str | None = None) -> FamilyForm:
    department = _department_name(rng)
    layout = rng.choice(["six", "four"])
    rows = [("total", "年度资金总额"), ("fiscal", rng.choice(["其中：财政拨款", "财政拨款"])), ("other", "其他资金")]
    label = rng.choice(["年度预算执行情况（万元）", "预算执行情况（万元）"])
    weight = rng.choice([10, 20])
    grid, funds_score = self_eval_funds(rng, label, layout, rows, "万元", weight, plant)
    points = 100 - (weight if "weight" in grid.roles else 0)
    form = FamilyForm("department_self_eval", layout, department + rng.choice(W.DEPT_EVAL_TITLES), year,
                      _dept_project(department), grid_funds(grid, "万元"), _goal_text(rng, W.DEPT_GOAL_CLAUSES),
                      _self_eval_indicators(rng, year, points),
                      ["level1", "level2", "level3", "target", "actual", "weight", "score", "deviation"],
                      header=[[(rng.choice(["部门名称", "部门（单位）名称"]), department)]], funds_grid=grid)
    form.overall_goal_actual = _goal_text(rng, W.ACTUAL_CLAUSES)
    if plant in ("funds_mismatch", "execution_rate_mismatch"):
        form.planted[plant] = "funds"
    if not _ensure_quantitative(form, plant):
        return department_self_eval(rng, year, plant)
    _plant_scores(rng, form, plant, funds_score)
    _self_eval_extras(rng, form, department)
    return form


def department_target(rng: random.Random, year: int, plant: str | None = None) -> FamilyForm:
    department = _department_name(rng)
    n = rng.randint(2, 4)
    names = rng.sample(range(len(W.TASK_NAMES)), n)
    total = rng.randint(50, 90000) * 100
    amounts = split_cents(rng, total, n)
    tasks = [(W.TASK_NAMES[k], W.TASK_CONTENTS[k], fmt_cents(a, "万元")) for k, a in zip(names, amounts)]
    other = rng.choice([0, 0, rng.randint(1, max(1, total // 500)) * 100 if total > 1000 else 0])
    fiscal = total - other
    # off by more than rounding: whole 万元 parts may miss their rounded total by one unit
    printed_total = total + (rng.choice([3, 10, 50]) * 100 if plant == "funds_mismatch" else 0)
    pairs = [("资金总额", fmt_cents(printed_total, "万元")), (rng.choice(["财政拨款", "其中：财政拨款"]),
                                                          fmt_cents(fiscal, "万元")),
             ("其他资金", fmt_cents(other, "万元") if other or rng.random() < 0.5 else "")]
    by_columns = rng.random() < 0.5
    if by_columns:
        pairs[1] = ("财政拨款", pairs[1][1])
    form = FamilyForm("department_target", "columns" if by_columns else "rows",
                      department + rng.choice(W.DEPT_TITLES), year, _dept_project(department),
                      {"unit": "万元", "total": _n(pairs[0][1]), "fiscal": _n(pairs[1][1]), "other": _n(pairs[2][1])},
                      _goal_text(rng, W.DEPT_GOAL_CLAUSES), _target_indicators(rng, year, split=False),
                      ["level1", "level2", "level3", "target"],
                      header=[[(rng.choice(["部门名称", "部门（单位）名称"]), department)]], funds_pairs=pairs,
                      funds_label=rng.choice(["年度预算申请（万元）", "年度预算申请(万元)"]), funds_by_columns=by_columns,
                      tasks=tasks, tasks_label=rng.choice(["年度主要任务", "部门年度主要任务"]))
    if plant == "funds_mismatch":
        form.planted[plant] = "funds"
    return form


def transfer_target(rng: random.Random, year: int, plant: str | None = None) -> FamilyForm:
    name = rng.choice(["", f"{year}年"]) + rng.choice(W.TRANSFER_FUNDS)
    province = rng.choice(W.PROVINCES)
    county = rng.choice(COUNTIES)
    authorities = [("中央主管部门", rng.choice(W.CENTRAL_AUTHORITIES)), ("地方主管部门", county + rng.choice(BUREAUS))]
    if rng.random() < 0.5:
        authorities += [("省级财政部门", province[:2] + "省财政厅" if "省" in province else province[:2] + "财政厅"),
                        ("省级主管部门", province[:2] + rng.choice(["农业农村厅", "水利厅", "教育厅", "民政厅"]))]
    central = rng.randint(20, 90000) * 100
    local = rng.choice([0, rng.randint(1, 9000) * 100])
    total = central + local + (rng.choice([5, 20, 50]) * 100 if plant == "funds_mismatch" else 0)
    pairs = [(rng.choice(["年度金额：", "年度金额"]), fmt_cents(total, "万元")),
             ("其中：中央补助", fmt_cents(central, "万元")),
             ("地方资金", fmt_cents(local, "万元") if local or rng.random() < 0.5 else "")]
    region = county if rng.random() < 0.5 else None
    form = FamilyForm("transfer_target", "plain", name + rng.choice(W.TRANSFER_TITLES), year,
                      {"name": name, "department": None, "department_code": None, "implementing_unit": None,
                       "attribute": None, "period": None},
                      {"unit": "万元", "total": _n(pairs[0][1]), "fiscal": _n(pairs[1][1]), "other": _n(pairs[2][1])},
                      _goal(rng, year, rng.choice(PLACES)).replace(", ", "，"),
                      _target_indicators(rng, year, split=False), ["level1", "level2", "level3", "target"],
                      header=[[(rng.choice(["转移支付名称", "专项名称"]), name)]], funds_pairs=pairs,
                      funds_label=rng.choice(["资金情况（万元）", "资金情况(万元)"]), authorities=authorities,
                      region=region)
    if plant == "funds_mismatch":
        form.planted[plant] = "funds"
    return form


def project_target(rng: random.Random, year: int, variant: str = "parts") -> FamilyForm:
    place = rng.choice(PLACES)
    name = place + rng.choice(PROJECT_TASKS)
    project, header = _project_header(rng, year, name, place, extra=True)
    unit = rng.choice(["万元", "元"])
    total = rng.randint(20, 90000) * 100
    other = rng.choice([0, 0, rng.randint(1, total // 100 - 1) * 100])
    pairs = [(rng.choice(["年度资金总额", "年度资金总额："]), fmt_cents(total, unit)),
             (rng.choice(["其中：财政拨款", "财政拨款"]), fmt_cents(total - other, unit)),
             ("其他资金", fmt_cents(other, unit) if other else "")]
    split = variant == "parts" or (variant == "no_levels" and rng.random() < 0.5)
    inds = _target_indicators(rng, year, split=split, levels=variant != "no_levels")
    if split:
        columns = ["level3", "nature", "value", "unit"]
    elif variant == "value_type":
        columns = ["level3", "nature", "target"]
        for ind in inds:
            ind.nature = "定量" if quantitative(ind) else "定性"
    else:
        columns = ["level3", "target"]
    if variant != "no_levels":
        columns = ["level1", "level2", *columns]
    form = FamilyForm("project_target", variant, rng.choice(["项目支出绩效目标表", "项目支出绩效目标申报表"]), year,
                      project, {"unit": unit, "total": _n(pairs[0][1]), "fiscal": _n(pairs[1][1]),
                                "other": _n(pairs[2][1])},
                      _goal(rng, year, place).replace(", ", "，"), inds, columns, header=header, funds_pairs=pairs,
                      funds_label=rng.choice(["项目资金（{u}）", "项目资金({u})"]).format(u=unit))
    if variant == "total_rows":
        form.columns.append("weight")
        for ind, w in zip(inds, split_weight(rng, 100, len(inds))):
            ind.weight = w
        form.heji = "100"
        form.signoff = _signoff(rng, project["implementing_unit"])
        form.signoff_in_grid = True
    return form


def _n(text: str) -> int | float | None:
    return num(text) if text else None


def random_family_form(rng: random.Random, kind: str, plant: str | None = None,
                       year: int | None = None) -> FamilyForm:
    """One form of `kind` (a form code, or project_target:VARIANT), optionally with a planted
    inconsistency from PLANTS_FOR[form code]."""
    year = year if year is not None else rng.randint(2019, 2025)
    code, _, variant = kind.partition(":")
    assert plant is None or plant in PLANTS_FOR[code], (kind, plant)
    if code == "project_target":
        return project_target(rng, year, variant or rng.choice(TARGET_VARIANTS))
    return {"project_self_eval": project_self_eval, "department_self_eval": department_self_eval,
            "department_target": department_target, "transfer_target": transfer_target}[code](rng, year, plant)


KINDS = ("project_self_eval", "department_target", "department_self_eval", "transfer_target",
         *(f"project_target:{v}" for v in TARGET_VARIANTS))


COLUMN_FUNDS_FORMS = ("department_target", "transfer_target", "project_target")


def funds_as_columns(form: FamilyForm, rng: random.Random) -> None:
    """The form's funds printed as three column names over a row of amounts (年度预算申请 | 资金总额 | 财政拨款 |
    其他资金, then the amounts), as the department-wide form prints them; about half of the time with no other
    funds, so 财政拨款 equals the total beside it and 其他资金 is an empty cell (the amounts row prints two amounts
    under three names)."""
    if form.form not in COLUMN_FUNDS_FORMS:
        raise ValueError(f"{form.form}: its funds are no pairs to print as columns")
    form.funds_by_columns = True
    pairs = [(label.removeprefix("其中：").rstrip("："), amount) for label, amount in form.funds_pairs]  # column names
    if rng.random() < 0.5 and not form.planted:
        total = pairs[0][1]
        pairs = [pairs[0], (pairs[1][0], total), (pairs[2][0], "")]
        form.funds.update(fiscal=_n(total), other=None)
    form.funds_pairs = pairs
