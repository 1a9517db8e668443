"""Did pdfium leave glyphs out of a page's text, and can anyone see the text? Checked on every
page in one walk of its objects (C++ calls, no content parsing in Python).

pdfium's text page skips a text object whose glyph box is empty. For a font the
PDF embeds that is a blank glyph (a space); for a font it does not embed, the box
comes from the font pdfium substituted, and where that font has no glyph (no CJK
font on the machine, a rare character the installed font lacks) a real glyph is
lost. So every text object of a non-embedded font that no char of the text page
points at, and that has no width, is counted; a page with any is read again by
pdfminer, which decodes the CMaps without any font file (reader.py).

The same walk finds the text no one sees — invisible (render mode 3, as OCR programs
write their text layer over a scan) or drawn before an image that covers the page —
and how much of the page its largest image covers: what textlayer.py needs to judge
a scan's OCR layer.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as raw

Box = tuple[float, float, float, float]  # left, bottom, right, top in user space
MAX_FORM_DEPTH = 8
_NO_WIDTH = 1e-3  # points: what pdfium's text page takes for an empty box (kSizeEpsilon)
_INVISIBLE = (raw.FPDF_TEXTRENDERMODE_INVISIBLE, raw.FPDF_TEXTRENDERMODE_CLIP)
PAGE_IMAGE_COVER = 0.8  # an image over this share of the page is a page image (a scan)


def object_address(obj: Any) -> int:
    return (ctypes.cast(obj, ctypes.c_void_p).value or 0) if obj else 0


def _objects(container: Any, count: Any, get: Any, depth: int) -> Iterator[tuple[int, Any]]:
    """(type, object) of every text and image object, in drawing order, forms opened."""
    for i in range(count(container)):
        obj = get(container, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind in (raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_IMAGE):
            yield kind, obj
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            yield from _objects(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, depth + 1)


def _bounds(obj: Any) -> tuple[float, float, float, float] | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                     ctypes.byref(top)):
        return None
    return left.value, bottom.value, right.value, top.value


def _cover(bounds: tuple[float, float, float, float] | None, page: tuple[float, float, float, float]) -> float:
    """The share of the page an object's box covers."""
    if bounds is None:
        return 0.0
    width = min(bounds[2], page[2]) - max(bounds[0], page[0])
    height = min(bounds[3], page[3]) - max(bounds[1], page[1])
    area = (page[2] - page[0]) * (page[3] - page[1])
    return max(width, 0.0) * max(height, 0.0) / area if area > 0 else 0.0


@dataclass(frozen=True, slots=True)
class TextSurvey:
    """What the page's objects say about its text layer."""

    dropped: int  # text objects of non-embedded fonts left out of the text page
    hidden: frozenset[int]  # text objects no one sees: invisible (render mode 3/7) or under a page image
    image_cover: float  # the share of the page its largest image covers
    images: tuple[Box, ...] = ()  # images smaller than a page image (user space): ink that is not text
    unembedded: frozenset[int] = frozenset()  # text objects of fonts the PDF does not embed


def survey_text(page: Any, kept: set[int], page_box: tuple[float, float, float, float]) -> TextSurvey:
    """`page` is an FPDF_PAGE; `kept` the addresses of the text objects its text page's chars point
    at; `page_box` the visible page (left, bottom, right, top) in user space."""
    dropped, image_cover = 0, 0.0
    hidden: set[int] = set()
    images: list[Box] = []
    unembedded: set[int] = set()
    drawn: list[int] = []  # visible text objects so far, for an image drawn over them
    for kind, obj in _objects(page, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, 0):
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            bounds = _bounds(obj)
            cover = _cover(bounds, page_box)
            image_cover = max(image_cover, cover)
            if cover >= PAGE_IMAGE_COVER:
                hidden.update(drawn)
                drawn = []
            elif bounds is not None and cover > 0:
                images.append(bounds)
            continue
        address = object_address(obj)
        if raw.FPDFTextObj_GetTextRenderMode(obj) in _INVISIBLE:
            hidden.add(address)
        else:
            drawn.append(address)
        font = raw.FPDFTextObj_GetFont(obj)
        if font and raw.FPDFFont_GetIsEmbedded(font) == 1:
            continue
        unembedded.add(address)
        if address in kept:
            continue
        bounds = _bounds(obj)
        if bounds is None or bounds[2] - bounds[0] < _NO_WIDTH:
            dropped += 1
    return TextSurvey(dropped, frozenset(hidden), image_cover, tuple(images), frozenset(unembedded))
