"""What pairing adds to a self-evaluation record: the target form it answers, each indicator's
`achieved`, and the findings of comparing the two forms.

Keys added (record contract v1.1, additive): record `paired_target` {sha256, table, score, path} or
null; per indicator `achieved` (met / not_met / not_comparable), `achieved_note` (the comparison in
words) and `paired_indicator` (position in the target form's indicators, from 0, or null). Findings
carry `origin: "pairing"`, so pairing the same batch again replaces them instead of adding twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .achievement import Achievement, judge
from .chinese import label_key
from .family_checks import read_quantity
from .family_funds import EPSILON, fmt, read_number
from .findings import Finding
from .indicator_match import match_indicators
from .review_vocab import KEY_DROP

ORIGIN = "pairing"
INDICATOR_KEYS = ("achieved", "achieved_note", "paired_indicator")
FROM_TARGET_FORM = "（目标表）"


@dataclass(frozen=True, slots=True)
class RecordRef:
    sha256: str
    table: int  # the record's place among its source's records, from 1 (the database's table_index)
    path: str

    def as_dict(self, score: float) -> dict[str, Any]:
        return {"sha256": self.sha256, "table": self.table, "score": score, "path": self.path or None}


def strip_pairing(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of the record without what an earlier pairing added."""
    out = {k: v for k, v in record.items() if k != "paired_target"}
    out["indicators"] = [{k: v for k, v in i.items() if k not in INDICATOR_KEYS} if isinstance(i, dict) else i
                         for i in record.get("indicators") or []]
    out["warnings"] = [w for w in record.get("warnings") or []
                       if not (isinstance(w, dict) and w.get("origin") == ORIGIN)]
    return out


def target_signature(text: Any) -> tuple[Any, ...]:
    """What a target says: a figure as printed (≧95% = 不低于95% = ≥95%; 0亩 = ═0亩), else its words."""
    quantity = read_quantity(text)
    if quantity is not None:
        return ("figure", quantity.comparator, float(quantity.value), quantity.upper, quantity.unit)
    return ("words", KEY_DROP.sub("", label_key(str(text or ""))))


def _where(indicator: dict[str, Any]) -> dict[str, int]:
    source = indicator.get("source") or {}
    return {k: source[k] for k in ("page", "line") if isinstance(source.get(k), int)}


def _finding(code: str, field: str, message: str, indicator: dict[str, Any] | None = None) -> dict[str, Any]:
    where = _where(indicator) if indicator else {}
    return Finding(code, field, message, where.get("page"), where.get("line")).as_dict() | {"origin": ORIGIN}


def _full_score(indicator: dict[str, Any]) -> tuple[float, float] | None:
    weight, score = read_number(indicator.get("weight")), read_number(indicator.get("score"))
    if weight is None or score is None or weight <= 0 or abs(score - weight) > EPSILON:
        return None
    return weight, score


def _judged_against_target(k: int, own: dict[str, Any], target: dict[str, Any], flagged: set[str]
                           ) -> tuple[Achievement, list[dict[str, Any]]]:
    """One matched indicator: `achieved` against the target form's 年度指标值, and the findings."""
    findings = []
    changed = target_signature(own.get("target")) != target_signature(target.get("target"))
    name = own.get("level3")
    if changed:
        findings.append(_finding("target_changed", f"indicators[{k}].target",
                                 f"「{name}」：自评表年度指标值 {own.get('target')}，目标表为 {target.get('target')}", own))
    # the target form's wording, with the self-evaluation's unit cell where the target form prints none
    basis = {**own, "target": target.get("target"), "parsed": target.get("parsed"),
             "unit": target.get("unit") or own.get("unit")}
    achievement = judge(basis, own.get("actual"), FROM_TARGET_FORM if changed else "")
    full = _full_score(own)
    field = f"indicators[{k}].actual"
    if achievement.status == "not_met" and full is not None and field not in flagged:
        findings.append(_finding("target_not_met", field,
                                 f"「{name}」：{achievement.note}，但得分 {fmt(full[1])} = 分值 {fmt(full[0])}", own))
    return achievement, findings


def _mark(indicator: dict[str, Any], achievement: Achievement, paired: int | None) -> dict[str, Any]:
    return {**indicator, "achieved": achievement.status, "achieved_note": achievement.note,
            "paired_indicator": paired}


def annotate(record: dict[str, Any], target: dict[str, Any] | None, ref: RecordRef | None,
             score: float | None) -> dict[str, Any]:
    """The self-evaluation `record` (without earlier pairing keys) answered by `target`, or by none."""
    out = dict(record)
    own = [i for i in record.get("indicators") or [] if isinstance(i, dict)]
    if target is None or ref is None or score is None:
        out["paired_target"] = None
        out["indicators"] = [_mark(i, judge(i, i.get("actual")), None) for i in own]
        return out
    theirs = [i for i in target.get("indicators") or [] if isinstance(i, dict)]
    match = match_indicators(own, theirs)
    partner = dict(match.pairs)
    flagged = {w.get("field") for w in record.get("warnings") or [] if w.get("code") == "target_not_met"}
    findings: list[dict[str, Any]] = []
    marked = []
    for k, indicator in enumerate(own):
        j = partner.get(k)
        if j is None:
            findings.append(_finding("indicator_added", f"indicators[{k}]",
                                     f"「{indicator.get('level3')}」不在目标表中", indicator))
            marked.append(_mark(indicator, judge(indicator, indicator.get("actual")), None))
            continue
        achievement, found = _judged_against_target(k, indicator, theirs[j], flagged)
        findings += found
        marked.append(_mark(indicator, achievement, j))
    for j in match.only_b:
        dropped = theirs[j]
        findings.append(_finding("indicator_dropped", "indicators",
                                 f"目标表指标「{dropped.get('level3')}」（年度指标值 {dropped.get('target')}）不在自评表中"))
    out["paired_target"] = ref.as_dict(score)
    out["indicators"] = marked
    out["warnings"] = [*(record.get("warnings") or []), *findings]
    return out
