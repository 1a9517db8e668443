"""A logical table → one record of the contract (shared/design/record-contract.md)."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from jixiao.extract.model import Cell, LogicalTable, TextLine

from . import vocabulary as vocab
from . import family
from .checks import audit
from .columns import number_or_text
from .cut_labels import mend_cut_labels
from .detect import FormGuess, detect_form
from .findings import Finding
from .chinese import label_key
from .labels import strip_decorations
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
from .indicator_record import cell_refs, indicator_record, label_findings, mark_untold_values
from .rows import BodyColumns, IndicatorDraft, read_body
from .text import cell_or_none, compact
from .trailers import Trailers, split_trailers

SCHEMA_VERSION = "1.1"
_AMOUNT = re.compile(r"^([-+]?\d[\d,]*(?:\.\d+)?)(万元|千元|亿元|元)?$")


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
    texts += [lone.text for row in table.rows if (lone := _lone_cell(row)) is not None]
    return any(vocab.ATTACHMENT_PATTERN.match(text.strip()) for text in texts)


def _lone_cell(row: list[Cell]) -> Cell | None:
    """The one filled cell of a row; None when it has none or more (most rows: known at the second)."""
    lone: Cell | None = None
    for cell in row:
        if not cell.is_empty:
            if lone is not None:
                return None
            lone = cell
    return lone


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
    low = vocab.LOW_CONFIDENCE  # bound once: this looks at every cell of the table
    for row in table.rows:
        for cell in row:
            if cell.confidence < low and not cell.is_empty:
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
        "indicators": [indicator_record(d, cols, form.self_eval) for d in body.drafts],
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
    if refs := cell_refs(dict(header.values)):
        record["source"]["refs"] = refs
    if regions := table_regions(table):
        record["source"]["regions"] = regions
        record["source"]["boxes"] = field_boxes(dict(header.values))
    findings += body.findings
    findings += label_findings(body.drafts)
    findings += _table_findings(table, header, body.drafts)
    mark_untold_values(record["indicators"], source.untold_values)
    findings += audit(record)
    record["warnings"] = [f.as_dict() for f in findings]
    return record


def _line_span(table: LogicalTable) -> list[int] | None:
    lines = [c.line for row in table.rows for c in row if c.line is not None]
    return [min(lines), max(lines)] if lines else None
