"""A record as table rows: one per record, one per indicator, one per warning (plain dicts, no SQLAlchemy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RecordRows:
    record: dict[str, Any]
    indicators: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)


def number_or_text(value: Any) -> tuple[float | None, str | None]:
    """A cell that is a number or printed text (分值 `10`, `10分`): the number column, or the text column."""
    if value is None or isinstance(value, bool):
        return None, None if value is None else str(value)
    if isinstance(value, int | float):
        return float(value), None
    return None, str(value)


def _bbox(source: dict[str, Any]) -> dict[str, float | None]:
    box = source.get("bbox") or [None] * 4
    return dict(zip(("bbox_x0", "bbox_y0", "bbox_x1", "bbox_y1"), box, strict=True))


def indicator_row(position: int, indicator: dict[str, Any]) -> dict[str, Any]:
    parsed = indicator.get("parsed") or {}
    source = indicator.get("source") or {}
    weight, weight_text = number_or_text(indicator.get("weight"))
    score, score_text = number_or_text(indicator.get("score"))
    return {
        "position": position,
        "level1": indicator.get("level1"), "level2": indicator.get("level2"), "level3": indicator.get("level3"),
        "target": indicator.get("target"),
        "kind": parsed.get("kind"), "comparator": parsed.get("comparator"),
        "value": parsed.get("value"), "upper": parsed.get("upper"),
        "parsed_unit": parsed.get("unit"), "qualitative": parsed.get("qualitative"),
        "actual": indicator.get("actual"),
        "weight": weight, "weight_text": weight_text, "score": score, "score_text": score_text,
        "deviation": indicator.get("deviation"), "unit": indicator.get("unit"), "nature": indicator.get("nature"),
        "page": source.get("page"), "line": source.get("line"),
        **_bbox(source),
    }


def warning_row(position: int, warning: dict[str, Any]) -> dict[str, Any]:
    return {"position": position, "code": warning["code"], "field": warning.get("field"),
            "message": warning.get("message"), "page": warning.get("page"), "line": warning.get("line")}


def record_row(table_index: int, record: dict[str, Any]) -> dict[str, Any]:
    project = record.get("project") or {}
    funds = record.get("funds") or {}
    source = record.get("source") or {}
    pages = source.get("pages") or [None, None]
    total, total_text = number_or_text(record.get("self_eval_total_score"))
    return {
        "table_index": table_index,
        "schema_version": record["schema_version"],
        "form": record["form"], "form_confidence": record.get("form_confidence"),
        "year": record.get("year"), "title": record.get("title"),
        **{f"project_{key}": project.get(key) for key in
           ("name", "department", "department_code", "implementing_unit", "attribute", "period")},
        **{f"funds_{key}": funds.get(key) for key in ("unit", "total", "fiscal", "other")},
        "overall_goal": record.get("overall_goal"), "overall_goal_actual": record.get("overall_goal_actual"),
        "self_eval_total_score": total, "self_eval_total_score_text": total_text,
        "grade": record.get("grade"), "method": source.get("method"),
        "page_first": pages[0], "page_last": pages[-1],
        "indicators_count": len(record.get("indicators") or []),
        "warnings_count": len(record.get("warnings") or []),
        "record_json": record,
    }


def rows_of(table_index: int, record: dict[str, Any]) -> RecordRows:
    return RecordRows(
        record_row(table_index, record),
        [indicator_row(k, indicator) for k, indicator in enumerate(record.get("indicators") or [], 1)],
        [warning_row(k, warning) for k, warning in enumerate(record.get("warnings") or [], 1)],
    )


def document_row(records: list[dict[str, Any]], size: int | None) -> dict[str, Any]:
    first = records[0]
    document = first.get("document") or {}
    return {"sha256": first["source"]["sha256"], "path": first["source"]["path"], "size": size,
            "method": first["source"].get("method"), "title": document.get("title"),
            "attachment": document.get("attachment"), "records_count": len(records)}
