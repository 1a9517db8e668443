"""Space-aligned text (pdftotext -layout) → one token row per table row.

pdftotext prints a table's cells at their character positions: a cell wider than its column wraps onto
the next line(s) in its own column while the other columns are blank there, and a cell may sit at the
top of its row or centred in it (a single-line value between the two lines of a wrapped name), a
merged label (一级指标 over five rows) at the top or in the middle of the rows it covers. This module
rebuilds the rows from the geometry alone:

- columns: the display columns where cells start; each piece of text belongs to the last column
  starting at or before it;
- cells: a piece continues the piece above it in its column when that one fills its column (the text
  had to wrap), else it starts a new cell;
- rows: the cells of the content columns (names, values) whose lines overlap make one row; a row
  holding two cells of one column is two rows run into one (a full-width cell read as wrapped), split
  where the cells of that column start;
- merged labels (the margin column, and the section and level columns under the indicator column
  names): at the top of their rows, each covers the rows from its own down to the next label; centred,
  each covers the run of rows it fits the middle of best (free_layout_labels.py). The label is put on
  the first row it covers, as a notation that prints a merged cell once does.
- centred cells (judged per page, from the signs in free_layout_geometry.py): a cell takes as many
  lines below its row's line as above it (free_layout_join.py builds the cells).
- cells centred across their columns too (`across`, Word and Excel PDFs as pdftotext prints them: the
  starts of one column's pieces vary): pieces are parted and put in their columns first
  (free_layout_cells.py), the groups of starts of one column merged (free_layout_geometry.py), and the
  merged label columns told by the labels they hold, not by where their names stand.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .free_layout_geometry import (
    CENTRED_SIGNS,
    SLACK,
    Cell,
    Geometry,
    Row,
    centred_signs,
    geometry,
    keep_seen_wraps,
    labels_below_top,
)
from .free_layout_cells import part_at_columns
from .free_layout_join import LABEL_KINDS, cell_kind, cell_text, cells_of, is_label
from .free_layout_labels import place_centred
from .free_model import TextAnchors, Token
from .widths import measure

_LEVEL_ROLES = frozenset({"section", "level1", "level2"})
_LEVEL_KINDS = _LEVEL_ROLES
_COLUMN_NAME_KINDS = frozenset({"core_column", "column", "grid_column"})


def layout_rows(lines: list[list[Token]], anchors: TextAnchors, unsure: list[Token] | None = None,
                across: bool = False, char_cells: bool = False) -> list[list[Token]]:
    """The token lines of a space-aligned block as table rows (lines outside a table kept as they are);
    `unsure` gets the cells placed by a guess (a row that fits under two merged labels alike); `across`:
    cells are centred across their columns (their starts vary within a column); `char_cells`: the lines
    are set out one character a cell."""
    guessed: list[Token] = [] if unsure is None else unsure
    out: list[list[Token]] = []
    part: list[list[Token]] = []
    label_xs: list[int] = []  # the section and level columns, from the last indicator column names
    names: list[Token] = []  # … and those names
    centred = False  # cells centred in their rows, seen on a page before

    header_on = False  # a form's header rows begun on a page before, its column names not printed yet

    def flush() -> None:
        nonlocal label_xs, centred, header_on, names
        if across:
            part[:] = part_at_columns(part, anchors, char_cells)
        rows, centred, names = _part_rows(part, anchors, label_xs, centred, guessed, across and header_on, names,
                                           across, char_cells)
        header_on = bool(part) and (header_on or any(t.kind == "field" for row in part for t in row)) and \
            _names_line(part) is None
        out.extend(rows)
        label_xs = _level_columns(part, anchors) or label_xs
        part.clear()

    for row in lines:
        if part and row[0].page != part[-1][0].page:
            flush()
        if passed_as_printed(row):
            flush()
            out.append(row)
            if all(t.kind == "title" for t in row):
                label_xs, header_on, names = [], False, []  # a new form: its label columns are its own
            continue
        part.append(_unglued([t.moved(0) if t.x is None else t for t in row], anchors, char_cells))
    flush()
    return out


def passed_as_printed(row: list[Token]) -> bool:
    """A line that layout_rows passes on as printed, no row it makes of cells: a title line, or a line with a
    piece after its first that it cannot place."""
    return all(t.kind == "title" for t in row) or None in [t.x for t in row[1:]]


def _unglued(row: list[Token], anchors: TextAnchors, char_cells: bool = False) -> list[Token]:
    """Pieces of a line that touch (a label found inside a wrapped text) are one piece: in columns,
    cells are parted by spaces. So are the text pieces of a line parted by single spaces only (a wrapped
    sentence, 任务, 巩固…): columns are parted by wider gaps."""
    width = measure(char_cells)
    gaps = [(b.x or 0) - (a.x or 0) - width(a.text) for a, b in zip(row, row[1:])]
    one_piece = bool(gaps) and all(g == 1 for g in gaps) and all(t.kind == "text" for t in row[1:]) and \
        row[0].kind not in LABEL_KINDS  # a label one space before a cell was parted from it (free_layout_cells)
    if not one_piece and 0 not in gaps:
        return row  # (most lines: nothing touches)
    out: list[Token] = []
    for token, gap in zip(row, [None, *gaps]):
        prev = out[-1] if out else None
        if prev is not None and (gap == 0 or one_piece):
            text = prev.text + " " * (gap or 0) + token.text
            out[-1] = replace(prev, text=text, kind=anchors.kind(text))
        else:
            out.append(token)
    return out


def _names_line(part: list[list[Token]]) -> int | None:
    return next((k for k, row in enumerate(part) if sum(t.kind == "core_column" for t in row) >= 2), None)


def _level_columns(part: list[list[Token]], anchors: TextAnchors) -> list[int]:
    k = _names_line(part)
    if k is None:
        return []
    return [t.x for t in part[k] if t.x is not None and (t.kind == "section" or anchors.column_role(t.text) in _LEVEL_ROLES)]


@dataclass
class _Block:
    lines: list[list[Token]]
    label_xs: list[int]  # the merged label columns
    margin_labels: bool  # the first column holds merged labels too
    table: bool = True  # else lines kept as they are
    runs_on: bool = False  # the rows of a block run on from the page before (their labels printed there)
    opens: bool = False  # the rows of an indicator block, just under its column names
    names: list[Token] | None = None  # the column names over an indicator block


def _part_rows(part: list[list[Token]], anchors: TextAnchors, label_xs: list[int], centred_before: bool,
               unsure: list[Token], header_on: bool, names: list[Token], across: bool,
               char_cells: bool = False) -> tuple[list[list[Token]], bool, list[Token]]:
    """One page's lines: those before the first label as they are, then the header rows, the indicator
    column names line, the indicator rows; and whether the page's cells are centred in their rows (the
    signs of it summed over the header and indicator blocks, or seen on a page before)."""
    blocks = _part_blocks(part, anchors, label_xs, across, header_on, names)
    geos = [geometry(b.lines, across, not b.label_xs, [t.x or 0 for t in b.names or ()] if b.label_xs else [], char_cells)
            if b.table and b.lines else None
            for b in blocks]
    label_cols = [_label_cols(b, geo) if geo else set() for b, geo in zip(blocks, geos)]
    for block, geo, cols in zip(blocks, geos, label_cols):
        if geo is not None and not geo.across:
            keep_seen_wraps(geo, block.lines, cols)
    signs = sum(centred_signs(b.lines, geo, cols) + (labels_below_top(b.lines, geo, cols) if b.opens else 0)
                for b, geo, cols in zip(blocks, geos, label_cols) if geo)
    centred = centred_before or signs >= CENTRED_SIGNS
    out: list[list[Token]] = []
    for block, geo, cols in zip(blocks, geos, label_cols):
        if geo is None and block.names:  # the column names: each its own column
            out += [[t.named(k) for k, t in enumerate(row)] for row in block.lines]
        elif geo is None:
            out += [list(row) for row in block.lines]
        else:
            out += _table_rows(block.lines, anchors, geo, cols, centred, block.runs_on, unsure,
                               _name_columns(geo, block.names or []))
    return out, centred, next((b.names for b in blocks if b.opens and b.names), names)


def _label_cols(block: _Block, geo: Geometry) -> set[int]:
    """The label columns that print something in the block (a page the rows run on to may print none)."""
    if geo.across:  # centred column names stand anywhere over their columns: told by what the columns hold
        printed = _labelled_cols(block.lines, geo) if block.label_xs else set()
    else:
        printed = {geo.col(x) for x in block.label_xs if any(abs(s - x) <= SLACK for s in geo.starts)}
    return printed | ({0} if block.margin_labels else set())


_FIGURES_SHARE = 0.3  # of the pieces of a column that are figures, for it to be a column of values (not 产出指标 (40分))
_LABEL_SHARE = 0.4  # of the pieces of a column that are level labels, for it to be a merged label column


def _labelled_cols(lines: list[list[Token]], geo: Geometry) -> set[int]:
    """The columns of an indicator block that hold level labels (and their wrapped tails) mostly, left of
    the names left of every figure: merged label columns, wherever their centred labels start."""
    pieces: dict[int, list[Token]] = {}
    for row in lines:
        for token in row:
            pieces.setdefault(geo.col(token.x or 0), []).append(token)
    figures = min((col for col, tokens in pieces.items()
                   if sum(t.kind in ("number", "value") for t in tokens) >= _FIGURES_SHARE * len(tokens)),
                  default=len(geo.starts))
    # a wrap's piece centred under its label (`under`) is no piece of its own
    return {col for col, tokens in pieces.items() if col < figures - 1 and  # the names' column before the figures
            (labels := sum(t.kind in _LEVEL_KINDS for t in tokens)) and
            labels >= _LABEL_SHARE * sum(not t.under for t in tokens)}


def _part_blocks(part: list[list[Token]], anchors: TextAnchors, label_xs: list[int], across: bool = False,
                 header_on: bool = False, names_before: list[Token] | None = None) -> list[_Block]:
    """`header_on`: the page goes on with header rows a page before began (their top rows' labels printed
    there, where `across`); `names_before`: the last indicator column names printed."""
    names = _names_line(part)
    fields = any(t.kind == "field" for row in part[:names] for t in row)
    if label_xs and names is None and not fields:  # a page the indicator block runs on to: rows from its top
        return [_Block(part, label_xs, False, runs_on=True, names=names_before)]
    start = next((k for k, row in enumerate(part)
                  if row[0].kind in LABEL_KINDS or _label_wraps_below(part, k, anchors)), len(part))
    while across and 0 < start < len(part) and _centred_above(part[start - 1], part[start]):
        start -= 1  # a cell centred down its row begins above its row's label
    out = [_Block(part[:start], [], False, False)]
    if names is None or names < start:
        return out + [_Block(part[start:], label_xs, not label_xs, runs_on=header_on and not label_xs,
                             names=names_before if label_xs else None)]
    names_row, begin, end = part[names], names, names + 1
    if names - 1 > start and end < len(part) and (around := _name_around(part, names, anchors)) is not None:
        names_row, begin, end = around, names - 1, end + 1
    while end < len(part) and (joined := _names_wrapped(names_row, part[end], anchors)) is not None:
        names_row, end = joined, end + 1
    return out + [_Block(part[start:begin], [], True, runs_on=header_on), _Block([names_row], [], False, False, names=names_row),
                  _Block(part[end:], _level_columns(part, anchors), _margin_labels(names_row, anchors), opens=True,
                         names=names_row)]


def _label_wraps_below(part: list[list[Token]], k: int, anchors: TextAnchors) -> bool:
    """A line's first piece that is a label with its tail on the next line, under it (部门（单位）名 | 称): no
    label alone, so not seen as one where the header begins."""
    if k + 1 >= len(part):
        return False
    head, tail = part[k][0], part[k + 1][0]
    return head.kind == "text" and tail.line == head.line + 1 and tail.x == head.x and \
        anchors.joins_into_label(head.text, tail.text)


def _centred_above(row: list[Token], below: list[Token]) -> bool:
    """A line right above a header row's first line that is a piece of its cells (indented, no title)."""
    return row[0].line + 1 == below[0].line and (row[0].x or 0) > 0 and all(t.kind not in ("title", "sign_off") for t in row)


def _name_around(part: list[list[Token]], names: int, anchors: TextAnchors) -> list[Token] | None:
    """The column names with the first one put back where it was centred on them in its narrow column:
    its head on the line above, its tail on the line below (一级绩效 | 二级指标 指标名称… | 指标); else None."""
    above, row, below = part[names - 1], part[names], part[names + 1]
    if len(above) != 1 or len(below) != 1 or above[0].line + 1 != row[0].line or below[0].line - 1 != row[0].line:
        return None
    text = above[0].text + below[0].text
    if anchors.kind(text) not in _COLUMN_NAME_KINDS or (row[0].x or 0) <= max(above[0].x or 0, below[0].x or 0):
        return None
    return [replace(above[0], text=text, kind=anchors.kind(text), line=row[0].line), *row]


def _margin_labels(names: list[Token], anchors: TextAnchors) -> bool:
    """Whether the first column of an indicator block holds merged labels: not when its name is that of
    a content column (指标内容 of a form with no level labels)."""
    first = names[0]
    return first.kind == "section" or anchors.column_role(first.text) in _LEVEL_ROLES or \
        anchors.column_role(first.text) is None


def _names_wrapped(names: list[Token], row: list[Token], anchors: TextAnchors) -> list[Token] | None:
    """The column names with the line under them joined when that line is only their wrapped tails
    (偏差原因分析及 | 改进措施), else None."""
    if row[0].line != names[0].line + 1 or any(t.kind != "text" for t in row):
        return None
    out = list(names)
    for piece in row:
        k = next((k for k, t in enumerate(out) if abs((t.x or 0) - (piece.x or 0)) <= SLACK), None)
        if k is None:
            return None
        text = out[k].text + piece.text
        role = anchors.column_role(out[k].text)
        if anchors.kind(text) not in _COLUMN_NAME_KINDS or (role is not None and anchors.column_role(text) != role):
            return None
        out[k] = replace(out[k], text=text, kind=anchors.kind(text))
    return out


def _table_rows(lines: list[list[Token]], anchors: TextAnchors, geo: Geometry, label_cols: set[int],
                centred: bool, runs_on: bool, unsure: list[Token], named: dict[int, int]) -> list[list[Token]]:
    """`named`: the column name (its place among the names) over each column that has one."""
    cells = cells_of(lines, geo, anchors, label_cols, centred)
    labels: list[Cell] = []
    content: list[Cell] = []
    for cell in cells:
        (labels if cell.col in label_cols and is_label(cell, anchors) else content).append(cell)
    rows = _bands(content)
    rows = [r for band in rows for r in _split_band(band, centred)]
    if not rows:
        rows = [Row([c]) for c in labels]
        labels = []
    placed = _place_labels(labels, rows, centred, runs_on, unsure, anchors)
    return [_tokens(sorted(placed.get(k, []) + row.cells, key=lambda c: (c.col, c.first)), anchors, named)
            for k, row in enumerate(rows)]


def _name_columns(geo: Geometry, names: list[Token]) -> dict[int, int]:
    """The column name (its place among the names) over each column, where each name stands over a
    column of its own; else none."""
    cols = [geo.col(t.x or 0) for t in names]
    if any(b <= a for a, b in zip(cols, cols[1:])):
        return {}
    return {col: k for k, col in enumerate(cols)}


def _bands(cells: list[Cell]) -> list[Row]:
    """Cells whose lines overlap, as rows."""
    rows: list[Row] = []
    last = 0  # the last line of the row being made
    for cell in sorted(cells, key=lambda c: (c.first, c.col)):
        if rows and cell.first <= last:
            rows[-1].cells.append(cell)
            last = max(last, cell.last)
        else:
            rows.append(Row([cell]))
            last = cell.last
    return rows


def _split_band(band: Row, centred: bool) -> list[Row]:
    """A row holding two cells of one column is rows run together: one row for each such cell."""
    by_col: dict[int, list[Cell]] = {}
    for cell in band.cells:
        by_col.setdefault(cell.col, []).append(cell)
    anchor = max(by_col.values(), key=len)
    if len(anchor) < 2:
        return [band]
    anchor = sorted(anchor, key=lambda c: c.first)
    rows = [Row([]) for _ in anchor]
    for col, cells in by_col.items():
        if len(cells) == len(anchor):
            for row, cell in zip(rows, sorted(cells, key=lambda c: c.first)):
                row.cells.append(cell)
            continue
        for cell in cells:
            for piece in cell.pieces:
                k = _nearest(anchor, piece.line, centred)
                target = next((c for c in rows[k].cells if c.col == col), None)
                if target is None:
                    rows[k].cells.append(Cell(col, [piece]))
                else:
                    target.pieces.append(piece)
    return [r for r in rows if r.cells]


def _nearest(anchor: list[Cell], line: int, centred: bool) -> int:
    if centred:
        return min(range(len(anchor)), key=lambda k: abs(anchor[k].centre - line))
    return max((k for k, c in enumerate(anchor) if c.first <= line), default=0)


def _place_labels(labels: list[Cell], rows: list[Row], centred: bool, runs_on: bool,
                  unsure: list[Token], anchors: TextAnchors) -> dict[int, list[Cell]]:
    """Each merged label on the first row it covers: laid bottom-up per column, each label covering the
    rows down to the one before the next label (at the top of them, or centred on them)."""
    if centred:
        return _place_centred_labels(labels, rows, runs_on, unsure, anchors)
    placed: dict[int, list[Cell]] = {}
    for col in sorted({c.col for c in labels}):
        for label in sorted((c for c in labels if c.col == col), key=lambda c: c.first, reverse=True):
            placed.setdefault(_row_at(rows, label.first), []).append(label)
    return placed


def _place_centred_labels(labels: list[Cell], rows: list[Row], runs_on: bool, unsure: list[Token],
                          anchors: TextAnchors) -> dict[int, list[Cell]]:
    unpaired = _Unpaired(anchors, {id(label): cell_text(label) for label in labels})
    placed, tied = place_centred(labels, rows, runs_on, unpaired)  # type: ignore[arg-type]
    unsure += [_said(label, rows[row]) for label, row in tied]  # type: ignore[arg-type]
    return placed  # type: ignore[return-value]


@dataclass
class _Unpaired:
    """Whether two labels cannot be one over the other (anchors.unpaired), each label's text joined once: it is
    asked of every pair. An object, not a closure: compiled, a closure and its scope hold each other (a cycle)."""
    anchors: TextAnchors
    texts: dict[int, str]

    def __call__(self, outer: Cell, inner: Cell) -> bool:
        return self.anchors.unpaired(self.texts[id(outer)], self.texts[id(inner)])


def _said(label: Cell, row: Row) -> Token:
    """A guess named: the label and the first cell of the row that fits under it as well as not."""
    head = min(row.cells, key=lambda c: (c.first, c.col))
    text = f"{cell_text(label)} (line {label.first}) or the label above it over '{cell_text(head)}' (line {head.first})"
    return replace(label.pieces[0], text=text)


def _row_at(rows: list[Row], line: float) -> int:
    """The row a line falls in (or the first row below it)."""
    for k, row in enumerate(rows):
        if line <= row.last:
            return k
    return len(rows) - 1


def _tokens(cells: list[Cell], anchors: TextAnchors, named: dict[int, int]) -> list[Token]:
    """Each cell as a token, told the column name it stands under (`named`)."""
    out = []
    for cell in cells:  # tokens built, not replaced (dataclasses.replace is several times slower)
        head, col = cell.pieces[0], named.get(cell.col)
        if len(cell.pieces) > 1:
            text, kind = cell_text(cell), cell_kind(cell, anchors)
        elif col is None:
            out.append(head)
            continue
        else:
            text, kind = head.text, head.kind
        out.append(Token(text, kind, head.page, head.line, head.x, head.glued, head.boxes, head.full, head.under, col))
    return out
