"""Which fonts pdfium may substitute for a font a PDF does not embed — the same on every machine.

pdfium drops from its text page every text object whose glyph box is empty
(CPDF_TextPage skips objects narrower than an epsilon), and a glyph box comes
from the font that draws it. For a non-embedded font (STSong-Light, SimSun …)
that font is whatever pdfium finds installed: on a machine without a CJK font
every box of a Chinese glyph is empty, and a text object of one glyph (a lone
无 in a cell) vanishes; an installed CJK font that lacks a rare character loses
that one. So pdfium is started with one font folder, this package's, holding the
fallback font (a box for every code point but the spaces, fallback_font.py), and
none of the machine's: what pdfium reads is the same on every machine. (Standard
Latin fonts come from pdfium's own built-in set, as before; a render shows a dot
for a non-embedded CJK glyph.) A self-test on a one-glyph page then says whether
the fallback took (it cannot on a platform whose pdfium ignores the folder, or
when pdfium was in use before); where it did not, a page with text objects left
out is read again by pdfminer (reader.py).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .fallback_font import FONT_DIR

# the folders given replace pdfium's own list (on Linux /usr/share/fonts, /usr/local/share/fonts …)


@dataclass(frozen=True, slots=True)
class FontSetup:
    dirs: tuple[str, ...] | None  # the folders pdfium scans; None when it kept its own (not restarted)
    fallback_works: bool  # a lone non-embedded CJK glyph reaches the text page


_setup: FontSetup | None = None


def default_dirs() -> tuple[str, ...]:
    return (str(FONT_DIR),)


def _pdfium_in_use() -> bool:
    from pypdfium2.internal import bases

    return any(refs for refs in bases.ObjectTracker.values())


def _restart_pdfium(dirs: Sequence[str]) -> None:
    """pypdfium2 starts pdfium at import with no folders given; start it again with `dirs`."""
    from pypdfium2 import _library_scope
    from pypdfium2.internal import bases

    _library_scope.destroy_lib()
    buffers = [ctypes.create_string_buffer(d.encode()) for d in dirs]
    paths = (ctypes.POINTER(ctypes.c_char) * (len(dirs) + 1))(
        *[ctypes.cast(b, ctypes.POINTER(ctypes.c_char)) for b in buffers], None)
    config = raw.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=paths, m_pIsolate=None, m_v8EmbedderSlot=0)
    raw.FPDF_InitLibraryWithConfig(config)  # the folders are copied at once: the buffers may go
    bases.LIBRARY_AVAILABLE = True


def one_glyph_pdf(text: str = "无") -> bytes:
    """A page whose only text is one glyph of the non-embedded font STSong-Light."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        None,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    stream = f"BT /F1 12 Tf 1 0 0 1 10 50 Tm <{text.encode('utf-16-be').hex()}> Tj ET".encode("ascii")
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def lone_glyph_survives() -> bool:
    """Does pdfium, as it is set up now, keep a lone non-embedded CJK glyph in its text page?"""
    document = pdfium.PdfDocument(one_glyph_pdf())
    try:
        page = document[0]
        textpage = page.get_textpage()
        try:
            return raw.FPDFText_CountChars(textpage.raw) > 0
        finally:
            textpage.close()
            page.close()
    finally:
        document.close()


def configure_pdfium(dirs: Sequence[str] | None = None) -> FontSetup:
    """Set pdfium's font folders once per process (the first call wins), before any PDF is opened.
    `dirs` None: the fallback font's folder only; `()` hides every font (tests)."""
    global _setup
    if _setup is None:
        wanted = default_dirs() if dirs is None else tuple(dirs)
        restart = sys.platform.startswith("linux") and not _pdfium_in_use()
        if restart:
            _restart_pdfium(wanted)
        _setup = FontSetup(dirs=wanted if restart else None, fallback_works=lone_glyph_survives())
    return _setup
