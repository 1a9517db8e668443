"""The font pdfium falls back on for a non-embedded CJK font: a box for every code point.

pdfium drops from its text page every text object whose glyph box is empty, and
without a font file for a non-embedded font (STSong-Light, SimSun …) and no CJK
font installed, every glyph box is empty: a text object of one glyph (a lone 无
in a cell) vanishes without a word. pdfium takes the glyph box from whatever
font it substitutes, so this module writes a TrueType font whose every glyph but
the spaces is a small box on the baseline, and that claims the Chinese, Japanese
and Korean code pages: pdfium's font mapper then always has a CJK face to
substitute. Widths still come from the PDF's /W, the text from its CMaps; the
box only keeps the glyph's object alive (a render shows a dot for each glyph).

    python -m jixiao.extract.pdf.fallback_font   # rewrites fonts/jixiao-fallback.ttf
"""

from __future__ import annotations

import struct
from pathlib import Path

FONT_DIR = Path(__file__).with_name("fonts")
FONT_PATH = FONT_DIR / "jixiao-fallback.ttf"
FAMILY = "Jixiao Fallback"
UNITS_PER_EM = 1000
ASCENT, DESCENT = 880, -120
# xMin, yMin, xMax, yMax of the box glyph: small, as pdfium widens a char's loose box to its glyph's,
# and inside the advance of the narrowest glyphs (a period in a proportional font)
BOX = (20, 0, 120, 100)
SPACES = (0x0020, 0x00A0, 0x3000)  # mapped to the empty glyph: a space has no ink, here as in any font
# OS/2 ulCodePageRange1: Latin 1, JIS, GB 2312, Korean Wansung, Big5, Korean Johab
CODE_PAGES = (1 << 0) | (1 << 17) | (1 << 18) | (1 << 19) | (1 << 20) | (1 << 21)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _box_glyph() -> bytes:
    x0, y0, x1, y1 = BOX
    points = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]  # clockwise: filled in TrueType
    deltas, previous = [], (0, 0)
    for x, y in points:
        deltas.append((x - previous[0], y - previous[1]))
        previous = (x, y)
    head = struct.pack(">hhhhhH", 1, x0, y0, x1, y1, len(points) - 1) + struct.pack(">H", 0)
    flags = bytes([0x01] * len(points))  # on-curve, coordinates as shorts
    xs = b"".join(struct.pack(">h", dx) for dx, _ in deltas)
    ys = b"".join(struct.pack(">h", dy) for _, dy in deltas)
    return head + flags + xs + ys


def _cmap() -> bytes:
    """Format 13 (many-to-one ranges): the spaces → glyph 1 (empty), every other code point → glyph 2
    (the box). pdfium gives no box to a code its font maps to .notdef, so the box is a glyph of its own."""
    groups: list[tuple[int, int, int]] = []
    start = 0x21
    for space in [*SPACES, 0xD800]:
        if start < space:
            groups.append((start, space - 1, 2))
        if space != 0xD800:
            groups.append((space, space, 1))
        start = space + 1
    groups.append((0xE000, 0x10FFFF, 2))
    groups.sort()
    body = b"".join(struct.pack(">III", *group) for group in groups)
    subtable = struct.pack(">HHIII", 13, 0, 16 + len(body), 0, len(groups)) + body
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + subtable


def _name() -> bytes:
    names = {1: FAMILY, 2: "Regular", 4: FAMILY, 6: FAMILY.replace(" ", "")}
    records, strings = b"", b""
    for platform, encoding, language, codec in ((1, 0, 0, "mac_roman"), (3, 1, 0x409, "utf-16-be")):
        for name_id, text in names.items():
            raw = text.encode(codec)
            records += struct.pack(">HHHHHH", platform, encoding, language, name_id, len(raw), len(strings))
            strings += raw
    count = 2 * len(names)
    return struct.pack(">HHH", 0, count, 6 + 12 * count) + records + strings


def _os2() -> bytes:
    return struct.pack(
        ">HhHHHhhhhhhhhhhh10s4I4sHHHhhhHHII",
        1, UNITS_PER_EM, 400, 5, 0,  # version, xAvgCharWidth, weight, width class, fsType (installable)
        500, 500, 0, 0, 500, 500, 0, 500, 50, 250,  # sub/superscript sizes and offsets, strikeout
        0, b"\0" * 10, 0, 0, 0, 0, b"JXFB", 0x40,  # family class, panose, unicode ranges, vendor, fsSelection
        0x20, 0xFFFD, ASCENT, DESCENT, 0, ASCENT, -DESCENT, CODE_PAGES, 0,
    )


def font_bytes() -> bytes:
    """The font file, the same bytes every time."""
    box = _box_glyph()
    box += b"\0" * (len(box) % 2)
    x0, y0, x1, y1 = BOX
    tables = {
        "OS/2": _os2(),
        "cmap": _cmap(),
        "glyf": box + box,  # .notdef, then (after the empty glyph 1) the box
        "head": struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UNITS_PER_EM,
                            0, 0, x0, y0, x1, y1, 0, 8, 2, 0, 0),
        "hhea": struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, ASCENT, DESCENT, 0, UNITS_PER_EM, x0,
                            UNITS_PER_EM - x1, x1, 1, 0, 0, 0, 0, 0, 0, 0, 3),
        "hmtx": struct.pack(">HhHhHh", UNITS_PER_EM, x0, UNITS_PER_EM, 0, UNITS_PER_EM, x0),
        "loca": struct.pack(">HHHH", 0, len(box) // 2, len(box) // 2, len(box)),
        "maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, 3, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        "name": _name(),
        "post": struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0),
    }
    n = len(tables)
    search = 2 ** (n.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, n, 16 * search, search.bit_length() - 1, 16 * n - 16 * search)
    offset = len(header) + 16 * n
    directory, data = b"", b""
    for tag in sorted(tables):
        table = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("ascii"), _checksum(table), offset + len(data), len(table))
        data += table + b"\0" * (-len(table) % 4)
    font = bytearray(header + directory + data)
    head_at = offset + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in sorted(tables) if t < "head")
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


if __name__ == "__main__":
    FONT_DIR.mkdir(exist_ok=True)
    FONT_PATH.write_bytes(font_bytes())
    print(f"wrote {FONT_PATH} ({FONT_PATH.stat().st_size} bytes)")
