"""PDFs: born-digital pages by their text layer, scanned pages by OCR."""

from __future__ import annotations

from pathlib import Path

from jixiao.errors import CorruptSourceError

from ..model import ExtractedDocument
from ..options import ReadOptions
from . import SourceReader


def _sniff(head: bytes) -> bool:
    """The PDF header, at the start or after a little junk (the spec allows it in the first KiB);
    a text that merely quotes `%PDF` later on is not a PDF."""
    at = head.find(b"%PDF-", 0, 1024)
    return at == 0 or (0 < at and b"\n" not in head[:at].strip(b"\r\n"))


def _read(path: Path, options: ReadOptions) -> ExtractedDocument:
    from ..pdf import PdfSettings, read_pdf

    document = read_pdf(path, PdfSettings(password=options.password, pages=options.pages, engine=options.engine,
                                          ocr=options.ocr))
    if document.n_pages == 0:  # a text with a PDF's header and trailer pasted in opens as a PDF of no page
        raise CorruptSourceError("not a readable PDF (it holds no page)", str(path))
    return document


READER = SourceReader(kind="pdf", suffixes=frozenset({".pdf"}), sniff=_sniff, read=_read, priority=10)
