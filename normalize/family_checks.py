"""Audit checks for the whole form family (self-evaluations, department and transfer forms).

Each check reads a finished record dict and returns findings with stable codes,
like `checks.py`. A check says nothing when the keys it reads are absent (a
project_target has no scores), when a value it needs is not a number, or when any
plausible reading of the printed table is consistent: a finding must point at
something an auditor would want corrected. Entry point: `audit_family`; the funds
table checks live in `family_funds`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import family_vocab as fv
from .chinese import label_key
from .family_funds import (
    EPSILON,
    check_execution_rates,
    check_funds_detail_sums,
    check_transfer_funds,
    fmt,
    funds_table,
    is_number,
    read_number,
    total_row,
)
from .findings import Finding
from .targets import ParsedTarget, parse_target


# --- scores ---------------------------------------------------------------------------


def _indicators(record: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    indicators = record.get("indicators")
    if not isinstance(indicators, list):
        return []
    return [(k, i) for k, i in enumerate(indicators) if isinstance(i, dict)]


def check_score_weights(record: dict[str, Any]) -> list[Finding]:
    findings = []
    for k, indicator in _indicators(record):
        weight, score = read_number(indicator.get("weight")), read_number(indicator.get("score"))
        if weight is not None and score is not None and score > weight + EPSILON:
            findings.append(Finding("score_exceeds_weight", f"indicators[{k}].score",
                                    f"{indicator.get('level3')}: 得分 {fmt(score)} > 分值 {fmt(weight)}"))
    return findings


def funds_score(record: dict[str, Any]) -> float | None:
    """The 得分 of the 年度资金总额 row, when the funds table has a 得分 column."""
    table = funds_table(record)
    if table is None:
        return None
    column, total = table.column(fv.SCORE_HEADS), total_row(table)
    if column is None or total is None:
        return None
    return read_number(table.cell(total[1], column))


def indicator_scores(record: dict[str, Any]) -> list[float] | None:
    """Every scored indicator's 得分; None when one is missing or not a number (the sum cannot be made)."""
    scores = []
    for _, indicator in _indicators(record):
        if indicator.get("sub_item") or (indicator.get("weight") is None and indicator.get("score") is None):
            continue
        if indicator.get("truncated") or (score := read_number(indicator.get("score"))) is None:
            return None
        scores.append(score)
    return scores or None


def check_score_total(record: dict[str, Any]) -> list[Finding]:
    """The 得分 against 总分: the indicators with the funds 得分 or, on forms that give the
    indicators the full 100 and print the funds 得分 beside them, the indicators alone."""
    total = read_number(record.get("self_eval_total_score"))
    scores = indicator_scores(record) if total is not None and not record.get("truncated") else None
    if total is None or scores is None:
        return []
    indicators_sum = sum(scores)
    funds = funds_score(record)
    sums = [indicators_sum] if funds is None else [indicators_sum + funds, indicators_sum]
    if any(abs(s - total) <= fv.SCORE_TOLERANCE for s in sums):
        return []
    with_funds = f" + 资金得分 {fmt(funds)}" if funds is not None else ""
    return [Finding("score_total_mismatch", "self_eval_total_score",
                    f"总分 {fmt(total)} but {len(scores)} indicator scores add up to {fmt(indicators_sum)}{with_funds}")]


# --- target_not_met ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    comparator: str  # how the target binds: = ≥ ≤ > < range
    value: float
    upper: float | None
    unit: str | None


def read_quantity(text: Any) -> ParsedTarget | None:
    if is_number(text):
        text = str(text)
    if not isinstance(text, str):
        return None
    parsed = parse_target(text.translate(fv.COMPARATOR_FOLD))
    return parsed if parsed.kind in ("number", "range") and parsed.value is not None else None


def target_quantity(indicator: dict[str, Any]) -> Quantity | None:
    """The target as a bound: a bare figure binds as ≥ (≤ for money spent), "=" only when printed."""
    text = indicator.get("target")
    parsed = read_quantity(text)
    if parsed is None or parsed.comparator is None:
        return None
    comparator = parsed.comparator
    if comparator == "=" and not any(sign in str(text) for sign in fv.EXPLICIT_EQUALS):
        names = "".join(str(indicator.get(k) or "") for k in ("level1", "level2", "level3"))
        comparator = "≤" if any(w in label_key(names) for w in fv.CEILING_WORDS) else "≥"
    upper = float(parsed.upper) if parsed.upper is not None else None
    return Quantity(comparator, float(parsed.value), upper, parsed.unit)


def meets(target: Quantity, actual: float) -> bool:
    slack = EPSILON * max(1.0, abs(target.value))
    if target.comparator == "range" and target.upper is not None:
        low, high = sorted((target.value, target.upper))
        return low - slack <= actual <= high + slack
    return {
        "=": abs(actual - target.value) <= slack,
        "≥": actual >= target.value - slack,
        "≤": actual <= target.value + slack,
        ">": actual > target.value,
        "<": actual < target.value,
    }.get(target.comparator, True)


def actual_readings(target: Quantity, actual: ParsedTarget) -> list[float] | None:
    """The actual value in the target's terms; both readings of a % against a bare figure."""
    if actual.kind != "number" or actual.value is None:
        return None
    if actual.unit and target.unit and actual.unit != target.unit:
        return None  # units differ: not compared
    value = float(actual.value)
    if target.unit == "%" and actual.unit is None and value <= fv.FRACTION_MAX:
        return [value, value * 100]
    if actual.unit == "%" and target.unit is None:
        return [value, value / 100]
    return [value]


def check_targets_met(record: dict[str, Any]) -> list[Finding]:
    findings = []
    for k, indicator in _indicators(record):
        weight, score = read_number(indicator.get("weight")), read_number(indicator.get("score"))
        if weight is None or score is None or weight <= 0 or abs(score - weight) > EPSILON:
            continue
        target, actual = target_quantity(indicator), read_quantity(indicator.get("actual"))
        if target is None or actual is None:
            continue
        if actual.comparator not in ("=", target.comparator):
            continue  # "≥90%" achieved against "≤5": not a figure to compare
        readings = actual_readings(target, actual)
        if readings is None or any(meets(target, value) for value in readings):
            continue
        findings.append(Finding(
            "target_not_met", f"indicators[{k}].actual",
            f"{indicator.get('level3')}: 实际完成值 {indicator.get('actual')} misses 年度指标值 "
            f"{indicator.get('target')} ({target.comparator}), yet 得分 {fmt(score)} = 分值 {fmt(weight)}"))
    return findings


# --- entry point ------------------------------------------------------------------------------


def audit_family(record: dict[str, Any]) -> list[Finding]:
    """Every family check over one finished record; silent on what a record does not hold."""
    if not isinstance(record, dict):
        return []
    return [
        *check_score_weights(record),
        *check_score_total(record),
        *check_execution_rates(record),
        *check_targets_met(record),
        *check_funds_detail_sums(record),
        *check_transfer_funds(record),
    ]
