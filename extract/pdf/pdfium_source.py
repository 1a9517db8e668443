"""A PDF page's chars and ruling edges, read once by pdfium (C++), in pdfplumber's shapes.

pdfplumber's own page objects come from pdfminer, which interprets every
content stream in Python: most of the time of a table extraction. pdfium gives
the same facts — each glyph's text, box and clip, each path's segments — so
this module builds pdfplumber-shaped char and edge dicts from it, and the
table finder (pdfplumber's edges → intersections → cells) runs unchanged.
Coordinates are top-down page points, as in pdfplumber.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .glyph_check import survey_text
from .paths import page_edges

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
_LINE_BREAKS = frozenset("\r\n")
EM_ASCENT, EM_DESCENT = 0.88, -0.12  # of the em box a char is given (STSong-Light's, and most CJK fonts')


@dataclass(slots=True)
class PageContent:
    """What the table reader needs of one page."""

    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    unmapped: int = 0  # glyphs whose font has no usable ToUnicode entry
    dropped: int = 0  # text objects of non-embedded fonts pdfium left out of its text (glyph_check.py)
    hidden: int = 0  # chars no one sees: invisible text, or text under a page image (an OCR layer)
    image_cover: float = 0.0  # the share of the page its largest image covers
    images: list[Box] = field(default_factory=list)  # boxes of images smaller than the page: ink, not text
    renders_text: bool = True  # a render shows every glyph (no CJK glyph of a font the PDF does not embed)

    @property
    def bbox(self) -> Box:
        return (0.0, 0.0, self.width, self.height)


@dataclass(frozen=True, slots=True)
class Frame:
    """User space (bottom-up, unrotated) → the upright reading frame (top-down points).

    `turns` quarter-turns of the text: 0 for upright text; 1 when the text runs
    up the page (a landscape page drawn sideways for a /Rotate 90 view), …
    The frame follows the text, not the /Rotate entry: a page drawn upright
    and merely flagged as rotated reads as drawn.
    """

    x0: float
    y0: float
    width: float  # of user space
    height: float
    turns: int = 0

    @property
    def size(self) -> tuple[float, float]:
        return (self.height, self.width) if self.turns % 2 else (self.width, self.height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) in the reading frame."""
        x, y = x - self.x0, y - self.y0
        if self.turns == 1:
            x, y = y, self.width - x
        elif self.turns == 2:
            x, y = self.width - x, self.height - y
        elif self.turns == 3:
            x, y = self.height - y, x
        return x, self.size[1] - y

    def box(self, left: float, bottom: float, right: float, top: float) -> Box:
        if self.turns == 0:  # `point` written out: a box for each glyph of the page
            ax, bx = left - self.x0, right - self.x0
            at, bt = self.height - (bottom - self.y0), self.height - (top - self.y0)
        else:
            (ax, at), (bx, bt) = self.point(left, bottom), self.point(right, top)
        return (min(ax, bx), min(at, bt), max(ax, bx), max(at, bt))


def _clip_box(obj: Any) -> tuple[float, float, float, float] | None:
    """The bounds of a page object's clip path, in user space (left, bottom, right, top)."""
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
    return (min(xs), min(ys), max(xs), max(ys))


@dataclass(slots=True)
class _Glyph:
    text: str
    box: tuple[float, float, float, float]  # user space: left, bottom, right, top
    clip: tuple[float, float, float, float] | None
    size: float
    turns: int  # quarter-turns of its baseline
    source: int  # the address of its text object


@dataclass(frozen=True, slots=True)
class _TextObject:
    """What every glyph of one text object shares (pdfium gives each char its object's font size
    and matrix): read once, at its first glyph."""

    clip: tuple[float, float, float, float] | None
    size: float
    turns: int
    up: tuple[float, float] | None  # the one-em vector across the baseline; None when pdfium gives no matrix


def em_box(loose: tuple[float, float, float, float], up: tuple[float, float], origin: tuple[float, float],
           turns: int) -> tuple[float, float, float, float]:
    """A glyph's box with its extent across the baseline made the em box's, from the baseline
    up by EM_ASCENT and down by EM_DESCENT: pdfium's loose box follows the glyph's outline for
    fonts that state no ascent, so a comma or a 一 would sit lower or higher than the glyphs
    beside it and fall out of their line. The extent along the baseline stays pdfium's (advances).
    `up` is the glyph's one-em vector across the baseline (the text matrix's second column × size)."""
    left, bottom, right, top = loose
    if up[0] == 0 and up[1] == 0:
        return loose
    low_x, low_y = origin[0] + up[0] * EM_DESCENT, origin[1] + up[1] * EM_DESCENT
    high_x, high_y = origin[0] + up[0] * EM_ASCENT, origin[1] + up[1] * EM_ASCENT
    if turns % 2 == 0:
        return (left, min(low_y, high_y), right, max(low_y, high_y))
    return (min(low_x, high_x), bottom, max(low_x, high_x), top)


def _address_returning(function: Any) -> Any:
    """A pdfium function that returns a pointer, called so that it returns the address as an int
    (or None): no pointer object to make and cast for each char."""
    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, *function.argtypes)
    return prototype(ctypes.cast(function, ctypes.c_void_p).value)


_object_address_of_char = _address_returning(raw.FPDFText_GetTextObject)


def _text_object(textpage: Any, index: int) -> _TextObject:
    """The shared facts of the text object of char `index`."""
    obj = raw.FPDFText_GetTextObject(textpage, index)
    angle = raw.FPDFText_GetCharAngle(textpage, index)  # clockwise, as pdfium measures it
    turns = (4 - round(angle / (math.pi / 2))) % 4 if angle >= 0 else 0
    size = raw.FPDFText_GetFontSize(textpage, index)
    matrix = raw.FS_MATRIX()
    up = (matrix.c * size, matrix.d * size) if raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix)) else None
    return _TextObject(_clip_box(obj) if obj else None, size, turns, up)


def _glyphs(textpage: Any) -> tuple[list[_Glyph], int, set[int]]:
    """The page's glyphs, the count of those without a Unicode mapping, and the addresses of
    the text objects they belong to. (Each pdfium call costs about a microsecond from Python:
    the loop makes five a char, six for a blank, and the object's own calls once per object.)"""
    glyphs: list[_Glyph] = []
    objects: dict[int, _TextObject] = {}
    unmapped = 0
    rect = raw.FS_RECTF()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    rect_ref, x_ref, y_ref = ctypes.byref(rect), ctypes.byref(origin_x), ctypes.byref(origin_y)
    unicode_of, is_generated, loose_box = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated, raw.FPDFText_GetLooseCharBox
    map_error, origin_of, address_of = raw.FPDFText_HasUnicodeMapError, raw.FPDFText_GetCharOrigin, _object_address_of_char
    for i in range(raw.FPDFText_CountChars(textpage)):
        code = unicode_of(textpage, i)
        # a code point of the surrogate block is no character (a broken ToUnicode map): U+FFFD, as out of range
        text = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        if text.isspace() and is_generated(textpage, i) == 1:  # pdfium generates spaces and line breaks only
            continue
        if text in _LINE_BREAKS or not loose_box(textpage, i, rect_ref):
            continue
        if map_error(textpage, i) == 1:
            unmapped += 1
        address = address_of(textpage, i) or 0
        shared = objects.get(address) if address else None
        if shared is None:
            shared = _text_object(textpage, i)
            if address:
                objects[address] = shared
        box = (rect.left, rect.bottom, rect.right, rect.top)
        if shared.up is not None and origin_of(textpage, i, x_ref, y_ref):
            box = em_box(box, shared.up, (origin_x.value, origin_y.value), shared.turns)
        glyphs.append(_Glyph(text, box, shared.clip, shared.size, shared.turns, address))
    return glyphs, unmapped, set(objects) | ({0} if any(g.source == 0 for g in glyphs) else set())


def _is_cjk(text: str) -> bool:
    return "\u2e80" <= text <= "\u9fff" or "\uf900" <= text <= "\uffef"


def _reading_turns(glyphs: list[_Glyph]) -> int:
    """The quarter-turns most of the page's text is set at."""
    counts = Counter(g.turns for g in glyphs if not g.text.isspace())
    return counts.most_common(1)[0][0] if counts else 0


def _char(glyph: _Glyph, frame: Frame) -> dict[str, Any]:
    x0, top, x1, bottom = frame.box(*glyph.box)
    return {
        "text": glyph.text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": True,
        "matrix": (1, 0, 0, 1, x0, top), "size": glyph.size,
        "_clip": frame.box(*glyph.clip) if glyph.clip else None,
    }


def read_page_content(page: pdfium.PdfPage) -> PageContent:
    left, bottom, right, top = page.get_bbox()
    textpage = page.get_textpage()
    try:
        glyphs, unmapped, kept = _glyphs(textpage.raw)
    finally:
        textpage.close()
    survey = survey_text(page.raw, kept, (left, bottom, right, top))
    frame = Frame(left, bottom, right - left, top - bottom, _reading_turns(glyphs))
    edges = page_edges(page, frame)
    width, height = frame.size
    return PageContent(width=width, height=height, chars=[_char(g, frame) for g in glyphs], edges=edges,
                       unmapped=unmapped, dropped=survey.dropped,
                       hidden=sum(g.source in survey.hidden for g in glyphs if not g.text.isspace()),
                       image_cover=survey.image_cover, images=[frame.box(*box) for box in survey.images],
                       renders_text=not any(g.source in survey.unembedded and _is_cjk(g.text) for g in glyphs))
