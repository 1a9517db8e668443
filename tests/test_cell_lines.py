"""A cell's ink → its text lines: gaps, tight lines, pieces of one line, rule remains, cut halves."""

from __future__ import annotations

import numpy as np
from jixiao.extract.scan.cell_lines import CELL_INSET, cell_ink, settled_lines, typical_line_height

LINE = 20  # pixels a line of text is tall here


def _page(height: int = 200, width: int = 400) -> np.ndarray:
    return np.zeros((height, width), dtype=np.uint8)


def _text(mask: np.ndarray, top: int, height: int = LINE, left: int = 40, chars: int = 8) -> None:
    """A line of 'characters': each a box outline with a cross, like a CJK glyph's strokes."""
    for k in range(chars):
        x = left + k * 22
        mask[top:top + height, x:x + 2] = 255
        mask[top:top + height, x + 16:x + 18] = 255
        mask[top, x:x + 18] = mask[top + height - 1, x:x + 18] = 255
        mask[top + height // 2, x:x + 18] = 255


def _lines(mask: np.ndarray, box: tuple[int, int, int, int], line_height: float | None = LINE) -> list[tuple[int, int]]:
    return [(line.top, line.bottom) for line in settled_lines(cell_ink(mask, box), line_height)]


def test_lines_with_a_gap_between_them_are_read_apart() -> None:
    mask = _page()
    _text(mask, 20)
    _text(mask, 44)
    mask[40:43, 60:63] = 255  # a comma's tail hanging into the gap
    assert _lines(mask, (0, 0, 400, 100)) == [(20, 43), (44, 64)]


def test_lines_printed_without_a_gap_are_split_at_their_thinnest_rows() -> None:
    mask = _page()
    for top in (20, 40, 60):
        _text(mask, top, height=LINE - 2)
    mask[38:40, 50:55] = mask[58:60, 120:125] = 255  # strokes that touch the next line: no blank row
    assert _lines(mask, (0, 0, 400, 120)) == [(20, 38), (38, 58), (58, 78)]


def test_pieces_of_one_line_are_joined() -> None:
    mask = _page()
    for top in (30, 38, 46):  # 三: three strokes, blank rows between them
        mask[top:top + 3, 50:70] = 255
    assert _lines(mask, (0, 0, 400, 100)) == [(30, 49)]


def test_what_is_left_of_a_rule_at_a_cells_edge_is_not_text() -> None:
    mask = _page()
    mask[0:60, CELL_INSET + 1:CELL_INSET + 3] = 255  # the left rule drifted into the cell
    assert _lines(mask, (0, 0, 400, 60)) == []
    _text(mask, 20, left=CELL_INSET + 30)
    assert _lines(mask, (0, 0, 400, 60)) == [(20, 40)]


def test_a_line_cut_in_half_by_the_page_edge_is_dropped() -> None:
    mask = _page()
    _text(mask, CELL_INSET, height=8)  # the lower half of a line whose top half was on the page before
    _text(mask, 30)
    assert _lines(mask, (0, 0, 400, 80)) == [(30, 50)]
    assert _lines(mask, (0, 0, 400, 80), line_height=None) == [(CELL_INSET, CELL_INSET + 8), (30, 50)]


def test_the_pages_line_height_is_what_most_cells_show() -> None:
    mask = _page(height=300)
    boxes = [(0, 0, 400, 50), (0, 50, 400, 100), (0, 100, 400, 150), (0, 150, 400, 260)]
    for box in boxes[:3]:
        _text(mask, box[1] + 15)
    for top in (165, 185, 205):
        _text(mask, top)
    assert typical_line_height([cell_ink(mask, box) for box in boxes]) == LINE


def test_lines_joined_by_faint_rows_part_at_the_faintest() -> None:
    mask = _page()
    for top in (20, 42, 64):
        _text(mask, top)
    for row in (40, 41, 62, 63):  # a few pixels of ink in every row between the lines
        mask[row, 100:103] = 255
    assert _lines(mask, (0, 0, 400, 120)) == [(20, 40), (40, 62), (62, 84)]


def test_specks_are_no_line_and_do_not_widen_one() -> None:
    mask = _page()
    rng = np.random.default_rng(3)
    for y, x in zip(rng.integers(15, 35, 40), rng.integers(10, 390, 40), strict=True):
        mask[y:y + 2, x:x + 2] = 255  # JPEG blotches and scanner noise in an empty stretch
    assert _lines(mask, (0, 0, 400, 50)) == []
    mask = _page()
    _text(mask, 20, left=200, chars=3)
    mask[28:30, 20:22] = mask[25:27, 380:382] = 255  # specks far to either side of the text
    mask[36:39, 268:271] = 255  # a full stop just after it
    [line] = settled_lines(cell_ink(mask, (0, 0, 400, 60)), LINE)
    assert (line.x0, line.x1) == (200, 271)
