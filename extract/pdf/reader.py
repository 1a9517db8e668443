"""PDF with a text layer → `ExtractedDocument` (method `pdf-text`).

page → text-layer verdict → ruled tables (pdfplumber's edges → intersections →
cells) → cell boxes laid on a grid with spans → each char into the cell under
its centre → cell text → page tables and the text lines around them, in
reading order. Tables that continue on the next page are the merge stage's
business, as for every other source.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils import extract_text
from pdfplumber.utils.exceptions import PdfminerException

from jixiao.errors import CorruptSourceError, EncryptedSourceError, PageUnreadableError, SourceError

from ..grid import Box, GridPlacement, boxes_to_placements, fill_grid
from ..model import Block, Cell, ExtractedDocument, PageTable, TextLine
from .clipping import ClippedGlyphs, clipped_glyphs
from .textlayer import judge_text_layer


FULL_COVERAGE = 0.99  # share of a table's box its cells must cover before it is read as whole


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Every tolerance of the PDF reader, in PDF points, validated once."""

    password: str | None = None
    pages: tuple[int, ...] | None = None  # 1-based page numbers; None: all
    snap_tolerance: float = 3.0  # rules closer than this are one rule (doubled rules, thin rectangles)
    join_tolerance: float = 3.0  # collinear rule pieces with gaps below this are one rule
    intersection_tolerance: float = 3.0
    edge_min_length: float = 3.0
    grid_tolerance: float = 2.0  # cell edges closer than this are one grid line
    x_tolerance: float = 1.5  # a gap wider than this between two chars on a line is a space
    y_tolerance: float = 3.0  # chars whose tops differ less than this are on one line
    min_cells: int = 4  # fewer cells than this is a box, not a table
    extra: dict[str, Any] = field(default_factory=dict)  # passed through to pdfplumber's table settings

    def __post_init__(self) -> None:
        for name in ("snap_tolerance", "join_tolerance", "intersection_tolerance", "edge_min_length",
                     "grid_tolerance", "x_tolerance", "y_tolerance"):
            if getattr(self, name) < 0:
                raise ValueError(f"PdfSettings.{name} must be ≥ 0")
        if self.pages is not None and any(p < 1 for p in self.pages):
            raise ValueError("PdfSettings.pages are 1-based")

    def table_settings(self) -> dict[str, Any]:
        return {
            "vertical_strategy": "lines",
            "horizontal_strategy": "lines",
            "snap_tolerance": self.snap_tolerance,
            "join_tolerance": self.join_tolerance,
            "intersection_tolerance": self.intersection_tolerance,
            "edge_min_length": self.edge_min_length,
            **self.extra,
        }


@contextmanager
def open_pdf(path: Path, password: str | None) -> Iterator[pdfplumber.PDF]:
    """pdfplumber's PDF, with the ways opening fails turned into typed errors."""
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError, PDFSyntaxError, PSException,
            ValueError, KeyError, TypeError) as error:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            said = "the password is wrong" if password else "the PDF is encrypted: give --password"
            raise EncryptedSourceError(said, str(path)) from error
        raise CorruptSourceError(f"not a readable PDF ({type(cause).__name__}: {cause})", str(path)) from error
    try:
        yield pdf
    finally:
        pdf.close()


@contextmanager
def _open_pdfium(path: Path, password: str | None) -> Iterator[pdfium.PdfDocument | None]:
    """pdfium's view of the same file, for clip paths; None where pdfium cannot open it."""
    try:
        document = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError:
        yield None
        return
    try:
        yield document
    finally:
        document.close()


# --- one page -----------------------------------------------------------------------------------


def _centre(char: dict[str, Any]) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def _anchor(char: dict[str, Any], clips: ClippedGlyphs) -> tuple[float, float]:
    """Where a char shows: its centre; a clipped glyph is moved into its clip region, along
    each axis where it lies outside it (Calc clips a cell's text to the row band it shows in)."""
    cx, cy = _centre(char)
    clip = clips.clip_of(char["text"], cx, cy) if clips else None
    if clip is None:
        return cx, cy
    x = cx if clip[0] <= cx <= clip[2] else (clip[0] + clip[2]) / 2
    y = cy if clip[1] <= cy <= clip[3] else (clip[1] + clip[3]) / 2
    return x, y


def _with_anchor(char: dict[str, Any], clips: ClippedGlyphs) -> dict[str, Any]:
    anchor = _anchor(char, clips)
    return {**char, "_anchor": anchor, "_hidden": anchor != _centre(char)}


def _char_cells(chars: list[dict[str, Any]], placements: list[GridPlacement], xs: list[float],
                ys: list[float]) -> dict[int, list[dict[str, Any]]]:
    """Chars grouped by the placement whose box holds their centre (placement index → chars)."""
    owner: dict[tuple[int, int], int] = {}
    for k, p in enumerate(placements):
        for r in range(p.row, p.row + p.rowspan):
            for c in range(p.col, p.col + p.colspan):
                owner[(r, c)] = k
    grouped: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        cx, cy = char["_anchor"]
        cell = owner.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
        if cell is not None:
            grouped.setdefault(cell, []).append(char)
    return grouped


def _cell_text(chars: list[dict[str, Any]], settings: PdfSettings) -> str:
    if not chars:
        return ""
    return str(extract_text(chars, x_tolerance=settings.x_tolerance, y_tolerance=settings.y_tolerance))


def _table_cells(boxes: list[Box], chars: list[dict[str, Any]], page_no: int,
                 settings: PdfSettings) -> list[list[Cell]]:
    placements, xs, ys = boxes_to_placements(boxes, settings.grid_tolerance)
    grouped = _char_cells(chars, placements, xs, ys)
    anchors = [
        Cell(
            text=_cell_text(grouped.get(k, []), settings),
            row=p.row,
            col=p.col,
            page=page_no,
            rowspan=p.rowspan,
            colspan=p.colspan,
            bbox=_rounded(p.box),
        )
        for k, p in enumerate(placements)
    ]
    return fill_grid(anchors, len(ys) - 1, len(xs) - 1)


def _rounded(box: Box) -> Box:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def _inside(char: dict[str, Any], box: Box) -> bool:
    cx, cy = char["_anchor"]
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _text_lines(chars: list[dict[str, Any]], page_no: int, settings: PdfSettings) -> list[tuple[float, TextLine]]:
    """Lines of the chars outside every table, with their top, for reading order."""
    lines: list[tuple[float, TextLine]] = []
    for chars_of_line in _group_lines(chars, settings.y_tolerance):
        text = _cell_text(chars_of_line, settings).strip()
        if text:
            top = min(c["top"] for c in chars_of_line)
            lines.append((top, TextLine(text=text, page=page_no)))
    return lines


def _group_lines(chars: list[dict[str, Any]], y_tolerance: float) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(lines[-1][0]["top"] - char["top"]) <= y_tolerance:
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


def _coverage(table: Any) -> float:
    x0, top, x1, bottom = table.bbox
    area = (x1 - x0) * (bottom - top)
    return sum((c[2] - c[0]) * (c[3] - c[1]) for c in table.cells) / area if area else 1.0


def _find_tables(page: Any, settings: PdfSettings) -> list[Any]:
    """Ruled tables; a table cut by a page break is closed along its cut edge first.

    At a break the merged cells running across it have no rule on the cut edge
    (Calc, Word), so no cell forms there and their labels would be lost. Where
    the cells found do not cover a table's box, the box's top and bottom are
    added as rules and the page is read again.
    """
    tables = [t for t in page.find_tables(settings.table_settings()) if len(t.cells) >= settings.min_cells]
    if all(_coverage(t) >= FULL_COVERAGE for t in tables):
        return tables
    closing = sorted({round(v, 2) for t in tables for v in (t.bbox[1], t.bbox[3])})
    again = {**settings.table_settings(), "explicit_horizontal_lines": closing}
    return [t for t in page.find_tables(again) if len(t.cells) >= settings.min_cells]


def read_page(page: Any, page_no: int, settings: PdfSettings, clips: ClippedGlyphs | None = None) -> list[Block]:
    """One page's tables and lines, top to bottom."""
    clips = clips or ClippedGlyphs([])
    chars = [_with_anchor(c, clips) for c in page.chars]
    tables = _find_tables(page, settings)
    placed: list[tuple[float, Block]] = []
    table_boxes = [tuple(t.bbox) for t in tables]
    for table, box in zip(tables, table_boxes, strict=True):
        table_chars = [c for c in chars if _inside(c, box)]
        rows = _table_cells([tuple(cell) for cell in table.cells], table_chars, page_no, settings)
        placed.append((box[1], PageTable(rows=rows, page=page_no, bbox=_rounded(box))))
    # a clipped glyph outside every table shows nowhere: it is not text of the page
    loose = [c for c in chars if not c["_hidden"] and not any(_inside(c, box) for box in table_boxes)]
    placed.extend(_text_lines(loose, page_no, settings))
    placed.sort(key=lambda item: item[0])
    blocks = [block for _, block in placed]
    first_table = next((i for i, b in enumerate(blocks) if isinstance(b, PageTable)), None)
    if first_table is not None and page_no > 1:
        table = blocks[first_table]
        assert isinstance(table, PageTable)
        table.break_before = True
    return blocks


# --- the document -----------------------------------------------------------------------------------


def _page_numbers(n_pages: int, wanted: tuple[int, ...] | None) -> list[int]:
    if wanted is None:
        return list(range(1, n_pages + 1))
    return [p for p in wanted if p <= n_pages]


def read_pdf(path: Path, settings: PdfSettings | None = None) -> ExtractedDocument:
    settings = settings or PdfSettings()
    data = path.read_bytes()
    document = ExtractedDocument(path=str(path), sha256=hashlib.sha256(data).hexdigest(), method="pdf-text")
    with open_pdf(path, settings.password) as pdf, _open_pdfium(path, settings.password) as pdfium_doc:
        try:
            n_pages = len(pdf.pages)
        except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
            raise CorruptSourceError(f"the page tree cannot be read ({error})", str(path)) from error
        document.n_pages = n_pages
        for page_no in _page_numbers(n_pages, settings.pages):
            page = pdf.pages[page_no - 1]
            try:
                verdict = judge_text_layer(c["text"] for c in page.chars)
                if not verdict.usable:
                    document.page_errors.append(PageUnreadableError(verdict.reason or "", str(path), page_no))
                    continue
                clips = clipped_glyphs(pdfium_doc[page_no - 1]) if pdfium_doc is not None else None
                document.blocks.extend(read_page(page, page_no, settings, clips))
            except SourceError:
                raise
            except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
                raise CorruptSourceError(f"damaged page ({type(error).__name__}: {error})", str(path), page_no) from error
            finally:
                page.close()
    return document
