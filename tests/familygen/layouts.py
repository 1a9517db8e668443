"""Each family form laid out as a grid of merged cells (familygen.grid), with the lines printed
above (title, year) and below it (a sign-off line when it is not part of the grid).

    printed = print_form(form, random.Random(5))
    printed.grid.flat(0)   # ['项目名称', '青松村…', '', …]
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .grid import Grid, Spec, split_cols
from .spec import FamilyForm, FIndicator, fmt_num

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "一级指标", "一级绩效指标"),
    "level2": ("二级指标", "二级指标", "二级绩效指标"),
    "level3": ("三级指标", "三级指标", "三级指标名称"),
    "target": ("指标值", "指标值", "年度指标值", "目标值"),
    "actual": ("实际完成值", "实际完成值", "实际完成值（B）", "全年实际完成值"),
    "weight": ("分值",),
    "score": ("得分",),
    "deviation": ("偏差原因分析及改进措施", "偏差原因分析及改进措施", "偏差原因分析及改进措施"),
    "value": ("指标值",),
    "unit": ("度量单位", "度量单位", "计量单位"),
}
SELF_EVAL_TARGET = ("年度指标值", "年度指标值", "年度指标值（A）")
NO_LEVEL_NAMES = ("指标名称", "指标名称", "指标内容", "三级指标")


@dataclass
class Printed:
    lines_before: list[str]
    grid: Grid
    lines_after: list[str]


def _cell_texts(form: FamilyForm, ind: FIndicator) -> dict[str, str]:
    def number(x: float | None) -> str:
        return "" if x is None else fmt_num(x)

    return {"level3": ind.level3, "target": ind.target or "", "actual": ind.actual or "",
            "weight": number(ind.weight), "score": number(ind.score), "deviation": ind.deviation or "",
            "nature": ind.nature or "", "value": ind.value or "", "unit": ind.unit or ""}


def _column_names(form: FamilyForm, rng: random.Random) -> dict[str, str]:
    names = {role: rng.choice(options) for role, options in COLUMN_NAMES.items()}
    if form.funds_grid is not None:  # a self-evaluation
        names["target"] = rng.choice(SELF_EVAL_TARGET)
    if "level1" not in form.columns:
        names["level3"] = rng.choice(NO_LEVEL_NAMES)
    names["nature"] = "指标性质" if "value" in form.columns else "指标值类型"
    return names


class _Layout:
    """The column plan of one form: a column span per indicator role, the section column first."""

    def __init__(self, form: FamilyForm, rng: random.Random) -> None:
        self.form = form
        self.section = rng.random() < 0.7 and "level1" in form.columns
        spans = {role: 1 for role in form.columns}
        self.n = len(form.columns) + self.section
        while self.n < 5:  # narrow blocks: the name (then the target) cells widen
            spans["level3"] += 1
            self.n += 1
        self.spans = spans
        self.grid = Grid(self.n)
        self.rng = rng

    def col(self, role: str) -> int:
        k = int(self.section)
        for r in self.form.columns:
            if r == role:
                return k
            k += self.spans[r]
        raise KeyError(role)

    def pairs(self, pairs: list[tuple[str, str]]) -> None:
        if len(pairs) == 1 or self.n < 4:
            for label, value in pairs:
                self.grid.add_row("header", [(label, 1, 1, "label"), (value, 1, self.n - 1, "value")])
            return
        a = (self.n - 2) // 2
        (l1, v1), (l2, v2) = pairs
        self.grid.add_row("header", [(l1, 1, 1, "label"), (v1, 1, a, "value"), (l2, 1, 1, "label"),
                                     (v2, 1, self.n - 2 - a, "value")])

    def funds_pairs(self) -> None:
        form = self.form
        if form.funds_by_columns:
            spans = split_cols(self.n - 1, [1, 1, 1])
            self.grid.add_row("header", [(form.funds_label, 2, 1, "label"),
                                         *[(label, 1, s, "label") for (label, _), s in zip(form.funds_pairs, spans)]])
            self.grid.add_row("header", [(value, 1, s, "value") for (_, value), s in zip(form.funds_pairs, spans)])
            return
        a = (self.n - 1) // 2
        for k, (label, value) in enumerate(form.funds_pairs):
            lead: list[Spec] = [(form.funds_label, len(form.funds_pairs), 1, "label")] if k == 0 else []
            self.grid.add_row("header", [*lead, (label, 1, a, "label"), (value, 1, self.n - 1 - a, "value")])

    def funds_grid(self) -> None:
        grid = self.form.funds_grid
        assert grid is not None
        corner = 2 if self.n - 1 - len(grid.columns) >= 2 and self.n >= 9 else 1
        spans = split_cols(self.n - 1 - corner, [1] * len(grid.columns))
        self.grid.add_row("header", [(grid.label, 1 + len(grid.rows), 1, "label"), ("", 1, corner, "label"),
                                     *[(name, 1, s, "label") for name, s in zip(grid.columns, spans)]])
        for _, label, cells in grid.rows:
            self.grid.add_row("header", [(label, 1, corner, "label"),
                                         *[(text, 1, s, "value") for text, s in zip(cells, spans)]])

    def tasks(self) -> None:
        form = self.form
        wide = self.n - 3
        self.grid.add_row("header", [(form.tasks_label, 1 + len(form.tasks), 1, "label"), ("任务名称", 1, 1, "label"),
                                     ("主要内容", 1, wide, "label"), ("预算金额（万元）", 1, 1, "label")])
        for name, content, amount in form.tasks:
            self.grid.add_row("header", [(name, 1, 1, "value"), (content, 1, wide, "value"), (amount, 1, 1, "value")])

    def goal(self, label: str) -> None:
        form = self.form
        if form.overall_goal_actual is None:
            self.grid.add_row("header", [(label, 1, 1, "label"), (form.overall_goal, 1, self.n - 1, "value")])
            return
        a = (self.n - 1) // 2
        self.grid.add_row("header", [(label, 2, 1, "label"), ("预期目标", 1, a, "label"),
                                     (self.rng.choice(["实际完成情况", "目标实际完成情况"]), 1, self.n - 1 - a, "label")])
        self.grid.add_row("header", [(form.overall_goal, 1, a, "value"),
                                     (form.overall_goal_actual, 1, self.n - 1 - a, "value")])

    def indicators(self) -> None:
        form, rng = self.form, self.rng
        names = _column_names(form, rng)
        section = rng.choice(["绩效指标", "年度绩效指标", "绩 效 指 标"])
        head: list[Spec] = [(rng.choice(["绩效指标", "名称"]), 1, 1, "label")] if self.section else []
        self.grid.add_row("columns", head + [(names[r], 1, self.spans[r], "label") for r in form.columns])
        inds = form.indicators
        for j, ind in enumerate(inds):
            specs: list[Spec] = []
            if self.section and j == 0:
                specs.append((section, len(inds), 1, "section"))
            for level in ("level1", "level2") if "level1" in form.columns else ():
                key = lambda k: (inds[k].level1, inds[k].level2 if level == "level2" else None)  # noqa: E731
                if j == 0 or key(j - 1) != key(j):
                    span = 1
                    while j + span < len(inds) and key(j + span) == key(j):
                        span += 1
                    text = ind.level1_printed if level == "level1" else ind.level2_printed
                    specs.append((text or "", span, 1, level))
            texts = _cell_texts(form, ind)
            specs += [(texts[r], 1, self.spans[r], r) for r in form.columns if r not in ("level1", "level2")]
            row = self.grid.add_row("body", specs)
            self.grid.indicator_of[row] = j

    def closing_rows(self) -> None:
        form = self.form
        if form.total is not None:
            w = self.col("weight")
            rest = self.n - w - 2
            self.grid.add_row("total", [("总分", 1, w, "label"), (form.total[0], 1, 1, "weight"),
                                        (form.total[1], 1, 1, "score"), *([("", 1, rest, "")] if rest else [])])
        if form.heji is not None:
            w = self.col("weight")
            rest = self.n - w - 1
            self.grid.add_row("total", [("合计", 1, w, "label"), (form.heji, 1, 1, "weight"),
                                        *([("", 1, rest, "")] if rest else [])])
        if form.grade is not None:
            w = self.col("weight") if "weight" in form.columns else 1
            self.grid.add_row("grade", [("自评等级", 1, w, "label"), (form.grade, 1, self.n - w, "value")])
        if form.signoff and form.signoff_in_grid:
            spans = split_cols(self.n, [2, 1, 2])
            self.grid.add_row("signoff", [(t, 1, s, "signoff") for t, s in zip(form.signoff, spans)])


def print_form(form: FamilyForm, rng: random.Random) -> Printed:
    """The grid of `form` and the lines around it; label wording and spans drawn from `rng`."""
    lay = _Layout(form, rng)
    for row in form.header:
        lay.pairs(row)
    if form.form == "transfer_target":
        for k in range(0, len(form.authorities), 2):
            lay.pairs(form.authorities[k:k + 2])
        if form.region is not None:
            lay.pairs([("实施区域", form.region)])
    if form.form == "department_target":
        lay.tasks()
    if form.funds_grid is not None:
        lay.funds_grid()
    elif form.funds_pairs:
        lay.funds_pairs()
    goal_labels = {"transfer_target": ("区域年度总体目标", "年度总体目标")}
    lay.goal(rng.choice(goal_labels.get(form.form, ("年度总体目标", "年度总体目标", "总体目标"))))
    lay.indicators()
    lay.closing_rows()
    lay.grid.check()
    year_line = rng.choice([f"（{form.year}年度）", f"( {form.year} 年度)", f"({form.year}年度)"])
    before = [rng.choice(["## ", "# ", ""]) + form.title, "", year_line, ""]
    after = [] if not form.signoff or form.signoff_in_grid else ["", "    ".join(form.signoff)]
    return Printed(before, lay.grid, after)
