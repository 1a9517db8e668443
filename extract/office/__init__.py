"""Office files → `ExtractedDocument`: workbooks (a sheet is a page) and Word documents.

    .xlsx .xlsm          the package's XML (xlsx.py)         cached formula values, number formats, merges
    .xls (and .et)       xlrd (xls.py)                        the same, from BIFF records
    .docx .docm          word/document.xml (docx.py)          paragraphs as lines, tables with spans, nested tables
    .doc .wps .odt       LibreOffice → .docx (convert.py)     when LibreOffice is installed
    .ods .et             LibreOffice → .xlsx

What a file is comes from its bytes (container.py), never from its suffix alone; every
bound (size, entry count, zip bombs, DTDs) is checked before a parser sees it; macros are
never run. Every cell keeps its sheet reference or table/row/column (`Cell.ref`).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from pathlib import Path

from jixiao.errors import CorruptSourceError, JixiaoError

from ..model import Block, ExtractedDocument
from .container import OfficeKind, check_xml_parts, check_zip, identify
from .convert import convert, find_soffice
from .sheet import read_sheet

__all__ = ["read_office"]

Notes = list[tuple[str, int, str]]


def _open_package(data: bytes | Path) -> zipfile.ZipFile:
    package = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    check_zip(package)
    check_xml_parts(package, [n for n in package.NameToInfo if n.endswith((".xml", ".rels"))])
    return package


def _workbook_blocks(package: zipfile.ZipFile) -> tuple[list[Block], int, Notes]:
    from .xlsx import read_xlsx

    grids, notes = read_xlsx(package)
    return _sheets_to_blocks(grids, notes)


def _sheets_to_blocks(grids: list, notes: Notes) -> tuple[list[Block], int, Notes]:
    blocks: list[Block] = []
    for grid in grids:
        reading = read_sheet(grid)
        blocks.extend(reading.blocks)
        notes = notes + reading.notes
    return blocks, max(len(grids), 1), notes


def _xls_blocks(path: Path) -> tuple[list[Block], int, Notes]:
    from .xls import read_xls

    try:
        grids, notes = read_xls(path.read_bytes())
    except CorruptSourceError:
        if find_soffice() is None:
            raise
        with _open_package(convert(path, "sheet")) as package:  # a BIFF version or a WPS sheet xlrd cannot read
            return _workbook_blocks(package)
    return _sheets_to_blocks(grids, notes)


def _document_blocks(package: zipfile.ZipFile) -> tuple[list[Block], int, Notes]:
    from .docx import read_docx_xml

    main = next((n for n in ("word/document.xml", "word/document2.xml") if n in package.NameToInfo), None)
    if main is None:
        raise CorruptSourceError("the package has no word/document.xml")
    blocks, pages = read_docx_xml(package.read(main))
    notes: Notes = []
    if any(n.lower().endswith("vbaproject.bin") for n in package.NameToInfo):
        notes.append(("macros_not_run", 1, "the document holds VBA macros; they were not run"))
    return blocks, pages, notes


def _read_kind(path: Path, kind: OfficeKind) -> tuple[list[Block], int, Notes]:
    if kind.container == "ole2" and kind.family == "sheet":
        return _xls_blocks(path)
    source: bytes | Path = convert(path, kind.family) if kind.needs_conversion else path
    with _open_package(source) as package:
        if kind.family == "sheet":
            return _workbook_blocks(package)
        return _document_blocks(package)


def read_office(path: Path) -> ExtractedDocument:
    """An office file read into blocks; a one-line typed error naming the file otherwise."""
    try:
        kind = identify(path)
        blocks, pages, notes = _read_kind(path, kind)
    except JixiaoError as error:
        if error.path is None:
            error.path = str(path)
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, UnicodeDecodeError) as error:
        raise CorruptSourceError(f"damaged office file: {type(error).__name__}: {error}", str(path)) from error
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return ExtractedDocument(path=str(path), sha256=digest, method="office", blocks=blocks, n_pages=pages,
                             page_notes=notes)
