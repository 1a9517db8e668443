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
import re
import zipfile
import zlib
from pathlib import Path

from jixiao.errors import CorruptSourceError, EncryptedSourceError, JixiaoError

from ..model import Block, ExtractedDocument, PageTable
from .container import (
    NotOfficeError,
    OfficeKind,
    check_file_size,
    check_xml_parts,
    check_zip,
    identify,
    is_encrypted_package,
    open_package,
    read_part,
)
from .convert import convert, find_soffice
from .sheet import SheetGrid, read_sheet

__all__ = ["read_office"]

Notes = list[tuple[str, int, str]]
_HTML_TAG = re.compile(r"<\s*(!doctype|html|head|body|meta|table|tr|td|th)\b", re.IGNORECASE)
Reading = tuple[list[Block], int, Notes]  # blocks, pages, notes


def _open_package(data: bytes) -> zipfile.ZipFile:
    package = open_package(data)
    check_zip(package)
    check_xml_parts(package, [n for n in package.NameToInfo if n.endswith((".xml", ".rels"))])
    return package


def _workbook_blocks(package: zipfile.ZipFile) -> Reading:
    from .xlsx import read_xlsx

    grids, notes = read_xlsx(package)
    return _sheets_to_blocks(grids, notes)


def _sheets_to_blocks(grids: list[SheetGrid], notes: Notes) -> Reading:
    blocks: list[Block] = []
    for grid in grids:
        reading = read_sheet(grid)
        blocks.extend(reading.blocks)
        notes = notes + reading.notes
    return blocks, max(len(grids), 1), notes


def _xls_blocks(data: bytes, suffix: str, password: str | None) -> Reading:
    from .decrypt import decrypt
    from .xls import read_xls

    try:
        grids, notes = read_xls(data)
    except EncryptedSourceError:
        grids, notes = read_xls(decrypt(data, password))
    except CorruptSourceError as error:
        if find_soffice() is None:
            raise
        with _open_package(convert(data, suffix, "sheet")) as package:  # a BIFF version or a WPS sheet xlrd cannot read
            converted = _workbook_blocks(package)
        if not any(isinstance(b, PageTable) for b in converted[0]):
            raise error from None  # LibreOffice imports any bytes as text: nothing read, xlrd's verdict stands
        return converted
    return _sheets_to_blocks(grids, notes)


def _document_blocks(package: zipfile.ZipFile) -> Reading:
    from .docx import read_docx_xml

    main = next((n for n in ("word/document.xml", "word/document2.xml") if n in package.NameToInfo), None)
    if main is None:
        raise CorruptSourceError("the package has no word/document.xml")
    blocks, pages = read_docx_xml(read_part(package, main))
    notes: Notes = []
    if any(n.lower().endswith("vbaproject.bin") for n in package.NameToInfo):
        notes.append(("macros_not_run", 1, "the document holds VBA macros; they were not run"))
    return blocks, pages, notes


def _read_bytes(data: bytes, suffix: str, password: str | None) -> Reading:
    if is_encrypted_package(data):
        from .decrypt import decrypt

        data = decrypt(data, password)
    kind: OfficeKind = identify(data, suffix)
    if kind.container == "ole2" and kind.family == "sheet":
        return _xls_blocks(data, suffix, password)
    if kind.needs_conversion:
        data = convert(data, suffix, kind.family)
    with _open_package(data) as package:
        if kind.family == "sheet":
            return _workbook_blocks(package)
        return _document_blocks(package)


def _read_as_csv(data: bytes, path: Path) -> ExtractedDocument | None:
    """An office-named file that is comma-separated text (a common 'Excel export'), read as a CSV dump."""
    from ..decode import decode_dump
    from ..text_dump import read_text_dump_text

    try:
        decoded = decode_dump(data, str(path))
    except JixiaoError:
        return None
    text = decoded.text
    lines = [line for line in text.splitlines() if line.strip()][:50]
    if not lines or _HTML_TAG.search(text[:4096]) or any("\t" in line for line in lines) or \
            sum("," in line for line in lines) < 0.6 * len(lines):
        return None  # HTML, tab-separated or plain text: the text reader's own
    document = read_text_dump_text(text, f"{path}.csv", hashlib.sha256(data).hexdigest(), decoded.replaced)
    document.path = str(path)
    return document


def read_office(path: Path, password: str | None = None) -> ExtractedDocument:
    """An office file read into blocks; a one-line typed error naming the file otherwise."""
    try:
        check_file_size(path.stat().st_size)
        data = path.read_bytes()
        blocks, pages, notes = _read_bytes(data, path.suffix.lower(), password)
    except NotOfficeError as error:
        as_csv = _read_as_csv(data, path)
        if as_csv is not None:
            return as_csv
        error.path = str(path)
        raise
    except JixiaoError as error:
        if error.path is None:
            error.path = str(path)
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, UnicodeDecodeError) as error:
        raise CorruptSourceError(f"damaged office file: {type(error).__name__}: {error}", str(path)) from error
    return ExtractedDocument(path=str(path), sha256=hashlib.sha256(data).hexdigest(), method="office", blocks=blocks,
                             n_pages=pages, page_notes=notes)
