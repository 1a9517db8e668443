"""Glyph boxes of the PDF text layer: glyphs of a cell in visual order, and every box in the
frame of the visible page (top-left corner 0, 0, as a render shows it), whatever the MediaBox.

The real files are in shared/real-pdfs (beside the checkout, or beside its folder for a worktree);
those tests skip without it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdfgen import PdfOptions, write_pdf  # noqa: E402
from test_generated_pdf import PdfCase, build  # noqa: E402

from jixiao import records_from_path  # noqa: E402
from jixiao.extract.model import PageTable  # noqa: E402
from jixiao.extract.pdf.page import read_page  # noqa: E402
from jixiao.extract.pdf.pdfium_source import EM_ASCENT, EM_DESCENT, em_box  # noqa: E402
from jixiao.extract.pdf.reader import _plumber_pages, open_pages, read_pdf  # noqa: E402
from jixiao.extract.pdf.settings import PdfSettings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _real_pdfs() -> Path | None:
    candidates = [Path(os.environ["JIXIAO_SHARED"])] if "JIXIAO_SHARED" in os.environ else []
    candidates += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    return next((c / "real-pdfs" for c in candidates if (c / "real-pdfs").is_dir()), None)


REAL = _real_pdfs()
needs_real = pytest.mark.skipif(REAL is None, reason="shared/real-pdfs not found")


def test_em_box_spans_the_em_across_the_baseline_whatever_the_outline() -> None:
    comma_outline = (10.0, 99.0, 22.0, 103.0)  # a comma's outline: low and short
    assert em_box(comma_outline, (0.0, 12.0), (10.0, 100.0), 0) == (10.0, 100 + 12 * EM_DESCENT, 22.0,
                                                                     100 + 12 * EM_ASCENT)
    # text running up the page (a quarter-turn): across the baseline is along x, the em points left
    assert em_box((97.0, 10.0, 103.0, 22.0), (-12.0, 0.0), (100.0, 10.0), 1) == (
        100 - 12 * EM_ASCENT, 10.0, 100 - 12 * EM_DESCENT, 22.0)


@needs_real
def test_punctuation_stays_in_place_in_its_cell() -> None:
    pdf = REAL / "samples/good/上海市普陀区财政局2024年度部门决算.pdf"
    document = read_pdf(pdf, PdfSettings(pages=(5, 6)))
    texts = [c.text for b in document.blocks if isinstance(b, PageTable) for row in b.rows for c in row]
    assert "预算不单列，并入本级" in texts
    assert "一、一般公共预算财政拨款收入" in texts
    assert not [t for t in texts if "\n" in t and t.split("\n")[-1] in ("，", "、", "一、一")]


def _first_table(blocks: list) -> PageTable:
    return next(b for b in blocks if isinstance(b, PageTable))


@needs_real
def test_boxes_of_a_page_whose_mediabox_is_not_at_0_0() -> None:
    import pdfplumber

    pdf = REAL / "pdfplumber/files/csrc.pdf"  # MediaBox [-12.0189 14.1732 583.181 855.973]
    settings = PdfSettings()
    with open_pages(pdf, None) as (_, content):
        by_pdfium = _first_table(read_page(content(0), 1, settings))
    with _plumber_pages(pdf, None) as (_, content):
        by_pdfminer = _first_table(read_page(content(0), 1, settings))
    with pdfplumber.open(pdf) as opened:
        page = opened.pages[0]
        x0, top = page.bbox[0], page.bbox[1]  # pdfplumber's frame starts at the MediaBox's corner
        cell = page.find_tables()[0].cells[0]
    first = by_pdfium.rows[0][0]
    assert first.text == "门类名称及代码"
    assert first.bbox == (51.5, 92.77, 152.9, 109.45)
    assert first.bbox == tuple(round(v, 2) for v in (cell[0] - x0, cell[1] - top, cell[2] - x0, cell[3] - top))
    assert by_pdfminer.rows[0][0] == first


def _moved_page_boxes(source: Path, target: Path, dx: float, dy: float, crop: tuple[float, ...] | None) -> None:
    """The same drawing with user space moved by (dx, dy) and the MediaBox with it; `crop` cuts
    (left, bottom, right, top) points off the visible page with a CropBox."""
    writer = PdfWriter(clone_from=PdfReader(source))
    for page in writer.pages:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        page.add_transformation((1, 0, 0, 1, dx, dy))
        page[NameObject("/MediaBox")] = ArrayObject(FloatObject(v) for v in (x0 + dx, y0 + dy, x1 + dx, y1 + dy))
        if crop:
            left, bottom, right, top = crop
            page[NameObject("/CropBox")] = ArrayObject(
                FloatObject(v) for v in (x0 + dx + left, y0 + dy + bottom, x1 + dx - right, y1 + dy - top))
    with target.open("wb") as handle:
        writer.write(handle)


def _indicator_boxes(pdf: Path) -> list[list[float]]:
    return [i["source"]["bbox"] for r in records_from_path(pdf) for i in r["indicators"]]


def test_boxes_of_a_generated_pdf_with_moved_mediabox_and_cropbox(tmp_path: Path) -> None:
    built = build(PdfCase("lines-plain-s0", 0, "clean", PdfOptions(style="lines", seed=0)))
    plain = write_pdf(built.layout, tmp_path / "plain.pdf")
    moved, cropped = tmp_path / "moved.pdf", tmp_path / "cropped.pdf"
    _moved_page_boxes(plain, moved, -12.0, 14.0, None)
    _moved_page_boxes(plain, cropped, 30.0, -40.0, (5.0, 0.0, 3.0, 9.0))
    want = _indicator_boxes(plain)
    assert want[0] == [326.0, 277.3, 545.0, 299.0]
    assert _indicator_boxes(moved) == want
    assert _indicator_boxes(cropped) == [[round(x0 - 5, 1), round(t - 9, 1), round(x1 - 5, 1), round(b - 9, 1)]
                                         for x0, t, x1, b in want]
