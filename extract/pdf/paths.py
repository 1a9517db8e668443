"""A PDF page's ruling edges, read by pdfium, in pdfplumber's edge shape.

Every path object's straight axis-aligned segments become pdfplumber edge dicts
in the page's reading frame (top-down points), for pdfplumber's table finder.
"""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

if TYPE_CHECKING:
    from .pdfium_source import Frame

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
AXIS_SLOPE = 0.5  # points of drift over a segment still read as a horizontal / vertical rule


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _edge(start: tuple[float, float], end: tuple[float, float], kind: str) -> dict[str, Any] | None:
    """A pdfplumber edge for an axis-aligned segment given in the reading frame, or None."""
    (x0, y0), (x1, y1) = start, end
    if abs(y1 - y0) <= AXIS_SLOPE and abs(x1 - x0) > AXIS_SLOPE:
        left, right = sorted((x0, x1))
        top = (y0 + y1) / 2
        return {"x0": left, "x1": right, "top": top, "bottom": top, "width": right - left, "height": 0.0,
                "orientation": "h", "object_type": kind}
    if abs(x1 - x0) <= AXIS_SLOPE and abs(y1 - y0) > AXIS_SLOPE:
        top, bottom = sorted((y0, y1))
        x = (x0 + x1) / 2
        return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
                "orientation": "v", "object_type": kind}
    return None


def _path_edges(obj: Any, matrix: Matrix, frame: Frame) -> list[dict[str, Any]]:
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
        px, py = frame.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        points.append((px, py, raw.FPDFPathSegment_GetType(segment), bool(raw.FPDFPathSegment_GetClose(segment))))
    kind = "rect" if len(points) in (4, 5) and fill.value else "line"
    edges: list[dict[str, Any]] = []
    start: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    for px, py, seg_type, closes in points:
        if seg_type == raw.FPDF_SEGMENT_MOVETO or previous is None:
            start = previous = (px, py)
            continue
        if seg_type == raw.FPDF_SEGMENT_LINETO and (made := _edge(previous, (px, py), kind)):
            edges.append(made)
        previous = (px, py)
        if closes and start is not None:
            if made := _edge((px, py), start, kind):
                edges.append(made)
            previous = start
    return edges


def _walk_edges(container: Any, count: Any, get: Any, matrix: Matrix, frame: Frame, depth: int,
                edges: list[dict[str, Any]]) -> None:
    for i in range(count(container)):
        obj = get(container, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            edges.extend(_path_edges(obj, _compose(_matrix(obj), matrix), frame))
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
            _walk_edges(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject,
                        _compose(_matrix(obj), matrix), frame, depth + 1, edges)


def page_edges(page: pdfium.PdfPage, frame: Frame) -> list[dict[str, Any]]:
    """The edges of every path on the page, form XObjects included."""
    edges: list[dict[str, Any]] = []
    _walk_edges(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, IDENTITY, frame, 0, edges)
    return edges
