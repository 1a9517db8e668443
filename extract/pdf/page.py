"""One page's chars and edges → its page tables and text lines, top to bottom.

edges → tables (pdfplumber's finder, a cut table closed along its cut) → cell
boxes on a grid with spans → chars into the cell where they show → text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from pdfplumber.table import TableFinder

from ..grid import Box, GridPlacement, boxes_to_placements, fill_grid
from ..model import Block, Cell, PageTable, TextLine
from .frames import edges_off_frames, layout_frames
from .pdfium_source import PageContent
from .settings import PdfSettings
from .words import chars_text

Char = dict[str, Any]
REFERENCE_TEXT_HEIGHT = 10.0  # points: the tolerances in PdfSettings are for text of about this height


@dataclass(frozen=True, slots=True)
class _EdgePage:
    """What pdfplumber's TableFinder reads of a page: its edges and box (it is typed for its
    own Page class, but reads nothing else of it with the lines strategy)."""

    edges: list[dict[str, Any]]
    bbox: Box


def _centre(char: Char) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def where_it_shows(char: Char) -> tuple[float, float]:
    """A char's centre; a glyph drawn outside its clip is moved into the clip, along each
    axis where it lies outside (Calc clips a merged cell's text to the row band it shows in)."""
    cx, cy = _centre(char)
    clip = char.get("_clip")
    if clip is None:
        return cx, cy
    x = cx if clip[0] <= cx <= clip[2] else (clip[0] + clip[2]) / 2
    y = cy if clip[1] <= cy <= clip[3] else (clip[1] + clip[3]) / 2
    return x, y


def _coverage(table: Any) -> float:
    x0, top, x1, bottom = table.bbox
    area = (x1 - x0) * (bottom - top)
    return sum((c[2] - c[0]) * (c[3] - c[1]) for c in table.cells) / area if area else 1.0


def find_tables(content: PageContent, settings: PdfSettings) -> list[Any]:
    """Ruled tables; layout frames (frames.py) left out with their rules; a table cut by a page
    break is closed along its cut edge first.

    At a break the merged cells running across it have no rule on the cut edge
    (Calc, Word), so no cell forms there and their labels would be lost. Where
    the cells found do not cover a table's box, the box's top and bottom are
    added as rules and the edges are read again.
    """
    page = _EdgePage(content.edges, content.bbox)
    tables = TableFinder(page, settings.table_settings()).tables  # type: ignore[arg-type]
    frames = layout_frames(tables, content.chars, settings, settings.y_tolerance * _text_scale(content.chars))
    if frames:
        page = _EdgePage(edges_off_frames(content.edges, frames, settings.snap_tolerance), content.bbox)
        tables = [t for t in TableFinder(page, settings.table_settings()).tables  # type: ignore[arg-type]
                  if not any(tuple(t.bbox) == tuple(f.bbox) for f in frames)]
    closing = {_rounded(c) for t in tables for c in _cut_edges(t, page.edges, settings)}
    sides = {_rounded(s) for t in tables for s in _open_sides(t, page.edges, settings)}
    if closing or sides:
        again = {**settings.table_settings(), "explicit_horizontal_lines": [_h_edge(*c) for c in sorted(closing)],
                 "explicit_vertical_lines": [_v_edge(*c) for c in sorted(sides)]}
        tables = TableFinder(page, again).tables  # type: ignore[arg-type]
    return [t for t in tables if len(t.cells) >= settings.min_cells]


def _rounded(values: tuple[float, float, float]) -> tuple[float, float, float]:
    return (round(values[0], 2), round(values[1], 2), round(values[2], 2))


def _h_edge(y: float, x0: float, x1: float) -> dict[str, Any]:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h",
            "object_type": "explicit_edge"}


def _v_edge(x: float, top: float, bottom: float) -> dict[str, Any]:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top, "orientation": "v",
            "object_type": "explicit_edge"}


def _open_sides(table: Any, edges: list[dict[str, Any]], settings: PdfSettings) -> list[tuple[float, float, float]]:
    """The sides a table leaves unruled, as vertical rules to add (x, top, bottom): where two or
    more of its row rules run on past its outer column rule to the same end, that end is its
    side (tables printed without their outer left and right borders)."""
    x0, top, x1, bottom = table.bbox
    reach = settings.snap_tolerance
    rows = [e for e in edges if e["orientation"] == "h" and top - reach <= e["top"] <= bottom + reach
            and e["x0"] <= x1 and e["x1"] >= x0]
    sides: list[tuple[float, float, float]] = []
    for ends, outer, beyond in ((sorted(e["x0"] for e in rows), x0, lambda v: v < x0 - reach),
                                (sorted((e["x1"] for e in rows), reverse=True), x1, lambda v: v > x1 + reach)):
        past = [v for v in ends if beyond(v)]
        if len(past) < 2:
            continue
        side = past[0]
        reaching = [e for e in rows if abs((e["x0"] if outer == x0 else e["x1"]) - side) <= reach]
        if len(reaching) >= 2:
            sides.append((side, min(e["top"] for e in reaching), max(e["top"] for e in reaching)))
    return sides


def _row_span(x0: float, x1: float, rows: list[dict[str, Any]], reach: float) -> tuple[float, float]:
    """How far the row rules that reach [x0, x1] run on, and the row rules that reach those."""
    lo, hi = x0, x1
    for rule in sorted(rows, key=lambda e: e["x0"]):
        if rule["x0"] <= hi + reach and rule["x1"] > hi:
            hi = rule["x1"]
    for rule in sorted(rows, key=lambda e: -e["x1"]):
        if rule["x1"] >= lo - reach and rule["x0"] < lo:
            lo = rule["x0"]
    return lo, hi


def _cut_edges(table: Any, edges: list[dict[str, Any]], settings: PdfSettings) -> list[tuple[float, float, float]]:
    """Where a table is open, as horizontal rules to add (y, x0, x1): its box's top and bottom when
    its cells leave part of it uncovered or when vertical rules beside it run along it (cells with
    no rule on the cut edge, left of the ruled ones), and the ends of vertical rules that run on
    past its box (merged cells cut by a page break). The rules added run as far as the row rules
    that reach the table's box (and the rules that reach those), so that a box beside the table
    (a chart) is not joined to it."""
    x0, top, x1, bottom = table.bbox
    reach = settings.snap_tolerance
    along = [e for e in edges if e["orientation"] == "v" and e["top"] < bottom - reach and e["bottom"] > top + reach]
    within = [e for e in along if x0 - reach <= e["x0"] <= x1 + reach]
    rows = [e for e in edges if e["orientation"] == "h" and top - reach <= e["top"] <= bottom + reach]
    lo, hi = _row_span(x0, x1, rows, reach)
    cut: list[float] = []
    if _coverage(table) < settings.full_coverage or len(within) < len(along):
        cut += [top, bottom]
    highest = min((e["top"] for e in within), default=top)
    lowest = max((e["bottom"] for e in within), default=bottom)
    if highest < top - reach:
        cut += [highest, top]
    if lowest > bottom + reach:
        cut += [lowest, bottom]
    return [(y, lo, hi) for y in cut]


def _char_cells(chars: list[Char], placements: list[GridPlacement], xs: list[float],
                ys: list[float]) -> tuple[dict[int, list[Char]], list[Char]]:
    """Chars grouped by the placement that holds where they show; and the chars no cell holds."""
    owner: dict[tuple[int, int], int] = {}
    for k, p in enumerate(placements):
        for r in range(p.row, p.row + p.rowspan):
            for c in range(p.col, p.col + p.colspan):
                owner[(r, c)] = k
    grouped: dict[int, list[Char]] = {}
    strays: list[Char] = []
    for char in chars:
        cx, cy = char["_shows"]
        cell = owner.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
        if cell is None:
            strays.append(char)
        else:
            grouped.setdefault(cell, []).append(char)
    return grouped, strays


def _text_scale(chars: list[Char]) -> float:
    """How large the text is against the 10-pt text the tolerances are set for."""
    heights = sorted(c["bottom"] - c["top"] for c in chars)
    return max(heights[len(heights) // 2] / REFERENCE_TEXT_HEIGHT, 0.1) if heights else 1.0


def _text(chars: list[Char], settings: PdfSettings) -> str:
    if not chars:
        return ""
    scale = _text_scale(chars)
    return chars_text(chars, settings.x_tolerance * scale, settings.y_tolerance * scale)


def rounded_box(box: Box) -> Box:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def _table_rows(boxes: list[Box], chars: list[Char], page_no: int,
                settings: PdfSettings) -> tuple[list[list[Cell]], list[Char]]:
    placements, xs, ys = boxes_to_placements(boxes, settings.grid_tolerance)
    grouped, strays = _char_cells(chars, placements, xs, ys)
    anchors = [
        Cell(text=_text(grouped.get(k, []), settings), row=p.row, col=p.col, page=page_no,
             rowspan=p.rowspan, colspan=p.colspan, bbox=rounded_box(p.box))
        for k, p in enumerate(placements)
    ]
    return fill_grid(anchors, len(ys) - 1, len(xs) - 1), strays


def _inside(char: Char, box: Box) -> bool:
    cx, cy = char["_shows"]
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _lines_of(chars: list[Char], y_tolerance: float) -> list[list[Char]]:
    """Chars grouped into lines by their vertical centres (glyphs of mixed fonts differ in top)."""
    lines: list[list[Char]] = []
    middle = 0.0
    for char in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        centre = (char["top"] + char["bottom"]) / 2
        if lines and centre - middle <= y_tolerance:
            lines[-1].append(char)
        else:
            lines.append([char])
            middle = centre
    return lines


def _text_lines(chars: list[Char], page_no: int, settings: PdfSettings) -> list[tuple[float, TextLine]]:
    """Lines of the chars outside every table, with their top, for reading order."""
    lines: list[tuple[float, TextLine]] = []
    for chars_of_line in _lines_of(chars, settings.y_tolerance * _text_scale(chars)):
        text = _text(chars_of_line, settings).strip()
        if text:
            lines.append((min(c["top"] for c in chars_of_line), TextLine(text=text, page=page_no)))
    return lines


def _stray_cells(chars: list[Char], page_no: int, settings: PdfSettings) -> list[Cell]:
    """Text inside a table's box that no cell holds, a line at a time, for the record to report."""
    cells = []
    for line in _lines_of(chars, settings.y_tolerance * _text_scale(chars)):
        box = (min(c["x0"] for c in line), min(c["top"] for c in line), max(c["x1"] for c in line),
               max(c["bottom"] for c in line))
        cells.append(Cell(text=_text(line, settings), row=-1, col=-1, page=page_no, bbox=rounded_box(box)))
    return cells


@dataclass(frozen=True, slots=True)
class TableGeometry:
    """A table as an engine found it: its box and its cells' boxes (merged cells as one box)."""

    bbox: Box
    cells: list[Box]


def plumber_tables(content: PageContent, settings: PdfSettings) -> list[TableGeometry]:
    return [TableGeometry(tuple(t.bbox), [tuple(c) for c in t.cells]) for t in find_tables(content, settings)]


def read_page(content: PageContent, page_no: int, settings: PdfSettings,
              tables: list[TableGeometry] | None = None) -> list[Block]:
    """One page's tables and lines, top to bottom; `tables` from another engine, or found here."""
    chars = [c for c in content.chars if not c["text"].isspace()]
    for char in chars:  # kept on the char (derived from its own box and clip): no copy of every char
        if "_shows" not in char:
            char["_shows"] = where_it_shows(char)
    if tables is None:
        tables = plumber_tables(content, settings)
    placed: list[tuple[float, Block]] = []
    boxes = [t.bbox for t in tables]
    taken: set[int] = set()
    for table, box in zip(tables, boxes, strict=True):
        inside = [c for c in chars if _inside(c, box)]
        rows, strays = _table_rows(table.cells, inside, page_no, settings)
        if all(c.is_empty for row in rows for c in row):
            continue  # ruled boxes with no text in them are a drawing (a bar chart), not a table
        taken.update(id(c) for c in inside)
        found = PageTable(rows=rows, page=page_no, bbox=rounded_box(box), strays=_stray_cells(strays, page_no, settings))
        placed.append((box[1], found))
    # a glyph clipped away outside every table shows nowhere: it is no text of the page
    loose = [c for c in chars if id(c) not in taken and c["_shows"] == _centre(c)]
    placed.extend(_text_lines(loose, page_no, settings))
    return in_reading_order(placed, page_no)


def in_reading_order(placed: list[tuple[float, Block]], page_no: int) -> list[Block]:
    """A page's blocks top to bottom; the first table after page 1 may continue the last page's."""
    placed.sort(key=lambda item: item[0])
    blocks = [block for _, block in placed]
    first_table = next((b for b in blocks if isinstance(b, PageTable)), None)
    if first_table is not None and page_no > 1:
        first_table.break_before = True
    return blocks
