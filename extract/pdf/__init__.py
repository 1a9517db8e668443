"""Born-digital PDFs → page tables: ruled tables found from the PDF's own rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .settings import PdfSettings

if TYPE_CHECKING:
    from .reader import read_pdf

__all__ = ["PdfSettings", "read_pdf"]


def __getattr__(name: str) -> Any:
    """`read_pdf` imported when first asked for: pdfplumber, pdfium and the scan reader take a quarter
    of a second, which the text path and `jixiao --help` (the CLI imports `settings`) do without."""
    if name == "read_pdf":
        from .reader import read_pdf

        return read_pdf
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
