"""A PDF page's painted paths, read by pdfium, and the ruling edges that show of them.

Every path object becomes a `PaintedPath` in the page's reading frame (top-down
points): its subpaths' straight segments, fill and stroke colour, stroke width
and clip box, in paint order; rules.py turns them into the pdfplumber edges
that show.
"""

from __future__ import annotations

import ctypes
import math
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .rules import AXIS_SLOPE, Box, Paint, PaintedPath, Point, Subpath, visible_edges
from .settings import PdfSettings

if TYPE_CHECKING:
    from .pdfium_source import Frame

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
DEFAULT = PdfSettings()


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _paint(obj: Any, get: Any) -> Paint:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not get(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return Paint((0.0, 0.0, 0.0))  # a colour pdfium cannot say (a pattern): taken to show
    return Paint((r.value / 255, g.value / 255, b.value / 255), a.value / 255)


def _half_width(obj: Any, matrix: Matrix) -> float:
    width = ctypes.c_float()
    if not raw.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width)):
        return 0.0
    a, b, c, d, _, _ = matrix
    return width.value * math.sqrt(abs(a * d - b * c)) / 2


def _rect(segments: list[tuple[Point, Point]]) -> Box | None:
    """The box of a closed four-sided subpath whose sides all run along the axes."""
    if len(segments) != 4 or any(abs(a[0] - b[0]) > AXIS_SLOPE and abs(a[1] - b[1]) > AXIS_SLOPE for a, b in segments):
        return None
    xs = [p[0] for s in segments for p in s]
    ys = [p[1] for s in segments for p in s]
    box = (min(xs), min(ys), max(xs), max(ys))
    on_corner = all(min(abs(x - box[0]), abs(x - box[2])) <= AXIS_SLOPE
                    and min(abs(y - box[1]), abs(y - box[3])) <= AXIS_SLOPE for x, y in zip(xs, ys, strict=True))
    return box if on_corner else None


def _subpaths(obj: Any, matrix: Matrix, frame: Frame) -> tuple[Subpath, ...]:
    """The path's subpaths as straight segments in the reading frame (curves left out)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[Subpath] = []
    segments: list[tuple[Point, Point]] = []
    start: Point | None = None
    previous: Point | None = None
    closed = False

    def close_subpath() -> None:
        if segments:
            subpaths.append(Subpath(tuple(segments), _rect(segments) if closed else None))
        segments.clear()

    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        if not segment or not raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = frame.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO or previous is None:
            close_subpath()
            start = previous = point
            closed = False
            continue
        if kind == raw.FPDF_SEGMENT_LINETO:
            segments.append((previous, point))
        previous = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            if point != start:
                segments.append((point, start))
            previous, closed = start, True
    close_subpath()
    return tuple(subpaths)


def _clip(obj: Any, matrix: Matrix, frame: Frame) -> Box | None:
    """The box every clip path of a page object lies in (the clip is their intersection), in
    the reading frame; None when the object is not clipped."""
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    box: Box | None = None
    for path in range(raw.FPDFClipPath_CountPaths(clip)):
        points = []
        for index in range(raw.FPDFClipPath_CountPathSegments(clip, path)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, path, index)
            if segment and raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                points.append(frame.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f))
        if not points:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        here = (min(xs), min(ys), max(xs), max(ys))
        box = here if box is None else (max(box[0], here[0]), max(box[1], here[1]), min(box[2], here[2]),
                                        min(box[3], here[3]))
    return box


def _painted(obj: Any, matrix: Matrix, outer: Matrix, frame: Frame) -> PaintedPath | None:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        fill.value, stroke.value = 1, 1  # mode unknown: taken as painted both ways
    if not fill.value and not stroke.value:
        return None  # neither filled nor stroked: draws nothing
    return PaintedPath(
        subpaths=_subpaths(obj, matrix, frame),
        fill=_paint(obj, raw.FPDFPageObj_GetFillColor) if fill.value else None,
        stroke=_paint(obj, raw.FPDFPageObj_GetStrokeColor) if stroke.value else None,
        half_width=_half_width(obj, matrix) if stroke.value else 0.0,
        clip=_clip(obj, outer, frame),
    )


def _walk(container: Any, count: Any, get: Any, matrix: Matrix, frame: Frame, depth: int,
          paths: list[PaintedPath]) -> None:
    for i in range(count(container)):
        obj = get(container, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            if painted := _painted(obj, _compose(_matrix(obj), matrix), matrix, frame):
                paths.append(painted)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
            _walk(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject,
                  _compose(_matrix(obj), matrix), frame, depth + 1, paths)


def painted_paths(page: pdfium.PdfPage, frame: Frame) -> list[PaintedPath]:
    """Every path object the page paints, form XObjects included, in paint order."""
    paths: list[PaintedPath] = []
    _walk(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, IDENTITY, frame, 0, paths)
    return paths


def page_edges(page: pdfium.PdfPage, frame: Frame, settings: PdfSettings = DEFAULT) -> list[dict[str, Any]]:
    """The edges of the rules that show on the page (rules.py says which do)."""
    return visible_edges(painted_paths(page, frame), settings.ink_contrast, settings.clip_margin)
