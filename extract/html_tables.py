"""HTML `<table>` blocks (as MinerU, PaddleOCR and other layout tools emit them) → cell grids.

Row and column spans are resolved into the grid: the spanning cell sits at its
top-left position with its spans recorded, the positions it covers hold empty
placeholder cells, exactly as a text dump prints a merged cell once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from .grid import fill_grid
from .model import Cell

MAX_SPAN = 1000  # a span larger than this is a broken attribute, read as 1

# Tags in the plain form layout tools print, read by one regex each instead of HTMLParser's
# general tokenizer (most of a dump's reading time). Only markup HTMLParser reads the same way
# is taken (ASCII white space, names of letters and digits, plainly quoted or bare values);
# anything else (comments, declarations, a stray "<", raw-text elements such as <script>)
# sends the whole block through HTMLParser.
_WS = "[ \t\n\r\f]"
_ATTR_VALUE = f"(?:\"[^\"<]*\"|'[^'<]*'|[^ \t\n\r\f\"'=<>`/]+(?![^ \t\n\r\f>]))"
_ATTR_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_TOKEN = re.compile(
    f"<([a-zA-Z][a-zA-Z0-9]*)((?:{_WS}+{_ATTR_NAME}(?:{_WS}*={_WS}*{_ATTR_VALUE})?)*){_WS}*(/?)>"  # start tag: 1-3
    f"|</([a-zA-Z][a-zA-Z0-9]*){_WS}*>"  # end tag: 4
    "|([^<]+)"  # text: 5
    "|<"  # any other markup: not plain
)
_START, _END, _TEXT = 3, 4, 5  # the token's last group
_ATTR = re.compile(f"({_ATTR_NAME})(?:{_WS}*={_WS}*({_ATTR_VALUE}))?")
_RAW_TEXT_TAGS = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea",
                            "title", "plaintext"})


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
                self._cell = _RawCell([], _span(values.get("rowspan")), _span(values.get("colspan")))
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


def _attrs(text: str) -> list[tuple[str, str | None]]:
    """A start tag's attributes as HTMLParser gives them: names lower-cased, values unquoted and unescaped."""
    attrs: list[tuple[str, str | None]] = []
    for found in _ATTR.finditer(text):
        value = found.group(2)
        if value is not None and value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs.append((found.group(1).lower(), unescape(value) if value else value))
    return attrs


def _feed_plain(collector: _TableCollector, html: str) -> bool:
    """Feed `html` to the collector tag by tag when it is plain markup; False (collector half fed) when not."""
    start, end, data = collector.handle_starttag, collector.handle_endtag, collector.handle_data
    for token in _TOKEN.finditer(html):
        kind = token.lastindex
        if kind == _TEXT:
            data(unescape(token.group(_TEXT)))
        elif kind == _START:
            tag, attrs, closed = token.group(1, 2, 3)
            tag = tag.lower()
            if tag in _RAW_TEXT_TAGS:
                return False
            start(tag, _attrs(attrs) if attrs else [])
            if closed:
                end(tag)
        elif kind == _END:
            end(token.group(_END).lower())
        else:
            return False
    return True


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        span = int((value or "1").strip())
    except ValueError:
        return 1
    return span if 1 <= span <= MAX_SPAN else 1


def _cell_text(raw: _RawCell) -> str:
    text = "".join(raw.text)
    if "\n" not in text:  # one line: the same as below, without the list of lines
        return " ".join(text.split())
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def raw_rows_to_grid(rows: list[list[_RawCell]], page: int, line: int | None) -> list[list[Cell]]:
    """Place each cell at the first free column of its row, honouring spans from above."""
    occupied: set[tuple[int, int]] = set()
    anchors: list[Cell] = []
    n_rows = len(rows)
    n_cols = 0
    for r, raw_row in enumerate(rows):
        c = 0
        for raw in raw_row:
            while (r, c) in occupied:
                c += 1
            rowspan = min(raw.rowspan, n_rows - r)
            anchors.append(Cell(_cell_text(raw), r, c, page, rowspan, raw.colspan, None, 1.0, line))
            if rowspan == 1 and raw.colspan == 1:
                occupied.add((r, c))
            else:
                occupied.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(raw.colspan))
            c += raw.colspan
            n_cols = max(n_cols, c)
    return fill_grid(anchors, n_rows, n_cols)


def parse_html_tables(html: str, page: int = 1, line: int | None = None) -> list[list[list[Cell]]]:
    """Every top-level table in `html` as a grid of cells (rows × columns)."""
    collector = _TableCollector()
    if not _feed_plain(collector, html):
        collector = _TableCollector()
        collector.feed(html)
        collector.close()
    return [raw_rows_to_grid(rows, page, line) for rows in collector.tables if rows]
