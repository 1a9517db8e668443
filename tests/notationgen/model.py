"""The printed document before a notation lays it out: lines of text and tables of cells.

A table is a list of fragments (the rows between two page breaks); a row holds only the cells
printed on it: a merged cell appears once, on the first row it covers, and an empty cell is not
there at all. Each cell knows its grid column and how many columns it spans, which only the
`layout` notation uses.

Two sources: the forms of tests/generator.py (`doc_from_forms`, printed with that module's own
row plan, page breaks and page-number noise) and the family forms of tests/familygen
(`doc_from_family`, printed from their merged-cell grids).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from familygen.grid import Grid
from familygen.layouts import Printed
from familygen.render import PrintOptions, plan_breaks
from generator import N_HEADER, Distortions, FormSpec, _cell, _flat_body, _fragments, _gap, _prepare


@dataclass(frozen=True)
class TCell:
    text: str
    col: int
    span: int = 1


@dataclass
class TRow:
    kind: str  # header / columns / body / tail / total / … (the source's row kinds)
    cells: list[TCell]


@dataclass
class Fragment:
    rows: list[TRow]
    gap: list[str] = field(default_factory=list)  # lines printed before it (blank lines, page number)
    page_footer: str | None = None  # the page number printed at the page break before it, if any


@dataclass
class Table:
    n_cols: int
    fragments: list[Fragment]

    @property
    def rows(self) -> list[TRow]:
        return [r for f in self.fragments for r in f.rows]


@dataclass
class Doc:
    """Lines (str) and tables, in print order; each form starts a new page."""

    items: list[str | Table]
    pages: list[int] = field(default_factory=list)  # item index where a new page starts (forms after the first)


def _cells_from_flat(flat: list[str], spans_to_next: bool) -> list[TCell]:
    """The printed cells of a tab-dump row; with `spans_to_next` a cell reaches up to the next printed one."""
    at = [k for k, text in enumerate(flat) if text]
    out = []
    for n, k in enumerate(at):
        end = at[n + 1] if n + 1 < len(at) else len(flat)
        out.append(TCell(flat[k].replace("\n", ""), k, (end - k) if spans_to_next else 1))
    return out


def _gap_parts(lines: list[str]) -> tuple[list[str], str | None]:
    """The generator's gap lines, and the page number among them (None: only blank lines)."""
    noise = [line for line in lines if line.strip()]
    return lines, (noise[0] if noise else None)


def doc_from_forms(forms: list[FormSpec], rng: random.Random, opts: Distortions) -> Doc:
    """The generator's forms as `tests/generator.py` prints them in a tab dump (same row plan),
    before the notation: header rows span up to their next printed cell, body rows one column each."""
    opts = Distortions(**{**opts.__dict__, "lost_leading": False, "repeated_header": False,
                          "repeated_labels": False, "form_feed": False, "line_breaks": False,
                          "split_cell": False, "shifted_names": False, "title_in_grid": "none"})
    items: list[str | Table] = []
    pages: list[int] = []
    if forms[0].attachment:
        items += rng.choice([["", ""], [""], []]) + [_cell(forms[0].attachment, rng, opts), ""]
    page = 1
    for k, form in enumerate(forms):
        if k:
            pages.append(len(items))
        printed, _ = _prepare(form, k, rng, opts, "tsv")
        body_index = {id(r): j for j, r in enumerate(printed.rows[N_HEADER + 1:])}
        items += [line.removeprefix("## ").removeprefix("# ") for line in printed.lines_before]
        items += [""] if printed.lines_before else []
        fragments = []
        for f, indices in enumerate(_fragments(printed)):
            rows = []
            for r in indices:
                row = printed.rows[r]
                if row.body is None:
                    rows.append(TRow(row.kind, _cells_from_flat(list(row.cells), row.kind == "header")))
                else:
                    flat = _flat_body(printed, body_index[id(row)], False)
                    rows.append(TRow("body", _cells_from_flat(flat, False)))
            gap: list[str] = []
            footer = None
            if f:
                page += 1
                gap, footer = _gap_parts(_gap(rng, opts, page)[0])
            fragments.append(Fragment(rows, gap, footer))
        items.append(Table(5, fragments))
        items.append("")
        page += 1
    return Doc(items, pages)


def _grid_rows(grid: Grid, rows: range) -> list[TRow]:
    return [TRow(grid.kinds[r], [TCell(c.text.replace("\n", ""), c.col, c.colspan)
                                 for c in grid.origins(r) if c.text]) for r in rows]


def doc_from_family(forms: list[Printed], rng: random.Random, opts: PrintOptions) -> Doc:
    """Family forms (tests/familygen) from their grids: a merged cell on its first row only."""
    items: list[str | Table] = []
    pages: list[int] = []
    for k, printed in enumerate(forms):
        if k:
            pages.append(len(items))
        grid, breaks = plan_breaks(printed.grid, rng, opts)
        items += [line.removeprefix("## ").removeprefix("# ") for line in printed.lines_before]
        bounds = [0, *breaks, grid.n_rows]
        fragments = []
        for f, (a, b) in enumerate(zip(bounds, bounds[1:])):
            gap: list[str] = []
            footer = None
            if f:
                gap, footer = _gap_parts(_gap(rng, Distortions(page_numbers=opts.page_numbers), f + 1)[0])
            fragments.append(Fragment(_grid_rows(grid, range(a, b)), gap, footer))
        items.append(Table(grid.n_cols, fragments))
        items += list(printed.lines_after) + ["", ""]
    return Doc(items, pages)


def map_doc(doc: Doc, fn) -> Doc:  # noqa: ANN001 - fn: str -> str
    """A copy with every line and cell text passed through `fn` (the traditional mirror)."""
    items: list[str | Table] = []
    for item in doc.items:
        if isinstance(item, str):
            items.append(fn(item) if item.strip() else item)
            continue
        frags = [Fragment([TRow(r.kind, [TCell(fn(c.text), c.col, c.span) for c in r.cells]) for r in f.rows],
                          list(f.gap), f.page_footer) for f in item.fragments]
        items.append(Table(item.n_cols, frags))
    return Doc(items, list(doc.pages))
