"""Funds blocks: amounts kept in hundredths of 万元 so that every sum is exact, printed as forms do."""

from __future__ import annotations

import random

from .spec import FundsGrid, fmt_num, num

SELF_EVAL_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "six": [("年初预算数", "budget0"), ("全年预算数", "budget"), ("全年执行数", "exec"), ("分值", "weight"),
            ("执行率", "rate"), ("得分", "score")],
    "ab": [("全年预算数（A）", "budget"), ("全年执行数（B）", "exec"), ("执行率（B/A）", "rate")],
    "ab_score": [("全年预算数（A）", "budget"), ("全年执行数（B）", "exec"), ("分值", "weight"),
                 ("执行率（B/A）", "rate"), ("得分", "score")],
    "four": [("年初预算数", "budget0"), ("全年预算数", "budget"), ("全年执行数", "exec"), ("执行率", "rate")],
}
AMOUNT_ROLES = ("budget0", "budget", "exec")


def fmt_cents(cents: int, unit: str) -> str:
    """Hundredths of 万元 as printed in `unit`."""
    if unit == "元":
        return str(cents * 100)
    return str(cents // 100) if cents % 100 == 0 else f"{cents / 100:.2f}"


def split_cents(rng: random.Random, total: int, parts: int, step: int = 100) -> list[int]:
    """`total` into `parts` positive amounts, multiples of `step` where the total allows."""
    step = step if total % step == 0 and total // step >= parts else 1
    units = total // step
    cuts = sorted(rng.sample(range(1, units), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, units]
    return [(b - a) * step for a, b in zip(bounds, bounds[1:])]


def rate_text(rng_style: int, executed: int, budget: int) -> str:
    pct = executed * 100 / budget
    if abs(pct - round(pct)) < 1e-9:
        return f"{round(pct)}%" if rng_style != 2 else f"{round(pct)}.00%"
    return f"{pct:.2f}%" if rng_style != 1 else f"{pct:.1f}%"


def self_eval_funds(rng: random.Random, label: str, layout: str, rows: list[tuple[str, str]], unit: str,
                    weight: int, plant: str | None) -> tuple[FundsGrid, float]:
    """The funds grid of a self-evaluation and its 得分 (0 where no 得分 column)."""
    columns = SELF_EVAL_COLUMNS[layout]
    roles = [r for _, r in columns]
    amounts: dict[str, dict[str, int]] = {}
    for role, _ in rows:
        if role == "total":
            continue
        start = {"fiscal": rng.randint(20, 9000) * 100, "carry": rng.choice([0, rng.randint(1, 900) * 100]),
                 "other": rng.choice([0, 0, rng.randint(1, 900) * 100])}[role]
        budget = start + rng.choice([0, 0, rng.randint(1, 50) * 100]) if start else 0
        executed = budget * rng.randint(80, 100) // 100
        amounts[role] = {"budget0": start, "budget": budget, "exec": executed}
    amounts["total"] = {k: sum(a[k] for a in amounts.values()) for k in AMOUNT_ROLES}
    if plant == "funds_mismatch":  # 年度资金总额 is not the sum of its rows in the first amount column
        first = next(r for r in roles if r in AMOUNT_ROLES)
        amounts["total"][first] += rng.choice([1, 2, 5]) * 1000
    style = rng.randrange(3)
    sub_rates = rng.random() < 0.6
    score = 0.0
    printed = []
    for role, text in rows:
        a = amounts[role]
        empty = role != "total" and not any(a.values()) and rng.random() < 0.7
        cells = []
        for col in roles:
            if empty:
                cells.append("")
            elif col in AMOUNT_ROLES:
                cells.append(fmt_cents(a[col], unit))
            elif col == "rate":
                shown = a["budget"] and (role == "total" or sub_rates)
                cells.append(rate_text(style, a["exec"], a["budget"]) if shown else "")
            elif col == "weight":
                cells.append(str(weight) if role == "total" else "")
            else:  # score
                if role == "total":
                    score = int(weight * min(a["exec"] / a["budget"], 1) * 2) / 2
                cells.append(fmt_num(score) if role == "total" else "")
        printed.append((role, text, cells))
    if plant == "execution_rate_mismatch":
        k = roles.index("rate")
        cells = printed[0][2]
        a = amounts["total"]
        wrong = a["exec"] * 100 / a["budget"] + rng.choice([-12, -9, -6, 6, 9])
        cells[k] = f"{wrong:.2f}%"
    return FundsGrid(label, [n for n, _ in columns], roles, printed), score


def grid_funds(grid: FundsGrid, unit: str) -> dict:
    """funds.* of a self-evaluation: the first amount column of rows 年度资金总额 / 财政拨款 / 其他资金."""
    k = next(i for i, r in enumerate(grid.roles) if r in AMOUNT_ROLES)
    by_role = {role: cells[k] for role, _, cells in grid.rows}
    value = lambda role: num(by_role[role]) if by_role.get(role) else None  # noqa: E731
    return {"unit": unit, "total": value("total"), "fiscal": value("fiscal"), "other": value("other")}


def funds_detail(grid: FundsGrid) -> dict:
    def cell(text: str):  # noqa: ANN202
        if not text:
            return None
        try:
            return num(text)
        except ValueError:
            return text

    return {"columns": list(grid.columns), "rows": {label: [cell(t) for t in cells] for _, label, cells in grid.rows}}
