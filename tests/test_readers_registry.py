"""The registry of readers by source kind: content sniffed with care, other readers tried before giving up."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.errors import CorruptSourceError
from jixiao.extract.readers import all_readers, candidate_readers, supported_suffixes
from jixiao.pipeline import read_source, records_from_path

SAMPLE = Path(__file__).parent.parent / "samples" / "pingluo-chengguan-2022-targets.txt"


def test_every_kind_registered() -> None:
    kinds = {r.kind for r in all_readers()}
    assert {"text", "pdf", "image"} <= kinds
    assert {".pdf", ".txt", ".png", ".tiff"} <= supported_suffixes()


def test_pdf_header_sniffed_at_the_start_only(tmp_path: Path) -> None:
    kinds = [r.kind for r in candidate_readers(tmp_path / "x.txt", b"%PDF-1.7\n%\xe2\xe3")]
    assert kinds[0] == "pdf"
    quoted = "备注\n见附件 %PDF-1.4 文件\n".encode()
    assert [r.kind for r in candidate_readers(tmp_path / "x.txt", quoted)] == ["text"]


def test_dump_quoting_pdf_header_is_read_as_text(tmp_path: Path) -> None:
    """A dump that starts with `%PDF-` (a pasted header) is not lost: the PDF reader fails, the text reader reads it."""
    dump = tmp_path / "dump.txt"
    dump.write_bytes(b"%PDF-1.4 copied from the file\n" + SAMPLE.read_bytes())
    read, expected = records_from_path(dump), records_from_path(SAMPLE)
    def rows(records: list[dict]) -> list[list[tuple[str, str]]]:
        return [[(i["level3"], i["target"]) for i in r["indicators"]] for r in records]

    assert rows(read) == rows(expected)
    assert [r["project"] for r in read] == [r["project"] for r in expected]


def test_damaged_pdf_keeps_its_pdf_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    with pytest.raises(CorruptSourceError):
        read_source(broken)


_DUMP = SAMPLE.read_bytes()
_PDF_LOOKING_DUMPS = {
    "header-line": b"%PDF-1.4 copied from the file\n" + _DUMP,
    "bare-header": b"%PDF\n" + _DUMP,
    "header-mid-first-line": "备注 见 %PDF-1.7 文件\n".encode() + _DUMP,
    "crlf": b"%PDF-1.4\r\n" + _DUMP.replace(b"\n", b"\r\n"),
    "bom": b"\xef\xbb\xbf%PDF-1.4\n" + _DUMP,
    "gb18030": b"%PDF-1.4\n" + _DUMP.decode().encode("gb18030"),
    "utf-16": ("%PDF-1.4\n" + _DUMP.decode()).encode("utf-16"),
    "object": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + _DUMP,
    "trailer": b"%PDF-1.4\n" + _DUMP + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",  # opens as a PDF of no page
}


_SAMPLE_RECORDS = 12  # records in the sample dump (test_sample.py checks them one by one)


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ""])
@pytest.mark.parametrize("case", sorted(_PDF_LOOKING_DUMPS))
def test_dump_holding_pdf_markers_in_its_first_kib_is_read_as_text(tmp_path: Path, case: str, suffix: str) -> None:
    dump = tmp_path / f"dump{suffix}"
    dump.write_bytes(_PDF_LOOKING_DUMPS[case])
    records = records_from_path(dump)
    assert {r["source"]["method"] for r in records} == {"text"}
    assert len(records) == _SAMPLE_RECORDS
