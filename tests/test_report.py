"""`jixiao report`: what the page embeds, where its images go, and what the records carry for it.

The batch is generated (tests/reportkit.py): two PDFs printed by tests/pdfgen.py, one form with a
planted funds_unit_suspect, the sample workbook, a generated self-evaluation dump, and a PDF deleted
after it was read. The browser side is tests/test_report_browser.py.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportkit import Batch, make_batch  # noqa: E402

from jixiao.batch.entry import MANIFEST_NAME, SourceEntry  # noqa: E402
from jixiao.cli import main  # noqa: E402
from jixiao.report.build import build_report  # noqa: E402
from jixiao.report.html import embedded_json  # noqa: E402
from jixiao.report.images import OFFICE_NOTE  # noqa: E402
from jixiao.report.view import record_view  # noqa: E402

_DATA = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    return make_batch(tmp_path_factory.mktemp("report-batch"))


def _embedded(html: Path) -> dict:
    found = _DATA.search(html.read_text(encoding="utf-8"))
    assert found, "no embedded data"
    return json.loads(found.group(1))


def _planted(records: list[dict], name: str) -> dict:
    return next(r for r in records if r["project"]["name"] == name)


def test_pdf_records_carry_the_table_region_and_the_header_cells(batch: Batch) -> None:
    record = _planted(batch.records(), batch.planted)
    first, last = record["source"]["pages"]
    regions = record["source"]["regions"]
    assert [r["page"] for r in regions] == list(range(first, last + 1))
    extent = {r["page"]: r["bbox"] for r in regions}
    for region in regions:
        x0, y0, x1, y1 = region["bbox"]
        assert all(x0 <= c[0] and y0 <= c[1] and c[2] <= x1 and c[3] <= y1 for c in region["cells"])
    # the header block's cells and at least each row's name and value
    assert sum(len(r["cells"]) for r in regions) >= 2 * len(record["indicators"]) + 8
    total = record["source"]["boxes"]["funds.total"]
    assert total["page"] == first and total["bbox"] in regions[0]["cells"]
    for indicator in record["indicators"]:  # an indicator's box spans its name and value cells, inside its page's table
        box, (x0, y0, x1, y1) = indicator["source"]["bbox"], extent[indicator["source"]["page"]]
        assert x0 <= box[0] < box[2] <= x1 and y0 <= box[1] < box[3] <= y1


def test_text_records_carry_no_regions_office_records_their_sheet_geometry(batch: Batch) -> None:
    methods = {}
    for record in batch.records():
        methods.setdefault(record["source"]["method"], []).append("regions" in record["source"])
    assert set(methods["text"]) == {False} and set(methods["office"]) == {True} and set(methods["pdf-text"]) == {True}


def test_a_warning_is_placed_on_its_cell() -> None:
    rows = [{"level3": f"n{k}", "target": str(k), "parsed": {}, "level1": None, "level2": None,
             "source": {"page": 1 + k // 3, "bbox": [10, 10 * k, 50, 10 * k + 9]}} for k in range(6)]
    record = {"project": {"name": "X"}, "indicators": rows, "source": {"boxes": {"funds.total": {"page": 1, "bbox": [1, 2, 3, 4]}}},
              "warnings": [{"code": "funds_unit_suspect", "field": "funds.total", "message": ""},
                           {"code": "missing_value", "field": "indicators[4].target", "message": ""},
                           {"code": "row_shifted", "field": "indicators[1:5]", "message": ""},
                           {"code": "cell_unplaced", "field": "indicators", "message": "", "page": 2, "bbox": [7, 7, 9, 9]},
                           {"code": "year_missing", "field": "year", "message": ""}]}
    placed = [(w.get("page"), w.get("bbox")) for w in record_view(0, record)["warnings"]]
    assert placed == [(1, [1, 2, 3, 4]), (2, [10, 40, 50, 49]), (1, [10, 10, 50, 29]), (2, [7, 7, 9, 9]), (None, None)]


def test_report_of_an_output_folder(batch: Batch, tmp_path: Path) -> None:
    html = tmp_path / "review" / "report.html"
    assert main(["report", str(batch.outdir), "-o", str(html)]) == 0
    data = _embedded(html)
    records = batch.records()
    assert [v["name"] for v in data["records"]] == [r["project"]["name"] or r["project"]["department"] for r in records]
    by_path = {}
    for view in data["records"]:
        by_path.setdefault(Path(view["path"]).name, []).append(view)
    for view in by_path["planted.pdf"] + by_path["clean.pdf"]:
        assert "image_note" not in view and view["images"]
        for image in view["images"]:
            assert (html.parent / image["src"]).is_file() and image["src"].startswith("report_files/")
    assert {v["image_note"] for v in by_path["workbook.xlsx"]} == {OFFICE_NOTE}
    assert all(i.get("src") is None and i["cells"] for v in by_path["workbook.xlsx"] for i in v["images"])
    assert {v["image_note"] for v in by_path["gone.pdf"]} == {f"source not found: {batch.gone}"}
    assert {v["image_note"] for v in by_path["self-eval.txt"]} == {"text source: no page image"}
    planted = next(v for v in by_path["planted.pdf"] if v["name"] == batch.planted)
    flagged = [w for w in planted["warnings"] if w["code"] == "funds_unit_suspect"]
    record = _planted(records, batch.planted)
    assert flagged and flagged[0]["bbox"] == record["source"]["boxes"]["funds.total"]["bbox"]
    text = html.read_text(encoding="utf-8")
    assert 'id="failed-none"' in text and 'id="failed-unknown"' not in text  # the batch's manifest: none failed
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text


def test_failed_sources_from_the_manifest(batch: Batch, tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    for path in batch.outdir.glob("*.jsonl"):
        (outdir / path.name).write_bytes(path.read_bytes())
    entries = [SourceEntry("sources/broken.pdf", status="failed", error="sources/broken.pdf: not a PDF (bad header)"),
               SourceEntry("sources/cover.pdf", status="no_form"),
               SourceEntry("sources/planted.pdf", status="done", records=2)]
    columns = SourceEntry.columns()
    with sqlite3.connect(outdir / MANIFEST_NAME) as connection:
        connection.execute(f"CREATE TABLE sources ({', '.join(columns)})")
        connection.executemany(f"INSERT INTO sources VALUES ({', '.join('?' * len(columns))})",
                               [tuple(e.as_dict().values()) for e in entries])
    html = tmp_path / "r.html"
    assert main(["report", str(outdir), "-o", str(html), "--no-images"]) == 0
    text = html.read_text(encoding="utf-8")
    assert 'id="failed-unknown"' not in text
    failed = re.search(r'<table id="failed".*?</table>', text, re.S).group(0)
    assert failed.count("<tr><td>") == 1 and "sources/broken.pdf: not a PDF (bad header)" in failed
    assert "sources/cover.pdf" in re.search(r'<p id="no-form">.*?</p>', text, re.S).group(0)
    assert not (tmp_path / "r_files").exists()


def test_report_of_a_database(batch: Batch, tmp_path: Path) -> None:
    database = tmp_path / "jixiao.db"
    assert main(["load", str(batch.outdir), "--db", str(database)]) == 0
    html = tmp_path / "db.html"
    assert main(["report", str(database), "-o", str(html)]) == 0
    from_db = _embedded(html)["records"]
    assert main(["report", str(batch.outdir), "-o", str(tmp_path / "folder.html")]) == 0
    from_folder = _embedded(tmp_path / "folder.html")["records"]
    key = lambda v: (v["path"], v["name"])  # noqa: E731 - the database orders by path, the folder by file
    assert sorted((key(v), v["codes"] if "codes" in v else []) for v in from_db) == \
        sorted((key(v), v["codes"] if "codes" in v else []) for v in from_folder)
    assert sum(len(v.get("images", [])) for v in from_db) == sum(len(v.get("images", [])) for v in from_folder) > 0


@pytest.mark.parametrize("given", ["no-such-folder", "sqlite:///no/such.db"])
def test_bad_input_is_one_line(given: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / given) if "://" not in given else given, "-o", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("jixiao: error: ")
    assert not (tmp_path / "x.html").exists()


def test_comparison_rows_go_to_their_project(batch: Batch, tmp_path: Path) -> None:
    records = batch.records()
    name = records[0]["project"]["name"]
    rows = [{"project": name, "department": records[0]["project"]["department"], "year_from": 2021, "year_to": 2022,
             "level3": "x", "target_from": "1", "target_to": "2", "change": "raised"}]
    build_report(records, tmp_path / "c.html", comparisons=rows, with_images=False)
    comparisons = _embedded(tmp_path / "c.html")["comparisons"]
    assert list(comparisons.values()) == [rows]
    build_report(records, tmp_path / "n.html", with_images=False)
    assert _embedded(tmp_path / "n.html")["comparisons"] is None


def test_embedded_json_cannot_close_its_script() -> None:
    text = embedded_json({"message": "</script><script>alert(1)</script> <!-- \u2028"})
    assert "</" not in text and "<!--" not in text and json.loads(text)["message"].startswith("</script>")


def test_help_loads_no_report_machinery() -> None:
    import subprocess

    code = "import sys, jixiao.cli; print(any(m in sys.modules for m in ('jinja2', 'jixiao.report.build', 'jixiao.report.images')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_page_image_is_cropped_at_its_own_dpi(tmp_path: Path) -> None:
    """A scan file's points are its pixels at its dpi: the crop holds the table where the record says."""
    from PIL import Image, ImageDraw

    scan = Image.new("L", (1190, 1684), 255)  # A4 at 144 dpi: 2 pixels a point
    ImageDraw.Draw(scan).rectangle([200, 400, 599, 519], fill=0)  # points 100,200 – 300,260
    scan.save(tmp_path / "page.png", dpi=(144, 144))
    record = {"form": "project_target", "year": 2022, "project": {"name": "P"}, "indicators": [], "warnings": [],
              "source": {"path": "page.png", "sha256": None, "method": "pdf-ocr", "pages": [1, 1],
                         "regions": [{"page": 1, "bbox": [100, 200, 300, 260], "cells": [[100, 200, 300, 260]]}]}}
    html = tmp_path / "out" / "r.html"
    summary = build_report([record], html, bases=[tmp_path], dpi=72)  # 1 pixel a point in the crop
    image = _embedded(html)["records"][0]["images"][0]
    assert summary.images == 1 and image["box"] == [94.0, 194.0, 306.0, 266.0]
    crop = Image.open(html.parent / image["src"]).convert("L")
    assert crop.size == (212, 72)
    assert crop.getpixel((3, 3)) > 200 and crop.getpixel((8, 8)) < 50 and crop.getpixel((204, 64)) < 50
    assert crop.getpixel((209, 69)) > 200


def test_an_encrypted_pdf_is_rendered_with_its_password(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pypdf = pytest.importorskip("pypdf")
    sample = Path(__file__).resolve().parent.parent / "samples" / "pdf" / "pingluo-docx.pdf"
    writer = pypdf.PdfWriter(clone_from=str(sample))
    writer.encrypt("secret")
    (tmp_path / "in").mkdir()
    with (tmp_path / "in" / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet", "--password", "secret"]) == 0
    capsys.readouterr()
    assert main(["report", str(out), "-o", str(tmp_path / "locked.html")]) == 0
    assert ", 0 page crops" in capsys.readouterr().err or not list((tmp_path / "locked_files").glob("*.png"))
    assert "could not be rendered" in (tmp_path / "locked.html").read_text(encoding="utf-8")
    assert main(["report", str(out), "-o", str(tmp_path / "open.html"), "--password", "secret"]) == 0
    assert list((tmp_path / "open_files").glob("*.png"))
    assert "could not be rendered" not in (tmp_path / "open.html").read_text(encoding="utf-8")
