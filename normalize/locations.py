"""Where a record's table and cells sit on their pages, for a reviewer's page view.

`source.regions`: per page the table's extent and the box of every cell detected there;
`source.boxes`: header field → the page and box of the cell it was read from. Both only
for sources whose cells have boxes (PDFs and scans); office files and text dumps have none.
Boxes are in page points, the page's top-left corner at 0, 0 (as `Cell.bbox`).
"""

from __future__ import annotations

from typing import Any

from jixiao.extract.model import BBox, Cell, LogicalTable

_DECIMALS = 1  # a tenth of a point is far below a pixel of any render a reviewer looks at


def rounded(box: BBox) -> list[float]:
    return [round(v, _DECIMALS) for v in box]


def _union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def table_regions(table: LogicalTable) -> list[dict[str, Any]]:
    """One entry a page the table shows on: its extent and its cells' boxes (each once, in reading order)."""
    by_page: dict[int, list[BBox]] = {}
    for row in table.rows:
        for cell in row:
            if cell.bbox is not None and cell.bbox not in by_page.setdefault(cell.page, []):
                by_page[cell.page].append(cell.bbox)
    return [{"page": page, "bbox": rounded(_union(boxes)), "cells": [rounded(b) for b in boxes]}
            for page, boxes in sorted(by_page.items()) if boxes]


def field_boxes(cells: dict[str, Cell]) -> dict[str, dict[str, Any]]:
    """Header field → {page, bbox} of the cell it was read from (fields whose cell has a box)."""
    return {key: {"page": cell.page, "bbox": rounded(cell.bbox)} for key, cell in cells.items()
            if cell is not None and cell.bbox is not None}
