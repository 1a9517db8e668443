"""Pipe-notated text whose lines are not a table's rows: read as plain lines.

Some copies print `| a | b |` lines that only look like markdown rows: the breaks fall
wherever the copy wrapped (header labels, the goal cells and the indicator column names
fused into one long line, an indicator on the same line), or every cell sits on a line of
its own. Read as a grid they give nonsense columns; read as lines with a `|` between cells
the free-text reader rebuilds them like any other notation-free copy.
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Cell, PageTable, TextLine

_MIN_FUSED_COLUMNS = 2  # core column names in one line, among other content, that show the breaks are no rows
_FUSED_KINDS = frozenset({"level1", "level2", "number", "value"})  # not header labels: a grid names them
_COLUMN_KINDS = frozenset({"core_column"})


EMPTY_CELLS = "||"  # the line a run of empty cells is printed as
_MIN_CELL_LINES = 3  # lines of one cell each that make a run of cells, not a one-cell box (a title)


def cell_per_line(table: PageTable) -> bool:
    """Pipe lines holding one cell each (or none: `||` where a cell is empty), not rows."""
    any_filled = False
    for row in table.rows:  # asked of every table: the first row of two cells tells
        filled = 0
        for cell in row:
            if not cell.is_empty:
                filled += 1
                if filled > 1:
                    return False
        any_filled = any_filled or filled == 1
    return not any_filled or len(table.rows) >= _MIN_CELL_LINES


def lines_not_rows(table: PageTable, kind: Callable[[str], str],
                   kind_in: Callable[[str, frozenset[str]], bool] | None = None) -> bool:
    """Whether a pipe table's lines are not its rows: a line holds the indicator block's column names fused
    with level labels or values (a grid of projects prints 项目名称 among its column names). `kind_in`, if
    given, tells the column names at less cost than `kind` (asked of every cell of a document's tables)."""
    filled = [[c for c in row if not c.is_empty] for row in table.rows]
    for row in filled:
        if len(row) <= _MIN_FUSED_COLUMNS or (kind_in is not None and not _names_at_least(row, kind_in)):
            continue  # no room for two column names and a label or value, or fewer column names
        kinds = [kind(c.text) for c in row]
        if kinds.count("core_column") >= _MIN_FUSED_COLUMNS and any(k in _FUSED_KINDS for k in kinds):
            return True
    return False


def _names_at_least(row: list[Cell], kind_in: Callable[[str, frozenset[str]], bool]) -> bool:
    """Whether _MIN_FUSED_COLUMNS cells of the row are column names (asked no further than it takes to tell)."""
    found = 0
    for k, cell in enumerate(row):
        if found + len(row) - k < _MIN_FUSED_COLUMNS:
            return False
        found += kind_in(cell.text, _COLUMN_KINDS)
        if found >= _MIN_FUSED_COLUMNS:
            return True
    return False


def as_lines(table: PageTable) -> list[TextLine]:
    """The table's printed lines, cells parted by `|`; a line of empty cells stays `||` (a cell left empty)."""
    lines: list[TextLine] = []
    for row in table.rows:
        cells = [c for c in row if not c.is_empty]
        if cells:
            lines.append(TextLine(" | ".join(c.text for c in cells) + " |", cells[0].page, cells[0].line))
        elif row:
            lines.append(TextLine(EMPTY_CELLS, row[0].page, row[0].line))
    return lines
