"""A cell's ink → its text lines, as boxes for the recogniser to read one by one.

cell box → inner ink (rule remains at its edges cleared) → runs of inked pixel
rows (a row with little ink next to the busiest is a gap: descenders and a
trace of skew do not join lines) → runs settled against the page's line
height (pieces of one line such as 二 joined, lines printed too tight to leave
a gap split at the thinnest rows, halves of lines a page break cut and runs of
mere specks dropped)
→ line boxes.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import cv2
import numpy as np

CELL_INSET = 3  # pixels trimmed inside a cell's rules before reading it
MIN_INK_ROWS = 3  # a run of inked pixel rows shorter than this is noise
MIN_LINE_INK = 25  # ink pixels a line needs (a lone "1" at 200 dpi has about 50)
LINE_GAP_SHARE = 0.05  # a pixel row with less ink than this share of the cell's busiest row is a gap
EDGE_BAND = 6  # pixels at each side of a cell where a stroke as long as the cell is what is left of a rule
RULE_SPAN_SHARE = 0.85  # ... "as long as the cell": this share of its inner height (width)
TALL_LINE_SHARE = 1.6  # a run this many line heights tall holds lines printed without a gap
THIN_LINE_SHARE = 0.5  # a run under this share of a line height is a piece of a line (二, 三, a stroke)
MIN_RUNS_FOR_HEIGHT = 3  # runs a page needs before its typical line height is trusted
STROKE_SHARE = 0.4  # a line's longest stroke must be this share of a line height: else it is specks
MIN_STROKE_THICKNESS = 1.3  # pixels a stroke is thick on average (ink ÷ length): a hairline is a rule's trace
VALLEY_SHARE = 0.35  # a tall run is cut only where its ink thins to this share of its usual row
MARK_REACH_SHARE = 0.6  # small marks (，。) this share of a line height beside the strokes belong to the line
CUT_LINE_SHARE = 0.6  # a run under this share of a line height against a cell's top or bottom edge
CUT_LINE_REACH = 2  # ... "against": within this many pixels: a line the page's edge cut in half


@dataclass(frozen=True, slots=True)
class LineBox:
    """One text line of a cell, in page pixels."""

    x0: int
    top: int
    x1: int
    bottom: int

    @property
    def height(self) -> int:
        return self.bottom - self.top


def _without_rule_remains(ink: np.ndarray) -> np.ndarray:
    """The cell's ink without the strokes along its edges that span it (a rule the eraser missed:
    a short rule, or one that drifts with the scan's residual skew)."""
    height, width = ink.shape
    cleared = ink.copy()
    columns, rows = ink.sum(axis=0), ink.sum(axis=1)
    band = min(EDGE_BAND, width // 4)
    for c in [*range(band), *range(width - band, width)]:
        if columns[c] >= RULE_SPAN_SHARE * height:
            cleared[:, c] = False
    band = min(EDGE_BAND, height // 4)
    for r in [*range(band), *range(height - band, height)]:
        if rows[r] >= RULE_SPAN_SHARE * width:
            cleared[r, :] = False
    return cleared


def _runs(inked: np.ndarray, minimum: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True at least `minimum` long."""
    padded = np.concatenate(([False], inked, [False]))
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(s), int(e)) for s, e in zip(changes[::2], changes[1::2], strict=True) if e - s >= minimum]


def _trimmed(ink: np.ndarray, origin: tuple[int, int], top: int, bottom: int) -> LineBox | None:
    """The box of the ink in rows top..bottom of `ink` (page pixels), None if too little ink."""
    part = ink[top:bottom]
    if int(part.sum()) < MIN_LINE_INK:
        return None  # a speck the scanner left, not a character
    rows = np.flatnonzero(part.sum(axis=1))
    columns = np.flatnonzero(part.sum(axis=0))
    x, y = origin
    return LineBox(x + int(columns[0]), y + top + int(rows[0]), x + int(columns[-1]) + 1, y + top + int(rows[-1]) + 1)


@dataclass(slots=True)
class CellInk:
    """A cell's inner ink and the line runs found in it."""

    ink: np.ndarray  # bool, the cell's inner area
    origin: tuple[int, int]  # page pixel of ink[0, 0]
    lines: list[LineBox]


def cell_ink(mask: np.ndarray, box_px: tuple[int, int, int, int]) -> CellInk:
    """A cell's text lines as the gaps between them show."""
    x0, top, x1, bottom = box_px
    x0, top, x1, bottom = x0 + CELL_INSET, top + CELL_INSET, x1 - CELL_INSET, bottom - CELL_INSET
    if x1 - x0 < 4 or bottom - top < 4:
        return CellInk(np.zeros((0, 0), dtype=bool), (x0, top), [])
    ink = _without_rule_remains(mask[top:bottom, x0:x1] > 0)
    profile = ink.sum(axis=1)
    gap = max(1.0, LINE_GAP_SHARE * float(profile.max(initial=0)))
    runs = _runs(profile > gap, MIN_INK_ROWS)
    lines = [box for s, e in _widened(runs, profile) if (box := _trimmed(ink, (x0, top), s, e)) is not None]
    return CellInk(ink, (x0, top), lines)


def _widened(runs: list[tuple[int, int]], profile: np.ndarray) -> list[tuple[int, int]]:
    """Runs grown over the faint rows that touch them (a comma's tail, a thin stroke), never into
    the next run: the gap test finds lines, not where they end. Where faint rows join two runs,
    they part at the thinnest row between them."""
    bounds = [0, *(e for _, e in runs)], [*(s for s, _ in runs), len(profile)]
    grown = []
    for k, (start, end) in enumerate(runs):
        floor, ceiling = bounds[0][k], bounds[1][k + 1]  # the run above's end, the run below's start
        while start > floor and profile[start - 1] > 0:
            start -= 1
        while end < ceiling and profile[end] > 0:
            end += 1
        grown.append([start, end])
    for k in range(len(grown) - 1):
        above, below = grown[k], grown[k + 1]
        if above[1] >= below[0]:  # no empty row between them
            lo, hi = runs[k][1], runs[k + 1][0]
            cut = lo + int(np.argmin(profile[lo:hi])) if hi > lo else lo
            above[1], below[0] = cut, cut
    return [(start, end) for start, end in grown]


def typical_line_height(cells: list[CellInk]) -> float | None:
    """The page's usual text-line height in pixels (most cells hold one line), None if too few."""
    heights = [line.height for cell in cells for line in cell.lines]
    return float(statistics.median(heights)) if len(heights) >= MIN_RUNS_FOR_HEIGHT else None


def _joined_thin(cell: CellInk, line_height: float) -> list[LineBox]:
    """Runs too thin to be a line joined to the neighbour they belong to, when the two fit in one line."""
    joined: list[LineBox] = []
    for line in cell.lines:
        if joined:
            last = joined[-1]
            union = LineBox(min(last.x0, line.x0), last.top, max(last.x1, line.x1), line.bottom)
            thin = min(last.height, line.height) < THIN_LINE_SHARE * line_height
            if thin and union.height <= TALL_LINE_SHARE * line_height:
                joined[-1] = union
                continue
        joined.append(line)
    return joined


def _split_tall(cell: CellInk, line: LineBox, line_height: float) -> list[LineBox]:
    """A run holding several lines cut at its thinnest rows near where each line should end."""
    count = round(line.height / line_height)
    if line.height < TALL_LINE_SHARE * line_height or count < 2:
        return [line]
    x, y = cell.origin
    top, bottom = line.top - y, line.bottom - y
    profile = cell.ink[top:bottom].sum(axis=1)
    step = (bottom - top) / count
    reach = max(1, int(step * 0.3))
    valley = VALLEY_SHARE * float(np.median(profile[profile > 0]))
    cuts = [top]
    for k in range(1, count):
        start = max(int(k * step) - reach, 1)
        window = profile[start:min(int(k * step) + reach, len(profile) - 1)]
        # only where the ink thins out: a line made tall by a stroke beside it is still one line
        if window.size and window.min() <= valley:
            cuts.append(top + start + int(np.argmin(window)))
    cuts.append(bottom)
    parts = [_trimmed(cell.ink, cell.origin, a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
    return [p for p in parts if p is not None]


def settled_lines(cell: CellInk, line_height: float | None) -> list[LineBox]:
    """The cell's lines after thin pieces are joined and tall runs split (see the module doc)."""
    if line_height is None or not cell.lines:
        return cell.lines
    lines = [part for line in _joined_thin(cell, line_height) for part in _split_tall(cell, line, line_height)]
    kept = (to_strokes(cell, line, line_height) for line in lines if not _cut_by_edge(cell, line, line_height))
    return [line for line in kept if line is not None]


def to_strokes(cell: CellInk, line: LineBox, line_height: float) -> LineBox | None:
    """The line narrowed to its characters (strokes as long as a character's: 一 is wide, 1 is
    tall, and the marks close beside them: ，。), or None when it holds only specks: scanner
    noise and JPEG blotches read as strings of letters and digits."""
    x, y = cell.origin
    part = cell.ink[line.top - y:line.bottom - y, line.x0 - x:line.x1 - x].astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(part, connectivity=8)
    boxes = [(int(left), int(left + w), max(int(w), int(h)), int(area)) for left, _, w, h, area in stats[1:count]]
    # a stroke: long enough for a character's, and thicker than a hairline (a rule's last trace)
    strokes = [(a, b) for a, b, extent, area in boxes
               if extent >= STROKE_SHARE * line_height and area >= MIN_STROKE_THICKNESS * extent]
    if not strokes:
        return None
    reach = MARK_REACH_SHARE * line_height
    lo, hi = min(a for a, _ in strokes), max(b for _, b in strokes)
    near = [(a, b) for a, b, _, _ in boxes if b >= lo - reach and a <= hi + reach]
    lo, hi = min(a for a, _ in near), max(b for _, b in near)
    return LineBox(line.x0 + lo, line.top, line.x0 + hi, line.bottom)


def _cut_by_edge(cell: CellInk, line: LineBox, line_height: float) -> bool:
    """The visible half of a line a page break cut (a merged label printed across the cut):
    short, and pressed against the cell's top or bottom edge. Read, it is only garbage."""
    if line.height >= CUT_LINE_SHARE * line_height:
        return False
    top = line.top - cell.origin[1]
    bottom = cell.ink.shape[0] - (line.bottom - cell.origin[1])
    return min(top, bottom) <= CUT_LINE_REACH
