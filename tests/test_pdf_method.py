"""The reading method belongs to each record's own pages: in a PDF whose first page is a scan
and whose other pages have a text layer, only the scanned form's record says `pdf-ocr`."""

from __future__ import annotations

import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdfgen import PdfOptions, write_pdf  # noqa: E402
from test_generated_pdf import PdfCase, build  # noqa: E402

from jixiao import records_from_path  # noqa: E402
from jixiao.extract.model import ExtractedDocument  # noqa: E402

SCAN = Path(__file__).resolve().parents[1] / "samples" / "scans" / "pingluo-xlsx-scan.pdf"


def test_method_of_pages() -> None:
    document = ExtractedDocument(path="x.pdf", sha256="", method="pdf-text", page_methods={2: "pdf-ocr"})
    assert document.method_of([1]) == "pdf-text"
    assert document.method_of([2]) == "pdf-ocr"
    assert document.method_of([1, 2]) == "pdf-ocr"  # a record read partly by OCR says so


def test_a_scanned_page_does_not_relabel_the_text_pages(tmp_path: Path) -> None:
    built = build(PdfCase("lines-plain-s0", 0, "clean", PdfOptions(style="lines", seed=0)))
    text_pdf = write_pdf(built.layout, tmp_path / "text.pdf")
    writer = PdfWriter()
    writer.add_page(PdfReader(SCAN).pages[0])  # an image-only page: OCR'd under --ocr auto
    for page in PdfReader(text_pdf).pages:
        writer.add_page(page)
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as handle:
        writer.write(handle)
    records = records_from_path(mixed)
    assert [(r["project"]["name"], r["source"]["method"]) for r in records] == [
        ("城关镇老旧小区治安管理", "pdf-ocr"),
        *[(want.project["name"], "pdf-text") for want in built.expected],
    ]
