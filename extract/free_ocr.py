"""OCR line-per-box text → cells: an OCR tool prints one text box a line, and a cell wider than its box
comes out as two or more boxes, one under the other. A box that fills the box width (its line had no
room for the head of the next one) runs on into the next line: the two are one cell."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from .free_layout_geometry import wrap_head
from .free_model import TextAnchors
from .model import TextLine
from .widths import display_width

_BOX_LINES = 3  # lines that must fill the box width for the width to be the box's
_CELL_PER_LINE = 0.8  # share of single-cell lines of an OCR line-per-box block
_OVER_BOX = 2  # a box may run past the width by a run of letters and digits no wrap may cut …
_WIDER_LINES = 0  # … and only titles are printed wider: where another line is, its cells are printed whole
_SHORT = 3  # display columns a full box may stop short of the width (a wide character, an odd column)
_FIGURES = frozenset({"number", "value"})
_LABELS = frozenset({"field", "section", "level1", "level2", "core_column", "column", "grid_column", "title", "trailer",
                     "sign_off"})


def box_width(lines: list[TextLine], parts: list[int], anchors: TextAnchors) -> int | None:
    """The width OCR boxes wrap at: the widest width (give or take a wide character) that many lines fill, where
    nearly every line is one box (`parts`: the cells each line splits into)."""
    ones = parts[:len(lines)].count(1)  # told before any line is measured: most blocks are no boxes
    if ones < _CELL_PER_LINE * len(lines) or ones < 2 * _BOX_LINES:
        return None
    single = [line.indent + display_width(line.text) for line, n in zip(lines, parts) if n == 1]
    counts = Counter(single)
    width = next((w for w in sorted(counts, reverse=True) if counts[w] + counts.get(w - 1, 0) + counts.get(w - 2, 0) >= _BOX_LINES), None)
    if width is None:
        return None
    wider = sum(n == 1 and display_width(line.text) > width + _OVER_BOX and anchors.kind(line.text) != "title"
                for line, n in zip(lines, parts))  # a line of several cells (a sign-off line) is no box
    return width if wider <= _WIDER_LINES else None  # cells printed whole, wider than any box: no boxes


@dataclass(slots=True)
class Boxes:
    """OCR line-per-box output with the boxes of each wrapped cell joined into one line."""
    lines: list[TextLine]
    pieces: dict[int, list[str]] = field(default_factory=dict)  # line of a joined cell → its boxes (one cell each)
    full: set[int] = field(default_factory=set)  # lines of boxes that fill the width, the box below not joined
    width: int | None = None  # the box width, where the lines are OCR boxes


def join_box_wraps(lines: list[TextLine], parts: list[int], anchors: TextAnchors) -> Boxes:
    """Line-per-box OCR output with the boxes of one wrapped cell joined into one line; the boxes each joined
    line was made of (a box that just fills the width may as well be a whole cell: the rows tell), and the
    boxes that fill the width with a figure below them (经费81.68万元，每人每 | 年3.5万元: a wrap, or a name and
    its value)."""
    width = box_width(lines, parts, anchors)
    if width is None:
        return Boxes(lines)
    out = Boxes([], width=width)
    last: TextLine | None = None  # the last box of the cell out.lines[-1] ends with
    for line in lines:
        if last is not None and _runs_on(last, line, width, anchors):
            head = out.lines[-1]
            box = " " * line.indent + line.text  # a box that opens with a space (困难, | 年内完成…): kept
            pieces = out.pieces.setdefault(head.line or 0, [head.text])
            if _moved_with_its_mark(last, line, width):
                pieces[-1] += box  # no box of its own: a wrap for certain
            else:
                pieces.append(box)
            out.lines[-1] = replace(head, text=head.text + box)
        else:
            if last is not None and _fills(last, line, width):
                out.full.add(out.lines[-1].line or 0)
            out.lines.append(line)
        last = line
    return out


def _moved_with_its_mark(box: TextLine, below: TextLine, width: int) -> bool:
    """Whether `box` stops short of the width only because the next box's first character, which would have
    fitted, may not leave the mark after it to open a line (部分群众参与度不 | 高，将改进…): a wrap, not a cell
    that happens to end there (a box that just fills the width may be either)."""
    used = box.indent + display_width(box.text)
    head = wrap_head(below.text)
    marks = head[1:]  # the closing marks the first character carried down (a run of letters and figures is no mark)
    return used < width and bool(marks) and not any(ch.isalnum() for ch in marks) and \
        used + display_width(below.text[:1]) <= width


def _fills(box: TextLine, below: TextLine, width: int) -> bool:
    """Whether `box` fills the box width with no room for the head of the next line (on the same page)."""
    if below.page != box.page or box.line is None or below.line != box.line + 1:
        return False
    used = box.indent + display_width(box.text)
    return width - _SHORT <= used <= width < used + display_width(wrap_head(below.text))


def _runs_on(box: TextLine, below: TextLine, width: int, anchors: TextAnchors) -> bool:
    """Whether `below` is the next box of the cell `box` starts: `box` fills the box width (give or take
    the closing mark a line may not start with) and the head of `below` did not fit; a label runs on only
    into the rest of its label, and a figure or quantity under a text is a cell of its own (a name and
    its target), not a wrap."""
    if below.page != box.page or box.line is None or below.line != box.line + 1:
        return False
    box_kind, below_kind = anchors.kind(box.text), anchors.kind(below.text)
    if box_kind == "title":
        return False
    used = box.indent + display_width(box.text)
    if used > width or used < width - _SHORT or used + display_width(wrap_head(below.text)) <= width:
        return False
    if below_kind in _LABELS:
        return anchors.joins_into_label(box.text, below.text)
    if box_kind in _LABELS:  # a label's head: it runs on only into the rest of a label
        return anchors.joins_into_label(box.text, below.text) or anchors.kind(box.text + below.text) in _LABELS
    return below_kind not in _FIGURES
