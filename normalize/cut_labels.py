"""Label cells of merged ranges cut by a page break, made whole again.

A level-1 or level-2 label merged over rows that a page break splits is
printed once, and where it shows depends on the producer: on the page that
holds most of the range, across the cut (half its lines above, half below),
or on both pages clipped. A born-digital PDF keeps the clipped glyphs; a
scan or a dump keeps only what shows. At each break, per label column:

- both sides hold text that is no label alone but is one joined
  (数量指标(必填硬 | 性指标)) → both take the joined text;
- the side above is a ruled, empty cell of its own (no span from a label
  above reaches it) and the side below holds a label → the side above takes it
  (the label was printed below the cut).

A label above the cut and nothing below needs no mending: labels carry down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from jixiao.extract.model import Cell

from .labels import is_section_label, match_level1, match_level2
from .rows import BodyColumns

LabelTest = Callable[[str], bool]


def _row_page(row: list[Cell]) -> int:
    return row[0].page if row else 0


def _cell_at(row: list[Cell], col: int) -> int | None:
    """The index in `row` of the cell printed in column `col` (rows can be ragged)."""
    return next((i for i, cell in enumerate(row) if cell.col == col), None)


def _is_placeholder(cell: Cell) -> bool:
    """A grid position a span covers, or a dump's empty cell: no box, no text."""
    return cell.is_empty and cell.bbox is None and cell.rowspan == 1


def _covering_above(rows: list[list[Cell]], below: int, col: int) -> tuple[int, int] | None:
    """(row, index) of the cell that covers row `below - 1` in `col`, on its page."""
    last = below - 1
    page = _row_page(rows[last])
    for r in range(last, -1, -1):
        if _row_page(rows[r]) != page:
            return None
        i = _cell_at(rows[r], col)
        if i is None:
            return None
        cell = rows[r][i]
        if _is_placeholder(cell):
            continue
        return (r, i) if r + cell.rowspan - 1 >= last else None
    return None


def _label_tests(cols: BodyColumns) -> dict[int, LabelTest]:
    tests: dict[int, LabelTest] = {col: is_section_label for col in range(cols.level1)}
    tests[cols.level1] = lambda text: match_level1(text).canonical is not None
    tests[cols.level2] = lambda text: match_level2(text).canonical is not None
    return tests


def _mended_pair(above: Cell, below: Cell, is_label: LabelTest) -> tuple[Cell, Cell] | None:
    if not above.is_empty and not below.is_empty:
        if is_label(above.text) and is_label(below.text):
            return None
        joined = f"{above.text}\n{below.text}"
        if not is_label(joined):
            return None
        confidence = min(above.confidence, below.confidence)
        return replace(above, text=joined, confidence=confidence), replace(below, text=joined, confidence=confidence)
    if above.is_empty and above.bbox is not None and not below.is_empty and is_label(below.text):
        return replace(above, text=below.text, confidence=below.confidence), below
    return None


def _continues_label(rows: list[list[Cell]], r: int, col: int, is_label: LabelTest) -> bool:
    """Whether the cell at row `r` opens its page and the previous page ends under a label in `col`."""
    if r == 0 or _row_page(rows[r - 1]) == _row_page(rows[r]):
        return False
    covering = _covering_above(rows, r, col)
    return covering is not None and is_label(rows[covering[0]][covering[1]].text)


def mend_cut_labels(rows: list[list[Cell]], cols: BodyColumns) -> list[list[Cell]]:
    """The body rows with label cells cut by page breaks made whole (see the module doc)."""
    mended = [list(row) for row in rows]
    tests = _label_tests(cols)
    for k in range(1, len(mended)):
        if _row_page(mended[k]) == _row_page(mended[k - 1]):
            continue
        above = k  # the cut's upper side: its last row with text (a doubled rule makes an empty sliver)
        while above - 1 > 0 and _row_page(mended[above - 2]) == _row_page(mended[k - 1]) and \
                all(cell.is_empty for cell in mended[above - 1]):
            above -= 1
        for col, is_label in tests.items():
            above_at = _covering_above(mended, above, col)
            below_i = _cell_at(mended[k], col)
            if above_at is None or below_i is None:
                continue
            r, i = above_at
            if mended[r][i].is_empty and _continues_label(mended, r, col, is_label):
                continue  # the empty cell carries on a label cut at the break before: the label below is new
            pair = _mended_pair(mended[r][i], mended[k][below_i], is_label)
            if pair is not None:
                mended[r][i], mended[k][below_i] = pair
    return mended
