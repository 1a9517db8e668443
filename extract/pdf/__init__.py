"""Born-digital PDFs → page tables: ruled tables found from the PDF's own rules."""

from .reader import read_pdf
from .settings import PdfSettings

__all__ = ["PdfSettings", "read_pdf"]
