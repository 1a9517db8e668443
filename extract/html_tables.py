"""HTML `<table>` blocks (as MinerU, PaddleOCR and other layout tools emit them) → cell grids.

Row and column spans are resolved into the grid: the spanning cell sits at its
top-left position with its spans recorded, the positions it covers hold empty
placeholder cells, exactly as a text dump prints a merged cell once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from .html_plain import RawCell, RawTable, read_plain, span
from .model import Cell


@dataclass(slots=True)
class _RawCell:
    text: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1


class _TableCollector(HTMLParser):
    """Collects the rows of every top-level table; nested tables are flattened into their cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[_RawCell]]] = []
        self._depth = 0
        self._row: list[_RawCell] | None = None
        self._cell: _RawCell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif self._depth != 1:
            if tag == "br" and self._cell is not None:
                self._cell.text.append("\n")
        elif tag == "tr":
            self._close_row()
            self._row = []
        elif tag in ("td", "th"):
            self._close_cell()
            if self._row is None:
                self._row = []
            if attrs:
                values = dict(attrs)
                self._cell = _RawCell([], span(values.get("rowspan")), span(values.get("colspan")))
            else:
                self._cell = _RawCell([], 1, 1)
        elif tag == "br" and self._cell is not None:
            self._cell.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self._depth == 1:
                self._close_row()
            self._depth = max(0, self._depth - 1)
        elif self._depth != 1:
            return
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(self._cell)
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None and self.tables:
            self.tables[-1].append(self._row)
        self._row = None


def _cell_text(text: str) -> str:
    if "\n" not in text:  # one line: the same as below, without the list of lines
        return " ".join(text.split())
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def raw_rows_to_grid(rows: list[list[RawCell]], page: int, line: int | None) -> list[list[Cell]]:
    """Place each cell at the first free column of its row, honouring spans from above.

    Rows are made left to right: a position a span takes (from above, or from the left) gets an
    empty placeholder as it is passed, and rows shorter than the widest are filled out at the end.
    Only cells that span rows hold positions below their own row, so only they are kept: a column
    at a time, the first row it is free again (spans are rectangles, rows are placed top to bottom)."""
    n_rows = len(rows)
    free_from: list[int] = []  # per column: the first row no span from above takes
    spans_until = 0  # the first row no span from above reaches
    grid: list[list[Cell]] = []
    n_cols = 0
    for r, raw_row in enumerate(rows):
        out: list[Cell] = []
        c = 0
        under_span = r < spans_until
        for text, rowspan, colspan in raw_row:
            if under_span:
                while c < len(free_from) and free_from[c] > r:
                    out.append(Cell("", r, c, page, 1, 1, None, 1.0, line))
                    c += 1
            text = " ".join(text.split()) if "\n" not in text else _cell_text(text)
            if rowspan == 1 and colspan == 1:  # most cells: nothing to keep
                out.append(Cell(text, r, c, page, 1, 1, None, 1.0, line))
                c += 1
                continue
            rowspan = min(rowspan, n_rows - r)
            out.append(Cell(text, r, c, page, rowspan, colspan, None, 1.0, line))
            out.extend(Cell("", r, k, page, 1, 1, None, 1.0, line) for k in range(c + 1, c + colspan))
            if rowspan > 1:
                _take(free_from, c, c + colspan, r + rowspan)
                spans_until = max(spans_until, r + rowspan)
            c += colspan
        if c > n_cols:
            n_cols = c
        grid.append(out)
    for r, out in enumerate(grid):
        if len(out) < n_cols:
            out.extend(Cell("", r, k, page, 1, 1, None, 1.0, line) for k in range(len(out), n_cols))
    return grid


def _take(free_from: list[int], start: int, end: int, free_again: int) -> None:
    """Columns start…end-1 taken until row `free_again`."""
    if len(free_from) < end:
        free_from.extend([0] * (end - len(free_from)))
    for k in range(start, end):
        if free_from[k] < free_again:
            free_from[k] = free_again


def _collected(collector: _TableCollector) -> list[RawTable]:
    return [[[("".join(c.text), c.rowspan, c.colspan) for c in row] for row in table] for table in collector.tables]


def parse_html_tables(html: str, page: int = 1, line: int | None = None) -> list[list[list[Cell]]]:
    """Every top-level table in `html` as a grid of cells (rows × columns)."""
    tables = read_plain(html)
    if tables is None:
        collector = _TableCollector()
        collector.feed(html)
        collector.close()
        tables = _collected(collector)
    return [raw_rows_to_grid(rows, page, line) for rows in tables if rows]
