"""Scanned pages: offline OCR of the cells into the same records as the born-digital PDF."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageFilter

from jixiao import records_from_path

ROOT = Path(__file__).resolve().parent.parent
DOCX_PDF = ROOT / "samples" / "pdf" / "pingluo-docx.pdf"


def _rows(record: dict) -> list[tuple]:
    return [(i["level1"], i["level2"], i["level3"], i["target"]) for i in record["indicators"]]


def scanned(page_index: int, path: Path, angle: float = 0.8, noise: float = 12.0, quality: int = 70) -> Path:
    """A page as a scanner makes it: 200 dpi grey, a little rotated, noisy, blurred, JPEG-compressed."""
    image = pypdfium2.PdfDocument(str(DOCX_PDF))[page_index].render(scale=200 / 72, grayscale=True).to_pil()
    image = image.convert("L").rotate(angle, fillcolor=255, resample=Image.BICUBIC)
    pixels = np.array(image).astype(np.int16) + np.random.default_rng(page_index).normal(0, noise, image.size[::-1])
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    Image.open(buffer).save(path, "PDF", resolution=200)
    return path


@pytest.fixture(scope="module")
def born_digital() -> list[dict]:
    return records_from_path(DOCX_PDF)


def test_scanned_page_reads_into_the_born_digital_record(tmp_path: Path, born_digital: list[dict], monkeypatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("the OCR tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    [first, *rest] = records_from_path(scanned(0, tmp_path / "scan.pdf"))
    want = born_digital[0]
    assert first["source"]["method"] == "pdf-ocr"
    for key in ("title", "year", "document", "project", "funds"):
        assert first[key] == want[key], key
    assert _rows(first) == _rows(want)
    assert all(i["source"]["bbox"] and i["source"]["page"] == 1 for i in first["indicators"])
    # table 2 starts at the foot of page 1 and goes on on page 2, which was not scanned
    assert [w["code"] for w in first["warnings"]] == ["funds_unit_suspect", "cell_unplaced"]
    assert not rest


def faint_scan(page_index: int, path: Path, dpi: int = 150) -> Path:
    """Another producer's scan: 150 dpi, grey paper and pale ink (a fifth of the contrast gone
    on each side), noise left unblurred, turned 0.9°, JPEG at 60."""
    image = pypdfium2.PdfDocument(str(DOCX_PDF))[page_index].render(scale=dpi / 72, grayscale=True).to_pil()
    pixels = np.array(image.convert("L").rotate(-0.9, fillcolor=255, resample=Image.BICUBIC)).astype(np.float32)
    pixels = 110 + pixels * (200 - 110) / 255 + np.random.default_rng(page_index).normal(0, 8, pixels.shape)
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=60, dpi=(dpi, dpi))
    return path


def test_faint_noisy_low_resolution_scan_reads_into_the_born_digital_record(tmp_path: Path,
                                                                          born_digital: list[dict]) -> None:
    [first, *_] = records_from_path(faint_scan(0, tmp_path / "faint.jpg"))
    want = born_digital[0]
    assert _rows(first) == _rows(want)
    for key in ("project", "funds"):  # noise in the empty 其他资金 and 主管部门 cells is not read as text
        assert first[key] == want[key], key
    assert [w["code"] for w in first["warnings"] if w["code"] != "low_confidence"] == ["funds_unit_suspect",
                                                                                   "cell_unplaced"]


def test_image_file_reads_like_the_scanned_pdf(tmp_path: Path, born_digital: list[dict]) -> None:
    pdf = scanned(0, tmp_path / "scan.pdf", angle=-1.2)
    png = tmp_path / "scan.png"
    pypdfium2.PdfDocument(str(pdf))[0].render(scale=200 / 72, grayscale=True).to_pil().save(png, dpi=(200, 200))
    [first] = records_from_path(png)
    assert _rows(first) == _rows(born_digital[0])


SCANS = ROOT / "samples" / "scans"
_PUNCTUATION = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";", "≧": "≥", "≦": "≤", "—": "-", "一": "-"})


def _folded(text: str | None) -> str | None:
    """What OCR cannot tell apart: half- and full-width punctuation, spaces, 一 and —."""
    return None if text is None else "".join(text.translate(_PUNCTUATION).split())


def _folded_rows(record: dict) -> list[tuple]:
    return [(i["level1"], i["level2"], _folded(i["level3"]), _folded(i["target"])) for i in record["indicators"]]


@pytest.mark.parametrize("name", ["pingluo-docx", "pingluo-xlsx"])
def test_scanned_samples_read_into_the_born_digital_records(name: str) -> None:
    """Every page of both scanned samples (Writer and Calc layouts, breaks inside tables and
    inside merged label runs) reads into the born-digital records, punctuation width aside."""
    want = records_from_path(ROOT / "samples" / "pdf" / f"{name}.pdf")
    got = records_from_path(SCANS / f"{name}-scan.pdf")
    assert [r["project"]["name"] for r in got] == [r["project"]["name"] for r in want]
    for record, expected in zip(got, want, strict=True):
        assert record["source"]["method"] == "pdf-ocr"
        assert record["source"]["pages"] == expected["source"]["pages"]
        for key in ("year", "title", "document", "project", "funds"):
            assert record[key] == expected[key], key
        assert _folded(record["overall_goal"]) == _folded(expected["overall_goal"])
        assert _folded_rows(record) == _folded_rows(expected)
        codes = [w["code"] for w in record["warnings"] if w["code"] != "low_confidence"]
        assert codes == [w["code"] for w in expected["warnings"]]
    if name == "pingluo-xlsx":  # Calc printed 数量指标(必填硬性指标) across the break before page 4, in halves
        cut = got[3]["indicators"][1]["source"]
        assert cut["page"] == 4 and cut["level2_raw"].replace(" ", "") == "数量指标(必填硬\n性指标)"


def test_blank_scanned_page_is_a_note_not_an_error(tmp_path: Path) -> None:
    from jixiao.pipeline import extract_source

    blank = tmp_path / "blank.pdf"
    Image.new("L", (1654, 2339), 255).save(blank, "PDF", resolution=200)
    result = extract_source(blank)
    assert result.error is None and result.records == [] and "no table" in (result.note or "")


def test_low_resolution_scan_is_warned(tmp_path: Path) -> None:
    page = pypdfium2.PdfDocument(str(DOCX_PDF))[0].render(scale=90 / 72, grayscale=True).to_pil()
    path = tmp_path / "low.png"
    page.save(path, dpi=(90, 90))
    records = records_from_path(path)
    assert records and all(any(w["code"] == "low_resolution" for w in r["warnings"]) for r in records)


def test_ocr_values_that_do_not_read_as_values_are_warned() -> None:
    from jixiao.normalize.checks import check_ocr_values

    def indicator(target: str, kind: str, confidence: float) -> dict:
        return {"target": target, "parsed": {"kind": kind}, "source": {"confidence": confidence, "page": 2, "bbox": [1, 2, 3, 4]}}

    found = check_ocr_values([
        indicator("≥9O%", "text", 0.97),  # a letter O among the figures
        indicator("经费100万元，每人每年2.5万元", "text", 0.94),  # prose with figures, read confidently
        indicator("≥95%", "number", 0.85),  # parses: nothing to say
        indicator("12个月", "number", 1.0),  # not OCR
        indicator("1.2万元／人年", "text", 0.6),  # does not parse, read unsurely
    ])
    assert [(f.code, f.field) for f in found] == [("value_unparsed", "indicators[0].target"),
                                                  ("value_unparsed", "indicators[4].target")]


def photographed(page_index: int, path: Path, lean: float = 0.05) -> Path:
    """A page as a phone takes it: on a desk, at an angle (corners moved by up to `lean` of the
    size), lit from one side (the far corner at 55 %), a little blurred and noisy, JPEG."""
    import cv2

    page = np.array(pypdfium2.PdfDocument(str(DOCX_PDF))[page_index].render(scale=200 / 72).to_pil().convert("RGB"))
    h, w = page.shape[:2]
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    moved = np.float32([[w * lean, h * lean / 2], [w * (1 - lean / 3), h * lean], [w * (1 - lean / 2), h * (1 - lean / 4)],
                        [w * lean / 4, h * (1 - lean * 0.8)]])
    desk = cv2.warpPerspective(page, cv2.getPerspectiveTransform(corners, moved), (w, h), borderValue=(90, 80, 70))
    yy, xx = np.mgrid[0:h, 0:w]
    light = 0.55 + 0.45 * (0.6 * xx / w + 0.4 * (1 - yy / h))
    shot = cv2.GaussianBlur(desk.astype(np.float32) * light[..., None], (3, 3), 0.8)
    shot += np.random.default_rng(page_index).normal(0, 6, shot.shape)
    Image.fromarray(np.clip(shot, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=80)
    return path


@pytest.mark.parametrize("lean", [0.04, 0.08])
def test_photographed_page_reads_into_the_born_digital_record(tmp_path: Path, born_digital: list[dict],
                                                             lean: float) -> None:
    [first] = records_from_path(photographed(0, tmp_path / "photo.jpg", lean))
    want = born_digital[0]
    assert _rows(first) == _rows(want)
    for key in ("project", "funds"):
        assert first[key] == want[key], key
    codes = [w["code"] for w in first["warnings"] if w["code"] != "low_confidence"]
    assert codes == ["funds_unit_suspect", "cell_unplaced", "photo_background", "uneven_light", "perspective_corrected"]
    told = {w["code"]: w for w in first["warnings"]}
    assert told["perspective_corrected"]["page"] == 1 and "best effort" in told["perspective_corrected"]["message"]


def test_what_a_flat_scan_needs_no_photo_fix() -> None:
    from jixiao.extract.scan.photo import convergence_degrees, even_light, sheet_mask, square_up

    rectangle = np.float32([[100, 100], [900, 120], [880, 1300], [80, 1280]])  # turned about 1.4°: still parallel
    trapezoid = np.float32([[100, 100], [900, 130], [860, 1300], [80, 1280]])
    assert convergence_degrees(rectangle) < 0.1 < 0.4 < convergence_degrees(trapezoid)
    page = np.array(pypdfium2.PdfDocument(str(DOCX_PDF))[0].render(scale=100 / 72, grayscale=True).to_pil().convert("L"))
    assert sheet_mask(page)[0] is None
    assert even_light(page)[1] is None
    assert square_up(page)[1] is None


def test_multi_page_tiff_reads_a_table_across_its_frames(tmp_path: Path, born_digital: list[dict]) -> None:
    pdf = pypdfium2.PdfDocument(str(DOCX_PDF))
    frames = [pdf[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L") for i in (0, 1)]
    path = tmp_path / "pages.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_deflate", dpi=(200, 200))
    records = records_from_path(path)
    # table 2 starts at the foot of frame 1 and goes on in frame 2
    assert [_folded_rows(r) for r in records[:2]] == [_folded_rows(r) for r in born_digital[:2]]
    assert records[1]["source"]["pages"] == [1, 2]


def test_huge_image_is_read_within_a_pixel_budget(tmp_path: Path, born_digital: list[dict], monkeypatch) -> None:
    from jixiao.extract.scan import images

    page = pypdfium2.PdfDocument(str(DOCX_PDF))[0].render(scale=400 / 72, grayscale=True).to_pil().convert("L")
    path = tmp_path / "huge.png"
    page.save(path, dpi=(400, 400))
    from jixiao.extract.scan.budget import ScanBudget

    budget = ScanBudget(page_pixels=page.width * page.height // 4)  # read at half the size: 200 dpi
    monkeypatch.setattr(images, "BUDGET", budget)
    [(image, dpi)] = list(images.image_pages(path))
    assert image.pixels.size <= page.width * page.height // 4 and round(dpi) == 200
    [first, *_] = records_from_path(path)
    assert _rows(first) == _rows(born_digital[0])


def test_unreadable_image_is_one_clear_error(tmp_path: Path) -> None:
    from jixiao.pipeline import extract_source

    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    result = extract_source(path)
    assert result.records == [] and "broken.png" in (result.error or "") and "image" in (result.error or "")


def test_low_confidence_cells_are_warned_with_the_field_and_the_cell() -> None:
    from dataclasses import replace

    from jixiao.extract.model import PageTable
    from jixiao.extract.text_dump import read_text_dump

    from jixiao.pipeline import records_from_document

    document = read_text_dump(ROOT / "samples" / "pingluo-chengguan-2022-targets.txt")
    table = next(b for b in document.blocks if isinstance(b, PageTable) and any(c.text == "150000" for r in b.rows for c in r))
    unsure = {"150000": 0.62, "560 亩": 0.71, "数量指标 (必填硬性指标)": 0.5}
    table.rows = [[replace(c, confidence=unsure.get(c.text.strip(), 1.0)) for c in row] for row in table.rows]
    record = records_from_document(document)[1]
    told = [(w["field"], w["message"].rsplit(" (page", 1)[0]) for w in record["warnings"] if w["code"] == "low_confidence"]
    assert told == [("funds.total", "OCR confidence 0.62: '150000'"), ("funds.fiscal", "OCR confidence 0.62: '150000'"),
                    ("indicators", "OCR confidence 0.50: '数量指标 (必填硬性指标)'"),
                    ("indicators[0].target", "OCR confidence 0.71: '560 亩'")]


def test_a_dash_between_figures_is_put_right_and_nothing_else() -> None:
    from jixiao.extract.scan.ocr import corrected

    assert [corrected(t) for t in ("4月一9月", "4月一-9月", "4月--9月", "12一15个")] == ["4月—9月"] * 3 + ["12—15个"]
    assert [corrected(t) for t in ("1-12月", "一年", "2022年一季度", "第一次", "1一")] == ["1-12月", "一年", "2022年一季度",
                                                                                     "第一次", "1一"]


def sealed(page_index: int, path: Path) -> Path:
    """A colour scan with a red seal stamped over the header and the indicator block: a ring,
    characters round it and a star, in red ink that lets the black text under it show."""
    import cv2

    page = np.array(pypdfium2.PdfDocument(str(DOCX_PDF))[page_index].render(scale=200 / 72).to_pil().convert("RGB"))
    h, w = page.shape[:2]
    stamp = np.zeros((h, w), dtype=np.uint8)
    centre = (int(w * 0.62), int(h * 0.30))
    cv2.circle(stamp, centre, 170, 1, 8)
    cv2.drawMarker(stamp, centre, 1, cv2.MARKER_STAR, 90, 6)
    for k in range(14):
        angle = np.pi * (0.85 + k / 13 * 1.3)
        x, y = int(centre[0] + 120 * np.cos(angle)), int(centre[1] + 120 * np.sin(angle))
        cv2.rectangle(stamp, (x - 14, y - 14), (x + 14, y + 14), 1, 4)
    inked = page.astype(np.float32)
    inked[stamp > 0] *= np.array([0.85, 0.16, 0.18], dtype=np.float32)
    inked += np.random.default_rng(page_index).normal(0, 5, inked.shape)
    Image.fromarray(np.clip(inked, 0, 255).astype(np.uint8)).save(path, "PDF", resolution=200)
    return path


def test_a_red_seal_over_the_table_is_left_out(tmp_path: Path, born_digital: list[dict]) -> None:
    [first, *_] = records_from_path(sealed(0, tmp_path / "sealed.pdf"))
    want = born_digital[0]
    assert _rows(first) == _rows(want)
    assert _folded(first["overall_goal"]) == _folded(want["overall_goal"])  # the text under the seal stays
    for key in ("project", "funds"):
        assert first[key] == want[key], key
    codes = [w["code"] for w in first["warnings"] if w["code"] != "low_confidence"]
    assert codes == ["funds_unit_suspect", "cell_unplaced", "red_ink_ignored"]
