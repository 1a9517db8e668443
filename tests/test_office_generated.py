"""Generated forms written as .xlsx and .docx (tests/officegen.py) read back into exactly the records
the generator knows it wrote (generator.expected_records): merged label cells, amounts stored as
numbers under number formats, hidden rows and columns, formulas with cached values, two tables on one
band of a sheet, a form per sheet, a form nested in a layout table."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator import VARIANTS, expected_records, random_document  # noqa: E402
from officegen import HIDDEN_TEXT, OfficeOptions, write_docx, write_xlsx  # noqa: E402
from test_generated_pdf import compare  # noqa: E402

from jixiao import records_from_path  # noqa: E402

XLSX_OPTIONS = {
    "plain": OfficeOptions(),
    "numbers": OfficeOptions(numbers=True),
    "hidden": OfficeOptions(hidden=True),
    "formula": OfficeOptions(numbers=True, formula=True),
    "side_by_side": OfficeOptions(side_by_side=True, numbers=True),
    "sheet_per_form": OfficeOptions(sheet_per_form=True, formula=True),
    "everything": OfficeOptions(numbers=True, hidden=True, formula=True, sheet_per_form=True),
}
DOCX_OPTIONS = {"plain": OfficeOptions(), "nested": OfficeOptions(nested=True)}


def _forms(seed: int, variant: str = "clean", n_forms: int | None = None) -> list:
    return random_document(random.Random(f"office:{seed}:{variant}"), variant, n_forms=n_forms)


def _without_method(records: list[dict]) -> list[dict]:
    for record in records:
        record["source"]["method"] = "pdf-text"  # compare() checks the PDF method; office is checked apart
    return records


@pytest.mark.parametrize("label", list(XLSX_OPTIONS))
@pytest.mark.parametrize("seed", [1, 2])
def test_generated_xlsx(label: str, seed: int, tmp_path: Path) -> None:
    opts = XLSX_OPTIONS[label]
    forms = _forms(seed, n_forms=3 if opts.side_by_side else None)
    path = write_xlsx(forms, tmp_path / f"{label}-{seed}.xlsx", opts)
    records = records_from_path(path)
    assert all(r["source"]["method"] == "office" for r in records)
    _check_all(records, forms, opts.hidden)


def _check_all(records: list[dict], forms: list, hidden: bool) -> None:
    expected = expected_records(forms)
    if hidden:
        for want in expected:
            want.warnings.add("hidden_cells_skipped")
    problems = compare(_without_method(records), expected)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("variant", VARIANTS)
def test_generated_xlsx_variants(variant: str, tmp_path: Path) -> None:
    forms = _forms(7, variant)
    records = records_from_path(write_xlsx(forms, tmp_path / f"{variant}.xlsx", OfficeOptions(numbers=True)))
    _check_all(records, forms, False)


@pytest.mark.parametrize("label", list(DOCX_OPTIONS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_docx(label: str, seed: int, tmp_path: Path) -> None:
    forms = _forms(seed)
    records = records_from_path(write_docx(forms, tmp_path / f"{label}-{seed}.docx", DOCX_OPTIONS[label]))
    assert all(r["source"]["method"] == "office" for r in records)
    _check_all(records, forms, False)


@pytest.mark.parametrize("variant", VARIANTS)
def test_generated_docx_variants(variant: str, tmp_path: Path) -> None:
    forms = _forms(11, variant)
    records = records_from_path(write_docx(forms, tmp_path / f"{variant}.docx"))
    _check_all(records, forms, False)


def test_hidden_row_text_is_in_the_note_not_the_record(tmp_path: Path) -> None:
    forms = _forms(5, n_forms=1)
    record = records_from_path(write_xlsx(forms, tmp_path / "hidden.xlsx", OfficeOptions(hidden=True)))[0]
    assert all(HIDDEN_TEXT not in (i["level3"] or "") for i in record["indicators"])
    notes = [w for w in record["warnings"] if w["code"] == "hidden_cells_skipped"]
    assert len(notes) == 1 and HIDDEN_TEXT in notes[0]["message"] and "隐藏列" in notes[0]["message"]


def test_a_form_per_sheet_is_a_page_per_sheet(tmp_path: Path) -> None:
    forms = _forms(4, n_forms=3)
    records = records_from_path(write_xlsx(forms, tmp_path / "sheets.xlsx", OfficeOptions(sheet_per_form=True)))
    assert [r["source"]["pages"] for r in records] == [[1, 1], [2, 2], [3, 3]]
    assert [r["source"]["refs"]["project.name"].split("!")[0] for r in records] == ["表1", "表2", "表3"]
    assert [r["indicators"][0]["source"]["page"] for r in records] == [1, 2, 3]


XLS_OPTIONS = {"plain": OfficeOptions(), "numbers_hidden": OfficeOptions(numbers=True, hidden=True),
               "sheet_per_form": OfficeOptions(sheet_per_form=True, numbers=True)}


@pytest.mark.parametrize("label", list(XLS_OPTIONS))
@pytest.mark.parametrize("seed", [1, 2])
def test_generated_xls(label: str, seed: int, tmp_path: Path) -> None:
    pytest.importorskip("xlwt")
    from officegen import write_xls

    opts = XLS_OPTIONS[label]
    forms = _forms(seed)
    records = records_from_path(write_xls(forms, tmp_path / f"{label}-{seed}.xls", opts))
    assert all(r["source"]["method"] == "office" for r in records)
    assert records[0]["source"]["refs"]["project.name"].startswith("表1!")
    _check_all(records, forms, opts.hidden)
