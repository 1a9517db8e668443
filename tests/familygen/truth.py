"""The expected record of a family form (only the keys the tests compare) and `differences`.

Conventions beyond design/record-contract.md v1.1 are listed in tests/familygen/__init__.py.
"""

from __future__ import annotations

from typing import Any

from .money import funds_detail
from .spec import FamilyForm, FIndicator, num

STRICT_NUMBERS = frozenset({"weight", "score", "self_eval_total_score", "total_weight_printed"})
FIVE_CODES = ("score_exceeds_weight", "score_total_mismatch", "execution_rate_mismatch", "target_not_met",
              "funds_mismatch")


def _number(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else float(x)


def expected_indicator(form: FamilyForm, ind: FIndicator) -> dict[str, Any]:
    out: dict[str, Any] = {"level1": ind.level1, "level2": ind.level2, "level3": ind.level3, "target": ind.target}
    if form.funds_grid is not None:  # self-evaluations
        out |= {"actual": ind.actual, "weight": _number(ind.weight), "score": _number(ind.score),
                "deviation": ind.deviation}
    elif "weight" in form.columns:
        out["weight"] = _number(ind.weight)
    if "nature" in form.columns:
        out["nature"] = ind.nature
    if "unit" in form.columns:
        out["unit"] = ind.unit
    if "value" in form.columns:
        out["target_parts"] = {"nature": ind.nature, "value": ind.value, "unit": ind.unit}
    if ind.parsed is not None:
        comparator, value, unit = ind.parsed
        out["parsed"] = {"comparator": comparator, "value": value, "unit": unit}
    return out


def expected_record(form: FamilyForm) -> dict[str, Any]:
    """What the reader's record must hold for `form` (compared key by key by `differences`)."""
    record: dict[str, Any] = {
        "form": form.form,
        "year": form.year,
        "project": dict(form.project),
        "funds": dict(form.funds),
        "overall_goal": form.overall_goal,
        "indicators": [expected_indicator(form, i) for i in form.indicators],
    }
    if form.funds_grid is not None:
        record["overall_goal_actual"] = form.overall_goal_actual
        record["funds_detail"] = funds_detail(form.funds_grid)
        record["self_eval_total_score"] = num(form.total[1]) if form.total else None
        record["total_weight_printed"] = num(form.total[0]) if form.total else None
        record["grade"] = form.grade
    if form.form == "department_target":
        record["tasks"] = [{"name": n, "content": c, "amount": num(a) if a else None} for n, c, a in form.tasks]
    if form.form == "transfer_target":
        record["authorities"] = dict(form.authorities)
        record["region"] = form.region
    if form.heji is not None:
        record["total_weight_printed"] = num(form.heji)
    return record


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def differences(expected: Any, got: Any, where: str = "record") -> list[str]:
    """Every place where `got` differs from `expected`, comparing only the keys `expected` has
    (an expected null also accepts an absent key). Numbers compare by value; weights, scores and
    the totals by type too (int where printed without a decimal point)."""
    key = where.rsplit(".", 1)[-1]
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [f"{where}: expected an object {expected!r}, got {got!r}"]
        out = []
        for k, want in expected.items():
            if k not in got:
                if want is not None:
                    out.append(f"{where}.{k}: missing, expected {want!r}")
                continue
            out += differences(want, got[k], f"{where}.{k}")
        return out
    if isinstance(expected, list):
        if not isinstance(got, list):
            return [f"{where}: expected a list, got {got!r}"]
        out = [] if len(got) == len(expected) else [f"{where}: {len(got)} items, expected {len(expected)}"]
        for k, (want, have) in enumerate(zip(expected, got)):
            out += differences(want, have, f"{where}[{k}]")
        if len(got) > len(expected):
            out += [f"{where}[{k}]: unexpected {have!r}" for k, have in enumerate(got) if k >= len(expected)]
        return out
    if _is_number(expected) and _is_number(got):
        if expected != got or (key in STRICT_NUMBERS and type(expected) is not type(got)):
            return [f"{where}: {got!r}, expected {expected!r}"]
        return []
    if expected != got or type(expected) is not type(got) and not (_is_number(expected) and _is_number(got)):
        return [f"{where}: {got!r}, expected {expected!r}"]
    return []


def _on(field: str, prefix: str) -> bool:
    """Whether a warning's field is the planted one (or inside it); funds covers funds_detail."""
    if field == prefix or field.startswith((prefix + ".", prefix + "[")):
        return True
    return prefix == "funds" and field.startswith("funds_detail")


def planted_problems(form: FamilyForm, record: dict) -> list[str]:
    """Each planted code must be raised on its field; none of the other five codes may be."""
    found = [(w["code"], w.get("field") or "") for w in record.get("warnings", [])]
    out = []
    for code, prefix in form.planted.items():
        fields = [f for c, f in found if c == code]
        if not fields:
            out.append(f"planted {code} not raised (warnings: {found})")
        elif not any(_on(f, prefix) for f in fields):
            out.append(f"{code} raised on {fields}, expected on {prefix}")
    for code, f in found:
        if code in FIVE_CODES and code not in form.planted:
            out.append(f"{code} raised on {f!r} but nothing was planted for it")
    return out
