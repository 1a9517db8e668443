"""Ink in a table cell that no text covers: Chinese drawn as an image while the digits are text.

Some producers draw the Chinese of a page as images (or as outlines a font turned into
pictures) and keep only the digits as text: the figures read fine and the labels come
out empty. A cell that holds an image that no glyph of the page overlaps has text the
text layer does not carry; reader.py OCRs such a page, or warns when it cannot.
"""

from __future__ import annotations

from typing import Any

from ..model import Block, Cell, PageTable
from .pdfium_source import PageContent

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in the reading frame
MIN_INK_SIDE = 2.0  # points: a smaller image is a dot or a rule piece, not a word


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _holds(cell: Box, point: tuple[float, float]) -> bool:
    return cell[0] <= point[0] <= cell[2] and cell[1] <= point[1] <= cell[3]


def _uncovered(images: list[Box], chars: list[dict[str, Any]]) -> list[Box]:
    boxes = [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in chars if not c["text"].isspace()]
    return [image for image in images
            if image[2] - image[0] >= MIN_INK_SIDE and image[3] - image[1] >= MIN_INK_SIDE
            and not any(_overlaps(image, box) for box in boxes)]


def cells_with_unread_ink(content: PageContent, blocks: list[Block]) -> list[Cell]:
    """The table cells of a page that hold an image no glyph of the page overlaps."""
    ink = _uncovered(content.images, content.chars)
    if not ink:
        return []
    found: list[Cell] = []
    for table in (b for b in blocks if isinstance(b, PageTable)):
        for cell in {id(c): c for row in table.rows for c in row if c.bbox is not None}.values():
            assert cell.bbox is not None
            if cell not in found and any(_holds(cell.bbox, ((i[0] + i[2]) / 2, (i[1] + i[3]) / 2)) for i in ink):
                found.append(cell)
    return found


def describe(cells: list[Cell]) -> str:
    shown = "; ".join(f"row {c.row + 1} column {c.col + 1} ({c.text or 'blank'})" for c in cells[:5])
    more = f" and {len(cells) - 5} more" if len(cells) > 5 else ""
    return f"{len(cells)} cells hold ink no text covers (words drawn as images?): {shown}{more}"
