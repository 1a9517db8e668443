"""What one page may cost the scan reader: its pixel and memory budget, as data, in one place.

Every page read by OCR — a PDF page rendered by pdfium, a frame of an image
file — is held to these numbers before any pixel of it is made:

- a page is read from at most `page_pixels` pixels: a larger page (a poster-size
  PDF page, a 13,000-pixel scan) is rendered or scaled down to that, and the
  record says so (`page_scaled_down`, with the dpi it was read at);
- an image frame is decoded whole only when its decoded buffer fits
  `decode_bytes` (a JPEG is decoded at a reduced scale instead); a larger frame
  is not read, a per-page error (`page_over_budget`);
- a page is first looked at in a render of at most `glance_pixels`: a page with
  no ink there (and a PDF page with no page object at all, without any render)
  is blank, never handed to the OCR (`page_blank`);
- a PDF page box (MediaBox/CropBox) with a side under `min_side_points` or over
  `max_side_points` (the PDF format's own limit), or turned inside out, is
  degenerate: the page is read over the extent its objects cover
  (`page_box_repaired`), or, when that is no page either, it is a per-page error.

Peak memory of a page is then bounded by about 2 × `decode_bytes` while an image
file's frame is decoded, and by about 20 bytes a pixel of `page_pixels` while a
page is prepared and read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class ScanBudget:
    page_pixels: int = 25_000_000  # 5,000 × 5,000: A4 at 500 dpi, A3 at 350 dpi
    decode_bytes: int = 256 * MIB  # a frame's decoded buffer, as Pillow holds it (RGB takes 4 bytes a pixel)
    glance_pixels: int = 250_000  # the first look at a page: blank? red marks?
    min_side_points: float = 3.0  # PDF 1.7 Annex C: page boxes are 3 to 14,400 units a side
    max_side_points: float = 14_400.0
    ink_contrast: int = 40  # grey levels under the paper's that are ink on the glance
    min_ink_pixels: int = 4  # fewer inked glance pixels than this: a blank page (dust)

    def fit(self, width: float, height: float, scale: float) -> float:
        """`scale` (pixels per unit), or less so that width × height fits the page budget."""
        if width * height * scale * scale <= self.page_pixels:
            return scale
        return math.sqrt(self.page_pixels / (width * height))

    def glance_scale(self, width: float, height: float, scale: float) -> float:
        return min(scale, math.sqrt(self.glance_pixels / max(width * height, 1.0)))

    def side_ok(self, side: float) -> bool:
        return math.isfinite(side) and self.min_side_points <= side <= self.max_side_points


BUDGET = ScanBudget()

BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "LA": 2, "PA": 2, "La": 2, "I;16": 2, "I;16B": 2, "I;16L": 2,
                   "I;16N": 2, "RGB": 4, "RGBA": 4, "RGBa": 4, "RGBX": 4, "CMYK": 4, "YCbCr": 4, "LAB": 4,
                   "HSV": 4, "I": 4, "F": 4}  # Pillow's in-memory sizes; unknown modes count 4


def decoded_bytes(width: int, height: int, mode: str) -> int:
    return width * height * BYTES_PER_PIXEL.get(mode, 4)


def is_blank(pixels: np.ndarray, budget: ScanBudget = BUDGET) -> bool:
    """No ink on a (small) page image: no pixels much darker than its paper, beyond a few specks."""
    gray = pixels if pixels.ndim == 2 else cv2.cvtColor(np.ascontiguousarray(pixels[..., :3]), cv2.COLOR_RGB2GRAY)
    if gray.size == 0:
        return True
    if gray.size > budget.glance_pixels:
        factor = math.sqrt(budget.glance_pixels / gray.size)
        size = (max(int(gray.shape[1] * factor), 1), max(int(gray.shape[0] * factor), 1))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    paper = int(np.percentile(gray, 90))
    return int(np.count_nonzero(gray < paper - budget.ink_contrast)) < budget.min_ink_pixels


def dpi_said(scale: float) -> str:
    return f"{scale * 72:.0f} dpi"
