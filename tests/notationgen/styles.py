"""The notation-free notations: a `Doc` (notationgen.model) laid out as text.

Every style prints the lines outside the tables as they are and lays each table fragment out in
its own way; between fragments the generator's gap lines (blank lines, a page number) are
printed, except by `layout`, which ends the page with its number and a form feed.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .model import Doc, Fragment, Table, TRow

Style = Callable[[Doc, random.Random, str], str]


def width(text: str) -> int:
    """Display columns: wide and full-width characters (CJK) count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


CLOSING = frozenset("）)】]］〕，,。、：:；;%％")
OPENING = frozenset("（(【[［〔")


def _breakable(text: str, i: int) -> bool:
    """Whether a wrap may fall before text[i]: never inside a run of ASCII letters and digits, nor
    before a closing mark or after an opening one."""
    a, b = text[i - 1], text[i]
    if b in CLOSING or a in OPENING:  # no line starts with a closing mark or ends with an opening one
        return False
    return not (a.isascii() and (a.isalnum() or a in ".,%") and b.isascii() and (b.isalnum() or b in ".,%"))


def wrap(text: str, cols: int) -> list[str]:
    """`text` cut into pieces of at most `cols` display columns (longer where an ASCII run allows no cut)."""
    out: list[str] = []
    start = 0
    while width(text[start:]) > cols:
        end, used, last_ok = start, 0, None
        while end < len(text) and used + width(text[end]) <= cols:
            used += width(text[end])
            end += 1
            if end < len(text) and _breakable(text, end):
                last_ok = end
        cut = last_ok if last_ok and last_ok > start else next(
            (i for i in range(end, len(text)) if _breakable(text, i)), len(text))
        out.append(text[start:cut])
        start = cut
    if start < len(text):
        out.append(text[start:])
    return out or [""]


def _texts(row: TRow) -> list[str]:
    return [c.text for c in row.cells]


def _flow(doc: Doc, table_lines: Callable[[Fragment, Table], list[str]]) -> str:
    lines: list[str] = []
    for item in doc.items:
        if isinstance(item, str):
            lines.append(item)
            continue
        for f, frag in enumerate(item.fragments):
            if f:
                lines += frag.gap
            lines += table_lines(frag, item)
    return "\n".join(lines) + "\n"


# --- row / cell styles ---------------------------------------------------------------------------


def cell_lines(doc: Doc, rng: random.Random, variant: str) -> str:
    """Every cell on its own line; `blank`: a blank line after each row, `none`: rows not separated."""
    def table(frag: Fragment, _: Table) -> list[str]:
        out: list[str] = []
        for row in frag.rows:
            out += _texts(row) + ([""] if variant == "blank" else [])
        return out
    return _flow(doc, table)


def spaces(doc: Doc, rng: random.Random, variant: str) -> str:
    """A row a line; `single`: cells separated by one space, `runs`: by runs of 2–5 spaces."""
    def sep() -> str:
        return " " if variant == "single" else " " * rng.randint(2, 5)

    def table(frag: Fragment, _: Table) -> list[str]:
        out = []
        for row in frag.rows:
            texts = _texts(row)
            out.append("".join(t + (sep() if k + 1 < len(texts) else "") for k, t in enumerate(texts)))
        return out
    return _flow(doc, table)


def glued(doc: Doc, rng: random.Random, variant: str) -> str:
    """A row a line, the cells glued together with no separator."""
    return _flow(doc, lambda frag, _: ["".join(_texts(row)) for row in frag.rows])


def pipe_after(doc: Doc, rng: random.Random, variant: str) -> str:
    """`|` after each cell instead of before; `row`: a row a line (`项目名称 | X |`), `cell`: a cell a line."""
    def table(frag: Fragment, _: Table) -> list[str]:
        if variant == "cell":
            return [f"{t} |" for row in frag.rows for t in _texts(row)]
        return [" ".join(f"{t} |" for t in _texts(row)) for row in frag.rows]
    return _flow(doc, table)


def wrapped(doc: Doc, rng: random.Random, variant: str) -> str:
    """A row a line, cells separated by a space; a cell wider than the column breaks onto the next
    line. `inline`: the next cell follows the wrapped tail on its line; `break`: it starts a new line."""
    cols = rng.choice([16, 20, 24, 28])

    def table(frag: Fragment, _: Table) -> list[str]:
        out = []
        for row in frag.rows:
            text, after_wrap = "", False
            for k, t in enumerate(_texts(row)):
                pieces = wrap(t, cols)
                if k:
                    text += "\n" if variant == "break" and after_wrap else " "
                text += "\n".join(pieces)
                after_wrap = len(pieces) > 1
            out += text.split("\n")
        return out
    return _flow(doc, table)


def one_line(doc: Doc, rng: random.Random, variant: str) -> str:
    """A whole table (each fragment) on one line, cells separated by single spaces."""
    return _flow(doc, lambda frag, _: [" ".join(t for row in frag.rows for t in _texts(row))])


def ocr_lines(doc: Doc, rng: random.Random, variant: str) -> str:
    """OCR line-per-box output: one text box a line in reading order (row by row, left to right);
    a cell wider than its box wraps and becomes two (or more) boxes."""
    box = rng.choice([18, 22, 26, 30])
    return _flow(doc, lambda frag, _: [piece for row in frag.rows for t in _texts(row) for piece in wrap(t, box)])


# --- pdftotext -layout -----------------------------------------------------------------------------


@dataclass
class _Columns:
    x: list[int]  # left edge of each grid column
    w: list[int]  # width of each grid column
    names: int = -1  # the grid column of the indicator names

    def span_width(self, col: int, span: int) -> int:
        last = min(col + span, len(self.x)) - 1
        return self.x[last] + self.w[last] - self.x[col]


def _columns(table: Table, rng: random.Random, across: bool = False) -> _Columns:
    """Column edges; `across` (Word/Excel exports as pdftotext prints them): a narrow first column its
    labels wrap in (主管部门及 / 代码), and the level columns one space from the column after them."""
    cap = rng.choice([14, 16, 20, 24])
    gap = rng.choice([2, 3, 4])
    indent = rng.choice([0, 0, 2, 4])
    caps = [rng.choice([8, 10])] + [cap] * (table.n_cols - 1) if across else [cap] * table.n_cols
    gaps = [gap] * table.n_cols
    names = _names_col(table)
    if across:
        gaps[1:names] = [rng.choice([1, 2]) for _ in range(1, names)]
    w = [4] * table.n_cols
    for row in table.rows:
        for cell in row.cells:
            if cell.span == 1:
                w[cell.col] = max(w[cell.col], min(caps[cell.col], width(cell.text)))
    x = [indent]
    for k in range(1, table.n_cols):
        x.append(x[-1] + w[k - 1] + gaps[k - 1])
    return _Columns(x, w, names)


def _names_col(table: Table) -> int:
    """The grid column of the indicator names: where the body rows' cell before their last one stands."""
    cols = Counter(row.cells[-2].col for row in table.rows if row.kind == "body" and len(row.cells) >= 2)
    return cols.most_common(1)[0][0] if cols else table.n_cols - 2


def _place(lines: list[str], n: int, x: int, text: str, least_gap: int = 2) -> None:
    while len(lines) <= n:
        lines.append("")
    line = lines[n]
    pad = x - width(line)
    lines[n] = line + " " * max(pad, least_gap if line else 0) + text


def _layout_row(row: TRow, cols: _Columns) -> list[str]:
    lines: list[str] = []
    for cell in row.cells:
        for n, piece in enumerate(wrap(cell.text, cols.span_width(cell.col, cell.span))):
            _place(lines, n, cols.x[cell.col], piece)
    return [line.rstrip() for line in lines]


def _rowspans(rows: list[TRow]) -> list[list[int]]:
    """How many rows each printed cell covers: down to the next row printing a cell in its column or
    one left of it (a merged cell is printed once, on its first row)."""
    spans = []
    for r, row in enumerate(rows):
        spans.append([next((k - r for k in range(r + 1, len(rows)) if any(c.col <= cell.col for c in rows[k].cells)),
                           len(rows) - r) for cell in row.cells])
    return spans


def _left_aligned(row: TRow, cell_col: int, n_pieces: int, names: int) -> bool:
    """Which cells Word and Excel exports print from their column's left edge, not centred across it:
    the indicator names, and header texts that wrap (the goal)."""
    if row.kind == "body":
        return cell_col == names
    return row.kind == "header" and cell_col >= 1 and n_pieces > 1


def _layout_centred(rows: list[TRow], cols: _Columns, across: bool = False, cells: bool = False) -> list[str]:
    """Rows as pdftotext prints a table whose cells are centred vertically (Word, Excel exports): each
    cell's lines in the middle of the rows it covers, on half-line positions where the counts of lines
    differ by an odd number (a one-line value between the two lines of a wrapped name), a merged label
    in the middle of its rows. `across`: each piece of a cell also centred across the columns the cell
    spans (but `_left_aligned` cells); `cells`: printed in character cells (`_in_cells`)."""
    pieces = [[wrap(c.text, cols.span_width(c.col, c.span)) for c in row.cells] for row in rows]
    spans = _rowspans(rows)
    height = [max([len(p) for p, n in zip(ps, ns) if n == 1] or [1]) for ps, ns in zip(pieces, spans)]
    for r, (ps, ns) in enumerate(zip(pieces, spans)):
        for p, n in zip(ps, ns):
            short = len(p) - sum(height[r:r + n])
            if short > 0:
                height[r + n - 1] += short
    top = [2 * sum(height[:r]) for r in range(len(rows))]
    placed: dict[int, list[tuple[int, str]]] = {}
    for r, row in enumerate(rows):
        for cell, p, n in zip(row.cells, pieces[r], spans[r]):
            band = 2 * sum(height[r:r + n])
            start = top[r] + (band - 2 * len(p)) // 2
            # a header label is centred in its own column, the empty cells after it are its value's
            room = cols.w[0] if row.kind == "header" and cell.col == 0 else cols.span_width(cell.col, cell.span)
            left = not across or _left_aligned(row, cell.col, len(p), cols.names)
            for k, piece in enumerate(p):
                x = cols.x[cell.col] + (0 if left else (room - width(piece)) // 2)
                placed.setdefault(start + 2 * k, []).append((x, piece))
    out: list[str] = []
    for at in sorted(placed):
        if cells:
            out.append(_in_cells(sorted(placed[at])))
            continue
        line: list[str] = [""]
        for x, piece in sorted(placed[at]):
            _place(line, 0, x, piece, 1 if across else 2)
        out.append(line[0].rstrip())
    return out


CELL_SCALE = 0.55  # character cells a display column takes on paper: a CJK character 1.1 cells, a digit 0.55


def _in_cells(pieces: list[tuple[int, str]]) -> str:
    """A line's pieces as pdftotext prints them (tests/fixtures/layout): each where it stands on paper,
    counted in character cells (one a character, CJK or not: the page is laid out in display columns,
    a CJK character two), but at least one space after the piece before it (a run of digits, wider in
    characters than on paper, pushes the piece after it along)."""
    line = ""
    for x, piece in pieces:
        at = round(x * CELL_SCALE)
        line += " " * max(at - len(line), 1 if line else 0) + piece
    return line.rstrip()


def _centered(text: str, page_w: int, cells: bool = False) -> str:
    if cells:
        return " " * max(0, round((page_w - width(text)) / 2 * CELL_SCALE)) + text
    return " " * max(0, (page_w - width(text)) // 2) + text


def layout(doc: Doc, rng: random.Random, variant: str) -> str:
    """`pdftotext -layout`: columns at fixed character positions (CJK two columns wide), wrapped text
    continuing in its column, `variant` `tall`: a blank line between rows, `centred`: cells centred
    vertically in their rows (merged labels in the middle of the rows they cover), `across` centred across
    their columns too, `cells` as `across` printed in character cells; every page ends with its page number
    and a form feed."""
    page_w = 80
    out: list[str] = []
    page = 1
    cells = variant == "cells"
    across = variant in ("across", "cells")

    def end_page(footer: str | None) -> None:
        nonlocal page
        out.append("")
        out.append(_centered(footer or f"- {page} -", page_w, cells))
        out.append("\f")
        page += 1

    for k, item in enumerate(doc.items):
        if k in doc.pages:
            end_page(None)
        if isinstance(item, str):
            out.append(item if not item.strip() or item.startswith("附") else _centered(item, page_w, cells))
            continue
        cols = _columns(item, rng, across)
        page_w = max(60, cols.x[-1] + cols.w[-1])
        for f, frag in enumerate(item.fragments):
            if f:
                end_page(frag.page_footer)
            if variant in ("centred", "across", "cells"):
                out += _layout_centred(frag.rows, cols, across, cells)
                continue
            for row in frag.rows:
                out += _layout_row(row, cols) + ([""] if variant == "tall" else [])
    end_page(None)
    text = "\n".join(out)
    return text.replace("\n\f\n", "\n\f")  # the form feed opens the next page's first line


def layout_centred(doc: Doc, rng: random.Random, variant: str) -> str:
    """`pdftotext -layout` of a table whose cells are centred vertically (Word and Excel exports);
    `across`: centred across their columns too, a narrow first column, level columns one space apart."""
    return layout(doc, rng, "across" if variant == "across" else "centred")


def layout_cells(doc: Doc, rng: random.Random, variant: str) -> str:
    """`layout_centred` / `across` as pdftotext really prints it: in character cells."""
    return layout(doc, rng, "cells")
