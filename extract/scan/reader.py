"""Page images (scanned PDF pages, PNG/JPEG/TIFF) → page tables, by OCR of known cells.

image → upright (deskew) → rules (OpenCV) → tables and cells (the PDF
reader's table finder, on those rules) → each cell cropped, split into text
lines by its ink, each line recognised (no detection network over the page:
that is where the speed comes from) → cells with text, bbox and confidence;
text outside the tables is detected and recognised band by band.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..grid import GridPlacement, boxes_to_placements, fill_grid
from ..model import Block, Cell, PageTable, TextLine
from ..pdf.page import find_tables, in_reading_order, rounded_box
from ..pdf.pdfium_source import PageContent
from ..pdf.settings import PdfSettings
from .cell_lines import CellInk, LineBox, cell_ink, settled_lines, to_strokes, typical_line_height
from .lines import PageImage, erase_rules, ink_mask, page_edges
from .ocr import Recognized, recognize_lines

LINE_PAD = 4  # pixels of paper kept around a text line for the recogniser
MIN_INK_ROWS = 3  # a run of inked pixel rows shorter than this is noise
MIN_BAND_INK = 30  # ink pixels a band outside the tables needs to be read
MIN_LINE_CONFIDENCE = 0.6  # a line outside the tables read with less is scanner noise, not text


def _runs(profile: np.ndarray, minimum: int) -> list[tuple[int, int]]:
    """(start, end) of the runs where a projection profile is non-zero."""
    padded = np.concatenate(([False], np.asarray(profile, dtype=bool), [False]))
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(s), int(e)) for s, e in zip(changes[::2], changes[1::2], strict=True) if e - s >= minimum]


def _line_crop(gray: np.ndarray, line: LineBox) -> np.ndarray:
    return np.ascontiguousarray(gray[max(line.top - LINE_PAD, 0):line.bottom + LINE_PAD,
                                     max(line.x0 - LINE_PAD, 0):line.x1 + LINE_PAD])


def _joined(lines: list[Recognized]) -> Recognized:
    texts = [line for line in lines if line.text]
    if not texts:
        return Recognized("", 1.0 if not lines else 0.0)
    return Recognized("\n".join(line.text for line in texts), min(line.confidence for line in texts))


def _rounded(box: tuple[float, ...]) -> tuple[float, float, float, float]:
    return rounded_box((box[0], box[1], box[2], box[3]))


def _to_px(box: tuple[float, float, float, float], scale: float) -> tuple[int, int, int, int]:
    return (round(box[0] * scale), round(box[1] * scale), round(box[2] * scale), round(box[3] * scale))


@dataclass(slots=True)
class _Crops:
    """Every line crop of a page, gathered first so they are recognised in one parallel run."""

    images: list[np.ndarray] = field(default_factory=list)

    def add(self, crops: list[np.ndarray]) -> slice:
        start = len(self.images)
        self.images.extend(crops)
        return slice(start, len(self.images))


_TablePlan = tuple[Any, list[GridPlacement], int, int, list[CellInk]]


def _table_plan(table: Any, image: PageImage, mask: np.ndarray, settings: PdfSettings) -> _TablePlan:
    placements, xs, ys = boxes_to_placements([tuple(c) for c in table.cells], settings.grid_tolerance)
    inks = [cell_ink(mask, _to_px(p.box, image.scale)) for p in placements]
    return table, placements, len(ys) - 1, len(xs) - 1, inks


def _crop_cells(plans: list[_TablePlan], gray: np.ndarray, line_height: float | None,
                crops: _Crops) -> list[list[slice]]:
    """Every cell's line crops added to `crops`; the slice each cell's lines take, per table."""
    return [[crops.add([_line_crop(gray, line) for line in settled_lines(ink, line_height)]) for ink in plan[4]]
            for plan in plans]


def _build_table(plan: _TablePlan, slices: list[slice], read: list[Recognized], page_no: int) -> PageTable:
    table, placements, n_rows, n_cols, _ = plan
    anchors = []
    for p, where in zip(placements, slices, strict=True):
        cell = _joined(read[where])
        anchors.append(Cell(text=cell.text, row=p.row, col=p.col, page=page_no, rowspan=p.rowspan,
                            colspan=p.colspan, bbox=_rounded(p.box), confidence=cell.confidence))
    return PageTable(rows=fill_grid(anchors, n_rows, n_cols), page=page_no, bbox=_rounded(table.bbox))


def _band_lines(mask: np.ndarray, top: int, bottom: int, line_height: float | None) -> list[LineBox]:
    """Each inked line of a horizontal band, whole (titles and headings are one line each), narrowed
    to its characters; a line of mere specks or a rule's trace (a faint scan's noise) is none."""
    ink = mask[top:bottom] > 0
    band = CellInk(ink, (0, top), [])
    found = []
    for start, end in _runs(ink.sum(axis=1) > 1, MIN_INK_ROWS):
        columns = np.flatnonzero(ink[start:end].sum(axis=0))
        if columns.size == 0:
            continue
        line: LineBox | None = LineBox(int(columns[0]), top + start, int(columns[-1]) + 1, top + end)
        if line_height is not None:
            line = to_strokes(band, line, line_height)
        if line is not None:
            found.append(line)
    return found


def _outside_plan(image: PageImage, mask: np.ndarray, table_boxes: list[tuple[float, ...]],
                  line_height: float | None, crops: _Crops) -> list[tuple[float, slice]]:
    """Lines in the horizontal bands no table covers (headings, titles, page numbers): (top, crop)."""
    height = image.pixels.shape[0]
    covered = np.zeros(height, dtype=bool)
    for box in table_boxes:
        px = _to_px(box, image.scale)  # type: ignore[arg-type]
        covered[max(px[1] - 2, 0):px[3] + 2] = True
    inked = (mask > 0).sum(axis=1) > 0
    plan: list[tuple[float, slice]] = []
    for start, end in _runs(inked & ~covered, MIN_INK_ROWS):
        if int((mask[start:end] > 0).sum()) >= MIN_BAND_INK:
            plan.extend((line.top / image.scale, crops.add([_line_crop(image.pixels, line)]))
                        for line in _band_lines(mask, start, end, line_height))
    return plan


@dataclass(slots=True)
class PreparedPage:
    """A page with its tables found and every text line cropped, waiting for the recogniser."""

    page_no: int
    crops: list[np.ndarray]
    tables: list[tuple[_TablePlan, list[slice]]]
    lines: list[tuple[float, slice]]  # (top, crops) of the lines outside the tables
    fixes: tuple[tuple[str, str], ...]


def prepare_page(image: PageImage, page_no: int, settings: PdfSettings) -> PreparedPage:
    """Rules → tables → cells → line crops: everything before recognition (no OCR model needed)."""
    width, height = image.size_points
    ink = ink_mask(image.pixels)
    content = PageContent(width=width, height=height, edges=page_edges(image, ink))
    clean, mask = erase_rules(image.pixels, ink)
    text_image = PageImage(pixels=clean, scale=image.scale, skew_degrees=image.skew_degrees)
    tables = find_tables(content, settings)
    crops = _Crops()
    table_plans = [_table_plan(t, text_image, mask, settings) for t in tables]
    line_height = typical_line_height([ink for plan in table_plans for ink in plan[4]])
    cell_slices = _crop_cells(table_plans, clean, line_height, crops)
    line_plans = _outside_plan(text_image, mask, [tuple(t.bbox) for t in tables], line_height, crops)
    return PreparedPage(page_no, crops.images, list(zip(table_plans, cell_slices, strict=True)), line_plans,
                        image.fixes)


def finish_page(page: PreparedPage, read: list[Recognized]) -> list[Block]:
    """The page's tables and lines, top to bottom, from what the recogniser read in its crops."""
    placed: list[tuple[float, Block]] = [(plan[0].bbox[1], _build_table(plan, slices, read, page.page_no))
                                         for plan, slices in page.tables]
    for top, where in page.lines:
        line = _joined(read[where])
        if line.text.strip() and line.confidence >= MIN_LINE_CONFIDENCE:
            placed.append((top, TextLine(text=line.text.strip(), page=page.page_no)))
    return in_reading_order(placed, page.page_no)


def read_page_image(image: PageImage, page_no: int, settings: PdfSettings) -> list[Block]:
    """One page image's tables and lines, top to bottom."""
    page = prepare_page(image, page_no, settings)
    return finish_page(page, recognize_lines(page.crops))
