"""Layout frames among the ruled boxes a page's rules make: boxes that are no tables.

A page's layout may draw boxes around its content: a frame around the whole
page, a rule under a running header inside it, a box around a paragraph. The
table finder reads them as tables of one column whose cells hold running text,
or as a table around other tables. Such a frame is left out, and its rules
with it, so that the tables inside it are found on their own.
"""

from __future__ import annotations

from typing import Any

from .settings import PdfSettings

Box = tuple[float, float, float, float]
Char = dict[str, Any]


def _inside(inner: Box, outer: Box, slack: float) -> bool:
    return (outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1]
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def line_count(chars: list[Char], box: Box, y_tolerance: float) -> int:
    """How many text lines the chars centred in `box` make."""
    middles = sorted((c["top"] + c["bottom"]) / 2 for c in chars
                     if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2] and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]
                     and not c["text"].isspace())
    count, last = 0, None
    for middle in middles:
        if last is None or middle - last > y_tolerance:
            count += 1
            last = middle
    return count


def columns_of(cells: list[Box], tolerance: float) -> int:
    """How many grid columns a table's cells make."""
    xs: list[float] = []
    for x in sorted(v for c in cells for v in (c[0], c[2])):
        if not xs or x - xs[-1] > tolerance:
            xs.append(x)
    return max(len(xs) - 1, 1)


def is_text_box(cells: list[Box], chars: list[Char], settings: PdfSettings, y_tolerance: float) -> bool:
    """One column of cells, one of which holds running text (a paragraph, not a cell's wrapped label)."""
    return columns_of(cells, settings.grid_tolerance) == 1 and any(
        line_count(chars, cell, y_tolerance) >= settings.frame_text_lines for cell in cells)


def layout_frames(tables: list[Any], chars: list[Char], settings: PdfSettings, y_tolerance: float) -> list[Any]:
    """The found tables that are layout frames: text boxes, and boxes around other tables."""
    frames = []
    for table in tables:
        holds_table = any(other is not table and _inside(tuple(other.bbox), tuple(table.bbox), settings.snap_tolerance)
                          for other in tables)
        if holds_table or is_text_box([tuple(c) for c in table.cells], chars, settings, y_tolerance):
            frames.append(table)
    return frames


def _on_frame(edge: dict[str, Any], frame: Any, reach: float) -> bool:
    """Whether an edge is one of a frame's rules: on one of its cells' sides, within its box."""
    x0, top, x1, bottom = frame.bbox
    if not _inside((edge["x0"], edge["top"], edge["x1"], edge["bottom"]), (x0, top, x1, bottom), reach):
        return False
    for cx0, ctop, cx1, cbottom in frame.cells:
        if edge["orientation"] == "h" and min(abs(edge["top"] - ctop), abs(edge["top"] - cbottom)) <= reach \
                and edge["x0"] <= cx1 + reach and edge["x1"] >= cx0 - reach \
                and edge["x1"] - edge["x0"] > (cx1 - cx0) / 2:
            return True
        if edge["orientation"] == "v" and min(abs(edge["x0"] - cx0), abs(edge["x0"] - cx1)) <= reach \
                and edge["top"] <= cbottom + reach and edge["bottom"] >= ctop - reach \
                and edge["bottom"] - edge["top"] > (cbottom - ctop) / 2:
            return True
    return False


def edges_off_frames(edges: list[dict[str, Any]], frames: list[Any], reach: float) -> list[dict[str, Any]]:
    """The edges that are no frame's rules."""
    return [e for e in edges if not any(_on_frame(e, f, reach) for f in frames)]
