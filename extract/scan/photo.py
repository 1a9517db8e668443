"""How a page looks before it is read: red seals left out; for photos (best effort) the sheet cut
from its background, the light evened out, the page plane squared up.

A photo is lit unevenly and taken at an angle: the paper's grey drifts across
the page, and rules that are parallel on paper converge. Light: the paper's
brightness (a wide closing, which removes the text) divides the page. Angle:
the largest ruled outline on the page (a table's border, or the sheet's edge)
has four corners; the homography that makes it a rectangle squares up the
whole page, since the page is one plane. A flat scan changes neither way:
its paper is even and its outline's opposite sides are parallel. Seals: red ink
is much redder than green and blue; painted the paper's grey, it reads as
nothing, while black ink under it (dark in every channel) stays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from .lines import ink_mask, paper_grey, stroke_mask

RED_MARGIN = 60  # a pixel this much redder than green and blue is red ink
RED_FRINGE_MARGIN = 20  # ... and a pixel beside red ink this much redder is its fringe
RED_MIN = 120  # ... and this bright in red (dark red-brown text is not a seal)
RED_SHARE = 0.001  # red on this share of a page: read from the red channel
MIN_SHEET_SHARE = 0.3  # a bright region this share of the image or more is the sheet ...
MAX_SHEET_SHARE = 0.97  # ... and when it covers more than this, there is nothing around it (a scan)
SHEET_RIM_SHARE = 0.015  # of the image's size: the sheet's shaded edge, cleared with what lies around it
UNEVEN_LIGHT_SPREAD = 40  # grey levels between the paper's darker and brighter parts (5th–95th percentile)
LIGHT_DOWNSCALE = 8  # the paper's brightness is smooth: measured on an eighth-size copy
MIN_OUTLINE_SHARE = 0.08  # an outline must enclose this share of the page to square it up by
PERSPECTIVE_MIN_DEGREES = 0.4  # opposite sides further from parallel than this: taken at an angle
MAX_PERSPECTIVE_DEGREES = 25.0  # beyond this the outline found is not a page's: leave the image alone


@dataclass(frozen=True, slots=True)
class PhotoFix:
    """What was done to a page image before reading it (for the record's warnings)."""

    code: str
    message: str


def red_marks(rgb: np.ndarray) -> np.ndarray:
    """Where an RGB page has red ink: much redder than green and blue and bright in red, and the
    paler fringe next to it (JPEG blurs colour at a mark's edge; left, the fringe reads as 口)."""
    red, green, blue = cv2.split(np.ascontiguousarray(rgb))
    redness = cv2.subtract(red, cv2.max(green, blue))
    strong = ((redness > RED_MARGIN) & (red > RED_MIN)).astype(np.uint8)
    near = cv2.dilate(strong, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))) > 0
    return (strong > 0) | (near & (redness > RED_FRINGE_MARGIN) & (red > RED_MIN))  # never dark ink


def has_red_marks(rgb: np.ndarray) -> bool:
    marked = red_marks(rgb)
    return cv2.countNonZero(marked.view(np.uint8)) >= RED_SHARE * marked.size


def grey_of(pixels: np.ndarray) -> tuple[np.ndarray, PhotoFix | None]:
    """The page in grey, red marks (a seal stamped over the table, a red signature) painted the
    paper's grey: a seal would read as rules and characters over the cells. Black and blue ink
    stay, under a seal too (ink on ink is dark in every channel)."""
    if pixels.ndim == 2:
        return pixels, None
    rgb = np.ascontiguousarray(pixels)
    marked = red_marks(rgb)
    share = cv2.countNonZero(marked.view(np.uint8)) / marked.size
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if share < RED_SHARE:
        return gray, None
    gray[marked] = paper_grey(gray)  # black text under the seal is dark in every channel: it stays
    fix = PhotoFix("red_ink_ignored", f"red marks on {share:.1%} of the page (a seal?) were left out")
    return gray, fix


def sheet_mask(gray: np.ndarray) -> tuple[np.ndarray | None, float]:
    """Where the sheet of paper is (255) when something lies around it (a desk, a shadow), and the
    share of the image it covers; None when the image is all sheet (a scan)."""
    height, width = gray.shape[:2]
    small = cv2.resize(gray, (max(1, width // LIGHT_DOWNSCALE), max(1, height // LIGHT_DOWNSCALE)),
                       interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None, 1.0
    sheet = cv2.convexHull(max(contours, key=cv2.contourArea))
    share = cv2.contourArea(sheet) / float(small.shape[0] * small.shape[1])
    if not MIN_SHEET_SHARE <= share <= MAX_SHEET_SHARE:
        return None, share
    filled = np.zeros(small.shape, dtype=np.uint8)
    cv2.drawContours(filled, [sheet], -1, 255, thickness=cv2.FILLED)
    rim = max(2, round(SHEET_RIM_SHARE * min(small.shape)))  # the sheet's shaded edge goes too
    inside = cv2.erode(filled, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * rim + 1, 2 * rim + 1)))
    return cv2.resize(inside, (width, height), interpolation=cv2.INTER_NEAREST), share


def paper_only(gray: np.ndarray, sheet: np.ndarray | None, share: float) -> tuple[np.ndarray, PhotoFix | None]:
    """The page with what lies around the sheet painted white: the sheet's edges would read as
    the rules of one table holding everything on the page."""
    if sheet is None:
        return gray, None
    cleared = gray.copy()
    cleared[sheet == 0] = 255
    return cleared, PhotoFix("photo_background", f"the sheet covers {share:.0%} of the image: "
                             "what lies around it was ignored")


def paper_brightness(gray: np.ndarray) -> np.ndarray:
    """The paper's grey at each pixel, text removed, at full size."""
    height, width = gray.shape[:2]
    small = cv2.resize(gray, (max(1, width // LIGHT_DOWNSCALE), max(1, height // LIGHT_DOWNSCALE)),
                       interpolation=cv2.INTER_AREA)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    smooth = cv2.medianBlur(closed, 5)
    return cv2.resize(smooth, (width, height), interpolation=cv2.INTER_LINEAR)


def even_light(gray: np.ndarray, sheet: np.ndarray | None = None) -> tuple[np.ndarray, PhotoFix | None]:
    """The page with its paper made one white when the light over it was uneven (measured on the
    sheet alone when there is something around it)."""
    paper = paper_brightness(gray)
    low, high = np.percentile(paper if sheet is None else paper[sheet > 0], (5, 95))
    if high - low < UNEVEN_LIGHT_SPREAD:
        return gray, None
    evened = cv2.divide(gray, np.maximum(paper, 1), scale=255)
    fix = PhotoFix("uneven_light", f"paper grey ranged {low:.0f}–{high:.0f}: light evened out before reading")
    return evened, fix


def _ordered(points: np.ndarray) -> np.ndarray:
    """Four corners as top-left, top-right, bottom-right, bottom-left."""
    pts = points.reshape(4, 2).astype(np.float32)
    sums, diffs = pts.sum(axis=1), pts[:, 1] - pts[:, 0]
    return np.array([pts[np.argmin(sums)], pts[np.argmin(diffs)], pts[np.argmax(sums)], pts[np.argmax(diffs)]],
                    dtype=np.float32)


def outline_corners(gray: np.ndarray) -> np.ndarray | None:
    """The corners of the largest ruled outline (top-left first, clockwise), None if there is none."""
    mask = ink_mask(gray)
    rules = cv2.bitwise_or(stroke_mask(mask, True), stroke_mask(mask, False))
    rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    contours, _ = cv2.findContours(rules, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull = cv2.convexHull(max(contours, key=lambda c: cv2.contourArea(cv2.convexHull(c))))
    if cv2.contourArea(hull) < MIN_OUTLINE_SHARE * gray.shape[0] * gray.shape[1]:
        return None
    corners = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    return _ordered(corners) if len(corners) == 4 else None


def _direction(a: np.ndarray, b: np.ndarray) -> float:
    return math.degrees(math.atan2(float(b[1] - a[1]), float(b[0] - a[0])))


def convergence_degrees(corners: np.ndarray) -> float:
    """How far the outline's opposite sides are from parallel (0 for any rotated rectangle)."""
    tl, tr, br, bl = corners
    across = abs(_direction(tl, tr) - _direction(bl, br))
    down = abs(_direction(tl, bl) - _direction(tr, br))
    return max(across, down)


def square_up(gray: np.ndarray) -> tuple[np.ndarray, PhotoFix | None]:
    """The page warped so its largest outline is a rectangle, when the photo was taken at an angle."""
    corners = outline_corners(gray)
    if corners is None:
        return gray, None
    degrees = convergence_degrees(corners)
    if not PERSPECTIVE_MIN_DEGREES <= degrees <= MAX_PERSPECTIVE_DEGREES:
        return gray, None
    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    x, y = float(tl[0]), float(tl[1])
    fit = min(1.0, (gray.shape[1] - 1) / (x + width), (gray.shape[0] - 1) / (y + height))  # stay on the image
    target = fit * np.array([[x, y], [x + width, y], [x + width, y + height], [x, y + height]], dtype=np.float32)
    homography = cv2.getPerspectiveTransform(corners, target)
    size = (gray.shape[1], gray.shape[0])
    squared = cv2.warpPerspective(gray, homography, size, flags=cv2.INTER_LINEAR, borderValue=paper_grey(gray))
    fix = PhotoFix("perspective_corrected", f"photographed at an angle (sides {degrees:.1f}° from parallel): "
                   "squared up before reading, best effort")
    return squared, fix
