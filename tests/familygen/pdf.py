"""Family forms printed as born-digital PDFs with tests/pdfgen.py's drawing (STSong-Light text,
rules in one of its styles): the title and year line centred, then the form's grid; rows grow
to hold their wrapped text; page breaks fall inside the indicator block (forced where the text
renderers would put them, and wherever a page is full), a merged label cut by a break prints
its text on its first part only, and a cut level-3 cell prints its tail at the top of the next
page in a row of its own.

    pdf = write_family_pdf(printed, tmp_path / "x.pdf", FamilyPdfOptions(style="rects", breaks=2, split_cell=True))
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from pdfgen import (
    A4,
    ASCENT,
    FOOTERS,
    MARGIN,
    TITLE_SIZE,
    Layout,
    PageDraw,
    PdfOptions,
    TextRun,
    _centred,
    _rules,
    _text_block,
    cell_height,
)
from pdfgen import write_pdf as _write

from .grid import Cell, Grid
from .layouts import Printed
from .render import PrintOptions, plan_breaks

ROLE_WIDTH = {"section": 0.9, "level1": 1.3, "level2": 1.5, "level3": 2.6, "target": 1.7, "actual": 1.6,
              "weight": 0.8, "score": 0.8, "deviation": 2.4, "nature": 1.0, "value": 1.5, "unit": 1.0}
MIN_WIDTH = 58.0


@dataclass(frozen=True)
class FamilyPdfOptions:
    style: str = "lines"
    breaks: int = 1  # forced page breaks inside the indicator block
    split_cell: bool = False
    footer_numbers: bool = False
    font_size: float = 8.0
    seed: int = 0


def _widths(grid: Grid, page_w: float) -> list[float]:
    first = grid.body_rows()[0]
    weights = []
    for col in range(grid.n_cols):
        cell = grid.covering(first, col)
        weights.append(ROLE_WIDTH.get(cell.role, 1.0) / (cell.colspan if cell else 1))
    usable = page_w - 2 * MARGIN
    raw = [max(MIN_WIDTH, usable * w / sum(weights)) for w in weights]
    return [w * usable / sum(raw) for w in raw]


def _box_w(cell: Cell, col_x: list[float]) -> float:
    return col_x[cell.col + cell.colspan] - col_x[cell.col]


def _paginate(grid: Grid, heights: list[float], forced: set[int], top0: float, bottom: float
              ) -> list[tuple[int, float]]:
    out: list[tuple[int, float]] = []
    page, y = 0, top0
    for r, h in enumerate(heights):
        if (r in forced and y > MARGIN) or y + h > bottom:
            page, y = page + 1, MARGIN
        out.append((page, y))
        y += h
    return out


def _parts(cell: Cell, placed: list[tuple[int, float]]) -> list[list[int]]:
    parts: list[list[int]] = []
    for r in range(cell.row, cell.row + cell.rowspan):
        if not parts or placed[r][0] != placed[parts[-1][-1]][0]:
            parts.append([])
        parts[-1].append(r)
    return parts


def layout_family(printed: Printed, opts: FamilyPdfOptions) -> Layout:
    rng = random.Random(f"family-pdf:{opts.seed}")
    pdf_opts = PdfOptions(style=opts.style, font_size=opts.font_size, footer_numbers=opts.footer_numbers)
    grid, breaks = plan_breaks(printed.grid, rng, PrintOptions(page_breaks=opts.breaks, split_cell=opts.split_cell))
    width, height = (A4[1], A4[0]) if grid.n_cols >= 8 else A4
    widths = _widths(grid, width)
    col_x = [MARGIN]
    for w in widths:
        col_x.append(col_x[-1] + w)
    heights = [cell_height("", 10, pdf_opts) + 4.0] * grid.n_rows
    for c in grid.cells:
        if c.rowspan == 1:
            heights[c.row] = max(heights[c.row], cell_height(c.text, _box_w(c, col_x), pdf_opts))
    title, year_line = printed.lines_before[0].lstrip("# "), printed.lines_before[2]
    top0 = MARGIN + 26.0 + 20.0
    bottom = height - MARGIN - (12.0 if opts.footer_numbers else 0.0)
    for _ in range(100):
        placed = _paginate(grid, heights, set(breaks), top0, bottom)
        grown = False
        for c in grid.cells:
            if c.rowspan > 1 and c.text:
                part = _parts(c, placed)[0]
                need = cell_height(c.text, _box_w(c, col_x), pdf_opts)
                have = sum(heights[r] for r in part)
                if have < need - 1e-6:
                    heights[part[-1]] += need - have
                    grown = True
        if not grown:
            break
    n_pages = placed[-1][0] + 1
    pages = [PageDraw() for _ in range(n_pages)]
    _centred(pages[0], title, MARGIN, TITLE_SIZE, width)
    _centred(pages[0], year_line, MARGIN + 26.0, opts.font_size + 1, width)
    for p in range(n_pages):
        _draw_page(pages[p], grid, p, placed, heights, col_x, pdf_opts, rng)
    after = [t for t in printed.lines_after if t]
    if after:
        y = placed[-1][1] + heights[-1] + 8.0
        page = pages[-1]
        if y + 14 > bottom:
            pages.append(PageDraw())
            page, y = pages[-1], MARGIN
        page.runs.append(TextRun(MARGIN, y + ASCENT * opts.font_size, opts.font_size, after[0]))
    if opts.footer_numbers:
        shape = rng.choice(FOOTERS)
        for k, page in enumerate(pages):
            _centred(page, shape.format(n=k + 1, m=len(pages)), height - MARGIN + 14, opts.font_size, width)
    split = [0] if n_pages > 1 else []
    return Layout([], pdf_opts, width, height, pages, split, [(0, r) for r in breaks])


def _draw_page(draw: PageDraw, grid: Grid, page: int, placed: list[tuple[int, float]], heights: list[float],
               col_x: list[float], opts: PdfOptions, rng: random.Random) -> None:
    boxes = []
    for c in grid.cells:
        parts = _parts(c, placed)
        for k, part in enumerate(parts):
            if placed[part[0]][0] != page:
                continue
            box = (col_x[c.col], placed[part[0]][1], col_x[c.col + c.colspan],
                   placed[part[-1]][1] + heights[part[-1]])
            boxes.append((box, False, False))
            if k == 0 and c.text:
                wide = c.role in ("value", "deviation", "level3", "signoff") and len(c.text) > 8
                _text_block(draw, c.text, box, "left" if wide else "center", "middle", opts)
    if boxes:
        _rules(draw, boxes, [], opts, rng)


def write_family_pdf(printed: Printed, path: Path, opts: FamilyPdfOptions | None = None) -> Path:
    """One form's PDF (returns the path)."""
    return _write(layout_family(printed, opts or FamilyPdfOptions()), path)
