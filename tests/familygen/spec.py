"""What one family form holds (its content and the truth of it), and the random indicator content.

Indicator names and targets come from tests/generator.py's pools (POOLS, LEVEL2_PRINTED, the
taxonomy groups); what self-evaluations add (实际完成值, 分值, 得分, 偏差原因) is drawn here so
that a consistent form passes every check: 得分 ≤ 分值, the 得分 add up to 总分, a quantitative
实际完成值 that misses its target never has full 得分.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from generator import LEVEL1_PRINTED, LEVEL2_PRINTED, POOLS, Number, Parse, Target, _groups, t_count, t_qual

from .words import DEVIATION_NONE, DEVIATION_REASONS, QUAL_ACTUAL

COST_POOLS: dict[str, tuple[tuple[str, object], ...]] = {  # level 2 → (name, target factory)
    "成本指标": (
        ("单位面积建设成本", t_count("≤{n}元/亩", "≤", "元/亩", 800, 3000)),
        ("设备采购单价", t_count("≤{n}元/台", "≤", "元/台", 900, 9000)),
        ("成本控制情况", t_qual("控制在预算范围内")),
    ),
    "经济成本指标": (
        ("人均培训成本", t_count("≤{n}元/人", "≤", "元/人", 100, 900)),
        ("每公里养护成本", t_count("≤{n}元/公里", "≤", "元/公里", 2000, 9000)),
        ("项目成本控制", t_qual("控制在预算范围内")),
    ),
}
SIGNS = {"≥": ("≥", "≥", "≧"), "=": ("=", "＝", "═"), "≤": ("≤", "≤", "≦"), ">": (">", "＞"), "<": ("<", "＜")}


@dataclass
class FIndicator:
    level1: str | None  # canonical; None where the form prints no level-1 column
    level2: str | None
    level1_printed: str | None
    level2_printed: str | None
    level3: str
    target: str | None  # what the record's target holds
    parsed: Parse | None = None  # known parse of the target
    actual: str | None = None
    weight: Number | None = None
    score: Number | None = None
    deviation: str | None = None
    nature: str | None = None  # 指标性质 / 指标值类型 cell
    value: str | None = None  # 指标值 cell where the target is printed over nature | value | unit
    unit: str | None = None  # 度量单位 cell


@dataclass
class FundsGrid:
    """A funds sub-grid with column names (self-evaluations): printed texts, one per column."""

    label: str  # the merged label cell, e.g. 项目资金（万元）
    columns: list[str]
    roles: list[str]  # per column: budget0 (年初预算数), budget (全年预算数 / A), exec, weight, rate, score
    rows: list[tuple[str, str, list[str]]]  # (role: total / fiscal / carry / other, printed label, cells)


@dataclass
class FamilyForm:
    form: str  # form code
    variant: str  # layout variant
    title: str
    year: int
    project: dict
    funds: dict  # the expected funds.*
    overall_goal: str
    indicators: list[FIndicator]
    columns: list[str]  # indicator column roles, left to right (section column excluded)
    header: list[list[tuple[str, str]]] = field(default_factory=list)  # header rows of printed (label, value)
    funds_grid: FundsGrid | None = None
    funds_pairs: list[tuple[str, str]] = field(default_factory=list)  # (printed label, printed amount)
    funds_label: str = ""  # the merged label of funds_pairs
    funds_by_columns: bool = False  # department_target: 资金总额 | 财政拨款 | 其他资金 as columns
    overall_goal_actual: str | None = None
    tasks: list[tuple[str, str, str]] = field(default_factory=list)  # (name, content, printed amount)
    tasks_label: str = ""
    authorities: list[tuple[str, str]] = field(default_factory=list)
    region: str | None = None
    total: tuple[str, str] | None = None  # 总分 row: (分值, 得分) as printed
    heji: str | None = None  # 合计 row of a target form: 分值 as printed
    grade: str | None = None
    signoff: list[str] = field(default_factory=list)
    signoff_in_grid: bool = False
    planted: dict[str, str] = field(default_factory=dict)  # warning code → field (prefix) it concerns


# --- numbers as printed ---------------------------------------------------------------------------


def fmt_num(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def num(text: str) -> Number:
    plain = text.replace(",", "")
    return float(plain) if "." in plain else int(plain)


def split_weight(rng: random.Random, total: int, n: int) -> list[float]:
    """`total` points over `n` indicators: whole points, sometimes a pair of halves."""
    base, rest = divmod(total, n)
    out = [float(base + (1 if k < rest else 0)) for k in range(n)]
    if n >= 2 and rng.random() < 0.35 and out[0] >= 2:
        out[0] += 0.5
        out[1] -= 0.5
    rng.shuffle(out)
    return out


# --- indicator content --------------------------------------------------------------------------


def _pool(level2: str) -> tuple:
    return COST_POOLS.get(level2) or POOLS[level2]


def draw_rows(rng: random.Random, year: int, framework: str, per_group: tuple[int, int] = (1, 3)
              ) -> list[tuple[str, str, str, Target]]:
    """(level 1, level 2, level 3, target) rows in reading order, grouped."""
    rows = []
    for level1, level2s in _groups(rng, framework):
        for level2 in level2s:
            pool = _pool(level2)
            n = min(rng.randint(*per_group), len(pool))
            for name, make in rng.sample(list(pool), n):
                rows.append((level1, level2, name.format(year=year), make(rng, year)))
    return rows


def printed_level1(rng: random.Random, level1: str, weight: float | None) -> str:
    plain = [p for p in LEVEL1_PRINTED[level1] if "分" not in p]
    label = rng.choice(plain)
    if weight is not None and rng.random() < 0.5:
        label = label.replace(" ", "") + rng.choice(["（{w}分）", "({w}分)"]).format(w=fmt_num(weight))
    return label


def comparator_variant(rng: random.Random, target: Target) -> Target:
    """The same target written with another comparator form: ≧ / 不低于 / 以上 for ≥, ═ for =."""
    if target.parsed is None or target.parsed[0] not in ("≥", "=") or target.parsed[1] is None:
        return target
    comparator, value, unit = target.parsed
    if not target.text.endswith(f"{fmt_num(value)}{unit or ''}") or rng.random() < 0.6:
        return target
    number = f"{fmt_num(value)}{unit or ''}"
    if comparator == "=":
        return Target(f"═{number}", target.parsed)
    return Target(rng.choice([f"≧{number}", f"不低于{number}", f"{number}以上"]), target.parsed)


def make_indicator(rng: random.Random, level1: str | None, level2: str | None, name: str, target: Target,
                   level1_printed: str | None = None, split: bool = False) -> FIndicator:
    level2_printed = rng.choice(LEVEL2_PRINTED[level2]) if level2 else None
    ind = FIndicator(level1, level2, level1_printed, level2_printed, name, target.text, target.parsed)
    if split:
        _split_target(rng, ind, target)
    return ind


def _split_target(rng: random.Random, ind: FIndicator, target: Target) -> None:
    """Print the target over 指标性质 | 指标值 | 度量单位."""
    parsed = target.parsed
    if parsed and parsed[0] in SIGNS and parsed[1] is not None:
        comparator, value, unit = parsed
        ind.nature, ind.value, ind.unit = rng.choice(SIGNS[comparator]), fmt_num(value), unit
        ind.target = ind.nature + ind.value + (unit or "")
    else:
        ind.nature, ind.value, ind.unit = "定性", target.text, None
        ind.target = target.text


# --- self-evaluation values ----------------------------------------------------------------------


def quantitative(ind: FIndicator) -> bool:
    p = ind.parsed
    return bool(p and p[0] in SIGNS and isinstance(p[1], int | float))


def met_actual(rng: random.Random, ind: FIndicator) -> str:
    """A 实际完成值 that meets the target."""
    if not quantitative(ind):
        return ind.target if ind.parsed is None or rng.random() < 0.5 else rng.choice(QUAL_ACTUAL)
    comparator, value, unit = ind.parsed  # type: ignore[misc]
    if comparator == "=":
        return f"{fmt_num(value)}{unit or ''}"
    step = rng.choice([0, 1, 2, 3]) if comparator in ("≥", "≤") else rng.choice([1, 2])
    got = value + step if comparator in ("≥", ">") else max(0, value - step)
    if comparator == "<" and got >= value:
        got = value / 2
    if unit in ("%", "％") and comparator in ("≥", ">"):
        got = min(got, 100) if value < 100 else value
        if comparator == ">" and got <= value:
            got = value + 0.5
    return f"{fmt_num(got)}{'%' if unit == '％' else unit or ''}"


def missed_actual(ind: FIndicator) -> str | None:
    """A 实际完成值 that misses the target by its comparator, or None where none is sure."""
    if not quantitative(ind):
        return None
    comparator, value, unit = ind.parsed  # type: ignore[misc]
    if value < 2:
        return None
    off = max(1, round(value * 0.1))
    got = value - off if comparator in ("≥", ">", "=") else value + off
    return f"{fmt_num(got)}{'%' if unit == '％' else unit or ''}"


def score_indicators(rng: random.Random, inds: list[FIndicator], weights: list[float]) -> None:
    """分值, 得分, 实际完成值 and 偏差原因 of consistent self-evaluation rows."""
    for ind, w in zip(inds, weights, strict=True):
        ind.weight = w
        full = rng.random() < 0.75
        ind.score = w if full else max(0.0, w - rng.choice([0.5, 1.0, 2.0]))
        ind.actual = met_actual(rng, ind)
        if not full and rng.random() < 0.5:
            ind.actual = missed_actual(ind) or ind.actual
        reason = rng.choice(DEVIATION_NONE) if full else rng.choice(DEVIATION_REASONS)
        ind.deviation = reason or None
