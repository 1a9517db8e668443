"""Born-digital PDFs → page tables: ruled tables found from the PDF's own rules."""

from .reader import PdfSettings, read_pdf

__all__ = ["PdfSettings", "read_pdf"]
