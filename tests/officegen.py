"""Generated forms (tests/generator.py's `FormSpec`s) written as .xlsx (openpyxl) and .docx (python-docx).

The cells come from the same layout the PDF generator prints (pdfgen.build_table: header
block, column-name row, indicator rows with merged 绩效指标 / level-1 / level-2 labels), so
what the records must hold is generator.expected_records(forms). Options add what office
files bring, none of which changes the content:

- xlsx: amounts stored as numbers under a number format; a hidden row and a hidden column
  with text that must not reach the record; 年度资金总额 as a formula with its cached value;
  two forms side by side on one sheet; a form per sheet.
- docx: a form inside a one-cell layout table (a nested table).
"""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator import FormSpec
from pdfgen import PdfOptions, Table, build_table, column_widths

HIDDEN_TEXT = "隐藏行内容不应读出"


@dataclass(frozen=True)
class OfficeOptions:
    numbers: bool = False  # amounts as numbers (format #,##0.00), bare-number targets as numbers
    hidden: bool = False  # a hidden row inside each table, a hidden column right of the last
    formula: bool = False  # 年度资金总额 = 财政拨款 + 其他资金 as a formula with its cached value
    side_by_side: bool = False  # forms two by two on one band of rows, an empty column between
    sheet_per_form: bool = False
    nested: bool = False  # docx: each form's table inside a one-cell layout table
    seed: int = 0


def tables_of(forms: list[FormSpec], seed: int = 0) -> list[Table]:
    rng = random.Random(f"office-layout:{seed}")
    opts = PdfOptions()
    return [build_table(f, k, rng, column_widths(opts), 0.0, opts) for k, f in enumerate(forms)]


def _number(text: str) -> int | float | None:
    """A plain number a sheet would store as a number (no leading zeros, nothing around it)."""
    if re.fullmatch(r"(0|[1-9]\d*)", text):
        return int(text)
    if re.fullmatch(r"(0|[1-9]\d*)\.\d+", text):
        return float(text)
    return None


def _display_format(text: str, amount: bool) -> str:
    """The number format under which a stored number shows as `text` (amounts with a thousands separator)."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    body = "#,##0" if amount else "0"
    return body + ("." + "0" * decimals if decimals else "")


# --------------------------------------------------------------------------- xlsx
def _write_cell(ws, row: int, col: int, cell, opts: OfficeOptions) -> None:  # noqa: ANN001
    value = _number(cell.text) if opts.numbers else None
    target = ws.cell(row, col)
    if value is None:
        target.value = cell.text or None
        return
    target.value = value
    target.number_format = _display_format(cell.text, amount=3 <= cell.row <= 5)


def _amount_cells(table: Table) -> list:
    """The amount cells of the funds rows (rows 3–5), right of their labels."""
    return [c for c in table.cells if 3 <= c.row <= 5 and c.col >= 2 and c.text and _number(c.text) is not None]


def write_xlsx_form(ws, table: Table, top: int, left: int, opts: OfficeOptions, formulas: dict) -> int:  # noqa: ANN001
    """The form's title and year rows, then its table, at sheet row `top`, column `left` (1-based)."""
    from openpyxl.styles import Border, Side

    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    row = top
    for text in (table.title, table.year_line):
        if text:
            ws.merge_cells(start_row=row, start_column=left, end_row=row, end_column=left + 4)
            ws.cell(row, left, text)
            row += 1
    first = row
    hidden_at = first + table.column_row + 2 if opts.hidden else None
    def sheet_row(r: int) -> int:
        return first + r + (1 if hidden_at is not None and first + r >= hidden_at else 0)

    for c in table.cells:
        r0, r1 = sheet_row(c.row), sheet_row(c.row + c.rowspan - 1)
        c0, c1 = left + c.col, left + c.col + c.colspan - 1
        if r1 > r0 or c1 > c0:
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
        _write_cell(ws, r0, c0, c, opts)
        for rr in range(r0, r1 + 1):
            for cc in range(c0, c1 + 1):
                ws.cell(rr, cc).border = border
    if hidden_at is not None:
        ws.cell(hidden_at, left + 3, HIDDEN_TEXT)
        ws.cell(hidden_at, left + 4, "999")
        ws.row_dimensions[hidden_at].hidden = True
    if opts.formula:
        _formula_total(ws, table, sheet_row, left, formulas)
    return sheet_row(table.n_rows - 1)


def _formula_total(ws, table: Table, sheet_row, left: int, formulas: dict) -> None:  # noqa: ANN001
    amounts = {c.row: c for c in _amount_cells(table)}
    total, fiscal = amounts.get(3), amounts.get(4)
    if total is None or fiscal is None:
        return
    other = amounts.get(5)
    ref = lambda c: f"{chr(64 + left + c.col)}{sheet_row(c.row)}"  # noqa: E731
    expression = ref(fiscal) + (f"+{ref(other)}" if other is not None else "")
    ws.cell(sheet_row(total.row), left + total.col).value = f"={expression}"
    formulas[(ws.title, ref(total))] = total.text


def _cache_formulas(path: Path, formulas: dict, sheet_files: dict[str, str]) -> None:
    """openpyxl writes formulas without a value: give each its cached value, as Excel would have saved it."""
    with zipfile.ZipFile(path) as package:
        items = [(i, package.read(i)) for i in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in items:
            for (sheet, ref), value in formulas.items():
                if sheet_files.get(sheet) == info.filename:
                    pattern = re.compile(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?'.encode())
                    data, n = pattern.subn(rb"\1<f>\2</f><v>" + value.encode() + rb"</v>", data)
                    assert n == 1, (sheet, ref)
            package.writestr(info, data)


def write_xlsx(forms: list[FormSpec], path: Path, opts: OfficeOptions = OfficeOptions()) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    tables = tables_of(forms, opts.seed)
    formulas: dict = {}
    top = 1
    if forms[0].attachment:
        ws.cell(1, 1, forms[0].attachment)
        top = 3
    k = 0
    while k < len(tables):
        if opts.sheet_per_form and k > 0:
            ws = wb.create_sheet(f"表{k + 1}")
            top = 1
        group = tables[k:k + 2] if opts.side_by_side else tables[k:k + 1]
        last = max(write_xlsx_form(ws, t, top, 1 + 6 * i, opts, formulas) for i, t in enumerate(group))
        if opts.hidden:
            ws.column_dimensions["F"].hidden = True
            ws.cell(top + 2, 6, "隐藏列")
        top = last + 3
        k += len(group)
    wb.save(path)
    if formulas:
        _cache_formulas(path, formulas, {s.title: f"xl/worksheets/sheet{i + 1}.xml" for i, s in enumerate(wb.worksheets)})
    return path


# --------------------------------------------------------------------------- docx
def _docx_table(container, table: Table):  # noqa: ANN001, ANN202 - python-docx objects
    grid = container.add_table(rows=table.n_rows, cols=5)
    grid.style = "Table Grid"
    for c in table.cells:
        cell = grid.cell(c.row, c.col)
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(grid.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
        cell.paragraphs[0].text = c.text
    return grid


def write_docx(forms: list[FormSpec], path: Path, opts: OfficeOptions = OfficeOptions()) -> Path:
    from docx import Document

    doc = Document()
    if forms[0].attachment:
        doc.add_paragraph(forms[0].attachment)
    for table in tables_of(forms, opts.seed):
        doc.add_paragraph(table.title, style="Title" if table.form % 2 else None)
        if table.year_line:
            doc.add_paragraph(table.year_line)
        if opts.nested:
            frame = doc.add_table(rows=1, cols=1)
            inner = frame.cell(0, 0)
            _docx_table(inner, table)
            inner.add_paragraph("")
        else:
            _docx_table(doc, table)
    doc.add_paragraph("")  # Word ends a document with a paragraph (LibreOffice's .doc export loses a last table)
    doc.save(path)
    return path


# --------------------------------------------------------------------------- xls (BIFF8, xlwt)
def write_xls(forms: list[FormSpec], path: Path, opts: OfficeOptions = OfficeOptions()) -> Path:
    """The forms on one sheet of an .xls (or a sheet each): merges, borders, numbers under formats, hidden rows."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("表1")
    bordered = "borders: left thin, right thin, top thin, bottom thin;"
    plain_style = xlwt.easyxf(bordered)
    top = 0
    if forms[0].attachment:
        sheet.write(0, 0, forms[0].attachment)
        top = 2
    for k, table in enumerate(tables_of(forms, opts.seed)):
        if opts.sheet_per_form and k > 0:
            sheet, top = book.add_sheet(f"表{k + 1}"), 0
        for text in (table.title, table.year_line):
            if text:
                sheet.write_merge(top, top, 0, 4, text)
                top += 1
        hidden_at = top + table.column_row + 2 if opts.hidden else None
        def sheet_row(r: int, first: int = top) -> int:
            return first + r + (1 if hidden_at is not None and first + r >= hidden_at else 0)

        for c in table.cells:
            value = _number(c.text) if opts.numbers else None
            style = xlwt.easyxf(bordered, num_format_str=_display_format(c.text, 3 <= c.row <= 5)) \
                if value is not None else plain_style
            r0, r1 = sheet_row(c.row), sheet_row(c.row + c.rowspan - 1)
            shown = value if value is not None else c.text
            if r1 > r0 or c.colspan > 1:
                sheet.write_merge(r0, r1, c.col, c.col + c.colspan - 1, shown, style)
            else:
                sheet.write(r0, c.col, shown, style)
        if hidden_at is not None:
            sheet.write(hidden_at, 3, HIDDEN_TEXT)
            sheet.row(hidden_at).hidden = True
        top = sheet_row(table.n_rows - 1) + 3
    book.save(str(path))
    return path
