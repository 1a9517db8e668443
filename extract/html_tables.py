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


_COVERED = ("", 0, 0)  # a grid position a span from the left or from above takes


def raw_rows_to_grid(rows: list[list[RawCell]], page: int, line: int | None) -> list[list[Cell]]:
    """Place each cell at the first free column of its row, honouring spans from above.

    One pass places the anchors in rows of slots (None: free), growing a row as a span reaches
    past its end; a second fills every slot that holds no anchor with an empty placeholder."""
    n_rows = len(rows)
    slots: list[list[Cell | RawCell | None]] = [[] for _ in range(n_rows)]
    n_cols = 0
    for r, raw_row in enumerate(rows):
        taken = slots[r]
        c = 0
        for text, rowspan, colspan in raw_row:
            while c < len(taken) and taken[c] is not None:
                c += 1
            if rowspan == 1 and colspan == 1:
                cell = Cell(_cell_text(text), r, c, page, 1, 1, None, 1.0, line)
                if c < len(taken):
                    taken[c] = cell
                else:
                    taken.append(cell)
                c += 1
            else:
                c = _place_span(slots, r, c, Cell(_cell_text(text), r, c, page, min(rowspan, n_rows - r), colspan,
                                                  None, 1.0, line))
        if c > n_cols:
            n_cols = c
    return [taken if len(raw_row) == n_cols else _filled(taken, r, n_cols, page, line)
            for r, (taken, raw_row) in enumerate(zip(slots, rows))]


def _place_span(slots: list[list[Cell | RawCell | None]], r: int, c: int, anchor: Cell) -> int:
    """Put a spanning anchor at (r, c), taking the positions it covers; the column after it."""
    end = c + anchor.colspan
    for covered in slots[r:r + anchor.rowspan]:
        if len(covered) < end:
            covered.extend([None] * (end - len(covered)))
        covered[c:end] = [_COVERED] * anchor.colspan
    slots[r][c] = anchor
    return end


def _filled(taken: list[Cell | RawCell | None], r: int, n_cols: int, page: int, line: int | None) -> list[Cell]:
    """A row of slots with an empty placeholder in every slot that holds no anchor."""
    return [slot if slot.__class__ is Cell else Cell("", r, c, page, 1, 1, None, 1.0, line)
            for c, slot in enumerate(taken + [None] * (n_cols - len(taken)))]


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
