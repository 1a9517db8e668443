"""Bad office input: password-protected, corrupt, macro-enabled, zip bombs, a .doc with no LibreOffice,
an .xls that is HTML or CSV. Each is a one-line typed error naming the file, or the right reading."""

from __future__ import annotations

import io
import random
import shutil
import struct
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator import Distortions, random_document, render  # noqa: E402

from jixiao import records_from_path  # noqa: E402
from jixiao.errors import (  # noqa: E402
    ConverterUnavailableError,
    CorruptSourceError,
    EncryptedSourceError,
    JixiaoError,
    SourceTooLargeError,
)
from jixiao.extract.office.container import OLE2_MAGIC  # noqa: E402
from jixiao.pipeline import ReadOptions, extract_source  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
XLSX = ROOT / "samples" / "pdf" / "pingluo-xlsx.xlsx"
DOCX = ROOT / "samples" / "pdf" / "pingluo-docx.docx"


def _one_line_error(path: Path, kind: type[JixiaoError]) -> str:
    with pytest.raises(kind) as caught:
        records_from_path(path)
    said = str(caught.value)
    assert "\n" not in said and said.startswith(str(path)), said
    result = extract_source(path)  # the batch: never raises, says what happened
    assert result.error == said and not result.records
    return said


def _rezip(source: Path, target: Path, change) -> Path:  # noqa: ANN001 - change(name, data) -> data | None
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in package.infolist():
            data = change(info.filename, package.read(info))
            if data is not None:
                out.writestr(info.filename, data)
    return target


# --- password-protected --------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [XLSX, DOCX])
def test_password_protected_files(source: Path, tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    locked = tmp_path / f"locked{source.suffix}"
    with source.open("rb") as plain, locked.open("wb") as out:
        ooxml.OOXMLFile(plain).encrypt("secret", out)
    said = _one_line_error(locked, EncryptedSourceError)
    assert "password" in said
    with pytest.raises(EncryptedSourceError, match="wrong password"):
        records_from_path(locked, ReadOptions(password="guess"))
    opened = records_from_path(locked, ReadOptions(password="secret"))
    assert [r["project"] for r in opened] == [r["project"] for r in records_from_path(source)]


# --- corrupt --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [XLSX, DOCX])
def test_truncated_packages(source: Path, tmp_path: Path) -> None:
    cut = tmp_path / f"cut{source.suffix}"
    cut.write_bytes(source.read_bytes()[:3000])
    _one_line_error(cut, CorruptSourceError)


@pytest.mark.parametrize("source, part", [(XLSX, "xl/worksheets/sheet1.xml"), (DOCX, "word/document.xml"),
                                          (XLSX, "xl/workbook.xml")])
def test_damaged_parts(source: Path, part: str, tmp_path: Path) -> None:
    broken = _rezip(source, tmp_path / f"broken{source.suffix}",
                    lambda name, data: data[: len(data) // 2] if name == part else data)
    _one_line_error(broken, CorruptSourceError)
    missing = _rezip(source, tmp_path / f"missing{source.suffix}", lambda name, data: None if name == part else data)
    _one_line_error(missing, CorruptSourceError)


def test_garbage_under_an_office_suffix(tmp_path: Path) -> None:
    for suffix in (".xlsx", ".docx", ".xls"):
        junk = tmp_path / f"junk{suffix}"
        junk.write_bytes(bytes(random.Random(suffix).randrange(256) for _ in range(5000)))
        _one_line_error(junk, CorruptSourceError)
    ole = tmp_path / "damaged.xls"
    ole.write_bytes(OLE2_MAGIC + b"\0" * 600 + "Workbook".encode("utf-16-le") + b"\xff" * 3000)
    _one_line_error(ole, CorruptSourceError)


def test_dtd_in_a_part_is_refused(tmp_path: Path) -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>'
    bomb = _rezip(XLSX, tmp_path / "laughs.xlsx", lambda name, data: laughs + data.split(b"?>", 1)[-1]
                  if name == "xl/workbook.xml" else data)
    assert "DTD" in _one_line_error(bomb, JixiaoError)


# --- macros ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source, suffix, part", [(XLSX, ".xlsm", "xl/vbaProject.bin"),
                                                  (DOCX, ".docm", "word/vbaProject.bin")])
def test_macro_enabled_files_are_read_and_their_macros_never_run(source: Path, suffix: str, part: str,
                                                                  tmp_path: Path) -> None:
    macro = tmp_path / f"macro{suffix}"
    shutil.copyfile(source, macro)
    with zipfile.ZipFile(macro, "a") as package:
        package.writestr(part, OLE2_MAGIC + b"Attribute VB_Name = \"Module1\"\nSub AutoOpen(): Shell \"false\"")
    records = records_from_path(macro)
    assert len(records) == 12
    assert any(w["code"] == "macros_not_run" for w in records[0]["warnings"])


# --- zip bombs ------------------------------------------------------------------------------------------


def _declare_size(path: Path, part: str, size: int) -> None:
    """Rewrite the central directory's uncompressed size of `part` (a lie a zip bomb tells)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_length].decode() == part:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_zip_bombs_are_refused_before_opening(tmp_path: Path) -> None:
    ratio = _rezip(XLSX, tmp_path / "ratio.xlsx", lambda name, data: data + b" " * (24 * 2**20)
                   if name == "xl/worksheets/sheet1.xml" else data)
    assert "zip bomb" in _one_line_error(ratio, SourceTooLargeError)
    declared = tmp_path / "declared.docx"
    shutil.copyfile(DOCX, declared)
    _declare_size(declared, "word/document.xml", 3_000_000_000)
    _one_line_error(declared, SourceTooLargeError)
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        for k in range(10_001):
            package.writestr(f"xl/media/{k}.xml", "")
    assert "entries" in _one_line_error(many, SourceTooLargeError)


# --- LibreOffice formats without LibreOffice --------------------------------------------------------------


@pytest.mark.parametrize("suffix, package", [(".doc", "libreoffice-writer-nogui"), (".wps", "libreoffice-writer-nogui"),
                                             (".odt", "libreoffice-writer-nogui"), (".ods", "libreoffice-calc-nogui")])
def test_converted_formats_without_libreoffice_name_the_package(suffix: str, package: str, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    path = tmp_path / f"form{suffix}"
    if suffix in (".doc", ".wps"):  # a Word 97 file LibreOffice wrote (tests/fixtures/office/README.md)
        shutil.copyfile(ROOT / "tests" / "fixtures" / "office" / "small-form.doc", path)
    else:
        kind = "spreadsheet" if suffix == ".ods" else "text"
        with zipfile.ZipFile(path, "w") as odf:
            odf.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
            odf.writestr("content.xml", "<office:document-content/>")
    said = _one_line_error(path, ConverterUnavailableError)
    assert f"apt-get install {package}" in said and "LibreOffice" in said


# --- an .xls that is HTML or CSV --------------------------------------------------------------------------


def _dump(notation: str) -> tuple[str, list]:
    forms = random_document(random.Random(f"office-export:{notation}"), "clean", n_forms=2)
    text, _ = render(notation, forms, random.Random(1), Distortions())
    return text, forms


@pytest.mark.parametrize("notation", ["html", "tsv"])
def test_xls_exported_as_html_or_tab_separated_text_is_read_as_text(notation: str, tmp_path: Path) -> None:
    text, forms = _dump(notation)
    fake = tmp_path / "export.xls"
    fake.write_bytes(text.encode("gb18030" if notation == "tsv" else "utf-8"))
    records = records_from_path(fake)
    assert [r["project"]["name"] for r in records] == [f.name for f in forms]
    assert records[0]["source"]["method"] == "text"


def test_xls_exported_as_csv_is_read_as_csv(tmp_path: Path) -> None:
    text, forms = _dump("tsv")
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer)
    for line in text.split("\n"):
        if "\t" in line:
            writer.writerow(line.split("\t"))
        else:
            buffer.write(line + "\n")
    fake = tmp_path / "export.xls"
    fake.write_text(buffer.getvalue(), encoding="utf-8")
    records = records_from_path(fake)
    assert [r["project"]["name"] for r in records] == [f.name for f in forms]
    assert records[0]["source"]["path"] == str(fake)


def test_office_files_are_known_by_content_whatever_their_name(tmp_path: Path) -> None:
    renamed = tmp_path / "download.bin"
    shutil.copyfile(XLSX, renamed)
    assert len(records_from_path(renamed)) == 12
    as_text = tmp_path / "form.txt"
    shutil.copyfile(DOCX, as_text)
    assert records_from_path(as_text)[0]["source"]["method"] == "office"
