"""Scanned sources into the same `ExtractedDocument`: OCR'd PDF pages and image files.

Pages are read as a two-stage pipeline: while one page's lines are recognised
(on the OCR threads), the next page is uprighted and its rules, cells and line
crops found on a side thread (OpenCV work, which lets go of the GIL). Pixels
come from pdfium and Pillow on the calling thread only: neither is thread-safe.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from ..model import ExtractedDocument
from ..pdf.settings import PdfSettings
from .images import LOW_DPI, image_frames, render_pixels, upright
from .ocr import recognize_lines
from .reader import PreparedPage, finish_page, prepare_page


@lru_cache(maxsize=1)
def _side_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="jixiao-prepare")


def _prepared(pixels: np.ndarray, scale: float, page_no: int, settings: PdfSettings) -> PreparedPage:
    return prepare_page(upright(pixels, scale), page_no, settings)


def _read_into(document: ExtractedDocument, page: PreparedPage) -> None:
    document.blocks.extend(finish_page(page, recognize_lines(page.crops)))
    document.page_notes.extend((code, page.page_no, message) for code, message in page.fixes)
    _give_back_memory()


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


def _give_back_memory() -> None:
    """The freed page buffers handed back to the system (a trim costs about a millisecond): freed
    on several threads, they otherwise stay with glibc's arenas and a long scan's peak grows."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class PdfOcrPages:
    """The OCR pages of one PDF, read in page order; `read` prepares the page after it ahead."""

    def __init__(self, path: Path, settings: PdfSettings) -> None:
        self._pdf = pdfium.PdfDocument(str(path), password=settings.password)
        self._settings = settings
        self._ahead: dict[int, Future[PreparedPage]] = {}

    def _submit(self, page_no: int) -> Future[PreparedPage]:
        pixels, scale = render_pixels(self._pdf, page_no - 1)
        future = _side_thread().submit(_prepared, pixels, scale, page_no, self._settings)
        self._ahead[page_no] = future
        return future

    def read(self, page_no: int, document: ExtractedDocument, next_page: int | None = None) -> None:
        """Page `page_no` read by OCR into `document`; `next_page` (if any) prepared meanwhile,
        on the guess that it is scanned too (a wrong guess costs one page's preparation)."""
        future = self._ahead.pop(page_no, None) or self._submit(page_no)
        for stale in [p for p in self._ahead if p < page_no]:
            self._ahead.pop(stale).cancel()
        if next_page is not None and next_page not in self._ahead:
            self._submit(next_page)
        _read_into(document, future.result())

    def close(self) -> None:
        for future in self._ahead.values():
            future.cancel()
        for future in self._ahead.values():
            if not future.cancelled():
                future.exception()  # let a running preparation end before its pixels' source goes
        self._ahead.clear()
        self._pdf.close()


def _frames(path: Path, wanted: set[int], document: ExtractedDocument) -> Iterator[tuple[int, np.ndarray, float]]:
    for page_no, (gray, scale, dpi) in enumerate(image_frames(path), start=1):
        document.n_pages = page_no
        if wanted and page_no not in wanted:
            continue
        if dpi < LOW_DPI:
            document.page_notes.append(("low_resolution", page_no, f"scanned at {dpi:.0f} dpi: below {LOW_DPI} dpi, "
                                        "OCR accuracy suffers"))
        yield page_no, gray, scale


def read_image_file(path: Path, settings: PdfSettings | None = None) -> ExtractedDocument:
    """A PNG/JPEG/TIFF (multi-page TIFF: a page a frame) read by OCR."""
    settings = settings or PdfSettings()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    document = ExtractedDocument(path=str(path), sha256=digest, method="pdf-ocr")
    frames = _frames(path, set(settings.pages or ()), document)
    side = _side_thread()
    first = next(frames, None)
    current = side.submit(_prepared, first[1], first[2], first[0], settings) if first else None
    while current is not None:
        following = next(frames, None)  # decoded here, prepared on the side thread during recognition
        ahead = side.submit(_prepared, following[1], following[2], following[0], settings) if following else None
        _read_into(document, current.result())
        current = ahead
    return document
