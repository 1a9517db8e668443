"""Batches of target forms and self-evaluations whose pairs are known (issue 12), built from the
family generator (tests/familygen/), printed as text dumps and read by the real pipeline.

    batch = make_pair_batch(7, n_projects=6)
    batch.sources            # [Source(path, text, role, project, year)], one form a source
    batch.truths             # per self-evaluation: the source of its target form (or None), the expected
                             # `achieved` per indicator and the (code, field) of the pairing findings
    (tests/seriesgen.py: make_series, target forms of projects over 2–4 years with the expected compare rows)

Hard cases on purpose: near-identical project names in one department (…工程 / …工程二期), the same
name in two departments, self-evaluations whose target form is not in the batch (and target forms
with no self-evaluation), self-evaluation names printed with a year prefix or 项目 added, dropped,
added and changed indicators, and a self-evaluation that lowered a target so that its 实际完成值
looks met (target_changed + target_not_met).
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from familygen import words as W  # noqa: E402
from familygen.forms import project_self_eval, project_target  # noqa: E402
from familygen.layouts import print_form  # noqa: E402
from familygen.render import DISTORTIONS, render_family  # noqa: E402
from familygen.spec import (  # noqa: E402
    FamilyForm,
    _pool,
    FIndicator,
    comparator_variant,
    draw_rows,
    fmt_num,
    make_indicator,
    met_actual,
    missed_actual,
    printed_level1,
    quantitative,
    split_weight,
)
from generator import BUREAUS, COUNTIES, PLACES, PROJECT_TASKS, UNIT_SUFFIXES, Target  # noqa: E402

from jixiao.normalize.review_vocab import KEY_DROP  # noqa: E402

NEAR_SUFFIXES = ("二期", "（二期）", "续建工程", "提升改造")
NAME_NOISE = ("{y}年{n}", "{n}项目", "{n}")  # how a self-evaluation may print its project's name
BOUND_SIGNS = ("≥", ">", "≤", "<")  # comparators a planted miss is sure of (a bare figure binds by convention)
TARGET_VARIANTS = ("parts", "value_type", "no_levels", "total_rows")


@dataclass
class Project:
    key: int
    name: str
    place: str
    department: str | None
    printed_department: str | None
    code: str | None
    unit: str


@dataclass
class Source:
    path: str
    text: str
    role: str  # target | self_eval
    project: int
    year: int


@dataclass
class PairTruth:
    self_eval: int  # index of the self-evaluation's source
    target: int | None  # index of its target form's source, None where the batch holds none
    achieved: list[str]  # per self-evaluation indicator
    findings: Counter = field(default_factory=Counter)  # (code, field) of the findings pairing adds


@dataclass
class PairBatch:
    sources: list[Source]
    truths: list[PairTruth]


# --- projects ---------------------------------------------------------------------------------------


def _department(rng: random.Random, printed: bool) -> tuple[str | None, str | None, str | None]:
    if not printed:
        return None, None, None
    name = rng.choice(COUNTIES) + rng.choice(BUREAUS)
    if rng.random() < 0.5:
        return name, name, None
    code = f"{rng.randint(100000, 999999)}"
    return name, f"{name}[{code}]", code


def _projects(rng: random.Random, n: int) -> list[Project]:
    """n base projects, then near-named siblings in the same department and namesakes in another."""
    out: list[Project] = []
    names: set[str] = set()
    while len(out) < n:
        place = rng.choice(PLACES)
        name = place + rng.choice(PROJECT_TASKS)
        if name in names:
            continue
        names.add(name)
        dept, printed, code = _department(rng, rng.random() < 0.7)
        out.append(Project(len(out), name, place, dept, printed, code, place + rng.choice(UNIT_SUFFIXES)))
    for base in list(out[: max(1, n // 3)]):
        sibling = base.name + rng.choice(NEAR_SUFFIXES)
        out.append(Project(len(out), sibling, base.place, base.department, base.printed_department, base.code,
                           base.unit))
    for base in list(out[: max(1, n // 4)]):
        if base.department is None:
            dept, printed, code = _department(rng, True)
            base.department, base.printed_department, base.code = dept, printed, code
        dept, printed, code = _department(rng, True)
        while dept == base.department:
            dept, printed, code = _department(rng, True)
        out.append(Project(len(out), base.name, base.place, dept, printed, code, base.place + "社区居民委员会"))
    return out


def _header(project: Project, year: int, name: str, extra: bool) -> tuple[dict, list]:
    record_project = {"name": name, "department": project.department, "department_code": project.code,
                      "implementing_unit": project.unit, "attribute": None, "period": None}
    header = [[("项目名称", name)], [("主管部门", project.printed_department or ""), ("实施单位", project.unit)]]
    if extra:
        record_project |= {"attribute": "经常性项目", "period": "一年"}
        header.append([("项目属性", "经常性项目"), ("项目期", "一年")])
    return record_project, header


# --- the target form ------------------------------------------------------------------------------------


@dataclass
class Row:
    level1: str
    level2: str
    name: str
    target: Target


def target_form(rng: random.Random, project: Project, year: int, rows: list[Row], variant: str
                ) -> tuple[FamilyForm, list[Row]]:
    """A project_target of `rows` (those a split layout can print), and the rows it printed."""
    form = project_target(rng, year, variant)
    split, levels = "value" in form.columns, "level1" in form.columns
    kept = [r for r in rows if not (split and r.target.parsed is None)]
    form.indicators = [make_indicator(rng, r.level1 if levels else None, r.level2 if levels else None, r.name,
                                      r.target, printed_level1(rng, r.level1, None) if levels else None, split=split)
                       for r in kept]
    if variant == "value_type":
        for ind in form.indicators:
            ind.nature = "定量" if quantitative(ind) else "定性"
    if "weight" in form.columns:
        for ind, w in zip(form.indicators, split_weight(rng, 100, len(form.indicators)), strict=True):
            ind.weight = w
    form.project, form.header = _header(project, year, project.name, extra=True)
    return form, kept


# --- the self-evaluation ------------------------------------------------------------------------------------


@dataclass
class EvalPlan:
    drop: float = 0.12
    add: float = 0.3
    change: float = 0.12


def _lowered(ind: FIndicator) -> tuple[str, int | float, int | float] | None:
    """(quoted target, quoted value, actual value) of a ≥ target lowered so a missing actual looks met."""
    if not quantitative(ind) or ind.parsed[0] != "≥":  # type: ignore[index]
        return None
    _, value, unit = ind.parsed  # type: ignore[misc]
    step = max(1, round(value * 0.05))
    if value - 2 * step <= 0 or not isinstance(value, int):
        return None
    return f"≥{fmt_num(value - 2 * step)}{unit or ''}", value - 2 * step, value - step


def _same_words(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and KEY_DROP.sub("", a) == KEY_DROP.sub("", b)


def _qualitative_truth(target: str | None, actual: str | None) -> str:
    return "met" if _same_words(target, actual) else "not_comparable"


@dataclass
class EvalRow:
    row: Row
    quoted: Target
    actual: str
    full: bool
    achieved: str
    finding: str | None = None  # target_changed (with target_not_met when full) or indicator_added


def _eval_row(rng: random.Random, row: Row, printed: FIndicator | None, plan: EvalPlan) -> EvalRow:
    """One self-evaluation row answering `printed` (the target form's indicator), or an added one (None)."""
    basis = printed or make_indicator(rng, row.level1, row.level2, row.name, row.target)
    quoted = comparator_variant(rng, Target(basis.target or "", basis.parsed))
    if printed is not None and rng.random() < plan.change and (low := _lowered(printed)) is not None:
        text, _, got = low
        unit = printed.parsed[2] or ""  # type: ignore[index]
        return EvalRow(row, Target(text), f"{fmt_num(got)}{unit}", True, "not_met", "target_changed")
    finding = None if printed is not None else "indicator_added"
    if quantitative(basis) and basis.parsed[0] in BOUND_SIGNS and rng.random() < 0.25:  # type: ignore[index]
        actual = missed_actual(basis)
        if actual is not None:
            return EvalRow(row, quoted, actual, rng.random() < 0.3, "not_met", finding)
    actual = met_actual(rng, basis)
    achieved = "met" if quantitative(basis) else _qualitative_truth(basis.target, actual)
    return EvalRow(row, quoted, actual, rng.random() < 0.75, achieved, finding)


def _added_rows(rng: random.Random, rows: list[Row], year: int) -> list[tuple[int, Row]]:
    """Indicators of the self-evaluation only: (insert after row index, row) under a level 2 present."""
    used = {r.name for r in rows}
    out = []
    for k in rng.sample(range(len(rows)), min(2, len(rows))):
        level2 = rows[k].level2
        pool = [(n.format(year=year), make) for n, make in _pool(level2) if n.format(year=year) not in used]
        if not pool:
            continue
        name, make = rng.choice(pool)
        used.add(name)
        last = max(j for j, r in enumerate(rows) if r.level2 == level2)
        out.append((last, Row(rows[k].level1, level2, name, make(rng, year))))
    return out


def _plan_rows(rng: random.Random, rows: list[Row], printed: list[FIndicator], year: int, plan: EvalPlan,
               paired: bool) -> tuple[list[EvalRow], list[int]]:
    """The self-evaluation's rows, and the target indicators it dropped."""
    keep = [k for k in range(len(rows)) if not (paired and rng.random() < plan.drop)] or [0]
    dropped = [k for k in range(len(rows)) if k not in keep]
    extra = _added_rows(rng, rows, year) if paired and rng.random() < plan.add else []
    out = []
    for k in keep:
        out.append(_eval_row(rng, rows[k], printed[k], plan))
        out += [_eval_row(rng, row, None, plan) for after, row in extra if after == k]
    out += [_eval_row(rng, row, None, plan) for after, row in extra if after not in keep]
    return out, dropped


def self_eval_form(rng: random.Random, project: Project, year: int, rows: list[Row], printed: list[FIndicator],
                   paired: bool, plan: EvalPlan) -> tuple[FamilyForm, list[EvalRow], list[int]]:
    form = project_self_eval(rng, year)
    funds_score = float(form.total[1]) - sum(i.score for i in form.indicators)
    points = sum(i.weight for i in form.indicators)
    planned, dropped = _plan_rows(rng, rows, printed, year, plan if paired else EvalPlan(0, 0, 0), paired)
    weights = split_weight(rng, int(points), len(planned))
    inds = []
    for plan_row, weight in zip(planned, weights, strict=True):
        r = plan_row.row
        ind = make_indicator(rng, r.level1, r.level2, r.name, plan_row.quoted, printed_level1(rng, r.level1, None))
        ind.actual, ind.weight = plan_row.actual, weight
        ind.score = weight if plan_row.full else max(0.0, weight - rng.choice([0.5, 1.0]))
        ind.deviation = rng.choice(W.DEVIATION_REASONS) if not plan_row.full else None
        inds.append(ind)
    form.indicators = inds
    form.total = ("100", fmt_num(sum(i.score for i in inds) + funds_score))
    if form.grade is not None:
        score = float(form.total[1])
        form.grade = "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"
    shown = rng.choice(NAME_NOISE).format(y=year, n=project.name)
    form.project, form.header = _header(project, year, shown, extra=False)
    form.title = rng.choice(["", project.name]) + rng.choice(W.SELF_EVAL_TITLES)
    return form, planned, dropped


def _findings(planned: list[EvalRow], dropped: list[int]) -> Counter:
    found: Counter = Counter({("indicator_dropped", "indicators"): len(dropped)} if dropped else {})
    for k, row in enumerate(planned):
        if row.finding == "indicator_added":
            found[("indicator_added", f"indicators[{k}]")] += 1
        if row.finding == "target_changed":
            found[("target_changed", f"indicators[{k}].target")] += 1
            found[("target_not_met", f"indicators[{k}].actual")] += 1
    return found


# --- printing and batches -------------------------------------------------------------------------------------


def render(form: FamilyForm, rng: random.Random) -> str:
    notation = rng.choice(("tsv", "markdown", "html"))
    return render_family(notation, [print_form(form, rng)], rng, DISTORTIONS[rng.choice(("clean", "breaks"))])


def draw_project_rows(rng: random.Random, year: int) -> list[Row]:
    return [Row(*r) for r in draw_rows(rng, year, rng.choice(["classic", "2021"]))]


def make_pair_batch(seed: int, n_projects: int = 6, plan: EvalPlan | None = None) -> PairBatch:
    rng = random.Random(f"pairs:{seed}")
    plan = plan or EvalPlan()
    year = rng.randint(2020, 2025)
    sources: list[Source] = []
    truths: list[PairTruth] = []
    for project in _projects(rng, n_projects):
        rows = draw_project_rows(rng, year)
        has_target, has_eval = rng.random() < 0.85, rng.random() < 0.85
        form, kept = target_form(rng, project, year, rows, rng.choice(TARGET_VARIANTS))
        target_index = None
        if has_target:
            target_index = len(sources)
            sources.append(Source(f"p{project.key}-target.txt", render(form, rng), "target", project.key, year))
        if has_eval:
            se, planned, dropped = self_eval_form(rng, project, year, kept, form.indicators, has_target, plan)
            truths.append(PairTruth(len(sources), target_index, [r.achieved for r in planned],
                                    _findings(planned, dropped) if has_target else Counter()))
            sources.append(Source(f"p{project.key}-self.txt", render(se, rng), "self_eval", project.key, year))
    order = list(range(len(sources)))
    rng.shuffle(order)  # the batch in no particular order
    where = {old: new for new, old in enumerate(order)}
    for truth in truths:
        truth.self_eval = where[truth.self_eval]
        truth.target = where[truth.target] if truth.target is not None else None
    return PairBatch([sources[k] for k in order], truths)
