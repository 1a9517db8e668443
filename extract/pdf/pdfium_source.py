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
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
AXIS_SLOPE = 0.5  # points of drift over a segment still read as a horizontal / vertical rule
_LINE_BREAKS = frozenset("\r\n")


@dataclass(slots=True)
class PageContent:
    """What the table reader needs of one page."""

    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    unmapped: int = 0  # glyphs whose font has no usable ToUnicode entry

    @property
    def bbox(self) -> Box:
        return (0.0, 0.0, self.width, self.height)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _edge(x0: float, y0: float, x1: float, y1: float, height: float, kind: str) -> dict[str, Any] | None:
    """A pdfplumber edge for an axis-aligned segment (page space, bottom-up), or None."""
    if abs(y1 - y0) <= AXIS_SLOPE and abs(x1 - x0) > AXIS_SLOPE:
        left, right = sorted((x0, x1))
        top = height - (y0 + y1) / 2
        return {"x0": left, "x1": right, "top": top, "bottom": top, "width": right - left, "height": 0.0,
                "orientation": "h", "object_type": kind}
    if abs(x1 - x0) <= AXIS_SLOPE and abs(y1 - y0) > AXIS_SLOPE:
        low, high = sorted((y0, y1))
        x = (x0 + x1) / 2
        return {"x0": x, "x1": x, "top": height - high, "bottom": height - low, "width": 0.0,
                "height": high - low, "orientation": "v", "object_type": kind}
    return None


def _path_edges(obj: Any, matrix: Matrix, height: float) -> list[dict[str, Any]]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) and not fill.value and not stroke.value:
        return []  # neither filled nor stroked: draws nothing
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float, int, bool]] = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        if not segment or not raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        points.append((px, py, raw.FPDFPathSegment_GetType(segment), bool(raw.FPDFPathSegment_GetClose(segment))))
    kind = "rect" if len(points) in (4, 5) and fill.value else "line"
    edges: list[dict[str, Any]] = []
    start: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    for px, py, seg_type, closes in points:
        if seg_type == raw.FPDF_SEGMENT_MOVETO or previous is None:
            start = previous = (px, py)
            continue
        if seg_type == raw.FPDF_SEGMENT_LINETO and (made := _edge(*previous, px, py, height, kind)):
            edges.append(made)
        previous = (px, py)
        if closes and start is not None:
            if made := _edge(px, py, *start, height, kind):
                edges.append(made)
            previous = start
    return edges


def _walk_edges(container: Any, count: Any, get: Any, matrix: Matrix, height: float, depth: int,
                edges: list[dict[str, Any]]) -> None:
    for i in range(count(container)):
        obj = get(container, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            edges.extend(_path_edges(obj, _compose(_matrix(obj), matrix), height))
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
            _walk_edges(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject,
                        _compose(_matrix(obj), matrix), height, depth + 1, edges)


def _clip_box(obj: Any, height: float) -> Box | None:
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


def _chars(page: pdfium.PdfPage, height: float) -> tuple[list[dict[str, Any]], int]:
    textpage = page.get_textpage()
    chars: list[dict[str, Any]] = []
    clips: dict[int, Box | None] = {}
    unmapped = 0
    rect = raw.FS_RECTF()
    try:
        tp = textpage.raw
        for i in range(raw.FPDFText_CountChars(tp)):
            code = raw.FPDFText_GetUnicode(tp, i)
            if raw.FPDFText_IsGenerated(tp, i) == 1:
                continue
            text = chr(code) if 0 < code < 0x110000 else "\ufffd"
            if text in _LINE_BREAKS:
                continue
            if raw.FPDFText_HasUnicodeMapError(tp, i) == 1:
                unmapped += 1
            if not raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect)):
                continue
            top, bottom = height - rect.top, height - rect.bottom
            obj = raw.FPDFText_GetTextObject(tp, i)
            address = ctypes.cast(obj, ctypes.c_void_p).value or 0 if obj else 0
            if address not in clips:
                clips[address] = _clip_box(obj, height) if obj else None
            chars.append({
                "text": text, "x0": rect.left, "x1": rect.right, "top": top, "bottom": bottom, "doctop": top,
                "upright": True, "matrix": (1, 0, 0, 1, rect.left, top),
                "size": raw.FPDFText_GetFontSize(tp, i), "_clip": clips[address],
            })
    finally:
        textpage.close()
    return chars, unmapped


def read_page_content(page: pdfium.PdfPage) -> PageContent:
    width, height = page.get_size()
    chars, unmapped = _chars(page, height)
    edges: list[dict[str, Any]] = []
    _walk_edges(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, IDENTITY, height, 0, edges)
    return PageContent(width=width, height=height, chars=chars, edges=edges, unmapped=unmapped)
