"""A worksheet as its reader found it → the document's blocks (page tables and lines).

Every spreadsheet reader (.xlsx, .xls, converted .ods/.et) fills a `SheetGrid`: the
displayed text of each cell by its sheet position, the merged ranges, the hidden rows
and columns, which cells have borders, the column widths and row heights. From there
one function makes blocks, as the PDF reader would from the printed sheet:

- hidden rows and columns are left out (and said in a note, with their text);
- the sheet splits into tables at bands of empty rows, then at bands of empty columns,
  and before a lone unbordered cell that follows a table row (a title printed right
  under the previous table);
- a table's leading rows that hold a single cell (title, year line, heading) are
  document lines, as a text dump's are;
- each cell keeps its sheet reference (`Sheet1!B7`, a merge `Sheet1!A3:A5`) and a box
  in sheet points (from the column widths and row heights).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.errors import SourceTooLargeError

from ..grid import fill_grid
from ..model import Block, Cell, PageTable, TextLine

Position = tuple[int, int]  # 0-based sheet row, column
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (inclusive)

DEFAULT_COL_WIDTH = 8.43  # characters
DEFAULT_ROW_HEIGHT = 15.0  # points
_NOTE_TEXT_CHARS = 300
_MAX_SPLIT_DEPTH = 12
MAX_CELLS = 2_000_000  # cells with text or borders, plus the cells merges cover, in one sheet
_PLAIN_SHEET_NAME = re.compile(r"^[A-Za-z_\u3400-\u9fff][\w.\u3400-\u9fff]*$")


@dataclass(slots=True)
class SheetGrid:
    name: str
    index: int  # 1-based: the page of its cells
    texts: dict[Position, str] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    bordered: set[Position] = field(default_factory=set)
    col_widths: dict[int, float] = field(default_factory=dict)  # characters
    row_heights: dict[int, float] = field(default_factory=dict)  # points
    default_col_width: float = DEFAULT_COL_WIDTH
    default_row_height: float = DEFAULT_ROW_HEIGHT


@dataclass(slots=True)
class SheetReading:
    blocks: list[Block]
    notes: list[tuple[str, int, str]]  # (warning code, page, message)


def column_letters(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    return f"{column_letters(col)}{row + 1}"


def sheet_ref(sheet: str, first: Position, last: Position | None = None) -> str:
    quoted = sheet if _PLAIN_SHEET_NAME.match(sheet) else "'" + sheet.replace("'", "''") + "'"
    where = cell_name(*first) if last is None or last == first else f"{cell_name(*first)}:{cell_name(*last)}"
    return f"{quoted}!{where}"


@dataclass(slots=True)
class _Anchor:
    """A cell as placed on the visible grid: its text, its visible span and its sheet reference."""

    text: str
    row: int  # visible row index
    col: int  # visible column index
    rowspan: int
    colspan: int
    ref: str
    bordered: bool


class _Visible:
    """The sheet with hidden rows and columns taken out: visible index ↔ sheet index."""

    def __init__(self, grid: SheetGrid) -> None:
        positions = list(grid.texts) + list(grid.bordered) + [(m[2], m[3]) for m in grid.merges]
        n_rows = max((p[0] for p in positions), default=-1) + 1
        n_cols = max((p[1] for p in positions), default=-1) + 1
        self.rows = [r for r in range(n_rows) if r not in grid.hidden_rows]
        self.cols = [c for c in range(n_cols) if c not in grid.hidden_cols]
        self.row_at = {r: i for i, r in enumerate(self.rows)}
        self.col_at = {c: i for i, c in enumerate(self.cols)}

    def span(self, first: int, last: int, at: dict[int, int]) -> tuple[int, int] | None:
        """(first visible index, count) of the sheet range first..last; None when all of it is hidden."""
        shown = [at[i] for i in range(first, last + 1) if i in at]
        return (shown[0], len(shown)) if shown else None


def _anchors(grid: SheetGrid, visible: _Visible) -> list[_Anchor]:
    """Visible cells with their visible spans; a merge whose anchor is hidden shows at its first visible cell."""
    anchors: list[_Anchor] = []
    merged_at: dict[Position, Merge] = {(m[0], m[1]): m for m in grid.merges}
    inside: set[Position] = {(r, c) for m in grid.merges for r in range(m[0], m[2] + 1) for c in range(m[1], m[3] + 1)
                             if (r, c) != (m[0], m[1])}
    for m in grid.merges:
        rows, cols = visible.span(m[0], m[2], visible.row_at), visible.span(m[1], m[3], visible.col_at)
        if rows is None or cols is None:
            continue
        text = grid.texts.get((m[0], m[1]), "")
        bordered = any((r, c) in grid.bordered for r in range(m[0], m[2] + 1) for c in range(m[1], m[3] + 1))
        anchors.append(_Anchor(text, rows[0], cols[0], rows[1], cols[1], sheet_ref(grid.name, m[:2], m[2:]), bordered))
    for pos in set(grid.texts) | grid.bordered:
        if pos in merged_at or pos in inside or pos[0] not in visible.row_at or pos[1] not in visible.col_at:
            continue
        row, col = visible.row_at[pos[0]], visible.col_at[pos[1]]
        anchors.append(_Anchor(grid.texts.get(pos, ""), row, col, 1, 1, sheet_ref(grid.name, pos), pos in grid.bordered))
    return anchors


def _bands(indices: set[int]) -> list[tuple[int, int]]:
    """Runs of consecutive indices as (first, last)."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


@dataclass(slots=True)
class _Region:
    anchors: list[_Anchor]
    top: int
    left: int


def _split_regions(anchors: list[_Anchor], depth: int = 0) -> list[_Region]:
    """Tables at bands of empty rows, and within a band at bands of empty columns, recursively."""
    row_bands = _bands({a.row + dr for a in anchors for dr in range(a.rowspan)})
    if len(row_bands) > 1 and depth < _MAX_SPLIT_DEPTH:
        return [region for first, last in row_bands
                for region in _split_regions([a for a in anchors if first <= a.row <= last], depth + 1)]
    col_bands = _bands({a.col + dc for a in anchors for dc in range(a.colspan)})
    if len(col_bands) > 1 and depth < _MAX_SPLIT_DEPTH:
        return [region for left, right in col_bands
                for region in _split_regions([a for a in anchors if left <= a.col <= right], depth + 1)]
    if not anchors:
        return []
    return [_Region(anchors, min(a.row for a in anchors), min(a.col for a in anchors))]


def _rows_of(region: _Region) -> dict[int, list[_Anchor]]:
    rows: dict[int, list[_Anchor]] = {}
    for a in region.anchors:
        rows.setdefault(a.row, []).append(a)
    return rows


def _split_at_titles(region: _Region) -> list[_Region]:
    """A lone unbordered cell right after a row of several cells opens a new table (a title)."""
    rows = _rows_of(region)
    spanned = {a.row + dr for a in region.anchors for dr in range(1, a.rowspan)}
    starts = [region.top]
    previous_filled = 0
    for r in sorted(rows):
        filled = [a for a in rows[r] if a.text]
        lone = len(filled) == 1 and not filled[0].bordered and len(rows[r]) == 1
        if lone and previous_filled > 1 and r not in spanned:
            starts.append(r)
        previous_filled = len(filled)
    if len(starts) == 1:
        return [region]
    bounds = [*starts[1:], 1 << 30]
    return [_Region([a for a in region.anchors if lo <= a.row < hi], lo, region.left)
            for lo, hi in zip(starts, bounds)]


class _Boxes:
    """Cell boxes in sheet points, from column widths (characters) and row heights (points)."""

    def __init__(self, grid: SheetGrid, visible: _Visible) -> None:
        self.xs = [0.0]
        for c in visible.cols:
            width = grid.col_widths.get(c, grid.default_col_width)
            self.xs.append(self.xs[-1] + round((width * 7 + 5) * 0.75, 2))
        self.ys = [0.0]
        for r in visible.rows:
            self.ys.append(self.ys[-1] + grid.row_heights.get(r, grid.default_row_height))

    def box(self, a: _Anchor) -> tuple[float, float, float, float]:
        return (self.xs[a.col], self.ys[a.row], self.xs[a.col + a.colspan], round(self.ys[a.row + a.rowspan], 2))


def _region_blocks(region: _Region, page: int, boxes: _Boxes) -> list[Block]:
    rows = _rows_of(region)
    ordered = sorted(rows)
    blocks: list[Block] = []
    top = region.top
    width = max(a.col + a.colspan for a in region.anchors) - region.left
    for r in ordered:  # leading single-cell rows are document lines (a bordered one only when it spans the table)
        filled = [a for a in rows[r] if a.text]
        if len(filled) > 1 or any(a.rowspan > 1 for a in rows[r]):
            break
        if filled and filled[0].bordered and (len(rows[r]) > 1 or filled[0].colspan < width):
            break
        if filled:
            blocks.append(TextLine(text=filled[0].text, page=page))
        top = r + 1
    body = [a for a in region.anchors if a.row >= top]
    if not any(a.text for a in body):
        return blocks
    left = min(a.col for a in body)
    cells = [Cell(text=a.text, row=a.row - top, col=a.col - left, page=page, rowspan=a.rowspan, colspan=a.colspan,
                  bbox=boxes.box(a), ref=a.ref) for a in body]
    n_rows = max(a.row + a.rowspan for a in body) - top
    n_cols = max(a.col + a.colspan for a in body) - left
    grid_rows = fill_grid(cells, n_rows, n_cols)
    x0, y0 = boxes.xs[left], boxes.ys[top]
    bbox = (x0, y0, boxes.xs[left + n_cols], boxes.ys[top + n_rows])
    blocks.append(PageTable(rows=grid_rows, page=page, bbox=bbox))
    return blocks


def _hidden_note(grid: SheetGrid) -> tuple[str, int, str] | None:
    lost = [(pos, text) for pos, text in sorted(grid.texts.items())
            if text and (pos[0] in grid.hidden_rows or pos[1] in grid.hidden_cols)]
    if not grid.hidden_rows and not grid.hidden_cols:
        return None
    said = []
    if grid.hidden_rows:
        said.append(f"{len(grid.hidden_rows)} hidden rows")
    if grid.hidden_cols:
        said.append(f"{len(grid.hidden_cols)} hidden columns")
    texts = "; ".join(f"{cell_name(*pos)} {text!r}" for pos, text in lost)
    if len(texts) > _NOTE_TEXT_CHARS:
        texts = texts[:_NOTE_TEXT_CHARS] + " …"
    held = f", holding {texts}" if lost else ", all empty"
    return "hidden_cells_skipped", grid.index, f"sheet {grid.name!r}: {' and '.join(said)} left out{held}"


def _clip_merges(grid: SheetGrid) -> None:
    """Merges cut to the extent of the sheet's cells (a merge of whole rows or columns is common)."""
    positions = list(grid.texts) + list(grid.bordered)
    last_row = max((p[0] for p in positions), default=-1)
    last_col = max((p[1] for p in positions), default=-1)
    grid.merges = [(m[0], m[1], min(m[2], last_row), min(m[3], last_col)) for m in grid.merges
                   if m[0] <= last_row and m[1] <= last_col and m[0] <= m[2] and m[1] <= m[3]]
    area = len(positions) + sum((m[2] - m[0] + 1) * (m[3] - m[1] + 1) for m in grid.merges)
    if area > MAX_CELLS:
        raise SourceTooLargeError(f"sheet {grid.name!r} spans {area:,} cells, over the bound of {MAX_CELLS:,}")


def read_sheet(grid: SheetGrid) -> SheetReading:
    """The sheet's blocks in reading order (top to bottom, then left to right) and its notes."""
    _clip_merges(grid)
    visible = _Visible(grid)
    anchors = _anchors(grid, visible)
    boxes = _Boxes(grid, visible)
    regions = [part for region in _split_regions(anchors) for part in _split_at_titles(region)]
    regions.sort(key=lambda reg: (reg.top, reg.left))
    blocks = [block for region in regions for block in _region_blocks(region, grid.index, boxes)]
    note = _hidden_note(grid)
    return SheetReading(blocks, [note] if note else [])
