"""One indicator row of a form table as the record holds it (levels, target read as data, the
columns the form prints, where each cell was), and the findings about its labels."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import Any

from jixiao.extract.model import Cell

from . import vocabulary as vocab
from .chinese import label_key
from .columns import composed_target, number_or_text
from .findings import Finding
from .labels import LabelMatch
from .rows import BodyColumns, IndicatorDraft
from .targets import parse_target
from .text import cell_or_none

_EMPTY_PARSED: dict[str, Any] = parse_target("").as_dict()


def _bbox(name: Cell | None, value: Cell | None) -> list[float] | None:
    """The box around the name and value cells (those that have one)."""
    first = name.bbox if name is not None else None
    second = value.bbox if value is not None else None
    if first is None:
        return list(second) if second is not None else None
    if second is None:
        return list(first)
    return [min(first[0], second[0]), min(first[1], second[1]), max(first[2], second[2]), max(first[3], second[3])]


def _confidence(name: Cell | None, value: Cell | None) -> float:
    """The lower confidence of the name and value cells (1.0 with neither)."""
    if name is None:
        return value.confidence if value is not None else 1.0
    return name.confidence if value is None else min(name.confidence, value.confidence)


@lru_cache(maxsize=8192)
def _target_data(target: str) -> dict[str, Any]:
    """parse_target's reading as the record holds it; callers copy it (its values are scalars)."""
    return parse_target(target).as_dict()


def _parsed(target: str | None, level3: str | None) -> dict[str, Any]:
    """The target read as data; a unit printed in the name applies to a bare number."""
    if target is None:
        return _EMPTY_PARSED.copy()
    parsed = _target_data(target).copy()
    if parsed["unit"] is not None or parsed["kind"] not in ("number", "range"):
        return parsed
    name_unit = vocab.UNIT_IN_NAME_PATTERN.search(label_key(level3 or ""))  # not inserted pinyin: 設備(bèi)
    if name_unit:
        parsed["unit"] = name_unit.group(1)
        parsed["unit_from"] = "level3"
    return parsed


def cell_refs(cells: dict[str, Cell | None]) -> dict[str, str]:
    """Where an office file holds each field (`Sheet1!D12`, `table 2, row 9, column 4`); empty for other sources."""
    return {key: cell.ref for key, cell in cells.items() if cell is not None and cell.ref}


def _has_refs(draft: IndicatorDraft) -> bool:
    """Whether any cell of the indicator says where an office file holds it (no other source does)."""
    if (draft.name is not None and draft.name.ref) or (draft.value is not None and draft.value.ref):
        return True
    return any(c is not None and c.ref for c in draft.extras.values()) if draft.extras else False


def _role_fields(draft: IndicatorDraft, cols: BodyColumns, self_eval: bool) -> dict[str, Any]:
    """actual, weight, score, deviation, unit, nature … of the columns the form prints (null where empty)."""
    if not cols.extras and not self_eval:  # only the core columns: no role to fill
        return {}
    printed = set(cols.extras.values())
    fields: dict[str, Any] = {}
    for role in vocab.INDICATOR_FIELD_ROLES:
        if role not in printed and not (self_eval and role in vocab.SELF_EVAL_ROLES):
            continue
        cell = draft.extras.get(role)
        text = cell_or_none(cell.text) if cell is not None else None
        fields[role] = number_or_text(text) if role in vocab.NUMERIC_ROLES else text
    return fields


def _target_fields(draft: IndicatorDraft, role_fields: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The target as a reader sees it, and the cells it was printed over (when it was)."""
    value = cell_or_none(draft.value.text) if draft.value else None
    if "nature" not in role_fields and "unit" not in role_fields:
        return value, {}
    parts = {"nature": role_fields.get("nature"), "value": value, "unit": role_fields.get("unit")}
    parts = {k: v for k, v in parts.items() if k == "value" or k in role_fields}
    return composed_target(value, role_fields.get("nature"), role_fields.get("unit")), {"target_parts": parts}


def _indicator_source(draft: IndicatorDraft) -> dict[str, Any]:
    name, value = draft.name, draft.value
    anchor = value or name
    level1, level2 = draft.level1, draft.level2
    source: dict[str, Any] = {
        "page": anchor.page if anchor else None,
        "line": anchor.line if anchor else None,
        "bbox": _bbox(name, value),
        "confidence": _confidence(name, value),
        "level1_raw": level1.raw if level1 else None,
        "level1_score": level1.score if level1 else None,
        "level2_raw": level2.raw if level2 else None,
        "level2_score": level2.score if level2 else None,
        "realigned": draft.realigned,
        "repaired": draft.repaired,
    }
    if _has_refs(draft) and (refs := cell_refs({"level3": name, "target": value,
                                                 **{f"extra.{k}": c for k, c in draft.extras.items()}})):
        source["ref"] = anchor.ref if anchor is not None else None
        source["refs"] = refs
    return source


def _extra(extras: dict[str, Cell]) -> dict[str, str]:
    """The texts of the columns the form prints that no field holds, by printed name."""
    return {name: text for name, cell in extras.items()
            if name not in vocab.INDICATOR_FIELD_ROLES and (text := cell_or_none(cell.text))}


def indicator_record(draft: IndicatorDraft, cols: BodyColumns, self_eval: bool) -> dict[str, Any]:
    level3 = cell_or_none(draft.name.text) if draft.name else None
    role_fields = _role_fields(draft, cols, self_eval)
    target, parts = _target_fields(draft, role_fields)
    level1, level2 = draft.level1, draft.level2
    indicator: dict[str, Any] = {
        "level1": level1.canonical if level1 else None,
        "level2": level2.canonical if level2 else None,
        "level3": level3,
        "target": target,
        "parsed": _parsed(target, level3),
    }
    if role_fields:  # most forms print only the core columns
        indicator.update(role_fields)
        indicator.update(parts)
    indicator["extra"] = _extra(draft.extras) if draft.extras else {}
    indicator["source"] = _indicator_source(draft)
    if level3 and vocab.SUB_ITEM_PATTERN.match(level3):
        indicator["sub_item"] = True
    return indicator


def label_findings(drafts: list[IndicatorDraft]) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()

    def once(code: str, key: str, finding: Finding) -> None:
        if (code, key) not in seen:
            seen.add((code, key))
            findings.append(finding)

    missing: dict[str, list[int]] = {"level1": [], "level2": []}
    for k, draft in enumerate(drafts):
        for level, match in (("level1", draft.level1), ("level2", draft.level2)):
            if match is None:
                missing[level].append(k)
            elif match.canonical is None:
                once("label_unmatched", match.raw, Finding("label_unmatched", f"indicators[{k}].{level}",
                                                           f"{match.raw!r} matches no canonical {level} label"))
            elif not match.exact:
                once("label_fuzzy", match.raw, Finding("label_fuzzy", f"indicators[{k}].{level}",
                                                       f"{match.raw!r} read as {match.canonical} (score {match.score})"))
        _pairing(draft.level1, draft.level2, k, once)
    for level, rows in missing.items():
        if rows:  # one finding a level, not one a row: a form without the column says it once
            listed = ", ".join(f"indicators[{k}]" for k in rows)
            findings.append(Finding("label_missing", f"indicators[{rows[0]}].{level}",
                                    f"{len(rows)} indicators have no {level} label: {listed}"))
    return findings


def _pairing(level1: LabelMatch | None, level2: LabelMatch | None, k: int, once: Any) -> None:
    if level1 is None or level1.canonical is None:
        return
    if level1.canonical in vocab.LEGACY_LEVEL1:
        once("label_legacy", level1.raw, Finding("label_legacy", f"indicators[{k}].level1", f"legacy level-1 label {level1.raw!r}"))
    if level2 is None or level2.canonical is None:
        return
    parents = vocab.LEVEL2_PARENTS.get(level2.canonical, ())
    if parents and level1.canonical not in parents:
        key = f"{level1.canonical}/{level2.canonical}"
        once("label_pairing_unusual", key, Finding("label_pairing_unusual", f"indicators[{k}].level2",
                                                   f"{level2.canonical} under {level1.canonical}"))


def mark_untold_values(indicators: list[dict[str, Any]], untold: AbstractSet[tuple[int, int]]) -> None:
    """Indicators read whole from a glued row whose 指标值 could not be told from the name: its target is
    not missing but unseparated (said once, in row_unparted)."""
    for i in indicators if untold else ():
        if i["target"] is None and (i["source"]["page"], i["source"]["line"]) in untold:
            i["source"]["value_untold"] = True
