"""Seed inputs of the fuzz harnesses: the samples, and small files made like the tests' generated ones.

Seeds are kept small (a few kB to ~100 kB): libFuzzer mutates them millions of times, and
the larger an input, the fewer runs a second."""

from __future__ import annotations

import io
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT / "tests"))  # the tests' generators of dumps and PDFs


def text_seeds() -> Iterator[tuple[str, bytes]]:
    from generator import Distortions, random_document, render_html, render_markdown, render_tsv

    for path in sorted(SAMPLES.glob("*.txt")):
        yield path.name, path.read_bytes()
    opts = Distortions(page_breaks=1, page_numbers=True, split_cell=True, repeated_header=True)
    for k, render in enumerate((render_tsv, render_markdown, render_html)):
        forms = random_document(random.Random(k), "clean", n_forms=1)
        text, _ = render(forms, random.Random(k), opts)
        yield f"generated-{render.__name__}.txt", text.encode("utf-8")
    forms = random_document(random.Random(7), "clean", n_forms=1)
    yield "generated-gb18030.txt", render_tsv(forms, random.Random(7), Distortions())[0].encode("gb18030")
    yield "generated-utf16.txt", render_tsv(forms, random.Random(7), Distortions())[0].encode("utf-16")


def _tiny_pdfs() -> Iterator[tuple[str, bytes]]:
    import tempfile

    from badinput import tiny_pdf

    grid = b"0 0 0 RG 1 w 50 700 m 550 700 l 50 650 m 550 650 l 50 600 m 550 600 l 50 600 m 50 700 l " \
           b"300 600 m 300 700 l 550 600 m 550 700 l S BT /F1 12 Tf 60 670 Td (Name) Tj 250 0 Td (42) Tj ET"
    with tempfile.TemporaryDirectory() as folder:
        for name, boxes, content in (("grid.pdf", ["0 0 595 842"], grid), ("blank.pdf", ["0 0 595 842"], b""),
                                     ("inverted-box.pdf", ["0 0 595 -842"], b"0 0 0 rg 100 100 200 200 re f")):
            yield name, tiny_pdf(Path(folder) / name, boxes, content).read_bytes()


def pdf_seeds() -> Iterator[tuple[str, bytes]]:
    import tempfile

    from generator import random_document
    from pdfgen import PdfOptions, layout_document, write_pdf

    for path in sorted((SAMPLES / "pdf").glob("*.pdf")):
        yield path.name, path.read_bytes()
    yield from _tiny_pdfs()
    with tempfile.TemporaryDirectory() as folder:
        for k, style in enumerate(("lines", "rects")):
            forms = random_document(random.Random(k), "clean", n_forms=1)
            layout = layout_document(forms, PdfOptions(style=style))
            yield f"generated-{style}.pdf", write_pdf(layout, Path(folder) / "form.pdf").read_bytes()


def image_seeds() -> Iterator[tuple[str, bytes]]:
    import pypdfium2
    from PIL import Image, ImageDraw

    page = pypdfium2.PdfDocument(str(SAMPLES / "pdf" / "pingluo-docx.pdf"))[0]
    scan = page.render(scale=72 / 72, grayscale=True).to_pil().convert("L")  # 72 dpi: small, still a table
    top = scan.crop((0, 0, scan.width, scan.height // 3))
    for name, image, kind in (("page.png", scan, "PNG"), ("top.jpg", top, "JPEG")):
        buffer = io.BytesIO()
        image.save(buffer, kind, dpi=(72, 72))
        yield name, buffer.getvalue()
    frames = [Image.new("L", (240, 160), 255) for _ in range(2)]
    ImageDraw.Draw(frames[0]).rectangle((20, 20, 220, 140), outline=0, width=2)
    ImageDraw.Draw(frames[0]).line((20, 80, 220, 80), fill=0, width=2)
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:], dpi=(100, 100))
    yield "two-frames.tiff", buffer.getvalue()
    colour = Image.new("RGB", (200, 120), (255, 255, 255))
    ImageDraw.Draw(colour).ellipse((60, 20, 140, 100), outline=(220, 0, 0), width=4)
    buffer = io.BytesIO()
    colour.save(buffer, "PNG")
    yield "seal.png", buffer.getvalue()
