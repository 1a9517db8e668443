"""Sub-grids of a form's header block: a row of column names and the rows under it.

Self-evaluations print their funds as a grid (年初预算数 | 全年预算数 | 全年执行数 |
分值 | 执行率 | 得分 over 年度资金总额 / 其中：当年财政拨款 / 其他资金), their goal as
预期目标 | 实际完成情况, department forms their 年度主要任务 as 任务名称 | 主要内容 |
预算金额. Cells are placed under a column by position: the column whose name
starts at or left of the cell (a merged value is printed at its span's first column).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from jixiao.extract.model import Cell

from . import vocabulary as vocab
from .labels import best_variant, match_field, strip_decorations
from .text import cell_or_none, compact


@dataclass(frozen=True, slots=True)
class GridColumn:
    col: int
    name: str  # as printed (spaces removed)
    kind: str  # budget_initial, executed, rate … (vocabulary.GRID_COLUMNS)


@dataclass(slots=True)
class GridRow:
    label: str | None  # as printed (spaces removed); None for a row of values only
    label_cell: Cell | None
    values: list[Cell | None]  # one per column


@dataclass(slots=True)
class Grid:
    kind: str  # funds / goals / tasks
    label_cell: Cell | None  # 项目资金（万元）, 年度总体目标 … printed left of the column names
    columns: list[GridColumn]
    rows: list[GridRow] = field(default_factory=list)

    def column(self, kind: str) -> int | None:
        return next((k for k, c in enumerate(self.columns) if c.kind == kind), None)


def _filled(row: list[Cell]) -> list[Cell]:
    return [c for c in row if not c.is_empty]


_COLUMN_VARIANTS: dict[str, dict[str, str]] = {
    grid: {variant: kind for kind, variants in kinds.items() for variant in variants}
    for grid, kinds in vocab.GRID_COLUMNS.items()
}


@lru_cache(maxsize=4096)
def grid_column(raw: str, grid: str) -> str | None:
    """The kind of a printed column name in a grid of this kind, or None."""
    kind, _ = best_variant(strip_decorations(raw), _COLUMN_VARIANTS[grid], vocab.COLUMN_ACCEPT_SCORE)
    return kind


@lru_cache(maxsize=4096)
def names_a_grid_column(raw: str) -> bool:
    """Whether a printed text names a column of any grid: one search of every grid's names at once (some
    grid's name reaches the score exactly when the best of them all does)."""
    kind, _ = best_variant(strip_decorations(raw), _ANY_GRID_VARIANTS, vocab.COLUMN_ACCEPT_SCORE)
    return kind is not None


_ANY_GRID_VARIANTS: dict[str, str] = {variant: kind for variants in _COLUMN_VARIANTS.values()
                                      for variant, kind in variants.items()}


def open_grid(row: list[Cell]) -> Grid | None:
    """The grid a row of column names opens (at least two of one grid's names), or None.

    Cells left of the first column name are the grid's label (项目资金（万元）).
    """
    cells = _filled(row)
    if sum(names_a_grid_column(c.text) for c in cells) < 2:
        return None  # most header rows: no two names of any grid's columns, so none of one grid
    for kind in vocab.GRID_COLUMNS:
        named = [(c, grid_column(c.text, kind)) for c in cells]
        if len({k for _, k in named if k is not None}) < 2:
            continue
        columns = [GridColumn(c.col, compact(c.text), k) for c, k in named if k is not None]
        first = columns[0].col
        if any(c.col > first and k is None for c, k in named):
            continue  # a value among the names: a data row that happens to hold two words
        label = next((c for c in reversed(cells) if c.col < first), None)
        if label is not None and kind != vocab.GRID_OF_FIELD.get(match_field(label.text) or "", kind):
            continue
        return Grid(kind, label, columns)
    return None


def _column_of(grid: Grid, cell: Cell) -> int | None:
    """Index of the column a cell sits under: the last column starting at or left of it."""
    found = None
    for k, column in enumerate(grid.columns):
        if column.col <= cell.col:
            found = k
    return found


def _row_of_grid(grid: Grid, row: list[Cell]) -> GridRow | None:
    """A row read under the grid's columns, or None when the row is not part of the grid."""
    cells = _filled(row)
    if not cells:
        return None
    first = grid.columns[0].col
    front = [c for c in cells if c.col < first]
    inside = [c for c in cells if c.col >= first]
    label_cell = front[-1] if front else None
    if label_cell is not None and _closes_grid(grid, label_cell):
        return None
    if label_cell is None and grid.kind != "tasks" and match_field(inside[0].text) is not None \
            and grid_column(inside[0].text, grid.kind) is None and len(inside) == 1:
        return None  # a field label of the next block printed in the grid's columns
    values: list[Cell | None] = [None] * len(grid.columns)
    for cell in inside:
        k = _column_of(grid, cell)
        if k is None:
            continue
        values[k] = cell if values[k] is None else _joined(values[k], cell)
    if all(v is None for v in values) and label_cell is None:
        return None
    _percentages_to_their_column(grid, values)
    label = compact(label_cell.text) if label_cell is not None else None
    return GridRow(label, label_cell, values)


def _is_percentage(cell: Cell | None) -> bool:
    return cell is not None and compact(cell.text).endswith(("%", "％"))


def _percentages_to_their_column(grid: Grid, values: list[Cell | None]) -> None:
    """A percentage under a column that holds none (分值, an amount), the percentage column right of it empty
    with nothing between: that column's (财政拨款 5725 5725 5095.25 89%, its 分值 and 得分 not printed)."""
    for k, cell in enumerate(values):
        if not _is_percentage(cell) or grid.columns[k].kind in vocab.GRID_PERCENT_COLUMNS:
            continue
        for j in range(k + 1, len(values)):
            if values[j] is not None:
                break
            if grid.columns[j].kind in vocab.GRID_PERCENT_COLUMNS:
                values[j], values[k] = cell, None
                break


def _closes_grid(grid: Grid, label: Cell) -> bool:
    """A label that starts the next part of the form ends the grid."""
    key = match_field(label.text)
    if key is None:
        return False
    if grid.kind == "funds":
        return not key.startswith("funds.") or key == "funds.label"
    return True


def _joined(first: Cell, more: Cell) -> Cell:
    return Cell(f"{first.text}{more.text}", first.row, first.col, first.page, bbox=first.bbox,
                confidence=min(first.confidence, more.confidence), line=first.line, ref=first.ref)


def read_grid(grid: Grid, rows: list[list[Cell]], start: int) -> int:
    """Reads the grid's rows from `start` on; returns the index of the first row after it."""
    r = start
    while r < len(rows):
        if open_grid(rows[r]) is not None:
            break
        found = _row_of_grid(grid, rows[r])
        if found is None:
            if not _filled(rows[r]):
                r += 1
                continue
            break
        grid.rows.append(found)
        r += 1
        if grid.kind == "goals":
            r = _goal_continuation(grid, rows, r)
            break
    return r


def _goal_continuation(grid: Grid, rows: list[list[Cell]], r: int) -> int:
    """Goal texts wrapped onto following rows (no label, same columns) join the first row."""
    while r < len(rows):
        cells = _filled(rows[r])
        if not cells or any(c.col < grid.columns[0].col for c in cells) or match_field(cells[0].text):
            break
        more = _row_of_grid(grid, rows[r])
        if more is None:
            break
        first = grid.rows[0]
        first.values = [_joined(a, b) if a and b else (a or b) for a, b in zip(first.values, more.values)]
        r += 1
    return r


def cell_value(cell: Cell | None) -> int | float | str | None:
    """A grid value as the record holds it: a number where it is one, the printed text otherwise."""
    text = cell_or_none(cell.text) if cell is not None else None
    if text is None:
        return None
    plain = compact(text).replace(",", "")
    try:
        return float(plain) if "." in plain else int(plain)
    except ValueError:
        return text


def as_detail(grid: Grid) -> dict[str, object]:
    """funds_detail: {"columns": [names], "rows": {label: [values]}}."""
    rows: dict[str, list[object]] = {}
    for k, row in enumerate(grid.rows):
        label = row.label or (compact(grid.label_cell.text) if grid.label_cell is not None else f"row {k + 1}")
        rows[label] = [cell_value(v) for v in row.values]
    return {"columns": [c.name for c in grid.columns], "rows": rows}
