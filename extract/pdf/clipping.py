"""Glyphs drawn outside their clip path, found with pdfium.

Spreadsheet exports (LibreOffice Calc among them) draw a merged cell's text on
every page its range touches, at the position it has in the whole range, and
clip it to the part of the cell on that page. pdfminer reports such glyphs
where they are drawn — below the table, or above it on the next page — not
where they show. pdfium knows each text object's clip path: a glyph whose
centre lies outside it is hidden, and the clip's box is the row band it shows in.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (top-down page coordinates)
MATCH_TOLERANCE = 4.0  # points between pdfium's and pdfminer's idea of a glyph's centre
_BUCKET = 8.0


@dataclass(frozen=True, slots=True)
class ClippedGlyph:
    text: str
    cx: float
    cy: float
    clip: Box  # the region the glyph is clipped to


class ClippedGlyphs:
    """The clip region of every clipped glyph of one page, looked up by text and position."""

    def __init__(self, glyphs: list[ClippedGlyph]) -> None:
        self.buckets: dict[tuple[str, int, int], list[ClippedGlyph]] = {}
        for glyph in glyphs:
            key = (glyph.text, int(glyph.cx // _BUCKET), int(glyph.cy // _BUCKET))
            self.buckets.setdefault(key, []).append(glyph)

    def __bool__(self) -> bool:
        return bool(self.buckets)

    def clip_of(self, text: str, cx: float, cy: float) -> Box | None:
        """The clip box of the glyph drawn here, or None when it has none."""
        bx, by = int(cx // _BUCKET), int(cy // _BUCKET)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for glyph in self.buckets.get((text, bx + dx, by + dy), ()):
                    if abs(glyph.cx - cx) <= MATCH_TOLERANCE and abs(glyph.cy - cy) <= MATCH_TOLERANCE:
                        return glyph.clip
        return None


def _clip_box(obj: ctypes.c_void_p, height: float) -> Box | None:
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    xs: list[float] = []
    ys: list[float] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(raw.FPDFClipPath_CountPaths(clip)):
        for index in range(raw.FPDFClipPath_CountPathSegments(clip, path)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, path, index)
            if segment and raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                xs.append(x.value)
                ys.append(y.value)
    if not xs:
        return None
    return (min(xs), height - max(ys), max(xs), height - min(ys))


def clipped_glyphs(page: pdfium.PdfPage) -> ClippedGlyphs:
    """Every glyph of the page that has a clip path, with the clip's box.

    Whether a glyph shows is decided later against pdfminer's box for it:
    glyphs cut by their clip's edge count by where pdfminer puts them.
    """
    _, height = page.get_size()
    textpage = page.get_textpage()
    found: list[ClippedGlyph] = []
    clips: dict[int, Box | None] = {}
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    try:
        for i in range(raw.FPDFText_CountChars(textpage.raw)):
            code = raw.FPDFText_GetUnicode(textpage.raw, i)
            if code <= 32:
                continue
            obj = raw.FPDFText_GetTextObject(textpage.raw, i)
            if not obj:
                continue
            address = ctypes.cast(obj, ctypes.c_void_p).value or 0
            if address not in clips:
                clips[address] = _clip_box(obj, height)
            clip = clips[address]
            if clip is None:
                continue
            raw.FPDFText_GetCharBox(textpage.raw, i, left, right, bottom, top)
            cx, cy = (left.value + right.value) / 2, height - (bottom.value + top.value) / 2
            found.append(ClippedGlyph(chr(code), cx, cy, clip))
    finally:
        textpage.close()
    return ClippedGlyphs(found)
