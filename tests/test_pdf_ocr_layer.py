"""A scan that carries another program's invisible OCR layer: judged, and OCR'd again when poor
(extract/pdf/textlayer.py's judge_ocr_layer); a born-digital page never is (the generated PDFs'
records all say pdf-text, tests/test_generated_pdf.py)."""

from __future__ import annotations

from test_pdf_text_frame import REAL, needs_real

from jixiao.extract.model import PageTable
from jixiao.extract.pdf.reader import read_pdf
from jixiao.extract.pdf.settings import PdfSettings
from jixiao.extract.pdf.textlayer import TextLayerVerdict, is_ocr_layer, judge_ocr_layer


def test_only_hidden_text_over_a_page_image_is_an_ocr_layer() -> None:
    assert is_ocr_layer(glyphs=600, hidden=600, image_cover=1.0)
    assert not is_ocr_layer(glyphs=600, hidden=0, image_cover=1.0)  # visible text over a background
    assert not is_ocr_layer(glyphs=600, hidden=600, image_cover=0.3)  # invisible text beside a photo
    assert not is_ocr_layer(glyphs=0, hidden=0, image_cover=1.0)  # an image-only page: no layer at all


def test_an_ocr_layer_that_takes_letters_for_digits_is_poor() -> None:
    poor = list("截至20I5年末，担保Z0l5年4个月6日，共计l8间商铺，金额2,000万元")
    assert judge_ocr_layer(poor, has_rules=True) == TextLayerVerdict(
        False, "a poor OCR text layer over a page image: 3 of 7 numbers hold letters (20I5, Z0l5, l8)")
    good = list("截至2015年末，担保2015年4个月6日，共计18间商铺，金额2,000万元，PM2.5")
    assert judge_ocr_layer(good, has_rules=True) == TextLayerVerdict(True)
    assert judge_ocr_layer(good, has_rules=False) == TextLayerVerdict(
        False, "an OCR text layer over a page image whose rules are only in the image")


@needs_real
def test_a_scan_with_a_poor_ocr_layer_is_ocr_d_under_auto() -> None:
    document = read_pdf(REAL / "tests/pdfs/pr-136-example.pdf", PdfSettings(pages=(1,)))
    assert document.page_methods == {1: "pdf-ocr"}
    [table] = [b for b in document.blocks if isinstance(b, PageTable)]
    assert [[c.text for c in row] for row in table.rows] == [
        ["被担保\n单位", "金融机构", "担保融\n资金额\n(人民币万元)", "融资起始日", "融资到期日", "备注"],
        ["神鹰集团", "中信银行杭州分行", "2,000", "2015-09-07", "2016-03-07", ""],
    ]
