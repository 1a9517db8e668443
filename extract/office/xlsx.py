"""`.xlsx` / `.xlsm` workbooks → `SheetGrid`s, straight from the package's XML.

The parts a reader needs are few — the workbook (sheet names, order, visibility, the
1904 date system), the shared strings, the styles (number formats, borders) and each
sheet's cells, merges, hidden rows and columns — and reading them with lxml is 5–10×
faster than loading the workbook with openpyxl (which builds a style object per cell).
Formulas are never evaluated: the value the producing program cached is read (as
openpyxl's data_only does), and a formula without one is said in a note. Macros
(`vbaProject.bin`) are never loaded, let alone run.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from jixiao.errors import CorruptSourceError

from .container import read_part
from .numfmt import display_number, format_code
from .sheet import SheetGrid

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


@dataclass(slots=True)
class Styles:
    formats: list[str] = field(default_factory=list)  # cellXfs index → number format code
    bordered: list[bool] = field(default_factory=list)  # cellXfs index → has a border


@dataclass(slots=True)
class SheetEntry:
    name: str
    part: str  # path of the sheet's XML in the package
    hidden: bool


@dataclass(slots=True)
class WorkbookXml:
    sheets: list[SheetEntry]
    date1904: bool
    has_macros: bool


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(package: zipfile.ZipFile, name: str) -> etree._Element:
    data = read_part(package, name)
    try:
        return etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise CorruptSourceError(f"part {name} is damaged: {error}") from error


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((child for child in element if _local(child.tag) == name), None)


def _rels(package: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id → target part path, for one part."""
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels")
    if name not in package.NameToInfo:
        return {}
    out = {}
    for rel in _parse(package, name):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = path
    return out


def _workbook_part(package: zipfile.ZipFile) -> str:
    for rel in _parse(package, "_rels/.rels") if "_rels/.rels" in package.NameToInfo else []:
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return "xl/workbook.xml"


def read_workbook_xml(package: zipfile.ZipFile) -> tuple[str, WorkbookXml]:
    part = _workbook_part(package)
    root = _parse(package, part)
    rels = _rels(package, part)
    props = _child(root, "workbookPr")
    date1904 = props is not None and props.get("date1904", "0") in ("1", "true")
    sheets_el = _child(root, "sheets")
    sheets = []
    for sheet in _children(sheets_el, "sheet") if sheets_el is not None else []:
        rid = sheet.get(f"{{{_REL}}}id") or sheet.get("{http://purl.oclc.org/ooxml/officeDocument/relationships}id")
        target = rels.get(rid or "")
        if target:
            sheets.append(SheetEntry(sheet.get("name", f"Sheet{len(sheets) + 1}"), target,
                                     sheet.get("state", "visible") != "visible"))
    has_macros = any(name.lower().endswith("vbaproject.bin") for name in package.NameToInfo)
    return part, WorkbookXml(sheets, date1904, has_macros)


def _styles(package: zipfile.ZipFile, workbook_part: str) -> Styles:
    target = next((t for t in _rels(package, workbook_part).values() if t.endswith("styles.xml")), None)
    if target is None or target not in package.NameToInfo:
        return Styles()
    root = _parse(package, target)
    custom: dict[int, str] = {}
    numfmts = _child(root, "numFmts")
    for fmt in _children(numfmts, "numFmt") if numfmts is not None else []:
        custom[_int(fmt.get("numFmtId"))] = fmt.get("formatCode", "General")
    borders_el = _child(root, "borders")
    borders = [_has_border(b) for b in _children(borders_el, "border")] if borders_el is not None else []
    styles = Styles()
    xfs = _child(root, "cellXfs")
    for xf in _children(xfs, "xf") if xfs is not None else []:
        styles.formats.append(format_code(_int(xf.get("numFmtId")), custom))
        border_id = _int(xf.get("borderId"))
        styles.bordered.append(0 <= border_id < len(borders) and borders[border_id])
    return styles


def _has_border(border: etree._Element) -> bool:
    return any(side.get("style") not in (None, "none") for side in border
               if _local(side.tag) in ("left", "right", "top", "bottom", "start", "end"))


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


def _text_of(element: etree._Element) -> str:
    """The text of a string item: its <t>, or its rich-text runs' <t>s (phonetic runs left out)."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def shared_strings(package: zipfile.ZipFile, workbook_part: str) -> list[str]:
    target = next((t for t in _rels(package, workbook_part).values() if t.endswith("sharedStrings.xml")), None)
    if target is None or target not in package.NameToInfo:
        return []
    return [_text_of(si) for si in _parse(package, target) if _local(si.tag) == "si"]


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _position(ref: str | None, row: int, next_col: int) -> tuple[int, int]:
    found = _CELL_REF.match(ref or "")
    if found:
        return int(found.group(2)) - 1, _column_index(found.group(1))
    return row, next_col


@dataclass(slots=True)
class CellReading:
    """What a sheet's cells held beyond their text: formulas without a cached value."""

    uncached: list[str] = field(default_factory=list)


def _cell_text(c: etree._Element, kind: str, strings: list[str], styles: Styles, date1904: bool) -> tuple[str, bool]:
    """The displayed text of one <c>, and whether it is a formula with no cached value."""
    value = formula = None
    inline = None
    for child in c:
        name = _local(child.tag)
        if name == "v":
            value = child.text
        elif name == "f":
            formula = child
        elif name == "is":
            inline = child
    if kind == "inlineStr":
        return (_text_of(inline) if inline is not None else ""), False
    if value is None:
        return "", formula is not None
    if kind == "s":
        index = _int(value, -1)
        return (strings[index] if 0 <= index < len(strings) else ""), False
    if kind == "b":
        return ("TRUE" if value.strip() in ("1", "true") else "FALSE"), False
    if kind in ("str", "e", "d"):
        return value, False
    try:
        number = float(value)
    except ValueError:
        return value, False
    style = _int(c.get("s"))
    code = styles.formats[style] if 0 <= style < len(styles.formats) else "General"
    return display_number(number, code, date1904), False


def read_sheet_xml(package: zipfile.ZipFile, entry: SheetEntry, index: int, strings: list[str], styles: Styles,
                   date1904: bool) -> tuple[SheetGrid, CellReading]:
    root = _parse(package, entry.part)
    grid = SheetGrid(entry.name, index)
    reading = CellReading()
    for part in root:
        name = _local(part.tag)
        if name == "sheetFormatPr":
            grid.default_row_height = float(part.get("defaultRowHeight") or grid.default_row_height)
            grid.default_col_width = float(part.get("defaultColWidth") or grid.default_col_width)
        elif name == "cols":
            _read_cols(part, grid)
        elif name == "sheetData":
            _read_rows(part, grid, reading, strings, styles, date1904)
        elif name == "mergeCells":
            grid.merges.extend(m for cell in part if (m := _merge(cell.get("ref"))) is not None)
    return grid, reading


def _read_cols(cols: etree._Element, grid: SheetGrid) -> None:
    for col in cols:
        first, last = _int(col.get("min"), 1) - 1, _int(col.get("max"), 1) - 1
        last = min(last, first + 16384)
        hidden = col.get("hidden") in ("1", "true")
        width = col.get("width")
        for c in range(max(first, 0), last + 1):
            if hidden:
                grid.hidden_cols.add(c)
            if width is not None:
                grid.col_widths[c] = float(width)


def _read_rows(data: etree._Element, grid: SheetGrid, reading: CellReading, strings: list[str], styles: Styles,
               date1904: bool) -> None:
    row_index = -1
    for row in data:
        if _local(row.tag) != "row":
            continue
        row_index = _int(row.get("r"), row_index + 2) - 1
        if row.get("hidden") in ("1", "true"):
            grid.hidden_rows.add(row_index)
        if row.get("ht") is not None:
            grid.row_heights[row_index] = float(row.get("ht"))
        col = -1
        for c in row:
            if _local(c.tag) != "c":
                continue
            r, col = _position(c.get("r"), row_index, col + 1)
            text, uncached = _cell_text(c, c.get("t", "n"), strings, styles, date1904)
            if uncached:
                reading.uncached.append(f"{c.get('r') or (r, col)}")
            if text:
                grid.texts[(r, col)] = text
            style = _int(c.get("s"))
            if 0 <= style < len(styles.bordered) and styles.bordered[style]:
                grid.bordered.add((r, col))


def _merge(ref: str | None) -> tuple[int, int, int, int] | None:
    if not ref or ":" not in ref:
        return None
    first, last = ref.split(":", 1)
    a, b = _CELL_REF.match(first), _CELL_REF.match(last)
    if not a or not b:
        return None
    r0, c0 = int(a.group(2)) - 1, _column_index(a.group(1))
    r1, c1 = int(b.group(2)) - 1, _column_index(b.group(1))
    return min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)


def read_xlsx(package: zipfile.ZipFile) -> tuple[list[SheetGrid], list[tuple[str, int, str]]]:
    """Every visible sheet's grid, and the notes (hidden sheets, formulas without values, macros)."""
    part, workbook = read_workbook_xml(package)
    strings = shared_strings(package, part)
    styles = _styles(package, part)
    grids: list[SheetGrid] = []
    notes: list[tuple[str, int, str]] = []
    hidden = [entry.name for entry in workbook.sheets if entry.hidden]
    for entry in workbook.sheets:
        if entry.part not in package.NameToInfo:
            raise CorruptSourceError(f"sheet {entry.name!r} has no part {entry.part}")
        if entry.hidden or _peek_root(package, entry.part) != "worksheet":
            continue  # chart sheets and dialog sheets have no cells; hidden sheets are said below
        grid, reading = read_sheet_xml(package, entry, len(grids) + 1, strings, styles, workbook.date1904)
        grids.append(grid)
        if reading.uncached:
            listed = ", ".join(reading.uncached[:10]) + (" …" if len(reading.uncached) > 10 else "")
            notes.append(("formula_uncached", grid.index, f"sheet {grid.name!r}: {len(reading.uncached)} formulas "
                          f"have no saved value (read as empty): {listed}"))
    first = grids[0].index if grids else 1
    if hidden:
        notes.append(("hidden_cells_skipped", first, f"hidden sheets left out: {', '.join(map(repr, hidden))}"))
    if workbook.has_macros:
        notes.extend(("macros_not_run", g.index, "the workbook holds VBA macros; they were not run") for g in grids)
    return grids, notes


def _peek_root(package: zipfile.ZipFile, part: str) -> str:
    """The root element's tag of a part, from its first bytes (a chartsheet is no worksheet)."""
    head = read_part(package, part, 2048)
    found = re.search(rb"<(?:\w+:)?(worksheet|chartsheet|dialogsheet|macrosheet)\b", head)
    return found.group(1).decode() if found else "worksheet"
