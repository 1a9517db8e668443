"""OCR line-per-box text → cells: an OCR tool prints one text box a line, and a cell wider than its box
comes out as two or more boxes, one under the other. A box that fills the box width (its line had no
room for the head of the next one) runs on into the next line: the two are one cell."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .free_layout import wrap_head
from .free_model import TextAnchors, Token
from .widths import display_width

_BOX_LINES = 3  # lines that must fill the box width for the width to be the box's
_CELL_PER_LINE = 0.8  # share of single-cell lines of an OCR line-per-box block
_SHORT = 3  # display columns a full box may stop short of the width (a wide character, an odd column)
_FIGURES = frozenset({"number", "value"})
_LABELS = frozenset({"field", "section", "level1", "level2", "core_column", "column", "grid_column", "title", "trailer",
                     "sign_off"})


def box_width(lines: list[list[Token]]) -> int | None:
    """The width OCR boxes wrap at: the widest width (give or take a column) that many lines fill."""
    single = [display_width(row[0].text) for row in lines if len(row) == 1]
    if len(single) < _CELL_PER_LINE * len(lines) or len(single) < 2 * _BOX_LINES:
        return None
    counts = Counter(single)
    return next((w for w in sorted(counts, reverse=True) if counts[w] + counts.get(w - 1, 0) >= _BOX_LINES), None)


def join_box_wraps(lines: list[list[Token]], anchors: TextAnchors) -> list[list[Token]]:
    """Cell-per-line OCR output with the boxes of one wrapped cell joined."""
    width = box_width(lines)
    if width is None:
        return lines
    out: list[list[Token]] = []
    for row in lines:
        prev = out[-1] if out else None
        if prev is not None and len(prev) == 1 and len(row) == 1 and _runs_on(prev[0], row[0], width, anchors):
            text = prev[0].text + row[0].text
            out[-1] = [replace(prev[0], text=text, kind=anchors.kind(text))]
            continue
        out.append(list(row))
    return out


def _runs_on(box: Token, below: Token, width: int, anchors: TextAnchors) -> bool:
    """Whether `below` is the next box of the cell `box` starts: `box` fills the box width (give or take
    the closing mark a line may not start with) and the head of `below` did not fit; a label runs on only
    into the rest of its label, and a figure or quantity under a text is a cell of its own (a name and
    its target), not a wrap."""
    if below.page != box.page or below.line - box.line != 1 or box.kind == "title":
        return False
    used = display_width(box.text)
    if used > width or used < width - _SHORT or used + display_width(wrap_head(below.text)) <= width:
        return False
    if below.kind in _LABELS or box.kind in _LABELS:
        return anchors.joins_into_label(box.text, below.text)
    return below.kind not in _FIGURES
