"""The sample forms' office sources (samples/pdf/pingluo-xlsx.xlsx, pingluo-docx.docx) read into the
same records as the PDFs LibreOffice printed from them — everything but where they came from."""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

import pytest

from jixiao import records_from_path

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "samples" / "pdf"
PAIRS = [("pingluo-xlsx.xlsx", "pingluo-xlsx.pdf"), ("pingluo-docx.docx", "pingluo-docx.pdf")]
_REF = re.compile(r"^(.+!\$?[A-Z]{1,3}\$?\d+(:[A-Z]{1,3}\d+)?|table \d+, row \d+, column \d+)$")


@lru_cache(maxsize=None)
def _records(name: str) -> tuple[dict, ...]:
    return tuple(records_from_path(PDFS / name))


def _content(record: dict) -> dict:
    """A record without its provenance: source fields, per-indicator sources, warning places."""
    out = copy.deepcopy(record)
    out.pop("source")
    for indicator in out["indicators"]:
        indicator.pop("source")
    out["warnings"] = [(w["code"], w["field"]) for w in out["warnings"]]
    return out


@pytest.mark.parametrize("office, pdf", PAIRS)
def test_office_file_reads_into_the_pdf_records(office: str, pdf: str) -> None:
    got, want = _records(office), _records(pdf)
    assert len(got) == len(want) == 12
    for k, (g, w) in enumerate(zip(got, want)):
        assert _content(g) == _content(w), f"record {k}"
        assert g["source"]["method"] == "office"


@pytest.mark.parametrize("office, pdf", PAIRS)
def test_every_value_keeps_its_cell(office: str, pdf: str) -> None:
    for record in _records(office):
        refs = record["source"]["refs"]
        assert {"project.name", "funds.total", "overall_goal"} <= set(refs)
        assert all(_REF.match(ref) for ref in refs.values()), refs
        for indicator in record["indicators"]:
            source = indicator["source"]
            assert source["ref"] == source["refs"]["target"]
            assert _REF.match(source["refs"]["level3"]), source
            assert source["page"] == 1


def test_sheet_references_name_the_sheet_and_the_merge() -> None:
    first = _records("pingluo-xlsx.xlsx")[0]
    assert first["source"]["refs"]["project.name"] == "绩效目标表!B5:E5"
    indicator = first["indicators"][0]
    assert indicator["source"]["refs"] == {"level3": "绩效目标表!D13", "target": "绩效目标表!E13"}
    assert indicator["source"]["bbox"] is not None


def test_word_table_references() -> None:
    first = _records("pingluo-docx.docx")[0]
    assert first["source"]["refs"]["project.name"] == "table 1, row 1, column 2"
    assert first["indicators"][0]["source"]["refs"]["target"] == "table 1, row 9, column 5"
