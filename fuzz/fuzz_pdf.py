"""Fuzz the PDF reader (pdfium, pdfminer fallback, text-layer check, tables, OCR of scanned pages).

    python fuzz/fuzz_pdf.py [-max_total_time=N] [corpus ...]
"""

from __future__ import annotations

from harness import Harness, run
from seeds import pdf_seeds

# Two pages an input: a mutation that spoils a font's ToUnicode map sends every page to OCR (legitimately:
# ten pages of the samples take a minute), and the fuzzer should spend its time on other inputs.
HARNESS = Harness(kind="pdf", suffixes=(".pdf",), seconds_per_input=60, pages=(1, 2),
                  modules=("jixiao.extract.pdf", "jixiao.extract.pdf.page", "jixiao.extract.pdf.pdfium_source",
                           "jixiao.extract.pdf.textlayer", "jixiao.extract.scan.document"))

if __name__ == "__main__":
    run(HARNESS, pdf_seeds)
