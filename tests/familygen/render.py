"""Family forms printed as text dumps: tab-separated rows (`tsv`), markdown pipe tables, HTML
tables with rowspan/colspan — the notations of tests/generator.py.

Page breaks fall inside the indicator block (after an indicator row); the lines between two
fragments are blank lines, sometimes with a page number; a cut level-3 cell prints its tail on
a row of its own right after the break (the other cells empty, merged labels running on).
Merged cells are printed once: in a tab dump at their top-left slot with empty cells after
them, in HTML once per table with the span clipped to the table (empty where a table after a
break continues them).
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

from generator import _cut_name, _noise, add_ocr_spacing

from .grid import Grid
from .layouts import Printed


@dataclass(frozen=True)
class PrintOptions:
    page_breaks: int = 0  # breaks per form inside the indicator block
    page_numbers: bool = False  # a page-number line between fragments
    split_cell: bool = False  # one level-3 name cut by a break, its tail after it
    repeated_header: bool = False  # the indicator column names again after each break
    ocr_spacing: bool = False  # spaces between CJK characters / CJK and digits


DISTORTIONS: dict[str, PrintOptions] = {
    "clean": PrintOptions(),
    "breaks": PrintOptions(page_breaks=2, page_numbers=True),
    "split": PrintOptions(page_breaks=1, split_cell=True, repeated_header=True),
    "ocr": PrintOptions(ocr_spacing=True, page_breaks=1),
}


def plan_breaks(grid: Grid, rng: random.Random, opts: PrintOptions) -> tuple[Grid, list[int]]:
    """A copy of the grid with the split cell cut, and the rows a page break falls before."""
    grid = grid.copy()
    breaks: set[int] = set()
    if opts.split_cell:
        candidates = [r for r in grid.body_rows()
                      if len(next(c for c in grid.origins(r) if c.role == "level3").text) >= 4]
        if candidates:
            r = rng.choice(candidates)
            cell = next(c for c in grid.origins(r) if c.role == "level3")
            head, tail = _cut_name(rng, cell.text)
            cell.text = head
            breaks.add(grid.insert_tail(r, tail))
    positions = [r for r in range(1, grid.n_rows) if grid.kinds[r - 1] in ("body", "tail")
                 and grid.kinds[r] != "tail" and r not in breaks and r - 1 not in breaks]
    breaks |= set(rng.sample(positions, min(opts.page_breaks, len(positions))))
    return grid, sorted(breaks)


def _fragments(n_rows: int, breaks: list[int]) -> list[range]:
    bounds = [0, *breaks, n_rows]
    return [range(a, b) for a, b in zip(bounds, bounds[1:])]


def _spaced(printed: Printed, rng: random.Random, opts: PrintOptions) -> Printed:
    if not opts.ocr_spacing:
        return printed
    space = lambda t: add_ocr_spacing(t, rng)  # noqa: E731
    return Printed([space(t) for t in printed.lines_before], printed.grid.map_text(space),
                   [space(t) for t in printed.lines_after])


def _gap(rng: random.Random, opts: PrintOptions, page: int) -> list[str]:
    if opts.page_numbers:
        return rng.choice([["", _noise(rng, page), ""], ["", _noise(rng, page)]])
    return rng.choice([[""], ["", ""]])


def _flat_lines(printed: Printed, rng: random.Random, opts: PrintOptions, markdown: bool) -> list[str]:
    grid, breaks = plan_breaks(printed.grid, rng, opts)
    printed = _spaced(Printed(printed.lines_before, grid, printed.lines_after), rng, opts)
    grid = printed.grid
    columns = grid.column_row()
    fmt = (lambda cells: "| " + " | ".join(cells) + " |") if markdown else "\t".join
    lines = list(printed.lines_before)
    for f, rows in enumerate(_fragments(grid.n_rows, breaks)):
        flat = [grid.flat(r) for r in rows]
        if f > 0:
            lines += _gap(rng, opts, f + 1)
            if opts.repeated_header and columns is not None:
                flat.insert(0, grid.flat(columns))
        for i, cells in enumerate(flat):
            lines.append(fmt(cells))
            if markdown and i == 0:
                lines.append("|" + "|".join([rng.choice(["---", ":---", ":---:"])] * grid.n_cols) + "|")
    return lines + printed.lines_after


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f"<td{attrs}>{html.escape(text, quote=False)}</td>"


def _html_lines(printed: Printed, rng: random.Random, opts: PrintOptions) -> list[str]:
    grid, breaks = plan_breaks(printed.grid, rng, opts)
    printed = _spaced(Printed(printed.lines_before, grid, printed.lines_after), rng, opts)
    grid = printed.grid
    columns = grid.column_row()
    lines = [t for t in printed.lines_before]
    for f, rows in enumerate(_fragments(grid.n_rows, breaks)):
        trs = []
        if f > 0:
            lines += _gap(rng, opts, f + 1)
            if opts.repeated_header and columns is not None:
                trs.append("<tr>" + "".join(_td(c.text, 1, c.colspan) for c in grid.origins(columns)) + "</tr>")
        for r in rows:
            cells = []
            for col in range(grid.n_cols):
                cell = grid.covering(r, col)
                assert cell is not None
                if cell.col != col or (cell.row != r and r != rows.start):
                    continue
                span = min(cell.row + cell.rowspan, rows.stop) - r
                cells.append(_td(cell.text if cell.row == r else "", span, cell.colspan))
            trs.append("<tr>" + "".join(cells) + "</tr>")
        lines.append("<table>" + "\n".join(trs) + "</table>")
    return lines + printed.lines_after


def render_family(notation: str, forms: list[Printed], rng: random.Random, opts: PrintOptions) -> str:
    """The text dump of printed forms in `notation` (tsv / markdown / html)."""
    lines: list[str] = []
    for printed in forms:
        if notation == "html":
            lines += _html_lines(printed, rng, opts)
        else:
            lines += _flat_lines(printed, rng, opts, markdown=notation == "markdown")
        lines += ["", ""]
    return "\n".join(lines) + "\n"


NOTATIONS = ("tsv", "markdown", "html")
