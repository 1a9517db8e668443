"""Pieces of space-aligned text (pdftotext -layout) grouped into cells, for free_layout.py: a piece under
a full piece of its column continues it (the text had to wrap); where cells are centred in their rows, a
cell takes as many lines below its row's line as above it; where they are centred across their columns
too (`Geometry.across`), a piece centred under a label continues it, and a whole label takes no more."""

from __future__ import annotations

import re
import string

from .free_layout_geometry import SLACK, Cell, Geometry
from .free_model import OPEN_BRACKETS, TextAnchors, Token, TokenKind

LABEL_KINDS = frozenset({"field", "section", "level1", "level2", "core_column", "grid_column", "column"})
_NOT_LABELS = frozenset({"sign_off", "trailer", "title", "number", "value"})
_LABELS_BUT_FIELDS = LABEL_KINDS - {"field"}
_WRAP_LINES = 1  # lines from a piece to the next piece of its cell …
_WRAP_LINES_CENTRED = 2  # … where a centred cell's line may fall between


def is_label(cell: Cell, anchors: TextAnchors) -> bool:
    return cell_kind(cell, anchors) not in _NOT_LABELS


def cell_kind(cell: Cell, anchors: TextAnchors) -> TokenKind:
    return cell.pieces[0].kind if len(cell.pieces) == 1 else anchors.kind(cell_text(cell))


def cell_text(cell: Cell) -> str:
    return "".join(p.text for p in cell.pieces)


def cells_of(lines: list[list[Token]], geo: Geometry, anchors: TextAnchors, label_cols: set[int],
           centred: bool) -> list[Cell]:
    """Pieces grouped into cells: a piece under a full piece of its column continues it. Where cells sit
    at the top of their rows, a line on which one content cell starts starts a row: none of its content
    pieces continues a cell (a cell exactly as wide as its column is no wrap)."""
    cells: list[Cell] = []
    open_cell: dict[int, Cell] = {}
    rows_of_lines: set[int] = set()  # lines holding two content cells or more: in a centred layout, rows
    content_cols: dict[int, set[int]] = {}  # the content columns each line prints
    field_lines: set[int] = set()  # … of which those that are for a header label on them only
    reach = _WRAP_LINES_CENTRED if centred else _WRAP_LINES
    col_at = geo.col
    for row in lines:
        cols = [col_at(token.x or 0) for token in row]
        goes_on = [_goes_on(open_cell.get(col), token, geo, anchors, reach) and
                   (not geo.across or col not in label_cols or _label_piece(open_cell[col], token, anchors))
                   for col, token in zip(cols, row)]
        content = sum(col not in label_cols for col in cols)
        # at the top of their rows, a content cell or a merged label opening on a line starts a row there
        if not centred and not all(goes_on):  # … where a merged label above goes on only if it is unfinished
            goes_on = [g and col in label_cols and not _finished_label(open_cell[col], token, anchors)
                       for g, col, token in zip(goes_on, cols, row)]
        elif centred:
            if geo.across and geo.spanning:
                goes_on = _wrapped_with_label(row, cols, goes_on, open_cell, label_cols)
            for g, col in zip(goes_on, cols):  # a header label wrapped in its narrow column: not on its row's line
                if g and geo.across and col in label_cols and open_cell[col].first in field_lines:
                    rows_of_lines.discard(open_cell[col].first)
            goes_on = [g and (col in label_cols or _label_wrap(open_cell[col], token, anchors) or
                              _centred_goes_on(open_cell[col], rows_of_lines, content_cols, content))
                       for g, col, token in zip(goes_on, cols, row)]
            content_cols[row[0].line] = {col for col in cols if col not in label_cols}
            if content >= 2 or any(t.kind == "field" for t in row):  # a header label: on its row's line
                rows_of_lines.add(row[0].line)
                if content < 2:
                    field_lines.add(row[0].line)
        for token, col, joined in zip(row, cols, goes_on):
            if joined:
                open_cell[col].pieces.append(token)
                continue
            cell = Cell(col, [token])
            cells.append(cell)
            open_cell[col] = cell
    return cells


def _wrapped_with_label(row: list[Token], cols: list[int], goes_on: list[bool], open_cell: dict[int, Cell],
                        label_cols: set[int]) -> list[bool]:
    """Header rows centred across (`across`): a piece under the last piece of a value whose label wraps on
    the same lines (主管部门及 | 代码 beside 云岗县林业和草原局 | 040944) goes on with that value."""
    label_lines = {open_cell[col].last for g, col in zip(goes_on, cols) if g and col in label_cols}
    out = []
    for g, col, token in zip(goes_on, cols, row):
        cell = open_cell.get(col)
        out.append(g or (col not in label_cols and cell is not None and cell.last in label_lines and
                         abs((cell.pieces[-1].x or 0) - (token.x or 0)) <= SLACK))
    return out


def _label_piece(cell: Cell, token: Token, anchors: TextAnchors) -> bool:
    """Whether a piece continues the merged label above it where labels are centred across their column
    (so that no piece fills it): centred under it, or the two one label."""
    if token.under or token.text[:1] in OPEN_BRACKETS:
        return True
    text = cell_text(cell)
    if (key := anchors.level2_key(text)) is not None and anchors.level2_key(text + token.text) == key:
        return True  # the same label printed whole (服务对象满意度 | 指标（必填）)
    if anchors.kind(text) in LABEL_KINDS and _notes_closed(text):
        return False  # a whole label (its note closed): the piece under it is the next label
    return _completes(cell, token, anchors)


def _finished_label(cell: Cell, token: Token, anchors: TextAnchors) -> bool:
    """A whole label (its note closed) that a piece under it neither completes nor notes: on a line where a
    row starts, that piece begins the next merged label (可持续影响指标 over 社会公众或服务 | 对象满意度指标)."""
    if token.text[:1] in OPEN_BRACKETS:
        return False
    text = cell_text(cell)
    return anchors.kind(text) in LABEL_KINDS and _notes_closed(text) and not _completes(cell, token, anchors)


def _completes(cell: Cell, token: Token, anchors: TextAnchors) -> bool:
    """Whether a piece joined to a cell makes one label of it (its last piece and the piece one label broken
    over lines, or the cell's text and the piece a label together)."""
    return anchors.joins_into_label(cell.pieces[-1].text, token.text) or \
        anchors.kind_in(cell_text(cell) + token.text, LABEL_KINDS)


def _notes_closed(text: str) -> bool:
    return text.count("(") + text.count("（") <= text.count(")") + text.count("）")


def _label_wrap(cell: Cell, token: Token, anchors: TextAnchors) -> bool:
    """A piece centred under a header label that it completes (年度资金总 | 额:): its tail, whatever lies between."""
    return token.under and cell.pieces[-1].kind in LABEL_KINDS and \
        anchors.kind_in(cell_text(cell) + token.text, LABEL_KINDS)


def _centred_goes_on(cell: Cell, rows_of_lines: set[int], content_cols: dict[int, set[int]], content: int) -> bool:
    """Whether a cell centred in its row may take one more line: the row's line (a line holding two of
    its content cells, or one of another column printed between this cell's lines: a one-line value
    between the lines of a wrapped name) is its middle one, as many of its lines below as above; two
    lines of content cells one under the other are two rows."""
    if content >= 2 and cell.last in rows_of_lines:
        return False
    lines = [p.line for p in cell.pieces]
    middle = next((k for k in range(lines[0], lines[-1] + 1) if k in rows_of_lines or
                   (k not in lines and content_cols.get(k, set()) - {cell.col})), None)
    if middle is None:
        return True
    return sum(k > middle for k in lines) < sum(k < middle for k in lines)


# A bracketed note (a department's code) alone under a text: its tail, however much room the line left
_NOTE = re.compile(r"^[(（\[［【〔][^()（）\[\]［］【】〔〕]{1,16}[)）\]］】〕]$")


_RUN_CHARS = frozenset(string.ascii_letters + string.digits + ".,%")  # a run no wrap cuts is made of these


def _goes_on(above: Cell | None, token: Token, geo: Geometry, anchors: TextAnchors, reach: int) -> bool:
    if above is None or token.line - above.last > reach:
        return False
    if above.pieces[-1].text[-1:] in _RUN_CHARS and token.text[:1] in _RUN_CHARS:
        return False  # a wrap never cuts a run of ASCII letters and digits (14 under 15.5: two cells)
    last = above.pieces[-1]
    note = last.kind == "text" and _NOTE.match(token.text) is not None
    return (token.under or note or geo.full(last, token)) and _continues(above, token, anchors)


def _continues(above: Cell, token: Token, anchors: TextAnchors) -> bool:
    """A label under a full label, or a header label under a full text (实施单位 under a long name), is
    a cell of its own unless the two are one label broken over lines."""
    if token.kind in LABEL_KINDS and (above.pieces[-1].kind != "text" or token.kind == "field"):
        return anchors.joins_into_label(above.pieces[-1].text, token.text) or \
            (above.pieces[-1].kind != "field" and anchors.kind_in(cell_text(above) + token.text, _LABELS_BUT_FIELDS))
    return True
