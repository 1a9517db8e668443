"""Where page images come from: PDF pages rendered by pdfium, or image files (PNG/JPEG/TIFF)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageSequence, UnidentifiedImageError

from jixiao.errors import CorruptSourceError

from .lines import PageImage, deskew
from .photo import even_light, grey_of, has_red_marks, paper_only, sheet_mask, square_up

OCR_DPI = 200  # enough for 10–12 pt text; the recogniser reads 48-pixel-high lines
LOW_DPI = 100  # below this, accuracy suffers: the record says so
MAX_PIXELS = 12_000 * 12_000  # a larger image is scaled down: bounded memory
POINTS_PER_INCH = 72.0
COLOUR_GLANCE = 4  # a PDF page is first rendered this many times smaller, in colour, to look for red
GREY_MODES = frozenset({"1", "L", "LA", "I", "I;16", "F"})  # Pillow modes with no colour to look at


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


def render_pixels(document: pdfium.PdfDocument, index: int, dpi: int = OCR_DPI) -> tuple[np.ndarray, float]:
    """A PDF page as pixels at `dpi` (less for a huge page) — grey, or RGB when a quick look at a
    small render finds red marks on it (a seal) — and its pixels per point."""
    page = document[index]
    try:
        width, height = page.get_size()
        scale = dpi / POINTS_PER_INCH
        if width * height * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (width * height)) ** 0.5
        glance = np.array(page.render(scale=scale / COLOUR_GLANCE).to_pil().convert("RGB"))
        if has_red_marks(glance):
            return np.array(page.render(scale=scale).to_pil().convert("RGB")), scale
        return np.array(page.render(scale=scale, grayscale=True).to_pil().convert("L")), scale
    finally:
        page.close()


def render_pdf_page(document: pdfium.PdfDocument, index: int, dpi: int = OCR_DPI) -> PageImage:
    return upright(*render_pixels(document, index, dpi))


def _dpi_from_size(size: tuple[int, int]) -> float:
    """A scan that does not say its dpi: guessed from its size as an A4 page, either way up."""
    return max(size) / 11.69


def image_frames(path: Path) -> Iterator[tuple[np.ndarray, float, float]]:
    """Each frame of an image file as grey or RGB pixels, with its pixels per point and the dpi it was
    scanned at (guessed from an A4 size when the file does not say)."""
    try:
        image = Image.open(path)
    except (UnidentifiedImageError, OSError) as error:
        raise CorruptSourceError(f"not a readable image ({error})", str(path)) from error
    with image:
        dpi = float((image.info.get("dpi") or (0, 0))[0] or 0) or _dpi_from_size(image.size)
        for frame in ImageSequence.Iterator(image):
            pixels = frame.convert("L" if frame.mode in GREY_MODES else "RGB")
            frame_dpi = dpi
            if pixels.width * pixels.height > MAX_PIXELS:
                factor = (MAX_PIXELS / (pixels.width * pixels.height)) ** 0.5
                pixels = pixels.resize((int(pixels.width * factor), int(pixels.height * factor)))
                frame_dpi = dpi * factor
            yield np.array(pixels), frame_dpi / POINTS_PER_INCH, frame_dpi


def image_pages(path: Path) -> Iterator[tuple[PageImage, float]]:
    """Each frame of an image file, upright, with the dpi it was scanned at."""
    for gray, scale, dpi in image_frames(path):
        yield upright(gray, scale), dpi
