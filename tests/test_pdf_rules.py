"""Only rules that show make tables: generated PDFs with white fills, white gridlines, clipped-away
and painted-over rules, page frames, two tables on a page and wrapped text, with exact cells;
plus real producers' PDFs from ../shared/real-pdfs (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from jixiao.extract.model import PageTable, TextLine
from jixiao.extract.options import ReadOptions
from jixiao.extract.pdf.rules import Paint, PaintedPath, Subpath, visible_edges
from jixiao.pipeline import read_source

ROOT = Path(__file__).resolve().parent.parent
REAL = next((d / "shared" / "real-pdfs" for d in ROOT.parents if (d / "shared" / "real-pdfs").is_dir()), None)
HEIGHT = 842.0
BLACK, WHITE = "0 0 0", "1 1 1"


def _y(top: float) -> float:
    return HEIGHT - top


def text(x: float, top: float, words: str, size: float = 10) -> str:
    """Helvetica text (a standard font: no font file is needed to read it) with its top at `top`."""
    return f"BT /F1 {size} Tf 0 g 1 0 0 1 {x} {_y(top + size * 0.8)} Tm ({words}) Tj ET"


def line(x0: float, t0: float, x1: float, t1: float, rgb: str = BLACK, width: float = 0.5) -> str:
    return f"q {rgb} RG {width} w {x0} {_y(t0)} m {x1} {_y(t1)} l S Q"


def fill(x0: float, top: float, x1: float, bottom: float, rgb: str = WHITE) -> str:
    return f"q {rgb} rg {x0} {_y(bottom)} {x1 - x0} {bottom - top} re f Q"


def grid(xs: list[float], ys: list[float], rgb: str = BLACK) -> list[str]:
    """Every row and column rule of a table."""
    return ([line(xs[0], y, xs[-1], y, rgb) for y in ys] + [line(x, ys[0], x, ys[-1], rgb) for x in xs])


def write(path: Path, ops: list[str]) -> Path:
    writer = PdfWriter()
    page = writer.add_blank_page(595, HEIGHT)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    fonts = DictionaryObject({NameObject("/F1"): font})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("ascii"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def tables(path: Path) -> list[list[list[str]]]:
    document = read_source(path, ReadOptions(ocr="never"))
    return [[[c.text for c in row] for row in b.rows] for b in document.blocks if isinstance(b, PageTable)]


def lines(path: Path) -> list[str]:
    return [b.text for b in read_source(path, ReadOptions(ocr="never")).blocks if isinstance(b, TextLine)]


XS = [100.0, 250.0, 400.0]
YS = [200.0, 230.0, 260.0]
CELLS = [text(110, 210, "Item"), text(260, 210, "Amount"), text(110, 240, "Rent"), text(260, 240, "12.50")]
TABLE = [["Item", "Amount"], ["Rent", "12.50"]]


def test_plain_table_is_read(tmp_path: Path) -> None:
    assert tables(write(tmp_path / "t.pdf", grid(XS, YS) + CELLS)) == [TABLE]


def test_white_fills_are_no_rules(tmp_path: Path) -> None:
    """A white page background and a white box behind the title and the unit line: the title and
    the unit line stay lines above the table."""
    ops = [fill(0, 0, 595, 842), fill(90, 120, 410, 190),
           text(100, 130, "Budget of the office"), text(100, 160, "Unit: yuan"), *grid(XS, YS), *CELLS]
    path = write(tmp_path / "t.pdf", ops)
    assert tables(path) == [TABLE]
    assert lines(path) == ["Budget of the office", "Unit: yuan"]


def test_white_gridlines_and_wrapped_text(tmp_path: Path) -> None:
    """A spreadsheet's white gridlines between every printed line (its default rows) do not split
    the printed cells; a cell's wrapped text stays one cell."""
    ys = [200.0, 230.0, 270.0]
    white = [line(XS[0], y, XS[-1], y, WHITE) for y in (215, 245, 257)] + [line(175, 200, 175, 270, WHITE)]
    ops = [*white, *grid(XS, ys), text(110, 210, "Item"), text(260, 210, "Amount"),
           text(110, 236, "Rent of the"), text(110, 250, "main office"), text(260, 240, "12.50")]
    assert tables(write(tmp_path / "t.pdf", ops)) == [[["Item", "Amount"], ["Rent of the\nmain office", "12.50"]]]


def test_rules_clipped_away_are_no_rules(tmp_path: Path) -> None:
    """A rule drawn outside its clip (a column divider a spreadsheet clipped off) does not split the cells."""
    clipped = f"q 300 {_y(300)} 100 100 re W n {line(175, 200, 175, 260)} {line(100, 245, 400, 245)} Q"
    assert tables(write(tmp_path / "t.pdf", [clipped, *grid(XS, YS), *CELLS])) == [TABLE]


def test_rules_painted_over_are_no_rules(tmp_path: Path) -> None:
    """The middle column rule of the first row is painted over by an opaque white fill: one merged cell."""
    ops = [*grid(XS, YS), fill(245, 201, 255, 229), text(110, 210, "Item and amount"),
           text(110, 240, "Rent"), text(260, 240, "12.50")]
    assert tables(write(tmp_path / "t.pdf", ops)) == [[["Item and amount", ""], ["Rent", "12.50"]]]


def test_two_tables_on_a_white_panel(tmp_path: Path) -> None:
    """Two tables over one white panel that holds both (and their titles) stay two tables."""
    second = [v + 200 for v in YS]
    ops = [fill(80, 150, 420, 480), text(100, 170, "Table 1"), *grid(XS, YS), *CELLS, text(100, 370, "Table 2"),
           *grid(XS, second), text(110, 410, "Fees"), text(260, 410, "Total"), text(110, 440, "Post"),
           text(260, 440, "3.00")]
    assert tables(write(tmp_path / "t.pdf", ops)) == [TABLE, [["Fees", "Total"], ["Post", "3.00"]]]


PARAGRAPH = [text(60, 80 + 14 * k, f"Running text of the page, line {k + 1} of the report.") for k in range(8)]


def test_page_frame_is_no_table(tmp_path: Path) -> None:
    """A box around the page's content, with a rule under its header line: a layout frame, not a
    table; the table inside it is read."""
    frame = [line(50, 50, 545, 50), line(50, 790, 545, 790), line(50, 50, 50, 790), line(545, 50, 545, 790),
             line(50, 70, 545, 70)]
    ops = [*frame, text(60, 55, "Annual report"), *PARAGRAPH, *grid(XS, [v + 100 for v in YS]),
           text(110, 310, "Item"), text(260, 310, "Amount"), text(110, 340, "Rent"), text(260, 340, "12.50")]
    path = write(tmp_path / "t.pdf", ops)
    assert tables(path) == [TABLE]
    assert lines(path)[:2] == ["Annual report", "Running text of the page, line 1 of the report."]


def test_table_without_outer_side_rules(tmp_path: Path) -> None:
    """Row rules that run on past the outer column rule to the same end close the table's open side
    (a statistics table with no rule left of its row labels)."""
    ops = [*(line(50, y, 400, y) for y in YS), line(250, 200, 250, 260), line(400, 200, 400, 260),
           text(60, 210, "Item"), text(260, 210, "Amount"), text(60, 240, "Rent"), text(260, 240, "12.50")]
    assert tables(write(tmp_path / "t.pdf", ops)) == [TABLE]


def test_ruled_boxes_without_text_are_no_table(tmp_path: Path) -> None:
    """Bars of a chart on an axis make ruled boxes, none holding text: a drawing, not a table."""
    bars = [f"q 0.5 0.5 0.8 rg 0 0 0 RG 100 {_y(200 + 20 * k + 15)} {60 + 40 * k} 15 re B Q" for k in range(4)]
    path = write(tmp_path / "t.pdf", [*bars, line(100, 190, 100, 290), text(300, 300, "Figure 1")])
    assert tables(path) == []
    assert lines(path) == ["Figure 1"]


def test_visible_fill_outline_counts_and_same_colour_does_not() -> None:
    """A grey panel on paper shows its outline; a grey box on that panel does not; a white rule on it does."""
    grey = Paint((0.8, 0.8, 0.8))

    def rect(x0: float, top: float, x1: float, bottom: float) -> Subpath:
        corners = [(x0, top), (x1, top), (x1, bottom), (x0, bottom)]
        return Subpath(tuple(zip(corners, corners[1:] + corners[:1], strict=True)), (x0, top, x1, bottom))

    rule = Subpath((((0.0, 50.0), (100.0, 50.0)),))
    edges = visible_edges([PaintedPath((rect(0, 0, 100, 100),), fill=grey),
                           PaintedPath((rect(10, 10, 90, 40),), fill=grey),
                           PaintedPath((rule,), stroke=Paint((1.0, 1.0, 1.0)), half_width=0.25)], 0.05, 1.0)
    assert sorted((e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges) == [
        ("h", 0.0, 0.0, 100.0, 0.0), ("h", 0.0, 50.0, 100.0, 50.0), ("h", 0.0, 100.0, 100.0, 100.0),
        ("v", 0.0, 0.0, 0.0, 100.0), ("v", 100.0, 0.0, 100.0, 100.0)]


def _real(name: str) -> Path:
    if REAL is None or not (REAL / name).exists():
        pytest.skip("shared/real-pdfs not beside the checkout")
    return REAL / name


def _shapes(path: Path, pages: tuple[int, ...] | None = None) -> list[tuple[int, int, int]]:
    document = read_source(path, ReadOptions(pages=pages))
    return [(b.page, len(b.rows), max(len(r) for r in b.rows)) for b in document.blocks if isinstance(b, PageTable)]


def test_real_budget_tables_leave_title_and_unit_line_out() -> None:
    """江苏 budget tables: the white page-sized fill is no rule, so the title and the unit line are lines."""
    path = _real("pdf_files/jszwfw/江苏省委办公厅/江苏省委办公厅2017年预算公开表格.pdf")
    document = read_source(path, ReadOptions(pages=(5,)))
    assert [b.text for b in document.blocks if isinstance(b, TextLine)] == [
        "财政拨款支出预算表", "部门：中国共产党江苏省委员会办公厅 单位：万元"]
    (table,) = [b for b in document.blocks if isinstance(b, PageTable)]
    assert (len(table.rows), len(table.rows[0])) == (13, 3)
    assert [c.text for c in table.rows[0]] == ["功能科目代码", "功能科目名称", "金额"]
    assert [c.text for c in table.rows[-1]] == ["2210202", "提租补贴", "1,235.41"]


def test_real_layout_panels_and_barcodes_are_no_tables() -> None:
    assert _shapes(_real("tests/pdfs/issue-71-duplicate-chars.pdf")) == []
    assert _shapes(_real("tests/pdfs/issue-461-example.pdf")) == []


def test_real_white_layout_box_is_no_table() -> None:
    """issue-463: a white box around two text columns made one 7×5 grid with the table below it."""
    assert _shapes(_real("tests/pdfs/issue-463-example.pdf")) == [(2, 5, 3), (3, 2, 3), (3, 2, 3)]
