"""What the forms of the family add to a record, read from the header block and its grids.

Which header key fills the project name and department, the authorities of a
transfer payment, a department's main tasks, a self-evaluation's funds grid
and its goal as planned and achieved. The form files (forms/*.toml) say which
form takes what; this module reads it the same way for all of them.
"""

from __future__ import annotations

from typing import Any

from jixiao.extract.model import Cell

from . import vocabulary as vocab
from .chinese import label_key
from .family_funds import is_empty_cell
from .forms import FormDef
from .grids import Grid, as_detail, cell_value
from .labels import match_field, strip_decorations
from .layout import HeaderReading, split_department
from .text import cell_or_none



def value_of(header: HeaderReading, key: str) -> str | None:
    cell = header.values.get(key)
    return cell_or_none(cell.text) if cell else None


def project_block(form: FormDef, header: HeaderReading) -> dict[str, Any]:
    department_text = value_of(header, form.department_field) if form.department_field else None
    department, code = split_department(department_text)
    return {
        "name": value_of(header, form.name_field) if form.name_field else None,
        "department": department,
        "department_code": code,
        "implementing_unit": value_of(header, "project.implementing_unit"),
        "attribute": value_of(header, "project.attribute"),
        "period": value_of(header, "project.period"),
    }


def consumed_keys(form: FormDef) -> set[str]:
    """Header keys the record holds as its own fields (the rest of the labelled cells go to header_extra)."""
    keys = {form.name_field, form.department_field}
    if form.authorities:
        keys.add("project.department")
    return keys - {""}


def authorities(form: FormDef, header: HeaderReading) -> dict[str, str] | None:
    """{printed label: value} of 中央主管部门, 省级财政部门 … (and a plain 主管部门 on forms that have no department)."""
    found: dict[str, str] = {}
    for key, cell in header.values.items():
        plain_department = form.authorities and key == "project.department"
        if (key.startswith("authority.") or plain_department) and (text := cell_or_none(cell.text)):
            found[strip_decorations(header.labels[key].text)] = text
    if not found:
        return None if not form.authorities else {}
    return found


# --- grids -------------------------------------------------------------------------------------


def _row_key(label: str | None) -> str | None:
    key = match_field(label) if label else None
    return key if key and key.startswith("funds.") else None


def _first_amount_column(grid: Grid) -> int | None:
    return next((k for k, c in enumerate(grid.columns) if c.kind in vocab.FUNDS_AMOUNT_COLUMNS), None)


def funds_cells_from_grid(grid: Grid) -> dict[str, Cell]:
    """funds.total / fiscal / other: the first amount column of the rows that name them."""
    column = _first_amount_column(grid)
    cells: dict[str, Cell] = {}
    if column is None:
        return cells
    for row in grid.rows:
        key = _row_key(row.label)
        value = row.values[column]
        if key in ("funds.total", "funds.fiscal", "funds.other") and key not in cells and value is not None \
                and not is_empty_cell(value.text):
            cells[key] = value
    return cells


def funds_detail(header: HeaderReading) -> dict[str, Any] | None:
    grid = header.grids.get("funds")
    if grid is None or not grid.rows:
        return None
    detail = as_detail(grid)
    for values in detail["rows"].values():  # type: ignore[union-attr]
        for k, value in enumerate(values):
            if is_empty_cell(value):
                values[k] = None
    return detail


def grid_unit(header: HeaderReading) -> str | None:
    """The money unit printed over a funds grid's columns (全年预算数（万元）)."""
    grid = header.grids.get("funds")
    for column in grid.columns if grid else ():
        found = vocab.UNIT_IN_LABEL_PATTERN.search(label_key(column.name))
        if found:
            return found.group(1)
    return None


def goals(header: HeaderReading) -> dict[str, str | None]:
    """overall_goal (and overall_goal_actual, overall_goal_long_term) from a 预期目标 | 实际完成情况 grid."""
    grid = header.grids.get("goals")
    if grid is None or not grid.rows:
        return {}
    row = grid.rows[0]
    found: dict[str, str | None] = {}
    for key, kind in (("overall_goal", "expected"), ("overall_goal_actual", "actual"),
                      ("overall_goal_long_term", "long_term")):
        k = grid.column(kind)
        if k is not None:
            found[key] = cell_or_none(row.values[k].text) if row.values[k] is not None else None
    return found


def tasks(header: HeaderReading) -> list[dict[str, Any]] | None:
    grid = header.grids.get("tasks")
    if grid is None:
        return None
    out = []
    for row in grid.rows:
        task: dict[str, Any] = {}
        for key in ("name", "content", "amount"):
            k = grid.column(key)
            cell = row.values[k] if k is not None else None
            task[key] = cell_value(cell) if key == "amount" else (cell_or_none(cell.text) if cell else None)
        if any(v is not None for v in task.values()):
            out.append(task)
    return out
