"""A record as the report's page shows it: header, indicator rows, warnings placed on their cells.

The view is what the page embeds as JSON, so it keeps only what is shown, and drops empty keys.
A warning is placed on the cell it is about by, in order: its own `bbox`; its field's
indicator (`indicators[4].target`, `indicators[6:16]`); its field's header cell (`source.boxes`).
"""

from __future__ import annotations

import re
from typing import Any

from jixiao.normalize import vocabulary as vocab

HEADER_FIELDS = (
    ("project.name", "项目名称"), ("project.department", "主管部门"), ("project.department_code", "部门代码"),
    ("project.implementing_unit", "实施单位"), ("project.attribute", "项目属性"), ("project.period", "项目期"),
    ("region", "实施区域"),
)
FUNDS_FIELDS = (("total", "年度资金总额"), ("fiscal", "财政拨款"), ("other", "其他资金"))
# indicator columns a form may print, in the order the page shows them
ROW_FIELDS = ("level1", "level2", "level3", "target", "actual", "weight", "score", "deviation", "achieved")
UNPLACED_CODES = frozenset({"cell_unplaced", "text_not_rebuilt", "hidden_cells_skipped"})
_INDEX = re.compile(r"^indicators\[(\d+)(?::(\d+))?\]")


def _field(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _compact(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {}, False)}


def _row(indicator: dict[str, Any]) -> dict[str, Any]:
    source = indicator.get("source") or {}
    row = {name: indicator.get(name) for name in ROW_FIELDS}
    for level in ("level1", "level2"):
        score = source.get(f"{level}_score")
        if score is not None and score < vocab.LABEL_EXACT_SCORE:  # shown with the label it was read as
            row[f"{level}_raw"] = source.get(f"{level}_raw")
            row[f"{level}_score"] = score
    row.update(page=source.get("page"), bbox=source.get("bbox"), ref=source.get("ref"),
               repaired=source.get("repaired"), realigned=source.get("realigned"))
    return _compact(row)


def _indicator_place(rows: list[dict[str, Any]], field: str) -> tuple[int | None, list[float] | None]:
    found = _INDEX.match(field)
    if not found:
        return None, None
    first = int(found.group(1))
    last = int(found.group(2)) - 1 if found.group(2) else first
    placed = [r for r in rows[first:last + 1] if r.get("bbox")]
    if not placed:
        return None, None
    page = placed[0].get("page")
    boxes = [r["bbox"] for r in placed if r.get("page") == page]
    return page, [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _row_ref(rows: list[dict[str, Any]], field: str) -> str | None:
    found = _INDEX.match(field)
    return rows[int(found.group(1))].get("ref") if found and int(found.group(1)) < len(rows) else None


def _warning(warning: dict[str, Any], rows: list[dict[str, Any]], source: dict[str, Any]) -> dict[str, Any]:
    field = warning.get("field", "")
    boxes = source.get("boxes") or {}
    page, bbox = warning.get("page"), warning.get("bbox")
    if bbox is None:
        page_of_row, bbox = _indicator_place(rows, field)
        page = page_of_row or page
    if bbox is None and field in boxes:
        page, bbox = boxes[field]["page"], boxes[field]["bbox"]
    ref = (source.get("refs") or {}).get(field) or _row_ref(rows, field)  # office files: the sheet's cell
    return _compact({"code": warning["code"], "field": field, "message": warning.get("message"),
                     "page": page, "bbox": bbox, "ref": ref, "unplaced": warning["code"] in UNPLACED_CODES})


def _header(record: dict[str, Any]) -> list[list[str]]:
    pairs = [[label, value] for key, label in HEADER_FIELDS if (value := _field(record, key)) is not None]
    pairs += [[label, value] for label, value in (record.get("authorities") or {}).items()]
    pairs += [[label, value] for label, value in (record.get("header_extra") or {}).items()]
    return [[str(label), str(value)] for label, value in pairs]


def _funds(record: dict[str, Any]) -> list[list[Any]]:
    funds = record.get("funds") or {}
    unit = funds.get("unit") or ""
    return [[f"{label}（{unit}）" if unit else label, funds.get(key)] for key, label in FUNDS_FIELDS
            if funds.get(key) is not None]


def record_view(number: int, record: dict[str, Any]) -> dict[str, Any]:
    """The record numbered `number` (from 0, the page's order) as the page shows it."""
    project = record.get("project") or {}
    source = record.get("source") or {}
    rows = [_row(i) for i in record.get("indicators") or []]
    warnings = [_warning(w, rows, source) for w in record.get("warnings") or []]
    return _compact({
        "id": number,
        "name": project.get("name") or project.get("department") or record.get("title") or "(no name)",
        "department": project.get("department"),
        "form": record.get("form"),
        "year": record.get("year"),
        "title": record.get("title"),
        "document": (record.get("document") or {}).get("title"),
        "path": source.get("path"),
        "sha256": source.get("sha256"),
        "method": source.get("method"),
        "pages": source.get("pages"),
        "header": _header(record),
        "funds": _funds(record),
        "funds_detail": record.get("funds_detail"),
        "goal": record.get("overall_goal"),
        "goal_actual": record.get("overall_goal_actual"),
        "total_score": record.get("self_eval_total_score"),
        "grade": record.get("grade"),
        "columns": [name for name in ROW_FIELDS if any(name in r for r in rows)],
        "rows": rows,
        "warnings": warnings,
        "codes": sorted({w["code"] for w in warnings}),
        "paired": record.get("paired_target"),
        "achieved": sorted({r["achieved"] for r in rows if isinstance(r.get("achieved"), str)}),
    })


def project_key(view: dict[str, Any]) -> str:
    """How comparison rows find their record's project: name and department as printed."""
    return f"{view.get('name', '')}\u241f{view.get('department') or ''}"
