"""Was an indicator's target met? One 实际完成值 judged against one 年度指标值, in words.

    judge({"level3": "群众满意度", "target": "≥95%"}, "93%")
    # Achievement(status='not_met', note='年度指标值 ≥95%，实际完成值 93%：未达成')

The target binds by its comparator and unit as `family_checks` reads it (a bare figure binds as ≥,
as ≤ for money spent); the 实际完成值 is parsed the same way. `met` and `not_met` only where the
two are figures of the same unit (a % against a bare fraction is read both ways) or dates;
`not_comparable` otherwise, with the reason in the note. A 实际完成值 printed exactly as the
target (达到预期目标 for 达到预期目标) is met.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import review_vocab as rv
from .chinese import label_key
from .family_checks import Quantity, actual_readings, meets, read_quantity, target_quantity
from .targets import parse_target

ACHIEVED = tuple(rv.ACHIEVED_WORDS)  # met, not_met, not_comparable


@dataclass(frozen=True, slots=True)
class Achievement:
    status: str  # met | not_met | not_comparable
    note: str  # 年度指标值 ≥95%，实际完成值 93%：未达成
    why: str | None = None  # key of NOT_COMPARABLE_WHY when not comparable


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def _same_text(a: str, b: str) -> bool:
    return rv.KEY_DROP.sub("", label_key(a)) == rv.KEY_DROP.sub("", label_key(b))


def _with_unit(quantity: Quantity, indicator: dict[str, Any]) -> Quantity:
    """A target printed without its unit takes the 度量单位 cell's (or the unit the level 3 name gives)."""
    if quantity.unit is not None:
        return quantity
    parsed = indicator.get("parsed") or {}
    unit = _text(indicator.get("unit")) or _text(parsed.get("unit"))
    return Quantity(quantity.comparator, quantity.value, quantity.upper, unit) if unit else quantity


def _implied(quantity: Quantity, target_text: str) -> str:
    """Say how a bare figure binds (18 → 按 ≥ 计), so the reader sees what was compared."""
    printed = parse_target(target_text)
    return f"（按 {quantity.comparator} 计）" if printed.comparator == "=" and quantity.comparator != "=" else ""


def _date_status(target_text: str, actual_text: str) -> tuple[str, str | None] | None:
    """(status, why) of a dated target (…年12月底前) against a dated 实际完成值; None if the target is no date."""
    target = parse_target(target_text)
    if target.kind != "date":
        return None
    actual = parse_target(actual_text)
    point = actual.date_to or actual.date_from if actual.kind == "date" else None
    if point is None:
        return "not_comparable", "actual_not_number"
    bound = target.date_to if target.comparator in ("≤", "<") else target.date_from
    if bound is None:
        return "not_comparable", "target_not_number"
    if len(point) < len(bound) and bound.startswith(point):
        return "not_comparable", "dates"
    width = min(len(point), len(bound))
    a, b = point[:width], bound[:width]
    met = {"≤": a <= b, "<": a < b, "≥": a >= b, ">": a > b, "=": a == b}.get(target.comparator or "=", False)
    return ("met" if met else "not_met"), None


def _status(indicator: dict[str, Any], target_text: str, actual_text: str) -> tuple[str, str | None, str]:
    """(status, why, implied-comparator words)."""
    if _same_text(target_text, actual_text):
        return "met", None, ""
    if (dated := _date_status(target_text, actual_text)) is not None:
        return dated[0], dated[1], ""
    quantity = target_quantity({**indicator, "target": target_text})
    if quantity is None:
        kind = parse_target(target_text).kind
        return "not_comparable", "qualitative" if kind == "qualitative" else "target_not_number", ""
    quantity = _with_unit(quantity, indicator)
    implied = _implied(quantity, target_text)
    actual = read_quantity(actual_text)
    if actual is None:
        return "not_comparable", "actual_not_number", implied
    if actual.comparator not in ("=", quantity.comparator):
        return "not_comparable", "comparators_differ", implied
    readings = actual_readings(quantity, actual)
    if readings is None:
        return "not_comparable", "units_differ", implied
    return ("met" if any(meets(quantity, value) for value in readings) else "not_met"), None, implied


def judge(indicator: dict[str, Any], actual: Any, source: str = "") -> Achievement:
    """`actual` against `indicator`'s target (`source` names where that target was printed: （目标表）)."""
    target_text, actual_text = _text(indicator.get("target")), _text(actual)
    shown_target = target_text or "（空）"
    shown_actual = actual_text or "（空）"
    if actual_text is None or target_text is None:
        why = "no_actual" if actual_text is None else "no_target"
        status, implied = "not_comparable", ""
    else:
        status, why, implied = _status(indicator, target_text, actual_text)
    note = f"年度指标值 {shown_target}{implied}{source}，实际完成值 {shown_actual}：{rv.ACHIEVED_WORDS[status]}"
    if why is not None:
        note += f"（{rv.NOT_COMPARABLE_WHY[why]}）"
    return Achievement(status, note, why)
