"""Scanned sources into the same `ExtractedDocument`: OCR'd PDF pages and image files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdfium2 as pdfium

from ..model import ExtractedDocument
from ..pdf.settings import PdfSettings
from .images import LOW_DPI, image_pages, render_pdf_page
from .lines import PageImage
from .reader import read_page_image


def _read_into(document: ExtractedDocument, image: PageImage, page_no: int, settings: PdfSettings) -> None:
    document.blocks.extend(read_page_image(image, page_no, settings))
    document.page_notes.extend((code, page_no, message) for code, message in image.fixes)


def ocr_pdf_page(path: Path, page_no: int, settings: PdfSettings, document: ExtractedDocument) -> None:
    """One PDF page rendered and read by OCR into `document`."""
    pdf = pdfium.PdfDocument(str(path), password=settings.password)
    try:
        image = render_pdf_page(pdf, page_no - 1)
    finally:
        pdf.close()
    _read_into(document, image, page_no, settings)


def read_image_file(path: Path, settings: PdfSettings | None = None) -> ExtractedDocument:
    """A PNG/JPEG/TIFF (multi-page TIFF: a page a frame) read by OCR."""
    settings = settings or PdfSettings()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    document = ExtractedDocument(path=str(path), sha256=digest, method="pdf-ocr")
    wanted = set(settings.pages or ())
    for page_no, (image, dpi) in enumerate(image_pages(path), start=1):
        document.n_pages = page_no
        if wanted and page_no not in wanted:
            continue
        if dpi < LOW_DPI:
            document.page_notes.append(("low_resolution", page_no, f"scanned at {dpi:.0f} dpi: below {LOW_DPI} dpi, "
                                        "OCR accuracy suffers"))
        _read_into(document, image, page_no, settings)
    return document
