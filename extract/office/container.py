"""What an office file really is, judged by its bytes, and the bounds it must keep before it is opened.

Office files are zip packages (.xlsx, .xlsm, .docx, .odt, .ods) or OLE2 compound files
(.xls, .doc, .wps, .et, and any password-protected .xlsx/.docx, whose package is
encrypted inside an OLE2 file). Anything else under an office suffix — an `.xls` that
is an HTML page or a CSV, as many systems export them — is not this reader's: it says
so with an error the registry hands on to the text reader.

A zip package is checked before any parser sees it: the entry count, each entry's and
the total declared uncompressed size (Python's zipfile never inflates an entry past
its declared size, so the declared sizes bound the work), and XML parts that declare
a DTD (entity expansion) are refused.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from jixiao.errors import CorruptSourceError, EncryptedSourceError, SourceTooLargeError, UnsupportedSourceError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 10_000
MAX_ENTRY_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # declared size / compressed size of a large entry
RATIO_FLOOR_BYTES = 10 * 1024 * 1024  # entries smaller than this may compress as well as they like
MAX_FILE_BYTES = 200 * 1024 * 1024
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
# what zipfile raises on a damaged package, besides BadZipFile
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OverflowError, struct.error, NotImplementedError,
              RuntimeError, OSError)


@dataclass(frozen=True, slots=True)
class OfficeKind:
    family: str  # sheet, document
    container: str  # ooxml, odf, ole2
    needs_conversion: bool  # read after LibreOffice turns it into .xlsx / .docx


def _ole2_streams(data: bytes) -> set[str]:
    """The top-level stream and storage names of a compound file (olefile reads its directory)."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            return {entry[0] for entry in ole.listdir(streams=True, storages=True) if entry}
    except Exception as error:  # olefile parses untrusted bytes; what it trips over means a damaged file
        raise CorruptSourceError(f"damaged OLE2 compound file: {type(error).__name__}: {error}") from error


def sniff_office(head: bytes) -> bool:
    """Does a file's start say it is an office package or compound file?"""
    if head.startswith(OLE2_MAGIC):
        return True
    if not head.startswith(ZIP_MAGIC):
        return False
    return any(marker in head for marker in (b"[Content_Types].xml", b"xl/", b"word/", b"_rels/",
                                              b"mimetypeapplication/vnd.oasis.opendocument"))


def check_file_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise SourceTooLargeError(f"{size / 2**20:.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB bound for office files")


def identify(data: bytes, suffix: str) -> OfficeKind:
    """The file's kind by its content; a typed error when it is none this reader takes."""
    check_file_size(len(data))
    if data.startswith(OLE2_MAGIC):
        return _identify_ole2(data)
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        return _identify_zip(data)
    if not data:
        raise CorruptSourceError("the file is empty, no office file")
    raise NotOfficeError(f"not an office file (no zip package or OLE2 compound file), whatever its suffix "
                         f"{suffix or '(none)'} says")


class NotOfficeError(CorruptSourceError):
    """Bytes of another kind under an office suffix: the registry hands the file to the next reader."""

    retry_elsewhere = True


def is_encrypted_package(data: bytes) -> bool:
    """A password-protected .xlsx/.docx: the package sits encrypted inside an OLE2 file."""
    if not data.startswith(OLE2_MAGIC):
        return False
    return bool({"EncryptedPackage", "EncryptionInfo"} & _ole2_streams(data))


def _identify_ole2(data: bytes) -> OfficeKind:
    streams = _ole2_streams(data)
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise EncryptedSourceError("the file is password-protected: give its password (--password) to read it")
    if "Workbook" in streams or "Book" in streams:
        return OfficeKind("sheet", "ole2", False)
    if "WordDocument" in streams:
        return OfficeKind("document", "ole2", True)
    raise UnsupportedSourceError("an OLE2 compound file that holds no workbook or Word document")


def check_zip(package: zipfile.ZipFile) -> None:
    """Refuse a package whose declared sizes or entry count are out of bounds, or whose XML declares a DTD."""
    entries = package.infolist()
    if len(entries) > MAX_ENTRIES:
        raise SourceTooLargeError(f"the package holds {len(entries):,} entries, over the bound of {MAX_ENTRIES:,}")
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise EncryptedSourceError(f"zip entry {entry.filename} is encrypted")
        total += entry.file_size
        ratio_ok = entry.file_size < RATIO_FLOOR_BYTES or entry.file_size <= MAX_RATIO * max(entry.compress_size, 1)
        if entry.file_size > MAX_ENTRY_BYTES or not ratio_ok:
            raise SourceTooLargeError(f"zip entry {entry.filename} declares {entry.file_size / 2**20:.0f} MB from "
                                      f"{entry.compress_size / 2**10:.0f} kB (a zip bomb?): over the reader's bounds")
    if total > MAX_TOTAL_BYTES:
        raise SourceTooLargeError(f"the package declares {total / 2**20:.0f} MB uncompressed, over the bound of "
                                  f"{MAX_TOTAL_BYTES // 2**20} MB (a zip bomb?)")


def read_part(package: zipfile.ZipFile, name: str, limit: int = -1) -> bytes:
    """A package entry's bytes (the first `limit` only, when given); a damaged entry is a CorruptSourceError."""
    try:
        with package.open(name) as handle:
            return handle.read(limit)
    except KeyError as error:
        raise CorruptSourceError(f"the package has no part {name}") from error
    except ZIP_ERRORS as error:
        raise CorruptSourceError(f"part {name} is damaged: {type(error).__name__}: {error}") from error


def open_package(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as error:
        raise CorruptSourceError(f"damaged zip package: {type(error).__name__}: {error}") from error


def check_xml_parts(package: zipfile.ZipFile, names: list[str]) -> None:
    """XML parts that are about to be parsed must not declare a DTD (no entity expansion)."""
    for name in names:
        if name not in package.NameToInfo:
            continue
        head = read_part(package, name, 4096)
        if any(marker in head for marker in _DTD_MARKERS):
            raise UnsupportedSourceError(f"part {name} declares a DTD, which office files never do")


def _identify_zip(data: bytes) -> OfficeKind:
    with open_package(data) as package:
        check_zip(package)
        names = set(package.NameToInfo)
        mimetype = read_part(package, "mimetype", 100) if "mimetype" in names else b""
    if any(n.startswith("xl/") for n in names) and ("xl/workbook.xml" in names or "[Content_Types].xml" in names):
        return OfficeKind("sheet", "ooxml", False)
    if any(n.startswith("word/") for n in names):
        return OfficeKind("document", "ooxml", False)
    if b"opendocument.spreadsheet" in mimetype:
        return OfficeKind("sheet", "odf", True)
    if b"opendocument.text" in mimetype:
        return OfficeKind("document", "odf", True)
    raise UnsupportedSourceError("a zip package that holds no workbook or Word document")
