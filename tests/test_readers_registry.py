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
