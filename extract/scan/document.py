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

from jixiao.errors import OcrUnavailableError, PageOverBudgetError, PageUnreadableError

from ..model import ExtractedDocument
from ..pdf.settings import PdfSettings
from ..page_progress import reading_page
from .images import LOW_DPI, Frame, Note, PagePixels, image_frames, render_pixels, upright
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


def _skip_into(document: ExtractedDocument, page_no: int, notes: list[Note], error: str | None,
               unloadable: str | None = None) -> None:
    """A page not handed to the OCR (blank, not readable in budget, not loadable): said in the document."""
    document.page_notes.extend((code, page_no, message) for code, message in notes)
    if error is not None:
        document.page_errors.append(PageOverBudgetError(error, document.path, page_no))
    if unloadable is not None:
        document.page_errors.append(PageUnreadableError(unloadable, document.path, page_no))


_Ahead = tuple[PagePixels, "Future[PreparedPage] | None"]  # no future: nothing to read on the page


class PdfOcrPages:
    """The OCR pages of one PDF, read in page order; `read` prepares the page after it ahead."""

    def __init__(self, path: Path, settings: PdfSettings) -> None:
        self._path = path
        self._pdf: pdfium.PdfDocument | None = None  # opened for the first page OCR'd
        self._settings = settings
        self._ahead: dict[int, _Ahead] = {}

    def _document(self) -> pdfium.PdfDocument:
        """pdfium's copy of the PDF; a PDF only pdfminer could open cannot be rendered: no OCR for it."""
        if self._pdf is None:
            try:
                self._pdf = pdfium.PdfDocument(str(self._path), password=self._settings.password)
            except pdfium.PdfiumError as error:
                raise OcrUnavailableError(f"the page cannot be rendered for OCR ({error})", str(self._path)) from error
        return self._pdf

    def _submit(self, page_no: int) -> _Ahead:
        rendered = render_pixels(self._document(), page_no - 1)
        future = None
        if rendered.pixels is not None:
            future = _side_thread().submit(_prepared, rendered.pixels, rendered.scale, page_no, self._settings)
        self._ahead[page_no] = (rendered, future)
        return rendered, future

    def read(self, page_no: int, document: ExtractedDocument, next_page: int | None = None) -> None:
        """Page `page_no` read by OCR into `document`; `next_page` (if any) prepared meanwhile,
        on the guess that it is scanned too (a wrong guess costs one page's preparation)."""
        rendered, future = self._ahead.pop(page_no, None) or self._submit(page_no)
        for stale in [p for p in self._ahead if p < page_no]:
            _cancel(self._ahead.pop(stale)[1])
        if next_page is not None and next_page not in self._ahead:
            self._submit(next_page)
        _skip_into(document, page_no, rendered.notes, rendered.error, rendered.unloadable)
        if future is not None:
            _read_into(document, future.result())

    def close(self) -> None:
        futures = [future for _, future in self._ahead.values() if future is not None]
        for future in futures:
            future.cancel()
        for future in futures:
            if not future.cancelled():
                future.exception()  # let a running preparation end before its pixels' source goes
        self._ahead.clear()
        if self._pdf is not None:
            self._pdf.close()


def _cancel(future: Future[PreparedPage] | None) -> None:
    if future is not None:
        future.cancel()


def _frames(path: Path, wanted: set[int], document: ExtractedDocument) -> Iterator[tuple[int, Frame]]:
    """The frames to read, with pixels; the others (blank, over budget) said in the document."""
    for page_no, frame in enumerate(image_frames(path), start=1):
        document.n_pages = page_no
        reading_page(page_no)
        if wanted and page_no not in wanted:
            continue
        if frame.dpi < LOW_DPI:
            document.page_notes.append(("low_resolution", page_no, f"scanned at {frame.dpi:.0f} dpi: below "
                                        f"{LOW_DPI} dpi, OCR accuracy suffers"))
        _skip_into(document, page_no, frame.notes, frame.error)
        if frame.pixels is not None:
            yield page_no, frame


def read_image_file(path: Path, settings: PdfSettings | None = None) -> ExtractedDocument:
    """A PNG/JPEG/TIFF (multi-page TIFF: a page a frame) read by OCR."""
    settings = settings or PdfSettings()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    document = ExtractedDocument(path=str(path), sha256=digest, method="pdf-ocr")
    frames = _frames(path, set(settings.pages or ()), document)
    side = _side_thread()

    def prepared(item: tuple[int, Frame] | None) -> Future[PreparedPage] | None:
        if item is None:
            return None
        page_no, frame = item
        return side.submit(_prepared, frame.pixels, frame.scale, page_no, settings)

    current = prepared(next(frames, None))
    while current is not None:
        ahead = prepared(next(frames, None))  # decoded here, prepared on the side thread during recognition
        _read_into(document, current.result())
        current = ahead
    return document
