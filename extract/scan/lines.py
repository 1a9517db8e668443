"""A page image → its ruling lines as pdfplumber edges, after deskewing (OpenCV morphology).

image → ink mask (adaptive threshold) → skew from the long strokes (Hough) →
rotated upright → horizontal and vertical strokes (opening with long thin
kernels) → one edge per stroke, in page points, for the same table finder the
PDF reader uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

MAX_SKEW_DEGREES = 5.0
SKEW_DOWNSCALE = 4
LINE_KERNEL_SHARE = 1 / 40  # a stroke at least this share of the page's width (height) is a rule
MIN_RULE_SHARE = 1 / 60  # shorter strokes left after opening are text, not rules
FAINT_RULE_SHARE = 0.4  # a rule goes on as dashes where this share of the columns has thin ink on its rows
FAINT_REACH = 2.0  # points: a rule ending this close to a vertical rule already meets it
ERASE_RULE_SHARE = 1 / 8  # strokes this long (a table's rules, joined) are painted out before OCR


@dataclass(slots=True)
class PageImage:
    """One page as pixels, upright, with its scale (pixels per point)."""

    pixels: np.ndarray  # grayscale uint8, 255 = paper
    scale: float
    skew_degrees: float = 0.0
    fixes: tuple[tuple[str, str], ...] = ()  # (warning code, message): what was done to the page before reading

    @property
    def size_points(self) -> tuple[float, float]:
        height, width = self.pixels.shape[:2]
        return width / self.scale, height / self.scale


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """255 where there is ink: an adaptive threshold copes with uneven light and grey scans."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    block = max(15, (min(gray.shape[:2]) // 60) | 1)
    return cv2.adaptiveThreshold(blurred, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 10)


def estimate_skew(mask: np.ndarray) -> float:
    """Degrees the page's long strokes lean by (positive: counterclockwise), 0.0 if none are found.

    Read on a quarter-size copy: the long rules survive it and Hough is sixteen times cheaper.
    """
    small = cv2.resize(mask, (mask.shape[1] // SKEW_DOWNSCALE, mask.shape[0] // SKEW_DOWNSCALE),
                       interpolation=cv2.INTER_AREA)
    small = cv2.threshold(small, 60, 255, cv2.THRESH_BINARY)[1]
    height, width = small.shape[:2]
    segments = cv2.HoughLinesP(small, 1, math.pi / 1800, threshold=60, minLineLength=width // 4, maxLineGap=3)
    if segments is None:
        return 0.0
    angles = []
    for x1, y1, x2, y2 in np.asarray(segments).reshape(-1, 4):
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
        if abs(angle) <= MAX_SKEW_DEGREES:
            angles.append(angle)
    return float(np.median(angles)) if angles else 0.0


def paper_grey(gray: np.ndarray) -> int:
    """The paper's grey: what most of a page is."""
    return int(np.median(gray[::8, ::8]))


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    angle = estimate_skew(ink_mask(gray))
    if abs(angle) < 0.05:
        return gray, 0.0
    height, width = gray.shape[:2]
    rotation = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    # the corners turned in take the paper's own grey: a white wedge on grey paper would be a rule,
    # and the edge rows smeared in (BORDER_REPLICATE) streaks that read as dashes
    upright = cv2.warpAffine(gray, rotation, (width, height), flags=cv2.INTER_LINEAR, borderValue=paper_grey(gray))
    return upright, angle


def stroke_mask(mask: np.ndarray, horizontal: bool) -> np.ndarray:
    """The long thin strokes of one direction: the rules, without the text."""
    height, width = mask.shape[:2]
    length = max(8, int((width if horizontal else height) * LINE_KERNEL_SHARE))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    opened = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    # bridge the small gaps noise and JPEG leave in a rule
    bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1) if horizontal else (1, 9))
    return cv2.morphologyEx(opened, cv2.MORPH_CLOSE, bridge)


def _long_only(strokes: np.ndarray, minimum: float, horizontal: bool) -> np.ndarray:
    """The strokes at least `minimum` pixels long: rules, never a run of touching characters (一年, 干部)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(strokes, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_WIDTH if horizontal else cv2.CC_STAT_HEIGHT] >= minimum
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def erase_rules(gray: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page and its ink mask with the rules painted out, so no rule reads as 1 or l."""
    height, width = mask.shape[:2]
    rules = cv2.bitwise_or(_long_only(stroke_mask(mask, True), width * ERASE_RULE_SHARE, True),
                           _long_only(stroke_mask(mask, False), height * ERASE_RULE_SHARE / 2, False))
    rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    clean = gray.copy()
    clean[rules > 0] = 255
    text = cv2.bitwise_and(mask, cv2.bitwise_not(rules))
    # scanner noise and JPEG specks: isolated dots that would read as lines of garbage
    text = cv2.morphologyEx(text, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (2, 2)))
    return clean, text


def _strokes(mask: np.ndarray, horizontal: bool) -> list[tuple[int, int, int, int]]:
    """(x, y, w, h) of each rule stroke of one direction."""
    height, width = mask.shape[:2]
    count, _, stats, _ = cv2.connectedComponentsWithStats(stroke_mask(mask, horizontal), connectivity=8)
    minimum = (width if horizontal else height) * MIN_RULE_SHARE
    return [(int(x), int(y), int(w), int(h)) for x, y, w, h, _ in stats[1:count] if (w if horizontal else h) >= minimum]


def _dashed_share(inked: np.ndarray, top: int, bottom: int, a: int, b: int) -> float:
    """The share of columns a..b with ink on rows top..bottom and none just above and below:
    a hairline broken into dashes has it, text (ink above and below too) does not."""
    band = inked[max(top - 1, 0):bottom + 1, a:b].any(axis=0)
    near = inked[max(top - 4, 0):max(top - 1, 0), a:b].any(axis=0) | inked[bottom + 1:bottom + 4, a:b].any(axis=0)
    return float((band & ~near).mean()) if b > a else 0.0


def _reaching_rules(horizontals: list[tuple[int, int, int, int]], verticals: list[tuple[int, int, int, int]],
                    inked: np.ndarray, reach: int) -> list[tuple[int, int, int, int]]:
    """Horizontal rules carried on to the vertical rule they stop short of, where they go on
    there as dashes: a hairline the threshold broke up (a faint scan at 150 dpi). Only as far as
    the next vertical rule, and only over a gap that is mostly dashes."""
    carried = []
    for x, y, w, h in horizontals:
        crossing = sorted(vx + vw // 2 for vx, vy, vw, vh in verticals if vy - reach <= y <= vy + vh + reach)
        left = max((v for v in crossing if v < x - reach), default=None)
        right = min((v for v in crossing if v > x + w + reach), default=None)
        touching_left = any(abs(v - x) <= reach for v in crossing)
        touching_right = any(abs(v - (x + w)) <= reach for v in crossing)
        start, end = x, x + w
        if left is not None and not touching_left and _dashed_share(inked, y, y + h, left, x) >= FAINT_RULE_SHARE:
            start = left
        if right is not None and not touching_right and _dashed_share(inked, y, y + h, end, right) >= FAINT_RULE_SHARE:
            end = right
        carried.append((start, y, end - start, h))
    return carried


def page_edges(image: PageImage, mask: np.ndarray | None = None) -> list[dict[str, Any]]:
    """The page's rules as pdfplumber edge dicts, in points (`mask`: its ink mask, if made already)."""
    mask = ink_mask(image.pixels) if mask is None else mask
    s = image.scale
    edges: list[dict[str, Any]] = []
    verticals = _strokes(mask, horizontal=False)
    horizontals = _reaching_rules(_strokes(mask, horizontal=True), verticals, mask > 0, max(2, round(FAINT_REACH * s)))
    for x, y, w, h in horizontals:
        top = (y + h / 2) / s
        edges.append({"x0": x / s, "x1": (x + w) / s, "top": top, "bottom": top, "width": w / s, "height": 0.0,
                      "orientation": "h", "object_type": "line"})
    for x, y, w, h in verticals:
        left = (x + w / 2) / s
        edges.append({"x0": left, "x1": left, "top": y / s, "bottom": (y + h) / s, "width": 0.0, "height": h / s,
                      "orientation": "v", "object_type": "line"})
    return edges
