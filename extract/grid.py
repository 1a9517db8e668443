"""Anchored cells (top-left position + spans) → a full rows × columns grid.

Every reader that knows spans (HTML tables, ruled PDF tables, OCR grids)
ends here: the spanning cell sits at its top-left position, the positions it
covers hold empty placeholders, exactly as a text dump prints a merged cell once.
"""

from __future__ import annotations

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
        [at.get((r, c)) or Cell(text="", row=r, col=c, page=page, line=line) for c in range(n_cols)]
        for r in range(n_rows)
    ]
