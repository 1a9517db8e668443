"""Where page images come from: PDF pages rendered by pdfium, or image files (PNG/JPEG/TIFF).

Each page is held to the scan budget (`budget.py`) before its pixels are made:
blank pages are never rendered for reading, large ones are rendered or scaled
down, degenerate page boxes are repaired from their content's extent, and image
frames too large to decode are not decoded. Each such step is a note on the page
(or, when the page cannot be read, its error)."""

from __future__ import annotations

import math
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image, ImageSequence, UnidentifiedImageError

from jixiao.errors import CorruptSourceError, OverBudgetError

from .budget import BUDGET, ScanBudget, decoded_bytes, dpi_said, is_blank
from .lines import PageImage, deskew
from .photo import even_light, grey_of, has_red_marks, paper_only, sheet_mask, square_up

OCR_DPI = 200  # enough for 10–12 pt text; the recogniser reads 48-pixel-high lines
LOW_DPI = 100  # below this, accuracy suffers: the record says so
POINTS_PER_INCH = 72.0
COLOUR_GLANCE = 4  # a PDF page is first rendered at least this many times smaller, in colour: blank? red?
GREY_MODES = frozenset({"1", "L", "LA", "I", "I;16", "F"})  # Pillow modes with no colour to look at
BLANK_NOTE = ("page_blank", "no ink on the page: not read")
Note = tuple[str, str]  # (warning code, message)
_DAMAGED_IMAGE = (OSError, ValueError, SyntaxError, EOFError, TypeError, IndexError, struct.error)  # Pillow's
def upright(pixels: np.ndarray, scale: float) -> PageImage:
    """The page ready to read: grey (red seals left out), light evened and plane squared up if it
    is a photo, then deskewed."""
    gray, red = grey_of(pixels)
    sheet, share = sheet_mask(gray)
    gray, light = even_light(gray, sheet)
    gray, background = paper_only(gray, sheet, share)
    gray, angle = square_up(gray)
    upright_gray, skew = deskew(gray)
    fixes = tuple((fix.code, fix.message) for fix in (red, background, light, angle) if fix is not None)
    return PageImage(pixels=upright_gray, scale=scale, skew_degrees=skew, fixes=fixes)


@dataclass(slots=True)
class PagePixels:
    """A page's pixels to read, with its pixels per point; or none (blank, or not readable in budget)."""

    pixels: np.ndarray | None
    scale: float
    notes: list[Note] = field(default_factory=list)
    error: str | None = None  # why the page cannot be read within the budget
    unloadable: str | None = None  # why pdfium cannot load the page at all (a broken page object)


def _box_text(box: tuple[float, float, float, float]) -> str:
    return "[" + " ".join(f"{v:g}" for v in box) + "]"


def _content_extent(page: pdfium.PdfPage) -> tuple[float, float, float, float] | None:
    boxes = []
    for obj in page.get_objects(max_depth=1):
        try:
            boxes.append(obj.get_bounds())
        except pdfium.PdfiumError:
            continue
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _repair_box(page: pdfium.PdfPage, budget: ScanBudget) -> tuple[list[Note], str | None]:
    """A degenerate page box replaced, for this render, by the extent its objects cover."""
    box = page.get_cropbox()
    if budget.side_ok(box[2] - box[0]) and budget.side_ok(box[3] - box[1]):
        return [], None
    extent = _content_extent(page)
    if extent is None:
        return [BLANK_NOTE], None
    if not (budget.side_ok(extent[2] - extent[0]) and budget.side_ok(extent[3] - extent[1])):
        return [], (f"the page box {_box_text(box)} is degenerate, and so is the extent of its content "
                    f"{_box_text(extent)}: not read")
    page.set_mediabox(*extent)
    page.set_cropbox(*extent)
    return [("page_box_repaired", f"the page box {_box_text(box)} is degenerate: read over the extent of its "
             f"content {_box_text(extent)}")], None


def _has_marks(page: pdfium.PdfPage) -> bool:
    """Whether the page draws anything at all: page objects or annotations."""
    return pdfium_raw.FPDFPage_CountObjects(page.raw) > 0 or pdfium_raw.FPDFPage_GetAnnotCount(page.raw) > 0


def render_pixels(document: pdfium.PdfDocument, index: int, dpi: int = OCR_DPI,
                  budget: ScanBudget | None = None) -> PagePixels:
    """A PDF page as pixels at `dpi` (less for a page over the pixel budget) — grey, or RGB when a quick
    look at a small render finds red marks on it (a seal) — and its pixels per point; no pixels for a
    blank page (no page object, or no ink on the small render) or one that cannot be read in budget."""
    budget = budget or BUDGET
    try:
        page = document[index]
    except pdfium.PdfiumError as error:
        return PagePixels(None, 0.0, unloadable=f"pdfium cannot load the page for OCR ({error})")
    try:
        notes, error = _repair_box(page, budget)
        if error is not None or notes == [BLANK_NOTE] or not _has_marks(page):
            return PagePixels(None, 0.0, notes or [BLANK_NOTE], error)
        width, height = page.get_size()
        wanted = dpi / POINTS_PER_INCH
        scale = budget.fit(width, height, wanted)
        glance = np.array(page.render(scale=budget.glance_scale(width, height, scale / COLOUR_GLANCE))
                          .to_pil().convert("RGB"))
        if is_blank(glance, budget):
            return PagePixels(None, scale, [*notes, BLANK_NOTE])
        if scale < wanted:
            notes.append(("page_scaled_down", f"the page ({width:.0f} × {height:.0f} pt) was read at "
                          f"{dpi_said(scale)}, not {dpi} dpi: over the budget of {budget.page_pixels:,} pixels"))
        if has_red_marks(glance):
            return PagePixels(np.array(page.render(scale=scale).to_pil().convert("RGB")), scale, notes)
        return PagePixels(np.array(page.render(scale=scale, grayscale=True).to_pil().convert("L")), scale, notes)
    finally:
        page.close()


def render_pdf_page(document: pdfium.PdfDocument, index: int, dpi: int = OCR_DPI) -> PageImage | None:
    rendered = render_pixels(document, index, dpi)
    return None if rendered.pixels is None else upright(rendered.pixels, rendered.scale)


def _dpi_from_size(size: tuple[int, int]) -> float:
    """A scan that does not say its dpi: guessed from its size as an A4 page, either way up."""
    return max(size) / 11.69


@dataclass(slots=True)
class Frame:
    """One frame of an image file, decoded within the budget (no pixels: blank or over budget)."""

    pixels: np.ndarray | None
    scale: float  # pixels per point
    dpi: float  # the dpi it was scanned at
    notes: list[Note] = field(default_factory=list)
    error: str | None = None


def _open_image(path: Path) -> Image.Image:
    """The image file opened (its header read); Pillow's own bomb warning left out: the budget decides."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(path)
    except Image.DecompressionBombError as error:
        raise OverBudgetError(f"an image too large to decode ({error})", str(path)) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise CorruptSourceError(f"not a readable image ({error})", str(path)) from error


def scan_dpi(image: Image.Image) -> float:
    try:
        said = float((image.info.get("dpi") or (0, 0))[0] or 0)
    except (TypeError, ValueError, IndexError):
        said = 0.0
    return said if math.isfinite(said) and said >= 1 else _dpi_from_size(image.size)


def _fitted_size(width: int, height: int, budget: ScanBudget) -> tuple[int, int]:
    factor = budget.fit(width, height, 1.0)
    return max(int(width * factor), 1), max(int(height * factor), 1)


def _decoded(frame: Image.Image, budget: ScanBudget) -> Image.Image | str:
    """The frame decoded, grey or RGB, at most the page budget's size; or why it is not."""
    width, height = frame.size
    if width < 1 or height < 1:
        return f"an image frame of {width} × {height} pixels: nothing to read"
    if frame.format == "JPEG" and width * height > budget.page_pixels:
        frame.draft("L" if frame.mode in GREY_MODES else "RGB", _fitted_size(width, height, budget))
    need = decoded_bytes(*frame.size, frame.mode)
    if need > budget.decode_bytes:
        return (f"an image frame of {width:,} × {height:,} pixels ({need >> 20:,} MiB decoded) is over the budget "
                f"of {budget.decode_bytes >> 20:,} MiB: not read")
    pixels = frame.convert("L" if frame.mode in GREY_MODES else "RGB")
    if pixels.width * pixels.height > budget.page_pixels:
        target = _fitted_size(pixels.width, pixels.height, budget)
        step = max(min(pixels.width // target[0], pixels.height // target[1]), 1)
        pixels = pixels.reduce(step) if step > 1 else pixels
        if pixels.width * pixels.height > budget.page_pixels:
            pixels = pixels.resize(target)
    return pixels


def _frame(frame: Image.Image, dpi: float, budget: ScanBudget, path: Path, number: int) -> Frame:
    width = frame.size[0]
    try:
        decoded = _decoded(frame, budget)
    except _DAMAGED_IMAGE as error:  # truncated or damaged image data
        raise CorruptSourceError(f"a damaged image ({error})", str(path), number) from error
    if isinstance(decoded, str):
        return Frame(None, 0.0, dpi, error=decoded)
    pixels = np.array(decoded)
    if is_blank(pixels, budget):
        return Frame(None, 0.0, dpi, [BLANK_NOTE])
    frame_dpi = dpi * decoded.width / width
    notes = []
    if decoded.width < width:
        notes.append(("page_scaled_down", f"the image ({width:,} pixels wide) was read at {decoded.width:,} "
                      f"pixels ({frame_dpi:.0f} dpi): over the budget of {budget.page_pixels:,} pixels"))
    return Frame(pixels, frame_dpi / POINTS_PER_INCH, dpi, notes)


def image_frames(path: Path, budget: ScanBudget | None = None) -> Iterator[Frame]:
    """Each frame of an image file as grey or RGB pixels within the budget, with its pixels per point and
    the dpi it was scanned at (guessed from an A4 size when the file does not say)."""
    budget = budget or BUDGET
    image = _open_image(path)
    with image:
        dpi = scan_dpi(image)
        frames = ImageSequence.Iterator(image)
        number = 0
        while True:
            number += 1
            try:
                frame = next(frames)
            except StopIteration:
                return
            except _DAMAGED_IMAGE as error:
                raise CorruptSourceError(f"a damaged image frame ({error})", str(path), number) from error
            yield _frame(frame, dpi, budget, path, number)


def image_pages(path: Path) -> Iterator[tuple[PageImage, float]]:
    """Each readable frame of an image file, upright, with the dpi it is read at."""
    for frame in image_frames(path):
        if frame.pixels is not None:
            yield upright(frame.pixels, frame.scale), frame.scale * POINTS_PER_INCH
