"""A logical table → one record of the contract (shared/design/record-contract.md)."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jixiao.extract.model import BBox, Cell, LogicalTable, TextLine

from . import vocabulary as vocab
from . import family
from .checks import audit
from .columns import composed_target, number_or_text
from .cut_labels import mend_cut_labels
from .detect import FormGuess, detect_form
from .findings import Finding
from .chinese import label_key
from .labels import LabelMatch, strip_decorations
from .locations import field_boxes, table_regions
from .layout import (
    HeaderReading,
    Surroundings,
    TableLayout,
    funds_unit,
    is_sign_off,
    read_header,
    read_surroundings,
    split_table,
)
from .forms import FormDef, form_def
from .rows import BodyColumns, IndicatorDraft, read_body
from .targets import parse_target
from .text import cell_or_none, compact
from .trailers import Trailers, split_trailers

SCHEMA_VERSION = "1.1"
_AMOUNT = re.compile(r"^([-+]?\d[\d,]*(?:\.\d+)?)(万元|千元|亿元|元)?$")
_EMPTY_PARSED: dict[str, Any] = parse_target("").as_dict()


@dataclass(frozen=True, slots=True)
class SourceInfo:
    path: str
    sha256: str
    method: str
    untold_values: AbstractSet[tuple[int, int]] = frozenset()  # (page, line) of names holding an untold 指标值


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    title: str | None
    attachment: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "attachment": self.attachment}


def _title_rows_to_lines(layout: TableLayout) -> list[TextLine]:
    """Single-cell title/year rows printed inside the grid are document lines."""
    lines: list[TextLine] = []
    kept: list[list[Cell]] = []
    for row in layout.header_rows:
        filled = [c for c in row if not c.is_empty]
        text = compact(filled[0].text) if len(filled) == 1 else ""
        if text and (vocab.YEAR_LINE_PATTERN.match(text) or vocab.TITLE_PATTERN.search(label_key(text))):
            lines.append(TextLine(filled[0].text, filled[0].page, filled[0].line))
        else:
            kept.append(row)
    layout.header_rows = kept
    return lines


def document_info(table: LogicalTable) -> DocumentInfo:
    """The document heading, read from the lines before the first table."""
    layout = split_table(table.rows)
    found = read_surroundings(table.lines_before + _title_rows_to_lines(layout), layout.header_rows)
    return DocumentInfo(found.document_title, found.attachment)


def document_of(table: LogicalTable, current: DocumentInfo | None) -> DocumentInfo:
    """The document a table belongs to: the first table's heading, then the one a 附件 N line before a table
    opens (the next document of a text that holds several one after another), else the current one."""
    if current is not None and not _attachment_printed(table):
        return current  # most tables: no heading of their own to read
    info = document_info(table)
    return info if current is None or info.attachment is not None else current


def _attachment_printed(table: LogicalTable) -> bool:
    """A 附件 N line before the table, or a row of one cell that may be one (a title row printed in the grid)."""
    texts = [line.text for line in table.lines_before]
    texts += [cells[0].text for row in table.rows if len(cells := [c for c in row if not c.is_empty]) == 1]
    return any(vocab.ATTACHMENT_PATTERN.match(text.strip()) for text in texts)


def _amount(cell: Cell | None, field: str, findings: list[Finding]) -> tuple[int | float | None, str | None]:
    """A funds cell as (number, unit printed in the cell); a non-number is warned, not guessed."""
    text = cell_or_none(cell.text) if cell else None
    if text is None or cell is None:
        return None, None
    found = _AMOUNT.match(compact(label_key(text)))  # 100萬元 in a traditional copy
    if not found:
        findings.append(Finding("funds_unparsed", field, f"not a number: {text!r}", cell.page, cell.line))
        return None, None
    plain = found.group(1).replace(",", "")
    return (float(plain) if "." in plain else int(plain)), found.group(2)


def _funds(header: HeaderReading, findings: list[Finding]) -> dict[str, Any]:
    funds: dict[str, Any] = {"unit": funds_unit(header) or family.grid_unit(header)}
    units_in_cells: set[str] = set()
    for key in ("total", "fiscal", "other"):
        funds[key], unit = _amount(header.values.get(f"funds.{key}"), f"funds.{key}", findings)
        if unit:
            units_in_cells.add(unit)
    if funds["unit"] is None and len(units_in_cells) == 1:
        funds["unit"] = units_in_cells.pop()
    elif units_in_cells - {funds["unit"]}:
        findings.append(Finding("funds_unit_suspect", "funds.unit",
                                f"unit {funds['unit']} in the label but {'/'.join(sorted(units_in_cells))} in the amounts"))
    return funds


_EXTRA_KEYS = ("department.name", "transfer.name")


def _header_extra(header: HeaderReading, consumed: set[str]) -> dict[str, str]:
    """Labelled header cells the record has no field for, by printed label."""
    return {
        key.split(".", 1)[1] if key.startswith("extra.") else strip_decorations(header.labels[key].text): value
        for key, cell in header.values.items()
        if (key.startswith("extra.") or key in _EXTRA_KEYS) and key not in consumed
        and (value := cell_or_none(cell.text))
    }


def _value(header: HeaderReading, key: str) -> str | None:
    return family.value_of(header, key)


def _bbox(cells: list[Cell]) -> BBox | None:
    boxes = [c.bbox for c in cells if c.bbox is not None]
    if not boxes:
        return None
    if len(boxes) == 1:
        return boxes[0]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


@lru_cache(maxsize=8192)
def _target_data(target: str) -> dict[str, Any]:
    """parse_target's reading as the record holds it; callers copy it (its values are scalars)."""
    return parse_target(target).as_dict()


def _parsed(target: str | None, level3: str | None) -> dict[str, Any]:
    """The target read as data; a unit printed in the name applies to a bare number."""
    if target is None:
        return dict(_EMPTY_PARSED)
    parsed = dict(_target_data(target))
    if parsed["unit"] is not None or parsed["kind"] not in ("number", "range"):
        return parsed
    name_unit = vocab.UNIT_IN_NAME_PATTERN.search(label_key(level3 or ""))  # not inserted pinyin: 設備(bèi)
    if name_unit:
        parsed["unit"] = name_unit.group(1)
        parsed["unit_from"] = "level3"
    return parsed


def _cell_refs(cells: dict[str, Cell | None]) -> dict[str, str]:
    """Where an office file holds each field (`Sheet1!D12`, `table 2, row 9, column 4`); empty for other sources."""
    return {key: cell.ref for key, cell in cells.items() if cell is not None and cell.ref}


def _has_refs(draft: IndicatorDraft) -> bool:
    """Whether any cell of the indicator says where an office file holds it (no other source does)."""
    if (draft.name is not None and draft.name.ref) or (draft.value is not None and draft.value.ref):
        return True
    return any(c is not None and c.ref for c in draft.extras.values()) if draft.extras else False


def _with_refs(source: dict[str, Any], anchor: Cell | None, refs: dict[str, str]) -> dict[str, Any]:
    if refs:
        source["ref"] = anchor.ref if anchor is not None else None
        source["refs"] = refs
    return source


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


def _indicator(draft: IndicatorDraft, cols: BodyColumns, self_eval: bool) -> dict[str, Any]:
    cells = [c for c in (draft.name, draft.value) if c is not None]
    anchor = draft.value or draft.name
    level3 = cell_or_none(draft.name.text) if draft.name else None
    role_fields = _role_fields(draft, cols, self_eval)
    target, parts = _target_fields(draft, role_fields)
    refs = _cell_refs({"level3": draft.name, "target": draft.value, **{f"extra.{k}": c for k, c in draft.extras.items()}}) \
        if _has_refs(draft) else {}
    indicator: dict[str, Any] = {
        "level1": draft.level1.canonical if draft.level1 else None,
        "level2": draft.level2.canonical if draft.level2 else None,
        "level3": level3,
        "target": target,
        "parsed": _parsed(target, level3),
        **role_fields,
        **parts,
        "extra": {name: text for name, cell in draft.extras.items()
                  if name not in vocab.INDICATOR_FIELD_ROLES and (text := cell_or_none(cell.text))}
        if draft.extras else {},
        "source": _with_refs({
            "page": anchor.page if anchor else None,
            "line": anchor.line if anchor else None,
            "bbox": list(b) if (b := _bbox(cells)) else None,
            "confidence": min([c.confidence for c in cells], default=1.0),
            "level1_raw": draft.level1.raw if draft.level1 else None,
            "level1_score": draft.level1.score if draft.level1 else None,
            "level2_raw": draft.level2.raw if draft.level2 else None,
            "level2_score": draft.level2.score if draft.level2 else None,
            "realigned": draft.realigned,
            "repaired": draft.repaired,
        }, anchor, refs),
    }
    if level3 and vocab.SUB_ITEM_PATTERN.match(level3):
        indicator["sub_item"] = True
    return indicator


def _label_findings(drafts: list[IndicatorDraft]) -> list[Finding]:
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


def _where(cell: Cell) -> tuple[int, int | None, int, int]:
    return cell.page, cell.line, cell.row, cell.col


def _field_of_cell(cell: Cell, drafts: list[IndicatorDraft], header: HeaderReading | None = None) -> str:
    """The record field a printed cell was read into ("indicators" for a label or a cell no field holds)."""
    where = _where(cell)
    for k, draft in enumerate(drafts):
        for name, placed in (("level3", draft.name), ("target", draft.value)):
            if placed is not None and _where(placed) == where:
                return f"indicators[{k}].{name}"
    if header is not None:  # a header value, or the label that names it
        for key, placed in [*header.values.items(), *header.labels.items()]:
            if _where(placed) == where:
                return key
    return "indicators"


def _low_confidence(cell: Cell, drafts: list[IndicatorDraft], header: HeaderReading) -> Finding:
    where = f"page {cell.page}, row {cell.row}, column {cell.col}" + (f", at {list(cell.bbox)}" if cell.bbox else "")
    return Finding("low_confidence", _field_of_cell(cell, drafts, header),
                   f"OCR confidence {cell.confidence:.2f}: {cell.text!r} ({where})", cell.page, cell.line, cell.bbox)


def _table_findings(table: LogicalTable, header: HeaderReading, drafts: list[IndicatorDraft]) -> list[Finding]:
    findings = []
    for join in table.joins:
        parts = " + ".join(repr(p.text) for p in join.parts)
        findings.append(Finding("cell_joined", _field_of_cell(join.parts[0], drafts),
                                f"cell split by a page break joined: {parts}", join.parts[-1].page, join.parts[-1].line,
                                join.parts[-1].bbox))
    for cell in table.strays:
        findings.append(Finding("cell_unplaced", "indicators", f"text inside the table that no cell holds: {cell.text!r} "
                                f"(page {cell.page}, at {cell.bbox})", cell.page, bbox=cell.bbox))
    for cell in header.unplaced:
        findings.append(Finding("cell_unplaced", "project", f"header cell not read: {cell.text!r}", cell.page, cell.line,
                                cell.bbox))
    for row in table.rows:
        for cell in row:
            if cell.confidence < vocab.LOW_CONFIDENCE and not cell.is_empty:
                findings.append(_low_confidence(cell, drafts, header))
    return findings


def _first_filled(row: list[Cell]) -> Cell | None:
    for cell in row:  # a loop, not next() over a generator: asked of every body row
        if not cell.is_empty:
            return cell
    return None


def _split_sign_offs(rows: list[list[Cell]]) -> tuple[list[list[Cell]], list[TextLine]]:
    """Rows such as 填报人：… / 联系电话：… printed inside the grid are notes, not indicators."""
    body: list[list[Cell]] = []
    notes: list[TextLine] = []
    for row in rows:
        first = _first_filled(row)
        if first is not None and is_sign_off(first.text):
            filled = [c for c in row if not c.is_empty]
            notes.append(TextLine(" ".join(c.text for c in filled), filled[0].page, filled[0].line))
        else:
            body.append(row)
    return body, notes


def _guess_form(title: str | None, header: HeaderReading, cols: BodyColumns) -> FormGuess:
    keys = set(header.values) | set(header.labels)
    roles = set(cols.extras.values())
    if "funds" in header.grids:
        roles |= {f"funds.{c.kind}" for c in header.grids["funds"].columns}
    return detect_form(title, keys, roles)


def _family_fields(form: FormDef, header: HeaderReading, trailers: Trailers) -> dict[str, Any]:
    """The keys a form of the family adds (v1.1 of the contract), where the form or the table has them."""
    fields: dict[str, Any] = {}
    goals = family.goals(header)
    if "overall_goal_actual" in goals or form.self_eval:
        fields["overall_goal_actual"] = goals.get("overall_goal_actual")
    if goals.get("overall_goal_long_term") is not None:
        fields["overall_goal_long_term"] = goals["overall_goal_long_term"]
    if (detail := family.funds_detail(header)) is not None:
        fields["funds_detail"] = detail
    if (tasks := family.tasks(header)) is not None or form.department_field == "department.name":
        fields["tasks"] = tasks
    if (authorities := family.authorities(form, header)) is not None:
        fields["authorities"] = authorities
    if form.authorities or "region" in header.values:
        fields["region"] = _value(header, "region")
    if form.self_eval or trailers.total_score or trailers.total_weight or trailers.grade:
        fields["self_eval_total_score"] = number_or_text(_text(trailers.total_score))
        fields["total_weight_printed"] = number_or_text(_text(trailers.total_weight))
        fields["grade"] = _text(trailers.grade)
    if trailers.conclusion is not None:
        fields["evaluation_conclusion"] = _text(trailers.conclusion)
    return fields


def _text(cell: Cell | None) -> str | None:
    return cell_or_none(cell.text) if cell is not None else None


def _overall_goal(header: HeaderReading) -> str | None:
    goals = family.goals(header)
    return goals["overall_goal"] if "overall_goal" in goals else _value(header, "overall_goal")


def read_record(table: LogicalTable, document: DocumentInfo, source: SourceInfo) -> dict[str, Any] | None:
    """The record for one logical table, or None when it is no form table."""
    layout = split_table(table.rows)
    if layout.columns is None:
        return None
    cols = layout.columns
    around: Surroundings = read_surroundings(table.lines_before + _title_rows_to_lines(layout), layout.header_rows)
    header = read_header(layout.header_rows)
    if "funds" in header.grids:
        for key, cell in family.funds_cells_from_grid(header.grids["funds"]).items():
            header.values.setdefault(key, cell)
    body_rows, sign_offs = _split_sign_offs(layout.body_rows)
    body_rows, trailers = split_trailers(body_rows, cols)
    body = read_body(mend_cut_labels(body_rows, cols), cols)
    guess = _guess_form(around.title, header, cols)
    form = form_def(guess.form)
    findings: list[Finding] = []
    if guess.doubt:
        findings.append(Finding("form_uncertain", "form", guess.doubt))
    pages = table.pages
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "form": form.form,
        "form_confidence": guess.confidence,
        "year": around.year,
        "document": document.as_dict(),
        "title": around.title,
        "project": family.project_block(form, header),
        "funds": _funds(header, findings),
        "header_extra": _header_extra(header, family.consumed_keys(form)),
        "overall_goal": _overall_goal(header),
        **_family_fields(form, header, trailers),
        "indicators": [_indicator(d, cols, form.self_eval) for d in body.drafts],
        "notes": [text for line in around.notes + sign_offs + trailers.notes + table.lines_after
                  if (text := cell_or_none(line.text))],
        "source": {
            "path": source.path,
            "sha256": source.sha256,
            "pages": [pages[0], pages[-1]],
            "method": source.method,
            "lines": _line_span(table),
        },
    }
    if refs := _cell_refs(dict(header.values)):
        record["source"]["refs"] = refs
    if regions := table_regions(table):
        record["source"]["regions"] = regions
        record["source"]["boxes"] = field_boxes(dict(header.values))
    findings += body.findings
    findings += _label_findings(body.drafts)
    findings += _table_findings(table, header, body.drafts)
    _mark_untold_values(record["indicators"], source.untold_values)
    findings += audit(record)
    record["warnings"] = [f.as_dict() for f in findings]
    return record


def _mark_untold_values(indicators: list[dict[str, Any]], untold: AbstractSet[tuple[int, int]]) -> None:
    """Indicators read whole from a glued row whose 指标值 could not be told from the name: its target is
    not missing but unseparated (said once, in row_unparted)."""
    for i in indicators if untold else ():
        if i["target"] is None and (i["source"]["page"], i["source"]["line"]) in untold:
            i["source"]["value_untold"] = True


def _line_span(table: LogicalTable) -> list[int] | None:
    lines = [c.line for row in table.rows for c in row if c.line is not None]
    return [min(lines), max(lines)] if lines else None
