"""PDF with a text layer → `ExtractedDocument` (method `pdf-text`; OCR'd pages `pdf-ocr` in page_methods).

file → pages (pdfium, in C++; pdfminer through pdfplumber where pdfium cannot
open a file) → text-layer verdict per page → `read_page` → blocks in reading
order. Tables that continue on the next page are the merge stage's business,
as for every other source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from jixiao.errors import CorruptSourceError, EncryptedSourceError, OcrUnavailableError, PageUnreadableError

from ..model import ExtractedDocument
from ..scan.document import PdfOcrPages
from ..page_progress import reading_page
from .camelot_engine import camelot_tables
from .fonts import configure_pdfium
from .ink import cells_with_unread_ink, describe
from .page import TableGeometry, read_page
from .pdfium_source import PageContent, read_page_content
from .settings import PdfSettings
from .textlayer import TextLayerVerdict, is_ocr_layer, judge_ocr_layer, judge_text_layer

PageSource = tuple[int, Callable[[int], PageContent]]  # page count, 0-based index → content
_PDFMINER_ERRORS = (PdfminerException, MalformedPDFException, PDFPasswordIncorrect, PDFEncryptionError,
                    PDFSyntaxError, PSException, ValueError, KeyError, TypeError)


def _encrypted(path: Path, password: str | None) -> EncryptedSourceError:
    said = "the password is wrong" if password else "the PDF is encrypted: give --password"
    return EncryptedSourceError(said, str(path))


def _moved(obj: dict[str, Any], dx: float, dy: float) -> dict[str, Any]:
    return {**obj, "x0": obj["x0"] + dx, "x1": obj["x1"] + dx, "top": obj["top"] + dy,
            "bottom": obj["bottom"] + dy, "doctop": obj.get("doctop", obj["top"]) + dy}


def _plumber_content(page: Any) -> PageContent:
    """The same facts from pdfminer, for files pdfium cannot open (or glyphs it lost). pdfplumber
    puts the visible page's top-left corner at its MediaBox's corner: moved to 0, 0 as pdfium's."""
    x0, top = float(page.bbox[0]), float(page.bbox[1])
    chars = [{**_moved(c, -x0, -top), "_clip": None} for c in page.chars]
    cids = sum(c["text"].startswith("(cid:") for c in chars)
    return PageContent(width=float(page.width), height=float(page.height), chars=chars,
                       edges=[_moved(e, -x0, -top) for e in page.edges], unmapped=cids)


@contextmanager
def _plumber_pages(path: Path, password: str | None) -> Iterator[PageSource]:
    try:
        pdf = pdfplumber.open(path, password=password or "")
        count = len(pdf.pages)
    except _PDFMINER_ERRORS as error:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise _encrypted(path, password) from error
        raise CorruptSourceError(f"not a readable PDF ({type(cause).__name__}: {cause})", str(path)) from error
    try:
        yield count, lambda index: _plumber_content(pdf.pages[index])
    finally:
        pdf.close()


@contextmanager
def open_pages(path: Path, password: str | None) -> Iterator[PageSource]:
    """The pages of a PDF, from pdfium; from pdfminer if pdfium cannot open the file."""
    configure_pdfium()
    try:
        document = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise _encrypted(path, password) from error
        with _plumber_pages(path, password) as pages:
            yield pages
        return

    def content(index: int) -> PageContent:
        page = document[index]
        try:
            return read_page_content(page)
        finally:
            page.close()

    try:
        yield len(document), content
    finally:
        document.close()


def _non_blank(content: PageContent) -> int:
    return sum(not c["text"].isspace() for c in content.chars)


class _Rereader:
    """pdfminer's reading of a page whose glyphs pdfium lost: the PDF opened once, when first needed."""

    def __init__(self, path: Path, password: str | None, stack: ExitStack) -> None:
        self.path, self.password, self.stack = path, password, stack
        self._pages: PageSource | None = None

    def reread(self, content: PageContent, page_no: int) -> tuple[PageContent, tuple[str, int, str] | None]:
        """The page as pdfminer reads it when pdfminer finds more glyphs, with the note to make."""
        lost = f"pdfium left out {content.dropped} text objects of a font neither embedded nor installed"
        try:
            if self._pages is None:
                self._pages = self.stack.enter_context(_plumber_pages(self.path, self.password))
            again = self._pages[1](page_no - 1)
        except (CorruptSourceError, EncryptedSourceError, *_PDFMINER_ERRORS) as error:
            return content, ("glyphs_missing", page_no, f"{lost}, and pdfminer could not read the page "
                             f"({type(error).__name__}): its text may be incomplete")
        found = _non_blank(again) - _non_blank(content)
        if found <= 0:  # the objects were blanks
            return content, None
        return again, ("glyphs_missing", page_no, f"{lost}: the page was read through pdfminer, "
                       f"which found {found} more glyphs (boxes from pdfminer, clips not applied)")


def _ocr_layer_to_redo(content: PageContent) -> TextLayerVerdict | None:
    """The verdict on a scan's own OCR layer when it should be OCR'd again; None otherwise."""
    texts = [c["text"] for c in content.chars if not c["text"].isspace()]
    if not is_ocr_layer(len(texts), content.hidden, content.image_cover):
        return None
    verdict = judge_ocr_layer(texts, has_rules=bool(content.edges))
    return None if verdict.usable else verdict


def _page_numbers(n_pages: int, wanted: tuple[int, ...] | None) -> list[int]:
    if wanted is None:
        return list(range(1, n_pages + 1))
    return [p for p in wanted if p <= n_pages]


def _camelot(path: Path, pages: list[int], settings: PdfSettings) -> dict[int, list[TableGeometry]]:
    document = pdfium.PdfDocument(str(path), password=settings.password)
    try:
        heights = {p: document.get_page_size(p - 1)[1] for p in pages}
    finally:
        document.close()
    return camelot_tables(path, pages, heights, settings.password)


class _Ocr:
    """The OCR reader of the PDF's pages, opened when a page first needs it."""

    def __init__(self, path: Path, settings: PdfSettings, stack: ExitStack, wanted: list[int]) -> None:
        self.path, self.settings, self.stack, self.wanted = path, settings, stack, wanted
        self._pages: PdfOcrPages | None = None

    def read(self, page_no: int, document: ExtractedDocument) -> OcrUnavailableError | None:
        """OCR a page into the document; the error when OCR is not to be had."""
        if self._pages is None:
            self._pages = self.stack.enter_context(closing(PdfOcrPages(self.path, self.settings)))
        k = self.wanted.index(page_no)
        try:
            self._pages.read(page_no, document, self.wanted[k + 1] if k + 1 < len(self.wanted) else None)
        except OcrUnavailableError as error:
            return error
        document.page_methods[page_no] = "pdf-ocr"
        return None


def read_pdf(path: Path, settings: PdfSettings | None = None) -> ExtractedDocument:
    settings = settings or PdfSettings()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    document = ExtractedDocument(path=str(path), sha256=digest, method="pdf-text")
    fonts = configure_pdfium()
    with open_pages(path, settings.password) as (n_pages, content_of), ExitStack() as stack:
        document.n_pages = n_pages
        wanted = list(_page_numbers(n_pages, settings.pages))
        engine_tables = _camelot(path, wanted, settings) if settings.engine == "camelot" else None
        ocr = _Ocr(path, settings, stack, wanted)
        rereader = _Rereader(path, settings.password, stack)
        for page_no in wanted:
            reading_page(page_no)
            try:
                content = content_of(page_no - 1)
            except (pdfium.PdfiumError, *_PDFMINER_ERRORS) as error:
                raise CorruptSourceError(f"damaged page ({type(error).__name__}: {error})", str(path), page_no) from error
            if content.dropped and not fonts.fallback_works:  # else the objects left out are blanks
                content, note = rereader.reread(content, page_no)
                document.page_notes.extend([note] if note else [])
            verdict = judge_text_layer((c["text"] for c in content.chars), content.unmapped)
            redo = _ocr_layer_to_redo(content) if verdict.usable else None
            if settings.ocr == "always" or (settings.ocr == "auto" and (not verdict.usable or redo)):
                failed = ocr.read(page_no, document)
                if failed is None:
                    continue
                if not verdict.usable:  # else the scan's own OCR layer is read as it is
                    verdict = TextLayerVerdict(False, f"{verdict.reason or 'OCR asked for'}; {failed.message}")
            if not verdict.usable:
                document.page_errors.append(PageUnreadableError(verdict.reason or "", str(path), page_no))
                continue
            tables = engine_tables.get(page_no, []) if engine_tables is not None else None
            blocks = read_page(content, page_no, settings, tables)
            unread = cells_with_unread_ink(content, blocks)
            if unread:
                said = _read_ink(content, page_no, settings, document, ocr)
                document.page_notes.append(("ink_unread", page_no, f"{describe(unread)}: {said}"))
                if said == OCR_DONE:
                    continue
            document.blocks.extend(blocks)
    return document


OCR_DONE = "the page was OCR'd"


def _read_ink(content: PageContent, page_no: int, settings: PdfSettings, document: ExtractedDocument,
              ocr: _Ocr) -> str:
    """OCR a page whose cells hold ink no text covers, when OCR can read the page; what was done."""
    if settings.ocr != "auto":
        return "their text may be missing (OCR is off)"
    if not content.renders_text:  # its CJK text would render as the fallback font's dots
        return "their text may be missing (the page's text is in fonts it does not embed: not OCR'd)"
    failed = ocr.read(page_no, document)
    return OCR_DONE if failed is None else f"their text may be missing ({failed.message})"
