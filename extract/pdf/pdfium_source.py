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

from .glyph_check import object_address, survey_text
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
    ends = [(origin[0] + up[0] * k, origin[1] + up[1] * k) for k in (EM_DESCENT, EM_ASCENT)]
    if turns % 2 == 0:
        return (left, min(y for _, y in ends), right, max(y for _, y in ends))
    return (min(x for x, _ in ends), bottom, max(x for x, _ in ends), top)


def _glyphs(textpage: Any) -> tuple[list[_Glyph], int, set[int]]:
    """The page's glyphs, the count of those without a Unicode mapping, and the addresses of
    the text objects they belong to."""
    glyphs: list[_Glyph] = []
    clips: dict[int, tuple[float, float, float, float] | None] = {}
    unmapped = 0
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    for i in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        code = raw.FPDFText_GetUnicode(textpage, i)
        text = chr(code) if 0 < code < 0x110000 else "\ufffd"
        if text in _LINE_BREAKS or not raw.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(rect)):
            continue
        if raw.FPDFText_HasUnicodeMapError(textpage, i) == 1:
            unmapped += 1
        obj = raw.FPDFText_GetTextObject(textpage, i)
        address = object_address(obj)
        if address not in clips:
            clips[address] = _clip_box(obj) if obj else None
        angle = raw.FPDFText_GetCharAngle(textpage, i)  # clockwise, as pdfium measures it
        turns = (4 - round(angle / (math.pi / 2))) % 4 if angle >= 0 else 0
        size = raw.FPDFText_GetFontSize(textpage, i)
        box = (rect.left, rect.bottom, rect.right, rect.top)
        if raw.FPDFText_GetMatrix(textpage, i, ctypes.byref(matrix)) and raw.FPDFText_GetCharOrigin(
                textpage, i, ctypes.byref(origin_x), ctypes.byref(origin_y)):
            box = em_box(box, (matrix.c * size, matrix.d * size), (origin_x.value, origin_y.value), turns)
        glyphs.append(_Glyph(text, box, clips[address], size, turns, address))
    return glyphs, unmapped, set(clips)


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
