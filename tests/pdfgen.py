"""Generated forms (tests/generator.py's `FormSpec`s) printed as born-digital PDFs.

The PDFs are written with pypdf and hand-made content streams: text in the standard
non-embedded CJK font STSong-Light (Type0, UniGB-UCS2-H, shown as UTF-16BE hex strings),
rules as stroked segments or thin filled rectangles. Each form is laid out as the real
ones are: the document heading "附件 2：…" on the first page, the title centred, the
"( 2022 年度)" line, then the 5-column table — header block, column-name row, indicator rows
with 绩效指标 / level-1 / level-2 labels as vertically merged cells printed once, centred in
their box. Long texts wrap inside their cells (greedy, by the font's advances: 1 em for CJK
and full-width punctuation, ½ em for ASCII) and rows grow to hold them. Forms flow down
the pages; a table that does not fit continues on the next page, split between two rows.

    forms = random_document(random.Random(3), "clean", n_forms=3)
    layout = layout_document(forms, PdfOptions(style="rects", repeat_header=True))
    write_pdf(layout, path)
    layout.split_forms     # indices of the forms whose table a page break cuts

What the records must hold comes from the FormSpecs (generator.expected_records): every
option here changes the print, never the content — with `split_row`, the form's record gets
the cell_joined warning (expected_records' `joined`). Two things are never printed because no
reader could tell them apart from something else: a row with an empty 指标值 never opens a
continuation page (alone after a break it reads as the tail of a split 三级指标 cell: its
predecessor goes along), and only a row with a 指标值 is split across pages.

The label variants (项目资金 (元), 其中：财政拨款, 二级绩效指标 …), the 绩效指标 column's presence and
the grouping of indicator rows come from the generator's own printing (generator._print_form).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import N_HEADER, Distortions, FormSpec, _print_form
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

STYLES = ("lines", "rects", "cell_borders", "double")
ROTATIONS = (None, "flag", "landscape")
# flag: a page drawn upright (portrait) with /Rotate 90 set on it — it shows sideways;
# landscape: /Rotate 90 with the content drawn in the rotated (landscape) system — it shows upright.

A4 = (595.0, 842.0)
MARGIN = 50.0
PAD_H = 2.5  # cell padding, points
PAD_V = 3.0
LEADING = 1.3  # line height in em
ASCENT = 0.88  # STSong-Light's ascent (em): where pdfium puts a glyph's box
TITLE_SIZE = 15.0
HEADING_SIZE = 10.5
FORM_GAP = 22.0  # space between one table's bottom and the next form's title
FOOTERS = ("第 {n} 页", "- {n} -", "第{n}页 共{m}页", "{n} / {m}")

# column widths (portrait, with the 绩效指标 column); landscape widens the text columns
COLUMNS_PORTRAIT = (60.0, 86.0, 130.0, 124.0, 95.0)
COLUMNS_LANDSCAPE = (66.0, 92.0, 140.0, 254.0, 190.0)


@dataclass(frozen=True)
class PdfOptions:
    style: str = "lines"  # lines / rects / cell_borders / double (see `_rules`)
    repeat_header: bool = False  # the column-name row printed again at the top of a continued table
    reprint_labels: bool = False  # the level-1/level-2 labels in force printed again after a break
    rotate: str | None = None  # see ROTATIONS
    footer_numbers: bool = False  # a page-number footer on every page
    open_cut: bool = False  # merged cells cut by a page break have no rule on the cut edge (Word, Calc)
    font_size: float = 9.0
    wrap: str = "safe"  # safe: never wrap between a digit and CJK punctuation; uax14: wrap there too
    hard_breaks: tuple[str, ...] = ()  # a cell line always ends after these substrings (a narrower print)
    seed: int = 0  # layout choices (fund rows, rule jitter, footer wording)
    breaks_at: tuple[tuple[int, int], ...] = ()  # (form, table row): a page break forced before that row
    split_row: tuple[int, int] | None = None  # (form, indicator): that row breaks across pages
    section_column: bool | None = None  # the 名称/绩效指标 column: None as the generator's print draws it
    keep_with_title: int = 2  # table rows kept on the title's page (the title's "keep with next")

    def __post_init__(self) -> None:
        assert self.style in STYLES, self.style
        assert self.rotate in ROTATIONS, self.rotate
        assert self.wrap in ("safe", "uax14"), self.wrap


# --- text measure and line wrapping ----------------------------------------------------------


def column_widths(opts: PdfOptions) -> tuple[float, ...]:
    return COLUMNS_LANDSCAPE if opts.rotate == "landscape" else COLUMNS_PORTRAIT


def advance(ch: str) -> float:
    """Advance in em: ASCII (U+0020–U+007E) is half-width (/W [1 95 500]), everything else 1 em."""
    return 0.5 if " " <= ch <= "~" else 1.0


def text_width(text: str, size: float) -> float:
    return sum(advance(ch) for ch in text) * size


NO_LINE_START = frozenset("，。、：；！？）》】〕］」』”’％…,.;:!?)]}%")
NO_LINE_END = frozenset("（《【〔［「『“‘([{")
GLUE_AFTER = frozenset("≥≤≧≦＞＜<>~")  # comparators stay with the number they compare


def _is_ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _breakable(a: str, b: str, mode: str) -> bool:
    """May a line end between a and b?"""
    if a == " ":
        return b != " "
    if b == " ":
        return False
    if a.isascii() and b.isascii():
        return False  # inside a Latin word or number
    if b in NO_LINE_START or a in NO_LINE_END or a in GLUE_AFTER:
        return False
    if mode == "safe":
        # a digit next to CJK punctuation (〕12号, 2021—2024): wrap only next to an ideograph
        for x, y in ((a, b), (b, a)):
            if x.isascii() and x.isalnum() and not _is_ideograph(y):
                return False
    return True


def wrap(text: str, width: float, size: float, mode: str = "safe", hard_breaks: tuple[str, ...] = ()) -> list[str]:
    """Greedy line fill: as many units as fit, a unit being the text between two break
    opportunities; spaces at a line's end are not printed. An explicit "\\n" ends a line."""
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(_wrap_para(para, width, size, mode, hard_breaks))
    return out


def _wrap_para(text: str, width: float, size: float, mode: str, hard_breaks: tuple[str, ...]) -> list[str]:
    if not text:
        return []
    forced = {i + len(s) for s in hard_breaks for i in _find_all(text, s)}
    units: list[str] = []
    start = 0
    for i in range(1, len(text)):
        if i in forced or _breakable(text[i - 1], text[i], mode):
            units.append(text[start:i])
            start = i
    units.append(text[start:])
    lines: list[str] = []
    line = ""
    pos = 0
    for unit in units:
        if line and (pos in forced or text_width((line + unit).rstrip(" "), size) > width):
            lines.append(line.rstrip(" "))
            line = unit
        else:
            line += unit
        pos += len(unit)
    if line.strip():
        lines.append(line.rstrip(" "))
    for printed in lines:
        if text_width(printed, size) > width + 1e-6:
            raise ValueError(f"{printed!r} does not fit {width:.1f} pt at {size} pt and has no break opportunity")
    return lines


def _find_all(text: str, sub: str) -> list[int]:
    found, i = [], text.find(sub)
    while i >= 0:
        found.append(i)
        i = text.find(sub, i + 1)
    return found


def cell_height(text: str, width: float, opts: PdfOptions) -> float:
    n = len(wrap(text, width - 2 * PAD_H, opts.font_size, opts.wrap, opts.hard_breaks)) if text else 0
    return max(n, 1) * LEADING * opts.font_size + 2 * PAD_V


# --- the table model ---------------------------------------------------------------------------


@dataclass
class TCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    align: str = "center"
    role: str = ""  # section / level1 / level2 (merged indicator labels), funds (the 项目资金 label)


@dataclass
class Table:
    form: int
    title: str
    year_line: str | None
    n_rows: int
    cells: list[TCell]
    column_row: int  # index of the 名称 一级指标 … row
    col_x: list[float]  # the 6 column boundaries
    forced_breaks: set[int] = field(default_factory=set)  # rows that must open a page (a split row's tail)

    @property
    def tail_rows(self) -> set[int]:
        return self.forced_breaks

    @property
    def keep_with_previous(self) -> set[int]:
        """Indicator rows printed with an empty 指标值 (not the tail of a split row)."""
        return {r for r in range(self.column_row + 2, self.n_rows) if r not in self.forced_breaks
                and not next(c for c in self.cells_at(r) if c.col == 4).text}

    def cells_at(self, row: int) -> list[TCell]:
        return [c for c in self.cells if c.row == row]


def _place_row(cells: list[TCell], occupied: set[tuple[int, int]], row: int,
               spec: list[tuple[str, int, int]], role_of: dict[int, str] | None = None) -> None:
    col = 0
    for k, (text, rowspan, colspan) in enumerate(spec):
        while (row, col) in occupied:
            col += 1
        role = (role_of or {}).get(k, "")
        cells.append(TCell(text, row, col, rowspan, colspan, role=role))
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                occupied.add((r, c))
        col += colspan
    assert col <= 5, spec


def build_table(form: FormSpec, index: int, rng: random.Random, widths: tuple[float, ...], x0: float,
                opts: PdfOptions) -> Table:
    """One form's table. The printed label variants (项目资金 (元), 其中：财政拨款, 二级绩效指标 …)
    and the grouping of the indicator rows come from the generator's own printing of the form.
    With `opts.split_row` on this form, that indicator row breaks across pages (Word's "allow
    row to break across pages"): the first half of its wrapped 三级指标 lines end the page, the
    rest opens the next one in a row of its own."""
    printed = _print_form(form, rng, Distortions(), in_grid=False)
    header = [list(r.html) for r in printed.rows[:N_HEADER]]
    if rng.random() < 0.5:  # amounts over three columns, their labels in one
        header[3] = [header[3][0], (header[3][1][0], 1, 1), (header[3][2][0], 1, 3)]
        header[4] = [(header[4][0][0], 1, 1), (header[4][1][0], 1, 3)]
        header[5] = [(header[5][0][0], 1, 1), (header[5][1][0], 1, 3)]
    cells: list[TCell] = []
    occupied: set[tuple[int, int]] = set()
    for r, spec in enumerate(header):
        _place_row(cells, occupied, r, spec, {0: "funds"} if r == 3 else None)
    column_row = N_HEADER
    names = list(printed.column_names)
    with_section = len(names) == 5 if opts.section_column is None else opts.section_column
    if with_section and len(names) == 4:
        names.insert(0, "名称")
    elif not with_section and len(names) == 5:
        names.pop(0)
    if with_section:
        _place_row(cells, occupied, column_row, [(n, 1, 1) for n in names])
    else:
        _place_row(cells, occupied, column_row, [(names[0], 1, 2), *[(n, 1, 1) for n in names[1:]]])
    body = list(printed.body)
    first = column_row + 1
    forced: set[int] = set()
    if opts.split_row is not None and opts.split_row[0] == index:
        j = opts.split_row[1]
        width = widths[3] - 2 * PAD_H
        lines = wrap(body[j].name, width, opts.font_size, opts.wrap, opts.hard_breaks)
        if len(lines) < 2:
            raise ValueError(f"indicator {j} of form {index} prints on one line: nothing to split")
        if not body[j].value:  # a lone name after the break could as well be a row of its own
            raise ValueError(f"indicator {j} of form {index} has an empty 指标值: its split would be ambiguous")
        kept = lines[: (len(lines) + 1) // 2]
        cut = _prefix_length(body[j].name, kept)
        head, tail = body[j].name[:cut], body[j].name[cut:].lstrip(" ")
        assert wrap(head, width, opts.font_size, opts.wrap, opts.hard_breaks) == kept
        body[j] = replace(body[j], name=head)
        body.insert(j + 1, replace(body[j], level1="", level2="", name=tail, value="", tail=True))
        forced.add(first + j + 1)
    for j, b in enumerate(body):
        r = first + j
        spec: list[tuple[str, int, int]] = []
        roles: dict[int, str] = {}
        if with_section and j == 0:
            roles[len(spec)] = "section"
            spec.append((printed.section, len(body), 1))
        if j == 0 or body[j - 1].group1 != b.group1:
            roles[len(spec)] = "level1"
            span = sum(1 for x in body[j:] if x.group1 == b.group1)
            spec.append((b.level1, span, 1 if with_section else 2))
        if j == 0 or body[j - 1].group2 != b.group2:
            roles[len(spec)] = "level2"
            spec.append((b.level2, sum(1 for x in body[j:] if x.group2 == b.group2), 1))
        spec += [(b.name, 1, 1), (b.value, 1, 1)]
        _place_row(cells, occupied, r, spec, roles)
    col_x = [x0]
    for w in widths:
        col_x.append(col_x[-1] + w)
    title = printed.lines_before[0].lstrip("# ") if printed.lines_before else form.title
    year_line = printed.lines_before[-1] if form.year_printed else None
    table = Table(index, title, year_line, first + len(body), cells, column_row, col_x, forced)
    for c in cells:  # long values left-aligned, labels and short values centred
        left, right = cell_box_x(table, c)
        if c.text and text_width(c.text, opts.font_size) > right - left - 2 * PAD_H:
            c.align = "left"
    return table


def _prefix_length(text: str, lines: list[str]) -> int:
    """How much of `text` the printed `lines` (spaces at line ends dropped) take up."""
    pos = 0
    for line in lines:
        while text[pos] == " ":
            pos += 1
        assert text.startswith(line, pos), (text, line)
        pos += len(line)
    return pos


def cell_box_x(table: Table, cell: TCell) -> tuple[float, float]:
    return table.col_x[cell.col], table.col_x[cell.col + cell.colspan]


# --- pagination ------------------------------------------------------------------------------------


@dataclass
class Placement:
    pages: dict[tuple[int, int], tuple[int, float]]  # (table, row) → (page, top)
    titles: dict[int, tuple[int, float]]  # table → (page, top of the title line)
    repeats: list[tuple[int, int, float]]  # (table, page, top) of repeated column-name rows
    n_pages: int


TITLE_H = 26.0
YEAR_H = 20.0
HEADING_H = 26.0


def paginate(tables: list[Table], heights: dict[tuple[int, int], float], opts: PdfOptions,
             page_h: float, heading: bool) -> Placement:
    top, bottom = MARGIN, page_h - MARGIN - (12.0 if opts.footer_numbers else 0.0)
    page, y = 0, top + (HEADING_H if heading else 0.0)
    pages: dict[tuple[int, int], tuple[int, float]] = {}
    titles: dict[int, tuple[int, float]] = {}
    repeats: list[tuple[int, int, float]] = []
    for t, table in enumerate(tables):
        if t > 0:
            y += FORM_GAP
        block = TITLE_H + (YEAR_H if table.year_line else 0.0)
        kept = sum(heights[(t, r)] for r in range(min(max(opts.keep_with_title, 1), table.n_rows)))
        if y + block + kept > bottom:  # the title keeps with the table's first rows
            page, y = page + 1, top
        titles[t] = (page, y)
        y += block
        r = 0
        while r < table.n_rows:
            h = heights[(t, r)]
            forced = (t, r) in opts.breaks_at or r in table.forced_breaks
            if y + h > bottom or (forced and y > top):
                assert y + h <= bottom or r >= opts.keep_with_title or forced
                if not forced and r in table.keep_with_previous and pages[(t, r - 1)][1] > top:
                    # a row with an empty 指标值 never opens a page: alone after a break it would
                    # read as the tail of a split 三级指标 cell, to any reader; its predecessor goes along
                    r -= 1
                    del pages[(t, r)]
                    h = heights[(t, r)]
                page, y = page + 1, top
                if opts.repeat_header and r > table.column_row:
                    repeats.append((t, page, y))
                    y += heights[(t, table.column_row)]
            pages[(t, r)] = (page, y)
            y += h
            r += 1
    return Placement(pages, titles, repeats, page + 1)


def _parts(table: Table, cell: TCell, placement: Placement) -> list[list[int]]:
    """The rows a merged cell spans, grouped by page."""
    parts: list[list[int]] = []
    last = None
    for r in range(cell.row, cell.row + cell.rowspan):
        page = placement.pages[(table.form, r)][0]
        if page != last:
            parts.append([])
            last = page
        parts[-1].append(r)
    return parts


def _part_text(cell: TCell, k: int, opts: PdfOptions) -> str:
    if k == 0:
        return cell.text
    return cell.text if opts.reprint_labels and cell.role in ("level1", "level2") else ""


def settle(tables: list[Table], opts: PdfOptions, page_h: float, heading: bool
           ) -> tuple[Placement, dict[tuple[int, int], float]]:
    """Row heights and their pagination: every single-row cell fits its row, and every part of a
    merged cell that prints text (the first, or a reprinted label) is tall enough for it; rows
    only grow, so this settles."""
    heights: dict[tuple[int, int], float] = {}
    for t, table in enumerate(tables):
        for r in range(table.n_rows):
            need = [cell_height(c.text, _w(table, c), opts) for c in table.cells_at(r) if c.rowspan == 1]
            heights[(t, r)] = max([cell_height("", 10, opts) + 4.0, *need])
    for _ in range(200):
        placement = paginate(tables, heights, opts, page_h, heading)
        grown = False
        for t, table in enumerate(tables):
            for cell in table.cells:
                if cell.rowspan == 1:
                    continue
                for k, part in enumerate(_parts(table, cell, placement)):
                    text = _part_text(cell, k, opts)
                    if not text:
                        continue
                    need = cell_height(text, _w(table, cell), opts)
                    have = sum(heights[(t, r)] for r in part)
                    if have < need - 1e-6:
                        heights[(t, part[-1])] += need - have
                        grown = True
        if not grown:
            return placement, heights
    raise RuntimeError("row heights did not settle")


def _w(table: Table, cell: TCell) -> float:
    x0, x1 = cell_box_x(table, cell)
    return x1 - x0


# --- the drawn page ----------------------------------------------------------------------------------


@dataclass
class TextRun:
    x: float
    baseline: float  # top-down
    size: float
    text: str


@dataclass
class PageDraw:
    runs: list[TextRun] = field(default_factory=list)
    segments: list[tuple[float, float, float, float]] = field(default_factory=list)  # top-down, stroked
    fills: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, top, w, h rectangles
    line_width: float = 0.5
    rows: list[str] = field(default_factory=list)  # a description of what this page prints


@dataclass
class Fragment:
    """One table's part on one page, and what it holds."""

    form: int
    page: int  # 0-based
    first_row: int
    last_row: int
    empty_values: list[tuple[int, str, bool]]  # (row, 三级指标, prints a level-1/2 label) of the
    # indicator rows printed here with an empty 指标值


@dataclass
class Layout:
    forms: list[FormSpec]
    opts: PdfOptions
    width: float  # the drawing system (landscape: the shown page)
    height: float
    pages: list[PageDraw]
    split_forms: list[int]  # forms whose table continues over a page break
    breaks: list[tuple[int, int]]  # (form, table row) of each table row that starts a new page
    fragments: list[Fragment] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def describe(self) -> str:
        out = []
        for k, page in enumerate(self.pages):
            out.append(f"  --- page {k + 1} ---")
            out.extend(f"  {line}" for line in page.rows)
        return "\n".join(out)


def _text_block(draw: PageDraw, text: str, box: tuple[float, float, float, float], align: str,
                valign: str, opts: PdfOptions) -> None:
    x0, top, x1, bottom = box
    size = opts.font_size
    lines = wrap(text, x1 - x0 - 2 * PAD_H, size, opts.wrap, opts.hard_breaks)
    lh = LEADING * size
    block = len(lines) * lh
    y = top + PAD_V if valign == "top" else top + (bottom - top - block) / 2
    assert y >= top - 1e-6 and y + block <= bottom + 1e-6, (text, box)
    for i, line in enumerate(lines):
        w = text_width(line, size)
        x = x0 + PAD_H if align == "left" else x0 + (x1 - x0 - w) / 2
        draw.runs.append(TextRun(x, y + i * lh + (lh - size) / 2 + ASCENT * size, size, line))


def _centred(draw: PageDraw, text: str, y_top: float, size: float, width: float) -> None:
    draw.runs.append(TextRun((width - text_width(text, size)) / 2, y_top + ASCENT * size + 2, size, text))


def layout_document(forms: list[FormSpec], opts: PdfOptions | None = None) -> Layout:
    opts = opts or PdfOptions()
    rng = random.Random(f"pdf-layout:{opts.seed}")
    width, height = (A4[1], A4[0]) if opts.rotate == "landscape" else A4
    widths = column_widths(opts)
    x0 = (width - sum(widths)) / 2
    tables = [build_table(f, k, rng, widths, x0, opts) for k, f in enumerate(forms)]
    heading = forms[0].attachment
    placement, heights = settle(tables, opts, height, heading is not None)
    pages = [PageDraw() for _ in range(placement.n_pages)]
    if heading:
        pages[0].runs.append(TextRun(x0, MARGIN + ASCENT * HEADING_SIZE, HEADING_SIZE, heading))
        pages[0].rows.append(f"[line] {heading}")
    split: list[int] = []
    breaks: list[tuple[int, int]] = []
    fragments: list[Fragment] = []
    for t, table in enumerate(tables):
        page_no, y = placement.titles[t]
        _centred(pages[page_no], table.title, y, TITLE_SIZE, width)
        pages[page_no].rows.append(f"[title] {table.title}")
        if table.year_line:
            _centred(pages[page_no], table.year_line, y + TITLE_H, opts.font_size + 1, width)
            pages[page_no].rows.append(f"[line] {table.year_line}")
        on = sorted({placement.pages[(t, r)][0] for r in range(table.n_rows)})
        if len(on) > 1:
            split.append(t)
        for r in range(1, table.n_rows):
            if placement.pages[(t, r)][0] != placement.pages[(t, r - 1)][0]:
                breaks.append((t, r))
        for p in on:
            fragments.append(_draw_fragment(pages[p], table, p, placement, heights, opts, rng))
    if opts.footer_numbers:
        shape = rng.choice(FOOTERS)
        for k, page in enumerate(pages):
            text = shape.format(n=k + 1, m=len(pages))
            _centred(page, text, height - MARGIN + 14, opts.font_size, width)
            page.rows.append(f"[footer] {text}")
    return Layout(forms, opts, width, height, pages, split, breaks, fragments, tables)


def _draw_fragment(draw: PageDraw, table: Table, page: int, placement: Placement,
                   heights: dict[tuple[int, int], float], opts: PdfOptions, rng: random.Random) -> Fragment:
    t = table.form
    rows = [r for r in range(table.n_rows) if placement.pages[(t, r)][0] == page]
    top_of = {r: placement.pages[(t, r)][1] for r in rows}
    boxes: list[tuple[tuple[float, float, float, float], bool, bool]] = []  # box, open top, open bottom
    header_bottoms: list[float] = []
    described: dict[int, list[str]] = {r: [] for r in rows}
    labelled: set[int] = set()  # rows that print a level-1 or level-2 label
    repeat = next((y for (tt, p, y) in placement.repeats if tt == t and p == page), None)
    if repeat is not None:  # the column-name row again, above the continued rows
        line = []
        for cell in table.cells_at(table.column_row):
            x0, x1 = cell_box_x(table, cell)
            box = (x0, repeat, x1, repeat + heights[(t, table.column_row)])
            boxes.append((box, False, False))
            _text_block(draw, cell.text, box, "center", "middle", opts)
            line.append(cell.text)
        header_bottoms.append(repeat + heights[(t, table.column_row)])
        draw.rows.append(f"[table {t} repeated] " + " | ".join(line))
    for cell in table.cells:
        span = [r for r in range(cell.row, cell.row + cell.rowspan) if r in top_of]
        if not span:
            continue
        parts = _parts(table, cell, placement)
        k = next(i for i, part in enumerate(parts) if part[0] == span[0])
        x0, x1 = cell_box_x(table, cell)
        box = (x0, top_of[span[0]], x1, top_of[span[-1]] + heights[(t, span[-1])])
        cut_above, cut_below = k > 0, k < len(parts) - 1
        boxes.append((box, cut_above and opts.open_cut, cut_below and opts.open_cut))
        text = _part_text(cell, k, opts)
        if text and cell.role in ("level1", "level2"):
            labelled.add(span[0])
        if text:
            valign = "top" if k > 0 else "middle"
            _text_block(draw, text, box, cell.align, valign, opts)
        mark = ("⌃" if cut_above and opts.open_cut else "") + ("⌄" if cut_below and opts.open_cut else "")
        described[span[0]].append((f"{text}{f' ↓{len(span)}' if len(span) > 1 else ''}" if text else "·") + mark)
        if cell.row == table.column_row:
            header_bottoms.append(box[3])
    for r in rows:
        draw.rows.append(f"[table {t} row {r}] " + " | ".join(described[r]))
    _rules(draw, boxes, header_bottoms, opts, rng)
    empty = [(r, next(c for c in table.cells_at(r) if c.col == 3).text, r in labelled) for r in rows
             if r > table.column_row and r not in table.tail_rows
             and not next(c for c in table.cells_at(r) if c.col == 4).text]
    return Fragment(t, page, rows[0], rows[-1], empty)


def _rules(draw: PageDraw, boxes: list[tuple[tuple[float, float, float, float], bool, bool]],
           header_bottoms: list[float], opts: PdfOptions, rng: random.Random) -> None:
    """The rules of one table fragment, in the option's style:
    lines — one stroked segment per cell edge (shared edges once), 0.5 pt;
    rects — the same rules as thin filled rectangles, 0.6 pt thick;
    cell_borders — every cell strokes its own four borders (shared ones twice), each jittered ±0.3 pt;
    double — as lines, plus the outer border doubled 1.5 pt outside and a second rule 1.5 pt
    under the column-name row."""
    edges: list[tuple[float, float, float, float]] = []
    for (x0, top, x1, bottom), open_top, open_bottom in boxes:
        if not open_top:
            edges.append((x0, top, x1, top))
        if not open_bottom:
            edges.append((x0, bottom, x1, bottom))
        edges.append((x0, top, x0, bottom))
        edges.append((x1, top, x1, bottom))
    if opts.style == "cell_borders":
        j = lambda v: v + rng.uniform(-0.3, 0.3)  # noqa: E731
        for a, b, c, d in edges:
            if b == d:
                y = j(b)
                draw.segments.append((j(a), y, j(c), y))
            else:
                x = j(a)
                draw.segments.append((x, j(b), x, j(d)))
        return
    unique = sorted(set((round(a, 3), round(b, 3), round(c, 3), round(d, 3)) for a, b, c, d in edges))
    if opts.style == "rects":
        half = 0.3
        for a, b, c, d in unique:
            if b == d:
                draw.fills.append((a - half, b - half, c - a + 2 * half, 2 * half))
            else:
                draw.fills.append((a - half, b - half, 2 * half, d - b + 2 * half))
        return
    draw.segments.extend(unique)
    if opts.style == "double":
        x0 = min(b[0][0] for b in boxes)
        x1 = max(b[0][2] for b in boxes)
        top = min(b[0][1] for b in boxes)
        bottom = max(b[0][3] for b in boxes)
        g = 1.5
        draw.segments += [(x0 - g, top - g, x1 + g, top - g), (x0 - g, bottom + g, x1 + g, bottom + g),
                          (x0 - g, top - g, x0 - g, bottom + g), (x1 + g, top - g, x1 + g, bottom + g)]
        draw.segments += [(x0, y + g, x1, y + g) for y in header_bottoms]


# --- the PDF ---------------------------------------------------------------------------------------


def _font(writer: PdfWriter):  # noqa: ANN202 - an IndirectObject
    cid_font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType0"),
        NameObject("/BaseFont"): NameObject("/STSong-Light"),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("GB1"),
            NameObject("/Supplement"): NumberObject(4),
        }),
        NameObject("/FontDescriptor"): writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject("/STSong-Light"),
            NameObject("/Flags"): NumberObject(6),
            NameObject("/FontBBox"): ArrayObject([NumberObject(v) for v in (-25, -254, 1000, 880)]),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(880),
            NameObject("/Descent"): NumberObject(-120),
            NameObject("/CapHeight"): NumberObject(880),
            NameObject("/StemV"): NumberObject(93),
        })),
        NameObject("/DW"): NumberObject(1000),
        NameObject("/W"): ArrayObject([NumberObject(1), NumberObject(95), NumberObject(500)]),
    })
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject("/STSong-Light-UniGB-UCS2-H"),
        NameObject("/Encoding"): NameObject("/UniGB-UCS2-H"),
        NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
    }))


def _n(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


def content_stream(draw: PageDraw, height: float, rotate: str | None) -> bytes:
    """The page's content: top-down layout coordinates turned into PDF space; for `landscape`
    the whole drawing is turned so that it reads upright once the page's /Rotate 90 shows it."""
    ops: list[str] = []
    if rotate == "landscape":  # shown (U, V) → user (595 - V, U)
        ops.append(f"0 1 -1 0 {_n(A4[0])} 0 cm")
    y = lambda top_down: height - top_down  # noqa: E731
    if draw.segments:
        ops.append(f"q {_n(draw.line_width)} w 0 G")
        for x0, t0, x1, t1 in draw.segments:
            ops.append(f"{_n(x0)} {_n(y(t0))} m {_n(x1)} {_n(y(t1))} l S")
        ops.append("Q")
    if draw.fills:
        ops.append("q 0 g")
        for x, top, w, h in draw.fills:
            ops.append(f"{_n(x)} {_n(y(top + h))} {_n(w)} {_n(h)} re f")
        ops.append("Q")
    if draw.runs:
        ops.append("BT 0 g")
        size = None
        for run in draw.runs:
            if run.size != size:
                ops.append(f"/F1 {_n(run.size)} Tf")
                size = run.size
            ops.append(f"1 0 0 1 {_n(run.x)} {_n(y(run.baseline))} Tm <{run.text.encode('utf-16-be').hex()}> Tj")
        ops.append("ET")
    return "\n".join(ops).encode("ascii")


def write_pdf(layout: Layout, path: Path) -> Path:
    writer = PdfWriter()
    font = _font(writer)
    user_w, user_h = A4  # landscape is a portrait page shown turned
    if layout.opts.rotate is None:
        user_w, user_h = layout.width, layout.height
    for draw in layout.pages:
        page = writer.add_blank_page(user_w, user_h)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
            NameObject("/ProcSet"): ArrayObject([NameObject("/PDF"), NameObject("/Text")]),
        })
        stream = DecodedStreamObject()
        stream.set_data(content_stream(draw, layout.height, layout.opts.rotate))
        page[NameObject("/Contents")] = writer._add_object(stream)
        if layout.opts.rotate is not None:
            page[NameObject("/Rotate")] = NumberObject(90)
    with Path(path).open("wb") as handle:
        writer.write(handle)
    return Path(path)


__all__ = ["PdfOptions", "Layout", "layout_document", "write_pdf", "wrap", "text_width", "column_widths", "STYLES",
           "ROTATIONS"]
