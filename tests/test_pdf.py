"""Born-digital PDFs (LibreOffice exports of the sample's forms) read into the same records as the dump.

The PDFs print the forms as they were before the dump garbled them: table 1's
rows unshifted, table 5's 恶性案(事)件 in one cell. Everything else must equal
the text dump's records.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao import records_from_path
from jixiao.errors import CorruptSourceError, EncryptedSourceError

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "samples" / "pdf"
EXPECTED_TEXT = ROOT / "tests" / "expected" / "pingluo-chengguan-2022-targets.json"

FIRST_TABLE = [
    ("产出指标", "数量指标", "配备监控设备", "18"),
    ("产出指标", "数量指标", "配备保安", "40"),
    ("产出指标", "数量指标", "管理老旧小区数量", "18"),
    ("产出指标", "质量指标", "老旧小区管理安全率", "≥95%"),
    ("产出指标", "质量指标", "对所配备监控设备维护完整率", "≥95%"),
    ("产出指标", "质量指标", "对所派驻保安员岗前培训合格率", "≥95%"),
    ("产出指标", "时效指标", "上岗后购买意外伤害保险和缴纳工伤保险", "入职手续办理后缴纳"),
    ("产出指标", "时效指标", "配发统一保安服装及相应装备", "入职手续办理后配发"),
    ("产出指标", "时效指标", "保安培训后上岗时间", "合格后即可上岗"),
    ("产出指标", "成本指标", "水暖电", "水电费各1万元"),
    ("产出指标", "成本指标", "聘请保安40名", "经费100万元，每人每年2.5万元"),
    ("产出指标", "成本指标", "设备维护设施维修", "经费5万元"),
    ("效益指标", "社会效益指标", "受益人数", "8698人"),
    ("效益指标", "社会效益指标", "老旧小区覆盖面", "≥95%"),
    ("效益指标", "社会效益指标", "小区环境建设、安全度", "持续提高"),
    ("满意度指标", "服务对象满意度指标", "受益居民抽样满意度", "≥95%"),
    ("满意度指标", "服务对象满意度指标", "镇政府对小区管理的满意度", "≥95%"),
]
TEXT_ONLY_WARNINGS = {"row_shifted", "cell_unplaced", "cell_joined"}  # the dump's own flaws


def _rows(record: dict) -> list[tuple]:
    return [(i["level1"], i["level2"], i["level3"], i["target"]) for i in record["indicators"]]


def _expected() -> list[dict]:
    records = json.loads(EXPECTED_TEXT.read_text(encoding="utf-8"))
    records[4]["indicators"][3]["level3"] = "全年不发生较大影响的恶性案(事)件"
    return records


@pytest.fixture(scope="module", params=["pingluo-docx.pdf", "pingluo-xlsx.pdf"])
def pdf_records(request) -> tuple[str, list[dict]]:
    return request.param, records_from_path(PDFS / request.param)


@pytest.mark.parametrize("index", range(12))
def test_pdf_records_equal_the_dump_records(pdf_records: tuple[str, list[dict]], index: int) -> None:
    name, records = pdf_records
    assert len(records) == 12
    got, want = records[index], _expected()[index]
    for key in ("year", "title", "document", "project", "funds", "overall_goal"):
        assert got[key] == want[key], key
    assert _rows(got) == (FIRST_TABLE if index == 0 else _rows(want))
    want_codes = [w["code"] for w in want["warnings"] if w["code"] not in TEXT_ONLY_WARNINGS]
    assert [w["code"] for w in got["warnings"]] == want_codes
    assert got["source"]["method"] == "pdf-text"
    assert all(i["source"]["bbox"] is not None for i in got["indicators"])


def test_encrypted_and_corrupt_pdfs_are_typed_errors(tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes((PDFS / "pingluo-docx.pdf").read_bytes()[:2000])
    with pytest.raises(CorruptSourceError):
        records_from_path(truncated)
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(PDFS / "pingluo-docx.pdf"))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(EncryptedSourceError):
        records_from_path(locked)


def test_pdfminer_reads_what_pdfium_cannot_open(monkeypatch) -> None:
    import pypdfium2

    from jixiao.extract.pdf import reader

    def refuse(*args, **kwargs):
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")

    via_pdfium = records_from_path(PDFS / "pingluo-docx.pdf")
    monkeypatch.setattr(reader.pdfium, "PdfDocument", refuse)
    via_pdfminer = records_from_path(PDFS / "pingluo-docx.pdf")
    assert [_rows(r) for r in via_pdfminer] == [_rows(r) for r in via_pdfium]
    assert [r["project"] for r in via_pdfminer] == [r["project"] for r in via_pdfium]


def test_camelot_engine_gives_the_same_records() -> None:
    from jixiao.pipeline import ReadOptions

    default = records_from_path(PDFS / "pingluo-docx.pdf")
    camelot = records_from_path(PDFS / "pingluo-docx.pdf", ReadOptions(engine="camelot"))
    assert [(_rows(r), r["project"], r["funds"]) for r in camelot] == [(_rows(r), r["project"], r["funds"]) for r in default]
