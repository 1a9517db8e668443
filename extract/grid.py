"""Anchored cells (top-left position + spans) → a full rows × columns grid.

Every reader that knows spans (HTML tables, ruled PDF tables, OCR grids)
ends here: the spanning cell sits at its top-left position, the positions it
covers hold empty placeholders, exactly as a text dump prints a merged cell once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Cell


def fill_grid(anchors: list[Cell], n_rows: int | None = None, n_cols: int | None = None) -> list[list[Cell]]:
    """A grid of `n_rows` × `n_cols` (by default the extent of the anchors)."""
    if n_rows is None:
        n_rows = max((c.row + c.rowspan for c in anchors), default=0)
    if n_cols is None:
        n_cols = max((c.col + c.colspan for c in anchors), default=0)
    at = {(c.row, c.col): c for c in anchors}
    page = anchors[0].page if anchors else 1
    line = anchors[0].line if anchors else None
    return [
        [at.get((r, c)) or Cell("", r, c, page, 1, 1, None, 1.0, line) for c in range(n_cols)]
        for r in range(n_rows)
    ]


def cluster_positions(values: list[float], tolerance: float) -> list[float]:
    """Sorted positions with values closer than `tolerance` merged into their mean."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _nearest(lines: list[float], value: float) -> int:
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class GridPlacement:
    """Where one box sits on the grid its table's boxes define."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: Box


def boxes_to_placements(boxes: list[Box], tolerance: float) -> tuple[list[GridPlacement], list[float], list[float]]:
    """Cell boxes → grid placements with spans, plus the grid's column and row lines.

    The grid lines are every distinct cell edge; a merged cell spans the lines
    its edges skip over.
    """
    xs = cluster_positions([v for b in boxes for v in (b[0], b[2])], tolerance)
    ys = cluster_positions([v for b in boxes for v in (b[1], b[3])], tolerance)
    placements = []
    for box in boxes:
        c0, c1 = _nearest(xs, box[0]), _nearest(xs, box[2])
        r0, r1 = _nearest(ys, box[1]), _nearest(ys, box[3])
        if c1 > c0 and r1 > r0:
            placements.append(GridPlacement(r0, c0, r1 - r0, c1 - c0, box))
    return placements, xs, ys
