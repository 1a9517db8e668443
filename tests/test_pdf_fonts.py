"""No glyph lost to a missing font, whatever fonts the machine has (extract/pdf/fonts.py, glyph_check.py).

tests/pdfgen.py prints its text in the non-embedded font STSong-Light, as many government
PDFs do. pdfium does not read fonts through fontconfig: it scans the folders it was started
with, so each reading below runs in a subprocess whose pdfium is started with the folders the
test chooses — none at all (no font visible, whatever is installed), or only the fallback
font. The control proves the hiding works: with no folder, pdfium's own text page loses the
one-glyph runs, as it does on a machine without a CJK font.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdfgen import PdfOptions, write_pdf  # noqa: E402
from test_generated_pdf import PdfCase, build, compare  # noqa: E402

from jixiao.extract.pdf.fallback_font import FONT_DIR, FONT_PATH, font_bytes  # noqa: E402

CASE = PdfCase("lines-plain-s0", 0, "clean", PdfOptions(style="lines", seed=0))

_READ = """
import json, sys
import pypdfium2 as pdfium, pypdfium2.raw as raw
from jixiao.extract.pdf.fonts import configure_pdfium
from jixiao import records_from_path
setup = configure_pdfium(json.loads(sys.argv[2]))
document = pdfium.PdfDocument(sys.argv[1])
counts = []
for page in document:
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    counts.append(sum(not ch.isspace() for ch in text))
    textpage.close()
    page.close()
document.close()
print(json.dumps({"fallback_works": setup.fallback_works, "pdfium_glyphs": counts,
                  "records": records_from_path(sys.argv[1])}, ensure_ascii=False))
"""


def _read_in_subprocess(pdf: Path, font_dirs: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", _READ, str(pdf), json.dumps(font_dirs)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int], list[int]]:
    """The PDF, its printed glyph count per page, and its count of one-glyph runs per page."""
    built = build(CASE)
    pdf = write_pdf(built.layout, tmp_path_factory.mktemp("fonts") / "lines-plain-s0.pdf")
    glyphs = [sum(not ch.isspace() for run in page.runs for ch in run.text) for page in built.layout.pages]
    lone = [sum(len(run.text.strip()) == 1 for run in page.runs) for page in built.layout.pages]
    return pdf, glyphs, lone


def test_the_shipped_fallback_font_is_the_generated_one() -> None:
    assert FONT_PATH.read_bytes() == font_bytes()


def test_with_no_font_visible_pdfium_loses_the_lone_glyphs_and_the_reader_recovers_them(printed) -> None:
    pdf, glyphs, lone = printed
    assert lone == [2, 1, 0]  # the case prints one-glyph values (无 …) on pages 1 and 2
    got = _read_in_subprocess(pdf, [])
    assert got["fallback_works"] is False
    lost = [printed_n - seen for printed_n, seen in zip(glyphs, got["pdfium_glyphs"], strict=True)]
    assert lost == lone  # the control: hiding the fonts reproduces the drop of every one-glyph run
    warned = sorted({(w["code"], w["page"]) for r in got["records"] for w in r["warnings"]
                     if w["code"] == "glyphs_missing"})
    assert warned == [("glyphs_missing", 1), ("glyphs_missing", 2)]
    for record in got["records"]:
        record["warnings"] = [w for w in record["warnings"] if w["code"] != "glyphs_missing"]
    assert compare(got["records"], build(CASE).expected) == []


def test_with_only_the_fallback_font_no_glyph_is_lost(printed) -> None:
    pdf, glyphs, _ = printed
    got = _read_in_subprocess(pdf, [str(FONT_DIR)])
    assert got["fallback_works"] is True
    assert got["pdfium_glyphs"] == glyphs
    assert compare(got["records"], build(CASE).expected) == []  # no warning either


def test_this_process_keeps_a_lone_glyph() -> None:
    from jixiao.extract.pdf.fonts import configure_pdfium, lone_glyph_survives

    if sys.platform.startswith("linux"):
        assert configure_pdfium().fallback_works
    assert lone_glyph_survives() == configure_pdfium().fallback_works
