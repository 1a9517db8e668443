"""Painted paths → the ruling edges that show on the page, in pdfplumber's edge shape.

A rule counts only where it shows: painted in a colour that differs from what
lies behind it (white gridlines and white cell fills on white paper do not),
inside its path's clip, and not painted over by a later opaque fill. A filled
rectangle gives its four edges when its fill differs from what is behind it:
a thin one is a rule (its two long edges snap into one), a wide one a panel
whose outline shows. Pure functions on plain data; paths.py reads the data
from pdfium.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in the reading frame
Point = tuple[float, float]
Colour = tuple[float, float, float]  # RGB, 0–1
PAPER: Colour = (1.0, 1.0, 1.0)
OPAQUE = 0.999  # alpha from which a fill hides what it covers
AXIS_SLOPE = 0.5  # points of drift over a segment still read as a horizontal / vertical rule
EPSILON = 0.05  # points: rounding in the producer's coordinates, not a tolerance of layout


@dataclass(frozen=True, slots=True)
class Paint:
    colour: Colour
    alpha: float = 1.0


@dataclass(frozen=True, slots=True)
class Subpath:
    """One subpath's straight segments (closing segment included); `rect` when it is an
    axis-aligned rectangle."""

    segments: tuple[tuple[Point, Point], ...]
    rect: Box | None = None

    @property
    def box(self) -> Box:
        xs = [v for s in self.segments for v in (s[0][0], s[1][0])]
        ys = [v for s in self.segments for v in (s[0][1], s[1][1])]
        return (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class PaintedPath:
    """A path object as painted, in paint order on its page."""

    subpaths: tuple[Subpath, ...]
    fill: Paint | None = None
    stroke: Paint | None = None
    half_width: float = 0.0  # half the stroke width, points
    clip: Box | None = None


@dataclass(slots=True)
class Rule:
    """An axis-aligned piece of ink: along `start`–`end` at `at` (y for "h", x for "v")."""

    orientation: str
    at: float
    start: float
    end: float
    half: float  # half its ink's thickness across
    kind: str  # "line" (a stroke) or "rect" (a filled rectangle's edge), as pdfplumber names them
    order: int  # the index of the path that painted it
    covered: list[tuple[float, float]] = field(default_factory=list)


def shows(paint: Paint | None, behind: Colour, contrast: float) -> bool:
    """Whether paint differs enough from the colour behind it to be seen."""
    if paint is None or paint.alpha <= 0:
        return False
    return max(abs(a - b) for a, b in zip(paint.colour, behind, strict=True)) * paint.alpha >= contrast


def segment_to_rule(start: Point, end: Point, half: float, kind: str, order: int) -> Rule | None:
    """An axis-aligned segment as a rule, or None for a slanted or point-like one."""
    (x0, y0), (x1, y1) = start, end
    if abs(y1 - y0) <= AXIS_SLOPE and abs(x1 - x0) > AXIS_SLOPE:
        return Rule("h", (y0 + y1) / 2, min(x0, x1), max(x0, x1), half, kind, order)
    if abs(x1 - x0) <= AXIS_SLOPE and abs(y1 - y0) > AXIS_SLOPE:
        return Rule("v", (x0 + x1) / 2, min(y0, y1), max(y0, y1), half, kind, order)
    return None


def _contains(outer: Box, inner: Box, slack: float) -> bool:
    return (outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1]
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def colour_behind(box: Box, backgrounds: list[tuple[Box, Colour]], margin: float) -> Colour:
    """The colour of the latest opaque fill under `box`; the paper's when there is none. A box may
    stick out of the fill by `margin` (a cell's padding box drawn a hair off its shading), but by
    no more than a quarter of its own thickness (a hairline beside a rule is not under it)."""
    slack = _slack(box, margin)
    for under, colour in reversed(backgrounds):
        if _contains(under, box, slack):
            return colour
    return PAPER


def _slack(box: Box, margin: float) -> float:
    return max(min(margin, (box[2] - box[0]) / 4, (box[3] - box[1]) / 4), EPSILON)


GRID = 64.0  # points: the side of a cell of the backgrounds' index
MAX_CELLS = 4096  # a fill reaching more cells than this (a huge or broken box) is looked at for every box


def _cell_range(lo: float, hi: float) -> range | None:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    return range(int(lo // GRID), int(hi // GRID) + 1)


class Backgrounds:
    """The opaque fills painted so far, indexed by the grid cells they reach: a fill under a box
    holds the box's top-left corner (within the slack), so only the fills that reach that
    corner's cell are looked at. `behind` is `colour_behind` over the fills in paint order."""

    def __init__(self, margin: float) -> None:
        self.margin = margin
        self.reach = max(margin, EPSILON)  # the most slack `colour_behind` allows
        self.fills: list[tuple[Box, Colour]] = []
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.anywhere: list[int] = []  # fills too large (or too broken) to index

    def add(self, box: Box, colour: Colour) -> None:
        index = len(self.fills)
        self.fills.append((box, colour))
        xs, ys = _cell_range(box[0] - self.reach, box[2] + self.reach), _cell_range(box[1] - self.reach,
                                                                                    box[3] + self.reach)
        if xs is None or ys is None or (xs.stop - xs.start) * (ys.stop - ys.start) > MAX_CELLS:
            self.anywhere.append(index)
            return
        for gx in xs:
            for gy in ys:
                self.cells.setdefault((gx, gy), []).append(index)

    def _candidates(self, box: Box) -> list[int]:
        xs, ys = _cell_range(box[0], box[0]), _cell_range(box[1], box[1])
        if xs is None or ys is None:
            return list(range(len(self.fills)))
        found = self.cells.get((xs[0], ys[0]), [])
        return sorted({*found, *self.anywhere}) if self.anywhere else found

    def behind(self, box: Box) -> Colour:
        slack = _slack(box, self.margin)
        for index in reversed(self._candidates(box)):
            under, colour = self.fills[index]
            if _contains(under, box, slack):
                return colour
        return PAPER


def clipped(rule: Rule, clip: Box | None, margin: float) -> Rule | None:
    """The part of a rule inside its clip (widened by `margin`), or None when none is."""
    if clip is None:
        return rule
    x0, top, x1, bottom = clip[0] - margin, clip[1] - margin, clip[2] + margin, clip[3] + margin
    across, along = ((top, bottom), (x0, x1)) if rule.orientation == "h" else ((x0, x1), (top, bottom))
    if not across[0] <= rule.at <= across[1]:
        return None
    start, end = max(rule.start, along[0]), min(rule.end, along[1])
    if end - start <= AXIS_SLOPE:
        return None
    rule.start, rule.end = start, end
    return rule


def path_rules(path: PaintedPath, order: int, backgrounds: Backgrounds, contrast: float) -> list[Rule]:
    """The rules one path paints that show against what is behind them, cut to its clip."""
    made: list[Rule | None] = []
    margin = backgrounds.margin
    for sub in path.subpaths:
        behind = backgrounds.behind(sub.box)
        if path.fill is not None and shows(path.fill, behind, contrast):
            kind = "rect" if sub.rect is not None else "line"
            made.extend(segment_to_rule(a, b, 0.0, kind, order) for a, b in sub.segments)
        if path.stroke is not None and shows(path.stroke, behind, contrast):
            made.extend(segment_to_rule(a, b, path.half_width, "line", order) for a, b in sub.segments)
    return [r for m in made if m is not None and (r := clipped(m, path.clip, margin + path.half_width))]


def cover(rules: list[Rule], ats: list[float], box: Box, order: int) -> None:
    """Mark the parts of earlier rules (sorted by `at`, `ats` their positions) whose ink lies
    wholly under an opaque box painted as path `order`."""
    across, along = ((box[1], box[3]), (box[0], box[2])) if rules and rules[0].orientation == "h" \
        else ((box[0], box[2]), (box[1], box[3]))
    for rule in rules[bisect_left(ats, across[0]):bisect_right(ats, across[1])]:
        if rule.order < order and across[0] < rule.at - rule.half and rule.at + rule.half < across[1] \
                and rule.start < along[1] and along[0] < rule.end:
            rule.covered.append(along)


def uncovered(rule: Rule) -> list[tuple[float, float]]:
    """The stretches of a rule no later opaque fill hides."""
    pieces: list[tuple[float, float]] = []
    position = rule.start
    for lo, hi in sorted(rule.covered):
        if lo > position:
            pieces.append((position, min(lo, rule.end)))
        position = max(position, hi)
        if position >= rule.end:
            break
    if position < rule.end:
        pieces.append((position, rule.end))
    return [(a, b) for a, b in pieces if b - a > AXIS_SLOPE]


def rule_to_edges(rule: Rule) -> list[dict[str, Any]]:
    edges = []
    for start, end in uncovered(rule):
        if rule.orientation == "h":
            edges.append({"x0": start, "x1": end, "top": rule.at, "bottom": rule.at, "width": end - start,
                          "height": 0.0, "orientation": "h", "object_type": rule.kind})
        else:
            edges.append({"x0": rule.at, "x1": rule.at, "top": start, "bottom": end, "width": 0.0,
                          "height": end - start, "orientation": "v", "object_type": rule.kind})
    return edges


def visible_edges(paths: list[PaintedPath], contrast: float, margin: float) -> list[dict[str, Any]]:
    """The edges of the rules that show, in paint order (pdfplumber edge dicts)."""
    rules: list[Rule] = []
    backgrounds = Backgrounds(margin)
    covers: list[tuple[Box, int]] = []
    for order, path in enumerate(paths):
        rules.extend(path_rules(path, order, backgrounds, contrast))
        if path.fill is not None and path.fill.alpha >= OPAQUE:
            for sub in path.subpaths:
                if sub.rect is not None:
                    backgrounds.add(sub.rect, path.fill.colour)
                    covers.append((sub.rect, order))
    for orientation in ("h", "v"):
        along = sorted((r for r in rules if r.orientation == orientation), key=lambda r: r.at)
        ats = [r.at for r in along]
        for box, order in covers:
            cover(along, ats, box, order)
    return [edge for rule in rules for edge in rule_to_edges(rule)]
