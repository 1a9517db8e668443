"""The geometry of space-aligned text (pdftotext -layout): cells and rows of pieces, the display columns
where cells start, whether a piece fills its column (the text had to wrap), and the signs that a table's
cells are centred in their rows (Word and Excel exports) rather than at their tops. Where cells are
centred across their columns too (`across`), the starts of one column vary with the text: groups of
starts that hold one column's pieces (never two on a line) are merged, and a wrap is told by the
column's widest piece."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .free_model import Token
from .widths import display_width, measure, printed_width

SLACK = 1  # display columns a cell start may drift
_WRAP_SLACK = 2  # display columns a wrapped header text may fall short of its column's widest piece (`across`)
_SPANNING_GAP = 2  # the least gap a header cell spanning columns leaves before the next, where cells are centred


@dataclass(slots=True)
class Cell:
    col: int
    pieces: list[Token] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.pieces[0].line

    @property
    def last(self) -> int:
        return self.pieces[-1].line

    @property
    def centre(self) -> float:
        return (self.first + self.last) / 2


@dataclass(slots=True)
class Row:
    cells: list[Cell]

    @property
    def first(self) -> int:
        return min(c.first for c in self.cells)

    @property
    def last(self) -> int:
        return max(c.last for c in self.cells)


@dataclass(slots=True)
class Geometry:
    starts: list[int]  # display columns where cells start, ascending
    gap: int  # the narrowest gap between two cells of a line
    rights: dict[int, int]  # the right edge of the widest piece of each column (of those seen to wrap: keep_seen_wraps)
    across: bool = False  # cells centred across their columns
    widest: dict[int, float] = field(default_factory=dict)  # the widest piece of each column, where `across`
    spanning: bool = False  # header rows, whose cells span columns (where `across`)
    width: Callable[[str], int] = display_width  # how many columns a text takes: display columns, or character cells
    paper: Callable[[str], float] = display_width  # … and how wide it is on paper, in them (what a wrap was decided by)

    def col(self, x: int) -> int:
        """The last column starting at or before x (within SLACK)."""
        k = bisect_right(self.starts, x + SLACK) - 1
        return k if k > 0 else 0

    def full(self, token: Token, below: Token) -> bool:
        """Whether `below` could not have gone on the line of `token`: the line had no room left for the
        head of it that may not be cut (a run of ASCII letters and digits, a character and its closing marks)."""
        x, width = token.x or 0, self.paper(token.text)
        end, col = x + width, self.col(x)
        head = self.paper(wrap_head(below.text))
        if self.across:  # starts and ends drift with the text (pdftotext): measured by the widest piece …
            if width + head + (_WRAP_SLACK if self.spanning else 0) > self.widest.get(col, 0):
                return True
            if not self.spanning:  # … and, where cells span columns (header rows), by the next start too
                return False
        gap = max(self.gap, _SPANNING_GAP) if self.across else self.gap
        after = bisect_right(self.starts, end)  # the first column starting past the piece's end, if any
        if after < len(self.starts):
            return end + head > self.starts[after] - gap
        right = self.rights.get(col)  # past every column start: how wide the column's text is seen to wrap
        return right is not None and end + head > right


_UNCUT = re.compile(r"^[（(【\[［〔]*(?:[A-Za-z0-9.,%]+|.)[）)】\]］〕，,。、：:；;%％]*")


@lru_cache(maxsize=16384)
def wrap_head(text: str) -> str:
    """The start of a wrapped piece that a wrap may not cut."""
    found = _UNCUT.match(text)
    return found.group(0) if found else text[:1]


def keep_seen_wraps(geo: Geometry, lines: list[list[Token]], label_cols: set[int]) -> None:
    """Drops the right edge (`Geometry.rights`) of each column that no piece is seen to wrap in for certain,
    so that no piece of it reaching past every column start is read as full: the widest piece of a last
    column only bounds its width from below (targets that happen to be short, 建立健全 under 不低于6年). A
    wrap is certain where two pieces of the column stand on neighbouring lines (or around one line that
    prints nothing in it: a cell centred around a one-line cell) and one of the lines holds nothing else,
    or prints a content column the other does not."""
    seen: set[int] = set()
    cols = [{geo.col(t.x or 0) for t in row} for row in lines]
    for k, above in enumerate(lines):
        for step in (1, 2):
            if k + step >= len(lines) or lines[k + step][0].line != above[0].line + step:
                break
            below, cols_above, cols_below = lines[k + step], cols[k], cols[k + step]
            shared = (cols_above & cols_below) - seen - (cols[k + 1] if step == 2 else set())
            lone = len(above) == 1 or len(below) == 1
            if shared and (lone or cols_above - label_cols != cols_below - label_cols):
                seen |= shared
    for col in [col for col in geo.rights if col not in seen]:
        del geo.rights[col]


def geometry(lines: list[list[Token]], across: bool = False, spanning: bool = False, names: Sequence[int] = (),
             char_cells: bool = False) -> Geometry:
    """`across`: cells may be centred across their columns (groups of starts merged into columns);
    `spanning`: header rows, whose cells span columns; `names`: where the column names over the lines start
    (where `across`, the groups of starts are merged down to as many columns, never two names over one);
    `char_cells`: the lines are set out one character a cell."""
    geo = Geometry(_column_starts(lines, across, names, char_cells), 2, {}, across, spanning=spanning,
                   width=measure(char_cells), paper=printed_width if char_cells else display_width)
    cols = [[geo.col(t.x or 0) for t in row] for row in lines]
    rights, width = geo.rights, geo.width
    for row, row_cols in zip(lines, cols):
        for t, col in zip(row, row_cols):
            end = (t.x or 0) + width(t.text)
            if end > rights.get(col, -1):  # (ends are never negative)
                rights[col] = end
    # the gap between columns: what the widest cell of a column leaves before the next column's cell
    gaps = [b.x - (a.x + width(a.text)) for row, row_cols in zip(lines, cols)  # type: ignore[operator]
            for a, b, col_a, col_b in zip(row, row[1:], row_cols, row_cols[1:])
            if a.x is not None and b.x is not None and col_b == col_a + 1]
    widest: dict[int, float] = {}
    if across:
        for row, row_cols in zip(lines, cols):
            for t, col in zip(row, row_cols):
                widest[col] = max(widest.get(col, 0), geo.paper(t.text))
    geo.gap, geo.widest = max(1, min(gaps, default=2)), widest  # made here: changed in place
    return geo


@dataclass(slots=True)
class _Group:
    """Pieces starting near one another: where the first starts, where the narrowest ends, the range of
    their centres and the lines they are on."""
    first: int
    least_end: int
    centres: tuple[float, float]
    lines: set[int]

    def take(self, other: _Group) -> None:
        self.least_end = min(self.least_end, other.least_end)
        self.centres = (min(self.centres[0], other.centres[0]), max(self.centres[1], other.centres[1]))
        self.lines |= other.lines

    def holds_centred(self, other: _Group) -> bool:
        """Whether `other` is more pieces of this group's column, centred across it: it starts inside every
        piece of this group, their centres meet, and no line holds both."""
        low, high = self.centres
        return other.first < self.least_end and other.centres[0] <= high + _CENTRES_MEET and \
            other.centres[1] >= low - _CENTRES_MEET and not self.lines & other.lines


_NO_END = 1 << 30
_CENTRES_MEET = 2.0  # display columns apart the centres of two groups of one centred column may lie


def _column_starts(lines: list[list[Token]], across: bool, names: Sequence[int] = (), char_cells: bool = False) -> list[int]:
    """Where the columns start: the starts of the pieces, those within SLACK of each other one; then a
    group that holds more pieces of the column of the group before it, centred across it, joins it."""
    groups: list[_Group] = []
    width = measure(char_cells)
    pieces = sorted((t.x, t.x + width(t.text), t.line, t.under) for row in lines for t in row if t.x is not None)
    for x, end, line, under in pieces:
        if under:  # a wrap's piece, put in the column of the piece above: no measure of the column
            end, low, high = _NO_END, math.inf, -math.inf
        else:
            low = high = (x + end) / 2
        if groups and x - groups[-1].first <= SLACK:  # _Group.take, inlined: asked of every piece
            group = groups[-1]
            group.least_end = min(group.least_end, end)
            group.centres = (min(group.centres[0], low), max(group.centres[1], high))
            group.lines.add(line)
        else:
            groups.append(_Group(x, end, (low, high), {line}))
    columns: list[_Group] = []
    for group in groups:
        if columns and across and columns[-1].holds_centred(group):
            columns[-1].take(group)
        else:
            columns.append(group)
    if across and names:
        _merge_down(columns, names)
    return [c.first for c in columns]


def _merge_down(columns: list[_Group], names: Sequence[int]) -> None:
    """Neighbouring groups that share no line merged, the nearest first, down to as many columns as there
    are names (a cell's pieces pushed about by their neighbours on the line: pdftotext keeps a space after
    each), never two names over one column that stood over two."""
    while len(columns) > len(names):
        pairs = [(b.first - a.first, k) for k, (a, b) in enumerate(zip(columns, columns[1:])) if not a.lines & b.lines]
        named = _named_columns([c.first for c in columns], names)
        pairs = [(d, k) for d, k in pairs if _named_columns([c.first for j, c in enumerate(columns) if j != k + 1], names) == named]
        if not pairs:
            return
        _, k = min(pairs)
        columns[k].take(columns[k + 1])
        del columns[k + 1]


def _named_columns(starts: list[int], names: Sequence[int]) -> int:
    """How many of the columns starting at `starts` have a name over them."""
    return len({max(bisect_right(starts, x + SLACK) - 1, 0) for x in names})


CENTRED_SIGNS = 2  # lines that only a centred layout prints, for a table to be read as centred


def centred_signs(lines: list[list[Token]], geo: Geometry, label_cols: set[int]) -> int:
    """Whether cells are centred in their rows: lines that a layout with cells at the top of their rows
    does not print — a line between two lines of one column holding only another column (a one-line
    value between the lines of a wrapped name), a line holding only a label (a merged label in the
    middle of its rows)."""
    cols = [{geo.col(t.x or 0) for t in row} for row in lines]
    content = [c - label_cols for c in cols]
    signs = 0
    for k in range(1, len(lines) - 1):
        if lines[k - 1][0].line + 1 == lines[k][0].line == lines[k + 1][0].line - 1 and content[k] and \
                content[k - 1] == content[k + 1] and not content[k] & content[k - 1]:
            signs += CENTRED_SIGNS if _wrapped_around(lines[k - 1], lines[k + 1], geo, label_cols) else 1
    return signs + sum(not c and row[0].kind in ("level1", "level2", "section", "field")
                       for c, row in zip(content, lines))


def labels_below_top(lines: list[list[Token]], geo: Geometry, label_cols: set[int]) -> int:
    """Signs of a centred layout in an indicator block: its first row prints no merged label (a layout
    with cells at the top of their rows prints them on the first row they cover) though rows below do."""
    if not lines or not label_cols:
        return 0
    first = {geo.col(t.x or 0) for t in lines[0]}
    below = {geo.col(t.x or 0) for row in lines[1:] for t in row} & label_cols
    return 1 if below and not first & label_cols else 0


def _wrapped_around(above: list[Token], below: list[Token], geo: Geometry, label_cols: set[int]) -> bool:
    """Whether every content piece above is full and goes on below: one wrapped cell, a line between."""
    under = {geo.col(t.x or 0): t for t in below}
    pieces = [t for t in above if geo.col(t.x or 0) not in label_cols]
    return bool(pieces) and all(geo.col(t.x or 0) in under and geo.full(t, under[geo.col(t.x or 0)]) for t in pieces)
