"""Page images (PNG, JPEG, multi-page TIFF), read by OCR."""

from __future__ import annotations

from pathlib import Path

from jixiao.errors import UnsupportedSourceError

from ..model import ExtractedDocument
from ..options import ReadOptions
from . import SourceReader

_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def _read(path: Path, options: ReadOptions) -> ExtractedDocument:
    if options.ocr == "never":
        raise UnsupportedSourceError("a page image can only be read by OCR (--ocr never was given)", str(path))
    from ..pdf.settings import PdfSettings
    from ..scan.document import read_image_file

    return read_image_file(path, PdfSettings(pages=options.pages))


READER = SourceReader(
    kind="image",
    suffixes=frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"}),
    sniff=lambda head: head.startswith(_MAGIC),
    read=_read,
    priority=20,
)
