"""`.xls` (BIFF, Excel 97–2003; also WPS `.et` saved that way) → `SheetGrid`s with xlrd.

xlrd reads what the file saved: the cached results of formulas (it evaluates nothing),
merged ranges, hidden rows and columns, number formats and borders (formatting_info).
Macros are never run: xlrd does not even look at them.
"""

from __future__ import annotations

from typing import Any

from jixiao.errors import CorruptSourceError, EncryptedSourceError

from .numfmt import display_number
from .sheet import SheetGrid

_TEXT, _NUMBER, _DATE, _BOOLEAN, _ERROR = 1, 2, 3, 4, 5  # xlrd's cell types
_ERROR_TEXT = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
               0x2A: "#N/A"}


def open_book(data: bytes) -> Any:
    import xlrd

    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=_Quiet())
    except xlrd.XLRDError as error:
        if "encrypt" in str(error).lower():
            raise EncryptedSourceError("the workbook is password-protected; save it without a password to read it") from error
        raise CorruptSourceError(f"not a readable .xls workbook: {error}") from error
    except Exception as error:  # xlrd parses untrusted bytes; whatever it trips over, the file is damaged
        raise CorruptSourceError(f"damaged .xls workbook: {type(error).__name__}: {error}") from error


class _Quiet:
    """xlrd's log goes nowhere (it prints warnings about odd records to stdout otherwise)."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _format_of(book: Any, sheet: Any, row: int, col: int) -> str:
    try:
        xf = book.xf_list[sheet.cell_xf_index(row, col)]
        return book.format_map[xf.format_key].format_str or "General"
    except (IndexError, KeyError, AttributeError):
        return "General"


def _bordered(book: Any, sheet: Any, row: int, col: int) -> bool:
    try:
        border = book.xf_list[sheet.cell_xf_index(row, col)].border
    except (IndexError, AttributeError):
        return False
    return any((border.top_line_style, border.bottom_line_style, border.left_line_style, border.right_line_style))


def _text(book: Any, sheet: Any, row: int, col: int) -> str:
    kind = sheet.cell_type(row, col)
    value = sheet.cell_value(row, col)
    if kind == _TEXT:
        return str(value)
    if kind in (_NUMBER, _DATE):
        return display_number(float(value), _format_of(book, sheet, row, col), book.datemode == 1)
    if kind == _BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == _ERROR:
        return _ERROR_TEXT.get(value, "#ERROR")
    return ""


def _sheet_grid(book: Any, sheet: Any, index: int) -> SheetGrid:
    grid = SheetGrid(sheet.name, index)
    for row in range(sheet.nrows):
        for col in range(sheet.row_len(row)):
            text = _text(book, sheet, row, col)
            if text:
                grid.texts[(row, col)] = text
            if _bordered(book, sheet, row, col):
                grid.bordered.add((row, col))
    grid.merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells if r1 > r0 and c1 > c0]
    for row, info in sheet.rowinfo_map.items():
        if getattr(info, "hidden", 0):
            grid.hidden_rows.add(row)
        if getattr(info, "height", 0):
            grid.row_heights[row] = info.height / 20  # twips
    for col, info in sheet.colinfo_map.items():
        if getattr(info, "hidden", 0):
            grid.hidden_cols.add(col)
        if getattr(info, "width", 0):
            grid.col_widths[col] = info.width / 256  # 1/256 of a character
    return grid


def read_xls(data: bytes) -> tuple[list[SheetGrid], list[tuple[str, int, str]]]:
    """Every visible worksheet's grid, and the notes (hidden sheets)."""
    book = open_book(data)
    grids: list[SheetGrid] = []
    hidden: list[str] = []
    try:
        for k in range(book.nsheets):
            sheet = book.sheet_by_index(k)
            if getattr(sheet, "visibility", 0):
                hidden.append(sheet.name)
                continue
            grids.append(_sheet_grid(book, sheet, len(grids) + 1))
    except Exception as error:  # sheets are parsed on demand: the same holds for each
        raise CorruptSourceError(f"damaged .xls workbook: {type(error).__name__}: {error}") from error
    finally:
        book.release_resources()
    notes = [("hidden_cells_skipped", 1, f"hidden sheets left out: {', '.join(map(repr, hidden))}")] if hidden else []
    return grids, notes
