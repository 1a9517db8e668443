"""Every page and image is held to the scan budget: large ones scaled down or refused, blank pages never
handed to the OCR, degenerate page boxes repaired or a per-page error — each said in a warning."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageDraw

from badinput import png_header_only, tiny_pdf
from jixiao.errors import OverBudgetError
from jixiao.extract import pdf as _pdf  # noqa: F401  (the PDF package first: the scan reader is part of it)
from jixiao.extract.scan import document as scan_document
from jixiao.extract.scan import images
from jixiao.extract.scan.budget import BUDGET, ScanBudget
from jixiao.pipeline import extract_source, read_source

ROOT = Path(__file__).resolve().parent.parent
SCAN = ROOT / "samples" / "scans" / "pingluo-docx-scan.pdf"
SQUARE = b"0 0 0 rg 100 100 200 200 re f"  # a black square: ink on the page


@pytest.fixture
def prepared_pages(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The page numbers handed to OCR preparation (nothing is recognised)."""
    seen: list[int] = []

    def prepared(pixels: np.ndarray, scale: float, page_no: int, settings: object) -> scan_document.PreparedPage:
        seen.append(page_no)
        assert pixels.size <= BUDGET.page_pixels
        return scan_document.PreparedPage(page_no, [], [], [], ())

    monkeypatch.setattr(scan_document, "_prepared", prepared)
    return seen


def _codes(path: Path) -> list[tuple[str, int]]:
    document = read_source(path)
    return [(code, page) for code, page, _ in document.page_notes] + [(e.code, e.page) for e in document.page_errors]


def test_image_far_over_the_budget_is_one_clear_error(tmp_path: Path) -> None:
    result = extract_source(png_header_only(tmp_path / "bomb.png", 100_000, 100_000))
    assert result.error and "internal error" not in result.error and "too large" in result.error
    with pytest.raises(OverBudgetError):
        read_source(tmp_path / "bomb.png")


def test_frame_over_the_decode_budget_is_a_page_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "BUDGET", ScanBudget(decode_bytes=1 << 20))
    path = tmp_path / "big.png"
    Image.new("L", (2000, 1000), 255).save(path)
    result = extract_source(path)
    assert result.error and "over the budget" in result.error and "page 1" in result.error


def test_large_image_is_scaled_down_to_the_page_budget(tmp_path: Path) -> None:
    """A 13,000-pixel PNG (a few kB on disk) is read from at most the page budget's pixels."""
    image = Image.new("1", (13_000, 13_000), 1)
    ImageDraw.Draw(image).rectangle((1000, 1000, 3000, 3000), fill=0)
    path = tmp_path / "large.png"
    image.save(path, dpi=(600, 600))
    [frame] = list(images.image_frames(path))
    assert frame.pixels is not None and frame.pixels.size <= BUDGET.page_pixels
    assert [code for code, _ in frame.notes] == ["page_scaled_down"]
    assert round(frame.scale * 72) < 600


def test_blank_pages_are_never_handed_to_ocr(tmp_path: Path, prepared_pages: list[int]) -> None:
    pdf = pypdfium2.PdfDocument.new()
    for _ in range(2000):
        pdf.new_page(595, 842)
    pdf.save(tmp_path / "blank.pdf")
    result = extract_source(tmp_path / "blank.pdf")
    assert prepared_pages == [] and result.error is None and result.note


def test_white_ink_and_blank_frames_are_blank(tmp_path: Path, prepared_pages: list[int]) -> None:
    white = tiny_pdf(tmp_path / "white.pdf", ["0 0 595 842"], b"1 1 1 rg 0 0 595 842 re f")
    assert _codes(white) == [("page_blank", 1)]
    frames = [Image.new("L", (800, 1100), 250), Image.new("L", (800, 1100), 250)]
    ImageDraw.Draw(frames[1]).rectangle((100, 100, 700, 300), outline=0, width=3)
    frames[0].save(tmp_path / "two.tiff", save_all=True, append_images=frames[1:], dpi=(100, 100))
    assert _codes(tmp_path / "two.tiff") == [("page_blank", 1)]
    assert prepared_pages == [2]  # the PDF page was not prepared; of the TIFF, frame 2 only


def test_huge_blank_page_costs_no_render(tmp_path: Path, prepared_pages: list[int], monkeypatch) -> None:
    path = tiny_pdf(tmp_path / "poster.pdf", ["0 0 14400 14400"])  # 200 × 200 inches
    assert path.stat().st_size < 500
    monkeypatch.setattr(pypdfium2.PdfPage, "render", lambda *a, **k: pytest.fail("a blank page was rendered"))
    assert _codes(path) == [("page_blank", 1)] and prepared_pages == []


def test_huge_page_with_ink_is_rendered_within_the_budget(tmp_path: Path, prepared_pages: list[int]) -> None:
    path = tiny_pdf(tmp_path / "poster.pdf", ["0 0 14400 14400"], SQUARE)
    assert _codes(path) == [("page_scaled_down", 1)] and prepared_pages == [1]
    message = read_source(path).page_notes[0][2]
    assert re.search(r"read at \d+ dpi", message)


def test_inverted_media_box_is_repaired_from_the_content(tmp_path: Path) -> None:
    """A scan whose MediaBox was mutated to [0 0 595 -99999]: read over its image, said in a warning."""
    data = re.sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox [0 0 595 -99999]", SCAN.read_bytes(), count=1)
    path = tmp_path / "mutated.pdf"
    path.write_bytes(data)
    document = pypdfium2.PdfDocument(str(path))
    rendered = images.render_pixels(document, 0)
    assert [code for code, _ in rendered.notes] == ["page_box_repaired"]
    assert rendered.pixels is not None and abs(rendered.pixels.shape[0] - 842 * 200 / 72) < 3


def test_degenerate_box_around_degenerate_content_is_a_page_error(tmp_path: Path,
                                                                 prepared_pages: list[int]) -> None:
    path = tiny_pdf(tmp_path / "thin.pdf", ["0 0 595 0.5", "0 0 595 842"], b"0 0 0 rg 0 0 595 0.2 re f")
    assert ("page_over_budget", 1) in _codes(path)
    assert prepared_pages == [2]
