"""Did pdfium leave glyphs out of a page's text? Checked on every page, cheaply, in C++ calls.

pdfium's text page skips a text object whose glyph box is empty. For a font the
PDF embeds that is a blank glyph (a space); for a font it does not embed, the box
comes from the font pdfium substituted, and where that font has no glyph (no CJK
font on the machine, a rare character the installed font lacks) a real glyph is
lost. So every text object of a non-embedded font that no char of the text page
points at, and that has no width, is counted; a page with any is read again by
pdfminer, which decodes the CMaps without any font file (reader.py).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2.raw as raw

MAX_FORM_DEPTH = 8
_NO_WIDTH = 1e-3  # points: what pdfium's text page takes for an empty box (kSizeEpsilon)


def object_address(obj: Any) -> int:
    return (ctypes.cast(obj, ctypes.c_void_p).value or 0) if obj else 0


def _text_objects(container: Any, count: Any, get: Any, depth: int) -> Iterator[Any]:
    for i in range(count(container)):
        obj = get(container, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            yield obj
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            yield from _text_objects(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, depth + 1)


def _without_width(obj: Any) -> bool:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                     ctypes.byref(top)):
        return True
    return right.value - left.value < _NO_WIDTH


def dropped_text_objects(page: Any, kept: set[int]) -> int:
    """Text objects of non-embedded fonts that pdfium left out of the page's text page.
    `page` is an FPDF_PAGE; `kept` the addresses of the text objects its chars point at."""
    dropped = 0
    for obj in _text_objects(page, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, 0):
        if object_address(obj) in kept:
            continue
        font = raw.FPDFTextObj_GetFont(obj)
        if font and raw.FPDFFont_GetIsEmbedded(font) == 1:
            continue
        if _without_width(obj):
            dropped += 1
    return dropped
