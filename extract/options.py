"""What a user can say about how sources are read, for every reader."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What a user can say about how sources are read."""

    password: str | None = None
    pages: tuple[int, ...] | None = None  # PDFs: 1-based pages to read; None: all
    engine: str = "pdfplumber"  # PDFs: the table engine (pdfplumber, camelot)
    ocr: str = "auto"  # auto: OCR pages without a usable text layer; always; never
