"""Formats read through LibreOffice (.doc, .wps, .odt, .ods) and BIFF workbooks (.xls, .et): the sample forms
converted by LibreOffice into each read into the same records as the .xlsx / .docx they came from.
Skipped where LibreOffice is not installed (test_office_input tests the error when it is missing)."""

from __future__ import annotations

import copy
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from jixiao import records_from_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "pdf"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def _content(record: dict, notes: bool = True) -> dict:
    out = copy.deepcopy(record)
    out.pop("source")
    if not notes:  # LibreOffice's .docx → .doc → .docx round trip adds a paragraph of one form's table text
        out.pop("notes")
    for indicator in out["indicators"]:
        indicator.pop("source")
    out["warnings"] = [(w["code"], w["field"]) for w in out["warnings"]]
    return out


@lru_cache(maxsize=None)
def _converted(source: str, target: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="jixiao-test-lo-"))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([SOFFICE, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
                        target, "--outdir", str(folder), str(SAMPLES / source)], check=True, capture_output=True,
                       timeout=300)
    return folder / f"{Path(source).stem}.{target}"


@lru_cache(maxsize=None)
def _reference(source: str, notes: bool) -> list[dict]:
    return [_content(r, notes) for r in records_from_path(SAMPLES / source)]


@pytest.mark.parametrize("source, target, suffix", [
    ("pingluo-xlsx.xlsx", "xls", ".xls"), ("pingluo-xlsx.xlsx", "xls", ".et"), ("pingluo-xlsx.xlsx", "ods", ".ods"),
    ("pingluo-docx.docx", "doc", ".doc"), ("pingluo-docx.docx", "doc", ".wps"), ("pingluo-docx.docx", "odt", ".odt"),
])
def test_converted_forms_read_into_the_same_records(source: str, target: str, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"form{suffix}"
    shutil.copyfile(_converted(source, target), path)
    records = records_from_path(path)
    notes = target != "doc"
    want = _reference(source, notes)
    if target == "doc":  # LibreOffice's .doc export writes the last form's table as a run-on paragraph
        last = records_from_path(SAMPLES / source)[-1]
        assert last["project"]["name"] in " ".join(records[-1]["notes"])
        want = want[:-1]
    assert [_content(r, notes) for r in records] == want
    assert all(r["source"]["method"] == "office" for r in records)


def test_word_97_fixture_reads_into_the_generator_record() -> None:
    import random
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from generator import expected_records, random_document
    from test_generated_pdf import compare

    forms = random_document(random.Random("office-fixture"), "clean", n_forms=1)
    records = records_from_path(ROOT / "tests" / "fixtures" / "office" / "small-form.doc")
    assert records[0]["source"]["method"] == "office"
    records[0]["source"]["method"] = "pdf-text"  # what compare() expects of the PDFs it was written for
    assert not compare(records, expected_records(forms))
