"""PDFs as they come: rotated, image-only, fonts without ToUnicode, no form table, damaged, locked."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from jixiao import records_from_path
from jixiao.cli import main
from jixiao.errors import PageUnreadableError
from jixiao.pipeline import ReadOptions, extract_source

ROOT = Path(__file__).resolve().parent.parent
DOCX_PDF = ROOT / "samples" / "pdf" / "pingluo-docx.pdf"


def _core(records: list[dict]) -> list[tuple]:
    return [
        (r["project"]["name"], r["funds"]["total"],
         [(i["level1"], i["level2"], i["level3"], i["target"]) for i in r["indicators"]])
        for r in records
    ]


@pytest.fixture(scope="module")
def reference() -> list[tuple]:
    return _core(records_from_path(DOCX_PDF))


def _rewrite(tmp_path: Path, name: str, change) -> Path:
    writer = pypdf.PdfWriter(clone_from=str(DOCX_PDF))
    change(writer)
    target = tmp_path / name
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_rotated_pages_read_the_same(tmp_path: Path, reference: list[tuple]) -> None:
    def rotate(writer: pypdf.PdfWriter) -> None:
        for k, page in enumerate(writer.pages):
            page.rotate(90 if k % 2 == 0 else 270)  # mixed, as scanned-and-fixed archives come

    assert _core(records_from_path(_rewrite(tmp_path, "rotated.pdf", rotate))) == reference


def test_fonts_without_tounicode_are_a_per_page_error_not_garbage(tmp_path: Path) -> None:
    def strip(writer: pypdf.PdfWriter) -> None:
        for page in writer.pages:
            for font in page["/Resources"]["/Font"].values():
                font.get_object().pop(NameObject("/ToUnicode"), None)

    path = _rewrite(tmp_path, "no-tounicode.pdf", strip)
    with pytest.raises(PageUnreadableError) as raised:
        records_from_path(path, ReadOptions(ocr="never"))
    assert "no page could be read (pages 1–8)" in str(raised.value)
    assert "without a ToUnicode map" in str(raised.value)


def _scanned_first_page(tmp_path: Path) -> Path:
    """The sample with its first page replaced by a picture of it (no text layer)."""
    import pypdfium2

    scan = tmp_path / "scan.pdf"
    pypdfium2.PdfDocument(str(DOCX_PDF))[0].render(scale=1).to_pil().save(scan, "PDF")
    writer = pypdf.PdfWriter()
    writer.append(str(scan))
    writer.append(str(DOCX_PDF), pages=(1, 8))
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as handle:
        writer.write(handle)
    return mixed


def test_one_unreadable_page_keeps_the_others_and_says_so(tmp_path: Path) -> None:
    result = extract_source(_scanned_first_page(tmp_path), ReadOptions(ocr="never"))
    assert result.records and result.failed
    assert result.page_errors == [f"{tmp_path / 'mixed.pdf'}, page 1: no text layer (an image-only page?)"]
    assert all(any(w["code"] == "page_unreadable" for w in r["warnings"]) for r in result.records)
    assert "城关镇老旧小区治安管理" not in [r["project"]["name"] for r in result.records]  # its table was on page 1


def _text_only_pdf(path: Path) -> Path:
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 18 Tf 72 760 Td (Annual report: no tables here) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_pdf_without_form_table_is_a_note_and_exit_zero(tmp_path: Path, capsys) -> None:
    path = _text_only_pdf(tmp_path / "plain.pdf")
    assert main(["extract", str(path), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"jixiao: note: {path}: no table in the source" in err
    assert err.strip().endswith("1 sources, 0 records, 0 warnings, 0 errors, 1 without a form table")


def test_image_only_page_is_an_error_without_ocr(tmp_path: Path) -> None:
    import pypdfium2

    image = pypdfium2.PdfDocument(str(DOCX_PDF))[0].render(scale=1).to_pil()
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF")
    with pytest.raises(PageUnreadableError, match="no text layer"):
        records_from_path(path, ReadOptions(ocr="never"))


@pytest.mark.parametrize("factor", [4.0, 0.6])
def test_huge_and_small_pages_read_the_same(tmp_path: Path, reference: list[tuple], factor: float) -> None:
    def scale(writer: pypdf.PdfWriter) -> None:
        for page in writer.pages:
            page.scale_by(factor)

    assert _core(records_from_path(_rewrite(tmp_path, f"scaled-{factor}.pdf", scale))) == reference


def test_tables_command_prints_page_tables_and_draws_them(tmp_path: Path, capsys) -> None:
    import json

    assert main(["tables", str(DOCX_PDF), "--pages", "1", "--debug-dir", str(tmp_path / "dbg")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == "pdf-text" and out["pages"] == 8
    tables = [b for b in out["blocks"] if b["type"] == "table"]
    assert tables and all(b["page"] == 1 for b in out["blocks"])
    first = tables[0]["cells"][0]
    assert (first["row"], first["col"], first["text"]) == (0, 0, "项目名称")
    assert set(first) >= {"row", "col", "rowspan", "colspan", "text", "bbox", "page"}
    spanning = [c for c in tables[0]["cells"] if c["rowspan"] > 1]
    assert any(c["text"] == "项目资金\n(元)" and c["rowspan"] == 3 for c in spanning)  # raw: wrapped as printed
    assert (tmp_path / "dbg" / "pingluo-docx-p1.png").stat().st_size > 10_000


def test_tables_command_rejects_bad_pages(capsys) -> None:
    assert main(["tables", str(DOCX_PDF), "--pages", "3-1"]) == 2
    assert "--pages takes pages like 1-3,5" in capsys.readouterr().err
