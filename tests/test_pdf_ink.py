"""A page whose words are partly drawn as images: a cell whose ink no text covers is OCR'd or
warned (`ink_unread`), never left silently blank (extract/pdf/ink.py)."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdfgen import ASCENT, PdfOptions, write_pdf  # noqa: E402
from test_generated_pdf import PdfCase, build  # noqa: E402

from jixiao import records_from_path  # noqa: E402
from jixiao.extract.model import Cell, ExtractedDocument  # noqa: E402
from jixiao.extract.options import ReadOptions  # noqa: E402
from jixiao.extract.pdf.reader import OCR_DONE, _read_ink  # noqa: E402
from jixiao.extract.pdf.pdfium_source import PageContent  # noqa: E402
from jixiao.extract.pdf.settings import PdfSettings  # noqa: E402

WORD = "无"  # the 指标值 of 社会负面舆情 on page 1, printed as a picture of a word instead of text


def _word_as_image(tmp_path: Path) -> Path:
    """lines-plain-s0 with the run of WORD on page 1 left out and a grey picture drawn in its place."""
    layout = copy.deepcopy(build(PdfCase("lines-plain-s0", 0, "clean", PdfOptions(style="lines", seed=0))).layout)
    page = layout.pages[0]
    [run] = [r for r in page.runs if r.text == WORD]
    page.runs.remove(run)
    printed = write_pdf(layout, tmp_path / "printed.pdf")
    writer = PdfWriter(clone_from=PdfReader(printed))
    target = writer.pages[0]
    picture = DecodedStreamObject()
    picture.set_data(bytes([0, 255] * 32))  # 8 × 8 grey-level pixels: stripes of ink
    picture.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                    NameObject("/Width"): NumberObject(8), NameObject("/Height"): NumberObject(8),
                    NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                    NameObject("/BitsPerComponent"): NumberObject(8)})
    resources = target["/Resources"]
    resources[NameObject("/XObject")] = DictionaryObject({NameObject("/Im1"): writer._add_object(picture)})
    y = layout.height - run.baseline - (1 - ASCENT) * run.size
    drawn = DecodedStreamObject()
    drawn.set_data(f"q {run.size} 0 0 {run.size} {run.x} {y} cm /Im1 Do Q".encode("ascii"))
    target.merge_page(_page_with(writer, drawn, target))
    out = tmp_path / "word-as-image.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def _page_with(writer: PdfWriter, stream: DecodedStreamObject, like):  # noqa: ANN001, ANN202
    page = writer.add_blank_page(float(like.mediabox.width), float(like.mediabox.height))
    page[NameObject("/Resources")] = like["/Resources"]
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.remove_page(len(writer.pages) - 1)
    return page


def _ink_warnings(records: list[dict]) -> list[tuple[int, str]]:
    return sorted({(w["page"], w["message"]) for r in records for w in r["warnings"] if w["code"] == "ink_unread"})


def test_a_word_drawn_as_an_image_is_warned_not_silently_blank(tmp_path: Path) -> None:
    pdf = _word_as_image(tmp_path)
    for mode, why in (("never", "OCR is off"),
                      ("auto", "the page's text is in fonts it does not embed: not OCR'd")):
        records = records_from_path(pdf, ReadOptions(ocr=mode))
        assert _ink_warnings(records) == [(1, f"page 1: 1 cells hold ink no text covers (words drawn as images?): "
                                              f"row 12 column 5 (blank): their text may be missing ({why})")]
        [row] = [i for i in records[0]["indicators"] if i["level3"] == "社会负面舆情"]
        assert row["target"] is None


def test_the_unchanged_print_has_no_ink_warning(tmp_path: Path) -> None:
    built = build(PdfCase("lines-plain-s0", 0, "clean", PdfOptions(style="lines", seed=0)))
    assert _ink_warnings(records_from_path(write_pdf(built.layout, tmp_path / "plain.pdf"))) == []


class _FakeOcr:
    def __init__(self) -> None:
        self.pages: list[int] = []

    def read(self, page_no: int, document: ExtractedDocument) -> None:
        self.pages.append(page_no)
        document.page_methods[page_no] = "pdf-ocr"


def test_a_page_that_renders_its_text_is_ocr_d_under_auto() -> None:
    document = ExtractedDocument(path="x.pdf", sha256="", method="pdf-text")
    ocr = _FakeOcr()
    content = PageContent(width=100, height=100, renders_text=True)
    assert _read_ink(content, 3, PdfSettings(), document, ocr) == OCR_DONE  # type: ignore[arg-type]
    assert ocr.pages == [3] and document.page_methods == {3: "pdf-ocr"}
    assert Cell("", 0, 0).is_empty
